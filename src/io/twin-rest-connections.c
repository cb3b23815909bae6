/* twin-rest-connections.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The REST server's table of HTTP connections. libsoup 3.2 has no
 * connection cap and no idle timeout, and it neither closes nor frees a
 * keep-alive connection whose client leaves between two requests (it
 * reads the end of stream into a message nobody waits for). So each
 * connection is followed from its first message ("request-started",
 * which libsoup emits when it accepts the connection) until libsoup
 * disconnects it, and between requests the table watches it itself: a
 * client that leaves, or stays idle past the timeout, has its connection
 * taken back from libsoup with soup_server_message_steal_connection(),
 * which is public API and makes libsoup free everything it held.
 */

#define G_LOG_DOMAIN "twin-rest"

#include "config.h"

#include <errno.h>
#include <sys/socket.h>

#include "twin-rest-private.h"

struct _TwinRestConnection
{
  GSocket           *socket;    /* owned */
  SoupServerMessage *msg;       /* the request in flight, or the last one answered */
  gint64             opened;    /* monotonic µs */
  gint64             deadline;  /* monotonic µs; 0 while a request is served */
  GSource           *watch;     /* between requests */
};

/* libsoup 3.2's listener keeps the reference g_socket_accept() gave it
 * and never drops it (later releases do): the table adopts it, so a
 * closed connection's socket is freed rather than leaked. */
static gboolean
listener_keeps_socket_ref (void)
{
  return soup_get_major_version () == 3 && soup_get_minor_version () == 2;
}

static void
connection_stop_watch (TwinRestConnection *conn)
{
  if (conn->watch == NULL)
    return;

  g_source_destroy (conn->watch);
  g_clear_pointer (&conn->watch, g_source_unref);
}

void
twin_rest_connection_free (TwinRestConnection *conn)
{
  connection_stop_watch (conn);
  g_clear_object (&conn->msg);
  g_object_unref (conn->socket);
  g_free (conn);
}

/* The socket a message came on, remembered: libsoup forgets it before
 * it announces the disconnection. */
static TwinRestConnection *
lookup (TwinRestServer    *self,
        SoupServerMessage *msg)
{
  GSocket *socket = g_object_get_data (G_OBJECT (msg), "twin-socket");

  return socket != NULL ? g_hash_table_lookup (self->connections, socket) : NULL;
}

/* Ends @conn now, whatever libsoup is waiting for on it. */
static void
close_connection (TwinRestServer     *self,
                  TwinRestConnection *conn)
{
  g_autoptr(SoupServerMessage) msg = g_object_ref (conn->msg);
  g_autoptr(GIOStream) stream = NULL;

  g_hash_table_remove (self->connections, conn->socket);
  stream = soup_server_message_steal_connection (msg);
  if (stream != NULL)
    g_io_stream_close (stream, NULL, NULL);
}

/* Between requests the client either sends the next one or leaves. This
 * source has a higher priority than libsoup's, so it sees the end of
 * stream before libsoup would read it and lose the connection. */
static gboolean
idle_watch_cb (GSocket      *socket,
               GIOCondition  condition,
               gpointer      data)
{
  TwinRestServer *self = data;
  TwinRestConnection *conn = g_hash_table_lookup (self->connections, socket);
  char byte;
  gssize n;

  g_assert (conn != NULL);

  n = recv (g_socket_get_fd (socket), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
    return G_SOURCE_CONTINUE;

  g_clear_pointer (&conn->watch, g_source_unref);
  if (n <= 0)
    close_connection (self, conn);

  return G_SOURCE_REMOVE;
}

static TwinRestConnection *
find_oldest_idle (TwinRestServer *self)
{
  GHashTableIter iter;
  TwinRestConnection *conn, *oldest = NULL;

  g_hash_table_iter_init (&iter, self->connections);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *)&conn))
    if (conn->deadline != 0 && (oldest == NULL || conn->opened < oldest->opened))
      oldest = conn;

  return oldest;
}

static void
message_disconnected_cb (SoupServerMessage *msg,
                         TwinRestServer    *self)
{
  TwinRestConnection *conn = lookup (self, msg);

  /* Every message of a connection hears of its end; the current one
   * speaks for it. */
  if (conn != NULL && conn->msg == msg)
    g_hash_table_remove (self->connections, conn->socket);
}

static void
request_started_cb (SoupServer        *server,
                    SoupServerMessage *msg,
                    TwinRestServer    *self)
{
  GSocket *socket = soup_server_message_get_socket (msg);
  gint64 now = g_get_monotonic_time ();
  TwinRestConnection *conn;

  if (socket == NULL)
    return;

  conn = g_hash_table_lookup (self->connections, socket);
  if (conn == NULL)
    {
      if (g_hash_table_size (self->connections) >= self->max_connections)
        {
          TwinRestConnection *victim = find_oldest_idle (self);

          if (victim == NULL)
            {
              g_debug ("Connection cap of %u reached with every connection busy; refusing one",
                       self->max_connections);
              /* libsoup is still setting this connection up: it reads the
               * end of stream and ends the connection itself. */
              g_socket_shutdown (socket, TRUE, TRUE, NULL);
              if (listener_keeps_socket_ref ())
                g_object_unref (socket);
              return;
            }
          close_connection (self, victim);
        }

      conn = g_new0 (TwinRestConnection, 1);
      conn->socket = listener_keeps_socket_ref () ? socket : g_object_ref (socket);
      conn->opened = now;
      conn->deadline = now + (gint64)self->idle_timeout_ms * 1000;
      g_hash_table_insert (self->connections, socket, conn);
    }

  connection_stop_watch (conn);
  g_set_object (&conn->msg, msg);
  g_object_set_data (G_OBJECT (msg), "twin-socket", socket);
  /* A keep-alive connection's deadline runs from its last response. */
  if (conn->deadline == 0)
    conn->deadline = now + (gint64)self->idle_timeout_ms * 1000;

  g_signal_connect_object (msg, "disconnected", G_CALLBACK (message_disconnected_cb), self, 0);
}

static void
request_read_cb (SoupServer        *server,
                 SoupServerMessage *msg,
                 TwinRestServer    *self)
{
  TwinRestConnection *conn = lookup (self, msg);

  if (conn != NULL)
    conn->deadline = 0;
}

/* Runs before libsoup decides whether the connection lives on; if it
 * does not, "disconnected" follows at once and the watch goes with it. */
static void
request_finished_cb (SoupServer        *server,
                     SoupServerMessage *msg,
                     TwinRestServer    *self)
{
  TwinRestConnection *conn = lookup (self, msg);

  if (conn == NULL || conn->msg != msg)
    return;

  conn->deadline = g_get_monotonic_time () + (gint64)self->idle_timeout_ms * 1000;
  if (conn->watch == NULL)
    {
      conn->watch = g_socket_create_source (conn->socket, G_IO_IN | G_IO_HUP | G_IO_ERR, NULL);
      g_source_set_priority (conn->watch, G_PRIORITY_HIGH);
      g_source_set_callback (conn->watch, (GSourceFunc)(GCallback)idle_watch_cb, self, NULL);
      g_source_attach (conn->watch, NULL);
    }
}

static gboolean
sweep_cb (gpointer data)
{
  TwinRestServer *self = data;
  gint64 now = g_get_monotonic_time ();
  g_autoptr(GPtrArray) expired = g_ptr_array_new ();
  GHashTableIter iter;
  TwinRestConnection *conn;

  g_hash_table_iter_init (&iter, self->connections);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *)&conn))
    if (conn->deadline != 0 && now >= conn->deadline)
      g_ptr_array_add (expired, conn);

  for (guint i = 0; i < expired->len; i++)
    close_connection (self, g_ptr_array_index (expired, i));

  return G_SOURCE_CONTINUE;
}

/**
 * twin_rest_connections_start:
 *
 * Follows the connections of @server, which must not have accepted one yet.
 */
void
twin_rest_connections_start (TwinRestServer *self,
                             SoupServer     *server)
{
  g_signal_connect (server, "request-started", G_CALLBACK (request_started_cb), self);
  g_signal_connect (server, "request-read", G_CALLBACK (request_read_cb), self);
  g_signal_connect (server, "request-finished", G_CALLBACK (request_finished_cb), self);
  g_signal_connect (server, "request-aborted", G_CALLBACK (request_finished_cb), self);
  twin_rest_connections_restart_sweep (self);
}

void
twin_rest_connections_restart_sweep (TwinRestServer *self)
{
  g_clear_handle_id (&self->sweep_id, g_source_remove);
  self->sweep_id = g_timeout_add (CLAMP (self->idle_timeout_ms / 4, 50, 1000), sweep_cb, self);
}

/* Closing a socket with unread input resets it, and the client, still
 * sending its body, may lose the answer: after the answer the server
 * stops writing and reads what is still coming, for a bounded while. */
#define LINGER_MS    5000
#define LINGER_BYTES (1024 * 1024)

typedef struct
{
  GIOStream    *stream;
  GBytes       *answer;
  GCancellable *cancellable;
  guint         timeout_id;
  gsize         drained;
  char          buffer[4096];
} Linger;

static void
linger_finish (Linger *linger)
{
  g_clear_handle_id (&linger->timeout_id, g_source_remove);
  g_io_stream_close (linger->stream, NULL, NULL);
  g_object_unref (linger->stream);
  g_object_unref (linger->cancellable);
  g_bytes_unref (linger->answer);
  g_free (linger);
}

static gboolean
linger_timeout_cb (gpointer data)
{
  Linger *linger = data;

  linger->timeout_id = 0;
  g_cancellable_cancel (linger->cancellable);
  return G_SOURCE_REMOVE;
}

static void
linger_read_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  Linger *linger = data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);

  if (n <= 0 || (linger->drained += (gsize)n) >= LINGER_BYTES)
    {
      linger_finish (linger);
      return;
    }

  g_input_stream_read_async (G_INPUT_STREAM (source), linger->buffer, sizeof linger->buffer,
                             G_PRIORITY_DEFAULT, linger->cancellable, linger_read_cb, linger);
}

static void
linger_written_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  Linger *linger = data;
  GSocket *socket = g_object_get_data (G_OBJECT (linger->stream), "GSocket");

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL) || socket == NULL)
    {
      linger_finish (linger);
      return;
    }

  g_socket_shutdown (socket, FALSE, TRUE, NULL);
  g_input_stream_read_async (g_io_stream_get_input_stream (linger->stream), linger->buffer,
                             sizeof linger->buffer, G_PRIORITY_DEFAULT, linger->cancellable,
                             linger_read_cb, linger);
}

/**
 * twin_rest_connections_answer_and_close:
 * @answer: (transfer full): a whole HTTP response
 *
 * Takes the connection of @msg from libsoup, writes @answer on it and
 * closes it, all within a bounded time.
 */
void
twin_rest_connections_answer_and_close (SoupServerMessage *msg,
                                        GBytes            *answer)
{
  GIOStream *stream = soup_server_message_steal_connection (msg);
  Linger *linger;

  if (stream == NULL)
    {
      g_bytes_unref (answer);
      return;
    }

  linger = g_new0 (Linger, 1);
  linger->stream = stream;
  linger->answer = answer;
  linger->cancellable = g_cancellable_new ();
  linger->timeout_id = g_timeout_add (LINGER_MS, linger_timeout_cb, linger);
  g_output_stream_write_all_async (g_io_stream_get_output_stream (stream),
                                   g_bytes_get_data (answer, NULL), g_bytes_get_size (answer),
                                   G_PRIORITY_DEFAULT, linger->cancellable, linger_written_cb, linger);
}

void
twin_rest_connections_stop (TwinRestServer *self)
{
  g_clear_handle_id (&self->sweep_id, g_source_remove);
  g_hash_table_remove_all (self->connections);
}
