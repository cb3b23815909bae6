/* twin-csv-log.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The changes of the alarms, faults and model, at the simulated time of
 * each, for the CSV's columns beside the history's values.
 */

#define G_LOG_DOMAIN "twin-csv"

#include "config.h"

#include "twin-csv-log.h"

struct _TwinCsvLog
{
  TwinEngine *engine;
  GArray     *marks;    /* TwinCsvMark, oldest first, at least one */
};

static void
mark_now (TwinCsvLog  *self,
          TwinCsvMark *mark)
{
  TwinSnapshot s;

  twin_engine_get_snapshot (self->engine, &s);
  *mark = (TwinCsvMark) {
    .time = s.timestamp,
    .alarms = s.alarms,
    .cooling_degraded = s.cooling_degraded,
    .bearing_defect = s.bearing_defect,
  };
  g_strlcpy (mark->model, twin_engine_get_model (self->engine)->id, sizeof mark->model);
}

/* Appends @mark, and forgets those that only cover samples the history
 * has dropped, so that the log stays as bounded as the history. */
static void
append (TwinCsvLog        *self,
        const TwinCsvMark *mark)
{
  double first = twin_history_get_first_time (twin_engine_get_history (self->engine));
  TwinCsvMark *last = &g_array_index (self->marks, TwinCsvMark, self->marks->len - 1);

  if (last->time >= mark->time)
    *last = *mark;
  else
    g_array_append_val (self->marks, *mark);

  while (self->marks->len > 1 && g_array_index (self->marks, TwinCsvMark, 1).time <= first)
    g_array_remove_index (self->marks, 0);
}

static void
alarm_cb (TwinEngine           *engine,
          const TwinAlarmEvent *event,
          TwinCsvLog           *self)
{
  TwinCsvMark mark = g_array_index (self->marks, TwinCsvMark, self->marks->len - 1);

  mark.time = event->timestamp;
  if (event->raised)
    mark.alarms |= event->alarm;
  else
    mark.alarms &= ~(guint) event->alarm;
  append (self, &mark);
}

static void
command_applied_cb (TwinEngine        *engine,
                    const TwinCommand *command,
                    TwinCsvLog        *self)
{
  TwinCsvMark mark;

  if (!(command->fields & (TWIN_COMMAND_COOLING_DEGRADED | TWIN_COMMAND_BEARING_DEFECT |
                           TWIN_COMMAND_MODEL | TWIN_COMMAND_RESET | TWIN_COMMAND_RESET_TRIP)))
    return;

  mark_now (self, &mark);
  if (command->fields & TWIN_COMMAND_RESET)
    g_array_set_size (self->marks, 0);
  if (self->marks->len == 0)
    g_array_append_val (self->marks, mark);
  else
    append (self, &mark);
}

/**
 * twin_csv_log_new:
 *
 * Returns: a log of @engine's alarms, faults and model from now on; what
 *   came before is taken to be as it is now
 */
TwinCsvLog *
twin_csv_log_new (TwinEngine *engine)
{
  TwinCsvLog *self;
  TwinCsvMark mark;

  g_return_val_if_fail (TWIN_IS_ENGINE (engine), NULL);

  self = g_new0 (TwinCsvLog, 1);
  self->engine = g_object_ref (engine);
  self->marks = g_array_new (FALSE, FALSE, sizeof (TwinCsvMark));
  mark_now (self, &mark);
  g_array_append_val (self->marks, mark);

  g_signal_connect (engine, "alarm", G_CALLBACK (alarm_cb), self);
  g_signal_connect (engine, "command-applied", G_CALLBACK (command_applied_cb), self);

  return self;
}

void
twin_csv_log_free (TwinCsvLog *self)
{
  if (self == NULL)
    return;

  g_signal_handlers_disconnect_by_data (self->engine, self);
  g_clear_object (&self->engine);
  g_clear_pointer (&self->marks, g_array_unref);
  g_free (self);
}

TwinEngine *
twin_csv_log_get_engine (const TwinCsvLog *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->engine;
}

/**
 * twin_csv_log_get_marks:
 *
 * Returns: (array length=n_marks): the changes, oldest first; the first
 *   stands for everything before it
 */
const TwinCsvMark *
twin_csv_log_get_marks (const TwinCsvLog *self,
                        guint            *n_marks)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (n_marks != NULL, NULL);

  *n_marks = self->marks->len;
  return (const TwinCsvMark *) (gpointer) self->marks->data;
}
