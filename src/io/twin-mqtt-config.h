/* twin-mqtt-config.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TWIN_MQTT_DEFAULT_URL         "mqtt://127.0.0.1:1883"
#define TWIN_MQTT_DEFAULT_PREFIX      "twin"
#define TWIN_MQTT_DEFAULT_QOS         1
#define TWIN_MQTT_DEFAULT_RATE        2.0
#define TWIN_MQTT_RATE_MIN            0.1
#define TWIN_MQTT_RATE_MAX            50.0
#define TWIN_MQTT_DEFAULT_KEEP_ALIVE  30
#define TWIN_MQTT_KEEP_ALIVE_MIN      5
#define TWIN_MQTT_KEEP_ALIVE_MAX      3600
#define TWIN_MQTT_DEFAULT_QUEUE_LIMIT 10000
#define TWIN_MQTT_QUEUE_LIMIT_MIN     1
#define TWIN_MQTT_QUEUE_LIMIT_MAX     1000000
/* Messages handed to paho and not yet acknowledged, at most. */
#define TWIN_MQTT_DEFAULT_WINDOW      20
#define TWIN_MQTT_WINDOW_MAX          1000
#define TWIN_MQTT_PREFIX_MAX          200
#define TWIN_MQTT_RECONNECT_MIN       1
#define TWIN_MQTT_RECONNECT_MAX       30
/* A sensor reading is a few dozen bytes; larger ones are refused unread. */
#define TWIN_MQTT_MAX_READING_SIZE    1024
/* Received messages waiting for the main context, in bytes with a fixed
 * cost per message; beyond it they are refused unread. */
#define TWIN_MQTT_INBOX_BYTES         (32 * 1024 * 1024)
#define TWIN_MQTT_INBOX_MESSAGE_COST  256
/* Main-context time and received messages handled per dispatch, so that
 * the clock and the REST port run between them. */
#define TWIN_MQTT_DISPATCH_BUDGET_US  4000
#define TWIN_MQTT_DISPATCH_MESSAGES   32

#define TWIN_MQTT_ERROR (twin_mqtt_error_quark ())

typedef enum
{
  TWIN_MQTT_ERROR_INVALID,
  TWIN_MQTT_ERROR_FAILED,
} TwinMqttError;

/* Everything the connection needs; changing any of it reconnects. */
typedef struct
{
  char    *url;          /* mqtt://host[:port] or mqtts://host[:port] */
  char    *prefix;
  char    *client_id;    /* NULL: twinscope-<host>-<pid> */
  char    *username;
  char    *password;     /* never printed or logged */
  char    *ca_file;
  char    *cert_file;
  char    *key_file;
  guint    keep_alive;   /* s */
  guint    qos;          /* of the state messages, 0..2 */
  double   rate;         /* state messages per wall second */
  guint    queue_limit;  /* messages waiting while the broker is away */
  guint    window;       /* messages in flight at most */
} TwinMqttConfig;

void            twin_mqtt_config_clear       (TwinMqttConfig       *config);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TwinMqttConfig, twin_mqtt_config_clear)

GQuark          twin_mqtt_error_quark        (void);
void            twin_mqtt_config_init        (TwinMqttConfig       *config);
void            twin_mqtt_config_copy        (TwinMqttConfig       *dest,
                                              const TwinMqttConfig *src);
gboolean        twin_mqtt_config_validate    (const TwinMqttConfig *config,
                                              GError              **error);
gboolean        twin_mqtt_is_env_name        (const char           *name);

G_END_DECLS
