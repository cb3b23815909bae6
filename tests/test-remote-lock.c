/* test-remote-lock.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The clarity issue's wire, over real HTTP and a real mosquitto: remote
 * commands refused while locked out (423, ok:false, "locked") and
 * changing nothing; run_for, run_until_event and reset_from as command
 * fields, bad values refused by field, value and what is allowed; the
 * state's trip_cause and trips_in.
 */

#include <cjson/cJSON.h>
#include <math.h>
#include <string.h>

#include "twin-json.h"
#include "twin-test-env.h"
#include "twin-test-mirror.h"
#include "twin-test-mqtt-client.h"
#include "twin-test-rest.h"

static void
test_rest_locked (TwinTestRest  *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  TwinSnapshot before, after;

  twin_engine_set_paused (f->engine, TRUE);
  twin_engine_set_command_lock (f->engine, TWIN_COMMAND_LOCK_REMOTE);
  twin_engine_get_snapshot (f->engine, &before);

  {
    g_auto(TwinTestReply) reply = { 0 };

    twin_test_rest_request (f, "PATCH", "/controls", "application/json",
                            "{\"ambient\":30,\"run_for\":60}", -1, NULL, &reply);
    twin_test_rest_assert_problem (&reply, 423, "commands from REST are locked");
  }
  {
    g_auto(TwinTestReply) reply = { 0 };

    twin_test_rest_request (f, "PUT", "/model", "application/json", "{\"model\":\"tutorial@1\"}", -1, NULL, &reply);
    twin_test_rest_assert_problem (&reply, 423, "locked");
  }
  {
    g_auto(TwinTestReply) reply = { 0 };

    twin_test_rest_request (f, "POST", "/update?ambient=30", NULL, NULL, 0, NULL, &reply);
    twin_test_rest_assert_problem (&reply, 423, "locked");
  }

  twin_engine_get_snapshot (f->engine, &after);
  g_assert_cmpfloat (after.ambient, ==, before.ambient);
  g_assert_cmpfloat (after.timestamp, ==, before.timestamp);
  g_assert_cmpstr (after.model, ==, before.model);

  /* Trainer mode locks the window, not REST. */
  twin_engine_set_command_lock (f->engine, TWIN_COMMAND_LOCK_WINDOW);
  {
    g_auto(TwinTestReply) reply = { 0 };

    twin_test_rest_request (f, "PATCH", "/controls", "application/json", "{\"ambient\":30}", -1, NULL, &reply);
    g_assert_cmpuint (reply.status, ==, 200);
  }
  g_assert_cmpfloat (twin_engine_get_ambient (f->engine), ==, 30);
}

static void
test_rest_run_and_reset_fields (TwinTestRest  *f,
                                gconstpointer  data)
{
  const struct { const char *body; const char *detail; } bad[] = {
    { "{\"run_for\":-1}", "run_for: -1 is out of range; allowed: 0.01 to 86400 s" },
    { "{\"run_for\":86401}", "run_for: 86401 is out of range; allowed: 0.01 to 86400 s" },
    { "{\"run_for\":\"60\"}", "run_for: must be a number" },
    { "{\"run_until_event\":1}", "run_until_event: must be true or false" },
    { "{\"reset\":true,\"reset_from\":\"x\"}", "reset_from: \"x\" is not allowed; allowed: initial, steady" },
    { "{\"reset\":true,\"reset_from\":1}", "reset_from: must be a string; allowed: initial, steady" },
    { "{\"reset_from\":\"steady\"}", "reset_from: only with \"reset\": true" },
    { "{\"ambient\":30,\"reset\":true,\"reset_from\":\"x\"}", "reset_from" },
  };
  cJSON *state;

  twin_engine_set_paused (f->engine, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_auto(TwinTestReply) reply = { 0 };

      twin_test_rest_request (f, "PATCH", "/controls", "application/json", bad[i].body, -1, NULL, &reply);
      twin_test_rest_assert_problem (&reply, 400, bad[i].detail);
    }
  g_assert_cmpfloat (twin_engine_get_ambient (f->engine), ==, 22);
  g_assert_cmpfloat (twin_engine_get_timestamp (f->engine), ==, 0);

  {
    g_auto(TwinTestReply) reply = { 0 };

    twin_test_rest_request (f, "PATCH", "/controls", "application/json", "{\"run_for\":60}", -1, NULL, &reply);
    g_assert_cmpuint (reply.status, ==, 200);
  }
  g_assert_cmpfloat (fabs (twin_engine_get_timestamp (f->engine) - 60), <, 1e-9);

  /* Into the resonance, then to the next events: the trip comes with its
   * cause, the countdown before it. */
  {
    g_auto(TwinTestReply) reply = { 0 };

    twin_test_rest_request (f, "PATCH", "/controls", "application/json",
                            "{\"rpm_setpoint\":2400,\"run_for\":3,\"run_until_event\":false}", -1, NULL, &reply);
    g_assert_cmpuint (reply.status, ==, 200);
  }
  state = twin_test_rest_get_json (f, "/state");
  g_assert_true (cJSON_IsNull (cJSON_GetObjectItem (state, "trip_cause")));
  g_assert_nonnull (cJSON_GetObjectItem (state, "trips_in"));
  cJSON_Delete (state);

  for (guint i = 0; i < 20 && !twin_engine_get_tripped (f->engine); i++)
    {
      g_auto(TwinTestReply) reply = { 0 };

      twin_test_rest_request (f, "PATCH", "/controls", "application/json", "{\"run_until_event\":true}", -1, NULL,
                              &reply);
      g_assert_cmpuint (reply.status, ==, 200);
      state = twin_test_rest_get_json (f, "/state");
      if (g_str_equal (cJSON_GetObjectItem (state, "zone")->valuestring, "D") &&
          cJSON_IsFalse (cJSON_GetObjectItem (state, "tripped")))
        {
          double left = twin_test_json_number (state, "trips_in");

          g_assert_cmpfloat (left, >, 0);
          g_assert_cmpfloat (left, <=, 10);
        }
      cJSON_Delete (state);
    }
  g_assert_true (twin_engine_get_tripped (f->engine));
  state = twin_test_rest_get_json (f, "/state");
  g_assert_cmpstr (cJSON_GetObjectItem (state, "trip_cause")->valuestring, ==, "vibration");
  g_assert_true (cJSON_IsNull (cJSON_GetObjectItem (state, "trips_in")));
  cJSON_Delete (state);

  /* Reset to the steady state of 1000 rpm at 30 °C. */
  {
    g_auto(TwinTestReply) reply = { 0 };

    twin_test_rest_request (f, "PATCH", "/controls", "application/json",
                            "{\"ambient\":30,\"rpm_setpoint\":1000,\"reset\":true,\"reset_from\":\"steady\"}", -1,
                            NULL, &reply);
    g_assert_cmpuint (reply.status, ==, 200);
  }
  state = twin_test_rest_get_json (f, "/state");
  g_assert_cmpfloat (twin_test_json_number (state, "timestamp"), ==, 0);
  g_assert_cmpfloat (fabs (twin_test_json_number (state, "temperature") - (30 + 43.0 * 4 / 9)), <, 1e-9);
  g_assert_cmpfloat (twin_test_json_number (state, "rpm"), ==, 1000);
  g_assert_true (cJSON_IsFalse (cJSON_GetObjectItem (state, "tripped")));
  g_assert_true (cJSON_IsNull (cJSON_GetObjectItem (state, "trip_cause")));
  cJSON_Delete (state);
}

static char *
reply_for (TwinTestClient *client,
           const char     *payload)
{
  g_autoptr(GPtrArray) replies = NULL;

  twin_test_client_publish (client, "twin/cmd", payload, strlen (payload), 1, FALSE);
  twin_test_client_wait_count (client, "twin/cmd/result", 1);
  replies = twin_test_client_take (client, "twin/cmd/result");
  g_assert_cmpuint (replies->len, ==, 1);

  return g_strdup (((TwinTestMessage *)replies->pdata[0])->payload);
}

static void
test_mqtt_locked (TwinTestMqtt  *f,
                  gconstpointer  data)
{
  g_autoptr(TwinTestClient) client = twin_test_client_new (f->url, "locked-out", FALSE, NULL);
  g_autoptr(TwinMqtt) mqtt = NULL;
  TwinSnapshot before, after;

  twin_test_client_subscribe (client, "twin/cmd/result", 1);
  mqtt = twin_test_mirror_new (f->engine, f->url, "twin", "rate", 2.0, "qos", 1u, NULL);
  twin_test_mirror_wait_connected (mqtt, 10);

  twin_engine_set_paused (f->engine, TRUE);
  twin_engine_set_command_lock (f->engine, TWIN_COMMAND_LOCK_REMOTE);
  twin_engine_get_snapshot (f->engine, &before);

  {
    g_autofree char *text = reply_for (client, "{\"ambient\":30,\"run_for\":60,\"id\":\"l1\"}");
    g_autoptr(cJSON) root = cJSON_Parse (text);

    g_assert_nonnull (root);
    g_assert_true (cJSON_IsFalse (cJSON_GetObjectItem (root, "ok")));
    g_assert_nonnull (strstr (cJSON_GetObjectItem (root, "error")->valuestring, "commands from MQTT are locked"));
    g_assert_cmpstr (cJSON_GetObjectItem (root, "id")->valuestring, ==, "l1");
  }
  twin_engine_get_snapshot (f->engine, &after);
  g_assert_cmpfloat (after.ambient, ==, before.ambient);
  g_assert_cmpfloat (after.timestamp, ==, before.timestamp);

  twin_engine_set_command_lock (f->engine, TWIN_COMMAND_LOCK_NONE);
  {
    g_autofree char *text = reply_for (client, "{\"ambient\":30,\"run_for\":60,\"id\":\"l2\"}");

    g_assert_nonnull (strstr (text, "\"ok\":true"));
  }
  g_assert_cmpfloat (twin_engine_get_ambient (f->engine), ==, 30);
  g_assert_cmpfloat (fabs (twin_engine_get_timestamp (f->engine) - 60), <, 1e-9);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  twin_test_rest_add ("/remote/rest/locked-out-423-changes-nothing", test_rest_locked);
  twin_test_rest_add ("/remote/rest/run-for-until-event-reset-from", test_rest_run_and_reset_fields);
  twin_test_mqtt_add ("/remote/mqtt/locked-out-ok-false-changes-nothing", test_mqtt_locked);

  return twin_test_run_in_data_home ();
}
