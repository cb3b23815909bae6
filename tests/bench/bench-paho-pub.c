/* bench-paho-pub.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The reference: a bare paho MQTTAsync publisher of pre-encoded payloads
 * (one a line on stdin), with paho's own queueing, maxInflight 20.
 * "buffered": paho's buffer limit raised to 1000, waiting for room when it
 * says MQTTASYNC_MAX_BUFFERED_MESSAGES; "defaults": MQTTAsync_create and
 * nothing else, every message queued in paho at once.
 *
 *   bench-paho-pub buffered|defaults tcp://HOST:PORT TOPIC QOS < payloads
 */

#include <MQTTAsync.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static volatile int connected, delivered;

static void on_connect (void *c, MQTTAsync_successData *r) { connected = 1; }
static void on_connect_failure (void *c, MQTTAsync_failureData *r) { connected = -1; }
static void on_sent (void *c, MQTTAsync_successData *r) { __atomic_add_fetch (&delivered, 1, __ATOMIC_SEQ_CST); }

int
main (int argc, char *argv[])
{
  MQTTAsync client;
  MQTTAsync_createOptions create = MQTTAsync_createOptions_initializer;
  MQTTAsync_connectOptions opts = MQTTAsync_connectOptions_initializer;
  char *line = NULL;
  size_t cap = 0;
  ssize_t len;
  int qos, sent = 0;

  if (argc != 5)
    return 2;
  qos = atoi (argv[4]);
  if (strcmp (argv[1], "defaults") == 0)
    MQTTAsync_create (&client, argv[2], "bench-paho", MQTTCLIENT_PERSISTENCE_NONE, NULL);
  else
    {
      create.maxBufferedMessages = 1000;
      MQTTAsync_createWithOptions (&client, argv[2], "bench-paho", MQTTCLIENT_PERSISTENCE_NONE, NULL, &create);
    }
  opts.maxInflight = 20;
  opts.onSuccess = on_connect;
  opts.onFailure = on_connect_failure;
  MQTTAsync_connect (client, &opts);
  while (connected == 0)
    usleep (1000);
  if (connected < 0)
    return 1;

  while ((len = getline (&line, &cap, stdin)) > 0)
    {
      MQTTAsync_responseOptions ro = MQTTAsync_responseOptions_initializer;
      MQTTAsync_message msg = MQTTAsync_message_initializer;
      int rc;

      msg.payload = line;
      msg.payloadlen = (int)len - 1;
      msg.qos = qos;
      msg.retained = 1;
      ro.onSuccess = on_sent;
      /* paho refuses beyond its buffer: wait for room and try again. */
      while ((rc = MQTTAsync_sendMessage (client, argv[3], &msg, &ro)) == MQTTASYNC_MAX_BUFFERED_MESSAGES)
        usleep (100);
      if (rc != MQTTASYNC_SUCCESS)
        return 1;
      sent++;
    }

  while (__atomic_load_n (&delivered, __ATOMIC_SEQ_CST) < sent)
    usleep (1000);
  MQTTAsync_disconnectOptions dopts = MQTTAsync_disconnectOptions_initializer;
  MQTTAsync_disconnect (client, &dopts);
  MQTTAsync_destroy (&client);
  free (line);
  return 0;
}
