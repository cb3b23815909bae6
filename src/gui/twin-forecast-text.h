/* twin-forecast-text.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "twin-ensemble.h"

G_BEGIN_DECLS

char *twin_forecast_text_headline (const TwinForecast *course,
                                   const TwinEnsemble *ensemble,
                                   guint               alarms_now);
char *twin_forecast_text_caption  (const TwinForecast *branch,
                                   const TwinEnsemble *ensemble,
                                   double              warning,
                                   double              rul_now);
char *twin_forecast_text_range    (const TwinEnsemble *ensemble);

G_END_DECLS
