/* twin-mqtt-journal.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _TwinMqttJournal TwinMqttJournal;

/* A queued message as the journal keeps it. */
typedef struct
{
  guint64  id;        /* given by the journal, rising */
  guint    kind;      /* the mirror's own message kind */
  int      qos;
  gboolean retained;
  guint64  seq;       /* msg_seq of a state, else 0 */
  char    *payload;
  gsize    length;
} TwinMqttJournalEntry;

void             twin_mqtt_journal_entry_free (TwinMqttJournalEntry  *entry);

char            *twin_mqtt_journal_path       (const char            *client_id);
TwinMqttJournal *twin_mqtt_journal_open       (const char            *path,
                                               GPtrArray            **entries,
                                               guint64               *last_seq,
                                               GError               **error);
const char      *twin_mqtt_journal_get_path   (TwinMqttJournal       *self);
guint64          twin_mqtt_journal_append     (TwinMqttJournal       *self,
                                               guint                  kind,
                                               int                    qos,
                                               gboolean               retained,
                                               guint64                seq,
                                               const char            *payload,
                                               gsize                  length,
                                               GError               **error);
gboolean         twin_mqtt_journal_remove     (TwinMqttJournal       *self,
                                               guint64                id,
                                               gsize                  length,
                                               GError               **error);
gboolean         twin_mqtt_journal_wants_rewrite (TwinMqttJournal    *self);
gboolean         twin_mqtt_journal_rewrite    (TwinMqttJournal       *self,
                                               guint64                last_seq,
                                               GPtrArray             *entries,
                                               GError               **error);
void             twin_mqtt_journal_close      (TwinMqttJournal       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TwinMqttJournal, twin_mqtt_journal_close)

G_END_DECLS
