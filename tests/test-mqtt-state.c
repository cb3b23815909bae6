/* test-mqtt-state.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The MQTT mirror against a real mosquitto started for the test: the
 * states it publishes, its status and schemas, and its configuration.
 */

#include <cjson/cJSON.h>
#include <string.h>

#include "twin-schema.h"
#include "twin-test-broker.h"
#include "twin-test-env.h"
#include "twin-test-mirror.h"
#include "twin-test-mqtt-client.h"
#include "twin-test-schemas.h"
#include "twin-test-wait.h"

static void
assert_matches (const char *pattern,
                const char *text)
{
  if (!g_regex_match_simple (pattern, text, 0, 0))
    g_error ("%s does not match %s", text, pattern);
}

static void
assert_schema_retained (TwinTestClient *client,
                        const char     *name)
{
  g_autofree char *topic = g_strdup_printf ("twin/schema/%s", name);
  g_autoptr(GPtrArray) schema = twin_test_client_take (client, topic);
  TwinTestMessage *m = g_ptr_array_index (schema, 0);

  g_assert_true (m->retained);
  g_assert_cmpstr (m->payload, ==, twin_schema_get (name));
}

/* Validates every state message against the state schema the mirror
 * published, with a real JSON Schema validator (python3-jsonschema). */
static void
assert_states_valid (TwinTestClient *client,
                     GPtrArray      *states)
{
  g_autoptr(GPtrArray) schema = twin_test_client_take (client, "twin/schema/state");
  TwinTestMessage *s = g_ptr_array_index (schema, 0);
  cJSON *cases = cJSON_CreateArray ();

  g_assert_true (s->retained);
  for (guint i = 0; i < states->len; i++)
    twin_test_schema_case_add (cases, "mqtt state", s->payload,
                               ((TwinTestMessage *)g_ptr_array_index (states, i))->payload, TRUE);
  twin_test_schema_cases_check (cases);
  cJSON_Delete (cases);
}

static void
test_state (TwinTestMqtt  *f,
            gconstpointer  data)
{
  g_autoptr(TwinTestClient) sub = twin_test_client_new (f->url, "sub-state", FALSE, NULL);
  g_autoptr(TwinTestClient) late = NULL;
  g_autoptr(TwinMqtt) mqtt = NULL;
  g_autoptr(GPtrArray) states = NULL;
  g_autoptr(GPtrArray) retained = NULL;
  g_autoptr(GPtrArray) status = NULL;
  g_autofree char *mqtt_state = NULL;
  guint64 published = 0;

  twin_test_client_subscribe (sub, "twin/#", 1);
  twin_engine_set_time_scale (f->engine, 50, NULL);
  twin_engine_start (f->engine);
  mqtt = twin_test_mirror_new (f->engine, f->url, "twin", "rate", 20.0, "qos", 1u, NULL);

  twin_test_mirror_wait_connected (mqtt, 10);
  g_object_get (mqtt, "state", &mqtt_state, NULL);
  g_assert_cmpstr (mqtt_state, ==, "connected");

  twin_test_client_wait_count (sub, "twin/state", 10);
  twin_test_client_wait_count (sub, "twin/status", 1);

  status = twin_test_client_take (sub, "twin/status");
  g_assert_cmpstr (((TwinTestMessage *)status->pdata[0])->payload, ==, "online");

  states = twin_test_client_take (sub, "twin/state");
  for (guint i = 0; i < states->len; i++)
    {
      TwinTestMessage *m = g_ptr_array_index (states, i);
      cJSON *root = cJSON_ParseWithLength (m->payload, m->length);

      g_assert_nonnull (root);
      /* The tutorial's types: floats with a decimal point, rpm an integer. */
      assert_matches ("^\\{\"temperature\":-?[0-9]+(\\.[0-9]+|(\\.[0-9]+)?e[-+]?[0-9]+),"
                      "\"vibration\":-?[0-9]+(\\.[0-9]+|(\\.[0-9]+)?e[-+]?[0-9]+),"
                      "\"rpm\":[0-9]+,\"timestamp\":[0-9]+(\\.[0-9]+|(\\.[0-9]+)?e[-+]?[0-9]+),", m->payload);
      g_assert_true (cJSON_IsNumber (cJSON_GetObjectItem (root, "temperature")));
      g_assert_true (cJSON_IsNumber (cJSON_GetObjectItem (root, "rpm")));
      g_assert_cmpstr (cJSON_GetObjectItem (root, "model")->valuestring, ==, "physical@3");
      /* Consecutive publish counter, from 1. */
      g_assert_cmpfloat (cJSON_GetObjectItem (root, "msg_seq")->valuedouble, ==, i + 1);
      g_assert_true (cJSON_IsNumber (cJSON_GetObjectItem (root, "seq")));
      cJSON_Delete (root);
    }

  /* A late subscriber gets the last state at once, retained, and the
   * wire formats' JSON Schemas, against which the states are valid. */
  late = twin_test_client_new (f->url, "sub-late", FALSE, NULL);
  twin_test_client_subscribe (late, "twin/schema/+", 1);
  twin_test_client_subscribe (late, "twin/state", 1);
  twin_test_client_subscribe (late, "twin/status", 1);
  twin_test_client_wait_count (late, "twin/schema/state", 1);
  twin_test_client_wait_count (late, "twin/schema/command", 1);
  twin_test_client_wait_count (late, "twin/schema/sensors", 1);
  assert_schema_retained (late, "command");
  assert_schema_retained (late, "sensors");
  assert_states_valid (late, states);
  twin_test_client_wait_count (late, "twin/state", 1);
  twin_test_client_wait_count (late, "twin/status", 1);
  retained = twin_test_client_take (late, "twin/state");
  g_assert_true (((TwinTestMessage *)retained->pdata[0])->retained);
  g_ptr_array_unref (retained);
  retained = twin_test_client_take (late, "twin/status");
  g_assert_true (((TwinTestMessage *)retained->pdata[0])->retained);
  g_assert_cmpstr (((TwinTestMessage *)retained->pdata[0])->payload, ==, "online");

  g_object_get (mqtt, "published", &published, NULL);
  g_assert_cmpuint (published, >=, 11);
  g_assert_cmpuint (twin_mqtt_get_dropped (mqtt), ==, 0);
  g_assert_null (twin_mqtt_get_last_error (mqtt));

  /* A clean shutdown says offline, retained. */
  g_assert_true (twin_mqtt_shutdown (mqtt, 2000));
  g_assert_cmpint (twin_mqtt_get_state (mqtt), ==, TWIN_MQTT_STATE_OFF);
  twin_test_client_wait_count (late, "twin/status", 1);
  status = (g_ptr_array_unref (status), twin_test_client_take (late, "twin/status"));
  g_assert_cmpstr (((TwinTestMessage *)status->pdata[status->len - 1])->payload, ==, "offline");

  twin_engine_stop (f->engine);
}

static void
test_config (TwinTestMqtt  *f,
             gconstpointer  data)
{
  g_autoptr(TwinTestClient) sub = twin_test_client_new (f->url, "sub-config", FALSE, NULL);
  g_autoptr(TwinMqtt) mqtt = twin_mqtt_new (f->engine);
  g_auto(TwinMqttConfig) config = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *last_error = NULL;
  struct { const char *field; const char *message; } bad[] = {
    { "url", "url: \"http://x\" is not a broker URL; allowed: mqtt://HOST[:PORT] or mqtts://HOST[:PORT]" },
    { "prefix", "prefix: \"a/#\" is not a topic prefix" },
    { "qos", "qos: 3 is out of range; allowed: 0 to 2" },
    { "rate", "rate: 51 is out of range; allowed: 0.1 to 50 Hz" },
    { "keep-alive", "keep-alive: 1 is out of range; allowed: 5 to 3600 s" },
    { "ca-file", "ca-file: \"/nonexistent.pem\" is not a readable file" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      twin_mqtt_config_init (&config);
      switch (i)
        {
        case 0: g_free (config.url); config.url = g_strdup ("http://x"); break;
        case 1: g_free (config.prefix); config.prefix = g_strdup ("a/#"); break;
        case 2: config.qos = 3; break;
        case 3: config.rate = 51; break;
        case 4: config.keep_alive = 1; break;
        case 5: config.ca_file = g_strdup ("/nonexistent.pem"); break;
        }
      g_assert_false (twin_mqtt_set_config (mqtt, &config, &error));
      if (strstr (error->message, bad[i].message) == NULL)
        g_error ("%s: %s", bad[i].field, error->message);
      g_clear_error (&error);
      twin_mqtt_config_clear (&config);
    }

  /* Properties, as the preferences bind them: a change reconnects. */
  twin_test_client_subscribe (sub, "+/status", 1);
  g_object_set (mqtt, "url", f->url, "prefix", "one", "rate", 10.0, "enabled", TRUE, NULL);
  twin_test_mirror_wait_connected (mqtt, 10);
  twin_test_client_wait_count (sub, "one/status", 1);

  g_object_set (mqtt, "prefix", "two", NULL);
  twin_test_client_wait_count (sub, "two/status", 1);
  twin_test_mirror_wait_connected (mqtt, 10);

  /* A bad value through a property changes nothing and says why. */
  g_object_set (mqtt, "url", "ftp://nowhere", NULL);
  g_object_get (mqtt, "last-error", &last_error, NULL);
  g_assert_nonnull (strstr (last_error, "ftp://nowhere"));
  twin_mqtt_get_config (mqtt, &config);
  g_assert_cmpstr (config.url, ==, f->url);
  g_assert_cmpstr (config.prefix, ==, "two");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  twin_test_mqtt_add ("/mqtt/state/published-retained-and-valid", test_state);
  twin_test_mqtt_add ("/mqtt/config/bad-values-named-changes-reconnect", test_config);

  return twin_test_run_in_data_home ();
}
