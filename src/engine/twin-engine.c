/* twin-engine.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "twin-engine"

#include "config.h"

#include <math.h>
#include <string.h>

#include "twin-engine.h"
#include "twin-noise.h"

/* Steps whose timestamps lie within this of a sample or report time count
 * as reaching it, so that 0.01 s steps land on a 0.1 s grid. */
#define TIME_EPSILON 1e-9

/* A tick that finds the clock further behind than this many wall seconds
 * (the process was stopped, the machine slept) drops the backlog instead
 * of freezing the main loop to catch up. */
#define MAX_CATCH_UP_WALL 1.0
#define TICK_INTERVAL_MS 16

struct _TwinEngine
{
  GObject          parent_instance;

  const TwinModel *model;
  TwinModelCtx     ctx;
  double           params[TWIN_MODEL_MAX_PARAMS];
  TwinInputs       inputs;
  TwinState        state;

  double           t_base;           /* timestamp at the last model switch */
  guint64          steps_since_base;
  guint64          steps;            /* since the last reset */
  double           pending;          /* requested simulated s, less than one step */
  guint            alarms;
  GArray          *events;

  TwinHistory     *history;

  double           stop_time;        /* pause on reaching it; 0 for never */
  double           report_interval;
  double           next_report;
  gboolean         halt;             /* stop the batch under way */

  gboolean         noise;
  guint64          noise_seed;

  double           time_scale;
  gboolean         paused;
  guint            tick_id;
  gint64           anchor_wall;
  double           clock_done;       /* simulated s run since the anchor */

  guint            changed_id;

  TwinStepStats    step_stats;
  TwinShadow      *shadow;
};

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
  N_PROPS
};

enum {
  CHANGED,
  ALARM,
  REPORT,
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
static void
queue_changed (TwinEngine *self)
{
  if (self->changed_id == 0)
    self->changed_id = g_idle_add_full (G_PRIORITY_DEFAULT, changed_idle_cb, self, NULL);
}

static guint
compute_alarms (TwinEngine *self)
{
  const double *p = self->params;
  const TwinState *s = &self->state;
  guint alarms = 0;

  if (s->temperature >= p[TWIN_PARAM_TEMP_WARNING])
    alarms |= TWIN_ALARM_TEMP_WARNING;
  if (s->temperature >= p[TWIN_PARAM_TEMP_TRIP])
    alarms |= TWIN_ALARM_TEMP_TRIP;
  if (s->vibration >= p[TWIN_PARAM_ZONE_B_MAX])
    alarms |= TWIN_ALARM_VIB_ZONE_C;
  if (s->vibration >= p[TWIN_PARAM_ZONE_C_MAX])
    alarms |= TWIN_ALARM_VIB_ZONE_D;
  if (s->tripped)
    alarms |= TWIN_ALARM_TRIPPED;

  return alarms;
}

static void
update_alarms (TwinEngine *self)
{
  guint alarms = compute_alarms (self);
  guint changed = alarms ^ self->alarms;

  if (G_LIKELY (changed == 0))
    return;

  for (guint i = 0; i < TWIN_N_ALARMS; i++)
    {
      TwinAlarm alarm = twin_alarm_from_index (i);
      TwinAlarmEvent event;

      if (!(changed & alarm))
        continue;

      event.alarm = alarm;
      event.raised = (alarms & alarm) != 0;
      event.timestamp = self->state.timestamp;
      event.value = (alarm & (TWIN_ALARM_VIB_ZONE_C | TWIN_ALARM_VIB_ZONE_D))
                  ? self->state.vibration : self->state.temperature;
      g_array_append_val (self->events, event);
    }

  self->alarms = alarms;
}

static double
noisy (TwinEngine *self,
       double      value,
       guint64     index,
       guint       stream,
       double      sigma)
{
  if (!self->noise)
    return value;

  return value + sigma * twin_noise_gaussian (self->noise_seed, index, stream);
}

static void
record_samples (TwinEngine *self)
{
  for (;;)
    {
      guint64 index = twin_history_get_end_index (self->history);
      TwinSample sample;

      if (twin_history_index_to_time (self->history, index) > self->state.timestamp + TIME_EPSILON)
        break;

      sample.values[TWIN_CHANNEL_TEMPERATURE] =
        twin_clamp (noisy (self, self->state.temperature, index, 3, TWIN_NOISE_TEMPERATURE),
                    TWIN_TEMPERATURE_MIN, TWIN_TEMPERATURE_MAX, 0);
      sample.values[TWIN_CHANNEL_VIBRATION] =
        twin_clamp (noisy (self, self->state.vibration, index, 4, TWIN_NOISE_VIBRATION),
                    TWIN_VIBRATION_MIN, TWIN_VIBRATION_MAX, 0);
      sample.values[TWIN_CHANNEL_RPM] =
        twin_clamp (noisy (self, self->state.rpm, index, 5, TWIN_NOISE_RPM),
                    TWIN_RPM_MIN, TWIN_RPM_MAX, 0);
      sample.values[TWIN_CHANNEL_WEAR] = self->state.wear;
      sample.values[TWIN_CHANNEL_AMBIENT] = self->inputs.ambient;
      sample.values[TWIN_CHANNEL_RPM_SETPOINT] = self->inputs.rpm_setpoint;
      twin_history_append (self->history, &sample);
    }
}

static void
emit_report (TwinEngine *self)
{
  TwinSnapshot snapshot;

  twin_engine_get_snapshot (self, &snapshot);
  g_signal_emit (self, signals[REPORT], 0, &snapshot);
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
run_steps (TwinEngine *self,
           guint64     n)
{
  gboolean was_tripped = self->state.tripped;
  gint64 t0;
  guint64 i;

  if (n == 0)
    return;

  self->halt = FALSE;
  t0 = twin_step_stats_now_ns ();

  for (i = 0; i < n && !self->halt; i++)
    {
      /* The sample at a grid time holds the state of the last step at or
       * before it, so a model with a step longer than the interval is held,
       * never anticipated. */
      record_samples (self);

      twin_model_step (self->model, &self->ctx, &self->state, &self->inputs);
      self->steps++;
      self->steps_since_base++;
      self->state.timestamp = self->t_base + (double)self->steps_since_base * self->ctx.dt;
      update_alarms (self);

      if (self->stop_time > 0 && self->state.timestamp >= self->stop_time - TIME_EPSILON)
        {
          self->stop_time = 0;
          twin_engine_set_paused (self, TRUE);
        }

      if (self->report_interval > 0 &&
          self->state.timestamp >= self->next_report - TIME_EPSILON)
        {
          while (self->next_report <= self->state.timestamp + TIME_EPSILON)
            self->next_report += self->report_interval;
          emit_report (self);
        }
    }

  twin_step_stats_add_batch (&self->step_stats, i, twin_step_stats_now_ns () - t0);
  record_samples (self);
  flush_events (self);

  if (was_tripped != self->state.tripped)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRIPPED]);

  queue_changed (self);
}

static void
advance_internal (TwinEngine *self,
                  double      seconds)
{
  double dt = self->ctx.dt;
  double total;
  guint64 n;

  if (!(seconds > 0) || !(dt > 0))
    return;

  total = self->pending + seconds;
  n = (guint64)floor (total / dt + TIME_EPSILON);
  self->pending = MAX (0.0, total - (double)n * dt);
  run_steps (self, n);
}

static void
reanchor_clock (TwinEngine *self)
{
  self->anchor_wall = g_get_monotonic_time ();
  self->clock_done = 0;
}

static gboolean
tick_cb (gpointer data)
{
  TwinEngine *self = data;
  double target;

  if (self->paused)
    return G_SOURCE_CONTINUE;

  /* The target is computed from a fixed anchor, not by adding up tick
   * lengths, so the clock does not drift whatever the tick jitter. */
  target = (g_get_monotonic_time () - self->anchor_wall) * 1e-6 * self->time_scale;

  if (target - self->clock_done > MAX_CATCH_UP_WALL * self->time_scale)
    {
      g_debug ("Clock fell %.1f s behind; dropping the backlog", target - self->clock_done);
      reanchor_clock (self);
      return G_SOURCE_CONTINUE;
    }

  advance_internal (self, target - self->clock_done);
  self->clock_done = target;
  self->step_stats.ticks++;

  return G_SOURCE_CONTINUE;
}

static void
prepare_model (TwinEngine *self)
{
  twin_model_ctx_init (&self->ctx, self->model, self->params, self->model->dt);
}

static void
load_default_params (TwinEngine *self,
                     gboolean    keep_common)
{
  for (size_t i = 0; i < self->model->n_params; i++)
    if (!keep_common || i >= TWIN_N_COMMON_PARAMS)
      self->params[i] = self->model->params[i].default_value;
}

static void
twin_engine_finalize (GObject *object)
{
  TwinEngine *self = (TwinEngine *)object;

  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_handle_id (&self->changed_id, g_source_remove);
  g_clear_pointer (&self->history, twin_history_free);
  g_clear_pointer (&self->events, g_array_unref);
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
      g_value_set_string (value, self->model->id);
      break;

    case PROP_AMBIENT:
      g_value_set_double (value, self->inputs.ambient);
      break;

    case PROP_RPM_SETPOINT:
      g_value_set_double (value, self->inputs.rpm_setpoint);
      break;

    case PROP_COOLING_DEGRADED:
      g_value_set_boolean (value, self->inputs.cooling_degraded);
      break;

    case PROP_BEARING_DEFECT:
      g_value_set_boolean (value, self->inputs.bearing_defect);
      break;

    case PROP_TIME_SCALE:
      g_value_set_double (value, self->time_scale);
      break;

    case PROP_PAUSED:
      g_value_set_boolean (value, self->paused);
      break;

    case PROP_TRIPPED:
      g_value_set_boolean (value, self->state.tripped);
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
    g_param_spec_string ("model", NULL, NULL, "physical@2",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AMBIENT] =
    g_param_spec_double ("ambient", NULL, NULL, TWIN_AMBIENT_MIN, TWIN_AMBIENT_MAX, 22.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RPM_SETPOINT] =
    g_param_spec_double ("rpm-setpoint", NULL, NULL, TWIN_RPM_SETPOINT_MIN, TWIN_RPM_SETPOINT_MAX, 1500.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COOLING_DEGRADED] =
    g_param_spec_boolean ("cooling-degraded", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BEARING_DEFECT] =
    g_param_spec_boolean ("bearing-defect", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIME_SCALE] =
    g_param_spec_double ("time-scale", NULL, NULL, TWIN_TIME_SCALE_MIN, TWIN_TIME_SCALE_MAX, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAUSED] =
    g_param_spec_boolean ("paused", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TRIPPED] =
    g_param_spec_boolean ("tripped", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

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
}

static void
twin_engine_init (TwinEngine *self)
{
  self->model = twin_model_default ();
  twin_inputs_init (&self->inputs);
  self->time_scale = 1.0;
  self->events = g_array_new (FALSE, FALSE, sizeof (TwinAlarmEvent));
  self->shadow = twin_shadow_new ();
  load_default_params (self, FALSE);
  prepare_model (self);
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

const TwinModel *
twin_engine_get_model (TwinEngine *self)
{
  g_return_val_if_fail (TWIN_IS_ENGINE (self), NULL);

  return self->model;
}

/**
 * twin_engine_set_model:
 *
 * Switches to another model between two steps: temperature, vibration,
 * speed, wear, time and the trip latch carry over, and so do the common
 * parameters (thresholds); the model's own parameters take its defaults.
 */
gboolean
twin_engine_set_model (TwinEngine  *self,
                       const char  *id,
                       GError     **error)
{
  const TwinModel *model;

  g_return_val_if_fail (TWIN_IS_ENGINE (self), FALSE);

  if (!twin_validate_model (id, error))
    return FALSE;

  model = twin_model_lookup (id);
  if (model == self->model)
    return TRUE;

  self->model = model;
  self->t_base = self->state.timestamp;
  self->steps_since_base = 0;
  self->pending = 0;
  load_default_params (self, TRUE);
  prepare_model (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
  queue_changed (self);

  return TRUE;
}

double
twin_engine_get_ambient (TwinEngine *self)
{
  g_return_val_if_fail (TWIN_IS_ENGINE (self), 0);

  return self->inputs.ambient;
}

gboolean
twin_engine_set_ambient (TwinEngine  *self,
                         double       ambient,
                         GError     **error)
{
  g_return_val_if_fail (TWIN_IS_ENGINE (self), FALSE);

  if (!twin_validate_ambient (ambient, error))
    return FALSE;

  if (self->inputs.ambient != ambient)
    {
      self->inputs.ambient = ambient;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AMBIENT]);
      queue_changed (self);
    }

  return TRUE;
}

double
twin_engine_get_rpm_setpoint (TwinEngine *self)
{
  g_return_val_if_fail (TWIN_IS_ENGINE (self), 0);

  return self->inputs.rpm_setpoint;
}

gboolean
twin_engine_set_rpm_setpoint (TwinEngine  *self,
                              double       rpm_setpoint,
                              GError     **error)
{
  g_return_val_if_fail (TWIN_IS_ENGINE (self), FALSE);

  if (!twin_validate_rpm_setpoint (rpm_setpoint, error))
    return FALSE;

  if (self->inputs.rpm_setpoint != rpm_setpoint)
    {
      self->inputs.rpm_setpoint = rpm_setpoint;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RPM_SETPOINT]);
      queue_changed (self);
    }

  return TRUE;
}

gboolean
twin_engine_get_cooling_degraded (TwinEngine *self)
{
  g_return_val_if_fail (TWIN_IS_ENGINE (self), FALSE);

  return self->inputs.cooling_degraded;
}

void
twin_engine_set_cooling_degraded (TwinEngine *self,
                                  gboolean    degraded)
{
  g_return_if_fail (TWIN_IS_ENGINE (self));

  degraded = !!degraded;
  if (self->inputs.cooling_degraded != degraded)
    {
      self->inputs.cooling_degraded = degraded;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COOLING_DEGRADED]);
      queue_changed (self);
    }
}

gboolean
twin_engine_get_bearing_defect (TwinEngine *self)
{
  g_return_val_if_fail (TWIN_IS_ENGINE (self), FALSE);

  return self->inputs.bearing_defect;
}

void
twin_engine_set_bearing_defect (TwinEngine *self,
                                gboolean    defect)
{
  g_return_if_fail (TWIN_IS_ENGINE (self));

  defect = !!defect;
  if (self->inputs.bearing_defect != defect)
    {
      self->inputs.bearing_defect = defect;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BEARING_DEFECT]);
      queue_changed (self);
    }
}

double
twin_engine_get_time_scale (TwinEngine *self)
{
  g_return_val_if_fail (TWIN_IS_ENGINE (self), 1.0);

  return self->time_scale;
}

gboolean
twin_engine_set_time_scale (TwinEngine  *self,
                            double       time_scale,
                            GError     **error)
{
  g_return_val_if_fail (TWIN_IS_ENGINE (self), FALSE);

  if (!twin_validate_time_scale (time_scale, error))
    return FALSE;

  if (self->time_scale != time_scale)
    {
      /* Bank what ran at the old scale before the new one counts. */
      if (self->tick_id != 0 && !self->paused)
        tick_cb (self);
      self->time_scale = time_scale;
      reanchor_clock (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIME_SCALE]);
      queue_changed (self);
    }

  return TRUE;
}

gboolean
twin_engine_get_paused (TwinEngine *self)
{
  g_return_val_if_fail (TWIN_IS_ENGINE (self), FALSE);

  return self->paused;
}

void
twin_engine_set_paused (TwinEngine *self,
                        gboolean    paused)
{
  g_return_if_fail (TWIN_IS_ENGINE (self));

  paused = !!paused;
  if (self->paused == paused)
    return;

  if (paused)
    self->halt = TRUE;
  self->paused = paused;
  reanchor_clock (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
  queue_changed (self);
}

gboolean
twin_engine_get_tripped (TwinEngine *self)
{
  g_return_val_if_fail (TWIN_IS_ENGINE (self), FALSE);

  return self->state.tripped;
}

/**
 * twin_engine_get_param:
 *
 * Returns: the parameter's value, or NaN when the current model has no
 *   parameter of that name.
 */
double
twin_engine_get_param (TwinEngine *self,
                       const char *name)
{
  int i;

  g_return_val_if_fail (TWIN_IS_ENGINE (self), NAN);

  i = twin_model_find_param (self->model, name);
  return i < 0 ? NAN : self->params[i];
}

gboolean
twin_engine_set_param (TwinEngine  *self,
                       const char  *name,
                       double       value,
                       GError     **error)
{
  const TwinParamSpec *spec;
  int i;

  g_return_val_if_fail (TWIN_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  i = twin_model_find_param (self->model, name);
  if (i < 0)
    {
      g_set_error (error, TWIN_ENGINE_ERROR, TWIN_ENGINE_ERROR_UNKNOWN_FIELD,
                   "%s: not a parameter of model %s", name, self->model->id);
      return FALSE;
    }

  spec = &self->model->params[i];
  if (!twin_validate_number (name, value, spec->min, spec->max, spec->unit, error))
    return FALSE;

  self->params[i] = value;
  prepare_model (self);
  /* A threshold moved past the state raises or clears its alarm now. */
  update_alarms (self);
  flush_events (self);
  queue_changed (self);

  return TRUE;
}

/**
 * twin_engine_set_noise:
 *
 * Turns Gaussian measurement noise on the reported temperature, vibration
 * and speed on or off. The noise of a sample is a function of @seed and the
 * sample's index alone, so runs stay reproducible.
 */
void
twin_engine_set_noise (TwinEngine *self,
                       gboolean    enabled,
                       guint64     seed)
{
  g_return_if_fail (TWIN_IS_ENGINE (self));

  self->noise = !!enabled;
  self->noise_seed = seed;
  queue_changed (self);
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
    self->next_report = (floor (self->state.timestamp / seconds + TIME_EPSILON) + 1) * seconds;
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
 * twin_engine_apply_command:
 *
 * Validates every field of @command first and applies it only when all are
 * valid: a command is applied whole or not at all.
 */
gboolean
twin_engine_apply_command (TwinEngine         *self,
                           const TwinCommand  *command,
                           GError            **error)
{
  guint f;

  g_return_val_if_fail (TWIN_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (command != NULL, FALSE);

  if (!twin_command_validate (command, error))
    return FALSE;

  f = command->fields;
  g_object_freeze_notify (G_OBJECT (self));

  if ((f & TWIN_COMMAND_RESET) && command->reset)
    twin_engine_reset (self);
  if (f & TWIN_COMMAND_MODEL)
    twin_engine_set_model (self, command->model, NULL);
  if (f & TWIN_COMMAND_AMBIENT)
    twin_engine_set_ambient (self, command->ambient, NULL);
  if (f & TWIN_COMMAND_RPM_SETPOINT)
    twin_engine_set_rpm_setpoint (self, command->rpm_setpoint, NULL);
  if (f & TWIN_COMMAND_TIME_SCALE)
    twin_engine_set_time_scale (self, command->time_scale, NULL);
  if (f & TWIN_COMMAND_PAUSED)
    twin_engine_set_paused (self, command->paused);
  if (f & TWIN_COMMAND_COOLING_DEGRADED)
    twin_engine_set_cooling_degraded (self, command->cooling_degraded);
  if (f & TWIN_COMMAND_BEARING_DEFECT)
    twin_engine_set_bearing_defect (self, command->bearing_defect);
  if ((f & TWIN_COMMAND_RESET_TRIP) && command->reset_trip)
    twin_engine_reset_trip (self);

  g_object_thaw_notify (G_OBJECT (self));

  return TRUE;
}

/**
 * twin_engine_reset:
 *
 * Starts the simulation over at time 0 from the model's initial state and
 * clears the history and the trip latch. The inputs, the model and its
 * parameters stay as they are.
 */
void
twin_engine_reset (TwinEngine *self)
{
  gboolean was_tripped;

  g_return_if_fail (TWIN_IS_ENGINE (self));

  was_tripped = self->state.tripped;
  twin_model_initial_state (self->model, &self->state);
  self->t_base = 0;
  self->steps = 0;
  self->steps_since_base = 0;
  self->pending = 0;
  self->halt = TRUE;
  self->alarms = compute_alarms (self);
  g_array_set_size (self->events, 0);
  /* The sample at 0 is recorded by the first step, with the inputs in
   * effect when time starts to move. */
  twin_history_clear (self->history, 0);
  if (self->report_interval > 0)
    self->next_report = self->report_interval;
  reanchor_clock (self);
  twin_shadow_clear (self->shadow);

  if (was_tripped)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRIPPED]);
  queue_changed (self);
}

/**
 * twin_engine_reset_trip:
 *
 * Clears the trip latch, so the setpoint drives the machine again. If the
 * cause is still there, the next step trips it again.
 */
void
twin_engine_reset_trip (TwinEngine *self)
{
  g_return_if_fail (TWIN_IS_ENGINE (self));

  if (!self->state.tripped)
    return;

  self->state.tripped = false;
  self->state.zone_d_time = 0;
  update_alarms (self);
  flush_events (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRIPPED]);
  queue_changed (self);
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

  run_steps (self, 1);
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

  advance_internal (self, seconds);
}

guint64
twin_engine_get_steps (TwinEngine *self)
{
  g_return_val_if_fail (TWIN_IS_ENGINE (self), 0);

  return self->steps;
}

double
twin_engine_get_timestamp (TwinEngine *self)
{
  g_return_val_if_fail (TWIN_IS_ENGINE (self), 0);

  return self->state.timestamp;
}

void
twin_engine_get_snapshot (TwinEngine   *self,
                          TwinSnapshot *snapshot)
{
  const TwinState *s;

  g_return_if_fail (TWIN_IS_ENGINE (self));
  g_return_if_fail (snapshot != NULL);

  s = &self->state;
  memset (snapshot, 0, sizeof *snapshot);
  g_strlcpy (snapshot->model, self->model->id, sizeof snapshot->model);
  snapshot->seq = self->steps;
  snapshot->wall_time = g_get_real_time ();
  snapshot->timestamp = s->timestamp;
  snapshot->temperature = twin_clamp (noisy (self, s->temperature, self->steps, 0, TWIN_NOISE_TEMPERATURE),
                                      TWIN_TEMPERATURE_MIN, TWIN_TEMPERATURE_MAX, 0);
  snapshot->vibration = twin_clamp (noisy (self, s->vibration, self->steps, 1, TWIN_NOISE_VIBRATION),
                                    TWIN_VIBRATION_MIN, TWIN_VIBRATION_MAX, 0);
  snapshot->rpm = twin_clamp (noisy (self, s->rpm, self->steps, 2, TWIN_NOISE_RPM),
                              TWIN_RPM_MIN, TWIN_RPM_MAX, 0);
  snapshot->wear = s->wear;
  snapshot->rul_hours = twin_state_rul_hours (s);
  snapshot->ambient = self->inputs.ambient;
  snapshot->rpm_setpoint = self->inputs.rpm_setpoint;
  snapshot->time_scale = self->time_scale;
  snapshot->zone = twin_zone_for_vibration (self->params, s->vibration);
  snapshot->alarms = self->alarms;
  snapshot->tripped = s->tripped;
  snapshot->paused = self->paused;
  snapshot->cooling_degraded = self->inputs.cooling_degraded;
  snapshot->bearing_defect = self->inputs.bearing_defect;
}

/**
 * twin_engine_get_history:
 *
 * Returns: (transfer none): the history, to query; it changes as the
 *   engine runs, so read it on the engine's thread.
 */
const TwinHistory *
twin_engine_get_history (TwinEngine *self)
{
  g_return_val_if_fail (TWIN_IS_ENGINE (self), NULL);

  return self->history;
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

  reanchor_clock (self);
  self->tick_id = g_timeout_add_full (G_PRIORITY_DEFAULT, TICK_INTERVAL_MS, tick_cb, self, NULL);
}

void
twin_engine_stop (TwinEngine *self)
{
  g_return_if_fail (TWIN_IS_ENGINE (self));

  self->halt = TRUE;
  g_clear_handle_id (&self->tick_id, g_source_remove);
}

#define HISTORY_CAPACITY_MIN 1000
#define HISTORY_CAPACITY_MAX 50000000
#define HISTORY_INTERVAL_MIN 0.01
#define HISTORY_INTERVAL_MAX 60.0

/**
 * twin_engine_set_history_config:
 * @capacity: samples kept, 1000 to 50 000 000
 * @interval: simulated s between samples, 0.01 to 60
 *
 * Replaces the history with one of the new size and interval. The samples
 * already recorded carry over, resampled onto the new interval (each new
 * sample holds the old sample at or before its time), newest first when
 * they do not all fit. The pointer twin_engine_get_history() returned
 * before is no longer valid; #TwinEngine::changed is emitted.
 */
gboolean
twin_engine_set_history_config (TwinEngine  *self,
                                gsize        capacity,
                                double       interval,
                                GError     **error)
{
  TwinHistory *old;
  TwinHistory *history;
  guint64 old_first, old_end;
  double t_first, t_last, origin;
  guint64 n, k0;

  g_return_val_if_fail (TWIN_IS_ENGINE (self), FALSE);

  if (capacity < HISTORY_CAPACITY_MIN || capacity > HISTORY_CAPACITY_MAX)
    {
      g_set_error (error, TWIN_ENGINE_ERROR, TWIN_ENGINE_ERROR_INVALID_VALUE,
                   "history_capacity: %" G_GSIZE_FORMAT " is out of range; allowed: %d to %d samples",
                   capacity, HISTORY_CAPACITY_MIN, HISTORY_CAPACITY_MAX);
      return FALSE;
    }
  if (!twin_validate_number ("history_interval", interval,
                             HISTORY_INTERVAL_MIN, HISTORY_INTERVAL_MAX, "s", error))
    return FALSE;

  old = self->history;
  if (twin_history_get_capacity (old) == capacity &&
      twin_history_get_interval (old) == interval)
    return TRUE;

  history = twin_history_new (capacity, interval);
  old_first = twin_history_get_first_index (old);
  old_end = twin_history_get_end_index (old);

  if (old_end == old_first)
    {
      /* Nothing recorded yet: the next sample is due at the next grid time. */
      origin = twin_history_index_to_time (old, old_end);
      twin_history_clear (history, origin);
    }
  else
    {
      t_first = twin_history_index_to_time (old, old_first);
      t_last = twin_history_index_to_time (old, old_end - 1);
      n = (guint64)floor ((t_last - t_first) / interval + TIME_EPSILON) + 1;
      k0 = n > capacity ? n - capacity : 0;
      origin = t_first + (double)k0 * interval;
      twin_history_clear (history, origin);

      for (guint64 k = k0; k < n; k++)
        {
          double t = t_first + (double)k * interval;
          guint64 i = old_first + (guint64)floor ((t - t_first) / twin_history_get_interval (old) + TIME_EPSILON);
          TwinSample sample;

          twin_history_get_sample (old, MIN (i, old_end - 1), &sample);
          twin_history_append (history, &sample);
        }
    }

  self->history = history;
  twin_history_free (old);
  /* The samples still due are recorded on the new grid from now on. */
  record_samples (self);
  queue_changed (self);

  return TRUE;
}

/**
 * twin_engine_get_shadow:
 *
 * Returns: (transfer none): the measured series of shadow mode, kept
 *   beside the simulated one
 */
TwinShadow *
twin_engine_get_shadow (TwinEngine *self)
{
  g_return_val_if_fail (TWIN_IS_ENGINE (self), NULL);

  return self->shadow;
}

/**
 * twin_engine_add_reading:
 *
 * Validates a reading from the physical machine and keeps it in the
 * shadow with its residuals against the state simulated right now.
 */
gboolean
twin_engine_add_reading (TwinEngine         *self,
                         const TwinReading  *reading,
                         GError            **error)
{
  TwinSnapshot snapshot;

  g_return_val_if_fail (TWIN_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (reading != NULL, FALSE);

  twin_engine_get_snapshot (self, &snapshot);
  return twin_shadow_add (self->shadow, reading, &snapshot, error);
}

/**
 * twin_engine_sync_to_measurement:
 *
 * Sets the simulated temperature, vibration and speed to the last
 * measurement, so the twin continues from where the machine is. Time,
 * wear, the inputs and the trip latch stay.
 */
gboolean
twin_engine_sync_to_measurement (TwinEngine  *self,
                                 GError     **error)
{
  TwinMeasurement m;

  g_return_val_if_fail (TWIN_IS_ENGINE (self), FALSE);

  if (!twin_shadow_get_last (self->shadow, &m))
    {
      g_set_error (error, TWIN_ENGINE_ERROR, TWIN_ENGINE_ERROR_INVALID_VALUE,
                   "sync: no measurement yet; allowed: after a reading on <prefix>/sensors");
      return FALSE;
    }

  self->state.temperature = twin_clamp (m.reading.temperature, TWIN_TEMPERATURE_MIN, TWIN_TEMPERATURE_MAX, 0);
  self->state.vibration = twin_clamp (m.reading.vibration, TWIN_VIBRATION_MIN, TWIN_VIBRATION_MAX, 0);
  self->state.rpm = twin_clamp (m.reading.rpm, TWIN_RPM_MIN, TWIN_RPM_MAX, 0);
  update_alarms (self);
  flush_events (self);
  queue_changed (self);

  return TRUE;
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
