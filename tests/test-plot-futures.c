/* test-plot-futures.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The futures right of "now": the course faint, a branch dashed, a band
 * filled, predicted alarms marked; and the duration texts they use.
 */

#include <math.h>

#include "twin-format.h"
#include "twin-plot-private.h"
#include "twin-test-pixels.h"
#include "twin-test-plot.h"

#define WIDTH   900
#define HEIGHT  480
#define NOW     60.0
#define AHEAD   60.0
#define WARNING 90.0    /* when the ramp below passes 85 °C */

static void
fill (TwinHistory *history,
      double       t0,
      double       t1,
      double       temp0,
      double       temp1)
{
  double interval = twin_history_get_interval (history);

  for (double t = t0; t < t1 - 1e-9; t += interval)
    {
      TwinSample sample = { 0 };
      double f = (t - t0) / (t1 - t0);

      sample.values[TWIN_CHANNEL_TEMPERATURE] = (float) (temp0 + f * (temp1 - temp0));
      sample.values[TWIN_CHANNEL_AMBIENT] = 22;
      sample.values[TWIN_CHANNEL_VIBRATION] = 2.1f;
      sample.values[TWIN_CHANNEL_RPM] = 1500;
      sample.values[TWIN_CHANNEL_RPM_SETPOINT] = 1500;
      twin_history_append (history, &sample);
    }
}

/* A course from NOW on: the temperature ramps from 60 °C to 100 °C. */
static TwinForecast *
make_forecast (double offset)
{
  TwinForecast *forecast = g_new0 (TwinForecast, 1);

  forecast->start = NOW;
  forecast->horizon = AHEAD;
  forecast->trajectory = twin_history_new (10000, 0.1);
  twin_history_clear (forecast->trajectory, NOW);
  fill (forecast->trajectory, NOW, NOW + AHEAD, 60 + offset, 100 + offset);
  for (guint a = 0; a < TWIN_N_ALARMS; a++)
    forecast->raised[a] = forecast->cleared[a] = NAN;
  for (guint z = 0; z < 4; z++)
    forecast->zone_entered[z] = NAN;
  forecast->raised[0] = WARNING;     /* TWIN_ALARM_TEMP_WARNING */
  forecast->tripped = NAN;

  return forecast;
}

typedef struct
{
  TwinHistory     *past;
  TwinPlotColors   colors;
  TwinPlotView     view;
  cairo_surface_t *plain;      /* without futures */
  TwinPlotFrame    frame;
} Fixture;

static cairo_surface_t *
render (Fixture              *fx,
        const TwinPlotFuture *futures,
        guint                 n_futures)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  cairo_t *cr = cairo_create (surface);

  fx->view.futures = futures;
  fx->view.n_futures = n_futures;
  twin_plot_render (fx->past, &fx->view, &fx->colors, cr, WIDTH, HEIGHT, &fx->frame);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  return surface;
}

static void
fixture_init (Fixture *fx)
{
  fx->past = twin_history_new (10000, 0.1);
  twin_history_clear (fx->past, 0);
  fill (fx->past, 0, NOW, 60, 60);
  twin_plot_colors_init (&fx->colors, FALSE, NULL, NULL);
  twin_test_plot_view_init (&fx->view);
  fx->view.t0 = 0;
  fx->view.t1 = NOW + AHEAD;
  fx->plain = render (fx, NULL, 0);
}

static void
fixture_clear (Fixture *fx)
{
  cairo_surface_destroy (fx->plain);
  twin_history_free (fx->past);
}

static double
difference (cairo_surface_t *a,
            cairo_surface_t *b,
            int              x,
            int              y)
{
  double ra, ga, ba, rb, gb, bb;

  twin_test_get_pixel (a, x, y, &ra, &ga, &ba);
  twin_test_get_pixel (b, x, y, &rb, &gb, &bb);

  return MAX (fabs (ra - rb), MAX (fabs (ga - gb), fabs (ba - bb)));
}

/* Pixels of a lane's column that differ from the plain drawing by more
 * than the tint over the time ahead does. */
static guint
drawn_in_column (Fixture         *fx,
                 cairo_surface_t *surface,
                 TwinPlotLane     lane,
                 int              x)
{
  const TwinPlotRect *rect = &fx->frame.layout.lanes[lane];
  guint n = 0;

  for (int y = (int) rect->y + 1; y < (int) (rect->y + rect->height) - 1; y++)
    if (difference (surface, fx->plain, x, y) > 0.08)
      n++;

  return n;
}

static guint
changed_in_column (Fixture         *fx,
                   cairo_surface_t *a,
                   cairo_surface_t *b,
                   int              x)
{
  const TwinPlotRect *rect = &fx->frame.layout.lanes[TWIN_PLOT_LANE_TEMPERATURE];
  guint n = 0;

  for (int y = (int) rect->y + 1; y < (int) (rect->y + rect->height) - 1; y++)
    if (difference (a, b, x, y) > 0.02)
      n++;

  return n;
}

static int
time_to_x (Fixture *fx,
           double   t)
{
  return (int) floor (twin_plot_frame_time_to_x (&fx->frame, &fx->view, t));
}

static void
test_course_right_of_now (void)
{
  g_autoptr(TwinForecast) forecast = make_forecast (0);
  TwinPlotFuture future = { .kind = TWIN_FUTURE_COURSE, .forecast = forecast };
  Fixture fx = { 0 };
  cairo_surface_t *surface;
  int now_x;
  guint right = 0;

  fixture_init (&fx);
  surface = render (&fx, &future, 1);
  now_x = time_to_x (&fx, NOW);

  /* Left of now the drawing is the past's, untouched. */
  for (int x = (int) fx.frame.layout.data.x; x < now_x - 1; x++)
    g_assert_cmpuint (drawn_in_column (&fx, surface, TWIN_PLOT_LANE_TEMPERATURE, x), ==, 0);

  /* Right of it, the course is drawn in every column up to the horizon. */
  for (int x = now_x + 2; x < time_to_x (&fx, NOW + AHEAD) - 2; x++)
    if (drawn_in_column (&fx, surface, TWIN_PLOT_LANE_RPM, x) > 0)
      right++;
  g_assert_cmpuint (right, >=, (guint) (time_to_x (&fx, NOW + AHEAD) - now_x - 4) * 9 / 10);

  /* The now line, full height, in the vibration lane too. */
  g_assert_cmpfloat (difference (surface, fx.plain, now_x, (int) (fx.frame.layout.lanes[1].y + 10)), >, 0.2);

  cairo_surface_destroy (surface);
  fixture_clear (&fx);
}

static void
test_branch_dashed_course_solid (void)
{
  g_autoptr(TwinForecast) forecast = make_forecast (0);
  TwinPlotFuture futures[] = {
    { .kind = TWIN_FUTURE_COURSE, .forecast = forecast },
    { .kind = TWIN_FUTURE_BRANCH, .forecast = forecast },
  };
  Fixture fx = { 0 };
  int now_x, end_x;

  fixture_init (&fx);
  now_x = time_to_x (&fx, NOW);
  end_x = time_to_x (&fx, NOW + AHEAD);

  for (guint k = 0; k < G_N_ELEMENTS (futures); k++)
    {
      cairo_surface_t *surface = render (&fx, &futures[k], 1);
      guint gaps = 0;

      for (int x = now_x + 3; x < end_x - 3; x++)
        if (drawn_in_column (&fx, surface, TWIN_PLOT_LANE_RPM, x) == 0)
          gaps++;

      if (futures[k].kind == TWIN_FUTURE_BRANCH)
        g_assert_cmpuint (gaps, >=, (guint) (end_x - now_x) / 3);
      else
        g_assert_cmpuint (gaps, ==, 0);
      cairo_surface_destroy (surface);
    }

  fixture_clear (&fx);
}

static void
test_band_and_markers (void)
{
  g_autoptr(TwinForecast) course = make_forecast (0);
  g_autoptr(TwinForecast) low = make_forecast (-10);
  g_autoptr(TwinForecast) high = make_forecast (10);
  TwinPlotFuture line = { .kind = TWIN_FUTURE_BRANCH, .forecast = course };
  TwinPlotFuture band = { .kind = TWIN_FUTURE_BRANCH, .forecast = course,
                          .low = low->trajectory, .high = high->trajectory };
  Fixture fx = { 0 };
  cairo_surface_t *with_line, *with_band;
  int x, mark_x;
  double marker_y;

  fixture_init (&fx);
  with_line = render (&fx, &line, 1);
  with_band = render (&fx, &band, 1);
  if (g_getenv ("TWIN_TEST_SAVE") != NULL)
    cairo_surface_write_to_png (with_band, g_getenv ("TWIN_TEST_SAVE"));

  /* The band covers ±10 °C around the line, on the same scale: many more
   * pixels differ from the line alone ahead, none in the past. */
  x = time_to_x (&fx, NOW + AHEAD / 2);
  g_assert_cmpuint (changed_in_column (&fx, with_band, with_line, x), >, 10);
  g_assert_cmpuint (changed_in_column (&fx, with_band, with_line, time_to_x (&fx, NOW / 2)), ==, 0);

  /* The predicted warning: a diamond in the marker row in the alarm colour. */
  mark_x = time_to_x (&fx, WARNING);
  marker_y = fx.frame.layout.axis.y + 1 + (TWIN_PLOT_MARKER_ROW - 1) / 2.0;
  g_assert_true (twin_test_color_near (with_line, mark_x, (int) marker_y, 1, &fx.colors.alarm_marker));
  g_assert_false (twin_test_color_near (fx.plain, mark_x, (int) marker_y, 1, &fx.colors.alarm_marker));

  cairo_surface_destroy (with_line);
  cairo_surface_destroy (with_band);
  fixture_clear (&fx);
}

static void
test_ghost_colours_distinct (void)
{
  for (guint dark = 0; dark < 2; dark++)
    {
      TwinPlotColors c;
      const GdkRGBA *lanes[] = { &c.temperature, &c.ambient, &c.vibration, &c.rpm, &c.setpoint,
                                 &c.warning, &c.trip };

      twin_plot_colors_init (&c, dark, NULL, NULL);
      for (guint g = 0; g < TWIN_PLOT_N_GHOSTS; g++)
        {
          const GdkRGBA *ghost = &c.ghosts[g];
          double contrast = fabs ((0.299 * ghost->red + 0.587 * ghost->green + 0.114 * ghost->blue) -
                                  (0.299 * c.background.red + 0.587 * c.background.green +
                                   0.114 * c.background.blue));

          g_assert_cmpfloat (contrast, >, 0.3);
          for (guint l = 0; l < G_N_ELEMENTS (lanes); l++)
            g_assert_false (gdk_rgba_equal (ghost, lanes[l]));
          for (guint h = 0; h < g; h++)
            g_assert_false (gdk_rgba_equal (ghost, &c.ghosts[h]));
        }
    }
}

static void
test_plot_refuses_bad_futures (void)
{
  TwinPlot *plot = TWIN_PLOT (g_object_ref_sink (twin_plot_new ()));
  TwinPlotFuture ghost = { .kind = TWIN_FUTURE_GHOST, .ghost = TWIN_PLOT_N_GHOSTS };
  TwinPlotFuture many[TWIN_PLOT_MAX_FUTURES + 1] = { 0 };

  g_test_expect_message ("twin-plot", G_LOG_LEVEL_CRITICAL, "*futures[i].ghost < TWIN_PLOT_N_GHOSTS*");
  twin_plot_set_futures (plot, &ghost, 1);
  g_test_assert_expected_messages ();

  g_test_expect_message ("twin-plot", G_LOG_LEVEL_CRITICAL, "*n_futures <= TWIN_PLOT_MAX_FUTURES*");
  twin_plot_set_futures (plot, many, G_N_ELEMENTS (many));
  g_test_assert_expected_messages ();

  g_assert_cmpuint (twin_plot_get_n_futures (plot), ==, 0);
  g_assert_finalize_object (plot);
}

static void
test_format_times_ahead (void)
{
  static const struct { double s; const char *text; } ahead[] = {
    { 0, "0.0 s" }, { 4.24, "4.2 s" }, { 41, "41 s" }, { 59.6, "1 min" }, { 192.4, "3 min 12 s" },
    { 180, "3 min" }, { 3900, "1 h 05 min" }, { 86400, "24 h 00 min" }, { NAN, "0.0 s" },
  };
  static const struct { double lo, hi; const char *text; } ranges[] = {
    { 240, 360, "4–6 min" }, { 40, 55, "40–55 s" }, { 5400, 9000, "1.5–2.5 h" },
    { 290, 290, "4.8 min" }, { 282, 306, "4.7–5.1 min" }, { 360, 240, "4–6 min" }, { 50, NAN, "50 s" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (ahead); i++)
    {
      g_autofree char *text = twin_format_time_ahead (ahead[i].s);

      g_assert_cmpstr (text, ==, ahead[i].text);
    }
  for (guint i = 0; i < G_N_ELEMENTS (ranges); i++)
    {
      g_autofree char *text = twin_format_time_range (ranges[i].lo, ranges[i].hi);

      g_assert_cmpstr (text, ==, ranges[i].text);
    }
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/plot/futures/course-right-of-now-past-untouched", test_course_right_of_now);
  g_test_add_func ("/plot/futures/branch-dashed-course-solid", test_branch_dashed_course_solid);
  g_test_add_func ("/plot/futures/band-filled-and-alarm-markers", test_band_and_markers);
  g_test_add_func ("/plot/futures/ghost-colours-distinct-and-readable", test_ghost_colours_distinct);
  g_test_add_func ("/plot/futures/bad-futures-refused", test_plot_refuses_bad_futures);
  g_test_add_func ("/format/times-ahead-and-ranges", test_format_times_ahead);

  return g_test_run ();
}
