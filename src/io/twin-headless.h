/* twin-headless.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "twin-options.h"

G_BEGIN_DECLS

int twin_headless_run (const TwinOptions *options);

G_END_DECLS
