/* twin-replay-bar.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define TWIN_TYPE_REPLAY_BAR (twin_replay_bar_get_type ())

G_DECLARE_FINAL_TYPE (TwinReplayBar, twin_replay_bar, TWIN, REPLAY_BAR, GtkWidget)

TwinReplayBar *twin_replay_bar_new          (void);
void           twin_replay_bar_set_title    (TwinReplayBar *self,
                                             const char    *title);
void           twin_replay_bar_set_duration (TwinReplayBar *self,
                                             double         duration);
double         twin_replay_bar_get_duration (TwinReplayBar *self);
void           twin_replay_bar_set_position (TwinReplayBar *self,
                                             double         position);
double         twin_replay_bar_get_position (TwinReplayBar *self);
void           twin_replay_bar_set_playing  (TwinReplayBar *self,
                                             gboolean       playing);
GtkRange      *twin_replay_bar_get_scale    (TwinReplayBar *self);
const char    *twin_replay_bar_get_text     (TwinReplayBar *self);
gboolean       twin_replay_bar_get_seeking  (TwinReplayBar *self);

G_END_DECLS
