/* test-forecast.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <math.h>
#include <string.h>

#include "twin-engine.h"
#include "twin-forecaster.h"
#include "twin-test-wait.h"

#define HORIZON 600.0

static TwinForecast *
forecast_of (const TwinSim      *sim,
             const TwinCommand  *change,
             double              horizon,
             double              interval,
             GError            **error)
{
  TwinForecastSpec spec;

  twin_forecast_spec_init (&spec, horizon, interval);
  if (change != NULL)
    {
      spec.change = *change;
      spec.has_change = TRUE;
    }
  return twin_forecast_run (sim, &spec, NULL, error);
}

static void
assert_same_state (const TwinState *a,
                   const TwinState *b)
{
  g_assert_cmpfloat (a->temperature, ==, b->temperature);
  g_assert_cmpfloat (a->vibration, ==, b->vibration);
  g_assert_cmpfloat (a->rpm, ==, b->rpm);
  g_assert_cmpfloat (a->wear, ==, b->wear);
  g_assert_cmpfloat (a->wear_rate, ==, b->wear_rate);
  g_assert_cmpfloat (a->timestamp, ==, b->timestamp);
  g_assert_cmpfloat (a->zone_d_time, ==, b->zone_d_time);
  g_assert_cmpint (a->tripped, ==, b->tripped);
}

static void
alarm_cb (TwinEngine           *engine,
          const TwinAlarmEvent *event,
          GArray               *events)
{
  g_array_append_vals (events, event, 1);
}

static void
first_times_of (GArray *events,
                double  raised[TWIN_N_ALARMS],
                double  cleared[TWIN_N_ALARMS])
{
  for (guint i = 0; i < TWIN_N_ALARMS; i++)
    raised[i] = cleared[i] = NAN;
  for (guint k = 0; k < events->len; k++)
    {
      const TwinAlarmEvent *e = &g_array_index (events, TwinAlarmEvent, k);
      double *first = e->raised ? raised : cleared;
      guint i = g_bit_nth_lsf (e->alarm, -1);

      if (isnan (first[i]))
        first[i] = e->timestamp;
    }
}

static gboolean
same_time (double a,
           double b)
{
  return a == b || (isnan (a) && isnan (b));
}

/* Every sample of the course is the engine history's at the same time,
 * bit for bit. */
static void
assert_course_is_the_history (const TwinForecast *forecast,
                              const TwinHistory  *history)
{
  double interval = twin_history_get_interval (history);

  for (guint64 i = 0; i < twin_history_get_end_index (forecast->trajectory); i++)
    {
      double t = twin_history_index_to_time (forecast->trajectory, i);
      TwinSample a, b;

      g_assert_true (twin_history_get_sample (forecast->trajectory, i, &a));
      g_assert_true (twin_history_get_sample (history, (guint64) llround (t / interval), &b));
      g_assert_cmpmem (&a, sizeof a, &b, sizeof b);
    }
}

/* The first raise and clear of each alarm among the engine's @events are
 * the forecast's. */
static void
assert_events_are_the_engines (const TwinForecast *forecast,
                               GArray             *events)
{
  double raised[TWIN_N_ALARMS], cleared[TWIN_N_ALARMS];

  first_times_of (events, raised, cleared);
  for (guint i = 0; i < TWIN_N_ALARMS; i++)
    {
      g_assert_true (same_time (raised[i], forecast->raised[i]));
      g_assert_true (same_time (cleared[i], forecast->cleared[i]));
    }
}

/* A hot day at a high speed, run ahead on a copy, is what the engine then
 * does: the state at the horizon bit for bit, every sample of the course,
 * the first raise and clear of each alarm and the trip. */
static void
test_forecast_equals_the_engine_run_ahead (void)
{
  g_autoptr(TwinEngine) engine = twin_engine_new_full (100000, 0.1);
  g_autoptr(GArray) events = g_array_new (FALSE, FALSE, sizeof (TwinAlarmEvent));
  g_autoptr(TwinForecast) forecast = NULL;
  g_autoptr(GError) error = NULL;
  const TwinHistory *history;
  TwinSim sim, after;

  g_assert_true (twin_engine_set_ambient (engine, 38, NULL));
  g_assert_true (twin_engine_set_rpm_setpoint (engine, 2000, NULL));
  twin_engine_advance (engine, 5.05);
  twin_engine_get_sim (engine, &sim);

  forecast = forecast_of (&sim, NULL, HORIZON, 0.1, &error);
  g_assert_no_error (error);

  g_signal_connect (engine, "alarm", G_CALLBACK (alarm_cb), events);
  twin_engine_advance (engine, HORIZON);
  twin_engine_get_sim (engine, &after);
  assert_same_state (&forecast->end.state, &after.state);
  g_assert_cmpuint (forecast->end.alarms, ==, after.alarms);
  g_assert_true (forecast->end.state.tripped);

  g_assert_cmpuint (events->len, >, 0);
  assert_events_are_the_engines (forecast, events);
  g_assert_false (isnan (forecast->tripped));
  g_assert_cmpfloat (forecast->tripped, ==, forecast->raised[g_bit_nth_lsf (TWIN_ALARM_TRIPPED, -1)]);

  history = twin_engine_get_history (engine);
  g_assert_cmpuint (twin_history_get_length (forecast->trajectory), >=, (guint) (HORIZON / 0.1));
  assert_course_is_the_history (forecast, history);
  g_assert_cmpfloat (forecast->rul_hours, ==, twin_model_rul_hours (after.model, &after.state));
}

/* A decision (a command) is applied to the copy first, as the engine would
 * apply it; the engine's own sim is not touched. */
static void
test_forecast_applies_the_decision_first (void)
{
  g_autoptr(TwinEngine) engine = twin_engine_new ();
  g_autoptr(TwinForecast) forecast = NULL;
  TwinCommand decision = { .fields = TWIN_COMMAND_AMBIENT | TWIN_COMMAND_RPM_SETPOINT,
                           .ambient = 38, .rpm_setpoint = 3000 };
  TwinSim sim, after;

  twin_engine_advance (engine, 10);
  twin_engine_get_sim (engine, &sim);
  forecast = forecast_of (&sim, &decision, HORIZON, 1.0, NULL);
  g_assert_nonnull (forecast);
  g_assert_cmpfloat (twin_engine_get_ambient (engine), ==, twin_inputs[TWIN_INPUT_AMBIENT].default_value);

  g_assert_true (twin_engine_apply_command (engine, &decision, NULL));
  twin_engine_advance (engine, HORIZON);
  twin_engine_get_sim (engine, &after);
  assert_same_state (&forecast->end.state, &after.state);
  g_assert_false (isnan (forecast->zone_entered[TWIN_ZONE_C]));
}

static void
test_forecast_bad_horizon_or_decision_refused (void)
{
  TwinSim sim;
  TwinCommand bad = { .fields = TWIN_COMMAND_AMBIENT, .ambient = 95 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;

  twin_sim_init (&sim);
  g_assert_null (forecast_of (&sim, NULL, 10, 0.1, &error));
  g_assert_cmpstr (error->message, ==, "horizon: 10 is out of range; allowed: 60 to 86400 s");
  g_assert_null (forecast_of (&sim, &bad, HORIZON, 0.1, &error2));
  g_assert_cmpstr (error2->message, ==, "ambient: 95 is out of range; allowed: -40 to 80 °C");
}

/* A schedule of input and fault changes at simulated offsets is what the
 * engine does when it is given the same commands after advancing by the
 * same times: state, samples and alarm times bit for bit. */
static void
test_forecast_schedule_equals_the_engine_fed_the_same_commands (void)
{
  static const struct {
    double      at;
    TwinCommand command;
  } entries[] = {
    { 0.0,     { .fields = TWIN_COMMAND_AMBIENT, .ambient = 30 } },
    { 30.0,    { .fields = TWIN_COMMAND_RPM_SETPOINT, .rpm_setpoint = 2400 } },
    { 95.5,    { .fields = TWIN_COMMAND_AMBIENT | TWIN_COMMAND_RPM_SETPOINT, .ambient = 38, .rpm_setpoint = 2000 } },
    { 200.005, { .fields = TWIN_COMMAND_COOLING_DEGRADED, .cooling_degraded = TRUE } },
    { 200.005, { .fields = TWIN_COMMAND_BEARING_DEFECT, .bearing_defect = TRUE } },
    { 450.0,   { .fields = TWIN_COMMAND_RPM_SETPOINT, .rpm_setpoint = 1000 } },
  };
  g_autoptr(TwinEngine) engine = twin_engine_new_full (100000, 0.1);
  g_autoptr(GArray) events = g_array_new (FALSE, FALSE, sizeof (TwinAlarmEvent));
  g_autoptr(TwinForecast) forecast = NULL;
  g_autoptr(GError) error = NULL;
  TwinForecastSpec spec;
  TwinSim sim, after;
  double taken = 0;

  twin_engine_advance (engine, 5.05);
  twin_engine_get_sim (engine, &sim);
  twin_forecast_spec_init (&spec, HORIZON, 0.1);
  spec.n_schedule = G_N_ELEMENTS (entries);
  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    {
      spec.schedule[i].at = entries[i].at;
      spec.schedule[i].command = entries[i].command;
    }
  forecast = twin_forecast_run (&sim, &spec, NULL, &error);
  g_assert_no_error (error);

  g_signal_connect (engine, "alarm", G_CALLBACK (alarm_cb), events);
  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    {
      twin_engine_advance (engine, entries[i].at - taken);
      taken = entries[i].at;
      g_assert_true (twin_engine_apply_command (engine, &entries[i].command, NULL));
    }
  twin_engine_advance (engine, HORIZON - taken);
  twin_engine_get_sim (engine, &after);

  assert_same_state (&forecast->end.state, &after.state);
  g_assert_cmpmem (&forecast->end.inputs, sizeof after.inputs, &after.inputs, sizeof after.inputs);
  g_assert_cmpfloat (after.inputs.rpm_setpoint, ==, 1000);
  g_assert_false (isnan (forecast->raised[g_bit_nth_lsf (TWIN_ALARM_VIB_ZONE_C, -1)]));
  assert_events_are_the_engines (forecast, events);
  assert_course_is_the_history (forecast, twin_engine_get_history (engine));
}

/* A spec that cannot be run is refused with its field, its value and what
 * is allowed. */
static void
test_forecast_bad_spec_refused (void)
{
  static const struct {
    double      at;
    TwinCommand command;
    const char *message;
  } cases[] = {
    { 700, { .fields = TWIN_COMMAND_AMBIENT, .ambient = 30 },
      "schedule[1].at: 700 is out of range; allowed: 0 to 600 s" },
    { -1, { .fields = TWIN_COMMAND_AMBIENT, .ambient = 30 },
      "schedule[1].at: -1 is out of range; allowed: 0 to 600 s" },
    { 5, { .fields = TWIN_COMMAND_AMBIENT, .ambient = 30 },
      "schedule[1].at: 5 is before schedule[0].at (10); allowed: entries in time order" },
    { 20, { .fields = TWIN_COMMAND_TIME_SCALE, .time_scale = 10 },
      "schedule[1]: fields 0x8; allowed: ambient, rpm_setpoint and the faults, at least one" },
    { 20, { .fields = TWIN_COMMAND_RPM_SETPOINT, .rpm_setpoint = 5000 },
      "schedule[1].rpm_setpoint: 5000 is out of range; allowed: 0 to 4000 rpm" },
  };
  TwinSim sim;

  twin_sim_init (&sim);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      TwinForecastSpec spec;

      twin_forecast_spec_init (&spec, HORIZON, 0.1);
      spec.n_schedule = 2;
      spec.schedule[0].at = 10;
      spec.schedule[0].command.fields = TWIN_COMMAND_RPM_SETPOINT;
      spec.schedule[0].command.rpm_setpoint = 1000;
      spec.schedule[1].at = cases[i].at;
      spec.schedule[1].command = cases[i].command;
      g_assert_null (twin_forecast_run (&sim, &spec, NULL, &error));
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GError) error2 = NULL;
    TwinForecastSpec spec;

    twin_forecast_spec_init (&spec, HORIZON, 0);
    g_assert_null (twin_forecast_run (&sim, &spec, NULL, &error));
    g_assert_cmpstr (error->message, ==, "interval: 0 is out of range; allowed: above 0 to the horizon, 600 s");
    twin_forecast_spec_init (&spec, 86400, 0.01);
    g_assert_null (twin_forecast_run (&sim, &spec, NULL, &error2));
    g_assert_cmpstr (error2->message, ==,
                     "interval: 0.01 s is too fine for a horizon of 86400 s; allowed: at least 0.0864 s (1000000 samples)");
  }
}

/* The settled state is where the inputs at the horizon lead: for
 * physical@2 the closed form, which a long run reaches; a steady state
 * past the trip limit is tripped and at standstill. */
static void
test_forecast_settled_is_where_the_inputs_lead (void)
{
  g_autoptr(TwinForecast) slow = NULL;
  g_autoptr(TwinForecast) hot = NULL;
  g_autoptr(TwinForecast) tutorial = NULL;
  TwinCommand to_1000 = { .fields = TWIN_COMMAND_RPM_SETPOINT, .rpm_setpoint = 1000 };
  TwinCommand hot_day = { .fields = TWIN_COMMAND_AMBIENT | TWIN_COMMAND_RPM_SETPOINT, .ambient = 30, .rpm_setpoint = 2000 };
  TwinCommand to_tutorial = { .fields = TWIN_COMMAND_MODEL | TWIN_COMMAND_AMBIENT | TWIN_COMMAND_RPM_SETPOINT,
                              .model = "tutorial@1", .ambient = 10, .rpm_setpoint = 1200 };
  double n = 1000.0 / 1500.0;
  TwinSim sim;

  twin_sim_init (&sim);
  slow = forecast_of (&sim, &to_1000, 3600, 10, NULL);
  g_assert_cmpfloat_with_epsilon (slow->settled.temperature, 22 + 43 * n * n, 1e-9);
  g_assert_cmpfloat_with_epsilon (slow->settled.rpm, 1000, 1e-9);
  g_assert_cmpfloat_with_epsilon (slow->settled.temperature, slow->end.state.temperature, 1e-6);
  g_assert_cmpfloat_with_epsilon (slow->settled.vibration, slow->end.state.vibration, 1e-6);
  g_assert_cmpfloat_with_epsilon (slow->settled.rpm, slow->end.state.rpm, 1e-6);
  g_assert_false (slow->settled.tripped);

  hot = forecast_of (&sim, &hot_day, 60, 1, NULL);
  g_assert_false (hot->end.state.tripped);
  g_assert_true (hot->settled.tripped);
  g_assert_cmpfloat (hot->settled.rpm, ==, 0);
  g_assert_cmpfloat_with_epsilon (hot->settled.temperature, 30, 1e-9);

  tutorial = forecast_of (&sim, &to_tutorial, 60, 1, NULL);
  g_assert_cmpfloat (tutorial->settled.temperature, ==, 10);
  g_assert_cmpfloat (tutorial->settled.vibration, ==, 0.5);
  g_assert_cmpfloat (tutorial->settled.rpm, ==, 1200);
}

/* An alarm that holds after the change holds from the start; one that is
 * raised later from its raise; one that never is, NAN. At 2300 rpm the
 * vibration stays in zone C and the temperature trips. */
static void
test_forecast_time_of_alarms (void)
{
  g_autoptr(TwinForecast) forecast = NULL;
  TwinCommand low_warning = { .fields = TWIN_COMMAND_PARAMS | TWIN_COMMAND_RPM_SETPOINT, .rpm_setpoint = 2300,
                              .n_params = 1, .params = { { "temp_warning", 60 } } };
  TwinSim sim;

  twin_sim_init (&sim);
  forecast = forecast_of (&sim, &low_warning, HORIZON, 1, NULL);
  g_assert_cmpuint (forecast->alarms_at_start, ==, TWIN_ALARM_TEMP_WARNING);
  g_assert_cmpfloat (twin_forecast_time_of (forecast, TWIN_ALARM_TEMP_WARNING), ==, forecast->start);
  g_assert_true (isnan (forecast->raised[0]));
  g_assert_cmpfloat (twin_forecast_time_of (forecast, TWIN_ALARM_VIB_ZONE_C), ==,
                     forecast->raised[g_bit_nth_lsf (TWIN_ALARM_VIB_ZONE_C, -1)]);
  g_assert_false (isnan (twin_forecast_time_of (forecast, TWIN_ALARM_VIB_ZONE_C)));
  g_assert_cmpfloat (twin_forecast_time_of (forecast, TWIN_ALARM_TRIPPED), ==, forecast->tripped);
  g_assert_true (isnan (twin_forecast_time_of (forecast, TWIN_ALARM_VIB_ZONE_D)));
}

static void
assert_within_a_step (double fast,
                      double fixed,
                      double dt)
{
  if (isnan (fixed))
    g_assert_true (isnan (fast));
  else
    g_assert_cmpfloat (fabs (fast - fixed), <=, dt + 1e-9);
}

/* Long steps once the speed has settled give every event within one
 * internal step of the fixed-step answer, over a set of step inputs from
 * a fresh and from a run-in machine, with and without faults. */
static void
test_forecast_fast_events_within_a_step (void)
{
  static const struct {
    double   ambient;
    double   rpm_setpoint;
    gboolean cooling_degraded;
    gboolean bearing_defect;
    double   run_in;
  } cases[] = {
    { 22, 1500, FALSE, FALSE, 0 },
    { 22, 3000, FALSE, FALSE, 0 },
    { 38, 2000, FALSE, FALSE, 0 },
    { 30, 2400, FALSE, FALSE, 0 },
    { 40, 1844, FALSE, FALSE, 0 },
    { 22, 2300, FALSE, TRUE, 0 },
    { 35, 1500, TRUE, FALSE, 0 },
    { 10, 0, FALSE, FALSE, 0 },
    { 45, 1900, TRUE, FALSE, 120 },
    { 22, 2600, FALSE, FALSE, 300 },
    { -20, 3800, FALSE, FALSE, 60 },
    { 30, 2250, FALSE, FALSE, 60 },
  };
  guint events = 0;

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(TwinForecast) fixed = NULL;
      g_autoptr(TwinForecast) fast = NULL;
      TwinForecastSpec spec;
      TwinSim sim;
      double dt;

      twin_sim_init (&sim);
      twin_sim_run (&sim, twin_sim_take_time (&sim, cases[c].run_in), NULL, NULL);
      dt = sim.ctx.dt;
      twin_forecast_spec_init (&spec, HORIZON, 0.5);
      spec.has_change = TRUE;
      spec.change.fields = TWIN_COMMAND_AMBIENT | TWIN_COMMAND_RPM_SETPOINT |
                           TWIN_COMMAND_COOLING_DEGRADED | TWIN_COMMAND_BEARING_DEFECT;
      spec.change.ambient = cases[c].ambient;
      spec.change.rpm_setpoint = cases[c].rpm_setpoint;
      spec.change.cooling_degraded = cases[c].cooling_degraded;
      spec.change.bearing_defect = cases[c].bearing_defect;
      fixed = twin_forecast_run (&sim, &spec, NULL, NULL);
      spec.fast = TRUE;
      fast = twin_forecast_run (&sim, &spec, NULL, NULL);

      for (guint i = 0; i < TWIN_N_ALARMS; i++)
        {
          assert_within_a_step (fast->raised[i], fixed->raised[i], dt);
          assert_within_a_step (fast->cleared[i], fixed->cleared[i], dt);
          events += !isnan (fixed->raised[i]) + !isnan (fixed->cleared[i]);
        }
      for (guint z = 0; z < G_N_ELEMENTS (fixed->zone_entered); z++)
        assert_within_a_step (fast->zone_entered[z], fixed->zone_entered[z], dt);
      assert_within_a_step (fast->tripped, fixed->tripped, dt);
      g_assert_cmpfloat (fast->end.state.timestamp, ==, fixed->end.state.timestamp);
      g_assert_cmpuint (fast->end.steps, ==, fixed->end.steps);
      g_assert_cmpfloat_with_epsilon (fast->end.state.temperature, fixed->end.state.temperature, 1e-6);
      g_assert_cmpfloat_with_epsilon (fast->end.state.vibration, fixed->end.state.vibration, 1e-6);
      g_assert_cmpfloat_with_epsilon (fast->rul_hours / fixed->rul_hours, 1, 1e-3);
      g_assert_cmpuint (twin_history_get_end_index (fast->trajectory), ==,
                        twin_history_get_end_index (fixed->trajectory));
    }
  g_assert_cmpuint (events, >, 10);
}

/* With the speed held at 1500 rpm, a step of the ambient temperature (or
 * of the cooling) makes the temperature a first-order response,
 * T(t) = T∞ + (T₀ − T∞)·e^(−t/τ): the warning and the trip are raised
 * within one internal step of where it crosses 85 and 105 °C, with fixed
 * and with long steps. */
static void
test_forecast_alarms_at_the_analytic_crossings (void)
{
  static const struct {
    double   ambient;
    gboolean cooling_degraded;
  } cases[] = {
    { 45, FALSE }, { 50, FALSE }, { 65, FALSE }, { 80, FALSE }, { 22, TRUE }, { 35, TRUE },
  };
  static const struct {
    TwinAlarm   alarm;
    const char *threshold;
  } alarms[] = {
    { TWIN_ALARM_TEMP_WARNING, "temp_warning" },
    { TWIN_ALARM_TEMP_TRIP, "temp_trip" },
    { TWIN_ALARM_TRIPPED, "temp_trip" },
  };
  guint crossings = 0;

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    for (gboolean fast = FALSE; fast <= TRUE; fast++)
      {
        g_autoptr(TwinForecast) forecast = NULL;
        TwinForecastSpec spec;
        TwinSim sim;
        double tau, t_inf, t0;

        twin_sim_init (&sim);
        twin_forecast_spec_init (&spec, HORIZON, 1.0);
        spec.fast = fast;
        spec.has_change = TRUE;
        spec.change.fields = TWIN_COMMAND_AMBIENT | TWIN_COMMAND_COOLING_DEGRADED;
        spec.change.ambient = cases[c].ambient;
        spec.change.cooling_degraded = cases[c].cooling_degraded;
        forecast = twin_forecast_run (&sim, &spec, NULL, NULL);

        tau = sim.params[twin_model_find_param (sim.model, "tau_temp")] *
              (cases[c].cooling_degraded ? sim.params[twin_model_find_param (sim.model, "cooling_factor")] : 1);
        t_inf = cases[c].ambient + (cases[c].cooling_degraded ? sim.params[twin_model_find_param (sim.model, "cooling_factor")] : 1) *
                sim.params[twin_model_find_param (sim.model, "temp_rise_nominal")];
        t0 = sim.state.temperature;
        g_assert_cmpfloat (sim.state.rpm, ==, 1500);

        for (guint a = 0; a < G_N_ELEMENTS (alarms); a++)
          {
            double threshold = sim.params[twin_model_find_param (sim.model, alarms[a].threshold)];
            double got = twin_forecast_time_of (forecast, alarms[a].alarm) - forecast->start;

            if (t_inf <= threshold)
              {
                g_assert_true (isnan (got));
                continue;
              }
            g_assert_cmpfloat (fabs (got - tau * log ((t0 - t_inf) / (threshold - t_inf))), <=, sim.ctx.dt);
            crossings++;
          }
      }
  g_assert_cmpuint (crossings, >=, 20);
}

/* The course is the true one: noise, in the sim or in the decision, is
 * not in it. */
static void
test_forecast_course_has_no_noise (void)
{
  g_autoptr(TwinForecast) quiet = NULL;
  g_autoptr(TwinForecast) noisy = NULL;
  TwinCommand speed = { .fields = TWIN_COMMAND_RPM_SETPOINT, .rpm_setpoint = 2000 };
  TwinCommand speed_and_noise = { .fields = TWIN_COMMAND_RPM_SETPOINT | TWIN_COMMAND_NOISE, .rpm_setpoint = 2000,
                                  .noise = TRUE, .noise_seed = 7 };
  TwinSim sim;

  twin_sim_init (&sim);
  sim.noise = TRUE;
  sim.noise_seed = 3;
  quiet = forecast_of (&sim, &speed, HORIZON, 1, NULL);
  sim.noise = FALSE;
  noisy = forecast_of (&sim, &speed_and_noise, HORIZON, 1, NULL);
  g_assert_false (quiet->end.noise);
  g_assert_false (noisy->end.noise);
  g_assert_cmpuint (twin_history_get_end_index (quiet->trajectory), ==, twin_history_get_end_index (noisy->trajectory));
  for (guint64 i = 0; i < twin_history_get_end_index (quiet->trajectory); i++)
    {
      TwinSample a, b;

      g_assert_true (twin_history_get_sample (quiet->trajectory, i, &a));
      g_assert_true (twin_history_get_sample (noisy->trajectory, i, &b));
      g_assert_cmpmem (&a, sizeof a, &b, sizeof b);
    }
}

typedef struct
{
  GThread      *main_thread;
  guint         done;
  TwinPrediction *results[8];
  GError       *errors[8];
} Collect;

typedef struct
{
  Collect *collect;
  guint    slot;
} Slot;

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Slot *slot = data;

  g_assert_true (g_thread_self () == slot->collect->main_thread);
  slot->collect->results[slot->slot] =
    twin_forecaster_request_finish (TWIN_FORECASTER (source), result, &slot->collect->errors[slot->slot]);
  slot->collect->done++;
  g_free (slot);
}

static gboolean
all_done (gpointer data)
{
  Collect *collect = data;

  return collect->done == G_N_ELEMENTS (collect->results);
}

static gboolean
first_two_done (gpointer data)
{
  Collect *collect = data;

  return collect->done == 2;
}

static void
request (TwinForecaster *forecaster,
         Collect        *collect,
         guint           slot,
         const char     *purpose,
         const TwinSim  *sim,
         double          horizon)
{
  Slot *s = g_new0 (Slot, 1);
  TwinForecastSpec spec;

  s->collect = collect;
  s->slot = slot;
  twin_forecast_spec_init (&spec, horizon, 1.0);
  twin_forecaster_request (forecaster, purpose, sim, &spec, 0, done_cb, s);
}

/* Eight forecasts on the worker pool at once give what they give one
 * after another, delivered on the main thread. */
static void
test_forecaster_threads_change_nothing (void)
{
  g_autoptr(TwinForecaster) forecaster = twin_forecaster_new ();
  Collect collect = { g_thread_self () };
  TwinSim sims[8];

  for (guint i = 0; i < 8; i++)
    {
      g_autofree char *purpose = g_strdup_printf ("branch %u", i);
      TwinCommand c = { .fields = TWIN_COMMAND_RPM_SETPOINT, .rpm_setpoint = 500.0 * i };

      twin_sim_init (&sims[i]);
      twin_sim_apply (&sims[i], &c, NULL);
      request (forecaster, &collect, i, purpose, &sims[i], 3600);
    }
  twin_test_wait_until (all_done, &collect, 60, "eight forecasts");

  for (guint i = 0; i < 8; i++)
    {
      g_autoptr(TwinForecast) alone = forecast_of (&sims[i], NULL, 3600, 1.0, NULL);

      g_assert_no_error (collect.errors[i]);
      assert_same_state (&collect.results[i]->course->end.state, &alone->end.state);
      g_assert_null (collect.results[i]->ensemble);
      twin_prediction_free (collect.results[i]);
    }
}

/* A newer request for the same purpose cancels the older one. */
static void
test_forecaster_newer_request_cancels_older (void)
{
  g_autoptr(TwinForecaster) forecaster = twin_forecaster_new ();
  Collect collect = { g_thread_self () };
  TwinSim sim;

  twin_sim_init (&sim);
  request (forecaster, &collect, 0, "course", &sim, TWIN_FORECAST_HORIZON_MAX);
  request (forecaster, &collect, 1, "course", &sim, 60);
  twin_test_wait_until (first_two_done, &collect, 60, "both forecasts to end");

  g_assert_error (collect.errors[0], G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (collect.results[0]);
  g_assert_no_error (collect.errors[1]);
  g_assert_nonnull (collect.results[1]);
  g_clear_error (&collect.errors[0]);
  twin_prediction_free (collect.results[1]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/forecast/equals-the-engine-run-ahead", test_forecast_equals_the_engine_run_ahead);
  g_test_add_func ("/forecast/applies-the-decision-first", test_forecast_applies_the_decision_first);
  g_test_add_func ("/forecast/bad-horizon-or-decision-refused", test_forecast_bad_horizon_or_decision_refused);
  g_test_add_func ("/forecast/schedule-equals-the-engine-fed-the-same-commands",
                   test_forecast_schedule_equals_the_engine_fed_the_same_commands);
  g_test_add_func ("/forecast/bad-spec-refused", test_forecast_bad_spec_refused);
  g_test_add_func ("/forecast/settled-is-where-the-inputs-lead", test_forecast_settled_is_where_the_inputs_lead);
  g_test_add_func ("/forecast/time-of-alarms", test_forecast_time_of_alarms);
  g_test_add_func ("/forecast/fast/events-within-a-step", test_forecast_fast_events_within_a_step);
  g_test_add_func ("/forecast/alarms-at-the-analytic-crossings", test_forecast_alarms_at_the_analytic_crossings);
  g_test_add_func ("/forecast/course-has-no-noise", test_forecast_course_has_no_noise);
  g_test_add_func ("/forecaster/threads-change-nothing", test_forecaster_threads_change_nothing);
  g_test_add_func ("/forecaster/newer-request-cancels-older", test_forecaster_newer_request_cancels_older);

  return g_test_run ();
}
