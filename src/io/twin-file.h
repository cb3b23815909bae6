/* twin-file.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef gboolean (*TwinFileWriteFunc) (GOutputStream  *stream,
                                       gpointer        user_data,
                                       GError        **error);

gboolean twin_file_replace (const char         *path,
                            TwinFileWriteFunc   write,
                            gpointer            user_data,
                            GError            **error);

G_END_DECLS
