/* test-shadow-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shadow mode in the window, under Xvfb: readings injected into the real
 * engine show in the sidebar with their residuals, Sync sets the twin to
 * them, the state turns stale, and the plot draws them as dots.
 */

#include "config.h"

#include <adwaita.h>
#include <cairo-svg.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "twin-gui.h"
#include "twin-plot-private.h"
#include "twin-test-history.h"
#include "twin-test-pixels.h"
#include "twin-test-wait.h"
#include "twin-test-window.h"
#include "twin-window-private.h"

/* Helpers */

/* A paused engine 30 s into its run, so that nothing moves by itself. */
static TwinEngine *
paused_engine (void)
{
  TwinEngine *engine = twin_engine_new_full (10000, 0.1);

  twin_engine_set_paused (engine, TRUE);
  twin_engine_advance (engine, 30);

  return engine;
}

/* The residual as the sidebar should show it, written independently of
 * the window's own formatting: sign, digits, unit. */
static char *
expected_residual (double      value,
                   int         digits,
                   const char *unit)
{
  double rounded = round (value * pow (10, digits));
  const char *sign = rounded > 0 ? "+" : rounded < 0 ? "−" : "±";

  return g_strdup_printf ("%s%.*f %s", sign, digits, fabs (value), unit);
}

static gboolean
action_enabled (TwinWindow *window)
{
  return gtk_widget_is_sensitive (GTK_WIDGET (window->shadow_group->sync_button));
}

/* Window */

static void
test_no_reading (void)
{
  TwinEngine *engine = paused_engine ();
  TwinWindow *window = twin_test_open_window (engine, NULL, 1100, 760);
  TwinSnapshot before, after;

  g_assert_false (action_enabled (window));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->shadow_group->grid)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->shadow_group->sync_button)));
  g_assert_cmpstr (gtk_label_get_label (window->shadow_group->state), ==, "No readings");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (window->shadow_group->state), "none"));
  g_assert_cmpstr (gtk_label_get_label (window->shadow_group->detail), ==, "Waiting for the machine’s readings");

  /* Disabled, the action does nothing. */
  twin_engine_get_snapshot (engine, &before);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.sync", NULL);
  twin_test_iterate ();
  g_assert_null (window->last_toast);

  /* Were it run anyway, the engine's refusal is a toast and changes nothing. */
  gtk_widget_action_set_enabled (GTK_WIDGET (window), "win.sync", TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sync", NULL));
  twin_test_iterate ();
  g_assert_nonnull (window->last_toast);
  g_assert_nonnull (strstr (window->last_toast, "no measurement yet"));
  twin_engine_get_snapshot (engine, &after);
  g_assert_cmpfloat (after.temperature, ==, before.temperature);
  g_assert_cmpfloat (after.rpm, ==, before.rpm);

  /* A rejected reading is counted, and why it was is the tooltip. */
  {
    TwinReading bad = { NAN, 1, 1000, 1 };

    g_assert_false (twin_engine_add_reading (engine, &bad, NULL));
    twin_test_iterate ();
    g_assert_cmpstr (gtk_label_get_label (window->shadow_group->detail), ==, "0 accepted · 1 rejected");
    g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (GTK_WIDGET (window->shadow_group->detail)), "temperature"));
    g_assert_cmpstr (gtk_label_get_label (window->shadow_group->state), ==, "No readings");
  }

  twin_test_close_window (window, engine);
}

static void
test_readings (void)
{
  TwinEngine *engine = paused_engine ();
  TwinWindow *window = twin_test_open_window (engine, NULL, 1100, 760);
  TwinReading reading = { 0 };
  TwinMeasurement m;
  TwinSnapshot s;
  g_autofree char *toast = NULL;

  twin_engine_get_snapshot (engine, &s);
  reading.temperature = s.temperature + 7.25;
  reading.vibration = s.vibration - 0.5;
  reading.rpm = s.rpm - 80;
  reading.timestamp = 1000;
  g_assert_true (twin_engine_add_reading (engine, &reading, NULL));
  twin_test_iterate ();

  /* The engine's residuals are measured − simulated at arrival... */
  g_assert_true (twin_shadow_get_last (twin_engine_get_shadow (engine), &m));
  g_assert_cmpfloat (m.residual_temperature, ==, reading.temperature - s.temperature);
  g_assert_cmpfloat (m.residual_vibration, ==, reading.vibration - s.vibration);
  g_assert_cmpfloat (m.residual_rpm, ==, reading.rpm - s.rpm);

  /* ...and the sidebar shows them with sign and unit beside the values. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->shadow_group->grid)));
  {
    const struct {
      GtkLabel   *value;
      GtkLabel   *residual;
      double      measured;
      double      simulated;
      int         digits;
      const char *unit;
    } rows[] = {
      { window->shadow_group->temperature_value, window->shadow_group->temperature_residual,
        reading.temperature, s.temperature, 1, "°C" },
      { window->shadow_group->vibration_value, window->shadow_group->vibration_residual,
        reading.vibration, s.vibration, 2, "mm/s" },
      { window->shadow_group->rpm_value, window->shadow_group->rpm_residual,
        reading.rpm, s.rpm, 0, "rpm" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
      {
        g_autofree char *value = g_strdup_printf ("%.*f %s", rows[i].digits, rows[i].measured, rows[i].unit);
        g_autofree char *residual = expected_residual (rows[i].measured - rows[i].simulated,
                                                       rows[i].digits, rows[i].unit);

        g_assert_cmpstr (gtk_label_get_label (rows[i].value), ==, value);
        g_assert_cmpstr (gtk_label_get_label (rows[i].residual), ==, residual);
      }
  }
  g_assert_nonnull (strstr (gtk_label_get_label (window->shadow_group->temperature_residual), "+7.2"));
  g_assert_true (g_str_has_prefix (gtk_label_get_label (window->shadow_group->vibration_residual), "−0.50"));
  g_assert_cmpstr (gtk_label_get_label (window->shadow_group->rpm_residual), ==, "−80 rpm");

  g_assert_cmpstr (gtk_label_get_label (window->shadow_group->state), ==, "Live");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (window->shadow_group->state), "live"));
  g_assert_cmpstr (gtk_label_get_label (window->shadow_group->detail), ==, "1 accepted · 0 rejected");
  g_assert_true (action_enabled (window));

  /* Sync: the twin's state becomes the reading; time and inputs stay. */
  g_signal_emit_by_name (window->shadow_group->sync_button, "clicked");
  twin_test_iterate ();
  {
    TwinSnapshot synced;

    twin_engine_get_snapshot (engine, &synced);
    g_assert_cmpfloat (synced.temperature, ==, reading.temperature);
    g_assert_cmpfloat (synced.vibration, ==, reading.vibration);
    g_assert_cmpfloat (synced.rpm, ==, reading.rpm);
    g_assert_cmpfloat (synced.timestamp, ==, s.timestamp);
    g_assert_cmpfloat (synced.rpm_setpoint, ==, s.rpm_setpoint);
  }
  g_assert_cmpstr (window->last_toast, ==, "Twin set to the last measurement");
  toast = g_strdup_printf ("%.1f °C", reading.temperature);
  g_assert_cmpstr (gtk_label_get_label (window->readouts->temperature_value), ==, toast);

  /* A second reading against the synced state has the residual of the
   * difference from it. */
  reading.temperature += 1;
  g_assert_true (twin_engine_add_reading (engine, &reading, NULL));
  twin_test_iterate ();
  g_assert_cmpstr (gtk_label_get_label (window->shadow_group->temperature_residual), ==, "+1.0 °C");
  g_assert_cmpstr (gtk_label_get_label (window->shadow_group->rpm_residual), ==, "±0 rpm");
  g_assert_cmpstr (gtk_label_get_label (window->shadow_group->detail), ==, "2 accepted · 0 rejected");

  /* A reset forgets the readings: nothing to sync to any more. */
  twin_engine_reset (engine);
  twin_test_iterate ();
  g_assert_false (action_enabled (window));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->shadow_group->grid)));
  g_assert_cmpstr (gtk_label_get_label (window->shadow_group->state), ==, "No readings");

  twin_test_close_window (window, engine);
}

static gboolean
label_is_cb (gpointer data)
{
  gpointer *args = data;

  return g_strcmp0 (gtk_label_get_label (args[0]), args[1]) == 0;
}

static void
test_stale (void)
{
  TwinEngine *engine = paused_engine ();
  TwinWindow *window = twin_test_open_window (engine, NULL, 1100, 760);
  TwinShadow *shadow = twin_engine_get_shadow (engine);
  TwinReading reading = { 40, 1.5, 1400, 5 };
  gpointer stale[] = { window->shadow_group->state, (gpointer) "Stale" };
  gint64 start;

  /* Long enough that a slow (sanitizer) build still sees it live first;
   * the time is counted from before the reading, so it is a lower bound. */
  twin_shadow_set_stale_after (shadow, 1.5);
  start = g_get_monotonic_time ();
  g_assert_true (twin_engine_add_reading (engine, &reading, NULL));
  twin_test_iterate ();
  g_assert_cmpstr (gtk_label_get_label (window->shadow_group->state), ==, "Live");

  /* Nothing more comes: the state flips by itself. */
  twin_test_wait_until (label_is_cb, stale, 10, "the shadow's state to say Stale");
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 1500000);
  g_assert_true (twin_shadow_get_stale (shadow));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (window->shadow_group->state), "stale"));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (window->shadow_group->state), "live"));
  /* Stale readings can still be synced to. */
  g_assert_true (action_enabled (window));

  /* A new reading is live again. */
  g_assert_true (twin_engine_add_reading (engine, &reading, NULL));
  twin_test_iterate ();
  g_assert_cmpstr (gtk_label_get_label (window->shadow_group->state), ==, "Live");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (window->shadow_group->state), "live"));

  twin_test_close_window (window, engine);
}

/* Plot */

static TwinMeasurement
measurement (double sim_time,
             double temperature,
             double vibration,
             double rpm)
{
  TwinMeasurement m = { { temperature, vibration, rpm, sim_time }, sim_time, 0, 0, 0, 0 };

  return m;
}

static void
render (const TwinHistory     *history,
        TwinPlotView          *view,
        const TwinPlotColors  *colors,
        cairo_surface_t      **surface,
        TwinPlotFrame         *frame)
{
  cairo_t *cr;

  *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 800, 600);
  cr = cairo_create (*surface);
  twin_plot_render (history, view, colors, cr, 800, 600, frame);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
}

/* The first 1000 s of the history, where the points below are. */
static void
view_first_1000_s (TwinPlotView *view)
{
  twin_plot_view_init (view);
  view->t0 = 0;
  view->t1 = 1000;
}

/* Measured points are dots of their colour where their time and values
 * say, in every lane, in light and dark; outside the view they are not. */
static void
test_plot_points (void)
{
  g_autoptr(TwinHistory) history = twin_history_new (10000, 0.1);
  TwinMeasurement points[] = {
    measurement (150, 45, 2.0, 1450),
    measurement (400, 60, 4.0, 1600),
    measurement (700, 70, 3.5, 1520),
    measurement (1200, 50, 3.0, 1500),   /* after the view */
  };
  const guint n_in_view = 3;

  twin_test_fill_history (history, 10000, 1500);

  for (guint dark = 0; dark < 2; dark++)
    {
      TwinPlotColors colors;
      TwinPlotFrame frame;
      TwinPlotView view;
      cairo_surface_t *with, *without;

      twin_plot_colors_init (&colors, dark, NULL, NULL);
      view_first_1000_s (&view);
      render (history, &view, &colors, &without, &frame);

      view.measured = points;
      view.n_measured = G_N_ELEMENTS (points);
      view.show_measured = TRUE;
      render (history, &view, &colors, &with, &frame);

      for (guint i = 0; i < n_in_view; i++)
        {
          const double values[] = {
            points[i].reading.temperature, points[i].reading.vibration, points[i].reading.rpm,
          };
          int x = (int) floor (twin_plot_frame_time_to_x (&frame, &view, points[i].sim_time));

          for (guint lane = 0; lane < TWIN_PLOT_N_LANES; lane++)
            {
              int y = (int) floor (twin_plot_frame_value_to_y (&frame, lane, values[lane]));

              g_assert_true (twin_test_pixel_is (with, x, y, &colors.measured, 0.02));
              g_assert_false (twin_test_pixel_is (without, x, y, &colors.measured, 0.1));
              /* A small dot: not three pixels further. */
              g_assert_false (twin_test_pixel_is (with, x, y - 4, &colors.measured, 0.1));
              g_assert_false (twin_test_pixel_is (with, x + 4, y, &colors.measured, 0.1));
            }
        }

      /* Nothing at the time of the point after the view: its column
       * would be beyond the lanes, and the scale left it out. */
      g_assert_cmpfloat (frame.lo[TWIN_PLOT_LANE_TEMPERATURE], <=, 20);

      if (!dark)
        {
          /* Legend dot and three dots per lane, nothing else of its colour. */
          g_assert_cmpuint (twin_test_count_color (without, &colors.measured), ==, 0);
          g_assert_cmpuint (twin_test_count_color (with, &colors.measured), >=, 3 * 3 * 12 + 3 * 12);
        }

      cairo_surface_destroy (with);
      cairo_surface_destroy (without);
    }
}

static cairo_status_t
append_cb (void                *closure,
           const unsigned char *data,
           unsigned int         length)
{
  g_string_append_len (closure, (const char *) data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* The subpaths (each dot a circle of its own) filled with @style in an SVG
 * rendering of the plot. */
static guint
svg_subpaths (const TwinHistory *history,
              TwinPlotView      *view,
              const char        *style)
{
  GString *svg = g_string_new (NULL);
  cairo_surface_t *surface = cairo_svg_surface_create_for_stream (append_cb, svg, 800, 600);
  TwinPlotColors colors;
  guint n = 0;
  cairo_t *cr;

  twin_plot_colors_init (&colors, FALSE, NULL, NULL);
  cr = cairo_create (surface);
  twin_plot_render (history, view, &colors, cr, 800, 600, NULL);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);

  for (const char *p = svg->str; (p = strstr (p, "<path")) != NULL; p++)
    {
      const char *end = strchr (p, '>');
      g_autofree char *element = g_strndup (p, end - p);

      if (strstr (element, style) == NULL)
        continue;
      for (const char *q = strstr (element, " d=\""); q != NULL && *q; q++)
        n += *q == 'M';
    }
  g_string_free (svg, TRUE);

  return n;
}

/* Vector exports draw the dots as circles: a ring and a dot per point and
 * lane, and a dot per legend. */
static void
test_plot_vector (void)
{
  g_autoptr(TwinHistory) history = twin_history_new (10000, 0.1);
  TwinMeasurement points[] = {
    measurement (150, 45, 2.0, 1450),
    measurement (400, 60, 4.0, 1600),
  };
  TwinPlotColors colors;
  TwinPlotView view;
  g_autofree char *dot_style = NULL;

  twin_plot_colors_init (&colors, FALSE, NULL, NULL);
  dot_style = g_strdup_printf ("fill:rgb(%f%%,%f%%,%f%%);fill-opacity:1;",
                               colors.measured.red * 100, colors.measured.green * 100,
                               colors.measured.blue * 100);
  twin_test_fill_history (history, 10000, 1500);
  view_first_1000_s (&view);
  g_assert_cmpuint (svg_subpaths (history, &view, dot_style), ==, 0);

  view.measured = points;
  view.n_measured = G_N_ELEMENTS (points);
  view.show_measured = TRUE;
  g_assert_cmpuint (svg_subpaths (history, &view, dot_style), ==, 2 * 3 + 3);
  g_assert_cmpuint (svg_subpaths (history, &view, "fill-opacity:0.9;"), ==, 2 * 3);
}

/* A reading far off the simulation widens the scale to show it. */
static void
test_plot_scale (void)
{
  g_autoptr(TwinHistory) history = twin_history_new (10000, 0.1);
  TwinMeasurement points[] = { measurement (500, 140, 12, 3900) };
  TwinPlotColors colors;
  TwinPlotFrame frame;
  TwinPlotView view;
  cairo_surface_t *surface;

  twin_test_fill_history (history, 10000, 1500);
  twin_plot_colors_init (&colors, FALSE, NULL, NULL);
  view_first_1000_s (&view);
  view.measured = points;
  view.n_measured = 1;

  render (history, &view, &colors, &surface, &frame);
  g_assert_cmpfloat (frame.hi[TWIN_PLOT_LANE_TEMPERATURE], >=, 140);
  g_assert_cmpfloat (frame.hi[TWIN_PLOT_LANE_VIBRATION], >=, 12);
  g_assert_cmpfloat (frame.hi[TWIN_PLOT_LANE_RPM], >=, 3900);
  g_assert_true (twin_test_pixel_is (surface, (int) floor (twin_plot_frame_time_to_x (&frame, &view, 500)),
                           (int) floor (twin_plot_frame_value_to_y (&frame, TWIN_PLOT_LANE_RPM, 3900)),
                           &colors.measured, 0.02));
  cairo_surface_destroy (surface);
}

/* The shadow's whole capacity in a few columns: per column, the highest
 * and the lowest point are drawn, and nothing between. */
static void
test_plot_thinning (void)
{
  g_autoptr(TwinHistory) history = twin_history_new (10000, 0.1);
  g_autofree TwinMeasurement *points = g_new (TwinMeasurement, TWIN_SHADOW_CAPACITY);
  TwinPlotColors colors;
  TwinPlotFrame frame;
  TwinPlotView view;
  cairo_surface_t *surface;
  int x, y_lo, y_mid, y_hi;

  twin_test_fill_history (history, 10000, 1500);
  /* 8192 points in 1 s of a 1000-s view, the lowest and highest of them
   * first and last, the rest between. */
  for (guint i = 0; i < TWIN_SHADOW_CAPACITY; i++)
    {
      double f = (i * 7919 % TWIN_SHADOW_CAPACITY) / (double) TWIN_SHADOW_CAPACITY;

      points[i] = measurement (500 + i / (double) TWIN_SHADOW_CAPACITY, 40 + 20 * (0.2 + 0.6 * f), 3.0, 1500);
    }
  points[0].reading.temperature = 40;
  points[TWIN_SHADOW_CAPACITY - 1].reading.temperature = 60;

  twin_plot_colors_init (&colors, FALSE, NULL, NULL);
  view_first_1000_s (&view);
  view.measured = points;
  view.n_measured = TWIN_SHADOW_CAPACITY;
  render (history, &view, &colors, &surface, &frame);

  x = (int) floor (twin_plot_frame_time_to_x (&frame, &view, 500.5));
  y_lo = (int) floor (twin_plot_frame_value_to_y (&frame, TWIN_PLOT_LANE_TEMPERATURE, 40));
  y_hi = (int) floor (twin_plot_frame_value_to_y (&frame, TWIN_PLOT_LANE_TEMPERATURE, 60));
  y_mid = (y_lo + y_hi) / 2;
  g_assert_cmpint (y_lo - y_hi, >, 20);
  g_assert_true (twin_test_pixel_is (surface, x, y_lo, &colors.measured, 0.02));
  g_assert_true (twin_test_pixel_is (surface, x, y_hi, &colors.measured, 0.02));
  g_assert_false (twin_test_pixel_is (surface, x, y_mid, &colors.measured, 0.1));

  cairo_surface_destroy (surface);
}

/* Hovering near a point adds its measured values to the readout: a
 * swatch of the measured colour per quantity, and a ring per lane. */
static void
test_plot_hover (void)
{
  g_autoptr(TwinHistory) history = twin_history_new (10000, 0.1);
  TwinMeasurement points[] = { measurement (400, 60, 4.0, 1600) };
  TwinPlotColors colors;
  TwinPlotFrame frame;
  TwinPlotView view;
  cairo_surface_t *near, *far, *none;
  guint n_near, n_far, n_none;

  twin_test_fill_history (history, 10000, 1500);
  twin_plot_colors_init (&colors, FALSE, NULL, NULL);
  view_first_1000_s (&view);
  view.measured = points;
  view.n_measured = 1;
  view.hover = TRUE;

  view.hover_time = 500;
  render (history, &view, &colors, &none, &frame);
  view.hover_time = 401;
  render (history, &view, &colors, &near, &frame);
  view.hover_time = 420;
  render (history, &view, &colors, &far, &frame);

  n_none = twin_test_count_color (none, &colors.measured);
  n_near = twin_test_count_color (near, &colors.measured);
  n_far = twin_test_count_color (far, &colors.measured);
  /* 20 s is 15 px here, too far; 1 s is near. */
  g_assert_cmpuint (n_far, ==, n_none);
  g_assert_cmpuint (n_near, >=, n_none + 3 * 40);

  cairo_surface_destroy (near);
  cairo_surface_destroy (far);
  cairo_surface_destroy (none);
}

/* In the widget: a reading redraws the plot on its own (the engine does
 * not move), only the tiles around its dot once the legend is there, and
 * exports draw the dots too. */
static void
test_plot_widget (void)
{
  TwinEngine *engine = paused_engine ();
  TwinWindow *window = twin_test_open_window (engine, NULL, 1100, 760);
  TwinPlot *plot = window->plot;
  g_autofree char *dir = g_dir_make_tmp ("twin-shadow-XXXXXX", NULL);
  g_autofree char *png = g_build_filename (dir, "plot.png", NULL);
  TwinPlotColors colors;
  TwinSnapshot s;
  TwinReading reading;
  cairo_surface_t *image;
  guint n, n_tiles, n_all;

  twin_plot_colors_init (&colors, FALSE, NULL, NULL);
  g_assert_false (twin_plot_get_dark (plot));
  g_assert_true (twin_plot_export (plot, png, TWIN_PLOT_FORMAT_PNG, 800, 600, NULL));
  image = cairo_image_surface_create_from_png (png);
  g_assert_cmpuint (twin_test_count_color (image, &colors.measured), ==, 0);
  cairo_surface_destroy (image);

  twin_engine_get_snapshot (engine, &s);
  reading = (TwinReading) { s.temperature + 3, s.vibration + 0.4, s.rpm + 60, 1 };

  twin_test_run_for (0.05);
  n = twin_plot_get_n_draws (plot);
  n_tiles = twin_plot_get_n_tiles_drawn (plot);
  g_assert_true (twin_engine_add_reading (engine, &reading, NULL));
  twin_test_wait_for_draws (plot, n + 1);
  g_assert_cmpuint (twin_plot_get_n_measured (plot), ==, 1);
  n_all = twin_plot_get_n_tiles_drawn (plot) - n_tiles;
  g_assert_cmpuint (n_all, >=, 4);

  /* Between the first reading and the simulation: the scale stays, only
   * the dot's tiles change. */
  reading = (TwinReading) { s.temperature + 1, s.vibration + 0.2, s.rpm + 20, 2 };
  twin_test_run_for (0.05);
  n = twin_plot_get_n_draws (plot);
  n_tiles = twin_plot_get_n_tiles_drawn (plot);
  g_assert_true (twin_engine_add_reading (engine, &reading, NULL));
  twin_test_wait_for_draws (plot, n + 1);
  g_assert_cmpuint (twin_plot_get_n_measured (plot), ==, 2);
  g_assert_cmpuint (twin_plot_get_n_tiles_drawn (plot) - n_tiles, >=, 1);
  g_assert_cmpuint (twin_plot_get_n_tiles_drawn (plot) - n_tiles, <=, 2);
  g_assert_cmpuint (twin_plot_get_n_tiles_drawn (plot) - n_tiles, <, n_all);

  /* The export has the dots. */
  g_assert_true (twin_plot_export (plot, png, TWIN_PLOT_FORMAT_PNG, 800, 600, NULL));
  image = cairo_image_surface_create_from_png (png);
  g_assert_cmpuint (twin_test_count_color (image, &colors.measured), >=, 3 * 12);
  cairo_surface_destroy (image);

  /* A reset clears them, and the plot redraws without them. */
  n = twin_plot_get_n_draws (plot);
  twin_engine_reset (engine);
  twin_test_wait_for_draws (plot, n + 1);
  g_assert_cmpuint (twin_plot_get_n_measured (plot), ==, 0);

  g_unlink (png);
  g_rmdir (dir);
  twin_test_close_window (window, engine);
}

/* The whole window with a minute of readings, light (hovered) and dark,
 * and without readings.  With TWIN_SCREENSHOT_DIR
 * set, the screenshots are kept there to look at. */
static void
test_screenshots (void)
{
  const struct {
    const char *name;
    gboolean    dark;
    gboolean    readings;
    gboolean    hover;
  } cases[] = {
    { "shadow-light.png", FALSE, TRUE, TRUE },
    { "shadow-dark.png", TRUE, TRUE, FALSE },
    { "shadow-empty.png", FALSE, FALSE, FALSE },
  };
  g_autoptr(TwinTestShots) shots = twin_test_shots_new ("twin-shadow-XXXXXX");

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      TwinEngine *engine = twin_engine_new_full (10000, 0.1);
      g_autofree char *path = NULL;
      TwinWindow *window;
      TwinPlotColors colors;
      cairo_surface_t *image;
      graphene_rect_t bounds;
      int sidebar_w;
      guint in_plot = 0;

      twin_test_shots_set_dark (shots, cases[c].dark);
      twin_engine_set_paused (engine, TRUE);
      g_assert_true (twin_engine_set_rpm_setpoint (engine, 1900, NULL));
      for (guint i = 0; i < 60; i++)
        {
          TwinSnapshot s;
          TwinReading r;

          twin_engine_advance (engine, 1);
          twin_engine_get_snapshot (engine, &s);
          r = (TwinReading) { s.temperature + 1.5 + 0.4 * sin (i), s.vibration * 1.08,
                              MAX (0, s.rpm - 25 + 10 * cos (i)), i };
          if (cases[c].readings)
            g_assert_true (twin_engine_add_reading (engine, &r, NULL));
        }

      /* 80 px more than the sidebar needs: the warm machine's warning
       * shows in the alarm bar above it, and the Ahead readout may say
       * on a second line how many runs trip. */
      window = twin_test_open_window (engine, NULL, 1280, 1100);
      if (cases[c].hover)
        twin_plot_set_hover (window->plot, TRUE, gtk_widget_get_width (GTK_WIDGET (window->plot)) * 0.6);
      twin_test_run_for (0.1);
      path = twin_test_shots_take (shots, window, cases[c].name);

      /* Dots in the plot, right of the sidebar, when there are readings. */
      twin_plot_colors_init (&colors, cases[c].dark, NULL, NULL);
      image = cairo_image_surface_create_from_png (path);
      g_assert_cmpint (cairo_image_surface_get_width (image), >=, 1200);
      sidebar_w = gtk_widget_get_width (window->sidebar);
      for (int y = 0; y < cairo_image_surface_get_height (image); y++)
        for (int x = sidebar_w + 10; x < cairo_image_surface_get_width (image); x++)
          in_plot += twin_test_pixel_is (image, x, y, &colors.measured, 0.01);
      if (cases[c].readings)
        g_assert_cmpuint (in_plot, >=, 60 * 3 * 5);
      else
        g_assert_cmpuint (in_plot, ==, 0);
      cairo_surface_destroy (image);

      /* The Shadow group fits the sidebar's width, and the window's height. */
      g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (window->shadow_group), window->sidebar, &bounds));
      g_assert_cmpfloat (bounds.origin.x, >=, 0);
      g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, sidebar_w);
      g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, gtk_widget_get_height (window->sidebar));
      g_assert_cmpint (gtk_widget_get_visible (GTK_WIDGET (window->shadow_group->grid)), ==, cases[c].readings);

      twin_test_shots_done (shots, path);
      twin_test_close_window (window, engine);
    }
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  twin_gui_init ();

  g_test_add_func ("/shadow-window/no-reading-sync-disabled", test_no_reading);
  g_test_add_func ("/shadow-window/readings-show-residuals-and-sync", test_readings);
  g_test_add_func ("/shadow-window/stale-without-readings", test_stale);
  g_test_add_func ("/shadow-window/plot/points-are-dots-where-they-say", test_plot_points);
  g_test_add_func ("/shadow-window/plot/far-reading-widens-the-scale", test_plot_scale);
  g_test_add_func ("/shadow-window/plot/vector-dots-are-circles", test_plot_vector);
  g_test_add_func ("/shadow-window/plot/thinned-to-extremes-per-column", test_plot_thinning);
  g_test_add_func ("/shadow-window/plot/hover-shows-measured-values", test_plot_hover);
  g_test_add_func ("/shadow-window/plot/reading-redraws-its-tiles", test_plot_widget);
  g_test_add_func ("/shadow-window/screenshots", test_screenshots);

  return g_test_run ();
}
