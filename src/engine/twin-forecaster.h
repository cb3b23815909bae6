/* twin-forecaster.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "twin-forecast.h"

G_BEGIN_DECLS

#define TWIN_TYPE_FORECASTER (twin_forecaster_get_type ())

G_DECLARE_FINAL_TYPE (TwinForecaster, twin_forecaster, TWIN, FORECASTER, GObject)

TwinForecaster *twin_forecaster_new            (void);
void            twin_forecaster_request        (TwinForecaster      *self,
                                                const char          *purpose,
                                                const TwinSim       *start,
                                                const TwinCommand   *change,
                                                double               horizon,
                                                double               interval,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
TwinForecast   *twin_forecaster_request_finish (TwinForecaster      *self,
                                                GAsyncResult        *result,
                                                GError             **error);

G_END_DECLS
