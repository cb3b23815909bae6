/* twin-mqtt-journal.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The MQTT mirror's queue on disk, so that a twin killed while the broker
 * is away sends what it had queued when it starts again, and its msg_seq
 * goes on. An append-only file: a header line with the last msg_seq, then
 * "+ id kind qos retained seq length\n<payload>\n" when a message is
 * queued and "- id\n" when the broker took it or it was dropped. One write
 * per message; once the file holds much more than what is still queued it
 * is rewritten beside and renamed over, so that a kill at any moment
 * leaves either file whole. A record cut short by a kill mid-write is
 * dropped at the next start. The file is locked while a process uses it.
 */

#define G_LOG_DOMAIN "twin-mqtt"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "twin-mqtt-config.h"
#include "twin-mqtt-journal.h"

#define MAGIC "twinscope-mqtt-queue 1 "
/* What a record costs besides its payload, for the accounting. */
#define RECORD_OVERHEAD 64
/* The file is rewritten when it is this much larger than twice what is
 * live, so that rewrites cost a constant per message on average. */
#define REWRITE_SLACK (256 * 1024)
#define MAX_KIND 15

struct _TwinMqttJournal
{
  char    *path;
  int      fd;
  guint64  next_id;
  gsize    file_bytes;
  gsize    live_bytes;
};

void
twin_mqtt_journal_entry_free (TwinMqttJournalEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->payload);
  g_free (entry);
}

/**
 * twin_mqtt_journal_path:
 *
 * Returns: the queue file of @client_id, in the user's data directory
 */
char *
twin_mqtt_journal_path (const char *client_id)
{
  g_autofree char *name = g_uri_escape_string (client_id, NULL, FALSE);
  g_autofree char *file = g_strconcat (name, ".queue", NULL);

  return g_build_filename (g_get_user_data_dir (), "twinscope", "mqtt", file, NULL);
}

static gboolean
write_all (int          fd,
           const char  *data,
           gsize        length,
           const char  *path,
           GError     **error)
{
  while (length > 0)
    {
      gssize n = write (fd, data, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int saved = errno;

          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: %s", path, g_strerror (saved));
          return FALSE;
        }
      data += n;
      length -= (gsize)n;
    }
  return TRUE;
}

static void
append_record (GString                    *out,
               const TwinMqttJournalEntry *entry)
{
  g_string_append_printf (out, "+ %" G_GUINT64_FORMAT " %u %d %d %" G_GUINT64_FORMAT " %" G_GSIZE_FORMAT "\n",
                          entry->id, entry->kind, entry->qos, entry->retained ? 1 : 0, entry->seq, entry->length);
  g_string_append_len (out, entry->payload, entry->length);
  g_string_append_c (out, '\n');
}

static gboolean
parse_number (const char *text,
              const char *end,
              guint64     max,
              guint64    *value)
{
  const char *p = text;

  *value = 0;
  if (p == end || !g_ascii_isdigit (*p))
    return FALSE;
  for (; p < end && g_ascii_isdigit (*p); p++)
    {
      if (*value > (max - (guint64)(*p - '0')) / 10)
        return FALSE;
      *value = *value * 10 + (guint64)(*p - '0');
    }
  return p == end;
}

/* The fields of a line, separated by one space each. */
static guint
split_fields (const char  *line,
              const char  *end,
              guint64     *fields,
              guint        n_fields)
{
  guint n = 0;

  while (line < end && n < n_fields)
    {
      const char *space = memchr (line, ' ', (gsize)(end - line));
      const char *field_end = space ? space : end;

      if (!parse_number (line, field_end, G_MAXUINT64, &fields[n]))
        return 0;
      n++;
      line = space ? space + 1 : end;
    }
  return line == end ? n : 0;
}

/* Reads what is whole; returns how many bytes of @data that was. */
static gsize
parse (const char *data,
       gsize       size,
       GPtrArray  *entries,
       guint64    *last_seq,
       guint64    *max_id)
{
  g_autoptr(GHashTable) index = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GPtrArray) all = g_ptr_array_new ();   /* with holes where removed */
  const char *nl;
  gsize pos, good;

  nl = memchr (data, '\n', size);
  if (nl == NULL || !g_str_has_prefix (data, MAGIC) ||
      !parse_number (data + strlen (MAGIC), nl, G_MAXUINT64, last_seq))
    return 0;
  good = pos = (gsize)(nl - data) + 1;

  while (pos < size && (nl = memchr (data + pos, '\n', size - pos)) != NULL)
    {
      const char *line = data + pos;
      guint64 f[6];

      if (line[0] == '+' && line[1] == ' ' && split_fields (line + 2, nl, f, 6) == 6 &&
          f[1] <= MAX_KIND && f[2] <= 2 && f[3] <= 1 && f[5] <= G_MAXSIZE - size)
        {
          gsize start = (gsize)(nl - data) + 1;
          TwinMqttJournalEntry *entry;

          if (start + f[5] >= size || data[start + f[5]] != '\n')
            break;

          entry = g_new0 (TwinMqttJournalEntry, 1);
          entry->id = f[0];
          entry->kind = (guint)f[1];
          entry->qos = (int)f[2];
          entry->retained = f[3] != 0;
          entry->seq = f[4];
          entry->length = (gsize)f[5];
          entry->payload = g_strndup (data + start, entry->length);
          g_hash_table_insert (index, &entry->id, GUINT_TO_POINTER (all->len + 1));
          g_ptr_array_add (all, entry);
          *last_seq = MAX (*last_seq, entry->seq);
          *max_id = MAX (*max_id, entry->id);
          pos = start + entry->length + 1;
        }
      else if (line[0] == '-' && line[1] == ' ' && split_fields (line + 2, nl, f, 1) == 1)
        {
          guint at = GPOINTER_TO_UINT (g_hash_table_lookup (index, &f[0]));

          if (at != 0)
            {
              TwinMqttJournalEntry *entry = g_ptr_array_index (all, at - 1);

              g_hash_table_remove (index, &entry->id);
              twin_mqtt_journal_entry_free (entry);
              all->pdata[at - 1] = NULL;
            }
          pos = (gsize)(nl - data) + 1;
        }
      else
        break;

      good = pos;
    }

  for (guint i = 0; i < all->len; i++)
    if (all->pdata[i] != NULL)
      g_ptr_array_add (entries, all->pdata[i]);

  return good;
}

static int
open_locked (const char  *path,
             int          flags,
             GError     **error)
{
  int fd = g_open (path, flags | O_CLOEXEC, 0600);
  int saved;

  if (fd < 0)
    {
      saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: %s", path, g_strerror (saved));
      return -1;
    }
  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      saved = errno;
      close (fd);
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "%s: %s", path, saved == EWOULDBLOCK ? "in use by another Twinscope with the same client id"
                                                        : g_strerror (saved));
      return -1;
    }
  return fd;
}

/**
 * twin_mqtt_journal_open:
 * @entries: (out) (transfer full) (element-type TwinMqttJournalEntry):
 *   the messages still queued, oldest first
 * @last_seq: (out): the last msg_seq given out
 *
 * Opens and locks the queue file at @path, creating it (and its
 * directory) when missing; a record cut short at its end is dropped.
 *
 * Returns: (transfer full): the journal, or %NULL
 */
TwinMqttJournal *
twin_mqtt_journal_open (const char  *path,
                        GPtrArray  **entries,
                        guint64     *last_seq,
                        GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *contents = NULL;
  g_autoptr(GPtrArray) loaded = g_ptr_array_new_with_free_func ((GDestroyNotify)twin_mqtt_journal_entry_free);
  TwinMqttJournal *self;
  guint64 seq = 0, max_id = 0;
  gsize size = 0, good;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: %s", dir, g_strerror (saved));
      return NULL;
    }

  if ((fd = open_locked (path, O_RDWR | O_CREAT, error)) < 0)
    return NULL;

  if (!g_file_get_contents (path, &contents, &size, error))
    {
      close (fd);
      return NULL;
    }

  good = parse (contents, size, loaded, &seq, &max_id);
  if (good == 0)
    {
      g_autofree char *header = g_strdup_printf (MAGIC "%" G_GUINT64_FORMAT "\n", seq);

      if (ftruncate (fd, 0) != 0 || lseek (fd, 0, SEEK_SET) != 0 ||
          !write_all (fd, header, strlen (header), path, error))
        {
          g_prefix_error (error, "%s: ", path);
          close (fd);
          return NULL;
        }
      good = strlen (header);
    }
  else if ((good < size && ftruncate (fd, (off_t)good) != 0) || lseek (fd, 0, SEEK_END) < 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: %s", path, g_strerror (saved));
      close (fd);
      return NULL;
    }

  self = g_new0 (TwinMqttJournal, 1);
  self->path = g_strdup (path);
  self->fd = fd;
  self->next_id = max_id + 1;
  self->file_bytes = good;
  for (guint i = 0; i < loaded->len; i++)
    self->live_bytes += ((TwinMqttJournalEntry *)loaded->pdata[i])->length + RECORD_OVERHEAD;

  *entries = g_steal_pointer (&loaded);
  *last_seq = seq;
  return self;
}

const char *
twin_mqtt_journal_get_path (TwinMqttJournal *self)
{
  return self->path;
}

/**
 * twin_mqtt_journal_append:
 *
 * Writes a queued message, in one write.
 *
 * Returns: its id, or 0 on error
 */
guint64
twin_mqtt_journal_append (TwinMqttJournal  *self,
                          guint             kind,
                          int               qos,
                          gboolean          retained,
                          guint64           seq,
                          const char       *payload,
                          gsize             length,
                          GError          **error)
{
  TwinMqttJournalEntry entry = { self->next_id, kind, qos, retained, seq, (char *)payload, length };
  g_autoptr(GString) out = g_string_sized_new (length + RECORD_OVERHEAD);

  g_return_val_if_fail (kind <= MAX_KIND && qos >= 0 && qos <= 2, 0);

  append_record (out, &entry);
  if (!write_all (self->fd, out->str, out->len, self->path, error))
    return 0;

  self->next_id++;
  self->file_bytes += out->len;
  self->live_bytes += length + RECORD_OVERHEAD;
  return entry.id;
}

/**
 * twin_mqtt_journal_remove:
 * @length: the payload's length, for the accounting
 *
 * Writes that the message @id left the queue: the broker took it, or it
 * was dropped.
 */
gboolean
twin_mqtt_journal_remove (TwinMqttJournal  *self,
                          guint64           id,
                          gsize             length,
                          GError          **error)
{
  char line[32];
  int n = g_snprintf (line, sizeof line, "- %" G_GUINT64_FORMAT "\n", id);

  if (!write_all (self->fd, line, (gsize)n, self->path, error))
    return FALSE;

  self->file_bytes += (gsize)n;
  self->live_bytes -= MIN (self->live_bytes, length + RECORD_OVERHEAD);
  return TRUE;
}

/**
 * twin_mqtt_journal_wants_rewrite:
 *
 * Returns: whether the file has grown past twice what is live (and some)
 */
gboolean
twin_mqtt_journal_wants_rewrite (TwinMqttJournal *self)
{
  return self->file_bytes > 2 * self->live_bytes + REWRITE_SLACK;
}

/**
 * twin_mqtt_journal_rewrite:
 * @entries: (element-type TwinMqttJournalEntry): every message still
 *   queued, oldest first, with the ids the journal gave them
 *
 * Writes a new file beside with only @entries and renames it over the
 * old one, which stays whole until then.
 */
gboolean
twin_mqtt_journal_rewrite (TwinMqttJournal  *self,
                           guint64           last_seq,
                           GPtrArray        *entries,
                           GError          **error)
{
  g_autofree char *tmp = g_strconcat (self->path, ".new", NULL);
  g_autoptr(GString) out = g_string_new (NULL);
  gsize live = 0;
  int fd;

  g_string_printf (out, MAGIC "%" G_GUINT64_FORMAT "\n", last_seq);
  for (guint i = 0; i < entries->len; i++)
    {
      const TwinMqttJournalEntry *entry = g_ptr_array_index (entries, i);

      append_record (out, entry);
      live += entry->length + RECORD_OVERHEAD;
    }

  /* Locked before it takes the name, so no other process gets it. */
  if ((fd = open_locked (tmp, O_WRONLY | O_CREAT | O_TRUNC, error)) < 0)
    return FALSE;
  if (!write_all (fd, out->str, out->len, tmp, error))
    {
      close (fd);
      g_unlink (tmp);
      return FALSE;
    }
  if (g_rename (tmp, self->path) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: %s", tmp, g_strerror (saved));
      close (fd);
      g_unlink (tmp);
      return FALSE;
    }

  close (self->fd);
  self->fd = fd;
  self->file_bytes = out->len;
  self->live_bytes = live;
  return TRUE;
}

void
twin_mqtt_journal_close (TwinMqttJournal *self)
{
  if (self == NULL)
    return;

  close (self->fd);
  g_free (self->path);
  g_free (self);
}
