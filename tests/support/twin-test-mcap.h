/* twin-test-mcap.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cjson/cJSON.h>
#include <glib.h>

G_BEGIN_DECLS

cJSON     *twin_test_read_mcap        (const char  *path,
                                        const char  *mode);
GPtrArray *twin_test_mcap_messages    (const cJSON *recording,
                                       const char  *topic,
                                       const char  *drop1,
                                       const char  *drop2);
void       twin_test_mcap_assert_same (GPtrArray   *a,
                                       GPtrArray   *b,
                                       const char  *topic);

G_END_DECLS
