/* twin-readouts-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The readouts' labels, for the widget tests, which read what they say.
 */

#pragma once

#include "twin-readouts.h"

G_BEGIN_DECLS

struct _TwinReadouts
{
  AdwPreferencesGroup  parent_instance;

  GtkLabel            *temperature_value;
  GtkLabel            *vibration_value;
  GtkLabel            *rpm_value;
  GtkLabel            *zone_badge;
  GtkLabel            *wear_value;
  GtkLabel            *rul_value;
  GtkLabel            *trip_value;
  GtkButton           *reset_trip_button;
  GtkLabel            *ahead_value;

  /* The forecast's RUL at its horizon, shown instead of the model's
   * while it lasts; NAN: none */
  double               forecast_rul;
  double               forecast_rul_p10;
  double               forecast_rul_p90;
  gboolean             forecast_hidden;   /* the trainee view */
};

G_END_DECLS
