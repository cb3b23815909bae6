/* bench-plot.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Median time of one plot frame at 1920x1080, drawn by the function the
 * widget draws with, into an image surface, for 10⁴, 10⁶ and 10⁷ samples,
 * with the whole history and a one-hour window on screen.  The history's
 * part (five queries of one bucket per pixel column) is timed on its own.
 */

#include <math.h>
#include <stdlib.h>
#include <time.h>

#include "twin-plot-private.h"
#include "twin-test-plot.h"
#include "twin-bench.h"

#define WIDTH   1920
#define HEIGHT  1080
#define N_RUNS  31

/* Plausible data with noise, a few setpoint and ambient steps and slow
 * swings. The shapes are functions of the fraction of the history, so a
 * whole-history frame shows the same picture at every size: what changes
 * between 10⁴ and 10⁷ samples is only how many samples lie behind each
 * column, which is what the benchmark is about. */
static TwinHistory *
make_history (gsize n)
{
  TwinHistory *history = twin_history_new (n, 0.1);
  guint32 seed = 12345;

  for (gsize i = 0; i < n; i++)
    {
      TwinSample s;
      double u = (double) i / n;
      double noise;

      seed = seed * 1664525u + 1013904223u;
      noise = (seed >> 8) / (double) (1 << 24) - 0.5;

      s.values[TWIN_CHANNEL_RPM_SETPOINT] = (guint) (u * 20) % 3 == 2 ? 2400 : 1500;
      s.values[TWIN_CHANNEL_AMBIENT] = (guint) (u * 8) % 2 ? 30 : 22;
      s.values[TWIN_CHANNEL_TEMPERATURE] = 65 + 10 * sin (2 * G_PI * 1.1 * u) + 0.4 * noise;
      s.values[TWIN_CHANNEL_VIBRATION] = 2.1 + 0.8 * sin (2 * G_PI * 3.3 * u) + 0.1 * noise;
      s.values[TWIN_CHANNEL_RPM] = s.values[TWIN_CHANNEL_RPM_SETPOINT] + 4 * noise;
      s.values[TWIN_CHANNEL_WEAR] = u * 0.01;
      twin_history_append (history, &s);
    }

  return history;
}

static void
bench_frames (const TwinHistory *history,
              double             span,
              double            *frame_ms,
              double            *query_ms)
{
  static const TwinChannel channels[] = {
    TWIN_CHANNEL_TEMPERATURE, TWIN_CHANNEL_AMBIENT, TWIN_CHANNEL_VIBRATION,
    TWIN_CHANNEL_RPM, TWIN_CHANNEL_RPM_SETPOINT,
  };
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  double end = twin_history_get_last_time (history) + twin_history_get_interval (history);
  TwinBucket *buckets = g_new (TwinBucket, WIDTH);
  TwinPlotColors colors;
  TwinPlotFrame frame;
  TwinPlotView view;
  double frames[N_RUNS];
  double queries[N_RUNS];
  g_autoptr(TwinPlotTextCache) text_cache = twin_plot_text_cache_new ();

  twin_plot_colors_init (&colors, FALSE, NULL, NULL);
  twin_test_plot_view_init (&view);
  view.text_cache = text_cache;
  view.t1 = end;
  view.t0 = span > 0 ? end - span : twin_history_get_first_time (history);

  for (guint r = 0; r < N_RUNS; r++)
    {
      cairo_t *cr = cairo_create (surface);
      double start = twin_bench_now_ms ();

      /* A hover crosshair on every other frame, as while the mouse moves. */
      view.hover = r % 2 == 1;
      view.hover_time = 0.5 * (view.t0 + view.t1);
      twin_plot_render (history, &view, &colors, cr, WIDTH, HEIGHT, &frame);
      cairo_surface_flush (surface);
      frames[r] = twin_bench_now_ms () - start;
      cairo_destroy (cr);

      /* The queries as the render makes them. */
      start = twin_bench_now_ms ();
      for (guint q = 0; q < G_N_ELEMENTS (channels); q++)
        twin_history_query (history, channels[q], view.t0, view.t1, frame.n_columns, buckets);
      queries[r] = twin_bench_now_ms () - start;
    }

  *frame_ms = twin_bench_median (frames, N_RUNS);
  *query_ms = twin_bench_median (queries, N_RUNS);

  g_free (buckets);
  cairo_surface_destroy (surface);
}

/* What the widget does each frame while following at 1×: a sample comes,
 * the scene is prepared again (all queries), and only the 128-px tiles
 * whose columns changed are drawn.  Median over 200 frames. */
static double
bench_live (TwinHistory *history,
            double       span,
            double      *tiles_per_frame)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  g_autoptr(TwinPlotTextCache) text_cache = twin_plot_text_cache_new ();
  TwinPlotScene *scenes[2] = { twin_plot_scene_new (), twin_plot_scene_new () };
  double interval = twin_history_get_interval (history);
  double times[200];
  guint n_tiles = 0;
  TwinPlotColors colors;
  TwinPlotView view;
  TwinSample s;

  twin_plot_colors_init (&colors, FALSE, NULL, NULL);
  twin_test_plot_view_init (&view);
  view.text_cache = text_cache;
  twin_history_get_sample (history, twin_history_get_end_index (history) - 1, &s);

  for (guint r = 0; r < 201; r++)
    {
      TwinPlotScene *scene = scenes[r % 2];
      TwinPlotScene *previous = scenes[(r + 1) % 2];
      double now, jump, start;
      gboolean same;
      cairo_t *cr;

      twin_history_append (history, &s);
      now = twin_history_get_last_time (history) + interval;
      jump = twin_plot_time_step (span > 0 ? span : now - twin_history_get_first_time (history), 20);
      view.t1 = ceil (now / jump) * jump;
      view.t0 = span > 0 ? view.t1 - span : floor (twin_history_get_first_time (history) / jump) * jump;

      start = twin_bench_now_ms ();
      twin_plot_scene_prepare (scene, history, &view, &colors, WIDTH, HEIGHT);
      same = r > 0 && twin_plot_scene_same_frame (scene, previous);
      cr = cairo_create (surface);
      for (guint t = 0; t * 128 < WIDTH; t++)
        {
          const TwinPlotFrame *frame = twin_plot_scene_get_frame (scene);
          double x0 = t * 128, x1 = MIN (WIDTH, x0 + 128);
          double c0 = CLAMP (floor (x0 - frame->layout.data.x) - 2, 0, frame->n_columns);
          double c1 = CLAMP (ceil (x1 - frame->layout.data.x) + 2, 0, frame->n_columns);

          if (!same || !twin_plot_scene_same_columns (scene, previous, (guint) c0, (guint) c1))
            {
              twin_plot_scene_draw (scene, cr, x0, x1);
              if (r > 0)
                n_tiles++;
            }
        }
      cairo_destroy (cr);
      cairo_surface_flush (surface);
      if (r > 0)
        times[r - 1] = twin_bench_now_ms () - start;
    }

  *tiles_per_frame = n_tiles / 200.0;
  twin_plot_scene_free (scenes[0]);
  twin_plot_scene_free (scenes[1]);
  cairo_surface_destroy (surface);

  return twin_bench_median (times, 200);
}

int
main (void)
{
  static const gsize sizes[] = { 10000, 1000000, 10000000 };
  double all_ms[G_N_ELEMENTS (sizes)];
  double lo = INFINITY;
  double hi = 0;

  g_print ("plot frame %dx%d, median of %d, through twin_plot_render()\n", WIDTH, HEIGHT, N_RUNS);
  g_print ("%10s  %-8s  %10s  %18s\n", "samples", "window", "frame ms", "of which queries");

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr(TwinHistory) history = make_history (sizes[i]);
      const struct { const char *name; double span; } windows[] = {
        { "all", 0 }, { "1 h", 3600 }, { "1 min", 60 },
      };

      for (guint w = 0; w < G_N_ELEMENTS (windows); w++)
        {
          double frame_ms, query_ms;

          bench_frames (history, windows[w].span, &frame_ms, &query_ms);
          g_print ("%10" G_GSIZE_FORMAT "  %-8s  %10.2f  %15.2f ms\n",
                   sizes[i], windows[w].name, frame_ms, query_ms);
          if (w == 0)
            all_ms[i] = frame_ms;
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      lo = MIN (lo, all_ms[i]);
      hi = MAX (hi, all_ms[i]);
    }
  g_print ("\nlive, following at 1x, one sample a frame: prepare + the tiles that changed\n");
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr(TwinHistory) history = make_history (sizes[i]);
      const struct { const char *name; double span; } windows[] = { { "all", 0 }, { "1 min", 60 } };

      for (guint w = 0; w < G_N_ELEMENTS (windows); w++)
        {
          double tiles;
          double ms = bench_live (history, windows[w].span, &tiles);

          g_print ("%10" G_GSIZE_FORMAT "  %-8s  %10.2f ms  %5.1f tiles of 15\n",
                   sizes[i], windows[w].name, ms, tiles);
        }
    }

  g_print ("whole history: slowest/fastest across sizes %.2fx (target <= 1.5x), "
           "slowest %.2f ms (target <= 4 ms)\n", hi / lo, hi);

  return 0;
}
