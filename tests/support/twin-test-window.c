/* twin-test-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "twin-plot-private.h"
#include "twin-test-wait.h"
#include "twin-test-window.h"
#include "twin-window-private.h"

/* Xvfb maps and draws at once; a loaded machine takes its time. */
#define WINDOW_TIMEOUT_S 10.0

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

/**
 * twin_test_present_window:
 * @plot: (nullable): a plot in @window, to wait for its first frame
 *
 * Presents @window and runs the main context until it is mapped (and
 * @plot drawn), then until nothing more is ready.
 */
void
twin_test_present_window (GtkWindow *window,
                          TwinPlot  *plot)
{
  gtk_window_present (window);
  twin_test_wait_until (is_mapped, window, WINDOW_TIMEOUT_S, "the window to be mapped");
  if (plot != NULL)
    twin_test_wait_for_draws (plot, 1);
  twin_test_iterate ();
}

/**
 * twin_test_open_window:
 * @settings: (nullable): the window's settings, if any
 * @width: the window's width, or 0 for its default
 *
 * Returns: (transfer full): a Twinscope window on @engine, presented and
 *   drawn once
 */
TwinWindow *
twin_test_open_window (TwinEngine *engine,
                       GSettings  *settings,
                       int         width,
                       int         height)
{
  TwinWindow *window = g_object_ref_sink (twin_window_new (NULL, engine, settings));

  if (width > 0)
    gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  twin_test_present_window (GTK_WINDOW (window), window->plot);

  return window;
}

/* Destroys @window; it and @engine must be gone with their last reference. */
void
twin_test_close_window (TwinWindow *window,
                        TwinEngine *engine)
{
  gtk_window_destroy (GTK_WINDOW (window));
  twin_test_iterate ();
  g_assert_finalize_object (window);
  g_assert_finalize_object (engine);
}

typedef struct
{
  TwinPlot *plot;
  guint     n_draws;
} DrawWait;

static gboolean
drawn (gpointer data)
{
  DrawWait *w = data;

  return twin_plot_get_n_draws (w->plot) >= w->n_draws;
}

/* Runs the main context until @plot was drawn @n_draws times in all. */
void
twin_test_wait_for_draws (TwinPlot *plot,
                          guint     n_draws)
{
  DrawWait w = { plot, n_draws };

  twin_test_wait_until (drawn, &w, WINDOW_TIMEOUT_S / 2, "the plot's draw %u", n_draws);
}

/**
 * twin_test_settle_plot:
 *
 * Runs the main context until @plot has not been drawn for @quiet_s (or
 * 5 s pass), so that a frame still due from an earlier change, late on a
 * loaded machine, is not counted against what a test does next.
 *
 * Returns: the draw count
 */
guint
twin_test_settle_plot (TwinPlot *plot,
                       double    quiet_s)
{
  gint64 give_up = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  guint n = twin_plot_get_n_draws (plot);

  while (g_get_monotonic_time () < give_up)
    {
      twin_test_run_for (quiet_s);
      if (twin_plot_get_n_draws (plot) == n)
        break;
      n = twin_plot_get_n_draws (plot);
    }

  return n;
}
