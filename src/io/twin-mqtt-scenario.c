/* twin-mqtt-scenario.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Scenarios over MQTT: <prefix>/scenario takes REST's POST /scenario body
 * (start, diagnosis, hint or stop), answered on <prefix>/scenario/result
 * with "ok" and the request's "id"; the score sheet is retained on
 * <prefix>/scenario/score and sent again at every change.
 */

#define G_LOG_DOMAIN "twin-mqtt"

#include "config.h"

#include "twin-json.h"
#include "twin-mqtt-private.h"

static void
publish_sheet (TwinMqtt *self)
{
  char *sheet = twin_training_dup_sheet (self->training);

  if (sheet != NULL)
    _twin_mqtt_enqueue (self, _twin_mqtt_msg_new (MSG_REPLY, "scenario/score", sheet, 1, TRUE));
}

static TwinTraining *
training (TwinMqtt *self)
{
  if (self->training == NULL)
    {
      g_autoptr(TwinTraining) own = twin_training_new (self->engine);

      twin_mqtt_set_training (self, own);
    }
  return self->training;
}

/**
 * twin_mqtt_set_training:
 * @training: (nullable): the scenarios the window or the headless run
 *   share with REST; %NULL for one of the mirror's own, made when needed
 */
void
twin_mqtt_set_training (TwinMqtt     *self,
                        TwinTraining *training)
{
  g_return_if_fail (TWIN_IS_MQTT (self));
  g_return_if_fail (training == NULL || TWIN_IS_TRAINING (training));

  if (self->training != NULL)
    g_signal_handlers_disconnect_by_data (self->training, self);
  g_set_object (&self->training, training);
  if (training != NULL)
    g_signal_connect_object (training, "changed", G_CALLBACK (publish_sheet), self, G_CONNECT_SWAPPED);
}

/* Retained requests are refused, as retained commands are. */
void
_twin_mqtt_handle_scenario (TwinMqtt    *self,
                            const Event *ev)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) root = NULL;
  g_autofree char *id_json = NULL;
  const char *hint = NULL;
  char *text;

  if (!_twin_mqtt_refused_unread (ev, _twin_mqtt_inbox_topics[ev->input].max_size, &error) && !ev->retained)
    {
      root = twin_json_parse_object_bounded (ev->payload, ev->length, 100000, NULL);
      id_json = root != NULL ? twin_json_dup_id (root) : NULL;
      if (twin_engine_check_source (self->engine, TWIN_COMMAND_SOURCE_MQTT, &error))
        twin_training_handle (training (self), ev->payload, ev->length, &hint, &error);
    }
  else if (ev->retained && error == NULL)
    g_set_error_literal (&error, TWIN_MQTT_ERROR, TWIN_MQTT_ERROR_INVALID,
                         "retained: a scenario request with the retain flag is refused, never run, since the "
                         "broker would hand it over again at every reconnect; allowed: requests published "
                         "without retain (an empty retained message clears this one)");

  if (error == NULL && hint != NULL)
    {
      g_autoptr(cJSON) reply = cJSON_CreateObject ();
      char *printed;

      cJSON_AddBoolToObject (reply, "ok", TRUE);
      cJSON_AddStringToObject (reply, "hint", hint);
      if (id_json != NULL)
        cJSON_AddItemToObject (reply, "id", cJSON_Parse (id_json));
      printed = cJSON_PrintUnformatted (reply);
      text = g_strdup (printed);
      cJSON_free (printed);
    }
  else
    text = twin_json_command_reply (id_json, error);
  _twin_mqtt_enqueue (self, _twin_mqtt_msg_new (MSG_REPLY, "scenario/result", text, 1, FALSE));
}
