/* test-scenario-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Training in a real window: Scenarios… lists the shipped scenarios, one
 * is started from the list, its checks show live in the sidebar, a hidden
 * fault shows neither on its switch nor as a marker, the fault is named
 * with the panel's buttons, and the end shows the score.
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "twin-gui.h"
#include "twin-plot-private.h"
#include "twin-test-wait.h"
#include "twin-test-window.h"
#include "twin-window-private.h"

static GtkWidget *
find_row (GtkWidget  *widget,
          const char *title)
{
  if (ADW_IS_PREFERENCES_ROW (widget) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row (child, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWindow *
chooser_window (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (g_strcmp0 (gtk_window_get_title (w), "Scenarios") == 0 && gtk_widget_get_visible (GTK_WIDGET (w)))
        return w;
    }
  return NULL;
}

static guint
fault_markers (TwinWindow *window)
{
  guint n = 0;

  for (guint i = 0; i < window->plot->events->len; i++)
    n += g_array_index (window->plot->events, TwinPlotEvent, i).kind == TWIN_PLOT_EVENT_FAULT;
  return n;
}

/* The caption markers on the plot's time axis, and the last one's text as
 * the hover says it. */
static guint
caption_markers (TwinWindow  *window,
                 char       **last)
{
  guint n = 0;

  for (guint i = 0; i < window->plot->events->len; i++)
    {
      const TwinPlotEvent *e = &g_array_index (window->plot->events, TwinPlotEvent, i);

      if (e->kind != TWIN_PLOT_EVENT_CAPTION)
        continue;
      n++;
      g_free (*last);
      *last = _twin_plot_event_describe (e);
    }
  return n;
}

/* The panel as it stands once it has caught up. */
static const char *
subtitle (TwinWindow *window,
          const char *title)
{
  GtkWidget *row;

  twin_test_iterate ();
  row = find_row (window->scenario_panel, title);

  g_assert_nonnull (row);
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
}

static void
test_find_the_fault (void)
{
  TwinEngine *engine = twin_engine_new ();
  TwinWindow *window = twin_test_open_window (engine, NULL, 1280, 900);
  GtkWindow *chooser;
  GtkWidget *row;
  g_autofree char *caption = NULL;

  /* Every shipped scenario is listed with its description. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.scenarios", NULL);
  chooser = chooser_window ();
  g_assert_nonnull (chooser);
  g_assert_nonnull (find_row (GTK_WIDGET (chooser), "Heat wave"));
  g_assert_nonnull (find_row (GTK_WIDGET (chooser), "Keep it running"));
  row = find_row (GTK_WIDGET (chooser), "Find the fault");
  g_assert_nonnull (row);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "name the fault"));
  g_assert_false (gtk_widget_get_visible (window->scenario_panel));

  /* Chosen, it starts and the chooser closes; the panel lists the checks. */
  adw_action_row_activate (ADW_ACTION_ROW (row));
  g_assert_nonnull (twin_training_get_run (window->training));
  twin_test_iterate ();
  g_assert_true (gtk_widget_get_visible (window->scenario_panel));
  g_assert_nonnull (strstr (subtitle (window, "The fault is named: bearing defect"), "Pending"));
  twin_engine_set_paused (engine, TRUE);

  /* Its first caption, reached at the start, is marked on the time axis. */
  g_assert_cmpuint (caption_markers (window, &caption), ==, 1);
  g_assert_cmpstr (caption, ==, "“Normal operation. Watch the readouts.”");

  /* Past the hidden fault: the machine has it, the window does not say. */
  twin_engine_advance (engine, 200);
  g_assert_true (twin_engine_get_bearing_defect (engine));
  g_assert_false (gtk_switch_get_active (window->bearing_switch));
  g_assert_cmpuint (fault_markers (window), ==, 0);

  /* Named with the panel's button: passed. */
  twin_test_iterate ();
  g_signal_emit_by_name (find_button (window->scenario_panel, "_Bearing"), "clicked");
  g_assert_nonnull (strstr (subtitle (window, "The fault is named: bearing defect"), "Passed"));

  /* The end: the score, and a button to keep the sheet. */
  twin_engine_advance (engine, 900);
  g_assert_nonnull (strstr (subtitle (window, "Score"), "100 / 100"));
  twin_test_iterate ();
  g_assert_nonnull (find_button (window->scenario_panel, "_Export…"));

  twin_test_close_window (window, engine);
}

/* The heat wave past its fourth caption, light and dark at 1024×768: a
 * flag on the time axis for each caption reached, and the legend names
 * them. */
static void
test_captions_on_the_time_axis (void)
{
  g_autoptr(TwinTestShots) shots = twin_test_shots_new ("twin-scenario-XXXXXX");

  for (guint dark = 0; dark < 2; dark++)
    {
      TwinEngine *engine = twin_engine_new_full (100000, 0.1);
      TwinWindow *window = twin_test_open_window (engine, NULL, 1024, 768);
      g_autoptr(GError) error = NULL;
      g_autofree char *caption = NULL, *path = NULL;

      twin_test_shots_set_dark (shots, dark);
      g_assert_true (twin_training_start (window->training, twin_training_load_shipped ("heat-wave", NULL), &error));
      g_assert_no_error (error);
      twin_engine_set_paused (engine, TRUE);
      twin_engine_advance (engine, 800);
      twin_plot_set_span (window->plot, 0);
      g_assert_cmpuint (caption_markers (window, &caption), ==, 4);
      g_assert_cmpstr (caption, ==, "“Early afternoon: 55 °C.”");
      twin_test_settle_plot (window->plot, 0.3);
      path = twin_test_shots_take (shots, window, dark ? "scenario-captions-dark.png" : "scenario-captions-light.png");
      twin_test_shots_done (shots, path);
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

  g_test_add_func ("/scenario-window/find-the-fault", test_find_the_fault);
  g_test_add_func ("/scenario-window/captions-on-the-time-axis", test_captions_on_the_time_axis);

  return g_test_run ();
}
