/* test-mcap.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The MCAP files Twinscope writes, read back by @mcap/core and by
 * Twinscope's own reader: a finished file through its summary (with
 * seeking), a file whose writer was killed with SIGKILL record by record up
 * to its last flush, a file torn in the middle of a chunk, a corrupted
 * chunk, and files that cannot be created or are not MCAP.
 */

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>

#include "twin-mcap-reader.h"
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

/* What Twinscope's own reader finds: the messages, checked as above, and
 * whether the file was finished. */
static void
assert_own_reader (const char *path,
                   guint       n,
                   gboolean    complete)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TwinMcapReader) r = twin_mcap_reader_new (path, &error);
  TwinMcapMessage m;
  guint i = 0;

  g_assert_no_error (error);
  g_assert_cmpstr (twin_mcap_reader_get_metadata (r, "twinscope", "model"), ==, "physical@3");
  g_assert_null (twin_mcap_reader_get_metadata (r, "twinscope", "nothing"));
  g_assert_null (twin_mcap_reader_get_metadata (r, "nothing", "model"));
  while (twin_mcap_reader_next (r, &m, &error))
    {
      g_autofree char *data = g_strdup_printf ("{\"i\":%u}", i);

      g_assert_cmpmem (m.data, m.length, data, strlen (data));
      g_assert_cmpstr (m.topic, ==, i % 10 == 9 ? "/events" : "/state");
      g_assert_cmpuint (m.log_time, ==, (guint64)i * 100000000);
      i++;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (i, ==, n);
  g_assert_cmpint (twin_mcap_reader_is_complete (r), ==, complete);
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
  assert_own_reader (path, N_MESSAGES, TRUE);

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
  assert_own_reader (path, flushed, FALSE);

  g_unlink (path);
  g_rmdir (dir);
}

/* Torn in the middle of its last chunk, as a write cut short by a power
 * loss leaves it: read up to the last whole chunk. A flipped byte inside a
 * chunk fails its CRC, with a message that says where. */
static void
test_torn_and_corrupt (void)
{
  g_autofree char *dir = g_dir_make_tmp ("twin-mcap-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "torn.mcap", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(TwinMcapWriter) w = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(TwinMcapReader) r = NULL;
  TwinMcapMessage m;
  gsize length, cut;
  guint flushed;
  char *hit;

  w = write_file (path, 2 * PER_FLUSH, &flushed);
  g_assert_cmpuint (flushed, ==, 2 * PER_FLUSH);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  /* The second chunk starts where the first's last message index ends:
   * cut the file halfway through the second chunk's messages. */
  hit = memmem (contents, length, "{\"i\":1050}", 10);
  g_assert_nonnull (hit);
  cut = hit - contents;
  g_assert_true (g_file_set_contents (path, contents, cut, NULL));
  assert_own_reader (path, PER_FLUSH, FALSE);

  contents[(char *)memmem (contents, length, "{\"i\":350}", 9) - contents + 6] = '9';
  g_assert_true (g_file_set_contents (path, contents, length, NULL));
  r = twin_mcap_reader_new (path, &error);
  g_assert_no_error (error);
  while (twin_mcap_reader_next (r, &m, &error))
    ;
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "CRC"));

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_not_mcap (void)
{
  g_autofree char *dir = g_dir_make_tmp ("twin-mcap-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "state.json", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, "{\"temperature\": 65.0}", -1, NULL));
  g_assert_null (twin_mcap_reader_new (path, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, "not an MCAP file"));
  g_clear_error (&error);

  g_assert_null (twin_mcap_reader_new ("/nonexistent-dir/run.mcap", &error));
  g_assert_nonnull (error);

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
  g_test_add_func ("/mcap/reader/torn-file-reads-to-its-last-whole-chunk", test_torn_and_corrupt);
  g_test_add_func ("/mcap/reader/not-mcap", test_not_mcap);

  return g_test_run ();
}
