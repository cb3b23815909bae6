/* twin-test-raw.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * HTTP over raw loopback sockets, for clients libsoup would not be: the
 * request goes out exactly as written, and the test decides when the
 * client closes.
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* How long a raw exchange may wait for the server. */
#define TWIN_TEST_RAW_TIMEOUT_S 30.0

GSocket  *twin_test_raw_connect (guint        port);
char     *twin_test_raw_send    (GSocket     *socket,
                                 const char  *text);
guint     twin_test_raw_status  (const char  *reply);
gboolean  twin_test_raw_closed  (GSocket     *socket);

G_END_DECLS
