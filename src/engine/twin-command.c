/* twin-command.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <errno.h>
#include <math.h>
#include <string.h>

#include "twin-command.h"
#include "twin-model.h"

G_DEFINE_QUARK (twin-engine-error-quark, twin_engine_error)

G_DEFINE_BOXED_TYPE (TwinCommand, twin_command, twin_command_copy, twin_command_free)

static const char * const reset_from_choices[] = { "initial", "steady", NULL };

static const TwinField run_for_field = {
  .name = "run_for", .unit = "s",
  .description = "Advance this many simulated seconds at once, as fast as possible (history and "
                 "events recorded), then go on at the time scale",
  .min = 0.01, .max = TWIN_COMMAND_RUN_FOR_MAX, .default_value = 60.0,
  .slider_min = 0.01, .slider_max = TWIN_COMMAND_RUN_FOR_MAX, .step = 60.0, .page = 600.0, .digits = 0,
};

#define NUMBER(input, f, member) \
  { NULL, NULL, TWIN_COMMAND_KIND_NUMBER, f, G_STRUCT_OFFSET (TwinCommand, member), \
    &twin_inputs[input], NULL, TRUE }
#define BOOLEAN(name, group, f, member, description, in_state) \
  { name, group, TWIN_COMMAND_KIND_BOOLEAN, f, G_STRUCT_OFFSET (TwinCommand, member), \
    NULL, description, in_state }

static const TwinCommandWireField wire_fields[] = {
  NUMBER (TWIN_INPUT_AMBIENT, TWIN_COMMAND_AMBIENT, ambient),
  NUMBER (TWIN_INPUT_RPM_SETPOINT, TWIN_COMMAND_RPM_SETPOINT, rpm_setpoint),
  BOOLEAN ("paused", NULL, TWIN_COMMAND_PAUSED, paused, "Pause or run the real-time clock", TRUE),
  NUMBER (TWIN_INPUT_TIME_SCALE, TWIN_COMMAND_TIME_SCALE, time_scale),
  { "model", NULL, TWIN_COMMAND_KIND_MODEL, TWIN_COMMAND_MODEL, G_STRUCT_OFFSET (TwinCommand, model),
    NULL, "Switch to this model at the next tick", TRUE },
  BOOLEAN ("cooling_degraded", "faults", TWIN_COMMAND_COOLING_DEGRADED, cooling_degraded,
           "Cooling is degraded (c = 2.5)", TRUE),
  BOOLEAN ("bearing_defect", "faults", TWIN_COMMAND_BEARING_DEFECT, bearing_defect,
           "A bearing is defective", TRUE),
  BOOLEAN ("reset_trip", NULL, TWIN_COMMAND_RESET_TRIP, reset_trip, "Clear the trip latch", FALSE),
  BOOLEAN ("reset", NULL, TWIN_COMMAND_RESET, reset, "Start the simulation over at time 0", FALSE),
  { "reset_from", NULL, TWIN_COMMAND_KIND_CHOICE, TWIN_COMMAND_RESET_FROM, G_STRUCT_OFFSET (TwinCommand, reset_from),
    NULL, "With reset: start from the model's initial state (initial, the default) or from the "
    "steady state of the current inputs (steady)", FALSE, reset_from_choices },
  { NULL, NULL, TWIN_COMMAND_KIND_NUMBER, TWIN_COMMAND_RUN_FOR, G_STRUCT_OFFSET (TwinCommand, run_for),
    &run_for_field, NULL, FALSE },
  BOOLEAN ("run_until_event", NULL, TWIN_COMMAND_RUN_UNTIL_EVENT, run_until_event,
           "Advance at once until the next alarm raise or clear, zone change or trip, at most run_for "
           "seconds (86400 without run_for)", FALSE),
};

#undef NUMBER
#undef BOOLEAN

const TwinCommandWireField *
twin_command_wire_fields (guint *n_fields)
{
  *n_fields = G_N_ELEMENTS (wire_fields);
  return wire_fields;
}

TwinCommand *
twin_command_copy (const TwinCommand *command)
{
  return g_memdup2 (command, sizeof *command);
}

void
twin_command_free (TwinCommand *command)
{
  g_free (command);
}

/**
 * twin_command_add_param:
 *
 * Adds a parameter to set; a name longer than the command holds or one
 * more than it has room for is refused, as no model has such names or
 * that many parameters.
 */
gboolean
twin_command_add_param (TwinCommand  *command,
                        const char   *name,
                        double        value,
                        GError      **error)
{
  TwinCommandParam *p;

  g_return_val_if_fail (command != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (command->n_params >= TWIN_COMMAND_MAX_PARAMS || strlen (name) >= sizeof p->name)
    {
      g_autofree char *shown = g_utf8_make_valid (name, MIN (strlen (name), 64));

      g_set_error (error, TWIN_ENGINE_ERROR, TWIN_ENGINE_ERROR_UNKNOWN_FIELD,
                   "%s: not a parameter; allowed: at most %d parameters, names of at most %d bytes",
                   shown, TWIN_COMMAND_MAX_PARAMS, (int) sizeof p->name - 1);
      return FALSE;
    }

  p = &command->params[command->n_params++];
  g_strlcpy (p->name, name, sizeof p->name);
  p->value = value;
  command->fields |= TWIN_COMMAND_PARAMS;
  return TRUE;
}

/**
 * twin_command_set_model:
 *
 * Sets the model to switch to, when @id names one.
 */
gboolean
twin_command_set_model (TwinCommand  *command,
                        const char   *id,
                        GError      **error)
{
  g_return_val_if_fail (command != NULL, FALSE);

  if (!twin_validate_model (id, error))
    return FALSE;

  g_strlcpy (command->model, id, sizeof command->model);
  command->fields |= TWIN_COMMAND_MODEL;
  return TRUE;
}

const char *
twin_command_source_to_string (TwinCommandSource source)
{
  static const char * const names[TWIN_N_COMMAND_SOURCES] = {
    [TWIN_COMMAND_SOURCE_PROGRAM] = "program",
    [TWIN_COMMAND_SOURCE_WINDOW] = "window",
    [TWIN_COMMAND_SOURCE_MQTT] = "mqtt",
    [TWIN_COMMAND_SOURCE_REST] = "rest",
    [TWIN_COMMAND_SOURCE_COMMAND_LINE] = "command-line",
    [TWIN_COMMAND_SOURCE_SETTINGS] = "settings",
    [TWIN_COMMAND_SOURCE_SCENARIO] = "scenario",
    [TWIN_COMMAND_SOURCE_REPLAY] = "replay",
  };

  g_return_val_if_fail (source < TWIN_N_COMMAND_SOURCES, NULL);

  return names[source];
}

/**
 * twin_validate_number:
 *
 * Accepts @value when it is finite and within [@min, @max]; otherwise sets
 * an error that names the field, the value and the allowed range.
 */
gboolean
twin_validate_number (const char  *field,
                      double       value,
                      double       min,
                      double       max,
                      const char  *unit,
                      GError     **error)
{
  const char *sep = unit != NULL && *unit != '\0' ? " " : "";

  if (unit == NULL)
    unit = "";

  if (!isfinite (value))
    {
      g_set_error (error, TWIN_ENGINE_ERROR, TWIN_ENGINE_ERROR_INVALID_VALUE,
                   "%s: %s is not a finite number; allowed: %s to %s%s%s",
                   field, isnan (value) ? "NaN" : (value > 0 ? "Infinity" : "-Infinity"),
                   TWIN_NUM (min), TWIN_NUM (max), sep, unit);
      return FALSE;
    }

  if (value < min || value > max)
    {
      g_set_error (error, TWIN_ENGINE_ERROR, TWIN_ENGINE_ERROR_INVALID_VALUE,
                   "%s: %s is out of range; allowed: %s to %s%s%s",
                   field, TWIN_NUM (value), TWIN_NUM (min), TWIN_NUM (max), sep, unit);
      return FALSE;
    }

  return TRUE;
}

/* Decimal only, as a person types it: an optional sign, digits with an
 * optional fraction, an optional exponent. strtod() alone would also take
 * hex ("0x10", "0x1p4") and leading blanks. */
static gboolean
is_decimal (const char *text)
{
  const char *p = text;
  gsize digits = 0;

  if (*p == '+' || *p == '-')
    p++;
  for (; g_ascii_isdigit (*p); p++)
    digits++;
  if (*p == '.')
    for (p++; g_ascii_isdigit (*p); p++)
      digits++;
  if (digits == 0)
    return FALSE;

  if (*p == 'e' || *p == 'E')
    {
      p++;
      if (*p == '+' || *p == '-')
        p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }

  return *p == '\0';
}

/* "nan", "inf" and "infinity" get twin_validate_number()'s message, which
 * says why they are refused. */
static gboolean
is_non_finite_word (const char *text)
{
  if (*text == '+' || *text == '-')
    text++;

  return g_ascii_strcasecmp (text, "nan") == 0 ||
         g_ascii_strcasecmp (text, "inf") == 0 ||
         g_ascii_strcasecmp (text, "infinity") == 0;
}

/**
 * twin_parse_number:
 * @text: a number as typed, on a command line or in a query string
 *
 * Reads @text as a decimal number (C locale, nothing before or after it;
 * no hex, no value too small or too large for a double) and checks it as
 * twin_validate_number() does; the error names the field, what was given
 * and the allowed range either way.
 */
gboolean
twin_parse_number (const char  *field,
                   const char  *text,
                   double       min,
                   double       max,
                   const char  *unit,
                   double      *out,
                   GError     **error)
{
  const char *sep = unit != NULL && *unit != '\0' ? " " : "";
  g_autofree char *shown = NULL;
  double value;

  g_return_val_if_fail (text != NULL, FALSE);

  if (unit == NULL)
    unit = "";

  if (is_non_finite_word (text))
    return twin_validate_number (field, g_ascii_strtod (text, NULL), min, max, unit, error);

  shown = g_utf8_make_valid (text, MIN (strlen (text), 64));
  if (!is_decimal (text))
    {
      g_set_error (error, TWIN_ENGINE_ERROR, TWIN_ENGINE_ERROR_WRONG_TYPE,
                   "%s: \"%s\" is not a number; allowed: %s to %s%s%s",
                   field, shown, TWIN_NUM (min), TWIN_NUM (max), sep, unit);
      return FALSE;
    }

  errno = 0;
  value = g_ascii_strtod (text, NULL);
  /* Underflow would turn "1e-400" into 0 silently; overflow gives
   * Infinity, which twin_validate_number() names as such. */
  if (errno == ERANGE && isfinite (value) && fabs (value) < 1.0)
    {
      g_set_error (error, TWIN_ENGINE_ERROR, TWIN_ENGINE_ERROR_INVALID_VALUE,
                   "%s: \"%s\" is too close to 0 to be represented; allowed: %s to %s%s%s",
                   field, shown, TWIN_NUM (min), TWIN_NUM (max), sep, unit);
      return FALSE;
    }

  if (!twin_validate_number (field, value, min, max, unit, error))
    return FALSE;

  *out = value;
  return TRUE;
}

gboolean
twin_validate_field (const TwinField  *spec,
                     double            value,
                     GError          **error)
{
  return twin_validate_number (spec->name, value, spec->min, spec->max, spec->unit, error);
}

gboolean
twin_validate_model (const char  *id,
                     GError     **error)
{
  g_autoptr(GString) known = NULL;

  if (twin_model_lookup (id) != NULL)
    return TRUE;

  known = g_string_new (NULL);
  for (size_t i = 0; i < twin_model_registry_count (); i++)
    g_string_append_printf (known, "%s%s", i > 0 ? ", " : "", twin_model_registry_get (i)->id);

  g_set_error (error, TWIN_ENGINE_ERROR, TWIN_ENGINE_ERROR_UNKNOWN_MODEL,
               "model: \"%s\" is not a known model; allowed: %s", id ? id : "", known->str);
  return FALSE;
}

/**
 * twin_command_parse_choice:
 *
 * Reads @text as one of a CHOICE field's strings; the error names the
 * field, the value and the allowed strings.
 */
gboolean
twin_command_parse_choice (const TwinCommandWireField  *field,
                           const char                  *text,
                           guint                       *out,
                           GError                     **error)
{
  g_autofree char *allowed = NULL;
  g_autofree char *shown = NULL;

  g_return_val_if_fail (field->kind == TWIN_COMMAND_KIND_CHOICE, FALSE);

  for (guint i = 0; text != NULL && field->choices[i] != NULL; i++)
    if (g_str_equal (text, field->choices[i]))
      {
        *out = i;
        return TRUE;
      }

  allowed = g_strjoinv (", ", (char **)field->choices);
  shown = text != NULL ? g_utf8_make_valid (text, MIN (strlen (text), 64)) : g_strdup ("");
  g_set_error (error, TWIN_ENGINE_ERROR, TWIN_ENGINE_ERROR_INVALID_VALUE,
               "%s: \"%s\" is not allowed; allowed: %s", field->name, shown, allowed);
  return FALSE;
}

/**
 * twin_command_validate:
 *
 * Checks the range of every number of @command and the model it names;
 * the one place commands' values are checked, whatever brought them.
 */
gboolean
twin_command_validate (const TwinCommand  *command,
                       GError            **error)
{
  g_return_val_if_fail (command != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (wire_fields); i++)
    {
      const TwinCommandWireField *f = &wire_fields[i];
      const char *value = (const char *)command + f->offset;

      if (!(command->fields & f->flag))
        continue;
      if (f->kind == TWIN_COMMAND_KIND_NUMBER && !twin_validate_field (f->spec, *(const double *)value, error))
        return FALSE;
      if (f->kind == TWIN_COMMAND_KIND_MODEL && !twin_validate_model (value, error))
        return FALSE;
      if (f->kind == TWIN_COMMAND_KIND_CHOICE && *(const guint *)value >= g_strv_length ((char **)f->choices))
        {
          g_set_error (error, TWIN_ENGINE_ERROR, TWIN_ENGINE_ERROR_INVALID_VALUE,
                       "%s: %u is not one of its choices", f->name, *(const guint *)value);
          return FALSE;
        }
    }

  if ((command->fields & TWIN_COMMAND_RESET_FROM) && !((command->fields & TWIN_COMMAND_RESET) && command->reset))
    {
      g_set_error (error, TWIN_ENGINE_ERROR, TWIN_ENGINE_ERROR_INVALID_VALUE,
                   "reset_from: only with \"reset\": true; allowed: initial, steady");
      return FALSE;
    }

  return TRUE;
}
