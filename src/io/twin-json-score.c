/* twin-json-score.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A scenario's score sheet as JSON: the total, the pass mark, and each
 * check with its status and points.
 */

#define G_LOG_DOMAIN "twin-json"

#include "config.h"

#include <math.h>

#include "twin-json.h"
#include "twin-json-score.h"

/* Points and scores to a tenth, as people read them. */
static cJSON *
points (double value)
{
  return twin_json_number (round (value * 10) / 10);
}

static const char *
status_name (TwinCheckStatus status)
{
  static const char * const names[] = {
    [TWIN_CHECK_PENDING] = "pending",
    [TWIN_CHECK_PASSED] = "passed",
    [TWIN_CHECK_FAILED] = "failed",
  };

  return names[status];
}

/**
 * twin_json_score_sheet:
 *
 * Returns: (transfer full): the score sheet of @score, as it stands
 */
char *
twin_json_score_sheet (const TwinScenario *scenario,
                       TwinScore          *score)
{
  g_autoptr(cJSON) root = cJSON_CreateObject ();
  cJSON *checks;
  char *text, *ret;

  cJSON_AddStringToObject (root, "scenario", scenario->id);
  cJSON_AddStringToObject (root, "title", scenario->title);
  cJSON_AddItemToObject (root, "score", points (twin_score_get_total (score)));
  cJSON_AddItemToObject (root, "pass_mark", twin_json_number (scenario->pass_mark));
  cJSON_AddBoolToObject (root, "finished", twin_score_is_finished (score));
  cJSON_AddBoolToObject (root, "passed", twin_score_passed (score));
  cJSON_AddNumberToObject (root, "failed", twin_score_get_failed (score));
  cJSON_AddNumberToObject (root, "hints_used", twin_score_get_hints_used (score));
  checks = cJSON_AddArrayToObject (root, "checks");
  for (guint i = 0; i < scenario->checks->len; i++)
    {
      const TwinCheck *c = &g_array_index (scenario->checks, TwinCheck, i);
      const TwinCheckResult *r = twin_score_get_result (score, i);
      cJSON *item = cJSON_CreateObject ();

      cJSON_AddStringToObject (item, "id", c->id);
      cJSON_AddStringToObject (item, "title", c->title);
      cJSON_AddStringToObject (item, "status", status_name (r->status));
      cJSON_AddItemToObject (item, "points", points (r->points));
      cJSON_AddItemToObject (item, "weight", twin_json_number (c->weight));
      cJSON_AddItemToObject (item, "decided_at", r->status == TWIN_CHECK_PENDING ? cJSON_CreateNull ()
                                                                                 : twin_json_number (r->decided_at));
      if (c->kind == TWIN_CHECK_BOUNDS)
        cJSON_AddItemToObject (item, "out_seconds", twin_json_number (r->out_seconds));
      cJSON_AddItemToArray (checks, item);
    }
  text = cJSON_PrintUnformatted (root);
  ret = g_strdup (text);
  cJSON_free (text);
  return ret;
}
