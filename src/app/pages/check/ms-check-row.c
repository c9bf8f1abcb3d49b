/* ms-check-row.c: one server being checked: its steps, then ✔ or a problem
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-check-row"

#include "config.h"

#include <glib/gi18n.h>

#include "ms-check-row.h"
#include "ms-text.h"

struct _MsCheckRow
{
  GtkListBoxRow parent_instance;

  GtkStack *indicator;
  GtkSpinner *spinner;
  GtkImage *icon;
  GtkLabel *title;
  GtkLabel *status;
  GtkWidget *problem_box;
  GtkLabel *message;
  GtkLabel *fix;
  GtkWidget *alternative_button;
  GtkWidget *certificate_button;
  GtkWidget *link_button;

  MsServer *server;
  MsCheckServerResult *result;
  gboolean ok;
  GArray *tried;               /* MsProblemAlternative: settings tried before, for this server */
  gboolean no_alternative;     /* never offer one */
};

G_DEFINE_FINAL_TYPE (MsCheckRow, ms_check_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  SHOW_CERTIFICATE,
  USE_ALTERNATIVE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
role_title (MsProtocol protocol)
{
  switch (protocol)
    {
    case MS_PROTOCOL_SMTP:
      return _("Outgoing");
    case MS_PROTOCOL_IMAP:
    case MS_PROTOCOL_POP3:
    default:
      return _("Incoming");
    }
}

static void
set_icon (MsCheckRow *self,
          const char *icon_name,
          const char *css)
{
  gtk_spinner_set_spinning (self->spinner, FALSE);
  gtk_stack_set_visible_child_name (self->indicator, "icon");
  gtk_image_set_from_icon_name (self->icon, icon_name);
  gtk_widget_remove_css_class (GTK_WIDGET (self->icon), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->icon), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->icon), "dim-label");
  if (css != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->icon), css);
}

/* A screen reader names the row by its server and reads its state with it. */
static void
update_accessible (MsCheckRow *self)
{
  g_autoptr (GString) state = g_string_new (gtk_label_get_text (self->status));

  if (gtk_widget_get_visible (self->problem_box))
    {
      g_string_append_printf (state, " %s", gtk_label_get_text (self->message));
      if (gtk_widget_get_visible (GTK_WIDGET (self->fix)))
        g_string_append_printf (state, " %s", gtk_label_get_text (self->fix));
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, gtk_label_get_text (self->title),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, state->str,
                                  -1);
}

GtkWidget *
ms_check_row_new (MsServer *server)
{
  MsCheckRow *self = g_object_new (MS_TYPE_CHECK_ROW, NULL);
  g_autofree char *title = NULL;
  g_autofree char *upper = g_ascii_strup (ms_protocol_to_string (ms_server_get_protocol (server)), -1);
  g_autofree char *technical = NULL;

  self->server = ms_server_ref (server);
  /* The main path names the server only; protocol and port are in the editor, the
   * tooltip and the diagnostic report. */
  /* TRANSLATORS: "Incoming" or "Outgoing", then the server's name */
  title = g_strdup_printf (_("%s: %s"), role_title (ms_server_get_protocol (server)),
                           ms_server_get_host (server));
  gtk_label_set_text (self->title, title);
  technical = g_strdup_printf ("%s, %s:%u", upper, ms_server_get_host (server),
                               ms_server_get_port (server));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->title), technical);
  gtk_label_set_text (self->status, _("Waiting"));
  set_icon (self, "content-loading-symbolic", "dim-label");
  update_accessible (self);
  return GTK_WIDGET (self);
}

MsServer *
ms_check_row_get_server (MsCheckRow *self)
{
  g_return_val_if_fail (MS_IS_CHECK_ROW (self), NULL);
  return self->server;
}

void
ms_check_row_set_step (MsCheckRow  *self,
                       MsCheckStep  step)
{
  const char *text;

  g_return_if_fail (MS_IS_CHECK_ROW (self));

  switch (step)
    {
    case MS_CHECK_STEP_CONNECTING:
      text = _("Connecting…");
      break;
    case MS_CHECK_STEP_SECURING:
      text = _("✔ Connected · Securing the connection…");
      break;
    case MS_CHECK_STEP_SIGNING_IN:
      text = _("✔ Connected · ✔ Secured · Signing in…");
      break;
    case MS_CHECK_STEP_DONE:
    default:
      return;
    }
  gtk_label_set_text (self->status, text);
  gtk_stack_set_visible_child_name (self->indicator, "spinner");
  gtk_spinner_set_spinning (self->spinner, TRUE);
  gtk_widget_set_visible (self->problem_box, FALSE);
  update_accessible (self);
}

/* "Use port 465 (TLS)" for another port, "Use TLS on port 465" for the same one. */
static void
show_alternative (MsCheckRow                 *self,
                  const MsProblemAlternative *alternative)
{
  g_autofree char *label = NULL;
  const char *security;

  if (self->no_alternative)
    alternative = NULL;
  for (guint i = 0; alternative != NULL && i < self->tried->len; i++)
    {
      const MsProblemAlternative *t = &g_array_index (self->tried, MsProblemAlternative, i);

      if (t->port == alternative->port && t->security == alternative->security)
        alternative = NULL;
    }
  gtk_widget_set_visible (self->alternative_button, alternative != NULL);
  if (alternative == NULL)
    return;
  security = alternative->security == MS_SECURITY_TLS ? "TLS" : "STARTTLS";
  if (alternative->port != ms_server_get_port (self->server))
    /* TRANSLATORS: a button; %u is a port number, %s "TLS" or "STARTTLS" */
    label = g_strdup_printf (_("Use port %u (%s)"), alternative->port, security);
  else
    /* TRANSLATORS: a button; %s is "TLS" or "STARTTLS", %u a port number */
    label = g_strdup_printf (_("Use %s on port %u"), security, alternative->port);
  gtk_button_set_label (GTK_BUTTON (self->alternative_button), label);
}

static void
show_result (MsCheckRow                *self,
             const MsCheckServerResult *result)
{
  g_autofree char *message = NULL;
  g_autofree char *fix = NULL;

  g_return_if_fail (MS_IS_CHECK_ROW (self));
  g_return_if_fail (result != NULL);

  g_clear_pointer (&self->result, ms_check_server_result_free);
  self->result = ms_check_server_result_copy (result);

  if (ms_check_server_result_is_ok (result))
    {
      g_autofree char *text = NULL;
      g_autofree char *technical = NULL;
      g_autofree char *username = ms_text_field (result->username != NULL ? result->username : "");

      /* TRANSLATORS: %s is a user name */
      text = g_strdup_printf (_("✔ Signed in as %s"), username);
      /* The technical detail stays off the main line: tooltip and diagnostic report. */
      /* TRANSLATORS: the TLS version ("TLS 1.3") and the time the check took, %u milliseconds */
      technical = g_strdup_printf (_("%s, %u ms"),
                                   result->tls_version != NULL ? result->tls_version : _("no encryption"),
                                   result->elapsed_ms);
      self->ok = TRUE;
      gtk_label_set_text (self->status, text);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->status), technical);
      set_icon (self, "emblem-ok-symbolic", "success");
      gtk_widget_set_visible (self->problem_box, FALSE);
      return;
    }

  if (result->problem != NULL && result->problem->code == MS_PROBLEM_OAUTH2_REQUIRED &&
      result->connected)
    {
      /* Nothing to sign in to here: the mail client does it through the browser. */
      self->ok = TRUE;
      gtk_label_set_text (self->status,
                          _("✔ Reachable. You sign in on your provider’s page from your mail client."));
      set_icon (self, "emblem-ok-symbolic", "success");
      gtk_widget_set_visible (self->problem_box, FALSE);
      return;
    }

  self->ok = FALSE;
  set_icon (self, "dialog-error-symbolic", "error");
  gtk_label_set_text (self->status, _("✘ Not working"));
  /* the words may name what a server or a provider's file said */
  message = ms_text_sanitize (result->problem != NULL ? result->problem->message
                                                      : _("The server did not accept the sign-in."),
                              -1, 0, MS_TEXT_ONE_LINE);
  fix = ms_text_sanitize (result->problem != NULL && result->problem->fix != NULL
                          ? result->problem->fix : "", -1, 0, MS_TEXT_ONE_LINE);
  gtk_label_set_text (self->message, message);
  gtk_label_set_text (self->fix, fix);
  gtk_widget_set_visible (GTK_WIDGET (self->fix), result->problem != NULL && result->problem->fix != NULL);
  show_alternative (self, result->problem != NULL ? result->problem->alternative : NULL);
  /* Only a certificate that failed verification is worth a look here. */
  gtk_widget_set_visible (self->certificate_button,
                          result->certificate != NULL && result->tls_errors != 0);
  gtk_widget_set_visible (self->link_button, result->problem != NULL && result->problem->url != NULL);
  gtk_widget_set_visible (self->problem_box, TRUE);
}

void
ms_check_row_set_result (MsCheckRow                *self,
                         const MsCheckServerResult *result)
{
  show_result (self, result);
  update_accessible (self);
}

const MsCheckServerResult *
ms_check_row_get_result (MsCheckRow *self)
{
  g_return_val_if_fail (MS_IS_CHECK_ROW (self), NULL);
  return self->result;
}

void
ms_check_row_add_tried (MsCheckRow *self,
                        guint16     port,
                        MsSecurity  security)
{
  MsProblemAlternative tried = { port, security };

  g_return_if_fail (MS_IS_CHECK_ROW (self));
  g_array_append_val (self->tried, tried);
}

void
ms_check_row_set_offer_alternative (MsCheckRow *self,
                                    gboolean    offer)
{
  g_return_if_fail (MS_IS_CHECK_ROW (self));
  self->no_alternative = !offer;
}

void
ms_check_row_take_tried (MsCheckRow *self,
                         MsCheckRow *from)
{
  g_return_if_fail (MS_IS_CHECK_ROW (self) && MS_IS_CHECK_ROW (from));
  g_array_append_vals (self->tried, from->tried->data, from->tried->len);
  ms_check_row_add_tried (self, ms_server_get_port (from->server),
                          ms_server_get_security (from->server));
}

gboolean
ms_check_row_get_ok (MsCheckRow *self)
{
  g_return_val_if_fail (MS_IS_CHECK_ROW (self), FALSE);
  return self->ok;
}

static void
on_certificate_clicked (MsCheckRow *self)
{
  g_signal_emit (self, signals[SHOW_CERTIFICATE], 0);
}

static void
on_alternative_clicked (MsCheckRow *self)
{
  if (self->result != NULL && self->result->problem != NULL
      && self->result->problem->alternative != NULL)
    g_signal_emit (self, signals[USE_ALTERNATIVE], 0);
}

static void
on_link_clicked (MsCheckRow *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->result == NULL || self->result->problem == NULL || self->result->problem->url == NULL)
    return;
  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->result->problem->url,
                GDK_CURRENT_TIME);
}

static void
ms_check_row_dispose (GObject *object)
{
  MsCheckRow *self = MS_CHECK_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MS_TYPE_CHECK_ROW);
  g_clear_pointer (&self->server, ms_server_unref);
  g_clear_pointer (&self->result, ms_check_server_result_free);
  g_clear_pointer (&self->tried, g_array_unref);

  G_OBJECT_CLASS (ms_check_row_parent_class)->dispose (object);
}

static void
ms_check_row_class_init (MsCheckRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ms_check_row_dispose;

  /**
   * MsCheckRow::show-certificate:
   *
   * The user wants to see the server's certificate.
   */
  signals[SHOW_CERTIFICATE] = g_signal_new ("show-certificate", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                            G_TYPE_NONE, 0);

  /**
   * MsCheckRow::use-alternative:
   *
   * The user wants the settings the problem suggests (its alternative) for this server.
   */
  signals[USE_ALTERNATIVE] = g_signal_new ("use-alternative", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mailsetup/MailSetup/ms-check-row.ui");
  gtk_widget_class_bind_template_child (widget_class, MsCheckRow, indicator);
  gtk_widget_class_bind_template_child (widget_class, MsCheckRow, spinner);
  gtk_widget_class_bind_template_child (widget_class, MsCheckRow, icon);
  gtk_widget_class_bind_template_child (widget_class, MsCheckRow, title);
  gtk_widget_class_bind_template_child (widget_class, MsCheckRow, status);
  gtk_widget_class_bind_template_child (widget_class, MsCheckRow, problem_box);
  gtk_widget_class_bind_template_child (widget_class, MsCheckRow, message);
  gtk_widget_class_bind_template_child (widget_class, MsCheckRow, fix);
  gtk_widget_class_bind_template_child (widget_class, MsCheckRow, alternative_button);
  gtk_widget_class_bind_template_child (widget_class, MsCheckRow, certificate_button);
  gtk_widget_class_bind_template_child (widget_class, MsCheckRow, link_button);
  gtk_widget_class_bind_template_callback (widget_class, on_alternative_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_certificate_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_link_clicked);
}

static void
ms_check_row_init (MsCheckRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->tried = g_array_new (FALSE, FALSE, sizeof (MsProblemAlternative));
}
