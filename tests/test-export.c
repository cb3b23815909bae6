/* test-export.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every export writes a file that reads back, and a failed export leaves
 * nothing behind.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <string.h>
#include <signal.h>
#include <sys/resource.h>

#include "twin-csv.h"
#include "twin-export-dialog.h"
#include "twin-gui.h"
#include "twin-test-env.h"
#include "twin-test-wait.h"
#include "twin-test-window.h"
#include "twin-window-private.h"

typedef struct
{
  TwinEngine *engine;
  TwinWindow *window;
  char       *dir;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->engine = twin_engine_new_full (100000, 0.1);
  twin_engine_set_rpm_setpoint (f->engine, 2000, NULL);
  twin_engine_advance (f->engine, 600);
  twin_engine_set_paused (f->engine, TRUE);
  f->window = twin_test_open_window (f->engine, NULL, 0, 0);
  f->dir = g_dir_make_tmp ("twinscope-export-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  twin_test_remove_tree (f->dir);
  g_free (f->dir);
  twin_test_close_window (f->window, f->engine);
}

static void
test_export_csv (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "history.csv", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  gsize length = twin_history_get_length (twin_engine_get_history (f->engine));
  guint n_rows = 0;

  g_assert_cmpuint (length, >, 6000);
  g_assert_true (twin_window_export (f->window, TWIN_EXPORT_CSV, path, 0, 0));
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);

  g_assert_true (g_str_has_prefix (lines[0], "time (s),temperature (°C),vibration (mm/s),rpm (rpm)"));
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;

      if (*lines[i] == '\0')
        continue;
      fields = g_strsplit (lines[i], ",", -1);
      g_assert_cmpuint (g_strv_length (fields), ==, 7 + 5);
      g_assert_true (g_ascii_strtod (fields[0], NULL) >= 0);
      n_rows++;
    }
  g_assert_cmpuint (n_rows, ==, length);
  g_assert_cmpuint (twin_test_count_files (f->dir), ==, 1);
  g_assert_true (g_str_has_prefix (f->window->last_toast, "Exported “history.csv”"));
}

static char **
read_rows (const char *path)
{
  g_autofree char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  return g_strsplit (g_strchomp (contents), "\n", -1);
}

/* The row of the sample at @t s, split into its fields. */
static char **
row_at (char   **rows,
        double   t)
{
  for (guint i = 1; rows[i] != NULL; i++)
    if (fabs (g_ascii_strtod (rows[i], NULL) - t) < 1e-6)
      return g_strsplit (rows[i], ",", -1);

  g_assert_not_reached ();
}

static void
test_export_csv_context (void)
{
  TwinEngine *engine = twin_engine_new_full (100000, 0.1);
  TwinWindow *window;
  g_autofree char *dir = g_dir_make_tmp ("twinscope-export-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "history.csv", NULL);
  g_autofree char *visible = g_build_filename (dir, "visible.csv", NULL);
  g_auto(GStrv) rows = NULL;
  g_auto(GStrv) before = NULL;
  g_auto(GStrv) after = NULL;
  g_auto(GStrv) last = NULL;
  const char *model;
  TwinExportDialog *dialog;
  AdwActionRow *contents;
  g_autofree char *expected = NULL;
  gboolean zone_d = FALSE;
  double t0, t1;
  guint n;

  twin_engine_set_paused (engine, TRUE);
  window = twin_test_open_window (engine, NULL, 0, 0);
  model = twin_engine_get_model (engine)->id;
  twin_engine_advance (engine, 10);
  gtk_switch_set_active (window->cooling_switch, TRUE);
  twin_test_iterate ();
  g_assert_true (twin_engine_get_cooling_degraded (engine));
  twin_engine_advance (engine, 10);
  g_assert_true (twin_engine_set_rpm_setpoint (engine, 2400, NULL));
  twin_engine_advance (engine, 40);
  g_assert_true (twin_engine_get_tripped (engine));

  g_assert_true (twin_window_export (window, TWIN_EXPORT_CSV, path, 0, 0));
  rows = read_rows (path);
  g_assert_cmpstr (rows[0], ==, "time (s),temperature (°C),vibration (mm/s),rpm (rpm),wear (fraction),"
                                "ambient (°C),rpm_setpoint (rpm),zone,tripped,alarms,faults,model");

  before = row_at (rows, 5);
  g_assert_cmpuint (g_strv_length (before), ==, 12);
  g_assert_cmpstr (before[7], ==, "A");
  g_assert_cmpstr (before[8], ==, "false");
  g_assert_cmpstr (before[9], ==, "");
  g_assert_cmpstr (before[10], ==, "");
  g_assert_cmpstr (before[11], ==, model);

  after = row_at (rows, 15);
  g_assert_cmpstr (after[10], ==, "cooling_degraded");

  for (guint i = 1; rows[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (rows[i], ",", -1);

      g_assert_cmpuint (g_strv_length (fields), ==, 12);
      zone_d |= g_str_equal (fields[7], "D") && strstr (fields[9], "vibration_zone_d") != NULL;
    }
  g_assert_true (zone_d);
  last = g_strsplit (rows[g_strv_length (rows) - 1], ",", -1);
  g_assert_cmpstr (last[8], ==, "true");
  g_assert_nonnull (strstr (last[9], "tripped"));
  g_assert_cmpstr (last[10], ==, "cooling_degraded");

  /* The visible range only: the plot's 10 s. */
  twin_plot_set_span (window->plot, 10);
  twin_plot_set_following (window->plot, FALSE);
  twin_plot_get_view (window->plot, &t0, &t1);
  g_assert_true (twin_window_export_range (window, TWIN_EXPORT_CSV, visible, 0, 0, TRUE));
  g_clear_pointer (&rows, g_strfreev);
  rows = read_rows (visible);
  n = g_strv_length (rows) - 1;
  g_assert_cmpuint (n, ==, twin_csv_count_rows (twin_engine_get_history (engine), t0, t1));
  g_assert_cmpuint (n, >=, 50);
  g_assert_cmpuint (n, <=, 101);
  g_assert_cmpfloat (g_ascii_strtod (rows[1], NULL), >=, t0 - 1e-6);
  g_assert_cmpfloat (g_ascii_strtod (rows[n], NULL), <=, t1 + 1e-6);

  /* The dialog counts the rows of either range, in h:mm:ss. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.export", NULL);
  twin_test_iterate ();
  dialog = TWIN_EXPORT_DIALOG (window->export_dialog);
  contents = ADW_ACTION_ROW (gtk_widget_get_template_child (GTK_WIDGET (dialog), TWIN_TYPE_EXPORT_DIALOG,
                                                            "contents_row"));
  g_assert_cmpstr (adw_action_row_get_subtitle (contents), ==, "601 samples, 0:00:00 to 0:01:00, every 0.1 s");
  twin_export_dialog_set_visible_only (dialog, TRUE);
  expected = g_strdup_printf ("%u samples, 0:00:%02.0f to 0:01:00, every 0.1 s", n, ceil (t0));
  g_assert_cmpstr (adw_action_row_get_subtitle (contents), ==, expected);
  g_assert_true (twin_export_dialog_export_to (dialog, visible));
  twin_test_iterate ();
  g_clear_pointer (&rows, g_strfreev);
  rows = read_rows (visible);
  g_assert_cmpuint (g_strv_length (rows) - 1, ==, n);

  twin_test_remove_tree (dir);
  twin_test_close_window (window, engine);
}

static void
test_export_png (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "plot.png", NULL);
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (twin_window_export (f->window, TWIN_EXPORT_PNG, path, 800, 500));
  texture = gdk_texture_new_from_filename (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 800);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, 500);
  g_assert_cmpuint (twin_test_count_files (f->dir), ==, 1);
}

static void
test_export_svg_pdf (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *svg = g_build_filename (f->dir, "plot.svg", NULL);
  g_autofree char *pdf = g_build_filename (f->dir, "plot.pdf", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *caption = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  const char *title;
  gsize len;

  g_assert_true (twin_window_export (f->window, TWIN_EXPORT_SVG, svg, 1200, 700));
  g_assert_true (g_file_get_contents (svg, &contents, &len, NULL));
  g_assert_true (g_str_has_prefix (contents, "<?xml"));
  g_assert_nonnull (strstr (contents, "<svg"));
  g_assert_nonnull (strstr (contents, "width=\"1200"));
  g_assert_true (g_str_has_suffix (g_strchomp (contents), "</svg>"));
  /* The caption, as text: model, inputs, faults, time range and date. */
  title = strstr (contents, "<title>");
  g_assert_nonnull (title);
  g_assert_true (strstr (contents, "<svg") < title);
  caption = g_markup_printf_escaped ("<title>%s · ambient 22 °C · setpoint 2000 rpm · faults: none · ",
                                     twin_engine_get_model (f->engine)->id);
  g_assert_true (g_str_has_prefix (title, caption));
  g_assert_nonnull (strstr (title, " to "));
  g_assert_nonnull (strstr (title, date));
  g_clear_pointer (&contents, g_free);

  g_assert_true (twin_window_export (f->window, TWIN_EXPORT_PDF, pdf, 1200, 700));
  g_assert_true (g_file_get_contents (pdf, &contents, &len, NULL));
  g_assert_cmpuint (len, >, 1000);
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  g_assert_nonnull (memmem (contents + len - 16, 16, "%%EOF", 5));
  g_assert_cmpuint (twin_test_count_files (f->dir), ==, 2);
}

static void
test_export_pdf_page_by_locale (Fixture       *f,
                                gconstpointer  data)
{
  g_autofree char *paper = g_strdup (setlocale (LC_PAPER, NULL));
  TwinExportDialog *dialog;
  GtkSpinButton *width_spin;
  GtkSpinButton *height_spin;
  int width, height;

  twin_export_pdf_page ("na_letter", &width, &height);
  g_assert_cmpint (width, ==, 792);
  g_assert_cmpint (height, ==, 612);
  twin_export_pdf_page ("iso_a4", &width, &height);
  g_assert_cmpint (width, ==, 842);
  g_assert_cmpint (height, ==, 595);

  /* The locale's paper: A4 in France. */
  g_assert_nonnull (setlocale (LC_PAPER, "fr_FR.UTF-8"));
  twin_export_pdf_page (NULL, &width, &height);
  g_assert_cmpint (width, ==, 842);
  g_assert_cmpint (height, ==, 595);

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.export", NULL);
  twin_test_iterate ();
  dialog = TWIN_EXPORT_DIALOG (f->window->export_dialog);
  width_spin = GTK_SPIN_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (dialog), TWIN_TYPE_EXPORT_DIALOG, "width_spin"));
  height_spin = GTK_SPIN_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (dialog), TWIN_TYPE_EXPORT_DIALOG, "height_spin"));
  twin_export_dialog_set_format (dialog, TWIN_EXPORT_PDF);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (width_spin), ==, 842);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (height_spin), ==, 595);
  twin_export_dialog_set_format (dialog, TWIN_EXPORT_PNG);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (width_spin), ==, 1600);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (height_spin), ==, 900);
  gtk_window_close (GTK_WINDOW (dialog));
  twin_test_iterate ();

  setlocale (LC_PAPER, paper);
}

static void
test_export_errors (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (f->dir, "no-such-dir", "history.csv", NULL);
  g_autofree char *path = g_build_filename (f->dir, "plot.png", NULL);

  g_assert_false (twin_window_export (f->window, TWIN_EXPORT_CSV, missing, 0, 0));
  g_assert_nonnull (strstr (f->window->last_toast, "history.csv"));
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));

  g_assert_false (twin_window_export (f->window, TWIN_EXPORT_PNG, path, 100, 500));
  g_assert_nonnull (strstr (f->window->last_toast, "size: 100 × 500 px is out of range; allowed: 200 to 8000 px"));
  g_assert_cmpuint (twin_test_count_files (f->dir), ==, 0);
}

/* A disk that fills up half way: the file size limit makes every write
 * past it fail with EFBIG, as ENOSPC would. */
static void
test_export_disk_full (Fixture       *f,
                       gconstpointer  data)
{
  const TwinExportFormat formats[] = { TWIN_EXPORT_CSV, TWIN_EXPORT_PNG, TWIN_EXPORT_PDF };
  g_autofree char *path = g_build_filename (f->dir, "existing", NULL);
  g_autofree char *contents = NULL;
  struct rlimit old, small;

  g_assert_true (g_file_set_contents (path, "precious", -1, NULL));
  signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &old), ==, 0);
  small = old;
  small.rlim_cur = 16 * 1024;
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &small), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_test_message ("format %u", formats[i]);
      g_assert_false (twin_window_export (f->window, formats[i], path, 4000, 3000));
      g_assert_nonnull (f->window->last_toast);
      g_assert_false (g_str_has_prefix (f->window->last_toast, "Exported"));
    }

  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &old), ==, 0);
  signal (SIGXFSZ, SIG_DFL);

  /* What was there is untouched, and nothing else was left behind. */
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "precious");
  g_assert_cmpuint (twin_test_count_files (f->dir), ==, 1);
}

static void
test_export_dialog (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "from-dialog.png", NULL);
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *name = NULL;
  TwinExportDialog *dialog;

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.export", NULL);
  twin_test_iterate ();
  dialog = TWIN_EXPORT_DIALOG (f->window->export_dialog);
  g_assert_nonnull (dialog);
  g_assert_cmpint (twin_export_dialog_get_format (dialog), ==, TWIN_EXPORT_CSV);

  twin_export_dialog_set_format (dialog, TWIN_EXPORT_PNG);
  twin_test_iterate ();

  /* The file chooser opens (without warnings) and can be dismissed. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "export.choose-file", NULL);
  twin_test_iterate ();
  g_assert_nonnull (twin_export_dialog_get_chooser (dialog));
  name = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (twin_export_dialog_get_chooser (dialog)));
  g_assert_cmpstr (name, ==, "twinscope-plot.png");
  gtk_native_dialog_hide (twin_export_dialog_get_chooser (dialog));
  twin_test_iterate ();

  /* What the chooser hands back when a file is picked. */
  g_assert_true (twin_export_dialog_export_to (dialog, path));
  twin_test_iterate ();
  g_assert_null (f->window->export_dialog);

  texture = gdk_texture_new_from_filename (path, NULL);
  g_assert_nonnull (texture);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 1600);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, 900);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  twin_gui_init ();

  g_test_add ("/export/csv-one-row-per-sample", Fixture, NULL, fixture_setup, test_export_csv, fixture_teardown);
  g_test_add_func ("/export/csv-faults-zone-tripped-alarms-model-and-visible-range", test_export_csv_context);
  g_test_add ("/export/png-at-the-size-asked", Fixture, NULL, fixture_setup, test_export_png, fixture_teardown);
  g_test_add ("/export/svg-pdf-whole-documents", Fixture, NULL, fixture_setup, test_export_svg_pdf,
              fixture_teardown);
  g_test_add ("/export/pdf-landscape-page-of-the-locale", Fixture, NULL, fixture_setup,
              test_export_pdf_page_by_locale, fixture_teardown);
  g_test_add ("/export/errors-toasted-nothing-written", Fixture, NULL, fixture_setup, test_export_errors,
              fixture_teardown);
  g_test_add ("/export/disk-full-leaves-the-old-file", Fixture, NULL, fixture_setup, test_export_disk_full,
              fixture_teardown);
  g_test_add ("/export/dialog-chooser-and-export", Fixture, NULL, fixture_setup, test_export_dialog,
              fixture_teardown);

  return g_test_run ();
}
