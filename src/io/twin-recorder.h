/* twin-recorder.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "twin-engine.h"
#include "twin-training.h"

G_BEGIN_DECLS

/* Simulated s between two keyframes of a recording. */
#define TWIN_RECORDER_KEYFRAME_INTERVAL 60.0

#define TWIN_TYPE_RECORDER (twin_recorder_get_type ())

G_DECLARE_FINAL_TYPE (TwinRecorder, twin_recorder, TWIN, RECORDER, GObject)

TwinRecorder *twin_recorder_new      (TwinEngine    *engine,
                                      const char    *path,
                                      GError       **error);
gboolean      twin_recorder_stop     (TwinRecorder  *self,
                                      GError       **error);
void          twin_recorder_set_training (TwinRecorder *self,
                                          TwinTraining *training);
void          twin_recorder_set_scenario_run (TwinRecorder    *self,
                                              TwinScenarioRun *run);
const char   *twin_recorder_get_path (TwinRecorder  *self);
double        twin_recorder_get_elapsed (TwinRecorder *self);

G_END_DECLS
