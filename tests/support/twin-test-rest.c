/* twin-test-rest.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdlib.h>
#include <string.h>

#include "twin-test-rest.h"
#include "twin-test-wait.h"

/* The session's own timeout, and then some. */
#define REPLY_TIMEOUT_S 40.0

void
twin_test_reply_clear (TwinTestReply *reply)
{
  g_clear_pointer (&reply->body, g_free);
  g_clear_pointer (&reply->headers, soup_message_headers_unref);
}

/* A server of an engine of its own, requiring @token when it is set. */
void
twin_test_rest_start (TwinTestRest *f,
                      const char   *token)
{
  g_autoptr(GError) error = NULL;

  f->engine = twin_engine_new_full (100000, 0.1);
  f->rest = twin_rest_server_new (f->engine);
  twin_rest_server_set_token (f->rest, token);
  f->token = g_strdup (token);
  g_assert_true (twin_rest_server_start (f->rest, NULL, 0, &error));
  g_assert_no_error (error);
  f->session = soup_session_new_with_options ("timeout", 30, NULL);
}

void
twin_test_rest_setup (TwinTestRest  *f,
                      gconstpointer  data)
{
  twin_test_rest_start (f, NULL);
}

void
twin_test_rest_teardown (TwinTestRest  *f,
                         gconstpointer  data)
{
  g_clear_object (&f->session);
  twin_rest_server_stop (f->rest);
  g_assert_finalize_object (f->rest);
  g_assert_finalize_object (f->engine);
  g_clear_pointer (&f->token, g_free);
  twin_test_iterate ();
}

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  GBytes **bytes = data;
  g_autoptr(GError) error = NULL;

  *bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_assert_no_error (error);
}

static gboolean
is_set (gpointer data)
{
  return *(gpointer *)data != NULL;
}

/* Sends one request and runs the main loop (and so the server) until
 * the reply is in. @headers: NULL-terminated name, value pairs. */
void
twin_test_rest_request (TwinTestRest       *f,
                        const char         *method,
                        const char         *path,
                        const char         *content_type,
                        const char         *body,
                        gssize              body_length,
                        const char * const *headers,
                        TwinTestReply      *reply)
{
  g_autofree char *url = g_strconcat (f->base ? f->base : twin_rest_server_get_url (f->rest), path + 1, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  GBytes *bytes = NULL;
  gsize length;

  g_assert_nonnull (msg);
  if (body != NULL)
    {
      g_autoptr(GBytes) data = g_bytes_new (body, body_length < 0 ? strlen (body) : (gsize)body_length);

      soup_message_set_request_body_from_bytes (msg, content_type, data);
    }
  if (f->token != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", f->token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }
  for (guint i = 0; headers != NULL && headers[i] != NULL; i += 2)
    soup_message_headers_replace (soup_message_get_request_headers (msg), headers[i], headers[i + 1]);

  soup_session_send_and_read_async (f->session, msg, G_PRIORITY_DEFAULT, NULL, sent_cb, &bytes);
  twin_test_wait_until (is_set, &bytes, REPLY_TIMEOUT_S, "a reply to %s %s", method, path);

  reply->status = soup_message_get_status (msg);
  reply->body = g_bytes_unref_to_data (bytes, &length);
  reply->body = g_realloc (reply->body, length + 1);
  reply->body[length] = '\0';
  reply->length = length;
  reply->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
}

char *
twin_test_rest_get_ok (TwinTestRest *f,
                       const char   *path)
{
  g_auto(TwinTestReply) reply = { 0 };

  twin_test_rest_request (f, "GET", path, NULL, NULL, 0, NULL, &reply);
  g_assert_cmpuint (reply.status, ==, 200);
  return g_steal_pointer (&reply.body);
}

cJSON *
twin_test_rest_get_json (TwinTestRest *f,
                         const char   *path)
{
  g_autofree char *body = twin_test_rest_get_ok (f, path);
  cJSON *root = cJSON_Parse (body);

  g_assert_nonnull (root);
  return root;
}

/* The number @root has as @key, which it must have. */
double
twin_test_json_number (const cJSON *root,
                       const char  *key)
{
  const cJSON *item = cJSON_GetObjectItemCaseSensitive (root, key);

  g_assert_true (cJSON_IsNumber (item));
  return item->valuedouble;
}

/* An RFC 9457 problem with @status, whose detail holds @detail_part. */
void
twin_test_rest_assert_problem (const TwinTestReply *reply,
                               guint                status,
                               const char          *detail_part)
{
  cJSON *root;
  const char *type = soup_message_headers_get_content_type (reply->headers, NULL);

  g_assert_cmpuint (reply->status, ==, status);
  g_assert_cmpstr (type, ==, "application/problem+json");
  root = cJSON_Parse (reply->body);
  g_assert_nonnull (root);
  g_assert_cmpfloat (twin_test_json_number (root, "status"), ==, status);
  g_assert_cmpstr (cJSON_GetObjectItem (root, "title")->valuestring, ==, soup_status_get_phrase (status));
  g_assert_cmpstr (cJSON_GetObjectItem (root, "type")->valuestring, ==, "about:blank");
  g_assert_true (cJSON_IsString (cJSON_GetObjectItem (root, "detail")));
  if (detail_part != NULL && strstr (cJSON_GetObjectItem (root, "detail")->valuestring, detail_part) == NULL)
    g_error ("detail \"%s\" does not name \"%s\"", cJSON_GetObjectItem (root, "detail")->valuestring, detail_part);
  cJSON_Delete (root);
}

guint
twin_test_rest_get_port (TwinTestRest *f)
{
  return (guint)atoi (strrchr (twin_rest_server_get_url (f->rest), ':') + 1);
}

GSocket *
twin_test_rest_raw_connect (TwinTestRest *f)
{
  return twin_test_raw_connect (twin_test_rest_get_port (f));
}

/**
 * twin_test_rest_ws_handshake:
 * @headers: more header lines, each ending in CRLF
 *
 * Asks for a WebSocket on @socket, which the test keeps, so that the
 * connection counts until the test closes it.
 *
 * Returns: the status of the reply
 */
guint
twin_test_rest_ws_handshake (TwinTestRest *f,
                             GSocket      *socket,
                             const char   *headers)
{
  g_autofree char *text = g_strdup_printf ("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n%s" TWIN_TEST_WS_HANDSHAKE "\r\n",
                                           twin_test_rest_get_port (f), headers);
  g_autofree char *in = twin_test_raw_send (socket, text);

  return twin_test_raw_status (in);
}

typedef struct
{
  TwinTestRest *f;
  guint         n;
} WebSocketWait;

static gboolean
has_websockets (gpointer data)
{
  WebSocketWait *w = data;

  return twin_rest_server_get_n_websockets (w->f->rest) == w->n;
}

/* Runs the main context until the server has @n WebSocket clients. */
void
twin_test_rest_wait_websockets (TwinTestRest *f,
                                guint         n)
{
  WebSocketWait w = { f, n };

  twin_test_wait_until (has_websockets, &w, TWIN_TEST_RAW_TIMEOUT_S, "the server to have %u WebSocket clients", n);
}
