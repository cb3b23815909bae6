/* twin-preferences-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "twin-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "twin-engine-settings.h"
#include "twin-gui.h"
#include "twin-preferences-window.h"
#include "twin-rest-origin.h"
#include "twin-services.h"

/* Every widget is bound to its key with g_settings_bind(), so a change is
 * applied at once (the application's TwinEngineSettings hands it to the
 * engine). Numbers cannot leave their ranges: the spin buttons hold them,
 * and the thresholds' bounds follow each other so the warning stays below
 * the trip and the zones increase. Text is checked before it is stored.
 */
struct _TwinPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;

  GtkAdjustment        *history_interval_adjustment;
  GtkAdjustment        *history_capacity_adjustment;
  GtkSwitch            *noise_switch;
  GtkAdjustment        *noise_seed_adjustment;
  GtkAdjustment        *temp_warning_adjustment;
  GtkAdjustment        *temp_trip_adjustment;
  GtkAdjustment        *zone_a_adjustment;
  GtkAdjustment        *zone_b_adjustment;
  GtkAdjustment        *zone_c_adjustment;
  GtkAdjustment        *zone_d_time_adjustment;
  GtkAdjustment        *safe_rul_adjustment;
  AdwComboRow          *mqtt_mode_row;
  AdwComboRow          *command_lock_row;
  AdwEntryRow          *mqtt_broker_row;
  AdwEntryRow          *mqtt_prefix_row;
  AdwComboRow          *mqtt_qos_row;
  GtkAdjustment        *mqtt_rate_adjustment;
  AdwEntryRow          *mqtt_username_row;
  AdwEntryRow          *mqtt_password_env_row;
  AdwEntryRow          *mqtt_client_id_row;
  GtkAdjustment        *mqtt_keepalive_adjustment;
  AdwEntryRow          *mqtt_cafile_row;
  AdwEntryRow          *mqtt_certfile_row;
  AdwEntryRow          *mqtt_keyfile_row;
  GtkSwitch            *rest_switch;
  GtkAdjustment        *rest_port_adjustment;
  AdwEntryRow          *rest_bind_row;
  AdwEntryRow          *rest_token_row;
  AdwEntryRow          *rest_allow_hosts_row;
  AdwEntryRow          *rest_allow_origins_row;

  GtkFileChooserNative *chooser;          /* while a PEM file is chosen */
  AdwEntryRow          *chooser_row;
  char                 *last_error;       /* what the last refusal said */
  GtkWindow            *error_dialog;     /* saying it, while open */
};

G_DEFINE_FINAL_TYPE (TwinPreferencesWindow, twin_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

#define THRESHOLD_GAP 0.1

/* The text preferences and the rows that edit them. */
static AdwEntryRow **
entry_slot (TwinPreferencesWindow *self,
            guint                  i,
            const char           **key)
{
  static const char * const keys[] = {
    "mqtt-broker", "mqtt-prefix", "mqtt-username", "mqtt-password-env", "mqtt-client-id",
    "mqtt-cafile", "mqtt-certfile", "mqtt-keyfile", "rest-bind", "rest-token",
    "rest-allow-hosts", "rest-allow-origins",
  };
  AdwEntryRow **rows[] = {
    &self->mqtt_broker_row, &self->mqtt_prefix_row, &self->mqtt_username_row,
    &self->mqtt_password_env_row, &self->mqtt_client_id_row, &self->mqtt_cafile_row,
    &self->mqtt_certfile_row, &self->mqtt_keyfile_row, &self->rest_bind_row,
    &self->rest_token_row, &self->rest_allow_hosts_row, &self->rest_allow_origins_row,
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (keys) == 12);
  if (i >= G_N_ELEMENTS (keys))
    return NULL;
  *key = keys[i];
  return rows[i];
}

static const char *
entry_key (TwinPreferencesWindow *self,
           AdwEntryRow           *row)
{
  const char *key;
  AdwEntryRow **slot;

  for (guint i = 0; (slot = entry_slot (self, i, &key)) != NULL; i++)
    if (*slot == row)
      return key;
  g_assert_not_reached ();
}

static AdwEntryRow *
key_entry (TwinPreferencesWindow *self,
           const char            *name)
{
  const char *key;
  AdwEntryRow **slot;

  for (guint i = 0; (slot = entry_slot (self, i, &key)) != NULL; i++)
    if (g_str_equal (key, name))
      return *slot;
  return NULL;
}

static gboolean
is_list_key (const char *key)
{
  return g_str_equal (key, "rest-allow-hosts") || g_str_equal (key, "rest-allow-origins");
}

/* A list preference is edited as one line, its items separated by commas;
 * the server's own rules check them. Returns the list as stored. */
static GStrv
parse_list_entry (const char  *key,
                  const char  *text,
                  GError     **error)
{
  g_autofree char *line = g_strstrip (g_strdup (text));
  g_auto(GStrv) items = *line != '\0' ? g_strsplit (line, ",", -1) : g_new0 (char *, 1);

  for (guint i = 0; items[i] != NULL; i++)
    g_strstrip (items[i]);

  if (g_str_equal (key, "rest-allow-hosts"))
    return twin_rest_parse_allowed_hosts (key, (const char * const *)items, error);
  return twin_rest_parse_allowed_origins (key, (const char * const *)items, error);
}

static gboolean
validate_entry (const char  *key,
                const char  *text,
                GError     **error)
{
  g_auto(GStrv) list = NULL;

  if (!is_list_key (key))
    return twin_settings_validate_string (key, text, error);

  list = parse_list_entry (key, text, error);
  return list != NULL;
}

/* The settings layer names a value by its key ("mqtt-cafile: …"); the
 * window names it by the row's title ("CA certificates (PEM file,
 * mqtts://): …"), as the user knows it. */
static char *
labelled_message (TwinPreferencesWindow *self,
                  const char            *key,
                  const GError          *error)
{
  AdwEntryRow *row = key_entry (self, key);
  gsize n = strlen (key);

  if (row != NULL && g_str_has_prefix (error->message, key) && error->message[n] == ':')
    return g_strdup_printf ("%s%s", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                            error->message + n);
  return g_strdup (error->message);
}

static void
mark_row (GtkWidget  *row,
          const char *message)
{
  if (message == NULL)
    gtk_widget_remove_css_class (row, "error");
  else
    gtk_widget_add_css_class (row, "error");
  gtk_widget_set_tooltip_text (row, message);
}

static void
entry_changed_cb (TwinPreferencesWindow *self,
                  AdwEntryRow           *row)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!validate_entry (entry_key (self, row), text, &error))
    message = labelled_message (self, entry_key (self, row), error);
  mark_row (GTK_WIDGET (row), message);
}

static void
chooser_response_cb (TwinPreferencesWindow *self,
                     int                    response,
                     GtkFileChooserNative  *chooser)
{
  g_autofree char *path = twin_gui_chooser_get_path (GTK_NATIVE_DIALOG (chooser), response);
  if (path != NULL && self->chooser_row != NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->chooser_row), path);
      twin_preferences_window_apply_entry (self, entry_key (self, self->chooser_row), path);
    }
  g_clear_object (&self->chooser);
  self->chooser_row = NULL;
}

/* The PEM files' rows: a button that opens a file chooser
 * (GtkFileChooserNative; GtkFileDialog is GTK 4.10). */
static void
choose_file_cb (GtkButton             *button,
                TwinPreferencesWindow *self)
{
  AdwEntryRow *row = ADW_ENTRY_ROW (gtk_widget_get_ancestor (GTK_WIDGET (button), ADW_TYPE_ENTRY_ROW));
  g_autoptr(GtkFileFilter) pem = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
  const char *current = gtk_editable_get_text (GTK_EDITABLE (row));

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  self->chooser = gtk_file_chooser_native_new (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                                               GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Choose"), _("_Cancel"));
  self->chooser_row = row;
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_filter_set_name (pem, _("PEM files"));
  gtk_file_filter_add_pattern (pem, "*.pem");
  gtk_file_filter_add_pattern (pem, "*.crt");
  gtk_file_filter_add_pattern (pem, "*.key");
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), pem);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);
  if (current[0] != '\0')
    {
      g_autoptr(GFile) file = g_file_new_for_path (current);

      gtk_file_chooser_set_file (GTK_FILE_CHOOSER (self->chooser), file, NULL);
    }
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
add_file_button (TwinPreferencesWindow *self,
                 AdwEntryRow           *row)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("document-open-symbolic");

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Choose a File…"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Choose a file"), -1);
  g_signal_connect_object (button, "clicked", G_CALLBACK (choose_file_cb), self, 0);
  adw_entry_row_add_suffix (row, button);
}

static void
entry_apply_cb (TwinPreferencesWindow *self,
                AdwEntryRow           *row)
{
  twin_preferences_window_apply_entry (self, entry_key (self, row),
                                       gtk_editable_get_text (GTK_EDITABLE (row)));
}

static void
setting_changed_cb (TwinPreferencesWindow *self,
                    const char            *key,
                    GSettings             *settings)
{
  AdwEntryRow *row = key_entry (self, key);
  g_autofree char *value = NULL;

  if (row == NULL)
    return;

  if (is_list_key (key))
    {
      g_auto(GStrv) list = g_settings_get_strv (settings, key);

      value = g_strjoinv (", ", list);
    }
  else
    value = g_settings_get_string (settings, key);
  if (g_strcmp0 (value, gtk_editable_get_text (GTK_EDITABLE (row))) != 0)
    gtk_editable_set_text (GTK_EDITABLE (row), value);
}

static GtkAdjustment *
threshold_adjustment (TwinPreferencesWindow *self,
                      TwinCommonParam        param)
{
  GtkAdjustment *adjustments[TWIN_N_COMMON_PARAMS] = {
    [TWIN_PARAM_TEMP_WARNING] = self->temp_warning_adjustment,
    [TWIN_PARAM_TEMP_TRIP] = self->temp_trip_adjustment,
    [TWIN_PARAM_ZONE_A_MAX] = self->zone_a_adjustment,
    [TWIN_PARAM_ZONE_B_MAX] = self->zone_b_adjustment,
    [TWIN_PARAM_ZONE_C_MAX] = self->zone_c_adjustment,
    [TWIN_PARAM_ZONE_D_TRIP_TIME] = self->zone_d_time_adjustment,
  };

  return adjustments[param];
}

/* Each threshold may go as far as its parameter's spec allows, and no
 * further than its neighbours: warning below trip, zones increasing. */
static void
thresholds_changed_cb (TwinPreferencesWindow *self)
{
  static const struct { TwinCommonParam below, above; } pairs[] = {
    { TWIN_PARAM_TEMP_WARNING, TWIN_PARAM_TEMP_TRIP },
    { TWIN_PARAM_ZONE_A_MAX, TWIN_PARAM_ZONE_B_MAX },
    { TWIN_PARAM_ZONE_B_MAX, TWIN_PARAM_ZONE_C_MAX },
  };

  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    {
      GtkAdjustment *below = threshold_adjustment (self, pairs[i].below);
      GtkAdjustment *above = threshold_adjustment (self, pairs[i].above);

      gtk_adjustment_set_upper (below, MAX (gtk_adjustment_get_value (above) - THRESHOLD_GAP,
                                            twin_settings_threshold_spec (pairs[i].below, NULL)->min));
      gtk_adjustment_set_lower (above, MIN (gtk_adjustment_get_value (below) + THRESHOLD_GAP,
                                            twin_settings_threshold_spec (pairs[i].above, NULL)->max));
    }
}

/* The rows of a combo, in the order of the schema's enum: MqttMode's and
 * CommandLock's. */
static const char * const mqtt_modes[] = { "builtin", "external", "off", NULL };
static const char * const command_locks[] = { "none", "window", "remote", NULL };

static gboolean
enum_row_get_mapping (GValue   *value,
                      GVariant *variant,
                      gpointer  data)
{
  const char * const *nicks = data;
  const char *nick = g_variant_get_string (variant, NULL);

  for (guint i = 0; nicks[i] != NULL; i++)
    if (g_str_equal (nick, nicks[i]))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  return FALSE;
}

static GVariant *
enum_row_set_mapping (const GValue       *value,
                      const GVariantType *type,
                      gpointer            data)
{
  const char * const *nicks = data;
  guint i = g_value_get_uint (value);

  return i < g_strv_length ((char **) nicks) ? g_variant_new_string (nicks[i]) : NULL;
}

/* The URL, login and TLS rows are the external broker's; the prefix, QoS,
 * rate, client id and keep-alive apply to either broker. */
static void
mqtt_mode_changed_cb (TwinPreferencesWindow *self)
{
  TwinMqttMode mode = g_settings_get_enum (self->settings, "mqtt-mode");
  GtkWidget *external[] = {
    GTK_WIDGET (self->mqtt_broker_row), GTK_WIDGET (self->mqtt_username_row),
    GTK_WIDGET (self->mqtt_password_env_row), GTK_WIDGET (self->mqtt_cafile_row),
    GTK_WIDGET (self->mqtt_certfile_row), GTK_WIDGET (self->mqtt_keyfile_row),
  };
  GtkWidget *either[] = {
    GTK_WIDGET (self->mqtt_prefix_row), GTK_WIDGET (self->mqtt_qos_row),
    GTK_WIDGET (self->mqtt_client_id_row),
  };

  for (guint i = 0; i < G_N_ELEMENTS (external); i++)
    gtk_widget_set_sensitive (external[i], mode == TWIN_MQTT_MODE_EXTERNAL);
  for (guint i = 0; i < G_N_ELEMENTS (either); i++)
    gtk_widget_set_sensitive (either[i], mode != TWIN_MQTT_MODE_OFF);
}

static void
bind_entry (TwinPreferencesWindow *self,
            AdwEntryRow           *row)
{
  setting_changed_cb (self, entry_key (self, row), self->settings);
  g_signal_connect_object (row, "changed", G_CALLBACK (entry_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (row, "apply", G_CALLBACK (entry_apply_cb), self, G_CONNECT_SWAPPED);
}

static void
twin_preferences_window_dispose (GObject *object)
{
  TwinPreferencesWindow *self = (TwinPreferencesWindow *)object;

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_pointer (&self->last_error, g_free);
  if (self->error_dialog != NULL)
    gtk_window_destroy (self->error_dialog);
  g_clear_weak_pointer (&self->error_dialog);
  gtk_widget_dispose_template (GTK_WIDGET (self), TWIN_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (twin_preferences_window_parent_class)->dispose (object);
}

static void
twin_preferences_window_class_init (TwinPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = twin_preferences_window_dispose;

  twin_gui_init ();
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/twinscope/Twinscope/twin-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TwinPreferencesWindow, history_interval_adjustment);
  gtk_widget_class_bind_template_child (widget_class, TwinPreferencesWindow, history_capacity_adjustment);
  gtk_widget_class_bind_template_child (widget_class, TwinPreferencesWindow, noise_switch);
  gtk_widget_class_bind_template_child (widget_class, TwinPreferencesWindow, noise_seed_adjustment);
  gtk_widget_class_bind_template_child (widget_class, TwinPreferencesWindow, temp_warning_adjustment);
  gtk_widget_class_bind_template_child (widget_class, TwinPreferencesWindow, temp_trip_adjustment);
  gtk_widget_class_bind_template_child (widget_class, TwinPreferencesWindow, zone_a_adjustment);
  gtk_widget_class_bind_template_child (widget_class, TwinPreferencesWindow, zone_b_adjustment);
  gtk_widget_class_bind_template_child (widget_class, TwinPreferencesWindow, zone_c_adjustment);
  gtk_widget_class_bind_template_child (widget_class, TwinPreferencesWindow, zone_d_time_adjustment);
  gtk_widget_class_bind_template_child (widget_class, TwinPreferencesWindow, safe_rul_adjustment);
  gtk_widget_class_bind_template_child (widget_class, TwinPreferencesWindow, mqtt_mode_row);
  gtk_widget_class_bind_template_child (widget_class, TwinPreferencesWindow, command_lock_row);
  gtk_widget_class_bind_template_child (widget_class, TwinPreferencesWindow, mqtt_broker_row);
  gtk_widget_class_bind_template_child (widget_class, TwinPreferencesWindow, mqtt_prefix_row);
  gtk_widget_class_bind_template_child (widget_class, TwinPreferencesWindow, mqtt_qos_row);
  gtk_widget_class_bind_template_child (widget_class, TwinPreferencesWindow, mqtt_rate_adjustment);
  gtk_widget_class_bind_template_child (widget_class, TwinPreferencesWindow, mqtt_username_row);
  gtk_widget_class_bind_template_child (widget_class, TwinPreferencesWindow, mqtt_password_env_row);
  gtk_widget_class_bind_template_child (widget_class, TwinPreferencesWindow, mqtt_client_id_row);
  gtk_widget_class_bind_template_child (widget_class, TwinPreferencesWindow, mqtt_keepalive_adjustment);
  gtk_widget_class_bind_template_child (widget_class, TwinPreferencesWindow, mqtt_cafile_row);
  gtk_widget_class_bind_template_child (widget_class, TwinPreferencesWindow, mqtt_certfile_row);
  gtk_widget_class_bind_template_child (widget_class, TwinPreferencesWindow, mqtt_keyfile_row);
  gtk_widget_class_bind_template_child (widget_class, TwinPreferencesWindow, rest_switch);
  gtk_widget_class_bind_template_child (widget_class, TwinPreferencesWindow, rest_port_adjustment);
  gtk_widget_class_bind_template_child (widget_class, TwinPreferencesWindow, rest_bind_row);
  gtk_widget_class_bind_template_child (widget_class, TwinPreferencesWindow, rest_token_row);
  gtk_widget_class_bind_template_child (widget_class, TwinPreferencesWindow, rest_allow_hosts_row);
  gtk_widget_class_bind_template_child (widget_class, TwinPreferencesWindow, rest_allow_origins_row);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
twin_preferences_window_init (TwinPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

TwinPreferencesWindow *
twin_preferences_window_new (GSettings *settings)
{
  TwinPreferencesWindow *self;
  const struct {
    const char *key;
    gpointer    object;
    const char *property;
  } bindings[] = {
    { "history-interval",  NULL, "value" },
    { "history-capacity",  NULL, "value" },
    { "noise-enabled",     NULL, "active" },
    { "noise-seed",        NULL, "value" },
    { "temp-warning",      NULL, "value" },
    { "temp-trip",         NULL, "value" },
    { "zone-a-max",        NULL, "value" },
    { "zone-b-max",        NULL, "value" },
    { "zone-c-max",        NULL, "value" },
    { "zone-d-trip-time",  NULL, "value" },
    { "mqtt-qos",          NULL, "selected" },
    { "mqtt-publish-rate", NULL, "value" },
    { "mqtt-keepalive",    NULL, "value" },
    { "rest-enabled",      NULL, "active" },
    { "rest-port",         NULL, "value" },
    { "safe-rul-hours",    NULL, "value" },
  };
  gpointer objects[G_N_ELEMENTS (bindings)];

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (TWIN_TYPE_PREFERENCES_WINDOW, NULL);
  self->settings = g_object_ref (settings);

  objects[0] = self->history_interval_adjustment;
  objects[1] = self->history_capacity_adjustment;
  objects[2] = self->noise_switch;
  objects[3] = self->noise_seed_adjustment;
  objects[4] = self->temp_warning_adjustment;
  objects[5] = self->temp_trip_adjustment;
  objects[6] = self->zone_a_adjustment;
  objects[7] = self->zone_b_adjustment;
  objects[8] = self->zone_c_adjustment;
  objects[9] = self->zone_d_time_adjustment;
  objects[10] = self->mqtt_qos_row;
  objects[11] = self->mqtt_rate_adjustment;
  objects[12] = self->mqtt_keepalive_adjustment;
  objects[13] = self->rest_switch;
  objects[14] = self->rest_port_adjustment;
  objects[15] = self->safe_rul_adjustment;

  /* The specs' bounds first, so that binding one threshold is not
   * clamped by another's default before it is read. */
  for (guint i = 0; i < TWIN_N_COMMON_PARAMS; i++)
    {
      const TwinParamSpec *spec = twin_settings_threshold_spec (i, NULL);

      gtk_adjustment_set_lower (threshold_adjustment (self, i), spec->min);
      gtk_adjustment_set_upper (threshold_adjustment (self, i), spec->max);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bindings); i++)
    g_settings_bind (settings, bindings[i].key, objects[i], bindings[i].property, G_SETTINGS_BIND_DEFAULT);

  thresholds_changed_cb (self);
  g_signal_connect_object (self->temp_warning_adjustment, "value-changed",
                           G_CALLBACK (thresholds_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->temp_trip_adjustment, "value-changed",
                           G_CALLBACK (thresholds_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->zone_a_adjustment, "value-changed",
                           G_CALLBACK (thresholds_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->zone_b_adjustment, "value-changed",
                           G_CALLBACK (thresholds_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->zone_c_adjustment, "value-changed",
                           G_CALLBACK (thresholds_changed_cb), self, G_CONNECT_SWAPPED);

  {
    const char *key;
    AdwEntryRow **slot;

    for (guint i = 0; (slot = entry_slot (self, i, &key)) != NULL; i++)
      bind_entry (self, *slot);
  }
  add_file_button (self, self->mqtt_cafile_row);
  add_file_button (self, self->mqtt_certfile_row);
  add_file_button (self, self->mqtt_keyfile_row);
  g_signal_connect_object (settings, "changed", G_CALLBACK (setting_changed_cb),
                           self, G_CONNECT_SWAPPED);

  g_settings_bind_with_mapping (settings, "mqtt-mode", self->mqtt_mode_row, "selected", G_SETTINGS_BIND_DEFAULT,
                                enum_row_get_mapping, enum_row_set_mapping, (gpointer) mqtt_modes, NULL);
  g_settings_bind_with_mapping (settings, "command-lock", self->command_lock_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, enum_row_get_mapping, enum_row_set_mapping,
                                (gpointer) command_locks, NULL);
  g_signal_connect_object (settings, "changed::mqtt-mode", G_CALLBACK (mqtt_mode_changed_cb),
                           self, G_CONNECT_SWAPPED);
  mqtt_mode_changed_cb (self);

  return self;
}

/**
 * twin_preferences_window_apply_entry:
 *
 * Stores @text in the text preference @key if it is valid (for a list, its
 * items separated by commas); otherwise says why, under the row's title,
 * in a dialog (a toast would cut a long message short) and on the row, and
 * leaves the preference as it was.
 *
 * Returns: whether it was stored
 */
gboolean
twin_preferences_window_apply_entry (TwinPreferencesWindow *self,
                                     const char            *key,
                                     const char            *text)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (TWIN_IS_PREFERENCES_WINDOW (self), FALSE);
  g_return_val_if_fail (key_entry (self, key) != NULL, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  if (is_list_key (key))
    {
      g_auto(GStrv) list = parse_list_entry (key, text, &error);

      if (list != NULL)
        {
          g_settings_set_strv (self->settings, key, (const char * const *)list);
          return TRUE;
        }
    }
  else if (twin_settings_validate_string (key, text, &error))
    {
      g_settings_set_string (self->settings, key, text);
      return TRUE;
    }

  g_free (self->last_error);
  self->last_error = labelled_message (self, key, error);
  mark_row (GTK_WIDGET (key_entry (self, key)), self->last_error);
  if (self->error_dialog == NULL)
    {
      GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Not Saved"), NULL);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
      g_set_weak_pointer (&self->error_dialog, GTK_WINDOW (dialog));
    }
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self->error_dialog), self->last_error);
  gtk_window_present (self->error_dialog);
  return FALSE;
}

/**
 * twin_preferences_window_get_chooser:
 *
 * Returns: (transfer none) (nullable): the PEM file chooser while it is open
 */
GtkNativeDialog *
twin_preferences_window_get_chooser (TwinPreferencesWindow *self)
{
  g_return_val_if_fail (TWIN_IS_PREFERENCES_WINDOW (self), NULL);

  return self->chooser ? GTK_NATIVE_DIALOG (self->chooser) : NULL;
}

/**
 * twin_preferences_window_get_last_error:
 *
 * Returns: (nullable): what the last refused value was told, for tests
 */
const char *
twin_preferences_window_get_last_error (TwinPreferencesWindow *self)
{
  g_return_val_if_fail (TWIN_IS_PREFERENCES_WINDOW (self), NULL);

  return self->last_error;
}
