/* twin-model-physical.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * physical@2: first-order speed, temperature and vibration dynamics with
 * Arrhenius-like wear, integrated with exact exponential steps so that the
 * result is stable for any dt and exact for constant inputs.
 *
 * physical@3: the same, but a machine at standstill does not vibrate (so
 * it does not wear either), and its RUL comes from the wear rate averaged
 * over the last hour of running time.
 */

#include <math.h>

#include "twin-fields.h"
#include "twin-model-private.h"

enum {
  P_TAU_SPEED = TWIN_N_COMMON_PARAMS,
  P_TAU_TEMP,
  P_DT_NOMINAL,
  P_COOLING_FACTOR,
  P_RPM_NOMINAL,
  P_TAU_VIB,
  P_VIB_BASE,
  P_VIB_SPEED,
  P_VIB_RESONANCE,
  P_RESONANCE_RPM,
  P_RESONANCE_WIDTH,
  P_VIB_WEAR,
  P_VIB_BEARING,
  P_WEAR_VIB_REF,
  P_WEAR_TEMP_REF,
  P_WEAR_TEMP_DOUBLING,
  P_WEAR_BEARING_FACTOR,
  P_LIFE_HOURS,
  N_PARAMS
};

static const TwinParamSpec params[] = {
  TWIN_COMMON_PARAM_SPECS,
  { "tau_speed",          "s",    "Speed time constant",                        2.0, 0.01, 1000.0 },
  { "tau_temp",           "s",    "Thermal time constant",                     20.0, 0.1, 100000.0, 0.10 },
  { "temp_rise_nominal",  "K",    "Temperature rise at nominal speed",         43.0, 0.0, 300.0, 0.10 },
  { "cooling_factor",     "",     "Thermal resistance factor when cooling is degraded", 2.5, 1.0, 20.0, 0.10 },
  { "rpm_nominal",        "rpm",  "Nominal speed",                           1500.0, 100.0, 6000.0 },
  { "tau_vibration",      "s",    "Vibration time constant",                    0.5, 0.01, 1000.0 },
  { "vib_base",           "mm/s", "Vibration at standstill",                    0.5, 0.0, 50.0 },
  { "vib_speed",          "mm/s", "Vibration growth with (speed/nominal)²",     1.5, 0.0, 50.0 },
  { "vib_resonance",      "mm/s", "Resonance peak amplitude",                   4.0, 0.0, 50.0 },
  { "resonance_rpm",      "rpm",  "Resonance speed",                         2400.0, 0.0, 6000.0, 0.03 },
  { "resonance_width",    "rpm",  "Resonance half width",                     150.0, 1.0, 3000.0, 0.10 },
  { "vib_wear",           "mm/s", "Vibration added at full wear (× wear²)",     6.0, 0.0, 50.0 },
  { "vib_bearing",        "mm/s", "Bearing defect vibration at nominal speed",  2.5, 0.0, 50.0 },
  { "wear_vib_ref",       "mm/s", "Vibration at which wear runs at the nominal rate", 2.1, 0.1, 50.0 },
  { "wear_temp_ref",      "°C",   "Temperature at which wear runs at the nominal rate", 65.0, -40.0, 300.0 },
  { "wear_temp_doubling", "K",    "Temperature rise that doubles the wear rate", 10.0, 1.0, 100.0 },
  { "wear_bearing_factor", "",    "Wear multiplier with a bearing defect",     10.0, 1.0, 1000.0 },
  { "life_hours",         "h",    "Nominal life at the reference conditions", 2000.0, 1.0, 1e7, 0.30 },
};

_Static_assert (sizeof params / sizeof params[0] == N_PARAMS, "one spec per parameter");
_Static_assert (N_PARAMS <= TWIN_MODEL_MAX_PARAMS, "parameters fit in a context");

enum {
  K_SPEED,          /* 1 - e^(-dt/τω) */
  K_TEMP,           /* 1 - e^(-dt/τT) */
  K_TEMP_DEGRADED,  /* 1 - e^(-dt/(τT·c)) */
  K_VIB,            /* 1 - e^(-dt/τv) */
  K_INV_NOMINAL,    /* 1 / rpm_nominal */
  K_INV_WIDTH,      /* 1 / resonance_width */
  K_INV_VIB_REF2,   /* 1 / wear_vib_ref² */
  K_INV_DOUBLING,   /* 1 / wear_temp_doubling */
  K_INV_LIFE,       /* 1 / (life_hours · 3600) */
  K_RUL_AVERAGE,    /* 1 - e^(-dt/τ_RUL) */
};

/* physical@3: below this speed the vibration fades with it (g(ω) = ω / 300 rpm). */
#define STANDSTILL_RPM 300.0
/* physical@3: the RUL's wear rate is averaged over this much running time,
 * exponentially, and only while the machine runs faster than RUNNING_RPM. */
#define RUL_AVERAGE_TAU 3600.0
#define RUNNING_RPM     30.0

static void
physical_prepare (TwinModelCtx *ctx)
{
  const double *p = ctx->params;
  double dt = ctx->dt;

  ctx->k[K_SPEED] = -expm1 (-dt / p[P_TAU_SPEED]);
  ctx->k[K_TEMP] = -expm1 (-dt / p[P_TAU_TEMP]);
  ctx->k[K_TEMP_DEGRADED] = -expm1 (-dt / (p[P_TAU_TEMP] * p[P_COOLING_FACTOR]));
  ctx->k[K_VIB] = -expm1 (-dt / p[P_TAU_VIB]);
  ctx->k[K_INV_NOMINAL] = 1.0 / p[P_RPM_NOMINAL];
  ctx->k[K_INV_WIDTH] = 1.0 / p[P_RESONANCE_WIDTH];
  ctx->k[K_INV_VIB_REF2] = 1.0 / (p[P_WEAR_VIB_REF] * p[P_WEAR_VIB_REF]);
  ctx->k[K_INV_DOUBLING] = 1.0 / p[P_WEAR_TEMP_DOUBLING];
  ctx->k[K_INV_LIFE] = 1.0 / (p[P_LIFE_HOURS] * 3600.0);
  ctx->k[K_RUL_AVERAGE] = -expm1 (-dt / RUL_AVERAGE_TAU);
}

static inline double
temperature_target (const double     *p,
                    const TwinInputs *in,
                    double            n2)
{
  double c = in->cooling_degraded ? p[P_COOLING_FACTOR] : 1.0;

  return in->ambient + c * p[P_DT_NOMINAL] * n2;
}

static inline double
vibration_target (const double     *p,
                  const double     *k,
                  const TwinInputs *in,
                  double            rpm,
                  double            wear)
{
  double n = rpm * k[K_INV_NOMINAL];
  double x = (rpm - p[P_RESONANCE_RPM]) * k[K_INV_WIDTH];

  return p[P_VIB_BASE]
       + p[P_VIB_SPEED] * (n * n)
       + p[P_VIB_RESONANCE] / (1.0 + x * x)
       + p[P_VIB_WEAR] * wear * wear
       + (in->bearing_defect ? p[P_VIB_BEARING] * n : 0.0);
}

/* physical@3's: what does not come from the speed itself (the floor, the
 * resonance, the wear) fades out below STANDSTILL_RPM. */
static inline double
vibration_target_3 (const double     *p,
                    const double     *k,
                    const TwinInputs *in,
                    double            rpm,
                    double            wear)
{
  double n = rpm * k[K_INV_NOMINAL];
  double x = (rpm - p[P_RESONANCE_RPM]) * k[K_INV_WIDTH];
  double g = fmin (1.0, rpm / STANDSTILL_RPM);

  return g * (p[P_VIB_BASE] + p[P_VIB_RESONANCE] / (1.0 + x * x) + p[P_VIB_WEAR] * wear * wear)
       + p[P_VIB_SPEED] * (n * n)
       + (in->bearing_defect ? p[P_VIB_BEARING] * n : 0.0);
}

static inline double
wear_rate_of (const double     *p,
              const double     *k,
              const TwinInputs *in,
              const TwinState  *s)
{
  return s->vibration * s->vibration * k[K_INV_VIB_REF2]
       * exp2 ((s->temperature - p[P_WEAR_TEMP_REF]) * k[K_INV_DOUBLING])
       * (in->bearing_defect ? p[P_WEAR_BEARING_FACTOR] : 1.0)
       * k[K_INV_LIFE];
}

/* Below this, a value that decays towards 0 (the speed of a stopped
 * machine, a temperature settling at 0 °C) is 0: it would otherwise
 * stall as a subnormal number, which every later step computes with at
 * a fraction of the speed. */
#define TINY 1e-200

static inline double
flush_tiny (double x)
{
  return fabs (x) < TINY ? 0.0 : x;
}

/* @version 3 is a constant in each caller, so each gets its own loop
 * body: physical@2's is the one it always was. */
static inline void
step_version (const TwinModelCtx *ctx,
              TwinState          *s,
              const TwinInputs   *in,
              int                 version)
{
  const double *p = ctx->params;
  const double *k = ctx->k;
  double dt = ctx->dt;
  double setpoint = s->tripped ? 0.0 : in->rpm_setpoint;
  double n = s->rpm * k[K_INV_NOMINAL];
  double t_target = temperature_target (p, in, n * n);
  double v_target = version >= 3 ? vibration_target_3 (p, k, in, s->rpm, s->wear)
                                 : vibration_target (p, k, in, s->rpm, s->wear);
  double wear_rate = wear_rate_of (p, k, in, s);

  if (version >= 3 && s->rpm > RUNNING_RPM)
    s->wear_rate_avg = s->wear_rate_avg > 0.0 ? s->wear_rate_avg + (wear_rate - s->wear_rate_avg) * k[K_RUL_AVERAGE]
                                              : wear_rate;

  s->rpm = flush_tiny (s->rpm + (setpoint - s->rpm) * k[K_SPEED]);
  s->temperature = flush_tiny (s->temperature + (t_target - s->temperature) * k[in->cooling_degraded ? K_TEMP_DEGRADED : K_TEMP]);
  s->vibration = flush_tiny (s->vibration + (v_target - s->vibration) * k[K_VIB]);
  s->wear_rate = wear_rate;
  s->wear = fmin (s->wear + wear_rate * dt, 1.0);
  s->timestamp += dt;

  if (s->vibration >= p[TWIN_PARAM_ZONE_C_MAX])
    s->zone_d_time += dt;
  else
    s->zone_d_time = 0.0;

  if (!s->tripped && s->temperature >= p[TWIN_PARAM_TEMP_TRIP])
    s->trip_cause = TWIN_TRIP_CAUSE_TEMPERATURE;
  else if (!s->tripped && dt > 0.0 && s->zone_d_time >= p[TWIN_PARAM_ZONE_D_TRIP_TIME])
    s->trip_cause = TWIN_TRIP_CAUSE_VIBRATION;
  else
    return;
  s->tripped = true;
}

static void
physical_step (const TwinModelCtx *ctx,
               TwinState          *s,
               const TwinInputs   *in)
{
  step_version (ctx, s, in, 2);
}

static void
physical_3_step (const TwinModelCtx *ctx,
                 TwinState          *s,
                 const TwinInputs   *in)
{
  step_version (ctx, s, in, 3);
}

/* Every lag is first order towards a target that depends on the speed
 * alone (and the wear, held), so the steady state is the targets at the
 * setpoint; a steady state beyond a trip limit trips, and then the
 * setpoint is 0. */
static inline void
steady_version (const TwinModelCtx *ctx,
                TwinState          *s,
                const TwinInputs   *in,
                int                 version)
{
  const double *p = ctx->params;
  const double *k = ctx->k;

  for (int pass = 0; pass < 2; pass++)
    {
      double rpm = s->tripped ? 0.0 : in->rpm_setpoint;
      double n = rpm * k[K_INV_NOMINAL];

      s->rpm = rpm;
      s->temperature = temperature_target (p, in, n * n);
      s->vibration = version >= 3 ? vibration_target_3 (p, k, in, rpm, s->wear)
                                  : vibration_target (p, k, in, rpm, s->wear);
      s->zone_d_time = 0.0;
      if (s->tripped ||
          !(s->temperature >= p[TWIN_PARAM_TEMP_TRIP] || s->vibration >= p[TWIN_PARAM_ZONE_C_MAX]))
        break;
      s->tripped = true;
      s->trip_cause = s->temperature >= p[TWIN_PARAM_TEMP_TRIP] ? TWIN_TRIP_CAUSE_TEMPERATURE
                                                                : TWIN_TRIP_CAUSE_VIBRATION;
    }
  s->wear_rate = wear_rate_of (p, k, in, s);
  /* Running steadily, the average has become the rate; stopped, it holds. */
  if (version >= 3 && s->rpm > RUNNING_RPM)
    s->wear_rate_avg = s->wear_rate;
}

static void
physical_steady (const TwinModelCtx *ctx,
                 TwinState          *s,
                 const TwinInputs   *in)
{
  steady_version (ctx, s, in, 2);
}

static void
physical_3_steady (const TwinModelCtx *ctx,
                   TwinState          *s,
                   const TwinInputs   *in)
{
  steady_version (ctx, s, in, 3);
}

/* Speed within this of its target counts as there: the temperature's and
 * the vibration's targets then hold to about 1e-9 of their values. */
#define SETTLED_RPM 1e-6

/* Each lag is an exact exponential towards its target, and the targets
 * depend on the speed (and the wear, which moves slowly): once the speed
 * has reached its target, a long step is many short ones. */
static bool
physical_settled (const TwinModelCtx *ctx,
                  const TwinState    *s,
                  const TwinInputs   *in)
{
  double setpoint = s->tripped ? 0.0 : in->rpm_setpoint;

  return fabs (s->rpm - setpoint) <= SETTLED_RPM;
}

const TwinModel twin_model_physical_2 = {
  .id = "physical@2",
  .name = "physical",
  .version = 2,
  .description = TWIN_N_ ("First-order thermal, speed and vibration dynamics with wear and protection"),
  .features = TWIN_MODEL_FEATURE_FAULTS | TWIN_MODEL_FEATURE_WEAR | TWIN_MODEL_FEATURE_PROTECTION,
  .dt = 0.01,
  .n_params = N_PARAMS,
  .params = params,
  .initial = {
    .temperature = 65.0,
    .vibration = 2.1,
    .rpm = 1500.0,
  },
  .prepare = physical_prepare,
  .step = physical_step,
  .steady = physical_steady,
  .settled = physical_settled,
};

const TwinModel twin_model_physical_3 = {
  .id = "physical@3",
  .name = "physical",
  .version = 3,
  .description = TWIN_N_ ("As physical@2, but a machine at standstill neither vibrates nor wears, and the "
                          "remaining life comes from the wear rate of the last hour of running"),
  .features = TWIN_MODEL_FEATURE_FAULTS | TWIN_MODEL_FEATURE_WEAR | TWIN_MODEL_FEATURE_PROTECTION |
              TWIN_MODEL_FEATURE_RUL_AVERAGED,
  .dt = 0.01,
  .n_params = N_PARAMS,
  .params = params,
  .initial = {
    .temperature = 65.0,
    .vibration = 2.1,
    .rpm = 1500.0,
  },
  .prepare = physical_prepare,
  .step = physical_3_step,
  .steady = physical_3_steady,
  .settled = physical_settled,
};
