/* twin-model-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "twin-model.h"

#define TWIN_COMMON_PARAM_SPECS                                                                   \
  { "temp_warning",    "°C",   "Temperature warning threshold",                 85.0, 0.0, 300.0 }, \
  { "temp_trip",       "°C",   "Temperature that trips the machine",           105.0, 0.0, 300.0 }, \
  { "zone_a_max",      "mm/s", "Upper bound of vibration zone A (ISO 10816-3)",  2.3, 0.1, 50.0 },  \
  { "zone_b_max",      "mm/s", "Upper bound of vibration zone B",                4.5, 0.1, 50.0 },  \
  { "zone_c_max",      "mm/s", "Upper bound of vibration zone C; D above",       7.1, 0.1, 50.0 },  \
  { "zone_d_trip_time", "s",   "Time in zone D that trips the machine",         10.0, 0.0, 3600.0 }

extern const TwinModel twin_model_physical_2;
extern const TwinModel twin_model_physical_3;
extern const TwinModel twin_model_tutorial_1;

static inline double
twin_clamp_inline (double value,
                   double min,
                   double max,
                   double fallback)
{
  /* NaN fails both comparisons, so it is caught by the first test. */
  if (!(value >= min))
    return value != value ? fallback : min;
  if (value > max)
    return max;
  return value;
}
