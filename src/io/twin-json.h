/* twin-json.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cjson/cJSON.h>
#include <glib.h>

#include "twin-engine.h"

G_BEGIN_DECLS

#define TWIN_JSON_ERROR (twin_json_error_quark ())

typedef enum
{
  TWIN_JSON_ERROR_MALFORMED,
  TWIN_JSON_ERROR_INVALID_VALUE,
  TWIN_JSON_ERROR_WRONG_TYPE,
  TWIN_JSON_ERROR_UNKNOWN_FIELD,
} TwinJsonError;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (cJSON, cJSON_Delete)

GQuark twin_json_error_quark (void);

/* Larger commands are refused before they are parsed. */
#define TWIN_JSON_MAX_COMMAND_SIZE 65536
/* Bounds on the work one message may cause, checked in one pass over the
 * text before cJSON builds a tree. No valid document comes near them: a
 * command has 9 fields, 12 values, nests 2 deep (faults) and its longest
 * string is a 128-byte id (768 bytes as \u escapes); a reading has 4
 * fields and 5 values. */
#define TWIN_JSON_MAX_DEPTH        8
#define TWIN_JSON_MAX_FIELDS       32
#define TWIN_JSON_MAX_VALUES       64
#define TWIN_JSON_MAX_STRING       1024
/* Every double reads back exactly from 24 characters or fewer; longer
 * numbers only carry digits a double drops. */
#define TWIN_JSON_MAX_NUMBER_CHARS 63

cJSON    *twin_json_number            (double              value);
cJSON    *twin_json_count             (guint64             value);
gboolean  twin_json_get_count         (const cJSON        *item,
                                       guint64            *out);
cJSON    *twin_json_state_object      (const TwinSnapshot *snapshot);
char     *twin_json_encode_state      (const TwinSnapshot *snapshot,
                                       const char         *forecast);
char     *twin_json_encode_mqtt_state (const TwinSnapshot *snapshot,
                                       const char         *forecast,
                                       guint64             msg_seq);
char     *twin_json_encode_alarm      (const TwinAlarmEvent *event,
                                       const char         *run);
char     *twin_json_encode_reset_event (const char        *run,
                                       const char         *previous_run,
                                       double              ended_at,
                                       gint64              wall_time);
gboolean  twin_json_check_payload     (const char         *data,
                                       gsize               length,
                                       gsize               max_length,
                                       GError            **error);
cJSON    *twin_json_parse_object      (const char         *data,
                                       gsize               length,
                                       GError            **error);
cJSON    *twin_json_parse_object_bounded (const char      *data,
                                       gsize               length,
                                       guint               max_values,
                                       GError            **error);
char     *twin_json_dup_id            (const cJSON        *root);
gboolean  twin_json_check_id          (const cJSON        *item,
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
char     *twin_json_shorten           (const char         *text,
                                       gssize              length);

cJSON *twin_json_controls_object (const TwinCommand *controls);
cJSON *twin_json_command_object  (const TwinCommand *command);

G_END_DECLS
