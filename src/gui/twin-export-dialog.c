/* twin-export-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "twin-export-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "twin-csv.h"
#include "twin-export-dialog.h"
#include "twin-format.h"
#include "twin-gui.h"
#include "twin-plot.h"

#define DEFAULT_WIDTH  1600
#define DEFAULT_HEIGHT 900

struct _TwinExportDialog
{
  AdwWindow             parent_instance;

  TwinWindow           *window;
  TwinExportFormat      shown_format;   /* whose default size the spins show */
  GtkFileChooserNative *chooser;

  AdwComboRow          *format_row;
  AdwComboRow          *range_row;
  AdwActionRow         *contents_row;
  AdwPreferencesGroup  *size_group;
  GtkSpinButton        *width_spin;
  GtkSpinButton        *height_spin;
  GtkLabel             *width_unit;
  GtkLabel             *height_unit;
};

G_DEFINE_FINAL_TYPE (TwinExportDialog, twin_export_dialog, ADW_TYPE_WINDOW)

/* What a CSV of the chosen range holds: "12 345 samples, 0:01:00 to
 * 0:21:34, every 0.1 s". */
static char *
describe_samples (TwinExportDialog *self)
{
  TwinWindow *window = self->window;
  const TwinHistory *history = twin_engine_get_history (twin_window_get_engine (window));
  double t0 = TWIN_CSV_ALL_T0, t1 = TWIN_CSV_ALL_T1;
  gsize n;
  guint64 first, end;
  g_autofree char *count = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *interval = NULL;

  if (twin_export_dialog_get_visible_only (self))
    twin_plot_get_view (twin_window_get_plot (window), &t0, &t1);
  twin_csv_get_rows (history, t0, t1, &first, &end);
  n = (gsize) (end - first);

  count = twin_format_grouped ((double) n, 0);
  from = twin_format_clock (n ? twin_history_index_to_time (history, first) : 0);
  to = twin_format_clock (n ? twin_history_index_to_time (history, end - 1) : 0);
  interval = twin_format_duration (twin_history_get_interval (history));

  /* Translators: "12 345 samples, 0:01:00 to 0:21:34, every 0.1 s" */
  return g_strdup_printf (g_dngettext (NULL, "%s sample, %s to %s, every %s",
                                       "%s samples, %s to %s, every %s", n),
                          count, from, to, interval);
}

static void
update_contents (TwinExportDialog *self)
{
  TwinExportFormat format = twin_export_dialog_get_format (self);
  g_autofree char *text = NULL;
  const char *unit = format == TWIN_EXPORT_PNG ? "px" : "pt";

  if (format == TWIN_EXPORT_CSV)
    text = describe_samples (self);
  else
    text = g_strdup (_("The plot as it is shown now, with a caption"));

  /* A PDF is a landscape page of the locale's paper; an image a 16:9 one. */
  if ((format == TWIN_EXPORT_PDF) != (self->shown_format == TWIN_EXPORT_PDF))
    {
      int width = DEFAULT_WIDTH, height = DEFAULT_HEIGHT;

      if (format == TWIN_EXPORT_PDF)
        twin_export_pdf_page (NULL, &width, &height);
      gtk_spin_button_set_value (self->width_spin, width);
      gtk_spin_button_set_value (self->height_spin, height);
    }
  self->shown_format = format;

  adw_action_row_set_subtitle (self->contents_row, text);
  gtk_widget_set_sensitive (GTK_WIDGET (self->range_row), format == TWIN_EXPORT_CSV);
  gtk_widget_set_sensitive (GTK_WIDGET (self->size_group), format != TWIN_EXPORT_CSV);
  gtk_label_set_label (self->width_unit, unit);
  gtk_label_set_label (self->height_unit, unit);
}

static void
init_size (GtkSpinButton *spin,
           int            value)
{
  gtk_spin_button_set_range (spin, TWIN_EXPORT_SIZE_MIN, TWIN_EXPORT_SIZE_MAX);
  gtk_spin_button_set_value (spin, value);
}

static void
chooser_response_cb (TwinExportDialog     *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  g_autofree char *path = twin_gui_chooser_get_path (GTK_NATIVE_DIALOG (chooser), response);

  g_clear_object (&self->chooser);

  if (path != NULL)
    twin_export_dialog_export_to (self, path);
}

static void
choose_file_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  TwinExportDialog *self = TWIN_EXPORT_DIALOG (widget);
  TwinExportFormat format = twin_export_dialog_get_format (self);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;
  g_autofree char *pattern = NULL;

  if (self->chooser != NULL)
    {
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
      return;
    }

  self->chooser = gtk_file_chooser_native_new (_("Export"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);

  name = g_strdup_printf ("twinscope-%s.%s", format == TWIN_EXPORT_CSV ? "history" : "plot",
                          twin_export_format_get_extension (format));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);

  pattern = g_strdup_printf ("*.%s", twin_export_format_get_extension (format));
  gtk_file_filter_add_mime_type (filter, twin_export_format_get_mime_type (format));
  gtk_file_filter_add_pattern (filter, pattern);
  gtk_file_filter_set_name (filter, pattern);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);

  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
twin_export_dialog_dispose (GObject *object)
{
  TwinExportDialog *self = (TwinExportDialog *)object;

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), TWIN_TYPE_EXPORT_DIALOG);

  G_OBJECT_CLASS (twin_export_dialog_parent_class)->dispose (object);
}

static void
twin_export_dialog_class_init (TwinExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = twin_export_dialog_dispose;

  twin_gui_init ();
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/twinscope/Twinscope/twin-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TwinExportDialog, format_row);
  gtk_widget_class_bind_template_child (widget_class, TwinExportDialog, range_row);
  gtk_widget_class_bind_template_child (widget_class, TwinExportDialog, contents_row);
  gtk_widget_class_bind_template_child (widget_class, TwinExportDialog, size_group);
  gtk_widget_class_bind_template_child (widget_class, TwinExportDialog, width_spin);
  gtk_widget_class_bind_template_child (widget_class, TwinExportDialog, height_spin);
  gtk_widget_class_bind_template_child (widget_class, TwinExportDialog, width_unit);
  gtk_widget_class_bind_template_child (widget_class, TwinExportDialog, height_unit);

  gtk_widget_class_install_action (widget_class, "export.choose-file", NULL, choose_file_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
twin_export_dialog_init (TwinExportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  init_size (self->width_spin, DEFAULT_WIDTH);
  init_size (self->height_spin, DEFAULT_HEIGHT);
}

TwinExportDialog *
twin_export_dialog_new (TwinWindow *window)
{
  TwinExportDialog *self;

  g_return_val_if_fail (TWIN_IS_WINDOW (window), NULL);

  self = g_object_new (TWIN_TYPE_EXPORT_DIALOG,
                       "transient-for", window,
                       NULL);
  self->window = window;
  g_signal_connect_object (self->format_row, "notify::selected", G_CALLBACK (update_contents),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->range_row, "notify::selected", G_CALLBACK (update_contents),
                           self, G_CONNECT_SWAPPED);
  update_contents (self);

  return self;
}

TwinExportFormat
twin_export_dialog_get_format (TwinExportDialog *self)
{
  g_return_val_if_fail (TWIN_IS_EXPORT_DIALOG (self), TWIN_EXPORT_CSV);

  return (TwinExportFormat)adw_combo_row_get_selected (self->format_row);
}

void
twin_export_dialog_set_format (TwinExportDialog *self,
                               TwinExportFormat  format)
{
  g_return_if_fail (TWIN_IS_EXPORT_DIALOG (self));
  g_return_if_fail (format <= TWIN_EXPORT_PDF);

  adw_combo_row_set_selected (self->format_row, format);
}

/* Whether a CSV holds only the samples the plot shows. */
gboolean
twin_export_dialog_get_visible_only (TwinExportDialog *self)
{
  g_return_val_if_fail (TWIN_IS_EXPORT_DIALOG (self), FALSE);

  return adw_combo_row_get_selected (self->range_row) == 1;
}

void
twin_export_dialog_set_visible_only (TwinExportDialog *self,
                                     gboolean          visible_only)
{
  g_return_if_fail (TWIN_IS_EXPORT_DIALOG (self));

  adw_combo_row_set_selected (self->range_row, visible_only ? 1 : 0);
}

/**
 * twin_export_dialog_get_chooser:
 *
 * Returns: (transfer none) (nullable): the file chooser while it is open
 */
GtkNativeDialog *
twin_export_dialog_get_chooser (TwinExportDialog *self)
{
  g_return_val_if_fail (TWIN_IS_EXPORT_DIALOG (self), NULL);

  return self->chooser ? GTK_NATIVE_DIALOG (self->chooser) : NULL;
}

/**
 * twin_export_dialog_export_to:
 *
 * Exports in the chosen format and size to @path, as when the file was
 * picked in the chooser, and closes the dialog; the window tells how it
 * went in a toast.
 */
gboolean
twin_export_dialog_export_to (TwinExportDialog *self,
                              const char       *path)
{
  gboolean ok;

  g_return_val_if_fail (TWIN_IS_EXPORT_DIALOG (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  ok = twin_window_export_range (self->window,
                                 twin_export_dialog_get_format (self),
                                 path,
                                 gtk_spin_button_get_value_as_int (self->width_spin),
                                 gtk_spin_button_get_value_as_int (self->height_spin),
                                 twin_export_dialog_get_visible_only (self));
  gtk_window_close (GTK_WINDOW (self));

  return ok;
}
