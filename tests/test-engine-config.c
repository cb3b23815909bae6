/* test-engine-config.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <math.h>

#include "twin-engine.h"

static void
test_history_config_validation (void)
{
  g_autoptr(TwinEngine) engine = twin_engine_new_full (5000, 0.1);
  g_autoptr(GError) error = NULL;
  const TwinHistory *before = twin_engine_get_history (engine);
  const struct { gsize capacity; double interval; const char *field; } bad[] = {
    { 999, 0.1, "history_capacity: 999 is out of range; allowed: 1000 to 50000000 samples" },
    { 50000001, 0.1, "history_capacity" },
    { 5000, 0.001, "history_interval: 0.001 is out of range; allowed: 0.01 to 60 s" },
    { 5000, 61, "history_interval" },
    { 5000, NAN, "history_interval" },
    { 5000, INFINITY, "history_interval" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (twin_engine_set_history_config (engine, bad[i].capacity, bad[i].interval, &error));
      g_assert_error (error, TWIN_ENGINE_ERROR, TWIN_ENGINE_ERROR_INVALID_VALUE);
      g_assert_nonnull (strstr (error->message, bad[i].field));
      g_clear_error (&error);
      g_assert_true (twin_engine_get_history (engine) == before);
      g_assert_cmpuint (twin_history_get_capacity (before), ==, 5000);
    }
}

static void
test_history_config_resample (void)
{
  g_autoptr(TwinEngine) engine = twin_engine_new_full (5000, 0.1);
  g_autoptr(GError) error = NULL;
  const TwinHistory *h;
  TwinSample sample;

  g_assert_true (twin_engine_set_rpm_setpoint (engine, 2000, NULL));
  twin_engine_advance (engine, 100);
  h = twin_engine_get_history (engine);
  g_assert_cmpuint (twin_history_get_length (h), ==, 1001);

  /* Same interval, fewer samples: the newest are kept. */
  g_assert_true (twin_engine_set_history_config (engine, 1000, 0.1, &error));
  g_assert_no_error (error);
  h = twin_engine_get_history (engine);
  g_assert_cmpuint (twin_history_get_capacity (h), ==, 1000);
  g_assert_cmpuint (twin_history_get_length (h), ==, 1000);
  g_assert_cmpfloat_with_epsilon (twin_history_get_last_time (h), 100.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (twin_history_get_first_time (h), 0.1, 1e-9);

  /* A coarser interval resamples what is there, zero-order hold. */
  g_assert_true (twin_engine_set_history_config (engine, 2000, 1.0, &error));
  g_assert_no_error (error);
  h = twin_engine_get_history (engine);
  g_assert_cmpfloat (twin_history_get_interval (h), ==, 1.0);
  g_assert_cmpuint (twin_history_get_length (h), ==, 100);
  g_assert_cmpfloat_with_epsilon (twin_history_get_last_time (h), 99.1, 1e-9);
  g_assert_true (twin_history_get_sample (h, twin_history_get_end_index (h) - 1, &sample));
  g_assert_cmpfloat (sample.values[TWIN_CHANNEL_RPM_SETPOINT], ==, 2000.0f);
  g_assert_cmpfloat (sample.values[TWIN_CHANNEL_RPM], >, 1900.0f);

  /* Recording goes on at the new interval. */
  twin_engine_advance (engine, 10);
  g_assert_cmpuint (twin_history_get_length (h), ==, 111 - 1);
  g_assert_cmpfloat_with_epsilon (twin_history_get_last_time (h), 109.1, 1e-9);
}

static void
test_history_config_empty (void)
{
  g_autoptr(TwinEngine) engine = twin_engine_new_full (5000, 0.1);
  const TwinHistory *h;

  g_assert_true (twin_engine_set_history_config (engine, 3000, 0.5, NULL));
  twin_engine_advance (engine, 10);
  h = twin_engine_get_history (engine);
  g_assert_cmpuint (twin_history_get_length (h), ==, 21);
  g_assert_cmpfloat_with_epsilon (twin_history_get_first_time (h), 0.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (twin_history_get_last_time (h), 10.0, 1e-9);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/history-config/out-of-range-refused-history-kept", test_history_config_validation);
  g_test_add_func ("/engine/history-config/resampled-newest-kept", test_history_config_resample);
  g_test_add_func ("/engine/history-config/empty-history-records-at-new-interval", test_history_config_empty);

  return g_test_run ();
}
