/* twin-model.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The physics of the machine: plain C11 and libm, no GLib, so that it can be
 * fuzzed, benchmarked and reused without the rest of Twinscope.
 */

#pragma once

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Valid ranges of the inputs, enforced wherever an input enters. */
#define TWIN_AMBIENT_MIN      (-40.0)
#define TWIN_AMBIENT_MAX      80.0
#define TWIN_RPM_SETPOINT_MIN 0.0
#define TWIN_RPM_SETPOINT_MAX 4000.0

/* Physical bounds every state is clamped to. */
#define TWIN_TEMPERATURE_MIN  (-60.0)
#define TWIN_TEMPERATURE_MAX  400.0
#define TWIN_VIBRATION_MIN    0.0
#define TWIN_VIBRATION_MAX    100.0
#define TWIN_RPM_MIN          0.0
#define TWIN_RPM_MAX          6000.0
#define TWIN_WEAR_MIN         0.0
#define TWIN_WEAR_MAX         1.0
#define TWIN_TIMESTAMP_MAX    1e12
#define TWIN_RUL_HOURS_MAX    1e6

#define TWIN_MODEL_MAX_PARAMS 32

typedef struct
{
  double ambient;        /* °C */
  double rpm_setpoint;   /* rpm */
  bool   cooling_degraded;
  bool   bearing_defect;
} TwinInputs;

/* What tripped the machine. */
typedef enum
{
  TWIN_TRIP_CAUSE_NONE,
  TWIN_TRIP_CAUSE_TEMPERATURE,
  TWIN_TRIP_CAUSE_VIBRATION,
} TwinTripCause;

typedef struct
{
  double temperature;    /* °C */
  double vibration;      /* mm/s RMS */
  double rpm;            /* rpm */
  double wear;           /* 0..1 */
  double wear_rate;      /* 1/s, as of the last step */
  double timestamp;      /* simulated s since start */
  double zone_d_time;    /* simulated s spent in vibration zone D */
  double wear_rate_avg;  /* 1/s, averaged over running time (models that average it) */
  bool   tripped;
  TwinTripCause trip_cause; /* set by the step that trips, cleared with the latch */
} TwinState;

typedef enum
{
  TWIN_ZONE_A,
  TWIN_ZONE_B,
  TWIN_ZONE_C,
  TWIN_ZONE_D,
} TwinZone;

/* Parameters every model has, at these indices, so that alarms and
 * protection read them the same way whatever the model. */
typedef enum
{
  TWIN_PARAM_TEMP_WARNING,
  TWIN_PARAM_TEMP_TRIP,
  TWIN_PARAM_ZONE_A_MAX,
  TWIN_PARAM_ZONE_B_MAX,
  TWIN_PARAM_ZONE_C_MAX,
  TWIN_PARAM_ZONE_D_TRIP_TIME,
  TWIN_N_COMMON_PARAMS
} TwinCommonParam;

typedef struct
{
  const char *name;
  const char *unit;
  const char *description;
  double      default_value;
  double      min;
  double      max;
  double      spread;        /* relative uncertainty: ensemble members draw within ±spread */
} TwinParamSpec;

/* Step coefficients derived once from (params, dt), so that a step costs
 * no exp() of constants. */
typedef struct
{
  double params[TWIN_MODEL_MAX_PARAMS];
  double dt;
  double k[16];
} TwinModelCtx;

/* What a model models, for whoever shows it. */
typedef enum
{
  TWIN_MODEL_FEATURE_FAULTS        = 1 << 0,  /* the faults change anything */
  TWIN_MODEL_FEATURE_WEAR          = 1 << 1,  /* wear and RUL are modelled */
  TWIN_MODEL_FEATURE_PROTECTION    = 1 << 2,  /* the protection trips (zone D timer included) */
  TWIN_MODEL_FEATURE_RUL_AVERAGED  = 1 << 3,  /* RUL reads wear_rate_avg, not wear_rate */
} TwinModelFeature;

typedef struct _TwinModel TwinModel;

struct _TwinModel
{
  const char          *id;          /* "name@version" */
  const char          *name;
  int                  version;
  const char          *description;
  unsigned             features;    /* TwinModelFeature flags */
  double               dt;          /* the model's own fixed step, s */
  size_t               n_params;
  const TwinParamSpec *params;
  TwinState            initial;
  void               (*prepare) (TwinModelCtx     *ctx);
  void               (*step)    (const TwinModelCtx *ctx,
                                 TwinState          *state,
                                 const TwinInputs   *inputs);
  /* Where constant @inputs lead from @state at its wear: speed,
   * temperature, vibration (and the trip, when they reach it). */
  void               (*steady)  (const TwinModelCtx *ctx,
                                 TwinState          *state,
                                 const TwinInputs   *inputs);
  /* Whether, from @state, one step of n·dt now gives what n steps of dt
   * give (but for the wear's sum), while the inputs hold; NULL: never. */
  bool               (*settled) (const TwinModelCtx *ctx,
                                 const TwinState    *state,
                                 const TwinInputs   *inputs);
};

size_t           twin_model_registry_count (void);
const TwinModel *twin_model_registry_get   (size_t              i);
const TwinModel *twin_model_lookup         (const char         *id);
const TwinModel *twin_model_default        (void);

int              twin_model_find_param     (const TwinModel    *model,
                                            const char         *name);
void             twin_model_ctx_init       (TwinModelCtx       *ctx,
                                            const TwinModel    *model,
                                            const double       *params,
                                            double              dt);
void             twin_model_step           (const TwinModel    *model,
                                            const TwinModelCtx *ctx,
                                            TwinState          *state,
                                            const TwinInputs   *inputs);
void             twin_model_step_held      (const TwinModel    *model,
                                            const TwinModelCtx *ctx,
                                            TwinState          *state,
                                            const TwinInputs   *sanitized);
void             twin_model_initial_state  (const TwinModel    *model,
                                            TwinState          *state);
void             twin_model_steady         (const TwinModel    *model,
                                            const TwinModelCtx *ctx,
                                            TwinState          *state,
                                            const TwinInputs   *inputs);

void             twin_inputs_init          (TwinInputs         *inputs);
void             twin_inputs_sanitize      (TwinInputs         *inputs);
void             twin_state_sanitize       (TwinState          *state);
TwinZone         twin_zone_for_vibration   (const double       *params,
                                            double              vibration);
char             twin_zone_letter          (TwinZone            zone);
double           twin_state_rul_hours      (const TwinState    *state);
double           twin_model_rul_hours      (const TwinModel    *model,
                                            const TwinState    *state);
bool             twin_model_trips_in       (const TwinModel    *model,
                                            const double       *params,
                                            const TwinState    *state,
                                            double             *seconds);
const char      *twin_trip_cause_to_string (TwinTripCause       cause);
double           twin_clamp                (double              value,
                                            double              min,
                                            double              max,
                                            double              fallback);

#ifdef __cplusplus
}
#endif
