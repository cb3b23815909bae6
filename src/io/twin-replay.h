/* twin-replay.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "twin-engine.h"

G_BEGIN_DECLS

typedef struct
{
  guint    states;
  guint    commands;
  gboolean complete;    /* the file was finished, not cut short */
  double   end;         /* simulated s reached */
} TwinReplayStats;

typedef struct _TwinReplay TwinReplay;

TwinReplay *twin_replay_new  (TwinEngine       *engine,
                              const char       *path,
                              GError          **error);
gboolean    twin_replay_run  (TwinReplay       *self,
                              TwinReplayStats  *stats,
                              GError          **error);
void        twin_replay_free (TwinReplay       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TwinReplay, twin_replay_free)

G_END_DECLS
