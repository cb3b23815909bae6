/* test-mqtt-headless.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real binary with --mqtt: its flags, its last will, its password,
 * and TLS to a broker with a certificate made here.
 */

#include <cjson/cJSON.h>
#include <gio/gio.h>
#include <string.h>

#include "twin-mqtt-journal.h"
#include "twin-mqtt.h"
#include "twin-test-broker.h"
#include "twin-test-env.h"
#include "twin-test-mirror.h"
#include "twin-test-mqtt-client.h"
#include "twin-test-process.h"
#include "twin-test-wait.h"

#define PASSWORD "s3cret-Pa55"

static void
test_flags (void)
{
  const struct { const char *args[6]; const char *expect; } cases[] = {
    { { "--mqtt", "http://x" }, "--mqtt: \"http://x\" is not a broker URL; allowed: mqtt://HOST[:PORT] or mqtts://HOST[:PORT]" },
    { { "--mqtt", "mqtt://" }, "--mqtt: \"mqtt://\" is not a broker URL" },
    { { "--mqtt", "mqtt://127.0.0.1", "--mqtt-qos", "3" }, "--mqtt-qos: 3 is out of range; allowed: 0 to 2" },
    { { "--mqtt", "mqtt://127.0.0.1", "--mqtt-qos", "1.5" }, "--mqtt-qos: 1.5 is not a whole number; allowed: 0 to 2" },
    { { "--mqtt", "mqtt://127.0.0.1", "--mqtt-rate", "0.05" }, "--mqtt-rate: 0.05 is out of range; allowed: 0.1 to 50 Hz" },
    { { "--mqtt", "mqtt://127.0.0.1", "--mqtt-rate", "51" }, "--mqtt-rate: 51 is out of range; allowed: 0.1 to 50 Hz" },
    { { "--mqtt", "mqtt://127.0.0.1", "--mqtt-rate", "nan" }, "--mqtt-rate: NaN is not a finite number; allowed: 0.1 to 50 Hz" },
    { { "--mqtt", "mqtt://127.0.0.1", "--mqtt-rate", "fast" }, "--mqtt-rate: \"fast\" is not a number; allowed: 0.1 to 50 Hz" },
    { { "--mqtt", "mqtt://127.0.0.1", "--mqtt-prefix", "a/#" }, "--mqtt-prefix: \"a/#\" is not a topic prefix" },
    { { "--mqtt", "mqtt://127.0.0.1", "--mqtt-keepalive", "2" }, "--mqtt-keepalive: 2 is out of range; allowed: 5 to 3600 s" },
    { { "--mqtt", "mqtt://127.0.0.1", "--mqtt-queue", "0" }, "--mqtt-queue: 0 is out of range; allowed: 1 to 1e+06 messages" },
    { { "--mqtt", "mqtts://127.0.0.1", "--mqtt-cafile", "/nonexistent.pem" }, "--mqtt-cafile: \"/nonexistent.pem\" is not a readable file" },
    { { "--mqtt", "mqtt://127.0.0.1", "--mqtt-user", "u", "--mqtt-password-env", "TWIN_TEST_UNSET_VAR" }, "--mqtt-password-env: TWIN_TEST_UNSET_VAR is not set" },
    { { "--mqtt", "mqtt://127.0.0.1", "--mqtt-user", "u", "--mqtt-password-env", "1-bad" }, "--mqtt-password-env: \"1-bad\" is not a variable name" },
    { { "--mqtt", "mqtts://127.0.0.1", "--mqtt-key", "/etc/hostname" }, "--mqtt-key: given without a certificate" },
    { { "--mqtt-qos", "1" }, "--mqtt-qos: given without --mqtt; allowed: only with --mqtt URL" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *args[G_N_ELEMENTS (cases[i].args) + 2] = { "--headless" };
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      int status;

      for (guint j = 0; j < G_N_ELEMENTS (cases[i].args) && cases[i].args[j]; j++)
        args[1 + j] = cases[i].args[j];
      status = twin_test_run_binary (args, &out, &err);
      g_test_message ("%s", err);
      g_assert_cmpint (status, ==, 2);
      g_assert_cmpstr (out, ==, "");
      /* One line, naming the option, the value and what is allowed. */
      g_assert_true (g_str_has_prefix (err, "twinscope: "));
      g_assert_nonnull (strstr (err, cases[i].expect));
      g_assert_nonnull (strstr (err, "allowed"));
      g_assert_nonnull (strchr (err, '\n'));
      g_assert_cmpint (strchr (err, '\n')[1], ==, '\0');
    }
}

/* The binary, with the password it is to read from the environment. */
static TwinTestProcess *
spawn_twinscope (const char * const *args,
                 const char         *password)
{
  const char *env[] = { "TWIN_TEST_PASSWORD", password, NULL };

  return twin_test_process_new (args, env);
}

static gboolean
has_paused_state (gpointer data)
{
  g_autoptr(GPtrArray) messages = twin_test_client_take (data, "will/state");

  for (guint i = 0; i < messages->len; i++)
    if (strstr (((TwinTestMessage *)messages->pdata[i])->payload, "\"paused\":true") != NULL)
      return TRUE;
  return FALSE;
}

static void
assert_no_password (TwinTestProcess *process)
{
  g_assert_null (strstr (twin_test_process_get_stdout (process), PASSWORD));
  g_assert_null (strstr (twin_test_process_get_stderr (process), PASSWORD));
}

/* A broker that wants a user name and password; the headless binary
 * takes the password from the environment and never prints it. After
 * kill -9 the broker says offline for it; after SIGTERM it says so itself. */
static void
test_will (void)
{
  g_autofree char *dir = g_dir_make_tmp ("twin-passwd-XXXXXX", NULL);
  g_autofree char *passwd = g_build_filename (dir, "passwd", NULL);
  g_autoptr(TwinTestBroker) broker = NULL;
  g_autoptr(TwinTestClient) sub = NULL;
  g_autoptr(TwinTestProcess) process = NULL;
  g_autofree char *url = NULL;
  g_autofree char *sub_url = NULL;
  g_autofree char *out = NULL;
  const char *passwd_argv[] = { "mosquitto_passwd", "-c", "-b", passwd, "twin", PASSWORD, NULL };
  guint open_port = twin_test_free_port ();
  int status;

  out = twin_test_run_tool (passwd_argv, NULL, &status);
  if (status != 0)
    g_error ("mosquitto_passwd: %s", out);

  /* The default listener wants the password; a second one lets the test
   * subscriber in. */
  broker = twin_test_broker_new (NULL);
  twin_test_broker_stop (broker);
  {
    /* per_listener_settings must come before the first listener. */
    g_autofree char *config_path = g_build_filename (twin_test_broker_get_dir (broker), "mosquitto.conf", NULL);
    g_autofree char *config = NULL;
    g_autofree char *rewritten = NULL;

    g_assert_true (g_file_get_contents (config_path, &config, NULL, NULL));
    rewritten = g_strdup_printf ("per_listener_settings true\n%s", config);
    {
      g_autoptr(GString) s = g_string_new (rewritten);

      g_string_replace (s, "allow_anonymous true\n", "", 1);
      g_string_append_printf (s, "allow_anonymous false\npassword_file %s\n"
                                 "listener %u 127.0.0.1\nallow_anonymous true\n", passwd, open_port);
      g_assert_true (g_file_set_contents (config_path, s->str, -1, NULL));
    }
  }
  twin_test_broker_start (broker);

  url = twin_test_broker_get_url (broker);
  sub_url = g_strdup_printf ("mqtt://127.0.0.1:%u", open_port);
  sub = twin_test_client_new (sub_url, "sub-will", FALSE, NULL);
  twin_test_client_subscribe (sub, "will/status", 1);
  twin_test_client_subscribe (sub, "will/state", 1);

  {
    const char *args[] = { "--headless", "--quiet", "--mqtt", url, "--mqtt-prefix", "will",
                           "--mqtt-rate", "10", "--mqtt-qos", "0", "--mqtt-user", "twin",
                           "--mqtt-password-env", "TWIN_TEST_PASSWORD", NULL };

    /* A wrong password: refused, and said so without the password. */
    process = spawn_twinscope (args, "wrong-" PASSWORD);
    twin_test_run_for (1.5);
    twin_test_process_terminate (process);
    {
      const char *err = twin_test_process_get_stderr (process);

      g_test_message ("%s", err);
      g_assert_nonnull (strstr (err, "twinscope: mqtt: connect to"));
      g_assert_null (strstr (err, PASSWORD));
    }
    g_assert_cmpuint (twin_test_client_count (sub, "will/state"), ==, 0);
    g_clear_pointer (&process, twin_test_process_free);

    process = spawn_twinscope (args, PASSWORD);
    twin_test_client_wait_payload (sub, "will/status", "online");
    twin_test_client_wait_payload (sub, "will/state", NULL);

    /* Commands reach it; a pause does not end the run, it is published. */
    twin_test_client_subscribe (sub, "will/cmd/result", 1);
    twin_test_client_publish (sub, "will/cmd", "{\"paused\":true,\"id\":1}",
                              strlen ("{\"paused\":true,\"id\":1}"), 1, FALSE);
    twin_test_client_wait_payload (sub, "will/cmd/result", "{\"ok\":true,\"id\":1}");
    twin_test_wait_until (has_paused_state, sub, 10, "a paused state on will/state");

    twin_test_process_kill (process);
    twin_test_client_wait_payload (sub, "will/status", "offline");
    assert_no_password (process);
    g_clear_pointer (&process, twin_test_process_free);

    /* A clean stop says offline itself and exits 0. */
    process = spawn_twinscope (args, PASSWORD);
    twin_test_client_wait_payload (sub, "will/status", "online");
    twin_test_process_terminate (process);
    g_assert_cmpint (twin_test_process_get_exit_status (process), ==, 0);
    twin_test_client_wait_payload (sub, "will/status", "offline");
  }

  twin_test_remove_tree (dir);
}

static void
run_openssl (const char *dir,
             const char *command)
{
  g_autofree char *full = g_strdup_printf ("cd \"%s\" && %s", dir, command);
  g_autofree char *out = NULL;
  int status;

  out = twin_test_run_tool ((const char *[]) { "sh", "-c", full, NULL }, NULL, &status);
  if (status != 0)
    g_error ("%s: %s", command, out);
}

static void
make_certificates (const char *dir)
{
  const char *ec = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";
  g_autofree char *ca = g_strdup_printf ("openssl req -x509 %s -keyout ca.key -out ca.crt -days 2 -subj /CN=TwinscopeTestCA 2>&1", ec);
  g_autofree char *other = g_strdup_printf ("openssl req -x509 %s -keyout other.key -out other.crt -days 2 -subj /CN=OtherCA 2>&1", ec);
  g_autofree char *server = g_strdup_printf ("openssl req %s -keyout server.key -out server.csr -subj /CN=127.0.0.1 2>&1", ec);
  g_autofree char *client = g_strdup_printf ("openssl req %s -keyout client.key -out client.csr -subj /CN=twinscope 2>&1", ec);
  g_autofree char *ext = g_build_filename (dir, "ext.cnf", NULL);

  g_assert_true (g_file_set_contents (ext, "subjectAltName=IP:127.0.0.1\n", -1, NULL));
  run_openssl (dir, ca);
  run_openssl (dir, other);
  run_openssl (dir, server);
  run_openssl (dir, "openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out server.crt -days 2 -extfile ext.cnf 2>&1");
  run_openssl (dir, client);
  run_openssl (dir, "openssl x509 -req -in client.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out client.crt -days 2 2>&1");
}

static void
test_tls (void)
{
  g_autofree char *dir = g_dir_make_tmp ("twin-tls-XXXXXX", NULL);
  g_autofree char *ca = g_build_filename (dir, "ca.crt", NULL);
  g_autofree char *other = g_build_filename (dir, "other.crt", NULL);
  g_autofree char *cert = g_build_filename (dir, "client.crt", NULL);
  g_autofree char *key = g_build_filename (dir, "client.key", NULL);
  g_autofree char *extra = NULL;
  g_autofree char *tls_url = NULL;
  g_autofree char *url = NULL;
  g_autofree char *last_error = NULL;
  g_autoptr(TwinTestBroker) broker = NULL;
  g_autoptr(TwinTestClient) sub = NULL;
  g_autoptr(TwinEngine) engine = twin_engine_new_full (1000, 0.1);
  g_autoptr(TwinMqtt) mqtt = NULL;
  guint tls_port = twin_test_free_port ();

  make_certificates (dir);
  extra = g_strdup_printf ("listener %u 127.0.0.1\n"
                           "cafile %s/ca.crt\ncertfile %s/server.crt\nkeyfile %s/server.key\n"
                           "require_certificate true\n", tls_port, dir, dir, dir);
  broker = twin_test_broker_new (extra);
  url = twin_test_broker_get_url (broker);
  tls_url = g_strdup_printf ("mqtts://127.0.0.1:%u", tls_port);
  sub = twin_test_client_new (url, "sub-tls", FALSE, NULL);
  twin_test_client_subscribe (sub, "tls/state", 1);

  /* A CA that did not sign the broker's certificate: refused. */
  mqtt = twin_mqtt_new (engine);
  g_object_set (mqtt, "url", tls_url, "prefix", "tls", "rate", 10.0, "ca-file", other,
                "cert-file", cert, "key-file", key, "enabled", TRUE, NULL);
  twin_test_run_for (2.5);
  g_assert_cmpint (twin_mqtt_get_state (mqtt), ==, TWIN_MQTT_STATE_CONNECTING);
  g_object_get (mqtt, "last-error", &last_error, NULL);
  g_test_message ("wrong CA: %s", last_error);
  g_assert_nonnull (last_error);
  g_assert_cmpuint (twin_test_client_count (sub, "tls/state"), ==, 0);

  /* The right one: connected, states flow (the change reconnects). */
  g_object_set (mqtt, "ca-file", ca, NULL);
  twin_test_mirror_wait_connected (mqtt, 15);
  twin_test_client_wait_payload (sub, "tls/state", NULL);
  g_assert_true (twin_mqtt_shutdown (mqtt, 2000));
  g_clear_object (&mqtt);

  /* No client certificate, which this broker requires: refused. */
  mqtt = twin_mqtt_new (engine);
  g_object_set (mqtt, "url", tls_url, "prefix", "tls", "ca-file", ca, "enabled", TRUE, NULL);
  twin_test_run_for (2.5);
  g_assert_cmpint (twin_mqtt_get_state (mqtt), !=, TWIN_MQTT_STATE_CONNECTED);
  g_clear_object (&mqtt);

  twin_test_broker_stop (broker);
  twin_test_remove_tree (dir);
}

/* One HTTP/1.1 request over loopback; the body, or NULL when the port
 * does not answer (yet). */
static char *
http_get (guint       port,
          const char *path)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autofree char *request = NULL;
  g_autoptr(GString) response = g_string_new (NULL);
  char buf[4096];
  gssize n;
  const char *body;

  /* Loopback, never through a proxy (whose settings tests do not have). */
  g_socket_client_set_enable_proxy (client, FALSE);
  g_socket_client_set_timeout (client, 10);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", (guint16)port, NULL, NULL);
  if (connection == NULL)
    return NULL;
  request = g_strdup_printf ("GET %s HTTP/1.1\r\nHost: 127.0.0.1:%u\r\nConnection: close\r\n\r\n", path, port);
  if (!g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                                  request, strlen (request), NULL, NULL, NULL))
    return NULL;
  while ((n = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (connection)),
                                   buf, sizeof buf, NULL, NULL)) > 0)
    g_string_append_len (response, buf, n);

  if (!g_str_has_prefix (response->str, "HTTP/1.1 200") || (body = strstr (response->str, "\r\n\r\n")) == NULL)
    return NULL;
  return g_strdup (body + 4);
}

typedef struct
{
  guint       port;
  const char *lines[4];
  char       *last;
} MetricsWait;

/* Says what /metrics has each time it changes, so that a wait in vain
 * shows what it had last. */
static gboolean
has_metrics (gpointer data)
{
  MetricsWait *w = data;
  g_autofree char *metrics = http_get (w->port, "/metrics");

  if (metrics == NULL)
    return FALSE;
  if (g_strcmp0 (metrics, w->last) != 0)
    {
      g_test_message ("/metrics:\n%s", metrics);
      g_free (w->last);
      w->last = g_strdup (metrics);
    }
  for (guint i = 0; i < G_N_ELEMENTS (w->lines) && w->lines[i] != NULL; i++)
    if (strstr (metrics, w->lines[i]) == NULL)
      return FALSE;
  return TRUE;
}

/* Refused sensor readings and commands are counted where a headless run
 * shows them: /metrics, beside the mirror's own counters. */
static void
test_metrics (void)
{
  g_autoptr(TwinTestBroker) broker = twin_test_broker_new (NULL);
  g_autofree char *url = twin_test_broker_get_url (broker);
  g_autoptr(TwinTestClient) machine = twin_test_client_new (url, "machine-metrics", FALSE, NULL);
  g_autoptr(TwinTestProcess) process = NULL;
  g_autofree char *port_text = NULL;
  g_autofree char *oversized = NULL;
  guint port = twin_test_free_port ();
  const char *good = "{\"temperature\":70.5,\"vibration\":2.5,\"rpm\":1480,\"timestamp\":1}";
  const char *bad[] = {
    "{\"temperature\":70.5,",
    "{\"temperature\":70.5,\"vibration\":-1,\"rpm\":1480,\"timestamp\":1}",
    "{\"temperature\":70.5,\"vibration\":2.5,\"rpm\":1480}",
  };
  MetricsWait w = { port, {
    "twinscope_sensor_readings_total{result=\"accepted\"} 2\n",
    "twinscope_sensor_readings_total{result=\"refused\"} 5\n",
    "twinscope_mqtt_commands_total{result=\"applied\"} 1\n",
    "twinscope_mqtt_commands_total{result=\"refused\"} 1\n" }, NULL };

  port_text = g_strdup_printf ("%u", port);
  oversized = g_strnfill (TWIN_MQTT_MAX_READING_SIZE + 1, ' ');
  twin_test_client_subscribe (machine, "metrics/status", 1);
  /* Retained, found when the twin subscribes: refused, and counted. */
  twin_test_client_publish (machine, "metrics/sensors", good, strlen (good), 1, TRUE);
  {
    const char *args[] = { "--headless", "--quiet", "--mqtt", url, "--mqtt-prefix", "metrics",
                           "--rest-port", port_text, NULL };

    process = spawn_twinscope (args, NULL);
  }
  twin_test_client_wait_payload (machine, "metrics/status", "online");

  twin_test_client_publish (machine, "metrics/sensors", good, strlen (good), 1, FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    twin_test_client_publish (machine, "metrics/sensors", bad[i], strlen (bad[i]), 1, FALSE);
  twin_test_client_publish (machine, "metrics/sensors", oversized, strlen (oversized), 1, FALSE);
  twin_test_client_publish (machine, "metrics/sensors", good, strlen (good), 1, FALSE);
  twin_test_client_publish (machine, "metrics/cmd", "{\"ambient\":30}", strlen ("{\"ambient\":30}"), 1, FALSE);
  twin_test_client_publish (machine, "metrics/cmd", "{\"ambient\":300}", strlen ("{\"ambient\":300}"), 1, FALSE);

  twin_test_wait_until (has_metrics, &w, 30, "/metrics to count the readings and commands");
  g_free (w.last);

  twin_test_process_terminate (process);
  twin_test_client_publish (machine, "metrics/sensors", "", 0, 1, TRUE);
}

typedef struct
{
  TwinTestClient *sub;
  GHashTable     *payloads;   /* msg_seq → payload of its first arrival */
  GHashTable     *ambient;    /* msg_seq → ambient */
  guint           duplicates;
  guint           second_run; /* states with the second run's ambient */
} Killed;

static void
collect_killed (Killed *k)
{
  g_autoptr(GPtrArray) states = twin_test_client_take (k->sub, "killed/state");

  for (guint i = 0; i < states->len; i++)
    {
      TwinTestMessage *m = g_ptr_array_index (states, i);
      cJSON *root = cJSON_ParseWithLength (m->payload, m->length);
      gsize seq;
      const char *first;
      double ambient;

      g_assert_nonnull (root);
      seq = (gsize)cJSON_GetNumberValue (cJSON_GetObjectItem (root, "msg_seq"));
      ambient = cJSON_GetNumberValue (cJSON_GetObjectItem (root, "ambient"));
      cJSON_Delete (root);

      /* QoS 1: one in flight at the kill may come twice, the same. */
      if ((first = g_hash_table_lookup (k->payloads, GSIZE_TO_POINTER (seq))) != NULL)
        {
          g_assert_cmpstr (first, ==, m->payload);
          k->duplicates++;
          continue;
        }
      g_hash_table_insert (k->payloads, GSIZE_TO_POINTER (seq), g_strdup (m->payload));
      g_hash_table_insert (k->ambient, GSIZE_TO_POINTER (seq), GINT_TO_POINTER ((int)ambient));
      if (ambient == 23)
        k->second_run++;
    }
}

static gboolean
killed_has_states (gpointer data)
{
  Killed *k = data;

  collect_killed (k);
  return g_hash_table_size (k->payloads) >= 5;
}

static gboolean
killed_has_second_run (gpointer data)
{
  Killed *k = data;

  collect_killed (k);
  return k->second_run >= 10;
}

/* Records of the queue file still queued: added, not taken away. */
static gboolean
file_has_queued (gpointer data)
{
  const char *path = data;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  int queued = 0;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return FALSE;
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    queued += g_str_has_prefix (lines[i], "+ ") ? 1 : g_str_has_prefix (lines[i], "- ") ? -1 : 0;
  return queued >= 30;
}

/* A twin killed while the broker is away: its next run with the same
 * client id sends what it had queued, and msg_seq goes on without a gap. */
static void
test_killed_in_outage (void)
{
  g_autoptr(TwinTestBroker) broker = twin_test_broker_new (NULL);
  g_autofree char *url = twin_test_broker_get_url (broker);
  g_autofree char *path = twin_mqtt_journal_path ("killed-twin");
  g_autoptr(TwinTestClient) sub = twin_test_client_new (url, "sub-killed", TRUE, NULL);
  g_autoptr(TwinTestProcess) process = NULL;
  Killed k = { sub, g_hash_table_new_full (NULL, NULL, NULL, g_free), g_hash_table_new (NULL, NULL) };
  guint before_outage = 0, queued_in_outage = 0, last_first_run = 0, first_second_run = G_MAXUINT;
  guint max_seq = 0;
  const char *args[] = { "--headless", "--quiet", "--mqtt", url, "--mqtt-prefix", "killed",
                         "--mqtt-client-id", "killed-twin", "--mqtt-rate", "20", "--mqtt-qos", "1",
                         "--ambient", "21", NULL };

  twin_test_client_subscribe (sub, "killed/state", 1);

  process = spawn_twinscope (args, NULL);
  twin_test_wait_until (killed_has_states, &k, 30, "5 states of the first run");
  twin_test_broker_stop (broker);
  collect_killed (&k);
  {
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init (&iter, k.payloads);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      before_outage = MAX (before_outage, GPOINTER_TO_UINT (key));
  }

  /* States queue up in the file; then kill -9, with no goodbye. */
  twin_test_wait_until (file_has_queued, path, 30, "%s to hold 30 queued states", path);
  twin_test_process_kill (process);
  g_clear_pointer (&process, twin_test_process_free);

  twin_test_broker_start (broker);
  args[G_N_ELEMENTS (args) - 2] = "23";
  process = spawn_twinscope (args, NULL);
  twin_test_wait_until (killed_has_second_run, &k, 60, "10 states of the second run");
  twin_test_process_terminate (process);
  collect_killed (&k);

  {
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, k.ambient);
    while (g_hash_table_iter_next (&iter, &key, &value))
      {
        guint seq = GPOINTER_TO_UINT (key);

        max_seq = MAX (max_seq, seq);
        if (GPOINTER_TO_INT (value) == 21)
          {
            last_first_run = MAX (last_first_run, seq);
            if (seq > before_outage)
              queued_in_outage++;
          }
        else
          first_second_run = MIN (first_second_run, seq);
      }
  }

  g_test_message ("%u states before the outage, %u queued in it and sent by the next run, "
                  "which went on at %u; %u duplicates", before_outage, queued_in_outage,
                  first_second_run, k.duplicates);
  for (guint seq = 1; seq <= max_seq; seq++)
    if (!g_hash_table_contains (k.payloads, GUINT_TO_POINTER (seq)))
      g_error ("msg_seq %u of %u never came", seq, max_seq);
  g_assert_cmpuint (queued_in_outage, >=, 30);
  g_assert_cmpuint (first_second_run, ==, last_first_run + 1);

  g_hash_table_unref (k.payloads);
  g_hash_table_unref (k.ambient);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/mqtt/headless/bad-flags-exit-2-named", test_flags);
  g_test_add_func ("/mqtt/headless/password-from-env-and-last-will", test_will);
  g_test_add_func ("/mqtt/tls/broker-and-client-certificates-checked", test_tls);
  g_test_add_func ("/mqtt/headless/refused-readings-and-commands-in-metrics", test_metrics);
  g_test_add_func ("/mqtt/headless/killed-in-outage-next-run-sends-queue", test_killed_in_outage);

  /* Each test names its own client id, and so its own queue file. */
  return twin_test_run_in_data_home ();
}
