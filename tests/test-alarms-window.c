/* test-alarms-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Under Xvfb, in a real window: the alarm bar shows every alarm and the
 * trip's cause whatever the sidebar's state, readouts take the alarm's
 * colour, and a command from REST is seen as someone else's.
 */

#include "config.h"

#include <adwaita.h>

#include "twin-gui.h"
#include "twin-plot-private.h"
#include "twin-test-rest.h"
#include "twin-test-wait.h"
#include "twin-test-window.h"
#include "twin-window-private.h"

/* Warm but below the trip: the temperature readout and the bar are amber,
 * and the bar says the value and the threshold. */
static void
test_warning_readout_style (void)
{
  TwinEngine *engine = twin_engine_new_full (100000, 0.1);
  TwinWindow *window = twin_test_open_window (engine, NULL, 0, 0);
  GtkWidget *temperature = GTK_WIDGET (window->readouts->temperature_value);
  TwinSnapshot s;

  twin_engine_set_paused (engine, TRUE);
  twin_test_iterate ();
  g_assert_false (gtk_widget_has_css_class (temperature, "warning"));

  /* 2000 rpm settles near 98 °C: above the 85 °C warning, below the trip. */
  g_assert_true (twin_engine_set_rpm_setpoint (engine, 2000, NULL));
  twin_engine_advance (engine, 300);
  twin_test_iterate ();
  twin_engine_get_snapshot (engine, &s);
  g_assert_cmpfloat (s.temperature, >, 85);
  g_assert_cmpfloat (s.temperature, <, 105);

  g_assert_true (gtk_widget_has_css_class (temperature, "warning"));
  g_assert_false (gtk_widget_has_css_class (temperature, "error"));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (window->readouts->vibration_value), "warning"));
  g_assert_true (twin_alarm_bar_get_revealed (window->alarm_bar));
  g_assert_cmpint (twin_alarm_bar_get_level (window->alarm_bar), ==, TWIN_ALARM_LEVEL_WARNING);
  g_assert_true (g_str_has_prefix (twin_alarm_bar_get_text (window->alarm_bar), "Temperature 9"));
  g_assert_true (g_str_has_suffix (twin_alarm_bar_get_text (window->alarm_bar), " °C ≥ warning 85 °C"));

  /* Back to 1500 rpm: the warning clears, and so do bar and colour. */
  g_assert_true (twin_engine_set_rpm_setpoint (engine, 1500, NULL));
  twin_engine_advance (engine, 300);
  twin_test_iterate ();
  g_assert_false (gtk_widget_has_css_class (temperature, "warning"));
  g_assert_false (twin_alarm_bar_get_revealed (window->alarm_bar));

  twin_test_close_window (window, engine);
}

/* Reset Trip with the setpoint that tripped the machine still set says
 * so, and resets at a lower setpoint that settles without a trip. */
static void
test_reset_trip_offers_lower_setpoint (void)
{
  TwinEngine *engine = twin_engine_new_full (100000, 0.1);
  TwinWindow *window = twin_test_open_window (engine, NULL, 0, 0);
  TwinSim sim;
  double safe;

  twin_engine_set_paused (engine, TRUE);
  g_assert_true (twin_engine_set_rpm_setpoint (engine, 4000, NULL));
  twin_engine_advance (engine, 300);
  twin_test_iterate ();
  g_assert_true (twin_engine_get_tripped (engine));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.reset-trip", NULL);
  twin_test_iterate ();
  g_assert_nonnull (window->reset_trip_dialog);
  g_assert_true (twin_engine_get_tripped (engine));
  g_assert_cmpstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (window->reset_trip_dialog)), ==,
                   "The setpoint is still 4000 rpm: the machine will trip again.");
  g_assert_true (adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (window->reset_trip_dialog), "anyway"));
  g_assert_true (adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (window->reset_trip_dialog), "lower"));
  safe = window->reset_trip_setpoint;
  g_assert_cmpfloat (safe, >, 1000);
  g_assert_cmpfloat (safe, <, 4000);

  adw_message_dialog_response (ADW_MESSAGE_DIALOG (window->reset_trip_dialog), "lower");
  twin_test_iterate ();
  g_assert_false (twin_engine_get_tripped (engine));
  g_assert_cmpfloat (twin_engine_get_rpm_setpoint (engine), ==, safe);
  twin_engine_get_sim (engine, &sim);
  g_assert_false (_twin_window_trips_again (&sim, &safe));
  if (window->reset_trip_dialog != NULL)
    gtk_window_close (window->reset_trip_dialog);
  twin_test_iterate ();

  /* What stays below the trip resets at once, without a question. */
  g_assert_true (twin_engine_set_rpm_setpoint (engine, 4000, NULL));
  twin_engine_advance (engine, 300);
  g_assert_true (twin_engine_get_tripped (engine));
  g_assert_true (twin_engine_set_rpm_setpoint (engine, 1000, NULL));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.reset-trip", NULL);
  twin_test_iterate ();
  g_assert_null (window->reset_trip_dialog);
  g_assert_false (twin_engine_get_tripped (engine));

  twin_test_close_window (window, engine);
}

static const TwinPlotEvent *
find_event (TwinPlot          *plot,
            TwinPlotEventKind  kind,
            guint              detail)
{
  for (guint i = 0; i < plot->events->len; i++)
    {
      const TwinPlotEvent *e = &g_array_index (plot->events, TwinPlotEvent, i);

      if (e->kind == kind && e->detail == detail)
        return e;
    }
  return NULL;
}

/* Each kind of event is a marker of its own, and says what, when and
 * its value to the hover readout. */
static void
test_markers_described (void)
{
  TwinEngine *engine = twin_engine_new_full (100000, 0.1);
  TwinWindow *window = twin_test_open_window (engine, NULL, 0, 0);
  TwinCommand reset = { .fields = TWIN_COMMAND_RESET_TRIP | TWIN_COMMAND_RPM_SETPOINT, .reset_trip = TRUE,
                        .rpm_setpoint = 1000, .source = TWIN_COMMAND_SOURCE_MQTT };
  const TwinPlotEvent *e;
  g_autofree char *warning = NULL;
  g_autofree char *fault = NULL;
  g_autofree char *model = NULL;
  g_autofree char *reset_text = NULL;

  twin_engine_set_paused (engine, TRUE);
  twin_engine_set_cooling_degraded (engine, TRUE);
  g_assert_true (twin_engine_set_rpm_setpoint (engine, 4000, NULL));
  twin_engine_advance (engine, 60);
  g_assert_true (twin_engine_apply_command (engine, &reset, NULL));
  g_assert_true (twin_engine_set_model (engine, "tutorial@1", NULL));
  twin_test_iterate ();

  e = find_event (window->plot, TWIN_PLOT_EVENT_ALARM, TWIN_ALARM_TEMP_WARNING);
  g_assert_nonnull (e);
  g_assert_true (e->raised);
  g_assert_cmpfloat (e->value, >=, 85);
  warning = _twin_plot_event_describe (e);
  g_assert_true (g_str_has_prefix (warning, "temperature warning at 8"));
  g_assert_true (g_str_has_suffix (warning, " °C"));
  g_assert_nonnull (find_event (window->plot, TWIN_PLOT_EVENT_TRIP, TWIN_ALARM_TRIPPED));

  e = find_event (window->plot, TWIN_PLOT_EVENT_FAULT, TWIN_COMMAND_COOLING_DEGRADED);
  g_assert_nonnull (e);
  fault = _twin_plot_event_describe (e);
  g_assert_cmpstr (fault, ==, "cooling degraded");

  e = find_event (window->plot, TWIN_PLOT_EVENT_RESET, TWIN_COMMAND_RESET_TRIP);
  g_assert_nonnull (e);
  reset_text = _twin_plot_event_describe (e);
  g_assert_cmpstr (reset_text, ==, "trip reset from MQTT");
  g_assert_nonnull (find_event (window->plot, TWIN_PLOT_EVENT_COMMAND,
                                TWIN_COMMAND_RESET_TRIP | TWIN_COMMAND_RPM_SETPOINT));

  for (guint i = 0; i < window->plot->events->len; i++)
    if (g_array_index (window->plot->events, TwinPlotEvent, i).kind == TWIN_PLOT_EVENT_MODEL)
      e = &g_array_index (window->plot->events, TwinPlotEvent, i);
  g_assert_cmpint (e->kind, ==, TWIN_PLOT_EVENT_MODEL);
  model = _twin_plot_event_describe (e);
  g_assert_cmpstr (model, ==, "model tutorial@1");

  twin_test_close_window (window, engine);
}

static gboolean
revealed (gpointer data)
{
  return gtk_revealer_get_child_revealed (data);
}

static GtkRevealer *
bar_revealer (TwinWindow *window)
{
  return GTK_REVEALER (gtk_widget_get_first_child (GTK_WIDGET (window->alarm_bar)));
}

/* The README's and the metainfo's screenshots: a trip a remote command
 * caused, light at 1280 × 800; and the countdown of zone D, dark, in a
 * window narrow enough to fold the sidebar away.  With
 * TWIN_SCREENSHOT_DIR set, they are kept there. */
static void
test_screenshots (void)
{
  g_autoptr(TwinTestShots) shots = twin_test_shots_new ("twin-alarms-XXXXXX");
  TwinCommand remote = { .fields = TWIN_COMMAND_RPM_SETPOINT, .source = TWIN_COMMAND_SOURCE_MQTT,
                         .rpm_setpoint = 3600 };
  TwinEngine *engine;
  TwinWindow *window;
  TwinSim sim;
  char *path;

  twin_test_shots_set_dark (shots, FALSE);
  engine = twin_engine_new_full (100000, 0.1);
  window = twin_test_open_window (engine, NULL, 1280, 800);
  twin_engine_set_paused (engine, TRUE);
  twin_engine_advance (engine, 40);
  g_assert_true (twin_engine_apply_command (engine, &remote, NULL));
  twin_engine_advance (engine, 30);
  g_assert_true (twin_engine_get_tripped (engine));
  twin_test_wait_until (revealed, bar_revealer (window), 5, "the alarm bar to show");
  twin_test_settle_plot (window->plot, 0.3);
  path = twin_test_shots_take (shots, window, "tripped.png");
  twin_test_shots_done (shots, path);
  g_free (path);
  twin_test_close_window (window, engine);

  twin_test_shots_set_dark (shots, TRUE);
  engine = twin_engine_new_full (100000, 0.1);
  window = twin_test_open_window (engine, NULL, 860, 640);
  g_assert_true (adw_flap_get_folded (window->flap));
  twin_engine_set_paused (engine, TRUE);
  twin_engine_set_bearing_defect (engine, TRUE);
  twin_engine_advance (engine, 30);
  g_assert_true (twin_engine_set_rpm_setpoint (engine, 2400, NULL));
  do
    {
      twin_engine_advance (engine, 0.1);
      twin_engine_get_sim (engine, &sim);
    }
  while (sim.state.zone_d_time < 3.8);
  g_assert_false (sim.state.tripped);
  twin_test_wait_until (revealed, bar_revealer (window), 5, "the alarm bar to show");
  twin_test_iterate ();
  g_assert_nonnull (strstr (twin_alarm_bar_get_text (window->alarm_bar), "zone D · trips in "));
  twin_test_settle_plot (window->plot, 0.3);
  path = twin_test_shots_take (shots, window, "folded.png");
  twin_test_shots_done (shots, path);
  g_free (path);
  twin_test_close_window (window, engine);
}

/* A setpoint sent over real HTTP shows in a toast that says who sent it;
 * the window's own changes do not. */
static void
test_rest_command_toast (TwinTestRest  *f,
                         gconstpointer  data)
{
  TwinWindow *window = twin_test_open_window (f->engine, NULL, 0, 0);
  g_auto(TwinTestReply) reply = { 0 };

  gtk_range_set_value (GTK_RANGE (window->rpm_scale), 1800);
  twin_test_iterate ();
  g_assert_null (window->last_toast);

  twin_test_rest_request (f, "PATCH", "/controls", "application/json", "{\"rpm_setpoint\": 2000}", -1,
                          NULL, &reply);
  g_assert_cmpuint (reply.status, ==, 200);
  twin_test_iterate ();
  g_assert_cmpfloat (twin_engine_get_rpm_setpoint (f->engine), ==, 2000);
  g_assert_cmpstr (window->last_toast, ==, "Speed setpoint 2000 rpm — from REST");

  /* …and a marker of its own kind on the time axis, which the hover
   * readout describes. */
  {
    const TwinPlotEvent *e;
    g_autofree char *what = NULL;

    g_assert_cmpuint (window->plot->events->len, >=, 1);
    e = &g_array_index (window->plot->events, TwinPlotEvent, window->plot->events->len - 1);
    g_assert_cmpint (e->kind, ==, TWIN_PLOT_EVENT_COMMAND);
    g_assert_cmpuint (e->source, ==, TWIN_COMMAND_SOURCE_REST);
    what = _twin_plot_event_describe (e);
    g_assert_cmpstr (what, ==, "Speed setpoint 2000 rpm — from REST");
    for (guint i = 0; i + 1 < window->plot->events->len; i++)
      g_assert_cmpint (g_array_index (window->plot->events, TwinPlotEvent, i).kind, !=, TWIN_PLOT_EVENT_COMMAND);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  twin_test_iterate ();
  g_assert_finalize_object (window);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  twin_gui_init ();

  g_test_add_func ("/alarms-window/warning-readout-has-warning-style", test_warning_readout_style);
  g_test_add_func ("/alarms-window/reset-trip-offers-lower-setpoint", test_reset_trip_offers_lower_setpoint);
  g_test_add_func ("/alarms-window/markers-distinct-and-described", test_markers_described);
  g_test_add_func ("/alarms-window/screenshots-tripped-and-folded", test_screenshots);
  twin_test_rest_add ("/alarms-window/rest-command-raises-toast", test_rest_command_toast);

  return g_test_run ();
}
