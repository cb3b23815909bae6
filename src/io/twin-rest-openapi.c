/* twin-rest-openapi.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GET /openapi.json: the OpenAPI 3.0 document of the REST port. Its paths
 * are the route table's (twin-rest-routes.c), each described by the
 * function the table names, with the token required unless the route is
 * public; its components are the wire formats' JSON Schemas.
 */

#define G_LOG_DOMAIN "twin-rest"

#include "config.h"

#include <math.h>
#include <string.h>

#include "twin-rest-private.h"
#include "twin-schema.h"

static cJSON *
ref (const char *component)
{
  cJSON *r = cJSON_CreateObject ();
  g_autofree char *path = g_strconcat ("#/components/schemas/", component, NULL);

  cJSON_AddStringToObject (r, "$ref", path);
  return r;
}

static cJSON *
media (cJSON *schema)
{
  cJSON *m = cJSON_CreateObject ();

  cJSON_AddItemToObject (m, "schema", schema);
  return m;
}

static cJSON *
content (const char *media_type,
         cJSON      *schema)
{
  cJSON *c = cJSON_CreateObject ();

  cJSON_AddItemToObject (c, media_type, media (schema));
  return c;
}

static void
add_response (cJSON      *responses,
              const char *status,
              const char *description,
              const char *media_type,
              cJSON      *schema)
{
  cJSON *r = cJSON_CreateObject ();

  cJSON_AddStringToObject (r, "description", description);
  if (media_type != NULL)
    cJSON_AddItemToObject (r, "content", content (media_type, schema));
  cJSON_AddItemToObject (responses, status, r);
}

static void
add_problem (cJSON      *responses,
             const char *status,
             const char *description)
{
  add_response (responses, status, description, "application/problem+json", ref ("Problem"));
}

/* What a request with a JSON body may be refused for besides its content. */
static void
add_body_problems (cJSON *responses)
{
  add_problem (responses, "413", "The body is larger than 64 KiB");
  add_problem (responses, "415", "The body is not application/json");
}

static cJSON *
operation (cJSON      *path_item,
           const char *method,
           const char *operation_id,
           const char *summary,
           gboolean    authenticated)
{
  cJSON *op = cJSON_CreateObject ();
  cJSON *responses = cJSON_CreateObject ();

  cJSON_AddStringToObject (op, "operationId", operation_id);
  cJSON_AddStringToObject (op, "summary", summary);
  cJSON_AddItemToObject (op, "responses", responses);
  /* Every request, on every route: see twin-rest-origin.c. */
  add_problem (responses, "403", "The request carries an Origin that is not listed with --rest-allow-origin");
  add_problem (responses, "421", "Host does not name this server (its address, localhost, or a name listed "
                                 "with --rest-allow-host)");
  if (authenticated)
    add_problem (responses, "401", "A token is set and the request did not carry it");
  else
    cJSON_AddItemToObject (op, "security", cJSON_CreateArray ());
  cJSON_AddItemToObject (path_item, method, op);
  return op;
}

static cJSON *
responses_of (cJSON *op)
{
  return cJSON_GetObjectItem (op, "responses");
}

/* A GET whose 200 carries @schema as @media_type. */
static cJSON *
add_get (cJSON      *path_item,
         const char *operation_id,
         const char *summary,
         gboolean    authenticated,
         const char *description,
         const char *media_type,
         cJSON      *schema)
{
  cJSON *op = operation (path_item, "get", operation_id, summary, authenticated);

  add_response (responses_of (op), "200", description, media_type, schema);
  return op;
}

/* @description: (nullable) */
static void
add_param (cJSON      *op,
           const char *in,
           const char *name,
           const char *description,
           cJSON      *schema)
{
  cJSON *params = cJSON_GetObjectItem (op, "parameters");
  cJSON *p = cJSON_CreateObject ();

  if (params == NULL)
    {
      params = cJSON_CreateArray ();
      cJSON_AddItemToObject (op, "parameters", params);
    }
  cJSON_AddStringToObject (p, "name", name);
  cJSON_AddStringToObject (p, "in", in);
  /* Path parameters are required by OpenAPI; query parameters are all
   * optional here. */
  cJSON_AddBoolToObject (p, "required", g_str_equal (in, "path"));
  if (description != NULL)
    cJSON_AddStringToObject (p, "description", description);
  cJSON_AddItemToObject (p, "schema", schema);
  cJSON_AddItemToArray (params, p);
}

static void
request_body (cJSON      *op,
              const char *component)
{
  cJSON *body = cJSON_CreateObject ();

  cJSON_AddTrueToObject (body, "required");
  cJSON_AddItemToObject (body, "content", content ("application/json", ref (component)));
  cJSON_AddItemToObject (op, "requestBody", body);
}

static cJSON *
integer_range (double min,
               double max)
{
  cJSON *s = twin_schema_typed ("integer", NULL);

  cJSON_AddNumberToObject (s, "minimum", min);
  cJSON_AddNumberToObject (s, "maximum", max);
  return s;
}

/* The paths, one function a route. */

void
_twin_rest_describe_state (cJSON    *item,
                           gboolean  authenticated)
{
  add_get (item, "getState", "The current state", authenticated, "The state", "application/json", ref ("State"));
}

void
_twin_rest_describe_update (cJSON    *item,
                            gboolean  authenticated)
{
  cJSON *op, *r;

  op = operation (item, "post", "update",
                  "The tutorial's update: set the ambient input, then advance the simulation "
                  "by exactly 1.0 s at once, even when paused", authenticated);
  add_param (op, "query", "ambient", "Ambient temperature, °C; kept as it is when absent",
             twin_schema_number (twin_inputs[TWIN_INPUT_AMBIENT].min, twin_inputs[TWIN_INPUT_AMBIENT].max, NULL));
  r = responses_of (op);
  add_response (r, "200", "The state after the second", "application/json", ref ("State"));
  add_problem (r, "400", "A parameter is unknown, not a number, not finite or out of range");
  add_problem (r, "423", "Commands from REST are locked: the window's user locked out remote commands; nothing applied");
  add_problem (r, "415", "The request has a body; the input goes in the query");
}

void
_twin_rest_describe_controls (cJSON    *item,
                              gboolean  authenticated)
{
  cJSON *op, *r;

  add_get (item, "getControls", "The inputs as they are", authenticated,
           "The controls", "application/json", ref ("Controls"));
  op = operation (item, "patch", "patchControls",
                  "Apply a command: any subset of the fields, whole or not at all", authenticated);
  request_body (op, "Command");
  r = responses_of (op);
  add_response (r, "200", "The controls after the command", "application/json", ref ("Controls"));
  add_problem (r, "400", "Malformed JSON, an unknown field, a wrong type, a value out of range; nothing applied");
  add_problem (r, "423", "Commands from REST are locked: the window's user locked out remote commands; nothing applied");
  add_body_problems (r);
}

void
_twin_rest_describe_history (cJSON    *item,
                             gboolean  authenticated)
{
  g_autofree char *fields = _twin_rest_history_fields (",");
  g_autofree char *listed = _twin_rest_history_fields (", ");
  g_autofree char *fields_description = g_strconcat ("Comma-separated fields: ", listed, NULL);
  cJSON *op, *s, *content;

  op = add_get (item, "getHistory",
                "Min/max summary of the recent history, as JSON columns or CSV (Accept: text/csv)", authenticated,
                "The summary", "application/json", ref ("History"));
  content = cJSON_GetObjectItem (cJSON_GetObjectItem (responses_of (op), "200"), "content");
  cJSON_AddItemToObject (content, "text/csv",
                         media (twin_schema_typed ("string", "A header row naming each column and its unit")));
  add_problem (responses_of (op), "400", "A parameter is unknown or out of range");

  s = twin_schema_number (0, NAN, NULL);
  cJSON_AddTrueToObject (s, "exclusiveMinimum");
  cJSON_AddNumberToObject (s, "default", TWIN_REST_HISTORY_SECONDS);
  add_param (op, "query", "seconds", "Length of the window ending now, simulated s", s);
  s = twin_schema_typed ("string", NULL);
  cJSON_AddStringToObject (s, "default", fields);
  add_param (op, "query", "fields", fields_description, s);
  s = integer_range (1, TWIN_REST_HISTORY_MAX_POINTS);
  cJSON_AddNumberToObject (s, "default", TWIN_REST_HISTORY_POINTS);
  add_param (op, "query", "max_points", "At most this many rows, decimated by min/max", s);
}

void
_twin_rest_describe_model (cJSON    *item,
                           gboolean  authenticated)
{
  cJSON *op, *r;

  add_get (item, "getModel", "The model running and its parameter specifications", authenticated,
           "The model", "application/json", ref ("Model"));
  op = operation (item, "put", "putModel", "Switch model at run time, keeping the common state", authenticated);
  request_body (op, "ModelSwitch");
  r = responses_of (op);
  add_response (r, "200", "The model now running", "application/json", ref ("Model"));
  add_problem (r, "400", "Unknown model, wrong type or malformed JSON");
  add_problem (r, "423", "Commands from REST are locked: the window's user locked out remote commands; nothing applied");
  add_body_problems (r);
}

void
_twin_rest_describe_metrics (cJSON    *item,
                             gboolean  authenticated)
{
  add_get (item, "getMetrics", "Prometheus metrics", authenticated,
           "Prometheus text format 0.0.4", "text/plain", twin_schema_typed ("string", NULL));
}

void
_twin_rest_describe_healthz (cJSON    *item,
                             gboolean  authenticated)
{
  static const char * const ok[] = { "ok", NULL };
  static const char * const required[] = { "status", NULL };
  cJSON *p = cJSON_CreateObject ();

  cJSON_AddItemToObject (p, "status", twin_schema_enum (ok, NULL));
  add_get (item, "getHealth", "Liveness; needs no token", authenticated,
           "Alive", "application/json", twin_schema_object (p, required, NULL, NULL));
}

void
_twin_rest_describe_openapi (cJSON    *item,
                             gboolean  authenticated)
{
  add_get (item, "getOpenApi", "This document", authenticated,
           "OpenAPI 3.0 document", "application/json", twin_schema_typed ("object", NULL));
}

void
_twin_rest_describe_schema (cJSON    *item,
                            gboolean  authenticated)
{
  static const char * const schema_names[] = { "state", "command", "sensors", "alarm", "event", NULL };
  cJSON *op;

  op = add_get (item, "getSchema", "JSON Schema (draft-07) of a wire format", authenticated,
                "The schema", "application/schema+json", twin_schema_typed ("object", NULL));
  add_param (op, "path", "name", NULL, twin_schema_enum (schema_names, NULL));
  add_problem (responses_of (op), "404", "No such schema");
}

void
_twin_rest_describe_ws (cJSON    *item,
                        gboolean  authenticated)
{
  cJSON *op, *r;

  op = operation (item, "get", "streamStates",
                  "WebSocket: one state JSON text message per publish period (2 Hz unless configured)",
                  authenticated);
  r = responses_of (op);
  add_response (r, "101", "Switching to the WebSocket protocol; messages follow the State schema", NULL, NULL);
  add_problem (r, "400", "Not a WebSocket upgrade request");
}

/* POST /predict and POST /advise: answered once the forecaster's workers
 * are done, refused with 429 while TWIN_WHATIF_MAX_IN_FLIGHT run. */
static void
describe_whatif (cJSON      *item,
                 const char *operation_id,
                 const char *summary,
                 const char *request,
                 const char *answer,
                 gboolean    authenticated)
{
  g_autofree char *busy = g_strdup_printf ("%d predict and advise requests are running already; Retry-After "
                                           "says when to try again", TWIN_WHATIF_MAX_IN_FLIGHT);
  cJSON *op = operation (item, "post", operation_id, summary, authenticated);
  cJSON *r = responses_of (op);

  request_body (op, request);
  add_response (r, "200", "The answer", "application/json", ref (answer));
  add_problem (r, "400", "Malformed JSON, an unknown field, a wrong type, a value out of range");
  add_body_problems (r);
  add_problem (r, "429", busy);
  add_problem (r, "500", "The forecast failed");
}

void
_twin_rest_describe_predict (cJSON    *item,
                             gboolean  authenticated)
{
  describe_whatif (item, "predict",
                   "What would happen from the live state with these inputs, within the horizon: the alarms' "
                   "times, with quantiles when an ensemble is asked for; the live twin is not touched",
                   "Predict", "Prediction", authenticated);
}

void
_twin_rest_describe_advise (cJSON    *item,
                            gboolean  authenticated)
{
  describe_whatif (item, "advise",
                   "Which values of one input keep the machine out of a condition within the horizon, at a "
                   "confidence over the parameters' spread", "Advise", "Advice", authenticated);
}

/* The document */

static cJSON *
build_paths (void)
{
  cJSON *paths = cJSON_CreateObject ();
  guint n_routes;
  const Route *routes = _twin_rest_get_routes (&n_routes);

  for (guint i = 0; i < n_routes; i++)
    {
      cJSON *item = cJSON_CreateObject ();

      routes[i].describe (item, !routes[i].is_public);
      cJSON_AddItemToObject (paths, routes[i].template != NULL ? routes[i].template : routes[i].path, item);
    }

  return paths;
}

static cJSON *
build_components (void)
{
  static const struct { const char *component; const char *name; } components[] = {
    { "State", "state" }, { "Command", "command" }, { "Sensors", "sensors" },
    { "Controls", "controls" }, { "Model", "model" }, { "ModelSwitch", "model-switch" },
    { "History", "history" }, { "Problem", "problem" }, { "Forecast", "forecast" },
    { "Predict", "predict" }, { "Prediction", "prediction" }, { "Advise", "advise" }, { "Advice", "advice" },
    { "Alarm", "alarm" }, { "Event", "event" },
  };
  cJSON *comps = cJSON_CreateObject ();
  cJSON *schemas = cJSON_CreateObject ();
  cJSON *schemes = cJSON_CreateObject ();
  cJSON *bearer = cJSON_CreateObject ();

  for (guint i = 0; i < G_N_ELEMENTS (components); i++)
    cJSON_AddItemToObject (schemas, components[i].component, twin_schema_build (components[i].name));
  cJSON_AddItemToObject (comps, "schemas", schemas);
  cJSON_AddStringToObject (bearer, "type", "http");
  cJSON_AddStringToObject (bearer, "scheme", "bearer");
  cJSON_AddStringToObject (bearer, "description", "Only when the server was given a token (--rest-token-env)");
  cJSON_AddItemToObject (schemes, "bearer", bearer);
  cJSON_AddItemToObject (comps, "securitySchemes", schemes);

  return comps;
}

static char *
build_openapi (void)
{
  cJSON *root = cJSON_CreateObject ();
  cJSON *info = cJSON_CreateObject ();
  cJSON *security = cJSON_CreateArray ();
  cJSON *requirement = cJSON_CreateObject ();
  char *text, *ret;

  cJSON_AddStringToObject (root, "openapi", "3.0.3");
  cJSON_AddStringToObject (info, "title", "Twinscope REST API");
  cJSON_AddStringToObject (info, "version", PACKAGE_VERSION);
  cJSON_AddStringToObject (info, "description",
                           "The local REST port of Twinscope, a digital twin of a rotating machine. "
                           "Errors are RFC 9457 problem details. When the server has a token, every "
                           "endpoint but /healthz requires Authorization: Bearer <token>.");
  cJSON_AddItemToObject (root, "info", info);
  cJSON_AddItemToObject (root, "paths", build_paths ());
  cJSON_AddItemToObject (root, "components", build_components ());
  cJSON_AddItemToObject (requirement, "bearer", cJSON_CreateArray ());
  cJSON_AddItemToArray (security, requirement);
  cJSON_AddItemToObject (root, "security", security);

  text = cJSON_Print (root);
  ret = g_strdup (text);
  cJSON_free (text);
  cJSON_Delete (root);
  return ret;
}

void
_twin_rest_route_openapi (TwinRestServer    *self,
                          SoupServerMessage *msg,
                          const char        *method,
                          GHashTable        *query)
{
  static char *openapi;

  /* Built once, at the first request. */
  if (g_once_init_enter (&openapi))
    g_once_init_leave (&openapi, build_openapi ());

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, openapi, strlen (openapi));
}
