/* twin-test-loop.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The main loop's own iteration times: how long each iteration worked,
 * from the end of its poll to the start of the next, in the main
 * thread's CPU time (and in wall time, for the record).
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _TwinTestLoopTimer TwinTestLoopTimer;

TwinTestLoopTimer *twin_test_loop_timer_new     (GMainContext      *context);
void               twin_test_loop_timer_reset   (TwinTestLoopTimer *self);
guint              twin_test_loop_timer_count   (TwinTestLoopTimer *self);
double             twin_test_loop_timer_max_ms  (TwinTestLoopTimer *self);
double             twin_test_loop_timer_max_wall_ms (TwinTestLoopTimer *self);
double             twin_test_loop_timer_median_ms (TwinTestLoopTimer *self);
void               twin_test_loop_timer_free    (TwinTestLoopTimer *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TwinTestLoopTimer, twin_test_loop_timer_free)

G_END_DECLS
