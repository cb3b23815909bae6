/* twin-window-scenario.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Training scenarios in the window: Scenarios… in the main menu, the panel
 * at the top of the sidebar (which shows each caption as it is reached, as
 * the plot's time axis keeps a mark of it),
 * and hidden faults kept hidden — neither their switch nor a marker gives
 * them away.
 */

#define G_LOG_DOMAIN "twin-window"

#include "config.h"

#include <glib/gi18n.h>

#include "twin-scenario-chooser.h"
#include "twin-window-private.h"

static const struct
{
  const char       *name;
  TwinCommandField  flag;
} faults[] = {
  { "cooling_degraded", TWIN_COMMAND_COOLING_DEGRADED },
  { "bearing_defect", TWIN_COMMAND_BEARING_DEFECT },
};

/**
 * _twin_window_scenario_hidden_faults:
 *
 * Returns: the TwinCommandField faults the scenario under way hides, and
 *   those the instructor injected hidden
 */
guint
_twin_window_scenario_hidden_faults (TwinWindow *self)
{
  TwinScenarioRun *run = self->training != NULL ? twin_training_get_run (self->training) : NULL;
  guint hidden = self->instructor_hidden;

  if (run == NULL)
    return hidden;
  for (guint i = 0; i < G_N_ELEMENTS (faults); i++)
    if (twin_scenario_hides_fault (twin_scenario_run_get_scenario (run), faults[i].name))
      hidden |= faults[i].flag;
  return hidden;
}

static void
training_changed_cb (TwinWindow *self)
{
  twin_plot_set_hidden_faults (self->plot, _twin_window_scenario_hidden_faults (self));
}

/* Each caption stays on the plot's time axis at the moment it was reached. */
static void
caption_cb (TwinWindow *self,
            const char *text)
{
  twin_plot_add_caption (self->plot, twin_engine_get_timestamp (self->engine), text);
}

static void
scenarios_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  TwinWindow *self = TWIN_WINDOW (widget);

  g_assert (TWIN_IS_WINDOW (self));

  gtk_window_present (twin_scenario_chooser_new (GTK_WINDOW (self), self->training));
}

void
_twin_window_class_scenario_init (TwinWindowClass *klass)
{
  gtk_widget_class_install_action (GTK_WIDGET_CLASS (klass), "win.scenarios", NULL, scenarios_action);
}

/**
 * _twin_window_scenario_init:
 *
 * Once the window has its engine: the scenarios it shares with REST and
 * MQTT (or its own), and their panel above the inputs.
 */
void
_twin_window_scenario_init (TwinWindow *self)
{
  g_assert (TWIN_IS_WINDOW (self));

  if (self->training == NULL)
    self->training = twin_training_new (self->engine);
  self->scenario_panel = GTK_WIDGET (twin_scenario_panel_new (self->training));
  gtk_widget_insert_before (self->scenario_panel, gtk_widget_get_parent (GTK_WIDGET (self->inputs_group)),
                            GTK_WIDGET (self->inputs_group));
  g_signal_connect_object (self->training, "changed", G_CALLBACK (training_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->training, "caption", G_CALLBACK (caption_cb), self, G_CONNECT_SWAPPED);
}
