/* test-rest-headless.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The REST port of the real binary, started as a user would start it.
 */

#include <cjson/cJSON.h>
#include <libsoup/soup.h>
#include <math.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <gio/gunixinputstream.h>

typedef struct
{
  GPid              pid;
  GDataInputStream *err;
  char             *url;
  GString          *stderr_text;
} Process;

static const char *
binary (void)
{
  const char *bin = g_getenv ("TWINSCOPE_BIN");

  g_assert_nonnull (bin);
  return bin;
}

static char **
make_env (const char *name,
          const char *value)
{
  char **env = g_get_environ ();

  if (name != NULL)
    env = g_environ_setenv (env, name, value, TRUE);
  return env;
}

/* Starts twinscope and reads its stderr until it prints the REST URL or
 * exits; returns the exit status, or -1 while it runs. */
static int
start (Process            *p,
       const char * const *args,
       char              **env)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) raw = NULL;
  int err_fd;

  memset (p, 0, sizeof *p);
  p->stderr_text = g_string_new (NULL);
  g_ptr_array_add (argv, (char *)binary ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *)args[i]);
  g_ptr_array_add (argv, NULL);

  g_spawn_async_with_pipes (NULL, (char **)argv->pdata, env, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                            NULL, NULL, &p->pid, NULL, NULL, &err_fd, &error);
  g_assert_no_error (error);
  raw = g_unix_input_stream_new (err_fd, TRUE);
  p->err = g_data_input_stream_new (raw);

  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (p->err, NULL, NULL, &error);
      const char *at;
      int status;

      g_assert_no_error (error);
      if (line == NULL)
        {
          g_assert_cmpint (waitpid (p->pid, &status, 0), ==, p->pid);
          g_spawn_close_pid (p->pid);
          p->pid = 0;
          g_assert_true (WIFEXITED (status));
          return WEXITSTATUS (status);
        }
      g_string_append_printf (p->stderr_text, "%s\n", line);
      if ((at = strstr (line, "REST API at ")) != NULL)
        {
          p->url = g_strdup (at + strlen ("REST API at "));
          return -1;
        }
    }
}

static void
stop (Process *p)
{
  int status;

  if (p->pid != 0)
    {
      kill (p->pid, SIGTERM);
      g_assert_cmpint (waitpid (p->pid, &status, 0), ==, p->pid);
      g_spawn_close_pid (p->pid);
      g_assert_true (WIFEXITED (status));
      g_assert_cmpint (WEXITSTATUS (status), ==, 0);
    }
  g_clear_object (&p->err);
  g_clear_pointer (&p->url, g_free);
  g_string_free (p->stderr_text, TRUE);
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
  /* The server is another process: a synchronous request is fine here. */
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
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GRegex) tutorial = g_regex_new ("^\\{\"temperature\":-?[0-9]+\\.[0-9]+(e-?[0-9]+)?,"
                                            "\"vibration\":-?[0-9]+\\.[0-9]+(e-?[0-9]+)?,"
                                            "\"rpm\":[0-9]+,\"timestamp\":[0-9]+\\.[0-9]+(e-?[0-9]+)?,",
                                            0, 0, NULL);
  g_autofree char *state_url = NULL;
  g_autofree char *update_url = NULL;
  g_autofree char *patch_url = NULL;
  g_autofree char *body = NULL;
  g_auto(GStrv) env = make_env (NULL, NULL);
  double t0, t1, seq0, seq1;
  cJSON *state;
  Process p;

  g_assert_cmpint (start (&p, args, env), ==, -1);
  g_assert_true (g_regex_match_simple ("^http://127\\.0\\.0\\.1:[0-9]+/$", p.url, 0, 0));

  state_url = g_strconcat (p.url, "state", NULL);
  g_assert_cmpuint (fetch (session, "GET", state_url, NULL, &body), ==, 200);
  g_assert_true (g_regex_match (tutorial, body, 0, NULL));
  g_clear_pointer (&body, g_free);

  /* Pause the clock so that only /update moves time. */
  patch_url = g_strconcat (p.url, "controls", NULL);
  {
    g_autoptr(SoupMessage) msg = soup_message_new ("PATCH", patch_url);
    g_autoptr(GBytes) cmd = g_bytes_new_static ("{\"paused\":true}", 15);
    g_autoptr(GBytes) reply = NULL;

    soup_message_set_request_body_from_bytes (msg, "application/json", cmd);
    reply = soup_session_send_and_read (session, msg, NULL, NULL);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  }

  update_url = g_strconcat (p.url, "update?ambient=30", NULL);
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

  stop (&p);
}

static void
test_headless_rest_refusals (void)
{
  struct {
    const char *args[10];
    const char *env_name;
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
      g_auto(GStrv) env = make_env (cases[i].env_name, cases[i].env_value);
      Process p;

      env = g_environ_unsetenv (env, "TWIN_TEST_UNSET_TOKEN");
      g_assert_cmpint (start (&p, cases[i].args, env), ==, 2);
      if (strstr (p.stderr_text->str, cases[i].message) == NULL)
        g_error ("expected \"%s\" in: %s", cases[i].message, p.stderr_text->str);
      if (i == 0)
        g_assert_nonnull (strstr (p.stderr_text->str, "untrusted networks"));
      stop (&p);
    }
}

static void
test_headless_rest_token (void)
{
  const char *token = "Zm9vYmFy-not-printed";
  const char *args[] = { "--headless", "--rest-port", "0", "--rest-bind", "0.0.0.0",
                         "--rest-token-env", "TWIN_TEST_TOKEN", NULL };
  g_autoptr(SoupSession) session = soup_session_new ();
  g_auto(GStrv) env = make_env ("TWIN_TEST_TOKEN", token);
  g_autofree char *state_url = NULL;
  g_autofree char *health_url = NULL;
  g_autofree char *body = NULL;
  const char *port;
  Process p;

  g_assert_cmpint (start (&p, args, env), ==, -1);
  g_assert_nonnull (strstr (p.stderr_text->str, "not a loopback address"));
  g_assert_nonnull (strstr (p.stderr_text->str, "reverse proxy"));
  g_assert_null (strstr (p.stderr_text->str, token));

  /* Traffic over loopback only. */
  port = strrchr (p.url, ':');
  state_url = g_strconcat ("http://127.0.0.1", port, "state", NULL);
  health_url = g_strconcat ("http://127.0.0.1", port, "healthz", NULL);
  g_assert_cmpuint (fetch (session, "GET", state_url, NULL, &body), ==, 401);
  g_assert_null (strstr (body, token));
  g_clear_pointer (&body, g_free);
  g_assert_cmpuint (fetch (session, "GET", state_url, "wrong", NULL), ==, 401);
  g_assert_cmpuint (fetch (session, "GET", state_url, token, NULL), ==, 200);
  g_assert_cmpuint (fetch (session, "GET", health_url, NULL, NULL), ==, 200);

  stop (&p);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rest/headless/port-0", test_headless_rest_port_0);
  g_test_add_func ("/rest/headless/refusals", test_headless_rest_refusals);
  g_test_add_func ("/rest/headless/token", test_headless_rest_token);

  return g_test_run ();
}
