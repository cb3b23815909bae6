/* twin-ensemble.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same forecast for members whose parameters are drawn within their
 * specs' spreads: how sure a forecast is. Each member's parameters depend
 * on its index alone, its event times are stored by index before any
 * quantile is taken, and its course is folded into tails that merge
 * exactly (twin-tails.c), so the answer is the same for any number of
 * threads.
 */

#define G_LOG_DOMAIN "twin-forecast"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "twin-ensemble.h"
#include "twin-noise.h"
#include "twin-parallel.h"
#include "twin-tails.h"

/* Trajectory samples a member may hold. */
#define MAX_MEMBER_SAMPLES 20000

/* The stream of twin_noise_gaussian() that draws parameters. */
#define PARAM_STREAM 11

/* Samples of the band one job computes. */
#define BAND_ROWS 128

/* Bytes of tails an ensemble may hold at once; beyond that, threads wait
 * for one another's to fold into. */
#define MAX_TAILS_BYTES (64u << 20)

/* Tails and the thread that last folded into them, in whose cache they
 * are. */
typedef struct
{
  TwinTails *tails;
  GThread   *folder;
} Part;

typedef struct
{
  const TwinSim          *start;
  const TwinForecastSpec *spec;
  GCancellable           *cancellable;
  guint                   n_members;
  double                 *raised;    /* [member × TWIN_N_ALARMS + alarm] */
  double                 *rul_hours;
  GMutex                  lock;
  GError                 *error;

  /* The members' grid, the same for all: set by the first to finish. */
  guint64                 n_rows;
  gsize                   capacity;
  double                  interval;
  double                  origin;
  double                  time;      /* of the start */

  guint                   n_low;
  guint                   n_high;
  gsize                   max_parts; /* 0 until the grid is set */
  GPtrArray              *parts;     /* every Part made */
  GPtrArray              *idle;      /* the ones no thread folds into */
  GCond                   returned;  /* to idle */

  TwinTails             **tails;     /* the parts' tails, to merge */
  TwinSample             *low;       /* the band, sample by sample */
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

/* The grid of @forecast's trajectory, which every member shares, and
 * how many tails fit the budget. Under the lock. */
static void
set_grid (Work               *work,
          const TwinForecast *forecast)
{
  const TwinHistory *trajectory = forecast->trajectory;

  work->n_rows = twin_history_get_end_index (trajectory);
  work->capacity = twin_history_get_capacity (trajectory);
  work->interval = twin_history_get_interval (trajectory);
  work->origin = twin_history_index_to_time (trajectory, 0);
  work->time = forecast->start;
  work->max_parts = MAX (MAX_TAILS_BYTES / twin_tails_size (work->n_rows, work->n_low, work->n_high), 1);
}

static void
part_free (gpointer data)
{
  Part *part = data;

  twin_tails_free (part->tails);
  g_free (part);
}

/* A part no other thread folds into, this thread's own when it is idle;
 * made when none is idle and the budget allows, else waited for. */
static Part *
part_take (Work               *work,
           const TwinForecast *forecast)
{
  Part *part = NULL;

  g_mutex_lock (&work->lock);
  if (work->max_parts == 0)
    set_grid (work, forecast);
  while (work->idle->len == 0 && work->parts->len >= work->max_parts)
    g_cond_wait (&work->returned, &work->lock);
  if (work->idle->len > 0)
    {
      guint i = work->idle->len - 1;

      while (i > 0 && ((Part *) g_ptr_array_index (work->idle, i))->folder != g_thread_self ())
        i--;
      part = g_ptr_array_steal_index_fast (work->idle, i);
    }
  else
    {
      part = g_new0 (Part, 1);
      part->tails = twin_tails_new (work->n_rows, work->n_low, work->n_high);
      g_ptr_array_add (work->parts, part);
    }
  part->folder = g_thread_self ();
  g_mutex_unlock (&work->lock);

  return part;
}

static void
part_give (Work *work,
           Part *part)
{
  g_mutex_lock (&work->lock);
  g_ptr_array_add (work->idle, part);
  g_cond_signal (&work->returned);
  g_mutex_unlock (&work->lock);
}

static gboolean
member_cb (guint    i,
           gpointer data)
{
  Work *work = data;
  g_autoptr(TwinForecast) forecast = NULL;
  GError *error = NULL;
  Part *part;
  TwinSim sim;

  twin_ensemble_member_sim (work->start, i, &sim);
  forecast = twin_forecast_run (&sim, work->spec, work->cancellable, &error);
  if (forecast == NULL)
    {
      g_mutex_lock (&work->lock);
      if (work->error == NULL)
        work->error = error;
      else
        g_error_free (error);
      g_mutex_unlock (&work->lock);
      return FALSE;
    }

  for (guint a = 0; a < TWIN_N_ALARMS; a++)
    work->raised[i * TWIN_N_ALARMS + a] = twin_forecast_time_of (forecast, twin_alarm_from_index (a));
  work->rul_hours[i] = forecast->rul_hours;
  part = part_take (work, forecast);
  twin_tails_fold (part->tails, forecast->trajectory);
  part_give (work, part);

  return TRUE;
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

  twin_tails_merge (work->tails, work->parts->len, (guint64) job * BAND_ROWS,
                    MIN ((guint64) (job + 1) * BAND_ROWS, work->n_rows), work->low, work->high);
  return TRUE;
}

static TwinHistory *
history_of (const Work       *work,
            const TwinSample *samples)
{
  TwinHistory *history = twin_history_new (work->capacity, work->interval);

  twin_history_clear (history, work->origin);
  for (guint64 i = 0; i < work->n_rows; i++)
    twin_history_append (history, &samples[i]);

  return history;
}

static TwinEnsemble *
summarize (Work  *work,
           guint  n_threads)
{
  guint n = work->n_members;
  TwinEnsemble *ensemble = g_new0 (TwinEnsemble, 1);
  g_autofree double *values = g_new (double, n);
  g_autofree TwinSample *low = g_new (TwinSample, work->n_rows);
  g_autofree TwinSample *high = g_new (TwinSample, work->n_rows);
  g_autofree TwinTails **tails = g_new (TwinTails *, work->parts->len);

  ensemble->n_members = n;
  ensemble->start = work->time;
  ensemble->horizon = work->spec->horizon;
  for (guint a = 0; a < TWIN_N_ALARMS; a++)
    {
      for (guint m = 0; m < n; m++)
        values[m] = work->raised[m * TWIN_N_ALARMS + a];
      quantiles_of (values, n, &ensemble->raised[a]);
    }
  memcpy (values, work->rul_hours, n * sizeof *values);
  quantiles_of (values, n, &ensemble->rul_hours);

  for (guint p = 0; p < work->parts->len; p++)
    tails[p] = ((Part *) g_ptr_array_index (work->parts, p))->tails;
  work->tails = tails;
  work->low = low;
  work->high = high;
  twin_parallel_run ((guint) ((work->n_rows + BAND_ROWS - 1) / BAND_ROWS), n_threads, band_cb, work);
  ensemble->low = history_of (work, low);
  ensemble->high = history_of (work, high);

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
  g_autofree double *raised = NULL;
  g_autofree double *rul_hours = NULL;
  TwinEnsemble *ensemble = NULL;
  Work work = { 0 };

  g_return_val_if_fail (start != NULL, NULL);
  g_return_val_if_fail (spec != NULL, NULL);

  if (!validate (start, spec, n_members, error))
    return NULL;

  work.start = start;
  work.spec = spec;
  work.cancellable = cancellable;
  work.n_members = n_members;
  work.raised = raised = g_new (double, (gsize) n_members * TWIN_N_ALARMS);
  work.rul_hours = rul_hours = g_new (double, n_members);
  work.n_low = rank_of (10, n_members) + 1;
  work.n_high = n_members - rank_of (90, n_members);
  work.parts = g_ptr_array_new_with_free_func (part_free);
  work.idle = g_ptr_array_new ();
  g_mutex_init (&work.lock);
  g_cond_init (&work.returned);

  if (twin_parallel_run (n_members, n_threads, member_cb, &work))
    ensemble = summarize (&work, n_threads);
  else
    g_propagate_error (error, work.error);

  g_cond_clear (&work.returned);
  g_mutex_clear (&work.lock);
  g_ptr_array_unref (work.idle);
  g_ptr_array_unref (work.parts);

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
