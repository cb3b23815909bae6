/* twin-plot-navigate.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Moving the plot's view: zoom (wheel, + and −), pan (drag, arrow keys)
 * and back to following (Home), with the view kept inside the history.
 */

#define G_LOG_DOMAIN "twin-plot"

#include "config.h"

#include <math.h>

#include "twin-plot-private.h"

#define ZOOM_STEP 1.2    /* a wheel notch */
#define KEY_ZOOM  1.5    /* a key press */
#define KEY_PAN   0.1    /* of the span, a key press */

static double
max_span (TwinPlot *self)
{
  const TwinHistory *history;

  if (self->engine == NULL)
    return 86400;

  history = twin_engine_get_history (self->engine);
  return MAX (TWIN_PLOT_MIN_SPAN * 10, twin_history_get_capacity (history) * twin_history_get_interval (history));
}

/* The history's first time and the end of its newest sample, in simulated s. */
static gboolean
history_bounds (TwinPlot *self,
                double   *first,
                double   *now)
{
  const TwinHistory *history;

  if (self->engine == NULL)
    return FALSE;

  history = twin_engine_get_history (self->engine);
  *first = twin_history_get_first_time (history);
  *now = twin_history_get_length (history) > 0
       ? twin_history_get_last_time (history) + twin_history_get_interval (history)
       : *first;
  return TRUE;
}

/**
 * _twin_plot_clamp_end:
 *
 * Returns: the right edge nearest @end for a view of @span whose left edge
 *   is not before the history's first sample and whose right edge is not
 *   past now (unless the history is shorter than the span)
 */
double
_twin_plot_clamp_end (TwinPlot *self,
                      double    span,
                      double    end)
{
  double first, now;

  g_assert (TWIN_IS_PLOT (self));

  if (!history_bounds (self, &first, &now))
    return end;

  return CLAMP (end, first + span, MAX (now, first + span));
}

/**
 * _twin_plot_zoom:
 * @factor: the new span over the shown one; above 1 zooms out
 * @fraction: where the time that stays in place is, 0 (left) … 1 (right)
 *
 * While following, the right edge stays at now and the plot goes on
 * following; otherwise it stops following.
 */
void
_twin_plot_zoom (TwinPlot *self,
                 double    factor,
                 double    fraction)
{
  double t0, t1;
  double span;
  double anchor;
  double end;
  double first, now;

  g_assert (TWIN_IS_PLOT (self));

  /* Following, the futures right of now are no part of the span. */
  if (self->following && self->span > 0 && fraction >= 1)
    {
      twin_plot_set_span (self, CLAMP (self->span * factor, TWIN_PLOT_MIN_SPAN, max_span (self)));
      return;
    }

  _twin_plot_compute_range (self, &t0, &t1);
  anchor = t0 + fraction * (t1 - t0);
  span = CLAMP ((t1 - t0) * factor, TWIN_PLOT_MIN_SPAN, max_span (self));

  end = anchor - fraction * span + span;
  if (history_bounds (self, &first, &now))
    end = MAX (end, first + span);
  _twin_plot_set_view (self, span, end);
}

/**
 * _twin_plot_pan:
 * @spans: how far to move, in spans; negative goes back in time
 */
void
_twin_plot_pan (TwinPlot *self,
                double    spans)
{
  double t0, t1;

  g_assert (TWIN_IS_PLOT (self));

  _twin_plot_compute_range (self, &t0, &t1);
  if (self->following && self->span > 0)
    {
      t1 = _twin_plot_past_end (self);
      t0 = t1 - self->span;
    }
  _twin_plot_set_view (self, t1 - t0, _twin_plot_clamp_end (self, t1 - t0, t1 + spans * (t1 - t0)));
}

static gboolean
key_pressed_cb (TwinPlot              *self,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkEventControllerKey *controller)
{
  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK))
    return FALSE;

  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      _twin_plot_pan (self, -KEY_PAN);
      return TRUE;

    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      _twin_plot_pan (self, KEY_PAN);
      return TRUE;

    case GDK_KEY_plus:
    case GDK_KEY_equal:
    case GDK_KEY_KP_Add:
      _twin_plot_zoom (self, 1 / KEY_ZOOM, self->following ? 1 : 0.5);
      return TRUE;

    case GDK_KEY_minus:
    case GDK_KEY_KP_Subtract:
      _twin_plot_zoom (self, KEY_ZOOM, self->following ? 1 : 0.5);
      return TRUE;

    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
      twin_plot_set_following (self, TRUE);
      return TRUE;

    default:
      return FALSE;
    }
}

static gboolean
scroll_cb (TwinPlot                 *self,
           double                    dx,
           double                    dy,
           GtkEventControllerScroll *controller)
{
  TwinPlotRect data;
  double fraction = 1;

  if (dy == 0)
    return FALSE;

  _twin_plot_data_rect (self, &data);
  if (self->hover && data.width > 0)
    fraction = CLAMP ((self->hover_x - data.x) / data.width, 0, 1);

  /* The wheel zooms around the pointer, and so leaves "now". */
  if (self->following && fraction >= 1)
    fraction = 1 - 1e-9;
  _twin_plot_zoom (self, pow (ZOOM_STEP, dy), fraction);

  return TRUE;
}

/* The plot takes the keyboard focus by Tab, or by a click (its drag). */
void
_twin_plot_navigate_init (TwinPlot *self)
{
  GtkEventController *controller;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);

  controller = gtk_event_controller_key_new ();
  g_signal_connect_object (controller, "key-pressed", G_CALLBACK (key_pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect_object (controller, "scroll", G_CALLBACK (scroll_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}
