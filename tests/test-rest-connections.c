/* test-rest-connections.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The REST server's connections over raw loopback sockets, so the test
 * decides when a client closes: the port outlives many clients, the
 * connection gauge is true, closed connections free their sockets, an
 * idle connection is closed, and an oversized body is refused at once.
 */

#include <stdlib.h>
#include <string.h>

#include "twin-test-rest.h"

#define WAIT_US (30 * G_USEC_PER_SEC)

/* Runs the main loop until @done or a generous deadline. */
static void
iterate_until (gboolean (*done) (gpointer data),
               gpointer  data)
{
  gint64 end = g_get_monotonic_time () + WAIT_US;

  while (!done (data))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
}

/* Sends @text on @socket and returns the reply's status, the reply in
 * @response if asked. */
static guint
raw_exchange (GSocket    *socket,
              const char *text,
              char      **response)
{
  g_autofree char *in = raw_send (socket, text);
  guint status = raw_status (in);

  if (response != NULL)
    *response = g_steal_pointer (&in);
  return status;
}

static char *
healthz_request (Fixture *f)
{
  const char *url = twin_rest_server_get_url (f->rest);

  return g_strdup_printf ("GET /healthz HTTP/1.1\r\nHost: %.*s\r\n\r\n",
                          (int)(strlen (url) - strlen ("http://") - 1), url + strlen ("http://"));
}

static gboolean
no_connections (gpointer data)
{
  Fixture *f = data;

  return twin_rest_server_get_n_connections (f->rest) == 0;
}

static gboolean
no_websockets (gpointer data)
{
  Fixture *f = data;

  return twin_rest_server_get_n_websockets (f->rest) == 0;
}

static void
test_many_clients (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *text = healthz_request (f);

  /* More clients, one after the other, than the connection cap. */
  for (guint i = 0; i < TWIN_REST_DEFAULT_MAX_CONNECTIONS + 44; i++)
    {
      g_autoptr(GSocket) socket = raw_connect (f);

      g_assert_cmpuint (raw_exchange (socket, text, NULL), ==, 200);
      g_socket_close (socket, NULL);
    }

  iterate_until (no_connections, f);
  g_free (get_ok (f, "/healthz"));
}

static void
test_gauge (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *text = healthz_request (f);
  GSocket *sockets[20];

  for (guint i = 0; i < G_N_ELEMENTS (sockets); i++)
    {
      sockets[i] = raw_connect (f);
      g_assert_cmpuint (raw_exchange (sockets[i], text, NULL), ==, 200);
    }
  g_assert_cmpuint (twin_rest_server_get_n_connections (f->rest), <=, G_N_ELEMENTS (sockets));

  for (guint i = 0; i < G_N_ELEMENTS (sockets); i++)
    g_object_unref (sockets[i]);
  iterate_until (no_connections, f);

  {
    g_autofree char *metrics = get_ok (f, "/metrics");

    /* The request asking is the one open connection. */
    g_assert_nonnull (strstr (metrics, "\ntwinscope_http_connections 1\n"));
  }
}

typedef struct
{
  GHashTable *live;    /* sockets seen by the server, not finalized yet */
  guint       seen;
} Seen;

static void
socket_finalized_cb (gpointer  data,
                     GObject  *where_the_object_was)
{
  Seen *seen = data;

  g_hash_table_remove (seen->live, where_the_object_was);
}

static gboolean
request_started_hook (GSignalInvocationHint *hint,
                      guint                  n_params,
                      const GValue          *params,
                      gpointer               data)
{
  Seen *seen = data;
  GSocket *socket = soup_server_message_get_socket (g_value_get_object (&params[1]));

  if (socket != NULL && g_hash_table_add (seen->live, socket))
    {
      seen->seen++;
      g_object_weak_ref (G_OBJECT (socket), socket_finalized_cb, seen);
    }
  return TRUE;
}

static gboolean
all_finalized (gpointer data)
{
  Seen *seen = data;

  return g_hash_table_size (seen->live) == 0;
}

static void
test_sockets_freed (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *text = healthz_request (f);
  Seen seen = { g_hash_table_new (NULL, NULL), 0 };
  guint signal_id = g_signal_lookup ("request-started", SOUP_TYPE_SERVER);
  gulong hook = g_signal_add_emission_hook (signal_id, 0, request_started_hook, &seen, NULL);

  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(GSocket) socket = raw_connect (f);

      g_assert_cmpuint (raw_exchange (socket, text, NULL), ==, 200);
    }
  g_signal_remove_emission_hook (signal_id, hook);

  /* Every connection's socket is finalized once its client closed. */
  g_assert_cmpuint (seen.seen, >=, 20);
  iterate_until (all_finalized, &seen);
  g_hash_table_unref (seen.live);
}

/* Keep-alive works, and a client leaving between two requests ends its
 * connection (libsoup 3.2 alone would keep it forever). */
static void
test_keep_alive (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *text = healthz_request (f);
  g_autoptr(GSocket) socket = raw_connect (f);

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *response = NULL;

      g_assert_cmpuint (raw_exchange (socket, text, &response), ==, 200);
      g_assert_null (strstr (response, "Connection: close"));
      g_assert_cmpuint (twin_rest_server_get_n_connections (f->rest), ==, 1);
    }

  g_socket_close (socket, NULL);
  iterate_until (no_connections, f);
  g_free (get_ok (f, "/healthz"));
}

static guint
ws_handshake (Fixture *f,
              GSocket *socket)
{
  g_autofree char *text =
    g_strdup_printf ("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n" WS_HANDSHAKE "\r\n", fixture_port (f));

  return raw_exchange (socket, text, NULL);
}

/* A client that floods pings and never reads: libsoup would queue a pong
 * for each in memory and stall the main loop; the server drops it, and
 * serves others meanwhile. */
static void
test_websocket_ping_flood (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GSocket) socket = raw_connect (f);
  guint8 frames[64 * 131];
  guint sent = 0, max_pings = 400000;
  gsize pending = 0;

  /* The kernel's buffers take several MB of pongs before libsoup has to
   * keep them (a receive buffer shrunk to speed that up makes loopback
   * TCP drop the server's acknowledgements and back off for seconds). */
  g_assert_cmpuint (ws_handshake (f, socket), ==, 101);
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
        g_free (get_ok (f, "/healthz"));
    }

  g_test_message ("dropped after %u pings", sent);
  g_assert_cmpuint (sent, <, max_pings);
  iterate_until (no_websockets, f);
  {
    g_autofree char *metrics = get_ok (f, "/metrics");

    g_assert_nonnull (strstr (metrics, "\ntwinscope_websocket_dropped_total 1\n"));
  }
}

static gboolean
raw_closed_cb (gpointer data)
{
  return raw_closed (data);
}

static void
test_idle_closed (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *text = healthz_request (f);
  g_autoptr(GSocket) socket = NULL;

  twin_rest_server_set_limits (f->rest, TWIN_REST_DEFAULT_MAX_CONNECTIONS, 300);
  socket = raw_connect (f);
  g_assert_cmpuint (raw_exchange (socket, text, NULL), ==, 200);

  /* Whether the server keeps the connection alive or not, it does not
   * keep it longer than the idle timeout after its last response. */
  iterate_until (raw_closed_cb, socket);
  iterate_until (no_connections, f);
}

static void
test_too_large_at_once (Fixture       *f,
                        gconstpointer  data)
{
  const char *url = twin_rest_server_get_url (f->rest);
  g_autofree char *text = NULL;
  g_autofree char *response = NULL;
  g_autoptr(GSocket) socket = NULL;

  text = g_strdup_printf ("POST /update HTTP/1.1\r\nHost: %.*s\r\nContent-Type: application/json\r\n"
                          "Content-Length: 100000000\r\n\r\n",
                          (int)(strlen (url) - strlen ("http://") - 1), url + strlen ("http://"));
  /* The idle timeout would close a connection waiting for its body;
   * the answer must come before it. */
  twin_rest_server_set_limits (f->rest, TWIN_REST_DEFAULT_MAX_CONNECTIONS, 600000);
  socket = raw_connect (f);
  g_assert_cmpuint (raw_exchange (socket, text, &response), ==, 413);
  g_assert_nonnull (strstr (response, "body: 100000000 bytes is too large"));
  iterate_until (raw_closed_cb, socket);
  g_free (get_ok (f, "/healthz"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/rest/connections/many-clients", Fixture, NULL, fixture_setup, test_many_clients, fixture_teardown);
  g_test_add ("/rest/connections/gauge", Fixture, NULL, fixture_setup, test_gauge, fixture_teardown);
  g_test_add ("/rest/connections/sockets-freed", Fixture, NULL, fixture_setup, test_sockets_freed, fixture_teardown);
  g_test_add ("/rest/connections/keep-alive", Fixture, NULL, fixture_setup, test_keep_alive, fixture_teardown);
  g_test_add ("/rest/connections/idle-closed", Fixture, NULL, fixture_setup, test_idle_closed, fixture_teardown);
  g_test_add ("/rest/connections/websocket-ping-flood", Fixture, NULL, fixture_setup, test_websocket_ping_flood, fixture_teardown);
  g_test_add ("/rest/connections/too-large-at-once", Fixture, NULL, fixture_setup, test_too_large_at_once, fixture_teardown);

  return g_test_run ();
}
