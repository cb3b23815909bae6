/* twin-recordings.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cjson/cJSON.h>
#include <glib-object.h>

#include "twin-engine.h"
#include "twin-recorder.h"

G_BEGIN_DECLS

#define TWIN_TYPE_RECORDINGS (twin_recordings_get_type ())

G_DECLARE_FINAL_TYPE (TwinRecordings, twin_recordings, TWIN, RECORDINGS, GObject)

char           *twin_recordings_get_dir (void);
TwinRecordings *twin_recordings_new     (TwinEngine      *engine);
gboolean        twin_recordings_start   (TwinRecordings  *self,
                                         const char      *name,
                                         GError         **error);
gboolean        twin_recordings_start_file (TwinRecordings  *self,
                                         const char      *path,
                                         GError         **error);
char           *twin_recordings_default_name (void);
gboolean        twin_recordings_stop    (TwinRecordings  *self,
                                         GError         **error);
const char     *twin_recordings_get_path (TwinRecordings *self);
TwinRecorder   *twin_recordings_get_recorder (TwinRecordings *self);
cJSON          *twin_recordings_status  (TwinRecordings  *self);
gboolean        twin_recordings_handle  (TwinRecordings  *self,
                                         const char      *data,
                                         gsize            length,
                                         GError         **error);

G_END_DECLS
