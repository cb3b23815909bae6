/* twin-window-model.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the window shows of the model that runs: each model's description
 * in the picker, the faults greyed where the model has none, and the
 * speed slider's marks at the nominal speed and the model's resonance.
 */

#define G_LOG_DOMAIN "twin-window"

#include "config.h"

#include <glib/gi18n.h>

#include "twin-fields.h"
#include "twin-format.h"
#include "twin-window-private.h"

static void
setup_item_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *id = gtk_label_new (NULL);
  GtkWidget *description = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (id), 0);
  gtk_label_set_xalign (GTK_LABEL (description), 0);
  gtk_label_set_wrap (GTK_LABEL (description), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (description), 40);
  gtk_widget_add_css_class (description, "dim-label");
  gtk_widget_add_css_class (description, "caption");
  gtk_box_append (GTK_BOX (box), id);
  gtk_box_append (GTK_BOX (box), description);
  gtk_list_item_set_child (item, box);
}

static void
bind_item_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *id = gtk_widget_get_first_child (box);
  GtkStringObject *string = gtk_list_item_get_item (item);
  const TwinModel *model = twin_model_lookup (gtk_string_object_get_string (string));

  gtk_label_set_label (GTK_LABEL (id), gtk_string_object_get_string (string));
  gtk_label_set_label (GTK_LABEL (gtk_widget_get_next_sibling (id)), model ? _(model->description) : "");
}

static void
command_applied_cb (TwinWindow        *self,
                    const TwinCommand *command,
                    TwinEngine        *engine)
{
  if (command->fields & TWIN_COMMAND_PARAMS)
    _twin_window_model_sync (self);
}

/* The picker's list shows each model's description under its id; the
 * button shows the id alone. */
void
_twin_window_model_init (TwinWindow *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_item_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_item_cb), NULL);
  gtk_drop_down_set_list_factory (self->model_dropdown, factory);

  /* The resonance mark follows the parameter. */
  g_signal_connect_object (self->engine, "command-applied", G_CALLBACK (command_applied_cb),
                           self, G_CONNECT_SWAPPED);
}

static void
set_fault_row (GtkSwitch  *toggle,
               gboolean    modelled,
               const char *why)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (toggle), ADW_TYPE_ACTION_ROW);

  gtk_widget_set_sensitive (row, modelled);
  gtk_widget_set_tooltip_text (row, modelled ? NULL : why);
}

/* Called whenever the model or its parameters change. */
void
_twin_window_model_sync (TwinWindow *self)
{
  const TwinModel *model = twin_engine_get_model (self->engine);
  gboolean faults = (model->features & TWIN_MODEL_FEATURE_FAULTS) != 0;
  g_autofree char *why = g_strdup_printf (_("%s does not model faults: they would change nothing"), model->id);
  gboolean has_resonance = twin_model_find_param (model, "resonance_rpm") >= 0;
  g_autofree char *nominal = NULL;
  g_autofree char *resonance = NULL;
  g_autofree char *marks = NULL;

  set_fault_row (self->cooling_switch, faults, why);
  set_fault_row (self->bearing_switch, faults, why);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->model_dropdown), _(model->description));

  /* Ticks under the trough, named on the label: text under them would
   * make the sidebar taller than a 768-px screen allows. */
  nominal = twin_format_input (TWIN_INPUT_RPM_SETPOINT, twin_inputs[TWIN_INPUT_RPM_SETPOINT].default_value);
  gtk_scale_clear_marks (GTK_SCALE (self->rpm_scale));
  gtk_scale_add_mark (GTK_SCALE (self->rpm_scale), twin_inputs[TWIN_INPUT_RPM_SETPOINT].default_value,
                      GTK_POS_BOTTOM, NULL);
  if (has_resonance)
    {
      double rpm = twin_engine_get_param (self->engine, "resonance_rpm");

      resonance = twin_format_input (TWIN_INPUT_RPM_SETPOINT, rpm);
      gtk_scale_add_mark (GTK_SCALE (self->rpm_scale), rpm, GTK_POS_BOTTOM, NULL);
      marks = g_strdup_printf (_("Marks under the slider: nominal speed %s, resonance %s"), nominal, resonance);
    }
  else
    marks = g_strdup_printf (_("Mark under the slider: nominal speed %s"), nominal);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->rpm_label), marks);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->rpm_scale), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, marks, -1);
}
