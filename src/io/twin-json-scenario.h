/* twin-json-scenario.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "twin-scenario.h"

G_BEGIN_DECLS

TwinScenario *twin_json_scenario_parse (const char  *data,
                                        gsize        length,
                                        const char  *id,
                                        GError     **error);
TwinScenario *twin_json_scenario_load  (const char  *path,
                                        GError     **error);

G_END_DECLS
