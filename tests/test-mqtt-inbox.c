/* test-mqtt-inbox.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Commands arriving faster than the main loop takes them: the mirror's
 * inbox is bounded, what is beyond it is refused unread, and other
 * sources of the main loop run between the commands.
 */

#include <math.h>
#include <string.h>

#include "twin-json.h"
#include "twin-test-broker.h"
#include "twin-test-env.h"
#include "twin-test-mirror.h"
#include "twin-test-mqtt-client.h"
#include "twin-test-wait.h"

#define BURST 200
/* More than the inbox holds at once. */
#define FLOOD ((TWIN_MQTT_INBOX_BYTES / TWIN_JSON_MAX_COMMAND_SIZE) * 5 / 4)

/* Counts main-loop iterations with an idle source of the mirror's
 * priority, which lives as long as commands keep being applied. */
typedef struct
{
  guint    turns;
  guint    counter_id;
  gboolean applied_since;
  GArray  *applied_at;   /* turns, per ambient change */
} Applied;

static gboolean
count_turn_cb (gpointer data)
{
  Applied *applied = data;

  applied->turns++;
  if (applied->applied_since)
    {
      applied->applied_since = FALSE;
      return G_SOURCE_CONTINUE;
    }
  applied->counter_id = 0;
  return G_SOURCE_REMOVE;
}

static void
ambient_changed_cb (TwinEngine *engine,
                    GParamSpec *pspec,
                    Applied    *applied)
{
  g_array_append_val (applied->applied_at, applied->turns);
  applied->applied_since = TRUE;
  if (applied->counter_id == 0)
    applied->counter_id = g_idle_add_full (G_PRIORITY_DEFAULT, count_turn_cb, applied, NULL);
}

/* A command setting @ambient, padded with blanks to the largest size
 * allowed. */
static GBytes *
largest_command (guint  id,
                 double ambient)
{
  GString *s = g_string_new (NULL);

  g_string_printf (s, "{\"id\":%u,\"ambient\":%.2f", id, ambient);
  while (s->len < TWIN_JSON_MAX_COMMAND_SIZE - 1)
    g_string_append_c (s, ' ');
  g_string_append_c (s, '}');
  return g_string_free_to_bytes (s);
}

/* 200 commands of 64 KiB arrive at once: each is answered once, in
 * order, and other sources of the same priority (the clock's, the REST
 * port's) run between them, since the mirror handles a bounded number of
 * received messages per main-loop dispatch. */
static void
test_burst (TwinTestMqtt  *f,
            gconstpointer  data)
{
  g_autoptr(TwinTestClient) client = twin_test_client_new (f->url, "burster", FALSE, NULL);
  g_autoptr(GPtrArray) payloads = g_ptr_array_new_with_free_func ((GDestroyNotify)g_bytes_unref);
  g_autoptr(GPtrArray) replies = NULL;
  g_autoptr(TwinMqtt) mqtt = NULL;
  Applied applied = { 0, 0, FALSE, g_array_new (FALSE, FALSE, sizeof (guint)) };
  guint first, last;

  for (guint i = 0; i < BURST; i++)
    g_ptr_array_add (payloads, largest_command (i, 20.0 + i * 0.05));

  twin_test_client_subscribe (client, "twin/cmd/result", 1);
  twin_engine_start (f->engine);
  mqtt = twin_test_mirror_new (f->engine, f->url, "twin", "rate", 2.0, "qos", 1u, NULL);
  twin_test_mirror_wait_connected (mqtt, 10);
  g_signal_connect (f->engine, "notify::ambient", G_CALLBACK (ambient_changed_cb), &applied);

  /* The main loop stands still while the burst arrives. */
  twin_test_client_publish_burst (client, "twin/cmd", payloads, 1);
  g_usleep (G_USEC_PER_SEC / 2);

  twin_test_client_wait_count (client, "twin/cmd/result", BURST);
  twin_test_run_for (0.2);
  replies = twin_test_client_take (client, "twin/cmd/result");
  g_assert_cmpuint (replies->len, ==, BURST);
  for (guint i = 0; i < BURST; i++)
    {
      g_autofree char *expect = g_strdup_printf ("{\"ok\":true,\"id\":%u}", i);

      g_assert_cmpstr (((TwinTestMessage *)replies->pdata[i])->payload, ==, expect);
    }

  g_assert_cmpuint (applied.applied_at->len, ==, BURST);
  first = g_array_index (applied.applied_at, guint, 0);
  last = g_array_index (applied.applied_at, guint, BURST - 1);
  g_test_message ("main-loop turn at the first command %u, at the last %u", first, last);
  g_assert_cmpuint (last - first, >=, BURST / TWIN_MQTT_DISPATCH_MESSAGES - 1);
  g_assert_cmpfloat (fabs (twin_engine_get_ambient (f->engine) - (20.0 + (BURST - 1) * 0.05)), <, 1e-9);

  g_assert_cmpuint (applied.counter_id, ==, 0);
  g_signal_handlers_disconnect_by_data (f->engine, &applied);
  g_array_unref (applied.applied_at);
  twin_engine_stop (f->engine);
}

static gboolean
inbox_full (gpointer data)
{
  return twin_mqtt_get_inbox_bytes (data) >
         TWIN_MQTT_INBOX_BYTES - TWIN_JSON_MAX_COMMAND_SIZE - TWIN_MQTT_INBOX_MESSAGE_COST;
}

/* More large commands than the inbox holds, while the main loop stands
 * still: those beyond it are refused unread, with a reply that says why;
 * every command is answered once, in order, and counted. */
static void
test_flood (TwinTestMqtt  *f,
            gconstpointer  data)
{
  g_autoptr(TwinTestClient) client = twin_test_client_new (f->url, "flooder", FALSE, NULL);
  g_autoptr(GPtrArray) payloads = g_ptr_array_new_with_free_func ((GDestroyNotify)g_bytes_unref);
  g_autoptr(GPtrArray) replies = NULL;
  g_autoptr(TwinMqtt) mqtt = NULL;
  guint refused = 0;

  for (guint i = 0; i < FLOOD; i++)
    g_ptr_array_add (payloads, largest_command (i, 25.0));

  twin_test_client_subscribe (client, "twin/cmd/result", 1);
  mqtt = twin_test_mirror_new (f->engine, f->url, "twin", "rate", 2.0, "qos", 1u, NULL);
  twin_test_mirror_wait_connected (mqtt, 10);

  twin_test_client_publish_burst (client, "twin/cmd", payloads, 1);
  twin_test_wait_blocked_until (inbox_full, mqtt, 30, "the mirror's inbox to fill");
  /* The rest arrive, and find it full. */
  g_usleep (G_USEC_PER_SEC / 2);

  twin_test_client_wait_count (client, "twin/cmd/result", FLOOD);
  twin_test_run_for (0.2);
  replies = twin_test_client_take (client, "twin/cmd/result");
  g_assert_cmpuint (replies->len, ==, FLOOD);
  for (guint i = 0; i < FLOOD; i++)
    {
      const char *reply = ((TwinTestMessage *)replies->pdata[i])->payload;
      g_autofree char *ok = g_strdup_printf ("{\"ok\":true,\"id\":%u}", i);

      if (strcmp (reply, ok) == 0)
        continue;
      /* Refused unread: no id could be read. */
      g_assert_true (g_str_has_prefix (reply, "{\"ok\":false,\"error\":\"payload: "));
      g_assert_nonnull (strstr (reply, "refused unread"));
      refused++;
    }
  g_test_message ("%u of %u commands refused unread", refused, FLOOD);
  g_assert_cmpuint (refused, >, 0);
  g_assert_cmpuint (twin_test_mirror_get_counter (mqtt, "commands-refused"), ==, refused);
  g_assert_cmpuint (twin_test_mirror_get_counter (mqtt, "commands-applied"), ==, FLOOD - refused);
  g_assert_cmpuint (twin_mqtt_get_inbox_bytes (mqtt), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  twin_test_mqtt_add ("/mqtt/inbox/burst-answered-in-order-between-other-sources", test_burst);
  twin_test_mqtt_add ("/mqtt/inbox/flood-beyond-it-refused-unread", test_flood);

  return twin_test_run_in_data_home ();
}
