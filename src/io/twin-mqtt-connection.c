/* twin-mqtt-connection.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The connection to the broker: connecting, reconnecting with back-off,
 * what paho's events mean for it, restarting with new settings, and a
 * clean goodbye at the end. On the main context only.
 */

#define G_LOG_DOMAIN "twin-mqtt"

#include "config.h"

#include "twin-mqtt-private.h"

#define CONNECT_TIMEOUT_S 10

static void connect_now (TwinMqtt *self);

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
connect_now (TwinMqtt *self)
{
  MQTTAsync_connectOptions opts = MQTTAsync_connectOptions_initializer;
  MQTTAsync_willOptions will = MQTTAsync_willOptions_initializer;
  MQTTAsync_SSLOptions ssl = MQTTAsync_SSLOptions_initializer;
  g_autofree char *will_topic = _twin_mqtt_topic (self, "status");
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

  if (g_str_has_prefix (self->config.url, "mqtts://"))
    {
      ssl.trustStore = self->config.ca_file;
      ssl.keyStore = self->config.cert_file;
      ssl.privateKey = self->config.key_file;
      ssl.enableServerCertAuth = 1;
      ssl.verify = 1;
      opts.ssl = &ssl;
    }

  _twin_mqtt_set_state (self, self->ever_connected ? TWIN_MQTT_STATE_DISCONNECTED : TWIN_MQTT_STATE_CONNECTING);

  rc = _twin_mqtt_link_connect (self->link, &opts);
  if (rc != MQTTASYNC_SUCCESS)
    {
      g_autofree char *message = g_strdup_printf ("connect to %s: %s (code %d)", self->config.url,
                                                  MQTTAsync_strerror (rc), rc);

      _twin_mqtt_set_last_error (self, message);
      schedule_retry (self);
    }
}

static void
subscribe (TwinMqtt *self)
{
  MQTTAsync_responseOptions ro = MQTTAsync_responseOptions_initializer;
  char *topics[N_INBOX_KINDS - 1];
  int qos[N_INBOX_KINDS - 1];
  int rc;

  for (guint kind = INBOX_OTHER + 1; kind < N_INBOX_KINDS; kind++)
    {
      topics[kind - 1] = self->link->topics[kind];
      qos[kind - 1] = _twin_mqtt_inbox_topics[kind].qos;
    }

  rc = MQTTAsync_subscribeMany (self->link->client, N_INBOX_KINDS - 1, topics, qos, &ro);
  if (rc != MQTTASYNC_SUCCESS)
    {
      g_autofree char *message = g_strdup_printf ("subscribe to %s: %s (code %d)", topics[0],
                                                  MQTTAsync_strerror (rc), rc);
      _twin_mqtt_set_last_error (self, message);
    }
}

static void
handle_connected (TwinMqtt *self)
{
  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->backoff = TWIN_MQTT_RECONNECT_MIN;

  _twin_mqtt_orphan_qos0 (self);
  if (self->ever_connected)
    _twin_mqtt_count_reconnect (self);
  self->ever_connected = TRUE;

  subscribe (self);
  _twin_mqtt_queue_greeting (self);

  _twin_mqtt_set_state (self, TWIN_MQTT_STATE_CONNECTED);
  _twin_mqtt_set_last_error (self, NULL);
  _twin_mqtt_pump (self);
}

/* A failed attempt or a lost connection: try again, after the back-off. */
static void
handle_failure (TwinMqtt      *self,
                const char    *what,
                const char    *error,
                TwinMqttState  state)
{
  g_autofree char *message = g_strdup_printf (what, self->config.url, error);

  _twin_mqtt_set_last_error (self, message);
  if (!self->disconnecting)
    {
      _twin_mqtt_set_state (self, state);
      schedule_retry (self);
    }
}

/* Drops the current paho client; anything it still calls back is ignored.
 * Messages it held unconfirmed are queued again, at the front. */
void
_twin_mqtt_retire_link (TwinMqtt *self)
{
  Link *link = g_steal_pointer (&self->link);

  if (link == NULL)
    return;

  g_clear_handle_id (&self->retry_id, g_source_remove);
  _twin_mqtt_link_close (link);
  _twin_mqtt_take_back_flights (self);
  _twin_mqtt_link_unref (link);
}

static void
finish_restart (TwinMqtt *self)
{
  _twin_mqtt_retire_link (self);
  self->disconnecting = FALSE;
  if (self->enabled)
    twin_mqtt_start (self);
}

void
_twin_mqtt_handle_event (TwinMqtt *self,
                         Event    *ev)
{
  switch (ev->kind)
    {
    case EV_CONNECTED:
      if (!self->disconnecting)
        handle_connected (self);
      break;

    case EV_CONNECT_FAILED:
      handle_failure (self, "connect to %s: %s", ev->error,
                      self->ever_connected ? TWIN_MQTT_STATE_DISCONNECTED : TWIN_MQTT_STATE_CONNECTING);
      break;

    case EV_LOST:
      handle_failure (self, "connection to %s lost: %s", ev->error, TWIN_MQTT_STATE_DISCONNECTED);
      break;

    case EV_MESSAGE:
      _twin_mqtt_handle_message (self, ev);
      break;

    case EV_SENT:
    case EV_SEND_FAILED:
      _twin_mqtt_flight_landed (self, g_steal_pointer (&ev->flight), ev->kind == EV_SENT ? NULL : ev->error);
      break;

    case EV_DISCONNECTED:
      if (self->disconnecting)
        finish_restart (self);
      break;

    default:
      g_assert_not_reached ();
    }
}

void
_twin_mqtt_stop_timers (TwinMqtt *self)
{
  g_clear_handle_id (&self->state_timer_id, g_source_remove);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_clear_handle_id (&self->restart_id, g_source_remove);
}

static void
disconnect_now (TwinMqtt *self)
{
  _twin_mqtt_stop_timers (self);
  _twin_mqtt_retire_link (self);
  self->disconnecting = FALSE;
  _twin_mqtt_set_state (self, TWIN_MQTT_STATE_OFF);
  _twin_mqtt_queue_notify_counters (self);
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

/* Restarts the connection with the new settings, from the main loop. */
void
_twin_mqtt_queue_restart (TwinMqtt *self)
{
  GSource *source;

  if (self->link == NULL || self->restart_id != 0)
    return;

  source = g_idle_source_new ();
  g_source_set_callback (source, restart_cb, self, NULL);
  self->restart_id = g_source_attach (source, self->context);
  g_source_unref (source);
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
  g_autoptr(GError) error = NULL;
  Link *link;

  g_return_if_fail (TWIN_IS_MQTT (self));

  _twin_mqtt_set_enabled (self, TRUE);
  if (self->link != NULL || self->disconnecting)
    return;

  _twin_mqtt_switch_journal (self);

  link = _twin_mqtt_link_new (self, &error);
  if (link == NULL)
    {
      _twin_mqtt_set_last_error (self, error->message);
      _twin_mqtt_set_state (self, TWIN_MQTT_STATE_OFF);
      return;
    }

  self->link = link;
  self->ever_connected = FALSE;
  self->backoff = TWIN_MQTT_RECONNECT_MIN;

  _twin_mqtt_start_state_timer (self);
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

  _twin_mqtt_set_enabled (self, FALSE);
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
  gboolean timed_out = FALSE;
  guint timeout_id;
  Msg *goodbye;

  g_return_val_if_fail (TWIN_IS_MQTT (self), FALSE);

  _twin_mqtt_stop_timers (self);
  _twin_mqtt_set_enabled (self, FALSE);

  if (self->link == NULL || self->state != TWIN_MQTT_STATE_CONNECTED)
    {
      disconnect_now (self);
      return FALSE;
    }

  /* Nothing new goes out; offline goes now, past the queue. */
  self->disconnecting = TRUE;
  self->goodbye_acked = FALSE;

  goodbye = _twin_mqtt_msg_new (MSG_STATUS, "status", g_strdup ("offline"), 1, TRUE);
  goodbye->goodbye = TRUE;

  timeout_id = g_timeout_add_full (G_PRIORITY_DEFAULT, timeout_ms, shutdown_timeout_cb, &timed_out, NULL);

  /* Wait for the broker's acknowledgements ourselves: paho's disconnect
   * timeout polls its queue only once a second. */
  if (_twin_mqtt_send_now (self, goodbye))
    while (self->in_flight > 0 && !timed_out)
      g_main_context_iteration (self->context, TRUE);

  if (!timed_out && _twin_mqtt_link_disconnect (self->link) == MQTTASYNC_SUCCESS)
    while (self->disconnecting && !timed_out)
      g_main_context_iteration (self->context, TRUE);

  if (!timed_out)
    g_source_remove (timeout_id);

  disconnect_now (self);

  return self->goodbye_acked;
}
