/* twin-test-mcap.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cjson/cJSON.h>
#include <glib.h>

G_BEGIN_DECLS

cJSON *twin_test_read_mcap (const char *path,
                            const char *mode);

G_END_DECLS
