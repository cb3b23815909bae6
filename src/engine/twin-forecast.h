/* twin-forecast.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "twin-history.h"
#include "twin-sim.h"

G_BEGIN_DECLS

#define TWIN_FORECAST_HORIZON_MIN     60.0
#define TWIN_FORECAST_HORIZON_MAX     86400.0
#define TWIN_FORECAST_HORIZON_DEFAULT 600.0

/* The course of a sim copy run ahead with its inputs held: the true
 * values, without measurement noise. Times are simulated s; NAN where
 * nothing happened within the horizon. */
typedef struct
{
  double       start;
  double       horizon;
  TwinHistory *trajectory;                 /* from @start, at the interval asked for */
  double       raised[TWIN_N_ALARMS];      /* first raise of each alarm, by index */
  double       cleared[TWIN_N_ALARMS];     /* first clear */
  double       zone_entered[4];            /* first entry into zone A … D */
  double       tripped;                    /* the trip */
  TwinSim      end;                        /* the sim at the horizon */
  double       rul_hours;                  /* at the horizon */
} TwinForecast;

gboolean      twin_forecast_validate_horizon (double              horizon,
                                              GError            **error);
TwinForecast *twin_forecast_run              (const TwinSim      *start,
                                              const TwinCommand  *change,
                                              double              horizon,
                                              double              interval,
                                              GCancellable       *cancellable,
                                              GError            **error);
void          twin_forecast_free             (TwinForecast       *forecast);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TwinForecast, twin_forecast_free)

G_END_DECLS
