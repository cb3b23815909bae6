/* twin-plot-watch.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "twin-plot"

#include "config.h"

#include <math.h>

#include "twin-plot-private.h"

#define MAX_EVENTS 256

/* A reset starts the history over; the markers of the old run go.  Checked
 * before an event is added too, as "changed" comes only when the main
 * loop is idle and the new run's first events may come before it. */
static gboolean
check_reset (TwinPlot *self)
{
  const TwinHistory *history;
  const char *run;

  if (self->engine == NULL)
    return FALSE;

  history = twin_engine_get_history (self->engine);
  run = twin_engine_get_run (self->engine);
  /* A backtrack shortens the history too, but keeps the run and the past. */
  if ((twin_history_get_end_index (history) >= self->seen_end || g_str_equal (run, self->seen_run)) &&
      twin_history_index_to_time (history, 0) == self->seen_origin)
    {
      g_strlcpy (self->seen_run, run, sizeof self->seen_run);
      return FALSE;
    }

  g_array_set_size (self->events, 0);
  g_strlcpy (self->seen_run, run, sizeof self->seen_run);
  self->seen_end = twin_history_get_end_index (history);
  self->seen_first = twin_history_get_first_index (history);
  self->seen_origin = twin_history_index_to_time (history, 0);

  return TRUE;
}

static void
add_event_full (TwinPlot            *self,
                const TwinPlotEvent *event)
{
  check_reset (self);
  if (self->events->len >= MAX_EVENTS)
    g_array_remove_index (self->events, 0);
  g_array_append_vals (self->events, event, 1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
add_event (TwinPlot          *self,
           double             time,
           TwinPlotEventKind  kind,
           gboolean           raised,
           guint              detail)
{
  TwinPlotEvent event = { time, kind, raised, detail, 0, NAN };

  add_event_full (self, &event);
}

static void
engine_changed_cb (TwinPlot   *self,
                   TwinEngine *engine)
{
  const TwinHistory *history = twin_engine_get_history (engine);
  guint64 end = twin_history_get_end_index (history);
  guint64 first = twin_history_get_first_index (history);
  double origin = twin_history_index_to_time (history, 0);
  gboolean changed = check_reset (self);

  for (guint i = 0; i < TWIN_PLOT_N_LIMITS; i++)
    {
      double v = twin_engine_get_param (engine, _twin_plot_limit_params[i]);

      if (v != self->seen_limits[i] && !(isnan (v) && isnan (self->seen_limits[i])))
        {
          self->seen_limits[i] = v;
          changed = TRUE;
        }
    }

  if (end != self->seen_end || first != self->seen_first || origin != self->seen_origin)
    {
      self->seen_end = end;
      self->seen_first = first;
      self->seen_origin = origin;
      changed = TRUE;
    }

  /* GTK draws at most once per frame, however often this is queued. */
  if (changed || _twin_plot_now_changed (self))
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* A new reading, or the readings cleared by a reset.  Only the tiles
 * whose dots changed are drawn again. */
static void
shadow_changed_cb (TwinPlot *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
engine_alarm_cb (TwinPlot             *self,
                 const TwinAlarmEvent *event,
                 TwinEngine           *engine)
{
  TwinPlotEventKind kind = TWIN_PLOT_EVENT_ALARM;

  TwinPlotEvent e;

  if (event->alarm == TWIN_ALARM_TRIPPED || event->alarm == TWIN_ALARM_TEMP_TRIP)
    kind = TWIN_PLOT_EVENT_TRIP;

  e = (TwinPlotEvent) { event->timestamp, kind, event->raised, event->alarm, 0, event->value };
  add_event_full (self, &e);
}

/* Trip resets from anywhere, and whatever came from MQTT or REST. */
static void
engine_command_cb (TwinPlot          *self,
                   const TwinCommand *command,
                   TwinEngine        *engine)
{
  double now = twin_engine_get_timestamp (engine);
  TwinPlotEvent e;

  if ((command->fields & TWIN_COMMAND_RESET_TRIP) && command->reset_trip)
    {
      e = (TwinPlotEvent) { now, TWIN_PLOT_EVENT_RESET, TRUE, TWIN_COMMAND_RESET_TRIP, command->source, NAN };
      add_event_full (self, &e);
    }

  if (command->source == TWIN_COMMAND_SOURCE_MQTT || command->source == TWIN_COMMAND_SOURCE_REST)
    {
      double value = (command->fields & TWIN_COMMAND_RPM_SETPOINT) ? command->rpm_setpoint
                   : (command->fields & TWIN_COMMAND_AMBIENT) ? command->ambient : NAN;

      e = (TwinPlotEvent) { now, TWIN_PLOT_EVENT_COMMAND, TRUE, command->fields, command->source, value };
      add_event_full (self, &e);
    }
}

static void
engine_model_cb (TwinPlot   *self,
                 GParamSpec *pspec,
                 TwinEngine *engine)
{
  const TwinModel *model = twin_engine_get_model (engine);
  TwinPlotEvent e = { twin_engine_get_timestamp (engine), TWIN_PLOT_EVENT_MODEL, TRUE, 0, 0, NAN };

  for (gsize i = 0; i < twin_model_registry_count (); i++)
    if (twin_model_registry_get (i) == model)
      e.detail = i;
  add_event_full (self, &e);
}

static void
engine_fault_cb (TwinPlot   *self,
                 GParamSpec *pspec,
                 TwinEngine *engine)
{
  gboolean cooling = twin_engine_get_cooling_degraded (engine);
  gboolean bearing = twin_engine_get_bearing_defect (engine);
  double now = twin_engine_get_timestamp (engine);

  if (cooling != self->cooling_degraded && !(self->hidden_faults & TWIN_COMMAND_COOLING_DEGRADED))
    add_event (self, now, TWIN_PLOT_EVENT_FAULT, cooling, TWIN_COMMAND_COOLING_DEGRADED);
  if (bearing != self->bearing_defect && !(self->hidden_faults & TWIN_COMMAND_BEARING_DEFECT))
    add_event (self, now, TWIN_PLOT_EVENT_FAULT, bearing, TWIN_COMMAND_BEARING_DEFECT);

  self->cooling_degraded = cooling;
  self->bearing_defect = bearing;
}

/* A backtrack: the markers of the course given back go, and so do those
 * the restore itself set off (its faults and model are the snapshot's);
 * the history keeps its past, so this is no reset. */
static void
engine_restored_cb (TwinPlot   *self,
                    TwinEngine *engine)
{
  const TwinHistory *history = twin_engine_get_history (engine);
  double now = twin_engine_get_timestamp (engine);

  for (guint i = self->events->len; i > 0; i--)
    {
      const TwinPlotEvent *e = &g_array_index (self->events, TwinPlotEvent, i - 1);

      /* The snapshot gone back to keeps its mark. */
      if (e->time > now + TWIN_SIM_TIME_EPSILON ||
          (e->time > now - TWIN_SIM_TIME_EPSILON && e->kind != TWIN_PLOT_EVENT_SNAPSHOT))
        g_array_remove_index (self->events, i - 1);
    }
  self->seen_end = twin_history_get_end_index (history);
  self->seen_first = twin_history_get_first_index (history);
  self->seen_origin = twin_history_index_to_time (history, 0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Follows @engine, or none, instead of the current one; the markers of
 * the current one go. */
void
_twin_plot_watch_engine (TwinPlot   *self,
                         TwinEngine *engine)
{
  g_assert (TWIN_IS_PLOT (self));

  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  if (self->shadow != NULL)
    g_signal_handlers_disconnect_by_data (self->shadow, self);
  g_clear_object (&self->shadow);
  g_clear_pointer (&self->measured, g_array_unref);
  g_set_object (&self->engine, engine);
  g_array_set_size (self->events, 0);

  if (engine != NULL)
    {
      g_signal_connect_object (engine, "changed", G_CALLBACK (engine_changed_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (engine, "restored", G_CALLBACK (engine_restored_cb),
                               self, G_CONNECT_SWAPPED);
      /* The paused ring comes and goes. */
      g_signal_connect_object (engine, "notify::paused", G_CALLBACK (gtk_widget_queue_draw),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (engine, "alarm", G_CALLBACK (engine_alarm_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (engine, "command-applied", G_CALLBACK (engine_command_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (engine, "notify::model", G_CALLBACK (engine_model_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (engine, "notify::cooling-degraded", G_CALLBACK (engine_fault_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (engine, "notify::bearing-defect", G_CALLBACK (engine_fault_cb),
                               self, G_CONNECT_SWAPPED);
      self->shadow = g_object_ref (twin_engine_get_shadow (engine));
      g_signal_connect_object (self->shadow, "measured", G_CALLBACK (shadow_changed_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->shadow, "notify::has-measurement", G_CALLBACK (shadow_changed_cb),
                               self, G_CONNECT_SWAPPED);
      self->cooling_degraded = twin_engine_get_cooling_degraded (engine);
      self->bearing_defect = twin_engine_get_bearing_defect (engine);
      engine_changed_cb (self, engine);
    }
}

/**
 * twin_plot_set_hidden_faults:
 * @faults: the faults (TWIN_COMMAND_COOLING_DEGRADED, …_BEARING_DEFECT)
 *   whose changes get no marker: a training scenario's hidden ones
 */
void
twin_plot_set_hidden_faults (TwinPlot *self,
                             guint     faults)
{
  g_return_if_fail (TWIN_IS_PLOT (self));

  self->hidden_faults = faults;
}

/**
 * twin_plot_add_caption:
 * @time: simulated s at which it was reached
 * @text: the caption as the trainee read it
 *
 * Marks a training scenario's caption on the time axis; hovering the mark
 * shows its text.
 */
void
twin_plot_add_caption (TwinPlot   *self,
                       double      time,
                       const char *text)
{
  TwinPlotEvent event = { time, TWIN_PLOT_EVENT_CAPTION, TRUE, 0, 0, NAN, NULL };

  g_return_if_fail (TWIN_IS_PLOT (self));
  g_return_if_fail (text != NULL);

  event.text = g_intern_string (text);
  add_event_full (self, &event);
}

/**
 * twin_plot_add_snapshot:
 * @time: simulated s of the snapshot
 * @automatic: taken every N minutes, not by hand
 * @label: (nullable): the instructor's label
 *
 * Marks an instructor's snapshot on the time axis; a backtrack drops the
 * marks after its time, as it does every marker's.
 */
void
twin_plot_add_snapshot (TwinPlot   *self,
                        double      time,
                        gboolean    automatic,
                        const char *label)
{
  TwinPlotEvent event = { time, TWIN_PLOT_EVENT_SNAPSHOT, TRUE, !!automatic, 0, NAN, NULL };

  g_return_if_fail (TWIN_IS_PLOT (self));

  if (label != NULL)
    event.text = g_intern_string (label);
  add_event_full (self, &event);
}
