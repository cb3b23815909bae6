/* test-services.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window's services follow the preferences live: the REST port starts,
 * moves, stops and reports its errors, over real HTTP on loopback.
 */

#include "config.h"

#include <libsoup/soup.h>

#include "twin-services.h"
#include "twin-test-broker.h"
#include "twin-test-env.h"
#include "twin-test-mqtt-client.h"
#include "twin-test-wait.h"

static void
changed_cb (TwinServices *services,
            guint        *count)
{
  (*count)++;
}

typedef struct
{
  char    *url;
  char    *token;
  guint    status;
  char    *body;
  gboolean done;
  char    *origin;
} Request;

/* The server runs on this thread's main context, so the client runs on
 * another thread while this one iterates. */
static gpointer
request_thread (gpointer data)
{
  Request *r = data;
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 5, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", r->url);
  g_autoptr(GBytes) body = NULL;

  if (r->token != NULL)
    {
      g_autofree char *auth = g_strdup_printf ("Bearer %s", r->token);

      soup_message_headers_append (soup_message_get_request_headers (msg), "Authorization", auth);
    }
  if (r->origin != NULL)
    soup_message_headers_append (soup_message_get_request_headers (msg), "Origin", r->origin);

  body = soup_session_send_and_read (session, msg, NULL, NULL);
  r->status = soup_message_get_status (msg);
  if (body != NULL)
    r->body = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  g_atomic_int_set (&r->done, TRUE);
  g_main_context_wakeup (NULL);
  return NULL;
}

static gboolean
request_done (gpointer data)
{
  Request *r = data;

  return g_atomic_int_get (&r->done);
}

static guint
http_get_body (guint        port,
               const char  *path,
               const char  *token,
               char       **body)
{
  Request r = { g_strdup_printf ("http://127.0.0.1:%u%s", port, path), g_strdup (token), 0, NULL, FALSE };
  GThread *thread = g_thread_new ("client", request_thread, &r);

  twin_test_wait_until (request_done, &r, 10, "a reply to GET %s", path);
  g_thread_join (thread);
  g_free (r.url);
  g_free (r.token);
  if (body != NULL)
    *body = r.body;
  else
    g_free (r.body);

  return r.status;
}

static guint
http_get (guint       port,
          const char *path,
          const char *token)
{
  return http_get_body (port, path, token, NULL);
}

static void
test_rest_follows_settings (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(TwinEngine) engine = twin_engine_new_full (1000, 0.1);
  g_autoptr(TwinServices) services = NULL;
  g_autofree char *detail = NULL;
  guint port = twin_test_free_port ();
  guint port2;
  guint changed = 0;

  g_settings_set_boolean (settings, "rest-enabled", FALSE);
  services = twin_services_new (settings, engine);
  g_signal_connect (services, "changed", G_CALLBACK (changed_cb), &changed);
  g_assert_cmpint (twin_services_get_rest_state (services), ==, TWIN_SERVICE_OFF);
  g_assert_null (twin_services_get_rest (services));
  g_assert_null (twin_services_dup_rest_detail (services));

  /* On: it serves on 127.0.0.1 at the port the preferences name. */
  g_settings_set_int (settings, "rest-port", (int)port);
  g_settings_set_boolean (settings, "rest-enabled", TRUE);
  g_assert_cmpint (twin_services_get_rest_state (services), ==, TWIN_SERVICE_OK);
  g_assert_cmpuint (changed, >, 0);
  g_assert_cmpuint (http_get (port, "/state", NULL), ==, 200);
  detail = twin_services_dup_rest_detail (services);
  g_assert_nonnull (strstr (detail, "127.0.0.1"));
  g_assert_nonnull (strstr (detail, "1 request"));

  /* A token set in the preferences is required from then on. */
  g_settings_set_string (settings, "rest-token", "s3cret");
  g_assert_cmpuint (http_get (port, "/state", NULL), ==, 401);
  g_assert_cmpuint (http_get (port, "/state", "s3cret"), ==, 200);

  /* An invalid token is refused: no server, and the status says why. */
  g_test_expect_message ("twin-services", G_LOG_LEVEL_WARNING, "REST: rest-token*");
  g_settings_set_string (settings, "rest-token", "two words");
  g_test_assert_expected_messages ();
  g_assert_cmpint (twin_services_get_rest_state (services), ==, TWIN_SERVICE_ERROR);
  g_clear_pointer (&detail, g_free);
  detail = twin_services_dup_rest_detail (services);
  g_assert_nonnull (strstr (detail, "rest-token"));
  g_assert_cmpuint (http_get (port, "/healthz", NULL), ==, SOUP_STATUS_NONE);
  g_settings_reset (settings, "rest-token");

  /* Moving the port moves the server. */
  port2 = twin_test_free_port ();
  g_settings_set_int (settings, "rest-port", (int)port2);
  g_assert_cmpuint (http_get (port2, "/healthz", NULL), ==, 200);
  g_assert_cmpuint (http_get (port, "/healthz", NULL), ==, SOUP_STATUS_NONE);

  g_settings_set_boolean (settings, "rest-enabled", FALSE);
  g_assert_cmpint (twin_services_get_rest_state (services), ==, TWIN_SERVICE_OFF);
  g_assert_cmpuint (http_get (port2, "/healthz", NULL), ==, SOUP_STATUS_NONE);

  g_settings_reset (settings, "rest-port");
}

static guint
http_get_from (guint       port,
               const char *path,
               const char *origin)
{
  Request r = { g_strdup_printf ("http://127.0.0.1:%u%s", port, path), NULL, 0, NULL, FALSE, g_strdup (origin) };
  GThread *thread = g_thread_new ("client", request_thread, &r);

  twin_test_wait_until (request_done, &r, 10, "a reply to GET %s", path);
  g_thread_join (thread);
  g_free (r.url);
  g_free (r.origin);
  g_free (r.body);

  return r.status;
}

/* Web pages are refused unless the preferences list their origin; a bad
 * list is refused and named. */
static void
test_rest_allow_origins (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(TwinEngine) engine = twin_engine_new_full (1000, 0.1);
  g_autoptr(TwinServices) services = NULL;
  g_autofree char *detail = NULL;
  const char *origins[] = { "http://localhost:3000", NULL };
  const char *bad[] = { "*", NULL };
  const char *hosts[] = { "twin example", NULL };
  guint port = twin_test_free_port ();

  g_settings_set_int (settings, "rest-port", (int)port);
  g_settings_set_boolean (settings, "rest-enabled", TRUE);
  services = twin_services_new (settings, engine);
  g_assert_cmpuint (http_get_from (port, "/state", NULL), ==, 200);
  g_assert_cmpuint (http_get_from (port, "/state", "http://localhost:3000"), ==, 403);

  g_settings_set_strv (settings, "rest-allow-origins", origins);
  g_assert_cmpuint (http_get_from (port, "/state", "http://localhost:3000"), ==, 200);
  g_assert_cmpuint (http_get_from (port, "/state", "http://evil.example"), ==, 403);

  g_test_expect_message ("twin-services", G_LOG_LEVEL_WARNING, "REST: rest-allow-origins: \"*\" is not an origin*");
  g_settings_set_strv (settings, "rest-allow-origins", bad);
  g_test_assert_expected_messages ();
  g_assert_cmpint (twin_services_get_rest_state (services), ==, TWIN_SERVICE_ERROR);
  detail = twin_services_dup_rest_detail (services);
  g_assert_nonnull (strstr (detail, "rest-allow-origins"));
  g_settings_reset (settings, "rest-allow-origins");
  g_assert_cmpint (twin_services_get_rest_state (services), ==, TWIN_SERVICE_OK);

  g_test_expect_message ("twin-services", G_LOG_LEVEL_WARNING, "REST: rest-allow-hosts: \"twin example\"*");
  g_settings_set_strv (settings, "rest-allow-hosts", hosts);
  g_test_assert_expected_messages ();
  g_assert_cmpint (twin_services_get_rest_state (services), ==, TWIN_SERVICE_ERROR);

  g_settings_reset (settings, "rest-allow-hosts");
  g_settings_reset (settings, "rest-enabled");
  g_settings_reset (settings, "rest-port");
}

/* Any address but loopback needs a token: refused without, served with. */
static void
test_rest_bind (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(TwinEngine) engine = twin_engine_new_full (1000, 0.1);
  g_autoptr(TwinServices) services = NULL;
  g_autofree char *detail = NULL;
  guint port = twin_test_free_port ();

  g_settings_set_int (settings, "rest-port", (int)port);
  g_settings_set_string (settings, "rest-bind", "0.0.0.0");
  g_settings_set_boolean (settings, "rest-enabled", TRUE);
  g_test_expect_message ("twin-services", G_LOG_LEVEL_WARNING, "REST:*token*");
  services = twin_services_new (settings, engine);
  g_test_assert_expected_messages ();
  g_assert_cmpint (twin_services_get_rest_state (services), ==, TWIN_SERVICE_ERROR);
  detail = twin_services_dup_rest_detail (services);
  g_assert_nonnull (strstr (detail, "token"));
  g_assert_cmpuint (http_get (port, "/healthz", NULL), ==, SOUP_STATUS_NONE);

  /* It warns, in the log, that a reverse proxy belongs in front. */
  g_test_expect_message ("twin-rest", G_LOG_LEVEL_WARNING, "*reverse proxy*");
  g_settings_set_string (settings, "rest-token", "s3cret");
  g_test_assert_expected_messages ();
  g_assert_cmpint (twin_services_get_rest_state (services), ==, TWIN_SERVICE_OK);
  g_assert_cmpuint (http_get (port, "/state", NULL), ==, 401);
  g_assert_cmpuint (http_get (port, "/state", "s3cret"), ==, 200);

  /* Not an address: refused, named. */
  g_test_expect_message ("twin-services", G_LOG_LEVEL_WARNING, "REST:*rest-bind*");
  g_settings_set_string (settings, "rest-bind", "localhost:80");
  g_test_assert_expected_messages ();
  g_assert_cmpint (twin_services_get_rest_state (services), ==, TWIN_SERVICE_ERROR);
  g_clear_pointer (&detail, g_free);
  detail = twin_services_dup_rest_detail (services);
  g_assert_nonnull (strstr (detail, "rest-bind"));

  g_settings_reset (settings, "rest-bind");
  g_settings_reset (settings, "rest-token");
  g_settings_reset (settings, "rest-enabled");
  g_settings_reset (settings, "rest-port");
}

static void
test_rest_port_taken (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(TwinEngine) engine = twin_engine_new_full (1000, 0.1);
  g_autoptr(GSocketListener) squatter = g_socket_listener_new ();
  g_autoptr(TwinServices) services = NULL;
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) addr = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autofree char *detail = NULL;
  guint port;

  addr = g_inet_socket_address_new (lo, 0);
  g_assert_true (g_socket_listener_add_address (squatter, addr, G_SOCKET_TYPE_STREAM,
                                                G_SOCKET_PROTOCOL_TCP, NULL, &bound, NULL));
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));

  g_settings_set_int (settings, "rest-port", (int)port);
  g_settings_set_boolean (settings, "rest-enabled", TRUE);
  g_test_expect_message ("twin-services", G_LOG_LEVEL_WARNING, "REST:*");
  services = twin_services_new (settings, engine);
  g_test_assert_expected_messages ();

  g_assert_cmpint (twin_services_get_rest_state (services), ==, TWIN_SERVICE_ERROR);
  detail = twin_services_dup_rest_detail (services);
  g_assert_nonnull (detail);
  g_assert_cmpstr (detail, !=, "");

  g_settings_reset (settings, "rest-enabled");
  g_settings_reset (settings, "rest-port");
  g_assert_cmpint (twin_services_get_rest_state (services), ==, TWIN_SERVICE_OFF);
}

static gboolean
mqtt_is_ok (gpointer data)
{
  return twin_services_get_mqtt_state (data) == TWIN_SERVICE_OK;
}

static gboolean
metrics_count_published (gpointer data)
{
  g_autofree char *metrics = NULL;

  return http_get_body (GPOINTER_TO_UINT (data), "/metrics", NULL, &metrics) == 200 &&
         strstr (metrics, "twinscope_mqtt_published_total ") != NULL &&
         strstr (metrics, "twinscope_mqtt_published_total 0\n") == NULL;
}

static void
test_mqtt_follows_settings (void)
{
  g_autoptr(TwinTestBroker) broker = twin_test_broker_new (NULL);
  g_autofree char *url = twin_test_broker_get_url (broker);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(TwinEngine) engine = twin_engine_new_full (1000, 0.1);
  g_autoptr(TwinTestClient) sub = twin_test_client_new (url, "gui-sub", FALSE, NULL);
  g_autoptr(TwinServices) services = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *metrics = NULL;
  guint port = twin_test_free_port ();

  twin_test_client_subscribe (sub, "gui/state", 1);
  twin_test_client_subscribe (sub, "other/state", 1);
  twin_test_client_subscribe (sub, "other/status", 1);
  g_settings_set_string (settings, "mqtt-broker", url);
  g_settings_set_string (settings, "mqtt-prefix", "gui");
  g_settings_set_double (settings, "mqtt-publish-rate", 20);
  g_settings_set_int (settings, "rest-port", (int)port);
  g_settings_set_boolean (settings, "rest-enabled", TRUE);
  g_settings_set_string (settings, "mqtt-mode", "external");

  services = twin_services_new (settings, engine);
  twin_engine_start (engine);

  /* The preferences' broker and prefix are used, and the status says so. */
  twin_test_wait_until (mqtt_is_ok, services, 10, "the mirror to connect");
  twin_test_client_wait_count (sub, "gui/state", 3);
  detail = twin_services_dup_mqtt_detail (services);
  g_assert_true (g_str_has_prefix (detail, "connected · "));
  g_assert_nonnull (strstr (detail, " sent · "));

  /* The REST port's metrics count the mirror's messages (once paho has
   * confirmed one, which may come after the subscriber has it). */
  twin_test_wait_until (metrics_count_published, GUINT_TO_POINTER (port), 10, "a published message in /metrics");
  g_assert_cmpuint (http_get_body (port, "/metrics", NULL, &metrics), ==, 200);
  g_assert_nonnull (strstr (metrics, "twinscope_mqtt_published_total "));

  /* A new prefix reconnects live: online comes on the new prefix. */
  g_settings_set_string (settings, "mqtt-prefix", "other");
  twin_test_client_wait_count (sub, "other/status", 1);
  twin_test_wait_until (mqtt_is_ok, services, 10, "the mirror to reconnect");
  twin_test_client_wait_count (sub, "other/state", 2);

  /* A bad value is refused, named, and changes nothing: the mirror goes on
   * with what it had. */
  g_test_expect_message ("twin-services", G_LOG_LEVEL_WARNING, "MQTT: mqtt-broker*");
  g_settings_set_string (settings, "mqtt-broker", "http://example.invalid");
  g_test_assert_expected_messages ();
  g_assert_cmpint (twin_services_get_mqtt_state (services), ==, TWIN_SERVICE_ERROR);
  g_clear_pointer (&detail, g_free);
  detail = twin_services_dup_mqtt_detail (services);
  g_assert_nonnull (strstr (detail, "mqtt-broker"));
  g_assert_cmpint (twin_mqtt_get_state (twin_services_get_mqtt (services)), ==, TWIN_MQTT_STATE_CONNECTED);
  twin_test_client_wait_count (sub, "other/state", twin_test_client_count (sub, "other/state") + 2);

  /* The password comes from the environment variable the preferences
   * name; one that is not set is refused. */
  g_settings_set_string (settings, "mqtt-broker", url);
  g_test_expect_message ("twin-services", G_LOG_LEVEL_WARNING, "MQTT: mqtt-password-env*");
  g_settings_set_string (settings, "mqtt-password-env", "TWINSCOPE_TEST_NO_SUCH_VARIABLE");
  g_test_assert_expected_messages ();
  g_assert_cmpint (twin_services_get_mqtt_state (services), ==, TWIN_SERVICE_ERROR);
  g_settings_reset (settings, "mqtt-password-env");
  twin_test_wait_until (mqtt_is_ok, services, 10, "the mirror to connect again");

  /* Off. */
  g_settings_set_string (settings, "mqtt-mode", "off");
  g_assert_cmpint (twin_services_get_mqtt_state (services), ==, TWIN_SERVICE_OFF);
  g_assert_null (twin_services_dup_mqtt_detail (services));

  twin_engine_stop (engine);
  g_clear_object (&services);
  g_settings_reset (settings, "mqtt-broker");
  g_settings_reset (settings, "mqtt-prefix");
  g_settings_reset (settings, "mqtt-publish-rate");
  g_settings_set_string (settings, "mqtt-mode", "off");
  g_settings_reset (settings, "rest-port");
  g_settings_reset (settings, "rest-enabled");
}

static void
test_finalize (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  TwinEngine *engine = twin_engine_new_full (1000, 0.1);
  TwinServices *services;

  g_settings_set_int (settings, "rest-port", (int)twin_test_free_port ());
  g_settings_set_boolean (settings, "rest-enabled", TRUE);
  services = twin_services_new (settings, engine);
  g_assert_finalize_object (services);
  g_assert_finalize_object (engine);
  g_settings_reset (settings, "rest-enabled");
  g_settings_reset (settings, "rest-port");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GSettings) settings = NULL;

  g_test_init (&argc, &argv, NULL);

  /* The REST tests run without a broker. */
  settings = g_settings_new (APP_ID);
  g_settings_set_string (settings, "mqtt-mode", "off");

  g_test_add_func ("/services/rest/starts-moves-and-stops-with-settings", test_rest_follows_settings);
  g_test_add_func ("/services/rest/port-taken-is-an-error", test_rest_port_taken);
  g_test_add_func ("/services/rest/public-bind-needs-token", test_rest_bind);
  g_test_add_func ("/services/rest/origins-from-settings", test_rest_allow_origins);
  g_test_add_func ("/services/mqtt/reconnects-with-settings-keeps-bad-out", test_mqtt_follows_settings);
  g_test_add_func ("/services/finalize/with-rest-on", test_finalize);

  return g_test_run ();
}
