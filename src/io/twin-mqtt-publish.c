/* twin-mqtt-publish.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the mirror publishes: states at the configured rate, alarms as
 * they are raised and cleared, and on connecting the wire formats' JSON
 * Schemas and its status.
 */

#define G_LOG_DOMAIN "twin-mqtt"

#include "config.h"

#include <math.h>

#include "twin-json.h"
#include "twin-mqtt-private.h"
#include "twin-schema.h"

const char _twin_mqtt_state_suffix[] = "state";

static const struct {
  const char *name;
  const char *suffix;
} schema_topics[] = {
  { "state",    "schema/state" },
  { "command",  "schema/command" },
  { "sensors",  "schema/sensors" },
  { "alarm",    "schema/alarm" },
  { "event",    "schema/event" },
};

static gboolean
state_timer_cb (gpointer data)
{
  twin_mqtt_publish_state (data);
  return G_SOURCE_CONTINUE;
}

void
_twin_mqtt_start_state_timer (TwinMqtt *self)
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
  if (self->link == NULL)
    return;

  /* Encoded now: one queued through an outage keeps the run it belongs to. */
  _twin_mqtt_enqueue (self, _twin_mqtt_msg_new (MSG_ALARM, "alarms",
                                                twin_json_encode_alarm (event, twin_engine_get_run (engine)),
                                                1, FALSE));
}

/* A reset starts a new run: said on <prefix>/events, never dropped. */
static void
run_cb (TwinEngine *engine,
        GParamSpec *pspec,
        TwinMqtt   *self)
{
  double ended_at;
  const char *previous = twin_engine_get_previous_run (engine, &ended_at);

  if (self->link == NULL)
    return;

  _twin_mqtt_enqueue (self, _twin_mqtt_msg_new (MSG_EVENT, "events",
                                                twin_json_encode_reset_event (twin_engine_get_run (engine), previous,
                                                                              ended_at, g_get_real_time ()),
                                                1, FALSE));
}

void
_twin_mqtt_watch_alarms (TwinMqtt *self)
{
  g_signal_connect (self->engine, "alarm", G_CALLBACK (alarm_cb), self);
  g_signal_connect (self->engine, "notify::run", G_CALLBACK (run_cb), self);
}

static void
push_status (TwinMqtt   *self,
             const char *suffix,
             const char *payload)
{
  g_queue_push_head (&self->priority, _twin_mqtt_msg_new (MSG_STATUS, suffix, g_strdup (payload), 1, TRUE));
}

/**
 * _twin_mqtt_queue_greeting:
 *
 * The wire formats' JSON Schemas, retained, so that a client can
 * validate what it receives; then online goes first, before anything
 * that waited.
 */
void
_twin_mqtt_queue_greeting (TwinMqtt *self)
{
  for (guint i = G_N_ELEMENTS (schema_topics); i > 0; i--)
    push_status (self, schema_topics[i - 1].suffix, twin_schema_get (schema_topics[i - 1].name));
  push_status (self, "status", "online");
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
  Msg *msg;

  g_return_if_fail (TWIN_IS_MQTT (self));

  twin_engine_get_snapshot (self->engine, &snapshot);
  self->state_seq++;
  msg = _twin_mqtt_msg_new (MSG_STATE, _twin_mqtt_state_suffix,
                            twin_json_encode_mqtt_state (&snapshot, self->forecast, self->state_seq),
                            (int)self->config.qos, TRUE);
  msg->seq = self->state_seq;
  _twin_mqtt_enqueue (self, msg);
}
