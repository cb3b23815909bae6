/* twin-broker.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The built-in broker. A broker that already answers on the wanted port
 * (1883) is used as it is; otherwise Twinscope starts mosquitto as its
 * child, on that port or, when something else holds it, on a free one,
 * with a configuration written to the user's runtime directory. A
 * mosquitto that dies is started again on the same port, so that the
 * mirror only reconnects; one that dies as it starts is given up after a
 * few attempts. It is stopped by its owner, after the mirror has said
 * offline through it.
 */

#define G_LOG_DOMAIN "twin-broker"

#include "config.h"

#include <glib/gi18n.h>

#include <glib/gstdio.h>
#include <string.h>

#include "twin-broker-private.h"
#include "twin-broker-probe.h"

#define READY_POLL_MS 100

struct _TwinBroker
{
  GObject          parent_instance;

  guint            wanted_port;
  TwinBrokerState  state;
  guint            port;          /* where it listens, or will */
  char            *url;
  char            *last_error;
  guint            restarts;
  guint            failed_starts;

  GCancellable    *cancellable;   /* of everything one start began */
  GSubprocess     *process;
  char            *config_path;
  char            *last_line;     /* of mosquitto's stderr */
  gint64           spawned_at;
  guint            retry_id;
  guint            poll_id;
};

G_DEFINE_FINAL_TYPE (TwinBroker, twin_broker, G_TYPE_OBJECT)
G_DEFINE_QUARK (twin-broker-error-quark, twin_broker_error)

enum {
  PROP_0,
  PROP_WANTED_PORT,
  PROP_STATE,
  PROP_URL,
  PROP_PORT,
  PROP_RESTARTS,
  PROP_LAST_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void begin_attempt (TwinBroker *self);
static void poll_ready    (gpointer    data);

static void
set_state (TwinBroker      *self,
           TwinBrokerState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_port (TwinBroker *self,
          guint       port)
{
  g_autofree char *url = port != 0 ? g_strdup_printf ("mqtt://127.0.0.1:%u", port) : NULL;

  if (self->port != port)
    {
      self->port = port;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);
    }
  if (g_strcmp0 (self->url, url) != 0)
    {
      g_free (self->url);
      self->url = g_steal_pointer (&url);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_URL]);
    }
}

static void
set_last_error (TwinBroker *self,
                const char *message)
{
  if (g_strcmp0 (self->last_error, message) == 0)
    return;
  g_free (self->last_error);
  self->last_error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
}

static void
fail (TwinBroker *self,
      const char *message)
{
  g_warning ("built-in broker: %s", message);
  set_last_error (self, message);
  set_port (self, 0);
  set_state (self, TWIN_BROKER_FAILED);
}

/* What an asynchronous call begun by one start needs to find its broker
 * again: nothing once the broker is finalized or that start was stopped,
 * even when the call had completed before. */
typedef struct
{
  GWeakRef      broker;
  GCancellable *cancellable;
} Pending;

static Pending *
pending_new (TwinBroker *self)
{
  Pending *pending = g_new0 (Pending, 1);

  g_weak_ref_init (&pending->broker, self);
  pending->cancellable = g_object_ref (self->cancellable);
  return pending;
}

/* Returns: (transfer full) (nullable): the broker, if the call still
 * matters to it; frees @pending. */
static TwinBroker *
pending_take (Pending *pending)
{
  TwinBroker *self = g_weak_ref_get (&pending->broker);

  if (self != NULL && g_cancellable_is_cancelled (pending->cancellable))
    g_clear_object (&self);
  g_weak_ref_clear (&pending->broker);
  g_object_unref (pending->cancellable);
  g_free (pending);
  return self;
}

static void
stderr_line_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object),
                                                                     result, NULL, &error);
  g_autoptr(TwinBroker) self = pending_take (user_data);

  if (line == NULL || self == NULL)
    return;   /* end of the stream, or stopped */

  g_debug ("mosquitto: %s", line);
  /* "user root" (see write_config) is what this warns of. */
  if (strstr (line, "should not be run as root") == NULL)
    {
      g_free (self->last_line);
      self->last_line = g_steal_pointer (&line);
    }
  g_data_input_stream_read_line_async (G_DATA_INPUT_STREAM (object), G_PRIORITY_DEFAULT,
                                       self->cancellable, stderr_line_cb, pending_new (self));
}

static void
retry_later (TwinBroker *self);

static void
exited_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(TwinBroker) self = pending_take (user_data);
  g_autofree char *message = NULL;
  GSubprocess *process = G_SUBPROCESS (object);

  /* Stopped, the owner waits for it; or an older one. */
  if (!g_subprocess_wait_finish (process, result, NULL) || self == NULL || process != self->process)
    return;

  message = g_strdup_printf ("mosquitto (port %u) exited with status %d%s%s", self->port,
                             g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process)
                                                                  : 128 + g_subprocess_get_term_sig (process),
                             self->last_line != NULL ? ": " : "", self->last_line != NULL ? self->last_line : "");
  g_clear_object (&self->process);
  g_clear_handle_id (&self->poll_id, g_source_remove);
  if (self->config_path != NULL)
    g_unlink (self->config_path);
  g_clear_pointer (&self->config_path, g_free);
  set_last_error (self, message);

  if (self->state == TWIN_BROKER_RUNNING)
    {
      /* Same port, same URL: the mirror only reconnects. */
      g_message ("built-in broker: %s; starting it again", message);
      self->restarts++;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESTARTS]);
      set_state (self, TWIN_BROKER_RESTARTING);
      retry_later (self);
      return;
    }

  /* It died as it started: perhaps its port was taken meanwhile. */
  if (++self->failed_starts >= TWIN_BROKER_START_ATTEMPTS)
    {
      fail (self, message);
      return;
    }
  set_port (self, 0);
  retry_later (self);
}

static gboolean
retry_cb (gpointer data)
{
  TwinBroker *self = data;

  self->retry_id = 0;
  begin_attempt (self);
  return G_SOURCE_REMOVE;
}

static void
retry_later (TwinBroker *self)
{
  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->retry_id = g_timeout_add (TWIN_BROKER_RESTART_DELAY_MS, retry_cb, self);
}

static void
spawn (TwinBroker *self,
       guint       port)
{
  g_autoptr(GDataInputStream) err = NULL;
  g_autoptr(GError) error = NULL;

  g_assert (self->process == NULL);

  g_clear_pointer (&self->config_path, g_free);
  self->process = _twin_broker_mosquitto_spawn (port, &self->config_path, &error);
  if (self->process == NULL)
    {
      fail (self, error->message);
      return;
    }

  g_clear_pointer (&self->last_line, g_free);
  set_port (self, port);
  self->spawned_at = g_get_monotonic_time ();

  err = g_data_input_stream_new (g_subprocess_get_stderr_pipe (self->process));
  g_data_input_stream_read_line_async (err, G_PRIORITY_DEFAULT, self->cancellable, stderr_line_cb,
                                       pending_new (self));
  g_subprocess_wait_async (self->process, self->cancellable, exited_cb, pending_new (self));
  poll_ready (self);
}

static void
ready_probe_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  TwinBrokerProbe probe = twin_broker_probe_finish (result, NULL);
  g_autoptr(TwinBroker) self = pending_take (user_data);

  if (self == NULL || self->process == NULL)
    return;   /* stopped; or it exited meanwhile, and exited_cb decides */

  if (probe == TWIN_BROKER_PROBE_BROKER)
    {
      self->failed_starts = 0;
      set_state (self, TWIN_BROKER_RUNNING);
      return;
    }

  if (g_get_monotonic_time () - self->spawned_at > TWIN_BROKER_START_TIMEOUT_S * G_USEC_PER_SEC)
    {
      /* exited_cb counts it as a failed start. */
      g_subprocess_force_exit (self->process);
      return;
    }

  self->poll_id = g_timeout_add_once (READY_POLL_MS, poll_ready, self);
}

static void
poll_ready (gpointer data)
{
  TwinBroker *self = data;

  self->poll_id = 0;
  twin_broker_probe_async (self->port, self->cancellable, ready_probe_cb, pending_new (self));
}

static void
wanted_probe_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  TwinBrokerProbe probe = twin_broker_probe_finish (result, NULL);
  g_autoptr(TwinBroker) self = pending_take (user_data);
  g_autoptr(GError) error = NULL;
  guint port;

  if (self == NULL)
    return;   /* stopped */

  switch (probe)
    {
    case TWIN_BROKER_PROBE_BROKER:
      set_port (self, self->wanted_port);
      set_last_error (self, NULL);
      set_state (self, TWIN_BROKER_LOCAL);
      break;

    case TWIN_BROKER_PROBE_FREE:
      spawn (self, self->wanted_port);
      break;

    case TWIN_BROKER_PROBE_HELD:
    default:
      port = twin_broker_free_port (&error);
      if (port == 0)
        fail (self, error->message);
      else
        {
          g_message ("built-in broker: port %u is taken by something that is not an MQTT broker; using %u",
                     self->wanted_port, port);
          spawn (self, port);
        }
      break;
    }
}

static void
begin_attempt (TwinBroker *self)
{
  g_autoptr(GError) error = NULL;
  guint port;

  if (self->state != TWIN_BROKER_RESTARTING)
    set_state (self, TWIN_BROKER_STARTING);

  /* A restart keeps its port; a first start asks who is on the wanted one. */
  if (self->port != 0)
    spawn (self, self->port);
  else if (self->wanted_port != 0)
    twin_broker_probe_async (self->wanted_port, self->cancellable, wanted_probe_cb, pending_new (self));
  else if ((port = twin_broker_free_port (&error)) != 0)
    spawn (self, port);
  else
    fail (self, error->message);
}

static void
twin_broker_dispose (GObject *object)
{
  TwinBroker *self = (TwinBroker *)object;

  twin_broker_stop (self, TWIN_BROKER_STOP_MS);

  G_OBJECT_CLASS (twin_broker_parent_class)->dispose (object);
}

static void
twin_broker_finalize (GObject *object)
{
  TwinBroker *self = (TwinBroker *)object;

  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->last_error, g_free);
  g_clear_pointer (&self->last_line, g_free);
  g_clear_pointer (&self->config_path, g_free);

  G_OBJECT_CLASS (twin_broker_parent_class)->finalize (object);
}

static void
twin_broker_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  TwinBroker *self = TWIN_BROKER (object);

  switch (prop_id)
    {
    case PROP_WANTED_PORT:
      g_value_set_uint (value, self->wanted_port);
      break;
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_URL:
      g_value_set_string (value, self->url);
      break;
    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;
    case PROP_RESTARTS:
      g_value_set_uint (value, self->restarts);
      break;
    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
twin_broker_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  TwinBroker *self = TWIN_BROKER (object);

  switch (prop_id)
    {
    case PROP_WANTED_PORT:
      twin_broker_set_wanted_port (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
twin_broker_class_init (TwinBrokerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = twin_broker_dispose;
  object_class->finalize = twin_broker_finalize;
  object_class->get_property = twin_broker_get_property;
  object_class->set_property = twin_broker_set_property;

  properties[PROP_WANTED_PORT] =
    g_param_spec_uint ("wanted-port", NULL, NULL, 0, 65535, TWIN_BROKER_DEFAULT_PORT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, TWIN_BROKER_OFF, TWIN_BROKER_FAILED, TWIN_BROKER_OFF,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_URL] =
    g_param_spec_string ("url", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL, 0, 65535, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RESTARTS] =
    g_param_spec_uint ("restarts", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
twin_broker_init (TwinBroker *self)
{
  self->wanted_port = TWIN_BROKER_DEFAULT_PORT;
}

/**
 * twin_broker_parse_port:
 *
 * Reads the wanted port as %TWIN_BROKER_PORT_ENV gives it: 0 to 65535.
 */
gboolean
twin_broker_parse_port (const char  *text,
                        guint       *port,
                        GError     **error)
{
  guint64 value;

  g_return_val_if_fail (text != NULL && port != NULL, FALSE);

  if (!g_ascii_string_to_unsigned (text, 10, 0, 65535, &value, NULL))
    {
      g_set_error (error, TWIN_BROKER_ERROR, TWIN_BROKER_ERROR_INVALID,
                   "%s: \"%s\" is not a port; allowed: 0 (any free port) to 65535",
                   TWIN_BROKER_PORT_ENV, text);
      return FALSE;
    }

  *port = (guint)value;
  return TRUE;
}

/**
 * twin_broker_new:
 *
 * A built-in broker that wants port 1883, or the one
 * %TWIN_BROKER_PORT_ENV names; it does nothing until started.
 */
TwinBroker *
twin_broker_new (void)
{
  TwinBroker *self = g_object_new (TWIN_TYPE_BROKER, NULL);
  const char *text = g_getenv (TWIN_BROKER_PORT_ENV);
  g_autoptr(GError) error = NULL;
  guint port;

  if (text != NULL)
    {
      if (twin_broker_parse_port (text, &port, &error))
        self->wanted_port = port;
      else
        g_warning ("%s; using %u", error->message, TWIN_BROKER_DEFAULT_PORT);
    }

  return self;
}

/**
 * twin_broker_set_wanted_port:
 * @port: the port to look for a broker on, and to start one on; 0 for
 *   any free port
 *
 * Takes effect at the next start.
 */
void
twin_broker_set_wanted_port (TwinBroker *self,
                             guint       port)
{
  g_return_if_fail (TWIN_IS_BROKER (self));
  g_return_if_fail (port <= 65535);

  if (self->wanted_port == port)
    return;
  self->wanted_port = port;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WANTED_PORT]);
}

guint
twin_broker_get_wanted_port (TwinBroker *self)
{
  g_return_val_if_fail (TWIN_IS_BROKER (self), 0);

  return self->wanted_port;
}

/**
 * twin_broker_start:
 *
 * Looks for a broker on the wanted port and starts one if there is none;
 * the URL is known once the state is %TWIN_BROKER_LOCAL or
 * %TWIN_BROKER_RUNNING. Does nothing while it runs.
 */
void
twin_broker_start (TwinBroker *self)
{
  g_return_if_fail (TWIN_IS_BROKER (self));

  if (self->state != TWIN_BROKER_OFF && self->state != TWIN_BROKER_FAILED)
    return;

  self->cancellable = g_cancellable_new ();
  self->failed_starts = 0;
  set_last_error (self, NULL);
  set_port (self, 0);
  begin_attempt (self);
}

/**
 * twin_broker_stop:
 * @timeout_ms: how long our mosquitto may take to exit before it is killed
 *
 * Stops our mosquitto, if it is ours, and waits for it; a broker that was
 * already there is left alone. Stop the mirror first, so that its offline
 * still goes through.
 */
void
twin_broker_stop (TwinBroker *self,
                  guint       timeout_ms)
{
  g_return_if_fail (TWIN_IS_BROKER (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_clear_handle_id (&self->poll_id, g_source_remove);

  if (self->process != NULL)
    {
      _twin_broker_mosquitto_terminate (self->process, timeout_ms);
      g_clear_object (&self->process);
    }
  if (self->config_path != NULL)
    g_unlink (self->config_path);
  g_clear_pointer (&self->config_path, g_free);

  set_port (self, 0);
  set_state (self, TWIN_BROKER_OFF);
}

TwinBrokerState
twin_broker_get_state (TwinBroker *self)
{
  g_return_val_if_fail (TWIN_IS_BROKER (self), TWIN_BROKER_OFF);

  return self->state;
}

/**
 * twin_broker_get_url:
 *
 * Returns: (nullable): mqtt://127.0.0.1:PORT once its port is known
 */
const char *
twin_broker_get_url (TwinBroker *self)
{
  g_return_val_if_fail (TWIN_IS_BROKER (self), NULL);

  return self->url;
}

guint
twin_broker_get_port (TwinBroker *self)
{
  g_return_val_if_fail (TWIN_IS_BROKER (self), 0);

  return self->port;
}

/**
 * twin_broker_get_pid:
 *
 * Returns: (nullable): the process id of our mosquitto while it runs
 */
const char *
twin_broker_get_pid (TwinBroker *self)
{
  g_return_val_if_fail (TWIN_IS_BROKER (self), NULL);

  return self->process != NULL ? g_subprocess_get_identifier (self->process) : NULL;
}

guint
twin_broker_get_restarts (TwinBroker *self)
{
  g_return_val_if_fail (TWIN_IS_BROKER (self), 0);

  return self->restarts;
}

/**
 * twin_broker_get_last_error:
 *
 * Returns: (nullable): why it failed, or why it was last restarted
 */
const char *
twin_broker_get_last_error (TwinBroker *self)
{
  g_return_val_if_fail (TWIN_IS_BROKER (self), NULL);

  return self->last_error;
}

/**
 * twin_broker_describe:
 *
 * Returns: what the status bar calls it: "built-in broker", or "local
 *   broker" when one was already there
 */
const char *
twin_broker_describe (TwinBroker *self)
{
  g_return_val_if_fail (TWIN_IS_BROKER (self), NULL);

  return self->state == TWIN_BROKER_LOCAL ? N_("local broker") : N_("built-in broker");
}
