/* test-outlook.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <math.h>

#include "twin-outlook.h"
#include "twin-test-wait.h"

typedef struct
{
  TwinEngine     *engine;
  TwinForecaster *forecaster;
  TwinOutlook    *outlook;
  guint           updates;
} Fixture;

static void
updated_cb (TwinOutlook *outlook,
            Fixture     *fixture)
{
  g_assert_nonnull (twin_outlook_get_course (outlook));
  fixture->updates++;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->engine = twin_engine_new_full (100000, 0.1);
  fixture->forecaster = twin_forecaster_new ();
  fixture->outlook = twin_outlook_new (fixture->engine, fixture->forecaster);
  twin_outlook_set_members (fixture->outlook, 8);
  g_signal_connect (fixture->outlook, "updated", G_CALLBACK (updated_cb), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->outlook);
  g_object_unref (fixture->forecaster);
  g_assert_finalize_object (fixture->engine);
}

/* The course and the ensemble start where the engine is now. */
static gboolean
current (gpointer data)
{
  Fixture *fixture = data;
  const TwinForecast *course = twin_outlook_get_course (fixture->outlook);
  const TwinEnsemble *ensemble = twin_outlook_get_ensemble (fixture->outlook);
  double now = twin_engine_get_timestamp (fixture->engine);

  return course != NULL && ensemble != NULL && course->start == now && ensemble->start == now;
}

static void
assert_course_is_the_forecast_from_the_engine (Fixture *fixture)
{
  const TwinForecast *course = twin_outlook_get_course (fixture->outlook);
  g_autoptr(TwinForecast) expected = NULL;
  TwinForecastSpec spec;
  TwinSim sim;

  twin_engine_get_sim (fixture->engine, &sim);
  twin_forecast_spec_init (&spec, twin_outlook_get_horizon (fixture->outlook),
                           twin_history_get_interval (course->trajectory));
  expected = twin_forecast_run (&sim, &spec, NULL, NULL);
  g_assert_cmpmem (&course->end.state, sizeof course->end.state, &expected->end.state, sizeof expected->end.state);
  g_assert_cmpmem (&course->end.inputs, sizeof course->end.inputs, &expected->end.inputs, sizeof expected->end.inputs);
}

/* The first course comes at once; when the live engine moves on by a
 * second or more, the course follows it. */
static void
test_outlook_follows_the_engine (Fixture       *fixture,
                                 gconstpointer  data)
{
  twin_test_wait_until (current, fixture, 60, "the first course and ensemble");
  g_assert_cmpfloat (twin_outlook_get_course (fixture->outlook)->start, ==, 0);
  g_assert_cmpfloat (twin_outlook_get_course (fixture->outlook)->horizon, ==, TWIN_FORECAST_HORIZON_DEFAULT);
  g_assert_cmpuint (twin_outlook_get_ensemble (fixture->outlook)->n_members, ==, 8);

  twin_engine_advance (fixture->engine, 5);
  twin_test_wait_until (current, fixture, 60, "the course from 5 s on");
  assert_course_is_the_forecast_from_the_engine (fixture);

  twin_engine_advance (fixture->engine, 30);
  twin_test_wait_until (current, fixture, 60, "the course from 35 s on");
  assert_course_is_the_forecast_from_the_engine (fixture);
  g_assert_cmpuint (fixture->updates, >=, 3);
}

static gboolean
current_at_3000 (gpointer data)
{
  Fixture *fixture = data;

  return current (fixture) &&
         twin_outlook_get_course (fixture->outlook)->end.inputs.rpm_setpoint == 3000 &&
         twin_outlook_get_ensemble (fixture->outlook)->raised[g_bit_nth_lsf (TWIN_ALARM_TRIPPED, -1)].n_happened > 0;
}

/* An applied command makes a new course (and ensemble) at once, even
 * with the engine standing still. */
static void
test_outlook_recomputes_after_a_command (Fixture       *fixture,
                                         gconstpointer  data)
{
  guint before;

  twin_test_wait_until (current, fixture, 60, "the first course");
  g_assert_true (isnan (twin_forecast_time_of (twin_outlook_get_course (fixture->outlook), TWIN_ALARM_TRIPPED)));

  before = fixture->updates;
  g_assert_true (twin_engine_set_rpm_setpoint (fixture->engine, 3000, NULL));
  twin_test_wait_until (current_at_3000, fixture, 60, "the course and ensemble at 3000 rpm");
  g_assert_cmpuint (fixture->updates, >, before);
  assert_course_is_the_forecast_from_the_engine (fixture);
  g_assert_false (isnan (twin_forecast_time_of (twin_outlook_get_course (fixture->outlook), TWIN_ALARM_TRIPPED)));
}

static gboolean
horizon_is (gpointer data)
{
  Fixture *fixture = data;
  const TwinForecast *course = twin_outlook_get_course (fixture->outlook);

  return course != NULL && course->horizon == 7200;
}

/* The horizon is checked; a new one makes a new course, sampled on a
 * multiple of the history's interval with at most about 2000 samples. */
static void
test_outlook_horizon (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const TwinForecast *course;
  double interval;

  g_assert_false (twin_outlook_set_horizon (fixture->outlook, 30, &error));
  g_assert_cmpstr (error->message, ==, "horizon: 30 is out of range; allowed: 60 to 86400 s");
  g_assert_cmpfloat (twin_outlook_get_horizon (fixture->outlook), ==, TWIN_FORECAST_HORIZON_DEFAULT);

  g_assert_true (twin_outlook_set_horizon (fixture->outlook, 7200, NULL));
  twin_test_wait_until (horizon_is, fixture, 60, "a course over 2 h");
  course = twin_outlook_get_course (fixture->outlook);
  interval = twin_history_get_interval (course->trajectory);
  g_assert_cmpfloat (interval, ==, 0.1 * 36);
  g_assert_cmpuint (twin_history_get_end_index (course->trajectory), <=, 2001);
}

static void
count_cb (TwinOutlook *outlook,
          guint       *count)
{
  (*count)++;
}

static void
weak_notify_cb (gpointer  data,
                GObject  *where)
{
  *(gboolean *) data = TRUE;
}

/* Disposed with a long request in flight, the outlook cancels it and
 * hears nothing more of it: the forecaster, held by the request alone,
 * goes soon after. */
static void
test_outlook_stops_on_dispose (void)
{
  g_autoptr(TwinEngine) engine = twin_engine_new ();
  TwinForecaster *forecaster = twin_forecaster_new ();
  TwinOutlook *outlook;
  gboolean forecaster_gone = FALSE;
  guint updates = 0;

  outlook = twin_outlook_new (engine, forecaster);
  g_signal_connect (outlook, "updated", G_CALLBACK (count_cb), &updates);
  g_assert_true (twin_outlook_set_horizon (outlook, TWIN_FORECAST_HORIZON_MAX, NULL));
  g_object_weak_ref (G_OBJECT (forecaster), weak_notify_cb, &forecaster_gone);
  g_object_unref (forecaster);

  g_assert_finalize_object (outlook);
  twin_test_wait_until (twin_test_flag_is_set, &forecaster_gone, 60, "the cancelled requests to end");
  g_assert_cmpuint (updates, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/outlook/follows-the-engine", Fixture, NULL,
              fixture_set_up, test_outlook_follows_the_engine, fixture_tear_down);
  g_test_add ("/outlook/recomputes-after-a-command", Fixture, NULL,
              fixture_set_up, test_outlook_recomputes_after_a_command, fixture_tear_down);
  g_test_add ("/outlook/horizon", Fixture, NULL,
              fixture_set_up, test_outlook_horizon, fixture_tear_down);
  g_test_add_func ("/outlook/stops-on-dispose", test_outlook_stops_on_dispose);

  return g_test_run ();
}
