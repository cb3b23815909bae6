/* twin-json-recorded.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An applied command as a recording keeps it: what it set, in the wire's
 * own form, with what only the program sets besides (parameters, noise,
 * a shadow's sync), the step at which it took effect and where it came
 * from. A replay reads it back into the same command.
 */

#define G_LOG_DOMAIN "twin-json"

#include "config.h"

#include <string.h>

#include "twin-json.h"
#include "twin-json-recorded.h"
#include "twin-schema.h"

static const struct
{
  const char *name;
  gsize       offset;
  TwinChannel channel;
} sync_fields[] = {
  { "temperature", G_STRUCT_OFFSET (TwinCommand, sync_temperature), TWIN_CHANNEL_TEMPERATURE },
  { "vibration", G_STRUCT_OFFSET (TwinCommand, sync_vibration), TWIN_CHANNEL_VIBRATION },
  { "rpm", G_STRUCT_OFFSET (TwinCommand, sync_rpm), TWIN_CHANNEL_RPM },
};

/**
 * twin_json_encode_recorded_command:
 * @command: as #TwinEngine::command-applied gives it
 * @timestamp: simulated s at which it took effect
 * @ended_step: for a reset, the step the run it ended had reached
 */
char *
twin_json_encode_recorded_command (const TwinCommand *command,
                                   double             timestamp,
                                   guint64            ended_step)
{
  g_autoptr(cJSON) root = cJSON_CreateObject ();
  char *text, *ret;

  cJSON_AddItemToObject (root, "timestamp", twin_json_number (timestamp));
  cJSON_AddItemToObject (root, "step", twin_json_count (command->step));
  cJSON_AddStringToObject (root, "source", twin_command_source_to_string (command->source));
  cJSON_AddItemToObject (root, "command", twin_json_command_object (command));
  if ((command->fields & TWIN_COMMAND_RESET) && command->reset)
    {
      cJSON_AddItemToObject (root, "ended_step", twin_json_count (ended_step));
    }

  if (command->fields & TWIN_COMMAND_PARAMS)
    {
      cJSON *params = cJSON_AddObjectToObject (root, "params");

      for (guint i = 0; i < command->n_params; i++)
        cJSON_AddItemToObject (params, command->params[i].name, twin_json_number (command->params[i].value));
    }
  if (command->fields & TWIN_COMMAND_NOISE)
    {
      cJSON *noise = cJSON_AddObjectToObject (root, "noise");
      cJSON_AddBoolToObject (noise, "enabled", command->noise);
      cJSON_AddItemToObject (noise, "seed", twin_json_count (command->noise_seed));
    }
  if (command->fields & TWIN_COMMAND_SYNC)
    {
      cJSON *sync = cJSON_AddObjectToObject (root, "sync");

      for (guint i = 0; i < G_N_ELEMENTS (sync_fields); i++)
        cJSON_AddItemToObject (sync, sync_fields[i].name,
                               twin_json_number (G_STRUCT_MEMBER (double, command, sync_fields[i].offset)));
    }

  text = cJSON_PrintUnformatted (root);
  ret = g_strdup (text);
  cJSON_free (text);
  return ret;
}

static gboolean
refuse (GError     **error,
        const char  *field,
        const char  *allowed)
{
  g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_INVALID_VALUE,
               "recorded command: %s must be %s", field, allowed);
  return FALSE;
}

/**
 * twin_json_parse_recorded_command:
 * @command: (out caller-allocates): the command, its step and source
 * @timestamp: (out): simulated s at which it took effect
 * @ended_step: (out): for a reset, the step the run it ended had reached
 *
 * Reads back what twin_json_encode_recorded_command() wrote, checking
 * every field as a command from the wire is checked.
 */
gboolean
twin_json_parse_recorded_command (const char   *data,
                                  gsize         length,
                                  TwinCommand  *command,
                                  double       *timestamp,
                                  guint64      *ended_step,
                                  GError      **error)
{
  g_autoptr(cJSON) root = NULL;
  const cJSON *item, *params, *noise, *sync;
  TwinCommand c = { 0 };
  guint source;

  if ((root = twin_json_parse_object (data, length, error)) == NULL)
    return FALSE;

  item = cJSON_GetObjectItemCaseSensitive (root, "timestamp");
  if (!cJSON_IsNumber (item) || !(item->valuedouble >= 0 && item->valuedouble <= TWIN_TIMESTAMP_MAX))
    return refuse (error, "timestamp", "a number of simulated seconds from 0");
  *timestamp = item->valuedouble;


  item = cJSON_GetObjectItemCaseSensitive (root, "source");
  for (source = 0; source < TWIN_N_COMMAND_SOURCES; source++)
    if (cJSON_IsString (item) && g_str_equal (item->valuestring, twin_command_source_to_string (source)))
      break;
  if (source == TWIN_N_COMMAND_SOURCES)
    return refuse (error, "source", "where a command comes from: window, mqtt, rest, scenario, replay…");

  item = cJSON_GetObjectItemCaseSensitive (root, "command");
  if (!cJSON_IsObject (item))
    return refuse (error, "command", "an object");
  if (!twin_json_command_from_object (item, &c, error))
    return FALSE;
  c.source = source;
  if (!twin_json_get_count (cJSON_GetObjectItemCaseSensitive (root, "step"), &c.step))
    return refuse (error, "step", "a whole number of steps, as a string");

  *ended_step = 0;
  if ((c.fields & TWIN_COMMAND_RESET) && c.reset &&
      !twin_json_get_count (cJSON_GetObjectItemCaseSensitive (root, "ended_step"), ended_step))
    return refuse (error, "ended_step", "the step the ended run had reached, as a string, with a reset");

  params = cJSON_GetObjectItemCaseSensitive (root, "params");
  if (params != NULL && !cJSON_IsObject (params))
    return refuse (error, "params", "an object of numbers");
  for (item = params != NULL ? params->child : NULL; item != NULL; item = item->next)
    {
      if (!cJSON_IsNumber (item))
        return refuse (error, "params", "an object of numbers");
      if (!twin_command_add_param (&c, item->string, item->valuedouble, error))
        return FALSE;
    }

  noise = cJSON_GetObjectItemCaseSensitive (root, "noise");
  if (noise != NULL)
    {
      if (!cJSON_IsBool (cJSON_GetObjectItemCaseSensitive (noise, "enabled")) ||
          !twin_json_get_count (cJSON_GetObjectItemCaseSensitive (noise, "seed"), &c.noise_seed))
        return refuse (error, "noise", "{\"enabled\": true or false, \"seed\": a whole number as a string}");
      c.noise = cJSON_IsTrue (cJSON_GetObjectItemCaseSensitive (noise, "enabled"));
      c.fields |= TWIN_COMMAND_NOISE;
    }

  sync = cJSON_GetObjectItemCaseSensitive (root, "sync");
  if (sync != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (sync_fields); i++)
        {
          const TwinField *spec = &twin_channels[sync_fields[i].channel];

          item = cJSON_GetObjectItemCaseSensitive (sync, sync_fields[i].name);
          if (!cJSON_IsNumber (item))
            return refuse (error, "sync", "{\"temperature\", \"vibration\", \"rpm\"} as numbers");
          if (!twin_validate_field (spec, item->valuedouble, error))
            return FALSE;
          G_STRUCT_MEMBER (double, &c, sync_fields[i].offset) = item->valuedouble;
        }
      c.fields |= TWIN_COMMAND_SYNC;
    }

  if (!twin_command_validate (&c, error))
    return FALSE;
  *command = c;
  return TRUE;
}

/**
 * twin_json_recorded_command_schema:
 *
 * Returns: (transfer full): the JSON Schema of a recorded command
 */
cJSON *
twin_json_recorded_command_schema (void)
{
  static const char * const required[] = { "timestamp", "step", "source", "command", NULL };
  const char *sources[TWIN_N_COMMAND_SOURCES + 1] = { NULL };
  cJSON *p = cJSON_CreateObject ();
  cJSON *command = twin_schema_build ("command");

  for (guint i = 0; i < TWIN_N_COMMAND_SOURCES; i++)
    sources[i] = twin_command_source_to_string (i);
  cJSON_AddItemToObject (p, "timestamp", twin_schema_number (0, TWIN_TIMESTAMP_MAX, "Simulated s at which it took effect"));
  cJSON_AddItemToObject (p, "step", twin_schema_typed ("string", "The model step at which it took effect, in its run"));
  cJSON_AddItemToObject (p, "source", twin_schema_enum (sources, "Where it came from"));
  cJSON_AddItemToObject (p, "command", command);
  cJSON_AddItemToObject (p, "ended_step", twin_schema_typed ("string", "With a reset: the step the ended run had reached"));
  cJSON_AddItemToObject (p, "params", twin_schema_typed ("object", "Model parameters it set"));
  cJSON_AddItemToObject (p, "noise", twin_schema_typed ("object", "Measurement noise it set: enabled, seed"));
  cJSON_AddItemToObject (p, "sync", twin_schema_typed ("object", "Measured temperature, vibration and speed the state took"));
  return twin_schema_object (p, required, "Applied command",
                             "A command as Twinscope applied it, with its source and step");
}
