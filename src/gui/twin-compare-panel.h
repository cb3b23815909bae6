/* twin-compare-panel.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "twin-ghosts.h"
#include "twin-outlook.h"

G_BEGIN_DECLS

/* The panel's rows, in order. */
typedef enum
{
  TWIN_COMPARE_WARNING,
  TWIN_COMPARE_TRIP,
  TWIN_COMPARE_ZONE,
  TWIN_COMPARE_RUL,
  TWIN_N_COMPARE_ROWS
} TwinCompareRow;

#define TWIN_TYPE_COMPARE_PANEL (twin_compare_panel_get_type ())

G_DECLARE_FINAL_TYPE (TwinComparePanel, twin_compare_panel, TWIN, COMPARE_PANEL, GtkBox)

char       *twin_compare_text            (TwinCompareRow      row,
                                          const TwinForecast *course,
                                          const TwinEnsemble *ensemble);

void        twin_compare_panel_set_futures (TwinComparePanel *self,
                                            TwinOutlook      *outlook,
                                            TwinGhosts       *ghosts);
const char *twin_compare_panel_get_text  (TwinComparePanel   *self,
                                          guint               column,
                                          TwinCompareRow      row);
const char *twin_compare_panel_get_title (TwinComparePanel   *self,
                                          guint               column);

G_END_DECLS
