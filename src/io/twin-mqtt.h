/* twin-mqtt.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "twin-engine.h"
#include "twin-metrics.h"
#include "twin-mqtt-config.h"
#include "twin-outlook.h"
#include "twin-recordings.h"
#include "twin-training.h"

G_BEGIN_DECLS

#define TWIN_TYPE_MQTT (twin_mqtt_get_type ())

G_DECLARE_FINAL_TYPE (TwinMqtt, twin_mqtt, TWIN, MQTT, GObject)

typedef enum
{
  TWIN_MQTT_STATE_OFF,
  TWIN_MQTT_STATE_CONNECTING,
  TWIN_MQTT_STATE_CONNECTED,
  TWIN_MQTT_STATE_DISCONNECTED,
} TwinMqttState;

const char     *twin_mqtt_state_to_string    (TwinMqttState         state);

TwinMqtt       *twin_mqtt_new                (TwinEngine           *engine);
TwinEngine     *twin_mqtt_get_engine         (TwinMqtt             *self);
gboolean        twin_mqtt_set_config         (TwinMqtt             *self,
                                              const TwinMqttConfig *config,
                                              GError              **error);
void            twin_mqtt_get_config         (TwinMqtt             *self,
                                              TwinMqttConfig       *config);
void            twin_mqtt_set_outlook        (TwinMqtt             *self,
                                              TwinOutlook          *outlook);
void            twin_mqtt_set_training       (TwinMqtt             *self,
                                              TwinTraining         *training);
void            twin_mqtt_set_recordings     (TwinMqtt             *self,
                                              TwinRecordings       *recordings);
void            twin_mqtt_start              (TwinMqtt             *self);
void            twin_mqtt_stop               (TwinMqtt             *self);
gboolean        twin_mqtt_shutdown           (TwinMqtt             *self,
                                              guint                 timeout_ms);
void            twin_mqtt_publish_state      (TwinMqtt             *self);
TwinMqttState   twin_mqtt_get_state          (TwinMqtt             *self);
const char     *twin_mqtt_get_last_error     (TwinMqtt             *self);
guint64         twin_mqtt_get_published      (TwinMqtt             *self);
guint           twin_mqtt_get_queued         (TwinMqtt             *self);
guint           twin_mqtt_get_in_flight      (TwinMqtt             *self);
guint64         twin_mqtt_get_dropped        (TwinMqtt             *self);
guint           twin_mqtt_get_reconnects     (TwinMqtt             *self);
guint64         twin_mqtt_get_state_seq      (TwinMqtt             *self);
guint           twin_mqtt_get_inbox_bytes    (TwinMqtt             *self);
void            twin_mqtt_get_stats          (TwinMqtt             *self,
                                              TwinMqttStats        *stats);

G_END_DECLS
