/* twin-json-forecast.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Forecasts on the wire: the state's "forecast" object, the answers of
 * predict and advise. Event times are seconds after the forecast's start
 * ("from"), null when not within the horizon: never a number standing in
 * for "not within the horizon".
 */

#define G_LOG_DOMAIN "twin-json"

#include "config.h"

#include <math.h>
#include <string.h>

#include "twin-json-whatif.h"

static const struct {
  const char *name;
  gsize       offset;
} quantiles[] = {
  { "p10", G_STRUCT_OFFSET (TwinQuantiles, p10) },
  { "p50", G_STRUCT_OFFSET (TwinQuantiles, p50) },
  { "p90", G_STRUCT_OFFSET (TwinQuantiles, p90) },
};

static cJSON *
number_or_null (double value)
{
  return isfinite (value) ? twin_json_number (value) : cJSON_CreateNull ();
}

static cJSON *
seconds_after (double time,
               double from)
{
  return number_or_null (twin_whatif_seconds_after (time, from));
}

/* {"p10": …, "p50": …, "p90": …}, each after @from when it is a time. */
static cJSON *
quantiles_object (const TwinQuantiles *q,
                  gboolean             is_time,
                  double               from)
{
  cJSON *object = cJSON_CreateObject ();

  for (guint i = 0; i < G_N_ELEMENTS (quantiles); i++)
    {
      double value = q != NULL ? G_STRUCT_MEMBER (double, q, quantiles[i].offset) : NAN;

      cJSON_AddItemToObject (object, quantiles[i].name,
                             is_time ? seconds_after (value, from) : number_or_null (value));
    }

  return object;
}

/**
 * twin_json_forecast_object:
 * @ensemble: (nullable): its members' quantiles, or %NULL for none yet
 *
 * {"from", "horizon", "members", "seconds_to": {alarm: s|null},
 * "quantiles": {alarm: {"p10", "p50", "p90"}}, "rul_hours": {"course",
 * "p10", "p50", "p90"}}: the course's times in "seconds_to", the
 * ensemble's in "quantiles" (all null with "members": 0).
 */
cJSON *
twin_json_forecast_object (const TwinForecast *course,
                           const TwinEnsemble *ensemble)
{
  cJSON *root = cJSON_CreateObject ();
  cJSON *seconds_to = cJSON_CreateObject ();
  cJSON *by_alarm = cJSON_CreateObject ();
  cJSON *rul;
  double from = course->start;

  g_return_val_if_fail (course != NULL, NULL);

  cJSON_AddItemToObject (root, "from", twin_json_number (from));
  cJSON_AddItemToObject (root, "horizon", twin_json_number (course->horizon));
  cJSON_AddNumberToObject (root, "members", ensemble != NULL ? ensemble->n_members : 0);

  for (guint i = 0; i < TWIN_N_ALARMS; i++)
    {
      TwinAlarm alarm = twin_alarm_from_index (i);
      const char *name = twin_alarm_get_name (alarm);

      cJSON_AddItemToObject (seconds_to, name, seconds_after (twin_forecast_time_of (course, alarm), from));
      cJSON_AddItemToObject (by_alarm, name,
                             quantiles_object (ensemble != NULL ? &ensemble->raised[i] : NULL, TRUE, from));
    }
  cJSON_AddItemToObject (root, "seconds_to", seconds_to);
  cJSON_AddItemToObject (root, "quantiles", by_alarm);

  rul = quantiles_object (ensemble != NULL ? &ensemble->rul_hours : NULL, FALSE, 0);
  cJSON_AddItemToObjectCS (rul, "course", number_or_null (course->rul_hours));
  cJSON_AddItemToObject (root, "rul_hours", rul);

  return root;
}

/**
 * twin_whatif_forecast_metrics:
 * @ensemble: (nullable): its members' quantiles, or %NULL for none yet
 *
 * What /metrics reports of the course ahead: the ensemble's quantiles, in
 * the order of the quantiles table, times as the state's "quantiles".
 */
void
twin_whatif_forecast_metrics (const TwinForecast  *course,
                              const TwinEnsemble  *ensemble,
                              TwinForecastMetrics *metrics)
{
  G_STATIC_ASSERT (G_N_ELEMENTS (quantiles) == TWIN_METRICS_N_QUANTILES);

  memset (metrics, 0, sizeof *metrics);
  if (course == NULL || ensemble == NULL)
    return;

  metrics->known = TRUE;
  for (guint q = 0; q < G_N_ELEMENTS (quantiles); q++)
    {
      for (guint i = 0; i < TWIN_N_ALARMS; i++)
        metrics->seconds[i][q] =
          twin_whatif_seconds_after (G_STRUCT_MEMBER (double, &ensemble->raised[i], quantiles[q].offset),
                                     course->start);
      metrics->rul_hours[q] = G_STRUCT_MEMBER (double, &ensemble->rul_hours, quantiles[q].offset);
    }
}

/**
 * twin_json_encode_forecast:
 *
 * Returns: (transfer full): twin_json_forecast_object() as text, to be
 *   spliced into every state until the next forecast
 */
char *
twin_json_encode_forecast (const TwinForecast *course,
                           const TwinEnsemble *ensemble)
{
  g_autoptr(cJSON) root = twin_json_forecast_object (course, ensemble);
  char *text = cJSON_PrintUnformatted (root);
  char *ret = g_strdup (text);

  cJSON_free (text);
  return ret;
}

/* The sim at the horizon as a state: its true values, no noise. */
static void
snapshot_of_sim (const TwinSim      *sim,
                 double              rul_hours,
                 const TwinSnapshot *live,
                 TwinSnapshot       *out)
{
  *out = *live;
  g_strlcpy (out->model, sim->model->id, sizeof out->model);
  out->seq = sim->steps;
  out->timestamp = sim->state.timestamp;
  out->temperature = sim->state.temperature;
  out->vibration = sim->state.vibration;
  out->rpm = sim->state.rpm;
  out->wear = sim->state.wear;
  out->rul_hours = rul_hours;
  out->ambient = sim->inputs.ambient;
  out->rpm_setpoint = sim->inputs.rpm_setpoint;
  out->zone = twin_zone_for_vibration (sim->params, sim->state.vibration);
  out->alarms = sim->alarms;
  out->tripped = sim->state.tripped;
  out->cooling_degraded = sim->inputs.cooling_degraded;
  out->bearing_defect = sim->inputs.bearing_defect;
}

/**
 * twin_json_prediction_object:
 * @live: the state the prediction started from, for what a state has
 *   that a sim does not (time scale, pause, wall time)
 *
 * The answer to predict: twin_json_forecast_object(), with "state", the
 * state at the horizon, and "settled", where the inputs at the horizon
 * lead.
 */
cJSON *
twin_json_prediction_object (const TwinPrediction *prediction,
                             const TwinSnapshot   *live)
{
  const TwinForecast *course = prediction->course;
  cJSON *root = twin_json_forecast_object (course, prediction->ensemble);
  cJSON *settled = cJSON_CreateObject ();
  TwinSnapshot end;

  snapshot_of_sim (&course->end, course->rul_hours, live, &end);
  cJSON_AddItemToObject (root, "state", twin_json_state_object (&end));

  cJSON_AddItemToObject (settled, twin_channels[TWIN_CHANNEL_TEMPERATURE].name,
                         number_or_null (course->settled.temperature));
  cJSON_AddItemToObject (settled, twin_channels[TWIN_CHANNEL_VIBRATION].name,
                         number_or_null (course->settled.vibration));
  cJSON_AddItemToObject (settled, twin_channels[TWIN_CHANNEL_RPM].name, number_or_null (course->settled.rpm));
  cJSON_AddItemToObject (root, "settled", settled);

  return root;
}

/**
 * twin_json_advice_object:
 *
 * The answer to advise: the request as it was understood, and the
 * intervals of the varied input that keep to it.
 */
cJSON *
twin_json_advice_object (const TwinAdvice     *advice,
                         const TwinAdviseSpec *spec)
{
  const TwinField *input = &twin_inputs[advice->vary];
  cJSON *root = cJSON_CreateObject ();
  cJSON *avoid = cJSON_CreateArray ();
  cJSON *intervals = cJSON_CreateArray ();

  cJSON_AddStringToObject (root, "vary", input->name);
  cJSON_AddStringToObject (root, "unit", input->unit);
  for (guint i = 0; i < TWIN_N_ALARMS; i++)
    if (spec->avoid & twin_alarm_from_index (i))
      cJSON_AddItemToArray (avoid, cJSON_CreateString (twin_alarm_get_name (twin_alarm_from_index (i))));
  cJSON_AddItemToObject (root, "avoid", avoid);
  cJSON_AddItemToObject (root, "rul_hours_min", twin_json_number (spec->rul_hours_min));
  cJSON_AddItemToObject (root, "confidence", twin_json_number (spec->confidence));
  cJSON_AddItemToObject (root, "horizon", twin_json_number (spec->horizon));
  cJSON_AddNumberToObject (root, "members", spec->n_members);
  cJSON_AddItemToObject (root, "resolution", number_or_null (advice->resolution));

  for (guint i = 0; i < advice->n_intervals; i++)
    {
      cJSON *interval = cJSON_CreateObject ();

      cJSON_AddItemToObject (interval, "low", twin_json_number (advice->intervals[i].low));
      cJSON_AddItemToObject (interval, "high", twin_json_number (advice->intervals[i].high));
      cJSON_AddItemToArray (intervals, interval);
    }
  cJSON_AddItemToObject (root, "intervals", intervals);

  return root;
}
