/* twin-rest-whatif.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * POST /predict and POST /advise: the message waits, paused, while the
 * forecaster's workers run it; and the forecast the state carries.
 */

#define G_LOG_DOMAIN "twin-rest"

#include "config.h"

#include <errno.h>
#include <sys/socket.h>

#include "twin-json-whatif.h"
#include "twin-rest-private.h"

/* What a 429 asks the client to wait, in s. */
#define RETRY_AFTER "1"

/* A paused message until its answer comes; either side may go first. */
typedef struct
{
  GWeakRef           server;
  SoupServerMessage *msg;
  GCancellable      *gone;   /* cancelled when the client leaves: nobody to answer */
  GSource           *watch;  /* on the socket: libsoup reads nothing while paused */
} Pending;

static void
pending_disconnected_cb (SoupServerMessage *msg,
                         Pending           *pending)
{
  g_cancellable_cancel (pending->gone);
}

/* The end of the stream while the answer is being worked out: the client
 * left. Anything else it sends waits for libsoup after the answer. */
static gboolean
pending_socket_cb (GSocket      *socket,
                   GIOCondition  condition,
                   gpointer      data)
{
  Pending *pending = data;
  char byte;
  gssize n;

  n = recv (g_socket_get_fd (socket), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
    return G_SOURCE_CONTINUE;

  if (n <= 0)
    g_cancellable_cancel (pending->gone);
  g_clear_pointer (&pending->watch, g_source_unref);
  return G_SOURCE_REMOVE;
}

static void
answered_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  Pending *pending = data;
  g_autoptr(TwinRestServer) self = g_weak_ref_get (&pending->server);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = twin_whatif_finish (TWIN_WHATIF (source), result, &error);

  g_signal_handlers_disconnect_by_data (pending->msg, pending);
  if (pending->watch != NULL)
    {
      g_source_destroy (pending->watch);
      g_clear_pointer (&pending->watch, g_source_unref);
    }
  /* Unpaused even when the client left, so that libsoup finds the
   * connection closed and lets go of it. */
  if (self != NULL && self->server != NULL)
    {
      if (text != NULL)
        twin_rest_set_json (pending->msg, SOUP_STATUS_OK, "application/json", g_steal_pointer (&text));
      else
        twin_rest_set_error_problem (pending->msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, error);
      soup_server_message_unpause (pending->msg);
    }

  g_weak_ref_clear (&pending->server);
  g_object_unref (pending->msg);
  g_object_unref (pending->gone);
  g_free (pending);
}

/* POST /predict and POST /advise */
void
_twin_rest_route_whatif (TwinRestServer    *self,
                         SoupServerMessage *msg,
                         const char        *method,
                         GHashTable        *query)
{
  static const char * const allowed[] = { NULL };
  const char *path = g_uri_get_path (soup_server_message_get_uri (msg));
  TwinWhatIfKind kind = g_str_equal (path, "/predict") ? TWIN_WHATIF_PREDICT : TWIN_WHATIF_ADVISE;
  SoupMessageBody *body;
  g_autoptr(GError) error = NULL;
  Pending *pending;

  if (!twin_rest_check_query (msg, query, allowed) || !twin_rest_check_json_body (msg))
    return;

  if (self->whatif == NULL)
    self->whatif = twin_whatif_new (self->engine, "rest");

  body = soup_server_message_get_request_body (msg);
  pending = g_new0 (Pending, 1);
  pending->gone = g_cancellable_new ();
  if (!twin_whatif_start (self->whatif, kind, body->data, body->length, NULL, pending->gone, answered_cb, pending,
                          &error))
    {
      g_object_unref (pending->gone);
      g_free (pending);
      if (g_error_matches (error, TWIN_WHATIF_ERROR, TWIN_WHATIF_ERROR_BUSY))
        {
          soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", RETRY_AFTER);
          twin_rest_set_error_problem (msg, TWIN_REST_STATUS_TOO_MANY_REQUESTS, error);
        }
      else
        twin_rest_set_error_problem (msg, SOUP_STATUS_BAD_REQUEST, error);
      return;
    }

  g_weak_ref_init (&pending->server, self);
  pending->msg = g_object_ref (msg);
  g_signal_connect (msg, "disconnected", G_CALLBACK (pending_disconnected_cb), pending);
  if (soup_server_message_get_socket (msg) != NULL)
    {
      pending->watch = g_socket_create_source (soup_server_message_get_socket (msg), G_IO_IN | G_IO_HUP | G_IO_ERR,
                                               NULL);
      g_source_set_callback (pending->watch, (GSourceFunc)(GCallback)pending_socket_cb, pending, NULL);
      g_source_attach (pending->watch, NULL);
    }
  soup_server_message_pause (msg);
}

static void
outlook_updated_cb (TwinRestServer *self)
{
  const TwinForecast *course = twin_outlook_get_course (self->outlook);

  g_clear_pointer (&self->forecast, g_free);
  if (course != NULL)
    self->forecast = twin_json_encode_forecast (course, twin_outlook_get_ensemble (self->outlook));
  g_clear_pointer (&self->cached_state, g_free);
}

/**
 * twin_rest_server_set_outlook:
 * @outlook: (nullable): the course ahead, which the state and /metrics
 *   then report
 */
void
twin_rest_server_set_outlook (TwinRestServer *self,
                              TwinOutlook    *outlook)
{
  g_return_if_fail (TWIN_IS_REST_SERVER (self));
  g_return_if_fail (outlook == NULL || TWIN_IS_OUTLOOK (outlook));

  if (self->outlook != NULL)
    g_signal_handlers_disconnect_by_data (self->outlook, self);
  g_set_object (&self->outlook, outlook);
  g_clear_pointer (&self->forecast, g_free);
  g_clear_pointer (&self->cached_state, g_free);
  if (outlook != NULL)
    {
      g_signal_connect_object (outlook, "updated", G_CALLBACK (outlook_updated_cb), self, G_CONNECT_SWAPPED);
      outlook_updated_cb (self);
    }
}
