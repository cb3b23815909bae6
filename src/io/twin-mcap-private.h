/* twin-mcap-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the MCAP writer and reader share of the format (mcap.dev, major
 * version 0).
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TWIN_MCAP_MAGIC_LENGTH 8

extern const guint8 twin_mcap_magic[TWIN_MCAP_MAGIC_LENGTH];

typedef enum
{
  TWIN_MCAP_OP_HEADER = 0x01,
  TWIN_MCAP_OP_FOOTER = 0x02,
  TWIN_MCAP_OP_SCHEMA = 0x03,
  TWIN_MCAP_OP_CHANNEL = 0x04,
  TWIN_MCAP_OP_MESSAGE = 0x05,
  TWIN_MCAP_OP_CHUNK = 0x06,
  TWIN_MCAP_OP_MESSAGE_INDEX = 0x07,
  TWIN_MCAP_OP_CHUNK_INDEX = 0x08,
  TWIN_MCAP_OP_STATISTICS = 0x0b,
  TWIN_MCAP_OP_METADATA = 0x0c,
  TWIN_MCAP_OP_METADATA_INDEX = 0x0d,
  TWIN_MCAP_OP_SUMMARY_OFFSET = 0x0e,
  TWIN_MCAP_OP_DATA_END = 0x0f,
} TwinMcapOpcode;

/* opcode, then the content's length */
#define TWIN_MCAP_RECORD_PREFIX (1 + 8)

guint32 twin_mcap_crc32 (guint32       crc,
                         const guint8 *data,
                         gsize         length);

G_END_DECLS
