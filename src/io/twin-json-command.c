/* twin-json-command.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Commands and readings as they arrive: fields from the command's table,
 * syntax and types only.
 */

#define G_LOG_DOMAIN "twin-json"

#include "config.h"

#include <math.h>
#include <string.h>

#include "twin-json.h"

#define MAX_ID_LENGTH 128

static gboolean
get_number (const cJSON  *item,
            const char   *name,
            double       *out,
            GError      **error)
{
  if (!cJSON_IsNumber (item))
    {
      g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_WRONG_TYPE, "%s: must be a number", name);
      return FALSE;
    }

  *out = item->valuedouble;
  return TRUE;
}

static gboolean
read_field (const TwinCommandWireField  *f,
            const cJSON                 *item,
            TwinCommand                 *command,
            GError                     **error)
{
  char *value = (char *)command + f->offset;
  const char *name = twin_command_wire_field_name (f);
  g_autofree char *path = f->group != NULL ? g_strdup_printf ("%s.%s", f->group, name) : g_strdup (name);

  switch (f->kind)
    {
    case TWIN_COMMAND_KIND_NUMBER:
      if (!get_number (item, path, (double *)value, error))
        return FALSE;
      break;

    case TWIN_COMMAND_KIND_BOOLEAN:
      if (!cJSON_IsBool (item))
        {
          g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_WRONG_TYPE, "%s: must be true or false", path);
          return FALSE;
        }
      *(gboolean *)value = cJSON_IsTrue (item);
      break;

    case TWIN_COMMAND_KIND_MODEL:
      if (!cJSON_IsString (item) || strlen (item->valuestring) >= sizeof command->model)
        {
          g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_WRONG_TYPE,
                       "%s: must be a model id string such as \"physical@3\"", path);
          return FALSE;
        }
      g_strlcpy (value, item->valuestring, sizeof command->model);
      break;

    case TWIN_COMMAND_KIND_CHOICE:
      if (!cJSON_IsString (item))
        {
          g_autofree char *allowed = g_strjoinv (", ", (char **)f->choices);

          g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_WRONG_TYPE,
                       "%s: must be a string; allowed: %s", path, allowed);
          return FALSE;
        }
      if (!twin_command_parse_choice (f, item->valuestring, (guint *)value, error))
        return FALSE;
      break;

    default:
      g_assert_not_reached ();
    }

  command->fields |= f->flag;
  return TRUE;
}

/* The names of the fields in @group (NULL: at the top, with each group
 * once and "id"), as an error message lists what is allowed. */
static char *
allowed_fields (const char *group,
                const char *separator)
{
  g_autoptr(GString) allowed = g_string_new (NULL);
  const char *last_group = NULL;
  guint n;
  const TwinCommandWireField *fields = twin_command_wire_fields (&n);

  for (guint i = 0; i < n; i++)
    {
      const char *name = fields[i].group != NULL && group == NULL ? fields[i].group : twin_command_wire_field_name (&fields[i]);

      if (g_strcmp0 (fields[i].group, group) != 0 && (group != NULL || g_strcmp0 (name, last_group) == 0))
        continue;
      g_string_append_printf (allowed, "%s%s", allowed->len > 0 ? separator : "", name);
      last_group = fields[i].group;
    }
  if (group == NULL)
    g_string_append_printf (allowed, "%sid", separator);

  return g_string_free (g_steal_pointer (&allowed), FALSE);
}

/**
 * twin_json_check_id:
 *
 * A request's "id", echoed in its reply: a short string or a number.
 */
gboolean
twin_json_check_id (const cJSON  *item,
                    GError      **error)
{
  if (!(cJSON_IsString (item) && strlen (item->valuestring) <= MAX_ID_LENGTH) &&
      !(cJSON_IsNumber (item) && isfinite (item->valuedouble)))
    {
      g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_WRONG_TYPE,
                   "id: must be a string of at most %d bytes or a number", MAX_ID_LENGTH);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_object (const cJSON  *object,
             const char   *group,
             TwinCommand  *command,
             GError      **error);

static gboolean
read_item (const cJSON  *item,
           const char   *group,
           TwinCommand  *command,
           GError      **error)
{
  const char *key = item->string;
  guint n;
  const TwinCommandWireField *fields = twin_command_wire_fields (&n);

  for (guint i = 0; i < n; i++)
    {
      if (group == NULL && fields[i].group != NULL && g_strcmp0 (key, fields[i].group) == 0)
        {
          if (!cJSON_IsObject (item))
            {
              g_autofree char *members = allowed_fields (key, " and/or ");

              g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_WRONG_TYPE,
                           "%s: must be an object with %s", key, members);
              return FALSE;
            }
          return read_object (item, key, command, error);
        }
      if (g_strcmp0 (fields[i].group, group) == 0 && g_strcmp0 (key, twin_command_wire_field_name (&fields[i])) == 0)
        return read_field (&fields[i], item, command, error);
    }

  if (group == NULL && g_strcmp0 (key, "id") == 0)
    return twin_json_check_id (item, error);

  {
    g_autofree char *allowed = allowed_fields (group, ", ");
    g_autofree char *shown = twin_json_shorten (key, -1);

    g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_UNKNOWN_FIELD,
                 "%s%s%s: unknown field; allowed: %s", group ? group : "", group ? "." : "", shown, allowed);
    return FALSE;
  }
}

static gboolean
read_object (const cJSON  *object,
             const char   *group,
             TwinCommand  *command,
             GError      **error)
{
  for (const cJSON *item = object->child; item != NULL; item = item->next)
    if (!read_item (item, group, command, error))
      return FALSE;

  return TRUE;
}

/**
 * twin_json_command_from_object:
 *
 * Reads DESIGN.md's command from @root strictly: every key known, every
 * value of the right type; ranges are checked where the command is
 * applied. "id" is accepted and ignored here.
 */
gboolean
twin_json_command_from_object (const cJSON  *root,
                               TwinCommand  *command,
                               GError      **error)
{
  memset (command, 0, sizeof *command);

  return read_object (root, NULL, command, error);
}

/**
 * twin_json_dup_id:
 *
 * Returns: (transfer full) (nullable): @root's "id" as JSON text, to echo
 *   in a reply; %NULL when it has none or not one an id may be
 */
char *
twin_json_dup_id (const cJSON *root)
{
  const cJSON *id = cJSON_GetObjectItemCaseSensitive (root, "id");
  char *text, *ret;

  if (!(cJSON_IsString (id) && strlen (id->valuestring) <= MAX_ID_LENGTH) &&
      !(cJSON_IsNumber (id) && isfinite (id->valuedouble)))
    return NULL;

  text = cJSON_PrintUnformatted (id);
  ret = g_strdup (text);
  cJSON_free (text);
  return ret;
}

/**
 * twin_json_parse_command:
 * @id_json: (out) (optional): the command's "id" as JSON text, to echo in
 *   the reply; %NULL when it has none or is not a JSON object
 *
 * Parses and validates a command; nothing is applied here.
 */
gboolean
twin_json_parse_command (const char   *data,
                         gsize         length,
                         TwinCommand  *command,
                         char        **id_json,
                         GError      **error)
{
  g_autoptr(cJSON) root = NULL;

  if (id_json != NULL)
    *id_json = NULL;

  if (!twin_json_check_payload (data, length, TWIN_JSON_MAX_COMMAND_SIZE, error))
    return FALSE;

  root = twin_json_parse_object (data, length, error);
  if (root == NULL)
    return FALSE;

  if (id_json != NULL)
    *id_json = twin_json_dup_id (root);

  return twin_json_command_from_object (root, command, error);
}

/**
 * twin_json_command_reply:
 * @id_json: (nullable): the command's id as JSON text
 * @error: (nullable): why the command was refused, or %NULL if applied
 *
 * Returns: {"ok":true} or {"ok":false,"error":"…"}, with "id" echoed.
 */
char *
twin_json_command_reply (const char   *id_json,
                         const GError *error)
{
  cJSON *root = cJSON_CreateObject ();
  char *text;
  char *ret;

  cJSON_AddBoolToObject (root, "ok", error == NULL);
  if (error != NULL)
    cJSON_AddStringToObject (root, "error", error->message);
  if (id_json != NULL)
    cJSON_AddItemToObject (root, "id", cJSON_Parse (id_json));

  text = cJSON_PrintUnformatted (root);
  ret = g_strdup (text);
  cJSON_free (text);
  cJSON_Delete (root);

  return ret;
}

/**
 * twin_json_parse_reading:
 *
 * Reads a sensor reading strictly: exactly the tutorial's four keys,
 * numbers, finite and within the physical bounds.
 */
gboolean
twin_json_parse_reading (const char   *data,
                         gsize         length,
                         TwinReading  *reading,
                         GError      **error)
{
  static const char *keys[] = { "temperature", "vibration", "rpm", "timestamp" };
  double *fields[] = { &reading->temperature, &reading->vibration, &reading->rpm, &reading->timestamp };
  guint seen = 0;
  g_autoptr(cJSON) root = NULL;

  g_return_val_if_fail (reading != NULL, FALSE);

  if (!twin_json_check_payload (data, length, TWIN_JSON_MAX_COMMAND_SIZE, error))
    return FALSE;
  if ((root = twin_json_parse_object (data, length, error)) == NULL)
    return FALSE;

  for (const cJSON *item = root->child; item != NULL; item = item->next)
    {
      guint i;

      for (i = 0; i < G_N_ELEMENTS (keys); i++)
        if (g_strcmp0 (item->string, keys[i]) == 0)
          break;

      if (i == G_N_ELEMENTS (keys))
        {
          g_autofree char *shown = twin_json_shorten (item->string, -1);

          g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_UNKNOWN_FIELD,
                       "%s: unknown field; allowed: temperature, vibration, rpm, timestamp", shown);
          return FALSE;
        }

      if (!get_number (item, keys[i], fields[i], error))
        return FALSE;
      seen |= 1u << i;
    }

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    if (!(seen & (1u << i)))
      {
        g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_MALFORMED,
                     "%s: missing; a reading has temperature, vibration, rpm and timestamp", keys[i]);
        return FALSE;
      }

  return twin_reading_validate (reading, error);
}

/**
 * twin_json_controls_object:
 * @controls: a command holding the inputs as they are
 *
 * The controls document (REST GET /controls): the command's fields that
 * are also part of the state, from its table, in the table's order.
 */
cJSON *
twin_json_controls_object (const TwinCommand *controls)
{
  cJSON *root = cJSON_CreateObject ();
  guint n;
  const TwinCommandWireField *fields = twin_command_wire_fields (&n);

  for (guint i = 0; i < n; i++)
    {
      const TwinCommandWireField *f = &fields[i];
      const char *value = (const char *)controls + f->offset;
      cJSON *parent = root;
      cJSON *item;

      if (!f->in_state)
        continue;
      if (f->group != NULL)
        {
          parent = cJSON_GetObjectItemCaseSensitive (root, f->group);
          if (parent == NULL)
            cJSON_AddItemToObject (root, f->group, parent = cJSON_CreateObject ());
        }

      switch (f->kind)
        {
        case TWIN_COMMAND_KIND_NUMBER:
          item = twin_json_number (*(const double *)value);
          break;
        case TWIN_COMMAND_KIND_BOOLEAN:
          item = cJSON_CreateBool (*(const gboolean *)value);
          break;
        case TWIN_COMMAND_KIND_MODEL:
          item = cJSON_CreateString (value);
          break;
        default:
          g_assert_not_reached ();
        }
      cJSON_AddItemToObject (parent, twin_command_wire_field_name (f), item);
    }

  return root;
}
