/* twin-mqtt-queue.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The messages waiting for the broker, in memory and in the queue file.
 *
 * paho's own offline buffer drops silently (deleteOldestMessages) or
 * refuses, so the queue is Twinscope's: messages wait here until the
 * in-flight window (twin-mqtt-flights.c) has room. When the queue is full
 * the oldest state goes first; alarms, status and command replies are
 * never dropped.
 */

#define G_LOG_DOMAIN "twin-mqtt"

#include "config.h"

#include <string.h>

#include "twin-mqtt-private.h"

/* The queue file. A failure to write it leaves the queue in memory
 * only, and says so. */

static void
journal_failed (TwinMqtt *self,
                GError   *error)
{
  g_autofree char *message = g_strdup_printf ("queue file: %s; the queue stays in memory only", error->message);

  _twin_mqtt_set_last_error (self, message);
  g_clear_pointer (&self->journal, twin_mqtt_journal_close);
}

static void
journal_add (TwinMqtt *self,
             Msg      *msg)
{
  g_autoptr(GError) error = NULL;

  if (self->journal == NULL || msg->kind == MSG_STATUS || msg->journal_id != 0)
    return;

  msg->journal_id = twin_mqtt_journal_append (self->journal, msg->kind, msg->qos, msg->retained, msg->seq,
                                              msg->payload, msg->length, &error);
  if (msg->journal_id == 0)
    journal_failed (self, error);
}

static void
collect_entry (GArray *entries,
               Msg    *msg)
{
  TwinMqttJournalEntry entry = { msg->journal_id, msg->kind, msg->qos, msg->retained, msg->seq,
                                 msg->payload, msg->length };

  if (msg->journal_id != 0)
    g_array_append_val (entries, entry);
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const TwinMqttJournalEntry *x = a, *y = b;

  return x->id < y->id ? -1 : x->id > y->id;
}

/* Every message the queue file still holds, oldest first. */
static void
rewrite_journal (TwinMqtt *self)
{
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (TwinMqttJournalEntry));
  g_autoptr(GPtrArray) pointers = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  Flight *flight;

  g_hash_table_iter_init (&iter, self->flights);
  while (g_hash_table_iter_next (&iter, (gpointer *)&flight, NULL))
    if (flight->msg != NULL)
      collect_entry (entries, flight->msg);
  for (GList *l = self->priority.head; l != NULL; l = l->next)
    collect_entry (entries, l->data);
  for (GList *l = self->states.head; l != NULL; l = l->next)
    collect_entry (entries, l->data);
  g_array_sort (entries, compare_entries);
  for (guint i = 0; i < entries->len; i++)
    g_ptr_array_add (pointers, &g_array_index (entries, TwinMqttJournalEntry, i));

  if (!twin_mqtt_journal_rewrite (self->journal, self->state_seq, pointers, &error))
    journal_failed (self, error);
}

/**
 * _twin_mqtt_journal_forget:
 *
 * The message left the queue for good: the broker took it, or it was
 * dropped.
 */
void
_twin_mqtt_journal_forget (TwinMqtt *self,
                           Msg      *msg)
{
  g_autoptr(GError) error = NULL;

  if (self->journal == NULL || msg->journal_id == 0)
    return;

  if (!twin_mqtt_journal_remove (self->journal, msg->journal_id, msg->length, &error))
    journal_failed (self, error);
  msg->journal_id = 0;

  if (self->journal != NULL && twin_mqtt_journal_wants_rewrite (self->journal))
    rewrite_journal (self);
}

static void
forget_journal_ids (GQueue *queue)
{
  for (GList *l = queue->head; l != NULL; l = l->next)
    ((Msg *)l->data)->journal_id = 0;
}

static const char *
entry_suffix (guint kind)
{
  switch (kind)
    {
    case MSG_STATE: return _twin_mqtt_state_suffix;
    case MSG_ALARM: return "alarms";
    case MSG_EVENT: return "events";
    default:        return "cmd/result";
    }
}

static Msg *
msg_from_entry (TwinMqttJournalEntry *entry)
{
  Msg *msg = _twin_mqtt_msg_new (entry->kind, entry_suffix (entry->kind),
                                 g_steal_pointer (&entry->payload), entry->qos, entry->retained);

  msg->length = entry->length;
  msg->seq = entry->seq;
  msg->journal_id = entry->id;
  return msg;
}

/**
 * _twin_mqtt_switch_journal:
 *
 * The queue file of the client id: what a previous run left in it goes
 * first, before anything queued since, and msg_seq goes on from it. The
 * queue of a generated client id (it names the PID) lives in memory only:
 * no later run could find it.
 */
void
_twin_mqtt_switch_journal (TwinMqtt *self)
{
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  guint64 last_seq = 0;

  if (self->config.client_id != NULL)
    path = twin_mqtt_journal_path (self->config.client_id);
  if (self->journal != NULL && g_strcmp0 (twin_mqtt_journal_get_path (self->journal), path) == 0)
    return;

  /* What the old file holds goes out under the new id: it leaves the old. */
  if (self->journal != NULL)
    {
      g_autoptr(GPtrArray) none = g_ptr_array_new ();

      twin_mqtt_journal_rewrite (self->journal, self->state_seq, none, NULL);
      g_clear_pointer (&self->journal, twin_mqtt_journal_close);
      forget_journal_ids (&self->states);
      forget_journal_ids (&self->priority);
    }
  if (path == NULL)
    return;

  self->journal = twin_mqtt_journal_open (path, &entries, &last_seq, &error);
  if (self->journal == NULL)
    {
      journal_failed (self, error);
      return;
    }

  for (guint i = entries->len; i > 0; i--)
    {
      TwinMqttJournalEntry *entry = g_ptr_array_index (entries, i - 1);

      if (entry->kind != MSG_STATE && entry->kind != MSG_ALARM && entry->kind != MSG_REPLY &&
          entry->kind != MSG_EVENT)
        continue;
      _twin_mqtt_requeue_head (self, msg_from_entry (entry));
    }
  if (entries->len > 0)
    g_debug ("%s: %u messages from %s", self->config.prefix, entries->len, path);

  self->state_seq = MAX (self->state_seq, last_seq);
  for (GList *l = self->priority.head; l != NULL; l = l->next)
    journal_add (self, l->data);
  for (GList *l = self->states.head; l != NULL; l = l->next)
    journal_add (self, l->data);
  _twin_mqtt_trim_queue (self);
  _twin_mqtt_queue_notify_counters (self);
}

/* The queue in memory. */

/**
 * _twin_mqtt_msg_new:
 * @suffix: the topic below the prefix, a literal
 * @payload: (transfer full): a string
 */
Msg *
_twin_mqtt_msg_new (MsgKind     kind,
                    const char *suffix,
                    char       *payload,
                    int         qos,
                    gboolean    retained)
{
  Msg *msg = g_new0 (Msg, 1);

  msg->kind = kind;
  msg->suffix = suffix;
  msg->payload = payload;
  msg->length = strlen (payload);
  msg->qos = qos;
  msg->retained = retained;
  return msg;
}

void
_twin_mqtt_msg_free (Msg *msg)
{
  g_free (msg->payload);
  g_free (msg);
}

guint
_twin_mqtt_waiting (TwinMqtt *self)
{
  return self->states.length + self->priority.length;
}

static void
drop_oldest_state (TwinMqtt *self)
{
  Msg *msg = g_queue_pop_head (&self->states);

  _twin_mqtt_journal_forget (self, msg);
  _twin_mqtt_msg_free (msg);
  self->dropped++;
}

/**
 * _twin_mqtt_enqueue:
 * @msg: (transfer full)
 *
 * Queues a message, making room by dropping the oldest state when the
 * queue is full. Nothing but states is ever dropped.
 */
void
_twin_mqtt_enqueue (TwinMqtt *self,
                    Msg      *msg)
{
  if (_twin_mqtt_waiting (self) >= self->config.queue_limit)
    {
      if (self->states.length > 0)
        drop_oldest_state (self);
      else if (msg->kind == MSG_STATE)
        {
          _twin_mqtt_msg_free (msg);
          self->dropped++;
          _twin_mqtt_queue_notify_counters (self);
          return;
        }
    }

  journal_add (self, msg);

  if (msg->kind == MSG_STATE)
    g_queue_push_tail (&self->states, msg);
  else
    g_queue_push_tail (&self->priority, msg);

  _twin_mqtt_queue_notify_counters (self);
  _twin_mqtt_pump (self);
}

void
_twin_mqtt_requeue_head (TwinMqtt *self,
                         Msg      *msg)
{
  if (msg->kind == MSG_STATE)
    g_queue_push_head (&self->states, msg);
  else
    g_queue_push_head (&self->priority, msg);
}

/* Down to the queue limit, oldest states first. */
void
_twin_mqtt_trim_queue (TwinMqtt *self)
{
  while (_twin_mqtt_waiting (self) > self->config.queue_limit && self->states.length > 0)
    drop_oldest_state (self);
}

/* What is still queued stays in the file, for the next run. */
void
_twin_mqtt_clear_queue (TwinMqtt *self)
{
  g_clear_pointer (&self->journal, twin_mqtt_journal_close);
  g_queue_clear_full (&self->states, (GDestroyNotify)_twin_mqtt_msg_free);
  g_queue_clear_full (&self->priority, (GDestroyNotify)_twin_mqtt_msg_free);
}
