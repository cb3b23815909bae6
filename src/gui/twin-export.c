/* twin-export.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "twin-export"

#include "config.h"

#include <glib/gi18n.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <gtk/gtk.h>
#include <math.h>
#include <string.h>

#include "twin-csv.h"
#include "twin-file.h"
#include "twin-export.h"
#include "twin-format.h"
#include "twin-plot.h"

typedef struct
{
  TwinExportFormat    format;
  int                 width;
  int                 height;
  TwinPlot           *plot;
  const char         *caption;
  GOutputStream      *stream;
  GError             *error;     /* the first write that failed */
  GString            *svg_head;  /* an SVG's start, until its caption is in */
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

/* Cairo draws text as glyph outlines: an SVG's caption is also its
 * <title>, right after the <svg> tag, so that it can be read and searched. */
static gboolean
write_svg_title (Image   *image,
                 GError **error)
{
  const char *svg = strstr (image->svg_head->str, "<svg");
  const char *end = svg ? strchr (svg, '>') : NULL;
  g_autofree char *title = NULL;
  gsize head;

  if (end == NULL)
    return TRUE;

  head = (gsize) (end + 1 - image->svg_head->str);
  title = g_markup_printf_escaped ("\n<title>%s</title>", image->caption);
  g_string_insert (image->svg_head, (gssize) head, title);
  if (!g_output_stream_write_all (image->stream, image->svg_head->str, image->svg_head->len, NULL, NULL, error))
    return FALSE;
  g_string_free (g_steal_pointer (&image->svg_head), TRUE);

  return TRUE;
}

static cairo_status_t
stream_write_cb (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  Image *image = closure;

  if (image->error != NULL)
    return CAIRO_STATUS_WRITE_ERROR;

  if (image->svg_head != NULL)
    {
      g_string_append_len (image->svg_head, (const char *) data, length);
      return write_svg_title (image, &image->error) ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
    }

  if (!g_output_stream_write_all (image->stream, data, length, NULL, NULL, &image->error))
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
      if (image->caption != NULL)
        image->svg_head = g_string_new (NULL);
      surface = cairo_svg_surface_create_for_stream (stream_write_cb, image, image->width, image->height);
      break;

    case TWIN_EXPORT_PDF:
      surface = cairo_pdf_surface_create_for_stream (stream_write_cb, image, image->width, image->height);
      if (image->caption != NULL)
        cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, image->caption);
      break;

    case TWIN_EXPORT_CSV:
    default:
      g_assert_not_reached ();
    }

  cr = cairo_create (surface);
  twin_plot_draw_captioned (image->plot, cr, image->width, image->height, image->caption);
  status = cairo_status (cr);
  cairo_destroy (cr);

  if (status == CAIRO_STATUS_SUCCESS && image->format == TWIN_EXPORT_PNG)
    status = cairo_surface_write_to_png_stream (surface, stream_write_cb, image);

  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (image->svg_head != NULL && image->error == NULL)
    g_output_stream_write_all (stream, image->svg_head->str, image->svg_head->len, NULL, NULL, &image->error);
  if (image->svg_head != NULL)
    g_string_free (g_steal_pointer (&image->svg_head), TRUE);

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
 * file's stream as the plot draws. A @caption goes under the plot.
 */
gboolean
twin_export_save_plot (TwinPlot          *plot,
                       TwinExportFormat   format,
                       const char        *path,
                       int                width,
                       int                height,
                       const char        *caption,
                       GError           **error)
{
  Image image = { format, width, height, plot, caption, NULL, NULL, NULL };

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
  g_autofree char *caption = NULL;

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

  caption = twin_export_caption (twin_csv_log_get_engine (log), plot);
  return twin_export_save_plot (plot, format, path, width, height, caption, error);
}

/**
 * twin_export_caption:
 *
 * Returns: what an exported image says under the plot: the model, the
 *   inputs, the faults, the time range shown and the date
 */
char *
twin_export_caption (TwinEngine *engine,
                     TwinPlot   *plot)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d %H:%M");
  g_autofree char *ambient = NULL;
  g_autofree char *setpoint = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autoptr(GString) faults = g_string_new (NULL);
  TwinSnapshot s;
  double t0, t1;

  g_return_val_if_fail (TWIN_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (TWIN_IS_PLOT (plot), NULL);

  twin_engine_get_snapshot (engine, &s);
  twin_plot_get_view (plot, &t0, &t1);
  ambient = twin_format_input (TWIN_INPUT_AMBIENT, s.ambient);
  setpoint = twin_format_input (TWIN_INPUT_RPM_SETPOINT, s.rpm_setpoint);
  from = twin_format_clock (MAX (t0, 0));
  to = twin_format_clock (MAX (t1, 0));

  if (s.cooling_degraded)
    g_string_append (faults, _("cooling degraded"));
  if (s.bearing_defect)
    g_string_append_printf (faults, "%s%s", faults->len ? ", " : "", _("bearing defect"));
  if (faults->len == 0)
    g_string_append (faults, _("none"));

  /* Translators: model, ambient, setpoint, faults, time range, date */
  return g_strdup_printf (_("%s · ambient %s · setpoint %s · faults: %s · %s to %s · %s"),
                          s.model, ambient, setpoint, faults->str, from, to, date);
}

/**
 * twin_export_pdf_page:
 * @paper: (nullable): a GtkPaperSize name, or %NULL for the locale's
 *   (LC_PAPER): A4 in most of the world, Letter in the Americas
 *
 * The size of a landscape PDF page of that paper, in points.
 */
void
twin_export_pdf_page (const char *paper,
                      int        *width,
                      int        *height)
{
  g_autoptr(GtkPaperSize) size = gtk_paper_size_new (paper);
  double a = gtk_paper_size_get_width (size, GTK_UNIT_POINTS);
  double b = gtk_paper_size_get_height (size, GTK_UNIT_POINTS);

  g_return_if_fail (width != NULL && height != NULL);

  *width = (int) round (MAX (a, b));
  *height = (int) round (MIN (a, b));
}
