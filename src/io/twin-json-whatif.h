/* twin-json-whatif.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <math.h>

#include "twin-forecaster.h"
#include "twin-metrics.h"
#include "twin-json.h"

G_BEGIN_DECLS

/* Bounds on what one predict or advise request may cost. */
#define TWIN_WHATIF_HORIZON_MAX  TWIN_FORECAST_HORIZON_MAX
#define TWIN_WHATIF_MEMBERS_MAX  TWIN_ENSEMBLE_MEMBERS_MAX
/* The command's fields a forecast may change: inputs and faults. */
#define TWIN_WHATIF_INPUT_FIELDS (TWIN_COMMAND_AMBIENT | TWIN_COMMAND_RPM_SETPOINT | \
                                  TWIN_COMMAND_COOLING_DEGRADED | TWIN_COMMAND_BEARING_DEFECT)

/* A predict request holds up to TWIN_FORECAST_MAX_SCHEDULE schedule
 * entries of a few values each. */
#define TWIN_JSON_MAX_REQUEST_VALUES 256

/* An event's time as the wire gives it: simulated s after the
 * forecast's start @from, 0 when it holds already; NAN (null) when not
 * within the horizon. */
static inline double
twin_whatif_seconds_after (double time,
                           double from)
{
  return isfinite (time) ? MAX (time - from, 0.0) : NAN;
}

/* POST /predict and <prefix>/predict, read strictly. */
typedef struct
{
  TwinForecastSpec spec;
  guint            n_members;  /* 0: the course alone */
} TwinPredictRequest;

gboolean  twin_json_read_predict      (const cJSON              *root,
                                       TwinPredictRequest       *request,
                                       GError                  **error);
gboolean  twin_json_read_advise       (const cJSON              *root,
                                       TwinAdviseSpec           *spec,
                                       GError                  **error);

cJSON    *twin_json_forecast_object   (const TwinForecast       *course,
                                       const TwinEnsemble       *ensemble);
char     *twin_json_encode_forecast   (const TwinForecast       *course,
                                       const TwinEnsemble       *ensemble);
cJSON    *twin_json_prediction_object (const TwinPrediction     *prediction,
                                       const TwinSnapshot       *live);
void      twin_whatif_forecast_metrics (const TwinForecast      *course,
                                       const TwinEnsemble       *ensemble,
                                       TwinForecastMetrics      *metrics);
cJSON    *twin_json_advice_object     (const TwinAdvice         *advice,
                                       const TwinAdviseSpec     *spec);

G_END_DECLS
