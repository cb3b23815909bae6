/* twin-plot-export.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "twin-plot"

#include "config.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "twin-plot-private.h"

#define EXPORT_MIN_SIZE 16
#define EXPORT_MAX_SIZE 16384

typedef struct
{
  int fd;
  int error;
} Writer;

G_DEFINE_QUARK (twin-plot-error-quark, twin_plot_error)

static cairo_status_t
write_cb (void                *closure,
          const unsigned char *data,
          unsigned int         length)
{
  Writer *w = closure;

  while (length > 0 && w->error == 0)
    {
      ssize_t n = write (w->fd, data, length);

      if (n < 0)
        {
          if (errno != EINTR)
            w->error = errno;
          continue;
        }

      data += n;
      length -= (unsigned int) n;
    }

  return w->error == 0 ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

static cairo_status_t
render_to_stream (TwinPlot       *self,
                  TwinPlotFormat  format,
                  int             width,
                  int             height,
                  Writer         *writer)
{
  cairo_surface_t *surface;
  cairo_status_t status;
  TwinPlotView view;
  cairo_t *cr;

  switch (format)
    {
    case TWIN_PLOT_FORMAT_PNG:
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
      break;

    case TWIN_PLOT_FORMAT_SVG:
      surface = cairo_svg_surface_create_for_stream (write_cb, writer, width, height);
      break;

    case TWIN_PLOT_FORMAT_PDF:
      surface = cairo_pdf_surface_create_for_stream (write_cb, writer, width, height);
      break;

    default:
      g_assert_not_reached ();
    }

  _twin_plot_fill_view (self, &view);
  cr = cairo_create (surface);
  twin_plot_render (self->engine ? twin_engine_get_history (self->engine) : NULL,
                    &view, &self->colors, cr, width, height, NULL);
  status = cairo_status (cr);
  cairo_destroy (cr);

  if (status == CAIRO_STATUS_SUCCESS && format == TWIN_PLOT_FORMAT_PNG)
    status = cairo_surface_write_to_png_stream (surface, write_cb, writer);

  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  return status;
}

/**
 * twin_plot_export:
 * @path: the file to write; replaced whole, or left as it was on error
 * @format: PNG, SVG or PDF
 * @width: in pixels (PNG) or points (SVG, PDF), 16 … 16384
 * @height: likewise
 *
 * Draws the plot as it is on screen, without the hover crosshair, into a
 * temporary file next to @path, then renames it over @path, so nothing
 * half-written is ever left there.
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
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp_name = NULL;
  g_autofree char *tmp_path = NULL;
  cairo_status_t status;
  Writer writer = { -1, 0 };

  g_return_val_if_fail (TWIN_IS_PLOT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (format != TWIN_PLOT_FORMAT_PNG &&
      format != TWIN_PLOT_FORMAT_SVG &&
      format != TWIN_PLOT_FORMAT_PDF)
    {
      g_set_error (error, TWIN_PLOT_ERROR, TWIN_PLOT_ERROR_INVALID_ARGUMENT,
                   "Cannot export “%s”: format %d is unknown; allowed are PNG, SVG and PDF",
                   path, (int) format);
      return FALSE;
    }

  if (width < EXPORT_MIN_SIZE || width > EXPORT_MAX_SIZE ||
      height < EXPORT_MIN_SIZE || height > EXPORT_MAX_SIZE)
    {
      gboolean bad_width = width < EXPORT_MIN_SIZE || width > EXPORT_MAX_SIZE;

      g_set_error (error, TWIN_PLOT_ERROR, TWIN_PLOT_ERROR_INVALID_ARGUMENT,
                   "Cannot export “%s”: %s %d is out of range; allowed is %d … %d",
                   path, bad_width ? "width" : "height", bad_width ? width : height,
                   EXPORT_MIN_SIZE, EXPORT_MAX_SIZE);
      return FALSE;
    }

  if (path[0] == '\0')
    {
      g_set_error (error, TWIN_PLOT_ERROR, TWIN_PLOT_ERROR_INVALID_ARGUMENT,
                   "Cannot export: the path is empty");
      return FALSE;
    }

  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  tmp_name = g_strdup_printf (".%s.XXXXXX", base);
  tmp_path = g_build_filename (dir, tmp_name, NULL);

  writer.fd = g_mkstemp_full (tmp_path, O_WRONLY | O_CLOEXEC, 0666);
  if (writer.fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "Cannot export “%s”: cannot create a file in “%s”: %s",
                   path, dir, g_strerror (saved));
      return FALSE;
    }

  status = render_to_stream (self, format, width, height, &writer);

  if (writer.error == 0 && status == CAIRO_STATUS_SUCCESS && fsync (writer.fd) != 0)
    writer.error = errno;
  if (close (writer.fd) != 0 && writer.error == 0)
    writer.error = errno;

  if (writer.error != 0 || status != CAIRO_STATUS_SUCCESS)
    {
      if (writer.error != 0)
        g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (writer.error),
                     "Cannot export “%s”: %s", path, g_strerror (writer.error));
      else
        g_set_error (error, TWIN_PLOT_ERROR, TWIN_PLOT_ERROR_FAILED,
                     "Cannot export “%s”: %s", path, cairo_status_to_string (status));
      g_unlink (tmp_path);
      return FALSE;
    }

  if (g_rename (tmp_path, path) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "Cannot export “%s”: %s", path, g_strerror (saved));
      g_unlink (tmp_path);
      return FALSE;
    }

  return TRUE;
}
