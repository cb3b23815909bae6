/* test-branch.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The what-if controller on a real engine and forecaster: the branch is
 * forecast without touching the live twin, Apply is one command, Cancel
 * none, and the caption says what the branch will do.
 */

#include <math.h>

#include "twin-forecast-text.h"
#include "twin-test-commands.h"
#include "twin-test-wait.h"
#include "twin-branch.h"

typedef struct
{
  TwinBranch *branch;
  guint       results;
} Waiting;

static gboolean
has_new_result (gpointer data)
{
  Waiting *w = data;

  return twin_branch_get_n_results (w->branch) > w->results;
}

static void
wait_for_result (TwinBranch *branch)
{
  Waiting w = { branch, twin_branch_get_n_results (branch) };

  twin_test_wait_until (has_new_result, &w, 30, "a forecast of the what-if branch");
}

/* Forecasts of the branch come back until one of the newest request has
 * arrived, whose end inputs are the branch's. */
static void
wait_for_branch (TwinBranch *branch,
                 double      rpm_setpoint)
{
  for (guint i = 0; i < 100; i++)
    {
      const TwinForecast *course = twin_branch_get_course (branch);

      if (course != NULL && course->end.inputs.rpm_setpoint == rpm_setpoint)
        return;
      wait_for_result (branch);
    }
  g_assert_not_reached ();
}

static TwinEngine *
new_engine (void)
{
  TwinEngine *engine = twin_engine_new ();

  twin_engine_set_paused (engine, TRUE);
  twin_engine_advance (engine, 5);
  return engine;
}

static void
test_branch_forecast_leaves_live_alone (void)
{
  g_autoptr(TwinEngine) engine = new_engine ();
  g_autoptr(TwinForecaster) forecaster = twin_forecaster_new ();
  g_autoptr(TwinBranch) branch = twin_branch_new (engine, forecaster);
  g_autoptr(TwinTestCommandLog) log = twin_test_command_log_new (engine);
  TwinCommand change = { .fields = TWIN_COMMAND_RPM_SETPOINT | TWIN_COMMAND_AMBIENT,
                         .rpm_setpoint = 3000, .ambient = 38 };
  TwinCommand inputs;
  g_autofree char *caption = NULL;

  twin_branch_set_active (branch, TRUE);
  g_assert_true (twin_branch_edit (branch, &change, NULL));
  wait_for_branch (branch, 3000);

  /* Hot and fast: the branch warns and trips; the live twin never heard of it. */
  g_assert_true (isfinite (twin_branch_get_course (branch)->raised[0]));
  g_assert_cmpfloat (twin_engine_get_rpm_setpoint (engine), ==, 1500);
  g_assert_cmpuint (twin_test_command_log_get_count (log), ==, 0);

  twin_branch_get_inputs (branch, &inputs);
  g_assert_cmpfloat (inputs.rpm_setpoint, ==, 3000);
  g_assert_cmpfloat (inputs.ambient, ==, 38);
  g_assert_false (inputs.cooling_degraded);

  caption = twin_branch_dup_caption (branch);
  g_assert_nonnull (strstr (caption, "Temperature reaches the 85 °C warning in "));
  g_assert_nonnull (strstr (caption, "Vibration enters zone "));
  g_assert_null (strstr (caption, "zone C in ") != NULL && strstr (caption, "zone D in ") != NULL ? "" : NULL);
  g_assert_nonnull (strstr (caption, " · RUL\u00a0"));
  g_assert_nonnull (strstr (caption, "\u00a0h\u00a0→\u00a0"));
}

static gboolean
has_ensemble (gpointer data)
{
  return twin_branch_get_ensemble (data) != NULL;
}

/* Once the branch holds, its ensemble: the caption gives the range. */
static void
test_ensemble_range_in_caption (void)
{
  g_autoptr(TwinEngine) engine = new_engine ();
  g_autoptr(TwinForecaster) forecaster = twin_forecaster_new ();
  g_autoptr(TwinBranch) branch = twin_branch_new (engine, forecaster);
  TwinCommand change = { .fields = TWIN_COMMAND_RPM_SETPOINT | TWIN_COMMAND_AMBIENT,
                         .rpm_setpoint = 3200, .ambient = 40 };
  TwinCommand other = { .fields = TWIN_COMMAND_RPM_SETPOINT, .rpm_setpoint = 3300 };
  g_autofree char *caption = NULL;
  const TwinEnsemble *ensemble;

  twin_branch_set_members (branch, 16);
  twin_branch_set_active (branch, TRUE);
  g_assert_true (twin_branch_edit (branch, &change, NULL));
  twin_test_wait_until (has_ensemble, branch, 60, "the branch's ensemble");

  ensemble = twin_branch_get_ensemble (branch);
  g_assert_cmpuint (ensemble->n_members, ==, 16);
  g_assert_cmpuint (ensemble->raised[4].n_happened, ==, 16);    /* TWIN_ALARM_TRIPPED */
  caption = twin_branch_dup_caption (branch);
  g_assert_nonnull (strstr (caption, "\nP10–P90 of 16 runs: trips in "));
  g_assert_nonnull (strstr (caption, ", most likely "));

  /* An edit makes the ensemble the old branch's: gone until the new one runs. */
  g_assert_true (twin_branch_edit (branch, &other, NULL));
  g_assert_null (twin_branch_get_ensemble (branch));
}

static void
test_apply_is_one_command (void)
{
  g_autoptr(TwinEngine) engine = new_engine ();
  g_autoptr(TwinForecaster) forecaster = twin_forecaster_new ();
  g_autoptr(TwinBranch) branch = twin_branch_new (engine, forecaster);
  g_autoptr(TwinTestCommandLog) log = twin_test_command_log_new (engine);
  TwinCommand ambient = { .fields = TWIN_COMMAND_AMBIENT, .ambient = 38 };
  TwinCommand rpm = { .fields = TWIN_COMMAND_RPM_SETPOINT, .rpm_setpoint = 2600 };
  const TwinCommand *applied;

  twin_branch_set_active (branch, TRUE);
  g_assert_true (twin_branch_edit (branch, &ambient, NULL));
  g_assert_true (twin_branch_edit (branch, &rpm, NULL));
  g_assert_true (twin_branch_apply (branch, NULL));

  g_assert_cmpuint (twin_test_command_log_get_count (log), ==, 1);
  applied = twin_test_command_log_get (log, 0);
  g_assert_cmpint (applied->source, ==, TWIN_COMMAND_SOURCE_WINDOW);
  g_assert_cmpuint (applied->fields, ==, TWIN_COMMAND_AMBIENT | TWIN_COMMAND_RPM_SETPOINT);
  g_assert_cmpfloat (twin_engine_get_ambient (engine), ==, 38);
  g_assert_cmpfloat (twin_engine_get_rpm_setpoint (engine), ==, 2600);
  g_assert_false (twin_branch_get_active (branch));
  g_assert_null (twin_branch_get_course (branch));
}

static void
test_cancel_and_refusals_change_nothing (void)
{
  g_autoptr(TwinEngine) engine = new_engine ();
  g_autoptr(TwinForecaster) forecaster = twin_forecaster_new ();
  g_autoptr(TwinBranch) branch = twin_branch_new (engine, forecaster);
  g_autoptr(TwinTestCommandLog) log = twin_test_command_log_new (engine);
  TwinCommand good = { .fields = TWIN_COMMAND_RPM_SETPOINT, .rpm_setpoint = 2000 };
  TwinCommand bad = { .fields = TWIN_COMMAND_AMBIENT | TWIN_COMMAND_RPM_SETPOINT,
                      .ambient = 30, .rpm_setpoint = 9000 };
  TwinCommand pause = { .fields = TWIN_COMMAND_PAUSED, .paused = FALSE };
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;
  g_autoptr(GError) error3 = NULL;

  twin_branch_set_active (branch, TRUE);
  g_assert_true (twin_branch_edit (branch, &good, NULL));

  /* Out of range: named, and nothing of it taken, not even the ambient. */
  g_assert_false (twin_branch_edit (branch, &bad, &error));
  g_assert_error (error, TWIN_ENGINE_ERROR, TWIN_ENGINE_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "rpm_setpoint"));
  g_assert_nonnull (strstr (error->message, "9000"));
  g_assert_cmpuint (twin_branch_get_change (branch)->fields, ==, TWIN_COMMAND_RPM_SETPOINT);
  g_assert_cmpfloat (twin_branch_get_change (branch)->rpm_setpoint, ==, 2000);

  /* Not an input: refused. */
  g_assert_false (twin_branch_edit (branch, &pause, &error2));
  g_assert_error (error2, TWIN_ENGINE_ERROR, TWIN_ENGINE_ERROR_UNKNOWN_FIELD);

  /* A horizon out of range names the field and the range. */
  g_assert_false (twin_branch_set_horizon (branch, 10, &error3));
  g_assert_nonnull (strstr (error3->message, "horizon"));
  g_assert_cmpfloat (twin_branch_get_horizon (branch), ==, TWIN_FORECAST_HORIZON_DEFAULT);

  twin_branch_cancel (branch);
  g_assert_false (twin_branch_get_active (branch));
  g_assert_cmpuint (twin_branch_get_change (branch)->fields, ==, 0);
  g_assert_cmpuint (twin_test_command_log_get_count (log), ==, 0);
  g_assert_cmpfloat (twin_engine_get_rpm_setpoint (engine), ==, 1500);
}

/* The branch's forecast starts from the live state as it moves. */
static void
test_follows_the_live_state (void)
{
  g_autoptr(TwinEngine) engine = new_engine ();
  g_autoptr(TwinForecaster) forecaster = twin_forecaster_new ();
  g_autoptr(TwinBranch) branch = twin_branch_new (engine, forecaster);
  double first_start;

  twin_branch_set_active (branch, TRUE);
  wait_for_result (branch);
  first_start = twin_branch_get_course (branch)->start;

  twin_engine_advance (engine, 3);
  g_signal_emit_by_name (engine, "changed");
  wait_for_result (branch);
  g_assert_cmpfloat (twin_branch_get_course (branch)->start, >=, first_start + 3 - 1e-9);
}

static void
test_headline_texts (void)
{
  g_autoptr(TwinEngine) engine = new_engine ();
  TwinSim sim;
  TwinCommand hot = { .fields = TWIN_COMMAND_RPM_SETPOINT | TWIN_COMMAND_AMBIENT,
                      .rpm_setpoint = 3000, .ambient = 38 };
  g_autoptr(TwinForecast) calm = NULL;
  g_autoptr(TwinForecast) trips = NULL;
  g_autofree char *calm_text = NULL;
  g_autofree char *trip_text = NULL;
  TwinForecastSpec spec;

  twin_engine_get_sim (engine, &sim);
  twin_forecast_spec_init (&spec, 600, 1);
  calm = twin_forecast_run (&sim, &spec, NULL, NULL);
  spec.change = hot;
  spec.has_change = TRUE;
  trips = twin_forecast_run (&sim, &spec, NULL, NULL);

  calm_text = twin_forecast_text_headline (calm, NULL, 0);
  g_assert_cmpstr (calm_text, ==, "No alarm within 10 min");
  trip_text = twin_forecast_text_headline (trips, NULL, 0);
  g_assert_true (g_str_has_prefix (trip_text, "Warning in "));
  g_assert_nonnull (strstr (trip_text, " · trips in "));
}

/* A course that runs hot but holds, where some of its ensemble's runs
 * (a tenth more heat rise) trip: the headline says how many. */
static void
test_headline_counts_runs_that_trip (void)
{
  g_autoptr(TwinEngine) engine = new_engine ();
  TwinCommand hot = { .fields = TWIN_COMMAND_RPM_SETPOINT | TWIN_COMMAND_AMBIENT,
                      .rpm_setpoint = 1900, .ambient = 30 };
  g_autoptr(TwinForecast) course = NULL;
  g_autoptr(TwinEnsemble) ensemble = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;
  TwinForecastSpec spec;
  TwinSim sim;

  g_assert_true (twin_engine_apply_command (engine, &hot, NULL));
  twin_engine_get_sim (engine, &sim);
  twin_forecast_spec_init (&spec, 600, 1);
  course = twin_forecast_run (&sim, &spec, NULL, &error);
  g_assert_no_error (error);
  ensemble = twin_ensemble_run (&sim, &spec, 16, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (isfinite (course->tripped));
  g_assert_cmpuint (ensemble->raised[4].n_happened, >, 0);     /* TWIN_ALARM_TRIPPED */
  g_assert_cmpuint (ensemble->raised[4].n_happened, <, 16);

  text = twin_forecast_text_headline (course, ensemble, 0);
  expected = g_strdup_printf ("(%u of 16 runs trip)", ensemble->raised[4].n_happened);
  g_assert_true (g_str_has_prefix (text, "Warning in "));
  g_assert_true (g_str_has_suffix (text, expected));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/branch/branch-forecast-leaves-live-alone", test_branch_forecast_leaves_live_alone);
  g_test_add_func ("/branch/apply-is-one-window-command", test_apply_is_one_command);
  g_test_add_func ("/branch/cancel-and-refusals-change-nothing", test_cancel_and_refusals_change_nothing);
  g_test_add_func ("/branch/follows-the-live-state", test_follows_the_live_state);
  g_test_add_func ("/branch/ensemble-range-in-caption", test_ensemble_range_in_caption);
  g_test_add_func ("/branch/headline-texts", test_headline_texts);
  g_test_add_func ("/branch/headline-counts-runs-that-trip", test_headline_counts_runs_that_trip);

  return g_test_run ();
}
