/* test-mqtt-commands.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the MQTT mirror takes in from a real mosquitto: commands on
 * <prefix>/cmd, applied whole or refused with a reply that says why, and
 * the machine's sensor readings on <prefix>/sensors; retained and
 * oversized messages refused.
 */

#include <cjson/cJSON.h>
#include <math.h>
#include <string.h>

#include "twin-json.h"
#include "twin-test-broker.h"
#include "twin-test-env.h"
#include "twin-test-commands.h"
#include "twin-test-mirror.h"
#include "twin-test-mqtt-client.h"
#include "twin-test-wait.h"

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
  twin_test_client_wait_count (client, "twin/cmd/result", 1);
  replies = twin_test_client_take (client, "twin/cmd/result");
  g_assert_cmpuint (replies->len, ==, 1);

  return g_strdup (((TwinTestMessage *)replies->pdata[0])->payload);
}

static void
test_commands (TwinTestMqtt  *f,
               gconstpointer  data)
{
  g_autoptr(TwinTestClient) client = twin_test_client_new (f->url, "commander", FALSE, NULL);
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
  mqtt = twin_test_mirror_new (f->engine, f->url, "twin", "rate", 2.0, "qos", 1u, NULL);
  twin_test_mirror_wait_connected (mqtt, 10);

  twin_engine_get_snapshot (f->engine, &before);

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
  twin_engine_get_snapshot (f->engine, &after);
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
  g_assert_cmpfloat (twin_engine_get_ambient (f->engine), ==, 30);
  g_assert_cmpfloat (twin_engine_get_rpm_setpoint (f->engine), ==, 1200);

  g_clear_pointer (&reply, g_free);
  reply = reply_for (client, "{\"faults\":{\"cooling_degraded\":true},\"model\":\"tutorial@1\",\"id\":7}",
                     strlen ("{\"faults\":{\"cooling_degraded\":true},\"model\":\"tutorial@1\",\"id\":7}"));
  g_assert_cmpstr (reply, ==, "{\"ok\":true,\"id\":7}");
  g_assert_true (twin_engine_get_cooling_degraded (f->engine));
  g_assert_cmpstr (twin_engine_get_model (f->engine)->id, ==, "tutorial@1");
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
test_shadow (TwinTestMqtt  *f,
             gconstpointer  data)
{
  g_autoptr(TwinTestClient) machine = twin_test_client_new (f->url, "machine", FALSE, NULL);
  g_autoptr(TwinMqtt) mqtt = NULL;
  g_autoptr(GArray) points = NULL;
  TwinShadow *shadow = twin_engine_get_shadow (f->engine);
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

  mqtt = twin_test_mirror_new (f->engine, f->url, "twin", "rate", 2.0, "qos", 1u, NULL);
  twin_test_mirror_wait_connected (mqtt, 10);
  twin_engine_advance (f->engine, 30);
  twin_engine_get_snapshot (f->engine, &sim);
  twin_shadow_set_stale_after (shadow, 0.5);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    twin_test_client_publish (machine, "twin/sensors", bad[i], strlen (bad[i]), 1, FALSE);

  twin_test_client_publish (machine, "twin/sensors",
                            "{\"temperature\":70.5,\"vibration\":2.5,\"rpm\":1480,\"timestamp\":12.5}",
                            strlen ("{\"temperature\":70.5,\"vibration\":2.5,\"rpm\":1480,\"timestamp\":12.5}"),
                            1, FALSE);
  twin_test_wait_until (shadow_has_measurement, shadow, 10, "the good reading");

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
  twin_test_wait_until (shadow_is_stale, shadow, 5, "the shadow to turn stale");

  /* Sync: the twin continues from the measurement. */
  g_assert_true (twin_engine_sync_to_measurement (f->engine, TWIN_COMMAND_SOURCE_PROGRAM, NULL));
  twin_engine_get_snapshot (f->engine, &sim);
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

  twin_test_wait_until (has_reply_with_id, &w, 20, "the reply to %s", id);
  g_test_message ("%s", w.reply);
  g_assert_true (g_str_has_prefix (w.reply, "{\"ok\":false,\"error\":\"retained: "));
  g_free (w.id_member);
  g_free (w.reply);
}

static gboolean
client_connected (gpointer data)
{
  return twin_test_client_connected (data);
}

static gboolean
has_reconnected (gpointer data)
{
  return twin_mqtt_get_reconnects (data) >= 1 && twin_mqtt_get_state (data) == TWIN_MQTT_STATE_CONNECTED;
}

/* A retained command would come again at every (re)connect and undo any
 * later change: it is refused, with a reply, at the first connect and
 * after a broker restart; and a retained reset never resets. */
static void
test_retained_command (TwinTestMqtt  *f,
                       gconstpointer  data)
{
  g_autoptr(TwinTestClient) client = twin_test_client_new (f->url, "retainer", TRUE, NULL);
  g_autoptr(TwinMqtt) mqtt = NULL;
  const char *ambient = "{\"ambient\":70,\"id\":\"r1\"}";
  const char *reset = "{\"reset\":true,\"id\":\"r2\"}";
  const char *reading = "{\"temperature\":70.5,\"vibration\":2.5,\"rpm\":1480,\"timestamp\":1}";

  twin_test_client_subscribe (client, "twin/cmd/result", 1);
  twin_test_client_publish (client, "twin/cmd", ambient, strlen (ambient), 1, TRUE);
  twin_test_client_publish (client, "twin/sensors", reading, strlen (reading), 1, TRUE);

  mqtt = twin_test_mirror_new (f->engine, f->url, "twin", "rate", 2.0, "qos", 1u, NULL);
  assert_retained_refusal (client, "r1");
  g_assert_cmpfloat (twin_engine_get_ambient (f->engine), ==, 22);
  g_assert_cmpuint (twin_test_mirror_get_counter (mqtt, "commands-refused"), ==, 1);
  g_assert_cmpuint (twin_test_mirror_get_counter (mqtt, "commands-applied"), ==, 0);
  twin_test_wait_until (shadow_has_rejected, twin_engine_get_shadow (f->engine), 20, "a reading to be refused");
  g_assert_nonnull (strstr (twin_shadow_get_last_error (twin_engine_get_shadow (f->engine)), "retained"));
  g_assert_cmpuint (twin_test_mirror_get_counter (mqtt, "readings-refused"), ==, 1);
  g_assert_cmpuint (twin_shadow_get_rejected (twin_engine_get_shadow (f->engine)), ==, 1);
  g_assert_cmpuint (twin_shadow_get_count (twin_engine_get_shadow (f->engine)), ==, 0);

  /* A later change, as through REST, survives a broker restart. */
  g_assert_true (twin_engine_set_ambient (f->engine, 30, NULL));
  twin_engine_advance (f->engine, 10);
  twin_test_broker_stop (f->broker);
  twin_test_broker_start (f->broker);
  twin_test_wait_until (has_reconnected, mqtt, 30, "the mirror to reconnect");
  assert_retained_refusal (client, "r1");
  g_assert_cmpfloat (twin_engine_get_ambient (f->engine), ==, 30);
  g_assert_cmpuint (twin_test_mirror_get_counter (mqtt, "commands-refused"), ==, 2);

  /* A retained reset, found at the next connect, resets nothing. (A new
   * session: the old one would have it queued as a live message, which
   * MQTT 3.1.1 delivers without the flag.) */
  twin_mqtt_stop (mqtt);
  twin_test_wait_until (client_connected, client, 30, "the test client to reconnect");
  twin_test_client_publish (client, "twin/cmd", reset, strlen (reset), 1, TRUE);
  g_object_set (mqtt, "client-id", "twin-retained-fresh", NULL);
  twin_mqtt_start (mqtt);
  assert_retained_refusal (client, "r2");
  g_assert_cmpfloat (twin_engine_get_timestamp (f->engine), >=, 10);
  g_assert_cmpfloat (twin_engine_get_ambient (f->engine), ==, 30);

  /* Commands without the flag still apply. */
  twin_test_client_publish (client, "twin/cmd", "{\"ambient\":25,\"id\":\"n1\"}",
                            strlen ("{\"ambient\":25,\"id\":\"n1\"}"), 1, FALSE);
  {
    ReplyWait w = { client, g_strdup ("\"id\":\"n1\""), NULL };

    twin_test_wait_until (has_reply_with_id, &w, 20, "the reply to n1");
    g_assert_cmpstr (w.reply, ==, "{\"ok\":true,\"id\":\"n1\"}");
    g_free (w.id_member);
    g_free (w.reply);
  }
  g_assert_cmpfloat (twin_engine_get_ambient (f->engine), ==, 25);
  g_assert_cmpuint (twin_test_mirror_get_counter (mqtt, "commands-applied"), ==, 1);
}

/* paho hands over a message whole; one above the limit is let go
 * uncopied and refused by its size, and changes nothing. */
static void
test_oversized (TwinTestMqtt  *f,
                gconstpointer  data)
{
  g_autoptr(TwinTestClient) client = twin_test_client_new (f->url, "oversized", FALSE, NULL);
  g_autoptr(TwinMqtt) mqtt = NULL;
  TwinShadow *shadow = twin_engine_get_shadow (f->engine);
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
  mqtt = twin_test_mirror_new (f->engine, f->url, "twin", "rate", 2.0, "qos", 1u, NULL);
  twin_test_mirror_wait_connected (mqtt, 10);
  twin_engine_get_snapshot (f->engine, &before);

  reply = reply_for (client, big->str, big->len);
  g_test_message ("%s", reply);
  expect = g_strdup_printf ("{\"ok\":false,\"error\":\"payload: %" G_GSIZE_FORMAT " bytes is too large; "
                            "allowed: at most %d bytes\"}", big->len, TWIN_JSON_MAX_COMMAND_SIZE);
  g_assert_cmpstr (reply, ==, expect);

  twin_test_client_publish (client, "twin/sensors", reading->str, reading->len, 0, FALSE);
  twin_test_wait_until (shadow_has_rejected, shadow, 20, "a reading to be refused");
  g_test_message ("%s", twin_shadow_get_last_error (shadow));
  g_clear_pointer (&expect, g_free);
  expect = g_strdup_printf ("payload: %" G_GSIZE_FORMAT " bytes is too large; allowed: at most %d bytes",
                            reading->len, TWIN_MQTT_MAX_READING_SIZE);
  g_assert_cmpstr (twin_shadow_get_last_error (shadow), ==, expect);
  g_assert_cmpuint (twin_shadow_get_count (shadow), ==, 0);

  twin_engine_get_snapshot (f->engine, &after);
  g_assert_cmpfloat (after.ambient, ==, before.ambient);
  g_assert_cmpuint (twin_test_mirror_get_counter (mqtt, "commands-refused"), ==, 1);
  g_assert_cmpuint (twin_test_mirror_get_counter (mqtt, "readings-refused"), ==, 1);

  g_string_free (big, TRUE);
  g_string_free (reading, TRUE);
}

/* A command on <prefix>/cmd is one command from MQTT, applied at the step
 * the engine was at; a refused one is none. */
static void
test_command_applied_from_mqtt (TwinTestMqtt  *f,
                                gconstpointer  data)
{
  g_autoptr(TwinTestClient) client = twin_test_client_new (f->url, "commander-applied", FALSE, NULL);
  g_autoptr(TwinTestCommandLog) log = twin_test_command_log_new (f->engine);
  g_autoptr(TwinMqtt) mqtt = NULL;
  const struct { const char *payload; guint fields; } commands[] = {
    { "{\"ambient\":30,\"rpm_setpoint\":1200,\"id\":1}", TWIN_COMMAND_AMBIENT | TWIN_COMMAND_RPM_SETPOINT },
    { "{\"faults\":{\"cooling_degraded\":true},\"model\":\"tutorial@1\"}",
      TWIN_COMMAND_COOLING_DEGRADED | TWIN_COMMAND_MODEL },
    { "{\"time_scale\":10,\"paused\":true,\"reset_trip\":true}",
      TWIN_COMMAND_TIME_SCALE | TWIN_COMMAND_PAUSED | TWIN_COMMAND_RESET_TRIP },
  };

  twin_test_client_subscribe (client, "twin/cmd/result", 1);
  mqtt = twin_test_mirror_new (f->engine, f->url, "twin", "rate", 2.0, "qos", 1u, NULL);
  twin_test_mirror_wait_connected (mqtt, 10);
  twin_engine_advance (f->engine, 1.5);

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *reply = reply_for (client, commands[i].payload, strlen (commands[i].payload));

      g_assert_nonnull (strstr (reply, "\"ok\":true"));
      twin_test_command_log_take_one (log, TWIN_COMMAND_SOURCE_MQTT, commands[i].fields,
                                      twin_engine_get_steps (f->engine));
    }

  {
    g_autofree char *reply = reply_for (client, "{\"ambient\":30,\"rpm_setpoint\":9999}",
                                        strlen ("{\"ambient\":30,\"rpm_setpoint\":9999}"));

    g_assert_nonnull (strstr (reply, "\"ok\":false"));
    g_assert_cmpuint (twin_test_command_log_get_count (log), ==, 0);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  twin_test_mqtt_add ("/mqtt/commands/applied-whole-or-refused-with-reply", test_commands);
  twin_test_mqtt_add ("/mqtt/commands/retained-refused-at-every-connect", test_retained_command);
  twin_test_mqtt_add ("/mqtt/commands/oversized-refused-by-size", test_oversized);
  twin_test_mqtt_add ("/mqtt/commands/command-applied-source-mqtt", test_command_applied_from_mqtt);
  twin_test_mqtt_add ("/mqtt/sensors/readings-make-residuals-and-sync", test_shadow);

  return twin_test_run_in_data_home ();
}
