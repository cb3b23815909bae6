/* twin-safe-scale.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "twin-advise.h"
#include "twin-fields.h"

G_BEGIN_DECLS

#define TWIN_TYPE_SAFE_SCALE (twin_safe_scale_get_type ())

G_DECLARE_FINAL_TYPE (TwinSafeScale, twin_safe_scale, TWIN, SAFE_SCALE, GtkScale)

void              twin_safe_scale_set_input  (TwinSafeScale    *self,
                                              TwinInput         input);
void              twin_safe_scale_set_advice (TwinSafeScale    *self,
                                              const TwinAdvice *advice,
                                              const char       *condition);
const TwinAdvice *twin_safe_scale_get_advice (TwinSafeScale    *self);
int               twin_safe_scale_value_to_x (TwinSafeScale    *self,
                                              double            value);

char             *twin_safe_scale_describe   (const TwinAdvice *advice,
                                              double            value,
                                              double            travel_min,
                                              double            travel_max,
                                              const char       *condition);

G_END_DECLS
