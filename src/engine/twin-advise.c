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
#include "twin-forecast-private.h"
#include "twin-parallel.h"

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
                   "confidence: %s is out of range; allowed: above 0 to 1", TWIN_NUM (spec->confidence));
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

/* The coarse grid's step, in % of the slider's travel; bisection then
 * takes each boundary to RESOLUTION_PERCENT. */
#define GRID_PERCENT       4
#define RESOLUTION_PERCENT 1
#define N_GRID             (100 / GRID_PERCENT + 1)

typedef struct
{
  const TwinSim        *start;
  const TwinAdviseSpec *spec;
  GCancellable         *cancellable;
  guint                 need;        /* members that must keep to it */
  const double         *values;
  gboolean             *keeps;
} Batch;

/* Whether at least @need members keep to the condition with the input at
 * @value: members run one after another until that is decided, each
 * until the first raise of an alarm to avoid. */
static gboolean
value_keeps (const Batch *batch,
             double       value)
{
  const TwinAdviseSpec *spec = batch->spec;
  TwinForecastSpec forecast_spec;
  guint kept = 0, failed = 0;

  twin_forecast_spec_init (&forecast_spec, spec->horizon, spec->horizon);
  forecast_spec.fast = TRUE;
  forecast_spec.has_change = TRUE;
  forecast_spec.change.fields = spec->vary == TWIN_INPUT_AMBIENT ? TWIN_COMMAND_AMBIENT : TWIN_COMMAND_RPM_SETPOINT;
  forecast_spec.change.ambient = value;
  forecast_spec.change.rpm_setpoint = value;

  for (guint m = 0; m < spec->n_members; m++)
    {
      g_autoptr(TwinForecast) forecast = NULL;
      TwinSim sim;

      twin_ensemble_member_sim (batch->start, m, &sim);
      forecast = _twin_forecast_run_until (&sim, &forecast_spec, spec->avoid, batch->cancellable, NULL);
      if (forecast == NULL)
        return FALSE;
      if (twin_advise_member_keeps (spec, forecast))
        kept++;
      else
        failed++;
      if (kept >= batch->need || failed > spec->n_members - batch->need)
        break;
    }

  return kept >= batch->need;
}

static gboolean
value_cb (guint    i,
          gpointer data)
{
  Batch *batch = data;

  batch->keeps[i] = value_keeps (batch, batch->values[i]);
  return !g_cancellable_is_cancelled (batch->cancellable);
}

static gboolean
run_batch (Batch        *batch,
           const double *values,
           gboolean     *keeps,
           guint         n,
           guint         n_threads)
{
  batch->values = values;
  batch->keeps = keeps;
  return twin_parallel_run (n, n_threads, value_cb, batch);
}

/* A boundary between two neighbours of the grid: @inside keeps to the
 * condition, @outside does not. */
typedef struct
{
  double inside;
  double outside;
} Bracket;

static gboolean
refine (Batch   *batch,
        Bracket *brackets,
        guint    n,
        double   resolution,
        guint    n_threads)
{
  double mids[N_GRID];
  gboolean keeps[N_GRID];

  while (n > 0 && fabs (brackets[0].outside - brackets[0].inside) > resolution * (1 + 1e-9))
    {
      for (guint b = 0; b < n; b++)
        mids[b] = (brackets[b].inside + brackets[b].outside) / 2;
      if (!run_batch (batch, mids, keeps, n, n_threads))
        return FALSE;
      for (guint b = 0; b < n; b++)
        {
          if (keeps[b])
            brackets[b].inside = mids[b];
          else
            brackets[b].outside = mids[b];
        }
    }

  return TRUE;
}

/**
 * twin_advise_run:
 * @n_threads: threads, this one included; 0 for one per processor
 *
 * Which values of @spec's input, over its slider's travel and with the
 * other inputs as in @start, keep at least the confidence's share of
 * the ensemble's members out of the condition within the horizon. The
 * members take long steps. The travel is scanned on a grid of 4 % of it
 * and each boundary bisected to 1 %: every interval's bounds keep to the
 * condition, and a value 1 % of the travel beyond a bound (but at the
 * slider's ends) does not. A stretch narrower than the grid may be
 * missed.
 *
 * Returns: (transfer full): the intervals, free with g_free(); %NULL
 *   with @error set when @spec is refused or @cancellable was cancelled
 */
TwinAdvice *
twin_advise_run (const TwinSim         *start,
                 const TwinAdviseSpec  *spec,
                 guint                  n_threads,
                 GCancellable          *cancellable,
                 GError               **error)
{
  const TwinField *field;
  g_autofree TwinAdvice *advice = NULL;
  double grid[N_GRID];
  gboolean keeps[N_GRID];
  Bracket brackets[N_GRID];
  guint at[N_GRID];              /* the bracket between grid[i] and grid[i + 1] */
  guint n_brackets = 0;
  Batch batch = { 0 };
  double travel;

  g_return_val_if_fail (start != NULL, NULL);
  g_return_val_if_fail (spec != NULL, NULL);

  if (!twin_advise_spec_validate (spec, error))
    return NULL;

  field = &twin_inputs[spec->vary];
  travel = field->slider_max - field->slider_min;
  batch.start = start;
  batch.spec = spec;
  batch.cancellable = cancellable;
  batch.need = MAX ((guint) ceil (spec->confidence * spec->n_members - 1e-9), 1u);

  for (guint i = 0; i < N_GRID; i++)
    grid[i] = i == N_GRID - 1 ? field->slider_max : field->slider_min + travel * i * GRID_PERCENT / 100.0;
  if (!run_batch (&batch, grid, keeps, N_GRID, n_threads))
    goto cancelled;

  for (guint i = 0; i + 1 < N_GRID; i++)
    if (keeps[i] != keeps[i + 1])
      {
        at[i] = n_brackets;
        brackets[n_brackets].inside = keeps[i] ? grid[i] : grid[i + 1];
        brackets[n_brackets].outside = keeps[i] ? grid[i + 1] : grid[i];
        n_brackets++;
      }
  if (!refine (&batch, brackets, n_brackets, travel * RESOLUTION_PERCENT / 100.0, n_threads))
    goto cancelled;

  advice = g_new0 (TwinAdvice, 1);
  advice->vary = spec->vary;
  advice->resolution = travel * RESOLUTION_PERCENT / 100.0;
  for (guint i = 0; i < N_GRID; i++)
    {
      TwinInterval *interval;
      guint first = i;

      if (!keeps[i])
        continue;
      while (i + 1 < N_GRID && keeps[i + 1])
        i++;
      g_assert (advice->n_intervals < TWIN_ADVICE_MAX_INTERVALS);
      interval = &advice->intervals[advice->n_intervals++];
      interval->low = first == 0 ? grid[0] : brackets[at[first - 1]].inside;
      interval->high = i == N_GRID - 1 ? grid[i] : brackets[at[i]].inside;
    }

  return g_steal_pointer (&advice);

cancelled:
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "advise: cancelled");
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
