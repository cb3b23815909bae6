/* twin-whatif.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "twin-engine.h"
#include "twin-forecaster.h"

G_BEGIN_DECLS

/* The inputs and faults a branch may change. */
#define TWIN_WHATIF_FIELDS (TWIN_COMMAND_AMBIENT | TWIN_COMMAND_RPM_SETPOINT | \
                            TWIN_COMMAND_COOLING_DEGRADED | TWIN_COMMAND_BEARING_DEFECT)

#define TWIN_TYPE_WHATIF (twin_whatif_get_type ())

G_DECLARE_FINAL_TYPE (TwinWhatif, twin_whatif, TWIN, WHATIF, GObject)

TwinWhatif         *twin_whatif_new          (TwinEngine        *engine,
                                              TwinForecaster    *forecaster);
TwinEngine         *twin_whatif_get_engine   (TwinWhatif        *self);
gboolean            twin_whatif_get_active   (TwinWhatif        *self);
void                twin_whatif_set_active   (TwinWhatif        *self,
                                              gboolean           active);
double              twin_whatif_get_horizon  (TwinWhatif        *self);
gboolean            twin_whatif_set_horizon  (TwinWhatif        *self,
                                              double             horizon,
                                              GError           **error);
gboolean            twin_whatif_edit         (TwinWhatif        *self,
                                              const TwinCommand *change,
                                              GError           **error);
const TwinCommand  *twin_whatif_get_branch   (TwinWhatif        *self);
void                twin_whatif_get_inputs   (TwinWhatif        *self,
                                              TwinCommand       *inputs);
const TwinForecast *twin_whatif_get_course   (TwinWhatif        *self);
const TwinEnsemble *twin_whatif_get_ensemble (TwinWhatif        *self);
void                twin_whatif_set_members  (TwinWhatif        *self,
                                              guint              n_members);
char               *twin_whatif_dup_caption  (TwinWhatif        *self);
gboolean            twin_whatif_apply        (TwinWhatif        *self,
                                              GError           **error);
void                twin_whatif_cancel       (TwinWhatif        *self);
guint               twin_whatif_get_n_results(TwinWhatif        *self);

G_END_DECLS
