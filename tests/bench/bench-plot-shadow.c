/* bench-plot-shadow.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What shadow mode adds to a plot frame at 1920x1080: the measured points
 * taken from a full shadow (TWIN_SHADOW_CAPACITY points) as the widget
 * takes them each frame, and drawn as dots, against the same frame
 * without them.  Median of 31 frames, 10⁶ samples of history.
 */

#include <math.h>
#include <stdlib.h>
#include <time.h>

#include "twin-plot-private.h"
#include "twin-shadow-private.h"
#include "twin-bench.h"

#define WIDTH   1920
#define HEIGHT  1080
#define N_RUNS  31
#define N       1000000

static double
frame_ms (const TwinHistory *history,
          TwinShadow        *shadow,
          double             span)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  g_autoptr(TwinPlotTextCache) text_cache = twin_plot_text_cache_new ();
  double end = twin_history_get_last_time (history) + twin_history_get_interval (history);
  double times[N_RUNS];
  TwinPlotColors colors;
  TwinPlotView view;

  twin_plot_colors_init (&colors, FALSE, NULL, NULL);
  twin_plot_view_init (&view);
  view.temp_warning = 85;
  view.temp_trip = 105;
  view.text_cache = text_cache;
  view.t1 = end;
  view.t0 = span > 0 ? end - span : twin_history_get_first_time (history);

  for (guint r = 0; r < N_RUNS; r++)
    {
      g_autoptr(GArray) points = NULL;
      cairo_t *cr = cairo_create (surface);
      double start = twin_bench_now_ms ();

      view.hover = r % 2 == 1;
      view.hover_time = 0.5 * (view.t0 + view.t1);
      if (shadow != NULL)
        {
          points = twin_shadow_get_points (shadow, view.t0, view.t1);
          view.measured = (const TwinMeasurement *) (gpointer) points->data;
          view.n_measured = points->len;
          view.show_measured = TRUE;
        }
      twin_plot_render (history, &view, &colors, cr, WIDTH, HEIGHT, NULL);
      cairo_surface_flush (surface);
      times[r] = twin_bench_now_ms () - start;
      cairo_destroy (cr);
    }

  cairo_surface_destroy (surface);
  return twin_bench_median (times, N_RUNS);
}

int
main (void)
{
  g_autoptr(TwinHistory) history = twin_history_new (N, 0.1);
  g_autoptr(TwinShadow) shadow = twin_shadow_new ();
  const struct { const char *name; double span; } windows[] = {
    { "all", 0 }, { "1 h", 3600 }, { "1 min", 60 },
  };

  for (gsize i = 0; i < N; i++)
    {
      TwinSample s = { 0 };
      double t = i * 0.1;

      s.values[TWIN_CHANNEL_TEMPERATURE] = 65 + 10 * sin (t / 900);
      s.values[TWIN_CHANNEL_AMBIENT] = 22;
      s.values[TWIN_CHANNEL_VIBRATION] = 2.1 + 0.8 * sin (t / 300);
      s.values[TWIN_CHANNEL_RPM] = 1500;
      s.values[TWIN_CHANNEL_RPM_SETPOINT] = 1500;
      twin_history_append (history, &s);
    }

  /* The newest readings, one every 0.5 s, as a machine publishing at 2 Hz. */
  for (guint i = 0; i < TWIN_SHADOW_CAPACITY; i++)
    {
      double t = N * 0.1 - (TWIN_SHADOW_CAPACITY - i) * 0.5;
      TwinSnapshot sim = { .timestamp = t, .temperature = 65, .vibration = 2, .rpm = 1500 };
      TwinReading reading = { 66 + 10 * sin (t / 900), 2.2 + 0.8 * sin (t / 300), 1490, t };

      g_assert (_twin_shadow_add (shadow, &reading, &sim, NULL));
    }

  g_print ("plot frame %dx%d, %d samples, median of %d; shadow of %u points\n",
           WIDTH, HEIGHT, N, N_RUNS, TWIN_SHADOW_CAPACITY);
  g_print ("%-8s  %12s  %12s  %10s\n", "window", "no points ms", "points ms", "in view");
  for (guint w = 0; w < G_N_ELEMENTS (windows); w++)
    {
      double end = N * 0.1;
      g_autoptr(GArray) in_view = twin_shadow_get_points (shadow, windows[w].span > 0 ? end - windows[w].span : 0, end);

      g_print ("%-8s  %12.2f  %12.2f  %10u\n", windows[w].name,
               frame_ms (history, NULL, windows[w].span),
               frame_ms (history, shadow, windows[w].span),
               in_view->len);
    }

  return 0;
}
