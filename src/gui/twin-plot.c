/* twin-plot.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "twin-plot"

#include "config.h"

#include <adwaita.h>
#include <math.h>
#include <string.h>

#include "twin-plot.h"
#include "twin-plot-private.h"

#define TILE_WIDTH      128      /* px; the unit of redraw */

G_DEFINE_FINAL_TYPE (TwinPlot, twin_plot, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ENGINE,
  PROP_SPAN,
  PROP_FOLLOWING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_colors (TwinPlot *self)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));
  GdkRGBA fg;
  GdkRGBA bg;
  gboolean have_bg;
  gboolean dark;

  gboolean styled = gtk_widget_get_root (GTK_WIDGET (self)) != NULL;

  /* Until the widget is in a window its style is CSS's initial one (white
   * text), so the palette's own colours serve, e.g. for an export. */
  gtk_style_context_get_color (context, &fg);
  have_bg = gtk_style_context_lookup_color (context, "view_bg_color", &bg);

  if (adw_is_initialized ())
    dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  else if (styled)
    dark = 0.299 * fg.red + 0.587 * fg.green + 0.114 * fg.blue > 0.5;
  else
    dark = FALSE;

  self->dark = dark;
  twin_plot_colors_init (&self->colors, dark,
                         styled ? &fg : NULL,
                         styled && have_bg ? &bg : NULL);

  g_clear_pointer (&self->font, pango_font_description_free);
  self->font = pango_font_description_copy (
      pango_context_get_font_description (gtk_widget_get_pango_context (GTK_WIDGET (self))));
}

static void
style_dark_cb (TwinPlot        *self,
               GParamSpec      *pspec,
               AdwStyleManager *manager)
{
  update_colors (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
stop_following (TwinPlot *self,
                double    view_end)
{
  self->view_end = view_end;
  if (self->following)
    {
      self->following = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLLOWING]);
    }
}

static void
set_span_internal (TwinPlot *self,
                   double    span)
{
  if (span != self->span)
    {
      self->span = span;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPAN]);
    }
}

/* Shows @span ending at @end, no longer following. */
void
_twin_plot_set_view (TwinPlot *self,
                     double    span,
                     double    end)
{
  g_assert (TWIN_IS_PLOT (self));

  set_span_internal (self, span);
  stop_following (self, end);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
drag_begin_cb (TwinPlot       *self,
               double          x,
               double          y,
               GtkGestureDrag *gesture)
{
  TwinPlotRect data;
  double t0, t1;

  _twin_plot_compute_range (self, &t0, &t1);
  _twin_plot_data_rect (self, &data);

  gtk_widget_grab_focus (GTK_WIDGET (self));
  self->drag_end = t1;
  self->drag_seconds_per_px = data.width > 0 ? (t1 - t0) / data.width : 0;
}

static void
drag_update_cb (TwinPlot       *self,
                double          offset_x,
                double          offset_y,
                GtkGestureDrag *gesture)
{
  double t0, t1;
  double end;

  if (offset_x == 0 || self->drag_seconds_per_px == 0)
    return;

  _twin_plot_compute_range (self, &t0, &t1);
  end = self->drag_end - offset_x * self->drag_seconds_per_px;

  /* "All" becomes the span it showed, so that it can move. */
  _twin_plot_set_view (self, t1 - t0, _twin_plot_clamp_end (self, t1 - t0, end));
}

static void
motion_cb (TwinPlot                 *self,
           double                    x,
           double                    y,
           GtkEventControllerMotion *controller)
{
  twin_plot_set_hover (self, TRUE, x);
}

static void
leave_cb (TwinPlot                 *self,
          GtkEventControllerMotion *controller)
{
  twin_plot_set_hover (self, FALSE, 0);
}

static void
twin_plot_snapshot (GtkWidget   *widget,
                    GtkSnapshot *snapshot)
{
  TwinPlot *self = TWIN_PLOT (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  TwinPlotScene *scene = self->scenes[self->current];
  TwinPlotScene *previous = self->scenes[!self->current];
  const TwinPlotFrame *frame;
  TwinPlotView view;
  TwinPlotRect data;
  TwinPlotRect bounds;
  gboolean same;
  guint n_tiles;

  if (width <= 0 || height <= 0)
    return;

  _twin_plot_fill_view (self, &view);
  if (self->hover)
    {
      _twin_plot_data_rect (self, &data);
      if (data.width > 0)
        {
          view.hover = TRUE;
          view.hover_time = view.t0 + (self->hover_x - data.x) / data.width * (view.t1 - view.t0);
        }
    }

  twin_plot_scene_prepare (scene, self->engine ? twin_engine_get_history (self->engine) : NULL,
                           &view, &self->colors, width, height);
  frame = twin_plot_scene_get_frame (scene);

  n_tiles = (width + TILE_WIDTH - 1) / TILE_WIDTH;
  same = self->have_previous && self->tiles->len == n_tiles &&
         twin_plot_scene_same_frame (scene, previous);
  if (!same)
    {
      g_ptr_array_set_size (self->tiles, 0);
      g_ptr_array_set_size (self->tiles, n_tiles);
    }

  for (guint t = 0; t < n_tiles; t++)
    {
      double x0 = t * TILE_WIDTH;
      double x1 = MIN (width, x0 + TILE_WIDTH);
      /* A column's span reaches its left neighbour; one column more on
       * each side covers that. */
      double c0 = CLAMP (floor (x0 - frame->layout.data.x) - 2, 0, frame->n_columns);
      double c1 = CLAMP (ceil (x1 - frame->layout.data.x) + 2, 0, frame->n_columns);

      if (g_ptr_array_index (self->tiles, t) == NULL ||
          !twin_plot_scene_same_columns (scene, previous, (guint) c0, (guint) c1))
        {
          GtkSnapshot *tile = gtk_snapshot_new ();
          cairo_t *cr = gtk_snapshot_append_cairo (tile, &GRAPHENE_RECT_INIT (x0, 0, x1 - x0, height));

          twin_plot_scene_draw (scene, cr, x0, x1);
          cairo_destroy (cr);
          g_clear_pointer (&g_ptr_array_index (self->tiles, t), gsk_render_node_unref);
          g_ptr_array_index (self->tiles, t) = gtk_snapshot_free_to_node (tile);
          self->n_tiles_drawn++;
        }

      gtk_snapshot_append_node (snapshot, g_ptr_array_index (self->tiles, t));
    }

  /* The futures' now line and markers move with each forecast: a node of
   * their own over the tiles, kept while they stay. */
  if (scene->n_futures == 0)
    {
      g_clear_pointer (&self->marks, gsk_render_node_unref);
    }
  else if (self->marks == NULL || !self->have_previous || !_twin_plot_futures_same_marks (scene, previous))
    {
      GtkSnapshot *marks = gtk_snapshot_new ();
      cairo_t *cr = gtk_snapshot_append_cairo (marks, &GRAPHENE_RECT_INIT (0, 0, width, height));

      _twin_plot_futures_draw_marks (scene, cr);
      cairo_destroy (cr);
      g_clear_pointer (&self->marks, gsk_render_node_unref);
      self->marks = gtk_snapshot_free_to_node (marks);
    }
  if (self->marks != NULL)
    gtk_snapshot_append_node (snapshot, self->marks);

  _twin_plot_now_draw (self, snapshot, frame, &view);

  /* The crosshair is a node of its own over the tiles, so that moving the
   * mouse redraws only around it. */
  if (twin_plot_scene_get_hover_bounds (scene, &bounds))
    {
      cairo_t *cr = gtk_snapshot_append_cairo (snapshot,
                                               &GRAPHENE_RECT_INIT (bounds.x, bounds.y,
                                                                    bounds.width, bounds.height));

      twin_plot_scene_draw_hover (scene, cr);
      cairo_destroy (cr);
    }

  self->current = !self->current;
  self->have_previous = TRUE;
  self->n_draws++;
}

static void
twin_plot_measure (GtkWidget      *widget,
                   GtkOrientation  orientation,
                   int             for_size,
                   int            *minimum,
                   int            *natural,
                   int            *minimum_baseline,
                   int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 320;
      *natural = 800;
    }
  else
    {
      *minimum = 300;
      *natural = 600;
    }
}

static void
twin_plot_css_changed (GtkWidget         *widget,
                       GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (twin_plot_parent_class)->css_changed (widget, change);

  update_colors (TWIN_PLOT (widget));
  gtk_widget_queue_draw (widget);
}

static void
twin_plot_dispose (GObject *object)
{
  TwinPlot *self = (TwinPlot *)object;

  twin_plot_set_engine (self, NULL);
  self->n_futures = 0;

  G_OBJECT_CLASS (twin_plot_parent_class)->dispose (object);
}

static void
twin_plot_finalize (GObject *object)
{
  TwinPlot *self = (TwinPlot *)object;

  g_clear_pointer (&self->events, g_array_unref);
  g_clear_pointer (&self->measured, g_array_unref);
  g_clear_pointer (&self->font, pango_font_description_free);
  g_clear_pointer (&self->text_cache, twin_plot_text_cache_free);
  g_clear_pointer (&self->scenes[0], twin_plot_scene_free);
  g_clear_pointer (&self->scenes[1], twin_plot_scene_free);
  g_clear_pointer (&self->tiles, g_ptr_array_unref);
  g_clear_pointer (&self->marks, gsk_render_node_unref);

  G_OBJECT_CLASS (twin_plot_parent_class)->finalize (object);
}

static void
twin_plot_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  TwinPlot *self = TWIN_PLOT (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      g_value_set_object (value, self->engine);
      break;

    case PROP_SPAN:
      g_value_set_double (value, self->span);
      break;

    case PROP_FOLLOWING:
      g_value_set_boolean (value, self->following);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
twin_plot_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  TwinPlot *self = TWIN_PLOT (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      twin_plot_set_engine (self, g_value_get_object (value));
      break;

    case PROP_SPAN:
      twin_plot_set_span (self, g_value_get_double (value));
      break;

    case PROP_FOLLOWING:
      twin_plot_set_following (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
twin_plot_class_init (TwinPlotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = twin_plot_dispose;
  object_class->finalize = twin_plot_finalize;
  object_class->get_property = twin_plot_get_property;
  object_class->set_property = twin_plot_set_property;

  widget_class->snapshot = twin_plot_snapshot;
  widget_class->measure = twin_plot_measure;
  widget_class->css_changed = twin_plot_css_changed;

  properties[PROP_ENGINE] =
    g_param_spec_object ("engine", NULL, NULL, TWIN_TYPE_ENGINE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_SPAN] =
    g_param_spec_double ("span", NULL, NULL, 0, G_MAXDOUBLE, 60,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_FOLLOWING] =
    g_param_spec_boolean ("following", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "twinplot");
}

static void
twin_plot_init (TwinPlot *self)
{
  GtkEventController *controller;
  GtkGesture *drag;

  self->span = 60;
  self->following = TRUE;
  self->events = g_array_new (FALSE, FALSE, sizeof (TwinPlotEvent));
  self->text_cache = twin_plot_text_cache_new ();
  self->scenes[0] = twin_plot_scene_new ();
  self->scenes[1] = twin_plot_scene_new ();
  self->tiles = g_ptr_array_new_with_free_func ((GDestroyNotify) gsk_render_node_unref);
  for (guint i = 0; i < TWIN_PLOT_N_LIMITS; i++)
    self->seen_limits[i] = NAN;

  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect_object (controller, "motion", G_CALLBACK (motion_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (controller, "leave", G_CALLBACK (leave_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  _twin_plot_navigate_init (self);

  drag = gtk_gesture_drag_new ();
  g_signal_connect_object (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (drag, "drag-update", G_CALLBACK (drag_update_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  if (adw_is_initialized ())
    g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                             G_CALLBACK (style_dark_cb), self, G_CONNECT_SWAPPED);

  update_colors (self);
}

/**
 * twin_plot_new:
 *
 * Returns: (transfer floating): a plot of no engine; set one with
 *   twin_plot_set_engine()
 */
GtkWidget *
twin_plot_new (void)
{
  return g_object_new (TWIN_TYPE_PLOT, NULL);
}

TwinEngine *
twin_plot_get_engine (TwinPlot *self)
{
  g_return_val_if_fail (TWIN_IS_PLOT (self), NULL);

  return self->engine;
}

/**
 * twin_plot_set_engine:
 * @engine: (nullable): the engine whose history to plot
 *
 * The plot redraws when the engine's history, thresholds or measured
 * points (shadow mode) change, at most once per frame, and collects its
 * alarm and fault events as markers.
 */
void
twin_plot_set_engine (TwinPlot   *self,
                      TwinEngine *engine)
{
  g_return_if_fail (TWIN_IS_PLOT (self));
  g_return_if_fail (engine == NULL || TWIN_IS_ENGINE (engine));

  if (self->engine == engine)
    return;

  _twin_plot_watch_engine (self, engine);

  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENGINE]);
}

double
twin_plot_get_span (TwinPlot *self)
{
  g_return_val_if_fail (TWIN_IS_PLOT (self), 0);

  return self->span;
}

/**
 * twin_plot_set_span:
 * @seconds: the visible simulated time, or 0 for the whole history
 *
 * While following, the right edge stays at the newest sample; otherwise it
 * stays where it is.  Zooming with the wheel changes the span too.
 */
void
twin_plot_set_span (TwinPlot *self,
                    double    seconds)
{
  g_return_if_fail (TWIN_IS_PLOT (self));
  g_return_if_fail (isfinite (seconds) && seconds >= 0);

  if (seconds == self->span)
    return;

  self->view_end = _twin_plot_past_end (self);
  set_span_internal (self, seconds);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
twin_plot_get_following (TwinPlot *self)
{
  g_return_val_if_fail (TWIN_IS_PLOT (self), FALSE);

  return self->following;
}

/**
 * twin_plot_set_following:
 * @following: whether the right edge follows the newest sample
 *
 * Panning or zooming stops following; this resumes it.
 */
void
twin_plot_set_following (TwinPlot *self,
                         gboolean  following)
{
  g_return_if_fail (TWIN_IS_PLOT (self));

  following = !!following;
  if (following == self->following)
    return;

  if (!following)
    self->view_end = _twin_plot_past_end (self);

  self->following = following;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLLOWING]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * twin_plot_set_futures:
 * @futures: (array length=n_futures) (nullable): what to draw right of
 *   "now", at most %TWIN_PLOT_MAX_FUTURES
 *
 * Replaces the futures drawn. The plot copies the array, not the
 * forecasts or bands it points to: the caller keeps them alive until the
 * next call, or the plot's dispose.
 */
void
twin_plot_set_futures (TwinPlot             *self,
                       const TwinPlotFuture *futures,
                       guint                 n_futures)
{
  g_return_if_fail (TWIN_IS_PLOT (self));
  g_return_if_fail (futures != NULL || n_futures == 0);
  g_return_if_fail (n_futures <= TWIN_PLOT_MAX_FUTURES);

  for (guint i = 0; i < n_futures; i++)
    g_return_if_fail (futures[i].kind <= TWIN_FUTURE_GHOST && futures[i].ghost < TWIN_PLOT_N_GHOSTS);

  if (n_futures > 0)
    memcpy (self->futures, futures, sizeof (TwinPlotFuture) * n_futures);
  self->n_futures = n_futures;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
twin_plot_get_n_futures (TwinPlot *self)
{
  g_return_val_if_fail (TWIN_IS_PLOT (self), 0);

  return self->n_futures;
}

guint
twin_plot_get_n_draws (TwinPlot *self)
{
  g_return_val_if_fail (TWIN_IS_PLOT (self), 0);

  return self->n_draws;
}

void
twin_plot_get_view (TwinPlot *self,
                    double   *t0,
                    double   *t1)
{
  g_return_if_fail (TWIN_IS_PLOT (self));

  _twin_plot_compute_range (self, t0, t1);
}

guint
twin_plot_get_n_tiles_drawn (TwinPlot *self)
{
  g_return_val_if_fail (TWIN_IS_PLOT (self), 0);

  return self->n_tiles_drawn;
}

/* How many measured points the last frame or export had in view. */
guint
twin_plot_get_n_measured (TwinPlot *self)
{
  g_return_val_if_fail (TWIN_IS_PLOT (self), 0);

  return self->measured != NULL ? self->measured->len : 0;
}

guint
twin_plot_get_n_events (TwinPlot *self)
{
  g_return_val_if_fail (TWIN_IS_PLOT (self), 0);

  return self->events->len;
}

gboolean
twin_plot_get_dark (TwinPlot *self)
{
  g_return_val_if_fail (TWIN_IS_PLOT (self), FALSE);

  return self->dark;
}

void
twin_plot_set_hover (TwinPlot *self,
                     gboolean  hover,
                     double    x)
{
  g_return_if_fail (TWIN_IS_PLOT (self));

  if (hover == self->hover && (!hover || x == self->hover_x))
    return;

  self->hover = hover;
  self->hover_x = x;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
