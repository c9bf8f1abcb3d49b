/* ms-repair-apply-page.c: "Repair" — the change with the user's consent, the check again,
 * and undo
 *
 * After the Checking page showed that the settings the account should have work, this
 * page says once more, in plain words, what will change and where. Nothing is written
 * before the user presses Repair. Then the change is made (a backup first), a typed
 * password goes into the client's own store, the account is read back from the client
 * and each server is signed in to once more; the page shows that result. Undo puts the
 * backup back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-repair-apply-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ms-repair-apply-page.h"
#include "ms-repair-rows.h"
#include "ms-text.h"

struct _MsRepairApplyPage
{
  MsPage parent_instance;

  GtkImage *icon;
  GtkLabel *heading;
  GtkSpinner *spinner;
  GtkLabel *summary;
  GtkListBox *rows;
  GtkWidget *undo_button;
  GtkWidget *repair_button;

  MsRepairPlan *shown_plan;    /* the plan on show (the setup owns it) */
  GCancellable *cancellable;   /* the repair or the undo, while it runs */
  gboolean repaired;
};

G_DEFINE_FINAL_TYPE (MsRepairApplyPage, ms_repair_apply_page, MS_TYPE_PAGE)

static void
set_working (MsRepairApplyPage *self,
             gboolean           working)
{
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), working);
  gtk_spinner_set_spinning (self->spinner, working);
  gtk_widget_set_sensitive (self->repair_button, !working);
  gtk_widget_set_sensitive (self->undo_button, !working);
  ms_page_set_busy (MS_PAGE (self), working);
}

/* Whether the password that worked on the Checking page is not the one the client has. */
static gboolean
password_is_new (MsRepairApplyPage *self,
                 MsRepairPlan      *plan)
{
  const char *password = ms_setup_get_password (ms_page_get_setup (MS_PAGE (self)));

  return password != NULL && *password != '\0' &&
         ((plan->fixed_in != NULL && g_strcmp0 (password, plan->saved_in) != 0) ||
          (plan->fixed_out != NULL && g_strcmp0 (password, plan->saved_out) != 0));
}

static void
show_proposal (MsRepairApplyPage *self,
               MsRepairPlan      *plan)
{
  g_autofree char *address = ms_text_field (plan->found->address != NULL ? plan->found->address : "");
  g_autofree char *client = ms_repair_rows_client (plan->found);
  g_autofree char *text = NULL;
  gboolean new_password = password_is_new (self, plan);

  self->shown_plan = plan;
  self->repaired = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->icon), FALSE);
  gtk_widget_set_visible (self->undo_button, FALSE);
  ms_repair_rows_clear (self->rows);
  for (guint i = 0; i < plan->changes->len; i++)
    {
      MsRepairChange *c = g_ptr_array_index (plan->changes, i);
      g_autofree char *from_to = ms_repair_rows_change_values (c);

      ms_repair_rows_add (self->rows, c->message, from_to);
    }
  if (new_password)
    ms_repair_rows_add (self->rows, _("The password you typed replaces the saved one."), NULL);

  if (plan->changes->len == 0 && !new_password)
    {
      gtk_label_set_text (self->heading, _("Nothing to Repair"));
      gtk_label_set_text (self->summary, _("Both servers work with the settings and the "
                                           "password the account has. Nothing was changed."));
      gtk_widget_set_visible (self->repair_button, FALSE);
      ms_page_set_final (MS_PAGE (self), TRUE);
      return;
    }
  gtk_label_set_text (self->heading, _("Repair the Account?"));
  /* TRANSLATORS: an email address, then a mail client ("Thunderbird (default)") */
  text = g_strdup_printf (_("The servers work with these settings. Repair changes only them "
                            "in %s’s account in %s, after keeping a copy of the old settings "
                            "that Undo puts back."), address, client);
  gtk_label_set_text (self->summary, text);
  gtk_widget_set_visible (self->repair_button, TRUE);
  ms_page_set_final (MS_PAGE (self), FALSE);
  gtk_widget_grab_focus (self->repair_button);
}

static void
show_outcome (MsRepairApplyPage *self,
              MsRepairOutcome   *outcome)
{
  GPtrArray *servers = ms_check_result_get_servers (outcome->check);
  gboolean ok = ms_repair_outcome_is_ok (outcome);

  ms_repair_rows_clear (self->rows);
  for (guint i = 0; i < servers->len; i++)
    {
      const MsCheckServerResult *r = g_ptr_array_index (servers, i);
      gboolean incoming = ms_protocol_is_incoming (ms_server_get_protocol (r->server));
      /* TRANSLATORS: host and port, "imap.example.com:993" */
      g_autofree char *where = g_strdup_printf (_("%s, port %u"), ms_server_get_host (r->server),
                                                ms_server_get_port (r->server));
      const char *title;

      if (ms_check_server_result_is_ok (r))
        title = incoming ? _("Incoming mail works: signed in with the new settings.")
                         : _("Outgoing mail works: signed in with the new settings.");
      else
        title = r->problem != NULL ? r->problem->message
                                   : incoming ? _("Incoming mail does not work yet.")
                                              : _("Outgoing mail does not work yet.");
      ms_repair_rows_add (self->rows, title, where);
    }
  for (guint i = 0; i < outcome->backups->len; i++)
    {
      MsRepairBackup *b = g_ptr_array_index (outcome->backups, i);
      g_autofree char *file = g_path_get_basename (b->file);
      g_autofree char *backup = g_path_get_basename (b->backup);
      /* TRANSLATORS: a file name */
      g_autofree char *copy = g_strdup_printf (_("The old settings are kept beside it, in %s."),
                                               backup);

      ms_repair_rows_add (self->rows, file, copy);
    }

  self->repaired = TRUE;
  gtk_widget_set_visible (GTK_WIDGET (self->icon), ok);
  gtk_label_set_text (self->heading, ok ? _("Repaired") : _("Changed, but Not Working Yet"));
  gtk_label_set_text (self->summary,
                      ok ? _("The account was changed and checked again as the mail client "
                             "now has it: both servers work.")
                         : _("The account was changed, but the check afterwards failed. "
                             "Undo puts the old settings back."));
  gtk_widget_set_visible (self->repair_button, FALSE);
  gtk_widget_set_visible (self->undo_button, outcome->backups->len > 0);
  ms_page_set_final (MS_PAGE (self), TRUE);
  if (gtk_widget_get_visible (self->undo_button))
    gtk_widget_grab_focus (self->undo_button);
}

static void
on_repaired (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr (MsRepairApplyPage) self = user_data;
  g_autoptr (MsRepairOutcome) outcome = NULL;
  g_autoptr (GError) error = NULL;

  outcome = ms_repair_run_finish (result, &error);
  g_clear_object (&self->cancellable);
  set_working (self, FALSE);
  if (outcome == NULL)
    {
      gtk_label_set_text (self->summary,
                          g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                          ? _("Stopped.") : error->message);
      return;
    }
  show_outcome (self, outcome);
}

static void
on_repair_clicked (MsRepairApplyPage *self)
{
  MsSetup *setup = ms_page_get_setup (MS_PAGE (self));
  MsRepairPlan *plan = ms_setup_get_repair_plan (setup);
  const char *password = ms_setup_get_password (setup);
  MsCheckOptions options = { 0 };

  if (plan == NULL || self->cancellable != NULL)
    return;
  options.confirmed = ms_setup_get_confirmed (setup);
  options.plaintext_hosts = ms_setup_get_plaintext_hosts (setup);
  self->cancellable = g_cancellable_new ();
  set_working (self, TRUE);
  gtk_label_set_text (self->summary, _("Changing the settings, then checking them again as "
                                       "the mail client has them…"));
  /* The password that worked on the Checking page, for both servers. */
  ms_repair_run_async (plan, password, password, ms_setup_get_trust (setup), &options,
                       self->cancellable, on_repaired, g_object_ref (self));
}

static void
undo_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  g_autoptr (GPtrArray) restored = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_repair_backup_free);
  GError *error = NULL;

  if (ms_repair_undo_sync (task_data, restored, &error))
    g_task_return_pointer (task, g_steal_pointer (&restored), (GDestroyNotify) g_ptr_array_unref);
  else
    g_task_return_error (task, error);
}

static void
on_undone (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  MsRepairApplyPage *self = MS_REPAIR_APPLY_PAGE (source);
  g_autoptr (GPtrArray) restored = NULL;
  g_autoptr (GError) error = NULL;

  restored = g_task_propagate_pointer (G_TASK (result), &error);
  g_clear_object (&self->cancellable);
  set_working (self, FALSE);
  if (restored == NULL)
    {
      gtk_label_set_text (self->summary, error->message);
      return;
    }
  ms_repair_rows_clear (self->rows);
  for (guint i = 0; i < restored->len; i++)
    ms_repair_rows_add (self->rows, ((MsRepairBackup *) g_ptr_array_index (restored, i))->file,
                        _("Put back as it was before the repair."));
  gtk_widget_set_visible (GTK_WIDGET (self->icon), FALSE);
  gtk_label_set_text (self->heading, _("Put Back"));
  gtk_label_set_text (self->summary, _("The account has its old settings again."));
  gtk_widget_set_visible (self->undo_button, FALSE);
}

static void
on_undo_clicked (MsRepairApplyPage *self)
{
  MsRepairPlan *plan = ms_setup_get_repair_plan (ms_page_get_setup (MS_PAGE (self)));
  g_autoptr (GTask) task = NULL;

  if (plan == NULL || self->cancellable != NULL)
    return;
  self->cancellable = g_cancellable_new ();
  set_working (self, TRUE);
  task = g_task_new (self, self->cancellable, on_undone, NULL);
  g_task_set_task_data (task, ms_found_account_copy (plan->found),
                        (GDestroyNotify) ms_found_account_free);
  g_task_run_in_thread (task, undo_thread);
}

static void
ms_repair_apply_page_shown (MsPage *page)
{
  MsRepairApplyPage *self = MS_REPAIR_APPLY_PAGE (page);
  MsRepairPlan *plan = ms_setup_get_repair_plan (ms_page_get_setup (page));

  if (plan == NULL || self->cancellable != NULL || (self->repaired && plan == self->shown_plan))
    return;
  show_proposal (self, plan);
}

static void
ms_repair_apply_page_cancel (MsPage *page)
{
  MsRepairApplyPage *self = MS_REPAIR_APPLY_PAGE (page);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

static void
ms_repair_apply_page_dispose (GObject *object)
{
  MsRepairApplyPage *self = MS_REPAIR_APPLY_PAGE (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), MS_TYPE_REPAIR_APPLY_PAGE);

  G_OBJECT_CLASS (ms_repair_apply_page_parent_class)->dispose (object);
}

static void
ms_repair_apply_page_class_init (MsRepairApplyPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  MsPageClass *page_class = MS_PAGE_CLASS (klass);

  object_class->dispose = ms_repair_apply_page_dispose;
  page_class->shown = ms_repair_apply_page_shown;
  page_class->cancel = ms_repair_apply_page_cancel;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mailsetup/MailSetup/ms-repair-apply-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MsRepairApplyPage, icon);
  gtk_widget_class_bind_template_child (widget_class, MsRepairApplyPage, heading);
  gtk_widget_class_bind_template_child (widget_class, MsRepairApplyPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, MsRepairApplyPage, summary);
  gtk_widget_class_bind_template_child (widget_class, MsRepairApplyPage, rows);
  gtk_widget_class_bind_template_child (widget_class, MsRepairApplyPage, undo_button);
  gtk_widget_class_bind_template_child (widget_class, MsRepairApplyPage, repair_button);
  gtk_widget_class_bind_template_callback (widget_class, on_repair_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_undo_clicked);
}

static void
ms_repair_apply_page_init (MsRepairApplyPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ms_page_set_title (MS_PAGE (self), _("Repair"));
}
