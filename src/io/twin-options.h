/* twin-options.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "twin-command.h"
#include "twin-mqtt-config.h"

/* --mqtt builtin: a broker already on 127.0.0.1:1883, else a private mosquitto. */
#define TWIN_OPTIONS_MQTT_BUILTIN "builtin"

G_BEGIN_DECLS

/* The command line, parsed and validated. Numbers are taken as text and
 * checked here, so that a bad value gets a message naming the option, the
 * value and the allowed range. */
typedef struct
{
  gboolean  headless;
  gboolean  quiet;
  char     *model;
  char     *csv;
  char     *record;       /* an MCAP file to record the session to */
  char     *replay;       /* an MCAP recording to replay, headless */
  char     *from_text;    /* --from: where the replay starts, recording s */
  double    from;
  gboolean  has_from;
  char     *shadow_from;  /* an MCAP recording to feed to shadow mode, headless */
  char     *scenario;     /* a scenario to run at once and score, headless */
  char     *screenshot;
  char     *duration_text;
  char     *input_text[TWIN_N_INPUTS];   /* --ambient, --rpm, --time-scale */
  char     *input_help[TWIN_N_INPUTS];

  double    duration;     /* simulated s; 0 runs until stopped */
  double    input[TWIN_N_INPUTS];
  gboolean  has_input[TWIN_N_INPUTS];

  /* REST port: off unless --rest-port is given */
  char     *rest_port_text;
  char     *rest_bind;
  char     *rest_token_env;
  char     *rest_ws_rate_text;
  char    **rest_allow_host_items;
  char    **rest_allow_origin_items;
  gboolean  has_rest;
  guint     rest_port;      /* 0 picks a free port */
  char     *rest_token;     /* read from the environment; never printed */
  double    rest_ws_rate;   /* Hz */
  GStrv     rest_allowed_hosts;    /* besides the bound address */
  GStrv     rest_allowed_origins;  /* web pages that may use the API */
  /* MQTT mirror; on with --mqtt */
  char     *mqtt_url;
  char     *mqtt_prefix;
  char     *mqtt_qos_text;
  char     *mqtt_rate_text;
  char     *mqtt_user;
  char     *mqtt_password_env;
  char     *mqtt_cafile;
  char     *mqtt_cert;
  char     *mqtt_key;
  char     *mqtt_client_id;
  char     *mqtt_keepalive_text;
  char     *mqtt_queue_text;
  gboolean  has_mqtt;
  gboolean  mqtt_builtin;   /* --mqtt builtin: its URL is the broker's */
  TwinMqttConfig mqtt;
} TwinOptions;

void          twin_options_init        (TwinOptions  *options);
void          twin_options_clear       (TwinOptions  *options);
GOptionEntry *twin_options_get_entries (TwinOptions  *options);
gboolean      twin_options_validate    (TwinOptions  *options,
                                        GError      **error);

void          twin_options_get_command (const TwinOptions *options,
                                        TwinCommand       *command);

G_END_DECLS
