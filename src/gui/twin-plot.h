/* twin-plot.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "twin-engine.h"
#include "twin-export.h"
#include "twin-forecast.h"

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

/* A future drawn to the right of "now": the course ahead with the inputs
 * held (faint), a what-if branch (dashed) or a pinned ghost (its own
 * colour), each with its predicted alarms and trip as markers. */
typedef enum
{
  TWIN_FUTURE_COURSE,
  TWIN_FUTURE_BRANCH,
  TWIN_FUTURE_GHOST,
} TwinFutureKind;

#define TWIN_PLOT_MAX_FUTURES 6   /* the course, a branch and four ghosts */
#define TWIN_PLOT_N_GHOSTS    4   /* ghost colours */

/* The band is an ensemble's P10 and P90 trajectories (TwinEnsemble's low
 * and high), so that the plot needs nothing else of an ensemble. */
typedef struct
{
  TwinFutureKind      kind;
  guint               ghost;      /* 0 … TWIN_PLOT_N_GHOSTS - 1, for GHOST */
  const TwinForecast *forecast;   /* its trajectory and event times */
  const TwinHistory  *low;        /* P10 per sample, or NULL: no band */
  const TwinHistory  *high;       /* P90 per sample, or NULL */
} TwinPlotFuture;

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
/* The times at the left and right edges, in simulated seconds. */
void        twin_plot_get_view      (TwinPlot        *self,
                                     double          *t0,
                                     double          *t1);
gboolean    twin_plot_get_following (TwinPlot        *self);
void        twin_plot_set_hidden_faults (TwinPlot    *self,
                                         guint        faults);
void        twin_plot_add_caption   (TwinPlot        *self,
                                     double           time,
                                     const char      *text);
void        twin_plot_add_snapshot  (TwinPlot        *self,
                                     double           time,
                                     gboolean         automatic,
                                     const char      *label);
void        twin_plot_set_following (TwinPlot        *self,
                                     gboolean         following);
void        twin_plot_set_futures   (TwinPlot        *self,
                                     const TwinPlotFuture *futures,
                                     guint            n_futures);
guint       twin_plot_get_n_futures (TwinPlot        *self);
void        twin_plot_draw          (TwinPlot        *self,
                                     cairo_t         *cr,
                                     int              width,
                                     int              height);
void        twin_plot_draw_captioned(TwinPlot        *self,
                                     cairo_t         *cr,
                                     int              width,
                                     int              height,
                                     const char      *caption);
gboolean    twin_plot_export        (TwinPlot        *self,
                                     const char      *path,
                                     TwinPlotFormat   format,
                                     int              width,
                                     int              height,
                                     GError         **error);

G_END_DECLS
