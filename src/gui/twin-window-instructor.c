/* twin-window-instructor.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The instructor's controls in the window: the Instructor popover in the
 * header bar (twin-instructor-panel.c), its snapshots (the interval kept
 * in GSettings), malfunctions injected as the window's commands and, when
 * asked, hidden like a scenario's hidden fault, and the trainee view,
 * which hides the forecast and the advice.
 */

#define G_LOG_DOMAIN "twin-window"

#include "config.h"

#include <glib/gi18n.h>

#include "twin-instructor-panel.h"
#include "twin-window-private.h"

static void
apply_trainee_view (TwinWindow *self,
                    gboolean    on)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "trainee-view");
  TwinSnapshot snapshot;

  on = !!on;
  g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_boolean (on));
  if (self->trainee_view == on)
    return;
  self->trainee_view = on;

  if (on && twin_branch_get_active (self->branch))
    gtk_widget_activate_action (GTK_WIDGET (self), "win.what-if-cancel", NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->whatif_button), !on);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.what-if", !on);
  gtk_widget_set_visible (GTK_WIDGET (self->safe_condition_dropdown), !on);
  twin_safe_ranges_set_hidden (self->safe_ranges, on);
  twin_readouts_set_forecast_hidden (self->readouts, on);
  twin_engine_get_snapshot (self->engine, &snapshot);
  twin_readouts_update (self->readouts, &snapshot);
  _twin_window_ghosts_sync (self);
  _twin_window_update_futures (self);
}

static void
trainee_view_change_state_cb (GSimpleAction *action,
                              GVariant      *state,
                              TwinWindow    *self)
{
  if (self->settings != NULL)
    g_settings_set_boolean (self->settings, "trainee-view", g_variant_get_boolean (state));
  else
    apply_trainee_view (self, g_variant_get_boolean (state));
}

static void
trainee_view_setting_cb (TwinWindow *self,
                         const char *key,
                         GSettings  *settings)
{
  apply_trainee_view (self, g_settings_get_boolean (settings, key));
}

/* @fault shown or hidden; 0 clears every fault and hides none. */
static void
inject_cb (TwinWindow          *self,
           guint                fault,
           gboolean             hidden,
           TwinInstructorPanel *panel)
{
  TwinCommand command = { .fields = TWIN_COMMAND_COOLING_DEGRADED | TWIN_COMMAND_BEARING_DEFECT };
  guint before = self->instructor_hidden;

  if (fault == 0)
    self->instructor_hidden = 0;
  else
    {
      command.fields = fault;
      command.cooling_degraded = command.bearing_defect = TRUE;
      if (hidden)
        self->instructor_hidden |= fault;
      else
        self->instructor_hidden &= ~fault;
    }

  /* Hidden before the change, so that no marker is made for it. */
  twin_plot_set_hidden_faults (self->plot, _twin_window_scenario_hidden_faults (self));
  if (!_twin_window_apply_command (self, &command))
    {
      self->instructor_hidden = before;
      twin_plot_set_hidden_faults (self->plot, _twin_window_scenario_hidden_faults (self));
    }
  _twin_window_sync_inputs (self);
}

/* Each new snapshot as a mark on the plot's time axis. */
static void
snapshots_changed_cb (TwinWindow    *self,
                      TwinSnapshots *snapshots)
{
  guint marked = self->snapshot_marked;

  for (guint i = 0; i < twin_snapshots_get_n (snapshots); i++)
    {
      const TwinSnapshotsEntry *e = twin_snapshots_get (snapshots, i);

      if (e->id <= marked)
        continue;
      twin_plot_add_snapshot (self->plot, e->timestamp, e->automatic, e->label);
      self->snapshot_marked = MAX (self->snapshot_marked, e->id);
    }
}

/**
 * _twin_window_instructor_init:
 *
 * Once the window has its engine and scenarios: the snapshots, the
 * Instructor button and its popover, and the trainee view.
 */
void
_twin_window_instructor_init (TwinWindow *self)
{
  g_autoptr(GSimpleAction) action =
    g_simple_action_new_stateful ("trainee-view", NULL, g_variant_new_boolean (FALSE));
  GtkWidget *popover, *button, *scrolled;

  g_assert (TWIN_IS_WINDOW (self));

  g_signal_connect_object (action, "change-state", G_CALLBACK (trainee_view_change_state_cb), self, 0);
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (action));

  self->snapshots = twin_snapshots_new (self->engine);
  g_signal_connect_object (self->snapshots, "changed", G_CALLBACK (snapshots_changed_cb), self,
                           G_CONNECT_SWAPPED);
  self->instructor_panel = GTK_WIDGET (twin_instructor_panel_new (self->engine, self->snapshots));
  g_signal_connect_object (self->instructor_panel, "inject", G_CALLBACK (inject_cb), self, G_CONNECT_SWAPPED);

  /* Scrolls rather than clips where the screen is short (1024 × 768). */
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 620);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), self->instructor_panel);
  popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (popover), scrolled);
  button = gtk_menu_button_new ();
  gtk_menu_button_set_label (GTK_MENU_BUTTON (button), _("Instructor"));
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  gtk_widget_set_tooltip_text (button, _("Freeze, snapshots and backtrack, malfunctions, the trainee view"));
  adw_header_bar_pack_end (self->header_bar, button);
  self->instructor_button = GTK_MENU_BUTTON (button);

  if (self->settings != NULL)
    {
      g_settings_bind (self->settings, "snapshot-interval", self->snapshots, "interval", G_SETTINGS_BIND_DEFAULT);
      g_signal_connect_object (self->settings, "changed::trainee-view", G_CALLBACK (trainee_view_setting_cb),
                               self, G_CONNECT_SWAPPED);
      trainee_view_setting_cb (self, "trainee-view", self->settings);
    }
}

void
_twin_window_instructor_dispose (TwinWindow *self)
{
  g_clear_object (&self->snapshots);
}
