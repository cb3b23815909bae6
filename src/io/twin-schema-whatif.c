/* twin-schema-whatif.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * JSON Schemas of what-if: the state's "forecast", the predict and
 * advise requests (REST POST /predict and /advise, MQTT <prefix>/predict
 * and <prefix>/advise) and their answers. Bounds come from the same
 * constants the readers check (twin-json-whatif.c).
 */

#define G_LOG_DOMAIN "twin-schema"

#include "config.h"

#include <math.h>

#include "twin-json-whatif.h"
#include "twin-schema.h"

static const char * const quantile_names[] = { "p10", "p50", "p90", NULL };

static cJSON *
integer_prop (double      min,
              double      max,
              const char *description)
{
  cJSON *s = twin_schema_typed ("integer", description);

  cJSON_AddNumberToObject (s, "minimum", min);
  cJSON_AddNumberToObject (s, "maximum", max);
  return s;
}

static cJSON *
seconds_or_null (const char *description)
{
  return twin_schema_nullable (twin_schema_number (0, NAN, NULL), description);
}

/* An object with one required property per name, each made by @make. */
static cJSON *
keyed_object (const char * const *keys,
              cJSON            *(*make) (gpointer data),
              gpointer            data,
              const char         *description)
{
  cJSON *p = cJSON_CreateObject ();

  for (guint i = 0; keys[i] != NULL; i++)
    cJSON_AddItemToObject (p, keys[i], make (data));
  return twin_schema_object (p, keys, NULL, description);
}

static cJSON *
make_seconds (gpointer data)
{
  return seconds_or_null (data);
}

static cJSON *
make_quantiles (gpointer data)
{
  return keyed_object (quantile_names, make_seconds, data,
                       "P10, P50 and P90 over the ensemble's members, s after \"from\"; null when, at that "
                       "quantile, the event does not happen within the horizon");
}

static GPtrArray *
alarm_names (void)
{
  GPtrArray *names = g_ptr_array_new ();

  for (guint i = 0; i < TWIN_N_ALARMS; i++)
    g_ptr_array_add (names, (char *)twin_alarm_get_name (twin_alarm_from_index (i)));
  g_ptr_array_add (names, NULL);
  return names;
}

static void
add_forecast_props (cJSON *p)
{
  static const char * const rul_keys[] = { "course", "p10", "p50", "p90", NULL };
  g_autoptr(GPtrArray) alarms = alarm_names ();
  const char * const *names = (const char * const *)alarms->pdata;
  cJSON *rul = cJSON_CreateObject ();

  cJSON_AddItemToObject (p, "from", twin_schema_number (0, NAN, "Simulated s the forecast starts at"));
  cJSON_AddItemToObject (p, "horizon", twin_schema_number (TWIN_FORECAST_HORIZON_MIN, TWIN_WHATIF_HORIZON_MAX,
                                                           "Simulated s ahead"));
  cJSON_AddItemToObject (p, "members", integer_prop (0, TWIN_WHATIF_MEMBERS_MAX,
                                                     "Ensemble members behind the quantiles; 0: none"));
  cJSON_AddItemToObject (p, "seconds_to",
                         keyed_object (names, make_seconds,
                                       (gpointer)"s after \"from\"; 0 when it holds at the start; null when "
                                       "not within the horizon",
                                       "When each alarm is first raised on the course (the inputs held, "
                                       "the parameters as they are)"));
  cJSON_AddItemToObject (p, "quantiles", keyed_object (names, make_quantiles, NULL,
                                                       "The same over the ensemble (the parameters' spread)"));

  for (guint i = 0; rul_keys[i] != NULL; i++)
    cJSON_AddItemToObject (rul, rul_keys[i],
                           twin_schema_nullable (twin_schema_number (0, TWIN_RUL_HOURS_MAX, NULL), NULL));
  cJSON_AddItemToObject (p, "rul_hours",
                         twin_schema_object (rul, rul_keys, NULL,
                                             "Remaining useful life at the horizon, h: the course's and the "
                                             "ensemble's quantiles (null without an ensemble)"));
}

static const char * const forecast_required[] = {
  "from", "horizon", "members", "seconds_to", "quantiles", "rul_hours", NULL
};

cJSON *
_twin_schema_build_forecast (void)
{
  cJSON *p = cJSON_CreateObject ();

  add_forecast_props (p);
  return twin_schema_object (p, forecast_required, "Forecast",
                             "The course ahead: the state's \"forecast\", and the core of a prediction");
}

/* What an MQTT answer adds to REST's body. */
static void
add_mqtt_reply_props (cJSON *p)
{
  cJSON_AddItemToObject (p, "ok", twin_schema_typed ("boolean", "MQTT only: true"));
  cJSON_AddItemToObject (p, "id", _twin_schema_id ());
}

static cJSON *
horizon_prop (void)
{
  cJSON *s = twin_schema_number (TWIN_FORECAST_HORIZON_MIN, TWIN_WHATIF_HORIZON_MAX, "Simulated s ahead");

  cJSON_AddNumberToObject (s, "default", TWIN_FORECAST_HORIZON_DEFAULT);
  return s;
}

cJSON *
_twin_schema_build_predict (void)
{
  static const char * const entry_required[] = { "at", "inputs", NULL };
  cJSON *p = cJSON_CreateObject ();
  cJSON *entry = cJSON_CreateObject ();
  cJSON *schedule, *members;

  cJSON_AddItemToObject (p, "inputs", _twin_schema_inputs ());
  cJSON_AddItemToObject (p, "horizon", horizon_prop ());
  members = integer_prop (0, TWIN_WHATIF_MEMBERS_MAX, "Ensemble members for the quantiles; 0: the course alone");
  cJSON_AddNumberToObject (members, "default", 0);
  cJSON_AddItemToObject (p, "ensemble", members);

  cJSON_AddItemToObject (entry, "at", twin_schema_number (0, TWIN_WHATIF_HORIZON_MAX,
                                                          "Simulated s after now, at most the horizon"));
  cJSON_AddItemToObject (entry, "inputs", _twin_schema_inputs ());
  schedule = twin_schema_typed ("array", "Later changes of the inputs, applied in time order");
  cJSON_AddNumberToObject (schedule, "maxItems", TWIN_FORECAST_MAX_SCHEDULE);
  cJSON_AddItemToObject (schedule, "items", twin_schema_object (entry, entry_required, NULL, NULL));
  cJSON_AddItemToObject (p, "schedule", schedule);
  cJSON_AddItemToObject (p, "id", _twin_schema_id ());

  return twin_schema_object (p, NULL, "Predict",
                             "What would happen from the live state with these inputs (REST POST /predict, "
                             "MQTT <prefix>/predict); every field optional");
}

cJSON *
_twin_schema_build_prediction (void)
{
  static const char * const required[] = {
    "from", "horizon", "members", "seconds_to", "quantiles", "rul_hours", "state", "settled", NULL
  };
  static const char * const settled_keys[] = { "temperature", "vibration", "rpm", NULL };
  cJSON *p = cJSON_CreateObject ();
  cJSON *settled = cJSON_CreateObject ();

  add_forecast_props (p);
  cJSON_AddItemToObject (p, "state", _twin_schema_build_state ());
  for (guint i = 0; settled_keys[i] != NULL; i++)
    cJSON_AddItemToObject (settled, settled_keys[i], twin_schema_nullable (twin_schema_typed ("number", NULL), NULL));
  cJSON_AddItemToObject (p, "settled",
                         twin_schema_object (settled, settled_keys, NULL,
                                             "Where the inputs at the horizon lead, held for ever"));
  add_mqtt_reply_props (p);

  return twin_schema_object (p, required, "Prediction",
                             "The answer to predict: event times after \"from\" (now), the state at the horizon "
                             "(true values, no measurement noise) and where it settles");
}

static cJSON *
vary_prop (void)
{
  const char * const inputs[] = {
    twin_inputs[TWIN_INPUT_RPM_SETPOINT].name, twin_inputs[TWIN_INPUT_AMBIENT].name, NULL
  };

  return twin_schema_enum (inputs, "The input whose values are searched, over its slider's travel");
}

cJSON *
_twin_schema_build_advise (void)
{
  static const char * const required[] = { "vary", NULL };
  g_autoptr(GPtrArray) alarms = alarm_names ();
  cJSON *p = cJSON_CreateObject ();
  cJSON *avoid = cJSON_CreateObject ();
  cJSON *any_of = cJSON_CreateArray ();
  cJSON *list = twin_schema_typed ("array", NULL);
  cJSON *confidence, *members;

  cJSON_AddItemToObject (p, "vary", vary_prop ());

  cJSON_AddItemToArray (any_of, twin_schema_enum ((const char * const *)alarms->pdata, NULL));
  cJSON_AddItemToObject (list, "items", twin_schema_enum ((const char * const *)alarms->pdata, NULL));
  cJSON_AddItemToArray (any_of, list);
  cJSON_AddStringToObject (avoid, "description", "The alarms none of which may be raised within the horizon");
  cJSON_AddStringToObject (avoid, "default", twin_alarm_get_name (TWIN_ALARM_TRIPPED));
  cJSON_AddItemToObject (avoid, "anyOf", any_of);
  cJSON_AddItemToObject (p, "avoid", avoid);

  cJSON_AddItemToObject (p, "rul_hours_min", twin_schema_number (0, TWIN_RUL_HOURS_MAX,
                                                                 "And RUL at the horizon at least this, h"));
  confidence = twin_schema_number (0.5, 1, "Fraction of the members that must keep to the condition");
  cJSON_AddNumberToObject (confidence, "default", 0.9);
  cJSON_AddItemToObject (p, "confidence", confidence);
  cJSON_AddItemToObject (p, "horizon", horizon_prop ());
  members = integer_prop (1, TWIN_WHATIF_MEMBERS_MAX, "Ensemble members");
  cJSON_AddNumberToObject (members, "default", TWIN_ENSEMBLE_MEMBERS_DEFAULT);
  cJSON_AddItemToObject (p, "ensemble", members);
  cJSON_AddItemToObject (p, "id", _twin_schema_id ());

  return twin_schema_object (p, required, "Advise",
                             "Which values of one input keep the machine out of a condition (REST POST /advise, "
                             "MQTT <prefix>/advise)");
}

cJSON *
_twin_schema_build_advice (void)
{
  static const char * const required[] = {
    "vary", "unit", "avoid", "rul_hours_min", "confidence", "horizon", "members", "resolution", "intervals", NULL
  };
  static const char * const interval_required[] = { "low", "high", NULL };
  g_autoptr(GPtrArray) alarms = alarm_names ();
  cJSON *p = cJSON_CreateObject ();
  cJSON *interval = cJSON_CreateObject ();
  cJSON *avoid = twin_schema_typed ("array", NULL);
  cJSON *intervals = twin_schema_typed ("array", "The values that keep to the condition, low to high; "
                                                 "empty when none does");

  cJSON_AddItemToObject (p, "vary", vary_prop ());
  cJSON_AddItemToObject (p, "unit", twin_schema_typed ("string", NULL));
  cJSON_AddItemToObject (avoid, "items", twin_schema_enum ((const char * const *)alarms->pdata, NULL));
  cJSON_AddItemToObject (p, "avoid", avoid);
  cJSON_AddItemToObject (p, "rul_hours_min", twin_schema_number (0, TWIN_RUL_HOURS_MAX, NULL));
  cJSON_AddItemToObject (p, "confidence", twin_schema_number (0.5, 1, NULL));
  cJSON_AddItemToObject (p, "horizon", twin_schema_number (TWIN_FORECAST_HORIZON_MIN, TWIN_WHATIF_HORIZON_MAX, NULL));
  cJSON_AddItemToObject (p, "members", integer_prop (1, TWIN_WHATIF_MEMBERS_MAX, NULL));
  cJSON_AddItemToObject (p, "resolution",
                         twin_schema_nullable (twin_schema_number (0, NAN, NULL),
                                               "How close each boundary is to the true one, in the input's unit"));
  cJSON_AddItemToObject (interval, "low", twin_schema_typed ("number", NULL));
  cJSON_AddItemToObject (interval, "high", twin_schema_typed ("number", NULL));
  cJSON_AddItemToObject (intervals, "items", twin_schema_object (interval, interval_required, NULL, NULL));
  cJSON_AddItemToObject (p, "intervals", intervals);
  add_mqtt_reply_props (p);

  return twin_schema_object (p, required, "Advice", "The answer to advise");
}
