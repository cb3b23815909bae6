/* twin-headless-replay.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Recordings with no display: --replay plays one again (at once, or paced
 * at --time-scale, from --from), --shadow-from feeds one to shadow mode
 * as the machine's sensor stream.
 */

#define G_LOG_DOMAIN "twin-headless"

#include "config.h"

#include <glib-unix.h>
#include <stdio.h>

#include "twin-csv.h"
#include "twin-headless-private.h"
#include "twin-recording-feed.h"
#include "twin-replay.h"

static void
changed_cb (TwinEngine *engine,
            Headless   *self)
{
  fflush (stdout);
}

static void
quit_cb (gpointer  instance,
         Headless *self)
{
  g_main_loop_quit (self->loop);
}

/* Runs the engine on its clock at its time scale until something quits
 * the loop: the end of what is played, SIGINT or SIGTERM. */
static void
run_paced (Headless *self)
{
  guint sigint_id = g_unix_signal_add (SIGINT, _twin_headless_quit_signal_cb, self);
  guint sigterm_id = g_unix_signal_add (SIGTERM, _twin_headless_quit_signal_cb, self);

  g_signal_connect (self->engine, "changed", G_CALLBACK (changed_cb), self);
  twin_engine_start (self->engine);
  g_main_loop_run (self->loop);
  twin_engine_stop (self->engine);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
}

static gboolean
set_time_scale (TwinEngine        *engine,
                const TwinOptions *options)
{
  g_autoptr(GError) error = NULL;
  TwinCommand command = { .fields = TWIN_COMMAND_TIME_SCALE, .time_scale = options->input[TWIN_INPUT_TIME_SCALE],
                          .source = TWIN_COMMAND_SOURCE_COMMAND_LINE };

  if (twin_engine_apply_command (engine, &command, &error))
    return TRUE;
  g_printerr ("twinscope: --time-scale: %s\n", error->message);
  return FALSE;
}

/**
 * _twin_headless_run_replay:
 *
 * --replay: the recording's states as state lines, one per simulated
 * second, as the recorded session printed them; from --from on, at once
 * or paced at --time-scale.
 */
int
_twin_headless_run_replay (const TwinOptions *options)
{
  g_autoptr(TwinEngine) engine = twin_engine_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(TwinRecorder) recorder = NULL;
  g_autoptr(TwinReplay) replay = NULL;
  g_autoptr(TwinCsvLog) csv_log = NULL;
  g_autoptr(GError) error = NULL;
  Headless self = { .loop = loop, .engine = engine, .quiet = options->quiet };
  gboolean paced = options->has_input[TWIN_INPUT_TIME_SCALE];
  TwinReplayStats stats;
  double from = TWIN_CSV_ALL_T0;
  int status = 0;

  twin_engine_set_report_interval (engine, 1.0);
  replay = twin_replay_new (engine, options->replay, &error);
  if (replay == NULL)
    {
      g_printerr ("twinscope: --replay: %s\n", error->message);
      return 1;
    }
  if (options->has_from)
    {
      if (!twin_replay_seek (replay, options->from, &error))
        {
          g_printerr ("twinscope: --from: %s\n", error->message);
          return 2;
        }
      from = twin_engine_get_timestamp (engine);
    }
  if (paced && !set_time_scale (engine, options))
    return 2;
  g_signal_connect (engine, "report", G_CALLBACK (_twin_headless_report_cb), &self);
  if (options->record != NULL && (recorder = _twin_headless_start_recorder (engine, options)) == NULL)
    return 1;
  if (options->csv != NULL)
    csv_log = twin_csv_log_new (engine);

  if (paced)
    {
      g_signal_connect (replay, "finished", G_CALLBACK (quit_cb), &self);
      twin_replay_set_playing (replay, TRUE);
      if (twin_replay_get_playing (replay))
        run_paced (&self);
      twin_replay_get_stats (replay, &stats);
      g_printerr ("twinscope: replayed %s at %g×: %u states, %u commands, to %.1f s%s\n", options->replay,
                  options->input[TWIN_INPUT_TIME_SCALE], stats.states, stats.commands, stats.end,
                  twin_replay_get_playing (replay) ? " (stopped)" :
                  stats.complete ? "" : " (the recording was cut short; replayed to its last whole record)");
    }
  else if (!twin_replay_run (replay, &stats, &error))
    {
      g_printerr ("twinscope: --replay: %s\n", error->message);
      status = 1;
    }
  else
    g_printerr ("twinscope: replayed %s: %u states, %u commands, to %.1f s%s\n", options->replay,
                stats.states, stats.commands, stats.end,
                stats.complete ? "" : " (the recording was cut short; replayed to its last whole record)");
  fflush (stdout);
  g_signal_handlers_disconnect_by_data (engine, &self);
  status |= _twin_headless_stop_recorder (recorder);
  status |= _twin_headless_save_csv (csv_log, from, options);
  return status;
}

static void
print_residuals (TwinRecordingFeed *feed,
                 TwinEngine        *engine,
                 const char        *path)
{
  TwinMeasurement m;

  if (!twin_shadow_get_last (twin_engine_get_shadow (engine), &m))
    {
      g_printerr ("twinscope: shadowed no readings of %s\n", path);
      return;
    }
  g_printerr ("twinscope: shadowed %u of %u readings of %s, to %.1f s; residuals at the end (measured − simulated): "
              "temperature %+.3f °C, vibration %+.3f mm/s, speed %+.1f rpm\n",
              twin_recording_feed_get_fed (feed), twin_recording_feed_get_count (feed), path,
              twin_engine_get_timestamp (engine), m.residual_temperature, m.residual_vibration, m.residual_rpm);
}

/**
 * _twin_headless_run_shadow_from:
 *
 * --shadow-from: the twin the other options set up, in shadow mode
 * against the recording's states, at once or paced at --time-scale; the
 * residuals at the end on standard error.
 */
int
_twin_headless_run_shadow_from (const TwinOptions *options)
{
  g_autoptr(TwinEngine) engine = twin_engine_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(TwinRecorder) recorder = NULL;
  g_autoptr(TwinRecordingFeed) feed = NULL;
  g_autoptr(TwinCsvLog) csv_log = NULL;
  g_autoptr(GError) error = NULL;
  Headless self = { .loop = loop, .engine = engine, .quiet = options->quiet };
  TwinCommand command;
  int status = 0;

  twin_options_get_command (options, &command);
  if (!twin_engine_apply_command (engine, &command, &error))
    {
      g_printerr ("twinscope: %s\n", error->message);
      return 2;
    }
  feed = twin_recording_feed_new (engine, options->shadow_from, &error);
  if (feed == NULL)
    {
      g_printerr ("twinscope: --shadow-from: %s\n", error->message);
      return 1;
    }
  if (options->record != NULL && (recorder = _twin_headless_start_recorder (engine, options)) == NULL)
    return 1;
  if (options->csv != NULL)
    csv_log = twin_csv_log_new (engine);

  twin_engine_set_report_interval (engine, 1.0);
  g_signal_connect (engine, "report", G_CALLBACK (_twin_headless_report_cb), &self);
  g_signal_connect (feed, "finished", G_CALLBACK (quit_cb), &self);
  twin_recording_feed_start (feed);
  if (options->has_input[TWIN_INPUT_TIME_SCALE])
    {
      if (!twin_recording_feed_is_finished (feed))
        run_paced (&self);
    }
  else
    twin_engine_advance (engine, twin_recording_feed_get_duration (feed));

  fflush (stdout);
  print_residuals (feed, engine, options->shadow_from);
  g_signal_handlers_disconnect_by_data (engine, &self);
  g_signal_handlers_disconnect_by_data (feed, &self);
  status |= _twin_headless_stop_recorder (recorder);
  status |= _twin_headless_save_csv (csv_log, TWIN_CSV_ALL_T0, options);
  return status;
}
