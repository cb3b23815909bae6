/* twin-training.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The scenario an engine plays, as REST and MQTT drive it: one request
 * body for both — {"start": "keep-it-running"} (a shipped scenario) or
 * {"start": {…}} (a scenario itself), {"diagnosis": "bearing_defect"},
 * {"hint": true}, {"stop": true} — and the score sheet as it stands.
 * A scenario started here plays in real time at its own time scale and
 * pauses the engine at its end.
 */

#define G_LOG_DOMAIN "twin-training"

#include "config.h"

#include <string.h>

#include "twin-json.h"
#include "twin-json-scenario.h"
#include "twin-json-score.h"
#include "twin-training.h"

#define MAX_BODY (1024 * 1024)

struct _TwinTraining
{
  GObject          parent_instance;

  TwinEngine      *engine;
  TwinScenarioRun *run;
  guint            next_hint;
  char            *caption;
};

G_DEFINE_FINAL_TYPE (TwinTraining, twin_training, G_TYPE_OBJECT)

enum {
  CHANGED,
  CAPTION,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/**
 * twin_training_get_scenario_dir:
 *
 * Returns: where the shipped scenarios are: $TWINSCOPE_SCENARIO_DIR, the
 *   installed ones, or the source tree's when run from the build directory
 */
const char *
twin_training_get_scenario_dir (void)
{
  const char *env = g_getenv ("TWINSCOPE_SCENARIO_DIR");

  if (env != NULL && *env != '\0')
    return env;
  if (g_file_test (SCENARIODIR, G_FILE_TEST_IS_DIR))
    return SCENARIODIR;
  return SOURCE_SCENARIODIR;
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  return g_strcmp0 (*(const char * const *)a, *(const char * const *)b);
}

/**
 * twin_training_list_shipped:
 *
 * Returns: (transfer full): the shipped scenarios' ids, sorted
 */
GStrv
twin_training_list_shipped (void)
{
  g_autoptr(GDir) dir = g_dir_open (twin_training_get_scenario_dir (), 0, NULL);
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".json"))
      g_ptr_array_add (ids, g_strndup (name, strlen (name) - 5));
  g_ptr_array_sort (ids, compare_ids);
  g_ptr_array_add (ids, NULL);
  return (GStrv)g_ptr_array_free (g_steal_pointer (&ids), FALSE);
}

/**
 * twin_training_load_shipped:
 * @id: a shipped scenario's id, such as keep-it-running
 */
TwinScenario *
twin_training_load_shipped (const char  *id,
                            GError     **error)
{
  g_auto(GStrv) ids = twin_training_list_shipped ();
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;

  if (!g_strv_contains ((const char * const *)ids, id))
    {
      g_autofree char *allowed = g_strjoinv (", ", ids);
      g_autofree char *shown = g_utf8_make_valid (id, MIN (strlen (id), 64));

      g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_INVALID_VALUE,
                   "start: \"%s\" is no shipped scenario; allowed: %s, or a scenario object", shown, allowed);
      return NULL;
    }
  name = g_strconcat (id, ".json", NULL);
  path = g_build_filename (twin_training_get_scenario_dir (), name, NULL);
  return twin_json_scenario_load (path, error);
}

static void
emit_changed (TwinTraining *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
finished_cb (TwinScenarioRun *run,
             TwinTraining    *self)
{
  TwinCommand pause = { .fields = TWIN_COMMAND_PAUSED, .paused = TRUE, .source = TWIN_COMMAND_SOURCE_SCENARIO };

  twin_engine_apply_command (self->engine, &pause, NULL);
  emit_changed (self);
}

static void
caption_cb (TwinScenarioRun *run,
            const char      *text,
            TwinTraining    *self)
{
  g_free (self->caption);
  self->caption = g_strdup (text);
  g_signal_emit (self, signals[CAPTION], 0, text);
}

/**
 * twin_training_get_caption:
 *
 * Returns: (nullable): the last caption reached
 */
const char *
twin_training_get_caption (TwinTraining *self)
{
  g_return_val_if_fail (TWIN_IS_TRAINING (self), NULL);

  return self->caption;
}

static void
stop (TwinTraining *self)
{
  if (self->run != NULL)
    g_signal_handlers_disconnect_by_data (self->run, self);
  g_clear_object (&self->run);
  g_clear_pointer (&self->caption, g_free);
  self->next_hint = 0;
}

static void
twin_training_dispose (GObject *object)
{
  TwinTraining *self = TWIN_TRAINING (object);

  stop (self);
  g_clear_object (&self->engine);

  G_OBJECT_CLASS (twin_training_parent_class)->dispose (object);
}

static void
twin_training_class_init (TwinTrainingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = twin_training_dispose;

  /**
   * TwinTraining::changed:
   *
   * A scenario started or stopped, a check was decided, or it finished:
   * the score sheet changed.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * TwinTraining::caption:
   * @text: a caption of the scenario's timeline, reached now
   */
  signals[CAPTION] =
    g_signal_new ("caption", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
twin_training_init (TwinTraining *self)
{
}

TwinTraining *
twin_training_new (TwinEngine *engine)
{
  TwinTraining *self;

  g_return_val_if_fail (TWIN_IS_ENGINE (engine), NULL);

  self = g_object_new (TWIN_TYPE_TRAINING, NULL);
  self->engine = g_object_ref (engine);
  return self;
}

/**
 * twin_training_start:
 * @scenario: (transfer full): what to play
 *
 * Stops any scenario under way and plays @scenario from its setup, in real
 * time at its time scale.
 */
gboolean
twin_training_start (TwinTraining  *self,
                     TwinScenario  *scenario,
                     GError       **error)
{
  TwinCommand scale = { .fields = TWIN_COMMAND_TIME_SCALE | TWIN_COMMAND_PAUSED,
                        .time_scale = scenario->time_scale, .paused = FALSE,
                        .source = TWIN_COMMAND_SOURCE_SCENARIO };
  TwinScenarioRun *run;

  g_return_val_if_fail (TWIN_IS_TRAINING (self), FALSE);

  stop (self);
  run = twin_scenario_run_new (self->engine, scenario, error);
  if (run == NULL)
    return FALSE;
  self->run = run;
  g_signal_connect_swapped (run, "check-decided", G_CALLBACK (emit_changed), self);
  g_signal_connect (run, "finished", G_CALLBACK (finished_cb), self);
  g_signal_connect (run, "caption", G_CALLBACK (caption_cb), self);
  twin_engine_apply_command (self->engine, &scale, NULL);
  twin_scenario_run_start (run);
  emit_changed (self);
  return TRUE;
}

TwinScenarioRun *
twin_training_get_run (TwinTraining *self)
{
  g_return_val_if_fail (TWIN_IS_TRAINING (self), NULL);

  return self->run;
}

/**
 * twin_training_dup_sheet:
 *
 * Returns: (transfer full) (nullable): the score sheet, or %NULL when no
 *   scenario was started
 */
char *
twin_training_dup_sheet (TwinTraining *self)
{
  g_return_val_if_fail (TWIN_IS_TRAINING (self), NULL);

  if (self->run == NULL)
    return NULL;
  return twin_json_score_sheet (twin_scenario_run_get_scenario (self->run), twin_scenario_run_get_score (self->run));
}

static gboolean
no_scenario (GError **error)
{
  g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_INVALID_VALUE,
               "no scenario is running; start one with {\"start\": \"keep-it-running\"}");
  return FALSE;
}

/**
 * twin_training_diagnose:
 * @fault: what the operator names
 */
gboolean
twin_training_diagnose (TwinTraining  *self,
                        const char    *fault,
                        GError       **error)
{
  g_return_val_if_fail (TWIN_IS_TRAINING (self), FALSE);

  if (self->run == NULL)
    return no_scenario (error);
  if (g_strcmp0 (fault, "cooling_degraded") != 0 && g_strcmp0 (fault, "bearing_defect") != 0)
    {
      g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_INVALID_VALUE,
                   "diagnosis: allowed: cooling_degraded, bearing_defect");
      return FALSE;
    }
  if (!twin_scenario_run_diagnose (self->run, fault))
    {
      g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_INVALID_VALUE,
                   "diagnosis: this scenario asks for none, or it was given already");
      return FALSE;
    }
  emit_changed (self);
  return TRUE;
}

/**
 * twin_training_take_hint:
 *
 * Returns: (transfer none) (nullable): the next hint, which costs the
 *   scenario's hint_cost, or %NULL with @error when there is none left
 */
const char *
twin_training_take_hint (TwinTraining  *self,
                         GError       **error)
{
  const TwinScenario *scenario;

  g_return_val_if_fail (TWIN_IS_TRAINING (self), NULL);

  if (self->run == NULL)
    {
      no_scenario (error);
      return NULL;
    }
  scenario = twin_scenario_run_get_scenario (self->run);
  if (self->next_hint >= scenario->hints->len)
    {
      g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_INVALID_VALUE,
                   "hint: this scenario has no hint left (%u given)", self->next_hint);
      return NULL;
    }
  twin_score_use_hint (twin_scenario_run_get_score (self->run));
  emit_changed (self);
  return g_ptr_array_index (scenario->hints, self->next_hint++);
}

/**
 * twin_training_handle:
 * @hint: (out) (transfer none) (nullable): the hint given, for {"hint": true}
 *
 * Runs one request body, as REST's POST /scenario and MQTT's
 * <prefix>/scenario take it. Exactly one action per body.
 */
gboolean
twin_training_handle (TwinTraining  *self,
                      const char    *data,
                      gsize          length,
                      const char   **hint,
                      GError       **error)
{
  static const char * const actions[] = { "start", "diagnosis", "hint", "stop", "id", NULL };
  g_autoptr(cJSON) root = NULL;
  const cJSON *item;
  guint n = 0;

  g_return_val_if_fail (TWIN_IS_TRAINING (self), FALSE);

  *hint = NULL;
  if (!twin_json_check_payload (data, length, MAX_BODY, error) ||
      (root = twin_json_parse_object_bounded (data, length, 100000, error)) == NULL)
    return FALSE;
  for (item = root->child; item != NULL; item = item->next)
    {
      if (!g_strv_contains (actions, item->string))
        {
          g_autofree char *shown = twin_json_shorten (item->string, -1);

          g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_UNKNOWN_FIELD,
                       "%s: unknown field; allowed: start, diagnosis, hint, stop (one of them), id", shown);
          return FALSE;
        }
      n += !g_str_equal (item->string, "id");
    }
  if (n != 1)
    {
      g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_MALFORMED,
                   "one of start, diagnosis, hint or stop; %u given", n);
      return FALSE;
    }

  if ((item = cJSON_GetObjectItemCaseSensitive (root, "start")) != NULL)
    {
      TwinScenario *scenario;

      if (cJSON_IsString (item))
        scenario = twin_training_load_shipped (item->valuestring, error);
      else if (cJSON_IsObject (item))
        {
          g_autofree char *text = cJSON_PrintUnformatted (item);

          scenario = twin_json_scenario_parse (text, strlen (text), "posted", error);
          if (scenario == NULL)
            g_prefix_error (error, "start: ");
        }
      else
        {
          g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_WRONG_TYPE,
                       "start: a shipped scenario's id or a scenario object");
          return FALSE;
        }
      return scenario != NULL && twin_training_start (self, scenario, error);
    }
  if ((item = cJSON_GetObjectItemCaseSensitive (root, "diagnosis")) != NULL)
    return twin_training_diagnose (self, cJSON_IsString (item) ? item->valuestring : NULL, error);
  if ((item = cJSON_GetObjectItemCaseSensitive (root, "hint")) != NULL)
    {
      if (!cJSON_IsTrue (item))
        {
          g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_WRONG_TYPE, "hint: allowed: true");
          return FALSE;
        }
      *hint = twin_training_take_hint (self, error);
      return *hint != NULL;
    }
  item = cJSON_GetObjectItemCaseSensitive (root, "stop");
  if (!cJSON_IsTrue (item))
    {
      g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_WRONG_TYPE, "stop: allowed: true");
      return FALSE;
    }
  if (self->run == NULL)
    return no_scenario (error);
  twin_scenario_run_finish (self->run);
  emit_changed (self);
  return TRUE;
}
