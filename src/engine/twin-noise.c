/* twin-noise.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Measurement noise as a pure function of (seed, index, stream): the same
 * sample gets the same noise however often, and in whatever order, it is
 * read, so that noise never breaks determinism.
 */

#include <math.h>

#include "twin-noise.h"

static guint64
splitmix64 (guint64 x)
{
  x += G_GUINT64_CONSTANT (0x9E3779B97F4A7C15);
  x = (x ^ (x >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  x = (x ^ (x >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
  return x ^ (x >> 31);
}

/* A uniform number in (0, 1], never 0 so that log() stays finite. */
static double
uniform (guint64 bits)
{
  return ((bits >> 11) + 1) * (1.0 / 9007199254740992.0);
}

/**
 * twin_noise_gaussian:
 *
 * Returns: a standard normal deviate (Box–Muller), determined by the
 *   arguments alone.
 */
double
twin_noise_gaussian (guint64 seed,
                     guint64 index,
                     guint   stream)
{
  guint64 h = splitmix64 (seed ^ splitmix64 (index ^ ((guint64)stream << 56)));
  double u1 = uniform (h);
  double u2 = uniform (splitmix64 (h));

  return sqrt (-2.0 * log (u1)) * cos (2.0 * G_PI * u2);
}

/**
 * twin_noise_uniform:
 *
 * Returns: a number uniform in (0, 1], determined by the arguments alone.
 */
double
twin_noise_uniform (guint64 seed,
                    guint64 index,
                    guint   stream)
{
  return uniform (splitmix64 (seed ^ splitmix64 (index ^ ((guint64)stream << 56))));
}
