/* twin-test-sim.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "twin-json.h"
#include "twin-json-sim.h"
#include "twin-test-sim.h"

/* The keyframe JSON: every number reads back to the same double. */
char *
twin_test_sim_json (TwinEngine *engine)
{
  TwinSim sim;
  g_autoptr(cJSON) object = NULL;
  char *text, *ret;

  twin_engine_get_sim (engine, &sim);
  object = twin_json_sim_object (&sim);
  text = cJSON_PrintUnformatted (object);
  ret = g_strdup (text);
  cJSON_free (text);
  return ret;
}

/* The state as the wire shows it, less the wall-clock time. */
char *
twin_test_state_json (TwinEngine *engine)
{
  TwinSnapshot snapshot;

  twin_engine_get_snapshot (engine, &snapshot);
  snapshot.wall_time = 0;
  return twin_json_encode_state (&snapshot, NULL);
}
