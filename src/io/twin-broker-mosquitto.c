/* twin-broker-mosquitto.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The built-in broker's child process: where mosquitto is, the
 * configuration it is started with, and how it is stopped.
 */

#define G_LOG_DOMAIN "twin-broker"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "twin-broker-private.h"

static char *
find_mosquitto (void)
{
  static const char * const sbin[] = { "/usr/sbin/mosquitto", "/usr/local/sbin/mosquitto", "/app/sbin/mosquitto" };
  char *path = g_find_program_in_path ("mosquitto");

  /* Debian puts it in /usr/sbin, which a user's PATH lacks. */
  for (guint i = 0; path == NULL && i < G_N_ELEMENTS (sbin); i++)
    if (g_file_test (sbin[i], G_FILE_TEST_IS_EXECUTABLE))
      path = g_strdup (sbin[i]);

  return path;
}

static gboolean
ipv6_loopback_works (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV6, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV6);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);

  return socket != NULL && g_socket_bind (socket, any, FALSE, NULL);
}

/* Loopback only and anonymous; persistent, so that what a subscriber that
 * is away missed survives a restart; queues large enough that nothing is
 * dropped silently; sessions of clients gone for a week forgotten. */
static char *
write_config (guint    port,
              GError **error)
{
  g_autofree char *dir = g_build_filename (g_get_user_runtime_dir (), "twinscope", NULL);
  g_autofree char *data = g_build_filename (g_get_user_data_dir (), "twinscope", "broker", NULL);
  g_autofree char *name = g_strdup_printf ("mosquitto-%u.conf", port);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GString) config = g_string_new ("# Written by Twinscope for its built-in broker at each start.\n");

  if (g_mkdir_with_parents (dir, 0700) != 0 || g_mkdir_with_parents (data, 0700) != 0)
    {
      g_set_error (error, TWIN_BROKER_ERROR, TWIN_BROKER_ERROR_FAILED,
                   "cannot create %s or %s: %s", dir, data, g_strerror (errno));
      return NULL;
    }

  /* As root, mosquitto would become the user mosquitto, who cannot write
   * the persistence directory. */
  if (geteuid () == 0)
    g_string_append (config, "user root\n");
  /* localhost may resolve to ::1 first, and not every client tries the
   * next address (the tutorial's Node client on Node 18 does not). */
  if (ipv6_loopback_works ())
    g_string_append_printf (config, "listener %u ::1\n", port);
  g_string_append_printf (config,
                          "listener %u 127.0.0.1\n"
                          "allow_anonymous true\n"
                          "persistence true\n"
                          "persistence_location %s/\n"
                          "persistence_file mosquitto-%u.db\n"
                          "autosave_interval 60\n"
                          "persistent_client_expiration 7d\n"
                          "max_queued_messages %u\n"
                          "max_queued_bytes 0\n"
                          "log_dest stderr\n"
                          "log_type error\n"
                          "log_type warning\n",
                          port, data, port, TWIN_BROKER_QUEUED_MESSAGES);

  if (!g_file_set_contents_full (path, config->str, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    return NULL;

  return g_steal_pointer (&path);
}

/* The broker goes when Twinscope goes, even when it crashes. */
static void
die_with_parent (gpointer data)
{
#ifdef __linux__
  prctl (PR_SET_PDEATHSIG, SIGTERM);
#endif
}

/**
 * _twin_broker_mosquitto_spawn:
 * @config_path: (out): the configuration it was started with, to remove
 *   once it stopped
 *
 * Starts mosquitto listening on loopback at @port, its standard error
 * piped to the caller.
 */
GSubprocess *
_twin_broker_mosquitto_spawn (guint     port,
                              char    **config_path,
                              GError  **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *program = find_mosquitto ();
  g_autofree char *path = NULL;
  GSubprocess *process;

  if (program == NULL)
    {
      g_set_error_literal (error, TWIN_BROKER_ERROR, TWIN_BROKER_ERROR_FAILED,
                           "mosquitto was not found; install it (Debian: the package mosquitto) "
                           "or choose an external broker in the preferences");
      return NULL;
    }

  path = write_config (port, error);
  if (path == NULL)
    return NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  process = g_subprocess_launcher_spawn (launcher, error, program, "-c", path, NULL);
  if (process == NULL)
    {
      g_unlink (path);
      return NULL;
    }

  g_debug ("started %s on port %u (pid %s)", program, port, g_subprocess_get_identifier (process));
  *config_path = g_steal_pointer (&path);
  return process;
}

static void
terminated_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      data)
{
  gboolean *exited = data;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  *exited = TRUE;
}

static gboolean
tick_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* SIGTERM (again each second: one sent as it starts may go unseen), so
 * that it writes its persistence file; SIGKILL after @timeout_ms. Waits on
 * a context of its own: the caller's may be on its way out. */
void
_twin_broker_mosquitto_terminate (GSubprocess *process,
                                  guint        timeout_ms)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GSource) tick = g_timeout_source_new (50);
  gint64 deadline = g_get_monotonic_time () + (gint64)timeout_ms * 1000;
  gint64 next_signal = 0;
  gboolean exited = FALSE;

  g_main_context_push_thread_default (context);
  g_source_set_callback (tick, tick_cb, NULL, NULL);
  g_source_attach (tick, context);
  g_subprocess_wait_async (process, NULL, terminated_cb, &exited);

  while (!exited)
    {
      gint64 now = g_get_monotonic_time ();

      if (now >= deadline)
        {
          g_warning ("built-in broker: mosquitto did not exit within %u ms of SIGTERM; killing it", timeout_ms);
          g_subprocess_force_exit (process);
          deadline = G_MAXINT64;
        }
      else if (now >= next_signal)
        {
          g_subprocess_send_signal (process, SIGTERM);
          next_signal = now + G_USEC_PER_SEC;
        }
      g_main_context_iteration (context, TRUE);
    }

  g_source_destroy (tick);
  g_main_context_pop_thread_default (context);
}

