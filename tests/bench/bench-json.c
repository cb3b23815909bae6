/* bench-json.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What one command costs the main loop to refuse: a short bad command
 * against the worst 64 KiB ones a client can send (issue: 8 672 keys took
 * 0.12 s when duplicates were checked pairwise).
 */

#include <string.h>

#include "twin-bench.h"
#include "twin-json.h"

#define SIZE TWIN_JSON_MAX_COMMAND_SIZE

static char *
many_keys (void)
{
  static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  GString *text = g_string_new ("{");

  for (guint i = 0; text->len + 12 < SIZE; i++)
    {
      guint n = i, width = 1, span = 62;

      while (n >= span)
        n -= span, span *= 62, width++;
      g_string_append (text, i > 0 ? ",\"" : "\"");
      for (guint w = 0; w < width; w++, n /= 62)
        g_string_append_c (text, digits[n % 62]);
      g_string_append (text, "\":0");
    }
  g_string_append_c (text, '}');

  return g_string_free (text, FALSE);
}

/* Nested to the depth limit, full of numbers: the tree cJSON would build
 * without a limit on values (7.8 ms). */
static char *
many_numbers (void)
{
  GString *text = g_string_new ("{\"id\":[[[[[[[0");

  while (text->len + 12 < SIZE)
    g_string_append (text, ",0");
  g_string_append (text, "]]]]]]]}");

  return g_string_free (text, FALSE);
}

/* As many of the longest strings as the limits let through, all escapes:
 * the most work cJSON can be made to do. */
static char *
long_strings (void)
{
  GString *text = g_string_new ("{\"id\":[");

  for (guint i = 0; i < TWIN_JSON_MAX_VALUES - 2 && text->len + TWIN_JSON_MAX_STRING + 8 < SIZE; i++)
    {
      g_string_append (text, i > 0 ? ",\"" : "\"");
      for (guint j = 0; j + 2 <= TWIN_JSON_MAX_STRING; j += 2)
        g_string_append (text, "\\\"");
      g_string_append_c (text, '"');
    }
  g_string_append (text, "]}");

  return g_string_free (text, FALSE);
}

static char *
white_space (void)
{
  GString *text = g_string_new ("{\"ambient\": 81");

  while (text->len + 2 < SIZE)
    g_string_append_c (text, ' ');
  g_string_append_c (text, '}');

  return g_string_free (text, FALSE);
}

static char *
same_key (void)
{
  GString *text = g_string_new ("{\"faults\":{\"bearing_defect\":true");

  while (text->len + 32 < SIZE)
    g_string_append (text, ",\"bearing_defect\":true");
  g_string_append (text, "}}");

  return g_string_free (text, FALSE);
}

static double
median_us (const char *text,
           guint       rounds)
{
  g_autofree double *times = g_new (double, rounds);
  gsize len = strlen (text);

  for (guint r = 0; r < rounds; r++)
    {
      double t0 = twin_bench_now_ms ();
      const guint n = 20;

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(GError) error = NULL;
          TwinCommand command;

          if (twin_json_parse_command (text, len, &command, NULL, &error))
            g_error ("accepted: %.40s", text);
        }
      times[r] = (twin_bench_now_ms () - t0) * 1e3 / n;
    }

  return twin_bench_median (times, rounds);
}

int
main (int   argc,
      char *argv[])
{
  struct { const char *name; char *text; } cases[] = {
    { "bad command (ambient 81)", g_strdup ("{\"ambient\": 81}") },
    { "64 KiB, distinct keys", many_keys () },
    { "64 KiB, one key repeated", same_key () },
    { "64 KiB, nested numbers", many_numbers () },
    { "64 KiB, escaped strings", long_strings () },
    { "64 KiB, white space", white_space () },
  };
  double normal = 0, worst = 0;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      double us = median_us (cases[i].text, 51);

      g_print ("%-26s %6zu bytes %10.1f µs per command (median of 51 × 20)\n",
               cases[i].name, strlen (cases[i].text), us);
      if (i == 0)
        normal = us;
      else
        worst = MAX (worst, us);
      g_free (cases[i].text);
    }
  g_print ("worst 64 KiB command / bad command: %.0f×\n", worst / normal);

  return 0;
}
