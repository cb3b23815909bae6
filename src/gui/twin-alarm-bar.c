/* twin-alarm-bar.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The bar under the header bar that lists every active alarm with its
 * value and threshold, why the machine tripped, and how long zone D has
 * left before it trips: outside the sidebar, so it shows whether the
 * sidebar is folded or not.
 */

#define G_LOG_DOMAIN "twin-alarm-bar"

#include "config.h"

#include <glib/gi18n.h>

#include "twin-alarm-bar.h"
#include "twin-fields.h"
#include "twin-format.h"

struct _TwinAlarmBar
{
  GtkWidget       parent_instance;

  GtkRevealer    *revealer;
  GtkWidget      *box;
  GtkImage       *icon;
  GtkLabel       *label;
  GtkWidget      *reset_trip_button;

  TwinAlarmLevel  level;
  guint           announced;   /* the TwinAlarm flags the accessible label speaks of */
};

G_DEFINE_FINAL_TYPE (TwinAlarmBar, twin_alarm_bar, GTK_TYPE_WIDGET)

static const char * const level_classes[] = { NULL, "warning", "error" };

static char *
format_value (TwinChannel channel,
              double      value)
{
  g_autofree char *number = twin_format_grouped (value, twin_channels[channel].digits);

  return g_strdup_printf ("%s %s", number, twin_channels[channel].unit);
}

/* A threshold as it was set: "85", "7.1", in the user's locale. */
static char *
format_limit (TwinChannel channel,
              double      value)
{
  return g_strdup_printf ("%g %s", value, twin_channels[channel].unit);
}

static char *
describe_trip (const TwinSim *sim)
{
  const double *params = sim->params;

  if (sim->state.trip_cause == TWIN_TRIP_CAUSE_TEMPERATURE)
    {
      g_autofree char *limit = format_limit (TWIN_CHANNEL_TEMPERATURE, params[TWIN_PARAM_TEMP_TRIP]);

      /* TRANSLATORS: why the protection stopped the machine; %s is "105 °C" */
      return g_strdup_printf (_("Tripped: temperature ≥ %s"), limit);
    }
  if (sim->state.trip_cause == TWIN_TRIP_CAUSE_VIBRATION)
    {
      g_autofree char *span = twin_format_time_ahead (params[TWIN_PARAM_ZONE_D_TRIP_TIME]);

      /* TRANSLATORS: %s is how long the vibration stayed in zone D, "10 s" */
      return g_strdup_printf (_("Tripped: vibration in zone D for %s"), span);
    }
  return g_strdup (_("Tripped"));
}

/**
 * twin_alarm_describe:
 * @level: (out) (optional): how grave the worst of them is
 *
 * Returns: (nullable): one line per active alarm of @sim, the trip first
 *   with its cause, each with its value and threshold; %NULL when none is
 */
char *
twin_alarm_describe (const TwinSim  *sim,
                     TwinAlarmLevel *level)
{
  const double *params;
  guint alarms;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  TwinAlarmLevel worst = TWIN_ALARM_LEVEL_NONE;
  double trips_in;

  g_return_val_if_fail (sim != NULL, NULL);

  params = sim->params;
  alarms = sim->alarms;

  if (sim->state.tripped)
    {
      g_ptr_array_add (lines, describe_trip (sim));
      worst = TWIN_ALARM_LEVEL_TRIP;
    }

  if (alarms & (TWIN_ALARM_TEMP_WARNING | TWIN_ALARM_TEMP_TRIP))
    {
      gboolean trip = (alarms & TWIN_ALARM_TEMP_TRIP) != 0;
      g_autofree char *value = format_value (TWIN_CHANNEL_TEMPERATURE, sim->state.temperature);
      g_autofree char *limit = format_limit (TWIN_CHANNEL_TEMPERATURE,
                                             params[trip ? TWIN_PARAM_TEMP_TRIP : TWIN_PARAM_TEMP_WARNING]);

      g_ptr_array_add (lines, trip ? g_strdup_printf (_("Temperature %s ≥ trip %s"), value, limit)
                                   : g_strdup_printf (_("Temperature %s ≥ warning %s"), value, limit));
      worst = MAX (worst, trip ? TWIN_ALARM_LEVEL_TRIP : TWIN_ALARM_LEVEL_WARNING);
    }

  if (alarms & (TWIN_ALARM_VIB_ZONE_C | TWIN_ALARM_VIB_ZONE_D))
    {
      gboolean d = (alarms & TWIN_ALARM_VIB_ZONE_D) != 0;
      g_autofree char *value = format_value (TWIN_CHANNEL_VIBRATION, sim->state.vibration);
      g_autofree char *limit = format_limit (TWIN_CHANNEL_VIBRATION,
                                             params[d ? TWIN_PARAM_ZONE_C_MAX : TWIN_PARAM_ZONE_B_MAX]);

      if (d && twin_model_trips_in (sim->model, sim->params, &sim->state, &trips_in))
        {
          g_autofree char *left = twin_format_time_ahead (trips_in);

          /* TRANSLATORS: "Vibration 7.8 mm/s ≥ 7.1 mm/s: zone D · trips in 6.2 s" */
          g_ptr_array_add (lines, g_strdup_printf (_("Vibration %s ≥ %s: zone D · trips in %s"),
                                                   value, limit, left));
        }
      else
        {
          g_ptr_array_add (lines, d ? g_strdup_printf (_("Vibration %s ≥ %s: zone D"), value, limit)
                                    : g_strdup_printf (_("Vibration %s ≥ %s: zone C"), value, limit));
        }
      worst = MAX (worst, d ? TWIN_ALARM_LEVEL_TRIP : TWIN_ALARM_LEVEL_WARNING);
    }

  if (level != NULL)
    *level = worst;
  if (lines->len == 0)
    return NULL;

  g_ptr_array_add (lines, NULL);
  return g_strjoinv ("\n", (char **) lines->pdata);
}

static void
twin_alarm_bar_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), TWIN_TYPE_ALARM_BAR);

  G_OBJECT_CLASS (twin_alarm_bar_parent_class)->dispose (object);
}

static void
twin_alarm_bar_class_init (TwinAlarmBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = twin_alarm_bar_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_ALERT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/twinscope/Twinscope/twin-alarm-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, TwinAlarmBar, revealer);
  gtk_widget_class_bind_template_child (widget_class, TwinAlarmBar, box);
  gtk_widget_class_bind_template_child (widget_class, TwinAlarmBar, icon);
  gtk_widget_class_bind_template_child (widget_class, TwinAlarmBar, label);
  gtk_widget_class_bind_template_child (widget_class, TwinAlarmBar, reset_trip_button);
}

static void
twin_alarm_bar_init (TwinAlarmBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * twin_alarm_bar_update:
 *
 * Shows the alarms of @sim, or hides the bar when there are none.
 */
void
twin_alarm_bar_update (TwinAlarmBar  *self,
                       const TwinSim *sim)
{
  g_autofree char *text = NULL;
  TwinAlarmLevel level;

  g_return_if_fail (TWIN_IS_ALARM_BAR (self));
  g_return_if_fail (sim != NULL);

  text = twin_alarm_describe (sim, &level);
  if (text != NULL && g_strcmp0 (text, gtk_label_get_label (self->label)) != 0)
    gtk_label_set_label (self->label, text);

  /* Screen readers hear of a new alarm, not of every tick of a value. */
  if (text != NULL && sim->alarms != self->announced)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
  self->announced = sim->alarms;

  if (level != self->level)
    {
      self->level = level;
      twin_format_set_class (self->box, level_classes, G_N_ELEMENTS (level_classes), level);
      gtk_image_set_from_icon_name (self->icon, level == TWIN_ALARM_LEVEL_TRIP ? "dialog-error-symbolic"
                                                                              : "dialog-warning-symbolic");
    }

  gtk_widget_set_visible (self->reset_trip_button, sim->state.tripped);
  gtk_revealer_set_reveal_child (self->revealer, text != NULL);
}

/* What the bar says, or says last before it hid. */
const char *
twin_alarm_bar_get_text (TwinAlarmBar *self)
{
  g_return_val_if_fail (TWIN_IS_ALARM_BAR (self), NULL);

  return gtk_label_get_label (self->label);
}

TwinAlarmLevel
twin_alarm_bar_get_level (TwinAlarmBar *self)
{
  g_return_val_if_fail (TWIN_IS_ALARM_BAR (self), TWIN_ALARM_LEVEL_NONE);

  return self->level;
}

gboolean
twin_alarm_bar_get_revealed (TwinAlarmBar *self)
{
  g_return_val_if_fail (TWIN_IS_ALARM_BAR (self), FALSE);

  return gtk_revealer_get_reveal_child (self->revealer);
}
