/* twin-plot-layout.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "twin-plot"

#include "config.h"

#include <locale.h>

#include <math.h>

#include "twin-plot-private.h"

#define PAD_TOP      4.0
#define PAD_RIGHT    14.0
#define LANE_GAP     8.0
#define MIN_TICK_PX  36.0   /* between two value ticks */
#define MIN_TIME_PX  96.0   /* between two time ticks */

static double
font_pixels (const PangoFontDescription *font)
{
  double size;

  if (font == NULL || pango_font_description_get_size (font) <= 0)
    return 10.0 * 96.0 / 72.0;

  size = pango_font_description_get_size (font) / (double) PANGO_SCALE;
  if (!pango_font_description_get_size_is_absolute (font))
    size *= 96.0 / 72.0;

  return size;
}

double
_twin_plot_line_height (const PangoFontDescription *font)
{
  return ceil (font_pixels (font) * 1.4);
}

void
twin_plot_compute_layout (double                      width,
                          double                      height,
                          const PangoFontDescription *font,
                          TwinPlotLayout             *layout)
{
  double px = font_pixels (font);
  double line = _twin_plot_line_height (font);
  double left = ceil (px * 0.62 * 6) + 10;
  double header = line + 4;
  double axis = TWIN_PLOT_MARKER_ROW + line + 4;
  double data_width = floor (MAX (0.0, width - left - PAD_RIGHT));
  double lane_height = floor (MAX (0.0, (height - PAD_TOP - axis - TWIN_PLOT_N_LANES * header -
                                           (TWIN_PLOT_N_LANES - 1) * LANE_GAP) / TWIN_PLOT_N_LANES));
  double y = PAD_TOP;

  g_return_if_fail (layout != NULL);

  for (guint i = 0; i < TWIN_PLOT_N_LANES; i++)
    {
      layout->headers[i] = (TwinPlotRect) { left, y, data_width, header };
      y += header;
      layout->lanes[i] = (TwinPlotRect) { left, y, data_width, lane_height };
      y += lane_height + (i + 1 < TWIN_PLOT_N_LANES ? LANE_GAP : 0);
    }

  layout->data = (TwinPlotRect) {
    left, layout->lanes[0].y, data_width, y - layout->lanes[0].y,
  };
  layout->axis = (TwinPlotRect) { left, y, data_width, axis };
}

/**
 * twin_plot_nice_step:
 *
 * Returns: the step of 1, 2 or 5 times a power of ten that cuts @range
 *   into at most @max_ticks parts
 */
double
twin_plot_nice_step (double range,
                     guint  max_ticks)
{
  double raw;
  double magnitude;
  double f;

  if (!(range > 0) || !isfinite (range) || max_ticks == 0)
    return 1;

  raw = range / max_ticks;
  magnitude = pow (10, floor (log10 (raw)));
  f = raw / magnitude;

  if (f <= 1.0 + 1e-9)
    return magnitude;
  if (f <= 2.0 + 1e-9)
    return 2 * magnitude;
  if (f <= 5.0 + 1e-9)
    return 5 * magnitude;
  return 10 * magnitude;
}

/**
 * twin_plot_time_step:
 *
 * Like twin_plot_nice_step(), but from 1 s up the steps are those of a
 * clock: 1, 2, 5, 10, 15, 30 s, 1, 2, 5, 10, 15, 30 min, 1, 2, 3, 6, 12 h,
 * then days.
 */
double
twin_plot_time_step (double range,
                     guint  max_ticks)
{
  static const double steps[] = {
    1, 2, 5, 10, 15, 30,
    60, 120, 300, 600, 900, 1800,
    3600, 7200, 10800, 21600, 43200, 86400,
  };
  double raw;

  if (!(range > 0) || !isfinite (range) || max_ticks == 0)
    return 1;

  raw = range / max_ticks;
  if (raw < 1)
    return twin_plot_nice_step (range, max_ticks);

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (raw <= steps[i])
      return steps[i];

  return 86400 * twin_plot_nice_step (raw / 86400, 1);
}

/**
 * twin_plot_format_time:
 * @t: simulated seconds
 * @step: the tick step, which decides whether tenths are shown
 * @t_max: the largest time on the axis, which decides whether hours are
 *
 * Returns: (transfer full): "m:ss", "h:mm:ss", with ".d" when @step is
 *   under a second
 */
char *
twin_plot_format_time (double t,
                       double step,
                       double t_max)
{
  gboolean tenths = step < 0.999;
  gboolean negative = t < 0;
  double a = fabs (t);
  guint64 units = (guint64) llround (tenths ? a * 10 : a);
  guint64 secs = tenths ? units / 10 : units;
  guint tenth = tenths ? (guint) (units % 10) : 0;
  guint64 h = secs / 3600;
  guint m = (guint) (secs / 60 % 60);
  guint s = (guint) (secs % 60);
  GString *str = g_string_new (negative && units != 0 ? "−" : "");

  if (t_max >= 3600 || h > 0)
    g_string_append_printf (str, "%" G_GUINT64_FORMAT ":%02u:%02u", h, m, s);
  else
    g_string_append_printf (str, "%u:%02u", m, s);
  if (tenths)
    g_string_append_printf (str, "%s%u", localeconv ()->decimal_point, tenth);

  return g_string_free (str, FALSE);
}
double
twin_plot_frame_value_to_y (const TwinPlotFrame *frame,
                            TwinPlotLane         lane,
                            double               value)
{
  g_return_val_if_fail (frame != NULL, 0);
  g_return_val_if_fail (lane < TWIN_PLOT_N_LANES, 0);

  return _twin_plot_value_to_y (&frame->layout.lanes[lane], frame->lo[lane], frame->hi[lane], value);
}

double
twin_plot_frame_time_to_x (const TwinPlotFrame *frame,
                           const TwinPlotView  *view,
                           double               t)
{
  const TwinPlotRect *data = &frame->layout.data;

  return data->x + (t - view->t0) / (view->t1 - view->t0) * data->width;
}
/* Widens [@lo, @hi] to the values of the buckets that hold samples. */
void
_twin_plot_bucket_range (const TwinBucket *buckets,
                         guint             n,
                         double           *lo,
                         double           *hi)
{
  for (guint i = 0; i < n; i++)
    if (buckets[i].n_samples > 0)
      {
        *lo = MIN (*lo, buckets[i].min);
        *hi = MAX (*hi, buckets[i].max);
      }
}

static void
include (double *lo,
         double *hi,
         double  v)
{
  if (isfinite (v))
    {
      *lo = MIN (*lo, v);
      *hi = MAX (*hi, v);
    }
}

/* Pads [lo, hi] by 5 % and widens it to whole ticks. */
static double
autoscale (double  *lo,
           double  *hi,
           double   min_range,
           gboolean floor_at_zero,
           guint    max_ticks)
{
  gboolean non_negative = *lo >= 0;
  double step;
  double pad;

  if (!(*hi >= *lo) || !isfinite (*lo) || !isfinite (*hi))
    {
      *lo = 0;
      *hi = min_range;
    }

  if (*hi - *lo < min_range)
    {
      double c = 0.5 * (*lo + *hi);

      *lo = c - 0.5 * min_range;
      *hi = c + 0.5 * min_range;
    }

  pad = 0.05 * (*hi - *lo);
  *lo -= pad;
  *hi += pad;
  if (floor_at_zero && non_negative && *lo < 0)
    *lo = 0;

  /* Widened to whole steps, the range may hold more steps than asked
   * for: then coarser ones, so that labels never crowd a short lane. */
  for (guint ticks = MAX (max_ticks, 1); ; ticks--)
    {
      double a, b;

      step = twin_plot_nice_step (*hi - *lo, ticks);
      a = floor (*lo / step + 1e-9) * step;
      b = ceil (*hi / step - 1e-9) * step;
      if (b <= a)
        b = a + step;
      if ((b - a) / step <= max_ticks + 1e-9 || ticks == 1)
        {
          *lo = a;
          *hi = b;
          return step;
        }
    }
}


/**
 * _twin_plot_scene_scale:
 * @measured: (nullable): the measured points, which stay in view
 *
 * Chooses each lane's value range from its series, measured points and
 * limits, and the steps of the value and time ticks.
 */
void
_twin_plot_scene_scale (TwinPlotScene         *self,
                        const TwinMeasurement *measured,
                        guint                  n_measured)
{
  const TwinPlotView *view = &self->view;
  TwinPlotFrame *frame = &self->frame;
  const TwinPlotLayout *layout = &frame->layout;
  double *lo = frame->lo;
  double *hi = frame->hi;

  for (guint l = 0; l < TWIN_PLOT_N_LANES; l++)
    {
      lo[l] = INFINITY;
      hi[l] = -INFINITY;
      for (guint s = 0; s < _twin_plot_lanes[l].n_series; s++)
        _twin_plot_bucket_range (self->traces[l][s].buckets, self->n, &lo[l], &hi[l]);
      _twin_plot_futures_range (self, l, &lo[l], &hi[l]);
    }

  for (guint i = 0; i < n_measured; i++)
    if (measured[i].sim_time >= view->t0 && measured[i].sim_time < view->t1)
      for (guint l = 0; l < TWIN_PLOT_N_LANES; l++)
        include (&lo[l], &hi[l], _twin_plot_lane_reading (&_twin_plot_lanes[l], &measured[i].reading));

  for (guint l = 0; l < TWIN_PLOT_N_LANES; l++)
    {
      const TwinPlotLaneInfo *info = &_twin_plot_lanes[l];
      guint max_ticks = (guint) MAX (2.0, floor (layout->lanes[l].height / MIN_TICK_PX));

      for (guint t = 0; t < info->n_thresholds; t++)
        include (&lo[l], &hi[l], view->limits[info->thresholds[t].limit]);
      if (info->from_zero)
        include (&lo[l], &hi[l], 0);
      if (info->bands != NULL)
        include (&lo[l], &hi[l], view->limits[info->bands->edges[info->bands->n_edges - 1]] * info->bands->headroom);

      self->step[l] = autoscale (&lo[l], &hi[l], info->min_range, info->from_zero, max_ticks);
    }

  self->time_step = twin_plot_time_step (view->t1 - view->t0,
                                         (guint) MAX (1.0, floor (layout->data.width / MIN_TIME_PX)));
}
