/* twin-replay.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A recording played again: the engine takes up the recording's initial
 * state and applies every recorded command at the step it was applied at,
 * so it goes through the same states and raises the same alarms, bit for
 * bit. Played at once (twin_replay_run), commands that only move the clock
 * (pause, time scale) are applied too, since the states name them. Played
 * for a viewer (seek, paced play), the clock is the viewer's: a seek
 * starts from the nearest keyframe or backtrack before the moment and runs
 * the steps and commands from there; paced play lets the engine run at its
 * own time scale and applies each command at its exact step from the
 * engine's wake-ups. While attached, the replay holds the engine's replay
 * lock; detaching (Fork here) leaves the engine live where it stands.
 */

#define G_LOG_DOMAIN "twin-replay"

#include "config.h"

#include <gio/gio.h>
#include <math.h>

#include "twin-replay.h"
#include "twin-replay-private.h"

#define POSITION_NOTIFY_MS 100
#define CLOCK_FIELDS (TWIN_COMMAND_TIME_SCALE | TWIN_COMMAND_PAUSED)

struct _TwinReplay
{
  GObject          parent_instance;

  TwinEngine      *engine;
  TwinReplayIndex *index;
  guint            next;          /* the first item not yet done */
  guint            states_done;   /* of that item, when a seek stopped inside it */
  double           offset;        /* recording s at the engine's time 0 */
  double           position;      /* as last notified, or where it stood when detached */
  gboolean         playing;
  gboolean         detached;
  gboolean         busy;          /* seeking or running at once: no paced play */
  TwinWakeup       wakeup;
  guint            notify_id;
  TwinReplayStats  stats;
};

G_DEFINE_FINAL_TYPE (TwinReplay, twin_replay, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_POSITION,
  PROP_DURATION,
  PROP_PLAYING,
  N_PROPS
};

enum {
  FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const TwinReplayItem *
item_at (TwinReplay *self,
         guint       i)
{
  return &g_array_index (self->index->items, TwinReplayItem, i);
}

static gboolean
bad_item (TwinReplay            *self,
          const TwinReplayItem  *item,
          GError               **error)
{
  g_prefix_error (error, "recording %s: message on %s at %.3f s: ", self->index->path,
                  twin_replay_kind_topic (item->kind), item->log_time / 1e9);
  return FALSE;
}

static double
live_position (TwinReplay *self)
{
  return self->offset + twin_engine_get_timestamp (self->engine);
}

/* Runs the engine up to @step of its run: whatever pauses it on the way
 * (pause on trip or alarm) does not cut the run short. */
static void
run_to (TwinReplay *self,
        guint64     step)
{
  guint64 now;

  while ((now = twin_engine_get_steps (self->engine)) < step)
    twin_engine_run_steps (self->engine, step - now);
}

/* The one place the replay restores the engine: the initial state, a
 * keyframe, a backtrack. */
static void
restore_sim (TwinReplay    *self,
             const TwinSim *sim)
{
  twin_engine_restore (self->engine, sim, TWIN_COMMAND_SOURCE_REPLAY);
}

static void
apply_restore (TwinReplay           *self,
               const TwinReplayItem *item)
{
  restore_sim (self, &g_array_index (self->index->sims, TwinSim, item->index));
}

/* Does @item; @recorded_clock applies the recorded pause and time scale. */
static gboolean
apply_item (TwinReplay            *self,
            const TwinReplayItem  *item,
            gboolean               recorded_clock,
            GError               **error)
{
  switch (item->kind)
    {
    case TWIN_REPLAY_STATES:
      run_to (self, item->step);
      self->stats.states += item->count - self->states_done;
      break;

    case TWIN_REPLAY_COMMAND:
      {
        TwinCommand command = g_array_index (self->index->commands, TwinCommand, item->index);

        run_to (self, item->step);
        command.source = TWIN_COMMAND_SOURCE_REPLAY;
        /* The steps it ran ahead are the ones up to the next record. */
        command.fields &= ~(TWIN_COMMAND_RUN_FOR | TWIN_COMMAND_RUN_UNTIL_EVENT);
        if (!recorded_clock)
          command.fields &= ~CLOCK_FIELDS;
        if ((recorded_clock || command.fields != 0) &&
            !twin_engine_apply_command (self->engine, &command, error))
          return bad_item (self, item, error);
        self->stats.commands++;
      }
      break;

    case TWIN_REPLAY_KEYFRAME:
      break;

    case TWIN_REPLAY_RESTORE:
      apply_restore (self, item);
      break;
    }
  self->states_done = 0;
  self->offset = item->offset;
  return TRUE;
}

static void
notify_position (TwinReplay *self)
{
  double position = live_position (self);

  if (position == self->position)
    return;
  self->position = position;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
}

static gboolean
notify_position_cb (gpointer data)
{
  notify_position (data);
  return G_SOURCE_CONTINUE;
}

static void
set_playing (TwinReplay *self,
             gboolean    playing)
{
  TwinCommand pause = { .fields = TWIN_COMMAND_PAUSED, .paused = !playing,
                        .source = TWIN_COMMAND_SOURCE_REPLAY };
  g_autoptr(GError) error = NULL;

  if (self->playing == playing)
    return;
  self->playing = playing;
  if (playing)
    self->notify_id = g_timeout_add (POSITION_NOTIFY_MS, notify_position_cb, self);
  else
    g_clear_handle_id (&self->notify_id, g_source_remove);
  if (twin_engine_get_paused (self->engine) == playing &&
      !twin_engine_apply_command (self->engine, &pause, &error))
    g_warning ("%s", error->message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
}

/* The engine's simulated s at which @item is due in the run under way:
 * half a step before its step, so the wake-up lands on that very step. */
static double
due_time (TwinReplay           *self,
          const TwinReplayItem *item)
{
  TwinSim sim;

  if (item->kind == TWIN_REPLAY_RESTORE || item->kind == TWIN_REPLAY_KEYFRAME)
    return item->at;
  twin_engine_get_sim (self->engine, &sim);
  return sim.t_base + ((double)sim.steps_since_base + (double)(item->step - sim.steps) - 0.5) * sim.ctx.dt;
}

static gboolean
is_due (TwinReplay           *self,
        const TwinReplayItem *item)
{
  if (item->kind == TWIN_REPLAY_RESTORE || item->kind == TWIN_REPLAY_KEYFRAME)
    return twin_engine_get_timestamp (self->engine) >= item->at - TWIN_SIM_TIME_EPSILON;
  return twin_engine_get_steps (self->engine) >= item->step;
}

static void
finish (TwinReplay *self)
{
  set_playing (self, FALSE);
  notify_position (self);
  g_signal_emit (self, signals[FINISHED], 0);
}

/* Paced play: what is due now, then a wake-up for what comes next. */
static void
play_due (TwinReplay *self)
{
  g_autoptr(GError) error = NULL;
  GArray *items = self->index->items;

  while (self->next < items->len && is_due (self, item_at (self, self->next)))
    if (!apply_item (self, item_at (self, self->next++), FALSE, &error))
      {
        g_warning ("%s", error->message);
        g_clear_error (&error);
      }

  if (self->next >= items->len)
    {
      finish (self);
      return;
    }
  twin_wakeup_ask (&self->wakeup, self->engine, due_time (self, item_at (self, self->next)));
}

static void
wakeup_cb (TwinEngine *engine,
           double      at,
           TwinReplay *self)
{
  twin_wakeup_woken (&self->wakeup, at);
  if (self->playing && !self->busy)
    play_due (self);
}

/* The engine paused itself (pause on trip or alarm, a pause from the
 * viewer): the play stops with it. */
static void
engine_paused_cb (TwinEngine *engine,
                  GParamSpec *pspec,
                  TwinReplay *self)
{
  if (twin_engine_get_paused (engine) && self->playing)
    set_playing (self, FALSE);
}

static void
twin_replay_dispose (GObject *object)
{
  TwinReplay *self = TWIN_REPLAY (object);

  if (self->engine != NULL && !self->detached)
    twin_replay_detach (self);
  g_clear_object (&self->engine);

  G_OBJECT_CLASS (twin_replay_parent_class)->dispose (object);
}

static void
twin_replay_finalize (GObject *object)
{
  TwinReplay *self = TWIN_REPLAY (object);

  g_clear_pointer (&self->index, twin_replay_index_free);

  G_OBJECT_CLASS (twin_replay_parent_class)->finalize (object);
}

static void
twin_replay_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  TwinReplay *self = TWIN_REPLAY (object);

  switch (prop_id)
    {
    case PROP_POSITION:
      g_value_set_double (value, twin_replay_get_position (self));
      break;

    case PROP_DURATION:
      g_value_set_double (value, twin_replay_get_duration (self));
      break;

    case PROP_PLAYING:
      g_value_set_boolean (value, self->playing);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
twin_replay_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  TwinReplay *self = TWIN_REPLAY (object);

  switch (prop_id)
    {
    case PROP_PLAYING:
      twin_replay_set_playing (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
twin_replay_class_init (TwinReplayClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = twin_replay_dispose;
  object_class->finalize = twin_replay_finalize;
  object_class->get_property = twin_replay_get_property;
  object_class->set_property = twin_replay_set_property;

  /**
   * TwinReplay:position:
   *
   * The recording's s (log time) the engine stands at: notified on a
   * seek, and at most ten times a wall second while playing.
   */
  properties[PROP_POSITION] =
    g_param_spec_double ("position", NULL, NULL, 0, G_MAXDOUBLE, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DURATION] =
    g_param_spec_double ("duration", NULL, NULL, 0, G_MAXDOUBLE, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * TwinReplay:playing:
   *
   * Whether the engine runs the recording at its own time scale.
   */
  properties[PROP_PLAYING] =
    g_param_spec_boolean ("playing", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TwinReplay::finished:
   *
   * Paced play reached the recording's last state; the engine is paused.
   */
  signals[FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
twin_replay_init (TwinReplay *self)
{
}

/* The clock's controls as the recording began: the states name them. */
static gboolean
restore_controls (TwinReplay  *self,
                  GError     **error)
{
  TwinCommand command = { .fields = TWIN_COMMAND_TIME_SCALE | TWIN_COMMAND_PAUSED,
                          .time_scale = self->index->time_scale, .paused = self->index->paused,
                          .source = TWIN_COMMAND_SOURCE_REPLAY };

  if (!twin_engine_apply_command (self->engine, &command, error))
    {
      g_prefix_error (error, "recording %s: controls: ", self->index->path);
      return FALSE;
    }
  return TRUE;
}

/**
 * twin_replay_new:
 *
 * Reads the recording @path whole and puts @engine where it began: its
 * state, model, inputs and clock controls; an engine on its real-time
 * clock is paused until twin_replay_set_playing(). From here until
 * twin_replay_detach() only the replay changes the engine (its time scale
 * and pause excepted).
 */
TwinReplay *
twin_replay_new (TwinEngine  *engine,
                 const char  *path,
                 GError     **error)
{
  g_autoptr(TwinReplay) self = NULL;
  g_autoptr(TwinReplayIndex) index = NULL;

  g_return_val_if_fail (TWIN_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  if ((index = twin_replay_index_load (path, error)) == NULL ||
      !twin_engine_check_source (engine, TWIN_COMMAND_SOURCE_REPLAY, error))
    return NULL;

  self = g_object_new (TWIN_TYPE_REPLAY, NULL);
  self->engine = g_object_ref (engine);
  self->index = g_steal_pointer (&index);
  restore_sim (self, &self->index->initial);
  if (!restore_controls (self, error))
    {
      self->detached = TRUE;
      return NULL;
    }
  /* An engine on its clock would run on unreplayed: it waits for play. */
  if (twin_engine_get_started (engine) && !twin_engine_get_paused (engine))
    {
      TwinCommand pause = { .fields = TWIN_COMMAND_PAUSED, .paused = TRUE, .source = TWIN_COMMAND_SOURCE_REPLAY };

      if (!twin_engine_apply_command (engine, &pause, error))
        {
          self->detached = TRUE;
          return NULL;
        }
    }
  twin_engine_set_replay_lock (engine, TRUE);
  self->position = live_position (self);
  g_signal_connect (engine, "wakeup", G_CALLBACK (wakeup_cb), self);
  g_signal_connect (engine, "notify::paused", G_CALLBACK (engine_paused_cb), self);
  return g_steal_pointer (&self);
}

/**
 * twin_replay_run:
 * @stats: (out) (optional): what was replayed
 *
 * Replays the recording from where it stands to its last record, at
 * once, with its recorded pauses and time scales. A recording cut short
 * (its process killed) replays up to its last whole record.
 */
gboolean
twin_replay_run (TwinReplay       *self,
                 TwinReplayStats  *stats,
                 GError          **error)
{
  GArray *items;

  g_return_val_if_fail (TWIN_IS_REPLAY (self), FALSE);
  g_return_val_if_fail (!self->detached, FALSE);

  items = self->index->items;
  set_playing (self, FALSE);
  self->stats = (TwinReplayStats) { 0 };
  self->busy = TRUE;
  while (self->next < items->len)
    if (!apply_item (self, item_at (self, self->next++), TRUE, error))
      {
        self->busy = FALSE;
        return FALSE;
      }
  self->busy = FALSE;

  self->stats.complete = self->index->complete;
  self->stats.end = twin_engine_get_timestamp (self->engine);
  if (stats != NULL)
    *stats = self->stats;
  notify_position (self);
  return TRUE;
}

const char *
twin_replay_get_path (TwinReplay *self)
{
  g_return_val_if_fail (TWIN_IS_REPLAY (self), NULL);

  return self->index->path;
}

/**
 * twin_replay_get_duration:
 *
 * Returns: the recording's s (log time) of its last state
 */
double
twin_replay_get_duration (TwinReplay *self)
{
  g_return_val_if_fail (TWIN_IS_REPLAY (self), 0);

  return self->index->duration;
}

/**
 * twin_replay_get_position:
 *
 * Returns: the recording's s the engine stands at; once detached, where
 *   it stood then
 */
double
twin_replay_get_position (TwinReplay *self)
{
  g_return_val_if_fail (TWIN_IS_REPLAY (self), 0);

  return self->detached ? self->position : live_position (self);
}

gboolean
twin_replay_get_complete (TwinReplay *self)
{
  g_return_val_if_fail (TWIN_IS_REPLAY (self), FALSE);

  return self->index->complete;
}

/**
 * twin_replay_get_stats:
 * @stats: (out caller-allocates): what was replayed since the replay
 *   began (or since the last twin_replay_run())
 */
void
twin_replay_get_stats (TwinReplay      *self,
                       TwinReplayStats *stats)
{
  g_return_if_fail (TWIN_IS_REPLAY (self));
  g_return_if_fail (stats != NULL);

  *stats = self->stats;
  stats->complete = self->index->complete;
  stats->end = twin_engine_get_timestamp (self->engine);
}

/* Where a seek to @position starts: the last keyframe or backtrack at or
 * before it, or where the replay stands when that is nearer. */
static void
seek_start (TwinReplay *self,
            double      position)
{
  GArray *items = self->index->items;
  guint64 limit = (guint64)llround (position * 1e9);
  gint start = -1;

  for (guint i = 0; i < items->len && item_at (self, i)->log_time <= limit; i++)
    if (item_at (self, i)->kind == TWIN_REPLAY_KEYFRAME || item_at (self, i)->kind == TWIN_REPLAY_RESTORE)
      start = i;

  if (live_position (self) <= position + TWIN_SIM_TIME_EPSILON && (gint)self->next > start)
    return;
  if (start < 0)
    {
      restore_sim (self, &self->index->initial);
      self->next = 0;
      self->offset = 0;
      self->states_done = 0;
      return;
    }
  apply_restore (self, item_at (self, start));
  self->next = start + 1;
  self->states_done = 0;
  self->offset = item_at (self, start)->offset;
}

/* Of the states of @item, those at or before @position. */
static guint
states_before (TwinReplay           *self,
               const TwinReplayItem *item,
               double                position)
{
  guint64 limit = (guint64)llround (position * 1e9);
  guint lo = 0, hi = item->count;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (self->index->state_times, guint64, item->index + mid) <= limit)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* From the last item done, the steps up to @position, short of the next
 * item's step. */
static void
step_to (TwinReplay *self,
         double      position)
{
  const TwinReplayItem *next = self->next < self->index->items->len ? item_at (self, self->next) : NULL;
  TwinSim sim;
  double ahead;
  guint64 n, limit;

  if (next == NULL || next->kind == TWIN_REPLAY_KEYFRAME || next->kind == TWIN_REPLAY_RESTORE)
    return;
  twin_engine_get_sim (self->engine, &sim);
  ahead = position - live_position (self);
  if (!(ahead > TWIN_SIM_TIME_EPSILON) || next->step <= sim.steps)
    return;
  limit = next->step - sim.steps;
  n = (guint64)ceil (ahead / sim.ctx.dt - 1e-6);
  run_to (self, sim.steps + MIN (n, limit));
  while (live_position (self) < position - TWIN_SIM_TIME_EPSILON && twin_engine_get_steps (self->engine) < next->step)
    twin_engine_run_steps (self->engine, 1);
  if (next->kind == TWIN_REPLAY_STATES)
    self->states_done = states_before (self, next, position);
}

/**
 * twin_replay_seek:
 * @position: the recording's s, 0 to its duration
 *
 * Puts the engine at exactly the state it had at @position, backwards or
 * forwards: from the nearest keyframe (or backtrack) at or before it, the
 * recorded commands and steps up to there; bit for bit what a replay from
 * the start reaches. The recorded pauses and time scales are not applied.
 * While playing, the play goes on from there.
 */
gboolean
twin_replay_seek (TwinReplay  *self,
                  double       position,
                  GError     **error)
{
  GArray *items;
  guint64 limit;

  g_return_val_if_fail (TWIN_IS_REPLAY (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->detached)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED,
                   "recording %s: the replay was forked; open the recording again to seek in it",
                   self->index->path);
      return FALSE;
    }
  if (!(position >= 0 && position <= self->index->duration + TWIN_SIM_TIME_EPSILON))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "position %g s is outside the recording %s; allowed: 0 to %.3f s",
                   position, self->index->path, self->index->duration);
      return FALSE;
    }

  items = self->index->items;
  limit = (guint64)llround (position * 1e9);
  self->busy = TRUE;
  seek_start (self, position);
  while (self->next < items->len && item_at (self, self->next)->log_time <= limit)
    if (!apply_item (self, item_at (self, self->next++), FALSE, error))
      {
        self->busy = FALSE;
        return FALSE;
      }
  step_to (self, position);
  self->busy = FALSE;
  self->stats = (TwinReplayStats) { 0 };

  notify_position (self);
  if (self->playing)
    play_due (self);
  return TRUE;
}

/**
 * twin_replay_set_playing:
 *
 * Plays the recording at the engine's own time scale, from where it
 * stands (the engine's clock must be started): each recorded command at
 * its exact step; the recorded pauses and time scales are not applied.
 * At the end the engine pauses and #TwinReplay::finished is emitted.
 * Not playing pauses the engine.
 */
void
twin_replay_set_playing (TwinReplay *self,
                         gboolean    playing)
{
  g_return_if_fail (TWIN_IS_REPLAY (self));
  g_return_if_fail (!self->detached);

  playing = !!playing;
  if (playing == self->playing)
    return;
  if (playing && self->next >= self->index->items->len)
    return;
  set_playing (self, playing);
  if (playing)
    play_due (self);
}

gboolean
twin_replay_get_playing (TwinReplay *self)
{
  g_return_val_if_fail (TWIN_IS_REPLAY (self), FALSE);

  return self->playing;
}

/**
 * twin_replay_detach:
 *
 * Fork here: the replay stops driving the engine, which keeps its exact
 * state, running or paused as it is, and takes commands from anyone
 * again.
 */
void
twin_replay_detach (TwinReplay *self)
{
  g_return_if_fail (TWIN_IS_REPLAY (self));

  if (self->detached)
    return;
  self->position = live_position (self);
  g_clear_handle_id (&self->notify_id, g_source_remove);
  /* A wake-up still asked for is left to fire unheard: clearing them all
   * would take others' too. */
  g_signal_handlers_disconnect_by_data (self->engine, self);
  self->wakeup.pending = FALSE;
  twin_engine_set_replay_lock (self->engine, FALSE);
  self->detached = TRUE;
  if (self->playing)
    {
      self->playing = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
    }
}

gboolean
twin_replay_is_detached (TwinReplay *self)
{
  g_return_val_if_fail (TWIN_IS_REPLAY (self), TRUE);

  return self->detached;
}
