/* twin-test-mcap.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Recordings as an independent reader sees them: tests/read-mcap.mjs runs
 * @mcap/core, the reference TypeScript library, on the file.
 */

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
