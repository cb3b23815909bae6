/* fuzz-reading.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Any bytes as a sensor reading on <prefix>/sensors: accepted only with
 * the four values finite and within the model's bounds.
 */

#include "twin-fuzz.h"
#include "twin-json.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  twin_fuzz_init_logging (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  TwinReading reading;

  if (!twin_json_parse_reading ((const char *)data, size, &reading, &error))
    {
      FUZZ_CHECK (error != NULL && *error->message != '\0', "refused without a message");
      FUZZ_CHECK (g_utf8_validate (error->message, -1, NULL), "message not UTF-8: %s", error->message);
      return 0;
    }

  FUZZ_CHECK_IN_RANGE ("temperature", reading.temperature, TWIN_TEMPERATURE_MIN, TWIN_TEMPERATURE_MAX);
  FUZZ_CHECK_IN_RANGE ("vibration", reading.vibration, TWIN_VIBRATION_MIN, TWIN_VIBRATION_MAX);
  FUZZ_CHECK_IN_RANGE ("rpm", reading.rpm, TWIN_RPM_MIN, TWIN_RPM_MAX);
  FUZZ_CHECK_IN_RANGE ("timestamp", reading.timestamp, 0, TWIN_TIMESTAMP_MAX);

  return 0;
}
