/* twin-window-record.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Recording from the window: the header bar's Record toggle (Ctrl+R)
 * records into the recordings folder under a name from the date and time,
 * Record To… into a file of the user's; while it records, the status bar
 * shows a red dot, the simulated time recorded and the file's size. The
 * recorder is the one REST and MQTT start and stop, so a recording begun
 * remotely shows the same.
 */

#define G_LOG_DOMAIN "twin-window"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "twin-format.h"
#include "twin-gui.h"
#include "twin-window-private.h"

#define REFRESH_MS 500

static void
refresh_indicator (TwinWindow *self)
{
  TwinRecorder *recorder = twin_recordings_get_recorder (self->recordings);
  g_autofree char *elapsed = NULL;
  g_autofree char *size = NULL;
  g_autofree char *text = NULL;
  GStatBuf st;

  if (recorder == NULL)
    return;
  elapsed = twin_format_duration_at (twin_recorder_get_elapsed (recorder), 1);
  size = g_format_size (g_stat (twin_recorder_get_path (recorder), &st) == 0 ? (guint64) st.st_size : 0);
  /* TRANSLATORS: the status bar while recording: simulated time recorded · file size */
  text = g_strdup_printf (_("Recording · %s · %s"), elapsed, size);
  gtk_label_set_label (self->record_label, text);
}

static gboolean
refresh_cb (gpointer data)
{
  refresh_indicator (data);
  return G_SOURCE_CONTINUE;
}

static void
recorded_toast (TwinWindow *self,
                const char *path)
{
  g_autofree char *name = g_filename_display_basename (path);
  g_autofree char *escaped = NULL;
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *message = g_strdup_printf (_("Recorded “%s”"), name);
  AdwToast *toast;

  g_free (self->last_toast);
  self->last_toast = g_strdup (message);
  escaped = g_markup_escape_text (message, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_timeout (toast, 10);
  adw_toast_set_button_label (toast, _("Open Folder"));
  adw_toast_set_action_name (toast, "win.open-folder");
  adw_toast_set_action_target_value (toast, g_variant_new_string (dir));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* Whoever started or stopped it: the window, REST or MQTT. */
static void
recording_changed_cb (TwinWindow     *self,
                      GParamSpec     *pspec,
                      TwinRecordings *recordings)
{
  const char *path = twin_recordings_get_path (recordings);
  gboolean on = path != NULL;
  g_autofree char *tooltip = NULL;

  if (!on && self->record_path != NULL)
    recorded_toast (self, self->record_path);
  g_free (self->record_path);
  self->record_path = g_strdup (path);

  g_signal_handlers_block_matched (self->record_button, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  gtk_toggle_button_set_active (self->record_button, on);
  g_signal_handlers_unblock_matched (self->record_button, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->record_button),
                               on ? _("Stop Recording (Ctrl+R)") : _("Record (Ctrl+R)"));

  gtk_widget_set_visible (self->record_indicator, on);
  g_clear_handle_id (&self->record_timer, g_source_remove);
  if (on)
    {
      tooltip = g_strdup_printf (_("Recording to %s"), path);
      gtk_widget_set_tooltip_text (self->record_indicator, tooltip);
      refresh_indicator (self);
      self->record_timer = g_timeout_add (REFRESH_MS, refresh_cb, self);
    }
}

static void
start (TwinWindow *self,
       const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  gboolean started;

  if (path != NULL)
    started = twin_recordings_start_file (self->recordings, path, &error);
  else
    {
      name = twin_recordings_default_name ();
      started = twin_recordings_start (self->recordings, name, &error);
    }
  if (!started)
    {
      g_autofree char *message = g_strdup_printf (_("Could not record: %s"), error->message);

      twin_window_add_toast (self, message);
      recording_changed_cb (self, NULL, self->recordings);
    }
}

static void
stop (TwinWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (!twin_recordings_stop (self->recordings, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The recording is incomplete: %s"), error->message);

      twin_window_add_toast (self, message);
    }
}

static void
record_toggled_cb (TwinWindow      *self,
                   GtkToggleButton *button)
{
  gboolean on = gtk_toggle_button_get_active (button);

  if (on == (twin_recordings_get_path (self->recordings) != NULL))
    return;
  if (on)
    start (self, NULL);
  else
    stop (self);
}

static void
record_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TwinWindow *self = TWIN_WINDOW (widget);

  g_assert (TWIN_IS_WINDOW (self));

  gtk_toggle_button_set_active (self->record_button, !gtk_toggle_button_get_active (self->record_button));
}

static void
record_to_response_cb (TwinWindow           *self,
                       int                   response,
                       GtkFileChooserNative *chooser)
{
  g_autofree char *path = twin_gui_chooser_get_path (GTK_NATIVE_DIALOG (chooser), response);

  g_clear_object (&self->file_chooser);
  if (path != NULL)
    start (self, path);
}

/* The file chooser every one of the window's recording dialogs shares. */
GtkFileChooserNative *
_twin_window_record_chooser (TwinWindow           *self,
                             const char           *title,
                             GtkFileChooserAction  action,
                             const char           *accept)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *dir = twin_recordings_get_dir ();
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  GtkFileChooserNative *chooser;

  if (self->file_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->file_chooser));
  g_clear_object (&self->file_chooser);

  chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (self), action, accept, _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_add_pattern (filter, "*.mcap");
  gtk_file_filter_set_name (filter, _("Recordings (*.mcap)"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  /* The recordings folder, opened and at hand in the places list. */
  if (g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
      gtk_file_chooser_add_shortcut_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
    }
  self->file_chooser = chooser;
  return chooser;
}

static void
record_to_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  TwinWindow *self = TWIN_WINDOW (widget);
  g_autofree char *name = twin_recordings_default_name ();
  g_autofree char *file = g_strconcat (name, ".mcap", NULL);
  GtkFileChooserNative *chooser;

  g_assert (TWIN_IS_WINDOW (self));

  chooser = _twin_window_record_chooser (self, _("Record To"), GTK_FILE_CHOOSER_ACTION_SAVE, _("_Record"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), file);
  g_signal_connect_object (chooser, "response", G_CALLBACK (record_to_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
open_folder_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  g_autoptr(GFile) folder = g_file_new_for_path (g_variant_get_string (parameter, NULL));
  g_autofree char *uri = g_file_get_uri (folder);

  gtk_show_uri (GTK_WINDOW (widget), uri, GDK_CURRENT_TIME);
}

void
_twin_window_class_record_init (TwinWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "win.record", NULL, record_action);
  gtk_widget_class_install_action (widget_class, "win.record-to", NULL, record_to_action);
  gtk_widget_class_install_action (widget_class, "win.open-folder", "s", open_folder_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.record", NULL);
}

static GtkWidget *
indicator_new (TwinWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *dot = gtk_label_new ("●");

  gtk_widget_add_css_class (dot, "status-dot");
  gtk_widget_add_css_class (dot, "recording-dot");
  gtk_box_append (GTK_BOX (box), dot);
  self->record_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->record_label));
  gtk_widget_set_hexpand (box, TRUE);
  gtk_widget_set_halign (box, GTK_ALIGN_END);
  gtk_widget_set_visible (box, FALSE);
  return box;
}

/**
 * _twin_window_record_init:
 *
 * Once the window has its engine: the recorder it shares with REST and
 * MQTT (or its own), the Record toggle and the status bar's indicator.
 */
void
_twin_window_record_init (TwinWindow *self)
{
  g_assert (TWIN_IS_WINDOW (self));

  if (self->recordings == NULL)
    self->recordings = twin_recordings_new (self->engine);

  self->record_button = GTK_TOGGLE_BUTTON (gtk_toggle_button_new ());
  gtk_button_set_icon_name (GTK_BUTTON (self->record_button), "media-record-symbolic");
  gtk_widget_add_css_class (GTK_WIDGET (self->record_button), "record-button");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->record_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Record the session"), -1);
  adw_header_bar_pack_end (self->header_bar, GTK_WIDGET (self->record_button));
  g_signal_connect_object (self->record_button, "toggled", G_CALLBACK (record_toggled_cb), self, G_CONNECT_SWAPPED);

  self->record_indicator = indicator_new (self);
  gtk_box_append (GTK_BOX (self->statusbar), self->record_indicator);

  g_signal_connect_object (self->recordings, "notify::path", G_CALLBACK (recording_changed_cb),
                           self, G_CONNECT_SWAPPED);
  recording_changed_cb (self, NULL, self->recordings);
}

/**
 * _twin_window_record_dispose:
 *
 * A recording the window's own recorder makes is finished when the window
 * goes; a shared one goes on.
 */
void
_twin_window_record_dispose (TwinWindow *self)
{
  g_clear_handle_id (&self->record_timer, g_source_remove);
  if (self->file_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->file_chooser));
  g_clear_object (&self->file_chooser);
  if (self->recordings != NULL)
    g_signal_handlers_disconnect_by_data (self->recordings, self);
  g_clear_object (&self->recordings);
  g_clear_pointer (&self->record_path, g_free);
}
