/* test-first-run.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Under Xvfb: the application as a new user first opens it, with the
 * default preferences. Its MQTT goes through the built-in broker at once:
 * the status bar is green and names it, a subscriber gets states, and on
 * the way out offline reaches the subscriber before the broker stops. The
 * wanted port is a free one of the test's, never 1883.
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "twin-application.h"
#include "twin-gui.h"
#include "twin-test-broker.h"
#include "twin-test-env.h"
#include "twin-test-mqtt-client.h"
#include "twin-test-options.h"
#include "twin-test-wait.h"
#include "twin-window-private.h"

#define WAIT_S 60.0

typedef struct
{
  char           *url;
  TwinTestClient *sub;
  gboolean        checked;
} FirstRun;

static gboolean
status_is_green (gpointer data)
{
  TwinWindow *window = data;

  return gtk_widget_has_css_class (GTK_WIDGET (window->mqtt_dot), "status-ok");
}

/* Inside the application's own run, as a user sees it; closing the window
 * ends the run. */
static void
check_window (gpointer data)
{
  FirstRun *f = data;
  GtkApplication *app = GTK_APPLICATION (g_application_get_default ());
  TwinWindow *window = TWIN_WINDOW (gtk_application_get_active_window (app));
  g_autofree char *prefix = g_strdup_printf ("built-in broker · %s · ", f->url);
  const char *label;

  twin_test_wait_until (status_is_green, window, WAIT_S, "the MQTT status to turn green");
  label = gtk_label_get_label (window->mqtt_status);
  g_test_message ("%s", label);
  g_assert_true (g_str_has_prefix (label, prefix));
  g_assert_nonnull (strstr (label, " sent"));

  f->sub = twin_test_client_new (f->url, "first-run-sub", FALSE, NULL);
  twin_test_client_subscribe (f->sub, "twin/status", 1);
  twin_test_client_subscribe (f->sub, "twin/state", 0);
  twin_test_client_wait_payload (f->sub, "twin/status", "online");
  twin_test_client_wait_count (f->sub, "twin/state", 2);

  f->checked = TRUE;
  gtk_window_close (GTK_WINDOW (window));
}

static void
activated_cb (GApplication *app,
              FirstRun     *f)
{
  /* At the default priority: an idle would wait for as long as the frames
   * keep the main loop busy, for ever in a slow (sanitized) build. */
  g_timeout_add_once (0, check_window, f);
}

static void
test_builtin_broker_green (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(TwinApplication) app = NULL;
  g_autofree char *port_text = NULL;
  const char *args[] = { NULL };
  TwinOptions options;
  guint port = twin_test_free_port ();
  FirstRun f = { NULL };

  port_text = g_strdup_printf ("%u", port);
  f.url = g_strdup_printf ("mqtt://127.0.0.1:%u", port);
  g_setenv (TWIN_BROKER_PORT_ENV, port_text, TRUE);
  g_settings_reset (settings, "mqtt-mode");

  twin_test_parse_options (&options, args);
  app = twin_application_new (&options);
  g_signal_connect_after (app, "activate", G_CALLBACK (activated_cb), &f);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);
  g_assert_true (f.checked);

  /* The run has ended: offline went out through the broker, then it
   * stopped. */
  twin_test_client_wait_payload (f.sub, "twin/status", "offline");
  g_assert_cmpint (twin_test_probe_port (port), ==, TWIN_BROKER_PROBE_FREE);

  twin_test_client_free (f.sub);
  g_free (f.url);
  twin_options_clear (&options);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  twin_gui_init ();
  /* No session bus is to be started. */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent", TRUE);

  g_test_add_func ("/first-run/built-in-broker-status-green-states-out", test_builtin_broker_green);

  return twin_test_run_in_data_home ();
}
