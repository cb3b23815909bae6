/* twin-forecaster.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "twin-advise.h"
#include "twin-ensemble.h"
#include "twin-forecast.h"

G_BEGIN_DECLS

#define TWIN_TYPE_FORECASTER (twin_forecaster_get_type ())

G_DECLARE_FINAL_TYPE (TwinForecaster, twin_forecaster, TWIN, FORECASTER, GObject)

/* A forecast and, when members were asked for, its ensemble. */
typedef struct
{
  TwinForecast *course;
  TwinEnsemble *ensemble;
} TwinPrediction;

TwinForecaster *twin_forecaster_new            (void);
void            twin_forecaster_request        (TwinForecaster          *self,
                                                const char              *purpose,
                                                const TwinSim           *start,
                                                const TwinForecastSpec  *spec,
                                                guint                    n_members,
                                                GAsyncReadyCallback      callback,
                                                gpointer                 user_data);
TwinPrediction *twin_forecaster_request_finish (TwinForecaster          *self,
                                                GAsyncResult            *result,
                                                GError                 **error);
void            twin_forecaster_advise         (TwinForecaster          *self,
                                                const char              *purpose,
                                                const TwinSim           *start,
                                                const TwinAdviseSpec    *spec,
                                                GAsyncReadyCallback      callback,
                                                gpointer                 user_data);
TwinAdvice     *twin_forecaster_advise_finish  (TwinForecaster          *self,
                                                GAsyncResult            *result,
                                                GError                 **error);
void            twin_forecaster_cancel         (TwinForecaster          *self,
                                                const char              *purpose);
void            twin_prediction_free           (TwinPrediction          *prediction);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TwinPrediction, twin_prediction_free)

G_END_DECLS
