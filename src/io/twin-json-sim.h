/* twin-json-sim.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cjson/cJSON.h>
#include <glib.h>

#include "twin-sim.h"

G_BEGIN_DECLS

cJSON    *twin_json_sim_object      (const TwinSim  *sim);
gboolean  twin_json_sim_from_object (const cJSON    *root,
                                     TwinSim        *sim,
                                     GError        **error);

G_END_DECLS
