/* twin-services.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window's network services, the REST port and the MQTT mirror, run
 * as the preferences say and restarted live when they change.
 */

#define G_LOG_DOMAIN "twin-services"

#include "config.h"

#include "twin-rest-origin.h"
#include "twin-services.h"

struct _TwinServices
{
  GObject             parent_instance;

  GSettings          *settings;
  TwinEngine         *engine;

  TwinRestServer     *rest;
  char               *rest_error;

  TwinMqtt           *mqtt;
  char               *mqtt_error;   /* the preferences were refused */

  TwinForecaster     *forecaster;
  TwinOutlook        *outlook;      /* the course ahead, shared with the window */
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
  g_autofree char *address = NULL;
  g_auto(GStrv) hosts = NULL;
  g_auto(GStrv) origins = NULL;
  g_auto(GStrv) allowed_hosts = NULL;
  g_auto(GStrv) allowed_origins = NULL;

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
  address = g_settings_get_string (self->settings, "rest-bind");
  hosts = g_settings_get_strv (self->settings, "rest-allow-hosts");
  origins = g_settings_get_strv (self->settings, "rest-allow-origins");
  if (twin_settings_validate_string ("rest-token", token, &error) &&
      twin_settings_validate_string ("rest-bind", address, &error) &&
      (allowed_hosts = twin_rest_parse_allowed_hosts ("rest-allow-hosts", (const char * const *)hosts,
                                                      &error)) != NULL &&
      (allowed_origins = twin_rest_parse_allowed_origins ("rest-allow-origins", (const char * const *)origins,
                                                          &error)) != NULL)
    {
      self->rest = twin_rest_server_new (self->engine);
      twin_rest_server_set_token (self->rest, *token != '\0' ? token : NULL);
      twin_rest_server_set_mqtt (self->rest, self->mqtt);
      twin_rest_server_set_outlook (self->rest, self->outlook);
      if (!twin_rest_server_set_allowed_hosts (self->rest, (const char * const *)allowed_hosts, &error) ||
          !twin_rest_server_set_allowed_origins (self->rest, (const char * const *)allowed_origins, &error) ||
          !twin_rest_server_start (self->rest, address,
                                   (guint)g_settings_get_int (self->settings, "rest-port"), &error))
        g_clear_object (&self->rest);
    }

  if (self->rest != NULL)
    g_signal_connect_object (self->rest, "notify::requests",
                             G_CALLBACK (emit_changed), self, G_CONNECT_SWAPPED);
  else
    {
      g_warning ("REST: %s", error->message);
      self->rest_error = g_strdup (error->message);
    }

  emit_changed (self);
}

static char *
dup_nonempty (GSettings  *settings,
              const char *key)
{
  g_autofree char *value = g_settings_get_string (settings, key);

  return *value != '\0' ? g_steal_pointer (&value) : NULL;
}

/* Builds the MQTT configuration from the preferences; the password comes
 * from the environment variable they name, never from the settings. */
static gboolean
mqtt_config_from_settings (GSettings       *settings,
                           TwinMqttConfig  *config,
                           GError         **error)
{
  g_autofree char *password_env = dup_nonempty (settings, "mqtt-password-env");
  const char *keys[] = { "mqtt-broker", "mqtt-prefix", "mqtt-username" };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autofree char *value = g_settings_get_string (settings, keys[i]);

      if (!twin_settings_validate_string (keys[i], value, error))
        return FALSE;
    }

  twin_mqtt_config_init (config);
  g_free (config->url);
  config->url = g_settings_get_string (settings, "mqtt-broker");
  g_free (config->prefix);
  config->prefix = g_settings_get_string (settings, "mqtt-prefix");
  config->username = dup_nonempty (settings, "mqtt-username");
  config->client_id = dup_nonempty (settings, "mqtt-client-id");
  config->ca_file = dup_nonempty (settings, "mqtt-cafile");
  config->cert_file = dup_nonempty (settings, "mqtt-certfile");
  config->key_file = dup_nonempty (settings, "mqtt-keyfile");
  config->keep_alive = (guint)g_settings_get_int (settings, "mqtt-keepalive");
  config->qos = (guint)g_settings_get_int (settings, "mqtt-qos");
  config->rate = g_settings_get_double (settings, "mqtt-publish-rate");

  if (password_env != NULL)
    {
      const char *password = g_getenv (password_env);

      if (password == NULL)
        {
          g_set_error (error, TWIN_MQTT_ERROR, TWIN_MQTT_ERROR_INVALID,
                       "mqtt-password-env: the environment variable %s is not set; "
                       "allowed: the name of a variable that holds the password, or empty",
                       password_env);
          return FALSE;
        }
      config->password = g_strdup (password);
    }

  return twin_mqtt_config_validate (config, error);
}

/* A refused preference changes nothing: the mirror keeps the settings it
 * had, and the status bar says what was wrong. */
static void
apply_mqtt (TwinServices *self)
{
  g_auto(TwinMqttConfig) config = { 0 };
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->mqtt_error, g_free);

  if (!mqtt_config_from_settings (self->settings, &config, &error) ||
      !twin_mqtt_set_config (self->mqtt, &config, &error))
    {
      g_warning ("MQTT: %s", error->message);
      self->mqtt_error = g_strdup (error->message);
      emit_changed (self);
      return;
    }

  if (g_settings_get_boolean (self->settings, "mqtt-enabled"))
    twin_mqtt_start (self->mqtt);
  else
    twin_mqtt_stop (self->mqtt);

  emit_changed (self);
}

static void
setting_changed_cb (TwinServices *self,
                    const char   *key,
                    GSettings    *settings)
{
  if (g_str_has_prefix (key, "rest-"))
    restart_rest (self);
  else if (g_str_has_prefix (key, "mqtt-"))
    apply_mqtt (self);
}

static void
twin_services_dispose (GObject *object)
{
  TwinServices *self = (TwinServices *)object;

  if (self->rest != NULL)
    twin_rest_server_stop (self->rest);
  g_clear_object (&self->rest);
  if (self->mqtt != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->mqtt, self);
      /* offline on <prefix>/status, after what is in flight, briefly. */
      twin_mqtt_shutdown (self->mqtt, 1000);
    }
  g_clear_object (&self->mqtt);
  g_clear_object (&self->outlook);
  g_clear_object (&self->forecaster);
  g_clear_object (&self->settings);
  g_clear_object (&self->engine);

  G_OBJECT_CLASS (twin_services_parent_class)->dispose (object);
}

static void
twin_services_finalize (GObject *object)
{
  TwinServices *self = (TwinServices *)object;

  g_clear_pointer (&self->rest_error, g_free);
  g_clear_pointer (&self->mqtt_error, g_free);

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

  self->forecaster = twin_forecaster_new ();
  self->outlook = twin_outlook_new (engine, self->forecaster);
  self->mqtt = twin_mqtt_new (engine);
  twin_mqtt_set_outlook (self->mqtt, self->outlook);
  g_signal_connect_object (self->mqtt, "notify", G_CALLBACK (emit_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed", G_CALLBACK (setting_changed_cb),
                           self, G_CONNECT_SWAPPED);
  apply_mqtt (self);
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

/**
 * twin_services_get_outlook:
 *
 * Returns: (transfer none): the course ahead of the engine, which the
 *   state on MQTT and REST carries and the window shows
 */
TwinOutlook *
twin_services_get_outlook (TwinServices *self)
{
  g_return_val_if_fail (TWIN_IS_SERVICES (self), NULL);

  return self->outlook;
}

/**
 * twin_services_get_mqtt:
 *
 * Returns: (transfer none): the MQTT mirror, running or not
 */
TwinMqtt *
twin_services_get_mqtt (TwinServices *self)
{
  g_return_val_if_fail (TWIN_IS_SERVICES (self), NULL);

  return self->mqtt;
}

TwinServiceState
twin_services_get_mqtt_state (TwinServices *self)
{
  g_return_val_if_fail (TWIN_IS_SERVICES (self), TWIN_SERVICE_OFF);

  if (self->mqtt_error != NULL)
    return TWIN_SERVICE_ERROR;

  switch (twin_mqtt_get_state (self->mqtt))
    {
    case TWIN_MQTT_STATE_CONNECTED:
      return TWIN_SERVICE_OK;
    case TWIN_MQTT_STATE_CONNECTING:
    case TWIN_MQTT_STATE_DISCONNECTED:
      return TWIN_SERVICE_CONNECTING;
    case TWIN_MQTT_STATE_OFF:
    default:
      return TWIN_SERVICE_OFF;
    }
}

/**
 * twin_services_dup_mqtt_detail:
 *
 * Returns: (transfer full) (nullable): what the status bar says of the
 *   mirror, such as "connected · 1 234 sent · 0 queued · 0 dropped", or
 *   "connecting… · Connection refused"
 */
char *
twin_services_dup_mqtt_detail (TwinServices *self)
{
  const char *last_error;

  g_return_val_if_fail (TWIN_IS_SERVICES (self), NULL);

  if (self->mqtt_error != NULL)
    return g_strdup (self->mqtt_error);

  last_error = twin_mqtt_get_last_error (self->mqtt);
  switch (twin_mqtt_get_state (self->mqtt))
    {
    case TWIN_MQTT_STATE_CONNECTED:
      return g_strdup_printf ("connected · %" G_GUINT64_FORMAT " sent · %u queued · %" G_GUINT64_FORMAT " dropped",
                              twin_mqtt_get_published (self->mqtt), twin_mqtt_get_queued (self->mqtt),
                              twin_mqtt_get_dropped (self->mqtt));
    case TWIN_MQTT_STATE_CONNECTING:
    case TWIN_MQTT_STATE_DISCONNECTED:
      return g_strdup_printf ("connecting… · %u queued%s%s", twin_mqtt_get_queued (self->mqtt),
                              last_error != NULL ? " · " : "", last_error != NULL ? last_error : "");
    case TWIN_MQTT_STATE_OFF:
    default:
      return NULL;
    }
}
