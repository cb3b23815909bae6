/* test-mcap-writer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The MCAP files Twinscope writes, read back by @mcap/core: a finished file
 * through its summary (with seeking), a file whose writer was killed with
 * SIGKILL record by record up to its last flush, and a file that cannot be
 * created.
 */

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>

#include "twin-mcap-writer.h"
#include "twin-test-mcap.h"

#define N_MESSAGES 3000
#define PER_FLUSH  700

static const char *state_schema = "{\"type\":\"object\",\"properties\":{\"i\":{\"type\":\"integer\"}}}";

/* Two channels, metadata, and messages in several flushes: at the end,
 * @flushed of them were flushed and the rest only added. */
static TwinMcapWriter *
write_file (const char *path,
            guint       n_messages,
            guint      *flushed)
{
  const char *pairs[] = { "model", "physical@3", "seed", "42", NULL };
  g_autoptr(GError) error = NULL;
  TwinMcapWriter *w = twin_mcap_writer_new (path, "", "Twinscope test", &error);
  guint16 schema, states, events;

  g_assert_no_error (error);
  schema = twin_mcap_writer_add_schema (w, "twinscope.State", "jsonschema", state_schema);
  g_assert_cmpuint (schema, ==, 1);
  states = twin_mcap_writer_add_channel (w, schema, "/state", "json");
  events = twin_mcap_writer_add_channel (w, 0, "/events", "json");
  g_assert_cmpuint (states, ==, 1);
  g_assert_cmpuint (events, ==, 2);
  twin_mcap_writer_add_metadata (w, "twinscope", pairs);

  *flushed = 0;
  for (guint i = 0; i < n_messages; i++)
    {
      g_autofree char *data = g_strdup_printf ("{\"i\":%u}", i);

      twin_mcap_writer_add_message (w, i % 10 == 9 ? events : states, (guint64)i * 100000000, data, strlen (data));
      if ((i + 1) % PER_FLUSH == 0)
        {
          g_assert_true (twin_mcap_writer_flush (w, &error));
          g_assert_no_error (error);
          g_assert_cmpuint (twin_mcap_writer_get_pending (w), ==, 0);
          *flushed = i + 1;
        }
    }
  return w;
}

static void
assert_messages (const cJSON *root,
                 guint        n)
{
  const cJSON *messages = cJSON_GetObjectItem (root, "messages");

  g_assert_cmpint (cJSON_GetArraySize (messages), ==, n);
  for (guint i = 0; i < n; i++)
    {
      const cJSON *m = cJSON_GetArrayItem (messages, i);
      g_autofree char *data = g_strdup_printf ("{\"i\":%u}", i);

      g_assert_cmpstr (cJSON_GetObjectItem (m, "data")->valuestring, ==, data);
      g_assert_cmpstr (cJSON_GetObjectItem (m, "topic")->valuestring, ==, i % 10 == 9 ? "/events" : "/state");
      g_assert_cmpfloat (cJSON_GetObjectItem (m, "log_time")->valuedouble, ==, (double)i * 100000000);
    }
}

static void
assert_metadata (const cJSON *root)
{
  const cJSON *metadata = cJSON_GetArrayItem (cJSON_GetObjectItem (root, "metadata"), 0);

  g_assert_cmpstr (cJSON_GetObjectItem (metadata, "name")->valuestring, ==, "twinscope");
  g_assert_cmpstr (cJSON_GetObjectItem (cJSON_GetObjectItem (metadata, "metadata"), "model")->valuestring, ==, "physical@3");
  g_assert_cmpstr (cJSON_GetObjectItem (cJSON_GetObjectItem (metadata, "metadata"), "seed")->valuestring, ==, "42");
}

static void
test_finished (void)
{
  g_autofree char *dir = g_dir_make_tmp ("twin-mcap-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "finished.mcap", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(TwinMcapWriter) w = NULL;
  const cJSON *stats, *schema;
  guint flushed;
  cJSON *root;

  w = write_file (path, N_MESSAGES, &flushed);
  g_assert_true (twin_mcap_writer_close (w, &error));
  g_assert_no_error (error);

  root = twin_test_read_mcap (path, "indexed");
  assert_messages (root, N_MESSAGES);
  assert_metadata (root);
  stats = cJSON_GetObjectItem (root, "statistics");
  g_assert_cmpint (cJSON_GetObjectItem (stats, "messages")->valueint, ==, N_MESSAGES);
  g_assert_cmpint (cJSON_GetObjectItem (stats, "channels")->valueint, ==, 2);
  g_assert_cmpint (cJSON_GetObjectItem (stats, "metadata")->valueint, ==, 1);
  /* One chunk per flush, and the rest at close. */
  g_assert_cmpint (cJSON_GetObjectItem (stats, "chunks")->valueint, ==, N_MESSAGES / PER_FLUSH + 1);
  g_assert_cmpint (cJSON_GetObjectItem (root, "chunks")->valueint, ==, N_MESSAGES / PER_FLUSH + 1);
  schema = cJSON_GetArrayItem (cJSON_GetObjectItem (root, "schemas"), 0);
  g_assert_cmpstr (cJSON_GetObjectItem (schema, "encoding")->valuestring, ==, "jsonschema");
  g_assert_cmpstr (cJSON_GetObjectItem (schema, "data")->valuestring, ==, state_schema);
  /* Seeking to the middle reads the second half only. */
  g_assert_cmpint (cJSON_GetObjectItem (root, "from_middle")->valueint, ==, N_MESSAGES - N_MESSAGES / 2);
  cJSON_Delete (root);

  /* Record by record, with every CRC checked, to the footer. */
  root = twin_test_read_mcap (path, "stream");
  assert_messages (root, N_MESSAGES);
  g_assert_true (cJSON_IsTrue (cJSON_GetObjectItem (root, "footer")));
  g_assert_true (cJSON_IsTrue (cJSON_GetObjectItem (root, "done")));
  cJSON_Delete (root);

  g_unlink (path);
  g_rmdir (dir);
}

/* The writer's process is killed with messages added since the last flush:
 * the file holds every flushed message, and nothing else. */
static void
test_killed (void)
{
  g_autofree char *dir = g_dir_make_tmp ("twin-mcap-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "killed.mcap", NULL);
  guint flushed = N_MESSAGES / PER_FLUSH * PER_FLUSH;
  cJSON *root;

  if (g_test_subprocess ())
    {
      guint n;

      write_file (g_getenv ("TWIN_MCAP_PATH"), N_MESSAGES, &n);
      raise (SIGKILL);
    }

  g_setenv ("TWIN_MCAP_PATH", path, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_failed ();

  root = twin_test_read_mcap (path, "stream");
  assert_messages (root, flushed);
  assert_metadata (root);
  g_assert_false (cJSON_IsTrue (cJSON_GetObjectItem (root, "footer")));
  cJSON_Delete (root);

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_cannot_create (void)
{
  g_autoptr(GError) error = NULL;
  TwinMcapWriter *w = twin_mcap_writer_new ("/nonexistent-dir/run.mcap", "", "Twinscope test", &error);

  g_assert_null (w);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "/nonexistent-dir/run.mcap"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/mcap/writer/finished-file-reads-through-its-summary", test_finished);
  g_test_add_func ("/mcap/writer/killed-writer-leaves-what-it-flushed", test_killed);
  g_test_add_func ("/mcap/writer/cannot-create", test_cannot_create);

  return g_test_run ();
}
