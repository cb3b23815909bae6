/* twin-metrics.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Prometheus text format (0.0.4) of what GET /metrics reports.
 */

#define G_LOG_DOMAIN "twin-metrics"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "twin-metrics.h"

static void
append_header (GString    *out,
               const char *name,
               const char *type,
               const char *help)
{
  g_string_append_printf (out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void
append_double (GString *out,
               double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    value = 0;
  g_ascii_formatd (buf, sizeof buf, "%.15g", value);
  if (g_ascii_strtod (buf, NULL) != value)
    g_ascii_formatd (buf, sizeof buf, "%.17g", value);
  g_string_append (out, buf);
}

/* One metric of one sample, without labels. */
static void
append_metric (GString    *out,
               const char *name,
               const char *type,
               const char *help,
               guint64     value)
{
  append_header (out, name, type, help);
  g_string_append_printf (out, "%s %" G_GUINT64_FORMAT "\n", name, value);
}

/* One metric of two samples that differ in one label. */
static void
append_pair (GString    *out,
             const char *name,
             const char *help,
             const char *label,
             const char *first,
             guint64     first_value,
             const char *second,
             guint64     second_value)
{
  append_header (out, name, "counter", help);
  g_string_append_printf (out, "%s{%s=\"%s\"} %" G_GUINT64_FORMAT "\n", name, label, first, first_value);
  g_string_append_printf (out, "%s{%s=\"%s\"} %" G_GUINT64_FORMAT "\n", name, label, second, second_value);
}

static void
append_step_latency (GString             *out,
                     const TwinStepStats *stats)
{
  const double *bounds = twin_step_stats_get_bounds ();
  guint64 cumulative = 0;

  append_header (out, "twinscope_step_latency_seconds", "histogram",
                 "Wall time per model step (each step counts with the mean of its batch).");
  for (guint i = 0; i <= TWIN_STEP_STATS_N_BOUNDS; i++)
    {
      cumulative += stats->buckets[i];
      g_string_append (out, "twinscope_step_latency_seconds_bucket{le=\"");
      if (i < TWIN_STEP_STATS_N_BOUNDS)
        append_double (out, bounds[i]);
      else
        g_string_append (out, "+Inf");
      g_string_append_printf (out, "\"} %" G_GUINT64_FORMAT "\n", cumulative);
    }
  g_string_append (out, "twinscope_step_latency_seconds_sum ");
  append_double (out, stats->seconds);
  g_string_append_printf (out, "\ntwinscope_step_latency_seconds_count %" G_GUINT64_FORMAT "\n", stats->steps);
}

static int
compare_requests (gconstpointer a,
                  gconstpointer b)
{
  const TwinRequestCount *x = a, *y = b;
  int by_route = strcmp (x->route, y->route);

  if (by_route != 0)
    return by_route;
  return x->status < y->status ? -1 : x->status > y->status;
}

static void
append_requests (GString                *out,
                 const TwinRequestCount *requests,
                 guint                   n_requests)
{
  g_autofree TwinRequestCount *sorted = g_memdup2 (requests, sizeof *requests * n_requests);

  append_header (out, "twinscope_http_requests_total", "counter",
                 "HTTP requests answered, by route and status code.");
  if (n_requests > 0)
    qsort (sorted, n_requests, sizeof *sorted, compare_requests);
  for (guint i = 0; i < n_requests; i++)
    g_string_append_printf (out, "twinscope_http_requests_total{route=\"%s\",code=\"%u\"} %" G_GUINT64_FORMAT "\n",
                            sorted[i].route, sorted[i].status, sorted[i].count);
}

/* P10, P50, P90 as a "percentile" label: promtool keeps "quantile" for
 * summaries, which these are not. */
static const char * const percentile_labels[TWIN_METRICS_N_QUANTILES] = { "10", "50", "90" };

/* Series only where there is a value: a percentile not within the
 * horizon is left out, never written as a number standing in for it. RUL
 * in seconds, the base unit promtool asks for (the state's rul_hours
 * times 3600). */
static void
append_forecast (GString                   *out,
                 const TwinForecastMetrics *forecast)
{
  append_header (out, "twinscope_forecast_seconds", "gauge",
                 "Simulated seconds from the forecast's start until each alarm is first raised with the inputs "
                 "held, by percentile over the ensemble; absent when not within the horizon.");
  for (guint i = 0; forecast->known && i < TWIN_N_ALARMS; i++)
    for (guint q = 0; q < TWIN_METRICS_N_QUANTILES; q++)
      if (isfinite (forecast->seconds[i][q]))
        {
          g_string_append_printf (out, "twinscope_forecast_seconds{event=\"%s\",percentile=\"%s\"} ",
                                  twin_alarm_get_name (twin_alarm_from_index (i)), percentile_labels[q]);
          append_double (out, forecast->seconds[i][q]);
          g_string_append_c (out, '\n');
        }

  append_header (out, "twinscope_rul_seconds", "gauge",
                 "Remaining useful life at the forecast's horizon, operating seconds, by percentile over the "
                 "ensemble.");
  for (guint q = 0; forecast->known && q < TWIN_METRICS_N_QUANTILES; q++)
    if (isfinite (forecast->rul_hours[q]))
      {
        g_string_append_printf (out, "twinscope_rul_seconds{percentile=\"%s\"} ", percentile_labels[q]);
        append_double (out, forecast->rul_hours[q] * 3600);
        g_string_append_c (out, '\n');
      }
}

/**
 * twin_metrics_to_prometheus:
 *
 * Returns: (transfer full): @metrics in the Prometheus text format 0.0.4,
 *   requests sorted by route, then status
 */
char *
twin_metrics_to_prometheus (const TwinMetrics *metrics)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (metrics != NULL, NULL);

  append_step_latency (out, &metrics->steps);
  append_metric (out, "twinscope_steps_total", "counter", "Model steps run since the start.",
                 metrics->steps.steps);
  append_metric (out, "twinscope_step_batches_total", "counter", "Batches the steps ran in.",
                 metrics->steps.batches);
  append_metric (out, "twinscope_ticks_total", "counter", "Ticks of the real-time clock.",
                 metrics->steps.ticks);
  append_header (out, "twinscope_simulated_time_seconds", "gauge", "Simulated time since the last reset.");
  g_string_append (out, "twinscope_simulated_time_seconds ");
  append_double (out, metrics->simulated_time);
  g_string_append_c (out, '\n');

  append_metric (out, "twinscope_mqtt_published_total", "counter",
                 "Messages published to the MQTT broker (0 with MQTT off).", metrics->mqtt.published);
  append_metric (out, "twinscope_mqtt_dropped_total", "counter",
                 "Messages dropped because the MQTT queue was full (0 with MQTT off).", metrics->mqtt.dropped);
  append_metric (out, "twinscope_mqtt_reconnects_total", "counter",
                 "Reconnections to the MQTT broker (0 with MQTT off).", metrics->mqtt.reconnects);
  append_pair (out, "twinscope_mqtt_commands_total",
               "Commands received over MQTT, applied or refused (0 with MQTT off).", "result",
               "applied", metrics->mqtt.commands_applied, "refused", metrics->mqtt.commands_refused);
  append_pair (out, "twinscope_sensor_readings_total",
               "Sensor readings kept by the shadow (accepted) or refused, whatever their source.", "result",
               "accepted", metrics->readings_accepted, "refused", metrics->readings_refused);

  append_metric (out, "twinscope_http_connections", "gauge", "Open HTTP connections.",
                 metrics->http_connections);
  append_metric (out, "twinscope_websocket_clients", "gauge", "Open /ws clients.", metrics->websocket_clients);
  append_metric (out, "twinscope_websocket_dropped_total", "counter",
                 "/ws clients dropped for sending while not reading, or not reading for 30 s.",
                 metrics->websocket_dropped);
  append_requests (out, metrics->requests, metrics->n_requests);
  append_forecast (out, &metrics->forecast);

  return g_string_free (out, FALSE);
}
