/* twin-mcap-crc.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "twin-mcap-private.h"

const guint8 twin_mcap_magic[TWIN_MCAP_MAGIC_LENGTH] = { 0x89, 'M', 'C', 'A', 'P', 0x30, '\r', '\n' };

static guint32 crc_table[256];

static gpointer
crc_table_init (gpointer data)
{
  for (guint32 i = 0; i < 256; i++)
    {
      guint32 c = i;

      for (int k = 0; k < 8; k++)
        c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
      crc_table[i] = c;
    }
  return NULL;
}

/* CRC-32 as zlib computes it, which MCAP readers check; @crc is 0 to
 * start, or what the previous call returned to go on. */
guint32
twin_mcap_crc32 (guint32       crc,
                 const guint8 *data,
                 gsize         length)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, crc_table_init, NULL);
  crc = ~crc;
  for (gsize i = 0; i < length; i++)
    crc = crc_table[(crc ^ data[i]) & 0xff] ^ (crc >> 8);
  return ~crc;
}
