/* twin-window-trip.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reset Trip that says what will happen: when the inputs still lead the
 * machine to a trip, the window says so before it resets, and offers a
 * lower setpoint that does not.
 */

#define G_LOG_DOMAIN "twin-window-trip"

#include "config.h"

#include <glib/gi18n.h>

#include <math.h>

#include "twin-format.h"
#include "twin-window-private.h"

/* The setpoints the search tries, and how far apart. */
#define SEARCH_STEP_RPM 10.0

/* Whether @sim, its trip cleared, settles into another trip with
 * @rpm_setpoint, the other inputs as they are. */
static gboolean
steady_trips (const TwinSim *sim,
              double         rpm_setpoint)
{
  TwinState state = sim->state;
  TwinInputs inputs = sim->inputs;

  state.tripped = false;
  state.zone_d_time = 0;
  inputs.rpm_setpoint = rpm_setpoint;
  twin_model_steady (sim->model, &sim->ctx, &state, &inputs);

  return state.tripped;
}

/**
 * _twin_window_safe_setpoint:
 * @safe: (out): the highest setpoint at or below the present one, on a
 *   10 rpm grid, whose steady state does not trip
 *
 * Returns: whether the present inputs lead to another trip once the trip
 *   is reset; @safe is set only then, and only if such a setpoint exists
 */
gboolean
_twin_window_trips_again (const TwinSim *sim,
                          double        *safe)
{
  double rpm = sim->inputs.rpm_setpoint;

  *safe = -1;
  if (!steady_trips (sim, rpm))
    return FALSE;

  for (double r = floor (rpm / SEARCH_STEP_RPM) * SEARCH_STEP_RPM; r >= 0; r -= SEARCH_STEP_RPM)
    if (r < rpm && !steady_trips (sim, r))
      {
        *safe = r;
        break;
      }

  return TRUE;
}

static void
reset_trip_response_cb (TwinWindow       *self,
                        const char       *response,
                        AdwMessageDialog *dialog)
{
  TwinCommand command = { .fields = TWIN_COMMAND_RESET_TRIP, .reset_trip = TRUE };

  g_assert (TWIN_IS_WINDOW (self));

  if (g_strcmp0 (response, "lower") == 0)
    {
      command.fields |= TWIN_COMMAND_RPM_SETPOINT;
      command.rpm_setpoint = self->reset_trip_setpoint;
      _twin_window_apply_command (self, &command);
    }
  else if (g_strcmp0 (response, "anyway") == 0)
    {
      _twin_window_apply_command (self, &command);
    }
}

static void
ask_before_reset (TwinWindow    *self,
                  const TwinSim *sim,
                  double         safe)
{
  g_autofree char *setpoint = twin_format_input (TWIN_INPUT_RPM_SETPOINT, sim->inputs.rpm_setpoint);
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  /* TRANSLATORS: %s is the setpoint with its unit, "2400 rpm" */
  body = g_strdup_printf (_("The setpoint is still %s: the machine will trip again."), setpoint);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Reset the Trip?"), body));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "anyway", _("Reset _Anyway"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "anyway", ADW_RESPONSE_DESTRUCTIVE);

  if (safe >= 0)
    {
      g_autofree char *lower = twin_format_input (TWIN_INPUT_RPM_SETPOINT, safe);
      g_autofree char *label = g_strdup_printf (_("Reset at %s"), lower);

      self->reset_trip_setpoint = safe;
      adw_message_dialog_add_response (dialog, "lower", label);
      adw_message_dialog_set_response_appearance (dialog, "lower", ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (dialog, "lower");
    }
  else
    {
      adw_message_dialog_set_default_response (dialog, "cancel");
    }
  adw_message_dialog_set_close_response (dialog, "cancel");

  g_signal_connect_object (dialog, "response", G_CALLBACK (reset_trip_response_cb), self, G_CONNECT_SWAPPED);
  g_clear_weak_pointer (&self->reset_trip_dialog);
  g_set_weak_pointer (&self->reset_trip_dialog, GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* win.reset-trip: resets at once when nothing will trip it again, else asks. */
void
_twin_window_reset_trip (TwinWindow *self)
{
  TwinCommand command = { .fields = TWIN_COMMAND_RESET_TRIP, .reset_trip = TRUE };
  TwinSim sim;
  double safe;

  g_assert (TWIN_IS_WINDOW (self));

  twin_engine_get_sim (self->engine, &sim);
  if (sim.state.tripped && _twin_window_trips_again (&sim, &safe))
    ask_before_reset (self, &sim, safe);
  else
    _twin_window_apply_command (self, &command);
}
