/* twin-parallel.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Jobs by index on a few threads, the calling one among them. Each job
 * writes its own result by index, so what comes out does not depend on
 * how many threads ran it or in what order.
 */

#include "config.h"

#include "twin-parallel.h"

typedef struct
{
  TwinParallelJob job;
  gpointer        data;
  guint           n_jobs;
  gint            next;
  gint            stopped;
} Work;

static gpointer
work_cb (gpointer data)
{
  Work *work = data;

  while (!g_atomic_int_get (&work->stopped))
    {
      guint i = (guint) g_atomic_int_add (&work->next, 1);

      if (i >= work->n_jobs)
        break;
      if (!work->job (i, work->data))
        g_atomic_int_set (&work->stopped, 1);
    }

  return NULL;
}

/* Helpers that wait between runs, so that a run does not pay for
 * starting threads (an ensemble makes two runs of about 5 ms each; the
 * threads cost 50 µs a run to start and join, and a new thread starts on a
 * cold core). One run uses them at a time; a run that finds them in use,
 * a run nested in a job among them, starts threads of its own. They live
 * as long as the process. */
static GMutex  pool_use;
static GMutex  pool_lock;
static GCond   pool_wake;
static GCond   pool_done;
static Work   *pool_work;
static guint   pool_run;       /* counts runs, so that a helper sees a new one */
static guint   pool_size;      /* helpers started */
static guint   pool_wanted;    /* helpers the current run asked for */
static guint   pool_running;   /* of those, still working */

static gpointer
helper_cb (gpointer data)
{
  guint index = GPOINTER_TO_UINT (data);
  guint seen;

  g_mutex_lock (&pool_lock);
  seen = pool_run - 1;
  for (;;)
    {
      Work *work;

      while (pool_run == seen)
        g_cond_wait (&pool_wake, &pool_lock);
      seen = pool_run;
      if (index >= pool_wanted)
        continue;
      work = pool_work;
      g_mutex_unlock (&pool_lock);
      work_cb (work);
      g_mutex_lock (&pool_lock);
      if (--pool_running == 0)
        g_cond_signal (&pool_done);
    }

  return NULL;
}

static void
run_on_pool (Work  *work,
             guint  n_helpers)
{
  g_mutex_lock (&pool_lock);
  pool_work = work;
  pool_wanted = pool_running = n_helpers;
  pool_run++;
  for (; pool_size < n_helpers; pool_size++)
    g_thread_unref (g_thread_new ("twin-parallel", helper_cb, GUINT_TO_POINTER (pool_size)));
  g_cond_broadcast (&pool_wake);
  g_mutex_unlock (&pool_lock);

  work_cb (work);

  g_mutex_lock (&pool_lock);
  while (pool_running > 0)
    g_cond_wait (&pool_done, &pool_lock);
  pool_work = NULL;
  g_mutex_unlock (&pool_lock);
}

/**
 * twin_parallel_run:
 * @n_threads: threads, this one included; 0 for one per processor
 *
 * Runs @job for 0 … @n_jobs − 1 and returns when all are done, on the
 * helpers kept for the purpose when no other run uses them.
 *
 * Returns: %FALSE when a job stopped the run
 */
gboolean
twin_parallel_run (guint           n_jobs,
                   guint           n_threads,
                   TwinParallelJob job,
                   gpointer        data)
{
  Work work = { job, data, n_jobs, 0, 0 };
  GThread *threads[64];

  g_return_val_if_fail (job != NULL, FALSE);

  if (n_threads == 0)
    n_threads = g_get_num_processors ();
  n_threads = CLAMP (n_threads, 1, MIN (MAX (n_jobs, 1), G_N_ELEMENTS (threads)));

  if (n_threads > 1 && g_mutex_trylock (&pool_use))
    {
      run_on_pool (&work, n_threads - 1);
      g_mutex_unlock (&pool_use);
    }
  else
    {
      for (guint t = 1; t < n_threads; t++)
        threads[t] = g_thread_new ("twin-parallel", work_cb, &work);
      work_cb (&work);
      for (guint t = 1; t < n_threads; t++)
        g_thread_join (threads[t]);
    }

  return !work.stopped;
}
