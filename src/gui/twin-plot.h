/* twin-plot.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "twin-engine.h"
#include "twin-export.h"

G_BEGIN_DECLS

/* The image formats of the export, under the plot's own names. */
typedef TwinExportFormat TwinPlotFormat;
#define TWIN_PLOT_FORMAT_PNG TWIN_EXPORT_PNG
#define TWIN_PLOT_FORMAT_SVG TWIN_EXPORT_SVG
#define TWIN_PLOT_FORMAT_PDF TWIN_EXPORT_PDF

typedef enum
{
  TWIN_PLOT_ERROR_INVALID_ARGUMENT,
  TWIN_PLOT_ERROR_FAILED,
} TwinPlotError;

#define TWIN_PLOT_ERROR (twin_plot_error_quark ())

GQuark      twin_plot_error_quark   (void);

#define TWIN_TYPE_PLOT (twin_plot_get_type ())

G_DECLARE_FINAL_TYPE (TwinPlot, twin_plot, TWIN, PLOT, GtkWidget)

GtkWidget  *twin_plot_new           (void);
TwinEngine *twin_plot_get_engine    (TwinPlot        *self);
void        twin_plot_set_engine    (TwinPlot        *self,
                                     TwinEngine      *engine);
/* Visible time span in simulated seconds; 0 shows the whole history. */
double      twin_plot_get_span      (TwinPlot        *self);
void        twin_plot_set_span      (TwinPlot        *self,
                                     double           seconds);
gboolean    twin_plot_get_following (TwinPlot        *self);
void        twin_plot_set_following (TwinPlot        *self,
                                     gboolean         following);
void        twin_plot_draw          (TwinPlot        *self,
                                     cairo_t         *cr,
                                     int              width,
                                     int              height);
gboolean    twin_plot_export        (TwinPlot        *self,
                                     const char      *path,
                                     TwinPlotFormat   format,
                                     int              width,
                                     int              height,
                                     GError         **error);

G_END_DECLS
