/* twin-compare-panel.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The course ahead and the pinned ghost futures side by side: time to
 * warning, time to trip, zone and RUL at the horizon, one column each.
 */

#define G_LOG_DOMAIN "twin-compare-panel"

#include "config.h"

#include <glib/gi18n.h>

#include <adwaita.h>
#include <math.h>

#include "twin-compare-panel.h"
#include "twin-format.h"
#include "twin-plot-private.h"

#define N_COLUMNS (1 + TWIN_GHOSTS_MAX)

/* Texts longer than this, in characters, are shortened, and so are all
 * when the window is narrow: the full text is in the tooltip. */
#define TEXT_MAX_CHARS 44

typedef struct
{
  GtkWidget *header;
  GtkLabel  *dot;
  GtkLabel  *title;
  GtkLabel  *cells[TWIN_N_COMPARE_ROWS];
} Column;

struct _TwinComparePanel
{
  GtkBox       parent_instance;

  GtkExpander *expander;
  GtkLabel    *title;
  GtkGrid     *grid;

  TwinOutlook *outlook;
  TwinGhosts  *ghosts;
  Column       columns[N_COLUMNS];   /* the course, then each ghost */
  guint        n_columns;
};

G_DEFINE_FINAL_TYPE (TwinComparePanel, twin_compare_panel, GTK_TYPE_BOX)

/* "in 3 min 12 s", "now" or "none within 10 min", and where there is an
 * ensemble that does not agree to the second its P10–P90 range, "in 24 s
 * (18–38 s)", or how many of its runs get there when more than a tenth do
 * not, "none within 10 min (in 12 of 64 runs, from 4.7 s)". */
static char *
event_text (const TwinForecast *course,
            const TwinEnsemble *ensemble,
            TwinAlarm           alarm)
{
  double at = twin_forecast_time_of (course, alarm);
  const TwinQuantiles *q = ensemble != NULL ? &ensemble->raised[twin_alarm_get_index (alarm)] : NULL;
  g_autofree char *text = NULL;
  g_autofree char *range = NULL;

  if (course->alarms_at_start & alarm)
    return g_strdup ("now");

  if (q != NULL && !isnan (q->p10) && !isnan (q->p90))
    {
      range = twin_format_time_range (q->p10 - ensemble->start, q->p90 - ensemble->start);
      if (strstr (range, "–") == NULL)
        g_clear_pointer (&range, g_free);
    }
  else if (q != NULL && !isnan (q->p10))
    {
      g_autofree char *earliest = twin_format_time_ahead (q->p10 - ensemble->start);

      range = g_strdup_printf (g_dngettext (NULL, "in %u of %u run, from %s", "in %u of %u runs, from %s", q->n_members), q->n_happened, q->n_members, earliest);
    }

  if (isnan (at))
    {
      g_autofree char *horizon = twin_format_time_ahead (course->horizon);

      text = g_strdup_printf (_("none within %s"), horizon);
    }
  else
    {
      g_autofree char *ahead = twin_format_time_ahead (at - course->start);

      text = g_strdup_printf (_("in %s"), ahead);
    }

  return range != NULL ? g_strdup_printf ("%s (%s)", text, range) : g_steal_pointer (&text);
}

static char *
hours_text (double hours)
{
  g_autofree char *number = twin_format_grouped (hours, 0);

  return g_strdup_printf ("%s h", number);
}

/**
 * twin_compare_text:
 * @ensemble: (nullable): for the P10–P90 ranges
 *
 * Returns: what the panel shows in @row for a future
 */
char *
twin_compare_text (TwinCompareRow      row,
                   const TwinForecast *course,
                   const TwinEnsemble *ensemble)
{
  g_return_val_if_fail (course != NULL, NULL);

  switch (row)
    {
    case TWIN_COMPARE_WARNING:
      return event_text (course, ensemble, TWIN_ALARM_TEMP_WARNING);

    case TWIN_COMPARE_TRIP:
      return event_text (course, ensemble, TWIN_ALARM_TRIPPED);

    case TWIN_COMPARE_ZONE:
      {
        TwinZone zone = twin_zone_for_vibration (course->end.params, course->end.state.vibration);

        return g_strdup_printf ("%c%s", twin_zone_letter (zone), course->end.state.tripped ? " · tripped" : "");
      }

    case TWIN_COMPARE_RUL:
      if (ensemble != NULL && !isnan (ensemble->rul_hours.p10) && !isnan (ensemble->rul_hours.p90))
        {
          g_autofree char *low = twin_format_grouped (ensemble->rul_hours.p10, 0);
          g_autofree char *high = twin_format_grouped (ensemble->rul_hours.p90, 0);

          return g_strdup_printf ("%s–%s h", low, high);
        }
      return hours_text (course->rul_hours);

    case TWIN_N_COMPARE_ROWS:
    default:
      g_return_val_if_reached (NULL);
    }
}

static void
fill_column (Column             *column,
             const TwinForecast *course,
             const TwinEnsemble *ensemble)
{
  for (guint row = 0; row < TWIN_N_COMPARE_ROWS; row++)
    {
      g_autofree char *text = course != NULL ? twin_compare_text (row, course, ensemble) : g_strdup ("…");

      gtk_label_set_label (column->cells[row], text);
      gtk_widget_set_tooltip_text (GTK_WIDGET (column->cells[row]), text);
    }
}

static void
set_dot_color (TwinComparePanel *self,
               Column           *column,
               guint             ghost)
{
  TwinPlotColors colors;
  const GdkRGBA *c;
  g_autofree char *markup = NULL;

  /* The plot's own ghost colour, so that the column reads as its line. */
  twin_plot_colors_init (&colors, adw_style_manager_get_dark (adw_style_manager_get_default ()), NULL, NULL);
  c = &colors.ghosts[ghost];
  markup = g_strdup_printf ("<span foreground=\"#%02x%02x%02x\">●</span>",
                            (guint)(c->red * 255 + 0.5), (guint)(c->green * 255 + 0.5), (guint)(c->blue * 255 + 0.5));
  gtk_label_set_markup (column->dot, markup);
}

static void
unpin_clicked_cb (TwinComparePanel *self,
                  GtkButton        *button)
{
  TwinGhost *ghost = g_object_get_data (G_OBJECT (button), "ghost");

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->ghosts)); i++)
    {
      g_autoptr(TwinGhost) item = g_list_model_get_item (G_LIST_MODEL (self->ghosts), i);

      if (item == ghost)
        {
          twin_ghosts_remove (self->ghosts, i);
          return;
        }
    }
}

static void
add_column (TwinComparePanel *self,
            TwinGhost        *ghost)
{
  guint c = self->n_columns++;
  Column *column = &self->columns[c];
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);

  column->dot = GTK_LABEL (gtk_label_new (NULL));
  column->title = GTK_LABEL (gtk_label_new (ghost != NULL ? twin_ghost_get_name (ghost) : _("Course ahead")));
  gtk_label_set_ellipsize (column->title, PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (column->title, TEXT_MAX_CHARS);
  gtk_label_set_xalign (column->title, 0);
  gtk_widget_add_css_class (GTK_WIDGET (column->title), "heading");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (column->dot));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (column->title));
  if (ghost != NULL)
    {
      GtkWidget *unpin = gtk_button_new_from_icon_name ("window-close-symbolic");

      set_dot_color (self, column, twin_ghost_get_index (ghost));
      g_object_bind_property (ghost, "name", column->title, "label", G_BINDING_DEFAULT);
      g_object_bind_property (ghost, "name", column->title, "tooltip-text", G_BINDING_SYNC_CREATE);
      gtk_widget_add_css_class (unpin, "flat");
      gtk_widget_add_css_class (unpin, "circular");
      gtk_widget_set_valign (unpin, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (unpin, _("Unpin this future"));
      g_object_set_data_full (G_OBJECT (unpin), "ghost", g_object_ref (ghost), g_object_unref);
      g_signal_connect_object (unpin, "clicked", G_CALLBACK (unpin_clicked_cb), self, G_CONNECT_SWAPPED);
      gtk_box_append (GTK_BOX (box), unpin);
    }
  else
    gtk_label_set_label (column->dot, "○");

  column->header = box;
  gtk_grid_attach (self->grid, box, 1 + c, 0, 1, 1);
  for (guint row = 0; row < TWIN_N_COMPARE_ROWS; row++)
    {
      column->cells[row] = GTK_LABEL (gtk_label_new (NULL));
      gtk_label_set_xalign (column->cells[row], 0);
      gtk_label_set_ellipsize (column->cells[row], PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (column->cells[row], TEXT_MAX_CHARS);
      gtk_widget_add_css_class (GTK_WIDGET (column->cells[row]), "numeric");
      gtk_grid_attach (self->grid, GTK_WIDGET (column->cells[row]), 1 + c, 1 + row, 1, 1);
    }

  if (ghost != NULL)
    fill_column (column, twin_ghost_get_course (ghost), twin_ghost_get_ensemble (ghost));
  else
    fill_column (column, twin_outlook_get_course (self->outlook), twin_outlook_get_ensemble (self->outlook));
}

static void
clear_columns (TwinComparePanel *self)
{
  for (guint c = 0; c < self->n_columns; c++)
    {
      gtk_grid_remove (self->grid, self->columns[c].header);
      for (guint row = 0; row < TWIN_N_COMPARE_ROWS; row++)
        gtk_grid_remove (self->grid, GTK_WIDGET (self->columns[c].cells[row]));
    }
  memset (self->columns, 0, sizeof self->columns);
  self->n_columns = 0;
}

static void
rebuild (TwinComparePanel *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->ghosts));
  g_autofree char *title = NULL;

  clear_columns (self);
  add_column (self, NULL);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TwinGhost) ghost = g_list_model_get_item (G_LIST_MODEL (self->ghosts), i);

      add_column (self, ghost);
    }

  title = n == 0 ? g_strdup (_("Compare futures (pin a what-if branch to compare)"))
                 : g_strdup_printf (g_dngettext (NULL, "Compare futures (%u pinned)", "Compare futures (%u pinned)", n), n);
  gtk_label_set_label (self->title, title);
}

static void
ghosts_changed_cb (TwinComparePanel *self)
{
  rebuild (self);
}

static void
ghost_updated_cb (TwinComparePanel *self,
                  TwinGhost        *ghost,
                  TwinGhosts       *ghosts)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (ghosts)); i++)
    {
      g_autoptr(TwinGhost) item = g_list_model_get_item (G_LIST_MODEL (ghosts), i);

      if (item == ghost && 1 + i < self->n_columns)
        fill_column (&self->columns[1 + i], twin_ghost_get_course (ghost), twin_ghost_get_ensemble (ghost));
    }
}

static void
outlook_updated_cb (TwinComparePanel *self)
{
  if (self->n_columns > 0)
    fill_column (&self->columns[0], twin_outlook_get_course (self->outlook),
                 twin_outlook_get_ensemble (self->outlook));
}

static void
dark_changed_cb (TwinComparePanel *self)
{
  for (guint c = 1; c < self->n_columns; c++)
    {
      g_autoptr(TwinGhost) ghost = g_list_model_get_item (G_LIST_MODEL (self->ghosts), c - 1);

      if (ghost != NULL)
        set_dot_color (self, &self->columns[c], twin_ghost_get_index (ghost));
    }
}

static void
twin_compare_panel_dispose (GObject *object)
{
  TwinComparePanel *self = TWIN_COMPARE_PANEL (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), TWIN_TYPE_COMPARE_PANEL);
  g_clear_object (&self->outlook);
  g_clear_object (&self->ghosts);

  G_OBJECT_CLASS (twin_compare_panel_parent_class)->dispose (object);
}

static void
twin_compare_panel_class_init (TwinComparePanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = twin_compare_panel_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/twinscope/Twinscope/twin-compare-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, TwinComparePanel, expander);
  gtk_widget_class_bind_template_child (widget_class, TwinComparePanel, title);
  gtk_widget_class_bind_template_child (widget_class, TwinComparePanel, grid);
}

static void
twin_compare_panel_init (TwinComparePanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (dark_changed_cb), self, G_CONNECT_SWAPPED);
}

/**
 * twin_compare_panel_set_futures:
 *
 * Shows @outlook's course and @ghosts' futures, and follows them.
 */
void
twin_compare_panel_set_futures (TwinComparePanel *self,
                                TwinOutlook      *outlook,
                                TwinGhosts       *ghosts)
{
  g_return_if_fail (TWIN_IS_COMPARE_PANEL (self));
  g_return_if_fail (TWIN_IS_OUTLOOK (outlook));
  g_return_if_fail (TWIN_IS_GHOSTS (ghosts));
  g_return_if_fail (self->outlook == NULL);

  self->outlook = g_object_ref (outlook);
  self->ghosts = g_object_ref (ghosts);
  g_signal_connect_object (outlook, "updated", G_CALLBACK (outlook_updated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (ghosts, "items-changed", G_CALLBACK (ghosts_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (ghosts, "updated", G_CALLBACK (ghost_updated_cb), self, G_CONNECT_SWAPPED);
  rebuild (self);
}

/**
 * twin_compare_panel_get_text:
 * @column: 0 for the course ahead, 1 + i for the ghost at position i
 *
 * Returns: (nullable): what the cell shows
 */
const char *
twin_compare_panel_get_text (TwinComparePanel *self,
                             guint             column,
                             TwinCompareRow    row)
{
  g_return_val_if_fail (TWIN_IS_COMPARE_PANEL (self), NULL);
  g_return_val_if_fail (row < TWIN_N_COMPARE_ROWS, NULL);

  if (column >= self->n_columns)
    return NULL;

  return gtk_label_get_label (self->columns[column].cells[row]);
}

/* Returns: (nullable): the column's heading */
const char *
twin_compare_panel_get_title (TwinComparePanel *self,
                              guint             column)
{
  g_return_val_if_fail (TWIN_IS_COMPARE_PANEL (self), NULL);

  if (column >= self->n_columns)
    return NULL;

  return gtk_label_get_label (self->columns[column].title);
}
