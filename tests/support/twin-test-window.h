/* twin-test-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Windows under the test display: open, close, and wait for the plot to
 * draw.
 */

#pragma once

#include <gtk/gtk.h>

#include "twin-plot.h"
#include "twin-window.h"

G_BEGIN_DECLS

void        twin_test_present_window (GtkWindow  *window,
                                      TwinPlot   *plot);
TwinWindow *twin_test_open_window    (TwinEngine *engine,
                                      GSettings  *settings,
                                      int         width,
                                      int         height);
void        twin_test_close_window   (TwinWindow *window,
                                      TwinEngine *engine);
void        twin_test_wait_for_draws (TwinPlot   *plot,
                                      guint       n_draws);
guint       twin_test_settle_plot    (TwinPlot   *plot,
                                      double      quiet_s);

/* Screenshots of windows in the application's style, light or dark, in
 * $TWIN_SCREENSHOT_DIR (kept, to look at) or a temporary folder (not). */
typedef struct _TwinTestShots TwinTestShots;

TwinTestShots *twin_test_shots_new      (const char    *tmp_template);
void           twin_test_shots_set_dark (TwinTestShots *self,
                                         gboolean       dark);
char          *twin_test_shots_take     (TwinTestShots *self,
                                         TwinWindow    *window,
                                         const char    *name);
void           twin_test_shots_done     (TwinTestShots *self,
                                         const char    *path);
void           twin_test_shots_free     (TwinTestShots *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TwinTestShots, twin_test_shots_free)

G_END_DECLS
