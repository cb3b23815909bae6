/* twin-window-layout.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window's geometry, kept in GSettings: its size, whether it is
 * maximized, and the sidebar's width and whether it is shown.
 */

#define G_LOG_DOMAIN "twin-window-layout"

#include "config.h"

#include "twin-window-private.h"

/* As in the schema's range for sidebar-width. */
#define SIDEBAR_WIDTH_MIN 280
#define SIDEBAR_WIDTH_MAX 560

static void
flap_reveal_cb (TwinWindow *self,
                GParamSpec *pspec,
                AdwFlap    *flap)
{
  g_assert (TWIN_IS_WINDOW (self));

  /* A flap hidden because the window is narrow is not the user's choice. */
  if (self->settings != NULL && !adw_flap_get_folded (flap))
    g_settings_set_boolean (self->settings, "sidebar-revealed", adw_flap_get_reveal_flap (flap));
}

static void
pane_drag_begin_cb (TwinWindow     *self,
                    double          x,
                    double          y,
                    GtkGestureDrag *gesture)
{
  g_assert (TWIN_IS_WINDOW (self));

  self->drag_start_width = gtk_widget_get_width (self->sidebar);
}

/* The sidebar's width is the pane position: dragging the line between
 * sidebar and plot sets it, within the range the schema allows. */
static void
pane_drag_update_cb (TwinWindow     *self,
                     double          dx,
                     double          dy,
                     GtkGestureDrag *gesture)
{
  int width = CLAMP (self->drag_start_width + (int)dx, SIDEBAR_WIDTH_MIN, SIDEBAR_WIDTH_MAX);

  g_assert (TWIN_IS_WINDOW (self));

  if (self->settings != NULL)
    g_settings_set_int (self->settings, "sidebar-width", width);
  else
    gtk_widget_set_size_request (self->sidebar, width, -1);
}

static void
sidebar_width_changed_cb (TwinWindow *self,
                          const char *key,
                          GSettings  *settings)
{
  g_assert (TWIN_IS_WINDOW (self));

  gtk_widget_set_size_request (self->sidebar, g_settings_get_int (settings, "sidebar-width"), -1);
}

void
_twin_window_class_layout_init (TwinWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_bind_template_callback (widget_class, flap_reveal_cb);
  gtk_widget_class_bind_template_callback (widget_class, pane_drag_begin_cb);
  gtk_widget_class_bind_template_callback (widget_class, pane_drag_update_cb);
}

/**
 * _twin_window_layout_restore:
 *
 * Gives the window the size and the sidebar the width they had last, and
 * follows the sidebar width the preferences set.
 */
void
_twin_window_layout_restore (TwinWindow *self)
{
  g_assert (TWIN_IS_WINDOW (self));

  if (self->settings == NULL)
    return;

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
  adw_flap_set_reveal_flap (self->flap, g_settings_get_boolean (self->settings, "sidebar-revealed"));
  sidebar_width_changed_cb (self, "sidebar-width", self->settings);
  g_signal_connect_object (self->settings, "changed::sidebar-width",
                           G_CALLBACK (sidebar_width_changed_cb), self, G_CONNECT_SWAPPED);
}

void
_twin_window_layout_save (TwinWindow *self)
{
  int width, height;

  g_assert (TWIN_IS_WINDOW (self));

  if (self->settings == NULL)
    return;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (GTK_WINDOW (self)));
  if (!gtk_window_is_maximized (GTK_WINDOW (self)) && width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", CLAMP (width, 360, 32767));
      g_settings_set_int (self->settings, "window-height", CLAMP (height, 294, 32767));
    }
}
