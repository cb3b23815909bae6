/* test-plot.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The plot's drawing offscreen, its exports, and the widget in a real
 * window (run under Xvfb).
 */

#include <adwaita.h>
#include <glib/gstdio.h>
#include <math.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>

#include "twin-plot-private.h"
#include "twin-test-plot.h"
#include "twin-plot.h"
#include "twin-test-env.h"
#include "twin-test-history.h"
#include "twin-test-pixels.h"
#include "twin-test-wait.h"
#include "twin-test-window.h"

/* Helpers */

static GtkWidget *
window_with_plot (TwinEngine *engine,
                  TwinPlot  **plot)
{
  GtkWidget *window = gtk_window_new ();

  g_object_ref (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 600);
  *plot = TWIN_PLOT (twin_plot_new ());
  g_object_ref (*plot);
  twin_plot_set_engine (*plot, engine);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (*plot));
  twin_test_present_window (GTK_WINDOW (window), *plot);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (*plot)));

  return window;
}

static void
destroy_window (GtkWidget *window,
                TwinPlot  *plot)
{
  gtk_window_destroy (GTK_WINDOW (window));
  twin_test_run_for (0.05);
  g_assert_finalize_object (window);
  g_assert_finalize_object (plot);
}

/* Pure functions */

static void
test_ticks (void)
{
  const struct { double range; guint ticks; double step; } nice[] = {
    { 100, 5, 20 }, { 100, 10, 10 }, { 83, 5, 20 }, { 7.3, 4, 2 },
    { 0.9, 5, 0.2 }, { 4000, 4, 1000 }, { 3000, 7, 500 }, { 1, 1, 1 },
  };
  const struct { double range; guint ticks; double step; } times[] = {
    { 60, 10, 10 }, { 60, 4, 15 }, { 600, 10, 60 }, { 3600, 10, 600 },
    { 3600, 3, 1800 }, { 100000, 10, 10800 }, { 5, 10, 0.5 }, { 1e6, 10, 86400 * 2 },
  };
  const struct { double t, step, t_max; const char *text; } formats[] = {
    { 0, 10, 60, "0:00" }, { 75, 15, 600, "1:15" }, { 3725, 600, 7200, "1:02:05" },
    { 12.5, 0.5, 20, "0:12.5" }, { 100000, 3600, 100000, "27:46:40" }, { 600, 60, 3600, "0:10:00" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (nice); i++)
    g_assert_cmpfloat_with_epsilon (twin_plot_nice_step (nice[i].range, nice[i].ticks),
                                    nice[i].step, nice[i].step * 1e-9);

  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    g_assert_cmpfloat_with_epsilon (twin_plot_time_step (times[i].range, times[i].ticks),
                                    times[i].step, times[i].step * 1e-9);

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *text = twin_plot_format_time (formats[i].t, formats[i].step, formats[i].t_max);

      g_assert_cmpstr (text, ==, formats[i].text);
    }
}

/* 10⁶ samples drawn offscreen: the series land where their values say. */
static void
test_render_million (void)
{
  const gsize n = 1000000;
  g_autoptr(TwinHistory) history = twin_history_new (n, 0.1);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1200, 800);
  cairo_t *cr = cairo_create (surface);
  TwinPlotColors colors;
  TwinPlotFrame frame;
  TwinPlotView view;
  const TwinPlotRect *data;
  int checked = 0;

  twin_test_fill_history (history, n, 2400);
  twin_plot_colors_init (&colors, FALSE, NULL, NULL);
  twin_test_plot_view_init (&view);
  view.t0 = twin_history_get_first_time (history);
  view.t1 = twin_history_get_last_time (history) + 0.1;

  twin_plot_render (history, &view, &colors, cr, 1200, 800, &frame);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  data = &frame.layout.data;
  g_assert_cmpuint (frame.n_columns, ==, (guint) data->width);
  g_assert_cmpuint (frame.n_columns, >, 1000);

  /* Autoscaled with padding to nice values, thresholds included. */
  g_assert_cmpfloat (frame.lo[TWIN_PLOT_LANE_TEMPERATURE], <, 20);
  g_assert_cmpfloat (frame.hi[TWIN_PLOT_LANE_TEMPERATURE], >, 105);
  g_assert_cmpfloat (fmod (frame.hi[TWIN_PLOT_LANE_TEMPERATURE], 10), ==, 0);
  g_assert_cmpfloat (frame.lo[TWIN_PLOT_LANE_RPM], ==, 0);
  g_assert_cmpfloat (frame.hi[TWIN_PLOT_LANE_RPM], >, 2400);
  g_assert_cmpfloat (frame.hi[TWIN_PLOT_LANE_VIBRATION], >=, 7.1);

  for (guint c = 20; c < frame.n_columns - 20; c += 97)
    {
      double t = view.t0 + (c + 0.5) / frame.n_columns * (view.t1 - view.t0);
      double f = (t - view.t0) / (view.t1 - view.t0);
      int x = (int) data->x + (int) c;
      int y_temp = (int) floor (twin_plot_frame_value_to_y (&frame, TWIN_PLOT_LANE_TEMPERATURE, 20 + 60 * f));
      int y_vib = (int) floor (twin_plot_frame_value_to_y (&frame, TWIN_PLOT_LANE_VIBRATION, 3.0));
      int y_rpm = (int) floor (twin_plot_frame_value_to_y (&frame, TWIN_PLOT_LANE_RPM, f < 0.5 ? 1500 : 2400));
      int y_far = (int) floor (twin_plot_frame_value_to_y (&frame, TWIN_PLOT_LANE_TEMPERATURE, 20 + 60 * f + 30));

      g_assert_true (twin_test_color_near (surface, x, y_temp, 1, &colors.temperature));
      g_assert_true (twin_test_color_near (surface, x, y_vib, 1, &colors.vibration));
      g_assert_true (twin_test_color_near (surface, x, y_rpm, 1, &colors.rpm));
      g_assert_false (twin_test_color_near (surface, x, y_far, 3, &colors.temperature));
      checked++;
    }
  g_assert_cmpint (checked, >=, 10);

  /* Background where there is nothing: under the header, right margin. */
  g_assert_true (twin_test_pixel_is (surface, 1195, 400, &colors.background, 0.01));

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* Exports */

static char *
read_head (const char *path,
           gsize      *length)
{
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, length, NULL));
  return contents;
}

/* At the plot's minimum height, a lane's value labels are at least a
 * line apart, whatever the values' range. */
static void
test_value_labels_apart (void)
{
  const double setpoints[] = { 1500, 2600, 0, 4000 };
  g_autoptr(TwinEngine) engine = twin_engine_new_full (100000, 0.1);
  TwinPlotScene *scene = twin_plot_scene_new ();
  double line = _twin_plot_line_height (NULL);
  TwinPlotColors colors;
  TwinPlotView view;

  twin_plot_colors_init (&colors, FALSE, NULL, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (setpoints); i++)
    {
      const TwinPlotFrame *frame;

      g_assert_true (twin_engine_set_rpm_setpoint (engine, setpoints[i], NULL));
      twin_engine_advance (engine, 90);
      twin_plot_view_init (&view);
      view.t0 = 0;
      view.t1 = twin_engine_get_timestamp (engine);
      for (guint h = 300; h <= 420; h += 40)
        {
          twin_plot_scene_prepare (scene, twin_engine_get_history (engine), &view, &colors, 420, h);
          frame = twin_plot_scene_get_frame (scene);
          for (guint lane = 0; lane < TWIN_PLOT_N_LANES; lane++)
            {
              double px = scene->step[lane] / (frame->hi[lane] - frame->lo[lane]) * frame->layout.lanes[lane].height;

              if (px < line + 2)
                g_error ("lane %u at %u px, rpm %g: labels %.1f px apart, a line is %.1f px", lane, h,
                         setpoints[i], px, line);
            }
        }
    }

  twin_plot_scene_free (scene);
}

static void
test_export (void)
{
  g_autoptr(TwinEngine) engine = twin_engine_new_full (100000, 0.1);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("twin-plot-XXXXXX", NULL);
  g_autofree char *png = g_build_filename (dir, "plot.png", NULL);
  g_autofree char *svg = g_build_filename (dir, "plot.svg", NULL);
  g_autofree char *pdf = g_build_filename (dir, "plot.pdf", NULL);
  TwinPlot *plot = TWIN_PLOT (g_object_ref_sink (twin_plot_new ()));
  cairo_surface_t *image;
  g_autofree char *svg_text = NULL;
  g_autofree char *pdf_text = NULL;
  gsize length;
  TwinPlotColors colors;

  twin_plot_set_engine (plot, engine);
  twin_engine_advance (engine, 120);
  twin_plot_set_span (plot, 0);

  /* PNG: parses back at the size asked, with the temperature drawn. */
  g_assert_true (twin_plot_export (plot, png, TWIN_PLOT_FORMAT_PNG, 640, 480, &error));
  g_assert_no_error (error);
  image = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, 640);
  g_assert_cmpint (cairo_image_surface_get_height (image), ==, 480);
  twin_plot_colors_init (&colors, FALSE, NULL, NULL);
  {
    gboolean found = FALSE;

    for (int y = 0; y < 480 && !found; y++)
      found = twin_test_pixel_is (image, 320, y, &colors.temperature, 0.26);
    g_assert_true (found);
  }
  cairo_surface_destroy (image);

  /* Larger, and replacing the file that is there. */
  g_assert_true (twin_plot_export (plot, png, TWIN_PLOT_FORMAT_PNG, 1920, 1080, &error));
  image = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, 1920);
  g_assert_cmpint (cairo_image_surface_get_height (image), ==, 1080);
  cairo_surface_destroy (image);

  g_assert_true (twin_plot_export (plot, svg, TWIN_PLOT_FORMAT_SVG, 800, 500, &error));
  g_assert_no_error (error);
  svg_text = read_head (svg, &length);
  g_assert_true (g_str_has_prefix (svg_text, "<?xml"));
  g_assert_nonnull (strstr (svg_text, "<svg"));
  g_assert_nonnull (strstr (svg_text, "width=\"800"));
  g_assert_nonnull (strstr (svg_text, "height=\"500"));
  g_assert_nonnull (strstr (svg_text, "</svg>"));

  g_assert_true (twin_plot_export (plot, pdf, TWIN_PLOT_FORMAT_PDF, 842, 595, &error));
  g_assert_no_error (error);
  pdf_text = read_head (pdf, &length);
  g_assert_cmpuint (length, >, 1000);
  g_assert_true (g_str_has_prefix (pdf_text, "%PDF-1."));
  g_assert_nonnull (g_strrstr_len (pdf_text + length - 16, 16, "%%EOF"));
  g_assert_nonnull (memmem (pdf_text, length, "/MediaBox [ 0 0 842 595 ]", 25));

  /* Nothing else left behind */
  g_assert_cmpuint (twin_test_count_files (dir), ==, 3);

  g_unlink (png);
  g_unlink (svg);
  g_unlink (pdf);
  g_rmdir (dir);
  g_assert_finalize_object (plot);
}

static void
test_export_errors (void)
{
  g_autoptr(TwinEngine) engine = twin_engine_new_full (10000, 0.1);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("twin-plot-XXXXXX", NULL);
  g_autofree char *target = g_build_filename (dir, "plot.png", NULL);
  g_autofree char *not_dir = g_build_filename (dir, "file", NULL);
  g_autofree char *under_file = g_build_filename (not_dir, "plot.png", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing", "plot.png", NULL);
  TwinPlot *plot = TWIN_PLOT (g_object_ref_sink (twin_plot_new ()));
  g_autofree char *contents = NULL;
  const struct { int w, h; const char *message; } sizes[] = {
    { 0, 100, "width 0 is out of range; allowed is 16 … 16384" },
    { 100, -5, "height -5 is out of range; allowed is 16 … 16384" },
    { 20000, 100, "width 20000 is out of range" },
  };
  struct rlimit old_limit, limit;

  twin_plot_set_engine (plot, engine);
  twin_engine_advance (engine, 30);
  g_assert_true (g_file_set_contents (target, "old", -1, NULL));
  g_assert_true (g_file_set_contents (not_dir, "a file", -1, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_assert_false (twin_plot_export (plot, target, TWIN_PLOT_FORMAT_PNG, sizes[i].w, sizes[i].h, &error));
      g_assert_error (error, TWIN_PLOT_ERROR, TWIN_PLOT_ERROR_INVALID_ARGUMENT);
      g_assert_nonnull (strstr (error->message, target));
      g_assert_nonnull (strstr (error->message, sizes[i].message));
      g_clear_error (&error);
    }

  g_assert_false (twin_plot_export (plot, target, (TwinPlotFormat) 7, 100, 100, &error));
  g_assert_error (error, TWIN_PLOT_ERROR, TWIN_PLOT_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "PNG, SVG and PDF"));
  g_clear_error (&error);

  g_assert_false (twin_plot_export (plot, missing, TWIN_PLOT_FORMAT_SVG, 100, 100, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_nonnull (strstr (error->message, missing));
  g_clear_error (&error);

  g_assert_false (twin_plot_export (plot, under_file, TWIN_PLOT_FORMAT_PDF, 100, 100, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOTDIR);
  g_assert_nonnull (strstr (error->message, under_file));
  g_clear_error (&error);

  /* A write that fails half-way (the file size limit stands in for a full
   * disk): the old file stays whole and no temporary file is left. */
  signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &old_limit), ==, 0);
  limit = old_limit;
  limit.rlim_cur = 4096;
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
  for (TwinPlotFormat f = TWIN_PLOT_FORMAT_PNG; f <= TWIN_PLOT_FORMAT_PDF; f++)
    {
      g_assert_false (twin_plot_export (plot, target, f, 1600, 1200, &error));
      g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED);
      g_assert_nonnull (strstr (error->message, target));
      g_clear_error (&error);
    }
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &old_limit), ==, 0);
  signal (SIGXFSZ, SIG_DFL);

  g_assert_true (g_file_get_contents (target, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "old");
  g_assert_cmpuint (twin_test_count_files (dir), ==, 2);

  g_unlink (target);
  g_unlink (not_dir);
  g_rmdir (dir);
  g_assert_finalize_object (plot);
}

/* The widget in a window */

static void
test_widget_redraws (void)
{
  TwinEngine *engine = twin_engine_new_full (100000, 0.1);
  TwinPlot *plot;
  GtkWidget *window = window_with_plot (engine, &plot);
  guint n, n_tiles;
  double t0, t1, u0, u1;

  /* Stepping the simulation redraws, and the view follows it. */
  n = twin_plot_get_n_draws (plot);
  twin_engine_advance (engine, 5);
  twin_test_wait_for_draws (plot, n + 1);
  twin_plot_get_view (plot, &t0, &t1);
  g_assert_cmpfloat_with_epsilon (t1, 60, 1e-9);     /* less than a span yet */

  /* The right edge moves in steps of 5 s for a 1-minute span. */
  twin_engine_advance (engine, 100);
  n = twin_plot_get_n_draws (plot);
  twin_test_wait_for_draws (plot, n + 1);
  twin_plot_get_view (plot, &t0, &t1);
  g_assert_cmpfloat_with_epsilon (t1, 110, 1e-6);
  g_assert_cmpfloat_with_epsilon (t0, 50, 1e-6);

  /* Within a step only the tiles of the newest columns are drawn again:
   * here one or two of the eight. */
  twin_test_run_for (0.05);
  n = twin_plot_get_n_draws (plot);
  n_tiles = twin_plot_get_n_tiles_drawn (plot);
  twin_engine_advance (engine, 1);
  twin_test_wait_for_draws (plot, n + 1);
  twin_plot_get_view (plot, &u0, &u1);
  g_assert_cmpfloat (u1, ==, t1);
  g_assert_cmpuint (twin_plot_get_n_tiles_drawn (plot) - n_tiles, >=, 1);
  g_assert_cmpuint (twin_plot_get_n_tiles_drawn (plot) - n_tiles, <=, 2);

  /* A step draws them all. */
  n = twin_plot_get_n_draws (plot);
  n_tiles = twin_plot_get_n_tiles_drawn (plot);
  twin_engine_advance (engine, 5);
  twin_test_wait_for_draws (plot, n + 1);
  twin_plot_get_view (plot, &u0, &u1);
  g_assert_cmpfloat_with_epsilon (u1, 115, 1e-6);
  g_assert_cmpuint (twin_plot_get_n_tiles_drawn (plot) - n_tiles, ==,
                    (gtk_widget_get_width (GTK_WIDGET (plot)) + 127) / 128);

  /* "changed" with nothing new draws nothing. */
  n = twin_test_settle_plot (plot, 0.1);
  for (guint i = 0; i < 10; i++)
    {
      g_signal_emit_by_name (engine, "changed");
      twin_test_run_for (0.02);
    }
  g_assert_cmpuint (twin_plot_get_n_draws (plot), ==, n);

  /* Live at 1×: frames keep coming while the engine runs... */
  twin_engine_start (engine);
  twin_test_wait_for_draws (plot, n + 3);
  twin_engine_stop (engine);

  /* ...and stop when it is paused. */
  n = twin_test_settle_plot (plot, 0.1);
  twin_test_run_for (0.3);
  g_assert_cmpuint (twin_plot_get_n_draws (plot), ==, n);

  destroy_window (window, plot);
  g_assert_finalize_object (engine);
}

static GtkEventController *
find_controller (GtkWidget *widget,
                 GType      type)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) c = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (c, type))
        return c;
    }

  g_assert_not_reached ();
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
test_widget_navigation (void)
{
  TwinEngine *engine = twin_engine_new_full (100000, 0.1);
  TwinPlot *plot;
  GtkWidget *window = window_with_plot (engine, &plot);
  GtkEventController *scroll = find_controller (GTK_WIDGET (plot), GTK_TYPE_EVENT_CONTROLLER_SCROLL);
  GtkEventController *drag = find_controller (GTK_WIDGET (plot), GTK_TYPE_GESTURE_DRAG);
  TwinPlotRect data;
  TwinPlotLayout layout;
  guint following_notes = 0;
  double t0, t1, u0, u1;
  gboolean handled = FALSE;
  guint n;

  g_signal_connect (plot, "notify::following", G_CALLBACK (count_notify_cb), &following_notes);
  twin_engine_advance (engine, 600);
  twin_test_run_for (0.05);
  twin_plot_compute_layout (gtk_widget_get_width (GTK_WIDGET (plot)),
                            gtk_widget_get_height (GTK_WIDGET (plot)), NULL, &layout);
  data = layout.data;

  /* The time window selector's spans */
  twin_plot_set_span (plot, 600);
  twin_plot_get_view (plot, &t0, &t1);
  g_assert_cmpfloat_with_epsilon (t1 - t0, 600, 1e-9);
  twin_plot_set_span (plot, 0);
  twin_plot_get_view (plot, &t0, &t1);
  g_assert_cmpfloat (t0, ==, 0);
  g_assert_cmpfloat_with_epsilon (t1, 660, 1e-6);
  twin_plot_set_span (plot, 60);
  twin_plot_get_view (plot, &t0, &t1);
  g_assert_cmpfloat_with_epsilon (t0, 545, 1e-6);
  g_assert_cmpfloat_with_epsilon (t1, 605, 1e-6);
  g_assert_true (twin_plot_get_following (plot));

  /* Wheel down over the middle zooms out around the pointer and stops
   * following. */
  twin_plot_set_hover (plot, TRUE, data.x + data.width / 2);
  n = twin_plot_get_n_draws (plot);
  g_signal_emit_by_name (scroll, "scroll", 0.0, 1.0, &handled);
  g_assert_true (handled);
  g_assert_false (twin_plot_get_following (plot));
  g_assert_cmpuint (following_notes, ==, 1);
  g_assert_cmpfloat_with_epsilon (twin_plot_get_span (plot), 72, 1e-9);
  twin_plot_get_view (plot, &u0, &u1);
  g_assert_cmpfloat_with_epsilon ((u0 + u1) / 2, (t0 + t1) / 2, 1e-6);
  twin_test_wait_for_draws (plot, n + 1);

  /* New samples no longer move the view. */
  twin_engine_advance (engine, 30);
  twin_test_run_for (0.05);
  twin_plot_get_view (plot, &t0, &t1);
  g_assert_cmpfloat (t0, ==, u0);
  g_assert_cmpfloat (t1, ==, u1);

  /* Dragging right by a tenth of the width shows earlier times. */
  g_signal_emit_by_name (drag, "drag-begin", data.x + 100, data.y + 50);
  g_signal_emit_by_name (drag, "drag-update", data.width / 10, 0.0);
  twin_plot_get_view (plot, &u0, &u1);
  g_assert_cmpfloat_with_epsilon (u1, t1 - 7.2, 1e-6);
  g_assert_cmpfloat_with_epsilon (u1 - u0, 72, 1e-9);
  g_assert_false (twin_plot_get_following (plot));

  /* Follow resumes at the newest sample (630.1 s; the edge in 5-s steps). */
  twin_plot_set_following (plot, TRUE);
  g_assert_cmpuint (following_notes, ==, 2);
  twin_plot_get_view (plot, &u0, &u1);
  g_assert_cmpfloat_with_epsilon (u1, 635, 1e-6);

  /* Zooming in stops at one second. */
  for (guint i = 0; i < 60; i++)
    g_signal_emit_by_name (scroll, "scroll", 0.0, -1.0, &handled);
  g_assert_cmpfloat (twin_plot_get_span (plot), ==, 1.0);

  g_test_expect_message ("twin-plot", G_LOG_LEVEL_CRITICAL, "*seconds >= 0*");
  twin_plot_set_span (plot, -1);
  g_test_assert_expected_messages ();
  g_test_expect_message ("twin-plot", G_LOG_LEVEL_CRITICAL, "*isfinite*");
  twin_plot_set_span (plot, NAN);
  g_test_assert_expected_messages ();
  g_assert_cmpfloat (twin_plot_get_span (plot), ==, 1.0);

  destroy_window (window, plot);
  g_assert_finalize_object (engine);
}

static gboolean
press_key (TwinPlot *plot,
           guint     keyval)
{
  GtkEventController *keys = find_controller (GTK_WIDGET (plot), GTK_TYPE_EVENT_CONTROLLER_KEY);
  gboolean handled = FALSE;

  g_signal_emit_by_name (keys, "key-pressed", keyval, 0, (GdkModifierType) 0, &handled);
  return handled;
}

static void
test_widget_keys (void)
{
  TwinEngine *engine = twin_engine_new_full (100000, 0.1);
  TwinPlot *plot;
  GtkWidget *window = window_with_plot (engine, &plot);
  GtkEventController *drag = find_controller (GTK_WIDGET (plot), GTK_TYPE_GESTURE_DRAG);
  TwinPlotRect data;
  TwinPlotLayout layout;
  double t0, t1, u0, u1;

  twin_engine_advance (engine, 600);
  twin_test_run_for (0.05);
  twin_plot_set_span (plot, 60);
  g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (plot)));
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (plot)));

  /* + zooms in on now and goes on following; − zooms out again. */
  g_assert_true (press_key (plot, GDK_KEY_plus));
  g_assert_cmpfloat_with_epsilon (twin_plot_get_span (plot), 40, 1e-9);
  g_assert_true (twin_plot_get_following (plot));
  g_assert_true (press_key (plot, GDK_KEY_minus));
  g_assert_cmpfloat_with_epsilon (twin_plot_get_span (plot), 60, 1e-9);

  /* ← shows earlier times by a tenth of the span, and stops following. */
  twin_plot_get_view (plot, &t0, &t1);
  g_assert_true (press_key (plot, GDK_KEY_Left));
  twin_plot_get_view (plot, &u0, &u1);
  g_assert_cmpfloat_with_epsilon (u1, t1 - 6, 1e-6);
  g_assert_false (twin_plot_get_following (plot));
  g_assert_true (press_key (plot, GDK_KEY_Right));
  twin_plot_get_view (plot, &u0, &u1);
  g_assert_cmpfloat_with_epsilon (u1, MIN (t1, 600.1), 1e-6);

  /* Panning stops at the start of the history, by key and by drag. */
  for (guint i = 0; i < 200; i++)
    press_key (plot, GDK_KEY_Left);
  twin_plot_get_view (plot, &u0, &u1);
  g_assert_cmpfloat_with_epsilon (u0, 0, 1e-6);
  g_assert_cmpfloat_with_epsilon (u1 - u0, 60, 1e-6);

  twin_plot_compute_layout (gtk_widget_get_width (GTK_WIDGET (plot)),
                            gtk_widget_get_height (GTK_WIDGET (plot)), NULL, &layout);
  data = layout.data;
  twin_plot_set_following (plot, TRUE);
  g_signal_emit_by_name (drag, "drag-begin", data.x + 100, data.y + 50);
  g_signal_emit_by_name (drag, "drag-update", data.width * 50, 0.0);
  twin_plot_get_view (plot, &u0, &u1);
  g_assert_cmpfloat_with_epsilon (u0, 0, 1e-6);
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (plot)));

  /* Home follows the newest sample again; other keys are the window's. */
  g_assert_true (press_key (plot, GDK_KEY_Home));
  g_assert_true (twin_plot_get_following (plot));
  twin_plot_get_view (plot, &u0, &u1);
  g_assert_cmpfloat (u1, >=, 600);
  g_assert_false (press_key (plot, GDK_KEY_space));

  destroy_window (window, plot);
  g_assert_finalize_object (engine);
}

static void
test_widget_events (void)
{
  TwinEngine *engine = twin_engine_new_full (100000, 0.1);
  TwinPlot *plot;
  GtkWidget *window = window_with_plot (engine, &plot);
  guint n;

  g_assert_cmpuint (twin_plot_get_n_events (plot), ==, 0);

  /* A fault is a marker at once. */
  twin_engine_set_cooling_degraded (engine, TRUE);
  g_assert_cmpuint (twin_plot_get_n_events (plot), ==, 1);

  /* Degraded cooling at 3000 rpm runs into the temperature warning and the
   * trip, and the resonance on the way raises vibration alarms. */
  g_assert_true (twin_engine_set_rpm_setpoint (engine, 3000, NULL));
  n = twin_plot_get_n_draws (plot);
  twin_engine_advance (engine, 600);
  g_assert_true (twin_engine_get_tripped (engine));
  g_assert_cmpuint (twin_plot_get_n_events (plot), >=, 4);
  twin_test_wait_for_draws (plot, n + 1);

  /* After a reset the old run's markers go. */
  twin_engine_reset (engine);
  twin_engine_set_cooling_degraded (engine, FALSE);
  twin_test_run_for (0.05);
  g_assert_cmpuint (twin_plot_get_n_events (plot), ==, 1);

  destroy_window (window, plot);
  g_assert_finalize_object (engine);
}

static void
test_widget_hover (void)
{
  TwinEngine *engine = twin_engine_new_full (100000, 0.1);
  TwinPlot *plot;
  GtkWidget *window = window_with_plot (engine, &plot);
  g_autoptr(TwinHistory) history = twin_history_new (10000, 0.1);
  cairo_surface_t *plain = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 800, 600);
  cairo_surface_t *hovered = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 800, 600);
  TwinPlotColors colors;
  TwinPlotFrame frame;
  TwinPlotView view;
  cairo_t *cr;
  guint n;
  int x;
  int differ = 0;

  twin_engine_advance (engine, 60);
  twin_test_run_for (0.05);

  n = twin_plot_get_n_draws (plot);
  twin_plot_set_hover (plot, TRUE, 300);
  twin_test_wait_for_draws (plot, n + 1);
  n = twin_plot_get_n_draws (plot);
  twin_plot_set_hover (plot, FALSE, 0);
  twin_test_wait_for_draws (plot, n + 1);

  /* The crosshair: a line down the lanes and a readout beside it. */
  twin_test_fill_history (history, 10000, 2400);
  twin_plot_colors_init (&colors, FALSE, NULL, NULL);
  twin_plot_view_init (&view);
  view.t0 = 0;
  view.t1 = 1000;
  cr = cairo_create (plain);
  twin_plot_render (history, &view, &colors, cr, 800, 600, &frame);
  cairo_destroy (cr);
  view.hover = TRUE;
  view.hover_time = 500;
  cr = cairo_create (hovered);
  twin_plot_render (history, &view, &colors, cr, 800, 600, &frame);
  cairo_destroy (cr);

  x = (int) floor (twin_plot_frame_time_to_x (&frame, &view, 500));
  for (int y = (int) frame.layout.data.y; y < frame.layout.data.y + frame.layout.data.height; y += 7)
    {
      double r0, g0, b0, r1, g1, b1;

      twin_test_get_pixel (plain, x, y, &r0, &g0, &b0);
      twin_test_get_pixel (hovered, x, y, &r1, &g1, &b1);
      differ += fabs (r0 - r1) + fabs (g0 - g1) + fabs (b0 - b1) > 0.1;
    }
  g_assert_cmpint (differ, >, (int) (frame.layout.data.height / 7) / 2);

  cairo_surface_destroy (plain);
  cairo_surface_destroy (hovered);
  destroy_window (window, plot);
  g_assert_finalize_object (engine);
}

static void
test_widget_dark (void)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  TwinEngine *engine = twin_engine_new_full (10000, 0.1);
  TwinPlot *plot;
  GtkWidget *window = window_with_plot (engine, &plot);
  g_autofree char *dir = g_dir_make_tmp ("twin-plot-XXXXXX", NULL);
  g_autofree char *png = g_build_filename (dir, "dark.png", NULL);
  cairo_surface_t *image;
  double r, g, b;
  guint n;

  g_assert_false (twin_plot_get_dark (plot));

  n = twin_plot_get_n_draws (plot);
  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
  twin_test_wait_for_draws (plot, n + 1);
  g_assert_true (twin_plot_get_dark (plot));

  g_assert_true (twin_plot_export (plot, png, TWIN_PLOT_FORMAT_PNG, 400, 300, NULL));
  image = cairo_image_surface_create_from_png (png);
  twin_test_get_pixel (image, 398, 150, &r, &g, &b);
  g_assert_cmpfloat (r + g + b, <, 0.6);
  cairo_surface_destroy (image);

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
  twin_test_run_for (0.05);
  g_assert_false (twin_plot_get_dark (plot));
  g_assert_true (twin_plot_export (plot, png, TWIN_PLOT_FORMAT_PNG, 400, 300, NULL));
  image = cairo_image_surface_create_from_png (png);
  twin_test_get_pixel (image, 398, 150, &r, &g, &b);
  g_assert_cmpfloat (r + g + b, >, 2.4);
  cairo_surface_destroy (image);

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_DEFAULT);
  g_unlink (png);
  g_rmdir (dir);
  destroy_window (window, plot);
  g_assert_finalize_object (engine);
}

static void
test_widget_engine_swap (void)
{
  TwinEngine *a = twin_engine_new_full (10000, 0.1);
  TwinEngine *b = twin_engine_new_full (10000, 0.1);
  TwinPlot *plot;
  GtkWidget *window = window_with_plot (a, &plot);
  guint n;

  twin_plot_set_engine (plot, b);
  g_assert_true (twin_plot_get_engine (plot) == b);
  g_assert_cmpuint (g_signal_handler_find (a, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, plot), ==, 0);
  g_assert_cmpuint (g_signal_handler_find (b, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, plot), !=, 0);
  /* The old engine is no longer heard. */
  n = twin_test_settle_plot (plot, 0.2);
  twin_engine_advance (a, 10);
  twin_test_run_for (0.1);
  g_assert_cmpuint (twin_plot_get_n_draws (plot), ==, n);
  g_assert_finalize_object (a);

  twin_engine_advance (b, 10);
  twin_test_wait_for_draws (plot, n + 1);

  destroy_window (window, plot);
  g_assert_finalize_object (b);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  g_test_add_func ("/plot/ticks/nice-steps-and-time-labels", test_ticks);
  g_test_add_func ("/plot/render/million-samples-where-their-values-say", test_render_million);
  g_test_add_func ("/plot/render/value-labels-a-line-apart-at-minimum-height", test_value_labels_apart);
  g_test_add_func ("/plot/export/png-svg-pdf-read-back", test_export);
  g_test_add_func ("/plot/export/errors-named-old-file-kept", test_export_errors);
  g_test_add_func ("/plot/widget/redraws-only-what-changed", test_widget_redraws);
  g_test_add_func ("/plot/widget/zoom-pan-and-follow", test_widget_navigation);
  g_test_add_func ("/plot/widget/keys-pan-zoom-follow-and-stop-at-the-start", test_widget_keys);
  g_test_add_func ("/plot/widget/fault-and-alarm-markers", test_widget_events);
  g_test_add_func ("/plot/widget/hover-crosshair", test_widget_hover);
  g_test_add_func ("/plot/widget/dark-follows-the-style", test_widget_dark);
  g_test_add_func ("/plot/widget/engine-swap-unhooks-the-old", test_widget_engine_swap);

  return g_test_run ();
}
