/* twin-recording-feed.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "twin-engine.h"

G_BEGIN_DECLS

#define TWIN_TYPE_RECORDING_FEED (twin_recording_feed_get_type ())

G_DECLARE_FINAL_TYPE (TwinRecordingFeed, twin_recording_feed, TWIN, RECORDING_FEED, GObject)

TwinRecordingFeed *twin_recording_feed_new          (TwinEngine         *engine,
                                                     const char         *path,
                                                     GError            **error);
void               twin_recording_feed_start        (TwinRecordingFeed  *self);
void               twin_recording_feed_stop         (TwinRecordingFeed  *self);
double             twin_recording_feed_get_duration (TwinRecordingFeed  *self);
guint              twin_recording_feed_get_count    (TwinRecordingFeed  *self);
guint              twin_recording_feed_get_fed      (TwinRecordingFeed  *self);
gboolean           twin_recording_feed_is_finished  (TwinRecordingFeed  *self);

G_END_DECLS
