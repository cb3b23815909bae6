/* twin-gui.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void  twin_gui_init             (void);
char *twin_gui_chooser_get_path (GtkNativeDialog *chooser,
                                 int              response);

G_END_DECLS
