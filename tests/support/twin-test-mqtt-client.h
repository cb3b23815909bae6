/* twin-test-mqtt-client.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A small paho client for tests that records what it receives, and waits
 * for it.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _TwinTestClient TwinTestClient;

typedef struct
{
  char     *topic;
  char     *payload;
  gsize     length;
  gboolean  retained;
} TwinTestMessage;

TwinTestClient *twin_test_client_new           (const char      *url,
                                                const char      *client_id,
                                                gboolean         persistent,
                                                const char      *ca_file);
void            twin_test_client_subscribe     (TwinTestClient  *client,
                                                const char      *topic,
                                                int              qos);
void            twin_test_client_publish       (TwinTestClient  *client,
                                                const char      *topic,
                                                const char      *payload,
                                                gsize            length,
                                                int              qos,
                                                gboolean         retained);
void            twin_test_client_publish_burst (TwinTestClient  *client,
                                                const char      *topic,
                                                GPtrArray       *payloads,
                                                int              qos);
guint           twin_test_client_count         (TwinTestClient  *client,
                                                const char      *topic);
GPtrArray      *twin_test_client_take          (TwinTestClient  *client,
                                                const char      *topic);
gboolean        twin_test_client_connected     (TwinTestClient  *client);
void            twin_test_client_wait_count    (TwinTestClient  *client,
                                                const char      *topic,
                                                guint            n);
void            twin_test_client_wait_payload  (TwinTestClient  *client,
                                                const char      *topic,
                                                const char      *payload);
void            twin_test_client_free          (TwinTestClient  *client);

void            twin_test_message_free         (TwinTestMessage *message);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TwinTestClient, twin_test_client_free)

G_END_DECLS
