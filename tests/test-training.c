/* test-training.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Scenarios and the flight recorder driven from outside: REST's POST and
 * GET /scenario and /recording over real HTTP, and MQTT's <prefix>/scenario
 * and <prefix>/recording through a real mosquitto, with the score sheet
 * retained on <prefix>/scenario/score.
 */

#include <glib/gstdio.h>
#include <string.h>

#include "twin-json.h"
#include "twin-mqtt.h"
#include "twin-test-broker.h"
#include "twin-test-mcap.h"
#include "twin-test-mirror.h"
#include "twin-test-mqtt-client.h"
#include "twin-test-rest.h"
#include "twin-test-wait.h"

static cJSON *
post_to (TwinTestRest *f,
         const char   *path,
         const char   *body,
         guint         status)
{
  TwinTestReply reply = { 0 };
  cJSON *root;

  twin_test_rest_request (f, "POST", path, "application/json", body, -1, NULL, &reply);
  if (reply.status != status)
    g_error ("POST %s %s: %u %s, not %u", path, body, reply.status, reply.body, status);
  root = cJSON_Parse (reply.body);
  g_assert_nonnull (root);
  twin_test_reply_clear (&reply);
  return root;
}

#define post(f, body, status) post_to ((f), "/scenario", (body), (status))

static cJSON *
sheet (TwinTestRest *f)
{
  g_autofree char *body = twin_test_rest_get_ok (f, "/scenario");

  return cJSON_Parse (body);
}

static const char *
detail (const cJSON *problem)
{
  return cJSON_GetObjectItem (problem, "detail")->valuestring;
}

static void
test_rest (TwinTestRest  *f,
           gconstpointer  data)
{
  TwinTestReply reply = { 0 };
  g_autoptr(cJSON) root = NULL;
  const char *hint;

  /* Nothing ran yet. */
  twin_test_rest_request (f, "GET", "/scenario", NULL, NULL, 0, NULL, &reply);
  g_assert_cmpuint (reply.status, ==, 404);
  twin_test_reply_clear (&reply);

  /* Refused with what is allowed, and nothing starts. */
  root = post (f, "{\"start\": \"nope\"}", 400);
  g_assert_nonnull (strstr (detail (root), "keep-it-running"));
  g_clear_pointer (&root, cJSON_Delete);
  root = post (f, "{\"start\": \"keep-it-running\", \"hint\": true}", 400);
  g_assert_nonnull (strstr (detail (root), "2 given"));
  g_clear_pointer (&root, cJSON_Delete);
  root = post (f, "{\"start\": {\"title\": \"t\"}}", 400);
  g_assert_nonnull (strstr (detail (root), "start: description"));
  g_clear_pointer (&root, cJSON_Delete);
  twin_test_rest_request (f, "GET", "/scenario", NULL, NULL, 0, NULL, &reply);
  g_assert_cmpuint (reply.status, ==, 404);
  twin_test_reply_clear (&reply);

  /* Started: it sets the machine up and plays at its time scale. */
  g_clear_pointer (&root, cJSON_Delete);
  root = post (f, "{\"start\": \"keep-it-running\"}", 200);
  g_assert_true (cJSON_IsTrue (cJSON_GetObjectItem (root, "ok")));
  g_assert_cmpfloat (twin_engine_get_time_scale (f->engine), ==, 10);
  g_assert_cmpfloat (twin_engine_get_ambient (f->engine), ==, 40);
  twin_engine_advance (f->engine, 70);
  g_assert_cmpfloat (twin_engine_get_rpm_setpoint (f->engine), ==, 2000);

  /* A hint, paid for; a diagnosis this scenario does not ask for. */
  g_clear_pointer (&root, cJSON_Delete);
  root = post (f, "{\"hint\": true}", 200);
  hint = cJSON_GetObjectItem (root, "hint")->valuestring;
  g_assert_nonnull (strstr (hint, "116 °C"));
  g_clear_pointer (&root, cJSON_Delete);
  root = post (f, "{\"diagnosis\": \"bearing_defect\"}", 400);
  g_assert_nonnull (strstr (detail (root), "asks for none"));

  /* The operator acts over REST; the scenario ends by itself. */
  twin_test_rest_request (f, "PATCH", "/controls", "application/json", "{\"rpm_setpoint\": 1800}", -1, NULL, &reply);
  g_assert_cmpuint (reply.status, ==, 200);
  twin_test_reply_clear (&reply);
  twin_engine_advance (f->engine, 600);
  g_assert_true (twin_engine_get_paused (f->engine));
  g_clear_pointer (&root, cJSON_Delete);
  root = sheet (f);
  g_assert_true (cJSON_IsTrue (cJSON_GetObjectItem (root, "finished")));
  g_assert_true (cJSON_IsTrue (cJSON_GetObjectItem (root, "passed")));
  g_assert_cmpint (cJSON_GetObjectItem (root, "hints_used")->valueint, ==, 1);
  g_assert_cmpfloat (cJSON_GetObjectItem (root, "score")->valuedouble, ==, 85);

  /* Locked out, REST cannot start one. */
  twin_engine_set_command_lock (f->engine, TWIN_COMMAND_LOCK_REMOTE);
  g_clear_pointer (&root, cJSON_Delete);
  root = post (f, "{\"start\": \"heat-wave\"}", 423);
  g_assert_nonnull (strstr (detail (root), "locked"));
  g_clear_pointer (&root, cJSON_Delete);
  root = sheet (f);
  g_assert_cmpstr (cJSON_GetObjectItem (root, "scenario")->valuestring, ==, "keep-it-running");
}

static cJSON *
take_last (TwinTestClient *sub,
           const char     *topic)
{
  g_autoptr(GPtrArray) messages = NULL;

  twin_test_client_wait_count (sub, topic, 1);
  messages = twin_test_client_take (sub, topic);
  return cJSON_Parse (((TwinTestMessage *)g_ptr_array_index (messages, messages->len - 1))->payload);
}

typedef struct
{
  TwinTestClient *sub;
  const char     *status;
} SheetWait;

/* The retained sheet, once a sheet with the diagnosis decided came. */
static gboolean
diagnosis_decided (gpointer data)
{
  SheetWait *w = data;
  g_autoptr(GPtrArray) messages = twin_test_client_take (w->sub, "t/scenario/score");

  for (guint i = 0; i < messages->len; i++)
    {
      g_autoptr(cJSON) root = cJSON_Parse (((TwinTestMessage *)g_ptr_array_index (messages, i))->payload);
      const cJSON *check = cJSON_GetArrayItem (cJSON_GetObjectItem (root, "checks"), 0);

      if (g_str_equal (cJSON_GetObjectItem (check, "status")->valuestring, w->status))
        return TRUE;
    }
  return FALSE;
}

static void
test_mqtt (void)
{
  g_autoptr(TwinTestBroker) broker = twin_test_broker_new (NULL);
  g_autofree char *url = twin_test_broker_get_url (broker);
  g_autoptr(TwinTestClient) sub = twin_test_client_new (url, "training-sub", FALSE, NULL);
  g_autoptr(TwinEngine) engine = twin_engine_new ();
  g_autoptr(TwinMqtt) mirror = NULL;
  g_autoptr(cJSON) result = NULL;
  const char *start = "{\"start\": \"find-the-fault\", \"id\": 7}";
  const char *diagnosis = "{\"diagnosis\": \"bearing_defect\", \"id\": \"d\"}";
  const char *bad = "{\"diagnosis\": \"fire\"}";

  twin_test_client_subscribe (sub, "t/scenario/result", 1);
  twin_test_client_subscribe (sub, "t/scenario/score", 1);
  mirror = twin_test_mirror_new (engine, url, "t", "qos", 1u, NULL);
  twin_test_mirror_wait_connected (mirror, 10);

  twin_test_client_publish (sub, "t/scenario", start, strlen (start), 1, FALSE);
  result = take_last (sub, "t/scenario/result");
  g_assert_true (cJSON_IsTrue (cJSON_GetObjectItem (result, "ok")));
  g_assert_cmpint (cJSON_GetObjectItem (result, "id")->valueint, ==, 7);
  g_clear_pointer (&result, cJSON_Delete);

  twin_test_client_publish (sub, "t/scenario", bad, strlen (bad), 1, FALSE);
  result = take_last (sub, "t/scenario/result");
  g_assert_false (cJSON_IsTrue (cJSON_GetObjectItem (result, "ok")));
  g_assert_nonnull (strstr (cJSON_GetObjectItem (result, "error")->valuestring, "bearing_defect"));
  g_clear_pointer (&result, cJSON_Delete);

  /* The hidden fault comes at 150 s; the operator names it. */
  twin_engine_advance (engine, 300);
  twin_test_client_publish (sub, "t/scenario", diagnosis, strlen (diagnosis), 1, FALSE);
  result = take_last (sub, "t/scenario/result");
  g_assert_true (cJSON_IsTrue (cJSON_GetObjectItem (result, "ok")));
  g_assert_cmpstr (cJSON_GetObjectItem (result, "id")->valuestring, ==, "d");
  twin_test_wait_until (diagnosis_decided, &(SheetWait){ sub, "passed" }, 10, "the sheet with the diagnosis");

  twin_mqtt_stop (mirror);
}

/* Names are file names in the recordings folder, never paths. */
static void
test_recording_rest (TwinTestRest  *f,
                     gconstpointer  data)
{
  g_autofree char *dir = g_dir_make_tmp ("twin-recordings-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "lesson-1.mcap", NULL);
  g_autoptr(cJSON) root = NULL;
  cJSON *read;
  static const char * const bad[] = {
    "{\"start\": \"../evil\"}", "{\"start\": \".hidden\"}", "{\"start\": \"\"}", "{\"start\": 5}",
    "{\"stop\": true}", "{\"start\": \"a\", \"stop\": true}", "{\"pause\": true}",
  };

  g_setenv ("TWINSCOPE_RECORDING_DIR", dir, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_clear_pointer (&root, cJSON_Delete);
      root = post_to (f, "/recording", bad[i], 400);
      g_test_message ("%s: %s", bad[i], detail (root));
    }
  {
    g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);

    g_assert_null (g_dir_read_name (listing));
  }

  g_clear_pointer (&root, cJSON_Delete);
  root = post_to (f, "/recording", "{\"start\": \"lesson-1\"}", 200);
  g_assert_true (cJSON_IsTrue (cJSON_GetObjectItem (root, "recording")));
  g_assert_cmpstr (cJSON_GetObjectItem (root, "file")->valuestring, ==, path);
  g_clear_pointer (&root, cJSON_Delete);
  root = post_to (f, "/recording", "{\"start\": \"lesson-2\"}", 400);
  g_assert_nonnull (strstr (detail (root), "already recording lesson-1"));

  twin_engine_advance (f->engine, 30);
  g_clear_pointer (&root, cJSON_Delete);
  root = post_to (f, "/recording", "{\"stop\": true}", 200);
  g_assert_false (cJSON_IsTrue (cJSON_GetObjectItem (root, "recording")));

  read = twin_test_read_mcap (path, "indexed");
  g_assert_cmpint (cJSON_GetObjectItem (cJSON_GetObjectItem (read, "statistics"), "messages")->valueint, >=, 300);
  cJSON_Delete (read);

  twin_engine_set_command_lock (f->engine, TWIN_COMMAND_LOCK_REMOTE);
  g_clear_pointer (&root, cJSON_Delete);
  root = post_to (f, "/recording", "{\"start\": \"lesson-3\"}", 423);
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_recording_mqtt (void)
{
  g_autoptr(TwinTestBroker) broker = twin_test_broker_new (NULL);
  g_autofree char *url = twin_test_broker_get_url (broker);
  g_autoptr(TwinTestClient) sub = twin_test_client_new (url, "recording-sub", FALSE, NULL);
  g_autoptr(TwinEngine) engine = twin_engine_new ();
  g_autofree char *dir = g_dir_make_tmp ("twin-recordings-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "m1.mcap", NULL);
  g_autoptr(TwinMqtt) mirror = NULL;
  g_autoptr(cJSON) result = NULL;
  const char *start = "{\"start\": \"m1\", \"id\": 3}";
  const char *stop = "{\"stop\": true}";
  cJSON *read;

  g_setenv ("TWINSCOPE_RECORDING_DIR", dir, TRUE);
  twin_test_client_subscribe (sub, "t/recording/result", 1);
  mirror = twin_test_mirror_new (engine, url, "t", "qos", 1u, NULL);
  twin_test_mirror_wait_connected (mirror, 10);

  twin_test_client_publish (sub, "t/recording", start, strlen (start), 1, FALSE);
  result = take_last (sub, "t/recording/result");
  g_assert_true (cJSON_IsTrue (cJSON_GetObjectItem (result, "ok")));
  g_assert_true (cJSON_IsTrue (cJSON_GetObjectItem (result, "recording")));
  g_assert_cmpint (cJSON_GetObjectItem (result, "id")->valueint, ==, 3);
  g_clear_pointer (&result, cJSON_Delete);

  twin_engine_advance (engine, 10);
  twin_test_client_publish (sub, "t/recording", stop, strlen (stop), 1, FALSE);
  result = take_last (sub, "t/recording/result");
  g_assert_true (cJSON_IsTrue (cJSON_GetObjectItem (result, "ok")));
  g_assert_false (cJSON_IsTrue (cJSON_GetObjectItem (result, "recording")));

  read = twin_test_read_mcap (path, "indexed");
  g_assert_cmpint (cJSON_GetObjectItem (cJSON_GetObjectItem (read, "statistics"), "messages")->valueint, >=, 100);
  cJSON_Delete (read);
  twin_mqtt_stop (mirror);
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/training/rest", TwinTestRest, NULL, twin_test_rest_setup, test_rest, twin_test_rest_teardown);
  g_test_add_func ("/training/mqtt", test_mqtt);
  g_test_add ("/recording/rest", TwinTestRest, NULL, twin_test_rest_setup, test_recording_rest,
              twin_test_rest_teardown);
  g_test_add_func ("/recording/mqtt", test_recording_mqtt);

  return g_test_run ();
}
