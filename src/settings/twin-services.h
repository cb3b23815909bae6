/* twin-services.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

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

#define TWIN_TYPE_SERVICES (twin_services_get_type ())

G_DECLARE_FINAL_TYPE (TwinServices, twin_services, TWIN, SERVICES, GObject)

TwinServices     *twin_services_new             (GSettings          *settings,
                                                 TwinEngine         *engine);
TwinRestServer   *twin_services_get_rest        (TwinServices       *self);
TwinServiceState  twin_services_get_rest_state  (TwinServices       *self);
char             *twin_services_dup_rest_detail (TwinServices       *self);
TwinOutlook      *twin_services_get_outlook     (TwinServices       *self);
TwinMqtt         *twin_services_get_mqtt        (TwinServices       *self);
TwinServiceState  twin_services_get_mqtt_state  (TwinServices       *self);
char             *twin_services_dup_mqtt_detail (TwinServices       *self);

G_END_DECLS
