/* twin-replay.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A recording played again: the engine takes up the recording's initial
 * state and applies every recorded command at the step it was applied at,
 * so it goes through the same states and raises the same alarms, bit for
 * bit. Commands that only move the clock (pause, time scale) are applied
 * too, since the states name them; the steps between commands are run
 * here, as fast as the engine goes.
 */

#define G_LOG_DOMAIN "twin-replay"

#include "config.h"

#include <gio/gio.h>

#include "twin-json.h"
#include "twin-json-recorded.h"
#include "twin-json-sim.h"
#include "twin-mcap-reader.h"
#include "twin-replay.h"

static gboolean
bad_message (const char              *path,
             const TwinMcapMessage   *m,
             GError                 **error)
{
  g_prefix_error (error, "recording %s: message on %s at %.3f s: ", path, m->topic, m->log_time / 1e9);
  return FALSE;
}

/* Runs @engine up to @step of its run. */
static gboolean
run_to (TwinEngine             *engine,
        guint64                 step,
        const char             *path,
        const TwinMcapMessage  *m,
        GError                **error)
{
  guint64 now = twin_engine_get_steps (engine);

  if (step < now)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "step %" G_GUINT64_FORMAT " comes after step %" G_GUINT64_FORMAT, step, now);
      return bad_message (path, m, error);
    }
  twin_engine_run_steps (engine, step - now);
  return TRUE;
}

static gboolean
state_seq (const TwinMcapMessage  *m,
           guint64                *seq,
           GError                **error)
{
  g_autoptr(cJSON) root = twin_json_parse_object (m->data, m->length, error);
  const cJSON *item;

  if (root == NULL)
    return FALSE;
  item = cJSON_GetObjectItemCaseSensitive (root, "seq");
  if (!cJSON_IsNumber (item) || !(item->valuedouble >= 0 && item->valuedouble < 9007199254740992.0))
    {
      g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_INVALID_VALUE,
                   "seq must be a whole number of steps");
      return FALSE;
    }
  *seq = (guint64)item->valuedouble;
  return TRUE;
}

static gboolean
restore_initial (TwinEngine      *engine,
                 TwinMcapReader  *reader,
                 const char      *path,
                 GError         **error)
{
  const char *text = twin_mcap_reader_get_metadata (reader, "twinscope", "initial_state");
  g_autoptr(cJSON) keyframe = NULL;
  TwinSim sim;

  if (text == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "recording %s: no initial_state in its twinscope metadata; not a Twinscope recording", path);
      return FALSE;
    }
  keyframe = cJSON_Parse (text);
  if (!twin_json_sim_from_object (keyframe, &sim, error))
    {
      g_prefix_error (error, "recording %s: initial_state: ", path);
      return FALSE;
    }
  twin_engine_restore (engine, &sim, TWIN_COMMAND_SOURCE_REPLAY);
  return TRUE;
}

/* A backtrack in the recording: the engine goes back to the very
 * simulation it went back to. */
static gboolean
apply_restore (TwinEngine             *engine,
               const char             *path,
               const TwinMcapMessage  *m,
               GError                **error)
{
  g_autoptr(cJSON) keyframe = twin_json_parse_object (m->data, m->length, error);
  TwinSim sim;

  if (keyframe == NULL || !twin_json_sim_from_object (keyframe, &sim, error))
    return bad_message (path, m, error);
  twin_engine_restore (engine, &sim, TWIN_COMMAND_SOURCE_REPLAY);
  return TRUE;
}

struct _TwinReplay
{
  TwinEngine     *engine;
  TwinMcapReader *reader;
  char           *path;
};

/* The clock's controls as the recording began: the states name them. */
static gboolean
restore_controls (TwinReplay  *self,
                  GError     **error)
{
  const char *text = twin_mcap_reader_get_metadata (self->reader, "twinscope", "controls");
  g_autoptr(cJSON) controls = text != NULL ? cJSON_Parse (text) : NULL;
  const cJSON *scale = cJSON_GetObjectItemCaseSensitive (controls, "time_scale");
  const cJSON *paused = cJSON_GetObjectItemCaseSensitive (controls, "paused");
  TwinCommand command = { .fields = TWIN_COMMAND_TIME_SCALE | TWIN_COMMAND_PAUSED,
                          .source = TWIN_COMMAND_SOURCE_REPLAY };

  if (!cJSON_IsNumber (scale) || !cJSON_IsBool (paused))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "recording %s: controls in its twinscope metadata must have time_scale and paused", self->path);
      return FALSE;
    }
  command.time_scale = scale->valuedouble;
  command.paused = cJSON_IsTrue (paused);
  if (!twin_engine_apply_command (self->engine, &command, error))
    {
      g_prefix_error (error, "recording %s: controls: ", self->path);
      return FALSE;
    }
  return TRUE;
}

/**
 * twin_replay_new:
 *
 * Opens the recording @path and puts @engine where it began: its state,
 * model, inputs and clock controls.
 */
TwinReplay *
twin_replay_new (TwinEngine  *engine,
                 const char  *path,
                 GError     **error)
{
  g_autoptr(TwinReplay) self = g_new0 (TwinReplay, 1);

  g_return_val_if_fail (TWIN_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  self->engine = g_object_ref (engine);
  self->path = g_strdup (path);
  self->reader = twin_mcap_reader_new (path, error);
  if (self->reader == NULL ||
      !restore_initial (engine, self->reader, path, error) ||
      !restore_controls (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * twin_replay_run:
 * @stats: (out) (optional): what was replayed
 *
 * Replays the recording to its last recorded state, at once. A recording
 * cut short (its process killed) replays up to its last whole record.
 */
gboolean
twin_replay_run (TwinReplay       *self,
                 TwinReplayStats  *stats,
                 GError          **error)
{
  g_autoptr(GError) end_error = NULL;
  TwinEngine *engine = self->engine;
  const char *path = self->path;
  TwinReplayStats s = { 0 };
  TwinMcapMessage m;

  g_return_val_if_fail (self != NULL, FALSE);

  while (twin_mcap_reader_next (self->reader, &m, &end_error))
    {
      if (g_str_equal (m.topic, "/commands"))
        {
          TwinCommand command;
          double timestamp;
          guint64 ended_step;

          if (!twin_json_parse_recorded_command (m.data, m.length, &command, &timestamp, &ended_step, error))
            return bad_message (path, &m, error);
          /* A reset says the step it came at: the run before it ends there. */
          if (!run_to (engine, (command.fields & TWIN_COMMAND_RESET) && command.reset ? ended_step : command.step,
                       path, &m, error))
            return FALSE;
          command.source = TWIN_COMMAND_SOURCE_REPLAY;
          /* The steps it ran ahead are the ones up to the next record. */
          command.fields &= ~(TWIN_COMMAND_RUN_FOR | TWIN_COMMAND_RUN_UNTIL_EVENT);
          if (!twin_engine_apply_command (engine, &command, error))
            return bad_message (path, &m, error);
          s.commands++;
        }
      else if (g_str_equal (m.topic, "/restores"))
        {
          if (!apply_restore (engine, path, &m, error))
            return FALSE;
        }
      else if (g_str_equal (m.topic, "/state"))
        {
          guint64 seq;

          if (!state_seq (&m, &seq, error))
            return bad_message (path, &m, error);
          if (!run_to (engine, seq, path, &m, error))
            return FALSE;
          s.states++;
        }
    }
  if (end_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&end_error));
      return FALSE;
    }

  s.complete = twin_mcap_reader_is_complete (self->reader);
  s.end = twin_engine_get_timestamp (engine);
  if (stats != NULL)
    *stats = s;
  return TRUE;
}

void
twin_replay_free (TwinReplay *self)
{
  if (self == NULL)
    return;

  g_clear_object (&self->engine);
  g_clear_pointer (&self->reader, twin_mcap_reader_free);
  g_free (self->path);
  g_free (self);
}
