/* twin-forecast.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The future of a decision: a copy of the simulation run ahead, on any
 * thread, step for step as the engine would run it.
 */

#define G_LOG_DOMAIN "twin-forecast"

#include "config.h"

#include <math.h>

#include "twin-alarms.h"
#include "twin-forecast.h"

/* Steps between two looks at the cancellable. */
#define CANCEL_CHECK_STEPS 4096

typedef struct
{
  TwinForecast *forecast;
  GCancellable *cancellable;
  guint         zone;
  guint64       steps;
} Run;

static void
sample_cb (const TwinSim *sim,
           gpointer       data)
{
  Run *run = data;

  twin_sim_record (sim, run->forecast->trajectory);
}

static gboolean
step_cb (const TwinSim *sim,
         gpointer       data)
{
  Run *run = data;
  guint zone = twin_zone_for_vibration (sim->params, sim->state.vibration);

  if (zone != run->zone)
    {
      if (isnan (run->forecast->zone_entered[zone]))
        run->forecast->zone_entered[zone] = sim->state.timestamp;
      run->zone = zone;
    }

  return ++run->steps % CANCEL_CHECK_STEPS != 0 || !g_cancellable_is_cancelled (run->cancellable);
}

static void
alarm_cb (const TwinSim        *sim,
          const TwinAlarmEvent *event,
          gpointer              data)
{
  Run *run = data;
  double *first = event->raised ? run->forecast->raised : run->forecast->cleared;
  guint i = (guint) g_bit_nth_lsf (event->alarm, -1);

  if (i < TWIN_N_ALARMS && isnan (first[i]))
    first[i] = event->timestamp;
}

static void
trip_cb (const TwinSim *sim,
         gpointer       data)
{
  Run *run = data;

  if (isnan (run->forecast->tripped))
    run->forecast->tripped = sim->state.timestamp;
}

static const TwinSimHooks forecast_hooks = {
  .sample = sample_cb,
  .step = step_cb,
  .alarm = alarm_cb,
  .trip = trip_cb,
};

gboolean
twin_forecast_validate_horizon (double   horizon,
                                GError **error)
{
  return twin_validate_number ("horizon", horizon, TWIN_FORECAST_HORIZON_MIN, TWIN_FORECAST_HORIZON_MAX,
                               "s", error);
}

/**
 * twin_forecast_run:
 * @change: (nullable): a command applied at the start, as a decision
 * @interval: simulated s between the trajectory's samples
 *
 * Copies @start, applies @change to the copy and runs it for @horizon
 * simulated seconds with its inputs held, step for step as the engine
 * runs: the state at the horizon is bit for bit the engine's after the
 * same command and time. Noise is off: the forecast is the true course.
 *
 * Returns: (transfer full): the forecast, or %NULL with @error set when
 *   @change or @horizon is refused or @cancellable was cancelled
 */
TwinForecast *
twin_forecast_run (const TwinSim      *start,
                   const TwinCommand  *change,
                   double              horizon,
                   double              interval,
                   GCancellable       *cancellable,
                   GError            **error)
{
  g_autoptr(TwinForecast) forecast = NULL;
  Run run = { 0 };
  gsize capacity;

  g_return_val_if_fail (start != NULL, NULL);
  g_return_val_if_fail (interval > 0, NULL);

  if (!twin_forecast_validate_horizon (horizon, error))
    return NULL;

  forecast = g_new0 (TwinForecast, 1);
  forecast->end = *start;
  forecast->end.noise = FALSE;
  if (change != NULL && !twin_sim_apply (&forecast->end, change, error))
    return NULL;

  forecast->start = forecast->end.state.timestamp;
  forecast->horizon = horizon;
  forecast->tripped = NAN;
  for (guint i = 0; i < TWIN_N_ALARMS; i++)
    forecast->raised[i] = forecast->cleared[i] = NAN;
  for (guint i = 0; i < G_N_ELEMENTS (forecast->zone_entered); i++)
    forecast->zone_entered[i] = NAN;

  /* On the engine's grid of sample times, so that the two line up; room
   * for every grid time of the horizon, so nothing wraps. */
  capacity = (gsize) ceil (horizon / interval) + 2;
  forecast->trajectory = twin_history_new (capacity, interval);
  twin_history_clear (forecast->trajectory, interval * ceil (forecast->start / interval - TWIN_SIM_TIME_EPSILON));

  run.forecast = forecast;
  run.cancellable = cancellable;
  run.zone = twin_zone_for_vibration (forecast->end.params, forecast->end.state.vibration);
  twin_sim_run (&forecast->end, twin_sim_take_time (&forecast->end, horizon), &forecast_hooks, &run);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  forecast->rul_hours = twin_state_rul_hours (&forecast->end.state);
  return g_steal_pointer (&forecast);
}

void
twin_forecast_free (TwinForecast *forecast)
{
  if (forecast == NULL)
    return;

  g_clear_pointer (&forecast->trajectory, twin_history_free);
  g_free (forecast);
}
