/* twin-engine-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TWIN_ENGINE_TICK_INTERVAL_MS 16

/* Where the engine's simulated time stands against wall time. */
typedef struct
{
  double time_scale;
  gint64 anchor_wall;
  double done;          /* simulated s run since the anchor */
} TwinEngineClock;

void     _twin_engine_clock_init     (TwinEngineClock *clock);
void     _twin_engine_clock_reanchor (TwinEngineClock *clock);
gboolean _twin_engine_clock_target   (TwinEngineClock *clock,
                                      double          *target);

G_END_DECLS
