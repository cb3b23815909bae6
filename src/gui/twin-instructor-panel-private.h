/* twin-instructor-panel-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The panel's controls, for the widget tests, which press them.
 */

#pragma once

#include "twin-instructor-panel.h"

G_BEGIN_DECLS

struct _TwinInstructorPanel
{
  GtkBox          parent_instance;

  TwinEngine     *engine;
  TwinSnapshots  *snapshots;

  GtkButton      *freeze_button;
  GtkLabel       *lock_label;
  GtkSwitch      *trainee_switch;
  GtkSpinButton  *interval_spin;
  GtkButton      *take_button;
  GtkEntry       *label_entry;
  GtkListBox     *list;
  GtkDropDown    *malfunction_dropdown;
  GtkCheckButton *hidden_check;
  GtkButton      *inject_button;
  GtkButton      *clear_button;

  GtkWindow      *confirm_dialog;   /* a backtrack asked, while it is open */
  guint           confirm_id;       /* the snapshot it asks about */
};

GtkWidget *_twin_instructor_panel_backtrack_button (TwinInstructorPanel *self,
                                                    guint                id);

G_END_DECLS
