/* test-rest-documents.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the REST port says about itself: the JSON Schemas of the wire
 * formats, checked by a real validator against real messages, and the
 * OpenAPI document, checked by swagger-cli.
 */

#include <cjson/cJSON.h>
#include <string.h>

#include "twin-schema.h"
#include "twin-test-env.h"
#include "twin-test-process.h"
#include "twin-test-rest.h"
#include "twin-test-schemas.h"

static void
test_schemas (TwinTestRest  *f,
              gconstpointer  data)
{
  const char *names[] = { "state", "command", "sensors" };
  g_autofree char *state_schema = twin_test_rest_get_ok (f, "/schema/state.json");
  g_autofree char *command_schema = twin_test_rest_get_ok (f, "/schema/command.json");
  g_autofree char *sensors_schema = twin_test_rest_get_ok (f, "/schema/sensors.json");
  g_autofree char *text = NULL;
  cJSON *cases = cJSON_CreateArray ();
  cJSON *state, *sensors;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *p = g_strdup_printf ("/schema/%s.json", names[i]);
      g_autofree char *body = twin_test_rest_get_ok (f, p);

      g_assert_cmpstr (body, ==, twin_schema_get (names[i]));
    }
  g_assert_null (twin_schema_get ("nope"));

  /* Real messages: states of both models, tripped or not, with faults. */
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *body = NULL;
      g_autofree char *name = g_strdup_printf ("state %u", i);

      if (i == 1)
        {
          twin_engine_set_bearing_defect (f->engine, TRUE);
          twin_engine_set_rpm_setpoint (f->engine, 2400, NULL);
          twin_engine_advance (f->engine, 120);
        }
      if (i == 2)
        twin_engine_set_model (f->engine, "tutorial@1", NULL);
      body = twin_test_rest_get_ok (f, "/state");
      twin_test_schema_case_add (cases, name, state_schema, body, TRUE);

      state = cJSON_Parse (body);
      sensors = cJSON_CreateObject ();
      for (const char *k = "temperature"; k != NULL;
           k = g_str_equal (k, "temperature") ? "vibration" : g_str_equal (k, "vibration") ? "rpm"
             : g_str_equal (k, "rpm") ? "timestamp" : NULL)
        cJSON_AddItemToObject (sensors, k, cJSON_Duplicate (cJSON_GetObjectItem (state, k), TRUE));
      text = cJSON_PrintUnformatted (sensors);
      twin_test_schema_case_add (cases, "sensors", sensors_schema, text, TRUE);
      g_clear_pointer (&text, cJSON_free);
      cJSON_Delete (sensors);
      cJSON_Delete (state);
    }

  /* Commands the server accepts, and some it refuses. */
  twin_test_schema_case_add (cases, "command full", command_schema,
                             "{\"ambient\":30,\"rpm_setpoint\":1800,\"paused\":false,\"time_scale\":2,\"model\":\"physical@2\","
                             "\"faults\":{\"cooling_degraded\":true,\"bearing_defect\":false},\"reset_trip\":true,\"reset\":false,\"id\":\"a1\"}", TRUE);
  twin_test_schema_case_add (cases, "command empty", command_schema, "{}", TRUE);
  twin_test_schema_case_add (cases, "command out of range", command_schema, "{\"ambient\":81}", FALSE);
  twin_test_schema_case_add (cases, "command unknown", command_schema, "{\"bogus\":1}", FALSE);
  twin_test_schema_case_add (cases, "command unknown model", command_schema, "{\"model\":\"nope@1\"}", FALSE);
  twin_test_schema_case_add (cases, "command wrong type", command_schema, "{\"paused\":\"yes\"}", FALSE);
  twin_test_schema_case_add (cases, "state rpm float", state_schema,
                             "{\"temperature\":65.0,\"vibration\":2.1,\"rpm\":1500.5,\"timestamp\":1.0}", FALSE);
  twin_test_schema_case_add (cases, "sensors extra key", sensors_schema,
                             "{\"temperature\":65.0,\"vibration\":2.1,\"rpm\":1500,\"timestamp\":1.0,\"wear\":0}", FALSE);
  twin_test_schema_case_add (cases, "sensors missing key", sensors_schema,
                             "{\"temperature\":65.0,\"vibration\":2.1,\"rpm\":1500}", FALSE);

  twin_test_schema_cases_check (cases);
  cJSON_Delete (cases);
}

static void
test_openapi (TwinTestRest  *f,
              gconstpointer  data)
{
  g_autofree char *body = twin_test_rest_get_ok (f, "/openapi.json");
  g_autofree char *dir = g_dir_make_tmp ("twinscope-openapi-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "openapi.json", NULL);
  g_autofree char *tool = g_find_program_in_path ("swagger-cli");
  g_autofree char *out = NULL;
  const char *paths[] = { "/state", "/update", "/controls", "/history", "/model", "/metrics", "/healthz",
                          "/schema/{name}.json", "/openapi.json", "/ws" };
  cJSON *doc = cJSON_Parse (body);
  int status;

  g_assert_nonnull (doc);
  g_assert_cmpstr (cJSON_GetObjectItem (doc, "openapi")->valuestring, ==, "3.0.3");
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    g_assert_nonnull (cJSON_GetObjectItem (cJSON_GetObjectItem (doc, "paths"), paths[i]));
  cJSON_Delete (doc);

  if (tool == NULL)
    g_error ("swagger-cli is not on PATH: ./test.sh installs it (npm ci --prefix tests)");

  g_assert_true (g_file_set_contents (path, body, -1, NULL));
  out = twin_test_run_tool ((const char *[]) { tool, "validate", path, NULL }, NULL, &status);
  if (status != 0)
    g_error ("swagger-cli: %s", out);
  g_assert_nonnull (strstr (out, "is valid"));
  twin_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  twin_test_rest_add ("/rest/schemas/served-and-valid-for-real-messages", test_schemas);
  twin_test_rest_add ("/rest/openapi/lists-routes-and-validates", test_openapi);

  return g_test_run ();
}
