/* twin-test-loop.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdlib.h>
#include <time.h>

#include "twin-test-loop.h"

/* A source that never dispatches: GMainContext calls every source's
 * prepare() at the start of an iteration and check() right after its
 * poll, so the time between a check() and the next prepare() is the
 * iteration's work: dispatching every ready source, frames included.
 * It is counted in the main thread's CPU time, so that other processes
 * taking the cores of a loaded machine do not count as the loop's; the
 * wall time is kept beside it. */
typedef struct
{
  GSource  source;
  gint64   polled;       /* CPU µs of the thread when the last poll returned; -1: none yet */
  gint64   polled_wall;
  GArray  *busy_us;      /* gint64 per iteration, CPU */
  GArray  *wall_us;      /* gint64 per iteration, wall */
} TimerSource;

static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

struct _TwinTestLoopTimer
{
  TimerSource *source;
};

static gboolean
timer_prepare (GSource *source,
               int     *timeout)
{
  TimerSource *t = (TimerSource *) source;

  if (t->polled >= 0)
    {
      gint64 busy = thread_cpu_us () - t->polled;
      gint64 wall = g_get_monotonic_time () - t->polled_wall;

      g_array_append_val (t->busy_us, busy);
      g_array_append_val (t->wall_us, wall);
      t->polled = -1;
    }
  *timeout = -1;
  return FALSE;
}

static gboolean
timer_check (GSource *source)
{
  TimerSource *t = (TimerSource *) source;

  t->polled = thread_cpu_us ();
  t->polled_wall = g_get_monotonic_time ();
  return FALSE;
}

static void
timer_finalize (GSource *source)
{
  g_array_unref (((TimerSource *) source)->busy_us);
  g_array_unref (((TimerSource *) source)->wall_us);
}

static GSourceFuncs timer_funcs = {
  .prepare = timer_prepare,
  .check = timer_check,
  .finalize = timer_finalize,
};

TwinTestLoopTimer *
twin_test_loop_timer_new (GMainContext *context)
{
  TwinTestLoopTimer *self = g_new0 (TwinTestLoopTimer, 1);

  self->source = (TimerSource *) g_source_new (&timer_funcs, sizeof (TimerSource));
  self->source->busy_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->source->wall_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->source->polled = -1;
  g_source_set_priority (&self->source->source, G_PRIORITY_HIGH);
  g_source_set_name (&self->source->source, "twin-test-loop-timer");
  g_source_attach (&self->source->source, context);

  return self;
}

void
twin_test_loop_timer_reset (TwinTestLoopTimer *self)
{
  g_array_set_size (self->source->busy_us, 0);
  g_array_set_size (self->source->wall_us, 0);
  self->source->polled = -1;
}

guint
twin_test_loop_timer_count (TwinTestLoopTimer *self)
{
  return self->source->busy_us->len;
}

static double
max_ms (GArray *times)
{
  gint64 max = 0;

  for (guint i = 0; i < times->len; i++)
    max = MAX (max, g_array_index (times, gint64, i));
  return max / 1000.0;
}

/* The longest iteration, in the main thread's CPU time. */
double
twin_test_loop_timer_max_ms (TwinTestLoopTimer *self)
{
  return max_ms (self->source->busy_us);
}

/* The longest iteration in wall time, waits for the CPU included. */
double
twin_test_loop_timer_max_wall_ms (TwinTestLoopTimer *self)
{
  return max_ms (self->source->wall_us);
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

double
twin_test_loop_timer_median_ms (TwinTestLoopTimer *self)
{
  g_autoptr(GArray) copy = NULL;
  guint n = self->source->busy_us->len;

  if (n == 0)
    return 0;
  copy = g_array_copy (self->source->busy_us);
  g_array_sort (copy, compare_gint64);
  return g_array_index (copy, gint64, n / 2) / 1000.0;
}

void
twin_test_loop_timer_free (TwinTestLoopTimer *self)
{
  if (self == NULL)
    return;

  g_source_destroy (&self->source->source);
  g_source_unref (&self->source->source);
  g_free (self);
}
