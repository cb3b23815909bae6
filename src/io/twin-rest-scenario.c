/* twin-rest-scenario.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GET /scenario: the score sheet of the scenario under way; POST /scenario:
 * start one, name the fault, take a hint or stop (see twin-training.c for
 * the body).
 */

#define G_LOG_DOMAIN "twin-rest"

#include "config.h"

#include "twin-json.h"
#include "twin-rest-private.h"

/* The one the server shares (twin_rest_server_set_training()), or its own. */
static TwinTraining *
training (TwinRestServer *self)
{
  if (self->training == NULL)
    self->training = twin_training_new (self->engine);
  return self->training;
}

void
_twin_rest_route_scenario (TwinRestServer    *self,
                           SoupServerMessage *msg,
                           const char        *method,
                           GHashTable        *query)
{
  static const char * const allowed[] = { NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) reply = NULL;
  SoupMessageBody *body;
  const char *hint = NULL;
  char *sheet;

  if (!twin_rest_check_query (msg, query, allowed))
    return;

  if (!g_str_equal (method, SOUP_METHOD_POST))
    {
      sheet = twin_training_dup_sheet (training (self));
      if (sheet == NULL)
        twin_rest_set_problem (msg, SOUP_STATUS_NOT_FOUND,
                               "no scenario has run; POST /scenario {\"start\": \"keep-it-running\"} starts one");
      else
        twin_rest_set_json (msg, SOUP_STATUS_OK, "application/json", sheet);
      return;
    }

  if (!twin_rest_check_json_body (msg))
    return;
  /* Scenarios steer the machine: they are remote commands. */
  if (!twin_engine_check_source (self->engine, TWIN_COMMAND_SOURCE_REST, &error))
    {
      twin_rest_set_error_problem (msg, 423, error);
      return;
    }
  body = soup_server_message_get_request_body (msg);
  if (!twin_training_handle (training (self), body->data, body->length, &hint, &error))
    {
      twin_rest_set_error_problem (msg, SOUP_STATUS_BAD_REQUEST, error);
      return;
    }
  reply = cJSON_CreateObject ();
  cJSON_AddBoolToObject (reply, "ok", TRUE);
  if (hint != NULL)
    cJSON_AddStringToObject (reply, "hint", hint);
  twin_rest_set_cjson (msg, g_steal_pointer (&reply));
}

/**
 * twin_rest_server_set_training:
 * @training: (nullable): the scenarios shared with MQTT and the window;
 *   %NULL for one of the server's own, made when needed
 */
void
twin_rest_server_set_training (TwinRestServer *self,
                               TwinTraining   *training)
{
  g_return_if_fail (TWIN_IS_REST_SERVER (self));
  g_return_if_fail (training == NULL || TWIN_IS_TRAINING (training));

  g_set_object (&self->training, training);
}
