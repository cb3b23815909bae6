/* test-recording-feed.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A recording as shadow mode's sensor stream: a twin without the recorded
 * machine's fault shows growing residuals, an identical one none, at once
 * or paced on the engine's clock; headless --shadow-from prints them; a
 * file that is no recording is refused.
 */

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "twin-recorder.h"
#include "twin-recording-feed.h"
#include "twin-test-recording.h"
#include "twin-test-wait.h"

static void
finished_cb (gpointer  source,
             gboolean *finished)
{
  *finished = TRUE;
}

/* Ten minutes of a machine at 1200 rpm, its cooling degraded or not (hot, not
 * tripping). */
static char *
record_machine (const char *dir,
                const char *name,
                gboolean    cooling_degraded)
{
  g_autoptr(TwinEngine) engine = twin_engine_new ();
  g_autoptr(TwinRecorder) recorder = NULL;
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  twin_test_apply_json (engine, cooling_degraded ? "{\"rpm_setpoint\": 1200, \"faults\": {\"cooling_degraded\": true}}"
                                                 : "{\"rpm_setpoint\": 1200}");
  recorder = twin_recorder_new (engine, path, &error);
  g_assert_no_error (error);
  twin_engine_advance (engine, 600);
  g_assert_true (twin_recorder_stop (recorder, &error));
  return path;
}

static TwinMeasurement
measurement_at (TwinShadow *shadow,
                double      sim_time)
{
  g_autoptr(GArray) points = twin_shadow_get_points (shadow, sim_time - 1e-6, sim_time + 1e-6);

  g_assert_cmpuint (points->len, ==, 1);
  return g_array_index (points, TwinMeasurement, 0);
}

/* The recorded machine's cooling was degraded: a twin without the fault
 * reads hotter temperatures than it simulates, more and more; a twin with
 * it reads exactly what it simulates. */
static void
test_feed_shadow (void)
{
  g_autofree char *dir = g_dir_make_tmp ("twin-replay-XXXXXX", NULL);
  g_autofree char *path = record_machine (dir, "degraded.mcap", TRUE);
  const gboolean twins[] = { FALSE, TRUE };

  for (guint i = 0; i < G_N_ELEMENTS (twins); i++)
    {
      g_autoptr(TwinEngine) engine = twin_engine_new ();
      g_autoptr(TwinRecordingFeed) feed = NULL;
      g_autoptr(GError) error = NULL;
      TwinShadow *shadow = twin_engine_get_shadow (engine);
      TwinMeasurement early, late;
      gboolean finished = FALSE;

      twin_test_apply_json (engine, twins[i] ? "{\"rpm_setpoint\": 1200, \"faults\": {\"cooling_degraded\": true}}"
                                             : "{\"rpm_setpoint\": 1200}");
      feed = twin_recording_feed_new (engine, path, &error);
      g_assert_no_error (error);
      g_assert_cmpfloat_with_epsilon (twin_recording_feed_get_duration (feed), 600, 1e-6);
      g_signal_connect (feed, "finished", G_CALLBACK (finished_cb), &finished);
      twin_recording_feed_start (feed);
      twin_engine_advance (engine, 600);
      g_assert_true (finished);
      g_assert_cmpuint (twin_recording_feed_get_fed (feed), ==, twin_recording_feed_get_count (feed));
      g_assert_cmpuint (twin_shadow_get_count (shadow), ==, twin_recording_feed_get_count (feed));
      g_assert_cmpuint (twin_shadow_get_rejected (shadow), ==, 0);

      early = measurement_at (shadow, 60.0);
      late = measurement_at (shadow, 600.0);
      g_assert_cmpfloat (late.reading.timestamp, ==, late.sim_time);
      if (twins[i])
        {
          g_assert_cmpfloat (early.residual_temperature, ==, 0);
          g_assert_cmpfloat (late.residual_temperature, ==, 0);
          g_assert_cmpfloat (late.residual_vibration, ==, 0);
          g_assert_cmpfloat (fabs (late.residual_rpm), <, 0.5);
        }
      else
        {
          g_assert_cmpfloat (early.residual_temperature, >, 0.5);
          g_assert_cmpfloat (late.residual_temperature, >, early.residual_temperature + 5);
        }
    }

  g_unlink (path);
  g_rmdir (dir);
}

/* Paced on the engine's clock at 200x: the same residuals, each reading
 * on its step. */
static void
test_feed_paced (void)
{
  g_autofree char *dir = g_dir_make_tmp ("twin-replay-XXXXXX", NULL);
  g_autofree char *path = record_machine (dir, "healthy.mcap", FALSE);
  g_autoptr(TwinEngine) engine = twin_engine_new ();
  g_autoptr(TwinRecordingFeed) feed = NULL;
  g_autoptr(GError) error = NULL;
  TwinShadow *shadow = twin_engine_get_shadow (engine);
  gboolean finished = FALSE;
  TwinMeasurement last;

  twin_test_apply_json (engine, "{\"rpm_setpoint\": 1200, \"time_scale\": 200}");
  feed = twin_recording_feed_new (engine, path, &error);
  g_assert_no_error (error);
  g_signal_connect (feed, "finished", G_CALLBACK (finished_cb), &finished);
  twin_recording_feed_start (feed);
  twin_engine_start (engine);
  twin_test_wait_until (twin_test_flag_is_set, &finished, 60, "the recording to be fed");
  twin_engine_stop (engine);

  g_assert_cmpuint (twin_shadow_get_count (shadow), ==, twin_recording_feed_get_count (feed));
  g_assert_true (twin_shadow_get_last (shadow, &last));
  g_assert_cmpfloat (last.sim_time, ==, last.reading.timestamp);
  g_assert_cmpfloat (last.residual_temperature, ==, 0);
  g_assert_cmpfloat (last.residual_vibration, ==, 0);

  g_unlink (path);
  g_rmdir (dir);
}

/* A file that is not a recording: refused, naming it. */
static void
test_feed_refused (void)
{
  g_autofree char *dir = g_dir_make_tmp ("twin-replay-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "state.json", NULL);
  g_autoptr(TwinEngine) engine = twin_engine_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, "{\"temperature\": 65.0}", -1, NULL));
  g_assert_null (twin_recording_feed_new (engine, path, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_cmpuint (twin_shadow_get_count (twin_engine_get_shadow (engine)), ==, 0);

  g_unlink (path);
  g_rmdir (dir);
}

static double
residual (const char *err,
          const char *name)
{
  const char *at = strstr (err, name);

  g_assert_nonnull (at);
  return g_ascii_strtod (at + strlen (name), NULL);
}

/* The recorded machine at 30 °C: a twin told 30 °C shadows it exactly, at
 * once or paced; one told 20 °C is 10 °C too cool by the end. */
static void
test_headless_shadow_from (void)
{
  g_autofree char *dir = g_dir_make_tmp ("twin-replay-XXXXXX", NULL);
  g_autofree char *path = twin_test_record_headless (dir);
  const struct { const char *ambient; const char *time_scale; double temperature; } twins[] = {
    { "30", NULL, 0 }, { "30", "300", 0 }, { "20", NULL, 10.0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (twins); i++)
    {
      const char *args[] = { "--shadow-from", path, "--quiet", "--rpm", "1800", "--ambient", twins[i].ambient,
                             twins[i].time_scale ? "--time-scale" : NULL, twins[i].time_scale, NULL };
      g_autofree char *err = NULL;

      g_free (twin_test_run_ok (args, &err));
      g_assert_nonnull (strstr (err, "shadowed 1201 of 1201 readings"));
      g_assert_cmpfloat_with_epsilon (residual (err, "temperature "), twins[i].temperature, 0.1);
      g_assert_cmpfloat (residual (err, "vibration "), ==, 0);
    }

  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/recording-feed/residuals-show-the-fault", test_feed_shadow);
  g_test_add_func ("/recording-feed/paced", test_feed_paced);
  g_test_add_func ("/recording-feed/refused", test_feed_refused);
  g_test_add_func ("/recording-feed/headless-shadow-from", test_headless_shadow_from);

  return g_test_run ();
}
