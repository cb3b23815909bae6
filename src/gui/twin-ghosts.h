/* twin-ghosts.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "twin-engine.h"
#include "twin-forecaster.h"
#include "twin-outlook.h"

G_BEGIN_DECLS

#define TWIN_GHOSTS_MAX 4

#define TWIN_GHOSTS_ERROR (twin_ghosts_error_quark ())

typedef enum
{
  TWIN_GHOSTS_ERROR_FULL,
  TWIN_GHOSTS_ERROR_INVALID,
} TwinGhostsError;

#define TWIN_TYPE_GHOST (twin_ghost_get_type ())

G_DECLARE_FINAL_TYPE (TwinGhost, twin_ghost, TWIN, GHOST, GObject)

const char         *twin_ghost_get_name      (TwinGhost         *self);
guint               twin_ghost_get_index     (TwinGhost         *self);
const TwinCommand  *twin_ghost_get_branch    (TwinGhost         *self);
const TwinForecast *twin_ghost_get_course    (TwinGhost         *self);
const TwinEnsemble *twin_ghost_get_ensemble  (TwinGhost         *self);
guint               twin_ghost_get_n_updates (TwinGhost         *self);

#define TWIN_TYPE_GHOSTS (twin_ghosts_get_type ())

G_DECLARE_FINAL_TYPE (TwinGhosts, twin_ghosts, TWIN, GHOSTS, GObject)

GQuark      twin_ghosts_error_quark  (void);
char       *twin_ghosts_describe     (const TwinCommand *branch,
                                      const TwinCommand *live);
char       *twin_ghosts_encode       (const TwinCommand *branch);
gboolean    twin_ghosts_decode       (const char        *text,
                                      TwinCommand       *branch,
                                      GError           **error);

TwinGhosts *twin_ghosts_new          (TwinEngine        *engine,
                                      TwinForecaster    *forecaster,
                                      TwinOutlook       *outlook);
TwinGhost  *twin_ghosts_pin          (TwinGhosts        *self,
                                      const TwinCommand *branch,
                                      GError           **error);
void        twin_ghosts_remove       (TwinGhosts        *self,
                                      guint              position);
void        twin_ghosts_refresh      (TwinGhosts        *self);
void        twin_ghosts_bind_settings(TwinGhosts        *self,
                                      GSettings         *settings);

G_END_DECLS
