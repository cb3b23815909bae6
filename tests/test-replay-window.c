/* test-replay-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Replay mode in a real window: a recording the test makes is opened
 * through Open Recording…, the scrubber moved as a user drags it puts the
 * engine at exactly the state a headless replay reaches there (and the
 * recording's own keyframe says), played at 100× it reaches the end and
 * says so, the sidebar takes no input while it replays, Fork Here leaves
 * the engine live from that state (and Fork as What-If opens a branch
 * there), Close brings the session back, the history exports as CSV, and
 * replay mode is photographed light and dark at 1024×768.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "twin-gui.h"
#include "twin-json.h"
#include "twin-json-sim.h"
#include "twin-recorder.h"
#include "twin-replay.h"
#include "twin-test-env.h"
#include "twin-test-mcap.h"
#include "twin-test-wait.h"
#include "twin-test-window.h"
#include "twin-window-private.h"

#define DURATION 300.0

typedef struct
{
  char       *dir;
  char       *path;
  TwinEngine *engine;
  TwinWindow *window;
} Fixture;

/* 300 simulated s with a setpoint change and a fault on the way: a
 * keyframe every minute, commands between them. */
static void
record (const char *path)
{
  g_autoptr(TwinEngine) engine = twin_engine_new ();
  g_autoptr(TwinRecorder) recorder = NULL;
  g_autoptr(GError) error = NULL;
  TwinCommand setpoint = { .fields = TWIN_COMMAND_RPM_SETPOINT, .rpm_setpoint = 1800,
                           .source = TWIN_COMMAND_SOURCE_REST };
  TwinCommand fault = { .fields = TWIN_COMMAND_BEARING_DEFECT, .bearing_defect = TRUE,
                        .source = TWIN_COMMAND_SOURCE_MQTT };

  twin_engine_set_paused (engine, TRUE);
  recorder = twin_recorder_new (engine, path, &error);
  g_assert_no_error (error);
  twin_engine_advance (engine, 95.37);
  g_assert_true (twin_engine_apply_command (engine, &setpoint, &error));
  twin_engine_advance (engine, 72.5);
  g_assert_true (twin_engine_apply_command (engine, &fault, &error));
  twin_engine_advance (engine, DURATION - 95.37 - 72.5);
  g_assert_true (twin_recorder_stop (recorder, &error));
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->dir = g_dir_make_tmp ("twin-replay-window-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  g_setenv ("TWINSCOPE_RECORDING_DIR", f->dir, TRUE);
  f->path = g_build_filename (f->dir, "lesson.mcap", NULL);
  record (f->path);
  f->engine = twin_engine_new ();
  twin_engine_set_paused (f->engine, TRUE);
  f->window = twin_test_open_window (f->engine, NULL, 1280, 900);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  twin_test_close_window (f->window, f->engine);
  twin_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static char *
sim_text (const TwinSim *sim)
{
  g_autoptr(cJSON) object = twin_json_sim_object (sim);
  char *text = cJSON_PrintUnformatted (object);
  char *copy = g_strdup (text);

  cJSON_free (text);
  return copy;
}

/* The engine's whole simulation, bit for bit: every double of the state
 * and the inputs, and every counter. */
static void
assert_same_sim (const TwinSim *a,
                 const TwinSim *b)
{
  g_autofree char *ta = sim_text (a);
  g_autofree char *tb = sim_text (b);

  g_assert_cmpstr (ta, ==, tb);
  g_assert_true (memcmp (&a->state, &b->state, sizeof a->state) == 0);
}

/* Where a replay of the file alone, headless, stands at @position. */
static void
headless_sim_at (const char *path,
                 double      position,
                 TwinSim    *sim)
{
  g_autoptr(TwinEngine) engine = twin_engine_new ();
  g_autoptr(TwinReplay) replay = NULL;
  g_autoptr(GError) error = NULL;

  twin_engine_set_paused (engine, TRUE);
  replay = twin_replay_new (engine, path, &error);
  g_assert_no_error (error);
  g_assert_true (twin_replay_seek (replay, position, &error));
  g_assert_no_error (error);
  twin_engine_get_sim (engine, sim);
}

/* The keyframe the recording holds at @seconds, read by @mcap/core. */
static void
keyframe_at (const char *path,
             double      seconds,
             TwinSim    *sim)
{
  g_autoptr(cJSON) recording = twin_test_read_mcap (path, "indexed");
  const cJSON *m;

  cJSON_ArrayForEach (m, cJSON_GetObjectItem (recording, "messages"))
    if (g_str_equal (cJSON_GetObjectItem (m, "topic")->valuestring, "/keyframes") &&
        cJSON_GetObjectItem (m, "log_time")->valuedouble == seconds * 1e9)
      {
        g_autoptr(cJSON) data = cJSON_Parse (cJSON_GetObjectItem (m, "data")->valuestring);
        g_autoptr(GError) error = NULL;

        g_assert_true (twin_json_sim_from_object (data, sim, &error));
        g_assert_no_error (error);
        return;
      }
  g_error ("no keyframe at %g s in %s", seconds, path);
}

static gboolean
chooser_has_file (gpointer data)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (data));

  return file != NULL;
}

/* Through the menu's Open Recording… and its file chooser. */
static void
open_recording (Fixture *f)
{
  g_autoptr(GFile) file = g_file_new_for_path (f->path);
  GtkFileChooserNative *chooser;

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.open-recording", NULL);
  twin_test_iterate ();
  chooser = f->window->file_chooser;
  g_assert_nonnull (chooser);
  g_assert_true (gtk_file_chooser_set_file (GTK_FILE_CHOOSER (chooser), file, NULL));
  /* The chooser selects it once it has read the folder. */
  twin_test_wait_until (chooser_has_file, chooser, 30, "the chooser to select %s", f->path);
  gtk_native_dialog_hide (GTK_NATIVE_DIALOG (chooser));
  g_signal_emit_by_name (chooser, "response", GTK_RESPONSE_ACCEPT);
  twin_test_iterate ();
  if (f->window->replay == NULL)
    g_error ("%s did not open: %s", f->path, f->window->last_toast);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->window->replay_bar)));
}

static gboolean
seek_done (gpointer data)
{
  Fixture *f = data;

  return !twin_replay_bar_get_seeking (f->window->replay_bar);
}

static void
count_cb (guint *n)
{
  (*n)++;
}

/* As a user drags the scrubber: a few values in a row, the last one wins. */
static void
scrub (Fixture *f,
       double   position)
{
  GtkRange *scale = twin_replay_bar_get_scale (f->window->replay_bar);
  gboolean handled;

  guint seeks = 0;
  gulong id = g_signal_connect_swapped (f->window->replay_bar, "seek", G_CALLBACK (count_cb), &seeks);

  g_signal_emit_by_name (scale, "change-value", GTK_SCROLL_JUMP, position / 3, &handled);
  g_signal_emit_by_name (scale, "change-value", GTK_SCROLL_JUMP, position / 2, &handled);
  g_signal_emit_by_name (scale, "change-value", GTK_SCROLL_JUMP, position, &handled);
  twin_test_wait_until (seek_done, f, 30, "the seek to %g s", position);
  g_signal_handler_disconnect (f->window->replay_bar, id);
  /* One seek, to where the drag ended. */
  g_assert_cmpuint (seeks, ==, 1);
  g_assert_cmpfloat_with_epsilon (twin_replay_get_position (f->window->replay), position, 1e-6);
}

static void
test_scrub_is_exact (Fixture       *f,
                     gconstpointer  data)
{
  TwinSim window_sim, headless, keyframe;

  open_recording (f);
  g_assert_cmpfloat (twin_replay_get_duration (f->window->replay), ==, DURATION);
  g_assert_nonnull (strstr (twin_replay_bar_get_text (f->window->replay_bar), "5 min 00.0 s"));

  /* Forwards past the setpoint change, then back before it, then onto a keyframe. */
  const double positions[] = { 201.3, 42.7, 120.0, 299.9 };

  for (guint i = 0; i < G_N_ELEMENTS (positions); i++)
    {
      scrub (f, positions[i]);
      twin_engine_get_sim (f->engine, &window_sim);
      headless_sim_at (f->path, positions[i], &headless);
      assert_same_sim (&window_sim, &headless);
    }
  scrub (f, 120);
  keyframe_at (f->path, 120, &keyframe);
  twin_engine_get_sim (f->engine, &window_sim);
  assert_same_sim (&window_sim, &keyframe);
  g_assert_nonnull (strstr (twin_replay_bar_get_text (f->window->replay_bar), "2 min 00.0 s"));

  /* The sidebar shows the recorded inputs and takes none. */
  scrub (f, 250);
  g_assert_cmpfloat (gtk_adjustment_get_value (f->window->rpm_adjustment), ==, 1800);
  g_assert_true (gtk_switch_get_active (f->window->bearing_switch));
  g_assert_false (gtk_widget_get_sensitive (f->window->inputs_group));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (f->window->inputs_group), "Fork"));
  gtk_adjustment_set_value (f->window->rpm_adjustment, 1000);
  twin_test_iterate ();
  g_assert_cmpfloat (twin_engine_get_rpm_setpoint (f->engine), ==, 1800);
  g_assert_nonnull (strstr (f->window->last_toast, "fork to take control"));
  g_assert_cmpfloat (gtk_adjustment_get_value (f->window->rpm_adjustment), ==, 1800);
}

static gboolean
finished (gpointer data)
{
  Fixture *f = data;

  return g_strcmp0 (f->window->last_toast, "Finished: the end of the recording") == 0;
}

static void
test_play_to_the_end (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *csv_path = g_build_filename (f->dir, "replayed.csv", NULL);
  g_autofree char *csv = NULL;
  g_auto(GStrv) lines = NULL;
  TwinSim window_sim, headless;

  open_recording (f);

  /* The header's time scale sets the speed: 100×, on the engine's own clock. */
  twin_engine_start (f->engine);
  gtk_drop_down_set_selected (f->window->time_scale_dropdown, 2);
  g_assert_cmpfloat (twin_engine_get_time_scale (f->engine), ==, 100);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.replay-play", NULL);
  g_assert_true (twin_replay_get_playing (f->window->replay));
  twin_test_wait_until (finished, f, 120, "the replay to finish at 100×");
  g_assert_false (twin_replay_get_playing (f->window->replay));
  g_assert_cmpfloat (twin_replay_get_position (f->window->replay), ==, DURATION);
  g_assert_nonnull (strstr (twin_replay_bar_get_text (f->window->replay_bar), "5 min 00.0 s / 5 min 00.0 s"));
  twin_engine_get_sim (f->engine, &window_sim);
  headless_sim_at (f->path, DURATION, &headless);
  assert_same_sim (&window_sim, &headless);

  /* The history it played exports as CSV, one row per state. */
  g_assert_true (twin_window_export (f->window, TWIN_EXPORT_CSV, csv_path, 0, 0));
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  lines = g_strsplit (csv, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), >=, 3000);
  twin_engine_stop (f->engine);
}

static void
test_fork_here (Fixture       *f,
                gconstpointer  data)
{
  TwinSim before, after;
  TwinSnapshot snapshot;
  double t;

  open_recording (f);
  scrub (f, 201.3);
  twin_engine_get_sim (f->engine, &before);

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.replay-fork", NULL);
  twin_test_iterate ();
  g_assert_null (f->window->replay);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (f->window->replay_bar)));
  g_assert_nonnull (strstr (f->window->last_toast, "3 min 21.3 s"));
  twin_engine_get_sim (f->engine, &after);
  assert_same_sim (&before, &after);

  /* Live: the window's slider is taken and moves the engine. */
  g_assert_true (gtk_widget_get_sensitive (f->window->inputs_group));
  gtk_adjustment_set_value (f->window->rpm_adjustment, 1200);
  g_assert_cmpfloat (twin_engine_get_rpm_setpoint (f->engine), ==, 1200);
  t = twin_engine_get_timestamp (f->engine);
  twin_engine_advance (f->engine, 20);
  g_assert_cmpfloat (twin_engine_get_timestamp (f->engine), >, t + 19.9);
  twin_engine_get_snapshot (f->engine, &snapshot);
  g_assert_cmpfloat (fabs (snapshot.rpm - 1200), <, 5);
}

static void
test_fork_as_what_if_and_close (Fixture       *f,
                                gconstpointer  data)
{
  TwinSim session, forked, closed;
  TwinCommand inputs;
  gboolean what_if = FALSE;

  g_autofree char *bad = g_build_filename (f->dir, "notes.mcap", NULL);
  g_autoptr(GError) error = NULL;

  twin_engine_advance (f->engine, 12.5);
  twin_engine_get_sim (f->engine, &session);

  /* A file that is no recording: refused by name, and nothing moves. */
  g_assert_true (g_file_set_contents (bad, "not a recording", -1, NULL));
  g_assert_false (_twin_window_replay_open (f->window, bad, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "notes.mcap"));
  g_assert_null (f->window->replay);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (f->window->replay_bar)));
  g_assert_true (gtk_widget_get_sensitive (f->window->inputs_group));
  twin_engine_get_sim (f->engine, &closed);
  assert_same_sim (&session, &closed);
  g_assert_cmpfloat (twin_history_get_first_time (twin_engine_get_history (f->engine)), ==, 0);

  /* Close: the session as it was before. */
  open_recording (f);
  scrub (f, 150);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.replay-close", NULL);
  twin_test_iterate ();
  g_assert_null (f->window->replay);
  twin_engine_get_sim (f->engine, &closed);
  assert_same_sim (&session, &closed);

  /* Fork as What-If: live from there, with a branch open. */
  open_recording (f);
  scrub (f, 150);
  twin_engine_get_sim (f->engine, &forked);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.replay-fork-whatif", NULL);
  twin_test_iterate ();
  g_object_get (f->window, "what-if", &what_if, NULL);
  g_assert_true (what_if);
  g_assert_nonnull (strstr (f->window->last_toast, "What-if"));
  g_assert_cmpfloat (twin_engine_get_timestamp (f->engine), ==, forked.state.timestamp);

  /* The slider edits the branch, from the forked inputs; the engine keeps them. */
  gtk_adjustment_set_value (f->window->rpm_adjustment, 1000);
  twin_branch_get_inputs (f->window->branch, &inputs);
  g_assert_cmpfloat (inputs.rpm_setpoint, ==, 1000);
  g_assert_cmpint (inputs.bearing_defect, ==, twin_engine_get_bearing_defect (f->engine));
  g_assert_cmpfloat (twin_engine_get_rpm_setpoint (f->engine), ==, 1800);
}

static void
test_screenshots (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(TwinTestShots) shots = twin_test_shots_new ("twinscope-replay-XXXXXX");

  for (int dark = 0; dark <= 1; dark++)
    {
      TwinEngine *engine = twin_engine_new ();
      TwinWindow *window;
      g_autofree char *shot = NULL;
      g_autoptr(GError) error = NULL;
      graphene_rect_t bar;

      twin_test_shots_set_dark (shots, dark);
      twin_engine_set_paused (engine, TRUE);
      window = twin_test_open_window (engine, NULL, 1024, 768);
      g_assert_true (_twin_window_replay_open (window, f->path, &error));
      g_assert_no_error (error);
      {
        gboolean handled;

        g_signal_emit_by_name (twin_replay_bar_get_scale (window->replay_bar), "change-value",
                               GTK_SCROLL_JUMP, 238.4, &handled);
      }
      twin_test_wait_until (seek_done, &(Fixture){ .window = window }, 30, "the seek");
      twin_test_settle_plot (window->plot, 0.3);

      /* The whole bar is inside the window. */
      g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (window->replay_bar), GTK_WIDGET (window), &bar));
      g_assert_cmpfloat (bar.origin.x + bar.size.width, <=, 1024);
      shot = twin_test_shots_take (shots, window, dark ? "replay-dark.png" : "replay-light.png");
      twin_test_shots_done (shots, shot);
      twin_test_close_window (window, engine);
    }
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  twin_gui_init ();

  g_test_add ("/replay-window/scrub-is-bit-exact-and-inputs-refused", Fixture, NULL, fixture_setup,
              test_scrub_is_exact, fixture_teardown);
  g_test_add ("/replay-window/play-at-100x-to-the-end-and-export-csv", Fixture, NULL, fixture_setup,
              test_play_to_the_end, fixture_teardown);
  g_test_add ("/replay-window/fork-here-is-live", Fixture, NULL, fixture_setup, test_fork_here, fixture_teardown);
  g_test_add ("/replay-window/fork-as-what-if-and-close", Fixture, NULL, fixture_setup,
              test_fork_as_what_if_and_close, fixture_teardown);
  g_test_add ("/replay-window/screenshots-light-and-dark", Fixture, NULL, fixture_setup, test_screenshots,
              fixture_teardown);

  return g_test_run ();
}
