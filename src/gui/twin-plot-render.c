/* twin-plot-render.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "twin-plot"

#include "config.h"

#include <math.h>
#include <string.h>
#include <pango/pangocairo.h>

#include "twin-plot-private.h"

#define PAD_TOP      4.0
#define PAD_RIGHT    14.0
#define LANE_GAP     8.0
#define MARKER_ROW   9.0
#define LINE_HALF    0.75   /* a series is 1.5 px thick */
#define LANE_INSET   3.0    /* px between a lane's border and its scale's ends */
#define MIN_TICK_PX  36.0   /* between two value ticks */
#define MIN_TIME_PX  96.0   /* between two time ticks */
#define DOT_RADIUS   2.5    /* a measured point */
#define DOT_HALO     1.0    /* background ring around it, so it shows over a line */
#define DOT_REACH    4      /* columns a dot reaches beside its own */

#define TEXT_CACHE_SIZE 512

struct _TwinPlotTextCache
{
  PangoContext         *context;
  PangoFontDescription *font;
  GHashTable           *layouts;   /* text → PangoLayout */
};

typedef struct
{
  cairo_t           *cr;
  TwinPlotTextCache *cache;
  double             line_height;
  double             x0;           /* what is drawn: [x0, x1) */
  double             x1;
} Painter;

enum { Q_TEMP, Q_AMBIENT, Q_VIB, Q_RPM, Q_SETPOINT, N_QUERIES };
enum { STEP_AMBIENT, STEP_SETPOINT, N_STEPS };

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
  TwinBucket           *buckets;      /* N_QUERIES × n */
  float                *span_top;     /* TWIN_PLOT_N_LANES × n, in pixels */
  float                *span_bottom;
  guint8               *span_valid;
  float                *step_in;      /* N_STEPS × n: y entering the column */
  float                *step_mid;     /* a third value in the column, or NaN */
  float                *step_out;     /* y leaving it */
  guint8               *step_valid;
  /* Measured points, thinned to the highest and lowest per column and
   * lane, so that a dense series costs at most two dots per column. */
  float                *dot_top;      /* TWIN_PLOT_N_LANES × n, in pixels */
  float                *dot_bottom;
  guint8               *dot_valid;
  guint                 n_measured;

  gboolean              have_sample;  /* at the hover time */
  TwinSample            sample;
  gboolean              have_measurement;  /* near the hover time */
  TwinMeasurement       measurement;
};

static const char * const lane_titles[] = {
  "Temperature °C", "Vibration mm/s", "Speed rpm",
};

static void
rgba_parse (GdkRGBA    *rgba,
            const char *spec)
{
  gboolean ok = gdk_rgba_parse (rgba, spec);

  g_assert (ok);
}

/**
 * twin_plot_colors_init:
 * @dark: whether the dark palette is wanted
 * @foreground: (nullable): the text colour of the widget's style
 * @background: (nullable): the colour to paint behind the plot
 *
 * Series colours come from the GNOME palette, a lighter shade on dark.
 */
void
twin_plot_colors_init (TwinPlotColors *colors,
                       gboolean        dark,
                       const GdkRGBA  *foreground,
                       const GdkRGBA  *background)
{
  static const char * const zone_light[] = { "rgba(51,209,122,0.16)", "rgba(246,211,45,0.20)",
                                             "rgba(255,120,0,0.18)",  "rgba(224,27,36,0.16)" };
  static const char * const zone_dark[]  = { "rgba(51,209,122,0.14)", "rgba(246,211,45,0.14)",
                                             "rgba(255,120,0,0.16)",  "rgba(224,27,36,0.18)" };

  g_return_if_fail (colors != NULL);

  rgba_parse (&colors->background, dark ? "#1e1e1e" : "#ffffff");
  rgba_parse (&colors->foreground, dark ? "#ffffff" : "rgba(0,0,0,0.8)");
  rgba_parse (&colors->temperature, dark ? "#ffa348" : "#e66100");
  rgba_parse (&colors->ambient, dark ? "#62a0ea" : "#3584e4");
  rgba_parse (&colors->warning, dark ? "#f5c211" : "#c88800");
  rgba_parse (&colors->trip, dark ? "#f66151" : "#c01c28");
  rgba_parse (&colors->vibration, dark ? "#dc8add" : "#813d9c");
  for (guint i = 0; i < 4; i++)
    rgba_parse (&colors->zones[i], dark ? zone_dark[i] : zone_light[i]);
  rgba_parse (&colors->rpm, dark ? "#99c1f1" : "#1a5fb4");
  rgba_parse (&colors->setpoint, dark ? "#8ff0a4" : "#26a269");
  rgba_parse (&colors->alarm_marker, dark ? "#f8e45c" : "#e5a50a");
  rgba_parse (&colors->trip_marker, dark ? "#ff7b63" : "#c01c28");
  rgba_parse (&colors->fault_marker, dark ? "#c061cb" : "#9141ac");
  /* Data over model: neutral dots, unlike any series' colour. */
  rgba_parse (&colors->measured, dark ? "#f6f5f4" : "#241f31");

  if (foreground != NULL)
    colors->foreground = *foreground;
  if (background != NULL)
    colors->background = *background;
}

void
twin_plot_view_init (TwinPlotView *view)
{
  g_return_if_fail (view != NULL);

  *view = (TwinPlotView) {
    .t0 = 0,
    .t1 = 60,
    .temp_warning = NAN,
    .temp_trip = NAN,
    .zone_a_max = NAN,
    .zone_b_max = NAN,
    .zone_c_max = NAN,
    .paint_background = TRUE,
  };
}

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

void
twin_plot_compute_layout (double                      width,
                          double                      height,
                          const PangoFontDescription *font,
                          TwinPlotLayout             *layout)
{
  double px = font_pixels (font);
  double line = ceil (px * 1.4);
  double left = ceil (px * 0.62 * 6) + 10;
  double header = line + 4;
  double axis = MARKER_ROW + line + 4;
  double data_width = floor (MAX (0.0, width - left - PAD_RIGHT));
  double lane_height = floor (MAX (0.0, (height - PAD_TOP - axis - 3 * header - 2 * LANE_GAP) / 3));
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
    g_string_append_printf (str, ".%u", tenth);

  return g_string_free (str, FALSE);
}

static inline double
value_to_y (const TwinPlotRect *lane,
            double              lo,
            double              hi,
            double              v)
{
  /* An inset, so that a series at the end of the scale (a machine at
   * 0 rpm) is not hidden by the lane's border. */
  return lane->y + lane->height - LANE_INSET - (v - lo) / (hi - lo) * (lane->height - 2 * LANE_INSET);
}

double
twin_plot_frame_value_to_y (const TwinPlotFrame *frame,
                            TwinPlotLane         lane,
                            double               value)
{
  g_return_val_if_fail (frame != NULL, 0);
  g_return_val_if_fail (lane < TWIN_PLOT_N_LANES, 0);

  return value_to_y (&frame->layout.lanes[lane], frame->lo[lane], frame->hi[lane], value);
}

double
twin_plot_frame_time_to_x (const TwinPlotFrame *frame,
                           const TwinPlotView  *view,
                           double               t)
{
  const TwinPlotRect *data = &frame->layout.data;

  return data->x + (t - view->t0) / (view->t1 - view->t0) * data->width;
}

static void
set_color (cairo_t       *cr,
           const GdkRGBA *rgba,
           double         alpha)
{
  cairo_set_source_rgba (cr, rgba->red, rgba->green, rgba->blue, rgba->alpha * alpha);
}

/**
 * twin_plot_text_cache_new:
 *
 * Laid out labels, kept from one frame to the next: most labels do not
 * change between frames, and shaping them again would cost a third of a
 * frame.
 */
TwinPlotTextCache *
twin_plot_text_cache_new (void)
{
  TwinPlotTextCache *self = g_new0 (TwinPlotTextCache, 1);

  self->context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  pango_cairo_context_set_resolution (self->context, 96);
  self->layouts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);

  return self;
}

void
twin_plot_text_cache_free (TwinPlotTextCache *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->layouts, g_hash_table_unref);
  g_clear_pointer (&self->font, pango_font_description_free);
  g_clear_object (&self->context);
  g_free (self);
}

/* Follows the target's font options and the font; either change makes
 * every layout stale. */
static void
text_cache_prepare (TwinPlotTextCache          *self,
                    cairo_t                    *cr,
                    const PangoFontDescription *font)
{
  guint serial = pango_context_get_serial (self->context);

  pango_cairo_update_context (cr, self->context);

  if (self->font == NULL || !pango_font_description_equal (self->font, font))
    {
      g_clear_pointer (&self->font, pango_font_description_free);
      self->font = pango_font_description_copy (font);
      g_hash_table_remove_all (self->layouts);
    }
  else if (serial != pango_context_get_serial (self->context))
    {
      g_hash_table_remove_all (self->layouts);
    }
}

static PangoLayout *
text_cache_lookup (TwinPlotTextCache *self,
                   const char        *text)
{
  PangoLayout *layout = g_hash_table_lookup (self->layouts, text);

  if (layout != NULL)
    return layout;

  if (g_hash_table_size (self->layouts) >= TEXT_CACHE_SIZE)
    g_hash_table_remove_all (self->layouts);

  layout = pango_layout_new (self->context);
  pango_layout_set_font_description (layout, self->font);
  pango_layout_set_text (layout, text, -1);
  g_hash_table_insert (self->layouts, g_strdup (text), layout);

  return layout;
}

/* Draws @text with its anchor point (xalign, yalign of its ink box
 * measured on the logical box) at (x, y). */
static void
draw_text (Painter    *p,
           const char *text,
           double      x,
           double      y,
           double      xalign,
           double      yalign)
{
  int w, h;

  PangoLayout *layout = text_cache_lookup (p->cache, text);
  double left;

  pango_layout_get_pixel_size (layout, &w, &h);
  left = round (x - xalign * w);
  if (left >= p->x1 || left + w <= p->x0)
    return;
  cairo_move_to (p->cr, round (x - xalign * w), round (y - yalign * h));
  pango_cairo_show_layout (p->cr, layout);
}

static double
text_width (Painter    *p,
            const char *text)
{
  int w;

  pango_layout_get_pixel_size (text_cache_lookup (p->cache, text), &w, NULL);

  return w;
}

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
compute_spans (const TwinPlotRect *lane,
               double              lo,
               double              hi,
               const TwinBucket   *buckets,
               guint               n,
               float              *top,
               float              *bottom,
               guint8             *valid)
{
  g_autofree gboolean *ok = g_new (gboolean, n);
  double scale = (lane->height - 2 * LANE_INSET) / (hi - lo);
  double base = lane->y + lane->height - LANE_INSET;
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

static void
draw_spans (cairo_t            *cr,
            const TwinPlotRect *lane,
            const float        *top,
            const float        *bottom,
            const guint8       *valid,
            guint               c0,
            guint               c1,
            const GdkRGBA      *color)
{
  cairo_surface_type_t type = cairo_surface_get_type (cairo_get_target (cr));
  g_autofree gboolean *ok = NULL;
  TwinPlotRect part;

  if (c1 <= c0)
    return;

  ok = g_new (gboolean, c1 - c0);
  for (guint i = c0; i < c1; i++)
    ok[i - c0] = valid[i];

  part = *lane;
  part.x = lane->x + c0;

  set_color (cr, color, 1);
  if (type == CAIRO_SURFACE_TYPE_IMAGE || type == CAIRO_SURFACE_TYPE_RECORDING)
    fill_spans_mask (cr, &part, top + c0, bottom + c0, ok, c1 - c0);
  else
    fill_spans_vector (cr, &part, top + c0, bottom + c0, ok, c1 - c0);
}

/* A piecewise constant input (ambient, setpoint) as a step line: a
 * horizontal run while the value holds, a vertical jump in the column
 * where it changes.  Empty columns inside the data hold the last value.
 * The corners sit on pixel centres (odd widths) or edges (even widths), so
 * the path is rectilinear and pixel-aligned and cairo strokes it as boxes,
 * dashes included, instead of through its general stroker. */
static void
compute_steps (const TwinPlotRect *lane,
               double              lo,
               double              hi,
               const TwinBucket   *buckets,
               guint               n,
               int                 line_width,
               float              *in,
               float              *mid,
               float              *out,
               guint8             *valid)
{
  double offset = line_width % 2 ? 0.5 : 0.0;
  gint64 first = -1;
  gint64 last = -1;
  double cur = 0;

#define SNAP_Y(v) ((float) (floor (value_to_y (lane, lo, hi, (v)) + 0.5 - offset) + offset))

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
draw_steps (cairo_t            *cr,
            const TwinPlotRect *lane,
            const float        *in,
            const float        *mid,
            const float        *out,
            const guint8       *valid,
            guint               n,
            const GdkRGBA      *color,
            int                 line_width,
            gboolean            dashed)
{
  static const double dash[] = { 6, 4 };
  double offset = line_width % 2 ? 0.5 : 0.0;
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

  set_color (cr, color, 1);
  cairo_set_line_width (cr, line_width);
  cairo_set_dash (cr, dashed ? dash : NULL, dashed ? G_N_ELEMENTS (dash) : 0, 0);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
}

static void
bucket_range (const TwinBucket *buckets,
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

  step = twin_plot_nice_step (*hi - *lo, max_ticks);
  *lo = floor (*lo / step + 1e-9) * step;
  *hi = ceil (*hi / step - 1e-9) * step;
  if (*hi <= *lo)
    *hi = *lo + step;

  return step;
}

static void
hline (cairo_t            *cr,
       const TwinPlotRect *lane,
       double              y)
{
  cairo_rectangle (cr, lane->x, floor (y), lane->width, 1);
}

static void
draw_value_ticks (Painter            *p,
                  const TwinPlotRect *lane,
                  double              lo,
                  double              hi,
                  double              step)
{
  int decimals = step >= 1 ? 0 : (int) ceil (-log10 (step) - 1e-9);
  char text[32];

  for (double v = lo; v <= hi + step * 1e-6; v += step)
    {
      double y = value_to_y (lane, lo, hi, v);
      double yalign = 0.5;

      if (y < lane->y + p->line_height / 2)
        yalign = 0.0;
      else if (y > lane->y + lane->height - p->line_height / 2)
        yalign = 1.0;

      g_snprintf (text, sizeof text, "%.*f", decimals, fabs (v) < step * 1e-6 ? 0.0 : v);
      draw_text (p, text, lane->x - 6, y, 1.0, yalign);
    }
}

static double
legend_item (Painter       *p,
             double         x,
             double         y,
             const GdkRGBA *color,
             const char    *text,
             gboolean       dashed,
             gboolean       swatch,
             const GdkRGBA *foreground)
{
  static const double dash[] = { 4, 3 };
  cairo_t *cr = p->cr;

  if (swatch)
    {
      cairo_rectangle (cr, x, y - 5, 14, 10);
      set_color (cr, color, 1);
      cairo_fill (cr);
    }
  else
    {
      cairo_move_to (cr, x, y);
      cairo_line_to (cr, x + 16, y);
      set_color (cr, color, 1);
      cairo_set_line_width (cr, 2);
      cairo_set_dash (cr, dashed ? dash : NULL, dashed ? G_N_ELEMENTS (dash) : 0, 0);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }

  set_color (cr, foreground, 0.8);
  draw_text (p, text, x + 20, y, 0, 0.5);

  return x + 20 + text_width (p, text) + 14;
}

static void
dot_path (cairo_t *cr,
          double   x,
          double   y,
          double   radius)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, x, y, radius, 0, 2 * G_PI);
}

static double
legend_dot (Painter              *p,
            double                x,
            double                y,
            const TwinPlotColors *colors)
{
  dot_path (p->cr, x + 8, y, DOT_RADIUS + 0.5);
  set_color (p->cr, &colors->measured, 1);
  cairo_fill (p->cr);

  set_color (p->cr, &colors->foreground, 0.8);
  draw_text (p, "measured", x + 20, y, 0, 0.5);

  return x + 20 + text_width (p, "measured") + 14;
}

static void
draw_headers (Painter              *p,
              const TwinPlotLayout *layout,
              const TwinPlotView   *view,
              const TwinPlotColors *colors)
{
  const GdkRGBA *fg = &colors->foreground;
  char text[64];

  for (guint i = 0; i < TWIN_PLOT_N_LANES; i++)
    {
      const TwinPlotRect *h = &layout->headers[i];
      double y = h->y + h->height / 2;
      double x;

      set_color (p->cr, fg, 1);
      draw_text (p, lane_titles[i], h->x, y, 0, 0.5);
      x = h->x + text_width (p, lane_titles[i]) + 18;

      switch (i)
        {
        case TWIN_PLOT_LANE_TEMPERATURE:
          x = legend_item (p, x, y, &colors->temperature, "temperature", FALSE, FALSE, fg);
          if (view->show_measured)
            x = legend_dot (p, x, y, colors);
          x = legend_item (p, x, y, &colors->ambient, "ambient", FALSE, FALSE, fg);
          if (isfinite (view->temp_warning))
            {
              g_snprintf (text, sizeof text, "warning %g", view->temp_warning);
              x = legend_item (p, x, y, &colors->warning, text, TRUE, FALSE, fg);
            }
          if (isfinite (view->temp_trip))
            {
              g_snprintf (text, sizeof text, "trip %g", view->temp_trip);
              legend_item (p, x, y, &colors->trip, text, FALSE, FALSE, fg);
            }
          break;

        case TWIN_PLOT_LANE_VIBRATION:
          x = legend_item (p, x, y, &colors->vibration, "vibration RMS", FALSE, FALSE, fg);
          if (view->show_measured)
            x = legend_dot (p, x, y, colors);
          for (guint z = 0; z < 4; z++)
            {
              const char *names[] = { "zone A", "B", "C", "D" };
              GdkRGBA opaque = colors->zones[z];

              opaque.alpha = MIN (1.0, opaque.alpha * 3);
              x = legend_item (p, x, y, &opaque, names[z], FALSE, TRUE, fg) - 6;
            }
          break;

        case TWIN_PLOT_LANE_RPM:
          x = legend_item (p, x, y, &colors->rpm, "speed", FALSE, FALSE, fg);
          if (view->show_measured)
            x = legend_dot (p, x, y, colors);
          legend_item (p, x, y, &colors->setpoint, "setpoint", TRUE, FALSE, fg);
          break;

        default:
          g_assert_not_reached ();
        }
    }
}

static void
draw_zones (Painter              *p,
            const TwinPlotRect   *lane,
            double                lo,
            double                hi,
            const TwinPlotView   *view,
            const TwinPlotColors *colors)
{
  double edges[5] = { -INFINITY, view->zone_a_max, view->zone_b_max, view->zone_c_max, INFINITY };
  static const char * const letters[] = { "A", "B", "C", "D" };

  for (guint z = 0; z < 4; z++)
    {
      double a = isfinite (edges[z]) ? CLAMP (edges[z], lo, hi) : lo;
      double b = isfinite (edges[z + 1]) ? CLAMP (edges[z + 1], lo, hi) : hi;
      double ya, yb;
      GdkRGBA blended;

      if (!isfinite (edges[z]) && z > 0)
        continue;
      if (!isfinite (edges[z + 1]) && z < 3)
        continue;
      if (b <= a)
        continue;

      /* The outer zones reach the lane's border, past the inset. */
      ya = a <= lo ? lane->y + lane->height : round (value_to_y (lane, lo, hi, a));
      yb = b >= hi ? lane->y : round (value_to_y (lane, lo, hi, b));
      /* Blended with the background here, so the fill is opaque and cairo
       * writes it rather than composites it. */
      blended = colors->background;
      blended.red += (colors->zones[z].red - blended.red) * colors->zones[z].alpha;
      blended.green += (colors->zones[z].green - blended.green) * colors->zones[z].alpha;
      blended.blue += (colors->zones[z].blue - blended.blue) * colors->zones[z].alpha;
      cairo_rectangle (p->cr, lane->x, yb, lane->width, ya - yb);
      set_color (p->cr, view->paint_background ? &blended : &colors->zones[z], 1);
      cairo_fill (p->cr);

      if (ya - yb >= p->line_height)
        {
          set_color (p->cr, &colors->foreground, 0.45);
          draw_text (p, letters[z], lane->x + lane->width - 4, (ya + yb) / 2, 1.0, 0.5);
        }
    }
}

static void
draw_threshold (cairo_t            *cr,
                const TwinPlotRect *lane,
                double              lo,
                double              hi,
                double              value,
                const GdkRGBA      *color,
                gboolean            dashed)
{
  static const double dash[] = { 8, 5 };
  double y;

  if (!isfinite (value) || value < lo || value > hi)
    return;

  y = floor (value_to_y (lane, lo, hi, value)) + 0.5;
  cairo_move_to (cr, lane->x, y);
  cairo_line_to (cr, lane->x + lane->width, y);
  set_color (cr, color, 0.9);
  cairo_set_line_width (cr, 1);
  cairo_set_dash (cr, dashed ? dash : NULL, dashed ? G_N_ELEMENTS (dash) : 0, 0);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
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

  dot_kernel (DOT_RADIUS + DOT_HALO, kernels[0]);
  dot_kernel (DOT_RADIUS, kernels[1]);

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
        set_color (cr, &colors->background, 0.9);
      else
        set_color (cr, &colors->measured, 1);
      cairo_mask_surface (cr, masks[m], x_origin, y_origin);
    }

out:
  g_clear_pointer (&masks[0], cairo_surface_destroy);
  g_clear_pointer (&masks[1], cairo_surface_destroy);
}

/* Measured points as dots, each on a ring of the background so that it
 * stands out over the simulated line; all rings first, so that no ring
 * covers a neighbouring dot.  The dots' centres are pixel centres. */
static void
draw_dots (cairo_t              *cr,
           const TwinPlotRect   *lane,
           const float          *top,
           const float          *bottom,
           const guint8         *valid,
           guint                 c0,
           guint                 c1,
           const TwinPlotColors *colors)
{
  cairo_surface_type_t type = cairo_surface_get_type (cairo_get_target (cr));
  gboolean any = FALSE;

  if (type == CAIRO_SURFACE_TYPE_IMAGE || type == CAIRO_SURFACE_TYPE_RECORDING)
    {
      draw_dots_mask (cr, lane, top, bottom, valid, c0, c1, colors);
      return;
    }

  for (guint pass = 0; pass < 2; pass++)
    {
      double radius = pass == 0 ? DOT_RADIUS + DOT_HALO : DOT_RADIUS;

      for (guint i = c0; i < c1; i++)
        {
          double x = lane->x + i + 0.5;

          if (!valid[i])
            continue;
          dot_path (cr, x, top[i], radius);
          if (bottom[i] - top[i] >= 1)
            dot_path (cr, x, bottom[i], radius);
          any = TRUE;
        }

      if (!any)
        return;
      if (pass == 0)
        set_color (cr, &colors->background, 0.9);
      else
        set_color (cr, &colors->measured, 1);
      cairo_fill (cr);
    }
}

static const GdkRGBA *
event_color (const TwinPlotColors *colors,
             TwinPlotEventKind     kind)
{
  switch (kind)
    {
    case TWIN_PLOT_EVENT_ALARM:
      return &colors->alarm_marker;
    case TWIN_PLOT_EVENT_TRIP:
      return &colors->trip_marker;
    case TWIN_PLOT_EVENT_FAULT:
    default:
      return &colors->fault_marker;
    }
}

static void
draw_events (cairo_t              *cr,
             const TwinPlotLayout *layout,
             const TwinPlotView   *view,
             const TwinPlotColors *colors)
{
  const TwinPlotRect *data = &layout->data;
  double y = layout->axis.y + 1;

  for (guint i = 0; i < view->n_events; i++)
    {
      const TwinPlotEvent *e = &view->events[i];
      const GdkRGBA *color = event_color (colors, e->kind);
      double x;

      if (e->time < view->t0 || e->time > view->t1)
        continue;

      x = floor (data->x + (e->time - view->t0) / (view->t1 - view->t0) * data->width) + 0.5;

      /* A faint line through the lanes, so the cause is seen next to the event. */
      if (e->raised)
        {
          cairo_rectangle (cr, x - 0.5, data->y, 1, data->height);
          set_color (cr, color, 0.35);
          cairo_fill (cr);
        }

      cairo_move_to (cr, x, y);
      cairo_line_to (cr, x + 5, y + MARKER_ROW - 1);
      cairo_line_to (cr, x - 5, y + MARKER_ROW - 1);
      cairo_close_path (cr);
      set_color (cr, color, 1);
      if (e->raised)
        {
          cairo_fill (cr);
        }
      else
        {
          cairo_set_line_width (cr, 1);
          cairo_stroke (cr);
        }
    }
}

static void
draw_hover (Painter             *p,
            const TwinPlotScene *scene)
{
  const TwinPlotFrame *frame = &scene->frame;
  const TwinPlotView *view = &scene->view;
  const TwinPlotColors *colors = &scene->colors;
  const TwinPlotLayout *layout = &frame->layout;
  const TwinPlotRect *data = &layout->data;
  cairo_t *cr = p->cr;
  const TwinSample *sample = &scene->sample;
  gboolean have_sample = scene->have_sample;
  double x = floor (twin_plot_frame_time_to_x (frame, view, view->hover_time));
  char lines[9][64];
  const GdkRGBA *swatches[9] = { NULL };
  guint n_lines = 0;
  double box_w = 0;
  double box_h;
  double bx, by;

  if (x < data->x || x >= data->x + data->width)
    return;

  cairo_rectangle (cr, x, data->y, 1, data->height);
  set_color (cr, &colors->foreground, 0.55);
  cairo_fill (cr);

  {
    g_autofree char *t = twin_plot_format_time (view->hover_time, 0.1, view->t1);

    g_snprintf (lines[n_lines++], sizeof lines[0], "time %s", t);
  }

  if (have_sample)
    {
      const struct {
        TwinChannel    channel;
        TwinPlotLane   lane;
        const char    *format;
        const GdkRGBA *color;
      } rows[] = {
        { TWIN_CHANNEL_TEMPERATURE,  TWIN_PLOT_LANE_TEMPERATURE, "temperature %.1f °C",  &colors->temperature },
        { TWIN_CHANNEL_AMBIENT,      TWIN_PLOT_LANE_TEMPERATURE, "ambient %.1f °C",      &colors->ambient },
        { TWIN_CHANNEL_VIBRATION,    TWIN_PLOT_LANE_VIBRATION,   "vibration %.2f mm/s",  &colors->vibration },
        { TWIN_CHANNEL_RPM,          TWIN_PLOT_LANE_RPM,         "speed %.0f rpm",       &colors->rpm },
        { TWIN_CHANNEL_RPM_SETPOINT, TWIN_PLOT_LANE_RPM,         "setpoint %.0f rpm",    &colors->setpoint },
      };

      for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
        {
          double v = sample->values[rows[i].channel];
          double y = twin_plot_frame_value_to_y (frame, rows[i].lane, v);
          const TwinPlotRect *lane = &layout->lanes[rows[i].lane];

          g_snprintf (lines[n_lines], sizeof lines[0], rows[i].format, v);
          swatches[n_lines++] = rows[i].color;

          if (y >= lane->y && y <= lane->y + lane->height)
            {
              cairo_arc (cr, x + 0.5, y, 3.5, 0, 2 * G_PI);
              set_color (cr, rows[i].color, 1);
              cairo_fill (cr);
            }
        }
    }

  if (scene->have_measurement)
    {
      const TwinReading *r = &scene->measurement.reading;
      const struct {
        double       value;
        TwinPlotLane lane;
        const char  *format;
      } rows[] = {
        { r->temperature, TWIN_PLOT_LANE_TEMPERATURE, "measured temperature %.1f °C" },
        { r->vibration,   TWIN_PLOT_LANE_VIBRATION,   "measured vibration %.2f mm/s" },
        { r->rpm,         TWIN_PLOT_LANE_RPM,         "measured speed %.0f rpm" },
      };
      double mx = twin_plot_frame_time_to_x (frame, view, scene->measurement.sim_time);

      for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
        {
          double y = twin_plot_frame_value_to_y (frame, rows[i].lane, rows[i].value);
          const TwinPlotRect *lane = &layout->lanes[rows[i].lane];

          g_snprintf (lines[n_lines], sizeof lines[0], rows[i].format, rows[i].value);
          swatches[n_lines++] = &colors->measured;

          /* A ring around the dot the readout speaks of. */
          if (y >= lane->y && y <= lane->y + lane->height)
            {
              dot_path (cr, floor (mx) + 0.5, y, DOT_RADIUS + 3);
              set_color (cr, &colors->measured, 1);
              cairo_set_line_width (cr, 1.5);
              cairo_stroke (cr);
            }
        }
    }

  for (guint i = 0; i < n_lines; i++)
    box_w = MAX (box_w, text_width (p, lines[i]));
  box_w += 16 + 14;
  box_h = n_lines * p->line_height + 10;

  bx = x + 12;
  if (bx + box_w > data->x + data->width)
    bx = x - 12 - box_w;
  bx = MAX (bx, 0);
  by = data->y + 6;

  cairo_rectangle (cr, bx, by, box_w, box_h);
  set_color (cr, &colors->background, 0.92);
  cairo_fill_preserve (cr);
  set_color (cr, &colors->foreground, 0.25);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);

  for (guint i = 0; i < n_lines; i++)
    {
      double ly = by + 5 + (i + 0.5) * p->line_height;

      if (swatches[i] != NULL)
        {
          cairo_rectangle (cr, bx + 8, ly - 4, 8, 8);
          set_color (cr, swatches[i], 1);
          cairo_fill (cr);
        }
      set_color (cr, &colors->foreground, 1);
      draw_text (p, lines[i], bx + 22, ly, 0, 0.5);
    }
}

TwinPlotScene *
twin_plot_scene_new (void)
{
  TwinPlotScene *self = g_new0 (TwinPlotScene, 1);

  twin_plot_view_init (&self->view);
  twin_plot_colors_init (&self->colors, FALSE, NULL, NULL);

  return self;
}

void
twin_plot_scene_free (TwinPlotScene *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->font, pango_font_description_free);
  g_free (self->events);
  g_free (self->buckets);
  g_free (self->span_top);
  g_free (self->span_bottom);
  g_free (self->span_valid);
  g_free (self->step_in);
  g_free (self->step_mid);
  g_free (self->step_out);
  g_free (self->step_valid);
  g_free (self->dot_top);
  g_free (self->dot_bottom);
  g_free (self->dot_valid);
  g_free (self);
}

const TwinPlotFrame *
twin_plot_scene_get_frame (const TwinPlotScene *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return &self->frame;
}

static void
find_hover_sample (TwinPlotScene     *self,
                   const TwinHistory *history)
{
  double origin, fi;
  guint64 first, last;

  self->have_sample = FALSE;
  if (!self->view.hover || history == NULL || twin_history_get_length (history) == 0)
    return;

  origin = twin_history_index_to_time (history, 0);
  fi = (self->view.hover_time - origin) / twin_history_get_interval (history);
  first = twin_history_get_first_index (history);
  last = twin_history_get_end_index (history) - 1;

  if (fi >= (double) first - 0.5 && fi <= (double) last + 0.5)
    {
      guint64 index = (guint64) CLAMP (llround (fi), (gint64) first, (gint64) last);

      self->have_sample = twin_history_get_sample (history, index, &self->sample);
    }
}

/* Each measured point goes to the pixel column of its time; per lane, a
 * column keeps its highest and lowest point. */
static void
compute_dots (TwinPlotScene         *self,
              const TwinMeasurement *measured,
              guint                  n_measured)
{
  const TwinPlotView *view = &self->view;
  const TwinPlotFrame *frame = &self->frame;
  guint n = self->n;

  memset (self->dot_valid, 0, (gsize) n * TWIN_PLOT_N_LANES);
  memset (self->dot_top, 0, sizeof (float) * n * TWIN_PLOT_N_LANES);
  memset (self->dot_bottom, 0, sizeof (float) * n * TWIN_PLOT_N_LANES);
  self->n_measured = 0;

  for (guint i = 0; i < n_measured; i++)
    {
      const TwinMeasurement *m = &measured[i];
      const double values[TWIN_PLOT_N_LANES] = {
        m->reading.temperature, m->reading.vibration, m->reading.rpm,
      };
      guint c;

      if (!(m->sim_time >= view->t0 && m->sim_time < view->t1))
        continue;

      c = (guint) MIN ((double) n - 1, floor ((m->sim_time - view->t0) / (view->t1 - view->t0) * n));
      self->n_measured++;

      for (guint lane = 0; lane < TWIN_PLOT_N_LANES; lane++)
        {
          const TwinPlotRect *rect = &frame->layout.lanes[lane];
          gsize o = (gsize) lane * n + c;
          float y = (float) (floor (CLAMP (value_to_y (rect, frame->lo[lane], frame->hi[lane], values[lane]),
                                           rect->y, rect->y + rect->height - 1)) + 0.5);

          if (!self->dot_valid[o])
            {
              self->dot_top[o] = self->dot_bottom[o] = y;
              self->dot_valid[o] = TRUE;
            }
          else
            {
              self->dot_top[o] = MIN (self->dot_top[o], y);
              self->dot_bottom[o] = MAX (self->dot_bottom[o], y);
            }
        }
    }
}

/* The measured point nearest the hover time, if within a few pixels. */
static void
find_hover_measurement (TwinPlotScene         *self,
                        const TwinMeasurement *measured,
                        guint                  n_measured)
{
  const TwinPlotView *view = &self->view;
  double reach;
  double best = INFINITY;

  self->have_measurement = FALSE;
  if (!view->hover || self->n == 0 || !(view->t1 > view->t0))
    return;

  reach = 8.0 * (view->t1 - view->t0) / self->n;
  for (guint i = 0; i < n_measured; i++)
    {
      double d = fabs (measured[i].sim_time - view->hover_time);

      if (d <= reach && d < best &&
          measured[i].sim_time >= view->t0 && measured[i].sim_time < view->t1)
        {
          best = d;
          self->measurement = measured[i];
          self->have_measurement = TRUE;
        }
    }
}

/**
 * twin_plot_scene_prepare:
 * @history: (nullable): the samples to draw
 * @view: the time range, thresholds, events and hover position
 * @colors: the palette
 *
 * Decides everything a frame of @width × @height draws.  Each series costs
 * one history query of as many buckets as the plot has pixel columns,
 * whatever the number of samples.
 */
void
twin_plot_scene_prepare (TwinPlotScene        *self,
                         const TwinHistory    *history,
                         const TwinPlotView   *view,
                         const TwinPlotColors *colors,
                         double                width,
                         double                height)
{
  static const TwinChannel channels[] = {
    TWIN_CHANNEL_TEMPERATURE, TWIN_CHANNEL_AMBIENT, TWIN_CHANNEL_VIBRATION,
    TWIN_CHANNEL_RPM, TWIN_CHANNEL_RPM_SETPOINT,
  };
  TwinPlotFrame *frame = &self->frame;
  TwinPlotLayout *layout = &frame->layout;
  double *lo = frame->lo;
  double *hi = frame->hi;
  gboolean have_data;
  guint n;

  g_return_if_fail (self != NULL);
  g_return_if_fail (view != NULL);
  g_return_if_fail (colors != NULL);

  self->view = *view;
  self->colors = *colors;
  self->width = width;
  self->height = height;

  if (self->font == NULL || view->font == NULL ||
      !pango_font_description_equal (self->font, view->font))
    {
      g_clear_pointer (&self->font, pango_font_description_free);
      self->font = view->font ? pango_font_description_copy (view->font)
                              : pango_font_description_from_string ("Sans 10");
    }
  self->view.font = self->font;

  g_clear_pointer (&self->events, g_free);
  if (view->n_events > 0)
    self->events = g_memdup2 (view->events, sizeof (TwinPlotEvent) * view->n_events);
  self->view.events = self->events;

  twin_plot_compute_layout (width, height, self->font, layout);
  n = self->n = frame->n_columns = (guint) layout->data.width;
  have_data = history != NULL && n > 0 && view->t1 > view->t0 &&
              isfinite (view->t0) && isfinite (view->t1);

  if (n > self->allocated)
    {
      self->allocated = n;
      self->buckets = g_renew (TwinBucket, self->buckets, (gsize) n * N_QUERIES);
      self->span_top = g_renew (float, self->span_top, (gsize) n * TWIN_PLOT_N_LANES);
      self->span_bottom = g_renew (float, self->span_bottom, (gsize) n * TWIN_PLOT_N_LANES);
      self->span_valid = g_renew (guint8, self->span_valid, (gsize) n * TWIN_PLOT_N_LANES);
      self->step_in = g_renew (float, self->step_in, (gsize) n * N_STEPS);
      self->step_mid = g_renew (float, self->step_mid, (gsize) n * N_STEPS);
      self->step_out = g_renew (float, self->step_out, (gsize) n * N_STEPS);
      self->step_valid = g_renew (guint8, self->step_valid, (gsize) n * N_STEPS);
      self->dot_top = g_renew (float, self->dot_top, (gsize) n * TWIN_PLOT_N_LANES);
      self->dot_bottom = g_renew (float, self->dot_bottom, (gsize) n * TWIN_PLOT_N_LANES);
      self->dot_valid = g_renew (guint8, self->dot_valid, (gsize) n * TWIN_PLOT_N_LANES);
    }
  if (n > 0)
    memset (self->buckets, 0, sizeof (TwinBucket) * n * N_QUERIES);

  if (have_data)
    for (guint q = 0; q < N_QUERIES; q++)
      twin_history_query (history, channels[q], view->t0, view->t1, n, self->buckets + (gsize) q * n);

  for (guint i = 0; i < TWIN_PLOT_N_LANES; i++)
    {
      lo[i] = INFINITY;
      hi[i] = -INFINITY;
    }

  bucket_range (self->buckets + Q_TEMP * n, n, &lo[0], &hi[0]);
  bucket_range (self->buckets + Q_AMBIENT * n, n, &lo[0], &hi[0]);
  bucket_range (self->buckets + Q_VIB * n, n, &lo[1], &hi[1]);
  bucket_range (self->buckets + Q_RPM * n, n, &lo[2], &hi[2]);
  bucket_range (self->buckets + Q_SETPOINT * n, n, &lo[2], &hi[2]);

  if (have_data)
    for (guint i = 0; i < view->n_measured; i++)
      {
        const TwinMeasurement *m = &view->measured[i];

        if (!(m->sim_time >= view->t0 && m->sim_time < view->t1))
          continue;
        include (&lo[0], &hi[0], m->reading.temperature);
        include (&lo[1], &hi[1], m->reading.vibration);
        include (&lo[2], &hi[2], m->reading.rpm);
      }

  include (&lo[0], &hi[0], view->temp_warning);
  include (&lo[0], &hi[0], view->temp_trip);
  include (&lo[1], &hi[1], 0);
  include (&lo[1], &hi[1], isfinite (view->zone_c_max) ? view->zone_c_max * 1.2 : NAN);
  include (&lo[2], &hi[2], 0);

  for (guint i = 0; i < TWIN_PLOT_N_LANES; i++)
    {
      static const double min_range[] = { 10, 1, 100 };
      guint max_ticks = (guint) MAX (2.0, floor (layout->lanes[i].height / MIN_TICK_PX));

      self->step[i] = autoscale (&lo[i], &hi[i], min_range[i], i != TWIN_PLOT_LANE_TEMPERATURE, max_ticks);
    }

  self->time_step = twin_plot_time_step (view->t1 - view->t0,
                                         (guint) MAX (1.0, floor (layout->data.width / MIN_TIME_PX)));

  if (n > 0)
    {
      static const guint series[] = { Q_TEMP, Q_VIB, Q_RPM };

      for (guint i = 0; i < TWIN_PLOT_N_LANES; i++)
        compute_spans (&layout->lanes[i], lo[i], hi[i], self->buckets + (gsize) series[i] * n, n,
                       self->span_top + (gsize) i * n, self->span_bottom + (gsize) i * n,
                       self->span_valid + (gsize) i * n);

      compute_steps (&layout->lanes[0], lo[0], hi[0], self->buckets + Q_AMBIENT * n, n, 1,
                     self->step_in, self->step_mid, self->step_out, self->step_valid);
      compute_steps (&layout->lanes[2], lo[2], hi[2], self->buckets + Q_SETPOINT * n, n, 2,
                     self->step_in + n, self->step_mid + n, self->step_out + n, self->step_valid + n);
      compute_dots (self, have_data ? view->measured : NULL, have_data ? view->n_measured : 0);
    }

  find_hover_sample (self, history);
  find_hover_measurement (self, have_data ? view->measured : NULL, have_data ? view->n_measured : 0);

  /* Borrowed: not kept past this call. */
  self->view.measured = NULL;
  self->view.n_measured = 0;
}

static gboolean
same_floats (const float *a,
             const float *b,
             gsize        n)
{
  return memcmp (a, b, n * sizeof (float)) == 0;
}

/**
 * twin_plot_scene_same_frame:
 *
 * Returns: whether @a and @b have the same size, time range, scales,
 *   palette, thresholds and events, so that they differ in their columns
 *   at most
 */
gboolean
twin_plot_scene_same_frame (const TwinPlotScene *a,
                            const TwinPlotScene *b)
{
  const TwinPlotView *va = &a->view;
  const TwinPlotView *vb = &b->view;

  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  return a->width == b->width && a->height == b->height && a->n == b->n &&
         va->t0 == vb->t0 && va->t1 == vb->t1 &&
         memcmp (a->frame.lo, b->frame.lo, sizeof a->frame.lo) == 0 &&
         memcmp (a->frame.hi, b->frame.hi, sizeof a->frame.hi) == 0 &&
         memcmp (&a->colors, &b->colors, sizeof a->colors) == 0 &&
         memcmp (&va->temp_warning, &vb->temp_warning, 5 * sizeof (double)) == 0 &&
         va->paint_background == vb->paint_background &&
         va->show_measured == vb->show_measured &&
         va->n_events == vb->n_events &&
         (va->n_events == 0 || memcmp (va->events, vb->events, sizeof (TwinPlotEvent) * va->n_events) == 0) &&
         pango_font_description_equal (a->font, b->font);
}

/**
 * twin_plot_scene_same_columns:
 * @c0: the first column
 * @c1: one past the last
 *
 * Returns: whether what @a and @b draw in columns [@c0, @c1) is the same;
 *   meaningful when twin_plot_scene_same_frame() holds
 */
gboolean
twin_plot_scene_same_columns (const TwinPlotScene *a,
                              const TwinPlotScene *b,
                              guint                c0,
                              guint                c1)
{
  guint n = a->n;

  g_return_val_if_fail (a->n == b->n, FALSE);

  c1 = MIN (c1, n);
  if (c0 >= c1)
    return TRUE;

  for (guint i = 0; i < TWIN_PLOT_N_LANES; i++)
    {
      gsize o = (gsize) i * n + c0;

      if (memcmp (a->span_valid + o, b->span_valid + o, c1 - c0) != 0 ||
          !same_floats (a->span_top + o, b->span_top + o, c1 - c0) ||
          !same_floats (a->span_bottom + o, b->span_bottom + o, c1 - c0))
        return FALSE;
    }

  /* A dot reaches into the columns beside its own. */
  {
    guint d0 = c0 > DOT_REACH ? c0 - DOT_REACH : 0;
    guint d1 = MIN (n, c1 + DOT_REACH);

    for (guint i = 0; i < TWIN_PLOT_N_LANES; i++)
      {
        gsize o = (gsize) i * n + d0;

        if (memcmp (a->dot_valid + o, b->dot_valid + o, d1 - d0) != 0 ||
            !same_floats (a->dot_top + o, b->dot_top + o, d1 - d0) ||
            !same_floats (a->dot_bottom + o, b->dot_bottom + o, d1 - d0))
          return FALSE;
      }
  }

  for (guint i = 0; i < N_STEPS; i++)
    {
      gsize o = (gsize) i * n + c0;

      /* NaN marks "no third value", with the same bits every time. */
      if (memcmp (a->step_valid + o, b->step_valid + o, c1 - c0) != 0 ||
          !same_floats (a->step_in + o, b->step_in + o, c1 - c0) ||
          !same_floats (a->step_mid + o, b->step_mid + o, c1 - c0) ||
          !same_floats (a->step_out + o, b->step_out + o, c1 - c0))
        return FALSE;
    }

  return TRUE;
}

static void
painter_init (Painter             *p,
              TwinPlotTextCache  **own_cache,
              const TwinPlotScene *self,
              cairo_t             *cr,
              double               x0,
              double               x1)
{
  *own_cache = NULL;
  if (self->view.text_cache == NULL)
    *own_cache = twin_plot_text_cache_new ();

  p->cr = cr;
  p->cache = self->view.text_cache ? self->view.text_cache : *own_cache;
  p->line_height = ceil (font_pixels (self->font) * 1.4);
  p->x0 = x0;
  p->x1 = x1;
  text_cache_prepare (p->cache, cr, self->font);
}

/**
 * twin_plot_scene_draw:
 * @x0: left edge of what to draw
 * @x1: right edge
 *
 * Draws the part of the scene in [@x0, @x1) × [0, height), without the
 * hover crosshair.
 */
void
twin_plot_scene_draw (const TwinPlotScene *self,
                      cairo_t             *cr,
                      double               x0,
                      double               x1)
{
  const TwinPlotView *view = &self->view;
  const TwinPlotColors *colors = &self->colors;
  const TwinPlotFrame *frame = &self->frame;
  const TwinPlotLayout *layout = &frame->layout;
  const double *lo = frame->lo;
  const double *hi = frame->hi;
  const double *step = self->step;
  double time_step = self->time_step;
  TwinPlotTextCache *own_cache;
  guint n = self->n;
  guint c0, c1;
  Painter p;

  g_return_if_fail (self != NULL);
  g_return_if_fail (cr != NULL);

  cairo_save (cr);
  cairo_rectangle (cr, x0, 0, x1 - x0, self->height);
  cairo_clip (cr);
  painter_init (&p, &own_cache, self, cr, x0, x1);

  /* The columns that reach into [x0, x1). */
  c0 = (guint) CLAMP (floor (x0 - layout->data.x) - 1, 0, n);
  c1 = (guint) CLAMP (ceil (x1 - layout->data.x) + 1, 0, n);

  if (view->paint_background)
    {
      set_color (cr, &colors->background, 1);
      cairo_paint (cr);
    }

  /* Zones, then the grid over them. */
  draw_zones (&p, &layout->lanes[1], lo[1], hi[1], view, colors);

  for (guint i = 0; i < TWIN_PLOT_N_LANES; i++)
    {
      const TwinPlotRect *lane = &layout->lanes[i];

      for (double v = lo[i]; v <= hi[i] + step[i] * 1e-6; v += step[i])
        hline (cr, lane, value_to_y (lane, lo[i], hi[i], v));
    }
  if (view->t1 > view->t0)
    for (double t = ceil (view->t0 / time_step) * time_step; t <= view->t1; t += time_step)
      {
        double x = floor (twin_plot_frame_time_to_x (frame, view, t));

        if (x < x0 - 1 || x >= x1 + 1)
          continue;
        for (guint i = 0; i < TWIN_PLOT_N_LANES; i++)
          cairo_rectangle (cr, x, layout->lanes[i].y, 1, layout->lanes[i].height);
      }
  cairo_save (cr);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_NONE);
  set_color (cr, &colors->foreground, 0.10);
  cairo_fill (cr);
  for (guint i = 0; i < TWIN_PLOT_N_LANES; i++)
    {
      const TwinPlotRect *lane = &layout->lanes[i];

      cairo_rectangle (cr, lane->x, lane->y + lane->height - 1, lane->width, 1);
      cairo_rectangle (cr, lane->x, lane->y, 1, lane->height);
    }
  set_color (cr, &colors->foreground, 0.35);
  cairo_fill (cr);
  cairo_restore (cr);

  /* Series, each clipped to its lane. */
  for (guint i = 0; i < TWIN_PLOT_N_LANES && n > 0; i++)
    {
      const TwinPlotRect *lane = &layout->lanes[i];
      gsize o = (gsize) i * n;

      cairo_save (cr);
      cairo_rectangle (cr, lane->x, lane->y, lane->width, lane->height);
      cairo_clip (cr);

      switch (i)
        {
        case TWIN_PLOT_LANE_TEMPERATURE:
          draw_threshold (cr, lane, lo[i], hi[i], view->temp_warning, &colors->warning, TRUE);
          draw_threshold (cr, lane, lo[i], hi[i], view->temp_trip, &colors->trip, FALSE);
          draw_steps (cr, lane, self->step_in, self->step_mid, self->step_out, self->step_valid,
                      n, &colors->ambient, 1, FALSE);
          draw_spans (cr, lane, self->span_top + o, self->span_bottom + o, self->span_valid + o,
                      c0, c1, &colors->temperature);
          break;

        case TWIN_PLOT_LANE_VIBRATION:
          draw_spans (cr, lane, self->span_top + o, self->span_bottom + o, self->span_valid + o,
                      c0, c1, &colors->vibration);
          break;

        case TWIN_PLOT_LANE_RPM:
          draw_steps (cr, lane, self->step_in + n, self->step_mid + n, self->step_out + n,
                      self->step_valid + n, n, &colors->setpoint, 2, TRUE);
          draw_spans (cr, lane, self->span_top + o, self->span_bottom + o, self->span_valid + o,
                      c0, c1, &colors->rpm);
          break;

        default:
          g_assert_not_reached ();
        }

      /* Measured points over the simulated lines. */
      draw_dots (cr, lane, self->dot_top + o, self->dot_bottom + o, self->dot_valid + o,
                 c0 > DOT_REACH ? c0 - DOT_REACH : 0, MIN (n, c1 + DOT_REACH), colors);

      cairo_restore (cr);
    }

  /* Labels */
  set_color (cr, &colors->foreground, 0.7);
  for (guint i = 0; i < TWIN_PLOT_N_LANES; i++)
    draw_value_ticks (&p, &layout->lanes[i], lo[i], hi[i], step[i]);

  if (view->t1 > view->t0)
    {
      const char *unit = view->t1 >= 3600 ? "h:mm:ss" : "m:ss";
      double label_y = layout->axis.y + MARKER_ROW + 2;
      double right = layout->data.x + layout->data.width;
      double unit_left = right - text_width (&p, unit);

      for (double t = ceil (view->t0 / time_step) * time_step; t <= view->t1; t += time_step)
        {
          g_autofree char *text = twin_plot_format_time (t, time_step, view->t1);
          double x = twin_plot_frame_time_to_x (frame, view, t);
          double w = text_width (&p, text);

          if (x - w / 2 < 2 || x + w / 2 > unit_left - 12)
            continue;
          draw_text (&p, text, x, label_y, 0.5, 0);
        }

      set_color (cr, &colors->foreground, 0.55);
      draw_text (&p, unit, right, label_y, 1.0, 0);
    }

  draw_headers (&p, layout, view, colors);
  draw_events (cr, layout, view, colors);

  cairo_restore (cr);
  twin_plot_text_cache_free (own_cache);
}

/**
 * twin_plot_scene_get_hover_bounds:
 *
 * Returns: whether the scene has a hover crosshair, and if so in @bounds a
 *   rectangle that holds it and its readout
 */
gboolean
twin_plot_scene_get_hover_bounds (const TwinPlotScene *self,
                                  TwinPlotRect        *bounds)
{
  const TwinPlotRect *data = &self->frame.layout.data;
  double x;

  if (!self->view.hover || !(self->view.t1 > self->view.t0))
    return FALSE;

  x = floor (twin_plot_frame_time_to_x (&self->frame, &self->view, self->view.hover_time));
  if (x < data->x || x >= data->x + data->width)
    return FALSE;

  /* The readout is narrower than 300 px, on either side of the line. */
  bounds->x = MAX (0, x - 320);
  bounds->y = 0;
  bounds->width = MIN (self->width, x + 321) - bounds->x;
  bounds->height = self->height;

  return TRUE;
}

void
twin_plot_scene_draw_hover (const TwinPlotScene *self,
                            cairo_t             *cr)
{
  TwinPlotTextCache *own_cache;
  Painter p;

  g_return_if_fail (self != NULL);
  g_return_if_fail (cr != NULL);

  if (!self->view.hover)
    return;

  cairo_save (cr);
  painter_init (&p, &own_cache, self, cr, -G_MAXDOUBLE, G_MAXDOUBLE);
  draw_hover (&p, self);
  cairo_restore (cr);
  twin_plot_text_cache_free (own_cache);
}

/**
 * twin_plot_render:
 * @history: (nullable): the samples to draw
 * @view: the time range, thresholds, events and hover position
 * @colors: the palette
 * @cr: where to draw, in pixels (or points) from (0, 0)
 * @frame: (out) (optional): the layout and the value ranges chosen
 *
 * Draws the three lanes: each series is one 1-px span per pixel column
 * from its bucket's min to its max.  The widget (in tiles), the exports
 * and the tests all draw through twin_plot_scene_draw().
 */
void
twin_plot_render (const TwinHistory    *history,
                  const TwinPlotView   *view,
                  const TwinPlotColors *colors,
                  cairo_t              *cr,
                  double                width,
                  double                height,
                  TwinPlotFrame        *frame)
{
  g_autoptr(TwinPlotScene) scene = twin_plot_scene_new ();

  g_return_if_fail (view != NULL);
  g_return_if_fail (colors != NULL);
  g_return_if_fail (cr != NULL);

  twin_plot_scene_prepare (scene, history, view, colors, width, height);
  twin_plot_scene_draw (scene, cr, 0, width);
  twin_plot_scene_draw_hover (scene, cr);

  if (frame != NULL)
    *frame = scene->frame;
}
