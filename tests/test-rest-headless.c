/* test-rest-headless.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The REST port of the real binary, started as a user would start it.
 */

#include <cjson/cJSON.h>
#include <libsoup/soup.h>
#include <string.h>

#include "twin-test-process.h"

/* The server is another process: a synchronous request is fine here, with
 * a timeout. */
#define new_session() soup_session_new_with_options ("timeout", 30, NULL)

/* Starts twinscope and waits until it prints the REST URL or exits. */
static TwinTestProcess *
start (const char * const  *args,
       const char * const  *env,
       char               **url)
{
  TwinTestProcess *process = twin_test_process_new (args, env);

  *url = twin_test_process_wait_line (process, "REST API at ");
  return process;
}

/* SIGTERM; it must exit 0. */
static void
stop (TwinTestProcess *process)
{
  twin_test_process_terminate (process);
  g_assert_cmpint (twin_test_process_get_exit_status (process), ==, 0);
}

static guint
fetch (SoupSession *session,
       const char  *method,
       const char  *url,
       const char  *token,
       char       **body)
{
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  if (token != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }
  bytes = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  if (body != NULL)
    *body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  return soup_message_get_status (msg);
}

static void
test_headless_rest_port_0 (void)
{
  const char *args[] = { "--headless", "--quiet", "--rest-port", "0", "--rest-ws-rate", "5", NULL };
  g_autoptr(SoupSession) session = new_session ();
  g_autoptr(GRegex) tutorial = g_regex_new ("^\\{\"temperature\":-?[0-9]+\\.[0-9]+(e-?[0-9]+)?,"
                                            "\"vibration\":-?[0-9]+\\.[0-9]+(e-?[0-9]+)?,"
                                            "\"rpm\":[0-9]+,\"timestamp\":[0-9]+\\.[0-9]+(e-?[0-9]+)?,",
                                            0, 0, NULL);
  g_autofree char *state_url = NULL;
  g_autofree char *update_url = NULL;
  g_autofree char *patch_url = NULL;
  g_autofree char *body = NULL;
  g_autofree char *url = NULL;
  g_autoptr(TwinTestProcess) process = start (args, NULL, &url);
  double t0, t1, seq0, seq1;
  cJSON *state;

  g_assert_nonnull (url);
  g_assert_true (g_regex_match_simple ("^http://127\\.0\\.0\\.1:[0-9]+/$", url, 0, 0));

  state_url = g_strconcat (url, "state", NULL);
  g_assert_cmpuint (fetch (session, "GET", state_url, NULL, &body), ==, 200);
  g_assert_true (g_regex_match (tutorial, body, 0, NULL));
  g_clear_pointer (&body, g_free);

  /* Pause the clock so that only /update moves time. */
  patch_url = g_strconcat (url, "controls", NULL);
  {
    g_autoptr(SoupMessage) msg = soup_message_new ("PATCH", patch_url);
    g_autoptr(GBytes) cmd = g_bytes_new_static ("{\"paused\":true}", 15);
    g_autoptr(GBytes) reply = NULL;

    soup_message_set_request_body_from_bytes (msg, "application/json", cmd);
    reply = soup_session_send_and_read (session, msg, NULL, NULL);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  }

  update_url = g_strconcat (url, "update?ambient=30", NULL);
  g_assert_cmpuint (fetch (session, "POST", update_url, NULL, &body), ==, 200);
  g_assert_true (g_regex_match (tutorial, body, 0, NULL));
  state = cJSON_Parse (body);
  t0 = cJSON_GetObjectItem (state, "timestamp")->valuedouble;
  seq0 = cJSON_GetObjectItem (state, "seq")->valuedouble;
  g_assert_cmpfloat (cJSON_GetObjectItem (state, "ambient")->valuedouble, ==, 30);
  cJSON_Delete (state);
  g_clear_pointer (&body, g_free);

  g_assert_cmpuint (fetch (session, "POST", update_url, NULL, &body), ==, 200);
  state = cJSON_Parse (body);
  t1 = cJSON_GetObjectItem (state, "timestamp")->valuedouble;
  seq1 = cJSON_GetObjectItem (state, "seq")->valuedouble;
  g_assert_cmpfloat_with_epsilon (t1 - t0, 1.0, 1e-9);
  g_assert_cmpfloat (seq1 - seq0, ==, 100);
  cJSON_Delete (state);

  /* Still running after the pause: a client pausing does not end the run. */
  g_clear_pointer (&body, g_free);
  g_assert_cmpuint (fetch (session, "GET", state_url, NULL, &body), ==, 200);

  stop (process);
}

static void
test_headless_rest_refusals (void)
{
  struct {
    const char *args[10];
    const char *env_name;     /* set to env_value, if any */
    const char *env_value;
    const char *message;
  } cases[] = {
    { { "--headless", "--rest-port", "0", "--rest-bind", "0.0.0.0", NULL }, NULL, NULL,
      "--rest-bind: 0.0.0.0 is not a loopback address; refusing to serve it without a token" },
    { { "--headless", "--rest-port", "0", "--rest-token-env", "TWIN_TEST_UNSET_TOKEN", NULL }, NULL, NULL,
      "--rest-token-env: the environment variable TWIN_TEST_UNSET_TOKEN is not set" },
    { { "--headless", "--rest-port", "0", "--rest-token-env", "TWIN_TEST_TOKEN", NULL }, "TWIN_TEST_TOKEN", "",
      "TWIN_TEST_TOKEN is empty" },
    { { "--headless", "--rest-port", "65536", NULL }, NULL, NULL, "--rest-port: 65536 is out of range" },
    { { "--headless", "--rest-port", "80.5", NULL }, NULL, NULL, "--rest-port: 80.5 is not an integer" },
    { { "--headless", "--rest-port", "http", NULL }, NULL, NULL, "--rest-port: \"http\" is not a number" },
    { { "--headless", "--rest-port", "0", "--rest-bind", "my-host", NULL }, NULL, NULL,
      "--rest-bind: \"my-host\" is not an IP address" },
    { { "--headless", "--rest-port", "0", "--rest-ws-rate", "0", NULL }, NULL, NULL,
      "--rest-ws-rate: 0 is out of range; allowed: 0.1 to 100 Hz" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *env[] = { "TWIN_TEST_UNSET_TOKEN", NULL, cases[i].env_name, cases[i].env_value, NULL };
      g_autofree char *url = NULL;
      g_autoptr(TwinTestProcess) process = start (cases[i].args, env, &url);
      const char *err;

      g_assert_null (url);
      twin_test_process_wait (process);
      g_assert_cmpint (twin_test_process_get_exit_status (process), ==, 2);
      err = twin_test_process_get_stderr (process);
      if (strstr (err, cases[i].message) == NULL)
        g_error ("expected \"%s\" in: %s", cases[i].message, err);
      if (i == 0)
        g_assert_nonnull (strstr (err, "untrusted networks"));
    }
}

static void
test_headless_rest_token (void)
{
  const char *token = "Zm9vYmFy-not-printed";
  const char *args[] = { "--headless", "--rest-port", "0", "--rest-bind", "0.0.0.0",
                         "--rest-token-env", "TWIN_TEST_TOKEN", NULL };
  const char *env[] = { "TWIN_TEST_TOKEN", token, NULL };
  g_autoptr(SoupSession) session = new_session ();
  g_autofree char *state_url = NULL;
  g_autofree char *health_url = NULL;
  g_autofree char *body = NULL;
  g_autofree char *url = NULL;
  g_autoptr(TwinTestProcess) process = start (args, env, &url);
  const char *port;

  g_assert_nonnull (url);
  g_assert_nonnull (strstr (twin_test_process_get_stderr (process), "not a loopback address"));
  g_assert_nonnull (strstr (twin_test_process_get_stderr (process), "reverse proxy"));
  g_assert_null (strstr (twin_test_process_get_stderr (process), token));

  /* Traffic over loopback only. */
  port = strrchr (url, ':');
  state_url = g_strconcat ("http://127.0.0.1", port, "state", NULL);
  health_url = g_strconcat ("http://127.0.0.1", port, "healthz", NULL);
  g_assert_cmpuint (fetch (session, "GET", state_url, NULL, &body), ==, 401);
  g_assert_null (strstr (body, token));
  g_clear_pointer (&body, g_free);
  g_assert_cmpuint (fetch (session, "GET", state_url, "wrong", NULL), ==, 401);
  g_assert_cmpuint (fetch (session, "GET", state_url, token, NULL), ==, 200);
  g_assert_cmpuint (fetch (session, "GET", health_url, NULL, NULL), ==, 200);

  stop (process);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rest/headless/port-0-serves-on-loopback", test_headless_rest_port_0);
  g_test_add_func ("/rest/headless/bad-flags-exit-2-named", test_headless_rest_refusals);
  g_test_add_func ("/rest/headless/public-address-with-token-env", test_headless_rest_token);

  return g_test_run ();
}
