/* main.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib.h>
#include <locale.h>
#include <stdio.h>

#include "twin-headless.h"
#include "twin-options.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree GOptionEntry *entries = NULL;
  TwinOptions options;
  int status;

  setlocale (LC_ALL, "");
  twin_options_init (&options);

  context = g_option_context_new ("— digital twin of a rotating machine");
  entries = twin_options_get_entries (&options);
  g_option_context_add_main_entries (context, entries, NULL);

  if (!g_option_context_parse (context, &argc, &argv, &error) ||
      !twin_options_validate (&options, &error))
    {
      g_printerr ("twinscope: %s\n", error->message);
      twin_options_clear (&options);
      return 2;
    }

  status = twin_headless_run (&options);
  twin_options_clear (&options);

  return status;
}
