/* test-rest-origin.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * No web page may drive the twin: Host, absolute request targets, Origin,
 * CORS and the WebSocket handshake; and query strings read strictly. Raw
 * requests over loopback, so that Host, the request target and the query
 * go out exactly as written.
 */

#include <stdlib.h>
#include <string.h>

#include "twin-rest-origin.h"
#include "twin-test-process.h"
#include "twin-test-rest.h"
#include "twin-test-wait.h"

#define EVIL "http://evil.example"
#define PAGE "http://localhost:3000"

typedef struct
{
  guint  status;
  char  *head;
  char  *body;
} RawReply;

static void
raw_reply_clear (RawReply *reply)
{
  g_clear_pointer (&reply->head, g_free);
  g_clear_pointer (&reply->body, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RawReply, raw_reply_clear)

/* Sends @text as it is to 127.0.0.1:@port and runs the main context
 * until the reply is in. */
static void
raw_exchange (guint       port,
              const char *text,
              RawReply   *reply)
{
  g_autoptr(GSocket) socket = twin_test_raw_connect (port);
  g_autofree char *in = twin_test_raw_send (socket, text);
  const char *end = strstr (in, "\r\n\r\n");

  g_socket_close (socket, NULL);
  g_assert_nonnull (end);
  reply->status = twin_test_raw_status (in);
  reply->head = g_strndup (in, end + 2 - in);
  reply->body = g_strdup (end + 4);
}

/* @host: NULL for 127.0.0.1:PORT; @headers: more header lines, each
 * ending in CRLF. */
static void
raw_request (TwinTestRest *f,
             const char   *method,
             const char   *target,
             const char   *host,
             const char   *headers,
             const char   *body,
             RawReply     *reply)
{
  g_autofree char *own = g_strdup_printf ("127.0.0.1:%u", twin_test_rest_get_port (f));
  g_autofree char *auth = f->token != NULL ? g_strdup_printf ("Authorization: Bearer %s\r\n", f->token)
                                           : g_strdup ("");
  g_autofree char *text =
    g_strdup_printf ("%s %s HTTP/1.1\r\nHost: %s\r\n%s%sContent-Length: %zu\r\nConnection: close\r\n\r\n%s",
                     method, target, host != NULL ? host : own, headers != NULL ? headers : "", auth,
                     body != NULL ? strlen (body) : 0, body != NULL ? body : "");

  raw_exchange (twin_test_rest_get_port (f), text, reply);
}

/* The value of header @name, or NULL; names compare case-insensitively. */
static char *
header (const RawReply *reply,
        const char     *name)
{
  g_auto(GStrv) lines = g_strsplit (reply->head, "\r\n", -1);

  for (guint i = 1; lines[i] != NULL; i++)
    {
      gsize n = strlen (name);

      if (g_ascii_strncasecmp (lines[i], name, n) == 0 && lines[i][n] == ':')
        return g_strstrip (g_strdup (lines[i] + n + 1));
    }

  return NULL;
}

static void
assert_raw_problem (const RawReply *reply,
                    guint           status,
                    const char     *detail_part)
{
  g_autofree char *type = header (reply, "Content-Type");
  cJSON *root;
  const cJSON *detail;

  if (reply->status != status)
    g_error ("status %u instead of %u: %s", reply->status, status, reply->body);
  g_assert_cmpstr (type, ==, "application/problem+json");
  root = cJSON_Parse (reply->body);
  g_assert_nonnull (root);
  g_assert_cmpfloat (twin_test_json_number (root, "status"), ==, status);
  g_assert_cmpstr (cJSON_GetObjectItem (root, "title")->valuestring, ==,
                   status == 421 ? "Misdirected Request" : soup_status_get_phrase (status));
  detail = cJSON_GetObjectItem (root, "detail");
  g_assert_true (cJSON_IsString (detail));
  if (strstr (detail->valuestring, detail_part) == NULL)
    g_error ("detail \"%s\" does not name \"%s\"", detail->valuestring, detail_part);
  cJSON_Delete (root);
}

static void
allow_origins (TwinTestRest *f,
               const char   *origins)
{
  const char *list[] = { origins, NULL };
  g_autoptr(GError) error = NULL;

  g_assert_true (twin_rest_server_set_allowed_origins (f->rest, list, &error));
  g_assert_no_error (error);
}

/* Host and the request target */

static void
test_host (TwinTestRest  *f,
           gconstpointer  data)
{
  guint port = twin_test_rest_get_port (f);
  g_autofree char *evil = g_strdup_printf ("evil.example:%u", port);
  g_autofree char *other_port = g_strdup_printf ("127.0.0.1:%u", port == 65535 ? 1 : port + 1);
  const char *refused[] = { evil, other_port, "127.0.0.1", "localhost", "127.0.0.2", "evil.example", "[::2]" };
  struct { const char *host; double ambient; } accepted[] = {
    { "127.0.0.1:%u", 30 }, { "localhost:%u", 31 }, { "LocalHost:%u", 32 }, { "[::1]:%u", 33 },
    { "[0:0::1]:%u", 34 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_auto(RawReply) reply = { 0 };

      raw_request (f, "PATCH", "/controls", refused[i], "Content-Type: application/json\r\n",
                   "{\"ambient\":70}", &reply);
      assert_raw_problem (&reply, 421, "host: \"");
      assert_raw_problem (&reply, 421, refused[i]);
      assert_raw_problem (&reply, 421, "allowed: 127.0.0.1:");
      g_assert_cmpfloat (twin_engine_get_ambient (f->engine), ==, 22.0);
    }

  /* A GET is refused too: a rebound page could read the state. */
  {
    g_auto(RawReply) reply = { 0 };

    raw_request (f, "GET", "/state", evil, NULL, NULL, &reply);
    assert_raw_problem (&reply, 421, evil);
  }

  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      g_auto(RawReply) reply = { 0 };
      g_autofree char *host = g_strdup_printf (accepted[i].host, port);
      g_autofree char *body = g_strdup_printf ("{\"ambient\":%g}", accepted[i].ambient);

      raw_request (f, "PATCH", "/controls", host, "Content-Type: application/json\r\n", body, &reply);
      if (reply.status != 200)
        g_error ("Host %s: %u %s", host, reply.status, reply.body);
      g_assert_cmpfloat (twin_engine_get_ambient (f->engine), ==, accepted[i].ambient);
    }
}

static void
test_absolute_target (TwinTestRest  *f,
                      gconstpointer  data)
{
  g_autofree char *own = g_strdup_printf ("http://127.0.0.1:%u/controls", twin_test_rest_get_port (f));
  g_autofree char *evil_port = g_strdup_printf ("http://evil.example:%u/controls", twin_test_rest_get_port (f));
  const char *refused[] = { "http://evil.example/controls", evil_port };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_auto(RawReply) reply = { 0 };

      /* Host names this server; the target, which wins, does not. */
      raw_request (f, "PATCH", refused[i], NULL, "Content-Type: application/json\r\n",
                   "{\"ambient\":71}", &reply);
      assert_raw_problem (&reply, 421, "host: \"evil.example");
      assert_raw_problem (&reply, 421, "(in the request target)");
      g_assert_cmpfloat (twin_engine_get_ambient (f->engine), ==, 22.0);
    }

  {
    g_auto(RawReply) reply = { 0 };

    raw_request (f, "PATCH", own, NULL, "Content-Type: application/json\r\n", "{\"ambient\":35}", &reply);
    g_assert_cmpuint (reply.status, ==, 200);
    g_assert_cmpfloat (twin_engine_get_ambient (f->engine), ==, 35.0);
  }
}

static void
test_allowed_host (TwinTestRest  *f,
                   gconstpointer  data)
{
  const char *hosts[] = { "twin.example.org,10.1.2.3", "[fd00::7]", NULL };
  const char *names[] = { "twin.example.org", "TWIN.example.org:443", "10.1.2.3:8080", "[fd00::7]" };
  g_autoptr(GError) error = NULL;

  g_assert_true (twin_rest_server_set_allowed_hosts (f->rest, hosts, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_auto(RawReply) reply = { 0 };
      g_autofree char *body = g_strdup_printf ("{\"ambient\":%u}", 40 + i);

      /* A listed name, as a reverse proxy passes it on, on any port. */
      raw_request (f, "PATCH", "/controls", names[i], "Content-Type: application/json\r\n", body, &reply);
      if (reply.status != 200)
        g_error ("Host %s: %u %s", names[i], reply.status, reply.body);
      g_assert_cmpfloat (twin_engine_get_ambient (f->engine), ==, 40 + i);
    }

  {
    g_auto(RawReply) reply = { 0 };

    raw_request (f, "PATCH", "/controls", "evil.twin.example.org", "Content-Type: application/json\r\n",
                 "{\"ambient\":70}", &reply);
    assert_raw_problem (&reply, 421, "allowed: 127.0.0.1:");
    assert_raw_problem (&reply, 421, "twin.example.org, 10.1.2.3, [fd00::7]");
    g_assert_cmpfloat (twin_engine_get_ambient (f->engine), ==, 43.0);
  }

  /* A bad list changes nothing. */
  {
    const char *bad[] = { "ok.example.org", "evil example", NULL };

    g_assert_false (twin_rest_server_set_allowed_hosts (f->rest, bad, &error));
    g_assert_error (error, TWIN_REST_ERROR, TWIN_REST_ERROR_BAD_VALUE);
    g_assert_nonnull (strstr (error->message, "\"evil example\" is not a host name or IP address"));
    g_clear_error (&error);
  }
  {
    g_auto(RawReply) reply = { 0 };

    raw_request (f, "GET", "/state", "twin.example.org", NULL, NULL, &reply);
    g_assert_cmpuint (reply.status, ==, 200);
    raw_reply_clear (&reply);
    raw_request (f, "GET", "/state", "ok.example.org", NULL, NULL, &reply);
    g_assert_cmpuint (reply.status, ==, 421);
  }

  /* Behind a port mapping: loopback names listed are taken on any port. */
  {
    const char *mapped[] = { "localhost", NULL };
    g_auto(RawReply) reply = { 0 };

    raw_request (f, "GET", "/state", "localhost:8080", NULL, NULL, &reply);
    g_assert_cmpuint (reply.status, ==, 421);
    raw_reply_clear (&reply);
    g_assert_true (twin_rest_server_set_allowed_hosts (f->rest, mapped, &error));
    raw_request (f, "GET", "/state", "localhost:8080", NULL, NULL, &reply);
    g_assert_cmpuint (reply.status, ==, 200);
  }
}

/* Origin */

static void
test_origin_refused (TwinTestRest  *f,
                     gconstpointer  data)
{
  struct { const char *method; const char *target; const char *headers; const char *body; } cases[] = {
    /* The "simple" cross-site request a page sends without preflight. */
    { "POST", "/update?ambient=79", "Origin: " EVIL "\r\n", NULL },
    { "POST", "/update?ambient=79", "Origin: " EVIL "\r\nContent-Type: text/plain\r\n", "x" },
    { "PATCH", "/controls", "Origin: " EVIL "\r\nContent-Type: application/json\r\n", "{\"ambient\":79}" },
    { "PUT", "/model", "Origin: " EVIL "\r\nContent-Type: application/json\r\n", "{\"model\":\"tutorial@1\"}" },
    { "GET", "/state", "Origin: " EVIL "\r\n", NULL },
    { "GET", "/healthz", "Origin: null\r\n", NULL },
    { "OPTIONS", "/controls", "Origin: " EVIL "\r\nAccess-Control-Request-Method: PATCH\r\n", NULL },
    /* Listed only once a list is given; its own address is no exception. */
    { "POST", "/update?ambient=79", "Origin: " PAGE "\r\n", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(RawReply) reply = { 0 };
      g_autofree char *acao = NULL;

      raw_request (f, cases[i].method, cases[i].target, NULL, cases[i].headers, cases[i].body, &reply);
      assert_raw_problem (&reply, 403, "Origin: \"");
      assert_raw_problem (&reply, 403, "allowed: none");
      acao = header (&reply, "Access-Control-Allow-Origin");
      g_assert_null (acao);
      g_assert_cmpfloat (twin_engine_get_ambient (f->engine), ==, 22.0);
    }
  g_assert_cmpstr (twin_engine_get_model (f->engine)->id, ==, "physical@3");

  /* curl and the tutorial's clients send no Origin. */
  {
    g_auto(RawReply) reply = { 0 };

    raw_request (f, "POST", "/update?ambient=26", NULL, NULL, NULL, &reply);
    g_assert_cmpuint (reply.status, ==, 200);
    g_assert_cmpfloat (twin_engine_get_ambient (f->engine), ==, 26.0);
  }
}

static void
test_origin_allowed (TwinTestRest  *f,
                     gconstpointer  data)
{
  allow_origins (f, PAGE ",https://Dash.Example.org:443");

  {
    g_auto(RawReply) reply = { 0 };
    g_autofree char *acao = NULL;
    g_autofree char *vary = NULL;

    raw_request (f, "PATCH", "/controls", NULL, "Origin: " PAGE "\r\nContent-Type: application/json\r\n",
                 "{\"ambient\":28}", &reply);
    g_assert_cmpuint (reply.status, ==, 200);
    g_assert_cmpfloat (twin_engine_get_ambient (f->engine), ==, 28.0);
    acao = header (&reply, "Access-Control-Allow-Origin");
    vary = header (&reply, "Vary");
    g_assert_cmpstr (acao, ==, PAGE);
    g_assert_nonnull (vary);
    g_assert_nonnull (strstr (vary, "Origin"));
  }

  /* Listed as the browser serializes it: no default port, lower case. */
  {
    g_auto(RawReply) reply = { 0 };
    g_autofree char *acao = NULL;

    raw_request (f, "POST", "/update?ambient=29", NULL, "Origin: https://dash.example.org\r\n", NULL, &reply);
    g_assert_cmpuint (reply.status, ==, 200);
    acao = header (&reply, "Access-Control-Allow-Origin");
    g_assert_cmpstr (acao, ==, "https://dash.example.org");
    g_assert_cmpfloat (twin_engine_get_ambient (f->engine), ==, 29.0);
  }

  /* The preflight of a PATCH with a JSON body and a token. */
  {
    g_auto(RawReply) reply = { 0 };
    g_autofree char *acao = NULL;
    g_autofree char *methods = NULL;
    g_autofree char *headers = NULL;

    raw_request (f, "OPTIONS", "/controls", NULL,
                 "Origin: " PAGE "\r\nAccess-Control-Request-Method: PATCH\r\n"
                 "Access-Control-Request-Headers: authorization, content-type\r\n", NULL, &reply);
    g_assert_cmpuint (reply.status, ==, 204);
    acao = header (&reply, "Access-Control-Allow-Origin");
    methods = header (&reply, "Access-Control-Allow-Methods");
    headers = header (&reply, "Access-Control-Allow-Headers");
    g_assert_cmpstr (acao, ==, PAGE);
    g_assert_nonnull (methods);
    g_assert_nonnull (strstr (methods, "PATCH"));
    g_assert_nonnull (strstr (methods, "GET"));
    g_assert_nonnull (headers);
    g_assert_nonnull (strstr (headers, "Authorization"));
    g_assert_nonnull (strstr (headers, "Content-Type"));
    g_assert_cmpfloat (twin_engine_get_ambient (f->engine), ==, 29.0);
  }

  /* Other origins stay refused; no Origin still works, with Vary. */
  {
    g_auto(RawReply) reply = { 0 };
    g_autofree char *vary = NULL;

    raw_request (f, "POST", "/update?ambient=79", NULL, "Origin: http://localhost:3001\r\n", NULL, &reply);
    assert_raw_problem (&reply, 403, "allowed: " PAGE ", https://dash.example.org");
    g_assert_cmpfloat (twin_engine_get_ambient (f->engine), ==, 29.0);
    raw_reply_clear (&reply);

    raw_request (f, "GET", "/state", NULL, NULL, NULL, &reply);
    g_assert_cmpuint (reply.status, ==, 200);
    vary = header (&reply, "Vary");
    g_assert_nonnull (vary);
    g_assert_nonnull (strstr (vary, "Origin"));
  }

  /* A bad list changes nothing. */
  {
    const char *bad[] = { "http://ok.example", "*", NULL };
    const char *more_bad[] = { "null", "http://a.example/", "ftp://a.example", "http://u@a.example",
                               "http://a.example:0", "http://a.example?x", "" };
    g_autoptr(GError) error = NULL;
    g_auto(RawReply) reply = { 0 };

    g_assert_false (twin_rest_server_set_allowed_origins (f->rest, bad, &error));
    g_assert_nonnull (strstr (error->message, "\"*\" is not an origin; allowed: origins such as"));
    g_clear_error (&error);
    for (guint i = 0; i < G_N_ELEMENTS (more_bad); i++)
      {
        const char *list[] = { more_bad[i], NULL };

        g_assert_null (twin_rest_parse_allowed_origins ("--rest-allow-origin", list, &error));
        g_assert_true (g_str_has_prefix (error->message, "--rest-allow-origin: \""));
        g_clear_error (&error);
      }

    raw_request (f, "GET", "/state", NULL, "Origin: " PAGE "\r\n", NULL, &reply);
    g_assert_cmpuint (reply.status, ==, 200);
  }
}

/* Preflights carry no credentials: they are answered before the token
 * is checked, and the 401 of a listed origin is readable by its page. */
static void
test_origin_with_token (TwinTestRest  *f,
                        gconstpointer  data)
{
  twin_test_rest_start (f, "secret");
  allow_origins (f, PAGE);

  {
    g_auto(RawReply) reply = { 0 };
    g_autofree char *request = g_strdup_printf ("OPTIONS /controls HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n"
                                                "Origin: " PAGE "\r\nAccess-Control-Request-Method: PATCH\r\n"
                                                "Connection: close\r\n\r\n", twin_test_rest_get_port (f));

    raw_exchange (twin_test_rest_get_port (f), request, &reply);
    g_assert_cmpuint (reply.status, ==, 204);
  }
  {
    g_auto(RawReply) reply = { 0 };
    g_autofree char *acao = NULL;
    g_autofree char *request = g_strdup_printf ("PATCH /controls HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n"
                                                "Origin: " PAGE "\r\nContent-Type: application/json\r\n"
                                                "Content-Length: 14\r\nConnection: close\r\n\r\n"
                                                "{\"ambient\":70}", twin_test_rest_get_port (f));

    raw_exchange (twin_test_rest_get_port (f), request, &reply);
    assert_raw_problem (&reply, 401, "Authorization");
    acao = header (&reply, "Access-Control-Allow-Origin");
    g_assert_cmpstr (acao, ==, PAGE);
    g_assert_cmpfloat (twin_engine_get_ambient (f->engine), ==, 22.0);
  }
  {
    g_auto(RawReply) reply = { 0 };

    raw_request (f, "PATCH", "/controls", NULL, "Origin: " PAGE "\r\nContent-Type: application/json\r\n",
                 "{\"ambient\":27}", &reply);
    g_assert_cmpuint (reply.status, ==, 200);
    g_assert_cmpfloat (twin_engine_get_ambient (f->engine), ==, 27.0);
  }
}

static void
test_websocket_origin (TwinTestRest  *f,
                       gconstpointer  data)
{
  allow_origins (f, PAGE);

  {
    g_autoptr(GSocket) socket = twin_test_rest_raw_connect (f);

    g_assert_cmpuint (twin_test_rest_ws_handshake (f, socket, "Origin: " EVIL "\r\n"), ==, 403);
    twin_test_run_for (0.1);
    g_assert_cmpuint (twin_rest_server_get_n_websockets (f->rest), ==, 0);
  }
  {
    g_autoptr(GSocket) socket = twin_test_rest_raw_connect (f);

    g_assert_cmpuint (twin_test_rest_ws_handshake (f, socket, "Origin: " PAGE "\r\n"), ==, 101);
    twin_test_rest_wait_websockets (f, 1);
    g_socket_close (socket, NULL);
    twin_test_rest_wait_websockets (f, 0);
  }
  {
    g_autoptr(GSocket) socket = twin_test_rest_raw_connect (f);

    g_assert_cmpuint (twin_test_rest_ws_handshake (f, socket, ""), ==, 101);
    twin_test_rest_wait_websockets (f, 1);
    g_socket_close (socket, NULL);
    twin_test_rest_wait_websockets (f, 0);
  }
  {
    g_autofree char *host_line = g_strdup_printf ("Host: evil.example:%u\r\n", twin_test_rest_get_port (f));
    g_auto(RawReply) reply = { 0 };

    raw_request (f, "GET", "/ws", host_line + strlen ("Host: "), TWIN_TEST_WS_HANDSHAKE, NULL, &reply);
    g_assert_cmpuint (reply.status, ==, 421);
    g_assert_cmpuint (twin_rest_server_get_n_websockets (f->rest), ==, 0);
  }
}

/* Query strings */

static void
test_query_strict (TwinTestRest  *f,
                   gconstpointer  data)
{
  struct { const char *target; const char *detail; } refused[] = {
    { "/update?ambient=31%00garbage", "ambient: \"31%00garbage\" has an encoded NUL (%00)" },
    { "/update?ambient%00x=32", "\"ambient%00x\" has an encoded NUL (%00)" },
    { "/update?ambient=999&ambient=26", "ambient: given more than once; allowed: once" },
    { "/update?ambient=26&ambient=26", "ambient: given more than once" },
    { "/update?ambient=26&ambi%65nt=27", "given more than once" },
    { "/update?ambient=0x10", "ambient: \"0x10\" is not a number; allowed: -40 to 80" },
    { "/update?ambient=0x1p4", "ambient: \"0x1p4\" is not a number" },
    { "/update?ambient=1e-400", "ambient: \"1e-400\" is too close to 0 to be represented; allowed: -40 to 80" },
    { "/update?ambient=-1e-400", "ambient: \"-1e-400\" is too close to 0" },
    { "/update?ambient=1e400", "ambient: Infinity is not a finite number" },
    { "/update?ambient=inf", "ambient: Infinity is not a finite number" },
    { "/update?ambient=-Infinity", "ambient: -Infinity" },
    { "/update?ambient=nan", "ambient: NaN is not a finite number" },
    { "/update?ambient=", "ambient: \"\" is not a number" },
    { "/update?ambient=%2030", "ambient: \" 30\" is not a number" },
    { "/update?ambient=30+", "ambient: \"30 \" is not a number" },
    { "/update?ambient=30%09", "ambient: \"30\t\" is not a number" },
    { "/update?ambient=30x", "ambient: \"30x\" is not a number" },
    { "/update?ambient=3,0", "ambient: \"3,0\" is not a number" },
    { "/update?ambient=%E9", "ambient: \"%E9\" is not UTF-8 once decoded" },
    { "/update?ambient", "ambient: no value; allowed: ambient=value" },
    { "/update?ambient=30&", "query: an empty parameter" },
    { "/update?&ambient=30", "query: an empty parameter" },
    { "/update?ambient=30&&x=1", "query: an empty parameter" },
    { "/history?seconds=5&seconds=6", "seconds: given more than once" },
    { "/history?seconds=0x5", "seconds: \"0x5\" is not a number" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_auto(RawReply) reply = { 0 };
      const char *method = g_str_has_prefix (refused[i].target, "/update") ? "POST" : "GET";

      g_test_message ("%s", refused[i].target);
      raw_request (f, method, refused[i].target, NULL, NULL, NULL, &reply);
      assert_raw_problem (&reply, 400, refused[i].detail);
      g_assert_cmpfloat (twin_engine_get_ambient (f->engine), ==, 22.0);
    }

  /* Escapes GLib's URI parser refuses never reach the server's handlers;
   * libsoup answers 400 itself. */
  {
    const char *bad_escapes[] = { "/update?ambient=%zz", "/update?ambient=3%", "/update?ambient=3%4" };

    for (guint i = 0; i < G_N_ELEMENTS (bad_escapes); i++)
      {
        g_auto(RawReply) reply = { 0 };

        raw_request (f, "POST", bad_escapes[i], NULL, NULL, NULL, &reply);
        g_assert_cmpuint (reply.status, ==, 400);
        g_assert_cmpfloat (twin_engine_get_ambient (f->engine), ==, 22.0);
      }
  }

  {
    struct { const char *target; double ambient; } accepted[] = {
      { "/update?ambient=2%36", 26 }, { "/update?ambient=%2B27.5", 27.5 }, { "/update?ambient=-1.5e1", -15 },
      { "/update?ambient=.5", 0.5 }, { "/update?ambient=0e-400", 0 },
    };

    for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
      {
        g_auto(RawReply) reply = { 0 };

        raw_request (f, "POST", accepted[i].target, NULL, NULL, NULL, &reply);
        if (reply.status != 200)
          g_error ("%s: %u %s", accepted[i].target, reply.status, reply.body);
        g_assert_cmpfloat (twin_engine_get_ambient (f->engine), ==, accepted[i].ambient);
      }
  }
}

/* The command line's flags reach the server */

static void
test_headless_flags (void)
{
  const char *args[] = { "--headless", "--quiet", "--rest-port", "0",
                         "--rest-allow-origin", PAGE, "--rest-allow-host", "twin.example.org", NULL };
  g_autoptr(TwinTestProcess) process = twin_test_process_new (args, NULL);
  g_autofree char *url = twin_test_process_wait_line (process, "REST API at ");
  guint port;

  g_assert_nonnull (url);

  port = (guint)atoi (strrchr (url, ':') + 1);
  {
    g_autofree char *request = g_strdup_printf ("POST /update?ambient=30 HTTP/1.1\r\nHost: twin.example.org\r\n"
                                                "Origin: " PAGE "\r\nContent-Length: 0\r\n"
                                                "Connection: close\r\n\r\n");
    g_auto(RawReply) reply = { 0 };
    g_autofree char *acao = NULL;

    raw_exchange (port, request, &reply);
    g_assert_cmpuint (reply.status, ==, 200);
    acao = header (&reply, "Access-Control-Allow-Origin");
    g_assert_cmpstr (acao, ==, PAGE);
    g_assert_nonnull (strstr (reply.body, "\"ambient\":30"));
  }
  {
    g_autofree char *request = g_strdup_printf ("POST /update?ambient=31 HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n"
                                                "Origin: " EVIL "\r\nContent-Length: 0\r\n"
                                                "Connection: close\r\n\r\n", port);
    g_auto(RawReply) reply = { 0 };

    raw_exchange (port, request, &reply);
    assert_raw_problem (&reply, 403, "allowed: " PAGE);
  }
  {
    g_autofree char *request = g_strdup_printf ("GET /state HTTP/1.1\r\nHost: evil.example:%u\r\n"
                                                "Connection: close\r\n\r\n", port);
    g_auto(RawReply) reply = { 0 };

    raw_exchange (port, request, &reply);
    assert_raw_problem (&reply, 421, "twin.example.org");
  }
  {
    g_autofree char *request = g_strdup_printf ("GET /state HTTP/1.1\r\nHost: localhost:%u\r\n"
                                                "Connection: close\r\n\r\n", port);
    g_auto(RawReply) reply = { 0 };

    raw_exchange (port, request, &reply);
    g_assert_cmpuint (reply.status, ==, 200);
    g_assert_nonnull (strstr (reply.body, "\"ambient\":30"));
  }

  twin_test_process_terminate (process);
  g_assert_cmpint (twin_test_process_get_exit_status (process), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  twin_test_rest_add ("/rest/origin/foreign-host-misdirected", test_host);
  twin_test_rest_add ("/rest/origin/foreign-absolute-target-misdirected", test_absolute_target);
  twin_test_rest_add ("/rest/origin/allowed-hosts-served", test_allowed_host);
  twin_test_rest_add ("/rest/origin/foreign-origin-forbidden", test_origin_refused);
  twin_test_rest_add ("/rest/origin/allowed-origins-get-cors", test_origin_allowed);
  g_test_add ("/rest/origin/preflight-before-token", TwinTestRest, NULL, NULL, test_origin_with_token,
              twin_test_rest_teardown);
  twin_test_rest_add ("/rest/origin/websocket-handshake-checked", test_websocket_origin);
  twin_test_rest_add ("/rest/origin/query-read-strictly", test_query_strict);
  g_test_add_func ("/rest/origin/command-line-lists-reach-the-server", test_headless_flags);

  return g_test_run ();
}
