/* twin-shadow.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shadow mode: readings from the physical machine kept beside the
 * simulation, with the residual (measured − simulated) of each quantity.
 */

#define G_LOG_DOMAIN "twin-shadow"

#include "config.h"

#include <math.h>

#include "twin-command.h"
#include "twin-model.h"
#include "twin-shadow-private.h"

struct _TwinShadow
{
  GObject          parent_instance;

  TwinMeasurement *ring;
  guint            head;         /* index of the oldest point */
  guint            len;

  guint64          count;
  guint64          rejected;
  char            *last_error;
  gboolean         stale;
  double           stale_after;
  guint            stale_id;
};

G_DEFINE_FINAL_TYPE (TwinShadow, twin_shadow, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_COUNT,
  PROP_REJECTED,
  PROP_LAST_ERROR,
  PROP_STALE,
  PROP_HAS_MEASUREMENT,
  PROP_MEASURED_TEMPERATURE,
  PROP_MEASURED_VIBRATION,
  PROP_MEASURED_RPM,
  PROP_RESIDUAL_TEMPERATURE,
  PROP_RESIDUAL_VIBRATION,
  PROP_RESIDUAL_RPM,
  N_PROPS
};

enum {
  MEASURED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const TwinMeasurement *
last_point (TwinShadow *self)
{
  if (self->len == 0)
    return NULL;
  return &self->ring[(self->head + self->len - 1) % TWIN_SHADOW_CAPACITY];
}

static void
set_stale (TwinShadow *self,
           gboolean    stale)
{
  if (self->stale == stale)
    return;
  self->stale = stale;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STALE]);
}

static gboolean
stale_cb (gpointer data)
{
  TwinShadow *self = data;

  self->stale_id = 0;
  set_stale (self, TRUE);
  return G_SOURCE_REMOVE;
}

static void
twin_shadow_finalize (GObject *object)
{
  TwinShadow *self = (TwinShadow *)object;

  g_clear_handle_id (&self->stale_id, g_source_remove);
  g_clear_pointer (&self->ring, g_free);
  g_clear_pointer (&self->last_error, g_free);

  G_OBJECT_CLASS (twin_shadow_parent_class)->finalize (object);
}

static void
twin_shadow_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  TwinShadow *self = TWIN_SHADOW (object);
  const TwinMeasurement *last = last_point (self);

  switch (prop_id)
    {
    case PROP_COUNT:
      g_value_set_uint64 (value, self->count);
      break;

    case PROP_REJECTED:
      g_value_set_uint64 (value, self->rejected);
      break;

    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;

    case PROP_STALE:
      g_value_set_boolean (value, self->stale);
      break;

    case PROP_HAS_MEASUREMENT:
      g_value_set_boolean (value, last != NULL);
      break;

    case PROP_MEASURED_TEMPERATURE:
      g_value_set_double (value, last ? last->reading.temperature : 0);
      break;

    case PROP_MEASURED_VIBRATION:
      g_value_set_double (value, last ? last->reading.vibration : 0);
      break;

    case PROP_MEASURED_RPM:
      g_value_set_double (value, last ? last->reading.rpm : 0);
      break;

    case PROP_RESIDUAL_TEMPERATURE:
      g_value_set_double (value, last ? last->residual_temperature : 0);
      break;

    case PROP_RESIDUAL_VIBRATION:
      g_value_set_double (value, last ? last->residual_vibration : 0);
      break;

    case PROP_RESIDUAL_RPM:
      g_value_set_double (value, last ? last->residual_rpm : 0);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
twin_shadow_class_init (TwinShadowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = twin_shadow_finalize;
  object_class->get_property = twin_shadow_get_property;

  properties[PROP_COUNT] =
    g_param_spec_uint64 ("count", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_REJECTED] =
    g_param_spec_uint64 ("rejected", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL, NULL, ro);
  properties[PROP_STALE] =
    g_param_spec_boolean ("stale", NULL, NULL, FALSE, ro);
  properties[PROP_HAS_MEASUREMENT] =
    g_param_spec_boolean ("has-measurement", NULL, NULL, FALSE, ro);
  properties[PROP_MEASURED_TEMPERATURE] =
    g_param_spec_double ("measured-temperature", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0, ro);
  properties[PROP_MEASURED_VIBRATION] =
    g_param_spec_double ("measured-vibration", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0, ro);
  properties[PROP_MEASURED_RPM] =
    g_param_spec_double ("measured-rpm", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0, ro);
  properties[PROP_RESIDUAL_TEMPERATURE] =
    g_param_spec_double ("residual-temperature", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0, ro);
  properties[PROP_RESIDUAL_VIBRATION] =
    g_param_spec_double ("residual-vibration", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0, ro);
  properties[PROP_RESIDUAL_RPM] =
    g_param_spec_double ("residual-rpm", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TwinShadow::measured:
   * @measurement: (type gpointer): a #TwinMeasurement, valid during the emission
   *
   * A reading was accepted.
   */
  signals[MEASURED] =
    g_signal_new ("measured", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
twin_shadow_init (TwinShadow *self)
{
  self->ring = g_new0 (TwinMeasurement, TWIN_SHADOW_CAPACITY);
  self->stale_after = TWIN_SHADOW_STALE_AFTER;
}

/**
 * twin_reading_validate:
 *
 * Every value finite and within the physical bounds the model clamps to.
 */
gboolean
twin_reading_validate (const TwinReading  *reading,
                       GError            **error)
{
  g_return_val_if_fail (reading != NULL, FALSE);

  return twin_validate_field (&twin_channels[TWIN_CHANNEL_TEMPERATURE], reading->temperature, error) &&
         twin_validate_field (&twin_channels[TWIN_CHANNEL_VIBRATION], reading->vibration, error) &&
         twin_validate_field (&twin_channels[TWIN_CHANNEL_RPM], reading->rpm, error) &&
         twin_validate_number ("timestamp", reading->timestamp, 0, TWIN_TIMESTAMP_MAX, "s", error);
}

TwinShadow *
twin_shadow_new (void)
{
  return g_object_new (TWIN_TYPE_SHADOW, NULL);
}

/**
 * _twin_shadow_add:
 * @simulated: what the twin simulated when the reading arrived
 *
 * Validates @reading and keeps it with its residuals; a bad reading is
 * counted as rejected and changes nothing else.
 */
gboolean
_twin_shadow_add (TwinShadow          *self,
                 const TwinReading   *reading,
                 const TwinSnapshot  *simulated,
                 GError             **error)
{
  g_autoptr(GError) local = NULL;
  TwinMeasurement *m;

  g_return_val_if_fail (TWIN_IS_SHADOW (self), FALSE);
  g_return_val_if_fail (reading != NULL, FALSE);
  g_return_val_if_fail (simulated != NULL, FALSE);

  if (!twin_reading_validate (reading, &local))
    {
      _twin_shadow_reject (self, local);
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }

  if (self->len == TWIN_SHADOW_CAPACITY)
    {
      self->head = (self->head + 1) % TWIN_SHADOW_CAPACITY;
      self->len--;
    }

  m = &self->ring[(self->head + self->len) % TWIN_SHADOW_CAPACITY];
  self->len++;
  m->reading = *reading;
  m->sim_time = simulated->timestamp;
  m->received = g_get_monotonic_time ();
  m->residual_temperature = reading->temperature - simulated->temperature;
  m->residual_vibration = reading->vibration - simulated->vibration;
  m->residual_rpm = reading->rpm - simulated->rpm;
  self->count++;

  g_clear_handle_id (&self->stale_id, g_source_remove);
  self->stale_id = g_timeout_add_full (G_PRIORITY_DEFAULT, (guint)(self->stale_after * 1000),
                                       stale_cb, self, NULL);

  g_object_freeze_notify (G_OBJECT (self));
  set_stale (self, FALSE);
  for (guint p = PROP_COUNT; p < N_PROPS; p++)
    if (p != PROP_REJECTED && p != PROP_LAST_ERROR && p != PROP_STALE)
      g_object_notify_by_pspec (G_OBJECT (self), properties[p]);
  g_object_thaw_notify (G_OBJECT (self));

  g_signal_emit (self, signals[MEASURED], 0, m);

  return TRUE;
}

/**
 * _twin_shadow_reject:
 *
 * Counts a reading that never made it (bad JSON, wrong type, out of range)
 * and remembers why.
 */
void
_twin_shadow_reject (TwinShadow   *self,
                    const GError *error)
{
  g_return_if_fail (TWIN_IS_SHADOW (self));
  g_return_if_fail (error != NULL);

  self->rejected++;
  g_free (self->last_error);
  self->last_error = g_strdup (error->message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REJECTED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
}

/**
 * twin_shadow_get_last:
 *
 * Returns: %TRUE and the last measurement, or %FALSE when there is none.
 */
gboolean
twin_shadow_get_last (TwinShadow      *self,
                      TwinMeasurement *measurement)
{
  const TwinMeasurement *last;

  g_return_val_if_fail (TWIN_IS_SHADOW (self), FALSE);

  last = last_point (self);
  if (last == NULL)
    return FALSE;
  if (measurement != NULL)
    *measurement = *last;
  return TRUE;
}

/**
 * twin_shadow_get_points:
 * @sim_from: simulated s, inclusive
 * @sim_to: simulated s, exclusive
 *
 * Returns: (transfer full) (element-type TwinMeasurement): the measured
 *   points that arrived while the twin's time was in [@sim_from, @sim_to),
 *   oldest first, to draw over the simulated lines.
 */
GArray *
twin_shadow_get_points (TwinShadow *self,
                        double      sim_from,
                        double      sim_to)
{
  GArray *points;

  g_return_val_if_fail (TWIN_IS_SHADOW (self), NULL);

  points = g_array_new (FALSE, FALSE, sizeof (TwinMeasurement));
  for (guint i = 0; i < self->len; i++)
    {
      const TwinMeasurement *m = &self->ring[(self->head + i) % TWIN_SHADOW_CAPACITY];

      if (m->sim_time >= sim_from && m->sim_time < sim_to)
        g_array_append_val (points, *m);
    }

  return points;
}

guint64
twin_shadow_get_count (TwinShadow *self)
{
  g_return_val_if_fail (TWIN_IS_SHADOW (self), 0);
  return self->count;
}

guint64
twin_shadow_get_rejected (TwinShadow *self)
{
  g_return_val_if_fail (TWIN_IS_SHADOW (self), 0);
  return self->rejected;
}

const char *
twin_shadow_get_last_error (TwinShadow *self)
{
  g_return_val_if_fail (TWIN_IS_SHADOW (self), NULL);
  return self->last_error;
}

/**
 * twin_shadow_get_stale:
 *
 * Returns: %TRUE when readings came and then stopped for longer than the
 *   stale time (5 s by default); %FALSE before the first one.
 */
gboolean
twin_shadow_get_stale (TwinShadow *self)
{
  g_return_val_if_fail (TWIN_IS_SHADOW (self), FALSE);
  return self->stale;
}

void
twin_shadow_set_stale_after (TwinShadow *self,
                             double      seconds)
{
  g_return_if_fail (TWIN_IS_SHADOW (self));
  g_return_if_fail (seconds > 0 && isfinite (seconds));

  self->stale_after = seconds;
}

/**
 * _twin_shadow_clear:
 *
 * Forgets the measured points (the simulation started over, so their
 * times no longer mean anything); the counters stay.
 */
void
_twin_shadow_clear (TwinShadow *self)
{
  g_return_if_fail (TWIN_IS_SHADOW (self));

  if (self->len == 0)
    return;

  self->head = 0;
  self->len = 0;
  g_clear_handle_id (&self->stale_id, g_source_remove);
  g_object_freeze_notify (G_OBJECT (self));
  set_stale (self, FALSE);
  for (guint p = PROP_HAS_MEASUREMENT; p < N_PROPS; p++)
    g_object_notify_by_pspec (G_OBJECT (self), properties[p]);
  g_object_thaw_notify (G_OBJECT (self));
}
