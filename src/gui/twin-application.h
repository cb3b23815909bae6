/* twin-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "twin-engine.h"
#include "twin-engine-settings.h"
#include "twin-options.h"

G_BEGIN_DECLS

#define TWIN_TYPE_APPLICATION (twin_application_get_type ())

G_DECLARE_FINAL_TYPE (TwinApplication, twin_application, TWIN, APPLICATION, AdwApplication)

TwinApplication    *twin_application_new                 (const TwinOptions *options);
TwinEngine         *twin_application_get_engine          (TwinApplication   *self);
GSettings          *twin_application_get_settings        (TwinApplication   *self);
TwinEngineSettings *twin_application_get_engine_settings (TwinApplication   *self);
int                 twin_application_get_exit_status     (TwinApplication   *self);

G_END_DECLS
