/* twin-services.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window's network services, the REST port and the MQTT mirror, run
 * as the preferences say and restarted live when they change.
 */

#define G_LOG_DOMAIN "twin-services"

#include "config.h"

#include <glib/gi18n.h>

#include <string.h>

#include "twin-rest-origin.h"
#include "twin-services.h"

struct _TwinServices
{
  GObject             parent_instance;

  GSettings          *settings;
  TwinEngine         *engine;

  TwinRestServer     *rest;
  char               *rest_error;

  TwinBroker         *broker;       /* while mqtt-mode is builtin */
  TwinMqtt           *mqtt;
  char               *mqtt_error;   /* the preferences were refused */

  TwinForecaster     *forecaster;
  TwinOutlook        *outlook;      /* the course ahead, shared with the window */
  TwinTraining       *training;     /* one scenario at a time, whoever starts it */
  TwinRecordings     *recordings;   /* one recording at a time, likewise */
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
      twin_rest_server_set_training (self->rest, self->training);
      twin_rest_server_set_recordings (self->rest, self->recordings);
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
 * from the environment variable they name, never from the settings. The
 * built-in broker is on loopback and takes anonymous clients: the URL,
 * login and TLS preferences are the external broker's alone. */
static gboolean
mqtt_config_from_settings (GSettings       *settings,
                           TwinMqttMode     mode,
                           TwinMqttConfig  *config,
                           GError         **error)
{
  gboolean external = mode == TWIN_MQTT_MODE_EXTERNAL;
  g_autofree char *password_env = external ? dup_nonempty (settings, "mqtt-password-env") : NULL;
  const char *keys[] = { "mqtt-prefix", "mqtt-broker", "mqtt-username" };

  for (guint i = 0; i < (external ? G_N_ELEMENTS (keys) : 1); i++)
    {
      g_autofree char *value = g_settings_get_string (settings, keys[i]);

      if (!twin_settings_validate_string (keys[i], value, error))
        return FALSE;
    }

  twin_mqtt_config_init (config);
  g_free (config->prefix);
  config->prefix = g_settings_get_string (settings, "mqtt-prefix");
  config->client_id = dup_nonempty (settings, "mqtt-client-id");
  if (external)
    {
      g_free (config->url);
      config->url = g_settings_get_string (settings, "mqtt-broker");
      config->username = dup_nonempty (settings, "mqtt-username");
      config->ca_file = dup_nonempty (settings, "mqtt-cafile");
      config->cert_file = dup_nonempty (settings, "mqtt-certfile");
      config->key_file = dup_nonempty (settings, "mqtt-keyfile");
    }
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

/* Before mqtt-mode, a switch (mqtt-enabled) said on or off and the broker
 * was always the URL's. An older choice carries over, until mqtt-mode is
 * set: off stays off, a broker set by hand stays in use. */
/**
 * twin_services_migrate:
 *
 * Carries preferences of older versions over; twin_services_new() does it
 * first.
 */
void
twin_services_migrate (GSettings *settings)
{
  g_autoptr(GVariant) mode = NULL;
  g_autoptr(GVariant) enabled = NULL;
  g_autoptr(GVariant) broker = NULL;

  g_return_if_fail (G_IS_SETTINGS (settings));

  mode = g_settings_get_user_value (settings, "mqtt-mode");
  if (mode != NULL)
    return;

  enabled = g_settings_get_user_value (settings, "mqtt-enabled");
  broker = g_settings_get_user_value (settings, "mqtt-broker");
  if (enabled != NULL && !g_variant_get_boolean (enabled))
    g_settings_set_enum (settings, "mqtt-mode", TWIN_MQTT_MODE_OFF);
  else if (broker != NULL && strcmp (g_variant_get_string (broker, NULL), TWIN_MQTT_DEFAULT_URL) != 0)
    g_settings_set_enum (settings, "mqtt-mode", TWIN_MQTT_MODE_EXTERNAL);
}

static void apply_mqtt (TwinServices *self);

static void
stop_broker (TwinServices *self)
{
  if (self->broker == NULL)
    return;

  g_signal_handlers_disconnect_by_data (self->broker, self);
  twin_broker_stop (self->broker, TWIN_BROKER_STOP_MS);
  g_clear_object (&self->broker);
}

/* The URL of the built-in broker once it is known; it starts it first. */
static const char *
builtin_url (TwinServices *self)
{
  if (self->broker == NULL)
    {
      self->broker = twin_broker_new ();
      twin_broker_start (self->broker);
      g_signal_connect_object (self->broker, "notify::state", G_CALLBACK (apply_mqtt), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->broker, "notify::url", G_CALLBACK (apply_mqtt), self, G_CONNECT_SWAPPED);
    }

  switch (twin_broker_get_state (self->broker))
    {
    case TWIN_BROKER_LOCAL:
    case TWIN_BROKER_RUNNING:
    case TWIN_BROKER_RESTARTING:
      return twin_broker_get_url (self->broker);
    default:
      return NULL;
    }
}

/* A refused preference changes nothing: the mirror keeps the settings it
 * had, and the status bar says what was wrong. */
static void
apply_mqtt (TwinServices *self)
{
  TwinMqttMode mode = g_settings_get_enum (self->settings, "mqtt-mode");
  g_auto(TwinMqttConfig) config = { 0 };
  g_autoptr(GError) error = NULL;
  const char *url = NULL;

  g_clear_pointer (&self->mqtt_error, g_free);

  if (mode == TWIN_MQTT_MODE_OFF)
    {
      twin_mqtt_stop (self->mqtt);
      stop_broker (self);
      emit_changed (self);
      return;
    }

  if (!mqtt_config_from_settings (self->settings, mode, &config, &error))
    {
      g_warning ("MQTT: %s", error->message);
      self->mqtt_error = g_strdup (error->message);
      emit_changed (self);
      return;
    }

  if (mode == TWIN_MQTT_MODE_BUILTIN)
    {
      url = builtin_url (self);
      if (twin_broker_get_state (self->broker) == TWIN_BROKER_FAILED)
        self->mqtt_error = g_strdup_printf (_("built-in broker: %s"), twin_broker_get_last_error (self->broker));
      if (url == NULL)
        {
          /* It starts, or it failed: the mirror waits for it. */
          twin_mqtt_stop (self->mqtt);
          emit_changed (self);
          return;
        }
      g_free (config.url);
      config.url = g_strdup (url);
    }

  if (!twin_mqtt_set_config (self->mqtt, &config, &error))
    {
      g_warning ("MQTT: %s", error->message);
      self->mqtt_error = g_strdup (error->message);
      emit_changed (self);
      return;
    }

  twin_mqtt_start (self->mqtt);
  /* The mirror has left the built-in broker for the external one. */
  if (mode == TWIN_MQTT_MODE_EXTERNAL)
    stop_broker (self);
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
    {
      /* A built-in broker that could not start gets another go. */
      if (self->broker != NULL && twin_broker_get_state (self->broker) == TWIN_BROKER_FAILED)
        stop_broker (self);
      apply_mqtt (self);
    }
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
      /* offline on <prefix>/status, after what is in flight, briefly;
       * through the built-in broker, before it stops. */
      twin_mqtt_shutdown (self->mqtt, 1000);
      stop_broker (self);
    }
  g_clear_object (&self->mqtt);
  g_clear_object (&self->training);
  g_clear_object (&self->recordings);
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

  twin_services_migrate (settings);
  self->forecaster = twin_forecaster_new ();
  self->outlook = twin_outlook_new (engine, self->forecaster);
  self->training = twin_training_new (engine);
  self->recordings = twin_recordings_new (engine);
  self->mqtt = twin_mqtt_new (engine);
  twin_mqtt_set_outlook (self->mqtt, self->outlook);
  twin_mqtt_set_training (self->mqtt, self->training);
  twin_mqtt_set_recordings (self->mqtt, self->recordings);
  g_signal_connect_object (self->mqtt, "notify", G_CALLBACK (emit_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed", G_CALLBACK (setting_changed_cb),
                           self, G_CONNECT_SWAPPED);
  apply_mqtt (self);
  restart_rest (self);

  return self;
}

/**
 * twin_services_get_training:
 *
 * Returns: (transfer none): the scenarios, shared by the window, REST and MQTT
 */
TwinTraining *
twin_services_get_training (TwinServices *self)
{
  g_return_val_if_fail (TWIN_IS_SERVICES (self), NULL);

  return self->training;
}

/**
 * twin_services_get_recordings:
 *
 * Returns: (transfer none): the flight recorder, shared by the window, REST and MQTT
 */
TwinRecordings *
twin_services_get_recordings (TwinServices *self)
{
  g_return_val_if_fail (TWIN_IS_SERVICES (self), NULL);

  return self->recordings;
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
  return g_strdup_printf (g_dngettext (NULL, "%s · %llu request", "%s · %llu requests", requests),
                          twin_rest_server_get_url (self->rest), (unsigned long long) requests);
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

/**
 * twin_services_get_broker:
 *
 * Returns: (transfer none) (nullable): the built-in broker while
 *   mqtt-mode is builtin
 */
TwinBroker *
twin_services_get_broker (TwinServices *self)
{
  g_return_val_if_fail (TWIN_IS_SERVICES (self), NULL);

  return self->broker;
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
      /* The mirror waits for the built-in broker to start. */
      return self->broker != NULL ? TWIN_SERVICE_CONNECTING : TWIN_SERVICE_OFF;
    }
}

/* "built-in broker · mqtt://127.0.0.1:1883 · 1 234 sent", with what is
 * queued or dropped only when there is any. */
static char *
dup_builtin_detail (TwinServices *self)
{
  const char *url = twin_broker_get_url (self->broker);
  const char *last_error = twin_mqtt_get_last_error (self->mqtt);
  guint queued = twin_mqtt_get_queued (self->mqtt);
  guint64 dropped = twin_mqtt_get_dropped (self->mqtt);
  g_autoptr(GString) detail = NULL;

  if (url == NULL)
    return g_strdup (_("starting the built-in broker…"));

  detail = g_string_new (_(twin_broker_describe (self->broker)));
  g_string_append_printf (detail, " · %s", url);
  switch (twin_mqtt_get_state (self->mqtt))
    {
    case TWIN_MQTT_STATE_CONNECTED:
      g_string_append_printf (detail, _(" · %llu sent"), (unsigned long long) twin_mqtt_get_published (self->mqtt));
      break;
    case TWIN_MQTT_STATE_CONNECTING:
    case TWIN_MQTT_STATE_DISCONNECTED:
    default:
      g_string_append (detail, twin_broker_get_state (self->broker) == TWIN_BROKER_RESTARTING
                               ? _(" · restarting…") : _(" · connecting…"));
      if (last_error != NULL)
        g_string_append_printf (detail, " · %s", last_error);
      break;
    }
  if (queued > 0)
    g_string_append_printf (detail, _(" · %u queued"), queued);
  if (dropped > 0)
    g_string_append_printf (detail, _(" · %llu dropped"), (unsigned long long) dropped);

  return g_string_free (g_steal_pointer (&detail), FALSE);
}

/**
 * twin_services_dup_mqtt_detail:
 *
 * Returns: (transfer full) (nullable): what the status bar says of the
 *   mirror, such as "built-in broker · mqtt://127.0.0.1:1883 · 1 234 sent",
 *   "connected · 1 234 sent · 0 queued · 0 dropped" (an external broker),
 *   or "connecting… · Connection refused"
 */
char *
twin_services_dup_mqtt_detail (TwinServices *self)
{
  const char *last_error;

  g_return_val_if_fail (TWIN_IS_SERVICES (self), NULL);

  if (self->mqtt_error != NULL)
    return g_strdup (self->mqtt_error);
  if (self->broker != NULL)
    return dup_builtin_detail (self);

  last_error = twin_mqtt_get_last_error (self->mqtt);
  switch (twin_mqtt_get_state (self->mqtt))
    {
    case TWIN_MQTT_STATE_CONNECTED:
      return g_strdup_printf (_("connected · %llu sent · %u queued · %llu dropped"),
                              (unsigned long long) twin_mqtt_get_published (self->mqtt), twin_mqtt_get_queued (self->mqtt),
                              (unsigned long long) twin_mqtt_get_dropped (self->mqtt));
    case TWIN_MQTT_STATE_CONNECTING:
    case TWIN_MQTT_STATE_DISCONNECTED:
      return g_strdup_printf (_("connecting… · %u queued%s%s"), twin_mqtt_get_queued (self->mqtt),
                              last_error != NULL ? " · " : "", last_error != NULL ? last_error : "");
    case TWIN_MQTT_STATE_OFF:
    default:
      return NULL;
    }
}
