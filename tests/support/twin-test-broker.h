/* twin-test-broker.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A real mosquitto for tests, on a free 127.0.0.1 port with its own
 * configuration in a temporary directory, stopped by its PID.
 */

#pragma once

#include <glib.h>

#include "twin-broker-probe.h"

G_BEGIN_DECLS

typedef struct _TwinTestBroker TwinTestBroker;

TwinTestBroker *twin_test_broker_new       (const char      *extra_config);
void            twin_test_broker_start     (TwinTestBroker  *broker);
void            twin_test_broker_stop      (TwinTestBroker  *broker);
void            twin_test_broker_free      (TwinTestBroker  *broker);
guint           twin_test_broker_get_port  (TwinTestBroker  *broker);
char           *twin_test_broker_get_url   (TwinTestBroker  *broker);
const char     *twin_test_broker_get_dir   (TwinTestBroker  *broker);

TwinBrokerProbe twin_test_probe_port       (guint            port);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TwinTestBroker, twin_test_broker_free)

G_END_DECLS
