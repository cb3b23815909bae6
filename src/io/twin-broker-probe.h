/* twin-broker-probe.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Whether an MQTT broker answers on a loopback port: one CONNECT, one
 * CONNACK, then DISCONNECT.
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A connection that gets no CONNACK within this is not a broker. */
#define TWIN_BROKER_PROBE_TIMEOUT_S 2

typedef enum
{
  TWIN_BROKER_PROBE_FREE,     /* nothing listens: the port can be had */
  TWIN_BROKER_PROBE_BROKER,   /* an MQTT broker accepted an anonymous client */
  TWIN_BROKER_PROBE_HELD,     /* something else listens, or a broker refused us */
} TwinBrokerProbe;

void             twin_broker_probe_async  (guint                port,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
TwinBrokerProbe  twin_broker_probe_finish (GAsyncResult        *result,
                                           GError             **error);
guint            twin_broker_free_port    (GError             **error);

G_END_DECLS
