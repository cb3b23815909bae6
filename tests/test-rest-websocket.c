/* test-rest-websocket.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The state as a WebSocket stream: rate, order, the token, and a client
 * that floods pings.
 */

#include <cjson/cJSON.h>
#include <libsoup/soup.h>
#include <string.h>

#include "twin-test-rest.h"
#include "twin-test-wait.h"

typedef struct
{
  GPtrArray               *messages;
  SoupWebsocketConnection *conn;
  GError                  *error;
  gboolean                 done;
} WsClient;

static void
ws_message_cb (SoupWebsocketConnection *conn,
               gint                     type,
               GBytes                  *message,
               WsClient                *ws)
{
  g_assert_cmpint (type, ==, SOUP_WEBSOCKET_DATA_TEXT);
  g_ptr_array_add (ws->messages, g_strndup (g_bytes_get_data (message, NULL), g_bytes_get_size (message)));
}

static void
ws_connected_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  WsClient *ws = data;

  ws->conn = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &ws->error);
  ws->done = TRUE;
}

static void
ws_connect (TwinTestRest *f,
            const char   *token,
            WsClient     *ws)
{
  g_autofree char *url = g_strconcat (twin_rest_server_get_url (f->rest), "ws", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);

  if (token != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }
  ws->messages = g_ptr_array_new_with_free_func (g_free);
  soup_session_websocket_connect_async (f->session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                        ws_connected_cb, ws);
  twin_test_wait_until (twin_test_flag_is_set, &ws->done, 30, "the WebSocket handshake");
  if (ws->conn != NULL)
    g_signal_connect (ws->conn, "message", G_CALLBACK (ws_message_cb), ws);
}

/* Closes the client's side and waits until the server let go of it. */
static void
ws_close (TwinTestRest *f,
          WsClient     *ws)
{
  soup_websocket_connection_close (ws->conn, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  twin_test_rest_wait_websockets (f, 0);
  g_clear_object (&ws->conn);
  g_ptr_array_unref (ws->messages);
}

typedef struct
{
  WsClient *ws;
  guint     n;
} MessageWait;

static gboolean
has_messages (gpointer data)
{
  MessageWait *w = data;

  return w->ws->messages->len >= w->n;
}

static void
wait_messages (WsClient *ws,
               guint     n)
{
  MessageWait w = { ws, n };

  twin_test_wait_until (has_messages, &w, 30, "%u states on the WebSocket", n);
}

static gboolean
advance_cb (gpointer data)
{
  twin_engine_advance (data, 0.5);
  return G_SOURCE_CONTINUE;
}

static void
test_websocket (TwinTestRest  *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  WsClient ws = { 0 };
  double t_prev = -1, seq_prev = -1;
  guint advance_id, increases = 0;

  g_assert_false (twin_rest_server_set_ws_rate (f->rest, 0, &error));
  g_assert_error (error, TWIN_ENGINE_ERROR, TWIN_ENGINE_ERROR_INVALID_VALUE);
  g_assert_true (twin_rest_server_set_ws_rate (f->rest, 20, NULL));

  ws_connect (f, NULL, &ws);
  g_assert_no_error (ws.error);
  g_assert_cmpuint (twin_rest_server_get_n_websockets (f->rest), ==, 1);

  advance_id = g_timeout_add (30, advance_cb, f->engine);
  wait_messages (&ws, 12);
  g_source_remove (advance_id);

  for (guint i = 0; i < ws.messages->len; i++)
    {
      cJSON *state = cJSON_Parse (g_ptr_array_index (ws.messages, i));
      double t = twin_test_json_number (state, "timestamp");
      double seq = twin_test_json_number (state, "seq");

      g_assert_nonnull (cJSON_GetObjectItem (state, "model"));
      g_assert_cmpfloat (t, >=, t_prev);
      g_assert_cmpfloat (seq, >=, seq_prev);
      increases += t > t_prev && i > 0;
      t_prev = t;
      seq_prev = seq;
      cJSON_Delete (state);
    }
  g_assert_cmpuint (increases, >=, 3);

  ws_close (f, &ws);
}

static void
test_websocket_auth (TwinTestRest  *f,
                     gconstpointer  data)
{
  WsClient refused = { 0 }, accepted = { 0 };
  g_autofree char *token = NULL;

  twin_test_rest_teardown (f, NULL);
  twin_test_rest_start (f, "ws-token");
  token = g_steal_pointer (&f->token);

  ws_connect (f, NULL, &refused);
  g_assert_null (refused.conn);
  g_assert_nonnull (refused.error);
  g_assert_cmpuint (twin_rest_server_get_n_websockets (f->rest), ==, 0);

  ws_connect (f, token, &accepted);
  g_assert_no_error (accepted.error);
  wait_messages (&accepted, 1);

  g_clear_error (&refused.error);
  g_ptr_array_unref (refused.messages);
  ws_close (f, &accepted);
}

/* A client that floods pings and never reads: libsoup would queue a pong
 * for each in memory and stall the main loop; the server drops it, and
 * serves others meanwhile. */
static void
test_websocket_ping_flood (TwinTestRest  *f,
                           gconstpointer  data)
{
  g_autoptr(GSocket) socket = twin_test_rest_raw_connect (f);
  guint8 frames[64 * 131];
  guint sent = 0, max_pings = 400000;
  gsize pending = 0;

  /* The kernel's buffers take several MB of pongs before libsoup has to
   * keep them (a receive buffer shrunk to speed that up makes loopback
   * TCP drop the server's acknowledgements and back off for seconds). */
  g_assert_cmpuint (twin_test_rest_ws_handshake (f, socket, ""), ==, 101);
  g_assert_cmpuint (twin_rest_server_get_n_websockets (f->rest), ==, 1);

  /* Masked pings with the largest control payload, 125 bytes. */
  for (guint i = 0; i < 64; i++)
    {
      guint8 *frame = frames + i * 131;

      frame[0] = 0x89;
      frame[1] = 0x80 | 125;
      memcpy (frame + 2, "\x12\x34\x56\x78", 4);
      memset (frame + 6, 'p', 125);
    }

  while (sent < max_pings && twin_rest_server_get_n_websockets (f->rest) == 1)
    {
      g_autoptr(GError) error = NULL;
      gssize n;

      if (pending == 0)
        pending = sizeof frames;
      n = g_socket_send (socket, (char *)frames + sizeof frames - pending, pending, NULL, &error);
      if (n < 0 && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        break;
      if (n > 0)
        {
          pending -= (gsize)n;
          if (pending == 0)
            sent += 64;
        }
      g_main_context_iteration (NULL, FALSE);
      if (sent % 8192 == 0 && pending == 0)
        g_free (twin_test_rest_get_ok (f, "/healthz"));
    }

  g_test_message ("dropped after %u pings", sent);
  g_assert_cmpuint (sent, <, max_pings);
  twin_test_rest_wait_websockets (f, 0);
  {
    g_autofree char *metrics = twin_test_rest_get_ok (f, "/metrics");

    g_assert_nonnull (strstr (metrics, "\ntwinscope_websocket_dropped_total 1\n"));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  twin_test_rest_add ("/rest/websocket/states-in-order-at-the-rate", test_websocket);
  twin_test_rest_add ("/rest/websocket/token-required", test_websocket_auth);
  twin_test_rest_add ("/rest/websocket/ping-flood-dropped-others-served", test_websocket_ping_flood);

  return g_test_run ();
}
