/* twin-rest.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The optional local REST port: a libsoup-3 SoupServer on the main
 * context, in front of the engine (its endpoints are in
 * twin-rest-routes.c, its connections in twin-rest-connections.c).
 */

#define G_LOG_DOMAIN "twin-rest"

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "twin-rest-private.h"

#define REQUESTS_NOTIFY_MS 200
#define LISTEN_BACKLOG     512

G_DEFINE_FINAL_TYPE (TwinRestServer, twin_rest_server, G_TYPE_OBJECT)

G_DEFINE_QUARK (twin-rest-error-quark, twin_rest_error)

enum {
  PROP_0,
  PROP_ENGINE,
  PROP_URL,
  PROP_REQUESTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* A chunked body has no length up front: stop keeping it once it is too
 * large, and answer 413 when it is all in. */
static void
got_chunk_cb (SoupServerMessage *msg,
              GBytes            *chunk,
              gpointer           data)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);

  if (body->length > TWIN_REST_MAX_BODY && !g_object_get_data (G_OBJECT (msg), "twin-too-large"))
    {
      g_object_set_data (G_OBJECT (msg), "twin-too-large", GINT_TO_POINTER (TRUE));
      soup_message_body_truncate (body);
      soup_message_body_set_accumulate (body, FALSE);
    }
}


/* libsoup reads a whole body before it answers, even one it was told is
 * too large and that a client without "Expect: 100-continue" is still
 * sending: the answer set on @msg is written on the connection taken from
 * libsoup, which is then closed. */
static void
answer_now_and_close (TwinRestServer    *self,
                      SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_response_body (msg));
  guint status = soup_server_message_get_status (msg);
  const char *route = g_object_get_data (G_OBJECT (msg), "twin-route");
  g_autoptr(GString) text = g_string_new (NULL);
  SoupMessageHeadersIter iter;
  const char *name, *value;

  g_string_append_printf (text, "HTTP/1.1 %u %s\r\n", status, soup_status_get_phrase (status));
  soup_message_headers_set_content_length (headers, g_bytes_get_size (body));
  soup_message_headers_iter_init (&iter, headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    g_string_append_printf (text, "%s: %s\r\n", name, value);
  g_string_append (text, "\r\n");
  g_string_append_len (text, g_bytes_get_data (body, NULL), (gssize)g_bytes_get_size (body));

  twin_rest_count_request (self, route != NULL ? route : "other", status);
  twin_rest_connections_answer_and_close (msg, g_string_free_to_bytes (g_steal_pointer (&text)));
}

/* Runs as soon as the headers are in: a request refused here never has
 * its body read. */
static void
early_cb (SoupServer        *server,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           data)
{
  TwinRestServer *self = data;
  const Route *route = twin_rest_find_route (path);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  goffset length;

  twin_rest_set_route (msg, route != NULL ? route->path : "other");

  if (!twin_rest_check_origin (self, msg, path))
    return;

  if ((route == NULL || !route->is_public) && !twin_rest_check_token (self, msg))
    return;

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CHUNKED)
    g_signal_connect (msg, "got-chunk", G_CALLBACK (got_chunk_cb), NULL);

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      (length = soup_message_headers_get_content_length (headers)) > TWIN_REST_MAX_BODY)
    {
      g_autofree char *detail =
        g_strdup_printf ("body: %" G_GINT64_FORMAT " bytes is too large; allowed: at most %d bytes",
                         (gint64)length, TWIN_REST_MAX_BODY);

      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
      twin_rest_set_problem (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, detail);
      answer_now_and_close (self, msg);
    }
}

static void
handler_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           data)
{
  TwinRestServer *self = data;
  const char *method = soup_server_message_get_method (msg);
  const Route *route = twin_rest_find_route (path);
  g_autoptr(GHashTable) strict_query = NULL;

  /* libsoup's decoded table drops bad pairs and keeps the last of
   * repeated names: the routes get a strictly parsed one instead. */
  if (!twin_rest_parse_query (msg, &strict_query))
    return;
  query = strict_query;

  if (route == NULL)
    {
      g_autofree char *shown = twin_rest_show (path, -1);
      g_autofree char *allowed = twin_rest_routes_list ();
      g_autofree char *detail = g_strdup_printf ("%s: no such resource; allowed: %s", shown, allowed);

      twin_rest_set_problem (msg, SOUP_STATUS_NOT_FOUND, detail);
      return;
    }

  if (!twin_rest_method_allowed (route->allow, method))
    {
      g_autofree char *shown = g_strndup (method, 32);
      g_autofree char *detail = g_strdup_printf ("method: %s is not allowed on %s; allowed: %s",
                                                 shown, route->path, route->allow);

      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", route->allow);
      twin_rest_set_problem (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, detail);
      return;
    }

  route->func (self, msg, method, query);
}

/* Metrics of requests */

static gboolean
notify_requests_cb (gpointer data)
{
  TwinRestServer *self = data;

  self->notify_id = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REQUESTS]);
  return G_SOURCE_REMOVE;
}

void
twin_rest_count_request (TwinRestServer *self,
                         const char     *route,
                         guint           status)
{
  char key[64];
  guint64 *count;

  g_snprintf (key, sizeof key, "%s\n%u", route, status);
  count = g_hash_table_lookup (self->by_route, key);
  if (count == NULL)
    {
      count = g_new0 (guint64, 1);
      g_hash_table_insert (self->by_route, g_strdup (key), count);
    }
  (*count)++;
  self->requests++;

  /* A window showing the count redraws a few times a second, not once
   * per request under load. */
  if (self->notify_id == 0)
    self->notify_id = g_timeout_add (REQUESTS_NOTIFY_MS, notify_requests_cb, self);
}

static void
request_finished_cb (SoupServer        *server,
                     SoupServerMessage *msg,
                     TwinRestServer    *self)
{
  const char *route = g_object_get_data (G_OBJECT (msg), "twin-route");

  twin_rest_count_request (self, route != NULL ? route : "other", soup_server_message_get_status (msg));
}

/* GObject */

static void
twin_rest_server_dispose (GObject *object)
{
  TwinRestServer *self = (TwinRestServer *)object;

  twin_rest_server_stop (self);
  g_clear_handle_id (&self->notify_id, g_source_remove);
  twin_rest_server_set_outlook (self, NULL);
  g_clear_object (&self->engine);
  twin_rest_server_set_mqtt_stats (self, NULL, NULL, NULL);

  G_OBJECT_CLASS (twin_rest_server_parent_class)->dispose (object);
}

static void
twin_rest_server_finalize (GObject *object)
{
  TwinRestServer *self = (TwinRestServer *)object;

  if (self->token != NULL)
    memset (self->token, 0, strlen (self->token));
  g_clear_pointer (&self->token, g_free);
  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->cached_state, g_free);
  g_clear_pointer (&self->forecast, g_free);
  g_clear_pointer (&self->connections, g_hash_table_unref);
  twin_rest_ws_clear (self);
  g_clear_pointer (&self->by_route, g_hash_table_unref);
  twin_rest_origin_clear (self);

  G_OBJECT_CLASS (twin_rest_server_parent_class)->finalize (object);
}

static void
twin_rest_server_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  TwinRestServer *self = TWIN_REST_SERVER (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      g_value_set_object (value, self->engine);
      break;

    case PROP_URL:
      g_value_set_string (value, self->url);
      break;

    case PROP_REQUESTS:
      g_value_set_uint64 (value, self->requests);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
twin_rest_server_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  TwinRestServer *self = TWIN_REST_SERVER (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      self->engine = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
twin_rest_server_class_init (TwinRestServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = twin_rest_server_dispose;
  object_class->finalize = twin_rest_server_finalize;
  object_class->get_property = twin_rest_server_get_property;
  object_class->set_property = twin_rest_server_set_property;

  properties[PROP_ENGINE] =
    g_param_spec_object ("engine", NULL, NULL, TWIN_TYPE_ENGINE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * TwinRestServer:url:
   *
   * Where the server listens, such as "http://127.0.0.1:8000/"; %NULL
   * while stopped.
   */
  properties[PROP_URL] =
    g_param_spec_string ("url", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * TwinRestServer:requests:
   *
   * Requests answered since the start; notified at most five times a second.
   */
  properties[PROP_REQUESTS] =
    g_param_spec_uint64 ("requests", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
twin_rest_server_init (TwinRestServer *self)
{
  self->max_connections = TWIN_REST_DEFAULT_MAX_CONNECTIONS;
  self->idle_timeout_ms = TWIN_REST_DEFAULT_IDLE_TIMEOUT_MS;
  self->ws_rate = TWIN_REST_DEFAULT_WS_RATE;
  self->connections = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify)twin_rest_connection_free);
  twin_rest_ws_init (self);
  self->by_route = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/* Public API */

/**
 * twin_rest_address_is_loopback:
 *
 * Returns: %TRUE for "localhost" and addresses in 127.0.0.0/8 or ::1
 */
gboolean
twin_rest_address_is_loopback (const char *address)
{
  g_autoptr(GInetAddress) inet = NULL;

  g_return_val_if_fail (address != NULL, FALSE);

  if (g_ascii_strcasecmp (address, "localhost") == 0)
    return TRUE;

  inet = g_inet_address_new_from_string (address);
  return inet != NULL && g_inet_address_get_is_loopback (inet);
}

TwinRestServer *
twin_rest_server_new (TwinEngine *engine)
{
  g_return_val_if_fail (TWIN_IS_ENGINE (engine), NULL);

  return g_object_new (TWIN_TYPE_REST_SERVER, "engine", engine, NULL);
}

/**
 * twin_rest_server_set_token:
 * @token: (nullable): the bearer token every endpoint but /healthz
 *   requires, or %NULL for none
 */
void
twin_rest_server_set_token (TwinRestServer *self,
                            const char     *token)
{
  g_return_if_fail (TWIN_IS_REST_SERVER (self));

  if (self->token != NULL)
    memset (self->token, 0, strlen (self->token));
  g_clear_pointer (&self->token, g_free);
  if (token != NULL && *token != '\0')
    self->token = g_strdup (token);
}

static void
mqtt_stats_cb (gpointer       source,
               TwinMqttStats *stats)
{
  twin_mqtt_get_stats (source, stats);
}

/**
 * twin_rest_server_set_mqtt:
 * @mqtt: (nullable): the MQTT mirror, whose counters /metrics reports
 */
void
twin_rest_server_set_mqtt (TwinRestServer *self,
                           TwinMqtt       *mqtt)
{
  g_return_if_fail (TWIN_IS_REST_SERVER (self));
  g_return_if_fail (mqtt == NULL || TWIN_IS_MQTT (mqtt));

  if (mqtt != NULL)
    twin_rest_server_set_mqtt_stats (self, mqtt_stats_cb, g_object_ref (mqtt), g_object_unref);
  else
    twin_rest_server_set_mqtt_stats (self, NULL, NULL, NULL);
}

/**
 * twin_rest_server_set_mqtt_stats:
 * @func: (nullable): fills the MQTT counters /metrics reports, from @source
 * @destroy: (nullable): frees @source when it is replaced or the server goes
 *
 * What twin_rest_server_set_mqtt() does, for any source of the counters.
 */
void
twin_rest_server_set_mqtt_stats (TwinRestServer    *self,
                                 TwinMqttStatsFunc  func,
                                 gpointer           source,
                                 GDestroyNotify     destroy)
{
  g_return_if_fail (TWIN_IS_REST_SERVER (self));

  if (self->mqtt_source_destroy != NULL)
    self->mqtt_source_destroy (self->mqtt_source);
  self->mqtt_stats = func;
  self->mqtt_source = source;
  self->mqtt_source_destroy = destroy;
}

/**
 * twin_rest_server_set_ws_rate:
 * @hz: states per second sent to each /ws client
 */
gboolean
twin_rest_server_set_ws_rate (TwinRestServer  *self,
                              double           hz,
                              GError         **error)
{
  g_return_val_if_fail (TWIN_IS_REST_SERVER (self), FALSE);

  if (!twin_validate_number ("ws_rate", hz, TWIN_REST_WS_RATE_MIN, TWIN_REST_WS_RATE_MAX, "Hz", error))
    return FALSE;

  self->ws_rate = hz;
  if (self->ws_id != 0)
    twin_rest_ws_restart_timer (self);

  return TRUE;
}

/**
 * twin_rest_server_set_limits:
 * @max_connections: open connections at most; a new one beyond it evicts
 *   the oldest idle one
 * @idle_timeout_ms: how long a connection may take to send a whole
 *   request, from its opening or its previous response
 */
void
twin_rest_server_set_limits (TwinRestServer *self,
                             guint           max_connections,
                             guint           idle_timeout_ms)
{
  g_return_if_fail (TWIN_IS_REST_SERVER (self));
  g_return_if_fail (max_connections > 0);
  g_return_if_fail (idle_timeout_ms > 0);

  self->max_connections = max_connections;
  self->idle_timeout_ms = idle_timeout_ms;
  if (self->sweep_id != 0)
    twin_rest_connections_restart_sweep (self);
}

/**
 * twin_rest_server_start:
 * @address: (nullable): IP address to bind, 127.0.0.1 when %NULL
 * @port: TCP port, or 0 to pick a free one
 *
 * Starts serving on the thread-default main context. A non-loopback
 * address is refused unless a token is set.
 */
gboolean
twin_rest_server_start (TwinRestServer  *self,
                        const char      *address,
                        guint            port,
                        GError         **error)
{
  g_autoptr(GInetAddress) inet = NULL;
  g_autoptr(GSocketAddress) sockaddr = NULL;
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GSocket) listener = NULL;
  g_autofree char *host = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  guint bound_port;

  g_return_val_if_fail (TWIN_IS_REST_SERVER (self), FALSE);
  g_return_val_if_fail (self->server == NULL, FALSE);

  if (address == NULL || g_ascii_strcasecmp (address, "localhost") == 0)
    address = "127.0.0.1";

  if (port > 65535)
    {
      g_set_error (error, TWIN_REST_ERROR, TWIN_REST_ERROR_BAD_VALUE,
                   "port: %u is out of range; allowed: 0 (any free port) to 65535", port);
      return FALSE;
    }

  inet = g_inet_address_new_from_string (address);
  if (inet == NULL)
    {
      g_set_error (error, TWIN_REST_ERROR, TWIN_REST_ERROR_BAD_ADDRESS,
                   "bind: \"%s\" is not an IP address; allowed: an IPv4 or IPv6 address such as 127.0.0.1",
                   address);
      return FALSE;
    }

  if (!g_inet_address_get_is_loopback (inet))
    {
      if (self->token == NULL)
        {
          g_set_error (error, TWIN_REST_ERROR, TWIN_REST_ERROR_NEEDS_TOKEN,
                       "bind: %s is not a loopback address; refusing to serve it without a token "
                       "(allowed: a loopback address, or a token from --rest-token-env). "
                       "libsoup's documentation does not recommend exposing SoupServer to untrusted "
                       "networks: put a reverse proxy in front", address);
          return FALSE;
        }

      g_warning ("REST server bound to %s, not a loopback address: libsoup's documentation does not "
                 "recommend exposing SoupServer to untrusted networks; put a reverse proxy in front",
                 address);
    }

  server = soup_server_new ("server-header", "twinscope/" PACKAGE_VERSION " ", NULL);
  sockaddr = g_inet_socket_address_new (inet, port);
  listener = g_socket_new (g_inet_address_get_family (inet), G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, error);
  if (listener == NULL)
    return FALSE;
  /* A burst of clients waits in the kernel's queue rather than in SYN
   * retries: GLib's default backlog is 10. */
  g_socket_set_listen_backlog (listener, LISTEN_BACKLOG);
  if (!g_socket_bind (listener, sockaddr, TRUE, error) ||
      !g_socket_listen (listener, error) ||
      !soup_server_listen_socket (server, listener, 0, error))
    return FALSE;

  /* soup_server_get_uris() leaks an address in libsoup 3.2: ask the socket. */
  bound = g_socket_get_local_address (listener, error);
  if (bound == NULL)
    return FALSE;
  bound_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));

  soup_server_add_early_handler (server, NULL, early_cb, self, NULL);
  soup_server_add_handler (server, NULL, handler_cb, self, NULL);
  twin_rest_ws_restart_timer (self);
  g_signal_connect (server, "request-finished", G_CALLBACK (request_finished_cb), self);
  g_signal_connect (server, "request-aborted", G_CALLBACK (request_finished_cb), self);
  twin_rest_connections_start (self, server);

  self->server = g_steal_pointer (&server);

  host = g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV6
       ? g_strdup_printf ("[%s]", address) : g_strdup (address);
  g_free (self->url);
  self->url = g_strdup_printf ("http://%s:%u/", host, bound_port);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_URL]);

  g_debug ("Serving REST on %s", self->url);
  return TRUE;
}

void
twin_rest_server_stop (TwinRestServer *self)
{
  g_return_if_fail (TWIN_IS_REST_SERVER (self));

  /* Requests under way are answered to nobody. */
  if (self->whatif != NULL)
    twin_whatif_shutdown (self->whatif);
  g_clear_object (&self->whatif);
  g_clear_object (&self->training);
  g_clear_object (&self->recordings);

  if (self->server == NULL)
    return;

  twin_rest_ws_stop (self);

  g_signal_handlers_disconnect_by_data (self->server, self);
  soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  twin_rest_connections_stop (self);

  g_clear_pointer (&self->url, g_free);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_URL]);
}

const char *
twin_rest_server_get_url (TwinRestServer *self)
{
  g_return_val_if_fail (TWIN_IS_REST_SERVER (self), NULL);

  return self->url;
}

guint64
twin_rest_server_get_requests (TwinRestServer *self)
{
  g_return_val_if_fail (TWIN_IS_REST_SERVER (self), 0);

  return self->requests;
}

/**
 * twin_rest_server_get_n_connections:
 *
 * Returns: HTTP connections open now
 */
guint
twin_rest_server_get_n_connections (TwinRestServer *self)
{
  g_return_val_if_fail (TWIN_IS_REST_SERVER (self), 0);

  return g_hash_table_size (self->connections);
}

guint
twin_rest_server_get_n_websockets (TwinRestServer *self)
{
  g_return_val_if_fail (TWIN_IS_REST_SERVER (self), 0);

  return self->websockets->len;
}

/**
 * twin_rest_server_get_n_whatif:
 *
 * Returns: predict and advise requests started and not yet answered
 */
guint
twin_rest_server_get_n_whatif (TwinRestServer *self)
{
  g_return_val_if_fail (TWIN_IS_REST_SERVER (self), 0);

  return self->whatif != NULL ? twin_whatif_get_in_flight (self->whatif) : 0;
}
