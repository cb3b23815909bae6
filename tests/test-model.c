/* test-model.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Links the model layer alone: it needs no GLib (GLib is only the test
 * harness here).
 */

#include <glib.h>
#include <float.h>
#include <math.h>

#include "twin-model.h"

static const TwinModel *
physical (void)
{
  const TwinModel *model = twin_model_lookup ("physical@2");

  g_assert_nonnull (model);
  return model;
}

static double
param (const TwinModelCtx *ctx,
       const TwinModel    *model,
       const char         *name)
{
  int i = twin_model_find_param (model, name);

  g_assert_cmpint (i, >=, 0);
  return ctx->params[i];
}

/* Runs @model from @state for @seconds at its own step. */
static void
run (const TwinModel    *model,
     const TwinModelCtx *ctx,
     TwinState          *state,
     const TwinInputs   *inputs,
     double              seconds)
{
  long n = lround (seconds / ctx->dt);

  for (long i = 0; i < n; i++)
    twin_model_step (model, ctx, state, inputs);
}

static void
assert_rel (double actual,
            double expected,
            double tolerance)
{
  double rel = fabs (actual - expected) / fmax (fabs (expected), 1e-12);

  if (rel > tolerance)
    g_error ("%.9g differs from %.9g by %.3g relative (allowed %.3g)",
             actual, expected, rel, tolerance);
}

static double
vib_target (const TwinModelCtx *ctx,
            const TwinModel    *m,
            double              rpm,
            double              wear,
            gboolean            bearing)
{
  double n = rpm / param (ctx, m, "rpm_nominal");
  double x = (rpm - param (ctx, m, "resonance_rpm")) / param (ctx, m, "resonance_width");

  return param (ctx, m, "vib_base")
       + param (ctx, m, "vib_speed") * n * n
       + param (ctx, m, "vib_resonance") / (1 + x * x)
       + param (ctx, m, "vib_wear") * wear * wear
       + (bearing ? param (ctx, m, "vib_bearing") * n : 0);
}

static void
test_registry (void)
{
  g_assert_cmpuint (twin_model_registry_count (), >=, 2);
  g_assert_true (twin_model_default () == physical ());
  g_assert_nonnull (twin_model_lookup ("tutorial@1"));
  g_assert_null (twin_model_lookup ("physical@3"));
  g_assert_null (twin_model_lookup (NULL));
  g_assert_cmpfloat (physical ()->dt, ==, 0.01);
  g_assert_cmpfloat (twin_model_lookup ("tutorial@1")->dt, ==, 0.5);

  for (size_t i = 0; i < twin_model_registry_count (); i++)
    {
      const TwinModel *m = twin_model_registry_get (i);
      g_autofree char *id = g_strdup_printf ("%s@%d", m->name, m->version);

      g_assert_cmpstr (m->id, ==, id);
      g_assert_cmpuint (m->n_params, >=, TWIN_N_COMMON_PARAMS);
      g_assert_cmpstr (m->params[TWIN_PARAM_TEMP_TRIP].name, ==, "temp_trip");
      g_assert_cmpfloat (m->params[TWIN_PARAM_TEMP_WARNING].default_value, ==, 85);
      g_assert_cmpfloat (m->params[TWIN_PARAM_TEMP_TRIP].default_value, ==, 105);
      g_assert_cmpfloat (m->params[TWIN_PARAM_ZONE_A_MAX].default_value, ==, 2.3);
      g_assert_cmpfloat (m->params[TWIN_PARAM_ZONE_B_MAX].default_value, ==, 4.5);
      g_assert_cmpfloat (m->params[TWIN_PARAM_ZONE_C_MAX].default_value, ==, 7.1);
      g_assert_cmpfloat (m->params[TWIN_PARAM_ZONE_D_TRIP_TIME].default_value, ==, 10);

      for (size_t p = 0; p < m->n_params; p++)
        {
          const TwinParamSpec *spec = &m->params[p];

          g_assert_nonnull (spec->name);
          g_assert_nonnull (spec->unit);
          g_assert_cmpfloat (spec->min, <=, spec->default_value);
          g_assert_cmpfloat (spec->default_value, <=, spec->max);
          g_assert_cmpint (twin_model_find_param (m, spec->name), ==, (int)p);
        }
    }
}

static void
test_params_clamped (void)
{
  const TwinModel *m = physical ();
  double params[TWIN_MODEL_MAX_PARAMS];
  TwinModelCtx ctx;

  for (size_t i = 0; i < m->n_params; i++)
    params[i] = m->params[i].default_value;
  params[twin_model_find_param (m, "tau_speed")] = NAN;
  params[twin_model_find_param (m, "tau_temp")] = -5;
  params[twin_model_find_param (m, "temp_trip")] = 1e300;

  twin_model_ctx_init (&ctx, m, params, 0.01);
  g_assert_cmpfloat (param (&ctx, m, "tau_speed"), ==, 2.0);
  g_assert_cmpfloat (param (&ctx, m, "tau_temp"), ==, m->params[twin_model_find_param (m, "tau_temp")].min);
  g_assert_cmpfloat (param (&ctx, m, "temp_trip"), ==, 300.0);
}

static void
test_analytic_speed (void)
{
  const TwinModel *m = physical ();
  TwinModelCtx ctx;
  TwinInputs in;
  TwinState s;
  double t = 0;

  twin_model_ctx_init (&ctx, m, NULL, m->dt);
  twin_model_initial_state (m, &s);
  twin_inputs_init (&in);
  in.rpm_setpoint = 2000;

  for (int k = 1; k <= 5; k++)
    {
      run (m, &ctx, &s, &in, 1.0);
      t += 1.0;
      assert_rel (s.rpm, 2000 - 500 * exp (-t / 2.0), 1e-3);
    }
}

static void
test_analytic_temperature (void)
{
  const TwinModel *m = physical ();
  struct { double ambient; gboolean degraded; } cases[] = {
    { 40.0, FALSE }, { -10.0, FALSE }, { 22.0, TRUE },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      TwinModelCtx ctx;
      TwinInputs in;
      TwinState s;
      double cf, target, tau;

      twin_model_ctx_init (&ctx, m, NULL, m->dt);
      twin_model_initial_state (m, &s);
      twin_inputs_init (&in);
      in.ambient = cases[c].ambient;
      in.cooling_degraded = cases[c].degraded;
      cf = cases[c].degraded ? param (&ctx, m, "cooling_factor") : 1.0;
      target = in.ambient + cf * 43.0;
      tau = 20.0 * cf;

      for (int k = 1; k <= 20; k++)
        {
          double t = k * 1.0;
          double expected = target + (65.0 - target) * exp (-t / tau);

          run (m, &ctx, &s, &in, 1.0);
          if (expected >= 105)
            break;
          assert_rel (s.temperature, expected, 1e-3);
        }
    }
}

static void
test_analytic_vibration_and_wear (void)
{
  const TwinModel *m = physical ();
  TwinModelCtx ctx;
  TwinInputs in;
  TwinState s;
  double v_star, rate;

  twin_model_ctx_init (&ctx, m, NULL, m->dt);
  twin_model_initial_state (m, &s);
  twin_inputs_init (&in);
  in.bearing_defect = TRUE;
  v_star = vib_target (&ctx, m, 1500, 0, TRUE);

  for (int k = 1; k <= 10; k++)
    {
      run (m, &ctx, &s, &in, 0.1);
      assert_rel (s.vibration, v_star + (2.1 - v_star) * exp (-k * 0.1 / 0.5), 1e-3);
    }

  /* At the steady state the wear rate is constant: w grows linearly. */
  in.bearing_defect = FALSE;
  twin_model_initial_state (m, &s);
  s.vibration = vib_target (&ctx, m, 1500, 0, FALSE);
  rate = pow (s.vibration / 2.1, 2) / (2000.0 * 3600.0);
  run (m, &ctx, &s, &in, 100.0);
  assert_rel (s.wear, rate * 100.0, 1e-3);
  assert_rel (twin_state_rul_hours (&s), (1 - s.wear) / rate / 3600.0, 1e-3);
}

static void
test_steady_states (void)
{
  const TwinModel *m = physical ();
  struct { double rpm, ambient; gboolean bearing; } cases[] = {
    { 1500, 22, FALSE }, { 1000, 22, FALSE }, { 1500, -20, FALSE },
    { 1800, 10, FALSE }, { 1500, 22, TRUE }, { 0, 30, FALSE },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      TwinModelCtx ctx;
      TwinInputs in;
      TwinState s;
      double n = cases[c].rpm / 1500.0;

      twin_model_ctx_init (&ctx, m, NULL, m->dt);
      twin_model_initial_state (m, &s);
      twin_inputs_init (&in);
      in.rpm_setpoint = cases[c].rpm;
      in.ambient = cases[c].ambient;
      in.bearing_defect = cases[c].bearing;
      run (m, &ctx, &s, &in, 600.0);

      g_assert_false (s.tripped);
      assert_rel (s.rpm + 1, cases[c].rpm + 1, 1e-6);
      assert_rel (s.temperature, cases[c].ambient + 43.0 * n * n, 1e-6);
      assert_rel (s.vibration, vib_target (&ctx, m, cases[c].rpm, s.wear, cases[c].bearing), 1e-6);
    }

  /* DESIGN.md's headline figures. */
  {
    TwinModelCtx ctx;

    twin_model_ctx_init (&ctx, m, NULL, m->dt);
    g_assert_cmpfloat (fabs (vib_target (&ctx, m, 1500, 0, FALSE) - 2.1), <, 0.01);
  }
}

static void
test_trip_temperature (void)
{
  const TwinModel *m = physical ();
  TwinModelCtx ctx;
  TwinInputs in;
  TwinState s;
  double expected_t;

  twin_model_ctx_init (&ctx, m, NULL, m->dt);
  twin_model_initial_state (m, &s);
  twin_inputs_init (&in);
  in.cooling_degraded = TRUE;

  /* T(t) = 129.5 - 64.5 e^(-t/50) reaches 105 at t = 50 ln(64.5/24.5). */
  expected_t = 50.0 * log (64.5 / 24.5);
  while (!s.tripped && s.timestamp < 1000)
    twin_model_step (m, &ctx, &s, &in);

  g_assert_true (s.tripped);
  g_assert_cmpfloat (fabs (s.timestamp - expected_t), <, 0.1);

  /* Latched: the setpoint no longer drives the machine. */
  run (m, &ctx, &s, &in, 60.0);
  g_assert_true (s.tripped);
  g_assert_cmpfloat (s.rpm, <, 1.0);
}

static void
test_trip_vibration (void)
{
  const TwinModel *m = physical ();
  TwinModelCtx ctx;
  TwinInputs in;
  TwinState s;
  double entered = -1;

  twin_model_ctx_init (&ctx, m, NULL, m->dt);
  twin_model_initial_state (m, &s);
  twin_inputs_init (&in);
  in.rpm_setpoint = 2400;

  while (!s.tripped && s.timestamp < 100)
    {
      twin_model_step (m, &ctx, &s, &in);
      if (entered < 0 && s.vibration >= 7.1)
        entered = s.timestamp;
    }

  g_assert_true (s.tripped);
  g_assert_cmpfloat (entered, >, 0);
  g_assert_cmpfloat (s.temperature, <, 105);
  g_assert_cmpfloat (fabs (s.timestamp - (entered + 10.0)), <, 0.02);
}

static void
test_tutorial_bit_exact (void)
{
  const TwinModel *m = twin_model_lookup ("tutorial@1");
  g_autoptr(GRand) rand = g_rand_new_with_seed (1234);
  TwinModelCtx ctx;
  TwinInputs in;
  TwinState s;
  double T = 65.0, vib = 2.1, rpm = 1500.0, ts = 0.0;
  guint truncations = 0;

  twin_model_ctx_init (&ctx, m, NULL, m->dt);
  twin_model_initial_state (m, &s);
  twin_inputs_init (&in);

  for (int i = 0; i < 10000; i++)
    {
      double exact;

      if (i % 200 == 0)
        {
          in.rpm_setpoint = floor (g_rand_double_range (rand, 0, 4000)) + 0.5;
          in.ambient = g_rand_double_range (rand, -40, 80);
        }

      /* The tutorial's loop body, written out again independently. */
      T = T + (in.ambient - T) * 0.05 * 0.5;
      vib = vib + (rpm - 1500) * 0.001;
      if (vib < 0.5)
        vib = 0.5;
      exact = rpm * 0.999 + in.rpm_setpoint * 0.001;
      rpm = (double)(long long)exact;
      if (rpm != exact)
        truncations++;
      ts = ts + 0.5;
      if (vib > TWIN_VIBRATION_MAX)
        vib = TWIN_VIBRATION_MAX;

      twin_model_step (m, &ctx, &s, &in);

      g_assert_cmpfloat (s.temperature, ==, T);
      g_assert_cmpfloat (s.vibration, ==, vib);
      g_assert_cmpfloat (s.rpm, ==, rpm);
      g_assert_cmpfloat (s.timestamp, ==, ts);
      g_assert_cmpfloat (s.rpm, ==, trunc (s.rpm));
    }

  g_assert_cmpuint (truncations, >, 5000);
}

static double
hostile (GRand *rand)
{
  static const double pool[] = {
    NAN, -NAN, INFINITY, -INFINITY, 1e308, -1e308, DBL_MAX, -DBL_MAX,
    DBL_MIN, -DBL_MIN, 0.0, -0.0, 1e-320, 4e3, 1e6, -273.15,
  };
  guint pick = g_rand_int_range (rand, 0, G_N_ELEMENTS (pool) + 4);

  if (pick < G_N_ELEMENTS (pool))
    return pool[pick];

  return g_rand_double_range (rand, -1e4, 1e4);
}

static void
assert_in_bounds (const TwinState *s)
{
  g_assert_true (isfinite (s->temperature) && s->temperature >= TWIN_TEMPERATURE_MIN && s->temperature <= TWIN_TEMPERATURE_MAX);
  g_assert_true (isfinite (s->vibration) && s->vibration >= TWIN_VIBRATION_MIN && s->vibration <= TWIN_VIBRATION_MAX);
  g_assert_true (isfinite (s->rpm) && s->rpm >= TWIN_RPM_MIN && s->rpm <= TWIN_RPM_MAX);
  g_assert_true (isfinite (s->wear) && s->wear >= 0 && s->wear <= 1);
  g_assert_true (isfinite (s->timestamp) && s->timestamp >= 0);
  g_assert_true (isfinite (s->wear_rate) && s->wear_rate >= 0);
  g_assert_true (isfinite (twin_state_rul_hours (s)));
}

static void
test_hostile_inputs (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  double params[TWIN_MODEL_MAX_PARAMS];
  TwinModelCtx ctx;
  TwinState s = { 0 };

  for (guint i = 0; i < 1000000; i++)
    {
      const TwinModel *m = twin_model_registry_get ((i / 64) % twin_model_registry_count ());
      TwinInputs in;

      /* A new context (with hostile dt and parameters) now and then; the
       * state carries over, so hostile values compound. */
      if (i % 64 == 0)
        {
          for (size_t p = 0; p < m->n_params; p++)
            params[p] = g_rand_boolean (rand) ? hostile (rand) : m->params[p].default_value;
          twin_model_ctx_init (&ctx, m, params, hostile (rand));
        }
      else if (i % 64 == 32)
        twin_model_ctx_init (&ctx, m, NULL, m->dt);

      if (g_rand_int_range (rand, 0, 4) == 0)
        {
          s.temperature = hostile (rand);
          s.vibration = hostile (rand);
          s.rpm = hostile (rand);
          s.wear = hostile (rand);
          s.wear_rate = hostile (rand);
          s.timestamp = hostile (rand);
          s.zone_d_time = hostile (rand);
        }

      in.ambient = hostile (rand);
      in.rpm_setpoint = hostile (rand);
      in.cooling_degraded = g_rand_boolean (rand);
      in.bearing_defect = g_rand_boolean (rand);

      twin_model_step (m, &ctx, &s, &in);
      assert_in_bounds (&s);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/model/registry/ids-parameters-and-defaults", test_registry);
  g_test_add_func ("/model/params/clamped-to-their-range", test_params_clamped);
  g_test_add_func ("/model/physical/speed-as-analytic", test_analytic_speed);
  g_test_add_func ("/model/physical/temperature-as-analytic", test_analytic_temperature);
  g_test_add_func ("/model/physical/vibration-and-wear-as-analytic", test_analytic_vibration_and_wear);
  g_test_add_func ("/model/physical/steady-states-as-designed", test_steady_states);
  g_test_add_func ("/model/physical/trip/at-105-degrees", test_trip_temperature);
  g_test_add_func ("/model/physical/trip/after-10-s-in-zone-d", test_trip_vibration);
  g_test_add_func ("/model/tutorial/bit-exact-to-the-original", test_tutorial_bit_exact);
  g_test_add_func ("/model/hostile-inputs-stay-finite-and-in-bounds", test_hostile_inputs);

  return g_test_run ();
}
