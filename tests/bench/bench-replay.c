/* bench-replay.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A day's recording (TWIN_BENCH_REPLAY_HOURS changes it) with a command
 * every ten simulated minutes: how long it takes to open (read whole),
 * to replay at once (as a multiple of real time), and to seek to moments
 * all over it, forwards and backwards (median and worst).
 */

#include <glib/gstdio.h>
#include <stdio.h>

#include "twin-bench.h"
#include "twin-recorder.h"
#include "twin-replay.h"

#define N_SEEKS 50

static void
record (const char *path,
        double      hours)
{
  g_autoptr(TwinEngine) engine = twin_engine_new ();
  g_autoptr(TwinRecorder) recorder = NULL;
  g_autoptr(GError) error = NULL;
  double t0 = twin_bench_now_ms ();

  recorder = twin_recorder_new (engine, path, &error);
  g_assert_no_error (error);
  for (guint k = 0; k < hours * 6; k++)
    {
      g_assert_true (twin_engine_set_ambient (engine, 15 + k % 20, &error));
      twin_engine_advance (engine, 600.0);
    }
  g_assert_true (twin_recorder_stop (recorder, &error));
  g_print ("replay: recorded %.0f h in %.1f s\n", hours, (twin_bench_now_ms () - t0) / 1e3);
}

int
main (int   argc,
      char *argv[])
{
  const char *env = g_getenv ("TWIN_BENCH_REPLAY_HOURS");
  double hours = env != NULL ? g_ascii_strtod (env, NULL) : 24;
  g_autofree char *dir = g_dir_make_tmp ("bench-replay-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "day.mcap", NULL);
  g_autoptr(TwinEngine) engine = twin_engine_new ();
  g_autoptr(TwinEngine) engine2 = twin_engine_new ();
  g_autoptr(TwinReplay) replay = NULL;
  g_autoptr(TwinReplay) once = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (12);
  double times[N_SEEKS];
  GStatBuf st;
  double t0, open_ms, run_ms, duration, median;

  record (path, hours);
  g_stat (path, &st);

  t0 = twin_bench_now_ms ();
  replay = twin_replay_new (engine, path, &error);
  g_assert_no_error (error);
  open_ms = twin_bench_now_ms () - t0;
  duration = twin_replay_get_duration (replay);

  for (guint i = 0; i < N_SEEKS; i++)
    {
      double at = g_rand_double_range (rand, 0, duration);

      t0 = twin_bench_now_ms ();
      g_assert_true (twin_replay_seek (replay, at, &error));
      times[i] = twin_bench_now_ms () - t0;
    }

  once = twin_replay_new (engine2, path, &error);
  g_assert_no_error (error);
  t0 = twin_bench_now_ms ();
  g_assert_true (twin_replay_run (once, NULL, &error));
  run_ms = twin_bench_now_ms () - t0;

  g_print ("replay: %.0f h recording, %.0f MB: opened (read whole) in %.2f s\n",
           duration / 3600, st.st_size / 1e6, open_ms / 1e3);
  g_print ("replay: at once in %.2f s, %.0fx real time\n", run_ms / 1e3, duration / (run_ms / 1e3));
  median = twin_bench_median (times, N_SEEKS);
  g_print ("replay: %d seeks to random moments: median %.2f ms, worst %.2f ms\n", N_SEEKS,
           median, times[N_SEEKS - 1]);

  g_unlink (path);
  g_rmdir (dir);
  return 0;
}
