/* twin-scenario-chooser.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "twin-training.h"

G_BEGIN_DECLS

GtkWindow *twin_scenario_chooser_new (GtkWindow    *parent,
                                      TwinTraining *training);

G_END_DECLS
