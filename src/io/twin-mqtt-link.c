/* twin-mqtt-link.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The paho client and what its threads share with the main context.
 *
 * paho calls back on its own threads, holding its own lock. The callbacks
 * here only copy what they got onto a queue and wake the main context with
 * an idle source; everything else, including every call into paho, happens
 * on the main context. Calling into paho from inside a callback deadlocks
 * (paho.mqtt.c #1230, #1554).
 */

#define G_LOG_DOMAIN "twin-mqtt"

#include "config.h"

#include <string.h>
#include <unistd.h>

#include "twin-json.h"
#include "twin-mqtt-private.h"

static void
event_free (Event *ev)
{
  g_free (ev->payload);
  g_free (ev->error);
  g_free (ev);
}

/* Handles what the paho threads posted, for at most a time budget or a
 * number of received messages; the rest waits for the next dispatch,
 * after the clock's and the REST port's sources had their turn. */
static gboolean
dispatch_cb (gpointer data)
{
  Link *link = data;
  gint64 deadline = g_get_monotonic_time () + TWIN_MQTT_DISPATCH_BUDGET_US;
  guint received = 0;
  Event *ev;

  for (;;)
    {
      while ((ev = g_async_queue_try_pop (link->events)) != NULL)
        {
          if (ev->kind == EV_MESSAGE)
            received++;
          if (link->owner != NULL)
            _twin_mqtt_handle_event (link->owner, ev);
          else if (ev->flight != NULL)
            _twin_mqtt_flight_free (g_steal_pointer (&ev->flight));
          if (ev->cost > 0)
            g_atomic_int_add (&link->inbox_bytes, -ev->cost);
          event_free (ev);

          /* idle_pending stays set: this source comes again. */
          if (received > 0 &&
              (received >= TWIN_MQTT_DISPATCH_MESSAGES || g_get_monotonic_time () >= deadline))
            return G_SOURCE_CONTINUE;
        }

      g_atomic_int_set (&link->idle_pending, 0);
      /* An event posted after the last pop, while the flag was still
       * set, added no source: take it now. */
      if (g_async_queue_length (link->events) <= 0 ||
          !g_atomic_int_compare_and_exchange (&link->idle_pending, 0, 1))
        return G_SOURCE_REMOVE;
    }
}

/* Paho threads: copy, queue, wake the main context. Nothing here calls
 * into paho or touches a GObject. */

static void
post (Link  *link,
      Event *ev)
{
  g_async_queue_push (link->events, ev);

  /* The idle, not g_main_context_invoke(), which could run the handler
   * right here on paho's thread. */
  if (g_atomic_int_compare_and_exchange (&link->idle_pending, 0, 1))
    {
      GSource *source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, dispatch_cb, _twin_mqtt_link_ref (link),
                             (GDestroyNotify)_twin_mqtt_link_unref);
      g_source_attach (source, link->context);
      g_source_unref (source);
    }
}

static Event *
event_new (EventKind kind)
{
  Event *ev = g_new0 (Event, 1);

  ev->kind = kind;
  return ev;
}

static char *
failure_text (MQTTAsync_failureData *response)
{
  /* CONNACK return codes of MQTT 3.1.1. */
  static const char *refused[] = {
    NULL, "unacceptable protocol version", "client id rejected", "server unavailable",
    "bad user name or password", "not authorized",
  };

  if (response == NULL)
    return g_strdup ("unknown error");
  if (response->code > 0 && response->code < (int)G_N_ELEMENTS (refused))
    return g_strdup_printf ("refused by the broker: %s (code %d)", refused[response->code], response->code);
  if (response->message != NULL)
    return g_strdup_printf ("%s (code %d)", response->message, response->code);
  return g_strdup_printf ("%s (code %d)",
                          MQTTAsync_strerror (response->code) ? MQTTAsync_strerror (response->code) : "error",
                          response->code);
}

static void
post_failure (Link                  *link,
              EventKind              kind,
              Flight                *flight,
              MQTTAsync_failureData *response)
{
  Event *ev = event_new (kind);

  ev->flight = flight;
  ev->error = failure_text (response);
  post (link, ev);
}

static void
on_connect_success (void                  *context,
                    MQTTAsync_successData *response)
{
  post (context, event_new (EV_CONNECTED));
}

static void
on_connect_failure (void                  *context,
                    MQTTAsync_failureData *response)
{
  post_failure (context, EV_CONNECT_FAILED, NULL, response);
}

static void
on_connection_lost (void *context,
                    char *cause)
{
  Event *ev = event_new (EV_LOST);

  ev->error = g_strdup (cause ? cause : "the broker closed the connection");
  post (context, ev);
}

static InboxKind
inbox_kind (Link       *link,
            const char *topic,
            int         topic_len)
{
  gsize n = topic_len > 0 ? (gsize)topic_len : strlen (topic);

  for (guint kind = INBOX_OTHER + 1; kind < N_INBOX_KINDS; kind++)
    if (n == strlen (link->topics[kind]) && memcmp (topic, link->topics[kind], n) == 0)
      return kind;
  return INBOX_OTHER;
}

/* paho has read the whole packet into memory already; what is too large,
 * or finds the inbox full, is let go here at once, uncopied, and only its
 * size travels on to be refused. */
static int
on_message (void             *context,
            char             *topic,
            int               topic_len,
            MQTTAsync_message *message)
{
  Link *link = context;
  InboxKind input = inbox_kind (link, topic, topic_len);
  gsize limit = _twin_mqtt_inbox_topics[input].max_size;
  Event *ev;

  if (input == INBOX_OTHER)
    {
      MQTTAsync_freeMessage (&message);
      MQTTAsync_free (topic);
      return 1;
    }

  ev = event_new (EV_MESSAGE);
  ev->input = input;
  ev->retained = message->retained;
  ev->length = (gsize)MAX (message->payloadlen, 0);

  if (ev->length > limit)
    ev->refusal = REFUSE_TOO_LARGE;
  else
    {
      int cost = (int)ev->length + TWIN_MQTT_INBOX_MESSAGE_COST;

      if (g_atomic_int_add (&link->inbox_bytes, cost) + cost > TWIN_MQTT_INBOX_BYTES)
        {
          g_atomic_int_add (&link->inbox_bytes, -cost);
          ev->refusal = REFUSE_BUSY;
        }
      else
        {
          ev->cost = cost;
          ev->payload = g_malloc (ev->length + 1);
          memcpy (ev->payload, message->payload, ev->length);
          ev->payload[ev->length] = '\0';
        }
    }

  MQTTAsync_freeMessage (&message);
  MQTTAsync_free (topic);

  post (link, ev);
  return 1;
}

static void
on_send_success (void                  *context,
                 MQTTAsync_successData *response)
{
  Flight *flight = context;
  Event *ev = event_new (EV_SENT);

  ev->flight = flight;
  post (flight->link, ev);
}

static void
on_send_failure (void                  *context,
                 MQTTAsync_failureData *response)
{
  Flight *flight = context;

  post_failure (flight->link, EV_SEND_FAILED, flight, response);
}

static void
on_disconnect_success (void                  *context,
                       MQTTAsync_successData *response)
{
  post (context, event_new (EV_DISCONNECTED));
}

static void
on_disconnect_failure (void                  *context,
                       MQTTAsync_failureData *response)
{
  post_failure (context, EV_DISCONNECTED, NULL, response);
}

/* Main context again. */

static char *
paho_uri (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  gboolean tls = g_strcmp0 (g_uri_get_scheme (uri), "mqtts") == 0;
  const char *host = g_uri_get_host (uri);
  int port = g_uri_get_port (uri);

  if (port <= 0)
    port = tls ? 8883 : 1883;

  return g_strdup_printf (strchr (host, ':') ? "%s://[%s]:%d" : "%s://%s:%d",
                          tls ? "ssl" : "tcp", host, port);
}

/**
 * _twin_mqtt_link_new:
 *
 * A paho client for the configuration of @self, not yet connected, whose
 * callbacks post to the main context of @self.
 */
Link *
_twin_mqtt_link_new (TwinMqtt  *self,
                     GError   **error)
{
  MQTTAsync_createOptions create = MQTTAsync_createOptions_initializer;
  g_autofree char *uri = paho_uri (self->config.url);
  g_autofree char *client_id = NULL;
  Link *link;
  int rc;

  client_id = self->config.client_id ? g_strdup (self->config.client_id)
                                     : g_strdup_printf ("twinscope-%s-%d", g_get_host_name (), (int)getpid ());

  /* paho may hold messages while it is disconnected (we hand it at most a
   * window), but never evicts any on its own. */
  create.sendWhileDisconnected = 1;
  create.maxBufferedMessages = (int)self->config.window * (1 + QOS0_WINDOW_FACTOR) + PAHO_MARGIN;
  create.MQTTVersion = MQTTVERSION_3_1_1;
  create.allowDisconnectedSendAtAnyTime = 0;
  create.deleteOldestMessages = 0;
  create.restoreMessages = 0;
  create.persistQoS0 = 0;

  link = g_new0 (Link, 1);
  g_atomic_ref_count_init (&link->ref);
  link->owner = self;
  link->events = g_async_queue_new ();
  link->context = g_main_context_ref (self->context);
  for (guint kind = INBOX_OTHER + 1; kind < N_INBOX_KINDS; kind++)
    link->topics[kind] = _twin_mqtt_topic (self, _twin_mqtt_inbox_topics[kind].suffix);

  rc = MQTTAsync_createWithOptions (&link->client, uri, client_id, MQTTCLIENT_PERSISTENCE_NONE,
                                    NULL, &create);
  if (rc != MQTTASYNC_SUCCESS)
    {
      g_set_error (error, TWIN_MQTT_ERROR, TWIN_MQTT_ERROR_FAILED, "client for %s: %s (code %d)",
                   self->config.url, MQTTAsync_strerror (rc), rc);
      _twin_mqtt_link_unref (link);
      return NULL;
    }

  MQTTAsync_setCallbacks (link->client, link, on_connection_lost, on_message, NULL);
  return link;
}

Link *
_twin_mqtt_link_ref (Link *link)
{
  g_atomic_ref_count_inc (&link->ref);
  return link;
}

void
_twin_mqtt_link_unref (Link *link)
{
  if (g_atomic_ref_count_dec (&link->ref))
    {
      g_async_queue_unref (link->events);
      g_main_context_unref (link->context);
      for (guint kind = 0; kind < N_INBOX_KINDS; kind++)
        g_free (link->topics[kind]);
      g_free (link);
    }
}

/**
 * _twin_mqtt_link_close:
 *
 * Destroys the paho client; anything it posted and was not dispatched yet
 * is dropped, and its flights are left to the caller.
 */
void
_twin_mqtt_link_close (Link *link)
{
  Event *ev;

  link->owner = NULL;
  /* Not from a callback, so this cannot deadlock; once it returns no
   * callback of this client runs any more. */
  MQTTAsync_destroy (&link->client);

  while ((ev = g_async_queue_try_pop (link->events)) != NULL)
    event_free (ev);
}

int
_twin_mqtt_link_connect (Link                     *link,
                         MQTTAsync_connectOptions *opts)
{
  opts->onSuccess = on_connect_success;
  opts->onFailure = on_connect_failure;
  opts->context = link;

  return MQTTAsync_connect (link->client, opts);
}

/**
 * _twin_mqtt_link_send:
 *
 * Hands the message of @flight to paho, which copies the topic and the
 * payload; its callback posts @flight back.
 */
int
_twin_mqtt_link_send (Link       *link,
                      const char *topic,
                      Flight     *flight)
{
  MQTTAsync_responseOptions ro = MQTTAsync_responseOptions_initializer;
  MQTTAsync_message pubmsg = MQTTAsync_message_initializer;

  pubmsg.payload = flight->msg->payload;
  pubmsg.payloadlen = (int)flight->msg->length;
  pubmsg.qos = flight->msg->qos;
  pubmsg.retained = flight->msg->retained;
  ro.onSuccess = on_send_success;
  ro.onFailure = on_send_failure;
  ro.context = flight;

  return MQTTAsync_sendMessage (link->client, topic, &pubmsg, &ro);
}

int
_twin_mqtt_link_disconnect (Link *link)
{
  MQTTAsync_disconnectOptions opts = MQTTAsync_disconnectOptions_initializer;

  opts.timeout = 0;
  opts.onSuccess = on_disconnect_success;
  opts.onFailure = on_disconnect_failure;
  opts.context = link;

  return MQTTAsync_disconnect (link->client, &opts);
}
