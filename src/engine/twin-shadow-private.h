/* twin-shadow-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What writes a shadow: the engine that owns it, alone.
 */

#pragma once

#include "twin-shadow.h"

G_BEGIN_DECLS

gboolean _twin_shadow_add    (TwinShadow         *self,
                              const TwinReading  *reading,
                              const TwinSnapshot *simulated,
                              GError            **error);
void     _twin_shadow_reject (TwinShadow         *self,
                              const GError       *error);
void     _twin_shadow_clear  (TwinShadow         *self);

G_END_DECLS
