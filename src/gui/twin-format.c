/* twin-format.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How a value looks in the window: its number, its duration, and the
 * style class that colours its state.
 */

#define G_LOG_DOMAIN "twin-format"

#include "config.h"

#include <glib/gi18n.h>

#include <locale.h>
#include <math.h>
#include <string.h>

#include "twin-format.h"

/**
 * twin_format_grouped:
 *
 * Returns: @value with @digits decimals, thin spaces grouping the
 *   thousands of long numbers, and a true minus sign
 */
char *
twin_format_grouped (double value,
                     int    digits)
{
  g_autofree char *plain = g_strdup_printf ("%.*f", digits, fabs (value));
  GString *out = g_string_new (NULL);
  const char *dot = strstr (plain, localeconv ()->decimal_point);
  gsize int_len = dot ? (gsize)(dot - plain) : strlen (plain);

  if (value < 0 && strpbrk (plain, "123456789") != NULL)
    g_string_append (out, "−");

  for (gsize i = 0; i < int_len; i++)
    {
      if (i > 0 && int_len > 4 && (int_len - i) % 3 == 0)
        g_string_append (out, "\u2009");
      g_string_append_c (out, plain[i]);
    }
  if (dot)
    g_string_append (out, dot);

  return g_string_free (out, FALSE);
}

/**
 * twin_format_duration_at:
 * @resolution: the smallest step to show, in s: 0.01 shows "12.34 s"
 *
 * Returns: simulated time as "2 d 01 h 02 min 03.45 s" (beyond 24 h),
 *   "1 h 02 min 03.45 s", "2 min 03.45 s" or "3.45 s"
 */
char *
twin_format_duration_at (double seconds,
                         double resolution)
{
  int digits = resolution > 0 && resolution < 1 ? (int) ceil (-log10 (resolution) - 1e-9) : 0;
  double t = isfinite (seconds) ? MAX (seconds, 0) : 0;
  guint64 s;
  guint64 h;
  guint m;
  double rest;

  digits = CLAMP (digits, 0, 6);
  /* Rounded first, so that 59.996 s at 0.01 s is "1 min 00.00 s". */
  t = round (t * pow (10, digits)) / pow (10, digits);
  s = (guint64) floor (t);
  h = s / 3600;
  m = (guint) ((s / 60) % 60);
  rest = t - (double) (h * 3600 + m * 60);

  if (h > 24 || (h == 24 && t > 86400))
    return g_strdup_printf ("%" G_GUINT64_FORMAT " d %02u h %02u min %0*.*f s",
                            h / 24, (guint) (h % 24), m, digits + 3 - (digits == 0), digits, rest);
  if (h > 0)
    return g_strdup_printf ("%" G_GUINT64_FORMAT " h %02u min %0*.*f s", h, m, digits + 3 - (digits == 0), digits, rest);
  if (m > 0)
    return g_strdup_printf ("%u min %0*.*f s", m, digits + 3 - (digits == 0), digits, rest);
  return g_strdup_printf ("%.*f s", digits, rest);
}

/**
 * twin_format_duration:
 *
 * Returns: simulated time to a tenth of a second, as
 *   twin_format_duration_at() says it: "1 h 02 min 03.4 s"
 */
char *
twin_format_duration (double seconds)
{
  return twin_format_duration_at (seconds, 0.1);
}

/**
 * twin_format_time_ahead:
 *
 * Returns: how long until something happens, as a reader says it:
 *   "4.2 s", "41 s", "3 min 12 s", "3 min", "1 h 05 min", "2 d 03 h 00 min"
 */
char *
twin_format_time_ahead (double seconds)
{
  double s = isfinite (seconds) ? MAX (seconds, 0) : 0;
  guint64 whole;

  if (s < 9.95)
    return g_strdup_printf ("%.1f s", s);

  whole = (guint64) floor (s + 0.5);
  if (whole < 60)
    return g_strdup_printf ("%" G_GUINT64_FORMAT " s", whole);
  if (whole < 3600)
    return whole % 60 == 0 ? g_strdup_printf ("%" G_GUINT64_FORMAT " min", whole / 60)
                           : g_strdup_printf ("%" G_GUINT64_FORMAT " min %" G_GUINT64_FORMAT " s",
                                              whole / 60, whole % 60);

  whole = (guint64) floor (s / 60 + 0.5);
  if (whole > 24 * 60)
    return g_strdup_printf ("%" G_GUINT64_FORMAT " d %02" G_GUINT64_FORMAT " h %02" G_GUINT64_FORMAT " min",
                            whole / 1440, (whole / 60) % 24, whole % 60);
  return g_strdup_printf ("%" G_GUINT64_FORMAT " h %02" G_GUINT64_FORMAT " min", whole / 60, whole % 60);
}

/**
 * twin_format_time_range:
 *
 * Returns: a range of times ahead in the unit of the longer: "40–55 s",
 *   "4–6 min", "1.5–2.5 h"; one value when both round to it ("5 min")
 */
char *
twin_format_time_range (double low,
                        double high)
{
  static const struct { double limit; double unit; const char *name; } units[] = {
    { 60, 1, "s" }, { 3600, 60, "min" }, { INFINITY, 3600, "h" },
  };
  double a = isfinite (low) ? MAX (low, 0) : isfinite (high) ? MAX (high, 0) : 0;
  double b = isfinite (high) ? MAX (high, 0) : a;
  double lo = MIN (a, b);
  double hi = MAX (a, b);
  g_autofree char *ta = NULL;
  g_autofree char *tb = NULL;
  guint u = 0;
  int digits;

  while (hi >= units[u].limit - 0.5 * units[u].unit && u + 1 < G_N_ELEMENTS (units))
    u++;

  /* Seconds are whole; hours below 10 keep a decimal, and so do minutes
   * whose ends would otherwise round to one number. */
  lo /= units[u].unit;
  hi /= units[u].unit;
  digits = u == 0 ? 0 : (u == 2 && hi < 10) || floor (lo + 0.5) == floor (hi + 0.5) ? 1 : 0;
  ta = g_strdup_printf ("%.*f", digits, lo);
  tb = g_strdup_printf ("%.*f", digits, hi);

  if (g_str_equal (ta, tb))
    return g_strdup_printf ("%s %s", tb, units[u].name);
  return g_strdup_printf ("%s–%s %s", ta, tb, units[u].name);
}

/**
 * twin_format_set_class:
 * @classes: one style class per state; %NULL for a state without one
 *
 * Gives @widget the class of state @selected and none of the others.
 */
void
twin_format_set_class (GtkWidget          *widget,
                       const char * const *classes,
                       guint               n_classes,
                       guint               selected)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (selected < n_classes);

  for (guint i = 0; i < n_classes; i++)
    {
      if (classes[i] == NULL)
        continue;
      if (i == selected)
        gtk_widget_add_css_class (widget, classes[i]);
      else
        gtk_widget_remove_css_class (widget, classes[i]);
    }
}

/* @value with at most @digits decimals and no trailing zeros, grouped,
 * with the user's decimal point: "37,5" in French, "10 000". */
static char *
format_trimmed (double value,
                int    digits)
{
  char *number = twin_format_grouped (value, digits);
  const char *decimal_point = localeconv ()->decimal_point;
  char *point = strstr (number, decimal_point);

  if (point != NULL)
    {
      gsize len = strlen (number);

      while (len > 0 && number[len - 1] == '0')
        number[--len] = '\0';
      if ((gsize)(point - number) + strlen (decimal_point) == len)
        number[point - number] = '\0';
    }

  return number;
}

/**
 * twin_format_input:
 *
 * Returns: an input's value with its unit and at most its digits, no
 *   trailing zeros: "38 °C", "37.5 °C", "3000 rpm"
 */
char *
twin_format_input (TwinInput input,
                   double    value)
{
  const TwinField *f;
  g_autofree char *number = NULL;

  g_return_val_if_fail (input < TWIN_N_INPUTS, NULL);

  f = &twin_inputs[input];
  number = format_trimmed (value, f->digits);

  return g_strdup_printf ("%s %s", number, _(f->unit));
}

/**
 * twin_format_time_scale:
 *
 * Returns: a time scale as the header bar's selector says it: "0.5×",
 *   "1000×", "10 000×"
 */
char *
twin_format_time_scale (double scale)
{
  g_autofree char *number = format_trimmed (scale, 2);

  return g_strdup_printf ("%s×", number);
}

/**
 * twin_format_clock:
 *
 * Returns: a duration as a clock shows it, "0:00:05", "1:02:03", and
 *   beyond 24 h "2 d 01:02:03"
 */
char *
twin_format_clock (double seconds)
{
  guint64 s = isfinite (seconds) ? (guint64) floor (MAX (seconds, 0) + 0.5) : 0;
  guint64 h = s / 3600;
  guint m = (guint)((s / 60) % 60);
  guint sec = (guint)(s % 60);

  if (s > 86400)
    return g_strdup_printf ("%" G_GUINT64_FORMAT " d %02u:%02u:%02u", h / 24, (guint)(h % 24), m, sec);
  return g_strdup_printf ("%" G_GUINT64_FORMAT ":%02u:%02u", h, m, sec);
}
