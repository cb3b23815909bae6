/* fuzz-whatif.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Any bytes as a predict or an advise request (the first byte says
 * which): accepted only with every bound kept (horizon, members, a
 * schedule in time order within the horizon, inputs and faults only, in
 * range), or refused with a UTF-8 message naming what was wrong.
 */

#include <string.h>

#include "twin-fuzz.h"
#include "twin-json-whatif.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  twin_fuzz_init_logging (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

static void
check_inputs (const TwinCommand *command)
{
  FUZZ_CHECK ((command->fields & ~TWIN_WHATIF_INPUT_FIELDS) == 0, "fields %#x", command->fields);
  if (command->fields & TWIN_COMMAND_AMBIENT)
    FUZZ_CHECK_IN_RANGE ("ambient", command->ambient, twin_inputs[TWIN_INPUT_AMBIENT].min,
                         twin_inputs[TWIN_INPUT_AMBIENT].max);
  if (command->fields & TWIN_COMMAND_RPM_SETPOINT)
    FUZZ_CHECK_IN_RANGE ("rpm_setpoint", command->rpm_setpoint, twin_inputs[TWIN_INPUT_RPM_SETPOINT].min,
                         twin_inputs[TWIN_INPUT_RPM_SETPOINT].max);
}

static void
check_predict (const TwinPredictRequest *request)
{
  const TwinForecastSpec *spec = &request->spec;

  FUZZ_CHECK_IN_RANGE ("horizon", spec->horizon, TWIN_FORECAST_HORIZON_MIN, TWIN_WHATIF_HORIZON_MAX);
  FUZZ_CHECK (request->n_members <= TWIN_WHATIF_MEMBERS_MAX, "members %u", request->n_members);
  FUZZ_CHECK (spec->n_schedule <= TWIN_FORECAST_MAX_SCHEDULE, "schedule of %u", spec->n_schedule);
  if (spec->has_change)
    check_inputs (&spec->change);
  for (guint i = 0; i < spec->n_schedule; i++)
    {
      FUZZ_CHECK_IN_RANGE ("at", spec->schedule[i].at, i > 0 ? spec->schedule[i - 1].at : 0, spec->horizon);
      check_inputs (&spec->schedule[i].command);
    }
}

static void
check_advise (const TwinAdviseSpec *spec)
{
  FUZZ_CHECK (spec->vary == TWIN_INPUT_AMBIENT || spec->vary == TWIN_INPUT_RPM_SETPOINT, "vary %d", spec->vary);
  FUZZ_CHECK (spec->avoid < (1u << TWIN_N_ALARMS), "avoid %#x", spec->avoid);
  FUZZ_CHECK (spec->avoid != 0 || spec->rul_hours_min > 0, "no condition");
  FUZZ_CHECK_IN_RANGE ("rul_hours_min", spec->rul_hours_min, 0, TWIN_RUL_HOURS_MAX);
  FUZZ_CHECK_IN_RANGE ("confidence", spec->confidence, 0.5, 1);
  FUZZ_CHECK_IN_RANGE ("horizon", spec->horizon, TWIN_FORECAST_HORIZON_MIN, TWIN_WHATIF_HORIZON_MAX);
  FUZZ_CHECK (spec->n_members >= 1 && spec->n_members <= TWIN_WHATIF_MEMBERS_MAX, "members %u", spec->n_members);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) root = NULL;
  gboolean advise;
  gboolean ok;

  if (size == 0)
    return 0;
  advise = data[0] & 1;
  data++;
  size--;

  if (!twin_json_check_payload ((const char *)data, size, TWIN_JSON_MAX_COMMAND_SIZE, &error) ||
      (root = twin_json_parse_object_bounded ((const char *)data, size, TWIN_JSON_MAX_REQUEST_VALUES, &error)) == NULL)
    ok = FALSE;
  else if (advise)
    {
      TwinAdviseSpec spec;

      if ((ok = twin_json_read_advise (root, &spec, &error)))
        check_advise (&spec);
    }
  else
    {
      TwinPredictRequest request;

      if ((ok = twin_json_read_predict (root, &request, &error)))
        check_predict (&request);
    }

  if (!ok)
    {
      FUZZ_CHECK (error != NULL && *error->message != '\0', "refused without a message");
      FUZZ_CHECK (g_utf8_validate (error->message, -1, NULL), "message not UTF-8: %s", error->message);
    }
  else
    FUZZ_CHECK (error == NULL, "accepted with an error: %s", error->message);

  return 0;
}
