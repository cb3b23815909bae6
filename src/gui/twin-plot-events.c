/* twin-plot-events.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The markers on the time axis: one glyph and colour per kind of event,
 * their legend, and what the hover readout says of them.
 */

#define G_LOG_DOMAIN "twin-plot"

#include "config.h"

#include <glib/gi18n.h>

#include <math.h>

#include "twin-command-text.h"
#include "twin-plot-private.h"

typedef enum
{
  GLYPH_TRIANGLE_UP,
  GLYPH_DIAMOND,
  GLYPH_SQUARE,
  GLYPH_CIRCLE,
  GLYPH_TRIANGLE_DOWN,
  GLYPH_PLUS,
  GLYPH_FLAG,
} Glyph;

static const struct {
  Glyph       glyph;
  gsize       color;     /* offset in TwinPlotColors */
  const char *legend;
} kinds[TWIN_PLOT_N_EVENT_KINDS] = {
  [TWIN_PLOT_EVENT_ALARM]   = { GLYPH_TRIANGLE_UP,   G_STRUCT_OFFSET (TwinPlotColors, alarm_marker),   N_("alarm") },
  [TWIN_PLOT_EVENT_TRIP]    = { GLYPH_DIAMOND,       G_STRUCT_OFFSET (TwinPlotColors, trip_marker),    N_("trip") },
  [TWIN_PLOT_EVENT_FAULT]   = { GLYPH_SQUARE,        G_STRUCT_OFFSET (TwinPlotColors, fault_marker),   N_("fault") },
  [TWIN_PLOT_EVENT_MODEL]   = { GLYPH_CIRCLE,        G_STRUCT_OFFSET (TwinPlotColors, model_marker),   N_("model") },
  [TWIN_PLOT_EVENT_RESET]   = { GLYPH_TRIANGLE_DOWN, G_STRUCT_OFFSET (TwinPlotColors, reset_marker),   N_("trip reset") },
  [TWIN_PLOT_EVENT_COMMAND] = { GLYPH_PLUS,          G_STRUCT_OFFSET (TwinPlotColors, command_marker), N_("remote command") },
  [TWIN_PLOT_EVENT_CAPTION] = { GLYPH_FLAG,          G_STRUCT_OFFSET (TwinPlotColors, caption_marker), N_("caption") },
  [TWIN_PLOT_EVENT_SNAPSHOT] = { GLYPH_CIRCLE,        G_STRUCT_OFFSET (TwinPlotColors, caption_marker), N_("snapshot") },
};

/* In the order of TwinAlarm's bits. */
static const char * const alarm_names[TWIN_N_ALARMS] = {
  N_("temperature warning"), N_("temperature at trip level"), N_("vibration zone C"),
  N_("vibration zone D"), N_("tripped"),
};

const GdkRGBA *
_twin_plot_event_color (const TwinPlotColors *colors,
                        TwinPlotEventKind     kind)
{
  g_assert (kind < TWIN_PLOT_N_EVENT_KINDS);

  return G_STRUCT_MEMBER_P (colors, kinds[kind].color);
}

/* The glyph of @kind in the marker row whose top is @y, centred on @x:
 * filled when raised, an outline when cleared. */
void
_twin_plot_event_glyph (cairo_t           *cr,
                        TwinPlotEventKind  kind,
                        double             x,
                        double             y,
                        gboolean           filled)
{
  double h = TWIN_PLOT_MARKER_ROW - 1;
  double cy = y + h / 2;

  g_assert (kind < TWIN_PLOT_N_EVENT_KINDS);

  switch (kinds[kind].glyph)
    {
    case GLYPH_TRIANGLE_UP:
      cairo_move_to (cr, x, y);
      cairo_line_to (cr, x + 5, y + h);
      cairo_line_to (cr, x - 5, y + h);
      cairo_close_path (cr);
      break;
    case GLYPH_DIAMOND:
      cairo_move_to (cr, x, y - 1);
      cairo_line_to (cr, x + 5, cy);
      cairo_line_to (cr, x, y + h + 1);
      cairo_line_to (cr, x - 5, cy);
      cairo_close_path (cr);
      break;
    case GLYPH_SQUARE:
      cairo_rectangle (cr, x - 4, cy - 4, 8, 8);
      break;
    case GLYPH_CIRCLE:
      cairo_new_sub_path (cr);
      cairo_arc (cr, x, cy, 4.5, 0, 2 * G_PI);
      break;
    case GLYPH_TRIANGLE_DOWN:
      cairo_move_to (cr, x - 5, y);
      cairo_line_to (cr, x + 5, y);
      cairo_line_to (cr, x, y + h);
      cairo_close_path (cr);
      break;
    case GLYPH_PLUS:
      cairo_rectangle (cr, x - 5, cy - 1.5, 10, 3);
      cairo_rectangle (cr, x - 1.5, cy - 5, 3, 10);
      filled = TRUE;
      break;
    case GLYPH_FLAG:
      cairo_rectangle (cr, x - 0.5, y - 1, 1.5, h + 1);
      cairo_move_to (cr, x + 1, y - 1);
      cairo_line_to (cr, x + 7, y + 2);
      cairo_line_to (cr, x + 1, y + 5);
      cairo_close_path (cr);
      filled = TRUE;
      break;
    default:
      g_assert_not_reached ();
    }

  if (filled)
    {
      cairo_fill (cr);
    }
  else
    {
      cairo_set_line_width (cr, 1);
      cairo_stroke (cr);
    }
}

static char *
describe_alarm (const TwinPlotEvent *e)
{
  guint index = twin_alarm_get_index (e->detail);
  const char *name = _(alarm_names[index]);
  const TwinField *unit = NULL;

  if (e->detail & (TWIN_ALARM_TEMP_WARNING | TWIN_ALARM_TEMP_TRIP))
    unit = &twin_channels[TWIN_CHANNEL_TEMPERATURE];
  else if (e->detail & (TWIN_ALARM_VIB_ZONE_C | TWIN_ALARM_VIB_ZONE_D))
    unit = &twin_channels[TWIN_CHANNEL_VIBRATION];

  if (unit != NULL && isfinite (e->value))
    return e->raised ? g_strdup_printf (_("%s at %.*f %s"), name, unit->digits, e->value, unit->unit)
                     : g_strdup_printf (_("%s cleared at %.*f %s"), name, unit->digits, e->value, unit->unit);
  return e->raised ? g_strdup (name) : g_strdup_printf (_("%s cleared"), name);
}

static char *
describe_command (const TwinPlotEvent *e)
{
  TwinCommand c = { .fields = e->detail, .source = e->source };
  g_autofree char *what = NULL;

  /* A marker keeps one number: the setpoint or the ambient it set. */
  if (isfinite (e->value) && (c.fields & TWIN_COMMAND_RPM_SETPOINT))
    c.fields = TWIN_COMMAND_RPM_SETPOINT, c.rpm_setpoint = e->value;
  else if (isfinite (e->value) && (c.fields & TWIN_COMMAND_AMBIENT))
    c.fields = TWIN_COMMAND_AMBIENT, c.ambient = e->value;
  else
    return g_strdup_printf (_("command from %s"), twin_command_source_title (e->source));

  what = twin_command_describe (&c);
  /* TRANSLATORS: "Speed setpoint 2000 rpm — from REST" */
  return g_strdup_printf (_("%s — from %s"), what, twin_command_source_title (e->source));
}

/**
 * _twin_plot_event_describe:
 *
 * Returns: what @event was, with its value: "temperature warning at
 *   85.2 °C", "cooling degraded", "model physical@3"
 */
char *
_twin_plot_event_describe (const TwinPlotEvent *e)
{
  switch (e->kind)
    {
    case TWIN_PLOT_EVENT_ALARM:
    case TWIN_PLOT_EVENT_TRIP:
      return describe_alarm (e);
    case TWIN_PLOT_EVENT_FAULT:
      if (e->detail == TWIN_COMMAND_COOLING_DEGRADED)
        return g_strdup (e->raised ? _("cooling degraded") : _("cooling restored"));
      return g_strdup (e->raised ? _("bearing defect") : _("bearing defect cleared"));
    case TWIN_PLOT_EVENT_MODEL:
      return g_strdup_printf (_("model %s"), e->detail < twin_model_registry_count ()
                                             ? twin_model_registry_get (e->detail)->id : "?");
    case TWIN_PLOT_EVENT_RESET:
      return g_strdup_printf (_("trip reset from %s"), twin_command_source_title (e->source));
    case TWIN_PLOT_EVENT_COMMAND:
      return describe_command (e);
    case TWIN_PLOT_EVENT_CAPTION:
      /* TRANSLATORS: a scenario's caption on the plot's time axis */
      return g_strdup_printf (_("“%s”"), e->text);
    case TWIN_PLOT_EVENT_SNAPSHOT:
      if (e->text != NULL)
        /* TRANSLATORS: an instructor's snapshot and its label, on the plot's time axis */
        return g_strdup_printf (_("snapshot “%s”"), e->text);
      return g_strdup (e->detail ? _("automatic snapshot") : _("snapshot taken"));
    case TWIN_PLOT_N_EVENT_KINDS:
    default:
      g_assert_not_reached ();
    }
}

/**
 * _twin_plot_draw_event_legend:
 *
 * Draws, right-aligned at @right on the line @y, the glyph and name of
 * each kind of event in view, as many as fit right of @left.
 *
 * Returns: the left edge of what it drew
 */
double
_twin_plot_draw_event_legend (TwinPlotPainter     *p,
                              const TwinPlotScene *scene,
                              double               left,
                              double               right,
                              double               y)
{
  const TwinPlotView *view = &scene->view;
  gboolean present[TWIN_PLOT_N_EVENT_KINDS] = { FALSE };
  double x = right;

  for (guint i = 0; i < view->n_events; i++)
    if (view->events[i].time >= view->t0 && view->events[i].time <= view->t1)
      present[view->events[i].kind] = TRUE;

  for (int k = TWIN_PLOT_N_EVENT_KINDS - 1; k >= 0; k--)
    {
      const char *name;
      double w;

      if (!present[k])
        continue;
      name = _(kinds[k].legend);
      w = 14 + _twin_plot_text_width (p, name);
      if (x - w < left)
        break;
      x -= w;
      _twin_plot_set_color (p->cr, _twin_plot_event_color (&scene->colors, k), 1);
      _twin_plot_event_glyph (p->cr, k, x + 5, y - (TWIN_PLOT_MARKER_ROW - 1) / 2, TRUE);
      _twin_plot_set_color (p->cr, &scene->colors.foreground, 0.8);
      _twin_plot_draw_text (p, name, x + 14, y, 0, 0.5);
      x -= 12;
    }

  return x;
}

/**
 * _twin_plot_events_near:
 * @near: (out caller-allocates): the events found, up to @max
 *
 * Returns: how many events lie within a few pixels of @time
 */
guint
_twin_plot_events_near (const TwinPlotScene *scene,
                        double               time,
                        const TwinPlotEvent *near[],
                        guint                max)
{
  const TwinPlotView *view = &scene->view;
  double reach;
  guint n = 0;

  if (scene->n == 0 || !(view->t1 > view->t0))
    return 0;

  reach = 6.0 * (view->t1 - view->t0) / scene->n;
  for (guint i = view->n_events; i > 0 && n < max; i--)
    {
      const TwinPlotEvent *e = &view->events[i - 1];

      if (fabs (e->time - time) <= reach && e->time >= view->t0 && e->time <= view->t1)
        near[n++] = e;
    }

  return n;
}
