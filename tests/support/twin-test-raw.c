/* twin-test-raw.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdlib.h>
#include <string.h>

#include "twin-test-raw.h"
#include "twin-test-wait.h"

GSocket *
twin_test_raw_connect (guint port)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) addr = g_inet_socket_address_new (lo, (guint16)port);
  GSocket *socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);

  g_assert_no_error (error);
  /* The kernel completes the handshake from the listen backlog, before
   * the server accepts; the server runs on this thread, so never block. */
  g_socket_set_blocking (socket, FALSE);
  if (!g_socket_connect (socket, addr, NULL, &error))
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PENDING);
  return socket;
}

static gboolean
would_block (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PENDING) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED);
}

/* The reply is whole at end of stream, after Content-Length bytes of
 * body, or with the head of a 101 or 204. */
static gboolean
reply_complete (GString *in)
{
  const char *end = strstr (in->str, "\r\n\r\n");
  const char *length;

  if (end == NULL)
    return FALSE;
  if (g_str_has_prefix (in->str, "HTTP/1.1 101") || g_str_has_prefix (in->str, "HTTP/1.1 204"))
    return TRUE;
  length = g_strstr_len (in->str, end - in->str, "\r\nContent-Length: ");
  return length != NULL &&
         in->len - (gsize)(end + 4 - in->str) >= g_ascii_strtoull (length + 18, NULL, 10);
}

typedef struct
{
  GSocket    *socket;
  const char *text;
  gsize       sent;
  GString    *in;
  gboolean    closed;
} Exchange;

/* Sends what the socket takes, then reads what came: one step of an
 * exchange, which is over when the reply is whole or the server closed. */
static gboolean
exchanged (gpointer data)
{
  Exchange *x = data;
  gsize len = strlen (x->text);

  while (x->sent < len)
    {
      g_autoptr(GError) error = NULL;
      gssize n = g_socket_send (x->socket, x->text + x->sent, len - x->sent, NULL, &error);

      if (n > 0)
        x->sent += (gsize)n;
      else if (would_block (error))
        return FALSE;
      else
        g_assert_no_error (error);
    }

  while (!x->closed && !reply_complete (x->in))
    {
      g_autoptr(GError) error = NULL;
      char buf[4096];
      gssize n = g_socket_receive (x->socket, buf, sizeof buf, NULL, &error);

      if (n > 0)
        g_string_append_len (x->in, buf, n);
      else if (n == 0)
        x->closed = TRUE;
      else if (would_block (error))
        return FALSE;
      else
        g_assert_no_error (error);
    }

  return TRUE;
}

static gboolean
ready_cb (GSocket      *socket,
          GIOCondition  condition,
          gpointer      data)
{
  return G_SOURCE_CONTINUE;
}

/**
 * twin_test_raw_send:
 *
 * Sends @text exactly as it is and runs the main context (and so a server
 * on this thread) until the reply is in.
 *
 * Returns: (transfer full): the reply, head and body
 */
char *
twin_test_raw_send (GSocket    *socket,
                    const char *text)
{
  Exchange x = { socket, text, 0, g_string_new (NULL), FALSE };
  /* Wakes the main context as soon as the reply is there to read. */
  g_autoptr(GSource) readable = g_socket_create_source (socket, G_IO_IN | G_IO_HUP | G_IO_ERR, NULL);

  g_source_set_callback (readable, G_SOURCE_FUNC (ready_cb), NULL, NULL);
  g_source_attach (readable, NULL);
  twin_test_wait_until (exchanged, &x, TWIN_TEST_RAW_TIMEOUT_S, "a reply from the server to %.*s",
                        (int)strcspn (text, "\r\n"), text);
  g_source_destroy (readable);
  g_assert_true (g_str_has_prefix (x.in->str, "HTTP/1."));
  return g_string_free (x.in, FALSE);
}

guint
twin_test_raw_status (const char *reply)
{
  return (guint)atoi (reply + strlen ("HTTP/1.1 "));
}

/* TRUE once the server closed the connection. */
gboolean
twin_test_raw_closed (GSocket *socket)
{
  g_autoptr(GError) error = NULL;
  char buf[4096];
  gssize n;

  n = g_socket_receive (socket, buf, sizeof buf, NULL, &error);
  if (n == 0)
    return TRUE;
  if (n < 0)
    return !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK);
  return FALSE;
}
