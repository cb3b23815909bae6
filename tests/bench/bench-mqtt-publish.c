/* bench-mqtt-publish.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Publishes N states through the MQTT mirror as fast as it takes them:
 * snapshot, cJSON encode, queue, publish, each acknowledged.
 *
 *   bench-mqtt-publish URL PREFIX QOS N      publish, print the rate
 *   bench-mqtt-publish --dump N FILE         write N encoded states, one a line
 *   bench-mqtt-publish --free-port           print a free 127.0.0.1 port
 */

#include <stdio.h>
#include <stdlib.h>

#include "twin-json.h"
#include "twin-mqtt.h"
#include "twin-test-env.h"
#include "twin-test-mirror.h"
#include "twin-test-wait.h"

static int
dump (guint64     n,
      const char *path)
{
  g_autoptr(TwinEngine) engine = twin_engine_new_full (1000, 0.1);
  FILE *file = fopen (path, "w");

  if (file == NULL)
    return 1;

  for (guint64 i = 1; i <= n; i++)
    {
      TwinSnapshot snapshot;
      cJSON *root;
      char *text;

      twin_engine_advance (engine, 0.5);
      twin_engine_get_snapshot (engine, &snapshot);
      root = twin_json_state_object (&snapshot);
      cJSON_AddNumberToObject (root, "msg_seq", (double)i);
      text = cJSON_PrintUnformatted (root);
      fprintf (file, "%s\n", text);
      cJSON_free (text);
      cJSON_Delete (root);
    }

  return fclose (file) == 0 ? 0 : 1;
}

static gboolean
is_flushed (gpointer data)
{
  return twin_mqtt_get_queued (data) == 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(TwinEngine) engine = NULL;
  g_autoptr(TwinMqtt) mqtt = NULL;
  g_auto(TwinMqttConfig) config = { 0 };
  g_autoptr(GError) error = NULL;
  guint64 n, made = 0;
  gint64 t0, t1;

  if (argc == 2 && g_str_equal (argv[1], "--free-port"))
    {
      g_print ("%u\n", twin_test_free_port ());
      return 0;
    }
  if (argc == 4 && g_str_equal (argv[1], "--dump"))
    return dump (g_ascii_strtoull (argv[2], NULL, 10), argv[3]);
  if (argc != 5)
    {
      g_printerr ("usage: %s URL PREFIX QOS N | --dump N FILE | --free-port\n", argv[0]);
      return 2;
    }

  n = g_ascii_strtoull (argv[4], NULL, 10);
  engine = twin_engine_new_full (1000, 0.1);
  mqtt = twin_mqtt_new (engine);
  twin_mqtt_config_init (&config);
  g_free (config.url);
  config.url = g_strdup (argv[1]);
  g_free (config.prefix);
  config.prefix = g_strdup (argv[2]);
  config.qos = atoi (argv[3]);
  config.rate = TWIN_MQTT_RATE_MIN;   /* the timer stays out of the way */
  config.queue_limit = TWIN_MQTT_QUEUE_LIMIT_MAX;
  if (!twin_mqtt_set_config (mqtt, &config, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  twin_mqtt_start (mqtt);
  twin_test_mirror_wait_connected (mqtt, 30);
  /* online, acknowledged */
  twin_test_wait_until (is_flushed, mqtt, 30, "the broker to take \"online\"");

  t0 = g_get_monotonic_time ();
  while (made < n || twin_mqtt_get_queued (mqtt) > 0)
    {
      /* Keep a few hundred waiting, as a fast producer would. */
      while (made < n && twin_mqtt_get_queued (mqtt) < 500)
        {
          twin_mqtt_publish_state (mqtt);
          made++;
        }
      g_main_context_iteration (NULL, TRUE);
    }
  t1 = g_get_monotonic_time ();

  if (twin_mqtt_get_dropped (mqtt) != 0)
    {
      g_printerr ("dropped %" G_GUINT64_FORMAT "\n", twin_mqtt_get_dropped (mqtt));
      return 1;
    }

  g_printerr ("twinscope qos %d: %" G_GUINT64_FORMAT " acknowledged in %.3f s: %.0f/s\n",
              config.qos, n, (t1 - t0) / 1e6, n / ((t1 - t0) / 1e6));
  twin_mqtt_shutdown (mqtt, 2000);

  return 0;
}
