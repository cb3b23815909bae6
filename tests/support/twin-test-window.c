/* twin-test-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <adwaita.h>
#include <glib/gstdio.h>

#include "twin-plot-private.h"
#include "twin-test-wait.h"
#include "twin-test-window.h"
#include "twin-window-private.h"

/* Xvfb maps and draws at once; a loaded machine takes its time. */
#define WINDOW_TIMEOUT_S 10.0

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

/**
 * twin_test_present_window:
 * @plot: (nullable): a plot in @window, to wait for its first frame
 *
 * Presents @window and runs the main context until it is mapped (and
 * @plot drawn), then until nothing more is ready.
 */
void
twin_test_present_window (GtkWindow *window,
                          TwinPlot  *plot)
{
  gtk_window_present (window);
  twin_test_wait_until (is_mapped, window, WINDOW_TIMEOUT_S, "the window to be mapped");
  if (plot != NULL)
    twin_test_wait_for_draws (plot, 1);
  twin_test_iterate ();
}

/**
 * twin_test_open_window:
 * @settings: (nullable): the window's settings, if any
 * @width: the window's width, or 0 for its default
 *
 * Returns: (transfer full): a Twinscope window on @engine, presented and
 *   drawn once
 */
TwinWindow *
twin_test_open_window (TwinEngine *engine,
                       GSettings  *settings,
                       int         width,
                       int         height)
{
  TwinWindow *window = g_object_ref_sink (twin_window_new (NULL, engine, settings));

  if (width > 0)
    gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  twin_test_present_window (GTK_WINDOW (window), window->plot);

  return window;
}

/* Destroys @window; it and @engine must be gone with their last reference. */
void
twin_test_close_window (TwinWindow *window,
                        TwinEngine *engine)
{
  gtk_window_destroy (GTK_WINDOW (window));
  twin_test_iterate ();
  g_assert_finalize_object (window);
  g_assert_finalize_object (engine);
}

typedef struct
{
  TwinPlot *plot;
  guint     n_draws;
} DrawWait;

static gboolean
drawn (gpointer data)
{
  DrawWait *w = data;

  return twin_plot_get_n_draws (w->plot) >= w->n_draws;
}

/* Runs the main context until @plot was drawn @n_draws times in all. */
void
twin_test_wait_for_draws (TwinPlot *plot,
                          guint     n_draws)
{
  DrawWait w = { plot, n_draws };

  twin_test_wait_until (drawn, &w, WINDOW_TIMEOUT_S / 2, "the plot's draw %u", n_draws);
}

/**
 * twin_test_settle_plot:
 *
 * Runs the main context until @plot has not been drawn for @quiet_s (or
 * 5 s pass), so that a frame still due from an earlier change, late on a
 * loaded machine, is not counted against what a test does next.
 *
 * Returns: the draw count
 */
guint
twin_test_settle_plot (TwinPlot *plot,
                       double    quiet_s)
{
  gint64 give_up = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  guint n = twin_plot_get_n_draws (plot);

  while (g_get_monotonic_time () < give_up)
    {
      twin_test_run_for (quiet_s);
      if (twin_plot_get_n_draws (plot) == n)
        break;
      n = twin_plot_get_n_draws (plot);
    }

  return n;
}

struct _TwinTestShots
{
  char           *dir;
  gboolean        keep;
  GtkCssProvider *css;
};

/**
 * twin_test_shots_new:
 * @tmp_template: the temporary folder's name, as g_dir_make_tmp() takes it
 *
 * Loads the window's own style sheet, as the application does.
 */
TwinTestShots *
twin_test_shots_new (const char *tmp_template)
{
  TwinTestShots *self = g_new0 (TwinTestShots, 1);
  const char *keep = g_getenv ("TWIN_SCREENSHOT_DIR");

  self->keep = keep != NULL;
  self->dir = keep ? g_strdup (keep) : g_dir_make_tmp (tmp_template, NULL);
  g_assert_nonnull (self->dir);
  self->css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (self->css, "/io/github/twinscope/Twinscope/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (self->css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  return self;
}

/* Light or dark for the windows opened from now on. */
void
twin_test_shots_set_dark (TwinTestShots *self,
                          gboolean       dark)
{
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
}

/**
 * twin_test_shots_take:
 *
 * Returns: (transfer full): the path of @window's screenshot, @name in
 *   the folder; give it to twin_test_shots_done() once read
 */
static void
after_paint_cb (GdkFrameClock *clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

/* A whole frame, layout included, after whatever the test changed last:
 * a widget the test made or showed has its allocation before it is
 * drawn into the screenshot. */
static void
wait_for_frame (TwinWindow *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  gboolean painted = FALSE;
  gulong id;

  g_assert_nonnull (clock);
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);
  gtk_widget_queue_draw (GTK_WIDGET (window));
  twin_test_wait_until (twin_test_flag_is_set, &painted, 30, "a frame of the window");
  g_signal_handler_disconnect (clock, id);
}

char *
twin_test_shots_take (TwinTestShots *self,
                      TwinWindow    *window,
                      const char    *name)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (self->dir, name, NULL);

  wait_for_frame (window);

  g_assert_true (twin_window_save_screenshot (window, path, &error));
  g_assert_no_error (error);
  return path;
}

void
twin_test_shots_done (TwinTestShots *self,
                      const char    *path)
{
  if (!self->keep)
    g_unlink (path);
}

void
twin_test_shots_free (TwinTestShots *self)
{
  if (self == NULL)
    return;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  gtk_style_context_remove_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (self->css));
  g_object_unref (self->css);
  if (!self->keep)
    g_rmdir (self->dir);
  g_free (self->dir);
  g_free (self);
}
