/* twin-mcap-writer.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _TwinMcapWriter TwinMcapWriter;

TwinMcapWriter *twin_mcap_writer_new          (const char          *path,
                                               const char          *profile,
                                               const char          *library,
                                               GError             **error);
guint16         twin_mcap_writer_add_schema   (TwinMcapWriter      *self,
                                               const char          *name,
                                               const char          *encoding,
                                               const char          *data);
guint16         twin_mcap_writer_add_channel  (TwinMcapWriter      *self,
                                               guint16              schema_id,
                                               const char          *topic,
                                               const char          *message_encoding);
void            twin_mcap_writer_add_metadata (TwinMcapWriter      *self,
                                               const char          *name,
                                               const char * const  *pairs);
void            twin_mcap_writer_add_message  (TwinMcapWriter      *self,
                                               guint16              channel_id,
                                               guint64              log_time,
                                               const char          *data,
                                               gsize                length);
gsize           twin_mcap_writer_get_pending  (TwinMcapWriter      *self);
gboolean        twin_mcap_writer_flush        (TwinMcapWriter      *self,
                                               GError             **error);
gboolean        twin_mcap_writer_close        (TwinMcapWriter      *self,
                                               GError             **error);
void            twin_mcap_writer_free         (TwinMcapWriter      *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TwinMcapWriter, twin_mcap_writer_free)

G_END_DECLS
