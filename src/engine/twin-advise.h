/* twin-advise.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "twin-ensemble.h"

G_BEGIN_DECLS

#define TWIN_ADVICE_MAX_INTERVALS 16

/* Which values of one input keep the machine out of a condition within
 * the horizon, at a confidence, over the input's slider travel. */
typedef struct
{
  TwinInput vary;              /* TWIN_INPUT_AMBIENT or TWIN_INPUT_RPM_SETPOINT */
  guint     avoid;             /* TwinAlarm flags, none active within the horizon */
  double    rul_hours_min;     /* and RUL at the horizon at least this; 0: no such condition */
  double    confidence;        /* fraction of members that must keep to it */
  double    horizon;
  guint     n_members;
} TwinAdviseSpec;

typedef struct
{
  double low;
  double high;
} TwinInterval;

typedef struct
{
  TwinInput    vary;
  double       resolution;     /* of the boundaries, in the input's unit */
  guint        n_intervals;
  TwinInterval intervals[TWIN_ADVICE_MAX_INTERVALS];
} TwinAdvice;

void        twin_advise_spec_init      (TwinAdviseSpec        *spec);
gboolean    twin_advise_spec_validate  (const TwinAdviseSpec  *spec,
                                        GError               **error);
gboolean    twin_advise_member_keeps   (const TwinAdviseSpec  *spec,
                                        const TwinForecast    *forecast);
TwinAdvice *twin_advise_run            (const TwinSim         *start,
                                        const TwinAdviseSpec  *spec,
                                        guint                  n_threads,
                                        GCancellable          *cancellable,
                                        GError               **error);
double      twin_advice_nearest        (const TwinAdvice      *advice,
                                        double                 value);

G_END_DECLS
