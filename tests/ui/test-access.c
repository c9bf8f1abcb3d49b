/* test-access.c: every page as a screen reader hears it and at 360 px, in English, German
 * and Spanish, light and dark
 *
 * Discovery runs offline (the built-in provider table), so the walk needs no network:
 * "Who are you", then "Your settings" as found and while editing, then "Checking"
 * against a port on this computer nobody listens at (both servers fail at once), then
 * "Where to use it" and "Done" (with what an export would have said). At each stop
 * tests/ui/atspi-lint walks the window through AT-SPI and names every missing or doubled
 * name, wrong role, exposed password and widget out of Tab's reach; the window must fit
 * 360 px, its title must not be cut, and every page built so far (shown or not) must fit
 * 360 px by itself. Then the first page's other offer: Thunderbird's account for the same
 * address, with Spectrum's old host names and port 25, chosen from the list, and What Is
 * Wrong as it names the differences and asks for the password Thunderbird has not saved.
 * The pages after the check are walked with real servers by test-flow and test-repair-flow
 * (in the lab).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ms-application.h"
#include "ms-check-page.h"
#include "ms-clients-page.h"
#include "ms-discovery-page.h"
#include "ms-done-page.h"
#include "ms-identity-page.h"
#include "ms-password-entry.h"
#include "ms-repair-diagnosis-page.h"
#include "ms-repair-list.h"
#include "ms-server-row.h"
#include "ms-settings-page.h"
#include "ms-ui-test.h"
#include "ms-window.h"

#define SECRET "Secret-Pw-4711"

static MsApplication *app;

typedef struct {
  const char *language;   /* NULL: English */
  const char *locale;
  gboolean dark;
} Variant;

/* A server row's field (a template child of the row). */
static void
set_field (GtkWidget  *settings,
           const char *row,
           const char *field,
           const char *text)
{
  GtkWidget *r = ms_ui_child (settings, MS_TYPE_SETTINGS_PAGE, row);

  gtk_editable_set_text (GTK_EDITABLE (ms_ui_child (r, MS_TYPE_SERVER_ROW, field)), text);
}

static void
show_page (GtkWidget *window,
           GType      type)
{
  GtkWidget *p = GTK_WIDGET (ms_window_ensure_page (MS_WINDOW (window), type));

  gtk_stack_set_visible_child (GTK_STACK (ms_ui_child (window, MS_TYPE_WINDOW, "pages")), p);
  ms_ui_spin (100);
}

/* The window and every page built so far fit 360 px; the title is not cut short. */
static void
assert_fits (GtkWidget  *window,
             const char *where)
{
  GtkWidget *stack = ms_ui_child (window, MS_TYPE_WINDOW, "pages");
  GtkWidget *title = ms_ui_find (ms_ui_child (window, MS_TYPE_WINDOW, "window_title"), GTK_TYPE_LABEL);
  int min_width = 0;

  gtk_widget_measure (window, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  if (min_width > 360)
    g_error ("%s: the window needs %d px, more than 360", where, min_width);
  for (GtkWidget *p = gtk_widget_get_first_child (stack); p != NULL; p = gtk_widget_get_next_sibling (p))
    {
      gtk_widget_measure (p, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
      g_test_message ("%s: %s needs %d px", where, G_OBJECT_TYPE_NAME (p), min_width);
      if (min_width > 360)
        g_error ("%s: %s needs %d px, more than 360", where, G_OBJECT_TYPE_NAME (p), min_width);
    }
  /* At 360 px the title is whole ("Mail Setup", not "Mail…"), or not shown at all. */
  g_assert_nonnull (title);
  if (gtk_widget_get_opacity (title) > 0 &&
      pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (title))))
    g_error ("%s: the title “%s” is cut short (%d px wide)", where,
             gtk_label_get_text (GTK_LABEL (title)), gtk_widget_get_width (title));
}

/* The lint finds nothing, and the window fits 360 px. */
static void
assert_accessible (GtkWidget  *window,
                   const char *where,
                   const char *extra)
{
  g_autofree char *request = NULL;
  g_autofree char *problems = NULL;

  ms_ui_spin (100);
  /* MS_ATSPI_DUMP=1 prints the whole tree into the log as well. */
  request = g_strdup_printf ("{\"label\": \"%s\", \"page\": \"%s\", \"secrets\": [\"%s\"], "
                             "\"dump\": %s%s%s}", where, G_OBJECT_TYPE_NAME (ms_ui_visible_page (window)), SECRET, g_getenv ("MS_ATSPI_DUMP") != NULL ? "true" : "false",
                             extra != NULL ? ", " : "", extra != NULL ? extra : "");
  problems = ms_ui_atspi_lint (request);
  if (*problems != '\0')
    {
      g_autofree char *text = ms_ui_dump_text (ms_ui_visible_page (window));
      g_autofree char *dump = g_strdup_printf ("{\"dump\": true, \"page\": \"%s\"}",
                                               G_OBJECT_TYPE_NAME (ms_ui_visible_page (window)));

      g_free (ms_ui_atspi_lint (dump));
      g_error ("%s: what a screen reader is told is wrong:\n%sThe page shows:\n%s", where,
               problems, text);
    }
  assert_fits (window, where);
}

/* Whether Tab can land on @widget or inside it: GTK's own rules — focusable, shown,
 * sensitive, and every widget above it lets focus in (can-focus). */
static gboolean
tab_reaches (GtkWidget *widget)
{
  gboolean open = TRUE;

  for (GtkWidget *w = widget; w != NULL && open; w = gtk_widget_get_parent (w))
    open = gtk_widget_get_can_focus (w);
  if (!open)
    return FALSE;
  if (gtk_widget_get_focusable (widget) && gtk_widget_is_sensitive (widget) &&
      gtk_widget_is_drawable (widget))
    return TRUE;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (tab_reaches (c))
      return TRUE;
  return FALSE;
}

static gboolean
list_searched (gpointer data)
{
  return ms_repair_list_get_searched (data);
}

static gboolean
on_diagnosis (gpointer data)
{
  GtkWidget *p = ms_ui_visible_page (data);

  return MS_IS_REPAIR_DIAGNOSIS_PAGE (p) && !ms_page_get_busy (MS_PAGE (p));
}

/* A Thunderbird profile with an account as Spectrum's customers had it years ago. */
static void
make_thunderbird_account (void)
{
  g_autofree char *root = g_build_filename (g_get_home_dir (), ".thunderbird", NULL);
  g_autofree char *dir = g_build_filename (root, "x1.default", NULL);
  g_autofree char *ini = g_build_filename (root, "profiles.ini", NULL);
  g_autofree char *prefs = g_build_filename (dir, "prefs.js", NULL);
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (ini, "[Profile0]\nName=default\nIsRelative=1\n"
                                           "Path=x1.default\nDefault=1\n", -1, &error));
  g_assert_true (g_file_set_contents (prefs,
    "user_pref(\"mail.accountmanager.accounts\", \"account1\");\n"
    "user_pref(\"mail.account.account1.identities\", \"id1\");\n"
    "user_pref(\"mail.account.account1.server\", \"server1\");\n"
    "user_pref(\"mail.identity.id1.useremail\", \"someone@nc.rr.com\");\n"
    "user_pref(\"mail.identity.id1.smtpServer\", \"smtp1\");\n"
    "user_pref(\"mail.server.server1.type\", \"imap\");\n"
    "user_pref(\"mail.server.server1.hostname\", \"mail.nc.rr.com\");\n"
    "user_pref(\"mail.server.server1.port\", 993);\n"
    "user_pref(\"mail.server.server1.socketType\", 3);\n"
    "user_pref(\"mail.server.server1.userName\", \"someone\");\n"
    "user_pref(\"mail.smtpservers\", \"smtp1\");\n"
    "user_pref(\"mail.smtpserver.smtp1.hostname\", \"smtp-server.nc.rr.com\");\n"
    "user_pref(\"mail.smtpserver.smtp1.port\", 25);\n"
    "user_pref(\"mail.smtpserver.smtp1.try_ssl\", 0);\n"
    "user_pref(\"mail.smtpserver.smtp1.username\", \"someone\");\n", -1, &error));
}

/* The first page's other offer, and What Is Wrong (offline: the built-in table). */
static void
walk_repair (const char *lang,
             const char *theme,
             gboolean    shoot)
{
  GtkWidget *window = GTK_WIDGET (ms_window_new (app));
  GtkWidget *list, *rows, *row, *page;
  g_autofree char *where = NULL;

  ms_repair_diagnosis_page_set_offline (MS_REPAIR_DIAGNOSIS_PAGE (ms_window_ensure_page (MS_WINDOW (window), MS_TYPE_REPAIR_DIAGNOSIS_PAGE)),
                                        TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (window);

  list = ms_ui_find (window, MS_TYPE_REPAIR_LIST);
  g_assert_true (ms_ui_wait_for (list_searched, list, 10000));
  rows = ms_ui_child (list, MS_TYPE_REPAIR_LIST, "rows");
  row = gtk_widget_get_first_child (rows);
  g_assert_true (ADW_IS_ACTION_ROW (row));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "someone@nc.rr.com");
  /* Tab reaches the account: it is a choice, not just text. */
  g_assert_true (tab_reaches (row));
  where = g_strdup_printf ("first page with an account %s %s", lang, theme);
  assert_accessible (window, where, NULL);

  g_assert_true (gtk_widget_activate (row));
  g_assert_true (ms_ui_wait_for (on_diagnosis, window, 10000));
  page = ms_ui_visible_page (window);
  /* Thunderbird saved no password: it is asked for here, and kept from screen readers. */
  gtk_editable_set_text (GTK_EDITABLE (ms_ui_child (page, MS_TYPE_REPAIR_DIAGNOSIS_PAGE, "password_row")), SECRET);
  g_assert_true (gtk_widget_get_visible (ms_ui_child (page, MS_TYPE_REPAIR_DIAGNOSIS_PAGE, "password_group")));
  g_assert_true (gtk_widget_get_visible (ms_ui_child (page, MS_TYPE_REPAIR_DIAGNOSIS_PAGE, "changes_group")));
  g_assert_true (ms_page_get_complete (MS_PAGE (page)));
  g_free (where);
  where = g_strdup_printf ("what is wrong %s %s", lang, theme);
  assert_accessible (window, where, NULL);
  if (shoot)
    g_free (ms_ui_screenshot (window, "access-repair-diagnosis"));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_variant (gconstpointer data)
{
  const Variant *v = data;
  AdwStyleManager *style = adw_style_manager_get_default ();
  GtkWidget *window, *identity, *settings, *incoming;
  g_autofree char *states = NULL;
  MsDiscoveryOptions offline = { .offline = TRUE };
  g_autofree char *where = NULL;
  const char *lang = v->language != NULL ? v->language : "en";
  const char *theme = v->dark ? "dark" : "light";

  if (!ms_ui_use_language (v->language, v->locale))
    {
      g_test_skip ("this language cannot be used here (localedef and its locale are needed)");
      return;
    }
  adw_style_manager_set_color_scheme (style, v->dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                                     : ADW_COLOR_SCHEME_FORCE_LIGHT);
  window = GTK_WIDGET (ms_window_new (app));
  ms_discovery_page_set_options (MS_DISCOVERY_PAGE (ms_window_ensure_page (MS_WINDOW (window), MS_TYPE_DISCOVERY_PAGE)),
                                 &offline);
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (window);

  identity = ms_ui_find (window, MS_TYPE_IDENTITY_PAGE);
  g_assert_true (ms_ui_wait_for (list_searched, ms_ui_find (identity, MS_TYPE_REPAIR_LIST), 10000));
  gtk_editable_set_text (GTK_EDITABLE (ms_ui_child (identity, MS_TYPE_IDENTITY_PAGE, "name_row")), "Sam Someone");
  gtk_editable_set_text (GTK_EDITABLE (ms_ui_child (identity, MS_TYPE_IDENTITY_PAGE, "address_row")), "someone@nc.rr.com");
  gtk_editable_set_text (GTK_EDITABLE (ms_ui_child (identity, MS_TYPE_IDENTITY_PAGE, "password_row")), SECRET);
  where = g_strdup_printf ("identity %s %s", lang, theme);
  assert_accessible (window, where, NULL);

  gtk_widget_activate_action (window, "win.next", NULL);
  g_assert_true (ms_ui_wait_for_page (window, MS_TYPE_SETTINGS_PAGE, 10000));
  settings = ms_ui_visible_page (window);
  g_free (where);
  where = g_strdup_printf ("settings %s %s", lang, theme);
  assert_accessible (window, where, NULL);
  if (v->language == NULL && !v->dark)
    g_free (ms_ui_screenshot (window, "access-settings"));

  /* The server rows are a summary until Edit Settings: Tab passes them by. */
  incoming = ms_ui_child (settings, MS_TYPE_SETTINGS_PAGE, "incoming_row");
  g_assert_false (tab_reaches (incoming));

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (ms_ui_child (settings, MS_TYPE_SETTINGS_PAGE, "edit_button")), TRUE);
  g_assert_true (tab_reaches (incoming));
  g_free (where);
  where = g_strdup_printf ("editing settings %s %s", lang, theme);
  /* Named, and open (for a screen reader too). */
  states = g_strdup_printf ("\"states\": {\"%s\": [\"expanded\"]}",
                            adw_preferences_row_get_title (ADW_PREFERENCES_ROW (incoming)));
  assert_accessible (window, where, states);

  /* Checking: servers on this computer where nobody listens — both fail at once, each
   * with its problem, and Try Again is offered. */
  set_field (settings, "incoming_row", "host_row", "127.0.0.1");
  set_field (settings, "incoming_row", "port_row", "1");
  set_field (settings, "outgoing_row", "host_row", "127.0.0.1");
  set_field (settings, "outgoing_row", "port_row", "2");
  g_assert_true (ms_page_get_complete (MS_PAGE (settings)));
  gtk_widget_activate_action (window, "win.next", NULL);
  g_assert_true (ms_ui_wait_for_page (window, MS_TYPE_CHECK_PAGE, 20000));
  g_free (where);
  where = g_strdup_printf ("check %s %s", lang, theme);
  assert_accessible (window, where, NULL);

  /* Where to use it (no mail client in this test's home), and Done as an export to
   * Thunderbird would leave it. */
  show_page (window, MS_TYPE_CLIENTS_PAGE);
  g_free (where);
  where = g_strdup_printf ("clients %s %s", lang, theme);
  assert_accessible (window, where, NULL);
  {
    const char *ids[] = { "org.mozilla.Thunderbird.desktop", NULL };
    g_autofree char *file = g_strdup_printf (_("Account added to: %s"),
                                             "/home/someone/.thunderbird/0123456789abcdef0123456789abcdef01234567.default-release/prefs.js");
    const char *written[] = { file, NULL };

    ms_setup_set_export (ms_page_get_setup (MS_PAGE (settings)), "Thunderbird", ids, NULL,
                         _("Thunderbird: account added. Your Thunderbird passwords are locked with a "
                           "primary password, so Thunderbird will ask for this one once."), written);
  }
  show_page (window, MS_TYPE_DONE_PAGE);
  gtk_expander_set_expanded (GTK_EXPANDER (ms_ui_child (ms_ui_visible_page (window), MS_TYPE_DONE_PAGE, "details")), TRUE);
  g_free (where);
  where = g_strdup_printf ("done %s %s", lang, theme);
  assert_accessible (window, where, NULL);
  if (v->language == NULL && !v->dark)
    g_free (ms_ui_screenshot (window, "access-done"));

  gtk_window_destroy (GTK_WINDOW (window));
  walk_repair (lang, theme, v->language != NULL && !v->dark);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  ms_ui_use_language (NULL, NULL);
}

int
main (int   argc,
      char *argv[])
{
  static const Variant variants[] = {
    { NULL, NULL, FALSE }, { NULL, NULL, TRUE },
    { "de", "de_DE.UTF-8", FALSE }, { "de", "de_DE.UTF-8", TRUE },
    { "es", "es_ES.UTF-8", FALSE }, { "es", "es_ES.UTF-8", TRUE },
  };
  g_autoptr (GError) error = NULL;
  g_autofree char *skip = NULL;
  int ret;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE,
                /* GNOME's own button layout (close only), as on a phone. */
                "gtk-decoration-layout", ":close", NULL);

  /* Before the first window: GTK registers windows with the running AT-SPI registry. */
  if (!ms_ui_atspi_start (&skip))
    {
      g_print ("1..0 # SKIP %s\n", skip);
      return 0;
    }

  make_thunderbird_account ();
  app = ms_application_new ();
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ui/access/%s/%s",
                                               variants[i].language != NULL ? variants[i].language : "en",
                                               variants[i].dark ? "dark" : "light");
      g_test_add_data_func (path, &variants[i], test_variant);
    }

  ret = g_test_run ();
  ms_ui_atspi_stop ();
  g_clear_object (&app);
  return ret;
}
