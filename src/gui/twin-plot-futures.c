/* twin-plot-futures.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The futures right of "now": each a forecast's trajectory, drawn with
 * the code that draws the past (min/max buckets per pixel column), its
 * P10–P90 band as a translucent fill and its predicted alarms as markers.
 */

#define G_LOG_DOMAIN "twin-plot"

#include "config.h"

#include <math.h>
#include <string.h>

#include "twin-plot-private.h"

#define DASH_ON        6     /* columns of a dashed branch drawn … */
#define DASH_PERIOD   10     /* … in each of these */
#define COURSE_ALPHA   0.45
#define BAND_ALPHA     0.20
#define COURSE_BAND_ALPHA 0.10
#define FUTURE_TINT    0.035 /* of the foreground, over the time ahead */

static void
future_allocate (TwinPlotScene *self,
                 guint          n)
{
  if (n <= self->futures_allocated)
    return;

  self->futures_allocated = n;
  for (guint f = 0; f < TWIN_PLOT_MAX_FUTURES; f++)
    for (guint l = 0; l < TWIN_PLOT_N_LANES; l++)
      {
        TwinPlotFutureTrace *trace = &self->futures[f];

        trace->lines[l].buckets = g_renew (TwinBucket, trace->lines[l].buckets, n);
        trace->lows[l].buckets = g_renew (TwinBucket, trace->lows[l].buckets, n);
        trace->highs[l].buckets = g_renew (TwinBucket, trace->highs[l].buckets, n);
        _twin_plot_columns_resize (&trace->lines[l].columns, FALSE, n);
        _twin_plot_columns_resize (&trace->bands[l], FALSE, n);
      }
}

void
_twin_plot_futures_clear (TwinPlotScene *self)
{
  for (guint f = 0; f < TWIN_PLOT_MAX_FUTURES; f++)
    for (guint l = 0; l < TWIN_PLOT_N_LANES; l++)
      {
        TwinPlotFutureTrace *trace = &self->futures[f];

        g_clear_pointer (&trace->lines[l].buckets, g_free);
        g_clear_pointer (&trace->lows[l].buckets, g_free);
        g_clear_pointer (&trace->highs[l].buckets, g_free);
        _twin_plot_columns_clear (&trace->lines[l].columns);
        _twin_plot_columns_clear (&trace->bands[l]);
      }
  self->futures_allocated = 0;
}

static void
query (const TwinHistory   *history,
       const TwinPlotView  *view,
       TwinChannel          channel,
       guint                n,
       TwinBucket          *buckets)
{
  memset (buckets, 0, sizeof (TwinBucket) * n);
  if (history != NULL && twin_history_get_length (history) > 0)
    twin_history_query (history, channel, view->t0, view->t1, n, buckets);
}

static int
time_to_column (const TwinPlotScene *self,
                double               t)
{
  const TwinPlotView *view = &self->view;

  if (!isfinite (t) || t < view->t0 || t > view->t1)
    return -1;

  return (int) floor (twin_plot_frame_time_to_x (&self->frame, view, t));
}

/**
 * _twin_plot_futures_prepare:
 *
 * Takes what a frame draws of each future: one history query per lane of
 * as many buckets as there are columns, for the line and for each edge of
 * the band. Called once the layout is known, before the scales.
 */
void
_twin_plot_futures_prepare (TwinPlotScene        *self,
                            const TwinPlotFuture *futures,
                            guint                 n_futures)
{
  guint n = self->n;

  self->n_futures = 0;
  if (n == 0 || !(self->view.t1 > self->view.t0))
    return;

  future_allocate (self, n);
  for (guint i = 0; i < n_futures && self->n_futures < TWIN_PLOT_MAX_FUTURES; i++)
    {
      const TwinPlotFuture *future = &futures[i];
      TwinPlotFutureTrace *trace;

      if (future->forecast == NULL || future->forecast->trajectory == NULL)
        continue;

      trace = &self->futures[self->n_futures++];
      trace->kind = future->kind;
      trace->ghost = future->ghost % TWIN_PLOT_N_GHOSTS;
      trace->has_band = future->low != NULL && future->high != NULL;
      trace->now_x = time_to_column (self, future->forecast->start);
      for (guint a = 0; a < TWIN_N_ALARMS; a++)
        trace->marks[a] = time_to_column (self, future->forecast->raised[a]);
      if (trace->marks[TWIN_N_ALARMS - 1] < 0)
        trace->marks[TWIN_N_ALARMS - 1] = time_to_column (self, future->forecast->tripped);

      for (guint l = 0; l < TWIN_PLOT_N_LANES; l++)
        {
          TwinChannel channel = _twin_plot_lanes[l].series[0].channel;

          query (future->forecast->trajectory, &self->view, channel, n, trace->lines[l].buckets);
          query (trace->has_band ? future->low : NULL, &self->view, channel, n, trace->lows[l].buckets);
          query (trace->has_band ? future->high : NULL, &self->view, channel, n, trace->highs[l].buckets);
        }
    }
}

/* The futures stay in view: a branch that heads for the trip widens the
 * scale as the past would. */
void
_twin_plot_futures_range (const TwinPlotScene *self,
                          TwinPlotLane         lane,
                          double              *lo,
                          double              *hi)
{
  for (guint f = 0; f < self->n_futures; f++)
    {
      const TwinPlotFutureTrace *trace = &self->futures[f];

      _twin_plot_bucket_range (trace->lines[lane].buckets, self->n, lo, hi);
      if (trace->has_band)
        {
          _twin_plot_bucket_range (trace->lows[lane].buckets, self->n, lo, hi);
          _twin_plot_bucket_range (trace->highs[lane].buckets, self->n, lo, hi);
        }
    }
}

/* Each column from the P90's highest to the P10's lowest; columns between
 * two samples (zoomed in) take the nearer one's. */
static void
band_compute (TwinPlotColumns    *band,
              const TwinBucket   *lows,
              const TwinBucket   *highs,
              const TwinPlotRect *lane,
              double              lo,
              double              hi,
              guint               n)
{
  gint64 prev = -1;

  for (guint i = 0; i < n; i++)
    {
      band->valid[i] = FALSE;
      band->top[i] = band->bottom[i] = 0;
      if (lows[i].n_samples == 0 || highs[i].n_samples == 0)
        continue;

      band->top[i] = (float) CLAMP (_twin_plot_value_to_y (lane, lo, hi, MAX (highs[i].max, lows[i].max)),
                                    lane->y, lane->y + lane->height);
      band->bottom[i] = (float) CLAMP (_twin_plot_value_to_y (lane, lo, hi, MIN (lows[i].min, highs[i].min)),
                                       lane->y, lane->y + lane->height);
      band->valid[i] = band->bottom[i] > band->top[i];

      for (gint64 j = prev + 1; prev >= 0 && j < (gint64) i; j++)
        {
          guint from = j - prev <= (gint64) i - j ? (guint) prev : i;

          band->top[j] = band->top[from];
          band->bottom[j] = band->bottom[from];
          band->valid[j] = band->valid[from];
        }
      prev = i;
    }
}

/* The columns of each future's lines and bands, once the scales are
 * known; a branch's line has gaps that make it dashed. */
void
_twin_plot_futures_compute (TwinPlotScene *self)
{
  const TwinPlotFrame *frame = &self->frame;
  guint n = self->n;

  for (guint f = 0; f < self->n_futures; f++)
    {
      TwinPlotFutureTrace *trace = &self->futures[f];

      for (guint l = 0; l < TWIN_PLOT_N_LANES; l++)
        {
          const TwinPlotSeries *series = &_twin_plot_lanes[l].series[0];
          const TwinPlotRect *lane = &frame->layout.lanes[l];
          TwinPlotColumns *columns = &trace->lines[l].columns;

          series->kind->compute (series, columns, lane, frame->lo[l], frame->hi[l],
                                 trace->lines[l].buckets, n);
          if (trace->kind == TWIN_FUTURE_BRANCH)
            for (guint i = 0; i < n; i++)
              if (i % DASH_PERIOD >= DASH_ON)
                columns->valid[i] = FALSE;

          if (trace->has_band)
            band_compute (&trace->bands[l], trace->lows[l].buckets, trace->highs[l].buckets,
                          lane, frame->lo[l], frame->hi[l], n);
          else
            memset (trace->bands[l].valid, 0, n);
        }
    }
}

gboolean
_twin_plot_futures_same_frame (const TwinPlotScene *a,
                               const TwinPlotScene *b)
{
  if (a->n_futures != b->n_futures)
    return FALSE;

  for (guint f = 0; f < a->n_futures; f++)
    {
      const TwinPlotFutureTrace *fa = &a->futures[f];
      const TwinPlotFutureTrace *fb = &b->futures[f];

      if (fa->kind != fb->kind || fa->ghost != fb->ghost || fa->has_band != fb->has_band)
        return FALSE;
    }

  return TRUE;
}

/* Whether the now line and the markers are where they were, so that
 * their node can be kept; moving with every forecast, they are drawn
 * over the tiles rather than in them. */
gboolean
_twin_plot_futures_same_marks (const TwinPlotScene *a,
                               const TwinPlotScene *b)
{
  if (a->n_futures != b->n_futures || !twin_plot_scene_same_frame (a, b))
    return FALSE;

  for (guint f = 0; f < a->n_futures; f++)
    if (a->futures[f].now_x != b->futures[f].now_x ||
        memcmp (a->futures[f].marks, b->futures[f].marks, sizeof a->futures[f].marks) != 0)
      return FALSE;

  return TRUE;
}

gboolean
_twin_plot_futures_same_columns (const TwinPlotScene *a,
                                 const TwinPlotScene *b,
                                 guint                c0,
                                 guint                c1)
{
  for (guint f = 0; f < a->n_futures; f++)
    for (guint l = 0; l < TWIN_PLOT_N_LANES; l++)
      if (!_twin_plot_columns_same (&a->futures[f].lines[l].columns, &b->futures[f].lines[l].columns, c0, c1) ||
          !_twin_plot_columns_same (&a->futures[f].bands[l], &b->futures[f].bands[l], c0, c1))
        return FALSE;

  return TRUE;
}

static const GdkRGBA *
future_color (const TwinPlotScene       *self,
              const TwinPlotFutureTrace *trace,
              TwinPlotLane               lane)
{
  if (trace->kind == TWIN_FUTURE_GHOST)
    return &self->colors.ghosts[trace->ghost];

  return _twin_plot_color (&self->colors, _twin_plot_lanes[lane].series[0].color);
}

/* Bands first, then the lines over them: the course, ghosts, the branch
 * on top. */
void
_twin_plot_futures_draw_lane (const TwinPlotScene *self,
                              cairo_t             *cr,
                              TwinPlotLane         lane,
                              guint                c0,
                              guint                c1)
{
  const TwinPlotRect *rect = &self->frame.layout.lanes[lane];
  static const TwinFutureKind order[] = { TWIN_FUTURE_COURSE, TWIN_FUTURE_GHOST, TWIN_FUTURE_BRANCH };

  for (guint f = 0; f < self->n_futures; f++)
    {
      const TwinPlotFutureTrace *trace = &self->futures[f];

      if (trace->has_band)
        _twin_plot_fill_columns (cr, rect, &trace->bands[lane], c0, c1, future_color (self, trace, lane),
                                 trace->kind == TWIN_FUTURE_COURSE ? COURSE_BAND_ALPHA : BAND_ALPHA);
    }

  for (guint k = 0; k < G_N_ELEMENTS (order); k++)
    for (guint f = 0; f < self->n_futures; f++)
      {
        const TwinPlotFutureTrace *trace = &self->futures[f];

        if (trace->kind == order[k])
          _twin_plot_fill_columns (cr, rect, &trace->lines[lane].columns, c0, c1,
                                   future_color (self, trace, lane),
                                   trace->kind == TWIN_FUTURE_COURSE ? COURSE_ALPHA : 1);
      }
}

static void
draw_diamond (cairo_t *cr,
              double   x,
              double   y,
              double   r)
{
  cairo_move_to (cr, x, y - r);
  cairo_line_to (cr, x + r, y);
  cairo_line_to (cr, x, y + r);
  cairo_line_to (cr, x - r, y);
  cairo_close_path (cr);
}

/* The "now" line, a faint tint over the time ahead, and each future's
 * predicted alarms as diamonds in the marker row with a dotted line up
 * through the lanes, in the colour of the alarm (a ghost's own inside). */
void
_twin_plot_futures_draw_marks (const TwinPlotScene *self,
                               cairo_t             *cr)
{
  static const double dots[] = { 1, 3 };
  const TwinPlotLayout *layout = &self->frame.layout;
  const TwinPlotRect *data = &layout->data;
  double marker_y = layout->axis.y + 1 + (TWIN_PLOT_MARKER_ROW - 1) / 2.0;
  int now_x = -1;

  for (guint f = 0; f < self->n_futures; f++)
    if (self->futures[f].now_x >= 0)
      now_x = now_x < 0 ? self->futures[f].now_x : MIN (now_x, self->futures[f].now_x);

  if (now_x >= 0)
    {
      cairo_rectangle (cr, now_x, data->y, data->x + data->width - now_x, data->height);
      _twin_plot_set_color (cr, &self->colors.foreground, FUTURE_TINT);
      cairo_fill (cr);
      cairo_rectangle (cr, now_x, data->y, 1, data->height);
      _twin_plot_set_color (cr, &self->colors.foreground, 0.6);
      cairo_fill (cr);
    }

  for (guint f = 0; f < self->n_futures; f++)
    {
      const TwinPlotFutureTrace *trace = &self->futures[f];

      for (guint a = 0; a < TWIN_N_ALARMS; a++)
        {
          TwinAlarm alarm = twin_alarm_from_index (a);
          gboolean trip = alarm == TWIN_ALARM_TEMP_TRIP || alarm == TWIN_ALARM_TRIPPED;
          const GdkRGBA *color = trip ? &self->colors.trip_marker : &self->colors.alarm_marker;
          double x;

          if (trace->marks[a] < 0)
            continue;
          x = trace->marks[a] + 0.5;

          cairo_move_to (cr, x, data->y);
          cairo_line_to (cr, x, data->y + data->height);
          cairo_set_line_width (cr, 1);
          cairo_set_dash (cr, dots, G_N_ELEMENTS (dots), 0);
          _twin_plot_set_color (cr, color, trace->kind == TWIN_FUTURE_COURSE ? 0.45 : 0.8);
          cairo_stroke (cr);
          cairo_set_dash (cr, NULL, 0, 0);

          draw_diamond (cr, x, marker_y, 4.5);
          _twin_plot_set_color (cr, color, 1);
          cairo_fill_preserve (cr);
          if (trace->kind == TWIN_FUTURE_GHOST)
            _twin_plot_set_color (cr, &self->colors.ghosts[trace->ghost], 1);
          else
            _twin_plot_set_color (cr, &self->colors.background, 1);
          cairo_set_line_width (cr, trace->kind == TWIN_FUTURE_BRANCH ? 1.5 : 1);
          cairo_stroke (cr);
        }
    }
}
