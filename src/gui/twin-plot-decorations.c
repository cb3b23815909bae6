/* twin-plot-decorations.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "twin-plot"

#include "config.h"

#include <math.h>

#include "twin-plot-private.h"

static void
hline (cairo_t            *cr,
       const TwinPlotRect *lane,
       double              y)
{
  cairo_rectangle (cr, lane->x, floor (y), lane->width, 1);
}

static void
draw_value_ticks (TwinPlotPainter    *p,
                  const TwinPlotRect *lane,
                  double              lo,
                  double              hi,
                  double              step)
{
  int decimals = step >= 1 ? 0 : (int) ceil (-log10 (step) - 1e-9);
  char text[32];

  for (double v = lo; v <= hi + step * 1e-6; v += step)
    {
      double y = _twin_plot_value_to_y (lane, lo, hi, v);
      double yalign = 0.5;

      if (y < lane->y + p->line_height / 2)
        yalign = 0.0;
      else if (y > lane->y + lane->height - p->line_height / 2)
        yalign = 1.0;

      g_snprintf (text, sizeof text, "%.*f", decimals, fabs (v) < step * 1e-6 ? 0.0 : v);
      _twin_plot_draw_text (p, text, lane->x - 6, y, 1.0, yalign);
    }
}

static void
draw_time_labels (TwinPlotPainter     *p,
                  const TwinPlotScene *scene)
{
  const TwinPlotView *view = &scene->view;
  const TwinPlotFrame *frame = &scene->frame;
  const TwinPlotLayout *layout = &frame->layout;
  double time_step = scene->time_step;
  const char *unit = view->t1 >= 3600 ? "h:mm:ss" : "m:ss";
  double label_y = layout->axis.y + TWIN_PLOT_MARKER_ROW + 2;
  double right = layout->data.x + layout->data.width;
  double unit_left = right - _twin_plot_text_width (p, unit);

  for (double t = ceil (view->t0 / time_step) * time_step; t <= view->t1; t += time_step)
    {
      g_autofree char *text = twin_plot_format_time (t, time_step, view->t1);
      double x = twin_plot_frame_time_to_x (frame, view, t);
      double w = _twin_plot_text_width (p, text);

      if (x - w / 2 < 2 || x + w / 2 > unit_left - 12)
        continue;
      _twin_plot_draw_text (p, text, x, label_y, 0.5, 0);
    }

  _twin_plot_set_color (p->cr, &scene->colors.foreground, 0.55);
  _twin_plot_draw_text (p, unit, right, label_y, 1.0, 0);
}

/* Coloured bands between limits, each with its letter where it is tall
 * enough; the outer bands reach the lane's border, past the inset. */
static void
draw_lane_bands (TwinPlotPainter      *p,
                 const TwinPlotBands  *bands,
                 const TwinPlotRect   *lane,
                 double                lo,
                 double                hi,
                 const TwinPlotView   *view,
                 const TwinPlotColors *colors)
{
  const GdkRGBA *fills = _twin_plot_color (colors, bands->colors);
  guint n_bands = bands->n_edges + 1;
  double edges[TWIN_PLOT_MAX_BANDS + 1];

  edges[0] = -INFINITY;
  for (guint e = 0; e < bands->n_edges; e++)
    edges[e + 1] = view->limits[bands->edges[e]];
  edges[n_bands] = INFINITY;

  for (guint z = 0; z < n_bands; z++)
    {
      double a = isfinite (edges[z]) ? CLAMP (edges[z], lo, hi) : lo;
      double b = isfinite (edges[z + 1]) ? CLAMP (edges[z + 1], lo, hi) : hi;
      double ya, yb;
      GdkRGBA blended;

      if (!isfinite (edges[z]) && z > 0)
        continue;
      if (!isfinite (edges[z + 1]) && z + 1 < n_bands)
        continue;
      if (b <= a)
        continue;

      ya = a <= lo ? lane->y + lane->height : round (_twin_plot_value_to_y (lane, lo, hi, a));
      yb = b >= hi ? lane->y : round (_twin_plot_value_to_y (lane, lo, hi, b));
      /* Blended with the background here, so the fill is opaque and cairo
       * writes it rather than composites it. */
      blended = colors->background;
      blended.red += (fills[z].red - blended.red) * fills[z].alpha;
      blended.green += (fills[z].green - blended.green) * fills[z].alpha;
      blended.blue += (fills[z].blue - blended.blue) * fills[z].alpha;
      cairo_rectangle (p->cr, lane->x, yb, lane->width, ya - yb);
      _twin_plot_set_color (p->cr, view->paint_background ? &blended : &fills[z], 1);
      cairo_fill (p->cr);

      if (ya - yb >= p->line_height)
        {
          _twin_plot_set_color (p->cr, &colors->foreground, 0.45);
          _twin_plot_draw_text (p, bands->letters[z], lane->x + lane->width - 4, (ya + yb) / 2, 1.0, 0.5);
        }
    }
}

static void
draw_threshold (cairo_t            *cr,
                const TwinPlotRect *lane,
                double              lo,
                double              hi,
                double              value,
                const GdkRGBA      *color,
                gboolean            dashed)
{
  static const double dash[] = { 8, 5 };
  double y;

  if (!isfinite (value) || value < lo || value > hi)
    return;

  y = floor (_twin_plot_value_to_y (lane, lo, hi, value)) + 0.5;
  cairo_move_to (cr, lane->x, y);
  cairo_line_to (cr, lane->x + lane->width, y);
  _twin_plot_set_color (cr, color, 0.9);
  cairo_set_line_width (cr, 1);
  cairo_set_dash (cr, dashed ? dash : NULL, dashed ? G_N_ELEMENTS (dash) : 0, 0);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
}

/* The bands of every lane that has them, under the grid. */
void
_twin_plot_draw_bands (TwinPlotPainter     *p,
                       const TwinPlotScene *scene)
{
  const TwinPlotFrame *frame = &scene->frame;

  for (guint l = 0; l < TWIN_PLOT_N_LANES; l++)
    if (_twin_plot_lanes[l].bands != NULL)
      draw_lane_bands (p, _twin_plot_lanes[l].bands, &frame->layout.lanes[l], frame->lo[l], frame->hi[l],
                       &scene->view, &scene->colors);
}

/* Faint lines at the value and time ticks, and each lane's left and
 * bottom border. */
void
_twin_plot_draw_grid (TwinPlotPainter     *p,
                      const TwinPlotScene *scene)
{
  const TwinPlotView *view = &scene->view;
  const TwinPlotFrame *frame = &scene->frame;
  const TwinPlotLayout *layout = &frame->layout;
  const double *lo = frame->lo;
  const double *hi = frame->hi;
  const double *step = scene->step;
  double time_step = scene->time_step;
  cairo_t *cr = p->cr;

  for (guint i = 0; i < TWIN_PLOT_N_LANES; i++)
    {
      const TwinPlotRect *lane = &layout->lanes[i];

      for (double v = lo[i]; v <= hi[i] + step[i] * 1e-6; v += step[i])
        hline (cr, lane, _twin_plot_value_to_y (lane, lo[i], hi[i], v));
    }
  if (view->t1 > view->t0)
    for (double t = ceil (view->t0 / time_step) * time_step; t <= view->t1; t += time_step)
      {
        double x = floor (twin_plot_frame_time_to_x (frame, view, t));

        if (x < p->x0 - 1 || x >= p->x1 + 1)
          continue;
        for (guint i = 0; i < TWIN_PLOT_N_LANES; i++)
          cairo_rectangle (cr, x, layout->lanes[i].y, 1, layout->lanes[i].height);
      }
  cairo_save (cr);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_NONE);
  _twin_plot_set_color (cr, &scene->colors.foreground, 0.10);
  cairo_fill (cr);
  for (guint i = 0; i < TWIN_PLOT_N_LANES; i++)
    {
      const TwinPlotRect *lane = &layout->lanes[i];

      cairo_rectangle (cr, lane->x, lane->y + lane->height - 1, lane->width, 1);
      cairo_rectangle (cr, lane->x, lane->y, 1, lane->height);
    }
  _twin_plot_set_color (cr, &scene->colors.foreground, 0.35);
  cairo_fill (cr);
  cairo_restore (cr);
}

void
_twin_plot_draw_thresholds (cairo_t             *cr,
                            const TwinPlotScene *scene,
                            TwinPlotLane         lane)
{
  const TwinPlotLaneInfo *info = &_twin_plot_lanes[lane];
  const TwinPlotFrame *frame = &scene->frame;

  for (guint t = 0; t < info->n_thresholds; t++)
    draw_threshold (cr, &frame->layout.lanes[lane], frame->lo[lane], frame->hi[lane],
                    scene->view.limits[info->thresholds[t].limit],
                    _twin_plot_color (&scene->colors, info->thresholds[t].color),
                    info->thresholds[t].dashed);
}

/* The value labels of every lane and the time labels under the lanes. */
void
_twin_plot_draw_ticks (TwinPlotPainter     *p,
                       const TwinPlotScene *scene)
{
  const TwinPlotFrame *frame = &scene->frame;

  _twin_plot_set_color (p->cr, &scene->colors.foreground, 0.7);
  for (guint i = 0; i < TWIN_PLOT_N_LANES; i++)
    draw_value_ticks (p, &frame->layout.lanes[i], frame->lo[i], frame->hi[i], scene->step[i]);

  if (scene->view.t1 > scene->view.t0)
    draw_time_labels (p, scene);
}

/* A marker per alarm, trip and fault below the lanes, and a faint line
 * through the lanes where one was raised, so the cause is seen next to it. */
void
_twin_plot_draw_events (cairo_t             *cr,
                        const TwinPlotScene *scene)
{
  const TwinPlotView *view = &scene->view;
  const TwinPlotLayout *layout = &scene->frame.layout;
  const TwinPlotRect *data = &layout->data;
  double y = layout->axis.y + 1;

  for (guint i = 0; i < view->n_events; i++)
    {
      const TwinPlotEvent *e = &view->events[i];
      const GdkRGBA *color = _twin_plot_event_color (&scene->colors, e->kind);
      double x;

      if (e->time < view->t0 || e->time > view->t1)
        continue;

      x = floor (twin_plot_frame_time_to_x (&scene->frame, view, e->time)) + 0.5;

      if (e->raised)
        {
          cairo_rectangle (cr, x - 0.5, data->y, 1, data->height);
          _twin_plot_set_color (cr, color, 0.35);
          cairo_fill (cr);
        }

      _twin_plot_set_color (cr, color, 1);
      _twin_plot_event_glyph (cr, e->kind, x, y, e->raised);
    }
}
