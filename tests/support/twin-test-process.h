/* twin-test-process.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The twinscope binary under test (TWINSCOPE_BIN), run as a user or a
 * service manager would: its output is read while it runs, so that it
 * never blocks on a full pipe, and every wait for it has a timeout. And
 * the other programs tests run: validators, openssl.
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Generous: a sanitizer build under load starts slowly. */
#define TWIN_TEST_PROCESS_TIMEOUT_S 60.0

typedef struct _TwinTestProcess TwinTestProcess;

const char      *twin_test_binary                  (void);
int              twin_test_run_binary              (const char * const *args,
                                                    char              **out,
                                                    char              **err);

TwinTestProcess *twin_test_process_new             (const char * const *args,
                                                    const char * const *env);
char            *twin_test_process_wait_line       (TwinTestProcess    *self,
                                                    const char         *marker);
void             twin_test_process_wait            (TwinTestProcess    *self);
int              twin_test_process_get_exit_status (TwinTestProcess    *self);
void             twin_test_process_terminate       (TwinTestProcess    *self);
void             twin_test_process_kill            (TwinTestProcess    *self);
const char      *twin_test_process_get_stdout      (TwinTestProcess    *self);
const char      *twin_test_process_get_stderr      (TwinTestProcess    *self);
void             twin_test_process_free            (TwinTestProcess    *self);

char            *twin_test_run_tool                (const char * const *argv,
                                                    const char         *input,
                                                    int                *status);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TwinTestProcess, twin_test_process_free)

G_END_DECLS
