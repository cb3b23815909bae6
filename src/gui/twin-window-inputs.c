/* twin-window-inputs.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sidebar's inputs: sliders and spin buttons from the input table,
 * the fault switches, what they show (the live inputs, or in what-if
 * mode the branch's) and where their changes go.
 */

#define G_LOG_DOMAIN "twin-window"

#include "config.h"

#include <locale.h>

#include "twin-fields.h"
#include "twin-window-private.h"

/* The ambient slider's travel: narrower than what the engine accepts. */
#define AMBIENT_SLIDER_MIN (twin_inputs[TWIN_INPUT_AMBIENT].slider_min)
#define AMBIENT_SLIDER_MAX (twin_inputs[TWIN_INPUT_AMBIENT].slider_max)

static void
set_spin_value (GtkSpinButton *spin,
                double         value)
{
  gtk_adjustment_set_value (gtk_spin_button_get_adjustment (spin), value);
}

/* What the sidebar shows: the live inputs, or in what-if mode the branch's. */
static void
sync_ambient (TwinWindow *self)
{
  TwinCommand inputs;
  double value;

  _twin_window_whatif_get_inputs (self, &inputs);
  value = inputs.ambient;

  self->updating = TRUE;
  /* A value set from elsewhere (MQTT, REST) may lie beyond the slider. */
  gtk_adjustment_set_lower (self->ambient_adjustment, MIN (AMBIENT_SLIDER_MIN, value));
  gtk_adjustment_set_upper (self->ambient_adjustment, MAX (AMBIENT_SLIDER_MAX, value));
  gtk_adjustment_set_value (self->ambient_adjustment, value);
  set_spin_value (self->ambient_spin, value);
  self->updating = FALSE;
}

static void
sync_rpm_setpoint (TwinWindow *self)
{
  TwinCommand inputs;

  _twin_window_whatif_get_inputs (self, &inputs);
  self->updating = TRUE;
  gtk_adjustment_set_value (self->rpm_adjustment, inputs.rpm_setpoint);
  set_spin_value (self->rpm_spin, inputs.rpm_setpoint);
  self->updating = FALSE;
}

static void
sync_faults (TwinWindow *self)
{
  TwinCommand inputs;

  guint hidden = _twin_window_scenario_hidden_faults (self);

  _twin_window_whatif_get_inputs (self, &inputs);
  self->updating = TRUE;
  /* A scenario's hidden fault leaves its switch as it was. */
  if (!(hidden & TWIN_COMMAND_COOLING_DEGRADED))
    gtk_switch_set_active (self->cooling_switch, inputs.cooling_degraded);
  if (!(hidden & TWIN_COMMAND_BEARING_DEFECT))
    gtk_switch_set_active (self->bearing_switch, inputs.bearing_defect);
  self->updating = FALSE;
}

void
_twin_window_sync_inputs (TwinWindow *self)
{
  sync_ambient (self);
  sync_rpm_setpoint (self);
  sync_faults (self);
}

static void
ambient_changed_cb (TwinWindow    *self,
                    GtkAdjustment *adjustment)
{
  TwinCommand command = { .fields = TWIN_COMMAND_AMBIENT, .ambient = gtk_adjustment_get_value (adjustment) };

  if (self->updating || _twin_window_whatif_edit (self, &command))
    return;
  if (!_twin_window_apply_command (self, &command))
    sync_ambient (self);
}

static void
rpm_changed_cb (TwinWindow    *self,
                GtkAdjustment *adjustment)
{
  TwinCommand command = { .fields = TWIN_COMMAND_RPM_SETPOINT, .rpm_setpoint = gtk_adjustment_get_value (adjustment) };

  if (self->updating || _twin_window_whatif_edit (self, &command))
    return;
  if (!_twin_window_apply_command (self, &command))
    sync_rpm_setpoint (self);
}

/* A number typed into an input's spin button is read and checked as the
 * API does it, with the same message; one out of range is refused and
 * the text put back, never clamped. */
static int
spin_input_cb (GtkSpinButton *spin,
               double        *new_value,
               TwinWindow    *self)
{
  TwinInput input = spin == self->ambient_spin ? TWIN_INPUT_AMBIENT : TWIN_INPUT_RPM_SETPOINT;
  const TwinField *f = &twin_inputs[input];
  g_autoptr(GError) error = NULL;
  g_autofree char *typed = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (spin))));
  /* Typed the user's way ("37,5" in French); parsed the wire's way. */
  g_auto(GStrv) parts = g_strsplit (typed, localeconv ()->decimal_point, 2);
  g_autofree char *text = g_strjoinv (".", parts);

  if (twin_parse_number (f->name, text, f->min, f->max, f->unit, new_value, &error))
    {
      gtk_widget_remove_css_class (GTK_WIDGET (spin), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (spin), NULL);
      return TRUE;
    }

  /* Said twice: in a toast, and on the field until a valid value, where
   * it is not cut short. */
  twin_window_add_toast (self, error->message);
  gtk_widget_add_css_class (GTK_WIDGET (spin), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (spin), error->message);
  *new_value = gtk_spin_button_get_value (spin);
  return GTK_INPUT_ERROR;
}

/* The slider's travel and the spin button's valid range, from the input
 * table; both change the same input. */
static void
setup_input (TwinWindow    *self,
             TwinInput      input,
             GtkScale      *scale,
             GtkAdjustment *slider,
             GtkSpinButton *spin,
             GCallback      changed)
{
  const TwinField *f = &twin_inputs[input];
  GtkAdjustment *exact = gtk_adjustment_new (f->default_value, f->min, f->max, f->step, f->page, 0);

  gtk_adjustment_configure (slider, f->default_value, f->slider_min, f->slider_max, f->step, f->page, 0);
  gtk_range_set_round_digits (GTK_RANGE (scale), f->digits);
  gtk_spin_button_configure (spin, exact, 0, f->digits);
  gtk_spin_button_set_update_policy (spin, GTK_UPDATE_IF_VALID);
  g_signal_connect_object (exact, "value-changed", changed, self, G_CONNECT_SWAPPED);
  g_signal_connect_object (spin, "input", G_CALLBACK (spin_input_cb), self, 0);
}

static void
fault_switched_cb (TwinWindow *self,
                   GParamSpec *pspec,
                   GtkSwitch  *toggle)
{
  TwinCommand command = { 0 };
  TwinCommand shown;
  gboolean active = gtk_switch_get_active (toggle);

  if (self->updating)
    return;

  _twin_window_whatif_get_inputs (self, &shown);
  if (toggle == self->cooling_switch && active != shown.cooling_degraded)
    command.fields = TWIN_COMMAND_COOLING_DEGRADED;
  else if (toggle == self->bearing_switch && active != shown.bearing_defect)
    command.fields = TWIN_COMMAND_BEARING_DEFECT;
  else
    return;

  command.cooling_degraded = command.bearing_defect = active;
  if (!_twin_window_whatif_edit (self, &command) && !_twin_window_apply_command (self, &command))
    sync_faults (self);
}

void
_twin_window_class_inputs_init (TwinWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_bind_template_callback (widget_class, ambient_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, rpm_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, fault_switched_cb);
}

/* Before the window has an engine: configuring the controls changes nothing. */
void
_twin_window_inputs_init (TwinWindow *self)
{
  self->updating = TRUE;
  setup_input (self, TWIN_INPUT_AMBIENT, self->ambient_scale, self->ambient_adjustment, self->ambient_spin,
               G_CALLBACK (ambient_changed_cb));
  setup_input (self, TWIN_INPUT_RPM_SETPOINT, self->rpm_scale, self->rpm_adjustment, self->rpm_spin,
               G_CALLBACK (rpm_changed_cb));
  self->updating = FALSE;
}
