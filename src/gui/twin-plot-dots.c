/* twin-plot-dots.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "twin-plot"

#include "config.h"

#include <math.h>
#include <string.h>

#include "twin-plot-private.h"

#define DOT_HALO     1.0    /* background ring around a dot, so it shows over a line */

void
_twin_plot_dot_path (cairo_t *cr,
                     double   x,
                     double   y,
                     double   radius)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, x, y, radius, 0, 2 * G_PI);
}

#define KERNEL_REACH 4   /* pixels a dot's ring covers beside its centre pixel */
#define KERNEL_SIZE  (2 * KERNEL_REACH + 1)

/* How much of each pixel around a dot's centre pixel a disc of @radius
 * covers, sampled 4 × 4 per pixel. */
static void
dot_kernel (double radius,
            guint8 kernel[KERNEL_SIZE][KERNEL_SIZE])
{
  for (int ky = -KERNEL_REACH; ky <= KERNEL_REACH; ky++)
    for (int kx = -KERNEL_REACH; kx <= KERNEL_REACH; kx++)
      {
        guint inside = 0;

        for (guint sy = 0; sy < 4; sy++)
          for (guint sx = 0; sx < 4; sx++)
            {
              double dx = kx + (sx + 0.5) / 4 - 0.5;
              double dy = ky + (sy + 0.5) / 4 - 0.5;

              inside += dx * dx + dy * dy <= radius * radius;
            }

        kernel[ky + KERNEL_REACH][kx + KERNEL_REACH] = (guint8) (inside * 255 / 16);
      }
}

/* Pixel surfaces get the dots stamped into two alpha masks, rings and
 * dots, composited once each: thousands of cairo arcs would take tens of
 * milliseconds. */
static void
draw_dots_mask (cairo_t              *cr,
                const TwinPlotRect   *lane,
                const float          *top,
                const float          *bottom,
                const guint8         *valid,
                guint                 c0,
                guint                 c1,
                const TwinPlotColors *colors)
{
  guint8 kernels[2][KERNEL_SIZE][KERNEL_SIZE];
  cairo_surface_t *masks[2] = { NULL, NULL };
  double y_min = INFINITY;
  double y_max = -INFINITY;
  gint64 first = -1;
  gint64 last = -1;
  int width, height, x_origin, y_origin;

  for (guint i = c0; i < c1; i++)
    if (valid[i])
      {
        if (first < 0)
          first = i;
        last = i;
        y_min = MIN (y_min, top[i]);
        y_max = MAX (y_max, bottom[i]);
      }
  if (first < 0)
    return;

  x_origin = (int) lane->x + (int) first - KERNEL_REACH;
  y_origin = (int) floor (y_min) - KERNEL_REACH;
  width = (int) (last - first) + KERNEL_SIZE;
  height = (int) floor (y_max) - (int) floor (y_min) + KERNEL_SIZE;

  dot_kernel (TWIN_PLOT_DOT_RADIUS + DOT_HALO, kernels[0]);
  dot_kernel (TWIN_PLOT_DOT_RADIUS, kernels[1]);

  for (guint m = 0; m < 2; m++)
    {
      unsigned char *data;
      int stride;

      masks[m] = cairo_image_surface_create (CAIRO_FORMAT_A8, width, height);
      if (cairo_surface_status (masks[m]) != CAIRO_STATUS_SUCCESS)
        goto out;
      cairo_surface_flush (masks[m]);
      data = cairo_image_surface_get_data (masks[m]);
      stride = cairo_image_surface_get_stride (masks[m]);

      for (gint64 i = first; i <= last; i++)
        {
          float ys[2] = { top[i], bottom[i] };
          guint n_ys = bottom[i] - top[i] >= 1 ? 2 : 1;

          if (!valid[i])
            continue;

          for (guint k = 0; k < n_ys; k++)
            {
              int cx = (int) (i - first);
              int cy = (int) floor (ys[k]) - (int) floor (y_min);

              for (int ky = 0; ky < KERNEL_SIZE; ky++)
                {
                  unsigned char *row = data + (gsize) (cy + ky) * stride + cx;

                  for (int kx = 0; kx < KERNEL_SIZE; kx++)
                    row[kx] = MAX (row[kx], kernels[m][ky][kx]);
                }
            }
        }

      cairo_surface_mark_dirty (masks[m]);
    }

  for (guint m = 0; m < 2; m++)
    {
      if (m == 0)
        _twin_plot_set_color (cr, &colors->background, 0.9);
      else
        _twin_plot_set_color (cr, &colors->measured, 1);
      cairo_mask_surface (cr, masks[m], x_origin, y_origin);
    }

out:
  g_clear_pointer (&masks[0], cairo_surface_destroy);
  g_clear_pointer (&masks[1], cairo_surface_destroy);
}

/* Measured points as dots, each on a ring of the background so that it
 * stands out over the simulated line; all rings first, so that no ring
 * covers a neighbouring dot.  The dots' centres are pixel centres. */
void
_twin_plot_dots_draw (const TwinPlotColumns *dots,
                      cairo_t               *cr,
                      const TwinPlotRect    *lane,
                      guint                  c0,
                      guint                  c1,
                      const TwinPlotColors  *colors)
{
  const float *top = dots->top;
  const float *bottom = dots->bottom;
  const guint8 *valid = dots->valid;
  gboolean any = FALSE;

  if (_twin_plot_draws_pixels (cr))
    {
      draw_dots_mask (cr, lane, top, bottom, valid, c0, c1, colors);
      return;
    }

  for (guint pass = 0; pass < 2; pass++)
    {
      double radius = pass == 0 ? TWIN_PLOT_DOT_RADIUS + DOT_HALO : TWIN_PLOT_DOT_RADIUS;

      for (guint i = c0; i < c1; i++)
        {
          double x = lane->x + i + 0.5;

          if (!valid[i])
            continue;
          _twin_plot_dot_path (cr, x, top[i], radius);
          if (bottom[i] - top[i] >= 1)
            _twin_plot_dot_path (cr, x, bottom[i], radius);
          any = TRUE;
        }

      if (!any)
        return;
      if (pass == 0)
        _twin_plot_set_color (cr, &colors->background, 0.9);
      else
        _twin_plot_set_color (cr, &colors->measured, 1);
      cairo_fill (cr);
    }
}

/* Each measured point goes to the pixel column of its time; per lane, a
 * column keeps its highest and lowest point. */
void
_twin_plot_dots_compute (TwinPlotScene         *self,
                         const TwinMeasurement *measured,
                         guint                  n_measured)
{
  const TwinPlotView *view = &self->view;
  const TwinPlotFrame *frame = &self->frame;
  guint n = self->n;

  for (guint lane = 0; lane < TWIN_PLOT_N_LANES; lane++)
    {
      memset (self->dots[lane].valid, 0, n);
      memset (self->dots[lane].top, 0, sizeof (float) * n);
      memset (self->dots[lane].bottom, 0, sizeof (float) * n);
    }
  self->n_measured = 0;

  for (guint i = 0; i < n_measured; i++)
    {
      const TwinMeasurement *m = &measured[i];
      guint c;

      if (!(m->sim_time >= view->t0 && m->sim_time < view->t1))
        continue;

      c = (guint) MIN ((double) n - 1, floor ((m->sim_time - view->t0) / (view->t1 - view->t0) * n));
      self->n_measured++;

      for (guint lane = 0; lane < TWIN_PLOT_N_LANES; lane++)
        {
          const TwinPlotRect *rect = &frame->layout.lanes[lane];
          double v = _twin_plot_lane_reading (&_twin_plot_lanes[lane], &m->reading);
          TwinPlotColumns *dots = &self->dots[lane];
          float y = (float) (floor (CLAMP (_twin_plot_value_to_y (rect, frame->lo[lane], frame->hi[lane], v),
                                           rect->y, rect->y + rect->height - 1)) + 0.5);

          if (!dots->valid[c])
            {
              dots->top[c] = dots->bottom[c] = y;
              dots->valid[c] = TRUE;
            }
          else
            {
              dots->top[c] = MIN (dots->top[c], y);
              dots->bottom[c] = MAX (dots->bottom[c], y);
            }
        }
    }
}

