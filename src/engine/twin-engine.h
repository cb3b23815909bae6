/* twin-engine.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "twin-command.h"
#include "twin-history.h"
#include "twin-model.h"
#include "twin-shadow.h"
#include "twin-sim.h"
#include "twin-snapshot.h"
#include "twin-step-stats.h"

G_BEGIN_DECLS

/* One user's own pending wake-up among the engine's shared ones: asked
 * once however often its time is asked again, and known for its own when
 * the engine wakes. */
typedef struct
{
  gboolean pending;
  double   at;
} TwinWakeup;

#define TWIN_TYPE_ENGINE (twin_engine_get_type ())

G_DECLARE_FINAL_TYPE (TwinEngine, twin_engine, TWIN, ENGINE, GObject)

/* Where the engine pauses itself: at the very step of a trip, or of any
 * alarm's raise (a trip included), whatever the time scale. */
typedef enum
{
  TWIN_PAUSE_ON_TRIP  = 1 << 0,
  TWIN_PAUSE_ON_ALARM = 1 << 1,
} TwinPauseOn;

#define TWIN_TYPE_PAUSE_ON (twin_pause_on_get_type ())
GType twin_pause_on_get_type (void) G_GNUC_CONST;

/* Whose commands the engine refuses, with TWIN_ENGINE_ERROR_LOCKED. */
typedef enum
{
  TWIN_COMMAND_LOCK_NONE,
  TWIN_COMMAND_LOCK_WINDOW,   /* trainer mode: the remote side steers, the window's inputs are locked */
  TWIN_COMMAND_LOCK_REMOTE,   /* MQTT and REST are locked out */
} TwinCommandLock;

#define TWIN_TYPE_COMMAND_LOCK (twin_command_lock_get_type ())
GType twin_command_lock_get_type (void) G_GNUC_CONST;

/* What ended a run_for / run_until_event. */
typedef enum
{
  TWIN_RUN_STOP_TIME,         /* it ran the whole time */
  TWIN_RUN_STOP_HALTED,       /* the engine paused itself (pause-on, stop time) */
  TWIN_RUN_STOP_ZONE,         /* the vibration zone changed */
  TWIN_RUN_STOP_ALARM,        /* an alarm was raised or cleared */
  TWIN_RUN_STOP_TRIP,         /* the machine tripped */
} TwinRunStop;

TwinEngine        *twin_engine_new                 (void);
TwinEngine        *twin_engine_new_full            (gsize               history_capacity,
                                                    double              history_interval);
const TwinModel   *twin_engine_get_model           (TwinEngine         *self);
gboolean           twin_engine_set_model           (TwinEngine         *self,
                                                    const char         *id,
                                                    GError            **error);
double             twin_engine_get_ambient         (TwinEngine         *self);
gboolean           twin_engine_set_ambient         (TwinEngine         *self,
                                                    double              ambient,
                                                    GError            **error);
double             twin_engine_get_rpm_setpoint    (TwinEngine         *self);
gboolean           twin_engine_set_rpm_setpoint    (TwinEngine         *self,
                                                    double              rpm_setpoint,
                                                    GError            **error);
gboolean           twin_engine_get_cooling_degraded(TwinEngine         *self);
void               twin_engine_set_cooling_degraded(TwinEngine         *self,
                                                    gboolean            degraded);
gboolean           twin_engine_get_bearing_defect  (TwinEngine         *self);
void               twin_engine_set_bearing_defect  (TwinEngine         *self,
                                                    gboolean            defect);
double             twin_engine_get_time_scale      (TwinEngine         *self);
gboolean           twin_engine_set_time_scale      (TwinEngine         *self,
                                                    double              time_scale,
                                                    GError            **error);
gboolean           twin_engine_get_paused          (TwinEngine         *self);
void               twin_engine_set_paused          (TwinEngine         *self,
                                                    gboolean            paused);
gboolean           twin_engine_get_tripped         (TwinEngine         *self);
double             twin_engine_get_param           (TwinEngine         *self,
                                                    const char         *name);
gboolean           twin_engine_set_param           (TwinEngine         *self,
                                                    const char         *name,
                                                    double              value,
                                                    GError            **error);
void               twin_engine_set_noise           (TwinEngine         *self,
                                                    gboolean            enabled,
                                                    guint64             seed);
void               twin_engine_set_stop_time       (TwinEngine         *self,
                                                    double              timestamp);
void               twin_engine_set_report_interval (TwinEngine         *self,
                                                    double              seconds);
gboolean           twin_engine_apply_command       (TwinEngine         *self,
                                                    const TwinCommand  *command,
                                                    GError            **error);
void               twin_engine_reset               (TwinEngine         *self);
void               twin_engine_reset_trip          (TwinEngine         *self);
void               twin_engine_step_once           (TwinEngine         *self);
void               twin_engine_advance             (TwinEngine         *self,
                                                    double              seconds);
gboolean           twin_engine_check_source        (TwinEngine         *self,
                                                    TwinCommandSource   source,
                                                    GError            **error);
void               twin_engine_add_wakeup          (TwinEngine         *self,
                                                    double              at);
void               twin_engine_remove_wakeup       (TwinEngine         *self,
                                                    double              at);
void               twin_wakeup_ask                 (TwinWakeup         *wakeup,
                                                    TwinEngine         *engine,
                                                    double              at);
void               twin_wakeup_woken               (TwinWakeup         *wakeup,
                                                    double              at);
gboolean           twin_engine_has_wakeup          (TwinEngine         *self,
                                                    double              at);
void               twin_engine_clear_wakeups       (TwinEngine         *self);
void               twin_engine_run_steps           (TwinEngine         *self,
                                                    guint64             n);
void               twin_engine_restore             (TwinEngine         *self,
                                                    const TwinSim      *sim,
                                                    TwinCommandSource   source);
TwinCommandSource  twin_engine_get_last_restore    (TwinEngine         *self,
                                                    double             *from);
guint64            twin_engine_get_steps           (TwinEngine         *self);
double             twin_engine_get_timestamp       (TwinEngine         *self);
const char        *twin_engine_get_run             (TwinEngine         *self);
const char        *twin_engine_get_previous_run    (TwinEngine         *self,
                                                    double             *ended_at);
guint64            twin_engine_get_previous_run_steps (TwinEngine      *self);
void               twin_engine_get_snapshot        (TwinEngine         *self,
                                                    TwinSnapshot       *snapshot);
const TwinHistory *twin_engine_get_history         (TwinEngine         *self);
void               twin_engine_start               (TwinEngine         *self);
void               twin_engine_stop                (TwinEngine         *self);
gboolean           twin_engine_set_history_config  (TwinEngine         *self,
                                                    gsize               capacity,
                                                    double              interval,
                                                    GError            **error);
void               twin_engine_get_step_stats      (TwinEngine         *self,
                                                    TwinStepStats      *stats);
TwinShadow        *twin_engine_get_shadow          (TwinEngine         *self);
gboolean           twin_engine_add_reading         (TwinEngine         *self,
                                                    const TwinReading  *reading,
                                                    GError            **error);
void               twin_engine_reject_reading      (TwinEngine         *self,
                                                    const GError       *error);
gboolean           twin_engine_sync_to_measurement (TwinEngine         *self,
                                                    TwinCommandSource   source,
                                                    GError            **error);
void               twin_engine_get_controls        (TwinEngine         *self,
                                                    TwinCommand        *controls);
void               twin_engine_get_sim             (TwinEngine         *self,
                                                    TwinSim            *sim);
guint              twin_engine_get_pause_on        (TwinEngine         *self);
void               twin_engine_set_pause_on        (TwinEngine         *self,
                                                    guint               flags);
TwinCommandLock    twin_engine_get_command_lock    (TwinEngine         *self);
void               twin_engine_set_command_lock    (TwinEngine         *self,
                                                    TwinCommandLock     lock);
gboolean           twin_engine_get_started         (TwinEngine         *self);
gboolean           twin_engine_get_replay_lock     (TwinEngine         *self);
void               twin_engine_set_replay_lock     (TwinEngine         *self,
                                                    gboolean            locked);
gboolean           twin_engine_run_for             (TwinEngine         *self,
                                                    double              seconds,
                                                    gboolean            until_event,
                                                    GError            **error);
TwinRunStop        twin_engine_run_until_event     (TwinEngine         *self,
                                                    double              max_seconds);
TwinRunStop        twin_engine_get_run_stop        (TwinEngine         *self);
gboolean           twin_engine_get_trips_in        (TwinEngine         *self,
                                                    double             *seconds);

G_END_DECLS
