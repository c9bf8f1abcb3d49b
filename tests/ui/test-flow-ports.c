/* test-flow-ports.c: the walks where a port is the problem — the fix one click away
 *
 * Part of the flow test (test-flow.c, inside the mail lab): blocked.test's provider says
 * SMTP on 587 with STARTTLS, which the network black-holes; mismatch.test's says 465 with
 * STARTTLS, where the server speaks TLS from the first byte. Each walk checks, finds the
 * button with the alternative in the outgoing row, presses it once, and both servers are
 * verified — with exactly one sign-in per server in the lab's logs: the incoming server's
 * result stands, and only the outgoing one is checked again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "ms-check-page.h"
#include "ms-page.h"
#include "ms-setup.h"
#include "ms-ui-flow.h"

/* every attempt, failed or not */
static guint
attempts (const char *protocol,
          const char *host,
          const char *user)
{
  return count_logins (protocol, host, user, "ok") + count_logins (protocol, host, user, "failed");
}

static gboolean
outgoing_has_result (gpointer data)
{
  GtkWidget *check = data;
  GtkWidget *rows = ms_ui_child (check, MS_TYPE_CHECK_PAGE, "rows");
  GtkWidget *first = ms_ui_find (rows, MS_TYPE_CHECK_ROW);
  GtkWidget *second = first != NULL ? gtk_widget_get_next_sibling (first) : NULL;

  return MS_IS_CHECK_ROW (second) && ms_check_row_get_result (MS_CHECK_ROW (second)) != NULL;
}

/* Continue on Your Settings, then the outgoing row's problem (within @within_ms, when not
 * 0) and the whole check's end. Returns the check page. */
static GtkWidget *
check_until_problem (GtkWidget     *window,
                     MsProblemCode  code,
                     guint          within_ms)
{
  GtkWidget *check;
  const MsCheckServerResult *r;
  gint64 start = g_get_monotonic_time ();
  gint64 named_ms;

  press_continue (window);
  check = page (window, MS_TYPE_CHECK_PAGE);
  g_assert_true (ms_ui_wait_for (outgoing_has_result, check, WAIT_MS));
  named_ms = (g_get_monotonic_time () - start) / 1000;
  g_assert_true (ms_ui_wait_for (check_done, check, WAIT_MS));

  g_assert_true (ms_check_row_get_ok (check_row (check, TRUE)));
  r = ms_check_row_get_result (check_row (check, FALSE));
  g_assert_false (ms_check_row_get_ok (check_row (check, FALSE)));
  g_assert_nonnull (r->problem);
  g_assert_cmpint (r->problem->code, ==, code);
  g_assert_cmpint (r->login, ==, MS_CHECK_LOGIN_SKIPPED);
  g_test_message ("%s named after %" G_GINT64_FORMAT " ms", ms_problem_code_to_string (code), named_ms);
  if (within_ms != 0)
    g_assert_cmpint (named_ms, <, within_ms);
  assert_shows (check, r->problem->message);
  assert_shows (check, r->problem->fix);
  return check;
}

static gboolean
both_ok (gpointer data)
{
  GtkWidget *check = data;

  return check_done (check) && ms_check_row_get_ok (check_row (check, TRUE))
         && ms_check_row_get_ok (check_row (check, FALSE));
}

/* One walk: the user, the lab's sign-ins before it, the window and its check page. */
typedef struct {
  const char *user;
  const char *domain;
  guint imap_before;
  guint smtp_before;
  GtkWidget *window;
  GtkWidget *check;
} Walk;

/* From the address to the outgoing row's problem (@code, named within @within_ms when
 * not 0) with its one-click button (@label), seen by a screen reader and at 360 px, and
 * photographed as @shot. Returns the button. */
static GtkWidget *
walk_to_button (Walk          *w,
                const char    *password,
                MsProblemCode  code,
                guint          within_ms,
                const char    *label,
                const char    *shot)
{
  g_autofree char *address = g_strdup_printf ("%s@%s", w->user, w->domain);
  g_autofree char *imap_host = g_strconcat ("imap.", w->domain, NULL);
  g_autofree char *smtp_host = g_strconcat ("smtp.", w->domain, NULL);
  GtkWidget *button;

  w->imap_before = attempts ("imap", imap_host, address);
  w->smtp_before = attempts ("smtp", smtp_host, address);
  w->window = walk_to_settings (address, password, 560, NULL);
  w->check = check_until_problem (w->window, code, within_ms);
  button = ms_ui_find_button (GTK_WIDGET (check_row (w->check, FALSE)), label);
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_focusable (button) && gtk_widget_is_drawable (button));
  assert_accessible (w->window, NULL);
  g_free (ms_ui_screenshot (w->window, shot));
  return button;
}

/* Both ✔ after the one click, the account with the new settings, one sign-in each. */
static void
assert_fixed (Walk       *w,
              guint16     port,
              MsSecurity  security)
{
  g_autofree char *address = g_strdup_printf ("%s@%s", w->user, w->domain);
  g_autofree char *imap_host = g_strconcat ("imap.", w->domain, NULL);
  g_autofree char *smtp_host = g_strconcat ("smtp.", w->domain, NULL);
  MsSetup *setup = ms_page_get_setup (MS_PAGE (w->check));
  MsServer *outgoing;

  /* (a keyboard's Enter clicks a moment later) */
  if (!ms_ui_wait_for (both_ok, w->check, WAIT_MS))
    {
      g_autofree char *text = ms_ui_dump_text (w->check);
      g_error ("not both verified after the one click; the page shows:\n%s", text);
    }
  g_assert_true (continue_enabled (w->window));
  /* the settings the export writes are the ones that worked */
  outgoing = ms_account_get_first_server (ms_setup_get_account (setup), FALSE);
  g_assert_cmpuint (ms_server_get_port (outgoing), ==, port);
  g_assert_cmpint (ms_server_get_security (outgoing), ==, security);
  g_assert_true (ms_server_equal (ms_check_row_get_server (check_row (w->check, FALSE)), outgoing));
  g_assert_cmpuint (ms_check_result_get_servers (ms_setup_get_check (setup))->len, ==, 2);
  /* the incoming server was not signed in to again; the outgoing one once, on its new port */
  g_assert_cmpuint (attempts ("imap", imap_host, address), ==, w->imap_before + 1);
  g_assert_cmpuint (attempts ("smtp", smtp_host, address), ==, w->smtp_before + 1);
  g_assert_cmpuint (count_logins ("smtp", smtp_host, address, "ok"), ==, w->smtp_before + 1);
}

static void
test_port_blocked (void)
{
  Walk w = { .user = "erin", .domain = "blocked.test" };
  GtkWidget *button = walk_to_button (&w, "erins-password", MS_PROBLEM_OUTGOING_BLOCKED, 0,
                                      "Use port 465 (TLS)", "check-port-blocked");
  const MsProblem *problem = ms_check_row_get_result (check_row (w.check, FALSE))->problem;

  /* the advice names the port that works, never the one that failed */
  g_assert_cmpuint (problem->alternative->port, ==, 465);
  g_assert_null (strstr (problem->fix, "587"));
  g_assert_nonnull (strstr (problem->fix, "465"));

  click (button);
  assert_fixed (&w, 465, MS_SECURITY_TLS);
  g_free (ms_ui_screenshot (w.window, "check-port-blocked-fixed"));
  gtk_window_destroy (GTK_WINDOW (w.window));
}

static void
test_port_needs_tls (void)
{
  Walk w = { .user = "finn", .domain = "mismatch.test" };
  GtkWidget *button = walk_to_button (&w, "finns-password", MS_PROBLEM_PORT_NEEDS_TLS, 3000,
                                      "Use TLS on port 465", "check-port-needs-tls");
  const MsProblem *problem = ms_check_row_get_result (check_row (w.check, FALSE))->problem;

  g_assert_nonnull (strstr (problem->message, "TLS"));
  g_assert_null (strstr (problem->fix, "firewall"));

  /* as a keyboard does it: the focus on the button, then Enter (its "activate") */
  gtk_widget_grab_focus (button);
  g_assert_true (gtk_widget_has_focus (button));
  g_assert_true (gtk_widget_activate (button));
  assert_fixed (&w, 465, MS_SECURITY_TLS);
  gtk_window_destroy (GTK_WINDOW (w.window));
}

void
add_port_walks (void)
{
  g_test_add_func ("/ui/flow/port-blocked-one-click", test_port_blocked);
  g_test_add_func ("/ui/flow/port-needs-tls-one-click", test_port_needs_tls);
}
