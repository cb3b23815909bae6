/* twin-shadow-group.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Shadow group of the sidebar: the machine's last reading, its
 * residuals against the twin, whether readings still come, and Sync.
 */

#define G_LOG_DOMAIN "twin-shadow-group"

#include "config.h"

#include <glib/gi18n.h>

#include <math.h>

#include "twin-fields.h"
#include "twin-format.h"
#include "twin-shadow-group-private.h"

G_DEFINE_FINAL_TYPE (TwinShadowGroup, twin_shadow_group, ADW_TYPE_PREFERENCES_GROUP)

typedef enum
{
  STATE_NONE,
  STATE_LIVE,
  STATE_STALE,
  N_STATES
} State;

static const char * const state_classes[N_STATES] = { "none", "live", "stale" };
static const char * const state_labels[N_STATES] = { N_("No readings"), N_("Live"), N_("Stale") };
static const char * const state_names[N_STATES] = {
  N_("No readings from the machine yet"),
  N_("Readings live"),
  N_("Readings stale: none arrived lately"),
};

/* A residual always has its sign: "+1.3 °C", "−0.05 mm/s", "±0 rpm". */
static char *
format_residual (double      value,
                 int         digits,
                 const char *unit)
{
  g_autofree char *number = twin_format_grouped (value, digits);
  double rounded = round (value * pow (10, digits));

  return g_strdup_printf ("%s%s %s", rounded > 0 ? "+" : rounded == 0 ? "±" : "", number, unit);
}

static void
set_row (GtkLabel    *value_label,
         GtkLabel    *residual_label,
         TwinChannel  channel,
         double       measured,
         double       residual)
{
  const TwinField *f = &twin_channels[channel];
  g_autofree char *name = g_utf8_strdown (_(f->title), -1);
  int digits = f->digits;
  const char *unit = f->unit;
  g_autofree char *number = twin_format_grouped (measured, digits);
  g_autofree char *value = g_strdup_printf ("%s %s", number, unit);
  g_autofree char *delta = format_residual (residual, digits, unit);
  g_autofree char *value_a11y = g_strdup_printf (_("Measured %s %s"), name, value);
  g_autofree char *delta_a11y = g_strdup_printf (_("%s residual, measured minus simulated, %s"), name, delta);

  gtk_label_set_label (value_label, value);
  gtk_label_set_label (residual_label, delta);
  gtk_accessible_update_property (GTK_ACCESSIBLE (value_label), GTK_ACCESSIBLE_PROPERTY_LABEL, value_a11y, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (residual_label), GTK_ACCESSIBLE_PROPERTY_LABEL, delta_a11y, -1);
}

static void
twin_shadow_group_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), TWIN_TYPE_SHADOW_GROUP);

  G_OBJECT_CLASS (twin_shadow_group_parent_class)->dispose (object);
}

static void
twin_shadow_group_class_init (TwinShadowGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = twin_shadow_group_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/twinscope/Twinscope/twin-shadow-group.ui");
  gtk_widget_class_bind_template_child (widget_class, TwinShadowGroup, grid);
  gtk_widget_class_bind_template_child (widget_class, TwinShadowGroup, temperature_value);
  gtk_widget_class_bind_template_child (widget_class, TwinShadowGroup, temperature_residual);
  gtk_widget_class_bind_template_child (widget_class, TwinShadowGroup, vibration_value);
  gtk_widget_class_bind_template_child (widget_class, TwinShadowGroup, vibration_residual);
  gtk_widget_class_bind_template_child (widget_class, TwinShadowGroup, rpm_value);
  gtk_widget_class_bind_template_child (widget_class, TwinShadowGroup, rpm_residual);
  gtk_widget_class_bind_template_child (widget_class, TwinShadowGroup, state);
  gtk_widget_class_bind_template_child (widget_class, TwinShadowGroup, detail);
  gtk_widget_class_bind_template_child (widget_class, TwinShadowGroup, sync_button);
}

static void
twin_shadow_group_init (TwinShadowGroup *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * twin_shadow_group_update:
 *
 * Shows the last reading of @shadow with its residuals, whether readings
 * still come, and how many were accepted and rejected.
 */
void
twin_shadow_group_update (TwinShadowGroup *self,
                          TwinShadow      *shadow)
{
  TwinMeasurement m;
  gboolean have;
  State state;
  guint64 rejected;
  const char *last_error;
  g_autofree char *detail = NULL;
  g_autofree char *tooltip = NULL;

  g_return_if_fail (TWIN_IS_SHADOW_GROUP (self));
  g_return_if_fail (TWIN_IS_SHADOW (shadow));

  have = twin_shadow_get_last (shadow, &m);
  state = !have ? STATE_NONE : twin_shadow_get_stale (shadow) ? STATE_STALE : STATE_LIVE;
  rejected = twin_shadow_get_rejected (shadow);
  last_error = twin_shadow_get_last_error (shadow);

  gtk_widget_set_visible (GTK_WIDGET (self->grid), have);
  if (have)
    {
      set_row (self->temperature_value, self->temperature_residual,
               TWIN_CHANNEL_TEMPERATURE, m.reading.temperature, m.residual_temperature);
      set_row (self->vibration_value, self->vibration_residual,
               TWIN_CHANNEL_VIBRATION, m.reading.vibration, m.residual_vibration);
      set_row (self->rpm_value, self->rpm_residual,
               TWIN_CHANNEL_RPM, m.reading.rpm, m.residual_rpm);
    }

  gtk_label_set_label (self->state, _(state_labels[state]));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->state), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _(state_names[state]), -1);
  twin_format_set_class (GTK_WIDGET (self->state), state_classes, N_STATES, state);

  if (!have && rejected == 0)
    detail = g_strdup (_("Waiting for the machine’s readings"));
  else
    detail = g_strdup_printf (_("%llu accepted · %llu rejected"),
                              (unsigned long long) twin_shadow_get_count (shadow), (unsigned long long) rejected);
  if (last_error != NULL)
    tooltip = g_strdup_printf (_("Last rejected: %s"), last_error);
  gtk_label_set_label (self->detail, detail);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->detail), tooltip);
}
