/* twin-forecast-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "twin-forecast.h"

G_BEGIN_DECLS

/* Steps between two looks at the cancellable. */
#define TWIN_FORECAST_CANCEL_CHECK_STEPS 4096

/* A forecast under way: what the sim hooks fill in. */
typedef struct
{
  TwinForecast *forecast;
  GCancellable *cancellable;
  guint         zone;
  guint64       steps;
  guint         stop_alarms;   /* a raise of one of these ends the run */
  gboolean      stopped;       /* by such a raise, or cancelled */
} TwinForecastRun;

TwinForecast *_twin_forecast_run_until (const TwinSim           *start,
                                        const TwinForecastSpec  *spec,
                                        guint                    stop_alarms,
                                        GCancellable            *cancellable,
                                        GError                 **error);

guint64 _twin_forecast_run_fixed (TwinForecastRun *run,
                                  guint64          n_steps);
guint64 _twin_forecast_run_long  (TwinForecastRun *run,
                                  guint64          n_steps);

G_END_DECLS
