/* twin-sim.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "twin-sim"

#include "config.h"

#include <math.h>
#include <string.h>

#include "twin-alarms.h"
#include "twin-noise.h"
#include "twin-sim.h"


static void
prepare_model (TwinSim *sim)
{
  twin_model_ctx_init (&sim->ctx, sim->model, sim->params, sim->model->dt);
}

static void
load_default_params (TwinSim  *sim,
                     gboolean  keep_common)
{
  for (size_t i = 0; i < sim->model->n_params; i++)
    if (!keep_common || i >= TWIN_N_COMMON_PARAMS)
      sim->params[i] = sim->model->params[i].default_value;
}

/**
 * twin_sim_init:
 *
 * Sets @sim up with the default model, its parameters, the default inputs
 * and the initial state at time 0, noise off.
 */
void
twin_sim_init (TwinSim *sim)
{
  g_return_if_fail (sim != NULL);

  memset (sim, 0, sizeof *sim);
  sim->model = twin_model_default ();
  twin_inputs_init (&sim->inputs);
  load_default_params (sim, FALSE);
  prepare_model (sim);
  twin_sim_reset (sim);
}

/**
 * twin_sim_reset:
 *
 * Starts over at time 0 from the model's initial state, trip latch clear.
 * The model, its parameters, the inputs and the noise stay.
 */
void
twin_sim_reset (TwinSim *sim)
{
  g_return_if_fail (sim != NULL);

  twin_model_initial_state (sim->model, &sim->state);
  sim->t_base = 0;
  sim->steps = 0;
  sim->steps_since_base = 0;
  sim->pending = 0;
  sim->alarms = twin_alarms_evaluate (sim->params, &sim->state);
}

/**
 * twin_sim_set_model:
 *
 * Switches to the model @id between two steps: temperature, vibration,
 * speed, wear, time and the trip latch carry over, and so do the common
 * parameters (thresholds); the model's own parameters take its defaults.
 */
gboolean
twin_sim_set_model (TwinSim     *sim,
                    const char  *id,
                    GError     **error)
{
  const TwinModel *model;

  g_return_val_if_fail (sim != NULL, FALSE);

  if (!twin_validate_model (id, error))
    return FALSE;

  model = twin_model_lookup (id);
  if (model == sim->model)
    return TRUE;

  sim->model = model;
  sim->t_base = sim->state.timestamp;
  sim->steps_since_base = 0;
  sim->pending = 0;
  load_default_params (sim, TRUE);
  prepare_model (sim);

  return TRUE;
}

/**
 * twin_sim_set_param:
 *
 * Sets one parameter of the current model, within its spec's range, as a
 * command of that one field.
 */
gboolean
twin_sim_set_param (TwinSim     *sim,
                    const char  *name,
                    double       value,
                    GError     **error)
{
  TwinCommand command = { 0 };

  g_return_val_if_fail (sim != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  return twin_command_add_param (&command, name, value, error) &&
         twin_sim_apply (sim, &command, error);
}

static gboolean
validate_params (const TwinSim      *sim,
                 const TwinCommand  *command,
                 GError            **error)
{
  const TwinModel *model = sim->model;

  if (command->fields & TWIN_COMMAND_MODEL)
    model = twin_model_lookup (command->model);

  for (guint k = 0; k < command->n_params; k++)
    {
      const TwinCommandParam *p = &command->params[k];
      int i = twin_model_find_param (model, p->name);

      if (i < 0)
        {
          g_set_error (error, TWIN_ENGINE_ERROR, TWIN_ENGINE_ERROR_UNKNOWN_FIELD,
                       "%s: not a parameter of model %s", p->name, model->id);
          return FALSE;
        }
      if (!twin_validate_number (p->name, p->value, model->params[i].min, model->params[i].max,
                                 model->params[i].unit, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
validate_sync (const TwinCommand  *command,
               GError            **error)
{
  return twin_validate_field (&twin_channels[TWIN_CHANNEL_TEMPERATURE], command->sync_temperature, error) &&
         twin_validate_field (&twin_channels[TWIN_CHANNEL_VIBRATION], command->sync_vibration, error) &&
         twin_validate_field (&twin_channels[TWIN_CHANNEL_RPM], command->sync_rpm, error);
}

/**
 * twin_sim_validate:
 *
 * Checks every field of @command against @sim as it stands (parameters
 * against the model in effect after the command's own model switch).
 */
gboolean
twin_sim_validate (const TwinSim      *sim,
                   const TwinCommand  *command,
                   GError            **error)
{
  g_return_val_if_fail (sim != NULL, FALSE);
  g_return_val_if_fail (command != NULL, FALSE);

  return twin_command_validate (command, error) &&
         (!(command->fields & TWIN_COMMAND_PARAMS) || validate_params (sim, command, error)) &&
         (!(command->fields & TWIN_COMMAND_SYNC) || validate_sync (command, error));
}

/**
 * twin_sim_apply:
 *
 * Validates every field of @command first and applies it only when all are
 * valid: whole or not at all. Time scale and pause belong to whoever runs
 * the sim (a clock), so they are validated here but not applied. A
 * threshold moved past the state, a trip reset or a sync raise or clear
 * alarms at once: the edges show as a change of @sim's alarms.
 */
gboolean
twin_sim_apply (TwinSim            *sim,
                const TwinCommand  *command,
                GError            **error)
{
  guint f;

  if (!twin_sim_validate (sim, command, error))
    return FALSE;

  f = command->fields;
  if ((f & TWIN_COMMAND_RESET) && command->reset)
    twin_sim_reset (sim);
  if (f & TWIN_COMMAND_MODEL)
    twin_sim_set_model (sim, command->model, NULL);
  if (f & TWIN_COMMAND_AMBIENT)
    sim->inputs.ambient = command->ambient;
  if (f & TWIN_COMMAND_RPM_SETPOINT)
    sim->inputs.rpm_setpoint = command->rpm_setpoint;
  if (f & TWIN_COMMAND_COOLING_DEGRADED)
    sim->inputs.cooling_degraded = !!command->cooling_degraded;
  if (f & TWIN_COMMAND_BEARING_DEFECT)
    sim->inputs.bearing_defect = !!command->bearing_defect;
  for (guint k = 0; (f & TWIN_COMMAND_PARAMS) && k < command->n_params; k++)
    sim->params[twin_model_find_param (sim->model, command->params[k].name)] = command->params[k].value;
  if (f & TWIN_COMMAND_PARAMS)
    prepare_model (sim);
  if (f & TWIN_COMMAND_NOISE)
    {
      sim->noise = !!command->noise;
      sim->noise_seed = command->noise_seed;
    }
  if ((f & TWIN_COMMAND_RESET_TRIP) && command->reset_trip && sim->state.tripped)
    {
      sim->state.tripped = false;
      sim->state.trip_cause = TWIN_TRIP_CAUSE_NONE;
      sim->state.zone_d_time = 0;
    }
  if ((f & TWIN_COMMAND_RESET) && command->reset &&
      (f & TWIN_COMMAND_RESET_FROM) && command->reset_from == TWIN_RESET_FROM_STEADY)
    twin_model_steady (sim->model, &sim->ctx, &sim->state, &sim->inputs);
  if (f & TWIN_COMMAND_SYNC)
    {
      sim->state.temperature = command->sync_temperature;
      sim->state.vibration = command->sync_vibration;
      sim->state.rpm = command->sync_rpm;
    }
  sim->alarms = twin_alarms_evaluate (sim->params, &sim->state);

  return TRUE;
}

/**
 * twin_sim_take_time:
 * @seconds: simulated seconds requested
 *
 * Adds @seconds to the time pending and takes from it as many whole steps
 * as it holds; the rest waits for the next call, so that the trajectory
 * does not depend on how time is cut into calls.
 *
 * Returns: the steps to run
 */
guint64
twin_sim_take_time (TwinSim *sim,
                    double   seconds)
{
  double dt;
  double total;
  guint64 n;

  g_return_val_if_fail (sim != NULL, 0);

  dt = sim->ctx.dt;
  if (!(seconds > 0) || !(dt > 0))
    return 0;

  total = sim->pending + seconds;
  n = (guint64)floor (total / dt + TWIN_SIM_TIME_EPSILON);
  sim->pending = MAX (0.0, total - (double)n * dt);

  return n;
}

/**
 * twin_sim_run:
 * @hooks: (nullable): what to call on samples, steps, alarm edges, trips
 *
 * Runs up to @n_steps steps of the model's own size. A hook may change
 * @sim's inputs between steps (through the pointer its caller holds).
 *
 * Returns: the steps run, fewer than @n_steps when a step hook stopped
 */
guint64
twin_sim_run (TwinSim            *sim,
              guint64             n_steps,
              const TwinSimHooks *hooks,
              gpointer            data)
{
  static const TwinSimHooks no_hooks;
  TwinSimHooks h;
  guint64 i;

  g_return_val_if_fail (sim != NULL, 0);

  /* A local copy, so the loop does not reload it after every call out. */
  h = hooks != NULL ? *hooks : no_hooks;

  for (i = 0; i < n_steps; )
    {
      gboolean was_tripped = sim->state.tripped;
      guint alarms;

      /* The sample at a grid time holds the state of the last step at or
       * before it, so a model with a step longer than the interval is held,
       * never anticipated. */
      if (h.sample != NULL)
        h.sample (sim, data);

      twin_model_step (sim->model, &sim->ctx, &sim->state, &sim->inputs);
      sim->steps++;
      sim->steps_since_base++;
      sim->state.timestamp = sim->t_base + (double)sim->steps_since_base * sim->ctx.dt;
      i++;

      alarms = twin_alarms_evaluate (sim->params, &sim->state);
      if (G_UNLIKELY (alarms != sim->alarms))
        {
          TwinAlarmEvent events[TWIN_N_ALARMS];
          guint n = twin_alarms_edges (sim->alarms, alarms, &sim->state, events);

          sim->alarms = alarms;
          for (guint k = 0; k < n && h.alarm != NULL; k++)
            h.alarm (sim, &events[k], data);
        }

      if (G_UNLIKELY (!was_tripped && sim->state.tripped) && h.trip != NULL)
        h.trip (sim, data);

      if (h.step != NULL && !h.step (sim, data))
        break;
    }

  if (h.sample != NULL)
    h.sample (sim, data);

  return i;
}

/**
 * twin_sim_measure:
 * @channel: temperature, vibration or rpm
 * @index: what the noise is a function of, with the sim's seed and @stream
 *
 * The channel's value as a sensor would read it: with Gaussian noise when
 * the sim's noise is on, clamped to the channel's bounds.
 */
double
twin_sim_measure (const TwinSim *sim,
                  TwinChannel    channel,
                  guint64        index,
                  guint          stream)
{
  static const double sigma[] = {
    [TWIN_CHANNEL_TEMPERATURE] = TWIN_NOISE_TEMPERATURE,
    [TWIN_CHANNEL_VIBRATION] = TWIN_NOISE_VIBRATION,
    [TWIN_CHANNEL_RPM] = TWIN_NOISE_RPM,
  };
  const double value[] = {
    [TWIN_CHANNEL_TEMPERATURE] = sim->state.temperature,
    [TWIN_CHANNEL_VIBRATION] = sim->state.vibration,
    [TWIN_CHANNEL_RPM] = sim->state.rpm,
  };
  double v;

  g_return_val_if_fail (channel < G_N_ELEMENTS (sigma), 0);

  v = value[channel];
  if (sim->noise)
    v += sigma[channel] * twin_noise_gaussian (sim->noise_seed, index, stream);
  return twin_clamp (v, twin_channels[channel].min, twin_channels[channel].max, 0);
}

/**
 * twin_sim_get_sample:
 * @index: the sample's index in its history
 *
 * The sample a history records of the sim as it stands: what is measured
 * (twin_sim_measure()), the wear and the inputs.
 */
void
twin_sim_get_sample (const TwinSim *sim,
                     guint64        index,
                     TwinSample    *sample)
{
  sample->values[TWIN_CHANNEL_TEMPERATURE] = twin_sim_measure (sim, TWIN_CHANNEL_TEMPERATURE, index, 3);
  sample->values[TWIN_CHANNEL_VIBRATION] = twin_sim_measure (sim, TWIN_CHANNEL_VIBRATION, index, 4);
  sample->values[TWIN_CHANNEL_RPM] = twin_sim_measure (sim, TWIN_CHANNEL_RPM, index, 5);
  sample->values[TWIN_CHANNEL_WEAR] = sim->state.wear;
  sample->values[TWIN_CHANNEL_AMBIENT] = sim->inputs.ambient;
  sample->values[TWIN_CHANNEL_RPM_SETPOINT] = sim->inputs.rpm_setpoint;
}

/**
 * twin_sim_record:
 *
 * Appends to @history every sample due up to the sim's time: each grid
 * time holds the state of the last step at or before it, so a model with
 * a step longer than the interval is held, never anticipated.
 */
void
twin_sim_record (const TwinSim *sim,
                 TwinHistory   *history)
{
  for (;;)
    {
      guint64 index = twin_history_get_end_index (history);
      TwinSample sample;

      if (twin_history_index_to_time (history, index) > sim->state.timestamp + TWIN_SIM_TIME_EPSILON)
        break;
      twin_sim_get_sample (sim, index, &sample);
      twin_history_append (history, &sample);
    }
}
