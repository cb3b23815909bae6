/* twin-test-options.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "twin-options.h"

G_BEGIN_DECLS

void twin_test_parse_options (TwinOptions        *options,
                              const char * const *args);

G_END_DECLS
