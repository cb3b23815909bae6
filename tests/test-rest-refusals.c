/* test-rest-refusals.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the REST port refuses, and how: bad requests answered with a
 * problem that names the field, the value and what is allowed, and that
 * change nothing; requests without the token; public addresses without
 * one.
 */

#include <cjson/cJSON.h>
#include <libsoup/soup.h>
#include <string.h>

#include "twin-test-rest.h"

typedef struct
{
  const char *method;
  const char *path;
  const char *content_type;
  const char *body;
  guint       status;
  const char *detail;   /* a part the detail must hold */
} BadRequest;

static const BadRequest bad_requests[] = {
  { "POST", "/update?ambient=nan", NULL, NULL, 400, "ambient: NaN" },
  { "POST", "/update?ambient=inf", NULL, NULL, 400, "ambient: Infinity" },
  { "POST", "/update?ambient=-inf", NULL, NULL, 400, "ambient: -Infinity" },
  { "POST", "/update?ambient=81", NULL, NULL, 400, "ambient: 81 is out of range; allowed: -40 to 80" },
  { "POST", "/update?ambient=-41", NULL, NULL, 400, "ambient: -41" },
  { "POST", "/update?ambient=abc", NULL, NULL, 400, "ambient: \"abc\" is not a number" },
  { "POST", "/update?ambient=", NULL, NULL, 400, "ambient" },
  { "POST", "/update?ambient=1e999", NULL, NULL, 400, "ambient: Infinity" },
  { "POST", "/update?ambient=30x", NULL, NULL, 400, "ambient: \"30x\"" },
  { "POST", "/update?temperature=30", NULL, NULL, 400, "temperature: unknown query parameter; allowed: ambient" },
  { "POST", "/update?ambient=30&x=1", NULL, NULL, 400, "x: unknown" },
  { "PATCH", "/controls", "application/json", "{\"ambient\":1e999}", 400, "ambient: 1e999 is too large" },
  { "PATCH", "/controls", "application/json", "{\"ambient\":100}", 400, "ambient: 100 is out of range" },
  { "PATCH", "/controls", "application/json", "{\"ambient\":\"hot\"}", 400, "ambient: must be a number" },
  { "PATCH", "/controls", "application/json", "{\"rpm_setpoint\":-1}", 400, "rpm_setpoint: -1" },
  { "PATCH", "/controls", "application/json", "{\"rpm_setpoint\":4001}", 400, "allowed: 0 to 4000" },
  { "PATCH", "/controls", "application/json", "{\"time_scale\":0}", 400, "time_scale: 0" },
  { "PATCH", "/controls", "application/json", "{\"time_scale\":20000}", 400, "time_scale: 20000" },
  { "PATCH", "/controls", "application/json", "{\"paused\":\"yes\"}", 400, "paused: must be true or false" },
  { "PATCH", "/controls", "application/json", "{\"model\":\"nope@1\"}", 400, "nope@1" },
  { "PATCH", "/controls", "application/json", "{\"model\":2}", 400, "model: must be" },
  { "PATCH", "/controls", "application/json", "{\"faults\":{\"cooling_degraded\":1}}", 400, "faults.cooling_degraded" },
  { "PATCH", "/controls", "application/json", "{\"faults\":{\"overheat\":true}}", 400, "faults.overheat: unknown field" },
  { "PATCH", "/controls", "application/json", "{\"faults\":true}", 400, "faults: must be an object" },
  { "PATCH", "/controls", "application/json", "{\"bogus\":1}", 400, "bogus: unknown field" },
  { "PATCH", "/controls", "application/json", "{\"ambient\":30,\"bogus\":1}", 400, "bogus" },
  { "PATCH", "/controls", "application/json", "{\"ambient\":30,\"rpm_setpoint\":9999}", 400, "rpm_setpoint: 9999" },
  { "PATCH", "/controls", "application/json", "{", 400, "malformed JSON" },
  { "PATCH", "/controls", "application/json", "[1,2]", 400, "not a JSON object" },
  { "PATCH", "/controls", "application/json", "", 400, "empty" },
  { "PATCH", "/controls", "application/json", "{\"ambient\":NaN}", 400, "ambient: NaN is not a JSON value" },
  { "PATCH", "/controls", "application/json", "{\"ambient\":Infinity}", 400, "ambient: Infinity is not a JSON value" },
  { "PATCH", "/controls", "application/json", "{\"ambient\":30} {\"x\":1}", 400, "unexpected data" },
  { "PATCH", "/controls", "application/json", "{\"ambient\":30,\"ambient\":31}", 400, "ambient: appears more than once" },
  { "PATCH", "/controls", "application/json", "{\"model\":\"\xff\"}", 400, "invalid UTF-8" },
  { "PUT", "/model", "application/json", "{\"model\":\"nope@9\"}", 400, "nope@9" },
  { "PUT", "/model", "application/json", "{\"model\":1}", 400, "model: must be" },
  { "PUT", "/model", "application/json", "{}", 400, "model: missing" },
  { "PUT", "/model", "application/json", "{\"model\":\"tutorial@1\",\"x\":1}", 400, "x: unknown field; allowed: model" },
  { "PUT", "/model", "application/json", "tutorial@1", 400, "payload: tutorial is not a JSON value" },
  { "GET", "/history?seconds=-1", NULL, NULL, 400, "seconds: -1 is out of range" },
  { "GET", "/history?seconds=0", NULL, NULL, 400, "seconds: 0" },
  { "GET", "/history?seconds=nan", NULL, NULL, 400, "seconds: NaN" },
  { "GET", "/history?max_points=0", NULL, NULL, 400, "max_points: 0" },
  { "GET", "/history?max_points=1.5", NULL, NULL, 400, "max_points: 1.5 is not an integer" },
  { "GET", "/history?max_points=100000", NULL, NULL, 400, "allowed: 1 to 10000" },
  { "GET", "/history?fields=pressure", NULL, NULL, 400, "fields: \"pressure\" is not a field" },
  { "GET", "/history?fields=temperature,,rpm", NULL, NULL, 400, "fields: \"\"" },
  { "GET", "/history?bogus=1", NULL, NULL, 400, "bogus: unknown query parameter" },
  { "GET", "/state?x=1", NULL, NULL, 400, "x: unknown query parameter; allowed: none" },
  { "GET", "/nope", NULL, NULL, 404, "/nope: no such resource" },
  { "GET", "/schema/nope.json", NULL, NULL, 404, "no such schema" },
  { "GET", "/ws/more", NULL, NULL, 404, "no such resource" },
  { "GET", "/ws", NULL, NULL, 400, "WebSocket upgrade" },
  { "DELETE", "/state", NULL, NULL, 405, "DELETE is not allowed on /state; allowed: GET, HEAD" },
  { "GET", "/update", NULL, NULL, 405, "allowed: POST" },
  { "POST", "/controls", "application/json", "{}", 405, "allowed: GET, HEAD, PATCH" },
  { "DELETE", "/model", NULL, NULL, 405, "allowed: GET, HEAD, PUT" },
  { "POST", "/ws", NULL, NULL, 405, "allowed: GET" },
  { "PATCH", "/controls", "application/json", NULL, 413, "allowed: at most 65536 bytes" },
  { "PUT", "/model", "application/json", NULL, 413, "allowed: at most 65536 bytes" },
  { "PATCH", "/controls", "text/plain", "{\"ambient\":30}", 415, "Content-Type: \"text/plain\" is not supported; allowed: application/json" },
  { "PATCH", "/controls", "application/x-www-form-urlencoded", "ambient=30", 415, "allowed: application/json" },
  { "PUT", "/model", "text/plain", "{\"model\":\"tutorial@1\"}", 415, "allowed: application/json" },
  { "POST", "/update?ambient=30", "application/json", "{\"ambient\":30}", 415, "body: not expected" },
};

static char *
observable_state (TwinTestRest *f)
{
  g_autofree char *controls = twin_test_rest_get_ok (f, "/controls");
  g_autofree char *model = twin_test_rest_get_ok (f, "/model");
  cJSON *state = twin_test_rest_get_json (f, "/state");
  char *text, *observed;

  /* The wall-clock time of the snapshot is the only thing allowed to move. */
  cJSON_DeleteItemFromObject (state, "time");
  text = cJSON_PrintUnformatted (state);
  cJSON_Delete (state);
  observed = g_strconcat (text, controls, model, NULL);
  cJSON_free (text);
  return observed;
}

static void
test_bad_requests (TwinTestRest  *f,
                   gconstpointer  data)
{
  g_autofree char *big = g_malloc (TWIN_REST_MAX_BODY + 2);
  g_autofree char *before = NULL;

  memset (big, ' ', TWIN_REST_MAX_BODY + 1);
  big[0] = '{';
  big[TWIN_REST_MAX_BODY] = '}';
  big[TWIN_REST_MAX_BODY + 1] = '\0';

  g_assert_cmpuint (G_N_ELEMENTS (bad_requests), >=, 40);
  twin_engine_advance (f->engine, 3.0);
  before = observable_state (f);

  for (guint i = 0; i < G_N_ELEMENTS (bad_requests); i++)
    {
      const BadRequest *b = &bad_requests[i];
      g_auto(TwinTestReply) reply = { 0 };
      g_autofree char *after = NULL;
      const char *body = b->body;

      if (b->status == 413)
        body = big;
      twin_test_rest_request (f, b->method, b->path, b->content_type, body,
               body != NULL ? (gssize)strlen (body) : 0, NULL, &reply);
      twin_test_rest_assert_problem (&reply, b->status, b->detail);
      if (b->status == 405)
        g_assert_nonnull (soup_message_headers_get_one (reply.headers, "Allow"));

      after = observable_state (f);
      g_assert_cmpstr (after, ==, before);
    }
}

static void
test_auth (TwinTestRest  *f,
           gconstpointer  data)
{
  const char *paths[] = { "/state", "/controls", "/history", "/model", "/metrics", "/openapi.json",
                          "/schema/state.json" };
  const char *wrong[] = { "Authorization", "Bearer s3cret-tokeN", NULL };
  const char *shorter[] = { "Authorization", "Bearer s3cret", NULL };
  const char *basic[] = { "Authorization", "Basic czNjcmV0LXRva2Vu", NULL };
  g_autofree char *token = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  twin_test_rest_teardown (f, NULL);
  twin_test_rest_start (f, "s3cret-token");
  token = g_steal_pointer (&f->token);

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      const char * const *headers[] = { NULL, wrong, shorter, basic };

      for (guint h = 0; h < G_N_ELEMENTS (headers); h++)
        {
          g_auto(TwinTestReply) reply = { 0 };

          twin_test_rest_request (f, "GET", paths[i], NULL, NULL, 0, headers[h], &reply);
          twin_test_rest_assert_problem (&reply, 401, "Authorization");
          g_assert_nonnull (strstr (soup_message_headers_get_one (reply.headers, "WWW-Authenticate"), "Bearer"));
          g_assert_null (strstr (reply.body, "s3cret"));
        }
    }

  /* /healthz needs no token. */
  g_free (twin_test_rest_get_ok (f, "/healthz"));

  /* Nothing is applied without the token. */
  f->token = g_strdup (token);
  before = observable_state (f);
  g_clear_pointer (&f->token, g_free);
  {
    g_auto(TwinTestReply) reply = { 0 };

    twin_test_rest_request (f, "PATCH", "/controls", "application/json", "{\"ambient\":40}", -1, NULL, &reply);
    twin_test_rest_assert_problem (&reply, 401, NULL);
    twin_test_reply_clear (&reply);
    twin_test_rest_request (f, "POST", "/update?ambient=40", NULL, NULL, 0, NULL, &reply);
    twin_test_rest_assert_problem (&reply, 401, NULL);
    twin_test_reply_clear (&reply);
    twin_test_rest_request (f, "PUT", "/model", "application/json", "{\"model\":\"tutorial@1\"}", -1, NULL, &reply);
    twin_test_rest_assert_problem (&reply, 401, NULL);
  }
  f->token = g_strdup (token);
  after = observable_state (f);
  g_assert_cmpstr (after, ==, before);

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    g_free (twin_test_rest_get_ok (f, paths[i]));
  {
    g_auto(TwinTestReply) reply = { 0 };

    twin_test_rest_request (f, "POST", "/update?ambient=40", NULL, NULL, 0, NULL, &reply);
    g_assert_cmpuint (reply.status, ==, 200);
  }
}

static void
test_bind_public (void)
{
  g_autoptr(GError) error = NULL;
  TwinTestRest f = { 0 };
  const char *port;

  g_assert_true (twin_rest_address_is_loopback ("127.0.0.1"));
  g_assert_true (twin_rest_address_is_loopback ("127.1.2.3"));
  g_assert_true (twin_rest_address_is_loopback ("::1"));
  g_assert_true (twin_rest_address_is_loopback ("localhost"));
  g_assert_false (twin_rest_address_is_loopback ("0.0.0.0"));
  g_assert_false (twin_rest_address_is_loopback ("192.0.2.1"));

  f.engine = twin_engine_new_full (1000, 0.1);
  f.rest = twin_rest_server_new (f.engine);
  f.session = soup_session_new ();

  g_assert_false (twin_rest_server_start (f.rest, "0.0.0.0", 0, &error));
  g_assert_error (error, TWIN_REST_ERROR, TWIN_REST_ERROR_NEEDS_TOKEN);
  g_assert_nonnull (strstr (error->message, "token"));
  g_assert_nonnull (strstr (error->message, "untrusted networks"));
  g_assert_null (twin_rest_server_get_url (f.rest));
  g_clear_error (&error);

  g_assert_false (twin_rest_server_start (f.rest, "not-an-address", 0, &error));
  g_assert_error (error, TWIN_REST_ERROR, TWIN_REST_ERROR_BAD_ADDRESS);
  g_clear_error (&error);

  twin_rest_server_set_token (f.rest, "tok");
  g_test_expect_message ("twin-rest", G_LOG_LEVEL_WARNING, "*not a loopback address*untrusted networks*reverse proxy*");
  g_assert_true (twin_rest_server_start (f.rest, "0.0.0.0", 0, &error));
  g_assert_no_error (error);
  g_test_assert_expected_messages ();

  /* Reached over loopback only, and only with the token. */
  port = strrchr (twin_rest_server_get_url (f.rest), ':');
  f.base = g_strconcat ("http://127.0.0.1", port, NULL);
  {
    g_auto(TwinTestReply) reply = { 0 };

    twin_test_rest_request (&f, "GET", "/state", NULL, NULL, 0, NULL, &reply);
    twin_test_rest_assert_problem (&reply, 401, "Authorization");
  }
  f.token = g_strdup ("tok");
  g_free (twin_test_rest_get_ok (&f, "/state"));

  g_clear_pointer (&f.base, g_free);
  twin_test_rest_teardown (&f, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  twin_test_rest_add ("/rest/refusals/bad-request-named-and-nothing-applied", test_bad_requests);
  twin_test_rest_add ("/rest/refusals/no-token-401-and-nothing-applied", test_auth);
  g_test_add_func ("/rest/refusals/public-address-needs-token", test_bind_public);

  return g_test_run ();
}
