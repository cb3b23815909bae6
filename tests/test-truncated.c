/* test-truncated.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Files cut short at every byte: a shipped scenario and a small finished
 * recording. A cut scenario is refused with its file's name and what is
 * wrong, and the headless binary runs nothing; a cut recording is either
 * refused with its name or replays what it still holds, never more, and
 * never says it is complete.
 */

#include <glib/gstdio.h>
#include <string.h>

#include "twin-json-scenario.h"
#include "twin-mcap-reader.h"
#include "twin-recorder.h"
#include "twin-replay.h"
#include "twin-test-process.h"

/* Without g_file_set_contents()'s sync: thousands of cuts in a row. */
static void
write_cut (const char *path,
           const char *contents,
           gsize       cut)
{
  FILE *f = fopen (path, "wb");

  g_assert_nonnull (f);
  g_assert_cmpuint (fwrite (contents, 1, cut, f), ==, cut);
  g_assert_cmpint (fclose (f), ==, 0);
}

static void
test_scenario_every_byte (void)
{
  g_autofree char *source = g_test_build_filename (G_TEST_DIST, "..", "data", "scenarios", "find-the-fault.json", NULL);
  g_autofree char *dir = g_dir_make_tmp ("twin-truncated-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "cut.json", NULL);
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (source, &contents, &length, NULL));
  /* Up to its closing brace: the newline after it is not part of it. */
  while (length > 0 && g_ascii_isspace (contents[length - 1]))
    length--;
  for (gsize cut = 0; cut < length; cut++)
    {
      g_autoptr(GError) error = NULL;
      TwinScenario *scenario;

      write_cut (path, contents, cut);
      scenario = twin_json_scenario_load (path, &error);
      if (scenario != NULL)
        g_error ("a scenario cut at byte %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " was read", cut, length);
      g_assert_nonnull (error);
      if (strstr (error->message, path) == NULL)
        g_error ("cut at %" G_GSIZE_FORMAT ": \"%s\" does not name the file", cut, error->message);
      g_assert_cmpuint (strlen (error->message), >, strlen (path) + 2);
    }

  /* The binary refuses one before it runs anything: no state, no sheet. */
  for (gsize i = 0; i < 3; i++)
    {
      gsize cut = (gsize) (length * (i + 1) / 4);
      const char *args[] = { "--scenario", path, NULL };
      g_autofree char *out = NULL, *err = NULL;

      g_assert_true (g_file_set_contents (path, contents, cut, NULL));
      g_assert_cmpint (twin_test_run_binary (args, &out, &err), ==, 2);
      g_assert_cmpstr (out, ==, "");
      g_assert_nonnull (strstr (err, path));
    }

  g_unlink (path);
  g_rmdir (dir);
}

static char *
small_recording (const char *dir)
{
  g_autoptr(TwinEngine) engine = twin_engine_new ();
  g_autoptr(TwinRecorder) recorder = NULL;
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, "small.mcap", NULL);

  recorder = twin_recorder_new (engine, path, &error);
  g_assert_no_error (error);
  twin_engine_advance (engine, 0.5);
  twin_engine_set_rpm_setpoint (engine, 2000, &error);
  g_assert_no_error (error);
  twin_engine_advance (engine, 0.5);
  g_assert_true (twin_recorder_stop (recorder, &error));
  return path;
}

typedef struct
{
  gboolean refused;     /* twin_mcap_reader_new_from_bytes () failed */
  guint    messages;    /* read before the end or an error */
  gboolean complete;
} Reading;

static Reading
read_cut (const char *contents,
          gsize       cut,
          const char *name)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (contents, cut);
  g_autoptr(GError) error = NULL;
  g_autoptr(TwinMcapReader) reader = twin_mcap_reader_new_from_bytes (bytes, name, &error);
  Reading r = { reader == NULL, 0, FALSE };
  TwinMcapMessage m;

  if (reader == NULL)
    {
      if (strstr (error->message, name) == NULL)
        g_error ("cut at %" G_GSIZE_FORMAT ": \"%s\" does not name the file", cut, error->message);
      return r;
    }
  while (twin_mcap_reader_next (reader, &m, &error))
    r.messages++;
  if (error != NULL && strstr (error->message, name) == NULL)
    g_error ("cut at %" G_GSIZE_FORMAT ": \"%s\" does not name the file", cut, error->message);
  r.complete = twin_mcap_reader_is_complete (reader);
  return r;
}

/* Where each top-level record starts: the magic, then opcode and length. */
static GArray *
record_starts (const char *contents,
               gsize       length)
{
  GArray *starts = g_array_new (FALSE, FALSE, sizeof (gsize));
  gsize pos = 8;

  while (pos + 9 <= length)
    {
      guint64 size;

      g_array_append_val (starts, pos);
      memcpy (&size, contents + pos + 1, sizeof size);
      size = GUINT64_FROM_LE (size);
      g_assert_cmpuint (size, <=, length - pos - 9);
      pos += 9 + size;
    }
  return starts;
}

/* The reader at every byte, in memory; the replay, from a file, at every
 * record's start and the byte after it — every cut inside a record reads
 * as the cut at its start, which the reader's pass shows. */
static void
test_recording_every_byte (void)
{
  g_autofree char *dir = g_dir_make_tmp ("twin-truncated-XXXXXX", NULL);
  g_autofree char *source = small_recording (dir);
  g_autofree char *path = g_build_filename (dir, "cut.mcap", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GArray) starts = NULL;
  g_autofree Reading *readings = NULL;
  TwinReplayStats whole;
  gsize length;
  guint refused = 0, replayed = 0;

  g_assert_true (g_file_get_contents (source, &contents, &length, NULL));
  {
    g_autoptr(TwinEngine) engine = twin_engine_new ();
    g_autoptr(TwinReplay) replay = twin_replay_new (engine, source, NULL);

    g_assert_nonnull (replay);
    g_assert_true (twin_replay_run (replay, &whole, NULL));
    g_assert_true (whole.complete);
    g_assert_cmpuint (whole.states, >, 5);
  }

  readings = g_new0 (Reading, length + 1);
  for (gsize cut = 0; cut <= length; cut++)
    {
      readings[cut] = read_cut (contents, cut, path);
      g_assert_true (readings[cut].complete == (cut == length));
      if (cut > 0 && !readings[cut - 1].refused)
        g_assert_cmpuint (readings[cut].messages, >=, readings[cut - 1].messages);
    }

  starts = record_starts (contents, length);
  g_array_append_val (starts, length);
  for (guint i = 0; i + 1 < starts->len; i++)
    {
      gsize start = g_array_index (starts, gsize, i), end = g_array_index (starts, gsize, i + 1);

      for (gsize cut = start; cut < end; cut++)
        if (readings[cut].refused != readings[start].refused || readings[cut].messages != readings[start].messages)
          g_error ("a cut at %" G_GSIZE_FORMAT " reads otherwise than one at its record's start %" G_GSIZE_FORMAT,
                   cut, start);

      for (gsize cut = start; cut <= start + 1 && cut < end; cut++)
        {
          g_autoptr(TwinEngine) engine = twin_engine_new_full (1024, 0.1);
          g_autoptr(TwinReplay) replay = NULL;
          g_autoptr(GError) error = NULL;
          TwinReplayStats stats;

          write_cut (path, contents, cut);
          replay = twin_replay_new (engine, path, &error);
          if (replay == NULL || !twin_replay_run (replay, &stats, &error))
            {
              if (strstr (error->message, path) == NULL)
                g_error ("cut at %" G_GSIZE_FORMAT ": \"%s\" does not name the file", cut, error->message);
              refused++;
              continue;
            }
          g_assert_false (stats.complete);
          g_assert_cmpuint (stats.states, <=, whole.states);
          replayed++;
        }
    }
  g_test_message ("%" G_GSIZE_FORMAT " bytes, %u records: %u cuts refused, %u replayed in part",
                  length, starts->len - 1, refused, replayed);
  g_assert_cmpuint (refused, >, 0);
  g_assert_cmpuint (replayed, >, 0);

  g_unlink (path);
  g_unlink (source);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/truncated/scenario-every-byte", test_scenario_every_byte);
  g_test_add_func ("/truncated/recording-every-byte", test_recording_every_byte);

  return g_test_run ();
}
