/* twin-alarm-bar.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "twin-sim.h"

G_BEGIN_DECLS

#define TWIN_TYPE_ALARM_BAR (twin_alarm_bar_get_type ())

G_DECLARE_FINAL_TYPE (TwinAlarmBar, twin_alarm_bar, TWIN, ALARM_BAR, GtkWidget)

typedef enum
{
  TWIN_ALARM_LEVEL_NONE,
  TWIN_ALARM_LEVEL_WARNING,   /* amber: a warning, zone C */
  TWIN_ALARM_LEVEL_TRIP,      /* red: tripped, or about to (trip level, zone D) */
} TwinAlarmLevel;

char           *twin_alarm_describe          (const TwinSim *sim,
                                              TwinAlarmLevel *level);
void            twin_alarm_bar_update        (TwinAlarmBar  *self,
                                              const TwinSim *sim);
const char     *twin_alarm_bar_get_text      (TwinAlarmBar  *self);
TwinAlarmLevel  twin_alarm_bar_get_level     (TwinAlarmBar  *self);
gboolean        twin_alarm_bar_get_revealed  (TwinAlarmBar  *self);

G_END_DECLS
