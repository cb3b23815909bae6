/* twin-test-gui.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Main-loop helpers the window and plot tests share.
 */

#pragma once

#include <gtk/gtk.h>

#include "twin-plot-private.h"

/* Runs whatever is ready, without waiting. */
static inline void
twin_test_iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static inline gboolean
twin_test_tick_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Iterates the main context until @done says so or @timeout_ms pass; a
 * 5-ms tick keeps the loop from sleeping past the deadline. */
static inline gboolean
twin_test_iterate_until (gboolean (*done) (gpointer),
                         gpointer   data,
                         guint      timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  guint tick = g_timeout_add (5, twin_test_tick_cb, NULL);
  gboolean ok;

  while (!(ok = done (data)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (tick);
  return ok;
}

static inline void
twin_test_iterate_for (guint ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) ms * 1000;
  guint tick = g_timeout_add (5, twin_test_tick_cb, NULL);

  while (g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick);
}

typedef struct
{
  TwinPlot *plot;
  guint     n_draws;
} TwinTestDrawWait;

static inline gboolean
twin_test_drawn_cb (gpointer data)
{
  TwinTestDrawWait *w = data;

  return twin_plot_get_n_draws (w->plot) >= w->n_draws;
}

/* Whether @plot was drawn @n_draws times in all within 5 s. */
static inline gboolean
twin_test_wait_for_draws (TwinPlot *plot,
                          guint     n_draws)
{
  TwinTestDrawWait w = { plot, n_draws };

  return twin_test_iterate_until (twin_test_drawn_cb, &w, 5000);
}

/* Iterates until @plot has not been drawn for @quiet_ms (or 5 s pass), so
 * that a frame still due from an earlier change, late on a loaded machine,
 * is not counted against what a test does next. Returns the draw count. */
static inline guint
twin_test_settle_plot (TwinPlot *plot,
                       guint     quiet_ms)
{
  gint64 give_up = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  guint n = twin_plot_get_n_draws (plot);

  while (g_get_monotonic_time () < give_up)
    {
      twin_test_iterate_for (quiet_ms);
      if (twin_plot_get_n_draws (plot) == n)
        break;
      n = twin_plot_get_n_draws (plot);
    }

  return n;
}
