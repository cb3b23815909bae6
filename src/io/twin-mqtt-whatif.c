/* twin-mqtt-whatif.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What-if over MQTT: <prefix>/predict and <prefix>/advise, answered on
 * <prefix>/predict/result and <prefix>/advise/result with REST's bodies,
 * "ok" and the request's "id"; and the forecast the state carries.
 */

#define G_LOG_DOMAIN "twin-mqtt"

#include "config.h"

#include "twin-json-whatif.h"
#include "twin-mqtt-private.h"

typedef struct
{
  GWeakRef    mirror;
  const char *suffix;   /* of the result topic */
  char       *id_json;
} Pending;

static const char *
result_suffix (InboxKind kind)
{
  return kind == INBOX_PREDICT ? "predict/result" : "advise/result";
}

/* {"ok":true,"id":…, then the answer's own fields}. */
static char *
success_reply (const char *id_json,
               const char *answer)
{
  g_assert (answer[0] == '{');

  return g_strdup_printf ("{\"ok\":true%s%s%s%s", id_json != NULL ? ",\"id\":" : "",
                          id_json != NULL ? id_json : "", answer[1] != '}' ? "," : "", answer + 1);
}

static void
reply (TwinMqtt     *self,
       const char   *suffix,
       const char   *id_json,
       const char   *answer,
       const GError *error)
{
  char *text = error != NULL ? twin_json_command_reply (id_json, error) : success_reply (id_json, answer);

  _twin_mqtt_enqueue (self, _twin_mqtt_msg_new (MSG_REPLY, suffix, text, 1, FALSE));
}

static void
answered_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  Pending *pending = data;
  g_autoptr(TwinMqtt) self = g_weak_ref_get (&pending->mirror);
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = twin_whatif_finish (TWIN_WHATIF (source), result, &error);

  if (self != NULL)
    reply (self, pending->suffix, pending->id_json, answer, error);

  g_weak_ref_clear (&pending->mirror);
  g_free (pending->id_json);
  g_free (pending);
}

/* A retained request would run again at every reconnect: refused, as a
 * retained command is. */
void
_twin_mqtt_handle_whatif (TwinMqtt    *self,
                          const Event *ev)
{
  TwinWhatIfKind kind = ev->input == INBOX_PREDICT ? TWIN_WHATIF_PREDICT : TWIN_WHATIF_ADVISE;
  const char *suffix = result_suffix (ev->input);
  g_autoptr(GError) error = NULL;
  g_autofree char *id_json = NULL;
  Pending *pending;

  if (_twin_mqtt_refused_unread (ev, _twin_mqtt_inbox_topics[ev->input].max_size, &error))
    {
      reply (self, suffix, NULL, NULL, error);
      return;
    }
  if (ev->retained)
    {
      g_set_error_literal (&error, TWIN_MQTT_ERROR, TWIN_MQTT_ERROR_INVALID,
                           "retained: a request with the retain flag is refused, never run, since the "
                           "broker would hand it over again at every reconnect; allowed: requests published "
                           "without retain (an empty retained message clears this one)");
      reply (self, suffix, NULL, NULL, error);
      return;
    }

  if (self->whatif == NULL)
    self->whatif = twin_whatif_new (self->engine, "mqtt");

  pending = g_new0 (Pending, 1);
  if (!twin_whatif_start (self->whatif, kind, ev->payload, ev->length, &id_json, NULL, answered_cb, pending,
                          &error))
    {
      g_free (pending);
      reply (self, suffix, id_json, NULL, error);
      return;
    }

  g_weak_ref_init (&pending->mirror, self);
  pending->suffix = suffix;
  pending->id_json = g_steal_pointer (&id_json);
}

static void
outlook_updated_cb (TwinMqtt *self)
{
  const TwinForecast *course = twin_outlook_get_course (self->outlook);

  g_clear_pointer (&self->forecast, g_free);
  if (course != NULL)
    self->forecast = twin_json_encode_forecast (course, twin_outlook_get_ensemble (self->outlook));
}

/**
 * twin_mqtt_set_outlook:
 * @outlook: (nullable): the course ahead, which the states then carry
 */
void
twin_mqtt_set_outlook (TwinMqtt    *self,
                       TwinOutlook *outlook)
{
  g_return_if_fail (TWIN_IS_MQTT (self));
  g_return_if_fail (outlook == NULL || TWIN_IS_OUTLOOK (outlook));

  if (self->outlook != NULL)
    g_signal_handlers_disconnect_by_data (self->outlook, self);
  g_set_object (&self->outlook, outlook);
  g_clear_pointer (&self->forecast, g_free);
  if (outlook != NULL)
    {
      g_signal_connect_object (outlook, "updated", G_CALLBACK (outlook_updated_cb), self, G_CONNECT_SWAPPED);
      outlook_updated_cb (self);
    }
}
