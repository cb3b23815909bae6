/* twin-mqtt-inbox.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the mirror receives: commands on <prefix>/cmd, each answered on
 * <prefix>/cmd/result, sensor readings on <prefix>/sensors for the
 * shadow, and what-if requests (twin-mqtt-whatif.c).
 */

#define G_LOG_DOMAIN "twin-mqtt"

#include "config.h"

#include "twin-json.h"
#include "twin-mqtt-private.h"

const InboxTopic _twin_mqtt_inbox_topics[N_INBOX_KINDS] = {
  [INBOX_COMMAND] = { "cmd",     1, TWIN_JSON_MAX_COMMAND_SIZE },
  [INBOX_READING] = { "sensors", 0, TWIN_MQTT_MAX_READING_SIZE },
  [INBOX_PREDICT] = { "predict", 1, TWIN_JSON_MAX_COMMAND_SIZE },
  [INBOX_ADVISE]  = { "advise",  1, TWIN_JSON_MAX_COMMAND_SIZE },
  [INBOX_SCENARIO] = { "scenario", 1, TWIN_JSON_MAX_COMMAND_SIZE },
  [INBOX_RECORDING] = { "recording", 1, TWIN_JSON_MAX_COMMAND_SIZE },
};

/* Why a message was refused before it was read, or %FALSE. */
gboolean
_twin_mqtt_refused_unread (const Event  *ev,
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

  if (!_twin_mqtt_refused_unread (ev, TWIN_JSON_MAX_COMMAND_SIZE, &error) &&
      twin_json_parse_command (ev->payload, ev->length, &command, &id_json, &error) &&
      !ev->retained)
    {
      command.source = TWIN_COMMAND_SOURCE_MQTT;
      twin_engine_apply_command (self->engine, &command, &error);
    }

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
  _twin_mqtt_queue_notify_counters (self);

  _twin_mqtt_enqueue (self, _twin_mqtt_msg_new (MSG_REPLY, "cmd/result", twin_json_command_reply (id_json, error),
                                                1, FALSE));
}

static void
handle_reading (TwinMqtt    *self,
                const Event *ev)
{
  g_autoptr(GError) error = NULL;
  TwinReading reading;

  if (_twin_mqtt_refused_unread (ev, TWIN_MQTT_MAX_READING_SIZE, &error) ||
      !twin_json_parse_reading (ev->payload, ev->length, &reading, &error))
    twin_engine_reject_reading (self->engine, error);
  else if (ev->retained)
    {
      g_set_error_literal (&error, TWIN_MQTT_ERROR, TWIN_MQTT_ERROR_INVALID,
                           "retained: a reading with the retain flag is refused, it is not a new measurement; "
                           "allowed: readings published without retain");
      twin_engine_reject_reading (self->engine, error);
    }
  else
    twin_engine_add_reading (self->engine, &reading, &error);

  if (error == NULL)
    self->readings_accepted++;
  else
    self->readings_refused++;
  _twin_mqtt_queue_notify_counters (self);
}

void
_twin_mqtt_handle_message (TwinMqtt    *self,
                           const Event *ev)
{
  switch (ev->input)
    {
    case INBOX_COMMAND:
      handle_command (self, ev);
      break;
    case INBOX_READING:
      handle_reading (self, ev);
      break;
    case INBOX_PREDICT:
    case INBOX_ADVISE:
      _twin_mqtt_handle_whatif (self, ev);
      break;
    case INBOX_SCENARIO:
      _twin_mqtt_handle_scenario (self, ev);
      break;
    case INBOX_RECORDING:
      _twin_mqtt_handle_recording (self, ev);
      break;
    case INBOX_OTHER:
    case N_INBOX_KINDS:
    default:
      g_assert_not_reached ();
    }
}
