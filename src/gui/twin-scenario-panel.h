/* twin-scenario-panel.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "twin-training.h"

G_BEGIN_DECLS

#define TWIN_TYPE_SCENARIO_PANEL (twin_scenario_panel_get_type ())

G_DECLARE_FINAL_TYPE (TwinScenarioPanel, twin_scenario_panel, TWIN, SCENARIO_PANEL, AdwBin)

TwinScenarioPanel *twin_scenario_panel_new (TwinTraining *training);

G_END_DECLS
