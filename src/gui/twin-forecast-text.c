/* twin-forecast-text.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a forecast says, in words: the readouts' headline of the course
 * ahead and the what-if caption of a branch.
 */

#define G_LOG_DOMAIN "twin-forecast-text"

#include "config.h"

#include <glib/gi18n.h>

#include <math.h>

#include "twin-format.h"
#include "twin-forecast-text.h"

/* The warnings a forecast names, before the trip. */
static const TwinAlarm warnings[] = { TWIN_ALARM_TEMP_WARNING, TWIN_ALARM_VIB_ZONE_C, TWIN_ALARM_VIB_ZONE_D };

/* Seconds from the forecast's start to @t, or NAN. */
static double
ahead (const TwinForecast *forecast,
       double              t)
{
  return isfinite (t) ? MAX (t - forecast->start, 0) : NAN;
}

static double
trip_ahead (const TwinForecast *forecast)
{
  double t = forecast->tripped;

  if (!isfinite (t))
    t = forecast->raised[twin_alarm_get_index (TWIN_ALARM_TRIPPED)];
  return ahead (forecast, t);
}

/* The first warning within the horizon, if any. */
static gboolean
first_warning (const TwinForecast *forecast,
               TwinAlarm          *alarm,
               double             *seconds)
{
  gboolean found = FALSE;

  for (guint w = 0; w < G_N_ELEMENTS (warnings); w++)
    {
      double s = ahead (forecast, forecast->raised[twin_alarm_get_index (warnings[w])]);

      if (isfinite (s) && (!found || s < *seconds))
        {
          found = TRUE;
          *alarm = warnings[w];
          *seconds = s;
        }
    }

  return found;
}

static void
append_part (GString    *out,
             const char *part)
{
  if (out->len > 0)
    g_string_append (out, " · ");
  g_string_append (out, part);
}

static char *
horizon_text (const TwinForecast *forecast)
{
  g_autofree char *h = twin_format_time_ahead (forecast->horizon);

  return g_strdup_printf (_("No alarm within %s"), h);
}

static char *
headline (const TwinForecast *course,
          guint               alarms_now)
{
  g_autofree char *warning_text = NULL;
  g_autofree char *trip_text = NULL;
  TwinAlarm alarm;
  double warning_s = NAN;
  double trip_s = trip_ahead (course);

  if (isfinite (trip_s))
    trip_text = twin_format_time_ahead (trip_s);
  if (first_warning (course, &alarm, &warning_s))
    warning_text = twin_format_time_ahead (warning_s);

  if (warning_text != NULL && trip_text != NULL)
    return g_strdup_printf (_("Warning in %s · trips in %s"), warning_text, trip_text);
  if (trip_text != NULL)
    return g_strdup_printf (_("Trips in %s"), trip_text);
  if (warning_text != NULL)
    return g_strdup_printf (_("Warning in %s"), warning_text);
  if (alarms_now & TWIN_ALARM_TRIPPED)
    return g_strdup (_("Stopped until the trip is reset"));
  if (alarms_now != 0)
    {
      g_autofree char *h = twin_format_time_ahead (course->horizon);

      return g_strdup_printf (_("Alarm now · no trip within %s"), h);
    }
  return horizon_text (course);
}

/**
 * twin_forecast_text_headline:
 * @alarms_now: the live TwinAlarm flags, which the forecast does not raise again
 *
 * Returns: the course ahead in a few words: "Warning in 3 min 12 s",
 *   "Trips in 41 s", "Warning in 2 min · trips in 4 min 40 s",
 *   "No alarm within 10 min" or, tripped, "Stopped until the trip is reset"
 */
char *
twin_forecast_text_headline (const TwinForecast *course,
                             guint               alarms_now)
{
  g_return_val_if_fail (course != NULL, NULL);

  return headline (course, alarms_now);
}

/**
 * twin_forecast_text_runs:
 * @ensemble: (nullable): the course's
 *
 * Returns: (nullable): how many of the ensemble's runs trip when the
 *   course itself does not, "9 of 64 runs trip within 10 min", or %NULL
 */
char *
twin_forecast_text_runs (const TwinForecast *course,
                         const TwinEnsemble *ensemble,
                         guint               alarms_now)
{
  const TwinQuantiles *trips;
  g_autofree char *h = NULL;

  g_return_val_if_fail (course != NULL, NULL);

  if (ensemble == NULL || isfinite (trip_ahead (course)) || (alarms_now & TWIN_ALARM_TRIPPED))
    return NULL;

  trips = &ensemble->raised[twin_alarm_get_index (TWIN_ALARM_TRIPPED)];
  if (trips->n_happened == 0)
    return NULL;

  h = twin_format_time_ahead (course->horizon);
  return g_strdup_printf (g_dngettext (NULL, "%u of %u run trips within %s", "%u of %u runs trip within %s", trips->n_members), trips->n_happened, trips->n_members, h);
}

/* An event's spread over the members, or NULL when none has it. */
static char *
quantiles_text (const TwinEnsemble    *ensemble,
                const TwinQuantiles   *q,
                const char            *event)
{
  g_autofree char *p10 = NULL;
  g_autofree char *p50 = NULL;
  g_autofree char *range = NULL;

  if (q->n_happened == 0 || !isfinite (q->p10))
    return NULL;

  p10 = twin_format_time_ahead (q->p10 - ensemble->start);
  if (!isfinite (q->p50))
    return g_strdup_printf (g_dngettext (NULL, "%u of %u run %s, the first in %s", "%u of %u runs %s, the first in %s", q->n_members), q->n_happened, q->n_members, event, p10);

  p50 = twin_format_time_ahead (q->p50 - ensemble->start);
  if (!isfinite (q->p90))
    return g_strdup_printf (_("%s in %s or later, most likely %s"), event, p10, p50);

  range = twin_format_time_range (q->p10 - ensemble->start, q->p90 - ensemble->start);
  return g_strdup_printf (_("%s in %s, most likely %s"), event, range, p50);
}

/**
 * twin_forecast_text_range:
 *
 * Returns: how sure the ensemble is of the trip (or, when no member
 *   trips, of the first warning) and of RUL: "trips in 4–6 min, most
 *   likely 4 min 50 s · RUL 380–460 h"
 */
char *
twin_forecast_text_range (const TwinEnsemble *ensemble)
{
  GString *out = g_string_new (NULL);
  g_autofree char *event = NULL;
  g_autofree char *lo = NULL;
  g_autofree char *hi = NULL;
  g_autofree char *rul = NULL;

  g_return_val_if_fail (ensemble != NULL, NULL);

  event = quantiles_text (ensemble, &ensemble->raised[twin_alarm_get_index (TWIN_ALARM_TRIPPED)], _("trips"));
  for (guint w = 0; event == NULL && w < G_N_ELEMENTS (warnings); w++)
    event = quantiles_text (ensemble, &ensemble->raised[twin_alarm_get_index (warnings[w])],
                            warnings[w] == TWIN_ALARM_TEMP_WARNING ? _("warns") : _("vibration alarms"));
  if (event == NULL)
    {
      g_autofree char *h = twin_format_time_ahead (ensemble->horizon);

      event = g_strdup_printf (g_dngettext (NULL, "no run of %u alarms within %s", "no run of %u alarms within %s", ensemble->n_members), ensemble->n_members, h);
    }
  append_part (out, event);

  lo = twin_format_grouped (ensemble->rul_hours.p10, 0);
  hi = twin_format_grouped (ensemble->rul_hours.p90, 0);
  rul = g_str_equal (lo, hi) ? g_strdup_printf (_("RUL %s h"), lo)
                             : g_strdup_printf (_("RUL %s–%s h"), lo, hi);
  append_part (out, rul);

  return g_string_free (out, FALSE);
}

/**
 * twin_forecast_text_caption:
 * @ensemble: (nullable): the branch's, for the range
 * @warning: the temperature warning threshold, °C
 * @rul_now: the live remaining useful life, h
 *
 * Returns: what a branch will do: "Temperature reaches the 85 °C warning
 *   in 3 min 12 s · trips at 4 min 40 s · RUL 1 850 h → 420 h", and with
 *   an ensemble its range: "(P10–P90: trips in 4–6 min, most likely
 *   4 min 50 s · RUL 380–460 h)"
 */
char *
twin_forecast_text_caption (const TwinForecast *branch,
                            const TwinEnsemble *ensemble,
                            double              warning,
                            double              rul_now)
{
  GString *out = g_string_new (NULL);
  g_autofree char *rul_a = NULL;
  g_autofree char *rul_b = NULL;
  g_autofree char *rul = NULL;
  gboolean any = FALSE;
  double trip_s;

  g_return_val_if_fail (branch != NULL, NULL);

  /* The temperature warning and the worst vibration zone reached, in the
   * order they come. */
  {
    double temp_s = ahead (branch, branch->raised[twin_alarm_get_index (TWIN_ALARM_TEMP_WARNING)]);
    double zone_d = ahead (branch, branch->raised[twin_alarm_get_index (TWIN_ALARM_VIB_ZONE_D)]);
    double zone_c = ahead (branch, branch->raised[twin_alarm_get_index (TWIN_ALARM_VIB_ZONE_C)]);
    double vib_s = isfinite (zone_d) ? zone_d : zone_c;
    g_autofree char *temp_text = NULL;
    g_autofree char *vib_text = NULL;

    if (isfinite (temp_s))
      {
        g_autofree char *when = twin_format_time_ahead (temp_s);

        temp_text = g_strdup_printf (_("Temperature reaches the %g °C warning in %s"), warning, when);
      }
    if (isfinite (vib_s))
      {
        g_autofree char *when = twin_format_time_ahead (vib_s);

        vib_text = g_strdup_printf (_("Vibration enters zone %s in %s"), isfinite (zone_d) ? "D" : "C", when);
      }

    if (vib_text != NULL && (temp_text == NULL || vib_s < temp_s))
      {
        append_part (out, vib_text);
        if (temp_text != NULL)
          append_part (out, temp_text);
      }
    else if (temp_text != NULL)
      {
        append_part (out, temp_text);
        if (vib_text != NULL)
          append_part (out, vib_text);
      }
    any = temp_text != NULL || vib_text != NULL;
  }

  trip_s = trip_ahead (branch);
  if (isfinite (trip_s))
    {
      g_autofree char *when = twin_format_time_ahead (trip_s);
      g_autofree char *part = g_strdup_printf ("%s at %s", any ? "trips" : "Trips", when);

      append_part (out, part);
      any = TRUE;
    }

  if (!any)
    {
      g_autofree char *none = horizon_text (branch);

      append_part (out, none);
    }

  rul_a = twin_format_grouped (rul_now, 0);
  rul_b = twin_format_grouped (branch->rul_hours, 0);
  /* No-break spaces: the numbers stay with their units and the arrow. */
  rul = g_strdup_printf (_("RUL %s h → %s h"), rul_a, rul_b);
  append_part (out, rul);

  if (ensemble != NULL)
    {
      g_autofree char *range = twin_forecast_text_range (ensemble);

      g_string_append_printf (out, g_dngettext (NULL, "\nP10–P90 of %u run: %s", "\nP10–P90 of %u runs: %s", ensemble->n_members), ensemble->n_members, range);
    }

  return g_string_free (out, FALSE);
}
