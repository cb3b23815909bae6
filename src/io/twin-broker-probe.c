/* twin-broker-probe.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "twin-broker"

#include "config.h"

#include <string.h>

#include "twin-broker-probe.h"

/* MQTT 3.1.1 CONNECT: clean session, keep-alive 10 s, a client id of its
 * own; and the CONNACK that accepts it. */
static const guint8 connect_packet[] = {
  0x10, 0x1b,
  0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04, 0x02, 0x00, 0x0a,
  0x00, 0x0f, 't', 'w', 'i', 'n', 's', 'c', 'o', 'p', 'e', '-', 'p', 'r', 'o', 'b', 'e',
};
static const guint8 disconnect_packet[] = { 0xe0, 0x00 };

G_STATIC_ASSERT (sizeof connect_packet == 2 + 0x1b);

typedef struct
{
  GSocketConnection *connection;
  guint8             connack[4];
} Probe;

static void
probe_free (Probe *probe)
{
  if (probe->connection != NULL)
    g_io_stream_close (G_IO_STREAM (probe->connection), NULL, NULL);
  g_clear_object (&probe->connection);
  g_free (probe);
}

static void
connack_read_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Probe *probe = g_task_get_task_data (task);
  gsize n = 0;
  gboolean accepted;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (!g_input_stream_read_all_finish (G_INPUT_STREAM (object), result, &n, NULL) || n != sizeof probe->connack)
    {
      g_task_return_int (task, TWIN_BROKER_PROBE_HELD);
      return;
    }

  accepted = probe->connack[0] == 0x20 && probe->connack[1] == 0x02 && probe->connack[3] == 0x00;
  if (accepted)
    g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (probe->connection)),
                               disconnect_packet, sizeof disconnect_packet, NULL, NULL, NULL);
  g_task_return_int (task, accepted ? TWIN_BROKER_PROBE_BROKER : TWIN_BROKER_PROBE_HELD);
}

static void
connect_written_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Probe *probe = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (g_task_return_error_if_cancelled (task))
    return;
  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, NULL))
    {
      g_task_return_int (task, TWIN_BROKER_PROBE_HELD);
      return;
    }

  g_input_stream_read_all_async (g_io_stream_get_input_stream (G_IO_STREAM (probe->connection)),
                                 probe->connack, sizeof probe->connack, G_PRIORITY_DEFAULT,
                                 cancellable, connack_read_cb, g_steal_pointer (&task));
}

static void
connected_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Probe *probe = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(GError) error = NULL;

  probe->connection = g_socket_client_connect_finish (G_SOCKET_CLIENT (object), result, &error);
  if (probe->connection == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
        g_task_return_int (task, TWIN_BROKER_PROBE_FREE);
      else
        g_task_return_int (task, TWIN_BROKER_PROBE_HELD);
      return;
    }

  g_output_stream_write_all_async (g_io_stream_get_output_stream (G_IO_STREAM (probe->connection)),
                                   connect_packet, sizeof connect_packet, G_PRIORITY_DEFAULT,
                                   cancellable, connect_written_cb, g_steal_pointer (&task));
}

/**
 * twin_broker_probe_async:
 *
 * Asks 127.0.0.1:@port whether it is an MQTT broker that takes an
 * anonymous client, within %TWIN_BROKER_PROBE_TIMEOUT_S.
 */
void
twin_broker_probe_async (guint                port,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnectable) address = NULL;
  GTask *task;

  g_return_if_fail (port > 0 && port <= 65535);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, twin_broker_probe_async);
  g_task_set_task_data (task, g_new0 (Probe, 1), (GDestroyNotify)probe_free);

  address = g_network_address_new_loopback ((guint16)port);
  g_socket_client_set_family (client, G_SOCKET_FAMILY_IPV4);
  g_socket_client_set_timeout (client, TWIN_BROKER_PROBE_TIMEOUT_S);
  g_socket_client_connect_async (client, address, cancellable, connected_cb, task);
}

/**
 * twin_broker_probe_finish:
 *
 * Returns: what listens on the port; an error only when cancelled
 */
TwinBrokerProbe
twin_broker_probe_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), TWIN_BROKER_PROBE_HELD);

  return (TwinBrokerProbe)g_task_propagate_int (G_TASK (result), error);
}

/**
 * twin_broker_free_port:
 *
 * Returns: a port of 127.0.0.1 nobody listens on, as the kernel hands one
 *   out; 0 with @error set when there is none
 */
guint
twin_broker_free_port (GError **error)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL || !g_socket_bind (socket, any, FALSE, error) ||
      (bound = g_socket_get_local_address (socket, error)) == NULL)
    return 0;

  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}
