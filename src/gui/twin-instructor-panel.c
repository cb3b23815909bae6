/* twin-instructor-panel.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The instructor's controls, in a popover from the header bar: freeze and
 * run, the command lock as it stands, the trainee view, snapshots by hand
 * and every N simulated minutes listed in time order with a backtrack on
 * each (confirmed, saying the time given back), and malfunctions to
 * inject, shown or hidden from the trainee.
 */

#define G_LOG_DOMAIN "twin-gui"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "twin-format.h"
#include "twin-instructor-panel-private.h"
#include "twin-window.h"

G_DEFINE_FINAL_TYPE (TwinInstructorPanel, twin_instructor_panel, GTK_TYPE_BOX)

enum {
  INJECT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The malfunctions offered, in the drop-down's order. */
static const struct
{
  const char       *title;
  TwinCommandField  fault;
} malfunctions[] = {
  { N_("Cooling failure"), TWIN_COMMAND_COOLING_DEGRADED },
  { N_("Bearing defect"), TWIN_COMMAND_BEARING_DEFECT },
};

static void
sync_paused (TwinInstructorPanel *self)
{
  gboolean paused = twin_engine_get_paused (self->engine);

  gtk_button_set_label (self->freeze_button, paused ? _("Run") : _("Freeze"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->freeze_button),
                               paused ? _("The simulation is frozen; run it on (Space)")
                                      : _("Freeze the simulation where it stands (Space)"));
}

static void
sync_lock (TwinInstructorPanel *self)
{
  const char *text;

  switch (twin_engine_get_command_lock (self->engine))
    {
    case TWIN_COMMAND_LOCK_WINDOW:
      text = _("Command lock: the window’s inputs are locked; MQTT and REST steer");
      break;
    case TWIN_COMMAND_LOCK_REMOTE:
      text = _("Command lock: MQTT and REST are locked out; only this window steers");
      break;
    case TWIN_COMMAND_LOCK_NONE:
    default:
      text = _("Command lock: none; this window, MQTT and REST all steer");
      break;
    }
  gtk_label_set_label (self->lock_label, text);
}

static void
engine_notify_cb (TwinInstructorPanel *self,
                  GParamSpec          *pspec,
                  TwinEngine          *engine)
{
  if (g_str_equal (pspec->name, "paused"))
    sync_paused (self);
  else if (g_str_equal (pspec->name, "command-lock"))
    sync_lock (self);
}

static void
confirm_response_cb (TwinInstructorPanel *self,
                     const char          *response,
                     AdwMessageDialog    *dialog)
{
  g_autoptr(GError) error = NULL;

  if (g_str_equal (response, "backtrack") &&
      !twin_snapshots_backtrack (self->snapshots, self->confirm_id, TWIN_COMMAND_SOURCE_WINDOW, &error))
    {
      GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), TWIN_TYPE_WINDOW);

      if (window != NULL)
        twin_window_add_toast (TWIN_WINDOW (window), error->message);
    }
}

static void
backtrack_clicked_cb (GtkButton           *button,
                      TwinInstructorPanel *self)
{
  guint id = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "snapshot-id"));
  const TwinSnapshotsEntry *entry = twin_snapshots_lookup (self->snapshots, id);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *parent = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_POPOVER);
  double now = twin_engine_get_timestamp (self->engine);
  g_autofree char *at = NULL;
  g_autofree char *back = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (entry == NULL)
    return;
  if (parent != NULL)
    gtk_popover_popdown (GTK_POPOVER (parent));

  at = twin_format_duration (entry->timestamp);
  back = twin_format_duration (fabs (now - entry->timestamp));
  if (entry->timestamp <= now)
    body = g_strdup_printf (_("The whole simulation goes back to t = %s exactly: %s of simulated time is given back. "
                              "The plot keeps what came before it."), at, back);
  else
    body = g_strdup_printf (_("The whole simulation goes to t = %s exactly, %s ahead of now, as it stood in "
                              "an earlier course."), at, back);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Backtrack?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "backtrack", _("_Backtrack"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "backtrack",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  self->confirm_id = id;
  g_set_weak_pointer (&self->confirm_dialog, GTK_WINDOW (dialog));
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
snapshot_row (TwinInstructorPanel      *self,
              const TwinSnapshotsEntry *entry)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_with_label (_("Backtrack"));
  g_autofree char *at = twin_format_duration (entry->timestamp);
  const char *kind = entry->automatic ? _("Automatic") : _("Manual");
  g_autofree char *subtitle = entry->label != NULL ? g_strdup_printf ("%s · %s", kind, entry->label)
                                                   : g_strdup (kind);
  g_autofree char *title = g_strdup_printf ("t = %s", at);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, _("Restore the whole simulation as it was at this snapshot"));
  g_object_set_data (G_OBJECT (button), "snapshot-id", GUINT_TO_POINTER (entry->id));
  g_signal_connect (button, "clicked", G_CALLBACK (backtrack_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  g_object_set_data (G_OBJECT (row), "backtrack-button", button);
  g_object_set_data (G_OBJECT (row), "snapshot-id", GUINT_TO_POINTER (entry->id));
  return row;
}

static void
rebuild_list (TwinInstructorPanel *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  for (guint i = 0; i < twin_snapshots_get_n (self->snapshots); i++)
    gtk_list_box_append (self->list, snapshot_row (self, twin_snapshots_get (self->snapshots, i)));
}

static void
take_clicked_cb (TwinInstructorPanel *self)
{
  g_autofree char *label = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->label_entry))));

  twin_snapshots_take (self->snapshots, label);
  gtk_editable_set_text (GTK_EDITABLE (self->label_entry), "");
}

static void
inject_clicked_cb (TwinInstructorPanel *self)
{
  guint i = gtk_drop_down_get_selected (self->malfunction_dropdown);

  if (i >= G_N_ELEMENTS (malfunctions))
    return;
  g_signal_emit (self, signals[INJECT], 0, malfunctions[i].fault,
                 gtk_check_button_get_active (self->hidden_check));
}

static void
clear_clicked_cb (TwinInstructorPanel *self)
{
  g_signal_emit (self, signals[INJECT], 0, 0, FALSE);
}

static GtkWidget *
heading (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  return label;
}

static GtkWidget *
labelled (const char *text,
          GtkWidget  *widget)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *label = gtk_label_new_with_mnemonic (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), widget);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), widget);
  return box;
}

static void
build (TwinInstructorPanel *self)
{
  GtkBox *box = GTK_BOX (self);
  GtkWidget *row, *scrolled, *names;
  GtkAdjustment *adjustment;
  const char *titles[G_N_ELEMENTS (malfunctions) + 1] = { NULL };

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (box, 8);
  gtk_widget_set_size_request (GTK_WIDGET (self), 340, -1);

  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  self->freeze_button = GTK_BUTTON (gtk_button_new_with_label (_("Freeze")));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->freeze_button), "win.play-pause");
  gtk_widget_set_hexpand (GTK_WIDGET (self->freeze_button), TRUE);
  self->take_button = GTK_BUTTON (gtk_button_new_with_label (_("Take Snapshot")));
  gtk_widget_set_hexpand (GTK_WIDGET (self->take_button), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->take_button), "suggested-action");
  g_signal_connect_swapped (self->take_button, "clicked", G_CALLBACK (take_clicked_cb), self);
  gtk_box_append (GTK_BOX (row), GTK_WIDGET (self->freeze_button));
  gtk_box_append (GTK_BOX (row), GTK_WIDGET (self->take_button));
  gtk_box_append (box, row);

  self->lock_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->lock_label, 0);
  gtk_label_set_wrap (self->lock_label, TRUE);
  gtk_label_set_max_width_chars (self->lock_label, 40);
  gtk_widget_add_css_class (GTK_WIDGET (self->lock_label), "dim-label");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->lock_label), _("Preferences › Connections › Who Steers sets it"));
  gtk_box_append (box, GTK_WIDGET (self->lock_label));

  self->trainee_switch = GTK_SWITCH (gtk_switch_new ());
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->trainee_switch), "win.trainee-view");
  gtk_widget_set_valign (GTK_WIDGET (self->trainee_switch), GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->trainee_switch),
                               _("Hide the forecast and the advice: the course ahead, the Ahead and forecast RUL "
                                 "readouts, what-if, ghosts and the safe ranges on the sliders"));
  gtk_box_append (box, labelled (_("_Trainee view"), GTK_WIDGET (self->trainee_switch)));

  gtk_box_append (box, heading (_("Snapshots")));
  self->label_entry = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (self->label_entry, _("Label of the next snapshot (optional)"));
  gtk_entry_set_max_length (self->label_entry, 80);
  gtk_entry_set_activates_default (self->label_entry, FALSE);
  g_signal_connect_swapped (self->label_entry, "activate", G_CALLBACK (take_clicked_cb), self);
  gtk_box_append (box, GTK_WIDGET (self->label_entry));
  adjustment = gtk_adjustment_new (TWIN_SNAPSHOTS_DEFAULT_INTERVAL, 0, TWIN_SNAPSHOTS_MAX_INTERVAL, 1, 5, 0);
  self->interval_spin = GTK_SPIN_BUTTON (gtk_spin_button_new (adjustment, 1, 1));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->interval_spin),
                               _("A snapshot at every multiple of this many simulated minutes; 0 for none. "
                                 "The last 100 automatic ones are kept, and every manual one."));
  g_object_bind_property (self->snapshots, "interval", adjustment, "value",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  gtk_box_append (box, labelled (_("_Automatic every (simulated min)"), GTK_WIDGET (self->interval_spin)));

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_list_box_set_placeholder (self->list, gtk_label_new (_("No snapshot yet")));
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 200);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 280);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->list));
  gtk_box_append (box, scrolled);

  gtk_box_append (box, heading (_("Malfunctions")));
  for (guint i = 0; i < G_N_ELEMENTS (malfunctions); i++)
    titles[i] = _(malfunctions[i].title);
  names = gtk_drop_down_new_from_strings (titles);
  self->malfunction_dropdown = GTK_DROP_DOWN (names);
  gtk_widget_set_hexpand (names, TRUE);
  self->hidden_check = GTK_CHECK_BUTTON (gtk_check_button_new_with_mnemonic (_("_Hidden from the trainee")));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->hidden_check),
                               _("Neither the fault’s switch nor a marker on the plot gives it away"));
  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  gtk_box_append (GTK_BOX (row), names);
  gtk_box_append (GTK_BOX (row), GTK_WIDGET (self->hidden_check));
  gtk_box_append (box, row);

  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  self->inject_button = GTK_BUTTON (gtk_button_new_with_label (_("Inject Malfunction")));
  gtk_widget_add_css_class (GTK_WIDGET (self->inject_button), "destructive-action");
  gtk_widget_set_hexpand (GTK_WIDGET (self->inject_button), TRUE);
  g_signal_connect_swapped (self->inject_button, "clicked", G_CALLBACK (inject_clicked_cb), self);
  self->clear_button = GTK_BUTTON (gtk_button_new_with_label (_("Clear Malfunctions")));
  gtk_widget_set_hexpand (GTK_WIDGET (self->clear_button), TRUE);
  g_signal_connect_swapped (self->clear_button, "clicked", G_CALLBACK (clear_clicked_cb), self);
  gtk_box_append (GTK_BOX (row), GTK_WIDGET (self->inject_button));
  gtk_box_append (GTK_BOX (row), GTK_WIDGET (self->clear_button));
  gtk_box_append (box, row);
}

static void
twin_instructor_panel_dispose (GObject *object)
{
  TwinInstructorPanel *self = TWIN_INSTRUCTOR_PANEL (object);

  if (self->confirm_dialog != NULL)
    gtk_window_destroy (self->confirm_dialog);
  g_clear_weak_pointer (&self->confirm_dialog);
  g_clear_object (&self->snapshots);
  g_clear_object (&self->engine);

  G_OBJECT_CLASS (twin_instructor_panel_parent_class)->dispose (object);
}

static void
twin_instructor_panel_class_init (TwinInstructorPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = twin_instructor_panel_dispose;

  /**
   * TwinInstructorPanel::inject:
   * @fault: a TwinCommandField fault, or 0 to clear every fault
   * @hidden: whether the trainee is not to see it
   */
  signals[INJECT] =
    g_signal_new ("inject", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_BOOLEAN);
}

static void
twin_instructor_panel_init (TwinInstructorPanel *self)
{
}

TwinInstructorPanel *
twin_instructor_panel_new (TwinEngine    *engine,
                           TwinSnapshots *snapshots)
{
  TwinInstructorPanel *self;

  g_return_val_if_fail (TWIN_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (TWIN_IS_SNAPSHOTS (snapshots), NULL);

  self = g_object_new (TWIN_TYPE_INSTRUCTOR_PANEL, NULL);
  self->engine = g_object_ref (engine);
  self->snapshots = g_object_ref (snapshots);
  build (self);
  g_signal_connect_object (engine, "notify::paused", G_CALLBACK (engine_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (engine, "notify::command-lock", G_CALLBACK (engine_notify_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (snapshots, "changed", G_CALLBACK (rebuild_list), self, G_CONNECT_SWAPPED);
  sync_paused (self);
  sync_lock (self);
  rebuild_list (self);
  return self;
}

/* The Backtrack button of snapshot @id's row, or NULL. */
GtkWidget *
_twin_instructor_panel_backtrack_button (TwinInstructorPanel *self,
                                         guint                id)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "snapshot-id")) == id)
      return g_object_get_data (G_OBJECT (row), "backtrack-button");
  return NULL;
}
