/* twin-gui.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "twin-gui"

#include "config.h"

#include <adwaita.h>

#include "twin-gui.h"
#include "twin-plot.h"
#include "twin-resources.h"

/**
 * twin_gui_init:
 *
 * Registers the window's resources (templates, CSS, icons) and the types
 * the templates name. Safe to call any number of times.
 */
void
twin_gui_init (void)
{
  static gsize done;

  if (g_once_init_enter (&done))
    {
      twin_register_resource ();
      g_type_ensure (TWIN_TYPE_PLOT);
      g_once_init_leave (&done, 1);
    }
}
