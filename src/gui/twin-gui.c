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

/**
 * twin_gui_chooser_get_path:
 * @response: what the file chooser answered
 *
 * Returns: (nullable): the local path of the file @chooser accepted, or
 *   %NULL when it was cancelled or the file has no path
 */
char *
twin_gui_chooser_get_path (GtkNativeDialog *chooser,
                           int              response)
{
  g_autoptr(GFile) file = NULL;

  g_return_val_if_fail (GTK_IS_FILE_CHOOSER (chooser), NULL);

  if (response != GTK_RESPONSE_ACCEPT)
    return NULL;
  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  return file != NULL ? g_file_get_path (file) : NULL;
}
