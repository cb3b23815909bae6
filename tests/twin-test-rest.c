/* twin-test-rest.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdlib.h>
#include <string.h>

#include "twin-test-rest.h"

G_DEFINE_FINAL_TYPE (TestMqtt, test_mqtt, G_TYPE_OBJECT)

static void
test_mqtt_class_init (TestMqttClass *klass)
{
}

static void
test_mqtt_init (TestMqtt *self)
{
}

/* A TwinMqttStatsFunc of the stand-in. */
void
test_mqtt_get_stats (gpointer       source,
                     TwinMqttStats *stats)
{
  TestMqtt *self = TEST_MQTT (source);

  stats->published = self->published;
  stats->dropped = self->dropped;
  stats->reconnects = self->reconnects;
}

/* Fixture */

void
reply_clear (Reply *reply)
{
  g_clear_pointer (&reply->body, g_free);
  g_clear_pointer (&reply->headers, soup_message_headers_unref);
}

void
fixture_start (Fixture    *f,
               const char *token)
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
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  fixture_start (f, NULL);
}

void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->session);
  twin_rest_server_stop (f->rest);
  g_assert_finalize_object (f->rest);
  g_assert_finalize_object (f->engine);
  g_clear_pointer (&f->token, g_free);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

void
wait_for (gboolean *flag)
{
  while (!*flag)
    g_main_context_iteration (NULL, TRUE);
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

/* Sends one request and runs the main loop (and so the server) until
 * the reply is in. @headers: NULL-terminated name, value pairs. */
void
request (Fixture            *f,
         const char         *method,
         const char         *path,
         const char         *content_type,
         const char         *body,
         gssize              body_length,
         const char * const *headers,
         Reply              *reply)
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
  while (bytes == NULL)
    g_main_context_iteration (NULL, TRUE);

  reply->status = soup_message_get_status (msg);
  reply->body = g_bytes_unref_to_data (bytes, &length);
  reply->body = g_realloc (reply->body, length + 1);
  reply->body[length] = '\0';
  reply->length = length;
  reply->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
}

char *
get_ok (Fixture    *f,
        const char *path)
{
  g_auto(Reply) reply = { 0 };

  request (f, "GET", path, NULL, NULL, 0, NULL, &reply);
  g_assert_cmpuint (reply.status, ==, 200);
  return g_steal_pointer (&reply.body);
}

cJSON *
get_json (Fixture    *f,
          const char *path)
{
  g_autofree char *body = get_ok (f, path);
  cJSON *root = cJSON_Parse (body);

  g_assert_nonnull (root);
  return root;
}

double
number (const cJSON *root,
        const char  *key)
{
  const cJSON *item = cJSON_GetObjectItemCaseSensitive (root, key);

  g_assert_true (cJSON_IsNumber (item));
  return item->valuedouble;
}

void
assert_problem (const Reply *reply,
                guint        status,
                const char  *detail_part)
{
  cJSON *root;
  const char *type = soup_message_headers_get_content_type (reply->headers, NULL);

  g_assert_cmpuint (reply->status, ==, status);
  g_assert_cmpstr (type, ==, "application/problem+json");
  root = cJSON_Parse (reply->body);
  g_assert_nonnull (root);
  g_assert_cmpfloat (number (root, "status"), ==, status);
  g_assert_cmpstr (cJSON_GetObjectItem (root, "title")->valuestring, ==, soup_status_get_phrase (status));
  g_assert_cmpstr (cJSON_GetObjectItem (root, "type")->valuestring, ==, "about:blank");
  g_assert_true (cJSON_IsString (cJSON_GetObjectItem (root, "detail")));
  if (detail_part != NULL && strstr (cJSON_GetObjectItem (root, "detail")->valuestring, detail_part) == NULL)
    g_error ("detail \"%s\" does not name \"%s\"", cJSON_GetObjectItem (root, "detail")->valuestring, detail_part);
  cJSON_Delete (root);
}

guint
fixture_port (Fixture *f)
{
  return (guint)atoi (strrchr (twin_rest_server_get_url (f->rest), ':') + 1);
}

GSocket *
raw_connect_port (guint port)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) addr = g_inet_socket_address_new (lo, (guint16)port);
  GSocket *socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);

  g_assert_no_error (error);
  /* The kernel completes the handshake from the listen backlog, before
   * the server accepts; the server runs on this thread, so never block. */
  g_socket_set_blocking (socket, FALSE);
  if (!g_socket_connect (socket, addr, NULL, &error))
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PENDING);
  return socket;
}

GSocket *
raw_connect (Fixture *f)
{
  return raw_connect_port (fixture_port (f));
}

static gboolean
would_block (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PENDING) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED);
}

static void
wait_a_little (gint64 deadline)
{
  if (g_get_monotonic_time () > deadline)
    g_error ("no reply from the server within %d s", (int)(RAW_TIMEOUT_US / G_USEC_PER_SEC));
  if (!g_main_context_iteration (NULL, FALSE))
    g_usleep (500);
}

/* The reply is whole at end of stream, after Content-Length bytes of
 * body, or with the head of a 101 or 204. */
static gboolean
reply_complete (GString *in)
{
  const char *end = strstr (in->str, "\r\n\r\n");
  const char *length;

  if (end == NULL)
    return FALSE;
  if (g_str_has_prefix (in->str, "HTTP/1.1 101") || g_str_has_prefix (in->str, "HTTP/1.1 204"))
    return TRUE;
  length = g_strstr_len (in->str, end - in->str, "\r\nContent-Length: ");
  return length != NULL &&
         in->len - (gsize)(end + 4 - in->str) >= g_ascii_strtoull (length + 18, NULL, 10);
}

/**
 * raw_send:
 *
 * Sends @text exactly as it is and runs the main context (and so a server
 * on this thread) until the reply is in.
 *
 * Returns: (transfer full): the reply, head and body
 */
char *
raw_send (GSocket    *socket,
          const char *text)
{
  GString *in = g_string_new (NULL);
  gint64 deadline = g_get_monotonic_time () + RAW_TIMEOUT_US;
  gsize sent = 0, len = strlen (text);

  while (sent < len)
    {
      g_autoptr(GError) error = NULL;
      gssize n = g_socket_send (socket, text + sent, len - sent, NULL, &error);

      if (n > 0)
        sent += (gsize)n;
      else if (would_block (error))
        wait_a_little (deadline);
      else
        g_assert_no_error (error);
    }

  while (!reply_complete (in))
    {
      g_autoptr(GError) error = NULL;
      char buf[4096];
      gssize n = g_socket_receive (socket, buf, sizeof buf, NULL, &error);

      if (n > 0)
        g_string_append_len (in, buf, n);
      else if (n == 0)
        break;
      else if (would_block (error))
        wait_a_little (deadline);
      else
        g_assert_no_error (error);
    }

  g_assert_true (g_str_has_prefix (in->str, "HTTP/1."));
  return g_string_free (in, FALSE);
}

guint
raw_status (const char *reply)
{
  return (guint)atoi (reply + strlen ("HTTP/1.1 "));
}

/* TRUE once the server closed the connection. */
gboolean
raw_closed (GSocket *socket)
{
  g_autoptr(GError) error = NULL;
  char buf[4096];
  gssize n;

  n = g_socket_receive (socket, buf, sizeof buf, NULL, &error);
  if (n == 0)
    return TRUE;
  if (n < 0)
    return !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK);
  return FALSE;
}

void
iterate_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}
