/* twin-plot-colors.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "twin-plot"

#include "config.h"

#include "twin-plot-private.h"

static void
rgba_parse (GdkRGBA    *rgba,
            const char *spec)
{
  gboolean ok = gdk_rgba_parse (rgba, spec);

  g_assert (ok);
}

/**
 * twin_plot_colors_init:
 * @dark: whether the dark palette is wanted
 * @foreground: (nullable): the text colour of the widget's style
 * @background: (nullable): the colour to paint behind the plot
 *
 * Series colours come from the GNOME palette, a lighter shade on dark.
 */
void
twin_plot_colors_init (TwinPlotColors *colors,
                       gboolean        dark,
                       const GdkRGBA  *foreground,
                       const GdkRGBA  *background)
{
  static const char * const zone_light[] = { "rgba(51,209,122,0.16)", "rgba(246,211,45,0.20)",
                                             "rgba(255,120,0,0.18)",  "rgba(224,27,36,0.16)" };
  static const char * const zone_dark[]  = { "rgba(51,209,122,0.14)", "rgba(246,211,45,0.14)",
                                             "rgba(255,120,0,0.16)",  "rgba(224,27,36,0.18)" };

  static const char * const ghost_light[] = { "#0f7b83", "#865e3c", "#c01c6f", "#4f5b6b" };
  static const char * const ghost_dark[]  = { "#5fd3d8", "#cdab8f", "#f48fb1", "#a3b1c2" };

  g_return_if_fail (colors != NULL);

  rgba_parse (&colors->background, dark ? "#1e1e1e" : "#ffffff");
  rgba_parse (&colors->foreground, dark ? "#ffffff" : "rgba(0,0,0,0.8)");
  rgba_parse (&colors->temperature, dark ? "#ffa348" : "#e66100");
  rgba_parse (&colors->ambient, dark ? "#62a0ea" : "#3584e4");
  rgba_parse (&colors->warning, dark ? "#f5c211" : "#c88800");
  rgba_parse (&colors->trip, dark ? "#f66151" : "#c01c28");
  rgba_parse (&colors->vibration, dark ? "#dc8add" : "#813d9c");
  for (guint i = 0; i < 4; i++)
    rgba_parse (&colors->zones[i], dark ? zone_dark[i] : zone_light[i]);
  rgba_parse (&colors->rpm, dark ? "#99c1f1" : "#1a5fb4");
  rgba_parse (&colors->setpoint, dark ? "#8ff0a4" : "#26a269");
  rgba_parse (&colors->alarm_marker, dark ? "#f8e45c" : "#e5a50a");
  rgba_parse (&colors->trip_marker, dark ? "#ff7b63" : "#c01c28");
  rgba_parse (&colors->fault_marker, dark ? "#c061cb" : "#9141ac");
  rgba_parse (&colors->model_marker, dark ? "#5fd3d8" : "#0f7b83");
  rgba_parse (&colors->reset_marker, dark ? "#8ff0a4" : "#26a269");
  rgba_parse (&colors->command_marker, dark ? "#62a0ea" : "#1c71d8");
  rgba_parse (&colors->caption_marker, dark ? "#deddda" : "#5e5c64");
  /* Data over model: neutral dots, unlike any series' colour. */
  rgba_parse (&colors->measured, dark ? "#f6f5f4" : "#241f31");
  /* Ghost futures: teal, brown, pink and slate, none a lane's colour. */
  for (guint i = 0; i < TWIN_PLOT_N_GHOSTS; i++)
    rgba_parse (&colors->ghosts[i], dark ? ghost_dark[i] : ghost_light[i]);

  if (foreground != NULL)
    colors->foreground = *foreground;
  if (background != NULL)
    colors->background = *background;
}
