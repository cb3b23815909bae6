/* twin-command.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "twin-fields.h"

G_BEGIN_DECLS

#define TWIN_ENGINE_ERROR (twin_engine_error_quark ())

typedef enum
{
  TWIN_ENGINE_ERROR_INVALID_VALUE,
  TWIN_ENGINE_ERROR_UNKNOWN_MODEL,
  TWIN_ENGINE_ERROR_UNKNOWN_FIELD,
  TWIN_ENGINE_ERROR_WRONG_TYPE,
  TWIN_ENGINE_ERROR_MALFORMED,
  TWIN_ENGINE_ERROR_LOCKED,
} TwinEngineError;


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
  TWIN_COMMAND_PARAMS           = 1 << 9,
  TWIN_COMMAND_NOISE            = 1 << 10,
  TWIN_COMMAND_SYNC             = 1 << 11,
  TWIN_COMMAND_RESET_FROM       = 1 << 12,
  TWIN_COMMAND_RUN_FOR          = 1 << 13,
  TWIN_COMMAND_RUN_UNTIL_EVENT  = 1 << 14,
} TwinCommandField;

/* Where a reset starts from; the wire's "reset_from" names, in order. */
typedef enum
{
  TWIN_RESET_FROM_INITIAL,            /* the model's initial state */
  TWIN_RESET_FROM_STEADY,             /* the steady state of the inputs */
} TwinResetFrom;

/* The longest run_for, simulated s; the default of run_until_event. */
#define TWIN_COMMAND_RUN_FOR_MAX 86400.0

/* Where a command came from, carried to #TwinEngine::command-applied. */
typedef enum
{
  TWIN_COMMAND_SOURCE_PROGRAM,        /* the API itself: properties, tests */
  TWIN_COMMAND_SOURCE_WINDOW,
  TWIN_COMMAND_SOURCE_MQTT,
  TWIN_COMMAND_SOURCE_REST,
  TWIN_COMMAND_SOURCE_COMMAND_LINE,
  TWIN_COMMAND_SOURCE_SETTINGS,       /* preferences stored in GSettings */
  TWIN_COMMAND_SOURCE_SCENARIO,
  TWIN_COMMAND_SOURCE_REPLAY,
  TWIN_N_COMMAND_SOURCES
} TwinCommandSource;

#define TWIN_COMMAND_MAX_PARAMS 32

typedef struct
{
  char   name[32];
  double value;
} TwinCommandParam;

/* DESIGN.md's command: any subset of the fields, flagged in @fields.
 * It is validated whole and then applied whole, or not at all. Every
 * change to a simulation is one. */
typedef struct
{
  guint             fields;
  TwinCommandSource source;
  guint64           step;             /* set when applied: the sim's step count */

  double            ambient;
  double            rpm_setpoint;
  double            time_scale;
  gboolean          paused;
  gboolean          cooling_degraded;
  gboolean          bearing_defect;
  gboolean          reset_trip;
  gboolean          reset;
  TwinResetFrom     reset_from;       /* only with @reset */
  double            run_for;          /* simulated s to advance at once */
  gboolean          run_until_event;  /* ... or until the next event, within run_for */
  char              model[32];

  guint             n_params;         /* of the model in effect after @model */
  TwinCommandParam  params[TWIN_COMMAND_MAX_PARAMS];

  gboolean          noise;            /* on what is measured, never on the state */
  guint64           noise_seed;

  /* The measured temperature, vibration and speed the state takes. */
  double            sync_temperature;
  double            sync_vibration;
  double            sync_rpm;
} TwinCommand;

#define TWIN_TYPE_COMMAND (twin_command_get_type ())

typedef enum
{
  TWIN_COMMAND_KIND_NUMBER,
  TWIN_COMMAND_KIND_BOOLEAN,
  TWIN_COMMAND_KIND_MODEL,
  TWIN_COMMAND_KIND_CHOICE,           /* a string of @choices, stored as its index (guint) */
} TwinCommandKind;

/* A field of the command as it travels in JSON (MQTT <prefix>/cmd, REST
 * PATCH /controls): parsers, schemas and validation loop over these. */
typedef struct
{
  const char       *name;         /* NULL for numbers: their spec's */
  const char       *group;        /* the object it sits in, or NULL */
  TwinCommandKind   kind;
  TwinCommandField  flag;
  gsize             offset;       /* of its value in TwinCommand */
  const TwinField  *spec;         /* numbers: range, unit, description */
  const char       *description;  /* the others */
  gboolean          in_state;     /* also in the state and the controls */
  const char * const *choices;    /* CHOICE: the allowed strings, NULL-terminated */
} TwinCommandWireField;

const TwinCommandWireField *twin_command_wire_fields (guint *n_fields);

static inline const char *
twin_command_wire_field_name (const TwinCommandWireField *field)
{
  return field->spec != NULL ? field->spec->name : field->name;
}

/* A number in an error message, as the wire writes it: the C locale's
 * decimal point whatever the user's (the window sets LC_NUMERIC), since
 * MQTT and REST carry these messages. Valid until the end of the
 * statement it is used in. */
#define TWIN_NUM(value) twin_number_text ((value), (char[G_ASCII_DTOSTR_BUF_SIZE]) { 0 })

static inline const char *
twin_number_text (double  value,
                  char   *buf)
{
  return g_ascii_formatd (buf, G_ASCII_DTOSTR_BUF_SIZE, "%g", value);
}

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
gboolean twin_validate_field           (const TwinField   *spec,
                                        double             value,
                                        GError           **error);
gboolean twin_validate_model           (const char        *id,
                                        GError           **error);
gboolean twin_command_validate         (const TwinCommand *command,
                                        GError           **error);
gboolean twin_command_parse_choice     (const TwinCommandWireField *field,
                                        const char        *text,
                                        guint             *out,
                                        GError           **error);
GType        twin_command_get_type          (void) G_GNUC_CONST;
TwinCommand *twin_command_copy              (const TwinCommand *command);
void         twin_command_free              (TwinCommand       *command);
gboolean     twin_command_add_param         (TwinCommand       *command,
                                             const char        *name,
                                             double             value,
                                             GError           **error);
gboolean     twin_command_set_model         (TwinCommand       *command,
                                             const char        *id,
                                             GError           **error);
const char  *twin_command_source_to_string  (TwinCommandSource  source);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TwinCommand, twin_command_free)

G_END_DECLS
