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

/* GTask hands a request to its worker, and the answer back, through
 * GLib's own futexes, which ThreadSanitizer does not see: an atomic at
 * the head of each request says the same order where it can. */
typedef struct
{
  gint stage;
} Handover;

static void
hand (Handover *handover,
      gint      stage)
{
  g_atomic_int_set (&handover->stage, stage);
}

static void
take (Handover *handover)
{
  (void) g_atomic_int_get (&handover->stage);
}

typedef struct
{
  Handover         handover;
  TwinSim          start;
  TwinForecastSpec spec;
  guint            n_members;
} Request;

typedef struct
{
  Handover       handover;
  TwinSim        start;
  TwinAdviseSpec spec;
} AdviseRequest;

static void
predict_in_thread (GTask        *task,
                   gpointer      source,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  Request *request = task_data;
  g_autoptr(TwinPrediction) prediction = NULL;
  TwinForecastSpec members;
  GError *error = NULL;

  take (&request->handover);
  prediction = g_new0 (TwinPrediction, 1);
  members = request->spec;
  /* The members take long steps: their spread is far wider than that. */
  members.fast = TRUE;
  prediction->course = twin_forecast_run (&request->start, &request->spec, cancellable, &error);
  if (prediction->course != NULL && request->n_members > 0)
    prediction->ensemble = twin_ensemble_run (&request->start, &members, request->n_members, 0,
                                              cancellable, &error);
  hand (&request->handover, 2);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&prediction), (GDestroyNotify) twin_prediction_free);
}

static void
advise_in_thread (GTask        *task,
                  gpointer      source,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  AdviseRequest *request = task_data;
  GError *error = NULL;
  TwinAdvice *advice;

  take (&request->handover);
  advice = twin_advise_run (&request->start, &request->spec, 0, cancellable, &error);
  hand (&request->handover, 2);
  if (advice == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, advice, g_free);
}

/* A request that ended no longer stands for its purpose, unless a newer
 * one took its place: the table holds the requests under way only. */
static void
completed_cb (GTask          *task,
              GParamSpec     *pspec,
              TwinForecaster *self)
{
  const char *purpose = g_object_get_data (G_OBJECT (task), "twin-purpose");

  if (self->pending != NULL && g_hash_table_lookup (self->pending, purpose) == g_task_get_cancellable (task))
    g_hash_table_remove (self->pending, purpose);
}

/* Runs @func on a worker for @purpose, whose older request it cancels. */
static void
run_for_purpose (TwinForecaster      *self,
                 const char          *purpose,
                 gpointer             source_tag,
                 gpointer             data,
                 GTaskThreadFunc      func,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GTask) task = NULL;

  twin_forecaster_cancel (self, purpose);
  g_hash_table_replace (self->pending, g_strdup (purpose), g_object_ref (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_set_task_data (task, data, g_free);
  g_object_set_data_full (G_OBJECT (task), "twin-purpose", g_strdup (purpose), g_free);
  g_signal_connect (task, "notify::completed", G_CALLBACK (completed_cb), self);
  hand (data, 1);
  g_task_run_in_thread (task, func);
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
 * @spec: what to forecast, copied now
 * @n_members: members of the ensemble to run as well, or 0 for none
 *
 * Runs twin_forecast_run() and, when @n_members > 0, twin_ensemble_run()
 * with long steps (@spec's fast set) on a worker thread; @callback runs
 * in the thread-default main context of the caller. A spec that is
 * refused fails the request with the reason.
 */
void
twin_forecaster_request (TwinForecaster          *self,
                         const char              *purpose,
                         const TwinSim           *start,
                         const TwinForecastSpec  *spec,
                         guint                    n_members,
                         GAsyncReadyCallback      callback,
                         gpointer                 user_data)
{
  Request *request;

  g_return_if_fail (TWIN_IS_FORECASTER (self));
  g_return_if_fail (purpose != NULL);
  g_return_if_fail (start != NULL);
  g_return_if_fail (spec != NULL);

  request = g_new0 (Request, 1);
  request->start = *start;
  request->spec = *spec;
  request->n_members = n_members;
  run_for_purpose (self, purpose, twin_forecaster_request, request, predict_in_thread, callback, user_data);
}

/**
 * twin_forecaster_request_finish:
 *
 * Returns: (transfer full): the prediction, or %NULL with @error set
 *   (G_IO_ERROR_CANCELLED when a newer request took its place)
 */
TwinPrediction *
twin_forecaster_request_finish (TwinForecaster  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  g_return_val_if_fail (TWIN_IS_FORECASTER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == twin_forecaster_request, NULL);

  take (g_task_get_task_data (G_TASK (result)));
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * twin_forecaster_advise:
 * @purpose: as for twin_forecaster_request(); the two share the names
 *
 * Runs twin_advise_run() on a worker thread; @callback runs in the
 * thread-default main context of the caller.
 */
void
twin_forecaster_advise (TwinForecaster        *self,
                        const char            *purpose,
                        const TwinSim         *start,
                        const TwinAdviseSpec  *spec,
                        GAsyncReadyCallback    callback,
                        gpointer               user_data)
{
  AdviseRequest *request;

  g_return_if_fail (TWIN_IS_FORECASTER (self));
  g_return_if_fail (purpose != NULL);
  g_return_if_fail (start != NULL);
  g_return_if_fail (spec != NULL);

  request = g_new0 (AdviseRequest, 1);
  request->start = *start;
  request->spec = *spec;
  run_for_purpose (self, purpose, twin_forecaster_advise, request, advise_in_thread, callback, user_data);
}

/**
 * twin_forecaster_advise_finish:
 *
 * Returns: (transfer full): the advice (free with g_free()), or %NULL
 *   with @error set
 */
TwinAdvice *
twin_forecaster_advise_finish (TwinForecaster  *self,
                               GAsyncResult    *result,
                               GError         **error)
{
  g_return_val_if_fail (TWIN_IS_FORECASTER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == twin_forecaster_advise, NULL);

  take (g_task_get_task_data (G_TASK (result)));
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * twin_forecaster_cancel:
 *
 * Cancels the request for @purpose under way, if any: its callback
 * still runs, with G_IO_ERROR_CANCELLED.
 */
void
twin_forecaster_cancel (TwinForecaster *self,
                        const char     *purpose)
{
  GCancellable *older;

  g_return_if_fail (TWIN_IS_FORECASTER (self));
  g_return_if_fail (purpose != NULL);

  older = g_hash_table_lookup (self->pending, purpose);
  if (older != NULL)
    {
      g_cancellable_cancel (older);
      g_hash_table_remove (self->pending, purpose);
    }
}

void
twin_prediction_free (TwinPrediction *prediction)
{
  if (prediction == NULL)
    return;

  g_clear_pointer (&prediction->course, twin_forecast_free);
  g_clear_pointer (&prediction->ensemble, twin_ensemble_free);
  g_free (prediction);
}
