/* twin-rest-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the files of the REST server share: its fields, the HTTP helpers
 * (twin-rest-http.c), the route table (twin-rest-routes.c), the routes
 * with files of their own and the OpenAPI description of each route
 * (twin-rest-openapi.c).
 */

#pragma once

#include <cjson/cJSON.h>
#include <libsoup/soup.h>

#include "twin-rest.h"
#include "twin-recordings.h"
#include "twin-training.h"
#include "twin-whatif.h"

G_BEGIN_DECLS

struct _TwinRestServer
{
  GObject           parent_instance;

  TwinEngine       *engine;
  TwinMqttStatsFunc mqtt_stats;  /* NULL with MQTT off */
  gpointer          mqtt_source;
  GDestroyNotify    mqtt_source_destroy;
  char             *token;
  SoupServer       *server;
  char             *url;

  guint             max_connections;
  guint             idle_timeout_ms;
  GHashTable       *connections;  /* GSocket* → TwinRestConnection* */
  guint             sweep_id;

  double            ws_rate;
  GPtrArray        *websockets;  /* WsClient* */
  GPtrArray        *ws_extension_types;
  guint64           ws_dropped;
  guint             ws_id;

  TwinSnapshot      cached_snapshot;  /* wall_time in ms */
  char             *cached_state;

  TwinOutlook      *outlook;   /* NULL: no forecast in the state */
  char             *forecast;  /* the state's "forecast", as text; NULL for null */
  TwinWhatIf       *whatif;    /* made at the first predict or advise */
  TwinTraining     *training;  /* shared, or made at the first /scenario */
  TwinRecordings   *recordings; /* shared, or made at the first /recording */

  GStrv             allowed_hosts;  /* NULL for none */
  GStrv             allowed_origins;  /* NULL for none */

  guint64           requests;
  GHashTable       *by_route;  /* "route\ncode" → guint64* */
  guint             notify_id;
};


/* RFC 6585's, which libsoup 3.2 does not name. */
#define TWIN_REST_STATUS_TOO_MANY_REQUESTS 429

/* GET /history: the window and the rows, unless the query says. */
#define TWIN_REST_HISTORY_SECONDS    60
#define TWIN_REST_HISTORY_POINTS     500
#define TWIN_REST_HISTORY_MAX_POINTS 10000

typedef struct _TwinRestConnection TwinRestConnection;

typedef void (*RouteFunc) (TwinRestServer    *self,
                           SoupServerMessage *msg,
                           const char        *method,
                           GHashTable        *query);

/* Adds the route's operations to its OpenAPI path item. */
typedef void (*RouteDescribe) (cJSON    *path_item,
                               gboolean  authenticated);

typedef struct
{
  const char    *path;      /* ending in '/': every path below it */
  const char    *shown;     /* as a 404 lists it, when not @path */
  const char    *template;  /* as OpenAPI names it, when not @path */
  const char    *allow;
  gboolean       is_public; /* answered without the token */
  RouteFunc      func;
  RouteDescribe  describe;
} Route;

void          twin_rest_set_json           (SoupServerMessage   *msg,
                                            guint                status,
                                            const char          *content_type,
                                            char                *text);
void          twin_rest_set_cjson          (SoupServerMessage   *msg,
                                            cJSON               *root);
void          twin_rest_set_problem        (SoupServerMessage   *msg,
                                            guint                status,
                                            const char          *detail);
void          twin_rest_set_error_problem  (SoupServerMessage   *msg,
                                            guint                status,
                                            const GError        *error);
void          twin_rest_set_route          (SoupServerMessage   *msg,
                                            const char          *route);
gboolean      twin_rest_check_token        (TwinRestServer      *self,
                                            SoupServerMessage   *msg);
gboolean      twin_rest_check_json_body    (SoupServerMessage   *msg);
gboolean      twin_rest_check_no_body      (SoupServerMessage   *msg);
gboolean      twin_rest_check_query        (SoupServerMessage   *msg,
                                            GHashTable          *query,
                                            const char * const  *allowed);
char         *twin_rest_show               (const char          *text,
                                            gssize               len);
gboolean      twin_rest_parse_query        (SoupServerMessage   *msg,
                                            GHashTable         **query);
gboolean      twin_rest_parse_query_number (SoupServerMessage   *msg,
                                            const char          *field,
                                            const char          *text,
                                            double               min,
                                            double               max,
                                            const char          *unit,
                                            double              *out);

gboolean      twin_rest_check_origin       (TwinRestServer      *self,
                                            SoupServerMessage   *msg,
                                            const char          *path);
void          twin_rest_origin_clear       (TwinRestServer      *self);

void          twin_rest_count_request      (TwinRestServer      *self,
                                            const char          *route,
                                            guint                status);

void          twin_rest_ws_init            (TwinRestServer      *self);
void          twin_rest_ws_restart_timer   (TwinRestServer      *self);
void          twin_rest_ws_stop            (TwinRestServer      *self);
void          twin_rest_ws_clear           (TwinRestServer      *self);

void          twin_rest_connections_start  (TwinRestServer      *self,
                                            SoupServer          *server);
void          twin_rest_connections_restart_sweep (TwinRestServer *self);
void          twin_rest_connections_stop   (TwinRestServer      *self);
void          twin_rest_connections_answer_and_close (SoupServerMessage *msg,
                                                      GBytes            *answer);
void          twin_rest_connection_free    (TwinRestConnection  *conn);

const Route  *twin_rest_find_route         (const char          *path);
char         *twin_rest_routes_list        (void);
void          twin_rest_route_ws           (TwinRestServer      *self,
                                            SoupServerMessage   *msg,
                                            const char          *method,
                                            GHashTable          *query);
gboolean      twin_rest_method_allowed     (const char          *allow,
                                            const char          *method);

const Route  *_twin_rest_get_routes        (guint               *n_routes);

/* twin-rest-history.c */
void          _twin_rest_route_history     (TwinRestServer      *self,
                                            SoupServerMessage   *msg,
                                            const char          *method,
                                            GHashTable          *query);
char         *_twin_rest_history_fields    (const char          *separator);

/* twin-rest-recording.c */
void          _twin_rest_route_recording    (TwinRestServer     *self,
                                            SoupServerMessage   *msg,
                                            const char          *method,
                                            GHashTable          *query);
void          _twin_rest_describe_recording (cJSON              *item,
                                            gboolean             authenticated);

/* twin-rest-scenario.c */
void          _twin_rest_route_scenario    (TwinRestServer      *self,
                                            SoupServerMessage   *msg,
                                            const char          *method,
                                            GHashTable          *query);
void          _twin_rest_describe_scenario (cJSON               *item,
                                            gboolean             authenticated);

/* twin-rest-whatif.c */
void          _twin_rest_route_whatif      (TwinRestServer      *self,
                                            SoupServerMessage   *msg,
                                            const char          *method,
                                            GHashTable          *query);

/* twin-rest-openapi.c */
void          _twin_rest_route_openapi     (TwinRestServer      *self,
                                            SoupServerMessage   *msg,
                                            const char          *method,
                                            GHashTable          *query);
void          _twin_rest_describe_state    (cJSON               *item,
                                            gboolean             authenticated);
void          _twin_rest_describe_update   (cJSON               *item,
                                            gboolean             authenticated);
void          _twin_rest_describe_controls (cJSON               *item,
                                            gboolean             authenticated);
void          _twin_rest_describe_history  (cJSON               *item,
                                            gboolean             authenticated);
void          _twin_rest_describe_model    (cJSON               *item,
                                            gboolean             authenticated);
void          _twin_rest_describe_metrics  (cJSON               *item,
                                            gboolean             authenticated);
void          _twin_rest_describe_healthz  (cJSON               *item,
                                            gboolean             authenticated);
void          _twin_rest_describe_openapi  (cJSON               *item,
                                            gboolean             authenticated);
void          _twin_rest_describe_schema   (cJSON               *item,
                                            gboolean             authenticated);
void          _twin_rest_describe_ws       (cJSON               *item,
                                            gboolean             authenticated);
void          _twin_rest_describe_predict  (cJSON               *item,
                                            gboolean             authenticated);
void          _twin_rest_describe_advise   (cJSON               *item,
                                            gboolean             authenticated);

G_END_DECLS
