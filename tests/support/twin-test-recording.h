/* twin-test-recording.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "twin-engine.h"

G_BEGIN_DECLS

void  twin_test_apply_json      (TwinEngine          *engine,
                                 const char          *text);
char *twin_test_run_ok          (const char * const  *args,
                                 char               **err);
char *twin_test_record_headless (const char          *dir);

G_END_DECLS
