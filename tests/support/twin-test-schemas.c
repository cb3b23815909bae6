/* twin-test-schemas.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "twin-test-env.h"
#include "twin-test-process.h"
#include "twin-test-schemas.h"

/* Adds to @cases that @instance is @valid or not against @schema, both
 * JSON texts. */
void
twin_test_schema_case_add (cJSON      *cases,
                           const char *name,
                           const char *schema,
                           const char *instance,
                           gboolean    valid)
{
  cJSON *c = cJSON_CreateObject ();
  cJSON *s = cJSON_Parse (schema);
  cJSON *i = cJSON_Parse (instance);

  g_assert_nonnull (s);
  g_assert_nonnull (i);
  cJSON_AddStringToObject (c, "name", name);
  cJSON_AddItemToObject (c, "schema", s);
  cJSON_AddItemToObject (c, "instance", i);
  cJSON_AddBoolToObject (c, "valid", valid);
  cJSON_AddItemToArray (cases, c);
}

/* Every case must come out as it says. */
void
twin_test_schema_cases_check (cJSON *cases)
{
  g_autofree char *dir = g_dir_make_tmp ("twinscope-schema-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "cases.json", NULL);
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "validate-json.py", NULL);
  g_autofree char *out = NULL;
  char *text = cJSON_PrintUnformatted (cases);
  int status;

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  cJSON_free (text);
  out = twin_test_run_tool ((const char *[]) { "python3", script, path, NULL }, NULL, &status);
  if (status != 0)
    g_error ("validate-json.py: %s", out);
  g_assert_nonnull (strstr (out, "0 unexpected"));
  twin_test_remove_tree (dir);
}
