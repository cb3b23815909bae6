/* twin-test-wait.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "twin-test-wait.h"

/* How often a wait looks again at a condition that changes on another
 * thread (paho's, a child process), which does not wake the main context. */
#define POLL_MS 2

static gboolean
tick_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

/* Whether @condition held before @timeout_s passed; the main context runs
 * meanwhile when @run_main_context says so, else the thread only sleeps. */
static gboolean
wait_for (TwinTestCondition condition,
          gpointer          data,
          double            timeout_s,
          gboolean          run_main_context)
{
  gint64 deadline = g_get_monotonic_time () + (gint64)(timeout_s * G_USEC_PER_SEC);
  guint tick = run_main_context ? g_timeout_add (POLL_MS, tick_cb, NULL) : 0;
  gboolean held;

  while (!(held = condition (data)) && g_get_monotonic_time () < deadline)
    {
      if (run_main_context)
        g_main_context_iteration (NULL, TRUE);
      else
        g_usleep (POLL_MS * 1000);
    }

  if (tick != 0)
    g_source_remove (tick);
  return held;
}

/* Fails the test, naming what it waited for, when @condition did not
 * hold within @timeout_s. */
static void G_GNUC_PRINTF (5, 0)
wait_or_fail (TwinTestCondition  condition,
              gpointer           data,
              double             timeout_s,
              gboolean           run_main_context,
              const char        *format,
              va_list            args)
{
  g_autofree char *what = NULL;

  if (wait_for (condition, data, timeout_s, run_main_context))
    return;

  what = g_strdup_vprintf (format, args);
  g_error ("waited %g s for %s, in vain", timeout_s, what);
}

/* A condition: the #gboolean @flag points to is set. */
gboolean
twin_test_flag_is_set (gpointer flag)
{
  return *(gboolean *)flag;
}

/* Runs whatever is ready, without waiting. */
void
twin_test_iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Runs the main context for @seconds. */
void
twin_test_run_for (double seconds)
{
  wait_for (never, NULL, seconds, TRUE);
}

/**
 * twin_test_wait_until:
 * @format: what is waited for, as in "the mirror to connect"
 *
 * Runs the main context until @condition holds; fails the test, naming
 * what it waited for, when @timeout_s pass first.
 */
void
twin_test_wait_until (TwinTestCondition  condition,
                      gpointer           data,
                      double             timeout_s,
                      const char        *format,
                      ...)
{
  va_list args;

  va_start (args, format);
  wait_or_fail (condition, data, timeout_s, TRUE, format, args);
  va_end (args);
}

/**
 * twin_test_wait_blocked_until:
 *
 * As twin_test_wait_until(), with the main context standing still: for a
 * condition another thread makes true while this one must not dispatch.
 */
void
twin_test_wait_blocked_until (TwinTestCondition  condition,
                              gpointer           data,
                              double             timeout_s,
                              const char        *format,
                              ...)
{
  va_list args;

  va_start (args, format);
  wait_or_fail (condition, data, timeout_s, FALSE, format, args);
  va_end (args);
}
