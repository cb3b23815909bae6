/* twin-forecast-steps.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How a forecast steps. With fixed steps, as the engine does, step for
 * step, in a loop that does nothing else: the state, the samples and
 * the events are the engine's bit for bit. With long steps (spec.fast),
 * once the model says a step of n·dt is n steps of dt (physical@2 once
 * its speed has settled: its lags are exact exponentials for constant
 * targets), one step covers up to a second, never past the next
 * trajectory sample; a long step that would change the alarms, the zone
 * or the trip is taken back and halved until the change falls in a
 * single step of the fixed grid: every event lands on the fixed grid.
 */

#define G_LOG_DOMAIN "twin-forecast"

#include "config.h"

#include <math.h>

#include "twin-alarms.h"
#include "twin-forecast-private.h"

static void
note_zone (TwinForecastRun *run,
           const TwinSim   *sim)
{
  guint zone = twin_zone_for_vibration (sim->params, sim->state.vibration);

  if (G_UNLIKELY (zone != run->zone))
    {
      if (isnan (run->forecast->zone_entered[zone]))
        run->forecast->zone_entered[zone] = sim->state.timestamp;
      run->zone = zone;
    }
}

static void
alarm_cb (const TwinSim        *sim,
          const TwinAlarmEvent *event,
          gpointer              data)
{
  TwinForecastRun *run = data;
  double *first = event->raised ? run->forecast->raised : run->forecast->cleared;
  guint i = twin_alarm_get_index (event->alarm);

  if (i < TWIN_N_ALARMS && isnan (first[i]))
    first[i] = event->timestamp;
  if (event->raised && (event->alarm & run->stop_alarms))
    run->stopped = TRUE;
}

static void
trip_cb (const TwinSim *sim,
         gpointer       data)
{
  TwinForecastRun *run = data;

  if (isnan (run->forecast->tripped))
    run->forecast->tripped = sim->state.timestamp;
}


/* What the zone is a function of, cheaper to compare than the zone: the
 * alarms hold zones C and D, the zone A bound the rest. */
static inline guint
zone_key (const TwinSim *sim,
          guint          alarms)
{
  return (alarms & (TWIN_ALARM_VIB_ZONE_C | TWIN_ALARM_VIB_ZONE_D)) |
         (sim->state.vibration >= sim->params[TWIN_PARAM_ZONE_A_MAX]);
}

/**
 * _twin_forecast_run_fixed:
 *
 * Runs @n_steps steps as twin_sim_run() runs them with the forecast's
 * hooks, with what the hooks do written out in a loop that keeps its
 * counters in registers: it costs little more than the model's steps.
 *
 * Returns: the steps run, fewer when stopped
 */
guint64
_twin_forecast_run_fixed (TwinForecastRun *run,
                          guint64          n_steps)
{
  TwinSim *sim = &run->forecast->end;
  TwinHistory *trajectory = run->forecast->trajectory;
  const TwinModel *model = sim->model;
  const double t_base = sim->t_base;
  const double dt = sim->ctx.dt;
  guint64 since_base = sim->steps_since_base;
  guint64 check = TWIN_FORECAST_CANCEL_CHECK_STEPS - run->steps % TWIN_FORECAST_CANCEL_CHECK_STEPS;
  double next_sample = -INFINITY;
  guint alarms = sim->alarms;
  guint key = zone_key (sim, alarms);
  TwinInputs held = sim->inputs;
  guint64 i;

  twin_inputs_sanitize (&held);

  for (i = 0; i < n_steps; )
    {
      guint now;

      if (G_UNLIKELY (next_sample <= sim->state.timestamp + TWIN_SIM_TIME_EPSILON))
        {
          twin_sim_record (sim, trajectory);
          next_sample = twin_history_index_to_time (trajectory, twin_history_get_end_index (trajectory));
        }

      twin_model_step_held (model, &sim->ctx, &sim->state, &held);
      since_base++;
      sim->state.timestamp = t_base + (double) since_base * dt;
      i++;

      now = twin_alarms_evaluate (sim->params, &sim->state);
      if (G_UNLIKELY (now != alarms))
        {
          TwinAlarmEvent events[TWIN_N_ALARMS];
          guint n = twin_alarms_edges (alarms, now, &sim->state, events);

          for (guint k = 0; k < n; k++)
            alarm_cb (sim, &events[k], run);
          /* TWIN_ALARM_TRIPPED holds exactly while the state is tripped. */
          if (now & ~alarms & TWIN_ALARM_TRIPPED)
            trip_cb (sim, run);
          alarms = sim->alarms = now;
          if (run->stopped)
            {
              note_zone (run, sim);
              break;
            }
        }
      if (G_UNLIKELY (zone_key (sim, alarms) != key))
        {
          key = zone_key (sim, alarms);
          note_zone (run, sim);
        }

      if (G_UNLIKELY (--check == 0))
        {
          check = TWIN_FORECAST_CANCEL_CHECK_STEPS;
          if (g_cancellable_is_cancelled (run->cancellable))
            {
              run->stopped = TRUE;
              break;
            }
        }
    }

  sim->steps += i;
  sim->steps_since_base = since_base;
  run->steps += i;
  twin_sim_record (sim, trajectory);
  return i;
}

/* The longest step, simulated s: the wear is summed over it as over one
 * step, so it is kept short enough for the RUL to stay close. */
#define LONG_STEP_S 1.0

/* Fixed steps between two looks at whether the model has settled. */
#define UNSETTLED_BATCH 32

/* Long steps between two looks at the cancellable. */
#define CANCEL_CHECK_LONG_STEPS 64

/* Steps of the fixed grid from @sim's time to the last one at or before
 * the next trajectory sample. */
static guint64
steps_to_next_sample (const TwinSim     *sim,
                      const TwinHistory *trajectory)
{
  double next = twin_history_index_to_time (trajectory, twin_history_get_end_index (trajectory));
  double steps = floor ((next - sim->state.timestamp) / sim->ctx.dt + TWIN_SIM_TIME_EPSILON);

  return steps > 0 ? (guint64) steps : 0;
}

static gboolean
changes_anything (const TwinForecastRun *run,
                  const TwinState       *before,
                  const TwinSim         *sim)
{
  return twin_alarms_evaluate (sim->params, &sim->state) != sim->alarms ||
         twin_zone_for_vibration (sim->params, sim->state.vibration) != run->zone ||
         sim->state.tripped != before->tripped;
}

/**
 * _twin_forecast_run_long:
 *
 * Runs @n_steps steps of the fixed grid, in long steps where they are
 * exact.
 *
 * Returns: the steps run, fewer when stopped
 */
guint64
_twin_forecast_run_long (TwinForecastRun *run,
                         guint64          n_steps)
{
  TwinSim *sim = &run->forecast->end;
  TwinHistory *trajectory = run->forecast->trajectory;
  const TwinModel *model = sim->model;
  double dt = sim->ctx.dt;
  guint64 longest = MAX ((guint64) floor (LONG_STEP_S / dt + TWIN_SIM_TIME_EPSILON), 1);
  guint64 cap = longest;
  guint64 done = 0;
  guint64 ctx_steps = 0;
  guint64 n_long = 0;
  TwinModelCtx ctx;

  while (done < n_steps)
    {
      TwinState before;
      guint64 m;

      twin_sim_record (sim, trajectory);
      m = MIN (MIN (cap, n_steps - done), steps_to_next_sample (sim, trajectory));
      if (m < 2)
        {
          done += _twin_forecast_run_fixed (run, 1);
          if (run->stopped)
            return done;
          cap = MIN (cap * 2, longest);
          continue;
        }
      if (model->settled == NULL || !model->settled (&sim->ctx, &sim->state, &sim->inputs))
        {
          done += _twin_forecast_run_fixed (run, MIN (n_steps - done, UNSETTLED_BATCH));
          if (run->stopped)
            return done;
          continue;
        }

      if (m != ctx_steps)
        {
          twin_model_ctx_init (&ctx, model, sim->params, (double) m * dt);
          ctx_steps = m;
        }
      before = sim->state;
      twin_model_step (model, &ctx, &sim->state, &sim->inputs);
      if (changes_anything (run, &before, sim))
        {
          sim->state = before;
          cap = m / 2;
          continue;
        }

      sim->steps += m;
      sim->steps_since_base += m;
      sim->state.timestamp = sim->t_base + (double) sim->steps_since_base * dt;
      run->steps += m;
      done += m;
      cap = MIN (cap * 2, longest);
      if (++n_long % CANCEL_CHECK_LONG_STEPS == 0 && g_cancellable_is_cancelled (run->cancellable))
        {
          run->stopped = TRUE;
          return done;
        }
    }

  twin_sim_record (sim, trajectory);
  return done;
}
