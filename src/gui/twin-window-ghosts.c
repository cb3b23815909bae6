/* twin-window-ghosts.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window's ghost futures, compare panel and safe ranges: pinning the
 * what-if branch (win.pin-branch), the panel under the plot, the
 * condition the sliders' safe ranges keep to, and the ghosts on the plot.
 */

#define G_LOG_DOMAIN "twin-window-ghosts"

#include "config.h"

#include <glib/gi18n.h>

#include "twin-window-private.h"

static void
twin_window_ghosts_pin_cb (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  TwinWindow *self = (TwinWindow *)widget;
  g_autoptr(GError) error = NULL;
  const TwinCommand *branch;
  TwinGhost *ghost;
  g_autofree char *message = NULL;

  g_assert (TWIN_IS_WINDOW (self));

  branch = twin_branch_get_change (self->branch);
  if (branch->fields == 0)
    {
      twin_window_add_toast (self, _("Nothing to pin: the branch changes no input or fault yet"));
      return;
    }

  ghost = twin_ghosts_pin (self->ghosts, branch, &error);
  if (ghost == NULL)
    {
      twin_window_add_toast (self, error->message);
      return;
    }

  message = g_strdup_printf (_("Pinned “%s”"), twin_ghost_get_name (ghost));
  twin_window_add_toast (self, message);
}

/* Pin in what-if mode only; the panel while there is a branch or a ghost. */
static void
update_sensitivity (TwinWindow *self)
{
  gboolean exploring = twin_branch_get_active (self->branch);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.pin-branch", exploring);
  gtk_widget_set_visible (GTK_WIDGET (self->compare_panel), !self->trainee_view &&
                          (exploring || g_list_model_get_n_items (G_LIST_MODEL (self->ghosts)) > 0));
}

void
_twin_window_ghosts_sync (TwinWindow *self)
{
  update_sensitivity (self);
}

static void
branch_changed_cb (TwinWindow *self)
{
  g_assert (TWIN_IS_WINDOW (self));

  update_sensitivity (self);
  twin_safe_ranges_set_branch (self->safe_ranges,
                               twin_branch_get_active (self->branch) ? twin_branch_get_change (self->branch) : NULL);
}

static void
ghosts_changed_cb (TwinWindow *self)
{
  g_assert (TWIN_IS_WINDOW (self));

  update_sensitivity (self);
  _twin_window_update_futures (self);
}

static void
horizon_changed_cb (TwinWindow *self)
{
  g_assert (TWIN_IS_WINDOW (self));

  twin_safe_ranges_set_horizon (self->safe_ranges, twin_outlook_get_horizon (self->outlook));
}

static void
apply_condition (TwinWindow *self)
{
  g_autofree char *name = NULL;
  TwinSafeCondition condition = TWIN_SAFE_NO_TRIP;
  double rul_hours = 1000;

  if (self->settings != NULL)
    {
      name = g_settings_get_string (self->settings, "safe-condition");
      twin_safe_condition_from_string (name, &condition);
      rul_hours = g_settings_get_double (self->settings, "safe-rul-hours");
    }
  else
    condition = gtk_drop_down_get_selected (self->safe_condition_dropdown);

  self->updating = TRUE;
  gtk_drop_down_set_selected (self->safe_condition_dropdown, condition);
  self->updating = FALSE;
  twin_safe_ranges_set_condition (self->safe_ranges, condition, rul_hours);
}

static void
safe_condition_selected_cb (TwinWindow  *self,
                            GParamSpec  *pspec,
                            GtkDropDown *dropdown)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  g_assert (TWIN_IS_WINDOW (self));

  if (self->updating || selected >= TWIN_N_SAFE_CONDITIONS || self->safe_ranges == NULL)
    return;

  if (self->settings != NULL)
    g_settings_set_string (self->settings, "safe-condition", twin_safe_condition_to_string (selected));
  else
    apply_condition (self);
}

static void
fill_condition_list (TwinWindow *self)
{
  GtkStringList *list = gtk_string_list_new (NULL);
  double rul_hours = self->settings != NULL ? g_settings_get_double (self->settings, "safe-rul-hours") : 1000;

  for (guint i = 0; i < TWIN_N_SAFE_CONDITIONS; i++)
    {
      g_autofree char *title = i == TWIN_SAFE_RUL_ABOVE
        ? g_strdup_printf (_("%s %g h"), twin_safe_condition_title (i), rul_hours)
        : g_strdup (twin_safe_condition_title (i));

      gtk_string_list_append (list, title);
    }

  self->updating = TRUE;
  gtk_drop_down_set_model (self->safe_condition_dropdown, G_LIST_MODEL (list));
  self->updating = FALSE;
  g_object_unref (list);
}

static void
settings_changed_cb (TwinWindow *self,
                     const char *key)
{
  /* The dropdown names the RUL it keeps to. */
  if (g_strcmp0 (key, "safe-rul-hours") == 0)
    fill_condition_list (self);
  apply_condition (self);
}

/**
 * _twin_window_ghosts_add_futures:
 * @futures: room for %TWIN_GHOSTS_MAX more
 *
 * Adds each pinned ghost's course to the futures the plot draws, as a
 * line with its markers: four more bands would hide the course's.
 *
 * Returns: how many were added
 */
guint
_twin_window_ghosts_add_futures (TwinWindow     *self,
                                 TwinPlotFuture *futures)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->ghosts));
  guint added = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TwinGhost) ghost = g_list_model_get_item (G_LIST_MODEL (self->ghosts), i);

      if (twin_ghost_get_course (ghost) == NULL)
        continue;
      futures[added++] = (TwinPlotFuture) {
        .kind = TWIN_FUTURE_GHOST,
        .ghost = twin_ghost_get_index (ghost),
        .forecast = twin_ghost_get_course (ghost),
      };
    }

  return added;
}

void
_twin_window_class_ghosts_init (TwinWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "win.pin-branch", NULL, twin_window_ghosts_pin_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "win.pin-branch", NULL);
  gtk_widget_class_bind_template_callback (widget_class, safe_condition_selected_cb);
}

/**
 * _twin_window_ghosts_start:
 *
 * Once the window has its engine, outlook and what-if controller: the
 * pinned ghosts (restored from the settings), the compare panel and the
 * safe ranges on the sliders.
 */
void
_twin_window_ghosts_start (TwinWindow *self)
{
  g_assert (TWIN_IS_WINDOW (self));

  self->ghosts = twin_ghosts_new (self->engine, self->forecaster, self->outlook);
  self->safe_ranges = twin_safe_ranges_new (self->engine, self->forecaster,
                                            TWIN_SAFE_SCALE (self->ambient_scale),
                                            TWIN_SAFE_SCALE (self->rpm_scale));
  twin_compare_panel_set_futures (self->compare_panel, self->outlook, self->ghosts);

  fill_condition_list (self);
  if (self->settings != NULL)
    {
      twin_ghosts_bind_settings (self->ghosts, self->settings);
      g_signal_connect_object (self->settings, "changed::safe-condition", G_CALLBACK (settings_changed_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->settings, "changed::safe-rul-hours", G_CALLBACK (settings_changed_cb),
                               self, G_CONNECT_SWAPPED);
    }
  else
    {
      self->updating = TRUE;
      gtk_drop_down_set_selected (self->safe_condition_dropdown, TWIN_SAFE_NO_TRIP);
      self->updating = FALSE;
    }
  apply_condition (self);
  horizon_changed_cb (self);

  g_signal_connect_object (self->outlook, "notify::horizon", G_CALLBACK (horizon_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->branch, "changed", G_CALLBACK (branch_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->branch, "notify::active", G_CALLBACK (branch_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->ghosts, "items-changed", G_CALLBACK (ghosts_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->ghosts, "updated", G_CALLBACK (ghosts_changed_cb), self, G_CONNECT_SWAPPED);
  branch_changed_cb (self);
  ghosts_changed_cb (self);
}

/* Stops asking for futures: before the engine goes. */
void
_twin_window_ghosts_stop (TwinWindow *self)
{
  g_clear_object (&self->safe_ranges);
  g_clear_object (&self->ghosts);
}
