/* twin-window-remote.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Who changed what: a command from MQTT or REST shows in a toast, so that
 * a change the window's user did not make is seen as someone else's.
 */

#define G_LOG_DOMAIN "twin-window-remote"

#include "config.h"

#include <glib/gi18n.h>

#include "twin-command-text.h"
#include "twin-window-private.h"

static void
remote_toast_dismissed_cb (TwinWindow *self,
                           AdwToast   *toast)
{
  if (self->remote_toast == toast)
    self->remote_toast = NULL;
}

/* One toast for a burst of remote commands: the newest replaces the
 * text of the one still shown instead of queueing behind it. */
static void
show_remote (TwinWindow *self,
             const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  g_free (self->last_toast);
  self->last_toast = g_strdup (text);

  if (self->remote_toast != NULL)
    {
      adw_toast_set_title (self->remote_toast, escaped);
      return;
    }

  self->remote_toast = adw_toast_new (escaped);
  adw_toast_set_timeout (self->remote_toast, 5);
  g_signal_connect_object (self->remote_toast, "dismissed", G_CALLBACK (remote_toast_dismissed_cb),
                           self, G_CONNECT_SWAPPED);
  adw_toast_overlay_add_toast (self->toast_overlay, self->remote_toast);
}

static void
command_applied_cb (TwinWindow        *self,
                    const TwinCommand *command,
                    TwinEngine        *engine)
{
  g_autofree char *what = NULL;
  g_autofree char *text = NULL;

  g_assert (TWIN_IS_WINDOW (self));

  if (!twin_command_source_is_remote (command->source))
    return;

  what = twin_command_describe (command);
  /* TRANSLATORS: "Speed setpoint 2000 rpm — from REST" */
  text = g_strdup_printf (_("%s — from %s"), what, twin_command_source_title (command->source));
  show_remote (self, text);
}

void
_twin_window_remote_init (TwinWindow *self)
{
  g_assert (TWIN_IS_WINDOW (self));

  g_signal_connect_object (self->engine, "command-applied", G_CALLBACK (command_applied_cb),
                           self, G_CONNECT_SWAPPED);
}
