/* twin-window-replay.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Replay mode: Open Recording… (Ctrl+O) puts the engine at the start of a
 * recording and the replay bar under the header bar. The header's time
 * scale sets the speed it plays at; the sidebar shows the recorded inputs
 * and takes none (the engine refuses them while a replay drives it). Fork
 * Here leaves the engine live from the exact state the replay stands at,
 * Fork as What-If opens a what-if branch from there, and Close goes back
 * to the session as it was before the recording was opened.
 */

#define G_LOG_DOMAIN "twin-window"

#include "config.h"

#include <glib/gi18n.h>

#include "twin-format.h"
#include "twin-gui.h"
#include "twin-window-private.h"

/* What a replay drives alone: the window's own ways to change the engine. */
static const char * const live_actions[] = {
  "win.play-pause", "win.step", "win.reset", "win.reset-trip", "win.sync",
  "win.run-for", "win.run-until-event", "win.what-if", "win.scenarios",
};

static const char * const replay_actions[] = {
  "win.replay-play", "win.replay-fork", "win.replay-fork-whatif", "win.replay-close",
};

static void
set_replaying (TwinWindow *self,
               gboolean    replaying)
{
  const char *why = replaying ? _("Replaying a recording: these are its inputs. Fork to take control.") : NULL;
  GtkWidget *locked[] = {
    self->inputs_group, self->faults_group, GTK_WIDGET (self->model_dropdown),
  };

  for (guint i = 0; i < G_N_ELEMENTS (locked); i++)
    {
      gtk_widget_set_sensitive (locked[i], !replaying);
      gtk_widget_set_tooltip_text (locked[i], why);
    }
  for (guint i = 0; i < G_N_ELEMENTS (live_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), live_actions[i], !replaying);
  for (guint i = 0; i < G_N_ELEMENTS (replay_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), replay_actions[i], replaying);
  gtk_widget_set_visible (GTK_WIDGET (self->replay_bar), replaying);
  if (!replaying)
    _twin_window_actions_update (self);
}

static void
position_cb (TwinWindow *self,
             GParamSpec *pspec,
             TwinReplay *replay)
{
  twin_replay_bar_set_position (self->replay_bar, twin_replay_get_position (replay));
}

static void
playing_cb (TwinWindow *self,
            GParamSpec *pspec,
            TwinReplay *replay)
{
  twin_replay_bar_set_playing (self->replay_bar, twin_replay_get_playing (replay));
}

static void
finished_cb (TwinWindow *self,
             TwinReplay *replay)
{
  twin_replay_bar_set_position (self->replay_bar, twin_replay_get_position (replay));
  twin_replay_bar_set_playing (self->replay_bar, FALSE);
  twin_window_add_toast (self, _("Finished: the end of the recording"));
}

static void
seek_cb (TwinWindow    *self,
         double         position,
         TwinReplayBar *bar)
{
  g_autoptr(GError) error = NULL;

  if (self->replay == NULL)
    return;
  if (!twin_replay_seek (self->replay, position, &error))
    twin_window_add_toast (self, error->message);
  twin_replay_bar_set_position (bar, twin_replay_get_position (self->replay));
}

/* Stops driving the engine, which keeps the state the replay left,
 * running or paused. */
static void
leave (TwinWindow *self)
{
  if (self->replay == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->replay, self);
  twin_replay_detach (self->replay);
  g_clear_object (&self->replay);
}

/* Back to the session as it was before the first recording was opened. */
static void
back_to_session (TwinWindow *self)
{
  leave (self);
  set_replaying (self, FALSE);
  if (!self->replaying_from_session)
    return;
  self->replaying_from_session = FALSE;
  twin_engine_restore (self->engine, &self->session, TWIN_COMMAND_SOURCE_WINDOW);
  twin_engine_set_paused (self->engine, self->session_paused);
}

/**
 * _twin_window_replay_open:
 *
 * Replays @path in the window, from its start, paused.
 *
 * Returns: whether it opened; if not, the window is back to the session
 *   as it was before any recording was opened (and if none was, the
 *   session did not move)
 */
gboolean
_twin_window_replay_open (TwinWindow  *self,
                          const char  *path,
                          GError     **error)
{
  g_autoptr(TwinReplay) replay = NULL;
  g_autofree char *name = NULL;
  gboolean was_replaying = self->replay != NULL;

  g_assert (TWIN_IS_WINDOW (self));

  g_object_set (self, "what-if", FALSE, NULL);
  if (!self->replaying_from_session)
    {
      twin_engine_get_sim (self->engine, &self->session);
      self->session_paused = twin_engine_get_paused (self->engine);
      self->replaying_from_session = TRUE;
    }
  leave (self);
  replay = twin_replay_new (self->engine, path, error);
  /* A file that is no recording leaves the engine untouched. */
  if (replay == NULL && was_replaying)
    back_to_session (self);
  else if (replay == NULL)
    self->replaying_from_session = FALSE;
  if (replay == NULL)
    return FALSE;

  self->replay = g_steal_pointer (&replay);
  g_signal_connect_object (self->replay, "notify::position", G_CALLBACK (position_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->replay, "notify::playing", G_CALLBACK (playing_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->replay, "finished", G_CALLBACK (finished_cb), self, G_CONNECT_SWAPPED);

  name = g_filename_display_basename (path);
  twin_replay_bar_set_title (self->replay_bar, name);
  twin_replay_bar_set_duration (self->replay_bar, twin_replay_get_duration (self->replay));
  twin_replay_bar_set_position (self->replay_bar, twin_replay_get_position (self->replay));
  twin_replay_bar_set_playing (self->replay_bar, twin_replay_get_playing (self->replay));
  set_replaying (self, TRUE);
  return TRUE;
}

static void
open_response_cb (TwinWindow           *self,
                  int                   response,
                  GtkFileChooserNative *chooser)
{
  g_autofree char *path = twin_gui_chooser_get_path (GTK_NATIVE_DIALOG (chooser), response);
  g_autoptr(GError) error = NULL;

  g_clear_object (&self->file_chooser);
  if (path != NULL && !_twin_window_replay_open (self, path, &error))
    twin_window_add_toast (self, error->message);
}

static void
open_recording_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  TwinWindow *self = TWIN_WINDOW (widget);
  GtkFileChooserNative *chooser;

  g_assert (TWIN_IS_WINDOW (self));

  chooser = _twin_window_record_chooser (self, _("Open Recording"), GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"));
  g_signal_connect_object (chooser, "response", G_CALLBACK (open_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
play_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  TwinWindow *self = TWIN_WINDOW (widget);
  gboolean play;

  g_assert (TWIN_IS_WINDOW (self) && self->replay != NULL);

  play = !twin_replay_get_playing (self->replay);
  /* Play at the end starts over. */
  if (play && twin_replay_get_position (self->replay) >= twin_replay_get_duration (self->replay))
    twin_replay_seek (self->replay, 0, NULL);
  twin_replay_set_playing (self->replay, play);
}

static void
fork_here (TwinWindow *self,
           gboolean    what_if)
{
  g_autofree char *at = twin_format_duration_at (twin_replay_get_position (self->replay), 0.1);
  g_autofree char *message = NULL;

  /* Playing, it goes on running live. */
  leave (self);
  set_replaying (self, FALSE);
  self->replaying_from_session = FALSE;
  if (what_if)
    {
      g_object_set (self, "what-if", TRUE, NULL);
      /* TRANSLATORS: %s is where in the recording, "2 min 30.0 s" */
      message = g_strdup_printf (_("What-if branch from %s of the recording"), at);
    }
  else
    {
      /* TRANSLATORS: %s is where in the recording, "2 min 30.0 s" */
      message = g_strdup_printf (_("Live from %s of the recording"), at);
    }
  twin_window_add_toast (self, message);
}

static void
fork_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  g_assert (TWIN_IS_WINDOW (widget) && TWIN_WINDOW (widget)->replay != NULL);

  fork_here (TWIN_WINDOW (widget), g_str_equal (action_name, "win.replay-fork-whatif"));
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  TwinWindow *self = TWIN_WINDOW (widget);

  g_assert (TWIN_IS_WINDOW (self) && self->replay != NULL);

  twin_replay_set_playing (self->replay, FALSE);
  back_to_session (self);
}

void
_twin_window_class_replay_init (TwinWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  g_type_ensure (TWIN_TYPE_REPLAY_BAR);
  gtk_widget_class_install_action (widget_class, "win.open-recording", NULL, open_recording_action);
  gtk_widget_class_install_action (widget_class, "win.replay-play", NULL, play_action);
  gtk_widget_class_install_action (widget_class, "win.replay-fork", NULL, fork_action);
  gtk_widget_class_install_action (widget_class, "win.replay-fork-whatif", NULL, fork_action);
  gtk_widget_class_install_action (widget_class, "win.replay-close", NULL, close_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open-recording", NULL);
}

/**
 * _twin_window_replay_init:
 *
 * The replay bar, hidden, under the header bar.
 */
void
_twin_window_replay_init (TwinWindow *self)
{
  g_assert (TWIN_IS_WINDOW (self));

  self->replay_bar = twin_replay_bar_new ();
  gtk_widget_insert_after (GTK_WIDGET (self->replay_bar), gtk_widget_get_parent (GTK_WIDGET (self->header_bar)),
                           GTK_WIDGET (self->header_bar));
  g_signal_connect_object (self->replay_bar, "seek", G_CALLBACK (seek_cb), self, G_CONNECT_SWAPPED);
  set_replaying (self, FALSE);
}

void
_twin_window_replay_dispose (TwinWindow *self)
{
  leave (self);
}
