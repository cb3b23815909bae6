/* twin-engine-settings.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "twin-engine-settings"

#include "config.h"

#include <math.h>

#include "twin-engine-settings.h"
#include "twin-mqtt-config.h"

#define STRING_MAX 256
#define PREFIX_MAX 128

/* Applies the preferences to the engine as they change, after checking
 * them: a value that is not valid is refused with a message (the
 * #TwinEngineSettings::refused signal) and the engine keeps what it had.
 */
struct _TwinEngineSettings
{
  GObject     parent_instance;

  GSettings  *settings;
  GWeakRef    engine;
  GHashTable *strings;   /* key → last valid value */
};

G_DEFINE_FINAL_TYPE (TwinEngineSettings, twin_engine_settings, G_TYPE_OBJECT)

enum {
  REFUSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char * const string_keys[] = {
  "mqtt-broker", "mqtt-prefix", "mqtt-username", "mqtt-password-env", "mqtt-client-id",
  "mqtt-cafile", "mqtt-certfile", "mqtt-keyfile", "rest-bind", "rest-token",
};

/**
 * twin_settings_threshold_spec:
 * @key: (out) (optional): the GSettings key of the threshold, the
 *   parameter's name with dashes; free it with g_free()
 *
 * The thresholds are the common parameters every model has; their specs
 * say the ranges the preferences allow.
 */
const TwinParamSpec *
twin_settings_threshold_spec (TwinCommonParam   param,
                              char            **key)
{
  const TwinParamSpec *spec;

  g_return_val_if_fail (param < TWIN_N_COMMON_PARAMS, NULL);

  spec = &twin_model_default ()->params[param];
  if (key != NULL)
    *key = g_strdelimit (g_strdup (spec->name), "_", '-');
  return spec;
}

G_DEFINE_QUARK (twin-settings-error-quark, twin_settings_error)

static gboolean
invalid (GError     **error,
         const char  *key,
         const char  *value,
         const char  *allowed)
{
  g_set_error (error, TWIN_SETTINGS_ERROR, TWIN_SETTINGS_ERROR_INVALID_VALUE,
               "%s: “%s” is not valid; allowed: %s", key, value, allowed);
  return FALSE;
}

static gboolean
has_control_chars (const char *s)
{
  for (; *s; s++)
    if ((guchar)*s < 0x20 || *s == 0x7f)
      return TRUE;
  return FALSE;
}

/**
 * twin_settings_validate_string:
 *
 * Checks a text preference: the broker URL, the topic prefix, the MQTT
 * user name or the REST token.
 */
/* The mirror's own rules decide what a broker URL or a topic prefix may be,
 * so the preferences never accept what the mirror would refuse; only the
 * field's name in the message is the preference's. */
static gboolean
validate_mqtt_field (const char  *key,
                     const char  *field,
                     const char  *value,
                     GError     **error)
{
  g_auto(TwinMqttConfig) config = { 0 };
  g_autoptr(GError) local = NULL;
  char **slot;

  twin_mqtt_config_init (&config);
  slot = g_str_equal (field, "url") ? &config.url : &config.prefix;
  g_free (*slot);
  *slot = g_strdup (value);

  if (twin_mqtt_config_validate (&config, &local))
    return TRUE;

  g_assert (g_str_has_prefix (local->message, field));
  g_set_error (error, TWIN_SETTINGS_ERROR, TWIN_SETTINGS_ERROR_INVALID_VALUE,
               "%s%s", key, local->message + strlen (field));
  return FALSE;
}

gboolean
twin_settings_validate_string (const char  *key,
                               const char  *value,
                               GError     **error)
{
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  if (!g_utf8_validate (value, -1, NULL))
    return invalid (error, key, "(not UTF-8)", "UTF-8 text");

  if (g_str_equal (key, "mqtt-broker"))
    return !has_control_chars (value) ? validate_mqtt_field (key, "url", value, error)
                                      : invalid (error, key, value, "mqtt://HOST[:PORT] or mqtts://HOST[:PORT]");

  if (g_str_equal (key, "mqtt-prefix"))
    return !has_control_chars (value) ? validate_mqtt_field (key, "prefix", value, error)
                                      : invalid (error, key, value, "a topic prefix without control characters");

  if (g_str_equal (key, "mqtt-username"))
    {
      if (strlen (value) > STRING_MAX || has_control_chars (value))
        return invalid (error, key, value, "up to 256 characters, no control characters");
      return TRUE;
    }

  if (g_str_equal (key, "mqtt-password-env"))
    {
      const char *allowed = "empty, or an environment variable name: letters, digits and “_”, not starting with a digit";

      if (*value != '\0' && (strlen (value) > PREFIX_MAX || !twin_mqtt_is_env_name (value)))
        return invalid (error, key, value, allowed);
      return TRUE;
    }

  if (g_str_equal (key, "mqtt-client-id"))
    {
      if (strlen (value) > PREFIX_MAX || has_control_chars (value) || strchr (value, ' ') != NULL)
        return invalid (error, key, value, "empty, or up to 128 characters without spaces or control characters");
      return TRUE;
    }

  if (g_str_equal (key, "mqtt-cafile") || g_str_equal (key, "mqtt-certfile") ||
      g_str_equal (key, "mqtt-keyfile"))
    {
      if (*value != '\0' && (!g_path_is_absolute (value) || has_control_chars (value) ||
                              strlen (value) > 4096))
        return invalid (error, key, value, "empty, or the absolute path of a PEM file");
      return TRUE;
    }

  if (g_str_equal (key, "rest-bind"))
    {
      g_autoptr(GInetAddress) address = g_inet_address_new_from_string (value);

      if (address == NULL)
        return invalid (error, key, value, "an IP address such as 127.0.0.1 or ::1");
      return TRUE;
    }

  if (g_str_equal (key, "rest-token"))
    {
      for (const char *s = value; *s; s++)
        if ((guchar)*s <= 0x20 || (guchar)*s >= 0x7f)
          return invalid (error, key, "(hidden)", "printable ASCII without spaces, up to 256 characters");
      if (strlen (value) > STRING_MAX)
        return invalid (error, key, "(hidden)", "printable ASCII without spaces, up to 256 characters");
      return TRUE;
    }

  g_set_error (error, TWIN_SETTINGS_ERROR, TWIN_SETTINGS_ERROR_INVALID_VALUE,
               "%s: not a text preference", key);
  return FALSE;
}

/**
 * twin_settings_validate_thresholds:
 *
 * Checks the alarm thresholds together: each must be in its range, the
 * warning below the trip, and the zone bounds increasing.
 */
gboolean
twin_settings_validate_thresholds (GSettings  *settings,
                                   GError    **error)
{
  double v[TWIN_N_COMMON_PARAMS];
  double warning, trip, a, b, c;

  for (guint i = 0; i < TWIN_N_COMMON_PARAMS; i++)
    {
      g_autofree char *key = NULL;
      const TwinParamSpec *spec = twin_settings_threshold_spec (i, &key);

      v[i] = g_settings_get_double (settings, key);
      if (!twin_validate_number (key, v[i], spec->min, spec->max, spec->unit, error))
        return FALSE;
    }

  warning = v[TWIN_PARAM_TEMP_WARNING];
  trip = v[TWIN_PARAM_TEMP_TRIP];
  a = v[TWIN_PARAM_ZONE_A_MAX];
  b = v[TWIN_PARAM_ZONE_B_MAX];
  c = v[TWIN_PARAM_ZONE_C_MAX];

  if (!(warning < trip))
    {
      g_set_error (error, TWIN_SETTINGS_ERROR, TWIN_SETTINGS_ERROR_INVALID_VALUE,
                   "temp-warning: %g °C is not below temp-trip (%g °C); allowed: warning < trip",
                   warning, trip);
      return FALSE;
    }
  if (!(a < b && b < c))
    {
      g_set_error (error, TWIN_SETTINGS_ERROR, TWIN_SETTINGS_ERROR_INVALID_VALUE,
                   "zone-a-max, zone-b-max, zone-c-max: %g, %g, %g mm/s do not increase; "
                   "allowed: A < B < C", a, b, c);
      return FALSE;
    }

  return TRUE;
}

static void
refuse (TwinEngineSettings *self,
        const char         *key,
        const GError       *error)
{
  g_message ("Preference refused: %s", error->message);
  g_signal_emit (self, signals[REFUSED], 0, key, error->message);
}

static void
apply_history (TwinEngineSettings *self,
               TwinEngine         *engine)
{
  g_autoptr(GError) error = NULL;
  int capacity = g_settings_get_int (self->settings, "history-capacity");
  double interval = g_settings_get_double (self->settings, "history-interval");

  if (capacity < 0)
    capacity = 0;
  if (!twin_engine_set_history_config (engine, (gsize)capacity, interval, &error))
    refuse (self, "history-capacity", error);
}

static void
apply_noise (TwinEngineSettings *self,
             TwinEngine         *engine)
{
  TwinCommand command = {
    .fields = TWIN_COMMAND_NOISE,
    .source = TWIN_COMMAND_SOURCE_SETTINGS,
    .noise = g_settings_get_boolean (self->settings, "noise-enabled"),
    .noise_seed = g_settings_get_uint (self->settings, "noise-seed"),
  };

  twin_engine_apply_command (engine, &command, NULL);
}

static void
apply_thresholds (TwinEngineSettings *self,
                  TwinEngine         *engine,
                  const char         *key)
{
  TwinCommand command = { .source = TWIN_COMMAND_SOURCE_SETTINGS };
  g_autoptr(GError) error = NULL;

  if (!twin_settings_validate_thresholds (self->settings, &error))
    {
      refuse (self, key, error);
      return;
    }

  for (guint i = 0; i < TWIN_N_COMMON_PARAMS; i++)
    {
      g_autofree char *key = NULL;
      const TwinParamSpec *spec = twin_settings_threshold_spec (i, &key);

      twin_command_add_param (&command, spec->name, g_settings_get_double (self->settings, key), NULL);
    }

  if (!twin_engine_apply_command (engine, &command, &error))
    refuse (self, key, error);
}

static void
apply_string (TwinEngineSettings *self,
              const char         *key)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *value = g_settings_get_string (self->settings, key);

  if (!twin_settings_validate_string (key, value, &error))
    {
      refuse (self, key, error);
      return;
    }

  g_hash_table_insert (self->strings, g_strdup (key), g_steal_pointer (&value));
}

static void
settings_changed_cb (TwinEngineSettings *self,
                     const char         *key,
                     GSettings          *settings)
{
  g_autoptr(TwinEngine) engine = g_weak_ref_get (&self->engine);

  if (g_str_equal (key, "history-capacity") || g_str_equal (key, "history-interval"))
    {
      if (engine != NULL)
        apply_history (self, engine);
    }
  else if (g_str_equal (key, "noise-enabled") || g_str_equal (key, "noise-seed"))
    {
      if (engine != NULL)
        apply_noise (self, engine);
    }
  else if (g_str_has_prefix (key, "temp-") || g_str_has_prefix (key, "zone-"))
    {
      if (engine != NULL)
        apply_thresholds (self, engine, key);
    }
  else
    {
      for (guint i = 0; i < G_N_ELEMENTS (string_keys); i++)
        if (g_str_equal (key, string_keys[i]))
          apply_string (self, key);
    }
}

static void
twin_engine_settings_dispose (GObject *object)
{
  TwinEngineSettings *self = (TwinEngineSettings *)object;

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (twin_engine_settings_parent_class)->dispose (object);
}

static void
twin_engine_settings_finalize (GObject *object)
{
  TwinEngineSettings *self = (TwinEngineSettings *)object;

  g_weak_ref_clear (&self->engine);
  g_clear_pointer (&self->strings, g_hash_table_unref);

  G_OBJECT_CLASS (twin_engine_settings_parent_class)->finalize (object);
}

static void
twin_engine_settings_class_init (TwinEngineSettingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = twin_engine_settings_dispose;
  object_class->finalize = twin_engine_settings_finalize;

  /**
   * TwinEngineSettings::refused:
   * @key: the preference
   * @message: why, naming the value and what is allowed
   *
   * A preference was changed to a value that is not valid; it was not
   * applied.
   */
  signals[REFUSED] =
    g_signal_new ("refused", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

static void
twin_engine_settings_init (TwinEngineSettings *self)
{
  g_weak_ref_init (&self->engine, NULL);
  self->strings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/**
 * twin_engine_settings_new:
 *
 * Applies @settings to @engine now and whenever they change. Text
 * preferences that are not valid keep their schema default.
 */
TwinEngineSettings *
twin_engine_settings_new (GSettings  *settings,
                          TwinEngine *engine)
{
  TwinEngineSettings *self;
  g_autoptr(GSettingsSchema) schema = NULL;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (TWIN_IS_ENGINE (engine), NULL);

  self = g_object_new (TWIN_TYPE_ENGINE_SETTINGS, NULL);
  self->settings = g_object_ref (settings);
  g_weak_ref_set (&self->engine, engine);

  g_object_get (settings, "settings-schema", &schema, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (string_keys); i++)
    {
      g_autoptr(GSettingsSchemaKey) key = g_settings_schema_get_key (schema, string_keys[i]);
      g_autoptr(GVariant) fallback = g_settings_schema_key_get_default_value (key);

      g_hash_table_insert (self->strings, g_strdup (string_keys[i]),
                           g_variant_dup_string (fallback, NULL));
      apply_string (self, string_keys[i]);
    }

  apply_history (self, engine);
  apply_noise (self, engine);
  apply_thresholds (self, engine, "temp-warning");

  g_signal_connect_object (settings, "changed", G_CALLBACK (settings_changed_cb),
                           self, G_CONNECT_SWAPPED);

  return self;
}

/**
 * twin_engine_settings_get_string:
 *
 * Returns: the last valid value of a text preference (mqtt-broker,
 *   mqtt-prefix, mqtt-username, rest-token).
 */
const char *
twin_engine_settings_get_string (TwinEngineSettings *self,
                                 const char         *key)
{
  g_return_val_if_fail (TWIN_IS_ENGINE_SETTINGS (self), NULL);

  return g_hash_table_lookup (self->strings, key);
}
