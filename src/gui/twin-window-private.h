/* twin-window-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window's fields, for its own files and for the widget tests, which
 * drive the real controls.
 */

#pragma once

#include "twin-alarm-bar.h"
#include "twin-plot.h"
#include "twin-readouts-private.h"
#include "twin-shadow-group-private.h"
#include "twin-outlook.h"
#include "twin-branch.h"
#include "twin-compare-panel.h"
#include "twin-ghosts.h"
#include "twin-safe-ranges.h"
#include "twin-recordings.h"
#include "twin-replay.h"
#include "twin-replay-bar.h"
#include "twin-scenario-panel.h"
#include "twin-snapshots.h"
#include "twin-window.h"

G_BEGIN_DECLS

struct _TwinWindow
{
  AdwApplicationWindow  parent_instance;

  TwinEngine           *engine;
  GSettings            *settings;
  gboolean              updating;      /* pushing engine values into widgets */

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwHeaderBar         *header_bar;
  AdwWindowTitle       *window_title;
  TwinAlarmBar         *alarm_bar;
  AdwFlap              *flap;
  GtkWidget            *sidebar;
  GtkWidget            *pane_handle;
  int                   drag_start_width;
  GtkToggleButton      *sidebar_button;
  GtkButton            *play_button;
  GtkButton            *step_button;
  GtkButton            *reset_button;
  GtkDropDown          *time_scale_dropdown;
  GtkStringList        *time_scale_list;
  GtkDropDown          *model_dropdown;
  GtkStringList        *model_list;
  GtkMenuButton        *menu_button;
  GtkAdjustment        *ambient_adjustment;
  GtkScale             *ambient_scale;
  GtkSpinButton        *ambient_spin;
  GtkAdjustment        *rpm_adjustment;
  GtkScale             *rpm_scale;
  GtkLabel             *rpm_label;
  GtkSpinButton        *rpm_spin;
  GtkWidget            *inputs_group;
  GtkWidget            *faults_group;
  GtkSwitch            *cooling_switch;
  GtkSwitch            *bearing_switch;
  TwinReadouts         *readouts;
  TwinShadowGroup      *shadow_group;
  TwinPlot             *plot;
  GtkDropDown          *span_dropdown;
  GtkToggleButton      *follow_button;
  GtkLabel             *time_value;
  GtkWidget            *statusbar;
  GtkLabel             *mqtt_dot;
  GtkLabel             *mqtt_status;
  GtkLabel             *rest_dot;
  GtkLabel             *rest_status;
  GtkToggleButton      *whatif_button;
  GtkRevealer          *whatif_revealer;
  GtkLabel             *whatif_caption;
  GtkButton            *whatif_cancel_button;
  GtkButton            *whatif_apply_button;
  GtkDropDown          *horizon_dropdown;
  GtkButton            *whatif_pin_button;
  GtkDropDown          *safe_condition_dropdown;
  TwinComparePanel     *compare_panel;

  /* What-if mode, and the forecasts the plot draws ahead of now */
  TwinForecaster       *forecaster;
  TwinOutlook          *outlook;       /* the course ahead: the application's, or the window's own */
  TwinBranch           *branch;        /* what-if mode: the branch the sidebar edits */
  guint                 caption_timer;  /* a caption due, while a slider moves */
  gint64                caption_time;   /* µs, when it was last laid out */
  TwinGhosts           *ghosts;        /* pinned branches */
  TwinSafeRanges       *safe_ranges;   /* shaded on the sliders */

  /* Dialogs opened from the window, while they are open */
  GtkWindow            *reset_dialog;
  GtkWindow            *reset_trip_dialog;
  double                reset_trip_setpoint;  /* what it offers instead */
  GtkWindow            *export_dialog;
  GtkWindow            *preferences_window;
  GtkWindow            *about_window;

  char                 *last_toast;    /* what the last toast said */
  AdwToast             *remote_toast;  /* a remote command's, while it shows */
  double                paused_at;     /* simulated s of the last pause-on toast */
  TwinCsvLog           *csv_log;       /* alarms, faults and model, for CSV */
  TwinTraining         *training;      /* shared with the services, or the window's own */
  GtkWidget            *scenario_panel;

  /* The flight recorder: shared with the services, or the window's own */
  TwinRecordings       *recordings;
  GtkToggleButton      *record_button;
  GtkWidget            *record_indicator;
  GtkLabel             *record_label;
  guint                 record_timer;
  char                 *record_path;   /* the file being written, as last seen */
  GtkFileChooserNative *file_chooser;  /* Record To… or Open Recording…, while open */

  /* Replay mode: the recording that drives the engine, and the session to go back to */
  TwinReplay           *replay;
  TwinReplayBar        *replay_bar;
  TwinSim               session;
  gboolean              session_paused;
  gboolean              replaying_from_session;
  /* The instructor's controls (twin-window-instructor.c) */
  TwinSnapshots        *snapshots;
  GtkWidget            *instructor_panel;
  GtkMenuButton        *instructor_button;
  guint                 instructor_hidden;   /* TwinCommandField faults injected hidden */
  guint                 snapshot_marked;     /* the last snapshot id marked on the plot */
  gboolean              trainee_view;        /* no forecast, no advice */
};

gboolean _twin_window_apply_command      (TwinWindow      *self,
                                          TwinCommand     *command);

void     _twin_window_class_actions_init (TwinWindowClass *klass);
void     _twin_window_actions_init       (TwinWindow      *self);
void     _twin_window_actions_update     (TwinWindow      *self);

void     _twin_window_class_inputs_init  (TwinWindowClass *klass);
void     _twin_window_inputs_init        (TwinWindow      *self);
void     _twin_window_sync_inputs        (TwinWindow      *self);

void     _twin_window_class_whatif_init  (TwinWindowClass *klass);
void     _twin_window_whatif_init        (TwinWindow      *self);
void     _twin_window_whatif_dispose     (TwinWindow      *self);
gboolean _twin_window_whatif_edit        (TwinWindow      *self,
                                          TwinCommand     *change);
void     _twin_window_whatif_get_inputs  (TwinWindow      *self,
                                          TwinCommand     *inputs);

void     _twin_window_class_runs_init    (TwinWindowClass *klass);

void     _twin_window_model_init         (TwinWindow      *self);
void     _twin_window_model_sync         (TwinWindow      *self);

void     _twin_window_update_futures     (TwinWindow      *self);

void     _twin_window_class_ghosts_init  (TwinWindowClass *klass);
void     _twin_window_ghosts_start       (TwinWindow      *self);
void     _twin_window_ghosts_stop        (TwinWindow      *self);
guint    _twin_window_ghosts_add_futures (TwinWindow      *self,
                                          TwinPlotFuture  *futures);

void     _twin_window_remote_init        (TwinWindow      *self);
void     _twin_window_control_init       (TwinWindow      *self);

void     _twin_window_reset_trip         (TwinWindow      *self);
gboolean _twin_window_trips_again        (const TwinSim   *sim,
                                          double          *safe);

void     _twin_window_class_layout_init  (TwinWindowClass *klass);
void     _twin_window_layout_restore     (TwinWindow      *self);
void     _twin_window_layout_save        (TwinWindow      *self);

/* twin-window-scenario.c */
void  _twin_window_class_scenario_init    (TwinWindowClass *klass);
void  _twin_window_scenario_init          (TwinWindow      *self);
guint _twin_window_scenario_hidden_faults (TwinWindow      *self);

/* twin-window-record.c */
void  _twin_window_class_record_init      (TwinWindowClass *klass);
void  _twin_window_record_init            (TwinWindow      *self);
void  _twin_window_record_dispose         (TwinWindow      *self);
GtkFileChooserNative *_twin_window_record_chooser (TwinWindow           *self,
                                                   const char           *title,
                                                   GtkFileChooserAction  action,
                                                   const char           *accept);

/* twin-window-replay.c */
void     _twin_window_class_replay_init (TwinWindowClass *klass);
void     _twin_window_replay_init       (TwinWindow      *self);
void     _twin_window_replay_dispose    (TwinWindow      *self);
gboolean _twin_window_replay_open       (TwinWindow      *self,
                                         const char      *path,
                                         GError         **error);
/* twin-window-instructor.c */
void  _twin_window_instructor_init        (TwinWindow      *self);
void  _twin_window_instructor_dispose     (TwinWindow      *self);
void  _twin_window_ghosts_sync            (TwinWindow      *self);

G_END_DECLS
