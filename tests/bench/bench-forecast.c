/* bench-forecast.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The forecast's figures, each with the ratio it is judged by, measured
 * in the same run so that it holds on any machine: a 10-min forecast
 * against the bare model loop over the same steps, a 24-h forecast, a
 * 64-member ensemble on 1 and 2 threads against two bare model loops on
 * two threads (what the machine's cores give to perfectly independent
 * work), safe ranges for both sliders. Each figure is the best of its runs.
 */

#include <math.h>

#include "twin-advise.h"
#include "twin-bench.h"
#include "twin-ensemble.h"
#include "twin-parallel.h"

#define RUNS 15

static volatile double sink;

/* Sorts @times; the best of them, as bench-model takes its best run: the
 * least disturbed by whatever else the machine runs. */
static double
best_of (double *times,
         guint   n)
{
  twin_bench_median (times, n);
  return times[0];
}

static void
sim_at_speed (TwinSim *sim)
{
  TwinCommand c = { .fields = TWIN_COMMAND_RPM_SETPOINT | TWIN_COMMAND_AMBIENT, .rpm_setpoint = 1800, .ambient = 30 };

  twin_sim_init (sim);
  twin_sim_apply (sim, &c, NULL);
  twin_sim_run (sim, twin_sim_take_time (sim, 60), NULL, NULL);
}

/* The bare model loop over @n steps: the floor a forecast stands on. */
static double
model_loop_ms (const TwinSim *start,
               guint64        n)
{
  TwinSim sim = *start;
  double t0 = twin_bench_now_ms ();

  for (guint64 i = 0; i < n; i++)
    twin_model_step (sim.model, &sim.ctx, &sim.state, &sim.inputs);
  sink = sim.state.temperature;
  return twin_bench_now_ms () - t0;
}

typedef struct
{
  const TwinSim *start;
  guint64        n;
} Loop;

static gpointer
loop_cb (gpointer data)
{
  Loop *loop = data;

  model_loop_ms (loop->start, loop->n);
  return NULL;
}

/* The bare model loop over @n steps on each of two threads at once: the
 * speedup two threads can have on this machine, whatever its cores are
 * shared with. */
static double
two_loops_ms (const TwinSim *start,
              guint64        n)
{
  Loop loop = { start, n };
  double t0 = twin_bench_now_ms ();
  GThread *other = g_thread_new ("loop", loop_cb, &loop);

  loop_cb (&loop);
  g_thread_join (other);
  return twin_bench_now_ms () - t0;
}

static double
forecast_ms (const TwinSim          *start,
             const TwinForecastSpec *spec)
{
  double t0 = twin_bench_now_ms ();
  g_autoptr(TwinForecast) forecast = twin_forecast_run (start, spec, NULL, NULL);

  g_assert (forecast != NULL);
  sink = forecast->end.state.temperature;
  return twin_bench_now_ms () - t0;
}

static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec * 1e-6;
}

/* Wall ms; @cpu: CPU ms of every thread, which shows whether running
 * on more threads costs more work or only waits for a free core. */
static double
ensemble_ms (const TwinSim          *start,
             const TwinForecastSpec *spec,
             guint                   threads,
             double                 *cpu)
{
  double c0 = cpu_ms ();
  double t0 = twin_bench_now_ms ();
  g_autoptr(TwinEnsemble) ensemble = twin_ensemble_run (start, spec, TWIN_ENSEMBLE_MEMBERS_DEFAULT, threads,
                                                        NULL, NULL);
  double t1 = twin_bench_now_ms ();

  g_assert (ensemble != NULL);
  sink = ensemble->rul_hours.p50;
  *cpu = cpu_ms () - c0;
  return t1 - t0;
}

static double
advise_ms (const TwinSim *start,
           guint          threads)
{
  double t0 = twin_bench_now_ms ();

  for (TwinInput vary = TWIN_INPUT_AMBIENT; vary <= TWIN_INPUT_RPM_SETPOINT; vary++)
    {
      g_autofree TwinAdvice *advice = NULL;
      g_autoptr(GError) error = NULL;
      TwinAdviseSpec spec;

      twin_advise_spec_init (&spec);
      spec.vary = vary;
      spec.avoid = TWIN_ALARM_TEMP_WARNING | TWIN_ALARM_TRIPPED;
      advice = twin_advise_run (start, &spec, threads, NULL, &error);
      g_assert_no_error (error);
      sink = advice->n_intervals;
    }
  return twin_bench_now_ms () - t0;
}

int
main (int   argc,
      char *argv[])
{
  double model[RUNS], course[RUNS], fast[RUNS], day[RUNS], day_fast[RUNS], one[RUNS], two[RUNS];
  double one_cpu[RUNS], two_cpu[RUNS], loops[RUNS];
  double load = 0;
  double advise[5];
  TwinForecastSpec spec, spec_day;
  TwinSim sim;
  guint64 steps;

  sim_at_speed (&sim);
  /* The outlook's grid: 600 s at 0.3 s, 2000 samples. */
  twin_forecast_spec_init (&spec, 600, 0.3);
  spec.has_change = TRUE;
  spec.change.fields = TWIN_COMMAND_RPM_SETPOINT;
  spec.change.rpm_setpoint = 2200;
  spec_day = spec;
  spec_day.horizon = 86400;
  spec_day.interval = 43.2;
  steps = (guint64) llround (600 / sim.ctx.dt);

  for (guint r = 0; r < RUNS; r++)
    {
      TwinForecastSpec s = spec;

      model[r] = model_loop_ms (&sim, steps);
      loops[r] = two_loops_ms (&sim, steps * 16);
      course[r] = forecast_ms (&sim, &spec);
      s.fast = TRUE;
      fast[r] = forecast_ms (&sim, &s);
      day[r] = r < 5 ? forecast_ms (&sim, &spec_day) : day[r % 5];
      s = spec_day;
      s.fast = TRUE;
      day_fast[r] = forecast_ms (&sim, &s);
      s = spec;
      s.fast = TRUE;
      one[r] = ensemble_ms (&sim, &s, 1, &one_cpu[r]);
      two[r] = ensemble_ms (&sim, &s, 2, &two_cpu[r]);
    }
  /* At 22 °C and 1500 rpm, settled: no alarm yet. */
  twin_sim_init (&sim);
  for (guint r = 0; r < G_N_ELEMENTS (advise); r++)
    advise[r] = advise_ms (&sim, 2);

  {
    double m = best_of (model, RUNS), c = best_of (course, RUNS);
    double o = best_of (one, RUNS), t = best_of (two, RUNS);

    g_print ("forecast 10 min, fixed steps:  %7.3f ms (target <= 1.5); bare model loop %7.3f ms: %.0f %% of the model-steps rate (target >= 90 %%)\n",
             c, m, 100 * m / c);
    g_print ("forecast 10 min, long steps:   %7.3f ms (%.1fx the fixed steps)\n",
             best_of (fast, RUNS), c / best_of (fast, RUNS));
    g_print ("forecast 24 h, fixed steps:    %7.1f ms (target <= 200): %.0f %% of the model-steps rate\n",
             best_of (day, 5), 100 * m * 144 / best_of (day, 5));
    g_print ("forecast 24 h, long steps:     %7.3f ms\n", best_of (day_fast, RUNS));
    g_autofree char *loadavg = NULL;

    if (g_file_get_contents ("/proc/loadavg", &loadavg, NULL, NULL))
      load = g_ascii_strtod (loadavg, NULL);
    g_print ("ensemble 64 x 10 min, long steps: %6.2f ms on 1 thread, %6.2f ms on 2 (target <= 40): %.2fx (target >= 1.8x on 2 idle cores; %u cores here, load %.1f); CPU %.2f ms on 1, %.2f ms on 2\n",
             o, t, o / t, g_get_num_processors (), load, best_of (one_cpu, RUNS), best_of (two_cpu, RUNS));
    g_print ("two bare model loops on 2 threads: %.2fx one (what this machine gives two threads now); the ensemble gets %.0f %% of it\n",
             2 * 16 * m / best_of (loops, RUNS), 100 * (o / t) / (2 * 16 * m / best_of (loops, RUNS)));
    g_print ("safe ranges, ambient and speed, 64 members, 2 threads: %6.1f ms (target <= 1000)\n",
             best_of (advise, G_N_ELEMENTS (advise)));
  }

  return 0;
}
