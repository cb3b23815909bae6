/* fuzz-command.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Any bytes as an MQTT or REST command: accepted only whole, every number
 * finite and in range; refused with a message that the reply carries as
 * valid UTF-8 JSON.
 */

#include <string.h>

#include "twin-fuzz.h"
#include "twin-json.h"
#include "twin-sim.h"

static void
check_reply (const char   *id_json,
             const GError *error)
{
  g_autofree char *reply = twin_json_command_reply (id_json, error);
  cJSON *root;

  FUZZ_CHECK (g_utf8_validate (reply, -1, NULL), "reply %s", reply);
  root = cJSON_Parse (reply);
  FUZZ_CHECK (cJSON_IsObject (root), "reply %s", reply);
  FUZZ_CHECK (cJSON_IsBool (cJSON_GetObjectItem (root, "ok")), "reply %s", reply);
  cJSON_Delete (root);
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  twin_fuzz_init_logging (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

/* Only what the wire table names: the parser sets no other field. */
static guint
wire_flags (void)
{
  guint n, flags = 0;
  const TwinCommandWireField *fields = twin_command_wire_fields (&n);

  for (guint i = 0; i < n; i++)
    flags |= fields[i].flag;
  return flags;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id_json = NULL;
  TwinCommand command;

  if (!twin_json_parse_command ((const char *)data, size, &command, &id_json, &error))
    {
      FUZZ_CHECK (error != NULL && *error->message != '\0', "refused without a message");
      FUZZ_CHECK (g_utf8_validate (error->message, -1, NULL), "message not UTF-8: %s", error->message);
      check_reply (id_json, error);
      return 0;
    }

  FUZZ_CHECK (error == NULL, "accepted with an error: %s", error->message);
  FUZZ_CHECK ((command.fields & ~wire_flags ()) == 0, "fields %#x", command.fields);

  /* The parser checks syntax and types; ranges are checked where the
   * command is applied, which a sim does here as the engine would. */
  {
    TwinSim sim;
    const TwinField *ambient = &twin_inputs[TWIN_INPUT_AMBIENT];
    const TwinField *setpoint = &twin_inputs[TWIN_INPUT_RPM_SETPOINT];
    const TwinField *time_scale = &twin_inputs[TWIN_INPUT_TIME_SCALE];

    twin_sim_init (&sim);
    if (!twin_sim_apply (&sim, &command, &error))
      {
        FUZZ_CHECK (error != NULL && *error->message != '\0', "refused without a message");
        FUZZ_CHECK (g_utf8_validate (error->message, -1, NULL), "message not UTF-8: %s", error->message);
        check_reply (id_json, error);
        return 0;
      }
    FUZZ_CHECK_IN_RANGE ("ambient", sim.inputs.ambient, ambient->min, ambient->max);
    FUZZ_CHECK_IN_RANGE ("rpm_setpoint", sim.inputs.rpm_setpoint, setpoint->min, setpoint->max);
    if (command.fields & TWIN_COMMAND_TIME_SCALE)
      FUZZ_CHECK_IN_RANGE ("time_scale", command.time_scale, time_scale->min, time_scale->max);
    if (command.fields & TWIN_COMMAND_MODEL)
      FUZZ_CHECK (twin_model_lookup (command.model) != NULL && sim.model == twin_model_lookup (command.model),
                  "model %s", command.model);
  }

  if (id_json != NULL)
    {
      cJSON *id = cJSON_Parse (id_json);

      FUZZ_CHECK (cJSON_IsString (id) || (cJSON_IsNumber (id) && isfinite (id->valuedouble)),
                  "id %s", id_json);
      cJSON_Delete (id);
    }
  check_reply (id_json, NULL);

  return 0;
}
