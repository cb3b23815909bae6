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

/* An input change at a simulated time after the start. */
#define TWIN_FORECAST_MAX_SCHEDULE 16

typedef struct
{
  double      at;                          /* simulated s after the start, ≥ 0 */
  TwinCommand command;                     /* inputs and faults only */
} TwinScheduleEntry;

/* What to forecast: plain data, copied to worker threads. */
typedef struct
{
  TwinCommand       change;                /* the decision, applied first … */
  gboolean          has_change;            /* … when set */
  guint             n_schedule;
  TwinScheduleEntry schedule[TWIN_FORECAST_MAX_SCHEDULE];  /* by time */
  double            horizon;               /* simulated s */
  double            interval;              /* simulated s between trajectory samples */
  gboolean          fast;                  /* large steps once settled: alarm times within
                                            * one internal step, not bit for bit */
} TwinForecastSpec;

/* The course of a sim copy run ahead: the true values, without
 * measurement noise. Times are simulated s (absolute, as the state's
 * timestamp); NAN where nothing happened within the horizon. */
typedef struct
{
  double       start;
  double       horizon;
  TwinHistory *trajectory;                 /* from @start, on the spec's interval */
  guint        alarms_at_start;            /* TwinAlarm flags after the change */
  double       raised[TWIN_N_ALARMS];      /* first raise of each alarm, by index */
  double       cleared[TWIN_N_ALARMS];     /* first clear */
  double       zone_entered[4];            /* first entry into zone A … D */
  double       tripped;                    /* the trip */
  TwinSim      end;                        /* the sim at the horizon */
  TwinState    settled;                    /* where the inputs at the horizon lead */
  double       rul_hours;                  /* at the horizon */
} TwinForecast;

void          twin_forecast_spec_init        (TwinForecastSpec   *spec,
                                              double              horizon,
                                              double              interval);
gboolean      twin_forecast_spec_validate    (const TwinForecastSpec *spec,
                                              GError            **error);
gboolean      twin_forecast_validate_horizon (double              horizon,
                                              GError            **error);
TwinForecast *twin_forecast_run              (const TwinSim      *start,
                                              const TwinForecastSpec *spec,
                                              GCancellable       *cancellable,
                                              GError            **error);
double        twin_forecast_time_of          (const TwinForecast *forecast,
                                              TwinAlarm           alarm);
void          twin_forecast_free             (TwinForecast       *forecast);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TwinForecast, twin_forecast_free)

G_END_DECLS
