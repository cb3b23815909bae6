/* twin-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "twin-application"

#include "config.h"

#include <glib-unix.h>
#include <signal.h>

#include "twin-application.h"
#include "twin-gui.h"
#include "twin-window.h"

/* Frames to let pass before a --screenshot, so that the layout has
 * settled and the plot has drawn the history. */
#define SCREENSHOT_FRAMES 3

struct _TwinApplication
{
  AdwApplication      parent_instance;

  TwinEngine         *engine;
  GSettings          *settings;
  TwinEngineSettings *engine_settings;
  TwinServices       *services;

  TwinCommand         start;      /* from the command line */
  double              duration;
  char               *screenshot;
  guint               frames;
  int                 exit_status;
  guint               signal_ids[2];
};

G_DEFINE_FINAL_TYPE (TwinApplication, twin_application, ADW_TYPE_APPLICATION)

static void
refused_cb (TwinApplication    *self,
            const char         *key,
            const char         *message,
            TwinEngineSettings *engine_settings)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (TWIN_IS_WINDOW (window))
    twin_window_add_toast (TWIN_WINDOW (window), message);
}

/* Taken right after a frame was painted, when every widget has its
 * allocation and nothing has changed since. */
static void
screenshot_after_paint_cb (GdkFrameClock   *clock,
                           TwinApplication *self)
{
  g_autoptr(GError) error = NULL;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  g_signal_handlers_disconnect_by_func (clock, screenshot_after_paint_cb, self);

  if (!TWIN_IS_WINDOW (window) ||
      !twin_window_save_screenshot (TWIN_WINDOW (window), self->screenshot, &error))
    {
      g_printerr ("twinscope: --screenshot: %s\n", error ? error->message : "no window");
      self->exit_status = 1;
    }

  g_application_quit (G_APPLICATION (self));
}

static gboolean
screenshot_tick_cb (GtkWidget     *widget,
                    GdkFrameClock *clock,
                    gpointer       user_data)
{
  TwinApplication *self = user_data;

  if (++self->frames < SCREENSHOT_FRAMES)
    return G_SOURCE_CONTINUE;

  g_signal_connect (clock, "after-paint", G_CALLBACK (screenshot_after_paint_cb), self);
  gtk_widget_queue_draw (widget);
  return G_SOURCE_REMOVE;
}

static void
update_status (TwinApplication *self)
{
  g_autofree char *rest_detail = twin_services_dup_rest_detail (self->services);
  g_autofree char *mqtt_detail = twin_services_dup_mqtt_detail (self->services);

  for (const GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (TWIN_IS_WINDOW (l->data))
      {
        twin_window_set_rest_status (l->data, twin_services_get_rest_state (self->services), rest_detail);
        twin_window_set_mqtt_status (l->data, twin_services_get_mqtt_state (self->services), mqtt_detail);
      }
}

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  TwinApplication *self = user_data;
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  /* Closing, not destroying, lets each window save its size. */
  for (const GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
}

/* Ctrl+C in the terminal, or a kill, quits as the menu does: the windows
 * save their state and the mirror's offline goes out before the built-in
 * broker stops. */
static gboolean
quit_signal_cb (gpointer user_data)
{
  g_action_group_activate_action (G_ACTION_GROUP (user_data), "quit", NULL);
  return G_SOURCE_CONTINUE;
}

static void
twin_application_startup (GApplication *application)
{
  TwinApplication *self = TWIN_APPLICATION (application);
  static const GActionEntry actions[] = {
    { "quit", quit_action },
  };
  static const char *quit_accels[] = { "<Control>q", NULL };
  g_autoptr(GError) error = NULL;

  twin_gui_init ();

  G_APPLICATION_CLASS (twin_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (self), actions, G_N_ELEMENTS (actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  self->signal_ids[0] = g_unix_signal_add (SIGINT, quit_signal_cb, self);
  self->signal_ids[1] = g_unix_signal_add (SIGTERM, quit_signal_cb, self);

  /* Light and dark follow the system. */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  self->settings = g_settings_new (APP_ID);
  self->engine = twin_engine_new ();
  self->engine_settings = twin_engine_settings_new (self->settings, self->engine);
  g_signal_connect_object (self->engine_settings, "refused", G_CALLBACK (refused_cb),
                           self, G_CONNECT_SWAPPED);

  /* The options were validated by main() already. */
  if (!twin_engine_apply_command (self->engine, &self->start, &error))
    g_warning ("%s", error->message);

  /* With --screenshot, --duration runs that much simulated time first, so
   * that the picture shows a trajectory. */
  if (self->screenshot != NULL && self->duration > 0)
    twin_engine_advance (self->engine, self->duration);

  twin_engine_start (self->engine);

  self->services = twin_services_new (self->settings, self->engine);
  g_signal_connect_object (self->services, "changed", G_CALLBACK (update_status),
                           self, G_CONNECT_SWAPPED);
}

static void
twin_application_shutdown (GApplication *application)
{
  TwinApplication *self = TWIN_APPLICATION (application);

  for (guint i = 0; i < G_N_ELEMENTS (self->signal_ids); i++)
    g_clear_handle_id (&self->signal_ids[i], g_source_remove);
  if (self->engine != NULL)
    twin_engine_stop (self->engine);
  /* Now, not whenever the application is finalized: the mirror's offline
   * goes out through the built-in broker, then the broker stops. */
  g_clear_object (&self->services);

  G_APPLICATION_CLASS (twin_application_parent_class)->shutdown (application);
}

static void
twin_application_activate (GApplication *application)
{
  TwinApplication *self = TWIN_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  /* The window draws the course the services publish: one outlook. */
  if (window == NULL)
    window = g_object_new (TWIN_TYPE_WINDOW,
                           "application", self,
                           "engine", self->engine,
                           "settings", self->settings,
                           "outlook", twin_services_get_outlook (self->services),
                           "training", twin_services_get_training (self->services),
                           "recordings", twin_services_get_recordings (self->services),
                           NULL);

  if (self->screenshot != NULL)
    gtk_widget_add_tick_callback (GTK_WIDGET (window), screenshot_tick_cb, self, NULL);

  update_status (self);
  gtk_window_present (window);
}

static void
twin_application_dispose (GObject *object)
{
  TwinApplication *self = (TwinApplication *)object;

  g_clear_object (&self->services);
  g_clear_object (&self->engine_settings);
  g_clear_object (&self->engine);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (twin_application_parent_class)->dispose (object);
}

static void
twin_application_finalize (GObject *object)
{
  TwinApplication *self = (TwinApplication *)object;

  g_clear_pointer (&self->screenshot, g_free);

  G_OBJECT_CLASS (twin_application_parent_class)->finalize (object);
}

static void
twin_application_class_init (TwinApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = twin_application_dispose;
  object_class->finalize = twin_application_finalize;

  app_class->startup = twin_application_startup;
  app_class->shutdown = twin_application_shutdown;
  app_class->activate = twin_application_activate;
}

static void
twin_application_init (TwinApplication *self)
{
  self->start.fields = TWIN_COMMAND_TIME_SCALE;
  self->start.time_scale = 1.0;
  self->start.source = TWIN_COMMAND_SOURCE_COMMAND_LINE;
}

/**
 * twin_application_new:
 * @options: (nullable): the command line, already validated
 *
 * Returns: the application; it creates its engine and settings at startup.
 */
TwinApplication *
twin_application_new (const TwinOptions *options)
{
  TwinApplication *self;
  GApplicationFlags flags = G_APPLICATION_DEFAULT_FLAGS;

  /* A screenshot is taken by this process, not handed to one running. */
  if (options != NULL && options->screenshot != NULL)
    flags |= G_APPLICATION_NON_UNIQUE;

  self = g_object_new (TWIN_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", flags,
                       "resource-base-path", "/io/github/twinscope/Twinscope",
                       NULL);

  if (options != NULL)
    {
      twin_options_get_command (options, &self->start);
      self->duration = options->duration;
      self->screenshot = g_strdup (options->screenshot);
    }

  return self;
}

/**
 * twin_application_get_engine:
 *
 * Returns: (transfer none) (nullable): the engine, once started up
 */
TwinEngine *
twin_application_get_engine (TwinApplication *self)
{
  g_return_val_if_fail (TWIN_IS_APPLICATION (self), NULL);

  return self->engine;
}

GSettings *
twin_application_get_settings (TwinApplication *self)
{
  g_return_val_if_fail (TWIN_IS_APPLICATION (self), NULL);

  return self->settings;
}

TwinEngineSettings *
twin_application_get_engine_settings (TwinApplication *self)
{
  g_return_val_if_fail (TWIN_IS_APPLICATION (self), NULL);

  return self->engine_settings;
}

int
twin_application_get_exit_status (TwinApplication *self)
{
  g_return_val_if_fail (TWIN_IS_APPLICATION (self), 1);

  return self->exit_status;
}
