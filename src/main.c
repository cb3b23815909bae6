/* main.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>

#include "twin-headless.h"
#include "twin-options.h"

#if HAVE_GUI
# include <gio/gio.h>
# include "twin-application.h"

/* The window: settings come from the installed schema, or from
 * GSETTINGS_SCHEMA_DIR when run from the build directory (run.sh sets it). */
static int
run_gui (const TwinOptions *options,
         int                argc,
         char              *argv[])
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(TwinApplication) app = NULL;
  int status;

  schema = g_settings_schema_source_lookup (g_settings_schema_source_get_default (), APP_ID, TRUE);
  if (schema == NULL)
    {
      g_printerr ("twinscope: the settings schema %s is not installed; install Twinscope, "
                  "or point GSETTINGS_SCHEMA_DIR at the build's data directory\n", APP_ID);
      return 1;
    }

  app = twin_application_new (options);
  status = g_application_run (G_APPLICATION (app), argc, argv);

  return status != 0 ? status : twin_application_get_exit_status (app);
}
#endif

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree GOptionEntry *entries = NULL;
  TwinOptions options;
  int status;

  /* The window speaks the user's language and writes numbers the user's
   * way; the wire (twin-json*, CSV, MQTT, REST) formats with g_ascii_*
   * and cJSON, which ignore LC_NUMERIC. */
  setlocale (LC_ALL, "");
  /* run.sh points TWINSCOPE_LOCALEDIR at the build's catalogues. */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("TWINSCOPE_LOCALEDIR") ? g_getenv ("TWINSCOPE_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  twin_options_init (&options);

  context = g_option_context_new (_("— digital twin of a rotating machine"));
  entries = twin_options_get_entries (&options);
  g_option_context_add_main_entries (context, entries, NULL);

  if (!g_option_context_parse (context, &argc, &argv, &error) ||
      !twin_options_validate (&options, &error))
    {
      g_printerr ("twinscope: %s\n", error->message);
      twin_options_clear (&options);
      return 2;
    }

  /* Headless, everything written is for machines, REST problems and MQTT
   * errors included: "0.05", never "0,05". */
  if (options.headless)
    setlocale (LC_NUMERIC, "C");

#if HAVE_GUI
  if (!options.headless)
    status = run_gui (&options, argc, argv);
  else
#endif
  status = twin_headless_run (&options);
  twin_options_clear (&options);

  return status;
}
