/* twin-export-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "twin-export.h"
#include "twin-window.h"

G_BEGIN_DECLS

#define TWIN_TYPE_EXPORT_DIALOG (twin_export_dialog_get_type ())

G_DECLARE_FINAL_TYPE (TwinExportDialog, twin_export_dialog, TWIN, EXPORT_DIALOG, AdwWindow)

TwinExportDialog *twin_export_dialog_new         (TwinWindow        *window);
TwinExportFormat  twin_export_dialog_get_format  (TwinExportDialog  *self);
void              twin_export_dialog_set_format  (TwinExportDialog  *self,
                                                  TwinExportFormat   format);
gboolean          twin_export_dialog_get_visible_only (TwinExportDialog *self);
void              twin_export_dialog_set_visible_only (TwinExportDialog *self,
                                                       gboolean          visible_only);
GtkNativeDialog  *twin_export_dialog_get_chooser (TwinExportDialog  *self);
gboolean          twin_export_dialog_export_to   (TwinExportDialog  *self,
                                                  const char        *path);

G_END_DECLS
