/* twin-test-json.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * JSON documents the parser tests and the parser benchmark both use.
 */

#pragma once

#include <glib.h>

/* An object of @n_keys distinct short keys, each set to 0, stopping
 * before it would reach @max_length bytes: the duplicate check's worst
 * case. */
static inline char *
twin_test_many_keys_json (guint n_keys,
                          gsize max_length)
{
  static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  GString *text = g_string_new ("{");

  for (guint i = 0; i < n_keys && text->len + 12 < max_length; i++)
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
