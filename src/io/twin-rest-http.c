/* twin-rest-http.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * HTTP plumbing of the REST server: responses, RFC 9457 problems, the
 * bearer token, and checks of bodies and query parameters.
 */

#define G_LOG_DOMAIN "twin-rest"

#include "config.h"

#include <math.h>
#include <string.h>

#include "twin-json.h"
#include "twin-rest-private.h"

#define SHOWN_MAX 128

/* Responses */

/* libsoup 3.2 has the code but no phrase for 421, and neither for 429. */
static const char *
status_phrase (guint status)
{
  if (status == TWIN_REST_STATUS_TOO_MANY_REQUESTS)
    return "Too Many Requests";
  return status == SOUP_STATUS_MISDIRECTED_REQUEST ? "Misdirected Request" : soup_status_get_phrase (status);
}

void
twin_rest_set_json (SoupServerMessage *msg,
                    guint              status,
                    const char        *content_type,
                    char              *text)
{
  soup_server_message_set_status (msg, status, status_phrase (status));
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_TAKE, text, strlen (text));
}

void
twin_rest_set_cjson (SoupServerMessage *msg,
                     cJSON             *root)
{
  char *text = cJSON_PrintUnformatted (root);

  twin_rest_set_json (msg, SOUP_STATUS_OK, "application/json", g_strdup (text));
  cJSON_free (text);
  cJSON_Delete (root);
}

/* RFC 9457 problem details */
void
twin_rest_set_problem (SoupServerMessage *msg,
                       guint              status,
                       const char        *detail)
{
  /* A request's bytes quoted in an answer may not be UTF-8: every
   * document sent stays valid JSON. */
  g_autofree char *valid_detail = g_utf8_make_valid (detail, -1);
  g_autofree char *instance = g_utf8_make_valid (g_uri_get_path (soup_server_message_get_uri (msg)), -1);
  cJSON *root = cJSON_CreateObject ();
  char *text;

  cJSON_AddStringToObject (root, "type", "about:blank");
  cJSON_AddStringToObject (root, "title", status_phrase (status));
  cJSON_AddNumberToObject (root, "status", status);
  cJSON_AddStringToObject (root, "detail", valid_detail);
  cJSON_AddStringToObject (root, "instance", instance);
  text = cJSON_PrintUnformatted (root);
  twin_rest_set_json (msg, status, "application/problem+json", g_strdup (text));
  cJSON_free (text);
  cJSON_Delete (root);
}

void
twin_rest_set_error_problem (SoupServerMessage *msg,
                             guint              status,
                             const GError      *error)
{
  twin_rest_set_problem (msg, status, error->message);
}

void
twin_rest_set_route (SoupServerMessage *msg,
                     const char        *route)
{
  g_object_set_data (G_OBJECT (msg), "twin-route", (gpointer)route);
}

/* Authentication */

static gboolean
equal_constant_time (const char *a,
                               gsize       a_len,
                               const char *b,
                               gsize       b_len)
{
  guchar diff = a_len != b_len;

  /* Compare as many bytes as the secret has, whatever the guess. */
  for (gsize i = 0; i < b_len; i++)
    diff |= (guchar)(i < a_len ? a[i] : 0) ^ (guchar)b[i];

  return diff == 0;
}

gboolean
twin_rest_check_token (TwinRestServer    *self,
                       SoupServerMessage *msg)
{
  const char *auth;

  if (self->token == NULL)
    return TRUE;

  auth = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization");
  if (auth != NULL && g_ascii_strncasecmp (auth, "Bearer ", 7) == 0)
    {
      const char *given = auth + 7;

      if (equal_constant_time (given, strlen (given), self->token, strlen (self->token)))
        return TRUE;
    }

  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "WWW-Authenticate", "Bearer realm=\"twinscope\"");
  twin_rest_set_problem (msg, SOUP_STATUS_UNAUTHORIZED,
               auth == NULL ? "Authorization: missing; allowed: Bearer <token>"
                            : "Authorization: the token is wrong; allowed: Bearer <token>");
  return FALSE;
}

/* Request helpers */

gboolean
twin_rest_check_json_body (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  const char *type = soup_message_headers_get_content_type (headers, NULL);

  if (body->length > TWIN_REST_MAX_BODY || g_object_get_data (G_OBJECT (msg), "twin-too-large"))
    {
      g_autofree char *detail =
        g_strdup_printf ("body: more than %d bytes is too large; allowed: at most %d bytes",
                         TWIN_REST_MAX_BODY, TWIN_REST_MAX_BODY);

      twin_rest_set_problem (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, detail);
      return FALSE;
    }

  if (type == NULL || g_ascii_strcasecmp (type, "application/json") != 0)
    {
      g_autofree char *detail =
        g_strdup_printf ("Content-Type: %s%s%s is not supported; allowed: application/json",
                         type ? "\"" : "", type ? type : "missing", type ? "\"" : "");

      twin_rest_set_problem (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, detail);
      return FALSE;
    }

  return TRUE;
}

gboolean
twin_rest_check_no_body (SoupServerMessage *msg)
{
  if (soup_server_message_get_request_body (msg)->length > 0)
    {
      twin_rest_set_problem (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE,
                   "body: not expected; allowed: no body, parameters in the query string");
      return FALSE;
    }

  return TRUE;
}

/* Refuses any query parameter not in @allowed (NULL-terminated). */
gboolean
twin_rest_check_query (SoupServerMessage  *msg,
                       GHashTable         *query,
                       const char * const *allowed)
{
  GHashTableIter iter;
  const char *key;

  if (query == NULL)
    return TRUE;

  g_hash_table_iter_init (&iter, query);
  while (g_hash_table_iter_next (&iter, (gpointer *)&key, NULL))
    if (!g_strv_contains (allowed, key))
      {
        g_autofree char *list = g_strjoinv (", ", (char **)allowed);
        g_autofree char *shown = twin_json_shorten (key, -1);
        g_autofree char *detail = NULL;

        detail = *allowed != NULL
               ? g_strdup_printf ("%s: unknown query parameter; allowed: %s", shown, list)
               : g_strdup_printf ("%s: unknown query parameter; allowed: none", shown);
        twin_rest_set_problem (msg, SOUP_STATUS_BAD_REQUEST, detail);
        return FALSE;
      }

  return TRUE;
}

gboolean
twin_rest_parse_query_number (SoupServerMessage *msg,
                              const char        *field,
                              const char        *text,
                              double             min,
                              double             max,
                              const char        *unit,
                              double            *out)
{
  g_autoptr(GError) error = NULL;

  if (!twin_parse_number (field, text, min, max, unit, out, &error))
    {
      twin_rest_set_error_problem (msg, SOUP_STATUS_BAD_REQUEST, error);
      return FALSE;
    }

  return TRUE;
}

/* Strict query strings */

/**
 * twin_rest_show:
 * @len: bytes of @text to show, or -1 for all
 *
 * Returns: (transfer full): bytes as received (a header, a raw query
 *   parameter), cut and kept printable so that a problem can quote them
 */
char *
twin_rest_show (const char *text,
                gssize      len)
{
  gsize n = len < 0 ? strlen (text) : (gsize)len;
  GString *shown = g_string_sized_new (MIN (n, SHOWN_MAX) + 4);

  for (gsize i = 0; i < n && i < SHOWN_MAX; i++)
    g_string_append_c (shown, g_ascii_isprint (text[i]) && text[i] != '"' ? text[i] : '?');
  if (n > SHOWN_MAX)
    g_string_append (shown, "…");

  return g_string_free (shown, FALSE);
}

/* application/x-www-form-urlencoded: '+' is a space, %XX a byte. Refuses
 * what libsoup's decoder would drop or cut silently: a bad escape, %00,
 * or bytes that are not UTF-8. */
static char *
decode_component (const char  *text,
                  gsize        len,
                  const char **problem)
{
  g_autoptr(GString) out = g_string_sized_new (len);

  for (gsize i = 0; i < len; i++)
    {
      if (text[i] == '+')
        g_string_append_c (out, ' ');
      else if (text[i] != '%')
        g_string_append_c (out, text[i]);
      else if (i + 2 < len && g_ascii_isxdigit (text[i + 1]) && g_ascii_isxdigit (text[i + 2]))
        {
          char byte = (char)(g_ascii_xdigit_value (text[i + 1]) * 16 + g_ascii_xdigit_value (text[i + 2]));

          if (byte == '\0')
            {
              *problem = "has an encoded NUL (%00)";
              return NULL;
            }
          g_string_append_c (out, byte);
          i += 2;
        }
      else
        {
          *problem = "has a '%' that is not followed by two hex digits";
          return NULL;
        }
    }

  if (!g_utf8_validate_len (out->str, out->len, NULL))
    {
      *problem = "is not UTF-8 once decoded";
      return NULL;
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * twin_rest_parse_query:
 * @query: (out) (transfer full) (nullable): parameter name → value, %NULL
 *   when the request has no query string
 *
 * Reads the raw query string of @msg strictly: every parameter is
 * name=value, each name once, no %00 and no bad escape. On a bad one it
 * answers 400 naming it and returns %FALSE.
 */
gboolean
twin_rest_parse_query (SoupServerMessage  *msg,
                       GHashTable        **query)
{
  const char *raw = g_uri_get_query (soup_server_message_get_uri (msg));
  g_autoptr(GHashTable) table = NULL;
  const char *p;

  *query = NULL;
  if (raw == NULL || *raw == '\0')
    return TRUE;

  table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (p = raw; ; p++)
    {
      const char *end = strchr (p, '&');
      gsize len = end != NULL ? (gsize)(end - p) : strlen (p);
      const char *eq = memchr (p, '=', len);
      g_autofree char *shown = twin_rest_show (p, eq != NULL ? (gsize)(eq - p) : len);
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;
      g_autofree char *detail = NULL;
      const char *problem = NULL;

      if (len == 0)
        detail = g_strdup ("query: an empty parameter (\"&&\" or a '&' at either end); "
                           "allowed: name=value pairs joined by '&'");
      else if (eq == NULL)
        detail = g_strdup_printf ("%s: no value; allowed: %s=value", shown, shown);
      else if ((name = decode_component (p, (gsize)(eq - p), &problem)) == NULL)
        detail = g_strdup_printf ("query: the parameter name \"%s\" %s; allowed: UTF-8 text, '%%' only "
                                  "in %%XX escapes, no %%00",
                                  shown, problem);
      else if (g_hash_table_contains (table, name))
        detail = g_strdup_printf ("%s: given more than once; allowed: once", shown);
      else if ((value = decode_component (eq + 1, len - (gsize)(eq + 1 - p), &problem)) == NULL)
        {
          g_autofree char *shown_value = twin_rest_show (eq + 1, len - (gsize)(eq + 1 - p));

          detail = g_strdup_printf ("%s: \"%s\" %s; allowed: UTF-8 text, '%%' only in %%XX "
                                    "escapes, no %%00", shown, shown_value, problem);
        }

      if (detail != NULL)
        {
          twin_rest_set_problem (msg, SOUP_STATUS_BAD_REQUEST, detail);
          return FALSE;
        }

      g_hash_table_insert (table, g_steal_pointer (&name), g_steal_pointer (&value));
      if (end == NULL)
        break;
      p = end;
    }

  *query = g_steal_pointer (&table);
  return TRUE;
}
