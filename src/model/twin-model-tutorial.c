/* twin-model-tutorial.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * tutorial@1: the original Python tutorial's update rule, bit for bit,
 * including its per-step (not per-second) speed rule and the truncation of
 * rpm to an integer. Only the clamping to physical bounds is new.
 */

#include <math.h>

#include "twin-fields.h"
#include "twin-model-private.h"

static const TwinParamSpec params[] = {
  TWIN_COMMON_PARAM_SPECS,
};

static void
tutorial_prepare (TwinModelCtx *ctx)
{
}

static void
tutorial_step (const TwinModelCtx *ctx,
               TwinState          *s,
               const TwinInputs   *in)
{
  double dt = ctx->dt;

  s->temperature += (in->ambient - s->temperature) * 0.05 * dt;
  s->vibration = fmax (0.5, s->vibration + (s->rpm - 1500.0) * 0.001);
  s->rpm = trunc (s->rpm * 0.999 + in->rpm_setpoint * 0.001);
  s->timestamp += dt;
}

/* The temperature settles at the ambient; the integer speed rule moves
 * by whole rpm until it stops; the vibration then only grows (above
 * 1500 rpm, to its bound), falls to its floor (below) or stays. */
static void
tutorial_steady (const TwinModelCtx *ctx,
                 TwinState          *s,
                 const TwinInputs   *in)
{
  for (int i = 0; i < 100000; i++)
    {
      double next = trunc (s->rpm * 0.999 + in->rpm_setpoint * 0.001);

      if (next == s->rpm)
        break;
      s->rpm = next;
    }

  s->temperature = in->ambient;
  if (s->rpm > 1500.0)
    s->vibration = TWIN_VIBRATION_MAX;
  else if (s->rpm < 1500.0)
    s->vibration = 0.5;
  else
    s->vibration = fmax (0.5, s->vibration);
}

const TwinModel twin_model_tutorial_1 = {
  .id = "tutorial@1",
  .name = "tutorial",
  .version = 1,
  .description = TWIN_N_ ("The original tutorial's update rule, for comparison and training"),
  .dt = 0.5,
  .n_params = sizeof params / sizeof params[0],
  .params = params,
  .initial = {
    .temperature = 65.0,
    .vibration = 2.1,
    .rpm = 1500.0,
  },
  .prepare = tutorial_prepare,
  .step = tutorial_step,
  .steady = tutorial_steady,
};
