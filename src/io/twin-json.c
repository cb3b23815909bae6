/* twin-json.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The wire formats of DESIGN.md, shared by MQTT and REST.
 */

#define G_LOG_DOMAIN "twin-json"

#include "config.h"

#include <float.h>
#include <locale.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "twin-json.h"

/* A state prints to about 400 bytes, 1200 with a forecast. */
#define STATE_BUF_SIZE 4096

G_DEFINE_QUARK (twin-json-error-quark, twin_json_error)

/**
 * twin_json_number:
 *
 * A JSON number that always reads back as a float: cJSON prints 65.0 as
 * "65", which a Python client of the tutorial would take for an int. The
 * shortest text that reads back to the same double, with ".0" where it
 * would otherwise look like an integer. Never NaN or Infinity: those
 * become null, which no code path of Twinscope should ever produce.
 */
static locale_t
c_locale (void)
{
  static gsize locale;

  if (g_once_init_enter (&locale))
    g_once_init_leave (&locale, (gsize)newlocale (LC_NUMERIC_MASK, "C", (locale_t)0));

  return (locale_t)locale;
}

/* Numbers with at most three decimals (inputs, time scale, most
 * timestamps) are written with integer arithmetic, and kept only when they
 * read back exactly; printf's float formatting is the slow part of a state. */
static gboolean
format_short (double  value,
              char   *buf,
              gsize   size)
{
  static const double scales[] = { 1, 10, 100, 1000 };

  for (guint d = 0; d < G_N_ELEMENTS (scales); d++)
    {
      double scaled = value * scales[d];
      gint64 n, unit;

      if (!(fabs (scaled) < 1e15) || scaled != floor (scaled))
        continue;

      n = (gint64)scaled;
      unit = (gint64)scales[d];
      if (d == 0)
        g_snprintf (buf, size, "%" G_GINT64_FORMAT ".0", n);
      else
        g_snprintf (buf, size, "%s%" G_GINT64_FORMAT ".%0*" G_GINT64_FORMAT,
                    n < 0 ? "-" : "", ABS (n) / unit, (int)d, ABS (n) % unit);

      return strtod (buf, NULL) == value;
    }

  return FALSE;
}

cJSON *
twin_json_number (double value)
{
  char buf[32];
  locale_t old;

  if (!isfinite (value))
    {
      g_critical ("Refusing to write a non-finite number to JSON");
      return cJSON_CreateNull ();
    }

  /* The C locale's decimal point whatever the user's locale; switched per
   * thread, which costs far less than g_ascii_formatd's fix-ups. */
  old = uselocale (c_locale ());
  if (!format_short (value, buf, sizeof buf))
    {
      snprintf (buf, sizeof buf - 2, "%.15g", value);
      if (strtod (buf, NULL) != value)
        snprintf (buf, sizeof buf - 2, "%.17g", value);
      if (strpbrk (buf, ".eEn") == NULL)
        strcat (buf, ".0");
    }
  uselocale (old);

  return cJSON_CreateRaw (buf);
}

static void
format_time (gint64  wall_time,
             char   *buf,
             gsize   size)
{
  time_t seconds = (time_t)(wall_time / G_USEC_PER_SEC);
  struct tm tm;

  gmtime_r (&seconds, &tm);
  g_snprintf (buf, size, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
              tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
              (int)((wall_time % G_USEC_PER_SEC) / 1000));
}

/* An integer as cJSON would print it, without its float formatting and
 * read-back on the hot path of every state. */
static cJSON *
integer (gint64 value)
{
  char buf[32];

  g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, value);
  return cJSON_CreateRaw (buf);
}

/**
 * twin_json_state_object:
 *
 * DESIGN.md's state: the tutorial's four keys first, with its types
 * (rpm an integer, the others floats), then Twinscope's own.
 */
cJSON *
twin_json_state_object (const TwinSnapshot *s)
{
  cJSON *root = cJSON_CreateObject ();
  cJSON *alarms = cJSON_CreateArray ();
  cJSON *faults = cJSON_CreateObject ();
  char zone[2] = { twin_zone_letter (s->zone), '\0' };
  char time[64];

  cJSON_AddItemToObject (root, twin_channels[TWIN_CHANNEL_TEMPERATURE].name, twin_json_number (s->temperature));
  cJSON_AddItemToObject (root, twin_channels[TWIN_CHANNEL_VIBRATION].name, twin_json_number (s->vibration));
  cJSON_AddItemToObject (root, twin_channels[TWIN_CHANNEL_RPM].name, integer ((gint64)llround (s->rpm)));
  cJSON_AddItemToObject (root, "timestamp", twin_json_number (s->timestamp));
  cJSON_AddItemToObject (root, twin_channels[TWIN_CHANNEL_AMBIENT].name, twin_json_number (s->ambient));
  cJSON_AddItemToObject (root, twin_channels[TWIN_CHANNEL_RPM_SETPOINT].name, twin_json_number (s->rpm_setpoint));
  cJSON_AddItemToObject (root, twin_channels[TWIN_CHANNEL_WEAR].name, twin_json_number (s->wear));
  cJSON_AddItemToObject (root, "rul_hours", twin_json_number (s->rul_hours));
  cJSON_AddStringToObject (root, "zone", zone);
  cJSON_AddBoolToObject (root, "tripped", s->tripped);
  cJSON_AddItemToObject (root, "trip_cause", s->tripped && twin_trip_cause_to_string (s->trip_cause) != NULL
                                              ? cJSON_CreateString (twin_trip_cause_to_string (s->trip_cause))
                                              : cJSON_CreateNull ());
  cJSON_AddItemToObject (root, "trips_in", s->has_trips_in ? twin_json_number (s->trips_in) : cJSON_CreateNull ());

  for (guint i = 0; i < TWIN_N_ALARMS; i++)
    {
      TwinAlarm alarm = twin_alarm_from_index (i);

      if (s->alarms & alarm)
        cJSON_AddItemToArray (alarms, cJSON_CreateString (twin_alarm_get_name (alarm)));
    }
  cJSON_AddItemToObject (root, "alarms", alarms);

  cJSON_AddBoolToObject (faults, "cooling_degraded", s->cooling_degraded);
  cJSON_AddBoolToObject (faults, "bearing_defect", s->bearing_defect);
  cJSON_AddItemToObject (root, "faults", faults);
  cJSON_AddBoolToObject (root, "paused", s->paused);
  cJSON_AddItemToObject (root, "time_scale", twin_json_number (s->time_scale));
  cJSON_AddStringToObject (root, "model", s->model);
  cJSON_AddItemToObject (root, "seq", integer ((gint64)s->seq));
  cJSON_AddStringToObject (root, "run", s->run);

  format_time (s->wall_time, time, sizeof time);
  cJSON_AddStringToObject (root, "time", time);

  return root;
}

static char *
print_and_delete (cJSON *root)
{
  char *text = cJSON_PrintUnformatted (root);
  char *ret = g_strdup (text);

  cJSON_free (text);
  cJSON_Delete (root);
  return ret;
}

/**
 * twin_json_encode_alarm:
 * @run: the run in which it was raised or cleared
 *
 * An alarm's raise or clear, as published on <prefix>/alarms.
 */
char *
twin_json_encode_alarm (const TwinAlarmEvent *event,
                        const char           *run)
{
  cJSON *root = cJSON_CreateObject ();

  cJSON_AddStringToObject (root, "alarm", twin_alarm_get_name (event->alarm));
  cJSON_AddBoolToObject (root, "raised", event->raised);
  cJSON_AddItemToObject (root, "timestamp", twin_json_number (event->timestamp));
  cJSON_AddItemToObject (root, "value", twin_json_number (event->value));
  cJSON_AddStringToObject (root, "title", twin_alarm_get_title (event->alarm));
  cJSON_AddStringToObject (root, "run", run);
  return print_and_delete (root);
}

/**
 * twin_json_encode_reset_event:
 * @ended_at: simulated s the previous run had reached
 * @wall_time: when the reset happened, µs since the epoch
 *
 * A reset, as published on <prefix>/events.
 */
char *
twin_json_encode_reset_event (const char *run,
                              const char *previous_run,
                              double      ended_at,
                              gint64      wall_time)
{
  cJSON *root = cJSON_CreateObject ();
  char time[64];

  format_time (wall_time, time, sizeof time);
  cJSON_AddStringToObject (root, "event", "reset");
  cJSON_AddStringToObject (root, "run", run);
  cJSON_AddStringToObject (root, "previous_run", previous_run);
  cJSON_AddItemToObject (root, "timestamp", twin_json_number (ended_at));
  cJSON_AddStringToObject (root, "time", time);
  return print_and_delete (root);
}

static char *
encode_state (const TwinSnapshot *snapshot,
              const char         *forecast,
              guint64             msg_seq)
{
  cJSON *root = twin_json_state_object (snapshot);
  char buf[STATE_BUF_SIZE];
  char *ret;

  /* Encoded once per forecast, spliced into every state until the next. */
  cJSON_AddItemToObject (root, "forecast", forecast != NULL ? cJSON_CreateRaw (forecast) : cJSON_CreateNull ());
  if (msg_seq > 0)
    cJSON_AddItemToObject (root, "msg_seq", integer ((gint64)msg_seq));

  /* Printed into a buffer on the stack, then copied once. */
  if (cJSON_PrintPreallocated (root, buf, sizeof buf, FALSE))
    ret = g_strdup (buf);
  else
    {
      char *text = cJSON_PrintUnformatted (root);

      ret = g_strdup (text);
      cJSON_free (text);
    }
  cJSON_Delete (root);
  return ret;
}

/**
 * twin_json_encode_state:
 * @forecast: (nullable): the "forecast" object as text
 *   (twin_json_encode_forecast()), or %NULL before the first forecast
 *
 * Returns: (transfer full): the state as REST, /ws and --headless give it
 */
char *
twin_json_encode_state (const TwinSnapshot *snapshot,
                        const char         *forecast)
{
  return encode_state (snapshot, forecast, 0);
}

/**
 * twin_json_encode_mqtt_state:
 * @forecast: (nullable): as for twin_json_encode_state()
 * @msg_seq: the message's number on <prefix>/state, from 1
 *
 * Returns: (transfer full): the state with "msg_seq" last, as MQTT
 *   publishes it
 */
char *
twin_json_encode_mqtt_state (const TwinSnapshot *snapshot,
                             const char         *forecast,
                             guint64             msg_seq)
{
  g_return_val_if_fail (msg_seq > 0, NULL);

  return encode_state (snapshot, forecast, msg_seq);
}

/**
 * twin_json_count:
 *
 * Returns: (transfer full): a 64-bit count (steps, a seed) as JSON: a
 *   decimal string, since JSON numbers lose integers above 2^53
 */
cJSON *
twin_json_count (guint64 value)
{
  char buf[24];

  g_snprintf (buf, sizeof buf, "%" G_GUINT64_FORMAT, value);
  return cJSON_CreateString (buf);
}

/**
 * twin_json_get_count:
 *
 * Reads back what twin_json_count() wrote.
 */
gboolean
twin_json_get_count (const cJSON *item,
                     guint64     *out)
{
  char *end = NULL;

  if (!cJSON_IsString (item) || !g_ascii_isdigit (item->valuestring[0]))
    return FALSE;
  errno = 0;
  *out = g_ascii_strtoull (item->valuestring, &end, 10);
  return errno == 0 && *end == '\0';
}
