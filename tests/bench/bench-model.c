/* bench-model.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Model steps per second on one core, with the inputs changing now and
 * then so the compiler cannot fold the loop away.
 */

#include <glib.h>

#include "twin-model.h"

static double
steps_per_second (const TwinModel *model,
                  guint64          n)
{
  TwinModelCtx ctx;
  TwinInputs in;
  TwinState s;
  gint64 t0, t1;
  double sink = 0;

  twin_model_ctx_init (&ctx, model, NULL, model->dt);
  twin_model_initial_state (model, &s);
  twin_inputs_init (&in);

  t0 = g_get_monotonic_time ();
  for (guint64 i = 0; i < n; i++)
    {
      if ((i & 0xFFFFF) == 0)
        in.rpm_setpoint = 1000 + (i >> 20) % 5 * 200;
      twin_model_step (model, &ctx, &s, &in);
    }
  t1 = g_get_monotonic_time ();
  sink += s.temperature + s.vibration;

  if (sink == 42)
    g_print (" ");
  return n / ((t1 - t0) * 1e-6);
}

int
main (int   argc,
      char *argv[])
{
  for (size_t m = 0; m < twin_model_registry_count (); m++)
    {
      const TwinModel *model = twin_model_registry_get (m);
      double best = 0;

      for (int run = 0; run < 5; run++)
        best = MAX (best, steps_per_second (model, 20000000));

      g_print ("model %-12s %6.1f million steps/s (best of 5 runs of 2e7 steps)\n",
               model->id, best / 1e6);
    }

  return 0;
}
