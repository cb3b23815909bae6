/* twin-test-mqtt-client.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <MQTTAsync.h>
#include <string.h>

#include "twin-test-mqtt-client.h"
#include "twin-test-wait.h"

/* How long the broker may take to answer, or a message to arrive. */
#define ANSWER_TIMEOUT_S  10.0
#define MESSAGE_TIMEOUT_S 20.0
#define BURST_TIMEOUT_S   60.0

struct _TwinTestClient
{
  MQTTAsync  client;
  GMutex     lock;
  GPtrArray *messages;   /* TwinTestMessage* */
  int        connected;  /* atomic */
  int        done;       /* atomic: the last request completed */
  int        failed;     /* atomic */
  int        acked;      /* atomic: burst messages the broker took */
  guint      burst;      /* how many it was */
};

/* The callbacks run on paho's threads: they only record, under a lock. */

void
twin_test_message_free (TwinTestMessage *message)
{
  g_free (message->topic);
  g_free (message->payload);
  g_free (message);
}

static int
message_cb (void              *context,
            char              *topic,
            int                topic_len,
            MQTTAsync_message *message)
{
  TwinTestClient *client = context;
  TwinTestMessage *m = g_new0 (TwinTestMessage, 1);

  m->topic = topic_len > 0 ? g_strndup (topic, topic_len) : g_strdup (topic);
  m->payload = g_malloc (message->payloadlen + 1);
  memcpy (m->payload, message->payload, message->payloadlen);
  m->payload[message->payloadlen] = '\0';
  m->length = message->payloadlen;
  m->retained = message->retained;

  g_mutex_lock (&client->lock);
  g_ptr_array_add (client->messages, m);
  g_mutex_unlock (&client->lock);

  MQTTAsync_freeMessage (&message);
  MQTTAsync_free (topic);
  return 1;
}

static void
lost_cb (void *context,
         char *cause)
{
  TwinTestClient *client = context;

  g_atomic_int_set (&client->connected, 0);
}

static void
connected_cb (void *context,
              char *cause)
{
  TwinTestClient *client = context;

  g_atomic_int_set (&client->connected, 1);
}

static void
done_cb (void                  *context,
         MQTTAsync_successData *response)
{
  TwinTestClient *client = context;

  g_atomic_int_set (&client->done, 1);
}

static void
failed_cb (void                  *context,
           MQTTAsync_failureData *response)
{
  TwinTestClient *client = context;

  g_atomic_int_set (&client->failed, 1);
  g_atomic_int_set (&client->done, 1);
}

static gboolean
done_cond (gpointer data)
{
  TwinTestClient *client = data;

  return g_atomic_int_get (&client->done);
}

static void
wait_done (TwinTestClient *client,
           const char     *what)
{
  twin_test_wait_until (done_cond, client, ANSWER_TIMEOUT_S, "the broker to answer a %s", what);
  if (g_atomic_int_get (&client->failed))
    g_error ("%s failed", what);
}

/**
 * twin_test_client_new:
 * @persistent: a persistent session (clean session off) that reconnects
 *   by itself
 */
TwinTestClient *
twin_test_client_new (const char *url,
                      const char *client_id,
                      gboolean    persistent,
                      const char *ca_file)
{
  MQTTAsync_connectOptions opts = MQTTAsync_connectOptions_initializer;
  MQTTAsync_SSLOptions ssl = MQTTAsync_SSLOptions_initializer;
  TwinTestClient *client = g_new0 (TwinTestClient, 1);
  g_autofree char *uri = NULL;

  if (g_str_has_prefix (url, "mqtts://"))
    uri = g_strconcat ("ssl://", url + strlen ("mqtts://"), NULL);
  else
    uri = g_strconcat ("tcp://", url + strlen ("mqtt://"), NULL);

  g_mutex_init (&client->lock);
  client->messages = g_ptr_array_new_with_free_func ((GDestroyNotify)twin_test_message_free);
  g_assert_cmpint (MQTTAsync_create (&client->client, uri, client_id, MQTTCLIENT_PERSISTENCE_NONE, NULL),
                   ==, MQTTASYNC_SUCCESS);
  MQTTAsync_setCallbacks (client->client, client, lost_cb, message_cb, NULL);
  MQTTAsync_setConnected (client->client, client, connected_cb);

  opts.keepAliveInterval = 20;
  opts.cleansession = !persistent;
  opts.automaticReconnect = persistent;
  opts.minRetryInterval = 1;
  opts.maxRetryInterval = 1;
  opts.onSuccess = done_cb;
  opts.onFailure = failed_cb;
  opts.context = client;
  if (ca_file != NULL)
    {
      ssl.trustStore = ca_file;
      ssl.enableServerCertAuth = 1;
      ssl.verify = 1;
      opts.ssl = &ssl;
    }

  g_atomic_int_set (&client->done, 0);
  g_assert_cmpint (MQTTAsync_connect (client->client, &opts), ==, MQTTASYNC_SUCCESS);
  wait_done (client, "connect");
  g_atomic_int_set (&client->connected, 1);

  return client;
}

void
twin_test_client_subscribe (TwinTestClient *client,
                            const char     *topic,
                            int             qos)
{
  MQTTAsync_responseOptions ro = MQTTAsync_responseOptions_initializer;

  ro.onSuccess = done_cb;
  ro.onFailure = failed_cb;
  ro.context = client;
  g_atomic_int_set (&client->done, 0);
  g_assert_cmpint (MQTTAsync_subscribe (client->client, topic, qos, &ro), ==, MQTTASYNC_SUCCESS);
  wait_done (client, "subscribe");
}

void
twin_test_client_publish (TwinTestClient *client,
                          const char     *topic,
                          const char     *payload,
                          gsize           length,
                          int             qos,
                          gboolean        retained)
{
  MQTTAsync_responseOptions ro = MQTTAsync_responseOptions_initializer;
  MQTTAsync_message msg = MQTTAsync_message_initializer;

  msg.payload = (void *)payload;
  msg.payloadlen = (int)length;
  msg.qos = qos;
  msg.retained = retained;
  ro.onSuccess = done_cb;
  ro.onFailure = failed_cb;
  ro.context = client;
  g_atomic_int_set (&client->done, 0);
  g_assert_cmpint (MQTTAsync_sendMessage (client->client, topic, &msg, &ro), ==, MQTTASYNC_SUCCESS);
  wait_done (client, "publish");
}

static void
burst_acked_cb (void                  *context,
                MQTTAsync_successData *response)
{
  TwinTestClient *client = context;

  g_atomic_int_inc (&client->acked);
}

static void
burst_failed_cb (void                  *context,
                 MQTTAsync_failureData *response)
{
  TwinTestClient *client = context;

  g_atomic_int_set (&client->failed, 1);
  g_atomic_int_inc (&client->acked);
}

static gboolean
burst_acked (gpointer data)
{
  TwinTestClient *client = data;

  return g_atomic_int_get (&client->acked) >= (int)client->burst;
}

/**
 * twin_test_client_publish_burst:
 * @payloads: (element-type GBytes): sent in this order
 *
 * Publishes all of @payloads and waits until the broker took them,
 * without running the main context: whatever receives them in this
 * process finds them all waiting when the main loop runs next.
 */
void
twin_test_client_publish_burst (TwinTestClient *client,
                                const char     *topic,
                                GPtrArray      *payloads,
                                int             qos)
{
  g_atomic_int_set (&client->acked, 0);
  client->burst = payloads->len;
  for (guint i = 0; i < payloads->len; i++)
    {
      MQTTAsync_responseOptions ro = MQTTAsync_responseOptions_initializer;
      MQTTAsync_message msg = MQTTAsync_message_initializer;
      gsize length;

      msg.payload = (void *)g_bytes_get_data (g_ptr_array_index (payloads, i), &length);
      msg.payloadlen = (int)length;
      msg.qos = qos;
      ro.onSuccess = burst_acked_cb;
      ro.onFailure = burst_failed_cb;
      ro.context = client;
      g_assert_cmpint (MQTTAsync_sendMessage (client->client, topic, &msg, &ro), ==, MQTTASYNC_SUCCESS);
    }

  twin_test_wait_blocked_until (burst_acked, client, BURST_TIMEOUT_S,
                                "the broker to take a burst of %u messages", payloads->len);
  g_assert_false (g_atomic_int_get (&client->failed));
}

guint
twin_test_client_count (TwinTestClient *client,
                        const char     *topic)
{
  guint n = 0;

  g_mutex_lock (&client->lock);
  for (guint i = 0; i < client->messages->len; i++)
    {
      TwinTestMessage *m = g_ptr_array_index (client->messages, i);

      if (topic == NULL || strcmp (m->topic, topic) == 0)
        n++;
    }
  g_mutex_unlock (&client->lock);

  return n;
}

/**
 * twin_test_client_take:
 *
 * Returns: (transfer full): the messages received on @topic (all when
 *   %NULL), in order, removed from the client's record
 */
GPtrArray *
twin_test_client_take (TwinTestClient *client,
                       const char     *topic)
{
  GPtrArray *taken = g_ptr_array_new_with_free_func ((GDestroyNotify)twin_test_message_free);

  g_mutex_lock (&client->lock);
  for (guint i = 0; i < client->messages->len;)
    {
      TwinTestMessage *m = g_ptr_array_index (client->messages, i);

      if (topic == NULL || strcmp (m->topic, topic) == 0)
        {
          g_ptr_array_add (taken, g_ptr_array_steal_index (client->messages, i));
          continue;
        }
      i++;
    }
  g_mutex_unlock (&client->lock);

  return taken;
}

gboolean
twin_test_client_connected (TwinTestClient *client)
{
  return g_atomic_int_get (&client->connected);
}

typedef struct
{
  TwinTestClient *client;
  const char     *topic;
  guint           n;
  const char     *payload;
} MessageWait;

static gboolean
has_count (gpointer data)
{
  MessageWait *w = data;

  return twin_test_client_count (w->client, w->topic) >= w->n;
}

/* Runs the main context until @n messages in all came on @topic. */
void
twin_test_client_wait_count (TwinTestClient *client,
                             const char     *topic,
                             guint           n)
{
  MessageWait w = { client, topic, n, NULL };

  twin_test_wait_until (has_count, &w, MESSAGE_TIMEOUT_S, "%u messages on %s", n, topic);
}

static gboolean
has_payload (gpointer data)
{
  MessageWait *w = data;
  g_autoptr(GPtrArray) messages = twin_test_client_take (w->client, w->topic);

  for (guint i = 0; i < messages->len; i++)
    if (w->payload == NULL ||
        strcmp (((TwinTestMessage *)messages->pdata[i])->payload, w->payload) == 0)
      return TRUE;

  return FALSE;
}

/**
 * twin_test_client_wait_payload:
 * @payload: (nullable): what the message says; %NULL for any message
 *
 * Runs the main context until such a message came on @topic, taking the
 * messages of @topic as they come.
 */
void
twin_test_client_wait_payload (TwinTestClient *client,
                               const char     *topic,
                               const char     *payload)
{
  MessageWait w = { client, topic, 0, payload };

  twin_test_wait_until (has_payload, &w, MESSAGE_TIMEOUT_S, "%s on %s", payload ? payload : "a message", topic);
}

void
twin_test_client_free (TwinTestClient *client)
{
  MQTTAsync_disconnectOptions opts = MQTTAsync_disconnectOptions_initializer;

  opts.timeout = 500;
  opts.onSuccess = done_cb;
  opts.onFailure = failed_cb;
  opts.context = client;
  g_atomic_int_set (&client->done, 0);
  if (MQTTAsync_disconnect (client->client, &opts) == MQTTASYNC_SUCCESS)
    twin_test_wait_until (done_cond, client, ANSWER_TIMEOUT_S, "paho to disconnect");
  MQTTAsync_destroy (&client->client);
  g_ptr_array_unref (client->messages);
  g_mutex_clear (&client->lock);
  g_free (client);
}
