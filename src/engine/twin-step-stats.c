/* twin-step-stats.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <time.h>

#include "twin-step-stats.h"

/* Upper bounds in seconds per step: a physical@2 step takes about 60 ns,
 * a slow observer of the report signal can make it microseconds. */
static const double bounds[TWIN_STEP_STATS_N_BOUNDS] = {
  5e-8, 1e-7, 2.5e-7, 5e-7, 1e-6, 2.5e-6, 1e-5, 1e-4, 1e-3, 1e-2,
};

/**
 * twin_step_stats_get_bounds:
 *
 * Returns: (array fixed-size=10): the upper bounds of the buckets, in s
 */
const double *
twin_step_stats_get_bounds (void)
{
  return bounds;
}

/* g_get_monotonic_time() counts µs, too coarse for a batch of one step. */
gint64
twin_step_stats_now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64)ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

void
twin_step_stats_add_batch (TwinStepStats *stats,
                           guint64        steps,
                           gint64         elapsed_ns)
{
  double per_step;
  guint i;

  if (steps == 0)
    return;

  per_step = MAX (elapsed_ns, 0) * 1e-9 / (double)steps;
  for (i = 0; i < TWIN_STEP_STATS_N_BOUNDS; i++)
    if (per_step <= bounds[i])
      break;

  stats->buckets[i] += steps;
  stats->steps += steps;
  stats->batches++;
  stats->seconds += MAX (elapsed_ns, 0) * 1e-9;
}
