/* twin-ws-stream.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The stream a /ws client's SoupWebsocketConnection runs on. libsoup
 * answers every ping with a pong it queues in memory, inserting each
 * pong ahead of the data in a list it walks from the start, and reads
 * for as long as the client sends: a client that floods pings and never
 * reads grows that queue without bound and holds the main loop. This
 * stream sees what libsoup cannot be asked: whether the client stopped
 * reading (a write would block), and how much it sent since. Past
 * @max_backlog bytes sent to a client that does not read, every read
 * fails, and libsoup closes the connection. It also hands libsoup at most
 * @read_budget bytes per wake-up, so other sources run in between.
 */

#define G_LOG_DOMAIN "twin-rest"

#include "config.h"

#include "twin-ws-stream.h"

struct _TwinWsStream
{
  GIOStream      parent_instance;

  GIOStream     *base;
  GInputStream  *input;
  GOutputStream *output;

  gsize          max_backlog;
  gsize          read_budget;
  gsize          budget_left;
  gsize          read_while_blocked;
  gboolean       blocked;
  gboolean       overflowed;
};

G_DEFINE_FINAL_TYPE (TwinWsStream, twin_ws_stream, G_TYPE_IO_STREAM)

/* Input */

#define TWIN_TYPE_WS_INPUT (twin_ws_input_get_type ())
G_DECLARE_FINAL_TYPE (TwinWsInput, twin_ws_input, TWIN, WS_INPUT, GInputStream)

struct _TwinWsInput
{
  GInputStream  parent_instance;
  TwinWsStream *stream;   /* owns this */
};

static void twin_ws_input_pollable_init (GPollableInputStreamInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TwinWsInput, twin_ws_input, G_TYPE_INPUT_STREAM,
                               G_IMPLEMENT_INTERFACE (G_TYPE_POLLABLE_INPUT_STREAM,
                                                      twin_ws_input_pollable_init))

static GPollableInputStream *
base_input (TwinWsStream *stream)
{
  return G_POLLABLE_INPUT_STREAM (g_io_stream_get_input_stream (stream->base));
}

static gboolean
refuse_dropped (TwinWsStream  *stream,
                GError       **error)
{
  if (!stream->overflowed)
    return FALSE;

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
               "WebSocket client dropped: it sent over %" G_GSIZE_FORMAT " bytes while not reading",
               stream->max_backlog);
  return TRUE;
}

static void
account_read (TwinWsStream *stream,
              gssize        n)
{
  if (n <= 0)
    return;

  stream->budget_left -= MIN ((gsize)n, stream->budget_left);
  if (stream->blocked && (stream->read_while_blocked += (gsize)n) > stream->max_backlog)
    {
      g_debug ("Dropping a WebSocket client that sends without reading");
      stream->overflowed = TRUE;
    }
}

static gssize
twin_ws_input_read_nonblocking (GPollableInputStream  *pollable,
                                void                  *buffer,
                                gsize                  count,
                                GError               **error)
{
  TwinWsStream *stream = TWIN_WS_INPUT (pollable)->stream;
  gssize n;

  if (refuse_dropped (stream, error))
    return -1;

  if (stream->budget_left == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK, "Read budget spent");
      return -1;
    }

  n = g_pollable_input_stream_read_nonblocking (base_input (stream), buffer,
                                                MIN (count, stream->budget_left), NULL, error);
  account_read (stream, n);
  if (refuse_dropped (stream, error))
    return -1;

  return n;
}

static gboolean
twin_ws_input_is_readable (GPollableInputStream *pollable)
{
  TwinWsStream *stream = TWIN_WS_INPUT (pollable)->stream;

  return stream->overflowed || g_pollable_input_stream_is_readable (base_input (stream));
}

static gboolean
twin_ws_input_can_poll (GPollableInputStream *pollable)
{
  return TRUE;
}

static GSource *
twin_ws_input_create_source (GPollableInputStream *pollable,
                             GCancellable         *cancellable)
{
  TwinWsStream *stream = TWIN_WS_INPUT (pollable)->stream;
  g_autoptr(GSource) child = NULL;

  /* libsoup asks for a new source after each round of reads. */
  stream->budget_left = stream->read_budget;

  child = stream->overflowed ? g_timeout_source_new (0)
                             : g_pollable_input_stream_create_source (base_input (stream), NULL);
  return g_pollable_source_new_full (pollable, child, cancellable);
}

static void
twin_ws_input_pollable_init (GPollableInputStreamInterface *iface)
{
  iface->can_poll = twin_ws_input_can_poll;
  iface->is_readable = twin_ws_input_is_readable;
  iface->create_source = twin_ws_input_create_source;
  iface->read_nonblocking = twin_ws_input_read_nonblocking;
}

static gssize
twin_ws_input_read (GInputStream  *input,
                    void          *buffer,
                    gsize          count,
                    GCancellable  *cancellable,
                    GError       **error)
{
  TwinWsStream *stream = TWIN_WS_INPUT (input)->stream;
  gssize n;

  if (refuse_dropped (stream, error))
    return -1;

  n = g_input_stream_read (G_INPUT_STREAM (base_input (stream)), buffer, count, cancellable, error);
  account_read (stream, n);
  return refuse_dropped (stream, error) ? -1 : n;
}

static gboolean
twin_ws_input_close (GInputStream  *input,
                     GCancellable  *cancellable,
                     GError       **error)
{
  return TRUE;
}

static void
twin_ws_input_class_init (TwinWsInputClass *klass)
{
  GInputStreamClass *input_class = G_INPUT_STREAM_CLASS (klass);

  input_class->read_fn = twin_ws_input_read;
  input_class->close_fn = twin_ws_input_close;
}

static void
twin_ws_input_init (TwinWsInput *self)
{
}

/* Output */

#define TWIN_TYPE_WS_OUTPUT (twin_ws_output_get_type ())
G_DECLARE_FINAL_TYPE (TwinWsOutput, twin_ws_output, TWIN, WS_OUTPUT, GOutputStream)

struct _TwinWsOutput
{
  GOutputStream  parent_instance;
  TwinWsStream  *stream;   /* owns this */
};

static void twin_ws_output_pollable_init (GPollableOutputStreamInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TwinWsOutput, twin_ws_output, G_TYPE_OUTPUT_STREAM,
                               G_IMPLEMENT_INTERFACE (G_TYPE_POLLABLE_OUTPUT_STREAM,
                                                      twin_ws_output_pollable_init))

static GPollableOutputStream *
base_output (TwinWsStream *stream)
{
  return G_POLLABLE_OUTPUT_STREAM (g_io_stream_get_output_stream (stream->base));
}

/* Whatever libsoup could not write now, it keeps: the client is not
 * reading. */
static void
account_write (TwinWsStream *stream,
               gsize         count,
               gssize        n,
               const GError *error)
{
  if (n < 0)
    stream->blocked = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK);
  else if ((gsize)n < count)
    stream->blocked = TRUE;
  else
    {
      stream->blocked = FALSE;
      stream->read_while_blocked = 0;
    }
}

static gssize
twin_ws_output_write_nonblocking (GPollableOutputStream  *pollable,
                                  const void             *buffer,
                                  gsize                   count,
                                  GError                **error)
{
  TwinWsStream *stream = TWIN_WS_OUTPUT (pollable)->stream;
  GError *local_error = NULL;
  gssize n;

  if (refuse_dropped (stream, error))
    return -1;

  n = g_pollable_output_stream_write_nonblocking (base_output (stream), buffer, count, NULL, &local_error);
  account_write (stream, count, n, local_error);
  if (local_error != NULL)
    g_propagate_error (error, local_error);

  return n;
}

static gboolean
twin_ws_output_is_writable (GPollableOutputStream *pollable)
{
  TwinWsStream *stream = TWIN_WS_OUTPUT (pollable)->stream;

  return g_pollable_output_stream_is_writable (base_output (stream));
}

static gboolean
twin_ws_output_can_poll (GPollableOutputStream *pollable)
{
  return TRUE;
}

static GSource *
twin_ws_output_create_source (GPollableOutputStream *pollable,
                              GCancellable          *cancellable)
{
  TwinWsStream *stream = TWIN_WS_OUTPUT (pollable)->stream;
  g_autoptr(GSource) child = g_pollable_output_stream_create_source (base_output (stream), NULL);

  return g_pollable_source_new_full (pollable, child, cancellable);
}

static void
twin_ws_output_pollable_init (GPollableOutputStreamInterface *iface)
{
  iface->can_poll = twin_ws_output_can_poll;
  iface->is_writable = twin_ws_output_is_writable;
  iface->create_source = twin_ws_output_create_source;
  iface->write_nonblocking = twin_ws_output_write_nonblocking;
}

static gssize
twin_ws_output_write (GOutputStream  *output,
                      const void     *buffer,
                      gsize           count,
                      GCancellable   *cancellable,
                      GError        **error)
{
  TwinWsStream *stream = TWIN_WS_OUTPUT (output)->stream;

  if (refuse_dropped (stream, error))
    return -1;

  return g_output_stream_write (G_OUTPUT_STREAM (base_output (stream)), buffer, count, cancellable, error);
}

static gboolean
twin_ws_output_close (GOutputStream  *output,
                      GCancellable   *cancellable,
                      GError        **error)
{
  return TRUE;
}

static void
twin_ws_output_class_init (TwinWsOutputClass *klass)
{
  GOutputStreamClass *output_class = G_OUTPUT_STREAM_CLASS (klass);

  output_class->write_fn = twin_ws_output_write;
  output_class->close_fn = twin_ws_output_close;
}

static void
twin_ws_output_init (TwinWsOutput *self)
{
}

/* The stream */

static GInputStream *
twin_ws_stream_get_input_stream (GIOStream *io_stream)
{
  return TWIN_WS_STREAM (io_stream)->input;
}

static GOutputStream *
twin_ws_stream_get_output_stream (GIOStream *io_stream)
{
  return TWIN_WS_STREAM (io_stream)->output;
}

static gboolean
twin_ws_stream_close_fn (GIOStream     *io_stream,
                         GCancellable  *cancellable,
                         GError       **error)
{
  return g_io_stream_close (TWIN_WS_STREAM (io_stream)->base, cancellable, error);
}

static void
base_closed_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(GTask) task = data;
  GError *error = NULL;

  if (g_io_stream_close_finish (G_IO_STREAM (source), result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* GIOStream's own asynchronous close would run close_fn on a worker
 * thread: the base stream is closed on this one instead. */
static void
twin_ws_stream_close_async (GIOStream           *io_stream,
                            int                  io_priority,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             data)
{
  GTask *task = g_task_new (io_stream, cancellable, callback, data);

  g_io_stream_close_async (TWIN_WS_STREAM (io_stream)->base, io_priority, cancellable, base_closed_cb, task);
}

static gboolean
twin_ws_stream_close_finish (GIOStream     *io_stream,
                             GAsyncResult  *result,
                             GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
twin_ws_stream_finalize (GObject *object)
{
  TwinWsStream *self = (TwinWsStream *)object;

  g_clear_object (&self->input);
  g_clear_object (&self->output);
  g_clear_object (&self->base);

  G_OBJECT_CLASS (twin_ws_stream_parent_class)->finalize (object);
}

static void
twin_ws_stream_class_init (TwinWsStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GIOStreamClass *stream_class = G_IO_STREAM_CLASS (klass);

  object_class->finalize = twin_ws_stream_finalize;
  stream_class->get_input_stream = twin_ws_stream_get_input_stream;
  stream_class->get_output_stream = twin_ws_stream_get_output_stream;
  stream_class->close_fn = twin_ws_stream_close_fn;
  stream_class->close_async = twin_ws_stream_close_async;
  stream_class->close_finish = twin_ws_stream_close_finish;
}

static void
twin_ws_stream_init (TwinWsStream *self)
{
}

/**
 * twin_ws_stream_new:
 * @base: the connection taken from the HTTP server; its input and output
 *   must be pollable
 * @max_backlog: bytes the client may send while it does not read
 * @read_budget: bytes handed to the reader per wake-up
 */
TwinWsStream *
twin_ws_stream_new (GIOStream *base,
                    gsize      max_backlog,
                    gsize      read_budget)
{
  TwinWsStream *self;
  TwinWsInput *input;
  TwinWsOutput *output;

  g_return_val_if_fail (G_IS_IO_STREAM (base), NULL);
  g_return_val_if_fail (G_IS_POLLABLE_INPUT_STREAM (g_io_stream_get_input_stream (base)), NULL);
  g_return_val_if_fail (G_IS_POLLABLE_OUTPUT_STREAM (g_io_stream_get_output_stream (base)), NULL);
  g_return_val_if_fail (read_budget > 0, NULL);

  self = g_object_new (TWIN_TYPE_WS_STREAM, NULL);
  self->base = g_object_ref (base);
  self->max_backlog = max_backlog;
  self->read_budget = read_budget;
  self->budget_left = read_budget;

  input = g_object_new (TWIN_TYPE_WS_INPUT, NULL);
  input->stream = self;
  self->input = G_INPUT_STREAM (input);

  output = g_object_new (TWIN_TYPE_WS_OUTPUT, NULL);
  output->stream = self;
  self->output = G_OUTPUT_STREAM (output);

  return self;
}

/**
 * twin_ws_stream_is_blocked:
 *
 * Returns: %TRUE while the client does not take what is written to it
 */
gboolean
twin_ws_stream_is_blocked (TwinWsStream *self)
{
  g_return_val_if_fail (TWIN_IS_WS_STREAM (self), FALSE);

  return self->blocked;
}

gboolean
twin_ws_stream_overflowed (TwinWsStream *self)
{
  g_return_val_if_fail (TWIN_IS_WS_STREAM (self), FALSE);

  return self->overflowed;
}

/**
 * twin_ws_stream_drop:
 *
 * Makes every further read and write fail, and wakes the reader so it
 * finds out, whatever the client does.
 */
void
twin_ws_stream_drop (TwinWsStream *self)
{
  GSocket *socket;

  g_return_if_fail (TWIN_IS_WS_STREAM (self));

  self->overflowed = TRUE;
  socket = g_object_get_data (G_OBJECT (self->base), "GSocket");
  if (socket != NULL)
    g_socket_shutdown (socket, TRUE, TRUE, NULL);
}
