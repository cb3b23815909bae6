/* twin-rest.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The optional local REST port: a libsoup-3 SoupServer on the main
 * context, in front of the engine. libsoup 3.2 has no connection cap and
 * no idle timeout of its own, so this file keeps a table of the
 * connections it sees (by socket, from "request-started"), closes those
 * that sit without a whole request for too long, and evicts the oldest
 * idle one when a new connection would exceed the cap.
 */

#define G_LOG_DOMAIN "twin-rest"

#include "config.h"

#include <libsoup/soup.h>
#include <math.h>
#include <string.h>

#include "twin-json.h"
#include "twin-rest.h"
#include "twin-schema.h"

#define REQUESTS_NOTIFY_MS 200
#define LISTEN_BACKLOG     512

typedef struct
{
  GSocket *socket;         /* weak */
  gint64   opened;         /* monotonic µs */
  gint64   deadline;       /* monotonic µs; 0 while a request is served */
  gboolean closing;
} Connection;

struct _TwinRestServer
{
  GObject      parent_instance;

  TwinEngine  *engine;
  GObject     *mqtt;
  char        *token;
  SoupServer  *server;
  char        *url;

  guint        max_connections;
  guint        idle_timeout_ms;
  GHashTable  *connections;   /* GSocket* → Connection* */
  guint        n_closing;
  guint        sweep_id;

  double       ws_rate;
  GPtrArray   *websockets;
  guint        ws_id;

  TwinSnapshot cached_snapshot;  /* wall_time in ms */
  char        *cached_state;

  guint64      requests;
  GHashTable  *by_route;      /* "route\ncode" → guint64* */
  guint        notify_id;
};

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

typedef void (*RouteFunc) (TwinRestServer    *self,
                           SoupServerMessage *msg,
                           const char        *method,
                           GHashTable        *query);

typedef struct
{
  const char *path;
  const char *allow;
  RouteFunc   func;
} Route;

static const char *history_fields[TWIN_N_CHANNELS] = {
  "temperature", "vibration", "rpm", "wear", "ambient", "rpm_setpoint",
};

static const char *history_units[TWIN_N_CHANNELS] = {
  "°C", "mm/s", "rpm", "fraction", "°C", "rpm",
};

/* Responses */

static void
set_json (SoupServerMessage *msg,
          guint              status,
          const char        *content_type,
          char              *text)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_TAKE, text, strlen (text));
}

static void
set_cjson (SoupServerMessage *msg,
           cJSON             *root)
{
  char *text = cJSON_PrintUnformatted (root);

  set_json (msg, SOUP_STATUS_OK, "application/json", g_strdup (text));
  cJSON_free (text);
  cJSON_Delete (root);
}

/* RFC 9457 problem details */
static void
set_problem (SoupServerMessage *msg,
             guint              status,
             const char        *detail)
{
  cJSON *root = cJSON_CreateObject ();
  char *text;

  cJSON_AddStringToObject (root, "type", "about:blank");
  cJSON_AddStringToObject (root, "title", soup_status_get_phrase (status));
  cJSON_AddNumberToObject (root, "status", status);
  cJSON_AddStringToObject (root, "detail", detail);
  cJSON_AddStringToObject (root, "instance", g_uri_get_path (soup_server_message_get_uri (msg)));
  text = cJSON_PrintUnformatted (root);
  set_json (msg, status, "application/problem+json", g_strdup (text));
  cJSON_free (text);
  cJSON_Delete (root);
}

static void
set_error_problem (SoupServerMessage *msg,
                   guint              status,
                   const GError      *error)
{
  set_problem (msg, status, error->message);
}

static void
set_route (SoupServerMessage *msg,
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

static gboolean
check_token (TwinRestServer    *self,
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
  set_problem (msg, SOUP_STATUS_UNAUTHORIZED,
               auth == NULL ? "Authorization: missing; allowed: Bearer <token>"
                            : "Authorization: the token is wrong; allowed: Bearer <token>");
  return FALSE;
}

/* Request helpers */

static gboolean
check_json_body (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  const char *type = soup_message_headers_get_content_type (headers, NULL);

  if (body->length > TWIN_REST_MAX_BODY || g_object_get_data (G_OBJECT (msg), "twin-too-large"))
    {
      g_autofree char *detail =
        g_strdup_printf ("body: more than %d bytes is too large; allowed: at most %d bytes",
                         TWIN_REST_MAX_BODY, TWIN_REST_MAX_BODY);

      set_problem (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, detail);
      return FALSE;
    }

  if (type == NULL || g_ascii_strcasecmp (type, "application/json") != 0)
    {
      g_autofree char *detail =
        g_strdup_printf ("Content-Type: %s%s%s is not supported; allowed: application/json",
                         type ? "\"" : "", type ? type : "missing", type ? "\"" : "");

      set_problem (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, detail);
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_no_body (SoupServerMessage *msg)
{
  if (soup_server_message_get_request_body (msg)->length > 0)
    {
      set_problem (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE,
                   "body: not expected; allowed: no body, parameters in the query string");
      return FALSE;
    }

  return TRUE;
}

/* Refuses any query parameter not in @allowed (NULL-terminated). */
static gboolean
check_query (SoupServerMessage  *msg,
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
        g_autofree char *shown = g_strndup (key, 64);
        g_autofree char *detail = NULL;

        detail = *allowed != NULL
               ? g_strdup_printf ("%s: unknown query parameter; allowed: %s", shown, list)
               : g_strdup_printf ("%s: unknown query parameter; allowed: none", shown);
        set_problem (msg, SOUP_STATUS_BAD_REQUEST, detail);
        return FALSE;
      }

  return TRUE;
}

static gboolean
parse_query_number (SoupServerMessage *msg,
                    const char        *field,
                    const char        *text,
                    double             min,
                    double             max,
                    const char        *unit,
                    double            *out)
{
  g_autoptr(GError) error = NULL;
  char *end = NULL;
  double value;

  value = g_ascii_strtod (text, &end);
  if (*text == '\0' || end == text || *end != '\0' || g_ascii_isspace (*text))
    {
      g_autofree char *shown = g_strndup (text, 64);
      g_autofree char *detail =
        g_strdup_printf ("%s: \"%s\" is not a number; allowed: %g to %g %s", field, shown, min, max, unit);

      set_problem (msg, SOUP_STATUS_BAD_REQUEST, detail);
      return FALSE;
    }

  if (!twin_validate_number (field, value, min, max, unit, &error))
    {
      set_error_problem (msg, SOUP_STATUS_BAD_REQUEST, error);
      return FALSE;
    }

  *out = value;
  return TRUE;
}

/* Documents */

static cJSON *
controls_object (TwinEngine *engine)
{
  cJSON *root = cJSON_CreateObject ();
  cJSON *faults = cJSON_CreateObject ();

  cJSON_AddItemToObject (root, "ambient", twin_json_number (twin_engine_get_ambient (engine)));
  cJSON_AddItemToObject (root, "rpm_setpoint", twin_json_number (twin_engine_get_rpm_setpoint (engine)));
  cJSON_AddBoolToObject (root, "paused", twin_engine_get_paused (engine));
  cJSON_AddItemToObject (root, "time_scale", twin_json_number (twin_engine_get_time_scale (engine)));
  cJSON_AddStringToObject (root, "model", twin_engine_get_model (engine)->id);
  cJSON_AddBoolToObject (faults, "cooling_degraded", twin_engine_get_cooling_degraded (engine));
  cJSON_AddBoolToObject (faults, "bearing_defect", twin_engine_get_bearing_defect (engine));
  cJSON_AddItemToObject (root, "faults", faults);

  return root;
}

static cJSON *
model_object (TwinEngine *engine)
{
  const TwinModel *model = twin_engine_get_model (engine);
  cJSON *root = cJSON_CreateObject ();
  cJSON *params = cJSON_CreateArray ();
  cJSON *available = cJSON_CreateArray ();

  cJSON_AddStringToObject (root, "model", model->id);
  cJSON_AddStringToObject (root, "name", model->name);
  cJSON_AddNumberToObject (root, "version", model->version);
  cJSON_AddStringToObject (root, "description", model->description ? model->description : "");
  cJSON_AddItemToObject (root, "dt", twin_json_number (model->dt));

  for (gsize i = 0; i < model->n_params; i++)
    {
      const TwinParamSpec *spec = &model->params[i];
      cJSON *p = cJSON_CreateObject ();

      cJSON_AddStringToObject (p, "name", spec->name);
      cJSON_AddStringToObject (p, "unit", spec->unit ? spec->unit : "");
      cJSON_AddStringToObject (p, "description", spec->description ? spec->description : "");
      cJSON_AddItemToObject (p, "default", twin_json_number (spec->default_value));
      cJSON_AddItemToObject (p, "min", twin_json_number (spec->min));
      cJSON_AddItemToObject (p, "max", twin_json_number (spec->max));
      cJSON_AddItemToObject (p, "value", twin_json_number (twin_engine_get_param (engine, spec->name)));
      cJSON_AddItemToArray (params, p);
    }
  cJSON_AddItemToObject (root, "parameters", params);

  for (gsize i = 0; i < twin_model_registry_count (); i++)
    cJSON_AddItemToArray (available, cJSON_CreateString (twin_model_registry_get (i)->id));
  cJSON_AddItemToObject (root, "available", available);

  return root;
}

/* Under load, many requests fall within one millisecond of an unchanged
 * state: they share one encoding, whose "time" has millisecond precision
 * anyway. */
static void
send_state (TwinRestServer    *self,
            SoupServerMessage *msg)
{
  TwinSnapshot snapshot;

  twin_engine_get_snapshot (self->engine, &snapshot);
  snapshot.wall_time -= snapshot.wall_time % 1000;
  if (self->cached_state == NULL || memcmp (&snapshot, &self->cached_snapshot, sizeof snapshot) != 0)
    {
      g_free (self->cached_state);
      self->cached_state = twin_json_encode_state (&snapshot);
      self->cached_snapshot = snapshot;
    }

  set_json (msg, SOUP_STATUS_OK, "application/json", g_strdup (self->cached_state));
}

/* Routes */

static void
route_state (TwinRestServer    *self,
             SoupServerMessage *msg,
             const char        *method,
             GHashTable        *query)
{
  static const char * const allowed[] = { NULL };

  if (check_query (msg, query, allowed))
    send_state (self, msg);
}

static void
route_update (TwinRestServer    *self,
              SoupServerMessage *msg,
              const char        *method,
              GHashTable        *query)
{
  static const char * const allowed[] = { "ambient", NULL };
  g_autoptr(GError) error = NULL;
  const char *text;

  if (!check_query (msg, query, allowed) || !check_no_body (msg))
    return;

  text = query != NULL ? g_hash_table_lookup (query, "ambient") : NULL;
  if (text != NULL)
    {
      double ambient;

      if (!parse_query_number (msg, "ambient", text, TWIN_AMBIENT_MIN, TWIN_AMBIENT_MAX, "°C", &ambient))
        return;
      twin_engine_set_ambient (self->engine, ambient, NULL);
    }

  twin_engine_advance (self->engine, 1.0);
  send_state (self, msg);
}

static void
route_controls (TwinRestServer    *self,
                SoupServerMessage *msg,
                const char        *method,
                GHashTable        *query)
{
  static const char * const allowed[] = { NULL };

  if (!check_query (msg, query, allowed))
    return;

  if (g_str_equal (method, "PATCH"))
    {
      SoupMessageBody *body = soup_server_message_get_request_body (msg);
      g_autoptr(GError) error = NULL;
      TwinCommand command;

      if (!check_json_body (msg))
        return;

      if (!twin_json_parse_command (body->data, body->length, &command, NULL, &error) ||
          !twin_engine_apply_command (self->engine, &command, &error))
        {
          set_error_problem (msg, SOUP_STATUS_BAD_REQUEST, error);
          return;
        }
    }

  set_cjson (msg, controls_object (self->engine));
}

static void
route_model (TwinRestServer    *self,
             SoupServerMessage *msg,
             const char        *method,
             GHashTable        *query)
{
  static const char * const allowed[] = { NULL };

  if (!check_query (msg, query, allowed))
    return;

  if (g_str_equal (method, SOUP_METHOD_PUT))
    {
      SoupMessageBody *body = soup_server_message_get_request_body (msg);
      g_autoptr(GError) error = NULL;
      cJSON *root;
      const char *id = NULL;

      if (!check_json_body (msg))
        return;

      if (!twin_json_check_payload (body->data, body->length, TWIN_REST_MAX_BODY, &error) ||
          (root = twin_json_parse_object (body->data, body->length, &error)) == NULL)
        {
          set_error_problem (msg, SOUP_STATUS_BAD_REQUEST, error);
          return;
        }

      for (const cJSON *item = root->child; item != NULL; item = item->next)
        {
          if (g_strcmp0 (item->string, "model") != 0)
            {
              g_autofree char *shown = g_strndup (item->string, 64);

              g_set_error (&error, TWIN_ENGINE_ERROR, TWIN_ENGINE_ERROR_UNKNOWN_FIELD,
                           "%s: unknown field; allowed: model", shown);
              break;
            }
          if (!cJSON_IsString (item))
            {
              g_set_error (&error, TWIN_ENGINE_ERROR, TWIN_ENGINE_ERROR_WRONG_TYPE,
                           "model: must be a model id string such as \"physical@2\"");
              break;
            }
          id = item->valuestring;
        }

      if (error == NULL && id == NULL)
        g_set_error (&error, TWIN_ENGINE_ERROR, TWIN_ENGINE_ERROR_MALFORMED,
                     "model: missing; allowed: a model id such as \"physical@2\"");

      if (error == NULL)
        twin_engine_set_model (self->engine, id, &error);
      cJSON_Delete (root);

      if (error != NULL)
        {
          set_error_problem (msg, SOUP_STATUS_BAD_REQUEST, error);
          return;
        }
    }

  set_cjson (msg, model_object (self->engine));
}

/* History samples are 32-bit floats: print the digits a float holds,
 * not the noise of its widening to double. */
static cJSON *
float_number (float value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (buf, sizeof buf, "%.7g", value);
  if ((float)g_ascii_strtod (buf, NULL) != value)
    g_ascii_formatd (buf, sizeof buf, "%.9g", value);
  return twin_json_number (g_ascii_strtod (buf, NULL));
}

static double
bucket_time (double t0,
             double t1,
             guint  j,
             guint  n)
{
  return round ((t0 + (t1 - t0) * j / n) * 1e6) / 1e6;
}

static gboolean
parse_fields (SoupServerMessage *msg,
              const char        *text,
              gboolean          *wanted)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);

  memset (wanted, 0, sizeof (gboolean) * TWIN_N_CHANNELS);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      guint c;

      for (c = 0; c < TWIN_N_CHANNELS; c++)
        if (g_str_equal (parts[i], history_fields[c]))
          break;

      if (c == TWIN_N_CHANNELS)
        {
          g_autofree char *shown = g_strndup (parts[i], 64);
          g_autofree char *detail =
            g_strdup_printf ("fields: \"%s\" is not a field; allowed: a comma-separated list of "
                             "temperature, vibration, rpm, wear, ambient, rpm_setpoint", shown);

          set_problem (msg, SOUP_STATUS_BAD_REQUEST, detail);
          return FALSE;
        }
      wanted[c] = TRUE;
    }

  return TRUE;
}

static gboolean
wants_csv (SoupServerMessage *msg)
{
  const char *accept = soup_message_headers_get_list (soup_server_message_get_request_headers (msg), "Accept");

  return accept != NULL && strstr (accept, "text/csv") != NULL && strstr (accept, "application/json") == NULL;
}

static void
route_history (TwinRestServer    *self,
               SoupServerMessage *msg,
               const char        *method,
               GHashTable        *query)
{
  static const char * const allowed[] = { "seconds", "fields", "max_points", NULL };
  const TwinHistory *history = twin_engine_get_history (self->engine);
  gboolean wanted[TWIN_N_CHANNELS];
  double seconds = 60, points = 500;
  const char *text;
  g_autofree TwinBucket *buckets = NULL;
  g_autofree TwinBucket *probe = NULL;
  double interval, t0 = 0, t1 = 0;
  guint n = 0;

  for (guint c = 0; c < TWIN_N_CHANNELS; c++)
    wanted[c] = TRUE;

  if (!check_query (msg, query, allowed))
    return;

  if (query != NULL)
    {
      if ((text = g_hash_table_lookup (query, "seconds")) != NULL &&
          !parse_query_number (msg, "seconds", text, 0, 1e9, "s", &seconds))
        return;
      if (seconds <= 0)
        {
          set_problem (msg, SOUP_STATUS_BAD_REQUEST,
                       "seconds: 0 is out of range; allowed: more than 0 to 1e+09 s");
          return;
        }
      if ((text = g_hash_table_lookup (query, "max_points")) != NULL)
        {
          if (!parse_query_number (msg, "max_points", text, 1, 10000, "points", &points))
            return;
          if (points != floor (points))
            {
              g_autofree char *detail =
                g_strdup_printf ("max_points: %s is not an integer; allowed: 1 to 10000 points", text);

              set_problem (msg, SOUP_STATUS_BAD_REQUEST, detail);
              return;
            }
        }
      if ((text = g_hash_table_lookup (query, "fields")) != NULL && !parse_fields (msg, text, wanted))
        return;
    }

  interval = twin_history_get_interval (history);
  if (twin_history_get_length (history) > 0)
    {
      gsize in_window;

      t1 = twin_history_get_last_time (history) + interval;
      t0 = MAX (twin_history_get_first_time (history), t1 - seconds);
      in_window = (gsize)MAX (1.0, floor ((t1 - t0) / interval + 0.5));
      n = (guint)MIN ((gsize)points, in_window);
    }

  buckets = g_new0 (TwinBucket, (gsize)n * TWIN_N_CHANNELS);
  for (guint c = 0; c < TWIN_N_CHANNELS; c++)
    if (wanted[c])
      twin_history_query (history, c, t0, t1, n, buckets + (gsize)c * n);
  /* Every channel is recorded with every sample, so any channel tells
   * which buckets are empty. */
  probe = g_new0 (TwinBucket, MAX (n, 1));
  twin_history_query (history, TWIN_CHANNEL_TEMPERATURE, t0, t1, n, probe);

  if (wants_csv (msg))
    {
      GString *csv = g_string_new ("time (s)");

      for (guint c = 0; c < TWIN_N_CHANNELS; c++)
        if (wanted[c])
          g_string_append_printf (csv, ",%s_min (%s),%s_max (%s)",
                                  history_fields[c], history_units[c], history_fields[c], history_units[c]);
      g_string_append_c (csv, '\n');

      for (guint j = 0; j < n; j++)
        {
          char buf[G_ASCII_DTOSTR_BUF_SIZE];

          if (probe[j].n_samples == 0)
            continue;
          g_string_append (csv, g_ascii_formatd (buf, sizeof buf, "%.10g", bucket_time (t0, t1, j, n)));
          for (guint c = 0; c < TWIN_N_CHANNELS; c++)
            if (wanted[c])
              {
                TwinBucket *b = &buckets[(gsize)c * n + j];

                g_string_append_c (csv, ',');
                g_string_append (csv, g_ascii_formatd (buf, sizeof buf, "%.9g", b->min));
                g_string_append_c (csv, ',');
                g_string_append (csv, g_ascii_formatd (buf, sizeof buf, "%.9g", b->max));
              }
          g_string_append_c (csv, '\n');
        }

      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "text/csv; charset=utf-8", SOUP_MEMORY_TAKE,
                                        csv->str, csv->len);
      g_string_free (csv, FALSE);
    }
  else
    {
      cJSON *root = cJSON_CreateObject ();
      cJSON *columns = cJSON_CreateObject ();
      cJSON *time = cJSON_CreateArray ();
      cJSON *mins[TWIN_N_CHANNELS] = { NULL };
      cJSON *maxs[TWIN_N_CHANNELS] = { NULL };
      guint rows = 0;

      cJSON_AddItemToObject (columns, "time", time);
      for (guint c = 0; c < TWIN_N_CHANNELS; c++)
        if (wanted[c])
          {
            g_autofree char *min_name = g_strconcat (history_fields[c], "_min", NULL);
            g_autofree char *max_name = g_strconcat (history_fields[c], "_max", NULL);

            mins[c] = cJSON_AddArrayToObject (columns, min_name);
            maxs[c] = cJSON_AddArrayToObject (columns, max_name);
          }

      for (guint j = 0; j < n; j++)
        {
          if (probe[j].n_samples == 0)
            continue;
          rows++;
          cJSON_AddItemToArray (time, twin_json_number (bucket_time (t0, t1, j, n)));
          for (guint c = 0; c < TWIN_N_CHANNELS; c++)
            if (wanted[c])
              {
                cJSON_AddItemToArray (mins[c], float_number (buckets[(gsize)c * n + j].min));
                cJSON_AddItemToArray (maxs[c], float_number (buckets[(gsize)c * n + j].max));
              }
        }

      cJSON_AddItemToObject (root, "from", twin_json_number (bucket_time (t0, t1, 0, 1)));
      cJSON_AddItemToObject (root, "to", twin_json_number (bucket_time (t0, t1, 1, 1)));
      cJSON_AddNumberToObject (root, "points", rows);
      cJSON_AddItemToObject (root, "columns", columns);
      set_cjson (msg, root);
    }
}

static void
append_metric_header (GString    *out,
                      const char *name,
                      const char *type,
                      const char *help)
{
  g_string_append_printf (out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void
append_double (GString *out,
               double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    value = 0;
  g_ascii_formatd (buf, sizeof buf, "%.15g", value);
  if (g_ascii_strtod (buf, NULL) != value)
    g_ascii_formatd (buf, sizeof buf, "%.17g", value);
  g_string_append (out, buf);
}

static guint64
read_counter (GObject    *object,
              const char *name)
{
  g_auto(GValue) value = G_VALUE_INIT;
  g_auto(GValue) u64 = G_VALUE_INIT;
  GParamSpec *pspec;

  if (object == NULL)
    return 0;

  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (object), name);
  if (pspec == NULL || !(pspec->flags & G_PARAM_READABLE))
    return 0;

  g_value_init (&value, pspec->value_type);
  g_object_get_property (object, name, &value);
  g_value_init (&u64, G_TYPE_UINT64);
  if (!g_value_transform (&value, &u64))
    return 0;

  return g_value_get_uint64 (&u64);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char **)a, *(const char **)b);
}

static void
route_metrics (TwinRestServer    *self,
               SoupServerMessage *msg,
               const char        *method,
               GHashTable        *query)
{
  static const char * const allowed[] = { NULL };
  const double *bounds = twin_step_stats_get_bounds ();
  GString *out = g_string_new (NULL);
  g_autoptr(GPtrArray) keys = NULL;
  TwinStepStats stats;
  guint64 cumulative = 0;

  if (!check_query (msg, query, allowed))
    {
      g_string_free (out, TRUE);
      return;
    }

  twin_engine_get_step_stats (self->engine, &stats);

  append_metric_header (out, "twinscope_step_latency_seconds", "histogram",
                        "Wall time per model step (each step counts with the mean of its batch).");
  for (guint i = 0; i <= TWIN_STEP_STATS_N_BOUNDS; i++)
    {
      cumulative += stats.buckets[i];
      g_string_append (out, "twinscope_step_latency_seconds_bucket{le=\"");
      if (i < TWIN_STEP_STATS_N_BOUNDS)
        append_double (out, bounds[i]);
      else
        g_string_append (out, "+Inf");
      g_string_append_printf (out, "\"} %" G_GUINT64_FORMAT "\n", cumulative);
    }
  g_string_append (out, "twinscope_step_latency_seconds_sum ");
  append_double (out, stats.seconds);
  g_string_append_printf (out, "\ntwinscope_step_latency_seconds_count %" G_GUINT64_FORMAT "\n", stats.steps);

  append_metric_header (out, "twinscope_steps_total", "counter", "Model steps run since the start.");
  g_string_append_printf (out, "twinscope_steps_total %" G_GUINT64_FORMAT "\n", stats.steps);
  append_metric_header (out, "twinscope_step_batches_total", "counter", "Batches the steps ran in.");
  g_string_append_printf (out, "twinscope_step_batches_total %" G_GUINT64_FORMAT "\n", stats.batches);
  append_metric_header (out, "twinscope_ticks_total", "counter", "Ticks of the real-time clock.");
  g_string_append_printf (out, "twinscope_ticks_total %" G_GUINT64_FORMAT "\n", stats.ticks);
  append_metric_header (out, "twinscope_simulated_time_seconds", "gauge",
                        "Simulated time since the last reset.");
  g_string_append (out, "twinscope_simulated_time_seconds ");
  append_double (out, twin_engine_get_timestamp (self->engine));
  g_string_append_c (out, '\n');

  append_metric_header (out, "twinscope_mqtt_published_total", "counter",
                        "Messages published to the MQTT broker (0 with MQTT off).");
  g_string_append_printf (out, "twinscope_mqtt_published_total %" G_GUINT64_FORMAT "\n",
                          read_counter (self->mqtt, "published"));
  append_metric_header (out, "twinscope_mqtt_dropped_total", "counter",
                        "Messages dropped because the MQTT queue was full (0 with MQTT off).");
  g_string_append_printf (out, "twinscope_mqtt_dropped_total %" G_GUINT64_FORMAT "\n",
                          read_counter (self->mqtt, "dropped"));
  append_metric_header (out, "twinscope_mqtt_reconnects_total", "counter",
                        "Reconnections to the MQTT broker (0 with MQTT off).");
  g_string_append_printf (out, "twinscope_mqtt_reconnects_total %" G_GUINT64_FORMAT "\n",
                          read_counter (self->mqtt, "reconnects"));

  append_metric_header (out, "twinscope_http_connections", "gauge", "Open HTTP connections.");
  g_string_append_printf (out, "twinscope_http_connections %u\n", twin_rest_server_get_n_connections (self));
  append_metric_header (out, "twinscope_http_requests_total", "counter",
                        "HTTP requests answered, by route and status code.");
  keys = g_ptr_array_new ();
  {
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init (&iter, self->by_route);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      g_ptr_array_add (keys, key);
  }
  g_ptr_array_sort (keys, compare_strings);
  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);
      const char *nl = strchr (key, '\n');
      guint64 *count = g_hash_table_lookup (self->by_route, key);

      g_string_append_printf (out, "twinscope_http_requests_total{route=\"%.*s\",code=\"%s\"} %" G_GUINT64_FORMAT "\n",
                              (int)(nl - key), key, nl + 1, *count);
    }

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "text/plain; version=0.0.4; charset=utf-8", SOUP_MEMORY_TAKE,
                                    out->str, out->len);
  g_string_free (out, FALSE);
}

static void
route_healthz (TwinRestServer    *self,
               SoupServerMessage *msg,
               const char        *method,
               GHashTable        *query)
{
  set_json (msg, SOUP_STATUS_OK, "application/json", g_strdup ("{\"status\":\"ok\"}"));
}

static void
route_openapi (TwinRestServer    *self,
               SoupServerMessage *msg,
               const char        *method,
               GHashTable        *query)
{
  const char *doc = twin_schema_get_openapi ();

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, doc, strlen (doc));
}

static void
route_schema (TwinRestServer    *self,
              SoupServerMessage *msg,
              const char        *method,
              GHashTable        *query)
{
  const char *path = g_uri_get_path (soup_server_message_get_uri (msg));
  g_autofree char *name = NULL;
  const char *doc = NULL;

  if (g_str_has_suffix (path, ".json"))
    {
      name = g_strndup (path + strlen ("/schema/"), strlen (path) - strlen ("/schema/") - strlen (".json"));
      doc = twin_schema_get (name);
    }

  if (doc == NULL)
    {
      g_autofree char *list = g_strjoinv (".json, ", (char **)twin_schema_get_names ());
      g_autofree char *detail = g_strdup_printf ("%s: no such schema; allowed: %s.json", path, list);

      set_problem (msg, SOUP_STATUS_NOT_FOUND, detail);
      return;
    }

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/schema+json", SOUP_MEMORY_STATIC, doc, strlen (doc));
}

static const Route routes[] = {
  { "/state",        "GET, HEAD",        route_state },
  { "/update",       "POST",             route_update },
  { "/controls",     "GET, HEAD, PATCH", route_controls },
  { "/history",      "GET, HEAD",        route_history },
  { "/model",        "GET, HEAD, PUT",   route_model },
  { "/metrics",      "GET, HEAD",        route_metrics },
  { "/healthz",      "GET, HEAD",        route_healthz },
  { "/openapi.json", "GET, HEAD",        route_openapi },
  { "/schema/",      "GET, HEAD",        route_schema },
};

static const Route *
find_route (const char *path)
{
  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      gsize len = strlen (routes[i].path);

      if (routes[i].path[len - 1] == '/' ? g_str_has_prefix (path, routes[i].path)
                                         : g_str_equal (path, routes[i].path))
        return &routes[i];
    }

  return NULL;
}

static gboolean
method_allowed (const char *allow,
                const char *method)
{
  gsize len = strlen (method);

  for (const char *p = allow; (p = strstr (p, method)) != NULL; p += len)
    if ((p == allow || p[-1] == ' ') && (p[len] == ',' || p[len] == '\0'))
      return TRUE;

  return FALSE;
}

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
  const Route *route = find_route (path);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  goffset length;

  set_route (msg, route != NULL ? route->path : "other");

  if ((route == NULL || route->func != route_healthz) && !check_token (self, msg))
    return;

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CHUNKED)
    g_signal_connect (msg, "got-chunk", G_CALLBACK (got_chunk_cb), NULL);

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      (length = soup_message_headers_get_content_length (headers)) > TWIN_REST_MAX_BODY)
    {
      g_autofree char *detail =
        g_strdup_printf ("body: %" G_GINT64_FORMAT " bytes is too large; allowed: at most %d bytes",
                         (gint64)length, TWIN_REST_MAX_BODY);

      /* libsoup still reads the body before it answers: let it drop
       * the chunks instead of keeping them. */
      soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
      set_problem (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, detail);
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
  const Route *route = find_route (path);

  if (route == NULL)
    {
      g_autofree char *shown = g_strndup (path, 128);
      g_autofree char *detail = g_strdup_printf ("%s: no such resource; allowed: /state, /update, /controls, "
                                                 "/history, /model, /metrics, /healthz, /schema/{state,command,sensors}.json, "
                                                 "/openapi.json, /ws", shown);

      set_problem (msg, SOUP_STATUS_NOT_FOUND, detail);
      return;
    }

  if (!method_allowed (route->allow, method))
    {
      g_autofree char *shown = g_strndup (method, 32);
      g_autofree char *detail = g_strdup_printf ("method: %s is not allowed on %s; allowed: %s",
                                                 shown, route->path, route->allow);

      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", route->allow);
      set_problem (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, detail);
      return;
    }

  route->func (self, msg, method, query);
}

/* WebSocket */

static void
ws_closed_cb (SoupWebsocketConnection *conn,
              TwinRestServer          *self)
{
  g_ptr_array_remove (self->websockets, conn);
}

static void
ws_http_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           data)
{
  TwinRestServer *self = data;
  g_autoptr(GError) error = NULL;

  set_route (msg, "/ws");

  if (!g_str_equal (path, "/ws"))
    {
      set_problem (msg, SOUP_STATUS_NOT_FOUND, "no such resource; allowed: /ws");
      return;
    }

  if (!method_allowed ("GET", soup_server_message_get_method (msg)))
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", "GET");
      set_problem (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method: not allowed on /ws; allowed: GET");
      return;
    }

  if (!check_token (self, msg))
    return;

  if (!soup_websocket_server_check_handshake (msg, NULL, NULL, NULL, &error))
    {
      g_autofree char *detail = g_strdup_printf ("/ws: %s; allowed: a WebSocket upgrade request", error->message);

      set_problem (msg, SOUP_STATUS_BAD_REQUEST, detail);
    }
}

static void
count_request (TwinRestServer *self,
               const char     *route,
               guint           status);

static void
ws_cb (SoupServer              *server,
       SoupServerMessage       *msg,
       const char              *path,
       SoupWebsocketConnection *conn,
       gpointer                 data)
{
  TwinRestServer *self = data;

  count_request (self, "/ws", SOUP_STATUS_SWITCHING_PROTOCOLS);
  g_ptr_array_add (self->websockets, g_object_ref (conn));
  soup_websocket_connection_set_keepalive_interval (conn, 30);
  g_signal_connect_object (conn, "closed", G_CALLBACK (ws_closed_cb), self, 0);
}

static gboolean
ws_publish_cb (gpointer data)
{
  TwinRestServer *self = data;
  g_autofree char *text = NULL;
  TwinSnapshot snapshot;

  if (self->websockets->len == 0)
    return G_SOURCE_CONTINUE;

  twin_engine_get_snapshot (self->engine, &snapshot);
  text = twin_json_encode_state (&snapshot);
  for (guint i = 0; i < self->websockets->len; i++)
    {
      SoupWebsocketConnection *conn = g_ptr_array_index (self->websockets, i);

      if (soup_websocket_connection_get_state (conn) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_send_text (conn, text);
    }

  return G_SOURCE_CONTINUE;
}

static void
restart_ws_timer (TwinRestServer *self)
{
  g_clear_handle_id (&self->ws_id, g_source_remove);
  if (self->server != NULL)
    self->ws_id = g_timeout_add_full (G_PRIORITY_DEFAULT, (guint)MAX (1, lround (1000.0 / self->ws_rate)),
                                      ws_publish_cb, self, NULL);
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

static void
count_request (TwinRestServer *self,
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

  count_request (self, route != NULL ? route : "other", soup_server_message_get_status (msg));
}

/* Connections */

static void
connection_gone_cb (gpointer  data,
                    GObject  *where_the_object_was)
{
  TwinRestServer *self = data;
  Connection *conn = g_hash_table_lookup (self->connections, where_the_object_was);

  g_assert (conn != NULL);
  if (conn->closing)
    self->n_closing--;
  g_hash_table_remove (self->connections, where_the_object_was);
}

static void
close_connection (TwinRestServer *self,
                  Connection     *conn)
{
  if (conn->closing)
    return;

  conn->closing = TRUE;
  self->n_closing++;
  /* libsoup reads end of stream and drops the connection by itself. */
  g_socket_shutdown (conn->socket, TRUE, TRUE, NULL);
}

static Connection *
find_oldest_idle (TwinRestServer *self)
{
  GHashTableIter iter;
  Connection *conn, *oldest = NULL;

  g_hash_table_iter_init (&iter, self->connections);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *)&conn))
    if (!conn->closing && conn->deadline != 0 && (oldest == NULL || conn->opened < oldest->opened))
      oldest = conn;

  return oldest;
}

static void
request_started_cb (SoupServer        *server,
                    SoupServerMessage *msg,
                    TwinRestServer    *self)
{
  GSocket *socket = soup_server_message_get_socket (msg);
  gint64 now = g_get_monotonic_time ();
  Connection *conn;

  if (socket == NULL)
    return;

  conn = g_hash_table_lookup (self->connections, socket);
  if (conn == NULL)
    {
      if (g_hash_table_size (self->connections) - self->n_closing >= self->max_connections)
        {
          Connection *victim = find_oldest_idle (self);

          if (victim == NULL)
            {
              g_debug ("Connection cap of %u reached with every connection busy; refusing one",
                       self->max_connections);
              g_socket_shutdown (socket, TRUE, TRUE, NULL);
              return;
            }
          close_connection (self, victim);
        }

      conn = g_new0 (Connection, 1);
      conn->socket = socket;
      conn->opened = now;
      g_hash_table_insert (self->connections, socket, conn);
      g_object_weak_ref (G_OBJECT (socket), connection_gone_cb, self);
    }

  conn->deadline = now + (gint64)self->idle_timeout_ms * 1000;
}

static void
request_read_cb (SoupServer        *server,
                 SoupServerMessage *msg,
                 TwinRestServer    *self)
{
  Connection *conn = g_hash_table_lookup (self->connections, soup_server_message_get_socket (msg));

  if (conn != NULL)
    conn->deadline = 0;
}

static gboolean
sweep_cb (gpointer data)
{
  TwinRestServer *self = data;
  gint64 now = g_get_monotonic_time ();
  GHashTableIter iter;
  Connection *conn;

  g_hash_table_iter_init (&iter, self->connections);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *)&conn))
    if (!conn->closing && conn->deadline != 0 && now >= conn->deadline)
      close_connection (self, conn);

  return G_SOURCE_CONTINUE;
}

static void
forget_connections (TwinRestServer *self)
{
  GHashTableIter iter;
  GSocket *socket;

  g_hash_table_iter_init (&iter, self->connections);
  while (g_hash_table_iter_next (&iter, (gpointer *)&socket, NULL))
    g_object_weak_unref (G_OBJECT (socket), connection_gone_cb, self);
  g_hash_table_remove_all (self->connections);
  self->n_closing = 0;
}

/* GObject */

static void
twin_rest_server_dispose (GObject *object)
{
  TwinRestServer *self = (TwinRestServer *)object;

  twin_rest_server_stop (self);
  g_clear_handle_id (&self->notify_id, g_source_remove);
  g_clear_object (&self->engine);
  g_clear_object (&self->mqtt);

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
  g_clear_pointer (&self->connections, g_hash_table_unref);
  g_clear_pointer (&self->websockets, g_ptr_array_unref);
  g_clear_pointer (&self->by_route, g_hash_table_unref);

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
  self->connections = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  self->websockets = g_ptr_array_new_with_free_func (g_object_unref);
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

/**
 * twin_rest_server_set_mqtt:
 * @mqtt: (nullable): the MQTT mirror, whose "published", "dropped" and
 *   "reconnects" properties /metrics reports
 */
void
twin_rest_server_set_mqtt (TwinRestServer *self,
                           GObject        *mqtt)
{
  g_return_if_fail (TWIN_IS_REST_SERVER (self));
  g_return_if_fail (mqtt == NULL || G_IS_OBJECT (mqtt));

  g_set_object (&self->mqtt, mqtt);
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
    restart_ws_timer (self);

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
    {
      g_clear_handle_id (&self->sweep_id, g_source_remove);
      self->sweep_id = g_timeout_add (CLAMP (idle_timeout_ms / 4, 50, 1000), sweep_cb, self);
    }
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
  GSList *uris;
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

  uris = soup_server_get_uris (server);
  bound_port = uris != NULL ? (guint)g_uri_get_port (uris->data) : port;
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);

  soup_server_add_early_handler (server, NULL, early_cb, self, NULL);
  soup_server_add_handler (server, NULL, handler_cb, self, NULL);
  soup_server_add_handler (server, "/ws", ws_http_cb, self, NULL);
  soup_server_add_websocket_handler (server, "/ws", NULL, NULL, ws_cb, self, NULL);
  g_signal_connect (server, "request-started", G_CALLBACK (request_started_cb), self);
  g_signal_connect (server, "request-read", G_CALLBACK (request_read_cb), self);
  g_signal_connect (server, "request-finished", G_CALLBACK (request_finished_cb), self);
  g_signal_connect (server, "request-aborted", G_CALLBACK (request_finished_cb), self);

  self->server = g_steal_pointer (&server);
  self->sweep_id = g_timeout_add (CLAMP (self->idle_timeout_ms / 4, 50, 1000), sweep_cb, self);
  restart_ws_timer (self);

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

  if (self->server == NULL)
    return;

  g_clear_handle_id (&self->sweep_id, g_source_remove);
  g_clear_handle_id (&self->ws_id, g_source_remove);

  for (guint i = 0; i < self->websockets->len; i++)
    {
      SoupWebsocketConnection *conn = g_ptr_array_index (self->websockets, i);

      g_signal_handlers_disconnect_by_data (conn, self);
      if (soup_websocket_connection_get_state (conn) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (conn, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
    }
  g_ptr_array_set_size (self->websockets, 0);

  g_signal_handlers_disconnect_by_data (self->server, self);
  soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  forget_connections (self);

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
 * Returns: HTTP connections open now, not counting those being closed
 */
guint
twin_rest_server_get_n_connections (TwinRestServer *self)
{
  g_return_val_if_fail (TWIN_IS_REST_SERVER (self), 0);

  return g_hash_table_size (self->connections) - self->n_closing;
}

guint
twin_rest_server_get_n_websockets (TwinRestServer *self)
{
  g_return_val_if_fail (TWIN_IS_REST_SERVER (self), 0);

  return self->websockets->len;
}
