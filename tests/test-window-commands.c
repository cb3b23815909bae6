/* test-window-commands.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Under Xvfb: what the window and the application change in the engine
 * are commands from the window and from the command line, announced with
 * TwinEngine::command-applied at the step they took effect.
 */

#include "config.h"

#include <adwaita.h>

#include "twin-application.h"
#include "twin-gui.h"
#include "twin-test-commands.h"
#include "twin-test-options.h"
#include "twin-test-wait.h"
#include "twin-test-window.h"
#include "twin-window-private.h"

/* A change made in the window is one command from the window, applied at
 * the step the engine was at. */
static void
test_window_command_applied (void)
{
  TwinEngine *engine = twin_engine_new_full (10000, 0.1);
  TwinWindow *window = twin_test_open_window (engine, NULL, 0, 0);
  TwinTestCommandLog *log = twin_test_command_log_new (engine);
  TwinReading reading = { 70.0, 3.0, 1450.0, 100.0 };
  guint tutorial = GTK_INVALID_LIST_POSITION;
  guint64 step;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (window->model_list)); i++)
    if (g_str_equal (gtk_string_list_get_string (window->model_list, i), "tutorial@1"))
      tutorial = i;

  twin_engine_set_paused (engine, TRUE);
  twin_engine_advance (engine, 2.5);
  twin_test_iterate ();
  twin_test_command_log_clear (log);

  gtk_range_set_value (GTK_RANGE (window->ambient_scale), 35.5);
  twin_test_command_log_take_one (log, TWIN_COMMAND_SOURCE_WINDOW, TWIN_COMMAND_AMBIENT, 250);
  gtk_spin_button_set_value (window->ambient_spin, -12.5);
  twin_test_command_log_take_one (log, TWIN_COMMAND_SOURCE_WINDOW, TWIN_COMMAND_AMBIENT, 250);
  gtk_range_set_value (GTK_RANGE (window->rpm_scale), 2750);
  twin_test_command_log_take_one (log, TWIN_COMMAND_SOURCE_WINDOW, TWIN_COMMAND_RPM_SETPOINT, 250);
  gtk_spin_button_set_value (window->rpm_spin, 1234);
  twin_test_command_log_take_one (log, TWIN_COMMAND_SOURCE_WINDOW, TWIN_COMMAND_RPM_SETPOINT, 250);
  gtk_drop_down_set_selected (window->time_scale_dropdown, 2);
  twin_test_command_log_take_one (log, TWIN_COMMAND_SOURCE_WINDOW, TWIN_COMMAND_TIME_SCALE, 250);
  gtk_switch_set_active (window->cooling_switch, TRUE);
  twin_test_command_log_take_one (log, TWIN_COMMAND_SOURCE_WINDOW, TWIN_COMMAND_COOLING_DEGRADED, 250);
  gtk_switch_set_active (window->bearing_switch, TRUE);
  twin_test_command_log_take_one (log, TWIN_COMMAND_SOURCE_WINDOW, TWIN_COMMAND_BEARING_DEFECT, 250);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.play-pause", NULL);
  twin_test_command_log_take_one (log, TWIN_COMMAND_SOURCE_WINDOW, TWIN_COMMAND_PAUSED, 250);
  /* Running, a step by hand pauses first: the step itself is no command. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.step", NULL);
  twin_test_command_log_take_one (log, TWIN_COMMAND_SOURCE_WINDOW, TWIN_COMMAND_PAUSED, 250);
  g_assert_cmpuint (twin_engine_get_steps (engine), ==, 251);

  /* 4000 rpm heats the machine past the trip; the button resets it, once
   * told that it will trip again. */
  g_assert_true (twin_engine_set_rpm_setpoint (engine, 4000, NULL));
  twin_engine_advance (engine, 300);
  g_assert_true (twin_engine_get_tripped (engine));
  twin_test_iterate ();
  twin_test_command_log_clear (log);
  step = twin_engine_get_steps (engine);
  g_signal_emit_by_name (window->readouts->reset_trip_button, "clicked");
  twin_test_iterate ();
  g_assert_nonnull (window->reset_trip_dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (window->reset_trip_dialog), "anyway");
  twin_test_command_log_take_one (log, TWIN_COMMAND_SOURCE_WINDOW, TWIN_COMMAND_RESET_TRIP, step);

  gtk_drop_down_set_selected (window->model_dropdown, tutorial);
  twin_test_command_log_take_one (log, TWIN_COMMAND_SOURCE_WINDOW, TWIN_COMMAND_MODEL, step);

  g_assert_true (twin_engine_add_reading (engine, &reading, NULL));
  twin_test_iterate ();
  g_signal_emit_by_name (window->shadow_group->sync_button, "clicked");
  twin_test_command_log_take_one (log, TWIN_COMMAND_SOURCE_WINDOW, TWIN_COMMAND_SYNC, step);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.reset", NULL);
  twin_test_iterate ();
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (window->reset_dialog), "reset");
  twin_test_command_log_take_one (log, TWIN_COMMAND_SOURCE_WINDOW, TWIN_COMMAND_RESET, 0);
  gtk_window_close (window->reset_dialog);
  twin_test_iterate ();

  twin_test_command_log_free (log);
  twin_test_close_window (window, engine);
}

/* The application's start applies the command line's options to its
 * engine as one command from the command line, at step 0. */
static void
test_app_start_command_applied (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(TwinTestCommandLog) all = twin_test_command_log_new (NULL);
  g_autoptr(TwinApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  const char *args[] = { "--ambient", "33", "--rpm", "1900", "--time-scale", "10", NULL };
  const guint fields = TWIN_COMMAND_AMBIENT | TWIN_COMMAND_RPM_SETPOINT | TWIN_COMMAND_TIME_SCALE;
  TwinEngine *engine;
  guint n_start = 0;
  TwinOptions options;

  /* No broker is needed, and no session bus is to be started. */
  g_settings_set_string (settings, "mqtt-mode", "off");
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent", TRUE);

  twin_test_parse_options (&options, args);
  app = twin_application_new (&options);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  engine = twin_application_get_engine (app);
  g_assert_nonnull (engine);
  g_assert_cmpfloat (twin_engine_get_ambient (engine), ==, 33);

  for (guint i = 0; i < twin_test_command_log_get_count (all); i++)
    {
      const TwinCommand *command = twin_test_command_log_get (all, i);

      if (command->source != TWIN_COMMAND_SOURCE_COMMAND_LINE)
        continue;
      g_assert_true (twin_test_command_log_get_engine (all, i) == engine);
      g_assert_cmphex (command->fields, ==, fields);
      g_assert_cmpuint (command->step, ==, 0);
      n_start++;
    }
  g_assert_cmpuint (n_start, ==, 1);

  twin_engine_stop (engine);
  twin_options_clear (&options);
  g_settings_reset (settings, "mqtt-mode");
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  twin_gui_init ();

  g_test_add_func ("/window/command-applied/source-window", test_window_command_applied);
  g_test_add_func ("/window/command-applied/app-start-source-command-line", test_app_start_command_applied);

  return g_test_run ();
}
