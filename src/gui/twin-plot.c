/* twin-plot.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "twin-plot"

#include "config.h"

#include <adwaita.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <math.h>
#include <unistd.h>

#include "twin-plot.h"
#include "twin-plot-private.h"

#define MAX_EVENTS      256
#define MIN_SPAN        1.0      /* simulated s, the deepest zoom */
#define ZOOM_STEP       1.2
#define EXPORT_MIN_SIZE 16
#define EXPORT_MAX_SIZE 16384
#define TILE_WIDTH      128      /* px; the unit of redraw */
#define FOLLOW_STEPS    20       /* the right edge moves by about span / this */

struct _TwinPlot
{
  GtkWidget             parent_instance;

  TwinEngine           *engine;
  TwinShadow           *shadow;       /* the engine's, while it has one */
  GArray               *measured;     /* TwinMeasurement in view at the last frame */

  double                span;
  double                view_end;     /* right edge while not following */
  gboolean              following;

  TwinPlotColors        colors;
  gboolean              dark;
  PangoFontDescription *font;
  TwinPlotTextCache    *text_cache;

  GArray               *events;       /* TwinPlotEvent, oldest first, bounded */
  gboolean              cooling_degraded;
  gboolean              bearing_defect;

  /* What the last redraw request saw of the engine, so that a "changed"
   * that changes nothing the plot shows draws nothing. */
  guint64               seen_end;
  guint64               seen_first;
  double                seen_origin;
  double                seen_params[5];

  gboolean              hover;
  double                hover_x;
  double                drag_end;
  double                drag_seconds_per_px;

  /* This frame's scene and the previous one's, and the render node of each
   * tile: a tile whose columns are the same as in the previous frame keeps
   * its node, which GTK then neither redraws nor repaints. */
  TwinPlotScene        *scenes[2];
  guint                 current;
  gboolean              have_previous;
  GPtrArray            *tiles;

  guint                 n_draws;
  guint                 n_tiles_drawn;
};

G_DEFINE_FINAL_TYPE (TwinPlot, twin_plot, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ENGINE,
  PROP_SPAN,
  PROP_FOLLOWING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const threshold_names[] = {
  "temp_warning", "temp_trip", "zone_a_max", "zone_b_max", "zone_c_max",
};

G_DEFINE_QUARK (twin-plot-error-quark, twin_plot_error)

/* The visible range: [t0, t1) in simulated seconds. */
static void
compute_range (TwinPlot *self,
               double   *t0,
               double   *t1)
{
  const TwinHistory *history;
  double first;
  double now;

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
      double jump = twin_plot_time_step (MAX (now - first, MIN_SPAN), FOLLOW_STEPS);

      *t0 = floor (first / jump) * jump;
      *t1 = MAX (ceil (now / jump) * jump, *t0 + MIN_SPAN);
    }
  else if (self->following)
    {
      /* The right edge moves in steps of about a twentieth of the span,
       * rather than with every sample, so that between two steps only the
       * newest columns change and only their tiles are drawn again. */
      double jump = twin_plot_time_step (self->span, FOLLOW_STEPS);

      *t1 = MAX (ceil (now / jump) * jump, first + self->span);
      *t0 = *t1 - self->span;
    }
  else
    {
      *t1 = self->view_end;
      *t0 = *t1 - self->span;
    }
}

static void
fill_view (TwinPlot     *self,
           TwinPlotView *view)
{
  twin_plot_view_init (view);
  compute_range (self, &view->t0, &view->t1);
  view->font = self->font;
  view->text_cache = self->text_cache;
  view->events = (const TwinPlotEvent *) (gpointer) self->events->data;
  view->n_events = self->events->len;

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
    {
      view->temp_warning = twin_engine_get_param (self->engine, "temp_warning");
      view->temp_trip = twin_engine_get_param (self->engine, "temp_trip");
      view->zone_a_max = twin_engine_get_param (self->engine, "zone_a_max");
      view->zone_b_max = twin_engine_get_param (self->engine, "zone_b_max");
      view->zone_c_max = twin_engine_get_param (self->engine, "zone_c_max");
    }
}

static void
data_rect (TwinPlot     *self,
           TwinPlotRect *rect)
{
  TwinPlotLayout layout;

  twin_plot_compute_layout (gtk_widget_get_width (GTK_WIDGET (self)),
                            gtk_widget_get_height (GTK_WIDGET (self)),
                            self->font, &layout);
  *rect = layout.data;
}

/* A reset starts the history over; the markers of the old run go.  Checked
 * before an event is added too, as "changed" comes only when the main
 * loop is idle and the new run's first events may come before it. */
static gboolean
check_reset (TwinPlot *self)
{
  const TwinHistory *history;

  if (self->engine == NULL)
    return FALSE;

  history = twin_engine_get_history (self->engine);
  if (twin_history_get_end_index (history) >= self->seen_end &&
      twin_history_index_to_time (history, 0) == self->seen_origin)
    return FALSE;

  g_array_set_size (self->events, 0);
  self->seen_end = twin_history_get_end_index (history);
  self->seen_first = twin_history_get_first_index (history);
  self->seen_origin = twin_history_index_to_time (history, 0);

  return TRUE;
}

static void
add_event (TwinPlot          *self,
           double             time,
           TwinPlotEventKind  kind,
           gboolean           raised)
{
  TwinPlotEvent event = { time, kind, raised };

  check_reset (self);
  if (self->events->len >= MAX_EVENTS)
    g_array_remove_index (self->events, 0);
  g_array_append_val (self->events, event);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
engine_changed_cb (TwinPlot   *self,
                   TwinEngine *engine)
{
  const TwinHistory *history = twin_engine_get_history (engine);
  guint64 end = twin_history_get_end_index (history);
  guint64 first = twin_history_get_first_index (history);
  double origin = twin_history_index_to_time (history, 0);
  gboolean changed = check_reset (self);

  for (guint i = 0; i < G_N_ELEMENTS (threshold_names); i++)
    {
      double v = twin_engine_get_param (engine, threshold_names[i]);

      if (v != self->seen_params[i] && !(isnan (v) && isnan (self->seen_params[i])))
        {
          self->seen_params[i] = v;
          changed = TRUE;
        }
    }

  if (end != self->seen_end || first != self->seen_first || origin != self->seen_origin)
    {
      self->seen_end = end;
      self->seen_first = first;
      self->seen_origin = origin;
      changed = TRUE;
    }

  /* GTK draws at most once per frame, however often this is queued. */
  if (changed)
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* A new reading, or the readings cleared by a reset.  Only the tiles
 * whose dots changed are drawn again. */
static void
shadow_changed_cb (TwinPlot *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
engine_alarm_cb (TwinPlot             *self,
                 const TwinAlarmEvent *event,
                 TwinEngine           *engine)
{
  TwinPlotEventKind kind = TWIN_PLOT_EVENT_ALARM;

  if (event->alarm == TWIN_ALARM_TRIPPED || event->alarm == TWIN_ALARM_TEMP_TRIP)
    kind = TWIN_PLOT_EVENT_TRIP;

  add_event (self, event->timestamp, kind, event->raised);
}

static void
engine_fault_cb (TwinPlot   *self,
                 GParamSpec *pspec,
                 TwinEngine *engine)
{
  gboolean cooling = twin_engine_get_cooling_degraded (engine);
  gboolean bearing = twin_engine_get_bearing_defect (engine);
  double now = twin_engine_get_timestamp (engine);

  if (cooling != self->cooling_degraded)
    add_event (self, now, TWIN_PLOT_EVENT_FAULT, cooling);
  if (bearing != self->bearing_defect)
    add_event (self, now, TWIN_PLOT_EVENT_FAULT, bearing);

  self->cooling_degraded = cooling;
  self->bearing_defect = bearing;
}

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

static double
max_span (TwinPlot *self)
{
  const TwinHistory *history;

  if (self->engine == NULL)
    return 86400;

  history = twin_engine_get_history (self->engine);
  return MAX (MIN_SPAN * 10, twin_history_get_capacity (history) * twin_history_get_interval (history));
}

static gboolean
scroll_cb (TwinPlot                 *self,
           double                    dx,
           double                    dy,
           GtkEventControllerScroll *controller)
{
  TwinPlotRect data;
  double t0, t1;
  double span;
  double anchor;
  double fraction = 1;

  if (dy == 0)
    return FALSE;

  compute_range (self, &t0, &t1);
  data_rect (self, &data);

  if (self->hover && data.width > 0)
    fraction = CLAMP ((self->hover_x - data.x) / data.width, 0, 1);
  anchor = t0 + fraction * (t1 - t0);

  span = CLAMP ((t1 - t0) * pow (ZOOM_STEP, dy), MIN_SPAN, max_span (self));
  t0 = anchor - fraction * span;

  set_span_internal (self, span);
  stop_following (self, t0 + span);
  gtk_widget_queue_draw (GTK_WIDGET (self));

  return TRUE;
}

static void
drag_begin_cb (TwinPlot       *self,
               double          x,
               double          y,
               GtkGestureDrag *gesture)
{
  TwinPlotRect data;
  double t0, t1;

  compute_range (self, &t0, &t1);
  data_rect (self, &data);

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

  compute_range (self, &t0, &t1);
  end = self->drag_end - offset_x * self->drag_seconds_per_px;

  /* "All" becomes the span it showed, so that it can move. */
  set_span_internal (self, t1 - t0);

  if (self->engine != NULL)
    {
      const TwinHistory *history = twin_engine_get_history (self->engine);
      double first = twin_history_get_first_time (history);
      double now = twin_history_get_last_time (history) + twin_history_get_interval (history);

      end = MIN (end, MAX (now, first + self->span));
      end = MAX (end, first + 0.1 * self->span);
    }

  stop_following (self, end);
  gtk_widget_queue_draw (GTK_WIDGET (self));
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

  fill_view (self, &view);
  if (self->hover)
    {
      data_rect (self, &data);
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
  for (guint i = 0; i < G_N_ELEMENTS (self->seen_params); i++)
    self->seen_params[i] = NAN;

  gtk_widget_set_focusable (GTK_WIDGET (self), FALSE);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect_object (controller, "motion", G_CALLBACK (motion_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (controller, "leave", G_CALLBACK (leave_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect_object (controller, "scroll", G_CALLBACK (scroll_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

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

  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  if (self->shadow != NULL)
    g_signal_handlers_disconnect_by_data (self->shadow, self);
  g_clear_object (&self->shadow);
  g_clear_pointer (&self->measured, g_array_unref);
  g_set_object (&self->engine, engine);
  g_array_set_size (self->events, 0);

  if (engine != NULL)
    {
      g_signal_connect_object (engine, "changed", G_CALLBACK (engine_changed_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (engine, "alarm", G_CALLBACK (engine_alarm_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (engine, "notify::cooling-degraded", G_CALLBACK (engine_fault_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (engine, "notify::bearing-defect", G_CALLBACK (engine_fault_cb),
                               self, G_CONNECT_SWAPPED);
      self->shadow = g_object_ref (twin_engine_get_shadow (engine));
      g_signal_connect_object (self->shadow, "measured", G_CALLBACK (shadow_changed_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->shadow, "notify::has-measurement", G_CALLBACK (shadow_changed_cb),
                               self, G_CONNECT_SWAPPED);
      self->cooling_degraded = twin_engine_get_cooling_degraded (engine);
      self->bearing_defect = twin_engine_get_bearing_defect (engine);
      engine_changed_cb (self, engine);
    }

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
  double t0, t1;

  g_return_if_fail (TWIN_IS_PLOT (self));
  g_return_if_fail (isfinite (seconds) && seconds >= 0);

  if (seconds == self->span)
    return;

  compute_range (self, &t0, &t1);
  self->view_end = t1;
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
  double t0, t1;

  g_return_if_fail (TWIN_IS_PLOT (self));

  following = !!following;
  if (following == self->following)
    return;

  if (!following)
    {
      compute_range (self, &t0, &t1);
      self->view_end = t1;
    }

  self->following = following;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLLOWING]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

typedef struct
{
  int fd;
  int error;
} Writer;

static cairo_status_t
write_cb (void                *closure,
          const unsigned char *data,
          unsigned int         length)
{
  Writer *w = closure;

  while (length > 0 && w->error == 0)
    {
      ssize_t n = write (w->fd, data, length);

      if (n < 0)
        {
          if (errno != EINTR)
            w->error = errno;
          continue;
        }

      data += n;
      length -= (unsigned int) n;
    }

  return w->error == 0 ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

static cairo_status_t
render_to_stream (TwinPlot       *self,
                  TwinPlotFormat  format,
                  int             width,
                  int             height,
                  Writer         *writer)
{
  cairo_surface_t *surface;
  cairo_status_t status;
  TwinPlotView view;
  cairo_t *cr;

  switch (format)
    {
    case TWIN_PLOT_FORMAT_PNG:
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
      break;

    case TWIN_PLOT_FORMAT_SVG:
      surface = cairo_svg_surface_create_for_stream (write_cb, writer, width, height);
      break;

    case TWIN_PLOT_FORMAT_PDF:
      surface = cairo_pdf_surface_create_for_stream (write_cb, writer, width, height);
      break;

    default:
      g_assert_not_reached ();
    }

  fill_view (self, &view);
  cr = cairo_create (surface);
  twin_plot_render (self->engine ? twin_engine_get_history (self->engine) : NULL,
                    &view, &self->colors, cr, width, height, NULL);
  status = cairo_status (cr);
  cairo_destroy (cr);

  if (status == CAIRO_STATUS_SUCCESS && format == TWIN_PLOT_FORMAT_PNG)
    status = cairo_surface_write_to_png_stream (surface, write_cb, writer);

  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  return status;
}

/**
 * twin_plot_export:
 * @path: the file to write; replaced whole, or left as it was on error
 * @format: PNG, SVG or PDF
 * @width: in pixels (PNG) or points (SVG, PDF), 16 … 16384
 * @height: likewise
 *
 * Draws the plot as it is on screen, without the hover crosshair, into a
 * temporary file next to @path, then renames it over @path, so nothing
 * half-written is ever left there.
 *
 * Returns: %TRUE on success; otherwise %FALSE with @error naming the path
 */
gboolean
twin_plot_export (TwinPlot        *self,
                  const char      *path,
                  TwinPlotFormat   format,
                  int              width,
                  int              height,
                  GError         **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp_name = NULL;
  g_autofree char *tmp_path = NULL;
  cairo_status_t status;
  Writer writer = { -1, 0 };

  g_return_val_if_fail (TWIN_IS_PLOT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (format != TWIN_PLOT_FORMAT_PNG &&
      format != TWIN_PLOT_FORMAT_SVG &&
      format != TWIN_PLOT_FORMAT_PDF)
    {
      g_set_error (error, TWIN_PLOT_ERROR, TWIN_PLOT_ERROR_INVALID_ARGUMENT,
                   "Cannot export “%s”: format %d is unknown; allowed are PNG, SVG and PDF",
                   path, (int) format);
      return FALSE;
    }

  if (width < EXPORT_MIN_SIZE || width > EXPORT_MAX_SIZE ||
      height < EXPORT_MIN_SIZE || height > EXPORT_MAX_SIZE)
    {
      gboolean bad_width = width < EXPORT_MIN_SIZE || width > EXPORT_MAX_SIZE;

      g_set_error (error, TWIN_PLOT_ERROR, TWIN_PLOT_ERROR_INVALID_ARGUMENT,
                   "Cannot export “%s”: %s %d is out of range; allowed is %d … %d",
                   path, bad_width ? "width" : "height", bad_width ? width : height,
                   EXPORT_MIN_SIZE, EXPORT_MAX_SIZE);
      return FALSE;
    }

  if (path[0] == '\0')
    {
      g_set_error (error, TWIN_PLOT_ERROR, TWIN_PLOT_ERROR_INVALID_ARGUMENT,
                   "Cannot export: the path is empty");
      return FALSE;
    }

  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  tmp_name = g_strdup_printf (".%s.XXXXXX", base);
  tmp_path = g_build_filename (dir, tmp_name, NULL);

  writer.fd = g_mkstemp_full (tmp_path, O_WRONLY | O_CLOEXEC, 0666);
  if (writer.fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "Cannot export “%s”: cannot create a file in “%s”: %s",
                   path, dir, g_strerror (saved));
      return FALSE;
    }

  status = render_to_stream (self, format, width, height, &writer);

  if (writer.error == 0 && status == CAIRO_STATUS_SUCCESS && fsync (writer.fd) != 0)
    writer.error = errno;
  if (close (writer.fd) != 0 && writer.error == 0)
    writer.error = errno;

  if (writer.error != 0 || status != CAIRO_STATUS_SUCCESS)
    {
      if (writer.error != 0)
        g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (writer.error),
                     "Cannot export “%s”: %s", path, g_strerror (writer.error));
      else
        g_set_error (error, TWIN_PLOT_ERROR, TWIN_PLOT_ERROR_FAILED,
                     "Cannot export “%s”: %s", path, cairo_status_to_string (status));
      g_unlink (tmp_path);
      return FALSE;
    }

  if (g_rename (tmp_path, path) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "Cannot export “%s”: %s", path, g_strerror (saved));
      g_unlink (tmp_path);
      return FALSE;
    }

  return TRUE;
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

  compute_range (self, t0, t1);
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
