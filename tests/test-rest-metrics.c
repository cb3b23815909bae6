/* test-rest-metrics.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * /metrics in the Prometheus text format, checked by promtool: the
 * engine's step statistics, the requests served, and the counters of a
 * real MQTT mirror connected to a real mosquitto.
 */

#include <string.h>

#include "twin-test-broker.h"
#include "twin-test-mirror.h"
#include "twin-test-mqtt-client.h"
#include "twin-test-process.h"
#include "twin-test-rest.h"
#include "twin-test-wait.h"

static gboolean
is_flushed (gpointer data)
{
  return twin_mqtt_get_queued (data) == 0 && twin_mqtt_get_in_flight (data) == 0;
}

/* The line /metrics must have for one of the mirror's counters: the
 * value the mirror itself has. */
static void
assert_counter (const char *body,
                const char *metric,
                guint64     value)
{
  g_autofree char *line = g_strdup_printf ("\n%s %" G_GUINT64_FORMAT "\n", metric, value);

  if (strstr (body, line) == NULL)
    g_error ("/metrics lacks \"%s\":\n%s", line + 1, body);
}

static void
test_metrics (TwinTestRest  *f,
              gconstpointer  data)
{
  g_autoptr(TwinTestBroker) broker = twin_test_broker_new (NULL);
  g_autofree char *url = twin_test_broker_get_url (broker);
  g_autoptr(TwinTestClient) client = NULL;
  g_autoptr(TwinMqtt) mqtt = NULL;
  g_autofree char *body = NULL;
  g_autofree char *out = NULL;
  g_autofree char *count_line = NULL;
  TwinStepStats stats;
  int status;

  /* The slowest rate: no timer publishes while /metrics is read. */
  mqtt = twin_test_mirror_new (f->engine, url, "twin", "rate", 0.1, "qos", 1u, NULL);
  twin_test_mirror_wait_connected (mqtt, 10);
  twin_rest_server_set_mqtt (f->rest, mqtt);

  /* A reconnect, states sent, a command applied and one refused. */
  twin_test_broker_stop (broker);
  twin_test_broker_start (broker);
  twin_test_mirror_wait_connected (mqtt, 30);
  client = twin_test_client_new (url, "metrics-commander", FALSE, NULL);
  twin_test_client_subscribe (client, "twin/cmd/result", 1);
  for (guint i = 0; i < 3; i++)
    twin_mqtt_publish_state (mqtt);
  twin_test_client_publish (client, "twin/cmd", "{\"ambient\":30}", strlen ("{\"ambient\":30}"), 1, FALSE);
  twin_test_client_publish (client, "twin/cmd", "{\"ambient\":300}", strlen ("{\"ambient\":300}"), 1, FALSE);
  twin_test_client_wait_count (client, "twin/cmd/result", 2);
  twin_test_wait_until (is_flushed, mqtt, 10, "the broker to take every state");
  g_assert_cmpuint (twin_mqtt_get_reconnects (mqtt), ==, 1);
  g_assert_cmpuint (twin_mqtt_get_published (mqtt), >=, 3);

  twin_engine_advance (f->engine, 5.0);
  g_free (twin_test_rest_get_ok (f, "/state"));
  g_free (twin_test_rest_get_ok (f, "/state"));
  {
    g_auto(TwinTestReply) reply = { 0 };

    twin_test_rest_request (f, "GET", "/nope", NULL, NULL, 0, NULL, &reply);
    g_assert_cmpuint (reply.status, ==, 404);
  }

  body = twin_test_rest_get_ok (f, "/metrics");
  twin_engine_get_step_stats (f->engine, &stats);
  g_assert_cmpuint (stats.steps, ==, 500);
  count_line = g_strdup_printf ("\ntwinscope_step_latency_seconds_count %" G_GUINT64_FORMAT "\n", stats.steps);
  g_assert_nonnull (strstr (body, count_line));
  g_assert_nonnull (strstr (body, "twinscope_step_latency_seconds_bucket{le=\"+Inf\"} 500\n"));
  g_assert_nonnull (strstr (body, "\ntwinscope_steps_total 500\n"));
  g_assert_nonnull (strstr (body, "\ntwinscope_simulated_time_seconds 5\n"));
  g_assert_nonnull (strstr (body, "\ntwinscope_ticks_total 0\n"));
  assert_counter (body, "twinscope_mqtt_published_total", twin_mqtt_get_published (mqtt));
  assert_counter (body, "twinscope_mqtt_dropped_total", twin_mqtt_get_dropped (mqtt));
  assert_counter (body, "twinscope_mqtt_reconnects_total", twin_mqtt_get_reconnects (mqtt));
  g_assert_nonnull (strstr (body, "twinscope_mqtt_commands_total{result=\"applied\"} 1\n"));
  g_assert_nonnull (strstr (body, "twinscope_mqtt_commands_total{result=\"refused\"} 1\n"));
  g_assert_nonnull (strstr (body, "twinscope_http_requests_total{route=\"/state\",code=\"200\"} 2\n"));
  g_assert_nonnull (strstr (body, "twinscope_http_requests_total{route=\"other\",code=\"404\"} 1\n"));

  out = twin_test_run_tool ((const char *[]) { "promtool", "check", "metrics", NULL }, body, &status);
  if (status != 0)
    g_error ("promtool check metrics: %s\n%s", out, body);

  twin_rest_server_set_mqtt (f->rest, NULL);
  g_assert_true (twin_mqtt_shutdown (mqtt, 2000));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  twin_test_rest_add ("/rest/metrics/engine-requests-and-real-mirror-counters", test_metrics);

  return g_test_run ();
}
