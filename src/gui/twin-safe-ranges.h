/* twin-safe-ranges.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "twin-engine.h"
#include "twin-forecaster.h"
#include "twin-safe-scale.h"

G_BEGIN_DECLS

/* What "safe" means on the sliders. */
typedef enum
{
  TWIN_SAFE_NO_WARNING,
  TWIN_SAFE_NO_TRIP,
  TWIN_SAFE_RUL_ABOVE,
  TWIN_N_SAFE_CONDITIONS
} TwinSafeCondition;

#define TWIN_SAFE_CONFIDENCE 0.9

#define TWIN_TYPE_SAFE_RANGES (twin_safe_ranges_get_type ())

G_DECLARE_FINAL_TYPE (TwinSafeRanges, twin_safe_ranges, TWIN, SAFE_RANGES, GObject)

const char     *twin_safe_condition_to_string   (TwinSafeCondition  condition);
gboolean        twin_safe_condition_from_string (const char        *name,
                                                 TwinSafeCondition *condition);
const char     *twin_safe_condition_title       (TwinSafeCondition  condition);

TwinSafeRanges *twin_safe_ranges_new            (TwinEngine        *engine,
                                                 TwinForecaster    *forecaster,
                                                 TwinSafeScale     *ambient,
                                                 TwinSafeScale     *rpm_setpoint);
void            twin_safe_ranges_set_condition  (TwinSafeRanges    *self,
                                                 TwinSafeCondition  condition,
                                                 double             rul_hours);
void            twin_safe_ranges_set_horizon    (TwinSafeRanges    *self,
                                                 double             horizon);
void            twin_safe_ranges_set_branch     (TwinSafeRanges    *self,
                                                 const TwinCommand *branch);
void            twin_safe_ranges_request        (TwinSafeRanges    *self);
void            twin_safe_ranges_set_hidden     (TwinSafeRanges    *self,
                                                 gboolean           hidden);
guint           twin_safe_ranges_get_n_answers  (TwinSafeRanges    *self);
void            twin_safe_ranges_fill_spec      (TwinSafeRanges    *self,
                                                 TwinInput          vary,
                                                 TwinAdviseSpec    *spec);

G_END_DECLS
