/* twin-plot-lanes.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "twin-plot"

#include "config.h"

#include <glib/gi18n.h>

#include <stddef.h>

#include "twin-plot-private.h"

#define COLOR(field) offsetof (TwinPlotColors, field)

/* The engine's parameters behind TwinPlotView's limits. */
const char * const _twin_plot_limit_params[TWIN_PLOT_N_LIMITS] = {
  [TWIN_PLOT_LIMIT_TEMP_WARNING] = "temp_warning",
  [TWIN_PLOT_LIMIT_TEMP_TRIP]    = "temp_trip",
  [TWIN_PLOT_LIMIT_ZONE_A_MAX]   = "zone_a_max",
  [TWIN_PLOT_LIMIT_ZONE_B_MAX]   = "zone_b_max",
  [TWIN_PLOT_LIMIT_ZONE_C_MAX]   = "zone_c_max",
};

/* ISO 10816-3 zones; D has no upper edge, and 1.2 × the C/D edge keeps a
 * band of D in view. */
static const TwinPlotBands vibration_zones = {
  .name     = N_("zone"),
  .n_edges  = 3,
  .edges    = { TWIN_PLOT_LIMIT_ZONE_A_MAX, TWIN_PLOT_LIMIT_ZONE_B_MAX, TWIN_PLOT_LIMIT_ZONE_C_MAX },
  .letters  = { "A", "B", "C", "D" },
  .colors   = COLOR (zones),
  .headroom = 1.2,
};

const TwinPlotLaneInfo _twin_plot_lanes[TWIN_PLOT_N_LANES] = {
  [TWIN_PLOT_LANE_TEMPERATURE] = {
    .channel = TWIN_CHANNEL_TEMPERATURE,
    .min_range = 10, .from_zero = FALSE,
    .reading = offsetof (TwinReading, temperature),
    .n_series = 2,
    .series = {
      { TWIN_CHANNEL_TEMPERATURE, &_twin_plot_line, COLOR (temperature), N_("temperature"), NULL, 0, FALSE },
      { TWIN_CHANNEL_AMBIENT, &_twin_plot_steps, COLOR (ambient), N_("ambient"), NULL, 1, FALSE },
    },
    .n_thresholds = 2,
    .thresholds = {
      { TWIN_PLOT_LIMIT_TEMP_WARNING, COLOR (warning), N_("warning"), TRUE },
      { TWIN_PLOT_LIMIT_TEMP_TRIP, COLOR (trip), N_("trip"), FALSE },
    },
  },
  [TWIN_PLOT_LANE_VIBRATION] = {
    .channel = TWIN_CHANNEL_VIBRATION,
    .min_range = 1, .from_zero = TRUE,
    .reading = offsetof (TwinReading, vibration),
    .n_series = 1,
    .series = {
      { TWIN_CHANNEL_VIBRATION, &_twin_plot_line, COLOR (vibration), N_("vibration"), N_("vibration RMS"), 0, FALSE },
    },
    .bands = &vibration_zones,
  },
  [TWIN_PLOT_LANE_RPM] = {
    .channel = TWIN_CHANNEL_RPM,
    .min_range = 100, .from_zero = TRUE,
    .reading = offsetof (TwinReading, rpm),
    .n_series = 2,
    .series = {
      { TWIN_CHANNEL_RPM, &_twin_plot_line, COLOR (rpm), N_("speed"), NULL, 0, FALSE },
      { TWIN_CHANNEL_RPM_SETPOINT, &_twin_plot_steps, COLOR (setpoint), N_("setpoint"), NULL, 2, TRUE },
    },
  },
};
