/* twin-engine-shadow.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "twin-engine"

#include "config.h"


#include "twin-engine.h"
#include "twin-engine-private.h"
#include "twin-shadow-private.h"

/**
 * twin_engine_get_shadow:
 *
 * Returns: (transfer none): the measured series of shadow mode, kept
 *   beside the simulated one, to read and watch; only the engine writes
 *   it (twin_engine_add_reading(), twin_engine_reject_reading()).
 */
TwinShadow *
twin_engine_get_shadow (TwinEngine *self)
{
  g_return_val_if_fail (TWIN_IS_ENGINE (self), NULL);

  return self->shadow;
}

/**
 * twin_engine_add_reading:
 *
 * Validates a reading from the physical machine and keeps it in the
 * shadow with its residuals against the state simulated right now.
 */
gboolean
twin_engine_add_reading (TwinEngine         *self,
                         const TwinReading  *reading,
                         GError            **error)
{
  TwinSnapshot snapshot;

  g_return_val_if_fail (TWIN_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (reading != NULL, FALSE);

  twin_engine_get_snapshot (self, &snapshot);
  return _twin_shadow_add (self->shadow, reading, &snapshot, error);
}

/**
 * twin_engine_reject_reading:
 *
 * Counts a reading that could not be read or was refused before it came
 * to the engine, and keeps @error as the shadow's last error.
 */
void
twin_engine_reject_reading (TwinEngine   *self,
                            const GError *error)
{
  g_return_if_fail (TWIN_IS_ENGINE (self));
  g_return_if_fail (error != NULL);

  _twin_shadow_reject (self->shadow, error);
}

/**
 * twin_engine_sync_to_measurement:
 * @source: where the request to sync came from
 *
 * Sets the simulated temperature, vibration and speed to the last
 * measurement, as a command, so the twin continues from where the machine
 * is. Time, wear, the inputs and the trip latch stay.
 */
gboolean
twin_engine_sync_to_measurement (TwinEngine         *self,
                                 TwinCommandSource   source,
                                 GError            **error)
{
  TwinCommand command = { .fields = TWIN_COMMAND_SYNC, .source = source };
  TwinMeasurement m;

  g_return_val_if_fail (TWIN_IS_ENGINE (self), FALSE);

  if (!twin_shadow_get_last (self->shadow, &m))
    {
      g_set_error (error, TWIN_ENGINE_ERROR, TWIN_ENGINE_ERROR_INVALID_VALUE,
                   "sync: no measurement yet; allowed: after a reading on <prefix>/sensors");
      return FALSE;
    }

  command.sync_temperature = twin_clamp (m.reading.temperature, TWIN_TEMPERATURE_MIN, TWIN_TEMPERATURE_MAX, 0);
  command.sync_vibration = twin_clamp (m.reading.vibration, TWIN_VIBRATION_MIN, TWIN_VIBRATION_MAX, 0);
  command.sync_rpm = twin_clamp (m.reading.rpm, TWIN_RPM_MIN, TWIN_RPM_MAX, 0);

  return twin_engine_apply_command (self, &command, error);
}

