/* test-engine-control.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Where the engine stops by itself and who may steer it: pause on trip or
 * alarm at the very step, run_for and run_until_event, reset from the
 * steady state, the command lock, the trip's cause and the zone D
 * countdown.
 */

#include <math.h>

#include "twin-engine.h"
#include "twin-test-wait.h"

typedef struct
{
  gboolean seen;
  double   timestamp;   /* of the first raise of the alarm watched */
  TwinAlarm alarm;
} AlarmWatch;

static void
alarm_cb (TwinEngine           *engine,
          const TwinAlarmEvent *event,
          AlarmWatch           *watch)
{
  if (!watch->seen && event->raised && (watch->alarm == 0 || event->alarm == watch->alarm))
    {
      watch->seen = TRUE;
      watch->timestamp = event->timestamp;
    }
}

static gboolean
is_paused (gpointer data)
{
  return twin_engine_get_paused (data);
}

/* The model's own step-by-step answer: the time of the first step that
 * trips, from @engine's simulation as it stands. */
static double
reference_trip_time (TwinEngine *engine)
{
  TwinSim sim;

  twin_engine_get_sim (engine, &sim);
  for (guint64 i = 0; i < 100000000 && !sim.state.tripped; i++)
    twin_sim_run (&sim, 1, NULL, NULL);
  g_assert_true (sim.state.tripped);
  return sim.state.timestamp;
}

static void
test_pause_on_trip_at_10000x (void)
{
  g_autoptr(TwinEngine) engine = twin_engine_new_full (100000, 0.1);
  g_autoptr(GError) error = NULL;
  AlarmWatch watch = { .alarm = TWIN_ALARM_TRIPPED };
  double trip_time;

  g_assert_true (twin_engine_set_model (engine, "physical@2", &error));
  g_assert_true (twin_engine_set_rpm_setpoint (engine, 2400, &error));
  g_assert_true (twin_engine_set_time_scale (engine, 10000, &error));
  twin_engine_set_pause_on (engine, TWIN_PAUSE_ON_TRIP);
  g_assert_cmpuint (twin_engine_get_pause_on (engine), ==, TWIN_PAUSE_ON_TRIP);
  g_signal_connect (engine, "alarm", G_CALLBACK (alarm_cb), &watch);
  trip_time = reference_trip_time (engine);

  twin_engine_start (engine);
  twin_test_wait_until (is_paused, engine, 60, "the engine pauses at the trip");

  /* A tick at 10 000× is 160 simulated s: without pause-on the clock
   * would run far past the trip. */
  g_assert_true (twin_engine_get_tripped (engine));
  g_assert_true (watch.seen);
  g_assert_cmpfloat (twin_engine_get_timestamp (engine), ==, trip_time);
  g_assert_cmpfloat (watch.timestamp, ==, trip_time);

  /* Paused, it stays there. */
  twin_test_run_for (0.1);
  g_assert_cmpfloat (twin_engine_get_timestamp (engine), ==, trip_time);
  twin_engine_stop (engine);
}

static void
test_pause_on_alarm (void)
{
  g_autoptr(TwinEngine) engine = twin_engine_new_full (100000, 0.1);
  g_autoptr(GError) error = NULL;
  AlarmWatch watch = { .alarm = 0 };
  GValue value = G_VALUE_INIT;

  g_assert_true (twin_engine_set_ambient (engine, 50, &error));
  g_object_set (engine, "pause-on", TWIN_PAUSE_ON_ALARM, NULL);
  g_value_init (&value, TWIN_TYPE_PAUSE_ON);
  g_object_get_property (G_OBJECT (engine), "pause-on", &value);
  g_assert_cmpuint (g_value_get_flags (&value), ==, TWIN_PAUSE_ON_ALARM);
  g_value_unset (&value);
  g_signal_connect (engine, "alarm", G_CALLBACK (alarm_cb), &watch);

  twin_engine_advance (engine, 3600);

  g_assert_true (watch.seen);
  g_assert_true (twin_engine_get_paused (engine));
  g_assert_false (twin_engine_get_tripped (engine));
  g_assert_cmpfloat (twin_engine_get_timestamp (engine), ==, watch.timestamp);

  /* Off, the same run goes on to its end. */
  twin_engine_set_pause_on (engine, 0);
  twin_engine_advance (engine, 100);
  g_assert_cmpfloat (twin_engine_get_timestamp (engine), >, watch.timestamp + 99);
}

static void
test_run_for (void)
{
  g_autoptr(TwinEngine) engine = twin_engine_new_full (100000, 0.1);
  g_autoptr(GError) error = NULL;
  TwinCommand bad = { .fields = TWIN_COMMAND_RUN_FOR | TWIN_COMMAND_AMBIENT, .run_for = -1, .ambient = 30 };

  twin_engine_set_paused (engine, TRUE);
  g_assert_true (twin_engine_run_for (engine, 600, FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (fabs (twin_engine_get_timestamp (engine) - 600), <, 1e-9);
  g_assert_cmpint (twin_engine_get_run_stop (engine), ==, TWIN_RUN_STOP_TIME);
  g_assert_cmpuint (twin_history_get_end_index (twin_engine_get_history (engine)), >=, 6000);
  g_assert_true (twin_engine_get_paused (engine));

  /* Bad values name the field, the value and what is allowed, and change
   * nothing: not even the ambient sent with them. */
  g_assert_false (twin_engine_apply_command (engine, &bad, &error));
  g_assert_error (error, TWIN_ENGINE_ERROR, TWIN_ENGINE_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "run_for: -1 is out of range; allowed: 0.01 to 86400 s"));
  g_clear_error (&error);
  g_assert_false (twin_engine_run_for (engine, 86401, FALSE, &error));
  g_assert_nonnull (strstr (error->message, "run_for: 86401"));
  g_clear_error (&error);
  g_assert_cmpfloat (twin_engine_get_ambient (engine), ==, 22.0);
  g_assert_cmpfloat (fabs (twin_engine_get_timestamp (engine) - 600), <, 1e-9);
}

/* Where the first step after @engine's time that changes the zone, an
 * alarm or the trip lands, stepping a copy. */
static double
reference_event_time (TwinEngine *engine)
{
  TwinSim sim;
  TwinZone zone;
  guint alarms;

  twin_engine_get_sim (engine, &sim);
  zone = twin_zone_for_vibration (sim.params, sim.state.vibration);
  alarms = sim.alarms;
  for (guint64 i = 0; i < 100000000; i++)
    {
      twin_sim_run (&sim, 1, NULL, NULL);
      if (twin_zone_for_vibration (sim.params, sim.state.vibration) != zone || sim.alarms != alarms)
        return sim.state.timestamp;
    }
  g_assert_not_reached ();
}

static void
test_run_until_event (void)
{
  g_autoptr(TwinEngine) engine = twin_engine_new_full (100000, 0.1);
  g_autoptr(GError) error = NULL;
  TwinRunStop stop;
  guint n_alarms = 0;
  double t;

  g_assert_true (twin_engine_set_model (engine, "physical@2", &error));
  twin_engine_set_paused (engine, TRUE);

  /* Steady at 1500 rpm nothing happens: the run lasts its whole time. */
  g_assert_cmpint (twin_engine_run_until_event (engine, 120), ==, TWIN_RUN_STOP_TIME);
  g_assert_cmpfloat (fabs (twin_engine_get_timestamp (engine) - 120), <, 1e-9);

  /* Into the resonance: zone B first (no alarm), then zone C's and D's
   * alarms and the temperature warning, and at last the trip; each run
   * ends at the very step of its event. */
  g_assert_true (twin_engine_set_rpm_setpoint (engine, 2400, &error));
  t = reference_event_time (engine);
  g_assert_cmpint (twin_engine_run_until_event (engine, 3600), ==, TWIN_RUN_STOP_ZONE);
  g_assert_cmpfloat (twin_engine_get_timestamp (engine), ==, t);
  do
    {
      t = reference_event_time (engine);
      stop = twin_engine_run_until_event (engine, 3600);
      g_assert_cmpfloat (twin_engine_get_timestamp (engine), ==, t);
      g_assert_true (stop == TWIN_RUN_STOP_ALARM || stop == TWIN_RUN_STOP_ZONE || stop == TWIN_RUN_STOP_TRIP);
      n_alarms += stop == TWIN_RUN_STOP_ALARM;
    }
  while (stop != TWIN_RUN_STOP_TRIP && n_alarms < 20);
  g_assert_cmpint (stop, ==, TWIN_RUN_STOP_TRIP);
  g_assert_cmpuint (n_alarms, >=, 2);
  g_assert_true (twin_engine_get_tripped (engine));
  g_assert_true (twin_engine_get_paused (engine));
}

static void
test_reset_from_steady (void)
{
  g_autoptr(TwinEngine) engine = twin_engine_new_full (1000, 0.1);
  g_autoptr(GError) error = NULL;
  TwinCommand command = { .fields = TWIN_COMMAND_RESET | TWIN_COMMAND_RESET_FROM | TWIN_COMMAND_AMBIENT |
                                    TWIN_COMMAND_RPM_SETPOINT,
                          .reset = TRUE, .reset_from = TWIN_RESET_FROM_STEADY,
                          .ambient = 30, .rpm_setpoint = 1000 };
  TwinCommand lone = { .fields = TWIN_COMMAND_RESET_FROM, .reset_from = TWIN_RESET_FROM_STEADY };
  TwinSim sim;
  TwinSnapshot s;
  double n = 1000.0 / 1500.0;

  g_assert_true (twin_engine_set_model (engine, "physical@2", &error));
  twin_engine_advance (engine, 30);

  g_assert_true (twin_engine_apply_command (engine, &command, &error));
  g_assert_no_error (error);
  twin_engine_get_snapshot (engine, &s);
  g_assert_cmpfloat (s.timestamp, ==, 0);
  g_assert_cmpfloat (fabs (s.rpm - 1000), <, 1e-9);
  g_assert_cmpfloat (fabs (s.temperature - (30 + 43 * n * n)), <, 1e-9);
  g_assert_cmpfloat (fabs (s.vibration - (0.5 + 1.5 * n * n + 4.0 / (1 + pow ((1000 - 2400) / 150.0, 2)))), <, 1e-9);

  /* It stays there: the steady state is one. */
  twin_engine_get_sim (engine, &sim);
  twin_engine_advance (engine, 60);
  twin_engine_get_snapshot (engine, &s);
  g_assert_cmpfloat (fabs (s.temperature - sim.state.temperature), <, 1e-9);
  g_assert_cmpfloat (fabs (s.vibration - sim.state.vibration), <, 1e-9);

  /* reset_from alone is refused and changes nothing. */
  g_assert_false (twin_engine_apply_command (engine, &lone, &error));
  g_assert_error (error, TWIN_ENGINE_ERROR, TWIN_ENGINE_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "reset_from"));
  g_assert_nonnull (strstr (error->message, "initial, steady"));
  g_assert_cmpfloat (fabs (twin_engine_get_timestamp (engine) - 60), <, 1e-9);

  /* The default is today's initial state. */
  command.reset_from = TWIN_RESET_FROM_INITIAL;
  g_assert_true (twin_engine_apply_command (engine, &command, &error));
  twin_engine_get_snapshot (engine, &s);
  g_assert_cmpfloat (s.temperature, ==, 65.0);
  g_assert_cmpfloat (s.rpm, ==, 1500.0);
}

static void
test_lock (void)
{
  g_autoptr(TwinEngine) engine = twin_engine_new_full (1000, 0.1);
  g_autoptr(GError) error = NULL;
  TwinCommand command = { .fields = TWIN_COMMAND_AMBIENT, .ambient = 30 };
  const struct { TwinCommandLock lock; TwinCommandSource source; gboolean refused; } cases[] = {
    { TWIN_COMMAND_LOCK_NONE, TWIN_COMMAND_SOURCE_WINDOW, FALSE },
    { TWIN_COMMAND_LOCK_NONE, TWIN_COMMAND_SOURCE_REST, FALSE },
    { TWIN_COMMAND_LOCK_WINDOW, TWIN_COMMAND_SOURCE_WINDOW, TRUE },
    { TWIN_COMMAND_LOCK_WINDOW, TWIN_COMMAND_SOURCE_MQTT, FALSE },
    { TWIN_COMMAND_LOCK_WINDOW, TWIN_COMMAND_SOURCE_REST, FALSE },
    { TWIN_COMMAND_LOCK_REMOTE, TWIN_COMMAND_SOURCE_MQTT, TRUE },
    { TWIN_COMMAND_LOCK_REMOTE, TWIN_COMMAND_SOURCE_REST, TRUE },
    { TWIN_COMMAND_LOCK_REMOTE, TWIN_COMMAND_SOURCE_WINDOW, FALSE },
  };
  const TwinCommandSource never_locked[] = {
    TWIN_COMMAND_SOURCE_PROGRAM, TWIN_COMMAND_SOURCE_SETTINGS, TWIN_COMMAND_SOURCE_COMMAND_LINE,
    TWIN_COMMAND_SOURCE_SCENARIO, TWIN_COMMAND_SOURCE_REPLAY,
  };
  guint applied = 0;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      double before;

      g_object_set (engine, "command-lock", cases[i].lock, NULL);
      g_assert_cmpint (twin_engine_get_command_lock (engine), ==, cases[i].lock);
      command.source = cases[i].source;
      command.ambient = 30 + i;
      before = twin_engine_get_ambient (engine);
      if (!cases[i].refused)
        {
          g_assert_true (twin_engine_apply_command (engine, &command, &error));
          g_assert_cmpfloat (twin_engine_get_ambient (engine), ==, 30 + i);
          applied++;
          continue;
        }
      g_assert_false (twin_engine_apply_command (engine, &command, &error));
      g_assert_error (error, TWIN_ENGINE_ERROR, TWIN_ENGINE_ERROR_LOCKED);
      g_assert_nonnull (strstr (error->message, "locked"));
      g_clear_error (&error);
      g_assert_cmpfloat (twin_engine_get_ambient (engine), ==, before);

      for (guint k = 0; k < G_N_ELEMENTS (never_locked); k++)
        {
          TwinCommand other = command;

          other.source = never_locked[k];
          other.ambient = 20 + k;
          g_assert_true (twin_engine_apply_command (engine, &other, &error));
          g_assert_cmpfloat (twin_engine_get_ambient (engine), ==, 20 + k);
        }
    }
  g_assert_cmpuint (applied, ==, 5);
}

static void
test_trip_cause_and_countdown (void)
{
  g_autoptr(TwinEngine) engine = twin_engine_new_full (100000, 0.1);
  g_autoptr(GError) error = NULL;
  TwinSnapshot s;
  double left = 0, before = INFINITY;

  g_assert_true (twin_engine_set_model (engine, "physical@2", &error));
  g_assert_null (twin_trip_cause_to_string (TWIN_TRIP_CAUSE_NONE));
  g_assert_cmpstr (twin_trip_cause_to_string (TWIN_TRIP_CAUSE_TEMPERATURE), ==, "temperature");
  g_assert_cmpstr (twin_trip_cause_to_string (TWIN_TRIP_CAUSE_VIBRATION), ==, "vibration");

  /* Zone D counts down to the vibration trip. */
  g_assert_false (twin_engine_get_trips_in (engine, &left));
  g_assert_true (twin_engine_set_rpm_setpoint (engine, 2400, &error));
  while (!twin_engine_get_tripped (engine))
    {
      twin_engine_step_once (engine);
      twin_engine_get_snapshot (engine, &s);
      g_assert_cmpint (s.has_trips_in, ==, twin_engine_get_trips_in (engine, &left));
      if (s.zone == TWIN_ZONE_D && !s.tripped)
        {
          g_assert_true (s.has_trips_in);
          g_assert_cmpfloat (s.trips_in, <, before);
          g_assert_cmpfloat (s.trips_in, ==, left);
          before = s.trips_in;
        }
    }
  g_assert_cmpfloat (before, <=, 0.01 + 1e-9);
  twin_engine_get_snapshot (engine, &s);
  g_assert_false (s.has_trips_in);
  g_assert_cmpint (s.trip_cause, ==, TWIN_TRIP_CAUSE_VIBRATION);

  /* reset_trip clears the cause with the latch. */
  g_assert_true (twin_engine_set_rpm_setpoint (engine, 1500, &error));
  twin_engine_reset_trip (engine);
  twin_engine_get_snapshot (engine, &s);
  g_assert_false (s.tripped);
  g_assert_cmpint (s.trip_cause, ==, TWIN_TRIP_CAUSE_NONE);

  /* Too hot: the temperature trips it. */
  g_assert_true (twin_engine_set_ambient (engine, 80, &error));
  g_assert_true (twin_engine_set_param (engine, "temp_trip", 90, &error));
  twin_engine_advance (engine, 600);
  twin_engine_get_snapshot (engine, &s);
  g_assert_true (s.tripped);
  g_assert_cmpint (s.trip_cause, ==, TWIN_TRIP_CAUSE_TEMPERATURE);

  /* tutorial@1 has no protection: no countdown, however it vibrates. */
  g_assert_true (twin_engine_set_model (engine, "tutorial@1", &error));
  twin_engine_reset (engine);
  g_assert_true (twin_engine_set_rpm_setpoint (engine, 4000, &error));
  twin_engine_advance (engine, 600);
  twin_engine_get_snapshot (engine, &s);
  g_assert_cmpint (s.zone, ==, TWIN_ZONE_D);
  g_assert_false (s.has_trips_in);
  g_assert_false (s.tripped);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/pause-on/trip-stops-at-the-trip-step-at-10000x", test_pause_on_trip_at_10000x);
  g_test_add_func ("/engine/pause-on/alarm-stops-at-the-raise", test_pause_on_alarm);
  g_test_add_func ("/engine/run-for/advances-at-once-and-refuses-bad-values", test_run_for);
  g_test_add_func ("/engine/run-until-event/stops-at-each-zone-alarm-and-trip", test_run_until_event);
  g_test_add_func ("/engine/reset/from-steady-is-the-steady-state", test_reset_from_steady);
  g_test_add_func ("/engine/lock/refuses-locked-sources-only", test_lock);
  g_test_add_func ("/engine/trip/cause-and-zone-d-countdown", test_trip_cause_and_countdown);

  return g_test_run ();
}
