/* twin-test-rest.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the REST tests share: a real server on a free loopback port with
 * a SoupSession client on the test's main context, a stand-in for the MQTT
 * mirror's counters, and raw sockets for clients libsoup would not be.
 */

#pragma once

#include <cjson/cJSON.h>
#include <libsoup/soup.h>

#include "twin-rest.h"

G_BEGIN_DECLS

/* How long a raw exchange may wait for the server. */
#define RAW_TIMEOUT_US (30 * G_USEC_PER_SEC)
/* The header lines of a WebSocket upgrade request, after Host. */
#define WS_HANDSHAKE "Upgrade: websocket\r\nConnection: Upgrade\r\n" \
                     "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"

/* A stand-in for the MQTT mirror: the counters /metrics reads. */
#define TEST_TYPE_MQTT (test_mqtt_get_type ())
G_DECLARE_FINAL_TYPE (TestMqtt, test_mqtt, TEST, MQTT, GObject)

struct _TestMqtt
{
  GObject parent_instance;
  guint64 published;
  guint64 dropped;
  guint   reconnects;
};

void     test_mqtt_get_stats (gpointer       source,
                              TwinMqttStats *stats);

typedef struct
{
  TwinEngine     *engine;
  TwinRestServer *rest;
  SoupSession    *session;
  char           *token;     /* sent as Authorization when set */
  char           *base;      /* instead of the server's URL */
} Fixture;

typedef struct
{
  guint               status;
  char               *body;
  gsize               length;
  SoupMessageHeaders *headers;
} Reply;

void     reply_clear      (Reply              *reply);

void     fixture_start    (Fixture            *f,
                           const char         *token);
void     fixture_setup    (Fixture            *f,
                           gconstpointer       data);
void     fixture_teardown (Fixture            *f,
                           gconstpointer       data);

void     wait_for         (gboolean           *flag);
void     iterate_for      (guint               ms);
void     request          (Fixture            *f,
                           const char         *method,
                           const char         *path,
                           const char         *content_type,
                           const char         *body,
                           gssize              body_length,
                           const char * const *headers,
                           Reply              *reply);
char    *get_ok           (Fixture            *f,
                           const char         *path);
cJSON   *get_json         (Fixture            *f,
                           const char         *path);
double   number           (const cJSON        *root,
                           const char         *key);
void     assert_problem   (const Reply        *reply,
                           guint               status,
                           const char         *detail_part);

guint    fixture_port     (Fixture            *f);
GSocket *raw_connect_port (guint               port);
GSocket *raw_connect      (Fixture            *f);
char    *raw_send         (GSocket            *socket,
                           const char         *text);
guint    raw_status       (const char         *reply);
gboolean raw_closed       (GSocket            *socket);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Reply, reply_clear)

G_END_DECLS
