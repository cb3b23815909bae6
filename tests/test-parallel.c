/* test-parallel.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Jobs on threads: each job runs once for any number of threads, on the
 * kept helpers or, when another run has them, on threads of its own; a
 * job that fails stops the run.
 */

#include <string.h>

#include "twin-parallel.h"

#define JOBS 200

typedef struct
{
  gint  runs[JOBS];
  guint nested;    /* jobs per nested run; 0 for none */
  guint threads;
  gint  stop_at;   /* the job that fails; -1 for none */
} Count;

static gboolean
nested_cb (guint    job,
           gpointer data)
{
  g_atomic_int_inc ((gint *) data);
  return TRUE;
}

static gboolean
count_cb (guint    job,
          gpointer data)
{
  Count *count = data;

  g_atomic_int_inc (&count->runs[job]);
  if (count->nested > 0)
    {
      gint done = 0;

      g_assert_true (twin_parallel_run (count->nested, count->threads, nested_cb, &done));
      g_assert_cmpint (done, ==, count->nested);
    }
  return (gint) job != count->stop_at;
}

static void
assert_each_once (const Count *count,
                  guint        n_jobs)
{
  for (guint i = 0; i < JOBS; i++)
    g_assert_cmpint (count->runs[i], ==, i < n_jobs ? 1 : 0);
}

static void
test_each_job_once (void)
{
  static const guint threads[] = { 0, 1, 2, 3, 8, 64, 1000 };
  static const guint jobs[] = { 0, 1, 2, 7, JOBS };

  for (guint t = 0; t < G_N_ELEMENTS (threads); t++)
    for (guint j = 0; j < G_N_ELEMENTS (jobs); j++)
      {
        Count count = { .threads = threads[t], .stop_at = -1 };

        g_assert_true (twin_parallel_run (jobs[j], threads[t], count_cb, &count));
        assert_each_once (&count, jobs[j]);
      }
}

static void
test_failed_job_stops (void)
{
  for (guint threads = 1; threads <= 4; threads++)
    {
      Count count = { .threads = threads, .stop_at = 3 };
      guint ran = 0;

      g_assert_false (twin_parallel_run (JOBS, threads, count_cb, &count));
      g_assert_cmpint (count.runs[3], ==, 1);
      for (guint i = 0; i < JOBS; i++)
        {
          g_assert_cmpint (count.runs[i], <=, 1);
          ran += count.runs[i];
        }
      /* Other threads may finish jobs they took before it failed; on its
       * own, the thread takes none after it. */
      if (threads == 1)
        g_assert_cmpuint (ran, ==, 4);
    }
}

static gpointer
runner_cb (gpointer data)
{
  Count *count = data;

  for (guint r = 0; r < 20; r++)
    {
      memset (count->runs, 0, sizeof count->runs);
      g_assert_true (twin_parallel_run (JOBS, count->threads, count_cb, count));
      assert_each_once (count, JOBS);
    }
  return NULL;
}

/* Runs from four threads at once, their jobs running runs of their own:
 * one at a time has the helpers, the others start threads, and every job
 * of every run runs once. */
static void
test_concurrent_and_nested_runs (void)
{
  Count counts[4];
  GThread *runners[G_N_ELEMENTS (counts)];

  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    {
      counts[i] = (Count) { .threads = 2 + i, .nested = i % 2 == 0 ? 3 : 0, .stop_at = -1 };
      runners[i] = g_thread_new ("runner", runner_cb, &counts[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    g_thread_join (runners[i]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/parallel/each-job-once", test_each_job_once);
  g_test_add_func ("/parallel/failed-job-stops", test_failed_job_stops);
  g_test_add_func ("/parallel/concurrent-and-nested-runs", test_concurrent_and_nested_runs);

  return g_test_run ();
}
