/* twin-engine-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "twin-engine.h"

G_BEGIN_DECLS

#define TWIN_ENGINE_TICK_INTERVAL_MS 16

/* Where the engine's simulated time stands against wall time. */
typedef struct
{
  double time_scale;
  gint64 anchor_wall;
  double done;          /* simulated s run since the anchor */
} TwinEngineClock;

struct _TwinEngine
{
  GObject          parent_instance;

  TwinSim          sim;
  GArray          *events;

  /* The run, new at every reset; the one before it and where it ended. */
  char             run[TWIN_RUN_ID_LEN + 1];
  char             previous_run[TWIN_RUN_ID_LEN + 1];
  double           previous_run_end;  /* simulated s */
  guint64          previous_run_steps;

  TwinHistory     *history;

  double           stop_time;        /* pause on reaching it; 0 for never */
  double           report_interval;
  double           next_report;
  gboolean         halt;             /* stop the batch under way */

  TwinEngineClock  clock;
  gboolean         paused;
  guint            tick_id;

  guint            changed_id;

  TwinStepStats    step_stats;
  TwinShadow      *shadow;

  guint            pause_on;         /* TwinPauseOn */
  TwinCommandLock  command_lock;
  gboolean         replay_lock;      /* a replay drives the simulation */
  gboolean         until_event;      /* the run under way stops at the next event */
  TwinZone         run_zone;         /* the zone as of the last step of that run */
  TwinRunStop      run_stop;         /* what ended the last run_for */

  TwinCommandSource restore_source; /* who made the last restore */
  double           restored_from;    /* simulated s before it */

  GArray          *wakeups;          /* simulated s, ascending */
  gboolean         woken;            /* the batch stopped at a wake-up */
};

void     _twin_engine_queue_changed  (TwinEngine      *self);
void     _twin_engine_record_samples (TwinEngine      *self);
void     _twin_engine_emit_sampled   (TwinEngine      *self);
void     _twin_engine_emit_restored  (TwinEngine      *self);
void     _twin_engine_notify_changes (TwinEngine      *self,
                                      const TwinSim   *before);

void     _twin_engine_run_steps      (TwinEngine      *self,
                                      guint64          n);
void     _twin_engine_pause          (TwinEngine      *self);
gboolean _twin_engine_check_lock     (TwinEngine      *self,
                                      TwinCommandSource source,
                                      GError         **error);
gboolean _twin_engine_check_command  (TwinEngine      *self,
                                      const TwinCommand *command,
                                      GError         **error);
void     _twin_engine_run_ahead      (TwinEngine      *self,
                                      double           seconds,
                                      gboolean         until_event);
void     _twin_engine_watch_alarm    (TwinEngine      *self,
                                      const TwinAlarmEvent *event);
void     _twin_engine_watch_step     (TwinEngine      *self);
void     _twin_engine_emit_wakeups   (TwinEngine      *self);

void     _twin_engine_clock_init     (TwinEngineClock *clock);
void     _twin_engine_clock_reanchor (TwinEngineClock *clock);
gboolean _twin_engine_clock_target   (TwinEngineClock *clock,
                                      double          *target);

G_END_DECLS
