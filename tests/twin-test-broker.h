/* twin-test-broker.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A real mosquitto for tests, on a free 127.0.0.1 port with its own
 * configuration in a temporary directory, stopped by its PID; and a small
 * paho client that records what it receives.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _TwinTestBroker TwinTestBroker;
typedef struct _TwinTestClient TwinTestClient;

typedef struct
{
  char   *topic;
  char   *payload;
  gsize   length;
  gboolean retained;
} TwinTestMessage;

guint           twin_test_free_port        (void);
char           *twin_test_use_data_home    (void);
void            twin_test_remove_tree      (const char      *path);
TwinTestBroker *twin_test_broker_new       (const char      *extra_config);
void            twin_test_broker_start     (TwinTestBroker  *broker);
void            twin_test_broker_stop      (TwinTestBroker  *broker);
void            twin_test_broker_free      (TwinTestBroker  *broker);
guint           twin_test_broker_get_port  (TwinTestBroker  *broker);
char           *twin_test_broker_get_url   (TwinTestBroker  *broker);
const char     *twin_test_broker_get_dir   (TwinTestBroker  *broker);

TwinTestClient *twin_test_client_new       (const char      *url,
                                            const char      *client_id,
                                            gboolean         persistent,
                                            const char      *ca_file);
void            twin_test_client_subscribe (TwinTestClient  *client,
                                            const char      *topic,
                                            int              qos);
void            twin_test_client_publish   (TwinTestClient  *client,
                                            const char      *topic,
                                            const char      *payload,
                                            gsize            length,
                                            int              qos,
                                            gboolean         retained);
void            twin_test_client_publish_burst (TwinTestClient *client,
                                            const char      *topic,
                                            GPtrArray       *payloads,
                                            int              qos);
guint           twin_test_client_count     (TwinTestClient  *client,
                                            const char      *topic);
GPtrArray      *twin_test_client_take      (TwinTestClient  *client,
                                            const char      *topic);
gboolean        twin_test_client_connected (TwinTestClient  *client);
void            twin_test_client_free      (TwinTestClient  *client);

void            twin_test_message_free     (TwinTestMessage *message);

typedef gboolean (*TwinTestCondition) (gpointer data);

gboolean        twin_test_wait             (TwinTestCondition condition,
                                            gpointer          data,
                                            double            timeout_s);
void            twin_test_run_for          (double            seconds);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TwinTestBroker, twin_test_broker_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TwinTestClient, twin_test_client_free)

G_END_DECLS
