/* twin-snapshot.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "twin-snapshot.h"

static const struct {
  const char *name;
  const char *title;
} alarms[TWIN_N_ALARMS] = {
  { "temperature_warning", "Temperature warning" },
  { "temperature_trip",    "Temperature at trip level" },
  { "vibration_zone_c",    "Vibration in zone C" },
  { "vibration_zone_d",    "Vibration in zone D" },
  { "tripped",             "Machine tripped" },
};

TwinAlarm
twin_alarm_from_index (guint index)
{
  g_return_val_if_fail (index < TWIN_N_ALARMS, 0);

  return 1u << index;
}

/* The alarm's index in tables by alarm, such as a forecast's raise times. */
guint
twin_alarm_get_index (TwinAlarm alarm)
{
  g_return_val_if_fail (alarm != 0 && (alarm & (alarm - 1)) == 0, 0);
  g_return_val_if_fail (alarm < (1u << TWIN_N_ALARMS), 0);

  return (guint)g_bit_nth_lsf (alarm, -1);
}

/* The machine-readable name used in JSON and MQTT. */
const char *
twin_alarm_get_name (TwinAlarm alarm)
{
  return alarms[twin_alarm_get_index (alarm)].name;
}

const char *
twin_alarm_get_title (TwinAlarm alarm)
{
  return alarms[twin_alarm_get_index (alarm)].title;
}

/**
 * twin_snapshot_get_channel:
 *
 * Returns: the snapshot's value of @channel, in the channel's unit
 */
double
twin_snapshot_get_channel (const TwinSnapshot *snapshot,
                           TwinChannel         channel)
{
  switch (channel)
    {
    case TWIN_CHANNEL_TEMPERATURE:  return snapshot->temperature;
    case TWIN_CHANNEL_VIBRATION:    return snapshot->vibration;
    case TWIN_CHANNEL_RPM:          return snapshot->rpm;
    case TWIN_CHANNEL_WEAR:         return snapshot->wear;
    case TWIN_CHANNEL_AMBIENT:      return snapshot->ambient;
    case TWIN_CHANNEL_RPM_SETPOINT: return snapshot->rpm_setpoint;
    case TWIN_N_CHANNELS:
    default:                        g_return_val_if_reached (0);
    }
}
