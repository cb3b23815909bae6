/* test-replay-headless.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * --replay with no display: the same CSV every time, at once or paced at
 * --time-scale; --from starts at a moment with the lines a whole replay
 * prints from there; bad flags and files are refused naming the flag, the
 * value and what is allowed, and nothing runs.
 */

#include <cjson/cJSON.h>
#include <glib/gstdio.h>
#include <string.h>

#include "twin-json.h"
#include "twin-test-process.h"
#include "twin-test-recording.h"

static char *
file_text (const char *path)
{
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

/* The same CSV, byte for byte, from two replays at once and a paced one. */
static void
test_headless_csv (void)
{
  g_autofree char *dir = g_dir_make_tmp ("twin-replay-XXXXXX", NULL);
  g_autofree char *path = twin_test_record_headless (dir);
  const char *csv_names[] = { "a.csv", "b.csv", "paced.csv" };
  g_autofree char *first = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (csv_names); i++)
    {
      g_autofree char *csv = g_build_filename (dir, csv_names[i], NULL);
      const char *at_once[] = { "--replay", path, "--quiet", "--csv", csv, NULL };
      const char *paced[] = { "--replay", path, "--quiet", "--csv", csv, "--time-scale", "200", NULL };
      g_autofree char *err = NULL;
      g_autofree char *text = NULL;

      g_free (twin_test_run_ok (i < 2 ? at_once : paced, &err));
      g_assert_nonnull (strstr (err, i < 2 ? "replayed" : "at 200×"));
      text = file_text (csv);
      g_assert_cmpuint (strlen (text), >, 1000);
      if (first == NULL)
        first = g_steal_pointer (&text);
      else
        g_assert_cmpstr (text, ==, first);
      g_unlink (csv);
    }

  g_unlink (path);
  g_rmdir (dir);
}

/* A state line without the wall time it was printed at and the run's
 * random id. */
static char *
line_without_time (const char *line)
{
  g_autoptr(cJSON) state = cJSON_Parse (line);

  g_assert_nonnull (state);
  cJSON_DeleteItemFromObject (state, "time");
  cJSON_DeleteItemFromObject (state, "run");
  return cJSON_PrintUnformatted (state);
}

/* --from 60.5: the lines from 61 s on, as a whole replay prints them. */
static void
test_headless_from (void)
{
  g_autofree char *dir = g_dir_make_tmp ("twin-replay-XXXXXX", NULL);
  g_autofree char *path = twin_test_record_headless (dir);
  const char *whole[] = { "--replay", path, NULL };
  const char *from[] = { "--replay", path, "--from", "60.5", NULL };
  g_autofree char *all = twin_test_run_ok (whole, NULL);
  g_autofree char *part = twin_test_run_ok (from, NULL);
  g_auto(GStrv) all_lines = g_strsplit (g_strstrip (all), "\n", -1);
  g_auto(GStrv) part_lines = g_strsplit (g_strstrip (part), "\n", -1);
  guint n_all = g_strv_length (all_lines), n_part = g_strv_length (part_lines);

  g_assert_cmpuint (n_all, ==, 120);
  g_assert_cmpuint (n_part, ==, 60);
  g_assert_nonnull (strstr (part_lines[0], "\"timestamp\":61.0"));
  for (guint i = 0; i < n_part; i++)
    {
      g_autofree char *a = line_without_time (all_lines[n_all - n_part + i]);
      g_autofree char *b = line_without_time (part_lines[i]);

      g_assert_cmpstr (b, ==, a);
    }

  g_unlink (path);
  g_rmdir (dir);
}

/* Each refused with the flag, the value and what is allowed, and no state
 * printed. */
static void
test_headless_refused (void)
{
  g_autofree char *dir = g_dir_make_tmp ("twin-replay-XXXXXX", NULL);
  g_autofree char *path = twin_test_record_headless (dir);
  g_autofree char *missing = g_build_filename (dir, "missing.mcap", NULL);
  const struct { const char *args[8]; int status; const char *says[3]; } cases[] = {
    { { "--from", "3", NULL }, 2, { "--from", "only with --replay", NULL } },
    { { "--replay", path, "--from", "abc", NULL }, 2, { "--from", "abc", "allowed: 0 to" } },
    { { "--replay", path, "--from", "-4", NULL }, 2, { "--from", "-4", "allowed: 0 to" } },
    { { "--replay", path, "--from", "500", NULL }, 2, { "--from", "500 s", "allowed: 0 to 120.000 s" } },
    { { "--replay", path, "--shadow-from", path, NULL }, 2, { "--shadow-from", "--replay", "allowed with it" } },
    { { "--shadow-from", path, "--duration", "5", NULL }, 2, { "--shadow-from", "--duration", "allowed with it" } },
    { { "--shadow-from", missing, NULL }, 1, { "--shadow-from", missing, "allowed: a Twinscope recording" } },
    { { "--replay", missing, NULL }, 1, { "--replay", missing, "allowed: a Twinscope recording" } },
    { { "--replay", path, "--time-scale", "0", NULL }, 2, { "--time-scale", "0", "allowed" } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = NULL, *err = NULL;

      g_assert_cmpint (twin_test_run_binary (cases[i].args, &out, &err), ==, cases[i].status);
      for (guint k = 0; k < G_N_ELEMENTS (cases[i].says) && cases[i].says[k] != NULL; k++)
        if (strstr (err, cases[i].says[k]) == NULL)
          g_error ("case %u: \"%s\" does not say \"%s\"", i, err, cases[i].says[k]);
      g_assert_cmpstr (out, ==, "");
    }

  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/replay-headless/csv-byte-identical", test_headless_csv);
  g_test_add_func ("/replay-headless/from", test_headless_from);
  g_test_add_func ("/replay-headless/refused", test_headless_refused);

  return g_test_run ();
}
