/* twin-whatif.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Predict and advise requests of one service (the REST port, the MQTT
 * mirror): read strictly, bounded in cost (horizon, members, requests in
 * flight), run on the forecaster's worker threads from a copy of the live
 * sim, answered as JSON text on the main context.
 */

#define G_LOG_DOMAIN "twin-whatif"

#include "config.h"

#include "twin-forecaster.h"
#include "twin-json-whatif.h"
#include "twin-whatif.h"

struct _TwinWhatIf
{
  GObject         parent_instance;

  TwinEngine     *engine;
  TwinForecaster *forecaster;
  char           *name;
  guint           busy_slots;  /* bit i: slot i has a request in flight */
};

G_DEFINE_FINAL_TYPE (TwinWhatIf, twin_whatif, G_TYPE_OBJECT)

G_DEFINE_QUARK (twin-whatif-error-quark, twin_whatif_error)

/* A request in flight: the task to answer, and what the answer needs. */
typedef struct
{
  TwinWhatIf     *self;
  GTask          *task;
  guint           slot;
  char           *purpose;
  GCancellable   *cancellable;  /* the caller's, or NULL */
  gulong          cancelled_id;
  TwinSnapshot    live;
  TwinAdviseSpec  advise;
} Flight;

/* Answers @flight with @root as text, or with why there is none; the
 * slot is free again. */
static void
flight_answer (Flight       *flight,
               cJSON        *root,
               const char   *what,
               const GError *error)
{
  if (root == NULL)
    g_task_return_new_error (flight->task, TWIN_WHATIF_ERROR, TWIN_WHATIF_ERROR_FAILED,
                             "%s: %s", what, error->message);
  else
    {
      char *text = cJSON_PrintUnformatted (root);

      g_task_return_pointer (flight->task, g_strdup (text), g_free);
      cJSON_free (text);
      cJSON_Delete (root);
    }

  flight->self->busy_slots &= ~(1u << flight->slot);
  if (flight->cancellable != NULL)
    g_cancellable_disconnect (flight->cancellable, flight->cancelled_id);
  g_clear_object (&flight->cancellable);
  g_object_unref (flight->task);
  g_free (flight->purpose);
  g_free (flight);
}

/* The caller gave up (a client left): the work stops, its slot is free
 * once the forecaster says so. */
static void
cancelled_cb (GCancellable *cancellable,
              Flight       *flight)
{
  twin_forecaster_cancel (flight->self->forecaster, flight->purpose);
}

static void
predicted_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  Flight *flight = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TwinPrediction) prediction = twin_forecaster_request_finish (TWIN_FORECASTER (source), result, &error);

  flight_answer (flight, prediction != NULL ? twin_json_prediction_object (prediction, &flight->live) : NULL,
                 "forecast", error);
}

static void
advised_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  Flight *flight = data;
  g_autoptr(GError) error = NULL;
  g_autofree TwinAdvice *advice = twin_forecaster_advise_finish (TWIN_FORECASTER (source), result, &error);

  flight_answer (flight, advice != NULL ? twin_json_advice_object (advice, &flight->advise) : NULL,
                 "advice", error);
}

static void
twin_whatif_dispose (GObject *object)
{
  TwinWhatIf *self = (TwinWhatIf *)object;

  g_clear_object (&self->forecaster);
  g_clear_object (&self->engine);

  G_OBJECT_CLASS (twin_whatif_parent_class)->dispose (object);
}

static void
twin_whatif_finalize (GObject *object)
{
  TwinWhatIf *self = (TwinWhatIf *)object;

  g_clear_pointer (&self->name, g_free);

  G_OBJECT_CLASS (twin_whatif_parent_class)->finalize (object);
}

static void
twin_whatif_class_init (TwinWhatIfClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = twin_whatif_dispose;
  object_class->finalize = twin_whatif_finalize;
}

static void
twin_whatif_init (TwinWhatIf *self)
{
}

/**
 * twin_whatif_new:
 * @name: the service's, naming its requests to the forecaster
 */
TwinWhatIf *
twin_whatif_new (TwinEngine *engine,
                 const char *name)
{
  TwinWhatIf *self;

  g_return_val_if_fail (TWIN_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  self = g_object_new (TWIN_TYPE_WHATIF, NULL);
  self->engine = g_object_ref (engine);
  self->forecaster = twin_forecaster_new ();
  self->name = g_strdup (name);

  return self;
}

/* Reads a request, before it is known whether there is room for it: a
 * busy answer still echoes its id. */
static gboolean
read_request (TwinWhatIfKind       kind,
              const char          *data,
              gsize                length,
              char               **id_json,
              TwinPredictRequest  *predict,
              TwinAdviseSpec      *advise,
              GError             **error)
{
  g_autoptr(cJSON) root = NULL;

  if (!twin_json_check_payload (data, length, TWIN_JSON_MAX_COMMAND_SIZE, error) ||
      (root = twin_json_parse_object_bounded (data, length, TWIN_JSON_MAX_REQUEST_VALUES, error)) == NULL)
    return FALSE;

  if (id_json != NULL)
    *id_json = twin_json_dup_id (root);

  return kind == TWIN_WHATIF_PREDICT ? twin_json_read_predict (root, predict, error)
                                     : twin_json_read_advise (root, advise, error);
}

/**
 * twin_whatif_start:
 * @id_json: (out) (optional): the request's "id" as JSON text, or %NULL
 * @cancellable: (nullable): stops the work when cancelled; the callback
 *   still runs, with an error
 * @callback: called on the main context with the answer, only when this
 *   returns %TRUE
 *
 * Starts a predict or advise request from the live state. A request that
 * is not valid, or comes while TWIN_WHATIF_MAX_IN_FLIGHT are running
 * (%TWIN_WHATIF_ERROR_BUSY), is refused here, with nothing started.
 */
gboolean
twin_whatif_start (TwinWhatIf           *self,
                   TwinWhatIfKind        kind,
                   const char           *data,
                   gsize                 length,
                   char                **id_json,
                   GCancellable         *cancellable,
                   GAsyncReadyCallback   callback,
                   gpointer              user_data,
                   GError              **error)
{
  TwinPredictRequest predict;
  TwinAdviseSpec advise;
  Flight *flight;
  TwinSim start;

  g_return_val_if_fail (TWIN_IS_WHATIF (self), FALSE);
  g_return_val_if_fail (self->engine != NULL, FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  if (id_json != NULL)
    *id_json = NULL;

  if (!read_request (kind, data, length, id_json, &predict, &advise, error))
    return FALSE;

  if (twin_whatif_get_in_flight (self) >= TWIN_WHATIF_MAX_IN_FLIGHT)
    {
      g_set_error (error, TWIN_WHATIF_ERROR, TWIN_WHATIF_ERROR_BUSY,
                   "busy: %d predict and advise requests are running; allowed: at most %d at a time, "
                   "retry when one has been answered",
                   TWIN_WHATIF_MAX_IN_FLIGHT, TWIN_WHATIF_MAX_IN_FLIGHT);
      return FALSE;
    }

  flight = g_new0 (Flight, 1);
  flight->self = self;
  flight->task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (flight->task, twin_whatif_start);
  while (self->busy_slots & (1u << flight->slot))
    flight->slot++;
  self->busy_slots |= 1u << flight->slot;
  flight->advise = advise;
  twin_engine_get_snapshot (self->engine, &flight->live);
  twin_engine_get_sim (self->engine, &start);

  /* One purpose per slot: a slot is free again only once its request has
   * been answered, so no request cancels another. */
  flight->purpose = g_strdup_printf ("%s/%u", self->name, flight->slot);
  if (kind == TWIN_WHATIF_PREDICT)
    twin_forecaster_request (self->forecaster, flight->purpose, &start, &predict.spec, predict.n_members,
                             predicted_cb, flight);
  else
    twin_forecaster_advise (self->forecaster, flight->purpose, &start, &advise, advised_cb, flight);
  if (cancellable != NULL)
    {
      flight->cancellable = g_object_ref (cancellable);
      flight->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb), flight, NULL);
    }

  return TRUE;
}

/**
 * twin_whatif_shutdown:
 *
 * Cancels the requests in flight (their callbacks still run, with an
 * error) and lets go of the engine: the service is going away, and its
 * engine may go before the workers notice.
 */
void
twin_whatif_shutdown (TwinWhatIf *self)
{
  g_return_if_fail (TWIN_IS_WHATIF (self));

  for (guint slot = 0; slot < TWIN_WHATIF_MAX_IN_FLIGHT; slot++)
    if (self->busy_slots & (1u << slot))
      {
        g_autofree char *purpose = g_strdup_printf ("%s/%u", self->name, slot);

        twin_forecaster_cancel (self->forecaster, purpose);
      }
  g_clear_object (&self->engine);
}

/**
 * twin_whatif_finish:
 *
 * Returns: (transfer full): the answer as JSON text, or %NULL with
 *   %TWIN_WHATIF_ERROR_FAILED when the forecast failed
 */
char *
twin_whatif_finish (TwinWhatIf    *self,
                    GAsyncResult  *result,
                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * twin_whatif_get_in_flight:
 *
 * Returns: requests started and not yet answered
 */
guint
twin_whatif_get_in_flight (TwinWhatIf *self)
{
  g_return_val_if_fail (TWIN_IS_WHATIF (self), 0);

  return (guint)__builtin_popcount (self->busy_slots);
}
