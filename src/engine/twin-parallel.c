/* twin-parallel.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Jobs by index on a few plain threads, the calling one among them. Each
 * job writes its own result by index, so what comes out does not depend
 * on how many threads ran it or in what order.
 */

#include "config.h"

#include "twin-parallel.h"

#ifdef __GLIBC__
#include <malloc.h>
#endif

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

/**
 * twin_parallel_init:
 *
 * Call once at the start of a process, before any thread. Ensembles and
 * advice allocate and free a trajectory per member, many times a second.
 * glibc hands freed memory back to the kernel once more than a little
 * lies free at the top of the heap, or maps each larger block on its
 * own, so every run faulted its pages in again; two threads faulting in
 * one process at once cost far more than one, and an ensemble on two
 * threads was only 1.6 times as fast as on one. Here blocks under 4 MiB
 * come from the heap, one arena for all threads, and up to 32 MiB of
 * free heap stays with the process for the next run: what an ensemble of
 * 64 members over 10 minutes uses several times over.
 */
void
twin_parallel_init (void)
{
#ifdef __GLIBC__
  mallopt (M_ARENA_MAX, 1);
  mallopt (M_MMAP_THRESHOLD, 4 << 20);
  mallopt (M_TRIM_THRESHOLD, 32 << 20);
#endif
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
  GThread *threads[64];

  g_return_val_if_fail (job != NULL, FALSE);

  if (n_threads == 0)
    n_threads = g_get_num_processors ();
  n_threads = CLAMP (n_threads, 1, MIN (MAX (n_jobs, 1), G_N_ELEMENTS (threads)));

  for (guint t = 1; t < n_threads; t++)
    threads[t] = g_thread_new ("twin-parallel", work_cb, &work);
  work_cb (&work);
  for (guint t = 1; t < n_threads; t++)
    g_thread_join (threads[t]);

  return !work.stopped;
}
