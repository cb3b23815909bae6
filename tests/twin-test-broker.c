/* twin-test-broker.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <MQTTAsync.h>
#include <arpa/inet.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <netinet/in.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "twin-test-broker.h"

struct _TwinTestBroker
{
  char  *dir;
  char  *config;
  guint  port;
  GPid   pid;
};

struct _TwinTestClient
{
  MQTTAsync  client;
  GMutex     lock;
  GPtrArray *messages;   /* TwinTestMessage* */
  int        connected;  /* atomic */
  int        done;       /* atomic: the last request completed */
  int        failed;     /* atomic */
  int        acked;      /* atomic: burst messages the broker took */
};

guint
twin_test_free_port (void)
{
  struct sockaddr_in addr = { 0 };
  socklen_t len = sizeof addr;
  int fd = socket (AF_INET, SOCK_STREAM, 0);

  g_assert_cmpint (fd, >=, 0);
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  g_assert_cmpint (bind (fd, (struct sockaddr *)&addr, sizeof addr), ==, 0);
  g_assert_cmpint (getsockname (fd, (struct sockaddr *)&addr, &len), ==, 0);
  close (fd);

  return ntohs (addr.sin_port);
}

static gboolean
port_open (guint port)
{
  struct sockaddr_in addr = { 0 };
  int fd = socket (AF_INET, SOCK_STREAM, 0);
  gboolean ok;

  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  addr.sin_port = htons (port);
  ok = connect (fd, (struct sockaddr *)&addr, sizeof addr) == 0;
  close (fd);

  return ok;
}

/**
 * twin_test_broker_new:
 * @extra_config: (nullable): lines appended to the configuration; "%PORT%"
 *   in them stands for the port
 *
 * Starts mosquitto with persistence on, and queues large enough that the
 * broker itself never drops a message silently (its default is 1000).
 */
TwinTestBroker *
twin_test_broker_new (const char *extra_config)
{
  TwinTestBroker *broker = g_new0 (TwinTestBroker, 1);
  g_autoptr(GString) config = g_string_new (NULL);
  g_autofree char *port_text = NULL;

  broker->dir = g_dir_make_tmp ("twin-broker-XXXXXX", NULL);
  g_assert_nonnull (broker->dir);
  broker->port = twin_test_free_port ();
  broker->config = g_build_filename (broker->dir, "mosquitto.conf", NULL);
  port_text = g_strdup_printf ("%u", broker->port);

  if (geteuid () == 0)
    g_string_append (config, "user root\n");
  g_string_append_printf (config,
                          "listener %u 127.0.0.1\n"
                          "allow_anonymous true\n"
                          "persistence true\n"
                          "persistence_location %s/\n"
                          "autosave_interval 3600\n"
                          "max_queued_messages 1000000\n"
                          "max_queued_bytes 0\n"
                          "log_dest file %s/mosquitto.log\n"
                          "log_type error\nlog_type warning\nlog_type notice\n",
                          broker->port, broker->dir, broker->dir);
  if (extra_config != NULL)
    {
      g_autoptr(GString) extra = g_string_new (extra_config);

      g_string_replace (extra, "%PORT%", port_text, 0);
      g_string_append (config, extra->str);
    }

  g_assert_true (g_file_set_contents (broker->config, config->str, -1, NULL));
  twin_test_broker_start (broker);

  return broker;
}

/* The broker goes when the test goes, even when it aborts. */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

/* Waits until the broker accepts connections on its port. */
void
twin_test_broker_start (TwinTestBroker *broker)
{
  const char *argv[] = { "mosquitto", "-c", broker->config, NULL };
  g_autoptr(GError) error = NULL;
  gint64 deadline;

  g_assert_true (broker->pid == 0);
  g_spawn_async (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD |
                 G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                 die_with_parent, NULL, &broker->pid, &error);
  g_assert_no_error (error);

  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!port_open (broker->port))
    {
      int status;

      if (waitpid (broker->pid, &status, WNOHANG) == broker->pid)
        g_error ("mosquitto exited at start; see %s/mosquitto.log", broker->dir);
      if (g_get_monotonic_time () > deadline)
        g_error ("mosquitto does not listen on %u", broker->port);
      g_usleep (10000);
    }
}

/* SIGTERM by PID, so that it writes its persistence file, then reaps it. */
void
twin_test_broker_stop (TwinTestBroker *broker)
{
  int status;

  if (broker->pid == 0)
    return;

  kill (broker->pid, SIGTERM);
  while (waitpid (broker->pid, &status, 0) < 0 && errno == EINTR)
    ;
  g_spawn_close_pid (broker->pid);
  broker->pid = 0;
}

void
twin_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        if (g_file_test (child, G_FILE_TEST_IS_DIR))
          twin_test_remove_tree (child);
        else
          g_unlink (child);
      }
  g_rmdir (path);
}

/**
 * twin_test_use_data_home:
 *
 * Points XDG_DATA_HOME (where the MQTT queue files go) at a new temporary
 * directory; call before anything reads it. GLib's own per-test
 * directories (G_TEST_OPTION_ISOLATE_DIRS) leak their names in 2.74.
 *
 * Returns: (transfer full): the directory, for twin_test_remove_tree()
 */
char *
twin_test_use_data_home (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("twin-data-XXXXXX", &error);

  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", dir, TRUE);
  return dir;
}

void
twin_test_broker_free (TwinTestBroker *broker)
{
  twin_test_broker_stop (broker);
  twin_test_remove_tree (broker->dir);
  g_free (broker->dir);
  g_free (broker->config);
  g_free (broker);
}

guint
twin_test_broker_get_port (TwinTestBroker *broker)
{
  return broker->port;
}

char *
twin_test_broker_get_url (TwinTestBroker *broker)
{
  return g_strdup_printf ("mqtt://127.0.0.1:%u", broker->port);
}

const char *
twin_test_broker_get_dir (TwinTestBroker *broker)
{
  return broker->dir;
}

/* The client. Its callbacks only record, under a lock. */

void
twin_test_message_free (TwinTestMessage *message)
{
  g_free (message->topic);
  g_free (message->payload);
  g_free (message);
}

static int
message_cb (void              *context,
            char              *topic,
            int                topic_len,
            MQTTAsync_message *message)
{
  TwinTestClient *client = context;
  TwinTestMessage *m = g_new0 (TwinTestMessage, 1);

  m->topic = topic_len > 0 ? g_strndup (topic, topic_len) : g_strdup (topic);
  m->payload = g_malloc (message->payloadlen + 1);
  memcpy (m->payload, message->payload, message->payloadlen);
  m->payload[message->payloadlen] = '\0';
  m->length = message->payloadlen;
  m->retained = message->retained;

  g_mutex_lock (&client->lock);
  g_ptr_array_add (client->messages, m);
  g_mutex_unlock (&client->lock);

  MQTTAsync_freeMessage (&message);
  MQTTAsync_free (topic);
  return 1;
}

static void
lost_cb (void *context,
         char *cause)
{
  TwinTestClient *client = context;

  g_atomic_int_set (&client->connected, 0);
}

static void
connected_cb (void *context,
              char *cause)
{
  TwinTestClient *client = context;

  g_atomic_int_set (&client->connected, 1);
}

static void
done_cb (void                  *context,
         MQTTAsync_successData *response)
{
  TwinTestClient *client = context;

  g_atomic_int_set (&client->done, 1);
}

static void
failed_cb (void                  *context,
           MQTTAsync_failureData *response)
{
  TwinTestClient *client = context;

  g_atomic_int_set (&client->failed, 1);
  g_atomic_int_set (&client->done, 1);
}

static gboolean
done_cond (gpointer data)
{
  TwinTestClient *client = data;

  return g_atomic_int_get (&client->done);
}

static void
wait_done (TwinTestClient *client,
           const char     *what)
{
  if (!twin_test_wait (done_cond, client, 10))
    g_error ("%s: no answer from the broker", what);
  if (g_atomic_int_get (&client->failed))
    g_error ("%s failed", what);
}

/**
 * twin_test_client_new:
 * @persistent: a persistent session (clean session off) that reconnects
 *   by itself
 */
TwinTestClient *
twin_test_client_new (const char *url,
                      const char *client_id,
                      gboolean    persistent,
                      const char *ca_file)
{
  MQTTAsync_connectOptions opts = MQTTAsync_connectOptions_initializer;
  MQTTAsync_SSLOptions ssl = MQTTAsync_SSLOptions_initializer;
  TwinTestClient *client = g_new0 (TwinTestClient, 1);
  g_autofree char *uri = NULL;

  if (g_str_has_prefix (url, "mqtts://"))
    uri = g_strconcat ("ssl://", url + strlen ("mqtts://"), NULL);
  else
    uri = g_strconcat ("tcp://", url + strlen ("mqtt://"), NULL);

  g_mutex_init (&client->lock);
  client->messages = g_ptr_array_new_with_free_func ((GDestroyNotify)twin_test_message_free);
  g_assert_cmpint (MQTTAsync_create (&client->client, uri, client_id, MQTTCLIENT_PERSISTENCE_NONE, NULL),
                   ==, MQTTASYNC_SUCCESS);
  MQTTAsync_setCallbacks (client->client, client, lost_cb, message_cb, NULL);
  MQTTAsync_setConnected (client->client, client, connected_cb);

  opts.keepAliveInterval = 20;
  opts.cleansession = !persistent;
  opts.automaticReconnect = persistent;
  opts.minRetryInterval = 1;
  opts.maxRetryInterval = 1;
  opts.onSuccess = done_cb;
  opts.onFailure = failed_cb;
  opts.context = client;
  if (ca_file != NULL)
    {
      ssl.trustStore = ca_file;
      ssl.enableServerCertAuth = 1;
      ssl.verify = 1;
      opts.ssl = &ssl;
    }

  g_atomic_int_set (&client->done, 0);
  g_assert_cmpint (MQTTAsync_connect (client->client, &opts), ==, MQTTASYNC_SUCCESS);
  wait_done (client, "connect");
  g_atomic_int_set (&client->connected, 1);

  return client;
}

void
twin_test_client_subscribe (TwinTestClient *client,
                            const char     *topic,
                            int             qos)
{
  MQTTAsync_responseOptions ro = MQTTAsync_responseOptions_initializer;

  ro.onSuccess = done_cb;
  ro.onFailure = failed_cb;
  ro.context = client;
  g_atomic_int_set (&client->done, 0);
  g_assert_cmpint (MQTTAsync_subscribe (client->client, topic, qos, &ro), ==, MQTTASYNC_SUCCESS);
  wait_done (client, "subscribe");
}

void
twin_test_client_publish (TwinTestClient *client,
                          const char     *topic,
                          const char     *payload,
                          gsize           length,
                          int             qos,
                          gboolean        retained)
{
  MQTTAsync_responseOptions ro = MQTTAsync_responseOptions_initializer;
  MQTTAsync_message msg = MQTTAsync_message_initializer;

  msg.payload = (void *)payload;
  msg.payloadlen = (int)length;
  msg.qos = qos;
  msg.retained = retained;
  ro.onSuccess = done_cb;
  ro.onFailure = failed_cb;
  ro.context = client;
  g_atomic_int_set (&client->done, 0);
  g_assert_cmpint (MQTTAsync_sendMessage (client->client, topic, &msg, &ro), ==, MQTTASYNC_SUCCESS);
  wait_done (client, "publish");
}

static void
burst_acked_cb (void                  *context,
                MQTTAsync_successData *response)
{
  TwinTestClient *client = context;

  g_atomic_int_inc (&client->acked);
}

static void
burst_failed_cb (void                  *context,
                 MQTTAsync_failureData *response)
{
  TwinTestClient *client = context;

  g_atomic_int_set (&client->failed, 1);
  g_atomic_int_inc (&client->acked);
}

/**
 * twin_test_client_publish_burst:
 * @payloads: (element-type GBytes): sent in this order
 *
 * Publishes all of @payloads and waits until the broker took them,
 * without running the main context: whatever receives them in this
 * process finds them all waiting when the main loop runs next.
 */
void
twin_test_client_publish_burst (TwinTestClient *client,
                                const char     *topic,
                                GPtrArray      *payloads,
                                int             qos)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  g_atomic_int_set (&client->acked, 0);
  for (guint i = 0; i < payloads->len; i++)
    {
      MQTTAsync_responseOptions ro = MQTTAsync_responseOptions_initializer;
      MQTTAsync_message msg = MQTTAsync_message_initializer;
      gsize length;

      msg.payload = (void *)g_bytes_get_data (g_ptr_array_index (payloads, i), &length);
      msg.payloadlen = (int)length;
      msg.qos = qos;
      ro.onSuccess = burst_acked_cb;
      ro.onFailure = burst_failed_cb;
      ro.context = client;
      g_assert_cmpint (MQTTAsync_sendMessage (client->client, topic, &msg, &ro), ==, MQTTASYNC_SUCCESS);
    }

  while (g_atomic_int_get (&client->acked) < (int)payloads->len)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("burst: the broker took %d of %u messages", g_atomic_int_get (&client->acked), payloads->len);
      g_usleep (2000);
    }
  g_assert_false (g_atomic_int_get (&client->failed));
}

guint
twin_test_client_count (TwinTestClient *client,
                        const char     *topic)
{
  guint n = 0;

  g_mutex_lock (&client->lock);
  for (guint i = 0; i < client->messages->len; i++)
    {
      TwinTestMessage *m = g_ptr_array_index (client->messages, i);

      if (topic == NULL || strcmp (m->topic, topic) == 0)
        n++;
    }
  g_mutex_unlock (&client->lock);

  return n;
}

/**
 * twin_test_client_take:
 *
 * Returns: (transfer full): the messages received on @topic (all when
 *   %NULL), in order, removed from the client's record
 */
GPtrArray *
twin_test_client_take (TwinTestClient *client,
                       const char     *topic)
{
  GPtrArray *taken = g_ptr_array_new_with_free_func ((GDestroyNotify)twin_test_message_free);

  g_mutex_lock (&client->lock);
  for (guint i = 0; i < client->messages->len;)
    {
      TwinTestMessage *m = g_ptr_array_index (client->messages, i);

      if (topic == NULL || strcmp (m->topic, topic) == 0)
        {
          g_ptr_array_add (taken, g_ptr_array_steal_index (client->messages, i));
          continue;
        }
      i++;
    }
  g_mutex_unlock (&client->lock);

  return taken;
}

gboolean
twin_test_client_connected (TwinTestClient *client)
{
  return g_atomic_int_get (&client->connected);
}

void
twin_test_client_free (TwinTestClient *client)
{
  MQTTAsync_disconnectOptions opts = MQTTAsync_disconnectOptions_initializer;

  opts.timeout = 500;
  opts.onSuccess = done_cb;
  opts.onFailure = failed_cb;
  opts.context = client;
  g_atomic_int_set (&client->done, 0);
  if (MQTTAsync_disconnect (client->client, &opts) == MQTTASYNC_SUCCESS)
    twin_test_wait (done_cond, client, 2);
  MQTTAsync_destroy (&client->client);
  g_ptr_array_unref (client->messages);
  g_mutex_clear (&client->lock);
  g_free (client);
}

/**
 * twin_test_wait:
 *
 * Runs the default main context until @condition holds or @timeout_s
 * passes.
 *
 * Returns: whether @condition held
 */
gboolean
twin_test_wait (TwinTestCondition condition,
                gpointer          data,
                double            timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + (gint64)(timeout_s * G_USEC_PER_SEC);

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (2000);
    }

  return TRUE;
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

void
twin_test_run_for (double seconds)
{
  twin_test_wait (never, NULL, seconds);
}
