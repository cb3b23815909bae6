/* twin-export.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "twin-export"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "twin-csv.h"
#include "twin-export.h"

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

static gboolean
write_to (TwinEngine        *engine,
          TwinPlot          *plot,
          TwinExportFormat   format,
          const char        *path,
          int                width,
          int                height,
          GError           **error)
{
  switch (format)
    {
    case TWIN_EXPORT_CSV:
      return twin_csv_save_history (twin_engine_get_history (engine), path, error);
    case TWIN_EXPORT_PNG:
      return twin_plot_export (plot, path, TWIN_PLOT_FORMAT_PNG, width, height, error);
    case TWIN_EXPORT_SVG:
      return twin_plot_export (plot, path, TWIN_PLOT_FORMAT_SVG, width, height, error);
    case TWIN_EXPORT_PDF:
      return twin_plot_export (plot, path, TWIN_PLOT_FORMAT_PDF, width, height, error);
    default:
      g_assert_not_reached ();
    }
}

static gboolean
sync_file (const char  *path,
           GError     **error)
{
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  int saved;

  if (fd < 0 || fsync (fd) != 0)
    {
      saved = errno;
      if (fd >= 0)
        close (fd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "Could not write “%s”: %s", path, g_strerror (saved));
      return FALSE;
    }

  close (fd);
  return TRUE;
}

/**
 * twin_export_to_file:
 * @plot: (nullable): the plot to draw, for the image formats
 * @width: image width in px (points for PDF), 200 to 8000
 * @height: image height, likewise
 *
 * Writes the history as CSV, or the plot as it is shown now as PNG, SVG or
 * PDF. The output goes to a temporary file beside @path that is renamed
 * over it only once complete, so a failure (no space left, no permission)
 * never leaves a half-written file, nor harms one that was there.
 */
gboolean
twin_export_to_file (TwinEngine        *engine,
                     TwinPlot          *plot,
                     TwinExportFormat   format,
                     const char        *path,
                     int                width,
                     int                height,
                     GError           **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp = NULL;
  mode_t mask;
  int fd;

  g_return_val_if_fail (TWIN_IS_ENGINE (engine), FALSE);
  g_return_val_if_fail (format == TWIN_EXPORT_CSV || TWIN_IS_PLOT (plot), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (format != TWIN_EXPORT_CSV &&
      (width < TWIN_EXPORT_SIZE_MIN || width > TWIN_EXPORT_SIZE_MAX ||
       height < TWIN_EXPORT_SIZE_MIN || height > TWIN_EXPORT_SIZE_MAX))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "size: %d × %d px is out of range; allowed: %d to %d px each way",
                   width, height, TWIN_EXPORT_SIZE_MIN, TWIN_EXPORT_SIZE_MAX);
      return FALSE;
    }

  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  tmp = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);

  fd = g_mkstemp_full (tmp, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "Could not write “%s”: %s", path, g_strerror (saved));
      return FALSE;
    }
  close (fd);

  if (!write_to (engine, plot, format, tmp, width, height, error) ||
      !sync_file (tmp, error))
    {
      g_unlink (tmp);
      return FALSE;
    }

  /* mkstemp made it private; give it the permissions a new file gets. */
  mask = umask (0);
  umask (mask);
  g_chmod (tmp, 0666 & ~mask);

  if (g_rename (tmp, path) != 0)
    {
      int saved = errno;

      g_unlink (tmp);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "Could not write “%s”: %s", path, g_strerror (saved));
      return FALSE;
    }

  return TRUE;
}
