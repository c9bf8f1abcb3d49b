/* ms-check-page.c: "Checking" — connect, secure and sign in to each server
 *
 * The incoming and the outgoing server are checked in parallel, each in its row with
 * its steps; a row ends in ✔ or in a problem with its cause and fix. From here the user
 * may look at a certificate that failed and trust exactly that one for that server,
 * type the password again after the server refused it, try again, and copy a report
 * (without the password) for the provider's support. When this computer is offline it
 * says so and checks again by itself as soon as a network appears (ms-network-wait.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-check-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ms-check-page.h"
#include "ms-check-row.h"
#include "ms-network-wait.h"
#include "ms-password-entry.h"
#include "ms-text.h"

struct _MsCheckPage
{
  MsPage parent_instance;

  GtkLabel *summary;
  GtkListBox *rows;
  AdwPreferencesGroup *password_group;
  MsPasswordEntry *password_row;
  GtkWidget *cancel_button;
  GtkWidget *retry_button;
  GtkWidget *report_button;

  MsCheckRow *incoming;
  MsCheckRow *outgoing;

  MsAccount *checked;          /* the settings of the last run */
  MsCheckRow *rechecking;      /* the one row a run checks again, or NULL for both */
  GCancellable *cancellable;
  GCancellable *waiting;       /* offline: the wait for a network */
  gboolean running;
};

G_DEFINE_FINAL_TYPE (MsCheckPage, ms_check_page, MS_TYPE_PAGE)

static MsCheckRow *
row_for (MsCheckPage *self,
         MsServer    *server)
{
  return ms_protocol_is_incoming (ms_server_get_protocol (server)) ? self->incoming : self->outgoing;
}

static void
set_running (MsCheckPage *self,
             gboolean     running)
{
  self->running = running;
  /* One of the two at a time: no greyed-out Try Again beside Cancel while checking. */
  gtk_widget_set_visible (self->cancel_button, running);
  if (running)
    gtk_widget_set_visible (self->retry_button, FALSE);
  ms_page_set_busy (MS_PAGE (self), running);
}

static void run_check (MsCheckPage *self);

static void
on_network_back (GtkWidget *page,
                 gboolean   visible)
{
  MsCheckPage *self = MS_CHECK_PAGE (page);

  if (visible)
    run_check (self);
  else
    g_clear_object (&self->checked);
}

static void
on_step (MsServer                  *server,
         MsCheckStep                step,
         const MsCheckServerResult *result,
         gpointer                   user_data)
{
  MsCheckPage *self = user_data;
  MsCheckRow *row = row_for (self, server);

  if (row == NULL)
    return;
  if (step == MS_CHECK_STEP_DONE && result != NULL)
    ms_check_row_set_result (row, result);
  else
    ms_check_row_set_step (row, step);
}

/* After checking one server again: the other row's result, as it was, with the new one,
 * incoming first. */
static MsCheckResult *
merge_other_row (MsCheckPage   *self,
                 MsCheckResult *result)
{
  g_autoptr (GPtrArray) servers = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_check_server_result_free);
  MsCheckRow *other = self->rechecking == self->incoming ? self->outgoing : self->incoming;
  GPtrArray *fresh = ms_check_result_get_servers (result);

  if (other == self->incoming && other != NULL && ms_check_row_get_result (other) != NULL)
    g_ptr_array_add (servers, ms_check_server_result_copy (ms_check_row_get_result (other)));
  for (guint i = 0; i < fresh->len; i++)
    g_ptr_array_add (servers, ms_check_server_result_copy (g_ptr_array_index (fresh, i)));
  if (other == self->outgoing && other != NULL && ms_check_row_get_result (other) != NULL)
    g_ptr_array_add (servers, ms_check_server_result_copy (ms_check_row_get_result (other)));
  return ms_check_result_new (servers);
}

static void
on_check_done (GObject      *source,
               GAsyncResult *res,
               gpointer      user_data)
{
  g_autoptr (MsCheckPage) self = user_data;
  g_autoptr (MsCheckResult) result = NULL;
  g_autoptr (GError) error = NULL;
  gboolean auth_failed = FALSE;
  const MsProblem *offline = NULL;
  gboolean ok;
  GPtrArray *servers;

  result = ms_check_run_finish (res, &error);
  if (result == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
          (self->cancellable == NULL || !g_cancellable_is_cancelled (self->cancellable)))
        return;   /* a newer run took over, or the page went away */
      g_clear_object (&self->cancellable);
      set_running (self, FALSE);
      gtk_widget_set_visible (self->retry_button, TRUE);
      gtk_label_set_text (self->summary, g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                                         ? _("Stopped. Press Try Again to check again.")
                                         : error->message);
      g_clear_object (&self->checked);
      return;
    }
  g_clear_object (&self->cancellable);
  if (self->rechecking != NULL)
    {
      MsCheckResult *merged = merge_other_row (self, result);

      ms_check_result_unref (result);
      result = merged;
      self->rechecking = NULL;
    }

  servers = ms_check_result_get_servers (result);
  for (guint i = 0; i < servers->len; i++)
    {
      const MsCheckServerResult *r = g_ptr_array_index (servers, i);
      MsCheckRow *row = row_for (self, r->server);

      /* A second entry for the same side (an alternative user name) wins only if the
       * first did not work. */
      if (row != NULL && (ms_check_row_get_result (row) == NULL || !ms_check_row_get_ok (row) ||
                          ms_check_row_get_result (row)->server == r->server))
        ms_check_row_set_result (row, r);
      if (r->problem != NULL && r->problem->code == MS_PROBLEM_AUTHENTICATION_FAILED)
        auth_failed = TRUE;
      if (r->problem != NULL && r->problem->code == MS_PROBLEM_OFFLINE && offline == NULL)
        offline = r->problem;
    }
  ms_setup_set_check (ms_page_get_setup (MS_PAGE (self)), result);

  ok = self->incoming != NULL && self->outgoing != NULL &&
       ms_check_row_get_ok (self->incoming) && ms_check_row_get_ok (self->outgoing);
  /* Fixing an account the user has, Continue leads to Repair, not to the clients. */
  gtk_label_set_text (self->summary,
                      !ok ? _("Something is not right yet. What went wrong, and what to do, is below.")
                      : ms_setup_get_repair_found (ms_page_get_setup (MS_PAGE (self))) != NULL
                      ? _("Both servers work with these settings. Continue to see what the repair changes.")
                      : _("Both servers work. Continue to choose where to use the account."));
  gtk_widget_set_visible (GTK_WIDGET (self->password_group), auth_failed);
  if (auth_failed)
    gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
  set_running (self, FALSE);
  gtk_widget_set_visible (self->retry_button, !ok);
  ms_page_set_complete (MS_PAGE (self), ok);

  /* Not connected: not the servers' fault. Say so, and check again by itself when a
   * network appears. */
  if (offline != NULL)
    {
      g_autofree char *text = g_strdup_printf ("%s %s", offline->message,
                                               _("Mail Setup checks again by itself as soon as "
                                                 "this computer is connected."));

      gtk_label_set_text (self->summary, text);
      ms_network_wait_start (&self->waiting, GTK_WIDGET (self), on_network_back);
    }
}

static void on_show_certificate (MsCheckPage *self,
                                 MsCheckRow  *row);
static void on_use_alternative  (MsCheckPage *self,
                                 MsCheckRow  *row);

static void
cancel_run (MsCheckPage *self)
{
  ms_network_wait_stop (&self->waiting);
  if (self->cancellable != NULL)
    {
      GCancellable *old = g_steal_pointer (&self->cancellable);
      g_cancellable_cancel (old);
      g_object_unref (old);
    }
}

/* A row for the first server of @servers (nullable), placed before @before (nullable: at
 * the end). */
static MsCheckRow *
add_row (MsCheckPage *self,
         GPtrArray   *servers,
         GtkWidget   *before)
{
  MsCheckRow *row;

  if (servers->len == 0)
    return NULL;
  row = MS_CHECK_ROW (ms_check_row_new (g_ptr_array_index (servers, 0)));
  /* the repair walk writes its plan's settings, not the account's: no one-click change */
  ms_check_row_set_offer_alternative (row, ms_setup_get_repair_plan (ms_page_get_setup (MS_PAGE (self))) == NULL);
  if (before != NULL)
    gtk_list_box_insert (self->rows, GTK_WIDGET (row), gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (before)));
  else
    gtk_list_box_append (self->rows, GTK_WIDGET (row));
  g_signal_connect_object (row, "show-certificate", G_CALLBACK (on_show_certificate),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (row, "use-alternative", G_CALLBACK (on_use_alternative),
                           self, G_CONNECT_SWAPPED);
  return row;
}

/* Checks @account's servers (all of them, or the one of self->rechecking). */
static void
start_check (MsCheckPage *self,
             MsAccount   *account,
             const char  *summary)
{
  MsSetup *setup = ms_page_get_setup (MS_PAGE (self));
  MsCheckOptions options = { 0 };

  options.confirmed = ms_setup_get_confirmed (setup);
  options.plaintext_hosts = ms_setup_get_plaintext_hosts (setup);

  gtk_label_set_text (self->summary, summary);
  gtk_widget_set_visible (GTK_WIDGET (self->password_group), FALSE);
  ms_page_set_complete (MS_PAGE (self), FALSE);
  set_running (self, TRUE);
  self->cancellable = g_cancellable_new ();
  ms_check_run_async (account, ms_setup_get_password (setup), NULL, ms_setup_get_trust (setup),
                      &options, self->cancellable, on_step, self, on_check_done,
                      g_object_ref (self));
}

static void
run_check (MsCheckPage *self)
{
  MsAccount *account = ms_setup_get_account (ms_page_get_setup (MS_PAGE (self)));
  GtkWidget *child;

  cancel_run (self);
  self->rechecking = NULL;
  if (account == NULL)
    return;

  g_set_object (&self->checked, account);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->rows))) != NULL)
    gtk_list_box_remove (self->rows, child);
  self->incoming = add_row (self, ms_account_get_incoming (account), NULL);
  self->outgoing = add_row (self, ms_account_get_outgoing (account), NULL);
  start_check (self, account, _("Connecting to your servers and signing in once to each."));
}

/* The one-click fix: the row's server with the settings its problem suggests. The
 * account keeps them (the export uses them), and only that server is checked again: the
 * other one's result stands, and it is not signed in to a second time. */
static void
on_use_alternative (MsCheckPage *self,
                    MsCheckRow  *row)
{
  MsSetup *setup = ms_page_get_setup (MS_PAGE (self));
  const MsCheckServerResult *result = ms_check_row_get_result (row);
  MsServer *failed = ms_check_row_get_server (row);
  gboolean incoming = ms_protocol_is_incoming (ms_server_get_protocol (failed));
  g_autoptr (MsAccount) updated = NULL;
  g_autoptr (MsAccount) one = NULL;
  MsProblemAlternative alt;
  GPtrArray *servers;
  MsCheckRow *fresh;

  if (self->running || ms_setup_get_account (setup) == NULL || result == NULL
      || result->problem == NULL || result->problem->alternative == NULL)
    return;
  alt = *result->problem->alternative;

  /* every form of that server (another user name is the same server) */
  updated = ms_account_copy (ms_setup_get_account (setup));
  servers = incoming ? ms_account_get_incoming (updated) : ms_account_get_outgoing (updated);
  for (guint i = 0; i < servers->len; i++)
    {
      MsServer *server = g_ptr_array_index (servers, i);

      if (g_ascii_strcasecmp (ms_server_get_host (server), ms_server_get_host (failed)) == 0
          && ms_server_get_port (server) == ms_server_get_port (failed)
          && ms_server_get_security (server) == ms_server_get_security (failed))
        {
          ms_server_set_port (server, alt.port);
          ms_server_set_security (server, alt.security);
        }
    }
  ms_setup_set_account (setup, updated);
  g_set_object (&self->checked, updated);

  one = ms_account_copy (updated);
  ms_account_clear_servers (one);
  for (guint i = 0; i < servers->len; i++)
    ms_account_add_server (one, g_ptr_array_index (servers, i));

  /* the row starts again with the new settings, where the old one was */
  fresh = add_row (self, servers, GTK_WIDGET (row));
  ms_check_row_take_tried (fresh, row);
  gtk_list_box_remove (self->rows, GTK_WIDGET (row));
  if (incoming)
    self->incoming = fresh;
  else
    self->outgoing = fresh;
  self->rechecking = fresh;
  start_check (self, one, _("Checking this server again with the new settings."));
  /* the button went away with its row: the keyboard goes on at Cancel (while it runs),
   * then at Continue when both work (ms-window.c) */
  gtk_widget_grab_focus (self->cancel_button);
}

static void
on_retry_clicked (MsCheckPage *self)
{
  const char *password = ms_password_entry_get_password (self->password_row);

  if (self->running)
    return;
  if (gtk_widget_get_visible (GTK_WIDGET (self->password_group)) && *password != '\0')
    {
      ms_setup_set_password (ms_page_get_setup (MS_PAGE (self)), password);
      gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
    }
  run_check (self);
}

static void
on_report_clicked (MsCheckPage *self)
{
  g_autofree char *report = ms_setup_dup_report (ms_page_get_setup (MS_PAGE (self)));
  GtkWidget *overlay;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), report);
  overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay),
                                 adw_toast_new (_("Diagnostic report copied. It does not contain your password.")));
}

typedef struct {
  MsCheckPage *page;
  char *host;
  guint16 port;
  char *sha256;
} TrustData;

static void
trust_data_free (gpointer data)
{
  TrustData *td = data;

  g_object_unref (td->page);
  g_free (td->host);
  g_free (td->sha256);
  g_free (td);
}

static void
on_certificate_response (AdwMessageDialog *dialog,
                         const char       *response,
                         TrustData        *td)
{
  if (g_strcmp0 (response, "trust") != 0)
    return;
  /* Exactly this certificate, for exactly this server and port. */
  if (ms_tls_trust_add_pin (ms_setup_get_trust (ms_page_get_setup (MS_PAGE (td->page))),
                            td->host, td->port, td->sha256))
    run_check (td->page);
}

/* A date no one can read two ways: the month by name, the year in full. */
static char *
format_date (GDateTime *date)
{
  g_autoptr (GDateTime) local = NULL;

  if (date == NULL)
    return g_strdup ("?");
  local = g_date_time_to_local (date);
  /* TRANSLATORS: a certificate's first or last day, as g_date_time_format() takes it; keep
   * the month's name (%B) and the full year (%Y), e.g. "%-d %B %Y" for "2 December 2026" */
  return g_date_time_format (local, C_("certificate date", "%B %-d, %Y"));
}

/* "AB:CD:…" (32 bytes) as four lines of eight pairs, to compare by eye. */
static char *
format_fingerprint (const char *sha256)
{
  g_auto (GStrv) pairs = g_strsplit (sha256, ":", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; pairs[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (out, i % 8 == 0 ? '\n' : ' ');
      g_string_append (out, pairs[i]);
    }
  return g_string_free (out, FALSE);
}

/* The button of the safe answer: the dialog opens on it, so Enter only closes. */
static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_button (c, label);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
on_compared_toggled (GtkCheckButton   *check,
                     AdwMessageDialog *dialog)
{
  adw_message_dialog_set_response_enabled (dialog, "trust", gtk_check_button_get_active (check));
}

static void
on_show_certificate (MsCheckPage *self,
                     MsCheckRow  *row)
{
  const MsCheckServerResult *result = ms_check_row_get_result (row);
  const MsCertificateInfo *cert;
  GtkWidget *dialog;
  GtkWidget *close;
  GString *body;
  g_autofree char *heading = NULL;
  g_autofree char *all_names = NULL;
  g_autofree char *names = NULL;
  g_autofree char *from = NULL;
  g_autofree char *until = NULL;
  g_autofree char *issuer = NULL;
  g_autofree char *message = NULL;
  g_autofree char *body_safe = NULL;
  g_autofree char *fingerprint = NULL;
  const char *host;
  guint16 port;

  if (result == NULL || result->certificate == NULL)
    return;
  cert = result->certificate;
  host = ms_server_get_host (result->server);
  port = ms_server_get_port (result->server);
  /* anyone may have written an unverified certificate: every field is sanitised */
  all_names = ms_certificate_info_dup_names (cert);
  names = ms_text_field (all_names);
  issuer = ms_text_field (cert->issuer_common_name != NULL ? cert->issuer_common_name : cert->issuer);
  message = result->problem != NULL ? ms_text_field (result->problem->message) : NULL;
  from = format_date (cert->not_before);
  until = format_date (cert->not_after);
  fingerprint = cert->sha256 != NULL ? format_fingerprint (cert->sha256) : g_strdup ("?");

  /* TRANSLATORS: %s is "host:port" */
  heading = g_strdup_printf (_("Certificate of %s"), host);
  body = g_string_new (NULL);
  /* TRANSLATORS: %u is a port number */
  g_string_append_printf (body, _("Port %u."), port);
  g_string_append_c (body, ' ');
  if (message != NULL)
    g_string_append_printf (body, "%s\n\n", message);
  g_string_append_printf (body, _("Valid for: %s"), names);
  g_string_append_c (body, '\n');
  g_string_append_printf (body, _("Issued by: %s"), issuer);
  g_string_append_c (body, '\n');
  if (cert->self_signed)
    {
      g_string_append (body, _("It signed itself: nobody vouches for it."));
      g_string_append_c (body, '\n');
    }
  /* TRANSLATORS: two dates */
  g_string_append_printf (body, _("Valid from %s until %s"), from, until);
  g_string_append (body, "\n\n");
  g_string_append (body, _("SHA-256 fingerprint:"));
  g_string_append_printf (body, "\n%s", fingerprint);
  if (result->tls_errors != 0)
    {
      g_string_append (body, "\n\n");
      g_string_append (body, _("Trust it only if your provider told you this fingerprint. Mail Setup "
                               "will then accept this one certificate for this one server, and "
                               "nothing else."));
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), heading, NULL);
  body_safe = ms_text_sanitize (body->str, -1, 0, MS_TEXT_MULTI_LINE);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), body_safe);
  g_string_free (body, TRUE);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  if (result->tls_errors != 0 && cert->sha256 != NULL)
    {
      TrustData *td = g_new0 (TrustData, 1);
      GtkWidget *compared;

      td->page = g_object_ref (self);
      td->host = g_strdup (host);
      td->port = port;
      td->sha256 = g_strdup (cert->sha256);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "trust",
                                       _("_Trust This Certificate for This Server"));
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "trust",
                                                  ADW_RESPONSE_DESTRUCTIVE);
      /* Trusting takes a deliberate act: the tick first, then the button. */
      compared = gtk_check_button_new_with_mnemonic (_("I _compared the fingerprint with the one my provider gave me"));
      gtk_check_button_set_active (GTK_CHECK_BUTTON (compared), FALSE);
      adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "trust", FALSE);
      g_signal_connect_object (compared, "toggled", G_CALLBACK (on_compared_toggled), dialog, 0);
      adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), compared);
      g_signal_connect_data (dialog, "response", G_CALLBACK (on_certificate_response), td,
                             (GClosureNotify) (void (*) (void)) trust_data_free, 0);
    }
  gtk_window_present (GTK_WINDOW (dialog));
  /* The dialog opens on the safe answer: Enter closes it. */
  close = find_button (dialog, _("_Close"));
  if (close != NULL)
    gtk_widget_grab_focus (close);
}

static void
ms_check_page_shown (MsPage *page)
{
  MsCheckPage *self = MS_CHECK_PAGE (page);
  MsAccount *account = ms_setup_get_account (ms_page_get_setup (page));

  if (self->running || (account != NULL && account == self->checked))
    return;
  run_check (self);
}

static void
ms_check_page_cancel (MsPage *page)
{
  MsCheckPage *self = MS_CHECK_PAGE (page);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

static void
ms_check_page_dispose (GObject *object)
{
  MsCheckPage *self = MS_CHECK_PAGE (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  ms_network_wait_stop (&self->waiting);
  g_clear_object (&self->checked);
  self->rechecking = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), MS_TYPE_CHECK_PAGE);

  G_OBJECT_CLASS (ms_check_page_parent_class)->dispose (object);
}

static void
ms_check_page_class_init (MsCheckPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  MsPageClass *page_class = MS_PAGE_CLASS (klass);

  object_class->dispose = ms_check_page_dispose;
  page_class->shown = ms_check_page_shown;
  page_class->cancel = ms_check_page_cancel;

  g_type_ensure (MS_TYPE_PASSWORD_ENTRY);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mailsetup/MailSetup/ms-check-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MsCheckPage, summary);
  gtk_widget_class_bind_template_child (widget_class, MsCheckPage, rows);
  gtk_widget_class_bind_template_child (widget_class, MsCheckPage, password_group);
  gtk_widget_class_bind_template_child (widget_class, MsCheckPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, MsCheckPage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, MsCheckPage, retry_button);
  gtk_widget_class_bind_template_child (widget_class, MsCheckPage, report_button);
  gtk_widget_class_bind_template_callback (widget_class, on_retry_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_report_clicked);
}

static void
ms_check_page_init (MsCheckPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ms_page_set_title (MS_PAGE (self), _("Checking"));
  gtk_widget_set_visible (self->cancel_button, FALSE);
}
