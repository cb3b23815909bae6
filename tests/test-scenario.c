/* test-scenario.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Scenarios: the shipped ones follow data/scenario.schema.json and read in
 * Twinscope; each is won by an operator who acts as its hints say and lost
 * by one who does nothing; bad scenarios are refused alike by the schema and
 * by Twinscope, with the field named; the score's rules; and the headless
 * --scenario that gates CI.
 */

#include <glib/gstdio.h>
#include <string.h>

#include "twin-json.h"
#include "twin-json-scenario.h"
#include "twin-json-score.h"
#include "twin-scenario-run.h"
#include "twin-test-mcap.h"
#include "twin-test-process.h"
#include "twin-test-rest.h"
#include "twin-test-wait.h"
#include "twin-test-schemas.h"

static const char * const shipped[] = {
  "heat-wave", "cooling-failure", "resonance-sweep", "bearing-wear", "keep-it-running", "find-the-fault",
};

static char *
scenario_path (const char *id)
{
  g_autofree char *name = g_strconcat (id, ".json", NULL);

  return g_test_build_filename (G_TEST_DIST, "..", "data", "scenarios", name, NULL);
}

static char *
schema_text (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "scenario.schema.json", NULL);
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

static TwinScenario *
load (const char *id)
{
  g_autofree char *path = scenario_path (id);
  g_autoptr(GError) error = NULL;
  TwinScenario *scenario = twin_json_scenario_load (path, &error);

  g_assert_no_error (error);
  return scenario;
}

static void
test_shipped_valid (void)
{
  g_autofree char *schema = schema_text ();
  cJSON *cases = cJSON_CreateArray ();
  g_autoptr(GDir) dir = NULL;
  g_autofree char *dir_path = g_test_build_filename (G_TEST_DIST, "..", "data", "scenarios", NULL);
  const char *name;
  guint n = 0;

  /* Every file in data/scenarios, not only the list: none slips by. */
  dir = g_dir_open (dir_path, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      g_autofree char *text = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(TwinScenario) scenario = NULL;

      g_assert_true (g_str_has_suffix (name, ".json"));
      g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
      twin_test_schema_case_add (cases, name, schema, text, TRUE);
      scenario = twin_json_scenario_load (path, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (scenario->checks->len, >, 0);
      n++;
    }
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (shipped));
  twin_test_schema_cases_check (cases);
  cJSON_Delete (cases);
}

static char *
checksum_of (const char *path)
{
  g_autoptr(GMappedFile) file = g_mapped_file_new (path, FALSE, NULL);

  g_assert_nonnull (file);
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *)g_mapped_file_get_contents (file),
                                      g_mapped_file_get_length (file));
}

/* Each shipped scenario, run headless twice: byte-identical CSV and score
 * sheet. */
static void
test_shipped_deterministic (void)
{
  g_autofree char *dir = g_dir_make_tmp ("twin-scenario-XXXXXX", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (shipped); i++)
    {
      g_autofree char *path = scenario_path (shipped[i]);
      char *sums[2] = { NULL, NULL }, *sheets[2] = { NULL, NULL };

      for (guint run = 0; run < 2; run++)
        {
          g_autofree char *csv_name = g_strdup_printf ("%s-%u.csv", shipped[i], run);
          g_autofree char *csv = g_build_filename (dir, csv_name, NULL);
          const char *args[] = { "--scenario", path, "--csv", csv, "--quiet", NULL };
          g_autofree char *err = NULL;
          int status = twin_test_run_binary (args, &sheets[run], &err);

          g_assert_true (status == 0 || status == 1);
          sums[run] = checksum_of (csv);
          g_unlink (csv);
        }
      g_test_message ("%s: CSV sha256 %s", shipped[i], sums[0]);
      g_assert_cmpstr (sums[0], ==, sums[1]);
      g_assert_cmpstr (sheets[0], ==, sheets[1]);
      g_assert_nonnull (strstr (sheets[0], "\"score\""));
      for (guint run = 0; run < 2; run++)
        {
          g_free (sums[run]);
          g_free (sheets[run]);
        }
    }
  g_rmdir (dir);
}

typedef struct
{
  double      at;
  const char *command;    /* from REST, or "diagnose:FAULT" */
} Action;

typedef struct
{
  const char *id;
  Action      actions[3];
} Operator;

/* What an operator who follows the hints does. */
static const Operator good[] = {
  { "heat-wave", { { 700, "{\"rpm_setpoint\": 1200}" } } },
  { "cooling-failure", { { 130, "{\"rpm_setpoint\": 1100}" } } },
  { "resonance-sweep", { { 245, "{\"rpm_setpoint\": 2000}" } } },
  { "bearing-wear", { { 60, "{\"rpm_setpoint\": 1000}" } } },
  { "keep-it-running", { { 70, "{\"rpm_setpoint\": 1800}" } } },
  { "find-the-fault", { { 300, "diagnose:bearing_defect" } } },
};

/* At @a's time, the operator names a fault or sends a command over REST. */
static void
act (TwinEngine      *engine,
     TwinScenarioRun *run,
     const Action    *a)
{
  g_autoptr(GError) error = NULL;
  TwinCommand command;

  twin_scenario_run_advance (run, a->at);
  if (g_str_has_prefix (a->command, "diagnose:"))
    {
      g_assert_true (twin_scenario_run_diagnose (run, a->command + strlen ("diagnose:")));
      return;
    }
  g_assert_true (twin_json_parse_command (a->command, strlen (a->command), &command, NULL, &error));
  command.source = TWIN_COMMAND_SOURCE_REST;
  g_assert_true (twin_engine_apply_command (engine, &command, &error));
}

static TwinScore *
play (TwinEngine      *engine,
      const Operator  *op,
      TwinScenarioRun **out)
{
  g_autoptr(GError) error = NULL;
  TwinScenario *scenario = load (op->id);
  TwinScenarioRun *run = twin_scenario_run_new (engine, scenario, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (op->actions) && op->actions[i].command != NULL; i++)
    act (engine, run, &op->actions[i]);
  twin_scenario_run_advance (run, G_MAXDOUBLE);
  *out = run;
  return twin_scenario_run_get_score (run);
}

static void
test_shipped_winnable (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(TwinEngine) engine = twin_engine_new ();
      g_autoptr(TwinScenarioRun) run = NULL;
      TwinScore *score = play (engine, &good[i], &run);
      g_autofree char *sheet = twin_json_score_sheet (twin_scenario_run_get_scenario (run), score);

      g_test_message ("%s", sheet);
      g_assert_true (twin_score_is_finished (score));
      if (!twin_score_passed (score) || twin_score_get_total (score) != 100)
        g_error ("%s, played well, scored: %s", good[i].id, sheet);
    }
}

static void
test_shipped_unattended_fail (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (shipped); i++)
    {
      g_autoptr(TwinEngine) engine = twin_engine_new ();
      g_autoptr(TwinScenarioRun) run = NULL;
      Operator idle = { shipped[i], { { 0 } } };
      TwinScore *score = play (engine, &idle, &run);

      g_assert_false (twin_score_passed (score));
      g_assert_cmpuint (twin_score_get_failed (score), >, 0);
    }
}

/* A wrong diagnosis fails the check at once; a scenario's own commands do
 * not count as the operator's. */
static void
test_wrong_diagnosis (void)
{
  g_autoptr(TwinEngine) engine = twin_engine_new ();
  g_autoptr(TwinScenarioRun) run = NULL;
  Operator wrong = { "find-the-fault", { { 300, "diagnose:cooling_degraded" } } };
  TwinScore *score = play (engine, &wrong, &run);

  g_assert_cmpint (twin_score_get_result (score, 0)->status, ==, TWIN_CHECK_FAILED);
  g_assert_cmpfloat (twin_score_get_result (score, 0)->decided_at, ==, 300);
  g_assert_true (twin_scenario_hides_fault (twin_scenario_run_get_scenario (run), "bearing_defect"));
  g_assert_false (twin_scenario_hides_fault (twin_scenario_run_get_scenario (run), "cooling_degraded"));
}

/* Each kind of check, on a scenario made for it, passed by one operator
 * and failed by another. */
typedef struct
{
  const char *timeline;
  const char *check;
  Action      pass;
  Action      fail;
} CheckCase;

static const CheckCase check_cases[] = {
  { "[]", "{\"id\": \"c\", \"title\": \"c\", \"kind\": \"event\", \"event\": \"vibration_zone_c\", \"weight\": 1}",
    { 5, "{\"rpm_setpoint\": 2250}" }, { 0, NULL } },
  { "[]", "{\"id\": \"c\", \"title\": \"c\", \"kind\": \"event\", \"event\": \"tripped\", \"expect\": false, \"weight\": 1}",
    { 0, NULL }, { 5, "{\"rpm_setpoint\": 2450}" } },
  { "[]", "{\"id\": \"c\", \"title\": \"c\", \"kind\": \"bounds\", \"channel\": \"rpm\", \"max\": 1700, \"weight\": 1}",
    { 0, NULL }, { 5, "{\"rpm_setpoint\": 2000}" } },
  { "[]", "{\"id\": \"c\", \"title\": \"c\", \"kind\": \"acts_before\", \"input\": \"rpm_setpoint\", \"below\": 1200,"
    " \"event\": \"tripped\", \"weight\": 1}",
    { 5, "{\"rpm_setpoint\": 1000}" }, { 0, NULL } },
  { "[]", "{\"id\": \"c\", \"title\": \"c\", \"kind\": \"acts_before\", \"input\": \"ambient\", \"above\": 30,"
    " \"event\": \"temperature_warning\", \"weight\": 1}",
    { 5, "{\"ambient\": 35}" }, { 0, NULL } },
  { "[{\"at\": 10, \"set\": {\"faults\": {\"bearing_defect\": true}}, \"hidden\": true}]",
    "{\"id\": \"c\", \"title\": \"c\", \"kind\": \"diagnosis\", \"fault\": \"bearing_defect\", \"weight\": 1}",
    { 30, "diagnose:bearing_defect" }, { 30, "diagnose:cooling_degraded" } },
};

static TwinCheckStatus
play_check (const CheckCase *c,
            const Action    *action)
{
  g_autofree char *text = g_strdup_printf ("{\"title\": \"t\", \"description\": \"d\", \"duration\": 120,"
                                           " \"setup\": {\"model\": \"physical@3\", \"ambient\": 22,"
                                           " \"rpm_setpoint\": 1500, \"start\": \"steady\"},"
                                           " \"timeline\": %s, \"checks\": [%s]}", c->timeline, c->check);
  g_autoptr(GError) error = NULL;
  g_autoptr(TwinEngine) engine = twin_engine_new ();
  g_autoptr(TwinScenarioRun) run = NULL;
  TwinScenario *scenario = twin_json_scenario_parse (text, strlen (text), "check", &error);

  g_assert_no_error (error);
  run = twin_scenario_run_new (engine, scenario, &error);
  g_assert_no_error (error);
  if (action->command != NULL)
    act (engine, run, action);
  twin_scenario_run_advance (run, G_MAXDOUBLE);
  return twin_score_get_result (twin_scenario_run_get_score (run), 0)->status;
}

static void
test_each_check_kind (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (check_cases); i++)
    {
      TwinCheckStatus passed = play_check (&check_cases[i], &check_cases[i].pass);
      TwinCheckStatus failed = play_check (&check_cases[i], &check_cases[i].fail);

      if (passed != TWIN_CHECK_PASSED || failed != TWIN_CHECK_FAILED)
        g_error ("%s: the run made to pass gave %d, the one made to fail %d", check_cases[i].check, passed, failed);
    }
}

static void
count_caption_cb (TwinScenarioRun *run,
                  const char      *text,
                  guint           *n)
{
  g_assert_cmpstr (text, ==, "warm");
  (*n)++;
}

/* Bounds cost their penalty per second out; hints cost theirs. */
static void
test_score_rules (void)
{
  static const char text[] =
    "{\"title\": \"t\", \"description\": \"d\", \"duration\": 100, \"hint_cost\": 5, \"pass_mark\": 50,"
    " \"setup\": {\"model\": \"physical@2\", \"ambient\": 22, \"rpm_setpoint\": 1500, \"start\": \"steady\"},"
    " \"timeline\": [{\"at\": 20, \"set\": {\"ambient\": 40}, \"caption\": \"warm\"}],"
    " \"checks\": [{\"id\": \"b\", \"title\": \"under 70\", \"kind\": \"bounds\", \"channel\": \"temperature\","
    "   \"max\": 70, \"penalty\": 1, \"weight\": 100, \"from\": 0, \"to\": 50}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(TwinEngine) engine = twin_engine_new ();
  g_autoptr(TwinScenarioRun) run = NULL;
  TwinScenario *scenario = twin_json_scenario_parse (text, strlen (text), "rules", &error);
  guint captions = 0;
  const TwinCheckResult *r;
  TwinScore *score;

  g_assert_no_error (error);
  run = twin_scenario_run_new (engine, scenario, &error);
  g_assert_no_error (error);
  g_signal_connect (run, "caption", G_CALLBACK (count_caption_cb), &captions);
  twin_scenario_run_advance (run, 100);
  g_assert_cmpuint (captions, ==, 1);
  score = twin_scenario_run_get_score (run);
  r = twin_score_get_result (score, 0);
  /* 40 °C ambient from 20 s: above 70 °C some seconds before 50 s. */
  g_assert_cmpfloat (r->out_seconds, >, 5);
  g_assert_cmpfloat (r->out_seconds, <, 30);
  g_assert_cmpfloat_with_epsilon (r->points, 100 - r->out_seconds, 1e-9);
  g_assert_cmpint (r->status, ==, TWIN_CHECK_PASSED);
  g_assert_cmpfloat_with_epsilon (twin_score_get_total (score), 100 - r->out_seconds, 1e-9);
  twin_score_use_hint (score);
  g_assert_cmpfloat_with_epsilon (twin_score_get_total (score), 95 - r->out_seconds, 1e-9);
}

typedef struct
{
  const char *text;
  const char *message;
} Bad;

#define BASE "\"title\": \"t\", \"description\": \"d\", \"duration\": 100"
#define CHECK "{\"id\": \"c\", \"title\": \"c\", \"kind\": \"event\", \"event\": \"tripped\", \"weight\": 1}"

static const Bad bad[] = {
  { "{\"description\": \"d\", \"duration\": 100, \"checks\": [" CHECK "]}", "title" },
  { "{" BASE ", \"checks\": []}", "checks" },
  { "{" BASE ", \"duration\": 0, \"checks\": [" CHECK "]}", "duration" },
  { "{" BASE ", \"speed\": 3, \"checks\": [" CHECK "]}", "speed: unknown field" },
  { "{" BASE ", \"checks\": [{\"id\": \"c\", \"title\": \"c\", \"kind\": \"guess\", \"weight\": 1}]}", "checks[0].kind" },
  { "{" BASE ", \"checks\": [{\"id\": \"c\", \"title\": \"c\", \"kind\": \"event\", \"event\": \"fire\", \"weight\": 1}]}",
    "checks[0].event" },
  { "{" BASE ", \"checks\": [{\"id\": \"c\", \"title\": \"c\", \"kind\": \"bounds\", \"channel\": \"temperature\", \"weight\": 1}]}",
    "min, max or both" },
  { "{" BASE ", \"checks\": [{\"id\": \"c\", \"title\": \"c\", \"kind\": \"acts_before\", \"input\": \"rpm_setpoint\","
    " \"event\": \"tripped\", \"weight\": 1}]}", "either below or above" },
  { "{" BASE ", \"timeline\": [{\"at\": 5, \"set\": {\"ambient\": 95}}], \"checks\": [" CHECK "]}", "timeline[0].set" },
  { "{" BASE ", \"timeline\": [{\"at\": 500, \"caption\": \"late\"}], \"checks\": [" CHECK "]}", "timeline[0].at" },
  { "{" BASE ", \"timeline\": [{\"at\": 5, \"set\": {\"reset\": true}}], \"checks\": [" CHECK "]}", "timeline[0].set" },
  { "{" BASE ", \"timeline\": [{\"at\": 5, \"caption\": \"x\", \"hidden\": true}], \"checks\": [" CHECK "]}",
    "hidden is for an item that sets a fault" },
  { "{" BASE ", \"setup\": {\"rpm_setpoint\": 9000}, \"checks\": [" CHECK "]}", "setup" },
  { "{" BASE ", \"setup\": {\"start\": \"hot\"}, \"checks\": [" CHECK "]}", "setup.start" },
  { "{\"title\": {\"fr\": \"Titre\"}, \"description\": \"d\", \"duration\": 100, \"checks\": [" CHECK "]}",
    "title: missing en" },
  { "{\"title\": {\"en\": \"T\", \"French\": \"T\"}, \"description\": \"d\", \"duration\": 100, \"checks\": [" CHECK "]}",
    "title.French: allowed: language codes" },
  { "{" BASE ", \"hints\": [\"a\", {\"en\": \"\"}], \"checks\": [" CHECK "]}", "hints[1].en" },
  { "{" BASE ", \"checks\": [{\"id\": {\"en\": \"c\"}, \"title\": \"c\", \"kind\": \"event\", \"event\": \"tripped\", \"weight\": 1}]}",
    "checks[0].id: allowed: a text" },
};

static void
test_refused (void)
{
  g_autofree char *schema = schema_text ();
  cJSON *cases = cJSON_CreateArray ();

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      TwinScenario *scenario = twin_json_scenario_parse (bad[i].text, strlen (bad[i].text), "bad", &error);
      g_autofree char *name = g_strdup_printf ("bad scenario %u", i);

      g_assert_null (scenario);
      g_assert_nonnull (error);
      if (strstr (error->message, bad[i].message) == NULL)
        g_error ("%s: \"%s\" does not say \"%s\"", bad[i].text, error->message, bad[i].message);
      /* "hidden" on a caption and time order are Twinscope's own rules. */
      if (strstr (bad[i].message, "hidden") == NULL && strstr (bad[i].message, "timeline[0].at") == NULL &&
          strstr (bad[i].text, "reset") == NULL)
        twin_test_schema_case_add (cases, name, schema, bad[i].text, FALSE);
    }
  twin_test_schema_cases_check (cases);
  cJSON_Delete (cases);
}

/* The trainee reads the scenario in the language of the locale, else in
 * English; the ids and the numbers do not change. */
static void
test_texts_in_the_locale (void)
{
  const char *before = g_getenv ("LANGUAGE");
  g_autofree char *saved = g_strdup (before);
  g_autoptr(TwinScenario) fr = NULL, pt = NULL;
  const TwinCheck *check;

  g_setenv ("LANGUAGE", "fr_CA:fr", TRUE);
  fr = load ("heat-wave");
  g_setenv ("LANGUAGE", "pt_BR", TRUE);
  pt = load ("heat-wave");
  if (saved != NULL)
    g_setenv ("LANGUAGE", saved, TRUE);
  else
    g_unsetenv ("LANGUAGE");

  g_assert_cmpstr (fr->title, ==, "Canicule");
  g_assert_true (g_str_has_prefix (fr->description, "L’après-midi"));
  g_assert_true (g_str_has_prefix (g_ptr_array_index (fr->hints, 1), "À 65 °C"));
  g_assert_cmpstr (g_array_index (fr->timeline, TwinTimelineItem, 1).caption, ==, "Fin de matinée\u00a0: 35 °C.");
  check = &g_array_index (fr->checks, TwinCheck, 0);
  g_assert_cmpstr (check->id, ==, "no-trip");
  g_assert_cmpstr (check->title, ==, "La machine ne se déclenche jamais");

  g_assert_cmpstr (pt->title, ==, "Heat wave");
  g_assert_cmpstr (g_array_index (pt->timeline, TwinTimelineItem, 1).caption, ==, "Late morning: 35 °C.");
  g_assert_cmpfloat (pt->duration, ==, fr->duration);
  g_assert_cmpuint (pt->checks->len, ==, fr->checks->len);
}

static void
test_headless (void)
{
  g_autofree char *path = scenario_path ("keep-it-running");
  const char *args[] = { "--scenario", path, "--quiet", NULL };
  const char *missing[] = { "--scenario", "/nonexistent-dir/x.json", NULL };
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(cJSON) sheet = NULL;

  g_assert_cmpint (twin_test_run_binary (args, &out, &err), ==, 1);
  sheet = cJSON_Parse (out);
  g_assert_nonnull (sheet);
  g_assert_cmpstr (cJSON_GetObjectItem (sheet, "scenario")->valuestring, ==, "keep-it-running");
  g_assert_false (cJSON_IsTrue (cJSON_GetObjectItem (sheet, "passed")));
  g_assert_cmpint (cJSON_GetObjectItem (sheet, "failed")->valueint, ==, 2);
  g_assert_cmpint (cJSON_GetArraySize (cJSON_GetObjectItem (sheet, "checks")), ==, 2);
  g_assert_nonnull (strstr (err, "Keep it running: 0/100"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (twin_test_run_binary (missing, &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "/nonexistent-dir/x.json"));
}

static gboolean
past_62_s (gpointer data)
{
  TwinTestReply reply = { 0 };
  g_autoptr(cJSON) state = NULL;
  double t;

  twin_test_rest_request (data, "GET", "/state", NULL, NULL, 0, NULL, &reply);
  state = cJSON_Parse (reply.body);
  t = cJSON_GetObjectItem (state, "timestamp")->valuedouble;
  twin_test_reply_clear (&reply);
  return t >= 62;
}

/* With --time-scale the scenario plays in real time: an operator on REST
 * acts after production's request, and the run passes and ends by itself
 * at the scenario's duration. */
static void
test_live_over_rest (void)
{
  g_autofree char *path = scenario_path ("keep-it-running");
  const char *args[] = { "--scenario", path, "--time-scale", "200", "--rest-port", "0", "--quiet", NULL };
  g_autoptr(TwinTestProcess) process = twin_test_process_new (args, NULL);
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 30, NULL);
  g_autofree char *url = twin_test_process_wait_line (process, "REST API at ");
  TwinTestRest rest = { .session = session, .base = url };
  TwinTestReply reply = { 0 };
  g_autoptr(cJSON) sheet = NULL;

  g_assert_nonnull (url);
  twin_test_wait_until (past_62_s, &rest, 60, "production's request for 2000 rpm");
  twin_test_rest_request (&rest, "PATCH", "/controls", "application/json", "{\"rpm_setpoint\": 1800}", -1,
                          NULL, &reply);
  g_assert_cmpuint (reply.status, ==, 200);
  twin_test_reply_clear (&reply);

  twin_test_process_wait (process);
  g_assert_cmpint (twin_test_process_get_exit_status (process), ==, 0);
  sheet = cJSON_Parse (twin_test_process_get_stdout (process));
  g_assert_nonnull (sheet);
  g_assert_true (cJSON_IsTrue (cJSON_GetObjectItem (sheet, "passed")));
  g_assert_cmpfloat (cJSON_GetObjectItem (sheet, "score")->valuedouble, ==, 100);
}

/* A scenario recorded replays bit for bit: its setup and timeline are
 * commands like any other. */
static void
test_recorded_replays (void)
{
  g_autofree char *path = scenario_path ("resonance-sweep");
  g_autofree char *dir = g_dir_make_tmp ("twin-scenario-XXXXXX", NULL);
  g_autofree char *a_path = g_build_filename (dir, "scenario.mcap", NULL);
  g_autofree char *b_path = g_build_filename (dir, "replay.mcap", NULL);
  const char *record[] = { "--scenario", path, "--quiet", "--record", a_path, NULL };
  const char *replay[] = { "--replay", a_path, "--quiet", "--record", b_path, NULL };
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GPtrArray) in_a = NULL;
  g_autoptr(GPtrArray) in_b = NULL;
  cJSON *a, *b;

  g_assert_cmpint (twin_test_run_binary (record, &out, &err), ==, 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (twin_test_run_binary (replay, &out, &err), ==, 0);
  a = twin_test_read_mcap (a_path, "indexed");
  b = twin_test_read_mcap (b_path, "indexed");
  in_a = twin_test_mcap_messages (a, "/state", "time", "run");
  in_b = twin_test_mcap_messages (b, "/state", "time", "run");
  /* The sweep, past its captions, ends in zone D's trip at 2400 rpm. */
  g_assert_cmpuint (in_a->len, ==, 6001);
  twin_test_mcap_assert_same (in_a, in_b, "/state");
  g_clear_pointer (&in_a, g_ptr_array_unref);
  g_clear_pointer (&in_b, g_ptr_array_unref);
  in_a = twin_test_mcap_messages (a, "/alarms", "run", NULL);
  in_b = twin_test_mcap_messages (b, "/alarms", "run", NULL);
  twin_test_mcap_assert_same (in_a, in_b, "/alarms");
  cJSON_Delete (a);
  cJSON_Delete (b);
  g_unlink (a_path);
  g_unlink (b_path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/scenario/shipped/follow-the-schema-and-read", test_shipped_valid);
  g_test_add_func ("/scenario/shipped/won-by-acting", test_shipped_winnable);
  g_test_add_func ("/scenario/shipped/deterministic-csv-and-score", test_shipped_deterministic);
  g_test_add_func ("/scenario/shipped/lost-by-doing-nothing", test_shipped_unattended_fail);
  g_test_add_func ("/scenario/diagnosis/wrong-answer-fails", test_wrong_diagnosis);
  g_test_add_func ("/scenario/score/penalty-and-hints", test_score_rules);
  g_test_add_func ("/scenario/score/each-check-kind-passes-and-fails", test_each_check_kind);
  g_test_add_func ("/scenario/refused-with-the-field", test_refused);
  g_test_add_func ("/scenario/texts-in-the-locale", test_texts_in_the_locale);
  g_test_add_func ("/scenario/headless-gates-ci", test_headless);
  g_test_add_func ("/scenario/recorded-replays-bit-for-bit", test_recorded_replays);
  g_test_add_func ("/scenario/live-over-rest", test_live_over_rest);

  return g_test_run ();
}
