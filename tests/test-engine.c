/* test-engine.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <math.h>

#include "twin-engine.h"
#include "twin-test-wait.h"

static void
assert_close (double a,
              double b,
              double rel)
{
  if (fabs (a - b) > rel * fmax (fabs (b), 1e-9))
    g_error ("%.12g and %.12g differ by more than %g relative", a, b, rel);
}

static void
test_validation (void)
{
  g_autoptr(TwinEngine) engine = twin_engine_new_full (1000, 0.1);
  g_autoptr(GError) error = NULL;
  const double bad_ambient[] = { NAN, INFINITY, -INFINITY, 80.001, -40.5, 1e308 };

  for (guint i = 0; i < G_N_ELEMENTS (bad_ambient); i++)
    {
      g_assert_false (twin_engine_set_ambient (engine, bad_ambient[i], &error));
      g_assert_error (error, TWIN_ENGINE_ERROR, TWIN_ENGINE_ERROR_INVALID_VALUE);
      g_assert_nonnull (strstr (error->message, "ambient"));
      g_assert_nonnull (strstr (error->message, "-40 to 80 °C"));
      g_clear_error (&error);
      g_assert_cmpfloat (twin_engine_get_ambient (engine), ==, 22.0);
    }

  g_assert_false (twin_engine_set_rpm_setpoint (engine, 4001, &error));
  g_assert_nonnull (strstr (error->message, "rpm_setpoint: 4001 is out of range; allowed: 0 to 4000 rpm"));
  g_clear_error (&error);

  g_assert_false (twin_engine_set_time_scale (engine, 0.01, &error));
  g_assert_nonnull (strstr (error->message, "time_scale"));
  g_clear_error (&error);

  g_assert_false (twin_engine_set_model (engine, "physical@9", &error));
  g_assert_error (error, TWIN_ENGINE_ERROR, TWIN_ENGINE_ERROR_UNKNOWN_MODEL);
  g_assert_nonnull (strstr (error->message, "physical@2, tutorial@1"));
  g_clear_error (&error);

  g_assert_false (twin_engine_set_param (engine, "temp_trip", 1000, &error));
  g_assert_nonnull (strstr (error->message, "temp_trip"));
  g_clear_error (&error);

  g_assert_true (twin_engine_set_ambient (engine, 30, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (twin_engine_get_ambient (engine), ==, 30.0);

  /* Numbers as text, as the command line and query strings give them. */
  {
    const char *bad[] = { "", " 30", "30 ", "\t30", "30\n", "hot", "1e400", "-1e400", "nan", "-NaN", "inf",
                          "Infinity", "81", "0x10", "0X1A", "0x1p4", "0x", "1e-400", "-1e-400", "1e-310",
                          "+", "-", ".", "e5", "1e", "1e+", "--1", "+-1", "1..5", "1.5.", "3,0", "30x",
                          "1_000", "\xd9\xa3" };
    const struct { const char *text; double value; } good[] = {
      { "-12.5", -12.5 }, { "+5", 5 }, { ".5", 0.5 }, { "5.", 5 }, { "1e1", 10 }, { "2.5E-1", 0.25 },
      { "-0", 0 }, { "0e-400", 0 }, { "0.000e+999", 0 }, { "80", 80 }, { "-40", -40 },
    };
    double value = 0;

    for (guint i = 0; i < G_N_ELEMENTS (good); i++)
      {
        if (!twin_parse_number ("ambient", good[i].text, -40, 80, "°C", &value, &error))
          g_error ("\"%s\": %s", good[i].text, error->message);
        g_assert_cmpfloat (value, ==, good[i].value);
      }

    /* Hex and underflow are refused with the field and what was given. */
    g_assert_false (twin_parse_number ("ambient", "0x10", -40, 80, "°C", &value, &error));
    g_assert_cmpstr (error->message, ==, "ambient: \"0x10\" is not a number; allowed: -40 to 80 °C");
    g_clear_error (&error);
    g_assert_false (twin_parse_number ("ambient", "1e-400", -40, 80, "°C", &value, &error));
    g_assert_cmpstr (error->message, ==,
                     "ambient: \"1e-400\" is too close to 0 to be represented; allowed: -40 to 80 °C");
    g_clear_error (&error);

    g_assert_true (twin_parse_number ("ambient", "-12.5", -40, 80, "°C", &value, &error));
    g_assert_cmpfloat (value, ==, -12.5);
    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_assert_false (twin_parse_number ("ambient", bad[i], -40, 80, "°C", &value, &error));
        g_assert_true (g_str_has_prefix (error->message, "ambient: "));
        g_assert_nonnull (strstr (error->message, "allowed: -40 to 80 °C"));
        g_clear_error (&error);
      }
    g_assert_cmpfloat (value, ==, -12.5);
  }
}

static void
test_command_whole_or_nothing (void)
{
  g_autoptr(TwinEngine) engine = twin_engine_new_full (1000, 0.1);
  g_autoptr(GError) error = NULL;
  TwinCommand command = { 0 };

  command.fields = TWIN_COMMAND_AMBIENT | TWIN_COMMAND_RPM_SETPOINT | TWIN_COMMAND_COOLING_DEGRADED;
  command.ambient = 30;
  command.rpm_setpoint = 9000;
  command.cooling_degraded = TRUE;

  g_assert_false (twin_engine_apply_command (engine, &command, &error));
  g_assert_nonnull (strstr (error->message, "rpm_setpoint"));
  g_clear_error (&error);
  g_assert_cmpfloat (twin_engine_get_ambient (engine), ==, 22.0);
  g_assert_false (twin_engine_get_cooling_degraded (engine));

  command.rpm_setpoint = 1000;
  g_assert_true (twin_engine_apply_command (engine, &command, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (twin_engine_get_ambient (engine), ==, 30.0);
  g_assert_cmpfloat (twin_engine_get_rpm_setpoint (engine), ==, 1000.0);
  g_assert_true (twin_engine_get_cooling_degraded (engine));
}

static void
snapshot_after (const char   *model,
                const double *chunks,
                guint         n_chunks,
                guint         repeat,
                TwinSnapshot *out)
{
  g_autoptr(TwinEngine) engine = twin_engine_new_full (100000, 0.1);

  g_assert_true (twin_engine_set_model (engine, model, NULL));
  g_assert_true (twin_engine_set_rpm_setpoint (engine, 1900, NULL));
  g_assert_true (twin_engine_set_ambient (engine, 35, NULL));
  twin_engine_set_bearing_defect (engine, TRUE);
  twin_engine_set_noise (engine, TRUE, 7);

  for (guint r = 0; r < repeat; r++)
    for (guint i = 0; i < n_chunks; i++)
      twin_engine_advance (engine, chunks[i]);

  twin_engine_get_snapshot (engine, out);
}

static void
assert_same_state (const TwinSnapshot *a,
                   const TwinSnapshot *b,
                   double              rel)
{
  assert_close (a->timestamp, b->timestamp, rel);
  assert_close (a->temperature, b->temperature, rel);
  assert_close (a->vibration, b->vibration, rel);
  assert_close (a->rpm, b->rpm, rel);
  assert_close (a->wear, b->wear, rel);
  g_assert_cmpuint (a->seq, ==, b->seq);
}

static void
test_tick_rate_invariance (void)
{
  const double one[] = { 600.0 };
  const double ten[] = { 10.0 };
  const double hundredth[] = { 0.01 };
  const double ragged[] = { 0.003, 0.0171, 1.5, 0.25, 0.0001, 2.2298 };
  TwinSnapshot a, b, c, d;

  snapshot_after ("physical@2", one, 1, 1, &a);
  snapshot_after ("physical@2", ten, 1, 60, &b);
  snapshot_after ("physical@2", hundredth, 1, 60000, &c);
  snapshot_after ("physical@2", ragged, G_N_ELEMENTS (ragged), 150, &d);

  assert_close (a.timestamp, 600.0, 1e-12);
  assert_same_state (&a, &b, 1e-6);
  assert_same_state (&a, &c, 1e-6);
  assert_same_state (&a, &d, 1e-6);
}

static void
test_determinism (void)
{
  const double frames[] = { 1.0 / 60, 1.0 / 144, 0.1, 0.033 };

  for (guint m = 0; m < twin_model_registry_count (); m++)
    {
      const char *id = twin_model_registry_get (m)->id;
      TwinSnapshot a, b;
      g_autoptr(TwinEngine) e1 = twin_engine_new_full (100000, 0.1);
      g_autoptr(TwinEngine) e2 = twin_engine_new_full (100000, 0.1);
      const TwinHistory *h1, *h2;

      /* The same inputs at the same simulated times, different frame rates. */
      for (int k = 0; k < 2; k++)
        {
          TwinEngine *e = k == 0 ? e1 : e2;
          double frame = frames[k == 0 ? 0 : 1];
          double t = 0;

          twin_engine_set_model (e, id, NULL);
          twin_engine_set_noise (e, TRUE, 99);

          for (int phase = 0; phase < 4; phase++)
            {
              double until = (phase + 1) * 30.0;

              twin_engine_set_rpm_setpoint (e, 800 + 700 * phase, NULL);
              while (t + frame <= until)
                {
                  twin_engine_advance (e, frame);
                  t += frame;
                }
              twin_engine_advance (e, until - t);
              t = until;
            }
        }

      twin_engine_get_snapshot (e1, &a);
      twin_engine_get_snapshot (e2, &b);
      assert_same_state (&a, &b, 1e-9);

      h1 = twin_engine_get_history (e1);
      h2 = twin_engine_get_history (e2);
      g_assert_cmpuint (twin_history_get_length (h1), ==, twin_history_get_length (h2));
      for (guint64 i = twin_history_get_first_index (h1); i < twin_history_get_end_index (h1); i++)
        {
          TwinSample s1, s2;

          g_assert_true (twin_history_get_sample (h1, i, &s1));
          g_assert_true (twin_history_get_sample (h2, i, &s2));
          for (guint ch = 0; ch < TWIN_N_CHANNELS; ch++)
            assert_close (s1.values[ch], s2.values[ch], 1e-5);
        }
    }
}

static void
test_noise (void)
{
  g_autoptr(TwinEngine) quiet = twin_engine_new_full (1000, 0.1);
  g_autoptr(TwinEngine) noisy = twin_engine_new_full (1000, 0.1);
  TwinSnapshot a, b;
  double sum = 0, sum2 = 0;
  guint n = 0;

  twin_engine_set_noise (noisy, TRUE, 5);
  for (int i = 0; i < 2000; i++)
    {
      twin_engine_advance (quiet, 0.05);
      twin_engine_advance (noisy, 0.05);
      twin_engine_get_snapshot (quiet, &a);
      twin_engine_get_snapshot (noisy, &b);
      if (a.timestamp < 20)
        continue;
      sum += b.temperature - a.temperature;
      sum2 += (b.temperature - a.temperature) * (b.temperature - a.temperature);
      n++;
    }

  /* Gaussian around the true value with the documented sigma. */
  g_assert_cmpfloat (fabs (sum / n), <, 0.05);
  g_assert_cmpfloat (fabs (sqrt (sum2 / n) - TWIN_NOISE_TEMPERATURE), <, 0.03);

  /* And the same sample reads back the same. */
  twin_engine_get_snapshot (noisy, &a);
  twin_engine_get_snapshot (noisy, &b);
  g_assert_cmpfloat (a.temperature, ==, b.temperature);
}

static void
count_cb (gpointer  instance,
          guint    *count)
{
  (*count)++;
}

static void
test_changed_coalesced (void)
{
  g_autoptr(TwinEngine) engine = twin_engine_new_full (1000, 0.1);
  guint changed = 0;

  g_signal_connect (engine, "changed", G_CALLBACK (count_cb), &changed);
  twin_test_iterate ();
  changed = 0;

  for (int i = 0; i < 100; i++)
    {
      twin_engine_advance (engine, 0.5);
      twin_engine_set_ambient (engine, 20 + i % 10, NULL);
    }
  g_assert_cmpuint (changed, ==, 0);
  g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (changed, ==, 1);
  twin_test_iterate ();
  g_assert_cmpuint (changed, ==, 1);
}

typedef struct
{
  GArray *events;
} AlarmLog;

static void
alarm_cb (TwinEngine           *engine,
          const TwinAlarmEvent *event,
          AlarmLog             *log)
{
  g_array_append_vals (log->events, event, 1);
}

static gboolean
find_event (AlarmLog  *log,
            TwinAlarm  alarm,
            gboolean   raised,
            double    *when)
{
  for (guint i = 0; i < log->events->len; i++)
    {
      TwinAlarmEvent *e = &g_array_index (log->events, TwinAlarmEvent, i);

      if (e->alarm == alarm && e->raised == raised)
        {
          *when = e->timestamp;
          return TRUE;
        }
    }
  return FALSE;
}

static void
test_alarms_and_trip (void)
{
  g_autoptr(TwinEngine) engine = twin_engine_new_full (100000, 0.1);
  AlarmLog alarms = { g_array_new (FALSE, FALSE, sizeof (TwinAlarmEvent)) };
  TwinSnapshot snap;
  double t_warn = 0, t_trip = 0, t_latch = 0, t = 0;

  g_signal_connect (engine, "alarm", G_CALLBACK (alarm_cb), &alarms);
  twin_engine_set_cooling_degraded (engine, TRUE);
  twin_engine_advance (engine, 120);

  /* T = 129.5 - 64.5 e^(-t/50): 85 °C at 50 ln(64.5/44.5), 105 °C at 50 ln(64.5/24.5). */
  g_assert_true (find_event (&alarms, TWIN_ALARM_TEMP_WARNING, TRUE, &t_warn));
  g_assert_true (find_event (&alarms, TWIN_ALARM_TEMP_TRIP, TRUE, &t_trip));
  g_assert_true (find_event (&alarms, TWIN_ALARM_TRIPPED, TRUE, &t_latch));
  g_assert_cmpfloat (fabs (t_warn - 50 * log (64.5 / 44.5)), <, 0.05);
  g_assert_cmpfloat (fabs (t_trip - 50 * log (64.5 / 24.5)), <, 0.05);
  g_assert_cmpfloat (t_latch, ==, t_trip);
  g_assert_true (twin_engine_get_tripped (engine));

  twin_engine_get_snapshot (engine, &snap);
  g_assert_true (snap.tripped);
  g_assert_true (snap.alarms & TWIN_ALARM_TRIPPED);
  g_assert_cmpfloat (snap.rpm, <, 1500);

  /* Once it has cooled, resetting the trip lets the setpoint drive it again. */
  twin_engine_set_cooling_degraded (engine, FALSE);
  twin_engine_advance (engine, 600);
  g_assert_true (find_event (&alarms, TWIN_ALARM_TEMP_WARNING, FALSE, &t));
  g_assert_true (twin_engine_get_tripped (engine));
  twin_engine_reset_trip (engine);
  g_assert_false (twin_engine_get_tripped (engine));
  g_assert_true (find_event (&alarms, TWIN_ALARM_TRIPPED, FALSE, &t));
  twin_engine_advance (engine, 30);
  twin_engine_get_snapshot (engine, &snap);
  assert_close (snap.rpm, 1500, 1e-3);

  g_array_unref (alarms.events);
}

static void
test_threshold_change_alarms (void)
{
  g_autoptr(TwinEngine) engine = twin_engine_new_full (1000, 0.1);
  AlarmLog alarms = { g_array_new (FALSE, FALSE, sizeof (TwinAlarmEvent)) };
  double t = 0;

  g_signal_connect (engine, "alarm", G_CALLBACK (alarm_cb), &alarms);
  twin_engine_advance (engine, 1);

  /* 65 °C: a warning threshold moved below it raises the warning at once,
   * and moved back clears it. */
  g_assert_true (twin_engine_set_param (engine, "temp_warning", 60, NULL));
  g_assert_true (find_event (&alarms, TWIN_ALARM_TEMP_WARNING, TRUE, &t));
  g_assert_cmpfloat (t, ==, twin_engine_get_timestamp (engine));
  g_assert_true (twin_engine_set_param (engine, "temp_warning", 85, NULL));
  g_assert_true (find_event (&alarms, TWIN_ALARM_TEMP_WARNING, FALSE, &t));

  g_array_unref (alarms.events);
}

static void
test_model_switch (void)
{
  g_autoptr(TwinEngine) engine = twin_engine_new_full (100000, 0.1);
  TwinSnapshot before, after;

  twin_engine_set_rpm_setpoint (engine, 1200, NULL);
  twin_engine_advance (engine, 50);
  twin_engine_get_snapshot (engine, &before);

  g_assert_true (twin_engine_set_model (engine, "tutorial@1", NULL));
  twin_engine_get_snapshot (engine, &after);
  g_assert_cmpstr (after.model, ==, "tutorial@1");
  g_assert_cmpfloat (after.temperature, ==, before.temperature);
  g_assert_cmpfloat (after.vibration, ==, before.vibration);
  g_assert_cmpfloat (after.rpm, ==, before.rpm);
  g_assert_cmpfloat (after.timestamp, ==, before.timestamp);

  /* It now steps at the tutorial's 0.5 s and truncates rpm. */
  twin_engine_advance (engine, 0.5);
  twin_engine_get_snapshot (engine, &after);
  g_assert_cmpfloat (after.timestamp, ==, before.timestamp + 0.5);
  g_assert_cmpfloat (after.rpm, ==, trunc (after.rpm));
  g_assert_cmpfloat (twin_engine_get_param (engine, "temp_trip"), ==, 105);
}

static double
run_clock_for (TwinEngine *engine,
               guint       ms)
{
  double t0 = twin_engine_get_timestamp (engine);
  gint64 wall0 = g_get_monotonic_time ();

  twin_test_run_for (ms / 1000.0);

  /* Simulated over wall time, so that a slow machine does not fail it. */
  return (twin_engine_get_timestamp (engine) - t0) / ((g_get_monotonic_time () - wall0) * 1e-6);
}

static void
test_time_scale_and_pause (void)
{
  g_autoptr(TwinEngine) engine = twin_engine_new_full (100000, 0.1);
  double rate;
  double t;

  twin_engine_start (engine);

  rate = run_clock_for (engine, 300);
  g_assert_cmpfloat (rate, >, 0.3);
  g_assert_cmpfloat (rate, <, 1.01);

  g_assert_true (twin_engine_set_time_scale (engine, 100, NULL));
  rate = run_clock_for (engine, 300);
  g_assert_cmpfloat (rate, >, 30);
  g_assert_cmpfloat (rate, <, 101);

  twin_engine_set_paused (engine, TRUE);
  t = twin_engine_get_timestamp (engine);
  run_clock_for (engine, 100);
  g_assert_cmpfloat (twin_engine_get_timestamp (engine), ==, t);

  /* Single step and advance work while paused. */
  twin_engine_step_once (engine);
  assert_close (twin_engine_get_timestamp (engine), t + 0.01, 1e-12);
  twin_engine_advance (engine, 1.0);
  assert_close (twin_engine_get_timestamp (engine), t + 1.01, 1e-12);

  twin_engine_set_paused (engine, FALSE);
  rate = run_clock_for (engine, 200);
  g_assert_cmpfloat (rate, >, 30);
  twin_engine_stop (engine);
}

static void
report_cb (TwinEngine         *engine,
           const TwinSnapshot *snapshot,
           GArray             *times)
{
  g_array_append_val (times, snapshot->timestamp);
}

static void
test_report_and_stop_time (void)
{
  g_autoptr(TwinEngine) engine = twin_engine_new_full (1000, 0.1);
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));

  twin_engine_set_report_interval (engine, 1.0);
  twin_engine_set_stop_time (engine, 5.0);
  g_signal_connect (engine, "report", G_CALLBACK (report_cb), times);
  twin_engine_advance (engine, 20.0);

  g_assert_true (twin_engine_get_paused (engine));
  g_assert_cmpuint (times->len, ==, 5);
  for (guint i = 0; i < times->len; i++)
    assert_close (g_array_index (times, double, i), i + 1.0, 1e-9);
  assert_close (twin_engine_get_timestamp (engine), 5.0, 1e-12);
}

static void
test_reset (void)
{
  g_autoptr(TwinEngine) engine = twin_engine_new_full (1000, 0.1);
  const TwinHistory *history = twin_engine_get_history (engine);

  twin_engine_set_ambient (engine, 40, NULL);
  twin_engine_advance (engine, 30);
  g_assert_cmpuint (twin_history_get_length (history), ==, 301);
  twin_engine_reset (engine);
  g_assert_cmpfloat (twin_engine_get_timestamp (engine), ==, 0);
  g_assert_cmpuint (twin_history_get_length (history), ==, 0);
  g_assert_cmpfloat (twin_engine_get_ambient (engine), ==, 40);
}

static void
test_history_bounded (void)
{
  g_autoptr(TwinEngine) engine = twin_engine_new_full (5000, 0.1);
  const TwinHistory *history = twin_engine_get_history (engine);
  gsize memory = twin_history_get_memory_size (history);

  twin_engine_set_time_scale (engine, 10000, NULL);
  twin_engine_advance (engine, 3600);
  g_assert_cmpuint (twin_history_get_length (history), ==, 5000);
  g_assert_cmpuint (twin_history_get_end_index (history), ==, 36001);
  g_assert_cmpuint (twin_history_get_memory_size (history), ==, memory);
  assert_close (twin_history_get_last_time (history), 3600, 1e-9);
}

static void
test_finalize (void)
{
  TwinEngine *engine = twin_engine_new_full (1000, 0.1);

  twin_engine_start (engine);
  twin_engine_advance (engine, 10);
  g_assert_finalize_object (engine);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/inputs/refused-naming-field-and-range", test_validation);
  g_test_add_func ("/engine/command/applied-whole-or-not-at-all", test_command_whole_or_nothing);
  g_test_add_func ("/engine/run/same-state-whatever-the-tick-rate", test_tick_rate_invariance);
  g_test_add_func ("/engine/run/same-trajectory-whatever-the-frame-rate", test_determinism);
  g_test_add_func ("/engine/noise/gaussian-with-documented-sigma", test_noise);
  g_test_add_func ("/engine/changed/once-per-main-loop-turn", test_changed_coalesced);
  g_test_add_func ("/engine/alarms/warning-and-trip-at-analytic-times", test_alarms_and_trip);
  g_test_add_func ("/engine/alarms/moved-threshold-raises-and-clears-at-once", test_threshold_change_alarms);
  g_test_add_func ("/engine/model/switch-keeps-state-and-time", test_model_switch);
  g_test_add_func ("/engine/clock/time-scale-pause-and-step", test_time_scale_and_pause);
  g_test_add_func ("/engine/clock/reports-each-interval-until-stop-time", test_report_and_stop_time);
  g_test_add_func ("/engine/reset/clears-time-and-history-keeps-inputs", test_reset);
  g_test_add_func ("/engine/history/memory-bounded-by-capacity", test_history_bounded);
  g_test_add_func ("/engine/finalize/while-running", test_finalize);

  return g_test_run ();
}
