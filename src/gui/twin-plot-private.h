/* twin-plot-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <gdk/gdk.h>
#include <pango/pango.h>

#include "twin-history.h"
#include "twin-plot.h"
#include "twin-shadow.h"

G_BEGIN_DECLS

typedef enum
{
  TWIN_PLOT_LANE_TEMPERATURE,
  TWIN_PLOT_LANE_VIBRATION,
  TWIN_PLOT_LANE_RPM,
  TWIN_PLOT_N_LANES
} TwinPlotLane;

typedef enum
{
  TWIN_PLOT_EVENT_ALARM,
  TWIN_PLOT_EVENT_TRIP,
  TWIN_PLOT_EVENT_FAULT,
} TwinPlotEventKind;

typedef struct
{
  double            time;     /* simulated s */
  TwinPlotEventKind kind;
  gboolean          raised;
} TwinPlotEvent;

typedef struct
{
  GdkRGBA background;
  GdkRGBA foreground;
  GdkRGBA temperature;
  GdkRGBA ambient;
  GdkRGBA warning;
  GdkRGBA trip;
  GdkRGBA vibration;
  GdkRGBA zones[4];
  GdkRGBA rpm;
  GdkRGBA setpoint;
  GdkRGBA alarm_marker;
  GdkRGBA trip_marker;
  GdkRGBA fault_marker;
  GdkRGBA measured;
} TwinPlotColors;

typedef struct _TwinPlotTextCache TwinPlotTextCache;
typedef struct _TwinPlotScene TwinPlotScene;

/* What to draw besides the history: the visible time range, thresholds,
 * events, measured points and the hover position. */
typedef struct
{
  double                      t0;
  double                      t1;
  double                      temp_warning;
  double                      temp_trip;
  double                      zone_a_max;
  double                      zone_b_max;
  double                      zone_c_max;
  const TwinPlotEvent        *events;
  guint                       n_events;
  gboolean                    hover;
  double                      hover_time;
  const PangoFontDescription *font;           /* NULL: a default sans */
  TwinPlotTextCache          *text_cache;     /* NULL: laid out afresh */
  gboolean                    paint_background;
  /* Shadow mode: the measured points in [t0, t1), drawn as dots over the
   * simulated lines; borrowed for the duration of a prepare or render. */
  const TwinMeasurement      *measured;
  guint                       n_measured;
  gboolean                    show_measured;  /* "measured" in the legend */
} TwinPlotView;

typedef struct
{
  double x;
  double y;
  double width;
  double height;
} TwinPlotRect;

typedef struct
{
  TwinPlotRect data;                         /* spans all lanes, x is shared */
  TwinPlotRect lanes[TWIN_PLOT_N_LANES];     /* the data area of each lane */
  TwinPlotRect headers[TWIN_PLOT_N_LANES];   /* title and legend above each lane */
  TwinPlotRect axis;                         /* time tick labels and event markers */
} TwinPlotLayout;

/* What a render decided, for hit-testing and tests. */
typedef struct
{
  TwinPlotLayout layout;
  double         lo[TWIN_PLOT_N_LANES];     /* value at the bottom of each lane */
  double         hi[TWIN_PLOT_N_LANES];     /* value at the top */
  guint          n_columns;
} TwinPlotFrame;

TwinPlotTextCache *twin_plot_text_cache_new  (void);
void               twin_plot_text_cache_free (TwinPlotTextCache *cache);

TwinPlotScene       *twin_plot_scene_new             (void);
void                 twin_plot_scene_free            (TwinPlotScene        *self);
void                 twin_plot_scene_prepare         (TwinPlotScene        *self,
                                                      const TwinHistory    *history,
                                                      const TwinPlotView   *view,
                                                      const TwinPlotColors *colors,
                                                      double                width,
                                                      double                height);
const TwinPlotFrame *twin_plot_scene_get_frame       (const TwinPlotScene  *self);
gboolean             twin_plot_scene_same_frame      (const TwinPlotScene  *a,
                                                      const TwinPlotScene  *b);
gboolean             twin_plot_scene_same_columns    (const TwinPlotScene  *a,
                                                      const TwinPlotScene  *b,
                                                      guint                 c0,
                                                      guint                 c1);
void                 twin_plot_scene_draw            (const TwinPlotScene  *self,
                                                      cairo_t              *cr,
                                                      double                x0,
                                                      double                x1);
gboolean             twin_plot_scene_get_hover_bounds(const TwinPlotScene  *self,
                                                      TwinPlotRect         *bounds);
void                 twin_plot_scene_draw_hover      (const TwinPlotScene  *self,
                                                      cairo_t              *cr);

void     twin_plot_colors_init   (TwinPlotColors       *colors,
                                  gboolean              dark,
                                  const GdkRGBA        *foreground,
                                  const GdkRGBA        *background);
void     twin_plot_view_init     (TwinPlotView         *view);
void     twin_plot_compute_layout(double                width,
                                  double                height,
                                  const PangoFontDescription *font,
                                  TwinPlotLayout       *layout);
void     twin_plot_render        (const TwinHistory    *history,
                                  const TwinPlotView   *view,
                                  const TwinPlotColors *colors,
                                  cairo_t              *cr,
                                  double                width,
                                  double                height,
                                  TwinPlotFrame        *frame);
double   twin_plot_frame_value_to_y (const TwinPlotFrame *frame,
                                     TwinPlotLane         lane,
                                     double               value);
double   twin_plot_frame_time_to_x  (const TwinPlotFrame *frame,
                                     const TwinPlotView  *view,
                                     double               t);
double   twin_plot_nice_step     (double                range,
                                  guint                 max_ticks);
double   twin_plot_time_step     (double                range,
                                  guint                 max_ticks);
char    *twin_plot_format_time   (double                t,
                                  double                step,
                                  double                t_max);

/* For tests: how many times the widget has drawn itself, and its view. */
guint    twin_plot_get_n_draws   (TwinPlot             *self);
void     twin_plot_get_view      (TwinPlot             *self,
                                  double               *t0,
                                  double               *t1);
guint    twin_plot_get_n_events  (TwinPlot             *self);
guint    twin_plot_get_n_measured(TwinPlot             *self);
guint    twin_plot_get_n_tiles_drawn (TwinPlot         *self);
gboolean twin_plot_get_dark      (TwinPlot             *self);
void     twin_plot_set_hover     (TwinPlot             *self,
                                  gboolean              hover,
                                  double                x);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TwinPlotTextCache, twin_plot_text_cache_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TwinPlotScene, twin_plot_scene_free)

G_END_DECLS
