/* twin-rest.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "twin-engine.h"
#include "twin-metrics.h"
#include "twin-mqtt.h"
#include "twin-outlook.h"
#include "twin-recordings.h"
#include "twin-training.h"

G_BEGIN_DECLS

#define TWIN_TYPE_REST_SERVER (twin_rest_server_get_type ())

G_DECLARE_FINAL_TYPE (TwinRestServer, twin_rest_server, TWIN, REST_SERVER, GObject)

#define TWIN_REST_ERROR (twin_rest_error_quark ())

typedef enum
{
  TWIN_REST_ERROR_BAD_ADDRESS,
  TWIN_REST_ERROR_NEEDS_TOKEN,
  TWIN_REST_ERROR_BAD_VALUE,
} TwinRestError;

/* Request bodies larger than this are refused with 413. */
#define TWIN_REST_MAX_BODY                65536
#define TWIN_REST_DEFAULT_MAX_CONNECTIONS 256
/* A connection that has not sent a whole request within this long after
 * it opened or after its last response is closed. */
#define TWIN_REST_DEFAULT_IDLE_TIMEOUT_MS 10000
#define TWIN_REST_DEFAULT_WS_RATE         2.0
#define TWIN_REST_WS_RATE_MIN             0.1
#define TWIN_REST_WS_RATE_MAX             100.0

GQuark          twin_rest_error_quark              (void);
gboolean        twin_rest_address_is_loopback      (const char      *address);
TwinRestServer *twin_rest_server_new               (TwinEngine      *engine);
void            twin_rest_server_set_token         (TwinRestServer  *self,
                                                    const char      *token);
void            twin_rest_server_set_mqtt          (TwinRestServer  *self,
                                                    TwinMqtt        *mqtt);
void            twin_rest_server_set_outlook       (TwinRestServer  *self,
                                                    TwinOutlook     *outlook);
void            twin_rest_server_set_training      (TwinRestServer  *self,
                                                    TwinTraining    *training);
void            twin_rest_server_set_recordings    (TwinRestServer  *self,
                                                    TwinRecordings  *recordings);
void            twin_rest_server_set_mqtt_stats    (TwinRestServer  *self,
                                                    TwinMqttStatsFunc func,
                                                    gpointer         source,
                                                    GDestroyNotify   destroy);
gboolean        twin_rest_server_set_ws_rate       (TwinRestServer  *self,
                                                    double           hz,
                                                    GError         **error);
void            twin_rest_server_set_limits        (TwinRestServer  *self,
                                                    guint            max_connections,
                                                    guint            idle_timeout_ms);
gboolean        twin_rest_server_start             (TwinRestServer  *self,
                                                    const char      *address,
                                                    guint            port,
                                                    GError         **error);
void            twin_rest_server_stop              (TwinRestServer  *self);
const char     *twin_rest_server_get_url           (TwinRestServer  *self);
guint64         twin_rest_server_get_requests      (TwinRestServer  *self);
guint           twin_rest_server_get_n_connections (TwinRestServer  *self);
guint           twin_rest_server_get_n_websockets  (TwinRestServer  *self);
guint           twin_rest_server_get_n_whatif      (TwinRestServer  *self);

G_END_DECLS
