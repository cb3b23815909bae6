/* bench-history.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdlib.h>
#include <time.h>

#include "twin-history.h"
#include "twin-bench.h"

#define N_BUCKETS   1920
#define N_RUNS      101
#define N_PATTERN   4096

/* Median us per query; the channel rotates so runs do not all read the same,
 * already cached, summary.
 */
static double
bench_query (const TwinHistory *history,
             double             t0,
             double             t1,
             TwinBucket        *buckets)
{
  double times[N_RUNS];

  for (guint r = 0; r < N_RUNS; r++)
    {
      double start = (twin_bench_now_ms () * 1e3);

      twin_history_query (history, r % TWIN_N_CHANNELS, t0, t1, N_BUCKETS, buckets);
      times[r] = (twin_bench_now_ms () * 1e3) - start;
    }

  return twin_bench_median (times, N_RUNS);
}

int
main (void)
{
  static const gsize sizes[] = { 10000, 100000, 1000000, 10000000 };
  g_autofree TwinSample *pattern = g_new (TwinSample, N_PATTERN);
  g_autofree TwinBucket *buckets = g_new (TwinBucket, N_BUCKETS);
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  double whole[G_N_ELEMENTS (sizes)];
  double recent[G_N_ELEMENTS (sizes)];

  /* A random walk, generated up front so the append rate is the history's. */
  for (guint i = 0; i < N_PATTERN; i++)
    for (guint ch = 0; ch < TWIN_N_CHANNELS; ch++)
      pattern[i].values[ch] = (i > 0 ? pattern[i - 1].values[ch] : 0)
                              + (float) g_rand_double_range (rand, -1, 1);

  g_print ("history benchmark: %u buckets, median of %u queries\n", N_BUCKETS, N_RUNS);

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      g_autoptr(TwinHistory) history = twin_history_new (sizes[s], TWIN_HISTORY_DEFAULT_INTERVAL);
      double start;
      double append_us;
      double t0;
      double t1;

      start = (twin_bench_now_ms () * 1e3);
      for (gsize i = 0; i < sizes[s]; i++)
        twin_history_append (history, &pattern[i % N_PATTERN]);
      append_us = (twin_bench_now_ms () * 1e3) - start;

      t0 = twin_history_get_first_time (history);
      t1 = twin_history_get_last_time (history) + twin_history_get_interval (history);
      whole[s] = bench_query (history, t0, t1, buckets);
      recent[s] = bench_query (history, t0 + 0.9 * (t1 - t0), t1, buckets);

      g_print ("%8" G_GSIZE_FORMAT " samples: append %6.1f M samples/s, "
               "memory %7.1f MiB, query whole %8.1f us, last 10 %% %8.1f us\n",
               sizes[s],
               sizes[s] / append_us,
               twin_history_get_memory_size (history) / (1024.0 * 1024.0),
               whole[s], recent[s]);
    }

  g_print ("query ratio 1e7/1e4: %.2f (whole range), %.2f (last 10 %%)\n",
           whole[G_N_ELEMENTS (sizes) - 1] / whole[0],
           recent[G_N_ELEMENTS (sizes) - 1] / recent[0]);

  return 0;
}
