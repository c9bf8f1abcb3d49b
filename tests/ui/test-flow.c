/* test-flow.c: the whole wizard against the mail lab, as a person walks it
 *
 * Run by test-flow-lab inside a running mail lab (real DNS, HTTPS autoconfig, Dovecot,
 * Postfix) under Xvfb, with its own session bus and an unlocked gnome-keyring. Each walk
 * opens a fresh window, types into the first page, lets discovery finish, reads what the
 * settings page says, checks the servers and exports into the private HOME's Evolution
 * sources folder or Thunderbird profile, asserting what every page shows. Screenshots go
 * to $MS_SCREENSHOT_DIR.
 *
 * The keyboard walk drives the same flow with real key presses: xdotool sends them
 * through the X server's XTEST extension, so they arrive exactly like a keyboard's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include "ms-application.h"
#include "ms-check-page.h"
#include "ms-check-row.h"
#include "ms-client-row.h"
#include "ms-clients-page.h"
#include "ms-discovery-page.h"
#include "ms-done-page.h"
#include "ms-identity-page.h"
#include "ms-password-entry.h"
#include "ms-server-row.h"
#include "ms-settings-page.h"
#include "ms-source-row.h"
#include "ms-thunderbird-profiles.h"
#include "ms-ui-flow.h"
#include "ms-ui-test.h"
#include "ms-window.h"

#define ALICE "alice@ui.test"
#define ALICE_PASSWORD "alice-Pässword \"7\""
static char *profile_dir;

static gboolean
page_not_busy (gpointer data)
{
  return !ms_page_get_busy (MS_PAGE (data));
}

static MsSourceRow *
source_row (GtkWidget *discovery,
            MsSource   source)
{
  GtkWidget *group = ms_ui_child (discovery, MS_TYPE_DISCOVERY_PAGE, "sources_group");

  for (GtkWidget *w = ms_ui_find (group, MS_TYPE_SOURCE_ROW); w != NULL; w = gtk_widget_get_next_sibling (w))
    if (MS_IS_SOURCE_ROW (w) && ms_source_row_get_source (MS_SOURCE_ROW (w)) == source)
      return MS_SOURCE_ROW (w);
  g_assert_not_reached ();
}
/* The Done page at the default 640×600: Close and Open in sight (not in the part that
 * scrolls); the files written only behind Details, which then opens. */
static void
assert_done_layout (GtkWidget *window,
                    GtkWidget *done)
{
  GtkWidget *open = ms_ui_child (done, MS_TYPE_DONE_PAGE, "open_button");
  GtkWidget *close = ms_ui_child (done, MS_TYPE_DONE_PAGE, "close_button");
  GtkWidget *details = ms_ui_child (done, MS_TYPE_DONE_PAGE, "details");
  graphene_rect_t bounds;

  gtk_window_set_default_size (GTK_WINDOW (window), 640, 600);
  ms_ui_spin (200);
  g_assert_null (gtk_widget_get_ancestor (close, GTK_TYPE_SCROLLED_WINDOW));
  g_assert_null (gtk_widget_get_ancestor (open, GTK_TYPE_SCROLLED_WINDOW));
  g_assert_true (gtk_widget_is_drawable (close));
  g_assert_true (gtk_widget_compute_bounds (close, window, &bounds));
  g_test_message ("Done at %dx%d: Close ends at y=%.0f", gtk_widget_get_width (window),
                  gtk_widget_get_height (window), bounds.origin.y + bounds.size.height);
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, gtk_widget_get_height (window));
  g_assert_false (gtk_expander_get_expanded (GTK_EXPANDER (details)));
  g_assert_null (ms_ui_find_label (done, "/"));
  gtk_expander_set_expanded (GTK_EXPANDER (details), TRUE);
  ms_ui_spin (50);
}

static char *
read_file (const char *path)
{
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}
static gboolean
file_exists (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_EXISTS);
}

/* --- the walks ------------------------------------------------------------------------ */

static void
test_autoconfig_evolution (void)
{
  GtkWidget *window = walk_to_settings (ALICE, ALICE_PASSWORD, 660, "flow");
  GtkWidget *settings = page (window, MS_TYPE_SETTINGS_PAGE);
  GtkWidget *discovery = page (window, MS_TYPE_DISCOVERY_PAGE);
  GtkWidget *check, *clients, *done;
  MsServerRow *incoming, *outgoing;
  g_autofree char *sources_dir = NULL;
  g_autoptr (GDir) dir = NULL;
  const char *name;
  guint n_files = 0;

  /* Discovery: the provider's own configuration answered. */
  g_assert_cmpint (ms_source_row_get_state (source_row (discovery, MS_SOURCE_AUTOCONFIG)), ==,
                   MS_DISCOVERY_STATE_FOUND);
  g_assert_cmpint (ms_source_row_get_state (source_row (discovery, MS_SOURCE_BUILTIN)), !=,
                   MS_DISCOVERY_STATE_FOUND);

  /* Settings: where from, both servers, IMAP preferred with POP3 offered, no tick needed. */
  assert_shows (settings, "From your provider’s configuration at autoconfig.ui.test");
  incoming = MS_SERVER_ROW (ms_ui_child (settings, MS_TYPE_SETTINGS_PAGE, "incoming_row"));
  outgoing = MS_SERVER_ROW (ms_ui_child (settings, MS_TYPE_SETTINGS_PAGE, "outgoing_row"));
  /* The summary in plain words; protocol, port and encryption in the editor. */
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (incoming)), ==, "Incoming Mail");
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (incoming)), ==, "imap.ui.test");
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (outgoing)), ==, "smtp.ui.test");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (ms_ui_child (settings, MS_TYPE_SETTINGS_PAGE, "edit_button")), TRUE);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (incoming)), ==, "Incoming Mail (IMAP)");
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (incoming)), ==,
                   "imap.ui.test, port 993, TLS");
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (outgoing)), ==,
                   "smtp.ui.test, port 587, STARTTLS");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (ms_ui_child (settings, MS_TYPE_SETTINGS_PAGE, "edit_button")), FALSE);
  g_assert_true (gtk_widget_get_visible (ms_ui_child (settings, MS_TYPE_SETTINGS_PAGE, "protocol_row")));
  g_assert_false (gtk_widget_get_visible (ms_ui_child (settings, MS_TYPE_SETTINGS_PAGE, "confirm_box")));
  g_assert_true (continue_enabled (window));
  g_free (ms_ui_screenshot (window, "flow-settings"));
  assert_names (window);

  /* Back from Your Settings is the address form: the search in between only flashed by. */
  gtk_widget_activate_action (window, "win.back", NULL);
  g_assert_true (visible_page (window) == page (window, MS_TYPE_IDENTITY_PAGE));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (ms_ui_child (page (window, MS_TYPE_IDENTITY_PAGE),
                                                                     MS_TYPE_IDENTITY_PAGE, "address_row"))),
                   ==, ALICE);
  press_continue (window);
  wait_page (window, MS_TYPE_SETTINGS_PAGE);
  g_assert_true (visible_page (window) == settings);
  g_assert_cmpint (ms_source_row_get_state (source_row (discovery, MS_SOURCE_AUTOCONFIG)), ==,
                   MS_DISCOVERY_STATE_FOUND);

  /* Checking: both servers ✔. */
  press_continue (window);
  wait_page (window, MS_TYPE_CHECK_PAGE);
  check = page (window, MS_TYPE_CHECK_PAGE);
  g_assert_true (ms_ui_wait_for (check_done, check, WAIT_MS));
  g_assert_true (ms_check_row_get_ok (check_row (check, TRUE)));
  g_assert_true (ms_check_row_get_ok (check_row (check, FALSE)));
  assert_shows (check, "✔ Signed in as alice@ui.test");
  assert_shows (check, "Both servers work");
  g_assert_true (continue_enabled (window));
  g_free (ms_ui_screenshot (window, "flow-check"));
  assert_accessible (window, NULL);

  /* Where to use it: Evolution and the Thunderbird profile are offered. */
  press_continue (window);
  wait_page (window, MS_TYPE_CLIENTS_PAGE);
  clients = page (window, MS_TYPE_CLIENTS_PAGE);
  ms_ui_spin (300);
  assert_shows (clients, "Evolution");
  /* Plain words: no folders and no "profile" until Details. */
  assert_shows (clients, "The accounts Thunderbird opens with.");
  g_assert_null (ms_ui_find_label (clients, "profile"));
  g_assert_null (ms_ui_find_label (clients, "/"));
  gtk_expander_set_expanded (GTK_EXPANDER (ms_ui_child (clients, MS_TYPE_CLIENTS_PAGE, "details")), TRUE);
  ms_ui_spin (50);
  assert_shows (clients, "Thunderbird: /");
  gtk_expander_set_expanded (GTK_EXPANDER (ms_ui_child (clients, MS_TYPE_CLIENTS_PAGE, "details")), FALSE);
  {
    MsClientRow *evo = MS_CLIENT_ROW (ms_ui_find (clients, MS_TYPE_CLIENT_ROW));
    g_assert_cmpint (ms_client_row_get_kind (evo), ==, MS_CLIENT_EVOLUTION);
    gtk_check_button_set_active (ms_client_row_get_radio (evo), TRUE);
  }
  g_free (ms_ui_screenshot (window, "flow-clients"));
  /* The choices are radio buttons, each named once. */
  assert_accessible (window, "\"roles\": {\"Evolution\": \"radio button\"}");

  /* Continue exports: sources + keyring. */
  press_continue (window);
  wait_page (window, MS_TYPE_DONE_PAGE);
  done = page (window, MS_TYPE_DONE_PAGE);

  /* "Open Evolution" starts the client through its desktop file, without waiting. */
  {
    GtkWidget *open = ms_ui_child (done, MS_TYPE_DONE_PAGE, "open_button");
    g_autofree char *mark = g_build_filename (g_get_tmp_dir (), "evolution-started", NULL);

    g_assert_true (gtk_widget_get_visible (open));
    g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (open)), ==, "_Open Evolution");
    click (open);
    g_assert_true (ms_ui_wait_for (file_exists, mark, 5000));
  }
  assert_shows (done, "alice@ui.test is set up in Evolution.");
  assert_shows (done, "Evolution: account added, password saved in your keyring.");
  g_free (ms_ui_screenshot (window, "flow-done"));
  assert_done_layout (window, done);
  if (ms_ui_find_label (done, "through Evolution’s running account service") == NULL)
    {
      assert_shows (done, "Mail account");
      assert_shows (done, "Identity");
      assert_shows (done, "Outgoing server");
    }
  g_assert_false (continue_enabled (window));
  assert_accessible (window, NULL);

  sources_dir = g_build_filename (g_get_user_config_dir (), "evolution", "sources", NULL);
  dir = g_dir_open (sources_dir, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (sources_dir, name, NULL);
      g_autofree char *text = read_file (path);

      g_assert_null (strstr (text, ALICE_PASSWORD));
      if (g_str_has_suffix (name, ".source"))
        n_files++;
    }
  /* Either written by us (three files) or by a running registry. */
  g_test_message ("%u .source files in %s", n_files, sources_dir);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
on_text_read (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (GError) error = NULL;

  *(char **) user_data = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);
  g_assert_no_error (error);
}

static gboolean
have_text (gpointer data)
{
  return *(char **) data != NULL;
}

static void
test_clipboard_report (void)
{
  GtkWidget *window = walk_to_settings (ALICE, ALICE_PASSWORD, 560, NULL);
  GtkWidget *check;
  GdkClipboard *clipboard;
  char *text = NULL;

  press_continue (window);
  wait_page (window, MS_TYPE_CHECK_PAGE);
  check = page (window, MS_TYPE_CHECK_PAGE);
  g_assert_true (ms_ui_wait_for (check_done, check, WAIT_MS));
  click (ms_ui_child (check, MS_TYPE_CHECK_PAGE, "report_button"));

  clipboard = gtk_widget_get_clipboard (window);
  gdk_clipboard_read_text_async (clipboard, NULL, on_text_read, &text);
  g_assert_true (ms_ui_wait_for (have_text, &text, 5000));
  g_assert_nonnull (strstr (text, "imap.ui.test"));
  g_assert_nonnull (strstr (text, "\"login\":\"ok\""));
  g_assert_null (strstr (text, ALICE_PASSWORD));
  g_assert_null (strstr (text, "alice-P"));
  g_free (text);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Holds Thunderbird's POSIX lock on the profile from another process, as a running
 * Thunderbird does, and returns once the lock is really held. No pipes: the holder's
 * standard streams are /dev/null (CI runs without a standard input), and it says it holds
 * the lock by creating a marker file. */
static void
lock_profile (GPid *pid)
{
  g_autofree char *lock = g_build_filename (profile_dir, ".parentlock", NULL);
  g_autofree char *marker = g_build_filename (profile_dir, ".test-lock-held", NULL);
  const char *argv[] = { "python3", "-c",
                         "import fcntl,sys,time\n"
                         "f=open(sys.argv[1],'w'); fcntl.lockf(f, fcntl.LOCK_EX)\n"
                         "open(sys.argv[2],'w').close(); time.sleep(120)\n",
                         lock, marker, NULL };
  g_autoptr (GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  g_unlink (marker);
  g_assert_true (g_spawn_async (NULL, (char **) argv, NULL,
                                G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD |
                                G_SPAWN_STDIN_FROM_DEV_NULL | G_SPAWN_STDOUT_TO_DEV_NULL,
                                NULL, NULL, pid, &error));
  g_assert_no_error (error);
  while (!g_file_test (marker, G_FILE_TEST_EXISTS) && g_get_monotonic_time () < deadline)
    g_usleep (20 * 1000);
  g_assert_true (g_file_test (marker, G_FILE_TEST_EXISTS));
  g_unlink (marker);
  g_assert_true (ms_thunderbird_profile_dir_is_locked (profile_dir, NULL));
}

static gboolean
row_locked (gpointer data)
{
  return ms_client_row_get_locked (MS_CLIENT_ROW (data));
}

static gboolean
row_unlocked (gpointer data)
{
  return !ms_client_row_get_locked (MS_CLIENT_ROW (data));
}

static void
test_thunderbird_with_live_lock (void)
{
  GtkWidget *window = walk_to_settings (ALICE, ALICE_PASSWORD, 560, NULL);
  GtkWidget *settings = page (window, MS_TYPE_SETTINGS_PAGE);
  GtkWidget *check, *clients, *done;
  MsClientRow *tb = NULL;
  g_autofree char *prefs_path = g_build_filename (profile_dir, "prefs.js", NULL);
  g_autofree char *logins_path = g_build_filename (profile_dir, "logins.json", NULL);
  g_autofree char *prefs = NULL;
  g_autofree char *logins = NULL;
  GPid pid = 0;

  /* Choose POP3 this time: the server form follows. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (ms_ui_child (settings, MS_TYPE_SETTINGS_PAGE, "protocol_row")), 1);
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (ms_ui_child (settings, MS_TYPE_SETTINGS_PAGE, "incoming_row"))),
                   ==, "pop.ui.test");
  press_continue (window);
  wait_page (window, MS_TYPE_CHECK_PAGE);
  check = page (window, MS_TYPE_CHECK_PAGE);
  g_assert_true (ms_ui_wait_for (check_done, check, WAIT_MS));
  g_assert_true (ms_check_row_get_ok (check_row (check, TRUE)));
  assert_shows (check, "Incoming: pop.ui.test");

  /* Thunderbird already runs with the profile when the page opens: the row says so and
   * Continue waits. */
  lock_profile (&pid);
  press_continue (window);
  wait_page (window, MS_TYPE_CLIENTS_PAGE);
  clients = page (window, MS_TYPE_CLIENTS_PAGE);
  ms_ui_spin (300);
  for (GtkWidget *w = ms_ui_find (clients, MS_TYPE_CLIENT_ROW); w != NULL; w = gtk_widget_get_next_sibling (w))
    if (MS_IS_CLIENT_ROW (w) && ms_client_row_get_kind (MS_CLIENT_ROW (w)) == MS_CLIENT_THUNDERBIRD)
      tb = MS_CLIENT_ROW (w);
  g_assert_nonnull (tb);
  gtk_check_button_set_active (ms_client_row_get_radio (tb), TRUE);
  g_assert_true (ms_ui_wait_for (row_locked, tb, 5000));
  assert_shows (clients, "Close Thunderbird first");
  g_assert_false (continue_enabled (window));
  g_free (ms_ui_screenshot (window, "flow-clients-locked"));
  assert_names (window);

  /* Thunderbird quits: the page notices by itself. */
  kill (pid, SIGTERM);
  g_spawn_close_pid (pid);
  g_assert_true (ms_ui_wait_for (row_unlocked, tb, 5000));
  g_assert_true (continue_enabled (window));

  press_continue (window);
  wait_page (window, MS_TYPE_DONE_PAGE);
  done = page (window, MS_TYPE_DONE_PAGE);
  assert_shows (done, "alice@ui.test is set up in Thunderbird.");
  /* The verified password went into Thunderbird's own store, encrypted. */
  assert_shows (done, "Thunderbird: account added, password saved in Thunderbird.");
  assert_done_layout (window, done);
  assert_shows (done, prefs_path);
  g_assert_true (g_file_test (logins_path, G_FILE_TEST_EXISTS));
  logins = read_file (logins_path);
  g_assert_nonnull (strstr (logins, "mailbox://pop.ui.test"));
  g_assert_null (strstr (logins, ALICE_PASSWORD));

  prefs = read_file (prefs_path);
  g_assert_nonnull (strstr (prefs, "pop.ui.test"));
  g_assert_nonnull (strstr (prefs, "smtp.ui.test"));
  g_assert_null (strstr (prefs, ALICE_PASSWORD));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_wrong_password_then_right (void)
{
  guint imap_failed = count_logins ("imap", "imap.ui.test", ALICE, "failed");
  guint smtp_failed = count_logins ("smtp", "smtp.ui.test", ALICE, "failed");
  guint imap_ok = count_logins ("imap", "imap.ui.test", ALICE, "ok");
  GtkWidget *window = walk_to_settings (ALICE, "not-the-password", 560, NULL);
  GtkWidget *check;
  GtkWidget *password_group;
  MsCheckRow *in;

  press_continue (window);
  wait_page (window, MS_TYPE_CHECK_PAGE);
  check = page (window, MS_TYPE_CHECK_PAGE);
  g_assert_true (ms_ui_wait_for (check_done, check, WAIT_MS));
  in = check_row (check, TRUE);
  g_assert_false (ms_check_row_get_ok (in));
  g_assert_cmpint (ms_check_row_get_result (in)->problem->code, ==, MS_PROBLEM_AUTHENTICATION_FAILED);
  g_assert_cmpint (ms_check_row_get_result (in)->login, ==, MS_CHECK_LOGIN_FAILED);
  assert_shows (check, ms_check_row_get_result (in)->problem->message);
  assert_shows (check, "✘ Not working");
  g_assert_false (continue_enabled (window));
  password_group = ms_ui_child (check, MS_TYPE_CHECK_PAGE, "password_group");
  g_assert_true (gtk_widget_get_visible (password_group));
  g_free (ms_ui_screenshot (window, "flow-wrong-password"));
  assert_accessible (window, NULL);

  /* One sign-in per server, no more: the servers saw exactly one wrong password each. */
  g_assert_cmpuint (count_logins ("imap", "imap.ui.test", ALICE, "failed"), ==, imap_failed + 1);
  g_assert_cmpuint (count_logins ("smtp", "smtp.ui.test", ALICE, "failed"), ==, smtp_failed + 1);

  /* The right password, without starting over. */
  gtk_editable_set_text (GTK_EDITABLE (ms_ui_child (check, MS_TYPE_CHECK_PAGE, "password_row")), ALICE_PASSWORD);
  click (ms_ui_child (check, MS_TYPE_CHECK_PAGE, "retry_button"));
  g_assert_true (ms_page_get_busy (MS_PAGE (check)));
  g_assert_true (ms_ui_wait_for (page_not_busy, check, WAIT_MS));
  g_assert_true (ms_check_row_get_ok (check_row (check, TRUE)));
  g_assert_true (ms_check_row_get_ok (check_row (check, FALSE)));
  g_assert_false (gtk_widget_get_visible (password_group));
  g_assert_true (continue_enabled (window));
  /* The retry signed in once, and tried no other password. */
  g_assert_cmpuint (count_logins ("imap", "imap.ui.test", ALICE, "ok"), ==, imap_ok + 1);
  g_assert_cmpuint (count_logins ("imap", "imap.ui.test", ALICE, "failed"), ==, imap_failed + 1);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void xdotool (const char *first,
                     ...) G_GNUC_NULL_TERMINATED;

static AdwMessageDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) w = g_list_model_get_item (toplevels, i);
      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return ADW_MESSAGE_DIALOG (w);
    }
  return NULL;
}

static gboolean
dialog_shown (gpointer data)
{
  return find_dialog () != NULL;
}

static void
test_certificate_trust (void)
{
  guint before = count_logins ("imap", "imap.selfsigned.test", "dave@selfsigned.test", "ok") +
                 count_logins ("imap", "imap.selfsigned.test", "dave@selfsigned.test", "failed");
  GtkWidget *window = walk_to_settings ("dave@selfsigned.test", "daves-password", 560, NULL);
  GtkWidget *check;
  MsCheckRow *in;
  AdwMessageDialog *dialog;
  const MsCheckServerResult *r;

  press_continue (window);
  wait_page (window, MS_TYPE_CHECK_PAGE);
  check = page (window, MS_TYPE_CHECK_PAGE);
  g_assert_true (ms_ui_wait_for (check_done, check, WAIT_MS));
  in = check_row (check, TRUE);
  r = ms_check_row_get_result (in);
  g_assert_false (ms_check_row_get_ok (in));
  g_assert_cmpint (r->problem->code, ==, MS_PROBLEM_CERTIFICATE_SELF_SIGNED);
  g_assert_cmpint (r->login, ==, MS_CHECK_LOGIN_SKIPPED);   /* no password to an unverified server */
  g_assert_cmpuint (count_logins ("imap", "imap.selfsigned.test", "dave@selfsigned.test", "ok") +
                    count_logins ("imap", "imap.selfsigned.test", "dave@selfsigned.test", "failed"), ==, before);
  g_assert_true (ms_check_row_get_ok (check_row (check, FALSE)));
  assert_shows (check, r->problem->message);

  /* By keyboard: Enter on Show Certificate opens the dialog on its safe answer, and a
   * second Enter closes it — nothing is trusted without reading. */
  if (g_find_program_in_path ("xdotool") != NULL)
    {
      xdotool ("mousemove", "200", "200", NULL);
      gtk_widget_grab_focus (ms_ui_find_button (GTK_WIDGET (in), "Show Certificate"));
      xdotool ("key", "Return", NULL);
      g_assert_true (ms_ui_wait_for (dialog_shown, NULL, 5000));
      xdotool ("key", "Return", NULL);
      g_assert_false (ms_ui_wait_for (dialog_shown, NULL, 300));
      g_assert_false (ms_page_get_busy (MS_PAGE (check)));
      g_assert_false (ms_check_row_get_ok (check_row (check, TRUE)));
    }

  g_free (ms_ui_screenshot (window, "flow-certificate-check"));
  assert_accessible (window, NULL);
  click (ms_ui_find_button (GTK_WIDGET (in), "Show Certificate"));
  g_assert_true (ms_ui_wait_for (dialog_shown, NULL, 5000));
  dialog = find_dialog ();
  g_assert_true (adw_message_dialog_has_response (dialog, "trust"));
  {
    GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (dialog));
    g_autofree char *line = g_strndup (r->certificate->sha256, 23);   /* 8 pairs */
    g_autofree char *year = g_strdup_printf ("%d", g_date_time_get_year (r->certificate->not_after));

    /* Focus on Close; Trust needs the tick first. */
    g_assert_true (GTK_IS_BUTTON (focus));
    g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (focus)), ==, "_Close");
    g_assert_false (adw_message_dialog_get_response_enabled (dialog, "trust"));
    /* The fingerprint in groups of two, the year in full. */
    g_strdelimit (line, ":", ' ');
    g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), line));
    g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), year));
  }
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (dialog), "imap.selfsigned.test"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "Port 993."));
  g_free (ms_ui_screenshot (GTK_WIDGET (dialog), "flow-certificate"));
  if (lint_running)
    {
      g_autofree char *problems = ms_ui_atspi_lint ("{\"label\": \"certificate dialog\"}");
      if (*problems != '\0')
        g_error ("the certificate dialog, as a screen reader is told it:\n%s", problems);
    }

  /* Trust exactly this certificate for this server: the check runs again and passes. */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (adw_message_dialog_get_extra_child (dialog)), TRUE);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "trust"));
  adw_message_dialog_response (dialog, "trust");
  g_assert_true (ms_page_get_busy (MS_PAGE (check)));
  g_assert_true (ms_ui_wait_for (page_not_busy, check, WAIT_MS));
  g_assert_true (ms_check_row_get_ok (check_row (check, TRUE)));
  g_assert_cmpuint (count_logins ("imap", "imap.selfsigned.test", "dave@selfsigned.test", "ok"), ==, before + 1);
  g_assert_true (ms_check_row_get_ok (check_row (check, FALSE)));
  g_assert_true (continue_enabled (window));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_confirmation (void)
{
  GtkWidget *window = walk_to_settings ("bob@guess.test", "bobs-password", 660, NULL);
  GtkWidget *settings = page (window, MS_TYPE_SETTINGS_PAGE);
  GtkWidget *confirm = ms_ui_child (settings, MS_TYPE_SETTINGS_PAGE, "confirm_check");
  GtkWidget *check;

  g_assert_true (gtk_widget_get_visible (ms_ui_child (settings, MS_TYPE_SETTINGS_PAGE, "confirm_box")));
  assert_shows (settings, "A guess");
  assert_shows (settings, "imap.guess.test and smtp.guess.test");
  g_assert_nonnull (strstr (gtk_check_button_get_label (GTK_CHECK_BUTTON (confirm)), "imap.guess.test"));
  g_assert_false (continue_enabled (window));
  g_free (ms_ui_screenshot (window, "flow-confirm"));
  assert_names (window);

  gtk_check_button_set_active (GTK_CHECK_BUTTON (confirm), TRUE);
  g_assert_true (continue_enabled (window));

  /* Typing another server takes the tick away: it was for the servers it named. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (ms_ui_child (settings, MS_TYPE_SETTINGS_PAGE, "edit_button")), TRUE);
  {
    GtkWidget *row = ms_ui_child (settings, MS_TYPE_SETTINGS_PAGE, "outgoing_row");
    GtkEditable *host = GTK_EDITABLE (ms_ui_child (row, MS_TYPE_SERVER_ROW, "host_row"));

    gtk_editable_set_text (host, "smtp .guess.test");
    g_assert_false (continue_enabled (window));
    g_assert_true (gtk_widget_get_visible (ms_ui_child (row, MS_TYPE_SERVER_ROW, "error_row")));
    gtk_editable_set_text (host, "imap.guess.test");
    g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (confirm)));
    g_assert_false (continue_enabled (window));
    gtk_editable_set_text (host, "smtp.guess.test");
  }
  gtk_check_button_set_active (GTK_CHECK_BUTTON (confirm), TRUE);
  if (g_find_program_in_path ("xdotool") != NULL)
    {
      /* Enter on the tick goes on (it does not untick). */
      xdotool ("mousemove", "200", "200", NULL);
      gtk_widget_grab_focus (confirm);
      xdotool ("key", "Return", NULL);
      g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (confirm)));
    }
  else
    press_continue (window);
  wait_page (window, MS_TYPE_CHECK_PAGE);
  check = page (window, MS_TYPE_CHECK_PAGE);
  g_assert_true (ms_ui_wait_for (check_done, check, WAIT_MS));
  g_assert_true (ms_check_row_get_ok (check_row (check, TRUE)));
  g_assert_true (ms_check_row_get_ok (check_row (check, FALSE)));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* --- the keyboard walk ---------------------------------------------------------------- */

static void
xdotool (const char *first,
         ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  GPid pid;
  va_list ap;
  int status = -1;
  gboolean exited = FALSE;
  const char *arg;

  g_ptr_array_add (argv, (gpointer) "xdotool");
  va_start (ap, first);
  for (arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  /* Asynchronously: the events must be processed by this very main loop. */
  g_assert_true (g_spawn_async (NULL, (char **) argv->pdata, NULL,
                                G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                &pid, &error));
  g_assert_no_error (error);
  while (!exited)
    {
      int r = waitpid (pid, &status, WNOHANG);

      if (r == pid)
        exited = TRUE;
      else
        g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_spawn_close_pid (pid);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  ms_ui_spin (150);
}

static void
test_keyboard_walk (void)
{
  GtkWidget *window;
  GtkWidget *identity, *check, *clients;
  g_autofree char *path = NULL;

  if (g_find_program_in_path ("xdotool") == NULL)
    {
      g_test_skip ("xdotool is not installed");
      return;
    }
  window = new_window (560, 760);
  identity = page (window, MS_TYPE_IDENTITY_PAGE);
  /* Point at the window so that the X server gives it the keyboard (no window manager). */
  xdotool ("mousemove", "200", "200", NULL);
  ms_ui_spin (300);

  /* Who are you: the name field has the focus; Tab moves on, Enter continues. */
  xdotool ("type", "--delay", "2", "Alice Keyboard", NULL);
  xdotool ("key", "Tab", NULL);
  xdotool ("type", "--delay", "2", ALICE, NULL);
  xdotool ("key", "Tab", NULL);
  /* "ä" the way a person without that key types it: GTK's Ctrl+Shift+U, hex, Space
   * (XTEST cannot send keysyms the Xvfb keymap lacks). */
  xdotool ("type", "--delay", "2", "alice-P", NULL);
  xdotool ("key", "ctrl+shift+u", "e", "4", "space", NULL);
  xdotool ("type", "--delay", "2", "ssword \"7\"", NULL);
  g_assert_cmpstr (ms_password_entry_get_password (MS_PASSWORD_ENTRY (ms_ui_child (identity, MS_TYPE_IDENTITY_PAGE, "password_row"))),
                   ==, ALICE_PASSWORD);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (ms_ui_child (identity, MS_TYPE_IDENTITY_PAGE, "address_row"))),
                   ==, ALICE);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (ms_ui_child (identity, MS_TYPE_IDENTITY_PAGE, "name_row"))),
                   ==, "Alice Keyboard");
  xdotool ("key", "Return", NULL);

  /* Looking, then Your settings: Alt+C is Continue (its mnemonic). */
  wait_page (window, MS_TYPE_SETTINGS_PAGE);
  xdotool ("key", "alt+c", NULL);

  /* Checking: when both are ✔, Continue has the focus, so Enter goes on. */
  wait_page (window, MS_TYPE_CHECK_PAGE);
  check = page (window, MS_TYPE_CHECK_PAGE);
  g_assert_true (ms_ui_wait_for (check_done, check, WAIT_MS));
  g_assert_true (ms_check_row_get_ok (check_row (check, TRUE)));
  g_assert_true (gtk_widget_has_focus (ms_ui_child (window, MS_TYPE_WINDOW, "next_button")));
  xdotool ("key", "Return", NULL);

  /* Where to use it: Tab to the rows, arrows and Space choose; Alt+C writes. */
  wait_page (window, MS_TYPE_CLIENTS_PAGE);
  clients = page (window, MS_TYPE_CLIENTS_PAGE);
  ms_ui_spin (300);
  {
    MsClientRow *tb = NULL;
    int tabs = 0;

    for (GtkWidget *w = ms_ui_find (clients, MS_TYPE_CLIENT_ROW); w != NULL; w = gtk_widget_get_next_sibling (w))
      if (MS_IS_CLIENT_ROW (w) && ms_client_row_get_kind (MS_CLIENT_ROW (w)) == MS_CLIENT_THUNDERBIRD)
        tb = MS_CLIENT_ROW (w);
    g_assert_nonnull (tb);
    /* Tab until the Thunderbird row (or its radio) has the focus, then Space. */
    while (!gtk_widget_has_focus (GTK_WIDGET (tb)) &&
           !gtk_widget_has_focus (GTK_WIDGET (ms_client_row_get_radio (tb))) && tabs++ < 20)
      xdotool ("key", "Tab", NULL);
    g_assert_cmpint (tabs, <, 20);
    xdotool ("key", "space", NULL);
    g_assert_true (ms_client_row_get_selected (tb));
  }
  xdotool ("key", "alt+c", NULL);
  wait_page (window, MS_TYPE_DONE_PAGE);
  assert_shows (page (window, MS_TYPE_DONE_PAGE), "alice@ui.test is set up in Thunderbird.");

  /* Done: Escape does not go back (everything is written). */
  xdotool ("key", "Escape", NULL);
  g_assert_true (MS_IS_DONE_PAGE (visible_page (window)));
  path = g_build_filename (profile_dir, "prefs.js", NULL);
  {
    g_autofree char *prefs = read_file (path);
    g_assert_nonnull (strstr (prefs, "Alice Keyboard"));
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Thunderbird is installed but was never started: Mail Setup makes its first profile. */
static void
test_thunderbird_new_profile (void)
{
  g_autofree char *root = g_build_filename (g_get_home_dir (), ".thunderbird", NULL);
  g_autofree char *away = g_build_filename (g_get_home_dir (), ".thunderbird-away", NULL);
  g_autofree char *bin = g_build_filename (g_get_tmp_dir (), "fake-bin", NULL);
  g_autofree char *program = g_build_filename (bin, "thunderbird", NULL);
  g_autofree char *path = g_strconcat (bin, ":", g_getenv ("PATH"), NULL);
  g_autofree char *ini = g_build_filename (root, "profiles.ini", NULL);
  g_autofree char *ini_text = NULL;
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_autofree char *folder = NULL;
  g_autofree char *prefs_path = NULL;
  g_autofree char *prefs = NULL;
  GtkWidget *window, *check, *clients, *done;
  MsClientRow *tb = NULL;

  g_assert_cmpint (g_rename (root, away), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (bin, 0755), ==, 0);
  g_assert_true (g_file_set_contents (program, "#!/bin/sh\nexit 0\n", -1, NULL));
  g_assert_cmpint (g_chmod (program, 0755), ==, 0);
  g_setenv ("PATH", path, TRUE);

  window = walk_to_settings (ALICE, ALICE_PASSWORD, 560, NULL);
  press_continue (window);
  wait_page (window, MS_TYPE_CHECK_PAGE);
  check = page (window, MS_TYPE_CHECK_PAGE);
  g_assert_true (ms_ui_wait_for (check_done, check, WAIT_MS));
  press_continue (window);
  wait_page (window, MS_TYPE_CLIENTS_PAGE);
  clients = page (window, MS_TYPE_CLIENTS_PAGE);
  ms_ui_spin (300);
  for (GtkWidget *w = ms_ui_find (clients, MS_TYPE_CLIENT_ROW); w != NULL; w = gtk_widget_get_next_sibling (w))
    if (MS_IS_CLIENT_ROW (w) && ms_client_row_get_kind (MS_CLIENT_ROW (w)) == MS_CLIENT_THUNDERBIRD)
      tb = MS_CLIENT_ROW (w);
  g_assert_nonnull (tb);
  g_assert_null (ms_client_row_get_profile (tb));
  assert_shows (clients, "Not set up yet");
  gtk_check_button_set_active (ms_client_row_get_radio (tb), TRUE);
  g_assert_true (continue_enabled (window));
  press_continue (window);
  wait_page (window, MS_TYPE_DONE_PAGE);
  done = page (window, MS_TYPE_DONE_PAGE);
  gtk_expander_set_expanded (GTK_EXPANDER (ms_ui_child (done, MS_TYPE_DONE_PAGE, "details")), TRUE);
  assert_shows (done, "New Thunderbird profile");

  /* The new profile is Thunderbird's default, and the account is in it. */
  g_assert_true (g_key_file_load_from_file (kf, ini, G_KEY_FILE_NONE, NULL));
  g_assert_cmpstr (g_key_file_get_value (kf, "Profile0", "Default", NULL), ==, "1");
  folder = g_key_file_get_string (kf, "Profile0", "Path", NULL);
  prefs_path = g_build_filename (root, folder, "prefs.js", NULL);
  prefs = read_file (prefs_path);
  g_assert_nonnull (strstr (prefs, "imap.ui.test"));
  g_assert_null (strstr (prefs, ALICE_PASSWORD));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* --- set-up ------------------------------------------------------------------------------- */

static void
make_clients (void)
{
  g_autofree char *sources = g_build_filename (g_get_user_config_dir (), "evolution", "sources", NULL);
  g_autofree char *root = g_build_filename (g_get_home_dir (), ".thunderbird", NULL);
  g_autofree char *ini = g_build_filename (root, "profiles.ini", NULL);
  g_autofree char *prefs = NULL;

  g_assert_cmpint (g_mkdir_with_parents (sources, 0700), ==, 0);
  profile_dir = g_build_filename (root, "abcd1234.default", NULL);
  g_assert_cmpint (g_mkdir_with_parents (profile_dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (ini,
                                      "[Profile0]\nName=default\nIsRelative=1\nPath=abcd1234.default\n"
                                      "Default=1\n\n[General]\nStartWithLastProfile=1\nVersion=2\n",
                                      -1, NULL));
  prefs = g_build_filename (profile_dir, "prefs.js", NULL);
  /* A stand-in for Evolution's desktop file: "Open Evolution" runs it. */
  {
    g_autofree char *apps = g_build_filename (g_get_user_data_dir (), "applications", NULL);
    g_autofree char *desktop = g_build_filename (apps, "org.gnome.Evolution.desktop", NULL);
    g_autofree char *mark = g_build_filename (g_get_tmp_dir (), "evolution-started", NULL);
    g_autofree char *text = g_strdup_printf ("[Desktop Entry]\nType=Application\nName=Evolution\n"
                                             "Exec=touch %s\n", mark);

    g_assert_cmpint (g_mkdir_with_parents (apps, 0700), ==, 0);
    g_assert_true (g_file_set_contents (desktop, text, -1, NULL));
  }
  g_assert_true (g_file_set_contents (prefs, "// Mozilla User Preferences\n"
                                      "user_pref(\"mail.shell.checkDefaultClient\", false);\n",
                                      -1, NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  int ret;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* No slide transitions: screenshots show one page, not two halves. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE,
                /* GNOME's own button layout (close only), as on a phone: every page must
                 * fit 360 px (assert_accessible). */
                "gtk-decoration-layout", ":close", NULL);

  if (g_getenv ("MS_UI_LAB") == NULL)
    {
      g_print ("1..0 # SKIP runs inside the mail lab only (tests/ui/test-flow-lab)\n");
      return 0;
    }
  if (g_getenv ("MS_ISOLATE_ROOT") == NULL)
    {
      g_print ("1..0 # SKIP not run under build-aux/isolate\n");
      return 0;
    }
  make_clients ();
  /* Before the first window: GTK registers windows with the running AT-SPI registry. */
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

  g_test_add_func ("/ui/flow/autoconfig-evolution", test_autoconfig_evolution);
  g_test_add_func ("/ui/flow/diagnostic-report", test_clipboard_report);
  g_test_add_func ("/ui/flow/pop3-thunderbird-live-lock", test_thunderbird_with_live_lock);
  g_test_add_func ("/ui/flow/wrong-password-then-right", test_wrong_password_then_right);
  g_test_add_func ("/ui/flow/certificate-trust", test_certificate_trust);
  g_test_add_func ("/ui/flow/confirmation", test_confirmation);
  g_test_add_func ("/ui/flow/keyboard", test_keyboard_walk);
  add_port_walks ();
  /* Last: it moves the Thunderbird profile the other walks use out of the way. */
  g_test_add_func ("/ui/flow/thunderbird-new-profile", test_thunderbird_new_profile);

  ret = g_test_run ();
  ms_ui_atspi_stop ();
  g_clear_object (&app);
  g_free (profile_dir);
  return ret;
}
