/* twin-outlook.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "twin-engine.h"
#include "twin-ensemble.h"
#include "twin-forecaster.h"

G_BEGIN_DECLS

#define TWIN_TYPE_OUTLOOK (twin_outlook_get_type ())

G_DECLARE_FINAL_TYPE (TwinOutlook, twin_outlook, TWIN, OUTLOOK, GObject)

/* The course ahead of a live engine with its inputs held, kept current:
 * recomputed about every simulated second and on every applied command,
 * one request in flight at a time, the ensemble at most about once per
 * wall second. Horizons over 1 h take long steps (TwinForecastSpec.fast).
 * Emits ::updated on the main context. */
TwinOutlook        *twin_outlook_new          (TwinEngine      *engine,
                                               TwinForecaster  *forecaster);
double              twin_outlook_get_horizon  (TwinOutlook     *self);
gboolean            twin_outlook_set_horizon  (TwinOutlook     *self,
                                               double           horizon,
                                               GError         **error);
guint               twin_outlook_get_members  (TwinOutlook     *self);
void                twin_outlook_set_members  (TwinOutlook     *self,
                                               guint            members);
const TwinForecast *twin_outlook_get_course   (TwinOutlook     *self);
const TwinEnsemble *twin_outlook_get_ensemble (TwinOutlook     *self);

G_END_DECLS
