/* ms-clients-page.c: "Where to use it" — the mail clients found, and the export
 *
 * Shows what ms-mail-client.c finds: Evolution (distribution package or Flatpak) and every
 * Thunderbird profile (package, Flatpak, Snap). A profile Thunderbird has open is marked,
 * and Continue waits until Thunderbird is closed (its live lock is polled). Continue writes the account:
 * for Evolution, its sources and the password in the login keyring; for Thunderbird,
 * the profile's prefs.js (Thunderbird asks for the password itself).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-clients-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ms-client-row.h"
#include "ms-clients-page.h"
#include "ms-evolution-trust.h"
#include "ms-export-thunderbird.h"

#define LOCK_POLL_MS 1000

struct _MsClientsPage
{
  MsPage parent_instance;

  GtkLabel *description;
  AdwPreferencesGroup *clients_group;
  GtkLabel *status;
  GtkWidget *details;
  GtkLabel *details_label;

  GPtrArray *rows;            /* MsClientRow, in display order */
  GtkCheckButton *group;      /* the first radio: the others join its group */
  char *chosen_key;           /* kept across re-detection */
  GCancellable *detecting;    /* detection and lock checks; cancelled on dispose */
  gboolean pending;           /* the clients are still being looked for */
  guint lock_poll_id;
  guint polls_pending;        /* lock checks of the last poll still running */
};

G_DEFINE_FINAL_TYPE (MsClientsPage, ms_clients_page, MS_TYPE_PAGE)

static MsClientRow *
selected_row (MsClientsPage *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    if (ms_client_row_get_selected (g_ptr_array_index (self->rows, i)))
      return g_ptr_array_index (self->rows, i);
  return NULL;
}

static void
update (MsClientsPage *self)
{
  MsClientRow *row = selected_row (self);

  if (row != NULL)
    {
      g_free (self->chosen_key);
      self->chosen_key = g_strdup (ms_client_row_get_key (row));
    }
  if (!self->pending && self->rows->len == 0)
    {
      gtk_label_set_text (self->status,
                          _("Neither Evolution nor Thunderbird was found. Install one of them, "
                            "start it once, then come back to this page."));
      gtk_widget_set_visible (GTK_WIDGET (self->status), TRUE);
    }
  ms_page_set_complete (MS_PAGE (self), row != NULL && ms_client_row_get_usable (row));
}

/* Where each client keeps its accounts: details, under the list. */
static void
update_details (MsClientsPage *self)
{
  g_autoptr (GString) text = g_string_new (NULL);

  for (guint i = 0; i < self->rows->len; i++)
    {
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, ms_client_row_get_location (g_ptr_array_index (self->rows, i)));
    }
  gtk_label_set_text (self->details_label, text->str);
  gtk_widget_set_visible (self->details, self->rows->len > 0);
}

static void
add_row (MsClientsPage *self,
         MsClientRow   *row)
{
  GtkCheckButton *radio = ms_client_row_get_radio (row);

  if (self->group == NULL)
    self->group = radio;
  else
    gtk_check_button_set_group (radio, self->group);
  g_ptr_array_add (self->rows, row);
  adw_preferences_group_add (self->clients_group, GTK_WIDGET (row));
  g_signal_connect_object (radio, "toggled", G_CALLBACK (update), self, G_CONNECT_SWAPPED);

  /* Keep the user's choice; else pick the first row that can take the account. */
  if (g_strcmp0 (self->chosen_key, ms_client_row_get_key (row)) == 0 ||
      (selected_row (self) == NULL && self->chosen_key == NULL && ms_client_row_get_usable (row)))
    gtk_check_button_set_active (radio, TRUE);
  update (self);
}

typedef struct {
  MsClientsPage *self;
  GCancellable *cancellable;
} PollData;

static void
on_lock_polled (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  PollData *data = user_data;
  g_autoptr (MsClientsPage) self = data->self;
  g_autoptr (GCancellable) cancellable = data->cancellable;
  gboolean changed;

  g_free (data);
  changed = ms_client_row_update_lock_finish (MS_CLIENT_ROW (source), result, NULL);
  /* The page is gone, or detects again: leave it alone. */
  if (g_cancellable_is_cancelled (cancellable))
    return;
  self->polls_pending--;
  if (changed)
    update (self);
}

static gboolean
poll_locks (gpointer user_data)
{
  MsClientsPage *self = user_data;

  /* A slow file system: the last round finishes first. */
  if (self->polls_pending > 0)
    return G_SOURCE_CONTINUE;
  for (guint i = 0; i < self->rows->len; i++)
    {
      MsClientRow *row = g_ptr_array_index (self->rows, i);
      PollData *data;

      if (ms_client_row_get_profile (row) == NULL)
        continue;
      data = g_new0 (PollData, 1);
      data->self = g_object_ref (self);
      data->cancellable = g_object_ref (self->detecting);
      self->polls_pending++;
      ms_client_row_update_lock_async (row, self->detecting, on_lock_polled, data);
    }
  return G_SOURCE_CONTINUE;
}

static void
on_detected (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr (MsClientsPage) self = user_data;
  g_autoptr (GPtrArray) found = NULL;

  /* Cancelled when the page is disposed or detects again: then it is not touched. */
  found = ms_mail_targets_detect_finish (result, NULL);
  if (found == NULL)
    return;

  self->pending = FALSE;
  for (guint i = 0; i < found->len; i++)
    add_row (self, MS_CLIENT_ROW (ms_client_row_new (g_ptr_array_index (found, i))));
  update_details (self);
  update (self);
}

static void
detect (MsClientsPage *self)
{
  if (self->detecting != NULL)
    g_cancellable_cancel (self->detecting);
  g_clear_object (&self->detecting);
  self->detecting = g_cancellable_new ();

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->clients_group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
  update_details (self);
  self->group = NULL;
  self->pending = TRUE;
  self->polls_pending = 0;
  gtk_widget_set_visible (GTK_WIDGET (self->status), FALSE);

  /* The worker thread never holds the last reference to a widget: the page is
   * referenced, and released, only on the main thread. */
  ms_mail_targets_detect_async (self->detecting, on_detected, g_object_ref (self));
  update (self);
}

static void
ms_clients_page_shown (MsPage *page)
{
  MsClientsPage *self = MS_CLIENTS_PAGE (page);
  MsAddress *address = ms_setup_get_address (ms_page_get_setup (page));
  g_autofree char *text = NULL;

  if (address != NULL)
    {
      /* TRANSLATORS: %s is an e-mail address */
      text = g_strdup_printf (_("Choose the mail client that gets %s. Nothing is written until you "
                                "press Continue."), ms_address_get_address (address));
      gtk_label_set_text (self->description, text);
    }
  detect (self);
  if (self->lock_poll_id == 0)
    self->lock_poll_id = g_timeout_add (LOCK_POLL_MS, poll_locks, self);
}

/* --- the export ---------------------------------------------------------------------- */

/* The Done page starts the client the account went to. */
static void
set_export (MsClientsPage *self,
            MsClientRow   *row,
            const char    *summary,
            GPtrArray     *written)
{
  const MsMailClient *client = ms_client_row_get_client (row);

  g_ptr_array_add (written, NULL);
  ms_setup_set_export (ms_page_get_setup (MS_PAGE (self)), ms_mail_client_get_name (client),
                       client->desktop_ids, client->command_line, summary,
                       (const char * const *) written->pdata);
}

static void
export_failed (GTask        *task,
               GError       *error)
{
  MsClientsPage *self = g_task_get_source_object (task);

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      gtk_label_set_text (self->status, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->status), TRUE);
    }
  g_task_return_error (task, error);
}

static void
on_evolution_done (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  MsClientsPage *self = g_task_get_source_object (task);
  MsClientRow *row = g_task_get_task_data (task);
  g_autoptr (MsEvolutionResult) done = NULL;
  g_autoptr (GPtrArray) written = g_ptr_array_new_with_free_func (g_free);
  GError *error = NULL;

  done = ms_export_evolution_with_trust_finish (result, &error);
  if (done == NULL)
    {
      export_failed (task, error);
      return;
    }

  if (done->via_registry)
    g_ptr_array_add (written, g_strdup (_("The account was created through Evolution’s running "
                                          "account service.")));
  for (guint i = 0; i < done->files->len; i++)
    {
      const char *file = g_ptr_array_index (done->files, i);
      g_autofree char *base = g_path_get_basename (file);
      const char *what;

      if (g_str_has_prefix (base, done->account_uid))
        /* TRANSLATORS: the file of Evolution's mail account */
        what = _("Mail account");
      else if (g_str_has_prefix (base, done->identity_uid))
        /* TRANSLATORS: the file of Evolution's identity (name and address) */
        what = _("Identity");
      else if (g_str_has_prefix (base, done->transport_uid))
        what = _("Outgoing server");
      else
        what = _("Account file");
      /* TRANSLATORS: what a file is ("Identity"), then the file */
      g_ptr_array_add (written, g_strdup_printf (_("%s: %s"), what, file));
    }
  for (guint i = 0; i < done->trusted_certificates->len; i++)
    /* TRANSLATORS: %s is HOST:PORT */
    g_ptr_array_add (written, g_strdup_printf (_("Evolution trusts the certificate you accepted "
                                                 "for %s."),
                                               (const char *) g_ptr_array_index (done->trusted_certificates, i)));
  if (done->trust_needs_restart)
    g_ptr_array_add (written, g_strdup (_("Evolution is running: it takes the certificate on "
                                          "when it starts again.")));
  if (done->trust_problem != NULL)
    /* TRANSLATORS: %s says why */
    g_ptr_array_add (written, g_strdup_printf (_("The certificate you accepted could not be "
                                                 "recorded for Evolution (%s): it will ask "
                                                 "about it."), done->trust_problem));

  /* What was set up, in plain words; the files are the details. */
  set_export (self, row, done->secrets->len > 0
              ? _("Evolution: account added, password saved in your keyring.")
              : _("Evolution: account added. Evolution signs you in through your provider’s "
                  "page, or asks for the password."),
              written);
  g_task_return_boolean (task, TRUE);
}

/* What was set up, in plain words, for the Done page: above all, the password. */
static const char *
thunderbird_summary (MsThunderbirdResult *done,
                     gboolean             oauth2)
{
  switch (done->password)
    {
    case MS_THUNDERBIRD_PASSWORD_SAVED:
      return _("Thunderbird: account added, password saved in Thunderbird.");
    case MS_THUNDERBIRD_PASSWORD_PRIMARY_PASSWORD:
      return _("Thunderbird: account added. Your Thunderbird passwords are locked with a "
               "primary password, so Thunderbird will ask for this one once.");
    case MS_THUNDERBIRD_PASSWORD_FAILED:
      return _("Thunderbird: account added. The password could not be saved there, so "
               "Thunderbird will ask for it once.");
    case MS_THUNDERBIRD_PASSWORD_NOT_SAVED:
    default:
      return oauth2 ? _("Thunderbird: account added. Thunderbird opens your provider’s sign-in "
                        "page the first time it connects.")
                    : _("Thunderbird: account added. Thunderbird will ask for the password once.");
    }
}

static void
on_thunderbird_done (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  MsClientsPage *self = g_task_get_source_object (task);
  MsClientRow *row = g_task_get_task_data (task);
  g_autoptr (MsThunderbirdResult) done = NULL;
  g_autoptr (GPtrArray) written = g_ptr_array_new_with_free_func (g_free);
  MsAccount *account;
  GError *error = NULL;

  done = ms_export_thunderbird_finish (result, &error);
  if (done == NULL)
    {
      export_failed (task, error);
      return;
    }

  if (g_object_get_data (G_OBJECT (task), "new-profile") != NULL)
    /* TRANSLATORS: %s is a folder */
    g_ptr_array_add (written, g_strdup_printf (_("New Thunderbird profile: %s"),
                                               (const char *) g_object_get_data (G_OBJECT (task), "new-profile")));
  /* TRANSLATORS: %s is a file */
  g_ptr_array_add (written, g_strdup_printf (done->keys->updated ? _("Account updated in: %s")
                                                                 : _("Account added to: %s"),
                                             done->prefs_path));
  if (done->backup_path != NULL)
    /* TRANSLATORS: %s is a file */
    g_ptr_array_add (written, g_strdup_printf (_("Previous settings saved as: %s"), done->backup_path));
  for (guint i = 0; i < done->trusted_certificates->len; i++)
    /* TRANSLATORS: %s is HOST:PORT */
    g_ptr_array_add (written, g_strdup_printf (_("Thunderbird trusts the certificate you "
                                                 "accepted for %s."),
                                               (const char *) g_ptr_array_index (done->trusted_certificates, i)));
  account = ms_setup_get_account (ms_page_get_setup (MS_PAGE (self)));
  set_export (self, row, thunderbird_summary (done, account != NULL && ms_account_get_oauth2_required (account)),
              written);
  g_task_return_boolean (task, TRUE);
}

static void
on_profile_created (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  MsClientsPage *self = g_task_get_source_object (task);
  MsSetup *setup = ms_page_get_setup (MS_PAGE (self));
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr (MsThunderbirdProfile) profile = NULL;
  GError *error = NULL;

  profile = ms_thunderbird_profile_create_finish (result, &error);
  if (profile == NULL)
    {
      export_failed (task, error);
      return;
    }
  g_object_set_data_full (G_OBJECT (task), "new-profile",
                          g_strdup (ms_thunderbird_profile_get_path (profile)), g_free);
  ms_export_thunderbird_async (ms_setup_get_account (setup), ms_setup_get_name (setup),
                               ms_setup_get_password (setup), ms_setup_get_trust (setup),
                               ms_thunderbird_profile_get_path (profile),
                               cancellable, on_thunderbird_done, g_steal_pointer (&task));
}

/* The export, once the chosen row's lock was checked again (off the main loop). */
static void
on_apply_lock_checked (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  MsClientsPage *self = g_task_get_source_object (task);
  MsClientRow *row = MS_CLIENT_ROW (source);
  MsSetup *setup = ms_page_get_setup (MS_PAGE (self));
  MsAccount *account = ms_setup_get_account (setup);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GError *error = NULL;

  ms_client_row_update_lock_finish (row, result, &error);
  if (error != NULL)
    {
      export_failed (task, error);
      return;
    }
  if (account == NULL || !ms_client_row_get_usable (row))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               ms_client_row_get_locked (row)
                               ? _("Thunderbird is open with these accounts. Close Thunderbird first.")
                               : _("Choose a mail client first."));
      update (self);
      return;
    }

  if (ms_client_row_get_kind (row) == MS_CLIENT_EVOLUTION)
    ms_export_evolution_with_trust_async (account, ms_setup_get_name (setup),
                                          ms_setup_get_password (setup),
                                          ms_client_row_get_client (row)->evolution,
                                          ms_setup_get_trust (setup), cancellable,
                                          on_evolution_done, g_steal_pointer (&task));
  else if (ms_client_row_get_profile (row) == NULL)
    {
      g_autofree char *root = ms_thunderbird_get_root_dir (ms_client_row_get_client (row)->thunderbird);

      /* A new profile for a Thunderbird that has none; the export then goes into it. */
      ms_thunderbird_profile_create_async (root, "default", cancellable, on_profile_created,
                                           g_steal_pointer (&task));
    }
  else
    ms_export_thunderbird_async (account, ms_setup_get_name (setup), ms_setup_get_password (setup),
                                 ms_setup_get_trust (setup),
                                 ms_thunderbird_profile_get_path (ms_client_row_get_profile (row)),
                                 cancellable, on_thunderbird_done, g_steal_pointer (&task));
}

static void
ms_clients_page_apply_async (MsPage              *page,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  MsClientsPage *self = MS_CLIENTS_PAGE (page);
  MsClientRow *row = selected_row (self);
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, ms_clients_page_apply_async);
  gtk_widget_set_visible (GTK_WIDGET (self->status), FALSE);

  if (row == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("Choose a mail client first."));
      update (self);
      return;
    }
  g_task_set_task_data (task, g_object_ref (row), g_object_unref);
  ms_client_row_update_lock_async (row, cancellable, on_apply_lock_checked, g_steal_pointer (&task));
}

static void
ms_clients_page_dispose (GObject *object)
{
  MsClientsPage *self = MS_CLIENTS_PAGE (object);

  g_clear_handle_id (&self->lock_poll_id, g_source_remove);
  if (self->detecting != NULL)
    g_cancellable_cancel (self->detecting);
  g_clear_object (&self->detecting);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->chosen_key, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), MS_TYPE_CLIENTS_PAGE);

  G_OBJECT_CLASS (ms_clients_page_parent_class)->dispose (object);
}

static void
ms_clients_page_class_init (MsClientsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  MsPageClass *page_class = MS_PAGE_CLASS (klass);

  object_class->dispose = ms_clients_page_dispose;
  page_class->shown = ms_clients_page_shown;
  page_class->apply_async = ms_clients_page_apply_async;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mailsetup/MailSetup/ms-clients-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MsClientsPage, description);
  gtk_widget_class_bind_template_child (widget_class, MsClientsPage, clients_group);
  gtk_widget_class_bind_template_child (widget_class, MsClientsPage, status);
  gtk_widget_class_bind_template_child (widget_class, MsClientsPage, details);
  gtk_widget_class_bind_template_child (widget_class, MsClientsPage, details_label);
}

static void
ms_clients_page_init (MsClientsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ms_page_set_title (MS_PAGE (self), _("Where to Use It"));
  self->rows = g_ptr_array_new ();
}
