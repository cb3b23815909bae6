/* twin-engine-restore.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The simulation handed out and taken up again: a copy to run ahead, fork
 * or keep (a snapshot, a keyframe), the engine put back where a kept copy
 * stood (a backtrack, a seek), and exact runs of steps for a replay.
 */

#define G_LOG_DOMAIN "twin-engine"

#include "config.h"

#include <math.h>

#include "twin-engine.h"
#include "twin-engine-private.h"

/**
 * twin_engine_restore:
 * @sim: a simulation kept earlier (a keyframe, a snapshot)
 * @source: who restores it
 *
 * Takes up @sim exactly where it stood: the history keeps its samples up
 * to @sim's time and continues from there on the same grid (it starts
 * over when it holds nothing up to that time), and events not yet emitted
 * are dropped. The run stays the same. Emits #TwinEngine::restored.
 */
void
twin_engine_restore (TwinEngine        *self,
                     const TwinSim     *sim,
                     TwinCommandSource  source)
{
  TwinSim before;
  double interval, next;

  g_return_if_fail (TWIN_IS_ENGINE (self));
  g_return_if_fail (sim != NULL && sim->model != NULL);
  g_return_if_fail (source < TWIN_N_COMMAND_SOURCES);

  before = self->sim;
  self->sim = *sim;
  self->restore_source = source;
  self->restored_from = before.state.timestamp;
  self->halt = TRUE;
  g_array_set_size (self->events, 0);

  twin_history_truncate (self->history, sim->state.timestamp + TWIN_SIM_TIME_EPSILON);
  interval = twin_history_get_interval (self->history);
  next = twin_history_index_to_time (self->history, twin_history_get_end_index (self->history));
  if (twin_history_get_length (self->history) == 0 ||
      next <= sim->state.timestamp + TWIN_SIM_TIME_EPSILON ||
      next > sim->state.timestamp + interval + TWIN_SIM_TIME_EPSILON)
    twin_history_clear (self->history,
                        ceil (sim->state.timestamp / interval - TWIN_SIM_TIME_EPSILON) * interval);

  if (self->report_interval > 0)
    twin_engine_set_report_interval (self, self->report_interval);
  _twin_engine_clock_reanchor (&self->clock);
  _twin_engine_notify_changes (self, &before);
  _twin_engine_queue_changed (self);
  _twin_engine_emit_restored (self);
}

/**
 * twin_engine_get_last_restore:
 * @from: (out) (optional): the simulated s the engine stood at before
 *
 * Returns: who made the last twin_engine_restore()
 */
TwinCommandSource
twin_engine_get_last_restore (TwinEngine *self,
                              double     *from)
{
  g_return_val_if_fail (TWIN_IS_ENGINE (self), TWIN_COMMAND_SOURCE_PROGRAM);

  if (from != NULL)
    *from = self->restored_from;
  return self->restore_source;
}

/**
 * twin_engine_run_steps:
 * @n: model steps
 *
 * Runs exactly @n steps at once, paused or not: what a replay needs to
 * apply each command at the step it was applied at.
 */
void
twin_engine_run_steps (TwinEngine *self,
                       guint64     n)
{
  g_return_if_fail (TWIN_IS_ENGINE (self));

  _twin_engine_run_steps (self, n);
}

/**
 * twin_engine_get_sim:
 * @sim: (out caller-allocates): where to copy the simulation
 *
 * Copies the simulation as it stands between two steps, to run ahead,
 * fork or replay anywhere without touching the engine.
 */
void
twin_engine_get_sim (TwinEngine *self,
                     TwinSim    *sim)
{
  g_return_if_fail (TWIN_IS_ENGINE (self));
  g_return_if_fail (sim != NULL);

  *sim = self->sim;
}
