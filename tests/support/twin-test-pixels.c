/* twin-test-pixels.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <math.h>

#include "twin-test-pixels.h"

/* The colour at (x, y), which must be on @surface, in 0 … 1. */
void
twin_test_get_pixel (cairo_surface_t *surface,
                     int              x,
                     int              y,
                     double          *r,
                     double          *g,
                     double          *b)
{
  const unsigned char *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint32 px;

  g_assert_cmpint (x, >=, 0);
  g_assert_cmpint (y, >=, 0);
  g_assert_cmpint (x, <, cairo_image_surface_get_width (surface));
  g_assert_cmpint (y, <, cairo_image_surface_get_height (surface));

  cairo_surface_flush (surface);
  px = *(const guint32 *) (data + (gsize) y * stride + (gsize) x * 4);
  *r = ((px >> 16) & 0xff) / 255.0;
  *g = ((px >> 8) & 0xff) / 255.0;
  *b = (px & 0xff) / 255.0;
}

/* Whether the pixel at (x, y) is @color, each channel within @tolerance. */
gboolean
twin_test_pixel_is (cairo_surface_t *surface,
                    int              x,
                    int              y,
                    const GdkRGBA   *color,
                    double           tolerance)
{
  double r, g, b;

  twin_test_get_pixel (surface, x, y, &r, &g, &b);
  return fabs (r - color->red) <= tolerance &&
         fabs (g - color->green) <= tolerance &&
         fabs (b - color->blue) <= tolerance;
}

/* Whether a pixel of @color is within @slack rows of (x, y).  A 1.5-px line
 * covers at least three quarters of some pixel, so that pixel is within a
 * quarter of the way from the line's colour to what is under it. */
gboolean
twin_test_color_near (cairo_surface_t *surface,
                      int              x,
                      int              y,
                      int              slack,
                      const GdkRGBA   *color)
{
  for (int dy = -slack; dy <= slack; dy++)
    if (twin_test_pixel_is (surface, x, y + dy, color, 0.26))
      return TRUE;

  return FALSE;
}

/* The pixels of @color, within 0.02 per channel, on the whole surface. */
guint
twin_test_count_color (cairo_surface_t *surface,
                       const GdkRGBA   *color)
{
  guint n = 0;

  for (int y = 0; y < cairo_image_surface_get_height (surface); y++)
    for (int x = 0; x < cairo_image_surface_get_width (surface); x++)
      n += twin_test_pixel_is (surface, x, y, color, 0.02);

  return n;
}

/**
 * twin_test_render_widget:
 *
 * Renders @widget, shown in a window, as it draws now, with its window's
 * renderer.
 *
 * Returns: (transfer full): an ARGB32 surface of the widget's size
 */
cairo_surface_t *
twin_test_render_widget (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);

  g_assert_nonnull (renderer);
  g_assert_cmpint (width, >, 0);
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  cairo_surface_flush (surface);
  gdk_texture_download (texture, cairo_image_surface_get_data (surface), cairo_image_surface_get_stride (surface));
  cairo_surface_mark_dirty (surface);

  return surface;
}
