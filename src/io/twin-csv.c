/* twin-csv.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "twin-csv"

#include "config.h"

#include "twin-csv.h"
#include "twin-file.h"


/**
 * twin_csv_write_history:
 *
 * Writes every sample the history holds, oldest first, under a header that
 * names each column's unit.
 */
gboolean
twin_csv_write_history (const TwinHistory  *history,
                        GOutputStream      *stream,
                        GCancellable       *cancellable,
                        GError            **error)
{
  g_autoptr(GString) chunk = g_string_sized_new (1 << 16);
  guint64 end = twin_history_get_end_index (history);

  g_string_append (chunk, "time (s)");
  for (guint c = 0; c < TWIN_N_CHANNELS; c++)
    g_string_append_printf (chunk, ",%s (%s)", twin_channels[c].name, twin_channels[c].unit);
  g_string_append_c (chunk, '\n');

  for (guint64 i = twin_history_get_first_index (history); i < end; i++)
    {
      TwinSample s;
      char t[G_ASCII_DTOSTR_BUF_SIZE];

      twin_history_get_sample (history, i, &s);
      g_ascii_formatd (t, sizeof t, "%.3f", twin_history_index_to_time (history, i));
      g_string_append (chunk, t);

      for (guint c = 0; c < TWIN_N_CHANNELS; c++)
        {
          char v[G_ASCII_DTOSTR_BUF_SIZE];

          g_ascii_formatd (v, sizeof v, "%.7g", s.values[c]);
          g_string_append_c (chunk, ',');
          g_string_append (chunk, v);
        }
      g_string_append_c (chunk, '\n');

      if (chunk->len > (1 << 16) - 256)
        {
          if (!g_output_stream_write_all (stream, chunk->str, chunk->len, NULL, cancellable, error))
            return FALSE;
          g_string_truncate (chunk, 0);
        }
    }

  return g_output_stream_write_all (stream, chunk->str, chunk->len, NULL, cancellable, error);
}

static gboolean
write_history (GOutputStream  *stream,
               gpointer        user_data,
               GError        **error)
{
  return twin_csv_write_history (user_data, stream, NULL, error);
}

/**
 * twin_csv_save_history:
 *
 * Writes the history to @path whole or not at all (twin_file_replace()).
 */
gboolean
twin_csv_save_history (const TwinHistory  *history,
                       const char         *path,
                       GError            **error)
{
  return twin_file_replace (path, write_history, (gpointer) history, error);
}
