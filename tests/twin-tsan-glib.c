/* twin-tsan-glib.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Preloaded into the ThreadSanitizer run of the MQTT tests. GLib's
 * mutexes, conditions and queues are futexes and atomics in uninstrumented
 * code, so ThreadSanitizer sees none of the order they impose and reports
 * every hand-over between a paho thread and the main loop as a race. This
 * wraps the GLib calls other code makes (the process's and the libraries'
 * own, through their PLT) and tells ThreadSanitizer what each one orders;
 * races in code that skips them stay visible. Built without sanitizer, it
 * does nothing in a process without ThreadSanitizer (mosquitto, python).
 */

#include <dlfcn.h>
#include <glib.h>

void __tsan_acquire (void *addr) __attribute__((weak));
void __tsan_release (void *addr) __attribute__((weak));

static void
acquire (const void *addr)
{
  if (__tsan_acquire != NULL)
    __tsan_acquire ((void *) addr);
}

static void
release (const void *addr)
{
  if (__tsan_release != NULL)
    __tsan_release ((void *) addr);
}

#define REAL(name) \
  static __typeof__ (name) *real = NULL; \
  if (real == NULL) \
    real = (__typeof__ (name) *) dlsym (RTLD_NEXT, #name)

/* Mutexes and conditions */

void
g_mutex_lock (GMutex *mutex)
{
  REAL (g_mutex_lock);
  real (mutex);
  acquire (mutex);
}

gboolean
g_mutex_trylock (GMutex *mutex)
{
  REAL (g_mutex_trylock);
  gboolean locked = real (mutex);

  if (locked)
    acquire (mutex);
  return locked;
}

void
g_mutex_unlock (GMutex *mutex)
{
  REAL (g_mutex_unlock);
  release (mutex);
  real (mutex);
}

void
g_rec_mutex_lock (GRecMutex *mutex)
{
  REAL (g_rec_mutex_lock);
  real (mutex);
  acquire (mutex);
}

void
g_rec_mutex_unlock (GRecMutex *mutex)
{
  REAL (g_rec_mutex_unlock);
  release (mutex);
  real (mutex);
}

void
g_cond_wait (GCond  *cond,
             GMutex *mutex)
{
  REAL (g_cond_wait);
  release (mutex);
  real (cond, mutex);
  acquire (mutex);
}

gboolean
g_cond_wait_until (GCond  *cond,
                   GMutex *mutex,
                   gint64  end_time)
{
  REAL (g_cond_wait_until);
  gboolean signalled;

  release (mutex);
  signalled = real (cond, mutex, end_time);
  acquire (mutex);
  return signalled;
}

/* Queues: the queue's own lock, taken through its public API, orders
 * every push and pop, the queue's list nodes included. */

void
g_async_queue_push (GAsyncQueue *queue,
                    gpointer     data)
{
  g_async_queue_lock (queue);
  acquire (queue);
  g_async_queue_push_unlocked (queue, data);
  release (queue);
  g_async_queue_unlock (queue);
}

gpointer
g_async_queue_try_pop (GAsyncQueue *queue)
{
  gpointer data;

  g_async_queue_lock (queue);
  acquire (queue);
  data = g_async_queue_try_pop_unlocked (queue);
  release (queue);
  g_async_queue_unlock (queue);
  return data;
}

/* Sources: what a thread wrote before adding an idle or timeout is seen
 * by its callback in the main loop. */

typedef struct
{
  GSource       *source;
  GSourceFunc    func;
  gpointer       data;
  GDestroyNotify notify;
} Hop;

static gboolean
hop_cb (gpointer user_data)
{
  Hop *hop = user_data;

  acquire (hop);
  acquire (hop->source);
  return hop->func (hop->data);
}

static void
hop_free (gpointer user_data)
{
  Hop *hop = user_data;

  acquire (hop);
  acquire (hop->source);
  if (hop->notify != NULL)
    hop->notify (hop->data);
  g_free (hop);
}

static Hop *
hop_new (GSource        *source,
         GSourceFunc     func,
         gpointer        data,
         GDestroyNotify  notify)
{
  Hop *hop = g_new (Hop, 1);

  hop->source = source;
  hop->func = func;
  hop->data = data;
  hop->notify = notify;
  release (hop);
  return hop;
}

void
g_source_set_callback (GSource        *source,
                       GSourceFunc     func,
                       gpointer        data,
                       GDestroyNotify  notify)
{
  REAL (g_source_set_callback);

  /* Only these call back a GSourceFunc; others (sockets, child watches)
   * cast theirs. */
  if (func != NULL && (source->source_funcs == &g_idle_funcs || source->source_funcs == &g_timeout_funcs))
    {
      Hop *hop = hop_new (source, func, data, notify);

      real (source, hop_cb, hop, hop_free);
      release (hop);
    }
  else
    real (source, func, data, notify);
}

/* What attaching allocated is freed by the context's thread. */
guint
g_source_attach (GSource      *source,
                 GMainContext *context)
{
  REAL (g_source_attach);
  guint id = real (source, context);

  release (source);
  return id;
}

guint
g_idle_add_full (gint           priority,
                 GSourceFunc    func,
                 gpointer       data,
                 GDestroyNotify notify)
{
  REAL (g_idle_add_full);
  return real (priority, hop_cb, hop_new (NULL, func, data, notify), hop_free);
}

guint
g_idle_add (GSourceFunc func,
            gpointer    data)
{
  return g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, func, data, NULL);
}

guint
g_timeout_add_full (gint           priority,
                    guint          interval,
                    GSourceFunc    func,
                    gpointer       data,
                    GDestroyNotify notify)
{
  REAL (g_timeout_add_full);
  return real (priority, interval, hop_cb, hop_new (NULL, func, data, notify), hop_free);
}

guint
g_timeout_add (guint       interval,
               GSourceFunc func,
               gpointer    data)
{
  return g_timeout_add_full (G_PRIORITY_DEFAULT, interval, func, data, NULL);
}

guint
g_timeout_add_seconds_full (gint           priority,
                            guint          interval,
                            GSourceFunc    func,
                            gpointer       data,
                            GDestroyNotify notify)
{
  REAL (g_timeout_add_seconds_full);
  return real (priority, interval, hop_cb, hop_new (NULL, func, data, notify), hop_free);
}

guint
g_timeout_add_seconds (guint       interval,
                       GSourceFunc func,
                       gpointer    data)
{
  return g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, interval, func, data, NULL);
}
