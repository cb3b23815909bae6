/* twin-plot-export.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "twin-plot"

#include "config.h"

#include <glib/gi18n.h>

#include "twin-plot-private.h"

#define EXPORT_MIN_SIZE 16
#define EXPORT_MAX_SIZE 16384

G_DEFINE_QUARK (twin-plot-error-quark, twin_plot_error)

/* The plot's callers get GLib's file errors, as from g_file_set_contents(). */
static GFileError
file_error_from_io_error (const GError *error)
{
  static const struct {
    GIOErrorEnum io;
    GFileError   file;
  } codes[] = {
    { G_IO_ERROR_NOT_FOUND,         G_FILE_ERROR_NOENT },
    { G_IO_ERROR_NOT_DIRECTORY,     G_FILE_ERROR_NOTDIR },
    { G_IO_ERROR_IS_DIRECTORY,      G_FILE_ERROR_ISDIR },
    { G_IO_ERROR_PERMISSION_DENIED, G_FILE_ERROR_ACCES },
    { G_IO_ERROR_NO_SPACE,          G_FILE_ERROR_NOSPC },
    { G_IO_ERROR_READ_ONLY,         G_FILE_ERROR_ROFS },
    { G_IO_ERROR_FILENAME_TOO_LONG, G_FILE_ERROR_NAMETOOLONG },
  };

  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    if (g_error_matches (error, G_IO_ERROR, codes[i].io))
      return codes[i].file;

  return G_FILE_ERROR_FAILED;
}

/**
 * twin_plot_draw:
 *
 * Draws the plot as it is on screen, without the hover crosshair, on @cr
 * at @width × @height: what an export writes.
 */
void
twin_plot_draw (TwinPlot *self,
                cairo_t  *cr,
                int       width,
                int       height)
{
  TwinPlotView view;

  g_return_if_fail (TWIN_IS_PLOT (self));
  g_return_if_fail (cr != NULL);

  _twin_plot_fill_view (self, &view);
  twin_plot_render (self->engine ? twin_engine_get_history (self->engine) : NULL,
                    &view, &self->colors, cr, width, height, NULL);
}

/**
 * twin_plot_draw_captioned:
 * @caption: (nullable): a line of text under the plot
 *
 * Draws twin_plot_draw() above @caption, both on the plot's background,
 * in @width × @height.
 */
void
twin_plot_draw_captioned (TwinPlot   *self,
                          cairo_t    *cr,
                          int         width,
                          int         height,
                          const char *caption)
{
  g_autoptr(PangoLayout) layout = NULL;
  int text_width, text_height;
  double margin;

  g_return_if_fail (TWIN_IS_PLOT (self));
  g_return_if_fail (cr != NULL);

  if (caption == NULL)
    {
      twin_plot_draw (self, cr, width, height);
      return;
    }

  layout = pango_cairo_create_layout (cr);
  if (self->font != NULL)
    pango_layout_set_font_description (layout, self->font);
  pango_layout_set_text (layout, caption, -1);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_get_pixel_size (layout, &text_width, &text_height);
  margin = text_height * 0.5;
  pango_layout_set_width (layout, (int) ((width - 2 * margin) * PANGO_SCALE));

  cairo_save (cr);
  gdk_cairo_set_source_rgba (cr, &self->colors.background);
  cairo_paint (cr);
  twin_plot_draw (self, cr, width, (int) (height - text_height - 2 * margin));
  cairo_restore (cr);

  cairo_save (cr);
  gdk_cairo_set_source_rgba (cr, &self->colors.foreground);
  cairo_move_to (cr, margin, height - text_height - margin);
  pango_cairo_show_layout (cr, layout);
  cairo_restore (cr);
}

/**
 * twin_plot_export:
 * @path: the file to write; replaced whole, or left as it was on error
 * @format: PNG, SVG or PDF
 * @width: in pixels (PNG) or points (SVG, PDF), 16 … 16384
 * @height: likewise
 *
 * Writes twin_plot_draw() to @path through twin_export_save_plot(), so
 * nothing half-written is ever left there.
 *
 * Returns: %TRUE on success; otherwise %FALSE with @error naming the path
 */
gboolean
twin_plot_export (TwinPlot        *self,
                  const char      *path,
                  TwinPlotFormat   format,
                  int              width,
                  int              height,
                  GError         **error)
{
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (TWIN_IS_PLOT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (format != TWIN_PLOT_FORMAT_PNG &&
      format != TWIN_PLOT_FORMAT_SVG &&
      format != TWIN_PLOT_FORMAT_PDF)
    {
      g_set_error (error, TWIN_PLOT_ERROR, TWIN_PLOT_ERROR_INVALID_ARGUMENT,
                   _("Cannot export “%s”: format %d is unknown; allowed are PNG, SVG and PDF"),
                   path, (int) format);
      return FALSE;
    }

  if (width < EXPORT_MIN_SIZE || width > EXPORT_MAX_SIZE ||
      height < EXPORT_MIN_SIZE || height > EXPORT_MAX_SIZE)
    {
      gboolean bad_width = width < EXPORT_MIN_SIZE || width > EXPORT_MAX_SIZE;

      g_set_error (error, TWIN_PLOT_ERROR, TWIN_PLOT_ERROR_INVALID_ARGUMENT,
                   _("Cannot export “%s”: %s %d is out of range; allowed is %d … %d"),
                   path, bad_width ? "width" : "height", bad_width ? width : height,
                   EXPORT_MIN_SIZE, EXPORT_MAX_SIZE);
      return FALSE;
    }

  if (path[0] == '\0')
    {
      g_set_error (error, TWIN_PLOT_ERROR, TWIN_PLOT_ERROR_INVALID_ARGUMENT,
                   _("Cannot export: the path is empty"));
      return FALSE;
    }

  if (!twin_export_save_plot (self, format, path, width, height, NULL, &local))
    {
      g_set_error_literal (error, G_FILE_ERROR, file_error_from_io_error (local), local->message);
      return FALSE;
    }

  return TRUE;
}
