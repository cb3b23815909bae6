/* twin-test-schemas.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Wire messages checked against their JSON Schemas by a real validator
 * (tests/validate-json.py, python3-jsonschema).
 */

#pragma once

#include <cjson/cJSON.h>
#include <glib.h>

G_BEGIN_DECLS

void twin_test_schema_case_add  (cJSON      *cases,
                                 const char *name,
                                 const char *schema,
                                 const char *instance,
                                 gboolean    valid);
void twin_test_schema_cases_check (cJSON    *cases);

G_END_DECLS
