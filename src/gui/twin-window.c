/* twin-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "twin-window"

#include "config.h"

#include <math.h>

#include "twin-export-dialog.h"
#include "twin-gui.h"
#include "twin-preferences-window.h"
#include "twin-window-private.h"

G_DEFINE_FINAL_TYPE (TwinWindow, twin_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_ENGINE,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const double time_scales[] = { 1, 10, 100, 1000, 10000 };
static const double spans[] = { 60, 600, 3600, 0 };   /* s; 0 = all */

static const char * const zone_classes[] = { "zone-a", "zone-b", "zone-c", "zone-d" };
static const char * const status_classes[] = { NULL, "status-busy", "status-ok", "status-error" };

static void
track_dialog (GtkWindow **field,
              GtkWindow  *dialog)
{
  g_clear_weak_pointer (field);
  g_set_weak_pointer (field, dialog);
}

/* Thin spaces group the thousands of long numbers. */
static char *
format_grouped (double value,
                int    digits)
{
  g_autofree char *plain = g_strdup_printf ("%.*f", digits, fabs (value));
  GString *out = g_string_new (NULL);
  const char *dot = strchr (plain, '.');
  gsize int_len = dot ? (gsize)(dot - plain) : strlen (plain);

  if (value < 0 && plain[strspn (plain, "0.")] != '\0')
    g_string_append (out, "−");

  for (gsize i = 0; i < int_len; i++)
    {
      if (i > 0 && int_len > 4 && (int_len - i) % 3 == 0)
        g_string_append (out, "\u2009");
      g_string_append_c (out, plain[i]);
    }
  if (dot)
    g_string_append (out, dot);

  return g_string_free (out, FALSE);
}

static char *
format_duration (double seconds)
{
  guint64 s = (guint64)floor (MAX (seconds, 0));
  guint64 h = s / 3600;
  guint m = (guint)((s / 60) % 60);
  double rest = MAX (seconds, 0) - (double)(h * 3600 + m * 60);

  if (h > 0)
    return g_strdup_printf ("%" G_GUINT64_FORMAT " h %02u min %04.1f s", h, m, rest);
  if (m > 0)
    return g_strdup_printf ("%u min %04.1f s", m, rest);
  return g_strdup_printf ("%.1f s", rest);
}

static void
set_status (GtkLabel         *dot,
            GtkLabel         *label,
            TwinServiceState  state,
            const char       *detail)
{
  static const char * const defaults[] = { "off", "connecting…", "connected", "error" };

  for (guint i = 0; i < G_N_ELEMENTS (status_classes); i++)
    if (status_classes[i] != NULL)
      gtk_widget_remove_css_class (GTK_WIDGET (dot), status_classes[i]);
  if (status_classes[state] != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (dot), status_classes[state]);

  gtk_label_set_label (label, detail != NULL ? detail : defaults[state]);
}

static void
update_readouts (TwinWindow *self)
{
  TwinSnapshot s;
  g_autofree char *temperature = NULL;
  g_autofree char *vibration = NULL;
  g_autofree char *rpm_number = NULL;
  g_autofree char *rpm = NULL;
  g_autofree char *wear = NULL;
  g_autofree char *rul_number = NULL;
  g_autofree char *rul = NULL;
  g_autofree char *clock = NULL;
  g_autofree char *time_text = NULL;
  char zone[2] = { 0 };

  twin_engine_get_snapshot (self->engine, &s);

  temperature = g_strdup_printf ("%.1f °C", s.temperature);
  vibration = g_strdup_printf ("%.2f mm/s", s.vibration);
  rpm_number = format_grouped (s.rpm, 0);
  rpm = g_strdup_printf ("%s rpm", rpm_number);
  if (s.wear * 100 < 0.01 && s.wear > 0)
    wear = g_strdup_printf ("%.4f %%", s.wear * 100);
  else
    wear = g_strdup_printf ("%.2f %%", s.wear * 100);
  if (s.rul_hours >= TWIN_RUL_HOURS_MAX)
    rul = g_strdup ("> 1\u2009000\u2009000 h");
  else
    {
      rul_number = format_grouped (s.rul_hours, s.rul_hours < 10 ? 1 : 0);
      rul = g_strdup_printf ("%s h", rul_number);
    }

  gtk_label_set_label (self->temperature_value, temperature);
  gtk_label_set_label (self->vibration_value, vibration);
  gtk_label_set_label (self->rpm_value, rpm);
  gtk_label_set_label (self->wear_value, wear);
  gtk_label_set_label (self->rul_value, rul);

  zone[0] = twin_zone_letter (s.zone);
  gtk_label_set_label (self->zone_badge, zone);
  for (guint i = 0; i < G_N_ELEMENTS (zone_classes); i++)
    {
      if (i == (guint)s.zone)
        gtk_widget_add_css_class (GTK_WIDGET (self->zone_badge), zone_classes[i]);
      else
        gtk_widget_remove_css_class (GTK_WIDGET (self->zone_badge), zone_classes[i]);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->zone_badge),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, s.zone == TWIN_ZONE_A ? "Zone A, good"
                                  : s.zone == TWIN_ZONE_B ? "Zone B, acceptable"
                                  : s.zone == TWIN_ZONE_C ? "Zone C, unsatisfactory"
                                  : "Zone D, unacceptable",
                                  -1);

  gtk_label_set_label (self->trip_value, s.tripped ? "Tripped" : "Running");
  if (s.tripped)
    gtk_widget_add_css_class (GTK_WIDGET (self->trip_value), "tripped");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->trip_value), "tripped");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.reset-trip", s.tripped);
  gtk_widget_set_visible (GTK_WIDGET (self->reset_trip_button), s.tripped);

  clock = format_duration (s.timestamp);
  time_text = g_strdup_printf ("%s · %g× · t = %s", s.paused ? "Paused" : "Running", s.time_scale, clock);
  gtk_label_set_label (self->time_value, time_text);
}

/* A residual always has its sign: "+1.3 °C", "−0.05 mm/s", "±0 rpm". */
static char *
format_residual (double      value,
                 int         digits,
                 const char *unit)
{
  g_autofree char *number = format_grouped (value, digits);
  double rounded = round (value * pow (10, digits));

  return g_strdup_printf ("%s%s %s", rounded > 0 ? "+" : rounded == 0 ? "±" : "", number, unit);
}

static void
set_shadow_row (GtkLabel   *value_label,
                GtkLabel   *residual_label,
                const char *name,
                double      measured,
                double      residual,
                int         digits,
                const char *unit)
{
  g_autofree char *number = format_grouped (measured, digits);
  g_autofree char *value = g_strdup_printf ("%s %s", number, unit);
  g_autofree char *delta = format_residual (residual, digits, unit);
  g_autofree char *value_a11y = g_strdup_printf ("Measured %s %s", name, value);
  g_autofree char *delta_a11y = g_strdup_printf ("%s residual, measured minus simulated, %s", name, delta);

  gtk_label_set_label (value_label, value);
  gtk_label_set_label (residual_label, delta);
  gtk_accessible_update_property (GTK_ACCESSIBLE (value_label), GTK_ACCESSIBLE_PROPERTY_LABEL, value_a11y, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (residual_label), GTK_ACCESSIBLE_PROPERTY_LABEL, delta_a11y, -1);
}

/* The Shadow group: the last reading, its residuals, whether readings
 * still come, and Sync while there is something to sync to. */
static void
update_shadow (TwinWindow *self)
{
  static const char * const state_classes[] = { "none", "live", "stale" };
  TwinShadow *shadow = twin_engine_get_shadow (self->engine);
  TwinMeasurement m;
  gboolean have = twin_shadow_get_last (shadow, &m);
  guint state = !have ? 0 : twin_shadow_get_stale (shadow) ? 2 : 1;
  guint64 rejected = twin_shadow_get_rejected (shadow);
  const char *last_error = twin_shadow_get_last_error (shadow);
  g_autofree char *detail = NULL;
  g_autofree char *tooltip = NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sync", have);
  gtk_widget_set_visible (GTK_WIDGET (self->shadow_grid), have);

  if (have)
    {
      set_shadow_row (self->shadow_temperature_value, self->shadow_temperature_residual,
                      "temperature", m.reading.temperature, m.residual_temperature, 1, "°C");
      set_shadow_row (self->shadow_vibration_value, self->shadow_vibration_residual,
                      "vibration", m.reading.vibration, m.residual_vibration, 2, "mm/s");
      set_shadow_row (self->shadow_rpm_value, self->shadow_rpm_residual,
                      "speed", m.reading.rpm, m.residual_rpm, 0, "rpm");
    }

  gtk_label_set_label (self->shadow_state, (const char *[]) { "No readings", "Live", "Stale" }[state]);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->shadow_state), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  (const char *[]) { "No readings from the machine yet",
                                                     "Readings live",
                                                     "Readings stale: none arrived lately" }[state],
                                  -1);
  for (guint i = 0; i < G_N_ELEMENTS (state_classes); i++)
    {
      if (i == state)
        gtk_widget_add_css_class (GTK_WIDGET (self->shadow_state), state_classes[i]);
      else
        gtk_widget_remove_css_class (GTK_WIDGET (self->shadow_state), state_classes[i]);
    }

  if (!have && rejected == 0)
    detail = g_strdup ("Waiting for the machine’s readings");
  else
    detail = g_strdup_printf ("%" G_GUINT64_FORMAT " accepted · %" G_GUINT64_FORMAT " rejected",
                              twin_shadow_get_count (shadow), rejected);
  if (last_error != NULL)
    tooltip = g_strdup_printf ("Last rejected: %s", last_error);
  gtk_label_set_label (self->shadow_detail, detail);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->shadow_detail), tooltip);
}

static void
shadow_notify_cb (TwinWindow *self,
                  GParamSpec *pspec,
                  TwinShadow *shadow)
{
  update_shadow (self);
}

static void
engine_changed_cb (TwinWindow *self,
                   TwinEngine *engine)
{
  update_readouts (self);
}

static void
sync_ambient (TwinWindow *self)
{
  double value = twin_engine_get_ambient (self->engine);

  self->updating = TRUE;
  /* A value set from elsewhere (MQTT, REST) may lie beyond the slider. */
  gtk_adjustment_set_lower (self->ambient_adjustment, MIN (-20.0, value));
  gtk_adjustment_set_upper (self->ambient_adjustment, MAX (50.0, value));
  gtk_adjustment_set_value (self->ambient_adjustment, value);
  self->updating = FALSE;
}

static void
sync_rpm_setpoint (TwinWindow *self)
{
  self->updating = TRUE;
  gtk_adjustment_set_value (self->rpm_adjustment, twin_engine_get_rpm_setpoint (self->engine));
  self->updating = FALSE;
}

static void
sync_paused (TwinWindow *self)
{
  gboolean paused = twin_engine_get_paused (self->engine);

  gtk_button_set_icon_name (self->play_button,
                            paused ? "media-playback-start-symbolic" : "media-playback-pause-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->play_button), paused ? "Run (Space)" : "Pause (Space)");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->play_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  paused ? "Run the simulation" : "Pause the simulation",
                                  -1);
  update_readouts (self);
}

static void
sync_time_scale (TwinWindow *self)
{
  double scale = twin_engine_get_time_scale (self->engine);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->time_scale_list));
  guint position = GTK_INVALID_LIST_POSITION;
  g_autofree char *label = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (time_scales); i++)
    if (time_scales[i] == scale)
      position = i;

  /* A scale set from the command line or a command gets its own entry. */
  if (n > G_N_ELEMENTS (time_scales))
    gtk_string_list_remove (self->time_scale_list, G_N_ELEMENTS (time_scales));
  if (position == GTK_INVALID_LIST_POSITION)
    {
      label = g_strdup_printf ("%g×", scale);
      gtk_string_list_append (self->time_scale_list, label);
      position = G_N_ELEMENTS (time_scales);
    }

  self->updating = TRUE;
  gtk_drop_down_set_selected (self->time_scale_dropdown, position);
  self->updating = FALSE;
}

static void
sync_model (TwinWindow *self)
{
  const TwinModel *model = twin_engine_get_model (self->engine);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model_list));

  self->updating = TRUE;
  for (guint i = 0; i < n; i++)
    if (g_str_equal (gtk_string_list_get_string (self->model_list, i), model->id))
      gtk_drop_down_set_selected (self->model_dropdown, i);
  self->updating = FALSE;

  adw_window_title_set_subtitle (self->window_title, model->description);
}

static void
engine_notify_cb (TwinWindow *self,
                  GParamSpec *pspec,
                  TwinEngine *engine)
{
  const char *name = g_param_spec_get_name (pspec);

  if (g_str_equal (name, "ambient"))
    sync_ambient (self);
  else if (g_str_equal (name, "rpm-setpoint"))
    sync_rpm_setpoint (self);
  else if (g_str_equal (name, "paused"))
    sync_paused (self);
  else if (g_str_equal (name, "time-scale"))
    sync_time_scale (self);
  else if (g_str_equal (name, "model"))
    sync_model (self);
  else if (g_str_equal (name, "tripped"))
    update_readouts (self);
}

/* Every change the window makes goes to the engine as a command of its
 * own; a refused one is named in a toast. */
static gboolean
apply_command (TwinWindow  *self,
               TwinCommand *command)
{
  g_autoptr(GError) error = NULL;

  command->source = TWIN_COMMAND_SOURCE_WINDOW;
  if (twin_engine_apply_command (self->engine, command, &error))
    return TRUE;

  twin_window_add_toast (self, error->message);
  return FALSE;
}

static void
ambient_changed_cb (TwinWindow    *self,
                    GtkAdjustment *adjustment)
{
  TwinCommand command = { .fields = TWIN_COMMAND_AMBIENT, .ambient = gtk_adjustment_get_value (adjustment) };

  if (!self->updating && !apply_command (self, &command))
    sync_ambient (self);
}

static void
rpm_changed_cb (TwinWindow    *self,
                GtkAdjustment *adjustment)
{
  TwinCommand command = { .fields = TWIN_COMMAND_RPM_SETPOINT, .rpm_setpoint = gtk_adjustment_get_value (adjustment) };

  if (!self->updating && !apply_command (self, &command))
    sync_rpm_setpoint (self);
}

static void
fault_switched_cb (TwinWindow *self,
                   GParamSpec *pspec,
                   GtkSwitch  *toggle)
{
  TwinCommand command = { 0 };
  gboolean active = gtk_switch_get_active (toggle);

  if (toggle == self->cooling_switch && active != twin_engine_get_cooling_degraded (self->engine))
    command.fields = TWIN_COMMAND_COOLING_DEGRADED;
  else if (toggle == self->bearing_switch && active != twin_engine_get_bearing_defect (self->engine))
    command.fields = TWIN_COMMAND_BEARING_DEFECT;
  else
    return;

  command.cooling_degraded = command.bearing_defect = active;
  apply_command (self, &command);
}

static void
time_scale_selected_cb (TwinWindow  *self,
                        GParamSpec  *pspec,
                        GtkDropDown *dropdown)
{
  guint i = gtk_drop_down_get_selected (dropdown);
  TwinCommand command = { .fields = TWIN_COMMAND_TIME_SCALE };

  if (self->updating || i >= G_N_ELEMENTS (time_scales))
    return;

  command.time_scale = time_scales[i];
  apply_command (self, &command);
}

static void
model_selected_cb (TwinWindow  *self,
                   GParamSpec  *pspec,
                   GtkDropDown *dropdown)
{
  guint i = gtk_drop_down_get_selected (dropdown);
  TwinCommand command = { 0 };

  if (self->updating || i == GTK_INVALID_LIST_POSITION)
    return;

  /* The list holds the registry's ids. */
  twin_command_set_model (&command, gtk_string_list_get_string (self->model_list, i), NULL);
  if (!apply_command (self, &command))
    sync_model (self);
}

static void
span_selected_cb (TwinWindow  *self,
                  GParamSpec  *pspec,
                  GtkDropDown *dropdown)
{
  guint i = gtk_drop_down_get_selected (dropdown);

  if (i < G_N_ELEMENTS (spans))
    twin_plot_set_span (self->plot, spans[i]);
}

static void
follow_toggled_cb (TwinWindow      *self,
                   GtkToggleButton *button)
{
  twin_plot_set_following (self->plot, gtk_toggle_button_get_active (button));
}

static void
plot_following_cb (TwinWindow *self,
                   GParamSpec *pspec,
                   TwinPlot   *plot)
{
  gtk_toggle_button_set_active (self->follow_button, twin_plot_get_following (plot));
}

static void
flap_reveal_cb (TwinWindow *self,
                GParamSpec *pspec,
                AdwFlap    *flap)
{
  /* A flap hidden because the window is narrow is not the user's choice. */
  if (self->settings != NULL && !adw_flap_get_folded (flap))
    g_settings_set_boolean (self->settings, "sidebar-revealed", adw_flap_get_reveal_flap (flap));
}

/* As in the schema's range for sidebar-width. */
#define SIDEBAR_WIDTH_MIN 280
#define SIDEBAR_WIDTH_MAX 560

static void
pane_drag_begin_cb (TwinWindow     *self,
                    double          x,
                    double          y,
                    GtkGestureDrag *gesture)
{
  self->drag_start_width = gtk_widget_get_width (self->sidebar);
}

/* The sidebar's width is the pane position: dragging the line between
 * sidebar and plot sets it, within the range the schema allows. */
static void
pane_drag_update_cb (TwinWindow     *self,
                     double          dx,
                     double          dy,
                     GtkGestureDrag *gesture)
{
  int width = CLAMP (self->drag_start_width + (int)dx, SIDEBAR_WIDTH_MIN, SIDEBAR_WIDTH_MAX);

  if (self->settings != NULL)
    g_settings_set_int (self->settings, "sidebar-width", width);
  else
    gtk_widget_set_size_request (self->sidebar, width, -1);
}

static void
sidebar_width_changed_cb (TwinWindow *self,
                          const char *key,
                          GSettings  *settings)
{
  gtk_widget_set_size_request (self->sidebar, g_settings_get_int (settings, "sidebar-width"), -1);
}

static void
save_window_state (TwinWindow *self)
{
  int width, height;

  if (self->settings == NULL)
    return;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (GTK_WINDOW (self)));
  if (!gtk_window_is_maximized (GTK_WINDOW (self)) && width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", CLAMP (width, 360, 32767));
      g_settings_set_int (self->settings, "window-height", CLAMP (height, 294, 32767));
    }
}

static gboolean
twin_window_close_request (GtkWindow *window)
{
  save_window_state (TWIN_WINDOW (window));

  return GTK_WINDOW_CLASS (twin_window_parent_class)->close_request (window);
}

static void
play_pause_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  TwinWindow *self = TWIN_WINDOW (widget);
  TwinCommand command = { .fields = TWIN_COMMAND_PAUSED, .paused = !twin_engine_get_paused (self->engine) };

  apply_command (self, &command);
}

static void
step_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  TwinWindow *self = TWIN_WINDOW (widget);
  TwinCommand command = { .fields = TWIN_COMMAND_PAUSED, .paused = TRUE };

  /* Stepping by hand only makes sense with the clock stopped. */
  if (twin_engine_get_paused (self->engine) || apply_command (self, &command))
    twin_engine_step_once (self->engine);
}

static void
reset_response_cb (TwinWindow       *self,
                   const char       *response,
                   AdwMessageDialog *dialog)
{
  TwinCommand command = { .fields = TWIN_COMMAND_RESET, .reset = TRUE };

  if (g_strcmp0 (response, "reset") == 0 && apply_command (self, &command))
    twin_window_add_toast (self, "Simulation reset to 0 s");
}

static void
reset_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  TwinWindow *self = TWIN_WINDOW (widget);
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), "Reset the Simulation?",
                                   "Time starts over at 0 s from the model’s initial state and "
                                   "the history is cleared. The inputs stay as they are.");
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", "_Cancel",
                                    "reset", "_Reset",
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "reset",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (reset_response_cb), self, G_CONNECT_SWAPPED);
  track_dialog (&self->reset_dialog, GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
reset_trip_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  TwinWindow *self = TWIN_WINDOW (widget);
  TwinCommand command = { .fields = TWIN_COMMAND_RESET_TRIP, .reset_trip = TRUE };

  apply_command (self, &command);
}

static void
sync_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  TwinWindow *self = TWIN_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (!twin_engine_sync_to_measurement (self->engine, TWIN_COMMAND_SOURCE_WINDOW, &error))
    twin_window_add_toast (self, error->message);
  else
    twin_window_add_toast (self, "Twin set to the last measurement");
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  TwinWindow *self = TWIN_WINDOW (widget);

  if (self->export_dialog == NULL)
    track_dialog (&self->export_dialog, GTK_WINDOW (twin_export_dialog_new (self)));
  gtk_window_present (self->export_dialog);
}

static void
preferences_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  TwinWindow *self = TWIN_WINDOW (widget);

  if (self->preferences_window == NULL)
    {
      GtkWindow *window = GTK_WINDOW (twin_preferences_window_new (self->settings));

      gtk_window_set_transient_for (window, GTK_WINDOW (self));
      track_dialog (&self->preferences_window, window);
    }
  gtk_window_present (self->preferences_window);
}

static void
about_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  TwinWindow *self = TWIN_WINDOW (widget);
  static const char *developers[] = { "The Twinscope developers", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", self,
                        "application-name", "Twinscope",
                        "application-icon", APP_ID,
                        "developer-name", "The Twinscope developers",
                        "version", PACKAGE_VERSION,
                        "comments", "A digital twin of a rotating machine: explore what it does, "
                                    "and will do, when its inputs change.",
                        "website", "https://github.com/twinscope/twinscope",
                        "issue-url", "https://github.com/twinscope/twinscope/issues",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        NULL);
  track_dialog (&self->about_window, GTK_WINDOW (about));
  gtk_window_present (GTK_WINDOW (about));
}

static void
fullscreen_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  GtkWindow *window = GTK_WINDOW (widget);

  if (gtk_window_is_fullscreen (window))
    gtk_window_unfullscreen (window);
  else
    gtk_window_fullscreen (window);
}

/* Space runs or pauses wherever the focus is, except where it types. It
 * is caught before the focused widget sees it, since GtkWindow binds it
 * to "activate the focus" first. */
static gboolean
space_cb (GtkWidget *widget,
          GVariant  *args,
          gpointer   user_data)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (widget));

  if (focus != NULL && (GTK_IS_TEXT (focus) || GTK_IS_EDITABLE (focus)))
    return FALSE;

  gtk_widget_activate_action (widget, "win.play-pause", NULL);
  return TRUE;
}

static void
twin_window_constructed (GObject *object)
{
  TwinWindow *self = (TwinWindow *)object;
  GtkGesture *drag;

  G_OBJECT_CLASS (twin_window_parent_class)->constructed (object);

  g_assert (TWIN_IS_ENGINE (self->engine));

  for (gsize i = 0; i < twin_model_registry_count (); i++)
    gtk_string_list_append (self->model_list, twin_model_registry_get (i)->id);

  sync_ambient (self);
  sync_rpm_setpoint (self);
  sync_time_scale (self);
  sync_model (self);
  sync_paused (self);

  g_object_bind_property (self->engine, "cooling-degraded", self->cooling_switch, "active",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->engine, "bearing-defect", self->bearing_switch, "active",
                          G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->cooling_switch, "notify::active", G_CALLBACK (fault_switched_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->bearing_switch, "notify::active", G_CALLBACK (fault_switched_cb),
                           self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->engine, "changed", G_CALLBACK (engine_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->engine, "notify", G_CALLBACK (engine_notify_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->ambient_adjustment, "value-changed", G_CALLBACK (ambient_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->rpm_adjustment, "value-changed", G_CALLBACK (rpm_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->time_scale_dropdown, "notify::selected",
                           G_CALLBACK (time_scale_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model_dropdown, "notify::selected",
                           G_CALLBACK (model_selected_cb), self, G_CONNECT_SWAPPED);

  /* The shadow flips to stale by its own timer; "has-measurement" comes
   * with every reading and when a reset clears them. */
  g_signal_connect_object (twin_engine_get_shadow (self->engine), "notify::has-measurement",
                           G_CALLBACK (shadow_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (twin_engine_get_shadow (self->engine), "notify::stale",
                           G_CALLBACK (shadow_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (twin_engine_get_shadow (self->engine), "notify::rejected",
                           G_CALLBACK (shadow_notify_cb), self, G_CONNECT_SWAPPED);
  update_shadow (self);

  twin_plot_set_engine (self->plot, self->engine);
  twin_plot_set_span (self->plot, spans[0]);
  twin_plot_set_following (self->plot, TRUE);
  g_signal_connect_object (self->span_dropdown, "notify::selected",
                           G_CALLBACK (span_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->follow_button, "toggled",
                           G_CALLBACK (follow_toggled_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->plot, "notify::following",
                           G_CALLBACK (plot_following_cb), self, G_CONNECT_SWAPPED);

  if (self->settings != NULL)
    {
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (self->settings, "window-width"),
                                   g_settings_get_int (self->settings, "window-height"));
      if (g_settings_get_boolean (self->settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
      adw_flap_set_reveal_flap (self->flap, g_settings_get_boolean (self->settings, "sidebar-revealed"));
      sidebar_width_changed_cb (self, "sidebar-width", self->settings);
      g_signal_connect_object (self->settings, "changed::sidebar-width",
                               G_CALLBACK (sidebar_width_changed_cb), self, G_CONNECT_SWAPPED);
    }

  drag = gtk_gesture_drag_new ();
  g_signal_connect_object (drag, "drag-begin", G_CALLBACK (pane_drag_begin_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (drag, "drag-update", G_CALLBACK (pane_drag_update_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (self->pane_handle, GTK_EVENT_CONTROLLER (drag));
  g_signal_connect_object (self->flap, "notify::reveal-flap",
                           G_CALLBACK (flap_reveal_cb), self, G_CONNECT_SWAPPED);

  update_readouts (self);
}

static void
twin_window_dispose (GObject *object)
{
  TwinWindow *self = (TwinWindow *)object;

  if (self->reset_dialog != NULL)
    gtk_window_destroy (self->reset_dialog);
  if (self->export_dialog != NULL)
    gtk_window_destroy (self->export_dialog);
  if (self->preferences_window != NULL)
    gtk_window_destroy (self->preferences_window);
  if (self->about_window != NULL)
    gtk_window_destroy (self->about_window);
  g_clear_weak_pointer (&self->reset_dialog);
  g_clear_weak_pointer (&self->export_dialog);
  g_clear_weak_pointer (&self->preferences_window);
  g_clear_weak_pointer (&self->about_window);

  gtk_widget_dispose_template (GTK_WIDGET (self), TWIN_TYPE_WINDOW);

  g_clear_object (&self->engine);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (twin_window_parent_class)->dispose (object);
}

static void
twin_window_finalize (GObject *object)
{
  TwinWindow *self = (TwinWindow *)object;

  g_clear_pointer (&self->last_toast, g_free);

  G_OBJECT_CLASS (twin_window_parent_class)->finalize (object);
}

static void
twin_window_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  TwinWindow *self = TWIN_WINDOW (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      g_value_set_object (value, self->engine);
      break;

    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
twin_window_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  TwinWindow *self = TWIN_WINDOW (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      self->engine = g_value_dup_object (value);
      break;

    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
twin_window_class_init (TwinWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = twin_window_constructed;
  object_class->dispose = twin_window_dispose;
  object_class->finalize = twin_window_finalize;
  object_class->get_property = twin_window_get_property;
  object_class->set_property = twin_window_set_property;

  window_class->close_request = twin_window_close_request;

  properties[PROP_ENGINE] =
    g_param_spec_object ("engine", NULL, NULL, TWIN_TYPE_ENGINE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  twin_gui_init ();
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/twinscope/Twinscope/twin-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, pane_handle);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, sidebar_button);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, play_button);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, step_button);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, reset_button);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, time_scale_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, time_scale_list);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, model_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, model_list);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, ambient_adjustment);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, ambient_scale);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, ambient_spin);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, rpm_adjustment);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, rpm_scale);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, rpm_spin);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, cooling_switch);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, bearing_switch);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, temperature_value);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, vibration_value);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, rpm_value);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, zone_badge);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, wear_value);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, rul_value);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, trip_value);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, reset_trip_button);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, shadow_group);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, shadow_grid);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, shadow_temperature_value);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, shadow_temperature_residual);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, shadow_vibration_value);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, shadow_vibration_residual);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, shadow_rpm_value);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, shadow_rpm_residual);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, shadow_state);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, shadow_detail);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, shadow_sync_button);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, plot);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, span_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, follow_button);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, time_value);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, mqtt_dot);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, mqtt_status);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, rest_dot);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, rest_status);

  gtk_widget_class_install_action (widget_class, "win.play-pause", NULL, play_pause_action);
  gtk_widget_class_install_action (widget_class, "win.step", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "win.reset", NULL, reset_action);
  gtk_widget_class_install_action (widget_class, "win.reset-trip", NULL, reset_trip_action);
  gtk_widget_class_install_action (widget_class, "win.sync", NULL, sync_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.preferences", NULL, preferences_action);
  gtk_widget_class_install_action (widget_class, "win.about", NULL, about_action);
  gtk_widget_class_install_action (widget_class, "win.fullscreen", NULL, fullscreen_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_period, 0, "win.step", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Decimal, 0, "win.step", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "win.export", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_comma, GDK_CONTROL_MASK, "win.preferences", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F11, 0, "win.fullscreen", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_q, GDK_CONTROL_MASK, "app.quit", NULL);
}

static void
twin_window_init (TwinWindow *self)
{
  GtkEventController *controller;

  gtk_widget_init_template (GTK_WIDGET (self));

  controller = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_space, 0),
                                                          gtk_callback_action_new (space_cb, NULL, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

/**
 * twin_window_new:
 * @settings: (nullable): where the window keeps its size; none for tests
 *   that must not share state
 */
TwinWindow *
twin_window_new (GtkApplication *application,
                 TwinEngine     *engine,
                 GSettings      *settings)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (TWIN_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  return g_object_new (TWIN_TYPE_WINDOW,
                       "application", application,
                       "engine", engine,
                       "settings", settings,
                       NULL);
}

TwinEngine *
twin_window_get_engine (TwinWindow *self)
{
  g_return_val_if_fail (TWIN_IS_WINDOW (self), NULL);

  return self->engine;
}

/**
 * twin_window_set_mqtt_status:
 * @detail: (nullable): what to show next to the state, such as
 *   "connected · 1 234 sent · 0 queued"; %NULL shows the state's name
 */
void
twin_window_set_mqtt_status (TwinWindow       *self,
                             TwinServiceState  state,
                             const char       *detail)
{
  g_return_if_fail (TWIN_IS_WINDOW (self));
  g_return_if_fail (state <= TWIN_SERVICE_ERROR);

  set_status (self->mqtt_dot, self->mqtt_status, state, detail);
}

/**
 * twin_window_set_rest_status:
 * @detail: (nullable): such as "127.0.0.1:8000 · 56 requests"
 */
void
twin_window_set_rest_status (TwinWindow       *self,
                             TwinServiceState  state,
                             const char       *detail)
{
  g_return_if_fail (TWIN_IS_WINDOW (self));
  g_return_if_fail (state <= TWIN_SERVICE_ERROR);

  set_status (self->rest_dot, self->rest_status, state, detail);
}

void
twin_window_add_toast (TwinWindow *self,
                       const char *message)
{
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  g_return_if_fail (TWIN_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  g_free (self->last_toast);
  self->last_toast = g_strdup (message);

  /* A toast's title is markup; an error may quote "<prefix>" or a path. */
  escaped = g_markup_escape_text (message, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_timeout (toast, 5);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/**
 * twin_window_export:
 *
 * Exports the history (CSV) or the plot as shown (PNG, SVG, PDF) and says
 * in a toast where it went, or why it failed.
 *
 * Returns: whether the file was written
 */
gboolean
twin_window_export (TwinWindow       *self,
                    TwinExportFormat  format,
                    const char       *path,
                    int               width,
                    int               height)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;

  g_return_val_if_fail (TWIN_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!twin_export_to_file (self->engine, self->plot, format, path, width, height, &error))
    {
      twin_window_add_toast (self, error->message);
      return FALSE;
    }

  name = g_filename_display_basename (path);
  message = g_strdup_printf ("Exported “%s”", name);
  twin_window_add_toast (self, message);

  return TRUE;
}

/**
 * twin_window_save_screenshot:
 *
 * Renders the window as it is on screen now to a PNG file.
 */
gboolean
twin_window_save_screenshot (TwinWindow  *self,
                             const char  *path,
                             GError     **error)
{
  g_autoptr(GtkSnapshot) snapshot = NULL;
  GdkRGBA background;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer;
  int width, height;

  g_return_val_if_fail (TWIN_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  width = gtk_widget_get_width (GTK_WIDGET (self));
  height = gtk_widget_get_height (GTK_WIDGET (self));
  renderer = gtk_native_get_renderer (GTK_NATIVE (self));
  if (renderer == NULL || width <= 0 || height <= 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                   "The window is not shown yet; nothing to take a screenshot of");
      return FALSE;
    }

  /* The window's own render node is dropped whenever a readout changes,
   * so draw its children afresh on the window's background instead. */
  snapshot = gtk_snapshot_new ();
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (!gtk_style_context_lookup_color (gtk_widget_get_style_context (GTK_WIDGET (self)),
                                       "window_bg_color", &background))
    background = (GdkRGBA) { 1, 1, 1, 1 };
  G_GNUC_END_IGNORE_DEPRECATIONS
  gtk_snapshot_append_color (snapshot, &background, &GRAPHENE_RECT_INIT (0, 0, width, height));
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_widget_snapshot_child (GTK_WIDGET (self), child, snapshot);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "The window drew nothing");
      return FALSE;
    }

  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!gdk_texture_save_to_png (texture, path))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Could not write the screenshot to “%s”", path);
      return FALSE;
    }

  return TRUE;
}
