/* twin-test-env.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <arpa/inet.h>
#include <glib/gstdio.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "twin-test-env.h"

/* A port of 127.0.0.1 nobody listens on, as the kernel hands one out. */
guint
twin_test_free_port (void)
{
  struct sockaddr_in addr = { 0 };
  socklen_t len = sizeof addr;
  int fd = socket (AF_INET, SOCK_STREAM, 0);

  g_assert_cmpint (fd, >=, 0);
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  g_assert_cmpint (bind (fd, (struct sockaddr *)&addr, sizeof addr), ==, 0);
  g_assert_cmpint (getsockname (fd, (struct sockaddr *)&addr, &len), ==, 0);
  close (fd);

  return ntohs (addr.sin_port);
}

/**
 * twin_test_use_data_home:
 *
 * Points XDG_DATA_HOME (where the MQTT queue files go) at a new temporary
 * directory; call before anything reads it. GLib's own per-test
 * directories (G_TEST_OPTION_ISOLATE_DIRS) leak their names in 2.74.
 *
 * Returns: (transfer full): the directory, for twin_test_remove_tree()
 */
char *
twin_test_use_data_home (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("twin-data-XXXXXX", &error);

  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", dir, TRUE);
  return dir;
}

/* The entries of @dir: what a test left there. */
guint
twin_test_count_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  g_assert_nonnull (d);
  while (g_dir_read_name (d) != NULL)
    n++;

  return n;
}

void
twin_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        if (g_file_test (child, G_FILE_TEST_IS_DIR))
          twin_test_remove_tree (child);
        else
          g_unlink (child);
      }
  g_rmdir (path);
}

/**
 * twin_test_run_in_data_home:
 *
 * g_test_run() with a data directory of this run's own (see
 * twin_test_use_data_home()), removed afterwards: the MQTT queue files of
 * the client ids the tests name go there.
 *
 * Returns: what g_test_run() returned
 */
int
twin_test_run_in_data_home (void)
{
  g_autofree char *data_home = twin_test_use_data_home ();
  int status = g_test_run ();

  twin_test_remove_tree (data_home);
  return status;
}

/**
 * twin_test_sanitized:
 *
 * Returns: whether this build runs under a sanitizer (TWIN_TEST_SANITIZED,
 *   set by tests/meson.build). Such a build runs a few times slower, with
 *   irregular pauses, and ASan keeps freed memory in quarantine: the few
 *   figures of time and memory footprint a test checks are checked in the
 *   normal build, while the sanitized one checks the same paths for
 *   memory errors, leaks and races.
 */
gboolean
twin_test_sanitized (void)
{
  return g_strcmp0 (g_getenv ("TWIN_TEST_SANITIZED"), "1") == 0;
}
