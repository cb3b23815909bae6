/* twin-rest-origin.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Who may drive the REST port from a browser. A web page can make the
 * browser send requests to 127.0.0.1 ("simple" cross-site requests need
 * no preflight) or rebind its own host name to it; so, as local servers
 * such as Jupyter do, a request must name this server in Host (and in an
 * absolute request target), and a request carrying an Origin must come
 * from an origin the user listed, which then gets CORS headers.
 */

#define G_LOG_DOMAIN "twin-rest"

#include "config.h"

#include <string.h>

#include "twin-rest-origin.h"
#include "twin-rest-private.h"

#define DNS_NAME_MAX     253
#define DNS_LABEL_MAX    63
#define PREFLIGHT_MAX_AGE "600"
#define ALLOWED_HEADERS  "Authorization, Content-Type"

/* Lists given by the user */

static gboolean
is_dns_name (const char *name)
{
  gsize label = 0;
  gsize len = strlen (name);

  if (len == 0 || len > DNS_NAME_MAX)
    return FALSE;

  for (gsize i = 0; i <= len; i++)
    {
      char c = name[i];

      if (c == '.' || c == '\0')
        {
          if (label == 0 || name[i - 1] == '-')
            return FALSE;
          label = 0;
        }
      else if (g_ascii_isalnum (c) || (c == '-' && label > 0))
        {
          if (++label > DNS_LABEL_MAX)
            return FALSE;
        }
      else
        return FALSE;
    }

  return TRUE;
}

/* A host name or IP address as the user writes it; IPv6 with or without
 * brackets. Kept lower case, IPv6 without brackets, as GUri gives hosts. */
static char *
normalize_host (const char *item)
{
  g_autofree char *inner = NULL;
  gsize len = strlen (item);

  if (len > 2 && item[0] == '[' && item[len - 1] == ']')
    {
      inner = g_strndup (item + 1, len - 2);
      return strchr (inner, ':') != NULL && g_hostname_is_ip_address (inner)
             ? g_ascii_strdown (inner, -1) : NULL;
    }

  if (g_hostname_is_ip_address (item) || is_dns_name (item))
    return g_ascii_strdown (item, -1);

  return NULL;
}

typedef char *(*NormalizeFunc) (const char *item);

/* Each item may itself be a comma-separated list, so that a flag can be
 * repeated or given once with several values. */
static GStrv
parse_list (const char          *field,
            const char * const  *items,
            NormalizeFunc        normalize,
            const char          *what,
            const char          *allowed,
            GError             **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; items != NULL && items[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (items[i], ",", -1);

      /* g_strsplit() gives no part at all for "", which is no name either. */
      if (parts[0] == NULL)
        {
          g_strfreev (parts);
          parts = g_strdupv ((char *[]) { "", NULL });
        }

      for (guint j = 0; parts[j] != NULL; j++)
        {
          g_autofree char *normal = normalize (parts[j]);

          if (normal == NULL)
            {
              g_autofree char *shown = twin_rest_show (parts[j], -1);

              g_set_error (error, TWIN_REST_ERROR, TWIN_REST_ERROR_BAD_VALUE,
                           "%s: \"%s\" is not %s; allowed: %s", field, shown, what, allowed);
              return NULL;
            }

          if (g_hash_table_add (seen, g_strdup (normal)))
            g_strv_builder_add (builder, normal);
        }
    }

  return g_strv_builder_end (builder);
}

/**
 * twin_rest_parse_allowed_hosts:
 * @field: how the user gave the list, named in the error
 * @items: (array zero-terminated=1) (nullable): host names or IP addresses,
 *   each possibly a comma-separated list
 *
 * Returns: (transfer full) (nullable): the names, normalized, or %NULL
 *   with @error set when one is not a host name or address
 */
GStrv
twin_rest_parse_allowed_hosts (const char          *field,
                               const char * const  *items,
                               GError             **error)
{
  g_return_val_if_fail (field != NULL, NULL);

  return parse_list (field, items, normalize_host, "a host name or IP address",
                     "host names such as twin.example.org or IP addresses, without a port, "
                     "separated by commas", error);
}

/* An origin as a browser serializes it: scheme://host[:port], the port
 * left out when it is the scheme's default. */
static char *
normalize_origin (const char *item)
{
  g_autoptr(GUri) uri = g_uri_parse (item, G_URI_FLAGS_NONE, NULL);
  g_autofree char *host = NULL;
  const char *scheme;
  int port;

  if (uri == NULL || g_uri_get_userinfo (uri) != NULL || *g_uri_get_path (uri) != '\0' ||
      g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL ||
      g_uri_get_host (uri) == NULL)
    return NULL;

  if (g_ascii_strcasecmp (g_uri_get_scheme (uri), "http") == 0)
    scheme = "http";
  else if (g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") == 0)
    scheme = "https";
  else
    return NULL;

  if ((host = normalize_host (g_uri_get_host (uri))) == NULL)
    return NULL;

  port = g_uri_get_port (uri);
  if (port == 0)
    return NULL;
  if (port == (g_str_equal (scheme, "http") ? 80 : 443))
    port = -1;

  if (strchr (host, ':') != NULL)
    return port > 0 ? g_strdup_printf ("%s://[%s]:%d", scheme, host, port)
                    : g_strdup_printf ("%s://[%s]", scheme, host);

  return port > 0 ? g_strdup_printf ("%s://%s:%d", scheme, host, port)
                  : g_strdup_printf ("%s://%s", scheme, host);
}

/**
 * twin_rest_parse_allowed_origins:
 * @field: how the user gave the list, named in the error
 * @items: (array zero-terminated=1) (nullable): origins such as
 *   http://localhost:3000, each possibly a comma-separated list
 *
 * Returns: (transfer full) (nullable): the origins, serialized as browsers
 *   send them, or %NULL with @error set when one is not an origin
 */
GStrv
twin_rest_parse_allowed_origins (const char          *field,
                                 const char * const  *items,
                                 GError             **error)
{
  g_return_val_if_fail (field != NULL, NULL);

  return parse_list (field, items, normalize_origin, "an origin",
                     "origins such as http://localhost:3000 (http or https, a host, an optional port, "
                     "no path), separated by commas", error);
}

/* Checks of each request */

static char *
allowed_hosts_text (TwinRestServer    *self,
                    SoupServerMessage *msg)
{
  GSocketAddress *local = soup_server_message_get_local_address (msg);
  GString *text = g_string_new (NULL);
  guint port = 0;

  if (G_IS_INET_SOCKET_ADDRESS (local))
    {
      GInetSocketAddress *inet = G_INET_SOCKET_ADDRESS (local);
      g_autofree char *address = g_inet_address_to_string (g_inet_socket_address_get_address (inet));

      port = g_inet_socket_address_get_port (inet);
      g_string_append_printf (text, "127.0.0.1:%u, localhost:%u, [::1]:%u", port, port, port);
      if (!g_str_equal (address, "127.0.0.1") && !g_str_equal (address, "::1"))
        g_string_append_printf (text, strchr (address, ':') ? ", [%s]:%u" : ", %s:%u", address, port);
    }

  for (guint i = 0; self->allowed_hosts != NULL && self->allowed_hosts[i] != NULL; i++)
    g_string_append_printf (text, strchr (self->allowed_hosts[i], ':') ? ", [%s]" : ", %s",
                            self->allowed_hosts[i]);
  g_string_append (text, " (more with --rest-allow-host or the rest-allow-hosts preference)");

  return g_string_free (text, FALSE);
}

/* @host lower case, IPv6 without brackets; @port -1 when not given. */
static gboolean
host_allowed (TwinRestServer    *self,
              SoupServerMessage *msg,
              const char        *host,
              int                port)
{
  GSocketAddress *local = soup_server_message_get_local_address (msg);
  g_autoptr(GInetAddress) given = NULL;
  GInetSocketAddress *inet;

  /* A name the user listed may sit behind a reverse proxy on any port. */
  if (self->allowed_hosts != NULL && g_strv_contains ((const char * const *)self->allowed_hosts, host))
    return TRUE;

  if (!G_IS_INET_SOCKET_ADDRESS (local))
    return FALSE;
  inet = G_INET_SOCKET_ADDRESS (local);

  if ((port == -1 ? 80 : port) != g_inet_socket_address_get_port (inet))
    return FALSE;

  if (g_str_equal (host, "localhost"))
    return TRUE;

  given = g_inet_address_new_from_string (host);
  if (given == NULL)
    return FALSE;

  if (g_inet_address_equal (given, g_inet_socket_address_get_address (inet)))
    return TRUE;

  {
    g_autoptr(GInetAddress) v4 = g_inet_address_new_from_string ("127.0.0.1");
    g_autoptr(GInetAddress) v6 = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV6);

    return g_inet_address_equal (given, v4) || g_inet_address_equal (given, v6);
  }
}

/* Host = host [ ":" port ], the host an IPv6 address in brackets or a
 * name or IPv4 address. */
static gboolean
split_host_header (const char  *text,
                   char       **host,
                   int         *port)
{
  const char *colon;
  g_autofree char *name = NULL;

  if (text[0] == '[')
    {
      const char *close = strchr (text, ']');

      if (close == NULL || close == text + 1)
        return FALSE;
      name = g_strndup (text + 1, close - text - 1);
      colon = close[1] == ':' ? close + 1 : NULL;
      if (colon == NULL && close[1] != '\0')
        return FALSE;
    }
  else
    {
      colon = strchr (text, ':');
      name = colon != NULL ? g_strndup (text, colon - text) : g_strdup (text);
      if (*name == '\0')
        return FALSE;
    }

  *port = -1;
  if (colon != NULL)
    {
      guint64 value;

      if (!g_ascii_string_to_unsigned (colon + 1, 10, 1, 65535, &value, NULL) || !g_ascii_isdigit (colon[1]))
        return FALSE;
      *port = (int)value;
    }

  *host = g_ascii_strdown (name, -1);
  return TRUE;
}

static gboolean
check_host (TwinRestServer    *self,
            SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  GUri *uri = soup_server_message_get_uri (msg);
  const char *header = soup_message_headers_get_list (headers, "Host");
  g_autofree char *target_host = g_ascii_strdown (g_uri_get_host (uri), -1);
  g_autofree char *given = NULL;
  g_autofree char *allowed = NULL;
  g_autofree char *detail = NULL;
  const char *from = NULL;

  if (header != NULL)
    {
      g_autofree char *host = NULL;
      int port;

      if (!split_host_header (header, &host, &port) || !host_allowed (self, msg, host, port))
        {
          given = twin_rest_show (header, -1);
          from = "";
        }
    }

  if (from == NULL && !host_allowed (self, msg, target_host, g_uri_get_port (uri)))
    {
      g_autofree char *authority = g_uri_get_port (uri) != -1
                                 ? g_strdup_printf (strchr (target_host, ':') ? "[%s]:%d" : "%s:%d",
                                                    target_host, g_uri_get_port (uri))
                                 : g_strdup_printf (strchr (target_host, ':') ? "[%s]" : "%s", target_host);

      given = twin_rest_show (authority, -1);
      from = " (in the request target)";
    }

  if (from == NULL)
    return TRUE;

  /* 421: this server does not answer for that name, whoever asks. */
  allowed = allowed_hosts_text (self, msg);
  detail = g_strdup_printf ("host: \"%s\"%s is not this server; allowed: %s", given, from, allowed);
  twin_rest_set_problem (msg, SOUP_STATUS_MISDIRECTED_REQUEST, detail);
  return FALSE;
}

static const char *
allow_of (const char *path)
{
  const Route *route = twin_rest_find_route (path);

  return route != NULL ? route->allow : NULL;
}

/**
 * twin_rest_check_origin:
 * @path: the path of the request
 *
 * Refuses a request whose Host or absolute target does not name this
 * server (421) or that carries an Origin not listed (403); adds CORS
 * headers for a listed Origin and answers its preflight.
 *
 * Returns: %TRUE when the request goes on, %FALSE when it is answered
 */
gboolean
twin_rest_check_origin (TwinRestServer    *self,
                        SoupServerMessage *msg,
                        const char        *path)
{
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);
  const char *origin;
  const char *allow;

  if (!check_host (self, msg))
    return FALSE;

  if (self->allowed_origins != NULL)
    soup_message_headers_append (response, "Vary", "Origin");

  /* Several Origin headers come joined by commas, which no listed origin
   * has. */
  origin = soup_message_headers_get_list (request, "Origin");
  if (origin == NULL)
    return TRUE;

  if (self->allowed_origins == NULL ||
      !g_strv_contains ((const char * const *)self->allowed_origins, origin))
    {
      g_autofree char *shown = twin_rest_show (origin, -1);
      g_autofree char *list = self->allowed_origins != NULL ? g_strjoinv (", ", self->allowed_origins) : NULL;
      g_autofree char *detail =
        g_strdup_printf ("Origin: \"%s\" may not use this server; allowed: %s", shown,
                         list != NULL ? list : "none (list web origins with --rest-allow-origin or the rest-allow-origins preference)");

      twin_rest_set_problem (msg, SOUP_STATUS_FORBIDDEN, detail);
      return FALSE;
    }

  soup_message_headers_replace (response, "Access-Control-Allow-Origin", origin);

  allow = allow_of (path);
  if (allow != NULL && g_str_equal (soup_server_message_get_method (msg), "OPTIONS") &&
      soup_message_headers_get_one (request, "Access-Control-Request-Method") != NULL)
    {
      soup_message_headers_replace (response, "Access-Control-Allow-Methods", allow);
      soup_message_headers_replace (response, "Access-Control-Allow-Headers", ALLOWED_HEADERS);
      soup_message_headers_replace (response, "Access-Control-Max-Age", PREFLIGHT_MAX_AGE);
      soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
      return FALSE;
    }

  return TRUE;
}

void
twin_rest_origin_clear (TwinRestServer *self)
{
  g_clear_pointer (&self->allowed_hosts, g_strfreev);
  g_clear_pointer (&self->allowed_origins, g_strfreev);
}

/* Public API */

/**
 * twin_rest_server_set_allowed_hosts:
 * @hosts: (array zero-terminated=1) (nullable): host names the server also
 *   answers for, on any port (a reverse proxy's public name, say), besides
 *   127.0.0.1, localhost, [::1] and its own address with its port
 */
gboolean
twin_rest_server_set_allowed_hosts (TwinRestServer      *self,
                                    const char * const  *hosts,
                                    GError             **error)
{
  g_auto(GStrv) parsed = NULL;

  g_return_val_if_fail (TWIN_IS_REST_SERVER (self), FALSE);

  if ((parsed = twin_rest_parse_allowed_hosts ("allowed-hosts", hosts, error)) == NULL)
    return FALSE;

  g_clear_pointer (&self->allowed_hosts, g_strfreev);
  if (parsed[0] != NULL)
    self->allowed_hosts = g_steal_pointer (&parsed);

  return TRUE;
}

/**
 * twin_rest_server_set_allowed_origins:
 * @origins: (array zero-terminated=1) (nullable): origins of web pages
 *   allowed to use the server, which then get CORS headers; none when
 *   %NULL or empty
 */
gboolean
twin_rest_server_set_allowed_origins (TwinRestServer      *self,
                                      const char * const  *origins,
                                      GError             **error)
{
  g_auto(GStrv) parsed = NULL;

  g_return_val_if_fail (TWIN_IS_REST_SERVER (self), FALSE);

  if ((parsed = twin_rest_parse_allowed_origins ("allowed-origins", origins, error)) == NULL)
    return FALSE;

  g_clear_pointer (&self->allowed_origins, g_strfreev);
  if (parsed[0] != NULL)
    self->allowed_origins = g_steal_pointer (&parsed);

  return TRUE;
}
