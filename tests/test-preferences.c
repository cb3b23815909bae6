/* test-preferences.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Preferences are applied to the engine as they change, bad values are
 * refused, and the preferences window cannot enter one.
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "twin-engine-settings.h"
#include "twin-gui.h"
#include "twin-preferences-window.h"
#include "twin-test-commands.h"
#include "twin-test-wait.h"

static GSettings *
fresh_settings (void)
{
  GSettings *settings = g_settings_new (APP_ID);
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (settings, keys[i]);

  return settings;
}

static void
refused_cb (TwinEngineSettings *es,
            const char         *key,
            const char         *message,
            GString            *out)
{
  g_string_append_printf (out, "%s|%s\n", key, message);
}

static void
test_settings_applied (void)
{
  g_autoptr(GSettings) settings = fresh_settings ();
  TwinEngine *engine = twin_engine_new_full (5000, 0.1);
  g_autoptr(TwinEngine) quiet = twin_engine_new_full (5000, 0.1);
  TwinEngineSettings *es = twin_engine_settings_new (settings, engine);
  TwinSnapshot a, b;

  /* Defaults are applied at once. */
  g_assert_cmpuint (twin_history_get_capacity (twin_engine_get_history (engine)), ==, 1000000);
  g_assert_cmpfloat (twin_engine_get_param (engine, "temp_warning"), ==, 85);

  g_settings_set_double (settings, "temp-warning", 80);
  g_assert_cmpfloat (twin_engine_get_param (engine, "temp_warning"), ==, 80);
  g_settings_set_double (settings, "temp-trip", 110);
  g_assert_cmpfloat (twin_engine_get_param (engine, "temp_trip"), ==, 110);
  g_settings_set_double (settings, "zone-c-max", 9);
  g_assert_cmpfloat (twin_engine_get_param (engine, "zone_c_max"), ==, 9);
  g_settings_set_double (settings, "zone-d-trip-time", 30);
  g_assert_cmpfloat (twin_engine_get_param (engine, "zone_d_trip_time"), ==, 30);

  /* Thresholds carry over a model switch. */
  g_assert_true (twin_engine_set_model (engine, "tutorial@1", NULL));
  g_assert_cmpfloat (twin_engine_get_param (engine, "temp_warning"), ==, 80);

  g_settings_set_double (settings, "history-interval", 0.5);
  g_assert_cmpfloat (twin_history_get_interval (twin_engine_get_history (engine)), ==, 0.5);
  g_settings_set_int (settings, "history-capacity", 2000);
  g_assert_cmpuint (twin_history_get_capacity (twin_engine_get_history (engine)), ==, 2000);

  /* Noise: the same run with and without differs only in what is reported. */
  g_assert_true (twin_engine_set_model (engine, "physical@2", NULL));
  g_settings_set_uint (settings, "noise-seed", 42);
  g_settings_set_boolean (settings, "noise-enabled", TRUE);
  twin_engine_advance (engine, 10);
  twin_engine_advance (quiet, 10);
  twin_engine_get_snapshot (engine, &a);
  twin_engine_get_snapshot (quiet, &b);
  g_assert_cmpfloat (a.temperature, !=, b.temperature);
  g_settings_set_boolean (settings, "noise-enabled", FALSE);
  twin_engine_get_snapshot (engine, &a);
  g_assert_cmpfloat (a.temperature, ==, b.temperature);

  g_assert_cmpstr (twin_engine_settings_get_string (es, "mqtt-broker"), ==, "mqtt://127.0.0.1:1883");
  g_settings_set_string (settings, "mqtt-broker", "mqtts://broker.local:8883");
  g_assert_cmpstr (twin_engine_settings_get_string (es, "mqtt-broker"), ==, "mqtts://broker.local:8883");

  g_assert_finalize_object (es);
  g_assert_finalize_object (engine);
}

static void
test_settings_refused (void)
{
  g_autoptr(GSettings) settings = fresh_settings ();
  TwinEngine *engine = twin_engine_new_full (5000, 0.1);
  TwinEngineSettings *es = twin_engine_settings_new (settings, engine);
  g_autoptr(GString) refused = g_string_new (NULL);
  const struct { const char *key; const char *value; } bad_strings[] = {
    { "mqtt-broker", "not a url" },
    { "mqtt-broker", "http://127.0.0.1:1883" },
    { "mqtt-broker", "mqtt://:1883" },
    { "mqtt-broker", "mqtt://host:70000" },
    { "mqtt-prefix", "" },
    { "mqtt-prefix", "twin/#" },
    { "mqtt-prefix", "/twin" },
    { "mqtt-username", "bad\nname" },
    { "rest-token", "has space" },
  };

  g_signal_connect (es, "refused", G_CALLBACK (refused_cb), refused);

  g_settings_set_double (settings, "temp-warning", 110);
  g_assert_nonnull (strstr (refused->str, "temp-warning|temp-warning: 110 °C is not below temp-trip (105 °C)"));
  g_assert_cmpfloat (twin_engine_get_param (engine, "temp_warning"), ==, 85);
  g_settings_reset (settings, "temp-warning");

  g_string_truncate (refused, 0);
  g_settings_set_double (settings, "zone-a-max", 5);
  g_assert_nonnull (strstr (refused->str, "do not increase"));
  g_assert_cmpfloat (twin_engine_get_param (engine, "zone_a_max"), ==, 2.3);
  g_settings_reset (settings, "zone-a-max");

  for (guint i = 0; i < G_N_ELEMENTS (bad_strings); i++)
    {
      g_autofree char *before = g_strdup (twin_engine_settings_get_string (es, bad_strings[i].key));

      g_string_truncate (refused, 0);
      g_settings_set_string (settings, bad_strings[i].key, bad_strings[i].value);
      g_assert_true (g_str_has_prefix (refused->str, bad_strings[i].key));
      g_assert_nonnull (strstr (refused->str, "allowed:"));
      g_assert_cmpstr (twin_engine_settings_get_string (es, bad_strings[i].key), ==, before);
      g_settings_reset (settings, bad_strings[i].key);
    }

  g_assert_finalize_object (es);
  g_assert_finalize_object (engine);
}

static GtkWidget *
template_child (TwinPreferencesWindow *window,
                const char            *name);

/* Whether a dialog over @parent says @text. */
static gboolean
dialog_says (GtkWindow  *parent,
             const char *text)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_window_get_transient_for (GTK_WINDOW (window)) == parent &&
          g_strcmp0 (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (window)), text) == 0)
        return TRUE;
    }

  return FALSE;
}

static void
test_preferences_window (void)
{
  g_autoptr(GSettings) settings = fresh_settings ();
  TwinEngine *engine = twin_engine_new_full (5000, 0.1);
  TwinEngineSettings *es = twin_engine_settings_new (settings, engine);
  TwinPreferencesWindow *window = g_object_ref_sink (twin_preferences_window_new (settings));
  GtkAdjustment *warning;
  GtkAdjustment *trip;
  GtkAdjustment *interval;
  GtkSwitch *noise;

  gtk_window_present (GTK_WINDOW (window));
  twin_test_iterate ();

  warning = GTK_ADJUSTMENT (gtk_widget_get_template_child (GTK_WIDGET (window), TWIN_TYPE_PREFERENCES_WINDOW,
                                                           "temp_warning_adjustment"));
  trip = GTK_ADJUSTMENT (gtk_widget_get_template_child (GTK_WIDGET (window), TWIN_TYPE_PREFERENCES_WINDOW,
                                                        "temp_trip_adjustment"));
  interval = GTK_ADJUSTMENT (gtk_widget_get_template_child (GTK_WIDGET (window), TWIN_TYPE_PREFERENCES_WINDOW,
                                                           "history_interval_adjustment"));
  noise = GTK_SWITCH (gtk_widget_get_template_child (GTK_WIDGET (window), TWIN_TYPE_PREFERENCES_WINDOW,
                                                     "noise_switch"));

  /* The widgets show the settings and write them back at once. */
  g_assert_cmpfloat (gtk_adjustment_get_value (warning), ==, 85);
  gtk_adjustment_set_value (warning, 90);
  g_assert_cmpfloat (g_settings_get_double (settings, "temp-warning"), ==, 90);
  g_assert_cmpfloat (twin_engine_get_param (engine, "temp_warning"), ==, 90);

  gtk_adjustment_set_value (interval, 0.2);
  g_assert_cmpfloat (twin_history_get_interval (twin_engine_get_history (engine)), ==, 0.2);
  gtk_switch_set_active (noise, TRUE);
  g_assert_true (g_settings_get_boolean (settings, "noise-enabled"));

  /* A warning at or above the trip cannot be entered. */
  gtk_adjustment_set_value (warning, 200);
  g_assert_cmpfloat (gtk_adjustment_get_value (warning), <, 105);
  g_assert_cmpfloat (g_settings_get_double (settings, "temp-warning"), <, 105);
  gtk_adjustment_set_value (trip, 10);
  g_assert_cmpfloat (gtk_adjustment_get_value (trip), >, gtk_adjustment_get_value (warning));

  /* Out of the schema's range: clamped by the spin button. */
  gtk_adjustment_set_value (interval, 1000);
  g_assert_cmpfloat (g_settings_get_double (settings, "history-interval"), ==, 60);

  /* Text is checked before it is stored. */
  g_assert_false (twin_preferences_window_apply_entry (window, "mqtt-broker", "ftp://x"));
  /* Named by the row's title, not the key, in a dialog rather than a toast
   * that would cut it short, and on the row. */
  g_assert_true (g_str_has_prefix (twin_preferences_window_get_last_error (window), "External broker URL: "));
  g_assert_null (strstr (twin_preferences_window_get_last_error (window), "mqtt-broker"));
  g_assert_true (dialog_says (GTK_WINDOW (window), twin_preferences_window_get_last_error (window)));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (template_child (window, "mqtt_broker_row")), ==,
                   twin_preferences_window_get_last_error (window));
  {
    g_autofree char *broker = g_settings_get_string (settings, "mqtt-broker");

    g_assert_cmpstr (broker, ==, "mqtt://127.0.0.1:1883");
  }
  g_assert_true (twin_preferences_window_apply_entry (window, "mqtt-prefix", "plant/line1/motor"));
  g_assert_cmpstr (twin_engine_settings_get_string (es, "mqtt-prefix"), ==, "plant/line1/motor");

  /* The connection's own fields: an environment variable's name (never the
   * password), a client id, files, the keep-alive. */
  {
    const struct { const char *key, *value; gboolean ok; } entries[] = {
      { "mqtt-password-env", "MQTT PASSWORD", FALSE },
      { "mqtt-password-env", "1PASS", FALSE },
      { "mqtt-password-env", "TWIN_MQTT_PASSWORD", TRUE },
      { "mqtt-client-id", "has space", FALSE },
      { "mqtt-client-id", "twin-line-1", TRUE },
      { "mqtt-cafile", "relative/ca.pem", FALSE },
      { "mqtt-cafile", "/etc/ssl/certs/ca-certificates.crt", TRUE },
      { "mqtt-certfile", "/srv/twin/client.pem", TRUE },
      { "mqtt-keyfile", "key.pem", FALSE },
    };
    GtkAdjustment *keepalive = GTK_ADJUSTMENT (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                                              TWIN_TYPE_PREFERENCES_WINDOW,
                                                                              "mqtt_keepalive_adjustment"));

    for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
      {
        g_autofree char *before = g_settings_get_string (settings, entries[i].key);
        g_autofree char *after = NULL;

        g_assert_cmpint (twin_preferences_window_apply_entry (window, entries[i].key, entries[i].value),
                         ==, entries[i].ok);
        after = g_settings_get_string (settings, entries[i].key);
        g_assert_cmpstr (after, ==, entries[i].ok ? entries[i].value : before);
      }

    /* The PEM rows choose their file. */
    {
      GtkWidget *row = template_child (window, "mqtt_cafile_row");
      GtkWidget *button = NULL;
      g_autoptr(GFile) file = g_file_new_for_path ("/etc/ssl/certs/ca-certificates.crt");
      g_autofree char *cafile = NULL;

      for (GtkWidget *w = row; w != NULL && button == NULL; )
        {
          if (GTK_IS_BUTTON (w) && g_strcmp0 (gtk_widget_get_tooltip_text (w), "Choose a File…") == 0)
            button = w;
          else if (gtk_widget_get_first_child (w) != NULL)
            w = gtk_widget_get_first_child (w);
          else
            {
              while (w != row && gtk_widget_get_next_sibling (w) == NULL)
                w = gtk_widget_get_parent (w);
              w = w == row ? NULL : gtk_widget_get_next_sibling (w);
            }
        }
      g_assert_nonnull (button);
      g_settings_set_string (settings, "mqtt-cafile", "");
      g_signal_emit_by_name (button, "clicked");
      twin_test_iterate ();
      g_assert_nonnull (twin_preferences_window_get_chooser (window));
      g_assert_true (gtk_file_chooser_set_file (GTK_FILE_CHOOSER (twin_preferences_window_get_chooser (window)),
                                                file, NULL));
      /* The chooser loads the folder before it selects the file. */
      for (guint i = 0; i < 100; i++)
        {
          g_autoptr(GFile) chosen = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (twin_preferences_window_get_chooser (window)));

          if (chosen != NULL && g_file_equal (chosen, file))
            break;
          twin_test_run_for (0.05);
        }
      g_signal_emit_by_name (twin_preferences_window_get_chooser (window), "response", GTK_RESPONSE_ACCEPT);
      twin_test_iterate ();
      cafile = g_settings_get_string (settings, "mqtt-cafile");
      g_assert_cmpstr (cafile, ==, "/etc/ssl/certs/ca-certificates.crt");
      g_assert_null (twin_preferences_window_get_chooser (window));
    }

    gtk_adjustment_set_value (keepalive, 120);
    g_assert_cmpint (g_settings_get_int (settings, "mqtt-keepalive"), ==, 120);
    gtk_adjustment_set_value (keepalive, 1);
    g_assert_cmpint (g_settings_get_int (settings, "mqtt-keepalive"), ==, 5);
  }

  /* And an outside change shows in the window. */
  g_settings_set_string (settings, "mqtt-username", "operator");
  twin_test_iterate ();
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                                                      TWIN_TYPE_PREFERENCES_WINDOW,
                                                                                      "mqtt_username_row"))),
                   ==, "operator");

  gtk_window_destroy (GTK_WINDOW (window));
  twin_test_iterate ();
  g_assert_finalize_object (window);
  g_assert_finalize_object (es);
  g_assert_finalize_object (engine);
}

/* The REST host names and web origins are typed as one line each,
 * checked by the server's rules, and stored as lists. */
static GtkWidget *
template_child (TwinPreferencesWindow *window,
                const char            *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), TWIN_TYPE_PREFERENCES_WINDOW, name));
}

/* The broker is a choice, built-in by default; the URL, login and TLS
 * rows are the external broker's, and Off leaves nothing to set. */
static void
test_preferences_mqtt_mode (void)
{
  g_autoptr(GSettings) settings = fresh_settings ();
  TwinPreferencesWindow *window = g_object_ref_sink (twin_preferences_window_new (settings));
  AdwComboRow *mode = ADW_COMBO_ROW (template_child (window, "mqtt_mode_row"));
  const char *external_rows[] = { "mqtt_broker_row", "mqtt_username_row", "mqtt_password_env_row",
                                  "mqtt_cafile_row", "mqtt_certfile_row", "mqtt_keyfile_row" };
  const struct { guint selected; const char *mode; gboolean external; gboolean prefix; } steps[] = {
    { 0, "builtin", FALSE, TRUE }, { 1, "external", TRUE, TRUE }, { 2, "off", FALSE, FALSE },
    { 0, "builtin", FALSE, TRUE },
  };

  gtk_window_present (GTK_WINDOW (window));
  twin_test_iterate ();

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autofree char *stored = NULL;

      /* From the row to the setting, and from the setting to the row. */
      if (i % 2 == 0)
        adw_combo_row_set_selected (mode, steps[i].selected);
      else
        g_settings_set_string (settings, "mqtt-mode", steps[i].mode);
      stored = g_settings_get_string (settings, "mqtt-mode");
      g_assert_cmpstr (stored, ==, steps[i].mode);
      g_assert_cmpuint (adw_combo_row_get_selected (mode), ==, steps[i].selected);
      for (guint j = 0; j < G_N_ELEMENTS (external_rows); j++)
        g_assert_cmpint (gtk_widget_get_sensitive (template_child (window, external_rows[j])), ==,
                         steps[i].external);
      g_assert_cmpint (gtk_widget_get_sensitive (template_child (window, "mqtt_prefix_row")), ==, steps[i].prefix);
    }

  gtk_window_destroy (GTK_WINDOW (window));
  twin_test_iterate ();
  g_assert_finalize_object (window);
  g_settings_reset (settings, "mqtt-mode");
}

static void
test_preferences_rest_lists (void)
{
  g_autoptr(GSettings) settings = fresh_settings ();
  TwinPreferencesWindow *window = g_object_ref_sink (twin_preferences_window_new (settings));
  GtkEditable *origins_row = GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                                          TWIN_TYPE_PREFERENCES_WINDOW,
                                                                          "rest_allow_origins_row"));
  const char *outside[] = { "twin.example.org", "10.0.0.7", NULL };
  g_auto(GStrv) hosts = NULL;
  g_auto(GStrv) origins = NULL;

  gtk_window_present (GTK_WINDOW (window));
  twin_test_iterate ();

  g_assert_true (twin_preferences_window_apply_entry (window, "rest-allow-origins",
                                                      " http://localhost:3000, HTTPS://Dash.example.org:443 "));
  origins = g_settings_get_strv (settings, "rest-allow-origins");
  g_assert_cmpuint (g_strv_length (origins), ==, 2);
  g_assert_cmpstr (origins[0], ==, "http://localhost:3000");
  g_assert_cmpstr (origins[1], ==, "https://dash.example.org");

  /* Refused and named; the list stays as it was. */
  g_assert_false (twin_preferences_window_apply_entry (window, "rest-allow-origins", "http://ok.example, *"));
  g_assert_false (twin_preferences_window_apply_entry (window, "rest-allow-hosts", "twin.example.org:8000"));
  g_clear_pointer (&origins, g_strfreev);
  origins = g_settings_get_strv (settings, "rest-allow-origins");
  g_assert_cmpuint (g_strv_length (origins), ==, 2);
  hosts = g_settings_get_strv (settings, "rest-allow-hosts");
  g_assert_cmpuint (g_strv_length (hosts), ==, 0);

  /* The row marks what the server would refuse while it is typed. */
  gtk_editable_set_text (origins_row, "null");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (origins_row), "error"));
  gtk_editable_set_text (origins_row, "http://localhost:3000");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (origins_row), "error"));

  /* Empty is no list at all; an outside change shows in the window. */
  g_assert_true (twin_preferences_window_apply_entry (window, "rest-allow-origins", ""));
  g_clear_pointer (&origins, g_strfreev);
  origins = g_settings_get_strv (settings, "rest-allow-origins");
  g_assert_cmpuint (g_strv_length (origins), ==, 0);
  g_settings_set_strv (settings, "rest-allow-hosts", outside);
  twin_test_iterate ();
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                                                      TWIN_TYPE_PREFERENCES_WINDOW,
                                                                                      "rest_allow_hosts_row"))),
                   ==, "twin.example.org, 10.0.0.7");

  g_settings_reset (settings, "rest-allow-hosts");
  gtk_window_destroy (GTK_WINDOW (window));
  twin_test_iterate ();
  g_assert_finalize_object (window);
}

/* The engine takes the preferences as commands from the settings, at the
 * step it is at: the noise and the thresholds at once, and each change
 * after; a refused change is no command. */
static void
test_settings_command_applied (void)
{
  g_autoptr(GSettings) settings = fresh_settings ();
  TwinEngine *engine = twin_engine_new_full (5000, 0.1);
  TwinTestCommandLog *log = twin_test_command_log_new (engine);
  TwinEngineSettings *es;
  guint fields = 0;

  twin_engine_advance (engine, 1.5);
  es = twin_engine_settings_new (settings, engine);
  g_assert_cmpuint (twin_test_command_log_get_count (log), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      const TwinCommand *command = twin_test_command_log_get (log, i);

      g_assert_cmpint (command->source, ==, TWIN_COMMAND_SOURCE_SETTINGS);
      g_assert_cmpuint (command->step, ==, 150);
      fields |= command->fields;
    }
  g_assert_cmphex (fields, ==, TWIN_COMMAND_NOISE | TWIN_COMMAND_PARAMS);
  twin_test_command_log_clear (log);

  twin_engine_advance (engine, 1);
  g_settings_set_double (settings, "temp-warning", 80);
  twin_test_command_log_take_one (log, TWIN_COMMAND_SOURCE_SETTINGS, TWIN_COMMAND_PARAMS, 250);
  g_settings_set_double (settings, "zone-c-max", 9);
  twin_test_command_log_take_one (log, TWIN_COMMAND_SOURCE_SETTINGS, TWIN_COMMAND_PARAMS, 250);
  g_settings_set_boolean (settings, "noise-enabled", TRUE);
  twin_test_command_log_take_one (log, TWIN_COMMAND_SOURCE_SETTINGS, TWIN_COMMAND_NOISE, 250);
  g_settings_set_uint (settings, "noise-seed", 42);
  twin_test_command_log_take_one (log, TWIN_COMMAND_SOURCE_SETTINGS, TWIN_COMMAND_NOISE, 250);

  g_settings_set_double (settings, "temp-warning", 110);
  g_assert_cmpuint (twin_test_command_log_get_count (log), ==, 0);

  twin_test_command_log_free (log);
  g_assert_finalize_object (es);
  g_assert_finalize_object (engine);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  twin_gui_init ();

  g_test_add_func ("/preferences/settings-applied-at-once-and-on-change", test_settings_applied);
  g_test_add_func ("/preferences/bad-settings-refused-named", test_settings_refused);
  g_test_add_func ("/preferences/window-shows-and-checks-settings", test_preferences_window);
  g_test_add_func ("/preferences/rest-lists-typed-as-one-line", test_preferences_rest_lists);
  g_test_add_func ("/preferences/mqtt-broker-builtin-external-or-off", test_preferences_mqtt_mode);
  g_test_add_func ("/preferences/command-applied/source-settings", test_settings_command_applied);

  return g_test_run ();
}
