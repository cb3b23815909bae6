/* test-advise.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <math.h>

#include "twin-advise.h"
#include "twin-forecaster.h"
#include "twin-test-wait.h"

#define MEMBERS 32

static void
sim_at (TwinSim *sim,
        double   ambient,
        double   rpm_setpoint)
{
  TwinCommand c = { .fields = TWIN_COMMAND_AMBIENT | TWIN_COMMAND_RPM_SETPOINT,
                    .ambient = ambient, .rpm_setpoint = rpm_setpoint };

  twin_sim_init (sim);
  g_assert_true (twin_sim_apply (sim, &c, NULL));
  twin_sim_run (sim, twin_sim_take_time (sim, 30), NULL, NULL);
}

/* Computed here with fixed steps, member by member, apart from the
 * advice: whether the confidence's share of members keep to it. */
static gboolean
keeps_at (const TwinSim        *start,
          const TwinAdviseSpec *spec,
          double                value)
{
  TwinForecastSpec forecast_spec;
  guint kept = 0;

  twin_forecast_spec_init (&forecast_spec, spec->horizon, 10);
  forecast_spec.has_change = TRUE;
  forecast_spec.change.fields = spec->vary == TWIN_INPUT_AMBIENT ? TWIN_COMMAND_AMBIENT : TWIN_COMMAND_RPM_SETPOINT;
  forecast_spec.change.ambient = value;
  forecast_spec.change.rpm_setpoint = value;
  for (guint m = 0; m < spec->n_members; m++)
    {
      g_autoptr(TwinForecast) forecast = NULL;
      TwinSim sim;

      twin_ensemble_member_sim (start, m, &sim);
      forecast = twin_forecast_run (&sim, &forecast_spec, NULL, NULL);
      kept += twin_advise_member_keeps (spec, forecast);
    }

  return kept >= ceil (spec->confidence * spec->n_members - 1e-9);
}

/* Each bound of each interval: 1 % of the travel inside keeps to the
 * condition, 1 % outside does not (but at the slider's ends). */
static void
assert_bounds_hold (const TwinSim        *start,
                    const TwinAdviseSpec *spec,
                    const TwinAdvice     *advice)
{
  const TwinField *field = &twin_inputs[spec->vary];
  double step = (field->slider_max - field->slider_min) / 100;

  g_assert_cmpfloat (advice->resolution, <=, step);
  for (guint i = 0; i < advice->n_intervals; i++)
    {
      const TwinInterval *in = &advice->intervals[i];

      g_test_message ("%s: [%g, %g]", field->name, in->low, in->high);
      g_assert_cmpfloat (in->low, <=, in->high);
      g_assert_true (keeps_at (start, spec, in->low));
      g_assert_true (keeps_at (start, spec, in->high));
      if (in->low > field->slider_min)
        {
          g_assert_true (keeps_at (start, spec, MIN (in->low + step, in->high)));
          g_assert_false (keeps_at (start, spec, in->low - step));
        }
      if (in->high < field->slider_max)
        {
          g_assert_true (keeps_at (start, spec, MAX (in->high - step, in->low)));
          g_assert_false (keeps_at (start, spec, in->high + step));
        }
    }
}

static gboolean
in_advice (const TwinAdvice *advice,
           double            value)
{
  for (guint i = 0; i < advice->n_intervals; i++)
    if (advice->intervals[i].low <= value && value <= advice->intervals[i].high)
      return TRUE;
  return FALSE;
}

typedef struct
{
  const char *path;
  const char *what;
  double      ambient;
  double      rpm_setpoint;
  double      temp_rise;          /* temp_rise_nominal, 0 for the default */
  TwinInput   vary;
  guint       avoid;
  double      rul_hours_min;
  guint       n_intervals;
  double      inside[2];          /* values the advice holds … */
  double      outside;            /* … and one it does not */
} AdviseCase;

static const AdviseCase advise_cases[] = {
  { "/advise/speed-without-warning",
    "No warning and no trip within 10 min: the speeds up to where the temperature reaches the warning",
    22, 1500, 0, TWIN_INPUT_RPM_SETPOINT, TWIN_ALARM_TEMP_WARNING | TWIN_ALARM_TRIPPED, 0,
    1, { 0, 1500 }, 2400 },
  { "/advise/speed-around-the-resonance",
    "A machine that heats little (10 K at nominal speed) trips on vibration alone: the speeds below and "
    "above the 2400 rpm resonance are two intervals (passing through it on the way up does not trip)",
    22, 1500, 10, TWIN_INPUT_RPM_SETPOINT, TWIN_ALARM_TRIPPED, 0,
    2, { 2000, 2800 }, 2400 },
  { "/advise/ambient",
    "The ambient temperatures at which 1700 rpm runs without a warning",
    22, 1700, 0, TWIN_INPUT_AMBIENT, TWIN_ALARM_TEMP_WARNING, 0,
    1, { -20, 20 }, 40 },
  { "/advise/rul",
    "A minimum RUL at the horizon is a condition of its own: a tripped machine at standstill wears slowly",
    22, 1500, 0, TWIN_INPUT_RPM_SETPOINT, 0, 1000,
    2, { 0, 4000 }, 1800 },
};

/* The advice for each case, with its bounds checked by members run here
 * and a few values it must and must not hold. */
static void
test_advise_case (gconstpointer data)
{
  const AdviseCase *c = data;
  g_autofree TwinAdvice *advice = NULL;
  g_autoptr(GError) error = NULL;
  TwinAdviseSpec spec;
  TwinSim sim;

  g_test_summary (c->what);
  sim_at (&sim, c->ambient, c->rpm_setpoint);
  if (c->temp_rise > 0)
    g_assert_true (twin_sim_set_param (&sim, "temp_rise_nominal", c->temp_rise, NULL));
  twin_advise_spec_init (&spec);
  spec.vary = c->vary;
  spec.avoid = c->avoid;
  spec.rul_hours_min = c->rul_hours_min;
  spec.n_members = MEMBERS;
  advice = twin_advise_run (&sim, &spec, 2, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (advice->vary, ==, c->vary);
  g_assert_cmpuint (advice->n_intervals, ==, c->n_intervals);
  for (guint i = 0; i < G_N_ELEMENTS (c->inside); i++)
    g_assert_true (in_advice (advice, c->inside[i]));
  g_assert_false (in_advice (advice, c->outside));
  assert_bounds_hold (&sim, &spec, advice);
}

static void
test_advice_nearest (void)
{
  TwinAdvice advice = { .vary = TWIN_INPUT_RPM_SETPOINT, .n_intervals = 2,
                        .intervals = { { 0, 2300 }, { 2560, 3100 } } };
  TwinAdvice none = { 0 };

  g_assert_cmpfloat (twin_advice_nearest (&advice, 1200), ==, 1200);
  g_assert_cmpfloat (twin_advice_nearest (&advice, 2400), ==, 2300);
  g_assert_cmpfloat (twin_advice_nearest (&advice, 2500), ==, 2560);
  g_assert_cmpfloat (twin_advice_nearest (&advice, 3900), ==, 3100);
  g_assert_true (isnan (twin_advice_nearest (&none, 1000)));
}

static void
test_advise_bad_spec_refused (void)
{
  static const struct {
    TwinInput   vary;
    guint       avoid;
    double      rul_hours_min;
    double      confidence;
    double      horizon;
    guint       n_members;
    const char *message;
  } cases[] = {
    { TWIN_INPUT_TIME_SCALE, 1, 0, 0.9, 600, 64, "vary: input 2; allowed: ambient, rpm_setpoint" },
    { TWIN_INPUT_RPM_SETPOINT, 0x40, 0, 0.9, 600, 64, "avoid: flags 0x40; allowed: alarm flags within 0x1f" },
    { TWIN_INPUT_RPM_SETPOINT, 0, 0, 0.9, 600, 64,
      "avoid: nothing to avoid; allowed: at least one alarm, or rul_hours_min above 0" },
    { TWIN_INPUT_RPM_SETPOINT, 1, -5, 0.9, 600, 64, "rul_hours_min: -5 is out of range; allowed: 0 to 1e+06 h" },
    { TWIN_INPUT_RPM_SETPOINT, 1, 0, 1.5, 600, 64, "confidence: 1.5 is out of range; allowed: above 0 to 1" },
    { TWIN_INPUT_RPM_SETPOINT, 1, 0, 0.9, 10, 64, "horizon: 10 is out of range; allowed: 60 to 86400 s" },
    { TWIN_INPUT_RPM_SETPOINT, 1, 0, 0.9, 600, 0, "ensemble: 0 members; allowed: 1 to 256" },
  };
  TwinSim sim;

  twin_sim_init (&sim);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      TwinAdviseSpec spec = { cases[i].vary, cases[i].avoid, cases[i].rul_hours_min, cases[i].confidence,
                              cases[i].horizon, cases[i].n_members };

      g_assert_null (twin_advise_run (&sim, &spec, 1, NULL, &error));
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

static void
advice_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  TwinAdvice **out = data;

  *out = twin_forecaster_advise_finish (TWIN_FORECASTER (source), result, NULL);
  g_assert_nonnull (*out);
}

static gboolean
arrived (gpointer data)
{
  return *(TwinAdvice **) data != NULL;
}

/* The forecaster advises on a worker, as twin_advise_run() does here. */
static void
test_forecaster_advises (void)
{
  g_autoptr(TwinForecaster) forecaster = twin_forecaster_new ();
  g_autofree TwinAdvice *advice = NULL;
  g_autofree TwinAdvice *direct = NULL;
  TwinAdviseSpec spec;
  TwinSim sim;

  sim_at (&sim, 30, 1800);
  twin_advise_spec_init (&spec);
  spec.n_members = 16;
  twin_forecaster_advise (forecaster, "speed", &sim, &spec, advice_cb, &advice);
  twin_test_wait_until (arrived, &advice, 60, "the advice");
  direct = twin_advise_run (&sim, &spec, 1, NULL, NULL);
  g_assert_cmpmem (advice, sizeof *advice, direct, sizeof *direct);
  g_assert_cmpuint (advice->n_intervals, >=, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (advise_cases); i++)
    g_test_add_data_func (advise_cases[i].path, &advise_cases[i], test_advise_case);
  g_test_add_func ("/advise/nearest", test_advice_nearest);
  g_test_add_func ("/advise/bad-spec-refused", test_advise_bad_spec_refused);
  g_test_add_func ("/forecaster/advises", test_forecaster_advises);

  return g_test_run ();
}
