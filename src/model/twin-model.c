/* twin-model.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <math.h>
#include <string.h>

#include "twin-fields.h"
#include "twin-model-private.h"

/* Newest first, as a picker lists them. */
static const TwinModel *registry[] = {
  &twin_model_physical_3,
  &twin_model_physical_2,
  &twin_model_tutorial_1,
};

#define N_MODELS (sizeof registry / sizeof registry[0])

size_t
twin_model_registry_count (void)
{
  return N_MODELS;
}

const TwinModel *
twin_model_registry_get (size_t i)
{
  return i < N_MODELS ? registry[i] : NULL;
}

/**
 * twin_model_lookup:
 * @id: "name@version"
 *
 * Returns: the model, or %NULL when no model has that id.
 */
const TwinModel *
twin_model_lookup (const char *id)
{
  if (id == NULL)
    return NULL;

  for (size_t i = 0; i < N_MODELS; i++)
    if (strcmp (registry[i]->id, id) == 0)
      return registry[i];

  return NULL;
}

const TwinModel *
twin_model_default (void)
{
  return &twin_model_physical_3;
}

int
twin_model_find_param (const TwinModel *model,
                       const char      *name)
{
  if (model == NULL || name == NULL)
    return -1;

  for (size_t i = 0; i < model->n_params; i++)
    if (strcmp (model->params[i].name, name) == 0)
      return (int)i;

  return -1;
}

/**
 * twin_model_ctx_init:
 * @params: (nullable): n_params values, or %NULL for the defaults
 * @dt: the step, s; a value that is not finite or not positive makes
 *   steps that only re-clamp the state
 *
 * Derives the step coefficients. Parameters outside their spec are
 * clamped to it.
 */
void
twin_model_ctx_init (TwinModelCtx    *ctx,
                     const TwinModel *model,
                     const double    *params,
                     double           dt)
{
  memset (ctx, 0, sizeof *ctx);

  for (size_t i = 0; i < model->n_params && i < TWIN_MODEL_MAX_PARAMS; i++)
    {
      const TwinParamSpec *spec = &model->params[i];
      double value = params != NULL ? params[i] : spec->default_value;

      ctx->params[i] = twin_clamp_inline (value, spec->min, spec->max, spec->default_value);
    }

  ctx->dt = twin_clamp_inline (dt, 0.0, 1e6, 0.0);
  model->prepare (ctx);
}

void
twin_model_initial_state (const TwinModel *model,
                          TwinState       *state)
{
  *state = model->initial;
}

/**
 * twin_model_step:
 *
 * Advances @state by one step of ctx->dt. Whatever @state and @inputs hold
 * (NaN, infinities, values far out of range), the result is finite and
 * within the physical bounds.
 */
void
twin_model_step (const TwinModel    *model,
                 const TwinModelCtx *ctx,
                 TwinState          *state,
                 const TwinInputs   *inputs)
{
  TwinInputs safe = *inputs;

  /* Whatever the state holds, the step yields numbers, infinities or NaN,
   * and the clamp afterwards maps all of them into bounds. */
  twin_inputs_sanitize (&safe);
  model->step (ctx, state, &safe);
  twin_state_sanitize (state);
}

/**
 * twin_model_steady:
 *
 * Sets @state to where @inputs, held, lead it from where it is, at its
 * current wear: the model's closed form, within the physical bounds.
 */
void
twin_model_steady (const TwinModel    *model,
                   const TwinModelCtx *ctx,
                   TwinState          *state,
                   const TwinInputs   *inputs)
{
  TwinInputs safe = *inputs;

  twin_inputs_sanitize (&safe);
  twin_state_sanitize (state);
  model->steady (ctx, state, &safe);
  twin_state_sanitize (state);
}

/**
 * twin_model_step_held:
 * @sanitized: inputs that went through twin_inputs_sanitize()
 *
 * twin_model_step() for a loop that holds its inputs and sanitizes them
 * once: the same result, without a copy and a check of the inputs in
 * every step.
 */
void
twin_model_step_held (const TwinModel    *model,
                      const TwinModelCtx *ctx,
                      TwinState          *state,
                      const TwinInputs   *sanitized)
{
  model->step (ctx, state, sanitized);
  twin_state_sanitize (state);
}

void
twin_inputs_init (TwinInputs *inputs)
{
  inputs->ambient = twin_inputs[TWIN_INPUT_AMBIENT].default_value;
  inputs->rpm_setpoint = twin_inputs[TWIN_INPUT_RPM_SETPOINT].default_value;
  inputs->cooling_degraded = false;
  inputs->bearing_defect = false;
}

void
twin_inputs_sanitize (TwinInputs *inputs)
{
  inputs->ambient = twin_clamp_inline (inputs->ambient, TWIN_AMBIENT_MIN, TWIN_AMBIENT_MAX,
                                       twin_inputs[TWIN_INPUT_AMBIENT].default_value);
  inputs->rpm_setpoint = twin_clamp_inline (inputs->rpm_setpoint,
                                            TWIN_RPM_SETPOINT_MIN, TWIN_RPM_SETPOINT_MAX, 0.0);
}

void
twin_state_sanitize (TwinState *s)
{
  s->temperature = twin_clamp_inline (s->temperature, TWIN_TEMPERATURE_MIN, TWIN_TEMPERATURE_MAX, 22.0);
  s->vibration = twin_clamp_inline (s->vibration, TWIN_VIBRATION_MIN, TWIN_VIBRATION_MAX, 0.0);
  s->rpm = twin_clamp_inline (s->rpm, TWIN_RPM_MIN, TWIN_RPM_MAX, 0.0);
  s->wear = twin_clamp_inline (s->wear, TWIN_WEAR_MIN, TWIN_WEAR_MAX, 0.0);
  s->wear_rate = twin_clamp_inline (s->wear_rate, 0.0, 1.0, 0.0);
  s->timestamp = twin_clamp_inline (s->timestamp, 0.0, TWIN_TIMESTAMP_MAX, 0.0);
  s->zone_d_time = twin_clamp_inline (s->zone_d_time, 0.0, TWIN_TIMESTAMP_MAX, 0.0);
  s->wear_rate_avg = twin_clamp_inline (s->wear_rate_avg, 0.0, 1.0, 0.0);
  if (!s->tripped || (unsigned)s->trip_cause > TWIN_TRIP_CAUSE_VIBRATION)
    s->trip_cause = TWIN_TRIP_CAUSE_NONE;
}

TwinZone
twin_zone_for_vibration (const double *params,
                         double        vibration)
{
  if (vibration < params[TWIN_PARAM_ZONE_A_MAX])
    return TWIN_ZONE_A;
  if (vibration < params[TWIN_PARAM_ZONE_B_MAX])
    return TWIN_ZONE_B;
  if (vibration < params[TWIN_PARAM_ZONE_C_MAX])
    return TWIN_ZONE_C;
  return TWIN_ZONE_D;
}

char
twin_zone_letter (TwinZone zone)
{
  return "ABCD"[zone & 3];
}

/**
 * twin_state_rul_hours:
 *
 * Remaining useful life at the current wear rate, in hours, capped at
 * %TWIN_RUL_HOURS_MAX so that it is never infinite.
 */
double
twin_state_rul_hours (const TwinState *state)
{
  double remaining = 1.0 - state->wear;

  if (!(state->wear_rate > 0.0) || remaining <= 0.0)
    return remaining <= 0.0 ? 0.0 : TWIN_RUL_HOURS_MAX;

  return fmin (remaining / state->wear_rate / 3600.0, TWIN_RUL_HOURS_MAX);
}

/**
 * twin_model_rul_hours:
 *
 * The remaining useful life @model estimates for @state, in hours: the
 * one RUL every part of Twinscope shows. Models with
 * %TWIN_MODEL_FEATURE_RUL_AVERAGED estimate it from the wear rate averaged
 * over running time, the others from the rate of the last step.
 */
double
twin_model_rul_hours (const TwinModel *model,
                      const TwinState *state)
{
  TwinState at = *state;

  if (model != NULL && (model->features & TWIN_MODEL_FEATURE_RUL_AVERAGED))
    at.wear_rate = state->wear_rate_avg;
  return twin_state_rul_hours (&at);
}

/**
 * twin_model_trips_in:
 * @seconds: (out): simulated s until the vibration trip
 *
 * Returns: true while @state is in vibration zone D, not tripped, under
 *   a model whose protection trips; false otherwise (@seconds untouched)
 */
bool
twin_model_trips_in (const TwinModel *model,
                     const double    *params,
                     const TwinState *state,
                     double          *seconds)
{
  if (!(model->features & TWIN_MODEL_FEATURE_PROTECTION) || state->tripped ||
      twin_zone_for_vibration (params, state->vibration) != TWIN_ZONE_D)
    return false;

  *seconds = fmax (0.0, params[TWIN_PARAM_ZONE_D_TRIP_TIME] - state->zone_d_time);
  return true;
}

/**
 * twin_trip_cause_to_string:
 *
 * Returns: "temperature" or "vibration", as the wire writes it; NULL for none
 */
const char *
twin_trip_cause_to_string (TwinTripCause cause)
{
  switch (cause)
    {
    case TWIN_TRIP_CAUSE_TEMPERATURE:
      return "temperature";
    case TWIN_TRIP_CAUSE_VIBRATION:
      return "vibration";
    case TWIN_TRIP_CAUSE_NONE:
    default:
      return NULL;
    }
}

double
twin_clamp (double value,
            double min,
            double max,
            double fallback)
{
  return twin_clamp_inline (value, min, max, fallback);
}
