/* twin-alarms.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "twin-model.h"
#include "twin-snapshot.h"

G_BEGIN_DECLS

/* Inline: it runs after every step. Returns the #TwinAlarm flags that
 * hold for @state under the thresholds in @params. */
static inline guint
twin_alarms_evaluate (const double    *params,
                      const TwinState *state)
{
  guint alarms = 0;

  if (state->temperature >= params[TWIN_PARAM_TEMP_WARNING])
    alarms |= TWIN_ALARM_TEMP_WARNING;
  if (state->temperature >= params[TWIN_PARAM_TEMP_TRIP])
    alarms |= TWIN_ALARM_TEMP_TRIP;
  if (state->vibration >= params[TWIN_PARAM_ZONE_B_MAX])
    alarms |= TWIN_ALARM_VIB_ZONE_C;
  if (state->vibration >= params[TWIN_PARAM_ZONE_C_MAX])
    alarms |= TWIN_ALARM_VIB_ZONE_D;
  if (state->tripped)
    alarms |= TWIN_ALARM_TRIPPED;

  return alarms;
}

guint twin_alarms_edges    (guint            before,
                            guint            after,
                            const TwinState *state,
                            TwinAlarmEvent   events[TWIN_N_ALARMS]);

G_END_DECLS
