/* test-whatif-storm.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A storm of predict and advise requests over real HTTP and a real
 * mosquitto, at 20× time scale, with the live forecast on: the services
 * answer or refuse every one (busy past two in flight), memory stays
 * bounded, and the simulated clock keeps to wall time × time scale within
 * 1 %, measured from the state's timestamps over the storm.
 */

#include <libsoup/soup.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "twin-json.h"
#include "twin-outlook.h"
#include "twin-rest.h"
#include "twin-test-broker.h"
#include "twin-test-mirror.h"
#include "twin-test-mqtt-client.h"
#include "twin-test-env.h"
#include "twin-test-wait.h"

#define TIME_SCALE      20.0
#define WARM_UP_S       3.0
#define STORM_S         6.0
#define REST_PARALLEL   6
#define MQTT_BURST      6
/* Growth of the whole process over the storm, after its warm-up: the
 * worker threads' malloc arenas swing by several MB as predictions come
 * and go; what is not freed, over hundreds of requests, is far more. */
#define RSS_GROWTH_KB   16384

static const char * const requests[] = {
  "{\"inputs\":{\"rpm_setpoint\":3000,\"ambient\":38},\"ensemble\":16}",
  "{\"vary\":\"rpm_setpoint\",\"avoid\":[\"temperature_warning\",\"tripped\"],\"ensemble\":8}",
  "{\"inputs\":{\"faults\":{\"cooling_degraded\":true}},\"horizon\":3600,\"schedule\":[{\"at\":60,\"inputs\":{\"rpm_setpoint\":2400}}]}",
  "{\"vary\":\"ambient\",\"avoid\":\"temperature_trip\",\"ensemble\":8,\"horizon\":300}",
};

typedef struct
{
  SoupSession *session;
  char        *url;
  gboolean     storming;
  guint        sent;
  guint        n_running;
  guint        by_status[600];
} RestStorm;

static gsize
rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  line = strstr (status, "VmRSS:");
  g_assert_nonnull (line);
  return (gsize)g_ascii_strtoull (line + strlen ("VmRSS:"), NULL, 10);
}

static void send_next (RestStorm *storm);

static void
answered_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  RestStorm *storm = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);

  g_assert_no_error (error);
  storm->by_status[MIN (soup_message_get_status (msg), G_N_ELEMENTS (storm->by_status) - 1)]++;
  storm->n_running--;
  if (storm->storming)
    send_next (storm);
}

static void
send_next (RestStorm *storm)
{
  const char *body = requests[storm->sent % G_N_ELEMENTS (requests)];
  g_autofree char *url = g_strconcat (storm->url, strstr (body, "\"vary\"") ? "advise" : "predict", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GBytes) bytes = g_bytes_new_static (body, strlen (body));

  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
  soup_session_send_and_read_async (storm->session, msg, G_PRIORITY_DEFAULT, NULL, answered_cb, storm);
  storm->sent++;
  storm->n_running++;
}

static gboolean
rest_drained (gpointer data)
{
  RestStorm *storm = data;

  return storm->n_running == 0;
}

typedef struct
{
  TwinTestClient *client;
  guint           sent;
  guint           ok;
  guint           busy;
  guint           other;
} MqttStorm;

static void
count_replies (MqttStorm  *storm,
               const char *topic)
{
  g_autoptr(GPtrArray) replies = twin_test_client_take (storm->client, topic);

  for (guint i = 0; i < replies->len; i++)
    {
      g_autoptr(cJSON) reply = cJSON_Parse (((TwinTestMessage *)replies->pdata[i])->payload);
      const cJSON *error = cJSON_GetObjectItem (reply, "error");

      g_assert_nonnull (reply);
      if (cJSON_IsTrue (cJSON_GetObjectItem (reply, "ok")))
        storm->ok++;
      else if (cJSON_IsString (error) && g_str_has_prefix (error->valuestring, "busy: "))
        storm->busy++;
      else
        storm->other++;
    }
}

static void
mqtt_burst (MqttStorm *storm)
{
  g_autoptr(GPtrArray) predict = g_ptr_array_new_with_free_func ((GDestroyNotify)g_bytes_unref);
  g_autoptr(GPtrArray) advise = g_ptr_array_new_with_free_func ((GDestroyNotify)g_bytes_unref);

  for (guint i = 0; i < MQTT_BURST; i++)
    {
      const char *body = requests[(storm->sent + i) % G_N_ELEMENTS (requests)];

      g_ptr_array_add (strstr (body, "\"vary\"") ? advise : predict, g_bytes_new_static (body, strlen (body)));
    }
  twin_test_client_publish_burst (storm->client, "twin/predict", predict, 1);
  twin_test_client_publish_burst (storm->client, "twin/advise", advise, 1);
  storm->sent += MQTT_BURST;

  count_replies (storm, "twin/predict/result");
  count_replies (storm, "twin/advise/result");
}

static gboolean
mqtt_drained (gpointer data)
{
  MqttStorm *storm = data;

  count_replies (storm, "twin/predict/result");
  count_replies (storm, "twin/advise/result");
  return storm->ok + storm->busy + storm->other == storm->sent;
}

static void
test_storm (void)
{
  g_autoptr(TwinTestBroker) broker = twin_test_broker_new (NULL);
  g_autofree char *broker_url = twin_test_broker_get_url (broker);
  g_autoptr(TwinEngine) engine = twin_engine_new_full (10000, 0.1);
  g_autoptr(TwinForecaster) forecaster = twin_forecaster_new ();
  g_autoptr(TwinOutlook) outlook = twin_outlook_new (engine, forecaster);
  g_autoptr(TwinRestServer) rest = twin_rest_server_new (engine);
  g_autoptr(TwinMqtt) mqtt = NULL;
  g_autoptr(GError) error = NULL;
  RestStorm rest_storm = { 0 };
  MqttStorm mqtt_storm = { 0 };
  TwinSnapshot first, last;
  gint64 storm_end;
  gsize rss_before, rss_after;
  double sim_rate;

  g_assert_true (twin_engine_set_time_scale (engine, TIME_SCALE, &error));
  g_assert_true (twin_rest_server_start (rest, NULL, 0, &error));
  twin_rest_server_set_outlook (rest, outlook);
  mqtt = twin_test_mirror_new (engine, broker_url, "twin", "rate", 5.0, "qos", 1u, NULL);
  twin_mqtt_set_outlook (mqtt, outlook);
  twin_test_mirror_wait_connected (mqtt, 10);

  mqtt_storm.client = twin_test_client_new (broker_url, "storm", FALSE, NULL);
  twin_test_client_subscribe (mqtt_storm.client, "twin/predict/result", 1);
  twin_test_client_subscribe (mqtt_storm.client, "twin/advise/result", 1);

  rest_storm.session = soup_session_new_with_options ("max-conns-per-host", REST_PARALLEL, "timeout", 60, NULL);
  rest_storm.url = g_strdup (twin_rest_server_get_url (rest));
  rest_storm.storming = TRUE;

  twin_engine_start (engine);
  for (guint i = 0; i < REST_PARALLEL; i++)
    send_next (&rest_storm);

  /* Warm-up: the allocator's pools, the thread pool, the connections. */
  storm_end = g_get_monotonic_time () + (gint64)(WARM_UP_S * G_USEC_PER_SEC);
  while (g_get_monotonic_time () < storm_end)
    {
      mqtt_burst (&mqtt_storm);
      twin_test_run_for (0.05);
    }

  rss_before = rss_kb ();
  twin_engine_get_snapshot (engine, &first);
  storm_end = g_get_monotonic_time () + (gint64)(STORM_S * G_USEC_PER_SEC);
  while (g_get_monotonic_time () < storm_end)
    {
      mqtt_burst (&mqtt_storm);
      twin_test_run_for (0.05);
    }
  twin_engine_get_snapshot (engine, &last);
  rss_after = rss_kb ();

  rest_storm.storming = FALSE;
  twin_test_wait_until (rest_drained, &rest_storm, 120, "the REST requests in flight to be answered");
  twin_test_wait_until (mqtt_drained, &mqtt_storm, 120, "an answer to every MQTT request");

  sim_rate = (last.timestamp - first.timestamp) / ((double)(last.wall_time - first.wall_time) / G_USEC_PER_SEC);
  g_test_message ("REST: %u sent, %u answered 200, %u 429, %u 500; MQTT: %u sent, %u ok, %u busy, %u other; "
                  "RSS %" G_GSIZE_FORMAT " → %" G_GSIZE_FORMAT " kB; simulated %.3f s per wall s at %g×",
                  rest_storm.sent, rest_storm.by_status[200], rest_storm.by_status[429], rest_storm.by_status[500],
                  mqtt_storm.sent, mqtt_storm.ok, mqtt_storm.busy, mqtt_storm.other,
                  rss_before, rss_after, sim_rate, TIME_SCALE);

  /* Every request was answered: done, or refused as busy; none lost,
   * none failed. */
  g_assert_cmpuint (rest_storm.by_status[200], >, 0);
  g_assert_cmpuint (rest_storm.by_status[429], >, 0);
  g_assert_cmpuint (rest_storm.by_status[200] + rest_storm.by_status[429], ==, rest_storm.sent);
  g_assert_cmpuint (mqtt_storm.ok, >, 0);
  g_assert_cmpuint (mqtt_storm.busy, >, 0);
  g_assert_cmpuint (mqtt_storm.other, ==, 0);

  if (!twin_test_sanitized ())
    g_assert_cmpuint (rss_after, <, rss_before + RSS_GROWTH_KB);
  g_assert_cmpfloat (fabs (sim_rate / TIME_SCALE - 1), <, 0.01);

  twin_engine_stop (engine);
  twin_rest_server_stop (rest);
  twin_mqtt_set_outlook (mqtt, NULL);
  twin_rest_server_set_outlook (rest, NULL);
  g_clear_pointer (&mqtt_storm.client, twin_test_client_free);
  g_clear_object (&rest_storm.session);
  g_free (rest_storm.url);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/whatif/storm/memory-bounded-clock-on-time", test_storm);

  return twin_test_run_in_data_home ();
}
