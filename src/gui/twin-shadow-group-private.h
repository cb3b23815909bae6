/* twin-shadow-group-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Shadow group's widgets, for the widget tests, which read what they
 * say and press Sync.
 */

#pragma once

#include "twin-shadow-group.h"

G_BEGIN_DECLS

struct _TwinShadowGroup
{
  AdwPreferencesGroup  parent_instance;

  GtkGrid             *grid;
  GtkLabel            *temperature_value;
  GtkLabel            *temperature_residual;
  GtkLabel            *vibration_value;
  GtkLabel            *vibration_residual;
  GtkLabel            *rpm_value;
  GtkLabel            *rpm_residual;
  GtkLabel            *state;
  GtkLabel            *detail;
  GtkButton           *sync_button;
};

G_END_DECLS
