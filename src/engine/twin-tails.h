/* twin-tails.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "twin-history.h"

G_BEGIN_DECLS

typedef struct _TwinTails TwinTails;

gsize      twin_tails_size  (guint64           n_rows,
                             guint             n_low,
                             guint             n_high);
TwinTails *twin_tails_new   (guint64           n_rows,
                             guint             n_low,
                             guint             n_high);
void       twin_tails_free  (TwinTails        *tails);
void       twin_tails_fold  (TwinTails        *tails,
                             const TwinHistory *trajectory);
void       twin_tails_merge (TwinTails * const *parts,
                             guint             n_parts,
                             guint64           first,
                             guint64           end,
                             TwinSample       *low,
                             TwinSample       *high);

G_END_DECLS
