/* test-recorder.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The flight recorder of the real binary: a headless session steered over
 * REST is recorded, read by @mcap/core, and replayed bit for bit into a
 * second recording; a session killed with SIGKILL replays up to its last
 * synced second; a file that is not a recording is refused.
 */

#include <cjson/cJSON.h>
#include <glib/gstdio.h>
#include <string.h>

#include "twin-json.h"
#include "twin-recorder.h"
#include "twin-test-mcap.h"
#include "twin-test-process.h"
#include "twin-test-rest.h"
#include "twin-test-wait.h"

typedef TwinTestRest Rest;

static char *
request (Rest       *rest,
         const char *method,
         const char *path,
         const char *body)
{
  TwinTestReply reply = { 0 };
  char *ret;

  twin_test_rest_request (rest, method, path, body ? "application/json" : NULL, body, -1, NULL, &reply);
  if (reply.status != 200)
    g_error ("%s %s %s: %u %s", method, path, body, reply.status, reply.body);
  ret = g_steal_pointer (&reply.body);
  twin_test_reply_clear (&reply);
  return ret;
}

static double
state_number (Rest       *rest,
              const char *key)
{
  g_autofree char *body = request (rest, "GET", "/state", NULL);
  g_autoptr(cJSON) state = cJSON_Parse (body);
  const cJSON *item = cJSON_GetObjectItem (state, key);

  return cJSON_IsBool (item) ? cJSON_IsTrue (item) : item->valuedouble;
}

typedef struct
{
  Rest       *rest;
  const char *key;
  double      value;
} StateWait;

static gboolean
state_reaches (gpointer data)
{
  StateWait *w = data;

  return state_number (w->rest, w->key) >= w->value;
}

/* Sends @command, then waits for the simulated time to move on by @seconds. */
static void
steer (Rest       *rest,
       const char *command,
       double      seconds)
{
  double now;

  g_free (request (rest, "PATCH", "/controls", command));
  now = state_number (rest, "timestamp");
  twin_test_wait_until (state_reaches, &(StateWait){ rest, "timestamp", now + seconds }, 60,
                        "%g more simulated seconds after %s", seconds, command);
}

static void
replay_into (const char *recording,
             const char *replayed,
             const char *expect)
{
  const char *args[] = { "--replay", recording, "--record", replayed, "--quiet", NULL };
  g_autofree char *out = NULL, *err = NULL;

  if (twin_test_run_binary (args, &out, &err) != 0)
    g_error ("--replay failed: %s", err);
  g_assert_nonnull (strstr (err, "replayed"));
  if (expect != NULL && strstr (err, expect) == NULL)
    g_error ("--replay said \"%s\", not \"%s\"", err, expect);
}

static void
test_replay_bit_for_bit (void)
{
  g_autofree char *dir = g_dir_make_tmp ("twin-recorder-XXXXXX", NULL);
  g_autofree char *a_path = g_build_filename (dir, "session.mcap", NULL);
  g_autofree char *b_path = g_build_filename (dir, "replay.mcap", NULL);
  const char *args[] = { "--headless", "--quiet", "--rest-port", "0", "--time-scale", "200",
                         "--rpm", "1800", "--record", a_path, NULL };
  g_autoptr(TwinTestProcess) process = twin_test_process_new (args, NULL);
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 30, NULL);
  g_autofree char *url = twin_test_process_wait_line (process, "REST API at ");
  Rest rest = { .session = session, .base = url };
  g_autoptr(GPtrArray) sources = NULL;
  cJSON *a, *b;
  static const char *topics[][3] = {
    { "/state", "time", "run" },
    { "/alarms", "run", NULL },
    { "/commands", "source", NULL },
    { "/keyframes", "", NULL },
  };

  g_assert_nonnull (url);
  /* Into zone D until it trips, out again, a fault, a reset. */
  g_free (request (&rest, "PATCH", "/controls", "{\"rpm_setpoint\": 2450}"));
  twin_test_wait_until (state_reaches, &(StateWait){ &rest, "tripped", 1 }, 60, "the machine to trip");
  steer (&rest, "{\"rpm_setpoint\": 1500, \"reset_trip\": true}", 20);
  steer (&rest, "{\"faults\": {\"cooling_degraded\": true}, \"ambient\": 35.5}", 30);
  steer (&rest, "{\"reset\": true}", 10);
  steer (&rest, "{\"paused\": true}", 0);
  steer (&rest, "{\"paused\": false, \"time_scale\": 500}", 65);
  twin_test_process_terminate (process);
  g_assert_cmpint (twin_test_process_get_exit_status (process), ==, 0);

  replay_into (a_path, b_path, "6 commands");
  a = twin_test_read_mcap (a_path, "indexed");
  b = twin_test_read_mcap (b_path, "indexed");
  for (guint i = 0; i < G_N_ELEMENTS (topics); i++)
    {
      g_autoptr(GPtrArray) in_a = twin_test_mcap_messages (a, topics[i][0], topics[i][1], topics[i][2]);
      g_autoptr(GPtrArray) in_b = twin_test_mcap_messages (b, topics[i][0], topics[i][1], topics[i][2]);

      twin_test_mcap_assert_same (in_a, in_b, topics[i][0]);
    }

  /* Each command says it came over REST, at its step. */
  sources = twin_test_mcap_messages (a, "/commands", "", NULL);
  g_assert_cmpuint (sources->len, ==, 6);
  for (guint i = 0; i < sources->len; i++)
    {
      g_autoptr(cJSON) c = cJSON_Parse (sources->pdata[i]);

      g_assert_cmpstr (cJSON_GetObjectItem (c, "source")->valuestring, ==, "rest");
      g_assert_true (cJSON_IsString (cJSON_GetObjectItem (c, "step")));
    }
  g_assert_cmpstr (cJSON_GetObjectItem (cJSON_GetObjectItem (cJSON_GetArrayItem (cJSON_GetObjectItem (a, "metadata"), 0),
                                                             "metadata"), "model")->valuestring, !=, "");

  cJSON_Delete (a);
  cJSON_Delete (b);
  g_unlink (a_path);
  g_unlink (b_path);
  g_rmdir (dir);
}

/* SIGKILL mid-session: what was synced replays, and only that. */
static void
test_killed_session_replays (void)
{
  g_autofree char *dir = g_dir_make_tmp ("twin-recorder-XXXXXX", NULL);
  g_autofree char *a_path = g_build_filename (dir, "killed.mcap", NULL);
  g_autofree char *b_path = g_build_filename (dir, "replay.mcap", NULL);
  const char *args[] = { "--headless", "--quiet", "--rest-port", "0", "--time-scale", "1000",
                         "--rpm", "2300", "--record", a_path, NULL };
  g_autoptr(TwinTestProcess) process = twin_test_process_new (args, NULL);
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 30, NULL);
  g_autofree char *url = twin_test_process_wait_line (process, "REST API at ");
  Rest rest = { .session = session, .base = url };
  g_autoptr(GPtrArray) in_a = NULL;
  g_autoptr(GPtrArray) in_b = NULL;
  cJSON *a, *b;

  g_assert_nonnull (url);
  steer (&rest, "{\"ambient\": 30}", 300);
  twin_test_run_for (1.5);
  twin_test_process_kill (process);

  a = twin_test_read_mcap (a_path, "stream");
  g_assert_false (cJSON_IsTrue (cJSON_GetObjectItem (a, "footer")));
  in_a = twin_test_mcap_messages (a, "/state", "time", "run");
  /* The 300 s steered, synced a second of wall time later at most. */
  g_assert_cmpuint (in_a->len, >=, 3000);

  replay_into (a_path, b_path, "cut short");
  b = twin_test_read_mcap (b_path, "indexed");
  in_b = twin_test_mcap_messages (b, "/state", "time", "run");
  /* The killed file may end in the middle of a tick's states. */
  g_assert_cmpuint (in_b->len, >=, in_a->len);
  g_ptr_array_set_size (in_b, in_a->len);
  twin_test_mcap_assert_same (in_a, in_b, "/state");

  cJSON_Delete (a);
  cJSON_Delete (b);
  g_unlink (a_path);
  g_unlink (b_path);
  g_rmdir (dir);
}

/* A scenario's captions and score sheets, and shadow mode's readings, are
 * in the recording for any MCAP viewer to show. */
static void
test_captions_scores_readings (void)
{
  g_autofree char *dir = g_dir_make_tmp ("twin-recorder-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "scenario.mcap", NULL);
  g_autofree char *scenario = g_test_build_filename (G_TEST_DIST, "..", "data", "scenarios", "keep-it-running.json", NULL);
  g_autofree char *shadow = g_build_filename (dir, "shadow.mcap", NULL);
  const char *args[] = { "--scenario", scenario, "--record", path, "--quiet", NULL };
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GPtrArray) captions = NULL, scores = NULL, readings = NULL;
  g_autoptr(cJSON) last = NULL, sheet = NULL;
  g_autoptr(TwinEngine) engine = twin_engine_new ();
  g_autoptr(TwinRecorder) recorder = NULL;
  g_autoptr(GError) error = NULL;
  cJSON *recording;

  g_assert_cmpint (twin_test_run_binary (args, &out, &err), ==, 1);
  recording = twin_test_read_mcap (path, "indexed");
  captions = twin_test_mcap_messages (recording, "/captions", "", NULL);
  g_assert_cmpuint (captions->len, ==, 2);
  g_assert_nonnull (strstr (captions->pdata[0], "\"text\":\"40 °C around the machine, 1500 rpm: 83 °C.\""));
  g_assert_nonnull (strstr (captions->pdata[1], "\"text\":\"Production asks for 2000 rpm.\",\"timestamp\":60"));
  /* The last sheet is the one printed at the end. */
  scores = twin_test_mcap_messages (recording, "/scores", "", NULL);
  g_assert_cmpuint (scores->len, >=, 2);
  last = cJSON_Parse (scores->pdata[scores->len - 1]);
  sheet = cJSON_Parse (out);
  g_assert_true (cJSON_Compare (last, sheet, TRUE));
  g_assert_false (cJSON_IsTrue (cJSON_GetObjectItem (last, "passed")));
  cJSON_Delete (recording);

  /* Readings as shadow mode took them, each with its residuals. */
  recorder = twin_recorder_new (engine, shadow, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 5; i++)
    {
      TwinReading reading = { 66.0 + i, 2.5, 1500, 10.0 * i };

      twin_engine_advance (engine, 1.0);
      g_assert_true (twin_engine_add_reading (engine, &reading, &error));
      g_assert_no_error (error);
    }
  g_assert_true (twin_recorder_stop (recorder, &error));
  recording = twin_test_read_mcap (shadow, "streamed");
  readings = twin_test_mcap_messages (recording, "/readings", "", NULL);
  g_assert_cmpuint (readings->len, ==, 5);
  for (guint i = 0; i < readings->len; i++)
    {
      g_autoptr(cJSON) r = cJSON_Parse (readings->pdata[i]);

      g_assert_cmpfloat (cJSON_GetObjectItem (r, "temperature")->valuedouble, ==, 66.0 + i);
      g_assert_cmpfloat (cJSON_GetObjectItem (r, "sim_time")->valuedouble, ==, i + 1.0);
      g_assert_true (cJSON_IsNumber (cJSON_GetObjectItem (r, "residual_temperature")));
    }
  cJSON_Delete (recording);

  g_unlink (path);
  g_unlink (shadow);
  g_rmdir (dir);
}

static void
test_refused (void)
{
  g_autofree char *dir = g_dir_make_tmp ("twin-recorder-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "state.json", NULL);
  const char *not_mcap[] = { "--replay", path, NULL };
  const char *with_rpm[] = { "--replay", path, "--rpm", "2000", NULL };
  const char *no_dir[] = { "--headless", "--duration", "1", "--record", "/nonexistent-dir/a.mcap", NULL };
  g_autofree char *out = NULL, *err = NULL;

  g_assert_true (g_file_set_contents (path, "{\"temperature\": 65.0}", -1, NULL));
  g_assert_cmpint (twin_test_run_binary (not_mcap, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, path));
  g_assert_nonnull (strstr (err, "not an MCAP file"));
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (twin_test_run_binary (with_rpm, &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "--replay"));
  g_assert_nonnull (strstr (err, "--rpm"));
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (twin_test_run_binary (no_dir, &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "--record"));
  g_assert_nonnull (strstr (err, "/nonexistent-dir/a.mcap"));

  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/recorder/session-replays-bit-for-bit", test_replay_bit_for_bit);
  g_test_add_func ("/recorder/killed-session-replays-to-its-last-sync", test_killed_session_replays);
  g_test_add_func ("/recorder/captions-scores-readings", test_captions_scores_readings);
  g_test_add_func ("/recorder/refused", test_refused);

  return g_test_run ();
}
