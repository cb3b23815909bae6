/* test-shadow.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shadow mode in the engine alone: no network needed.
 */

#include <math.h>

#include "twin-engine.h"
#include "twin-test-wait.h"

static void
test_residuals (void)
{
  g_autoptr(TwinEngine) engine = twin_engine_new_full (1000, 0.1);
  TwinShadow *shadow = twin_engine_get_shadow (engine);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) points = NULL;
  TwinReading reading = { 70.0, 3.0, 1450.0, 100.0 };
  TwinSnapshot sim;
  TwinMeasurement m;
  double residual_rpm;

  g_assert_false (twin_shadow_get_last (shadow, NULL));
  g_assert_false (twin_engine_sync_to_measurement (engine, TWIN_COMMAND_SOURCE_PROGRAM, &error));
  g_assert_error (error, TWIN_ENGINE_ERROR, TWIN_ENGINE_ERROR_INVALID_VALUE);
  g_clear_error (&error);

  twin_engine_advance (engine, 10);
  twin_engine_get_snapshot (engine, &sim);
  g_assert_true (twin_engine_add_reading (engine, &reading, &error));
  g_assert_no_error (error);

  g_assert_true (twin_shadow_get_last (shadow, &m));
  g_assert_cmpfloat (m.sim_time, ==, sim.timestamp);
  g_assert_cmpfloat (m.residual_temperature, ==, 70.0 - sim.temperature);
  g_assert_cmpfloat (m.residual_vibration, ==, 3.0 - sim.vibration);
  g_assert_cmpfloat (m.residual_rpm, ==, 1450.0 - sim.rpm);
  g_object_get (shadow, "residual-rpm", &residual_rpm, NULL);
  g_assert_cmpfloat (residual_rpm, ==, m.residual_rpm);

  /* A second reading later: one more point, at its own simulated time. */
  twin_engine_advance (engine, 10);
  reading.temperature = 71.0;
  g_assert_true (twin_engine_add_reading (engine, &reading, NULL));
  points = twin_shadow_get_points (shadow, 0, 1000);
  g_assert_cmpuint (points->len, ==, 2);
  g_assert_cmpfloat (g_array_index (points, TwinMeasurement, 1).sim_time, >, g_array_index (points, TwinMeasurement, 0).sim_time);
  g_clear_pointer (&points, g_array_unref);
  points = twin_shadow_get_points (shadow, 15, 1000);
  g_assert_cmpuint (points->len, ==, 1);

  /* Sync: the twin continues from the measurement. */
  g_assert_true (twin_engine_sync_to_measurement (engine, TWIN_COMMAND_SOURCE_PROGRAM, NULL));
  twin_engine_get_snapshot (engine, &sim);
  g_assert_cmpfloat (sim.temperature, ==, 71.0);
  g_assert_cmpfloat (sim.vibration, ==, 3.0);
  g_assert_cmpfloat (sim.rpm, ==, 1450.0);

  /* A reset forgets the points, whose times no longer mean anything. */
  twin_engine_reset (engine);
  g_assert_false (twin_shadow_get_last (shadow, NULL));
  g_assert_cmpuint (twin_shadow_get_count (shadow), ==, 2);
}

static void
test_validation (void)
{
  g_autoptr(TwinEngine) engine = twin_engine_new_full (1000, 0.1);
  TwinShadow *shadow = twin_engine_get_shadow (engine);
  const TwinReading bad[] = {
    { NAN, 2.0, 1500, 1 },
    { INFINITY, 2.0, 1500, 1 },
    { 500, 2.0, 1500, 1 },
    { 60, -0.1, 1500, 1 },
    { 60, 2.0, 7000, 1 },
    { 60, 2.0, 1500, -1 },
    { 60, 2.0, NAN, 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (twin_engine_add_reading (engine, &bad[i], &error));
      g_assert_error (error, TWIN_ENGINE_ERROR, TWIN_ENGINE_ERROR_INVALID_VALUE);
      g_assert_nonnull (strstr (error->message, "allowed"));
      g_assert_cmpstr (twin_shadow_get_last_error (shadow), ==, error->message);
    }

  g_assert_cmpuint (twin_shadow_get_rejected (shadow), ==, G_N_ELEMENTS (bad));
  g_assert_cmpuint (twin_shadow_get_count (shadow), ==, 0);
  g_assert_false (twin_shadow_get_last (shadow, NULL));
}

static gboolean
is_stale (gpointer data)
{
  return twin_shadow_get_stale (data);
}

static void
test_stale (void)
{
  g_autoptr(TwinEngine) engine = twin_engine_new_full (1000, 0.1);
  TwinShadow *shadow = twin_engine_get_shadow (engine);
  TwinReading reading = { 70.0, 3.0, 1450.0, 100.0 };

  g_assert_false (twin_shadow_get_stale (shadow));
  twin_shadow_set_stale_after (shadow, 0.2);
  g_assert_true (twin_engine_add_reading (engine, &reading, NULL));
  g_assert_false (twin_shadow_get_stale (shadow));

  twin_test_wait_until (is_stale, shadow, 5, "the shadow to turn stale");
  g_assert_true (twin_shadow_get_stale (shadow));

  /* A new reading makes it fresh again. */
  g_assert_true (twin_engine_add_reading (engine, &reading, NULL));
  g_assert_false (twin_shadow_get_stale (shadow));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/shadow/residuals-points-and-sync", test_residuals);
  g_test_add_func ("/engine/shadow/bad-reading-refused-and-counted", test_validation);
  g_test_add_func ("/engine/shadow/stale-without-readings", test_stale);

  return g_test_run ();
}
