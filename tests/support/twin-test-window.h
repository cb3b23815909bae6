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

G_END_DECLS
