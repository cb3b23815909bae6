/* twin-csv.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "twin-csv-log.h"
#include "twin-history.h"

G_BEGIN_DECLS

/* The whole history, as a range of twin_csv_write(). */
#define TWIN_CSV_ALL_T0 (-G_MAXDOUBLE)
#define TWIN_CSV_ALL_T1 G_MAXDOUBLE

gboolean twin_csv_write (const TwinCsvLog  *log,
                         double             t0,
                         double             t1,
                         GOutputStream     *stream,
                         GCancellable      *cancellable,
                         GError           **error);
gboolean twin_csv_save  (const TwinCsvLog  *log,
                         double             t0,
                         double             t1,
                         const char        *path,
                         GError           **error);
void     twin_csv_get_rows   (const TwinHistory *history,
                              double             t0,
                              double             t1,
                              guint64           *first,
                              guint64           *end);
gsize    twin_csv_count_rows (const TwinHistory *history,
                              double             t0,
                              double             t1);

G_END_DECLS
