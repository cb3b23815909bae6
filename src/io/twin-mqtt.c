/* twin-mqtt.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The MQTT mirror: states, alarms and status out; commands and sensor
 * readings in. On paho.mqtt.c's asynchronous client.
 *
 * paho calls back on its own threads, holding its own lock. The callbacks
 * here only copy what they got onto a queue and wake the main context with
 * an idle source; everything else, including every call into paho, happens
 * on the main context. Calling into paho from inside a callback deadlocks
 * (paho.mqtt.c #1230, #1554).
 *
 * paho's own offline buffer drops silently (deleteOldestMessages) or
 * refuses, and its send queue stalls once more than maxInflight messages
 * wait. So the queue is Twinscope's: messages wait here, at most `window`
 * of them are handed to paho at a time, and each delivery callback lets
 * the next one go. When the queue is full the oldest state goes first;
 * alarms, status and command replies are never dropped.
 */

#define G_LOG_DOMAIN "twin-mqtt"

#include "config.h"

#include <MQTTAsync.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "twin-json.h"
#include "twin-mqtt-journal.h"
#include "twin-mqtt.h"
#include "twin-schema.h"

/* Room above the window in paho's own limits, for the status message of a
 * clean shutdown which does not wait its turn. */
#define PAHO_MARGIN 10
#define CONNECT_TIMEOUT_S 10
#define STATUS_NOTIFY_MS 100
#define QOS0_WINDOW_FACTOR 5

static const char STATE_SUFFIX[] = "state";

typedef enum
{
  MSG_STATE,
  MSG_ALARM,
  MSG_STATUS,
  MSG_REPLY,
} MsgKind;

typedef struct
{
  MsgKind  kind;
  const char *suffix; /* topic below the prefix, a literal */
  char    *payload;
  gsize    length;
  int      qos;
  gboolean retained;
  gboolean goodbye;   /* offline, at a clean shutdown */
  guint64  seq;       /* msg_seq of a state */
  guint64  journal_id; /* 0: not in the queue file */
} Msg;

typedef struct _Link Link;

/* A message handed to paho, until its callback comes back. */
typedef struct
{
  Link     *link;
  Msg      *msg;
  gboolean  orphaned;   /* QoS 0 sent before a reconnect: no callback may come */
} Flight;

typedef enum
{
  EV_CONNECTED,
  EV_CONNECT_FAILED,
  EV_LOST,
  EV_MESSAGE,
  EV_SENT,
  EV_SEND_FAILED,
  EV_DISCONNECTED,
} EventKind;

typedef enum
{
  INBOX_OTHER,
  INBOX_COMMAND,
  INBOX_READING,
} InboxKind;

typedef enum
{
  REFUSE_NONE,
  REFUSE_TOO_LARGE,
  REFUSE_BUSY,
} Refusal;

typedef struct
{
  EventKind  kind;
  InboxKind  input;
  Refusal    refusal;    /* then the payload was not copied */
  gboolean   retained;
  char      *payload;
  gsize      length;
  int        cost;       /* of the inbox's bytes, given back once handled */
  Flight    *flight;
  char      *error;
} Event;

/* What the paho threads share with the main context. It lives as long as
 * a callback or an idle may still refer to it. */
struct _Link
{
  gatomicrefcount  ref;
  TwinMqtt        *owner;        /* main context only; NULL once retired */
  GAsyncQueue     *events;
  GMainContext    *context;
  int              idle_pending; /* atomic */
  int              inbox_bytes;  /* atomic: received, not yet handled */
  char            *cmd_topic;    /* immutable, read by paho's threads */
  char            *sensors_topic;
  MQTTAsync        client;
};

struct _TwinMqtt
{
  GObject         parent_instance;

  TwinEngine     *engine;
  GMainContext   *context;
  TwinMqttConfig  config;
  gboolean        enabled;

  Link           *link;
  TwinMqttJournal *journal;      /* the queue on disk, with a client id */
  GHashTable     *flights;       /* Flight*, of the current link */
  guint           in_flight;     /* not orphaned */
  guint           in_flight_q0;  /* of which QoS 0 */
  gboolean        ever_connected;
  gboolean        disconnecting;
  gboolean        goodbye_acked;
  guint           backoff;       /* s until the next attempt */
  guint           retry_id;
  guint           state_timer_id;
  guint           restart_id;
  guint           notify_id;

  GQueue          states;        /* Msg* */
  GQueue          priority;      /* Msg*: alarms, status, replies */

  TwinMqttState   state;
  char           *last_error;
  guint64         published;
  guint64         dropped;
  guint           reconnects;
  guint64         commands_applied;
  guint64         commands_refused;
  guint64         readings_accepted;
  guint64         readings_refused;
  guint64         state_seq;
  char           *state_topic;
  guint           notified_queued;
  guint64         notified_published;
  guint64         notified_dropped;
  guint64         notified_inbox[4];
};

G_DEFINE_FINAL_TYPE (TwinMqtt, twin_mqtt, G_TYPE_OBJECT)


enum {
  PROP_0,
  PROP_ENGINE,
  PROP_ENABLED,
  PROP_URL,
  PROP_PREFIX,
  PROP_CLIENT_ID,
  PROP_USERNAME,
  PROP_PASSWORD,
  PROP_CA_FILE,
  PROP_CERT_FILE,
  PROP_KEY_FILE,
  PROP_KEEP_ALIVE,
  PROP_QOS,
  PROP_RATE,
  PROP_QUEUE_LIMIT,
  PROP_STATE,
  PROP_LAST_ERROR,
  PROP_PUBLISHED,
  PROP_QUEUED,
  PROP_DROPPED,
  PROP_RECONNECTS,
  PROP_COMMANDS_APPLIED,
  PROP_COMMANDS_REFUSED,
  PROP_READINGS_ACCEPTED,
  PROP_READINGS_REFUSED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void pump (TwinMqtt *self);
static void connect_now (TwinMqtt *self);
static void retire_link (TwinMqtt *self);

static void
msg_free (Msg *msg)
{
  g_free (msg->payload);
  g_free (msg);
}

static void
event_free (Event *ev)
{
  g_free (ev->payload);
  g_free (ev->error);
  g_free (ev);
}

static Link *
link_ref (Link *link)
{
  g_atomic_ref_count_inc (&link->ref);
  return link;
}

static void
link_unref (Link *link)
{
  if (g_atomic_ref_count_dec (&link->ref))
    {
      g_async_queue_unref (link->events);
      g_main_context_unref (link->context);
      g_free (link->cmd_topic);
      g_free (link->sensors_topic);
      g_free (link);
    }
}

static void
flight_free (Flight *flight)
{
  g_clear_pointer (&flight->msg, msg_free);
  link_unref (flight->link);
  g_free (flight);
}

/* Main context. */

static void
set_last_error (TwinMqtt   *self,
                const char *message)
{
  if (g_strcmp0 (self->last_error, message) == 0)
    return;

  g_free (self->last_error);
  self->last_error = g_strdup (message);
  g_debug ("%s", message ? message : "(no error)");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
}

static void
set_state (TwinMqtt      *self,
           TwinMqttState  state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_debug ("%s: %s", self->config.prefix, twin_mqtt_state_to_string (state));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static gboolean
notify_counters_cb (gpointer data)
{
  TwinMqtt *self = data;
  guint queued = twin_mqtt_get_queued (self);

  self->notify_id = 0;

  g_object_freeze_notify (G_OBJECT (self));
  if (self->notified_published != self->published)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PUBLISHED]);
  if (self->notified_queued != queued)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUEUED]);
  if (self->notified_dropped != self->dropped)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DROPPED]);
  self->notified_published = self->published;
  self->notified_queued = queued;
  self->notified_dropped = self->dropped;
  {
    const guint64 now[] = { self->commands_applied, self->commands_refused,
                            self->readings_accepted, self->readings_refused };

    G_STATIC_ASSERT (G_N_ELEMENTS (now) == G_N_ELEMENTS (self->notified_inbox));
    for (guint i = 0; i < G_N_ELEMENTS (now); i++)
      if (self->notified_inbox[i] != now[i])
        {
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMMANDS_APPLIED + i]);
          self->notified_inbox[i] = now[i];
        }
  }
  g_object_thaw_notify (G_OBJECT (self));

  return G_SOURCE_REMOVE;
}

/* The counters change with every message; observers hear at most ten
 * times a second. */
static void
queue_notify_counters (TwinMqtt *self)
{
  GSource *source;

  if (self->notify_id != 0)
    return;

  source = g_timeout_source_new (STATUS_NOTIFY_MS);
  g_source_set_callback (source, notify_counters_cb, self, NULL);
  self->notify_id = g_source_attach (source, self->context);
  g_source_unref (source);
}

static char *
topic_for (TwinMqtt   *self,
           const char *suffix)
{
  return g_strconcat (self->config.prefix, "/", suffix, NULL);
}

static guint
waiting (TwinMqtt *self)
{
  return self->states.length + self->priority.length;
}

/* The queue file. A failure to write it leaves the queue in memory
 * only, and says so. */

static void
journal_failed (TwinMqtt *self,
                GError   *error)
{
  g_autofree char *message = g_strdup_printf ("queue file: %s; the queue stays in memory only", error->message);

  set_last_error (self, message);
  g_clear_pointer (&self->journal, twin_mqtt_journal_close);
}

static void
journal_add (TwinMqtt *self,
             Msg      *msg)
{
  g_autoptr(GError) error = NULL;

  if (self->journal == NULL || msg->kind == MSG_STATUS || msg->journal_id != 0)
    return;

  msg->journal_id = twin_mqtt_journal_append (self->journal, msg->kind, msg->qos, msg->retained, msg->seq,
                                              msg->payload, msg->length, &error);
  if (msg->journal_id == 0)
    journal_failed (self, error);
}

static void
collect_entry (GArray *entries,
               Msg    *msg)
{
  TwinMqttJournalEntry entry = { msg->journal_id, msg->kind, msg->qos, msg->retained, msg->seq,
                                 msg->payload, msg->length };

  if (msg->journal_id != 0)
    g_array_append_val (entries, entry);
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const TwinMqttJournalEntry *x = a, *y = b;

  return x->id < y->id ? -1 : x->id > y->id;
}

/* Every message the queue file still holds, oldest first. */
static void
rewrite_journal (TwinMqtt *self)
{
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (TwinMqttJournalEntry));
  g_autoptr(GPtrArray) pointers = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  Flight *flight;

  g_hash_table_iter_init (&iter, self->flights);
  while (g_hash_table_iter_next (&iter, (gpointer *)&flight, NULL))
    if (flight->msg != NULL)
      collect_entry (entries, flight->msg);
  for (GList *l = self->priority.head; l != NULL; l = l->next)
    collect_entry (entries, l->data);
  for (GList *l = self->states.head; l != NULL; l = l->next)
    collect_entry (entries, l->data);
  g_array_sort (entries, compare_entries);
  for (guint i = 0; i < entries->len; i++)
    g_ptr_array_add (pointers, &g_array_index (entries, TwinMqttJournalEntry, i));

  if (!twin_mqtt_journal_rewrite (self->journal, self->state_seq, pointers, &error))
    journal_failed (self, error);
}

/* The message left the queue for good: the broker took it, or it was
 * dropped. */
static void
journal_forget (TwinMqtt *self,
                Msg      *msg)
{
  g_autoptr(GError) error = NULL;

  if (self->journal == NULL || msg->journal_id == 0)
    return;

  if (!twin_mqtt_journal_remove (self->journal, msg->journal_id, msg->length, &error))
    journal_failed (self, error);
  msg->journal_id = 0;

  if (self->journal != NULL && twin_mqtt_journal_wants_rewrite (self->journal))
    rewrite_journal (self);
}

static void
drop_oldest_state (TwinMqtt *self)
{
  Msg *msg = g_queue_pop_head (&self->states);

  journal_forget (self, msg);
  msg_free (msg);
  self->dropped++;
}

/* Queues a message, making room by dropping the oldest state when the
 * queue is full. Nothing but states is ever dropped. */
static void
enqueue (TwinMqtt   *self,
         MsgKind     kind,
         const char *suffix,
         char       *payload,
         int         qos,
         gboolean    retained,
         guint64     seq)
{
  Msg *msg = g_new0 (Msg, 1);

  msg->kind = kind;
  msg->suffix = suffix;
  msg->payload = payload;
  msg->length = strlen (payload);
  msg->qos = qos;
  msg->retained = retained;
  msg->seq = seq;

  if (waiting (self) >= self->config.queue_limit)
    {
      if (self->states.length > 0)
        drop_oldest_state (self);
      else if (kind == MSG_STATE)
        {
          msg_free (msg);
          self->dropped++;
          queue_notify_counters (self);
          return;
        }
    }

  journal_add (self, msg);

  if (kind == MSG_STATE)
    g_queue_push_tail (&self->states, msg);
  else
    g_queue_push_tail (&self->priority, msg);

  queue_notify_counters (self);
  pump (self);
}

static void
requeue_head (TwinMqtt *self,
              Msg      *msg)
{
  if (msg->kind == MSG_STATE)
    g_queue_push_head (&self->states, msg);
  else
    g_queue_push_head (&self->priority, msg);
}

/* Paho threads: copy, queue, wake the main context. Nothing here calls
 * into paho or touches a GObject. */

static gboolean dispatch_cb (gpointer data);

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
      g_source_set_callback (source, dispatch_cb, link_ref (link), (GDestroyNotify)link_unref);
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
on_connect_success (void                  *context,
                    MQTTAsync_successData *response)
{
  post (context, event_new (EV_CONNECTED));
}

static void
on_connect_failure (void                  *context,
                    MQTTAsync_failureData *response)
{
  Event *ev = event_new (EV_CONNECT_FAILED);

  ev->error = failure_text (response);
  post (context, ev);
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

  if (n == strlen (link->cmd_topic) && memcmp (topic, link->cmd_topic, n) == 0)
    return INBOX_COMMAND;
  if (n == strlen (link->sensors_topic) && memcmp (topic, link->sensors_topic, n) == 0)
    return INBOX_READING;
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
  gsize limit = input == INBOX_COMMAND ? TWIN_JSON_MAX_COMMAND_SIZE : TWIN_MQTT_MAX_READING_SIZE;
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
  Event *ev = event_new (EV_SEND_FAILED);

  ev->flight = flight;
  ev->error = failure_text (response);
  post (flight->link, ev);
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
  Event *ev = event_new (EV_DISCONNECTED);

  ev->error = failure_text (response);
  post (context, ev);
}

/* Main context again. */

static gboolean
retry_cb (gpointer data)
{
  TwinMqtt *self = data;

  self->retry_id = 0;
  if (self->link != NULL && !self->disconnecting)
    connect_now (self);
  return G_SOURCE_REMOVE;
}

/* 1 s, 2 s, 4 s … up to 30 s between attempts, until one succeeds. */
static void
schedule_retry (TwinMqtt *self)
{
  GSource *source;

  if (self->retry_id != 0)
    return;

  source = g_timeout_source_new_seconds (self->backoff);
  g_source_set_callback (source, retry_cb, self, NULL);
  self->retry_id = g_source_attach (source, self->context);
  g_source_unref (source);

  self->backoff = MIN (self->backoff * 2, TWIN_MQTT_RECONNECT_MAX);
}

static void
subscribe (TwinMqtt *self)
{
  MQTTAsync_responseOptions ro = MQTTAsync_responseOptions_initializer;
  g_autofree char *cmd = topic_for (self, "cmd");
  g_autofree char *sensors = topic_for (self, "sensors");
  char *topics[] = { cmd, sensors };
  int qos[] = { 1, 0 };
  int rc;

  rc = MQTTAsync_subscribeMany (self->link->client, 2, topics, qos, &ro);
  if (rc != MQTTASYNC_SUCCESS)
    {
      g_autofree char *message = g_strdup_printf ("subscribe to %s: %s (code %d)", cmd,
                                                  MQTTAsync_strerror (rc), rc);
      set_last_error (self, message);
    }
}

/* Why a message was refused before it was read, or %FALSE. */
static gboolean
refused_unread (const Event  *ev,
                gsize         limit,
                GError      **error)
{
  switch (ev->refusal)
    {
    case REFUSE_TOO_LARGE:
      g_set_error (error, TWIN_MQTT_ERROR, TWIN_MQTT_ERROR_INVALID,
                   "payload: %" G_GSIZE_FORMAT " bytes is too large; allowed: at most %" G_GSIZE_FORMAT " bytes",
                   ev->length, limit);
      return TRUE;

    case REFUSE_BUSY:
      g_set_error (error, TWIN_MQTT_ERROR, TWIN_MQTT_ERROR_INVALID,
                   "payload: %" G_GSIZE_FORMAT " bytes refused unread, the messages received before it "
                   "fill the inbox; allowed: at most %d bytes waiting to be handled",
                   ev->length, TWIN_MQTT_INBOX_BYTES);
      return TRUE;

    case REFUSE_NONE:
    default:
      return FALSE;
    }
}

/* A retained command would apply again at every reconnect, after any
 * later change; so it is refused, and says why. */
static void
handle_command (TwinMqtt    *self,
                const Event *ev)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id_json = NULL;
  TwinCommand command;

  if (!refused_unread (ev, TWIN_JSON_MAX_COMMAND_SIZE, &error) &&
      twin_json_parse_command (ev->payload, ev->length, &command, &id_json, &error) &&
      !ev->retained)
    twin_engine_apply_command (self->engine, &command, &error);

  if (ev->retained && ev->refusal == REFUSE_NONE)
    {
      g_clear_error (&error);
      g_set_error_literal (&error, TWIN_MQTT_ERROR, TWIN_MQTT_ERROR_INVALID,
                           "retained: a command with the retain flag is refused, never applied, since the "
                           "broker would hand it over again at every reconnect; allowed: commands published "
                           "without retain (an empty retained message clears this one)");
    }

  if (error == NULL)
    self->commands_applied++;
  else
    self->commands_refused++;
  queue_notify_counters (self);

  enqueue (self, MSG_REPLY, "cmd/result", twin_json_command_reply (id_json, error), 1, FALSE, 0);
}

static void
handle_reading (TwinMqtt    *self,
                const Event *ev)
{
  TwinShadow *shadow = twin_engine_get_shadow (self->engine);
  g_autoptr(GError) error = NULL;
  TwinReading reading;

  if (refused_unread (ev, TWIN_MQTT_MAX_READING_SIZE, &error) ||
      !twin_json_parse_reading (ev->payload, ev->length, &reading, &error))
    twin_shadow_reject (shadow, error);
  else if (ev->retained)
    {
      g_set_error_literal (&error, TWIN_MQTT_ERROR, TWIN_MQTT_ERROR_INVALID,
                           "retained: a reading with the retain flag is refused, it is not a new measurement; "
                           "allowed: readings published without retain");
      twin_shadow_reject (shadow, error);
    }
  else
    twin_engine_add_reading (self->engine, &reading, &error);

  if (error == NULL)
    self->readings_accepted++;
  else
    self->readings_refused++;
  queue_notify_counters (self);
}

static void
handle_message (TwinMqtt    *self,
                const Event *ev)
{
  if (ev->input == INBOX_COMMAND)
    handle_command (self, ev);
  else
    handle_reading (self, ev);
}

static const struct {
  const char *name;
  const char *suffix;
} schema_topics[] = {
  { "state",    "schema/state" },
  { "command",  "schema/command" },
  { "sensors",  "schema/sensors" },
};

static void
handle_connected (TwinMqtt *self)
{
  GHashTableIter iter;
  Flight *flight;

  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->backoff = TWIN_MQTT_RECONNECT_MIN;

  /* QoS 0 messages caught in the outage get no callback; QoS 1 and 2 ones
   * are sent again by paho, in the persistent session, and do. */
  g_hash_table_iter_init (&iter, self->flights);
  while (g_hash_table_iter_next (&iter, (gpointer *)&flight, NULL))
    if (!flight->orphaned && flight->msg->qos == 0)
      {
        flight->orphaned = TRUE;
        journal_forget (self, flight->msg);
        self->in_flight--;
        self->in_flight_q0--;
      }

  if (self->ever_connected)
    {
      self->reconnects++;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECONNECTS]);
    }
  self->ever_connected = TRUE;

  subscribe (self);

  /* The wire formats' JSON Schemas, retained, so that a client can
   * validate what it receives; then online goes first, before anything
   * that waited. */
  for (guint i = G_N_ELEMENTS (schema_topics); i > 0; i--)
    {
      Msg *msg = g_new0 (Msg, 1);

      msg->kind = MSG_STATUS;
      msg->suffix = schema_topics[i - 1].suffix;
      msg->payload = g_strdup (twin_schema_get (schema_topics[i - 1].name));
      msg->length = strlen (msg->payload);
      msg->qos = 1;
      msg->retained = TRUE;
      g_queue_push_head (&self->priority, msg);
    }

  {
    Msg *msg = g_new0 (Msg, 1);

    msg->kind = MSG_STATUS;
    msg->suffix = "status";
    msg->payload = g_strdup ("online");
    msg->length = strlen (msg->payload);
    msg->qos = 1;
    msg->retained = TRUE;
    g_queue_push_head (&self->priority, msg);
  }

  set_state (self, TWIN_MQTT_STATE_CONNECTED);
  set_last_error (self, NULL);
  pump (self);
}

static void
finish_restart (TwinMqtt *self)
{
  retire_link (self);
  self->disconnecting = FALSE;
  if (self->enabled)
    twin_mqtt_start (self);
}

static void
handle_event (TwinMqtt *self,
              Event    *ev)
{
  switch (ev->kind)
    {
    case EV_CONNECTED:
      if (!self->disconnecting)
        handle_connected (self);
      break;

    case EV_CONNECT_FAILED:
      {
        g_autofree char *message = g_strdup_printf ("connect to %s: %s", self->config.url, ev->error);

        set_last_error (self, message);
        if (!self->disconnecting)
          {
            set_state (self, self->ever_connected ? TWIN_MQTT_STATE_DISCONNECTED
                                                  : TWIN_MQTT_STATE_CONNECTING);
            schedule_retry (self);
          }
      }
      break;

    case EV_LOST:
      {
        g_autofree char *message = g_strdup_printf ("connection to %s lost: %s", self->config.url, ev->error);

        set_last_error (self, message);
        if (!self->disconnecting)
          {
            set_state (self, TWIN_MQTT_STATE_DISCONNECTED);
            schedule_retry (self);
          }
      }
      break;

    case EV_MESSAGE:
      handle_message (self, ev);
      break;

    case EV_SENT:
    case EV_SEND_FAILED:
      {
        Flight *flight = g_steal_pointer (&ev->flight);

        if (!g_hash_table_remove (self->flights, flight))
          break;

        if (!flight->orphaned)
          {
            self->in_flight--;
            if (flight->msg->qos == 0)
              self->in_flight_q0--;
          }

        if (ev->kind == EV_SENT)
          {
            self->published++;
            journal_forget (self, flight->msg);
            if (flight->msg->goodbye)
              self->goodbye_acked = TRUE;
          }
        else
          {
            g_autofree char *message = g_strdup_printf ("publish to %s/%s: %s", self->config.prefix,
                                                        flight->msg->suffix, ev->error);

            set_last_error (self, message);
            /* Not lost: it goes again, first, once the broker is back. */
            if (!flight->msg->goodbye)
              requeue_head (self, g_steal_pointer (&flight->msg));
          }

        flight_free (flight);
        queue_notify_counters (self);
        pump (self);
      }
      break;

    case EV_DISCONNECTED:
      if (self->disconnecting)
        finish_restart (self);
      break;

    default:
      g_assert_not_reached ();
    }
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
            handle_event (link->owner, ev);
          else if (ev->flight != NULL)
            flight_free (g_steal_pointer (&ev->flight));
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

/* Hands messages to paho while the window has room. */
static void
pump (TwinMqtt *self)
{
  if (self->state != TWIN_MQTT_STATE_CONNECTED || self->disconnecting)
    return;

  while (waiting (self) > 0)
    {
      MQTTAsync_responseOptions ro = MQTTAsync_responseOptions_initializer;
      MQTTAsync_message pubmsg = MQTTAsync_message_initializer;
      g_autofree char *topic = NULL;
      GQueue *queue;
      Flight *flight;
      Msg *msg;
      int rc;

      queue = self->priority.length > 0 ? &self->priority : &self->states;
      msg = g_queue_peek_head (queue);
      /* QoS 1 and 2: as many unacknowledged as the window. QoS 0 has no
       * acknowledgement and its callback comes once it is written, so
       * it gets a wider window (they only bound paho's buffer). */
      if (msg->qos == 0 ? self->in_flight_q0 >= self->config.window * QOS0_WINDOW_FACTOR
                        : self->in_flight - self->in_flight_q0 >= self->config.window)
        break;
      g_queue_pop_head (queue);

      flight = g_new0 (Flight, 1);
      flight->link = link_ref (self->link);
      flight->msg = msg;

      /* paho copies the topic and the payload. */
      topic = msg->suffix == STATE_SUFFIX ? NULL : topic_for (self, msg->suffix);
      pubmsg.payload = msg->payload;
      pubmsg.payloadlen = (int)msg->length;
      pubmsg.qos = msg->qos;
      pubmsg.retained = msg->retained;
      ro.onSuccess = on_send_success;
      ro.onFailure = on_send_failure;
      ro.context = flight;

      /* Registered before the call: the callback may come back before it
       * returns, and is handled here only afterwards anyway. */
      g_hash_table_add (self->flights, flight);
      self->in_flight++;
      if (msg->qos == 0)
        self->in_flight_q0++;

      rc = MQTTAsync_sendMessage (self->link->client, topic ? topic : self->state_topic, &pubmsg, &ro);
      if (rc == MQTTASYNC_SUCCESS)
        continue;

      g_hash_table_remove (self->flights, flight);
      self->in_flight--;
      if (msg->qos == 0)
        self->in_flight_q0--;
      msg = g_steal_pointer (&flight->msg);
      flight_free (flight);

      if (rc == MQTTASYNC_MAX_BUFFERED_MESSAGES || rc == MQTTASYNC_DISCONNECTED)
        {
          /* paho lost the connection before we heard of it, or its buffer
           * is full: the message waits here, first in line, and goes when
           * a callback says there is room again. */
          requeue_head (self, msg);
          break;
        }
      else
        {
          g_autofree char *message = g_strdup_printf ("publish to %s: %s (code %d); message dropped",
                                                      topic ? topic : self->state_topic,
                                                      MQTTAsync_strerror (rc), rc);

          set_last_error (self, message);
          journal_forget (self, msg);
          msg_free (msg);
          self->dropped++;
        }
    }

  queue_notify_counters (self);
}

static void
connect_now (TwinMqtt *self)
{
  MQTTAsync_connectOptions opts = MQTTAsync_connectOptions_initializer;
  MQTTAsync_willOptions will = MQTTAsync_willOptions_initializer;
  MQTTAsync_SSLOptions ssl = MQTTAsync_SSLOptions_initializer;
  g_autofree char *will_topic = topic_for (self, "status");
  int rc;

  will.topicName = will_topic;
  will.message = "offline";
  will.retained = 1;
  will.qos = 1;

  opts.keepAliveInterval = (int)self->config.keep_alive;
  /* A persistent session: QoS 1 messages in flight when the connection
   * drops are sent again after the reconnect instead of being forgotten. */
  opts.cleansession = 0;
  opts.maxInflight = (int)self->config.window + PAHO_MARGIN;
  opts.will = &will;
  opts.username = self->config.username;
  opts.password = self->config.password;
  opts.connectTimeout = CONNECT_TIMEOUT_S;
  opts.MQTTVersion = MQTTVERSION_3_1_1;
  /* Reconnects are ours (retry_cb), with the back-off the status shows. */
  opts.automaticReconnect = 0;
  opts.onSuccess = on_connect_success;
  opts.onFailure = on_connect_failure;
  opts.context = self->link;

  if (g_str_has_prefix (self->config.url, "mqtts://"))
    {
      ssl.trustStore = self->config.ca_file;
      ssl.keyStore = self->config.cert_file;
      ssl.privateKey = self->config.key_file;
      ssl.enableServerCertAuth = 1;
      ssl.verify = 1;
      opts.ssl = &ssl;
    }

  set_state (self, self->ever_connected ? TWIN_MQTT_STATE_DISCONNECTED : TWIN_MQTT_STATE_CONNECTING);

  rc = MQTTAsync_connect (self->link->client, &opts);
  if (rc != MQTTASYNC_SUCCESS)
    {
      g_autofree char *message = g_strdup_printf ("connect to %s: %s (code %d)", self->config.url,
                                                  MQTTAsync_strerror (rc), rc);

      set_last_error (self, message);
      schedule_retry (self);
    }
}

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

/* Drops the current paho client; anything it still calls back is ignored.
 * Messages it held unconfirmed are queued again, at the front: sending one
 * twice is better than losing it. */
static void
retire_link (TwinMqtt *self)
{
  Link *link = g_steal_pointer (&self->link);
  g_autoptr(GPtrArray) flights = NULL;

  if (link == NULL)
    return;

  g_clear_handle_id (&self->retry_id, g_source_remove);
  link->owner = NULL;
  /* Not from a callback, so this cannot deadlock; once it returns no
   * callback of this client runs any more. */
  MQTTAsync_destroy (&link->client);

  flights = g_ptr_array_new ();
  {
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init (&iter, self->flights);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      g_ptr_array_add (flights, key);
    g_hash_table_steal_all (self->flights);
  }
  for (guint i = flights->len; i > 0; i--)
    {
      Flight *flight = g_ptr_array_index (flights, i - 1);

      if (!flight->orphaned && flight->msg != NULL && !flight->msg->goodbye)
        requeue_head (self, g_steal_pointer (&flight->msg));
    }
  /* Events still queued may point at these flights: free them there. */
  {
    Event *ev;

    while ((ev = g_async_queue_try_pop (link->events)) != NULL)
      {
        if (ev->flight != NULL)
          ev->flight = NULL;
        event_free (ev);
      }
  }
  for (guint i = 0; i < flights->len; i++)
    flight_free (g_ptr_array_index (flights, i));

  self->in_flight = 0;
  self->in_flight_q0 = 0;
  link_unref (link);
}

static void
forget_journal_ids (GQueue *queue)
{
  for (GList *l = queue->head; l != NULL; l = l->next)
    ((Msg *)l->data)->journal_id = 0;
}

static Msg *
msg_from_entry (TwinMqttJournalEntry *entry)
{
  Msg *msg = g_new0 (Msg, 1);

  msg->kind = entry->kind;
  msg->suffix = entry->kind == MSG_STATE ? STATE_SUFFIX : entry->kind == MSG_ALARM ? "alarms" : "cmd/result";
  msg->payload = g_steal_pointer (&entry->payload);
  msg->length = entry->length;
  msg->qos = entry->qos;
  msg->retained = entry->retained;
  msg->seq = entry->seq;
  msg->journal_id = entry->id;
  return msg;
}

/* The queue file of the client id: what a previous run left in it goes
 * first, before anything queued since, and msg_seq goes on from it. The
 * queue of a generated client id (it names the PID) lives in memory only:
 * no later run could find it. */
static void
switch_journal (TwinMqtt *self)
{
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  guint64 last_seq = 0;

  if (self->config.client_id != NULL)
    path = twin_mqtt_journal_path (self->config.client_id);
  if (self->journal != NULL && g_strcmp0 (twin_mqtt_journal_get_path (self->journal), path) == 0)
    return;

  /* What the old file holds goes out under the new id: it leaves the old. */
  if (self->journal != NULL)
    {
      g_autoptr(GPtrArray) none = g_ptr_array_new ();

      twin_mqtt_journal_rewrite (self->journal, self->state_seq, none, NULL);
      g_clear_pointer (&self->journal, twin_mqtt_journal_close);
      forget_journal_ids (&self->states);
      forget_journal_ids (&self->priority);
    }
  if (path == NULL)
    return;

  self->journal = twin_mqtt_journal_open (path, &entries, &last_seq, &error);
  if (self->journal == NULL)
    {
      journal_failed (self, error);
      return;
    }

  for (guint i = entries->len; i > 0; i--)
    {
      TwinMqttJournalEntry *entry = g_ptr_array_index (entries, i - 1);

      if (entry->kind != MSG_STATE && entry->kind != MSG_ALARM && entry->kind != MSG_REPLY)
        continue;
      requeue_head (self, msg_from_entry (entry));
    }
  if (entries->len > 0)
    g_debug ("%s: %u messages from %s", self->config.prefix, entries->len, path);

  self->state_seq = MAX (self->state_seq, last_seq);
  for (GList *l = self->priority.head; l != NULL; l = l->next)
    journal_add (self, l->data);
  for (GList *l = self->states.head; l != NULL; l = l->next)
    journal_add (self, l->data);
  while (waiting (self) > self->config.queue_limit && self->states.length > 0)
    drop_oldest_state (self);
  queue_notify_counters (self);
}

static void
stop_timers (TwinMqtt *self)
{
  g_clear_handle_id (&self->state_timer_id, g_source_remove);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_clear_handle_id (&self->restart_id, g_source_remove);
}

static gboolean
state_timer_cb (gpointer data)
{
  twin_mqtt_publish_state (data);
  return G_SOURCE_CONTINUE;
}

static void
start_state_timer (TwinMqtt *self)
{
  GSource *source;

  g_clear_handle_id (&self->state_timer_id, g_source_remove);
  source = g_timeout_source_new ((guint)MAX (1, lround (1000.0 / self->config.rate)));
  g_source_set_callback (source, state_timer_cb, self, NULL);
  self->state_timer_id = g_source_attach (source, self->context);
  g_source_unref (source);
}

static void
alarm_cb (TwinEngine           *engine,
          const TwinAlarmEvent *event,
          TwinMqtt             *self)
{
  cJSON *root;
  char *text;

  if (self->link == NULL)
    return;

  root = cJSON_CreateObject ();
  cJSON_AddStringToObject (root, "alarm", twin_alarm_get_name (event->alarm));
  cJSON_AddBoolToObject (root, "raised", event->raised);
  cJSON_AddItemToObject (root, "timestamp", twin_json_number (event->timestamp));
  cJSON_AddItemToObject (root, "value", twin_json_number (event->value));
  cJSON_AddStringToObject (root, "title", twin_alarm_get_title (event->alarm));
  text = cJSON_PrintUnformatted (root);
  enqueue (self, MSG_ALARM, "alarms", g_strdup (text), 1, FALSE, 0);
  cJSON_free (text);
  cJSON_Delete (root);
}

/* Restarts the connection with the new settings, once the old one has
 * said offline and closed. */
static void
disconnect_now (TwinMqtt *self)
{
  stop_timers (self);
  retire_link (self);
  self->disconnecting = FALSE;
  set_state (self, TWIN_MQTT_STATE_OFF);
  queue_notify_counters (self);
}

static gboolean
restart_cb (gpointer data)
{
  TwinMqtt *self = data;

  self->restart_id = 0;
  disconnect_now (self);
  if (self->enabled)
    twin_mqtt_start (self);
  return G_SOURCE_REMOVE;
}

static void
queue_restart (TwinMqtt *self)
{
  GSource *source;

  if (self->link == NULL || self->restart_id != 0)
    return;

  source = g_idle_source_new ();
  g_source_set_callback (source, restart_cb, self, NULL);
  self->restart_id = g_source_attach (source, self->context);
  g_source_unref (source);
}

static gboolean
set_string_field (TwinMqtt    *self,
                  gsize        offset,
                  const char  *value)
{
  g_auto(TwinMqttConfig) config = { 0 };
  g_autoptr(GError) error = NULL;
  char **field;

  twin_mqtt_config_copy (&config, &self->config);
  field = G_STRUCT_MEMBER_P (&config, offset);
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value && *value ? value : NULL);

  if (!twin_mqtt_set_config (self, &config, &error))
    {
      set_last_error (self, error->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
set_number_field (TwinMqtt *self,
                  guint     prop_id,
                  double    value)
{
  g_auto(TwinMqttConfig) config = { 0 };
  g_autoptr(GError) error = NULL;

  twin_mqtt_config_copy (&config, &self->config);
  switch (prop_id)
    {
    case PROP_KEEP_ALIVE: config.keep_alive = (guint)value; break;
    case PROP_QOS: config.qos = (guint)value; break;
    case PROP_RATE: config.rate = value; break;
    case PROP_QUEUE_LIMIT: config.queue_limit = (guint)value; break;
    default: g_assert_not_reached ();
    }

  if (!twin_mqtt_set_config (self, &config, &error))
    {
      set_last_error (self, error->message);
      return FALSE;
    }
  return TRUE;
}

static void
twin_mqtt_dispose (GObject *object)
{
  TwinMqtt *self = (TwinMqtt *)object;

  stop_timers (self);
  g_clear_handle_id (&self->notify_id, g_source_remove);
  retire_link (self);
  /* What is still queued stays in the file, for the next run. */
  g_clear_pointer (&self->journal, twin_mqtt_journal_close);
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_clear_object (&self->engine);
  g_queue_clear_full (&self->states, (GDestroyNotify)msg_free);
  g_queue_clear_full (&self->priority, (GDestroyNotify)msg_free);

  G_OBJECT_CLASS (twin_mqtt_parent_class)->dispose (object);
}

static void
twin_mqtt_finalize (GObject *object)
{
  TwinMqtt *self = (TwinMqtt *)object;

  twin_mqtt_config_clear (&self->config);
  g_clear_pointer (&self->last_error, g_free);
  g_clear_pointer (&self->state_topic, g_free);
  g_clear_pointer (&self->flights, g_hash_table_unref);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (twin_mqtt_parent_class)->finalize (object);
}

static void
twin_mqtt_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  TwinMqtt *self = TWIN_MQTT (object);

  switch (prop_id)
    {
    case PROP_ENGINE: g_value_set_object (value, self->engine); break;
    case PROP_ENABLED: g_value_set_boolean (value, self->enabled); break;
    case PROP_URL: g_value_set_string (value, self->config.url); break;
    case PROP_PREFIX: g_value_set_string (value, self->config.prefix); break;
    case PROP_CLIENT_ID: g_value_set_string (value, self->config.client_id); break;
    case PROP_USERNAME: g_value_set_string (value, self->config.username); break;
    case PROP_CA_FILE: g_value_set_string (value, self->config.ca_file); break;
    case PROP_CERT_FILE: g_value_set_string (value, self->config.cert_file); break;
    case PROP_KEY_FILE: g_value_set_string (value, self->config.key_file); break;
    case PROP_KEEP_ALIVE: g_value_set_uint (value, self->config.keep_alive); break;
    case PROP_QOS: g_value_set_uint (value, self->config.qos); break;
    case PROP_RATE: g_value_set_double (value, self->config.rate); break;
    case PROP_QUEUE_LIMIT: g_value_set_uint (value, self->config.queue_limit); break;
    case PROP_STATE: g_value_set_string (value, twin_mqtt_state_to_string (self->state)); break;
    case PROP_LAST_ERROR: g_value_set_string (value, self->last_error); break;
    case PROP_PUBLISHED: g_value_set_uint64 (value, self->published); break;
    case PROP_QUEUED: g_value_set_uint (value, twin_mqtt_get_queued (self)); break;
    case PROP_DROPPED: g_value_set_uint64 (value, self->dropped); break;
    case PROP_RECONNECTS: g_value_set_uint (value, self->reconnects); break;
    case PROP_COMMANDS_APPLIED: g_value_set_uint64 (value, self->commands_applied); break;
    case PROP_COMMANDS_REFUSED: g_value_set_uint64 (value, self->commands_refused); break;
    case PROP_READINGS_ACCEPTED: g_value_set_uint64 (value, self->readings_accepted); break;
    case PROP_READINGS_REFUSED: g_value_set_uint64 (value, self->readings_refused); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
twin_mqtt_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  TwinMqtt *self = TWIN_MQTT (object);
  gboolean changed = FALSE;

  switch (prop_id)
    {
    case PROP_ENGINE:
      self->engine = g_value_dup_object (value);
      break;

    case PROP_ENABLED:
      if (g_value_get_boolean (value) != self->enabled)
        {
          if (g_value_get_boolean (value))
            twin_mqtt_start (self);
          else
            twin_mqtt_stop (self);
        }
      break;

    case PROP_URL:
      changed = set_string_field (self, G_STRUCT_OFFSET (TwinMqttConfig, url), g_value_get_string (value));
      break;
    case PROP_PREFIX:
      changed = set_string_field (self, G_STRUCT_OFFSET (TwinMqttConfig, prefix), g_value_get_string (value));
      break;
    case PROP_CLIENT_ID:
      changed = set_string_field (self, G_STRUCT_OFFSET (TwinMqttConfig, client_id), g_value_get_string (value));
      break;
    case PROP_USERNAME:
      changed = set_string_field (self, G_STRUCT_OFFSET (TwinMqttConfig, username), g_value_get_string (value));
      break;
    case PROP_PASSWORD:
      /* Written, never read back nor notified with its value. */
      set_string_field (self, G_STRUCT_OFFSET (TwinMqttConfig, password), g_value_get_string (value));
      break;
    case PROP_CA_FILE:
      changed = set_string_field (self, G_STRUCT_OFFSET (TwinMqttConfig, ca_file), g_value_get_string (value));
      break;
    case PROP_CERT_FILE:
      changed = set_string_field (self, G_STRUCT_OFFSET (TwinMqttConfig, cert_file), g_value_get_string (value));
      break;
    case PROP_KEY_FILE:
      changed = set_string_field (self, G_STRUCT_OFFSET (TwinMqttConfig, key_file), g_value_get_string (value));
      break;
    case PROP_KEEP_ALIVE:
      changed = self->config.keep_alive != g_value_get_uint (value) &&
                set_number_field (self, prop_id, g_value_get_uint (value));
      break;
    case PROP_QOS:
      changed = self->config.qos != g_value_get_uint (value) &&
                set_number_field (self, prop_id, g_value_get_uint (value));
      break;
    case PROP_RATE:
      changed = self->config.rate != g_value_get_double (value) &&
                set_number_field (self, prop_id, g_value_get_double (value));
      break;
    case PROP_QUEUE_LIMIT:
      changed = self->config.queue_limit != g_value_get_uint (value) &&
                set_number_field (self, prop_id, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }

  if (changed)
    g_object_notify_by_pspec (object, pspec);
}

static void
twin_mqtt_class_init (TwinMqttClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = twin_mqtt_dispose;
  object_class->finalize = twin_mqtt_finalize;
  object_class->get_property = twin_mqtt_get_property;
  object_class->set_property = twin_mqtt_set_property;

  properties[PROP_ENGINE] =
    g_param_spec_object ("engine", NULL, NULL, TWIN_TYPE_ENGINE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ENABLED] =
    g_param_spec_boolean ("enabled", NULL, NULL, FALSE, rw);
  properties[PROP_URL] =
    g_param_spec_string ("url", NULL, NULL, TWIN_MQTT_DEFAULT_URL, rw);
  properties[PROP_PREFIX] =
    g_param_spec_string ("prefix", NULL, NULL, TWIN_MQTT_DEFAULT_PREFIX, rw);
  properties[PROP_CLIENT_ID] =
    g_param_spec_string ("client-id", NULL, NULL, NULL, rw);
  properties[PROP_USERNAME] =
    g_param_spec_string ("username", NULL, NULL, NULL, rw);
  properties[PROP_PASSWORD] =
    g_param_spec_string ("password", NULL, NULL, NULL,
                         G_PARAM_WRITABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CA_FILE] =
    g_param_spec_string ("ca-file", NULL, NULL, NULL, rw);
  properties[PROP_CERT_FILE] =
    g_param_spec_string ("cert-file", NULL, NULL, NULL, rw);
  properties[PROP_KEY_FILE] =
    g_param_spec_string ("key-file", NULL, NULL, NULL, rw);
  properties[PROP_KEEP_ALIVE] =
    g_param_spec_uint ("keep-alive", NULL, NULL, TWIN_MQTT_KEEP_ALIVE_MIN, TWIN_MQTT_KEEP_ALIVE_MAX,
                       TWIN_MQTT_DEFAULT_KEEP_ALIVE, rw);
  properties[PROP_QOS] =
    g_param_spec_uint ("qos", NULL, NULL, 0, 2, TWIN_MQTT_DEFAULT_QOS, rw);
  properties[PROP_RATE] =
    g_param_spec_double ("rate", NULL, NULL, TWIN_MQTT_RATE_MIN, TWIN_MQTT_RATE_MAX,
                         TWIN_MQTT_DEFAULT_RATE, rw);
  properties[PROP_QUEUE_LIMIT] =
    g_param_spec_uint ("queue-limit", NULL, NULL, TWIN_MQTT_QUEUE_LIMIT_MIN, TWIN_MQTT_QUEUE_LIMIT_MAX,
                       TWIN_MQTT_DEFAULT_QUEUE_LIMIT, rw);

  /**
   * TwinMqtt:state:
   *
   * "off", "connecting" (no connection yet), "connected" or
   * "disconnected" (lost, reconnecting).
   */
  properties[PROP_STATE] =
    g_param_spec_string ("state", NULL, NULL, "off", ro);
  properties[PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL, NULL, ro);
  properties[PROP_PUBLISHED] =
    g_param_spec_uint64 ("published", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_QUEUED] =
    g_param_spec_uint ("queued", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_DROPPED] =
    g_param_spec_uint64 ("dropped", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_RECONNECTS] =
    g_param_spec_uint ("reconnects", NULL, NULL, 0, G_MAXUINT, 0, ro);

  /**
   * TwinMqtt:commands-applied:
   *
   * Commands received on <prefix>/cmd and applied; #TwinMqtt:commands-refused
   * counts the others (invalid, retained, too large, or the inbox full).
   * Each got one reply either way.
   */
  properties[PROP_COMMANDS_APPLIED] =
    g_param_spec_uint64 ("commands-applied", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_COMMANDS_REFUSED] =
    g_param_spec_uint64 ("commands-refused", NULL, NULL, 0, G_MAXUINT64, 0, ro);

  /**
   * TwinMqtt:readings-accepted:
   *
   * Sensor readings received on <prefix>/sensors and kept by the shadow;
   * #TwinMqtt:readings-refused counts the others, for the same reasons
   * as commands.
   */
  properties[PROP_READINGS_ACCEPTED] =
    g_param_spec_uint64 ("readings-accepted", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_READINGS_REFUSED] =
    g_param_spec_uint64 ("readings-refused", NULL, NULL, 0, G_MAXUINT64, 0, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
twin_mqtt_init (TwinMqtt *self)
{
  twin_mqtt_config_init (&self->config);
  self->context = g_main_context_ref_thread_default ();
  self->state_topic = topic_for (self, STATE_SUFFIX);
  self->flights = g_hash_table_new (NULL, NULL);
  self->backoff = TWIN_MQTT_RECONNECT_MIN;
  g_queue_init (&self->states);
  g_queue_init (&self->priority);
}

/* Public API. */

const char *
twin_mqtt_state_to_string (TwinMqttState state)
{
  switch (state)
    {
    case TWIN_MQTT_STATE_OFF: return "off";
    case TWIN_MQTT_STATE_CONNECTING: return "connecting";
    case TWIN_MQTT_STATE_CONNECTED: return "connected";
    case TWIN_MQTT_STATE_DISCONNECTED: return "disconnected";
    default: g_return_val_if_reached ("off");
    }
}

/**
 * twin_mqtt_new:
 *
 * Returns: a mirror of @engine, off until twin_mqtt_start() or
 *   #TwinMqtt:enabled; its callbacks run on the thread-default main
 *   context of the caller.
 */
TwinMqtt *
twin_mqtt_new (TwinEngine *engine)
{
  TwinMqtt *self;

  g_return_val_if_fail (TWIN_IS_ENGINE (engine), NULL);

  self = g_object_new (TWIN_TYPE_MQTT, "engine", engine, NULL);
  g_signal_connect (engine, "alarm", G_CALLBACK (alarm_cb), self);
  return self;
}

TwinEngine *
twin_mqtt_get_engine (TwinMqtt *self)
{
  g_return_val_if_fail (TWIN_IS_MQTT (self), NULL);
  return self->engine;
}

/**
 * twin_mqtt_set_config:
 *
 * Validates @config whole and takes it, or changes nothing. A running
 * connection is closed cleanly and opened again with it when anything but
 * the rate, the QoS or the queue limit changed; those apply at once.
 */
gboolean
twin_mqtt_set_config (TwinMqtt              *self,
                      const TwinMqttConfig  *config,
                      GError               **error)
{
  TwinMqttConfig old;
  gboolean reconnect;

  g_return_val_if_fail (TWIN_IS_MQTT (self), FALSE);
  g_return_val_if_fail (config != NULL, FALSE);

  if (!twin_mqtt_config_validate (config, error))
    return FALSE;

  old = self->config;
  twin_mqtt_config_copy (&self->config, config);
  g_free (self->state_topic);
  self->state_topic = topic_for (self, STATE_SUFFIX);

  reconnect = g_strcmp0 (old.url, config->url) != 0 ||
              g_strcmp0 (old.prefix, config->prefix) != 0 ||
              g_strcmp0 (old.client_id, config->client_id) != 0 ||
              g_strcmp0 (old.username, config->username) != 0 ||
              g_strcmp0 (old.password, config->password) != 0 ||
              g_strcmp0 (old.ca_file, config->ca_file) != 0 ||
              g_strcmp0 (old.cert_file, config->cert_file) != 0 ||
              g_strcmp0 (old.key_file, config->key_file) != 0 ||
              old.keep_alive != config->keep_alive ||
              old.window != config->window;

  if (self->state_timer_id != 0 && old.rate != config->rate)
    start_state_timer (self);

  while (waiting (self) > self->config.queue_limit && self->states.length > 0)
    drop_oldest_state (self);

  twin_mqtt_config_clear (&old);

  if (reconnect)
    queue_restart (self);
  pump (self);
  queue_notify_counters (self);

  return TRUE;
}

/**
 * twin_mqtt_get_config:
 * @config: (out caller-allocates): a copy, to clear with
 *   twin_mqtt_config_clear()
 */
void
twin_mqtt_get_config (TwinMqtt       *self,
                      TwinMqttConfig *config)
{
  g_return_if_fail (TWIN_IS_MQTT (self));

  twin_mqtt_config_copy (config, &self->config);
}

/**
 * twin_mqtt_start:
 *
 * Connects in the background and starts publishing at the configured
 * rate. It never blocks: without a broker the state is "connecting" with
 * the last error, the states wait in the queue, and it keeps trying.
 */
void
twin_mqtt_start (TwinMqtt *self)
{
  MQTTAsync_createOptions create = MQTTAsync_createOptions_initializer;
  g_autofree char *uri = NULL;
  g_autofree char *client_id = NULL;
  Link *link;
  int rc;

  g_return_if_fail (TWIN_IS_MQTT (self));

  if (!self->enabled)
    {
      self->enabled = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENABLED]);
    }

  if (self->link != NULL || self->disconnecting)
    return;

  switch_journal (self);

  uri = paho_uri (self->config.url);
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
  link->cmd_topic = topic_for (self, "cmd");
  link->sensors_topic = topic_for (self, "sensors");

  rc = MQTTAsync_createWithOptions (&link->client, uri, client_id, MQTTCLIENT_PERSISTENCE_NONE,
                                    NULL, &create);
  if (rc != MQTTASYNC_SUCCESS)
    {
      g_autofree char *message = g_strdup_printf ("client for %s: %s (code %d)", self->config.url,
                                                  MQTTAsync_strerror (rc), rc);

      set_last_error (self, message);
      set_state (self, TWIN_MQTT_STATE_OFF);
      link_unref (link);
      return;
    }

  MQTTAsync_setCallbacks (link->client, link, on_connection_lost, on_message, NULL);
  self->link = link;
  self->ever_connected = FALSE;
  self->backoff = TWIN_MQTT_RECONNECT_MIN;

  start_state_timer (self);
  connect_now (self);
}

/**
 * twin_mqtt_stop:
 *
 * Drops the connection at once, without waiting for the broker (it then
 * publishes the last will, offline). For a clean goodbye, see
 * twin_mqtt_shutdown(). Queued messages stay queued.
 */
void
twin_mqtt_stop (TwinMqtt *self)
{
  g_return_if_fail (TWIN_IS_MQTT (self));

  if (self->enabled)
    {
      self->enabled = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENABLED]);
    }
  disconnect_now (self);
}

static gboolean
shutdown_timeout_cb (gpointer data)
{
  gboolean *timed_out = data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/**
 * twin_mqtt_shutdown:
 * @timeout_ms: how long to wait for the broker
 *
 * Publishes offline on <prefix>/status, waits for what is in flight and
 * disconnects cleanly, iterating the main context for at most
 * @timeout_ms. For the end of the process.
 *
 * Returns: %TRUE if the broker acknowledged the goodbye in time
 */
gboolean
twin_mqtt_shutdown (TwinMqtt *self,
                    guint     timeout_ms)
{
  MQTTAsync_disconnectOptions opts = MQTTAsync_disconnectOptions_initializer;
  MQTTAsync_responseOptions ro = MQTTAsync_responseOptions_initializer;
  MQTTAsync_message pubmsg = MQTTAsync_message_initializer;
  g_autofree char *topic = NULL;
  gboolean timed_out = FALSE;
  guint timeout_id;
  Flight *flight;
  Msg *msg;

  g_return_val_if_fail (TWIN_IS_MQTT (self), FALSE);

  stop_timers (self);
  if (self->enabled)
    {
      self->enabled = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENABLED]);
    }

  if (self->link == NULL || self->state != TWIN_MQTT_STATE_CONNECTED)
    {
      disconnect_now (self);
      return FALSE;
    }

  /* Nothing new goes out; offline goes now, past the queue. */
  self->disconnecting = TRUE;
  self->goodbye_acked = FALSE;

  msg = g_new0 (Msg, 1);
  msg->kind = MSG_STATUS;
  msg->suffix = "status";
  msg->payload = g_strdup ("offline");
  msg->length = strlen (msg->payload);
  msg->qos = 1;
  msg->retained = TRUE;
  msg->goodbye = TRUE;

  flight = g_new0 (Flight, 1);
  flight->link = link_ref (self->link);
  flight->msg = msg;
  g_hash_table_add (self->flights, flight);
  self->in_flight++;

  topic = topic_for (self, "status");
  pubmsg.payload = msg->payload;
  pubmsg.payloadlen = (int)msg->length;
  pubmsg.qos = 1;
  pubmsg.retained = 1;
  ro.onSuccess = on_send_success;
  ro.onFailure = on_send_failure;
  ro.context = flight;

  timeout_id = g_timeout_add_full (G_PRIORITY_DEFAULT, timeout_ms, shutdown_timeout_cb, &timed_out, NULL);

  /* Wait for the broker's acknowledgements ourselves: paho's disconnect
   * timeout polls its queue only once a second. */
  if (MQTTAsync_sendMessage (self->link->client, topic, &pubmsg, &ro) == MQTTASYNC_SUCCESS)
    {
      while (self->in_flight > 0 && !timed_out)
        g_main_context_iteration (self->context, TRUE);
    }
  else
    {
      g_hash_table_remove (self->flights, flight);
      self->in_flight--;
      flight_free (flight);
    }

  opts.timeout = 0;
  opts.onSuccess = on_disconnect_success;
  opts.onFailure = on_disconnect_failure;
  opts.context = self->link;
  if (!timed_out && MQTTAsync_disconnect (self->link->client, &opts) == MQTTASYNC_SUCCESS)
    while (self->disconnecting && !timed_out)
      g_main_context_iteration (self->context, TRUE);

  if (!timed_out)
    g_source_remove (timeout_id);

  disconnect_now (self);

  return self->goodbye_acked;
}

/**
 * twin_mqtt_publish_state:
 *
 * Takes a snapshot of the engine and queues it for <prefix>/state, with
 * the next "msg_seq". The rate timer calls this; so may a benchmark.
 */
void
twin_mqtt_publish_state (TwinMqtt *self)
{
  TwinSnapshot snapshot;

  g_return_if_fail (TWIN_IS_MQTT (self));

  twin_engine_get_snapshot (self->engine, &snapshot);
  self->state_seq++;
  enqueue (self, MSG_STATE, STATE_SUFFIX, twin_json_encode_mqtt_state (&snapshot, self->state_seq),
           (int)self->config.qos, TRUE, self->state_seq);
}

TwinMqttState
twin_mqtt_get_state (TwinMqtt *self)
{
  g_return_val_if_fail (TWIN_IS_MQTT (self), TWIN_MQTT_STATE_OFF);
  return self->state;
}

const char *
twin_mqtt_get_last_error (TwinMqtt *self)
{
  g_return_val_if_fail (TWIN_IS_MQTT (self), NULL);
  return self->last_error;
}

guint64
twin_mqtt_get_published (TwinMqtt *self)
{
  g_return_val_if_fail (TWIN_IS_MQTT (self), 0);
  return self->published;
}

/**
 * twin_mqtt_get_queued:
 *
 * Returns: messages waiting or in flight, not yet confirmed by the broker
 */
guint
twin_mqtt_get_queued (TwinMqtt *self)
{
  g_return_val_if_fail (TWIN_IS_MQTT (self), 0);
  return waiting (self) + self->in_flight;
}

guint
twin_mqtt_get_in_flight (TwinMqtt *self)
{
  g_return_val_if_fail (TWIN_IS_MQTT (self), 0);
  return self->in_flight;
}

guint64
twin_mqtt_get_dropped (TwinMqtt *self)
{
  g_return_val_if_fail (TWIN_IS_MQTT (self), 0);
  return self->dropped;
}

guint
twin_mqtt_get_reconnects (TwinMqtt *self)
{
  g_return_val_if_fail (TWIN_IS_MQTT (self), 0);
  return self->reconnects;
}

/**
 * twin_mqtt_get_inbox_bytes:
 *
 * Returns: the bytes (with a fixed overhead each) of received messages
 *   waiting for the main context; any thread may ask
 */
guint
twin_mqtt_get_inbox_bytes (TwinMqtt *self)
{
  g_return_val_if_fail (TWIN_IS_MQTT (self), 0);
  return self->link ? (guint)g_atomic_int_get (&self->link->inbox_bytes) : 0;
}

/**
 * twin_mqtt_get_state_seq:
 *
 * Returns: the "msg_seq" of the last state queued
 */
guint64
twin_mqtt_get_state_seq (TwinMqtt *self)
{
  g_return_val_if_fail (TWIN_IS_MQTT (self), 0);
  return self->state_seq;
}

/**
 * twin_mqtt_get_stats:
 * @stats: (out caller-allocates): the counters and gauges, as /metrics
 *   reports them
 */
void
twin_mqtt_get_stats (TwinMqtt      *self,
                     TwinMqttStats *stats)
{
  g_return_if_fail (TWIN_IS_MQTT (self));
  g_return_if_fail (stats != NULL);

  *stats = (TwinMqttStats) {
    .published = self->published,
    .dropped = self->dropped,
    .reconnects = self->reconnects,
    .commands_applied = self->commands_applied,
    .commands_refused = self->commands_refused,
    .readings_accepted = self->readings_accepted,
    .readings_refused = self->readings_refused,
    .queued = twin_mqtt_get_queued (self),
    .in_flight = self->in_flight,
    .inbox_bytes = twin_mqtt_get_inbox_bytes (self),
    .state_seq = self->state_seq,
  };
}
