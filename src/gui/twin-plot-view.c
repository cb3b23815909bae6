/* twin-plot-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "twin-plot"

#include "config.h"

#include <math.h>

#include "twin-plot-private.h"

#define FOLLOW_STEPS 20   /* the right edge moves by about span / this */

/* How far the futures reach past the newest sample, in simulated s. */
static double
futures_ahead (TwinPlot *self,
               double    now)
{
  double ahead = 0;

  for (guint i = 0; i < self->n_futures; i++)
    {
      const TwinForecast *forecast = self->futures[i].forecast;

      if (forecast != NULL && isfinite (forecast->start + forecast->horizon))
        ahead = MAX (ahead, forecast->start + forecast->horizon - now);
    }

  return ahead;
}

/* The visible range: [t0, t1) in simulated seconds. While following, the
 * futures' horizon is shown right of the span, unless @past_only. */
static void
compute_range (TwinPlot *self,
               gboolean  past_only,
               double   *t0,
               double   *t1)
{
  const TwinHistory *history;
  double first;
  double now;

  g_assert (TWIN_IS_PLOT (self));

  if (self->engine == NULL)
    {
      *t0 = 0;
      *t1 = self->span > 0 ? self->span : 60;
      return;
    }

  history = twin_engine_get_history (self->engine);
  first = twin_history_get_first_time (history);
  now = twin_history_get_length (history) > 0
      ? twin_history_get_last_time (history) + twin_history_get_interval (history)
      : first;

  if (self->span <= 0)
    {
      double jump = twin_plot_time_step (MAX (now - first, TWIN_PLOT_MIN_SPAN), FOLLOW_STEPS);

      *t0 = floor (first / jump) * jump;
      *t1 = MAX (ceil (now / jump) * jump, *t0 + TWIN_PLOT_MIN_SPAN);
      *t1 += self->following && !past_only ? futures_ahead (self, now) : 0;
    }
  else if (self->following)
    {
      /* The right edge moves in steps of about a twentieth of the span,
       * rather than with every sample, so that between two steps only the
       * newest columns change and only their tiles are drawn again. */
      double jump = twin_plot_time_step (self->span, FOLLOW_STEPS);

      *t1 = MAX (ceil (now / jump) * jump, first + self->span);
      *t0 = *t1 - self->span;
      *t1 += past_only ? 0 : futures_ahead (self, now);
    }
  else
    {
      *t1 = self->view_end;
      *t0 = *t1 - self->span;
    }
}

void
_twin_plot_compute_range (TwinPlot *self,
                          double   *t0,
                          double   *t1)
{
  compute_range (self, FALSE, t0, t1);
}

/* The right edge of the past in view: where the view stays when it stops
 * following, rather than in the futures' horizon. */
double
_twin_plot_past_end (TwinPlot *self)
{
  double t0, t1;

  g_assert (TWIN_IS_PLOT (self));

  compute_range (self, TRUE, &t0, &t1);
  return t1;
}

/* What a frame or an export draws besides the history: the visible range,
 * the engine's limits, the markers and the measured points in view. */
void
_twin_plot_fill_view (TwinPlot     *self,
                      TwinPlotView *view)
{
  g_assert (TWIN_IS_PLOT (self));

  twin_plot_view_init (view);
  _twin_plot_compute_range (self, &view->t0, &view->t1);
  view->font = self->font;
  view->text_cache = self->text_cache;
  view->events = (const TwinPlotEvent *) (gpointer) self->events->data;
  view->n_events = self->events->len;
  view->futures = self->futures;
  view->n_futures = self->n_futures;

  /* At most TWIN_SHADOW_CAPACITY points, copied once per frame. */
  g_clear_pointer (&self->measured, g_array_unref);
  if (self->shadow != NULL)
    {
      self->measured = twin_shadow_get_points (self->shadow, view->t0, view->t1);
      view->measured = (const TwinMeasurement *) (gpointer) self->measured->data;
      view->n_measured = self->measured->len;
      view->show_measured = twin_shadow_get_last (self->shadow, NULL);
    }

  if (self->engine != NULL)
    for (guint i = 0; i < TWIN_PLOT_N_LIMITS; i++)
      view->limits[i] = twin_engine_get_param (self->engine, _twin_plot_limit_params[i]);
}

void
_twin_plot_data_rect (TwinPlot     *self,
                      TwinPlotRect *rect)
{
  TwinPlotLayout layout;

  g_assert (TWIN_IS_PLOT (self));

  twin_plot_compute_layout (gtk_widget_get_width (GTK_WIDGET (self)),
                            gtk_widget_get_height (GTK_WIDGET (self)),
                            self->font, &layout);
  *rect = layout.data;
}
