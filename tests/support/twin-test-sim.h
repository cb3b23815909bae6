/* twin-test-sim.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An engine's whole simulation and its state as text, exact, for tests
 * that compare two of them.
 */

#pragma once

#include "twin-engine.h"

G_BEGIN_DECLS

char *twin_test_sim_json   (TwinEngine *engine);
char *twin_test_state_json (TwinEngine *engine);

G_END_DECLS
