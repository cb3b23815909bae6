/* twin-advise.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Advice inverts the forecast: which values of one input keep the
 * machine out of a condition within the horizon, at a confidence.
 */

#define G_LOG_DOMAIN "twin-forecast"

#include "config.h"

#include <math.h>
#include <string.h>

#include "twin-advise.h"

#define AVOIDABLE ((1u << TWIN_N_ALARMS) - 1)

/**
 * twin_advise_spec_init:
 *
 * Vary the speed setpoint; avoid the trip within the default horizon in
 * 90 % of the default number of members.
 */
void
twin_advise_spec_init (TwinAdviseSpec *spec)
{
  g_return_if_fail (spec != NULL);

  memset (spec, 0, sizeof *spec);
  spec->vary = TWIN_INPUT_RPM_SETPOINT;
  spec->avoid = TWIN_ALARM_TRIPPED;
  spec->rul_hours_min = 0;
  spec->confidence = 0.9;
  spec->horizon = TWIN_FORECAST_HORIZON_DEFAULT;
  spec->n_members = TWIN_ENSEMBLE_MEMBERS_DEFAULT;
}

gboolean
twin_advise_spec_validate (const TwinAdviseSpec  *spec,
                           GError               **error)
{
  g_return_val_if_fail (spec != NULL, FALSE);

  if (spec->vary != TWIN_INPUT_AMBIENT && spec->vary != TWIN_INPUT_RPM_SETPOINT)
    {
      g_set_error (error, TWIN_ENGINE_ERROR, TWIN_ENGINE_ERROR_INVALID_VALUE,
                   "vary: input %d; allowed: %s, %s", (int) spec->vary,
                   twin_inputs[TWIN_INPUT_AMBIENT].name, twin_inputs[TWIN_INPUT_RPM_SETPOINT].name);
      return FALSE;
    }
  if ((spec->avoid & ~AVOIDABLE) != 0)
    {
      g_set_error (error, TWIN_ENGINE_ERROR, TWIN_ENGINE_ERROR_INVALID_VALUE,
                   "avoid: flags 0x%x; allowed: alarm flags within 0x%x", spec->avoid, AVOIDABLE);
      return FALSE;
    }
  if (!twin_validate_number ("rul_hours_min", spec->rul_hours_min, 0, TWIN_RUL_HOURS_MAX, "h", error))
    return FALSE;
  if (spec->avoid == 0 && spec->rul_hours_min == 0)
    {
      g_set_error (error, TWIN_ENGINE_ERROR, TWIN_ENGINE_ERROR_INVALID_VALUE,
                   "avoid: nothing to avoid; allowed: at least one alarm, or rul_hours_min above 0");
      return FALSE;
    }
  if (!(spec->confidence > 0) || !(spec->confidence <= 1))
    {
      g_set_error (error, TWIN_ENGINE_ERROR, TWIN_ENGINE_ERROR_INVALID_VALUE,
                   "confidence: %g is out of range; allowed: above 0 to 1", spec->confidence);
      return FALSE;
    }
  if (spec->n_members < 1 || spec->n_members > TWIN_ENSEMBLE_MEMBERS_MAX)
    {
      g_set_error (error, TWIN_ENGINE_ERROR, TWIN_ENGINE_ERROR_INVALID_VALUE,
                   "ensemble: %u members; allowed: 1 to %u", spec->n_members, TWIN_ENSEMBLE_MEMBERS_MAX);
      return FALSE;
    }

  return twin_forecast_validate_horizon (spec->horizon, error);
}

/**
 * twin_advise_member_keeps:
 *
 * Returns: whether @forecast keeps to @spec's condition: none of the
 *   alarms to avoid holds at any time within the horizon, and the RUL at
 *   the horizon is at least the minimum
 */
gboolean
twin_advise_member_keeps (const TwinAdviseSpec *spec,
                          const TwinForecast   *forecast)
{
  g_return_val_if_fail (spec != NULL, FALSE);
  g_return_val_if_fail (forecast != NULL, FALSE);

  for (guint i = 0; i < TWIN_N_ALARMS; i++)
    {
      TwinAlarm alarm = twin_alarm_from_index (i);

      if ((spec->avoid & alarm) && !isnan (twin_forecast_time_of (forecast, alarm)))
        return FALSE;
    }

  return forecast->rul_hours >= spec->rul_hours_min;
}

/**
 * twin_advise_run:
 *
 * Not there yet: fails with G_IO_ERROR_NOT_SUPPORTED after checking
 * @spec.
 */
TwinAdvice *
twin_advise_run (const TwinSim         *start,
                 const TwinAdviseSpec  *spec,
                 guint                  n_threads,
                 GCancellable          *cancellable,
                 GError               **error)
{
  g_return_val_if_fail (start != NULL, NULL);
  g_return_val_if_fail (spec != NULL, NULL);

  if (!twin_advise_spec_validate (spec, error))
    return NULL;

  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "advise: not supported yet");
  return NULL;
}

/**
 * twin_advice_nearest:
 *
 * Returns: @value when it lies in one of the intervals, else the closest
 *   bound of one; NAN when there is no interval
 */
double
twin_advice_nearest (const TwinAdvice *advice,
                     double            value)
{
  double best = NAN;

  g_return_val_if_fail (advice != NULL, NAN);

  for (guint i = 0; i < advice->n_intervals; i++)
    {
      const TwinInterval *in = &advice->intervals[i];
      double candidate = CLAMP (value, in->low, in->high);

      if (isnan (best) || fabs (candidate - value) < fabs (best - value))
        best = candidate;
    }

  return best;
}
