/* test-offline.c: the window on a computer that is not connected, and its recovery
 *
 * Run by tests/ui/test-offline-ns inside a network namespace with loopback only and a
 * resolver nobody answers at (MS_UI_OFFLINE=1; it refuses to run elsewhere, since it
 * adds and removes a network link). Discovery of an unknown domain and the check of
 * built-in settings both say that this computer is not connected — not that nothing
 * was found, or that the server does not exist; then the test brings a link with a
 * default route up (as the lab does) and the page tries again by itself: the network
 * monitor's network-changed, no polling, no click.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "ms-application.h"
#include "ms-check-page.h"
#include "ms-discovery-page.h"
#include "ms-identity-page.h"
#include "ms-settings-page.h"
#include "ms-ui-test.h"
#include "ms-window.h"

#define LINK "ms-offline0"

static MsApplication *app;

static void
ip (const char *command)
{
  g_autofree char *line = g_strdup_printf ("ip %s", command);
  g_auto (GStrv) argv = NULL;
  g_autoptr (GError) error = NULL;
  int status = 0;

  g_assert_true (g_shell_parse_argv (line, NULL, &argv, NULL));
  g_spawn_sync (NULL, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);
}

/* A network appears: a link with an address and a default route. */
static void
link_up (void)
{
  /* A veth pair, as the lab makes its links (no dummy module in every kernel). */
  ip ("link add " LINK " type veth peer name " LINK "p");
  ip ("addr add 192.0.2.10/24 dev " LINK);
  ip ("link set " LINK "p up");
  ip ("link set " LINK " up");
  ip ("route add default via 192.0.2.1 dev " LINK);
}

static void
link_down (void)
{
  ip ("link del " LINK);
  /* Until the monitor has seen it go. */
  while (g_network_monitor_get_network_available (g_network_monitor_get_default ()))
    g_main_context_iteration (NULL, TRUE);
}

static GtkWidget *
walk_to (const char *address,
         GType       type)
{
  GtkWidget *window = GTK_WIDGET (ms_window_new (app));
  GtkWidget *identity = ms_ui_find (window, MS_TYPE_IDENTITY_PAGE);

  gtk_window_present (GTK_WINDOW (window));
  gtk_editable_set_text (GTK_EDITABLE (ms_ui_child (identity, MS_TYPE_IDENTITY_PAGE, "name_row")), "Pat Someone");
  gtk_editable_set_text (GTK_EDITABLE (ms_ui_child (identity, MS_TYPE_IDENTITY_PAGE, "address_row")), address);
  gtk_editable_set_text (GTK_EDITABLE (ms_ui_child (identity, MS_TYPE_IDENTITY_PAGE, "password_row")), "not-a-password");
  gtk_widget_activate_action (window, "win.next", NULL);
  if (type == MS_TYPE_CHECK_PAGE)
    {
      g_assert_true (ms_ui_wait_for_page (window, MS_TYPE_SETTINGS_PAGE, 20000));
      gtk_widget_activate_action (window, "win.next", NULL);
    }
  g_assert_true (ms_ui_wait_for_page (window, type, 30000));
  return window;
}

/* The check page ran again and no longer says "not connected". */
static gboolean
offline_gone (gpointer data)
{
  GtkWidget *p = ms_ui_visible_page (data);

  return MS_IS_CHECK_PAGE (p) && !ms_page_get_busy (MS_PAGE (p)) &&
         ms_ui_find_label (p, "not connected") == NULL;
}

static void
test_discovery (void)
{
  GtkWidget *window = walk_to ("pat@myisp.net", MS_TYPE_DISCOVERY_PAGE);
  GtkWidget *discovery = ms_ui_visible_page (window);
  gint64 start;

  /* Offline, not "nothing found": the page stays and says so. */
  ms_ui_spin (300);
  g_assert_true (MS_IS_DISCOVERY_PAGE (ms_ui_visible_page (window)));
  g_assert_true (gtk_widget_get_visible (ms_ui_child (discovery, MS_TYPE_DISCOVERY_PAGE, "offline_box")));
  ms_ui_assert_shows (discovery, "This computer is not connected to the internet.");
  ms_ui_assert_shows (discovery, "searches again by itself");
  g_assert_null (ms_ui_find_label (discovery, "No settings were found"));
  g_assert_true (gtk_widget_get_visible (ms_ui_child (discovery, MS_TYPE_DISCOVERY_PAGE, "again_button")));
  g_free (ms_ui_screenshot (window, "offline"));

  /* A network appears: the search runs again by itself and goes on (nothing can be
   * found here, so to the form). */
  start = g_get_monotonic_time ();
  link_up ();
  g_assert_true (ms_ui_wait_for_page (window, MS_TYPE_SETTINGS_PAGE, 20000));
  g_test_message ("recovered %.2f s after the link came up",
                  (g_get_monotonic_time () - start) / 1e6);
  ms_ui_assert_shows (ms_ui_visible_page (window), "Enter the settings your provider gave you");
  g_assert_false (gtk_widget_get_visible (ms_ui_child (discovery, MS_TYPE_DISCOVERY_PAGE, "offline_box")));
  gtk_window_destroy (GTK_WINDOW (window));
  link_down ();
}

static void
test_check (void)
{
  GtkWidget *window = walk_to ("someone@nc.rr.com", MS_TYPE_CHECK_PAGE);
  GtkWidget *check = ms_ui_visible_page (window);

  /* The built-in settings were found; checking them cannot be done, and says why. */
  ms_ui_assert_shows (check, "This computer is not connected to the internet.");
  ms_ui_assert_shows (check, "checks again by itself");
  g_assert_null (ms_ui_find_label (check, "There is no server called"));
  g_free (ms_ui_screenshot (window, "offline-check"));

  link_up ();
  g_assert_true (ms_ui_wait_for (offline_gone, window, 30000));
  g_assert_false (ms_page_get_busy (MS_PAGE (check)));
  gtk_window_destroy (GTK_WINDOW (window));
  link_down ();
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  int ret;

  if (g_strcmp0 (g_getenv ("MS_UI_OFFLINE"), "1") != 0)
    {
      g_print ("1..0 # SKIP run by test-offline-ns in a network namespace\n");
      return 0;
    }
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  g_assert_false (g_network_monitor_get_network_available (g_network_monitor_get_default ()));

  app = ms_application_new ();
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/ui/offline/discovery", test_discovery);
  g_test_add_func ("/ui/offline/check", test_check);

  ret = g_test_run ();
  g_clear_object (&app);
  return ret;
}
