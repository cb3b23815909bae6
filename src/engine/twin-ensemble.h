/* twin-ensemble.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "twin-forecast.h"

G_BEGIN_DECLS

#define TWIN_ENSEMBLE_MEMBERS_DEFAULT 64
#define TWIN_ENSEMBLE_MEMBERS_MAX     256

/* P10, P50 and P90 over the members. For an event time, a quantile is
 * NAN when, at that quantile, the event has not happened within the
 * horizon (members without it count as later than any time). */
typedef struct
{
  double p10;
  double p50;
  double p90;
  guint  n_happened;
  guint  n_members;
} TwinQuantiles;

typedef struct
{
  guint          n_members;
  double         start;
  double         horizon;
  TwinQuantiles  raised[TWIN_N_ALARMS];    /* absolute simulated s from which each alarm
                                            * holds (twin_forecast_time_of(): the start
                                            * when it holds after the change) */
  TwinQuantiles  rul_hours;                /* at the horizon */
  TwinHistory   *low;                      /* P10 of each channel per sample, */
  TwinHistory   *high;                     /* P90, on the spec's grid */
} TwinEnsemble;

void          twin_ensemble_member_sim (const TwinSim          *start,
                                        guint                   member,
                                        TwinSim                *out);
TwinEnsemble *twin_ensemble_run        (const TwinSim          *start,
                                        const TwinForecastSpec *spec,
                                        guint                   n_members,
                                        guint                   n_threads,
                                        GCancellable           *cancellable,
                                        GError                **error);
void          twin_ensemble_free       (TwinEnsemble           *ensemble);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TwinEnsemble, twin_ensemble_free)

G_END_DECLS
