/* twin-test-mcap.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Recordings as an independent reader sees them: tests/read-mcap.mjs runs
 * @mcap/core, the reference TypeScript library, on the file.
 */

#include "twin-json.h"
#include "twin-test-mcap.h"
#include "twin-test-process.h"

/**
 * twin_test_read_mcap:
 * @mode: "indexed" (through the summary) or "stream" (record by record)
 *
 * Returns: (transfer full): what the reader found; see read-mcap.mjs
 */
cJSON *
twin_test_read_mcap (const char *path,
                     const char *mode)
{
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "read-mcap.mjs", NULL);
  const char *argv[] = { "node", script, mode, path, NULL };
  g_autofree char *out = NULL;
  cJSON *root;
  int status;

  out = twin_test_run_tool (argv, NULL, &status);
  if (status != 0)
    g_error ("@mcap/core could not read %s (%s): %s", path, mode, out);
  root = cJSON_Parse (out);
  g_assert_nonnull (root);
  return root;
}

/* The messages on @topic, as text, with the keys that rightly differ
 * between a session and its replay taken out. */
GPtrArray *
twin_test_mcap_messages (const cJSON *recording,
             const char  *topic,
             const char  *drop1,
             const char  *drop2)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  const cJSON *m;

  cJSON_ArrayForEach (m, cJSON_GetObjectItem (recording, "messages"))
    {
      g_autoptr(cJSON) data = NULL;
      char *text;

      if (!g_str_equal (cJSON_GetObjectItem (m, "topic")->valuestring, topic))
        continue;
      data = cJSON_Parse (cJSON_GetObjectItem (m, "data")->valuestring);
      g_assert_nonnull (data);
      cJSON_DeleteItemFromObject (data, drop1);
      if (drop2 != NULL)
        cJSON_DeleteItemFromObject (data, drop2);
      text = cJSON_PrintUnformatted (data);
      g_ptr_array_add (out, g_strdup (text));
      cJSON_free (text);
    }
  return out;
}

void
twin_test_mcap_assert_same (GPtrArray  *a,
             GPtrArray  *b,
             const char *topic)
{
  g_assert_cmpuint (a->len, >, 0);
  if (a->len != b->len)
    g_error ("%s: %u messages recorded, %u replayed", topic, a->len, b->len);
  for (guint i = 0; i < a->len; i++)
    if (!g_str_equal (a->pdata[i], b->pdata[i]))
      g_error ("%s, message %u:\nrecorded %s\nreplayed %s", topic, i, (char *)a->pdata[i], (char *)b->pdata[i]);
}
