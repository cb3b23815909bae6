/* twin-engine-record.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "twin-engine"

#include "config.h"

#include <math.h>
#include <string.h>

#include "twin-engine.h"
#include "twin-engine-private.h"
#include "twin-noise.h"

/* What the engine keeps of its run: samples in the history, snapshots. */

void
_twin_engine_record_samples (TwinEngine *self)
{
  twin_sim_record (&self->sim, self->history);
}

void
twin_engine_get_snapshot (TwinEngine   *self,
                          TwinSnapshot *snapshot)
{
  const TwinState *s;

  g_return_if_fail (TWIN_IS_ENGINE (self));
  g_return_if_fail (snapshot != NULL);

  s = &self->sim.state;
  memset (snapshot, 0, sizeof *snapshot);
  g_strlcpy (snapshot->model, self->sim.model->id, sizeof snapshot->model);
  g_strlcpy (snapshot->run, self->run, sizeof snapshot->run);
  snapshot->seq = self->sim.steps;
  snapshot->wall_time = g_get_real_time ();
  snapshot->timestamp = s->timestamp;
  snapshot->temperature = twin_sim_measure (&self->sim, TWIN_CHANNEL_TEMPERATURE, self->sim.steps, 0);
  snapshot->vibration = twin_sim_measure (&self->sim, TWIN_CHANNEL_VIBRATION, self->sim.steps, 1);
  snapshot->rpm = twin_sim_measure (&self->sim, TWIN_CHANNEL_RPM, self->sim.steps, 2);
  snapshot->wear = s->wear;
  snapshot->rul_hours = twin_model_rul_hours (self->sim.model, s);
  snapshot->ambient = self->sim.inputs.ambient;
  snapshot->rpm_setpoint = self->sim.inputs.rpm_setpoint;
  snapshot->time_scale = self->clock.time_scale;
  snapshot->zone = twin_zone_for_vibration (self->sim.params, s->vibration);
  snapshot->alarms = self->sim.alarms;
  snapshot->tripped = s->tripped;
  snapshot->trip_cause = s->trip_cause;
  snapshot->has_trips_in = twin_model_trips_in (self->sim.model, self->sim.params, s, &snapshot->trips_in);
  snapshot->paused = self->paused;
  snapshot->cooling_degraded = self->sim.inputs.cooling_degraded;
  snapshot->bearing_defect = self->sim.inputs.bearing_defect;
}

/**
 * twin_engine_get_history:
 *
 * Returns: (transfer none): the history, to query; it changes as the
 *   engine runs, so read it on the engine's thread.
 */
const TwinHistory *
twin_engine_get_history (TwinEngine *self)
{
  g_return_val_if_fail (TWIN_IS_ENGINE (self), NULL);

  return self->history;
}

#define HISTORY_CAPACITY_MIN 1000
#define HISTORY_CAPACITY_MAX 50000000
#define HISTORY_INTERVAL_MIN 0.01
#define HISTORY_INTERVAL_MAX 60.0

/**
 * twin_engine_set_history_config:
 * @capacity: samples kept, 1000 to 50 000 000
 * @interval: simulated s between samples, 0.01 to 60
 *
 * Replaces the history with one of the new size and interval. The samples
 * already recorded carry over, resampled onto the new interval (each new
 * sample holds the old sample at or before its time), newest first when
 * they do not all fit. The pointer twin_engine_get_history() returned
 * before is no longer valid; #TwinEngine::changed is emitted.
 */
gboolean
twin_engine_set_history_config (TwinEngine  *self,
                                gsize        capacity,
                                double       interval,
                                GError     **error)
{
  TwinHistory *old;
  TwinHistory *history;

  g_return_val_if_fail (TWIN_IS_ENGINE (self), FALSE);

  if (capacity < HISTORY_CAPACITY_MIN || capacity > HISTORY_CAPACITY_MAX)
    {
      g_set_error (error, TWIN_ENGINE_ERROR, TWIN_ENGINE_ERROR_INVALID_VALUE,
                   "history_capacity: %" G_GSIZE_FORMAT " is out of range; allowed: %d to %d samples",
                   capacity, HISTORY_CAPACITY_MIN, HISTORY_CAPACITY_MAX);
      return FALSE;
    }
  if (!twin_validate_number ("history_interval", interval,
                             HISTORY_INTERVAL_MIN, HISTORY_INTERVAL_MAX, "s", error))
    return FALSE;

  old = self->history;
  if (twin_history_get_capacity (old) == capacity &&
      twin_history_get_interval (old) == interval)
    return TRUE;

  history = twin_history_new_resampled (old, capacity, interval);
  self->history = history;
  twin_history_free (old);
  /* The samples still due are recorded on the new grid from now on. */
  _twin_engine_record_samples (self);
  _twin_engine_queue_changed (self);

  return TRUE;
}

