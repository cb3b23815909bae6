/* twin-engine.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "twin-engine"

#include "config.h"

#include <math.h>
#include <string.h>

#include "twin-alarms.h"
#include "twin-engine.h"
#include "twin-engine-private.h"
#include "twin-noise.h"
#include "twin-shadow-private.h"

G_DEFINE_FINAL_TYPE (TwinEngine, twin_engine, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_MODEL,
  PROP_AMBIENT,
  PROP_RPM_SETPOINT,
  PROP_COOLING_DEGRADED,
  PROP_BEARING_DEFECT,
  PROP_TIME_SCALE,
  PROP_PAUSED,
  PROP_TRIPPED,
  PROP_RUN,
  PROP_PAUSE_ON,
  PROP_COMMAND_LOCK,
  N_PROPS
};

enum {
  CHANGED,
  ALARM,
  REPORT,
  SAMPLED,
  WAKEUP,
  COMMAND_APPLIED,
  RESTORED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static gboolean
changed_idle_cb (gpointer data)
{
  TwinEngine *self = data;

  self->changed_id = 0;
  g_signal_emit (self, signals[CHANGED], 0);
  return G_SOURCE_REMOVE;
}

/* Observers hear at most once per main-loop iteration, however many steps
 * or input changes happened in it. */
void
_twin_engine_queue_changed (TwinEngine *self)
{
  if (self->changed_id == 0)
    self->changed_id = g_idle_add_full (G_PRIORITY_DEFAULT, changed_idle_cb, self, NULL);
}

static void
queue_alarm_edges (TwinEngine *self,
                   guint       before)
{
  TwinAlarmEvent events[TWIN_N_ALARMS];
  guint n = twin_alarms_edges (before, self->sim.alarms, &self->sim.state, events);

  g_array_append_vals (self->events, events, n);
}

static void
emit_report (TwinEngine *self)
{
  TwinSnapshot snapshot;

  twin_engine_get_snapshot (self, &snapshot);
  g_signal_emit (self, signals[REPORT], 0, &snapshot);
}

/* Called after each history sample: the state it was taken from, for
 * those who keep every sample (the recorder). */
void
_twin_engine_emit_sampled (TwinEngine *self)
{
  TwinSnapshot snapshot;

  if (!g_signal_has_handler_pending (self, signals[SAMPLED], 0, TRUE))
    return;
  twin_engine_get_snapshot (self, &snapshot);
  g_signal_emit (self, signals[SAMPLED], 0, &snapshot);
}

static void
flush_events (TwinEngine *self)
{
  g_autoptr(GArray) events = NULL;

  if (self->events->len == 0)
    return;

  /* A handler may step the engine again, which queues into a new array. */
  events = g_steal_pointer (&self->events);
  self->events = g_array_new (FALSE, FALSE, sizeof (TwinAlarmEvent));
  for (guint i = 0; i < events->len; i++)
    g_signal_emit (self, signals[ALARM], 0, &g_array_index (events, TwinAlarmEvent, i));
}

static void
set_paused (TwinEngine *self,
            gboolean    paused)
{
  paused = !!paused;
  if (self->paused == paused)
    return;

  if (paused)
    self->halt = TRUE;
  self->paused = paused;
  _twin_engine_clock_reanchor (&self->clock);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
}

void
_twin_engine_emit_restored (TwinEngine *self)
{
  g_signal_emit (self, signals[RESTORED], 0);
}

void
_twin_engine_pause (TwinEngine *self)
{
  set_paused (self, TRUE);
}

static void
sample_cb (const TwinSim *sim,
           gpointer       data)
{
  _twin_engine_record_samples (data);
}

static void
alarm_cb (const TwinSim        *sim,
          const TwinAlarmEvent *event,
          gpointer              data)
{
  TwinEngine *self = data;

  g_array_append_vals (self->events, event, 1);
  _twin_engine_watch_alarm (self, event);
}

static gboolean
step_cb (const TwinSim *sim,
         gpointer       data)
{
  TwinEngine *self = data;

  if (self->stop_time > 0 && sim->state.timestamp >= self->stop_time - TWIN_SIM_TIME_EPSILON)
    {
      self->stop_time = 0;
      set_paused (self, TRUE);
      _twin_engine_queue_changed (self);
    }

  if (self->report_interval > 0 &&
      sim->state.timestamp >= self->next_report - TWIN_SIM_TIME_EPSILON)
    {
      while (self->next_report <= sim->state.timestamp + TWIN_SIM_TIME_EPSILON)
        self->next_report += self->report_interval;
      emit_report (self);
    }

  _twin_engine_watch_step (self);
  if (self->wakeups->len > 0 &&
      sim->state.timestamp >= g_array_index (self->wakeups, double, 0) - TWIN_SIM_TIME_EPSILON)
    self->woken = TRUE;
  return !self->halt && !self->woken;
}

/* Those due, earliest first; their handlers may apply commands, between
 * two steps. */
void
_twin_engine_emit_wakeups (TwinEngine *self)
{
  while (self->wakeups->len > 0 &&
         self->sim.state.timestamp >= g_array_index (self->wakeups, double, 0) - TWIN_SIM_TIME_EPSILON)
    {
      double at = g_array_index (self->wakeups, double, 0);

      g_array_remove_index (self->wakeups, 0);
      g_signal_emit (self, signals[WAKEUP], 0, at);
    }
}

static const TwinSimHooks engine_hooks = {
  .sample = sample_cb,
  .step = step_cb,
  .alarm = alarm_cb,
};

void
_twin_engine_run_steps (TwinEngine *self,
                        guint64     n)
{
  gboolean was_tripped = self->sim.state.tripped;
  gint64 t0;
  guint64 done;

  if (n == 0)
    return;

  /* A wake-up stops the batch; the rest of it runs once its handlers
   * have had their say, unless one of them paused the engine. */
  for (;;)
    {
      self->halt = FALSE;
      self->woken = FALSE;
      t0 = twin_step_stats_now_ns ();
      done = twin_sim_run (&self->sim, n, &engine_hooks, self);
      twin_step_stats_add_batch (&self->step_stats, done, twin_step_stats_now_ns () - t0);
      flush_events (self);
      n -= done;
      if (!self->woken)
        break;
      _twin_engine_emit_wakeups (self);
      if (self->halt || n == 0)
        break;
    }

  if (was_tripped != self->sim.state.tripped)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRIPPED]);

  _twin_engine_queue_changed (self);
}

static gboolean
tick_cb (gpointer data)
{
  TwinEngine *self = data;
  double target;
  gint64 anchor;

  if (self->paused)
    return G_SOURCE_CONTINUE;

  if (!_twin_engine_clock_target (&self->clock, &target))
    return G_SOURCE_CONTINUE;

  anchor = self->clock.anchor_wall;
  _twin_engine_run_steps (self, twin_sim_take_time (&self->sim, target - self->clock.done));
  /* A wake-up's handler may have reset, restored or paused the engine,
   * which starts the clock over from now. */
  if (self->clock.anchor_wall == anchor)
    self->clock.done = target;
  self->step_stats.ticks++;

  return G_SOURCE_CONTINUE;
}

static void
twin_engine_finalize (GObject *object)
{
  TwinEngine *self = (TwinEngine *)object;

  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_handle_id (&self->changed_id, g_source_remove);
  g_clear_pointer (&self->history, twin_history_free);
  g_clear_pointer (&self->events, g_array_unref);
  g_clear_pointer (&self->wakeups, g_array_unref);
  g_clear_object (&self->shadow);

  G_OBJECT_CLASS (twin_engine_parent_class)->finalize (object);
}

static void
twin_engine_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  TwinEngine *self = TWIN_ENGINE (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_string (value, self->sim.model->id);
      break;

    case PROP_AMBIENT:
      g_value_set_double (value, self->sim.inputs.ambient);
      break;

    case PROP_RPM_SETPOINT:
      g_value_set_double (value, self->sim.inputs.rpm_setpoint);
      break;

    case PROP_COOLING_DEGRADED:
      g_value_set_boolean (value, self->sim.inputs.cooling_degraded);
      break;

    case PROP_BEARING_DEFECT:
      g_value_set_boolean (value, self->sim.inputs.bearing_defect);
      break;

    case PROP_TIME_SCALE:
      g_value_set_double (value, self->clock.time_scale);
      break;

    case PROP_PAUSED:
      g_value_set_boolean (value, self->paused);
      break;

    case PROP_TRIPPED:
      g_value_set_boolean (value, self->sim.state.tripped);
      break;

    case PROP_RUN:
      g_value_set_string (value, self->run);
      break;

    case PROP_PAUSE_ON:
      g_value_set_flags (value, self->pause_on);
      break;

    case PROP_COMMAND_LOCK:
      g_value_set_enum (value, self->command_lock);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
twin_engine_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  TwinEngine *self = TWIN_ENGINE (object);
  g_autoptr(GError) error = NULL;

  switch (prop_id)
    {
    case PROP_MODEL:
      if (!twin_engine_set_model (self, g_value_get_string (value), &error))
        g_warning ("%s", error->message);
      break;

    case PROP_AMBIENT:
      if (!twin_engine_set_ambient (self, g_value_get_double (value), &error))
        g_warning ("%s", error->message);
      break;

    case PROP_RPM_SETPOINT:
      if (!twin_engine_set_rpm_setpoint (self, g_value_get_double (value), &error))
        g_warning ("%s", error->message);
      break;

    case PROP_COOLING_DEGRADED:
      twin_engine_set_cooling_degraded (self, g_value_get_boolean (value));
      break;

    case PROP_BEARING_DEFECT:
      twin_engine_set_bearing_defect (self, g_value_get_boolean (value));
      break;

    case PROP_TIME_SCALE:
      if (!twin_engine_set_time_scale (self, g_value_get_double (value), &error))
        g_warning ("%s", error->message);
      break;

    case PROP_PAUSED:
      twin_engine_set_paused (self, g_value_get_boolean (value));
      break;

    case PROP_PAUSE_ON:
      twin_engine_set_pause_on (self, g_value_get_flags (value));
      break;

    case PROP_COMMAND_LOCK:
      twin_engine_set_command_lock (self, g_value_get_enum (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
twin_engine_class_init (TwinEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = twin_engine_finalize;
  object_class->get_property = twin_engine_get_property;
  object_class->set_property = twin_engine_set_property;

  properties[PROP_MODEL] =
    g_param_spec_string ("model", NULL, NULL, "physical@3",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AMBIENT] =
    g_param_spec_double ("ambient", NULL, NULL, twin_inputs[TWIN_INPUT_AMBIENT].min,
                         twin_inputs[TWIN_INPUT_AMBIENT].max, twin_inputs[TWIN_INPUT_AMBIENT].default_value,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RPM_SETPOINT] =
    g_param_spec_double ("rpm-setpoint", NULL, NULL, twin_inputs[TWIN_INPUT_RPM_SETPOINT].min,
                         twin_inputs[TWIN_INPUT_RPM_SETPOINT].max, twin_inputs[TWIN_INPUT_RPM_SETPOINT].default_value,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COOLING_DEGRADED] =
    g_param_spec_boolean ("cooling-degraded", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BEARING_DEFECT] =
    g_param_spec_boolean ("bearing-defect", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIME_SCALE] =
    g_param_spec_double ("time-scale", NULL, NULL, twin_inputs[TWIN_INPUT_TIME_SCALE].min,
                         twin_inputs[TWIN_INPUT_TIME_SCALE].max, twin_inputs[TWIN_INPUT_TIME_SCALE].default_value,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAUSED] =
    g_param_spec_boolean ("paused", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TRIPPED] =
    g_param_spec_boolean ("tripped", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * TwinEngine:run:
   *
   * The id of the run, a random UUID, new at construction and at every
   * reset: what tells a subscriber one run's states and alarms from the
   * next one's.
   */
  properties[PROP_RUN] =
    g_param_spec_string ("run", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * TwinEngine:pause-on:
   *
   * #TwinPauseOn flags: the engine pauses itself at the very step of a
   * trip or of an alarm's raise, the rest of that tick dropped.
   */
  properties[PROP_PAUSE_ON] =
    g_param_spec_flags ("pause-on", NULL, NULL, TWIN_TYPE_PAUSE_ON, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * TwinEngine:command-lock:
   *
   * Whose commands are refused with %TWIN_ENGINE_ERROR_LOCKED: the
   * window's (trainer mode) or MQTT's and REST's.
   */
  properties[PROP_COMMAND_LOCK] =
    g_param_spec_enum ("command-lock", NULL, NULL, TWIN_TYPE_COMMAND_LOCK, TWIN_COMMAND_LOCK_NONE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TwinEngine::changed:
   *
   * The state or the inputs changed; emitted at most once per main-loop
   * iteration. Take a snapshot to see what they are now.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * TwinEngine::alarm:
   * @event: (type gpointer): a #TwinAlarmEvent, valid during the emission
   *
   * An alarm was raised or cleared, at the simulated time it says.
   */
  signals[ALARM] =
    g_signal_new ("alarm", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);

  /**
   * TwinEngine::report:
   * @snapshot: (type gpointer): a #TwinSnapshot, valid during the emission
   *
   * Emitted each time the simulated time reaches a multiple of the report
   * interval, from inside the step loop: a handler that pauses the engine
   * stops the batch under way.
   */
  signals[REPORT] =
    g_signal_new ("report", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);

  /**
   * TwinEngine::sampled:
   * @snapshot: (type gpointer): a #TwinSnapshot, valid during the emission
   *
   * Emitted at each sample the history takes, from inside the step loop,
   * with the state at that sample. A handler must not change the engine.
   */
  signals[SAMPLED] =
    g_signal_new ("sampled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);

  /**
   * TwinEngine::wakeup:
   * @at: the simulated time asked for with twin_engine_add_wakeup()
   *
   * The simulation reached @at, exactly: emitted between the step that
   * reached it and the next, where a handler may apply commands.
   */
  signals[WAKEUP] =
    g_signal_new ("wakeup", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_DOUBLE);

  /**
   * TwinEngine::command-applied:
   * @command: the #TwinCommand, with its source and the step at which it
   *   took effect
   *
   * A command changed the simulation (or was applied with no effect, as a
   * value set to what it already was). Every change goes through here.
   */
  signals[COMMAND_APPLIED] =
    g_signal_new ("command-applied", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  TWIN_TYPE_COMMAND | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * TwinEngine::restored:
   *
   * twin_engine_restore() put the engine back to a kept simulation (a
   * backtrack, a replay's seek); twin_engine_get_last_restore() says who
   * did it and where the engine stood before.
   */
  signals[RESTORED] =
    g_signal_new ("restored", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
twin_engine_init (TwinEngine *self)
{
  twin_sim_init (&self->sim);
  _twin_engine_clock_init (&self->clock);
  self->events = g_array_new (FALSE, FALSE, sizeof (TwinAlarmEvent));
  self->wakeups = g_array_new (FALSE, FALSE, sizeof (double));
  self->shadow = twin_shadow_new ();
}

/**
 * twin_engine_new:
 *
 * Returns: an engine running the default model, paused at time 0 until
 *   twin_engine_start() attaches its clock, with the default history.
 */
TwinEngine *
twin_engine_new (void)
{
  return twin_engine_new_full (TWIN_HISTORY_DEFAULT_CAPACITY, TWIN_HISTORY_DEFAULT_INTERVAL);
}

TwinEngine *
twin_engine_new_full (gsize  history_capacity,
                      double history_interval)
{
  TwinEngine *self;

  g_return_val_if_fail (history_capacity > 0, NULL);
  g_return_val_if_fail (history_interval > 0, NULL);

  self = g_object_new (TWIN_TYPE_ENGINE, NULL);
  self->history = twin_history_new (history_capacity, history_interval);
  twin_engine_reset (self);

  return self;
}

static void
set_time_scale (TwinEngine *self,
                double      time_scale)
{
  if (self->clock.time_scale == time_scale)
    return;

  /* Bank what ran at the old scale before the new one counts. */
  if (self->tick_id != 0 && !self->paused)
    tick_cb (self);
  self->clock.time_scale = time_scale;
  _twin_engine_clock_reanchor (&self->clock);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIME_SCALE]);
}

static void
new_run (TwinEngine *self,
         double      previous_end)
{
  g_autofree char *id = g_uuid_string_random ();

  g_strlcpy (self->previous_run, self->run, sizeof self->previous_run);
  self->previous_run_end = previous_end;
  g_strlcpy (self->run, id, sizeof self->run);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUN]);
}

/* What the engine does on top of the sim's own reset. */
static void
reset_recording (TwinEngine *self,
                 double      previous_end)
{
  new_run (self, previous_end);
  self->halt = TRUE;
  g_array_set_size (self->events, 0);
  /* The sample at 0 is recorded by the first step, with the inputs in
   * effect when time starts to move. */
  twin_history_clear (self->history, 0);
  if (self->report_interval > 0)
    self->next_report = self->report_interval;
  _twin_engine_clock_reanchor (&self->clock);
  _twin_shadow_clear (self->shadow);
}

void
_twin_engine_notify_changes (TwinEngine    *self,
                             const TwinSim *before)
{
  const TwinInputs *a = &before->inputs;
  const TwinInputs *b = &self->sim.inputs;

  if (before->model != self->sim.model)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
  if (a->ambient != b->ambient)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AMBIENT]);
  if (a->rpm_setpoint != b->rpm_setpoint)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RPM_SETPOINT]);
  if (a->cooling_degraded != b->cooling_degraded)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COOLING_DEGRADED]);
  if (a->bearing_defect != b->bearing_defect)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BEARING_DEFECT]);
  if (before->state.tripped != self->sim.state.tripped)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRIPPED]);
}

/**
 * twin_engine_apply_command:
 *
 * The one door through which the simulation changes. Validates every
 * field of @command first and applies it only when all are valid: whole
 * or not at all. Then notifies the properties that changed and emits
 * #TwinEngine::command-applied with the command, its source and the step
 * at which it took effect.
 */
gboolean
twin_engine_apply_command (TwinEngine         *self,
                           const TwinCommand  *command,
                           GError            **error)
{
  TwinCommand applied;
  TwinSim before;
  guint f;

  g_return_val_if_fail (TWIN_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (command != NULL, FALSE);
  g_return_val_if_fail (command->source < TWIN_N_COMMAND_SOURCES, FALSE);

  if (!_twin_engine_check_command (self, command, error) ||
      !twin_sim_validate (&self->sim, command, error))
    return FALSE;

  f = command->fields;
  g_object_freeze_notify (G_OBJECT (self));

  if (f & TWIN_COMMAND_TIME_SCALE)
    set_time_scale (self, command->time_scale);

  before = self->sim;
  twin_sim_apply (&self->sim, command, NULL);
  if ((f & TWIN_COMMAND_RESET) && command->reset)
    {
      self->previous_run_steps = before.steps;
      reset_recording (self, before.state.timestamp);
    }
  else
    queue_alarm_edges (self, before.alarms);

  if (f & TWIN_COMMAND_PAUSED)
    set_paused (self, command->paused);

  _twin_engine_notify_changes (self, &before);
  g_object_thaw_notify (G_OBJECT (self));

  flush_events (self);
  _twin_engine_queue_changed (self);

  applied = *command;
  applied.step = self->sim.steps;
  g_signal_emit (self, signals[COMMAND_APPLIED], 0, &applied);

  if ((f & TWIN_COMMAND_RUN_FOR) || ((f & TWIN_COMMAND_RUN_UNTIL_EVENT) && command->run_until_event))
    _twin_engine_run_ahead (self, (f & TWIN_COMMAND_RUN_FOR) ? command->run_for : TWIN_COMMAND_RUN_FOR_MAX,
                            (f & TWIN_COMMAND_RUN_UNTIL_EVENT) && command->run_until_event);

  return TRUE;
}

/**
 * twin_engine_set_report_interval:
 * @seconds: simulated seconds between #TwinEngine::report emissions, or 0
 *   for none
 */
void
twin_engine_set_report_interval (TwinEngine *self,
                                 double      seconds)
{
  g_return_if_fail (TWIN_IS_ENGINE (self));
  g_return_if_fail (seconds >= 0 && isfinite (seconds));

  self->report_interval = seconds;
  if (seconds > 0)
    self->next_report = (floor (self->sim.state.timestamp / seconds + TWIN_SIM_TIME_EPSILON) + 1) * seconds;
}

/**
 * twin_engine_set_stop_time:
 * @timestamp: simulated s at which the engine pauses itself, or 0 for never
 *
 * The step that reaches @timestamp is the last of its batch; the engine
 * then pauses and notifies #TwinEngine:paused.
 */
void
twin_engine_set_stop_time (TwinEngine *self,
                           double      timestamp)
{
  g_return_if_fail (TWIN_IS_ENGINE (self));
  g_return_if_fail (timestamp >= 0 && isfinite (timestamp));

  self->stop_time = timestamp;
}

/**
 * twin_engine_step_once:
 *
 * Runs exactly one step of the model's own size, paused or not.
 */
void
twin_engine_step_once (TwinEngine *self)
{
  g_return_if_fail (TWIN_IS_ENGINE (self));

  _twin_engine_run_steps (self, 1);
}

/**
 * twin_engine_advance:
 * @seconds: simulated seconds
 *
 * Runs the model for @seconds of simulated time at once, paused or not.
 * What is less than one step is kept and added to the next call, so that
 * the trajectory does not depend on how time is cut into calls.
 */
void
twin_engine_advance (TwinEngine *self,
                     double      seconds)
{
  g_return_if_fail (TWIN_IS_ENGINE (self));
  g_return_if_fail (isfinite (seconds) && seconds >= 0);

  _twin_engine_run_steps (self, twin_sim_take_time (&self->sim, seconds));
}

guint64
twin_engine_get_steps (TwinEngine *self)
{
  g_return_val_if_fail (TWIN_IS_ENGINE (self), 0);

  return self->sim.steps;
}

double
twin_engine_get_timestamp (TwinEngine *self)
{
  g_return_val_if_fail (TWIN_IS_ENGINE (self), 0);

  return self->sim.state.timestamp;
}

/**
 * twin_engine_start:
 *
 * Attaches the real-time clock to the thread-default main context: the
 * simulation then advances by wall time × time scale while not paused.
 */
void
twin_engine_start (TwinEngine *self)
{
  g_return_if_fail (TWIN_IS_ENGINE (self));

  if (self->tick_id != 0)
    return;

  _twin_engine_clock_reanchor (&self->clock);
  self->tick_id = g_timeout_add_full (G_PRIORITY_DEFAULT, TWIN_ENGINE_TICK_INTERVAL_MS, tick_cb, self, NULL);
}

void
twin_engine_stop (TwinEngine *self)
{
  g_return_if_fail (TWIN_IS_ENGINE (self));

  self->halt = TRUE;
  g_clear_handle_id (&self->tick_id, g_source_remove);
}

/**
 * twin_engine_get_step_stats:
 *
 * Copies the step latency histogram and counters, for metrics.
 */
void
twin_engine_get_step_stats (TwinEngine    *self,
                            TwinStepStats *stats)
{
  g_return_if_fail (TWIN_IS_ENGINE (self));
  g_return_if_fail (stats != NULL);

  *stats = self->step_stats;
}
