/* twin-broker-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Between the built-in broker's supervisor (twin-broker.c) and its child
 * process (twin-broker-mosquitto.c).
 */

#pragma once

#include "twin-broker.h"

G_BEGIN_DECLS

GSubprocess *_twin_broker_mosquitto_spawn     (guint         port,
                                               char        **config_path,
                                               GError      **error);
void         _twin_broker_mosquitto_terminate (GSubprocess  *process,
                                               guint         timeout_ms);

G_END_DECLS
