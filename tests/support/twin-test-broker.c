/* twin-test-broker.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "twin-test-broker.h"
#include "twin-test-env.h"
#include "twin-test-wait.h"

/* Start and stop take a moment; a loaded machine takes longer. */
#define BROKER_TIMEOUT_S 30.0

struct _TwinTestBroker
{
  char  *dir;
  char  *config;
  guint  port;
  GPid   pid;
  int    status;   /* of waitpid(), once it exited */
};

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

static gboolean
exited (gpointer data)
{
  TwinTestBroker *broker = data;
  pid_t pid;

  while ((pid = waitpid (broker->pid, &broker->status, WNOHANG)) < 0 && errno == EINTR)
    ;
  return pid == broker->pid;
}

static gboolean
listening (gpointer data)
{
  TwinTestBroker *broker = data;

  if (exited (broker))
    g_error ("mosquitto exited at start; see %s/mosquitto.log", broker->dir);
  return port_open (broker->port);
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

/* Waits, without running the main context, until the broker accepts
 * connections on its port. */
void
twin_test_broker_start (TwinTestBroker *broker)
{
  const char *argv[] = { "mosquitto", "-c", broker->config, NULL };
  g_autoptr(GError) error = NULL;

  g_assert_true (broker->pid == 0);
  g_spawn_async (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD |
                 G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                 die_with_parent, NULL, &broker->pid, &error);
  g_assert_no_error (error);

  twin_test_wait_blocked_until (listening, broker, BROKER_TIMEOUT_S, "mosquitto to listen on %u", broker->port);
}

typedef struct
{
  TwinTestBroker *broker;
  gint64          next_signal;
} Stopping;

/* A SIGTERM sent just after mosquitto started listening once went unseen
 * (no exit in 10 s, in CI): it is said again each second. */
static gboolean
stopped (gpointer data)
{
  Stopping *stopping = data;

  if (exited (stopping->broker))
    return TRUE;

  if (g_get_monotonic_time () >= stopping->next_signal)
    {
      kill (stopping->broker->pid, SIGTERM);
      stopping->next_signal = g_get_monotonic_time () + G_USEC_PER_SEC;
    }
  return FALSE;
}

/* SIGTERM by PID, so that it writes its persistence file, then reaps it. */
void
twin_test_broker_stop (TwinTestBroker *broker)
{
  Stopping stopping = { broker, 0 };

  if (broker->pid == 0)
    return;

  twin_test_wait_blocked_until (stopped, &stopping, BROKER_TIMEOUT_S, "mosquitto to exit");
  g_spawn_close_pid (broker->pid);
  broker->pid = 0;
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

typedef struct
{
  gboolean        done;
  TwinBrokerProbe result;
} ProbeWait;

static void
probed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      data)
{
  ProbeWait *w = data;

  w->result = twin_broker_probe_finish (result, NULL);
  w->done = TRUE;
}

/* What listens on 127.0.0.1:@port, as the built-in broker asks it;
 * runs the main context meanwhile. */
TwinBrokerProbe
twin_test_probe_port (guint port)
{
  ProbeWait w = { FALSE };

  twin_broker_probe_async (port, NULL, probed_cb, &w);
  twin_test_wait_until (twin_test_flag_is_set, &w.done, BROKER_TIMEOUT_S, "the probe of port %u", port);
  return w.result;
}
