/* test-whatif-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The course ahead and what-if mode in a real window under Xvfb: the
 * course drawn right of now, the Ahead readout, the speed slider dragged
 * by real pointer events (xdotool) with no main-loop iteration over
 * 16 ms, Apply as one command, Cancel and Escape as none.
 */

#include <adwaita.h>
#include <gdk/x11/gdkx.h>
#include <math.h>

#include "twin-gui.h"
#include "twin-plot-private.h"
#include "twin-test-commands.h"
#include "twin-test-loop.h"
#include "twin-test-pixels.h"
#include "twin-test-env.h"
#include "twin-test-wait.h"
#include "twin-test-window.h"
#include "twin-window-private.h"

#define FRAME_BUDGET_MS 16.0
#define MIN_ITERATIONS  30

/* 30 s of history at the defaults, then the inputs: at 3000 rpm on a
 * 38 °C day the machine warns within seconds, then trips. */
static TwinEngine *
new_engine (double ambient,
            double rpm_setpoint)
{
  TwinEngine *engine = twin_engine_new_full (10000, 0.1);
  TwinCommand command = { .fields = TWIN_COMMAND_AMBIENT | TWIN_COMMAND_RPM_SETPOINT,
                          .ambient = ambient, .rpm_setpoint = rpm_setpoint };

  twin_engine_set_paused (engine, TRUE);
  twin_engine_advance (engine, 30);
  g_assert_true (twin_engine_apply_command (engine, &command, NULL));
  return engine;
}

static gboolean
has_course (gpointer data)
{
  TwinWindow *window = data;

  return twin_outlook_get_course (window->outlook) != NULL &&
         twin_plot_get_n_futures (window->plot) >= 1;
}

static void
wait_for_course (TwinWindow *window)
{
  twin_test_wait_until (has_course, window, 30, "the course ahead in the plot");
  gtk_widget_queue_draw (GTK_WIDGET (window->plot));
  twin_test_wait_for_draws (window->plot, twin_plot_get_n_draws (window->plot) + 1);
}

static void
test_course_right_of_now (void)
{
  TwinEngine *engine = new_engine (22, 1500);
  TwinWindow *window = twin_test_open_window (engine, NULL, 1280, 800);
  const TwinForecast *course;
  cairo_surface_t *surface;
  TwinPlotFrame frame;
  TwinPlotView view;
  GdkRGBA faint, faint_on_band;
  int width = gtk_widget_get_width (GTK_WIDGET (window->plot));
  int height = gtk_widget_get_height (GTK_WIDGET (window->plot));
  cairo_t *cr;
  int now_x;
  guint left = 0, right = 0;

  wait_for_course (window);
  course = twin_outlook_get_course (window->outlook);

  /* The view reaches past now by the horizon. */
  twin_plot_get_view (window->plot, &view.t0, &view.t1);
  g_assert_cmpfloat (view.t1, >=, course->start + course->horizon - 1e-6);

  /* What the widget draws: the course in the temperature lane's colour,
   * faint over the time ahead's tint, only right of now. */
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (surface);
  twin_plot_draw (window->plot, cr, width, height);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  twin_plot_compute_layout (width, height, window->plot->font, &frame.layout);
  now_x = (int) floor (frame.layout.data.x + (course->start - view.t0) / (view.t1 - view.t0) * frame.layout.data.width);
  {
    const GdkRGBA *bg = &window->plot->colors.background;
    const GdkRGBA *fg = &window->plot->colors.foreground;
    const GdkRGBA *t = &window->plot->colors.temperature;
    double tint = 0.035 * fg->alpha;
    GdkRGBA under = { bg->red * (1 - tint) + fg->red * tint, bg->green * (1 - tint) + fg->green * tint,
                      bg->blue * (1 - tint) + fg->blue * tint, 1 };

    GdkRGBA band = { t->red * 0.10 + under.red * 0.90, t->green * 0.10 + under.green * 0.90,
                     t->blue * 0.10 + under.blue * 0.90, 1 };

    faint = (GdkRGBA) { t->red * 0.45 + under.red * 0.55, t->green * 0.45 + under.green * 0.55,
                        t->blue * 0.45 + under.blue * 0.55, 1 };
    /* Once the ensemble is in, the line runs over its P10–P90 band. */
    faint_on_band = (GdkRGBA) { t->red * 0.45 + band.red * 0.55, t->green * 0.45 + band.green * 0.55,
                                t->blue * 0.45 + band.blue * 0.55, 1 };
  }

  for (int y = (int) frame.layout.lanes[0].y; y < (int) (frame.layout.lanes[0].y + frame.layout.lanes[0].height); y++)
    for (int x = (int) frame.layout.data.x; x < (int) (frame.layout.data.x + frame.layout.data.width); x++)
      if (twin_test_pixel_is (surface, x, y, &faint, 0.03) ||
          twin_test_pixel_is (surface, x, y, &faint_on_band, 0.03))
        {
          if (x > now_x)
            right++;
          else
            left++;
        }

  g_assert_cmpuint (left, ==, 0);
  g_assert_cmpuint (right, >=, (guint) (frame.layout.data.x + frame.layout.data.width - now_x) / 2);

  cairo_surface_destroy (surface);
  twin_test_close_window (window, engine);
}

static gboolean
ahead_starts (gpointer data)
{
  TwinWindow *window = data;
  const char *text = gtk_label_get_label (window->readouts->ahead_value);

  return !g_str_equal (text, "Forecasting…");
}

static void
test_ahead_readout (void)
{
  const struct { double ambient, rpm; const char *prefix; const char *also; } cases[] = {
    { 38, 3000, "Warning in ", " · trips in " },
    { 22, 1500, "No alarm within 10 min", NULL },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      TwinEngine *engine = new_engine (cases[c].ambient, cases[c].rpm);
      TwinWindow *window = twin_test_open_window (engine, NULL, 1024, 768);
      const char *text;

      twin_test_wait_until (ahead_starts, window, 30, "the Ahead readout");
      text = gtk_label_get_label (window->readouts->ahead_value);
      g_test_message ("ahead: %s", text);
      g_assert_true (g_str_has_prefix (text, cases[c].prefix));
      if (cases[c].also != NULL)
        g_assert_nonnull (strstr (text, cases[c].also));
      /* The RUL shown is the forecast's, and says so. */
      twin_test_iterate ();
      g_assert_nonnull (gtk_widget_get_tooltip_text (GTK_WIDGET (window->readouts->rul_value)));
      g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (GTK_WIDGET (window->readouts->rul_value)),
                                "At the end of the course ahead"));

      twin_test_close_window (window, engine);
    }
}

static GtkWidget *
find_css_child (GtkWidget  *widget,
                const char *css_name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (g_str_equal (gtk_widget_get_css_name (child), css_name))
        return child;
      if ((found = find_css_child (child, css_name)) != NULL)
        return found;
    }
  return NULL;
}

/* Where @widget's centre is in the X window of @window. */
static void
x_point (TwinWindow *window,
         GtkWidget  *widget,
         double     *x,
         double     *y)
{
  graphene_point_t p;
  double sx, sy;

  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (window),
                                           &GRAPHENE_POINT_INIT (gtk_widget_get_width (widget) / 2.0,
                                                                 gtk_widget_get_height (widget) / 2.0),
                                           &p));
  gtk_native_get_surface_transform (GTK_NATIVE (window), &sx, &sy);
  *x = p.x + sx;
  *y = p.y + sy;
}

static gulong
x_window (TwinWindow *window)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));

  g_assert_true (GDK_IS_X11_SURFACE (surface));
  return gdk_x11_surface_get_xid (surface);
}

typedef struct
{
  gboolean exited;
  int      status;
} Child;

static void
child_exited_cb (GPid     pid,
                 int      status,
                 gpointer data)
{
  Child *child = data;

  child->exited = TRUE;
  child->status = status;
  g_spawn_close_pid (pid);
}

/* Runs xdotool with @args on the test display while the main loop runs;
 * @timer, if any, starts once it is spawned, so that spawning (the test's
 * own work between iterations) is not counted as an iteration's. */
static void
xdotool (GPtrArray         *args,
         TwinTestLoopTimer *timer)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *program = g_find_program_in_path ("xdotool");
  Child child = { 0 };
  GPid pid;

  if (program == NULL)
    g_error ("xdotool is needed to send real pointer and key events (Debian package xdotool; "
             "tests/install-packages.sh installs it)");

  g_ptr_array_insert (args, 0, g_strdup (program));
  g_ptr_array_add (args, NULL);
  /* Descriptors left open, GLib spawns through posix_spawn (vfork): a
   * fork would make every page of this process copy-on-write, and the
   * next frames would pay for it in page faults. */
  g_assert_true (g_spawn_async (NULL, (char **) args->pdata, NULL,
                                G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_LEAVE_DESCRIPTORS_OPEN,
                                NULL, NULL, &pid, &error));
  g_assert_no_error (error);
  g_child_watch_add (pid, child_exited_cb, &child);
  if (timer != NULL)
    twin_test_loop_timer_reset (timer);
  twin_test_wait_until (twin_test_flag_is_set, &child.exited, 60, "xdotool to finish");
  g_assert_true (g_spawn_check_wait_status (child.status, NULL));
}

static void
add (GPtrArray  *args,
     const char *format,
     ...)
{
  va_list ap;

  va_start (ap, format);
  g_ptr_array_add (args, g_strdup_vprintf (format, ap));
  va_end (ap);
}

static void
press_keys (TwinWindow *window,
            const char *keys)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  double x, y;

  /* Keys go to the window under the pointer (Xvfb has no window manager). */
  x_point (window, GTK_WIDGET (window->plot), &x, &y);
  add (args, "mousemove"), add (args, "--window"), add (args, "%lu", x_window (window));
  add (args, "%d", (int) x), add (args, "%d", (int) y);
  add (args, "key"), add (args, "%s", keys);
  xdotool (args, NULL);
  twin_test_iterate ();
}

static gboolean
has_ensemble (gpointer data)
{
  TwinWindow *window = data;

  return twin_branch_get_ensemble (window->branch) != NULL;
}

/* Presses on (@x, @y) and moves right @n times at about 60 Hz, @dx px each. */
static void
drag (TwinWindow        *window,
      double             x,
      double             y,
      guint              n,
      double             dx,
      TwinTestLoopTimer *timer)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);

  add (args, "mousemove"), add (args, "--window"), add (args, "%lu", x_window (window));
  add (args, "%d", (int) x), add (args, "%d", (int) y);
  add (args, "mousedown"), add (args, "1");
  for (guint i = 1; i <= n; i++)
    {
      add (args, "sleep"), add (args, "0.016");
      add (args, "mousemove"), add (args, "--window"), add (args, "%lu", x_window (window));
      add (args, "%d", (int) (x + dx * i)), add (args, "%d", (int) y);
    }
  add (args, "mouseup"), add (args, "1");
  xdotool (args, timer);
}

static void
test_drag_keeps_frames_short (void)
{
  TwinEngine *engine = new_engine (22, 1500);
  TwinWindow *window = twin_test_open_window (engine, NULL, 1024, 768);
  g_autoptr(TwinTestCommandLog) log = twin_test_command_log_new (engine);
  g_autoptr(TwinTestLoopTimer) timer = NULL;
  GtkWidget *slider = find_css_child (GTK_WIDGET (window->rpm_scale), "slider");
  guint results;
  double x, y;

  wait_for_course (window);
  press_keys (window, "ctrl+i");
  g_assert_true (twin_branch_get_active (window->branch));
  g_assert_true (gtk_toggle_button_get_active (window->whatif_button));
  twin_test_run_for (0.5);    /* the banner's slide, the first forecasts */

  g_assert_nonnull (slider);
  x_point (window, slider, &x, &y);

  /* A first short drag, not timed: the pointer's first press on the
   * slider styles it, and the first frames lay the banner out. Then the
   * branch's ensemble, which runs on every core once edits pause. */
  drag (window, x, y, 10, 3, NULL);
  x_point (window, slider, &x, &y);
  twin_test_wait_until (has_ensemble, window, 60, "the ensemble of the branch");
  twin_test_run_for (0.2);

  results = twin_branch_get_n_results (window->branch);
  timer = twin_test_loop_timer_new (NULL);
  drag (window, x, y, 90, 1.5, timer);

  g_test_message ("%u main-loop iterations while dragging, median %.2f ms, longest %.2f ms "
                  "(wall %.2f ms); %u branch forecasts",
                  twin_test_loop_timer_count (timer), twin_test_loop_timer_median_ms (timer),
                  twin_test_loop_timer_max_ms (timer), twin_test_loop_timer_max_wall_ms (timer),
                  twin_branch_get_n_results (window->branch) - results);
  if (!twin_test_sanitized ())
    {
      g_assert_cmpuint (twin_test_loop_timer_count (timer), >=, MIN_ITERATIONS);
      g_assert_cmpfloat (twin_test_loop_timer_max_ms (timer), <=, FRAME_BUDGET_MS);
    }

  /* The slider moved the branch, not the twin; the spin button shows it too. */
  g_assert_cmpfloat (gtk_spin_button_get_value (window->rpm_spin), ==, gtk_range_get_value (GTK_RANGE (window->rpm_scale)));
  g_assert_cmpfloat (gtk_range_get_value (GTK_RANGE (window->rpm_scale)), >, 1600);
  g_assert_cmpfloat (twin_branch_get_change (window->branch)->rpm_setpoint, ==,
                     gtk_range_get_value (GTK_RANGE (window->rpm_scale)));
  g_assert_cmpuint (twin_branch_get_n_results (window->branch) - results, >=, twin_test_sanitized () ? 1 : 10);
  g_assert_cmpfloat (twin_engine_get_rpm_setpoint (engine), ==, 1500);
  g_assert_cmpuint (twin_test_command_log_get_count (log), ==, 0);

  g_clear_pointer (&timer, twin_test_loop_timer_free);
  twin_test_close_window (window, engine);
}

static gboolean
caption_says (gpointer data)
{
  TwinWindow *window = data;

  return strstr (gtk_label_get_label (window->whatif_caption), "Temperature reaches the 85 °C warning in ") != NULL;
}

static void
test_apply_is_one_command (void)
{
  TwinEngine *engine = new_engine (22, 1500);
  TwinWindow *window = twin_test_open_window (engine, NULL, 1024, 768);
  g_autoptr(TwinTestCommandLog) log = twin_test_command_log_new (engine);
  const TwinCommand *applied;

  wait_for_course (window);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.what-if", NULL);
  twin_test_iterate ();
  g_assert_true (gtk_revealer_get_reveal_child (window->whatif_revealer));
  g_assert_true (gtk_widget_has_css_class (window->sidebar, "whatif-editing"));

  /* Ambient and speed together, before applying. */
  gtk_range_set_value (GTK_RANGE (window->ambient_scale), 38);
  gtk_range_set_value (GTK_RANGE (window->rpm_scale), 3000);
  twin_test_wait_until (caption_says, window, 30, "the caption of the branch");
  g_assert_cmpfloat (gtk_spin_button_get_value (window->ambient_spin), ==, 38);
  g_assert_cmpfloat (gtk_spin_button_get_value (window->rpm_spin), ==, 3000);
  g_assert_nonnull (strstr (gtk_label_get_label (window->whatif_caption), " · trips at "));
  g_assert_nonnull (strstr (gtk_label_get_label (window->whatif_caption), " · RUL\u00a0"));
  g_assert_cmpuint (twin_test_command_log_get_count (log), ==, 0);
  g_assert_cmpuint (twin_plot_get_n_futures (window->plot), ==, 2);

  g_signal_emit_by_name (window->whatif_apply_button, "clicked");
  twin_test_iterate ();

  g_assert_cmpuint (twin_test_command_log_get_count (log), ==, 1);
  applied = twin_test_command_log_get (log, 0);
  g_assert_cmpint (applied->source, ==, TWIN_COMMAND_SOURCE_WINDOW);
  g_assert_cmpuint (applied->fields, ==, TWIN_COMMAND_AMBIENT | TWIN_COMMAND_RPM_SETPOINT);
  g_assert_cmpfloat (twin_engine_get_ambient (engine), ==, 38);
  g_assert_cmpfloat (twin_engine_get_rpm_setpoint (engine), ==, 3000);
  g_assert_false (twin_branch_get_active (window->branch));
  g_assert_false (gtk_toggle_button_get_active (window->whatif_button));
  g_assert_cmpfloat (gtk_range_get_value (GTK_RANGE (window->rpm_scale)), ==, 3000);

  twin_test_close_window (window, engine);
}

static void
test_cancel_and_escape_restore (void)
{
  TwinEngine *engine = new_engine (22, 1500);
  TwinWindow *window = twin_test_open_window (engine, NULL, 1024, 768);
  g_autoptr(TwinTestCommandLog) log = twin_test_command_log_new (engine);

  for (guint way = 0; way < 2; way++)
    {
      gtk_widget_activate_action (GTK_WIDGET (window), "win.what-if", NULL);
      twin_test_iterate ();
      g_assert_true (twin_branch_get_active (window->branch));

      gtk_range_set_value (GTK_RANGE (window->ambient_scale), 35);
      gtk_range_set_value (GTK_RANGE (window->rpm_scale), 2700);
      gtk_switch_set_active (window->cooling_switch, TRUE);
      twin_test_iterate ();
      g_assert_cmpuint (twin_branch_get_change (window->branch)->fields, ==,
                        TWIN_COMMAND_AMBIENT | TWIN_COMMAND_RPM_SETPOINT | TWIN_COMMAND_COOLING_DEGRADED);

      if (way == 0)
        g_signal_emit_by_name (window->whatif_cancel_button, "clicked");
      else
        press_keys (window, "Escape");
      twin_test_iterate ();

      g_assert_false (twin_branch_get_active (window->branch));
      g_assert_false (gtk_revealer_get_reveal_child (window->whatif_revealer));
      g_assert_cmpfloat (gtk_range_get_value (GTK_RANGE (window->ambient_scale)), ==, 22);
      g_assert_cmpfloat (gtk_range_get_value (GTK_RANGE (window->rpm_scale)), ==, 1500);
      g_assert_cmpfloat (gtk_spin_button_get_value (window->rpm_spin), ==, 1500);
      g_assert_false (gtk_switch_get_active (window->cooling_switch));
      g_assert_cmpuint (twin_test_command_log_get_count (log), ==, 0);
      g_assert_cmpuint (twin_plot_get_n_futures (window->plot), <=, 1);
    }

  /* Out of what-if mode the sidebar drives the twin again. */
  gtk_range_set_value (GTK_RANGE (window->rpm_scale), 1800);
  twin_test_iterate ();
  g_assert_cmpuint (twin_test_command_log_get_count (log), ==, 1);

  twin_test_close_window (window, engine);
}

/* The horizon dropdown drives the course, the branch and the setting. */
static void
test_horizon_kept_in_settings (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.twinscope.Twinscope");
  TwinEngine *engine = new_engine (22, 1500);
  TwinWindow *window;

  g_settings_set_double (settings, "forecast-horizon", 3600);
  window = twin_test_open_window (engine, settings, 1024, 768);
  g_assert_cmpuint (gtk_drop_down_get_selected (window->horizon_dropdown), ==, 2);
  g_assert_cmpfloat (twin_outlook_get_horizon (window->outlook), ==, 3600);
  g_assert_cmpfloat (twin_branch_get_horizon (window->branch), ==, 3600);

  gtk_drop_down_set_selected (window->horizon_dropdown, 0);
  g_assert_cmpfloat (g_settings_get_double (settings, "forecast-horizon"), ==, 60);
  g_assert_cmpfloat (twin_outlook_get_horizon (window->outlook), ==, 60);
  g_assert_cmpfloat (twin_branch_get_horizon (window->branch), ==, 60);

  twin_test_close_window (window, engine);
  g_settings_reset (settings, "forecast-horizon");
}

/* Light and dark, at 1024 × 768 and larger: the banner's buttons and the
 * caption inside the window, the Ahead readout inside the sidebar. Kept
 * in $TWIN_SCREENSHOT_DIR when it is set, to look at. */
static void
test_screenshots (void)
{
  const struct { const char *name; gboolean dark; int width, height; } cases[] = {
    { "whatif-light-1024.png", FALSE, 1024, 768 },
    { "whatif-dark-1024.png", TRUE, 1024, 768 },
    { "whatif-light-1600.png", FALSE, 1600, 1000 },
    { "whatif-dark-1600.png", TRUE, 1600, 1000 },
  };
  g_autoptr(TwinTestShots) shots = twin_test_shots_new ("twin-whatif-XXXXXX");

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      TwinEngine *engine = new_engine (30, 2000);
      g_autofree char *path = NULL;
      TwinWindow *window;
      GtkWidget *checked[4] = { NULL };
      graphene_rect_t bounds;

      twin_test_shots_set_dark (shots, cases[c].dark);
      window = twin_test_open_window (engine, NULL, cases[c].width, cases[c].height);
      wait_for_course (window);
      gtk_widget_activate_action (GTK_WIDGET (window), "win.what-if", NULL);
      gtk_range_set_value (GTK_RANGE (window->ambient_scale), 38);
      gtk_range_set_value (GTK_RANGE (window->rpm_scale), 3000);
      twin_test_wait_until (caption_says, window, 30, "the caption of the branch");
      twin_test_run_for (0.6);     /* the banner's slide and the branch's ensemble */

      checked[0] = GTK_WIDGET (window->whatif_apply_button);
      checked[1] = GTK_WIDGET (window->whatif_cancel_button);
      checked[2] = GTK_WIDGET (window->whatif_caption);
      for (guint w = 0; checked[w] != NULL; w++)
        {
          g_assert_true (gtk_widget_compute_bounds (checked[w], GTK_WIDGET (window), &bounds));
          g_assert_cmpfloat (bounds.origin.x, >=, 0);
          g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, gtk_widget_get_width (GTK_WIDGET (window)));
          g_assert_cmpfloat (bounds.size.width, >, 0);
        }
      g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (window->readouts->ahead_value), window->sidebar, &bounds));
      g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, gtk_widget_get_width (window->sidebar));

      path = twin_test_shots_take (shots, window, cases[c].name);
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

  g_test_add_func ("/whatif-window/course-drawn-right-of-now", test_course_right_of_now);
  g_test_add_func ("/whatif-window/ahead-readout-says-when", test_ahead_readout);
  g_test_add_func ("/whatif-window/drag-no-iteration-over-16-ms", test_drag_keeps_frames_short);
  g_test_add_func ("/whatif-window/apply-ambient-and-speed-in-one-command", test_apply_is_one_command);
  g_test_add_func ("/whatif-window/cancel-and-escape-restore-no-command", test_cancel_and_escape_restore);
  g_test_add_func ("/whatif-window/horizon-kept-in-settings", test_horizon_kept_in_settings);
  g_test_add_func ("/whatif-window/screenshots-light-dark-fit", test_screenshots);

  return g_test_run ();
}
