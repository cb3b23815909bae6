/* test-ghosts.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Ghost futures on a real engine, forecaster and outlook: pinned,
 * recomputed from the live state as it moves, unpinned, kept in
 * GSettings and restored; and the compare panel's texts.
 */

#include "config.h"

#include <adwaita.h>
#include <math.h>

#include "twin-compare-panel.h"
#include "twin-ghosts.h"
#include "twin-gui.h"
#include "twin-test-wait.h"

#define WAIT_S 20.0

typedef struct
{
  TwinEngine     *engine;
  TwinForecaster *forecaster;
  TwinOutlook    *outlook;
  TwinGhosts     *ghosts;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->engine = twin_engine_new_full (10000, 0.1);
  f->forecaster = twin_forecaster_new ();
  f->outlook = twin_outlook_new (f->engine, f->forecaster);
  f->ghosts = twin_ghosts_new (f->engine, f->forecaster, f->outlook);
}

static gboolean
only_reference (gpointer object)
{
  return g_atomic_int_get (&G_OBJECT (object)->ref_count) == 1;
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->ghosts);
  g_assert_finalize_object (f->outlook);
  /* Requests cancelled on worker threads let go of it when they end. */
  twin_test_wait_until (only_reference, f->forecaster, WAIT_S, "the forecaster's requests to end");
  g_assert_finalize_object (f->forecaster);
  g_assert_finalize_object (f->engine);
}

static TwinCommand
branch (double ambient,
        double rpm)
{
  TwinCommand command = { 0 };

  if (!isnan (ambient))
    {
      command.fields |= TWIN_COMMAND_AMBIENT;
      command.ambient = ambient;
    }
  if (!isnan (rpm))
    {
      command.fields |= TWIN_COMMAND_RPM_SETPOINT;
      command.rpm_setpoint = rpm;
    }

  return command;
}

typedef struct
{
  TwinGhost  *ghost;
  TwinEngine *engine;
} GhostWait;

static gboolean
ghost_starts_now (gpointer data)
{
  GhostWait *w = data;
  const TwinForecast *course = twin_ghost_get_course (w->ghost);

  return course != NULL && course->start == twin_engine_get_timestamp (w->engine);
}

/* The ghost's course starts where the live engine is, and follows it as
 * it moves, with the branch's inputs. */
static void
test_ghost_follows_live_state (Fixture       *f,
                               gconstpointer  data)
{
  TwinCommand b = branch (38, 3000);
  TwinGhost *ghost = twin_ghosts_pin (f->ghosts, &b, NULL);
  GhostWait w = { ghost, f->engine };
  const TwinForecast *course;
  guint n_updates;
  double first_start;

  g_assert_nonnull (ghost);
  twin_test_wait_until (ghost_starts_now, &w, WAIT_S, "the ghost's first course");
  course = twin_ghost_get_course (ghost);
  first_start = course->start;
  g_assert_cmpfloat (course->end.inputs.rpm_setpoint, ==, 3000);
  g_assert_cmpfloat (course->end.inputs.ambient, ==, 38);
  g_assert_cmpfloat (course->horizon, ==, twin_outlook_get_horizon (f->outlook));
  n_updates = twin_ghost_get_n_updates (ghost);

  for (guint i = 0; i < 3; i++)
    {
      twin_engine_advance (f->engine, 5.0);
      twin_test_wait_until (ghost_starts_now, &w, WAIT_S, "the ghost's course from t = %g s",
                            twin_engine_get_timestamp (f->engine));
    }

  course = twin_ghost_get_course (ghost);
  g_assert_cmpfloat (course->start, >=, first_start + 15.0 - 0.01);
  g_assert_cmpuint (twin_ghost_get_n_updates (ghost), >=, n_updates + 3);
  /* The live engine itself was never changed. */
  g_assert_cmpfloat (twin_engine_get_rpm_setpoint (f->engine), ==, 1500);
}

/* Four pinned, each in a colour of its own; a fifth is refused and changes
 * nothing; unpinning frees the colour for the next. */
static void
test_ghosts_pin_and_unpin (Fixture       *f,
                           gconstpointer  data)
{
  GListModel *model = G_LIST_MODEL (f->ghosts);
  g_autoptr(GError) error = NULL;
  TwinCommand b;

  for (guint i = 0; i < TWIN_GHOSTS_MAX; i++)
    {
      TwinGhost *ghost;

      b = branch (NAN, 2000 + 250 * i);
      ghost = twin_ghosts_pin (f->ghosts, &b, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (twin_ghost_get_index (ghost), ==, i);
    }
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 4);

  b = branch (30, NAN);
  g_assert_null (twin_ghosts_pin (f->ghosts, &b, &error));
  g_assert_error (error, TWIN_GHOSTS_ERROR, TWIN_GHOSTS_ERROR_FULL);
  g_assert_cmpstr (error->message, ==, "At most 4 futures can be pinned; unpin one first");
  g_clear_error (&error);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 4);

  twin_ghosts_remove (f->ghosts, 1);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);
  {
    g_autoptr(TwinGhost) second = g_list_model_get_item (model, 1);

    g_assert_cmpstr (twin_ghost_get_name (second), ==, "2500 rpm");
  }
  g_assert_cmpuint (twin_ghost_get_index (twin_ghosts_pin (f->ghosts, &b, NULL)), ==, 1);

  /* Only inputs and faults make a branch. */
  while (g_list_model_get_n_items (model) > 0)
    twin_ghosts_remove (f->ghosts, 0);
  b = (TwinCommand) { .fields = TWIN_COMMAND_TIME_SCALE, .time_scale = 10 };
  g_assert_null (twin_ghosts_pin (f->ghosts, &b, &error));
  g_assert_error (error, TWIN_GHOSTS_ERROR, TWIN_GHOSTS_ERROR_INVALID);
  g_clear_error (&error);
  b = branch (NAN, 9000);
  g_assert_null (twin_ghosts_pin (f->ghosts, &b, &error));
  g_assert_error (error, TWIN_ENGINE_ERROR, TWIN_ENGINE_ERROR_INVALID_VALUE);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);

  /* Let the requests in flight finish before the fixture goes. */
  twin_test_run_for (0.5);
}

typedef struct
{
  TwinCommand  branch;
  const char  *name;
} NameCase;

/* A ghost is named by how it differs from the live inputs, and renamed
 * when they change. */
static void
test_ghost_names (Fixture       *f,
                  gconstpointer  data)
{
  static const NameCase cases[] = {
    { { .fields = TWIN_COMMAND_AMBIENT | TWIN_COMMAND_RPM_SETPOINT, .ambient = 38, .rpm_setpoint = 3000 },
      "ambient 38 °C · 3000 rpm" },
    { { .fields = TWIN_COMMAND_COOLING_DEGRADED, .cooling_degraded = TRUE }, "cooling degraded" },
    { { .fields = TWIN_COMMAND_BEARING_DEFECT | TWIN_COMMAND_RPM_SETPOINT, .bearing_defect = TRUE,
        .rpm_setpoint = 1500 }, "bearing defect" },
    { { .fields = TWIN_COMMAND_RPM_SETPOINT, .rpm_setpoint = 1500 }, "as now" },
  };
  TwinCommand live;
  TwinGhost *ghost;

  twin_engine_get_controls (f->engine, &live);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = twin_ghosts_describe (&cases[i].branch, &live);

      g_assert_cmpstr (name, ==, cases[i].name);
    }

  ghost = twin_ghosts_pin (f->ghosts, &cases[0].branch, NULL);
  g_assert_cmpstr (twin_ghost_get_name (ghost), ==, "ambient 38 °C · 3000 rpm");
  g_assert_true (twin_engine_set_rpm_setpoint (f->engine, 3000, NULL));
  g_assert_cmpstr (twin_ghost_get_name (ghost), ==, "ambient 38 °C");

  twin_test_run_for (0.5);
}

/* Pinned branches go to GSettings as JSON commands and come back at the
 * next start; one that does not read is left out, named in a warning. */
static void
test_ghosts_restore (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  const char * const kept[] = {
    "{\"ambient\":38.0,\"rpm_setpoint\":3000.0}",
    "{\"faults\":{\"cooling_degraded\":true}}",
    "{\"rpm_setpoint\":99999}",
    NULL
  };
  g_auto(GStrv) saved = NULL;
  g_autoptr(TwinGhosts) restored = NULL;
  g_autoptr(TwinGhost) first = NULL;
  g_autoptr(TwinGhost) second = NULL;
  TwinCommand b = branch (NAN, 2000);

  g_settings_set_strv (settings, "pinned-branches", kept);

  g_test_expect_message ("twin-ghosts", G_LOG_LEVEL_WARNING, "pinned-branches: left out “{\"rpm_setpoint\":99999}”: *rpm_setpoint*");
  twin_ghosts_bind_settings (f->ghosts, settings);
  g_test_assert_expected_messages ();

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->ghosts)), ==, 2);
  first = g_list_model_get_item (G_LIST_MODEL (f->ghosts), 0);
  second = g_list_model_get_item (G_LIST_MODEL (f->ghosts), 1);
  g_assert_cmpuint (twin_ghost_get_branch (first)->fields, ==, TWIN_COMMAND_AMBIENT | TWIN_COMMAND_RPM_SETPOINT);
  g_assert_cmpfloat (twin_ghost_get_branch (first)->rpm_setpoint, ==, 3000);
  g_assert_cmpstr (twin_ghost_get_name (second), ==, "cooling degraded");
  saved = g_settings_get_strv (settings, "pinned-branches");
  g_assert_cmpuint (g_strv_length (saved), ==, 2);
  g_clear_pointer (&saved, g_strfreev);

  /* Pinning and unpinning keep the key current … */
  twin_ghosts_pin (f->ghosts, &b, NULL);
  twin_ghosts_remove (f->ghosts, 0);
  saved = g_settings_get_strv (settings, "pinned-branches");
  g_assert_cmpuint (g_strv_length (saved), ==, 2);
  g_assert_cmpstr (saved[0], ==, "{\"faults\":{\"cooling_degraded\":true}}");
  g_assert_cmpstr (saved[1], ==, "{\"rpm_setpoint\":2000.0}");

  /* … and a new start finds them there. */
  restored = twin_ghosts_new (f->engine, f->forecaster, f->outlook);
  twin_ghosts_bind_settings (restored, settings);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (restored)), ==, 2);
  g_clear_object (&first);
  first = g_list_model_get_item (G_LIST_MODEL (restored), 1);
  g_assert_cmpstr (twin_ghost_get_name (first), ==, "2000 rpm");

  g_settings_reset (settings, "pinned-branches");
  twin_test_run_for (0.5);
  g_clear_object (&first);
  g_clear_object (&second);
  g_assert_finalize_object (g_steal_pointer (&restored));
}

/* A branch goes to JSON and back unchanged; other commands are refused. */
static void
test_ghosts_encode (void)
{
  TwinCommand b = { .fields = TWIN_COMMAND_RPM_SETPOINT | TWIN_COMMAND_BEARING_DEFECT,
                    .rpm_setpoint = 2750, .bearing_defect = TRUE };
  g_autofree char *text = twin_ghosts_encode (&b);
  g_autoptr(GError) error = NULL;
  TwinCommand back;

  g_assert_cmpstr (text, ==, "{\"rpm_setpoint\":2750.0,\"faults\":{\"bearing_defect\":true}}");
  g_assert_true (twin_ghosts_decode (text, &back, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (back.fields, ==, b.fields);
  g_assert_cmpfloat (back.rpm_setpoint, ==, 2750);
  g_assert_true (back.bearing_defect);

  g_assert_false (twin_ghosts_decode ("{\"paused\":true}", &back, &error));
  g_assert_error (error, TWIN_GHOSTS_ERROR, TWIN_GHOSTS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (twin_ghosts_decode ("{\"rpm_setpoint\":\"fast\"}", &back, &error));
  g_assert_nonnull (error);
}

typedef struct
{
  TwinCompareRow  row;
  gboolean        with_ensemble;
  const char     *text;
} CompareCase;

/* The panel's texts for a hand-made forecast: times from now with their
 * unit, "none within" the horizon, the zone at the horizon, RUL; with an
 * ensemble, the P10–P90 ranges. */
static void
test_compare_texts (void)
{
  static const CompareCase cases[] = {
    { TWIN_COMPARE_WARNING, FALSE, "in 3 min 12 s" },
    { TWIN_COMPARE_WARNING, TRUE, "in 3 min 12 s (3–4 min)" },
    { TWIN_COMPARE_TRIP, FALSE, "none within 10 min" },
    { TWIN_COMPARE_TRIP, TRUE, "none within 10 min (in 10 of 64 runs, from 8 min 20 s)" },
    { TWIN_COMPARE_ZONE, FALSE, "B" },
    { TWIN_COMPARE_RUL, FALSE, "1841 h" },
    { TWIN_COMPARE_RUL, TRUE, "1650–2010 h" },
  };
  TwinForecast course = { 0 };
  TwinEnsemble ensemble = { 0 };

  twin_sim_init (&course.end);
  course.start = 100;
  course.horizon = 600;
  for (guint i = 0; i < TWIN_N_ALARMS; i++)
    course.raised[i] = course.cleared[i] = NAN;
  course.raised[0] = 292;
  course.tripped = NAN;
  course.end.state.vibration = 3.0;
  course.rul_hours = 1840.6;
  ensemble.start = 100;
  ensemble.horizon = 600;
  for (guint i = 0; i < TWIN_N_ALARMS; i++)
    ensemble.raised[i] = (TwinQuantiles) { NAN, NAN, NAN, 0, 64 };
  ensemble.raised[0] = (TwinQuantiles) { 280, 292, 330, 64, 64 };
  ensemble.raised[4] = (TwinQuantiles) { 600, NAN, NAN, 10, 64 };
  ensemble.rul_hours = (TwinQuantiles) { 1650.2, 1840.7, 2010.3, 64, 64 };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = twin_compare_text (cases[i].row, &course,
                                                 cases[i].with_ensemble ? &ensemble : NULL);

      g_assert_cmpstr (text, ==, cases[i].text);
    }

  /* Runs that agree to the second add no range. */
  {
    g_autofree char *text = NULL;
    TwinEnsemble agreeing = ensemble;

    agreeing.raised[0] = (TwinQuantiles) { 292.2, 292.4, 292.6, 64, 64 };
    text = twin_compare_text (TWIN_COMPARE_WARNING, &course, &agreeing);
    g_assert_cmpstr (text, ==, "in 3 min 12 s");
  }

  course.alarms_at_start = TWIN_ALARM_TEMP_WARNING;
  {
    g_autofree char *text = twin_compare_text (TWIN_COMPARE_WARNING, &course, NULL);

    g_assert_cmpstr (text, ==, "now");
  }
}

static gboolean
ghost_has_course (gpointer data)
{
  return twin_ghost_get_course (data) != NULL;
}

static gboolean
outlook_has_course (gpointer data)
{
  return twin_outlook_get_course (data) != NULL;
}

static GtkWidget *
find_button (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The panel shows the course and each ghost in a column of its own,
 * headed by the ghost's name, with what its forecast says; its × unpins. */
static void
test_compare_panel (Fixture       *f,
                    gconstpointer  data)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  TwinComparePanel *panel = g_object_new (TWIN_TYPE_COMPARE_PANEL, NULL);
  TwinCommand hot = branch (45, 3000);
  TwinGhost *ghost;

  gtk_window_set_child (window, GTK_WIDGET (panel));
  gtk_window_present (window);
  twin_compare_panel_set_futures (panel, f->outlook, f->ghosts);
  g_assert_cmpstr (twin_compare_panel_get_title (panel, 0), ==, "Course ahead");
  g_assert_null (twin_compare_panel_get_title (panel, 1));

  ghost = twin_ghosts_pin (f->ghosts, &hot, NULL);
  g_assert_cmpstr (twin_compare_panel_get_title (panel, 1), ==, "ambient 45 °C · 3000 rpm");
  twin_test_wait_until (ghost_has_course, ghost, WAIT_S, "the ghost's course");
  twin_test_wait_until (outlook_has_course, f->outlook, WAIT_S, "the outlook's course");
  twin_test_iterate ();

  for (guint row = 0; row < TWIN_N_COMPARE_ROWS; row++)
    {
      g_autofree char *course = twin_compare_text (row, twin_outlook_get_course (f->outlook),
                                                   twin_outlook_get_ensemble (f->outlook));
      g_autofree char *ghosted = twin_compare_text (row, twin_ghost_get_course (ghost),
                                                    twin_ghost_get_ensemble (ghost));

      g_assert_cmpstr (twin_compare_panel_get_text (panel, 0, row), ==, course);
      g_assert_cmpstr (twin_compare_panel_get_text (panel, 1, row), ==, ghosted);
    }
  /* 3000 rpm on a 45 °C day warns and trips within 10 min; the course at
   * 1500 rpm and 22 °C does neither. */
  g_assert_true (g_str_has_prefix (twin_compare_panel_get_text (panel, 1, TWIN_COMPARE_WARNING), "in "));
  g_assert_true (g_str_has_prefix (twin_compare_panel_get_text (panel, 1, TWIN_COMPARE_TRIP), "in "));
  g_assert_cmpstr (twin_compare_panel_get_text (panel, 0, TWIN_COMPARE_TRIP), ==, "none within 10 min");
  g_assert_true (g_str_has_suffix (twin_compare_panel_get_text (panel, 0, TWIN_COMPARE_RUL), " h"));

  /* The ghost's × unpins it. */
  g_signal_emit_by_name (find_button (GTK_WIDGET (panel)), "clicked");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->ghosts)), ==, 0);
  g_assert_null (twin_compare_panel_get_title (panel, 1));

  gtk_window_destroy (window);
  twin_test_run_for (0.5);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  twin_gui_init ();

  g_test_add ("/ghosts/recomputed-from-the-live-state-as-it-moves", Fixture, NULL,
              fixture_set_up, test_ghost_follows_live_state, fixture_tear_down);
  g_test_add ("/ghosts/four-pinned-fifth-refused-unpin-frees-colour", Fixture, NULL,
              fixture_set_up, test_ghosts_pin_and_unpin, fixture_tear_down);
  g_test_add ("/ghosts/named-by-difference-from-live-inputs", Fixture, NULL,
              fixture_set_up, test_ghost_names, fixture_tear_down);
  g_test_add ("/ghosts/kept-in-settings-and-restored", Fixture, NULL,
              fixture_set_up, test_ghosts_restore, fixture_tear_down);
  g_test_add_func ("/ghosts/branch-json-round-trip", test_ghosts_encode);
  g_test_add_func ("/compare-panel/texts-with-units", test_compare_texts);
  g_test_add ("/compare-panel/course-and-ghosts-side-by-side", Fixture, NULL,
              fixture_set_up, test_compare_panel, fixture_tear_down);

  return g_test_run ();
}
