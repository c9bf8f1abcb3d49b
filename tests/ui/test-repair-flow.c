/* test-repair-flow.c: fixing an account that stopped working, as a person walks it
 *
 * Run by test-flow-lab inside the mail lab's default scenario (MS_UI_LAB_SCENARIO) under
 * Xvfb, with its own session bus and an unlocked gnome-keyring. Evolution has an account
 * for alice@example.test whose incoming host no longer exists and whose outgoing server
 * is the black-holed port 25 of mail.example.test; the keyring has its password. The walk:
 * the first page lists the account → What Is Wrong names the differences → Checking signs
 * in with the settings it should have → Repair changes the .source files, and the account
 * read back from them is checked again → Undo puts the files back byte for byte. Every
 * page is linted through AT-SPI and must fit 360 px. Screenshots: repair-diagnosis and
 * repair-done in $MS_SCREENSHOT_DIR.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <libsecret/secret.h>

#include "ms-application.h"
#include "ms-check-page.h"
#include "ms-identity-page.h"
#include "ms-repair-apply-page.h"
#include "ms-repair-diagnosis-page.h"
#include "ms-repair-list.h"
#include "ms-secret.h"
#include "ms-ui-test.h"
#include "ms-window.h"

#define ALICE "alice@example.test"
#define PASSWORD "correct-horse-battery"
#define WAIT_MS 30000
#define ACCOUNT_UID "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1"
#define IDENTITY_UID "b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2"
#define TRANSPORT_UID "c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3"

static MsApplication *app;
static gboolean lint_running;

static const char account_source[] =
  "[Data Source]\nDisplayName=" ALICE "\nEnabled=true\nParent=\n\n"
  "[Security]\nMethod=ssl-on-alternate-port\n\n"
  "[Authentication]\nHost=old-imap.example.test\nMethod=PLAIN\nPort=993\n"
  "RememberPassword=true\nUser=alice\n\n"
  "[Mail Account]\nBackendName=imapx\nIdentityUid=" IDENTITY_UID "\nNeedsInitialSetup=false\n";
static const char identity_source[] =
  "[Data Source]\nDisplayName=" ALICE "\nEnabled=true\nParent=" ACCOUNT_UID "\n\n"
  "[Mail Identity]\nAddress=" ALICE "\nName=Alice Liddell\n\n"
  "[Mail Submission]\nTransportUid=" TRANSPORT_UID "\n";
static const char transport_source[] =
  "[Data Source]\nDisplayName=" ALICE "\nEnabled=true\nParent=" ACCOUNT_UID "\n\n"
  "[Authentication]\nHost=mail.example.test\nMethod=PLAIN\nPort=25\nRememberPassword=true\n"
  "User=alice\n\n[Security]\nMethod=none\n\n[Mail Transport]\nBackendName=smtp\n";

static char *
source_path (const char *uid)
{
  g_autofree char *name = g_strconcat (uid, ".source", NULL);

  return g_build_filename (g_get_user_config_dir (), "evolution", "sources", name, NULL);
}

static char *
read_source (const char *uid)
{
  g_autofree char *path = source_path (uid);
  char *data = NULL;

  g_assert_true (g_file_get_contents (path, &data, NULL, NULL));
  return data;
}

static void
make_account (void)
{
  const char *uids[] = { ACCOUNT_UID, IDENTITY_UID, TRANSPORT_UID };
  const char *data[] = { account_source, identity_source, transport_source };
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (uids); i++)
    {
      g_autofree char *path = source_path (uids[i]);
      g_autofree char *dir = g_path_get_dirname (path);

      g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
      g_assert_true (g_file_set_contents (path, data[i], -1, &error));
    }
  /* The password Evolution saved, under the account's and the transport's UID. */
  for (guint i = 0; i < 3; i += 2)
    {
      secret_password_store_sync (ms_secret_get_eds_schema (), SECRET_COLLECTION_DEFAULT,
                                  "Evolution", PASSWORD, NULL, &error,
                                  "e-source-uid", uids[i], "eds-origin", "evolution-data-server",
                                  NULL);
      g_assert_no_error (error);
    }
}

static GtkWidget *
visible_page (GtkWidget *window)
{
  return gtk_stack_get_visible_child (GTK_STACK (ms_ui_child (window, MS_TYPE_WINDOW, "pages")));
}

typedef struct {
  GtkWidget *window;
  GType type;
} PageWait;

static gboolean
is_on_page (gpointer data)
{
  PageWait *w = data;
  GtkWidget *p = visible_page (w->window);

  return G_TYPE_CHECK_INSTANCE_TYPE (p, w->type) && !ms_page_get_busy (MS_PAGE (p));
}

static GtkWidget *
wait_page (GtkWidget *window,
           GType      type)
{
  PageWait w = { window, type };

  if (!ms_ui_wait_for (is_on_page, &w, WAIT_MS))
    {
      g_autofree char *text = ms_ui_dump_text (visible_page (window));

      g_error ("timed out waiting for %s; on %s, showing:\n%s", g_type_name (type),
               G_OBJECT_TYPE_NAME (visible_page (window)), text);
    }
  return visible_page (window);
}

static gboolean
page_not_busy (gpointer data)
{
  return !ms_page_get_busy (MS_PAGE (data));
}

static gboolean
list_searched (gpointer data)
{
  return ms_repair_list_get_searched (data);
}

/* What a screen reader is told of the page now, and that it fits 360 px. */
static void
assert_accessible (GtkWidget *window)
{
  g_autofree char *request = NULL;
  g_autofree char *problems = NULL;
  int min_width = 0;

  ms_ui_spin (100);
  gtk_widget_measure (window, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  if (min_width > 360)
    g_error ("on %s, the window needs %d px, more than 360",
             G_OBJECT_TYPE_NAME (visible_page (window)), min_width);
  if (!lint_running)
    return;
  request = g_strdup_printf ("{\"page\": \"%s\", \"secrets\": [\"%s\"]}",
                             G_OBJECT_TYPE_NAME (visible_page (window)), PASSWORD);
  problems = ms_ui_atspi_lint (request);
  if (*problems != '\0')
    g_error ("on %s, what a screen reader is told is wrong:\n%s",
             G_OBJECT_TYPE_NAME (visible_page (window)), problems);
}

static void
assert_shows (GtkWidget  *page,
              const char *text)
{
  if (ms_ui_find_label (page, text) == NULL)
    {
      g_autofree char *shown = ms_ui_dump_text (page);

      g_error ("“%s” is not shown; the page shows:\n%s", text, shown);
    }
}

/* The account's row on the first page, by its address. */
static GtkWidget *
account_row (GtkWidget *list)
{
  GtkWidget *rows = ms_ui_child (list, MS_TYPE_REPAIR_LIST, "rows");

  for (GtkWidget *r = gtk_widget_get_first_child (rows); r != NULL; r = gtk_widget_get_next_sibling (r))
    if (ADW_IS_ACTION_ROW (r) &&
        g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (r)), ALICE) == 0)
      return r;
  return NULL;
}

static void
test_repair_walk (void)
{
  GtkWidget *window, *identity, *list, *row, *page, *button;
  g_autofree char *account_before = read_source (ACCOUNT_UID);
  g_autofree char *transport_before = read_source (TRANSPORT_UID);
  g_autofree char *account_after = NULL;
  g_autofree char *transport_after = NULL;

  window = GTK_WIDGET (ms_window_new (app));
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 760);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (window);

  /* The first page: both offers, and the account by address and client. */
  identity = ms_ui_find (window, MS_TYPE_IDENTITY_PAGE);
  list = ms_ui_find (identity, MS_TYPE_REPAIR_LIST);
  g_assert_true (ms_ui_wait_for (list_searched, list, WAIT_MS));
  assert_shows (identity, "Set Up a New Account");
  assert_shows (identity, "Fix an Account That Stopped Working");
  row = account_row (list);
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "Evolution");
  g_assert_true (gtk_widget_get_focusable (row));
  assert_accessible (window);

  /* What Is Wrong: each difference in plain words; nothing written yet. */
  g_assert_true (gtk_widget_activate (row));
  page = wait_page (window, MS_TYPE_REPAIR_DIAGNOSIS_PAGE);
  assert_shows (page, "moved incoming mail to imap.example.test");
  assert_shows (page, "Port 25 is blocked");
  assert_shows (page, "old-imap.example.test → imap.example.test");
  g_assert_true (ms_page_get_complete (MS_PAGE (page)));
  g_free (ms_ui_screenshot (window, "repair-diagnosis"));
  assert_accessible (window);
  g_assert_cmpstr (read_source (ACCOUNT_UID), ==, account_before);

  /* Checking: the settings it should have, with the saved password. */
  gtk_widget_activate_action (window, "win.next", NULL);
  page = wait_page (window, MS_TYPE_CHECK_PAGE);
  if (!ms_page_get_complete (MS_PAGE (page)))
    {
      g_autofree char *text = ms_ui_dump_text (page);

      g_error ("the check of the right settings failed:\n%s", text);
    }
  assert_shows (page, "Continue to see what the repair changes.");
  assert_accessible (window);

  /* Repair: asked first, then done, then checked again as Evolution has it. */
  gtk_widget_activate_action (window, "win.next", NULL);
  page = wait_page (window, MS_TYPE_REPAIR_APPLY_PAGE);
  assert_shows (page, "Repair the Account?");
  assert_accessible (window);
  g_assert_cmpstr (read_source (TRANSPORT_UID), ==, transport_before);
  button = ms_ui_child (page, MS_TYPE_REPAIR_APPLY_PAGE, "repair_button");
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (ms_ui_wait_for (page_not_busy, page, WAIT_MS));
  assert_shows (page, "Repaired");
  assert_shows (page, "Incoming mail works: signed in with the new settings.");
  assert_shows (page, "Outgoing mail works: signed in with the new settings.");
  g_free (ms_ui_screenshot (window, "repair-done"));
  assert_accessible (window);

  account_after = read_source (ACCOUNT_UID);
  transport_after = read_source (TRANSPORT_UID);
  g_assert_nonnull (strstr (account_after, "Host=imap.example.test\n"));
  g_assert_nonnull (strstr (account_after, "User=" ALICE "\n"));
  g_assert_nonnull (strstr (transport_after, "Host=smtp.example.test\n"));
  g_assert_nonnull (strstr (transport_after, "Port=465\n"));
  g_assert_nonnull (strstr (transport_after, "Method=ssl-on-alternate-port\n"));

  /* Undo: the files exactly as before. */
  button = ms_ui_child (page, MS_TYPE_REPAIR_APPLY_PAGE, "undo_button");
  g_assert_true (gtk_widget_get_visible (button));
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (ms_ui_wait_for (page_not_busy, page, WAIT_MS));
  assert_shows (page, "Put Back");
  g_free (account_after);
  g_free (transport_after);
  account_after = read_source (ACCOUNT_UID);
  transport_after = read_source (TRANSPORT_UID);
  g_assert_cmpstr (account_after, ==, account_before);
  g_assert_cmpstr (transport_after, ==, transport_before);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  int ret;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE,
                "gtk-decoration-layout", ":close", NULL);

  if (g_getenv ("MS_UI_LAB") == NULL || g_getenv ("MS_ISOLATE_ROOT") == NULL)
    {
      g_print ("1..0 # SKIP runs inside the mail lab only (tests/ui/test-flow-lab)\n");
      return 0;
    }
  make_account ();
  if (g_strcmp0 (g_getenv ("GTK_A11Y"), "atspi") == 0)
    {
      g_autofree char *skip = NULL;

      lint_running = ms_ui_atspi_start (&skip);
      if (!lint_running)
        g_print ("# no AT-SPI lint: %s\n", skip);
    }

  app = ms_application_new ();
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/ui/repair/black-holed-port", test_repair_walk);

  ret = g_test_run ();
  ms_ui_atspi_stop ();
  g_clear_object (&app);
  return ret;
}
