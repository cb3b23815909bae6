/* twin-training.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "twin-engine.h"
#include "twin-scenario-run.h"

G_BEGIN_DECLS

#define TWIN_TYPE_TRAINING (twin_training_get_type ())

G_DECLARE_FINAL_TYPE (TwinTraining, twin_training, TWIN, TRAINING, GObject)

const char      *twin_training_get_scenario_dir (void);
GStrv            twin_training_list_shipped     (void);
TwinScenario    *twin_training_load_shipped     (const char     *id,
                                                 GError        **error);

TwinTraining    *twin_training_new              (TwinEngine     *engine);
gboolean         twin_training_start            (TwinTraining   *self,
                                                 TwinScenario   *scenario,
                                                 GError        **error);
TwinScenarioRun *twin_training_get_run          (TwinTraining   *self);
char            *twin_training_dup_sheet        (TwinTraining   *self);
const char      *twin_training_get_caption      (TwinTraining   *self);
gboolean         twin_training_diagnose         (TwinTraining   *self,
                                                 const char     *fault,
                                                 GError        **error);
const char      *twin_training_take_hint        (TwinTraining   *self,
                                                 GError        **error);
gboolean         twin_training_handle           (TwinTraining   *self,
                                                 const char     *data,
                                                 gsize           length,
                                                 const char    **hint,
                                                 GError        **error);

G_END_DECLS
