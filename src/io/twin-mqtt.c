/* twin-mqtt.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The MQTT mirror: states, alarms and status out; commands and sensor
 * readings in. On paho.mqtt.c's asynchronous client. This file is the
 * GObject: its properties, its configuration and its counters; see
 * twin-mqtt-private.h for the files that do the rest.
 */

#define G_LOG_DOMAIN "twin-mqtt"

#include "config.h"

#include "twin-mqtt-private.h"

#define STATUS_NOTIFY_MS 100

G_DEFINE_FINAL_TYPE (TwinMqtt, twin_mqtt, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ENGINE,
  PROP_ENABLED,
  PROP_URL,
  PROP_PREFIX,
  PROP_CLIENT_ID,
  PROP_USERNAME,
  PROP_PASSWORD,
  PROP_CA_FILE,
  PROP_CERT_FILE,
  PROP_KEY_FILE,
  PROP_KEEP_ALIVE,
  PROP_QOS,
  PROP_RATE,
  PROP_QUEUE_LIMIT,
  PROP_STATE,
  PROP_LAST_ERROR,
  PROP_PUBLISHED,
  PROP_QUEUED,
  PROP_DROPPED,
  PROP_RECONNECTS,
  PROP_COMMANDS_APPLIED,
  PROP_COMMANDS_REFUSED,
  PROP_READINGS_ACCEPTED,
  PROP_READINGS_REFUSED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
_twin_mqtt_set_last_error (TwinMqtt   *self,
                           const char *message)
{
  if (g_strcmp0 (self->last_error, message) == 0)
    return;

  g_free (self->last_error);
  self->last_error = g_strdup (message);
  g_debug ("%s", message ? message : "(no error)");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
}

void
_twin_mqtt_set_state (TwinMqtt      *self,
                      TwinMqttState  state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_debug ("%s: %s", self->config.prefix, twin_mqtt_state_to_string (state));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

void
_twin_mqtt_set_enabled (TwinMqtt *self,
                        gboolean  enabled)
{
  if (self->enabled == enabled)
    return;

  self->enabled = enabled;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENABLED]);
}

void
_twin_mqtt_count_reconnect (TwinMqtt *self)
{
  self->reconnects++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECONNECTS]);
}

char *
_twin_mqtt_topic (TwinMqtt   *self,
                  const char *suffix)
{
  return g_strconcat (self->config.prefix, "/", suffix, NULL);
}

static gboolean
notify_counters_cb (gpointer data)
{
  static const struct {
    gsize offset;
    guint prop;
  } counters[] = {
    { G_STRUCT_OFFSET (TwinMqttStats, published), PROP_PUBLISHED },
    { G_STRUCT_OFFSET (TwinMqttStats, queued), PROP_QUEUED },
    { G_STRUCT_OFFSET (TwinMqttStats, dropped), PROP_DROPPED },
    { G_STRUCT_OFFSET (TwinMqttStats, commands_applied), PROP_COMMANDS_APPLIED },
    { G_STRUCT_OFFSET (TwinMqttStats, commands_refused), PROP_COMMANDS_REFUSED },
    { G_STRUCT_OFFSET (TwinMqttStats, readings_accepted), PROP_READINGS_ACCEPTED },
    { G_STRUCT_OFFSET (TwinMqttStats, readings_refused), PROP_READINGS_REFUSED },
  };
  TwinMqtt *self = data;
  TwinMqttStats now;

  self->notify_id = 0;
  twin_mqtt_get_stats (self, &now);

  g_object_freeze_notify (G_OBJECT (self));
  for (guint i = 0; i < G_N_ELEMENTS (counters); i++)
    if (G_STRUCT_MEMBER (guint64, &now, counters[i].offset) !=
        G_STRUCT_MEMBER (guint64, &self->notified, counters[i].offset))
      g_object_notify_by_pspec (G_OBJECT (self), properties[counters[i].prop]);
  self->notified = now;
  g_object_thaw_notify (G_OBJECT (self));

  return G_SOURCE_REMOVE;
}

/* The counters change with every message; observers hear at most ten
 * times a second. */
void
_twin_mqtt_queue_notify_counters (TwinMqtt *self)
{
  GSource *source;

  if (self->notify_id != 0)
    return;

  source = g_timeout_source_new (STATUS_NOTIFY_MS);
  g_source_set_callback (source, notify_counters_cb, self, NULL);
  self->notify_id = g_source_attach (source, self->context);
  g_source_unref (source);
}

static gboolean
set_string_field (TwinMqtt    *self,
                  gsize        offset,
                  const char  *value)
{
  g_auto(TwinMqttConfig) config = { 0 };
  g_autoptr(GError) error = NULL;
  char **field;

  twin_mqtt_config_copy (&config, &self->config);
  field = G_STRUCT_MEMBER_P (&config, offset);
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value && *value ? value : NULL);

  if (!twin_mqtt_set_config (self, &config, &error))
    {
      _twin_mqtt_set_last_error (self, error->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
set_number_field (TwinMqtt *self,
                  guint     prop_id,
                  double    value)
{
  g_auto(TwinMqttConfig) config = { 0 };
  g_autoptr(GError) error = NULL;

  twin_mqtt_config_copy (&config, &self->config);
  switch (prop_id)
    {
    case PROP_KEEP_ALIVE: config.keep_alive = (guint)value; break;
    case PROP_QOS: config.qos = (guint)value; break;
    case PROP_RATE: config.rate = value; break;
    case PROP_QUEUE_LIMIT: config.queue_limit = (guint)value; break;
    default: g_assert_not_reached ();
    }

  if (!twin_mqtt_set_config (self, &config, &error))
    {
      _twin_mqtt_set_last_error (self, error->message);
      return FALSE;
    }
  return TRUE;
}

static void
twin_mqtt_dispose (GObject *object)
{
  TwinMqtt *self = (TwinMqtt *)object;

  _twin_mqtt_stop_timers (self);
  g_clear_handle_id (&self->notify_id, g_source_remove);
  _twin_mqtt_retire_link (self);
  _twin_mqtt_clear_queue (self);
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  twin_mqtt_set_outlook (self, NULL);
  if (self->whatif != NULL)
    twin_whatif_shutdown (self->whatif);
  g_clear_object (&self->whatif);
  twin_mqtt_set_training (self, NULL);
  g_clear_object (&self->recordings);
  g_clear_object (&self->engine);

  G_OBJECT_CLASS (twin_mqtt_parent_class)->dispose (object);
}

static void
twin_mqtt_finalize (GObject *object)
{
  TwinMqtt *self = (TwinMqtt *)object;

  twin_mqtt_config_clear (&self->config);
  g_clear_pointer (&self->last_error, g_free);
  g_clear_pointer (&self->state_topic, g_free);
  g_clear_pointer (&self->forecast, g_free);
  g_clear_pointer (&self->flights, g_hash_table_unref);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (twin_mqtt_parent_class)->finalize (object);
}

static void
twin_mqtt_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  TwinMqtt *self = TWIN_MQTT (object);

  switch (prop_id)
    {
    case PROP_ENGINE: g_value_set_object (value, self->engine); break;
    case PROP_ENABLED: g_value_set_boolean (value, self->enabled); break;
    case PROP_URL: g_value_set_string (value, self->config.url); break;
    case PROP_PREFIX: g_value_set_string (value, self->config.prefix); break;
    case PROP_CLIENT_ID: g_value_set_string (value, self->config.client_id); break;
    case PROP_USERNAME: g_value_set_string (value, self->config.username); break;
    case PROP_CA_FILE: g_value_set_string (value, self->config.ca_file); break;
    case PROP_CERT_FILE: g_value_set_string (value, self->config.cert_file); break;
    case PROP_KEY_FILE: g_value_set_string (value, self->config.key_file); break;
    case PROP_KEEP_ALIVE: g_value_set_uint (value, self->config.keep_alive); break;
    case PROP_QOS: g_value_set_uint (value, self->config.qos); break;
    case PROP_RATE: g_value_set_double (value, self->config.rate); break;
    case PROP_QUEUE_LIMIT: g_value_set_uint (value, self->config.queue_limit); break;
    case PROP_STATE: g_value_set_string (value, twin_mqtt_state_to_string (self->state)); break;
    case PROP_LAST_ERROR: g_value_set_string (value, self->last_error); break;
    case PROP_PUBLISHED: g_value_set_uint64 (value, self->published); break;
    case PROP_QUEUED: g_value_set_uint (value, twin_mqtt_get_queued (self)); break;
    case PROP_DROPPED: g_value_set_uint64 (value, self->dropped); break;
    case PROP_RECONNECTS: g_value_set_uint (value, self->reconnects); break;
    case PROP_COMMANDS_APPLIED: g_value_set_uint64 (value, self->commands_applied); break;
    case PROP_COMMANDS_REFUSED: g_value_set_uint64 (value, self->commands_refused); break;
    case PROP_READINGS_ACCEPTED: g_value_set_uint64 (value, self->readings_accepted); break;
    case PROP_READINGS_REFUSED: g_value_set_uint64 (value, self->readings_refused); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
twin_mqtt_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  TwinMqtt *self = TWIN_MQTT (object);
  gboolean changed = FALSE;

  switch (prop_id)
    {
    case PROP_ENGINE:
      self->engine = g_value_dup_object (value);
      break;

    case PROP_ENABLED:
      if (g_value_get_boolean (value) != self->enabled)
        {
          if (g_value_get_boolean (value))
            twin_mqtt_start (self);
          else
            twin_mqtt_stop (self);
        }
      break;

    case PROP_URL:
      changed = set_string_field (self, G_STRUCT_OFFSET (TwinMqttConfig, url), g_value_get_string (value));
      break;
    case PROP_PREFIX:
      changed = set_string_field (self, G_STRUCT_OFFSET (TwinMqttConfig, prefix), g_value_get_string (value));
      break;
    case PROP_CLIENT_ID:
      changed = set_string_field (self, G_STRUCT_OFFSET (TwinMqttConfig, client_id), g_value_get_string (value));
      break;
    case PROP_USERNAME:
      changed = set_string_field (self, G_STRUCT_OFFSET (TwinMqttConfig, username), g_value_get_string (value));
      break;
    case PROP_PASSWORD:
      /* Written, never read back nor notified with its value. */
      set_string_field (self, G_STRUCT_OFFSET (TwinMqttConfig, password), g_value_get_string (value));
      break;
    case PROP_CA_FILE:
      changed = set_string_field (self, G_STRUCT_OFFSET (TwinMqttConfig, ca_file), g_value_get_string (value));
      break;
    case PROP_CERT_FILE:
      changed = set_string_field (self, G_STRUCT_OFFSET (TwinMqttConfig, cert_file), g_value_get_string (value));
      break;
    case PROP_KEY_FILE:
      changed = set_string_field (self, G_STRUCT_OFFSET (TwinMqttConfig, key_file), g_value_get_string (value));
      break;
    case PROP_KEEP_ALIVE:
      changed = self->config.keep_alive != g_value_get_uint (value) &&
                set_number_field (self, prop_id, g_value_get_uint (value));
      break;
    case PROP_QOS:
      changed = self->config.qos != g_value_get_uint (value) &&
                set_number_field (self, prop_id, g_value_get_uint (value));
      break;
    case PROP_RATE:
      changed = self->config.rate != g_value_get_double (value) &&
                set_number_field (self, prop_id, g_value_get_double (value));
      break;
    case PROP_QUEUE_LIMIT:
      changed = self->config.queue_limit != g_value_get_uint (value) &&
                set_number_field (self, prop_id, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }

  if (changed)
    g_object_notify_by_pspec (object, pspec);
}

static void
twin_mqtt_class_init (TwinMqttClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = twin_mqtt_dispose;
  object_class->finalize = twin_mqtt_finalize;
  object_class->get_property = twin_mqtt_get_property;
  object_class->set_property = twin_mqtt_set_property;

  properties[PROP_ENGINE] =
    g_param_spec_object ("engine", NULL, NULL, TWIN_TYPE_ENGINE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ENABLED] =
    g_param_spec_boolean ("enabled", NULL, NULL, FALSE, rw);
  properties[PROP_URL] =
    g_param_spec_string ("url", NULL, NULL, TWIN_MQTT_DEFAULT_URL, rw);
  properties[PROP_PREFIX] =
    g_param_spec_string ("prefix", NULL, NULL, TWIN_MQTT_DEFAULT_PREFIX, rw);
  properties[PROP_CLIENT_ID] =
    g_param_spec_string ("client-id", NULL, NULL, NULL, rw);
  properties[PROP_USERNAME] =
    g_param_spec_string ("username", NULL, NULL, NULL, rw);
  properties[PROP_PASSWORD] =
    g_param_spec_string ("password", NULL, NULL, NULL,
                         G_PARAM_WRITABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CA_FILE] =
    g_param_spec_string ("ca-file", NULL, NULL, NULL, rw);
  properties[PROP_CERT_FILE] =
    g_param_spec_string ("cert-file", NULL, NULL, NULL, rw);
  properties[PROP_KEY_FILE] =
    g_param_spec_string ("key-file", NULL, NULL, NULL, rw);
  properties[PROP_KEEP_ALIVE] =
    g_param_spec_uint ("keep-alive", NULL, NULL, TWIN_MQTT_KEEP_ALIVE_MIN, TWIN_MQTT_KEEP_ALIVE_MAX,
                       TWIN_MQTT_DEFAULT_KEEP_ALIVE, rw);
  properties[PROP_QOS] =
    g_param_spec_uint ("qos", NULL, NULL, 0, 2, TWIN_MQTT_DEFAULT_QOS, rw);
  properties[PROP_RATE] =
    g_param_spec_double ("rate", NULL, NULL, TWIN_MQTT_RATE_MIN, TWIN_MQTT_RATE_MAX,
                         TWIN_MQTT_DEFAULT_RATE, rw);
  properties[PROP_QUEUE_LIMIT] =
    g_param_spec_uint ("queue-limit", NULL, NULL, TWIN_MQTT_QUEUE_LIMIT_MIN, TWIN_MQTT_QUEUE_LIMIT_MAX,
                       TWIN_MQTT_DEFAULT_QUEUE_LIMIT, rw);

  /**
   * TwinMqtt:state:
   *
   * "off", "connecting" (no connection yet), "connected" or
   * "disconnected" (lost, reconnecting).
   */
  properties[PROP_STATE] =
    g_param_spec_string ("state", NULL, NULL, "off", ro);
  properties[PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL, NULL, ro);
  properties[PROP_PUBLISHED] =
    g_param_spec_uint64 ("published", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_QUEUED] =
    g_param_spec_uint ("queued", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_DROPPED] =
    g_param_spec_uint64 ("dropped", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_RECONNECTS] =
    g_param_spec_uint ("reconnects", NULL, NULL, 0, G_MAXUINT, 0, ro);

  /**
   * TwinMqtt:commands-applied:
   *
   * Commands received on <prefix>/cmd and applied; #TwinMqtt:commands-refused
   * counts the others (invalid, retained, too large, or the inbox full).
   * Each got one reply either way.
   */
  properties[PROP_COMMANDS_APPLIED] =
    g_param_spec_uint64 ("commands-applied", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_COMMANDS_REFUSED] =
    g_param_spec_uint64 ("commands-refused", NULL, NULL, 0, G_MAXUINT64, 0, ro);

  /**
   * TwinMqtt:readings-accepted:
   *
   * Sensor readings received on <prefix>/sensors and kept by the shadow;
   * #TwinMqtt:readings-refused counts the others, for the same reasons
   * as commands.
   */
  properties[PROP_READINGS_ACCEPTED] =
    g_param_spec_uint64 ("readings-accepted", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_READINGS_REFUSED] =
    g_param_spec_uint64 ("readings-refused", NULL, NULL, 0, G_MAXUINT64, 0, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
twin_mqtt_init (TwinMqtt *self)
{
  twin_mqtt_config_init (&self->config);
  self->context = g_main_context_ref_thread_default ();
  self->state_topic = _twin_mqtt_topic (self, _twin_mqtt_state_suffix);
  self->flights = g_hash_table_new (NULL, NULL);
  self->backoff = TWIN_MQTT_RECONNECT_MIN;
  g_queue_init (&self->states);
  g_queue_init (&self->priority);
}

/* Public API. */

const char *
twin_mqtt_state_to_string (TwinMqttState state)
{
  switch (state)
    {
    case TWIN_MQTT_STATE_OFF: return "off";
    case TWIN_MQTT_STATE_CONNECTING: return "connecting";
    case TWIN_MQTT_STATE_CONNECTED: return "connected";
    case TWIN_MQTT_STATE_DISCONNECTED: return "disconnected";
    default: g_return_val_if_reached ("off");
    }
}

/**
 * twin_mqtt_new:
 *
 * Returns: a mirror of @engine, off until twin_mqtt_start() or
 *   #TwinMqtt:enabled; its callbacks run on the thread-default main
 *   context of the caller.
 */
TwinMqtt *
twin_mqtt_new (TwinEngine *engine)
{
  TwinMqtt *self;

  g_return_val_if_fail (TWIN_IS_ENGINE (engine), NULL);

  self = g_object_new (TWIN_TYPE_MQTT, "engine", engine, NULL);
  _twin_mqtt_watch_alarms (self);
  return self;
}

TwinEngine *
twin_mqtt_get_engine (TwinMqtt *self)
{
  g_return_val_if_fail (TWIN_IS_MQTT (self), NULL);
  return self->engine;
}

/**
 * twin_mqtt_set_config:
 *
 * Validates @config whole and takes it, or changes nothing. A running
 * connection is closed cleanly and opened again with it when anything but
 * the rate, the QoS or the queue limit changed; those apply at once.
 */
gboolean
twin_mqtt_set_config (TwinMqtt              *self,
                      const TwinMqttConfig  *config,
                      GError               **error)
{
  TwinMqttConfig old;
  gboolean reconnect;

  g_return_val_if_fail (TWIN_IS_MQTT (self), FALSE);
  g_return_val_if_fail (config != NULL, FALSE);

  if (!twin_mqtt_config_validate (config, error))
    return FALSE;

  old = self->config;
  twin_mqtt_config_copy (&self->config, config);
  g_free (self->state_topic);
  self->state_topic = _twin_mqtt_topic (self, _twin_mqtt_state_suffix);

  reconnect = g_strcmp0 (old.url, config->url) != 0 ||
              g_strcmp0 (old.prefix, config->prefix) != 0 ||
              g_strcmp0 (old.client_id, config->client_id) != 0 ||
              g_strcmp0 (old.username, config->username) != 0 ||
              g_strcmp0 (old.password, config->password) != 0 ||
              g_strcmp0 (old.ca_file, config->ca_file) != 0 ||
              g_strcmp0 (old.cert_file, config->cert_file) != 0 ||
              g_strcmp0 (old.key_file, config->key_file) != 0 ||
              old.keep_alive != config->keep_alive ||
              old.window != config->window;

  if (self->state_timer_id != 0 && old.rate != config->rate)
    _twin_mqtt_start_state_timer (self);
  _twin_mqtt_trim_queue (self);

  twin_mqtt_config_clear (&old);

  if (reconnect)
    _twin_mqtt_queue_restart (self);
  _twin_mqtt_pump (self);
  _twin_mqtt_queue_notify_counters (self);

  return TRUE;
}

/**
 * twin_mqtt_get_config:
 * @config: (out caller-allocates): a copy, to clear with
 *   twin_mqtt_config_clear()
 */
void
twin_mqtt_get_config (TwinMqtt       *self,
                      TwinMqttConfig *config)
{
  g_return_if_fail (TWIN_IS_MQTT (self));

  twin_mqtt_config_copy (config, &self->config);
}

TwinMqttState
twin_mqtt_get_state (TwinMqtt *self)
{
  g_return_val_if_fail (TWIN_IS_MQTT (self), TWIN_MQTT_STATE_OFF);
  return self->state;
}

const char *
twin_mqtt_get_last_error (TwinMqtt *self)
{
  g_return_val_if_fail (TWIN_IS_MQTT (self), NULL);
  return self->last_error;
}

guint64
twin_mqtt_get_published (TwinMqtt *self)
{
  g_return_val_if_fail (TWIN_IS_MQTT (self), 0);
  return self->published;
}

/**
 * twin_mqtt_get_queued:
 *
 * Returns: messages waiting or in flight, not yet confirmed by the broker
 */
guint
twin_mqtt_get_queued (TwinMqtt *self)
{
  g_return_val_if_fail (TWIN_IS_MQTT (self), 0);
  return _twin_mqtt_waiting (self) + self->in_flight;
}

guint
twin_mqtt_get_in_flight (TwinMqtt *self)
{
  g_return_val_if_fail (TWIN_IS_MQTT (self), 0);
  return self->in_flight;
}

guint64
twin_mqtt_get_dropped (TwinMqtt *self)
{
  g_return_val_if_fail (TWIN_IS_MQTT (self), 0);
  return self->dropped;
}

guint
twin_mqtt_get_reconnects (TwinMqtt *self)
{
  g_return_val_if_fail (TWIN_IS_MQTT (self), 0);
  return self->reconnects;
}

/**
 * twin_mqtt_get_inbox_bytes:
 *
 * Returns: the bytes (with a fixed overhead each) of received messages
 *   waiting for the main context; any thread may ask
 */
guint
twin_mqtt_get_inbox_bytes (TwinMqtt *self)
{
  g_return_val_if_fail (TWIN_IS_MQTT (self), 0);
  return self->link ? (guint)g_atomic_int_get (&self->link->inbox_bytes) : 0;
}

/**
 * twin_mqtt_get_state_seq:
 *
 * Returns: the "msg_seq" of the last state queued
 */
guint64
twin_mqtt_get_state_seq (TwinMqtt *self)
{
  g_return_val_if_fail (TWIN_IS_MQTT (self), 0);
  return self->state_seq;
}

/**
 * twin_mqtt_get_stats:
 * @stats: (out caller-allocates): the counters and gauges, as /metrics
 *   reports them
 */
void
twin_mqtt_get_stats (TwinMqtt      *self,
                     TwinMqttStats *stats)
{
  g_return_if_fail (TWIN_IS_MQTT (self));
  g_return_if_fail (stats != NULL);

  *stats = (TwinMqttStats) {
    .published = self->published,
    .dropped = self->dropped,
    .reconnects = self->reconnects,
    .commands_applied = self->commands_applied,
    .commands_refused = self->commands_refused,
    .readings_accepted = self->readings_accepted,
    .readings_refused = self->readings_refused,
    .queued = twin_mqtt_get_queued (self),
    .in_flight = self->in_flight,
    .inbox_bytes = twin_mqtt_get_inbox_bytes (self),
    .state_seq = self->state_seq,
  };
}
