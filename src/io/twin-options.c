/* twin-options.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "twin-options"

#include "config.h"

#include <math.h>
#include <string.h>

#include "twin-engine.h"
#include "twin-options.h"
#include "twin-rest.h"
#include "twin-rest-origin.h"

#define DURATION_MAX 1e9

typedef GStrv (*ParseListFunc) (const char          *field,
                                const char * const  *items,
                                GError             **error);

void
twin_options_init (TwinOptions *options)
{
  memset (options, 0, sizeof *options);
  options->rest_ws_rate = TWIN_REST_DEFAULT_WS_RATE;
}

void
twin_options_clear (TwinOptions *options)
{
  g_clear_pointer (&options->model, g_free);
  g_clear_pointer (&options->csv, g_free);
  g_clear_pointer (&options->record, g_free);
  g_clear_pointer (&options->replay, g_free);
  g_clear_pointer (&options->from_text, g_free);
  g_clear_pointer (&options->shadow_from, g_free);
  g_clear_pointer (&options->scenario, g_free);
  g_clear_pointer (&options->screenshot, g_free);
  g_clear_pointer (&options->duration_text, g_free);
  for (guint i = 0; i < TWIN_N_INPUTS; i++)
    {
      g_clear_pointer (&options->input_text[i], g_free);
      g_clear_pointer (&options->input_help[i], g_free);
    }
  g_clear_pointer (&options->rest_port_text, g_free);
  g_clear_pointer (&options->rest_bind, g_free);
  g_clear_pointer (&options->rest_token_env, g_free);
  g_clear_pointer (&options->rest_ws_rate_text, g_free);
  g_clear_pointer (&options->rest_allow_host_items, g_strfreev);
  g_clear_pointer (&options->rest_allow_origin_items, g_strfreev);
  g_clear_pointer (&options->rest_allowed_hosts, g_strfreev);
  g_clear_pointer (&options->rest_allowed_origins, g_strfreev);
  if (options->rest_token != NULL)
    memset (options->rest_token, 0, strlen (options->rest_token));
  g_clear_pointer (&options->rest_token, g_free);
  g_clear_pointer (&options->mqtt_url, g_free);
  g_clear_pointer (&options->mqtt_prefix, g_free);
  g_clear_pointer (&options->mqtt_qos_text, g_free);
  g_clear_pointer (&options->mqtt_rate_text, g_free);
  g_clear_pointer (&options->mqtt_user, g_free);
  g_clear_pointer (&options->mqtt_password_env, g_free);
  g_clear_pointer (&options->mqtt_cafile, g_free);
  g_clear_pointer (&options->mqtt_cert, g_free);
  g_clear_pointer (&options->mqtt_key, g_free);
  g_clear_pointer (&options->mqtt_client_id, g_free);
  g_clear_pointer (&options->mqtt_keepalive_text, g_free);
  g_clear_pointer (&options->mqtt_queue_text, g_free);
  twin_mqtt_config_clear (&options->mqtt);
}

/**
 * twin_options_get_entries:
 *
 * Returns: (transfer full): the entries, pointing into @options; free the
 *   array with g_free().
 */
/* "--ambient C: Ambient temperature (°C, -40 to 80; default 22)", from
 * the input table. */
static GOptionEntry
input_entry (TwinOptions *options,
             TwinInput    input)
{
  const TwinField *f = &twin_inputs[input];
  GOptionEntry entry = { f->option, 0, 0, G_OPTION_ARG_STRING, &options->input_text[input], NULL, "VALUE" };

  g_free (options->input_help[input]);
  options->input_help[input] = g_strdup_printf ("%s (%s, %g to %g; default %g)",
                                                f->description ? f->description : f->title,
                                                f->unit, f->min, f->max, f->default_value);
  entry.description = options->input_help[input];
  return entry;
}

GOptionEntry *
twin_options_get_entries (TwinOptions *options)
{
  const GOptionEntry entries[] = {
    { "headless", 0, 0, G_OPTION_ARG_NONE, &options->headless,
      "Run the engine with no window, printing one state JSON line per simulated second", NULL },
    { "duration", 0, 0, G_OPTION_ARG_STRING, &options->duration_text,
      "Stop after this many simulated seconds (s, > 0; default: run until stopped)", "SEC" },
    input_entry (options, TWIN_INPUT_TIME_SCALE),
    { "model", 0, 0, G_OPTION_ARG_STRING, &options->model,
      "Model to run (physical@3, physical@2 or tutorial@1; default physical@3)", "NAME" },
    input_entry (options, TWIN_INPUT_AMBIENT),
    input_entry (options, TWIN_INPUT_RPM_SETPOINT),
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &options->csv,
      "Write the history as CSV to FILE on exit (headless)", "FILE" },
    { "record", 0, 0, G_OPTION_ARG_FILENAME, &options->record,
      "Record the session to FILE, an MCAP file any MCAP viewer opens (headless)", "FILE" },
    { "replay", 0, 0, G_OPTION_ARG_FILENAME, &options->replay,
      "Replay the recording FILE, bit for bit, as fast as it goes (in real time with --time-scale), then quit "
      "(implies --headless)", "FILE" },
    { "from", 0, 0, G_OPTION_ARG_STRING, &options->from_text,
      "Start the replay at this moment of the recording (s, 0 to the recording's duration; with --replay)", "SEC" },
    { "shadow-from", 0, 0, G_OPTION_ARG_FILENAME, &options->shadow_from,
      "Feed the states of the recording FILE to shadow mode as the machine's readings, at once (in real time "
      "with --time-scale), print the residuals and quit (implies --headless)", "FILE" },
    { "scenario", 0, 0, G_OPTION_ARG_FILENAME, &options->scenario,
      "Run the scenario FILE at once (in real time with --time-scale, for operators on REST or MQTT), print "
      "its score sheet as JSON and quit; exit status 1 when a check failed or the score is under the pass "
      "mark (implies --headless)", "FILE" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &options->quiet,
      "Print no state lines (headless)", NULL },
    { "screenshot", 0, 0, G_OPTION_ARG_FILENAME, &options->screenshot,
      "Render the window to a PNG file and quit", "FILE" },
    { "rest-port", 0, 0, G_OPTION_ARG_STRING, &options->rest_port_text,
      "Serve the REST API on this TCP port (0 to 65535; 0 picks a free one and prints the URL)", "N" },
    { "rest-bind", 0, 0, G_OPTION_ARG_STRING, &options->rest_bind,
      "Address the REST API binds (default 127.0.0.1; any other needs --rest-token-env)", "ADDR" },
    { "rest-token-env", 0, 0, G_OPTION_ARG_STRING, &options->rest_token_env,
      "Require Authorization: Bearer with the token held in this environment variable", "VAR" },
    { "rest-ws-rate", 0, 0, G_OPTION_ARG_STRING, &options->rest_ws_rate_text,
      "States per second sent to REST WebSocket clients (Hz, 0.1 to 100; default 2)", "HZ" },
    { "rest-allow-host", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options->rest_allow_host_items,
      "Also answer requests for this host name, such as a reverse proxy's (repeat or separate by commas; "
      "default: only 127.0.0.1, localhost, [::1] and the bound address, with the port)", "NAME" },
    { "rest-allow-origin", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options->rest_allow_origin_items,
      "Let web pages from this origin use the REST API, with CORS headers (such as http://localhost:3000; "
      "repeat or separate by commas; default: none)", "ORIGIN" },
    { "mqtt", 0, 0, G_OPTION_ARG_STRING, &options->mqtt_url,
      "Mirror the twin to an MQTT broker (mqtt://HOST[:PORT] or mqtts://HOST[:PORT]), or to the built-in one "
      "(builtin: a broker already on 127.0.0.1:1883, else a private mosquitto)", "URL" },
    { "mqtt-prefix", 0, 0, G_OPTION_ARG_STRING, &options->mqtt_prefix,
      "Topic prefix (default twin)", "P" },
    { "mqtt-qos", 0, 0, G_OPTION_ARG_STRING, &options->mqtt_qos_text,
      "QoS of the state messages (0, 1 or 2; default 1)", "N" },
    { "mqtt-rate", 0, 0, G_OPTION_ARG_STRING, &options->mqtt_rate_text,
      "State messages per second (Hz, 0.1 to 50; default 2)", "HZ" },
    { "mqtt-user", 0, 0, G_OPTION_ARG_STRING, &options->mqtt_user,
      "User name at the broker", "U" },
    { "mqtt-password-env", 0, 0, G_OPTION_ARG_STRING, &options->mqtt_password_env,
      "Take the broker password from this environment variable", "VAR" },
    { "mqtt-cafile", 0, 0, G_OPTION_ARG_FILENAME, &options->mqtt_cafile,
      "CA certificates (PEM) to check the broker against (mqtts://)", "F" },
    { "mqtt-cert", 0, 0, G_OPTION_ARG_FILENAME, &options->mqtt_cert,
      "Client certificate (PEM, mqtts://)", "F" },
    { "mqtt-key", 0, 0, G_OPTION_ARG_FILENAME, &options->mqtt_key,
      "Client private key (PEM, mqtts://)", "F" },
    { "mqtt-client-id", 0, 0, G_OPTION_ARG_STRING, &options->mqtt_client_id,
      "MQTT client id (default twinscope-HOST-PID)", "ID" },
    { "mqtt-keepalive", 0, 0, G_OPTION_ARG_STRING, &options->mqtt_keepalive_text,
      "Keep-alive interval (s, 5 to 3600; default 30)", "S" },
    { "mqtt-queue", 0, 0, G_OPTION_ARG_STRING, &options->mqtt_queue_text,
      "Messages kept while the broker is away (1 to 1000000; default 10000)", "N" },
    { NULL }
  };

  return g_memdup2 (entries, sizeof entries);
}

static gboolean
parse_number (const char  *option,
              const char  *text,
              double       min,
              double       max,
              const char  *unit,
              double      *out,
              GError     **error)
{
  g_autoptr(GError) local = NULL;

  if (twin_parse_number (option, text, min, max, unit, out, &local))
    return TRUE;

  g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, local->message);
  return FALSE;
}

static gboolean
parse_integer (const char  *option,
               const char  *text,
               double       min,
               double       max,
               const char  *unit,
               guint       *out,
               GError     **error)
{
  double value;

  if (!parse_number (option, text, min, max, unit, &value, error))
    return FALSE;

  if (value != floor (value))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "%s: %s is not a whole number; allowed: %g to %g %s", option, text, min, max, unit);
      return FALSE;
    }

  *out = (guint)value;
  return TRUE;
}

static void
replace_string (char       **field,
                const char  *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

/* The mirror's own validation names its fields; here they are named by
 * the options that set them, in an error of the options' own. */
static void
name_option (const GError  *error,
             GError       **out)
{
  static const struct { const char *field; const char *option; } names[] = {
    { "url", "--mqtt" }, { "prefix", "--mqtt-prefix" }, { "client-id", "--mqtt-client-id" },
    { "password", "--mqtt-password-env" }, { "qos", "--mqtt-qos" }, { "rate", "--mqtt-rate" },
    { "keep-alive", "--mqtt-keepalive" }, { "queue-limit", "--mqtt-queue" },
    { "ca-file", "--mqtt-cafile" }, { "cert-file", "--mqtt-cert" }, { "key-file", "--mqtt-key" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      gsize n = strlen (names[i].field);

      if (strncmp (error->message, names[i].field, n) == 0 && error->message[n] == ':')
        {
          g_set_error (out, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "%s%s", names[i].option, error->message + n);
          return;
        }
    }

  g_set_error_literal (out, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, error->message);
}

static gboolean
validate_rest_allow (TwinOptions  *options,
                     GError      **error)
{
  const struct { const char *option; char **items; GStrv *out; ParseListFunc parse; } lists[] = {
    { "--rest-allow-host", options->rest_allow_host_items, &options->rest_allowed_hosts,
      twin_rest_parse_allowed_hosts },
    { "--rest-allow-origin", options->rest_allow_origin_items, &options->rest_allowed_origins,
      twin_rest_parse_allowed_origins },
  };

  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      g_autoptr(GError) local = NULL;

      if (lists[i].items == NULL)
        continue;

      if (options->rest_port_text == NULL)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "%s: given without --rest-port; allowed: only with --rest-port N", lists[i].option);
          return FALSE;
        }

      g_clear_pointer (lists[i].out, g_strfreev);
      *lists[i].out = lists[i].parse (lists[i].option, (const char * const *)lists[i].items, &local);
      if (*lists[i].out == NULL)
        {
          g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, local->message);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
validate_mqtt (TwinOptions  *options,
               GError      **error)
{
  const struct { const char *option; const char *value; } needs_url[] = {
    { "--mqtt-prefix", options->mqtt_prefix }, { "--mqtt-qos", options->mqtt_qos_text },
    { "--mqtt-rate", options->mqtt_rate_text }, { "--mqtt-user", options->mqtt_user },
    { "--mqtt-password-env", options->mqtt_password_env }, { "--mqtt-cafile", options->mqtt_cafile },
    { "--mqtt-cert", options->mqtt_cert }, { "--mqtt-key", options->mqtt_key },
    { "--mqtt-client-id", options->mqtt_client_id }, { "--mqtt-keepalive", options->mqtt_keepalive_text },
    { "--mqtt-queue", options->mqtt_queue_text },
  };
  /* The built-in broker is on loopback and takes anyone. */
  const struct { const char *option; const char *value; } not_builtin[] = {
    { "--mqtt-user", options->mqtt_user }, { "--mqtt-password-env", options->mqtt_password_env },
    { "--mqtt-cafile", options->mqtt_cafile }, { "--mqtt-cert", options->mqtt_cert },
    { "--mqtt-key", options->mqtt_key },
  };
  TwinMqttConfig *config = &options->mqtt;
  g_autoptr(GError) local = NULL;

  if (options->mqtt_url == NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (needs_url); i++)
        if (needs_url[i].value != NULL)
          {
            g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                         "%s: given without --mqtt; allowed: only with --mqtt URL", needs_url[i].option);
            return FALSE;
          }
      return TRUE;
    }

  options->mqtt_builtin = g_strcmp0 (options->mqtt_url, TWIN_OPTIONS_MQTT_BUILTIN) == 0;
  for (guint i = 0; options->mqtt_builtin && i < G_N_ELEMENTS (not_builtin); i++)
    if (not_builtin[i].value != NULL)
      {
        g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                     "%s: given with --mqtt builtin; allowed: only with an external broker's URL "
                     "(the built-in broker is on 127.0.0.1 and takes anonymous clients)", not_builtin[i].option);
        return FALSE;
      }

  twin_mqtt_config_clear (config);
  twin_mqtt_config_init (config);
  /* With builtin, the default URL stands in until the broker's is known. */
  if (!options->mqtt_builtin)
    replace_string (&config->url, options->mqtt_url);
  if (options->mqtt_prefix != NULL)
    replace_string (&config->prefix, options->mqtt_prefix);
  config->client_id = g_strdup (options->mqtt_client_id);
  config->username = g_strdup (options->mqtt_user);
  config->ca_file = g_strdup (options->mqtt_cafile);
  config->cert_file = g_strdup (options->mqtt_cert);
  config->key_file = g_strdup (options->mqtt_key);

  if ((options->mqtt_qos_text != NULL &&
       !parse_integer ("--mqtt-qos", options->mqtt_qos_text, 0, 2, "", &config->qos, error)) ||
      (options->mqtt_rate_text != NULL &&
       !parse_number ("--mqtt-rate", options->mqtt_rate_text, TWIN_MQTT_RATE_MIN, TWIN_MQTT_RATE_MAX,
                      "Hz", &config->rate, error)) ||
      (options->mqtt_keepalive_text != NULL &&
       !parse_integer ("--mqtt-keepalive", options->mqtt_keepalive_text, TWIN_MQTT_KEEP_ALIVE_MIN,
                       TWIN_MQTT_KEEP_ALIVE_MAX, "s", &config->keep_alive, error)) ||
      (options->mqtt_queue_text != NULL &&
       !parse_integer ("--mqtt-queue", options->mqtt_queue_text, TWIN_MQTT_QUEUE_LIMIT_MIN,
                       TWIN_MQTT_QUEUE_LIMIT_MAX, "messages", &config->queue_limit, error)))
    return FALSE;

  if (options->mqtt_password_env != NULL)
    {
      const char *name = options->mqtt_password_env;
      const char *password;

      if (!twin_mqtt_is_env_name (name))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "--mqtt-password-env: \"%s\" is not a variable name; allowed: letters, digits and _",
                       name);
          return FALSE;
        }

      password = g_getenv (name);
      if (password == NULL)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "--mqtt-password-env: %s is not set; allowed: the name of a set environment variable",
                       name);
          return FALSE;
        }
      config->password = g_strdup (password);
    }

  if (!twin_mqtt_config_validate (config, &local))
    {
      name_option (local, error);
      return FALSE;
    }

  options->has_mqtt = TRUE;
  return TRUE;
}

/* --from goes with --replay, --shadow-from with neither --replay nor
 * --scenario, nor --duration: the recording says how long it lasts. */
static gboolean
validate_recordings (TwinOptions  *options,
                     GError      **error)
{
  if (options->shadow_from != NULL)
    {
      const char *other = options->replay != NULL ? "--replay" : options->scenario != NULL ? "--scenario" :
                          options->duration_text != NULL ? "--duration" :
                          options->rest_port_text != NULL ? "--rest-port" : options->mqtt_url != NULL ? "--mqtt" : NULL;

      if (other != NULL)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "--shadow-from: %s does not go with it; allowed with it: --model, --ambient, --rpm, "
                       "--time-scale, --record, --csv, --quiet", other);
          return FALSE;
        }
      options->headless = TRUE;
    }
  if (options->from_text == NULL)
    return TRUE;
  if (options->replay == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--from: given without --replay; allowed: only with --replay FILE");
      return FALSE;
    }
  if (!parse_number ("--from", options->from_text, 0, DURATION_MAX, "s", &options->from, error))
    return FALSE;
  options->has_from = TRUE;
  return TRUE;
}

/**
 * twin_options_validate:
 *
 * Converts and checks every option given, all before anything runs.
 */
gboolean
twin_options_validate (TwinOptions  *options,
                       GError      **error)
{
  if (options->replay != NULL && options->scenario != NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--replay and --scenario: one at a time");
      return FALSE;
    }
  if (!validate_recordings (options, error))
    return FALSE;
  if (options->scenario != NULL)
    {
      if (options->model != NULL || options->input_text[TWIN_INPUT_AMBIENT] != NULL ||
          options->input_text[TWIN_INPUT_RPM_SETPOINT] != NULL || options->duration_text != NULL)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "--scenario: the scenario sets the model, the inputs and the duration, so --model, "
                       "--ambient, --rpm and --duration do not go with it; allowed with it: --record, --csv, --quiet");
          return FALSE;
        }
      options->headless = TRUE;
    }
  if (options->replay != NULL)
    {
      /* The recording sets them; taking them too would replay another run. */
      if (options->model != NULL || options->input_text[TWIN_INPUT_AMBIENT] != NULL ||
          options->input_text[TWIN_INPUT_RPM_SETPOINT] != NULL || options->duration_text != NULL)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "--replay: the recording sets the model, the inputs and the duration, so --model, --ambient, --rpm "
                       "and --duration do not go with it; "
                       "allowed with it: --record, --csv, --quiet, --time-scale, --from");
          return FALSE;
        }
      options->headless = TRUE;
    }

  if (options->duration_text != NULL)
    {
      if (!parse_number ("--duration", options->duration_text, 0, DURATION_MAX, "s",
                         &options->duration, error))
        return FALSE;
      if (options->duration <= 0)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "--duration: %s is out of range; allowed: more than 0 to %g s",
                       options->duration_text, DURATION_MAX);
          return FALSE;
        }
    }

  for (guint i = 0; i < TWIN_N_INPUTS; i++)
    {
      const TwinField *f = &twin_inputs[i];
      g_autofree char *option = g_strconcat ("--", f->option, NULL);

      if (options->input_text[i] == NULL)
        continue;
      if (!parse_number (option, options->input_text[i], f->min, f->max, f->unit, &options->input[i], error))
        return FALSE;
      options->has_input[i] = TRUE;
    }

  if (options->rest_port_text != NULL)
    {
      double port;

      if (!parse_number ("--rest-port", options->rest_port_text, 0, 65535, "", &port, error))
        return FALSE;
      if (port != floor (port))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "--rest-port: %s is not an integer; allowed: 0 to 65535",
                       options->rest_port_text);
          return FALSE;
        }
      options->rest_port = (guint)port;
      options->has_rest = TRUE;
    }

  if (options->rest_ws_rate_text != NULL &&
      !parse_number ("--rest-ws-rate", options->rest_ws_rate_text,
                     TWIN_REST_WS_RATE_MIN, TWIN_REST_WS_RATE_MAX, "Hz", &options->rest_ws_rate, error))
    return FALSE;

  if (!validate_rest_allow (options, error))
    return FALSE;

  if (options->rest_token_env != NULL)
    {
      const char *token = g_getenv (options->rest_token_env);

      if (token == NULL || *token == '\0')
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "--rest-token-env: the environment variable %s is %s; allowed: the name of a "
                       "variable that holds the token", options->rest_token_env,
                       token == NULL ? "not set" : "empty");
          return FALSE;
        }
      options->rest_token = g_strdup (token);
    }

  if (options->rest_bind != NULL && !twin_rest_address_is_loopback (options->rest_bind))
    {
      g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (options->rest_bind);

      if (inet == NULL)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "--rest-bind: \"%s\" is not an IP address; allowed: an IPv4 or IPv6 address such as 127.0.0.1",
                       options->rest_bind);
          return FALSE;
        }
      if (options->rest_token == NULL)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "--rest-bind: %s is not a loopback address; refusing to serve it without a token "
                       "(set one with --rest-token-env VAR). libsoup's documentation does not recommend "
                       "exposing SoupServer to untrusted networks: put a reverse proxy in front",
                       options->rest_bind);
          return FALSE;
        }
    }

  if (options->model != NULL && twin_model_lookup (options->model) == NULL)
    {
      g_autoptr(GError) local = NULL;

      twin_validate_model (options->model, &local);
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "--%s", local->message);
      return FALSE;
    }

  return validate_mqtt (options, error);
}

/**
 * twin_options_get_command:
 * @command: (out caller-allocates): the command the options give
 *
 * The model, inputs and time scale given on the command line, as one
 * command from there, for an engine to apply at start.
 */
void
twin_options_get_command (const TwinOptions *options,
                          TwinCommand       *command)
{
  g_return_if_fail (options != NULL);
  g_return_if_fail (command != NULL);

  memset (command, 0, sizeof *command);
  command->source = TWIN_COMMAND_SOURCE_COMMAND_LINE;
  /* A model --model named was checked by twin_options_validate(). */
  if (options->model != NULL)
    twin_command_set_model (command, options->model, NULL);
  if (options->has_input[TWIN_INPUT_AMBIENT])
    {
      command->fields |= TWIN_COMMAND_AMBIENT;
      command->ambient = options->input[TWIN_INPUT_AMBIENT];
    }
  if (options->has_input[TWIN_INPUT_RPM_SETPOINT])
    {
      command->fields |= TWIN_COMMAND_RPM_SETPOINT;
      command->rpm_setpoint = options->input[TWIN_INPUT_RPM_SETPOINT];
    }
  command->fields |= TWIN_COMMAND_TIME_SCALE;
  command->time_scale = options->has_input[TWIN_INPUT_TIME_SCALE] ?
                        options->input[TWIN_INPUT_TIME_SCALE] : twin_inputs[TWIN_INPUT_TIME_SCALE].default_value;
}
