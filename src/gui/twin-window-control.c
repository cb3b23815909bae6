/* twin-window-control.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * When the clock stops by itself and who may steer: Pause on Trip and
 * Pause on Alarm (win.pause-on-trip, win.pause-on-alarm) follow the
 * engine's pause-on, and the command lock locks the sidebar's inputs in
 * trainer mode.  Both are preferences when the window has settings.
 */

#define G_LOG_DOMAIN "twin-window-control"

#include "config.h"

#include <glib/gi18n.h>

#include "twin-format.h"
#include "twin-window-private.h"

static const struct {
  const char *name;    /* the action's and the GSettings key's */
  TwinPauseOn flag;
} pause_ons[] = {
  { "pause-on-trip",  TWIN_PAUSE_ON_TRIP },
  { "pause-on-alarm", TWIN_PAUSE_ON_ALARM },
};

static void
set_pause_flag (TwinWindow *self,
                guint       flag,
                gboolean    on)
{
  guint flags = twin_engine_get_pause_on (self->engine);

  twin_engine_set_pause_on (self->engine, on ? flags | flag : flags & ~flag);
}

static void
pause_on_change_state_cb (GSimpleAction *action,
                          GVariant      *value,
                          gpointer       data)
{
  TwinWindow *self = data;
  const char *name = g_action_get_name (G_ACTION (action));
  gboolean on = g_variant_get_boolean (value);

  g_assert (TWIN_IS_WINDOW (self));

  for (guint i = 0; i < G_N_ELEMENTS (pause_ons); i++)
    {
      if (!g_str_equal (name, pause_ons[i].name))
        continue;
      /* The preference, when there is one, sets the engine in turn. */
      if (self->settings != NULL)
        g_settings_set_boolean (self->settings, pause_ons[i].name, on);
      else
        set_pause_flag (self, pause_ons[i].flag, on);
    }
}

static void
sync_pause_on (TwinWindow *self)
{
  guint flags = twin_engine_get_pause_on (self->engine);

  for (guint i = 0; i < G_N_ELEMENTS (pause_ons); i++)
    {
      GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), pause_ons[i].name);

      g_simple_action_set_state (G_SIMPLE_ACTION (action),
                                 g_variant_new_boolean ((flags & pause_ons[i].flag) != 0));
    }
}

/* Trainer mode: MQTT or REST steer, and the window's inputs and faults
 * say so instead of refusing every change with a toast. */
static void
sync_command_lock (TwinWindow *self)
{
  gboolean locked = twin_engine_get_command_lock (self->engine) == TWIN_COMMAND_LOCK_WINDOW;
  GtkWidget *inputs[] = {
    GTK_WIDGET (self->ambient_scale), GTK_WIDGET (self->ambient_spin),
    GTK_WIDGET (self->rpm_scale), GTK_WIDGET (self->rpm_spin),
    GTK_WIDGET (self->faults_group),
  };
  const char *why = locked ? _("Remote commands steer (trainer mode): the window’s inputs are locked. "
                               "Preferences › Connections › Who Steers unlocks them.")
                           : NULL;

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    gtk_widget_set_sensitive (inputs[i], !locked);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->inputs_group), why);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->faults_group), why);
}

static void
engine_notify_cb (TwinWindow *self,
                  GParamSpec *pspec,
                  TwinEngine *engine)
{
  if (g_str_equal (pspec->name, "pause-on"))
    sync_pause_on (self);
  else if (g_str_equal (pspec->name, "command-lock"))
    sync_command_lock (self);
}

/* Why the clock stopped by itself: the engine pauses at the very step,
 * and one step can raise several alarms. */
static void
engine_alarm_cb (TwinWindow           *self,
                 const TwinAlarmEvent *event,
                 TwinEngine           *engine)
{
  guint flags = twin_engine_get_pause_on (engine);
  gboolean trip = event->alarm == TWIN_ALARM_TRIPPED;
  g_autofree char *clock = NULL;
  g_autofree char *text = NULL;

  if (!event->raised || !((flags & TWIN_PAUSE_ON_ALARM) || ((flags & TWIN_PAUSE_ON_TRIP) && trip)))
    return;
  if (event->timestamp == self->paused_at && !trip)
    return;
  self->paused_at = event->timestamp;

  clock = twin_format_duration (event->timestamp);
  text = trip ? g_strdup_printf (_("Paused at the trip, t = %s (Pause on Trip)"), clock)
              : g_strdup_printf (_("Paused at an alarm, t = %s (Pause on Alarm)"), clock);
  twin_window_add_toast (self, text);
}

static void
settings_changed_cb (TwinWindow *self,
                     const char *key,
                     GSettings  *settings)
{
  for (guint i = 0; i < G_N_ELEMENTS (pause_ons); i++)
    if (g_str_equal (key, pause_ons[i].name))
      set_pause_flag (self, pause_ons[i].flag, g_settings_get_boolean (settings, key));

  if (g_str_equal (key, "command-lock"))
    twin_engine_set_command_lock (self->engine, g_settings_get_enum (settings, key));
}

void
_twin_window_control_init (TwinWindow *self)
{
  g_assert (TWIN_IS_WINDOW (self));

  for (guint i = 0; i < G_N_ELEMENTS (pause_ons); i++)
    {
      g_autoptr(GSimpleAction) action =
        g_simple_action_new_stateful (pause_ons[i].name, NULL, g_variant_new_boolean (FALSE));

      g_signal_connect_object (action, "change-state", G_CALLBACK (pause_on_change_state_cb), self, 0);
      g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (action));
    }

  if (self->settings != NULL)
    {
      g_signal_connect_object (self->settings, "changed", G_CALLBACK (settings_changed_cb),
                               self, G_CONNECT_SWAPPED);
      for (guint i = 0; i < G_N_ELEMENTS (pause_ons); i++)
        settings_changed_cb (self, pause_ons[i].name, self->settings);
      settings_changed_cb (self, "command-lock", self->settings);
    }

  self->paused_at = -1;
  g_signal_connect_object (self->engine, "alarm", G_CALLBACK (engine_alarm_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->engine, "notify::pause-on", G_CALLBACK (engine_notify_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->engine, "notify::command-lock", G_CALLBACK (engine_notify_cb),
                           self, G_CONNECT_SWAPPED);
  sync_pause_on (self);
  sync_command_lock (self);
}
