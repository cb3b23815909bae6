/* test-rest-api.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The REST resources over real HTTP on loopback: a SoupSession client
 * against the real server, both on the test's main context.
 */

#include <cjson/cJSON.h>
#include <libsoup/soup.h>
#include <string.h>

#include "twin-test-commands.h"
#include "twin-test-rest.h"
#include "twin-test-wait.h"

static void
test_state (TwinTestRest  *f,
            gconstpointer  data)
{
  g_autoptr(GRegex) tutorial = NULL;
  g_autofree char *body = twin_test_rest_get_ok (f, "/state");
  cJSON *state = cJSON_Parse (body);

  tutorial = g_regex_new ("^\\{\"temperature\":-?[0-9]+\\.[0-9]+(e-?[0-9]+)?,"
                          "\"vibration\":-?[0-9]+\\.[0-9]+(e-?[0-9]+)?,"
                          "\"rpm\":[0-9]+,\"timestamp\":[0-9]+\\.[0-9]+(e-?[0-9]+)?,", 0, 0, NULL);
  g_assert_true (g_regex_match (tutorial, body, 0, NULL));
  g_assert_cmpstr (cJSON_GetObjectItem (state, "model")->valuestring, ==, "physical@3");
  g_assert_cmpfloat (twin_test_json_number (state, "temperature"), ==, 65.0);
  g_assert_cmpfloat (twin_test_json_number (state, "rpm"), ==, 1500);
  cJSON_Delete (state);
}

static void
check_update (TwinTestRest *f,
              const char   *model,
              guint64       steps_per_second)
{
  g_autoptr(GRegex) tutorial = NULL;
  g_autofree char *patch = g_strdup_printf ("{\"model\":\"%s\",\"paused\":true}", model);
  double t_prev = -1;
  guint64 seq_prev = 0;
  g_auto(TwinTestReply) reply = { 0 };

  twin_test_rest_request (f, "PATCH", "/controls", "application/json", patch, -1, NULL, &reply);
  g_assert_cmpuint (reply.status, ==, 200);

  tutorial = g_regex_new ("^\\{\"temperature\":-?[0-9]+\\.[0-9]+(e-?[0-9]+)?,"
                          "\"vibration\":-?[0-9]+\\.[0-9]+(e-?[0-9]+)?,"
                          "\"rpm\":[0-9]+,\"timestamp\":[0-9]+\\.[0-9]+(e-?[0-9]+)?,", 0, 0, NULL);

  for (guint i = 0; i < 5; i++)
    {
      g_auto(TwinTestReply) r = { 0 };
      cJSON *state;
      double t;
      guint64 seq;

      twin_test_rest_request (f, "POST", "/update?ambient=30", NULL, NULL, 0, NULL, &r);
      g_assert_cmpuint (r.status, ==, 200);
      g_assert_cmpstr (soup_message_headers_get_content_type (r.headers, NULL), ==, "application/json");
      /* The tutorial's four keys first, with its types. */
      g_assert_true (g_regex_match (tutorial, r.body, 0, NULL));
      state = cJSON_Parse (r.body);
      t = twin_test_json_number (state, "timestamp");
      seq = (guint64)twin_test_json_number (state, "seq");
      g_assert_cmpfloat (twin_test_json_number (state, "ambient"), ==, 30.0);
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
test_update (TwinTestRest  *f,
             gconstpointer  data)
{
  /* Paused on purpose: /update advances anyway, by exactly one second. */
  check_update (f, "physical@2", 100);
  check_update (f, "tutorial@1", 2);
}

static void
test_controls (TwinTestRest  *f,
               gconstpointer  data)
{
  g_auto(TwinTestReply) reply = { 0 };
  cJSON *controls = twin_test_rest_get_json (f, "/controls");
  cJSON *state;

  g_assert_cmpfloat (twin_test_json_number (controls, "ambient"), ==, 22.0);
  g_assert_cmpfloat (twin_test_json_number (controls, "rpm_setpoint"), ==, 1500.0);
  g_assert_cmpstr (cJSON_GetObjectItem (controls, "model")->valuestring, ==, "physical@3");
  cJSON_Delete (controls);

  twin_test_rest_request (f, "PATCH", "/controls", "application/json",
           "{\"ambient\":35.5,\"rpm_setpoint\":1800,\"time_scale\":10,\"paused\":true,"
           "\"faults\":{\"cooling_degraded\":true}}", -1, NULL, &reply);
  g_assert_cmpuint (reply.status, ==, 200);
  controls = cJSON_Parse (reply.body);
  g_assert_cmpfloat (twin_test_json_number (controls, "ambient"), ==, 35.5);
  g_assert_cmpfloat (twin_test_json_number (controls, "rpm_setpoint"), ==, 1800);
  g_assert_cmpfloat (twin_test_json_number (controls, "time_scale"), ==, 10);
  g_assert_true (cJSON_IsTrue (cJSON_GetObjectItem (controls, "paused")));
  g_assert_true (cJSON_IsTrue (cJSON_GetObjectItem (cJSON_GetObjectItem (controls, "faults"), "cooling_degraded")));
  cJSON_Delete (controls);

  g_assert_cmpfloat (twin_engine_get_ambient (f->engine), ==, 35.5);
  g_assert_true (twin_engine_get_cooling_degraded (f->engine));
  state = twin_test_rest_get_json (f, "/state");
  g_assert_true (cJSON_IsTrue (cJSON_GetObjectItem (cJSON_GetObjectItem (state, "faults"), "cooling_degraded")));
  cJSON_Delete (state);

  /* merge-patch or charset parameters are fine as long as it is JSON */
  twin_test_reply_clear (&reply);
  twin_test_rest_request (f, "PATCH", "/controls", "application/json; charset=utf-8", "{\"reset\":true}", -1, NULL, &reply);
  g_assert_cmpuint (reply.status, ==, 200);
  g_assert_cmpfloat (twin_engine_get_timestamp (f->engine), ==, 0);
}

static void
test_history (TwinTestRest  *f,
              gconstpointer  data)
{
  g_auto(TwinTestReply) reply = { 0 };
  const char *csv_accept[] = { "Accept", "text/csv", NULL };
  g_auto(GStrv) lines = NULL;
  cJSON *root, *columns, *time;

  twin_engine_set_ambient (f->engine, 30, NULL);
  twin_engine_advance (f->engine, 100.0);

  root = twin_test_rest_get_json (f, "/history?seconds=50&fields=temperature,rpm&max_points=25");
  g_assert_cmpfloat (twin_test_json_number (root, "points"), ==, 25);
  g_assert_cmpfloat_with_epsilon (twin_test_json_number (root, "to") - twin_test_json_number (root, "from"), 50, 1e-6);
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
  root = twin_test_rest_get_json (f, "/history?seconds=1");
  g_assert_cmpfloat (twin_test_json_number (root, "points"), ==, 10);
  g_assert_cmpint (cJSON_GetArraySize (cJSON_GetObjectItem (root, "columns")), ==, 13);
  cJSON_Delete (root);

  twin_test_rest_request (f, "GET", "/history?seconds=10&fields=vibration&max_points=4", NULL, NULL, 0, csv_accept, &reply);
  g_assert_cmpuint (reply.status, ==, 200);
  g_assert_true (g_str_has_prefix (soup_message_headers_get_content_type (reply.headers, NULL), "text/csv"));
  lines = g_strsplit (g_strchomp (reply.body), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 5);
  g_assert_cmpstr (lines[0], ==, "time (s),vibration_min (mm/s),vibration_max (mm/s)");
}

static void
test_model (TwinTestRest  *f,
            gconstpointer  data)
{
  g_auto(TwinTestReply) reply = { 0 };
  cJSON *model = twin_test_rest_get_json (f, "/model");
  cJSON *params = cJSON_GetObjectItem (model, "parameters");
  gboolean found = FALSE;
  cJSON *state;
  double t;

  g_assert_cmpstr (cJSON_GetObjectItem (model, "model")->valuestring, ==, "physical@3");
  g_assert_cmpstr (cJSON_GetObjectItem (model, "name")->valuestring, ==, "physical");
  g_assert_cmpfloat (twin_test_json_number (model, "version"), ==, 3);
  g_assert_cmpfloat (twin_test_json_number (model, "dt"), ==, 0.01);
  g_assert_cmpint (cJSON_GetArraySize (params), ==, (int)twin_engine_get_model (f->engine)->n_params);
  for (int i = 0; i < cJSON_GetArraySize (params); i++)
    {
      cJSON *p = cJSON_GetArrayItem (params, i);

      g_assert_cmpfloat (twin_test_json_number (p, "min"), <=, twin_test_json_number (p, "default"));
      g_assert_cmpfloat (twin_test_json_number (p, "default"), <=, twin_test_json_number (p, "max"));
      if (g_str_equal (cJSON_GetObjectItem (p, "name")->valuestring, "temp_warning"))
        found = TRUE;
    }
  g_assert_true (found || cJSON_GetArraySize (params) > 0);
  g_assert_cmpint (cJSON_GetArraySize (cJSON_GetObjectItem (model, "available")), ==, (int)twin_model_registry_count ());
  cJSON_Delete (model);

  /* Switch at run time: time and state carry over, the server keeps serving. */
  twin_engine_advance (f->engine, 10.0);
  t = twin_engine_get_timestamp (f->engine);
  twin_test_rest_request (f, "PUT", "/model", "application/json", "{\"model\":\"tutorial@1\"}", -1, NULL, &reply);
  g_assert_cmpuint (reply.status, ==, 200);
  model = cJSON_Parse (reply.body);
  g_assert_cmpstr (cJSON_GetObjectItem (model, "model")->valuestring, ==, "tutorial@1");
  g_assert_cmpfloat (twin_test_json_number (model, "dt"), ==, 0.5);
  cJSON_Delete (model);
  state = twin_test_rest_get_json (f, "/state");
  g_assert_cmpstr (cJSON_GetObjectItem (state, "model")->valuestring, ==, "tutorial@1");
  g_assert_cmpfloat (twin_test_json_number (state, "timestamp"), ==, t);
  cJSON_Delete (state);
}

static void
test_healthz (TwinTestRest  *f,
              gconstpointer  data)
{
  g_autofree char *body = twin_test_rest_get_ok (f, "/healthz");

  g_assert_cmpstr (body, ==, "{\"status\":\"ok\"}");
}

static void
requests_notify_cb (GObject    *object,
                    GParamSpec *pspec,
                    gboolean   *notified)
{
  *notified = TRUE;
}

static void
test_properties (TwinTestRest  *f,
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
    g_free (twin_test_rest_get_ok (f, "/healthz"));
  twin_test_wait_until (twin_test_flag_is_set, &notified, 10, "notify::requests");
  g_object_get (f->rest, "requests", &requests, NULL);
  g_assert_cmpuint (requests, ==, 3);
  g_signal_handlers_disconnect_by_data (f->rest, &notified);
}

/* Every change through the port is a command from REST, applied at the
 * step the engine was at; a refused one is none. */
static void
test_command_applied_from_rest (TwinTestRest  *f,
                                gconstpointer  data)
{
  g_autoptr(TwinTestCommandLog) log = twin_test_command_log_new (f->engine);
  const struct {
    const char *method;
    const char *path;
    const char *body;
    guint       fields;
  } changes[] = {
    { "PATCH", "/controls", "{\"ambient\":35,\"rpm_setpoint\":1800}", TWIN_COMMAND_AMBIENT | TWIN_COMMAND_RPM_SETPOINT },
    { "PATCH", "/controls", "{\"faults\":{\"bearing_defect\":true},\"paused\":true,\"time_scale\":5}",
      TWIN_COMMAND_BEARING_DEFECT | TWIN_COMMAND_PAUSED | TWIN_COMMAND_TIME_SCALE },
    { "PATCH", "/controls", "{\"reset_trip\":true}", TWIN_COMMAND_RESET_TRIP },
    { "POST", "/update?ambient=30", NULL, TWIN_COMMAND_AMBIENT },
    { "PUT", "/model", "{\"model\":\"tutorial@1\"}", TWIN_COMMAND_MODEL },
    { "PATCH", "/controls", "{\"reset\":true}", TWIN_COMMAND_RESET },
  };

  twin_engine_advance (f->engine, 2.0);
  for (guint i = 0; i < G_N_ELEMENTS (changes); i++)
    {
      g_auto(TwinTestReply) reply = { 0 };
      /* /update advances one second after it applies the ambient. */
      guint64 step = twin_engine_get_steps (f->engine);

      twin_test_rest_request (f, changes[i].method, changes[i].path, "application/json", changes[i].body, -1,
                              NULL, &reply);
      g_assert_cmpuint (reply.status, ==, 200);
      twin_test_command_log_take_one (log, TWIN_COMMAND_SOURCE_REST, changes[i].fields,
                                      changes[i].fields & TWIN_COMMAND_RESET ? 0 : step);
    }

  {
    g_auto(TwinTestReply) reply = { 0 };

    twin_test_rest_request (f, "PATCH", "/controls", "application/json", "{\"ambient\":30,\"rpm_setpoint\":9999}",
                            -1, NULL, &reply);
    g_assert_cmpuint (reply.status, ==, 400);
    twin_test_reply_clear (&reply);
    twin_test_rest_request (f, "POST", "/update?ambient=81", NULL, NULL, 0, NULL, &reply);
    g_assert_cmpuint (reply.status, ==, 400);
    twin_test_reply_clear (&reply);
    twin_test_rest_request (f, "PUT", "/model", "application/json", "{\"model\":\"nope@1\"}", -1, NULL, &reply);
    g_assert_cmpuint (reply.status, ==, 400);
  }
  g_assert_cmpuint (twin_test_command_log_get_count (log), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  twin_test_rest_add ("/rest/state/tutorial-keys-first", test_state);
  twin_test_rest_add ("/rest/update/advances-one-second", test_update);
  twin_test_rest_add ("/rest/controls/patch-applies-and-reads-back", test_controls);
  twin_test_rest_add ("/rest/history/buckets-and-csv", test_history);
  twin_test_rest_add ("/rest/model/switch-keeps-time", test_model);
  twin_test_rest_add ("/rest/healthz/ok", test_healthz);
  twin_test_rest_add ("/rest/properties/url-and-request-count", test_properties);
  twin_test_rest_add ("/rest/command-applied/source-rest", test_command_applied_from_rest);

  return g_test_run ();
}
