/* twin-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "twin-engine.h"
#include "twin-export.h"
#include "twin-services.h"

G_BEGIN_DECLS


#define TWIN_TYPE_WINDOW (twin_window_get_type ())

G_DECLARE_FINAL_TYPE (TwinWindow, twin_window, TWIN, WINDOW, AdwApplicationWindow)

TwinWindow *twin_window_new             (GtkApplication    *application,
                                         TwinEngine        *engine,
                                         GSettings         *settings);
TwinEngine *twin_window_get_engine      (TwinWindow        *self);
void        twin_window_set_mqtt_status (TwinWindow        *self,
                                         TwinServiceState   state,
                                         const char        *detail);
void        twin_window_set_rest_status (TwinWindow        *self,
                                         TwinServiceState   state,
                                         const char        *detail);
void        twin_window_add_toast       (TwinWindow        *self,
                                         const char        *message);
TwinPlot   *twin_window_get_plot        (TwinWindow        *self);
gboolean    twin_window_export_range    (TwinWindow        *self,
                                         TwinExportFormat   format,
                                         const char        *path,
                                         int                width,
                                         int                height,
                                         gboolean           visible_only);
gboolean    twin_window_export          (TwinWindow        *self,
                                         TwinExportFormat   format,
                                         const char        *path,
                                         int                width,
                                         int                height);
gboolean    twin_window_save_screenshot (TwinWindow        *self,
                                         const char        *path,
                                         GError           **error);

G_END_DECLS
