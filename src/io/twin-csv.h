/* twin-csv.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "twin-history.h"

G_BEGIN_DECLS

gboolean twin_csv_write_history (const TwinHistory  *history,
                                 GOutputStream      *stream,
                                 GCancellable       *cancellable,
                                 GError            **error);
gboolean twin_csv_save_history  (const TwinHistory  *history,
                                 const char         *path,
                                 GError            **error);

G_END_DECLS
