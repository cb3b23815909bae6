/* bench-whatif-preview.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Preview frames per second while the speed slider is dragged in what-if
 * mode: the real window (run it under Xvfb) at 1024×768, the slider moved
 * at 60 Hz for a few seconds, and every frame the plot draws with a newer
 * forecast of the branch than the frame before counted; with the horizon
 * at 10 min, then at 24 h (long steps). The target is 30 a second; the
 * ratio to it is printed in the same run.
 */

#include <adwaita.h>

#include "twin-gui.h"
#include "twin-window-private.h"

#define DRAG_S    4.0
#define MOVE_MS   16
#define TARGET_FPS 30.0

typedef struct
{
  TwinWindow *window;
  guint       moves;
  guint       shown;     /* the branch forecasts count at the last frame */
  guint       previews;  /* frames with a newer forecast than the one before */
  guint       frames;
} Drag;

static gboolean
move_cb (gpointer data)
{
  Drag *d = data;

  /* Back and forth over 1000 … 3500 rpm, as a hand would. */
  d->moves++;
  gtk_range_set_value (GTK_RANGE (d->window->rpm_scale), 1000 + (d->moves * 20) % 2500);
  return G_SOURCE_CONTINUE;
}

static gboolean
frame_cb (GtkWidget     *widget,
          GdkFrameClock *clock,
          gpointer       data)
{
  Drag *d = data;
  guint results = twin_branch_get_n_results (d->window->branch);

  d->frames++;
  if (results != d->shown)
    {
      d->previews++;
      d->shown = results;
    }
  return G_SOURCE_CONTINUE;
}

static void
run_for (double seconds)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
}

/* Drags for DRAG_S with the horizon at dropdown entry @horizon_entry. */
static double
measure (TwinWindow *window,
         guint       horizon_entry,
         const char *name)
{
  Drag d = { .window = window };
  guint move, tick;
  gint64 t0, t1;
  double seconds, fps;

  gtk_drop_down_set_selected (window->horizon_dropdown, horizon_entry);
  run_for (1.0);

  tick = gtk_widget_add_tick_callback (GTK_WIDGET (window->plot), frame_cb, &d, NULL);
  d.shown = twin_branch_get_n_results (window->branch);
  t0 = g_get_monotonic_time ();
  move = g_timeout_add (MOVE_MS, move_cb, &d);
  run_for (DRAG_S);
  g_source_remove (move);
  t1 = g_get_monotonic_time ();
  gtk_widget_remove_tick_callback (GTK_WIDGET (window->plot), tick);

  seconds = (t1 - t0) * 1e-6;
  fps = d.previews / seconds;
  g_print ("%-30s %5.1f /s  (%u previews in %u frames, %u slider moves, %.1f s; %.2f x the target)\n",
           name, fps, d.previews, d.frames, d.moves, seconds, fps / TARGET_FPS);
  return fps;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(TwinEngine) engine = NULL;
  TwinWindow *window;
  double fps;

  gtk_init ();
  adw_init ();
  twin_gui_init ();

  engine = twin_engine_new_full (100000, 0.1);
  twin_engine_advance (engine, 60);
  window = g_object_ref_sink (twin_window_new (NULL, engine, NULL));
  gtk_window_set_default_size (GTK_WINDOW (window), 1024, 768);
  gtk_window_present (GTK_WINDOW (window));
  twin_engine_start (engine);
  run_for (1.0);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.what-if", NULL);
  run_for (0.5);

  g_print ("What-if preview while dragging, window 1024x768, renderer %s (target >= %.0f/s)\n",
           g_getenv ("GSK_RENDERER") ? g_getenv ("GSK_RENDERER") : "default", TARGET_FPS);
  fps = measure (window, 1, "preview frames, 10 min ahead");
  measure (window, 4, "preview frames, 24 h ahead");

  twin_engine_stop (engine);
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
  run_for (0.2);

  return fps >= TARGET_FPS ? 0 : 1;
}
