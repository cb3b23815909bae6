/* twin-engine-control.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Who may steer the engine and where it stops by itself: the command
 * lock, pause on trip or alarm, and runs ahead (run_for,
 * run_until_event).
 */

#define G_LOG_DOMAIN "twin-engine"

#include "config.h"

#include <math.h>

#include "twin-alarms.h"
#include "twin-engine.h"
#include "twin-engine-private.h"

G_DEFINE_FLAGS_TYPE (TwinPauseOn, twin_pause_on,
                     G_DEFINE_ENUM_VALUE (TWIN_PAUSE_ON_TRIP, "trip"),
                     G_DEFINE_ENUM_VALUE (TWIN_PAUSE_ON_ALARM, "alarm"))

G_DEFINE_ENUM_TYPE (TwinCommandLock, twin_command_lock,
                    G_DEFINE_ENUM_VALUE (TWIN_COMMAND_LOCK_NONE, "none"),
                    G_DEFINE_ENUM_VALUE (TWIN_COMMAND_LOCK_WINDOW, "window"),
                    G_DEFINE_ENUM_VALUE (TWIN_COMMAND_LOCK_REMOTE, "remote"))

#define REPLAY_LOCK_MESSAGE "replaying a recording; fork to take control"

/* Refuses @source's commands while the lock is on them. Commands of the
 * program, the settings, the command line, scenarios and replays are
 * never locked by the command lock; while a replay drives the engine,
 * only the replay changes it. */
gboolean
_twin_engine_check_lock (TwinEngine         *self,
                         TwinCommandSource   source,
                         GError            **error)
{
  gboolean remote = source == TWIN_COMMAND_SOURCE_MQTT || source == TWIN_COMMAND_SOURCE_REST;

  if (self->replay_lock && source != TWIN_COMMAND_SOURCE_REPLAY)
    {
      g_set_error_literal (error, TWIN_ENGINE_ERROR, TWIN_ENGINE_ERROR_LOCKED, REPLAY_LOCK_MESSAGE);
      return FALSE;
    }

  if (self->command_lock == TWIN_COMMAND_LOCK_REMOTE && remote)
    {
      g_set_error (error, TWIN_ENGINE_ERROR, TWIN_ENGINE_ERROR_LOCKED,
                   "commands from %s are locked: the window's user locked out remote commands",
                   source == TWIN_COMMAND_SOURCE_MQTT ? "MQTT" : "REST");
      return FALSE;
    }
  if (self->command_lock == TWIN_COMMAND_LOCK_WINDOW && source == TWIN_COMMAND_SOURCE_WINDOW)
    {
      g_set_error (error, TWIN_ENGINE_ERROR, TWIN_ENGINE_ERROR_LOCKED,
                   "commands from the window are locked: trainer mode, MQTT and REST steer the machine");
      return FALSE;
    }

  return TRUE;
}

/* The clock's own controls stay with whoever watches a replay: the
 * speed and the pause are the viewer's, not the recording's. */
gboolean
_twin_engine_check_command (TwinEngine         *self,
                            const TwinCommand  *command,
                            GError            **error)
{
  const guint clock = TWIN_COMMAND_TIME_SCALE | TWIN_COMMAND_PAUSED;

  if (self->replay_lock && (command->fields & ~clock) == 0)
    {
      gboolean ret;

      self->replay_lock = FALSE;
      ret = _twin_engine_check_lock (self, command->source, error);
      self->replay_lock = TRUE;
      return ret;
    }
  return _twin_engine_check_lock (self, command->source, error);
}

static void
stop_run (TwinEngine  *self,
          TwinRunStop  why)
{
  /* A trip outranks an alarm, which outranks a zone change, when one step
   * brings several. */
  if (self->run_stop == TWIN_RUN_STOP_TIME || why > self->run_stop)
    self->run_stop = why;
  self->halt = TRUE;
}

/* Called for every alarm edge of a step, before the step's hook. */
void
_twin_engine_watch_alarm (TwinEngine           *self,
                          const TwinAlarmEvent *event)
{
  if (event->raised &&
      ((self->pause_on & TWIN_PAUSE_ON_ALARM) ||
       ((self->pause_on & TWIN_PAUSE_ON_TRIP) && event->alarm == TWIN_ALARM_TRIPPED)))
    _twin_engine_pause (self);

  if (self->until_event)
    stop_run (self, event->alarm == TWIN_ALARM_TRIPPED && event->raised ? TWIN_RUN_STOP_TRIP : TWIN_RUN_STOP_ALARM);
}

/* Called after every step the engine runs. */
void
_twin_engine_watch_step (TwinEngine *self)
{
  TwinZone zone;

  if (!self->until_event)
    return;

  zone = twin_zone_for_vibration (self->sim.params, self->sim.state.vibration);
  if (zone != self->run_zone)
    stop_run (self, TWIN_RUN_STOP_ZONE);
  self->run_zone = zone;
}

/* Runs @seconds at once, as fast as it goes, recording and emitting as
 * the clock would; then the clock goes on from there at its time scale. */
void
_twin_engine_run_ahead (TwinEngine *self,
                        double      seconds,
                        gboolean    until_event)
{
  gboolean was_paused = self->paused;

  self->until_event = until_event;
  self->run_zone = twin_zone_for_vibration (self->sim.params, self->sim.state.vibration);
  self->run_stop = TWIN_RUN_STOP_TIME;

  _twin_engine_run_steps (self, twin_sim_take_time (&self->sim, seconds));

  if (self->paused && !was_paused && self->run_stop == TWIN_RUN_STOP_TIME)
    self->run_stop = TWIN_RUN_STOP_HALTED;
  self->until_event = FALSE;
  _twin_engine_clock_reanchor (&self->clock);
}

guint
twin_engine_get_pause_on (TwinEngine *self)
{
  g_return_val_if_fail (TWIN_IS_ENGINE (self), 0);

  return self->pause_on;
}

/**
 * twin_engine_set_pause_on:
 * @flags: #TwinPauseOn flags
 *
 * Makes the engine pause itself at the very step of a trip
 * (%TWIN_PAUSE_ON_TRIP) or of any alarm's raise (%TWIN_PAUSE_ON_ALARM),
 * whatever the time scale: the rest of that tick is dropped.
 */
void
twin_engine_set_pause_on (TwinEngine *self,
                          guint       flags)
{
  g_return_if_fail (TWIN_IS_ENGINE (self));
  g_return_if_fail ((flags & ~(guint)(TWIN_PAUSE_ON_TRIP | TWIN_PAUSE_ON_ALARM)) == 0);

  if (self->pause_on == flags)
    return;
  self->pause_on = flags;
  g_object_notify (G_OBJECT (self), "pause-on");
}

TwinCommandLock
twin_engine_get_command_lock (TwinEngine *self)
{
  g_return_val_if_fail (TWIN_IS_ENGINE (self), TWIN_COMMAND_LOCK_NONE);

  return self->command_lock;
}

/**
 * twin_engine_set_command_lock:
 *
 * Refuses, from now on, the commands of the window
 * (%TWIN_COMMAND_LOCK_WINDOW) or of MQTT and REST
 * (%TWIN_COMMAND_LOCK_REMOTE), with %TWIN_ENGINE_ERROR_LOCKED.
 */
void
twin_engine_set_command_lock (TwinEngine      *self,
                              TwinCommandLock  lock)
{
  g_return_if_fail (TWIN_IS_ENGINE (self));
  g_return_if_fail (lock <= TWIN_COMMAND_LOCK_REMOTE);

  if (self->command_lock == lock)
    return;
  self->command_lock = lock;
  g_object_notify (G_OBJECT (self), "command-lock");
}

/**
 * twin_engine_get_started:
 *
 * Returns: whether the real-time clock is attached (twin_engine_start()),
 *   so that the simulation advances by itself while not paused
 */
gboolean
twin_engine_get_started (TwinEngine *self)
{
  g_return_val_if_fail (TWIN_IS_ENGINE (self), FALSE);

  return self->tick_id != 0;
}

gboolean
twin_engine_get_replay_lock (TwinEngine *self)
{
  g_return_val_if_fail (TWIN_IS_ENGINE (self), FALSE);

  return self->replay_lock;
}

/**
 * twin_engine_set_replay_lock:
 * @locked: whether a replay drives the engine
 *
 * While locked, every command but the replay's is refused with
 * %TWIN_ENGINE_ERROR_LOCKED ("replaying a recording; fork to take
 * control"), except those that only set the time scale or the pause, and
 * twin_engine_check_source() refuses every other source.
 */
void
twin_engine_set_replay_lock (TwinEngine *self,
                             gboolean    locked)
{
  g_return_if_fail (TWIN_IS_ENGINE (self));

  self->replay_lock = !!locked;
}

/**
 * twin_engine_run_for:
 * @seconds: simulated s, 0.01 to 86 400
 * @until_event: stop earlier at the next alarm raise or clear, zone
 *   change or trip
 *
 * The command {"run_for": @seconds, "run_until_event": @until_event} from
 * the program: advances at once, as fast as it goes, with the history
 * recorded and the events emitted; then the engine goes on at its time
 * scale. twin_engine_get_run_stop() tells what ended it.
 */
gboolean
twin_engine_run_for (TwinEngine  *self,
                     double       seconds,
                     gboolean     until_event,
                     GError     **error)
{
  TwinCommand command = {
    .fields = TWIN_COMMAND_RUN_FOR | TWIN_COMMAND_RUN_UNTIL_EVENT,
    .run_for = seconds,
    .run_until_event = until_event,
  };

  g_return_val_if_fail (TWIN_IS_ENGINE (self), FALSE);

  return twin_engine_apply_command (self, &command, error);
}

/**
 * twin_engine_run_until_event:
 * @max_seconds: simulated s at most, 0.01 to 86 400
 *
 * Returns: what stopped the run
 */
TwinRunStop
twin_engine_run_until_event (TwinEngine *self,
                             double      max_seconds)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (TWIN_IS_ENGINE (self), TWIN_RUN_STOP_TIME);

  if (!twin_engine_run_for (self, max_seconds, TRUE, &error))
    g_critical ("%s", error->message);
  return self->run_stop;
}

/**
 * twin_engine_get_run_stop:
 *
 * Returns: what ended the last run_for or run_until_event
 */
TwinRunStop
twin_engine_get_run_stop (TwinEngine *self)
{
  g_return_val_if_fail (TWIN_IS_ENGINE (self), TWIN_RUN_STOP_TIME);

  return self->run_stop;
}

/**
 * twin_engine_get_trips_in:
 * @seconds: (out): simulated s until the vibration trip
 *
 * Returns: %TRUE while the machine is in vibration zone D and not yet
 *   tripped, under a model whose protection trips
 */
gboolean
twin_engine_get_trips_in (TwinEngine *self,
                          double     *seconds)
{
  g_return_val_if_fail (TWIN_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (seconds != NULL, FALSE);

  return twin_model_trips_in (self->sim.model, self->sim.params, &self->sim.state, seconds);
}

/**
 * twin_engine_add_wakeup:
 * @at: simulated s
 *
 * Asks for #TwinEngine::wakeup when the simulation reaches @at, between
 * the step that reaches it and the next, whatever the time scale: so a
 * scenario applies its timeline at exact steps.
 */
void
twin_engine_add_wakeup (TwinEngine *self,
                        double      at)
{
  guint i;

  g_return_if_fail (TWIN_IS_ENGINE (self));
  g_return_if_fail (isfinite (at));

  for (i = 0; i < self->wakeups->len && g_array_index (self->wakeups, double, i) <= at; i++)
    ;
  g_array_insert_val (self->wakeups, i, at);
}

/**
 * twin_wakeup_ask:
 *
 * Asks @engine to wake at @at for @wakeup's user, unless that is asked
 * already. Set @wakeup's pending to %FALSE to forget it (its wake-up then
 * fires unheard: taking it back could take another user's).
 */
void
twin_wakeup_ask (TwinWakeup *wakeup,
                 TwinEngine *engine,
                 double      at)
{
  g_return_if_fail (wakeup != NULL);

  if (wakeup->pending && at == wakeup->at)
    return;
  wakeup->pending = TRUE;
  wakeup->at = at;
  twin_engine_add_wakeup (engine, at);
}

/**
 * twin_wakeup_woken:
 * @at: what #TwinEngine::wakeup said
 *
 * In the user's #TwinEngine::wakeup handler: @wakeup is no longer pending
 * when the engine woke at its time.
 */
void
twin_wakeup_woken (TwinWakeup *wakeup,
                   double      at)
{
  g_return_if_fail (wakeup != NULL);

  if (wakeup->pending && at == wakeup->at)
    wakeup->pending = FALSE;
}

/**
 * twin_engine_remove_wakeup:
 * @at: a time given to twin_engine_add_wakeup()
 *
 * Takes back one wake-up at @at, if still due, leaving the others'.
 */
void
twin_engine_remove_wakeup (TwinEngine *self,
                           double      at)
{
  g_return_if_fail (TWIN_IS_ENGINE (self));

  for (guint i = 0; i < self->wakeups->len; i++)
    if (g_array_index (self->wakeups, double, i) == at)
      {
        g_array_remove_index (self->wakeups, i);
        return;
      }
}

/**
 * twin_engine_has_wakeup:
 *
 * Returns: whether a wake-up at @at is still due
 */
gboolean
twin_engine_has_wakeup (TwinEngine *self,
                        double      at)
{
  g_return_val_if_fail (TWIN_IS_ENGINE (self), FALSE);

  for (guint i = 0; i < self->wakeups->len; i++)
    if (g_array_index (self->wakeups, double, i) == at)
      return TRUE;
  return FALSE;
}

void
twin_engine_clear_wakeups (TwinEngine *self)
{
  g_return_if_fail (TWIN_IS_ENGINE (self));

  g_array_set_size (self->wakeups, 0);
}

/**
 * twin_engine_check_source:
 *
 * Whether a change from @source would be taken now: what the command lock
 * says, for what changes the machine without being a command (a scenario
 * or a recording started remotely).
 */
gboolean
twin_engine_check_source (TwinEngine         *self,
                          TwinCommandSource   source,
                          GError            **error)
{
  g_return_val_if_fail (TWIN_IS_ENGINE (self), FALSE);

  return _twin_engine_check_lock (self, source, error);
}
