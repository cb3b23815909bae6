/* twin-command.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TWIN_ENGINE_ERROR (twin_engine_error_quark ())

typedef enum
{
  TWIN_ENGINE_ERROR_INVALID_VALUE,
  TWIN_ENGINE_ERROR_UNKNOWN_MODEL,
  TWIN_ENGINE_ERROR_UNKNOWN_FIELD,
  TWIN_ENGINE_ERROR_WRONG_TYPE,
  TWIN_ENGINE_ERROR_MALFORMED,
} TwinEngineError;

#define TWIN_TIME_SCALE_MIN 0.1
#define TWIN_TIME_SCALE_MAX 10000.0

typedef enum
{
  TWIN_COMMAND_AMBIENT          = 1 << 0,
  TWIN_COMMAND_RPM_SETPOINT     = 1 << 1,
  TWIN_COMMAND_PAUSED           = 1 << 2,
  TWIN_COMMAND_TIME_SCALE       = 1 << 3,
  TWIN_COMMAND_MODEL            = 1 << 4,
  TWIN_COMMAND_COOLING_DEGRADED = 1 << 5,
  TWIN_COMMAND_BEARING_DEFECT   = 1 << 6,
  TWIN_COMMAND_RESET_TRIP       = 1 << 7,
  TWIN_COMMAND_RESET            = 1 << 8,
} TwinCommandField;

/* DESIGN.md's command: any subset of the fields, flagged in @fields.
 * It is validated whole and then applied whole, or not at all. */
typedef struct
{
  guint    fields;
  double   ambient;
  double   rpm_setpoint;
  double   time_scale;
  gboolean paused;
  gboolean cooling_degraded;
  gboolean bearing_defect;
  gboolean reset_trip;
  gboolean reset;
  char     model[32];
} TwinCommand;

GQuark   twin_engine_error_quark       (void);
gboolean twin_validate_number          (const char        *field,
                                        double             value,
                                        double             min,
                                        double             max,
                                        const char        *unit,
                                        GError           **error);
gboolean twin_parse_number             (const char        *field,
                                        const char        *text,
                                        double             min,
                                        double             max,
                                        const char        *unit,
                                        double            *out,
                                        GError           **error);
gboolean twin_validate_ambient         (double             value,
                                        GError           **error);
gboolean twin_validate_rpm_setpoint    (double             value,
                                        GError           **error);
gboolean twin_validate_time_scale      (double             value,
                                        GError           **error);
gboolean twin_validate_model           (const char        *id,
                                        GError           **error);
gboolean twin_command_validate         (const TwinCommand *command,
                                        GError           **error);

G_END_DECLS
