/* twin-instructor-panel.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "twin-engine.h"
#include "twin-snapshots.h"

G_BEGIN_DECLS

#define TWIN_TYPE_INSTRUCTOR_PANEL (twin_instructor_panel_get_type ())

G_DECLARE_FINAL_TYPE (TwinInstructorPanel, twin_instructor_panel, TWIN, INSTRUCTOR_PANEL, GtkBox)

TwinInstructorPanel *twin_instructor_panel_new (TwinEngine    *engine,
                                                TwinSnapshots *snapshots);

G_END_DECLS
