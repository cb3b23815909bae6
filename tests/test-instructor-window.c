/* test-instructor-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The instructor's controls in a real window: a snapshot taken with the
 * panel's button is restored bit for bit by its Backtrack button once
 * confirmed; automatic snapshots land at 5, 10, 15 simulated minutes; the
 * trainee view hides the forecast and the advice, the plot draws no
 * future; a malfunction injected hidden shows neither on its switch nor
 * as a marker, one injected openly shows on both; the panel freezes and
 * runs, and shows the command lock.
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "twin-gui.h"
#include "twin-instructor-panel-private.h"
#include "twin-plot-private.h"
#include "twin-test-commands.h"
#include "twin-test-wait.h"
#include "twin-test-window.h"
#include "twin-window-private.h"

typedef struct
{
  TwinEngine          *engine;
  GSettings           *settings;
  TwinWindow          *window;
  TwinInstructorPanel *panel;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->engine = twin_engine_new ();
  f->settings = g_settings_new (APP_ID);
  f->window = twin_test_open_window (f->engine, f->settings, 1024, 768);
  f->panel = TWIN_INSTRUCTOR_PANEL (f->window->instructor_panel);
  /* Opened as the instructor would. */
  gtk_menu_button_popup (f->window->instructor_button);
  twin_test_iterate ();
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_settings_reset (f->settings, "trainee-view");
  g_settings_reset (f->settings, "snapshot-interval");
  g_clear_object (&f->settings);
  gtk_menu_button_popdown (f->window->instructor_button);
  twin_test_iterate ();
  twin_test_close_window (f->window, f->engine);
}

static void
click (GtkWidget *button)
{
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  twin_test_iterate ();
}

static guint
markers (TwinWindow        *window,
         TwinPlotEventKind  kind)
{
  guint n = 0;

  twin_test_iterate ();
  for (guint i = 0; i < window->plot->events->len; i++)
    n += g_array_index (window->plot->events, TwinPlotEvent, i).kind == kind;
  return n;
}

static void
test_backtrack (Fixture       *f,
                gconstpointer  data)
{
  const TwinSnapshotsEntry *entry;
  TwinSim now;
  GtkWidget *button, *row;
  guint id, trips;

  twin_test_apply (f->engine, (TwinCommand){ .fields = TWIN_COMMAND_RPM_SETPOINT, .rpm_setpoint = 2450 });
  twin_engine_advance (f->engine, 47.31);
  gtk_editable_set_text (GTK_EDITABLE (f->panel->label_entry), " before the fault ");
  trips = markers (f->window, TWIN_PLOT_EVENT_TRIP);
  g_assert_cmpuint (trips, >, 0);
  click (GTK_WIDGET (f->panel->take_button));
  g_assert_cmpuint (twin_snapshots_get_n (f->window->snapshots), ==, 1);
  g_assert_cmpuint (markers (f->window, TWIN_PLOT_EVENT_SNAPSHOT), ==, 1);
  id = twin_snapshots_get (f->window->snapshots, 0)->id;
  g_assert_cmpstr (twin_snapshots_get (f->window->snapshots, 0)->label, ==, "before the fault");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (f->panel->label_entry)), ==, "");
  twin_test_apply (f->engine, (TwinCommand){ .fields = TWIN_COMMAND_AMBIENT | TWIN_COMMAND_COOLING_DEGRADED,
                                   .ambient = 38, .cooling_degraded = TRUE });
  twin_engine_advance (f->engine, 250);
  g_assert_cmpuint (markers (f->window, TWIN_PLOT_EVENT_FAULT), ==, 1);

  /* Listed, with its time in units; Backtrack asks first, Cancel changes nothing. */
  button = _twin_instructor_panel_backtrack_button (f->panel, id);
  g_assert_nonnull (button);
  row = gtk_widget_get_ancestor (button, ADW_TYPE_ACTION_ROW);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "t = 47.3 s");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "Manual · before the fault");
  click (button);
  g_assert_nonnull (f->panel->confirm_dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (f->panel->confirm_dialog)),
                            "47.3 s"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (f->panel->confirm_dialog)),
                            "4 min 10.0 s"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (f->panel->confirm_dialog), "cancel");
  twin_test_iterate ();
  g_assert_cmpfloat (twin_engine_get_timestamp (f->engine), >, 290);

  click (_twin_instructor_panel_backtrack_button (f->panel, id));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (f->panel->confirm_dialog), "backtrack");
  twin_test_iterate ();
  entry = twin_snapshots_lookup (f->window->snapshots, id);
  twin_engine_get_sim (f->engine, &now);
  g_assert_true (memcmp (&now, &entry->sim, sizeof now) == 0);
  g_assert_false (gtk_switch_get_active (f->window->cooling_switch));
  /* The markers up to the snapshot stay, the fault's after it go. */
  g_assert_cmpuint (markers (f->window, TWIN_PLOT_EVENT_FAULT), ==, 0);
  g_assert_cmpuint (markers (f->window, TWIN_PLOT_EVENT_TRIP), ==, trips);
  g_assert_cmpuint (markers (f->window, TWIN_PLOT_EVENT_SNAPSHOT), ==, 1);
  for (guint i = 0; i < f->window->plot->events->len; i++)
    {
      const TwinPlotEvent *e = &g_array_index (f->window->plot->events, TwinPlotEvent, i);
      g_autofree char *text = NULL;

      if (e->kind != TWIN_PLOT_EVENT_SNAPSHOT)
        continue;
      text = _twin_plot_event_describe (e);
      g_assert_cmpstr (text, ==, "snapshot “before the fault”");
    }
  g_assert_cmpfloat (gtk_adjustment_get_value (f->window->ambient_adjustment), ==, entry->sim.inputs.ambient);
  /* The plot keeps the past up to the snapshot. */
  g_assert_cmpfloat (twin_history_get_last_time (twin_engine_get_history (f->engine)), <=, 47.31);
  g_assert_cmpfloat (twin_history_get_first_time (twin_engine_get_history (f->engine)), ==, 0);
}

/* With TWIN_SCREENSHOT_DIR=DIR, the popover as drawn, to look at. */
static void
save_popover (Fixture    *f,
              const char *name)
{
  const char *dir = g_getenv ("TWIN_SCREENSHOT_DIR");
  GtkWidget *popover = GTK_WIDGET (gtk_menu_button_get_popover (f->window->instructor_button));
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;

  if (dir == NULL)
    return;
  gtk_menu_button_popdown (f->window->instructor_button);
  twin_test_iterate ();
  gtk_menu_button_popup (f->window->instructor_button);
  twin_test_run_for (0.3);
  paintable = gtk_widget_paintable_new (popover);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (popover), gtk_widget_get_height (popover));
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (popover)), node, NULL);
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_free (path);
  path = g_strconcat (dir, "/window-", name, NULL);
  g_assert_true (twin_window_save_screenshot (f->window, path, NULL));
}

static void
test_automatic (Fixture       *f,
                gconstpointer  data)
{
  GtkWidget *row;
  guint n = 0;

  g_assert_cmpfloat (gtk_spin_button_get_value (f->panel->interval_spin), ==, 5);
  for (guint i = 0; i < 16 * 60 / 7; i++)
    twin_engine_advance (f->engine, 7);
  g_assert_cmpuint (twin_snapshots_get_n (f->window->snapshots), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      const TwinSnapshotsEntry *e = twin_snapshots_get (f->window->snapshots, i);

      g_assert_cmpfloat (e->timestamp, ==, 300.0 * (i + 1));
      g_assert_true (e->automatic);
    }
  /* Each is marked on the plot's time axis. */
  g_assert_cmpuint (markers (f->window, TWIN_PLOT_EVENT_SNAPSHOT), ==, 3);
  twin_test_iterate ();
  for (row = gtk_widget_get_first_child (GTK_WIDGET (f->panel->list)); row != NULL;
       row = gtk_widget_get_next_sibling (row), n++)
    {
      g_autofree char *title = g_strdup_printf ("t = %u min 00.0 s", 5 * (n + 1));

      g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, title);
      g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "Automatic");
    }
  g_assert_cmpuint (n, ==, 3);
  save_popover (f, "instructor.png");

  /* The interval is a setting; 0 takes none. */
  gtk_spin_button_set_value (f->panel->interval_spin, 0);
  g_assert_cmpfloat (g_settings_get_double (f->settings, "snapshot-interval"), ==, 0);
  twin_engine_advance (f->engine, 600);
  g_assert_cmpuint (twin_snapshots_get_n (f->window->snapshots), ==, 3);
}

static gboolean
forecast_shown (gpointer data)
{
  TwinWindow *window = data;

  return window->plot->n_futures > 0 &&
         twin_safe_scale_get_advice (TWIN_SAFE_SCALE (window->ambient_scale)) != NULL;
}

static void
test_trainee_view (Fixture       *f,
                   gconstpointer  data)
{
  TwinWindow *w = f->window;
  GtkWidget *ahead = gtk_widget_get_parent (GTK_WIDGET (w->readouts->ahead_value));
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (w), "trainee-view");

  twin_engine_advance (f->engine, 30);
  twin_test_wait_until (forecast_shown, w, 20, "the course ahead and the safe ranges");
  g_assert_true (gtk_widget_get_visible (ahead));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (w->whatif_button)));

  /* From the panel's switch (the View menu's item shares its action). */
  gtk_switch_set_active (f->panel->trainee_switch, TRUE);
  twin_test_iterate ();
  g_assert_true (g_settings_get_boolean (f->settings, "trainee-view"));
  g_assert_true (g_variant_get_boolean (g_action_get_state (action)));
  g_assert_cmpuint (w->plot->n_futures, ==, 0);
  g_assert_false (gtk_widget_get_visible (ahead));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (w->whatif_button)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (w->compare_panel)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (w->safe_condition_dropdown)));
  g_assert_null (twin_safe_scale_get_advice (TWIN_SAFE_SCALE (w->ambient_scale)));
  g_assert_null (twin_safe_scale_get_advice (TWIN_SAFE_SCALE (w->rpm_scale)));
  g_assert_null (gtk_widget_get_tooltip_text (GTK_WIDGET (w->readouts->rul_value)));
  /* Ctrl+I does nothing. */
  gtk_widget_activate_action (GTK_WIDGET (w), "win.what-if", NULL);
  twin_test_iterate ();
  g_assert_false (twin_branch_get_active (w->branch));

  /* New forecasts keep away. */
  twin_engine_advance (f->engine, 30);
  twin_test_run_for (1.0);
  g_assert_cmpuint (w->plot->n_futures, ==, 0);
  g_assert_false (gtk_widget_get_visible (ahead));
  g_assert_null (twin_safe_scale_get_advice (TWIN_SAFE_SCALE (w->ambient_scale)));

  /* Back from the menu's action, everything comes back. */
  g_action_activate (action, NULL);
  twin_test_iterate ();
  g_assert_false (g_settings_get_boolean (f->settings, "trainee-view"));
  g_assert_false (gtk_switch_get_active (f->panel->trainee_switch));
  twin_engine_advance (f->engine, 1);
  twin_test_wait_until (forecast_shown, w, 20, "the course ahead and the safe ranges again");
  g_assert_true (gtk_widget_get_visible (ahead));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (w->whatif_button)));
}

static void
test_malfunctions (Fixture       *f,
                   gconstpointer  data)
{
  TwinWindow *w = f->window;

  twin_engine_advance (f->engine, 5);
  /* A bearing defect, hidden. */
  gtk_drop_down_set_selected (f->panel->malfunction_dropdown, 1);
  gtk_check_button_set_active (f->panel->hidden_check, TRUE);
  click (GTK_WIDGET (f->panel->inject_button));
  twin_engine_advance (f->engine, 5);
  g_assert_true (twin_engine_get_bearing_defect (f->engine));
  g_assert_false (gtk_switch_get_active (w->bearing_switch));
  g_assert_cmpuint (markers (w, TWIN_PLOT_EVENT_FAULT), ==, 0);

  /* A cooling failure, shown. */
  gtk_drop_down_set_selected (f->panel->malfunction_dropdown, 0);
  gtk_check_button_set_active (f->panel->hidden_check, FALSE);
  click (GTK_WIDGET (f->panel->inject_button));
  twin_engine_advance (f->engine, 5);
  g_assert_true (twin_engine_get_cooling_degraded (f->engine));
  g_assert_true (gtk_switch_get_active (w->cooling_switch));
  g_assert_false (gtk_switch_get_active (w->bearing_switch));
  g_assert_cmpuint (markers (w, TWIN_PLOT_EVENT_FAULT), ==, 1);

  /* Cleared: both off, nothing hidden any more. */
  click (GTK_WIDGET (f->panel->clear_button));
  g_assert_false (twin_engine_get_bearing_defect (f->engine));
  g_assert_false (twin_engine_get_cooling_degraded (f->engine));
  g_assert_cmpuint (w->instructor_hidden, ==, 0);
}

static void
test_freeze_and_lock (Fixture       *f,
                      gconstpointer  data)
{
  gboolean paused = twin_engine_get_paused (f->engine);

  click (GTK_WIDGET (f->panel->freeze_button));
  g_assert_cmpint (twin_engine_get_paused (f->engine), ==, !paused);
  g_assert_cmpstr (gtk_button_get_label (f->panel->freeze_button), ==, paused ? "Freeze" : "Run");
  click (GTK_WIDGET (f->panel->freeze_button));
  g_assert_cmpint (twin_engine_get_paused (f->engine), ==, paused);

  g_assert_nonnull (strstr (gtk_label_get_label (f->panel->lock_label), "none"));
  g_settings_set_enum (f->settings, "command-lock", TWIN_COMMAND_LOCK_REMOTE);
  twin_test_iterate ();
  g_assert_nonnull (strstr (gtk_label_get_label (f->panel->lock_label), "locked out"));
  g_settings_reset (f->settings, "command-lock");
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  twin_gui_init ();

  g_test_add ("/instructor-window/backtrack-from-the-panel-bit-for-bit", Fixture, NULL,
              fixture_set_up, test_backtrack, fixture_tear_down);
  g_test_add ("/instructor-window/automatic-at-5-10-15-min", Fixture, NULL,
              fixture_set_up, test_automatic, fixture_tear_down);
  g_test_add ("/instructor-window/trainee-view-hides-forecast-and-advice", Fixture, NULL,
              fixture_set_up, test_trainee_view, fixture_tear_down);
  g_test_add ("/instructor-window/malfunction-hidden-or-shown", Fixture, NULL,
              fixture_set_up, test_malfunctions, fixture_tear_down);
  g_test_add ("/instructor-window/freeze-run-and-the-lock", Fixture, NULL,
              fixture_set_up, test_freeze_and_lock, fixture_tear_down);

  return g_test_run ();
}
