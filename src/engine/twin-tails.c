/* twin-tails.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The n_low smallest and the n_high largest values of each channel in
 * each sample over the trajectories folded in so far: where an
 * ensemble's P10 and P90 are. Members fold in one by one and need not be
 * kept. The k-th smallest of all is the k-th smallest of the union of
 * each part's k smallest, so tails filled apart, one per thread, merge
 * into the same band however the members were shared out.
 */

#define G_LOG_DOMAIN "twin-forecast"

#include "config.h"

#include <string.h>

#include "twin-tails.h"

#define CACHE_LINE      64
#define FLOATS_PER_LINE (CACHE_LINE / sizeof (float))

/* Bytes of freed tails kept for the next twin_tails_new() of their
 * shape: the live outlook runs an ensemble of one shape many times a
 * second (2000 or 2001 samples, as its start falls on the grid), and
 * fresh memory costs a page fault per 4 kB on first touch. */
#define SPARE_BYTES (4u << 20)

/* Rows are allocated in multiples of this, so that tails of 2000 and of
 * 2001 samples are one shape. */
#define ROOM_ROWS 64

/* The two lists of a sample's channel share a slot of whole cache lines,
 * so that a fold reads the slots in order; the largest are kept as the
 * smallest of the negated values, the same code, negation being exact. */
struct _TwinTails
{
  guint64  n_rows;
  guint    n_low;
  guint    n_high;
  guint    slot;       /* floats: n_low + n_high, in whole cache lines */
  guint    n_folded;
  float   *slots;      /* [sample × channels + channel]: the smallest
                        * ascending, then the negated largest ascending */
};

static GMutex  spare_lock;
static GQueue  spare = G_QUEUE_INIT;  /* the most recently freed last */
static gsize   spare_bytes;

static guint64
room_for (guint64 n_rows)
{
  return MAX ((n_rows + ROOM_ROWS - 1) / ROOM_ROWS, 1) * ROOM_ROWS;
}

static guint
slot_floats (guint n_low,
             guint n_high)
{
  return (n_low + n_high + FLOATS_PER_LINE - 1) / FLOATS_PER_LINE * FLOATS_PER_LINE;
}

/**
 * twin_tails_size:
 *
 * Returns: the bytes twin_tails_new() allocates for these
 */
gsize
twin_tails_size (guint64 n_rows,
                 guint   n_low,
                 guint   n_high)
{
  return sizeof (TwinTails) + room_for (n_rows) * TWIN_N_CHANNELS * slot_floats (n_low, n_high) * sizeof (float);
}

static gsize
kept_size (const TwinTails *tails)
{
  return twin_tails_size (tails->n_rows, tails->n_low, tails->n_high);
}

static TwinTails *
spare_take (guint64 n_rows,
            guint   n_low,
            guint   n_high)
{
  TwinTails *tails = NULL;

  g_mutex_lock (&spare_lock);
  for (GList *l = spare.tail; l != NULL; l = l->prev)
    {
      TwinTails *t = l->data;

      if (t->n_low == n_low && t->n_high == n_high && room_for (t->n_rows) == room_for (n_rows))
        {
          tails = t;
          g_queue_delete_link (&spare, l);
          spare_bytes -= kept_size (t);
          break;
        }
    }
  g_mutex_unlock (&spare_lock);

  return tails;
}

static void
release (TwinTails *tails)
{
  g_aligned_free (tails->slots);
  g_free (tails);
}

/* Keeps @tails for reuse, making room by releasing the longest kept. */
static gboolean
spare_give (TwinTails *tails)
{
  gsize size = kept_size (tails);

  if (size > SPARE_BYTES)
    return FALSE;

  g_mutex_lock (&spare_lock);
  while (spare_bytes + size > SPARE_BYTES)
    {
      TwinTails *old = g_queue_pop_head (&spare);

      spare_bytes -= kept_size (old);
      release (old);
    }
  g_queue_push_tail (&spare, tails);
  spare_bytes += size;
  g_mutex_unlock (&spare_lock);

  return TRUE;
}

/**
 * twin_tails_new:
 * @n_rows: samples of each trajectory folded in
 * @n_low: smallest values kept, ≥ 1
 * @n_high: largest values kept, ≥ 1
 *
 * Tails with nothing folded in: freed ones of the same shape when some
 * are kept (at most 4 MiB of them).
 */
TwinTails *
twin_tails_new (guint64 n_rows,
                guint   n_low,
                guint   n_high)
{
  TwinTails *tails;

  g_return_val_if_fail (n_low > 0 && n_high > 0, NULL);

  tails = spare_take (n_rows, n_low, n_high);
  if (tails != NULL)
    {
      tails->n_rows = n_rows;
      tails->n_folded = 0;
      return tails;
    }

  tails = g_new0 (TwinTails, 1);
  tails->n_rows = n_rows;
  tails->n_low = n_low;
  tails->n_high = n_high;
  tails->slot = slot_floats (n_low, n_high);
  tails->slots = g_aligned_alloc (room_for (n_rows) * TWIN_N_CHANNELS, tails->slot * sizeof (float), CACHE_LINE);
  return tails;
}

void
twin_tails_free (TwinTails *tails)
{
  if (tails == NULL || spare_give (tails))
    return;

  release (tails);
}

/* Keeps @v if it is among the @k smallest, @ranks holding the @n_kept
 * smallest so far in order. */
static inline void
keep_smallest (float *ranks,
               guint  n_kept,
               guint  k,
               float  v)
{
  guint r = n_kept;

  if (n_kept == k)
    {
      if (!(v < ranks[k - 1]))
        return;
      r = k - 1;
    }
  for (; r > 0 && ranks[r - 1] > v; r--)
    ranks[r] = ranks[r - 1];
  ranks[r] = v;
}

/**
 * twin_tails_fold:
 * @trajectory: from index 0, exactly the tails' rows
 */
void
twin_tails_fold (TwinTails         *tails,
                 const TwinHistory *trajectory)
{
  guint n_low, n_high;
  float *slot;

  g_return_if_fail (tails != NULL);
  g_return_if_fail (twin_history_get_first_index (trajectory) == 0);
  g_return_if_fail (twin_history_get_end_index (trajectory) == tails->n_rows);

  n_low = MIN (tails->n_folded, tails->n_low);
  n_high = MIN (tails->n_folded, tails->n_high);
  slot = tails->slots;
  for (guint64 i = 0; i < tails->n_rows; i++)
    {
      TwinSample sample;

      twin_history_get_sample (trajectory, i, &sample);
      for (guint c = 0; c < TWIN_N_CHANNELS; c++, slot += tails->slot)
        {
          keep_smallest (slot, n_low, tails->n_low, sample.values[c]);
          keep_smallest (slot + tails->n_low, n_high, tails->n_high, -sample.values[c]);
        }
    }
  tails->n_folded++;
}

/* The @k-th smallest of the parts' kept values at @at (@offset into the
 * slot: the low or the high list), walking their ordered lists together. */
static float
kth_smallest (TwinTails * const *parts,
              guint              n_parts,
              gsize              at,
              guint              offset,
              guint              k,
              guint             *next)
{
  float v = 0;

  memset (next, 0, n_parts * sizeof *next);
  for (guint step = 0; step < k; step++)
    {
      guint best = 0;

      for (guint p = 0; p < n_parts; p++)
        {
          const float *ranks = parts[p]->slots + at * parts[p]->slot + offset;

          if (next[p] < MIN (parts[p]->n_folded, k) && (best == 0 || ranks[next[p]] < v))
            {
              v = ranks[next[p]];
              best = p + 1;
            }
        }
      next[best - 1]++;
    }

  return v;
}

/**
 * twin_tails_merge:
 * @parts: tails of the same rows and ranks, which together folded in at
 *   least n_low and n_high trajectories
 * @low: (out): for each sample in [@first, @end), by its index, the
 *   n_low-th smallest value of each channel over every part
 * @high: (out): the n_high-th largest
 */
void
twin_tails_merge (TwinTails * const *parts,
                  guint              n_parts,
                  guint64            first,
                  guint64            end,
                  TwinSample        *low,
                  TwinSample        *high)
{
  g_autofree guint *next = NULL;
  guint n_folded = 0;

  g_return_if_fail (n_parts > 0);
  for (guint p = 0; p < n_parts; p++)
    {
      g_return_if_fail (parts[p]->n_rows == parts[0]->n_rows && parts[p]->n_low == parts[0]->n_low &&
                        parts[p]->n_high == parts[0]->n_high);
      n_folded += parts[p]->n_folded;
    }
  g_return_if_fail (n_folded >= MAX (parts[0]->n_low, parts[0]->n_high));
  g_return_if_fail (end <= parts[0]->n_rows);

  next = g_new (guint, n_parts);
  for (guint64 i = first; i < end; i++)
    for (guint c = 0; c < TWIN_N_CHANNELS; c++)
      {
        gsize at = i * TWIN_N_CHANNELS + c;

        low[i].values[c] = kth_smallest (parts, n_parts, at, 0, parts[0]->n_low, next);
        high[i].values[c] = -kth_smallest (parts, n_parts, at, parts[0]->n_low, parts[0]->n_high, next);
      }
}
