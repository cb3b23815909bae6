/* fuzz-recording.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Any bytes as a recording to replay, or to feed to shadow mode: refused
 * with a message, or read; a short one read is sought to its end, and the
 * engine's state stays within the model's bounds.
 */

#include <glib/gstdio.h>
#include <unistd.h>

#include "twin-fuzz.h"
#include "twin-recording-feed.h"
#include "twin-replay.h"

/* Longer recordings are read, not run: a real day runs for seconds. */
#define MAX_RUN_S 600.0

static char *path;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  twin_fuzz_init_logging (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  path = g_strdup_printf ("%s/twin-fuzz-recording-%d.mcap", g_get_tmp_dir (), (int)getpid ());
  return 0;
}

static void
check_refused (const GError *error)
{
  FUZZ_CHECK (error != NULL && *error->message != '\0', "refused without a message");
  FUZZ_CHECK (g_utf8_validate (error->message, -1, NULL), "message not UTF-8: %s", error->message);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(TwinEngine) engine = twin_engine_new_full (1024, 0.1);
  g_autoptr(TwinReplay) replay = NULL;
  g_autoptr(TwinRecordingFeed) feed = NULL;
  g_autoptr(GError) error = NULL;
  TwinSnapshot s;

  FUZZ_CHECK (g_file_set_contents (path, (const char *)data, (gssize)size, NULL), "cannot write %s", path);

  feed = twin_recording_feed_new (engine, path, &error);
  if (feed == NULL)
    check_refused (error);
  g_clear_error (&error);

  replay = twin_replay_new (engine, path, &error);
  if (replay == NULL)
    {
      check_refused (error);
      g_unlink (path);
      return 0;
    }
  FUZZ_CHECK_IN_RANGE ("duration", twin_replay_get_duration (replay), 0, TWIN_TIMESTAMP_MAX);
  if (twin_replay_get_duration (replay) <= MAX_RUN_S &&
      !twin_replay_seek (replay, twin_replay_get_duration (replay), &error))
    check_refused (error);

  twin_engine_get_snapshot (engine, &s);
  FUZZ_CHECK_IN_RANGE ("temperature", s.temperature, TWIN_TEMPERATURE_MIN, TWIN_TEMPERATURE_MAX);
  FUZZ_CHECK_IN_RANGE ("vibration", s.vibration, TWIN_VIBRATION_MIN, TWIN_VIBRATION_MAX);
  FUZZ_CHECK_IN_RANGE ("rpm", s.rpm, TWIN_RPM_MIN, TWIN_RPM_MAX);
  FUZZ_CHECK_IN_RANGE ("timestamp", s.timestamp, 0, TWIN_TIMESTAMP_MAX);
  g_unlink (path);
  return 0;
}
