/* test-rest.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The REST port over real HTTP on loopback: a SoupSession client against
 * the real server, both on the test's main context.
 */

#include <cjson/cJSON.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "twin-schema.h"
#include "twin-test-rest.h"

static char *
run_tool (const char * const *argv,
          const char         *input,
          int                *status)
{
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;

  proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                  G_SUBPROCESS_FLAGS_STDERR_MERGE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, input, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  *status = g_subprocess_get_exit_status (proc);
  return out;
}

/* Tests */

static void
test_state (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GRegex) tutorial = NULL;
  g_autofree char *body = get_ok (f, "/state");
  cJSON *state = cJSON_Parse (body);

  tutorial = g_regex_new ("^\\{\"temperature\":-?[0-9]+\\.[0-9]+(e-?[0-9]+)?,"
                          "\"vibration\":-?[0-9]+\\.[0-9]+(e-?[0-9]+)?,"
                          "\"rpm\":[0-9]+,\"timestamp\":[0-9]+\\.[0-9]+(e-?[0-9]+)?,", 0, 0, NULL);
  g_assert_true (g_regex_match (tutorial, body, 0, NULL));
  g_assert_cmpstr (cJSON_GetObjectItem (state, "model")->valuestring, ==, "physical@2");
  g_assert_cmpfloat (number (state, "temperature"), ==, 65.0);
  g_assert_cmpfloat (number (state, "rpm"), ==, 1500);
  cJSON_Delete (state);
}

static void
check_update (Fixture    *f,
              const char *model,
              guint64     steps_per_second)
{
  g_autoptr(GRegex) tutorial = NULL;
  g_autofree char *patch = g_strdup_printf ("{\"model\":\"%s\",\"paused\":true}", model);
  double t_prev = -1;
  guint64 seq_prev = 0;
  g_auto(Reply) reply = { 0 };

  request (f, "PATCH", "/controls", "application/json", patch, -1, NULL, &reply);
  g_assert_cmpuint (reply.status, ==, 200);

  tutorial = g_regex_new ("^\\{\"temperature\":-?[0-9]+\\.[0-9]+(e-?[0-9]+)?,"
                          "\"vibration\":-?[0-9]+\\.[0-9]+(e-?[0-9]+)?,"
                          "\"rpm\":[0-9]+,\"timestamp\":[0-9]+\\.[0-9]+(e-?[0-9]+)?,", 0, 0, NULL);

  for (guint i = 0; i < 5; i++)
    {
      g_auto(Reply) r = { 0 };
      cJSON *state;
      double t;
      guint64 seq;

      request (f, "POST", "/update?ambient=30", NULL, NULL, 0, NULL, &r);
      g_assert_cmpuint (r.status, ==, 200);
      g_assert_cmpstr (soup_message_headers_get_content_type (r.headers, NULL), ==, "application/json");
      /* The tutorial's four keys first, with its types. */
      g_assert_true (g_regex_match (tutorial, r.body, 0, NULL));
      state = cJSON_Parse (r.body);
      t = number (state, "timestamp");
      seq = (guint64)number (state, "seq");
      g_assert_cmpfloat (number (state, "ambient"), ==, 30.0);
      g_assert_cmpstr (cJSON_GetObjectItem (state, "model")->valuestring, ==, model);
      g_assert_true (cJSON_IsTrue (cJSON_GetObjectItem (state, "paused")));
      if (t_prev >= 0)
        {
          g_assert_cmpuint (seq - seq_prev, ==, steps_per_second);
          if (steps_per_second == 2)
            g_assert_cmpfloat (t - t_prev, ==, 1.0);
          else
            g_assert_cmpfloat_with_epsilon (t - t_prev, 1.0, 1e-9);
        }
      t_prev = t;
      seq_prev = seq;
      cJSON_Delete (state);
    }
}

static void
test_update (Fixture       *f,
             gconstpointer  data)
{
  /* Paused on purpose: /update advances anyway, by exactly one second. */
  check_update (f, "physical@2", 100);
  check_update (f, "tutorial@1", 2);
}

static void
test_controls (Fixture       *f,
               gconstpointer  data)
{
  g_auto(Reply) reply = { 0 };
  cJSON *controls = get_json (f, "/controls");
  cJSON *state;

  g_assert_cmpfloat (number (controls, "ambient"), ==, 22.0);
  g_assert_cmpfloat (number (controls, "rpm_setpoint"), ==, 1500.0);
  g_assert_cmpstr (cJSON_GetObjectItem (controls, "model")->valuestring, ==, "physical@2");
  cJSON_Delete (controls);

  request (f, "PATCH", "/controls", "application/json",
           "{\"ambient\":35.5,\"rpm_setpoint\":1800,\"time_scale\":10,\"paused\":true,"
           "\"faults\":{\"cooling_degraded\":true}}", -1, NULL, &reply);
  g_assert_cmpuint (reply.status, ==, 200);
  controls = cJSON_Parse (reply.body);
  g_assert_cmpfloat (number (controls, "ambient"), ==, 35.5);
  g_assert_cmpfloat (number (controls, "rpm_setpoint"), ==, 1800);
  g_assert_cmpfloat (number (controls, "time_scale"), ==, 10);
  g_assert_true (cJSON_IsTrue (cJSON_GetObjectItem (controls, "paused")));
  g_assert_true (cJSON_IsTrue (cJSON_GetObjectItem (cJSON_GetObjectItem (controls, "faults"), "cooling_degraded")));
  cJSON_Delete (controls);

  g_assert_cmpfloat (twin_engine_get_ambient (f->engine), ==, 35.5);
  g_assert_true (twin_engine_get_cooling_degraded (f->engine));
  state = get_json (f, "/state");
  g_assert_true (cJSON_IsTrue (cJSON_GetObjectItem (cJSON_GetObjectItem (state, "faults"), "cooling_degraded")));
  cJSON_Delete (state);

  /* merge-patch or charset parameters are fine as long as it is JSON */
  reply_clear (&reply);
  request (f, "PATCH", "/controls", "application/json; charset=utf-8", "{\"reset\":true}", -1, NULL, &reply);
  g_assert_cmpuint (reply.status, ==, 200);
  g_assert_cmpfloat (twin_engine_get_timestamp (f->engine), ==, 0);
}

static void
test_history (Fixture       *f,
              gconstpointer  data)
{
  g_auto(Reply) reply = { 0 };
  const char *csv_accept[] = { "Accept", "text/csv", NULL };
  g_auto(GStrv) lines = NULL;
  cJSON *root, *columns, *time;

  twin_engine_set_ambient (f->engine, 30, NULL);
  twin_engine_advance (f->engine, 100.0);

  root = get_json (f, "/history?seconds=50&fields=temperature,rpm&max_points=25");
  g_assert_cmpfloat (number (root, "points"), ==, 25);
  g_assert_cmpfloat_with_epsilon (number (root, "to") - number (root, "from"), 50, 1e-6);
  columns = cJSON_GetObjectItem (root, "columns");
  time = cJSON_GetObjectItem (columns, "time");
  g_assert_cmpint (cJSON_GetArraySize (time), ==, 25);
  g_assert_cmpint (cJSON_GetArraySize (cJSON_GetObjectItem (columns, "temperature_min")), ==, 25);
  g_assert_cmpint (cJSON_GetArraySize (cJSON_GetObjectItem (columns, "rpm_max")), ==, 25);
  g_assert_null (cJSON_GetObjectItem (columns, "vibration_min"));
  for (int j = 0; j < 25; j++)
    {
      double lo = cJSON_GetArrayItem (cJSON_GetObjectItem (columns, "temperature_min"), j)->valuedouble;
      double hi = cJSON_GetArrayItem (cJSON_GetObjectItem (columns, "temperature_max"), j)->valuedouble;

      g_assert_cmpfloat (lo, <=, hi);
      g_assert_cmpfloat (lo, >, 30);
      if (j > 0)
        g_assert_cmpfloat (cJSON_GetArrayItem (time, j)->valuedouble, >, cJSON_GetArrayItem (time, j - 1)->valuedouble);
    }
  cJSON_Delete (root);

  /* Fewer samples than points: one row per sample. */
  root = get_json (f, "/history?seconds=1");
  g_assert_cmpfloat (number (root, "points"), ==, 10);
  g_assert_cmpint (cJSON_GetArraySize (cJSON_GetObjectItem (root, "columns")), ==, 13);
  cJSON_Delete (root);

  request (f, "GET", "/history?seconds=10&fields=vibration&max_points=4", NULL, NULL, 0, csv_accept, &reply);
  g_assert_cmpuint (reply.status, ==, 200);
  g_assert_true (g_str_has_prefix (soup_message_headers_get_content_type (reply.headers, NULL), "text/csv"));
  lines = g_strsplit (g_strchomp (reply.body), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 5);
  g_assert_cmpstr (lines[0], ==, "time (s),vibration_min (mm/s),vibration_max (mm/s)");
}

static void
test_model (Fixture       *f,
            gconstpointer  data)
{
  g_auto(Reply) reply = { 0 };
  cJSON *model = get_json (f, "/model");
  cJSON *params = cJSON_GetObjectItem (model, "parameters");
  gboolean found = FALSE;
  cJSON *state;
  double t;

  g_assert_cmpstr (cJSON_GetObjectItem (model, "model")->valuestring, ==, "physical@2");
  g_assert_cmpstr (cJSON_GetObjectItem (model, "name")->valuestring, ==, "physical");
  g_assert_cmpfloat (number (model, "version"), ==, 2);
  g_assert_cmpfloat (number (model, "dt"), ==, 0.01);
  g_assert_cmpint (cJSON_GetArraySize (params), ==, (int)twin_engine_get_model (f->engine)->n_params);
  for (int i = 0; i < cJSON_GetArraySize (params); i++)
    {
      cJSON *p = cJSON_GetArrayItem (params, i);

      g_assert_cmpfloat (number (p, "min"), <=, number (p, "default"));
      g_assert_cmpfloat (number (p, "default"), <=, number (p, "max"));
      if (g_str_equal (cJSON_GetObjectItem (p, "name")->valuestring, "temp_warning"))
        found = TRUE;
    }
  g_assert_true (found || cJSON_GetArraySize (params) > 0);
  g_assert_cmpint (cJSON_GetArraySize (cJSON_GetObjectItem (model, "available")), ==, (int)twin_model_registry_count ());
  cJSON_Delete (model);

  /* Switch at run time: time and state carry over, the server keeps serving. */
  twin_engine_advance (f->engine, 10.0);
  t = twin_engine_get_timestamp (f->engine);
  request (f, "PUT", "/model", "application/json", "{\"model\":\"tutorial@1\"}", -1, NULL, &reply);
  g_assert_cmpuint (reply.status, ==, 200);
  model = cJSON_Parse (reply.body);
  g_assert_cmpstr (cJSON_GetObjectItem (model, "model")->valuestring, ==, "tutorial@1");
  g_assert_cmpfloat (number (model, "dt"), ==, 0.5);
  cJSON_Delete (model);
  state = get_json (f, "/state");
  g_assert_cmpstr (cJSON_GetObjectItem (state, "model")->valuestring, ==, "tutorial@1");
  g_assert_cmpfloat (number (state, "timestamp"), ==, t);
  cJSON_Delete (state);
}

static void
test_healthz (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *body = get_ok (f, "/healthz");

  g_assert_cmpstr (body, ==, "{\"status\":\"ok\"}");
}

static void
add_case (cJSON      *cases,
          const char *name,
          const char *schema,
          const char *instance,
          gboolean    valid)
{
  cJSON *c = cJSON_CreateObject ();
  cJSON *s = cJSON_Parse (schema);
  cJSON *i = cJSON_Parse (instance);

  g_assert_nonnull (s);
  g_assert_nonnull (i);
  cJSON_AddStringToObject (c, "name", name);
  cJSON_AddItemToObject (c, "schema", s);
  cJSON_AddItemToObject (c, "instance", i);
  cJSON_AddBoolToObject (c, "valid", valid);
  cJSON_AddItemToArray (cases, c);
}

static void
test_schemas (Fixture       *f,
              gconstpointer  data)
{
  const char *names[] = { "state", "command", "sensors" };
  g_autofree char *state_schema = get_ok (f, "/schema/state.json");
  g_autofree char *command_schema = get_ok (f, "/schema/command.json");
  g_autofree char *sensors_schema = get_ok (f, "/schema/sensors.json");
  g_autofree char *dir = g_dir_make_tmp ("twinscope-schema-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "cases.json", NULL);
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "validate-json.py", NULL);
  g_autofree char *text = NULL;
  g_autofree char *out = NULL;
  cJSON *cases = cJSON_CreateArray ();
  cJSON *state, *sensors;
  int status;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *p = g_strdup_printf ("/schema/%s.json", names[i]);
      g_autofree char *body = get_ok (f, p);

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
      body = get_ok (f, "/state");
      add_case (cases, name, state_schema, body, TRUE);

      state = cJSON_Parse (body);
      sensors = cJSON_CreateObject ();
      for (const char *k = "temperature"; k != NULL;
           k = g_str_equal (k, "temperature") ? "vibration" : g_str_equal (k, "vibration") ? "rpm"
             : g_str_equal (k, "rpm") ? "timestamp" : NULL)
        cJSON_AddItemToObject (sensors, k, cJSON_Duplicate (cJSON_GetObjectItem (state, k), TRUE));
      text = cJSON_PrintUnformatted (sensors);
      add_case (cases, "sensors", sensors_schema, text, TRUE);
      g_clear_pointer (&text, cJSON_free);
      cJSON_Delete (sensors);
      cJSON_Delete (state);
    }

  /* Commands the server accepts, and some it refuses. */
  add_case (cases, "command full", command_schema,
            "{\"ambient\":30,\"rpm_setpoint\":1800,\"paused\":false,\"time_scale\":2,\"model\":\"physical@2\","
            "\"faults\":{\"cooling_degraded\":true,\"bearing_defect\":false},\"reset_trip\":true,\"reset\":false,\"id\":\"a1\"}", TRUE);
  add_case (cases, "command empty", command_schema, "{}", TRUE);
  add_case (cases, "command out of range", command_schema, "{\"ambient\":81}", FALSE);
  add_case (cases, "command unknown", command_schema, "{\"bogus\":1}", FALSE);
  add_case (cases, "command unknown model", command_schema, "{\"model\":\"nope@1\"}", FALSE);
  add_case (cases, "command wrong type", command_schema, "{\"paused\":\"yes\"}", FALSE);
  add_case (cases, "state rpm float", state_schema,
            "{\"temperature\":65.0,\"vibration\":2.1,\"rpm\":1500.5,\"timestamp\":1.0}", FALSE);
  add_case (cases, "sensors extra key", sensors_schema,
            "{\"temperature\":65.0,\"vibration\":2.1,\"rpm\":1500,\"timestamp\":1.0,\"wear\":0}", FALSE);
  add_case (cases, "sensors missing key", sensors_schema,
            "{\"temperature\":65.0,\"vibration\":2.1,\"rpm\":1500}", FALSE);

  text = cJSON_PrintUnformatted (cases);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  out = run_tool ((const char *[]) { "python3", script, path, NULL }, NULL, &status);
  if (status != 0)
    g_error ("validate-json.py: %s", out);
  g_assert_nonnull (strstr (out, "0 unexpected"));

  g_remove (path);
  g_rmdir (dir);
  cJSON_Delete (cases);
}

static void
test_openapi (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *body = get_ok (f, "/openapi.json");
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
  out = run_tool ((const char *[]) { tool, "validate", path, NULL }, NULL, &status);
  if (status != 0)
    g_error ("swagger-cli: %s", out);
  g_assert_nonnull (strstr (out, "is valid"));
  g_remove (path);
  g_rmdir (dir);
}

static void
test_metrics (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(TestMqtt) mqtt = g_object_new (TEST_TYPE_MQTT, NULL);
  g_autofree char *body = NULL;
  g_autofree char *out = NULL;
  g_autofree char *count_line = NULL;
  TwinStepStats stats;
  int status;

  mqtt->published = 1234567890123ULL;
  mqtt->dropped = 7;
  mqtt->reconnects = 3;
  twin_rest_server_set_mqtt_stats (f->rest, test_mqtt_get_stats, mqtt, NULL);

  twin_engine_advance (f->engine, 5.0);
  g_free (get_ok (f, "/state"));
  g_free (get_ok (f, "/state"));
  {
    g_auto(Reply) reply = { 0 };

    request (f, "GET", "/nope", NULL, NULL, 0, NULL, &reply);
    g_assert_cmpuint (reply.status, ==, 404);
  }

  body = get_ok (f, "/metrics");
  twin_engine_get_step_stats (f->engine, &stats);
  g_assert_cmpuint (stats.steps, ==, 500);
  count_line = g_strdup_printf ("\ntwinscope_step_latency_seconds_count %" G_GUINT64_FORMAT "\n", stats.steps);
  g_assert_nonnull (strstr (body, count_line));
  g_assert_nonnull (strstr (body, "twinscope_step_latency_seconds_bucket{le=\"+Inf\"} 500\n"));
  g_assert_nonnull (strstr (body, "\ntwinscope_steps_total 500\n"));
  g_assert_nonnull (strstr (body, "\ntwinscope_simulated_time_seconds 5\n"));
  g_assert_nonnull (strstr (body, "\ntwinscope_ticks_total 0\n"));
  g_assert_nonnull (strstr (body, "\ntwinscope_mqtt_published_total 1234567890123\n"));
  g_assert_nonnull (strstr (body, "\ntwinscope_mqtt_dropped_total 7\n"));
  g_assert_nonnull (strstr (body, "\ntwinscope_mqtt_reconnects_total 3\n"));
  g_assert_nonnull (strstr (body, "twinscope_http_requests_total{route=\"/state\",code=\"200\"} 2\n"));
  g_assert_nonnull (strstr (body, "twinscope_http_requests_total{route=\"other\",code=\"404\"} 1\n"));

  out = run_tool ((const char *[]) { "promtool", "check", "metrics", NULL }, body, &status);
  if (status != 0)
    g_error ("promtool check metrics: %s\n%s", out, body);

  twin_rest_server_set_mqtt (f->rest, NULL);
}

static void
requests_notify_cb (GObject    *object,
                    GParamSpec *pspec,
                    gboolean   *notified)
{
  *notified = TRUE;
}

static void
test_properties (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *url = NULL;
  gboolean notified = FALSE;
  guint64 requests;

  g_object_get (f->rest, "url", &url, NULL);
  g_assert_true (g_str_has_prefix (url, "http://127.0.0.1:"));
  g_assert_cmpstr (url, ==, twin_rest_server_get_url (f->rest));

  g_signal_connect (f->rest, "notify::requests", G_CALLBACK (requests_notify_cb), &notified);
  for (guint i = 0; i < 3; i++)
    g_free (get_ok (f, "/healthz"));
  wait_for (&notified);
  g_object_get (f->rest, "requests", &requests, NULL);
  g_assert_cmpuint (requests, ==, 3);
  g_signal_handlers_disconnect_by_data (f->rest, &notified);
}

typedef struct
{
  const char *method;
  const char *path;
  const char *content_type;
  const char *body;
  guint       status;
  const char *detail;   /* a part the detail must hold */
} BadRequest;

static const BadRequest bad_requests[] = {
  { "POST", "/update?ambient=nan", NULL, NULL, 400, "ambient: NaN" },
  { "POST", "/update?ambient=inf", NULL, NULL, 400, "ambient: Infinity" },
  { "POST", "/update?ambient=-inf", NULL, NULL, 400, "ambient: -Infinity" },
  { "POST", "/update?ambient=81", NULL, NULL, 400, "ambient: 81 is out of range; allowed: -40 to 80" },
  { "POST", "/update?ambient=-41", NULL, NULL, 400, "ambient: -41" },
  { "POST", "/update?ambient=abc", NULL, NULL, 400, "ambient: \"abc\" is not a number" },
  { "POST", "/update?ambient=", NULL, NULL, 400, "ambient" },
  { "POST", "/update?ambient=1e999", NULL, NULL, 400, "ambient: Infinity" },
  { "POST", "/update?ambient=30x", NULL, NULL, 400, "ambient: \"30x\"" },
  { "POST", "/update?temperature=30", NULL, NULL, 400, "temperature: unknown query parameter; allowed: ambient" },
  { "POST", "/update?ambient=30&x=1", NULL, NULL, 400, "x: unknown" },
  { "PATCH", "/controls", "application/json", "{\"ambient\":1e999}", 400, "ambient: 1e999 is too large" },
  { "PATCH", "/controls", "application/json", "{\"ambient\":100}", 400, "ambient: 100 is out of range" },
  { "PATCH", "/controls", "application/json", "{\"ambient\":\"hot\"}", 400, "ambient: must be a number" },
  { "PATCH", "/controls", "application/json", "{\"rpm_setpoint\":-1}", 400, "rpm_setpoint: -1" },
  { "PATCH", "/controls", "application/json", "{\"rpm_setpoint\":4001}", 400, "allowed: 0 to 4000" },
  { "PATCH", "/controls", "application/json", "{\"time_scale\":0}", 400, "time_scale: 0" },
  { "PATCH", "/controls", "application/json", "{\"time_scale\":20000}", 400, "time_scale: 20000" },
  { "PATCH", "/controls", "application/json", "{\"paused\":\"yes\"}", 400, "paused: must be true or false" },
  { "PATCH", "/controls", "application/json", "{\"model\":\"nope@1\"}", 400, "nope@1" },
  { "PATCH", "/controls", "application/json", "{\"model\":2}", 400, "model: must be" },
  { "PATCH", "/controls", "application/json", "{\"faults\":{\"cooling_degraded\":1}}", 400, "faults.cooling_degraded" },
  { "PATCH", "/controls", "application/json", "{\"faults\":{\"overheat\":true}}", 400, "faults.overheat: unknown field" },
  { "PATCH", "/controls", "application/json", "{\"faults\":true}", 400, "faults: must be an object" },
  { "PATCH", "/controls", "application/json", "{\"bogus\":1}", 400, "bogus: unknown field" },
  { "PATCH", "/controls", "application/json", "{\"ambient\":30,\"bogus\":1}", 400, "bogus" },
  { "PATCH", "/controls", "application/json", "{\"ambient\":30,\"rpm_setpoint\":9999}", 400, "rpm_setpoint: 9999" },
  { "PATCH", "/controls", "application/json", "{", 400, "malformed JSON" },
  { "PATCH", "/controls", "application/json", "[1,2]", 400, "not a JSON object" },
  { "PATCH", "/controls", "application/json", "", 400, "empty" },
  { "PATCH", "/controls", "application/json", "{\"ambient\":NaN}", 400, "ambient: NaN is not a JSON value" },
  { "PATCH", "/controls", "application/json", "{\"ambient\":Infinity}", 400, "ambient: Infinity is not a JSON value" },
  { "PATCH", "/controls", "application/json", "{\"ambient\":30} {\"x\":1}", 400, "unexpected data" },
  { "PATCH", "/controls", "application/json", "{\"ambient\":30,\"ambient\":31}", 400, "ambient: appears more than once" },
  { "PATCH", "/controls", "application/json", "{\"model\":\"\xff\"}", 400, "invalid UTF-8" },
  { "PUT", "/model", "application/json", "{\"model\":\"nope@9\"}", 400, "nope@9" },
  { "PUT", "/model", "application/json", "{\"model\":1}", 400, "model: must be" },
  { "PUT", "/model", "application/json", "{}", 400, "model: missing" },
  { "PUT", "/model", "application/json", "{\"model\":\"tutorial@1\",\"x\":1}", 400, "x: unknown field; allowed: model" },
  { "PUT", "/model", "application/json", "tutorial@1", 400, "payload: tutorial is not a JSON value" },
  { "GET", "/history?seconds=-1", NULL, NULL, 400, "seconds: -1 is out of range" },
  { "GET", "/history?seconds=0", NULL, NULL, 400, "seconds: 0" },
  { "GET", "/history?seconds=nan", NULL, NULL, 400, "seconds: NaN" },
  { "GET", "/history?max_points=0", NULL, NULL, 400, "max_points: 0" },
  { "GET", "/history?max_points=1.5", NULL, NULL, 400, "max_points: 1.5 is not an integer" },
  { "GET", "/history?max_points=100000", NULL, NULL, 400, "allowed: 1 to 10000" },
  { "GET", "/history?fields=pressure", NULL, NULL, 400, "fields: \"pressure\" is not a field" },
  { "GET", "/history?fields=temperature,,rpm", NULL, NULL, 400, "fields: \"\"" },
  { "GET", "/history?bogus=1", NULL, NULL, 400, "bogus: unknown query parameter" },
  { "GET", "/state?x=1", NULL, NULL, 400, "x: unknown query parameter; allowed: none" },
  { "GET", "/nope", NULL, NULL, 404, "/nope: no such resource" },
  { "GET", "/schema/nope.json", NULL, NULL, 404, "no such schema" },
  { "GET", "/ws/more", NULL, NULL, 404, "no such resource" },
  { "GET", "/ws", NULL, NULL, 400, "WebSocket upgrade" },
  { "DELETE", "/state", NULL, NULL, 405, "DELETE is not allowed on /state; allowed: GET, HEAD" },
  { "GET", "/update", NULL, NULL, 405, "allowed: POST" },
  { "POST", "/controls", "application/json", "{}", 405, "allowed: GET, HEAD, PATCH" },
  { "DELETE", "/model", NULL, NULL, 405, "allowed: GET, HEAD, PUT" },
  { "POST", "/ws", NULL, NULL, 405, "allowed: GET" },
  { "PATCH", "/controls", "application/json", NULL, 413, "allowed: at most 65536 bytes" },
  { "PUT", "/model", "application/json", NULL, 413, "allowed: at most 65536 bytes" },
  { "PATCH", "/controls", "text/plain", "{\"ambient\":30}", 415, "Content-Type: \"text/plain\" is not supported; allowed: application/json" },
  { "PATCH", "/controls", "application/x-www-form-urlencoded", "ambient=30", 415, "allowed: application/json" },
  { "PUT", "/model", "text/plain", "{\"model\":\"tutorial@1\"}", 415, "allowed: application/json" },
  { "POST", "/update?ambient=30", "application/json", "{\"ambient\":30}", 415, "body: not expected" },
};

static char *
observable_state (Fixture *f)
{
  g_autofree char *controls = get_ok (f, "/controls");
  g_autofree char *model = get_ok (f, "/model");
  cJSON *state = get_json (f, "/state");
  char *text, *observed;

  /* The wall-clock time of the snapshot is the only thing allowed to move. */
  cJSON_DeleteItemFromObject (state, "time");
  text = cJSON_PrintUnformatted (state);
  cJSON_Delete (state);
  observed = g_strconcat (text, controls, model, NULL);
  cJSON_free (text);
  return observed;
}

static void
test_bad_requests (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *big = g_malloc (TWIN_REST_MAX_BODY + 2);
  g_autofree char *before = NULL;

  memset (big, ' ', TWIN_REST_MAX_BODY + 1);
  big[0] = '{';
  big[TWIN_REST_MAX_BODY] = '}';
  big[TWIN_REST_MAX_BODY + 1] = '\0';

  g_assert_cmpuint (G_N_ELEMENTS (bad_requests), >=, 40);
  twin_engine_advance (f->engine, 3.0);
  before = observable_state (f);

  for (guint i = 0; i < G_N_ELEMENTS (bad_requests); i++)
    {
      const BadRequest *b = &bad_requests[i];
      g_auto(Reply) reply = { 0 };
      g_autofree char *after = NULL;
      const char *body = b->body;

      if (b->status == 413)
        body = big;
      request (f, b->method, b->path, b->content_type, body,
               body != NULL ? (gssize)strlen (body) : 0, NULL, &reply);
      assert_problem (&reply, b->status, b->detail);
      if (b->status == 405)
        g_assert_nonnull (soup_message_headers_get_one (reply.headers, "Allow"));

      after = observable_state (f);
      g_assert_cmpstr (after, ==, before);
    }
}

static void
test_auth (Fixture       *f,
           gconstpointer  data)
{
  const char *paths[] = { "/state", "/controls", "/history", "/model", "/metrics", "/openapi.json",
                          "/schema/state.json" };
  const char *wrong[] = { "Authorization", "Bearer s3cret-tokeN", NULL };
  const char *shorter[] = { "Authorization", "Bearer s3cret", NULL };
  const char *basic[] = { "Authorization", "Basic czNjcmV0LXRva2Vu", NULL };
  g_autofree char *token = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  fixture_teardown (f, NULL);
  fixture_start (f, "s3cret-token");
  token = g_steal_pointer (&f->token);

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      const char * const *headers[] = { NULL, wrong, shorter, basic };

      for (guint h = 0; h < G_N_ELEMENTS (headers); h++)
        {
          g_auto(Reply) reply = { 0 };

          request (f, "GET", paths[i], NULL, NULL, 0, headers[h], &reply);
          assert_problem (&reply, 401, "Authorization");
          g_assert_nonnull (strstr (soup_message_headers_get_one (reply.headers, "WWW-Authenticate"), "Bearer"));
          g_assert_null (strstr (reply.body, "s3cret"));
        }
    }

  /* /healthz needs no token. */
  g_free (get_ok (f, "/healthz"));

  /* Nothing is applied without the token. */
  f->token = g_strdup (token);
  before = observable_state (f);
  g_clear_pointer (&f->token, g_free);
  {
    g_auto(Reply) reply = { 0 };

    request (f, "PATCH", "/controls", "application/json", "{\"ambient\":40}", -1, NULL, &reply);
    assert_problem (&reply, 401, NULL);
    reply_clear (&reply);
    request (f, "POST", "/update?ambient=40", NULL, NULL, 0, NULL, &reply);
    assert_problem (&reply, 401, NULL);
    reply_clear (&reply);
    request (f, "PUT", "/model", "application/json", "{\"model\":\"tutorial@1\"}", -1, NULL, &reply);
    assert_problem (&reply, 401, NULL);
  }
  f->token = g_strdup (token);
  after = observable_state (f);
  g_assert_cmpstr (after, ==, before);

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    g_free (get_ok (f, paths[i]));
  {
    g_auto(Reply) reply = { 0 };

    request (f, "POST", "/update?ambient=40", NULL, NULL, 0, NULL, &reply);
    g_assert_cmpuint (reply.status, ==, 200);
  }
}

static void
test_bind_public (void)
{
  g_autoptr(GError) error = NULL;
  Fixture f = { 0 };
  const char *port;

  g_assert_true (twin_rest_address_is_loopback ("127.0.0.1"));
  g_assert_true (twin_rest_address_is_loopback ("127.1.2.3"));
  g_assert_true (twin_rest_address_is_loopback ("::1"));
  g_assert_true (twin_rest_address_is_loopback ("localhost"));
  g_assert_false (twin_rest_address_is_loopback ("0.0.0.0"));
  g_assert_false (twin_rest_address_is_loopback ("192.0.2.1"));

  f.engine = twin_engine_new_full (1000, 0.1);
  f.rest = twin_rest_server_new (f.engine);
  f.session = soup_session_new ();

  g_assert_false (twin_rest_server_start (f.rest, "0.0.0.0", 0, &error));
  g_assert_error (error, TWIN_REST_ERROR, TWIN_REST_ERROR_NEEDS_TOKEN);
  g_assert_nonnull (strstr (error->message, "token"));
  g_assert_nonnull (strstr (error->message, "untrusted networks"));
  g_assert_null (twin_rest_server_get_url (f.rest));
  g_clear_error (&error);

  g_assert_false (twin_rest_server_start (f.rest, "not-an-address", 0, &error));
  g_assert_error (error, TWIN_REST_ERROR, TWIN_REST_ERROR_BAD_ADDRESS);
  g_clear_error (&error);

  twin_rest_server_set_token (f.rest, "tok");
  g_test_expect_message ("twin-rest", G_LOG_LEVEL_WARNING, "*not a loopback address*untrusted networks*reverse proxy*");
  g_assert_true (twin_rest_server_start (f.rest, "0.0.0.0", 0, &error));
  g_assert_no_error (error);
  g_test_assert_expected_messages ();

  /* Reached over loopback only, and only with the token. */
  port = strrchr (twin_rest_server_get_url (f.rest), ':');
  f.base = g_strconcat ("http://127.0.0.1", port, NULL);
  {
    g_auto(Reply) reply = { 0 };

    request (&f, "GET", "/state", NULL, NULL, 0, NULL, &reply);
    assert_problem (&reply, 401, "Authorization");
  }
  f.token = g_strdup ("tok");
  g_free (get_ok (&f, "/state"));

  g_clear_pointer (&f.base, g_free);
  fixture_teardown (&f, NULL);
}

static void
test_slow_client (Fixture       *f,
                  gconstpointer  data)
{
  const char *trickle = "GET /state HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
  g_autoptr(GSocket) slow = NULL;
  gsize sent = 0;
  gint64 start;
  guint served = 0;

  twin_rest_server_set_limits (f->rest, 64, 1000);
  slow = raw_connect (f);
  start = g_get_monotonic_time ();

  /* One header byte every 20 ms: the request is never whole, the server
   * closes the connection after its timeout, and answers others meanwhile. */
  while (!raw_closed (slow))
    {
      g_assert_cmpint (g_get_monotonic_time () - start, <, 20 * G_USEC_PER_SEC);
      if (sent < strlen (trickle))
        {
          g_socket_send (slow, trickle + sent, 1, NULL, NULL);
          sent++;
        }
      g_free (get_ok (f, "/healthz"));
      served++;
      iterate_for (20);
    }

  g_assert_cmpuint (served, >, 5);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 900 * 1000);
  g_free (get_ok (f, "/state"));
}

static void
test_idle_connections (Fixture       *f,
                       gconstpointer  data)
{
  GSocket *idle[200];

  /* Memory is checked by test-rest-connections (every socket freed) and
   * measured by tests/bench/rest-connections.sh, not here. */
  twin_rest_server_set_limits (f->rest, TWIN_REST_DEFAULT_MAX_CONNECTIONS, 1500);

  for (guint round = 0; round < 3; round++)
    {
      for (guint i = 0; i < G_N_ELEMENTS (idle); i++)
        idle[i] = raw_connect (f);
      while (twin_rest_server_get_n_connections (f->rest) < G_N_ELEMENTS (idle))
        g_main_context_iteration (NULL, TRUE);

      /* 200 idle connections do not hold up a request. */
      for (guint i = 0; i < 20; i++)
        g_free (get_ok (f, "/state"));
      g_assert_cmpuint (twin_rest_server_get_n_connections (f->rest), <=, G_N_ELEMENTS (idle) + 10);

      for (guint i = 0; i < G_N_ELEMENTS (idle); i++)
        g_object_unref (idle[i]);
      while (twin_rest_server_get_n_connections (f->rest) > 10)
        g_main_context_iteration (NULL, TRUE);
    }

  /* Above the cap, the oldest idle connections make room; requests still go through. */
  twin_rest_server_set_limits (f->rest, 50, 500);
  for (guint i = 0; i < G_N_ELEMENTS (idle); i++)
    {
      idle[i] = raw_connect (f);
      g_main_context_iteration (NULL, FALSE);
      g_assert_cmpuint (twin_rest_server_get_n_connections (f->rest), <=, 50);
    }
  for (guint i = 0; i < 10; i++)
    {
      g_free (get_ok (f, "/state"));
      g_assert_cmpuint (twin_rest_server_get_n_connections (f->rest), <=, 50);
    }

  /* And those nobody uses time out. */
  while (twin_rest_server_get_n_connections (f->rest) > 1)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (raw_closed (idle[G_N_ELEMENTS (idle) - 1]));
  for (guint i = 0; i < G_N_ELEMENTS (idle); i++)
    g_object_unref (idle[i]);
}

typedef struct
{
  GPtrArray               *messages;
  SoupWebsocketConnection *conn;
  GError                  *error;
  gboolean                 done;
} WsClient;

static void
ws_message_cb (SoupWebsocketConnection *conn,
               gint                     type,
               GBytes                  *message,
               WsClient                *ws)
{
  g_assert_cmpint (type, ==, SOUP_WEBSOCKET_DATA_TEXT);
  g_ptr_array_add (ws->messages, g_strndup (g_bytes_get_data (message, NULL), g_bytes_get_size (message)));
}

static void
ws_connected_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  WsClient *ws = data;

  ws->conn = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &ws->error);
  ws->done = TRUE;
}

static void
ws_connect (Fixture    *f,
            const char *token,
            WsClient   *ws)
{
  g_autofree char *url = g_strconcat (twin_rest_server_get_url (f->rest), "ws", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);

  if (token != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }
  ws->messages = g_ptr_array_new_with_free_func (g_free);
  soup_session_websocket_connect_async (f->session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                        ws_connected_cb, ws);
  wait_for (&ws->done);
  if (ws->conn != NULL)
    g_signal_connect (ws->conn, "message", G_CALLBACK (ws_message_cb), ws);
}

static gboolean
advance_cb (gpointer data)
{
  twin_engine_advance (data, 0.5);
  return G_SOURCE_CONTINUE;
}

static void
test_websocket (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  WsClient ws = { 0 };
  double t_prev = -1, seq_prev = -1;
  guint advance_id, increases = 0;

  g_assert_false (twin_rest_server_set_ws_rate (f->rest, 0, &error));
  g_assert_error (error, TWIN_ENGINE_ERROR, TWIN_ENGINE_ERROR_INVALID_VALUE);
  g_assert_true (twin_rest_server_set_ws_rate (f->rest, 20, NULL));

  ws_connect (f, NULL, &ws);
  g_assert_no_error (ws.error);
  g_assert_cmpuint (twin_rest_server_get_n_websockets (f->rest), ==, 1);

  advance_id = g_timeout_add (30, advance_cb, f->engine);
  while (ws.messages->len < 12)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (advance_id);

  for (guint i = 0; i < ws.messages->len; i++)
    {
      cJSON *state = cJSON_Parse (g_ptr_array_index (ws.messages, i));
      double t = number (state, "timestamp");
      double seq = number (state, "seq");

      g_assert_nonnull (cJSON_GetObjectItem (state, "model"));
      g_assert_cmpfloat (t, >=, t_prev);
      g_assert_cmpfloat (seq, >=, seq_prev);
      increases += t > t_prev && i > 0;
      t_prev = t;
      seq_prev = seq;
      cJSON_Delete (state);
    }
  g_assert_cmpuint (increases, >=, 3);

  soup_websocket_connection_close (ws.conn, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  while (twin_rest_server_get_n_websockets (f->rest) > 0)
    g_main_context_iteration (NULL, TRUE);
  g_clear_object (&ws.conn);
  g_ptr_array_unref (ws.messages);
}

static void
test_websocket_auth (Fixture       *f,
                     gconstpointer  data)
{
  WsClient refused = { 0 }, accepted = { 0 };
  g_autofree char *token = NULL;

  fixture_teardown (f, NULL);
  fixture_start (f, "ws-token");
  token = g_steal_pointer (&f->token);

  ws_connect (f, NULL, &refused);
  g_assert_null (refused.conn);
  g_assert_nonnull (refused.error);
  g_assert_cmpuint (twin_rest_server_get_n_websockets (f->rest), ==, 0);

  ws_connect (f, token, &accepted);
  g_assert_no_error (accepted.error);
  while (accepted.messages->len < 1)
    g_main_context_iteration (NULL, TRUE);

  g_clear_error (&refused.error);
  g_ptr_array_unref (refused.messages);
  soup_websocket_connection_close (accepted.conn, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  while (twin_rest_server_get_n_websockets (f->rest) > 0)
    g_main_context_iteration (NULL, TRUE);
  g_clear_object (&accepted.conn);
  g_ptr_array_unref (accepted.messages);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/rest/state", Fixture, NULL, fixture_setup, test_state, fixture_teardown);
  g_test_add ("/rest/update/tutorial", Fixture, NULL, fixture_setup, test_update, fixture_teardown);
  g_test_add ("/rest/controls", Fixture, NULL, fixture_setup, test_controls, fixture_teardown);
  g_test_add ("/rest/history", Fixture, NULL, fixture_setup, test_history, fixture_teardown);
  g_test_add ("/rest/model", Fixture, NULL, fixture_setup, test_model, fixture_teardown);
  g_test_add ("/rest/healthz", Fixture, NULL, fixture_setup, test_healthz, fixture_teardown);
  g_test_add ("/rest/schemas", Fixture, NULL, fixture_setup, test_schemas, fixture_teardown);
  g_test_add ("/rest/openapi", Fixture, NULL, fixture_setup, test_openapi, fixture_teardown);
  g_test_add ("/rest/metrics", Fixture, NULL, fixture_setup, test_metrics, fixture_teardown);
  g_test_add ("/rest/properties", Fixture, NULL, fixture_setup, test_properties, fixture_teardown);
  g_test_add ("/rest/bad-requests", Fixture, NULL, fixture_setup, test_bad_requests, fixture_teardown);
  g_test_add ("/rest/auth", Fixture, NULL, fixture_setup, test_auth, fixture_teardown);
  g_test_add_func ("/rest/bind-public", test_bind_public);
  g_test_add ("/rest/slow-client", Fixture, NULL, fixture_setup, test_slow_client, fixture_teardown);
  g_test_add ("/rest/idle-connections", Fixture, NULL, fixture_setup, test_idle_connections, fixture_teardown);
  g_test_add ("/rest/websocket", Fixture, NULL, fixture_setup, test_websocket, fixture_teardown);
  g_test_add ("/rest/websocket/auth", Fixture, NULL, fixture_setup, test_websocket_auth, fixture_teardown);

  return g_test_run ();
}
