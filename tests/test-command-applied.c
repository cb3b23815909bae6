/* test-command-applied.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every change the program makes to an engine goes through its one door
 * and is announced with TwinEngine::command-applied: one command each,
 * with its source and the step at which it took effect; a refused one is
 * announced as nothing. The window, MQTT, REST, the command line and the
 * settings have cases of their own in their tests.
 */

#include <math.h>

#include "twin-test-commands.h"

static void
set_model (TwinEngine *engine)
{
  g_assert_true (twin_engine_set_model (engine, "tutorial@1", NULL));
}

static void
set_ambient (TwinEngine *engine)
{
  g_assert_true (twin_engine_set_ambient (engine, 30, NULL));
}

static void
set_rpm_setpoint (TwinEngine *engine)
{
  g_assert_true (twin_engine_set_rpm_setpoint (engine, 1200, NULL));
}

static void
set_cooling_degraded (TwinEngine *engine)
{
  twin_engine_set_cooling_degraded (engine, TRUE);
}

static void
set_bearing_defect (TwinEngine *engine)
{
  twin_engine_set_bearing_defect (engine, TRUE);
}

static void
set_time_scale (TwinEngine *engine)
{
  g_assert_true (twin_engine_set_time_scale (engine, 100, NULL));
}

static void
set_paused (TwinEngine *engine)
{
  twin_engine_set_paused (engine, TRUE);
}

static void
set_param (TwinEngine *engine)
{
  g_assert_true (twin_engine_set_param (engine, "temp_warning", 80, NULL));
}

static void
set_noise (TwinEngine *engine)
{
  twin_engine_set_noise (engine, TRUE, 7);
}

static void
reset_trip (TwinEngine *engine)
{
  twin_engine_reset_trip (engine);
}

static void
set_ambient_property (TwinEngine *engine)
{
  g_object_set (engine, "ambient", 25.0, NULL);
}

static void
set_faults_properties (TwinEngine *engine)
{
  g_object_set (engine, "cooling-degraded", FALSE, NULL);
}

static void
apply_from_scenario (TwinEngine *engine)
{
  TwinCommand command = {
    .fields = TWIN_COMMAND_AMBIENT | TWIN_COMMAND_RPM_SETPOINT,
    .source = TWIN_COMMAND_SOURCE_SCENARIO,
    .ambient = 40,
    .rpm_setpoint = 2000,
  };

  g_assert_true (twin_engine_apply_command (engine, &command, NULL));
}

/* The API's setters and properties are commands from the program; a
 * command handed in keeps the source it says. */
static void
test_program_setters (void)
{
  const struct {
    const char        *what;
    void             (*change) (TwinEngine *engine);
    TwinCommandSource  source;
    guint              fields;
  } changes[] = {
    { "model", set_model, TWIN_COMMAND_SOURCE_PROGRAM, TWIN_COMMAND_MODEL },
    { "ambient", set_ambient, TWIN_COMMAND_SOURCE_PROGRAM, TWIN_COMMAND_AMBIENT },
    { "rpm setpoint", set_rpm_setpoint, TWIN_COMMAND_SOURCE_PROGRAM, TWIN_COMMAND_RPM_SETPOINT },
    { "cooling", set_cooling_degraded, TWIN_COMMAND_SOURCE_PROGRAM, TWIN_COMMAND_COOLING_DEGRADED },
    { "bearing", set_bearing_defect, TWIN_COMMAND_SOURCE_PROGRAM, TWIN_COMMAND_BEARING_DEFECT },
    { "time scale", set_time_scale, TWIN_COMMAND_SOURCE_PROGRAM, TWIN_COMMAND_TIME_SCALE },
    { "paused", set_paused, TWIN_COMMAND_SOURCE_PROGRAM, TWIN_COMMAND_PAUSED },
    { "parameter", set_param, TWIN_COMMAND_SOURCE_PROGRAM, TWIN_COMMAND_PARAMS },
    { "noise", set_noise, TWIN_COMMAND_SOURCE_PROGRAM, TWIN_COMMAND_NOISE },
    { "trip reset", reset_trip, TWIN_COMMAND_SOURCE_PROGRAM, TWIN_COMMAND_RESET_TRIP },
    { "ambient property", set_ambient_property, TWIN_COMMAND_SOURCE_PROGRAM, TWIN_COMMAND_AMBIENT },
    { "fault property", set_faults_properties, TWIN_COMMAND_SOURCE_PROGRAM, TWIN_COMMAND_COOLING_DEGRADED },
    { "scenario", apply_from_scenario, TWIN_COMMAND_SOURCE_SCENARIO,
      TWIN_COMMAND_AMBIENT | TWIN_COMMAND_RPM_SETPOINT },
  };
  g_autoptr(TwinEngine) engine = twin_engine_new_full (1000, 0.1);
  g_autoptr(TwinTestCommandLog) log = twin_test_command_log_new (engine);

  for (guint i = 0; i < G_N_ELEMENTS (changes); i++)
    {
      guint64 step;

      /* Each at a step of its own, so a wrong step shows. */
      twin_engine_advance (engine, 0.5 + i);
      step = twin_engine_get_steps (engine);
      g_test_message ("%s at step %" G_GUINT64_FORMAT, changes[i].what, step);
      changes[i].change (engine);
      twin_test_command_log_take_one (log, changes[i].source, changes[i].fields, step);
    }

  /* A reset takes effect at step 0, where the simulation starts again. */
  twin_engine_reset (engine);
  twin_test_command_log_take_one (log, TWIN_COMMAND_SOURCE_PROGRAM, TWIN_COMMAND_RESET, 0);
}

/* The shadow's sync is a command from whoever asked for it. */
static void
test_sync_keeps_its_source (void)
{
  const TwinCommandSource sources[] = {
    TWIN_COMMAND_SOURCE_PROGRAM, TWIN_COMMAND_SOURCE_WINDOW, TWIN_COMMAND_SOURCE_MQTT, TWIN_COMMAND_SOURCE_REST,
  };
  g_autoptr(TwinEngine) engine = twin_engine_new_full (1000, 0.1);
  g_autoptr(TwinTestCommandLog) log = twin_test_command_log_new (engine);
  TwinReading reading = { 70.0, 3.0, 1450.0, 100.0 };

  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    {
      twin_engine_advance (engine, 3);
      g_assert_true (twin_engine_add_reading (engine, &reading, NULL));
      g_assert_true (twin_engine_sync_to_measurement (engine, sources[i], NULL));
      twin_test_command_log_take_one (log, sources[i], TWIN_COMMAND_SYNC, twin_engine_get_steps (engine));
    }
}

static void
refuse_ambient (TwinEngine *engine)
{
  g_assert_false (twin_engine_set_ambient (engine, NAN, NULL));
}

static void
refuse_model (TwinEngine *engine)
{
  g_assert_false (twin_engine_set_model (engine, "physical@9", NULL));
}

static void
refuse_param (TwinEngine *engine)
{
  g_assert_false (twin_engine_set_param (engine, "temp_trip", 1000, NULL));
}

static void
refuse_part_of_a_command (TwinEngine *engine)
{
  TwinCommand command = {
    .fields = TWIN_COMMAND_AMBIENT | TWIN_COMMAND_RPM_SETPOINT | TWIN_COMMAND_COOLING_DEGRADED,
    .source = TWIN_COMMAND_SOURCE_MQTT,
    .ambient = 30,
    .rpm_setpoint = 9000,
    .cooling_degraded = TRUE,
  };

  g_assert_false (twin_engine_apply_command (engine, &command, NULL));
}

static void
refuse_sync_without_reading (TwinEngine *engine)
{
  g_assert_false (twin_engine_sync_to_measurement (engine, TWIN_COMMAND_SOURCE_WINDOW, NULL));
}

/* Nothing is announced for a command refused, whole or in part. */
static void
test_refused_announces_nothing (void)
{
  void (*refusals[]) (TwinEngine *engine) = {
    refuse_ambient, refuse_model, refuse_param, refuse_part_of_a_command, refuse_sync_without_reading,
  };
  g_autoptr(TwinEngine) engine = twin_engine_new_full (1000, 0.1);
  g_autoptr(TwinTestCommandLog) log = twin_test_command_log_new (engine);

  twin_engine_advance (engine, 1);
  for (guint i = 0; i < G_N_ELEMENTS (refusals); i++)
    refusals[i] (engine);
  g_assert_cmpuint (twin_test_command_log_get_count (log), ==, 0);
}

/* Running is no command: steps, advance and the clock change the state,
 * not what it is told. */
static void
test_running_announces_nothing (void)
{
  g_autoptr(TwinEngine) engine = twin_engine_new_full (1000, 0.1);
  g_autoptr(TwinTestCommandLog) log = twin_test_command_log_new (engine);

  twin_engine_step_once (engine);
  twin_engine_advance (engine, 10);
  g_assert_cmpuint (twin_test_command_log_get_count (log), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/command-applied/setters-are-program-commands-at-their-step", test_program_setters);
  g_test_add_func ("/engine/command-applied/sync-keeps-its-source", test_sync_keeps_its_source);
  g_test_add_func ("/engine/command-applied/refused-announces-nothing", test_refused_announces_nothing);
  g_test_add_func ("/engine/command-applied/running-announces-nothing", test_running_announces_nothing);

  return g_test_run ();
}
