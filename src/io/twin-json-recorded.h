/* twin-json-recorded.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cjson/cJSON.h>
#include <glib.h>

#include "twin-command.h"

G_BEGIN_DECLS

char     *twin_json_encode_recorded_command (const TwinCommand  *command,
                                             double              timestamp,
                                             guint64             ended_step);
gboolean  twin_json_parse_recorded_command  (const char         *data,
                                             gsize               length,
                                             TwinCommand        *command,
                                             double             *timestamp,
                                             guint64            *ended_step,
                                             GError            **error);
cJSON    *twin_json_recorded_command_schema (void);

G_END_DECLS
