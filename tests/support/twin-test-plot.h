/* twin-test-plot.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "twin-plot-private.h"

G_BEGIN_DECLS

void twin_test_plot_view_init (TwinPlotView *view);

G_END_DECLS
