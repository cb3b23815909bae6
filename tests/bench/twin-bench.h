/* twin-bench.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What every benchmark needs: a monotonic clock and the median of a run.
 */

#pragma once

#include <glib.h>
#include <stdlib.h>
#include <time.h>

static inline double
twin_bench_now_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec * 1e-6;
}

static inline int
twin_bench_compare_double (const void *a,
                           const void *b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Sorts @times in place. */
static inline double
twin_bench_median (double *times,
                   guint   n)
{
  qsort (times, n, sizeof (double), twin_bench_compare_double);
  return times[n / 2];
}
