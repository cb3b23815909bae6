/* twin-window-runs.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Fast-forward: run until the next event, or run a given time, at once,
 * through the engine's run_for command; a toast says where it stopped.
 */

#define G_LOG_DOMAIN "twin-window"

#include "config.h"

#include <glib/gi18n.h>

#include "twin-format.h"
#include "twin-window-private.h"

static const char *
describe_stop (TwinRunStop stop)
{
  switch (stop)
    {
    case TWIN_RUN_STOP_TIME:   return N_("no event on the way");
    case TWIN_RUN_STOP_HALTED: return N_("the simulation paused itself");
    case TWIN_RUN_STOP_ZONE:   return N_("the vibration zone changed");
    case TWIN_RUN_STOP_ALARM:  return N_("an alarm was raised or cleared");
    case TWIN_RUN_STOP_TRIP:   return N_("the machine tripped");
    default:                   g_return_val_if_reached ("");
    }
}

static void
run (TwinWindow *self,
     double      seconds,
     gboolean    until_event)
{
  TwinCommand command = { .fields = TWIN_COMMAND_RUN_FOR, .run_for = seconds };
  double start = twin_engine_get_timestamp (self->engine);
  g_autofree char *ran = NULL;
  g_autofree char *at = NULL;
  g_autofree char *message = NULL;

  if (until_event)
    {
      command.fields |= TWIN_COMMAND_RUN_UNTIL_EVENT;
      command.run_until_event = TRUE;
    }
  if (!_twin_window_apply_command (self, &command))
    return;

  ran = twin_format_duration (twin_engine_get_timestamp (self->engine) - start);
  at = twin_format_duration (twin_engine_get_timestamp (self->engine));
  /* Translators: "Ran 3 min 12.0 s to 13 min 12.0 s: an alarm was raised or cleared" */
  message = g_strdup_printf (_("Ran %s to %s: %s"), ran, at, _(describe_stop (twin_engine_get_run_stop (self->engine))));
  twin_window_add_toast (self, message);
}

static void
run_until_event_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  TwinWindow *self = (TwinWindow *)widget;

  g_assert (TWIN_IS_WINDOW (self));

  run (self, TWIN_COMMAND_RUN_FOR_MAX, TRUE);
}

static void
run_for_cb (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  TwinWindow *self = (TwinWindow *)widget;

  g_assert (TWIN_IS_WINDOW (self));

  run (self, g_variant_get_double (param), FALSE);
}

void
_twin_window_class_runs_init (TwinWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "win.run-until-event", NULL, run_until_event_cb);
  /* Its parameter: simulated seconds. */
  gtk_widget_class_install_action (widget_class, "win.run-for", "d", run_for_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_period, GDK_CONTROL_MASK,
                                       "win.run-until-event", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_period, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.run-for", "d", 60.0);
}
