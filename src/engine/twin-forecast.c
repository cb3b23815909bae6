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
#include <string.h>

#include "twin-alarms.h"
#include "twin-forecast-private.h"


/* What a schedule may change: the inputs and the faults, nothing that
 * belongs to the clock, the model or the state. */
#define SCHEDULE_FIELDS (TWIN_COMMAND_AMBIENT | TWIN_COMMAND_RPM_SETPOINT | \
                         TWIN_COMMAND_COOLING_DEGRADED | TWIN_COMMAND_BEARING_DEFECT)

/* Trajectory samples a forecast may hold, so that its memory is bounded. */
#define MAX_SAMPLES 1000000

gboolean
twin_forecast_validate_horizon (double   horizon,
                                GError **error)
{
  return twin_validate_number ("horizon", horizon, TWIN_FORECAST_HORIZON_MIN, TWIN_FORECAST_HORIZON_MAX,
                               "s", error);
}

/**
 * twin_forecast_spec_init:
 *
 * A forecast of @horizon simulated s, sampled every @interval s, with
 * no change, no schedule and fixed steps.
 */
void
twin_forecast_spec_init (TwinForecastSpec *spec,
                         double            horizon,
                         double            interval)
{
  g_return_if_fail (spec != NULL);

  memset (spec, 0, sizeof *spec);
  spec->horizon = horizon;
  spec->interval = interval;
}

static gboolean
validate_schedule (const TwinForecastSpec  *spec,
                   GError                 **error)
{
  if (spec->n_schedule > TWIN_FORECAST_MAX_SCHEDULE)
    {
      g_set_error (error, TWIN_ENGINE_ERROR, TWIN_ENGINE_ERROR_INVALID_VALUE,
                   "schedule: %u entries; allowed: at most %u", spec->n_schedule, TWIN_FORECAST_MAX_SCHEDULE);
      return FALSE;
    }

  for (guint i = 0; i < spec->n_schedule; i++)
    {
      const TwinScheduleEntry *entry = &spec->schedule[i];
      g_autofree char *at = g_strdup_printf ("schedule[%u].at", i);
      g_autoptr(GError) local = NULL;

      if (!twin_validate_number (at, entry->at, 0.0, spec->horizon, "s", error))
        return FALSE;
      if (i > 0 && entry->at < spec->schedule[i - 1].at)
        {
          g_set_error (error, TWIN_ENGINE_ERROR, TWIN_ENGINE_ERROR_INVALID_VALUE,
                       "%s: %s is before schedule[%u].at (%s); allowed: entries in time order",
                       at, TWIN_NUM (entry->at), i - 1, TWIN_NUM (spec->schedule[i - 1].at));
          return FALSE;
        }
      if (entry->command.fields == 0 || (entry->command.fields & ~SCHEDULE_FIELDS) != 0)
        {
          g_set_error (error, TWIN_ENGINE_ERROR, TWIN_ENGINE_ERROR_UNKNOWN_FIELD,
                       "schedule[%u]: fields 0x%x; allowed: ambient, rpm_setpoint and the faults, at least one",
                       i, entry->command.fields);
          return FALSE;
        }
      if (!twin_command_validate (&entry->command, &local))
        {
          g_set_error (error, TWIN_ENGINE_ERROR, local->code, "schedule[%u].%s", i, local->message);
          return FALSE;
        }
    }

  return TRUE;
}

/**
 * twin_forecast_spec_validate:
 *
 * Checks the horizon, the interval (finite, positive, at most the
 * horizon, and not so fine that the course would hold more than a
 * million samples) and the schedule (times within the horizon and in
 * order; inputs and faults only). The change is checked against the sim
 * it is applied to, by twin_forecast_run().
 */
gboolean
twin_forecast_spec_validate (const TwinForecastSpec  *spec,
                             GError                 **error)
{
  g_return_val_if_fail (spec != NULL, FALSE);

  if (!twin_forecast_validate_horizon (spec->horizon, error))
    return FALSE;
  if (!(spec->interval > 0) || !(spec->interval <= spec->horizon))
    {
      g_set_error (error, TWIN_ENGINE_ERROR, TWIN_ENGINE_ERROR_INVALID_VALUE,
                   "interval: %s is out of range; allowed: above 0 to the horizon, %s s",
                   TWIN_NUM (spec->interval), TWIN_NUM (spec->horizon));
      return FALSE;
    }
  if (spec->horizon / spec->interval > MAX_SAMPLES)
    {
      g_set_error (error, TWIN_ENGINE_ERROR, TWIN_ENGINE_ERROR_INVALID_VALUE,
                   "interval: %s s is too fine for a horizon of %s s; allowed: at least %s s (%d samples)",
                   TWIN_NUM (spec->interval), TWIN_NUM (spec->horizon), TWIN_NUM (spec->horizon / MAX_SAMPLES),
                   MAX_SAMPLES);
      return FALSE;
    }

  return validate_schedule (spec, error);
}

static void
forecast_init (TwinForecast           *forecast,
               const TwinForecastSpec *spec)
{
  gsize capacity;

  forecast->start = forecast->end.state.timestamp;
  forecast->horizon = spec->horizon;
  forecast->alarms_at_start = forecast->end.alarms;
  forecast->tripped = NAN;
  for (guint i = 0; i < TWIN_N_ALARMS; i++)
    forecast->raised[i] = forecast->cleared[i] = NAN;
  for (guint i = 0; i < G_N_ELEMENTS (forecast->zone_entered); i++)
    forecast->zone_entered[i] = NAN;

  /* On the engine's grid of sample times, so that the two line up; room
   * for every grid time of the horizon, so nothing wraps. */
  capacity = (gsize) ceil (spec->horizon / spec->interval) + 2;
  forecast->trajectory = twin_history_new (capacity, spec->interval);
  twin_history_clear (forecast->trajectory,
                      spec->interval * ceil (forecast->start / spec->interval - TWIN_SIM_TIME_EPSILON));
}

/**
 * twin_forecast_run:
 * @spec: the change applied first, the schedule, the horizon, the
 *   trajectory's interval
 *
 * Copies @start, applies the change to the copy and runs it for the
 * horizon, applying each schedule entry when its time comes, step for
 * step as the engine runs: the state at the horizon is bit for bit the
 * engine's when it is given the same commands after advancing by the
 * same simulated times. Noise is off: the forecast is the true course.
 * With @spec's fast set, it takes long steps where the model allows
 * (see _twin_forecast_run_long()): no longer bit for bit, but each event
 * lands on a step of the fixed grid.
 *
 * Returns: (transfer full): the forecast, or %NULL with @error set when
 *   @spec or its change is refused or @cancellable was cancelled
 */
TwinForecast *
twin_forecast_run (const TwinSim           *start,
                   const TwinForecastSpec  *spec,
                   GCancellable            *cancellable,
                   GError                 **error)
{
  return _twin_forecast_run_until (start, spec, 0, cancellable, error);
}

/**
 * _twin_forecast_run_until:
 * @stop_alarms: #TwinAlarm flags whose first raise ends the run there
 *
 * twin_forecast_run() that may end early: the forecast then ends (its
 * end state, its rul_hours) at the raise; what comes after is unknown.
 */
TwinForecast *
_twin_forecast_run_until (const TwinSim           *start,
                          const TwinForecastSpec  *spec,
                          guint                    stop_alarms,
                          GCancellable            *cancellable,
                          GError                 **error)
{
  g_autoptr(TwinForecast) forecast = NULL;
  TwinForecastRun run = { 0 };
  double taken = 0;

  g_return_val_if_fail (start != NULL, NULL);
  g_return_val_if_fail (spec != NULL, NULL);

  if (!twin_forecast_spec_validate (spec, error))
    return NULL;

  forecast = g_new0 (TwinForecast, 1);
  forecast->end = *start;
  if (spec->has_change && !twin_sim_apply (&forecast->end, &spec->change, error))
    return NULL;
  /* After the change, which may carry the noise too. */
  forecast->end.noise = FALSE;
  forecast_init (forecast, spec);

  run.forecast = forecast;
  run.cancellable = cancellable;
  run.stop_alarms = stop_alarms;
  run.stopped = (forecast->alarms_at_start & stop_alarms) != 0;
  run.zone = twin_zone_for_vibration (forecast->end.params, forecast->end.state.vibration);

  /* Cut as the engine's clock would be: advance to each entry's time,
   * apply it, go on. */
  for (guint i = 0; i <= spec->n_schedule && !run.stopped; i++)
    {
      double until = i < spec->n_schedule ? spec->schedule[i].at : spec->horizon;
      guint64 n = twin_sim_take_time (&forecast->end, until - taken);

      taken = until;
      if ((spec->fast ? _twin_forecast_run_long (&run, n) : _twin_forecast_run_fixed (&run, n)) < n || run.stopped)
        break;
      /* Inputs and faults only: no alarm changes until the next step. */
      if (i < spec->n_schedule)
        twin_sim_apply (&forecast->end, &spec->schedule[i].command, NULL);
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  forecast->rul_hours = twin_model_rul_hours (forecast->end.model, &forecast->end.state);
  forecast->settled = forecast->end.state;
  twin_model_steady (forecast->end.model, &forecast->end.ctx, &forecast->settled, &forecast->end.inputs);
  return g_steal_pointer (&forecast);
}

/**
 * twin_forecast_time_of:
 *
 * Returns: the simulated time (absolute) from which @alarm holds: the
 *   start when it holds after the change, else its first raise; NAN when
 *   not within the horizon
 */
double
twin_forecast_time_of (const TwinForecast *forecast,
                       TwinAlarm           alarm)
{
  guint i = twin_alarm_get_index (alarm);

  g_return_val_if_fail (forecast != NULL, NAN);
  g_return_val_if_fail (i < TWIN_N_ALARMS, NAN);

  if (forecast->alarms_at_start & alarm)
    return forecast->start;
  return forecast->raised[i];
}

void
twin_forecast_free (TwinForecast *forecast)
{
  if (forecast == NULL)
    return;

  g_clear_pointer (&forecast->trajectory, twin_history_free);
  g_free (forecast);
}
