/* test-history.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <math.h>
#include <string.h>

#include "twin-history.h"

static void
make_sample (guint64     index,
             TwinSample *sample)
{
  for (guint ch = 0; ch < TWIN_N_CHANNELS; ch++)
    sample->values[ch] = (float) (index * TWIN_N_CHANNELS + ch);
}

static void
append_random (TwinHistory *history,
               GRand       *rand,
               guint64      n)
{
  for (guint64 i = 0; i < n; i++)
    {
      TwinSample sample;

      for (guint ch = 0; ch < TWIN_N_CHANNELS; ch++)
        sample.values[ch] = (float) g_rand_double_range (rand, -1000, 1000);
      twin_history_append (history, &sample);
    }
}

static void
bucket_add (TwinBucket *bucket,
            float       value)
{
  if (bucket->n_samples == 0 || value < bucket->min)
    bucket->min = value;
  if (bucket->n_samples == 0 || value > bucket->max)
    bucket->max = value;
  bucket->n_samples++;
}

static void
brute_range (const TwinHistory *history,
             TwinChannel        channel,
             guint64            first,
             guint64            end,
             TwinBucket        *bucket)
{
  guint64 kept_first = twin_history_get_first_index (history);
  guint64 kept_end = twin_history_get_end_index (history);

  *bucket = (TwinBucket) { 0, 0, 0, 0, 0 };

  for (guint64 i = MAX (first, kept_first); i < MIN (end, kept_end); i++)
    {
      TwinSample sample;

      g_assert_true (twin_history_get_sample (history, i, &sample));
      bucket_add (bucket, sample.values[channel]);
    }
}

/* Must compute the edges exactly as twin_history_query() documents them. */
static double
bucket_edge (double t0,
             double t1,
             guint  n_buckets,
             guint  j)
{
  if (j == 0)
    return t0;
  if (j == n_buckets)
    return t1;
  return t0 + (t1 - t0) * (double) j / n_buckets;
}

static void
brute_query (const TwinHistory *history,
             TwinChannel        channel,
             double             t0,
             double             t1,
             guint              n_buckets,
             TwinBucket        *buckets)
{
  guint64 end = twin_history_get_end_index (history);
  guint j = 0;

  for (guint k = 0; k < n_buckets; k++)
    buckets[k] = (TwinBucket) { 0, 0, 0, 0, 0 };

  for (guint64 i = twin_history_get_first_index (history); i < end; i++)
    {
      double t = twin_history_index_to_time (history, i);
      TwinSample sample;

      if (t < t0)
        continue;
      while (j < n_buckets && t >= bucket_edge (t0, t1, n_buckets, j + 1))
        j++;
      if (j == n_buckets)
        break;

      g_assert_true (twin_history_get_sample (history, i, &sample));
      bucket_add (&buckets[j], sample.values[channel]);
    }
}

static void
assert_bucket_equal (const TwinBucket *bucket,
                     const TwinBucket *expected)
{
  g_assert_cmpuint (bucket->n_samples, ==, expected->n_samples);
  g_assert_cmpfloat (bucket->min, ==, expected->min);
  g_assert_cmpfloat (bucket->max, ==, expected->max);
}

static void
check_range (const TwinHistory *history,
             guint64            first,
             guint64            end)
{
  for (guint ch = 0; ch < TWIN_N_CHANNELS; ch++)
    {
      TwinBucket bucket;
      TwinBucket expected;

      twin_history_query_range (history, ch, first, end, &bucket);
      brute_range (history, ch, first, end, &expected);
      assert_bucket_equal (&bucket, &expected);
    }
}

static void
check_query (const TwinHistory *history,
             double             t0,
             double             t1,
             guint              n_buckets)
{
  g_autofree TwinBucket *buckets = g_new (TwinBucket, n_buckets);
  g_autofree TwinBucket *expected = g_new (TwinBucket, n_buckets);
  double width = (t1 - t0) / twin_history_get_interval (history) / n_buckets;

  for (guint ch = 0; ch < TWIN_N_CHANNELS; ch++)
    {
      guint64 total = 0, expected_total = 0;

      twin_history_query (history, ch, t0, t1, n_buckets, buckets);
      brute_query (history, ch, t0, t1, n_buckets, expected);

      /* Narrow buckets are exact; wide ones may move their inner edges by
       * at most 1/16 of a bucket, and say which samples they hold. */
      for (guint j = 0; j < n_buckets; j++)
        {
          TwinBucket exact;

          if (width < 64)
            {
              assert_bucket_equal (&buckets[j], &expected[j]);
              continue;
            }

          brute_range (history, ch, buckets[j].first, buckets[j].end, &exact);
          assert_bucket_equal (&buckets[j], &exact);
          g_assert_cmpfloat (fabs ((double) buckets[j].n_samples - expected[j].n_samples), <=, width / 8 + 1);
          if (j > 0)
            g_assert_cmpuint (buckets[j].first, >=, buckets[j - 1].end);
          total += buckets[j].n_samples;
          expected_total += expected[j].n_samples;
        }
      g_assert_cmpuint (total, ==, expected_total);
    }
}

static void
test_history_query_wide (void)
{
  g_autoptr(TwinHistory) history = twin_history_new (300000, 0.1);
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);

  append_random (history, rand, 700000);
  check_query (history, 0, 1e6, 1920);
  check_query (history, 40000.05, 69999.93, 97);
  check_query (history, 65000, 70000, 10);
  for (guint i = 0; i < 20; i++)
    {
      double a = g_rand_double_range (rand, 38000, 71000);
      double b = g_rand_double_range (rand, a, 71000);

      check_query (history, a, b, g_rand_int_range (rand, 1, 200));
    }
}

static void
test_history_capacity (void)
{
  static const gsize capacities[] = { 1, 7, 8, 1000, 4096, 12345 };

  for (guint c = 0; c < G_N_ELEMENTS (capacities); c++)
    {
      gsize capacity = capacities[c];
      g_autoptr(TwinHistory) history = twin_history_new (capacity, 0.1);
      gsize memory_size = twin_history_get_memory_size (history);

      g_assert_cmpuint (twin_history_get_capacity (history), ==, capacity);
      g_assert_cmpuint (twin_history_get_length (history), ==, 0);
      g_assert_cmpuint (memory_size, <=, 3 * capacity * sizeof (TwinSample) + 4096);

      for (guint64 i = 0; i < 10 * capacity; i++)
        {
          TwinSample sample;

          make_sample (i, &sample);
          twin_history_append (history, &sample);

          if (i + 1 == capacity / 2)
            g_assert_cmpuint (twin_history_get_length (history), ==, capacity / 2);
        }

      g_assert_cmpuint (twin_history_get_length (history), ==, capacity);
      g_assert_cmpuint (twin_history_get_first_index (history), ==, 9 * capacity);
      g_assert_cmpuint (twin_history_get_end_index (history), ==, 10 * capacity);
      g_assert_cmpuint (twin_history_get_memory_size (history), ==, memory_size);
    }
}

static void
test_history_defaults (void)
{
  g_autoptr(TwinHistory) history = twin_history_new (0, 0);

  g_assert_cmpuint (twin_history_get_capacity (history), ==, TWIN_HISTORY_DEFAULT_CAPACITY);
  g_assert_cmpfloat (twin_history_get_interval (history), ==, TWIN_HISTORY_DEFAULT_INTERVAL);
  g_assert_cmpuint (twin_history_get_end_index (history), ==, 0);
  g_assert_cmpfloat (twin_history_index_to_time (history, 0), ==, 0);
}

static void
test_history_wrap (void)
{
  g_autoptr(TwinHistory) history = twin_history_new (1000, 0.1);
  TwinSample sample;

  for (guint64 i = 0; i < 2500; i++)
    {
      make_sample (i, &sample);
      twin_history_append (history, &sample);
    }

  /* 2500 crosses the ring's end at 2000 */
  for (guint64 i = 1500; i < 2500; i++)
    {
      TwinSample expected;

      make_sample (i, &expected);
      g_assert_true (twin_history_get_sample (history, i, &sample));
      for (guint ch = 0; ch < TWIN_N_CHANNELS; ch++)
        g_assert_cmpfloat (sample.values[ch], ==, expected.values[ch]);
    }

  g_assert_true (twin_history_get_sample (history, 1500, NULL));
  g_assert_false (twin_history_get_sample (history, 0, &sample));
  g_assert_false (twin_history_get_sample (history, 1499, &sample));
  g_assert_false (twin_history_get_sample (history, 2500, &sample));
  g_assert_false (twin_history_get_sample (history, G_MAXUINT64, &sample));
}

static void
test_history_time (void)
{
  g_autoptr(TwinHistory) history = twin_history_new (100, 0.25);
  TwinBucket buckets[4];
  TwinSample sample;

  twin_history_clear (history, 10.0);
  g_assert_cmpfloat (twin_history_get_interval (history), ==, 0.25);
  g_assert_cmpfloat (twin_history_index_to_time (history, 0), ==, 10.0);
  g_assert_cmpfloat (twin_history_index_to_time (history, 4), ==, 11.0);
  g_assert_cmpfloat (twin_history_get_first_time (history), ==, 10.0);
  g_assert_cmpfloat (twin_history_get_last_time (history), ==, 10.0);

  for (guint64 i = 0; i < 250; i++)
    {
      make_sample (i, &sample);
      twin_history_append (history, &sample);
    }

  g_assert_cmpuint (twin_history_get_first_index (history), ==, 150);
  g_assert_cmpfloat (twin_history_get_first_time (history), ==, 10.0 + 150 * 0.25);
  g_assert_cmpfloat (twin_history_get_last_time (history), ==, 10.0 + 249 * 0.25);

  /* buckets are half-open: [47.5, 47.75) holds sample 150 alone */
  twin_history_query (history, TWIN_CHANNEL_RPM, 47.5, 48.5, 4, buckets);
  for (guint j = 0; j < 4; j++)
    {
      make_sample (150 + j, &sample);
      g_assert_cmpuint (buckets[j].n_samples, ==, 1);
      g_assert_cmpfloat (buckets[j].min, ==, sample.values[TWIN_CHANNEL_RPM]);
      g_assert_cmpfloat (buckets[j].max, ==, sample.values[TWIN_CHANNEL_RPM]);
    }

  /* a bucket starting between two samples holds the later one */
  twin_history_query (history, TWIN_CHANNEL_WEAR, 47.6, 48.1, 1, buckets);
  g_assert_cmpuint (buckets[0].n_samples, ==, 2);
  make_sample (151, &sample);
  g_assert_cmpfloat (buckets[0].min, ==, sample.values[TWIN_CHANNEL_WEAR]);
  make_sample (152, &sample);
  g_assert_cmpfloat (buckets[0].max, ==, sample.values[TWIN_CHANNEL_WEAR]);
}

static void
test_history_clear (void)
{
  g_autoptr(TwinHistory) history = twin_history_new (1000, 0.1);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  gsize memory_size = twin_history_get_memory_size (history);
  TwinBucket bucket;
  TwinBucket buckets[3];

  append_random (history, rand, 3000);
  twin_history_clear (history, 5.0);

  g_assert_cmpuint (twin_history_get_length (history), ==, 0);
  g_assert_cmpuint (twin_history_get_first_index (history), ==, 0);
  g_assert_cmpuint (twin_history_get_end_index (history), ==, 0);
  g_assert_cmpfloat (twin_history_index_to_time (history, 0), ==, 5.0);
  g_assert_cmpfloat (twin_history_get_first_time (history), ==, 5.0);
  g_assert_cmpfloat (twin_history_get_last_time (history), ==, 5.0);
  g_assert_false (twin_history_get_sample (history, 0, NULL));
  g_assert_cmpuint (twin_history_get_memory_size (history), ==, memory_size);

  twin_history_query_range (history, TWIN_CHANNEL_TEMPERATURE, 0, G_MAXUINT64, &bucket);
  g_assert_cmpuint (bucket.n_samples, ==, 0);
  twin_history_query (history, TWIN_CHANNEL_TEMPERATURE, -100, 400, 3, buckets);
  for (guint j = 0; j < 3; j++)
    g_assert_cmpuint (buckets[j].n_samples, ==, 0);

  /* the summary blocks left from before the clear must not leak into queries */
  append_random (history, rand, 700);
  g_assert_cmpuint (twin_history_get_length (history), ==, 700);
  g_assert_cmpfloat (twin_history_get_last_time (history), ==, 5.0 + 699 * 0.1);
  for (guint i = 0; i < 200; i++)
    {
      guint64 first = g_rand_int_range (rand, 0, 720);
      guint64 end = g_rand_int_range (rand, 0, 720);

      check_range (history, first, end);
    }
  check_range (history, 0, G_MAXUINT64);
  check_query (history, 0, 100, 37);
}

/* Every range around the kept one, at several fill levels, for capacities
 * below, at and just past powers of the fanouts.
 */
static void
test_history_query_range_exhaustive (void)
{
  static const gsize capacities[] = { 1, 3, 4, 8, 9, 16, 64, 65, 100 };

  for (guint c = 0; c < G_N_ELEMENTS (capacities); c++)
    {
      gsize capacity = capacities[c];
      g_autoptr(TwinHistory) history = twin_history_new (capacity, 0.1);
      g_autoptr(GRand) rand = g_rand_new_with_seed (capacity);
      guint64 step = MAX (1, capacity / 3);

      for (guint64 filled = 0; filled <= 4 * capacity; filled += step)
        {
          guint64 first = twin_history_get_first_index (history);
          guint64 end = twin_history_get_end_index (history);

          for (guint64 a = first > 2 ? first - 2 : 0; a <= end + 2; a++)
            for (guint64 b = a; b <= end + 2; b++)
              check_range (history, a, b);

          append_random (history, rand, step);
        }
    }
}

/* An index from 20 before the kept range to 20 past it, never below 0. */
static guint64
random_index (GRand   *rand,
              guint64  first,
              guint64  end)
{
  gint64 i = (gint64) first + g_rand_int_range (rand, -20, end - first + 20);

  return MAX (i, 0);
}

static void
test_history_query_range_random (void)
{
  static const gsize capacities[] = { 5, 1000, 4097, 12345 };

  for (guint c = 0; c < G_N_ELEMENTS (capacities); c++)
    {
      gsize capacity = capacities[c];
      g_autoptr(TwinHistory) history = twin_history_new (capacity, 0.1);
      g_autoptr(GRand) rand = g_rand_new_with_seed (capacity);

      while (twin_history_get_end_index (history) < 5 * capacity)
        {
          guint64 first;
          guint64 end;

          append_random (history, rand, g_rand_int_range (rand, 1, capacity));
          first = twin_history_get_first_index (history);
          end = twin_history_get_end_index (history);

          for (guint i = 0; i < 150; i++)
            {
              guint64 a = random_index (rand, first, end);
              guint64 b;

              /* short ranges hit the ragged ends, long ones the top levels */
              if (g_rand_boolean (rand))
                b = a + g_rand_int_range (rand, 0, 40);
              else
                b = random_index (rand, first, end);

              check_range (history, a, b);
            }

          check_range (history, first, end);
          check_range (history, 0, G_MAXUINT64);
        }
    }
}

/* Samples appended to @history and kept in @all by index too. */
static void
append_kept (TwinHistory *history,
             GArray      *all,
             GRand       *rand,
             guint64      n)
{
  for (guint64 i = 0; i < n; i++)
    {
      TwinSample sample;

      for (guint ch = 0; ch < TWIN_N_CHANNELS; ch++)
        sample.values[ch] = (float) g_rand_double_range (rand, -1000, 1000);
      g_array_set_size (all, twin_history_get_end_index (history));
      g_array_append_val (all, sample);
      twin_history_append (history, &sample);
    }
}

static void
check_truncated (const TwinHistory *history,
                 GArray            *all,
                 GRand             *rand)
{
  guint64 first = twin_history_get_first_index (history);
  guint64 end = twin_history_get_end_index (history);

  for (guint64 i = first; i < end; i++)
    {
      TwinSample sample;

      g_assert_true (twin_history_get_sample (history, i, &sample));
      g_assert_true (memcmp (&sample, &g_array_index (all, TwinSample, i), sizeof sample) == 0);
    }
  for (guint i = 0; i < 100; i++)
    {
      guint64 a = random_index (rand, first, end);

      check_range (history, a, random_index (rand, a, end));
    }
  check_range (history, first, end);
}

/* A backtrack keeps what lies up to its time, indices and summary
 * included, and the history goes on from there; a time before the oldest
 * sample kept empties it onto the same grid. */
static void
test_history_truncate (void)
{
  static const gsize capacities[] = { 5, 1000, 4097 };

  for (guint c = 0; c < G_N_ELEMENTS (capacities); c++)
    {
      gsize capacity = capacities[c];
      g_autoptr(TwinHistory) history = twin_history_new (capacity, 0.1);
      g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (TwinSample));
      g_autoptr(GRand) rand = g_rand_new_with_seed (77 + capacity);
      double first_time;

      for (guint round = 0; round < 40; round++)
        {
          guint64 first, end, keep;
          double t;

          append_kept (history, all, rand, g_rand_int_range (rand, 1, 2 * capacity));
          first = twin_history_get_first_index (history);
          end = twin_history_get_end_index (history);
          keep = first + g_rand_int_range (rand, 0, end - first);
          t = twin_history_index_to_time (history, keep) + 0.01;
          twin_history_truncate (history, t);
          g_assert_cmpuint (twin_history_get_end_index (history), ==, keep + 1);
          g_assert_cmpuint (twin_history_get_first_index (history), ==, first);
          g_assert_cmpfloat (twin_history_get_last_time (history), <=, t);
          check_truncated (history, all, rand);
        }

      first_time = twin_history_get_first_time (history);
      twin_history_truncate (history, first_time - 0.05);
      g_assert_cmpuint (twin_history_get_length (history), ==, 0);
      g_assert_cmpfloat_with_epsilon (twin_history_index_to_time (history, twin_history_get_end_index (history)),
                                      first_time, 1e-9);
      g_array_set_size (all, 0);
      append_kept (history, all, rand, capacity + 3);
      check_truncated (history, all, rand);
    }
}

static void
test_history_query_random (void)
{
  static const gsize capacities[] = { 1000, 12345 };

  for (guint c = 0; c < G_N_ELEMENTS (capacities); c++)
    {
      gsize capacity = capacities[c];
      g_autoptr(TwinHistory) history = twin_history_new (capacity, 0.1);
      g_autoptr(GRand) rand = g_rand_new_with_seed (1000 + capacity);
      double first_time;
      double span;

      twin_history_clear (history, -3.7);
      append_random (history, rand, 4 * capacity + capacity / 3);
      first_time = twin_history_get_first_time (history);
      span = twin_history_get_last_time (history) - first_time;

      for (guint i = 0; i < 60; i++)
        {
          double t0 = first_time + span * g_rand_double_range (rand, -0.2, 1.1);
          double t1 = t0 + span * g_rand_double_range (rand, 0, 0.5);
          guint n_buckets = g_rand_int_range (rand, 1, 3000);

          check_query (history, t0, t1, n_buckets);
        }

      check_query (history, first_time, first_time + span, 1920);
      check_query (history, first_time - 0.05, first_time + span + 0.05, 1);
      check_query (history, first_time, first_time, 10);
      check_query (history, first_time + span, first_time, 10);
    }
}

static void
test_history_query_empty_buckets (void)
{
  g_autoptr(TwinHistory) history = twin_history_new (100, 0.1);
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);
  TwinBucket buckets[70];
  guint total = 0;

  /* 500 samples from t = 0: the 100 kept ones span [40, 50) */
  append_random (history, rand, 500);
  twin_history_query (history, TWIN_CHANNEL_VIBRATION, -10, 60, 70, buckets);

  for (guint j = 0; j < 70; j++)
    {
      if (j < 49 || j >= 60)
        g_assert_cmpuint (buckets[j].n_samples, ==, 0);
      total += buckets[j].n_samples;
    }
  g_assert_cmpuint (total, ==, 100);
  g_assert_cmpuint (buckets[55].n_samples, ==, 10);

  check_query (history, -10, 60, 70);
  check_query (history, -10, 30, 7);
  check_query (history, 60, 100, 7);
}

static void
test_history_query_many_buckets (void)
{
  g_autoptr(TwinHistory) history = twin_history_new (1000, 0.1);
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  g_autofree TwinBucket *buckets = g_new (TwinBucket, 1000);
  double t0;
  double t1;
  guint total = 0;
  guint non_empty = 0;

  append_random (history, rand, 20);
  t0 = twin_history_get_first_time (history);
  t1 = twin_history_get_last_time (history) + twin_history_get_interval (history);
  twin_history_query (history, TWIN_CHANNEL_AMBIENT, t0, t1, 1000, buckets);

  for (guint j = 0; j < 1000; j++)
    {
      g_assert_cmpuint (buckets[j].n_samples, <=, 1);
      total += buckets[j].n_samples;
      non_empty += buckets[j].n_samples > 0;
    }
  g_assert_cmpuint (total, ==, 20);
  g_assert_cmpuint (non_empty, ==, 20);

  check_query (history, t0, t1, 1000);
  check_query (history, t0 - 1, t1 + 1, 999);
}

static void
test_history_preconditions (void)
{
  g_autoptr(TwinHistory) history = twin_history_new (10, 0.1);
  TwinSample sample = { { 0 } };
  TwinBucket bucket;

  if (!g_test_undefined ())
    return;

  g_test_expect_message ("twin-history", G_LOG_LEVEL_CRITICAL, "*self != NULL*");
  twin_history_append (NULL, &sample);
  g_test_assert_expected_messages ();

  g_test_expect_message ("twin-history", G_LOG_LEVEL_CRITICAL, "*sample != NULL*");
  twin_history_append (history, NULL);
  g_test_assert_expected_messages ();

  g_test_expect_message ("twin-history", G_LOG_LEVEL_CRITICAL, "*self != NULL*");
  g_assert_cmpuint (twin_history_get_length (NULL), ==, 0);
  g_test_assert_expected_messages ();

  g_test_expect_message ("twin-history", G_LOG_LEVEL_CRITICAL, "*self != NULL*");
  g_assert_false (twin_history_get_sample (NULL, 0, &sample));
  g_test_assert_expected_messages ();

  g_test_expect_message ("twin-history", G_LOG_LEVEL_CRITICAL, "*buckets != NULL*");
  twin_history_query (history, TWIN_CHANNEL_RPM, 0, 1, 3, NULL);
  g_test_assert_expected_messages ();

  g_test_expect_message ("twin-history", G_LOG_LEVEL_CRITICAL, "*channel*");
  twin_history_query_range (history, TWIN_N_CHANNELS, 0, 1, &bucket);
  g_test_assert_expected_messages ();

  g_test_expect_message ("twin-history", G_LOG_LEVEL_CRITICAL, "*interval*");
  g_assert_null (twin_history_new (10, -1));
  g_test_assert_expected_messages ();

  /* no buckets asked, none written */
  twin_history_query (history, TWIN_CHANNEL_RPM, 0, 1, 0, NULL);
  twin_history_free (NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/history/capacity/newest-kept-memory-fixed", test_history_capacity);
  g_test_add_func ("/history/capacity/zero-takes-the-defaults", test_history_defaults);
  g_test_add_func ("/history/ring/samples-read-back-across-the-wrap", test_history_wrap);
  g_test_add_func ("/history/time/buckets-half-open-at-the-interval", test_history_time);
  g_test_add_func ("/history/clear/empties-and-forgets-the-summary", test_history_clear);
  g_test_add_func ("/history/query-range/exhaustive-as-a-scan", test_history_query_range_exhaustive);
  g_test_add_func ("/history/query-range/random-as-a-scan", test_history_query_range_random);
  g_test_add_func ("/history/query/random-as-a-scan", test_history_query_random);
  g_test_add_func ("/history/query/wide-as-a-scan", test_history_query_wide);
  g_test_add_func ("/history/query/empty-buckets-hold-nothing", test_history_query_empty_buckets);
  g_test_add_func ("/history/query/more-buckets-than-samples", test_history_query_many_buckets);
  g_test_add_func ("/history/truncate/keeps-the-past-and-goes-on", test_history_truncate);
  g_test_add_func ("/history/preconditions/critical-on-bad-arguments", test_history_preconditions);

  return g_test_run ();
}
