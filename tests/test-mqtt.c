/* test-mqtt.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The MQTT mirror against a real mosquitto started for the test.
 */

#include <cjson/cJSON.h>
#include <math.h>
#include <string.h>

#include "twin-json.h"
#include <glib/gstdio.h>

#include "twin-mqtt-journal.h"
#include "twin-mqtt.h"
#include "twin-schema.h"
#include "twin-test-broker.h"

static TwinMqtt *
new_mirror (TwinEngine *engine,
            const char *url,
            const char *prefix,
            double      rate,
            guint       qos)
{
  TwinMqtt *mqtt = twin_mqtt_new (engine);
  g_auto(TwinMqttConfig) config = { 0 };
  g_autoptr(GError) error = NULL;

  twin_mqtt_config_init (&config);
  g_free (config.url);
  config.url = g_strdup (url);
  g_free (config.prefix);
  config.prefix = g_strdup (prefix);
  config.rate = rate;
  config.qos = qos;
  g_assert_true (twin_mqtt_set_config (mqtt, &config, &error));
  g_assert_no_error (error);
  twin_mqtt_start (mqtt);

  return mqtt;
}

static gboolean
is_connected (gpointer data)
{
  return twin_mqtt_get_state (data) == TWIN_MQTT_STATE_CONNECTED;
}

static gboolean
is_not_connected (gpointer data)
{
  return !is_connected (data);
}

typedef struct
{
  TwinTestClient *client;
  const char     *topic;
  guint           n;
} CountWait;

static gboolean
has_count (gpointer data)
{
  CountWait *w = data;

  return twin_test_client_count (w->client, w->topic) >= w->n;
}

static void
wait_count (TwinTestClient *client,
            const char     *topic,
            guint           n)
{
  CountWait w = { client, topic, n };

  if (!twin_test_wait (has_count, &w, 20))
    g_error ("%u messages on %s expected, %u came", n, topic, twin_test_client_count (client, topic));
}

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
  g_autofree char *dir = g_dir_make_tmp ("twinscope-schema-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "cases.json", NULL);
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "validate-json.py", NULL);
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "python3", script, path, NULL };
  cJSON *cases = cJSON_CreateArray ();
  TwinTestMessage *s = g_ptr_array_index (schema, 0);
  char *text;
  int status;

  g_assert_true (s->retained);
  for (guint i = 0; i < states->len; i++)
    {
      TwinTestMessage *m = g_ptr_array_index (states, i);
      cJSON *c = cJSON_CreateObject ();

      cJSON_AddStringToObject (c, "name", "mqtt state");
      cJSON_AddItemToObject (c, "schema", cJSON_Parse (s->payload));
      cJSON_AddItemToObject (c, "instance", cJSON_ParseWithLength (m->payload, m->length));
      cJSON_AddBoolToObject (c, "valid", TRUE);
      cJSON_AddItemToArray (cases, c);
    }
  text = cJSON_PrintUnformatted (cases);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  cJSON_free (text);
  cJSON_Delete (cases);

  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("validate-json.py: %s", out);
  g_assert_nonnull (strstr (out, "0 unexpected"));

  g_remove (path);
  g_rmdir (dir);
}

static void
test_state (void)
{
  g_autoptr(TwinTestBroker) broker = twin_test_broker_new (NULL);
  g_autofree char *url = twin_test_broker_get_url (broker);
  g_autoptr(TwinEngine) engine = twin_engine_new_full (1000, 0.1);
  g_autoptr(TwinTestClient) sub = twin_test_client_new (url, "sub-state", FALSE, NULL);
  g_autoptr(TwinTestClient) late = NULL;
  g_autoptr(TwinMqtt) mqtt = NULL;
  g_autoptr(GPtrArray) states = NULL;
  g_autoptr(GPtrArray) retained = NULL;
  g_autoptr(GPtrArray) status = NULL;
  g_autofree char *mqtt_state = NULL;
  guint64 published = 0;

  twin_test_client_subscribe (sub, "twin/#", 1);
  twin_engine_set_time_scale (engine, 50, NULL);
  twin_engine_start (engine);
  mqtt = new_mirror (engine, url, "twin", 20, 1);

  g_assert_true (twin_test_wait (is_connected, mqtt, 10));
  g_object_get (mqtt, "state", &mqtt_state, NULL);
  g_assert_cmpstr (mqtt_state, ==, "connected");

  wait_count (sub, "twin/state", 10);
  wait_count (sub, "twin/status", 1);

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
      g_assert_cmpstr (cJSON_GetObjectItem (root, "model")->valuestring, ==, "physical@2");
      /* Consecutive publish counter, from 1. */
      g_assert_cmpfloat (cJSON_GetObjectItem (root, "msg_seq")->valuedouble, ==, i + 1);
      g_assert_true (cJSON_IsNumber (cJSON_GetObjectItem (root, "seq")));
      cJSON_Delete (root);
    }

  /* A late subscriber gets the last state at once, retained, and the
   * wire formats' JSON Schemas, against which the states are valid. */
  late = twin_test_client_new (url, "sub-late", FALSE, NULL);
  twin_test_client_subscribe (late, "twin/schema/+", 1);
  twin_test_client_subscribe (late, "twin/state", 1);
  twin_test_client_subscribe (late, "twin/status", 1);
  wait_count (late, "twin/schema/state", 1);
  wait_count (late, "twin/schema/command", 1);
  wait_count (late, "twin/schema/sensors", 1);
  assert_schema_retained (late, "command");
  assert_schema_retained (late, "sensors");
  assert_states_valid (late, states);
  wait_count (late, "twin/state", 1);
  wait_count (late, "twin/status", 1);
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
  wait_count (late, "twin/status", 1);
  status = (g_ptr_array_unref (status), twin_test_client_take (late, "twin/status"));
  g_assert_cmpstr (((TwinTestMessage *)status->pdata[status->len - 1])->payload, ==, "offline");

  twin_engine_stop (engine);
}

typedef struct
{
  const char *payload;
  gssize      length;   /* -1: strlen */
} BadCommand;

static char *
reply_for (TwinTestClient *client,
           const char     *payload,
           gsize           length)
{
  g_autoptr(GPtrArray) replies = NULL;

  twin_test_client_publish (client, "twin/cmd", payload, length, 1, FALSE);
  wait_count (client, "twin/cmd/result", 1);
  replies = twin_test_client_take (client, "twin/cmd/result");
  g_assert_cmpuint (replies->len, ==, 1);

  return g_strdup (((TwinTestMessage *)replies->pdata[0])->payload);
}

static void
test_commands (void)
{
  g_autoptr(TwinTestBroker) broker = twin_test_broker_new (NULL);
  g_autofree char *url = twin_test_broker_get_url (broker);
  g_autoptr(TwinEngine) engine = twin_engine_new_full (1000, 0.1);
  g_autoptr(TwinTestClient) client = twin_test_client_new (url, "commander", FALSE, NULL);
  g_autoptr(TwinMqtt) mqtt = NULL;
  g_autofree char *big = NULL;
  g_autofree char *reply = NULL;
  TwinSnapshot before, after;
  const BadCommand bad[] = {
    { "{\"ambient\":\"hot\",\"id\":\"b1\"}", -1 },
    { "{\"ambient\":NaN}", -1 },
    { "{\"ambient\":nan}", -1 },
    { "{\"ambient\":Infinity}", -1 },
    { "{\"ambient\":1e400,\"id\":\"b5\"}", -1 },
    { "{\"ambient\":-1e400}", -1 },
    { "{\"rpm_setpoint\":1e309}", -1 },
    { "{\"ambient\":81}", -1 },
    { "{\"ambient\":-40.5}", -1 },
    { "{\"rpm_setpoint\":4001}", -1 },
    { "{\"rpm_setpoint\":-1}", -1 },
    { "{\"rpm_setpoint\":true}", -1 },
    { "{\"time_scale\":0}", -1 },
    { "{\"time_scale\":20000}", -1 },
    { "{\"paused\":1}", -1 },
    { "{\"paused\":\"yes\"}", -1 },
    { "{\"model\":\"nope@1\"}", -1 },
    { "{\"model\":5}", -1 },
    { "{\"faults\":{\"cooling_degraded\":1}}", -1 },
    { "{\"faults\":{\"other\":true}}", -1 },
    { "{\"faults\":true}", -1 },
    { "{\"faults\":{\"bearing_defect\":null}}", -1 },
    { "{\"reset\":\"true\"}", -1 },
    { "{\"unknown\":1}", -1 },
    { "{\"ambient\":30,\"bogus\":true}", -1 },
    { "{\"ambient\":30,\"rpm_setpoint\":9999}", -1 },
    { "{\"ambient\":30,\"faults\":{\"cooling_degraded\":true},\"time_scale\":-1}", -1 },
    { "{\"ambient\":30", -1 },
    { "", 0 },
    { "[1,2]", -1 },
    { "\"ambient\"", -1 },
    { "null", -1 },
    { "{\"ambient\":30}}", -1 },
    { "{\"ambient\":30,}", -1 },
    { "{'ambient':30}", -1 },
    { "{\"ambient\":0x10}", -1 },
    { "{\"ambient\":30,\"ambient\":31}", -1 },
    { "{\"id\":{\"a\":1},\"ambient\":30}", -1 },
    { "{\"id\":\"\xff\xfe\",\"ambient\":30}", -1 },
    { "{\"ambient\":30}\0junk", 19 },
    { "{\"ambient\":3\xc3", -1 },
  };
  guint n_bad = 0;

  twin_test_client_subscribe (client, "twin/cmd/result", 1);
  mqtt = new_mirror (engine, url, "twin", 2, 1);
  g_assert_true (twin_test_wait (is_connected, mqtt, 10));

  twin_engine_get_snapshot (engine, &before);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      gsize length = bad[i].length < 0 ? strlen (bad[i].payload) : (gsize)bad[i].length;
      g_autofree char *text = reply_for (client, bad[i].payload, length);
      cJSON *root = cJSON_Parse (text);

      g_autofree char *shown = g_strescape (bad[i].payload, NULL);

      g_test_message ("%s → %s", shown, text);
      g_assert_nonnull (root);
      g_assert_true (cJSON_IsFalse (cJSON_GetObjectItem (root, "ok")));
      g_assert_true (cJSON_IsString (cJSON_GetObjectItem (root, "error")));
      g_assert_cmpuint (strlen (cJSON_GetObjectItem (root, "error")->valuestring), >, 5);
      cJSON_Delete (root);
      n_bad++;
    }

  /* 1 MiB. */
  {
    GString *s = g_string_new ("{\"ambient\":30,\"id\":\"");

    while (s->len < 1024 * 1024)
      g_string_append_c (s, 'x');
    g_string_append (s, "\"}");
    big = g_string_free (s, FALSE);
  }
  reply = reply_for (client, big, strlen (big));
  g_assert_nonnull (strstr (reply, "\"ok\":false"));
  g_assert_nonnull (strstr (reply, "too large"));
  n_bad++;
  g_assert_cmpuint (n_bad, >=, 30);

  /* The id of a refused command is echoed when it could be read. */
  g_clear_pointer (&reply, g_free);
  reply = reply_for (client, bad[0].payload, strlen (bad[0].payload));
  g_assert_nonnull (strstr (reply, "\"id\":\"b1\""));
  g_assert_nonnull (strstr (reply, "ambient"));

  /* Nothing changed. */
  twin_engine_get_snapshot (engine, &after);
  g_assert_cmpfloat (after.ambient, ==, before.ambient);
  g_assert_cmpfloat (after.rpm_setpoint, ==, before.rpm_setpoint);
  g_assert_cmpfloat (after.time_scale, ==, before.time_scale);
  g_assert_cmpfloat (after.timestamp, ==, before.timestamp);
  g_assert_cmpint (after.paused, ==, before.paused);
  g_assert_cmpint (after.cooling_degraded, ==, before.cooling_degraded);
  g_assert_cmpint (after.bearing_defect, ==, before.bearing_defect);
  g_assert_cmpstr (after.model, ==, before.model);

  /* Good commands apply, whole. */
  g_clear_pointer (&reply, g_free);
  reply = reply_for (client, "{\"ambient\":30,\"rpm_setpoint\":1200,\"id\":\"a1\"}", strlen ("{\"ambient\":30,\"rpm_setpoint\":1200,\"id\":\"a1\"}"));
  g_assert_cmpstr (reply, ==, "{\"ok\":true,\"id\":\"a1\"}");
  g_assert_cmpfloat (twin_engine_get_ambient (engine), ==, 30);
  g_assert_cmpfloat (twin_engine_get_rpm_setpoint (engine), ==, 1200);

  g_clear_pointer (&reply, g_free);
  reply = reply_for (client, "{\"faults\":{\"cooling_degraded\":true},\"model\":\"tutorial@1\",\"id\":7}",
                     strlen ("{\"faults\":{\"cooling_degraded\":true},\"model\":\"tutorial@1\",\"id\":7}"));
  g_assert_cmpstr (reply, ==, "{\"ok\":true,\"id\":7}");
  g_assert_true (twin_engine_get_cooling_degraded (engine));
  g_assert_cmpstr (twin_engine_get_model (engine)->id, ==, "tutorial@1");
}

static gboolean
shadow_has_measurement (gpointer data)
{
  return twin_shadow_get_count (data) > 0;
}

static gboolean
shadow_is_stale (gpointer data)
{
  return twin_shadow_get_stale (data);
}

static void
test_shadow (void)
{
  g_autoptr(TwinTestBroker) broker = twin_test_broker_new (NULL);
  g_autofree char *url = twin_test_broker_get_url (broker);
  g_autoptr(TwinEngine) engine = twin_engine_new_full (1000, 0.1);
  g_autoptr(TwinTestClient) machine = twin_test_client_new (url, "machine", FALSE, NULL);
  g_autoptr(TwinMqtt) mqtt = NULL;
  g_autoptr(GArray) points = NULL;
  TwinShadow *shadow = twin_engine_get_shadow (engine);
  const char *bad[] = {
    "{\"temperature\":70.5,\"vibration\":2.5,\"rpm\":1480}",
    "{\"temperature\":\"70\",\"vibration\":2.5,\"rpm\":1480,\"timestamp\":1}",
    "{\"temperature\":70.5,\"vibration\":-1,\"rpm\":1480,\"timestamp\":1}",
    "{\"temperature\":70.5,\"vibration\":2.5,\"rpm\":1e400,\"timestamp\":1}",
    "{\"temperature\":70.5,\"vibration\":2.5,\"rpm\":1480,\"timestamp\":1,\"extra\":0}",
    "{\"temperature\":70.5,",
    "{\"temperature\":NaN,\"vibration\":2.5,\"rpm\":1480,\"timestamp\":1}",
  };
  TwinSnapshot sim;
  TwinMeasurement m;
  gboolean stale;
  double residual;

  mqtt = new_mirror (engine, url, "twin", 2, 1);
  g_assert_true (twin_test_wait (is_connected, mqtt, 10));
  twin_engine_advance (engine, 30);
  twin_engine_get_snapshot (engine, &sim);
  twin_shadow_set_stale_after (shadow, 0.5);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    twin_test_client_publish (machine, "twin/sensors", bad[i], strlen (bad[i]), 1, FALSE);

  twin_test_client_publish (machine, "twin/sensors",
                            "{\"temperature\":70.5,\"vibration\":2.5,\"rpm\":1480,\"timestamp\":12.5}",
                            strlen ("{\"temperature\":70.5,\"vibration\":2.5,\"rpm\":1480,\"timestamp\":12.5}"),
                            1, FALSE);
  g_assert_true (twin_test_wait (shadow_has_measurement, shadow, 10));

  g_assert_cmpuint (twin_shadow_get_rejected (shadow), ==, G_N_ELEMENTS (bad));
  g_assert_nonnull (twin_shadow_get_last_error (shadow));
  g_assert_cmpuint (twin_shadow_get_count (shadow), ==, 1);
  g_assert_true (twin_shadow_get_last (shadow, &m));
  g_assert_cmpfloat (m.reading.timestamp, ==, 12.5);
  g_assert_cmpfloat (fabs (m.residual_temperature - (70.5 - sim.temperature)), <, 1e-12);
  g_assert_cmpfloat (fabs (m.residual_vibration - (2.5 - sim.vibration)), <, 1e-12);
  g_assert_cmpfloat (fabs (m.residual_rpm - (1480 - sim.rpm)), <, 1e-12);
  g_object_get (shadow, "residual-temperature", &residual, "stale", &stale, NULL);
  g_assert_cmpfloat (residual, ==, m.residual_temperature);
  g_assert_false (stale);
  g_assert_cmpfloat (m.sim_time, ==, sim.timestamp);

  points = twin_shadow_get_points (shadow, 0, sim.timestamp + 1);
  g_assert_cmpuint (points->len, ==, 1);

  /* No reading for longer than the stale time. */
  g_assert_true (twin_test_wait (shadow_is_stale, shadow, 5));

  /* Sync: the twin continues from the measurement. */
  g_assert_true (twin_engine_sync_to_measurement (engine, TWIN_COMMAND_SOURCE_PROGRAM, NULL));
  twin_engine_get_snapshot (engine, &sim);
  g_assert_cmpfloat (sim.temperature, ==, 70.5);
  g_assert_cmpfloat (sim.vibration, ==, 2.5);
  g_assert_cmpfloat (sim.rpm, ==, 1480);
}

static gboolean
shadow_has_rejected (gpointer data)
{
  return twin_shadow_get_rejected (data) > 0;
}

typedef struct
{
  TwinTestClient *client;
  char           *id_member;
  char           *reply;
} ReplyWait;

static gboolean
has_reply_with_id (gpointer data)
{
  ReplyWait *w = data;
  g_autoptr(GPtrArray) replies = twin_test_client_take (w->client, "twin/cmd/result");

  for (guint i = 0; i < replies->len && w->reply == NULL; i++)
    if (strstr (((TwinTestMessage *)replies->pdata[i])->payload, w->id_member) != NULL)
      w->reply = g_strdup (((TwinTestMessage *)replies->pdata[i])->payload);
  return w->reply != NULL;
}

/* A retained command comes again with every subscribe, so a refusal of an
 * earlier one may still be on its way: the reply to @id is the one. */
static void
assert_retained_refusal (TwinTestClient *client,
                         const char     *id)
{
  ReplyWait w = { client, g_strdup_printf ("\"id\":\"%s\"", id), NULL };

  if (!twin_test_wait (has_reply_with_id, &w, 20))
    g_error ("no reply for %s", id);
  g_test_message ("%s", w.reply);
  g_assert_true (g_str_has_prefix (w.reply, "{\"ok\":false,\"error\":\"retained: "));
  g_free (w.id_member);
  g_free (w.reply);
}

static guint64
counter (TwinMqtt   *mqtt,
         const char *name)
{
  guint64 value = 0;

  g_object_get (mqtt, name, &value, NULL);
  return value;
}

static gboolean
client_connected (gpointer data)
{
  return twin_test_client_connected (data);
}

static gboolean
has_reconnected (gpointer data)
{
  return twin_mqtt_get_reconnects (data) >= 1 && is_connected (data);
}

/* A retained command would come again at every (re)connect and undo any
 * later change: it is refused, with a reply, at the first connect and
 * after a broker restart; and a retained reset never resets. */
static void
test_retained_command (void)
{
  g_autoptr(TwinTestBroker) broker = twin_test_broker_new (NULL);
  g_autofree char *url = twin_test_broker_get_url (broker);
  g_autoptr(TwinEngine) engine = twin_engine_new_full (1000, 0.1);
  g_autoptr(TwinTestClient) client = twin_test_client_new (url, "retainer", TRUE, NULL);
  g_autoptr(TwinMqtt) mqtt = NULL;
  const char *ambient = "{\"ambient\":70,\"id\":\"r1\"}";
  const char *reset = "{\"reset\":true,\"id\":\"r2\"}";
  const char *reading = "{\"temperature\":70.5,\"vibration\":2.5,\"rpm\":1480,\"timestamp\":1}";

  twin_test_client_subscribe (client, "twin/cmd/result", 1);
  twin_test_client_publish (client, "twin/cmd", ambient, strlen (ambient), 1, TRUE);
  twin_test_client_publish (client, "twin/sensors", reading, strlen (reading), 1, TRUE);

  mqtt = new_mirror (engine, url, "twin", 2, 1);
  assert_retained_refusal (client, "r1");
  g_assert_cmpfloat (twin_engine_get_ambient (engine), ==, 22);
  g_assert_cmpuint (counter (mqtt, "commands-refused"), ==, 1);
  g_assert_cmpuint (counter (mqtt, "commands-applied"), ==, 0);
  g_assert_true (twin_test_wait (shadow_has_rejected, twin_engine_get_shadow (engine), 20));
  g_assert_nonnull (strstr (twin_shadow_get_last_error (twin_engine_get_shadow (engine)), "retained"));
  g_assert_cmpuint (counter (mqtt, "readings-refused"), ==, 1);
  g_assert_cmpuint (twin_shadow_get_rejected (twin_engine_get_shadow (engine)), ==, 1);
  g_assert_cmpuint (twin_shadow_get_count (twin_engine_get_shadow (engine)), ==, 0);

  /* A later change, as through REST, survives a broker restart. */
  g_assert_true (twin_engine_set_ambient (engine, 30, NULL));
  twin_engine_advance (engine, 10);
  twin_test_broker_stop (broker);
  twin_test_broker_start (broker);
  g_assert_true (twin_test_wait (has_reconnected, mqtt, 30));
  assert_retained_refusal (client, "r1");
  g_assert_cmpfloat (twin_engine_get_ambient (engine), ==, 30);
  g_assert_cmpuint (counter (mqtt, "commands-refused"), ==, 2);

  /* A retained reset, found at the next connect, resets nothing. (A new
   * session: the old one would have it queued as a live message, which
   * MQTT 3.1.1 delivers without the flag.) */
  twin_mqtt_stop (mqtt);
  g_assert_true (twin_test_wait (client_connected, client, 30));
  twin_test_client_publish (client, "twin/cmd", reset, strlen (reset), 1, TRUE);
  g_object_set (mqtt, "client-id", "twin-retained-fresh", NULL);
  twin_mqtt_start (mqtt);
  assert_retained_refusal (client, "r2");
  g_assert_cmpfloat (twin_engine_get_timestamp (engine), >=, 10);
  g_assert_cmpfloat (twin_engine_get_ambient (engine), ==, 30);

  /* Commands without the flag still apply. */
  twin_test_client_publish (client, "twin/cmd", "{\"ambient\":25,\"id\":\"n1\"}",
                            strlen ("{\"ambient\":25,\"id\":\"n1\"}"), 1, FALSE);
  {
    ReplyWait w = { client, g_strdup ("\"id\":\"n1\""), NULL };

    g_assert_true (twin_test_wait (has_reply_with_id, &w, 20));
    g_assert_cmpstr (w.reply, ==, "{\"ok\":true,\"id\":\"n1\"}");
    g_free (w.id_member);
    g_free (w.reply);
  }
  g_assert_cmpfloat (twin_engine_get_ambient (engine), ==, 25);
  g_assert_cmpuint (counter (mqtt, "commands-applied"), ==, 1);
}

/* paho hands over a message whole; one above the limit is let go
 * uncopied and refused by its size, and changes nothing. */
static void
test_oversized (void)
{
  g_autoptr(TwinTestBroker) broker = twin_test_broker_new (NULL);
  g_autofree char *url = twin_test_broker_get_url (broker);
  g_autoptr(TwinEngine) engine = twin_engine_new_full (1000, 0.1);
  g_autoptr(TwinTestClient) client = twin_test_client_new (url, "oversized", FALSE, NULL);
  g_autoptr(TwinMqtt) mqtt = NULL;
  TwinShadow *shadow = twin_engine_get_shadow (engine);
  g_autofree char *reply = NULL;
  g_autofree char *expect = NULL;
  GString *big = g_string_new ("{\"ambient\":30,\"id\":\"big\"");
  GString *reading = g_string_new ("{\"temperature\":70.5,\"vibration\":2.5,\"rpm\":1480,\"timestamp\":1");
  TwinSnapshot before, after;

  /* Valid JSON, only too large: whitespace. */
  while (big->len < 16 * 1024 * 1024)
    g_string_append_c (big, ' ');
  g_string_append_c (big, '}');
  while (reading->len <= TWIN_MQTT_MAX_READING_SIZE)
    g_string_append_c (reading, ' ');
  g_string_append_c (reading, '}');

  twin_test_client_subscribe (client, "twin/cmd/result", 1);
  mqtt = new_mirror (engine, url, "twin", 2, 1);
  g_assert_true (twin_test_wait (is_connected, mqtt, 10));
  twin_engine_get_snapshot (engine, &before);

  reply = reply_for (client, big->str, big->len);
  g_test_message ("%s", reply);
  expect = g_strdup_printf ("{\"ok\":false,\"error\":\"payload: %" G_GSIZE_FORMAT " bytes is too large; "
                            "allowed: at most %d bytes\"}", big->len, TWIN_JSON_MAX_COMMAND_SIZE);
  g_assert_cmpstr (reply, ==, expect);

  twin_test_client_publish (client, "twin/sensors", reading->str, reading->len, 0, FALSE);
  g_assert_true (twin_test_wait (shadow_has_rejected, shadow, 20));
  g_test_message ("%s", twin_shadow_get_last_error (shadow));
  g_clear_pointer (&expect, g_free);
  expect = g_strdup_printf ("payload: %" G_GSIZE_FORMAT " bytes is too large; allowed: at most %d bytes",
                            reading->len, TWIN_MQTT_MAX_READING_SIZE);
  g_assert_cmpstr (twin_shadow_get_last_error (shadow), ==, expect);
  g_assert_cmpuint (twin_shadow_get_count (shadow), ==, 0);

  twin_engine_get_snapshot (engine, &after);
  g_assert_cmpfloat (after.ambient, ==, before.ambient);
  g_assert_cmpuint (counter (mqtt, "commands-refused"), ==, 1);
  g_assert_cmpuint (counter (mqtt, "readings-refused"), ==, 1);

  g_string_free (big, TRUE);
  g_string_free (reading, TRUE);
}

#define BURST 200
/* More than the inbox holds at once. */
#define FLOOD ((TWIN_MQTT_INBOX_BYTES / TWIN_JSON_MAX_COMMAND_SIZE) * 5 / 4)

/* Counts main-loop iterations with an idle source of the mirror's
 * priority, which lives as long as commands keep being applied. */
typedef struct
{
  guint    turns;
  guint    counter_id;
  gboolean applied_since;
  GArray  *applied_at;   /* turns, per ambient change */
} Applied;

static gboolean
count_turn_cb (gpointer data)
{
  Applied *applied = data;

  applied->turns++;
  if (applied->applied_since)
    {
      applied->applied_since = FALSE;
      return G_SOURCE_CONTINUE;
    }
  applied->counter_id = 0;
  return G_SOURCE_REMOVE;
}

static void
ambient_changed_cb (TwinEngine *engine,
                    GParamSpec *pspec,
                    Applied    *applied)
{
  g_array_append_val (applied->applied_at, applied->turns);
  applied->applied_since = TRUE;
  if (applied->counter_id == 0)
    applied->counter_id = g_idle_add_full (G_PRIORITY_DEFAULT, count_turn_cb, applied, NULL);
}

/* A command setting @ambient, padded with blanks to the largest size
 * allowed. */
static GBytes *
largest_command (guint  id,
                 double ambient)
{
  GString *s = g_string_new (NULL);

  g_string_printf (s, "{\"id\":%u,\"ambient\":%.2f", id, ambient);
  while (s->len < TWIN_JSON_MAX_COMMAND_SIZE - 1)
    g_string_append_c (s, ' ');
  g_string_append_c (s, '}');
  return g_string_free_to_bytes (s);
}

/* 200 commands of 64 KiB arrive at once: each is answered once, in
 * order, and other sources of the same priority (the clock's, the REST
 * port's) run between them, since the mirror handles a bounded number of
 * received messages per main-loop dispatch. */
static void
test_burst (void)
{
  g_autoptr(TwinTestBroker) broker = twin_test_broker_new (NULL);
  g_autofree char *url = twin_test_broker_get_url (broker);
  g_autoptr(TwinEngine) engine = twin_engine_new_full (1000, 0.1);
  g_autoptr(TwinTestClient) client = twin_test_client_new (url, "burster", FALSE, NULL);
  g_autoptr(GPtrArray) payloads = g_ptr_array_new_with_free_func ((GDestroyNotify)g_bytes_unref);
  g_autoptr(GPtrArray) replies = NULL;
  g_autoptr(TwinMqtt) mqtt = NULL;
  Applied applied = { 0, 0, FALSE, g_array_new (FALSE, FALSE, sizeof (guint)) };
  guint first, last;

  for (guint i = 0; i < BURST; i++)
    g_ptr_array_add (payloads, largest_command (i, 20.0 + i * 0.05));

  twin_test_client_subscribe (client, "twin/cmd/result", 1);
  twin_engine_start (engine);
  mqtt = new_mirror (engine, url, "twin", 2, 1);
  g_assert_true (twin_test_wait (is_connected, mqtt, 10));
  g_signal_connect (engine, "notify::ambient", G_CALLBACK (ambient_changed_cb), &applied);

  /* The main loop stands still while the burst arrives. */
  twin_test_client_publish_burst (client, "twin/cmd", payloads, 1);
  g_usleep (G_USEC_PER_SEC / 2);

  wait_count (client, "twin/cmd/result", BURST);
  twin_test_run_for (0.2);
  replies = twin_test_client_take (client, "twin/cmd/result");
  g_assert_cmpuint (replies->len, ==, BURST);
  for (guint i = 0; i < BURST; i++)
    {
      g_autofree char *expect = g_strdup_printf ("{\"ok\":true,\"id\":%u}", i);

      g_assert_cmpstr (((TwinTestMessage *)replies->pdata[i])->payload, ==, expect);
    }

  g_assert_cmpuint (applied.applied_at->len, ==, BURST);
  first = g_array_index (applied.applied_at, guint, 0);
  last = g_array_index (applied.applied_at, guint, BURST - 1);
  g_test_message ("main-loop turn at the first command %u, at the last %u", first, last);
  g_assert_cmpuint (last - first, >=, BURST / TWIN_MQTT_DISPATCH_MESSAGES - 1);
  g_assert_cmpfloat (fabs (twin_engine_get_ambient (engine) - (20.0 + (BURST - 1) * 0.05)), <, 1e-9);

  g_assert_cmpuint (applied.counter_id, ==, 0);
  g_signal_handlers_disconnect_by_data (engine, &applied);
  g_array_unref (applied.applied_at);
  twin_engine_stop (engine);
}

static TwinMqtt *
new_queued_mirror (TwinEngine *engine,
                   const char *url,
                   guint       queue_limit)
{
  TwinMqtt *mqtt = twin_mqtt_new (engine);

  g_object_set (mqtt, "url", url, "prefix", "qf", "client-id", "queue-file", "rate", 0.1,
                "queue-limit", queue_limit, "enabled", TRUE, NULL);
  return mqtt;
}

static guint64
msg_seq_of (TwinTestMessage *m)
{
  cJSON *root = cJSON_ParseWithLength (m->payload, m->length);
  guint64 seq;

  g_assert_nonnull (root);
  seq = (guint64)cJSON_GetNumberValue (cJSON_GetObjectItem (root, "msg_seq"));
  cJSON_Delete (root);
  return seq;
}

/* With a client id the queue lives in a file too: what one mirror queued
 * while the broker was away, the next one with that id sends, and msg_seq
 * goes on; a record cut short by a kill mid-write is dropped; the file
 * stays bounded by the queue limit. */
static void
test_queue_file (void)
{
  g_autoptr(TwinTestBroker) broker = twin_test_broker_new (NULL);
  g_autofree char *url = twin_test_broker_get_url (broker);
  g_autofree char *path = twin_mqtt_journal_path ("queue-file");
  g_autoptr(TwinEngine) engine = twin_engine_new_full (1000, 0.1);
  g_autoptr(TwinTestClient) sub = NULL;
  g_autoptr(GPtrArray) states = NULL;
  g_autofree char *contents = NULL;
  const char torn[] = "+ 999 0 1 1 999 500\n{\"temperature\":";
  TwinMqtt *mqtt;
  guint64 first_run, expect;
  GStatBuf st;
  FILE *file;

  g_assert_true (g_str_has_prefix (path, g_get_user_data_dir ()));
  twin_test_broker_stop (broker);

  /* Queued while the broker is away, then gone without a goodbye. */
  mqtt = new_queued_mirror (engine, url, TWIN_MQTT_DEFAULT_QUEUE_LIMIT);
  for (guint i = 0; i < 5; i++)
    twin_mqtt_publish_state (mqtt);
  first_run = twin_mqtt_get_state_seq (mqtt);
  g_assert_cmpuint (first_run, >=, 5);
  g_assert_finalize_object (mqtt);

  file = fopen (path, "ab");
  g_assert_nonnull (file);
  g_assert_cmpuint (fwrite (torn, 1, strlen (torn), file), ==, strlen (torn));
  fclose (file);

  twin_test_broker_start (broker);
  sub = twin_test_client_new (url, "sub-queue-file", FALSE, NULL);
  twin_test_client_subscribe (sub, "qf/state", 1);

  mqtt = new_queued_mirror (engine, url, TWIN_MQTT_DEFAULT_QUEUE_LIMIT);
  g_assert_cmpuint (twin_mqtt_get_state_seq (mqtt), ==, first_run);
  g_assert_true (twin_test_wait (is_connected, mqtt, 10));
  twin_mqtt_publish_state (mqtt);
  wait_count (sub, "qf/state", first_run + 1);
  states = twin_test_client_take (sub, "qf/state");
  for (guint i = 0; i < states->len; i++)
    g_assert_cmpuint (msg_seq_of (g_ptr_array_index (states, i)), ==, i + 1);
  g_assert_cmpuint (twin_mqtt_get_dropped (mqtt), ==, 0);

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_null (strstr (contents, "+ 999 "));

  /* Bounded: 3000 states through a queue of 20 while the broker is away
   * (and the mirror knows it: paho 1.3.12 would leak what it was handed
   * in between when the mirror is destroyed). */
  twin_test_broker_stop (broker);
  g_assert_true (twin_test_wait (is_not_connected, mqtt, 10));
  g_object_set (mqtt, "queue-limit", 20u, NULL);
  for (guint i = 0; i < 3000; i++)
    twin_mqtt_publish_state (mqtt);
  expect = twin_mqtt_get_state_seq (mqtt);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_test_message ("queue file: %" G_GINT64_FORMAT " bytes for 20 queued states", (gint64)st.st_size);
  g_assert_cmpint (st.st_size, <, 2 * 20 * 1024 + 256 * 1024 + 4096);
  g_assert_finalize_object (mqtt);

  /* The next run finds the 20 newest, and goes on from them. */
  mqtt = new_queued_mirror (engine, url, 20);
  g_assert_cmpuint (twin_mqtt_get_state_seq (mqtt), ==, expect);
  g_assert_cmpuint (twin_mqtt_get_queued (mqtt), ==, 20);
  g_assert_finalize_object (mqtt);
}

static gboolean
inbox_full (gpointer data)
{
  return twin_mqtt_get_inbox_bytes (data) >
         TWIN_MQTT_INBOX_BYTES - TWIN_JSON_MAX_COMMAND_SIZE - TWIN_MQTT_INBOX_MESSAGE_COST;
}

/* Waits without running the main loop. */
static gboolean
wait_blocked (TwinTestCondition condition,
              gpointer          data,
              double            timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + (gint64)(timeout_s * G_USEC_PER_SEC);

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_usleep (2000);
    }
  return TRUE;
}

/* More large commands than the inbox holds, while the main loop stands
 * still: those beyond it are refused unread, with a reply that says why;
 * every command is answered once, in order, and counted. */
static void
test_flood (void)
{
  g_autoptr(TwinTestBroker) broker = twin_test_broker_new (NULL);
  g_autofree char *url = twin_test_broker_get_url (broker);
  g_autoptr(TwinEngine) engine = twin_engine_new_full (1000, 0.1);
  g_autoptr(TwinTestClient) client = twin_test_client_new (url, "flooder", FALSE, NULL);
  g_autoptr(GPtrArray) payloads = g_ptr_array_new_with_free_func ((GDestroyNotify)g_bytes_unref);
  g_autoptr(GPtrArray) replies = NULL;
  g_autoptr(TwinMqtt) mqtt = NULL;
  guint refused = 0;

  for (guint i = 0; i < FLOOD; i++)
    g_ptr_array_add (payloads, largest_command (i, 25.0));

  twin_test_client_subscribe (client, "twin/cmd/result", 1);
  mqtt = new_mirror (engine, url, "twin", 2, 1);
  g_assert_true (twin_test_wait (is_connected, mqtt, 10));

  twin_test_client_publish_burst (client, "twin/cmd", payloads, 1);
  g_assert_true (wait_blocked (inbox_full, mqtt, 30));
  /* The rest arrive, and find it full. */
  g_usleep (G_USEC_PER_SEC / 2);

  wait_count (client, "twin/cmd/result", FLOOD);
  twin_test_run_for (0.2);
  replies = twin_test_client_take (client, "twin/cmd/result");
  g_assert_cmpuint (replies->len, ==, FLOOD);
  for (guint i = 0; i < FLOOD; i++)
    {
      const char *reply = ((TwinTestMessage *)replies->pdata[i])->payload;
      g_autofree char *ok = g_strdup_printf ("{\"ok\":true,\"id\":%u}", i);

      if (strcmp (reply, ok) == 0)
        continue;
      /* Refused unread: no id could be read. */
      g_assert_true (g_str_has_prefix (reply, "{\"ok\":false,\"error\":\"payload: "));
      g_assert_nonnull (strstr (reply, "refused unread"));
      refused++;
    }
  g_test_message ("%u of %u commands refused unread", refused, FLOOD);
  g_assert_cmpuint (refused, >, 0);
  g_assert_cmpuint (counter (mqtt, "commands-refused"), ==, refused);
  g_assert_cmpuint (counter (mqtt, "commands-applied"), ==, FLOOD - refused);
  g_assert_cmpuint (twin_mqtt_get_inbox_bytes (mqtt), ==, 0);
}

static void
test_broker_absent (void)
{
  g_autoptr(TwinTestBroker) broker = twin_test_broker_new (NULL);
  g_autofree char *url = twin_test_broker_get_url (broker);
  g_autoptr(TwinEngine) engine = twin_engine_new_full (1000, 0.1);
  g_autoptr(TwinMqtt) mqtt = NULL;
  g_autoptr(TwinTestClient) sub = NULL;
  g_autofree char *state = NULL;
  g_autofree char *last_error = NULL;
  double t0;

  twin_test_broker_stop (broker);

  twin_engine_set_time_scale (engine, 10, NULL);
  twin_engine_start (engine);
  mqtt = new_mirror (engine, url, "twin", 10, 1);

  /* The simulation clock runs on while nobody answers. */
  t0 = twin_engine_get_timestamp (engine);
  twin_test_run_for (1.5);
  g_assert_cmpfloat (twin_engine_get_timestamp (engine) - t0, >, 5);

  g_object_get (mqtt, "state", &state, "last-error", &last_error, NULL);
  g_assert_cmpstr (state, ==, "connecting");
  g_assert_nonnull (last_error);
  g_assert_nonnull (strstr (last_error, url));
  g_assert_cmpuint (twin_mqtt_get_queued (mqtt), >=, 10);

  /* The broker comes; the states waiting for it arrive, in order. */
  twin_test_broker_start (broker);
  g_assert_true (twin_test_wait (is_connected, mqtt, 10));
  sub = twin_test_client_new (url, "sub-absent", FALSE, NULL);
  twin_test_client_subscribe (sub, "twin/status", 1);
  wait_count (sub, "twin/status", 1);
  g_assert_cmpuint (twin_mqtt_get_reconnects (mqtt), ==, 0);
  twin_engine_stop (engine);
}

/* A broker that takes the connection and never answers: paho waits for
 * its CONNACK in the background, the clock runs on, and letting go of the
 * mirror does not hang either. */
static void
test_broker_dead (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(TwinEngine) engine = twin_engine_new_full (1000, 0.1);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  TwinMqtt *mqtt;
  double t0;

  g_assert_true (g_socket_bind (socket, address, TRUE, &error));
  g_assert_true (g_socket_listen (socket, &error));
  bound = g_socket_get_local_address (socket, &error);
  url = g_strdup_printf ("mqtt://127.0.0.1:%u",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));

  twin_engine_set_time_scale (engine, 10, NULL);
  twin_engine_start (engine);
  mqtt = new_mirror (engine, url, "twin", 10, 1);
  t0 = twin_engine_get_timestamp (engine);
  twin_test_run_for (1.5);
  g_assert_cmpfloat (twin_engine_get_timestamp (engine) - t0, >, 5);
  g_assert_cmpint (twin_mqtt_get_state (mqtt), ==, TWIN_MQTT_STATE_CONNECTING);
  g_assert_cmpuint (twin_mqtt_get_queued (mqtt), >=, 10);
  g_assert_false (twin_mqtt_shutdown (mqtt, 2000));
  g_assert_finalize_object (mqtt);
  twin_engine_stop (engine);
}

static void
test_config (void)
{
  g_autoptr(TwinTestBroker) broker = twin_test_broker_new (NULL);
  g_autofree char *url = twin_test_broker_get_url (broker);
  g_autoptr(TwinEngine) engine = twin_engine_new_full (1000, 0.1);
  g_autoptr(TwinTestClient) sub = twin_test_client_new (url, "sub-config", FALSE, NULL);
  g_autoptr(TwinMqtt) mqtt = twin_mqtt_new (engine);
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
  g_object_set (mqtt, "url", url, "prefix", "one", "rate", 10.0, "enabled", TRUE, NULL);
  g_assert_true (twin_test_wait (is_connected, mqtt, 10));
  wait_count (sub, "one/status", 1);

  g_object_set (mqtt, "prefix", "two", NULL);
  wait_count (sub, "two/status", 1);
  g_assert_true (twin_test_wait (is_connected, mqtt, 10));

  /* A bad value through a property changes nothing and says why. */
  g_object_set (mqtt, "url", "ftp://nowhere", NULL);
  g_object_get (mqtt, "last-error", &last_error, NULL);
  g_assert_nonnull (strstr (last_error, "ftp://nowhere"));
  twin_mqtt_get_config (mqtt, &config);
  g_assert_cmpstr (config.url, ==, url);
  g_assert_cmpstr (config.prefix, ==, "two");
}

int
main (int   argc,
      char *argv[])
{
  /* The queue files go to a data directory of this run's own; each test
   * names its own client id, and so its own file. */
  g_autofree char *data_home = twin_test_use_data_home ();
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/mqtt/state", test_state);
  g_test_add_func ("/mqtt/commands", test_commands);
  g_test_add_func ("/mqtt/shadow", test_shadow);
  g_test_add_func ("/mqtt/retained-command", test_retained_command);
  g_test_add_func ("/mqtt/oversized", test_oversized);
  g_test_add_func ("/mqtt/burst", test_burst);
  g_test_add_func ("/mqtt/flood", test_flood);
  g_test_add_func ("/mqtt/queue-file", test_queue_file);
  g_test_add_func ("/mqtt/broker-absent", test_broker_absent);
  g_test_add_func ("/mqtt/broker-dead", test_broker_dead);
  g_test_add_func ("/mqtt/config", test_config);

  status = g_test_run ();
  twin_test_remove_tree (data_home);
  return status;
}
