/* twin-mcap-writer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An MCAP file (mcap.dev, major version 0) written as it goes: schemas,
 * channels and metadata at the top of the data section as they are added,
 * messages in uncompressed chunks, each followed by its message indexes.
 * Every flush writes the open chunk and syncs the file, so a process killed
 * between flushes leaves every chunk before the last flush readable; close
 * adds the summary (schemas, channels, statistics, chunk and metadata
 * indexes) that lets viewers seek.
 */

#define G_LOG_DOMAIN "twin-mcap"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "twin-mcap-private.h"
#include "twin-mcap-writer.h"

/* A chunk is written once it holds this much, flushed or not, so that
 * memory stays bounded at any time scale. */
#define CHUNK_SIZE_MAX (1024 * 1024)

typedef struct
{
  guint64 log_time;
  guint64 offset;
} IndexEntry;

typedef struct
{
  guint32  sequence;
  guint64  count;
  GArray  *index;          /* IndexEntry of the open chunk */
} Channel;

struct _TwinMcapWriter
{
  int         fd;
  char       *path;
  guint64     offset;       /* bytes written so far */
  GError     *error;        /* the first write error; nothing is written after it */

  GByteArray *schemas;      /* their records, repeated in the summary */
  GByteArray *channel_records;
  GArray     *channels;     /* Channel, at id - 1 */
  guint16     n_schemas;

  GByteArray *chunk;        /* message records of the open chunk */
  guint64     chunk_start;
  guint64     chunk_end;

  GByteArray *chunk_indexes;
  GByteArray *metadata_indexes;
  guint32     n_chunks;
  guint32     n_metadata;
  guint64     n_messages;
  guint64     start_time;
  guint64     end_time;
};

static void
put_u8 (GByteArray *b,
        guint8      v)
{
  g_byte_array_append (b, &v, 1);
}

static void
put_u16 (GByteArray *b,
         guint16     v)
{
  guint16 le = GUINT16_TO_LE (v);

  g_byte_array_append (b, (const guint8 *)&le, sizeof le);
}

static void
put_u32 (GByteArray *b,
         guint32     v)
{
  guint32 le = GUINT32_TO_LE (v);

  g_byte_array_append (b, (const guint8 *)&le, sizeof le);
}

static void
put_u64 (GByteArray *b,
         guint64     v)
{
  guint64 le = GUINT64_TO_LE (v);

  g_byte_array_append (b, (const guint8 *)&le, sizeof le);
}

static void
put_string (GByteArray *b,
            const char *s)
{
  gsize n = strlen (s);

  put_u32 (b, n);
  g_byte_array_append (b, (const guint8 *)s, n);
}

static void
patch_u32 (GByteArray *b,
           gsize       at,
           guint32     v)
{
  guint32 le = GUINT32_TO_LE (v);

  memcpy (b->data + at, &le, sizeof le);
}

static void
patch_u64 (GByteArray *b,
           gsize       at,
           guint64     v)
{
  guint64 le = GUINT64_TO_LE (v);

  memcpy (b->data + at, &le, sizeof le);
}

/* Starts a record; returns where its content starts, for end_record(). */
static gsize
begin_record (GByteArray *b,
              guint8      opcode)
{
  put_u8 (b, opcode);
  put_u64 (b, 0);
  return b->len;
}

static void
end_record (GByteArray *b,
            gsize       content_start)
{
  patch_u64 (b, content_start - 8, b->len - content_start);
}

/* A length-prefixed map or array: returns where its entries start. */
static gsize
begin_sequence (GByteArray *b)
{
  put_u32 (b, 0);
  return b->len;
}

static void
end_sequence (GByteArray *b,
              gsize       entries_start)
{
  patch_u32 (b, entries_start - 4, b->len - entries_start);
}

static void
write_bytes (TwinMcapWriter *self,
             const guint8   *data,
             gsize           length)
{
  while (length > 0 && self->error == NULL)
    {
      gssize n = write (self->fd, data, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          g_set_error (&self->error, G_IO_ERROR, g_io_error_from_errno (saved),
                       "recording %s: %s", self->path, g_strerror (saved));
          return;
        }
      data += n;
      length -= n;
      self->offset += n;
    }
}

static void
write_array (TwinMcapWriter *self,
             GByteArray     *b)
{
  write_bytes (self, b->data, b->len);
}

static void
channel_clear (Channel *channel)
{
  g_clear_pointer (&channel->index, g_array_unref);
}

/**
 * twin_mcap_writer_new:
 * @profile: the header's profile ("" for none)
 * @library: what writes the file, with its version
 *
 * Creates (or truncates) @path and writes the magic and the header.
 */
TwinMcapWriter *
twin_mcap_writer_new (const char  *path,
                      const char  *profile,
                      const char  *library,
                      GError     **error)
{
  g_autoptr(GByteArray) b = g_byte_array_new ();
  TwinMcapWriter *self;
  gsize at;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (profile != NULL && library != NULL, NULL);

  fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "record: cannot create %s: %s", path, g_strerror (saved));
      return NULL;
    }

  self = g_new0 (TwinMcapWriter, 1);
  self->fd = fd;
  self->path = g_strdup (path);
  self->schemas = g_byte_array_new ();
  self->channel_records = g_byte_array_new ();
  self->channels = g_array_new (FALSE, TRUE, sizeof (Channel));
  g_array_set_clear_func (self->channels, (GDestroyNotify)channel_clear);
  self->chunk = g_byte_array_new ();
  self->chunk_indexes = g_byte_array_new ();
  self->metadata_indexes = g_byte_array_new ();

  g_byte_array_append (b, twin_mcap_magic, sizeof twin_mcap_magic);
  at = begin_record (b, TWIN_MCAP_OP_HEADER);
  put_string (b, profile);
  put_string (b, library);
  end_record (b, at);
  write_array (self, b);

  if (self->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->error));
      twin_mcap_writer_free (self);
      return NULL;
    }
  return self;
}

/**
 * twin_mcap_writer_add_schema:
 * @encoding: "jsonschema" for JSON messages
 * @data: the schema itself
 *
 * Returns: the schema's id, from 1
 */
guint16
twin_mcap_writer_add_schema (TwinMcapWriter *self,
                             const char     *name,
                             const char     *encoding,
                             const char     *data)
{
  gsize at, record_start = self->schemas->len;
  gsize n = strlen (data);

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (self->n_schemas < G_MAXUINT16, 0);

  self->n_schemas++;
  at = begin_record (self->schemas, TWIN_MCAP_OP_SCHEMA);
  put_u16 (self->schemas, self->n_schemas);
  put_string (self->schemas, name);
  put_string (self->schemas, encoding);
  put_u32 (self->schemas, n);
  g_byte_array_append (self->schemas, (const guint8 *)data, n);
  end_record (self->schemas, at);
  write_bytes (self, self->schemas->data + record_start, self->schemas->len - record_start);
  return self->n_schemas;
}

/**
 * twin_mcap_writer_add_channel:
 * @message_encoding: "json" for JSON messages
 *
 * Returns: the channel's id, from 1
 */
guint16
twin_mcap_writer_add_channel (TwinMcapWriter *self,
                              guint16         schema_id,
                              const char     *topic,
                              const char     *message_encoding)
{
  GByteArray *b = self->channel_records;
  gsize at, map, record_start = b->len;
  Channel channel = { 0 };

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (schema_id <= self->n_schemas, 0);
  g_return_val_if_fail (self->channels->len < G_MAXUINT16, 0);

  channel.index = g_array_new (FALSE, FALSE, sizeof (IndexEntry));
  g_array_append_val (self->channels, channel);

  at = begin_record (b, TWIN_MCAP_OP_CHANNEL);
  put_u16 (b, self->channels->len);
  put_u16 (b, schema_id);
  put_string (b, topic);
  put_string (b, message_encoding);
  map = begin_sequence (b);
  end_sequence (b, map);
  end_record (b, at);
  write_bytes (self, b->data + record_start, b->len - record_start);
  return self->channels->len;
}

/**
 * twin_mcap_writer_add_metadata:
 * @pairs: keys and values, alternating, %NULL-terminated
 *
 * Writes a metadata record now, indexed in the summary.
 */
void
twin_mcap_writer_add_metadata (TwinMcapWriter     *self,
                               const char         *name,
                               const char * const *pairs)
{
  g_autoptr(GByteArray) b = g_byte_array_new ();
  gsize at, map;
  guint64 offset;

  g_return_if_fail (self != NULL);
  g_return_if_fail (g_strv_length ((char **)pairs) % 2 == 0);

  at = begin_record (b, TWIN_MCAP_OP_METADATA);
  put_string (b, name);
  map = begin_sequence (b);
  for (guint i = 0; pairs[i] != NULL; i += 2)
    {
      put_string (b, pairs[i]);
      put_string (b, pairs[i + 1]);
    }
  end_sequence (b, map);
  end_record (b, at);

  offset = self->offset;
  write_array (self, b);

  at = begin_record (self->metadata_indexes, TWIN_MCAP_OP_METADATA_INDEX);
  put_u64 (self->metadata_indexes, offset);
  put_u64 (self->metadata_indexes, b->len);
  put_string (self->metadata_indexes, name);
  end_record (self->metadata_indexes, at);
  self->n_metadata++;
}

/**
 * twin_mcap_writer_add_message:
 * @log_time: nanoseconds
 *
 * Adds a message to the open chunk; it reaches the file at the next flush.
 */
void
twin_mcap_writer_add_message (TwinMcapWriter *self,
                              guint16         channel_id,
                              guint64         log_time,
                              const char     *data,
                              gsize           length)
{
  Channel *channel;
  IndexEntry entry;
  gsize at;

  g_return_if_fail (self != NULL);
  g_return_if_fail (channel_id >= 1 && channel_id <= self->channels->len);

  channel = &g_array_index (self->channels, Channel, channel_id - 1);
  if (self->chunk->len == 0)
    {
      self->chunk_start = log_time;
      self->chunk_end = log_time;
    }
  self->chunk_start = MIN (self->chunk_start, log_time);
  self->chunk_end = MAX (self->chunk_end, log_time);
  if (self->n_messages == 0)
    self->start_time = self->end_time = log_time;
  self->start_time = MIN (self->start_time, log_time);
  self->end_time = MAX (self->end_time, log_time);

  entry.log_time = log_time;
  entry.offset = self->chunk->len;
  g_array_append_val (channel->index, entry);

  at = begin_record (self->chunk, TWIN_MCAP_OP_MESSAGE);
  put_u16 (self->chunk, channel_id);
  put_u32 (self->chunk, channel->sequence++);
  put_u64 (self->chunk, log_time);
  put_u64 (self->chunk, log_time);
  g_byte_array_append (self->chunk, (const guint8 *)data, length);
  end_record (self->chunk, at);

  channel->count++;
  self->n_messages++;

  if (self->chunk->len >= CHUNK_SIZE_MAX)
    twin_mcap_writer_flush (self, NULL);
}

/* The open chunk, then its message indexes; the chunk index for the
 * summary. */
static void
write_chunk (TwinMcapWriter *self)
{
  g_autoptr(GByteArray) b = g_byte_array_new ();
  g_autoptr(GByteArray) indexes = g_byte_array_new ();
  g_autoptr(GArray) index_offsets = g_array_new (FALSE, FALSE, sizeof (guint64));
  GByteArray *ci = self->chunk_indexes;
  guint64 chunk_offset = self->offset, chunk_length;
  gsize at, map;

  at = begin_record (b, TWIN_MCAP_OP_CHUNK);
  put_u64 (b, self->chunk_start);
  put_u64 (b, self->chunk_end);
  put_u64 (b, self->chunk->len);
  put_u32 (b, twin_mcap_crc32 (0, self->chunk->data, self->chunk->len));
  put_string (b, "");
  put_u64 (b, self->chunk->len);
  g_byte_array_append (b, self->chunk->data, self->chunk->len);
  end_record (b, at);
  chunk_length = b->len;

  for (guint i = 0; i < self->channels->len; i++)
    {
      GArray *index = g_array_index (self->channels, Channel, i).index;
      guint64 offset = chunk_offset + chunk_length + indexes->len;
      gsize entries;

      if (index->len == 0)
        continue;
      g_array_append_val (index_offsets, offset);
      at = begin_record (indexes, TWIN_MCAP_OP_MESSAGE_INDEX);
      put_u16 (indexes, i + 1);
      entries = begin_sequence (indexes);
      for (guint k = 0; k < index->len; k++)
        {
          put_u64 (indexes, g_array_index (index, IndexEntry, k).log_time);
          put_u64 (indexes, g_array_index (index, IndexEntry, k).offset);
        }
      end_sequence (indexes, entries);
      end_record (indexes, at);
    }
  g_byte_array_append (b, indexes->data, indexes->len);
  write_array (self, b);

  at = begin_record (ci, TWIN_MCAP_OP_CHUNK_INDEX);
  put_u64 (ci, self->chunk_start);
  put_u64 (ci, self->chunk_end);
  put_u64 (ci, chunk_offset);
  put_u64 (ci, chunk_length);
  map = begin_sequence (ci);
  for (guint i = 0, k = 0; i < self->channels->len; i++)
    {
      GArray *index = g_array_index (self->channels, Channel, i).index;

      if (index->len == 0)
        continue;
      put_u16 (ci, i + 1);
      put_u64 (ci, g_array_index (index_offsets, guint64, k++));
      g_array_set_size (index, 0);
    }
  end_sequence (ci, map);
  put_u64 (ci, indexes->len);
  put_string (ci, "");
  put_u64 (ci, self->chunk->len);
  put_u64 (ci, self->chunk->len);
  end_record (ci, at);

  self->n_chunks++;
  g_byte_array_set_size (self->chunk, 0);
}

gsize
twin_mcap_writer_get_pending (TwinMcapWriter *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->chunk->len;
}

/**
 * twin_mcap_writer_flush:
 *
 * Writes the open chunk, if any, and syncs the file: what was added so far
 * survives the process being killed.
 */
gboolean
twin_mcap_writer_flush (TwinMcapWriter  *self,
                        GError         **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (self->fd >= 0, FALSE);

  if (self->chunk->len > 0)
    write_chunk (self);
  if (self->error == NULL && fdatasync (self->fd) != 0)
    {
      int saved = errno;

      g_set_error (&self->error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "recording %s: %s", self->path, g_strerror (saved));
    }
  if (self->error != NULL)
    {
      if (error != NULL)
        *error = g_error_copy (self->error);
      return FALSE;
    }
  return TRUE;
}

static void
put_statistics (TwinMcapWriter *self,
                GByteArray     *b)
{
  gsize at = begin_record (b, TWIN_MCAP_OP_STATISTICS), map;

  put_u64 (b, self->n_messages);
  put_u16 (b, self->n_schemas);
  put_u32 (b, self->channels->len);
  put_u32 (b, 0);
  put_u32 (b, self->n_metadata);
  put_u32 (b, self->n_chunks);
  put_u64 (b, self->start_time);
  put_u64 (b, self->end_time);
  map = begin_sequence (b);
  for (guint i = 0; i < self->channels->len; i++)
    {
      put_u16 (b, i + 1);
      put_u64 (b, g_array_index (self->channels, Channel, i).count);
    }
  end_sequence (b, map);
  end_record (b, at);
}

/* Appends @group to the summary and its offset record to @offsets. */
static void
add_group (GByteArray *summary,
           guint64     summary_start,
           GByteArray *offsets,
           guint8      opcode,
           GByteArray *group)
{
  gsize at;

  if (group->len == 0)
    return;
  at = begin_record (offsets, TWIN_MCAP_OP_SUMMARY_OFFSET);
  put_u8 (offsets, opcode);
  put_u64 (offsets, summary_start + summary->len);
  put_u64 (offsets, group->len);
  end_record (offsets, at);
  g_byte_array_append (summary, group->data, group->len);
}

/**
 * twin_mcap_writer_close:
 *
 * Writes the open chunk, the end of the data section, the summary and the
 * footer, and closes the file. The writer is then only good to free.
 */
gboolean
twin_mcap_writer_close (TwinMcapWriter  *self,
                        GError         **error)
{
  g_autoptr(GByteArray) b = g_byte_array_new ();
  g_autoptr(GByteArray) summary = g_byte_array_new ();
  g_autoptr(GByteArray) offsets = g_byte_array_new ();
  g_autoptr(GByteArray) statistics = g_byte_array_new ();
  guint64 summary_start;
  gsize at;
  int fd;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (self->fd >= 0, FALSE);

  if (self->chunk->len > 0)
    write_chunk (self);

  at = begin_record (b, TWIN_MCAP_OP_DATA_END);
  put_u32 (b, 0);                       /* the data section's CRC: not computed */
  end_record (b, at);
  write_array (self, b);

  summary_start = self->offset;
  put_statistics (self, statistics);
  add_group (summary, summary_start, offsets, TWIN_MCAP_OP_SCHEMA, self->schemas);
  add_group (summary, summary_start, offsets, TWIN_MCAP_OP_CHANNEL, self->channel_records);
  add_group (summary, summary_start, offsets, TWIN_MCAP_OP_STATISTICS, statistics);
  add_group (summary, summary_start, offsets, TWIN_MCAP_OP_CHUNK_INDEX, self->chunk_indexes);
  add_group (summary, summary_start, offsets, TWIN_MCAP_OP_METADATA_INDEX, self->metadata_indexes);

  g_byte_array_set_size (b, 0);
  g_byte_array_append (b, summary->data, summary->len);
  g_byte_array_append (b, offsets->data, offsets->len);
  put_u8 (b, TWIN_MCAP_OP_FOOTER);
  put_u64 (b, 8 + 8 + 4);
  put_u64 (b, summary_start);
  put_u64 (b, summary_start + summary->len);
  put_u32 (b, twin_mcap_crc32 (0, b->data, b->len));
  g_byte_array_append (b, twin_mcap_magic, sizeof twin_mcap_magic);
  write_array (self, b);

  if (self->error == NULL && fsync (self->fd) != 0)
    {
      int saved = errno;

      g_set_error (&self->error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "recording %s: %s", self->path, g_strerror (saved));
    }
  fd = self->fd;
  self->fd = -1;
  if (close (fd) != 0 && self->error == NULL)
    {
      int saved = errno;

      g_set_error (&self->error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "recording %s: %s", self->path, g_strerror (saved));
    }
  if (self->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->error));
      return FALSE;
    }
  return TRUE;
}

/**
 * twin_mcap_writer_free:
 *
 * Frees the writer; a file not closed keeps what was flushed, with no
 * summary, as after a crash.
 */
void
twin_mcap_writer_free (TwinMcapWriter *self)
{
  if (self == NULL)
    return;

  if (self->fd >= 0)
    close (self->fd);
  g_clear_error (&self->error);
  g_free (self->path);
  g_byte_array_unref (self->schemas);
  g_byte_array_unref (self->channel_records);
  g_array_unref (self->channels);
  g_byte_array_unref (self->chunk);
  g_byte_array_unref (self->chunk_indexes);
  g_byte_array_unref (self->metadata_indexes);
  g_free (self);
}
