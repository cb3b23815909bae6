/* twin-scenario-panel.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The scenario under way, in the sidebar: its title and last caption, each
 * check live (pending, passed, failed) with its points, the score, hints on
 * demand, naming the fault when the scenario asks, and the score sheet to
 * keep at the end.
 */

#define G_LOG_DOMAIN "twin-gui"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "twin-format.h"
#include "twin-scenario-panel.h"

struct _TwinScenarioPanel
{
  AdwBin        parent_instance;

  TwinTraining *training;
  GtkWidget    *group;        /* rebuilt at every change */
  GPtrArray    *hints;        /* the hints taken, shown */
  guint         rebuild_id;
};

G_DEFINE_FINAL_TYPE (TwinScenarioPanel, twin_scenario_panel, ADW_TYPE_BIN)

static const char *
status_icon (TwinCheckStatus status)
{
  switch (status)
    {
    case TWIN_CHECK_PASSED:  return "object-select-symbolic";
    case TWIN_CHECK_FAILED:  return "window-close-symbolic";
    case TWIN_CHECK_PENDING:
    default:                 return "content-loading-symbolic";
    }
}

static char *
status_text (const TwinCheck       *check,
             const TwinCheckResult *r)
{
  g_autofree char *when = NULL;
  g_autofree char *points = twin_format_grouped (r->points, 0);
  g_autofree char *weight = twin_format_grouped (check->weight, 0);

  switch (r->status)
    {
    case TWIN_CHECK_PASSED:
      /* TRANSLATORS: a check's points, as in "Passed · 40 of 40 points" */
      return g_strdup_printf (_("Passed · %s of %s points"), points, weight);
    case TWIN_CHECK_FAILED:
      when = twin_format_clock (r->decided_at);
      return g_strdup_printf (_("Failed at %s"), when);
    case TWIN_CHECK_PENDING:
    default:
      return g_strdup_printf (_("Pending · %s points"), weight);
    }
}

static void queue_rebuild (TwinScenarioPanel *self);

static void
hint_clicked_cb (TwinScenarioPanel *self)
{
  g_autoptr(GError) error = NULL;
  const char *hint = twin_training_take_hint (self->training, &error);

  if (hint != NULL)
    g_ptr_array_add (self->hints, g_strdup (hint));
  queue_rebuild (self);
}

static void
diagnose (TwinScenarioPanel *self,
          const char        *fault)
{
  twin_training_diagnose (self->training, fault, NULL);
}

static void
cooling_clicked_cb (TwinScenarioPanel *self)
{
  diagnose (self, "cooling_degraded");
}

static void
bearing_clicked_cb (TwinScenarioPanel *self)
{
  diagnose (self, "bearing_defect");
}

static void
stop_clicked_cb (TwinScenarioPanel *self)
{
  twin_training_handle (self->training, "{\"stop\":true}", strlen ("{\"stop\":true}"), &(const char *){ NULL }, NULL);
}

static void
export_response_cb (GtkNativeDialog   *dialog,
                    int                response,
                    TwinScenarioPanel *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *sheet = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog))) != NULL &&
      (sheet = twin_training_dup_sheet (self->training)) != NULL &&
      !g_file_replace_contents (file, sheet, strlen (sheet), NULL, FALSE, G_FILE_CREATE_NONE, NULL, NULL, &error))
    g_warning ("score sheet: %s", error->message);
  g_object_unref (dialog);
}

static void
export_clicked_cb (TwinScenarioPanel *self)
{
  GtkFileChooserNative *chooser;
  const TwinScenario *scenario = twin_scenario_run_get_scenario (twin_training_get_run (self->training));
  g_autofree char *name = g_strconcat (scenario->id, "-score.json", NULL);

  chooser = gtk_file_chooser_native_new (_("Export Score Sheet"),
                                         GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect (chooser, "response", G_CALLBACK (export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static GtkWidget *
button (TwinScenarioPanel *self,
        const char        *label,
        GCallback          clicked)
{
  GtkWidget *b = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (b, GTK_ALIGN_CENTER);
  g_signal_connect_swapped (b, "clicked", clicked, self);
  return b;
}

static gboolean
asks_diagnosis (const TwinScenario *scenario)
{
  for (guint i = 0; i < scenario->checks->len; i++)
    if (g_array_index (scenario->checks, TwinCheck, i).kind == TWIN_CHECK_DIAGNOSIS)
      return TRUE;
  return FALSE;
}

static void
rebuild (TwinScenarioPanel *self)
{
  TwinScenarioRun *run = twin_training_get_run (self->training);
  const TwinScenario *scenario;
  TwinScore *score;
  GtkWidget *group, *row, *box;
  g_autofree char *total = NULL;
  g_autofree char *mark = NULL;
  g_autofree char *score_text = NULL;
  gboolean finished;

  gtk_widget_set_visible (GTK_WIDGET (self), run != NULL);
  if (run == NULL)
    return;
  scenario = twin_scenario_run_get_scenario (run);
  score = twin_scenario_run_get_score (run);
  finished = twin_score_is_finished (score);

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), scenario->title);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         twin_training_get_caption (self->training) != NULL ?
                                         twin_training_get_caption (self->training) : scenario->description);
  if (!finished)
    adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group),
                                             button (self, _("_Stop"), G_CALLBACK (stop_clicked_cb)));

  for (guint i = 0; i < scenario->checks->len; i++)
    {
      const TwinCheck *check = &g_array_index (scenario->checks, TwinCheck, i);
      const TwinCheckResult *r = twin_score_get_result (score, i);
      g_autofree char *text = status_text (check, r);
      GtkWidget *icon = gtk_image_new_from_icon_name (status_icon (r->status));

      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), check->title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), text);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      if (r->status == TWIN_CHECK_PASSED)
        gtk_widget_add_css_class (icon, "success");
      else if (r->status == TWIN_CHECK_FAILED)
        gtk_widget_add_css_class (icon, "error");
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }

  for (guint i = 0; i < self->hints->len; i++)
    {
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Hint"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), g_ptr_array_index (self->hints, i));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }

  if (!finished && asks_diagnosis (scenario))
    {
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Name the fault"));
      box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      gtk_box_append (GTK_BOX (box), button (self, _("_Cooling"), G_CALLBACK (cooling_clicked_cb)));
      gtk_box_append (GTK_BOX (box), button (self, _("_Bearing"), G_CALLBACK (bearing_clicked_cb)));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), box);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }

  total = twin_format_grouped (twin_score_get_total (score), 0);
  mark = twin_format_grouped (scenario->pass_mark, 0);
  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), finished ? _("Score") : _("Score so far"));
  if (finished)
    score_text = g_strdup_printf (twin_score_passed (score) ? _("%s / 100 · passed (pass mark %s)")
                                                            : _("%s / 100 · not passed (pass mark %s)"), total, mark);
  else
    score_text = g_strdup_printf (_("%s / 100 (pass mark %s)"), total, mark);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), score_text);
  if (finished)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), button (self, _("_Export…"), G_CALLBACK (export_clicked_cb)));
  else if (self->hints->len < scenario->hints->len)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), button (self, _("_Hint"), G_CALLBACK (hint_clicked_cb)));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);

  adw_bin_set_child (ADW_BIN (self), group);
  self->group = group;
}

static gboolean
rebuild_cb (gpointer data)
{
  TwinScenarioPanel *self = data;

  self->rebuild_id = 0;
  rebuild (self);
  return G_SOURCE_REMOVE;
}

/* Not at once: a change often comes from a button of the panel, which the
 * rebuild replaces, in the middle of its own click. */
static void
queue_rebuild (TwinScenarioPanel *self)
{
  if (self->rebuild_id == 0)
    self->rebuild_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, rebuild_cb, self, NULL);
}

static void
started_or_changed_cb (TwinScenarioPanel *self)
{
  TwinScenarioRun *run = twin_training_get_run (self->training);

  /* A new scenario: the hints taken were the last one's. */
  if (run == NULL || self->hints->len > twin_score_get_hints_used (twin_scenario_run_get_score (run)))
    g_ptr_array_set_size (self->hints, 0);
  queue_rebuild (self);
}

static void
twin_scenario_panel_dispose (GObject *object)
{
  TwinScenarioPanel *self = TWIN_SCENARIO_PANEL (object);

  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  g_clear_object (&self->training);
  g_clear_pointer (&self->hints, g_ptr_array_unref);

  G_OBJECT_CLASS (twin_scenario_panel_parent_class)->dispose (object);
}

static void
twin_scenario_panel_class_init (TwinScenarioPanelClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = twin_scenario_panel_dispose;
}

static void
twin_scenario_panel_init (TwinScenarioPanel *self)
{
  self->hints = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

TwinScenarioPanel *
twin_scenario_panel_new (TwinTraining *training)
{
  TwinScenarioPanel *self;

  g_return_val_if_fail (TWIN_IS_TRAINING (training), NULL);

  self = g_object_new (TWIN_TYPE_SCENARIO_PANEL, NULL);
  self->training = g_object_ref (training);
  g_signal_connect_object (training, "changed", G_CALLBACK (started_or_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (training, "caption", G_CALLBACK (queue_rebuild), self, G_CONNECT_SWAPPED);
  rebuild (self);
  return self;
}
