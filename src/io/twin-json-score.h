/* twin-json-score.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "twin-score.h"

G_BEGIN_DECLS

char *twin_json_score_sheet (const TwinScenario *scenario,
                             TwinScore          *score);

G_END_DECLS
