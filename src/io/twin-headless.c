/* twin-headless.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The engine and its io with no display: for servers and containers.
 */

#define G_LOG_DOMAIN "twin-headless"

#include "config.h"

#include <glib-unix.h>
#include <stdio.h>

#include "twin-broker.h"
#include "twin-csv.h"
#include "twin-engine.h"
#include "twin-headless.h"
#include "twin-headless-private.h"
#include "twin-json-scenario.h"
#include "twin-json-score.h"
#include "twin-json-whatif.h"
#include "twin-outlook.h"
#include "twin-recorder.h"
#include "twin-rest.h"
#include "twin-rest-origin.h"
#include "twin-scenario-run.h"
#include "twin-mqtt.h"


void
_twin_headless_report_cb (TwinEngine         *engine,
                          const TwinSnapshot *snapshot,
                          Headless           *self)
{
  g_autofree char *line = NULL;

  if (self->quiet)
    return;

  line = twin_json_encode_state (snapshot, self->forecast);
  fputs (line, stdout);
  fputc ('\n', stdout);
}

/* Once per main-loop iteration: consumers on a pipe see the lines of each
 * batch promptly, without a flush per line at high time scales. */
static void
changed_cb (TwinEngine *engine,
            Headless   *self)
{
  fflush (stdout);
}

static void
outlook_updated_cb (TwinOutlook *outlook,
                    Headless    *self)
{
  g_free (self->forecast);
  self->forecast = twin_json_encode_forecast (twin_outlook_get_course (outlook),
                                              twin_outlook_get_ensemble (outlook));
}

static void
paused_cb (TwinEngine *engine,
           GParamSpec *pspec,
           Headless   *self)
{
  /* Only the end of --duration ends the run: a pause commanded over MQTT
   * or REST does not. */
  if (twin_engine_get_paused (engine) && self->duration > 0 &&
      twin_engine_get_timestamp (engine) >= self->duration - 1e-9)
    g_main_loop_quit (self->loop);
}

static void
mqtt_error_cb (TwinMqtt   *mqtt,
               GParamSpec *pspec,
               Headless   *self)
{
  const char *message = twin_mqtt_get_last_error (mqtt);

  if (message != NULL)
    g_printerr ("twinscope: mqtt: %s\n", message);
}

/* --mqtt builtin: the mirror goes where the broker is, once it is known;
 * a broker that cannot be had ends the run. */
static void
broker_state_cb (TwinBroker *broker,
                 GParamSpec *pspec,
                 Headless   *self)
{
  g_auto(TwinMqttConfig) config = { 0 };
  g_autoptr(GError) error = NULL;
  TwinMqttConfig current = { 0 };
  const char *url = twin_broker_get_url (broker);

  switch (twin_broker_get_state (broker))
    {
    case TWIN_BROKER_FAILED:
      g_printerr ("twinscope: --mqtt builtin: %s\n", twin_broker_get_last_error (broker));
      self->status = 1;
      g_main_loop_quit (self->loop);
      return;
    case TWIN_BROKER_LOCAL:
    case TWIN_BROKER_RUNNING:
      break;
    default:
      return;
    }

  twin_mqtt_get_config (self->mqtt, &current);
  if (twin_mqtt_get_state (self->mqtt) != TWIN_MQTT_STATE_OFF && g_strcmp0 (current.url, url) == 0)
    {
      twin_mqtt_config_clear (&current);
      return;
    }
  twin_mqtt_config_clear (&current);

  twin_mqtt_config_copy (&config, self->mqtt_config);
  g_free (config.url);
  config.url = g_strdup (url);
  if (!twin_mqtt_set_config (self->mqtt, &config, &error))
    {
      g_printerr ("twinscope: --mqtt builtin: %s\n", error->message);
      self->status = 1;
      g_main_loop_quit (self->loop);
      return;
    }
  g_printerr ("twinscope: MQTT through the %s at %s\n", twin_broker_describe (broker), url);
  twin_mqtt_start (self->mqtt);
}

gboolean
_twin_headless_quit_signal_cb (gpointer data)
{
  Headless *self = data;

  g_main_loop_quit (self->loop);
  return G_SOURCE_CONTINUE;
}

TwinRecorder *
_twin_headless_start_recorder (TwinEngine        *engine,
                               const TwinOptions *options)
{
  g_autoptr(GError) error = NULL;
  TwinRecorder *recorder;

  if (options->record == NULL)
    return NULL;
  recorder = twin_recorder_new (engine, options->record, &error);
  if (recorder == NULL)
    g_printerr ("twinscope: --record: %s\n", error->message);
  return recorder;
}

int
_twin_headless_stop_recorder (TwinRecorder *recorder)
{
  g_autoptr(GError) error = NULL;

  if (recorder == NULL || twin_recorder_stop (recorder, &error))
    return 0;
  g_printerr ("twinscope: --record: %s\n", error->message);
  return 1;
}

/* @log: (nullable): made when --csv was given, before the run */
int
_twin_headless_save_csv (TwinCsvLog        *log,
                         double             t0,
                         const TwinOptions *options)
{
  g_autoptr(GError) error = NULL;

  if (options->csv == NULL || twin_csv_save (log, t0, TWIN_CSV_ALL_T1, options->csv, &error))
    return 0;
  g_printerr ("twinscope: --csv: %s\n", error->message);
  return 1;
}

static void
caption_cb (TwinScenarioRun *run,
            const char      *text,
            Headless        *self)
{
  if (!self->quiet)
    g_printerr ("twinscope: %.1f s: %s\n", twin_engine_get_timestamp (self->engine), text);
}

/* The score sheet on stdout, a line for people on stderr; the exit status:
 * 0 when passed. */
static int
print_score (TwinScenarioRun *run)
{
  const TwinScenario *scenario = twin_scenario_run_get_scenario (run);
  TwinScore *score = twin_scenario_run_get_score (run);
  g_autofree char *sheet = NULL;
  guint failed;

  twin_scenario_run_finish (run);
  sheet = twin_json_score_sheet (scenario, score);
  failed = twin_score_get_failed (score);
  puts (sheet);
  fflush (stdout);
  g_printerr ("twinscope: %s: %.0f/100, %s (pass mark %.0f, %u check%s failed)\n", scenario->title,
              twin_score_get_total (score), twin_score_passed (score) ? "passed" : "not passed",
              scenario->pass_mark, failed, failed == 1 ? "" : "s");
  return twin_score_passed (score) ? 0 : 1;
}

static TwinScenarioRun *
load_scenario (TwinEngine        *engine,
               const TwinOptions *options)
{
  g_autoptr(GError) error = NULL;
  TwinScenario *scenario = twin_json_scenario_load (options->scenario, &error);
  TwinScenarioRun *run;

  if (scenario == NULL || (run = twin_scenario_run_new (engine, scenario, &error)) == NULL)
    {
      g_printerr ("twinscope: --scenario: %s\n", error->message);
      return NULL;
    }
  return run;
}

static void
scenario_finished_cb (TwinScenarioRun *run,
                      Headless        *self)
{
  g_main_loop_quit (self->loop);
}

/* --scenario without --time-scale: at once; the score sheet on stdout,
 * exit 1 unless passed. */
static int
run_scenario (const TwinOptions *options)
{
  g_autoptr(TwinEngine) engine = twin_engine_new ();
  g_autoptr(TwinRecorder) recorder = NULL;
  g_autoptr(TwinScenarioRun) run = NULL;
  g_autoptr(TwinCsvLog) csv_log = options->csv != NULL ? twin_csv_log_new (engine) : NULL;
  Headless self = { .engine = engine, .quiet = options->quiet };
  int status;

  if (options->record != NULL && (recorder = _twin_headless_start_recorder (engine, options)) == NULL)
    return 2;
  if ((run = load_scenario (engine, options)) == NULL)
    return 2;
  g_signal_connect (run, "caption", G_CALLBACK (caption_cb), &self);
  if (recorder != NULL)
    twin_recorder_set_scenario_run (recorder, run);
  twin_scenario_run_advance (run, G_MAXDOUBLE);

  status = print_score (run);
  if (_twin_headless_stop_recorder (recorder) != 0 || _twin_headless_save_csv (csv_log, TWIN_CSV_ALL_T0, options) != 0)
    status = 1;
  return status;
}

/**
 * twin_headless_run:
 *
 * Runs until the duration is reached or SIGINT/SIGTERM arrives, then
 * flushes the output and writes the CSV if asked.
 *
 * Returns: the process exit status
 */
int
twin_headless_run (const TwinOptions *options)
{
  g_autoptr(TwinEngine) engine = twin_engine_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(TwinRestServer) rest = NULL;
  g_autoptr(TwinMqtt) mqtt = NULL;
  g_autoptr(TwinForecaster) forecaster = twin_forecaster_new ();
  g_autoptr(TwinOutlook) outlook = twin_outlook_new (engine, forecaster);
  g_autoptr(TwinBroker) broker = NULL;
  g_autoptr(TwinRecorder) recorder = NULL;
  g_autoptr(TwinScenarioRun) run = NULL;
  g_autoptr(TwinTraining) training = twin_training_new (engine);
  g_autoptr(TwinRecordings) recordings = twin_recordings_new (engine);
  g_autoptr(TwinCsvLog) csv_log = NULL;
  Headless self = { loop, engine, outlook, NULL, options->quiet, options->duration, NULL, &options->mqtt, 0 };
  guint sigint_id, sigterm_id;
  TwinCommand command;
  int status;

  if (options->replay != NULL)
    return _twin_headless_run_replay (options);
  if (options->shadow_from != NULL)
    return _twin_headless_run_shadow_from (options);
  if (options->scenario != NULL && !options->has_input[TWIN_INPUT_TIME_SCALE])
    return run_scenario (options);

  twin_options_get_command (options, &command);
  if (!twin_engine_apply_command (engine, &command, &error))
    {
      g_printerr ("twinscope: %s\n", error->message);
      return 2;
    }
  if (options->record != NULL && (recorder = _twin_headless_start_recorder (engine, options)) == NULL)
    return 2;
  /* With --time-scale, the scenario plays in real time, for operators on
   * REST or MQTT; it ends the run at its duration. */
  if (options->scenario != NULL)
    {
      if ((run = load_scenario (engine, options)) == NULL)
        return 2;
      g_signal_connect (run, "caption", G_CALLBACK (caption_cb), &self);
      g_signal_connect (run, "finished", G_CALLBACK (scenario_finished_cb), &self);
    }
  /* The recording keeps the scenario's captions and score sheets: the one
   * of --scenario, or those started over REST or MQTT. */
  if (recorder != NULL && run != NULL)
    twin_recorder_set_scenario_run (recorder, run);
  else if (recorder != NULL)
    twin_recorder_set_training (recorder, training);
  if (run != NULL)
    twin_scenario_run_start (run);

  twin_engine_set_report_interval (engine, 1.0);
  if (options->duration > 0)
    twin_engine_set_stop_time (engine, options->duration);

  if (options->has_rest)
    {
      rest = twin_rest_server_new (engine);
      twin_rest_server_set_token (rest, options->rest_token);
      if (!twin_rest_server_set_ws_rate (rest, options->rest_ws_rate, &error) ||
          !twin_rest_server_set_allowed_hosts (rest, (const char * const *)options->rest_allowed_hosts, &error) ||
          !twin_rest_server_set_allowed_origins (rest, (const char * const *)options->rest_allowed_origins, &error) ||
          !twin_rest_server_start (rest, options->rest_bind, options->rest_port, &error))
        {
          g_printerr ("twinscope: --rest-port: %s\n", error->message);
          return 2;
        }
      g_printerr ("twinscope: REST API at %s\n", twin_rest_server_get_url (rest));
    }

  if (options->has_mqtt)
    {
      mqtt = twin_mqtt_new (engine);
      if (!twin_mqtt_set_config (mqtt, &options->mqtt, &error))
        {
          g_printerr ("twinscope: %s\n", error->message);
          return 2;
        }
      g_signal_connect (mqtt, "notify::last-error", G_CALLBACK (mqtt_error_cb), &self);
      self.mqtt = mqtt;
      if (options->mqtt_builtin)
        {
          broker = twin_broker_new ();
          g_signal_connect (broker, "notify::state", G_CALLBACK (broker_state_cb), &self);
          twin_broker_start (broker);
          /* It may fail at once, before the loop that it would end runs. */
          if (twin_broker_get_state (broker) == TWIN_BROKER_FAILED)
            return self.status;
        }
      else
        twin_mqtt_start (mqtt);
    }

  if (rest != NULL && mqtt != NULL)
    twin_rest_server_set_mqtt (rest, mqtt);
  if (rest != NULL)
    twin_rest_server_set_outlook (rest, outlook);
  /* One scenario at a time, whether REST or MQTT starts it. */
  if (rest != NULL)
    twin_rest_server_set_training (rest, training);
  if (mqtt != NULL)
    twin_mqtt_set_training (mqtt, training);
  if (rest != NULL)
    twin_rest_server_set_recordings (rest, recordings);
  if (mqtt != NULL)
    twin_mqtt_set_recordings (mqtt, recordings);
  if (mqtt != NULL)
    twin_mqtt_set_outlook (mqtt, outlook);

  if (options->csv != NULL)
    csv_log = twin_csv_log_new (engine);
  g_signal_connect (outlook, "updated", G_CALLBACK (outlook_updated_cb), &self);
  g_signal_connect (engine, "report", G_CALLBACK (_twin_headless_report_cb), &self);
  g_signal_connect (engine, "changed", G_CALLBACK (changed_cb), &self);
  g_signal_connect (engine, "notify::paused", G_CALLBACK (paused_cb), &self);
  sigint_id = g_unix_signal_add (SIGINT, _twin_headless_quit_signal_cb, &self);
  sigterm_id = g_unix_signal_add (SIGTERM, _twin_headless_quit_signal_cb, &self);

  twin_engine_start (engine);
  g_main_loop_run (loop);
  twin_engine_stop (engine);

  if (mqtt != NULL)
    {
      /* offline on <prefix>/status, after what is in flight. */
      twin_mqtt_shutdown (mqtt, 2000);
      g_signal_handlers_disconnect_by_data (mqtt, &self);
    }
  if (broker != NULL)
    {
      g_signal_handlers_disconnect_by_data (broker, &self);
      twin_broker_stop (broker, TWIN_BROKER_STOP_MS);
    }

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  g_signal_handlers_disconnect_by_data (engine, &self);
  g_signal_handlers_disconnect_by_data (outlook, &self);
  g_clear_pointer (&self.forecast, g_free);
  if (rest != NULL)
    twin_rest_server_stop (rest);
  fflush (stdout);
  status = self.status;
  if (run != NULL && print_score (run) != 0)
    status = 1;
  if (_twin_headless_stop_recorder (recorder) != 0 || _twin_headless_save_csv (csv_log, TWIN_CSV_ALL_T0, options) != 0)
    status = 1;

  return status;
}
