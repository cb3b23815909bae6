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

  /* physical@3: what does not come from the speed fades out below 300 rpm. */
  double g = m->version >= 3 ? fmin (1.0, rpm / 300.0) : 1.0;

  return g * (param (ctx, m, "vib_base")
              + param (ctx, m, "vib_resonance") / (1 + x * x)
              + param (ctx, m, "vib_wear") * wear * wear)
       + param (ctx, m, "vib_speed") * n * n
       + (bearing ? param (ctx, m, "vib_bearing") * n : 0);
}

static void
test_registry (void)
{
  g_assert_cmpuint (twin_model_registry_count (), >=, 2);
  g_assert_true (twin_model_default () == twin_model_lookup ("physical@3"));
  g_assert_nonnull (twin_model_lookup ("tutorial@1"));
  g_assert_nonnull (twin_model_lookup ("physical@3"));
  g_assert_null (twin_model_lookup ("physical@4"));
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
test_analytic_speed (gconstpointer id)
{
  const TwinModel *m = twin_model_lookup (id);
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
test_analytic_temperature (gconstpointer id)
{
  const TwinModel *m = twin_model_lookup (id);
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
test_analytic_vibration_and_wear (gconstpointer id)
{
  const TwinModel *m = twin_model_lookup (id);
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
test_steady_states (gconstpointer id)
{
  const TwinModel *m = twin_model_lookup (id);
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
test_trip_temperature (gconstpointer id)
{
  const TwinModel *m = twin_model_lookup (id);
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
test_trip_vibration (gconstpointer id)
{
  const TwinModel *m = twin_model_lookup (id);
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

/* A run through a trip, a stop and a restart with faults, against the
 * figures physical@2 gave before physical@3 existed (C99 hex floats). */
static void
test_p2_bit_for_bit (void)
{
  const TwinModel *m = twin_model_lookup ("physical@2");
  TwinModelCtx ctx;
  TwinInputs in;
  TwinState s;

  twin_model_ctx_init (&ctx, m, NULL, m->dt);
  twin_model_initial_state (m, &s);
  twin_inputs_init (&in);
  in.rpm_setpoint = 2300;
  in.ambient = 35;
  in.bearing_defect = TRUE;
  for (int i = 0; i < 30000; i++)
    {
      if (i == 10000)
        {
          in.rpm_setpoint = 0;
          in.cooling_degraded = TRUE;
        }
      if (i == 20000)
        in.rpm_setpoint = 2600;
      twin_model_step (m, &ctx, &s, &in);
    }

  g_assert_cmpfloat (s.temperature, ==, 0x1.181ec83ce9988p+5);
  g_assert_cmpfloat (s.vibration, ==, 0x1.07f9d6b64c9fcp-1);
  g_assert_cmpfloat (s.rpm, ==, 0x1.d2798824f5a57p-197);
  g_assert_cmpfloat (s.wear, ==, 0x1.8d6e2403058e9p-10);
  g_assert_cmpfloat (s.wear_rate, ==, 0x1.67f0a1723f20bp-27);
  g_assert_cmpfloat (s.timestamp, ==, 0x1.2bffffffff737p+8);
  g_assert_cmpfloat (s.zone_d_time, ==, 0);
  g_assert_true (s.tripped);
  g_assert_cmpint (s.trip_cause, ==, TWIN_TRIP_CAUSE_VIBRATION);
}

static void
test_p3_standstill (void)
{
  const TwinModel *p3 = twin_model_lookup ("physical@3");
  const TwinModel *p2 = twin_model_lookup ("physical@2");
  TwinModelCtx ctx;
  TwinInputs in;
  TwinState s;
  double zone_a;

  twin_model_ctx_init (&ctx, p3, NULL, p3->dt);
  zone_a = param (&ctx, p3, "zone_a_max");
  twin_inputs_init (&in);
  in.rpm_setpoint = 0;

  /* Stopped from the nominal state: an hour later it is still. */
  twin_model_initial_state (p3, &s);
  run (p3, &ctx, &s, &in, 3600.0);
  g_assert_cmpfloat (s.rpm, ==, 0);
  g_assert_cmpfloat (s.vibration, ==, 0);
  g_assert_cmpfloat (s.vibration, <, zone_a);
  g_assert_cmpfloat (s.wear_rate, ==, 0);
  {
    double wear = s.wear;

    run (p3, &ctx, &s, &in, 3600.0);
    g_assert_cmpfloat (s.wear, ==, wear);
  }

  /* Its steady state at 0 rpm, even worn and with a bearing defect. */
  twin_model_initial_state (p3, &s);
  s.wear = 0.5;
  in.bearing_defect = TRUE;
  twin_model_steady (p3, &ctx, &s, &in);
  g_assert_cmpfloat (s.vibration, ==, 0);
  g_assert_cmpfloat (s.wear_rate, ==, 0);

  /* physical@2 vibrates at standstill, and wears. */
  twin_model_ctx_init (&ctx, p2, NULL, p2->dt);
  twin_model_steady (p2, &ctx, &s, &in);
  g_assert_cmpfloat (s.vibration, >, 0.5);
  g_assert_cmpfloat (s.wear_rate, >, 0);
}

static void
test_p3_nominal_as_p2 (void)
{
  const TwinModel *models[] = { twin_model_lookup ("physical@2"), twin_model_lookup ("physical@3") };
  TwinState steady[2], run600[2];

  for (guint i = 0; i < 2; i++)
    {
      TwinModelCtx ctx;
      TwinInputs in;

      twin_model_ctx_init (&ctx, models[i], NULL, models[i]->dt);
      twin_inputs_init (&in);
      g_assert_cmpfloat (in.rpm_setpoint, ==, 1500);
      g_assert_cmpfloat (in.ambient, ==, 22);
      twin_model_initial_state (models[i], &steady[i]);
      twin_model_steady (models[i], &ctx, &steady[i], &in);
      twin_model_initial_state (models[i], &run600[i]);
      run (models[i], &ctx, &run600[i], &in, 600.0);
    }

  /* DESIGN.md's 65 °C and 2.1 mm/s, both. */
  assert_rel (steady[1].temperature, 65.0, 1e-12);
  g_assert_cmpfloat (fabs (steady[1].vibration - 2.1), <, 0.01);
  assert_rel (steady[1].temperature, steady[0].temperature, 1e-12);
  assert_rel (steady[1].vibration, steady[0].vibration, 1e-12);
  assert_rel (steady[1].rpm, steady[0].rpm, 1e-12);
  assert_rel (steady[1].wear_rate, steady[0].wear_rate, 1e-12);
  assert_rel (run600[1].temperature, run600[0].temperature, 1e-12);
  assert_rel (run600[1].vibration, run600[0].vibration, 1e-12);
  assert_rel (run600[1].wear, run600[0].wear, 1e-9);
}

/* RUL just before a stop and ten minutes into it. */
static void
rul_around_stop (const TwinModel *m,
                 double          *before,
                 double          *after)
{
  TwinModelCtx ctx;
  TwinInputs in;
  TwinState s;

  twin_model_ctx_init (&ctx, m, NULL, m->dt);
  twin_model_initial_state (m, &s);
  twin_inputs_init (&in);
  run (m, &ctx, &s, &in, 2 * 3600.0);
  *before = twin_model_rul_hours (m, &s);
  in.rpm_setpoint = 0;
  run (m, &ctx, &s, &in, 600.0);
  *after = twin_model_rul_hours (m, &s);
}

static void
test_p3_rul_at_stop (void)
{
  double before, after;

  rul_around_stop (twin_model_lookup ("physical@3"), &before, &after);
  g_assert_cmpfloat (before, >, 1000);
  g_assert_cmpfloat (before, <, TWIN_RUL_HOURS_MAX);
  assert_rel (after, before, 0.01);

  /* What it fixes: physical@2's RUL jumps by orders of magnitude. */
  rul_around_stop (twin_model_lookup ("physical@2"), &before, &after);
  g_assert_cmpfloat (after, >, 100 * before);
}

static void
test_p3_rul_average (void)
{
  const TwinModel *m = twin_model_lookup ("physical@3");
  TwinModelCtx ctx;
  TwinInputs in;
  TwinState s;
  double nominal_rate, fast_rate, expected;

  twin_model_ctx_init (&ctx, m, NULL, m->dt);
  twin_inputs_init (&in);

  /* At the nominal steady state the average is the rate: RUL = 1/rate. */
  twin_model_initial_state (m, &s);
  twin_model_steady (m, &ctx, &s, &in);
  nominal_rate = s.wear_rate;
  g_assert_cmpfloat (s.wear_rate_avg, ==, nominal_rate);
  assert_rel (twin_model_rul_hours (m, &s), (1 - s.wear) / nominal_rate / 3600.0, 1e-12);

  /* A step to 1800 rpm: after the transient (seconds to a minute) the
   * average follows the new rate with τ = 1 h of running. */
  in.rpm_setpoint = 1800;
  {
    TwinState settled = s;

    twin_model_steady (m, &ctx, &settled, &in);
    fast_rate = settled.wear_rate;
  }
  run (m, &ctx, &s, &in, 3600.0);
  expected = fast_rate + (nominal_rate - fast_rate) * exp (-1.0);
  assert_rel (s.wear_rate_avg, expected, 0.02);
  assert_rel (twin_model_rul_hours (m, &s), (1 - s.wear) / s.wear_rate_avg / 3600.0, 1e-12);
}

int
main (int   argc,
      char *argv[])
{
  static const char * const physical_ids[] = { "physical@2", "physical@3" };

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/model/registry/ids-parameters-and-defaults", test_registry);
  g_test_add_func ("/model/params/clamped-to-their-range", test_params_clamped);
  for (guint i = 0; i < G_N_ELEMENTS (physical_ids); i++)
    {
      const char *id = physical_ids[i];
      struct { const char *path; GTestDataFunc func; } tests[] = {
        { "speed-as-analytic", test_analytic_speed },
        { "temperature-as-analytic", test_analytic_temperature },
        { "vibration-and-wear-as-analytic", test_analytic_vibration_and_wear },
        { "steady-states-as-designed", test_steady_states },
        { "trip/at-105-degrees", test_trip_temperature },
        { "trip/after-10-s-in-zone-d", test_trip_vibration },
      };

      for (guint k = 0; k < G_N_ELEMENTS (tests); k++)
        {
          g_autofree char *path = g_strdup_printf ("/model/%s/%s", id, tests[k].path);

          g_test_add_data_func (path, id, tests[k].func);
        }
    }
  g_test_add_func ("/model/physical@3/standstill-neither-vibrates-nor-wears", test_p3_standstill);
  g_test_add_func ("/model/physical@3/nominal-steady-state-is-physical@2-s", test_p3_nominal_as_p2);
  g_test_add_func ("/model/physical@3/rul-does-not-jump-when-the-machine-stops", test_p3_rul_at_stop);
  g_test_add_func ("/model/physical@3/rul-from-the-running-average", test_p3_rul_average);
  g_test_add_func ("/model/physical@2/unchanged-bit-for-bit", test_p2_bit_for_bit);
  g_test_add_func ("/model/tutorial/bit-exact-to-the-original", test_tutorial_bit_exact);
  g_test_add_func ("/model/hostile-inputs-stay-finite-and-in-bounds", test_hostile_inputs);

  return g_test_run ();
}
