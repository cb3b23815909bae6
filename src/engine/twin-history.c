/* twin-history.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "twin-history"

#include "config.h"

#include <math.h>

#include "twin-history.h"

/* Pyramid level k (k >= 1) summarises blocks of FANOUT^k samples.  With 8,
 * a query's ragged end at a level is at most 7 blocks, 56 bytes of one
 * channel, about one cache line; and the pyramid costs 1/7 of the samples'
 * memory where 4 would cost 1/3, for no faster queries (bench-history).
 */
#ifndef TWIN_HISTORY_FANOUT_BITS
# define TWIN_HISTORY_FANOUT_BITS 3
#endif
#define FANOUT_BITS TWIN_HISTORY_FANOUT_BITS
#define MAX_LEVELS  (64 / FANOUT_BITS)

/* Grid times within this of an old sample's time count as reaching it, so
 * that resampling 0.1 s onto 0.1 s is the identity. */
#define RESAMPLE_EPSILON 1e-9

typedef struct
{
  guint    shift;       /* a block holds 1 << shift samples */
  gsize    n_blocks;    /* ring size */
  gsize    head;        /* slot of the newest block written */
  guint64  head_block;  /* and its block index */
  float   *minmax;      /* [channel][slot][min, max], one channel's run per query */
} TwinLevel;

struct _TwinHistory
{
  gsize       capacity;
  double      interval;
  double      inverse_interval;
  double      origin;
  guint64     end_index;
  guint64     floor;       /* no sample below it: what a truncation left */
  gsize       head;        /* slot the next sample goes to */
  TwinSample *samples;
  gsize       memory_size;
  guint       n_levels;
  TwinLevel   levels[MAX_LEVELS];
};

static inline guint64
twin_history_first_index (const TwinHistory *self)
{
  guint64 first = self->end_index > self->capacity ? self->end_index - self->capacity : 0;

  return MAX (first, self->floor);
}

static inline guint64
block_mask (const TwinLevel *level)
{
  return (G_GUINT64_CONSTANT (1) << level->shift) - 1;
}

/* Slots are found from the distance to the newest entry, which avoids a
 * 64-bit division per lookup.
 */
static inline gsize
ring_slot (gsize   head,
           gsize   size,
           guint64 distance)
{
  return head >= distance ? head - distance : head + size - distance;
}

static void
scan_samples (const TwinHistory *self,
              TwinChannel        channel,
              guint64            first,
              guint64            end,
              float             *min,
              float             *max)
{
  gsize slot = ring_slot (self->head, self->capacity, self->end_index - first);
  float lo = *min;
  float hi = *max;

  for (guint64 i = first; i < end; i++)
    {
      float v = self->samples[slot].values[channel];

      lo = v < lo ? v : lo;
      hi = v > hi ? v : hi;
      if (++slot == self->capacity)
        slot = 0;
    }

  *min = lo;
  *max = hi;
}

static void
scan_blocks (const TwinLevel *level,
             TwinChannel      channel,
             guint64          first_block,
             guint64          end_block,
             float           *min,
             float           *max)
{
  const float *minmax = level->minmax + (gsize) channel * level->n_blocks * 2;
  gsize slot = ring_slot (level->head, level->n_blocks, level->head_block - first_block);
  float lo = *min;
  float hi = *max;

  g_assert (end_block <= level->head_block + 1);
  g_assert (level->head_block - first_block < level->n_blocks);

  for (guint64 b = first_block; b < end_block; b++)
    {
      lo = minmax[slot * 2] < lo ? minmax[slot * 2] : lo;
      hi = minmax[slot * 2 + 1] > hi ? minmax[slot * 2 + 1] : hi;
      if (++slot == level->n_blocks)
        slot = 0;
    }

  *min = lo;
  *max = hi;
}

/* Scans [first, end) at level l (0 for the samples themselves); both ends
 * are multiples of that level's block size.
 */
static inline void
scan_level (const TwinHistory *self,
            guint              l,
            TwinChannel        channel,
            guint64            first,
            guint64            end,
            float             *min,
            float             *max)
{
  if (first >= end)
    return;

  if (l == 0)
    scan_samples (self, channel, first, end, min, max);
  else
    scan_blocks (&self->levels[l - 1], channel,
                 first >> self->levels[l - 1].shift,
                 end >> self->levels[l - 1].shift,
                 min, max);
}

static void
twin_history_summarise (const TwinHistory *self,
                        TwinChannel        channel,
                        guint64            first,
                        guint64            end,
                        TwinBucket        *bucket)
{
  guint64 lo = MAX (first, twin_history_first_index (self));
  guint64 hi = MIN (end, self->end_index);
  float min = INFINITY;
  float max = -INFINITY;

  if (lo >= hi)
    {
      bucket->min = 0;
      bucket->max = 0;
      bucket->n_samples = 0;
      bucket->first = bucket->end = MIN (first, self->end_index);
      return;
    }

  bucket->first = lo;
  bucket->end = hi;

  bucket->n_samples = (guint) MIN (hi - lo, (guint64) G_MAXUINT);

  /* Peel the ragged ends off at each level and climb with the aligned middle,
   * so only blocks wholly inside [lo, hi) are read.
   */
  for (guint l = 0; ; l++)
    {
      guint64 mask;
      guint64 up_lo;
      guint64 up_hi;

      if (l == self->n_levels)
        {
          scan_level (self, l, channel, lo, hi, &min, &max);
          break;
        }

      mask = block_mask (&self->levels[l]);
      up_lo = (lo + mask) & ~mask;
      up_hi = hi & ~mask;

      if (up_lo >= up_hi)
        {
          scan_level (self, l, channel, lo, hi, &min, &max);
          break;
        }

      scan_level (self, l, channel, lo, up_lo, &min, &max);
      scan_level (self, l, channel, up_hi, hi, &min, &max);
      lo = up_lo;
      hi = up_hi;
    }

  bucket->min = min;
  bucket->max = max;
}

/* The first index whose time is at or after @t, clamped to [0, end_index];
 * computed with index_to_time() so it agrees exactly with comparing sample
 * times against @t.
 */
static guint64
twin_history_time_to_index (const TwinHistory *self,
                            double             t)
{
  double x = (t - self->origin) * self->inverse_interval;
  guint64 i;

  /* Only a first guess, within one or two of the answer. */
  if (!(x > 0))
    i = 0;
  else if (x >= (double) self->end_index)
    i = self->end_index;
  else
    i = (guint64) x;

  while (i > 0 && twin_history_index_to_time (self, i - 1) >= t)
    i--;
  while (i < self->end_index && twin_history_index_to_time (self, i) < t)
    i++;

  return i;
}

/**
 * twin_history_new:
 * @capacity: how many samples to keep, or 0 for %TWIN_HISTORY_DEFAULT_CAPACITY
 * @interval: simulated seconds between samples, or 0 for
 *   %TWIN_HISTORY_DEFAULT_INTERVAL
 *
 * Allocates all the memory the history will ever use, so a long run does not
 * grow it.
 *
 * Returns: (transfer full): a new, empty history with origin 0
 */
TwinHistory *
twin_history_new (gsize  capacity,
                  double interval)
{
  TwinHistory *self;

  g_return_val_if_fail (interval >= 0 && isfinite (interval), NULL);

  if (capacity == 0)
    capacity = TWIN_HISTORY_DEFAULT_CAPACITY;
  if (interval == 0)
    interval = TWIN_HISTORY_DEFAULT_INTERVAL;

  self = g_new0 (TwinHistory, 1);
  self->capacity = capacity;
  self->interval = interval;
  self->inverse_interval = 1 / interval;
  self->samples = g_new (TwinSample, capacity);
  self->memory_size = sizeof *self + capacity * sizeof (TwinSample);

  /* A block larger than the capacity is never wholly inside the kept range. */
  for (guint shift = FANOUT_BITS;
       shift < 64 && (G_GUINT64_CONSTANT (1) << shift) <= capacity;
       shift += FANOUT_BITS)
    {
      TwinLevel *level = &self->levels[self->n_levels++];
      gsize block = (gsize) 1 << shift;

      g_assert (self->n_levels <= MAX_LEVELS);

      /* The oldest block wholly inside the kept range and the newest one,
       * being filled, are at most ceil(capacity / block) - 1 apart; one slot
       * more is a margin.
       */
      level->shift = shift;
      level->n_blocks = (capacity + block - 1) / block + 1;
      level->minmax = g_new (float, level->n_blocks * 2 * TWIN_N_CHANNELS);
      self->memory_size += level->n_blocks * 2 * TWIN_N_CHANNELS * sizeof (float);
    }

  return self;
}

void
twin_history_free (TwinHistory *self)
{
  if (self == NULL)
    return;

  for (guint l = 0; l < self->n_levels; l++)
    g_free (self->levels[l].minmax);
  g_free (self->samples);
  g_free (self);
}

/**
 * twin_history_clear:
 * @self: a #TwinHistory
 * @origin: the time of the next sample appended, which gets index 0
 *
 * Drops every sample; the memory stays allocated.
 */
void
twin_history_clear (TwinHistory *self,
                    double       origin)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (isfinite (origin));

  self->origin = origin;
  self->end_index = 0;
  self->floor = 0;
  self->head = 0;
  for (guint l = 0; l < self->n_levels; l++)
    {
      self->levels[l].head = 0;
      self->levels[l].head_block = 0;
    }
}

/* The partial block of @level that holds @end - 1 again summarises what
 * is below @end: samples at level 0, complete child blocks above. */
static void
refold_partial_block (TwinHistory *self,
                      guint        l,
                      guint64      end)
{
  TwinLevel *level = &self->levels[l];
  guint64 block = (end - 1) >> level->shift;
  guint64 start = block << level->shift;
  guint64 distance = level->head_block - block;

  g_assert (distance < level->n_blocks);
  level->head = ring_slot (level->head, level->n_blocks, distance);
  level->head_block = block;
  /* A block that starts below the oldest sample is never read whole. */
  if (start < twin_history_first_index (self))
    return;

  for (guint ch = 0; ch < TWIN_N_CHANNELS; ch++)
    {
      float *dst = level->minmax + ((gsize) ch * level->n_blocks + level->head) * 2;
      float min = INFINITY;
      float max = -INFINITY;

      if (l == 0)
        scan_samples (self, ch, start, end, &min, &max);
      else
        scan_blocks (&self->levels[l - 1], ch, start >> self->levels[l - 1].shift,
                     end >> self->levels[l - 1].shift, &min, &max);
      dst[0] = min;
      dst[1] = max;
    }
}

/**
 * twin_history_truncate:
 * @self: a #TwinHistory
 * @t: simulated s; samples at later times are dropped
 *
 * Forgets the samples after @t, as a backtrack to @t does; those at or
 * before it stay, with their indices, and the next sample appended takes
 * the index after the last one kept.
 */
void
twin_history_truncate (TwinHistory *self,
                       double       t)
{
  guint64 end;

  g_return_if_fail (self != NULL);
  g_return_if_fail (!isnan (t));

  end = twin_history_time_to_index (self, t);
  while (end < self->end_index && twin_history_index_to_time (self, end) <= t)
    end++;
  if (end >= self->end_index)
    return;
  if (end <= twin_history_first_index (self))
    {
      twin_history_clear (self, twin_history_index_to_time (self, end));
      return;
    }

  self->floor = twin_history_first_index (self);
  self->head = ring_slot (self->head, self->capacity, self->end_index - end);
  self->end_index = end;
  for (guint l = 0; l < self->n_levels; l++)
    refold_partial_block (self, l, end);
}

/* The summary of @block, which is either the newest block or the next one. */
static inline float *
level_block (TwinLevel *level,
             guint64    block)
{
  if (block != level->head_block)
    {
      g_assert (block == level->head_block + 1);
      level->head_block = block;
      if (++level->head == level->n_blocks)
        level->head = 0;
    }

  return level->minmax + level->head * 2;
}

/* Branch-free (minss/maxss): the data are noisy, so branches mispredict. */
static inline void
minmax_fold (float   *dst,
             float    min,
             float    max,
             gboolean first)
{
  if (first)
    {
      dst[0] = min;
      dst[1] = max;
    }
  else
    {
      dst[0] = min < dst[0] ? min : dst[0];
      dst[1] = max > dst[1] ? max : dst[1];
    }
}

/**
 * twin_history_append:
 * @self: a #TwinHistory
 * @sample: the sample at index twin_history_get_end_index()
 *
 * Appends a sample, dropping the oldest one when the history is full.  The
 * first level of the summary is updated with every sample, and a block that
 * this sample completes is folded into its parent: O(levels) at worst, O(1)
 * on average.  Queries only read complete blocks, so parents need not see
 * their newest, unfinished child.
 */
void
twin_history_append (TwinHistory      *self,
                     const TwinSample *sample)
{
  TwinLevel *level;
  guint64 index;
  gboolean first;
  float *dst;

  g_return_if_fail (self != NULL);
  g_return_if_fail (sample != NULL);

  index = self->end_index;
  self->end_index = index + 1;

  self->samples[self->head] = *sample;
  if (++self->head == self->capacity)
    self->head = 0;

  if (self->n_levels == 0)
    return;

  level = &self->levels[0];
  dst = level_block (level, index >> level->shift);
  first = (index & block_mask (level)) == 0;
  for (guint ch = 0; ch < TWIN_N_CHANNELS; ch++, dst += level->n_blocks * 2)
    minmax_fold (dst, sample->values[ch], sample->values[ch], first);

  for (guint l = 0;
       l + 1 < self->n_levels && (self->end_index & block_mask (&self->levels[l])) == 0;
       l++)
    {
      const TwinLevel *child = &self->levels[l];
      TwinLevel *parent = &self->levels[l + 1];
      guint64 block = index >> child->shift;
      const float *src = child->minmax + child->head * 2;

      dst = level_block (parent, block >> FANOUT_BITS);
      first = (block & ((1u << FANOUT_BITS) - 1)) == 0;
      for (guint ch = 0; ch < TWIN_N_CHANNELS; ch++)
        {
          minmax_fold (dst, src[0], src[1], first);
          src += child->n_blocks * 2;
          dst += parent->n_blocks * 2;
        }
    }
}

gsize
twin_history_get_capacity (const TwinHistory *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->capacity;
}

double
twin_history_get_interval (const TwinHistory *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->interval;
}

gsize
twin_history_get_length (const TwinHistory *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->end_index - twin_history_first_index (self);
}

/**
 * twin_history_get_first_index:
 * @self: a #TwinHistory
 *
 * Returns: the index of the oldest sample kept
 */
guint64
twin_history_get_first_index (const TwinHistory *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return twin_history_first_index (self);
}

/**
 * twin_history_get_end_index:
 * @self: a #TwinHistory
 *
 * Returns: one past the index of the newest sample, that is the number of
 *   samples appended since the last clear
 */
guint64
twin_history_get_end_index (const TwinHistory *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->end_index;
}

/**
 * twin_history_index_to_time:
 * @self: a #TwinHistory
 * @index: a sample index, kept or not
 *
 * Returns: the simulated time of sample @index
 */
double
twin_history_index_to_time (const TwinHistory *self,
                            guint64            index)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->origin + (double) index * self->interval;
}

/**
 * twin_history_get_first_time:
 * @self: a #TwinHistory
 *
 * Returns: the time of the oldest sample kept, or the origin when empty
 */
double
twin_history_get_first_time (const TwinHistory *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return twin_history_index_to_time (self, twin_history_first_index (self));
}

/**
 * twin_history_get_last_time:
 * @self: a #TwinHistory
 *
 * Returns: the time of the newest sample, or the origin when empty
 */
double
twin_history_get_last_time (const TwinHistory *self)
{
  g_return_val_if_fail (self != NULL, 0);

  if (self->end_index == 0)
    return self->origin;

  return twin_history_index_to_time (self, self->end_index - 1);
}

/**
 * twin_history_get_sample:
 * @self: a #TwinHistory
 * @index: the sample's index
 * @sample: (out) (optional): where to store the sample
 *
 * Returns: %FALSE if @index is not in [first index, end index)
 */
gboolean
twin_history_get_sample (const TwinHistory *self,
                         guint64            index,
                         TwinSample        *sample)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (index < twin_history_first_index (self) || index >= self->end_index)
    return FALSE;

  if (sample != NULL)
    *sample = self->samples[ring_slot (self->head, self->capacity, self->end_index - index)];

  return TRUE;
}

/**
 * twin_history_get_memory_size:
 * @self: a #TwinHistory
 *
 * Returns: the bytes allocated for @self, which never change after new()
 */
gsize
twin_history_get_memory_size (const TwinHistory *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->memory_size;
}

/**
 * twin_history_query_range:
 * @self: a #TwinHistory
 * @channel: the channel to summarise
 * @first: the first index
 * @end: one past the last index
 * @bucket: (out): min, max and count of the kept samples in [@first, @end)
 *
 * Costs O(fanout · levels) whatever the range's length.  An empty range
 * gives n_samples 0 and min = max = 0.
 */
void
twin_history_query_range (const TwinHistory *self,
                          TwinChannel        channel,
                          guint64            first,
                          guint64            end,
                          TwinBucket        *bucket)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail ((guint) channel < TWIN_N_CHANNELS);
  g_return_if_fail (bucket != NULL);

  twin_history_summarise (self, channel, first, end, bucket);
}

/**
 * twin_history_query:
 * @self: a #TwinHistory
 * @channel: the channel to summarise
 * @t0: start time
 * @t1: end time
 * @n_buckets: number of buckets
 * @buckets: (array length=n_buckets) (out caller-allocates): the summary
 *
 * Splits [@t0, @t1) into @n_buckets equal time buckets: bucket j holds the
 * samples whose time is in [t0 + (t1 - t0) * j / n_buckets,
 * t0 + (t1 - t0) * (j + 1) / n_buckets), the last one ending exactly at @t1.
 * A bucket without samples has n_samples 0 and min = max = 0.  Costs
 * O(n_buckets · levels), not O(samples).
 *
 * When a bucket spans at least fanout² samples, the edges between buckets
 * are moved to the nearest multiple of the largest block size that is at
 * most 1/fanout of a bucket: by at most 1/16 of a bucket, a sixteenth of a
 * pixel in a plot. The query then reads only pyramid levels whose blocks
 * lie next to each other in memory, so its time stays flat from 10⁴ to 10⁷
 * samples instead of growing with cache misses. Each bucket's first and end
 * say exactly which samples it summarises.
 */
void
twin_history_query (const TwinHistory *self,
                    TwinChannel        channel,
                    double             t0,
                    double             t1,
                    guint              n_buckets,
                    TwinBucket        *buckets)
{
  guint64 lo;
  guint shift = 0;

  g_return_if_fail (self != NULL);
  g_return_if_fail ((guint) channel < TWIN_N_CHANNELS);
  g_return_if_fail (n_buckets == 0 || buckets != NULL);

  lo = twin_history_time_to_index (self, t0);

  if (n_buckets > 0 && t1 > t0)
    {
      double width = (t1 - t0) * self->inverse_interval / n_buckets;

      while (shift + 2 * FANOUT_BITS < 63 &&
             (double) (G_GUINT64_CONSTANT (1) << (shift + 2 * FANOUT_BITS)) <= width)
        shift += FANOUT_BITS;
    }

  for (guint j = 0; j < n_buckets; j++)
    {
      double edge = j + 1 == n_buckets ? t1 : t0 + (t1 - t0) * (double) (j + 1) / n_buckets;
      guint64 hi = twin_history_time_to_index (self, edge);

      if (shift > 0 && j + 1 < n_buckets)
        hi = ((hi + (G_GUINT64_CONSTANT (1) << (shift - 1))) >> shift) << shift;

      twin_history_summarise (self, channel, lo, hi, &buckets[j]);
      lo = MAX (lo, hi);
    }
}

/**
 * twin_history_new_resampled:
 * @old: the history to carry over
 *
 * Returns: (transfer full): a history of @capacity samples every @interval
 *   s holding @old's samples resampled onto the new interval (each new
 *   sample holds the old sample at or before its time), newest first when
 *   they do not all fit; it continues where @old would have.
 */
TwinHistory *
twin_history_new_resampled (const TwinHistory *old,
                            gsize              capacity,
                            double             interval)
{
  TwinHistory *history;
  guint64 old_first, old_end;
  double t_first, t_last, origin;
  guint64 n, k0;

  g_return_val_if_fail (old != NULL, NULL);
  g_return_val_if_fail (capacity > 0, NULL);
  g_return_val_if_fail (interval > 0, NULL);

  history = twin_history_new (capacity, interval);
  old_first = twin_history_get_first_index (old);
  old_end = twin_history_get_end_index (old);

  if (old_end == old_first)
    {
      /* Nothing recorded yet: the next sample is due at the next grid time. */
      origin = twin_history_index_to_time (old, old_end);
      twin_history_clear (history, origin);
    }
  else
    {
      t_first = twin_history_index_to_time (old, old_first);
      t_last = twin_history_index_to_time (old, old_end - 1);
      n = (guint64)floor ((t_last - t_first) / interval + RESAMPLE_EPSILON) + 1;
      k0 = n > capacity ? n - capacity : 0;
      origin = t_first + (double)k0 * interval;
      twin_history_clear (history, origin);

      for (guint64 k = k0; k < n; k++)
        {
          double t = t_first + (double)k * interval;
          guint64 i = old_first + (guint64)floor ((t - t_first) / twin_history_get_interval (old) + RESAMPLE_EPSILON);
          TwinSample sample;

          twin_history_get_sample (old, MIN (i, old_end - 1), &sample);
          twin_history_append (history, &sample);
        }
    }

  return history;
}
