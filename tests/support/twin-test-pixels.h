/* twin-test-pixels.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pixel checks on ARGB32 image surfaces: drawings and screenshots.
 */

#pragma once

#include <cairo.h>
#include <gtk/gtk.h>

G_BEGIN_DECLS

void     twin_test_get_pixel   (cairo_surface_t *surface,
                                int              x,
                                int              y,
                                double          *r,
                                double          *g,
                                double          *b);
gboolean twin_test_pixel_is    (cairo_surface_t *surface,
                                int              x,
                                int              y,
                                const GdkRGBA   *color,
                                double           tolerance);
gboolean twin_test_color_near  (cairo_surface_t *surface,
                                int              x,
                                int              y,
                                int              slack,
                                const GdkRGBA   *color);
guint    twin_test_count_color (cairo_surface_t *surface,
                                const GdkRGBA   *color);
cairo_surface_t *
         twin_test_render_widget (GtkWidget     *widget);

G_END_DECLS
