/* twin-test-recording.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the tests of recordings share: commands from JSON, the binary run
 * to success, a session recorded by the binary.
 */

#include <string.h>

#include "twin-json.h"
#include "twin-test-process.h"
#include "twin-test-recording.h"

/* @text: a JSON command, applied from the program */
void
twin_test_apply_json (TwinEngine *engine,
                      const char *text)
{
  g_autoptr(GError) error = NULL;
  TwinCommand command;

  g_assert_true (twin_json_parse_command (text, strlen (text), &command, NULL, &error));
  g_assert_no_error (error);
  command.source = TWIN_COMMAND_SOURCE_PROGRAM;
  g_assert_true (twin_engine_apply_command (engine, &command, &error));
  g_assert_no_error (error);
}

/* Runs the binary, which must exit 0; returns its standard output. */
char *
twin_test_run_ok (const char * const  *args,
                  char               **err)
{
  char *out = NULL;
  g_autofree char *local_err = NULL;

  if (twin_test_run_binary (args, &out, &local_err) != 0)
    g_error ("twinscope %s %s failed: %s", args[0], args[1], local_err);
  if (err != NULL)
    *err = g_steal_pointer (&local_err);
  return out;
}

/* A session recorded by the binary in @dir: two minutes at 1800 rpm and
 * 30 °C; returns the file's path. */
char *
twin_test_record_headless (const char *dir)
{
  char *path = g_build_filename (dir, "headless.mcap", NULL);
  const char *args[] = { "--headless", "--quiet", "--duration", "120", "--time-scale", "10000",
                         "--rpm", "1800", "--ambient", "30", "--record", path, NULL };

  g_free (twin_test_run_ok (args, NULL));
  return path;
}
