/* twin-rest-history.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GET /history: the min/max summary of a window of the history, as JSON
 * columns or as CSV.
 */

#define G_LOG_DOMAIN "twin-rest"

#include "config.h"

#include <math.h>
#include <string.h>

#include "twin-json.h"
#include "twin-rest-private.h"


/* What a request asks for, and the buckets that answer it. */
typedef struct
{
  gboolean    wanted[TWIN_N_CHANNELS];
  double      t0, t1;
  guint       n;
  TwinBucket *buckets;   /* n per channel wanted */
  TwinBucket *probe;     /* n, to tell the empty ones */
} Summary;

static void
summary_clear (Summary *summary)
{
  g_clear_pointer (&summary->buckets, g_free);
  g_clear_pointer (&summary->probe, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Summary, summary_clear)

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
bucket_time (const Summary *s,
             guint          j,
             guint          n)
{
  return round ((s->t0 + (s->t1 - s->t0) * j / n) * 1e6) / 1e6;
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
        if (g_str_equal (parts[i], twin_channels[c].name))
          break;

      if (c == TWIN_N_CHANNELS)
        {
          g_autofree char *shown = twin_json_shorten (parts[i], -1);
          g_autofree char *fields = _twin_rest_history_fields (", ");
          g_autofree char *detail =
            g_strdup_printf ("fields: \"%s\" is not a field; allowed: a comma-separated list of %s", shown, fields);

          twin_rest_set_problem (msg, SOUP_STATUS_BAD_REQUEST, detail);
          return FALSE;
        }
      wanted[c] = TRUE;
    }

  return TRUE;
}

/* The query's window and points, and which fields; or answers 400. */
static gboolean
parse_query (SoupServerMessage *msg,
             GHashTable        *query,
             double            *seconds,
             double            *points,
             gboolean          *wanted)
{
  const char *text;

  if (query == NULL)
    return TRUE;

  if ((text = g_hash_table_lookup (query, "seconds")) != NULL &&
      !twin_rest_parse_query_number (msg, "seconds", text, 0, 1e9, "s", seconds))
    return FALSE;
  if (*seconds <= 0)
    {
      twin_rest_set_problem (msg, SOUP_STATUS_BAD_REQUEST,
                   "seconds: 0 is out of range; allowed: more than 0 to 1e+09 s");
      return FALSE;
    }
  if ((text = g_hash_table_lookup (query, "max_points")) != NULL)
    {
      if (!twin_rest_parse_query_number (msg, "max_points", text, 1, TWIN_REST_HISTORY_MAX_POINTS, "points",
                                         points))
        return FALSE;
      if (*points != floor (*points))
        {
          g_autofree char *detail =
            g_strdup_printf ("max_points: %s is not an integer; allowed: 1 to %d points",
                             text, TWIN_REST_HISTORY_MAX_POINTS);

          twin_rest_set_problem (msg, SOUP_STATUS_BAD_REQUEST, detail);
          return FALSE;
        }
    }
  if ((text = g_hash_table_lookup (query, "fields")) != NULL && !parse_fields (msg, text, wanted))
    return FALSE;

  return TRUE;
}

static void
summarize (const TwinHistory *history,
           double             seconds,
           double             points,
           Summary           *s)
{
  double interval = twin_history_get_interval (history);

  if (twin_history_get_length (history) > 0)
    {
      gsize in_window;

      s->t1 = twin_history_get_last_time (history) + interval;
      s->t0 = MAX (twin_history_get_first_time (history), s->t1 - seconds);
      in_window = (gsize)MAX (1.0, floor ((s->t1 - s->t0) / interval + 0.5));
      s->n = (guint)MIN ((gsize)points, in_window);
    }

  s->buckets = g_new0 (TwinBucket, (gsize)s->n * TWIN_N_CHANNELS);
  for (guint c = 0; c < TWIN_N_CHANNELS; c++)
    if (s->wanted[c])
      twin_history_query (history, c, s->t0, s->t1, s->n, s->buckets + (gsize)c * s->n);
  /* Every channel is recorded with every sample, so any channel tells
   * which buckets are empty. */
  s->probe = g_new0 (TwinBucket, MAX (s->n, 1));
  twin_history_query (history, TWIN_CHANNEL_TEMPERATURE, s->t0, s->t1, s->n, s->probe);
}

static gboolean
wants_csv (SoupServerMessage *msg)
{
  const char *accept = soup_message_headers_get_list (soup_server_message_get_request_headers (msg), "Accept");

  return accept != NULL && strstr (accept, "text/csv") != NULL && strstr (accept, "application/json") == NULL;
}

static void
send_csv (SoupServerMessage *msg,
          const Summary     *s)
{
  GString *csv = g_string_new ("time (s)");

  for (guint c = 0; c < TWIN_N_CHANNELS; c++)
    if (s->wanted[c])
      g_string_append_printf (csv, ",%s_min (%s),%s_max (%s)",
                              twin_channels[c].name, twin_channels[c].unit, twin_channels[c].name, twin_channels[c].unit);
  g_string_append_c (csv, '\n');

  for (guint j = 0; j < s->n; j++)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      if (s->probe[j].n_samples == 0)
        continue;
      g_string_append (csv, g_ascii_formatd (buf, sizeof buf, "%.10g", bucket_time (s, j, s->n)));
      for (guint c = 0; c < TWIN_N_CHANNELS; c++)
        if (s->wanted[c])
          {
            const TwinBucket *b = &s->buckets[(gsize)c * s->n + j];

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

static void
send_json (SoupServerMessage *msg,
           const Summary     *s)
{
  cJSON *root = cJSON_CreateObject ();
  cJSON *columns = cJSON_CreateObject ();
  cJSON *time = cJSON_CreateArray ();
  cJSON *mins[TWIN_N_CHANNELS] = { NULL };
  cJSON *maxs[TWIN_N_CHANNELS] = { NULL };
  guint rows = 0;

  cJSON_AddItemToObject (columns, "time", time);
  for (guint c = 0; c < TWIN_N_CHANNELS; c++)
    if (s->wanted[c])
      {
        g_autofree char *min_name = g_strconcat (twin_channels[c].name, "_min", NULL);
        g_autofree char *max_name = g_strconcat (twin_channels[c].name, "_max", NULL);

        mins[c] = cJSON_AddArrayToObject (columns, min_name);
        maxs[c] = cJSON_AddArrayToObject (columns, max_name);
      }

  for (guint j = 0; j < s->n; j++)
    {
      if (s->probe[j].n_samples == 0)
        continue;
      rows++;
      cJSON_AddItemToArray (time, twin_json_number (bucket_time (s, j, s->n)));
      for (guint c = 0; c < TWIN_N_CHANNELS; c++)
        if (s->wanted[c])
          {
            cJSON_AddItemToArray (mins[c], float_number (s->buckets[(gsize)c * s->n + j].min));
            cJSON_AddItemToArray (maxs[c], float_number (s->buckets[(gsize)c * s->n + j].max));
          }
    }

  cJSON_AddItemToObject (root, "from", twin_json_number (bucket_time (s, 0, 1)));
  cJSON_AddItemToObject (root, "to", twin_json_number (bucket_time (s, 1, 1)));
  cJSON_AddNumberToObject (root, "points", rows);
  cJSON_AddItemToObject (root, "columns", columns);
  twin_rest_set_cjson (msg, root);
}

/**
 * _twin_rest_history_fields:
 *
 * Returns: (transfer full): the names of the fields /history knows,
 *   joined by @separator
 */
char *
_twin_rest_history_fields (const char *separator)
{
  GString *list = g_string_new (twin_channels[0].name);

  for (guint c = 1; c < TWIN_N_CHANNELS; c++)
    g_string_append_printf (list, "%s%s", separator, twin_channels[c].name);
  return g_string_free (list, FALSE);
}

void
_twin_rest_route_history (TwinRestServer    *self,
                          SoupServerMessage *msg,
                          const char        *method,
                          GHashTable        *query)
{
  static const char * const allowed[] = { "seconds", "fields", "max_points", NULL };
  double seconds = TWIN_REST_HISTORY_SECONDS, points = TWIN_REST_HISTORY_POINTS;
  g_auto(Summary) summary = { 0 };

  for (guint c = 0; c < TWIN_N_CHANNELS; c++)
    summary.wanted[c] = TRUE;

  if (!twin_rest_check_query (msg, query, allowed) ||
      !parse_query (msg, query, &seconds, &points, summary.wanted))
    return;

  summarize (twin_engine_get_history (self->engine), seconds, points, &summary);
  if (wants_csv (msg))
    send_csv (msg, &summary);
  else
    send_json (msg, &summary);
}
