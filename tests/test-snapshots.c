/* test-snapshots.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The instructor's snapshots: a backtrack restores the simulation bit for
 * bit (its memory and its state as JSON) and the run goes on from there
 * exactly as the first time; automatic ones land on exact multiples of
 * their interval however time is cut into ticks, the oldest automatic
 * ones go past the bound and manual ones stay; bad input is refused.
 */

#include <math.h>
#include <string.h>

#include "twin-json.h"
#include "twin-json-sim.h"
#include "twin-snapshots.h"
#include "twin-test-commands.h"
#include "twin-test-sim.h"
#include "twin-test-wait.h"

/* What follows the snapshot, the same both times: a fault, a setpoint. */
static char *
run_on (TwinEngine *engine,
        GPtrArray  *states)
{
  for (guint i = 0; i < 40; i++)
    {
      if (i == 7)
        twin_test_apply (engine, (TwinCommand){ .fields = TWIN_COMMAND_COOLING_DEGRADED, .cooling_degraded = TRUE });
      if (i == 21)
        twin_test_apply (engine, (TwinCommand){ .fields = TWIN_COMMAND_RPM_SETPOINT, .rpm_setpoint = 2100 });
      twin_engine_advance (engine, 3.3);
      g_ptr_array_add (states, twin_test_state_json (engine));
    }
  return twin_test_sim_json (engine);
}

static void
test_backtrack_exact (void)
{
  g_autoptr(TwinEngine) engine = twin_engine_new ();
  g_autoptr(TwinSnapshots) snapshots = twin_snapshots_new (engine);
  g_autoptr(GPtrArray) first = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) second = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *state_then = NULL, *state_now = NULL, *end_first = NULL, *end_second = NULL;
  const TwinSnapshotsEntry *entry;
  TwinSim now;
  guint id;

  twin_engine_set_noise (engine, TRUE, 4242);
  twin_test_apply (engine, (TwinCommand){ .fields = TWIN_COMMAND_RPM_SETPOINT | TWIN_COMMAND_AMBIENT,
                                .rpm_setpoint = 1830, .ambient = 27.25 });
  twin_engine_advance (engine, 61.23);
  id = twin_snapshots_take (snapshots, "before the fault");
  state_then = twin_test_state_json (engine);
  entry = twin_snapshots_lookup (snapshots, id);
  g_assert_nonnull (entry);
  g_assert_cmpstr (entry->label, ==, "before the fault");
  g_assert_false (entry->automatic);
  g_assert_cmpfloat (entry->timestamp, ==, twin_engine_get_timestamp (engine));
  g_assert_cmpstr (entry->run, ==, twin_engine_get_run (engine));

  end_first = run_on (engine, first);
  g_assert_true (twin_engine_get_cooling_degraded (engine));

  g_assert_true (twin_snapshots_backtrack (snapshots, id, TWIN_COMMAND_SOURCE_WINDOW, &error));
  g_assert_no_error (error);
  twin_engine_get_sim (engine, &now);
  entry = twin_snapshots_lookup (snapshots, id);
  g_assert_true (memcmp (&now, &entry->sim, sizeof now) == 0);
  state_now = twin_test_state_json (engine);
  g_assert_cmpstr (state_now, ==, state_then);
  g_assert_false (twin_engine_get_cooling_degraded (engine));
  g_assert_cmpint (twin_engine_get_last_restore (engine, NULL), ==, TWIN_COMMAND_SOURCE_WINDOW);

  end_second = run_on (engine, second);
  g_assert_cmpuint (first->len, ==, second->len);
  for (guint i = 0; i < first->len; i++)
    g_assert_cmpstr (first->pdata[i], ==, second->pdata[i]);
  g_assert_cmpstr (end_first, ==, end_second);
}

/* The times of the automatic snapshots and the simulations they hold. */
static GPtrArray *
automatic_run (double chunk)
{
  g_autoptr(TwinEngine) engine = twin_engine_new ();
  g_autoptr(TwinSnapshots) snapshots = twin_snapshots_new (engine);
  GPtrArray *kept = g_ptr_array_new_with_free_func (g_free);
  double done = 0;

  twin_test_apply (engine, (TwinCommand){ .fields = TWIN_COMMAND_RPM_SETPOINT, .rpm_setpoint = 2000 });
  g_assert_cmpfloat (twin_snapshots_get_interval (snapshots), ==, 5);
  while (done < 1234.5)
    {
      twin_engine_advance (engine, chunk);
      done += chunk;
    }
  for (guint i = 0; i < twin_snapshots_get_n (snapshots); i++)
    {
      const TwinSnapshotsEntry *e = twin_snapshots_get (snapshots, i);
      g_autoptr(cJSON) object = twin_json_sim_object (&e->sim);
      char *text = cJSON_PrintUnformatted (object);

      g_assert_true (e->automatic);
      g_assert_null (e->label);
      g_ptr_array_add (kept, g_strdup_printf ("%.9f %s", e->timestamp, text));
      cJSON_free (text);
    }
  return kept;
}

static void
test_automatic_exact (void)
{
  static const double chunks[] = { 1234.5, 0.016 * 7, 7.77, 60 };
  g_autoptr(GPtrArray) reference = automatic_run (0.016);

  g_assert_cmpuint (reference->len, ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *at = g_strdup_printf ("%.9f ", 300.0 * (i + 1));

      g_assert_true (g_str_has_prefix (reference->pdata[i], at));
    }
  for (guint c = 0; c < G_N_ELEMENTS (chunks); c++)
    {
      g_autoptr(GPtrArray) kept = automatic_run (chunks[c]);

      g_assert_cmpuint (kept->len, ==, reference->len);
      for (guint i = 0; i < kept->len; i++)
        g_assert_cmpstr (kept->pdata[i], ==, reference->pdata[i]);
    }
}

/* After a backtrack the next automatic one is the next multiple after the
 * time restored; the bound drops the oldest automatic ones only. */
static void
test_automatic_bound_and_backtrack (void)
{
  g_autoptr(TwinEngine) engine = twin_engine_new ();
  g_autoptr(TwinSnapshots) snapshots = twin_snapshots_new (engine);
  g_autoptr(GError) error = NULL;
  guint manual, automatic = 0, n;
  double last;
  double first_automatic = G_MAXDOUBLE;

  g_assert_true (twin_snapshots_set_interval (snapshots, 0.5, &error));
  twin_engine_advance (engine, 40);
  manual = twin_snapshots_take (snapshots, NULL);
  twin_engine_advance (engine, 10);
  g_assert_cmpuint (twin_snapshots_get_n (snapshots), ==, 2);
  g_assert_cmpfloat (twin_snapshots_get (snapshots, 0)->timestamp, ==, 30);
  g_assert_true (twin_snapshots_backtrack (snapshots, manual, TWIN_COMMAND_SOURCE_PROGRAM, &error));
  twin_engine_advance (engine, 20.5);
  /* 30 s and again 60 s, from the restored 40 s on. */
  g_assert_cmpuint (twin_snapshots_get_n (snapshots), ==, 3);
  g_assert_cmpfloat (twin_snapshots_get (snapshots, 2)->timestamp, ==, 60);

  twin_engine_advance (engine, 30.0 * (TWIN_SNAPSHOTS_MAX_AUTOMATIC + 20));
  for (guint i = 0; i < twin_snapshots_get_n (snapshots); i++)
    {
      const TwinSnapshotsEntry *e = twin_snapshots_get (snapshots, i);

      if (i > 0)
        g_assert_cmpfloat (e->timestamp, >=, twin_snapshots_get (snapshots, i - 1)->timestamp);
      if (e->automatic)
        {
          automatic++;
          first_automatic = MIN (first_automatic, e->timestamp);
        }
    }
  g_assert_cmpuint (automatic, ==, TWIN_SNAPSHOTS_MAX_AUTOMATIC);
  g_assert_nonnull (twin_snapshots_lookup (snapshots, manual));
  g_assert_cmpfloat (first_automatic, >, 60);

  /* Someone else clears every wake-up: the next one is asked for again. */
  n = twin_snapshots_get_n (snapshots);
  last = twin_snapshots_get (snapshots, n - 1)->timestamp;
  twin_engine_clear_wakeups (engine);
  twin_test_iterate ();
  twin_engine_advance (engine, 30);
  g_assert_cmpfloat (twin_snapshots_get (snapshots, n - 1)->timestamp, ==, last + 30);

  g_assert_true (twin_snapshots_set_interval (snapshots, 0, &error));
  twin_engine_advance (engine, 300);
  g_assert_cmpuint (twin_snapshots_get_n (snapshots), ==, TWIN_SNAPSHOTS_MAX_AUTOMATIC + 1);
}

static void
test_refused (void)
{
  g_autoptr(TwinEngine) engine = twin_engine_new ();
  g_autoptr(TwinSnapshots) snapshots = twin_snapshots_new (engine);
  g_autoptr(GError) error = NULL;
  guint id;

  g_assert_false (twin_snapshots_set_interval (snapshots, -2, &error));
  g_assert_nonnull (strstr (error->message, "snapshot_interval"));
  g_assert_nonnull (strstr (error->message, "-2"));
  g_assert_cmpfloat (twin_snapshots_get_interval (snapshots), ==, 5);
  g_clear_error (&error);
  g_assert_false (twin_snapshots_set_interval (snapshots, NAN, &error));
  g_clear_error (&error);

  g_assert_false (twin_snapshots_backtrack (snapshots, 77, TWIN_COMMAND_SOURCE_WINDOW, &error));
  g_assert_nonnull (strstr (error->message, "77"));
  g_clear_error (&error);

  id = twin_snapshots_take (snapshots, "");
  g_assert_null (twin_snapshots_lookup (snapshots, id)->label);
  twin_engine_advance (engine, 10);
  twin_engine_set_command_lock (engine, TWIN_COMMAND_LOCK_WINDOW);
  g_assert_false (twin_snapshots_backtrack (snapshots, id, TWIN_COMMAND_SOURCE_WINDOW, &error));
  g_assert_error (error, TWIN_ENGINE_ERROR, TWIN_ENGINE_ERROR_LOCKED);
  g_assert_cmpfloat (twin_engine_get_timestamp (engine), ==, 10);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/snapshots/backtrack/bit-for-bit-and-runs-on-the-same", test_backtrack_exact);
  g_test_add_func ("/snapshots/automatic/exact-steps-whatever-the-ticks", test_automatic_exact);
  g_test_add_func ("/snapshots/automatic/bound-and-after-a-backtrack", test_automatic_bound_and_backtrack);
  g_test_add_func ("/snapshots/refused", test_refused);

  return g_test_run ();
}
