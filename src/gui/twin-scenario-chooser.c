/* twin-scenario-chooser.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Choosing a training scenario: the shipped ones with their descriptions,
 * or a file. A file that is not a valid scenario says why, with the field.
 */

#define G_LOG_DOMAIN "twin-gui"

#include "config.h"

#include <glib/gi18n.h>

#include "twin-json-scenario.h"
#include "twin-scenario-chooser.h"

typedef struct
{
  GtkWindow    *window;
  TwinTraining *training;
} Chooser;

static void
chooser_free (Chooser *c)
{
  g_object_unref (c->training);
  g_free (c);
}

static void
refused (GtkWindow    *parent,
         const GError *error)
{
  GtkWidget *dialog = adw_message_dialog_new (parent, _("The scenario was not started"), error->message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Takes @scenario; closes the chooser once it runs. */
static void
start (Chooser      *c,
       TwinScenario *scenario,
       GError       *error)
{
  if (scenario == NULL || !twin_training_start (c->training, scenario, &error))
    {
      refused (c->window, error);
      g_error_free (error);
      return;
    }
  gtk_window_close (c->window);
}

static void
row_activated_cb (AdwActionRow *row,
                  Chooser      *c)
{
  GError *error = NULL;
  TwinScenario *scenario = twin_training_load_shipped (g_object_get_data (G_OBJECT (row), "scenario-id"), &error);

  start (c, scenario, error);
}

static void
file_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  Chooser         *c)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  GError *error = NULL;

  if (response == GTK_RESPONSE_ACCEPT && (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog))) != NULL &&
      (path = g_file_get_path (file)) != NULL)
    {
      TwinScenario *scenario = twin_json_scenario_load (path, &error);

      start (c, scenario, error);
    }
  g_object_unref (dialog);
}

static void
open_file_cb (GtkButton *button,
              Chooser   *c)
{
  GtkFileChooserNative *dialog = gtk_file_chooser_native_new (_("Open Scenario"), c->window,
                                                              GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), NULL);
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Scenarios (JSON)"));
  gtk_file_filter_add_suffix (filter, "json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  g_object_unref (filter);
  g_signal_connect (dialog, "response", G_CALLBACK (file_response_cb), c);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/**
 * twin_scenario_chooser_new:
 *
 * Returns: (transfer floating): a dialog listing the shipped scenarios, to
 *   start one of them or one from a file in @training
 */
GtkWindow *
twin_scenario_chooser_new (GtkWindow    *parent,
                           TwinTraining *training)
{
  g_auto(GStrv) ids = twin_training_list_shipped ();
  GtkWidget *window, *content, *header, *page, *group, *open;
  Chooser *c = g_new0 (Chooser, 1);

  window = adw_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), _("Scenarios"));
  gtk_window_set_transient_for (GTK_WINDOW (window), parent);
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 560, 620);
  c->window = GTK_WINDOW (window);
  c->training = g_object_ref (training);
  g_object_set_data_full (G_OBJECT (window), "twin-chooser", c, (GDestroyNotify)chooser_free);

  content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  open = gtk_button_new_with_mnemonic (_("_Open File…"));
  g_signal_connect (open, "clicked", G_CALLBACK (open_file_cb), c);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), open);
  gtk_box_append (GTK_BOX (content), header);

  page = adw_preferences_page_new ();
  gtk_widget_set_vexpand (page, TRUE);
  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Training Scenarios"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Each sets the machine up, plays a timeline and scores what you do."));
  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autoptr(TwinScenario) scenario = twin_training_load_shipped (ids[i], NULL);
      GtkWidget *row;

      if (scenario == NULL)
        continue;
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), scenario->title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), scenario->description);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "scenario-id", g_strdup (ids[i]), g_free);
      g_signal_connect (row, "activated", G_CALLBACK (row_activated_cb), c);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  gtk_box_append (GTK_BOX (content), page);
  adw_window_set_content (ADW_WINDOW (window), content);
  return GTK_WINDOW (window);
}
