/* test-mqtt-outage.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The broker goes away for 5 s and comes back: a persistent-session
 * subscriber at QoS 1 loses no state, and a mirror whose queue is too
 * small for the outage drops exactly the oldest states it counted, and
 * never an alarm.
 */

#include <cjson/cJSON.h>
#include <string.h>

#include "twin-mqtt.h"
#include "twin-test-broker.h"
#include "twin-test-env.h"
#include "twin-test-mirror.h"
#include "twin-test-mqtt-client.h"
#include "twin-test-wait.h"

#define OUTAGE_S 5.0
#define SMALL_QUEUE 20

static TwinMqtt *
new_mirror (TwinEngine *engine,
            const char *url,
            const char *prefix,
            guint       queue_limit)
{
  return twin_test_mirror_new (engine, url, prefix, "rate", 20.0, "qos", 1u, "queue-limit", queue_limit,
                               "client-id", prefix, NULL);
}

static gboolean
both_connected (gpointer data)
{
  TwinMqtt **m = data;

  return twin_mqtt_get_state (m[0]) == TWIN_MQTT_STATE_CONNECTED &&
         twin_mqtt_get_state (m[1]) == TWIN_MQTT_STATE_CONNECTED;
}

static gboolean
both_flushed (gpointer data)
{
  TwinMqtt **m = data;

  return twin_mqtt_get_queued (m[0]) == 0 && twin_mqtt_get_queued (m[1]) == 0;
}

static void
count_alarm_cb (TwinEngine           *engine,
                const TwinAlarmEvent *event,
                guint                *n)
{
  (*n)++;
}

typedef struct
{
  TwinTestClient *sub;
  GHashTable     *seen[2];     /* msg_seq → 1, per prefix */
  guint64         last[2];
  guint           alarms;
  guint           want_alarms;
} Received;

static void
collect (Received *r)
{
  g_autoptr(GPtrArray) messages = twin_test_client_take (r->sub, NULL);

  for (guint i = 0; i < messages->len; i++)
    {
      TwinTestMessage *m = g_ptr_array_index (messages, i);
      int which = g_str_has_prefix (m->topic, "big/") ? 0 : 1;
      cJSON *root;

      if (g_str_has_suffix (m->topic, "/alarms"))
        {
          g_assert_cmpint (which, ==, 1);
          r->alarms++;
          continue;
        }

      root = cJSON_Parse (m->payload);

      g_assert_nonnull (root);
      g_hash_table_add (r->seen[which],
                        GSIZE_TO_POINTER ((gsize)cJSON_GetObjectItem (root, "msg_seq")->valuedouble));
      cJSON_Delete (root);
    }
}

static gboolean
received_all (gpointer data)
{
  Received *r = data;

  collect (r);
  return g_hash_table_contains (r->seen[0], GSIZE_TO_POINTER (r->last[0])) &&
         g_hash_table_contains (r->seen[1], GSIZE_TO_POINTER (r->last[1])) &&
         r->alarms >= r->want_alarms;
}

static void
test_outage (void)
{
  g_autoptr(TwinTestBroker) broker = twin_test_broker_new (NULL);
  g_autofree char *url = twin_test_broker_get_url (broker);
  g_autoptr(TwinEngine) engine_big = twin_engine_new_full (1000, 0.1);
  g_autoptr(TwinEngine) engine_small = twin_engine_new_full (1000, 0.1);
  g_autoptr(TwinTestClient) sub = twin_test_client_new (url, "persistent-sub", TRUE, NULL);
  g_autoptr(TwinMqtt) big = NULL;
  g_autoptr(TwinMqtt) small = NULL;
  TwinMqtt *both[2];
  Received r = { sub };
  guint alarms_during = 0;
  guint64 dropped, gap_start = 0, gap_len = 0;

  r.seen[0] = g_hash_table_new (NULL, NULL);
  r.seen[1] = g_hash_table_new (NULL, NULL);

  twin_test_client_subscribe (sub, "big/state", 1);
  twin_test_client_subscribe (sub, "small/state", 1);
  twin_test_client_subscribe (sub, "small/alarms", 1);

  twin_engine_start (engine_big);
  twin_engine_start (engine_small);
  big = new_mirror (engine_big, url, "big", TWIN_MQTT_DEFAULT_QUEUE_LIMIT);
  small = new_mirror (engine_small, url, "small", TWIN_MQTT_DEFAULT_QUEUE_LIMIT);
  both[0] = big;
  both[1] = small;
  twin_test_wait_until (both_connected, both, 10, "both mirrors to connect");
  twin_test_run_for (1.0);
  /* Small only now, so that the outage is the only time it overflows. */
  g_object_set (small, "queue-limit", SMALL_QUEUE, NULL);
  g_assert_cmpuint (twin_mqtt_get_dropped (small), ==, 0);

  /* Out for 5 s, with persistence: the broker keeps the subscriber's
   * session and what is queued for it. */
  twin_test_broker_stop (broker);
  g_signal_connect (engine_small, "alarm", G_CALLBACK (count_alarm_cb), &alarms_during);
  twin_test_run_for (OUTAGE_S / 2);
  /* Alarms raised and cleared while the broker is away. */
  twin_engine_set_ambient (engine_small, 80, NULL);
  twin_engine_set_cooling_degraded (engine_small, TRUE);
  twin_engine_advance (engine_small, 600);
  g_assert_cmpuint (alarms_during, >=, 2);
  g_assert_true (twin_engine_get_tripped (engine_small));
  twin_test_run_for (OUTAGE_S / 2);
  g_assert_cmpint (twin_mqtt_get_state (big), ==, TWIN_MQTT_STATE_DISCONNECTED);
  g_assert_nonnull (twin_mqtt_get_last_error (big));
  g_assert_cmpuint (twin_mqtt_get_dropped (big), ==, 0);
  g_assert_cmpuint (twin_mqtt_get_dropped (small), >, 0);
  g_assert_cmpuint (twin_mqtt_get_queued (small), <=, SMALL_QUEUE + TWIN_MQTT_DEFAULT_WINDOW + alarms_during);

  twin_test_broker_start (broker);
  twin_test_wait_until (both_connected, both, 40, "both mirrors to reconnect");
  g_assert_cmpuint (twin_mqtt_get_reconnects (big), ==, 1);
  g_assert_cmpuint (twin_mqtt_get_reconnects (small), ==, 1);

  /* Everything queued reached the broker; the last state sent names the
   * end of the run. */
  twin_test_wait_until (both_flushed, both, 20, "both mirrors to send what they queued");
  twin_mqtt_stop (big);
  twin_mqtt_stop (small);
  r.last[0] = twin_mqtt_get_state_seq (big);
  r.last[1] = twin_mqtt_get_state_seq (small);
  r.want_alarms = alarms_during;
  twin_test_wait_until (received_all, &r, 30, "states up to %" G_GUINT64_FORMAT " and %" G_GUINT64_FORMAT
                        " and %u alarms", r.last[0], r.last[1], r.want_alarms);
  twin_test_run_for (0.3);
  collect (&r);

  g_test_message ("big: %" G_GUINT64_FORMAT " states; small: %" G_GUINT64_FORMAT " states, %"
                  G_GUINT64_FORMAT " dropped; %u alarms", r.last[0], r.last[1],
                  twin_mqtt_get_dropped (small), r.alarms);

  /* No state lost at QoS 1 through the outage. */
  for (guint64 seq = 1; seq <= r.last[0]; seq++)
    if (!g_hash_table_contains (r.seen[0], GSIZE_TO_POINTER (seq)))
      g_error ("big: state %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " lost", seq, r.last[0]);

  /* The small queue lost exactly what it counted, one run of the oldest
   * states, and every alarm arrived. */
  dropped = twin_mqtt_get_dropped (small);
  for (guint64 seq = 1; seq <= r.last[1]; seq++)
    if (!g_hash_table_contains (r.seen[1], GSIZE_TO_POINTER (seq)))
      {
        if (gap_len == 0)
          gap_start = seq;
        g_assert_cmpuint (seq, ==, gap_start + gap_len);
        gap_len++;
      }
  g_assert_cmpuint (gap_len, ==, dropped);
  g_assert_cmpuint (gap_start, >, 1);
  g_assert_cmpuint (r.alarms, ==, alarms_during);

  g_hash_table_unref (r.seen[0]);
  g_hash_table_unref (r.seen[1]);
  twin_engine_stop (engine_big);
  twin_engine_stop (engine_small);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/mqtt/outage/qos1-loses-nothing-small-queue-drops-oldest", test_outage);

  return twin_test_run_in_data_home ();
}
