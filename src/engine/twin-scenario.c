/* twin-scenario.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A training scenario as the engine needs it: a setup, a timeline of
 * commands and captions at simulated times, and the checks that score it.
 * Files are read in io (twin-json-scenario.c).
 */

#define G_LOG_DOMAIN "twin-scenario"

#include "config.h"

#include "twin-scenario.h"

static void
timeline_item_clear (TwinTimelineItem *item)
{
  g_clear_pointer (&item->caption, g_free);
}

static void
check_clear (TwinCheck *check)
{
  g_clear_pointer (&check->id, g_free);
  g_clear_pointer (&check->title, g_free);
  g_clear_pointer (&check->fault, g_free);
}

TwinScenario *
twin_scenario_new (void)
{
  TwinScenario *scenario = g_new0 (TwinScenario, 1);

  scenario->timeline = g_array_new (FALSE, TRUE, sizeof (TwinTimelineItem));
  g_array_set_clear_func (scenario->timeline, (GDestroyNotify)timeline_item_clear);
  scenario->checks = g_array_new (FALSE, TRUE, sizeof (TwinCheck));
  g_array_set_clear_func (scenario->checks, (GDestroyNotify)check_clear);
  scenario->hints = g_ptr_array_new_with_free_func (g_free);
  scenario->time_scale = 1;
  return scenario;
}

void
twin_scenario_free (TwinScenario *scenario)
{
  if (scenario == NULL)
    return;

  g_free (scenario->id);
  g_free (scenario->title);
  g_free (scenario->description);
  g_array_unref (scenario->timeline);
  g_array_unref (scenario->checks);
  g_ptr_array_unref (scenario->hints);
  g_free (scenario);
}

double
twin_scenario_total_weight (const TwinScenario *scenario)
{
  double total = 0;

  for (guint i = 0; i < scenario->checks->len; i++)
    total += g_array_index (scenario->checks, TwinCheck, i).weight;
  return total;
}

/**
 * twin_scenario_hides_fault:
 * @fault: "cooling_degraded" or "bearing_defect"
 *
 * Returns: whether the timeline sets @fault hidden: the window then shows
 *   neither its switch's state nor its marker
 */
gboolean
twin_scenario_hides_fault (const TwinScenario *scenario,
                           const char         *fault)
{
  TwinCommandField flag = g_str_equal (fault, "cooling_degraded") ? TWIN_COMMAND_COOLING_DEGRADED
                                                                  : TWIN_COMMAND_BEARING_DEFECT;

  for (guint i = 0; i < scenario->timeline->len; i++)
    {
      const TwinTimelineItem *item = &g_array_index (scenario->timeline, TwinTimelineItem, i);

      if (item->hidden && (item->command.fields & flag))
        return TRUE;
    }
  return FALSE;
}
