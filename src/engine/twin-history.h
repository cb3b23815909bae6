/* twin-history.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "twin-fields.h"

G_BEGIN_DECLS

typedef struct
{
  float values[TWIN_N_CHANNELS];
} TwinSample;

/* min/max of the samples [first, end) of one bucket; n_samples is 0 when
 * the bucket holds no sample */
typedef struct
{
  float   min;
  float   max;
  guint   n_samples;
  guint64 first;
  guint64 end;
} TwinBucket;

typedef struct _TwinHistory TwinHistory;

#define TWIN_HISTORY_DEFAULT_CAPACITY 1000000
#define TWIN_HISTORY_DEFAULT_INTERVAL 0.1

TwinHistory *twin_history_new            (gsize               capacity,
                                          double              interval);
TwinHistory *twin_history_new_resampled  (const TwinHistory  *old,
                                          gsize               capacity,
                                          double              interval);
void         twin_history_free           (TwinHistory        *self);
void         twin_history_clear          (TwinHistory        *self,
                                          double              origin);
void         twin_history_truncate       (TwinHistory        *self,
                                          double              t);
void         twin_history_append         (TwinHistory        *self,
                                          const TwinSample   *sample);
gsize        twin_history_get_capacity   (const TwinHistory  *self);
double       twin_history_get_interval   (const TwinHistory  *self);
gsize        twin_history_get_length     (const TwinHistory  *self);
guint64      twin_history_get_first_index(const TwinHistory  *self);
guint64      twin_history_get_end_index  (const TwinHistory  *self);
double       twin_history_index_to_time  (const TwinHistory  *self,
                                          guint64             index);
double       twin_history_get_first_time (const TwinHistory  *self);
double       twin_history_get_last_time  (const TwinHistory  *self);
gboolean     twin_history_get_sample     (const TwinHistory  *self,
                                          guint64             index,
                                          TwinSample         *sample);
gsize        twin_history_get_memory_size(const TwinHistory  *self);
void         twin_history_query_range    (const TwinHistory  *self,
                                          TwinChannel         channel,
                                          guint64             first,
                                          guint64             end,
                                          TwinBucket         *bucket);
void         twin_history_query          (const TwinHistory  *self,
                                          TwinChannel         channel,
                                          double              t0,
                                          double              t1,
                                          guint               n_buckets,
                                          TwinBucket         *buckets);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TwinHistory, twin_history_free)

G_END_DECLS
