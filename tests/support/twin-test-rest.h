/* twin-test-rest.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the REST tests share: a real server on a free loopback port with
 * a SoupSession client on the test's main context.
 */

#pragma once

#include <cjson/cJSON.h>
#include <libsoup/soup.h>

#include "twin-rest.h"
#include "twin-test-raw.h"

G_BEGIN_DECLS

/* The header lines of a WebSocket upgrade request, after Host. */
#define TWIN_TEST_WS_HANDSHAKE "Upgrade: websocket\r\nConnection: Upgrade\r\n" \
                               "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"

typedef struct
{
  TwinEngine     *engine;
  TwinRestServer *rest;
  SoupSession    *session;
  char           *token;     /* sent as Authorization when set */
  char           *base;      /* instead of the server's URL */
} TwinTestRest;

typedef struct
{
  guint               status;
  char               *body;
  gsize               length;
  SoupMessageHeaders *headers;
} TwinTestReply;

void     twin_test_reply_clear          (TwinTestReply      *reply);

void     twin_test_rest_start           (TwinTestRest       *f,
                                         const char         *token);
void     twin_test_rest_setup           (TwinTestRest       *f,
                                         gconstpointer       data);
void     twin_test_rest_teardown        (TwinTestRest       *f,
                                         gconstpointer       data);
void     twin_test_rest_request         (TwinTestRest       *f,
                                         const char         *method,
                                         const char         *path,
                                         const char         *content_type,
                                         const char         *body,
                                         gssize              body_length,
                                         const char * const *headers,
                                         TwinTestReply      *reply);
char    *twin_test_rest_get_ok          (TwinTestRest       *f,
                                         const char         *path);
cJSON   *twin_test_rest_get_json        (TwinTestRest       *f,
                                         const char         *path);
void     twin_test_rest_assert_problem  (const TwinTestReply *reply,
                                         guint               status,
                                         const char         *detail_part);
guint    twin_test_rest_get_port        (TwinTestRest       *f);
GSocket *twin_test_rest_raw_connect     (TwinTestRest       *f);
guint    twin_test_rest_ws_handshake    (TwinTestRest       *f,
                                         GSocket            *socket,
                                         const char         *headers);
void     twin_test_rest_wait_websockets (TwinTestRest       *f,
                                         guint               n);

double   twin_test_json_number          (const cJSON        *root,
                                         const char         *key);

/* A test on a server of its own, as every REST test has. */
#define twin_test_rest_add(path, func) \
  g_test_add ((path), TwinTestRest, NULL, twin_test_rest_setup, (func), twin_test_rest_teardown)

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TwinTestReply, twin_test_reply_clear)

G_END_DECLS
