/* test-fields.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every input's range is the same wherever it is published: --help, the
 * JSON Schemas and the OpenAPI document served over HTTP, the engine's
 * properties; the thresholds' GSettings ranges are the model's specs.
 * The window's spin buttons are checked in test-window.
 */

#include <cjson/cJSON.h>
#include <gio/gio.h>
#include <libsoup/soup.h>
#include <string.h>

#include "twin-engine.h"
#include "twin-fields.h"
#include "twin-model.h"
#include "twin-test-process.h"

G_GNUC_NO_INLINE static char *
run_help (void)
{
  const char *args[] = { "--help-all", NULL };
  char *out = NULL;

  twin_test_run_binary (args, &out, NULL);
  return out;
}

static void
test_help_states_table_ranges (void)
{
  g_autofree char *help = run_help ();

  for (guint i = 0; i < TWIN_N_INPUTS; i++)
    {
      const TwinField *f = &twin_inputs[i];
      g_autofree char *option = g_strdup_printf ("--%s=", f->option);
      g_autofree char *range = g_strdup_printf ("(%s, %g to %g; default %g)", f->unit, f->min, f->max, f->default_value);
      const char *line = strstr (help, option);
      g_autofree char *text = NULL;

      g_assert_nonnull (line);
      text = g_strndup (line, strcspn (line, "\n"));
      if (strstr (text, range) == NULL)
        g_error ("--help: \"%s\" does not state %s", text, range);
    }
}

typedef struct
{
  TwinTestProcess *process;
  char            *url;
  SoupSession     *session;
} Served;

static void
served_start (Served *s)
{
  const char *args[] = { "--headless", "--quiet", "--rest-port", "0", NULL };

  s->process = twin_test_process_new (args, NULL);
  s->url = twin_test_process_wait_line (s->process, "REST API at ");
  g_assert_nonnull (s->url);
  g_assert_true (g_str_has_prefix (s->url, "http://127.0.0.1:"));
  s->session = soup_session_new_with_options ("timeout", 10, NULL);
}

static void
served_stop (Served *s)
{
  twin_test_process_kill (s->process);
  g_clear_pointer (&s->process, twin_test_process_free);
  g_clear_object (&s->session);
  g_clear_pointer (&s->url, g_free);
}

static cJSON *
served_get (Served     *s,
            const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = g_strconcat (s->url, path + 1, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
  g_autoptr(GBytes) body = soup_session_send_and_read (s->session, msg, NULL, &error);
  gsize len;
  const char *data;
  cJSON *root;

  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  data = g_bytes_get_data (body, &len);
  root = cJSON_ParseWithLength (data, len);
  g_assert_nonnull (root);
  return root;
}

static void
assert_range (const cJSON     *prop,
              const TwinField *f,
              const char      *where)
{
  const cJSON *min = cJSON_GetObjectItemCaseSensitive (prop, "minimum");
  const cJSON *max = cJSON_GetObjectItemCaseSensitive (prop, "maximum");

  if (!cJSON_IsNumber (min) || !cJSON_IsNumber (max) ||
      min->valuedouble != f->min || max->valuedouble != f->max)
    g_error ("%s: %s is not %g to %g", where, f->name, f->min, f->max);
}

static const cJSON *
path_get (const cJSON *root,
          const char  *path)
{
  g_auto(GStrv) parts = g_strsplit (path, "/", -1);
  const cJSON *item = root;

  for (guint i = 0; parts[i] != NULL && item != NULL; i++)
    item = cJSON_GetObjectItemCaseSensitive (item, parts[i]);
  if (item == NULL)
    g_error ("%s: missing", path);
  return item;
}

static void
test_schemas_state_table_ranges (void)
{
  Served s = { 0 };
  cJSON *command, *controls, *state, *openapi;
  const cJSON *update_params;

  served_start (&s);
  command = served_get (&s, "/schema/command.json");
  controls = served_get (&s, "/schema/controls.json");
  state = served_get (&s, "/schema/state.json");
  openapi = served_get (&s, "/openapi.json");

  for (guint i = 0; i < TWIN_N_INPUTS; i++)
    {
      const TwinField *f = &twin_inputs[i];
      g_autofree char *prop = g_strdup_printf ("properties/%s", f->name);
      const char *schemas[] = { "Command", "Controls", "State" };

      assert_range (path_get (command, prop), f, "command.json");
      assert_range (path_get (controls, prop), f, "controls.json");
      assert_range (path_get (state, prop), f, "state.json");
      for (guint k = 0; k < G_N_ELEMENTS (schemas); k++)
        {
          g_autofree char *path = g_strdup_printf ("components/schemas/%s/%s", schemas[k], prop);

          assert_range (path_get (openapi, path), f, "openapi.json");
        }
    }

  /* The tutorial's POST /update?ambient= */
  update_params = path_get (cJSON_GetObjectItemCaseSensitive (path_get (openapi, "paths"), "/update"),
                            "post/parameters");
  for (const cJSON *p = update_params->child; p != NULL; p = p->next)
    if (g_strcmp0 (cJSON_GetStringValue (cJSON_GetObjectItem (p, "name")), "ambient") == 0)
      assert_range (cJSON_GetObjectItem (p, "schema"), &twin_inputs[TWIN_INPUT_AMBIENT], "POST /update");

  cJSON_Delete (command);
  cJSON_Delete (controls);
  cJSON_Delete (state);
  cJSON_Delete (openapi);
  served_stop (&s);
}

static void
test_engine_properties_state_table_ranges (void)
{
  g_autoptr(TwinEngine) engine = twin_engine_new ();
  const char *props[TWIN_N_INPUTS] = {
    [TWIN_INPUT_AMBIENT] = "ambient",
    [TWIN_INPUT_RPM_SETPOINT] = "rpm-setpoint",
    [TWIN_INPUT_TIME_SCALE] = "time-scale",
  };

  for (guint i = 0; i < TWIN_N_INPUTS; i++)
    {
      GParamSpecDouble *pspec =
        G_PARAM_SPEC_DOUBLE (g_object_class_find_property (G_OBJECT_GET_CLASS (engine), props[i]));

      g_assert_cmpfloat (pspec->minimum, ==, twin_inputs[i].min);
      g_assert_cmpfloat (pspec->maximum, ==, twin_inputs[i].max);
      g_assert_cmpfloat (pspec->default_value, ==, twin_inputs[i].default_value);
    }
}

/* The GSettings keys of the thresholds hold what the model's common
 * parameters allow: temp-warning is temp_warning's range, and so on. */
static void
test_threshold_settings_are_param_ranges (void)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  const TwinModel *model = twin_model_default ();

  schema = g_settings_schema_source_lookup (g_settings_schema_source_get_default (),
                                            "io.github.twinscope.Twinscope", TRUE);
  g_assert_nonnull (schema);

  for (guint i = 0; i < TWIN_N_COMMON_PARAMS; i++)
    {
      const TwinParamSpec *spec = &model->params[i];
      g_autofree char *key_name = g_strdelimit (g_strdup (spec->name), "_", '-');
      g_autoptr(GSettingsSchemaKey) key = g_settings_schema_get_key (schema, key_name);
      g_autoptr(GVariant) range = g_settings_schema_key_get_range (key);
      g_autoptr(GVariant) bounds = NULL;
      const char *type;
      double min, max;

      g_variant_get (range, "(&sv)", &type, &bounds);
      g_assert_cmpstr (type, ==, "range");
      g_variant_get (bounds, "(dd)", &min, &max);
      if (min != spec->min || max != spec->max)
        g_error ("%s: GSettings range %g to %g, parameter %g to %g", key_name, min, max, spec->min, spec->max);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/fields/inputs/help-states-table-ranges", test_help_states_table_ranges);
  g_test_add_func ("/fields/inputs/schemas-and-openapi-state-table-ranges", test_schemas_state_table_ranges);
  g_test_add_func ("/fields/inputs/engine-properties-state-table-ranges", test_engine_properties_state_table_ranges);
  g_test_add_func ("/fields/thresholds/settings-are-param-ranges", test_threshold_settings_are_param_ranges);

  return g_test_run ();
}
