/* twin-window-actions.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window's actions (win.*) and their keyboard shortcuts.
 */

#define G_LOG_DOMAIN "twin-window-actions"

#include "config.h"

#include <glib/gi18n.h>

#include "twin-export-dialog.h"
#include "twin-preferences-window.h"
#include "twin-window-private.h"

static void
track_dialog (GtkWindow **field,
              GtkWindow  *dialog)
{
  g_clear_weak_pointer (field);
  g_set_weak_pointer (field, dialog);
}

static void
twin_window_actions_play_pause_cb (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *param)
{
  TwinWindow *self = (TwinWindow *)widget;
  TwinCommand command = { .fields = TWIN_COMMAND_PAUSED };

  g_assert (TWIN_IS_WINDOW (self));

  command.paused = !twin_engine_get_paused (self->engine);
  _twin_window_apply_command (self, &command);
}

static void
twin_window_actions_step_cb (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *param)
{
  TwinWindow *self = (TwinWindow *)widget;
  TwinCommand command = { .fields = TWIN_COMMAND_PAUSED, .paused = TRUE };

  g_assert (TWIN_IS_WINDOW (self));

  /* Stepping by hand only makes sense with the clock stopped. */
  if (twin_engine_get_paused (self->engine) || _twin_window_apply_command (self, &command))
    twin_engine_step_once (self->engine);
}

static void
twin_window_actions_reset_response_cb (TwinWindow       *self,
                                       const char       *response,
                                       AdwMessageDialog *dialog)
{
  TwinCommand command = { .fields = TWIN_COMMAND_RESET, .reset = TRUE };

  g_assert (TWIN_IS_WINDOW (self));

  if (g_strcmp0 (response, "steady") == 0)
    {
      command.fields |= TWIN_COMMAND_RESET_FROM;
      command.reset_from = TWIN_RESET_FROM_STEADY;
      if (_twin_window_apply_command (self, &command))
        twin_window_add_toast (self, _("Simulation reset to 0 s, from the steady state of the inputs"));
    }
  else if (g_strcmp0 (response, "reset") == 0 && _twin_window_apply_command (self, &command))
    {
      twin_window_add_toast (self, _("Simulation reset to 0 s"));
    }
}

static void
twin_window_actions_reset_cb (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *param)
{
  TwinWindow *self = (TwinWindow *)widget;
  GtkWidget *dialog;

  g_assert (TWIN_IS_WINDOW (self));

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Reset the Simulation?"),
                                   _("Time starts over at 0 s from the model’s initial state and "
                                     "the history is cleared. The inputs stay as they are."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", "_Cancel",
                                    "steady", _("From the _Steady State"),
                                    "reset", "_Reset",
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "reset",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (twin_window_actions_reset_response_cb),
                           self, G_CONNECT_SWAPPED);
  track_dialog (&self->reset_dialog, GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
twin_window_actions_reset_trip_cb (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *param)
{
  TwinWindow *self = (TwinWindow *)widget;

  g_assert (TWIN_IS_WINDOW (self));

  _twin_window_reset_trip (self);
}

static void
twin_window_actions_sync_cb (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *param)
{
  TwinWindow *self = (TwinWindow *)widget;
  g_autoptr(GError) error = NULL;

  g_assert (TWIN_IS_WINDOW (self));

  if (!twin_engine_sync_to_measurement (self->engine, TWIN_COMMAND_SOURCE_WINDOW, &error))
    twin_window_add_toast (self, error->message);
  else
    twin_window_add_toast (self, _("Twin set to the last measurement"));
}

static void
twin_window_actions_export_cb (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *param)
{
  TwinWindow *self = (TwinWindow *)widget;

  g_assert (TWIN_IS_WINDOW (self));

  if (self->export_dialog == NULL)
    track_dialog (&self->export_dialog, GTK_WINDOW (twin_export_dialog_new (self)));
  gtk_window_present (self->export_dialog);
}

static void
twin_window_actions_preferences_cb (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *param)
{
  TwinWindow *self = (TwinWindow *)widget;

  g_assert (TWIN_IS_WINDOW (self));

  if (self->preferences_window == NULL)
    {
      GtkWindow *window = GTK_WINDOW (twin_preferences_window_new (self->settings));

      gtk_window_set_transient_for (window, GTK_WINDOW (self));
      track_dialog (&self->preferences_window, window);
    }
  gtk_window_present (self->preferences_window);
}

/* The status bar's MQTT row opens the preferences where it is set. */
static void
twin_window_actions_mqtt_preferences_cb (GtkWidget  *widget,
                                         const char *action_name,
                                         GVariant   *param)
{
  TwinWindow *self = (TwinWindow *)widget;

  g_assert (TWIN_IS_WINDOW (self));

  twin_window_actions_preferences_cb (widget, "win.preferences", NULL);
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (self->preferences_window), "connections");
}

static void
twin_window_actions_about_cb (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *param)
{
  static const char *developers[] = { "The Twinscope developers", NULL };
  TwinWindow *self = (TwinWindow *)widget;
  GtkWidget *about;

  g_assert (TWIN_IS_WINDOW (self));

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", self,
                        "application-name", "Twinscope",
                        "application-icon", APP_ID,
                        "developer-name", _("The Twinscope developers"),
                        "translator-credits", _("translator-credits"),
                        "version", PACKAGE_VERSION,
                        "comments", _("A digital twin of a rotating machine: explore what it does, "
                                      "and will do, when its inputs change."),
                        "website", "https://github.com/twinscope/twinscope",
                        "issue-url", "https://github.com/twinscope/twinscope/issues",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        NULL);
  track_dialog (&self->about_window, GTK_WINDOW (about));
  gtk_window_present (GTK_WINDOW (about));
}

static void
twin_window_actions_fullscreen_cb (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *param)
{
  GtkWindow *window = GTK_WINDOW (widget);

  g_assert (TWIN_IS_WINDOW (widget));

  if (gtk_window_is_fullscreen (window))
    gtk_window_unfullscreen (window);
  else
    gtk_window_fullscreen (window);
}

/* Space runs or pauses wherever the focus is, except where it types. It
 * is caught before the focused widget sees it, since GtkWindow binds it
 * to "activate the focus" first. */
static gboolean
twin_window_actions_space_cb (GtkWidget *widget,
                              GVariant  *args,
                              gpointer   user_data)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (widget));

  g_assert (TWIN_IS_WINDOW (widget));

  if (focus != NULL && (GTK_IS_TEXT (focus) || GTK_IS_EDITABLE (focus)))
    return FALSE;

  /* Replaying, Space plays and pauses the recording. */
  gtk_widget_activate_action (widget, TWIN_WINDOW (widget)->replay != NULL ? "win.replay-play" : "win.play-pause",
                              NULL);
  return TRUE;
}

void
_twin_window_class_actions_init (TwinWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "win.play-pause", NULL, twin_window_actions_play_pause_cb);
  gtk_widget_class_install_action (widget_class, "win.step", NULL, twin_window_actions_step_cb);
  gtk_widget_class_install_action (widget_class, "win.reset", NULL, twin_window_actions_reset_cb);
  gtk_widget_class_install_action (widget_class, "win.reset-trip", NULL, twin_window_actions_reset_trip_cb);
  gtk_widget_class_install_action (widget_class, "win.sync", NULL, twin_window_actions_sync_cb);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, twin_window_actions_export_cb);
  gtk_widget_class_install_action (widget_class, "win.preferences", NULL, twin_window_actions_preferences_cb);
  gtk_widget_class_install_action (widget_class, "win.mqtt-preferences", NULL,
                                   twin_window_actions_mqtt_preferences_cb);
  gtk_widget_class_install_action (widget_class, "win.about", NULL, twin_window_actions_about_cb);
  gtk_widget_class_install_action (widget_class, "win.fullscreen", NULL, twin_window_actions_fullscreen_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_period, 0, "win.step", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Decimal, 0, "win.step", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "win.export", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_comma, GDK_CONTROL_MASK, "win.preferences", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F11, 0, "win.fullscreen", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_q, GDK_CONTROL_MASK, "app.quit", NULL);
}

/* What a class binding cannot do: Space, which must be seen before the
 * focused widget does. */
void
_twin_window_actions_init (TwinWindow *self)
{
  GtkEventController *controller;

  g_assert (TWIN_IS_WINDOW (self));

  controller = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_space, 0),
                                                          gtk_callback_action_new (twin_window_actions_space_cb,
                                                                                   NULL, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

/**
 * _twin_window_actions_update:
 *
 * Enables Reset Trip while the machine is tripped, and Sync while there
 * is a measurement to sync to.
 */
void
_twin_window_actions_update (TwinWindow *self)
{
  g_assert (TWIN_IS_WINDOW (self));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.reset-trip",
                                 twin_engine_get_tripped (self->engine));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sync",
                                 twin_shadow_get_last (twin_engine_get_shadow (self->engine), NULL));
}
