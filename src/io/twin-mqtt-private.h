/* twin-mqtt-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the files of the MQTT mirror share: its fields, the messages and
 * flights of its queue, and the events paho's threads post.
 *
 *   twin-mqtt.c             the GObject: properties, configuration, counters
 *   twin-mqtt-link.c        paho's threads: callbacks copy and post, the
 *                           main context dispatches
 *   twin-mqtt-connection.c  connect, back-off, events, restart, shutdown
 *   twin-mqtt-queue.c       the queue, in memory and in its file
 *   twin-mqtt-flights.c     the in-flight window: what paho holds
 *   twin-mqtt-inbox.c       commands and sensor readings received
 *   twin-mqtt-publish.c     states, alarms and status published
 */

#pragma once

#include <MQTTAsync.h>

#include "twin-mqtt-journal.h"
#include "twin-mqtt.h"
#include "twin-training.h"
#include "twin-whatif.h"

G_BEGIN_DECLS

/* Room above the window in paho's own limits, for the status message of a
 * clean shutdown which does not wait its turn. */
#define PAHO_MARGIN 10
#define QOS0_WINDOW_FACTOR 5

/* The topic suffix of states, compared by address: their topic is kept. */
extern const char _twin_mqtt_state_suffix[];

typedef enum
{
  MSG_STATE,
  MSG_ALARM,
  MSG_STATUS,
  MSG_REPLY,
  MSG_EVENT,    /* last: the queue file stores kinds by number */
} MsgKind;

typedef struct
{
  MsgKind     kind;
  const char *suffix;     /* topic below the prefix, a literal */
  char       *payload;
  gsize       length;
  int         qos;
  gboolean    retained;
  gboolean    goodbye;    /* offline, at a clean shutdown */
  guint64     seq;        /* msg_seq of a state */
  guint64     journal_id; /* 0: not in the queue file */
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
  INBOX_PREDICT,
  INBOX_ADVISE,
  INBOX_SCENARIO,
  INBOX_RECORDING,
  N_INBOX_KINDS
} InboxKind;

/* A topic the mirror subscribes to, by kind (none for INBOX_OTHER). */
typedef struct
{
  const char *suffix;
  int         qos;
  gsize       max_size;  /* larger payloads are refused unread */
} InboxTopic;

extern const InboxTopic _twin_mqtt_inbox_topics[N_INBOX_KINDS];

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
  char            *topics[N_INBOX_KINDS];  /* immutable, read by paho's threads */
  MQTTAsync        client;
};

struct _TwinMqtt
{
  GObject          parent_instance;

  TwinEngine      *engine;
  GMainContext    *context;
  TwinMqttConfig   config;
  gboolean         enabled;

  Link            *link;
  TwinMqttJournal *journal;      /* the queue on disk, with a client id */
  GHashTable      *flights;      /* Flight*, of the current link */
  guint            in_flight;    /* not orphaned */
  guint            in_flight_q0; /* of which QoS 0 */
  gboolean         ever_connected;
  gboolean         disconnecting;
  gboolean         goodbye_acked;
  guint            backoff;      /* s until the next attempt */
  guint            retry_id;
  guint            state_timer_id;
  guint            restart_id;
  guint            notify_id;

  GQueue           states;       /* Msg* */
  GQueue           priority;     /* Msg*: alarms, status, replies */

  TwinMqttState    state;
  char            *last_error;
  guint64          published;
  guint64          dropped;
  guint            reconnects;
  guint64          commands_applied;
  guint64          commands_refused;
  guint64          readings_accepted;
  guint64          readings_refused;
  guint64          state_seq;
  char            *state_topic;
  TwinMqttStats    notified;     /* the counters as last notified */

  TwinOutlook     *outlook;      /* NULL: no forecast in the state */
  char            *forecast;     /* the state's "forecast", as text; NULL for null */
  TwinWhatIf      *whatif;       /* made at the first predict or advise */
  TwinTraining    *training;     /* shared, or made at the first scenario request */
  TwinRecordings  *recordings;   /* shared, or made at the first recording request */
};

/* twin-mqtt.c */
void      _twin_mqtt_set_state             (TwinMqtt             *self,
                                            TwinMqttState         state);
void      _twin_mqtt_set_last_error        (TwinMqtt             *self,
                                            const char           *message);
void      _twin_mqtt_set_enabled           (TwinMqtt             *self,
                                            gboolean              enabled);
void      _twin_mqtt_count_reconnect       (TwinMqtt             *self);
void      _twin_mqtt_queue_notify_counters (TwinMqtt             *self);
char     *_twin_mqtt_topic                 (TwinMqtt             *self,
                                            const char           *suffix);

/* twin-mqtt-link.c */
Link     *_twin_mqtt_link_new              (TwinMqtt             *self,
                                            GError              **error);
Link     *_twin_mqtt_link_ref              (Link                 *link);
void      _twin_mqtt_link_unref            (Link                 *link);
void      _twin_mqtt_link_close            (Link                 *link);
int       _twin_mqtt_link_connect          (Link                 *link,
                                            MQTTAsync_connectOptions *opts);
int       _twin_mqtt_link_send             (Link                 *link,
                                            const char           *topic,
                                            Flight               *flight);
int       _twin_mqtt_link_disconnect       (Link                 *link);

/* twin-mqtt-connection.c */
void      _twin_mqtt_handle_event          (TwinMqtt             *self,
                                            Event                *ev);
void      _twin_mqtt_stop_timers           (TwinMqtt             *self);
void      _twin_mqtt_retire_link           (TwinMqtt             *self);
void      _twin_mqtt_queue_restart         (TwinMqtt             *self);

/* twin-mqtt-queue.c */
Msg      *_twin_mqtt_msg_new               (MsgKind               kind,
                                            const char           *suffix,
                                            char                 *payload,
                                            int                   qos,
                                            gboolean              retained);
void      _twin_mqtt_msg_free              (Msg                  *msg);
guint     _twin_mqtt_waiting               (TwinMqtt             *self);
void      _twin_mqtt_enqueue               (TwinMqtt             *self,
                                            Msg                  *msg);
void      _twin_mqtt_requeue_head          (TwinMqtt             *self,
                                            Msg                  *msg);
void      _twin_mqtt_trim_queue            (TwinMqtt             *self);
void      _twin_mqtt_clear_queue           (TwinMqtt             *self);
void      _twin_mqtt_journal_forget        (TwinMqtt             *self,
                                            Msg                  *msg);
void      _twin_mqtt_switch_journal        (TwinMqtt             *self);

/* twin-mqtt-flights.c */
void      _twin_mqtt_flight_free           (Flight               *flight);
void      _twin_mqtt_pump                  (TwinMqtt             *self);
void      _twin_mqtt_flight_landed         (TwinMqtt             *self,
                                            Flight               *flight,
                                            const char           *error);
void      _twin_mqtt_orphan_qos0           (TwinMqtt             *self);
void      _twin_mqtt_take_back_flights     (TwinMqtt             *self);
gboolean  _twin_mqtt_send_now              (TwinMqtt             *self,
                                            Msg                  *msg);

/* twin-mqtt-inbox.c */
void      _twin_mqtt_handle_message        (TwinMqtt             *self,
                                            const Event          *ev);
gboolean  _twin_mqtt_refused_unread        (const Event          *ev,
                                            gsize                 limit,
                                            GError              **error);

/* twin-mqtt-recording.c */
void      _twin_mqtt_handle_recording      (TwinMqtt             *self,
                                            const Event          *ev);

/* twin-mqtt-scenario.c */
void      _twin_mqtt_handle_scenario       (TwinMqtt             *self,
                                            const Event          *ev);

/* twin-mqtt-whatif.c */
void      _twin_mqtt_handle_whatif         (TwinMqtt             *self,
                                            const Event          *ev);

/* twin-mqtt-publish.c */
void      _twin_mqtt_start_state_timer     (TwinMqtt             *self);
void      _twin_mqtt_queue_greeting        (TwinMqtt             *self);
void      _twin_mqtt_watch_alarms          (TwinMqtt             *self);

G_END_DECLS
