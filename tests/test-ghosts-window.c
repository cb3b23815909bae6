/* test-ghosts-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Ghost futures, the compare panel and the safe ranges in the real window
 * under Xvfb: Pin in what-if mode (a fifth refused in a toast), ghosts
 * on the plot and in the panel, kept in the settings and back at the next
 * start, the safe-range condition, and screenshots at 1024×768.
 */

#include "config.h"

#include <adwaita.h>
#include <math.h>

#include "twin-gui.h"
#include "twin-test-pixels.h"
#include "twin-test-wait.h"
#include "twin-test-window.h"
#include "twin-window-private.h"

#define WAIT_S 20.0

static void
edit_branch (TwinWindow *window,
             double      ambient,
             double      rpm)
{
  gtk_range_set_value (GTK_RANGE (window->ambient_scale), ambient);
  gtk_range_set_value (GTK_RANGE (window->rpm_scale), rpm);
  twin_test_iterate ();
}

static guint
n_ghosts (TwinWindow *window)
{
  return g_list_model_get_n_items (G_LIST_MODEL (window->ghosts));
}

typedef struct
{
  TwinPlot *plot;
  guint     n;
} FuturesWait;

static gboolean
plot_has_futures (gpointer data)
{
  FuturesWait *w = data;

  return twin_plot_get_n_futures (w->plot) == w->n;
}

/* Pin works in what-if mode only, names the ghost in a toast and the
 * panel; four fit, a fifth is refused in a toast; the plot draws them. */
static void
test_pin_in_whatif_mode (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  TwinEngine *engine = twin_engine_new_full (10000, 0.1);
  TwinWindow *window = twin_test_open_window (engine, settings, 1024, 768);
  static const double speeds[] = { 3000, 2000, 1000, 500 };
  FuturesWait w = { window->plot, 0 };
  g_auto(GStrv) saved = NULL;

  g_assert_cmpuint (n_ghosts (window), ==, 0);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->compare_panel)));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.pin-branch", NULL);
  g_assert_cmpuint (n_ghosts (window), ==, 0);

  g_object_set (window, "what-if", TRUE, NULL);
  twin_test_iterate ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->compare_panel)));

  /* Nothing changed yet: nothing to pin. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.pin-branch", NULL));
  g_assert_cmpuint (n_ghosts (window), ==, 0);
  g_assert_cmpstr (window->last_toast, ==, "Nothing to pin: the branch changes no input or fault yet");

  edit_branch (window, 38, 3000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.pin-branch", NULL));
  g_assert_cmpuint (n_ghosts (window), ==, 1);
  g_assert_cmpstr (window->last_toast, ==, "Pinned “ambient 38 °C · 3000 rpm”");
  g_assert_cmpstr (twin_compare_panel_get_title (window->compare_panel, 1), ==, "ambient 38 °C · 3000 rpm");

  for (guint i = 1; i < G_N_ELEMENTS (speeds); i++)
    {
      edit_branch (window, 22, speeds[i]);
      gtk_widget_activate_action (GTK_WIDGET (window), "win.pin-branch", NULL);
    }
  g_assert_cmpuint (n_ghosts (window), ==, 4);
  g_assert_cmpstr (twin_compare_panel_get_title (window->compare_panel, 4), ==, "500 rpm");

  edit_branch (window, 30, 2500);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.pin-branch", NULL);
  g_assert_cmpuint (n_ghosts (window), ==, 4);
  g_assert_cmpstr (window->last_toast, ==, "At most 4 futures can be pinned; unpin one first");

  /* The course, the branch and four ghosts on the plot. */
  w.n = 6;
  twin_test_wait_until (plot_has_futures, &w, WAIT_S, "the course, the branch and four ghosts on the plot");

  saved = g_settings_get_strv (settings, "pinned-branches");
  g_assert_cmpuint (g_strv_length (saved), ==, 4);
  g_assert_cmpstr (saved[0], ==, "{\"ambient\":38.0,\"rpm_setpoint\":3000.0}");

  /* Back to the live inputs: the ghosts stay, Pin does nothing. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.what-if-cancel", NULL);
  twin_test_iterate ();
  gtk_widget_activate_action (GTK_WIDGET (window), "win.pin-branch", NULL);
  g_assert_cmpuint (n_ghosts (window), ==, 4);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->compare_panel)));
  g_assert_cmpfloat (twin_engine_get_rpm_setpoint (engine), ==, 1500);

  g_settings_reset (settings, "pinned-branches");
  twin_test_close_window (window, engine);
}

/* The branches kept in the settings are pinned again when a window opens,
 * drawn and in the panel; unpinning there forgets them. */
static void
test_restored_at_start (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  const char * const kept[] = { "{\"rpm_setpoint\":2800.0}", "{\"faults\":{\"cooling_degraded\":true}}", NULL };
  TwinEngine *engine = twin_engine_new_full (10000, 0.1);
  TwinWindow *window;
  FuturesWait w;
  g_auto(GStrv) saved = NULL;

  g_settings_set_strv (settings, "pinned-branches", kept);
  window = twin_test_open_window (engine, settings, 1024, 768);

  g_assert_cmpuint (n_ghosts (window), ==, 2);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->compare_panel)));
  g_assert_cmpstr (twin_compare_panel_get_title (window->compare_panel, 1), ==, "2800 rpm");
  g_assert_cmpstr (twin_compare_panel_get_title (window->compare_panel, 2), ==, "cooling degraded");
  w = (FuturesWait) { window->plot, 3 };
  twin_test_wait_until (plot_has_futures, &w, WAIT_S, "the course and two ghosts on the plot");

  twin_ghosts_remove (window->ghosts, 0);
  saved = g_settings_get_strv (settings, "pinned-branches");
  g_assert_cmpuint (g_strv_length (saved), ==, 1);
  g_assert_cmpstr (twin_compare_panel_get_title (window->compare_panel, 1), ==, "cooling degraded");

  g_settings_reset (settings, "pinned-branches");
  twin_test_close_window (window, engine);
}

/* The condition dropdown and the settings follow each other; the safe
 * ranges ask for what they say, over the forecast's horizon. */
static void
test_safe_condition (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  TwinEngine *engine = twin_engine_new_full (10000, 0.1);
  TwinWindow *window = twin_test_open_window (engine, settings, 1024, 768);
  GListModel *titles = gtk_drop_down_get_model (window->safe_condition_dropdown);
  g_autofree char *condition = NULL;
  TwinAdviseSpec spec;

  g_assert_cmpuint (gtk_drop_down_get_selected (window->safe_condition_dropdown), ==, TWIN_SAFE_NO_TRIP);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (titles), TWIN_SAFE_RUL_ABOVE), ==,
                   "RUL above 1000 h");

  gtk_drop_down_set_selected (window->safe_condition_dropdown, TWIN_SAFE_NO_WARNING);
  condition = g_settings_get_string (settings, "safe-condition");
  g_assert_cmpstr (condition, ==, "no-warning");

  g_settings_set_string (settings, "safe-condition", "rul-above");
  twin_test_iterate ();
  g_assert_cmpuint (gtk_drop_down_get_selected (window->safe_condition_dropdown), ==, TWIN_SAFE_RUL_ABOVE);
  twin_safe_ranges_fill_spec (window->safe_ranges, TWIN_INPUT_RPM_SETPOINT, &spec);
  g_assert_cmpfloat (spec.rul_hours_min, ==, 1000);
  g_assert_cmpfloat (spec.horizon, ==, twin_outlook_get_horizon (window->outlook));

  /* The RUL kept to, set in the preferences, is named in the dropdown. */
  g_settings_set_double (settings, "safe-rul-hours", 1500);
  twin_test_iterate ();
  titles = gtk_drop_down_get_model (window->safe_condition_dropdown);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (titles), TWIN_SAFE_RUL_ABOVE), ==,
                   "RUL above 1500 h");
  g_assert_cmpuint (gtk_drop_down_get_selected (window->safe_condition_dropdown), ==, TWIN_SAFE_RUL_ABOVE);
  twin_safe_ranges_fill_spec (window->safe_ranges, TWIN_INPUT_RPM_SETPOINT, &spec);
  g_assert_cmpfloat (spec.rul_hours_min, ==, 1500);

  /* The safe ranges look as far ahead as the forecast. */
  gtk_drop_down_set_selected (window->horizon_dropdown, 2);
  twin_test_iterate ();
  g_assert_cmpfloat (twin_outlook_get_horizon (window->outlook), ==, 3600);
  twin_safe_ranges_fill_spec (window->safe_ranges, TWIN_INPUT_RPM_SETPOINT, &spec);
  g_assert_cmpfloat (spec.horizon, ==, 3600);

  g_settings_reset (settings, "safe-condition");
  g_settings_reset (settings, "safe-rul-hours");
  g_settings_reset (settings, "forecast-horizon");
  twin_test_close_window (window, engine);
}

static gboolean
ghosts_computed (gpointer data)
{
  TwinWindow *window = data;

  for (guint i = 0; i < n_ghosts (window); i++)
    {
      g_autoptr(TwinGhost) ghost = g_list_model_get_item (G_LIST_MODEL (window->ghosts), i);

      if (twin_ghost_get_course (ghost) == NULL)
        return FALSE;
    }

  return twin_branch_get_course (window->branch) != NULL && twin_outlook_get_course (window->outlook) != NULL
         && twin_safe_scale_get_advice (TWIN_SAFE_SCALE (window->ambient_scale)) != NULL
         && twin_safe_scale_get_advice (TWIN_SAFE_SCALE (window->rpm_scale)) != NULL;
}

/* What-if mode with two ghosts pinned and the safe ranges on the sliders,
 * light and dark, at 1024×768: the panel fits under the plot.
 * With TWIN_SCREENSHOT_DIR set, the screenshots are kept there. */
static void
test_screenshots (void)
{
  static const struct {
    const char *name;
    gboolean    dark;
    gboolean    sidebar;
  } cases[] = {
    { "ghosts-light.png", FALSE, FALSE },
    { "ghosts-dark.png", TRUE, FALSE },
    { "ghosts-sidebar-light.png", FALSE, TRUE },
    { "ghosts-sidebar-dark.png", TRUE, TRUE },
  };
  g_autoptr(TwinTestShots) shots = twin_test_shots_new ("twin-ghosts-XXXXXX");

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      TwinEngine *engine = twin_engine_new_full (10000, 0.1);
      TwinCommand hot = { .fields = TWIN_COMMAND_AMBIENT | TWIN_COMMAND_RPM_SETPOINT,
                          .ambient = 38, .rpm_setpoint = 3000 };
      TwinCommand cooling = { .fields = TWIN_COMMAND_COOLING_DEGRADED, .cooling_degraded = TRUE };
      g_autofree char *path = NULL;
      TwinWindow *window;
      graphene_rect_t bounds;

      twin_test_shots_set_dark (shots, cases[c].dark);
      twin_engine_set_paused (engine, TRUE);
      g_assert_true (twin_engine_set_rpm_setpoint (engine, 1800, NULL));
      twin_engine_advance (engine, 120);

      window = twin_test_open_window (engine, NULL, 1024, 768);
      g_assert_nonnull (twin_ghosts_pin (window->ghosts, &hot, NULL));
      g_assert_nonnull (twin_ghosts_pin (window->ghosts, &cooling, NULL));
      g_object_set (window, "what-if", TRUE, NULL);
      edit_branch (window, 22, 2200);
      adw_flap_set_reveal_flap (window->flap, cases[c].sidebar);
      twin_test_wait_until (ghosts_computed, window, WAIT_S, "the course, the branch, the ghosts and the safe ranges");
      twin_test_run_for (0.5);
      twin_test_settle_plot (window->plot, 0.3);
      path = twin_test_shots_take (shots, window, cases[c].name);
      twin_test_shots_done (shots, path);

      /* The panel is all inside the window, under the plot. */
      g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (window->compare_panel), GTK_WIDGET (window), &bounds));
      g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, gtk_widget_get_height (GTK_WIDGET (window)));
      g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, gtk_widget_get_width (GTK_WIDGET (window)));
      g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (window->plot)), >=, 300);

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

  g_test_add_func ("/ghosts-window/pin-in-what-if-mode-fifth-refused", test_pin_in_whatif_mode);
  g_test_add_func ("/ghosts-window/restored-at-start-unpin-forgets", test_restored_at_start);
  g_test_add_func ("/ghosts-window/safe-condition-follows-settings", test_safe_condition);
  g_test_add_func ("/ghosts-window/screenshots-1024x768-light-and-dark", test_screenshots);

  return g_test_run ();
}
