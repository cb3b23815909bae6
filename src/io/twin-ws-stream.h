/* twin-ws-stream.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define TWIN_TYPE_WS_STREAM (twin_ws_stream_get_type ())

G_DECLARE_FINAL_TYPE (TwinWsStream, twin_ws_stream, TWIN, WS_STREAM, GIOStream)

TwinWsStream *twin_ws_stream_new          (GIOStream    *base,
                                           gsize         max_backlog,
                                           gsize         read_budget);
gboolean      twin_ws_stream_is_blocked   (TwinWsStream *self);
gboolean      twin_ws_stream_overflowed   (TwinWsStream *self);
void          twin_ws_stream_drop         (TwinWsStream *self);

G_END_DECLS
