/* twin-readouts.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The value cards of the sidebar: temperature, vibration, speed, the
 * vibration zone in its colour, wear, remaining useful life, and whether
 * the protection has tripped, with Reset Trip while it has.
 */

#define G_LOG_DOMAIN "twin-readouts"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "twin-fields.h"
#include "twin-format.h"
#include "twin-readouts-private.h"

G_DEFINE_FINAL_TYPE (TwinReadouts, twin_readouts, ADW_TYPE_PREFERENCES_GROUP)

static const char * const zone_classes[] = { "zone-a", "zone-b", "zone-c", "zone-d" };
static const char * const zone_names[] = {
  N_("Zone A, good"), N_("Zone B, acceptable"), N_("Zone C, unsatisfactory"), N_("Zone D, unacceptable"),
};
static const char * const trip_classes[] = { NULL, "tripped" };
static const char * const level_classes[] = { NULL, "warning", "error" };

/* 0 none, 1 warning, 2 trip: the alarm's colour a readout takes. */
static guint
alarm_level (guint     alarms,
             TwinAlarm warning,
             TwinAlarm trip)
{
  return (alarms & trip) ? 2 : (alarms & warning) ? 1 : 0;
}

static char *
format_wear (double wear)
{
  /* A new machine's first wear shows, rather than 0.00 %. */
  if (wear * 100 < 0.01 && wear > 0)
    return g_strdup_printf ("%.4f %%", wear * 100);
  return g_strdup_printf ("%.2f %%", wear * 100);
}

static char *
format_rul (double hours)
{
  g_autofree char *number = NULL;

  if (hours >= TWIN_RUL_HOURS_MAX)
    return g_strdup ("> 1\u2009000\u2009000 h");

  number = twin_format_grouped (hours, hours < 10 ? 1 : 0);
  return g_strdup_printf ("%s h", number);
}

static void
twin_readouts_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), TWIN_TYPE_READOUTS);

  G_OBJECT_CLASS (twin_readouts_parent_class)->dispose (object);
}

static void
twin_readouts_class_init (TwinReadoutsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = twin_readouts_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/twinscope/Twinscope/twin-readouts.ui");
  gtk_widget_class_bind_template_child (widget_class, TwinReadouts, temperature_value);
  gtk_widget_class_bind_template_child (widget_class, TwinReadouts, vibration_value);
  gtk_widget_class_bind_template_child (widget_class, TwinReadouts, rpm_value);
  gtk_widget_class_bind_template_child (widget_class, TwinReadouts, zone_badge);
  gtk_widget_class_bind_template_child (widget_class, TwinReadouts, wear_value);
  gtk_widget_class_bind_template_child (widget_class, TwinReadouts, rul_value);
  gtk_widget_class_bind_template_child (widget_class, TwinReadouts, trip_value);
  gtk_widget_class_bind_template_child (widget_class, TwinReadouts, reset_trip_button);
  gtk_widget_class_bind_template_child (widget_class, TwinReadouts, ahead_value);
}

static void
twin_readouts_init (TwinReadouts *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->forecast_rul = self->forecast_rul_p10 = self->forecast_rul_p90 = NAN;
}

/**
 * twin_readouts_update:
 *
 * Shows the values of @snapshot, always with their units.
 */
void
twin_readouts_update (TwinReadouts       *self,
                      const TwinSnapshot *snapshot)
{
  g_autofree char *temperature = NULL;
  g_autofree char *vibration = NULL;
  g_autofree char *rpm_number = NULL;
  g_autofree char *rpm = NULL;
  g_autofree char *wear = NULL;
  g_autofree char *rul = NULL;
  g_autofree char *rul_tip = NULL;
  char zone[2] = { 0 };
  const TwinModel *model;

  g_return_if_fail (TWIN_IS_READOUTS (self));
  g_return_if_fail (snapshot != NULL);
  g_return_if_fail ((guint) snapshot->zone < G_N_ELEMENTS (zone_classes));

  temperature = g_strdup_printf ("%.*f %s", twin_channels[TWIN_CHANNEL_TEMPERATURE].digits, snapshot->temperature,
                                 twin_channels[TWIN_CHANNEL_TEMPERATURE].unit);
  vibration = g_strdup_printf ("%.*f %s", twin_channels[TWIN_CHANNEL_VIBRATION].digits, snapshot->vibration,
                               twin_channels[TWIN_CHANNEL_VIBRATION].unit);
  rpm_number = twin_format_grouped (snapshot->rpm, twin_channels[TWIN_CHANNEL_RPM].digits);
  rpm = g_strdup_printf ("%s %s", rpm_number, _(twin_channels[TWIN_CHANNEL_RPM].unit));
  model = twin_model_lookup (snapshot->model);
  if (model == NULL || (model->features & TWIN_MODEL_FEATURE_WEAR))
    {
      g_autofree char *now = format_rul (snapshot->rul_hours);

      wear = format_wear (snapshot->wear);
      /* DESIGN.md: where a forecast exists, its RUL is the one shown. */
      if (isfinite (self->forecast_rul) && !self->forecast_hidden)
        {
          g_autofree char *lo = format_rul (self->forecast_rul_p10);
          g_autofree char *hi = format_rul (self->forecast_rul_p90);

          rul = format_rul (self->forecast_rul);
          rul_tip = isfinite (self->forecast_rul_p10) && isfinite (self->forecast_rul_p90)
            ? g_strdup_printf (_("At the end of the course ahead; P10–P90 %s to %s. From the recent wear rate now: %s"),
                               lo, hi, now)
            : g_strdup_printf (_("At the end of the course ahead. From the recent wear rate now: %s"), now);
        }
      else
        rul = g_steal_pointer (&now);
    }
  else
    {
      wear = g_strdup (_("not modelled"));
      rul = g_strdup (_("not modelled"));
    }

  gtk_label_set_label (self->temperature_value, temperature);
  gtk_label_set_label (self->vibration_value, vibration);
  gtk_label_set_label (self->rpm_value, rpm);
  gtk_label_set_label (self->wear_value, wear);
  gtk_label_set_label (self->rul_value, rul);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->rul_value), rul_tip);

  zone[0] = twin_zone_letter (snapshot->zone);
  gtk_label_set_label (self->zone_badge, zone);
  twin_format_set_class (GTK_WIDGET (self->zone_badge), zone_classes, G_N_ELEMENTS (zone_classes),
                         snapshot->zone);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->zone_badge), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _(zone_names[snapshot->zone]), -1);

  twin_format_set_class (GTK_WIDGET (self->temperature_value), level_classes, G_N_ELEMENTS (level_classes),
                         alarm_level (snapshot->alarms, TWIN_ALARM_TEMP_WARNING, TWIN_ALARM_TEMP_TRIP));
  twin_format_set_class (GTK_WIDGET (self->vibration_value), level_classes, G_N_ELEMENTS (level_classes),
                         alarm_level (snapshot->alarms, TWIN_ALARM_VIB_ZONE_C, TWIN_ALARM_VIB_ZONE_D));
  twin_format_set_class (GTK_WIDGET (self->trip_value), level_classes, G_N_ELEMENTS (level_classes),
                         snapshot->tripped ? 2 : 0);

  gtk_label_set_label (self->trip_value, snapshot->tripped ? _("Tripped") : _("Running"));
  twin_format_set_class (GTK_WIDGET (self->trip_value), trip_classes, G_N_ELEMENTS (trip_classes),
                         snapshot->tripped ? 1 : 0);
  gtk_widget_set_visible (GTK_WIDGET (self->reset_trip_button), snapshot->tripped);
}

/**
 * twin_readouts_set_forecast_rul:
 * @hours: the course's RUL at its horizon, or NAN for none
 * @p10: (nullable-ish): the ensemble's, or NAN
 *
 * The RUL the readout shows from the next update on.
 */
void
twin_readouts_set_forecast_rul (TwinReadouts *self,
                                double        hours,
                                double        p10,
                                double        p90)
{
  g_return_if_fail (TWIN_IS_READOUTS (self));

  self->forecast_rul = hours;
  self->forecast_rul_p10 = p10;
  self->forecast_rul_p90 = p90;
}

/**
 * twin_readouts_set_forecast_hidden:
 *
 * Hidden (the trainee view), neither the Ahead readout nor the forecast's
 * RUL shows: the RUL is the model's own, from the recent wear rate.
 */
void
twin_readouts_set_forecast_hidden (TwinReadouts *self,
                                   gboolean      hidden)
{
  g_return_if_fail (TWIN_IS_READOUTS (self));

  self->forecast_hidden = !!hidden;
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->ahead_value)), !hidden);
}

/**
 * twin_readouts_set_ahead:
 * @text: what the course ahead holds, such as "Warning in 3 min 12 s"
 * @runs: (nullable): what its ensemble adds, such as "9 of 64 runs trip
 *   within 10 min", on a second, smaller line
 */
void
twin_readouts_set_ahead (TwinReadouts *self,
                         const char   *text,
                         const char   *runs)
{
  g_return_if_fail (TWIN_IS_READOUTS (self));
  g_return_if_fail (text != NULL);

  g_autofree char *markup = NULL;
  g_autofree char *main_text = g_markup_escape_text (text, -1);

  /* What the spread adds shows too, or the band that falls where the
   * course does not would contradict the words. */
  if (runs != NULL)
    {
      g_autofree char *runs_text = g_markup_escape_text (runs, -1);

      markup = g_strdup_printf ("%s\n<span size=\"small\" weight=\"normal\">%s</span>", main_text, runs_text);
    }
  gtk_label_set_markup (self->ahead_value, markup != NULL ? markup : main_text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->ahead_value), runs);
}
