/* twin-mqtt-config.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The settings of an MQTT connection, and their validation before any of
 * them is used.
 */

#define G_LOG_DOMAIN "twin-mqtt"

#include "config.h"

#include <string.h>

#include "twin-command.h"
#include "twin-mqtt-config.h"

G_DEFINE_QUARK (twin-mqtt-error-quark, twin_mqtt_error)

void
twin_mqtt_config_init (TwinMqttConfig *config)
{
  memset (config, 0, sizeof *config);
  config->url = g_strdup (TWIN_MQTT_DEFAULT_URL);
  config->prefix = g_strdup (TWIN_MQTT_DEFAULT_PREFIX);
  config->keep_alive = TWIN_MQTT_DEFAULT_KEEP_ALIVE;
  config->qos = TWIN_MQTT_DEFAULT_QOS;
  config->rate = TWIN_MQTT_DEFAULT_RATE;
  config->queue_limit = TWIN_MQTT_DEFAULT_QUEUE_LIMIT;
  config->window = TWIN_MQTT_DEFAULT_WINDOW;
}

void
twin_mqtt_config_clear (TwinMqttConfig *config)
{
  g_clear_pointer (&config->url, g_free);
  g_clear_pointer (&config->prefix, g_free);
  g_clear_pointer (&config->client_id, g_free);
  g_clear_pointer (&config->username, g_free);
  if (config->password != NULL)
    explicit_bzero (config->password, strlen (config->password));
  g_clear_pointer (&config->password, g_free);
  g_clear_pointer (&config->ca_file, g_free);
  g_clear_pointer (&config->cert_file, g_free);
  g_clear_pointer (&config->key_file, g_free);
}

void
twin_mqtt_config_copy (TwinMqttConfig       *dest,
                       const TwinMqttConfig *src)
{
  g_return_if_fail (dest != NULL && src != NULL && dest != src);

  *dest = *src;
  dest->url = g_strdup (src->url);
  dest->prefix = g_strdup (src->prefix);
  dest->client_id = g_strdup (src->client_id);
  dest->username = g_strdup (src->username);
  dest->password = g_strdup (src->password);
  dest->ca_file = g_strdup (src->ca_file);
  dest->cert_file = g_strdup (src->cert_file);
  dest->key_file = g_strdup (src->key_file);
}

static gboolean
check_file (const char  *field,
            const char  *path,
            GError     **error)
{
  if (path == NULL || g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return TRUE;

  g_set_error (error, TWIN_MQTT_ERROR, TWIN_MQTT_ERROR_INVALID,
               "%s: \"%s\" is not a readable file; allowed: a PEM file", field, path);
  return FALSE;
}

/**
 * twin_mqtt_config_validate:
 *
 * Checks every field; the message names the field, the value (never the
 * password's) and what is allowed.
 */
gboolean
twin_mqtt_config_validate (const TwinMqttConfig  *config,
                           GError               **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  const char *path;

  g_return_val_if_fail (config != NULL, FALSE);

  if (config->url == NULL ||
      (uri = g_uri_parse (config->url, G_URI_FLAGS_NONE, NULL)) == NULL ||
      ((scheme = g_uri_get_scheme (uri)), g_strcmp0 (scheme, "mqtt") != 0 && g_strcmp0 (scheme, "mqtts") != 0) ||
      g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
      g_uri_get_userinfo (uri) != NULL || g_uri_get_query (uri) != NULL ||
      ((path = g_uri_get_path (uri)), *path != '\0' && strcmp (path, "/") != 0))
    {
      g_set_error (error, TWIN_MQTT_ERROR, TWIN_MQTT_ERROR_INVALID,
                   "url: \"%s\" is not a broker URL; allowed: mqtt://HOST[:PORT] or mqtts://HOST[:PORT]",
                   config->url ? config->url : "");
      return FALSE;
    }

  if (config->prefix == NULL || *config->prefix == '\0' ||
      strlen (config->prefix) > TWIN_MQTT_PREFIX_MAX ||
      !g_utf8_validate (config->prefix, -1, NULL) ||
      strpbrk (config->prefix, "+#") != NULL ||
      config->prefix[0] == '/' || g_str_has_suffix (config->prefix, "/"))
    {
      g_autofree char *valid = g_utf8_make_valid (config->prefix ? config->prefix : "", -1);
      g_autofree char *shown = g_utf8_substring (valid, 0, MIN (g_utf8_strlen (valid, -1), 64));

      g_set_error (error, TWIN_MQTT_ERROR, TWIN_MQTT_ERROR_INVALID,
                   "prefix: \"%s\" is not a topic prefix; allowed: 1 to %d bytes of UTF-8, "
                   "no + or #, not starting or ending with /", shown, TWIN_MQTT_PREFIX_MAX);
      return FALSE;
    }

  if (config->client_id != NULL &&
      (strlen (config->client_id) > 65535 || !g_utf8_validate (config->client_id, -1, NULL)))
    {
      g_set_error (error, TWIN_MQTT_ERROR, TWIN_MQTT_ERROR_INVALID,
                   "client-id: not valid; allowed: UTF-8 text up to 65535 bytes");
      return FALSE;
    }

  if (config->password != NULL && config->username == NULL)
    {
      g_set_error (error, TWIN_MQTT_ERROR, TWIN_MQTT_ERROR_INVALID,
                   "password: given without a user name; allowed: only with a user name");
      return FALSE;
    }

  if (config->qos > 2)
    {
      g_set_error (error, TWIN_MQTT_ERROR, TWIN_MQTT_ERROR_INVALID,
                   "qos: %u is out of range; allowed: 0 to 2", config->qos);
      return FALSE;
    }

  if (!(config->rate >= TWIN_MQTT_RATE_MIN && config->rate <= TWIN_MQTT_RATE_MAX))
    {
      g_set_error (error, TWIN_MQTT_ERROR, TWIN_MQTT_ERROR_INVALID,
                   "rate: %s is out of range; allowed: %s to %s Hz",
                   TWIN_NUM (config->rate), TWIN_NUM (TWIN_MQTT_RATE_MIN), TWIN_NUM (TWIN_MQTT_RATE_MAX));
      return FALSE;
    }

  if (config->keep_alive < TWIN_MQTT_KEEP_ALIVE_MIN || config->keep_alive > TWIN_MQTT_KEEP_ALIVE_MAX)
    {
      g_set_error (error, TWIN_MQTT_ERROR, TWIN_MQTT_ERROR_INVALID,
                   "keep-alive: %u is out of range; allowed: %d to %d s",
                   config->keep_alive, TWIN_MQTT_KEEP_ALIVE_MIN, TWIN_MQTT_KEEP_ALIVE_MAX);
      return FALSE;
    }

  if (config->queue_limit < TWIN_MQTT_QUEUE_LIMIT_MIN || config->queue_limit > TWIN_MQTT_QUEUE_LIMIT_MAX)
    {
      g_set_error (error, TWIN_MQTT_ERROR, TWIN_MQTT_ERROR_INVALID,
                   "queue-limit: %u is out of range; allowed: %d to %d messages",
                   config->queue_limit, TWIN_MQTT_QUEUE_LIMIT_MIN, TWIN_MQTT_QUEUE_LIMIT_MAX);
      return FALSE;
    }

  if (config->window < 1 || config->window > TWIN_MQTT_WINDOW_MAX)
    {
      g_set_error (error, TWIN_MQTT_ERROR, TWIN_MQTT_ERROR_INVALID,
                   "window: %u is out of range; allowed: 1 to %d messages",
                   config->window, TWIN_MQTT_WINDOW_MAX);
      return FALSE;
    }

  if (config->key_file != NULL && config->cert_file == NULL)
    {
      g_set_error (error, TWIN_MQTT_ERROR, TWIN_MQTT_ERROR_INVALID,
                   "key-file: given without a certificate; allowed: with cert-file");
      return FALSE;
    }

  return check_file ("ca-file", config->ca_file, error) &&
         check_file ("cert-file", config->cert_file, error) &&
         check_file ("key-file", config->key_file, error);
}

/**
 * twin_mqtt_is_env_name:
 *
 * Whether @name can name the environment variable that holds the broker
 * password: letters, digits and "_", not starting with a digit.
 */
gboolean
twin_mqtt_is_env_name (const char *name)
{
  if (name == NULL || !(g_ascii_isalpha (name[0]) || name[0] == '_'))
    return FALSE;

  for (const char *p = name; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '_')
      return FALSE;

  return TRUE;
}
