/* twin-window-whatif.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window's what-if mode and the futures it draws: the toggle, the
 * banner with the caption, Apply and Cancel, the sidebar's inputs
 * redirected to the branch, the forecast horizon, and the plot's futures.
 */

#define G_LOG_DOMAIN "twin-window-whatif"

#include "config.h"

#include <math.h>

#include "twin-forecast-text.h"
#include "twin-window-private.h"

/* The caption is laid out again at most this often while a slider moves
 * (shaping its text is most of a frame's work); the plot follows every
 * forecast. */
#define CAPTION_MS 100

/* The horizon dropdown's entries, in simulated s. */
static const double horizons[] = { 60, 600, 3600, 21600, 86400 };

static guint
horizon_position (double horizon)
{
  guint best = 0;

  for (guint i = 1; i < G_N_ELEMENTS (horizons); i++)
    if (fabs (horizons[i] - horizon) < fabs (horizons[best] - horizon))
      best = i;
  return best;
}

/* The course always, with its band unless a branch is being explored;
 * the branch dashed, with its own band; the pinned ghosts. */
void
_twin_window_update_futures (TwinWindow *self)
{
  TwinPlotFuture futures[TWIN_PLOT_MAX_FUTURES];
  gboolean exploring = twin_branch_get_active (self->branch);
  const TwinForecast *course = twin_outlook_get_course (self->outlook);
  const TwinEnsemble *course_band = exploring ? NULL : twin_outlook_get_ensemble (self->outlook);
  const TwinForecast *branch = twin_branch_get_course (self->branch);
  const TwinEnsemble *branch_band = twin_branch_get_ensemble (self->branch);
  guint n = 0;

  /* The trainee view shows no future. */
  if (self->trainee_view)
    {
      twin_plot_set_futures (self->plot, NULL, 0);
      return;
    }
  if (course != NULL)
    futures[n++] = (TwinPlotFuture) {
      .kind = TWIN_FUTURE_COURSE, .forecast = course,
      .low = course_band ? course_band->low : NULL, .high = course_band ? course_band->high : NULL,
    };
  if (branch != NULL)
    futures[n++] = (TwinPlotFuture) {
      .kind = TWIN_FUTURE_BRANCH, .forecast = branch,
      .low = branch_band ? branch_band->low : NULL, .high = branch_band ? branch_band->high : NULL,
    };
  if (self->ghosts != NULL)
    n += _twin_window_ghosts_add_futures (self, futures + n);

  twin_plot_set_futures (self->plot, futures, n);
}

static void
outlook_updated_cb (TwinWindow  *self,
                    TwinOutlook *outlook)
{
  const TwinForecast *course = twin_outlook_get_course (outlook);
  const TwinEnsemble *ensemble;
  TwinSnapshot snapshot;
  g_autofree char *ahead = NULL;
  g_autofree char *runs = NULL;

  _twin_window_update_futures (self);
  if (course == NULL)
    return;

  twin_engine_get_snapshot (self->engine, &snapshot);
  ahead = twin_forecast_text_headline (course, snapshot.alarms);
  ensemble = twin_outlook_get_ensemble (outlook);
  runs = twin_forecast_text_runs (course, ensemble, snapshot.alarms);
  twin_readouts_set_ahead (self->readouts, ahead, runs);
  twin_readouts_set_forecast_rul (self->readouts, course->rul_hours,
                                  ensemble != NULL ? ensemble->rul_hours.p10 : NAN,
                                  ensemble != NULL ? ensemble->rul_hours.p90 : NAN);
  twin_readouts_update (self->readouts, &snapshot);
}

static void
update_caption (TwinWindow *self)
{
  g_autofree char *caption = twin_branch_dup_caption (self->branch);

  self->caption_time = g_get_monotonic_time ();
  gtk_label_set_label (self->whatif_caption, caption);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->whatif_caption), caption);
}

static gboolean
caption_due_cb (gpointer data)
{
  TwinWindow *self = data;

  self->caption_timer = 0;
  if (twin_branch_get_active (self->branch))
    update_caption (self);
  return G_SOURCE_REMOVE;
}

static void
whatif_changed_cb (TwinWindow *self,
                   TwinBranch *branch)
{
  gint64 since_ms = (g_get_monotonic_time () - self->caption_time) / 1000;

  _twin_window_update_futures (self);
  if (!twin_branch_get_active (branch) || self->caption_timer != 0)
    return;

  if (since_ms >= CAPTION_MS)
    update_caption (self);
  else
    self->caption_timer = g_timeout_add ((guint) (CAPTION_MS - since_ms), caption_due_cb, self);
}

static void
whatif_active_cb (TwinWindow *self,
                  GParamSpec *pspec,
                  TwinBranch *branch)
{
  gboolean active = twin_branch_get_active (branch);

  gtk_revealer_set_reveal_child (self->whatif_revealer, active);
  if (active)
    gtk_widget_add_css_class (self->sidebar, "whatif-editing");
  else
    gtk_widget_remove_css_class (self->sidebar, "whatif-editing");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.what-if-apply", active);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.what-if-cancel", active);

  /* On: the branch starts as the live inputs; off: the live inputs are back. */
  _twin_window_sync_inputs (self);
  g_object_notify (G_OBJECT (self), "what-if");
}

static void
set_horizon (TwinWindow *self,
             double      horizon)
{
  g_autoptr(GError) error = NULL;

  if (!twin_branch_set_horizon (self->branch, horizon, &error) ||
      !twin_outlook_set_horizon (self->outlook, horizon, &error))
    twin_window_add_toast (self, error->message);
}

static void
horizon_selected_cb (TwinWindow  *self,
                     GParamSpec  *pspec,
                     GtkDropDown *dropdown)
{
  guint i = gtk_drop_down_get_selected (dropdown);

  if (self->branch == NULL || i >= G_N_ELEMENTS (horizons))
    return;

  set_horizon (self, horizons[i]);
  if (self->settings != NULL)
    g_settings_set_double (self->settings, "forecast-horizon", horizons[i]);
}

static void
horizon_setting_cb (TwinWindow *self,
                    const char *key,
                    GSettings  *settings)
{
  gtk_drop_down_set_selected (self->horizon_dropdown,
                              horizon_position (g_settings_get_double (settings, "forecast-horizon")));
}

static void
twin_window_whatif_apply_cb (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *param)
{
  TwinWindow *self = (TwinWindow *)widget;
  g_autoptr(GError) error = NULL;

  g_assert (TWIN_IS_WINDOW (self));

  if (twin_branch_get_active (self->branch) && !twin_branch_apply (self->branch, &error))
    twin_window_add_toast (self, error->message);
}

static void
twin_window_whatif_cancel_cb (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *param)
{
  TwinWindow *self = (TwinWindow *)widget;

  g_assert (TWIN_IS_WINDOW (self));

  twin_branch_cancel (self->branch);
}

void
_twin_window_class_whatif_init (TwinWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_property_action (widget_class, "win.what-if", "what-if");
  gtk_widget_class_install_action (widget_class, "win.what-if-apply", NULL, twin_window_whatif_apply_cb);
  gtk_widget_class_install_action (widget_class, "win.what-if-cancel", NULL, twin_window_whatif_cancel_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK, "win.what-if", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.what-if-cancel", NULL);

  gtk_widget_class_bind_template_callback (widget_class, horizon_selected_cb);
}

/**
 * _twin_window_whatif_init:
 *
 * Once the window has its engine: the forecaster, the what-if controller
 * and the horizon as the settings keep it.
 */
void
_twin_window_whatif_init (TwinWindow *self)
{
  g_assert (TWIN_IS_WINDOW (self));

  self->forecaster = twin_forecaster_new ();
  if (self->outlook == NULL)
    self->outlook = twin_outlook_new (self->engine, self->forecaster);
  self->branch = twin_branch_new (self->engine, self->forecaster);
  g_signal_connect_object (self->outlook, "updated", G_CALLBACK (outlook_updated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->branch, "changed", G_CALLBACK (whatif_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->branch, "notify::active", G_CALLBACK (whatif_active_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.what-if-apply", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.what-if-cancel", FALSE);

  if (self->settings != NULL)
    {
      g_signal_connect_object (self->settings, "changed::forecast-horizon",
                               G_CALLBACK (horizon_setting_cb), self, G_CONNECT_SWAPPED);
      horizon_setting_cb (self, "forecast-horizon", self->settings);
    }
  else
    {
      gtk_drop_down_set_selected (self->horizon_dropdown, horizon_position (TWIN_FORECAST_HORIZON_DEFAULT));
    }
  set_horizon (self, horizons[gtk_drop_down_get_selected (self->horizon_dropdown)]);
}

void
_twin_window_whatif_dispose (TwinWindow *self)
{
  g_clear_handle_id (&self->caption_timer, g_source_remove);
  if (self->plot != NULL)
    twin_plot_set_futures (self->plot, NULL, 0);
  if (self->branch != NULL)
    g_signal_handlers_disconnect_by_data (self->branch, self);
  if (self->outlook != NULL)
    g_signal_handlers_disconnect_by_data (self->outlook, self);
  g_clear_object (&self->branch);
  g_clear_object (&self->outlook);
  g_clear_object (&self->forecaster);
}

/**
 * _twin_window_whatif_edit:
 *
 * In what-if mode, @change edits the branch rather than the twin; a
 * refused change is named in a toast and the sidebar put back.
 *
 * Returns: whether what-if mode took care of @change
 */
gboolean
_twin_window_whatif_edit (TwinWindow  *self,
                          TwinCommand *change)
{
  g_autoptr(GError) error = NULL;

  g_assert (TWIN_IS_WINDOW (self));

  if (self->branch == NULL || !twin_branch_get_active (self->branch))
    return FALSE;

  /* The slider and the spin button of an input both show the branch's value. */
  change->source = TWIN_COMMAND_SOURCE_WINDOW;
  if (!twin_branch_edit (self->branch, change, &error))
    twin_window_add_toast (self, error->message);
  _twin_window_sync_inputs (self);

  return TRUE;
}

/**
 * _twin_window_whatif_get_inputs:
 * @inputs: (out): the inputs and faults the sidebar shows: the branch's
 *   in what-if mode, the live ones otherwise
 */
void
_twin_window_whatif_get_inputs (TwinWindow  *self,
                                TwinCommand *inputs)
{
  g_assert (TWIN_IS_WINDOW (self));

  if (self->branch != NULL)
    {
      twin_branch_get_inputs (self->branch, inputs);
      return;
    }

  twin_engine_get_controls (self->engine, inputs);
}
