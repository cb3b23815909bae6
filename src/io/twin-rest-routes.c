/* twin-rest-routes.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The REST server's endpoints, one function each, and the table that maps
 * paths and methods to them.
 */

#define G_LOG_DOMAIN "twin-rest"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "twin-json-whatif.h"
#include "twin-metrics.h"
#include "twin-rest-private.h"
#include "twin-schema.h"

/* Documents */

static cJSON *
controls_object (TwinEngine *engine)
{
  TwinCommand controls;

  twin_engine_get_controls (engine, &controls);
  return twin_json_controls_object (&controls);
}

static cJSON *
model_object (TwinEngine *engine)
{
  const TwinModel *model = twin_engine_get_model (engine);
  cJSON *root = cJSON_CreateObject ();
  cJSON *params = cJSON_CreateArray ();
  cJSON *available = cJSON_CreateArray ();

  cJSON_AddStringToObject (root, "model", model->id);
  cJSON_AddStringToObject (root, "name", model->name);
  cJSON_AddNumberToObject (root, "version", model->version);
  cJSON_AddStringToObject (root, "description", model->description ? model->description : "");
  cJSON_AddItemToObject (root, "dt", twin_json_number (model->dt));

  for (gsize i = 0; i < model->n_params; i++)
    {
      const TwinParamSpec *spec = &model->params[i];
      cJSON *p = cJSON_CreateObject ();

      cJSON_AddStringToObject (p, "name", spec->name);
      cJSON_AddStringToObject (p, "unit", spec->unit ? spec->unit : "");
      cJSON_AddStringToObject (p, "description", spec->description ? spec->description : "");
      cJSON_AddItemToObject (p, "default", twin_json_number (spec->default_value));
      cJSON_AddItemToObject (p, "min", twin_json_number (spec->min));
      cJSON_AddItemToObject (p, "max", twin_json_number (spec->max));
      cJSON_AddItemToObject (p, "value", twin_json_number (twin_engine_get_param (engine, spec->name)));
      cJSON_AddItemToArray (params, p);
    }
  cJSON_AddItemToObject (root, "parameters", params);

  for (gsize i = 0; i < twin_model_registry_count (); i++)
    cJSON_AddItemToArray (available, cJSON_CreateString (twin_model_registry_get (i)->id));
  cJSON_AddItemToObject (root, "available", available);

  return root;
}

/* Under load, many requests fall within one millisecond of an unchanged
 * state: they share one encoding, whose "time" has millisecond precision
 * anyway. */
static void
send_state (TwinRestServer    *self,
            SoupServerMessage *msg)
{
  TwinSnapshot snapshot;

  twin_engine_get_snapshot (self->engine, &snapshot);
  snapshot.wall_time -= snapshot.wall_time % 1000;
  if (self->cached_state == NULL || memcmp (&snapshot, &self->cached_snapshot, sizeof snapshot) != 0)
    {
      g_free (self->cached_state);
      self->cached_state = twin_json_encode_state (&snapshot, self->forecast);
      self->cached_snapshot = snapshot;
    }

  twin_rest_set_json (msg, SOUP_STATUS_OK, "application/json", g_strdup (self->cached_state));
}

/* Routes */

static void
route_state (TwinRestServer    *self,
             SoupServerMessage *msg,
             const char        *method,
             GHashTable        *query)
{
  static const char * const allowed[] = { NULL };

  if (twin_rest_check_query (msg, query, allowed))
    send_state (self, msg);
}

static void
route_update (TwinRestServer    *self,
              SoupServerMessage *msg,
              const char        *method,
              GHashTable        *query)
{
  static const char * const allowed[] = { "ambient", NULL };
  const char *text;

  if (!twin_rest_check_query (msg, query, allowed) || !twin_rest_check_no_body (msg))
    return;

  text = query != NULL ? g_hash_table_lookup (query, "ambient") : NULL;
  if (text != NULL)
    {
      const TwinField *f = &twin_inputs[TWIN_INPUT_AMBIENT];
      TwinCommand command = { .fields = TWIN_COMMAND_AMBIENT, .source = TWIN_COMMAND_SOURCE_REST };

      g_autoptr(GError) error = NULL;

      if (!twin_rest_parse_query_number (msg, f->name, text, f->min, f->max, f->unit, &command.ambient))
        return;
      if (!twin_engine_apply_command (self->engine, &command, &error) &&
          g_error_matches (error, TWIN_ENGINE_ERROR, TWIN_ENGINE_ERROR_LOCKED))
        {
          twin_rest_set_error_problem (msg, SOUP_STATUS_LOCKED, error);
          return;
        }
    }

  twin_engine_advance (self->engine, 1.0);
  send_state (self, msg);
}

/* Applies a command read from a request's body (when @read), or answers
 * 400 with what was wrong with the body or the command, 423 when REST's
 * commands are locked out. */
static gboolean
apply_or_refuse (TwinRestServer     *self,
                 SoupServerMessage  *msg,
                 gboolean            read,
                 TwinCommand        *command,
                 GError            **error)
{
  if (read)
    {
      command->source = TWIN_COMMAND_SOURCE_REST;
      twin_engine_apply_command (self->engine, command, error);
    }
  if (*error == NULL)
    return TRUE;

  twin_rest_set_error_problem (msg, g_error_matches (*error, TWIN_ENGINE_ERROR, TWIN_ENGINE_ERROR_LOCKED)
                                    ? SOUP_STATUS_LOCKED : SOUP_STATUS_BAD_REQUEST, *error);
  return FALSE;
}

static void
route_controls (TwinRestServer    *self,
                SoupServerMessage *msg,
                const char        *method,
                GHashTable        *query)
{
  static const char * const allowed[] = { NULL };

  if (!twin_rest_check_query (msg, query, allowed))
    return;

  if (g_str_equal (method, "PATCH"))
    {
      SoupMessageBody *body = soup_server_message_get_request_body (msg);
      g_autoptr(GError) error = NULL;
      TwinCommand command;

      if (!twin_rest_check_json_body (msg) ||
          !apply_or_refuse (self, msg, twin_json_parse_command (body->data, body->length, &command, NULL, &error),
                            &command, &error))
        return;
    }

  twin_rest_set_cjson (msg, controls_object (self->engine));
}

/* PUT /model's body, {"model": "name@version"}, as a command. */
static gboolean
read_model_switch (const SoupMessageBody  *body,
                   TwinCommand            *command,
                   GError                **error)
{
  g_autoptr(cJSON) root = NULL;
  const char *id = NULL;

  memset (command, 0, sizeof *command);
  if (!twin_json_check_payload (body->data, body->length, TWIN_REST_MAX_BODY, error) ||
      (root = twin_json_parse_object (body->data, body->length, error)) == NULL)
    return FALSE;

  for (const cJSON *item = root->child; item != NULL; item = item->next)
    {
      if (g_strcmp0 (item->string, "model") != 0)
        {
          g_autofree char *shown = twin_json_shorten (item->string, -1);

          g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_UNKNOWN_FIELD,
                       "%s: unknown field; allowed: model", shown);
          return FALSE;
        }
      if (!cJSON_IsString (item))
        {
          g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_WRONG_TYPE,
                       "model: must be a model id string such as \"physical@3\"");
          return FALSE;
        }
      id = item->valuestring;
    }

  if (id == NULL)
    {
      g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_MALFORMED,
                   "model: missing; allowed: a model id such as \"physical@3\"");
      return FALSE;
    }

  return twin_command_set_model (command, id, error);
}

static void
route_model (TwinRestServer    *self,
             SoupServerMessage *msg,
             const char        *method,
             GHashTable        *query)
{
  static const char * const allowed[] = { NULL };

  if (!twin_rest_check_query (msg, query, allowed))
    return;

  if (g_str_equal (method, SOUP_METHOD_PUT))
    {
      SoupMessageBody *body = soup_server_message_get_request_body (msg);
      g_autoptr(GError) error = NULL;
      TwinCommand command;

      if (!twin_rest_check_json_body (msg) ||
          !apply_or_refuse (self, msg, read_model_switch (body, &command, &error), &command, &error))
        return;
    }

  twin_rest_set_cjson (msg, model_object (self->engine));
}

static void
route_metrics (TwinRestServer    *self,
               SoupServerMessage *msg,
               const char        *method,
               GHashTable        *query)
{
  static const char * const allowed[] = { NULL };
  TwinShadow *shadow = twin_engine_get_shadow (self->engine);
  g_autoptr(GArray) requests = NULL;
  g_autoptr(GPtrArray) routes = NULL;
  TwinMetrics metrics = { 0 };
  GHashTableIter iter;
  gpointer key, value;
  char *text;

  if (!twin_rest_check_query (msg, query, allowed))
    return;

  /* by_route's keys are "route\nstatus". */
  requests = g_array_new (FALSE, FALSE, sizeof (TwinRequestCount));
  routes = g_ptr_array_new_with_free_func (g_free);
  g_hash_table_iter_init (&iter, self->by_route);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *nl = strchr (key, '\n');
      TwinRequestCount count = { g_strndup (key, nl - (const char *)key), (guint)atoi (nl + 1), *(guint64 *)value };

      g_ptr_array_add (routes, (char *)count.route);
      g_array_append_val (requests, count);
    }

  twin_engine_get_step_stats (self->engine, &metrics.steps);
  metrics.simulated_time = twin_engine_get_timestamp (self->engine);
  if (self->mqtt_stats != NULL)
    self->mqtt_stats (self->mqtt_source, &metrics.mqtt);
  metrics.readings_accepted = twin_shadow_get_count (shadow);
  metrics.readings_refused = twin_shadow_get_rejected (shadow);
  metrics.http_connections = twin_rest_server_get_n_connections (self);
  metrics.websocket_clients = self->websockets->len;
  metrics.websocket_dropped = self->ws_dropped;
  metrics.requests = (const TwinRequestCount *)requests->data;
  metrics.n_requests = requests->len;
  if (self->outlook != NULL)
    twin_whatif_forecast_metrics (twin_outlook_get_course (self->outlook), twin_outlook_get_ensemble (self->outlook),
                                  &metrics.forecast);

  text = twin_metrics_to_prometheus (&metrics);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "text/plain; version=0.0.4; charset=utf-8", SOUP_MEMORY_TAKE,
                                    text, strlen (text));
}

static void
route_healthz (TwinRestServer    *self,
               SoupServerMessage *msg,
               const char        *method,
               GHashTable        *query)
{
  twin_rest_set_json (msg, SOUP_STATUS_OK, "application/json", g_strdup ("{\"status\":\"ok\"}"));
}

static void
route_schema (TwinRestServer    *self,
              SoupServerMessage *msg,
              const char        *method,
              GHashTable        *query)
{
  const char *path = g_uri_get_path (soup_server_message_get_uri (msg));
  g_autofree char *name = NULL;
  const char *doc = NULL;

  if (g_str_has_suffix (path, ".json"))
    {
      name = g_strndup (path + strlen ("/schema/"), strlen (path) - strlen ("/schema/") - strlen (".json"));
      doc = twin_schema_get (name);
    }

  if (doc == NULL)
    {
      g_autofree char *list = g_strjoinv (".json, ", (char **)twin_schema_get_names ());
      g_autofree char *detail = g_strdup_printf ("%s: no such schema; allowed: %s.json", path, list);

      twin_rest_set_problem (msg, SOUP_STATUS_NOT_FOUND, detail);
      return;
    }

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/schema+json", SOUP_MEMORY_STATIC, doc, strlen (doc));
}

static const Route routes[] = {
  { "/state",        NULL, NULL, "GET, HEAD",        FALSE, route_state,    _twin_rest_describe_state },
  { "/update",       NULL, NULL, "POST",             FALSE, route_update,   _twin_rest_describe_update },
  { "/controls",     NULL, NULL, "GET, HEAD, PATCH", FALSE, route_controls, _twin_rest_describe_controls },
  { "/history",      NULL, NULL, "GET, HEAD",        FALSE, _twin_rest_route_history, _twin_rest_describe_history },
  { "/model",        NULL, NULL, "GET, HEAD, PUT",   FALSE, route_model,    _twin_rest_describe_model },
  { "/metrics",      NULL, NULL, "GET, HEAD",        FALSE, route_metrics,  _twin_rest_describe_metrics },
  { "/healthz",      NULL, NULL, "GET, HEAD",        TRUE,  route_healthz,  _twin_rest_describe_healthz },
  { "/openapi.json", NULL, NULL, "GET, HEAD",        FALSE, _twin_rest_route_openapi, _twin_rest_describe_openapi },
  { "/schema/",      "/schema/{state,command,sensors,alarm,event}.json", "/schema/{name}.json", "GET, HEAD", FALSE,
    route_schema, _twin_rest_describe_schema },
  { "/ws",           NULL, NULL, "GET",              FALSE, twin_rest_route_ws, _twin_rest_describe_ws },
  { "/predict",      NULL, NULL, "POST",             FALSE, _twin_rest_route_whatif, _twin_rest_describe_predict },
  { "/advise",       NULL, NULL, "POST",             FALSE, _twin_rest_route_whatif, _twin_rest_describe_advise },
};

const Route *
_twin_rest_get_routes (guint *n_routes)
{
  *n_routes = G_N_ELEMENTS (routes);
  return routes;
}

/**
 * twin_rest_routes_list:
 *
 * Returns: (transfer full): every resource, as a 404 lists them
 */
char *
twin_rest_routes_list (void)
{
  GString *list = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      if (i > 0)
        g_string_append (list, ", ");
      g_string_append (list, routes[i].shown != NULL ? routes[i].shown : routes[i].path);
    }

  return g_string_free (list, FALSE);
}

const Route *
twin_rest_find_route (const char *path)
{
  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      gsize len = strlen (routes[i].path);

      if (routes[i].path[len - 1] == '/' ? g_str_has_prefix (path, routes[i].path)
                                         : g_str_equal (path, routes[i].path))
        return &routes[i];
    }

  return NULL;
}

gboolean
twin_rest_method_allowed (const char *allow,
                          const char *method)
{
  gsize len = strlen (method);

  for (const char *p = allow; (p = strstr (p, method)) != NULL; p += len)
    if ((p == allow || p[-1] == ' ') && (p[len] == ',' || p[len] == '\0'))
      return TRUE;

  return FALSE;
}
