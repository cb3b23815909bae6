/* twin-mqtt-flights.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The in-flight window: messages handed to paho and not yet confirmed.
 *
 * paho's send queue stalls once more than maxInflight messages wait. So
 * at most `window` of them are handed to paho at a time, and each
 * delivery callback lets the next one go.
 */

#define G_LOG_DOMAIN "twin-mqtt"

#include "config.h"

#include "twin-mqtt-private.h"

static Flight *
flight_new (TwinMqtt *self,
            Msg      *msg)
{
  Flight *flight = g_new0 (Flight, 1);

  flight->link = _twin_mqtt_link_ref (self->link);
  flight->msg = msg;
  return flight;
}

void
_twin_mqtt_flight_free (Flight *flight)
{
  g_clear_pointer (&flight->msg, _twin_mqtt_msg_free);
  _twin_mqtt_link_unref (flight->link);
  g_free (flight);
}

/* Registered before paho is called: the callback may come back before it
 * returns, and is handled here only afterwards anyway. */
static void
take_off (TwinMqtt *self,
          Flight   *flight)
{
  g_hash_table_add (self->flights, flight);
  self->in_flight++;
  if (flight->msg->qos == 0)
    self->in_flight_q0++;
}

static void
land (TwinMqtt *self,
      Flight   *flight)
{
  g_hash_table_remove (self->flights, flight);
  if (flight->orphaned)
    return;

  self->in_flight--;
  if (flight->msg->qos == 0)
    self->in_flight_q0--;
}

static const char *
topic_of (TwinMqtt   *self,
          const Msg  *msg,
          char      **allocated)
{
  if (msg->suffix == _twin_mqtt_state_suffix)
    return self->state_topic;
  return *allocated = _twin_mqtt_topic (self, msg->suffix);
}

/**
 * _twin_mqtt_pump:
 *
 * Hands messages to paho while the window has room.
 */
void
_twin_mqtt_pump (TwinMqtt *self)
{
  if (self->state != TWIN_MQTT_STATE_CONNECTED || self->disconnecting)
    return;

  while (_twin_mqtt_waiting (self) > 0)
    {
      g_autofree char *allocated = NULL;
      const char *topic;
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

      flight = flight_new (self, msg);
      topic = topic_of (self, msg, &allocated);
      take_off (self, flight);

      rc = _twin_mqtt_link_send (self->link, topic, flight);
      if (rc == MQTTASYNC_SUCCESS)
        continue;

      land (self, flight);
      msg = g_steal_pointer (&flight->msg);
      _twin_mqtt_flight_free (flight);

      if (rc == MQTTASYNC_MAX_BUFFERED_MESSAGES || rc == MQTTASYNC_DISCONNECTED)
        {
          /* paho lost the connection before we heard of it, or its buffer
           * is full: the message waits here, first in line, and goes when
           * a callback says there is room again. */
          _twin_mqtt_requeue_head (self, msg);
          break;
        }
      else
        {
          g_autofree char *message = g_strdup_printf ("publish to %s: %s (code %d); message dropped",
                                                      topic, MQTTAsync_strerror (rc), rc);

          _twin_mqtt_set_last_error (self, message);
          _twin_mqtt_journal_forget (self, msg);
          _twin_mqtt_msg_free (msg);
          self->dropped++;
        }
    }

  _twin_mqtt_queue_notify_counters (self);
}

/**
 * _twin_mqtt_send_now:
 * @msg: (transfer full)
 *
 * Hands @msg to paho past the queue and the window, for the goodbye of a
 * clean shutdown (paho's limits leave room for it).
 *
 * Returns: %TRUE if paho took it
 */
gboolean
_twin_mqtt_send_now (TwinMqtt *self,
                     Msg      *msg)
{
  g_autofree char *allocated = NULL;
  Flight *flight = flight_new (self, msg);
  const char *topic = topic_of (self, msg, &allocated);

  take_off (self, flight);
  if (_twin_mqtt_link_send (self->link, topic, flight) == MQTTASYNC_SUCCESS)
    return TRUE;

  land (self, flight);
  _twin_mqtt_flight_free (flight);
  return FALSE;
}

/**
 * _twin_mqtt_flight_landed:
 * @flight: (transfer full): a flight paho's callback posted back
 * @error: (nullable): why it was not sent
 *
 * The broker took the message, or refused it.
 */
void
_twin_mqtt_flight_landed (TwinMqtt   *self,
                          Flight     *flight,
                          const char *error)
{
  if (!g_hash_table_contains (self->flights, flight))
    return;

  land (self, flight);

  if (error == NULL)
    {
      self->published++;
      _twin_mqtt_journal_forget (self, flight->msg);
      if (flight->msg->goodbye)
        self->goodbye_acked = TRUE;
    }
  else
    {
      g_autofree char *message = g_strdup_printf ("publish to %s/%s: %s", self->config.prefix,
                                                  flight->msg->suffix, error);

      _twin_mqtt_set_last_error (self, message);
      /* Not lost: it goes again, first, once the broker is back. */
      if (!flight->msg->goodbye)
        _twin_mqtt_requeue_head (self, g_steal_pointer (&flight->msg));
    }

  _twin_mqtt_flight_free (flight);
  _twin_mqtt_queue_notify_counters (self);
  _twin_mqtt_pump (self);
}

/**
 * _twin_mqtt_orphan_qos0:
 *
 * At a reconnect: QoS 0 messages caught in the outage get no callback;
 * QoS 1 and 2 ones are sent again by paho, in the persistent session,
 * and do.
 */
void
_twin_mqtt_orphan_qos0 (TwinMqtt *self)
{
  GHashTableIter iter;
  Flight *flight;

  g_hash_table_iter_init (&iter, self->flights);
  while (g_hash_table_iter_next (&iter, (gpointer *)&flight, NULL))
    if (!flight->orphaned && flight->msg->qos == 0)
      {
        flight->orphaned = TRUE;
        _twin_mqtt_journal_forget (self, flight->msg);
        self->in_flight--;
        self->in_flight_q0--;
      }
}

/**
 * _twin_mqtt_take_back_flights:
 *
 * Once the paho client is gone: messages it held unconfirmed are queued
 * again, at the front. Sending one twice is better than losing it.
 */
void
_twin_mqtt_take_back_flights (TwinMqtt *self)
{
  g_autoptr(GPtrArray) flights = g_ptr_array_new_with_free_func ((GDestroyNotify)_twin_mqtt_flight_free);
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->flights);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (flights, key);
  g_hash_table_steal_all (self->flights);

  for (guint i = flights->len; i > 0; i--)
    {
      Flight *flight = g_ptr_array_index (flights, i - 1);

      if (!flight->orphaned && flight->msg != NULL && !flight->msg->goodbye)
        _twin_mqtt_requeue_head (self, g_steal_pointer (&flight->msg));
    }

  self->in_flight = 0;
  self->in_flight_q0 = 0;
}
