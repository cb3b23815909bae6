/* twin-plot-scene.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "twin-plot"

#include "config.h"

#include <math.h>
#include <string.h>

#include "twin-plot-private.h"

void
_twin_plot_columns_resize (TwinPlotColumns *columns,
                           gboolean         steps,
                           guint            n)
{
  if (steps)
    {
      columns->in = g_renew (float, columns->in, n);
      columns->mid = g_renew (float, columns->mid, n);
      columns->out = g_renew (float, columns->out, n);
    }
  else
    {
      columns->top = g_renew (float, columns->top, n);
      columns->bottom = g_renew (float, columns->bottom, n);
    }
  columns->valid = g_renew (guint8, columns->valid, n);
}

void
_twin_plot_columns_clear (TwinPlotColumns *columns)
{
  g_clear_pointer (&columns->top, g_free);
  g_clear_pointer (&columns->bottom, g_free);
  g_clear_pointer (&columns->in, g_free);
  g_clear_pointer (&columns->mid, g_free);
  g_clear_pointer (&columns->out, g_free);
  g_clear_pointer (&columns->valid, g_free);
}

static gboolean
same_floats (const float *a,
             const float *b,
             guint        c0,
             guint        c1)
{
  return a == NULL || memcmp (a + c0, b + c0, (c1 - c0) * sizeof (float)) == 0;
}

/* NaN marks "no third value" in a step line, with the same bits every
 * time, so the bytes are compared rather than the values. */
gboolean
_twin_plot_columns_same (const TwinPlotColumns *a,
                         const TwinPlotColumns *b,
                         guint                  c0,
                         guint                  c1)
{
  return memcmp (a->valid + c0, b->valid + c0, c1 - c0) == 0 &&
         same_floats (a->top, b->top, c0, c1) &&
         same_floats (a->bottom, b->bottom, c0, c1) &&
         same_floats (a->in, b->in, c0, c1) &&
         same_floats (a->mid, b->mid, c0, c1) &&
         same_floats (a->out, b->out, c0, c1);
}

void
twin_plot_view_init (TwinPlotView *view)
{
  g_return_if_fail (view != NULL);

  *view = (TwinPlotView) {
    .t0 = 0,
    .t1 = 60,
    .paint_background = TRUE,
  };
  for (guint i = 0; i < TWIN_PLOT_N_LIMITS; i++)
    view->limits[i] = NAN;
}

TwinPlotScene *
twin_plot_scene_new (void)
{
  TwinPlotScene *self = g_new0 (TwinPlotScene, 1);

  twin_plot_view_init (&self->view);
  twin_plot_colors_init (&self->colors, FALSE, NULL, NULL);

  return self;
}

void
twin_plot_scene_free (TwinPlotScene *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->font, pango_font_description_free);
  g_free (self->events);
  for (guint l = 0; l < TWIN_PLOT_N_LANES; l++)
    {
      for (guint s = 0; s < TWIN_PLOT_MAX_SERIES; s++)
        {
          g_free (self->traces[l][s].buckets);
          _twin_plot_columns_clear (&self->traces[l][s].columns);
        }
      _twin_plot_columns_clear (&self->dots[l]);
    }
  _twin_plot_futures_clear (self);
  g_free (self);
}

const TwinPlotFrame *
twin_plot_scene_get_frame (const TwinPlotScene *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return &self->frame;
}

static void
scene_allocate (TwinPlotScene *self,
                guint          n)
{
  if (n <= self->allocated)
    return;

  self->allocated = n;
  for (guint l = 0; l < TWIN_PLOT_N_LANES; l++)
    {
      const TwinPlotLaneInfo *info = &_twin_plot_lanes[l];

      for (guint s = 0; s < info->n_series; s++)
        {
          TwinPlotTrace *trace = &self->traces[l][s];

          trace->buckets = g_renew (TwinBucket, trace->buckets, n);
          _twin_plot_columns_resize (&trace->columns, info->series[s].kind->steps, n);
        }
      _twin_plot_columns_resize (&self->dots[l], FALSE, n);
    }
}

/**
 * twin_plot_scene_prepare:
 * @history: (nullable): the samples to draw
 * @view: the time range, thresholds, events and hover position
 * @colors: the palette
 *
 * Decides everything a frame of @width × @height draws.  Each series costs
 * one history query of as many buckets as the plot has pixel columns,
 * whatever the number of samples.
 */
void
twin_plot_scene_prepare (TwinPlotScene        *self,
                         const TwinHistory    *history,
                         const TwinPlotView   *view,
                         const TwinPlotColors *colors,
                         double                width,
                         double                height)
{
  TwinPlotFrame *frame = &self->frame;
  TwinPlotLayout *layout = &frame->layout;
  const TwinMeasurement *measured;
  guint n_measured;
  gboolean have_data;
  guint n;

  g_return_if_fail (self != NULL);
  g_return_if_fail (view != NULL);
  g_return_if_fail (colors != NULL);

  self->view = *view;
  self->colors = *colors;
  self->width = width;
  self->height = height;

  if (self->font == NULL || view->font == NULL ||
      !pango_font_description_equal (self->font, view->font))
    {
      g_clear_pointer (&self->font, pango_font_description_free);
      self->font = view->font ? pango_font_description_copy (view->font)
                              : pango_font_description_from_string ("Sans 10");
    }
  self->view.font = self->font;

  g_clear_pointer (&self->events, g_free);
  if (view->n_events > 0)
    self->events = g_memdup2 (view->events, sizeof (TwinPlotEvent) * view->n_events);
  self->view.events = self->events;

  twin_plot_compute_layout (width, height, self->font, layout);
  n = self->n = frame->n_columns = (guint) layout->data.width;
  have_data = history != NULL && n > 0 && view->t1 > view->t0 &&
              isfinite (view->t0) && isfinite (view->t1);
  measured = have_data ? view->measured : NULL;
  n_measured = have_data ? view->n_measured : 0;

  scene_allocate (self, n);
  for (guint l = 0; l < TWIN_PLOT_N_LANES; l++)
    for (guint s = 0; s < _twin_plot_lanes[l].n_series; s++)
      {
        TwinBucket *buckets = self->traces[l][s].buckets;

        if (n > 0)
          memset (buckets, 0, sizeof (TwinBucket) * n);
        if (have_data)
          twin_history_query (history, _twin_plot_lanes[l].series[s].channel, view->t0, view->t1, n, buckets);
      }

  _twin_plot_futures_prepare (self, view->futures, view->n_futures);
  _twin_plot_scene_scale (self, measured, n_measured);

  if (n > 0)
    {
      for (guint l = 0; l < TWIN_PLOT_N_LANES; l++)
        for (guint s = 0; s < _twin_plot_lanes[l].n_series; s++)
          {
            const TwinPlotSeries *series = &_twin_plot_lanes[l].series[s];

            series->kind->compute (series, &self->traces[l][s].columns, &layout->lanes[l],
                                   frame->lo[l], frame->hi[l], self->traces[l][s].buckets, n);
          }
      _twin_plot_dots_compute (self, measured, n_measured);
      _twin_plot_futures_compute (self);
    }

  _twin_plot_hover_prepare (self, history, measured, n_measured);

  /* Borrowed: not kept past this call. */
  self->view.measured = NULL;
  self->view.n_measured = 0;
  self->view.futures = NULL;
  self->view.n_futures = 0;
}

/**
 * twin_plot_scene_same_frame:
 *
 * Returns: whether @a and @b have the same size, time range, scales,
 *   palette, thresholds and events, so that they differ in their columns
 *   at most
 */
gboolean
twin_plot_scene_same_frame (const TwinPlotScene *a,
                            const TwinPlotScene *b)
{
  const TwinPlotView *va = &a->view;
  const TwinPlotView *vb = &b->view;

  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  return a->width == b->width && a->height == b->height && a->n == b->n &&
         va->t0 == vb->t0 && va->t1 == vb->t1 &&
         memcmp (a->frame.lo, b->frame.lo, sizeof a->frame.lo) == 0 &&
         memcmp (a->frame.hi, b->frame.hi, sizeof a->frame.hi) == 0 &&
         memcmp (&a->colors, &b->colors, sizeof a->colors) == 0 &&
         memcmp (va->limits, vb->limits, sizeof va->limits) == 0 &&
         va->paint_background == vb->paint_background &&
         va->show_measured == vb->show_measured &&
         va->n_events == vb->n_events &&
         (va->n_events == 0 || memcmp (va->events, vb->events, sizeof (TwinPlotEvent) * va->n_events) == 0) &&
         pango_font_description_equal (a->font, b->font) &&
         _twin_plot_futures_same_frame (a, b);
}

/**
 * twin_plot_scene_same_columns:
 * @c0: the first column
 * @c1: one past the last
 *
 * Returns: whether what @a and @b draw in columns [@c0, @c1) is the same;
 *   meaningful when twin_plot_scene_same_frame() holds
 */
gboolean
twin_plot_scene_same_columns (const TwinPlotScene *a,
                              const TwinPlotScene *b,
                              guint                c0,
                              guint                c1)
{
  guint n = a->n;

  g_return_val_if_fail (a->n == b->n, FALSE);

  c1 = MIN (c1, n);
  if (c0 >= c1)
    return TRUE;

  for (guint l = 0; l < TWIN_PLOT_N_LANES; l++)
    {
      /* A dot reaches into the columns beside its own. */
      guint d0 = c0 > TWIN_PLOT_DOT_REACH ? c0 - TWIN_PLOT_DOT_REACH : 0;
      guint d1 = MIN (n, c1 + TWIN_PLOT_DOT_REACH);

      for (guint s = 0; s < _twin_plot_lanes[l].n_series; s++)
        if (!_twin_plot_columns_same (&a->traces[l][s].columns, &b->traces[l][s].columns, c0, c1))
          return FALSE;
      if (!_twin_plot_columns_same (&a->dots[l], &b->dots[l], d0, d1))
        return FALSE;
    }

  return _twin_plot_futures_same_columns (a, b, c0, c1);
}

/**
 * twin_plot_scene_draw:
 * @x0: left edge of what to draw
 * @x1: right edge
 *
 * Draws the part of the scene in [@x0, @x1) × [0, height), without the
 * hover crosshair.
 */
void
twin_plot_scene_draw (const TwinPlotScene *self,
                      cairo_t             *cr,
                      double               x0,
                      double               x1)
{
  const TwinPlotFrame *frame;
  const TwinPlotLayout *layout;
  TwinPlotPainter p;
  guint n;
  guint c0, c1;

  g_return_if_fail (self != NULL);
  g_return_if_fail (cr != NULL);

  frame = &self->frame;
  layout = &frame->layout;
  n = self->n;

  cairo_save (cr);
  cairo_rectangle (cr, x0, 0, x1 - x0, self->height);
  cairo_clip (cr);
  _twin_plot_painter_init (&p, self, cr, x0, x1);

  /* The columns that reach into [x0, x1). */
  c0 = (guint) CLAMP (floor (x0 - layout->data.x) - 1, 0, n);
  c1 = (guint) CLAMP (ceil (x1 - layout->data.x) + 1, 0, n);

  if (self->view.paint_background)
    {
      _twin_plot_set_color (cr, &self->colors.background, 1);
      cairo_paint (cr);
    }

  /* Bands, then the grid over them. */
  _twin_plot_draw_bands (&p, self);
  _twin_plot_draw_grid (&p, self);

  /* Each lane clipped to itself: thresholds, series, then the measured
   * points over the simulated lines. */
  for (guint l = 0; l < TWIN_PLOT_N_LANES && n > 0; l++)
    {
      const TwinPlotLaneInfo *info = &_twin_plot_lanes[l];
      const TwinPlotRect *lane = &layout->lanes[l];

      cairo_save (cr);
      cairo_rectangle (cr, lane->x, lane->y, lane->width, lane->height);
      cairo_clip (cr);

      _twin_plot_draw_thresholds (cr, self, l);
      for (guint s = info->n_series; s-- > 0;)
        {
          const TwinPlotSeries *series = &info->series[s];

          series->kind->draw (series, &self->traces[l][s].columns, cr, lane, c0, c1, n,
                              _twin_plot_color (&self->colors, series->color));
        }
      _twin_plot_futures_draw_lane (self, cr, l, c0, c1);
      _twin_plot_dots_draw (&self->dots[l], cr, lane,
                            c0 > TWIN_PLOT_DOT_REACH ? c0 - TWIN_PLOT_DOT_REACH : 0,
                            MIN (n, c1 + TWIN_PLOT_DOT_REACH), &self->colors);

      cairo_restore (cr);
    }

  _twin_plot_draw_ticks (&p, self);
  _twin_plot_draw_legend (&p, self);
  _twin_plot_draw_events (cr, self);

  cairo_restore (cr);
  _twin_plot_painter_clear (&p);
}

/**
 * twin_plot_render:
 * @history: (nullable): the samples to draw
 * @view: the time range, thresholds, events and hover position
 * @colors: the palette
 * @cr: where to draw, in pixels (or points) from (0, 0)
 * @frame: (out) (optional): the layout and the value ranges chosen
 *
 * Draws the three lanes: each series is one 1-px span per pixel column
 * from its bucket's min to its max.  The widget (in tiles), the exports
 * and the tests all draw through twin_plot_scene_draw().
 */
void
twin_plot_render (const TwinHistory    *history,
                  const TwinPlotView   *view,
                  const TwinPlotColors *colors,
                  cairo_t              *cr,
                  double                width,
                  double                height,
                  TwinPlotFrame        *frame)
{
  g_autoptr(TwinPlotScene) scene = twin_plot_scene_new ();

  g_return_if_fail (view != NULL);
  g_return_if_fail (colors != NULL);
  g_return_if_fail (cr != NULL);

  twin_plot_scene_prepare (scene, history, view, colors, width, height);
  twin_plot_scene_draw (scene, cr, 0, width);
  _twin_plot_futures_draw_marks (scene, cr);
  twin_plot_scene_draw_hover (scene, cr);

  if (frame != NULL)
    *frame = scene->frame;
}
