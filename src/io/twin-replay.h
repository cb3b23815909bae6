/* twin-replay.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "twin-engine.h"

G_BEGIN_DECLS

typedef struct
{
  guint    states;
  guint    commands;
  gboolean complete;    /* the file was finished, not cut short */
  double   end;         /* simulated s reached */
} TwinReplayStats;

#define TWIN_TYPE_REPLAY (twin_replay_get_type ())

G_DECLARE_FINAL_TYPE (TwinReplay, twin_replay, TWIN, REPLAY, GObject)

TwinReplay *twin_replay_new           (TwinEngine       *engine,
                                       const char       *path,
                                       GError          **error);
gboolean    twin_replay_run           (TwinReplay       *self,
                                       TwinReplayStats  *stats,
                                       GError          **error);
const char *twin_replay_get_path      (TwinReplay       *self);
double      twin_replay_get_duration  (TwinReplay       *self);
double      twin_replay_get_position  (TwinReplay       *self);
gboolean    twin_replay_seek          (TwinReplay       *self,
                                       double            position,
                                       GError          **error);
void        twin_replay_set_playing   (TwinReplay       *self,
                                       gboolean          playing);
gboolean    twin_replay_get_playing   (TwinReplay       *self);
gboolean    twin_replay_get_complete  (TwinReplay       *self);
void        twin_replay_get_stats     (TwinReplay       *self,
                                       TwinReplayStats  *stats);
void        twin_replay_detach        (TwinReplay       *self);
gboolean    twin_replay_is_detached   (TwinReplay       *self);

G_END_DECLS
