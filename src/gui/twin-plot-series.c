/* twin-plot-series.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "twin-plot"

#include "config.h"

#include <math.h>

#include "twin-plot-private.h"

#define LINE_HALF    0.75   /* a series is 1.5 px thick */

/* Turns each pixel column's bucket into a span of values that a line
 * through the samples would cover in that column: empty columns between
 * two samples (zoomed in) are interpolated, and a span reaches its left
 * neighbour so that a jump stays connected. */
static void
column_spans (const TwinBucket *buckets,
              guint             n,
              float            *lo,
              float            *hi,
              gboolean         *valid)
{
  gint64 prev = -1;
  float prev_lo = 0;
  float prev_hi = 0;

  for (guint i = 0; i < n; i++)
    {
      valid[i] = buckets[i].n_samples > 0;
      if (!valid[i])
        continue;

      lo[i] = buckets[i].min;
      hi[i] = buckets[i].max;

      if (prev >= 0 && prev + 1 < (gint64) i)
        {
          double va = 0.5 * ((double) buckets[prev].min + buckets[prev].max);
          double vb = 0.5 * ((double) lo[i] + hi[i]);
          double d = (double) ((gint64) i - prev);

          for (guint j = (guint) prev + 1; j < i; j++)
            {
              double a = va + (vb - va) * ((j - prev) - 0.5) / d;
              double b = va + (vb - va) * ((j - prev) + 0.5) / d;

              lo[j] = (float) MIN (a, b);
              hi[j] = (float) MAX (a, b);
              valid[j] = TRUE;
            }
          prev_lo = lo[i - 1];
          prev_hi = hi[i - 1];
        }

      if (prev >= 0)
        {
          float cur_lo = lo[i];
          float cur_hi = hi[i];

          if (cur_lo > prev_hi)
            lo[i] = prev_hi;
          if (cur_hi < prev_lo)
            hi[i] = prev_lo;
          prev_lo = cur_lo;
          prev_hi = cur_hi;
        }
      else
        {
          prev_lo = lo[i];
          prev_hi = hi[i];
        }

      prev = i;
    }
}

/* Vector surfaces (SVG, PDF) get one rectangle per column. */
static void
fill_spans_vector (cairo_t            *cr,
                   const TwinPlotRect *lane,
                   const float        *top,
                   const float        *bottom,
                   const gboolean     *valid,
                   guint               n)
{
  for (guint i = 0; i < n; i++)
    if (valid[i])
      cairo_rectangle (cr, lane->x + i, top[i], 1, bottom[i] - top[i]);

  cairo_fill (cr);
}

/* Pixel surfaces get the columns written into an alpha mask, with the
 * partly covered end pixels partly opaque, and composited once: cairo's
 * cost per rectangle would be most of a frame's budget. */
static void
fill_spans_mask (cairo_t            *cr,
                 const TwinPlotRect *lane,
                 const float        *top,
                 const float        *bottom,
                 const gboolean     *valid,
                 guint               n)
{
  cairo_surface_t *mask;
  cairo_pattern_t *pattern;
  cairo_matrix_t matrix;
  double y_min = INFINITY;
  double y_max = -INFINITY;
  unsigned char *data;
  int first_row;
  int n_rows;
  int stride;

  for (guint i = 0; i < n; i++)
    if (valid[i])
      {
        y_min = MIN (y_min, top[i]);
        y_max = MAX (y_max, bottom[i]);
      }

  if (!(y_max > y_min))
    return;

  first_row = (int) floor (y_min);
  n_rows = (int) ceil (y_max) - first_row;
  if (n_rows <= 0)
    return;

  mask = cairo_image_surface_create (CAIRO_FORMAT_A8, (int) n, n_rows);
  if (cairo_surface_status (mask) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (mask);
      return;
    }

  cairo_surface_flush (mask);
  data = cairo_image_surface_get_data (mask);
  stride = cairo_image_surface_get_stride (mask);

  for (guint i = 0; i < n; i++)
    {
      double y0, y1;
      int r0, r1;

      if (!valid[i])
        continue;

      y0 = top[i] - first_row;
      y1 = bottom[i] - first_row;
      r0 = (int) floor (y0);
      r1 = MIN ((int) ceil (y1), n_rows);

      for (int r = r0; r < r1; r++)
        {
          double cover = MIN (y1, r + 1.0) - MAX (y0, (double) r);

          data[(gsize) r * stride + i] = (unsigned char) (CLAMP (cover, 0, 1) * 255 + 0.5);
        }
    }

  cairo_surface_mark_dirty (mask);

  pattern = cairo_pattern_create_for_surface (mask);
  cairo_pattern_set_filter (pattern, CAIRO_FILTER_NEAREST);
  cairo_matrix_init_translate (&matrix, -lane->x, -first_row);
  cairo_pattern_set_matrix (pattern, &matrix);
  cairo_mask (cr, pattern);

  cairo_pattern_destroy (pattern);
  cairo_surface_destroy (mask);
}

/* Turns a lane's buckets into pixel rows, top and bottom, per column. */
static void
line_compute (const TwinPlotSeries *series,
              TwinPlotColumns      *columns,
              const TwinPlotRect   *lane,
              double                lo,
              double                hi,
              const TwinBucket     *buckets,
              guint                 n)
{
  float *top = columns->top;
  float *bottom = columns->bottom;
  guint8 *valid = columns->valid;
  g_autofree gboolean *ok = g_new (gboolean, n);
  double scale = (lane->height - 2 * TWIN_PLOT_LANE_INSET) / (hi - lo);
  double base = lane->y + lane->height - TWIN_PLOT_LANE_INSET;
  double bottom_edge = lane->y + lane->height;

  column_spans (buckets, n, top, bottom, ok);

  for (guint i = 0; i < n; i++)
    {
      double y0, y1;

      valid[i] = FALSE;
      if (!ok[i])
        {
          /* Compared between frames: no stale values. */
          top[i] = bottom[i] = 0;
          continue;
        }

      /* column_spans() left values: bottom holds the max, top the min. */
      y0 = base - (bottom[i] - lo) * scale - LINE_HALF;
      y1 = base - (top[i] - lo) * scale + LINE_HALF;
      top[i] = (float) CLAMP (y0, lane->y, bottom_edge);
      bottom[i] = (float) CLAMP (y1, lane->y, bottom_edge);
      valid[i] = bottom[i] > top[i];
    }
}

/**
 * _twin_plot_fill_columns:
 * @alpha: times @color's own
 *
 * Fills the spans of columns [@c0, @c1) in @lane: a line, or a band.
 */
void
_twin_plot_fill_columns (cairo_t               *cr,
                         const TwinPlotRect    *lane,
                         const TwinPlotColumns *columns,
                         guint                  c0,
                         guint                  c1,
                         const GdkRGBA         *color,
                         double                 alpha)
{
  const float *top = columns->top;
  const float *bottom = columns->bottom;
  const guint8 *valid = columns->valid;
  g_autofree gboolean *ok = NULL;
  TwinPlotRect part;

  if (c1 <= c0)
    return;

  ok = g_new (gboolean, c1 - c0);
  for (guint i = c0; i < c1; i++)
    ok[i - c0] = valid[i];

  part = *lane;
  part.x = lane->x + c0;

  _twin_plot_set_color (cr, color, alpha);
  if (_twin_plot_draws_pixels (cr))
    fill_spans_mask (cr, &part, top + c0, bottom + c0, ok, c1 - c0);
  else
    fill_spans_vector (cr, &part, top + c0, bottom + c0, ok, c1 - c0);
}

static void
line_draw (const TwinPlotSeries  *series,
           const TwinPlotColumns *columns,
           cairo_t               *cr,
           const TwinPlotRect    *lane,
           guint                  c0,
           guint                  c1,
           guint                  n,
           const GdkRGBA         *color)
{
  _twin_plot_fill_columns (cr, lane, columns, c0, c1, color, 1);
}

/* A piecewise constant input (ambient, setpoint) as a step line: a
 * horizontal run while the value holds, a vertical jump in the column
 * where it changes.  Empty columns inside the data hold the last value.
 * The corners sit on pixel centres (odd widths) or edges (even widths), so
 * the path is rectilinear and pixel-aligned and cairo strokes it as boxes,
 * dashes included, instead of through its general stroker. */
static void
steps_compute (const TwinPlotSeries *series,
               TwinPlotColumns      *columns,
               const TwinPlotRect   *lane,
               double                lo,
               double                hi,
               const TwinBucket     *buckets,
               guint                 n)
{
  float *in = columns->in;
  float *mid = columns->mid;
  float *out = columns->out;
  guint8 *valid = columns->valid;
  double offset = series->line_width % 2 ? 0.5 : 0.0;
  gint64 first = -1;
  gint64 last = -1;
  double cur = 0;

#define SNAP_Y(v) ((float) (floor (_twin_plot_value_to_y (lane, lo, hi, (v)) + 0.5 - offset) + offset))

  for (guint i = 0; i < n; i++)
    {
      valid[i] = FALSE;
      in[i] = mid[i] = out[i] = 0;
      if (buckets[i].n_samples > 0)
        {
          if (first < 0)
            first = i;
          last = i;
        }
    }

  for (gint64 i = first; first >= 0 && i <= last; i++)
    {
      const TwinBucket *b = &buckets[i];
      double end;

      valid[i] = TRUE;
      mid[i] = NAN;

      if (i == first)
        {
          in[i] = SNAP_Y (b->min);
          cur = b->max;
          out[i] = SNAP_Y (cur);
          continue;
        }

      in[i] = SNAP_Y (cur);
      if (b->n_samples == 0 || (b->min == b->max && b->min == cur))
        {
          out[i] = in[i];
          continue;
        }

      /* Which end of the span the column finished at is not known; the one
       * that differs from the value held is the likelier. */
      end = b->min == cur ? b->max : b->min;
      if (b->min != b->max && b->min != cur && b->max != cur)
        mid[i] = SNAP_Y (b->max);
      out[i] = SNAP_Y (end);
      cur = end;
    }

#undef SNAP_Y
}

static void
steps_draw (const TwinPlotSeries  *series,
            const TwinPlotColumns *columns,
            cairo_t               *cr,
            const TwinPlotRect    *lane,
            guint                  c0,
            guint                  c1,
            guint                  n,
            const GdkRGBA         *color)
{
  static const double dash[] = { 6, 4 };
  const float *in = columns->in;
  const float *mid = columns->mid;
  const float *out = columns->out;
  const guint8 *valid = columns->valid;
  gboolean dashed = series->dashed;
  double offset = series->line_width % 2 ? 0.5 : 0.0;
  gboolean started = FALSE;
  guint last = 0;

  /* The whole line, even for one tile, so that its dashes line up. */
  for (guint i = 0; i < n; i++)
    {
      double x = lane->x + i + offset;

      if (!valid[i])
        continue;

      if (!started)
        {
          cairo_move_to (cr, x, in[i]);
          started = TRUE;
        }
      else if (in[i] != out[i] || !isnan (mid[i]))
        {
          cairo_line_to (cr, x, in[i]);
        }

      if (!isnan (mid[i]))
        cairo_line_to (cr, x, mid[i]);
      if (in[i] != out[i] || !isnan (mid[i]))
        cairo_line_to (cr, x, out[i]);
      last = i;
    }

  if (!started)
    return;

  cairo_line_to (cr, lane->x + last + 1 + offset, out[last]);

  _twin_plot_set_color (cr, color, 1);
  cairo_set_line_width (cr, series->line_width);
  cairo_set_dash (cr, dashed ? dash : NULL, dashed ? G_N_ELEMENTS (dash) : 0, 0);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
}

/* The model's output: a span per column from its bucket's min to its max. */
const TwinPlotSeriesKind _twin_plot_line = { FALSE, line_compute, line_draw };

const TwinPlotSeriesKind _twin_plot_steps = { TRUE, steps_compute, steps_draw };
