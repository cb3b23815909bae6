/* twin-safe-ranges.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Keeps the speed and ambient sliders' safe ranges current: asks the
 * forecaster's advice for each in the background, from the live state
 * with the other inputs as they are (or as in the what-if branch), at
 * most one request per slider in flight, and hands the answers to the
 * scales to shade.
 */

#define G_LOG_DOMAIN "twin-safe-ranges"

#include "config.h"

#include <glib/gi18n.h>

#include <math.h>

#include "twin-format.h"
#include "twin-safe-ranges.h"

/* Wall time between two rounds of requests while the engine moves: the
 * issue asks for at least every 2 s at 1×, and each round keeps both
 * cores busy for a good part of a second. */
#define REFRESH_INTERVAL_MS 2000

/* A branch being dragged is asked about once it has been still this long,
 * so that the advice does not take the cores from the branch's preview. */
#define BRANCH_QUIET_MS 250

typedef struct
{
  const char *name;          /* in GSettings */
  const char *title;         /* in the dropdown */
  guint       avoid;         /* TwinAlarm flags */
} TwinSafeConditionInfo;

static const TwinSafeConditionInfo conditions[TWIN_N_SAFE_CONDITIONS] = {
  [TWIN_SAFE_NO_WARNING] = { "no-warning", N_("No warning"),
                             TWIN_ALARM_TEMP_WARNING | TWIN_ALARM_VIB_ZONE_C | TWIN_ALARM_TRIPPED },
  [TWIN_SAFE_NO_TRIP]    = { "no-trip", N_("No trip"), TWIN_ALARM_TEMP_TRIP | TWIN_ALARM_TRIPPED },
  [TWIN_SAFE_RUL_ABOVE]  = { "rul-above", N_("RUL above"), TWIN_ALARM_TRIPPED },
};

typedef struct
{
  TwinInput      input;
  TwinSafeScale *scale;
  const char    *purpose;
  gboolean       in_flight;
  gboolean       again;      /* asked for while one was in flight */
} Slider;

struct _TwinSafeRanges
{
  GObject            parent_instance;

  TwinEngine        *engine;
  TwinForecaster    *forecaster;
  Slider             sliders[2];

  TwinSafeCondition  condition;
  double             rul_hours;
  double             horizon;
  gboolean           has_branch;
  TwinCommand        branch;

  guint              timeout_id;
  guint              branch_timeout_id;
  guint64            asked_steps;    /* the engine's step count when last asked */
  guint              n_answers;
  gboolean           hidden;         /* the trainee view shows none */
  gboolean           disposed;
};

G_DEFINE_FINAL_TYPE (TwinSafeRanges, twin_safe_ranges, G_TYPE_OBJECT)

const char *
twin_safe_condition_to_string (TwinSafeCondition condition)
{
  g_return_val_if_fail (condition < TWIN_N_SAFE_CONDITIONS, NULL);

  return conditions[condition].name;
}

gboolean
twin_safe_condition_from_string (const char        *name,
                                 TwinSafeCondition *condition)
{
  for (guint i = 0; i < TWIN_N_SAFE_CONDITIONS; i++)
    if (g_strcmp0 (name, conditions[i].name) == 0)
      {
        *condition = i;
        return TRUE;
      }

  return FALSE;
}

const char *
twin_safe_condition_title (TwinSafeCondition condition)
{
  g_return_val_if_fail (condition < TWIN_N_SAFE_CONDITIONS, NULL);

  return _(conditions[condition].title);
}

/* "no trip within 10 min, 90 % sure", for the tooltips */
static char *
describe_condition (TwinSafeRanges *self)
{
  g_autofree char *horizon = twin_format_time_ahead (self->horizon);
  g_autofree char *what = NULL;

  switch (self->condition)
    {
    case TWIN_SAFE_NO_WARNING:
      what = g_strdup (_("no warning"));
      break;
    case TWIN_SAFE_NO_TRIP:
      what = g_strdup (_("no trip"));
      break;
    case TWIN_SAFE_RUL_ABOVE:
      what = g_strdup_printf (_("no trip and RUL above %g h"), self->rul_hours);
      break;
    default:
      g_assert_not_reached ();
    }

  return g_strdup_printf (_("%s within %s, %.0f %% sure"), what, horizon, TWIN_SAFE_CONFIDENCE * 100);
}

/**
 * twin_safe_ranges_fill_spec:
 *
 * The advice asked for @vary under the chosen condition.
 */
void
twin_safe_ranges_fill_spec (TwinSafeRanges *self,
                            TwinInput       vary,
                            TwinAdviseSpec *spec)
{
  g_return_if_fail (TWIN_IS_SAFE_RANGES (self));

  twin_advise_spec_init (spec);
  spec->vary = vary;
  spec->avoid = conditions[self->condition].avoid;
  spec->rul_hours_min = self->condition == TWIN_SAFE_RUL_ABOVE ? self->rul_hours : 0;
  spec->confidence = TWIN_SAFE_CONFIDENCE;
  spec->horizon = self->horizon;
}

static void request_slider (TwinSafeRanges *self,
                            Slider         *slider);

/* Held weakly: once the ranges are gone, so is the answer. */
typedef struct
{
  GWeakRef        self;
  guint           slider;
} Request;

static void
advised_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autofree Request *request = user_data;
  g_autoptr(TwinSafeRanges) self = g_weak_ref_get (&request->self);
  g_autoptr(GError) error = NULL;
  g_autofree TwinAdvice *advice = NULL;
  Slider *slider;

  g_weak_ref_clear (&request->self);
  advice = twin_forecaster_advise_finish (TWIN_FORECASTER (source), result, &error);
  if (self == NULL || self->disposed)
    return;
  slider = &self->sliders[request->slider];

  slider->in_flight = FALSE;
  if (advice != NULL && slider->scale != NULL && !self->hidden)
    {
      g_autofree char *condition = describe_condition (self);

      twin_safe_scale_set_advice (slider->scale, advice, condition);
      self->n_answers++;
    }
  else if (advice == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("No safe ranges for %s: %s", twin_inputs[slider->input].name, error->message);

  if (slider->again)
    request_slider (self, slider);
}

static void
request_slider (TwinSafeRanges *self,
                Slider         *slider)
{
  g_autoptr(GError) error = NULL;
  TwinAdviseSpec spec;
  TwinSim start;
  Request *request;

  if (slider->in_flight)
    {
      slider->again = TRUE;
      return;
    }

  twin_engine_get_sim (self->engine, &start);
  if (self->has_branch)
    {
      TwinCommand others = self->branch;

      /* The other inputs as in the branch; the one varied is the scale's. */
      others.fields &= ~(slider->input == TWIN_INPUT_AMBIENT ? TWIN_COMMAND_AMBIENT
                                                              : TWIN_COMMAND_RPM_SETPOINT);
      if (!twin_sim_apply (&start, &others, &error))
        g_debug ("The branch does not apply: %s", error->message);
    }

  twin_safe_ranges_fill_spec (self, slider->input, &spec);
  slider->in_flight = TRUE;
  slider->again = FALSE;
  request = g_new0 (Request, 1);
  g_weak_ref_init (&request->self, self);
  request->slider = slider - self->sliders;
  twin_forecaster_advise (self->forecaster, slider->purpose, &start, &spec, advised_cb, request);
}

static gboolean
refresh_cb (gpointer data)
{
  TwinSafeRanges *self = data;

  if (twin_engine_get_steps (self->engine) != self->asked_steps)
    twin_safe_ranges_request (self);

  return G_SOURCE_CONTINUE;
}

static void
command_applied_cb (TwinSafeRanges    *self,
                    const TwinCommand *command,
                    TwinEngine        *engine)
{
  twin_safe_ranges_request (self);
}

static void
twin_safe_ranges_dispose (GObject *object)
{
  TwinSafeRanges *self = TWIN_SAFE_RANGES (object);

  self->disposed = TRUE;
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_handle_id (&self->branch_timeout_id, g_source_remove);
  for (guint i = 0; i < G_N_ELEMENTS (self->sliders); i++)
    if (self->sliders[i].in_flight && self->forecaster != NULL)
      twin_forecaster_cancel (self->forecaster, self->sliders[i].purpose);
  g_clear_object (&self->engine);
  g_clear_object (&self->forecaster);
  for (guint i = 0; i < G_N_ELEMENTS (self->sliders); i++)
    g_clear_weak_pointer (&self->sliders[i].scale);

  G_OBJECT_CLASS (twin_safe_ranges_parent_class)->dispose (object);
}

static void
twin_safe_ranges_class_init (TwinSafeRangesClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = twin_safe_ranges_dispose;
}

static void
twin_safe_ranges_init (TwinSafeRanges *self)
{
  self->condition = TWIN_SAFE_NO_TRIP;
  self->rul_hours = 1000;
  self->horizon = TWIN_FORECAST_HORIZON_DEFAULT;
}

/**
 * twin_safe_ranges_new:
 *
 * Starts asking for the safe ranges of @ambient's and @rpm_setpoint's
 * inputs on @engine, at once and then every 2 s while the engine moves,
 * and after every command; stops when disposed.
 */
TwinSafeRanges *
twin_safe_ranges_new (TwinEngine     *engine,
                      TwinForecaster *forecaster,
                      TwinSafeScale  *ambient,
                      TwinSafeScale  *rpm_setpoint)
{
  TwinSafeRanges *self;

  g_return_val_if_fail (TWIN_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (TWIN_IS_FORECASTER (forecaster), NULL);
  g_return_val_if_fail (TWIN_IS_SAFE_SCALE (ambient), NULL);
  g_return_val_if_fail (TWIN_IS_SAFE_SCALE (rpm_setpoint), NULL);

  self = g_object_new (TWIN_TYPE_SAFE_RANGES, NULL);
  self->engine = g_object_ref (engine);
  self->forecaster = g_object_ref (forecaster);
  self->sliders[0] = (Slider) { TWIN_INPUT_AMBIENT, NULL, "safe-ambient" };
  self->sliders[1] = (Slider) { TWIN_INPUT_RPM_SETPOINT, NULL, "safe-rpm-setpoint" };
  g_set_weak_pointer (&self->sliders[0].scale, ambient);
  g_set_weak_pointer (&self->sliders[1].scale, rpm_setpoint);
  twin_safe_scale_set_input (ambient, TWIN_INPUT_AMBIENT);
  twin_safe_scale_set_input (rpm_setpoint, TWIN_INPUT_RPM_SETPOINT);

  g_signal_connect_object (engine, "command-applied", G_CALLBACK (command_applied_cb),
                           self, G_CONNECT_SWAPPED);
  self->timeout_id = g_timeout_add (REFRESH_INTERVAL_MS, refresh_cb, self);
  twin_safe_ranges_request (self);

  return self;
}

/**
 * twin_safe_ranges_set_condition:
 * @rul_hours: for %TWIN_SAFE_RUL_ABOVE, the RUL at the horizon to keep
 */
void
twin_safe_ranges_set_condition (TwinSafeRanges    *self,
                                TwinSafeCondition  condition,
                                double             rul_hours)
{
  g_return_if_fail (TWIN_IS_SAFE_RANGES (self));
  g_return_if_fail (condition < TWIN_N_SAFE_CONDITIONS);
  g_return_if_fail (isfinite (rul_hours) && rul_hours > 0);

  if (self->condition == condition && self->rul_hours == rul_hours)
    return;

  self->condition = condition;
  self->rul_hours = rul_hours;
  twin_safe_ranges_request (self);
}

void
twin_safe_ranges_set_horizon (TwinSafeRanges *self,
                              double          horizon)
{
  g_return_if_fail (TWIN_IS_SAFE_RANGES (self));
  g_return_if_fail (twin_forecast_validate_horizon (horizon, NULL));

  if (self->horizon == horizon)
    return;

  self->horizon = horizon;
  twin_safe_ranges_request (self);
}

static gboolean
same_branch (const TwinCommand *a,
             const TwinCommand *b)
{
  return a->fields == b->fields
         && (!(a->fields & TWIN_COMMAND_AMBIENT) || a->ambient == b->ambient)
         && (!(a->fields & TWIN_COMMAND_RPM_SETPOINT) || a->rpm_setpoint == b->rpm_setpoint)
         && (!(a->fields & TWIN_COMMAND_COOLING_DEGRADED) || a->cooling_degraded == b->cooling_degraded)
         && (!(a->fields & TWIN_COMMAND_BEARING_DEFECT) || a->bearing_defect == b->bearing_defect);
}

static gboolean
branch_quiet_cb (gpointer data)
{
  TwinSafeRanges *self = data;

  self->branch_timeout_id = 0;
  twin_safe_ranges_request (self);

  return G_SOURCE_REMOVE;
}

/**
 * twin_safe_ranges_set_branch:
 * @branch: (nullable): the what-if branch whose other inputs hold while
 *   one is varied; %NULL for the live inputs
 *
 * Asks again once the branch has stayed as it is for a moment.
 */
void
twin_safe_ranges_set_branch (TwinSafeRanges    *self,
                             const TwinCommand *branch)
{
  g_return_if_fail (TWIN_IS_SAFE_RANGES (self));

  if (self->has_branch == (branch != NULL) && (branch == NULL || same_branch (&self->branch, branch)))
    return;

  self->has_branch = branch != NULL;
  if (branch != NULL)
    self->branch = *branch;
  g_clear_handle_id (&self->branch_timeout_id, g_source_remove);
  self->branch_timeout_id = g_timeout_add (BRANCH_QUIET_MS, branch_quiet_cb, self);
}

/* Asks for both sliders' ranges now, or as soon as their last answer is in. */
void
twin_safe_ranges_request (TwinSafeRanges *self)
{
  g_return_if_fail (TWIN_IS_SAFE_RANGES (self));

  if (self->hidden)
    return;
  self->asked_steps = twin_engine_get_steps (self->engine);
  for (guint i = 0; i < G_N_ELEMENTS (self->sliders); i++)
    if (self->sliders[i].scale != NULL)
      request_slider (self, &self->sliders[i]);
}

/**
 * twin_safe_ranges_set_hidden:
 *
 * Hidden, the scales shade nothing and no range is asked for (the trainee
 * view); shown again, they are asked for at once.
 */
void
twin_safe_ranges_set_hidden (TwinSafeRanges *self,
                             gboolean        hidden)
{
  g_return_if_fail (TWIN_IS_SAFE_RANGES (self));

  if (self->hidden == !!hidden)
    return;
  self->hidden = !!hidden;
  for (guint i = 0; i < G_N_ELEMENTS (self->sliders); i++)
    if (self->sliders[i].scale != NULL && hidden)
      twin_safe_scale_set_advice (self->sliders[i].scale, NULL, NULL);
  if (!hidden)
    twin_safe_ranges_request (self);
}

/* How many answers were shaded on the scales so far. */
guint
twin_safe_ranges_get_n_answers (TwinSafeRanges *self)
{
  g_return_val_if_fail (TWIN_IS_SAFE_RANGES (self), 0);

  return self->n_answers;
}
