/* twin-test-mirror.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The MQTT mirror under test, set up as the preferences set it up, and
 * what most MQTT tests start from: a real mosquitto and an engine.
 */

#pragma once

#include "twin-mqtt.h"
#include "twin-test-broker.h"

G_BEGIN_DECLS

typedef struct
{
  TwinTestBroker *broker;
  char           *url;
  TwinEngine     *engine;
} TwinTestMqtt;

void      twin_test_mqtt_setup            (TwinTestMqtt  *f,
                                           gconstpointer  data);
void      twin_test_mqtt_teardown         (TwinTestMqtt  *f,
                                           gconstpointer  data);

/* A test with a broker and an engine of its own. */
#define twin_test_mqtt_add(path, func) \
  g_test_add ((path), TwinTestMqtt, NULL, twin_test_mqtt_setup, (func), twin_test_mqtt_teardown)

TwinMqtt *twin_test_mirror_new            (TwinEngine *engine,
                                           const char *url,
                                           const char *prefix,
                                           const char *first_property,
                                           ...) G_GNUC_NULL_TERMINATED;
void      twin_test_mirror_wait_connected (TwinMqtt   *mqtt,
                                           double      timeout_s);
guint64   twin_test_mirror_get_counter    (TwinMqtt   *mqtt,
                                           const char *name);

G_END_DECLS
