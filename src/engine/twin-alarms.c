/* twin-alarms.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "twin-alarms"

#include "config.h"

#include "twin-alarms.h"

/**
 * twin_alarms_edges:
 * @events: (out caller-allocates): room for one event per alarm
 *
 * Fills @events with one raise or clear per alarm that differs between
 * @before and @after, in #TwinAlarm order, stamped with @state.
 *
 * Returns: how many events were filled in
 */
guint
twin_alarms_edges (guint            before,
                   guint            after,
                   const TwinState *state,
                   TwinAlarmEvent   events[TWIN_N_ALARMS])
{
  guint changed = before ^ after;
  guint n = 0;

  g_return_val_if_fail (state != NULL, 0);
  g_return_val_if_fail (events != NULL, 0);

  if (G_LIKELY (changed == 0))
    return 0;

  for (guint i = 0; i < TWIN_N_ALARMS; i++)
    {
      TwinAlarm alarm = twin_alarm_from_index (i);
      TwinAlarmEvent *event;

      if (!(changed & alarm))
        continue;

      event = &events[n++];
      event->alarm = alarm;
      event->raised = (after & alarm) != 0;
      event->timestamp = state->timestamp;
      event->value = (alarm & (TWIN_ALARM_VIB_ZONE_C | TWIN_ALARM_VIB_ZONE_D))
                   ? state->vibration : state->temperature;
    }

  return n;
}
