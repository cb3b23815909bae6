/* twin-rest-ws.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * /ws: one state message per period to every WebSocket client. The
 * upgrade is done here rather than by soup_server_add_websocket_handler()
 * so that each connection runs on a TwinWsStream: a client that does not
 * read gets no states queued for it, and is dropped when it floods the
 * server (pings libsoup would answer into memory) or stays blocked too
 * long, so it can neither grow the process nor stall the main loop.
 */

#define G_LOG_DOMAIN "twin-rest"

#include "config.h"

#include <math.h>

#include "twin-json.h"
#include "twin-rest-private.h"
#include "twin-ws-stream.h"

/* What a client that does not read may send, and what is read from a
 * client at one wake-up of the main loop. */
#define WS_MAX_BACKLOG  (16 * 1024)
#define WS_READ_BUDGET  (64 * 1024)
/* A client that has taken nothing for this long is gone. */
#define WS_STALL_US     (30 * G_USEC_PER_SEC)
#define WS_KEEPALIVE_S  30

typedef struct
{
  SoupWebsocketConnection *conn;
  TwinWsStream            *stream;
  gint64                   blocked_since;   /* monotonic µs, 0 when not blocked */
} WsClient;

static void
ws_client_free (WsClient *client)
{
  g_object_unref (client->conn);
  g_object_unref (client->stream);
  g_free (client);
}

static void
free_extensions (GList *extensions)
{
  g_list_free_full (extensions, g_object_unref);
}

static void
closed_cb (SoupWebsocketConnection *conn,
           TwinRestServer          *self)
{
  for (guint i = 0; i < self->websockets->len; i++)
    {
      WsClient *client = g_ptr_array_index (self->websockets, i);

      if (client->conn == conn)
        {
          if (twin_ws_stream_overflowed (client->stream))
            self->ws_dropped++;
          g_ptr_array_remove_index_fast (self->websockets, i);
          return;
        }
    }
}

/* The 101 response is out: from here on the connection speaks WebSocket. */
static void
upgrade_cb (SoupServerMessage *msg,
            TwinRestServer    *self)
{
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);
  GList *extensions = g_object_steal_data (G_OBJECT (msg), "twin-ws-extensions");
  g_autoptr(GIOStream) base = NULL;
  WsClient *client;

  g_object_ref (msg);
  base = soup_server_message_steal_connection (msg);
  if (base == NULL)
    {
      free_extensions (extensions);
      g_object_unref (msg);
      return;
    }

  twin_rest_count_request (self, "/ws", SOUP_STATUS_SWITCHING_PROTOCOLS);

  client = g_new0 (WsClient, 1);
  client->stream = twin_ws_stream_new (base, WS_MAX_BACKLOG, WS_READ_BUDGET);
  client->conn = soup_websocket_connection_new (G_IO_STREAM (client->stream),
                                                soup_server_message_get_uri (msg),
                                                SOUP_WEBSOCKET_CONNECTION_SERVER,
                                                soup_message_headers_get_one (request, "Origin"),
                                                soup_message_headers_get_one (response, "Sec-WebSocket-Protocol"),
                                                extensions);
  soup_websocket_connection_set_keepalive_interval (client->conn, WS_KEEPALIVE_S);
  g_signal_connect_object (client->conn, "closed", G_CALLBACK (closed_cb), self, 0);
  g_ptr_array_add (self->websockets, client);
  g_object_unref (msg);
}

/* GET /ws: Host, Origin, token and method are checked by then. */
void
twin_rest_route_ws (TwinRestServer    *self,
                    SoupServerMessage *msg,
                    const char        *method,
                    GHashTable        *query)
{
  static const char * const allowed[] = { NULL };
  g_autoptr(GError) error = NULL;
  GList *extensions = NULL;

  if (!twin_rest_check_query (msg, query, allowed))
    return;

  if (!soup_websocket_server_check_handshake (msg, NULL, NULL, self->ws_extension_types, &error))
    {
      g_autofree char *detail = g_strdup_printf ("/ws: %s; allowed: a WebSocket upgrade request", error->message);

      twin_rest_set_problem (msg, SOUP_STATUS_BAD_REQUEST, detail);
      return;
    }

  /* Sets the 101 status and the handshake's headers. */
  soup_websocket_server_process_handshake (msg, NULL, NULL, self->ws_extension_types, &extensions);
  g_object_set_data_full (G_OBJECT (msg), "twin-ws-extensions", extensions, (GDestroyNotify)free_extensions);
  g_signal_connect_object (msg, "wrote-informational", G_CALLBACK (upgrade_cb), self, 0);
}

/* Drops a client: libsoup finds out at its next read and closes. */
static void
drop (WsClient *client)
{
  twin_ws_stream_drop (client->stream);
}

static gboolean
publish_cb (gpointer data)
{
  TwinRestServer *self = data;
  g_autofree char *text = NULL;
  gint64 now = g_get_monotonic_time ();
  TwinSnapshot snapshot;

  if (self->websockets->len == 0)
    return G_SOURCE_CONTINUE;

  twin_engine_get_snapshot (self->engine, &snapshot);
  text = twin_json_encode_state (&snapshot, self->forecast);
  for (guint i = 0; i < self->websockets->len; i++)
    {
      WsClient *client = g_ptr_array_index (self->websockets, i);

      if (soup_websocket_connection_get_state (client->conn) != SOUP_WEBSOCKET_STATE_OPEN ||
          twin_ws_stream_overflowed (client->stream))
        continue;

      /* A client that does not take its states gets no more queued. */
      if (twin_ws_stream_is_blocked (client->stream))
        {
          if (client->blocked_since == 0)
            client->blocked_since = now;
          else if (now - client->blocked_since > WS_STALL_US)
            drop (client);
          continue;
        }

      client->blocked_since = 0;
      soup_websocket_connection_send_text (client->conn, text);
    }

  return G_SOURCE_CONTINUE;
}

void
twin_rest_ws_init (TwinRestServer *self)
{
  self->websockets = g_ptr_array_new_with_free_func ((GDestroyNotify)ws_client_free);
  /* What soup_server_add_websocket_handler() would offer. */
  self->ws_extension_types = g_ptr_array_new_with_free_func ((GDestroyNotify)g_type_class_unref);
  g_ptr_array_add (self->ws_extension_types, g_type_class_ref (SOUP_TYPE_WEBSOCKET_EXTENSION_DEFLATE));
}

void
twin_rest_ws_restart_timer (TwinRestServer *self)
{
  g_clear_handle_id (&self->ws_id, g_source_remove);
  self->ws_id = g_timeout_add_full (G_PRIORITY_DEFAULT, (guint)MAX (1, lround (1000.0 / self->ws_rate)),
                                    publish_cb, self, NULL);
}

void
twin_rest_ws_stop (TwinRestServer *self)
{
  g_clear_handle_id (&self->ws_id, g_source_remove);

  for (guint i = 0; i < self->websockets->len; i++)
    {
      WsClient *client = g_ptr_array_index (self->websockets, i);

      g_signal_handlers_disconnect_by_data (client->conn, self);
      if (soup_websocket_connection_get_state (client->conn) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (client->conn, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
    }
  g_ptr_array_set_size (self->websockets, 0);
}

void
twin_rest_ws_clear (TwinRestServer *self)
{
  g_clear_pointer (&self->websockets, g_ptr_array_unref);
  g_clear_pointer (&self->ws_extension_types, g_ptr_array_unref);
}
