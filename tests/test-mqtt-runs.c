/* test-mqtt-runs.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs are distinguishable: every state and alarm names the run it
 * belongs to, a reset starts a new one and says so on <prefix>/events,
 * and an alarm queued through an outage keeps the run it was raised in
 * even when a reset comes before the broker is back.
 */

#include <cjson/cJSON.h>
#include <string.h>

#include "twin-mqtt.h"
#include "twin-schema.h"
#include "twin-test-broker.h"
#include "twin-test-env.h"
#include "twin-test-mirror.h"
#include "twin-test-mqtt-client.h"
#include "twin-test-rest.h"
#include "twin-test-schemas.h"
#include "twin-test-wait.h"

static char *
run_of (const char *payload)
{
  cJSON *root = cJSON_Parse (payload);
  const cJSON *run;
  char *ret;

  g_assert_nonnull (root);
  run = cJSON_GetObjectItem (root, "run");
  g_assert_true (cJSON_IsString (run));
  ret = g_strdup (run->valuestring);
  cJSON_Delete (root);
  return ret;
}

static char *
rest_run (TwinTestRest *f)
{
  g_autofree char *body = twin_test_rest_get_ok (f, "/state");

  return run_of (body);
}

static gboolean
connected (gpointer data)
{
  return twin_mqtt_get_state (data) == TWIN_MQTT_STATE_CONNECTED;
}

static gboolean
flushed (gpointer data)
{
  return twin_mqtt_get_queued (data) == 0;
}

/* Raises the temperature alarms and trips the machine, in simulated time. */
static void
overheat (TwinEngine *engine)
{
  twin_engine_set_ambient (engine, 80, NULL);
  twin_engine_set_cooling_degraded (engine, TRUE);
  twin_engine_advance (engine, 600);
  g_assert_true (twin_engine_get_tripped (engine));
}

static void
record_run_cb (TwinEngine           *engine,
               const TwinAlarmEvent *event,
               GPtrArray            *runs)
{
  g_ptr_array_add (runs, g_strdup (twin_engine_get_run (engine)));
}

typedef struct
{
  TwinTestClient *sub;
  GPtrArray      *states;
  const char     *run;
} StatesWait;

/* Gathers the states as they come, until one is in @run: the mirror's queue
 * is empty once paho has the messages, which may still be on their way. */
static gboolean
states_reach_run (gpointer data)
{
  StatesWait *w = data;
  g_autofree char *last = NULL;

  g_ptr_array_extend_and_steal (w->states, twin_test_client_take (w->sub, "runs/state"));
  if (w->states->len == 0)
    return FALSE;
  last = run_of (((TwinTestMessage *)g_ptr_array_index (w->states, w->states->len - 1))->payload);
  return g_str_equal (last, w->run);
}

static void
check_schema (cJSON       *cases,
              const char  *name,
              GPtrArray   *messages)
{
  for (guint i = 0; i < messages->len; i++)
    twin_test_schema_case_add (cases, name, twin_schema_get (name),
                               ((TwinTestMessage *)g_ptr_array_index (messages, i))->payload, TRUE);
}

static void
assert_all_in_run (GPtrArray  *messages,
                   const char *run)
{
  g_assert_cmpuint (messages->len, >, 0);
  for (guint i = 0; i < messages->len; i++)
    {
      g_autofree char *r = run_of (((TwinTestMessage *)g_ptr_array_index (messages, i))->payload);

      g_assert_cmpstr (r, ==, run);
    }
}

/* The reset event on @events, checked against @previous; returns the new run. */
static char *
take_reset_event (TwinTestClient *sub,
                  const char     *previous)
{
  g_autoptr(GPtrArray) events = NULL;
  cJSON *root;
  char *run;

  twin_test_client_wait_count (sub, "runs/events", 1);
  events = twin_test_client_take (sub, "runs/events");
  g_assert_cmpuint (events->len, ==, 1);
  root = cJSON_Parse (((TwinTestMessage *)g_ptr_array_index (events, 0))->payload);
  g_assert_cmpstr (cJSON_GetObjectItem (root, "event")->valuestring, ==, "reset");
  g_assert_cmpstr (cJSON_GetObjectItem (root, "previous_run")->valuestring, ==, previous);
  run = g_strdup (cJSON_GetObjectItem (root, "run")->valuestring);
  g_assert_cmpstr (run, !=, previous);
  g_assert_cmpuint (strlen (run), ==, TWIN_RUN_ID_LEN);
  cJSON_Delete (root);
  return run;
}

static void
test_runs (TwinTestRest  *f,
           gconstpointer  data)
{
  g_autoptr(TwinTestBroker) broker = twin_test_broker_new (NULL);
  g_autofree char *url = twin_test_broker_get_url (broker);
  g_autoptr(TwinTestClient) sub = twin_test_client_new (url, "runs-sub", TRUE, NULL);
  g_autoptr(GPtrArray) states = NULL;
  g_autoptr(GPtrArray) alarms = NULL;
  g_autofree char *run1 = NULL, *run2 = NULL, *run3 = NULL, *served = NULL;
  cJSON *cases = cJSON_CreateArray ();
  g_autoptr(GPtrArray) raised_in = g_ptr_array_new_with_free_func (g_free);
  TwinMqtt *mirror;
  gulong handler;
  guint n_before_reset;
  gboolean seen_run3 = FALSE;

  twin_test_client_subscribe (sub, "runs/state", 1);
  twin_test_client_subscribe (sub, "runs/alarms", 1);
  twin_test_client_subscribe (sub, "runs/events", 1);
  mirror = twin_test_mirror_new (f->engine, url, "runs", "rate", 20.0, "qos", 1u, "client-id", "runs", NULL);
  twin_test_wait_until (connected, mirror, 10, "the mirror to connect");

  /* One run, the same on MQTT and REST, in every state. */
  run1 = g_strdup (twin_engine_get_run (f->engine));
  g_assert_cmpuint (strlen (run1), ==, TWIN_RUN_ID_LEN);
  twin_test_client_wait_count (sub, "runs/state", 3);
  states = twin_test_client_take (sub, "runs/state");
  assert_all_in_run (states, run1);
  served = rest_run (f);
  g_assert_cmpstr (served, ==, run1);
  g_clear_pointer (&served, g_free);

  /* Alarms carry it too. From here on, what run each was raised in. */
  handler = g_signal_connect (f->engine, "alarm", G_CALLBACK (record_run_cb), raised_in);
  overheat (f->engine);
  g_assert_cmpuint (raised_in->len, >=, 2);
  twin_test_client_wait_count (sub, "runs/alarms", raised_in->len);
  alarms = twin_test_client_take (sub, "runs/alarms");
  assert_all_in_run (alarms, run1);
  check_schema (cases, "alarm", alarms);
  g_clear_pointer (&alarms, g_ptr_array_unref);
  g_ptr_array_set_size (raised_in, 0);

  /* A reset starts a new run, said on the events topic, on REST and in
   * every later state. */
  twin_engine_reset (f->engine);
  run2 = take_reset_event (sub, run1);
  g_assert_cmpstr (run2, ==, twin_engine_get_run (f->engine));
  served = rest_run (f);
  g_assert_cmpstr (served, ==, run2);
  twin_test_wait_until (flushed, mirror, 10, "the mirror to send what it queued");
  twin_test_run_for (0.3);
  g_clear_pointer (&states, g_ptr_array_unref);
  g_ptr_array_unref (twin_test_client_take (sub, "runs/state"));
  twin_test_client_wait_count (sub, "runs/state", 2);
  states = twin_test_client_take (sub, "runs/state");
  assert_all_in_run (states, run2);

  /* The broker goes away; alarms are raised in run 2, then a reset starts
   * run 3 before it comes back. */
  twin_test_broker_stop (broker);
  twin_test_run_for (0.5);
  overheat (f->engine);
  twin_test_run_for (0.5);
  n_before_reset = raised_in->len;
  g_assert_cmpuint (n_before_reset, >=, 2);
  twin_engine_reset (f->engine);
  run3 = g_strdup (twin_engine_get_run (f->engine));
  twin_test_run_for (0.5);
  g_clear_pointer (&states, g_ptr_array_unref);
  g_ptr_array_unref (twin_test_client_take (sub, "runs/state"));
  twin_test_broker_start (broker);
  twin_test_wait_until (connected, mirror, 40, "the mirror to reconnect");
  twin_test_wait_until (flushed, mirror, 20, "the mirror to send what it queued");
  twin_mqtt_stop (mirror);
  g_signal_handler_disconnect (f->engine, handler);

  /* Each alarm names the run it was raised in, whenever it was sent: those
   * before the second reset run 2 (the machine may alarm at once in run 3). */
  g_free (take_reset_event (sub, run2));
  twin_test_client_wait_count (sub, "runs/alarms", raised_in->len);
  alarms = twin_test_client_take (sub, "runs/alarms");
  g_assert_cmpuint (alarms->len, ==, raised_in->len);
  for (guint i = 0; i < alarms->len; i++)
    {
      g_autofree char *r = run_of (((TwinTestMessage *)g_ptr_array_index (alarms, i))->payload);

      g_assert_cmpstr (r, ==, g_ptr_array_index (raised_in, i));
      g_assert_cmpstr (r, ==, i < n_before_reset ? run2 : run3);
    }
  check_schema (cases, "alarm", alarms);

  /* States switch from run 2 to run 3 once, and the last is in run 3. */
  states = g_ptr_array_new_with_free_func ((GDestroyNotify)twin_test_message_free);
  twin_test_wait_until (states_reach_run, &(StatesWait){ sub, states, run3 }, 20, "a state in run 3");
  for (guint i = 0; i < states->len; i++)
    {
      g_autofree char *r = run_of (((TwinTestMessage *)g_ptr_array_index (states, i))->payload);

      if (seen_run3)
        g_assert_cmpstr (r, ==, run3);
      else if (g_str_equal (r, run3))
        seen_run3 = TRUE;
      else
        g_assert_cmpstr (r, ==, run2);
    }
  g_assert_true (seen_run3);

  twin_test_schema_cases_check (cases);
  cJSON_Delete (cases);
  g_object_unref (mirror);
}

/* The event's own check: what a reset publishes validates against the
 * event schema the mirror retains on <prefix>/schema/event. */
static void
test_event_schema (TwinTestRest  *f,
                   gconstpointer  data)
{
  g_autoptr(TwinTestBroker) broker = twin_test_broker_new (NULL);
  g_autofree char *url = twin_test_broker_get_url (broker);
  g_autoptr(TwinTestClient) sub = twin_test_client_new (url, "events-sub", FALSE, NULL);
  g_autoptr(GPtrArray) schema = NULL;
  g_autoptr(GPtrArray) events = NULL;
  cJSON *cases = cJSON_CreateArray ();
  TwinMqtt *mirror;

  twin_test_client_subscribe (sub, "runs/events", 1);
  twin_test_client_subscribe (sub, "runs/schema/event", 1);
  mirror = twin_test_mirror_new (f->engine, url, "runs", "client-id", "events", NULL);
  twin_test_wait_until (connected, mirror, 10, "the mirror to connect");
  twin_test_client_wait_count (sub, "runs/schema/event", 1);
  twin_engine_advance (f->engine, 30);
  twin_engine_reset (f->engine);
  twin_test_client_wait_count (sub, "runs/events", 1);

  schema = twin_test_client_take (sub, "runs/schema/event");
  events = twin_test_client_take (sub, "runs/events");
  g_assert_false (((TwinTestMessage *)g_ptr_array_index (events, 0))->retained);
  twin_test_schema_case_add (cases, "reset event", ((TwinTestMessage *)g_ptr_array_index (schema, 0))->payload,
                             ((TwinTestMessage *)g_ptr_array_index (events, 0))->payload, TRUE);
  /* A previous run that is not one, and a timestamp below 0, are not events. */
  twin_test_schema_case_add (cases, "bad run", twin_schema_get ("event"),
                             "{\"event\":\"reset\",\"run\":\"x\",\"previous_run\":\"\",\"timestamp\":0,"
                             "\"time\":\"2026-01-01T00:00:00.000Z\"}", FALSE);
  twin_test_schema_case_add (cases, "negative timestamp", twin_schema_get ("event"),
                             "{\"event\":\"reset\",\"run\":\"55573782-4c84-4150-9c52-4c022d8b936e\","
                             "\"previous_run\":\"\",\"timestamp\":-1,\"time\":\"2026-01-01T00:00:00.000Z\"}", FALSE);
  twin_test_schema_cases_check (cases);
  cJSON_Delete (cases);

  twin_mqtt_stop (mirror);
  g_object_unref (mirror);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  twin_test_rest_add ("/mqtt/runs/reset-starts-a-run-queued-alarms-keep-theirs", test_runs);
  twin_test_rest_add ("/mqtt/runs/reset-event-validates", test_event_schema);

  return twin_test_run_in_data_home ();
}
