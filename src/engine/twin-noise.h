/* twin-noise.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

double twin_noise_gaussian (guint64 seed,
                            guint64 index,
                            guint   stream);
double twin_noise_uniform  (guint64 seed,
                            guint64 index,
                            guint   stream);

G_END_DECLS
