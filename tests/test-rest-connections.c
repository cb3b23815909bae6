/* test-rest-connections.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The REST server's connections over raw loopback sockets, so the test
 * decides when a client closes: the port outlives many clients, the
 * connection gauge is true, closed connections free their sockets, idle
 * and slow connections are closed while others are served, and an
 * oversized body is refused at once.
 */

#include <stdlib.h>
#include <string.h>

#include "twin-test-rest.h"
#include "twin-test-wait.h"

/* Generous: the server's idle timeouts are up to 1.5 s here. */
#define WAIT_S 30.0

/* Sends @text on @socket and returns the reply's status, the reply in
 * @response if asked. */
static guint
raw_exchange (GSocket    *socket,
              const char *text,
              char      **response)
{
  g_autofree char *in = twin_test_raw_send (socket, text);
  guint status = twin_test_raw_status (in);

  if (response != NULL)
    *response = g_steal_pointer (&in);
  return status;
}

static char *
healthz_request (TwinTestRest *f)
{
  const char *url = twin_rest_server_get_url (f->rest);

  return g_strdup_printf ("GET /healthz HTTP/1.1\r\nHost: %.*s\r\n\r\n",
                          (int)(strlen (url) - strlen ("http://") - 1), url + strlen ("http://"));
}

typedef struct
{
  TwinTestRest *f;
  guint         at_least;
  guint         at_most;
} ConnectionsWait;

static gboolean
has_connections (gpointer data)
{
  ConnectionsWait *w = data;
  guint n = twin_rest_server_get_n_connections (w->f->rest);

  return n >= w->at_least && n <= w->at_most;
}

/* Runs the main context until the server has @at_least to @at_most
 * connections open. */
static void
wait_connections (TwinTestRest *f,
                  guint         at_least,
                  guint         at_most)
{
  ConnectionsWait w = { f, at_least, at_most };

  twin_test_wait_until (has_connections, &w, WAIT_S, "the server to have %u to %u connections", at_least, at_most);
}

static void
test_many_clients (TwinTestRest  *f,
                   gconstpointer  data)
{
  g_autofree char *text = healthz_request (f);

  /* More clients, one after the other, than the connection cap. */
  for (guint i = 0; i < TWIN_REST_DEFAULT_MAX_CONNECTIONS + 44; i++)
    {
      g_autoptr(GSocket) socket = twin_test_rest_raw_connect (f);

      g_assert_cmpuint (raw_exchange (socket, text, NULL), ==, 200);
      g_socket_close (socket, NULL);
    }

  wait_connections (f, 0, 0);
  g_free (twin_test_rest_get_ok (f, "/healthz"));
}

static void
test_gauge (TwinTestRest  *f,
            gconstpointer  data)
{
  g_autofree char *text = healthz_request (f);
  GSocket *sockets[20];

  for (guint i = 0; i < G_N_ELEMENTS (sockets); i++)
    {
      sockets[i] = twin_test_rest_raw_connect (f);
      g_assert_cmpuint (raw_exchange (sockets[i], text, NULL), ==, 200);
    }
  g_assert_cmpuint (twin_rest_server_get_n_connections (f->rest), <=, G_N_ELEMENTS (sockets));

  for (guint i = 0; i < G_N_ELEMENTS (sockets); i++)
    g_object_unref (sockets[i]);
  wait_connections (f, 0, 0);

  {
    g_autofree char *metrics = twin_test_rest_get_ok (f, "/metrics");

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
test_sockets_freed (TwinTestRest  *f,
                    gconstpointer  data)
{
  g_autofree char *text = healthz_request (f);
  Seen seen = { g_hash_table_new (NULL, NULL), 0 };
  guint signal_id = g_signal_lookup ("request-started", SOUP_TYPE_SERVER);
  gulong hook = g_signal_add_emission_hook (signal_id, 0, request_started_hook, &seen, NULL);

  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(GSocket) socket = twin_test_rest_raw_connect (f);

      g_assert_cmpuint (raw_exchange (socket, text, NULL), ==, 200);
    }
  g_signal_remove_emission_hook (signal_id, hook);

  /* Every connection's socket is finalized once its client closed. */
  g_assert_cmpuint (seen.seen, >=, 20);
  twin_test_wait_until (all_finalized, &seen, WAIT_S, "the sockets of %u connections to be finalized",
                        g_hash_table_size (seen.live));
  g_hash_table_unref (seen.live);
}

/* Keep-alive works, and a client leaving between two requests ends its
 * connection (libsoup 3.2 alone would keep it forever). */
static void
test_keep_alive (TwinTestRest  *f,
                 gconstpointer  data)
{
  g_autofree char *text = healthz_request (f);
  g_autoptr(GSocket) socket = twin_test_rest_raw_connect (f);

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *response = NULL;

      g_assert_cmpuint (raw_exchange (socket, text, &response), ==, 200);
      g_assert_null (strstr (response, "Connection: close"));
      g_assert_cmpuint (twin_rest_server_get_n_connections (f->rest), ==, 1);
    }

  g_socket_close (socket, NULL);
  wait_connections (f, 0, 0);
  g_free (twin_test_rest_get_ok (f, "/healthz"));
}

static gboolean
raw_closed_cb (gpointer data)
{
  return twin_test_raw_closed (data);
}

static void
test_idle_closed (TwinTestRest  *f,
                  gconstpointer  data)
{
  g_autofree char *text = healthz_request (f);
  g_autoptr(GSocket) socket = NULL;

  twin_rest_server_set_limits (f->rest, TWIN_REST_DEFAULT_MAX_CONNECTIONS, 300);
  socket = twin_test_rest_raw_connect (f);
  g_assert_cmpuint (raw_exchange (socket, text, NULL), ==, 200);

  /* Whether the server keeps the connection alive or not, it does not
   * keep it longer than the idle timeout after its last response. */
  twin_test_wait_until (raw_closed_cb, socket, WAIT_S, "the server to close the connection");
  wait_connections (f, 0, 0);
}

static void
test_too_large_at_once (TwinTestRest  *f,
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
  socket = twin_test_rest_raw_connect (f);
  g_assert_cmpuint (raw_exchange (socket, text, &response), ==, 413);
  g_assert_nonnull (strstr (response, "body: 100000000 bytes is too large"));
  twin_test_wait_until (raw_closed_cb, socket, WAIT_S, "the server to close the connection");
  g_free (twin_test_rest_get_ok (f, "/healthz"));
}

typedef struct
{
  TwinTestRest *f;
  GSocket      *slow;
  const char   *trickle;
  gsize         sent;
  guint         served;
  gint64        next;
} Trickle;

/* A byte on the slow connection and a request on another, every 20 ms,
 * until the server closes the slow one. */
static gboolean
trickled_until_closed (gpointer data)
{
  Trickle *t = data;

  if (twin_test_raw_closed (t->slow))
    return TRUE;
  if (g_get_monotonic_time () < t->next)
    return FALSE;

  if (t->sent < strlen (t->trickle))
    {
      g_socket_send (t->slow, t->trickle + t->sent, 1, NULL, NULL);
      t->sent++;
    }
  g_free (twin_test_rest_get_ok (t->f, "/healthz"));
  t->served++;
  t->next = g_get_monotonic_time () + 20 * 1000;
  return FALSE;
}

static void
test_slow_client (TwinTestRest  *f,
                  gconstpointer  data)
{
  const char *trickle = "GET /state HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
  g_autoptr(GSocket) slow = NULL;
  Trickle t = { 0 };
  gint64 start;

  twin_rest_server_set_limits (f->rest, 64, 1000);
  slow = twin_test_rest_raw_connect (f);
  start = g_get_monotonic_time ();

  /* One header byte every 20 ms: the request is never whole, the server
   * closes the connection after its timeout, and answers others meanwhile. */
  t.f = f;
  t.slow = slow;
  t.trickle = trickle;
  twin_test_wait_until (trickled_until_closed, &t, 20, "the server to close a request that never ends");

  g_assert_cmpuint (t.served, >, 5);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 900 * 1000);
  g_free (twin_test_rest_get_ok (f, "/state"));
}

static void
test_idle_connections (TwinTestRest  *f,
                       gconstpointer  data)
{
  GSocket *idle[200];

  /* Memory is checked by /rest/connections/closed-sockets-freed and
   * measured by tests/bench/rest-connections.sh, not here. */
  twin_rest_server_set_limits (f->rest, TWIN_REST_DEFAULT_MAX_CONNECTIONS, 1500);

  for (guint round = 0; round < 3; round++)
    {
      for (guint i = 0; i < G_N_ELEMENTS (idle); i++)
        idle[i] = twin_test_rest_raw_connect (f);
      wait_connections (f, G_N_ELEMENTS (idle), G_MAXUINT);

      /* 200 idle connections do not hold up a request. */
      for (guint i = 0; i < 20; i++)
        g_free (twin_test_rest_get_ok (f, "/state"));
      g_assert_cmpuint (twin_rest_server_get_n_connections (f->rest), <=, G_N_ELEMENTS (idle) + 10);

      for (guint i = 0; i < G_N_ELEMENTS (idle); i++)
        g_object_unref (idle[i]);
      wait_connections (f, 0, 10);
    }

  /* Above the cap, the oldest idle connections make room; requests still go through. */
  twin_rest_server_set_limits (f->rest, 50, 500);
  for (guint i = 0; i < G_N_ELEMENTS (idle); i++)
    {
      idle[i] = twin_test_rest_raw_connect (f);
      g_main_context_iteration (NULL, FALSE);
      g_assert_cmpuint (twin_rest_server_get_n_connections (f->rest), <=, 50);
    }
  for (guint i = 0; i < 10; i++)
    {
      g_free (twin_test_rest_get_ok (f, "/state"));
      g_assert_cmpuint (twin_rest_server_get_n_connections (f->rest), <=, 50);
    }

  /* And those nobody uses time out. */
  wait_connections (f, 0, 1);
  g_assert_true (twin_test_raw_closed (idle[G_N_ELEMENTS (idle) - 1]));
  for (guint i = 0; i < G_N_ELEMENTS (idle); i++)
    g_object_unref (idle[i]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  twin_test_rest_add ("/rest/connections/more-clients-than-the-cap-served", test_many_clients);
  twin_test_rest_add ("/rest/connections/gauge-counts-open-connections", test_gauge);
  twin_test_rest_add ("/rest/connections/closed-sockets-freed", test_sockets_freed);
  twin_test_rest_add ("/rest/connections/keep-alive-until-the-client-leaves", test_keep_alive);
  twin_test_rest_add ("/rest/connections/idle-closed-after-timeout", test_idle_closed);
  twin_test_rest_add ("/rest/connections/slow-client-closed-others-served", test_slow_client);
  twin_test_rest_add ("/rest/connections/idle-ones-make-room-and-time-out", test_idle_connections);
  twin_test_rest_add ("/rest/connections/too-large-body-refused-at-once", test_too_large_at_once);

  return g_test_run ();
}
