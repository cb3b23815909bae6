/* twin-mqtt-recording.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The flight recorder over MQTT: <prefix>/recording takes REST's POST
 * /recording body ({"start": "NAME"} or {"stop": true}), answered on
 * <prefix>/recording/result with "ok", the recorder's status and the
 * request's "id".
 */

#define G_LOG_DOMAIN "twin-mqtt"

#include "config.h"

#include "twin-json.h"
#include "twin-mqtt-private.h"

/**
 * twin_mqtt_set_recordings:
 * @recordings: (nullable): the recorder shared with REST and the window;
 *   %NULL for one of the mirror's own, made when needed
 */
void
twin_mqtt_set_recordings (TwinMqtt       *self,
                          TwinRecordings *recordings)
{
  g_return_if_fail (TWIN_IS_MQTT (self));
  g_return_if_fail (recordings == NULL || TWIN_IS_RECORDINGS (recordings));

  g_set_object (&self->recordings, recordings);
}

/* Retained requests are refused, as retained commands are. */
void
_twin_mqtt_handle_recording (TwinMqtt    *self,
                             const Event *ev)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) root = NULL;
  g_autoptr(cJSON) reply = NULL;
  g_autofree char *id_json = NULL;
  char *printed, *text;

  if (self->recordings == NULL)
    self->recordings = twin_recordings_new (self->engine);

  if (!_twin_mqtt_refused_unread (ev, _twin_mqtt_inbox_topics[ev->input].max_size, &error) && !ev->retained)
    {
      root = twin_json_parse_object (ev->payload, ev->length, NULL);
      id_json = root != NULL ? twin_json_dup_id (root) : NULL;
      if (twin_engine_check_source (self->engine, TWIN_COMMAND_SOURCE_MQTT, &error))
        twin_recordings_handle (self->recordings, ev->payload, ev->length, &error);
    }
  else if (ev->retained && error == NULL)
    g_set_error_literal (&error, TWIN_MQTT_ERROR, TWIN_MQTT_ERROR_INVALID,
                         "retained: a recording request with the retain flag is refused, never run; allowed: "
                         "requests published without retain");

  if (error != NULL)
    text = twin_json_command_reply (id_json, error);
  else
    {
      reply = twin_recordings_status (self->recordings);
      cJSON_AddBoolToObject (reply, "ok", TRUE);
      if (id_json != NULL)
        cJSON_AddItemToObject (reply, "id", cJSON_Parse (id_json));
      printed = cJSON_PrintUnformatted (reply);
      text = g_strdup (printed);
      cJSON_free (printed);
    }
  _twin_mqtt_enqueue (self, _twin_mqtt_msg_new (MSG_REPLY, "recording/result", text, 1, FALSE));
}
