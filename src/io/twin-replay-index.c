/* twin-replay-index.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A recording read whole before it replays, so that a bad message is
 * refused before anything runs and a replay can seek: its initial state,
 * then, in order, the steps its states reach (states in a row kept as
 * one), its commands at their steps, its keyframes and its backtracks.
 */

#define G_LOG_DOMAIN "twin-replay"

#include "config.h"

#include <gio/gio.h>
#include <math.h>
#include <string.h>

#include "twin-json.h"
#include "twin-json-recorded.h"
#include "twin-json-sim.h"
#include "twin-mcap-reader.h"
#include "twin-replay-private.h"

static const char * const topics[] = {
  [TWIN_REPLAY_STATES] = "/state",
  [TWIN_REPLAY_COMMAND] = "/commands",
  [TWIN_REPLAY_KEYFRAME] = "/keyframes",
  [TWIN_REPLAY_RESTORE] = "/restores",
};

const char *
twin_replay_kind_topic (TwinReplayKind kind)
{
  g_assert (kind < G_N_ELEMENTS (topics));

  return topics[kind];
}

static gboolean
bad_message (const char              *path,
             const TwinMcapMessage   *m,
             GError                 **error)
{
  g_prefix_error (error, "recording %s: message on %s at %.3f s: ", path, m->topic, m->log_time / 1e9);
  return FALSE;
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

/* Not through the scan of commands: a keyframe holds the simulation's
 * own doubles, subnormal ones too, which that scan refuses. */
static gboolean
parse_sim (const char  *text,
           gsize        length,
           TwinSim     *sim,
           GError     **error)
{
  g_autoptr(cJSON) root = NULL;

  if (!g_utf8_validate_len (text, length, NULL))
    {
      g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_MALFORMED,
                   "not UTF-8 text; allowed: a keyframe as JSON in UTF-8");
      return FALSE;
    }
  root = cJSON_ParseWithLength (text, length);
  memset (sim, 0, sizeof *sim);
  return twin_json_sim_from_object (root, sim, error);
}

static gboolean
read_sim (const TwinMcapMessage  *m,
          TwinSim                *sim,
          GError                **error)
{
  return parse_sim (m->data, m->length, sim, error);
}

static gboolean
read_initial (TwinReplayIndex  *self,
              TwinMcapReader   *reader,
              GError          **error)
{
  const char *text = twin_mcap_reader_get_metadata (reader, "twinscope", "initial_state");
  const char *controls_text = twin_mcap_reader_get_metadata (reader, "twinscope", "controls");
  g_autoptr(cJSON) controls = NULL;
  const cJSON *scale, *paused;

  if (text == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "recording %s: no initial_state in its twinscope metadata; not a Twinscope recording", self->path);
      return FALSE;
    }
  if (!parse_sim (text, strlen (text), &self->initial, error))
    {
      g_prefix_error (error, "recording %s: initial_state: ", self->path);
      return FALSE;
    }

  controls = controls_text != NULL ? cJSON_Parse (controls_text) : NULL;
  scale = cJSON_GetObjectItemCaseSensitive (controls, "time_scale");
  paused = cJSON_GetObjectItemCaseSensitive (controls, "paused");
  if (!cJSON_IsNumber (scale) || !cJSON_IsBool (paused))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "recording %s: controls in its twinscope metadata must have time_scale and paused", self->path);
      return FALSE;
    }
  self->time_scale = scale->valuedouble;
  self->paused = cJSON_IsTrue (paused);
  return TRUE;
}

/* Where the replay stands as the recording goes: the step, and the log
 * time it stood there at. */
typedef struct
{
  guint64 step;
  guint64 log_time;
  double  offset;   /* recording s at the engine's time 0 */
} Cursor;

static double
shortest_step (void)
{
  double dt = G_MAXDOUBLE;

  for (gsize i = 0; i < twin_model_registry_count (); i++)
    dt = MIN (dt, twin_model_registry_get (i)->dt);
  return dt;
}

/* The step a message comes at must not be before the step the replay
 * stands at then (a recording goes only forwards between resets and
 * backtracks), nor further ahead than the log time gone by holds steps of
 * the shortest model step, so that a forged count cannot run for ever. */
static gboolean
check_step (guint64                 step,
            const Cursor           *now,
            const char             *path,
            const TwinMcapMessage  *m,
            GError                **error)
{
  double gone = m->log_time >= now->log_time ? (m->log_time - now->log_time) / 1e9 : 0;
  double most = gone / shortest_step () + 2;

  if (step < now->step)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                 "step %" G_GUINT64_FORMAT " comes after step %" G_GUINT64_FORMAT, step, now->step);
  else if ((double)(step - now->step) > most)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                 "step %" G_GUINT64_FORMAT " is %" G_GUINT64_FORMAT " steps after step %" G_GUINT64_FORMAT
                 "; allowed: at most %.0f, the steps %.3f s of log time hold",
                 step, step - now->step, now->step, floor (most), gone);
  else
    return TRUE;
  return bad_message (path, m, error);
}

static void
move_to (Cursor                *now,
         guint64                step,
         const TwinMcapMessage *m)
{
  now->step = step;
  now->log_time = m->log_time;
}

static TwinReplayItem *
last_item (TwinReplayIndex *self)
{
  return self->items->len > 0 ? &g_array_index (self->items, TwinReplayItem, self->items->len - 1) : NULL;
}

static gboolean
read_message (TwinReplayIndex        *self,
              const TwinMcapMessage  *m,
              Cursor                 *now,
              GError                **error)
{
  TwinReplayItem item = { .log_time = m->log_time };
  double log_s = m->log_time / 1e9;

  if (g_str_equal (m->topic, "/state"))
    {
      TwinReplayItem *last = last_item (self);
      guint64 seq;

      if (!state_seq (m, &seq, error))
        return bad_message (self->path, m, error);
      if (!check_step (seq, now, self->path, m, error))
        return FALSE;
      move_to (now, seq, m);
      self->duration = log_s;
      g_array_append_val (self->state_times, m->log_time);
      if (last != NULL && last->kind == TWIN_REPLAY_STATES)
        {
          last->count++;
          last->step = seq;
          last->log_time = m->log_time;
          return TRUE;
        }
      item.kind = TWIN_REPLAY_STATES;
      item.count = 1;
      item.step = seq;
      item.offset = now->offset;
      item.index = self->state_times->len - 1;
    }
  else if (g_str_equal (m->topic, "/commands"))
    {
      TwinCommand command;
      double timestamp;
      guint64 ended_step;
      gboolean reset;

      if (!twin_json_parse_recorded_command (m->data, m->length, &command, &timestamp, &ended_step, error))
        return bad_message (self->path, m, error);
      /* A reset says the step it came at: the run before it ends there. */
      reset = (command.fields & TWIN_COMMAND_RESET) && command.reset;
      item.kind = TWIN_REPLAY_COMMAND;
      item.step = reset ? ended_step : command.step;
      if (!check_step (item.step, now, self->path, m, error))
        return FALSE;
      move_to (now, command.step, m);
      if (reset)
        now->offset = log_s - timestamp;
      item.at = timestamp;
      item.offset = now->offset;
      item.index = self->commands->len;
      g_array_append_val (self->commands, command);
    }
  else if (g_str_equal (m->topic, "/keyframes") || g_str_equal (m->topic, "/restores"))
    {
      gboolean restore = m->topic[1] == 'r';
      TwinSim sim;

      if (!read_sim (m, &sim, error))
        return bad_message (self->path, m, error);
      item.kind = restore ? TWIN_REPLAY_RESTORE : TWIN_REPLAY_KEYFRAME;
      item.step = sim.steps;
      item.at = log_s - now->offset;
      if (restore)
        {
          now->offset = log_s - sim.state.timestamp;
          move_to (now, sim.steps, m);
        }
      item.offset = now->offset;
      item.index = self->sims->len;
      g_array_append_val (self->sims, sim);
    }
  else
    return TRUE;

  g_array_append_val (self->items, item);
  return TRUE;
}

/**
 * twin_replay_open_reader:
 *
 * Opens the recording @path; a file that cannot be read is refused with
 * what is allowed.
 */
TwinMcapReader *
twin_replay_open_reader (const char  *path,
                         GError     **error)
{
  g_autoptr(GError) local = NULL;
  TwinMcapReader *reader = twin_mcap_reader_new (path, &local);

  if (reader != NULL)
    return reader;
  if (local->domain == G_FILE_ERROR)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                 "%s; allowed: a Twinscope recording (an MCAP file) that can be read", local->message);
  else
    g_propagate_error (error, g_steal_pointer (&local));
  return NULL;
}

/**
 * twin_replay_index_load:
 *
 * Reads the recording @path whole. A recording cut short (its process
 * killed) is read up to its last whole record.
 */
TwinReplayIndex *
twin_replay_index_load (const char  *path,
                        GError     **error)
{
  g_autoptr(TwinReplayIndex) self = g_new0 (TwinReplayIndex, 1);
  g_autoptr(TwinMcapReader) reader = NULL;
  g_autoptr(GError) end_error = NULL;
  TwinMcapMessage m;
  Cursor now = { 0 };

  g_return_val_if_fail (path != NULL, NULL);

  self->path = g_strdup (path);
  self->items = g_array_new (FALSE, FALSE, sizeof (TwinReplayItem));
  self->commands = g_array_new (FALSE, FALSE, sizeof (TwinCommand));
  self->sims = g_array_new (FALSE, FALSE, sizeof (TwinSim));
  self->state_times = g_array_new (FALSE, FALSE, sizeof (guint64));

  reader = twin_replay_open_reader (path, error);
  if (reader == NULL || !read_initial (self, reader, error))
    return NULL;

  now.step = self->initial.steps;
  while (twin_mcap_reader_next (reader, &m, &end_error))
    if (!read_message (self, &m, &now, error))
      return NULL;
  if (end_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&end_error));
      return NULL;
    }
  self->complete = twin_mcap_reader_is_complete (reader);
  return g_steal_pointer (&self);
}

void
twin_replay_index_free (TwinReplayIndex *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->items, g_array_unref);
  g_clear_pointer (&self->commands, g_array_unref);
  g_clear_pointer (&self->sims, g_array_unref);
  g_clear_pointer (&self->state_times, g_array_unref);
  g_free (self->path);
  g_free (self);
}
