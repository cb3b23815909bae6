/* twin-shadow-group.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "twin-shadow.h"

G_BEGIN_DECLS

#define TWIN_TYPE_SHADOW_GROUP (twin_shadow_group_get_type ())

G_DECLARE_FINAL_TYPE (TwinShadowGroup, twin_shadow_group, TWIN, SHADOW_GROUP, AdwPreferencesGroup)

void twin_shadow_group_update (TwinShadowGroup *self,
                               TwinShadow      *shadow);

G_END_DECLS
