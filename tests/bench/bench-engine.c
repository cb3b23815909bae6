/* bench-engine.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The default model's steps per second through the engine: alarms
 * evaluated every step, history recording at 0.1 s, as when running at
 * 10 000×; and how long a day's run_for takes.
 */

#include "twin-engine.h"

int
main (int   argc,
      char *argv[])
{
  double best = 0;
  double best_day = G_MAXDOUBLE;
  const char *id = twin_model_default ()->id;

  for (int run = 0; run < 5; run++)
    {
      g_autoptr(TwinEngine) engine = twin_engine_new ();
      guint64 steps;
      gint64 t0, t1;

      twin_engine_set_rpm_setpoint (engine, 1800, NULL);
      t0 = g_get_monotonic_time ();
      for (int k = 0; k < 100; k++)
        {
          /* 100 batches of 10^5 steps (1000 simulated s each), inputs moving. */
          twin_engine_set_ambient (engine, 15 + k % 20, NULL);
          twin_engine_advance (engine, 1000.0);
        }
      t1 = g_get_monotonic_time ();
      steps = twin_engine_get_steps (engine);
      best = MAX (best, steps / ((t1 - t0) * 1e-6));
    }

  g_print ("engine %s %6.1f million steps/s with alarms and history (best of 5 runs of 1e7 steps)\n",
           id, best / 1e6);

  for (int run = 0; run < 3; run++)
    {
      g_autoptr(TwinEngine) engine = twin_engine_new ();
      gint64 t0 = g_get_monotonic_time ();

      twin_engine_run_for (engine, TWIN_COMMAND_RUN_FOR_MAX, FALSE, NULL);
      best_day = MIN (best_day, (g_get_monotonic_time () - t0) * 1e-6);
    }
  g_print ("engine %s run_for 86400 s (8.64e6 steps, history at 0.1 s) in %.2f s wall (best of 3)\n",
           id, best_day);
  return 0;
}
