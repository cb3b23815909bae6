/* twin-test-commands.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A record of the commands an engine announced with
 * TwinEngine::command-applied.
 */

#pragma once

#include "twin-engine.h"

G_BEGIN_DECLS

typedef struct _TwinTestCommandLog TwinTestCommandLog;

TwinTestCommandLog *twin_test_command_log_new        (TwinEngine         *engine);
guint               twin_test_command_log_get_count  (TwinTestCommandLog *self);
const TwinCommand  *twin_test_command_log_get        (TwinTestCommandLog *self,
                                                      guint               i);
TwinEngine         *twin_test_command_log_get_engine (TwinTestCommandLog *self,
                                                      guint               i);
void                twin_test_command_log_take_one   (TwinTestCommandLog *self,
                                                      TwinCommandSource   source,
                                                      guint               fields,
                                                      guint64             step);
void                twin_test_command_log_clear      (TwinTestCommandLog *self);
void                twin_test_command_log_free       (TwinTestCommandLog *self);

void                twin_test_apply                  (TwinEngine         *engine,
                                                      TwinCommand         command);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TwinTestCommandLog, twin_test_command_log_free)

G_END_DECLS
