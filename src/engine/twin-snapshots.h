/* twin-snapshots.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "twin-engine.h"

G_BEGIN_DECLS

/* Automatic snapshots kept; the oldest goes first. Manual ones are all kept. */
#define TWIN_SNAPSHOTS_MAX_AUTOMATIC 100
#define TWIN_SNAPSHOTS_DEFAULT_INTERVAL 5.0   /* simulated minutes */
#define TWIN_SNAPSHOTS_MAX_INTERVAL 1440.0

/* One kept simulation: what a backtrack goes back to. */
typedef struct
{
  guint    id;          /* from 1, never reused */
  TwinSim  sim;
  double   timestamp;   /* simulated s */
  char     run[TWIN_RUN_ID_LEN + 1];
  char    *label;       /* the instructor's, or NULL */
  gboolean automatic;
} TwinSnapshotsEntry;

#define TWIN_TYPE_SNAPSHOTS (twin_snapshots_get_type ())

G_DECLARE_FINAL_TYPE (TwinSnapshots, twin_snapshots, TWIN, SNAPSHOTS, GObject)

TwinSnapshots            *twin_snapshots_new          (TwinEngine     *engine);
guint                     twin_snapshots_take         (TwinSnapshots  *self,
                                                       const char     *label);
gboolean                  twin_snapshots_backtrack    (TwinSnapshots  *self,
                                                       guint           id,
                                                       TwinCommandSource source,
                                                       GError        **error);
guint                     twin_snapshots_get_n        (TwinSnapshots  *self);
const TwinSnapshotsEntry *twin_snapshots_get          (TwinSnapshots  *self,
                                                       guint           position);
const TwinSnapshotsEntry *twin_snapshots_lookup       (TwinSnapshots  *self,
                                                       guint           id);
double                    twin_snapshots_get_interval (TwinSnapshots  *self);
gboolean                  twin_snapshots_set_interval (TwinSnapshots  *self,
                                                       double          minutes,
                                                       GError        **error);

G_END_DECLS
