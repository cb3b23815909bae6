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
  TWIN_PLOT_EVENT_MODEL,      /* a model switch */
  TWIN_PLOT_EVENT_RESET,      /* a trip reset */
  TWIN_PLOT_EVENT_COMMAND,    /* a command from MQTT or REST */
  TWIN_PLOT_EVENT_CAPTION,    /* a scenario's caption, reached */
  TWIN_PLOT_EVENT_SNAPSHOT,   /* an instructor's snapshot; detail: automatic */
  TWIN_PLOT_N_EVENT_KINDS
} TwinPlotEventKind;

typedef struct
{
  double            time;     /* simulated s */
  TwinPlotEventKind kind;
  gboolean          raised;
  guint             detail;   /* alarms: the TwinAlarm; faults and commands: the TwinCommandField flags;
                               * models: the model's index in the registry */
  guint             source;   /* commands: the TwinCommandSource */
  double            value;    /* what set it off or what it set, or NaN */
  const char       *text;     /* captions: an interned string, so that events compare by memcmp */
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
  GdkRGBA model_marker;
  GdkRGBA reset_marker;
  GdkRGBA command_marker;
  GdkRGBA caption_marker;
  GdkRGBA measured;
  GdkRGBA ghosts[TWIN_PLOT_N_GHOSTS];
} TwinPlotColors;

typedef struct _TwinPlotTextCache TwinPlotTextCache;
typedef struct _TwinPlotScene TwinPlotScene;

/* The engine's limits a plot draws, in the order of TwinPlotView's. */
typedef enum
{
  TWIN_PLOT_LIMIT_TEMP_WARNING,
  TWIN_PLOT_LIMIT_TEMP_TRIP,
  TWIN_PLOT_LIMIT_ZONE_A_MAX,
  TWIN_PLOT_LIMIT_ZONE_B_MAX,
  TWIN_PLOT_LIMIT_ZONE_C_MAX,
  TWIN_PLOT_N_LIMITS
} TwinPlotLimit;

/* What to draw besides the history: the visible time range, thresholds,
 * events, measured points and the hover position. */
typedef struct
{
  double                      t0;
  double                      t1;
  union {
    struct {
      double                  temp_warning;
      double                  temp_trip;
      double                  zone_a_max;
      double                  zone_b_max;
      double                  zone_c_max;
    };
    double                    limits[TWIN_PLOT_N_LIMITS];  /* NaN: not drawn */
  };
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
  /* The futures right of "now"; borrowed for a prepare, like @measured. */
  const TwinPlotFuture       *futures;
  guint                       n_futures;
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
GStrv              twin_plot_text_cache_dup_texts (TwinPlotTextCache *cache);

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
guint    twin_plot_get_n_events  (TwinPlot             *self);
guint    twin_plot_get_n_measured(TwinPlot             *self);
guint    twin_plot_get_n_tiles_drawn (TwinPlot         *self);
gboolean twin_plot_get_dark      (TwinPlot             *self);
void     twin_plot_set_hover     (TwinPlot             *self,
                                  gboolean              hover,
                                  double                x);

/* Internals shared by the files of the plot's drawing, one job each. */

#define TWIN_PLOT_LANE_INSET     3.0   /* px between a lane's border and its scale's ends */
#define TWIN_PLOT_MARKER_ROW     9.0   /* the event markers, above the time labels */
#define TWIN_PLOT_DOT_RADIUS     2.5   /* a measured point */
#define TWIN_PLOT_DOT_REACH      4     /* columns a dot reaches beside its own */
#define TWIN_PLOT_MAX_SERIES     2     /* in one lane */
#define TWIN_PLOT_MAX_THRESHOLDS 2     /* in one lane */
#define TWIN_PLOT_MAX_BANDS      4

/* One value per pixel column, of one series or of one lane's dots; the
 * arrays a drawing does not use stay NULL. */
typedef struct
{
  float  *top;      /* a span per column, in pixels */
  float  *bottom;
  float  *in;       /* a step line: y entering the column */
  float  *mid;      /* a third value in the column, or NaN */
  float  *out;      /* y leaving it */
  guint8 *valid;
} TwinPlotColumns;

typedef struct _TwinPlotSeries TwinPlotSeries;

/* How a series turns the history's buckets into columns, and draws them. */
typedef struct
{
  gboolean steps;   /* its columns are in, mid and out rather than top and bottom */
  void   (*compute) (const TwinPlotSeries *series,
                     TwinPlotColumns      *columns,
                     const TwinPlotRect   *lane,
                     double                lo,
                     double                hi,
                     const TwinBucket     *buckets,
                     guint                 n);
  void   (*draw)    (const TwinPlotSeries  *series,
                     const TwinPlotColumns *columns,
                     cairo_t               *cr,
                     const TwinPlotRect    *lane,
                     guint                  c0,
                     guint                  c1,
                     guint                  n,
                     const GdkRGBA         *color);
} TwinPlotSeriesKind;

struct _TwinPlotSeries
{
  TwinChannel               channel;
  const TwinPlotSeriesKind *kind;
  gsize                     color;        /* offset in TwinPlotColors */
  const char               *name;         /* in the readout */
  const char               *legend;       /* NULL: the name */
  int                       line_width;   /* of a step line */
  gboolean                  dashed;
};

typedef struct
{
  TwinPlotLimit limit;
  gsize         color;                   /* offset in TwinPlotColors */
  const char   *name;                    /* in the legend, before the value */
  gboolean      dashed;
} TwinPlotThreshold;

/* Coloured bands between limits, such as the vibration zones. */
typedef struct
{
  const char   *name;                    /* in the legend, before the first letter */
  guint         n_edges;
  TwinPlotLimit edges[TWIN_PLOT_MAX_BANDS - 1];
  const char   *letters[TWIN_PLOT_MAX_BANDS];
  gsize         colors;                  /* offset of an array in TwinPlotColors */
  double        headroom;                /* the last edge times this stays in view */
} TwinPlotBands;

/* A row of the lane table: what a lane is called (its channel's title,
 * unit and digits in the field table), how its scale is chosen and what
 * it draws.  Series come in legend and readout order and are drawn last
 * first, so that the first is on top. */
typedef struct
{
  TwinChannel          channel;
  double               min_range;        /* the narrowest scale */
  gboolean             from_zero;        /* the scale reaches 0, and not below it for values ≥ 0 */
  gsize                reading;          /* offset of the measured value in TwinReading */
  guint                n_series;
  TwinPlotSeries       series[TWIN_PLOT_MAX_SERIES];
  guint                n_thresholds;
  TwinPlotThreshold    thresholds[TWIN_PLOT_MAX_THRESHOLDS];
  const TwinPlotBands *bands;            /* NULL: none */
} TwinPlotLaneInfo;

extern const TwinPlotLaneInfo   _twin_plot_lanes[TWIN_PLOT_N_LANES];
extern const char * const       _twin_plot_limit_params[TWIN_PLOT_N_LIMITS];
extern const TwinPlotSeriesKind _twin_plot_line;
extern const TwinPlotSeriesKind _twin_plot_steps;

typedef struct
{
  TwinBucket      *buckets;      /* the history's, one per column */
  TwinPlotColumns  columns;
} TwinPlotTrace;

/* A future as a frame draws it: its lane's first series (the machine's
 * own value), its band and its markers, in pixel columns. */
typedef struct
{
  TwinFutureKind   kind;
  guint            ghost;
  gboolean         has_band;
  int              now_x;                        /* its start, in px; -1: out of view */
  int              marks[TWIN_N_ALARMS];         /* each first raise, in px; -1: none in view */
  TwinPlotTrace    lines[TWIN_PLOT_N_LANES];
  TwinPlotTrace    lows[TWIN_PLOT_N_LANES];
  TwinPlotTrace    highs[TWIN_PLOT_N_LANES];
  TwinPlotColumns  bands[TWIN_PLOT_N_LANES];
} TwinPlotFutureTrace;

/* Everything a frame draws, decided before drawing, so that the widget can
 * draw it in vertical tiles and redraw only the tiles whose columns
 * changed since the previous frame. */
struct _TwinPlotScene
{
  TwinPlotView          view;
  TwinPlotColors        colors;
  PangoFontDescription *font;
  TwinPlotEvent        *events;
  double                width;
  double                height;
  TwinPlotFrame         frame;
  double                step[TWIN_PLOT_N_LANES];
  double                time_step;

  guint                 n;            /* columns */
  guint                 allocated;
  TwinPlotTrace         traces[TWIN_PLOT_N_LANES][TWIN_PLOT_MAX_SERIES];
  /* Measured points, thinned to the highest and lowest per column and
   * lane, so that a dense series costs at most two dots per column. */
  TwinPlotColumns       dots[TWIN_PLOT_N_LANES];
  guint                 n_measured;

  guint                 n_futures;
  guint                 futures_allocated;   /* columns of their traces */
  TwinPlotFutureTrace   futures[TWIN_PLOT_MAX_FUTURES];

  gboolean              have_sample;  /* at the hover time */
  TwinSample            sample;
  gboolean              have_measurement;  /* near the hover time */
  TwinMeasurement       measurement;
};

/* Draws text with a text cache, and knows which columns it draws. */
typedef struct
{
  cairo_t           *cr;
  TwinPlotTextCache *cache;
  TwinPlotTextCache *own_cache;  /* when the view brings none */
  double             line_height;
  double             x0;         /* what is drawn: [x0, x1) */
  double             x1;
} TwinPlotPainter;

void     _twin_plot_painter_init     (TwinPlotPainter             *p,
                                      const TwinPlotScene         *scene,
                                      cairo_t                     *cr,
                                      double                       x0,
                                      double                       x1);
void     _twin_plot_painter_clear    (TwinPlotPainter             *p);
void     _twin_plot_draw_text        (TwinPlotPainter             *p,
                                      const char                  *text,
                                      double                       x,
                                      double                       y,
                                      double                       xalign,
                                      double                       yalign);
double   _twin_plot_text_width       (TwinPlotPainter             *p,
                                      const char                  *text);

double   _twin_plot_line_height      (const PangoFontDescription  *font);
void     _twin_plot_bucket_range     (const TwinBucket            *buckets,
                                      guint                        n,
                                      double                      *lo,
                                      double                      *hi);
void     _twin_plot_scene_scale      (TwinPlotScene               *self,
                                      const TwinMeasurement       *measured,
                                      guint                        n_measured);

void     _twin_plot_dots_compute     (TwinPlotScene               *self,
                                      const TwinMeasurement       *measured,
                                      guint                        n_measured);
void     _twin_plot_dots_draw        (const TwinPlotColumns       *dots,
                                      cairo_t                     *cr,
                                      const TwinPlotRect          *lane,
                                      guint                        c0,
                                      guint                        c1,
                                      const TwinPlotColors        *colors);
void     _twin_plot_dot_path         (cairo_t                     *cr,
                                      double                       x,
                                      double                       y,
                                      double                       radius);

void     _twin_plot_draw_bands       (TwinPlotPainter             *p,
                                      const TwinPlotScene         *scene);
void     _twin_plot_draw_grid        (TwinPlotPainter             *p,
                                      const TwinPlotScene         *scene);
void     _twin_plot_draw_thresholds  (cairo_t                     *cr,
                                      const TwinPlotScene         *scene,
                                      TwinPlotLane                 lane);
void     _twin_plot_draw_ticks       (TwinPlotPainter             *p,
                                      const TwinPlotScene         *scene);
void     _twin_plot_draw_events      (cairo_t                     *cr,
                                      const TwinPlotScene         *scene);
void     _twin_plot_draw_legend      (TwinPlotPainter             *p,
                                      const TwinPlotScene         *scene);

const GdkRGBA *_twin_plot_event_color    (const TwinPlotColors    *colors,
                                          TwinPlotEventKind        kind);
void     _twin_plot_event_glyph      (cairo_t                     *cr,
                                      TwinPlotEventKind            kind,
                                      double                       x,
                                      double                       y,
                                      gboolean                     filled);
char    *_twin_plot_event_describe   (const TwinPlotEvent         *event);
double   _twin_plot_draw_event_legend (TwinPlotPainter            *p,
                                      const TwinPlotScene         *scene,
                                      double                       left,
                                      double                       right,
                                      double                       y);
guint    _twin_plot_events_near      (const TwinPlotScene         *scene,
                                      double                       time,
                                      const TwinPlotEvent         *near[],
                                      guint                        max);

void     _twin_plot_columns_resize   (TwinPlotColumns             *columns,
                                      gboolean                     steps,
                                      guint                        n);
void     _twin_plot_columns_clear    (TwinPlotColumns             *columns);
gboolean _twin_plot_columns_same     (const TwinPlotColumns       *a,
                                      const TwinPlotColumns       *b,
                                      guint                        c0,
                                      guint                        c1);
void     _twin_plot_fill_columns     (cairo_t                     *cr,
                                      const TwinPlotRect          *lane,
                                      const TwinPlotColumns       *columns,
                                      guint                        c0,
                                      guint                        c1,
                                      const GdkRGBA               *color,
                                      double                       alpha);

void     _twin_plot_futures_prepare  (TwinPlotScene               *self,
                                      const TwinPlotFuture        *futures,
                                      guint                        n_futures);
void     _twin_plot_futures_range    (const TwinPlotScene         *self,
                                      TwinPlotLane                 lane,
                                      double                      *lo,
                                      double                      *hi);
void     _twin_plot_futures_compute  (TwinPlotScene               *self);
gboolean _twin_plot_futures_same_frame   (const TwinPlotScene     *a,
                                          const TwinPlotScene     *b);
gboolean _twin_plot_futures_same_marks   (const TwinPlotScene     *a,
                                          const TwinPlotScene     *b);
gboolean _twin_plot_futures_same_columns (const TwinPlotScene     *a,
                                          const TwinPlotScene     *b,
                                          guint                    c0,
                                          guint                    c1);
void     _twin_plot_futures_draw_lane(const TwinPlotScene         *self,
                                      cairo_t                     *cr,
                                      TwinPlotLane                 lane,
                                      guint                        c0,
                                      guint                        c1);
void     _twin_plot_futures_draw_marks (const TwinPlotScene       *self,
                                        cairo_t                   *cr);
void     _twin_plot_futures_clear    (TwinPlotScene               *self);

void     _twin_plot_hover_prepare    (TwinPlotScene               *self,
                                      const TwinHistory           *history,
                                      const TwinMeasurement       *measured,
                                      guint                        n_measured);

static inline const GdkRGBA *
_twin_plot_color (const TwinPlotColors *colors,
                  gsize                 offset)
{
  return (const GdkRGBA *) (gconstpointer) ((const guint8 *) colors + offset);
}

static inline double
_twin_plot_lane_reading (const TwinPlotLaneInfo *info,
                         const TwinReading      *reading)
{
  return *(const double *) (gconstpointer) ((const guint8 *) reading + info->reading);
}

/* Whether @cr draws into pixels (an image, or a widget's recording), where
 * masks are cheaper than paths, or into a vector format. */
static inline gboolean
_twin_plot_draws_pixels (cairo_t *cr)
{
  cairo_surface_type_t type = cairo_surface_get_type (cairo_get_target (cr));

  return type == CAIRO_SURFACE_TYPE_IMAGE || type == CAIRO_SURFACE_TYPE_RECORDING;
}

static inline void
_twin_plot_set_color (cairo_t       *cr,
                      const GdkRGBA *rgba,
                      double         alpha)
{
  cairo_set_source_rgba (cr, rgba->red, rgba->green, rgba->blue, rgba->alpha * alpha);
}

static inline double
_twin_plot_value_to_y (const TwinPlotRect *lane,
                       double              lo,
                       double              hi,
                       double              v)
{
  /* An inset, so that a series at the end of the scale (a machine at
   * 0 rpm) is not hidden by the lane's border. */
  return lane->y + lane->height - TWIN_PLOT_LANE_INSET -
         (v - lo) / (hi - lo) * (lane->height - 2 * TWIN_PLOT_LANE_INSET);
}

/* The widget's internals, shared by its files. */

#define TWIN_PLOT_MIN_SPAN 1.0   /* simulated s, the deepest zoom */

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
  TwinPlotFuture        futures[TWIN_PLOT_MAX_FUTURES];   /* borrowed from the caller */
  guint                 n_futures;
  gboolean              cooling_degraded;
  gboolean              bearing_defect;
  guint                 hidden_faults;   /* TwinCommandField: no marker gives them away */

  /* What the last redraw request saw of the engine, so that a "changed"
   * that changes nothing the plot shows draws nothing. */
  guint64               seen_end;
  guint64               seen_first;
  double                seen_origin;
  char                  seen_run[TWIN_RUN_ID_LEN + 1];   /* a backtrack keeps it, a reset does not */
  double                seen_limits[TWIN_PLOT_N_LIMITS];

  guint64               seen_steps;   /* the step the paused ring shows */

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
  GskRenderNode        *marks;        /* the futures' now line and markers, over the tiles */

  guint                 n_draws;
  guint                 n_tiles_drawn;
};

void     _twin_plot_compute_range    (TwinPlot                    *self,
                                      double                      *t0,
                                      double                      *t1);
void     _twin_plot_fill_view        (TwinPlot                    *self,
                                      TwinPlotView                *view);
gboolean _twin_plot_now_draw         (TwinPlot                    *self,
                                      GtkSnapshot                 *snapshot,
                                      const TwinPlotFrame         *frame,
                                      const TwinPlotView          *view);
gboolean _twin_plot_now_changed      (TwinPlot                    *self);
double   _twin_plot_past_end         (TwinPlot                    *self);
void     _twin_plot_set_view         (TwinPlot                    *self,
                                      double                       span,
                                      double                       end);
double   _twin_plot_clamp_end        (TwinPlot                    *self,
                                      double                       span,
                                      double                       end);
void     _twin_plot_zoom             (TwinPlot                    *self,
                                      double                       factor,
                                      double                       fraction);
void     _twin_plot_pan              (TwinPlot                    *self,
                                      double                       spans);
void     _twin_plot_navigate_init    (TwinPlot                    *self);
void     _twin_plot_data_rect        (TwinPlot                    *self,
                                      TwinPlotRect                *rect);
void     _twin_plot_watch_engine     (TwinPlot                    *self,
                                      TwinEngine                  *engine);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TwinPlotTextCache, twin_plot_text_cache_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TwinPlotScene, twin_plot_scene_free)

G_END_DECLS
