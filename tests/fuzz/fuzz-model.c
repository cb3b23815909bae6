/* fuzz-model.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The model step with anything as inputs, parameters, step and state
 * (NaN, infinities, huge values): every state after a step must be finite
 * and within the physical bounds, as DESIGN.md promises.
 *
 * Input: model index, number of steps, flags (cooling degraded, bearing
 * defect, tripped, default parameters), then doubles for dt, ambient,
 * rpm_setpoint, the seven state values and the parameters; what is
 * missing reads as 0.
 */

#include <string.h>

#include "twin-fuzz.h"
#include "twin-model.h"

typedef struct
{
  const uint8_t *data;
  size_t         size;
} Bytes;

static uint8_t
take_byte (Bytes *b)
{
  uint8_t v = 0;

  if (b->size > 0)
    {
      v = *b->data++;
      b->size--;
    }
  return v;
}

static double
take_double (Bytes *b)
{
  double v = 0;
  size_t n = MIN (b->size, sizeof v);

  memcpy (&v, b->data, n);
  b->data += n;
  b->size -= n;
  return v;
}

static void
check_state (const TwinModel *model,
             const TwinState *s,
             const double    *params)
{
  TwinZone zone = twin_zone_for_vibration (params, s->vibration);
  double rul = twin_state_rul_hours (s);
  double model_rul = twin_model_rul_hours (model, s);
  double trips_in = 0;

  FUZZ_CHECK_IN_RANGE ("temperature", s->temperature, TWIN_TEMPERATURE_MIN, TWIN_TEMPERATURE_MAX);
  FUZZ_CHECK_IN_RANGE ("vibration", s->vibration, TWIN_VIBRATION_MIN, TWIN_VIBRATION_MAX);
  FUZZ_CHECK_IN_RANGE ("rpm", s->rpm, TWIN_RPM_MIN, TWIN_RPM_MAX);
  FUZZ_CHECK_IN_RANGE ("wear", s->wear, TWIN_WEAR_MIN, TWIN_WEAR_MAX);
  FUZZ_CHECK_IN_RANGE ("wear_rate", s->wear_rate, 0, 1);
  FUZZ_CHECK_IN_RANGE ("timestamp", s->timestamp, 0, TWIN_TIMESTAMP_MAX);
  FUZZ_CHECK_IN_RANGE ("zone_d_time", s->zone_d_time, 0, TWIN_TIMESTAMP_MAX);
  FUZZ_CHECK_IN_RANGE ("rul_hours", rul, 0, TWIN_RUL_HOURS_MAX);
  FUZZ_CHECK_IN_RANGE ("wear_rate_avg", s->wear_rate_avg, 0, 1);
  FUZZ_CHECK_IN_RANGE ("model rul_hours", model_rul, 0, TWIN_RUL_HOURS_MAX);
  if (twin_model_trips_in (model, params, s, &trips_in))
    FUZZ_CHECK_IN_RANGE ("trips_in", trips_in, 0, 3600);
  FUZZ_CHECK (s->trip_cause <= TWIN_TRIP_CAUSE_VIBRATION && (s->tripped || s->trip_cause == TWIN_TRIP_CAUSE_NONE),
              "trip_cause %d, tripped %d", s->trip_cause, s->tripped);
  FUZZ_CHECK (zone <= TWIN_ZONE_D, "zone %d", zone);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  Bytes b = { data, size };
  const TwinModel *model = twin_model_registry_get (take_byte (&b) % twin_model_registry_count ());
  guint n_steps = 1 + take_byte (&b);
  uint8_t flags = take_byte (&b);
  double params[TWIN_MODEL_MAX_PARAMS];
  double dt = take_double (&b);
  TwinModelCtx ctx;
  TwinInputs inputs;
  TwinState state;

  inputs.ambient = take_double (&b);
  inputs.rpm_setpoint = take_double (&b);
  inputs.cooling_degraded = flags & 1;
  inputs.bearing_defect = flags & 2;

  state.temperature = take_double (&b);
  state.vibration = take_double (&b);
  state.rpm = take_double (&b);
  state.wear = take_double (&b);
  state.wear_rate = take_double (&b);
  state.timestamp = take_double (&b);
  state.zone_d_time = take_double (&b);
  state.tripped = flags & 4;
  state.trip_cause = (TwinTripCause) ((flags >> 4) & 3);

  for (size_t i = 0; i < model->n_params; i++)
    params[i] = take_double (&b);

  state.wear_rate_avg = take_double (&b);

  twin_model_ctx_init (&ctx, model, (flags & 8) ? NULL : params, dt);
  for (size_t i = 0; i < model->n_params; i++)
    FUZZ_CHECK_IN_RANGE (model->params[i].name, ctx.params[i], model->params[i].min, model->params[i].max);

  for (guint i = 0; i < n_steps; i++)
    {
      twin_model_step (model, &ctx, &state, &inputs);
      check_state (model, &state, ctx.params);
    }

  return 0;
}
