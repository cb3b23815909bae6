/* twin-schema.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * JSON Schema (draft-07) documents of the wire formats. They are built
 * from the same constants the validators use, so a range can never differ
 * between the code and its description. The schemas keep to the part of
 * draft-07 that OpenAPI 3.0 shares (no "const", no type arrays), so the
 * very same objects serve as the components of the REST port's OpenAPI
 * document (twin-rest-openapi.c).
 */

#define G_LOG_DOMAIN "twin-schema"

#include "config.h"

#include <cjson/cJSON.h>
#include <math.h>

#include "twin-engine.h"
#include "twin-json-whatif.h"
#include "twin-schema.h"

#define SCHEMA_BASE "https://twinscope.invalid/schema/"

static const char * const names[] = {
  "state", "command", "sensors", "controls", "model", "model-switch",
  "history", "problem", "forecast", "predict", "prediction", "advise", "advice", "alarm", "event", NULL
};

/* Only null: with it in anyOf, a value may be null in draft-07; OpenAPI
 * 3.0 has no null type and reads "nullable" beside it instead. */
static cJSON *
null_schema (void)
{
  cJSON *s = cJSON_CreateObject ();
  cJSON *e = cJSON_CreateArray ();

  cJSON_AddItemToArray (e, cJSON_CreateNull ());
  cJSON_AddItemToObject (s, "enum", e);
  return s;
}

/* @schema or null, in JSON Schema's and OpenAPI 3.0's words at once. */
static cJSON *
or_null (cJSON      *schema,
         const char *description)
{
  cJSON *p = cJSON_CreateObject ();
  cJSON *any_of = cJSON_CreateArray ();

  cJSON_AddStringToObject (p, "description", description);
  cJSON_AddTrueToObject (p, "nullable");
  cJSON_AddItemToArray (any_of, schema);
  cJSON_AddItemToArray (any_of, null_schema ());
  cJSON_AddItemToObject (p, "anyOf", any_of);
  return p;
}

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
                   gboolean  described,
                   guint     only)
{
  guint n;
  const TwinCommandWireField *fields = twin_command_wire_fields (&n);

  for (guint i = 0; i < n; i++)
    {
      const TwinCommandWireField *f = &fields[i];
      const char *description = described ? f->description : NULL;

      if ((in_state && !f->in_state) || !(f->flag & only))
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
        case TWIN_COMMAND_KIND_CHOICE:
          cJSON_AddItemToObject (p, f->name, string_enum (f->choices, description));
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
run_prop (const char *description)
{
  cJSON *p = typed_prop ("string", description);

  cJSON_AddStringToObject (p, "format", "uuid");
  cJSON_AddNumberToObject (p, "minLength", TWIN_RUN_ID_LEN);
  cJSON_AddNumberToObject (p, "maxLength", TWIN_RUN_ID_LEN);
  return p;
}

static cJSON *
alarm_names_enum (const char *description)
{
  const char *names[TWIN_N_ALARMS + 1];

  for (guint i = 0; i < TWIN_N_ALARMS; i++)
    names[i] = twin_alarm_get_name (twin_alarm_from_index (i));
  names[TWIN_N_ALARMS] = NULL;
  return string_enum (names, description);
}

static cJSON *
build_alarm (void)
{
  static const char * const required[] = { "alarm", "raised", "timestamp", "value", "title", "run", NULL };
  cJSON *p = cJSON_CreateObject ();

  cJSON_AddItemToObject (p, "alarm", alarm_names_enum ("Which alarm"));
  cJSON_AddItemToObject (p, "raised", typed_prop ("boolean", "Raised (true) or cleared (false)"));
  cJSON_AddItemToObject (p, "timestamp", number_prop (0, NAN, "Simulated s, in its run, at which it was raised or cleared"));
  cJSON_AddItemToObject (p, "value", typed_prop ("number", "The temperature (°C) or vibration (mm/s) that set it off"));
  cJSON_AddItemToObject (p, "title", typed_prop ("string", "The alarm in words"));
  cJSON_AddItemToObject (p, "run", run_prop ("The run in which it was raised or cleared, as in the state"));
  return object_schema (p, required, "Alarm", "An alarm raised or cleared, as published on MQTT's alarms topic");
}

static cJSON *
build_event (void)
{
  static const char * const events[] = { "reset", NULL };
  static const char * const required[] = { "event", "run", "previous_run", "timestamp", "time", NULL };
  cJSON *p = cJSON_CreateObject ();
  cJSON *previous, *time;

  cJSON_AddItemToObject (p, "event", string_enum (events, "What happened"));
  cJSON_AddItemToObject (p, "run", run_prop ("The run that starts"));
  previous = typed_prop ("string", "The run that ended, or \"\" when none did");
  cJSON_AddNumberToObject (previous, "maxLength", TWIN_RUN_ID_LEN);
  cJSON_AddItemToObject (p, "previous_run", previous);
  cJSON_AddItemToObject (p, "timestamp", number_prop (0, NAN, "Simulated s the run that ended had reached"));
  time = typed_prop ("string", "Wall-clock time of the reset, UTC");
  cJSON_AddStringToObject (time, "format", "date-time");
  cJSON_AddItemToObject (p, "time", time);
  return object_schema (p, required, "Event", "A change of run, as published on MQTT's events topic");
}

cJSON *
_twin_schema_build_state (void)
{
  static const char * const zones[] = { "A", "B", "C", "D", NULL };
  static const char * const required[] = {
    "temperature", "vibration", "rpm", "timestamp", "ambient", "rpm_setpoint", "wear",
    "rul_hours", "zone", "tripped", "trip_cause", "trips_in", "alarms", "faults", "paused", "time_scale",
    "model", "seq", "run", "time", NULL
  };
  static const char * const causes[] = { "temperature", "vibration", NULL };
  cJSON *p = cJSON_CreateObject ();
  cJSON *alarms, *seq, *msg_seq, *time, *forecast, *any_of;

  add_sensor_props (p);
  cJSON_AddItemToObject (p, "ambient", field_prop (&twin_inputs[TWIN_INPUT_AMBIENT]));
  cJSON_AddItemToObject (p, "rpm_setpoint", field_prop (&twin_inputs[TWIN_INPUT_RPM_SETPOINT]));
  cJSON_AddItemToObject (p, "wear", field_prop (&twin_channels[TWIN_CHANNEL_WEAR]));
  cJSON_AddItemToObject (p, "rul_hours",
                         number_prop (0, TWIN_RUL_HOURS_MAX, "Remaining useful life at the current rate, h"));
  cJSON_AddItemToObject (p, "zone", string_enum (zones, "Vibration zone after ISO 10816-3"));
  cJSON_AddItemToObject (p, "tripped", typed_prop ("boolean", "The protection tripped the machine"));
  cJSON_AddItemToObject (p, "trip_cause",
                         or_null (string_enum (causes, NULL),
                                  "What tripped the machine: the temperature reached its trip threshold, or "
                                  "the vibration stayed in zone D for the trip time; null while not tripped"));
  cJSON_AddItemToObject (p, "trips_in",
                         or_null (number_prop (0, NAN, NULL),
                                  "Simulated seconds until the vibration trip while in zone D and not tripped; "
                                  "null otherwise"));

  alarms = typed_prop ("array", "Alarms active now");
  cJSON_AddItemToObject (alarms, "items", alarm_names_enum (NULL));
  cJSON_AddTrueToObject (alarms, "uniqueItems");
  cJSON_AddItemToObject (p, "alarms", alarms);

  cJSON_AddItemToObject (p, "faults", faults_schema (TRUE));
  cJSON_AddItemToObject (p, "paused", typed_prop ("boolean", "The real-time clock is paused"));
  cJSON_AddItemToObject (p, "time_scale", field_prop (&twin_inputs[TWIN_INPUT_TIME_SCALE]));
  cJSON_AddItemToObject (p, "model", model_enum ("Model that produced the state, name@version"));

  seq = typed_prop ("integer", "Model steps since the last reset");
  cJSON_AddNumberToObject (seq, "minimum", 0);
  cJSON_AddItemToObject (p, "seq", seq);
  cJSON_AddItemToObject (p, "run", run_prop ("The run the state belongs to: a random UUID, new at every reset"));

  /* Only on MQTT, where a subscriber counts it to see what it missed. */
  msg_seq = typed_prop ("integer", "MQTT only: consecutive number of the state message since the process started");
  cJSON_AddNumberToObject (msg_seq, "minimum", 1);
  cJSON_AddItemToObject (p, "msg_seq", msg_seq);

  time = typed_prop ("string", "Wall-clock time the state was taken, UTC");
  cJSON_AddStringToObject (time, "format", "date-time");
  cJSON_AddItemToObject (p, "time", time);

  forecast = cJSON_CreateObject ();
  cJSON_AddStringToObject (forecast, "description",
                           "The course ahead with the inputs held (see the forecast schema); null until "
                           "the first forecast, and always null where nothing forecasts");
  cJSON_AddTrueToObject (forecast, "nullable");
  any_of = cJSON_CreateArray ();
  cJSON_AddItemToArray (any_of, _twin_schema_build_forecast ());
  cJSON_AddItemToArray (any_of, null_schema ());
  cJSON_AddItemToObject (forecast, "anyOf", any_of);
  cJSON_AddItemToObject (p, "forecast", forecast);

  return object_schema (p, required, "State", "The machine's state, as published on MQTT and served by GET /state");
}

/* A request's "id", echoed in its MQTT reply. */
cJSON *
_twin_schema_id (void)
{
  cJSON *id = cJSON_CreateObject ();
  cJSON *one_of = cJSON_CreateArray ();
  cJSON *s = typed_prop ("string", NULL);

  cJSON_AddStringToObject (id, "description", "Echoed in the MQTT reply");
  cJSON_AddNumberToObject (s, "maxLength", 128);
  cJSON_AddItemToArray (one_of, s);
  cJSON_AddItemToArray (one_of, typed_prop ("number", NULL));
  cJSON_AddItemToObject (id, "oneOf", one_of);
  return id;
}

/* The command's inputs and faults, as a forecast's "inputs" takes them. */
cJSON *
_twin_schema_inputs (void)
{
  cJSON *p = cJSON_CreateObject ();

  add_command_props (p, FALSE, TRUE, TWIN_WHATIF_INPUT_FIELDS);
  return object_schema (p, NULL, NULL, "Any subset of the command's inputs and faults");
}

static cJSON *
build_command (void)
{
  cJSON *p = cJSON_CreateObject ();

  add_command_props (p, FALSE, TRUE, G_MAXUINT);
  cJSON_AddItemToObject (p, "id", _twin_schema_id ());

  return object_schema (p, NULL, "Command",
                        "Any subset of the fields; applied whole or not at all (MQTT <prefix>/cmd, REST PATCH /controls)");
}

static cJSON *
build_controls (void)
{
  g_autoptr(GPtrArray) required = g_ptr_array_new ();
  cJSON *p = cJSON_CreateObject ();
  cJSON *item;

  add_command_props (p, TRUE, FALSE, G_MAXUINT);
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
    return _twin_schema_build_state ();
  if (g_str_equal (name, "forecast"))
    return _twin_schema_build_forecast ();
  if (g_str_equal (name, "predict"))
    return _twin_schema_build_predict ();
  if (g_str_equal (name, "prediction"))
    return _twin_schema_build_prediction ();
  if (g_str_equal (name, "advise"))
    return _twin_schema_build_advise ();
  if (g_str_equal (name, "advice"))
    return _twin_schema_build_advice ();
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
  if (g_str_equal (name, "alarm"))
    return build_alarm ();
  if (g_str_equal (name, "event"))
    return build_event ();
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

/* The pieces of the schemas, for the OpenAPI document of the REST port
 * (twin-rest-openapi.c), which describes its paths with them. */

/**
 * twin_schema_build:
 * @name: one of twin_schema_get_names()
 *
 * Returns: (transfer full): the schema @name without "$schema" and "$id",
 *   as an OpenAPI component
 */
cJSON *
twin_schema_build (const char *name)
{
  g_return_val_if_fail (g_strv_contains (names, name), NULL);
  return build (name);
}

cJSON *
twin_schema_number (double      min,
                    double      max,
                    const char *description)
{
  return number_prop (min, max, description);
}

/**
 * twin_schema_nullable:
 * @schema: (transfer full): what the value is when it is not null
 */
cJSON *
twin_schema_nullable (cJSON      *schema,
                      const char *description)
{
  cJSON *s = cJSON_CreateObject ();
  cJSON *any_of = cJSON_CreateArray ();

  if (description != NULL)
    cJSON_AddStringToObject (s, "description", description);
  cJSON_AddTrueToObject (s, "nullable");
  cJSON_AddItemToArray (any_of, schema);
  cJSON_AddItemToArray (any_of, null_schema ());
  cJSON_AddItemToObject (s, "anyOf", any_of);
  return s;
}

cJSON *
twin_schema_typed (const char *type,
                   const char *description)
{
  return typed_prop (type, description);
}

cJSON *
twin_schema_enum (const char * const *values,
                  const char         *description)
{
  return string_enum (values, description);
}

cJSON *
twin_schema_object (cJSON              *properties,
                    const char * const *required,
                    const char         *title,
                    const char         *description)
{
  return object_schema (properties, required, title, description);
}
