/* twin-plot-hover.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "twin-plot"

#include "config.h"

#include <glib/gi18n.h>

#include <math.h>

#include "twin-plot-private.h"

/* The time, each series and each measured value. */
#define MAX_EVENT_LINES 3
#define MAX_LINES (1 + TWIN_PLOT_N_LANES * (TWIN_PLOT_MAX_SERIES + 1) + MAX_EVENT_LINES)

static void
find_hover_sample (TwinPlotScene     *self,
                   const TwinHistory *history)
{
  double origin, fi;
  guint64 first, last;

  self->have_sample = FALSE;
  if (!self->view.hover || history == NULL || twin_history_get_length (history) == 0)
    return;

  origin = twin_history_index_to_time (history, 0);
  fi = (self->view.hover_time - origin) / twin_history_get_interval (history);
  first = twin_history_get_first_index (history);
  last = twin_history_get_end_index (history) - 1;

  if (fi >= (double) first - 0.5 && fi <= (double) last + 0.5)
    {
      guint64 index = (guint64) CLAMP (llround (fi), (gint64) first, (gint64) last);

      self->have_sample = twin_history_get_sample (history, index, &self->sample);
    }
}

/* The measured point nearest the hover time, if within a few pixels. */
static void
find_hover_measurement (TwinPlotScene         *self,
                        const TwinMeasurement *measured,
                        guint                  n_measured)
{
  const TwinPlotView *view = &self->view;
  double reach;
  double best = INFINITY;

  self->have_measurement = FALSE;
  if (!view->hover || self->n == 0 || !(view->t1 > view->t0))
    return;

  reach = 8.0 * (view->t1 - view->t0) / self->n;
  for (guint i = 0; i < n_measured; i++)
    {
      double d = fabs (measured[i].sim_time - view->hover_time);

      if (d <= reach && d < best &&
          measured[i].sim_time >= view->t0 && measured[i].sim_time < view->t1)
        {
          best = d;
          self->measurement = measured[i];
          self->have_measurement = TRUE;
        }
    }
}

static gboolean
in_lane (const TwinPlotScene *scene,
         TwinPlotLane         lane,
         double               y)
{
  const TwinPlotRect *rect = &scene->frame.layout.lanes[lane];

  return y >= rect->y && y <= rect->y + rect->height;
}

/* A dot on each series where the crosshair crosses it, and a readout of
 * the values beside the crosshair. */
static void
draw_hover (TwinPlotPainter     *p,
            const TwinPlotScene *scene)
{
  const TwinPlotFrame *frame = &scene->frame;
  const TwinPlotView *view = &scene->view;
  const TwinPlotColors *colors = &scene->colors;
  const TwinPlotRect *data = &frame->layout.data;
  cairo_t *cr = p->cr;
  double x = floor (twin_plot_frame_time_to_x (frame, view, view->hover_time));
  char lines[MAX_LINES][64];
  const GdkRGBA *swatches[MAX_LINES] = { NULL };
  guint n_lines = 0;
  double box_w = 0;
  double box_h;
  double bx, by;

  if (x < data->x || x >= data->x + data->width)
    return;

  cairo_rectangle (cr, x, data->y, 1, data->height);
  _twin_plot_set_color (cr, &colors->foreground, 0.55);
  cairo_fill (cr);

  {
    g_autofree char *t = twin_plot_format_time (view->hover_time, 0.1, view->t1);

    g_snprintf (lines[n_lines++], sizeof lines[0], _("time %s"), t);
  }

  for (guint l = 0; l < TWIN_PLOT_N_LANES && scene->have_sample; l++)
    {
      const TwinPlotLaneInfo *info = &_twin_plot_lanes[l];

      for (guint s = 0; s < info->n_series; s++)
        {
          const TwinPlotSeries *series = &info->series[s];
          const GdkRGBA *color = _twin_plot_color (colors, series->color);
          double v = scene->sample.values[series->channel];
          double y = twin_plot_frame_value_to_y (frame, l, v);

          g_snprintf (lines[n_lines], sizeof lines[0], "%s %.*f %s", _(series->name), twin_channels[info->channel].digits, v,
                      _(twin_channels[info->channel].unit));
          swatches[n_lines++] = color;

          if (in_lane (scene, l, y))
            {
              cairo_arc (cr, x + 0.5, y, 3.5, 0, 2 * G_PI);
              _twin_plot_set_color (cr, color, 1);
              cairo_fill (cr);
            }
        }
    }

  if (scene->have_measurement)
    {
      double mx = twin_plot_frame_time_to_x (frame, view, scene->measurement.sim_time);

      for (guint l = 0; l < TWIN_PLOT_N_LANES; l++)
        {
          const TwinPlotLaneInfo *info = &_twin_plot_lanes[l];
          double v = _twin_plot_lane_reading (info, &scene->measurement.reading);
          double y = twin_plot_frame_value_to_y (frame, l, v);

          g_snprintf (lines[n_lines], sizeof lines[0], _("measured %s %.*f %s"),
                      _(info->series[0].name), twin_channels[info->channel].digits, v,
                      _(twin_channels[info->channel].unit));
          swatches[n_lines++] = &colors->measured;

          /* A ring around the dot the readout speaks of. */
          if (in_lane (scene, l, y))
            {
              _twin_plot_dot_path (cr, floor (mx) + 0.5, y, TWIN_PLOT_DOT_RADIUS + 3);
              _twin_plot_set_color (cr, &colors->measured, 1);
              cairo_set_line_width (cr, 1.5);
              cairo_stroke (cr);
            }
        }
    }

  {
    const TwinPlotEvent *near[MAX_EVENT_LINES];
    guint n_near = _twin_plot_events_near (scene, view->hover_time, near, MAX_EVENT_LINES);

    for (guint i = 0; i < n_near; i++)
      {
        g_autofree char *t = twin_plot_format_time (near[i]->time, 0.1, view->t1);
        g_autofree char *what = _twin_plot_event_describe (near[i]);

        g_snprintf (lines[n_lines], sizeof lines[0], "%s %s", t, what);
        swatches[n_lines++] = _twin_plot_event_color (colors, near[i]->kind);
      }
  }

  for (guint i = 0; i < n_lines; i++)
    box_w = MAX (box_w, _twin_plot_text_width (p, lines[i]));
  box_w += 16 + 14;
  box_h = n_lines * p->line_height + 10;

  bx = x + 12;
  if (bx + box_w > data->x + data->width)
    bx = x - 12 - box_w;
  bx = MAX (bx, 0);
  by = data->y + 6;

  cairo_rectangle (cr, bx, by, box_w, box_h);
  _twin_plot_set_color (cr, &colors->background, 0.92);
  cairo_fill_preserve (cr);
  _twin_plot_set_color (cr, &colors->foreground, 0.25);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);

  for (guint i = 0; i < n_lines; i++)
    {
      double ly = by + 5 + (i + 0.5) * p->line_height;

      if (swatches[i] != NULL)
        {
          cairo_rectangle (cr, bx + 8, ly - 4, 8, 8);
          _twin_plot_set_color (cr, swatches[i], 1);
          cairo_fill (cr);
        }
      _twin_plot_set_color (cr, &colors->foreground, 1);
      _twin_plot_draw_text (p, lines[i], bx + 22, ly, 0, 0.5);
    }
}

/**
 * _twin_plot_hover_prepare:
 * @measured: (nullable): the measured points
 *
 * Finds the sample and the measured point the crosshair speaks of.
 */
void
_twin_plot_hover_prepare (TwinPlotScene         *self,
                          const TwinHistory     *history,
                          const TwinMeasurement *measured,
                          guint                  n_measured)
{
  find_hover_sample (self, history);
  find_hover_measurement (self, measured, n_measured);
}

/**
 * twin_plot_scene_get_hover_bounds:
 *
 * Returns: whether the scene has a hover crosshair, and if so in @bounds a
 *   rectangle that holds it and its readout
 */
gboolean
twin_plot_scene_get_hover_bounds (const TwinPlotScene *self,
                                  TwinPlotRect        *bounds)
{
  const TwinPlotRect *data = &self->frame.layout.data;
  double x;

  if (!self->view.hover || !(self->view.t1 > self->view.t0))
    return FALSE;

  x = floor (twin_plot_frame_time_to_x (&self->frame, &self->view, self->view.hover_time));
  if (x < data->x || x >= data->x + data->width)
    return FALSE;

  /* The readout is narrower than 300 px, on either side of the line. */
  bounds->x = MAX (0, x - 320);
  bounds->y = 0;
  bounds->width = MIN (self->width, x + 321) - bounds->x;
  bounds->height = self->height;

  return TRUE;
}

void
twin_plot_scene_draw_hover (const TwinPlotScene *self,
                            cairo_t             *cr)
{
  TwinPlotPainter p;

  g_return_if_fail (self != NULL);
  g_return_if_fail (cr != NULL);

  if (!self->view.hover)
    return;

  cairo_save (cr);
  _twin_plot_painter_init (&p, self, cr, -G_MAXDOUBLE, G_MAXDOUBLE);
  draw_hover (&p, self);
  cairo_restore (cr);
  _twin_plot_painter_clear (&p);
}
