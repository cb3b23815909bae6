/* test-keyframe.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A keyframe is the whole simulation as JSON text: read back, it runs on
 * exactly as the original does; a bad keyframe is refused field by field
 * and changes nothing. A backtrack is a keyframe too: recorded on
 * /restores, it replays bit for bit.
 */

#include <glib/gstdio.h>
#include <string.h>

#include "twin-json.h"
#include "twin-json-sim.h"
#include "twin-recorder.h"
#include "twin-replay.h"
#include "twin-test-commands.h"
#include "twin-test-mcap.h"
#include "twin-test-sim.h"

static void
assert_same_sim (const TwinSim *a,
                 const TwinSim *b)
{
  g_assert_true (a->model == b->model);
  for (gsize i = 0; i < a->model->n_params; i++)
    g_assert_true (a->params[i] == b->params[i]);
  g_assert_true (memcmp (&a->ctx, &b->ctx, sizeof a->ctx) == 0);
  g_assert_true (a->inputs.ambient == b->inputs.ambient);
  g_assert_true (a->inputs.rpm_setpoint == b->inputs.rpm_setpoint);
  g_assert_cmpint (a->inputs.cooling_degraded, ==, b->inputs.cooling_degraded);
  g_assert_cmpint (a->inputs.bearing_defect, ==, b->inputs.bearing_defect);
  g_assert_true (a->state.temperature == b->state.temperature);
  g_assert_true (a->state.vibration == b->state.vibration);
  g_assert_true (a->state.rpm == b->state.rpm);
  g_assert_true (a->state.wear == b->state.wear);
  g_assert_true (a->state.wear_rate == b->state.wear_rate);
  g_assert_true (a->state.timestamp == b->state.timestamp);
  g_assert_true (a->state.zone_d_time == b->state.zone_d_time);
  g_assert_true (a->state.wear_rate_avg == b->state.wear_rate_avg);
  g_assert_cmpint (a->state.trip_cause, ==, b->state.trip_cause);
  g_assert_cmpint (a->state.tripped, ==, b->state.tripped);
  g_assert_true (a->t_base == b->t_base);
  g_assert_cmpuint (a->steps, ==, b->steps);
  g_assert_cmpuint (a->steps_since_base, ==, b->steps_since_base);
  g_assert_cmpuint (a->alarms, ==, b->alarms);
  g_assert_cmpint (a->noise, ==, b->noise);
  g_assert_cmpuint (a->noise_seed, ==, b->noise_seed);
}

/* A simulation away from every default: another parameter value, inputs
 * and faults changed, noise with a seed above 2^53, a fraction of a step
 * pending, a model switch behind it. */
static void
busy_sim (TwinSim *sim)
{
  g_autoptr(GError) error = NULL;
  TwinCommand command = { .fields = TWIN_COMMAND_RPM_SETPOINT | TWIN_COMMAND_BEARING_DEFECT | TWIN_COMMAND_AMBIENT |
                                    TWIN_COMMAND_NOISE,
                          .rpm_setpoint = 2615.5, .bearing_defect = TRUE, .ambient = 31.7,
                          .noise = TRUE, .noise_seed = G_GUINT64_CONSTANT (0xfffffffffffffff1) };
  const TwinParamSpec *last;

  twin_sim_init (sim);
  twin_sim_run (sim, 777, NULL, NULL);
  g_assert_true (twin_sim_set_model (sim, "physical@2", &error));
  g_assert_true (twin_sim_apply (sim, &command, &error));
  last = &sim->model->params[sim->model->n_params - 1];
  g_assert_true (twin_sim_set_param (sim, last->name, (last->default_value + last->max) / 3.0 + last->min / 1.5, &error));
  g_assert_no_error (error);
  twin_sim_run (sim, twin_sim_take_time (sim, 123.456789), NULL, NULL);
  g_assert_cmpfloat (sim->pending, >, 0);
}

/* As a file holds it: written out, then parsed. */
static cJSON *
keyframe_of (const TwinSim *sim)
{
  g_autoptr(cJSON) object = twin_json_sim_object (sim);
  g_autofree char *text = cJSON_PrintUnformatted (object);
  cJSON *parsed = cJSON_Parse (text);

  g_assert_nonnull (parsed);
  return parsed;
}

static void
test_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) parsed = NULL;
  TwinSim a, b;

  busy_sim (&a);
  parsed = keyframe_of (&a);
  memset (&b, 0, sizeof b);
  g_assert_true (twin_json_sim_from_object (parsed, &b, &error));
  g_assert_no_error (error);
  assert_same_sim (&a, &b);
  g_assert_cmpfloat (b.pending, ==, 0);

  /* And they go on the same, measured values included. */
  twin_sim_run (&a, 50000, NULL, NULL);
  twin_sim_run (&b, 50000, NULL, NULL);
  assert_same_sim (&a, &b);
  for (int c = 0; c < TWIN_CHANNEL_WEAR; c++)
    g_assert_true (twin_sim_measure (&a, c, a.steps, c) == twin_sim_measure (&b, c, b.steps, c));
}

typedef struct
{
  const char *object;     /* where, in the keyframe; "" for the top */
  const char *name;
  const char *value;      /* JSON, or NULL to remove it */
  const char *message;    /* a part of the error */
} Spoil;

static const Spoil spoils[] = {
  { "state", "temperature", "1e9", "state.temperature must be a number from -60 to 400" },
  { "state", "wear", "-0.5", "state.wear must be a number from 0 to 1" },
  { "state", "tripped", "1", "state.tripped must be true or false" },
  { "state", "trip_cause", "\"fire\"", "state.trip_cause must be none, temperature or vibration" },
  { "state", "rpm", NULL, "state.rpm must be a number" },
  { "inputs", "ambient", "200", "inputs.ambient must be a number from -40 to 80" },
  { "inputs", "rpm_setpoint", "\"fast\"", "inputs.rpm_setpoint must be a number" },
  { "", "model", "\"physical@9\"", "physical@9" },
  { "", "steps", "\"-1\"", "steps must be a whole number" },
  { "", "steps", "12", "steps must be a whole number" },
  { "", "noise_seed", "\"99999999999999999999\"", "noise_seed must be a whole number" },
  { "", "alarms", "1000", "alarms must be a number from 0 to 31" },
  { "", "alarms", "1.5", "alarms must be a whole number" },
  { "", "t_base", "-1", "t_base must be a number from 0" },
  { "", "params", "[]", "params, inputs and state must be JSON objects" },
};

static void
test_refused (void)
{
  TwinSim a;

  busy_sim (&a);
  for (guint i = 0; i < G_N_ELEMENTS (spoils); i++)
    {
      const Spoil *s = &spoils[i];
      g_autoptr(cJSON) root = keyframe_of (&a);
      g_autoptr(GError) error = NULL;
      cJSON *where = s->object[0] != '\0' ? cJSON_GetObjectItem (root, s->object) : root;
      TwinSim b = a;

      cJSON_DeleteItemFromObjectCaseSensitive (where, s->name);
      if (s->value != NULL)
        cJSON_AddItemToObject (where, s->name, cJSON_Parse (s->value));
      g_assert_false (twin_json_sim_from_object (root, &b, &error));
      g_assert_nonnull (error);
      if (strstr (error->message, s->message) == NULL)
        g_error ("%s.%s = %s: \"%s\" does not say \"%s\"", s->object, s->name, s->value, error->message, s->message);
      assert_same_sim (&a, &b);
    }
}

static void
stop_recording (TwinRecorder *recorder)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (twin_recorder_stop (recorder, &error));
  g_assert_no_error (error);
  g_object_unref (recorder);
}

/* Into zone D until it trips, a snapshot kept, a fault, then the backtrack
 * to the snapshot and another course from there: the replay goes the same
 * way, and the log times never go back. */
static void
test_backtrack_replays (void)
{
  g_autofree char *dir = g_dir_make_tmp ("twin-keyframe-XXXXXX", NULL);
  g_autofree char *a_path = g_build_filename (dir, "session.mcap", NULL);
  g_autofree char *b_path = g_build_filename (dir, "replay.mcap", NULL);
  g_autoptr(TwinEngine) engine = twin_engine_new ();
  g_autoptr(TwinEngine) again = twin_engine_new ();
  g_autoptr(TwinReplay) replay = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *end_a = NULL, *end_b = NULL;
  static const char *topics[][3] = {
    { "/state", "time", "run" },
    { "/alarms", "run", NULL },
    { "/commands", "source", NULL },
    { "/keyframes", "", NULL },
    { "/restores", "", NULL },
  };
  TwinRecorder *recorder;
  TwinReplayStats stats;
  TwinSim kept;
  cJSON *a, *b;
  double last = 0;
  const cJSON *m;

  recorder = twin_recorder_new (engine, a_path, &error);
  g_assert_no_error (error);
  twin_test_apply (engine, (TwinCommand){ .fields = TWIN_COMMAND_RPM_SETPOINT, .rpm_setpoint = 2450 });
  twin_engine_advance (engine, 5.37);
  twin_engine_get_sim (engine, &kept);
  g_assert_false (kept.state.tripped);
  twin_engine_advance (engine, 40);
  twin_test_apply (engine, (TwinCommand){ .fields = TWIN_COMMAND_COOLING_DEGRADED, .cooling_degraded = TRUE });
  twin_engine_advance (engine, 75);
  g_assert_true (twin_engine_get_tripped (engine));

  twin_engine_restore (engine, &kept, TWIN_COMMAND_SOURCE_WINDOW);
  g_assert_cmpint (twin_engine_get_last_restore (engine, NULL), ==, TWIN_COMMAND_SOURCE_WINDOW);
  /* The history keeps the past up to the snapshot, not past it. */
  g_assert_cmpfloat (twin_history_get_first_time (twin_engine_get_history (engine)), ==, 0);
  g_assert_cmpfloat (twin_history_get_last_time (twin_engine_get_history (engine)), <=, kept.state.timestamp);
  g_assert_cmpfloat (twin_history_get_last_time (twin_engine_get_history (engine)), >,
                     kept.state.timestamp - TWIN_HISTORY_DEFAULT_INTERVAL);
  twin_test_apply (engine, (TwinCommand){ .fields = TWIN_COMMAND_RPM_SETPOINT | TWIN_COMMAND_AMBIENT,
                                .rpm_setpoint = 1500, .ambient = 35.5 });
  /* To a sample's time: a replay ends at the last state recorded. */
  twin_engine_advance (engine, 89.93);
  g_assert_false (twin_engine_get_tripped (engine));
  end_a = twin_test_sim_json (engine);
  stop_recording (recorder);

  replay = twin_replay_new (again, a_path, &error);
  g_assert_no_error (error);
  recorder = twin_recorder_new (again, b_path, &error);
  g_assert_no_error (error);
  g_assert_true (twin_replay_run (replay, &stats, &error));
  g_assert_no_error (error);
  end_b = twin_test_sim_json (again);
  stop_recording (recorder);
  g_assert_cmpstr (end_a, ==, end_b);

  a = twin_test_read_mcap (a_path, "indexed");
  b = twin_test_read_mcap (b_path, "indexed");
  for (guint i = 0; i < G_N_ELEMENTS (topics); i++)
    {
      g_autoptr(GPtrArray) in_a = twin_test_mcap_messages (a, topics[i][0], topics[i][1], topics[i][2]);
      g_autoptr(GPtrArray) in_b = twin_test_mcap_messages (b, topics[i][0], topics[i][1], topics[i][2]);

      twin_test_mcap_assert_same (in_a, in_b, topics[i][0]);
      if (g_str_equal (topics[i][0], "/restores"))
        g_assert_cmpuint (in_a->len, ==, 1);
    }
  cJSON_ArrayForEach (m, cJSON_GetObjectItem (a, "messages"))
    {
      double t = cJSON_GetObjectItem (m, "log_time")->valuedouble;

      g_assert_cmpfloat (t, >=, last);
      last = t;
    }
  /* 5.37 + 115 s run, 89.93 s after the 115 - 5.37 given back. */
  g_assert_cmpfloat_with_epsilon (last / 1e9, 5.37 + 115 + 89.93, 0.2);

  cJSON_Delete (a);
  cJSON_Delete (b);
  g_unlink (a_path);
  g_unlink (b_path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/keyframe/round-trip-runs-on-bit-for-bit", test_round_trip);
  g_test_add_func ("/keyframe/refused-field-by-field", test_refused);
  g_test_add_func ("/keyframe/backtrack-recording-replays-bit-for-bit", test_backtrack_replays);

  return g_test_run ();
}
