/* twin-branch.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What-if mode without its widgets: a branch (inputs and faults not
 * applied), its forecast kept current from the live state, the caption
 * that says what it will do, and Apply (one command) or Cancel.
 */

#define G_LOG_DOMAIN "twin-branch"

#include "config.h"

#include <glib/gi18n.h>

#include <math.h>

#include "twin-forecast-text.h"
#include "twin-branch.h"

#define PURPOSE          "branch"
#define PURPOSE_ENSEMBLE "branch-ensemble"
#define REFRESH_S        1.0     /* simulated s between forecasts from a moving live state */
#define MAX_POINTS       2000    /* trajectory samples over the horizon, about a wide plot's columns */
#define SETTLE_MS        150     /* after the last edit, the ensemble of the branch */
#define ENSEMBLE_WALL_US 1000000 /* at most one ensemble a second from a moving live state */
#define FIXED_STEPS_MAX_HORIZON 3600.0  /* longer courses take long steps, as the outlook's */

struct _TwinBranch
{
  GObject         parent_instance;

  TwinEngine     *engine;
  TwinForecaster *forecaster;

  gboolean        active;
  TwinCommand     branch;        /* the edited fields only */
  double          horizon;

  TwinForecast   *course;        /* the latest result for the branch */
  TwinEnsemble   *ensemble;      /* of this branch, NULL until its members ran */
  guint           n_members;
  guint           version;       /* of the branch: each edit makes a new one */
  guint           settle_timer;
  gboolean        ensemble_in_flight;
  gint64          ensemble_wall; /* monotonic µs of the last ensemble asked for */
  guint           in_flight;
  guint64         generation;    /* of the newest request */
  guint64         shown;         /* of the forecast in @course */
  gboolean        stale;         /* the branch or the inputs changed since the last request */
  double          requested_at;  /* the live timestamp of the last request */
  guint           n_results;
};

G_DEFINE_FINAL_TYPE (TwinBranch, twin_branch, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ACTIVE,
  PROP_HORIZON,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The history's interval, or a multiple of it, as the outlook's. */
static double
trajectory_interval (TwinBranch *self)
{
  double base = twin_history_get_interval (twin_engine_get_history (self->engine));
  double k = ceil (self->horizon / base / MAX_POINTS - TWIN_SIM_TIME_EPSILON);

  return base * MAX (k, 1.0);
}

static void request (TwinBranch *self,
                     gboolean    members);

/* A request in flight finds the controller through a weak reference, so
 * that a forecast still running keeps neither it nor the engine alive. */
typedef struct
{
  GWeakRef    self;
  guint64     generation;
  guint       version;
  gboolean    members;
} Pending;

static void
request_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autofree Pending *pending = user_data;
  g_autoptr(TwinBranch) self = g_weak_ref_get (&pending->self);
  g_autoptr(TwinPrediction) prediction = NULL;
  g_autoptr(GError) error = NULL;
  gboolean changed = FALSE;

  g_weak_ref_clear (&pending->self);
  prediction = twin_forecaster_request_finish (TWIN_FORECASTER (source), result, &error);
  if (self == NULL)
    return;

  if (pending->members)
    self->ensemble_in_flight = FALSE;
  else
    self->in_flight--;

  if (prediction == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("What-if forecast failed: %s", error->message);
      return;
    }

  if (!self->active)
    return;

  /* Older than the course shown: dropped; an ensemble only for the branch as it is. */
  if (pending->generation > self->shown)
    {
      g_clear_pointer (&self->course, twin_forecast_free);
      self->course = g_steal_pointer (&prediction->course);
      self->shown = pending->generation;
      self->n_results++;
      changed = TRUE;
    }
  if (prediction->ensemble != NULL && pending->version == self->version)
    {
      g_clear_pointer (&self->ensemble, twin_ensemble_free);
      self->ensemble = g_steal_pointer (&prediction->ensemble);
      changed = TRUE;
    }

  if (changed)
    g_signal_emit (self, signals[CHANGED], 0);

  if (self->stale && self->in_flight == 0)
    request (self, FALSE);
}

/* Each request replaces the one in flight for its purpose, so that a
 * dragged slider asks on every value and sees the newest answer; the
 * ensemble, which takes longer, is asked for once the branch holds. */
static void
request (TwinBranch *self,
         gboolean    members)
{
  TwinForecastSpec spec;
  Pending *pending;
  TwinSim sim;

  if (!self->active)
    return;

  pending = g_new (Pending, 1);
  g_weak_ref_init (&pending->self, self);
  pending->generation = ++self->generation;
  pending->version = self->version;
  pending->members = members && self->n_members > 0;

  twin_forecast_spec_init (&spec, self->horizon, trajectory_interval (self));
  spec.change = self->branch;
  spec.has_change = self->branch.fields != 0;
  spec.fast = self->horizon > FIXED_STEPS_MAX_HORIZON;

  twin_engine_get_sim (self->engine, &sim);
  if (pending->members)
    {
      self->ensemble_in_flight = TRUE;
      self->ensemble_wall = g_get_monotonic_time ();
    }
  else
    {
      self->requested_at = sim.state.timestamp;
      self->stale = FALSE;
      self->in_flight++;
    }
  twin_forecaster_request (self->forecaster, pending->members ? PURPOSE_ENSEMBLE : PURPOSE, &sim, &spec,
                           pending->members ? self->n_members : 0, request_done_cb, pending);
}

static gboolean
settled_cb (gpointer data)
{
  TwinBranch *self = data;

  self->settle_timer = 0;
  request (self, TRUE);

  return G_SOURCE_REMOVE;
}

/* A new branch: its course at once, its ensemble once edits pause. */
static void
branch_changed (TwinBranch *self)
{
  self->version++;
  g_clear_pointer (&self->ensemble, twin_ensemble_free);
  g_clear_handle_id (&self->settle_timer, g_source_remove);
  request (self, FALSE);
  if (self->active)
    self->settle_timer = g_timeout_add (SETTLE_MS, settled_cb, self);
}

/* The live state moves: a new forecast from it about every simulated
 * second, one at a time. */
static void
engine_changed_cb (TwinBranch *self,
                   TwinEngine *engine)
{
  double now;

  if (!self->active)
    return;

  now = twin_engine_get_timestamp (engine);
  if (now - self->requested_at >= REFRESH_S || now < self->requested_at)
    self->stale = TRUE;
  if (!self->stale || self->in_flight > 0)
    return;

  request (self, FALSE);
  if (!self->ensemble_in_flight && self->settle_timer == 0 &&
      g_get_monotonic_time () - self->ensemble_wall >= ENSEMBLE_WALL_US)
    request (self, TRUE);
}

/* The live inputs changed from elsewhere (MQTT, REST, a scenario): the
 * fields the branch does not set follow them. */
static void
command_applied_cb (TwinBranch        *self,
                    const TwinCommand *command,
                    TwinEngine        *engine)
{
  if (!self->active)
    return;

  branch_changed (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
twin_branch_dispose (GObject *object)
{
  TwinBranch *self = TWIN_BRANCH (object);

  g_clear_handle_id (&self->settle_timer, g_source_remove);
  g_clear_object (&self->engine);
  g_clear_object (&self->forecaster);
  g_clear_pointer (&self->course, twin_forecast_free);
  g_clear_pointer (&self->ensemble, twin_ensemble_free);

  G_OBJECT_CLASS (twin_branch_parent_class)->dispose (object);
}

static void
twin_branch_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  TwinBranch *self = TWIN_BRANCH (object);

  switch (prop_id)
    {
    case PROP_ACTIVE:
      g_value_set_boolean (value, self->active);
      break;

    case PROP_HORIZON:
      g_value_set_double (value, self->horizon);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
twin_branch_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  TwinBranch *self = TWIN_BRANCH (object);
  g_autoptr(GError) error = NULL;

  switch (prop_id)
    {
    case PROP_ACTIVE:
      twin_branch_set_active (self, g_value_get_boolean (value));
      break;

    case PROP_HORIZON:
      if (!twin_branch_set_horizon (self, g_value_get_double (value), &error))
        g_warning ("%s", error->message);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
twin_branch_class_init (TwinBranchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = twin_branch_dispose;
  object_class->get_property = twin_branch_get_property;
  object_class->set_property = twin_branch_set_property;

  properties[PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HORIZON] =
    g_param_spec_double ("horizon", NULL, NULL,
                         TWIN_FORECAST_HORIZON_MIN, TWIN_FORECAST_HORIZON_MAX, TWIN_FORECAST_HORIZON_DEFAULT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TwinBranch::changed:
   *
   * The branch, its forecast or the mode changed.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
twin_branch_init (TwinBranch *self)
{
  self->horizon = TWIN_FORECAST_HORIZON_DEFAULT;
  self->n_members = TWIN_ENSEMBLE_MEMBERS_DEFAULT;
}

/**
 * twin_branch_new:
 *
 * Returns: (transfer full): a controller of what-if branches of @engine,
 *   forecast by @forecaster; off until twin_branch_set_active()
 */
TwinBranch *
twin_branch_new (TwinEngine     *engine,
                 TwinForecaster *forecaster)
{
  TwinBranch *self;

  g_return_val_if_fail (TWIN_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (TWIN_IS_FORECASTER (forecaster), NULL);

  self = g_object_new (TWIN_TYPE_BRANCH, NULL);
  self->engine = g_object_ref (engine);
  self->forecaster = g_object_ref (forecaster);
  g_signal_connect_object (engine, "changed", G_CALLBACK (engine_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (engine, "command-applied", G_CALLBACK (command_applied_cb), self, G_CONNECT_SWAPPED);

  return self;
}

TwinEngine *
twin_branch_get_engine (TwinBranch *self)
{
  g_return_val_if_fail (TWIN_IS_BRANCH (self), NULL);

  return self->engine;
}

gboolean
twin_branch_get_active (TwinBranch *self)
{
  g_return_val_if_fail (TWIN_IS_BRANCH (self), FALSE);

  return self->active;
}

/**
 * twin_branch_set_active:
 *
 * On, the branch starts as the live inputs and is forecast at once; off,
 * it is dropped, as twin_branch_cancel() does.
 */
void
twin_branch_set_active (TwinBranch *self,
                        gboolean    active)
{
  g_return_if_fail (TWIN_IS_BRANCH (self));

  active = !!active;
  if (active == self->active)
    return;

  self->active = active;
  self->shown = self->generation;
  self->branch = (TwinCommand) { .source = TWIN_COMMAND_SOURCE_WINDOW };
  g_clear_pointer (&self->course, twin_forecast_free);
  branch_changed (self);
  if (!active)
    {
      g_clear_handle_id (&self->settle_timer, g_source_remove);
      twin_forecaster_cancel (self->forecaster, PURPOSE);
      twin_forecaster_cancel (self->forecaster, PURPOSE_ENSEMBLE);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
  g_signal_emit (self, signals[CHANGED], 0);
}

double
twin_branch_get_horizon (TwinBranch *self)
{
  g_return_val_if_fail (TWIN_IS_BRANCH (self), 0);

  return self->horizon;
}

/**
 * twin_branch_set_horizon:
 * @horizon: simulated s, 60 … 86 400
 *
 * Returns: whether @horizon was taken; a refused one changes nothing
 */
gboolean
twin_branch_set_horizon (TwinBranch  *self,
                         double       horizon,
                         GError     **error)
{
  g_return_val_if_fail (TWIN_IS_BRANCH (self), FALSE);

  if (!twin_forecast_validate_horizon (horizon, error))
    return FALSE;
  if (horizon == self->horizon)
    return TRUE;

  self->horizon = horizon;
  branch_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HORIZON]);

  return TRUE;
}

/**
 * twin_branch_edit:
 * @change: inputs and faults (%TWIN_BRANCH_FIELDS) to set in the branch
 *
 * Sets @change's fields in the branch, nothing of them when one is
 * refused, and asks for the branch's forecast at once.
 *
 * Returns: whether @change was taken
 */
gboolean
twin_branch_edit (TwinBranch         *self,
                  const TwinCommand  *change,
                  GError            **error)
{
  TwinCommand *b;

  g_return_val_if_fail (TWIN_IS_BRANCH (self), FALSE);
  g_return_val_if_fail (change != NULL, FALSE);
  g_return_val_if_fail (self->active, FALSE);

  if (change->fields & ~TWIN_BRANCH_FIELDS)
    {
      g_set_error (error, TWIN_ENGINE_ERROR, TWIN_ENGINE_ERROR_UNKNOWN_FIELD,
                   _("A what-if branch changes only ambient, rpm_setpoint, cooling_degraded and "
                     "bearing_defect; fields 0x%x are none of them"),
                   change->fields & ~TWIN_BRANCH_FIELDS);
      return FALSE;
    }
  if (!twin_command_validate (change, error))
    return FALSE;

  b = &self->branch;
  b->fields |= change->fields;
  if (change->fields & TWIN_COMMAND_AMBIENT)
    b->ambient = change->ambient;
  if (change->fields & TWIN_COMMAND_RPM_SETPOINT)
    b->rpm_setpoint = change->rpm_setpoint;
  if (change->fields & TWIN_COMMAND_COOLING_DEGRADED)
    b->cooling_degraded = change->cooling_degraded;
  if (change->fields & TWIN_COMMAND_BEARING_DEFECT)
    b->bearing_defect = change->bearing_defect;

  branch_changed (self);
  g_signal_emit (self, signals[CHANGED], 0);

  return TRUE;
}

/**
 * twin_branch_get_change:
 *
 * Returns: (transfer none): the fields the branch changes, as a command
 *   of source WINDOW; no field while nothing was edited
 */
const TwinCommand *
twin_branch_get_change (TwinBranch *self)
{
  g_return_val_if_fail (TWIN_IS_BRANCH (self), NULL);

  return &self->branch;
}

/**
 * twin_branch_get_inputs:
 * @inputs: (out): every input and fault of the branch: the live ones
 *   with the branch's over them
 */
void
twin_branch_get_inputs (TwinBranch  *self,
                        TwinCommand *inputs)
{
  TwinCommand live;
  const TwinCommand *b;

  g_return_if_fail (TWIN_IS_BRANCH (self));
  g_return_if_fail (inputs != NULL);

  twin_engine_get_controls (self->engine, &live);
  b = &self->branch;
  *inputs = (TwinCommand) {
    .fields = TWIN_BRANCH_FIELDS,
    .source = TWIN_COMMAND_SOURCE_WINDOW,
    .ambient = b->fields & TWIN_COMMAND_AMBIENT ? b->ambient : live.ambient,
    .rpm_setpoint = b->fields & TWIN_COMMAND_RPM_SETPOINT ? b->rpm_setpoint : live.rpm_setpoint,
    .cooling_degraded = b->fields & TWIN_COMMAND_COOLING_DEGRADED ? b->cooling_degraded : live.cooling_degraded,
    .bearing_defect = b->fields & TWIN_COMMAND_BEARING_DEFECT ? b->bearing_defect : live.bearing_defect,
  };
}

/**
 * twin_branch_get_course:
 *
 * Returns: (transfer none) (nullable): the branch's latest forecast,
 *   valid until the next ::changed
 */
const TwinForecast *
twin_branch_get_course (TwinBranch *self)
{
  g_return_val_if_fail (TWIN_IS_BRANCH (self), NULL);

  return self->course;
}

/**
 * twin_branch_get_ensemble:
 *
 * Returns: (transfer none) (nullable): the ensemble of the branch as it
 *   is, once its members ran; valid until the next ::changed
 */
const TwinEnsemble *
twin_branch_get_ensemble (TwinBranch *self)
{
  g_return_val_if_fail (TWIN_IS_BRANCH (self), NULL);

  return self->ensemble;
}

/**
 * twin_branch_set_members:
 * @n_members: of the branch's ensemble, 0 (none) … %TWIN_ENSEMBLE_MEMBERS_MAX
 */
void
twin_branch_set_members (TwinBranch *self,
                         guint       n_members)
{
  g_return_if_fail (TWIN_IS_BRANCH (self));
  g_return_if_fail (n_members <= TWIN_ENSEMBLE_MEMBERS_MAX);

  self->n_members = n_members;
}

/**
 * twin_branch_dup_caption:
 *
 * Returns: (transfer full): what the branch will do, in words, or
 *   "Forecasting…" until its first forecast
 */
char *
twin_branch_dup_caption (TwinBranch *self)
{
  TwinSnapshot snapshot;
  g_autofree char *caption = NULL;

  g_return_val_if_fail (TWIN_IS_BRANCH (self), NULL);

  if (self->course == NULL)
    return g_strdup (_("Forecasting…"));

  twin_engine_get_snapshot (self->engine, &snapshot);
  caption = twin_forecast_text_caption (self->course, self->ensemble,
                                        twin_engine_get_param (self->engine, "temp_warning"), snapshot.rul_hours);

  /* The range's line is there while its members run, so that the caption
   * keeps its height while a slider moves. */
  if (self->ensemble == NULL && self->n_members > 0)
    return g_strdup_printf (g_dngettext (NULL, "%s\nP10–P90 of %u run: running…", "%s\nP10–P90 of %u runs: running…", self->n_members), caption, self->n_members);
  return g_steal_pointer (&caption);
}

/**
 * twin_branch_apply:
 *
 * Sends the branch to the engine as one command of source WINDOW, whole
 * or not at all, and leaves what-if mode when it was taken.
 *
 * Returns: whether the engine took it; a branch of no change is taken
 *   without a command
 */
gboolean
twin_branch_apply (TwinBranch  *self,
                   GError     **error)
{
  TwinCommand command;

  g_return_val_if_fail (TWIN_IS_BRANCH (self), FALSE);
  g_return_val_if_fail (self->active, FALSE);

  command = self->branch;
  command.source = TWIN_COMMAND_SOURCE_WINDOW;
  if (command.fields != 0 && !twin_engine_apply_command (self->engine, &command, error))
    return FALSE;

  twin_branch_set_active (self, FALSE);
  return TRUE;
}

/**
 * twin_branch_cancel:
 *
 * Drops the branch, applies nothing and leaves what-if mode.
 */
void
twin_branch_cancel (TwinBranch *self)
{
  g_return_if_fail (TWIN_IS_BRANCH (self));

  twin_branch_set_active (self, FALSE);
}

/* How many forecasts of the branch have arrived: for tests and benchmarks. */
guint
twin_branch_get_n_results (TwinBranch *self)
{
  g_return_val_if_fail (TWIN_IS_BRANCH (self), 0);

  return self->n_results;
}
