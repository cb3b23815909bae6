/* twin-test-mirror.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "twin-test-mirror.h"
#include "twin-test-wait.h"

/* A broker on a port of its own and an engine with a small history. */
void
twin_test_mqtt_setup (TwinTestMqtt  *f,
                      gconstpointer  data)
{
  f->broker = twin_test_broker_new (NULL);
  f->url = twin_test_broker_get_url (f->broker);
  f->engine = twin_engine_new_full (1000, 0.1);
}

void
twin_test_mqtt_teardown (TwinTestMqtt  *f,
                         gconstpointer  data)
{
  g_clear_object (&f->engine);
  g_clear_pointer (&f->url, g_free);
  g_clear_pointer (&f->broker, twin_test_broker_free);
}

/**
 * twin_test_mirror_new:
 * @first_property: (nullable): more properties and their values, as for
 *   g_object_set(), set before the mirror starts
 *
 * Returns: (transfer full): a mirror of @engine to the broker at @url
 *   under @prefix, started, with a configuration it took
 */
TwinMqtt *
twin_test_mirror_new (TwinEngine *engine,
                      const char *url,
                      const char *prefix,
                      const char *first_property,
                      ...)
{
  TwinMqtt *mqtt = twin_mqtt_new (engine);
  va_list args;

  g_object_set (mqtt, "url", url, "prefix", prefix, NULL);
  va_start (args, first_property);
  if (first_property != NULL)
    g_object_set_valist (G_OBJECT (mqtt), first_property, args);
  va_end (args);
  g_assert_null (twin_mqtt_get_last_error (mqtt));
  g_object_set (mqtt, "enabled", TRUE, NULL);

  return mqtt;
}

static gboolean
is_connected (gpointer data)
{
  return twin_mqtt_get_state (data) == TWIN_MQTT_STATE_CONNECTED;
}

void
twin_test_mirror_wait_connected (TwinMqtt *mqtt,
                                 double    timeout_s)
{
  g_autofree char *url = NULL;

  g_object_get (mqtt, "url", &url, NULL);
  twin_test_wait_until (is_connected, mqtt, timeout_s, "the mirror to connect to %s", url);
}

/* One of the counters the mirror has as properties, by name. */
guint64
twin_test_mirror_get_counter (TwinMqtt   *mqtt,
                              const char *name)
{
  guint64 value = 0;

  g_object_get (mqtt, name, &value, NULL);
  return value;
}
