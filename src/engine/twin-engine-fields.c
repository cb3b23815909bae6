/* twin-engine-fields.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "twin-engine"

#include "config.h"

#include <math.h>
#include <string.h>

#include "twin-engine.h"
#include "twin-engine-private.h"

/* Shorthands of the API: each setter is a command of one field from the
 * program itself (TWIN_COMMAND_SOURCE_PROGRAM), through the one door. */

const TwinModel *
twin_engine_get_model (TwinEngine *self)
{
  g_return_val_if_fail (TWIN_IS_ENGINE (self), NULL);

  return self->sim.model;
}

/**
 * twin_engine_set_model:
 *
 * Switches to another model between two steps: temperature, vibration,
 * speed, wear, time and the trip latch carry over, and so do the common
 * parameters (thresholds); the model's own parameters take its defaults.
 */
gboolean
twin_engine_set_model (TwinEngine  *self,
                       const char  *id,
                       GError     **error)
{
  TwinCommand command = { 0 };

  g_return_val_if_fail (TWIN_IS_ENGINE (self), FALSE);

  return twin_command_set_model (&command, id, error) &&
         twin_engine_apply_command (self, &command, error);
}

double
twin_engine_get_ambient (TwinEngine *self)
{
  g_return_val_if_fail (TWIN_IS_ENGINE (self), 0);

  return self->sim.inputs.ambient;
}

gboolean
twin_engine_set_ambient (TwinEngine  *self,
                         double       ambient,
                         GError     **error)
{
  TwinCommand command = { .fields = TWIN_COMMAND_AMBIENT, .ambient = ambient };

  g_return_val_if_fail (TWIN_IS_ENGINE (self), FALSE);

  return twin_engine_apply_command (self, &command, error);
}

double
twin_engine_get_rpm_setpoint (TwinEngine *self)
{
  g_return_val_if_fail (TWIN_IS_ENGINE (self), 0);

  return self->sim.inputs.rpm_setpoint;
}

gboolean
twin_engine_set_rpm_setpoint (TwinEngine  *self,
                              double       rpm_setpoint,
                              GError     **error)
{
  TwinCommand command = { .fields = TWIN_COMMAND_RPM_SETPOINT, .rpm_setpoint = rpm_setpoint };

  g_return_val_if_fail (TWIN_IS_ENGINE (self), FALSE);

  return twin_engine_apply_command (self, &command, error);
}

gboolean
twin_engine_get_cooling_degraded (TwinEngine *self)
{
  g_return_val_if_fail (TWIN_IS_ENGINE (self), FALSE);

  return self->sim.inputs.cooling_degraded;
}

void
twin_engine_set_cooling_degraded (TwinEngine *self,
                                  gboolean    degraded)
{
  TwinCommand command = { .fields = TWIN_COMMAND_COOLING_DEGRADED, .cooling_degraded = degraded };

  g_return_if_fail (TWIN_IS_ENGINE (self));

  twin_engine_apply_command (self, &command, NULL);
}

gboolean
twin_engine_get_bearing_defect (TwinEngine *self)
{
  g_return_val_if_fail (TWIN_IS_ENGINE (self), FALSE);

  return self->sim.inputs.bearing_defect;
}

void
twin_engine_set_bearing_defect (TwinEngine *self,
                                gboolean    defect)
{
  TwinCommand command = { .fields = TWIN_COMMAND_BEARING_DEFECT, .bearing_defect = defect };

  g_return_if_fail (TWIN_IS_ENGINE (self));

  twin_engine_apply_command (self, &command, NULL);
}

double
twin_engine_get_time_scale (TwinEngine *self)
{
  g_return_val_if_fail (TWIN_IS_ENGINE (self), 1.0);

  return self->clock.time_scale;
}

gboolean
twin_engine_set_time_scale (TwinEngine  *self,
                            double       time_scale,
                            GError     **error)
{
  TwinCommand command = { .fields = TWIN_COMMAND_TIME_SCALE, .time_scale = time_scale };

  g_return_val_if_fail (TWIN_IS_ENGINE (self), FALSE);

  return twin_engine_apply_command (self, &command, error);
}

gboolean
twin_engine_get_paused (TwinEngine *self)
{
  g_return_val_if_fail (TWIN_IS_ENGINE (self), FALSE);

  return self->paused;
}

void
twin_engine_set_paused (TwinEngine *self,
                        gboolean    paused)
{
  TwinCommand command = { .fields = TWIN_COMMAND_PAUSED, .paused = paused };

  g_return_if_fail (TWIN_IS_ENGINE (self));

  twin_engine_apply_command (self, &command, NULL);
}

gboolean
twin_engine_get_tripped (TwinEngine *self)
{
  g_return_val_if_fail (TWIN_IS_ENGINE (self), FALSE);

  return self->sim.state.tripped;
}

/**
 * twin_engine_get_param:
 *
 * Returns: the parameter's value, or NaN when the current model has no
 *   parameter of that name.
 */
double
twin_engine_get_param (TwinEngine *self,
                       const char *name)
{
  int i;

  g_return_val_if_fail (TWIN_IS_ENGINE (self), NAN);

  i = twin_model_find_param (self->sim.model, name);
  return i < 0 ? NAN : self->sim.params[i];
}

/**
 * twin_engine_set_param:
 *
 * Sets one parameter of the current model; a threshold moved past the
 * state raises or clears its alarm at once.
 */
gboolean
twin_engine_set_param (TwinEngine  *self,
                       const char  *name,
                       double       value,
                       GError     **error)
{
  TwinCommand command = { 0 };

  g_return_val_if_fail (TWIN_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  return twin_command_add_param (&command, name, value, error) &&
         twin_engine_apply_command (self, &command, error);
}

/**
 * twin_engine_set_noise:
 *
 * Turns Gaussian measurement noise on the reported temperature, vibration
 * and speed on or off. The noise of a sample is a function of @seed and the
 * sample's index alone, so runs stay reproducible.
 */
void
twin_engine_set_noise (TwinEngine *self,
                       gboolean    enabled,
                       guint64     seed)
{
  TwinCommand command = { .fields = TWIN_COMMAND_NOISE, .noise = enabled, .noise_seed = seed };

  g_return_if_fail (TWIN_IS_ENGINE (self));

  twin_engine_apply_command (self, &command, NULL);
}

/**
 * twin_engine_reset:
 *
 * Starts the simulation over at time 0 from the model's initial state and
 * clears the history and the trip latch. The inputs, the model and its
 * parameters stay as they are.
 */
void
twin_engine_reset (TwinEngine *self)
{
  TwinCommand command = { .fields = TWIN_COMMAND_RESET, .reset = TRUE };

  g_return_if_fail (TWIN_IS_ENGINE (self));

  twin_engine_apply_command (self, &command, NULL);
}

/**
 * twin_engine_reset_trip:
 *
 * Clears the trip latch, so the setpoint drives the machine again. If the
 * cause is still there, the next step trips it again.
 */
void
twin_engine_reset_trip (TwinEngine *self)
{
  TwinCommand command = { .fields = TWIN_COMMAND_RESET_TRIP, .reset_trip = TRUE };

  g_return_if_fail (TWIN_IS_ENGINE (self));

  twin_engine_apply_command (self, &command, NULL);
}

/**
 * twin_engine_get_controls:
 * @controls: (out caller-allocates): the inputs, faults, model, time scale
 *   and pause as they are, as a command that would set them
 */
void
twin_engine_get_controls (TwinEngine  *self,
                          TwinCommand *controls)
{
  g_return_if_fail (TWIN_IS_ENGINE (self));
  g_return_if_fail (controls != NULL);

  memset (controls, 0, sizeof *controls);
  controls->fields = TWIN_COMMAND_AMBIENT | TWIN_COMMAND_RPM_SETPOINT | TWIN_COMMAND_PAUSED |
                     TWIN_COMMAND_TIME_SCALE | TWIN_COMMAND_MODEL |
                     TWIN_COMMAND_COOLING_DEGRADED | TWIN_COMMAND_BEARING_DEFECT;
  controls->ambient = self->sim.inputs.ambient;
  controls->rpm_setpoint = self->sim.inputs.rpm_setpoint;
  controls->paused = self->paused;
  controls->time_scale = self->clock.time_scale;
  g_strlcpy (controls->model, self->sim.model->id, sizeof controls->model);
  controls->cooling_degraded = self->sim.inputs.cooling_degraded;
  controls->bearing_defect = self->sim.inputs.bearing_defect;
}

/**
 * twin_engine_get_run:
 *
 * Returns: (transfer none): the id of the current run, a UUID that
 *   changes at every reset
 */
const char *
twin_engine_get_run (TwinEngine *self)
{
  g_return_val_if_fail (TWIN_IS_ENGINE (self), NULL);

  return self->run;
}

/**
 * twin_engine_get_previous_run:
 * @ended_at: (out) (optional): the simulated s the previous run had reached
 *   at the reset
 *
 * Returns: (transfer none): the id of the run before the last reset, ""
 *   before the first
 */
const char *
twin_engine_get_previous_run (TwinEngine *self,
                              double     *ended_at)
{
  g_return_val_if_fail (TWIN_IS_ENGINE (self), NULL);

  if (ended_at != NULL)
    *ended_at = self->previous_run_end;
  return self->previous_run;
}

/**
 * twin_engine_get_previous_run_steps:
 *
 * Returns: the steps the run before this one had taken when it was reset,
 *   so that a replay can run it to its very end
 */
guint64
twin_engine_get_previous_run_steps (TwinEngine *self)
{
  g_return_val_if_fail (TWIN_IS_ENGINE (self), 0);

  return self->previous_run_steps;
}
