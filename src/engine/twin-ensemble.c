/* twin-ensemble.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same forecast for members whose parameters are drawn within their
 * specs' spreads: how sure a forecast is. Each member's parameters depend
 * on its index alone and each result is stored by index before any
 * quantile is taken, so the answer is the same for any number of threads.
 */

#define G_LOG_DOMAIN "twin-forecast"

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "twin-ensemble.h"
#include "twin-noise.h"
#include "twin-parallel.h"

/* Trajectory samples a member may hold: the ensemble keeps them all. */
#define MAX_MEMBER_SAMPLES 20000

/* The stream of twin_noise_gaussian() that draws parameters. */
#define PARAM_STREAM 11

/* Samples of the band one job computes. */
#define BAND_ROWS 128

typedef struct
{
  const TwinSim          *start;
  const TwinForecastSpec *spec;
  GCancellable           *cancellable;
  TwinForecast          **members;
  guint                   n_members;
  GMutex                  lock;
  GError                 *error;

  guint64                 n_rows;
  TwinSample             *low;
  TwinSample             *high;
} Work;

/* Draws outside a parameter's range are drawn again, this many times at
 * most, so that the spread is a truncated Gaussian and not a spike at a
 * bound. */
#define MAX_DRAWS 8

static double
draw (const TwinParamSpec *spec,
      double               value,
      guint64              seed,
      guint                member,
      guint                param)
{
  for (guint attempt = 0; attempt < MAX_DRAWS; attempt++)
    {
      guint64 index = ((guint64) member * TWIN_MODEL_MAX_PARAMS + param) * MAX_DRAWS + attempt;
      double x = value * (1.0 + spec->spread * twin_noise_gaussian (seed, index, PARAM_STREAM));

      if (x >= spec->min && x <= spec->max)
        return x;
    }

  return twin_clamp (value, spec->min, spec->max, spec->default_value);
}

/**
 * twin_ensemble_member_sim:
 * @member: the member's index; with the sim's seed it alone decides the draw
 *
 * @start with each parameter that has a spread s drawn from a Gaussian of
 * mean its value and standard deviation s × value, truncated to its
 * spec's range (DESIGN.md, "Parameter spread").
 */
void
twin_ensemble_member_sim (const TwinSim *start,
                          guint          member,
                          TwinSim       *out)
{
  const TwinModel *model;

  g_return_if_fail (start != NULL);
  g_return_if_fail (out != NULL);

  *out = *start;
  model = out->model;
  for (guint i = 0; i < model->n_params; i++)
    {
      const TwinParamSpec *spec = &model->params[i];

      if (spec->spread > 0)
        out->params[i] = draw (spec, start->params[i], start->noise_seed, member, i);
    }
  twin_model_ctx_init (&out->ctx, model, out->params, model->dt);
}

static gboolean
member_cb (guint    i,
           gpointer data)
{
  Work *work = data;
  GError *error = NULL;
  TwinSim sim;

  twin_ensemble_member_sim (work->start, i, &sim);
  work->members[i] = twin_forecast_run (&sim, work->spec, work->cancellable, &error);
  if (work->members[i] != NULL)
    return TRUE;

  g_mutex_lock (&work->lock);
  if (work->error == NULL)
    work->error = error;
  else
    g_error_free (error);
  g_mutex_unlock (&work->lock);
  return FALSE;
}

/* Nearest rank: the value at or below which at least p % of them lie. */
static inline guint
rank_of (guint percent,
         guint n)
{
  return MAX ((percent * n + 99) / 100, 1u) - 1;
}

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Puts the k-th smallest of @v[0, n) at @v[k], the smaller before it
 * and the larger after (Hoare's selection). */
static void
select_rank (float *v,
             guint  n,
             guint  k)
{
  guint lo = 0, hi = n - 1;

  while (lo < hi)
    {
      float pivot = v[lo + (hi - lo) / 2];
      guint i = lo, j = hi;

      while (i <= j)
        {
          while (v[i] < pivot)
            i++;
          while (v[j] > pivot)
            j--;
          if (i <= j)
            {
              float t = v[i];

              v[i] = v[j];
              v[j] = t;
              i++;
              if (j == 0)
                break;
              j--;
            }
        }
      if (k <= j)
        hi = j;
      else if (k >= i)
        lo = i;
      else
        break;
    }
}

/* @values: NAN for "did not happen", which ranks after every time. */
static void
quantiles_of (double        *values,
              guint          n,
              TwinQuantiles *q)
{
  q->n_members = n;
  q->n_happened = 0;
  for (guint i = 0; i < n; i++)
    {
      if (isnan (values[i]))
        values[i] = INFINITY;
      else
        q->n_happened++;
    }
  qsort (values, n, sizeof *values, compare_double);

  q->p10 = isinf (values[rank_of (10, n)]) ? NAN : values[rank_of (10, n)];
  q->p50 = isinf (values[rank_of (50, n)]) ? NAN : values[rank_of (50, n)];
  q->p90 = isinf (values[rank_of (90, n)]) ? NAN : values[rank_of (90, n)];
}

/* P10 and P90 of each channel over the members, for the samples of one
 * job. */
static gboolean
band_cb (guint    job,
         gpointer data)
{
  Work *work = data;
  guint n = work->n_members;
  guint lo = rank_of (10, n), hi = rank_of (90, n);
  guint64 end = MIN ((guint64) (job + 1) * BAND_ROWS, work->n_rows);
  g_autofree TwinSample *column = g_new (TwinSample, n);
  g_autofree float *values = g_new (float, n);

  for (guint64 j = (guint64) job * BAND_ROWS; j < end; j++)
    {
      for (guint m = 0; m < n; m++)
        twin_history_get_sample (work->members[m]->trajectory, j, &column[m]);

      for (guint c = 0; c < TWIN_N_CHANNELS; c++)
        {
          float min = column[0].values[c], max = min;

          for (guint m = 0; m < n; m++)
            {
              values[m] = column[m].values[c];
              min = MIN (min, values[m]);
              max = MAX (max, values[m]);
            }
          if (min == max)
            {
              work->low[j].values[c] = work->high[j].values[c] = min;
              continue;
            }
          select_rank (values, n, lo);
          work->low[j].values[c] = values[lo];
          select_rank (values + lo + 1, n - lo - 1, hi - lo - 1);
          work->high[j].values[c] = values[hi];
        }
    }

  return TRUE;
}

static void
band_of (TwinEnsemble *ensemble,
         Work         *work,
         guint         n_threads)
{
  const TwinHistory *first = work->members[0]->trajectory;
  g_autofree TwinSample *low = NULL;
  g_autofree TwinSample *high = NULL;

  work->n_rows = twin_history_get_end_index (first);
  work->low = low = g_new (TwinSample, work->n_rows);
  work->high = high = g_new (TwinSample, work->n_rows);
  twin_parallel_run ((guint) ((work->n_rows + BAND_ROWS - 1) / BAND_ROWS), n_threads, band_cb, work);

  ensemble->low = twin_history_new (twin_history_get_capacity (first), twin_history_get_interval (first));
  ensemble->high = twin_history_new (twin_history_get_capacity (first), twin_history_get_interval (first));
  twin_history_clear (ensemble->low, twin_history_index_to_time (first, 0));
  twin_history_clear (ensemble->high, twin_history_index_to_time (first, 0));
  for (guint64 j = 0; j < work->n_rows; j++)
    {
      twin_history_append (ensemble->low, &low[j]);
      twin_history_append (ensemble->high, &high[j]);
    }
}

static TwinEnsemble *
summarize (Work  *work,
           guint  n_threads)
{
  TwinForecast **members = work->members;
  guint n = work->n_members;
  TwinEnsemble *ensemble = g_new0 (TwinEnsemble, 1);
  g_autofree double *values = g_new (double, n);

  ensemble->n_members = n;
  ensemble->start = members[0]->start;
  ensemble->horizon = members[0]->horizon;
  for (guint a = 0; a < TWIN_N_ALARMS; a++)
    {
      for (guint m = 0; m < n; m++)
        values[m] = twin_forecast_time_of (members[m], twin_alarm_from_index (a));
      quantiles_of (values, n, &ensemble->raised[a]);
    }
  for (guint m = 0; m < n; m++)
    values[m] = members[m]->rul_hours;
  quantiles_of (values, n, &ensemble->rul_hours);
  band_of (ensemble, work, n_threads);

  return ensemble;
}

static gboolean
validate (const TwinSim           *start,
          const TwinForecastSpec  *spec,
          guint                    n_members,
          GError                 **error)
{
  if (n_members < 1 || n_members > TWIN_ENSEMBLE_MEMBERS_MAX)
    {
      g_set_error (error, TWIN_ENGINE_ERROR, TWIN_ENGINE_ERROR_INVALID_VALUE,
                   "ensemble: %u members; allowed: 1 to %u", n_members, TWIN_ENSEMBLE_MEMBERS_MAX);
      return FALSE;
    }
  if (!twin_forecast_spec_validate (spec, error))
    return FALSE;
  if (spec->horizon / spec->interval > MAX_MEMBER_SAMPLES)
    {
      g_set_error (error, TWIN_ENGINE_ERROR, TWIN_ENGINE_ERROR_INVALID_VALUE,
                   "interval: %s s is too fine for an ensemble over %s s; allowed: at least %s s (%d samples)",
                   TWIN_NUM (spec->interval), TWIN_NUM (spec->horizon),
                   TWIN_NUM (spec->horizon / MAX_MEMBER_SAMPLES), MAX_MEMBER_SAMPLES);
      return FALSE;
    }

  return !spec->has_change || twin_sim_validate (start, &spec->change, error);
}

/**
 * twin_ensemble_run:
 * @n_members: 1 … %TWIN_ENSEMBLE_MEMBERS_MAX
 * @n_threads: threads to run the members on, this one included; 0 for
 *   one per processor
 *
 * Runs twin_forecast_run() for each member (twin_ensemble_member_sim())
 * and takes the quantiles of the results: the same for any @n_threads.
 *
 * Returns: (transfer full): the ensemble, or %NULL with @error set when
 *   the spec is refused (also when its interval would give a member
 *   more than 20 000 samples) or @cancellable was cancelled
 */
TwinEnsemble *
twin_ensemble_run (const TwinSim           *start,
                   const TwinForecastSpec  *spec,
                   guint                    n_members,
                   guint                    n_threads,
                   GCancellable            *cancellable,
                   GError                 **error)
{
  g_autofree TwinForecast **members = NULL;
  TwinEnsemble *ensemble = NULL;
  Work work = { 0 };

  g_return_val_if_fail (start != NULL, NULL);
  g_return_val_if_fail (spec != NULL, NULL);

  if (!validate (start, spec, n_members, error))
    return NULL;

  members = g_new0 (TwinForecast *, n_members);
  work.start = start;
  work.spec = spec;
  work.cancellable = cancellable;
  work.members = members;
  work.n_members = n_members;
  g_mutex_init (&work.lock);

  if (twin_parallel_run (n_members, n_threads, member_cb, &work))
    ensemble = summarize (&work, n_threads);
  else
    g_propagate_error (error, work.error);
  g_mutex_clear (&work.lock);

  for (guint m = 0; m < n_members; m++)
    twin_forecast_free (members[m]);

  return ensemble;
}

void
twin_ensemble_free (TwinEnsemble *ensemble)
{
  if (ensemble == NULL)
    return;

  g_clear_pointer (&ensemble->low, twin_history_free);
  g_clear_pointer (&ensemble->high, twin_history_free);
  g_free (ensemble);
}
