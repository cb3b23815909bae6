/* fuzz-scenario.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Any bytes as a scenario file: refused with a message, or read with
 * every number within its documented range, the timeline in order within
 * the duration, and texts valid UTF-8; then played for up to two
 * simulated minutes, its score staying within 0 to 100.
 */

#include "twin-fuzz.h"
#include "twin-json-scenario.h"
#include "twin-scenario-run.h"

#define PLAYED_S 120.0

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  twin_fuzz_init_logging (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

static void
check_read (const TwinScenario *s)
{
  double last = 0;

  FUZZ_CHECK_IN_RANGE ("duration", s->duration, 1, 1e7);
  FUZZ_CHECK_IN_RANGE ("pass_mark", s->pass_mark, 0, 100);
  FUZZ_CHECK_IN_RANGE ("hint_cost", s->hint_cost, 0, 100);
  FUZZ_CHECK (g_utf8_validate (s->title, -1, NULL) && *s->title != '\0', "title");
  FUZZ_CHECK (g_utf8_validate (s->description, -1, NULL), "description");
  FUZZ_CHECK (s->checks->len > 0, "no checks");
  for (guint i = 0; i < s->timeline->len; i++)
    {
      const TwinTimelineItem *t = &g_array_index (s->timeline, TwinTimelineItem, i);

      FUZZ_CHECK_IN_RANGE ("timeline.at", t->at, last, s->duration);
      FUZZ_CHECK (t->caption == NULL || g_utf8_validate (t->caption, -1, NULL), "caption");
      last = t->at;
    }
  for (guint i = 0; i < s->checks->len; i++)
    {
      const TwinCheck *c = &g_array_index (s->checks, TwinCheck, i);

      FUZZ_CHECK_IN_RANGE ("checks.weight", c->weight, 0, 1000);
      FUZZ_CHECK (g_utf8_validate (c->title, -1, NULL), "check title");
    }
  for (guint i = 0; i < s->hints->len; i++)
    FUZZ_CHECK (g_utf8_validate (g_ptr_array_index (s->hints, i), -1, NULL), "hint");
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TwinEngine) engine = NULL;
  g_autoptr(TwinScenarioRun) run = NULL;
  TwinScenario *scenario = twin_json_scenario_parse ((const char *)data, size, "fuzz", &error);
  double total;

  if (scenario == NULL)
    {
      FUZZ_CHECK (error != NULL && *error->message != '\0', "refused without a message");
      FUZZ_CHECK (g_utf8_validate (error->message, -1, NULL), "message not UTF-8: %s", error->message);
      return 0;
    }
  check_read (scenario);

  engine = twin_engine_new_full (4096, 0.1);
  run = twin_scenario_run_new (engine, scenario, &error);
  if (run == NULL)
    {
      FUZZ_CHECK (error != NULL && *error->message != '\0', "run refused without a message");
      return 0;
    }
  twin_scenario_run_start (run);
  twin_scenario_run_advance (run, MIN (twin_scenario_run_get_scenario (run)->duration, PLAYED_S));
  total = twin_score_get_total (twin_scenario_run_get_score (run));
  FUZZ_CHECK_IN_RANGE ("score", total, 0, 100);
  return 0;
}
