/* twin-parallel.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Jobs by index on a few threads, the calling one among them, the others
 * from a pool that keeps them (and their warm memory) between runs. Each
 * job writes its own result by index, so what comes out does not depend
 * on how many threads ran it or in what order.
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

  GMutex          lock;
  GCond           cond;
  guint           helping;        /* pool threads still at work */
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

static void
help_cb (gpointer data,
         gpointer user_data)
{
  Work *work = data;

  work_cb (work);
  g_mutex_lock (&work->lock);
  if (--work->helping == 0)
    g_cond_signal (&work->cond);
  g_mutex_unlock (&work->lock);
}

/* Unbounded, so that runs started from pool threads never wait for one
 * another; idle threads stay a while and are reused. */
static GThreadPool *
helpers (void)
{
  static GThreadPool *pool;

  if (g_once_init_enter (&pool))
    g_once_init_leave (&pool, g_thread_pool_new (help_cb, NULL, -1, FALSE, NULL));
  return pool;
}

/**
 * twin_parallel_run:
 * @n_threads: threads, this one included; 0 for one per processor
 *
 * Runs @job for 0 … @n_jobs − 1 and returns when all are done.
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

  g_return_val_if_fail (job != NULL, FALSE);

  if (n_threads == 0)
    n_threads = g_get_num_processors ();
  n_threads = CLAMP (n_threads, 1, MAX (n_jobs, 1));

  g_mutex_init (&work.lock);
  g_cond_init (&work.cond);
  work.helping = n_threads - 1;
  for (guint t = 1; t < n_threads; t++)
    g_thread_pool_push (helpers (), &work, NULL);
  work_cb (&work);

  g_mutex_lock (&work.lock);
  while (work.helping > 0)
    g_cond_wait (&work.cond, &work.lock);
  g_mutex_unlock (&work.lock);
  g_mutex_clear (&work.lock);
  g_cond_clear (&work.cond);

  return !work.stopped;
}
