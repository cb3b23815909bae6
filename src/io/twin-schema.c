/* twin-schema.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * JSON Schema (draft-07) documents of the wire formats, and the OpenAPI 3
 * document of the REST port. They are built from the same constants the
 * validators use, so a range can never differ between the code and its
 * description. The schemas keep to the part of draft-07 that OpenAPI 3.0
 * shares (no "const", no type arrays), so the very same objects serve as
 * the OpenAPI components.
 */

#define G_LOG_DOMAIN "twin-schema"

#include "config.h"

#include <cjson/cJSON.h>
#include <math.h>

#include "twin-engine.h"
#include "twin-json.h"
#include "twin-schema.h"

#define SCHEMA_BASE "https://twinscope.invalid/schema/"

static const char * const names[] = {
  "state", "command", "sensors", "controls", "model", "model-switch",
  "history", "problem", NULL
};

static cJSON *
number_prop (double      min,
             double      max,
             const char *description)
{
  cJSON *p = cJSON_CreateObject ();

  cJSON_AddStringToObject (p, "type", "number");
  if (!isnan (min))
    cJSON_AddItemToObject (p, "minimum", twin_json_number (min));
  if (!isnan (max))
    cJSON_AddItemToObject (p, "maximum", twin_json_number (max));
  if (description != NULL)
    cJSON_AddStringToObject (p, "description", description);
  return p;
}

/* A number field of the tables, with its range and what it is. */
static cJSON *
field_prop (const TwinField *field)
{
  g_autofree char *described = NULL;

  if (field->description == NULL)
    described = g_strdup_printf ("%s, %s", field->title, field->unit);

  return number_prop (field->min, field->max, described ? described : field->description);
}

static cJSON *
typed_prop (const char *type,
            const char *description)
{
  cJSON *p = cJSON_CreateObject ();

  cJSON_AddStringToObject (p, "type", type);
  if (description != NULL)
    cJSON_AddStringToObject (p, "description", description);
  return p;
}

static cJSON *
string_enum (const char * const *values,
             const char         *description)
{
  cJSON *p = typed_prop ("string", description);
  cJSON *e = cJSON_CreateArray ();

  for (guint i = 0; values[i] != NULL; i++)
    cJSON_AddItemToArray (e, cJSON_CreateString (values[i]));
  cJSON_AddItemToObject (p, "enum", e);
  return p;
}

static cJSON *
model_enum (const char *description)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();

  for (gsize i = 0; i < twin_model_registry_count (); i++)
    g_ptr_array_add (ids, (char *)twin_model_registry_get (i)->id);
  g_ptr_array_add (ids, NULL);

  return string_enum ((const char * const *)ids->pdata, description);
}

static cJSON *
object_schema (cJSON              *properties,
               const char * const *required,
               const char         *title,
               const char         *description)
{
  cJSON *s = cJSON_CreateObject ();

  if (title != NULL)
    cJSON_AddStringToObject (s, "title", title);
  if (description != NULL)
    cJSON_AddStringToObject (s, "description", description);
  cJSON_AddStringToObject (s, "type", "object");
  cJSON_AddItemToObject (s, "properties", properties);
  if (required != NULL)
    {
      cJSON *r = cJSON_CreateArray ();

      for (guint i = 0; required[i] != NULL; i++)
        cJSON_AddItemToArray (r, cJSON_CreateString (required[i]));
      cJSON_AddItemToObject (s, "required", r);
    }
  cJSON_AddFalseToObject (s, "additionalProperties");
  return s;
}

static cJSON *
faults_schema (gboolean all_required)
{
  g_autoptr(GPtrArray) required = g_ptr_array_new ();
  cJSON *p = cJSON_CreateObject ();
  guint n;
  const TwinCommandWireField *fields = twin_command_wire_fields (&n);

  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (fields[i].group, "faults") == 0)
      {
        cJSON_AddItemToObject (p, fields[i].name, typed_prop ("boolean", fields[i].description));
        g_ptr_array_add (required, (char *)fields[i].name);
      }
  g_ptr_array_add (required, NULL);

  return object_schema (p, all_required ? (const char * const *)required->pdata : NULL, NULL, "Injected faults");
}

/* The command's fields from its table: all of them, or (@in_state) those
 * the controls document shows; descriptions only where @described. */
static void
add_command_props (cJSON    *p,
                   gboolean  in_state,
                   gboolean  described)
{
  guint n;
  const TwinCommandWireField *fields = twin_command_wire_fields (&n);

  for (guint i = 0; i < n; i++)
    {
      const TwinCommandWireField *f = &fields[i];
      const char *description = described ? f->description : NULL;

      if (in_state && !f->in_state)
        continue;
      if (f->group != NULL)
        {
          if (cJSON_GetObjectItemCaseSensitive (p, f->group) == NULL)
            cJSON_AddItemToObject (p, f->group, faults_schema (in_state));
          continue;
        }

      switch (f->kind)
        {
        case TWIN_COMMAND_KIND_NUMBER:
          cJSON_AddItemToObject (p, f->spec->name, field_prop (f->spec));
          break;
        case TWIN_COMMAND_KIND_BOOLEAN:
          cJSON_AddItemToObject (p, f->name, typed_prop ("boolean", description));
          break;
        case TWIN_COMMAND_KIND_MODEL:
          cJSON_AddItemToObject (p, f->name, model_enum (description));
          break;
        default:
          g_assert_not_reached ();
        }
    }
}

static void
add_sensor_props (cJSON *p)
{
  const TwinField *speed = &twin_channels[TWIN_CHANNEL_RPM];
  cJSON *rpm = field_prop (speed);

  cJSON_AddItemToObject (p, "temperature", field_prop (&twin_channels[TWIN_CHANNEL_TEMPERATURE]));
  cJSON_AddItemToObject (p, "vibration", field_prop (&twin_channels[TWIN_CHANNEL_VIBRATION]));
  /* The tutorial's rpm is an integer. */
  cJSON_ReplaceItemInObject (rpm, "type", cJSON_CreateString ("integer"));
  cJSON_ReplaceItemInObject (rpm, "minimum", cJSON_CreateNumber (speed->min));
  cJSON_ReplaceItemInObject (rpm, "maximum", cJSON_CreateNumber (speed->max));
  cJSON_AddItemToObject (p, speed->name, rpm);
  cJSON_AddItemToObject (p, "timestamp",
                         number_prop (0, TWIN_TIMESTAMP_MAX, "Simulated seconds since the start"));
}

static cJSON *
build_sensors (void)
{
  static const char * const required[] = { "temperature", "vibration", "rpm", "timestamp", NULL };
  cJSON *p = cJSON_CreateObject ();

  add_sensor_props (p);
  return object_schema (p, required, "Sensor reading",
                        "What the physical machine would publish: the state's first four keys");
}

static cJSON *
build_state (void)
{
  static const char * const zones[] = { "A", "B", "C", "D", NULL };
  static const char * const required[] = {
    "temperature", "vibration", "rpm", "timestamp", "ambient", "rpm_setpoint", "wear",
    "rul_hours", "zone", "tripped", "alarms", "faults", "paused", "time_scale", "model",
    "seq", "time", NULL
  };
  g_autoptr(GPtrArray) alarm_names = g_ptr_array_new ();
  cJSON *p = cJSON_CreateObject ();
  cJSON *alarms, *seq, *msg_seq, *time;

  for (guint i = 0; i < TWIN_N_ALARMS; i++)
    g_ptr_array_add (alarm_names, (char *)twin_alarm_get_name (twin_alarm_from_index (i)));
  g_ptr_array_add (alarm_names, NULL);

  add_sensor_props (p);
  cJSON_AddItemToObject (p, "ambient", field_prop (&twin_inputs[TWIN_INPUT_AMBIENT]));
  cJSON_AddItemToObject (p, "rpm_setpoint", field_prop (&twin_inputs[TWIN_INPUT_RPM_SETPOINT]));
  cJSON_AddItemToObject (p, "wear", field_prop (&twin_channels[TWIN_CHANNEL_WEAR]));
  cJSON_AddItemToObject (p, "rul_hours",
                         number_prop (0, TWIN_RUL_HOURS_MAX, "Remaining useful life at the current rate, h"));
  cJSON_AddItemToObject (p, "zone", string_enum (zones, "Vibration zone after ISO 10816-3"));
  cJSON_AddItemToObject (p, "tripped", typed_prop ("boolean", "The protection tripped the machine"));

  alarms = typed_prop ("array", "Alarms active now");
  cJSON_AddItemToObject (alarms, "items", string_enum ((const char * const *)alarm_names->pdata, NULL));
  cJSON_AddTrueToObject (alarms, "uniqueItems");
  cJSON_AddItemToObject (p, "alarms", alarms);

  cJSON_AddItemToObject (p, "faults", faults_schema (TRUE));
  cJSON_AddItemToObject (p, "paused", typed_prop ("boolean", "The real-time clock is paused"));
  cJSON_AddItemToObject (p, "time_scale", field_prop (&twin_inputs[TWIN_INPUT_TIME_SCALE]));
  cJSON_AddItemToObject (p, "model", model_enum ("Model that produced the state, name@version"));

  seq = typed_prop ("integer", "Model steps since the last reset");
  cJSON_AddNumberToObject (seq, "minimum", 0);
  cJSON_AddItemToObject (p, "seq", seq);

  /* Only on MQTT, where a subscriber counts it to see what it missed. */
  msg_seq = typed_prop ("integer", "MQTT only: consecutive number of the state message since the process started");
  cJSON_AddNumberToObject (msg_seq, "minimum", 1);
  cJSON_AddItemToObject (p, "msg_seq", msg_seq);

  time = typed_prop ("string", "Wall-clock time the state was taken, UTC");
  cJSON_AddStringToObject (time, "format", "date-time");
  cJSON_AddItemToObject (p, "time", time);

  return object_schema (p, required, "State", "The machine's state, as published on MQTT and served by GET /state");
}

static cJSON *
build_command (void)
{
  cJSON *p = cJSON_CreateObject ();
  cJSON *id, *one_of, *s;

  add_command_props (p, FALSE, TRUE);

  id = cJSON_CreateObject ();
  cJSON_AddStringToObject (id, "description", "Echoed in the MQTT reply");
  one_of = cJSON_CreateArray ();
  s = typed_prop ("string", NULL);
  cJSON_AddNumberToObject (s, "maxLength", 128);
  cJSON_AddItemToArray (one_of, s);
  cJSON_AddItemToArray (one_of, typed_prop ("number", NULL));
  cJSON_AddItemToObject (id, "oneOf", one_of);
  cJSON_AddItemToObject (p, "id", id);

  return object_schema (p, NULL, "Command",
                        "Any subset of the fields; applied whole or not at all (MQTT <prefix>/cmd, REST PATCH /controls)");
}

static cJSON *
build_controls (void)
{
  g_autoptr(GPtrArray) required = g_ptr_array_new ();
  cJSON *p = cJSON_CreateObject ();
  cJSON *item;

  add_command_props (p, TRUE, FALSE);
  cJSON_ArrayForEach (item, p)
    g_ptr_array_add (required, item->string);
  g_ptr_array_add (required, NULL);

  return object_schema (p, (const char * const *)required->pdata, "Controls", "The inputs as they are now");
}

static cJSON *
build_model (void)
{
  static const char * const required[] = {
    "model", "name", "version", "description", "dt", "parameters", "available", NULL
  };
  static const char * const param_required[] = {
    "name", "unit", "description", "default", "min", "max", "value", NULL
  };
  cJSON *p = cJSON_CreateObject ();
  cJSON *pp = cJSON_CreateObject ();
  cJSON *params, *available, *version;

  cJSON_AddItemToObject (p, "model", model_enum ("name@version"));
  cJSON_AddItemToObject (p, "name", typed_prop ("string", NULL));
  version = typed_prop ("integer", NULL);
  cJSON_AddNumberToObject (version, "minimum", 1);
  cJSON_AddItemToObject (p, "version", version);
  cJSON_AddItemToObject (p, "description", typed_prop ("string", NULL));
  cJSON_AddItemToObject (p, "dt", number_prop (0, NAN, "The model's fixed step, s"));

  cJSON_AddItemToObject (pp, "name", typed_prop ("string", NULL));
  cJSON_AddItemToObject (pp, "unit", typed_prop ("string", NULL));
  cJSON_AddItemToObject (pp, "description", typed_prop ("string", NULL));
  cJSON_AddItemToObject (pp, "default", typed_prop ("number", NULL));
  cJSON_AddItemToObject (pp, "min", typed_prop ("number", NULL));
  cJSON_AddItemToObject (pp, "max", typed_prop ("number", NULL));
  cJSON_AddItemToObject (pp, "value", typed_prop ("number", "In effect now"));
  params = typed_prop ("array", "Parameter specifications");
  cJSON_AddItemToObject (params, "items", object_schema (pp, param_required, NULL, NULL));
  cJSON_AddItemToObject (p, "parameters", params);

  available = typed_prop ("array", "Every model of the registry");
  cJSON_AddItemToObject (available, "items", model_enum (NULL));
  cJSON_AddItemToObject (p, "available", available);

  return object_schema (p, required, "Model", "The model running now and its parameters");
}

static cJSON *
build_model_switch (void)
{
  static const char * const required[] = { "model", NULL };
  cJSON *p = cJSON_CreateObject ();

  cJSON_AddItemToObject (p, "model", model_enum ("Model to switch to, name@version"));
  return object_schema (p, required, "Model switch", "Body of PUT /model");
}

static cJSON *
build_history (void)
{
  static const char * const required[] = { "from", "to", "points", "columns", NULL };
  cJSON *p = cJSON_CreateObject ();
  cJSON *columns = typed_prop ("object",
                               "Columns of equal length: time (start of each bucket, s), "
                               "and <field>_min, <field>_max for each field asked for");
  cJSON *column = typed_prop ("array", NULL);
  cJSON *points;

  cJSON_AddItemToObject (column, "items", typed_prop ("number", NULL));
  cJSON_AddItemToObject (columns, "additionalProperties", column);

  cJSON_AddItemToObject (p, "from", number_prop (0, NAN, "Start of the window, simulated s"));
  cJSON_AddItemToObject (p, "to", number_prop (0, NAN, "End of the window (exclusive), simulated s"));
  points = typed_prop ("integer", "Number of rows");
  cJSON_AddNumberToObject (points, "minimum", 0);
  cJSON_AddItemToObject (p, "points", points);
  cJSON_AddItemToObject (p, "columns", columns);

  return object_schema (p, required, "History", "Min/max summary of the history, as columns");
}

static cJSON *
build_problem (void)
{
  static const char * const required[] = { "type", "title", "status", "detail", NULL };
  cJSON *p = cJSON_CreateObject ();
  cJSON *status = typed_prop ("integer", "The HTTP status");

  cJSON_AddItemToObject (p, "type", typed_prop ("string", "about:blank"));
  cJSON_AddItemToObject (p, "title", typed_prop ("string", "The status's reason phrase"));
  cJSON_AddNumberToObject (status, "minimum", 400);
  cJSON_AddNumberToObject (status, "maximum", 599);
  cJSON_AddItemToObject (p, "status", status);
  cJSON_AddItemToObject (p, "detail", typed_prop ("string", "What was wrong: the field, the value and what is allowed"));
  cJSON_AddItemToObject (p, "instance", typed_prop ("string", "The request path"));

  return object_schema (p, required, "Problem", "RFC 9457 problem details");
}

static cJSON *
build (const char *name)
{
  if (g_str_equal (name, "state"))
    return build_state ();
  if (g_str_equal (name, "command"))
    return build_command ();
  if (g_str_equal (name, "sensors"))
    return build_sensors ();
  if (g_str_equal (name, "controls"))
    return build_controls ();
  if (g_str_equal (name, "model"))
    return build_model ();
  if (g_str_equal (name, "model-switch"))
    return build_model_switch ();
  if (g_str_equal (name, "history"))
    return build_history ();
  if (g_str_equal (name, "problem"))
    return build_problem ();
  g_assert_not_reached ();
}

static char *
print_and_delete (cJSON *root)
{
  char *text = cJSON_Print (root);
  char *ret = g_strdup (text);

  cJSON_free (text);
  cJSON_Delete (root);
  return ret;
}

/**
 * twin_schema_get_names:
 *
 * Returns: (transfer none): the names twin_schema_get() knows, state,
 *   command and sensors first
 */
const char * const *
twin_schema_get_names (void)
{
  return names;
}

/**
 * twin_schema_get:
 * @name: "state", "command", "sensors", or another of twin_schema_get_names()
 *
 * Returns: (transfer none) (nullable): the JSON Schema (draft-07) document,
 *   built once and kept for the life of the process; %NULL for an unknown
 *   name
 */
const char *
twin_schema_get (const char *name)
{
  static GHashTable *cache;
  G_LOCK_DEFINE_STATIC (cache);
  const char *ret;

  g_return_val_if_fail (name != NULL, NULL);

  if (!g_strv_contains (names, name))
    return NULL;

  G_LOCK (cache);
  if (cache == NULL)
    cache = g_hash_table_new (g_str_hash, g_str_equal);
  ret = g_hash_table_lookup (cache, name);
  if (ret == NULL)
    {
      cJSON *root = cJSON_CreateObject ();
      g_autofree char *id = g_strconcat (SCHEMA_BASE, name, ".json", NULL);
      cJSON *body = build (name);

      cJSON_AddStringToObject (root, "$schema", "http://json-schema.org/draft-07/schema#");
      cJSON_AddStringToObject (root, "$id", id);
      while (body->child != NULL)
        {
          cJSON *item = cJSON_DetachItemViaPointer (body, body->child);

          cJSON_AddItemToObject (root, item->string, item);
        }
      cJSON_Delete (body);

      ret = print_and_delete (root);
      g_hash_table_insert (cache, g_strdup (name), (char *)ret);
    }
  G_UNLOCK (cache);

  return ret;
}

static cJSON *
ref (const char *component)
{
  cJSON *r = cJSON_CreateObject ();
  g_autofree char *path = g_strconcat ("#/components/schemas/", component, NULL);

  cJSON_AddStringToObject (r, "$ref", path);
  return r;
}

static cJSON *
content (const char *media_type,
         cJSON      *schema)
{
  cJSON *c = cJSON_CreateObject ();
  cJSON *m = cJSON_CreateObject ();

  cJSON_AddItemToObject (m, "schema", schema);
  cJSON_AddItemToObject (c, media_type, m);
  return c;
}

static void
add_response (cJSON      *responses,
              const char *status,
              const char *description,
              const char *media_type,
              cJSON      *schema)
{
  cJSON *r = cJSON_CreateObject ();

  cJSON_AddStringToObject (r, "description", description);
  if (media_type != NULL)
    cJSON_AddItemToObject (r, "content", content (media_type, schema));
  cJSON_AddItemToObject (responses, status, r);
}

static void
add_problem (cJSON      *responses,
             const char *status,
             const char *description)
{
  add_response (responses, status, description, "application/problem+json", ref ("Problem"));
}

static cJSON *
operation (cJSON      *path_item,
           const char *method,
           const char *operation_id,
           const char *summary,
           gboolean    authenticated)
{
  cJSON *op = cJSON_CreateObject ();
  cJSON *responses = cJSON_CreateObject ();

  cJSON_AddStringToObject (op, "operationId", operation_id);
  cJSON_AddStringToObject (op, "summary", summary);
  cJSON_AddItemToObject (op, "responses", responses);
  /* Every request, on every route: see twin-rest-origin.c. */
  add_problem (responses, "403", "The request carries an Origin that is not listed with --rest-allow-origin");
  add_problem (responses, "421", "Host does not name this server (its address, localhost, or a name listed "
                                 "with --rest-allow-host)");
  if (authenticated)
    add_problem (responses, "401", "A token is set and the request did not carry it");
  else
    cJSON_AddItemToObject (op, "security", cJSON_CreateArray ());
  cJSON_AddItemToObject (path_item, method, op);
  return op;
}

static cJSON *
query_param (cJSON      *op,
             const char *name,
             const char *description,
             cJSON      *schema)
{
  cJSON *params = cJSON_GetObjectItem (op, "parameters");
  cJSON *p = cJSON_CreateObject ();

  if (params == NULL)
    {
      params = cJSON_CreateArray ();
      cJSON_AddItemToObject (op, "parameters", params);
    }
  cJSON_AddStringToObject (p, "name", name);
  cJSON_AddStringToObject (p, "in", "query");
  cJSON_AddFalseToObject (p, "required");
  cJSON_AddStringToObject (p, "description", description);
  cJSON_AddItemToObject (p, "schema", schema);
  cJSON_AddItemToArray (params, p);
  return p;
}

static void
request_body (cJSON      *op,
              const char *component)
{
  cJSON *body = cJSON_CreateObject ();

  cJSON_AddTrueToObject (body, "required");
  cJSON_AddItemToObject (body, "content", content ("application/json", ref (component)));
  cJSON_AddItemToObject (op, "requestBody", body);
}

static cJSON *
responses_of (cJSON *op)
{
  return cJSON_GetObjectItem (op, "responses");
}

static cJSON *
integer_range (double min,
               double max)
{
  cJSON *s = typed_prop ("integer", NULL);

  cJSON_AddNumberToObject (s, "minimum", min);
  cJSON_AddNumberToObject (s, "maximum", max);
  return s;
}

static cJSON *
build_openapi (void)
{
  static const struct { const char *component; const char *name; } components[] = {
    { "State", "state" }, { "Command", "command" }, { "Sensors", "sensors" },
    { "Controls", "controls" }, { "Model", "model" }, { "ModelSwitch", "model-switch" },
    { "History", "history" }, { "Problem", "problem" },
  };
  static const char * const schema_names[] = { "state", "command", "sensors", NULL };
  cJSON *root = cJSON_CreateObject ();
  cJSON *info = cJSON_CreateObject ();
  cJSON *paths = cJSON_CreateObject ();
  cJSON *comps = cJSON_CreateObject ();
  cJSON *schemas = cJSON_CreateObject ();
  cJSON *schemes = cJSON_CreateObject ();
  cJSON *bearer = cJSON_CreateObject ();
  cJSON *security = cJSON_CreateArray ();
  cJSON *requirement = cJSON_CreateObject ();
  cJSON *item, *op, *r, *s, *p;

  cJSON_AddStringToObject (root, "openapi", "3.0.3");
  cJSON_AddStringToObject (info, "title", "Twinscope REST API");
  cJSON_AddStringToObject (info, "version", PACKAGE_VERSION);
  cJSON_AddStringToObject (info, "description",
                           "The local REST port of Twinscope, a digital twin of a rotating machine. "
                           "Errors are RFC 9457 problem details. When the server has a token, every "
                           "endpoint but /healthz requires Authorization: Bearer <token>.");
  cJSON_AddItemToObject (root, "info", info);

  /* /state */
  item = cJSON_CreateObject ();
  op = operation (item, "get", "getState", "The current state", TRUE);
  add_response (responses_of (op), "200", "The state", "application/json", ref ("State"));
  cJSON_AddItemToObject (paths, "/state", item);

  /* /update */
  item = cJSON_CreateObject ();
  op = operation (item, "post", "update",
                  "The tutorial's update: set the ambient input, then advance the simulation "
                  "by exactly 1.0 s at once, even when paused", TRUE);
  query_param (op, "ambient", "Ambient temperature, °C; kept as it is when absent",
               number_prop (TWIN_AMBIENT_MIN, TWIN_AMBIENT_MAX, NULL));
  r = responses_of (op);
  add_response (r, "200", "The state after the second", "application/json", ref ("State"));
  add_problem (r, "400", "A parameter is unknown, not a number, not finite or out of range");
  add_problem (r, "415", "The request has a body; the input goes in the query");
  cJSON_AddItemToObject (paths, "/update", item);

  /* /controls */
  item = cJSON_CreateObject ();
  op = operation (item, "get", "getControls", "The inputs as they are", TRUE);
  add_response (responses_of (op), "200", "The controls", "application/json", ref ("Controls"));
  op = operation (item, "patch", "patchControls",
                  "Apply a command: any subset of the fields, whole or not at all", TRUE);
  request_body (op, "Command");
  r = responses_of (op);
  add_response (r, "200", "The controls after the command", "application/json", ref ("Controls"));
  add_problem (r, "400", "Malformed JSON, an unknown field, a wrong type, a value out of range; nothing applied");
  add_problem (r, "413", "The body is larger than 64 KiB");
  add_problem (r, "415", "The body is not application/json");
  cJSON_AddItemToObject (paths, "/controls", item);

  /* /history */
  item = cJSON_CreateObject ();
  op = operation (item, "get", "getHistory",
                  "Min/max summary of the recent history, as JSON columns or CSV (Accept: text/csv)", TRUE);
  s = number_prop (0, NAN, NULL);
  cJSON_AddTrueToObject (s, "exclusiveMinimum");
  cJSON_AddNumberToObject (s, "default", 60);
  query_param (op, "seconds", "Length of the window ending now, simulated s", s);
  s = typed_prop ("string", NULL);
  cJSON_AddStringToObject (s, "default", "temperature,vibration,rpm,wear,ambient,rpm_setpoint");
  query_param (op, "fields", "Comma-separated fields: temperature, vibration, rpm, wear, ambient, rpm_setpoint", s);
  s = integer_range (1, 10000);
  cJSON_AddNumberToObject (s, "default", 500);
  query_param (op, "max_points", "At most this many rows, decimated by min/max", s);
  r = responses_of (op);
  add_response (r, "200", "The summary", "application/json", ref ("History"));
  cJSON_AddItemToObject (cJSON_GetObjectItem (cJSON_GetObjectItem (r, "200"), "content"), "text/csv",
                         cJSON_CreateObject ());
  cJSON_AddItemToObject (cJSON_GetObjectItem (cJSON_GetObjectItem (cJSON_GetObjectItem (r, "200"), "content"), "text/csv"),
                         "schema", typed_prop ("string", "A header row naming each column and its unit"));
  add_problem (r, "400", "A parameter is unknown or out of range");
  cJSON_AddItemToObject (paths, "/history", item);

  /* /model */
  item = cJSON_CreateObject ();
  op = operation (item, "get", "getModel", "The model running and its parameter specifications", TRUE);
  add_response (responses_of (op), "200", "The model", "application/json", ref ("Model"));
  op = operation (item, "put", "putModel", "Switch model at run time, keeping the common state", TRUE);
  request_body (op, "ModelSwitch");
  r = responses_of (op);
  add_response (r, "200", "The model now running", "application/json", ref ("Model"));
  add_problem (r, "400", "Unknown model, wrong type or malformed JSON");
  add_problem (r, "413", "The body is larger than 64 KiB");
  add_problem (r, "415", "The body is not application/json");
  cJSON_AddItemToObject (paths, "/model", item);

  /* /metrics */
  item = cJSON_CreateObject ();
  op = operation (item, "get", "getMetrics", "Prometheus metrics", TRUE);
  add_response (responses_of (op), "200", "Prometheus text format 0.0.4", "text/plain",
                typed_prop ("string", NULL));
  cJSON_AddItemToObject (paths, "/metrics", item);

  /* /healthz */
  item = cJSON_CreateObject ();
  op = operation (item, "get", "getHealth", "Liveness; needs no token", FALSE);
  p = cJSON_CreateObject ();
  cJSON_AddItemToObject (p, "status", string_enum ((const char * const[]) { "ok", NULL }, NULL));
  add_response (responses_of (op), "200", "Alive", "application/json",
                object_schema (p, (const char * const[]) { "status", NULL }, NULL, NULL));
  cJSON_AddItemToObject (paths, "/healthz", item);

  /* /schema/{name}.json */
  item = cJSON_CreateObject ();
  op = operation (item, "get", "getSchema", "JSON Schema (draft-07) of a wire format", TRUE);
  p = cJSON_CreateObject ();
  cJSON_AddStringToObject (p, "name", "name");
  cJSON_AddStringToObject (p, "in", "path");
  cJSON_AddTrueToObject (p, "required");
  cJSON_AddItemToObject (p, "schema", string_enum (schema_names, NULL));
  cJSON_AddItemToObject (op, "parameters", cJSON_CreateArray ());
  cJSON_AddItemToArray (cJSON_GetObjectItem (op, "parameters"), p);
  r = responses_of (op);
  add_response (r, "200", "The schema", "application/schema+json", typed_prop ("object", NULL));
  add_problem (r, "404", "No such schema");
  cJSON_AddItemToObject (paths, "/schema/{name}.json", item);

  /* /openapi.json */
  item = cJSON_CreateObject ();
  op = operation (item, "get", "getOpenApi", "This document", TRUE);
  add_response (responses_of (op), "200", "OpenAPI 3.0 document", "application/json",
                typed_prop ("object", NULL));
  cJSON_AddItemToObject (paths, "/openapi.json", item);

  /* /ws */
  item = cJSON_CreateObject ();
  op = operation (item, "get", "streamStates",
                  "WebSocket: one state JSON text message per publish period (2 Hz unless configured)", TRUE);
  r = responses_of (op);
  add_response (r, "101", "Switching to the WebSocket protocol; messages follow the State schema", NULL, NULL);
  add_problem (r, "400", "Not a WebSocket upgrade request");
  cJSON_AddItemToObject (paths, "/ws", item);

  cJSON_AddItemToObject (root, "paths", paths);

  for (guint i = 0; i < G_N_ELEMENTS (components); i++)
    cJSON_AddItemToObject (schemas, components[i].component, build (components[i].name));
  cJSON_AddItemToObject (comps, "schemas", schemas);
  cJSON_AddStringToObject (bearer, "type", "http");
  cJSON_AddStringToObject (bearer, "scheme", "bearer");
  cJSON_AddStringToObject (bearer, "description", "Only when the server was given a token (--rest-token-env)");
  cJSON_AddItemToObject (schemes, "bearer", bearer);
  cJSON_AddItemToObject (comps, "securitySchemes", schemes);
  cJSON_AddItemToObject (root, "components", comps);

  cJSON_AddItemToObject (requirement, "bearer", cJSON_CreateArray ());
  cJSON_AddItemToArray (security, requirement);
  cJSON_AddItemToObject (root, "security", security);

  return root;
}

/**
 * twin_schema_get_openapi:
 *
 * Returns: (transfer none): the OpenAPI 3.0 document of the REST port,
 *   built once
 */
const char *
twin_schema_get_openapi (void)
{
  static char *openapi;

  if (g_once_init_enter (&openapi))
    g_once_init_leave (&openapi, print_and_delete (build_openapi ()));

  return openapi;
}
