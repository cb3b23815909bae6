/* twin-safe-scale.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An input's slider with the values that keep the machine safe shaded on
 * its trough, and a tooltip that names the nearest safe value.
 */

#define G_LOG_DOMAIN "twin-safe-scale"

#include "config.h"

#include <glib/gi18n.h>

#include <math.h>

#include "twin-format.h"
#include "twin-safe-scale.h"

struct _TwinSafeScale
{
  GtkScale    parent_instance;

  TwinInput   input;
  gboolean    has_advice;
  TwinAdvice  advice;
  char       *condition;      /* "no trip within 10 min, 90 % sure" */
  GdkRGBA     safe_color;
};

G_DEFINE_FINAL_TYPE (TwinSafeScale, twin_safe_scale, GTK_TYPE_SCALE)

static GtkWidget *
find_child (GtkWidget  *parent,
            const char *css_name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (parent);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (g_str_equal (gtk_widget_get_css_name (child), css_name))
      return child;

  return NULL;
}

/* An interval named as the slider shows it: "up to" where it starts at
 * the slider's lower end, "from" where it runs to the upper one. */
static void
append_interval (GString            *text,
                 TwinInput           input,
                 const TwinInterval *interval,
                 double              travel_min,
                 double              travel_max,
                 double              resolution,
                 const char         *from_word)
{
  g_autofree char *low = twin_format_input (input, interval->low);
  g_autofree char *high = twin_format_input (input, interval->high);
  gboolean at_min = interval->low <= travel_min + resolution / 2;
  gboolean at_max = interval->high >= travel_max - resolution / 2;

  if (at_min && at_max)
    g_string_append (text, _("over the whole range"));
  else if (at_min)
    g_string_append_printf (text, _("up to %s"), high);
  else if (at_max)
    g_string_append_printf (text, _("from %s"), low);
  else
    g_string_append_printf (text, _("from %s to %s"), low, high);
}

/**
 * twin_safe_scale_describe:
 * @condition: (nullable): what safe means, such as "no trip within
 *   10 min, 90 % sure"
 *
 * Returns: where it is safe to go from @value: the interval it is in, or
 *   the safe intervals on either side and the nearest safe value
 */
char *
twin_safe_scale_describe (const TwinAdvice *advice,
                          double            value,
                          double            travel_min,
                          double            travel_max,
                          const char       *condition)
{
  GString *text = g_string_new (NULL);
  const TwinInterval *below = NULL;
  const TwinInterval *above = NULL;
  const TwinInterval *inside = NULL;

  g_return_val_if_fail (advice != NULL, NULL);

  for (guint i = 0; i < advice->n_intervals; i++)
    {
      const TwinInterval *interval = &advice->intervals[i];

      if (value >= interval->low && value <= interval->high)
        inside = interval;
      else if (interval->high < value)
        below = interval;
      else if (above == NULL)
        above = interval;
    }

  if (advice->n_intervals == 0)
    g_string_append (text, _("Nowhere safe on this slider"));
  else if (inside != NULL)
    {
      g_string_append (text, _("Safe here: "));
      append_interval (text, advice->vary, inside, travel_min, travel_max, advice->resolution, "from");
    }
  else
    {
      const TwinInterval *nearest;
      double nearest_value;
      g_autofree char *nearest_text = NULL;

      if (below != NULL)
        {
          g_string_append (text, _("Safe "));
          append_interval (text, advice->vary, below, travel_min, travel_max, advice->resolution, "from");
        }
      if (above != NULL)
        {
          g_string_append (text, below != NULL ? _("; safe again ") : _("Safe "));
          append_interval (text, advice->vary, above, travel_min, travel_max, advice->resolution, "from");
        }

      nearest = below == NULL || (above != NULL && above->low - value < value - below->high) ? above : below;
      nearest_value = nearest == below ? below->high : above->low;
      nearest_text = twin_format_input (advice->vary, nearest_value);
      g_string_append_printf (text, _(" · nearest safe value %s"), nearest_text);
    }

  if (condition != NULL)
    g_string_append_printf (text, "\n(%s)", condition);

  return g_string_free (text, FALSE);
}

static void
update_tooltip (TwinSafeScale *self)
{
  GtkAdjustment *adjustment = gtk_range_get_adjustment (GTK_RANGE (self));
  g_autofree char *text = NULL;

  if (self->has_advice)
    text = twin_safe_scale_describe (&self->advice,
                                     gtk_adjustment_get_value (adjustment),
                                     twin_inputs[self->input].slider_min,
                                     twin_inputs[self->input].slider_max,
                                     self->condition);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), text);
}

static void
value_changed_cb (GtkRange *range,
                  gpointer  user_data)
{
  update_tooltip (TWIN_SAFE_SCALE (range));
}

/**
 * twin_safe_scale_value_to_x:
 *
 * Returns: where the slider's centre is at @value, in the scale's own
 *   coordinates, as #GtkRange places it; -1 before the scale is allocated
 */
int
twin_safe_scale_value_to_x (TwinSafeScale *self,
                            double         value)
{
  GtkAdjustment *adjustment;
  GtkWidget *trough, *slider;
  graphene_rect_t bounds;
  int slider_width;
  double lower, upper, fraction;

  g_return_val_if_fail (TWIN_IS_SAFE_SCALE (self), -1);

  trough = find_child (GTK_WIDGET (self), "trough");
  slider = trough != NULL ? find_child (trough, "slider") : NULL;
  if (slider == NULL || !gtk_widget_compute_bounds (trough, GTK_WIDGET (self), &bounds))
    return -1;

  adjustment = gtk_range_get_adjustment (GTK_RANGE (self));
  lower = gtk_adjustment_get_lower (adjustment);
  upper = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);
  fraction = upper > lower ? CLAMP ((value - lower) / (upper - lower), 0, 1) : 0;
  gtk_widget_measure (slider, GTK_ORIENTATION_HORIZONTAL, -1, &slider_width, NULL, NULL, NULL);

  return (int)round (bounds.origin.x + slider_width / 2.0 + fraction * (bounds.size.width - slider_width));
}

/* The safe intervals as a band around the trough, drawn first, so that
 * the trough, its fill up to the value and the knob stay as they are
 * and the band shows above and below them. */
#define BAND_MARGIN 4

static void
twin_safe_scale_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  TwinSafeScale *self = TWIN_SAFE_SCALE (widget);
  GtkWidget *trough = find_child (widget, "trough");
  graphene_rect_t bounds;

  if (self->has_advice && trough != NULL && gtk_widget_compute_bounds (trough, widget, &bounds))
    for (guint i = 0; i < self->advice.n_intervals; i++)
      {
        const TwinInterval *interval = &self->advice.intervals[i];
        double x0 = twin_safe_scale_value_to_x (self, interval->low);
        double x1 = twin_safe_scale_value_to_x (self, interval->high);
        double height = bounds.size.height + 2 * BAND_MARGIN;
        GskRoundedRect band;

        /* An interval that reaches an end of the travel covers the trough's end. */
        if (interval->low <= twin_inputs[self->input].slider_min)
          x0 = bounds.origin.x - BAND_MARGIN;
        if (interval->high >= twin_inputs[self->input].slider_max)
          x1 = bounds.origin.x + bounds.size.width + BAND_MARGIN;
        gsk_rounded_rect_init_from_rect (&band,
                                         &GRAPHENE_RECT_INIT (x0, bounds.origin.y - BAND_MARGIN,
                                                              MAX (x1 - x0, 2), height),
                                         MIN (height, x1 - x0) / 2);
        gtk_snapshot_push_rounded_clip (snapshot, &band);
        gtk_snapshot_append_color (snapshot, &self->safe_color, &band.bounds);
        gtk_snapshot_pop (snapshot);
      }

  GTK_WIDGET_CLASS (twin_safe_scale_parent_class)->snapshot (widget, snapshot);
}

static void
twin_safe_scale_css_changed (GtkWidget         *widget,
                             GtkCssStyleChange *change)
{
  TwinSafeScale *self = TWIN_SAFE_SCALE (widget);

  GTK_WIDGET_CLASS (twin_safe_scale_parent_class)->css_changed (widget, change);

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (!gtk_style_context_lookup_color (gtk_widget_get_style_context (widget), "success_color",
                                       &self->safe_color))
    gdk_rgba_parse (&self->safe_color, "#26a269");
  G_GNUC_END_IGNORE_DEPRECATIONS
  self->safe_color.alpha = 0.6;
}

static void
twin_safe_scale_finalize (GObject *object)
{
  TwinSafeScale *self = TWIN_SAFE_SCALE (object);

  g_clear_pointer (&self->condition, g_free);

  G_OBJECT_CLASS (twin_safe_scale_parent_class)->finalize (object);
}

static void
twin_safe_scale_class_init (TwinSafeScaleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = twin_safe_scale_finalize;
  widget_class->snapshot = twin_safe_scale_snapshot;
  widget_class->css_changed = twin_safe_scale_css_changed;
}

static void
twin_safe_scale_init (TwinSafeScale *self)
{
  gdk_rgba_parse (&self->safe_color, "#26a269");
  g_signal_connect (self, "value-changed", G_CALLBACK (value_changed_cb), NULL);
}

/* Which input's table entry gives the unit and digits of the tooltip. */
void
twin_safe_scale_set_input (TwinSafeScale *self,
                           TwinInput      input)
{
  g_return_if_fail (TWIN_IS_SAFE_SCALE (self));
  g_return_if_fail (input == TWIN_INPUT_AMBIENT || input == TWIN_INPUT_RPM_SETPOINT);

  self->input = input;
}

/**
 * twin_safe_scale_set_advice:
 * @advice: (nullable): the safe intervals of this scale's input; %NULL
 *   shades nothing
 * @condition: (nullable): what they keep to, for the tooltip
 */
void
twin_safe_scale_set_advice (TwinSafeScale    *self,
                            const TwinAdvice *advice,
                            const char       *condition)
{
  g_return_if_fail (TWIN_IS_SAFE_SCALE (self));
  g_return_if_fail (advice == NULL || advice->vary == self->input);

  self->has_advice = advice != NULL;
  if (advice != NULL)
    self->advice = *advice;
  g_free (self->condition);
  self->condition = g_strdup (condition);

  update_tooltip (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Returns: (nullable): the advice shaded, if any */
const TwinAdvice *
twin_safe_scale_get_advice (TwinSafeScale *self)
{
  g_return_val_if_fail (TWIN_IS_SAFE_SCALE (self), NULL);

  return self->has_advice ? &self->advice : NULL;
}
