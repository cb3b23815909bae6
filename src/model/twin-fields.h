/* twin-fields.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The facts about each input and each recorded channel, written once:
 * JSON, schemas, --help, the window's controls, CSV and the plot take
 * them from here.
 */

#pragma once

#ifdef __cplusplus
extern "C" {
#endif

/* Titles are marked for translation; the GUI translates them. */
#define TWIN_N_(text) text

typedef struct
{
  const char *name;          /* on the wire: JSON, CSV, REST, command line */
  const char *option;        /* on the command line (--OPTION), or NULL */
  const char *title;         /* for people */
  const char *unit;          /* "" for none */
  const char *description;   /* for schemas and --help, where the title says too little */
  double      min;           /* the valid range */
  double      max;
  double      default_value;
  double      slider_min;    /* a slider's travel, where narrower than the range */
  double      slider_max;
  double      step;          /* a control's step and page */
  double      page;
  int         digits;        /* shown after the decimal point */
} TwinField;

typedef enum
{
  TWIN_INPUT_AMBIENT,
  TWIN_INPUT_RPM_SETPOINT,
  TWIN_INPUT_TIME_SCALE,
  TWIN_N_INPUTS
} TwinInput;

/* The series a history sample holds, in this order. */
typedef enum
{
  TWIN_CHANNEL_TEMPERATURE,
  TWIN_CHANNEL_VIBRATION,
  TWIN_CHANNEL_RPM,
  TWIN_CHANNEL_WEAR,
  TWIN_CHANNEL_AMBIENT,
  TWIN_CHANNEL_RPM_SETPOINT,
  TWIN_N_CHANNELS
} TwinChannel;

extern const TwinField twin_inputs[TWIN_N_INPUTS];
extern const TwinField twin_channels[TWIN_N_CHANNELS];

#ifdef __cplusplus
}
#endif
