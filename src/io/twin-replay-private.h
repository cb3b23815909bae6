/* twin-replay-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "twin-engine.h"
#include "twin-mcap-reader.h"

G_BEGIN_DECLS

typedef enum
{
  TWIN_REPLAY_STATES,     /* states in a row: run to the last one's step */
  TWIN_REPLAY_COMMAND,    /* apply a command at its step */
  TWIN_REPLAY_KEYFRAME,   /* the whole simulation: where a seek starts */
  TWIN_REPLAY_RESTORE,    /* a backtrack: the simulation restored */
} TwinReplayKind;

/* One thing a replay does, in the recording's order. */
typedef struct
{
  TwinReplayKind kind;
  guint          count;     /* STATES: how many */
  guint64        log_time;  /* ns; STATES: the last one's */
  guint64        step;      /* STATES: the last one's seq; COMMAND: the step it comes at;
                               KEYFRAME, RESTORE: the simulation's steps */
  double         at;        /* the engine's simulated s when it came (RESTORE: before it) */
  double         offset;    /* recording s at the engine's time 0, from this item on */
  guint          index;     /* STATES: its first in state_times; COMMAND: into commands;
                               KEYFRAME, RESTORE: into sims */
} TwinReplayItem;

/* A recording read whole: where it began and what it does. */
typedef struct
{
  char        *path;
  TwinSim      initial;
  double       time_scale;  /* the clock's controls as it began */
  gboolean     paused;
  GArray      *items;       /* TwinReplayItem */
  GArray      *commands;    /* TwinCommand */
  GArray      *sims;        /* TwinSim */
  GArray      *state_times; /* guint64: each state's log time, ns */
  gboolean     complete;    /* the file was finished, not cut short */
  double       duration;    /* recording s of the last state */
} TwinReplayIndex;

TwinMcapReader  *twin_replay_open_reader (const char      *path,
                                          GError         **error);
TwinReplayIndex *twin_replay_index_load (const char       *path,
                                         GError          **error);
void             twin_replay_index_free (TwinReplayIndex  *index);
const char      *twin_replay_kind_topic (TwinReplayKind    kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TwinReplayIndex, twin_replay_index_free)

G_END_DECLS
