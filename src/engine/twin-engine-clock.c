/* twin-engine-clock.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "twin-engine"

#include "config.h"

#include "twin-engine-private.h"

/* A tick that finds the clock further behind than this many wall seconds
 * (the process was stopped, the machine slept) drops the backlog instead
 * of freezing the main loop to catch up. */
#define MAX_CATCH_UP_WALL 1.0

void
_twin_engine_clock_init (TwinEngineClock *clock)
{
  g_assert (clock != NULL);

  clock->time_scale = 1.0;
  _twin_engine_clock_reanchor (clock);
}

void
_twin_engine_clock_reanchor (TwinEngineClock *clock)
{
  g_assert (clock != NULL);

  clock->anchor_wall = g_get_monotonic_time ();
  clock->done = 0;
}

/*
 * Sets @target to the simulated s due since the anchor, or returns FALSE
 * after dropping a backlog too long to catch up with. The caller runs
 * (@target − done) and then sets done to @target.
 */
gboolean
_twin_engine_clock_target (TwinEngineClock *clock,
                           double          *target)
{
  g_assert (clock != NULL);
  g_assert (target != NULL);

  /* The target is computed from a fixed anchor, not by adding up tick
   * lengths, so the clock does not drift whatever the tick jitter. */
  *target = (g_get_monotonic_time () - clock->anchor_wall) * 1e-6 * clock->time_scale;

  if (*target - clock->done > MAX_CATCH_UP_WALL * clock->time_scale)
    {
      g_debug ("Clock fell %.1f s behind; dropping the backlog", *target - clock->done);
      _twin_engine_clock_reanchor (clock);
      return FALSE;
    }

  return TRUE;
}
