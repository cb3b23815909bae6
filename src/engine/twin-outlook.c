/* twin-outlook.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The course ahead of a live engine, kept current: a forecast from the
 * engine's sim, again about every simulated second and after every
 * command, one request at a time, with its ensemble at most about once
 * per wall-clock second so that it never takes every core.
 */

#define G_LOG_DOMAIN "twin-forecast"

#include "config.h"

#include <math.h>

#include "twin-outlook.h"

/* Simulated s the engine moves before the course is recomputed. */
#define RECOMPUTE_SIM_S 1.0
/* Wall-clock µs between two ensembles, a little under a second so that
 * at 1× each simulated second gets one. */
#define ENSEMBLE_WALL_US 950000
/* Samples a course holds at most (about). */
#define MAX_SAMPLES 2000
/* Horizons up to this run the course with fixed steps, bit for bit the
 * engine's; longer ones with long steps, or a 24-h course would take a
 * fifth of a core's second, every simulated second. */
#define FIXED_STEPS_MAX_HORIZON 3600.0

/* The request in flight: the callback finds the outlook through it, or
 * nothing once the outlook is gone. */
typedef struct
{
  TwinOutlook *outlook;
} Handle;

struct _TwinOutlook
{
  GObject         parent_instance;

  TwinEngine     *engine;
  TwinForecaster *forecaster;
  char           *purpose;
  double          horizon;
  guint           members;

  TwinForecast   *course;
  TwinEnsemble   *ensemble;

  Handle         *in_flight;
  gboolean        dirty;            /* a command or a setting since the last request */
  gboolean        ensemble_stale;   /* … since the last request with members */
  gboolean        refused;          /* the last request failed: wait for a change */
  double          requested_at;     /* simulated s of the last request's start */
  gint64          ensemble_wall;    /* monotonic µs of the last request with members */
  guint           ensemble_timer;
  guint           start_idle;
};

G_DEFINE_FINAL_TYPE (TwinOutlook, twin_outlook, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_HORIZON,
  PROP_MEMBERS,
  N_PROPS
};

enum {
  UPDATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void maybe_request (TwinOutlook *self);

/* The history's interval, or a multiple of it so that the horizon holds
 * at most about MAX_SAMPLES samples. */
static double
trajectory_interval (TwinOutlook *self)
{
  double base = twin_history_get_interval (twin_engine_get_history (self->engine));
  double k = ceil (self->horizon / base / MAX_SAMPLES - TWIN_SIM_TIME_EPSILON);

  return base * MAX (k, 1.0);
}

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  g_autofree Handle *handle = data;
  TwinOutlook *self = handle->outlook;
  g_autoptr(TwinPrediction) prediction = NULL;
  g_autoptr(GError) error = NULL;

  prediction = twin_forecaster_request_finish (TWIN_FORECASTER (source), result, &error);
  if (self == NULL)
    return;

  self->in_flight = NULL;
  if (prediction == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_warning ("The course ahead: %s", error->message);
          self->refused = TRUE;
        }
    }
  else
    {
      g_clear_pointer (&self->course, twin_forecast_free);
      self->course = g_steal_pointer (&prediction->course);
      if (prediction->ensemble != NULL)
        {
          g_clear_pointer (&self->ensemble, twin_ensemble_free);
          self->ensemble = g_steal_pointer (&prediction->ensemble);
        }
      g_signal_emit (self, signals[UPDATED], 0);
    }

  maybe_request (self);
}

static gboolean
ensemble_timer_cb (gpointer data)
{
  TwinOutlook *self = data;

  self->ensemble_timer = 0;
  maybe_request (self);
  return G_SOURCE_REMOVE;
}

static void
request (TwinOutlook   *self,
         const TwinSim *sim,
         gboolean       with_ensemble)
{
  TwinForecastSpec spec;

  twin_forecast_spec_init (&spec, self->horizon, trajectory_interval (self));
  spec.fast = self->horizon > FIXED_STEPS_MAX_HORIZON;
  self->in_flight = g_new0 (Handle, 1);
  self->in_flight->outlook = self;
  self->dirty = FALSE;
  self->requested_at = sim->state.timestamp;
  if (with_ensemble)
    {
      self->ensemble_stale = FALSE;
      self->ensemble_wall = g_get_monotonic_time ();
    }

  twin_forecaster_request (self->forecaster, self->purpose, sim, &spec, with_ensemble ? self->members : 0,
                           done_cb, self->in_flight);
}

static void
maybe_request (TwinOutlook *self)
{
  gint64 now = g_get_monotonic_time ();
  gboolean course_due, want_ensemble, ensemble_due;
  TwinSim sim;

  if (self->in_flight != NULL || self->engine == NULL || self->start_idle != 0 || self->refused)
    return;

  twin_engine_get_sim (self->engine, &sim);
  course_due = self->course == NULL || self->dirty ||
               fabs (sim.state.timestamp - self->requested_at) >= RECOMPUTE_SIM_S - TWIN_SIM_TIME_EPSILON;
  want_ensemble = self->members > 0 &&
                  (self->ensemble == NULL || self->ensemble_stale ||
                   fabs (sim.state.timestamp - self->ensemble->start) >= RECOMPUTE_SIM_S - TWIN_SIM_TIME_EPSILON);
  ensemble_due = self->ensemble_wall == 0 || now - self->ensemble_wall >= ENSEMBLE_WALL_US;

  if (course_due || (want_ensemble && ensemble_due))
    request (self, &sim, want_ensemble && ensemble_due);
  else if (want_ensemble && self->ensemble_timer == 0)
    self->ensemble_timer = g_timeout_add_full (G_PRIORITY_DEFAULT,
                                               (guint) ((self->ensemble_wall + ENSEMBLE_WALL_US - now) / 1000) + 1,
                                               ensemble_timer_cb, self, NULL);
}

static gboolean
start_idle_cb (gpointer data)
{
  TwinOutlook *self = data;

  self->start_idle = 0;
  maybe_request (self);
  return G_SOURCE_REMOVE;
}

static void
invalidate (TwinOutlook *self)
{
  self->refused = FALSE;
  self->dirty = TRUE;
  self->ensemble_stale = TRUE;
  maybe_request (self);
}

static void
changed_cb (TwinOutlook *self)
{
  maybe_request (self);
}

static void
command_applied_cb (TwinOutlook       *self,
                    const TwinCommand *command)
{
  invalidate (self);
}

static void
twin_outlook_dispose (GObject *object)
{
  TwinOutlook *self = TWIN_OUTLOOK (object);

  if (self->in_flight != NULL)
    {
      self->in_flight->outlook = NULL;
      self->in_flight = NULL;
      twin_forecaster_cancel (self->forecaster, self->purpose);
    }
  g_clear_handle_id (&self->ensemble_timer, g_source_remove);
  g_clear_handle_id (&self->start_idle, g_source_remove);
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_clear_object (&self->engine);
  g_clear_object (&self->forecaster);
  g_clear_pointer (&self->course, twin_forecast_free);
  g_clear_pointer (&self->ensemble, twin_ensemble_free);

  G_OBJECT_CLASS (twin_outlook_parent_class)->dispose (object);
}

static void
twin_outlook_finalize (GObject *object)
{
  TwinOutlook *self = TWIN_OUTLOOK (object);

  g_free (self->purpose);

  G_OBJECT_CLASS (twin_outlook_parent_class)->finalize (object);
}

static void
twin_outlook_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  TwinOutlook *self = TWIN_OUTLOOK (object);

  switch (prop_id)
    {
    case PROP_HORIZON:
      g_value_set_double (value, self->horizon);
      break;
    case PROP_MEMBERS:
      g_value_set_uint (value, self->members);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
twin_outlook_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  TwinOutlook *self = TWIN_OUTLOOK (object);

  switch (prop_id)
    {
    case PROP_HORIZON:
      twin_outlook_set_horizon (self, g_value_get_double (value), NULL);
      break;
    case PROP_MEMBERS:
      twin_outlook_set_members (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
twin_outlook_class_init (TwinOutlookClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = twin_outlook_dispose;
  object_class->finalize = twin_outlook_finalize;
  object_class->get_property = twin_outlook_get_property;
  object_class->set_property = twin_outlook_set_property;

  properties[PROP_HORIZON] =
    g_param_spec_double ("horizon", NULL, NULL, TWIN_FORECAST_HORIZON_MIN, TWIN_FORECAST_HORIZON_MAX,
                         TWIN_FORECAST_HORIZON_DEFAULT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MEMBERS] =
    g_param_spec_uint ("members", NULL, NULL, 0, TWIN_ENSEMBLE_MEMBERS_MAX, TWIN_ENSEMBLE_MEMBERS_DEFAULT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TwinOutlook::updated:
   *
   * A new course (and, now and then, a new ensemble) is there.
   */
  signals[UPDATED] =
    g_signal_new ("updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
twin_outlook_init (TwinOutlook *self)
{
  self->horizon = TWIN_FORECAST_HORIZON_DEFAULT;
  self->members = TWIN_ENSEMBLE_MEMBERS_DEFAULT;
  self->purpose = g_strdup_printf ("outlook %p", (void *) self);
}

/**
 * twin_outlook_new:
 *
 * Starts following @engine: the first course is requested from the
 * thread-default main context, once the caller has set the horizon and
 * the members.
 */
TwinOutlook *
twin_outlook_new (TwinEngine     *engine,
                  TwinForecaster *forecaster)
{
  TwinOutlook *self;

  g_return_val_if_fail (TWIN_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (TWIN_IS_FORECASTER (forecaster), NULL);

  self = g_object_new (TWIN_TYPE_OUTLOOK, NULL);
  self->engine = g_object_ref (engine);
  self->forecaster = g_object_ref (forecaster);
  g_signal_connect_object (engine, "changed", G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (engine, "command-applied", G_CALLBACK (command_applied_cb), self, G_CONNECT_SWAPPED);
  self->start_idle = g_idle_add_full (G_PRIORITY_DEFAULT, start_idle_cb, self, NULL);

  return self;
}

double
twin_outlook_get_horizon (TwinOutlook *self)
{
  g_return_val_if_fail (TWIN_IS_OUTLOOK (self), 0);

  return self->horizon;
}

/**
 * twin_outlook_set_horizon:
 * @horizon: simulated s, %TWIN_FORECAST_HORIZON_MIN … %TWIN_FORECAST_HORIZON_MAX
 *
 * Returns: %FALSE with @error set, and nothing changed, when @horizon is
 *   out of range
 */
gboolean
twin_outlook_set_horizon (TwinOutlook  *self,
                          double        horizon,
                          GError      **error)
{
  g_return_val_if_fail (TWIN_IS_OUTLOOK (self), FALSE);

  if (!twin_forecast_validate_horizon (horizon, error))
    return FALSE;
  if (self->horizon == horizon)
    return TRUE;

  self->horizon = horizon;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HORIZON]);
  if (self->engine != NULL)
    invalidate (self);
  return TRUE;
}

guint
twin_outlook_get_members (TwinOutlook *self)
{
  g_return_val_if_fail (TWIN_IS_OUTLOOK (self), 0);

  return self->members;
}

/**
 * twin_outlook_set_members:
 * @members: ensemble members, 0 (no ensemble) … %TWIN_ENSEMBLE_MEMBERS_MAX
 */
void
twin_outlook_set_members (TwinOutlook *self,
                          guint        members)
{
  g_return_if_fail (TWIN_IS_OUTLOOK (self));
  g_return_if_fail (members <= TWIN_ENSEMBLE_MEMBERS_MAX);

  if (self->members == members)
    return;

  self->members = members;
  if (members == 0)
    g_clear_pointer (&self->ensemble, twin_ensemble_free);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEMBERS]);
  if (self->engine != NULL)
    invalidate (self);
}

/**
 * twin_outlook_get_course:
 *
 * Returns: (nullable): the latest course, valid until the next
 *   ::updated; %NULL before the first
 */
const TwinForecast *
twin_outlook_get_course (TwinOutlook *self)
{
  g_return_val_if_fail (TWIN_IS_OUTLOOK (self), NULL);

  return self->course;
}

/**
 * twin_outlook_get_ensemble:
 *
 * Returns: (nullable): the latest ensemble (it may start earlier than
 *   the course: it is recomputed at most about once per wall second),
 *   valid until the next ::updated; %NULL before the first or with no
 *   members
 */
const TwinEnsemble *
twin_outlook_get_ensemble (TwinOutlook *self)
{
  g_return_val_if_fail (TWIN_IS_OUTLOOK (self), NULL);

  return self->ensemble;
}
