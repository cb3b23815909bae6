/* twin-step-stats.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TWIN_STEP_STATS_N_BOUNDS 10

/* How long model steps take, for metrics. The engine reads the clock
 * twice per batch of steps, never per step: each step of a batch counts
 * with the batch's mean latency. @buckets are not cumulative; the last
 * one counts the steps above every bound. */
typedef struct
{
  guint64 buckets[TWIN_STEP_STATS_N_BOUNDS + 1];
  guint64 steps;
  guint64 batches;
  guint64 ticks;        /* real-time clock ticks that ran steps */
  double  seconds;      /* wall time of all batches */
} TwinStepStats;

const double *twin_step_stats_get_bounds (void);
gint64        twin_step_stats_now_ns     (void);
void          twin_step_stats_add_batch  (TwinStepStats *stats,
                                          guint64        steps,
                                          gint64         elapsed_ns);

G_END_DECLS
