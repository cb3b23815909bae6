/* twin-export.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "twin-csv-log.h"
#include "twin-engine.h"

G_BEGIN_DECLS

typedef struct _TwinPlot TwinPlot;

typedef enum
{
  TWIN_EXPORT_CSV,
  TWIN_EXPORT_PNG,
  TWIN_EXPORT_SVG,
  TWIN_EXPORT_PDF,
} TwinExportFormat;

/* What the window offers for an image, in px (points for SVG and PDF). */
#define TWIN_EXPORT_SIZE_MIN 200
#define TWIN_EXPORT_SIZE_MAX 8000

const char *twin_export_format_get_extension (TwinExportFormat     format);
const char *twin_export_format_get_mime_type (TwinExportFormat     format);
gboolean    twin_export_save_plot            (TwinPlot            *plot,
                                              TwinExportFormat     format,
                                              const char          *path,
                                              int                  width,
                                              int                  height,
                                              const char          *caption,
                                              GError             **error);
char       *twin_export_caption              (TwinEngine          *engine,
                                              TwinPlot            *plot);
void        twin_export_pdf_page             (const char          *paper,
                                              int                 *width,
                                              int                 *height);
gboolean    twin_export_to_file              (const TwinCsvLog    *log,
                                              TwinPlot            *plot,
                                              TwinExportFormat     format,
                                              const char          *path,
                                              int                  width,
                                              int                  height,
                                              gboolean             visible_only,
                                              GError             **error);

G_END_DECLS
