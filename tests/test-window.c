/* test-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Drives the real window under Xvfb: the controls must reach the engine,
 * and the engine's changes must reach the controls.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "twin-format.h"
#include "twin-gui.h"
#include "twin-plot-private.h"
#include "twin-test-process.h"
#include "twin-test-wait.h"
#include "twin-test-window.h"
#include "twin-window-private.h"

static void
test_window_opens (void)
{
  TwinEngine *engine = twin_engine_new_full (10000, 0.1);
  TwinWindow *window = twin_test_open_window (engine, NULL, 0, 0);

  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window)));
  g_assert_true (twin_window_get_engine (window) == engine);
  g_assert_true (twin_plot_get_engine (window->plot) == engine);
  g_assert_cmpstr (gtk_label_get_label (window->mqtt_status), ==, "off");
  g_assert_cmpstr (gtk_label_get_label (window->rest_status), ==, "off");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (window->model_list)), ==,
                    twin_model_registry_count ());

  twin_test_close_window (window, engine);
}

static void
test_window_sliders (void)
{
  TwinEngine *engine = twin_engine_new_full (10000, 0.1);
  TwinWindow *window = twin_test_open_window (engine, NULL, 0, 0);

  gtk_range_set_value (GTK_RANGE (window->ambient_scale), 35.5);
  twin_test_iterate ();
  g_assert_cmpfloat (twin_engine_get_ambient (engine), ==, 35.5);
  g_assert_cmpfloat (gtk_spin_button_get_value (window->ambient_spin), ==, 35.5);

  gtk_spin_button_set_value (window->ambient_spin, -12.5);
  twin_test_iterate ();
  g_assert_cmpfloat (twin_engine_get_ambient (engine), ==, -12.5);

  gtk_range_set_value (GTK_RANGE (window->rpm_scale), 2750);
  twin_test_iterate ();
  g_assert_cmpfloat (twin_engine_get_rpm_setpoint (engine), ==, 2750);

  gtk_spin_button_set_value (window->rpm_spin, 1234);
  twin_test_iterate ();
  g_assert_cmpfloat (twin_engine_get_rpm_setpoint (engine), ==, 1234);

  /* The slider's range is -20 … 50 °C and 0 … 4000 rpm; a value beyond it
   * cannot be entered. */
  gtk_range_set_value (GTK_RANGE (window->ambient_scale), 90);
  twin_test_iterate ();
  g_assert_cmpfloat (twin_engine_get_ambient (engine), ==, 50);
  gtk_spin_button_set_value (window->rpm_spin, 5000);
  twin_test_iterate ();
  g_assert_cmpfloat (twin_engine_get_rpm_setpoint (engine), ==, 4000);

  /* A value set elsewhere (MQTT, REST) shows, even beyond the slider, and
   * is not clamped back into the engine. */
  g_assert_true (twin_engine_set_ambient (engine, 70, NULL));
  twin_test_iterate ();
  g_assert_cmpfloat (gtk_adjustment_get_value (window->ambient_adjustment), ==, 70);
  g_assert_cmpfloat (twin_engine_get_ambient (engine), ==, 70);
  g_assert_true (twin_engine_set_rpm_setpoint (engine, 3000, NULL));
  twin_test_iterate ();
  g_assert_cmpfloat (gtk_range_get_value (GTK_RANGE (window->rpm_scale)), ==, 3000);

  twin_test_close_window (window, engine);
}

static void
test_window_faults (void)
{
  TwinEngine *engine = twin_engine_new_full (10000, 0.1);
  TwinWindow *window = twin_test_open_window (engine, NULL, 0, 0);

  g_assert_false (twin_engine_get_cooling_degraded (engine));
  gtk_switch_set_active (window->cooling_switch, TRUE);
  twin_test_iterate ();
  g_assert_true (twin_engine_get_cooling_degraded (engine));

  gtk_switch_set_active (window->bearing_switch, TRUE);
  twin_test_iterate ();
  g_assert_true (twin_engine_get_bearing_defect (engine));

  twin_engine_set_cooling_degraded (engine, FALSE);
  twin_test_iterate ();
  g_assert_false (gtk_switch_get_active (window->cooling_switch));

  gtk_switch_set_active (window->bearing_switch, FALSE);
  twin_test_iterate ();
  g_assert_false (twin_engine_get_bearing_defect (engine));

  twin_test_close_window (window, engine);
}

static void
test_window_reset_trip (void)
{
  TwinEngine *engine = twin_engine_new_full (10000, 0.1);
  TwinWindow *window = twin_test_open_window (engine, NULL, 0, 0);

  twin_engine_set_paused (engine, TRUE);
  twin_test_iterate ();
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->readouts->reset_trip_button)));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (window->readouts->reset_trip_button)));
  g_assert_cmpstr (gtk_label_get_label (window->readouts->trip_value), ==, "Running");

  /* 4000 rpm heats the machine far past the 105 °C trip. */
  gtk_range_set_value (GTK_RANGE (window->rpm_scale), 4000);
  twin_engine_advance (engine, 300);
  twin_test_iterate ();
  g_assert_true (twin_engine_get_tripped (engine));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->readouts->reset_trip_button)));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (window->readouts->reset_trip_button)));
  g_assert_cmpstr (gtk_label_get_label (window->readouts->trip_value), ==, "Tripped");

  /* Lower the setpoint first so that the machine does not trip again. */
  gtk_range_set_value (GTK_RANGE (window->rpm_scale), 1000);
  g_signal_emit_by_name (window->readouts->reset_trip_button, "clicked");
  twin_test_iterate ();
  g_assert_false (twin_engine_get_tripped (engine));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (window->readouts->reset_trip_button)));
  g_assert_cmpstr (gtk_label_get_label (window->readouts->trip_value), ==, "Running");

  twin_test_close_window (window, engine);
}

static void
test_window_selectors (void)
{
  TwinEngine *engine = twin_engine_new_full (10000, 0.1);
  TwinWindow *window = twin_test_open_window (engine, NULL, 0, 0);
  const double scales[] = { 1, 10, 100, 1000, 10000 };
  guint tutorial = GTK_INVALID_LIST_POSITION;

  for (guint i = 0; i < G_N_ELEMENTS (scales); i++)
    {
      gtk_drop_down_set_selected (window->time_scale_dropdown, (i + 2) % G_N_ELEMENTS (scales));
      twin_test_iterate ();
      g_assert_cmpfloat (twin_engine_get_time_scale (engine), ==, scales[(i + 2) % G_N_ELEMENTS (scales)]);
    }

  /* A scale that is not a preset gets its own entry. */
  g_assert_true (twin_engine_set_time_scale (engine, 0.5, NULL));
  twin_test_iterate ();
  g_assert_cmpuint (gtk_drop_down_get_selected (window->time_scale_dropdown), ==, G_N_ELEMENTS (scales));
  g_assert_cmpstr (gtk_string_list_get_string (window->time_scale_list, G_N_ELEMENTS (scales)), ==, "0.5×");
  gtk_drop_down_set_selected (window->time_scale_dropdown, 1);
  twin_test_iterate ();
  g_assert_cmpfloat (twin_engine_get_time_scale (engine), ==, 10);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (window->model_list)); i++)
    if (g_str_equal (gtk_string_list_get_string (window->model_list, i), "tutorial@1"))
      tutorial = i;
  g_assert_cmpuint (tutorial, !=, GTK_INVALID_LIST_POSITION);

  gtk_drop_down_set_selected (window->model_dropdown, tutorial);
  twin_test_iterate ();
  g_assert_cmpstr (twin_engine_get_model (engine)->id, ==, "tutorial@1");

  g_assert_true (twin_engine_set_model (engine, "physical@2", NULL));
  twin_test_iterate ();
  g_assert_cmpstr (gtk_string_list_get_string (window->model_list,
                                               gtk_drop_down_get_selected (window->model_dropdown)),
                   ==, "physical@2");

  /* The plot's time window and follow button. */
  gtk_drop_down_set_selected (window->span_dropdown, 2);
  g_assert_cmpfloat (twin_plot_get_span (window->plot), ==, 3600);
  gtk_drop_down_set_selected (window->span_dropdown, 3);
  g_assert_cmpfloat (twin_plot_get_span (window->plot), ==, 0);
  gtk_toggle_button_set_active (window->follow_button, FALSE);
  g_assert_false (twin_plot_get_following (window->plot));
  gtk_toggle_button_set_active (window->follow_button, TRUE);
  g_assert_true (twin_plot_get_following (window->plot));

  twin_test_close_window (window, engine);
}

static const char *
span_shown (TwinWindow *window)
{
  GListModel *list = gtk_drop_down_get_model (window->span_dropdown);

  return gtk_string_list_get_string (GTK_STRING_LIST (list), gtk_drop_down_get_selected (window->span_dropdown));
}

static void
test_window_span_custom (void)
{
  TwinEngine *engine = twin_engine_new_full (100000, 0.1);
  TwinWindow *window = twin_test_open_window (engine, NULL, 0, 0);
  GListModel *list = gtk_drop_down_get_model (window->span_dropdown);
  g_autoptr(GListModel) controllers = NULL;
  gboolean handled = FALSE;

  twin_engine_advance (engine, 600);
  twin_test_iterate ();
  g_assert_cmpstr (span_shown (window), ==, "1 min");
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 4);

  /* A zoom by key or wheel is no preset: the selector says so. */
  controllers = gtk_widget_observe_controllers (GTK_WIDGET (window->plot));
  for (guint c = 0; c < g_list_model_get_n_items (controllers); c++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, c);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller))
        g_signal_emit_by_name (controller, "key-pressed", GDK_KEY_plus, 0, (GdkModifierType) 0, &handled);
    }
  g_assert_true (handled);
  g_assert_cmpfloat (twin_plot_get_span (window->plot), <, 60);
  g_assert_cmpstr (span_shown (window), ==, "Custom");
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 5);

  /* Choosing the preset again applies it, and follows. */
  gtk_drop_down_set_selected (window->span_dropdown, 0);
  twin_test_iterate ();
  g_assert_cmpfloat (twin_plot_get_span (window->plot), ==, 60);
  g_assert_true (twin_plot_get_following (window->plot));
  g_assert_cmpstr (span_shown (window), ==, "1 min");
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 4);

  /* A view no longer following the newest samples is no preset either. */
  gtk_toggle_button_set_active (window->follow_button, FALSE);
  g_assert_cmpstr (span_shown (window), ==, "Custom");
  gtk_drop_down_set_selected (window->span_dropdown, 0);
  g_assert_true (twin_plot_get_following (window->plot));
  g_assert_true (gtk_toggle_button_get_active (window->follow_button));

  /* "All" stays "All" whatever the follow button says. */
  gtk_drop_down_set_selected (window->span_dropdown, 3);
  gtk_toggle_button_set_active (window->follow_button, FALSE);
  g_assert_cmpstr (span_shown (window), ==, "All");

  twin_test_close_window (window, engine);
}

/* One formatter for every number the window shows. */
static void
test_window_formats (void)
{
  const struct { double s, resolution; const char *text; } durations[] = {
    { 12.34, 0.01, "12.34 s" }, { 12.34, 0.1, "12.3 s" }, { 12.5, 0.5, "12.5 s" },
    { 59.996, 0.01, "1 min 00.00 s" }, { 3723.4, 0.1, "1 h 02 min 03.4 s" },
    { 86400, 0.1, "24 h 00 min 00.0 s" }, { 93784.5, 0.1, "1 d 02 h 03 min 04.5 s" },
  };
  const struct { double scale; const char *text; } scales[] = {
    { 1, "1×" }, { 0.5, "0.5×" }, { 1000, "1000×" }, { 10000, "10\u2009000×" }, { 2500.5, "2500.5×" },
  };
  const struct { double s; const char *text; } clocks[] = {
    { 0, "0:00:00" }, { 65, "0:01:05" }, { 3723, "1:02:03" }, { 93784, "1 d 02:03:04" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (durations); i++)
    {
      g_autofree char *text = twin_format_duration_at (durations[i].s, durations[i].resolution);

      g_assert_cmpstr (text, ==, durations[i].text);
    }
  for (guint i = 0; i < G_N_ELEMENTS (scales); i++)
    {
      g_autofree char *text = twin_format_time_scale (scales[i].scale);

      g_assert_cmpstr (text, ==, scales[i].text);
    }
  for (guint i = 0; i < G_N_ELEMENTS (clocks); i++)
    {
      g_autofree char *text = twin_format_clock (clocks[i].s);

      g_assert_cmpstr (text, ==, clocks[i].text);
    }
}

/* A single step while paused shows: the clock at the model's step, and
 * the plot's ring at the new state. */
static void
test_window_single_step_shows (void)
{
  TwinEngine *engine = twin_engine_new_full (10000, 0.1);
  TwinWindow *window = twin_test_open_window (engine, NULL, 0, 0);
  double dt = twin_engine_get_model (engine)->dt;
  guint draws;

  twin_engine_set_paused (engine, TRUE);
  twin_engine_advance (engine, 12.3);
  twin_test_iterate ();
  g_assert_cmpfloat (dt, ==, 0.01);
  g_assert_nonnull (strstr (gtk_label_get_label (window->time_value), "t = 12.30 s"));

  /* Settled: one more draw, asked for, since a paused engine asks none
   * (a slow build may have drawn the advance already). */
  gtk_widget_queue_draw (GTK_WIDGET (window->plot));
  twin_test_wait_for_draws (window->plot, twin_plot_get_n_draws (window->plot) + 1);
  draws = twin_plot_get_n_draws (window->plot);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.step", NULL);
  twin_test_iterate ();
  g_assert_nonnull (strstr (gtk_label_get_label (window->time_value), "t = 12.31 s"));
  twin_test_wait_for_draws (window->plot, draws + 1);

  twin_engine_set_paused (engine, FALSE);
  twin_test_iterate ();
  g_assert_nonnull (strstr (gtk_label_get_label (window->time_value), "Running · 1× · t = 12."));

  twin_test_close_window (window, engine);
}

/* tutorial@1 models no faults and no wear: the window says so. */
static void
test_window_tutorial_says_what_it_is (void)
{
  TwinEngine *engine = twin_engine_new_full (10000, 0.1);
  TwinWindow *window = twin_test_open_window (engine, NULL, 0, 0);
  GtkWidget *cooling_row = gtk_widget_get_ancestor (GTK_WIDGET (window->cooling_switch), ADW_TYPE_ACTION_ROW);
  GtkWidget *bearing_row = gtk_widget_get_ancestor (GTK_WIDGET (window->bearing_switch), ADW_TYPE_ACTION_ROW);

  g_assert_true (gtk_widget_is_sensitive (cooling_row));
  g_assert_cmpstr (gtk_label_get_label (window->readouts->rul_value), !=, "not modelled");
  g_assert_nonnull (gtk_drop_down_get_list_factory (window->model_dropdown));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (window->model_dropdown)), ==,
                   twin_engine_get_model (engine)->description);

  g_assert_true (twin_engine_set_model (engine, "tutorial@1", NULL));
  twin_test_iterate ();
  g_assert_false (gtk_widget_is_sensitive (cooling_row));
  g_assert_false (gtk_widget_is_sensitive (bearing_row));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (cooling_row), ==,
                   "tutorial@1 does not model faults: they would change nothing");
  g_assert_cmpstr (gtk_label_get_label (window->readouts->wear_value), ==, "not modelled");
  g_assert_cmpstr (gtk_label_get_label (window->readouts->rul_value), ==, "not modelled");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (window->model_dropdown)), ==,
                   twin_model_lookup ("tutorial@1")->description);

  g_assert_true (twin_engine_set_model (engine, twin_model_default ()->id, NULL));
  twin_test_iterate ();
  g_assert_true (gtk_widget_is_sensitive (cooling_row));
  g_assert_null (gtk_widget_get_tooltip_text (cooling_row));
  g_assert_cmpstr (gtk_label_get_label (window->readouts->wear_value), !=, "not modelled");

  twin_test_close_window (window, engine);
}

/* Dragged, the sliders snap to whole rpm and tenths of a degree. */
static void
test_window_sliders_snap (void)
{
  TwinEngine *engine = twin_engine_new_full (10000, 0.1);
  TwinWindow *window = twin_test_open_window (engine, NULL, 0, 0);
  gboolean handled = FALSE;

  g_signal_emit_by_name (window->rpm_scale, "change-value", GTK_SCROLL_JUMP, 1234.567, &handled);
  twin_test_iterate ();
  g_assert_cmpfloat (twin_engine_get_rpm_setpoint (engine), ==, 1235);
  g_signal_emit_by_name (window->ambient_scale, "change-value", GTK_SCROLL_JUMP, 23.4567, &handled);
  twin_test_iterate ();
  g_assert_cmpfloat_with_epsilon (twin_engine_get_ambient (engine), 23.5, 1e-12);

  twin_test_close_window (window, engine);
}

/* Fast-forward from the header: until the next event, or a given time. */
static void
test_window_fast_forward (void)
{
  TwinEngine *engine = twin_engine_new_full (100000, 0.1);
  TwinWindow *window = twin_test_open_window (engine, NULL, 0, 0);
  double t;

  twin_engine_set_paused (engine, TRUE);
  g_assert_true (twin_engine_set_rpm_setpoint (engine, 2000, NULL));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.run-until-event", NULL);
  t = twin_engine_get_timestamp (engine);
  g_assert_cmpfloat (t, >, 0);
  g_assert_cmpfloat (t, <, 600);
  g_assert_cmpint (twin_engine_get_run_stop (engine), !=, TWIN_RUN_STOP_TIME);
  g_assert_true (g_str_has_prefix (window->last_toast, "Ran "));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.run-for", "d", 600.0);
  g_assert_cmpfloat_with_epsilon (twin_engine_get_timestamp (engine), t + 600, 1e-6);
  g_assert_cmpint (twin_engine_get_run_stop (engine), ==, TWIN_RUN_STOP_TIME);
  g_assert_nonnull (strstr (window->last_toast, "10 min 00.0 s"));
  g_assert_true (g_str_has_suffix (window->last_toast, ": no event on the way"));
  g_assert_cmpfloat (twin_history_get_last_time (twin_engine_get_history (engine)), >=, t + 599.9);

  twin_test_close_window (window, engine);
}

static GtkWidget *
find_toast (GtkWidget *overlay)
{
  for (GtkWidget *child = gtk_widget_get_first_child (overlay); child; child = gtk_widget_get_next_sibling (child))
    if (g_str_equal (gtk_widget_get_css_name (child), "toast"))
      return child;
  return NULL;
}

/* At 1024×768, the size of a projector: the plot, its toolbar and the
 * sidebar fit, and a toast stays above the plot's controls. */
static void
test_window_1024x768 (void)
{
  g_autoptr(TwinTestShots) shots = twin_test_shots_new ("twinscope-1024-XXXXXX");
  TwinEngine *engine = twin_engine_new_full (10000, 0.1);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  TwinWindow *window = twin_test_open_window (engine, settings, 1024, 768);
  g_autofree char *path = NULL;
  GtkWidget *toast = NULL;
  graphene_rect_t toolbar, bounds;
  int min_width, min_height;

  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_VERTICAL, min_width, &min_height, NULL, NULL, NULL);
  g_assert_cmpint (min_width, <=, 1024);
  g_assert_cmpint (min_height, <=, 768);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window->plot)));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window->follow_button)));
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (window->plot)), >=, 300);

  twin_window_add_toast (window, "A toast, long enough to reach across the toolbar's buttons");
  for (guint i = 0; i < 100 && (toast == NULL || gtk_widget_get_height (toast) == 0); i++)
    {
      twin_test_run_for (0.02);
      toast = find_toast (GTK_WIDGET (window->toast_overlay));
    }
  g_assert_nonnull (toast);
  twin_test_run_for (0.5);   /* its slide in */
  g_assert_true (gtk_widget_compute_bounds (toast, GTK_WIDGET (window), &bounds));
  g_assert_true (gtk_widget_compute_bounds (gtk_widget_get_parent (GTK_WIDGET (window->follow_button)),
                                            GTK_WIDGET (window), &toolbar));
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, toolbar.origin.y);

  path = twin_test_shots_take (shots, window, "window-1024x768");
  twin_test_shots_done (shots, path);
  twin_test_close_window (window, engine);
}

static void
test_window_actions (void)
{
  TwinEngine *engine = twin_engine_new_full (10000, 0.1);
  TwinWindow *window = twin_test_open_window (engine, NULL, 0, 0);
  gboolean paused = twin_engine_get_paused (engine);
  guint64 steps;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.play-pause", NULL);
  twin_test_iterate ();
  g_assert_cmpint (twin_engine_get_paused (engine), ==, !paused);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.play-pause", NULL);
  g_assert_cmpint (twin_engine_get_paused (engine), ==, paused);

  steps = twin_engine_get_steps (engine);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.step", NULL);
  g_assert_true (twin_engine_get_paused (engine));
  g_assert_cmpuint (twin_engine_get_steps (engine), ==, steps + 1);
  g_assert_cmpstr (gtk_button_get_icon_name (window->play_button), ==, "media-playback-start-symbolic");

  /* Reset asks first; cancel changes nothing. */
  twin_engine_advance (engine, 10);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.reset", NULL);
  twin_test_iterate ();
  g_assert_nonnull (window->reset_dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (window->reset_dialog), "cancel");
  gtk_window_close (window->reset_dialog);
  twin_test_iterate ();
  g_assert_cmpfloat (twin_engine_get_timestamp (engine), >, 10);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.reset", NULL);
  twin_test_iterate ();
  g_assert_nonnull (window->reset_dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (window->reset_dialog), "reset");
  twin_test_iterate ();
  g_assert_cmpfloat (twin_engine_get_timestamp (engine), ==, 0);
  /* A click on a response closes the dialog; a response from code does not. */
  gtk_window_close (window->reset_dialog);

  twin_test_close_window (window, engine);
}

static void
test_window_readouts (void)
{
  TwinEngine *engine = twin_engine_new_full (10000, 0.1);
  TwinWindow *window = twin_test_open_window (engine, NULL, 0, 0);
  TwinSnapshot s;
  g_autofree char *temperature = NULL;
  g_autofree char *vibration = NULL;

  twin_engine_set_paused (engine, TRUE);
  gtk_spin_button_set_value (window->rpm_spin, 2000);
  twin_engine_advance (engine, 120);
  twin_test_iterate ();
  twin_engine_get_snapshot (engine, &s);

  temperature = g_strdup_printf ("%.1f °C", s.temperature);
  vibration = g_strdup_printf ("%.2f mm/s", s.vibration);
  g_assert_cmpstr (gtk_label_get_label (window->readouts->temperature_value), ==, temperature);
  g_assert_cmpstr (gtk_label_get_label (window->readouts->vibration_value), ==, vibration);
  g_assert_true (g_str_has_suffix (gtk_label_get_label (window->readouts->rpm_value), " rpm"));
  g_assert_true (g_str_has_suffix (gtk_label_get_label (window->readouts->wear_value), " %"));
  g_assert_true (g_str_has_suffix (gtk_label_get_label (window->readouts->rul_value), " h"));
  g_assert_true (g_str_has_suffix (gtk_label_get_label (window->time_value), " s"));

  /* At 2000 rpm the vibration is in zone B: the badge says so in its colour. */
  g_assert_cmpint (s.zone, ==, TWIN_ZONE_B);
  g_assert_cmpstr (gtk_label_get_label (window->readouts->zone_badge), ==, "B");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (window->readouts->zone_badge), "zone-b"));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (window->readouts->zone_badge), "zone-a"));

  twin_window_set_mqtt_status (window, TWIN_SERVICE_OK, "connected · 12 sent · 0 queued");
  g_assert_cmpstr (gtk_label_get_label (window->mqtt_status), ==, "connected · 12 sent · 0 queued");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (window->mqtt_dot), "status-ok"));
  twin_window_set_rest_status (window, TWIN_SERVICE_ERROR, NULL);
  g_assert_cmpstr (gtk_label_get_label (window->rest_status), ==, "error");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (window->rest_dot), "status-error"));
  twin_window_set_mqtt_status (window, TWIN_SERVICE_OFF, NULL);
  g_assert_cmpstr (gtk_label_get_label (window->mqtt_status), ==, "off");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (window->mqtt_dot), "status-ok"));

  twin_test_close_window (window, engine);
}

/* The status bar's MQTT row is a button that opens the preferences on
 * the page where MQTT is set. */
static void
test_window_mqtt_status_opens_preferences (void)
{
  TwinEngine *engine = twin_engine_new_full (10000, 0.1);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  TwinWindow *window = twin_test_open_window (engine, settings, 0, 0);
  GtkWidget *button = gtk_widget_get_ancestor (GTK_WIDGET (window->mqtt_status), GTK_TYPE_BUTTON);

  g_assert_nonnull (button);
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==, "win.mqtt-preferences");
  g_assert_true (gtk_widget_is_ancestor (GTK_WIDGET (window->mqtt_dot), button));

  g_signal_emit_by_name (button, "clicked");
  twin_test_iterate ();
  g_assert_nonnull (window->preferences_window);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window->preferences_window)));
  g_assert_cmpstr (adw_preferences_window_get_visible_page_name (ADW_PREFERENCES_WINDOW (window->preferences_window)),
                   ==, "connections");
  gtk_window_close (window->preferences_window);
  twin_test_iterate ();

  twin_test_close_window (window, engine);
}

static GtkShortcutAction *
find_shortcut (GtkWidget  *widget,
               const char *accelerator)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  g_autoptr(GtkShortcutTrigger) wanted = gtk_shortcut_trigger_parse_string (accelerator);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;

      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

          /* GtkWindow's own bindings (signal actions) are not ours. */
          if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), wanted) &&
              !GTK_IS_SIGNAL_ACTION (gtk_shortcut_get_action (shortcut)))
            return gtk_shortcut_get_action (shortcut);
        }
    }

  return NULL;
}

/* Whether the shortcuts window (help-overlay.ui) lists @accelerator. */
static gboolean
shortcuts_window_lists (const char *accelerator)
{
  g_autoptr(GtkBuilder) help = gtk_builder_new_from_resource ("/io/github/twinscope/Twinscope/gtk/help-overlay.ui");
  GSList *objects = gtk_builder_get_objects (help);
  gboolean found = FALSE;
  guint key, wanted_key;
  GdkModifierType mods, wanted_mods;

  g_assert_true (gtk_accelerator_parse (accelerator, &wanted_key, &wanted_mods));
  for (GSList *l = objects; l != NULL && !found; l = l->next)
    {
      g_autofree char *listed = NULL;
      g_auto(GStrv) words = NULL;

      if (!GTK_IS_SHORTCUTS_SHORTCUT (l->data))
        continue;
      g_object_get (l->data, "accelerator", &listed, NULL);
      words = g_strsplit (listed ? listed : "", " ", -1);
      for (guint i = 0; words[i] != NULL && !found; i++)
        found = gtk_accelerator_parse (words[i], &key, &mods) && key == wanted_key && mods == wanted_mods;
    }
  g_slist_free (objects);

  return found;
}

static void
test_window_shortcuts (void)
{
  TwinEngine *engine = twin_engine_new_full (10000, 0.1);
  TwinWindow *window = twin_test_open_window (engine, NULL, 0, 0);
  const struct { const char *accelerator; const char *action; } table[] = {
    { "period",           "win.step" },
    { "<Control>e",       "win.export" },
    { "<Control>comma",   "win.preferences" },
    { "<Control>q",       "app.quit" },
    { "F11",              "win.fullscreen" },
    { "<Control>i",       "win.what-if" },
    { "Escape",           "win.what-if-cancel" },
    { "<Control>p",       "win.pin-branch" },
    { "<Control>period",  "win.run-until-event" },
    { "<Control><Shift>period", "win.run-for" },
  };
  gboolean paused = twin_engine_get_paused (engine);
  guint64 steps;

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      GtkShortcutAction *action = find_shortcut (GTK_WIDGET (window), table[i].accelerator);

      g_assert_true (shortcuts_window_lists (table[i].accelerator));
      g_assert_nonnull (action);
      if (!GTK_IS_NAMED_ACTION (action))
        g_error ("%s: %s", table[i].accelerator, gtk_shortcut_action_to_string (action));
      g_assert_cmpstr (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)), ==, table[i].action);
    }

  /* Space is caught before the focused widget: a callback, not a name. */
  g_assert_nonnull (find_shortcut (GTK_WIDGET (window), "space"));
  g_assert_true (shortcuts_window_lists ("space"));
  /* The plot's own keys, while it has the focus. */
  g_assert_true (shortcuts_window_lists ("Left"));
  g_assert_true (shortcuts_window_lists ("Right"));
  g_assert_true (shortcuts_window_lists ("plus"));
  g_assert_true (shortcuts_window_lists ("minus"));
  g_assert_true (shortcuts_window_lists ("Home"));

  /* Activating the shortcuts does what they say. */
  gtk_widget_grab_focus (GTK_WIDGET (window->cooling_switch));
  gtk_shortcut_action_activate (find_shortcut (GTK_WIDGET (window), "space"), 0, GTK_WIDGET (window), NULL);
  g_assert_cmpint (twin_engine_get_paused (engine), ==, !paused);
  g_assert_false (gtk_switch_get_active (window->cooling_switch));

  /* In the spin button, space is text, not a command. */
  gtk_widget_grab_focus (GTK_WIDGET (window->ambient_spin));
  g_assert_false (gtk_shortcut_action_activate (find_shortcut (GTK_WIDGET (window), "space"), 0,
                                                GTK_WIDGET (window), NULL));
  g_assert_cmpint (twin_engine_get_paused (engine), ==, !paused);
  steps = twin_engine_get_steps (engine);
  gtk_shortcut_action_activate (find_shortcut (GTK_WIDGET (window), "period"), 0, GTK_WIDGET (window), NULL);
  g_assert_cmpuint (twin_engine_get_steps (engine), ==, steps + 1);

  gtk_shortcut_action_activate (find_shortcut (GTK_WIDGET (window), "<Control>e"), 0, GTK_WIDGET (window), NULL);
  twin_test_iterate ();
  g_assert_nonnull (window->export_dialog);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->export_dialog)));

  twin_test_close_window (window, engine);
}

static void
command_applied_cb (TwinEngine        *engine,
                    const TwinCommand *command,
                    TwinCommandSource *source)
{
  *source = command->source;
}

static void
type_into (GtkSpinButton *spin,
           const char    *text)
{
  gtk_editable_set_text (GTK_EDITABLE (spin), text);
  /* What Enter does. */
  gtk_spin_button_update (spin);
  twin_test_iterate ();
}

/* The spin buttons take every valid value, with the ranges of the input
 * table, also beyond the slider's travel; a value out of range is refused
 * with the API's own message and changes nothing. */
static void
test_window_spin_buttons_take_the_valid_range (void)
{
  TwinEngine *engine = twin_engine_new_full (10000, 0.1);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  TwinWindow *window = twin_test_open_window (engine, settings, 0, 0);
  GtkSpinButton *spins[] = { [TWIN_INPUT_AMBIENT] = window->ambient_spin,
                             [TWIN_INPUT_RPM_SETPOINT] = window->rpm_spin };
  TwinCommandSource source = TWIN_N_COMMAND_SOURCES;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (spins); i++)
    {
      GtkAdjustment *adj = gtk_spin_button_get_adjustment (spins[i]);

      g_assert_cmpfloat (gtk_adjustment_get_lower (adj), ==, twin_inputs[i].min);
      g_assert_cmpfloat (gtk_adjustment_get_upper (adj), ==, twin_inputs[i].max);
      g_assert_cmpuint (gtk_spin_button_get_digits (spins[i]), ==, twin_inputs[i].digits);
    }

  g_signal_connect (engine, "command-applied", G_CALLBACK (command_applied_cb), &source);
  type_into (window->ambient_spin, "70");
  g_assert_cmpfloat (twin_engine_get_ambient (engine), ==, 70.0);
  g_assert_cmpint (source, ==, TWIN_COMMAND_SOURCE_WINDOW);
  g_assert_cmpfloat (gtk_adjustment_get_value (window->ambient_adjustment), ==, 70.0);

  source = TWIN_N_COMMAND_SOURCES;
  type_into (window->ambient_spin, "95");
  g_assert_cmpfloat (twin_engine_get_ambient (engine), ==, 70.0);
  g_assert_cmpint (source, ==, TWIN_N_COMMAND_SOURCES);
  g_assert_cmpstr (window->last_toast, ==, "ambient: 95 is out of range; allowed: -40 to 80 °C");
  g_assert_cmpfloat (gtk_spin_button_get_value (window->ambient_spin), ==, 70.0);

  /* 5000 rpm: the same message as the API's, in the toast and on the
   * field itself, where it is not cut short. */
  type_into (window->rpm_spin, "5000");
  g_assert_false (twin_validate_number ("rpm_setpoint", 5000, 0, 4000, "rpm", &error));
  g_assert_cmpfloat (twin_engine_get_rpm_setpoint (engine), ==, twin_inputs[TWIN_INPUT_RPM_SETPOINT].default_value);
  g_assert_cmpstr (window->last_toast, ==, error->message);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (window->rpm_spin)), ==, error->message);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (window->rpm_spin), "error"));
  type_into (window->rpm_spin, "1600");
  g_assert_cmpfloat (twin_engine_get_rpm_setpoint (engine), ==, 1600);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (window->rpm_spin), "error"));
  g_assert_null (gtk_widget_get_tooltip_text (GTK_WIDGET (window->rpm_spin)));

  type_into (window->rpm_spin, "4001");
  g_assert_cmpfloat (twin_engine_get_rpm_setpoint (engine), ==, 1600);
  g_assert_cmpstr (window->last_toast, ==, "rpm_setpoint: 4001 is out of range; allowed: 0 to 4000 rpm");

  g_signal_handlers_disconnect_by_data (engine, &source);
  twin_test_close_window (window, engine);
}

static void
test_window_dialogs (void)
{
  TwinEngine *engine = twin_engine_new_full (10000, 0.1);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  TwinWindow *window = twin_test_open_window (engine, settings, 0, 0);
  g_autoptr(GtkBuilder) builder = NULL;
  GtkWindow *shortcuts;

  /* Any warning on the way fails the test (g_test_init makes them fatal). */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.export", NULL);
  twin_test_iterate ();
  g_assert_nonnull (window->export_dialog);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window->export_dialog)));
  gtk_window_close (window->export_dialog);
  twin_test_iterate ();
  g_assert_null (window->export_dialog);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.preferences", NULL);
  twin_test_iterate ();
  g_assert_nonnull (window->preferences_window);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window->preferences_window)));
  gtk_window_close (window->preferences_window);
  twin_test_iterate ();

  gtk_widget_activate_action (GTK_WIDGET (window), "win.about", NULL);
  twin_test_iterate ();
  g_assert_nonnull (window->about_window);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window->about_window)));
  gtk_window_close (window->about_window);
  twin_test_iterate ();

  builder = gtk_builder_new_from_resource ("/io/github/twinscope/Twinscope/gtk/help-overlay.ui");
  shortcuts = GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (shortcuts));
  gtk_window_set_transient_for (shortcuts, GTK_WINDOW (window));
  gtk_window_present (shortcuts);
  twin_test_iterate ();
  gtk_window_destroy (shortcuts);

  twin_test_close_window (window, engine);
}

static void
test_window_remembers_size (void)
{
  TwinEngine *engine = twin_engine_new_full (10000, 0.1);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  TwinWindow *window;
  int width, height;

  g_settings_set_int (settings, "window-width", 1000);
  g_settings_set_int (settings, "window-height", 700);
  g_settings_set_boolean (settings, "sidebar-revealed", FALSE);

  window = twin_test_open_window (engine, settings, 0, 0);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 1000);
  g_assert_cmpint (height, ==, 700);
  g_assert_false (adw_flap_get_reveal_flap (window->flap));

  gtk_toggle_button_set_active (window->sidebar_button, TRUE);
  g_assert_true (adw_flap_get_reveal_flap (window->flap));
  g_assert_true (g_settings_get_boolean (settings, "sidebar-revealed"));

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 750);
  g_object_ref (window);
  gtk_window_close (GTK_WINDOW (window));
  twin_test_iterate ();
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1100);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 750);
  g_object_unref (window);

  twin_test_close_window (window, engine);
  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
  g_settings_reset (settings, "sidebar-revealed");
}

static GtkGesture *
find_drag_gesture (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_DRAG (controller))
        return GTK_GESTURE (controller);
    }
  return NULL;
}

static void
test_window_remembers_pane (void)
{
  TwinEngine *engine = twin_engine_new_full (10000, 0.1);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  TwinWindow *window;
  GtkGesture *drag;
  int width, start;

  g_settings_set_int (settings, "window-width", 1200);
  g_settings_set_int (settings, "sidebar-width", 400);
  window = twin_test_open_window (engine, settings, 0, 0);
  gtk_widget_get_size_request (window->sidebar, &width, NULL);
  g_assert_cmpint (width, ==, 400);

  /* Dragging the line between sidebar and plot moves it, within bounds,
   * and the settings keep it for next time. */
  drag = find_drag_gesture (window->pane_handle);
  g_assert_nonnull (drag);
  /* The width the drag starts from: once the main loop runs, the sidebar
   * may already have its new width. */
  start = gtk_widget_get_width (window->sidebar);
  g_signal_emit_by_name (drag, "drag-begin", 0.0, 0.0);
  g_signal_emit_by_name (drag, "drag-update", 60.0, 0.0);
  twin_test_iterate ();
  g_assert_cmpint (g_settings_get_int (settings, "sidebar-width"), ==, start + 60);
  gtk_widget_get_size_request (window->sidebar, &width, NULL);
  g_assert_cmpint (width, ==, g_settings_get_int (settings, "sidebar-width"));

  g_signal_emit_by_name (drag, "drag-update", -2000.0, 0.0);
  g_assert_cmpint (g_settings_get_int (settings, "sidebar-width"), ==, 280);
  g_signal_emit_by_name (drag, "drag-update", 2000.0, 0.0);
  g_assert_cmpint (g_settings_get_int (settings, "sidebar-width"), ==, 560);

  twin_test_close_window (window, engine);
  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "sidebar-width");
}

static void
test_window_folds (void)
{
  TwinEngine *engine = twin_engine_new_full (10000, 0.1);
  TwinWindow *window = twin_test_open_window (engine, NULL, 0, 0);

  g_assert_false (adw_flap_get_folded (window->flap));

  /* Narrower than about 900 px, the sidebar folds away. */
  gtk_window_set_default_size (GTK_WINDOW (window), 700, 600);
  twin_test_run_for (0.5);
  g_assert_true (adw_flap_get_folded (window->flap));

  twin_test_close_window (window, engine);
}

/* The "</object>" that closes the element opened at @p. */
static const char *
matching_close (const char *p)
{
  int depth = 0;

  for (const char *q = p; *q; q++)
    {
      if (g_str_has_prefix (q, "<object "))
        depth++;
      else if (g_str_has_prefix (q, "</object>") && --depth == 0)
        return q;
    }

  g_assert_not_reached ();
}

/* Every control in every .ui file has a label for assistive technology. */
static void
test_accessible_labels (void)
{
  const char *files[] = { "twin-window.ui", "twin-preferences-window.ui", "twin-export-dialog.ui" };
  const char *controls[] = {
    "GtkButton", "GtkToggleButton", "GtkMenuButton", "GtkScale", "GtkSpinButton",
    "GtkSwitch", "GtkDropDown", "AdwComboRow", "AdwEntryRow", "AdwPasswordEntryRow",
  };

  twin_gui_init ();

  for (guint f = 0; f < G_N_ELEMENTS (files); f++)
    {
      g_autofree char *path = g_strconcat ("/io/github/twinscope/Twinscope/", files[f], NULL);
      g_autoptr(GBytes) bytes = g_resources_lookup_data (path, 0, NULL);
      const char *xml = g_bytes_get_data (bytes, NULL);
      guint n_controls = 0;

      g_assert_nonnull (bytes);

      for (const char *p = strstr (xml, "<object class=\""); p != NULL; p = strstr (p + 1, "<object class=\""))
        {
          const char *cls = p + strlen ("<object class=\"");
          gsize len = strcspn (cls, "\"");
          const char *end;
          g_autofree char *element = NULL;
          gboolean is_control = FALSE;

          for (guint c = 0; c < G_N_ELEMENTS (controls); c++)
            if (strlen (controls[c]) == len && strncmp (cls, controls[c], len) == 0)
              is_control = TRUE;
          if (!is_control)
            continue;

          end = matching_close (p);
          element = g_strndup (p, end - p);
          if (strstr (element, "<accessibility>") == NULL ||
              (strstr (element, "name=\"label\"") == NULL && strstr (element, "labelled-by") == NULL))
            g_error ("%s: a %.*s has no accessible label: %.120s", files[f], (int)len, cls, p);
          n_controls++;
        }

      g_assert_cmpuint (n_controls, >, 2);
    }
}

static void
test_screenshot_option (void)
{
  g_autofree char *dir = g_dir_make_tmp ("twinscope-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "shot.png", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  const char *args[] = { "--screenshot", path, "--duration", "60", "--rpm", "1900", NULL };

  g_assert_cmpint (twin_test_run_binary (args, NULL, NULL), ==, 0);

  texture = gdk_texture_new_from_filename (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (texture), >=, 800);
  g_assert_cmpint (gdk_texture_get_height (texture), >=, 500);

  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  twin_gui_init ();

  g_test_add_func ("/window/opens-on-the-engine-services-off", test_window_opens);
  g_test_add_func ("/window/sliders-and-spins-drive-the-engine-and-follow-it", test_window_sliders);
  g_test_add_func ("/window/fault-switches-drive-the-engine-and-follow-it", test_window_faults);
  g_test_add_func ("/window/reset-trip-shown-only-while-tripped", test_window_reset_trip);
  g_test_add_func ("/window/time-scale-model-span-and-follow-selectors", test_window_selectors);
  g_test_add_func ("/window/time-window-custom-after-zoom-and-chosen-again", test_window_span_custom);
  g_test_add_func ("/window/formats-durations-scales-and-clocks", test_window_formats);
  g_test_add_func ("/window/single-step-shows-at-the-models-step", test_window_single_step_shows);
  g_test_add_func ("/window/tutorial-greys-faults-wear-not-modelled", test_window_tutorial_says_what_it_is);
  g_test_add_func ("/window/sliders-snap-whole-rpm-tenth-degree", test_window_sliders_snap);
  g_test_add_func ("/window/fast-forward-until-event-and-run-for", test_window_fast_forward);
  g_test_add_func ("/window/fits-1024x768-toasts-above-plot-controls", test_window_1024x768);
  g_test_add_func ("/window/actions-play-step-and-reset-asking-first", test_window_actions);
  g_test_add_func ("/window/readouts-with-units-and-zone-colour", test_window_readouts);
  g_test_add_func ("/window/shortcuts-named-and-space-not-in-text", test_window_shortcuts);
  g_test_add_func ("/window/dialogs-open-without-warnings", test_window_dialogs);
  g_test_add_func ("/window/mqtt-status-opens-mqtt-preferences", test_window_mqtt_status_opens_preferences);
  g_test_add_func ("/window/remembers-size-and-sidebar", test_window_remembers_size);
  g_test_add_func ("/window/remembers-pane-width-within-bounds", test_window_remembers_pane);
  g_test_add_func ("/window/folds-below-900-px", test_window_folds);
  g_test_add_func ("/window/every-control-has-an-accessible-label", test_accessible_labels);
  g_test_add_func ("/window/screenshot-option-writes-a-png", test_screenshot_option);
  g_test_add_func ("/window/spin-buttons-take-the-valid-range", test_window_spin_buttons_take_the_valid_range);

  return g_test_run ();
}
