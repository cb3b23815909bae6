/* twin-mcap-reader.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reads MCAP files record by record, as a replay needs them: in file order,
 * through uncompressed chunks. A file cut short — its writer killed — is
 * read up to its last whole record, which is how a recording of a crashed
 * session replays up to its last synced second.
 */

#define G_LOG_DOMAIN "twin-mcap"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "twin-mcap-private.h"
#include "twin-mcap-reader.h"

typedef struct
{
  const guint8 *data;
  gsize         length;
  gsize         pos;
} Cursor;

struct _TwinMcapReader
{
  char        *path;
  GBytes      *bytes;
  Cursor       top;          /* the file's records */
  Cursor       chunk;        /* the records of the chunk being read, if any */
  GHashTable  *topics;       /* channel id → topic */
  GHashTable  *metadata;     /* name → (key → value) */
  gboolean     complete;     /* the footer was reached */
};

/* The next @n bytes of @c, as they are; FALSE when fewer are left. */
static gboolean
take (Cursor *c,
      void   *out,
      gsize   n)
{
  if (c->length - c->pos < n)
    return FALSE;
  memcpy (out, c->data + c->pos, n);
  c->pos += n;
  return TRUE;
}

static gboolean
get_u16 (Cursor  *c,
         guint16 *v)
{
  guint16 le;

  if (!take (c, &le, sizeof le))
    return FALSE;
  *v = GUINT16_FROM_LE (le);
  return TRUE;
}

static gboolean
get_u32 (Cursor  *c,
         guint32 *v)
{
  guint32 le;

  if (!take (c, &le, sizeof le))
    return FALSE;
  *v = GUINT32_FROM_LE (le);
  return TRUE;
}

static gboolean
get_u64 (Cursor  *c,
         guint64 *v)
{
  guint64 le;

  if (!take (c, &le, sizeof le))
    return FALSE;
  *v = GUINT64_FROM_LE (le);
  return TRUE;
}

static char *
get_string (Cursor *c)
{
  guint32 n;
  const char *s;

  if (!get_u32 (c, &n) || c->length - c->pos < n)
    return NULL;
  s = (const char *)c->data + c->pos;
  c->pos += n;
  return g_strndup (s, n);
}

/* The next record at @c, as a cursor over its content; FALSE when fewer
 * bytes are left than it needs. */
static gboolean
next_record (Cursor *c,
             guint8 *opcode,
             Cursor *content)
{
  gsize start = c->pos;
  guint64 length;

  if (c->pos >= c->length)
    return FALSE;
  *opcode = c->data[c->pos++];
  if (!get_u64 (c, &length) || c->length - c->pos < length)
    {
      c->pos = start;
      return FALSE;
    }
  content->data = c->data + c->pos;
  content->length = length;
  content->pos = 0;
  c->pos += length;
  return TRUE;
}

static gboolean
malformed (TwinMcapReader  *self,
           const Cursor    *c,
           const char      *what,
           GError         **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               "recording %s: %s at byte %" G_GSIZE_FORMAT ": not a valid MCAP record",
               self->path, what, (gsize)(c->data - self->top.data));
  return FALSE;
}

static gboolean
read_channel (TwinMcapReader  *self,
              Cursor          *c,
              GError         **error)
{
  guint16 id, schema;
  char *topic;

  if (!get_u16 (c, &id) || !get_u16 (c, &schema) || (topic = get_string (c)) == NULL)
    return malformed (self, c, "a channel", error);
  g_hash_table_replace (self->topics, GUINT_TO_POINTER (id), topic);
  return TRUE;
}

static gboolean
read_metadata (TwinMcapReader  *self,
               Cursor          *c,
               GError         **error)
{
  g_autofree char *name = get_string (c);
  GHashTable *pairs;
  guint32 n;
  Cursor map;

  if (name == NULL || !get_u32 (c, &n) || c->length - c->pos < n)
    return malformed (self, c, "metadata", error);
  map = (Cursor){ c->data + c->pos, n, 0 };
  pairs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_replace (self->metadata, g_steal_pointer (&name), pairs);
  while (map.pos < map.length)
    {
      char *key = get_string (&map);
      char *value = key != NULL ? get_string (&map) : NULL;

      if (value == NULL)
        {
          g_free (key);
          return malformed (self, c, "metadata", error);
        }
      g_hash_table_replace (pairs, key, value);
    }
  return TRUE;
}

/* Channels and metadata outside chunks, and whether the file is whole,
 * before any message is read. */
static gboolean
scan (TwinMcapReader  *self,
      GError         **error)
{
  Cursor c = self->top, content;
  guint8 opcode;

  while (next_record (&c, &opcode, &content))
    {
      if (opcode == TWIN_MCAP_OP_CHANNEL && !read_channel (self, &content, error))
        return FALSE;
      if (opcode == TWIN_MCAP_OP_METADATA && !read_metadata (self, &content, error))
        return FALSE;
      if (opcode == TWIN_MCAP_OP_FOOTER)
        self->complete = c.length - c.pos == TWIN_MCAP_MAGIC_LENGTH &&
                         memcmp (c.data + c.pos, twin_mcap_magic, TWIN_MCAP_MAGIC_LENGTH) == 0;
      if (opcode == TWIN_MCAP_OP_FOOTER)
        break;
    }
  return TRUE;
}

/**
 * twin_mcap_reader_new_from_bytes:
 * @name: what errors call it: the file's path
 *
 * Reads the header, channels and metadata of the recording in @bytes.
 */
TwinMcapReader *
twin_mcap_reader_new_from_bytes (GBytes      *bytes,
                                 const char  *name,
                                 GError     **error)
{
  g_autoptr(TwinMcapReader) self = g_new0 (TwinMcapReader, 1);
  Cursor header;
  guint8 opcode;
  gsize length;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  self->path = g_strdup (name);
  self->topics = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  self->metadata = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_hash_table_unref);
  self->bytes = g_bytes_ref (bytes);
  self->top.data = g_bytes_get_data (bytes, &length);
  self->top.length = length;

  if (self->top.length < TWIN_MCAP_MAGIC_LENGTH ||
      memcmp (self->top.data, twin_mcap_magic, TWIN_MCAP_MAGIC_LENGTH) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "recording %s: not an MCAP file (it does not start with MCAP's magic bytes)", name);
      return NULL;
    }
  self->top.pos = TWIN_MCAP_MAGIC_LENGTH;
  if (!next_record (&self->top, &opcode, &header) || opcode != TWIN_MCAP_OP_HEADER)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "recording %s: no MCAP header after the magic bytes", name);
      return NULL;
    }
  if (!scan (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * twin_mcap_reader_new:
 *
 * Opens @path and reads its header, channels and metadata.
 */
TwinMcapReader *
twin_mcap_reader_new (const char  *path,
                      GError     **error)
{
  g_autoptr(GMappedFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  file = g_mapped_file_new (path, FALSE, error);
  if (file == NULL)
    return NULL;
  bytes = g_mapped_file_get_bytes (file);
  return twin_mcap_reader_new_from_bytes (bytes, path, error);
}

static gboolean
open_chunk (TwinMcapReader  *self,
            Cursor          *c,
            GError         **error)
{
  guint64 start, end, size, records;
  guint32 crc;
  g_autofree char *compression = NULL;

  if (!get_u64 (c, &start) || !get_u64 (c, &end) || !get_u64 (c, &size) || !get_u32 (c, &crc) ||
      (compression = get_string (c)) == NULL || !get_u64 (c, &records) || c->length - c->pos < records)
    return malformed (self, c, "a chunk", error);
  if (compression[0] != '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "recording %s: a chunk is compressed with %s; Twinscope reads uncompressed chunks only "
                   "(mcap convert --compression none makes such a file)", self->path, compression);
      return FALSE;
    }
  self->chunk = (Cursor){ c->data + c->pos, records, 0 };
  if (crc != 0 && twin_mcap_crc32 (0, self->chunk.data, self->chunk.length) != crc)
    return malformed (self, c, "a chunk whose CRC does not match its records", error);
  return TRUE;
}

/* A message record's content into @message; FALSE with @error set when it
 * is malformed. */
static gboolean
read_message (TwinMcapReader   *self,
              Cursor           *c,
              TwinMcapMessage  *message,
              GError          **error)
{
  guint32 sequence;
  guint64 publish_time;

  if (!get_u16 (c, &message->channel_id) || !get_u32 (c, &sequence) ||
      !get_u64 (c, &message->log_time) || !get_u64 (c, &publish_time))
    return malformed (self, c, "a message", error);
  message->topic = g_hash_table_lookup (self->topics, GUINT_TO_POINTER (message->channel_id));
  if (message->topic == NULL)
    return malformed (self, c, "a message on a channel never declared", error);
  message->data = (const char *)c->data + c->pos;
  message->length = c->length - c->pos;
  return TRUE;
}

/**
 * twin_mcap_reader_next:
 * @message: (out): the next message, in file order
 *
 * Returns: %TRUE with @message set; %FALSE at the end of the data (or of a
 *   file cut short), or with @error set when the file is malformed
 */
gboolean
twin_mcap_reader_next (TwinMcapReader   *self,
                       TwinMcapMessage  *message,
                       GError          **error)
{
  Cursor content;
  guint8 opcode;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (message != NULL, FALSE);

  for (;;)
    {
      Cursor *c = self->chunk.pos < self->chunk.length ? &self->chunk : &self->top;

      if (!next_record (c, &opcode, &content))
        {
          if (c == &self->chunk)
            return malformed (self, c, "a record running past its chunk", error);
          return FALSE;
        }
      switch (opcode)
        {
        case TWIN_MCAP_OP_MESSAGE:
          return read_message (self, &content, message, error);
        case TWIN_MCAP_OP_CHANNEL:
          if (!read_channel (self, &content, error))
            return FALSE;
          break;
        case TWIN_MCAP_OP_CHUNK:
          if (!open_chunk (self, &content, error))
            return FALSE;
          break;
        case TWIN_MCAP_OP_DATA_END:
        case TWIN_MCAP_OP_FOOTER:
          self->top.pos = self->top.length;
          return FALSE;
        default:
          break;
        }
    }
}

/**
 * twin_mcap_reader_get_metadata:
 *
 * Returns: (nullable): the value of @key in the metadata record @name
 */
const char *
twin_mcap_reader_get_metadata (TwinMcapReader *self,
                               const char     *name,
                               const char     *key)
{
  GHashTable *pairs;

  g_return_val_if_fail (self != NULL, NULL);

  pairs = g_hash_table_lookup (self->metadata, name);
  return pairs != NULL ? g_hash_table_lookup (pairs, key) : NULL;
}

/**
 * twin_mcap_reader_is_complete:
 *
 * Returns: whether the file was finished (it has its footer), rather than
 *   cut short
 */
gboolean
twin_mcap_reader_is_complete (TwinMcapReader *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->complete;
}

void
twin_mcap_reader_free (TwinMcapReader *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_pointer (&self->topics, g_hash_table_unref);
  g_clear_pointer (&self->metadata, g_hash_table_unref);
  g_free (self->path);
  g_free (self);
}
