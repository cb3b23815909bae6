/* test-rest-whatif.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What-if over real HTTP: POST /predict and /advise answer what a
 * forecast and advice computed here answer, valid by their schemas, and
 * leave the live twin alone; bad
 * requests are refused by field; a third request while two run gets 429;
 * the state carries the outlook's forecast, and /metrics its ensemble,
 * clean by promtool.
 */

#include <math.h>
#include <string.h>

#include "twin-json-whatif.h"
#include "twin-outlook.h"
#include "twin-schema.h"
#include "twin-test-process.h"
#include "twin-test-rest.h"
#include "twin-test-schemas.h"
#include "twin-test-wait.h"
#include "twin-whatif.h"

#define HOT_FAST "{\"inputs\":{\"rpm_setpoint\":3000,\"ambient\":38}"

static cJSON *
post_ok (TwinTestRest *f,
         const char   *path,
         const char   *body)
{
  g_auto(TwinTestReply) reply = { 0 };
  cJSON *root;

  twin_test_rest_request (f, "POST", path, "application/json", body, -1, NULL, &reply);
  if (reply.status != 200)
    g_error ("POST %s %s: %u %s", path, body, reply.status, reply.body);
  g_assert_cmpstr (soup_message_headers_get_content_type (reply.headers, NULL), ==, "application/json");
  root = cJSON_Parse (reply.body);
  g_assert_nonnull (root);
  return root;
}

static const cJSON *
path_get (const cJSON *root,
          const char  *first,
          const char  *second)
{
  const cJSON *item = cJSON_GetObjectItemCaseSensitive (root, first);

  g_assert_nonnull (item);
  if (second != NULL)
    item = cJSON_GetObjectItemCaseSensitive (item, second);
  g_assert_nonnull (item);
  return item;
}

/* What the wire should say of an event at @time on a forecast from @from. */
static void
assert_seconds (const cJSON *item,
                double       time,
                double       from)
{
  if (isnan (time))
    g_assert_true (cJSON_IsNull (item));
  else
    {
      g_assert_true (cJSON_IsNumber (item));
      g_assert_cmpfloat (item->valuedouble, ==, twin_whatif_seconds_after (time, from));
    }
}

/* The course as a forecast computed here from the same sim and spec. */
static void
assert_course_matches (const cJSON            *answer,
                       TwinEngine             *engine,
                       const TwinForecastSpec *spec)
{
  g_autoptr(TwinForecast) course = NULL;
  g_autoptr(GError) error = NULL;
  TwinSim start;

  twin_engine_get_sim (engine, &start);
  course = twin_forecast_run (&start, spec, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpfloat (path_get (answer, "from", NULL)->valuedouble, ==, course->start);
  for (guint i = 0; i < TWIN_N_ALARMS; i++)
    {
      TwinAlarm alarm = twin_alarm_from_index (i);

      assert_seconds (path_get (answer, "seconds_to", twin_alarm_get_name (alarm)),
                      twin_forecast_time_of (course, alarm), course->start);
    }
  g_assert_cmpfloat (path_get (answer, "rul_hours", "course")->valuedouble, ==, course->rul_hours);
  g_assert_cmpfloat (path_get (answer, "state", "temperature")->valuedouble, ==, course->end.state.temperature);
  g_assert_cmpfloat (path_get (answer, "settled", "temperature")->valuedouble, ==, course->settled.temperature);
}

static void
test_predict (TwinTestRest  *f,
              gconstpointer  data)
{
  const char *body = HOT_FAST ",\"horizon\":900,\"ensemble\":16,\"id\":\"a\"}";
  g_autoptr(cJSON) cases = cJSON_CreateArray ();
  g_autofree char *before = twin_test_rest_get_ok (f, "/controls");
  g_autofree char *after = NULL;
  g_autofree char *text = NULL;
  cJSON *answer;
  TwinForecastSpec spec;

  twin_engine_advance (f->engine, 5.0);
  answer = post_ok (f, "/predict", body);

  twin_forecast_spec_init (&spec, 900, 9);
  spec.has_change = TRUE;
  spec.change.fields = TWIN_COMMAND_RPM_SETPOINT | TWIN_COMMAND_AMBIENT;
  spec.change.rpm_setpoint = 3000;
  spec.change.ambient = 38;
  assert_course_matches (answer, f->engine, &spec);

  /* 3000 rpm on a 38 °C day warns and trips within 15 min, on the course
   * and for the ensemble's median member. */
  g_assert_true (cJSON_IsNumber (path_get (answer, "seconds_to", "temperature_warning")));
  g_assert_true (cJSON_IsNumber (path_get (path_get (answer, "quantiles", "tripped"), "p50", NULL)));
  g_assert_cmpfloat (path_get (answer, "members", NULL)->valuedouble, ==, 16);
  g_assert_cmpfloat (path_get (answer, "state", "rpm_setpoint")->valuedouble, ==, 3000);
  g_assert_cmpfloat (fabs (path_get (answer, "state", "timestamp")->valuedouble - 905), <, 1e-6);

  text = cJSON_PrintUnformatted (answer);
  twin_test_schema_case_add (cases, "prediction", twin_schema_get ("prediction"), text, TRUE);
  twin_test_schema_case_add (cases, "predict", twin_schema_get ("predict"), body, TRUE);
  twin_test_schema_cases_check (cases);
  cJSON_Delete (answer);

  /* A schedule, out of order: 3000 rpm now, back to 1500 rpm after 20 s. */
  answer = post_ok (f, "/predict", "{\"schedule\":[{\"at\":20,\"inputs\":{\"rpm_setpoint\":1500}},"
                                   "{\"at\":0,\"inputs\":{\"rpm_setpoint\":3000}}]}");
  twin_forecast_spec_init (&spec, TWIN_FORECAST_HORIZON_DEFAULT, 6);
  spec.n_schedule = 2;
  spec.schedule[0].command.fields = spec.schedule[1].command.fields = TWIN_COMMAND_RPM_SETPOINT;
  spec.schedule[0].command.rpm_setpoint = 3000;
  spec.schedule[1].at = 20;
  spec.schedule[1].command.rpm_setpoint = 1500;
  assert_course_matches (answer, f->engine, &spec);
  g_assert_true (cJSON_IsNumber (path_get (answer, "seconds_to", "vibration_zone_c")));
  g_assert_cmpfloat (path_get (answer, "members", NULL)->valuedouble, ==, 0);
  g_assert_true (cJSON_IsNull (path_get (answer, "rul_hours", "p50")));
  cJSON_Delete (answer);

  /* The live twin did not move. */
  after = twin_test_rest_get_ok (f, "/controls");
  g_assert_cmpstr (after, ==, before);
}

/* The intervals are those the engine's advice finds from the same sim
 * and spec; valid by the advice schema. */
static void
test_advise (TwinTestRest  *f,
             gconstpointer  data)
{
  const char *body = "{\"vary\":\"rpm_setpoint\",\"avoid\":[\"tripped\",\"temperature_warning\"],"
                     "\"ensemble\":16,\"horizon\":600,\"id\":\"adv\"}";
  g_autoptr(cJSON) cases = cJSON_CreateArray ();
  g_autoptr(cJSON) answer = NULL;
  g_autofree TwinAdvice *advice = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const cJSON *intervals, *interval;
  TwinAdviseSpec spec;
  TwinSim start;
  guint i = 0;

  twin_engine_advance (f->engine, 5.0);
  answer = post_ok (f, "/advise", body);

  twin_advise_spec_init (&spec);
  spec.vary = TWIN_INPUT_RPM_SETPOINT;
  spec.avoid = TWIN_ALARM_TRIPPED | TWIN_ALARM_TEMP_WARNING;
  spec.n_members = 16;
  twin_engine_get_sim (f->engine, &start);
  advice = twin_advise_run (&start, &spec, 0, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (path_get (answer, "vary", NULL)->valuestring, ==, "rpm_setpoint");
  g_assert_cmpfloat (path_get (answer, "resolution", NULL)->valuedouble, ==, advice->resolution);
  intervals = path_get (answer, "intervals", NULL);
  g_assert_cmpint (cJSON_GetArraySize (intervals), ==, advice->n_intervals);
  g_assert_cmpuint (advice->n_intervals, >, 0);
  cJSON_ArrayForEach (interval, intervals)
    {
      g_assert_cmpfloat (path_get (interval, "low", NULL)->valuedouble, ==, advice->intervals[i].low);
      g_assert_cmpfloat (path_get (interval, "high", NULL)->valuedouble, ==, advice->intervals[i].high);
      i++;
    }

  text = cJSON_PrintUnformatted (answer);
  twin_test_schema_case_add (cases, "advice", twin_schema_get ("advice"), text, TRUE);
  twin_test_schema_case_add (cases, "advise", twin_schema_get ("advise"), body, TRUE);
  twin_test_schema_cases_check (cases);
}

typedef struct
{
  const char *path;
  const char *body;
  const char *detail;   /* a part the detail must hold */
} BadRequest;

static const BadRequest bad_requests[] = {
  { "/predict", "{\"bogus\":1}", "bogus: unknown field; allowed: inputs, horizon, ensemble, schedule, id" },
  { "/predict", "{\"inputs\":{\"paused\":true}}", "inputs.paused: not an input; allowed: ambient, rpm_setpoint, faults" },
  { "/predict", "{\"inputs\":{\"model\":\"tutorial@1\"}}", "inputs.model: not an input" },
  { "/predict", "{\"inputs\":{\"ambient\":81}}", "inputs.ambient: 81 is out of range; allowed: -40 to 80" },
  { "/predict", "{\"inputs\":{\"rpm\":100}}", "inputs.rpm: unknown field" },
  { "/predict", "{\"inputs\":{\"faults\":{\"cooling_degraded\":1}}}", "inputs.faults.cooling_degraded: must be true or false" },
  { "/predict", "{\"inputs\":3}", "inputs: must be an object" },
  { "/predict", "{\"horizon\":86401}", "horizon: 86401 is out of range; allowed: 60 to 86400 s" },
  { "/predict", "{\"horizon\":\"long\"}", "horizon: must be a number" },
  { "/predict", "{\"ensemble\":257}", "ensemble: 257; allowed: a whole number of members from 0 to 256" },
  { "/predict", "{\"ensemble\":1.5}", "ensemble: 1.5" },
  { "/predict", "{\"ensemble\":-1}", "ensemble: -1" },
  { "/predict", "{\"schedule\":{}}", "schedule: must be an array of at most 16" },
  { "/predict", "{\"schedule\":[{\"at\":-1,\"inputs\":{}}]}", "schedule[0].at: must be a number" },
  { "/predict", "{\"schedule\":[{\"at\":1}]}", "schedule[0]: must be an object with exactly" },
  { "/predict", "{\"schedule\":[{\"at\":1,\"inputs\":{\"reset\":true}}]}", "schedule[0].inputs.reset: not an input" },
  { "/predict", "{\"schedule\":[{\"at\":700,\"inputs\":{\"ambient\":30}}]}", "700" },
  { "/predict", "{\"id\":{}}", "id: must be a string" },
  { "/predict", "{", "malformed JSON" },
  { "/predict", "[]", "not a JSON object" },
  { "/advise", "{}", "vary: missing; allowed: \"rpm_setpoint\" or \"ambient\"" },
  { "/advise", "{\"vary\":\"time_scale\",\"avoid\":\"tripped\"}", "vary: time_scale; allowed: \"rpm_setpoint\" or \"ambient\"" },
  { "/advise", "{\"vary\":\"ambient\",\"avoid\":[]}", "avoid: an empty list, and no rul_hours_min; allowed:" },
  { "/advise", "{\"vary\":\"ambient\",\"avoid\":\"overheat\"}", "avoid: overheat; allowed: one of \"temperature_warning\"" },
  { "/advise", "{\"vary\":\"ambient\",\"avoid\":[\"tripped\",3]}", "avoid: not a string" },
  { "/advise", "{\"vary\":\"ambient\",\"avoid\":\"tripped\",\"confidence\":1.5}", "confidence: 1.5 is out of range; allowed: 0.5 to 1" },
  { "/advise", "{\"vary\":\"ambient\",\"avoid\":\"tripped\",\"ensemble\":0}", "ensemble: 0; allowed: a whole number of members from 1 to 256" },
  { "/advise", "{\"vary\":\"ambient\",\"rul_hours_min\":-5}", "rul_hours_min: -5 is out of range" },
  { "/advise", "{\"vary\":\"ambient\",\"avoid\":\"tripped\",\"horizon\":10}", "horizon: 10 is out of range; allowed: 60 to 86400 s" },
  { "/advise", "{\"vary\":\"ambient\",\"avoid\":\"tripped\",\"inputs\":{}}", "inputs: unknown field; allowed: vary, avoid" },
};

static void
test_refusals (TwinTestRest  *f,
               gconstpointer  data)
{
  g_autofree char *before = twin_test_rest_get_ok (f, "/controls");
  g_autofree char *after = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad_requests); i++)
    {
      g_auto(TwinTestReply) reply = { 0 };

      twin_test_rest_request (f, "POST", bad_requests[i].path, "application/json", bad_requests[i].body, -1,
                              NULL, &reply);
      twin_test_rest_assert_problem (&reply, 400, bad_requests[i].detail);
    }

  after = twin_test_rest_get_ok (f, "/controls");
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpuint (twin_rest_server_get_n_whatif (f->rest), ==, 0);
}

static gboolean
two_in_flight (gpointer data)
{
  return twin_rest_server_get_n_whatif (data) == TWIN_WHATIF_MAX_IN_FLIGHT;
}

static gboolean
none_in_flight (gpointer data)
{
  return twin_rest_server_get_n_whatif (data) == 0;
}

/* The test's own session's, kept alive. */
static gboolean
one_connection_left (gpointer data)
{
  return twin_rest_server_get_n_connections (data) <= 1;
}

static void
ignore_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);
}

/* Two long requests run; the third is refused at once, and says when to
 * come back; the two stop when their clients leave. */
static void
test_busy (TwinTestRest  *f,
           gconstpointer  data)
{
  const char *heavy = "{\"horizon\":86400,\"ensemble\":256}";
  g_autofree char *url = g_strconcat (twin_rest_server_get_url (f->rest), "predict", NULL);
  g_auto(TwinTestReply) reply = { 0 };
  g_autoptr(cJSON) problem = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  /* A session of their own: libsoup opens two connections per host. */
  g_autoptr(SoupSession) heavy_session = soup_session_new ();

  for (guint i = 0; i < TWIN_WHATIF_MAX_IN_FLIGHT; i++)
    {
      g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
      g_autoptr(GBytes) body = g_bytes_new_static (heavy, strlen (heavy));

      soup_message_set_request_body_from_bytes (msg, "application/json", body);
      soup_session_send_and_read_async (heavy_session, msg, G_PRIORITY_DEFAULT, cancellable, ignore_cb, NULL);
    }
  twin_test_wait_until (two_in_flight, f->rest, 30, "two predict requests in flight");

  twin_test_rest_request (f, "POST", "/predict", "application/json", "{}", -1, NULL, &reply);
  g_assert_cmpuint (reply.status, ==, 429);
  g_assert_cmpstr (soup_message_headers_get_one (reply.headers, "Retry-After"), ==, "1");
  g_assert_cmpstr (soup_message_headers_get_content_type (reply.headers, NULL), ==, "application/problem+json");
  problem = cJSON_Parse (reply.body);
  g_assert_cmpstr (path_get (problem, "title", NULL)->valuestring, ==, "Too Many Requests");
  g_assert_nonnull (strstr (path_get (problem, "detail", NULL)->valuestring, "busy: 2 predict and advise requests "
                                                                             "are running; allowed: at most 2"));
  g_assert_cmpuint (twin_rest_server_get_n_whatif (f->rest), ==, TWIN_WHATIF_MAX_IN_FLIGHT);

  /* Clients that leave take their work with them: the slots come free. */
  g_cancellable_cancel (cancellable);
  twin_test_wait_until (none_in_flight, f->rest, 30, "the abandoned requests to be cancelled");
  twin_test_wait_until (one_connection_left, f->rest, 30, "the server to let go of the abandoned connections");
}

typedef struct
{
  TwinOutlook *outlook;
  TwinEngine  *engine;
} Watch;

/* The course and its ensemble both start where the engine is now. */
static gboolean
outlook_is_current (gpointer data)
{
  Watch *w = data;
  const TwinForecast *course = twin_outlook_get_course (w->outlook);
  const TwinEnsemble *ensemble = twin_outlook_get_ensemble (w->outlook);
  double now = twin_engine_get_timestamp (w->engine);

  return course != NULL && ensemble != NULL && course->start == now && ensemble->start == now;
}

static void
check_state_forecast (TwinTestRest *f,
                      TwinOutlook  *outlook)
{
  g_autoptr(cJSON) cases = cJSON_CreateArray ();
  g_autofree char *text = twin_test_rest_get_ok (f, "/state");
  g_autoptr(cJSON) state = cJSON_Parse (text);
  const TwinForecast *course = twin_outlook_get_course (outlook);
  const cJSON *forecast = path_get (state, "forecast", NULL);

  g_assert_cmpfloat (path_get (forecast, "from", NULL)->valuedouble, ==, course->start);
  g_assert_cmpfloat (path_get (forecast, "horizon", NULL)->valuedouble, ==, twin_outlook_get_horizon (outlook));
  for (guint i = 0; i < TWIN_N_ALARMS; i++)
    assert_seconds (path_get (forecast, "seconds_to", twin_alarm_get_name (twin_alarm_from_index (i))),
                    twin_forecast_time_of (course, twin_alarm_from_index (i)), course->start);

  twin_test_schema_case_add (cases, "state with a forecast", twin_schema_get ("state"), text, TRUE);
  twin_test_schema_cases_check (cases);
}

static char *
checked_metrics (TwinTestRest *f)
{
  char *body = twin_test_rest_get_ok (f, "/metrics");
  g_autofree char *out = NULL;
  int status;

  out = twin_test_run_tool ((const char *[]) { "promtool", "check", "metrics", NULL }, body, &status);
  if (status != 0)
    g_error ("promtool check metrics: %s\n%s", out, body);
  return body;
}

/* Before any forecast, null; with the inputs as they start, nothing
 * happens within 10 min; at 3000 rpm on a 38 °C day, it warns. */
static void
test_state_and_metrics (TwinTestRest  *f,
                        gconstpointer  data)
{
  g_autoptr(TwinForecaster) forecaster = twin_forecaster_new ();
  g_autoptr(TwinOutlook) outlook = twin_outlook_new (f->engine, forecaster);
  g_autoptr(cJSON) state = twin_test_rest_get_json (f, "/state");
  g_autofree char *quiet = NULL;
  g_autofree char *hot = NULL;
  TwinCommand command = { .fields = TWIN_COMMAND_RPM_SETPOINT | TWIN_COMMAND_AMBIENT,
                          .rpm_setpoint = 3000, .ambient = 38 };
  Watch watch = { outlook, f->engine };

  g_assert_true (cJSON_IsNull (path_get (state, "forecast", NULL)));

  twin_rest_server_set_outlook (f->rest, outlook);
  twin_engine_advance (f->engine, 1.0);
  twin_test_wait_until (outlook_is_current, &watch, 60, "the outlook's course and ensemble from now");
  check_state_forecast (f, outlook);
  quiet = checked_metrics (f);
  g_assert_nonnull (strstr (quiet, "# TYPE twinscope_forecast_seconds gauge"));
  g_assert_null (strstr (quiet, "twinscope_forecast_seconds{"));
  g_assert_nonnull (strstr (quiet, "twinscope_rul_seconds{percentile=\"50\"}"));

  g_assert_true (twin_engine_apply_command (f->engine, &command, NULL));
  twin_engine_advance (f->engine, 1.0);
  twin_test_wait_until (outlook_is_current, &watch, 60, "the outlook's course and ensemble after the command");
  g_assert_false (isnan (twin_forecast_time_of (twin_outlook_get_course (outlook), TWIN_ALARM_TEMP_WARNING)));
  check_state_forecast (f, outlook);
  hot = checked_metrics (f);
  g_assert_nonnull (strstr (hot, "twinscope_forecast_seconds{event=\"temperature_warning\",percentile=\"50\"}"));

  twin_rest_server_set_outlook (f->rest, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  twin_test_rest_add ("/rest/whatif/predict-matches-a-forecast-and-leaves-the-twin", test_predict);
  twin_test_rest_add ("/rest/whatif/advise-matches-the-engine-s-advice", test_advise);
  twin_test_rest_add ("/rest/whatif/refusals-name-the-field", test_refusals);
  twin_test_rest_add ("/rest/whatif/third-request-while-two-run-is-429-leaving-cancels", test_busy);
  twin_test_rest_add ("/rest/whatif/state-and-metrics-carry-the-outlook", test_state_and_metrics);

  return g_test_run ();
}
