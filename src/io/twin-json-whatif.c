/* twin-json-whatif.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What-if requests as they arrive (POST /predict and /advise, MQTT
 * <prefix>/predict and <prefix>/advise): fields from a table per request,
 * "inputs" read by the command's own parser; ranges checked by the
 * engine's spec validation.
 */

#define G_LOG_DOMAIN "twin-json"

#include "config.h"

#include <math.h>
#include <string.h>

#include "twin-json-whatif.h"

typedef enum
{
  FIELD_INPUTS,
  FIELD_HORIZON,
  FIELD_ENSEMBLE,
  FIELD_SCHEDULE,
  FIELD_VARY,
  FIELD_AVOID,
  FIELD_RUL_HOURS_MIN,
  FIELD_CONFIDENCE,
  FIELD_ID,
} RequestField;

static const char * const field_names[] = {
  [FIELD_INPUTS] = "inputs",
  [FIELD_HORIZON] = "horizon",
  [FIELD_ENSEMBLE] = "ensemble",
  [FIELD_SCHEDULE] = "schedule",
  [FIELD_VARY] = "vary",
  [FIELD_AVOID] = "avoid",
  [FIELD_RUL_HOURS_MIN] = "rul_hours_min",
  [FIELD_CONFIDENCE] = "confidence",
  [FIELD_ID] = "id",
};

static const RequestField predict_fields[] = {
  FIELD_INPUTS, FIELD_HORIZON, FIELD_ENSEMBLE, FIELD_SCHEDULE, FIELD_ID,
};

static const RequestField advise_fields[] = {
  FIELD_VARY, FIELD_AVOID, FIELD_RUL_HOURS_MIN, FIELD_CONFIDENCE, FIELD_HORIZON, FIELD_ENSEMBLE, FIELD_ID,
};

/* The inputs advice may vary, by their table entries. */
static const TwinInput varied_inputs[] = { TWIN_INPUT_RPM_SETPOINT, TWIN_INPUT_AMBIENT };

static gboolean
find_field (const cJSON        *item,
            const RequestField *fields,
            guint               n_fields,
            RequestField       *out,
            GError            **error)
{
  g_autoptr(GString) allowed = g_string_new (NULL);
  g_autofree char *shown = NULL;

  for (guint i = 0; i < n_fields; i++)
    {
      if (g_strcmp0 (item->string, field_names[fields[i]]) == 0)
        {
          *out = fields[i];
          return TRUE;
        }
      g_string_append_printf (allowed, "%s%s", i > 0 ? ", " : "", field_names[fields[i]]);
    }

  shown = twin_json_shorten (item->string, -1);
  g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_UNKNOWN_FIELD,
               "%s: unknown field; allowed: %s", shown, allowed->str);
  return FALSE;
}

static gboolean
read_number (const cJSON  *item,
             double        min,
             double        max,
             const char   *unit,
             double       *out,
             GError      **error)
{
  if (!cJSON_IsNumber (item))
    {
      g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_WRONG_TYPE, "%s: must be a number", item->string);
      return FALSE;
    }
  if (!twin_validate_number (item->string, item->valuedouble, min, max, unit, error))
    return FALSE;

  *out = item->valuedouble;
  return TRUE;
}

static gboolean
read_members (const cJSON  *item,
              guint         min,
              guint        *out,
              GError      **error)
{
  if (!cJSON_IsNumber (item) || item->valuedouble != floor (item->valuedouble) ||
      item->valuedouble < min || item->valuedouble > TWIN_WHATIF_MEMBERS_MAX)
    {
      g_autofree char *shown = cJSON_IsNumber (item) ? g_strdup (TWIN_NUM (item->valuedouble))
                                                      : g_strdup ("not a number");

      g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_INVALID_VALUE,
                   "ensemble: %s; allowed: a whole number of members from %u to %d",
                   shown, min, TWIN_WHATIF_MEMBERS_MAX);
      return FALSE;
    }

  *out = (guint)item->valuedouble;
  return TRUE;
}

/* An "inputs" object: the command's parser, then only inputs and faults,
 * each within its range. Errors are prefixed with where it sits. */
static gboolean
read_inputs (const cJSON  *item,
             const char   *where,
             TwinCommand  *command,
             GError      **error)
{
  guint n;
  const TwinCommandWireField *fields = twin_command_wire_fields (&n);

  if (!cJSON_IsObject (item))
    {
      g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_WRONG_TYPE,
                   "%s: must be an object with any of ambient, rpm_setpoint, faults", where);
      return FALSE;
    }

  if (!twin_json_command_from_object (item, command, error))
    {
      g_prefix_error (error, "%s.", where);
      return FALSE;
    }

  for (guint i = 0; i < n; i++)
    if ((command->fields & fields[i].flag) && !(fields[i].flag & TWIN_WHATIF_INPUT_FIELDS))
      {
        g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_UNKNOWN_FIELD,
                     "%s.%s: not an input; allowed: ambient, rpm_setpoint, faults",
                     where, twin_command_wire_field_name (&fields[i]));
        return FALSE;
      }

  if (!twin_command_validate (command, error))
    {
      g_prefix_error (error, "%s.", where);
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_schedule (const cJSON       *item,
               TwinForecastSpec  *spec,
               GError           **error)
{
  guint i = 0;

  if (!cJSON_IsArray (item) || cJSON_GetArraySize (item) > TWIN_FORECAST_MAX_SCHEDULE)
    {
      g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_WRONG_TYPE,
                   "schedule: must be an array of at most %d {\"at\": s, \"inputs\": {…}} objects",
                   TWIN_FORECAST_MAX_SCHEDULE);
      return FALSE;
    }

  for (const cJSON *entry = item->child; entry != NULL; entry = entry->next, i++)
    {
      g_autofree char *where = g_strdup_printf ("schedule[%u]", i);
      g_autofree char *inputs_where = g_strdup_printf ("schedule[%u].inputs", i);
      const cJSON *at = cJSON_GetObjectItemCaseSensitive (entry, "at");
      const cJSON *inputs = cJSON_GetObjectItemCaseSensitive (entry, "inputs");
      TwinScheduleEntry *out = &spec->schedule[i];

      if (!cJSON_IsObject (entry) || cJSON_GetArraySize (entry) != 2 || at == NULL || inputs == NULL)
        {
          g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_WRONG_TYPE,
                       "%s: must be an object with exactly \"at\" (simulated s after now) and \"inputs\"",
                       where);
          return FALSE;
        }
      if (!cJSON_IsNumber (at) || !(at->valuedouble >= 0))
        {
          g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_INVALID_VALUE,
                       "%s.at: must be a number of simulated s from 0 to the horizon", where);
          return FALSE;
        }
      out->at = at->valuedouble;
      if (!read_inputs (inputs, inputs_where, &out->command, error))
        return FALSE;
    }
  spec->n_schedule = i;

  /* By time, the order of equal times kept. */
  for (guint j = 1; j < spec->n_schedule; j++)
    for (guint k = j; k > 0 && spec->schedule[k - 1].at > spec->schedule[k].at; k--)
      {
        TwinScheduleEntry swap = spec->schedule[k];

        spec->schedule[k] = spec->schedule[k - 1];
        spec->schedule[k - 1] = swap;
      }

  return TRUE;
}

/**
 * twin_json_read_predict:
 *
 * Reads {"inputs": {…}, "horizon": s, "ensemble": N, "schedule": [{"at":
 * s, "inputs": {…}}], "id": …}, every field optional: the course with
 * the inputs held for 600 s, no ensemble.
 */
gboolean
twin_json_read_predict (const cJSON         *root,
                        TwinPredictRequest  *request,
                        GError             **error)
{
  g_return_val_if_fail (cJSON_IsObject (root), FALSE);

  memset (request, 0, sizeof *request);
  twin_forecast_spec_init (&request->spec, TWIN_FORECAST_HORIZON_DEFAULT, 0);

  for (const cJSON *item = root->child; item != NULL; item = item->next)
    {
      RequestField field;
      gboolean ok;

      if (!find_field (item, predict_fields, G_N_ELEMENTS (predict_fields), &field, error))
        return FALSE;

      switch (field)
        {
        case FIELD_INPUTS:
          ok = read_inputs (item, "inputs", &request->spec.change, error);
          request->spec.has_change = ok;
          break;
        case FIELD_HORIZON:
          ok = read_number (item, TWIN_FORECAST_HORIZON_MIN, TWIN_WHATIF_HORIZON_MAX, "s",
                            &request->spec.horizon, error);
          break;
        case FIELD_ENSEMBLE:
          ok = read_members (item, 0, &request->n_members, error);
          break;
        case FIELD_SCHEDULE:
          ok = read_schedule (item, &request->spec, error);
          break;
        case FIELD_ID:
          ok = twin_json_check_id (item, error);
          break;
        default:
          g_assert_not_reached ();
        }
      if (!ok)
        return FALSE;
    }

  /* The trajectory is not part of the answer: a hundred samples do. */
  request->spec.interval = MAX (request->spec.horizon / 100, 1.0);
  return twin_forecast_spec_validate (&request->spec, error);
}

static gboolean
read_vary (const cJSON  *item,
           TwinInput    *out,
           GError      **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (varied_inputs); i++)
    if (cJSON_IsString (item) && g_str_equal (item->valuestring, twin_inputs[varied_inputs[i]].name))
      {
        *out = varied_inputs[i];
        return TRUE;
      }

  {
    g_autofree char *shown = cJSON_IsString (item) ? twin_json_shorten (item->valuestring, -1)
                                                   : g_strdup ("not a string");

    g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_INVALID_VALUE,
                 "vary: %s; allowed: \"%s\" or \"%s\"", shown,
                 twin_inputs[varied_inputs[0]].name, twin_inputs[varied_inputs[1]].name);
    return FALSE;
  }
}

static gboolean
read_alarm_name (const cJSON  *item,
                 guint        *alarms,
                 GError      **error)
{
  g_autoptr(GString) allowed = g_string_new (NULL);
  g_autofree char *shown = NULL;

  for (guint i = 0; i < TWIN_N_ALARMS; i++)
    {
      const char *name = twin_alarm_get_name (twin_alarm_from_index (i));

      if (cJSON_IsString (item) && g_str_equal (item->valuestring, name))
        {
          *alarms |= twin_alarm_from_index (i);
          return TRUE;
        }
      g_string_append_printf (allowed, "%s\"%s\"", i > 0 ? ", " : "", name);
    }

  shown = cJSON_IsString (item) ? twin_json_shorten (item->valuestring, -1) : g_strdup ("not a string");
  g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_INVALID_VALUE,
               "avoid: %s; allowed: one of %s, or a list of them", shown, allowed->str);
  return FALSE;
}

static gboolean
read_avoid (const cJSON  *item,
            guint        *alarms,
            GError      **error)
{
  *alarms = 0;
  if (!cJSON_IsArray (item))
    return read_alarm_name (item, alarms, error);

  for (const cJSON *name = item->child; name != NULL; name = name->next)
    if (!read_alarm_name (name, alarms, error))
      return FALSE;

  return TRUE;
}

/**
 * twin_json_read_advise:
 *
 * Reads {"vary": "rpm_setpoint"|"ambient", "avoid": alarm name or list,
 * "rul_hours_min": h, "confidence": 0.9, "horizon": s, "ensemble": N,
 * "id": …}; "vary" is required; "avoid" is "tripped" unless given.
 */
gboolean
twin_json_read_advise (const cJSON     *root,
                       TwinAdviseSpec  *spec,
                       GError         **error)
{
  gboolean has_vary = FALSE;

  g_return_val_if_fail (cJSON_IsObject (root), FALSE);

  twin_advise_spec_init (spec);

  for (const cJSON *item = root->child; item != NULL; item = item->next)
    {
      RequestField field;
      gboolean ok;

      if (!find_field (item, advise_fields, G_N_ELEMENTS (advise_fields), &field, error))
        return FALSE;

      switch (field)
        {
        case FIELD_VARY:
          ok = has_vary = read_vary (item, &spec->vary, error);
          break;
        case FIELD_AVOID:
          ok = read_avoid (item, &spec->avoid, error);
          break;
        case FIELD_RUL_HOURS_MIN:
          ok = read_number (item, 0, TWIN_RUL_HOURS_MAX, "h", &spec->rul_hours_min, error);
          break;
        case FIELD_CONFIDENCE:
          ok = read_number (item, 0.5, 1, NULL, &spec->confidence, error);
          break;
        case FIELD_HORIZON:
          ok = read_number (item, TWIN_FORECAST_HORIZON_MIN, TWIN_WHATIF_HORIZON_MAX, "s", &spec->horizon, error);
          break;
        case FIELD_ENSEMBLE:
          ok = read_members (item, 1, &spec->n_members, error);
          break;
        case FIELD_ID:
          ok = twin_json_check_id (item, error);
          break;
        default:
          g_assert_not_reached ();
        }
      if (!ok)
        return FALSE;
    }

  if (!has_vary)
    {
      g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_MALFORMED,
                   "vary: missing; allowed: \"%s\" or \"%s\"",
                   twin_inputs[varied_inputs[0]].name, twin_inputs[varied_inputs[1]].name);
      return FALSE;
    }
  if (spec->avoid == 0 && spec->rul_hours_min <= 0)
    {
      g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_INVALID_VALUE,
                   "avoid: an empty list, and no rul_hours_min; allowed: an alarm name or a list of them, "
                   "or rul_hours_min above 0");
      return FALSE;
    }

  return twin_advise_spec_validate (spec, error);
}
