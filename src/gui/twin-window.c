/* twin-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "twin-window"

#include "config.h"

#include <glib/gi18n.h>

#include "twin-fields.h"
#include "twin-format.h"
#include "twin-gui.h"
#include "twin-window-private.h"

G_DEFINE_FINAL_TYPE (TwinWindow, twin_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_ENGINE,
  PROP_SETTINGS,
  PROP_WHAT_IF,
  PROP_OUTLOOK,
  PROP_TRAINING,
  PROP_RECORDINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const double time_scales[] = { 1, 10, 100, 1000, 10000 };
static const double spans[] = { 60, 600, 3600, 0 };   /* s; 0 = all */

static const char * const status_classes[] = { NULL, "status-busy", "status-ok", "status-error" };

static void
set_status (GtkLabel         *dot,
            GtkLabel         *label,
            TwinServiceState  state,
            const char       *detail)
{
  static const char * const defaults[] = { N_("off"), N_("connecting…"), N_("connected"), N_("error") };

  twin_format_set_class (GTK_WIDGET (dot), status_classes, G_N_ELEMENTS (status_classes), state);

  gtk_label_set_label (label, detail != NULL ? detail : _(defaults[state]));
}

static void
update_readouts (TwinWindow *self)
{
  TwinSnapshot s;
  TwinSim sim;
  g_autofree char *clock = NULL;
  g_autofree char *time_text = NULL;
  g_autofree char *scale = NULL;

  twin_engine_get_snapshot (self->engine, &s);
  twin_readouts_update (self->readouts, &s);
  twin_engine_get_sim (self->engine, &sim);
  twin_alarm_bar_update (self->alarm_bar, &sim);
  _twin_window_actions_update (self);

  /* Paused, a single step shows: the clock goes to the model's step. */
  clock = twin_format_duration_at (s.timestamp, s.paused ? twin_engine_get_model (self->engine)->dt : 0.1);
  scale = twin_format_time_scale (s.time_scale);
  time_text = g_strdup_printf (_("%s · %s · t = %s"), s.paused ? _("Paused") : _("Running"), scale, clock);
  gtk_label_set_label (self->time_value, time_text);
}

static void
update_shadow (TwinWindow *self)
{
  twin_shadow_group_update (self->shadow_group, twin_engine_get_shadow (self->engine));
  _twin_window_actions_update (self);
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
sync_paused (TwinWindow *self)
{
  gboolean paused = twin_engine_get_paused (self->engine);

  gtk_button_set_icon_name (self->play_button,
                            paused ? "media-playback-start-symbolic" : "media-playback-pause-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->play_button), paused ? _("Run (Space)") : _("Pause (Space)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->play_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  paused ? _("Run the simulation") : _("Pause the simulation"),
                                  -1);
  update_readouts (self);
}

/* Selects the preset at @position of @list's first @n_presets entries, or
 * a last entry of its own labelled @custom when @position is none. */
static void
select_or_custom (TwinWindow    *self,
                  GtkDropDown   *dropdown,
                  GtkStringList *list,
                  guint          n_presets,
                  guint          position,
                  const char    *custom)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));

  self->updating = TRUE;
  if (position == GTK_INVALID_LIST_POSITION)
    {
      if (n > n_presets)
        gtk_string_list_splice (list, n_presets, n - n_presets, (const char * const[]) { custom, NULL });
      else
        gtk_string_list_append (list, custom);
      position = n_presets;
    }
  gtk_drop_down_set_selected (dropdown, position);
  if (position < n_presets && n > n_presets)
    gtk_string_list_remove (list, n_presets);
  self->updating = FALSE;
}

static void
sync_time_scale (TwinWindow *self)
{
  double scale = twin_engine_get_time_scale (self->engine);
  guint position = GTK_INVALID_LIST_POSITION;
  g_autofree char *label = twin_format_time_scale (scale);

  for (guint i = 0; i < G_N_ELEMENTS (time_scales); i++)
    if (time_scales[i] == scale)
      position = i;

  /* A scale set from the command line or a command gets its own entry. */
  select_or_custom (self, self->time_scale_dropdown, self->time_scale_list,
                    G_N_ELEMENTS (time_scales), position, label);
}

/* The time window shows a preset while the plot shows its span and
 * follows (all of the history, for "All"); a zoom, a pan or a paused
 * follow is "Custom", so that choosing a preset again applies it. */
static void
sync_span (TwinWindow *self)
{
  double span = twin_plot_get_span (self->plot);
  gboolean following = twin_plot_get_following (self->plot);
  guint position = GTK_INVALID_LIST_POSITION;

  for (guint i = 0; i < G_N_ELEMENTS (spans); i++)
    if (spans[i] == span && (following || span == 0))
      position = i;

  select_or_custom (self, self->span_dropdown,
                    GTK_STRING_LIST (gtk_drop_down_get_model (self->span_dropdown)),
                    G_N_ELEMENTS (spans), position, _("Custom"));
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

  adw_window_title_set_subtitle (self->window_title, _(model->description));
  _twin_window_model_sync (self);
}

static void
engine_notify_cb (TwinWindow *self,
                  GParamSpec *pspec,
                  TwinEngine *engine)
{
  const char *name = g_param_spec_get_name (pspec);

  if (g_str_equal (name, "ambient") || g_str_equal (name, "rpm-setpoint") ||
      g_str_equal (name, "cooling-degraded") || g_str_equal (name, "bearing-defect"))
    _twin_window_sync_inputs (self);
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
gboolean
_twin_window_apply_command (TwinWindow  *self,
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
time_scale_selected_cb (TwinWindow  *self,
                        GParamSpec  *pspec,
                        GtkDropDown *dropdown)
{
  guint i = gtk_drop_down_get_selected (dropdown);
  TwinCommand command = { .fields = TWIN_COMMAND_TIME_SCALE };

  if (self->updating || i >= G_N_ELEMENTS (time_scales))
    return;

  command.time_scale = time_scales[i];
  _twin_window_apply_command (self, &command);
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
  if (!_twin_window_apply_command (self, &command))
    sync_model (self);
}

static void
span_selected_cb (TwinWindow  *self,
                  GParamSpec  *pspec,
                  GtkDropDown *dropdown)
{
  guint i = gtk_drop_down_get_selected (dropdown);

  if (self->updating || i >= G_N_ELEMENTS (spans))
    return;

  twin_plot_set_span (self->plot, spans[i]);
  twin_plot_set_following (self->plot, TRUE);
  sync_span (self);
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
  sync_span (self);
}

static void
plot_span_cb (TwinWindow *self,
              GParamSpec *pspec,
              TwinPlot   *plot)
{
  sync_span (self);
}

static gboolean
twin_window_close_request (GtkWindow *window)
{
  _twin_window_layout_save (TWIN_WINDOW (window));

  return GTK_WINDOW_CLASS (twin_window_parent_class)->close_request (window);
}

static void
twin_window_constructed (GObject *object)
{
  TwinWindow *self = (TwinWindow *)object;

  G_OBJECT_CLASS (twin_window_parent_class)->constructed (object);

  g_assert (TWIN_IS_ENGINE (self->engine));

  /* Filling the list selects its first entry, which is no choice of the user's. */
  self->updating = TRUE;
  for (gsize i = 0; i < twin_model_registry_count (); i++)
    gtk_string_list_append (self->model_list, twin_model_registry_get (i)->id);
  for (gsize i = 0; i < G_N_ELEMENTS (time_scales); i++)
    {
      g_autofree char *label = twin_format_time_scale (time_scales[i]);

      gtk_string_list_append (self->time_scale_list, label);
    }
  self->updating = FALSE;

  _twin_window_model_init (self);
  _twin_window_whatif_init (self);
  _twin_window_ghosts_start (self);
  _twin_window_remote_init (self);
  _twin_window_control_init (self);
  _twin_window_scenario_init (self);
  _twin_window_record_init (self);
  _twin_window_replay_init (self);
  _twin_window_instructor_init (self);
  _twin_window_sync_inputs (self);
  sync_time_scale (self);
  sync_model (self);
  sync_paused (self);

  g_signal_connect_object (self->engine, "changed", G_CALLBACK (engine_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->engine, "notify", G_CALLBACK (engine_notify_cb),
                           self, G_CONNECT_SWAPPED);

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
  self->csv_log = twin_csv_log_new (self->engine);
  twin_plot_set_span (self->plot, spans[0]);
  twin_plot_set_following (self->plot, TRUE);
  g_signal_connect_object (self->plot, "notify::span", G_CALLBACK (plot_span_cb), self, G_CONNECT_SWAPPED);
  sync_span (self);

  _twin_window_layout_restore (self);
  update_readouts (self);
}

static void
twin_window_dispose (GObject *object)
{
  TwinWindow *self = (TwinWindow *)object;

  if (self->reset_dialog != NULL)
    gtk_window_destroy (self->reset_dialog);
  if (self->reset_trip_dialog != NULL)
    gtk_window_destroy (self->reset_trip_dialog);
  if (self->export_dialog != NULL)
    gtk_window_destroy (self->export_dialog);
  if (self->preferences_window != NULL)
    gtk_window_destroy (self->preferences_window);
  if (self->about_window != NULL)
    gtk_window_destroy (self->about_window);
  g_clear_weak_pointer (&self->reset_dialog);
  g_clear_weak_pointer (&self->reset_trip_dialog);
  g_clear_weak_pointer (&self->export_dialog);
  g_clear_weak_pointer (&self->preferences_window);
  g_clear_weak_pointer (&self->about_window);

  _twin_window_instructor_dispose (self);
  _twin_window_ghosts_stop (self);
  _twin_window_whatif_dispose (self);
  _twin_window_replay_dispose (self);
  _twin_window_record_dispose (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), TWIN_TYPE_WINDOW);

  g_clear_pointer (&self->csv_log, twin_csv_log_free);
  g_clear_object (&self->training);
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

    case PROP_OUTLOOK:
      g_value_set_object (value, self->outlook);
      break;
    case PROP_TRAINING:
      g_value_set_object (value, self->training);
      break;
    case PROP_RECORDINGS:
      g_value_set_object (value, self->recordings);
      break;

    case PROP_WHAT_IF:
      g_value_set_boolean (value, self->branch != NULL && twin_branch_get_active (self->branch));
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

    case PROP_OUTLOOK:
      self->outlook = g_value_dup_object (value);
      break;
    case PROP_TRAINING:
      self->training = g_value_dup_object (value);
      break;
    case PROP_RECORDINGS:
      self->recordings = g_value_dup_object (value);
      break;

    case PROP_WHAT_IF:
      if (self->branch != NULL)
        twin_branch_set_active (self->branch, g_value_get_boolean (value));
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
  /* The course ahead, shared with the services; NULL: the window keeps its own. */
  properties[PROP_OUTLOOK] =
    g_param_spec_object ("outlook", NULL, NULL, TWIN_TYPE_OUTLOOK,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* The scenarios, shared with the services; NULL: the window keeps its own. */
  properties[PROP_TRAINING] =
    g_param_spec_object ("training", NULL, NULL, TWIN_TYPE_TRAINING,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* The flight recorder, shared with the services; NULL: the window keeps its own. */
  properties[PROP_RECORDINGS] =
    g_param_spec_object ("recordings", NULL, NULL, TWIN_TYPE_RECORDINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Inputs edit a branch, not the live twin: win.what-if toggles it. */
  properties[PROP_WHAT_IF] =
    g_param_spec_boolean ("what-if", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  twin_gui_init ();
  g_type_ensure (TWIN_TYPE_ALARM_BAR);
  g_type_ensure (TWIN_TYPE_READOUTS);
  g_type_ensure (TWIN_TYPE_SHADOW_GROUP);
  g_type_ensure (TWIN_TYPE_SAFE_SCALE);
  g_type_ensure (TWIN_TYPE_COMPARE_PANEL);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/twinscope/Twinscope/twin-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, alarm_bar);
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
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, inputs_group);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, faults_group);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, cooling_switch);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, bearing_switch);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, readouts);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, shadow_group);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, plot);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, span_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, follow_button);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, rpm_label);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, time_value);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, statusbar);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, mqtt_dot);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, mqtt_status);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, rest_dot);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, rest_status);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, whatif_button);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, whatif_revealer);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, whatif_caption);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, whatif_cancel_button);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, whatif_apply_button);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, horizon_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, whatif_pin_button);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, safe_condition_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TwinWindow, compare_panel);

  gtk_widget_class_bind_template_callback (widget_class, time_scale_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, model_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, span_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, follow_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, plot_following_cb);

  _twin_window_class_actions_init (klass);
  _twin_window_class_inputs_init (klass);
  _twin_window_class_whatif_init (klass);
  _twin_window_class_ghosts_init (klass);
  _twin_window_class_layout_init (klass);
  _twin_window_class_runs_init (klass);
  _twin_window_class_scenario_init (klass);
  _twin_window_class_record_init (klass);
  _twin_window_class_replay_init (klass);
}

static void
twin_window_init (TwinWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  _twin_window_actions_init (self);
  _twin_window_inputs_init (self);
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

TwinPlot *
twin_window_get_plot (TwinWindow *self)
{
  g_return_val_if_fail (TWIN_IS_WINDOW (self), NULL);

  return self->plot;
}

/**
 * twin_window_export:
 *
 * Exports the whole history (CSV) or the plot as shown (PNG, SVG, PDF);
 * see twin_window_export_range().
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
  return twin_window_export_range (self, format, path, width, height, FALSE);
}

/**
 * twin_window_export_range:
 * @visible_only: for CSV, only the samples the plot shows
 *
 * Exports the history (CSV) or the plot as shown (PNG, SVG, PDF) and says
 * in a toast where it went, or why it failed.
 *
 * Returns: whether the file was written
 */
gboolean
twin_window_export_range (TwinWindow       *self,
                          TwinExportFormat  format,
                          const char       *path,
                          int               width,
                          int               height,
                          gboolean          visible_only)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;

  g_return_val_if_fail (TWIN_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!twin_export_to_file (self->csv_log, self->plot, format, path, width, height, visible_only, &error))
    {
      twin_window_add_toast (self, error->message);
      return FALSE;
    }

  name = g_filename_display_basename (path);
  message = g_strdup_printf (_("Exported “%s”"), name);
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
                   _("The window is not shown yet; nothing to take a screenshot of"));
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
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The window drew nothing"));
      return FALSE;
    }

  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!gdk_texture_save_to_png (texture, path))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not write the screenshot to “%s”"), path);
      return FALSE;
    }

  return TRUE;
}
