/* twin-test-env.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a test takes from the machine: a free loopback port, a data
 * directory of its own, the removal of what it wrote, and whether its
 * build is sanitized.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

guint  twin_test_free_port       (void);
char  *twin_test_use_data_home   (void);
guint  twin_test_count_files     (const char *dir);
void   twin_test_remove_tree     (const char *path);
int    twin_test_run_in_data_home (void);
gboolean twin_test_sanitized      (void);

G_END_DECLS
