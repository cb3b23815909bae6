/* test-replay.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * TwinReplay for viewers: a seek, backwards or forwards, puts the engine
 * in exactly the state a replay from the start reaches there, starting
 * from a keyframe; paced play at a time scale reaches the same states as
 * a replay at once; while it drives the engine, the replay refuses other
 * commands, and detaching (Fork here) leaves the engine live; a recording
 * killed with SIGKILL seeks up to its last synced second; a backtrack
 * (/restores) replays and seeks like a keyframe; forged step counts are
 * refused.
 */

#include <cjson/cJSON.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "twin-json.h"
#include "twin-json-sim.h"
#include "twin-mcap-writer.h"
#include "twin-recorder.h"
#include "twin-replay.h"
#include "twin-test-process.h"
#include "twin-test-recording.h"
#include "twin-test-wait.h"

typedef struct
{
  double      at;        /* simulated s since the last reset */
  const char *command;   /* a JSON command */
} Step;

/* Commands of every kind a session has: inputs, faults, a trip and its
 * reset, the clock's controls, a reset of the run. */
static const Step session[] = {
  { 20.0, "{\"rpm_setpoint\": 2450}" },
  { 61.3, "{\"ambient\": 35.5, \"faults\": {\"cooling_degraded\": true}}" },
  { 95.0, "{\"time_scale\": 50}" },
  { 140.0, "{\"rpm_setpoint\": 1500, \"reset_trip\": true}" },
  { 200.0, "{\"paused\": true}" },
  { 200.0, "{\"paused\": false}" },
  { 260.7, "{\"reset\": true}" },
  { 30.0, "{\"faults\": {\"bearing_defect\": true}}" },
};

/* Records the session, then runs on to @total simulated s after the last
 * reset; returns the file's path. */
static char *
record (const char *dir,
        const char *name,
        double      total)
{
  g_autoptr(TwinEngine) engine = twin_engine_new ();
  g_autoptr(TwinRecorder) recorder = NULL;
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  recorder = twin_recorder_new (engine, path, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (session); i++)
    {
      double now = twin_engine_get_timestamp (engine);

      if (session[i].at > now)
        twin_engine_advance (engine, session[i].at - now);
      twin_test_apply_json (engine, session[i].command);
    }
  twin_engine_advance (engine, total - twin_engine_get_timestamp (engine));
  g_assert_true (twin_recorder_stop (recorder, &error));
  g_assert_no_error (error);
  return path;
}

/* What is compared: the whole simulation but the clock's fraction of a
 * step, and the state as published but the wall time, the run's id and
 * the clock's controls (which are the viewer's in a seek). */
typedef struct
{
  TwinSim  sim;
  char    *state;
} Moment;

static void
moment_take (TwinEngine *engine,
             Moment     *moment)
{
  g_autoptr(cJSON) state = NULL;
  TwinSnapshot snapshot;
  g_autofree char *text = NULL;

  memset (&moment->sim, 0, sizeof moment->sim);
  twin_engine_get_sim (engine, &moment->sim);
  moment->sim.pending = 0;
  twin_engine_get_snapshot (engine, &snapshot);
  text = twin_json_encode_state (&snapshot, NULL);
  state = cJSON_Parse (text);
  cJSON_DeleteItemFromObject (state, "time");
  cJSON_DeleteItemFromObject (state, "run");
  cJSON_DeleteItemFromObject (state, "paused");
  cJSON_DeleteItemFromObject (state, "time_scale");
  g_free (moment->state);
  moment->state = cJSON_PrintUnformatted (state);
}

static void
assert_same_moment (const Moment *a,
                    const Moment *b)
{
  g_assert_cmpstr (a->state, ==, b->state);
  g_assert_cmpfloat (a->sim.state.timestamp, ==, b->sim.state.timestamp);
  g_assert_cmpuint (a->sim.steps, ==, b->sim.steps);
  g_assert_true (memcmp (&a->sim, &b->sim, sizeof a->sim) == 0);
}

/* A replay at once from the start, with the moments at @positions taken
 * on the way (recording s, as the recorder counts them across resets). */
typedef struct
{
  const double *positions;
  guint         n;
  Moment       *moments;
  double        offset;
} Reference;

static void
reference_sampled_cb (TwinEngine         *engine,
                      const TwinSnapshot *snapshot,
                      Reference          *ref)
{
  double position = ref->offset + snapshot->timestamp;

  for (guint i = 0; i < ref->n; i++)
    if (ref->moments[i].state == NULL && fabs (position - ref->positions[i]) < 1e-6)
      moment_take (engine, &ref->moments[i]);
}

static void
reference_command_cb (TwinEngine        *engine,
                      const TwinCommand *command,
                      Reference         *ref)
{
  double ended = 0;

  if (command->fields & TWIN_COMMAND_RESET)
    {
      twin_engine_get_previous_run (engine, &ended);
      ref->offset += ended;
    }
}

static Moment *
replay_at_once (const char   *path,
                const double *positions,
                guint         n,
                Moment       *end)
{
  g_autoptr(TwinEngine) engine = twin_engine_new ();
  g_autoptr(TwinReplay) replay = NULL;
  g_autoptr(GError) error = NULL;
  Reference ref = { positions, n, g_new0 (Moment, MAX (n, 1)), 0 };

  replay = twin_replay_new (engine, path, &error);
  g_assert_no_error (error);
  g_signal_connect (engine, "sampled", G_CALLBACK (reference_sampled_cb), &ref);
  g_signal_connect (engine, "command-applied", G_CALLBACK (reference_command_cb), &ref);
  g_assert_true (twin_replay_run (replay, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    g_assert_nonnull (ref.moments[i].state);
  if (end != NULL)
    moment_take (engine, end);
  return ref.moments;
}

static void
moments_free (Moment *moments,
              guint   n)
{
  for (guint i = 0; i < n; i++)
    g_free (moments[i].state);
  g_free (moments);
}

static guint64
steps_run (TwinEngine *engine)
{
  TwinStepStats stats;

  twin_engine_get_step_stats (engine, &stats);
  return stats.steps;
}

/* The session, then a quarter of an hour: 260.7 s before the reset and
 * 900 s after, fifteen keyframes. Recorded and replayed at once (the
 * reference) by the first test that asks, for both seek tests. */
#define QUARTER_AFTER_RESET 900.0
#define QUARTER_DURATION    (260.7 + QUARTER_AFTER_RESET)

/* Backwards and forwards, across the trip, the pause and the reset; the
 * last, near the end, for a seek from the last keyframe. */
static const double quarter_positions[] = {
  250.0, 130.4, 17.9, 290.3, 1000.0, 705.5, QUARTER_DURATION - 0.6, QUARTER_DURATION, 0.5,
  QUARTER_DURATION - 60.0 - 0.3,
};

static struct
{
  char   *dir;
  char   *path;
  Moment *reference;
} quarter;

static void
quarter_ensure (void)
{
  if (quarter.path != NULL)
    return;
  quarter.dir = g_dir_make_tmp ("twin-replay-XXXXXX", NULL);
  quarter.path = record (quarter.dir, "quarter.mcap", QUARTER_AFTER_RESET);
  quarter.reference = replay_at_once (quarter.path, quarter_positions, G_N_ELEMENTS (quarter_positions), NULL);
}

static void
quarter_free (void)
{
  if (quarter.path == NULL)
    return;
  moments_free (quarter.reference, G_N_ELEMENTS (quarter_positions));
  g_unlink (quarter.path);
  g_rmdir (quarter.dir);
  g_free (quarter.path);
  g_free (quarter.dir);
}

/* Seeks @replay to the quarter's moment @i: @engine is where the replay at
 * once passed. */
static void
quarter_seek (TwinReplay *replay,
           TwinEngine *engine,
           guint       i)
{
  g_autoptr(GError) error = NULL;
  Moment here = { 0 };

  g_assert_true (twin_replay_seek (replay, quarter_positions[i], &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (twin_replay_get_position (replay), quarter_positions[i], 1e-6);
  moment_take (engine, &here);
  assert_same_moment (&here, &quarter.reference[i]);
  g_free (here.state);
}

/* One replay seeks to each moment in turn, backwards and forwards. */
static void
test_seek_equals_replay (void)
{
  g_autoptr(TwinEngine) engine = twin_engine_new ();
  g_autoptr(TwinReplay) replay = NULL;
  g_autoptr(GError) error = NULL;

  quarter_ensure ();
  replay = twin_replay_new (engine, quarter.path, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (twin_replay_get_duration (replay), QUARTER_DURATION, 1e-6);
  for (guint i = 0; i < G_N_ELEMENTS (quarter_positions); i++)
    quarter_seek (replay, engine, i);
}

/* Near the end, a seek from a fresh replay runs from the last keyframe:
 * no more than a minute of steps, where a replay from the start runs a
 * quarter of an hour. */
static void
test_seek_uses_keyframe (void)
{
  g_autoptr(TwinEngine) engine = twin_engine_new ();
  g_autoptr(TwinReplay) replay = NULL;
  g_autoptr(GError) error = NULL;
  guint64 before;

  quarter_ensure ();
  replay = twin_replay_new (engine, quarter.path, &error);
  g_assert_no_error (error);
  before = steps_run (engine);
  quarter_seek (replay, engine, G_N_ELEMENTS (quarter_positions) - 1);
  g_assert_cmpuint (steps_run (engine) - before, <, 6100);
}

static void
finished_cb (TwinReplay *replay,
             gboolean   *finished)
{
  *finished = TRUE;
}

typedef struct
{
  TwinReplay *replay;
  guint       notes;
  gboolean    sought_back;
} Watch;

/* Once past the reset, back to before the trip, while playing. */
static void
position_cb (TwinReplay *replay,
             GParamSpec *pspec,
             Watch      *w)
{
  g_autoptr(GError) error = NULL;

  w->notes++;
  if (w->sought_back || twin_replay_get_position (replay) < 270)
    return;
  w->sought_back = TRUE;
  g_assert_true (twin_replay_seek (replay, 15.0, &error));
  g_assert_no_error (error);
  g_assert_true (twin_replay_get_playing (replay));
}

/* At 100×, on the engine's own clock, from a moment sought, and sought
 * back while playing: the same end as at once; the recording's time scale
 * and pause are not applied. */
static void
test_paced_play (void)
{
  g_autofree char *dir = g_dir_make_tmp ("twin-replay-XXXXXX", NULL);
  g_autofree char *path = record (dir, "short.mcap", 45);
  g_autoptr(TwinEngine) engine = twin_engine_new ();
  g_autoptr(TwinReplay) replay = NULL;
  g_autoptr(GError) error = NULL;
  Moment end = { 0 }, played = { 0 };
  Moment *none = replay_at_once (path, NULL, 0, &end);
  gboolean finished = FALSE;
  Watch watch = { 0 };

  replay = twin_replay_new (engine, path, &error);
  g_assert_no_error (error);
  g_assert_true (twin_replay_seek (replay, 50.0, &error));
  g_assert_true (twin_engine_set_time_scale (engine, 100, &error));
  g_signal_connect (replay, "finished", G_CALLBACK (finished_cb), &finished);
  g_signal_connect (replay, "notify::position", G_CALLBACK (position_cb), &watch);
  twin_engine_start (engine);
  twin_replay_set_playing (replay, TRUE);
  g_assert_true (twin_replay_get_playing (replay));
  g_assert_false (twin_engine_get_paused (engine));
  twin_test_wait_until (twin_test_flag_is_set, &finished, 60, "the paced replay to finish");

  g_assert_false (twin_replay_get_playing (replay));
  g_assert_true (twin_engine_get_paused (engine));
  g_assert_cmpfloat (twin_engine_get_time_scale (engine), ==, 100);
  g_assert_true (watch.sought_back);
  g_assert_cmpuint (watch.notes, >, 2);
  g_assert_cmpfloat_with_epsilon (twin_replay_get_position (replay), twin_replay_get_duration (replay), 1e-6);
  moment_take (engine, &played);
  assert_same_moment (&played, &end);

  twin_engine_stop (engine);
  g_free (end.state);
  g_free (played.state);
  moments_free (none, 0);
  g_unlink (path);
  g_rmdir (dir);
}

static gboolean
apply_from_window (TwinEngine  *engine,
                   GError     **error)
{
  TwinCommand command = { .fields = TWIN_COMMAND_AMBIENT, .ambient = 30.5,
                          .source = TWIN_COMMAND_SOURCE_WINDOW };

  return twin_engine_apply_command (engine, &command, error);
}

/* While the replay drives the engine, the window's commands are refused
 * (its speed excepted); forked, the engine takes them where it stands. */
static void
test_detach (void)
{
  g_autofree char *dir = g_dir_make_tmp ("twin-replay-XXXXXX", NULL);
  g_autofree char *path = record (dir, "fork.mcap", 45);
  g_autoptr(TwinEngine) engine = twin_engine_new ();
  g_autoptr(TwinReplay) replay = NULL;
  g_autoptr(GError) error = NULL;
  TwinCommand speed = { .fields = TWIN_COMMAND_TIME_SCALE, .time_scale = 20,
                        .source = TWIN_COMMAND_SOURCE_WINDOW };
  Moment before = { 0 }, after = { 0 };

  /* A session running on its clock: the replay waits for play. */
  twin_engine_set_paused (engine, FALSE);
  twin_engine_start (engine);
  replay = twin_replay_new (engine, path, &error);
  g_assert_no_error (error);
  g_assert_true (twin_engine_get_paused (engine));
  twin_test_run_for (0.2);
  g_assert_cmpfloat (twin_replay_get_position (replay), ==, 0);
  g_assert_true (twin_replay_seek (replay, 120.0, &error));

  g_assert_false (apply_from_window (engine, &error));
  g_assert_error (error, TWIN_ENGINE_ERROR, TWIN_ENGINE_ERROR_LOCKED);
  g_assert_nonnull (strstr (error->message, "replaying a recording; fork to take control"));
  g_clear_error (&error);
  g_assert_false (twin_engine_check_source (engine, TWIN_COMMAND_SOURCE_REST, &error));
  g_clear_error (&error);
  g_assert_true (twin_engine_apply_command (engine, &speed, &error));
  g_assert_no_error (error);

  moment_take (engine, &before);
  twin_replay_detach (replay);
  g_assert_true (twin_replay_is_detached (replay));
  moment_take (engine, &after);
  assert_same_moment (&after, &before);
  g_assert_cmpfloat_with_epsilon (twin_replay_get_position (replay), 120.0, 1e-6);
  g_assert_true (apply_from_window (engine, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (twin_engine_get_ambient (engine), ==, 30.5);
  twin_engine_advance (engine, 1.0);
  g_assert_cmpfloat (twin_engine_get_timestamp (engine), >, before.sim.state.timestamp);

  g_assert_false (twin_replay_seek (replay, 10.0, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
  twin_engine_stop (engine);

  g_free (before.state);
  g_free (after.state);
  g_unlink (path);
  g_rmdir (dir);
}

static gboolean
printed_second_200 (gpointer data)
{
  const char *out = twin_test_process_get_stdout (data);

  return out != NULL && strstr (out, "\"timestamp\":200.0") != NULL;
}

/* SIGKILL mid-session: the file seeks to its last synced state, which is
 * where a replay at once ends; past it is refused with the range. */
static void
test_killed_recording_seeks (void)
{
  g_autofree char *dir = g_dir_make_tmp ("twin-replay-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "killed.mcap", NULL);
  const char *args[] = { "--headless", "--time-scale", "1000", "--rpm", "2300", "--record", path, NULL };
  g_autoptr(TwinTestProcess) process = twin_test_process_new (args, NULL);
  g_autoptr(TwinEngine) engine = twin_engine_new ();
  g_autoptr(TwinReplay) replay = NULL;
  g_autoptr(GError) error = NULL;
  Moment end = { 0 }, sought = { 0 };
  Moment *none;
  double duration;

  twin_test_wait_until (printed_second_200, process, 60, "200 simulated s recorded");
  twin_test_run_for (1.5);
  twin_test_process_kill (process);

  none = replay_at_once (path, NULL, 0, &end);
  replay = twin_replay_new (engine, path, &error);
  g_assert_no_error (error);
  g_assert_false (twin_replay_get_complete (replay));
  duration = twin_replay_get_duration (replay);
  g_assert_cmpfloat (duration, >=, 200.0);
  g_assert_true (twin_replay_seek (replay, duration, &error));
  g_assert_no_error (error);
  moment_take (engine, &sought);
  assert_same_moment (&sought, &end);

  g_assert_false (twin_replay_seek (replay, duration + 1, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "outside the recording"));
  g_assert_nonnull (strstr (error->message, "allowed: 0 to"));
  g_clear_error (&error);
  g_assert_false (twin_replay_seek (replay, -1, &error));
  g_clear_error (&error);

  g_free (end.state);
  g_free (sought.state);
  moments_free (none, 0);
  g_unlink (path);
  g_rmdir (dir);
}

/* A recording whose states claim more steps than their log times hold
 * (which would run for ever) or go backwards: refused before anything
 * runs, naming the file, the channel, the time and what is allowed. */
static void
test_forged_steps_refused (void)
{
  g_autofree char *dir = g_dir_make_tmp ("twin-replay-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "forged.mcap", NULL);
  const struct { const char *seqs[3]; const char *says; } cases[] = {
    { { "{\"seq\": 0}", "{\"seq\": 9000000000000000}", NULL }, "allowed: at most 12, the steps 0.100 s of log time hold" },
    { { "{\"seq\": 0}", "{\"seq\": 10}", "{\"seq\": 5}" }, "step 5 comes after step 10" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TwinEngine) engine = twin_engine_new ();
      TwinMcapWriter *w = twin_mcap_writer_new (path, "", "Twinscope test", &error);
      g_autoptr(cJSON) keyframe = NULL;
      g_autofree char *initial = NULL;
      TwinSim sim;
      guint16 schema, states;

      g_assert_no_error (error);
      twin_sim_init (&sim);
      keyframe = twin_json_sim_object (&sim);
      initial = cJSON_PrintUnformatted (keyframe);
      {
        const char *pairs[] = { "initial_state", initial, "controls", "{\"time_scale\": 1.0, \"paused\": false}", NULL };

        twin_mcap_writer_add_metadata (w, "twinscope", pairs);
      }
      schema = twin_mcap_writer_add_schema (w, "twinscope.State", "jsonschema", "{}");
      states = twin_mcap_writer_add_channel (w, schema, "/state", "json");
      for (guint k = 0; k < G_N_ELEMENTS (cases[i].seqs) && cases[i].seqs[k] != NULL; k++)
        twin_mcap_writer_add_message (w, states, (guint64)k * 100000000, cases[i].seqs[k], strlen (cases[i].seqs[k]));
      g_assert_true (twin_mcap_writer_close (w, &error));
      twin_mcap_writer_free (w);

      g_assert_null (twin_replay_new (engine, path, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      g_assert_nonnull (strstr (error->message, path));
      g_assert_nonnull (strstr (error->message, "/state"));
      if (strstr (error->message, cases[i].says) == NULL)
        g_error ("\"%s\" does not say \"%s\"", error->message, cases[i].says);
      g_assert_false (twin_engine_get_replay_lock (engine));
      g_unlink (path);
    }
  g_rmdir (dir);
}

static void
add_sim_message (TwinMcapWriter *w,
                 guint16         channel,
                 double          log_s,
                 const TwinSim  *sim)
{
  g_autoptr(cJSON) object = twin_json_sim_object (sim);
  g_autofree char *text = cJSON_PrintUnformatted (object);

  twin_mcap_writer_add_message (w, channel, (guint64)llround (log_s * 1e9), text, strlen (text));
}

static void
add_states (TwinMcapWriter *w,
            guint16         channel,
            double          offset,
            guint64         from,
            guint64         to)
{
  for (guint64 seq = from; seq <= to; seq += 100)
    {
      g_autofree char *text = g_strdup_printf ("{\"seq\": %" G_GUINT64_FORMAT "}", seq);

      twin_mcap_writer_add_message (w, channel, (guint64)llround ((offset + seq * 0.01) * 1e9), text, strlen (text));
    }
}

static void
sim_at (const TwinSim *start,
        guint64        steps,
        TwinSim       *sim)
{
  memset (sim, 0, sizeof *sim);
  *sim = *start;
  twin_sim_run (sim, steps, NULL, NULL);
}

/* A backtrack, as the instructor's recorder writes it: ten seconds run,
 * then /restores back to the simulation at 4 s (log times count on from
 * 10 s), and six seconds more. The replay restores it where it came, a
 * seek after it starts from it, and one before it does not see it. */
static void
test_restores (void)
{
  g_autofree char *dir = g_dir_make_tmp ("twin-replay-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "backtrack.mcap", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(TwinEngine) engine = twin_engine_new ();
  g_autoptr(TwinEngine) once_engine = twin_engine_new ();
  g_autoptr(TwinReplay) replay = NULL;
  g_autoptr(TwinReplay) once = NULL;
  g_autoptr(cJSON) keyframe = NULL;
  g_autofree char *initial = NULL;
  TwinCommand fast = { .fields = TWIN_COMMAND_RPM_SETPOINT, .rpm_setpoint = 2300 };
  TwinMcapWriter *w = twin_mcap_writer_new (path, "", "Twinscope test", &error);
  TwinSim start, back, expect, got;
  guint16 schema, states, keyframes, restores;
  const struct { double position; guint64 steps; } seeks[] = {
    { 8.0, 800 }, { 12.5, 650 }, { 3.0, 300 }, { 16.0, 1000 }, { 10.0, 400 },
  };

  g_assert_no_error (error);
  memset (&start, 0, sizeof start);
  twin_sim_init (&start);
  g_assert_true (twin_sim_apply (&start, &fast, &error));
  sim_at (&start, 400, &back);
  keyframe = twin_json_sim_object (&start);
  initial = cJSON_PrintUnformatted (keyframe);
  {
    const char *pairs[] = { "initial_state", initial, "controls", "{\"time_scale\": 1.0, \"paused\": false}", NULL };

    twin_mcap_writer_add_metadata (w, "twinscope", pairs);
  }
  schema = twin_mcap_writer_add_schema (w, "twinscope.Keyframe", "jsonschema", "{}");
  states = twin_mcap_writer_add_channel (w, schema, "/state", "json");
  keyframes = twin_mcap_writer_add_channel (w, schema, "/keyframes", "json");
  restores = twin_mcap_writer_add_channel (w, schema, "/restores", "json");
  add_sim_message (w, keyframes, 0, &start);
  add_states (w, states, 0, 0, 1000);
  add_sim_message (w, restores, 10.0, &back);
  add_sim_message (w, keyframes, 10.0, &back);
  add_states (w, states, 6.0, 500, 1000);
  g_assert_true (twin_mcap_writer_close (w, &error));
  twin_mcap_writer_free (w);

  once = twin_replay_new (once_engine, path, &error);
  g_assert_no_error (error);
  g_assert_true (twin_replay_run (once, NULL, &error));
  g_assert_no_error (error);
  twin_engine_get_sim (once_engine, &got);
  g_assert_cmpuint (got.steps, ==, 1000);
  g_assert_cmpfloat_with_epsilon (twin_replay_get_position (once), 16.0, 1e-9);

  replay = twin_replay_new (engine, path, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (twin_replay_get_duration (replay), 16.0, 1e-9);
  for (guint i = 0; i < G_N_ELEMENTS (seeks); i++)
    {
      guint64 before = steps_run (engine);

      g_assert_true (twin_replay_seek (replay, seeks[i].position, &error));
      g_assert_no_error (error);
      memset (&got, 0, sizeof got);
      twin_engine_get_sim (engine, &got);
      got.pending = 0;
      sim_at (&start, seeks[i].steps, &expect);
      g_assert_cmpuint (got.steps, ==, seeks[i].steps);
      g_assert_true (memcmp (&got, &expect, sizeof got) == 0);
      g_assert_cmpfloat_with_epsilon (twin_replay_get_position (replay), seeks[i].position, 1e-6);
      /* After the backtrack, from it: no more than its own way. */
      if (seeks[i].position > 10.0)
        g_assert_cmpuint (steps_run (engine) - before, <=, seeks[i].steps - 400);
    }

  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/replay/seek/equals-replay-at-once", test_seek_equals_replay);
  g_test_add_func ("/replay/seek/starts-from-a-keyframe", test_seek_uses_keyframe);
  g_test_add_func ("/replay/play/paced-equals-at-once", test_paced_play);
  g_test_add_func ("/replay/detach/leaves-the-engine-live", test_detach);
  g_test_add_func ("/replay/seek/killed-recording-to-its-last-sync", test_killed_recording_seeks);
  g_test_add_func ("/replay/refused/forged-step-counts", test_forged_steps_refused);
  g_test_add_func ("/replay/seek/restores-as-keyframes", test_restores);

  status = g_test_run ();
  quarter_free ();
  return status;
}
