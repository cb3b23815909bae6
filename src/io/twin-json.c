/* twin-json.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The wire formats of DESIGN.md, shared by MQTT and REST.
 */

#define G_LOG_DOMAIN "twin-json"

#include "config.h"

#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "twin-json.h"

#define MAX_ID_LENGTH 128
/* A state prints to about 400 bytes. */
#define STATE_BUF_SIZE 4096

G_DEFINE_QUARK (twin-json-error-quark, twin_json_error)

/**
 * twin_json_number:
 *
 * A JSON number that always reads back as a float: cJSON prints 65.0 as
 * "65", which a Python client of the tutorial would take for an int. The
 * shortest text that reads back to the same double, with ".0" where it
 * would otherwise look like an integer. Never NaN or Infinity: those
 * become null, which no code path of Twinscope should ever produce.
 */
static locale_t
c_locale (void)
{
  static gsize locale;

  if (g_once_init_enter (&locale))
    g_once_init_leave (&locale, (gsize)newlocale (LC_NUMERIC_MASK, "C", (locale_t)0));

  return (locale_t)locale;
}

/* Numbers with at most three decimals (inputs, time scale, most
 * timestamps) are written with integer arithmetic, and kept only when they
 * read back exactly; printf's float formatting is the slow part of a state. */
static gboolean
format_short (double  value,
              char   *buf,
              gsize   size)
{
  static const double scales[] = { 1, 10, 100, 1000 };

  for (guint d = 0; d < G_N_ELEMENTS (scales); d++)
    {
      double scaled = value * scales[d];
      gint64 n, unit;

      if (!(fabs (scaled) < 1e15) || scaled != floor (scaled))
        continue;

      n = (gint64)scaled;
      unit = (gint64)scales[d];
      if (d == 0)
        g_snprintf (buf, size, "%" G_GINT64_FORMAT ".0", n);
      else
        g_snprintf (buf, size, "%s%" G_GINT64_FORMAT ".%0*" G_GINT64_FORMAT,
                    n < 0 ? "-" : "", ABS (n) / unit, (int)d, ABS (n) % unit);

      return strtod (buf, NULL) == value;
    }

  return FALSE;
}

cJSON *
twin_json_number (double value)
{
  char buf[32];
  locale_t old;

  if (!isfinite (value))
    {
      g_critical ("Refusing to write a non-finite number to JSON");
      return cJSON_CreateNull ();
    }

  /* The C locale's decimal point whatever the user's locale; switched per
   * thread, which costs far less than g_ascii_formatd's fix-ups. */
  old = uselocale (c_locale ());
  if (!format_short (value, buf, sizeof buf))
    {
      snprintf (buf, sizeof buf - 2, "%.15g", value);
      if (strtod (buf, NULL) != value)
        snprintf (buf, sizeof buf - 2, "%.17g", value);
      if (strpbrk (buf, ".eEn") == NULL)
        strcat (buf, ".0");
    }
  uselocale (old);

  return cJSON_CreateRaw (buf);
}

static void
format_time (gint64  wall_time,
             char   *buf,
             gsize   size)
{
  time_t seconds = (time_t)(wall_time / G_USEC_PER_SEC);
  struct tm tm;

  gmtime_r (&seconds, &tm);
  g_snprintf (buf, size, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
              tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
              (int)((wall_time % G_USEC_PER_SEC) / 1000));
}

/* An integer as cJSON would print it, without its float formatting and
 * read-back on the hot path of every state. */
static cJSON *
integer (gint64 value)
{
  char buf[32];

  g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, value);
  return cJSON_CreateRaw (buf);
}

/**
 * twin_json_state_object:
 *
 * DESIGN.md's state: the tutorial's four keys first, with its types
 * (rpm an integer, the others floats), then Twinscope's own.
 */
cJSON *
twin_json_state_object (const TwinSnapshot *s)
{
  cJSON *root = cJSON_CreateObject ();
  cJSON *alarms = cJSON_CreateArray ();
  cJSON *faults = cJSON_CreateObject ();
  char zone[2] = { twin_zone_letter (s->zone), '\0' };
  char time[64];

  cJSON_AddItemToObject (root, "temperature", twin_json_number (s->temperature));
  cJSON_AddItemToObject (root, "vibration", twin_json_number (s->vibration));
  cJSON_AddItemToObject (root, "rpm", integer ((gint64)llround (s->rpm)));
  cJSON_AddItemToObject (root, "timestamp", twin_json_number (s->timestamp));
  cJSON_AddItemToObject (root, "ambient", twin_json_number (s->ambient));
  cJSON_AddItemToObject (root, "rpm_setpoint", twin_json_number (s->rpm_setpoint));
  cJSON_AddItemToObject (root, "wear", twin_json_number (s->wear));
  cJSON_AddItemToObject (root, "rul_hours", twin_json_number (s->rul_hours));
  cJSON_AddStringToObject (root, "zone", zone);
  cJSON_AddBoolToObject (root, "tripped", s->tripped);

  for (guint i = 0; i < TWIN_N_ALARMS; i++)
    {
      TwinAlarm alarm = twin_alarm_from_index (i);

      if (s->alarms & alarm)
        cJSON_AddItemToArray (alarms, cJSON_CreateString (twin_alarm_get_name (alarm)));
    }
  cJSON_AddItemToObject (root, "alarms", alarms);

  cJSON_AddBoolToObject (faults, "cooling_degraded", s->cooling_degraded);
  cJSON_AddBoolToObject (faults, "bearing_defect", s->bearing_defect);
  cJSON_AddItemToObject (root, "faults", faults);
  cJSON_AddBoolToObject (root, "paused", s->paused);
  cJSON_AddItemToObject (root, "time_scale", twin_json_number (s->time_scale));
  cJSON_AddStringToObject (root, "model", s->model);
  cJSON_AddItemToObject (root, "seq", integer ((gint64)s->seq));

  format_time (s->wall_time, time, sizeof time);
  cJSON_AddStringToObject (root, "time", time);

  return root;
}

static char *
encode_state (const TwinSnapshot *snapshot,
              guint64             msg_seq)
{
  cJSON *root = twin_json_state_object (snapshot);
  char buf[STATE_BUF_SIZE];
  char *ret;

  if (msg_seq > 0)
    cJSON_AddItemToObject (root, "msg_seq", integer ((gint64)msg_seq));

  /* Printed into a buffer on the stack, then copied once. */
  if (cJSON_PrintPreallocated (root, buf, sizeof buf, FALSE))
    ret = g_strdup (buf);
  else
    {
      char *text = cJSON_PrintUnformatted (root);

      ret = g_strdup (text);
      cJSON_free (text);
    }
  cJSON_Delete (root);
  return ret;
}

/**
 * twin_json_encode_state:
 *
 * Returns: (transfer full): the state as REST, /ws and --headless give it
 */
char *
twin_json_encode_state (const TwinSnapshot *snapshot)
{
  return encode_state (snapshot, 0);
}

/**
 * twin_json_encode_mqtt_state:
 * @msg_seq: the message's number on <prefix>/state, from 1
 *
 * Returns: (transfer full): the state with "msg_seq" last, as MQTT
 *   publishes it
 */
char *
twin_json_encode_mqtt_state (const TwinSnapshot *snapshot,
                             guint64             msg_seq)
{
  g_return_val_if_fail (msg_seq > 0, NULL);

  return encode_state (snapshot, msg_seq);
}

/**
 * twin_json_check_payload:
 *
 * Refuses a payload that is too large or not UTF-8, before any parsing.
 */
gboolean
twin_json_check_payload (const char  *data,
                         gsize        length,
                         gsize        max_length,
                         GError     **error)
{
  const char *end = NULL;
  gsize ascii = 0;

  if (length > max_length)
    {
      g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_MALFORMED,
                   "payload: %" G_GSIZE_FORMAT " bytes is too large; allowed: at most %" G_GSIZE_FORMAT " bytes",
                   length, max_length);
      return FALSE;
    }

  /* Eight bytes at a time while they are ASCII and not NUL, as most
   * payloads are throughout; g_utf8_validate_len goes byte by byte. */
  for (; ascii + 8 <= length; ascii += 8)
    {
      guint64 w;

      memcpy (&w, data + ascii, 8);
      if ((w & G_GUINT64_CONSTANT (0x8080808080808080)) != 0 ||
          ((w - G_GUINT64_CONSTANT (0x0101010101010101)) & ~w & G_GUINT64_CONSTANT (0x8080808080808080)) != 0)
        break;
    }

  if (!g_utf8_validate_len (data + ascii, length - ascii, &end))
    {
      g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_MALFORMED,
                   "payload: invalid UTF-8 at byte %" G_GSIZE_FORMAT "; allowed: UTF-8 JSON",
                   (gsize)(end - data));
      return FALSE;
    }

  return TRUE;
}

/* How many of the first @length bytes of UTF-8 @text a message shows:
 * at most 64, cut before a character, never inside one. */
static gsize
shown_length (const char *text,
              gsize       length)
{
  gsize n = MIN (length, 64);

  while (n > 0 && n < length && ((guchar)text[n] & 0xC0) == 0x80)
    n--;
  return n;
}

/**
 * twin_json_shorten:
 * @length: the length of @text, or -1 when it ends with a NUL
 *
 * Returns: (transfer full): @text as an error message shows it: at most
 *   64 bytes, cut at a character boundary so that the message stays UTF-8.
 */
char *
twin_json_shorten (const char *text,
                   gssize      length)
{
  gsize len = length < 0 ? strlen (text) : (gsize)length;

  return g_strndup (text, shown_length (text, len));
}

/* One pass over the raw text, before cJSON sees it: it bounds the depth
 * and the fields per object, and checks what cJSON lets through or loses
 * (numbers that are not JSON's, that overflow or underflow, "\u0000"
 * that would cut a string short). It tracks the key of each open
 * container so that an error names the field. */
typedef struct
{
  const char *key;
  gsize       key_len;
  guint       n_fields;
  gboolean    is_object;
} ScanLevel;

typedef struct
{
  ScanLevel levels[TWIN_JSON_MAX_DEPTH];
  guint     depth;
  guint     n_values;
} Scan;

static char *
scan_path (const Scan *scan)
{
  GString *path = g_string_new (NULL);

  for (guint i = 0; i < scan->depth; i++)
    {
      const ScanLevel *level = &scan->levels[i];

      if (level->key == NULL)
        continue;
      if (path->len > 0)
        g_string_append_c (path, '.');
      g_string_append_len (path, level->key, shown_length (level->key, level->key_len));
    }

  if (path->len == 0)
    g_string_append (path, "payload");

  return g_string_free (path, FALSE);
}

static gboolean
is_json_number (const char *p,
                gsize       len)
{
  const char *end = p + len;

  if (p < end && *p == '-')
    p++;
  if (p == end || !g_ascii_isdigit (*p))
    return FALSE;
  if (*p == '0')
    p++;
  else
    while (p < end && g_ascii_isdigit (*p))
      p++;

  if (p < end && *p == '.')
    {
      if (++p == end || !g_ascii_isdigit (*p))
        return FALSE;
      while (p < end && g_ascii_isdigit (*p))
        p++;
    }

  if (p < end && (*p == 'e' || *p == 'E'))
    {
      p++;
      if (p < end && (*p == '+' || *p == '-'))
        p++;
      if (p == end || !g_ascii_isdigit (*p))
        return FALSE;
      while (p < end && g_ascii_isdigit (*p))
        p++;
    }

  return p == end;
}

static gboolean
scan_word (const Scan  *scan,
           const char  *word,
           gsize        len,
           GError     **error)
{
  g_autofree char *field = NULL;
  char buf[TWIN_JSON_MAX_NUMBER_CHARS + 1];
  gboolean nonzero = FALSE;
  double value;

  if ((len == 4 && memcmp (word, "true", 4) == 0) ||
      (len == 5 && memcmp (word, "false", 5) == 0) ||
      (len == 4 && memcmp (word, "null", 4) == 0))
    return TRUE;

  field = scan_path (scan);

  if (!is_json_number (word, len))
    {
      g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_MALFORMED,
                   "%s: %.*s is not a JSON value; allowed: decimal numbers such as -12.5 or 3e2, "
                   "strings, true, false, null, objects",
                   field, (int)MIN (len, 64), word);
      return FALSE;
    }

  if (len > TWIN_JSON_MAX_NUMBER_CHARS)
    {
      g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_INVALID_VALUE,
                   "%s: %.64s… has %" G_GSIZE_FORMAT " characters; allowed: numbers of at most %d",
                   field, word, len, TWIN_JSON_MAX_NUMBER_CHARS);
      return FALSE;
    }

  memcpy (buf, word, len);
  buf[len] = '\0';
  value = g_ascii_strtod (buf, NULL);

  for (gsize i = 0; i < len && buf[i] != 'e' && buf[i] != 'E'; i++)
    if (buf[i] >= '1' && buf[i] <= '9')
      nonzero = TRUE;

  if (isinf (value))
    {
      g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_INVALID_VALUE,
                   "%s: %s is too large to be represented; allowed: magnitudes up to %g",
                   field, buf, DBL_MAX);
      return FALSE;
    }

  /* A magnitude below DBL_MIN has lost digits already, or become 0. */
  if (nonzero && fabs (value) < DBL_MIN)
    {
      g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_INVALID_VALUE,
                   "%s: %s is too close to 0 to be represented; allowed: 0 or magnitudes from %g to %g",
                   field, buf, DBL_MIN, DBL_MAX);
      return FALSE;
    }

  return TRUE;
}

static gboolean
scan_value (Scan    *scan,
            GError **error)
{
  g_autofree char *field = NULL;

  if (++scan->n_values <= TWIN_JSON_MAX_VALUES)
    return TRUE;

  field = scan_path (scan);
  g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_MALFORMED,
               "%s: more than %d values in one document; allowed: at most %d",
               field, TWIN_JSON_MAX_VALUES, TWIN_JSON_MAX_VALUES);
  return FALSE;
}

static inline gboolean
is_word_char (char c)
{
  char lower = (char)(c | 0x20);

  return (c >= '0' && c <= '9') || (lower >= 'a' && lower <= 'z') ||
         c == '-' || c == '+' || c == '.' || c == '_';
}

static gboolean
scan_text (const char  *data,
           gsize        length,
           GError     **error)
{
  const char *end = data + length;
  const char *p = data;
  Scan scan = { 0 };

  while (p < end)
    {
      switch (*p)
        {
        case ' ':
        case '\t':
        case '\n':
        case '\r':
        case ',':
        case ':':
          p++;
          break;

        case '{':
        case '[':
          if (scan.depth == TWIN_JSON_MAX_DEPTH)
            {
              g_autofree char *field = scan_path (&scan);

              g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_MALFORMED,
                           "%s: nested deeper than %d levels at byte %" G_GSIZE_FORMAT
                           "; allowed: at most %d",
                           field, TWIN_JSON_MAX_DEPTH, (gsize)(p - data), TWIN_JSON_MAX_DEPTH);
              return FALSE;
            }
          if (!scan_value (&scan, error))
            return FALSE;
          scan.levels[scan.depth++] = (ScanLevel) { .is_object = *p == '{' };
          p++;
          break;

        case '}':
        case ']':
          /* A mismatched bracket is cJSON's to report. */
          if (scan.depth > 0)
            scan.depth--;
          p++;
          break;

        case '"':
          {
            const char *start = ++p;
            const char *q;

            while (p < end && *p != '"' && p - start <= TWIN_JSON_MAX_STRING)
              {
                if (*p == '\\' && p + 1 < end)
                  {
                    if (p[1] == 'u' && end - p >= 6 && memcmp (p + 2, "0000", 4) == 0)
                      {
                        g_autofree char *field = scan_path (&scan);

                        g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_MALFORMED,
                                     "%s: \\u0000 in a string at byte %" G_GSIZE_FORMAT
                                     "; allowed: strings without NUL characters",
                                     field, (gsize)(p - data));
                        return FALSE;
                      }
                    p++;
                  }
                p++;
              }
            if (p - start > TWIN_JSON_MAX_STRING)
              {
                g_autofree char *field = scan_path (&scan);

                g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_MALFORMED,
                             "%s: a string longer than %d bytes at byte %" G_GSIZE_FORMAT
                             "; allowed: at most %d",
                             field, TWIN_JSON_MAX_STRING, (gsize)(start - data), TWIN_JSON_MAX_STRING);
                return FALSE;
              }
            if (p == end)
              return TRUE;

            for (q = p + 1; q < end && g_ascii_isspace (*q); q++)
              ;
            if (q < end && *q == ':' && scan.depth > 0 && scan.levels[scan.depth - 1].is_object)
              {
                ScanLevel *level = &scan.levels[scan.depth - 1];

                if (++level->n_fields > TWIN_JSON_MAX_FIELDS)
                  {
                    g_autofree char *field = NULL;

                    level->key = NULL;
                    field = scan_path (&scan);
                    g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_MALFORMED,
                                 "%s: an object with more than %d fields; allowed: at most %d",
                                 field, TWIN_JSON_MAX_FIELDS, TWIN_JSON_MAX_FIELDS);
                    return FALSE;
                  }
                level->key = start;
                level->key_len = (gsize)(p - start);
              }
            else if (!scan_value (&scan, error))
              return FALSE;
            p++;
          }
          break;

        default:
          if (is_word_char (*p))
            {
              const char *start = p;

              while (p < end && is_word_char (*p))
                p++;
              if (!scan_value (&scan, error) ||
                  !scan_word (&scan, start, (gsize)(p - start), error))
                return FALSE;
            }
          else
            p++;
          break;
        }
    }

  return TRUE;
}

static gboolean
check_duplicates (const cJSON  *object,
                  GHashTable   *seen,
                  GString      *path,
                  GError      **error)
{
  gsize path_len = path->len;

  g_hash_table_remove_all (seen);
  for (const cJSON *item = object->child; item != NULL && cJSON_IsObject (object); item = item->next)
    if (!g_hash_table_add (seen, item->string))
      {
        if (path_len > 0)
          g_string_append_c (path, '.');
        g_string_append_len (path, item->string, shown_length (item->string, strlen (item->string)));
        g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_MALFORMED,
                     "%s: appears more than once; allowed: each field once", path->str);
        return FALSE;
      }

  for (const cJSON *item = object->child; item != NULL; item = item->next)
    if (cJSON_IsObject (item) || cJSON_IsArray (item))
      {
        if (item->string != NULL)
          {
            if (path_len > 0)
              g_string_append_c (path, '.');
            g_string_append_len (path, item->string, shown_length (item->string, strlen (item->string)));
          }
        if (!check_duplicates (item, seen, path, error))
          return FALSE;
        g_string_truncate (path, path_len);
      }

  return TRUE;
}

/**
 * twin_json_parse_object:
 *
 * Parses at most TWIN_JSON_MAX_DEPTH levels and TWIN_JSON_MAX_FIELDS
 * fields per object, in time linear in @length.
 *
 * Returns: (transfer full): the JSON object in @data, or %NULL with @error
 *   set when it is not one, when a key appears twice in any object, or a
 *   number is not one a double holds.
 */
cJSON *
twin_json_parse_object (const char  *data,
                        gsize        length,
                        GError     **error)
{
  g_autoptr(GHashTable) seen = NULL;
  g_autoptr(GString) path = NULL;
  const char *parse_end = NULL;
  cJSON *root;

  if (length == 0)
    {
      g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_MALFORMED,
                   "payload: empty; allowed: a JSON object");
      return NULL;
    }

  if (!scan_text (data, length, error))
    return NULL;

  root = cJSON_ParseWithLengthOpts (data, length, &parse_end, FALSE);
  if (root == NULL)
    {
      gsize at = parse_end != NULL && parse_end >= data ? (gsize)(parse_end - data) : 0;

      g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_MALFORMED,
                   "payload: malformed JSON at byte %" G_GSIZE_FORMAT "; allowed: a JSON object", at);
      return NULL;
    }

  /* cJSON stops at the end of the first value; anything but white space
   * after it means the payload was not one JSON document. */
  for (const char *p = parse_end; p != NULL && p < data + length; p++)
    if (!g_ascii_isspace (*p) && *p != '\0')
      {
        cJSON_Delete (root);
        g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_MALFORMED,
                     "payload: unexpected data after the JSON value at byte %" G_GSIZE_FORMAT,
                     (gsize)(p - data));
        return NULL;
      }

  if (!cJSON_IsObject (root))
    {
      cJSON_Delete (root);
      g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_WRONG_TYPE,
                   "payload: not a JSON object; allowed: a JSON object");
      return NULL;
    }

  seen = g_hash_table_new (g_str_hash, g_str_equal);
  path = g_string_new (NULL);
  if (!check_duplicates (root, seen, path, error))
    g_clear_pointer (&root, cJSON_Delete);

  return root;
}

static gboolean
get_number (const cJSON  *item,
            const char   *name,
            double       *out,
            GError      **error)
{
  if (!cJSON_IsNumber (item))
    {
      g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_WRONG_TYPE, "%s: must be a number", name);
      return FALSE;
    }

  *out = item->valuedouble;
  return TRUE;
}

static gboolean
read_field (const TwinCommandWireField  *f,
            const cJSON                 *item,
            TwinCommand                 *command,
            GError                     **error)
{
  char *value = (char *)command + f->offset;
  const char *name = twin_command_wire_field_name (f);
  g_autofree char *path = f->group != NULL ? g_strdup_printf ("%s.%s", f->group, name) : g_strdup (name);

  switch (f->kind)
    {
    case TWIN_COMMAND_KIND_NUMBER:
      if (!get_number (item, path, (double *)value, error))
        return FALSE;
      break;

    case TWIN_COMMAND_KIND_BOOLEAN:
      if (!cJSON_IsBool (item))
        {
          g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_WRONG_TYPE, "%s: must be true or false", path);
          return FALSE;
        }
      *(gboolean *)value = cJSON_IsTrue (item);
      break;

    case TWIN_COMMAND_KIND_MODEL:
      if (!cJSON_IsString (item) || strlen (item->valuestring) >= sizeof command->model)
        {
          g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_WRONG_TYPE,
                       "%s: must be a model id string such as \"physical@2\"", path);
          return FALSE;
        }
      g_strlcpy (value, item->valuestring, sizeof command->model);
      break;

    default:
      g_assert_not_reached ();
    }

  command->fields |= f->flag;
  return TRUE;
}

/* The names of the fields in @group (NULL: at the top, with each group
 * once and "id"), as an error message lists what is allowed. */
static char *
allowed_fields (const char *group,
                const char *separator)
{
  g_autoptr(GString) allowed = g_string_new (NULL);
  const char *last_group = NULL;
  guint n;
  const TwinCommandWireField *fields = twin_command_wire_fields (&n);

  for (guint i = 0; i < n; i++)
    {
      const char *name = fields[i].group != NULL && group == NULL ? fields[i].group : twin_command_wire_field_name (&fields[i]);

      if (g_strcmp0 (fields[i].group, group) != 0 && (group != NULL || g_strcmp0 (name, last_group) == 0))
        continue;
      g_string_append_printf (allowed, "%s%s", allowed->len > 0 ? separator : "", name);
      last_group = fields[i].group;
    }
  if (group == NULL)
    g_string_append_printf (allowed, "%sid", separator);

  return g_string_free (g_steal_pointer (&allowed), FALSE);
}

static gboolean
read_object (const cJSON  *object,
             const char   *group,
             TwinCommand  *command,
             GError      **error);

static gboolean
read_item (const cJSON  *item,
           const char   *group,
           TwinCommand  *command,
           GError      **error)
{
  const char *key = item->string;
  guint n;
  const TwinCommandWireField *fields = twin_command_wire_fields (&n);

  for (guint i = 0; i < n; i++)
    {
      if (group == NULL && fields[i].group != NULL && g_strcmp0 (key, fields[i].group) == 0)
        {
          if (!cJSON_IsObject (item))
            {
              g_autofree char *members = allowed_fields (key, " and/or ");

              g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_WRONG_TYPE,
                           "%s: must be an object with %s", key, members);
              return FALSE;
            }
          return read_object (item, key, command, error);
        }
      if (g_strcmp0 (fields[i].group, group) == 0 && g_strcmp0 (key, twin_command_wire_field_name (&fields[i])) == 0)
        return read_field (&fields[i], item, command, error);
    }

  if (group == NULL && g_strcmp0 (key, "id") == 0)
    {
      if (!(cJSON_IsString (item) && strlen (item->valuestring) <= MAX_ID_LENGTH) &&
          !(cJSON_IsNumber (item) && isfinite (item->valuedouble)))
        {
          g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_WRONG_TYPE,
                       "id: must be a string of at most %d bytes or a number", MAX_ID_LENGTH);
          return FALSE;
        }
      return TRUE;
    }

  {
    g_autofree char *allowed = allowed_fields (group, ", ");
    g_autofree char *shown = twin_json_shorten (key, -1);

    g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_UNKNOWN_FIELD,
                 "%s%s%s: unknown field; allowed: %s", group ? group : "", group ? "." : "", shown, allowed);
    return FALSE;
  }
}

static gboolean
read_object (const cJSON  *object,
             const char   *group,
             TwinCommand  *command,
             GError      **error)
{
  for (const cJSON *item = object->child; item != NULL; item = item->next)
    if (!read_item (item, group, command, error))
      return FALSE;

  return TRUE;
}

/**
 * twin_json_command_from_object:
 *
 * Reads DESIGN.md's command from @root strictly: every key known, every
 * value of the right type; ranges are checked where the command is
 * applied. "id" is accepted and ignored here.
 */
gboolean
twin_json_command_from_object (const cJSON  *root,
                               TwinCommand  *command,
                               GError      **error)
{
  memset (command, 0, sizeof *command);

  return read_object (root, NULL, command, error);
}

/**
 * twin_json_parse_command:
 * @id_json: (out) (optional): the command's "id" as JSON text, to echo in
 *   the reply; %NULL when it has none or is not a JSON object
 *
 * Parses and validates a command; nothing is applied here.
 */
gboolean
twin_json_parse_command (const char   *data,
                         gsize         length,
                         TwinCommand  *command,
                         char        **id_json,
                         GError      **error)
{
  g_autoptr(cJSON) root = NULL;

  if (id_json != NULL)
    *id_json = NULL;

  if (!twin_json_check_payload (data, length, TWIN_JSON_MAX_COMMAND_SIZE, error))
    return FALSE;

  root = twin_json_parse_object (data, length, error);
  if (root == NULL)
    return FALSE;

  if (id_json != NULL)
    {
      const cJSON *id = cJSON_GetObjectItemCaseSensitive (root, "id");

      if ((cJSON_IsString (id) && strlen (id->valuestring) <= MAX_ID_LENGTH) ||
          (cJSON_IsNumber (id) && isfinite (id->valuedouble)))
        {
          char *text = cJSON_PrintUnformatted (id);

          *id_json = g_strdup (text);
          cJSON_free (text);
        }
    }

  return twin_json_command_from_object (root, command, error);
}

/**
 * twin_json_command_reply:
 * @id_json: (nullable): the command's id as JSON text
 * @error: (nullable): why the command was refused, or %NULL if applied
 *
 * Returns: {"ok":true} or {"ok":false,"error":"…"}, with "id" echoed.
 */
char *
twin_json_command_reply (const char   *id_json,
                         const GError *error)
{
  cJSON *root = cJSON_CreateObject ();
  char *text;
  char *ret;

  cJSON_AddBoolToObject (root, "ok", error == NULL);
  if (error != NULL)
    cJSON_AddStringToObject (root, "error", error->message);
  if (id_json != NULL)
    cJSON_AddItemToObject (root, "id", cJSON_Parse (id_json));

  text = cJSON_PrintUnformatted (root);
  ret = g_strdup (text);
  cJSON_free (text);
  cJSON_Delete (root);

  return ret;
}

/**
 * twin_json_parse_reading:
 *
 * Reads a sensor reading strictly: exactly the tutorial's four keys,
 * numbers, finite and within the physical bounds.
 */
gboolean
twin_json_parse_reading (const char   *data,
                         gsize         length,
                         TwinReading  *reading,
                         GError      **error)
{
  static const char *keys[] = { "temperature", "vibration", "rpm", "timestamp" };
  double *fields[] = { &reading->temperature, &reading->vibration, &reading->rpm, &reading->timestamp };
  guint seen = 0;
  g_autoptr(cJSON) root = NULL;

  g_return_val_if_fail (reading != NULL, FALSE);

  if (!twin_json_check_payload (data, length, TWIN_JSON_MAX_COMMAND_SIZE, error))
    return FALSE;
  if ((root = twin_json_parse_object (data, length, error)) == NULL)
    return FALSE;

  for (const cJSON *item = root->child; item != NULL; item = item->next)
    {
      guint i;

      for (i = 0; i < G_N_ELEMENTS (keys); i++)
        if (g_strcmp0 (item->string, keys[i]) == 0)
          break;

      if (i == G_N_ELEMENTS (keys))
        {
          g_autofree char *shown = twin_json_shorten (item->string, -1);

          g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_UNKNOWN_FIELD,
                       "%s: unknown field; allowed: temperature, vibration, rpm, timestamp", shown);
          return FALSE;
        }

      if (!get_number (item, keys[i], fields[i], error))
        return FALSE;
      seen |= 1u << i;
    }

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    if (!(seen & (1u << i)))
      {
        g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_MALFORMED,
                     "%s: missing; a reading has temperature, vibration, rpm and timestamp", keys[i]);
        return FALSE;
      }

  return twin_reading_validate (reading, error);
}
