/* twin-rest-recording.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GET /recording: whether the flight recorder runs, and to which file;
 * POST /recording: {"start": "NAME"} or {"stop": true} (twin-recordings.c).
 */

#define G_LOG_DOMAIN "twin-rest"

#include "config.h"

#include "twin-json.h"
#include "twin-rest-private.h"

static TwinRecordings *
recordings (TwinRestServer *self)
{
  if (self->recordings == NULL)
    self->recordings = twin_recordings_new (self->engine);
  return self->recordings;
}

void
_twin_rest_route_recording (TwinRestServer    *self,
                            SoupServerMessage *msg,
                            const char        *method,
                            GHashTable        *query)
{
  static const char * const allowed[] = { NULL };
  g_autoptr(GError) error = NULL;
  SoupMessageBody *body;

  if (!twin_rest_check_query (msg, query, allowed))
    return;

  if (g_str_equal (method, SOUP_METHOD_POST))
    {
      if (!twin_rest_check_json_body (msg))
        return;
      if (!twin_engine_check_source (self->engine, TWIN_COMMAND_SOURCE_REST, &error))
        {
          twin_rest_set_error_problem (msg, 423, error);
          return;
        }
      body = soup_server_message_get_request_body (msg);
      if (!twin_recordings_handle (recordings (self), body->data, body->length, &error))
        {
          twin_rest_set_error_problem (msg, SOUP_STATUS_BAD_REQUEST, error);
          return;
        }
    }
  twin_rest_set_cjson (msg, twin_recordings_status (recordings (self)));
}

/**
 * twin_rest_server_set_recordings:
 * @recordings: (nullable): the recorder shared with MQTT and the window;
 *   %NULL for one of the server's own, made when needed
 */
void
twin_rest_server_set_recordings (TwinRestServer *self,
                                 TwinRecordings *recordings)
{
  g_return_if_fail (TWIN_IS_REST_SERVER (self));
  g_return_if_fail (recordings == NULL || TWIN_IS_RECORDINGS (recordings));

  g_set_object (&self->recordings, recordings);
}
