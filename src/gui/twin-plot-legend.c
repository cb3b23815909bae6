/* twin-plot-legend.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "twin-plot"

#include "config.h"

#include <glib/gi18n.h>

#include <math.h>

#include "twin-plot-private.h"

static double
legend_item (TwinPlotPainter *p,
             double           x,
             double           y,
             const GdkRGBA   *color,
             const char      *text,
             gboolean         dashed,
             gboolean         swatch,
             const GdkRGBA   *foreground)
{
  static const double dash[] = { 4, 3 };
  cairo_t *cr = p->cr;

  if (swatch)
    {
      cairo_rectangle (cr, x, y - 5, 14, 10);
      _twin_plot_set_color (cr, color, 1);
      cairo_fill (cr);
    }
  else
    {
      cairo_move_to (cr, x, y);
      cairo_line_to (cr, x + 16, y);
      _twin_plot_set_color (cr, color, 1);
      cairo_set_line_width (cr, 2);
      cairo_set_dash (cr, dashed ? dash : NULL, dashed ? G_N_ELEMENTS (dash) : 0, 0);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }

  _twin_plot_set_color (cr, foreground, 0.8);
  _twin_plot_draw_text (p, text, x + 20, y, 0, 0.5);

  return x + 20 + _twin_plot_text_width (p, text) + 14;
}

static double
legend_dot (TwinPlotPainter      *p,
            double                x,
            double                y,
            const TwinPlotColors *colors)
{
  _twin_plot_dot_path (p->cr, x + 8, y, TWIN_PLOT_DOT_RADIUS + 0.5);
  _twin_plot_set_color (p->cr, &colors->measured, 1);
  cairo_fill (p->cr);

  _twin_plot_set_color (p->cr, &colors->foreground, 0.8);
  _twin_plot_draw_text (p, _("measured"), x + 20, y, 0, 0.5);

  return x + 20 + _twin_plot_text_width (p, _("measured")) + 14;
}

/* Swatches as opaque as a line, rather than as faint as the bands. */
static double
legend_bands (TwinPlotPainter      *p,
              double                x,
              double                y,
              const TwinPlotBands  *bands,
              const TwinPlotColors *colors)
{
  const GdkRGBA *fills = _twin_plot_color (colors, bands->colors);
  char text[64];

  for (guint z = 0; z < bands->n_edges + 1; z++)
    {
      GdkRGBA opaque = fills[z];

      if (z == 0)
        g_snprintf (text, sizeof text, "%s %s", _(bands->name), bands->letters[z]);
      else
        g_strlcpy (text, bands->letters[z], sizeof text);
      opaque.alpha = MIN (1.0, opaque.alpha * 3);
      x = legend_item (p, x, y, &opaque, text, FALSE, TRUE, &colors->foreground) - 6;
    }

  return x;
}

/* Above each lane its title and unit, then its series (the measured
 * points after the first), thresholds and bands. */
void
_twin_plot_draw_legend (TwinPlotPainter     *p,
                        const TwinPlotScene *scene)
{
  const TwinPlotView *view = &scene->view;
  const TwinPlotColors *colors = &scene->colors;
  const GdkRGBA *fg = &colors->foreground;
  char text[64];

  for (guint l = 0; l < TWIN_PLOT_N_LANES; l++)
    {
      const TwinPlotLaneInfo *info = &_twin_plot_lanes[l];
      const TwinPlotRect *h = &scene->frame.layout.headers[l];
      double y = h->y + h->height / 2;
      double x;

      g_snprintf (text, sizeof text, "%s %s", _(twin_channels[info->channel].title), _(twin_channels[info->channel].unit));
      _twin_plot_set_color (p->cr, fg, 1);
      _twin_plot_draw_text (p, text, h->x, y, 0, 0.5);
      x = h->x + _twin_plot_text_width (p, text) + 18;

      for (guint s = 0; s < info->n_series; s++)
        {
          const TwinPlotSeries *series = &info->series[s];

          x = legend_item (p, x, y, _twin_plot_color (colors, series->color),
                           _(series->legend ? series->legend : series->name), series->dashed, FALSE, fg);
          if (s == 0 && view->show_measured)
            x = legend_dot (p, x, y, colors);
        }

      for (guint t = 0; t < info->n_thresholds; t++)
        {
          const TwinPlotThreshold *threshold = &info->thresholds[t];
          double value = view->limits[threshold->limit];

          if (!isfinite (value))
            continue;
          g_snprintf (text, sizeof text, "%s %g", _(threshold->name), value);
          x = legend_item (p, x, y, _twin_plot_color (colors, threshold->color), text,
                           threshold->dashed, FALSE, fg);
        }

      if (info->bands != NULL)
        x = legend_bands (p, x, y, info->bands, colors);

      /* The markers' kinds, on the last lane's line, over the time axis. */
      if (l == TWIN_PLOT_N_LANES - 1)
        _twin_plot_draw_event_legend (p, scene, x, h->x + h->width, y);
    }
}
