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
cJSON              *twin_schema_nullable   (cJSON              *schema,
                                            const char         *description);
cJSON              *twin_schema_typed      (const char         *type,
                                            const char         *description);
cJSON              *twin_schema_enum       (const char * const *values,
                                            const char         *description);
cJSON              *twin_schema_object     (cJSON              *properties,
                                            const char * const *required,
                                            const char         *title,
                                            const char         *description);

/* twin-schema-whatif.c: the what-if documents, built from the pieces
 * above and the state's and the command's own. */
cJSON              *_twin_schema_build_state    (void);
cJSON              *_twin_schema_inputs         (void);
cJSON              *_twin_schema_id             (void);
cJSON              *_twin_schema_build_forecast (void);
cJSON              *_twin_schema_build_predict  (void);
cJSON              *_twin_schema_build_prediction (void);
cJSON              *_twin_schema_build_advise   (void);
cJSON              *_twin_schema_build_advice   (void);

G_END_DECLS
