/* twin-schema.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

const char * const *twin_schema_get_names  (void);
const char         *twin_schema_get        (const char *name);
const char         *twin_schema_get_openapi (void);

G_END_DECLS
