/* test-i18n-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Under LANGUAGE=fr and LC_ALL=fr_FR.UTF-8, with the build's compiled
 * catalogue, the window speaks French: the sidebar, the plot's legend, the
 * preferences, the export dialog and the shipped scenarios; and its
 * numbers take a decimal comma.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>

#include "twin-gui.h"
#include "twin-plot-private.h"
#include "twin-preferences-window.h"
#include "twin-test-wait.h"
#include "twin-test-window.h"
#include "twin-window-private.h"

/* Every label's text and every row's and group's title under @widget. */
static void
collect_texts (GtkWidget  *widget,
               GPtrArray  *texts)
{
  if (GTK_IS_LABEL (widget))
    g_ptr_array_add (texts, g_strdup (gtk_label_get_label (GTK_LABEL (widget))));
  if (ADW_IS_PREFERENCES_ROW (widget))
    g_ptr_array_add (texts, g_strdup (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget))));
  if (ADW_IS_PREFERENCES_GROUP (widget))
    g_ptr_array_add (texts, g_strdup (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (widget))));
  if (ADW_IS_PREFERENCES_PAGE (widget))
    g_ptr_array_add (texts, g_strdup (adw_preferences_page_get_title (ADW_PREFERENCES_PAGE (widget))));
  if (ADW_IS_ACTION_ROW (widget) && adw_action_row_get_subtitle (ADW_ACTION_ROW (widget)) != NULL)
    g_ptr_array_add (texts, g_strdup (adw_action_row_get_subtitle (ADW_ACTION_ROW (widget))));

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_texts (child, texts);
}

static GPtrArray *
texts_of (GtkWidget *widget)
{
  GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);

  collect_texts (widget, texts);
  return texts;
}

static void
assert_shows (GPtrArray  *texts,
              const char *text)
{
  for (guint i = 0; i < texts->len; i++)
    if (g_strcmp0 (texts->pdata[i], text) == 0)
      return;

  g_error ("“%s” is not shown", text);
}

static void
assert_not_shown (GPtrArray  *texts,
                  const char *text)
{
  for (guint i = 0; i < texts->len; i++)
    g_assert_cmpstr (texts->pdata[i], !=, text);
}

/* Some text matching @pattern, such as a number with a decimal comma. */
static gboolean
shows_match (GPtrArray  *texts,
             const char *pattern)
{
  for (guint i = 0; i < texts->len; i++)
    if (texts->pdata[i] != NULL && g_regex_match_simple (pattern, texts->pdata[i], 0, 0))
      return TRUE;

  return FALSE;
}

static void
assert_matches (GPtrArray  *texts,
                const char *pattern)
{
  if (!shows_match (texts, pattern))
    g_error ("nothing shown matches /%s/", pattern);
}

/* What the plot has written lately: its legend, its axes, its hover box. */
static GPtrArray *
plot_texts (TwinPlot *plot)
{
  g_auto(GStrv) texts = twin_plot_text_cache_dup_texts (plot->text_cache);
  GPtrArray *array = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; texts[i] != NULL; i++)
    g_ptr_array_add (array, g_strdup (texts[i]));
  return array;
}

static TwinEngine *
warm_engine (void)
{
  TwinEngine *engine = twin_engine_new_full (100000, 0.1);

  twin_engine_set_rpm_setpoint (engine, 2000, NULL);
  twin_engine_advance (engine, 600);
  twin_engine_set_paused (engine, TRUE);

  return engine;
}

static void
test_sidebar_and_legend (void)
{
  TwinEngine *engine = warm_engine ();
  TwinWindow *window = twin_test_open_window (engine, NULL, 1400, 1000);
  g_autoptr(GPtrArray) texts = NULL;
  g_autoptr(GPtrArray) drawn = NULL;
  guint n;

  twin_test_wait_for_draws (window->plot, 2);
  texts = texts_of (window->sidebar);

  assert_shows (texts, "Entrées");
  assert_shows (texts, "Température ambiante");
  assert_shows (texts, "Consigne de vitesse");
  assert_shows (texts, "Défauts");
  assert_shows (texts, "Refroidissement dégradé");
  assert_shows (texts, "Défaut de roulement");
  assert_shows (texts, "Durée de vie restante");
  assert_shows (texts, "En marche");
  assert_not_shown (texts, "Ambient temperature");
  assert_not_shown (texts, "Running");
  /* The temperature readout: "41,3 °C", not "41.3 °C". */
  assert_matches (texts, "^[0-9]+,[0-9] °C$");

  drawn = plot_texts (window->plot);
  assert_shows (drawn, "Température °C");
  assert_shows (drawn, "Vitesse tr/min");
  assert_shows (drawn, "consigne");
  assert_shows (drawn, "ambiante");
  assert_shows (drawn, "zone A");
  assert_not_shown (drawn, "setpoint");
  assert_not_shown (drawn, "Temperature °C");

  /* The hover box, over the past (the plot shows the course ahead too):
   * "temps 9:50,0", "température 41,3 °C" */
  for (double x = 0.1; x < 0.9; x += 0.1)
    {
      n = twin_plot_get_n_draws (window->plot);
      twin_plot_set_hover (window->plot, TRUE, gtk_widget_get_width (GTK_WIDGET (window->plot)) * x);
      twin_test_wait_for_draws (window->plot, n + 1);
      g_ptr_array_unref (drawn);
      drawn = plot_texts (window->plot);
      if (shows_match (drawn, "^température [0-9]+,[0-9] °C$"))
        break;
    }
  assert_matches (drawn, "^temps [0-9]+:[0-9]{2},[0-9]$");
  assert_matches (drawn, "^température [0-9]+,[0-9] °C$");
  assert_matches (drawn, "^vitesse [0-9]+ tr/min$");

  twin_test_close_window (window, engine);
}

static void
test_preferences (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  TwinPreferencesWindow *prefs = twin_preferences_window_new (settings);
  g_autoptr(GPtrArray) texts = NULL;

  gtk_window_present (GTK_WINDOW (prefs));
  twin_test_iterate ();
  texts = texts_of (GTK_WIDGET (prefs));

  assert_shows (texts, "Historique");
  assert_shows (texts, "Bruit de mesure");
  assert_shows (texts, "Seuils");
  assert_shows (texts, "Alerte de température");
  assert_shows (texts, "Plages sûres");
  assert_shows (texts, "Connexions");
  assert_shows (texts, "Qualité de service");
  assert_not_shown (texts, "Thresholds");
  /* The typography of the catalogue: a no-break space before the colon. */
  assert_shows (texts, "Gaussien\u00a0: σ 0,2\u202f°C, 0,05\u202fmm/s, 2\u202ftr/min");

  gtk_window_destroy (GTK_WINDOW (prefs));
  twin_test_iterate ();
}

static void
test_export_dialog (void)
{
  TwinEngine *engine = warm_engine ();
  TwinWindow *window = twin_test_open_window (engine, NULL, 0, 0);
  g_autoptr(GPtrArray) texts = NULL;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.export", NULL);
  twin_test_iterate ();
  g_assert_nonnull (window->export_dialog);
  texts = texts_of (GTK_WIDGET (window->export_dialog));

  assert_shows (texts, "Exporter");
  assert_shows (texts, "Format");
  assert_shows (texts, "Contenu");
  assert_shows (texts, "Taille de l’image");
  assert_shows (texts, "Largeur");
  assert_shows (texts, "Historique en CSV");
  assert_not_shown (texts, "Image Size");
  /* "6001 échantillons, de 0:00:00 à 0:10:00, toutes les 0,1 s": times
   * as h:mm:ss since the clarity issue, the interval the formatter's way. */
  assert_matches (texts, "^[0-9\u2009]+ échantillons, de 0:00:00 à 0:10:00, toutes les 0,1 s$");

  gtk_window_destroy (GTK_WINDOW (window->export_dialog));
  twin_test_iterate ();
  twin_test_close_window (window, engine);
}

/* The shipped scenarios carry their French texts: the chooser lists them. */
static void
test_scenario_chooser (void)
{
  TwinEngine *engine = twin_engine_new ();
  TwinWindow *window = twin_test_open_window (engine, NULL, 0, 0);
  GListModel *toplevels = gtk_window_get_toplevels ();
  g_autoptr(GPtrArray) texts = NULL;
  g_autoptr(GtkWindow) chooser = NULL;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.scenarios", NULL);
  twin_test_iterate ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels) && chooser == NULL; i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (g_strcmp0 (gtk_window_get_title (w), "Scénarios") == 0)
        chooser = g_steal_pointer (&w);
    }
  g_assert_nonnull (chooser);
  texts = texts_of (GTK_WIDGET (chooser));

  assert_shows (texts, "Canicule");
  assert_shows (texts, "Trouvez la panne");
  assert_matches (texts, "^L’après-midi, il fait jusqu’à 65 °C");
  assert_not_shown (texts, "Heat wave");

  gtk_window_destroy (chooser);
  g_clear_object (&chooser);
  twin_test_iterate ();
  twin_test_close_window (window, engine);
}

int
main (int   argc,
      char *argv[])
{
  /* As main does; gtk_test_init leaves the locale alone. */
  g_setenv ("LANGUAGE", "fr", TRUE);
  g_setenv ("LC_ALL", "fr_FR.UTF-8", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  setlocale (LC_ALL, "");
  g_assert_cmpstr (setlocale (LC_NUMERIC, NULL), ==, "fr_FR.UTF-8");
  bindtextdomain (GETTEXT_PACKAGE, TWIN_TEST_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  adw_init ();
  twin_gui_init ();

  g_test_add_func ("/i18n/window/sidebar-and-legend", test_sidebar_and_legend);
  g_test_add_func ("/i18n/window/preferences", test_preferences);
  g_test_add_func ("/i18n/window/export-dialog", test_export_dialog);
  g_test_add_func ("/i18n/window/scenario-chooser", test_scenario_chooser);

  return g_test_run ();
}
