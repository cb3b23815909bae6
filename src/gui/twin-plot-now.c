/* twin-plot-now.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * While paused, the state at this very step, drawn as a ring on each
 * lane's line: a single step of 10 ms shows, although the history keeps
 * a sample every 0.1 s.
 */

#define G_LOG_DOMAIN "twin-plot"

#include "config.h"

#include <math.h>

#include "twin-plot-private.h"

#define RING_RADIUS 4.0

/**
 * _twin_plot_now_draw:
 *
 * Draws the paused engine's current state over the tiles, where it is in
 * view; nothing while it runs.
 *
 * Returns: whether it drew
 */
gboolean
_twin_plot_now_draw (TwinPlot            *self,
                     GtkSnapshot         *snapshot,
                     const TwinPlotFrame *frame,
                     const TwinPlotView  *view)
{
  const TwinPlotRect *data = &frame->layout.data;
  TwinSnapshot s;
  double x;
  cairo_t *cr;

  g_assert (TWIN_IS_PLOT (self));

  if (self->engine == NULL || !twin_engine_get_paused (self->engine))
    return FALSE;

  twin_engine_get_snapshot (self->engine, &s);
  self->seen_steps = s.seq;
  x = twin_plot_frame_time_to_x (frame, view, s.timestamp);
  if (!(x >= data->x && x <= data->x + data->width))
    return FALSE;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (x - 2 * RING_RADIUS, data->y,
                                                                 4 * RING_RADIUS, data->height));
  cairo_set_line_width (cr, 2);
  for (guint lane = 0; lane < TWIN_PLOT_N_LANES; lane++)
    {
      const TwinPlotSeries *series = &_twin_plot_lanes[lane].series[0];
      const GdkRGBA *color = G_STRUCT_MEMBER_P (&self->colors, series->color);
      double y = twin_plot_frame_value_to_y (frame, lane, twin_snapshot_get_channel (&s, series->channel));

      if (!isfinite (y))
        continue;
      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y, RING_RADIUS, 0, 2 * G_PI);
      gdk_cairo_set_source_rgba (cr, &self->colors.background);
      cairo_fill_preserve (cr);
      gdk_cairo_set_source_rgba (cr, color);
      cairo_stroke (cr);
    }
  cairo_destroy (cr);

  return TRUE;
}

/* A step while paused changes no sample, but the ring moves. */
gboolean
_twin_plot_now_changed (TwinPlot *self)
{
  g_assert (TWIN_IS_PLOT (self));

  return self->engine != NULL && twin_engine_get_paused (self->engine) &&
         twin_engine_get_steps (self->engine) != self->seen_steps;
}
