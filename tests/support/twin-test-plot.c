/* twin-test-plot.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "twin-test-plot.h"

/* A view with the default thresholds and zones drawn, as the window
 * draws them; the time range is the caller's. */
void
twin_test_plot_view_init (TwinPlotView *view)
{
  twin_plot_view_init (view);
  view->temp_warning = 85;
  view->temp_trip = 105;
  view->zone_a_max = 2.3;
  view->zone_b_max = 4.5;
  view->zone_c_max = 7.1;
}
