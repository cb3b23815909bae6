/* twin-parallel.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Does job @job; FALSE stops every thread from taking more. */
typedef gboolean (*TwinParallelJob) (guint    job,
                                     gpointer data);

gboolean twin_parallel_run (guint            n_jobs,
                            guint            n_threads,
                            TwinParallelJob  job,
                            gpointer         data);

G_END_DECLS
