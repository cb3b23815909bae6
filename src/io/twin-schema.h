/* twin-schema.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cjson/cJSON.h>
#include <glib.h>

G_BEGIN_DECLS

const char * const *twin_schema_get_names  (void);
const char         *twin_schema_get        (const char         *name);

cJSON              *twin_schema_build      (const char         *name);
cJSON              *twin_schema_number     (double              min,
                                            double              max,
                                            const char         *description);
cJSON              *twin_schema_typed      (const char         *type,
                                            const char         *description);
cJSON              *twin_schema_enum       (const char * const *values,
                                            const char         *description);
cJSON              *twin_schema_object     (cJSON              *properties,
                                            const char * const *required,
                                            const char         *title,
                                            const char         *description);

G_END_DECLS
