/* twin-score.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "twin-scenario.h"

G_BEGIN_DECLS

typedef struct
{
  TwinCheckStatus status;
  double          points;
  double          out_seconds;   /* bounds: simulated s out of bounds */
  double          decided_at;    /* the scenario's simulated s */
} TwinCheckResult;

typedef struct _TwinScore TwinScore;

TwinScore             *twin_score_new            (const TwinScenario   *scenario,
                                                  double                sample_interval);
void                   twin_score_free           (TwinScore            *self);
void                   twin_score_sample         (TwinScore            *self,
                                                  const TwinSnapshot   *snapshot,
                                                  double                t);
void                   twin_score_alarm          (TwinScore            *self,
                                                  const TwinAlarmEvent *event,
                                                  double                t);
void                   twin_score_command        (TwinScore            *self,
                                                  const TwinCommand    *command,
                                                  double                t);
gboolean               twin_score_diagnose       (TwinScore            *self,
                                                  const char           *fault,
                                                  double                t);
void                   twin_score_use_hint       (TwinScore            *self);
void                   twin_score_finish         (TwinScore            *self,
                                                  double                t);
gboolean               twin_score_is_finished    (TwinScore            *self);
const TwinCheckResult *twin_score_get_result     (TwinScore            *self,
                                                  guint                 i);
guint                  twin_score_get_hints_used (TwinScore            *self);
double                 twin_score_get_total      (TwinScore            *self);
guint                  twin_score_get_failed     (TwinScore            *self);
gboolean               twin_score_passed         (TwinScore            *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TwinScore, twin_score_free)

G_END_DECLS
