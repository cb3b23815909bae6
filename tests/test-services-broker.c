/* test-services-broker.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window's MQTT through the built-in broker, the default: a private
 * mosquitto or a broker already there, what the status bar says of each,
 * Off, and the older mqtt-enabled switch carried over. Real processes; the
 * wanted port is a free one of the test's, never 1883.
 */

#include "config.h"

#include <string.h>

#include "twin-broker-probe.h"
#include "twin-services.h"
#include "twin-test-broker.h"
#include "twin-test-env.h"
#include "twin-test-mqtt-client.h"
#include "twin-test-wait.h"

#define WAIT_S 60.0

static gboolean
mqtt_is_ok (gpointer data)
{
  return twin_services_get_mqtt_state (data) == TWIN_SERVICE_OK;
}

static void
want_port (guint port)
{
  g_autofree char *text = g_strdup_printf ("%u", port);

  g_setenv (TWIN_BROKER_PORT_ENV, text, TRUE);
}

/* With the default preferences and nothing on the wanted port, the
 * services start mosquitto there and the mirror publishes through it; the
 * status bar names the broker and its URL. Off stops both. */
static void
test_builtin_by_default (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(TwinEngine) engine = twin_engine_new_full (1000, 0.1);
  g_autoptr(TwinServices) services = NULL;
  g_autoptr(TwinTestClient) sub = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *prefix = NULL;
  guint port = twin_test_free_port ();

  g_settings_reset (settings, "mqtt-mode");
  g_settings_set_double (settings, "mqtt-publish-rate", 20);
  want_port (port);
  services = twin_services_new (settings, engine);
  g_assert_cmpint (twin_services_get_mqtt_state (services), ==, TWIN_SERVICE_CONNECTING);
  twin_engine_start (engine);

  twin_test_wait_until (mqtt_is_ok, services, WAIT_S, "the mirror to connect to the built-in broker");
  g_assert_cmpint (twin_broker_get_state (twin_services_get_broker (services)), ==, TWIN_BROKER_RUNNING);
  sub = twin_test_client_new (twin_broker_get_url (twin_services_get_broker (services)), "svc-sub", FALSE, NULL);
  twin_test_client_subscribe (sub, "twin/state", 0);
  twin_test_client_wait_count (sub, "twin/state", 3);

  detail = twin_services_dup_mqtt_detail (services);
  prefix = g_strdup_printf ("built-in broker · mqtt://127.0.0.1:%u · ", port);
  g_test_message ("%s", detail);
  g_assert_true (g_str_has_prefix (detail, prefix));
  g_assert_true (g_str_has_suffix (detail, " sent"));

  g_clear_pointer (&sub, twin_test_client_free);
  g_settings_set_string (settings, "mqtt-mode", "off");
  g_assert_cmpint (twin_services_get_mqtt_state (services), ==, TWIN_SERVICE_OFF);
  g_assert_null (twin_services_get_broker (services));
  g_assert_null (twin_services_dup_mqtt_detail (services));
  g_assert_cmpint (twin_test_probe_port (port), ==, TWIN_BROKER_PROBE_FREE);

  twin_engine_stop (engine);
  g_clear_object (&services);
  g_settings_reset (settings, "mqtt-publish-rate");
}

/* A broker already on the wanted port is used and called a local broker;
 * closing the services says offline through it and leaves it running. */
static void
test_local_broker_used (void)
{
  g_autoptr(TwinTestBroker) existing = twin_test_broker_new (NULL);
  g_autofree char *url = twin_test_broker_get_url (existing);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(TwinEngine) engine = twin_engine_new_full (1000, 0.1);
  g_autoptr(TwinTestClient) sub = twin_test_client_new (url, "svc-local-sub", FALSE, NULL);
  g_autoptr(TwinServices) services = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *prefix = g_strdup_printf ("local broker · %s · ", url);

  twin_test_client_subscribe (sub, "twin/status", 1);
  g_settings_reset (settings, "mqtt-mode");
  want_port (twin_test_broker_get_port (existing));
  services = twin_services_new (settings, engine);
  twin_test_wait_until (mqtt_is_ok, services, WAIT_S, "the mirror to connect to the local broker");
  twin_test_client_wait_payload (sub, "twin/status", "online");
  g_assert_cmpint (twin_broker_get_state (twin_services_get_broker (services)), ==, TWIN_BROKER_LOCAL);
  detail = twin_services_dup_mqtt_detail (services);
  g_assert_true (g_str_has_prefix (detail, prefix));

  g_clear_object (&services);
  twin_test_client_wait_payload (sub, "twin/status", "offline");
  g_assert_cmpint (twin_test_probe_port (twin_test_broker_get_port (existing)), ==, TWIN_BROKER_PROBE_BROKER);
}

/* From the built-in broker to an external one: the mirror moves there,
 * then the private mosquitto stops. */
static void
test_builtin_to_external (void)
{
  g_autoptr(TwinTestBroker) external = twin_test_broker_new (NULL);
  g_autofree char *external_url = twin_test_broker_get_url (external);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(TwinEngine) engine = twin_engine_new_full (1000, 0.1);
  g_autoptr(TwinTestClient) sub = twin_test_client_new (external_url, "svc-ext-sub", FALSE, NULL);
  g_autoptr(TwinServices) services = NULL;
  g_autofree char *detail = NULL;
  guint port = twin_test_free_port ();

  twin_test_client_subscribe (sub, "twin/state", 0);
  /* Set, not the default: a broker URL set by hand would carry over as an
   * external broker otherwise. */
  g_settings_set_string (settings, "mqtt-mode", "builtin");
  g_settings_set_string (settings, "mqtt-broker", external_url);
  want_port (port);
  services = twin_services_new (settings, engine);
  twin_engine_start (engine);
  twin_test_wait_until (mqtt_is_ok, services, WAIT_S, "the mirror to connect to the built-in broker");
  g_assert_cmpint (twin_test_probe_port (port), ==, TWIN_BROKER_PROBE_BROKER);
  g_assert_cmpuint (twin_test_client_count (sub, "twin/state"), ==, 0);

  g_settings_set_string (settings, "mqtt-mode", "external");
  g_assert_null (twin_services_get_broker (services));
  g_assert_cmpint (twin_test_probe_port (port), ==, TWIN_BROKER_PROBE_FREE);
  twin_test_wait_until (mqtt_is_ok, services, WAIT_S, "the mirror to connect to the external broker");
  twin_test_client_wait_count (sub, "twin/state", 2);
  detail = twin_services_dup_mqtt_detail (services);
  g_assert_true (g_str_has_prefix (detail, "connected · "));

  twin_engine_stop (engine);
  g_clear_object (&services);
  g_settings_reset (settings, "mqtt-broker");
  g_settings_set_string (settings, "mqtt-mode", "off");
}

/* Before mqtt-mode, a switch said on or off and the URL named the broker:
 * off stays off, a broker set by hand stays in use, the rest gets the
 * built-in broker; a mode once set is not touched again. */
static void
test_migrates_enabled_switch (void)
{
  const struct {
    int         enabled;   /* -1: never set */
    const char *broker;    /* NULL: never set */
    const char *mode;      /* NULL: never set */
    const char *expect;
    gboolean    written;
  } cases[] = {
    { -1, NULL, NULL, "builtin", FALSE },
    { TRUE, NULL, NULL, "builtin", FALSE },
    { -1, "mqtt://127.0.0.1:1883", NULL, "builtin", FALSE },
    { FALSE, NULL, NULL, "off", TRUE },
    { FALSE, "mqtt://plant.example:1883", NULL, "off", TRUE },
    { TRUE, "mqtts://plant.example:8883", NULL, "external", TRUE },
    { -1, "mqtt://10.0.0.5", NULL, "external", TRUE },
    { FALSE, NULL, "builtin", "builtin", TRUE },
    { TRUE, "mqtt://10.0.0.5", "off", "off", TRUE },
  };
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GVariant) written = NULL;
      g_autofree char *mode = NULL;

      g_settings_reset (settings, "mqtt-enabled");
      g_settings_reset (settings, "mqtt-broker");
      g_settings_reset (settings, "mqtt-mode");
      if (cases[i].enabled >= 0)
        g_settings_set_boolean (settings, "mqtt-enabled", cases[i].enabled);
      if (cases[i].broker != NULL)
        g_settings_set_string (settings, "mqtt-broker", cases[i].broker);
      if (cases[i].mode != NULL)
        g_settings_set_string (settings, "mqtt-mode", cases[i].mode);

      twin_services_migrate (settings);
      mode = g_settings_get_string (settings, "mqtt-mode");
      written = g_settings_get_user_value (settings, "mqtt-mode");
      g_test_message ("case %u: %s", i, mode);
      g_assert_cmpstr (mode, ==, cases[i].expect);
      g_assert_cmpint (written != NULL, ==, cases[i].written);
    }

  g_settings_reset (settings, "mqtt-enabled");
  g_settings_reset (settings, "mqtt-broker");
  g_settings_set_string (settings, "mqtt-mode", "off");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/services/broker/builtin-by-default-status-names-it", test_builtin_by_default);
  g_test_add_func ("/services/broker/local-broker-used-offline-through-it", test_local_broker_used);
  g_test_add_func ("/services/broker/builtin-to-external-stops-it", test_builtin_to_external);
  g_test_add_func ("/services/broker/mqtt-enabled-carried-over", test_migrates_enabled_switch);

  return twin_test_run_in_data_home ();
}
