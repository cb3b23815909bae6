/* bench-soup-bare.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The baseline for tests/bench/bench-rest.sh: a bare libsoup-3 server that
 * answers every request with the same 350-byte JSON body. Prints its URL,
 * serves until SIGTERM or SIGINT.
 */

#include <glib-unix.h>
#include <libsoup/soup.h>
#include <string.h>

static char body[351];

static void
handler_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           data)
{
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, body, 350);
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  GSList *uris;

  memset (body, ' ', 350);
  {
    const char *head = "{\"temperature\":65.0,\"vibration\":2.1,\"rpm\":1500,\"timestamp\":12.5,\"pad\":\"";

    memcpy (body, head, strlen (head));
  }
  body[348] = '"';
  body[349] = '}';

  soup_server_add_handler (server, NULL, handler_cb, NULL, NULL);
  if (!soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    {
      g_printerr ("bench-soup-bare: %s\n", error->message);
      return 1;
    }

  uris = soup_server_get_uris (server);
  g_print ("%s\n", g_uri_to_string (uris->data));
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);

  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_main_loop_run (loop);

  return 0;
}
