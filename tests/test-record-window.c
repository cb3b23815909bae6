/* test-record-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Recording from a real window: the Record toggle records into the
 * recordings folder under a name from the date and time, the status bar
 * shows it while it runs, stopping names the file in a toast, and the file
 * @mcap/core reads holds the very states the engine's history has; Record
 * To… writes where the user chose; a recording started over REST shows the
 * same indicator, and the window stops it.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "twin-gui.h"
#include "twin-json.h"
#include "twin-test-env.h"
#include "twin-test-mcap.h"
#include "twin-test-rest.h"
#include "twin-test-wait.h"
#include "twin-test-window.h"
#include "twin-window-private.h"

typedef struct
{
  char       *dir;
  TwinEngine *engine;
  TwinWindow *window;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->dir = g_dir_make_tmp ("twin-record-window-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  g_setenv ("TWINSCOPE_RECORDING_DIR", f->dir, TRUE);
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
}

static gboolean
label_says (gpointer data)
{
  TwinWindow *window = data;

  return strstr (gtk_label_get_label (window->record_label), "30 s") != NULL;
}

static double
number (const cJSON *object,
        const char  *key)
{
  const cJSON *item = cJSON_GetObjectItem (object, key);

  g_assert_true (cJSON_IsNumber (item));
  return item->valuedouble;
}

/* Every state recorded is the sample the engine's history holds at its
 * time, and the window's slider change is there with its source. */
static void
assert_matches_history (const char *path,
                        TwinEngine *engine)
{
  g_autoptr(cJSON) recording = twin_test_read_mcap (path, "indexed");
  const TwinHistory *history = twin_engine_get_history (engine);
  double interval = twin_history_get_interval (history);
  guint states = 0, window_commands = 0;
  const cJSON *m;

  cJSON_ArrayForEach (m, cJSON_GetObjectItem (recording, "messages"))
    {
      const char *topic = cJSON_GetObjectItem (m, "topic")->valuestring;
      g_autoptr(cJSON) data = cJSON_Parse (cJSON_GetObjectItem (m, "data")->valuestring);
      double t;
      guint64 index;
      TwinSample sample;

      g_assert_nonnull (data);
      if (g_str_equal (topic, "/commands"))
        {
          window_commands += g_strcmp0 (cJSON_GetStringValue (cJSON_GetObjectItem (data, "source")), "window") == 0 &&
                             cJSON_GetObjectItem (cJSON_GetObjectItem (data, "command"), "rpm_setpoint") != NULL;
          continue;
        }
      if (!g_str_equal (topic, "/state"))
        continue;
      t = number (data, "timestamp");
      index = (guint64) llround (t / interval);
      g_assert_cmpfloat_with_epsilon (twin_history_index_to_time (history, index), t, 1e-9);
      g_assert_true (twin_history_get_sample (history, index, &sample));
      g_assert_cmpfloat ((float) number (data, "temperature"), ==, sample.values[TWIN_CHANNEL_TEMPERATURE]);
      g_assert_cmpfloat ((float) number (data, "vibration"), ==, sample.values[TWIN_CHANNEL_VIBRATION]);
      g_assert_cmpfloat (fabs (number (data, "rpm") - sample.values[TWIN_CHANNEL_RPM]), <=, 0.5);
      g_assert_cmpfloat ((float) number (data, "rpm_setpoint"), ==, sample.values[TWIN_CHANNEL_RPM_SETPOINT]);
      states++;
    }
  g_assert_cmpuint (states, >=, 290);
  g_assert_cmpuint (window_commands, ==, 1);
}

static void
test_record_toggle (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;

  g_assert_false (gtk_widget_get_visible (f->window->record_indicator));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.record", NULL);
  twin_test_iterate ();
  g_assert_true (gtk_toggle_button_get_active (f->window->record_button));
  g_assert_true (gtk_widget_get_visible (f->window->record_indicator));
  path = g_strdup (twin_recordings_get_path (f->window->recordings));
  g_assert_nonnull (path);
  name = g_path_get_basename (path);
  g_assert_true (g_str_has_prefix (name, "session-"));
  g_assert_true (g_str_has_suffix (name, ".mcap"));
  g_assert_true (g_str_has_prefix (path, f->dir));

  /* A run with a change from the window's slider in the middle. */
  twin_engine_advance (f->engine, 15);
  gtk_adjustment_set_value (f->window->rpm_adjustment, 2000);
  twin_engine_advance (f->engine, 15);
  twin_test_wait_until (label_says, f->window, 10, "the status bar to show 30 s recorded");
  g_assert_nonnull (strstr (gtk_label_get_label (f->window->record_label), "Recording"));
  {
    g_autoptr(TwinTestShots) shots = twin_test_shots_new ("twinscope-record-XXXXXX");
    g_autofree char *shot = NULL;

    twin_test_settle_plot (f->window->plot, 0.3);
    shot = twin_test_shots_take (shots, f->window, "recording.png");

    twin_test_shots_done (shots, shot);
  }

  /* Ctrl+R's action again: the file is finished and named. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.record", NULL);
  twin_test_iterate ();
  g_assert_false (gtk_toggle_button_get_active (f->window->record_button));
  g_assert_false (gtk_widget_get_visible (f->window->record_indicator));
  g_assert_null (twin_recordings_get_path (f->window->recordings));
  g_assert_nonnull (strstr (f->window->last_toast, name));
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  assert_matches_history (path, f->engine);
}

static void
test_record_to (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "chosen.mcap", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (f->dir);
  g_autofree char *name = NULL;
  GtkFileChooserNative *chooser;

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.record-to", NULL);
  twin_test_iterate ();
  chooser = f->window->file_chooser;
  g_assert_nonnull (chooser);
  name = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (chooser));
  g_assert_true (g_str_has_prefix (name, "session-"));

  /* What the chooser hands back when a file is picked. */
  g_assert_true (gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "chosen.mcap");
  gtk_native_dialog_hide (GTK_NATIVE_DIALOG (chooser));
  g_signal_emit_by_name (chooser, "response", GTK_RESPONSE_ACCEPT);
  twin_test_iterate ();
  g_assert_cmpstr (twin_recordings_get_path (f->window->recordings), ==, path);
  g_assert_true (gtk_toggle_button_get_active (f->window->record_button));

  twin_engine_advance (f->engine, 5);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.record", NULL);
  g_assert_nonnull (strstr (f->window->last_toast, "chosen.mcap"));
  {
    g_autoptr(cJSON) recording = twin_test_read_mcap (path, "indexed");

    g_assert_cmpint (cJSON_GetArraySize (cJSON_GetObjectItem (recording, "messages")), >, 40);
  }
}

static void
test_remote_recording_shows (Fixture       *f,
                             gconstpointer  data)
{
  TwinTestRest rest = { .engine = f->engine };
  g_auto(TwinTestReply) reply = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "lesson-1.mcap", NULL);
  g_autoptr(cJSON) status = NULL;

  /* The window and the REST server share one flight recorder, as the
   * application's services make them. */
  rest.rest = twin_rest_server_new (f->engine);
  twin_rest_server_set_recordings (rest.rest, f->window->recordings);
  g_assert_true (twin_rest_server_start (rest.rest, NULL, 0, &error));
  g_assert_no_error (error);
  rest.session = soup_session_new_with_options ("timeout", 30, NULL);

  twin_test_rest_request (&rest, "POST", "/recording", "application/json", "{\"start\": \"lesson-1\"}", -1,
                          NULL, &reply);
  g_assert_cmpuint (reply.status, ==, 200);
  twin_test_iterate ();
  g_assert_true (gtk_widget_get_visible (f->window->record_indicator));
  g_assert_true (gtk_toggle_button_get_active (f->window->record_button));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (f->window->record_indicator), "lesson-1.mcap"));

  /* The window's toggle stops it; REST sees it stopped. */
  twin_engine_advance (f->engine, 5);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.record", NULL);
  twin_test_iterate ();
  g_assert_false (gtk_widget_get_visible (f->window->record_indicator));
  g_assert_nonnull (strstr (f->window->last_toast, "lesson-1.mcap"));
  status = twin_test_rest_get_json (&rest, "/recording");
  g_assert_false (cJSON_IsTrue (cJSON_GetObjectItem (status, "recording")));
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  g_clear_object (&rest.session);
  twin_rest_server_stop (rest.rest);
  g_assert_finalize_object (rest.rest);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  twin_gui_init ();

  g_test_add ("/record-window/toggle-records-the-history", Fixture, NULL, fixture_setup, test_record_toggle,
              fixture_teardown);
  g_test_add ("/record-window/record-to-a-chosen-file", Fixture, NULL, fixture_setup, test_record_to,
              fixture_teardown);
  g_test_add ("/record-window/rest-recording-shows-and-window-stops-it", Fixture, NULL, fixture_setup,
              test_remote_recording_shows, fixture_teardown);

  return g_test_run ();
}
