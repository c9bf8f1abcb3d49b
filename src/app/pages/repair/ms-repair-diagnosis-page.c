/* ms-repair-diagnosis-page.c: "What Is Wrong" — an account the user has, compared with
 * what is right today
 *
 * Shown after an account was chosen on the first page: discovery's answer for its
 * address, the differences named in plain words, and the account as the client has it.
 * Continue hands the settings it should have (and the saved password, or the one typed
 * here when none can be read) to the Checking page, which signs in to each server once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-repair-diagnosis-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ms-password-entry.h"
#include "ms-repair-diagnosis-page.h"
#include "ms-repair-rows.h"
#include "ms-text.h"

struct _MsRepairDiagnosisPage
{
  MsPage parent_instance;

  GtkSpinner *spinner;
  GtkLabel *summary;
  AdwPreferencesGroup *changes_group;
  GtkListBox *changes;
  GtkCheckButton *confirm_check;
  AdwPreferencesGroup *password_group;
  MsPasswordEntry *password_row;
  GtkListBox *account;

  GCancellable *cancellable;   /* the diagnosis, while it runs */
  gboolean offline;
};

G_DEFINE_FINAL_TYPE (MsRepairDiagnosisPage, ms_repair_diagnosis_page, MS_TYPE_PAGE)

void
ms_repair_diagnosis_page_set_offline (MsRepairDiagnosisPage *self,
                                      gboolean               offline)
{
  g_return_if_fail (MS_IS_REPAIR_DIAGNOSIS_PAGE (self));
  self->offline = offline;
}

static void
add_server_row (GtkListBox *list,
                MsServer   *server)
{
  g_autofree char *summary = NULL;

  if (server == NULL)
    return;
  /* TRANSLATORS: host, port and encryption, "imap.example.com, port 993, TLS" */
  summary = g_strdup_printf (_("%s, port %u, %s"), ms_server_get_host (server),
                             ms_server_get_port (server),
                             ms_security_get_label (ms_server_get_security (server)));
  ms_repair_rows_add (list, ms_protocol_get_title (ms_server_get_protocol (server)), summary);
}

static void
show_account (MsRepairDiagnosisPage *self,
              MsFoundAccount        *found)
{
  g_autofree char *where = ms_repair_rows_client (found);

  ms_repair_rows_clear (self->account);
  add_server_row (self->account, found->incoming);
  add_server_row (self->account, found->outgoing);
  ms_repair_rows_add (self->account, where, found->location);
}

static void
update_complete (MsRepairDiagnosisPage *self)
{
  MsRepairPlan *plan = ms_setup_get_repair_plan (ms_page_get_setup (MS_PAGE (self)));
  gboolean typed = *ms_password_entry_get_password (self->password_row) != '\0';

  ms_page_set_complete (MS_PAGE (self),
                        plan != NULL && self->cancellable == NULL &&
                        (!gtk_widget_get_visible (GTK_WIDGET (self->password_group)) || typed));
}

static void
show_plan (MsRepairDiagnosisPage *self,
           MsRepairPlan          *plan)
{
  g_autofree char *address = ms_text_field (plan->found->address != NULL ? plan->found->address : "");
  gboolean no_password = plan->password_problem != NULL ||
                         (plan->saved_in == NULL && plan->saved_out == NULL);

  ms_repair_rows_clear (self->changes);
  for (guint i = 0; i < plan->changes->len; i++)
    {
      MsRepairChange *c = g_ptr_array_index (plan->changes, i);
      g_autofree char *from_to = ms_repair_rows_change_values (c);

      ms_repair_rows_add (self->changes, c->message, from_to);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->changes_group), plan->changes->len > 0);

  if (plan->right == NULL)
    gtk_label_set_text (self->summary,
                        _("Nothing is known about this provider, so the settings stay as they "
                          "are. Continue to check whether the servers work."));
  else if (plan->changes->len == 0)
    gtk_label_set_text (self->summary,
                        _("The settings are the ones your provider gives today. Continue to "
                          "check whether the servers take the saved password."));
  else
    {
      /* TRANSLATORS: %s is an email address */
      g_autofree char *text = g_strdup_printf (ngettext ("One setting of %s is not what your "
                                                         "provider gives today. Continue to "
                                                         "check the right one before anything "
                                                         "changes.",
                                                         "Some settings of %s are not what your "
                                                         "provider gives today. Continue to "
                                                         "check the right ones before anything "
                                                         "changes.", plan->changes->len),
                                               address);
      gtk_label_set_text (self->summary, text);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->confirm_check), plan->needs_confirmation);
  gtk_check_button_set_active (self->confirm_check, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->password_group), no_password);
  adw_preferences_group_set_description (self->password_group,
                                         plan->password_problem != NULL
                                         ? plan->password_problem
                                         : _("No saved password was found for this account. "
                                             "Type it once; it is stored where the mail client "
                                             "keeps it only after the repair."));
}

static void
set_working (MsRepairDiagnosisPage *self,
             gboolean               working)
{
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), working);
  gtk_spinner_set_spinning (self->spinner, working);
  ms_page_set_busy (MS_PAGE (self), working);
}

static void
on_plan (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr (MsRepairDiagnosisPage) self = user_data;
  g_autoptr (GError) error = NULL;
  MsRepairPlan *plan = ms_repair_plan_finish (result, &error);

  if (plan == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  set_working (self, FALSE);
  if (plan == NULL)
    gtk_label_set_text (self->summary, error->message);
  else
    {
      ms_setup_set_repair_plan (ms_page_get_setup (MS_PAGE (self)), plan);
      show_plan (self, plan);
    }
  update_complete (self);
}

static void
ms_repair_diagnosis_page_shown (MsPage *page)
{
  MsRepairDiagnosisPage *self = MS_REPAIR_DIAGNOSIS_PAGE (page);
  MsSetup *setup = ms_page_get_setup (page);
  MsFoundAccount *found = ms_setup_get_repair_found (setup);
  g_autofree char *address = NULL;
  g_autofree char *text = NULL;

  if (found == NULL || self->cancellable != NULL || ms_setup_get_repair_plan (setup) != NULL)
    return;

  address = ms_text_field (found->address != NULL ? found->address : "");
  /* TRANSLATORS: %s is an email address */
  text = g_strdup_printf (_("Comparing the settings of %s with what your provider gives "
                            "today…"), address);
  gtk_label_set_text (self->summary, text);
  gtk_widget_set_visible (GTK_WIDGET (self->changes_group), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->confirm_check), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->password_group), FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  show_account (self, found);

  self->cancellable = g_cancellable_new ();
  set_working (self, TRUE);
  update_complete (self);
  ms_repair_plan_async (ms_found_account_copy (found), self->offline, self->cancellable,
                        on_plan, g_object_ref (self));
}

static void
ms_repair_diagnosis_page_apply_async (MsPage              *page,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  MsRepairDiagnosisPage *self = MS_REPAIR_DIAGNOSIS_PAGE (page);
  MsSetup *setup = ms_page_get_setup (page);
  MsRepairPlan *plan = ms_setup_get_repair_plan (setup);
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr (MsAccount) account = plan != NULL ? ms_repair_plan_dup_account (plan) : NULL;
  const char *typed = ms_password_entry_get_password (self->password_row);

  g_task_set_source_tag (task, ms_repair_diagnosis_page_apply_async);
  if (account == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("This account has no valid email address to look up."));
      return;
    }
  /* The Checking page signs in with the settings the account should have. */
  ms_setup_set_address (setup, ms_account_get_address (account));
  ms_setup_set_account (setup, account);
  ms_setup_set_password (setup, *typed != '\0' ? typed
                                : plan->saved_in != NULL ? plan->saved_in : plan->saved_out);
  ms_setup_set_confirmed (setup, !plan->needs_confirmation ||
                                 gtk_check_button_get_active (self->confirm_check));
  g_task_return_boolean (task, TRUE);
}

static gboolean
ms_repair_diagnosis_page_apply_finish (MsPage        *page,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
ms_repair_diagnosis_page_cancel (MsPage *page)
{
  MsRepairDiagnosisPage *self = MS_REPAIR_DIAGNOSIS_PAGE (page);

  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      set_working (self, FALSE);
      gtk_label_set_text (self->summary, _("Stopped. Go back and choose the account again to "
                                           "start over."));
    }
}

static void
ms_repair_diagnosis_page_dispose (GObject *object)
{
  MsRepairDiagnosisPage *self = MS_REPAIR_DIAGNOSIS_PAGE (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), MS_TYPE_REPAIR_DIAGNOSIS_PAGE);

  G_OBJECT_CLASS (ms_repair_diagnosis_page_parent_class)->dispose (object);
}

static void
ms_repair_diagnosis_page_class_init (MsRepairDiagnosisPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  MsPageClass *page_class = MS_PAGE_CLASS (klass);

  object_class->dispose = ms_repair_diagnosis_page_dispose;
  page_class->shown = ms_repair_diagnosis_page_shown;
  page_class->apply_async = ms_repair_diagnosis_page_apply_async;
  page_class->apply_finish = ms_repair_diagnosis_page_apply_finish;
  page_class->cancel = ms_repair_diagnosis_page_cancel;

  g_type_ensure (MS_TYPE_PASSWORD_ENTRY);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mailsetup/MailSetup/ms-repair-diagnosis-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MsRepairDiagnosisPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, MsRepairDiagnosisPage, summary);
  gtk_widget_class_bind_template_child (widget_class, MsRepairDiagnosisPage, changes_group);
  gtk_widget_class_bind_template_child (widget_class, MsRepairDiagnosisPage, changes);
  gtk_widget_class_bind_template_child (widget_class, MsRepairDiagnosisPage, confirm_check);
  gtk_widget_class_bind_template_child (widget_class, MsRepairDiagnosisPage, password_group);
  gtk_widget_class_bind_template_child (widget_class, MsRepairDiagnosisPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, MsRepairDiagnosisPage, account);
  gtk_widget_class_bind_template_callback (widget_class, update_complete);
}

static void
ms_repair_diagnosis_page_init (MsRepairDiagnosisPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ms_page_set_title (MS_PAGE (self), _("What Is Wrong"));
}
