/* twin-engine-settings.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "twin-engine.h"

G_BEGIN_DECLS

#define TWIN_SETTINGS_ERROR (twin_settings_error_quark ())

typedef enum
{
  TWIN_SETTINGS_ERROR_INVALID_VALUE,
} TwinSettingsError;

#define TWIN_TYPE_ENGINE_SETTINGS (twin_engine_settings_get_type ())

G_DECLARE_FINAL_TYPE (TwinEngineSettings, twin_engine_settings, TWIN, ENGINE_SETTINGS, GObject)

GQuark              twin_settings_error_quark          (void);
TwinEngineSettings *twin_engine_settings_new           (GSettings           *settings,
                                                        TwinEngine          *engine);
const char         *twin_engine_settings_get_string    (TwinEngineSettings  *self,
                                                        const char          *key);
gboolean            twin_settings_validate_string      (const char          *key,
                                                        const char          *value,
                                                        GError             **error);
const TwinParamSpec *twin_settings_threshold_spec       (TwinCommonParam      param,
                                                        char               **key);
gboolean            twin_settings_validate_thresholds  (GSettings           *settings,
                                                        GError             **error);

G_END_DECLS
