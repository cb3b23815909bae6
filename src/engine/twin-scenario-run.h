/* twin-scenario-run.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "twin-engine.h"
#include "twin-scenario.h"
#include "twin-score.h"

G_BEGIN_DECLS

#define TWIN_TYPE_SCENARIO_RUN (twin_scenario_run_get_type ())

G_DECLARE_FINAL_TYPE (TwinScenarioRun, twin_scenario_run, TWIN, SCENARIO_RUN, GObject)

TwinScenarioRun    *twin_scenario_run_new          (TwinEngine       *engine,
                                                    TwinScenario     *scenario,
                                                    GError          **error);
void                twin_scenario_run_advance      (TwinScenarioRun  *self,
                                                    double            t);
void                twin_scenario_run_finish       (TwinScenarioRun  *self);
gboolean            twin_scenario_run_diagnose     (TwinScenarioRun  *self,
                                                    const char       *fault);
const TwinScenario *twin_scenario_run_get_scenario (TwinScenarioRun  *self);
TwinScore          *twin_scenario_run_get_score    (TwinScenarioRun  *self);

G_END_DECLS
