/* twin-broker.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The built-in MQTT broker: a broker already on 127.0.0.1:1883, or else a
 * private mosquitto on loopback, supervised.
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define TWIN_BROKER_DEFAULT_PORT 1883
/* The port the built-in broker wants, instead of 1883; 0 takes a free one
 * without asking what listens on 1883 (tests). */
#define TWIN_BROKER_PORT_ENV     "TWINSCOPE_BROKER_PORT"
/* mosquitto's own default of 1000 would drop messages for a subscriber
 * that is away, without a word. */
#define TWIN_BROKER_QUEUED_MESSAGES 1000000
/* Our mosquitto must listen within this, or it is started again. */
#define TWIN_BROKER_START_TIMEOUT_S 30
#define TWIN_BROKER_START_ATTEMPTS  3
#define TWIN_BROKER_RESTART_DELAY_MS 1000
/* Our mosquitto writes its persistence file as it stops; SIGKILL after. */
#define TWIN_BROKER_STOP_MS          5000

#define TWIN_BROKER_ERROR (twin_broker_error_quark ())

typedef enum
{
  TWIN_BROKER_ERROR_INVALID,
  TWIN_BROKER_ERROR_FAILED,
} TwinBrokerError;

typedef enum
{
  TWIN_BROKER_OFF,
  TWIN_BROKER_STARTING,
  TWIN_BROKER_LOCAL,        /* a broker was already there: used as it is */
  TWIN_BROKER_RUNNING,      /* our own mosquitto listens */
  TWIN_BROKER_RESTARTING,   /* ours died; started again on the same port */
  TWIN_BROKER_FAILED,       /* could not start; see last-error */
} TwinBrokerState;

#define TWIN_TYPE_BROKER (twin_broker_get_type ())

G_DECLARE_FINAL_TYPE (TwinBroker, twin_broker, TWIN, BROKER, GObject)

GQuark           twin_broker_error_quark     (void);
TwinBroker      *twin_broker_new             (void);
void             twin_broker_set_wanted_port (TwinBroker  *self,
                                              guint        port);
guint            twin_broker_get_wanted_port (TwinBroker  *self);
void             twin_broker_start           (TwinBroker  *self);
void             twin_broker_stop            (TwinBroker  *self,
                                              guint        timeout_ms);
TwinBrokerState  twin_broker_get_state       (TwinBroker  *self);
const char      *twin_broker_get_url         (TwinBroker  *self);
guint            twin_broker_get_port        (TwinBroker  *self);
const char      *twin_broker_get_pid         (TwinBroker  *self);
guint            twin_broker_get_restarts    (TwinBroker  *self);
const char      *twin_broker_get_last_error  (TwinBroker  *self);
const char      *twin_broker_describe        (TwinBroker  *self);
gboolean         twin_broker_parse_port      (const char  *text,
                                              guint       *port,
                                              GError     **error);

G_END_DECLS
