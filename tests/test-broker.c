/* test-broker.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The built-in broker with real processes: the mosquitto it starts, one
 * that is already there, a port held by something else, kill -9, and the
 * mirror's offline on the way out. The wanted port is always a free one
 * of the test's: never 1883.
 */

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "twin-broker.h"
#include "twin-broker-probe.h"
#include "twin-test-broker.h"
#include "twin-test-env.h"
#include "twin-test-mirror.h"
#include "twin-test-mqtt-client.h"
#include "twin-test-process.h"
#include "twin-test-wait.h"

#define WAIT_S 60.0

typedef struct
{
  TwinBroker      *broker;
  TwinBrokerState  state;
} StateWait;

static gboolean
has_state (gpointer data)
{
  StateWait *w = data;

  return twin_broker_get_state (w->broker) == w->state;
}

static void
wait_state (TwinBroker      *broker,
            TwinBrokerState  state)
{
  StateWait w = { broker, state };

  twin_test_wait_until (has_state, &w, WAIT_S, "the broker to reach state %d (it is %d: %s)", state,
                        twin_broker_get_state (broker), twin_broker_get_last_error (broker));
}

static TwinBroker *
broker_wanting (guint port)
{
  TwinBroker *broker = twin_broker_new ();

  twin_broker_set_wanted_port (broker, port);
  return broker;
}

/* It asks the wanted port first: nothing there, so mosquitto is started
 * on it, listens on loopback, carries messages, and is gone after stop. */
static void
test_starts_on_wanted_port (void)
{
  guint port = twin_test_free_port ();
  g_autoptr(TwinBroker) broker = broker_wanting (port);
  g_autofree char *url = g_strdup_printf ("mqtt://127.0.0.1:%u", port);
  g_autofree char *config = g_strdup_printf ("%s/twinscope/mosquitto-%u.conf", g_get_user_runtime_dir (), port);
  g_autoptr(TwinTestClient) client = NULL;

  g_assert_cmpint (twin_test_probe_port (port), ==, TWIN_BROKER_PROBE_FREE);
  twin_broker_start (broker);
  wait_state (broker, TWIN_BROKER_RUNNING);
  g_assert_cmpuint (twin_broker_get_port (broker), ==, port);
  g_assert_cmpstr (twin_broker_get_url (broker), ==, url);
  g_assert_cmpstr (twin_broker_describe (broker), ==, "built-in broker");
  g_assert_nonnull (twin_broker_get_pid (broker));
  g_assert_true (g_file_test (config, G_FILE_TEST_IS_REGULAR));

  client = twin_test_client_new (url, "builtin-client", FALSE, NULL);
  twin_test_client_subscribe (client, "t/echo", 1);
  twin_test_client_publish (client, "t/echo", "hello", 5, 1, FALSE);
  twin_test_client_wait_payload (client, "t/echo", "hello");
  g_clear_pointer (&client, twin_test_client_free);

  twin_broker_stop (broker, 10000);
  g_assert_cmpint (twin_broker_get_state (broker), ==, TWIN_BROKER_OFF);
  g_assert_null (twin_broker_get_url (broker));
  g_assert_cmpint (twin_test_probe_port (port), ==, TWIN_BROKER_PROBE_FREE);
  g_assert_false (g_file_test (config, G_FILE_TEST_EXISTS));
}

static gboolean
answer_http_cb (GSocketService    *service,
                GSocketConnection *connection,
                GObject           *source,
                gpointer           data)
{
  static const char reply[] = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n";

  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                             reply, strlen (reply), NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

/* Something that is not a broker holds the wanted port: mosquitto is
 * started on a free one instead, and the URL says which. */
static void
test_port_held_takes_free_one (void)
{
  g_autoptr(GSocketService) http = g_socket_service_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TwinBroker) broker = NULL;
  g_autofree char *url = NULL;
  guint port = 0;

  port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (http), NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (http, "incoming", G_CALLBACK (answer_http_cb), NULL);
  g_socket_service_start (http);
  g_assert_cmpint (twin_test_probe_port (port), ==, TWIN_BROKER_PROBE_HELD);

  broker = broker_wanting (port);
  twin_broker_start (broker);
  wait_state (broker, TWIN_BROKER_RUNNING);
  g_assert_cmpuint (twin_broker_get_port (broker), !=, port);
  g_assert_cmpuint (twin_broker_get_port (broker), !=, 0);
  url = g_strdup_printf ("mqtt://127.0.0.1:%u", twin_broker_get_port (broker));
  g_assert_cmpstr (twin_broker_get_url (broker), ==, url);
  g_assert_cmpint (twin_test_probe_port (twin_broker_get_port (broker)), ==, TWIN_BROKER_PROBE_BROKER);

  twin_broker_stop (broker, 10000);
  g_socket_service_stop (http);
}

/* A broker already answers on the wanted port: it is used, called a local
 * broker, and left running at stop. */
static void
test_uses_broker_already_there (void)
{
  g_autoptr(TwinTestBroker) existing = twin_test_broker_new (NULL);
  guint port = twin_test_broker_get_port (existing);
  g_autoptr(TwinBroker) broker = broker_wanting (port);

  twin_broker_start (broker);
  wait_state (broker, TWIN_BROKER_LOCAL);
  g_assert_cmpuint (twin_broker_get_port (broker), ==, port);
  g_assert_cmpstr (twin_broker_describe (broker), ==, "local broker");
  g_assert_null (twin_broker_get_pid (broker));

  twin_broker_stop (broker, 10000);
  g_assert_cmpint (twin_test_probe_port (port), ==, TWIN_BROKER_PROBE_BROKER);
}

static gboolean
restarted (gpointer data)
{
  TwinBroker *broker = data;

  return twin_broker_get_restarts (broker) == 1 && twin_broker_get_state (broker) == TWIN_BROKER_RUNNING;
}

/* kill -9 of our mosquitto: it is started again on the same port, and the
 * mirror, which only reconnects, publishes through it again. */
static void
test_restarts_after_kill (void)
{
  guint port = twin_test_free_port ();
  g_autoptr(TwinBroker) broker = broker_wanting (port);
  g_autoptr(TwinEngine) engine = twin_engine_new_full (1000, 0.1);
  g_autoptr(TwinMqtt) mqtt = NULL;
  g_autoptr(TwinTestClient) sub = NULL;
  g_autofree char *first_pid = NULL;
  guint64 pid;

  twin_broker_start (broker);
  wait_state (broker, TWIN_BROKER_RUNNING);
  first_pid = g_strdup (twin_broker_get_pid (broker));
  mqtt = twin_test_mirror_new (engine, twin_broker_get_url (broker), "kill", "rate", 20.0, NULL);
  twin_test_mirror_wait_connected (mqtt, WAIT_S);
  twin_engine_start (engine);

  g_assert_true (g_ascii_string_to_unsigned (first_pid, 10, 1, G_MAXINT, &pid, NULL));
  g_assert_cmpint (kill ((pid_t)pid, SIGKILL), ==, 0);

  twin_test_wait_until (restarted, broker, WAIT_S, "the broker to be started again");
  g_assert_cmpuint (twin_broker_get_port (broker), ==, port);
  g_assert_cmpstr (twin_broker_get_pid (broker), !=, first_pid);
  g_assert_nonnull (strstr (twin_broker_get_last_error (broker), "exited"));

  sub = twin_test_client_new (twin_broker_get_url (broker), "kill-sub", FALSE, NULL);
  twin_test_client_subscribe (sub, "kill/state", 0);
  twin_test_client_wait_count (sub, "kill/state", 3);

  twin_engine_stop (engine);
  twin_mqtt_shutdown (mqtt, 2000);
  g_clear_pointer (&sub, twin_test_client_free);
  twin_broker_stop (broker, 10000);
  g_assert_cmpint (twin_test_probe_port (port), ==, TWIN_BROKER_PROBE_FREE);
}

/* The way out: the mirror says offline through our broker, then the
 * broker stops; a subscriber got the offline. */
static void
test_offline_before_stop (void)
{
  guint port = twin_test_free_port ();
  g_autoptr(TwinBroker) broker = broker_wanting (port);
  g_autoptr(TwinEngine) engine = twin_engine_new_full (1000, 0.1);
  g_autoptr(TwinMqtt) mqtt = NULL;
  g_autoptr(TwinTestClient) sub = NULL;

  twin_broker_start (broker);
  wait_state (broker, TWIN_BROKER_RUNNING);
  sub = twin_test_client_new (twin_broker_get_url (broker), "bye-sub", FALSE, NULL);
  twin_test_client_subscribe (sub, "bye/status", 1);
  mqtt = twin_test_mirror_new (engine, twin_broker_get_url (broker), "bye", NULL, NULL);
  twin_test_client_wait_payload (sub, "bye/status", "online");

  g_assert_true (twin_mqtt_shutdown (mqtt, 2000));
  twin_broker_stop (broker, 10000);
  twin_test_client_wait_payload (sub, "bye/status", "offline");
  g_assert_cmpint (twin_test_probe_port (port), ==, TWIN_BROKER_PROBE_FREE);
}

/* headless --mqtt builtin with nothing on its wanted port: it starts
 * mosquitto there, mosquitto_sub as a user would run it (on localhost, as
 * the tutorial's client does) gets states, and
 * on SIGTERM the last word through the broker is offline, then the broker
 * is gone. */
static void
test_headless_builtin (void)
{
  guint port = twin_test_free_port ();
  g_autofree char *port_text = g_strdup_printf ("%u", port);
  g_autofree char *url = g_strdup_printf ("mqtt://127.0.0.1:%u", port);
  const char *args[] = { "--headless", "--quiet", "--mqtt", "builtin", "--mqtt-rate", "10", NULL };
  const char *env[] = { TWIN_BROKER_PORT_ENV, port_text, NULL };
  const char *sub_argv[] = { "mosquitto_sub", "-h", "localhost", "-p", port_text, "-t", "twin/#", "-v",
                             "-C", "10", "-W", "60", NULL };
  g_autoptr(TwinTestProcess) process = twin_test_process_new (args, env);
  g_autoptr(TwinTestClient) sub = NULL;
  g_autofree char *line = twin_test_process_wait_line (process, "MQTT through the built-in broker at ");
  g_autofree char *out = NULL;
  int status;

  g_assert_cmpstr (line, ==, url);

  out = twin_test_run_tool (sub_argv, NULL, &status);
  g_test_message ("%s", out);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "twin/status online\n"));
  g_assert_nonnull (strstr (out, "twin/state {\"temperature\":"));

  sub = twin_test_client_new (url, "headless-sub", FALSE, NULL);
  twin_test_client_subscribe (sub, "twin/status", 1);
  twin_test_client_wait_payload (sub, "twin/status", "online");

  twin_test_process_terminate (process);
  g_assert_cmpint (twin_test_process_get_exit_status (process), ==, 0);
  twin_test_client_wait_payload (sub, "twin/status", "offline");
  g_assert_cmpint (twin_test_probe_port (port), ==, TWIN_BROKER_PROBE_FREE);
}

/* The built-in broker takes anonymous clients on loopback: what would log
 * in to an external one is refused with it, and nothing starts. */
static void
test_headless_builtin_flags (void)
{
  const char *options[] = { "--mqtt-user", "--mqtt-password-env", "--mqtt-cafile", "--mqtt-cert", "--mqtt-key" };

  for (guint i = 0; i < G_N_ELEMENTS (options); i++)
    {
      const char *args[] = { "--headless", "--mqtt", "builtin", options[i], "/etc/hostname", NULL };
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      g_autofree char *expect = g_strdup_printf ("twinscope: %s: given with --mqtt builtin; allowed: only with "
                                                 "an external broker's URL", options[i]);

      g_assert_cmpint (twin_test_run_binary (args, &out, &err), ==, 2);
      g_assert_cmpstr (out, ==, "");
      g_assert_true (g_str_has_prefix (err, expect));
    }
}

static void
test_port_env (void)
{
  const struct { const char *text; gboolean ok; guint port; } cases[] = {
    { "0", TRUE, 0 }, { "1883", TRUE, 1883 }, { "65535", TRUE, 65535 },
    { "65536", FALSE }, { "-1", FALSE }, { "port", FALSE }, { "", FALSE }, { "18 83", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      guint port = 4242;

      g_assert_cmpint (twin_broker_parse_port (cases[i].text, &port, &error), ==, cases[i].ok);
      if (cases[i].ok)
        {
          g_assert_no_error (error);
          g_assert_cmpuint (port, ==, cases[i].port);
        }
      else
        {
          g_assert_error (error, TWIN_BROKER_ERROR, TWIN_BROKER_ERROR_INVALID);
          g_assert_true (g_str_has_prefix (error->message, TWIN_BROKER_PORT_ENV ": \""));
          g_assert_nonnull (strstr (error->message, "allowed: 0 (any free port) to 65535"));
          g_assert_cmpuint (port, ==, 4242);
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/broker/starts-mosquitto-on-the-wanted-port", test_starts_on_wanted_port);
  g_test_add_func ("/broker/port-held-by-other-takes-a-free-one", test_port_held_takes_free_one);
  g_test_add_func ("/broker/uses-a-broker-already-there", test_uses_broker_already_there);
  g_test_add_func ("/broker/restarted-after-kill-9-on-the-same-port", test_restarts_after_kill);
  g_test_add_func ("/broker/offline-reaches-subscribers-before-it-stops", test_offline_before_stop);
  g_test_add_func ("/broker/port-variable-checked", test_port_env);
  g_test_add_func ("/broker/headless/mosquitto-sub-gets-states-offline-at-exit", test_headless_builtin);
  g_test_add_func ("/broker/headless/login-options-refused", test_headless_builtin_flags);

  return twin_test_run_in_data_home ();
}
