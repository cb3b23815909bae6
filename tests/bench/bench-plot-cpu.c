/* bench-plot-cpu.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The process's CPU time over wall time while the real widget shows a
 * running engine at 1× in a 1920×1080 window (run it under Xvfb): once
 * with a fresh history and the 1-minute window, once with 10⁶ samples and
 * the whole history on screen.
 */

#include <adwaita.h>
#include <sys/resource.h>

#include "twin-plot.h"
#include "twin-plot-private.h"

#define WARMUP_S   1.0
#define MEASURE_S 10.0

static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec * 1e-6 +
         usage.ru_stime.tv_sec + usage.ru_stime.tv_usec * 1e-6;
}

static gboolean
tick_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static void
run_for (double seconds)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (seconds * 1e6);
  guint tick = g_timeout_add (50, tick_cb, NULL);

  while (g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (tick);
}

static void
measure (const char *name,
         double      prefill,
         double      span)
{
  g_autoptr(TwinEngine) engine = twin_engine_new ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *plot = twin_plot_new ();
  double cpu0, cpu1;
  gint64 wall0, wall1;
  guint frames0, frames1;
  guint tiles0, tiles1;

  twin_engine_set_noise (engine, TRUE, 1);
  if (prefill > 0)
    twin_engine_advance (engine, prefill);

  twin_plot_set_engine (TWIN_PLOT (plot), engine);
  twin_plot_set_span (TWIN_PLOT (plot), span);
  gtk_window_set_default_size (GTK_WINDOW (window), 1920, 1080);
  gtk_window_set_child (GTK_WINDOW (window), plot);
  gtk_window_present (GTK_WINDOW (window));

  twin_engine_start (engine);
  run_for (WARMUP_S);

  cpu0 = cpu_seconds ();
  wall0 = g_get_monotonic_time ();
  frames0 = twin_plot_get_n_draws (TWIN_PLOT (plot));
  tiles0 = twin_plot_get_n_tiles_drawn (TWIN_PLOT (plot));
  run_for (MEASURE_S);
  cpu1 = cpu_seconds ();
  wall1 = g_get_monotonic_time ();
  frames1 = twin_plot_get_n_draws (TWIN_PLOT (plot));
  tiles1 = twin_plot_get_n_tiles_drawn (TWIN_PLOT (plot));

  twin_engine_stop (engine);
  g_print ("%-30s %5.1f %% of one core  (%u frames, %u tiles of 128 px drawn, in %.1f s; %.2f ms CPU a frame)\n",
           name, 100 * (cpu1 - cpu0) / ((wall1 - wall0) * 1e-6),
           frames1 - frames0, tiles1 - tiles0, (wall1 - wall0) * 1e-6,
           frames1 > frames0 ? 1e3 * (cpu1 - cpu0) / (frames1 - frames0) : 0.0);

  gtk_window_destroy (GTK_WINDOW (window));
  run_for (0.1);
}

int
main (int   argc,
      char *argv[])
{
  gtk_init ();
  adw_init ();

  g_print ("GUI CPU at 1x, window 1920x1080, renderer %s (target <= 10 %%)\n",
           g_getenv ("GSK_RENDERER") ? g_getenv ("GSK_RENDERER") : "default");
  measure ("fresh history, 1 min window", 0, 60);
  measure ("10^6 samples, whole history", 100000, 0);

  return 0;
}
