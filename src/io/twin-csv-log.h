/* twin-csv-log.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "twin-engine.h"

G_BEGIN_DECLS

/* What the history's samples do not hold, from @time on: the alarms
 * (tripped among them), the faults and the model. */
typedef struct
{
  double   time;              /* simulated s */
  guint    alarms;            /* TwinAlarm flags */
  gboolean cooling_degraded;
  gboolean bearing_defect;
  char     model[32];
} TwinCsvMark;

typedef struct _TwinCsvLog TwinCsvLog;

TwinCsvLog        *twin_csv_log_new        (TwinEngine        *engine);
void               twin_csv_log_free       (TwinCsvLog        *self);
TwinEngine        *twin_csv_log_get_engine (const TwinCsvLog  *self);
const TwinCsvMark *twin_csv_log_get_marks  (const TwinCsvLog  *self,
                                            guint             *n_marks);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TwinCsvLog, twin_csv_log_free)

G_END_DECLS
