/* test-sim.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <math.h>
#include <string.h>

#include "twin-alarms.h"
#include "twin-engine.h"
#include "twin-sim.h"

#define N_COPIES 8

typedef struct
{
  GArray *events;
  guint   trips;
} HookLog;

static void
log_alarm_cb (const TwinSim        *sim,
              const TwinAlarmEvent *event,
              gpointer              data)
{
  HookLog *log = data;

  g_array_append_vals (log->events, event, 1);
}

static void
log_trip_cb (const TwinSim *sim,
             gpointer       data)
{
  HookLog *log = data;

  log->trips++;
}

static const TwinSimHooks log_hooks = {
  .alarm = log_alarm_cb,
  .trip = log_trip_cb,
};

static void
engine_alarm_cb (TwinEngine           *engine,
                 const TwinAlarmEvent *event,
                 GArray               *events)
{
  g_array_append_vals (events, event, 1);
}

static void
assert_state_equal (const TwinState *a,
                    const TwinState *b)
{
  g_assert_true (a->temperature == b->temperature);
  g_assert_true (a->vibration == b->vibration);
  g_assert_true (a->rpm == b->rpm);
  g_assert_true (a->wear == b->wear);
  g_assert_true (a->wear_rate == b->wear_rate);
  g_assert_true (a->timestamp == b->timestamp);
  g_assert_true (a->zone_d_time == b->zone_d_time);
  g_assert_true (a->tripped == b->tripped);
}

static void
assert_sim_equal (const TwinSim *a,
                  const TwinSim *b)
{
  g_assert_true (a->model == b->model);
  g_assert_cmpmem (&a->ctx, sizeof a->ctx, &b->ctx, sizeof b->ctx);
  g_assert_cmpmem (a->params, sizeof a->params, b->params, sizeof b->params);
  g_assert_true (a->inputs.ambient == b->inputs.ambient);
  g_assert_true (a->inputs.rpm_setpoint == b->inputs.rpm_setpoint);
  g_assert_true (a->inputs.cooling_degraded == b->inputs.cooling_degraded);
  g_assert_true (a->inputs.bearing_defect == b->inputs.bearing_defect);
  assert_state_equal (&a->state, &b->state);
  g_assert_true (a->t_base == b->t_base);
  g_assert_cmpuint (a->steps_since_base, ==, b->steps_since_base);
  g_assert_cmpuint (a->steps, ==, b->steps);
  g_assert_true (a->pending == b->pending);
  g_assert_cmphex (a->alarms, ==, b->alarms);
  g_assert_cmpint (a->noise, ==, b->noise);
  g_assert_cmpuint (a->noise_seed, ==, b->noise_seed);
}

static void
assert_events_equal (GArray *a,
                     GArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      const TwinAlarmEvent *x = &g_array_index (a, TwinAlarmEvent, i);
      const TwinAlarmEvent *y = &g_array_index (b, TwinAlarmEvent, i);

      g_assert_cmpint (x->alarm, ==, y->alarm);
      g_assert_cmpint (x->raised, ==, y->raised);
      g_assert_true (x->timestamp == y->timestamp);
      g_assert_true (x->value == y->value);
    }
}

/* A copy run ahead is the engine's own future: what-if and forecasts
 * stand on that. */
static void
test_copy_runs_ahead_bit_for_bit (void)
{
  const char *models[] = { "physical@2", "physical@3", "tutorial@1" };

  for (guint m = 0; m < G_N_ELEMENTS (models); m++)
    {
      g_autoptr(TwinEngine) engine = twin_engine_new_full (100000, 0.1);
      g_autoptr(GArray) engine_events = g_array_new (FALSE, FALSE, sizeof (TwinAlarmEvent));
      HookLog log = { g_array_new (FALSE, FALSE, sizeof (TwinAlarmEvent)), 0 };
      TwinSim sim, after;
      guint64 n;

      if (twin_model_lookup (models[m]) == NULL)
        {
          g_array_unref (log.events);
          continue;
        }

      g_assert_true (twin_engine_set_model (engine, models[m], NULL));
      g_assert_true (twin_engine_set_rpm_setpoint (engine, 2450, NULL));
      twin_engine_set_cooling_degraded (engine, TRUE);
      twin_engine_set_bearing_defect (engine, TRUE);
      twin_engine_set_noise (engine, TRUE, 11);
      twin_engine_advance (engine, 2.005);
      g_signal_connect (engine, "alarm", G_CALLBACK (engine_alarm_cb), engine_events);

      twin_engine_get_sim (engine, &sim);
      n = twin_sim_take_time (&sim, 300.0);
      g_assert_cmpuint (twin_sim_run (&sim, n, &log_hooks, &log), ==, n);

      twin_engine_advance (engine, 300.0);
      twin_engine_get_sim (engine, &after);

      assert_sim_equal (&sim, &after);
      g_assert_cmpmem (&sim.state, offsetof (TwinState, tripped),
                       &after.state, offsetof (TwinState, tripped));
      assert_events_equal (log.events, engine_events);
      if (g_str_has_prefix (models[m], "physical@"))
        {
          g_assert_cmpuint (log.events->len, >, 0);
          g_assert_true (twin_engine_get_tripped (engine));
          g_assert_cmpuint (log.trips, ==, 1);
        }

      g_array_unref (log.events);
    }
}

typedef struct
{
  TwinSim sim;
  HookLog log;
} Copy;

static void
setup_copies (Copy copies[N_COPIES])
{
  TwinSim template;

  twin_sim_init (&template);
  for (guint i = 0; i < N_COPIES; i++)
    {
      TwinCommand command = {
        .fields = TWIN_COMMAND_RPM_SETPOINT | TWIN_COMMAND_COOLING_DEGRADED | TWIN_COMMAND_BEARING_DEFECT,
        .rpm_setpoint = 300 + 450 * i,
        .cooling_degraded = i % 2,
        .bearing_defect = i % 3 == 0,
      };

      copies[i].sim = template;
      g_assert_true (twin_sim_apply (&copies[i].sim, &command, NULL));
      copies[i].log.events = g_array_new (FALSE, FALSE, sizeof (TwinAlarmEvent));
      copies[i].log.trips = 0;
    }
}

static gpointer
run_copy_thread (gpointer data)
{
  Copy *copy = data;

  twin_sim_run (&copy->sim, 100000, &log_hooks, &copy->log);
  return NULL;
}

static void
test_copies_on_threads_as_in_sequence (void)
{
  Copy sequential[N_COPIES];
  Copy threaded[N_COPIES];
  GThread *threads[N_COPIES];

  setup_copies (sequential);
  setup_copies (threaded);

  for (guint i = 0; i < N_COPIES; i++)
    run_copy_thread (&sequential[i]);

  for (guint i = 0; i < N_COPIES; i++)
    threads[i] = g_thread_new ("sim-copy", run_copy_thread, &threaded[i]);
  for (guint i = 0; i < N_COPIES; i++)
    g_thread_join (threads[i]);

  for (guint i = 0; i < N_COPIES; i++)
    {
      assert_sim_equal (&threaded[i].sim, &sequential[i].sim);
      assert_events_equal (threaded[i].log.events, sequential[i].log.events);
      g_assert_cmpuint (threaded[i].log.trips, ==, sequential[i].log.trips);
      g_assert_cmpuint (threaded[i].sim.steps, ==, 100000);
      g_array_unref (threaded[i].log.events);
      g_array_unref (sequential[i].log.events);
    }

  /* The copies did differ: the test would pass vacuously otherwise. */
  g_assert_true (sequential[0].sim.state.rpm != sequential[N_COPIES - 1].sim.state.rpm);
}

static void
test_init_as_new_engine (void)
{
  g_autoptr(TwinEngine) engine = twin_engine_new ();
  TwinSim sim, from_engine;

  twin_sim_init (&sim);
  twin_engine_get_sim (engine, &from_engine);
  assert_sim_equal (&sim, &from_engine);
  g_assert_true (sim.model == twin_model_default ());
  g_assert_cmpfloat (sim.state.timestamp, ==, 0);
  g_assert_cmpuint (sim.steps, ==, 0);
}

/* Each refused command: the sim keeps everything, and says what the
 * engine says. */
static void
test_apply_refuses_as_engine (void)
{
  const struct {
    TwinCommand command;
    gboolean (*engine_set) (TwinEngine *, const TwinCommand *, GError **);
  } bad[] = {
    { { .fields = TWIN_COMMAND_AMBIENT, .ambient = 80.001 } },
    { { .fields = TWIN_COMMAND_AMBIENT, .ambient = -40.5 } },
    { { .fields = TWIN_COMMAND_AMBIENT, .ambient = NAN } },
    { { .fields = TWIN_COMMAND_RPM_SETPOINT, .rpm_setpoint = 4001 } },
    { { .fields = TWIN_COMMAND_TIME_SCALE, .time_scale = 0.01 } },
    { { .fields = TWIN_COMMAND_MODEL, .model = "physical@9" } },
    { { .fields = TWIN_COMMAND_AMBIENT | TWIN_COMMAND_RPM_SETPOINT | TWIN_COMMAND_COOLING_DEGRADED,
        .ambient = 30, .rpm_setpoint = 9000, .cooling_degraded = TRUE } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(TwinEngine) engine = twin_engine_new ();
      g_autoptr(GError) sim_error = NULL;
      g_autoptr(GError) engine_error = NULL;
      TwinSim sim, before;

      twin_engine_get_sim (engine, &sim);
      before = sim;
      g_assert_false (twin_sim_apply (&sim, &bad[i].command, &sim_error));
      g_assert_false (twin_engine_apply_command (engine, &bad[i].command, &engine_error));
      g_assert_error (sim_error, engine_error->domain, engine_error->code);
      g_assert_cmpstr (sim_error->message, ==, engine_error->message);
      assert_sim_equal (&sim, &before);
    }

  {
    g_autoptr(TwinEngine) engine = twin_engine_new ();
    g_autoptr(GError) sim_error = NULL;
    g_autoptr(GError) engine_error = NULL;
    TwinSim sim;

    twin_sim_init (&sim);
    g_assert_false (twin_sim_set_param (&sim, "temp_trip", 1000, &sim_error));
    g_assert_false (twin_engine_set_param (engine, "temp_trip", 1000, &engine_error));
    g_assert_cmpstr (sim_error->message, ==, engine_error->message);
    g_clear_error (&sim_error);
    g_clear_error (&engine_error);
    g_assert_false (twin_sim_set_param (&sim, "no_such", 1, &sim_error));
    g_assert_false (twin_engine_set_param (engine, "no_such", 1, &engine_error));
    g_assert_error (sim_error, TWIN_ENGINE_ERROR, TWIN_ENGINE_ERROR_UNKNOWN_FIELD);
    g_assert_cmpstr (sim_error->message, ==, engine_error->message);
  }
}

/* The same commands, model switch and reset on a sim and on an engine
 * leave both in the same place. */
static void
test_apply_and_reset_as_engine (void)
{
  g_autoptr(TwinEngine) engine = twin_engine_new ();
  TwinCommand inputs = {
    .fields = TWIN_COMMAND_AMBIENT | TWIN_COMMAND_RPM_SETPOINT | TWIN_COMMAND_COOLING_DEGRADED,
    .ambient = 35, .rpm_setpoint = 1800, .cooling_degraded = TRUE,
  };
  TwinCommand switch_model = { .fields = TWIN_COMMAND_MODEL, .model = "tutorial@1" };
  TwinCommand reset_trip = { .fields = TWIN_COMMAND_RESET_TRIP, .reset_trip = TRUE };
  TwinCommand reset = { .fields = TWIN_COMMAND_RESET, .reset = TRUE };
  TwinSim sim, from_engine;

  twin_sim_init (&sim);

  g_assert_true (twin_sim_apply (&sim, &inputs, NULL));
  g_assert_true (twin_engine_apply_command (engine, &inputs, NULL));
  twin_sim_run (&sim, twin_sim_take_time (&sim, 150.0), NULL, NULL);
  twin_engine_advance (engine, 150.0);
  twin_engine_get_sim (engine, &from_engine);
  assert_sim_equal (&sim, &from_engine);
  g_assert_true (sim.state.tripped);

  g_assert_true (twin_sim_set_param (&sim, "temp_warning", 70, NULL));
  g_assert_true (twin_engine_set_param (engine, "temp_warning", 70, NULL));
  g_assert_true (twin_sim_apply (&sim, &reset_trip, NULL));
  g_assert_true (twin_engine_apply_command (engine, &reset_trip, NULL));
  twin_engine_get_sim (engine, &from_engine);
  assert_sim_equal (&sim, &from_engine);
  g_assert_false (sim.state.tripped);

  g_assert_true (twin_sim_apply (&sim, &switch_model, NULL));
  g_assert_true (twin_engine_apply_command (engine, &switch_model, NULL));
  g_assert_true (sim.t_base == from_engine.state.timestamp);
  twin_sim_run (&sim, twin_sim_take_time (&sim, 10.25), NULL, NULL);
  twin_engine_advance (engine, 10.25);
  twin_engine_get_sim (engine, &from_engine);
  assert_sim_equal (&sim, &from_engine);

  g_assert_true (twin_sim_apply (&sim, &reset, NULL));
  twin_engine_reset (engine);
  twin_engine_get_sim (engine, &from_engine);
  assert_sim_equal (&sim, &from_engine);
  g_assert_cmpfloat (sim.state.timestamp, ==, 0);
  g_assert_cmpuint (sim.steps, ==, 0);
  g_assert_cmpfloat (sim.inputs.ambient, ==, 35);
  g_assert_true (sim.model == twin_model_lookup ("tutorial@1"));
}

static gboolean
stop_at_100_cb (const TwinSim *sim,
                gpointer       data)
{
  return sim->steps < 100;
}

static void
count_sample_cb (const TwinSim *sim,
                 gpointer       data)
{
  (*(guint *)data)++;
}

static void
test_run_hooks_sample_and_stop (void)
{
  const TwinSimHooks hooks = { .sample = count_sample_cb, .step = stop_at_100_cb };
  guint samples = 0;
  TwinSim sim;

  twin_sim_init (&sim);
  g_assert_cmpuint (twin_sim_run (&sim, 1000, &hooks, &samples), ==, 100);
  g_assert_cmpuint (sim.steps, ==, 100);
  /* One before each step and one after the last. */
  g_assert_cmpuint (samples, ==, 101);
}

/* Alarms are a function of (params, state) alone; edges say what changed,
 * in alarm order, with the reading that set each off. */
static void
test_alarms_evaluate_and_edges (void)
{
  const struct {
    double   temperature;
    double   vibration;
    bool     tripped;
    guint    alarms;
  } cases[] = {
    {  65.0, 2.1, false, 0 },
    {  85.0, 2.1, false, TWIN_ALARM_TEMP_WARNING },
    { 105.0, 2.1, false, TWIN_ALARM_TEMP_WARNING | TWIN_ALARM_TEMP_TRIP },
    {  65.0, 4.5, false, TWIN_ALARM_VIB_ZONE_C },
    {  65.0, 7.1, false, TWIN_ALARM_VIB_ZONE_C | TWIN_ALARM_VIB_ZONE_D },
    {  20.0, 0.5, true,  TWIN_ALARM_TRIPPED },
  };
  TwinAlarmEvent events[TWIN_N_ALARMS];
  TwinState state = { .temperature = 90, .vibration = 8, .timestamp = 12.5 };
  TwinSim sim;
  guint n;

  twin_sim_init (&sim);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      TwinState s = sim.state;

      s.temperature = cases[i].temperature;
      s.vibration = cases[i].vibration;
      s.tripped = cases[i].tripped;
      g_assert_cmphex (twin_alarms_evaluate (sim.params, &s), ==, cases[i].alarms);
    }

  n = twin_alarms_edges (TWIN_ALARM_TEMP_TRIP | TWIN_ALARM_VIB_ZONE_C,
                         TWIN_ALARM_TEMP_WARNING | TWIN_ALARM_VIB_ZONE_C | TWIN_ALARM_VIB_ZONE_D,
                         &state, events);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpint (events[0].alarm, ==, TWIN_ALARM_TEMP_WARNING);
  g_assert_true (events[0].raised);
  g_assert_cmpfloat (events[0].value, ==, 90);
  g_assert_cmpint (events[1].alarm, ==, TWIN_ALARM_TEMP_TRIP);
  g_assert_false (events[1].raised);
  g_assert_cmpint (events[2].alarm, ==, TWIN_ALARM_VIB_ZONE_D);
  g_assert_true (events[2].raised);
  g_assert_cmpfloat (events[2].value, ==, 8);
  g_assert_cmpfloat (events[2].timestamp, ==, 12.5);
  g_assert_cmpuint (twin_alarms_edges (TWIN_ALARM_TRIPPED, TWIN_ALARM_TRIPPED, &state, events), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sim/copy/runs-ahead-bit-for-bit", test_copy_runs_ahead_bit_for_bit);
  g_test_add_func ("/sim/copy/threads-as-in-sequence", test_copies_on_threads_as_in_sequence);
  g_test_add_func ("/sim/init/as-new-engine", test_init_as_new_engine);
  g_test_add_func ("/sim/apply/refuses-as-engine", test_apply_refuses_as_engine);
  g_test_add_func ("/sim/apply/commands-and-reset-as-engine", test_apply_and_reset_as_engine);
  g_test_add_func ("/sim/run/hooks-sample-and-stop", test_run_hooks_sample_and_stop);
  g_test_add_func ("/sim/alarms/evaluate-and-edges", test_alarms_evaluate_and_edges);

  return g_test_run ();
}
