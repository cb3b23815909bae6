/* twin-command-text.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "twin-command.h"

G_BEGIN_DECLS

char       *twin_command_describe       (const TwinCommand *command);
const char *twin_command_source_title   (TwinCommandSource  source);
gboolean    twin_command_source_is_remote (TwinCommandSource source);

G_END_DECLS
