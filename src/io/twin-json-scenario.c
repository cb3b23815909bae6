/* twin-json-scenario.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Scenario files (data/scenario.schema.json describes them): read strictly,
 * every field checked, with a message that names the field, the value and
 * what is allowed. Commands in them are the wire's commands.
 */

#define G_LOG_DOMAIN "twin-json"

#include "config.h"

#include <math.h>
#include <string.h>

#include "twin-json.h"
#include "twin-json-scenario.h"

#define MAX_SCENARIO_SIZE (1024 * 1024)
#define MAX_ITEMS         1000
#define MAX_TEXT          2000
#define MAX_VALUES        100000

/* The wire command fields a timeline or a setup may set. */
#define SCENARIO_FIELDS (TWIN_COMMAND_AMBIENT | TWIN_COMMAND_RPM_SETPOINT | TWIN_COMMAND_MODEL | \
                         TWIN_COMMAND_COOLING_DEGRADED | TWIN_COMMAND_BEARING_DEFECT)

static const char * const check_kinds[TWIN_N_CHECK_KINDS] = {
  [TWIN_CHECK_EVENT] = "event",
  [TWIN_CHECK_BOUNDS] = "bounds",
  [TWIN_CHECK_ACTS_BEFORE] = "acts_before",
  [TWIN_CHECK_DIAGNOSIS] = "diagnosis",
};

static const char * const faults[] = { "cooling_degraded", "bearing_defect" };

static gboolean
refuse (GError     **error,
        const char  *field,
        const char  *problem)
{
  g_set_error (error, TWIN_JSON_ERROR, TWIN_JSON_ERROR_INVALID_VALUE, "%s: %s", field, problem);
  return FALSE;
}

static const cJSON *
member (const cJSON *object,
        const char  *name)
{
  return cJSON_GetObjectItemCaseSensitive (object, name);
}

/* Only these keys, so that a misspelt one is said, not ignored. */
static gboolean
known_keys (const cJSON         *object,
            const char          *where,
            const char * const  *keys,
            GError             **error)
{
  for (const cJSON *item = object->child; item != NULL; item = item->next)
    if (!g_strv_contains (keys, item->string))
      {
        g_autofree char *allowed = g_strjoinv (", ", (char **)keys);
        g_autofree char *field = *where ? g_strdup_printf ("%s.%s", where, item->string) : g_strdup (item->string);
        g_autofree char *problem = g_strdup_printf ("unknown field; allowed: %s", allowed);

        return refuse (error, field, problem);
      }
  return TRUE;
}

static gboolean
get_number (const cJSON  *object,
            const char   *where,
            const char   *name,
            double        min,
            double        max,
            double        fallback,
            double       *out,
            GError      **error)
{
  const cJSON *item = member (object, name);
  g_autofree char *field = *where ? g_strdup_printf ("%s.%s", where, name) : g_strdup (name);

  if (item == NULL && !isnan (fallback))
    {
      *out = fallback;
      return TRUE;
    }
  if (!cJSON_IsNumber (item) || !(item->valuedouble >= min && item->valuedouble <= max))
    {
      g_autofree char *shown = item != NULL ? cJSON_PrintUnformatted (item) : g_strdup ("missing");
      g_autofree char *problem = g_strdup_printf ("%s; allowed: a number from %s to %s", shown,
                                                  TWIN_NUM (min), TWIN_NUM (max));
      return refuse (error, field, problem);
    }
  *out = item->valuedouble;
  return TRUE;
}

static gboolean
is_text (const cJSON *item)
{
  return cJSON_IsString (item) && item->valuestring[0] != '\0' && strlen (item->valuestring) <= MAX_TEXT &&
         g_utf8_validate (item->valuestring, -1, NULL);
}

/* A language code as gettext names catalogues: fr, fr_CA, ast. */
static gboolean
is_language (const char *code)
{
  return g_regex_match_simple ("^[a-z]{2,3}(_[A-Z]{2})?$", code, 0, 0);
}

/* A text a trainee reads may come in several languages, {"en": …, "fr": …}:
 * the one of the user's locale is taken (fr for fr_CA when there is no
 * fr_CA), else the English one, which is required. */
static gboolean
read_text (const cJSON  *item,
           const char   *field,
           gboolean      translatable,
           char        **out,
           GError      **error)
{
  const char * const *languages = g_get_language_names ();
  const cJSON *text;

  if (is_text (item))
    {
      *out = g_strdup (item->valuestring);
      return TRUE;
    }
  if (!translatable || !cJSON_IsObject (item))
    return refuse (error, field, translatable ?
                   "allowed: a text of 1 to 2000 characters, or texts by language ({\"en\": …, \"fr\": …}, en required)" :
                   "allowed: a text of 1 to 2000 characters");
  cJSON_ArrayForEach (text, item)
    {
      g_autofree char *where = g_strdup_printf ("%s.%s", field, text->string);

      if (!is_language (text->string))
        return refuse (error, where, "allowed: language codes such as en, fr or pt_BR");
      if (!is_text (text))
        return refuse (error, where, "allowed: a text of 1 to 2000 characters");
    }
  if (member (item, "en") == NULL)
    return refuse (error, field, "missing en; allowed: texts by language, with en among them");
  for (guint i = 0; languages[i] != NULL; i++)
    if ((text = member (item, languages[i])) != NULL)
      break;
  *out = g_strdup ((text != NULL ? text : member (item, "en"))->valuestring);
  return TRUE;
}

static gboolean
get_text (const cJSON  *object,
          const char   *where,
          const char   *name,
          gboolean      required,
          char        **out,
          GError      **error)
{
  const cJSON *item = member (object, name);
  g_autofree char *field = *where ? g_strdup_printf ("%s.%s", where, name) : g_strdup (name);

  if (item == NULL && !required)
    return TRUE;
  return read_text (item, field, !g_str_equal (name, "id"), out, error);
}

static gboolean
get_choice (const cJSON         *object,
            const char          *where,
            const char          *name,
            const char * const  *choices,
            guint                n_choices,
            guint               *out,
            GError             **error)
{
  const cJSON *item = member (object, name);
  g_autofree char *field = g_strdup_printf ("%s.%s", where, name);
  g_autoptr(GString) allowed = g_string_new ("allowed: ");

  for (guint i = 0; i < n_choices; i++)
    if (choices[i] != NULL && cJSON_IsString (item) && g_str_equal (item->valuestring, choices[i]))
      {
        *out = i;
        return TRUE;
      }
  for (guint i = 0; i < n_choices; i++)
    if (choices[i] != NULL)
      g_string_append_printf (allowed, "%s%s", i > 0 ? ", " : "", choices[i]);
  return refuse (error, field, allowed->str);
}

/* A wire command limited to inputs, faults and the model. */
static gboolean
get_command (const cJSON  *object,
             const char   *field,
             TwinCommand  *command,
             GError      **error)
{
  if (!cJSON_IsObject (object))
    return refuse (error, field, "allowed: a command object, such as {\"ambient\": 35}");
  if (!twin_json_command_from_object (object, command, error) || !twin_command_validate (command, error))
    {
      g_prefix_error (error, "%s: ", field);
      return FALSE;
    }
  if (command->fields & ~SCENARIO_FIELDS)
    return refuse (error, field, "a scenario sets only ambient, rpm_setpoint, faults and model");
  command->source = TWIN_COMMAND_SOURCE_SCENARIO;
  return TRUE;
}

static gboolean
read_setup (const cJSON   *root,
            TwinScenario  *scenario,
            GError       **error)
{
  static const char * const starts[] = { "initial", "steady" };
  g_autoptr(cJSON) setup = cJSON_Duplicate (member (root, "setup"), TRUE);
  g_autoptr(cJSON) params = NULL;
  g_autoptr(cJSON) start = NULL;
  guint start_index = 0;

  if (setup == NULL)
    return TRUE;
  if (!cJSON_IsObject (setup))
    return refuse (error, "setup", "allowed: an object with model, ambient, rpm_setpoint, faults, params, start");
  params = cJSON_DetachItemFromObjectCaseSensitive (setup, "params");
  start = cJSON_DetachItemFromObjectCaseSensitive (setup, "start");
  if (!get_command (setup, "setup", &scenario->setup, error))
    return FALSE;
  if (params != NULL)
    {
      if (!cJSON_IsObject (params))
        return refuse (error, "setup.params", "allowed: an object of parameter values");
      for (const cJSON *p = params->child; p != NULL; p = p->next)
        if (!cJSON_IsNumber (p) || !twin_command_add_param (&scenario->setup, p->string, p->valuedouble, error))
          {
            g_autofree char *field = g_strdup_printf ("setup.params.%s", p->string);

            if (error != NULL && *error != NULL)
              g_prefix_error (error, "%s: ", field);
            else
              refuse (error, field, "allowed: a number");
            return FALSE;
          }
      if (!twin_command_validate (&scenario->setup, error))
        {
          g_prefix_error (error, "setup.params: ");
          return FALSE;
        }
    }
  if (start != NULL)
    {
      g_autoptr(cJSON) holder = cJSON_CreateObject ();

      cJSON_AddItemToObject (holder, "start", g_steal_pointer (&start));
      if (!get_choice (holder, "setup", "start", starts, G_N_ELEMENTS (starts), &start_index, error))
        return FALSE;
    }
  scenario->from_steady = start_index == 1;
  return TRUE;
}

static gboolean
read_timeline (const cJSON   *root,
               TwinScenario  *scenario,
               GError       **error)
{
  static const char * const keys[] = { "at", "set", "caption", "hidden", NULL };
  const cJSON *timeline = member (root, "timeline");
  const cJSON *item;
  double last = 0;
  guint i = 0;

  if (timeline == NULL)
    return TRUE;
  if (!cJSON_IsArray (timeline) || cJSON_GetArraySize (timeline) > MAX_ITEMS)
    return refuse (error, "timeline", "allowed: an array of up to 1000 items");

  cJSON_ArrayForEach (item, timeline)
    {
      g_autofree char *where = g_strdup_printf ("timeline[%u]", i++);
      TwinTimelineItem t = { 0 };
      const cJSON *hidden;

      if (!cJSON_IsObject (item))
        return refuse (error, where, "allowed: an object with at, and set or caption");
      if (!known_keys (item, where, keys, error) ||
          !get_number (item, where, "at", 0, scenario->duration, NAN, &t.at, error))
        return FALSE;
      if (t.at < last)
        return refuse (error, where, "items must be in time order");
      last = t.at;
      if (member (item, "set") != NULL)
        {
          g_autofree char *field = g_strdup_printf ("%s.set", where);

          if (!get_command (member (item, "set"), field, &t.command, error))
            return FALSE;
        }
      if (!get_text (item, where, "caption", FALSE, &t.caption, error))
        return FALSE;
      hidden = member (item, "hidden");
      if (hidden != NULL && !cJSON_IsBool (hidden))
        {
          g_free (t.caption);
          return refuse (error, where, "hidden: allowed: true or false");
        }
      t.hidden = cJSON_IsTrue (hidden);
      if (t.hidden && !(t.command.fields & (TWIN_COMMAND_COOLING_DEGRADED | TWIN_COMMAND_BEARING_DEFECT)))
        {
          g_free (t.caption);
          return refuse (error, where, "hidden is for an item that sets a fault");
        }
      if (t.command.fields == 0 && t.caption == NULL)
        return refuse (error, where, "an item sets something (set) or says something (caption)");
      g_array_append_val (scenario->timeline, t);
    }
  return TRUE;
}

static gboolean
read_check (const cJSON   *item,
            const char    *where,
            TwinScenario  *scenario,
            TwinCheck     *c,
            GError       **error)
{
  static const char * const keys[] = {
    "id", "title", "kind", "weight", "from", "to", "event", "expect", "channel", "min", "max",
    "penalty", "input", "below", "above", "fault", NULL
  };
  const char *channels[TWIN_N_CHANNELS] = { NULL };
  const char *events[TWIN_N_ALARMS] = { NULL };
  const char *inputs[] = { "ambient", "rpm_setpoint" };
  const cJSON *expect;
  guint kind, index;

  for (guint i = 0; i < TWIN_N_CHANNELS; i++)
    channels[i] = twin_channels[i].name;
  for (guint i = 0; i < TWIN_N_ALARMS; i++)
    events[i] = twin_alarm_get_name (twin_alarm_from_index (i));

  if (!cJSON_IsObject (item))
    return refuse (error, where, "allowed: an object with id, title, kind and weight");
  if (!known_keys (item, where, keys, error) ||
      !get_text (item, where, "id", TRUE, &c->id, error) ||
      !get_text (item, where, "title", TRUE, &c->title, error) ||
      !get_choice (item, where, "kind", check_kinds, TWIN_N_CHECK_KINDS, &kind, error) ||
      !get_number (item, where, "weight", 0, 1000, NAN, &c->weight, error) ||
      !get_number (item, where, "from", 0, scenario->duration, 0, &c->from, error) ||
      !get_number (item, where, "to", c->from, scenario->duration, scenario->duration, &c->to, error))
    return FALSE;
  c->kind = kind;

  switch (c->kind)
    {
    case TWIN_CHECK_EVENT:
      if (!get_choice (item, where, "event", events, TWIN_N_ALARMS, &index, error))
        return FALSE;
      c->event = twin_alarm_from_index (index);
      expect = member (item, "expect");
      if (expect != NULL && !cJSON_IsBool (expect))
        return refuse (error, where, "expect: allowed: true (it happens) or false (it does not)");
      c->expect = expect == NULL || cJSON_IsTrue (expect);
      break;
    case TWIN_CHECK_BOUNDS:
      if (!get_choice (item, where, "channel", channels, TWIN_N_CHANNELS, &index, error))
        return FALSE;
      c->channel = index;
      if (!get_number (item, where, "min", -G_MAXDOUBLE, G_MAXDOUBLE, -G_MAXDOUBLE, &c->min, error) ||
          !get_number (item, where, "max", c->min, G_MAXDOUBLE, G_MAXDOUBLE, &c->max, error) ||
          !get_number (item, where, "penalty", 0, 1000, 0, &c->penalty, error))
        return FALSE;
      if (member (item, "min") == NULL && member (item, "max") == NULL)
        return refuse (error, where, "a bounds check has min, max or both");
      break;
    case TWIN_CHECK_ACTS_BEFORE:
      if (!get_choice (item, where, "input", inputs, G_N_ELEMENTS (inputs), &index, error) ||
          !get_choice (item, where, "event", events, TWIN_N_ALARMS, &kind, error))
        return FALSE;
      c->input = index == 0 ? TWIN_COMMAND_AMBIENT : TWIN_COMMAND_RPM_SETPOINT;
      c->event = twin_alarm_from_index (kind);
      c->below = member (item, "below") != NULL;
      if (c->below == (member (item, "above") != NULL))
        return refuse (error, where, "an acts_before check has either below or above, the value to cross");
      if (!get_number (item, where, c->below ? "below" : "above", -G_MAXDOUBLE, G_MAXDOUBLE, NAN, &c->value, error))
        return FALSE;
      break;
    case TWIN_CHECK_DIAGNOSIS:
      if (!get_choice (item, where, "fault", faults, G_N_ELEMENTS (faults), &index, error))
        return FALSE;
      c->fault = g_strdup (faults[index]);
      break;
    case TWIN_N_CHECK_KINDS:
    default:
      g_assert_not_reached ();
    }
  return TRUE;
}

static gboolean
read_checks (const cJSON   *root,
             TwinScenario  *scenario,
             GError       **error)
{
  const cJSON *checks = member (root, "checks");
  const cJSON *item;
  guint i = 0;

  if (!cJSON_IsArray (checks) || cJSON_GetArraySize (checks) == 0 || cJSON_GetArraySize (checks) > MAX_ITEMS)
    return refuse (error, "checks", "allowed: an array of 1 to 1000 checks");
  cJSON_ArrayForEach (item, checks)
    {
      g_autofree char *where = g_strdup_printf ("checks[%u]", i++);
      TwinCheck c = { 0 };

      g_array_append_val (scenario->checks, c);
      if (!read_check (item, where, scenario, &g_array_index (scenario->checks, TwinCheck, i - 1), error))
        return FALSE;
    }
  return TRUE;
}

/**
 * twin_json_scenario_parse:
 * @id: what the scenario is called by: its file name without ".json"
 *
 * Returns: (transfer full) (nullable): the scenario, or %NULL with @error
 *   naming the field at fault
 */
TwinScenario *
twin_json_scenario_parse (const char  *data,
                          gsize        length,
                          const char  *id,
                          GError     **error)
{
  static const char * const keys[] = {
    "$schema", "title", "description", "setup", "duration", "time_scale", "pass_mark", "hint_cost",
    "hints", "timeline", "checks", NULL
  };
  g_autoptr(TwinScenario) scenario = twin_scenario_new ();
  g_autoptr(cJSON) root = NULL;
  const cJSON *hints, *hint;

  if (!twin_json_check_payload (data, length, MAX_SCENARIO_SIZE, error) ||
      (root = twin_json_parse_object_bounded (data, length, MAX_VALUES, error)) == NULL)
    return NULL;

  scenario->id = g_strdup (id);
  if (!known_keys (root, "", keys, error) ||
      !get_text (root, "", "title", TRUE, &scenario->title, error) ||
      !get_text (root, "", "description", TRUE, &scenario->description, error) ||
      !get_number (root, "", "duration", 1, 1e7, NAN, &scenario->duration, error) ||
      !get_number (root, "", "time_scale", twin_inputs[TWIN_INPUT_TIME_SCALE].min,
                   twin_inputs[TWIN_INPUT_TIME_SCALE].max, 1, &scenario->time_scale, error) ||
      !get_number (root, "", "pass_mark", 0, 100, 50, &scenario->pass_mark, error) ||
      !get_number (root, "", "hint_cost", 0, 100, 0, &scenario->hint_cost, error) ||
      !read_setup (root, scenario, error) ||
      !read_timeline (root, scenario, error) ||
      !read_checks (root, scenario, error))
    return NULL;

  hints = member (root, "hints");
  if (hints != NULL && (!cJSON_IsArray (hints) || cJSON_GetArraySize (hints) > 20))
    {
      refuse (error, "hints", "allowed: an array of up to 20 texts");
      return NULL;
    }
  cJSON_ArrayForEach (hint, hints)
    {
      g_autofree char *field = g_strdup_printf ("hints[%u]", scenario->hints->len);
      char *text;

      if (!read_text (hint, field, TRUE, &text, error))
        return NULL;
      g_ptr_array_add (scenario->hints, text);
    }
  return g_steal_pointer (&scenario);
}

/**
 * twin_json_scenario_load:
 *
 * Reads the scenario file @path; errors start with the file's name.
 */
TwinScenario *
twin_json_scenario_load (const char  *path,
                         GError     **error)
{
  g_autofree char *data = NULL;
  g_autofree char *base = g_path_get_basename (path);
  gsize length;
  TwinScenario *scenario;

  if (!g_file_get_contents (path, &data, &length, error))
    return NULL;
  if (g_str_has_suffix (base, ".json"))
    base[strlen (base) - 5] = '\0';
  scenario = twin_json_scenario_parse (data, length, base, error);
  if (scenario == NULL)
    g_prefix_error (error, "scenario %s: ", path);
  return scenario;
}
