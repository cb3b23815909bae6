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
  double raised[TWIN_N_ALARMS], cleared[TWIN_N_ALARMS];

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
  g_assert_cmpuint (events->len, >, 0);
  for (guint i = 0; i < TWIN_N_ALARMS; i++)
    {
      g_assert_true (raised[i] == forecast->raised[i] || (isnan (raised[i]) && isnan (forecast->raised[i])));
      g_assert_true (cleared[i] == forecast->cleared[i] || (isnan (cleared[i]) && isnan (forecast->cleared[i])));
    }
  g_assert_false (isnan (forecast->tripped));
  g_assert_cmpfloat (forecast->tripped, ==, forecast->raised[g_bit_nth_lsf (TWIN_ALARM_TRIPPED, -1)]);

  history = twin_engine_get_history (engine);
  g_assert_cmpuint (twin_history_get_length (forecast->trajectory), >=, (guint) (HORIZON / 0.1));
  for (guint64 i = 0; i < twin_history_get_end_index (forecast->trajectory); i++)
    {
      double t = twin_history_index_to_time (forecast->trajectory, i);
      guint64 j = (guint64) llround (t / 0.1);
      TwinSample a, b;

      g_assert_true (twin_history_get_sample (forecast->trajectory, i, &a));
      g_assert_true (twin_history_get_sample (history, j, &b));
      g_assert_cmpmem (&a, sizeof a, &b, sizeof b);
    }
  g_assert_cmpfloat (forecast->rul_hours, ==, twin_state_rul_hours (&after.state));
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
  g_test_add_func ("/forecaster/threads-change-nothing", test_forecaster_threads_change_nothing);
  g_test_add_func ("/forecaster/newer-request-cancels-older", test_forecaster_newer_request_cancels_older);

  return g_test_run ();
}
