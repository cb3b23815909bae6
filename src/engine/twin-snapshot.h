/* twin-snapshot.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "twin-fields.h"
#include "twin-model.h"

G_BEGIN_DECLS

typedef enum
{
  TWIN_ALARM_TEMP_WARNING = 1 << 0,
  TWIN_ALARM_TEMP_TRIP    = 1 << 1,
  TWIN_ALARM_VIB_ZONE_C   = 1 << 2,
  TWIN_ALARM_VIB_ZONE_D   = 1 << 3,
  TWIN_ALARM_TRIPPED      = 1 << 4,
} TwinAlarm;

#define TWIN_N_ALARMS 5

/* A run's id: a random UUID (g_uuid_string_random), 36 characters. */
#define TWIN_RUN_ID_LEN 36

/* An immutable copy of the engine's state: the only thing that crosses
 * from the engine to its observers, or from one thread to another. */
typedef struct
{
  char     model[32];
  char     run[TWIN_RUN_ID_LEN + 1];  /* new at every reset */
  guint64  seq;             /* model steps since the last reset */
  gint64   wall_time;       /* real time it was taken, µs since the epoch */
  double   timestamp;       /* simulated s */
  double   temperature;     /* °C, with measurement noise if enabled */
  double   vibration;       /* mm/s */
  double   rpm;
  double   wear;            /* 0..1 */
  double   rul_hours;
  double   ambient;         /* °C */
  double   rpm_setpoint;
  double   time_scale;
  TwinZone zone;
  guint    alarms;          /* TwinAlarm flags */
  gboolean tripped;
  TwinTripCause trip_cause;
  gboolean has_trips_in;    /* in zone D, not yet tripped: @trips_in holds */
  double   trips_in;        /* simulated s until the vibration trip */
  gboolean paused;
  gboolean cooling_degraded;
  gboolean bearing_defect;
} TwinSnapshot;

typedef struct
{
  TwinAlarm alarm;
  gboolean  raised;
  double    timestamp;      /* simulated s */
  double    value;          /* the temperature or vibration that set it off */
} TwinAlarmEvent;

const char *twin_alarm_get_name  (TwinAlarm alarm);
const char *twin_alarm_get_title (TwinAlarm alarm);
TwinAlarm   twin_alarm_from_index (guint   index);
guint       twin_alarm_get_index  (TwinAlarm alarm);

double      twin_snapshot_get_channel (const TwinSnapshot *snapshot,
                                       TwinChannel         channel);

G_END_DECLS
