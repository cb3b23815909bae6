/* twin-test-history.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "twin-history.h"

G_BEGIN_DECLS

void twin_test_fill_history (TwinHistory *history,
                             gsize        n,
                             double       late_rpm);

G_END_DECLS
