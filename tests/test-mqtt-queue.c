/* test-mqtt-queue.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the MQTT mirror queues while no broker takes its states: in memory
 * and in a file, bounded, sent in order once a broker is there; and a
 * broker that never answers holds up nothing.
 */

#include <cjson/cJSON.h>
#include <glib/gstdio.h>
#include <string.h>

#include "twin-mqtt-journal.h"
#include "twin-test-broker.h"
#include "twin-test-env.h"
#include "twin-test-mirror.h"
#include "twin-test-mqtt-client.h"
#include "twin-test-wait.h"

static TwinMqtt *
new_queued_mirror (TwinEngine *engine,
                   const char *url,
                   guint       queue_limit)
{
  return twin_test_mirror_new (engine, url, "qf", "client-id", "queue-file", "rate", 0.1,
                               "queue-limit", queue_limit, NULL);
}

static gboolean
is_not_connected (gpointer data)
{
  return twin_mqtt_get_state (data) != TWIN_MQTT_STATE_CONNECTED;
}

static guint64
msg_seq_of (TwinTestMessage *m)
{
  cJSON *root = cJSON_ParseWithLength (m->payload, m->length);
  guint64 seq;

  g_assert_nonnull (root);
  seq = (guint64)cJSON_GetNumberValue (cJSON_GetObjectItem (root, "msg_seq"));
  cJSON_Delete (root);
  return seq;
}

/* With a client id the queue lives in a file too: what one mirror queued
 * while the broker was away, the next one with that id sends, and msg_seq
 * goes on; a record cut short by a kill mid-write is dropped; the file
 * stays bounded by the queue limit. */
static void
test_queue_file (TwinTestMqtt  *f,
                 gconstpointer  data)
{
  g_autofree char *path = twin_mqtt_journal_path ("queue-file");
  g_autoptr(TwinTestClient) sub = NULL;
  g_autoptr(GPtrArray) states = NULL;
  g_autofree char *contents = NULL;
  const char torn[] = "+ 999 0 1 1 999 500\n{\"temperature\":";
  TwinMqtt *mqtt;
  guint64 first_run, expect;
  GStatBuf st;
  FILE *file;

  g_assert_true (g_str_has_prefix (path, g_get_user_data_dir ()));
  twin_test_broker_stop (f->broker);

  /* Queued while the broker is away, then gone without a goodbye. */
  mqtt = new_queued_mirror (f->engine, f->url, TWIN_MQTT_DEFAULT_QUEUE_LIMIT);
  for (guint i = 0; i < 5; i++)
    twin_mqtt_publish_state (mqtt);
  first_run = twin_mqtt_get_state_seq (mqtt);
  g_assert_cmpuint (first_run, >=, 5);
  g_assert_finalize_object (mqtt);

  file = fopen (path, "ab");
  g_assert_nonnull (file);
  g_assert_cmpuint (fwrite (torn, 1, strlen (torn), file), ==, strlen (torn));
  fclose (file);

  twin_test_broker_start (f->broker);
  sub = twin_test_client_new (f->url, "sub-queue-file", FALSE, NULL);
  twin_test_client_subscribe (sub, "qf/state", 1);

  mqtt = new_queued_mirror (f->engine, f->url, TWIN_MQTT_DEFAULT_QUEUE_LIMIT);
  g_assert_cmpuint (twin_mqtt_get_state_seq (mqtt), ==, first_run);
  twin_test_mirror_wait_connected (mqtt, 10);
  twin_mqtt_publish_state (mqtt);
  twin_test_client_wait_count (sub, "qf/state", first_run + 1);
  states = twin_test_client_take (sub, "qf/state");
  for (guint i = 0; i < states->len; i++)
    g_assert_cmpuint (msg_seq_of (g_ptr_array_index (states, i)), ==, i + 1);
  g_assert_cmpuint (twin_mqtt_get_dropped (mqtt), ==, 0);

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_null (strstr (contents, "+ 999 "));

  /* Bounded: 3000 states through a queue of 20 while the broker is away
   * (and the mirror knows it: paho 1.3.12 would leak what it was handed
   * in between when the mirror is destroyed). */
  twin_test_broker_stop (f->broker);
  twin_test_wait_until (is_not_connected, mqtt, 10, "the mirror to see the broker gone");
  g_object_set (mqtt, "queue-limit", 20u, NULL);
  for (guint i = 0; i < 3000; i++)
    twin_mqtt_publish_state (mqtt);
  expect = twin_mqtt_get_state_seq (mqtt);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_test_message ("queue file: %" G_GINT64_FORMAT " bytes for 20 queued states", (gint64)st.st_size);
  g_assert_cmpint (st.st_size, <, 2 * 20 * 1024 + 256 * 1024 + 4096);
  g_assert_finalize_object (mqtt);

  /* The next run finds the 20 newest, and goes on from them. */
  mqtt = new_queued_mirror (f->engine, f->url, 20);
  g_assert_cmpuint (twin_mqtt_get_state_seq (mqtt), ==, expect);
  g_assert_cmpuint (twin_mqtt_get_queued (mqtt), ==, 20);
  g_assert_finalize_object (mqtt);
}

static void
test_broker_absent (TwinTestMqtt  *f,
                    gconstpointer  data)
{
  g_autoptr(TwinMqtt) mqtt = NULL;
  g_autoptr(TwinTestClient) sub = NULL;
  g_autofree char *state = NULL;
  g_autofree char *last_error = NULL;
  double t0;

  twin_test_broker_stop (f->broker);

  twin_engine_set_time_scale (f->engine, 10, NULL);
  twin_engine_start (f->engine);
  mqtt = twin_test_mirror_new (f->engine, f->url, "twin", "rate", 10.0, "qos", 1u, NULL);

  /* The simulation clock runs on while nobody answers. */
  t0 = twin_engine_get_timestamp (f->engine);
  twin_test_run_for (1.5);
  g_assert_cmpfloat (twin_engine_get_timestamp (f->engine) - t0, >, 5);

  g_object_get (mqtt, "state", &state, "last-error", &last_error, NULL);
  g_assert_cmpstr (state, ==, "connecting");
  g_assert_nonnull (last_error);
  g_assert_nonnull (strstr (last_error, f->url));
  g_assert_cmpuint (twin_mqtt_get_queued (mqtt), >=, 10);

  /* The broker comes; the states waiting for it arrive, in order. */
  twin_test_broker_start (f->broker);
  twin_test_mirror_wait_connected (mqtt, 10);
  sub = twin_test_client_new (f->url, "sub-absent", FALSE, NULL);
  twin_test_client_subscribe (sub, "twin/status", 1);
  twin_test_client_wait_count (sub, "twin/status", 1);
  g_assert_cmpuint (twin_mqtt_get_reconnects (mqtt), ==, 0);
  twin_engine_stop (f->engine);
}

/* A broker that takes the connection and never answers: paho waits for
 * its CONNACK in the background, the clock runs on, and letting go of the
 * mirror does not hang either. */
static void
test_broker_dead (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(TwinEngine) engine = twin_engine_new_full (1000, 0.1);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  TwinMqtt *mqtt;
  double t0;

  g_assert_true (g_socket_bind (socket, address, TRUE, &error));
  g_assert_true (g_socket_listen (socket, &error));
  bound = g_socket_get_local_address (socket, &error);
  url = g_strdup_printf ("mqtt://127.0.0.1:%u",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));

  twin_engine_set_time_scale (engine, 10, NULL);
  twin_engine_start (engine);
  mqtt = twin_test_mirror_new (engine, url, "twin", "rate", 10.0, "qos", 1u, NULL);
  t0 = twin_engine_get_timestamp (engine);
  twin_test_run_for (1.5);
  g_assert_cmpfloat (twin_engine_get_timestamp (engine) - t0, >, 5);
  g_assert_cmpint (twin_mqtt_get_state (mqtt), ==, TWIN_MQTT_STATE_CONNECTING);
  g_assert_cmpuint (twin_mqtt_get_queued (mqtt), >=, 10);
  g_assert_false (twin_mqtt_shutdown (mqtt, 2000));
  g_assert_finalize_object (mqtt);
  twin_engine_stop (engine);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  twin_test_mqtt_add ("/mqtt/queue/file-survives-the-process-bounded", test_queue_file);
  twin_test_mqtt_add ("/mqtt/queue/absent-broker-gets-states-in-order", test_broker_absent);
  g_test_add_func ("/mqtt/queue/silent-broker-holds-up-nothing", test_broker_dead);

  return twin_test_run_in_data_home ();
}
