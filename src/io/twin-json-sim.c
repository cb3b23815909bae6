/* twin-json-sim.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The whole simulation as JSON, for the recorder's keyframes: every number
 * written so that it reads back to the same double, so a keyframe restores
 * the simulation bit for bit. Only the clock's fraction of a step waiting
 * to be run is left out: it depends on how wall time fell into ticks, and
 * a restored simulation starts on a step. A keyframe read from a file is
 * checked field by field like any other input.
 */

#define G_LOG_DOMAIN "twin-json"

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "twin-json.h"
#include "twin-alarms.h"
#include "twin-json-sim.h"

typedef struct
{
  const char *name;
  gsize       offset;
  double      min;
  double      max;
} NumberField;

static const NumberField state_fields[] = {
  { "temperature", G_STRUCT_OFFSET (TwinState, temperature), TWIN_TEMPERATURE_MIN, TWIN_TEMPERATURE_MAX },
  { "vibration", G_STRUCT_OFFSET (TwinState, vibration), TWIN_VIBRATION_MIN, TWIN_VIBRATION_MAX },
  { "rpm", G_STRUCT_OFFSET (TwinState, rpm), TWIN_RPM_MIN, TWIN_RPM_MAX },
  { "wear", G_STRUCT_OFFSET (TwinState, wear), TWIN_WEAR_MIN, TWIN_WEAR_MAX },
  { "wear_rate", G_STRUCT_OFFSET (TwinState, wear_rate), 0, G_MAXDOUBLE },
  { "timestamp", G_STRUCT_OFFSET (TwinState, timestamp), 0, TWIN_TIMESTAMP_MAX },
  { "zone_d_time", G_STRUCT_OFFSET (TwinState, zone_d_time), 0, TWIN_TIMESTAMP_MAX },
  { "wear_rate_avg", G_STRUCT_OFFSET (TwinState, wear_rate_avg), 0, G_MAXDOUBLE },
};

static const char * const trip_causes[] = { "none", "temperature", "vibration", NULL };

static const NumberField sim_fields[] = {
  { "t_base", G_STRUCT_OFFSET (TwinSim, t_base), 0, TWIN_TIMESTAMP_MAX },
};

static void
add_numbers (cJSON             *object,
             gconstpointer      base,
             const NumberField *fields,
             guint              n)
{
  for (guint i = 0; i < n; i++)
    cJSON_AddItemToObject (object, fields[i].name,
                           twin_json_number (G_STRUCT_MEMBER (double, base, fields[i].offset)));
}

/**
 * twin_json_sim_object:
 *
 * Returns: (transfer full): @sim as a keyframe: model, parameters, inputs,
 *   state, step counters, alarms and noise; counters and the seed as
 *   decimal strings, since JSON numbers lose integers above 2^53
 */
cJSON *
twin_json_sim_object (const TwinSim *sim)
{
  cJSON *root = cJSON_CreateObject ();
  cJSON *params = cJSON_CreateObject ();
  cJSON *inputs = cJSON_CreateObject ();
  cJSON *state = cJSON_CreateObject ();

  g_return_val_if_fail (sim != NULL, NULL);

  cJSON_AddStringToObject (root, "model", sim->model->id);
  for (gsize i = 0; i < sim->model->n_params; i++)
    cJSON_AddItemToObject (params, sim->model->params[i].name, twin_json_number (sim->params[i]));
  cJSON_AddItemToObject (root, "params", params);

  cJSON_AddItemToObject (inputs, "ambient", twin_json_number (sim->inputs.ambient));
  cJSON_AddItemToObject (inputs, "rpm_setpoint", twin_json_number (sim->inputs.rpm_setpoint));
  cJSON_AddBoolToObject (inputs, "cooling_degraded", sim->inputs.cooling_degraded);
  cJSON_AddBoolToObject (inputs, "bearing_defect", sim->inputs.bearing_defect);
  cJSON_AddItemToObject (root, "inputs", inputs);

  add_numbers (state, &sim->state, state_fields, G_N_ELEMENTS (state_fields));
  cJSON_AddBoolToObject (state, "tripped", sim->state.tripped);
  cJSON_AddStringToObject (state, "trip_cause", trip_causes[sim->state.trip_cause]);
  cJSON_AddItemToObject (root, "state", state);

  add_numbers (root, sim, sim_fields, G_N_ELEMENTS (sim_fields));
  cJSON_AddItemToObject (root, "steps", twin_json_count (sim->steps));
  cJSON_AddItemToObject (root, "steps_since_base", twin_json_count (sim->steps_since_base));
  cJSON_AddNumberToObject (root, "alarms", sim->alarms);
  cJSON_AddBoolToObject (root, "noise", sim->noise);
  cJSON_AddItemToObject (root, "noise_seed", twin_json_count (sim->noise_seed));
  return root;
}

static gboolean
invalid (GError     **error,
         const char  *field,
         const char  *allowed)
{
  g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_INVALID_VALUE,
               "keyframe: %s must be %s", field, allowed);
  return FALSE;
}

static const cJSON *
member (const cJSON *object,
        const char  *name)
{
  return cJSON_GetObjectItemCaseSensitive (object, name);
}

static gboolean
get_number (const cJSON  *object,
            const char   *prefix,
            const char   *name,
            double        min,
            double        max,
            double       *out,
            GError      **error)
{
  const cJSON *item = member (object, name);
  g_autofree char *field = g_strconcat (prefix, name, NULL);

  if (!cJSON_IsNumber (item) || !isfinite (item->valuedouble) ||
      item->valuedouble < min || item->valuedouble > max)
    {
      g_autofree char *allowed = g_strdup_printf ("a number from %s to %s", TWIN_NUM (min), TWIN_NUM (max));

      return invalid (error, field, allowed);
    }
  *out = item->valuedouble;
  return TRUE;
}

static gboolean
get_numbers (const cJSON        *object,
             const char         *prefix,
             gpointer            base,
             const NumberField  *fields,
             guint               n,
             GError            **error)
{
  for (guint i = 0; i < n; i++)
    if (!get_number (object, prefix, fields[i].name, fields[i].min, fields[i].max,
                     &G_STRUCT_MEMBER (double, base, fields[i].offset), error))
      return FALSE;
  return TRUE;
}

static gboolean
get_bool (const cJSON  *object,
          const char   *field,
          const char   *name,
          gboolean     *out,
          GError      **error)
{
  const cJSON *item = member (object, name);

  if (!cJSON_IsBool (item))
    return invalid (error, field, "true or false");
  *out = cJSON_IsTrue (item);
  return TRUE;
}

static gboolean
get_count (const cJSON  *object,
           const char   *name,
           guint64      *out,
           GError      **error)
{
  if (twin_json_get_count (member (object, name), out))
    return TRUE;
  return invalid (error, name, "a whole number from 0 to 18446744073709551615, as a string");
}

/**
 * twin_json_sim_from_object:
 * @sim: (out caller-allocates): set only when the whole keyframe is valid
 *
 * Reads a keyframe back; every field is required and checked.
 */
gboolean
twin_json_sim_from_object (const cJSON  *root,
                           TwinSim      *sim,
                           GError      **error)
{
  TwinSim s;
  TwinCommand command = { 0 };
  const cJSON *model = member (root, "model");
  const cJSON *params = member (root, "params");
  const cJSON *inputs = member (root, "inputs");
  const cJSON *state = member (root, "state");
  double alarms;
  gboolean b;

  g_return_val_if_fail (sim != NULL, FALSE);

  if (!cJSON_IsObject (root))
    return invalid (error, "the keyframe", "a JSON object");
  if (!cJSON_IsString (model))
    return invalid (error, "model", "a model id such as physical@2");
  if (!cJSON_IsObject (params) || !cJSON_IsObject (inputs) || !cJSON_IsObject (state))
    return invalid (error, "params, inputs and state", "JSON objects");

  twin_sim_init (&s);
  if (!twin_command_set_model (&command, model->valuestring, error))
    return FALSE;
  for (const cJSON *p = params->child; p != NULL; p = p->next)
    {
      g_autofree char *field = g_strconcat ("params.", p->string, NULL);

      if (!cJSON_IsNumber (p))
        return invalid (error, field, "a number");
      if (!twin_command_add_param (&command, p->string, p->valuedouble, error))
        return FALSE;
    }
  if (!twin_sim_apply (&s, &command, error))
    return FALSE;

  if (!get_number (inputs, "inputs.", "ambient", twin_inputs[TWIN_INPUT_AMBIENT].min,
                   twin_inputs[TWIN_INPUT_AMBIENT].max, &s.inputs.ambient, error) ||
      !get_number (inputs, "inputs.", "rpm_setpoint", twin_inputs[TWIN_INPUT_RPM_SETPOINT].min,
                   twin_inputs[TWIN_INPUT_RPM_SETPOINT].max, &s.inputs.rpm_setpoint, error) ||
      !get_bool (inputs, "inputs.cooling_degraded", "cooling_degraded", &b, error))
    return FALSE;
  s.inputs.cooling_degraded = b;
  if (!get_bool (inputs, "inputs.bearing_defect", "bearing_defect", &b, error))
    return FALSE;
  s.inputs.bearing_defect = b;

  if (!get_numbers (state, "state.", &s.state, state_fields, G_N_ELEMENTS (state_fields), error) ||
      !get_bool (state, "state.tripped", "tripped", &b, error))
    return FALSE;
  s.state.tripped = b;
  {
    const cJSON *cause = member (state, "trip_cause");
    guint i;

    for (i = 0; trip_causes[i] != NULL; i++)
      if (cJSON_IsString (cause) && g_str_equal (cause->valuestring, trip_causes[i]))
        break;
    if (trip_causes[i] == NULL)
      return invalid (error, "state.trip_cause", "none, temperature or vibration");
    s.state.trip_cause = i;
  }

  if (!get_numbers (root, "", &s, sim_fields, G_N_ELEMENTS (sim_fields), error) ||
      !get_count (root, "steps", &s.steps, error) ||
      !get_count (root, "steps_since_base", &s.steps_since_base, error) ||
      !get_number (root, "", "alarms", 0, (1 << TWIN_N_ALARMS) - 1, &alarms, error) ||
      !get_bool (root, "noise", "noise", &s.noise, error) ||
      !get_count (root, "noise_seed", &s.noise_seed, error))
    return FALSE;
  if (alarms != floor (alarms))
    return invalid (error, "alarms", "a whole number");
  s.alarms = (guint)alarms;

  *sim = s;
  return TRUE;
}
