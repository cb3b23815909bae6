/* twin-services.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "twin-broker.h"
#include "twin-engine-settings.h"
#include "twin-mqtt.h"
#include "twin-rest.h"

G_BEGIN_DECLS

/* State of a connection shown in the status bar. */
typedef enum
{
  TWIN_SERVICE_OFF,
  TWIN_SERVICE_CONNECTING,
  TWIN_SERVICE_OK,
  TWIN_SERVICE_ERROR,
} TwinServiceState;

/* The values of the mqtt-mode preference (its enum in the schema). */
typedef enum
{
  TWIN_MQTT_MODE_BUILTIN,
  TWIN_MQTT_MODE_EXTERNAL,
  TWIN_MQTT_MODE_OFF,
} TwinMqttMode;

#define TWIN_TYPE_SERVICES (twin_services_get_type ())

G_DECLARE_FINAL_TYPE (TwinServices, twin_services, TWIN, SERVICES, GObject)

void              twin_services_migrate         (GSettings          *settings);
TwinServices     *twin_services_new             (GSettings          *settings,
                                                 TwinEngine         *engine);
TwinTraining   *twin_services_get_training    (TwinServices *self);
TwinRecordings   *twin_services_get_recordings  (TwinServices       *self);
TwinRestServer   *twin_services_get_rest        (TwinServices       *self);
TwinServiceState  twin_services_get_rest_state  (TwinServices       *self);
char             *twin_services_dup_rest_detail (TwinServices       *self);
TwinOutlook      *twin_services_get_outlook     (TwinServices       *self);
TwinMqtt         *twin_services_get_mqtt        (TwinServices       *self);
TwinBroker       *twin_services_get_broker      (TwinServices       *self);
TwinServiceState  twin_services_get_mqtt_state  (TwinServices       *self);
char             *twin_services_dup_mqtt_detail (TwinServices       *self);

G_END_DECLS
