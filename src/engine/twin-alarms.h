/* twin-alarms.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "twin-model.h"
#include "twin-snapshot.h"

G_BEGIN_DECLS

guint twin_alarms_evaluate (const double    *params,
                            const TwinState *state);
guint twin_alarms_edges    (guint            before,
                            guint            after,
                            const TwinState *state,
                            TwinAlarmEvent   events[TWIN_N_ALARMS]);

G_END_DECLS
