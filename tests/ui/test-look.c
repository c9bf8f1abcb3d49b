/* test-look.c: how the wizard looks, without the network — names for assistive
 * technologies, light and dark styles, and a 360 px wide window
 *
 * Discovery runs offline here (the built-in provider table only), so the walk reaches
 * "Your settings" for a Spectrum address and for an OAuth2 provider anywhere.
 * Screenshots go to $MS_SCREENSHOT_DIR.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "ms-application.h"
#include "ms-check-page.h"
#include "ms-clients-page.h"
#include "ms-done-page.h"
#include "ms-discovery-page.h"
#include "ms-identity-page.h"
#include "ms-settings-page.h"
#include "ms-server-row.h"
#include "ms-ui-test.h"
#include "ms-window.h"

static MsApplication *app;

typedef struct {
  GtkWidget *window;
  GType type;
} PageWait;

static GtkWidget *
visible_page (GtkWidget *window)
{
  return gtk_stack_get_visible_child (GTK_STACK (ms_ui_child (window, MS_TYPE_WINDOW, "pages")));
}

static gboolean
is_on_page (gpointer data)
{
  PageWait *w = data;
  GtkWidget *p = visible_page (w->window);

  return G_TYPE_CHECK_INSTANCE_TYPE (p, w->type) && !ms_page_get_busy (MS_PAGE (p));
}

/* A window walked offline to "Your settings" for @address. */
static GtkWidget *
settings_for (const char *address,
              int         width,
              int         height)
{
  GtkWidget *window = GTK_WIDGET (ms_window_new (app));
  GtkWidget *identity = ms_ui_find (window, MS_TYPE_IDENTITY_PAGE);
  MsDiscoveryOptions offline = { .offline = TRUE };
  PageWait w = { window, MS_TYPE_SETTINGS_PAGE };

  ms_discovery_page_set_options (MS_DISCOVERY_PAGE (ms_window_ensure_page (MS_WINDOW (window), MS_TYPE_DISCOVERY_PAGE)), &offline);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  gtk_editable_set_text (GTK_EDITABLE (ms_ui_child (identity, MS_TYPE_IDENTITY_PAGE, "name_row")), "Sam Someone");
  gtk_editable_set_text (GTK_EDITABLE (ms_ui_child (identity, MS_TYPE_IDENTITY_PAGE, "address_row")), address);
  gtk_editable_set_text (GTK_EDITABLE (ms_ui_child (identity, MS_TYPE_IDENTITY_PAGE, "password_row")), "secret");
  gtk_widget_activate_action (window, "win.next", NULL);
  g_assert_true (ms_ui_wait_for (is_on_page, &w, 10000));
  return window;
}

static void
assert_shows (GtkWidget  *root,
              const char *text)
{
  if (ms_ui_find_label (root, text) == NULL)
    {
      g_autofree char *all = ms_ui_dump_text (root);
      g_error ("“%s” is not shown; the page shows:\n%s", text, all);
    }
}

static void
test_builtin_words (void)
{
  GtkWidget *window = settings_for ("someone@nc.rr.com", 600, 700);
  GtkWidget *settings = visible_page (window);
  GtkWidget *edit = ms_ui_child (settings, MS_TYPE_SETTINGS_PAGE, "edit_button");
  GtkWidget *incoming = ms_ui_child (settings, MS_TYPE_SETTINGS_PAGE, "incoming_row");
  GtkEditable *port = GTK_EDITABLE (ms_ui_child (incoming, MS_TYPE_SERVER_ROW, "port_row"));
  AdwComboRow *security = ADW_COMBO_ROW (ms_ui_child (incoming, MS_TYPE_SERVER_ROW, "security_row"));

  assert_shows (settings, "Spectrum’s settings built into Mail Setup");
  g_assert_false (gtk_widget_get_visible (ms_ui_child (settings, MS_TYPE_SETTINGS_PAGE, "confirm_box")));
  g_assert_true (ms_page_get_complete (MS_PAGE (settings)));

  /* Edit settings: the form opens; bad input is named and blocks Continue. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (edit), TRUE);
  g_assert_true (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (incoming)));
  gtk_editable_set_text (port, "99999");
  g_assert_false (ms_page_get_complete (MS_PAGE (settings)));
  assert_shows (settings, "Port: enter a number from 1 to 65535");
  gtk_editable_set_text (port, "993");
  g_assert_true (ms_page_get_complete (MS_PAGE (settings)));

  /* Choosing STARTTLS moves the usual port along. */
  adw_combo_row_set_selected (security, 1);
  g_assert_cmpstr (gtk_editable_get_text (port), ==, "143");
  /* No encryption needs its own explicit tick. */
  adw_combo_row_set_selected (security, 2);
  g_assert_true (gtk_widget_get_visible (ms_ui_child (settings, MS_TYPE_SETTINGS_PAGE, "plaintext_box")));
  g_assert_false (ms_page_get_complete (MS_PAGE (settings)));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (ms_ui_child (settings, MS_TYPE_SETTINGS_PAGE, "plaintext_check")), TRUE);
  g_assert_true (ms_page_get_complete (MS_PAGE (settings)));
  adw_combo_row_set_selected (security, 0);
  g_assert_cmpstr (gtk_editable_get_text (port), ==, "993");

  /* And the other way: a port that goes with one encryption brings it along. */
  gtk_editable_set_text (port, "143");
  g_assert_cmpuint (adw_combo_row_get_selected (security), ==, 1);   /* STARTTLS */
  gtk_editable_set_text (port, "993");
  g_assert_cmpuint (adw_combo_row_get_selected (security), ==, 0);   /* TLS */
  {
    GtkWidget *outgoing = ms_ui_child (settings, MS_TYPE_SETTINGS_PAGE, "outgoing_row");
    GtkEditable *out_port = GTK_EDITABLE (ms_ui_child (outgoing, MS_TYPE_SERVER_ROW, "port_row"));
    AdwComboRow *out_security = ADW_COMBO_ROW (ms_ui_child (outgoing, MS_TYPE_SERVER_ROW, "security_row"));

    gtk_editable_set_text (out_port, "465");
    g_assert_cmpuint (adw_combo_row_get_selected (out_security), ==, 0);
    gtk_editable_set_text (out_port, "587");
    g_assert_cmpuint (adw_combo_row_get_selected (out_security), ==, 1);
  }
  g_free (ms_ui_screenshot (window, "look-edit"));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_oauth2_note (void)
{
  GtkWidget *window = settings_for ("someone@gmail.com", 600, 700);
  GtkWidget *settings = visible_page (window);

  g_assert_true (gtk_widget_get_visible (ms_ui_child (settings, MS_TYPE_SETTINGS_PAGE, "oauth2_box")));
  assert_shows (settings, "sign-in page in your browser");
  g_free (ms_ui_screenshot (window, "look-oauth2"));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_skip_manual (void)
{
  GtkWidget *window = GTK_WIDGET (ms_window_new (app));
  GtkWidget *identity = ms_ui_find (window, MS_TYPE_IDENTITY_PAGE);
  GtkWidget *discovery = GTK_WIDGET (ms_window_ensure_page (MS_WINDOW (window), MS_TYPE_DISCOVERY_PAGE));
  MsDiscoveryOptions slow = { .ispdb_url = "https://ispdb.invalid/", .source_timeout_ms = 60000 };
  PageWait w = { window, MS_TYPE_SETTINGS_PAGE };
  GtkWidget *settings;

  /* No network here: the sources fail or wait; Skip goes straight to the form. */
  ms_discovery_page_set_options (MS_DISCOVERY_PAGE (discovery), &slow);
  gtk_window_present (GTK_WINDOW (window));
  gtk_editable_set_text (GTK_EDITABLE (ms_ui_child (identity, MS_TYPE_IDENTITY_PAGE, "address_row")), "me@example.invalid");
  gtk_editable_set_text (GTK_EDITABLE (ms_ui_child (identity, MS_TYPE_IDENTITY_PAGE, "password_row")), "pw");
  gtk_widget_activate_action (window, "win.next", NULL);
  ms_ui_spin (50);
  if (visible_page (window) == discovery && ms_page_get_busy (MS_PAGE (discovery)))
    g_signal_emit_by_name (ms_ui_child (discovery, MS_TYPE_DISCOVERY_PAGE, "skip_button"), "clicked");
  g_assert_true (ms_ui_wait_for (is_on_page, &w, 10000));
  settings = visible_page (window);
  assert_shows (settings, "Enter the settings your provider gave you");
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (ms_ui_child (settings, MS_TYPE_SETTINGS_PAGE, "edit_button"))));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
check_all_names (GtkWidget *window)
{
  g_autoptr (GString) problems = g_string_new (NULL);
  GtkStack *stack = GTK_STACK (ms_ui_child (window, MS_TYPE_WINDOW, "pages"));
  GType types[] = { MS_TYPE_CHECK_PAGE, MS_TYPE_CLIENTS_PAGE, MS_TYPE_DONE_PAGE };

  /* The pages not reached yet are built on demand: build them to look at them too. */
  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    ms_window_ensure_page (MS_WINDOW (window), types[i]);

  ms_ui_check_names (window, problems);
  /* The pages that are not shown now, too. */
  for (GtkWidget *p = gtk_widget_get_first_child (GTK_WIDGET (stack)); p != NULL; p = gtk_widget_get_next_sibling (p))
    ms_ui_check_names (p, problems);
  if (problems->len > 0)
    g_error ("widgets without an accessible name:\n%s", problems->str);
}

static void
test_accessible_names (void)
{
  GtkWidget *window = settings_for ("someone@nc.rr.com", 600, 700);

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (ms_ui_child (visible_page (window), MS_TYPE_SETTINGS_PAGE, "edit_button")), TRUE);
  check_all_names (window);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The mean lightness of @texture, 0 (black) to 255 (white). */
static double
lightness (GdkTexture *texture)
{
  int w = gdk_texture_get_width (texture), h = gdk_texture_get_height (texture);
  g_autofree guchar *data = g_malloc ((gsize) w * h * 4);
  double sum = 0;

  gdk_texture_download (texture, data, (gsize) w * 4);
  for (int i = 0; i < w * h; i++)
    sum += (data[i * 4] + data[i * 4 + 1] + data[i * 4 + 2]) / 3.0;
  return sum / (w * h);
}

static double
screenshot_lightness (GtkWidget  *window,
                      const char *name)
{
  g_autofree char *path = ms_ui_screenshot (window, name);
  g_autoptr (GdkTexture) texture = gdk_texture_new_from_filename (path, NULL);

  g_assert_nonnull (texture);
  return lightness (texture);
}

static void
test_light_and_dark (void)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  GtkWidget *window = settings_for ("someone@nc.rr.com", 600, 640);
  double light, dark;

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  light = screenshot_lightness (window, "look-light");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_true (adw_style_manager_get_dark (style));
  dark = screenshot_lightness (window, "look-dark");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  g_test_message ("mean lightness: light %.0f, dark %.0f", light, dark);
  g_assert_cmpfloat (light, >, 180);
  g_assert_cmpfloat (dark, <, 90);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_narrow (void)
{
  GtkWidget *window;
  int min_width = 0;

  /* GNOME's own button layout (close only), as on a phone; Xvfb's GTK default adds
   * minimize and maximize, which a 360 px screen does not have. */
  g_object_set (gtk_settings_get_default (), "gtk-decoration-layout", ":close", NULL);
  window = settings_for ("someone@nc.rr.com", 360, 640);

  gtk_widget_measure (window, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  if (min_width > 360)
    {
      GtkWidget *header = ms_ui_find (window, ADW_TYPE_HEADER_BAR);
      GtkStack *stack = GTK_STACK (ms_ui_child (window, MS_TYPE_WINDOW, "pages"));
      int m = 0;

      gtk_widget_measure (header, GTK_ORIENTATION_HORIZONTAL, -1, &m, NULL, NULL, NULL);
      g_test_message ("header bar: %d", m);
      for (GtkWidget *p = gtk_widget_get_first_child (GTK_WIDGET (stack)); p != NULL; p = gtk_widget_get_next_sibling (p))
        {
          gtk_widget_measure (p, GTK_ORIENTATION_HORIZONTAL, -1, &m, NULL, NULL, NULL);
          g_test_message ("%s: %d", G_OBJECT_TYPE_NAME (p), m);
        }
    }
  g_assert_cmpint (min_width, <=, 360);
  ms_ui_spin (200);
  /* The whole window, frame included, is 360 px wide (the content a little less: GTK
   * keeps a resize border when no compositor draws shadows). */
  g_assert_cmpint (gtk_widget_get_width (window), <=, 360);
  g_assert_cmpint (gtk_widget_get_width (window), >=, 340);
  g_free (ms_ui_screenshot (window, "look-360-settings"));
  /* Back from Your Settings is the address form (the search is passed by). */
  gtk_widget_activate_action (window, "win.back", NULL);
  g_assert_true (MS_IS_IDENTITY_PAGE (visible_page (window)));
  g_free (ms_ui_screenshot (window, "look-360-identity"));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* German at 360 px: the longest words of the translations still fit. */
static void
test_german_narrow (void)
{
  const char *dir = g_getenv ("MS_TEST_LOCALEDIR");
  g_autofree char *previous = NULL;
  GtkWidget *window;
  int min_width = 0;

  if (dir == NULL)
    {
      g_test_skip ("MS_TEST_LOCALEDIR is not set");
      return;
    }
  bindtextdomain (GETTEXT_PACKAGE, dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_setenv ("LANGUAGE", "de", TRUE);
  /* gettext ignores LANGUAGE in the C locale: make a German one if the system has none. */
  previous = g_strdup (setlocale (LC_MESSAGES, NULL));
  if (setlocale (LC_MESSAGES, "de_DE.UTF-8") == NULL)
    {
      g_autofree char *locpath = g_build_filename (g_get_tmp_dir (), "locale", NULL);
      g_autofree char *target = g_build_filename (locpath, "de_DE.UTF-8", NULL);
      const char *argv[] = { "localedef", "-i", "de_DE", "-f", "UTF-8", target, NULL };

      g_mkdir_with_parents (locpath, 0755);
      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                    G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, NULL, NULL);
      g_setenv ("LOCPATH", locpath, TRUE);
      setlocale (LC_MESSAGES, "de_DE.UTF-8");
    }
  if (g_strcmp0 (g_dgettext (GETTEXT_PACKAGE, "_Continue"), "_Weiter") != 0)
    {
      g_unsetenv ("LANGUAGE");
      setlocale (LC_MESSAGES, previous);
      g_test_skip ("no German locale could be made here (localedef and de_DE are needed)");
      return;
    }
  g_object_set (gtk_settings_get_default (), "gtk-decoration-layout", ":close", NULL);
  window = settings_for ("someone@gmail.com", 360, 700);
  gtk_widget_measure (window, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  g_assert_cmpint (min_width, <=, 360);
  assert_shows (visible_page (window), "Ihre Einstellungen");
  g_free (ms_ui_screenshot (window, "look-360-de-settings"));
  gtk_widget_activate_action (window, "win.back", NULL);
  g_free (ms_ui_screenshot (window, "look-360-de-identity"));
  gtk_window_destroy (GTK_WINDOW (window));
  g_unsetenv ("LANGUAGE");
  setlocale (LC_MESSAGES, previous);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  int ret;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  app = ms_application_new ();
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/ui/look/builtin-words-and-editing", test_builtin_words);
  g_test_add_func ("/ui/look/oauth2-note", test_oauth2_note);
  g_test_add_func ("/ui/look/skip", test_skip_manual);
  g_test_add_func ("/ui/look/accessible-names", test_accessible_names);
  g_test_add_func ("/ui/look/light-and-dark", test_light_and_dark);
  g_test_add_func ("/ui/look/360px", test_narrow);
  g_test_add_func ("/ui/look/german-360px", test_german_narrow);

  ret = g_test_run ();
  g_clear_object (&app);
  return ret;
}
