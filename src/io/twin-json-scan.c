/* twin-json-scan.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The strict, linear reading of JSON text: limits, duplicates, UTF-8.
 */

#define G_LOG_DOMAIN "twin-json"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "twin-json.h"

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
  guint     max_values;
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
                   "%s: %s is too large to be represented; allowed: magnitudes up to %s",
                   field, buf, TWIN_NUM (DBL_MAX));
      return FALSE;
    }

  /* A magnitude below DBL_MIN has lost digits already, or become 0. */
  if (nonzero && fabs (value) < DBL_MIN)
    {
      g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_INVALID_VALUE,
                   "%s: %s is too close to 0 to be represented; allowed: 0 or magnitudes from %s to %s",
                   field, buf, TWIN_NUM (DBL_MIN), TWIN_NUM (DBL_MAX));
      return FALSE;
    }

  return TRUE;
}

static gboolean
scan_value (Scan    *scan,
            GError **error)
{
  g_autofree char *field = NULL;

  if (++scan->n_values <= scan->max_values)
    return TRUE;

  field = scan_path (scan);
  g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_MALFORMED,
               "%s: more than %u values in one document; allowed: at most %u",
               field, scan->max_values, scan->max_values);
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
           guint        max_values,
           GError     **error)
{
  const char *end = data + length;
  const char *p = data;
  Scan scan = { .max_values = max_values };

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
 * twin_json_parse_object_bounded:
 * @max_values: values the document may hold at most
 *
 * twin_json_parse_object() for documents larger than a command, such as
 * a predict request with its schedule.
 */
cJSON *
twin_json_parse_object_bounded (const char  *data,
                                gsize        length,
                                guint        max_values,
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

  if (!scan_text (data, length, max_values, error))
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

/**
 * twin_json_parse_object:
 *
 * Parses at most TWIN_JSON_MAX_DEPTH levels, TWIN_JSON_MAX_FIELDS
 * fields per object and TWIN_JSON_MAX_VALUES values, in time linear in
 * @length.
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
  return twin_json_parse_object_bounded (data, length, TWIN_JSON_MAX_VALUES, error);
}
