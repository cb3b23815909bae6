/* twin-scenario.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "twin-command.h"
#include "twin-snapshot.h"

G_BEGIN_DECLS

typedef enum
{
  TWIN_CHECK_EVENT,         /* an alarm or the trip happens (or not) within a window */
  TWIN_CHECK_BOUNDS,        /* a channel stays within bounds over a window */
  TWIN_CHECK_ACTS_BEFORE,   /* the operator moves an input past a value before an event */
  TWIN_CHECK_DIAGNOSIS,     /* the operator names the hidden fault */
  TWIN_N_CHECK_KINDS
} TwinCheckKind;

typedef enum
{
  TWIN_CHECK_PENDING,
  TWIN_CHECK_PASSED,
  TWIN_CHECK_FAILED,
} TwinCheckStatus;

typedef struct
{
  char          *id;
  char          *title;
  TwinCheckKind  kind;
  double         weight;          /* points, before the score is scaled to 100 */
  double         from;            /* simulated s of the scenario */
  double         to;

  TwinAlarm      event;           /* EVENT; ACTS_BEFORE: the event to beat */
  gboolean       expect;          /* EVENT: happens (TRUE) or does not */

  TwinChannel    channel;         /* BOUNDS */
  double         min;
  double         max;
  double         penalty;         /* BOUNDS: points per second out of bounds */

  TwinCommandField input;         /* ACTS_BEFORE: ambient or rpm_setpoint */
  double         value;
  gboolean       below;           /* crossing downwards (TRUE) or upwards */

  char          *fault;           /* DIAGNOSIS: cooling_degraded or bearing_defect */
} TwinCheck;

typedef struct
{
  double       at;                /* simulated s of the scenario */
  TwinCommand  command;           /* fields 0: a caption alone */
  char        *caption;           /* nullable */
  gboolean     hidden;            /* a fault the window does not show */
} TwinTimelineItem;

typedef struct
{
  char        *id;                /* the file's name without .json */
  char        *title;
  char        *description;
  TwinCommand  setup;             /* model, parameters, inputs, faults */
  gboolean     from_steady;       /* start from the steady state of the setup */
  double       duration;          /* simulated s */
  double       time_scale;        /* suggested */
  double       pass_mark;         /* 0..100 */
  double       hint_cost;         /* points per hint used */
  GArray      *timeline;          /* TwinTimelineItem, by time */
  GArray      *checks;            /* TwinCheck */
  GPtrArray   *hints;             /* char * */
} TwinScenario;

TwinScenario *twin_scenario_new          (void);
void          twin_scenario_free         (TwinScenario *scenario);
double        twin_scenario_total_weight (const TwinScenario *scenario);
gboolean      twin_scenario_hides_fault  (const TwinScenario *scenario,
                                          const char         *fault);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TwinScenario, twin_scenario_free)

G_END_DECLS
