/* test-safe-ranges.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The safe ranges on the sliders under Xvfb: shaded where safe, not
 * elsewhere, a tooltip that names the nearest safe value, and advice
 * asked for in the background that reaches the scales.
 */

#include "config.h"

#include <adwaita.h>
#include <math.h>

#include "twin-gui.h"
#include "twin-safe-ranges.h"
#include "twin-test-pixels.h"
#include "twin-test-wait.h"

/* Safe below and above the 2400 rpm resonance. */
static const TwinAdvice resonance_advice = {
  .vary = TWIN_INPUT_RPM_SETPOINT,
  .resolution = 40,
  .n_intervals = 2,
  .intervals = { { 0, 2300 }, { 2520, 4000 } },
};

static TwinSafeScale *
open_scale (GtkWindow **window_out)
{
  const TwinField *f = &twin_inputs[TWIN_INPUT_RPM_SETPOINT];
  GtkAdjustment *adjustment = gtk_adjustment_new (1500, f->slider_min, f->slider_max, f->step, f->page, 0);
  TwinSafeScale *scale = g_object_new (TWIN_TYPE_SAFE_SCALE, "adjustment", adjustment, NULL);
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  twin_safe_scale_set_input (scale, TWIN_INPUT_RPM_SETPOINT);
  gtk_window_set_default_size (window, 420, 60);
  gtk_widget_set_margin_start (GTK_WIDGET (scale), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (scale), 12);
  gtk_window_set_child (window, GTK_WIDGET (scale));
  gtk_window_present (window);
  while (!gtk_widget_get_mapped (GTK_WIDGET (scale)) || gtk_widget_get_width (GTK_WIDGET (scale)) == 0)
    twin_test_iterate ();
  twin_test_run_for (0.2);

  *window_out = window;
  return scale;
}

/* Just above the trough: where the band shows whatever the value. */
static int
band_y (TwinSafeScale *scale)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (scale));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (g_str_equal (gtk_widget_get_css_name (child), "trough"))
      {
        graphene_rect_t bounds;

        g_assert_true (gtk_widget_compute_bounds (child, GTK_WIDGET (scale), &bounds));
        return (int)(bounds.origin.y - 2);
      }

  g_assert_not_reached ();
}

static gboolean
same_pixel (cairo_surface_t *a,
            cairo_surface_t *b,
            int              x,
            int              y)
{
  double ra, ga, ba, rb, gb, bb;

  twin_test_get_pixel (a, x, y, &ra, &ga, &ba);
  twin_test_get_pixel (b, x, y, &rb, &gb, &bb);

  return fabs (ra - rb) < 0.02 && fabs (ga - gb) < 0.02 && fabs (ba - bb) < 0.02;
}

/* Pixels at the trough inside a safe interval change with the advice;
 * those in the unsafe gap stay as the plain trough draws them. */
static void
test_safe_scale_shading (void)
{
  GtkWindow *window;
  TwinSafeScale *scale = open_scale (&window);
  int y = band_y (scale);
  int safe_low = twin_safe_scale_value_to_x (scale, 1000);
  int safe_high = twin_safe_scale_value_to_x (scale, 3300);
  int unsafe = twin_safe_scale_value_to_x (scale, 2410);
  cairo_surface_t *plain, *shaded;

  g_assert_cmpint (safe_low, <, unsafe);
  g_assert_cmpint (unsafe, <, safe_high);

  /* The knob away from the points looked at. */
  gtk_range_set_value (GTK_RANGE (scale), 200);
  twin_test_run_for (0.1);
  plain = twin_test_render_widget (GTK_WIDGET (scale));

  twin_safe_scale_set_advice (scale, &resonance_advice, NULL);
  twin_test_run_for (0.1);
  shaded = twin_test_render_widget (GTK_WIDGET (scale));

  g_assert_false (same_pixel (plain, shaded, safe_low, y));
  g_assert_false (same_pixel (plain, shaded, safe_high, y));
  g_assert_true (same_pixel (plain, shaded, unsafe, y));
  /* Just inside and outside the upper interval's start. */
  g_assert_false (same_pixel (plain, shaded, twin_safe_scale_value_to_x (scale, 2600), y));
  g_assert_true (same_pixel (plain, shaded, twin_safe_scale_value_to_x (scale, 2440), y));

  /* No advice, no shading. */
  twin_safe_scale_set_advice (scale, NULL, NULL);
  twin_test_run_for (0.1);
  cairo_surface_destroy (shaded);
  shaded = twin_test_render_widget (GTK_WIDGET (scale));
  g_assert_true (same_pixel (plain, shaded, safe_low, y));

  cairo_surface_destroy (plain);
  cairo_surface_destroy (shaded);
  gtk_window_destroy (window);
}

typedef struct
{
  double      value;
  const char *tooltip;
} TooltipCase;

static void
test_safe_scale_tooltip (void)
{
  static const TooltipCase cases[] = {
    { 2400, "Safe up to 2300 rpm; safe again from 2520 rpm · nearest safe value 2300 rpm\n(no trip within 10 min, 90 % sure)" },
    { 2480, "Safe up to 2300 rpm; safe again from 2520 rpm · nearest safe value 2520 rpm\n(no trip within 10 min, 90 % sure)" },
    { 1500, "Safe here: up to 2300 rpm\n(no trip within 10 min, 90 % sure)" },
    { 3000, "Safe here: from 2520 rpm\n(no trip within 10 min, 90 % sure)" },
  };
  GtkWindow *window;
  TwinSafeScale *scale = open_scale (&window);

  g_assert_null (gtk_widget_get_tooltip_text (GTK_WIDGET (scale)));
  twin_safe_scale_set_advice (scale, &resonance_advice, "no trip within 10 min, 90 % sure");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gtk_range_set_value (GTK_RANGE (scale), cases[i].value);
      g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (scale)), ==, cases[i].tooltip);
    }

  gtk_window_destroy (window);
}

typedef struct
{
  TwinAdvice  advice;
  double      value;
  const char *text;
} DescribeCase;

static void
test_safe_scale_describe (void)
{
  static const DescribeCase cases[] = {
    { { TWIN_INPUT_RPM_SETPOINT, 40, 0, { { 0 } } }, 1500, "Nowhere safe on this slider" },
    { { TWIN_INPUT_RPM_SETPOINT, 40, 1, { { 0, 4000 } } }, 1500, "Safe here: over the whole range" },
    { { TWIN_INPUT_RPM_SETPOINT, 40, 1, { { 1200, 2200 } } }, 3000,
      "Safe from 1200 rpm to 2200 rpm · nearest safe value 2200 rpm" },
    { { TWIN_INPUT_AMBIENT, 0.7, 1, { { -20, 31.5 } } }, 40, "Safe up to 31.5 °C · nearest safe value 31.5 °C" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const TwinField *f = &twin_inputs[cases[i].advice.vary];
      g_autofree char *text = twin_safe_scale_describe (&cases[i].advice, cases[i].value,
                                                        f->slider_min, f->slider_max, NULL);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

/* What the window asks for follows the condition chosen. */
static void
test_safe_ranges_spec (void)
{
  g_autoptr(TwinEngine) engine = twin_engine_new_full (10000, 0.1);
  g_autoptr(TwinForecaster) forecaster = twin_forecaster_new ();
  GtkWindow *window;
  TwinSafeScale *rpm = open_scale (&window);
  TwinSafeScale *ambient = g_object_ref_sink (g_object_new (TWIN_TYPE_SAFE_SCALE, NULL));
  g_autoptr(TwinSafeRanges) ranges = twin_safe_ranges_new (engine, forecaster, ambient, rpm);
  TwinAdviseSpec spec;

  twin_safe_ranges_fill_spec (ranges, TWIN_INPUT_RPM_SETPOINT, &spec);
  g_assert_cmpint (spec.vary, ==, TWIN_INPUT_RPM_SETPOINT);
  g_assert_cmpuint (spec.avoid & TWIN_ALARM_TRIPPED, !=, 0);
  g_assert_cmpuint (spec.avoid & TWIN_ALARM_TEMP_WARNING, ==, 0);
  g_assert_cmpfloat (spec.confidence, ==, 0.9);
  g_assert_cmpfloat (spec.horizon, ==, TWIN_FORECAST_HORIZON_DEFAULT);
  g_assert_cmpfloat (spec.rul_hours_min, ==, 0);
  g_assert_true (twin_advise_spec_validate (&spec, NULL));

  twin_safe_ranges_set_condition (ranges, TWIN_SAFE_NO_WARNING, 1000);
  twin_safe_ranges_set_horizon (ranges, 3600);
  twin_safe_ranges_fill_spec (ranges, TWIN_INPUT_AMBIENT, &spec);
  g_assert_cmpint (spec.vary, ==, TWIN_INPUT_AMBIENT);
  g_assert_cmpuint (spec.avoid & TWIN_ALARM_TEMP_WARNING, !=, 0);
  g_assert_cmpfloat (spec.horizon, ==, 3600);

  twin_safe_ranges_set_condition (ranges, TWIN_SAFE_RUL_ABOVE, 1500);
  twin_safe_ranges_fill_spec (ranges, TWIN_INPUT_RPM_SETPOINT, &spec);
  g_assert_cmpfloat (spec.rul_hours_min, ==, 1500);
  g_assert_true (twin_advise_spec_validate (&spec, NULL));

  g_clear_object (&ranges);
  g_object_unref (ambient);
  gtk_window_destroy (window);
}

static gboolean
answered (gpointer data)
{
  TwinSafeRanges *ranges = data;

  return twin_safe_ranges_get_n_answers (ranges) >= 2;
}

static gboolean
rpm_answered (gpointer data)
{
  return twin_safe_scale_get_advice (data) != NULL;
}

static gboolean
interval_holds (const TwinAdvice *advice,
                double            value)
{
  for (guint i = 0; i < advice->n_intervals; i++)
    if (value >= advice->intervals[i].low && value <= advice->intervals[i].high)
      return TRUE;

  return FALSE;
}

/* Advice asked for in the background reaches both scales: at 22 °C the
 * machine runs safely at 1500 rpm but trips at the 2400 rpm resonance,
 * and with cooling degraded in the branch the safe speeds end lower. */
static void
test_safe_ranges_advice (void)
{
  g_autoptr(TwinEngine) engine = twin_engine_new_full (10000, 0.1);
  g_autoptr(TwinForecaster) forecaster = twin_forecaster_new ();
  GtkWindow *window;
  TwinSafeScale *rpm = open_scale (&window);
  TwinSafeScale *ambient = g_object_ref_sink (g_object_new (TWIN_TYPE_SAFE_SCALE, NULL));
  g_autoptr(TwinSafeRanges) ranges = twin_safe_ranges_new (engine, forecaster, ambient, rpm);
  TwinCommand cooling = { .fields = TWIN_COMMAND_COOLING_DEGRADED, .cooling_degraded = TRUE };
  TwinAdvice live;
  const TwinAdvice *advice;

  twin_test_wait_until (answered, ranges, 30, "safe ranges for both sliders");
  advice = twin_safe_scale_get_advice (rpm);
  g_assert_nonnull (advice);
  g_assert_nonnull (twin_safe_scale_get_advice (ambient));
  g_assert_cmpuint (advice->n_intervals, >=, 1);
  g_assert_true (interval_holds (advice, 1500));
  g_assert_false (interval_holds (advice, 2400));
  live = *advice;

  gtk_range_set_value (GTK_RANGE (rpm), 2400);
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (GTK_WIDGET (rpm)), "nearest safe value"));

  /* In what-if mode the other inputs are the branch's. */
  twin_safe_scale_set_advice (rpm, NULL, NULL);
  twin_safe_ranges_set_branch (ranges, &cooling);
  twin_test_wait_until (rpm_answered, rpm, 30, "safe speeds with cooling degraded");
  advice = twin_safe_scale_get_advice (rpm);
  g_assert_cmpuint (advice->n_intervals, >=, 1);
  g_assert_cmpfloat (advice->intervals[advice->n_intervals - 1].high, <,
                     live.intervals[live.n_intervals - 1].high);

  g_clear_object (&ranges);
  g_object_unref (ambient);
  gtk_window_destroy (window);
  twin_test_run_for (0.2);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  twin_gui_init ();

  g_test_add_func ("/safe-scale/shading-inside-safe-intervals-only", test_safe_scale_shading);
  g_test_add_func ("/safe-scale/tooltip-names-nearest-safe-value", test_safe_scale_tooltip);
  g_test_add_func ("/safe-scale/describe-intervals", test_safe_scale_describe);
  g_test_add_func ("/safe-ranges/spec-follows-condition", test_safe_ranges_spec);
  g_test_add_func ("/safe-ranges/advice-reaches-the-scales", test_safe_ranges_advice);

  return g_test_run ();
}
