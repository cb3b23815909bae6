/* twin-fields.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "twin-fields.h"
#include "twin-model.h"

const TwinField twin_inputs[TWIN_N_INPUTS] = {
  [TWIN_INPUT_AMBIENT] = {
    .name = "ambient", .option = "ambient", .title = TWIN_N_("Ambient temperature"), .unit = "°C",
    .min = TWIN_AMBIENT_MIN, .max = TWIN_AMBIENT_MAX, .default_value = 22.0,
    .slider_min = -20.0, .slider_max = 50.0, .step = 0.5, .page = 5.0, .digits = 1,
  },
  [TWIN_INPUT_RPM_SETPOINT] = {
    .name = "rpm_setpoint", .option = "rpm", .title = TWIN_N_("Speed setpoint"), .unit = "rpm",
    .min = TWIN_RPM_SETPOINT_MIN, .max = TWIN_RPM_SETPOINT_MAX, .default_value = 1500.0,
    .slider_min = TWIN_RPM_SETPOINT_MIN, .slider_max = TWIN_RPM_SETPOINT_MAX,
    .step = 10.0, .page = 100.0, .digits = 0,
  },
  [TWIN_INPUT_TIME_SCALE] = {
    .name = "time_scale", .option = "time-scale", .title = TWIN_N_("Time scale"), .unit = "×",
    .description = "Simulated seconds per wall-clock second",
    .min = 0.1, .max = 10000.0, .default_value = 1.0,
    .slider_min = 0.1, .slider_max = 10000.0, .step = 1.0, .page = 10.0, .digits = 1,
  },
};

const TwinField twin_channels[TWIN_N_CHANNELS] = {
  [TWIN_CHANNEL_TEMPERATURE] = {
    .name = "temperature", .title = TWIN_N_("Temperature"), .unit = "°C",
    .min = TWIN_TEMPERATURE_MIN, .max = TWIN_TEMPERATURE_MAX, .digits = 1,
  },
  [TWIN_CHANNEL_VIBRATION] = {
    .name = "vibration", .title = TWIN_N_("Vibration"), .unit = "mm/s",
    .description = "Vibration velocity, mm/s RMS",
    .min = TWIN_VIBRATION_MIN, .max = TWIN_VIBRATION_MAX, .digits = 2,
  },
  [TWIN_CHANNEL_RPM] = {
    .name = "rpm", .title = TWIN_N_("Speed"), .unit = "rpm",
    .min = TWIN_RPM_MIN, .max = TWIN_RPM_MAX, .digits = 0,
  },
  [TWIN_CHANNEL_WEAR] = {
    .name = "wear", .title = TWIN_N_("Wear"), .unit = "fraction",
    .description = "Wear, 0 (new) to 1 (worn out)",
    .min = TWIN_WEAR_MIN, .max = TWIN_WEAR_MAX, .digits = 3,
  },
  [TWIN_CHANNEL_AMBIENT] = {
    .name = "ambient", .title = TWIN_N_("Ambient temperature"), .unit = "°C",
    .min = TWIN_AMBIENT_MIN, .max = TWIN_AMBIENT_MAX, .digits = 1,
  },
  [TWIN_CHANNEL_RPM_SETPOINT] = {
    .name = "rpm_setpoint", .title = TWIN_N_("Speed setpoint"), .unit = "rpm",
    .min = TWIN_RPM_SETPOINT_MIN, .max = TWIN_RPM_SETPOINT_MAX, .digits = 0,
  },
};
