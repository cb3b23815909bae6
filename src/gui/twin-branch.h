/* twin-branch.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "twin-engine.h"
#include "twin-forecaster.h"

G_BEGIN_DECLS

/* The inputs and faults a branch may change. */
#define TWIN_BRANCH_FIELDS (TWIN_COMMAND_AMBIENT | TWIN_COMMAND_RPM_SETPOINT | \
                            TWIN_COMMAND_COOLING_DEGRADED | TWIN_COMMAND_BEARING_DEFECT)

#define TWIN_TYPE_BRANCH (twin_branch_get_type ())

G_DECLARE_FINAL_TYPE (TwinBranch, twin_branch, TWIN, BRANCH, GObject)

TwinBranch         *twin_branch_new          (TwinEngine        *engine,
                                              TwinForecaster    *forecaster);
TwinEngine         *twin_branch_get_engine   (TwinBranch        *self);
gboolean            twin_branch_get_active   (TwinBranch        *self);
void                twin_branch_set_active   (TwinBranch        *self,
                                              gboolean           active);
double              twin_branch_get_horizon  (TwinBranch        *self);
gboolean            twin_branch_set_horizon  (TwinBranch        *self,
                                              double             horizon,
                                              GError           **error);
gboolean            twin_branch_edit         (TwinBranch        *self,
                                              const TwinCommand *change,
                                              GError           **error);
const TwinCommand  *twin_branch_get_change   (TwinBranch        *self);
void                twin_branch_get_inputs   (TwinBranch        *self,
                                              TwinCommand       *inputs);
const TwinForecast *twin_branch_get_course   (TwinBranch        *self);
const TwinEnsemble *twin_branch_get_ensemble (TwinBranch        *self);
void                twin_branch_set_members  (TwinBranch        *self,
                                              guint              n_members);
char               *twin_branch_dup_caption  (TwinBranch        *self);
gboolean            twin_branch_apply        (TwinBranch        *self,
                                              GError           **error);
void                twin_branch_cancel       (TwinBranch        *self);
guint               twin_branch_get_n_results(TwinBranch        *self);

G_END_DECLS
