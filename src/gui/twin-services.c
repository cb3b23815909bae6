/* twin-services.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window's network services, the REST port and the MQTT mirror, run
 * as the preferences say and restarted live when they change.
 */

#define G_LOG_DOMAIN "twin-services"

#include "config.h"

#include "twin-services.h"

#define REST_ADDRESS "127.0.0.1"

struct _TwinServices
{
  GObject             parent_instance;

  GSettings          *settings;
  TwinEngine         *engine;

  TwinRestServer     *rest;
  char               *rest_error;
};

G_DEFINE_FINAL_TYPE (TwinServices, twin_services, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
emit_changed (TwinServices *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
restart_rest (TwinServices *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  g_clear_pointer (&self->rest_error, g_free);
  if (self->rest != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->rest, self);
      twin_rest_server_stop (self->rest);
      g_clear_object (&self->rest);
    }

  if (!g_settings_get_boolean (self->settings, "rest-enabled"))
    {
      emit_changed (self);
      return;
    }

  token = g_settings_get_string (self->settings, "rest-token");
  if (!twin_settings_validate_string ("rest-token", token, &error))
    {
      self->rest_error = g_strdup (error->message);
      emit_changed (self);
      return;
    }

  self->rest = twin_rest_server_new (self->engine);
  twin_rest_server_set_token (self->rest, *token != '\0' ? token : NULL);

  if (!twin_rest_server_start (self->rest, REST_ADDRESS,
                               (guint)g_settings_get_int (self->settings, "rest-port"), &error))
    {
      g_warning ("REST: %s", error->message);
      self->rest_error = g_strdup (error->message);
      g_clear_object (&self->rest);
    }
  else
    g_signal_connect_object (self->rest, "notify::requests",
                             G_CALLBACK (emit_changed), self, G_CONNECT_SWAPPED);

  emit_changed (self);
}

static void
rest_setting_changed_cb (TwinServices *self,
                         const char   *key,
                         GSettings    *settings)
{
  if (g_str_has_prefix (key, "rest-"))
    restart_rest (self);
}

static void
twin_services_dispose (GObject *object)
{
  TwinServices *self = (TwinServices *)object;

  if (self->rest != NULL)
    twin_rest_server_stop (self->rest);
  g_clear_object (&self->rest);
  g_clear_object (&self->settings);
  g_clear_object (&self->engine);

  G_OBJECT_CLASS (twin_services_parent_class)->dispose (object);
}

static void
twin_services_finalize (GObject *object)
{
  TwinServices *self = (TwinServices *)object;

  g_clear_pointer (&self->rest_error, g_free);

  G_OBJECT_CLASS (twin_services_parent_class)->finalize (object);
}

static void
twin_services_class_init (TwinServicesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = twin_services_dispose;
  object_class->finalize = twin_services_finalize;

  /**
   * TwinServices::changed:
   *
   * A service started, stopped, failed or counted more traffic.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
twin_services_init (TwinServices *self)
{
}

/**
 * twin_services_new:
 *
 * Starts the services the preferences ask for, and follows their changes.
 */
TwinServices *
twin_services_new (GSettings  *settings,
                   TwinEngine *engine)
{
  TwinServices *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (TWIN_IS_ENGINE (engine), NULL);

  self = g_object_new (TWIN_TYPE_SERVICES, NULL);
  self->settings = g_object_ref (settings);
  self->engine = g_object_ref (engine);

  g_signal_connect_object (settings, "changed", G_CALLBACK (rest_setting_changed_cb),
                           self, G_CONNECT_SWAPPED);
  restart_rest (self);

  return self;
}

/**
 * twin_services_get_rest:
 *
 * Returns: (transfer none) (nullable): the REST server while it runs
 */
TwinRestServer *
twin_services_get_rest (TwinServices *self)
{
  g_return_val_if_fail (TWIN_IS_SERVICES (self), NULL);

  return self->rest;
}

TwinServiceState
twin_services_get_rest_state (TwinServices *self)
{
  g_return_val_if_fail (TWIN_IS_SERVICES (self), TWIN_SERVICE_OFF);

  if (self->rest_error != NULL)
    return TWIN_SERVICE_ERROR;
  return self->rest != NULL ? TWIN_SERVICE_OK : TWIN_SERVICE_OFF;
}

/**
 * twin_services_dup_rest_detail:
 *
 * Returns: (transfer full) (nullable): what the status bar says of the
 *   REST port, such as "http://127.0.0.1:8000/ · 56 requests"
 */
char *
twin_services_dup_rest_detail (TwinServices *self)
{
  guint64 requests;

  g_return_val_if_fail (TWIN_IS_SERVICES (self), NULL);

  if (self->rest_error != NULL)
    return g_strdup (self->rest_error);
  if (self->rest == NULL)
    return NULL;

  requests = twin_rest_server_get_requests (self->rest);
  return g_strdup_printf ("%s · %" G_GUINT64_FORMAT " request%s",
                          twin_rest_server_get_url (self->rest), requests,
                          requests == 1 ? "" : "s");
}
