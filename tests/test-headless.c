/* test-headless.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Spawns the real binary, as a user or a service manager would.
 */

#include <cjson/cJSON.h>
#include <math.h>
#include <string.h>

#include "twin-headless.h"
#include "twin-test-commands.h"
#include "twin-test-env.h"
#include "twin-test-options.h"
#include "twin-test-process.h"
#include "twin-test-wait.h"

static void
test_headless_run (void)
{
  g_autofree char *dir = g_dir_make_tmp ("twinscope-XXXXXX", NULL);
  g_autofree char *csv = g_build_filename (dir, "history.csv", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) rows = NULL;
  g_autofree char *model_column = NULL;
  char model[32] = "";
  const char *args[] = { "--headless", "--duration", "30", "--time-scale", "1000",
                         "--ambient", "30", "--rpm", "1200", "--csv", csv, NULL };
  int status;

  status = twin_test_run_binary (args, &out, &err);
  g_assert_cmpint (status, ==, 0);

  lines = g_strsplit (g_strchomp (out), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 30);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      cJSON *state = cJSON_Parse (lines[i]);

      g_assert_nonnull (state);
      g_assert_cmpfloat (fabs (cJSON_GetObjectItem (state, "timestamp")->valuedouble - (i + 1)), <, 1e-9);
      g_assert_cmpfloat (cJSON_GetObjectItem (state, "ambient")->valuedouble, ==, 30);
      g_assert_cmpfloat (cJSON_GetObjectItem (state, "rpm_setpoint")->valuedouble, ==, 1200);
      g_assert_true (cJSON_IsNumber (cJSON_GetObjectItem (state, "rpm")));
      g_assert_cmpstr (cJSON_GetObjectItem (state, "model")->valuestring, ==, "physical@3");
      g_strlcpy (model, cJSON_GetObjectItem (state, "model")->valuestring, sizeof model);
      cJSON_Delete (state);
    }

  g_assert_true (g_file_get_contents (csv, &contents, NULL, NULL));
  rows = g_strsplit (g_strchomp (contents), "\n", -1);
  /* The old columns first, then the context. */
  g_assert_cmpstr (rows[0], ==, "time (s),temperature (°C),vibration (mm/s),rpm (rpm),wear (fraction),ambient (°C),rpm_setpoint (rpm)"
                                ",zone,tripped,alarms,faults,model");
  /* 0.0, 0.1, …, 30.0 s */
  g_assert_cmpuint (g_strv_length (rows), ==, 1 + 301);
  g_assert_true (g_str_has_prefix (rows[301], "30.000,"));
  g_assert_true (g_str_has_prefix (rows[1], "0.000,65,2.1,1500,0,30,1200"));
  model_column = g_strdup_printf (",A,false,,,%s", model);
  g_assert_true (g_str_has_suffix (rows[1], model_column));

  twin_test_remove_tree (dir);
}

static void
test_headless_tutorial (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;
  const char *args[] = { "--headless", "--model", "tutorial@1", "--duration", "3",
                         "--time-scale", "100", "--rpm", "2000", NULL };
  double T = 65, vib = 2.1, rpm = 1500;
  cJSON *last;
  int status;

  status = twin_test_run_binary (args, &out, &err);
  g_assert_cmpint (status, ==, 0);
  lines = g_strsplit (g_strchomp (out), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);

  for (int i = 0; i < 6; i++)
    {
      T += (22 - T) * 0.05 * 0.5;
      vib = MAX (0.5, vib + (rpm - 1500) * 0.001);
      rpm = trunc (rpm * 0.999 + 2000 * 0.001);
    }

  last = cJSON_Parse (lines[2]);
  g_assert_cmpfloat (cJSON_GetObjectItem (last, "temperature")->valuedouble, ==, T);
  g_assert_cmpfloat (cJSON_GetObjectItem (last, "vibration")->valuedouble, ==, vib);
  g_assert_cmpint (cJSON_GetObjectItem (last, "rpm")->valueint, ==, (int)rpm);
  g_assert_cmpstr (cJSON_GetObjectItem (last, "model")->valuestring, ==, "tutorial@1");
  cJSON_Delete (last);
}

static void
test_headless_bad_flags (void)
{
  struct { const char *flag; const char *value; const char *expect; } cases[] = {
    { "--ambient", "95", "--ambient: 95 is out of range; allowed: -40 to 80 °C" },
    { "--ambient", "nan", "--ambient: NaN is not a finite number" },
    { "--rpm", "fast", "--rpm: \"fast\" is not a number; allowed: 0 to 4000 rpm" },
    { "--time-scale", "1e9", "--time-scale: 1e+09 is out of range; allowed: 0.1 to 10000" },
    { "--duration", "-5", "--duration: -5 is out of range" },
    { "--model", "physical@9", "--model: \"physical@9\" is not a known model" },
    { "--ambient", "0x10", "--ambient: \"0x10\" is not a number; allowed: -40 to 80 °C" },
    { "--rpm", "0x1p4", "--rpm: \"0x1p4\" is not a number; allowed: 0 to 4000 rpm" },
    { "--ambient", "1e-400", "--ambient: \"1e-400\" is too close to 0 to be represented; allowed: -40 to 80 °C" },
    { "--time-scale", " 2", "--time-scale: \" 2\" is not a number" },
    { "--duration", "5s", "--duration: \"5s\" is not a number" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      const char *args[] = { "--headless", "--duration", "1", cases[i].flag, cases[i].value, NULL };
      int status;

      status = twin_test_run_binary (args, &out, &err);
      g_assert_cmpint (status, ==, 2);
      g_assert_cmpstr (out, ==, "");
      if (strstr (err, cases[i].expect) == NULL)
        g_error ("%s %s: \"%s\" lacks \"%s\"", cases[i].flag, cases[i].value, err, cases[i].expect);
      /* One line. */
      g_assert_cmpint (strchr (err, '\n') - err, ==, (int)strlen (err) - 1);
    }
}

static void
test_headless_bad_rest_allow (void)
{
  /* Room for a NULL after the longest list. */
  struct { const char *args[7]; const char *expect; } cases[] = {
    { { "--rest-allow-host", "twin.example.org" },
      "--rest-allow-host: given without --rest-port; allowed: only with --rest-port N" },
    { { "--rest-allow-origin", "http://localhost:3000" },
      "--rest-allow-origin: given without --rest-port" },
    { { "--rest-port", "0", "--rest-allow-host", "evil_example" },
      "--rest-allow-host: \"evil_example\" is not a host name or IP address; allowed: host names such as" },
    { { "--rest-port", "0", "--rest-allow-host", "a.example,,b.example" },
      "--rest-allow-host: \"\" is not a host name or IP address" },
    { { "--rest-port", "0", "--rest-allow-host", "a.example:8000" },
      "--rest-allow-host: \"a.example:8000\" is not a host name or IP address; allowed: host names such as "
      "twin.example.org or IP addresses, without a port" },
    { { "--rest-port", "0", "--rest-allow-host", "ok.example", "--rest-allow-host", "*" },
      "--rest-allow-host: \"*\" is not a host name" },
    { { "--rest-port", "0", "--rest-allow-origin", "*" },
      "--rest-allow-origin: \"*\" is not an origin; allowed: origins such as http://localhost:3000" },
    { { "--rest-port", "0", "--rest-allow-origin", "null" }, "--rest-allow-origin: \"null\" is not an origin" },
    { { "--rest-port", "0", "--rest-allow-origin", "http://localhost:3000/" },
      "--rest-allow-origin: \"http://localhost:3000/\" is not an origin" },
    { { "--rest-port", "0", "--rest-allow-origin", "file://x" }, "--rest-allow-origin: \"file://x\" is not an origin" },
    { { "--rest-port", "0", "--rest-allow-origin", "" }, "--rest-allow-origin: \"\" is not an origin" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      const char *args[10] = { "--headless", "--duration", "1" };
      int status;

      for (guint j = 0; cases[i].args[j] != NULL; j++)
        args[3 + j] = cases[i].args[j];
      status = twin_test_run_binary (args, &out, &err);
      g_assert_cmpint (status, ==, 2);
      g_assert_cmpstr (out, ==, "");
      if (strstr (err, cases[i].expect) == NULL)
        g_error ("case %u: \"%s\" lacks \"%s\"", i, err, cases[i].expect);
      g_assert_cmpint (strchr (err, '\n') - err, ==, (int)strlen (err) - 1);
    }
}

static void
test_help (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *args[] = { "--help", NULL };
  const char *expect[] = { "--headless", "--duration", "(s,", "--time-scale", "(×,", "--model",
                           "--ambient", "(°C,", "--rpm", "(rpm,", "--csv", "--quiet",
                           "--rest-allow-host=NAME", "--rest-allow-origin=ORIGIN" };
  int status;

  status = twin_test_run_binary (args, &out, &err);
  g_assert_cmpint (status, ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (expect); i++)
    if (strstr (out, expect[i]) == NULL)
      g_error ("--help lacks %s:\n%s", expect[i], out);
}

static void
test_sigterm (void)
{
  g_autofree char *dir = g_dir_make_tmp ("twinscope-XXXXXX", NULL);
  g_autofree char *csv = g_build_filename (dir, "h.csv", NULL);
  const char *args[] = { "--headless", "--quiet", "--csv", csv, NULL };
  g_autoptr(TwinTestProcess) process = twin_test_process_new (args, NULL);

  twin_test_run_for (0.5);
  twin_test_process_terminate (process);
  g_assert_cmpint (twin_test_process_get_exit_status (process), ==, 0);
  g_assert_true (g_file_test (csv, G_FILE_TEST_EXISTS));

  twin_test_remove_tree (dir);
}

/* The options are one command from the command line, which the headless
 * run applies to its engine at step 0 before it starts. */
static void
test_command_applied_from_command_line (void)
{
  const char *args[] = { "--headless", "--quiet", "--duration", "1", "--time-scale", "1000",
                         "--model", "tutorial@1", "--ambient", "30", "--rpm", "1200", NULL };
  const guint fields = TWIN_COMMAND_MODEL | TWIN_COMMAND_AMBIENT | TWIN_COMMAND_RPM_SETPOINT | TWIN_COMMAND_TIME_SCALE;
  g_autoptr(TwinTestCommandLog) all = twin_test_command_log_new (NULL);
  g_autoptr(TwinEngine) engine = twin_engine_new_full (1000, 0.1);
  g_autoptr(TwinTestCommandLog) log = twin_test_command_log_new (engine);
  const TwinCommand *start = NULL;
  TwinOptions options;
  TwinCommand command;

  twin_test_parse_options (&options, args);
  twin_options_get_command (&options, &command);
  g_assert_cmpint (command.source, ==, TWIN_COMMAND_SOURCE_COMMAND_LINE);
  g_assert_cmphex (command.fields, ==, fields);
  g_assert_cmpstr (command.model, ==, "tutorial@1");
  g_assert_cmpfloat (command.ambient, ==, 30);
  g_assert_cmpfloat (command.rpm_setpoint, ==, 1200);
  g_assert_cmpfloat (command.time_scale, ==, 1000);

  twin_engine_advance (engine, 1.0);
  g_assert_true (twin_engine_apply_command (engine, &command, NULL));
  twin_test_command_log_take_one (log, TWIN_COMMAND_SOURCE_COMMAND_LINE, fields, 100);

  /* The headless run, in this process: its engine's one command from the
   * command line comes first of all that are not the engine's own reset. */
  twin_test_command_log_clear (all);
  g_assert_cmpint (twin_headless_run (&options), ==, 0);
  for (guint i = 0; i < twin_test_command_log_get_count (all); i++)
    {
      const TwinCommand *c = twin_test_command_log_get (all, i);

      if (c->source == TWIN_COMMAND_SOURCE_PROGRAM && c->fields == TWIN_COMMAND_RESET)
        continue;
      start = c;
      break;
    }
  g_assert_nonnull (start);
  g_assert_cmpint (start->source, ==, TWIN_COMMAND_SOURCE_COMMAND_LINE);
  g_assert_cmphex (start->fields, ==, fields);
  g_assert_cmpuint (start->step, ==, 0);
  twin_options_clear (&options);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/headless/run/states-each-second-and-csv", test_headless_run);
  g_test_add_func ("/headless/run/tutorial-state-for-state", test_headless_tutorial);
  g_test_add_func ("/headless/flags/bad-value-exit-2-one-line", test_headless_bad_flags);
  g_test_add_func ("/headless/flags/bad-rest-allow-exit-2-one-line", test_headless_bad_rest_allow);
  g_test_add_func ("/headless/flags/help-lists-options-with-units", test_help);
  g_test_add_func ("/headless/run/sigterm-exits-0-with-csv", test_sigterm);
  g_test_add_func ("/headless/command-applied/source-command-line", test_command_applied_from_command_line);

  return g_test_run ();
}
