/* twin-preferences-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define TWIN_TYPE_PREFERENCES_WINDOW (twin_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (TwinPreferencesWindow, twin_preferences_window, TWIN, PREFERENCES_WINDOW, AdwPreferencesWindow)

TwinPreferencesWindow *twin_preferences_window_new         (GSettings              *settings);
gboolean               twin_preferences_window_apply_entry (TwinPreferencesWindow  *self,
                                                            const char             *key,
                                                            const char             *text);

GtkNativeDialog       *twin_preferences_window_get_chooser    (TwinPreferencesWindow *self);
const char            *twin_preferences_window_get_last_error (TwinPreferencesWindow *self);

G_END_DECLS
