/* twin-metrics.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "twin-snapshot.h"
#include "twin-step-stats.h"

G_BEGIN_DECLS

/* The MQTT mirror's counters, since it was made, and gauges, now. */
typedef struct
{
  guint64 published;          /* messages the broker acknowledged */
  guint64 dropped;            /* states dropped from a full queue */
  guint64 reconnects;
  guint64 commands_applied;
  guint64 commands_refused;   /* invalid, retained, too large, or the inbox full */
  guint64 readings_accepted;
  guint64 readings_refused;
  guint64 queued;             /* gauge: waiting or in flight */
  guint64 in_flight;          /* gauge: handed to paho, not yet confirmed */
  guint64 inbox_bytes;        /* gauge: received, not yet handled */
  guint64 state_seq;          /* msg_seq of the last state queued */
} TwinMqttStats;

typedef void (*TwinMqttStatsFunc) (gpointer       source,
                                   TwinMqttStats *stats);

/* HTTP requests answered with one status code on one route. */
typedef struct
{
  const char *route;
  guint       status;
  guint64     count;
} TwinRequestCount;

/* P10, P50 and P90, labelled percentile="10", "50", "90". */
#define TWIN_METRICS_N_QUANTILES 3

/* The course ahead's ensemble; NAN where an event is not within the
 * horizon, which leaves its series out. */
typedef struct
{
  gboolean known;
  double   seconds[TWIN_N_ALARMS][TWIN_METRICS_N_QUANTILES];  /* after the forecast's start */
  double   rul_hours[TWIN_METRICS_N_QUANTILES];
} TwinForecastMetrics;

/* Everything GET /metrics reports. */
typedef struct
{
  TwinStepStats           steps;
  double                  simulated_time;
  TwinMqttStats           mqtt;              /* all 0 with MQTT off */
  guint64                 readings_accepted; /* by the shadow, from any source */
  guint64                 readings_refused;
  guint                   http_connections;
  guint                   websocket_clients;
  guint64                 websocket_dropped;
  const TwinRequestCount *requests;
  guint                   n_requests;
  TwinForecastMetrics     forecast;
} TwinMetrics;

char     *twin_metrics_to_prometheus  (const TwinMetrics *metrics);

G_END_DECLS
