/* twin-forecaster.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs forecasts on worker threads, on copies, and hands each result to
 * the main context it was asked from. A newer request for the same
 * purpose (the course ahead, a what-if branch) cancels the older one.
 */

#define G_LOG_DOMAIN "twin-forecast"

#include "config.h"

#include "twin-forecaster.h"

struct _TwinForecaster
{
  GObject     parent_instance;
  GHashTable *pending;   /* purpose → GCancellable of its newest request */
};

G_DEFINE_FINAL_TYPE (TwinForecaster, twin_forecaster, G_TYPE_OBJECT)

typedef struct
{
  TwinSim     start;
  TwinCommand change;
  gboolean    has_change;
  double      horizon;
  double      interval;
} Request;

static void
run_in_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Request *request = task_data;
  GError *error = NULL;
  TwinForecast *forecast;

  forecast = twin_forecast_run (&request->start, request->has_change ? &request->change : NULL,
                                request->horizon, request->interval, cancellable, &error);
  if (forecast == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, forecast, (GDestroyNotify) twin_forecast_free);
}

static void
twin_forecaster_finalize (GObject *object)
{
  TwinForecaster *self = TWIN_FORECASTER (object);
  GHashTableIter iter;
  gpointer cancellable;

  g_hash_table_iter_init (&iter, self->pending);
  while (g_hash_table_iter_next (&iter, NULL, &cancellable))
    g_cancellable_cancel (cancellable);
  g_clear_pointer (&self->pending, g_hash_table_unref);

  G_OBJECT_CLASS (twin_forecaster_parent_class)->finalize (object);
}

static void
twin_forecaster_class_init (TwinForecasterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = twin_forecaster_finalize;
}

static void
twin_forecaster_init (TwinForecaster *self)
{
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

TwinForecaster *
twin_forecaster_new (void)
{
  return g_object_new (TWIN_TYPE_FORECASTER, NULL);
}

/**
 * twin_forecaster_request:
 * @purpose: what the forecast is for; a newer request for the same
 *   purpose cancels this one
 * @start: the sim to start from, copied now
 * @change: (nullable): the decision to apply first, copied now
 *
 * Runs twin_forecast_run() on a worker thread; @callback runs in the
 * thread-default main context of the caller.
 */
void
twin_forecaster_request (TwinForecaster      *self,
                         const char          *purpose,
                         const TwinSim       *start,
                         const TwinCommand   *change,
                         double               horizon,
                         double               interval,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GTask) task = NULL;
  GCancellable *older;
  Request *request;

  g_return_if_fail (TWIN_IS_FORECASTER (self));
  g_return_if_fail (purpose != NULL);
  g_return_if_fail (start != NULL);

  older = g_hash_table_lookup (self->pending, purpose);
  if (older != NULL)
    g_cancellable_cancel (older);
  g_hash_table_replace (self->pending, g_strdup (purpose), g_object_ref (cancellable));

  request = g_new0 (Request, 1);
  request->start = *start;
  if (change != NULL)
    {
      request->change = *change;
      request->has_change = TRUE;
    }
  request->horizon = horizon;
  request->interval = interval;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, twin_forecaster_request);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_set_task_data (task, request, g_free);
  g_task_run_in_thread (task, run_in_thread);
}

/**
 * twin_forecaster_request_finish:
 *
 * Returns: (transfer full): the forecast, or %NULL with @error set
 *   (G_IO_ERROR_CANCELLED when a newer request took its place)
 */
TwinForecast *
twin_forecaster_request_finish (TwinForecaster  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  g_return_val_if_fail (TWIN_IS_FORECASTER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
