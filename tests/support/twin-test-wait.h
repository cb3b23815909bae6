/* twin-test-wait.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Running the main context in tests: what is ready, for a while, or until
 * a condition holds. Every wait has a timeout and says what it waited for
 * when it runs out.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef gboolean (*TwinTestCondition) (gpointer data);

gboolean twin_test_flag_is_set    (gpointer           flag);

void twin_test_iterate            (void);
void twin_test_run_for            (double             seconds);
void twin_test_wait_until         (TwinTestCondition  condition,
                                   gpointer           data,
                                   double             timeout_s,
                                   const char        *format,
                                   ...) G_GNUC_PRINTF (4, 5);
void twin_test_wait_blocked_until (TwinTestCondition  condition,
                                   gpointer           data,
                                   double             timeout_s,
                                   const char        *format,
                                   ...) G_GNUC_PRINTF (4, 5);

G_END_DECLS
