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
#include <string.h>

#include "twin-gui.h"
#include "twin-plot-private.h"
#include "twin-test-rest.h"
#include "twin-test-wait.h"
#include "twin-test-window.h"
#include "twin-window-private.h"

static gboolean
is_tripped (gpointer data)
{
  return twin_engine_get_tripped (data);
}

static gboolean
bar_says_tripped (gpointer data)
{
  TwinWindow *window = data;

  return twin_alarm_bar_get_revealed (window->alarm_bar) &&
         g_str_has_prefix (twin_alarm_bar_get_text (window->alarm_bar), "Tripped: ");
}

/* At 1000× in a window too narrow for the sidebar, the trip's cause is in
 * the bar under the header bar, in red. */
static void
test_trip_folded_shows_cause (void)
{
  TwinEngine *engine = twin_engine_new_full (100000, 0.1);
  TwinWindow *window = twin_test_open_window (engine, NULL, 860, 640);
  const char *text;

  g_assert_true (adw_flap_get_folded (window->flap));
  g_assert_false (adw_flap_get_reveal_flap (window->flap));
  g_assert_false (twin_alarm_bar_get_revealed (window->alarm_bar));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window->alarm_bar)));

  /* 4000 rpm heats the machine past 105 °C within seconds of model time. */
  g_assert_true (twin_engine_set_time_scale (engine, 1000, NULL));
  g_assert_true (twin_engine_set_rpm_setpoint (engine, 4000, NULL));
  twin_engine_set_paused (engine, FALSE);
  twin_engine_start (engine);
  twin_test_wait_until (is_tripped, engine, 30, "the machine to trip");
  twin_test_wait_until (bar_says_tripped, window, 10, "the alarm bar to say why it tripped");

  text = twin_alarm_bar_get_text (window->alarm_bar);
  g_assert_true (g_str_has_prefix (text, "Tripped: temperature ≥ 105 °C"));
  g_assert_cmpint (twin_alarm_bar_get_level (window->alarm_bar), ==, TWIN_ALARM_LEVEL_TRIP);
  g_assert_false (adw_flap_get_reveal_flap (window->flap));

  twin_engine_stop (engine);
  twin_test_close_window (window, engine);
}

static void
record_trip_cb (TwinEngine           *engine,
                const TwinAlarmEvent *event,
                double               *at)
{
  if (event->alarm == TWIN_ALARM_TRIPPED && event->raised && *at < 0)
    *at = event->timestamp;
}

static gboolean
is_paused (gpointer data)
{
  return twin_engine_get_paused (data);
}

/* Pause on Trip in the main menu stops the clock at the very step of the
 * trip at 1000×: the engine's time when it paused is the trip's. */
static void
test_pause_on_trip (void)
{
  TwinEngine *engine = twin_engine_new_full (100000, 0.1);
  TwinWindow *window = twin_test_open_window (engine, NULL, 0, 0);
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (window), "pause-on-trip");
  g_autoptr(GVariant) state = NULL;
  double trip_at = -1;
  TwinSnapshot s;

  g_assert_nonnull (action);
  g_assert_cmpuint (twin_engine_get_pause_on (engine), ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.pause-on-trip", NULL);
  g_assert_cmpuint (twin_engine_get_pause_on (engine), ==, TWIN_PAUSE_ON_TRIP);
  state = g_action_get_state (action);
  g_assert_true (g_variant_get_boolean (state));

  g_signal_connect (engine, "alarm", G_CALLBACK (record_trip_cb), &trip_at);
  g_assert_true (twin_engine_set_time_scale (engine, 1000, NULL));
  g_assert_true (twin_engine_set_rpm_setpoint (engine, 4000, NULL));
  twin_engine_set_paused (engine, FALSE);
  twin_engine_start (engine);
  twin_test_wait_until (is_paused, engine, 30, "the engine to pause itself");

  g_assert_true (twin_engine_get_tripped (engine));
  g_assert_cmpfloat (trip_at, >, 0);
  g_assert_cmpfloat (twin_engine_get_timestamp (engine), ==, trip_at);
  twin_test_iterate ();
  twin_engine_get_snapshot (engine, &s);
  g_assert_cmpfloat (s.timestamp, ==, trip_at);
  g_assert_cmpstr (gtk_button_get_icon_name (window->play_button), ==, "media-playback-start-symbolic");
  g_assert_true (g_str_has_prefix (window->last_toast, "Paused at the trip, t = "));
  g_assert_true (twin_alarm_bar_get_revealed (window->alarm_bar));

  twin_engine_stop (engine);
  g_signal_handlers_disconnect_by_data (engine, &trip_at);
  twin_test_close_window (window, engine);
}

static GSettings *
fresh_settings (void)
{
  GSettings *settings = g_settings_new (APP_ID);
  const char *keys[] = { "pause-on-trip", "pause-on-alarm", "command-lock" };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_settings_reset (settings, keys[i]);
  return settings;
}

/* The preferences set the engine's pause-on and command lock, and trainer
 * mode locks the sidebar's inputs and faults, saying why. */
static void
test_preferences_steer (void)
{
  g_autoptr(GSettings) settings = fresh_settings ();
  TwinEngine *engine = twin_engine_new_full (100000, 0.1);
  TwinWindow *window = twin_test_open_window (engine, settings, 0, 0);
  g_autoptr(GVariant) state = NULL;

  g_settings_set_boolean (settings, "pause-on-alarm", TRUE);
  g_assert_cmpuint (twin_engine_get_pause_on (engine), ==, TWIN_PAUSE_ON_ALARM);
  state = g_action_get_state (g_action_map_lookup_action (G_ACTION_MAP (window), "pause-on-alarm"));
  g_assert_true (g_variant_get_boolean (state));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.pause-on-trip", NULL);
  g_assert_true (g_settings_get_boolean (settings, "pause-on-trip"));
  g_assert_cmpuint (twin_engine_get_pause_on (engine), ==, TWIN_PAUSE_ON_ALARM | TWIN_PAUSE_ON_TRIP);

  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (window->rpm_scale)));
  g_settings_set_string (settings, "command-lock", "window");
  g_assert_cmpint (twin_engine_get_command_lock (engine), ==, TWIN_COMMAND_LOCK_WINDOW);
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (window->rpm_scale)));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (window->ambient_spin)));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (window->cooling_switch)));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (window->inputs_group), "trainer mode"));

  g_settings_set_string (settings, "command-lock", "none");
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (window->rpm_scale)));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (window->cooling_switch)));
  g_assert_null (gtk_widget_get_tooltip_text (window->inputs_group));

  twin_test_close_window (window, engine);
  g_settings_reset (settings, "pause-on-trip");
  g_settings_reset (settings, "pause-on-alarm");
  g_settings_reset (settings, "command-lock");
}

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
  /* A minute ahead, so that the trip has the plot's width. */
  gtk_drop_down_set_selected (window->horizon_dropdown, 0);
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
  gtk_drop_down_set_selected (window->horizon_dropdown, 0);
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

/* Reset, From the Steady State: time starts over at 0 s where the
 * present inputs lead, not at 65 °C and 1500 rpm. */
static void
test_reset_from_steady_state (void)
{
  TwinEngine *engine = twin_engine_new_full (100000, 0.1);
  TwinWindow *window = twin_test_open_window (engine, NULL, 0, 0);
  TwinSnapshot s;

  twin_engine_set_paused (engine, TRUE);
  g_assert_true (twin_engine_set_rpm_setpoint (engine, 2000, NULL));
  twin_engine_advance (engine, 5);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.reset", NULL);
  twin_test_iterate ();
  g_assert_true (adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (window->reset_dialog), "steady"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (window->reset_dialog), "steady");
  twin_test_iterate ();

  twin_engine_get_snapshot (engine, &s);
  g_assert_cmpfloat (s.timestamp, ==, 0);
  g_assert_cmpfloat (s.rpm, ==, 2000);
  /* 22 °C + 43 K · (2000 / 1500)²: the warm machine, not the 65 °C one. */
  g_assert_cmpfloat_with_epsilon (s.temperature, 22 + 43 * (2000.0 / 1500) * (2000.0 / 1500), 0.01);
  g_assert_cmpstr (window->last_toast, ==, "Simulation reset to 0 s, from the steady state of the inputs");
  if (window->reset_dialog != NULL)
    gtk_window_close (window->reset_dialog);
  twin_test_iterate ();

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

  /* Remote commands locked out by the preference: refused with 423 and
   * a reply that says so, and nothing changes, toast and markers included. */
  {
    g_autoptr(GSettings) settings = fresh_settings ();
    TwinWindow *locked = NULL;
    g_auto(TwinTestReply) refused = { 0 };
    guint n_events;

    gtk_window_destroy (GTK_WINDOW (window));
    twin_test_iterate ();
    g_assert_finalize_object (window);

    window = twin_test_open_window (f->engine, settings, 0, 0);
    locked = window;
    g_settings_set_string (settings, "command-lock", "remote");
    g_assert_cmpint (twin_engine_get_command_lock (f->engine), ==, TWIN_COMMAND_LOCK_REMOTE);
    n_events = locked->plot->events->len;
    g_assert_null (locked->last_toast);

    twin_test_rest_request (f, "PATCH", "/controls", "application/json", "{\"rpm_setpoint\": 2500}", -1,
                            NULL, &refused);
    twin_test_iterate ();
    g_assert_cmpuint (refused.status, ==, 423);
    g_assert_nonnull (strstr (refused.body, "locked"));
    g_assert_cmpfloat (twin_engine_get_rpm_setpoint (f->engine), ==, 2000);
    g_assert_null (locked->last_toast);
    g_assert_cmpuint (locked->plot->events->len, ==, n_events);
    g_settings_reset (settings, "command-lock");
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

  g_test_add_func ("/alarms-window/trip-at-1000x-folded-shows-cause", test_trip_folded_shows_cause);
  g_test_add_func ("/alarms-window/pause-on-trip-stops-at-the-trip-step", test_pause_on_trip);
  g_test_add_func ("/alarms-window/preferences-set-pause-on-and-lock", test_preferences_steer);
  g_test_add_func ("/alarms-window/warning-readout-has-warning-style", test_warning_readout_style);
  g_test_add_func ("/alarms-window/reset-trip-offers-lower-setpoint", test_reset_trip_offers_lower_setpoint);
  g_test_add_func ("/alarms-window/reset-from-steady-state", test_reset_from_steady_state);
  g_test_add_func ("/alarms-window/markers-distinct-and-described", test_markers_described);
  g_test_add_func ("/alarms-window/screenshots-tripped-and-folded", test_screenshots);
  twin_test_rest_add ("/alarms-window/rest-command-raises-toast", test_rest_command_toast);

  return g_test_run ();
}
