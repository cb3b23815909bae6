/* twin-command-text.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a command changed, as the window says it: "Speed setpoint
 * 2000 rpm", "Cooling degraded, Trip reset".
 */

#define G_LOG_DOMAIN "twin-command-text"

#include "config.h"

#include <glib/gi18n.h>

#include "twin-command-text.h"
#include "twin-format.h"

static char *
describe_field (const TwinCommand *c,
                TwinCommandField   field)
{
  g_autofree char *value = NULL;

  switch (field)
    {
    case TWIN_COMMAND_AMBIENT:
      value = twin_format_input (TWIN_INPUT_AMBIENT, c->ambient);
      return g_strdup_printf (_("Ambient %s"), value);
    case TWIN_COMMAND_RPM_SETPOINT:
      value = twin_format_input (TWIN_INPUT_RPM_SETPOINT, c->rpm_setpoint);
      return g_strdup_printf (_("Speed setpoint %s"), value);
    case TWIN_COMMAND_PAUSED:
      return g_strdup (c->paused ? _("Paused") : _("Running"));
    case TWIN_COMMAND_TIME_SCALE:
      value = twin_format_grouped (c->time_scale, c->time_scale < 1 ? 1 : 0);
      return g_strdup_printf (_("Time scale %s×"), value);
    case TWIN_COMMAND_MODEL:
      return g_strdup_printf (_("Model %s"), c->model);
    case TWIN_COMMAND_COOLING_DEGRADED:
      return g_strdup (c->cooling_degraded ? _("Cooling degraded") : _("Cooling restored"));
    case TWIN_COMMAND_BEARING_DEFECT:
      return g_strdup (c->bearing_defect ? _("Bearing defect") : _("Bearing defect cleared"));
    case TWIN_COMMAND_RESET_TRIP:
      return g_strdup (_("Trip reset"));
    case TWIN_COMMAND_RESET:
      if ((c->fields & TWIN_COMMAND_RESET_FROM) && c->reset_from == TWIN_RESET_FROM_STEADY)
        return g_strdup (_("Simulation reset to the steady state"));
      return g_strdup (_("Simulation reset"));
    case TWIN_COMMAND_RUN_FOR:
      value = twin_format_duration (c->run_for);
      return (c->fields & TWIN_COMMAND_RUN_UNTIL_EVENT) && c->run_until_event
             ? g_strdup_printf (_("Run to the next event, at most %s"), value)
             : g_strdup_printf (_("Run %s ahead"), value);
    case TWIN_COMMAND_RUN_UNTIL_EVENT:
      return !(c->fields & TWIN_COMMAND_RUN_FOR) && c->run_until_event ? g_strdup (_("Run to the next event")) : NULL;
    case TWIN_COMMAND_PARAMS:
      return g_strdup (_("Parameters changed"));
    case TWIN_COMMAND_NOISE:
      return g_strdup (c->noise ? _("Measurement noise on") : _("Measurement noise off"));
    case TWIN_COMMAND_SYNC:
      return g_strdup (_("Twin set to a measurement"));
    default:
      return NULL;
    }
}

/**
 * twin_command_describe:
 *
 * Returns: what @command changes, field by field, such as "Speed
 *   setpoint 2000 rpm, Cooling degraded"
 */
char *
twin_command_describe (const TwinCommand *command)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (command != NULL, NULL);

  for (guint bit = 0; bit < 32; bit++)
    {
      g_autofree char *part = NULL;

      if (!(command->fields & (1u << bit)))
        continue;
      part = describe_field (command, 1u << bit);
      if (part == NULL)
        continue;
      if (text->len > 0)
        g_string_append (text, _(", "));
      g_string_append (text, part);
    }

  if (text->len == 0)
    g_string_append (text, _("No change"));

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Sources outside the window and its user: MQTT and REST. */
gboolean
twin_command_source_is_remote (TwinCommandSource source)
{
  return source == TWIN_COMMAND_SOURCE_MQTT || source == TWIN_COMMAND_SOURCE_REST;
}

/* A source's name as the window shows it: "MQTT", "REST", "the window". */
const char *
twin_command_source_title (TwinCommandSource source)
{
  switch (source)
    {
    case TWIN_COMMAND_SOURCE_MQTT:
      return "MQTT";
    case TWIN_COMMAND_SOURCE_REST:
      return "REST";
    case TWIN_COMMAND_SOURCE_WINDOW:
      return _("the window");
    case TWIN_COMMAND_SOURCE_COMMAND_LINE:
      return _("the command line");
    case TWIN_COMMAND_SOURCE_SETTINGS:
      return _("the preferences");
    case TWIN_COMMAND_SOURCE_SCENARIO:
      return _("a scenario");
    case TWIN_COMMAND_SOURCE_REPLAY:
      return _("a replay");
    case TWIN_COMMAND_SOURCE_PROGRAM:
    default:
      return _("the program");
    }
}
