/* test-ensemble.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <math.h>
#include <stdlib.h>

#include "twin-ensemble.h"
#include "twin-forecaster.h"
#include "twin-tails.h"
#include "twin-test-wait.h"

#define HORIZON 600.0
#define MEMBERS 64

static const double percents[] = { 10, 50, 90 };

static void
spec_with (TwinForecastSpec *spec,
           double            ambient,
           double            rpm_setpoint)
{
  twin_forecast_spec_init (spec, HORIZON, 1.0);
  spec->has_change = TRUE;
  spec->change.fields = TWIN_COMMAND_AMBIENT | TWIN_COMMAND_RPM_SETPOINT;
  spec->change.ambient = ambient;
  spec->change.rpm_setpoint = rpm_setpoint;
}

static gboolean
same_value (double a,
            double b)
{
  return a == b || (isnan (a) && isnan (b));
}

static void
assert_same_quantiles (const TwinQuantiles *a,
                       const TwinQuantiles *b)
{
  g_assert_true (same_value (a->p10, b->p10));
  g_assert_true (same_value (a->p50, b->p50));
  g_assert_true (same_value (a->p90, b->p90));
  g_assert_cmpuint (a->n_happened, ==, b->n_happened);
  g_assert_cmpuint (a->n_members, ==, b->n_members);
}

static void
assert_same_history (const TwinHistory *a,
                     const TwinHistory *b)
{
  g_assert_cmpuint (twin_history_get_end_index (a), ==, twin_history_get_end_index (b));
  g_assert_cmpfloat (twin_history_index_to_time (a, 0), ==, twin_history_index_to_time (b, 0));
  for (guint64 i = 0; i < twin_history_get_end_index (a); i++)
    {
      TwinSample x, y;

      g_assert_true (twin_history_get_sample (a, i, &x));
      g_assert_true (twin_history_get_sample (b, i, &y));
      g_assert_cmpmem (&x, sizeof x, &y, sizeof y);
    }
}

static void
assert_same_ensemble (const TwinEnsemble *a,
                      const TwinEnsemble *b)
{
  for (guint i = 0; i < TWIN_N_ALARMS; i++)
    assert_same_quantiles (&a->raised[i], &b->raised[i]);
  assert_same_quantiles (&a->rul_hours, &b->rul_hours);
  assert_same_history (a->low, b->low);
  assert_same_history (a->high, b->high);
}

/* Each member's parameters depend on its index alone and the quantiles
 * are taken after every member ran: 1, 2 and 8 threads agree bit for bit. */
static void
test_ensemble_same_for_any_thread_count (void)
{
  g_autoptr(TwinEnsemble) one = NULL;
  g_autoptr(GError) error = NULL;
  TwinForecastSpec spec;
  TwinSim sim;

  twin_sim_init (&sim);
  spec_with (&spec, 38, 2200);
  one = twin_ensemble_run (&sim, &spec, MEMBERS, 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (one->n_members, ==, MEMBERS);
  g_assert_cmpuint (one->raised[g_bit_nth_lsf (TWIN_ALARM_TEMP_WARNING, -1)].n_happened, >, 0);

  for (guint threads = 2; threads <= 8; threads *= 4)
    {
      g_autoptr(TwinEnsemble) many = twin_ensemble_run (&sim, &spec, MEMBERS, threads, NULL, &error);

      g_assert_no_error (error);
      assert_same_ensemble (one, many);
    }
}

/* A member draws each parameter with a spread from a Gaussian of σ =
 * spread × value truncated to the spec's range, and nothing else; the
 * same member draws the same. Over many members the draws' standard
 * deviation is σ's. */
static void
test_ensemble_members_draw_within_the_spreads (void)
{
  enum { N = 2000 };
  double sum[TWIN_MODEL_MAX_PARAMS] = { 0 }, sum2[TWIN_MODEL_MAX_PARAMS] = { 0 };
  TwinSim sim, a, b;

  twin_sim_init (&sim);
  for (guint m = 0; m < N; m++)
    {
      twin_ensemble_member_sim (&sim, m, &a);
      twin_ensemble_member_sim (&sim, m, &b);
      g_assert_cmpmem (a.params, sizeof a.params, b.params, sizeof b.params);
      for (guint i = 0; i < sim.model->n_params; i++)
        {
          const TwinParamSpec *spec = &sim.model->params[i];
          double x = (a.params[i] - sim.params[i]) / sim.params[i];

          g_assert_cmpfloat (a.params[i], >=, spec->min);
          g_assert_cmpfloat (a.params[i], <=, spec->max);
          g_assert_cmpfloat (a.ctx.params[i], ==, a.params[i]);
          if (spec->spread == 0)
            g_assert_cmpfloat (a.params[i], ==, sim.params[i]);
          sum[i] += x;
          sum2[i] += x * x;
        }
    }

  for (guint i = 0; i < sim.model->n_params; i++)
    {
      double spread = sim.model->params[i].spread;
      double mean = sum[i] / N;
      double sd = sqrt (sum2[i] / N - mean * mean);

      if (spread == 0)
        continue;
      g_assert_cmpfloat (fabs (mean), <, 0.1 * spread);
      g_assert_cmpfloat (sd, >, 0.9 * spread);
      g_assert_cmpfloat (sd, <, 1.1 * spread);
    }
}

/* With no spread (tutorial@1 has none) every member is the single
 * forecast: P10 = P50 = P90 = its times, and the band is its course. */
static void
test_ensemble_zero_spread_is_the_single_forecast (void)
{
  g_autoptr(TwinEnsemble) ensemble = NULL;
  g_autoptr(TwinForecast) single = NULL;
  TwinForecastSpec spec;
  TwinSim sim;

  twin_sim_init (&sim);
  g_assert_true (twin_sim_set_model (&sim, "tutorial@1", NULL));
  for (guint i = 0; i < sim.model->n_params; i++)
    g_assert_cmpfloat (sim.model->params[i].spread, ==, 0);
  spec_with (&spec, 40, 1400);
  spec.change.fields |= TWIN_COMMAND_PARAMS;
  spec.change.n_params = 1;
  g_strlcpy (spec.change.params[0].name, "temp_warning", sizeof spec.change.params[0].name);
  spec.change.params[0].value = 55;

  single = twin_forecast_run (&sim, &spec, NULL, NULL);
  ensemble = twin_ensemble_run (&sim, &spec, MEMBERS, 2, NULL, NULL);
  g_assert_nonnull (single);
  g_assert_nonnull (ensemble);

  for (guint i = 0; i < TWIN_N_ALARMS; i++)
    {
      const TwinQuantiles *q = &ensemble->raised[i];
      double t = twin_forecast_time_of (single, twin_alarm_from_index (i));

      g_assert_true (same_value (q->p10, t) && same_value (q->p50, t) && same_value (q->p90, t));
      g_assert_cmpuint (q->n_happened, ==, isnan (t) ? 0 : MEMBERS);
    }
  g_assert_false (isnan (ensemble->raised[g_bit_nth_lsf (TWIN_ALARM_TEMP_WARNING, -1)].p50));
  g_assert_cmpfloat (ensemble->rul_hours.p10, ==, single->rul_hours);
  g_assert_cmpfloat (ensemble->rul_hours.p90, ==, single->rul_hours);
  assert_same_history (ensemble->low, single->trajectory);
  assert_same_history (ensemble->high, single->trajectory);
}

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The members one by one, apart from the ensemble. */
static void
run_members (const TwinSim          *start,
             const TwinForecastSpec *spec,
             TwinForecast           *members[MEMBERS])
{
  for (guint m = 0; m < MEMBERS; m++)
    {
      TwinSim sim;

      twin_ensemble_member_sim (start, m, &sim);
      members[m] = twin_forecast_run (&sim, spec, NULL, NULL);
      g_assert_nonnull (members[m]);
    }
}

static void
free_members (TwinForecast *members[MEMBERS])
{
  for (guint m = 0; m < MEMBERS; m++)
    twin_forecast_free (members[m]);
}

/* On a day where the nominal machine settles at its trip temperature,
 * some members trip and some do not: the members run one by one here give
 * the quantiles by nearest rank, with "did not trip" after every time, so
 * a quantile that falls among them is NAN, not a number. */
static void
test_ensemble_not_within_the_horizon_is_not_a_number (void)
{
  g_autoptr(TwinEnsemble) ensemble = NULL;
  const TwinQuantiles *trip;
  TwinForecast *members[MEMBERS];
  double times[MEMBERS];
  guint happened = 0;
  TwinForecastSpec spec;
  TwinSim sim;

  twin_sim_init (&sim);
  /* 40 °C + 43 K × (1844/1500)² ≈ 105 °C */
  spec_with (&spec, 40, 1844);
  ensemble = twin_ensemble_run (&sim, &spec, MEMBERS, 2, NULL, NULL);
  g_assert_nonnull (ensemble);

  run_members (&sim, &spec, members);
  for (guint m = 0; m < MEMBERS; m++)
    {
      times[m] = isnan (members[m]->tripped) ? INFINITY : members[m]->tripped;
      happened += !isnan (members[m]->tripped);
    }
  free_members (members);
  qsort (times, MEMBERS, sizeof (double), compare_double);

  trip = &ensemble->raised[g_bit_nth_lsf (TWIN_ALARM_TRIPPED, -1)];
  g_assert_cmpuint (trip->n_happened, ==, happened);
  g_assert_cmpuint (happened, >, MEMBERS / 10);
  g_assert_cmpuint (happened, <, MEMBERS * 9 / 10);
  for (guint k = 0; k < G_N_ELEMENTS (percents); k++)
    {
      guint rank = (guint) ceil (percents[k] / 100 * MEMBERS) - 1;
      double expected = isinf (times[rank]) ? NAN : times[rank];
      double got = k == 0 ? trip->p10 : k == 1 ? trip->p50 : trip->p90;

      g_assert_true (same_value (got, expected));
    }
  g_assert_false (isnan (trip->p10));
  g_assert_true (isnan (trip->p90));
  g_assert_cmpfloat (ensemble->rul_hours.p10, <, ensemble->rul_hours.p90);
  g_assert_cmpuint (ensemble->rul_hours.n_happened, ==, MEMBERS);
}

/* The band is, in every sample and channel, P10 and P90 by nearest rank
 * of the members run one by one here; the spread shows in the
 * temperature, where the heat rise differs. */
static void
test_ensemble_band_is_p10_and_p90_of_the_members (void)
{
  g_autoptr(TwinEnsemble) ensemble = NULL;
  TwinForecast *members[MEMBERS];
  TwinForecastSpec spec;
  TwinSim sim;
  TwinSample low, high;
  guint64 end;

  twin_sim_init (&sim);
  spec_with (&spec, 22, 1900);
  spec.fast = TRUE;
  ensemble = twin_ensemble_run (&sim, &spec, MEMBERS, 0, NULL, NULL);
  run_members (&sim, &spec, members);

  end = twin_history_get_end_index (ensemble->low);
  g_assert_cmpuint (end, ==, (guint64) HORIZON + 1);
  for (guint64 i = 0; i < end; i++)
    {
      g_assert_true (twin_history_get_sample (ensemble->low, i, &low));
      g_assert_true (twin_history_get_sample (ensemble->high, i, &high));
      for (guint c = 0; c < TWIN_N_CHANNELS; c++)
        {
          double column[MEMBERS];

          for (guint m = 0; m < MEMBERS; m++)
            {
              TwinSample s;

              g_assert_true (twin_history_get_sample (members[m]->trajectory, i, &s));
              column[m] = s.values[c];
            }
          qsort (column, MEMBERS, sizeof (double), compare_double);
          g_assert_cmpfloat (low.values[c], ==, column[(guint) ceil (0.1 * MEMBERS) - 1]);
          g_assert_cmpfloat (high.values[c], ==, column[(guint) ceil (0.9 * MEMBERS) - 1]);
        }
    }
  g_assert_cmpfloat (high.values[TWIN_CHANNEL_TEMPERATURE] - low.values[TWIN_CHANNEL_TEMPERATURE], >, 3);

  free_members (members);
}

static int
compare_float (const void *a,
               const void *b)
{
  float x = *(const float *) a;
  float y = *(const float *) b;

  return (x > y) - (x < y);
}

/* Tails filled apart merge into the k-th smallest and largest of all the
 * trajectories, however they were split: one part, a part of one, parts
 * that each hold fewer than k, parts of unequal size. Values repeat, as
 * the inputs' channels do across members. */
static void
test_tails_merge_any_split (void)
{
  enum { N = 20, ROWS = 7, LOW = 3, HIGH = 4 };
  static const guint splits[][N + 1] = {
    { N }, { 1, N - 1 }, { 2, 2, 2, 2, 2, 2, 2, 2, 2, 2 }, { 5, 9, 6 }, { 1, 1, 1, 17 },
  };
  TwinHistory *trajectories[N];
  float column[N];

  for (guint m = 0; m < N; m++)
    {
      trajectories[m] = twin_history_new (ROWS, 1.0);
      twin_history_clear (trajectories[m], 0);
      for (guint i = 0; i < ROWS; i++)
        {
          TwinSample s;

          for (guint c = 0; c < TWIN_N_CHANNELS; c++)
            s.values[c] = c == TWIN_CHANNEL_AMBIENT ? 22.0f : (float) g_test_rand_int_range (-50, 50) / 4;
          twin_history_append (trajectories[m], &s);
        }
    }

  for (guint k = 0; k < G_N_ELEMENTS (splits); k++)
    {
      TwinTails *parts[N];
      TwinSample low[ROWS], high[ROWS];
      guint n_parts = 0, m = 0;

      for (; splits[k][n_parts] > 0; n_parts++)
        {
          /* After the first split, the tails freed by the one before: they
           * come back empty. */
          parts[n_parts] = twin_tails_new (ROWS, LOW, HIGH);
          for (guint j = 0; j < splits[k][n_parts]; j++)
            twin_tails_fold (parts[n_parts], trajectories[m++]);
        }
      g_assert_cmpuint (m, ==, N);
      twin_tails_merge (parts, n_parts, 0, ROWS, low, high);

      for (guint i = 0; i < ROWS; i++)
        for (guint c = 0; c < TWIN_N_CHANNELS; c++)
          {
            for (guint j = 0; j < N; j++)
              {
                TwinSample s;

                g_assert_true (twin_history_get_sample (trajectories[j], i, &s));
                column[j] = s.values[c];
              }
            qsort (column, N, sizeof (float), compare_float);
            g_assert_cmpfloat (low[i].values[c], ==, column[LOW - 1]);
            g_assert_cmpfloat (high[i].values[c], ==, column[N - HIGH]);
          }
      for (guint p = 0; p < n_parts; p++)
        twin_tails_free (parts[p]);
    }

  for (guint m = 0; m < N; m++)
    twin_history_free (trajectories[m]);
}

static void
test_ensemble_bad_size_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;
  TwinForecastSpec spec;
  TwinSim sim;

  twin_sim_init (&sim);
  twin_forecast_spec_init (&spec, HORIZON, 1.0);
  g_assert_null (twin_ensemble_run (&sim, &spec, 0, 1, NULL, &error));
  g_assert_cmpstr (error->message, ==, "ensemble: 0 members; allowed: 1 to 256");
  twin_forecast_spec_init (&spec, 86400, 1.0);
  g_assert_null (twin_ensemble_run (&sim, &spec, 8, 1, NULL, &error2));
  g_assert_cmpstr (error2->message, ==,
                   "interval: 1 s is too fine for an ensemble over 86400 s; allowed: at least 4.32 s (20000 samples)");
}

static void
prediction_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  TwinPrediction **out = data;

  *out = twin_forecaster_request_finish (TWIN_FORECASTER (source), result, NULL);
  g_assert_nonnull (*out);
}

static gboolean
arrived (gpointer data)
{
  return *(TwinPrediction **) data != NULL;
}

/* The forecaster's prediction holds the course and, when members were
 * asked for, the ensemble with long steps, as run here directly. */
static void
test_forecaster_predicts_course_and_ensemble (void)
{
  g_autoptr(TwinForecaster) forecaster = twin_forecaster_new ();
  g_autoptr(TwinPrediction) prediction = NULL;
  g_autoptr(TwinEnsemble) direct = NULL;
  TwinForecastSpec spec;
  TwinSim sim;

  twin_sim_init (&sim);
  spec_with (&spec, 30, 2600);
  twin_forecaster_request (forecaster, "branch", &sim, &spec, 16, prediction_cb, &prediction);
  twin_test_wait_until (arrived, &prediction, 60, "the prediction");

  spec.fast = TRUE;
  direct = twin_ensemble_run (&sim, &spec, 16, 1, NULL, NULL);
  g_assert_nonnull (prediction->course);
  g_assert_nonnull (prediction->ensemble);
  assert_same_ensemble (prediction->ensemble, direct);
}

typedef struct
{
  guint           done;
  TwinPrediction *predictions[2];
  GError         *errors[2];
} Pair;

typedef struct
{
  Pair  *pair;
  guint  slot;
} PairSlot;

static void
pair_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  g_autofree PairSlot *slot = data;

  slot->pair->predictions[slot->slot] =
    twin_forecaster_request_finish (TWIN_FORECASTER (source), result, &slot->pair->errors[slot->slot]);
  slot->pair->done++;
}

static gboolean
both_done (gpointer data)
{
  return ((Pair *) data)->done == 2;
}

/* A 24-h ensemble of 256 members under way is cancelled by a newer
 * request for the same purpose, members and all. */
static void
test_forecaster_newer_request_cancels_an_ensemble (void)
{
  g_autoptr(TwinForecaster) forecaster = twin_forecaster_new ();
  Pair pair = { 0 };
  TwinForecastSpec day, minute;
  TwinSim sim;

  twin_sim_init (&sim);
  twin_forecast_spec_init (&day, TWIN_FORECAST_HORIZON_MAX, 60);
  twin_forecast_spec_init (&minute, 60, 1);
  for (guint i = 0; i < 2; i++)
    {
      PairSlot *slot = g_new0 (PairSlot, 1);

      slot->pair = &pair;
      slot->slot = i;
      twin_forecaster_request (forecaster, "branch", &sim, i == 0 ? &day : &minute, i == 0 ? 256 : 8,
                               pair_cb, slot);
    }
  twin_test_wait_until (both_done, &pair, 60, "both predictions to end");

  g_assert_error (pair.errors[0], G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (pair.predictions[0]);
  g_assert_no_error (pair.errors[1]);
  g_assert_cmpuint (pair.predictions[1]->ensemble->n_members, ==, 8);
  g_clear_error (&pair.errors[0]);
  twin_prediction_free (pair.predictions[1]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ensemble/same-for-any-thread-count", test_ensemble_same_for_any_thread_count);
  g_test_add_func ("/ensemble/members-draw-within-the-spreads", test_ensemble_members_draw_within_the_spreads);
  g_test_add_func ("/ensemble/zero-spread-is-the-single-forecast", test_ensemble_zero_spread_is_the_single_forecast);
  g_test_add_func ("/ensemble/not-within-the-horizon-is-not-a-number",
                   test_ensemble_not_within_the_horizon_is_not_a_number);
  g_test_add_func ("/ensemble/band-is-p10-and-p90-of-the-members", test_ensemble_band_is_p10_and_p90_of_the_members);
  g_test_add_func ("/ensemble/tails-merge-any-split", test_tails_merge_any_split);
  g_test_add_func ("/ensemble/bad-size-refused", test_ensemble_bad_size_refused);
  g_test_add_func ("/forecaster/predicts-course-and-ensemble", test_forecaster_predicts_course_and_ensemble);
  g_test_add_func ("/forecaster/newer-request-cancels-an-ensemble", test_forecaster_newer_request_cancels_an_ensemble);

  return g_test_run ();
}
