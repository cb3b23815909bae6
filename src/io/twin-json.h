/* twin-json.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cjson/cJSON.h>
#include <glib.h>

#include "twin-engine.h"

G_BEGIN_DECLS

/* Larger commands are refused before they are parsed. */
#define TWIN_JSON_MAX_COMMAND_SIZE 65536

cJSON    *twin_json_number            (double              value);
cJSON    *twin_json_state_object      (const TwinSnapshot *snapshot);
char     *twin_json_encode_state      (const TwinSnapshot *snapshot);
gboolean  twin_json_check_payload     (const char         *data,
                                       gsize               length,
                                       gsize               max_length,
                                       GError            **error);
cJSON    *twin_json_parse_object      (const char         *data,
                                       gsize               length,
                                       GError            **error);
gboolean  twin_json_command_from_object (const cJSON      *root,
                                       TwinCommand        *command,
                                       GError            **error);
gboolean  twin_json_parse_command     (const char         *data,
                                       gsize               length,
                                       TwinCommand        *command,
                                       char              **id_json,
                                       GError            **error);
gboolean  twin_json_parse_reading     (const char         *data,
                                       gsize               length,
                                       TwinReading        *reading,
                                       GError            **error);
char     *twin_json_command_reply     (const char         *id_json,
                                       const GError       *error);

G_END_DECLS
