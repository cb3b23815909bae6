/* test-mqtt-whatif.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What-if over a real mosquitto: <prefix>/predict answered on
 * <prefix>/predict/result with REST's body, "ok" and the request's "id";
 * bad and retained requests refused by field with the id echoed;
 * <prefix>/advise refused the same way; a third request while two run
 * answered busy; and the state on <prefix>/state carries the forecast.
 */

#include <cjson/cJSON.h>
#include <math.h>
#include <string.h>

#include "twin-json.h"
#include "twin-outlook.h"
#include "twin-schema.h"
#include "twin-test-broker.h"
#include "twin-test-env.h"
#include "twin-test-mirror.h"
#include "twin-test-mqtt-client.h"
#include "twin-test-schemas.h"
#include "twin-test-wait.h"
#include "twin-whatif.h"

static cJSON *
answer_to (TwinTestClient *client,
           const char     *topic,
           const char     *payload,
           gboolean        retained)
{
  g_autofree char *result = g_strconcat (topic, "/result", NULL);
  g_autoptr(GPtrArray) replies = NULL;
  cJSON *root;

  twin_test_client_publish (client, topic, payload, strlen (payload), 1, retained);
  twin_test_client_wait_count (client, result, 1);
  replies = twin_test_client_take (client, result);
  g_assert_cmpuint (replies->len, ==, 1);
  root = cJSON_Parse (((TwinTestMessage *)replies->pdata[0])->payload);
  g_assert_nonnull (root);
  return root;
}

static void
assert_refused (const cJSON *reply,
                const char  *id,
                const char  *error_part)
{
  const cJSON *error = cJSON_GetObjectItem (reply, "error");

  g_assert_true (cJSON_IsFalse (cJSON_GetObjectItem (reply, "ok")));
  g_assert_true (cJSON_IsString (error));
  if (strstr (error->valuestring, error_part) == NULL)
    g_error ("error \"%s\" does not name \"%s\"", error->valuestring, error_part);
  if (id != NULL)
    g_assert_cmpstr (cJSON_GetObjectItem (reply, "id")->valuestring, ==, id);
}

static void
test_predict (TwinTestMqtt  *f,
              gconstpointer  data)
{
  g_autoptr(TwinTestClient) client = twin_test_client_new (f->url, "whatif", FALSE, NULL);
  g_autoptr(TwinMqtt) mqtt = NULL;
  g_autoptr(cJSON) cases = cJSON_CreateArray ();
  g_autofree char *text = NULL;
  cJSON *reply;
  TwinSnapshot before, after;
  static const struct { const char *topic; const char *payload; const char *error; } bad[] = {
    { "twin/predict", "{\"inputs\":{\"time_scale\":10},\"id\":\"b1\"}", "inputs.time_scale: not an input" },
    { "twin/predict", "{\"horizon\":1e6,\"id\":\"b2\"}", "horizon: 1e+06 is out of range; allowed: 60 to 86400 s" },
    { "twin/predict", "{\"ensemble\":1000,\"id\":\"b3\"}", "ensemble: 1000; allowed: a whole number of members from 0 to 256" },
    { "twin/predict", "{\"bogus\":true,\"id\":\"b4\"}", "bogus: unknown field" },
    { "twin/advise", "{\"vary\":\"wear\",\"id\":\"b5\"}", "vary: wear; allowed: \"rpm_setpoint\" or \"ambient\"" },
    { "twin/advise", "{\"vary\":\"ambient\",\"avoid\":\"smoke\",\"id\":\"b6\"}", "avoid: smoke" },
    { "twin/advise", "{\"vary\":\"ambient\",\"confidence\":0.1,\"id\":\"b7\"}", "confidence: 0.1 is out of range" },
  };

  twin_test_client_subscribe (client, "twin/predict/result", 1);
  twin_test_client_subscribe (client, "twin/advise/result", 1);
  /* A retained request, which the broker hands over when the mirror
   * subscribes. */
  twin_test_client_publish (client, "twin/predict", "{\"id\":\"r1\"}", strlen ("{\"id\":\"r1\"}"), 1, TRUE);
  mqtt = twin_test_mirror_new (f->engine, f->url, "twin", "rate", 2.0, "qos", 1u, NULL);
  twin_test_mirror_wait_connected (mqtt, 10);
  twin_engine_get_snapshot (f->engine, &before);

  twin_test_client_wait_count (client, "twin/predict/result", 1);
  {
    g_autoptr(GPtrArray) replies = twin_test_client_take (client, "twin/predict/result");
    g_autoptr(cJSON) refused = cJSON_Parse (((TwinTestMessage *)replies->pdata[0])->payload);

    assert_refused (refused, NULL, "retained: a request with the retain flag is refused");
  }
  /* Cleared, by an empty message which is itself refused. */
  reply = answer_to (client, "twin/predict", "", TRUE);
  assert_refused (reply, NULL, "payload: empty");
  cJSON_Delete (reply);

  reply = answer_to (client, "twin/predict",
                     "{\"inputs\":{\"rpm_setpoint\":3000,\"ambient\":38},\"ensemble\":8,\"id\":\"p1\"}", FALSE);
  g_assert_true (cJSON_IsTrue (cJSON_GetObjectItem (reply, "ok")));
  g_assert_cmpstr (cJSON_GetObjectItem (reply, "id")->valuestring, ==, "p1");
  g_assert_true (cJSON_IsNumber (cJSON_GetObjectItem (cJSON_GetObjectItem (reply, "seconds_to"),
                                                      "temperature_warning")));
  g_assert_cmpfloat (cJSON_GetObjectItem (reply, "members")->valuedouble, ==, 8);
  text = cJSON_PrintUnformatted (reply);
  twin_test_schema_case_add (cases, "prediction over MQTT", twin_schema_get ("prediction"), text, TRUE);
  twin_test_schema_cases_check (cases);
  cJSON_Delete (reply);

  reply = answer_to (client, "twin/advise", "{\"vary\":\"ambient\",\"ensemble\":8,\"id\":\"a1\"}", FALSE);
  g_assert_true (cJSON_IsTrue (cJSON_GetObjectItem (reply, "ok")));
  g_assert_cmpstr (cJSON_GetObjectItem (reply, "id")->valuestring, ==, "a1");
  g_assert_true (cJSON_IsArray (cJSON_GetObjectItem (reply, "intervals")));
  g_free (text);
  text = cJSON_PrintUnformatted (reply);
  twin_test_schema_case_add (cases, "advice over MQTT", twin_schema_get ("advice"), text, TRUE);
  twin_test_schema_cases_check (cases);
  cJSON_Delete (reply);

  /* A number id comes back as a number. */
  reply = answer_to (client, "twin/predict", "{\"id\":7}", FALSE);
  g_assert_cmpfloat (cJSON_GetObjectItem (reply, "id")->valuedouble, ==, 7);
  cJSON_Delete (reply);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *id = g_strdup_printf ("b%u", i + 1);

      reply = answer_to (client, bad[i].topic, bad[i].payload, FALSE);
      assert_refused (reply, id, bad[i].error);
      cJSON_Delete (reply);
    }


  twin_engine_get_snapshot (f->engine, &after);
  g_assert_cmpfloat (after.rpm_setpoint, ==, before.rpm_setpoint);
  g_assert_cmpfloat (after.ambient, ==, before.ambient);
}

/* Three long requests at once: two run, the third is answered busy. */
static void
test_busy (TwinTestMqtt  *f,
           gconstpointer  data)
{
  g_autoptr(TwinTestClient) client = twin_test_client_new (f->url, "whatif-busy", FALSE, NULL);
  g_autoptr(TwinMqtt) mqtt = NULL;
  g_autoptr(GPtrArray) payloads = g_ptr_array_new_with_free_func ((GDestroyNotify)g_bytes_unref);
  g_autoptr(GPtrArray) replies = NULL;
  g_autoptr(cJSON) reply = NULL;

  twin_test_client_subscribe (client, "twin/predict/result", 1);
  mqtt = twin_test_mirror_new (f->engine, f->url, "twin", "rate", 2.0, "qos", 1u, NULL);
  twin_test_mirror_wait_connected (mqtt, 10);

  for (guint i = 0; i <= TWIN_WHATIF_MAX_IN_FLIGHT; i++)
    {
      char *text = g_strdup_printf ("{\"horizon\":86400,\"ensemble\":256,\"id\":%u}", i);

      g_ptr_array_add (payloads, g_bytes_new_take (text, strlen (text)));
    }
  twin_test_client_publish_burst (client, "twin/predict", payloads, 1);

  twin_test_client_wait_count (client, "twin/predict/result", 1);
  replies = twin_test_client_take (client, "twin/predict/result");
  g_assert_cmpuint (replies->len, ==, 1);
  reply = cJSON_Parse (((TwinTestMessage *)replies->pdata[0])->payload);
  assert_refused (reply, NULL, "busy: 2 predict and advise requests are running; allowed: at most 2");
  g_assert_cmpfloat (cJSON_GetObjectItem (reply, "id")->valuedouble, ==, TWIN_WHATIF_MAX_IN_FLIGHT);
}

static gboolean
state_has_forecast (gpointer data)
{
  TwinTestClient *client = data;
  g_autoptr(GPtrArray) states = twin_test_client_take (client, "twin/state");

  for (guint i = 0; i < states->len; i++)
    {
      g_autoptr(cJSON) state = cJSON_Parse (((TwinTestMessage *)states->pdata[i])->payload);
      const cJSON *forecast = cJSON_GetObjectItem (state, "forecast");

      g_assert_nonnull (forecast);
      if (cJSON_IsObject (forecast) &&
          cJSON_IsNumber (cJSON_GetObjectItem (cJSON_GetObjectItem (forecast, "seconds_to"), "temperature_warning")))
        {
          g_autoptr(cJSON) cases = cJSON_CreateArray ();

          twin_test_schema_case_add (cases, "state on MQTT with a forecast", twin_schema_get ("state"),
                                     ((TwinTestMessage *)states->pdata[i])->payload, TRUE);
          twin_test_schema_cases_check (cases);
          return TRUE;
        }
    }

  return FALSE;
}

static void
test_state_forecast (TwinTestMqtt  *f,
                     gconstpointer  data)
{
  g_autoptr(TwinTestClient) client = twin_test_client_new (f->url, "whatif-state", FALSE, NULL);
  g_autoptr(TwinForecaster) forecaster = twin_forecaster_new ();
  g_autoptr(TwinOutlook) outlook = twin_outlook_new (f->engine, forecaster);
  g_autoptr(TwinMqtt) mqtt = NULL;
  TwinCommand command = { .fields = TWIN_COMMAND_RPM_SETPOINT | TWIN_COMMAND_AMBIENT,
                          .rpm_setpoint = 3000, .ambient = 38 };

  twin_test_client_subscribe (client, "twin/state", 1);
  mqtt = twin_test_mirror_new (f->engine, f->url, "twin", "rate", 10.0, "qos", 1u, NULL);
  twin_mqtt_set_outlook (mqtt, outlook);
  twin_test_mirror_wait_connected (mqtt, 10);
  g_assert_true (twin_engine_apply_command (f->engine, &command, NULL));
  twin_engine_advance (f->engine, 1.0);

  twin_test_wait_until (state_has_forecast, client, 30, "a state on MQTT with a forecast that warns");
  twin_mqtt_set_outlook (mqtt, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  twin_test_mqtt_add ("/mqtt/whatif/predict-answered-refusals-named-id-echoed", test_predict);
  twin_test_mqtt_add ("/mqtt/whatif/third-request-while-two-run-is-busy", test_busy);
  twin_test_mqtt_add ("/mqtt/whatif/state-carries-the-forecast", test_state_forecast);

  return twin_test_run_in_data_home ();
}
