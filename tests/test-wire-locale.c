/* test-wire-locale.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The wire stays C under a French locale: the headless binary, run with
 * LC_ALL=fr_FR.UTF-8 and LANGUAGE=fr, writes its states and its CSV with
 * decimal points, and its keys and headers in English; its REST problems
 * too. In the window LC_NUMERIC is the user's, so the engine's and the io
 * layer's messages, which MQTT and REST carry, write their numbers
 * themselves the C way.
 */

#include <cjson/cJSON.h>
#include <libsoup/soup.h>
#include <locale.h>
#include <string.h>

#include "twin-forecast.h"
#include "twin-test-env.h"
#include "twin-test-process.h"

static const char * const french[] = { "LC_ALL", "fr_FR.UTF-8", "LANGUAGE", "fr", NULL };

static void
test_headless_wire_in_french (void)
{
  g_autofree char *dir = g_dir_make_tmp ("twinscope-XXXXXX", NULL);
  g_autofree char *csv = g_build_filename (dir, "history.csv", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) rows = NULL;
  const char *args[] = { "--headless", "--duration", "3", "--time-scale", "1000",
                         "--ambient", "30.5", "--rpm", "1200", "--csv", csv, NULL };
  TwinTestProcess *process = twin_test_process_new (args, (const char * const *) french);

  twin_test_process_wait (process);
  g_assert_cmpint (twin_test_process_get_exit_status (process), ==, 0);

  lines = g_strsplit (g_strchomp ((char *) twin_test_process_get_stdout (process)), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      cJSON *state = cJSON_Parse (lines[i]);

      g_assert_nonnull (state);
      g_assert_cmpfloat (cJSON_GetObjectItem (state, "ambient")->valuedouble, ==, 30.5);
      /* "65.0"-style numbers: a decimal point, never a comma. */
      g_assert_nonnull (strstr (lines[i], "\"ambient\":30.5,"));
      g_assert_nonnull (strstr (lines[i], "\"rpm_setpoint\":1200.0,"));
      g_assert_nonnull (strstr (lines[i], "\"time_scale\":1000.0,"));
      g_assert_true (g_regex_match_simple ("\"temperature\":[0-9]+\\.[0-9]+,", lines[i], 0, 0));
      cJSON_Delete (state);
    }
  twin_test_process_free (process);

  g_assert_true (g_file_get_contents (csv, &contents, NULL, NULL));
  rows = g_strsplit (g_strchomp (contents), "\n", -1);
  /* The old columns first, then the context (since the clarity issue). */
  g_assert_cmpstr (rows[0], ==, "time (s),temperature (°C),vibration (mm/s),rpm (rpm),wear (fraction),ambient (°C),rpm_setpoint (rpm)"
                                ",zone,tripped,alarms,faults,model");
  g_assert_true (g_str_has_prefix (rows[1], "0.000,65,2.1,1500,0,30.5,1200"));
  for (guint i = 1; rows[i] != NULL; i++)
    {
      g_auto(GStrv) cells = g_strsplit (rows[i], ",", -1);

      /* Seven columns and the five of context: a decimal comma would
       * split a cell in two. */
      g_assert_cmpuint (g_strv_length (cells), ==, 7 + 5);
      g_assert_true (g_regex_match_simple ("^[0-9]+\\.[0-9]{3}$", cells[0], 0, 0));
    }

  twin_test_remove_tree (dir);
}

static void
test_headless_problem_in_french (void)
{
  const char *args[] = { "--headless", "--quiet", "--rest-port", "0", NULL };
  TwinTestProcess *process = twin_test_process_new (args, (const char * const *) french);
  g_autofree char *url = twin_test_process_wait_line (process, "REST API at ");
  g_autofree char *controls = NULL;
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 30, NULL);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) command = g_bytes_new_static ("{\"time_scale\":0.05}", 19);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;
  cJSON *problem;

  g_assert_nonnull (url);
  controls = g_strconcat (g_strstrip (url), "controls", NULL);
  msg = soup_message_new ("PATCH", controls);
  soup_message_set_request_body_from_bytes (msg, "application/json", command);
  reply = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 400);

  problem = cJSON_ParseWithLength (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply));
  g_assert_nonnull (problem);
  g_assert_cmpstr (cJSON_GetObjectItem (problem, "detail")->valuestring, ==,
                   "time_scale: 0.05 is out of range; allowed: 0.1 to 10000 ×");
  cJSON_Delete (problem);

  twin_test_process_terminate (process);
  g_assert_cmpint (twin_test_process_get_exit_status (process), ==, 0);
  twin_test_process_free (process);
}

static void
test_messages_under_french_numeric (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;
  TwinForecastSpec spec;

  g_assert_nonnull (setlocale (LC_NUMERIC, "fr_FR.UTF-8"));

  g_assert_false (twin_validate_number ("time_scale", 0.05, 0.1, 10000, "×", &error));
  g_assert_cmpstr (error->message, ==, "time_scale: 0.05 is out of range; allowed: 0.1 to 10000 ×");

  twin_forecast_spec_init (&spec, 600.5, 0.5);
  spec.interval = 0.0005;
  g_assert_false (twin_forecast_spec_validate (&spec, &error2));
  g_assert_nonnull (strstr (error2->message, "0.0005 s is too fine for a horizon of 600.5 s"));

  setlocale (LC_NUMERIC, "C");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* Else the binary would run in C and prove nothing (test.sh generates it). */
  g_assert_nonnull (setlocale (LC_NUMERIC, "fr_FR.UTF-8"));
  g_assert_cmpstr (localeconv ()->decimal_point, ==, ",");
  setlocale (LC_NUMERIC, "C");

  g_test_add_func ("/wire-locale/headless-json-and-csv", test_headless_wire_in_french);
  g_test_add_func ("/wire-locale/headless-rest-problem", test_headless_problem_in_french);
  g_test_add_func ("/wire-locale/messages-under-french-numeric", test_messages_under_french_numeric);

  return g_test_run ();
}
