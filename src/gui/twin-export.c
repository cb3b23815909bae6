/* twin-export.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "twin-export"

#include "config.h"

#include <glib/gi18n.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>

#include "twin-csv.h"
#include "twin-file.h"
#include "twin-export.h"
#include "twin-plot.h"

typedef struct
{
  TwinExportFormat    format;
  int                 width;
  int                 height;
  TwinPlot           *plot;
  GOutputStream      *stream;
  GError             *error;     /* the first write that failed */
} Image;

const char *
twin_export_format_get_extension (TwinExportFormat format)
{
  switch (format)
    {
    case TWIN_EXPORT_CSV: return "csv";
    case TWIN_EXPORT_PNG: return "png";
    case TWIN_EXPORT_SVG: return "svg";
    case TWIN_EXPORT_PDF: return "pdf";
    default: g_return_val_if_reached (NULL);
    }
}

const char *
twin_export_format_get_mime_type (TwinExportFormat format)
{
  switch (format)
    {
    case TWIN_EXPORT_CSV: return "text/csv";
    case TWIN_EXPORT_PNG: return "image/png";
    case TWIN_EXPORT_SVG: return "image/svg+xml";
    case TWIN_EXPORT_PDF: return "application/pdf";
    default: g_return_val_if_reached (NULL);
    }
}

static cairo_status_t
stream_write_cb (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  Image *image = closure;

  if (image->error != NULL ||
      !g_output_stream_write_all (image->stream, data, length, NULL, NULL, &image->error))
    return CAIRO_STATUS_WRITE_ERROR;

  return CAIRO_STATUS_SUCCESS;
}

static gboolean
write_image (GOutputStream  *stream,
             gpointer        user_data,
             GError        **error)
{
  Image *image = user_data;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  image->stream = stream;

  switch (image->format)
    {
    case TWIN_EXPORT_PNG:
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, image->width, image->height);
      break;

    case TWIN_EXPORT_SVG:
      surface = cairo_svg_surface_create_for_stream (stream_write_cb, image, image->width, image->height);
      break;

    case TWIN_EXPORT_PDF:
      surface = cairo_pdf_surface_create_for_stream (stream_write_cb, image, image->width, image->height);
      break;

    case TWIN_EXPORT_CSV:
    default:
      g_assert_not_reached ();
    }

  cr = cairo_create (surface);
  twin_plot_draw (image->plot, cr, image->width, image->height);
  status = cairo_status (cr);
  cairo_destroy (cr);

  if (status == CAIRO_STATUS_SUCCESS && image->format == TWIN_EXPORT_PNG)
    status = cairo_surface_write_to_png_stream (surface, stream_write_cb, image);

  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (image->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&image->error));
      return FALSE;
    }
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", cairo_status_to_string (status));
      return FALSE;
    }

  return TRUE;
}

/**
 * twin_export_save_plot:
 *
 * Writes the plot as twin_plot_draw() draws it to @path as a PNG, SVG or
 * PDF image of @width × @height (pixels, or points for SVG and PDF),
 * through twin_file_replace(): the vector surfaces write into the
 * file's stream as the plot draws.
 */
gboolean
twin_export_save_plot (TwinPlot          *plot,
                       TwinExportFormat   format,
                       const char        *path,
                       int                width,
                       int                height,
                       GError           **error)
{
  Image image = { format, width, height, plot, NULL, NULL };

  g_return_val_if_fail (TWIN_IS_PLOT (plot), FALSE);
  g_return_val_if_fail (format == TWIN_EXPORT_PNG || format == TWIN_EXPORT_SVG ||
                        format == TWIN_EXPORT_PDF, FALSE);
  g_return_val_if_fail (width > 0 && height > 0, FALSE);

  return twin_file_replace (path, write_image, &image, error);
}

/**
 * twin_export_to_file:
 * @log: the engine's log, for CSV
 * @plot: (nullable): the plot to draw, for the image formats, and whose
 *   visible range a CSV may keep to
 * @width: image width in px (points for SVG and PDF), within
 *   %TWIN_EXPORT_SIZE_MIN … %TWIN_EXPORT_SIZE_MAX
 * @height: image height, likewise
 * @visible_only: for CSV, only the samples in the plot's visible range
 *
 * Writes the history as CSV, or the plot as it is shown now as PNG, SVG or
 * PDF.
 */
gboolean
twin_export_to_file (const TwinCsvLog  *log,
                     TwinPlot          *plot,
                     TwinExportFormat   format,
                     const char        *path,
                     int                width,
                     int                height,
                     gboolean           visible_only,
                     GError           **error)
{
  g_return_val_if_fail (log != NULL, FALSE);
  g_return_val_if_fail (!visible_only || TWIN_IS_PLOT (plot), FALSE);
  g_return_val_if_fail (format == TWIN_EXPORT_CSV || TWIN_IS_PLOT (plot), FALSE);
  g_return_val_if_fail (format <= TWIN_EXPORT_PDF, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (format == TWIN_EXPORT_CSV)
    {
      double t0 = TWIN_CSV_ALL_T0, t1 = TWIN_CSV_ALL_T1;

      if (visible_only)
        twin_plot_get_view (plot, &t0, &t1);
      return twin_csv_save (log, t0, t1, path, error);
    }

  if (width < TWIN_EXPORT_SIZE_MIN || width > TWIN_EXPORT_SIZE_MAX ||
      height < TWIN_EXPORT_SIZE_MIN || height > TWIN_EXPORT_SIZE_MAX)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("size: %d × %d px is out of range; allowed: %d to %d px each way"),
                   width, height, TWIN_EXPORT_SIZE_MIN, TWIN_EXPORT_SIZE_MAX);
      return FALSE;
    }

  return twin_export_save_plot (plot, format, path, width, height, error);
}
