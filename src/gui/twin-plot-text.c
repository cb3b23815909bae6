/* twin-plot-text.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "twin-plot"

#include "config.h"

#include <math.h>
#include <pango/pangocairo.h>

#include "twin-plot-private.h"

#define TEXT_CACHE_SIZE 512

struct _TwinPlotTextCache
{
  PangoContext         *context;
  PangoFontDescription *font;
  GHashTable           *layouts;   /* text → PangoLayout */
};

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

/* The texts laid out since the cache last emptied: what the plot has
 * written, for the tests of its wording. */
GStrv
twin_plot_text_cache_dup_texts (TwinPlotTextCache *self)
{
  g_autofree char **keys = (char **) g_hash_table_get_keys_as_array (self->layouts, NULL);

  return g_strdupv (keys);
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
void
_twin_plot_draw_text (TwinPlotPainter *p,
                      const char      *text,
                      double           x,
                      double           y,
                      double           xalign,
                      double           yalign)
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

double
_twin_plot_text_width (TwinPlotPainter *p,
                       const char      *text)
{
  int w;

  pango_layout_get_pixel_size (text_cache_lookup (p->cache, text), &w, NULL);

  return w;
}


void
_twin_plot_painter_init (TwinPlotPainter     *p,
                         const TwinPlotScene *scene,
                         cairo_t             *cr,
                         double               x0,
                         double               x1)
{
  p->own_cache = NULL;
  if (scene->view.text_cache == NULL)
    p->own_cache = twin_plot_text_cache_new ();

  p->cr = cr;
  p->cache = scene->view.text_cache ? scene->view.text_cache : p->own_cache;
  p->line_height = _twin_plot_line_height (scene->font);
  p->x0 = x0;
  p->x1 = x1;
  text_cache_prepare (p->cache, cr, scene->font);
}

void
_twin_plot_painter_clear (TwinPlotPainter *p)
{
  g_clear_pointer (&p->own_cache, twin_plot_text_cache_free);
}
