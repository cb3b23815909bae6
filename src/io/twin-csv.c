/* twin-csv.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "twin-csv"

#include "config.h"

#include <math.h>

#include "twin-csv.h"
#include "twin-file.h"

/* After the history's channels, which stay first under their old names so
 * that earlier readers go on working. */
static const char * const context_columns[] = { "zone", "tripped", "alarms", "faults", "model" };

typedef struct
{
  const TwinCsvLog *log;
  double            t0;
  double            t1;
} Range;

/**
 * twin_csv_get_rows:
 *
 * The indices [@first, @end) of the history's samples in [@t0, @t1]: the
 * rows twin_csv_write() writes.
 */
void
twin_csv_get_rows (const TwinHistory *history,
             double             t0,
             double             t1,
             guint64           *first,
             guint64           *end)
{
  guint64 begin = twin_history_get_first_index (history);
  guint64 stop = twin_history_get_end_index (history);
  double interval = twin_history_get_interval (history);
  double origin = twin_history_index_to_time (history, 0);

  g_return_if_fail (history != NULL);

  if (t0 > twin_history_index_to_time (history, begin))
    begin = MIN (stop, MAX (begin, (guint64) ceil ((t0 - origin) / interval - 1e-9)));
  if (stop > begin && t1 < twin_history_index_to_time (history, stop - 1))
    stop = t1 < origin ? begin : MAX (begin, (guint64) floor ((t1 - origin) / interval + 1e-9) + 1);

  *first = begin;
  *end = stop;
}

/**
 * twin_csv_count_rows:
 *
 * Returns: how many rows twin_csv_write() writes for [@t0, @t1]
 */
gsize
twin_csv_count_rows (const TwinHistory *history,
                     double             t0,
                     double             t1)
{
  guint64 first, end;

  g_return_val_if_fail (history != NULL, 0);

  twin_csv_get_rows (history, t0, t1, &first, &end);
  return (gsize) (end - first);
}

/* Appends only, no printf: a day at 10 Hz is 864 000 rows. */
static void
append_context (GString           *chunk,
                const TwinCsvMark *mark,
                const double      *params,
                float              vibration)
{
  gboolean first = TRUE;

  g_string_append_c (chunk, ',');
  g_string_append_c (chunk, twin_zone_letter (twin_zone_for_vibration (params, vibration)));
  g_string_append (chunk, mark->alarms & TWIN_ALARM_TRIPPED ? ",true," : ",false,");

  for (guint i = 0; i < TWIN_N_ALARMS; i++)
    if (mark->alarms & twin_alarm_from_index (i))
      {
        if (!first)
          g_string_append_c (chunk, ';');
        g_string_append (chunk, twin_alarm_get_name (twin_alarm_from_index (i)));
        first = FALSE;
      }

  g_string_append_c (chunk, ',');
  if (mark->cooling_degraded)
    g_string_append (chunk, "cooling_degraded");
  if (mark->bearing_defect)
    g_string_append (chunk, mark->cooling_degraded ? ";bearing_defect" : "bearing_defect");

  g_string_append_c (chunk, ',');
  g_string_append (chunk, mark->model);
  g_string_append_c (chunk, '\n');
}

/**
 * twin_csv_write:
 * @t0: the first time to write, or %TWIN_CSV_ALL_T0
 * @t1: the last, or %TWIN_CSV_ALL_T1
 *
 * Writes the samples of the log's engine's history in [@t0, @t1], oldest
 * first, under a header that names each column's unit: the history's
 * channels, then the zone, whether tripped, the alarms and faults (names
 * joined by ";") and the model at each sample's time.
 */
gboolean
twin_csv_write (const TwinCsvLog  *log,
                double             t0,
                double             t1,
                GOutputStream     *stream,
                GCancellable      *cancellable,
                GError           **error)
{
  g_autoptr(GString) chunk = g_string_sized_new (1 << 16);
  TwinEngine *engine;
  const TwinHistory *history;
  const TwinCsvMark *marks;
  guint n_marks;
  guint m = 0;
  guint64 first, end;
  TwinSim sim;

  g_return_val_if_fail (log != NULL, FALSE);

  engine = twin_csv_log_get_engine (log);
  history = twin_engine_get_history (engine);
  marks = twin_csv_log_get_marks (log, &n_marks);
  twin_engine_get_sim (engine, &sim);
  twin_csv_get_rows (history, t0, t1, &first, &end);

  g_string_append (chunk, "time (s)");
  for (guint c = 0; c < TWIN_N_CHANNELS; c++)
    g_string_append_printf (chunk, ",%s (%s)", twin_channels[c].name, twin_channels[c].unit);
  for (guint c = 0; c < G_N_ELEMENTS (context_columns); c++)
    g_string_append_printf (chunk, ",%s", context_columns[c]);
  g_string_append_c (chunk, '\n');

  for (guint64 i = first; i < end; i++)
    {
      TwinSample s;
      char t[G_ASCII_DTOSTR_BUF_SIZE];
      double time = twin_history_index_to_time (history, i);

      twin_history_get_sample (history, i, &s);
      g_ascii_formatd (t, sizeof t, "%.3f", time);
      g_string_append (chunk, t);

      for (guint c = 0; c < TWIN_N_CHANNELS; c++)
        {
          char v[G_ASCII_DTOSTR_BUF_SIZE];

          g_ascii_formatd (v, sizeof v, "%.7g", s.values[c]);
          g_string_append_c (chunk, ',');
          g_string_append (chunk, v);
        }

      /* A sample at a change's time already shows it. */
      while (m + 1 < n_marks && marks[m + 1].time <= time + 1e-9)
        m++;
      append_context (chunk, &marks[m], sim.params, s.values[TWIN_CHANNEL_VIBRATION]);

      if (chunk->len > (1 << 16) - 512)
        {
          if (!g_output_stream_write_all (stream, chunk->str, chunk->len, NULL, cancellable, error))
            return FALSE;
          g_string_truncate (chunk, 0);
        }
    }

  return g_output_stream_write_all (stream, chunk->str, chunk->len, NULL, cancellable, error);
}

static gboolean
write_range (GOutputStream  *stream,
             gpointer        user_data,
             GError        **error)
{
  const Range *range = user_data;

  return twin_csv_write (range->log, range->t0, range->t1, stream, NULL, error);
}

/**
 * twin_csv_save:
 *
 * Writes twin_csv_write() to @path whole or not at all (twin_file_replace()).
 */
gboolean
twin_csv_save (const TwinCsvLog  *log,
               double             t0,
               double             t1,
               const char        *path,
               GError           **error)
{
  Range range = { log, t0, t1 };

  g_return_val_if_fail (log != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  return twin_file_replace (path, write_range, &range, error);
}
