/* twin-readouts.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "twin-snapshot.h"

G_BEGIN_DECLS

#define TWIN_TYPE_READOUTS (twin_readouts_get_type ())

G_DECLARE_FINAL_TYPE (TwinReadouts, twin_readouts, TWIN, READOUTS, AdwPreferencesGroup)

void twin_readouts_update (TwinReadouts       *self,
                           const TwinSnapshot *snapshot);
void          twin_readouts_set_forecast_rul (TwinReadouts       *self,
                                              double              hours,
                                              double              p10,
                                              double              p90);
void twin_readouts_set_forecast_hidden (TwinReadouts *self,
                                        gboolean      hidden);
void twin_readouts_set_ahead (TwinReadouts    *self,
                              const char      *text,
                              const char      *runs);

G_END_DECLS
