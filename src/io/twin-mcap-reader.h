/* twin-mcap-reader.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _TwinMcapReader TwinMcapReader;

typedef struct
{
  guint16      channel_id;
  const char  *topic;
  guint64      log_time;       /* ns */
  const char  *data;           /* not NUL-terminated; valid while the reader lives */
  gsize        length;
} TwinMcapMessage;

TwinMcapReader *twin_mcap_reader_new          (const char       *path,
                                               GError          **error);
TwinMcapReader *twin_mcap_reader_new_from_bytes (GBytes         *bytes,
                                                 const char     *name,
                                                 GError        **error);
gboolean        twin_mcap_reader_next         (TwinMcapReader   *self,
                                               TwinMcapMessage  *message,
                                               GError          **error);
const char     *twin_mcap_reader_get_metadata (TwinMcapReader   *self,
                                               const char       *name,
                                               const char       *key);
gboolean        twin_mcap_reader_is_complete  (TwinMcapReader   *self);
void            twin_mcap_reader_free         (TwinMcapReader   *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TwinMcapReader, twin_mcap_reader_free)

G_END_DECLS
