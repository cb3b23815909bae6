/* twin-replay-bar.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The bar under the header bar while a recording replays: play or pause,
 * the file, where the replay stands of how long the recording is, a
 * scrubber over the recording's duration, Fork Here (or as a what-if
 * branch) and Close. Dragging the scrubber asks for a seek to the latest
 * value only, once the main loop is idle, so a long seek never piles up
 * behind the pointer. The buttons are the window's actions.
 */

#define G_LOG_DOMAIN "twin-replay-bar"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "twin-format.h"
#include "twin-replay-bar.h"

struct _TwinReplayBar
{
  GtkWidget      parent_instance;

  GtkWidget     *box;
  GtkButton     *play_button;
  GtkLabel      *title_label;
  GtkLabel      *position_label;
  GtkScale      *scale;
  GtkAdjustment *adjustment;

  double         duration;
  double         position;
  double         pending;     /* where the user dragged to, not yet sought */
  guint          seek_id;
};

G_DEFINE_FINAL_TYPE (TwinReplayBar, twin_replay_bar, GTK_TYPE_WIDGET)

enum {
  SEEK,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_position (TwinReplayBar *self,
               double         position)
{
  g_autofree char *at = twin_format_duration_at (position, 0.1);
  g_autofree char *of = twin_format_duration_at (self->duration, 0.1);
  g_autofree char *text = NULL;

  /* TRANSLATORS: where a replay stands of its recording: "1 min 20.0 s / 10 min 00.0 s" */
  text = g_strdup_printf (_("%s / %s"), at, of);
  gtk_label_set_label (self->position_label, text);
}

static gboolean
seek_cb (gpointer data)
{
  TwinReplayBar *self = data;

  self->seek_id = 0;
  g_signal_emit (self, signals[SEEK], 0, self->pending);
  return G_SOURCE_REMOVE;
}

/* Only the user moves the scale this way; the replay's position comes in
 * through twin_replay_bar_set_position(). */
static gboolean
change_value_cb (TwinReplayBar *self,
                 GtkScrollType  scroll,
                 double         value,
                 GtkRange      *range)
{
  self->pending = CLAMP (value, 0, self->duration);
  show_position (self, self->pending);
  if (self->seek_id == 0)
    self->seek_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, seek_cb, self, NULL);
  return FALSE;
}

static void
twin_replay_bar_dispose (GObject *object)
{
  TwinReplayBar *self = TWIN_REPLAY_BAR (object);

  g_clear_handle_id (&self->seek_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), TWIN_TYPE_REPLAY_BAR);

  G_OBJECT_CLASS (twin_replay_bar_parent_class)->dispose (object);
}

static void
twin_replay_bar_class_init (TwinReplayBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = twin_replay_bar_dispose;

  /* The user moved the scrubber to @position, recording s. */
  signals[SEEK] = g_signal_new ("seek", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                G_TYPE_NONE, 1, G_TYPE_DOUBLE);

  g_type_ensure (ADW_TYPE_SPLIT_BUTTON);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_TOOLBAR);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/twinscope/Twinscope/twin-replay-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, TwinReplayBar, box);
  gtk_widget_class_bind_template_child (widget_class, TwinReplayBar, play_button);
  gtk_widget_class_bind_template_child (widget_class, TwinReplayBar, title_label);
  gtk_widget_class_bind_template_child (widget_class, TwinReplayBar, position_label);
  gtk_widget_class_bind_template_child (widget_class, TwinReplayBar, scale);
  gtk_widget_class_bind_template_child (widget_class, TwinReplayBar, adjustment);
  gtk_widget_class_bind_template_callback (widget_class, change_value_cb);
}

static void
twin_replay_bar_init (TwinReplayBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  show_position (self, 0);
}

TwinReplayBar *
twin_replay_bar_new (void)
{
  return g_object_new (TWIN_TYPE_REPLAY_BAR, NULL);
}

/**
 * twin_replay_bar_set_title:
 * @title: the recording's file name
 */
void
twin_replay_bar_set_title (TwinReplayBar *self,
                           const char    *title)
{
  g_return_if_fail (TWIN_IS_REPLAY_BAR (self));

  gtk_label_set_label (self->title_label, title);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->title_label), title);
}

/**
 * twin_replay_bar_set_duration:
 * @duration: the recording's length, simulated s
 */
void
twin_replay_bar_set_duration (TwinReplayBar *self,
                              double         duration)
{
  g_return_if_fail (TWIN_IS_REPLAY_BAR (self));

  self->duration = isfinite (duration) ? MAX (duration, 0) : 0;
  gtk_adjustment_set_upper (self->adjustment, self->duration);
  /* Arrow keys step a hundredth of the recording, Page keys a tenth. */
  gtk_adjustment_set_step_increment (self->adjustment, MAX (self->duration / 100, 0.1));
  gtk_adjustment_set_page_increment (self->adjustment, MAX (self->duration / 10, 1));
  show_position (self, self->position);
}

double
twin_replay_bar_get_duration (TwinReplayBar *self)
{
  g_return_val_if_fail (TWIN_IS_REPLAY_BAR (self), 0);

  return self->duration;
}

/**
 * twin_replay_bar_set_position:
 * @position: where the replay stands, recording s
 *
 * Moves the scrubber, unless the user has just moved it somewhere the
 * replay has not sought yet.
 */
void
twin_replay_bar_set_position (TwinReplayBar *self,
                              double         position)
{
  g_return_if_fail (TWIN_IS_REPLAY_BAR (self));

  self->position = isfinite (position) ? CLAMP (position, 0, self->duration) : 0;
  if (self->seek_id != 0)
    return;
  gtk_adjustment_set_value (self->adjustment, self->position);
  show_position (self, self->position);
}

double
twin_replay_bar_get_position (TwinReplayBar *self)
{
  g_return_val_if_fail (TWIN_IS_REPLAY_BAR (self), 0);

  return self->position;
}

void
twin_replay_bar_set_playing (TwinReplayBar *self,
                             gboolean       playing)
{
  g_return_if_fail (TWIN_IS_REPLAY_BAR (self));

  gtk_button_set_icon_name (self->play_button, playing ? "media-playback-pause-symbolic"
                                                       : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->play_button),
                               playing ? _("Pause the recording (Space)") : _("Play the recording (Space)"));
}

/**
 * twin_replay_bar_get_scale:
 *
 * Returns: (transfer none): the scrubber
 */
GtkRange *
twin_replay_bar_get_scale (TwinReplayBar *self)
{
  g_return_val_if_fail (TWIN_IS_REPLAY_BAR (self), NULL);

  return GTK_RANGE (self->scale);
}

/* What the position label says. */
const char *
twin_replay_bar_get_text (TwinReplayBar *self)
{
  g_return_val_if_fail (TWIN_IS_REPLAY_BAR (self), NULL);

  return gtk_label_get_label (self->position_label);
}

/* Whether a seek the user asked for is still to come. */
gboolean
twin_replay_bar_get_seeking (TwinReplayBar *self)
{
  g_return_val_if_fail (TWIN_IS_REPLAY_BAR (self), FALSE);

  return self->seek_id != 0;
}
