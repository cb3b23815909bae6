/* twin-recorder.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The flight recorder: a session as an MCAP file, JSON messages with
 * jsonschema schemas so that any MCAP viewer shows them. Channels:
 *   /state      every state at the history's interval
 *   /commands   every applied command, with its source and step
 *   /alarms     every alarm raised or cleared
 *   /keyframes  the whole simulation, at the start and every simulated
 *               minute, so that a replay or a viewer can seek
 *   /restores   the whole simulation a backtrack went back to, which a
 *               replay restores there too
 *   /readings   every sensor reading shadow mode accepted, with its residuals
 *   /captions   a training scenario's captions as they are reached
 *   /scores     its score sheet, each time it changes
 * The "twinscope" metadata names the version, model, parameters, seed and
 * initial state. Log times are simulated nanoseconds since the recording
 * began, counted on across resets and backtracks, so they only grow. The file is synced every second of
 * wall time; stopping writes its summary.
 */

#define G_LOG_DOMAIN "twin-recorder"

#include "config.h"

#include <math.h>

#include "twin-json.h"
#include "twin-json-score.h"
#include "twin-json-recorded.h"
#include "twin-json-sim.h"
#include "twin-mcap-writer.h"
#include "twin-recorder.h"
#include "twin-schema.h"
#include "twin-training.h"

#define FLUSH_INTERVAL_S 1

struct _TwinRecorder
{
  GObject         parent_instance;

  TwinEngine     *engine;
  TwinMcapWriter *writer;
  char           *path;
  GError         *error;

  guint16         state_channel;
  guint16         command_channel;
  guint16         alarm_channel;
  guint16         keyframe_channel;
  guint16         restore_channel;
  guint16         reading_channel;
  guint16         caption_channel;
  guint16         score_channel;

  TwinTraining    *training;   /* whose scenario runs it follows, or NULL */
  TwinScenarioRun *run;        /* whose captions and score it keeps, or NULL */
  char            *last_sheet;

  double          run_offset;     /* simulated s of the runs before this one and given back */
  double          began;          /* run_offset + timestamp when it began */
  double          next_keyframe;
  guint           flush_id;
};

G_DEFINE_FINAL_TYPE (TwinRecorder, twin_recorder, G_TYPE_OBJECT)

static guint64
log_time (TwinRecorder *self,
          double        timestamp)
{
  return (guint64)llround ((self->run_offset + timestamp) * 1e9);
}

static void
add_text (TwinRecorder *self,
          guint16       channel,
          double        timestamp,
          const char   *text)
{
  twin_mcap_writer_add_message (self->writer, channel, log_time (self, timestamp), text, strlen (text));
}

static void
add_sim (TwinRecorder *self,
         guint16       channel)
{
  TwinSim sim;
  g_autoptr(cJSON) keyframe = NULL;
  char *text;

  twin_engine_get_sim (self->engine, &sim);
  keyframe = twin_json_sim_object (&sim);
  text = cJSON_PrintUnformatted (keyframe);
  add_text (self, channel, sim.state.timestamp, text);
  cJSON_free (text);
}

static void
add_keyframe (TwinRecorder *self)
{
  double timestamp = twin_engine_get_timestamp (self->engine);

  add_sim (self, self->keyframe_channel);
  self->next_keyframe = (floor (timestamp / TWIN_RECORDER_KEYFRAME_INTERVAL) + 1) *
                        TWIN_RECORDER_KEYFRAME_INTERVAL;
}

static void
sampled_cb (TwinEngine         *engine,
            const TwinSnapshot *snapshot,
            TwinRecorder       *self)
{
  g_autofree char *state = twin_json_encode_state (snapshot, NULL);

  add_text (self, self->state_channel, snapshot->timestamp, state);
  if (snapshot->timestamp >= self->next_keyframe - TWIN_SIM_TIME_EPSILON)
    add_keyframe (self);
}

static void
alarm_cb (TwinEngine           *engine,
          const TwinAlarmEvent *event,
          TwinRecorder         *self)
{
  g_autofree char *alarm = twin_json_encode_alarm (event, twin_engine_get_run (engine));

  add_text (self, self->alarm_channel, event->timestamp, alarm);
}

static void
command_applied_cb (TwinEngine        *engine,
                    const TwinCommand *command,
                    TwinRecorder      *self)
{
  double now = twin_engine_get_timestamp (engine);
  g_autofree char *text = NULL;

  if (command->fields & TWIN_COMMAND_RESET)
    {
      double ended = 0;

      twin_engine_get_previous_run (engine, &ended);
      self->run_offset += ended;
    }
  text = twin_json_encode_recorded_command (command, now,
                                            twin_engine_get_previous_run_steps (engine));
  add_text (self, self->command_channel, now, text);
  if (command->fields & TWIN_COMMAND_RESET)
    add_keyframe (self);
}

/* A backtrack: the time given back counts on in the log times. */
static void
restored_cb (TwinEngine   *engine,
             TwinRecorder *self)
{
  double from = 0;

  twin_engine_get_last_restore (engine, &from);
  self->run_offset += MAX (0, from - twin_engine_get_timestamp (engine));
  add_sim (self, self->restore_channel);
  add_keyframe (self);
}

static void
measured_cb (TwinShadow            *shadow,
             const TwinMeasurement *m,
             TwinRecorder          *self)
{
  g_autoptr(cJSON) object = cJSON_CreateObject ();
  char *text;

  cJSON_AddNumberToObject (object, "temperature", m->reading.temperature);
  cJSON_AddNumberToObject (object, "vibration", m->reading.vibration);
  cJSON_AddNumberToObject (object, "rpm", m->reading.rpm);
  cJSON_AddNumberToObject (object, "timestamp", m->reading.timestamp);
  cJSON_AddNumberToObject (object, "sim_time", m->sim_time);
  cJSON_AddNumberToObject (object, "residual_temperature", m->residual_temperature);
  cJSON_AddNumberToObject (object, "residual_vibration", m->residual_vibration);
  cJSON_AddNumberToObject (object, "residual_rpm", m->residual_rpm);
  text = cJSON_PrintUnformatted (object);
  add_text (self, self->reading_channel, m->sim_time, text);
  cJSON_free (text);
}

/* From a TwinScenarioRun or a TwinTraining, which passes its runs' on. */
static void
caption_cb (GObject         *source,
            const char      *caption,
            TwinRecorder    *self)
{
  double now = twin_engine_get_timestamp (self->engine);
  g_autoptr(cJSON) object = cJSON_CreateObject ();
  char *text;

  cJSON_AddStringToObject (object, "text", caption);
  cJSON_AddNumberToObject (object, "timestamp", now);
  text = cJSON_PrintUnformatted (object);
  add_text (self, self->caption_channel, now, text);
  cJSON_free (text);
}

/* The score sheet, each time it is not what was written last. */
static void
add_sheet (TwinRecorder *self)
{
  g_autofree char *sheet = NULL;

  if (self->run == NULL || self->writer == NULL)
    return;
  sheet = twin_json_score_sheet (twin_scenario_run_get_scenario (self->run),
                                 twin_scenario_run_get_score (self->run));
  if (g_strcmp0 (sheet, self->last_sheet) == 0)
    return;
  add_text (self, self->score_channel, twin_engine_get_timestamp (self->engine), sheet);
  g_free (self->last_sheet);
  self->last_sheet = g_steal_pointer (&sheet);
}

static void
follow_run (TwinRecorder    *self,
            TwinScenarioRun *run,
            gboolean         captions)
{
  if (run == self->run)
    return;
  if (self->run != NULL)
    g_signal_handlers_disconnect_by_data (self->run, self);
  g_set_object (&self->run, run);
  if (run == NULL || self->writer == NULL)
    return;
  if (captions)
    g_signal_connect (run, "caption", G_CALLBACK (caption_cb), self);
  g_signal_connect_swapped (run, "check-decided", G_CALLBACK (add_sheet), self);
  g_signal_connect_swapped (run, "finished", G_CALLBACK (add_sheet), self);
}

/* A scenario started, stopped, or its score changed (a hint). */
static void
training_changed_cb (TwinTraining *training,
                     TwinRecorder *self)
{
  follow_run (self, twin_training_get_run (training), FALSE);
  add_sheet (self);
}

static void
stop_listening (TwinRecorder *self)
{
  if (self->training != NULL)
    g_signal_handlers_disconnect_by_data (self->training, self);
  if (self->run != NULL)
    g_signal_handlers_disconnect_by_data (self->run, self);
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (twin_engine_get_shadow (self->engine), self);
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_clear_handle_id (&self->flush_id, g_source_remove);
}

static gboolean
flush_cb (gpointer data)
{
  TwinRecorder *self = data;

  if (!twin_mcap_writer_flush (self->writer, &self->error))
    {
      g_warning ("%s; recording stopped", self->error->message);
      self->flush_id = 0;
      stop_listening (self);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static guint16
add_schema (TwinRecorder *self,
            const char   *schema_name,
            cJSON        *schema)
{
  g_autofree char *text = cJSON_PrintUnformatted (schema);

  cJSON_Delete (schema);
  return twin_mcap_writer_add_schema (self->writer, schema_name, "jsonschema", text);
}

static guint16
add_channel (TwinRecorder *self,
             const char   *topic,
             const char   *schema_name,
             cJSON        *schema)
{
  return twin_mcap_writer_add_channel (self->writer, add_schema (self, schema_name, schema), topic, "json");
}

static cJSON *
named_schema (const char *name)
{
  return cJSON_Parse (twin_schema_get (name));
}

static cJSON *
keyframe_schema (void)
{
  static const char * const required[] = { "model", "params", "inputs", "state", "steps", "noise_seed", NULL };
  cJSON *p = cJSON_CreateObject ();

  cJSON_AddItemToObject (p, "model", twin_schema_typed ("string", "The model, name@version"));
  cJSON_AddItemToObject (p, "params", twin_schema_typed ("object", "Every parameter of the model"));
  cJSON_AddItemToObject (p, "inputs", twin_schema_typed ("object", "Ambient, setpoint and faults"));
  cJSON_AddItemToObject (p, "state", twin_schema_typed ("object", "The model's whole state"));
  cJSON_AddItemToObject (p, "steps", twin_schema_typed ("string", "Steps since the last reset"));
  cJSON_AddItemToObject (p, "noise_seed", twin_schema_typed ("string", "The measurement noise's seed"));
  return twin_schema_object (p, required, "Keyframe",
                             "The whole simulation, from which a replay goes on bit for bit");
}

static cJSON *
reading_schema (void)
{
  static const char * const required[] = { "temperature", "vibration", "rpm", "timestamp", "sim_time", NULL };
  cJSON *p = cJSON_CreateObject ();

  cJSON_AddItemToObject (p, "temperature", twin_schema_typed ("number", "Measured temperature, °C"));
  cJSON_AddItemToObject (p, "vibration", twin_schema_typed ("number", "Measured vibration velocity, mm/s"));
  cJSON_AddItemToObject (p, "rpm", twin_schema_typed ("number", "Measured speed, rpm"));
  cJSON_AddItemToObject (p, "timestamp", twin_schema_typed ("number", "The machine's own clock, s"));
  cJSON_AddItemToObject (p, "sim_time", twin_schema_typed ("number", "The twin's simulated s when it arrived"));
  cJSON_AddItemToObject (p, "residual_temperature", twin_schema_typed ("number", "Measured − simulated, K"));
  cJSON_AddItemToObject (p, "residual_vibration", twin_schema_typed ("number", "Measured − simulated, mm/s"));
  cJSON_AddItemToObject (p, "residual_rpm", twin_schema_typed ("number", "Measured − simulated, rpm"));
  return twin_schema_object (p, required, "Reading", "A sensor reading shadow mode accepted");
}

static cJSON *
caption_schema (void)
{
  static const char * const required[] = { "text", "timestamp", NULL };
  cJSON *p = cJSON_CreateObject ();

  cJSON_AddItemToObject (p, "text", twin_schema_typed ("string", "The caption, in the recording user's language"));
  cJSON_AddItemToObject (p, "timestamp", twin_schema_typed ("number", "Simulated s when it was reached"));
  return twin_schema_object (p, required, "Caption", "A training scenario's caption, reached");
}

static cJSON *
score_schema (void)
{
  static const char * const required[] = { "scenario", "score", "passed", "checks", NULL };
  cJSON *p = cJSON_CreateObject ();

  cJSON_AddItemToObject (p, "scenario", twin_schema_typed ("string", "The scenario's id"));
  cJSON_AddItemToObject (p, "score", twin_schema_typed ("number", "0 … 100"));
  cJSON_AddItemToObject (p, "passed", twin_schema_typed ("boolean", "No check failed and the pass mark is reached"));
  cJSON_AddItemToObject (p, "checks", twin_schema_typed ("array", "Each check's status and points"));
  return twin_schema_object (p, required, "ScoreSheet", "A training scenario's score sheet, as it changed");
}

static void
write_metadata (TwinRecorder *self)
{
  TwinSim sim;
  g_autoptr(cJSON) keyframe = NULL;
  char *keyframe_text, *params_text, *controls_text;
  TwinCommand controls;
  g_autoptr(cJSON) controls_object = NULL;
  g_autofree char *seed = NULL;
  g_autofree char *started = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  twin_engine_get_sim (self->engine, &sim);
  keyframe = twin_json_sim_object (&sim);
  keyframe_text = cJSON_PrintUnformatted (keyframe);
  params_text = cJSON_PrintUnformatted (cJSON_GetObjectItem (keyframe, "params"));
  twin_engine_get_controls (self->engine, &controls);
  controls_object = twin_json_controls_object (&controls);
  controls_text = cJSON_PrintUnformatted (controls_object);
  seed = g_strdup_printf ("%" G_GUINT64_FORMAT, sim.noise_seed);
  started = g_date_time_format_iso8601 (now);

  {
    const char *pairs[] = {
      "version", PACKAGE_VERSION,
      "model", sim.model->id,
      "parameters", params_text,
      "seed", seed,
      "noise", sim.noise ? "on" : "off",
      "run", twin_engine_get_run (self->engine),
      "started", started,
      "initial_state", keyframe_text,
      "controls", controls_text,
      NULL
    };

    twin_mcap_writer_add_metadata (self->writer, "twinscope", pairs);
  }
  cJSON_free (keyframe_text);
  cJSON_free (params_text);
  cJSON_free (controls_text);
}

static void
twin_recorder_dispose (GObject *object)
{
  TwinRecorder *self = TWIN_RECORDER (object);

  stop_listening (self);
  g_clear_object (&self->training);
  g_clear_object (&self->run);
  g_clear_object (&self->engine);

  G_OBJECT_CLASS (twin_recorder_parent_class)->dispose (object);
}

static void
twin_recorder_finalize (GObject *object)
{
  TwinRecorder *self = TWIN_RECORDER (object);

  g_clear_pointer (&self->writer, twin_mcap_writer_free);
  g_clear_error (&self->error);
  g_free (self->path);
  g_free (self->last_sheet);

  G_OBJECT_CLASS (twin_recorder_parent_class)->finalize (object);
}

static void
twin_recorder_class_init (TwinRecorderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = twin_recorder_dispose;
  object_class->finalize = twin_recorder_finalize;
}

static void
twin_recorder_init (TwinRecorder *self)
{
}

/**
 * twin_recorder_new:
 * @path: the MCAP file to write; created or truncated
 *
 * Starts recording @engine from its state now.
 */
TwinRecorder *
twin_recorder_new (TwinEngine  *engine,
                   const char  *path,
                   GError     **error)
{
  g_autoptr(TwinRecorder) self = NULL;
  g_autofree char *library = g_strdup_printf ("Twinscope %s", PACKAGE_VERSION);
  guint16 keyframe_id;

  g_return_val_if_fail (TWIN_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (TWIN_TYPE_RECORDER, NULL);
  self->writer = twin_mcap_writer_new (path, "", library, error);
  if (self->writer == NULL)
    return NULL;
  self->engine = g_object_ref (engine);
  self->path = g_strdup (path);

  self->state_channel = add_channel (self, "/state", "twinscope.State", named_schema ("state"));
  self->command_channel = add_channel (self, "/commands", "twinscope.AppliedCommand",
                                       twin_json_recorded_command_schema ());
  self->alarm_channel = add_channel (self, "/alarms", "twinscope.Alarm", named_schema ("alarm"));
  keyframe_id = add_schema (self, "twinscope.Keyframe", keyframe_schema ());
  self->keyframe_channel = twin_mcap_writer_add_channel (self->writer, keyframe_id, "/keyframes", "json");
  self->restore_channel = twin_mcap_writer_add_channel (self->writer, keyframe_id, "/restores", "json");
  self->reading_channel = add_channel (self, "/readings", "twinscope.Reading", reading_schema ());
  self->caption_channel = add_channel (self, "/captions", "twinscope.Caption", caption_schema ());
  self->score_channel = add_channel (self, "/scores", "twinscope.ScoreSheet", score_schema ());
  write_metadata (self);
  add_keyframe (self);
  self->began = twin_engine_get_timestamp (engine);

  g_signal_connect (engine, "sampled", G_CALLBACK (sampled_cb), self);
  g_signal_connect (engine, "alarm", G_CALLBACK (alarm_cb), self);
  g_signal_connect (engine, "command-applied", G_CALLBACK (command_applied_cb), self);
  g_signal_connect (engine, "restored", G_CALLBACK (restored_cb), self);
  g_signal_connect (twin_engine_get_shadow (engine), "measured", G_CALLBACK (measured_cb), self);
  self->flush_id = g_timeout_add_seconds (FLUSH_INTERVAL_S, flush_cb, self);

  if (!twin_mcap_writer_flush (self->writer, error))
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * twin_recorder_stop:
 *
 * Stops recording and finishes the file with its summary.
 */
gboolean
twin_recorder_stop (TwinRecorder  *self,
                    GError       **error)
{
  g_return_val_if_fail (TWIN_IS_RECORDER (self), FALSE);

  stop_listening (self);
  if (self->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->error));
      return FALSE;
    }
  if (self->writer == NULL)
    return TRUE;
  if (!twin_mcap_writer_close (self->writer, error))
    return FALSE;
  g_clear_pointer (&self->writer, twin_mcap_writer_free);
  return TRUE;
}

/**
 * twin_recorder_set_training:
 * @training: (nullable): the shared scenarios (window, REST, MQTT), whose
 *   runs' captions and score sheets the recording keeps
 */
void
twin_recorder_set_training (TwinRecorder *self,
                            TwinTraining *training)
{
  g_return_if_fail (TWIN_IS_RECORDER (self));
  g_return_if_fail (training == NULL || TWIN_IS_TRAINING (training));

  if (self->training != NULL)
    g_signal_handlers_disconnect_by_data (self->training, self);
  g_set_object (&self->training, training);
  if (training == NULL || self->writer == NULL)
    return;
  /* The training's captions, not its run's: a run's first caption comes
   * as it starts, before the training says it has a run. */
  g_signal_connect (training, "caption", G_CALLBACK (caption_cb), self);
  g_signal_connect (training, "changed", G_CALLBACK (training_changed_cb), self);
  training_changed_cb (training, self);
}

/**
 * twin_recorder_set_scenario_run:
 * @run: (nullable): a scenario run of its own (headless --scenario)
 */
void
twin_recorder_set_scenario_run (TwinRecorder    *self,
                                TwinScenarioRun *run)
{
  g_return_if_fail (TWIN_IS_RECORDER (self));
  g_return_if_fail (run == NULL || TWIN_IS_SCENARIO_RUN (run));

  follow_run (self, run, TRUE);
  add_sheet (self);
}

const char *
twin_recorder_get_path (TwinRecorder *self)
{
  g_return_val_if_fail (TWIN_IS_RECORDER (self), NULL);

  return self->path;
}

/**
 * twin_recorder_get_elapsed:
 *
 * Returns: simulated s recorded so far, across resets
 */
double
twin_recorder_get_elapsed (TwinRecorder *self)
{
  g_return_val_if_fail (TWIN_IS_RECORDER (self), 0);

  return self->run_offset + twin_engine_get_timestamp (self->engine) - self->began;
}
