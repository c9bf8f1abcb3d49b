/* ms-client-row.c: one mail client (or Thunderbird profile) the account can go to
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-client-row"

#include "config.h"

#include <glib/gi18n.h>

#include "ms-client-row.h"

struct _MsClientRow
{
  AdwActionRow parent_instance;

  GtkCheckButton *radio;
  GtkWidget *lock_icon;

  MsMailTarget *target;
  char *base_subtitle;
  char *location;       /* "Thunderbird: /path": a detail, shown by the page under Details */
  gboolean locked;
  GCancellable *cancellable;  /* lock checks; cancelled on dispose */
};

G_DEFINE_FINAL_TYPE (MsClientRow, ms_client_row, ADW_TYPE_ACTION_ROW)

static gboolean
set_locked (MsClientRow *self,
            gboolean     locked)
{
  if (locked == self->locked)
    return FALSE;

  self->locked = locked;
  gtk_widget_set_visible (self->lock_icon, locked);
  if (locked)
    {
      g_autofree char *text = g_strdup_printf ("%s\n%s", self->base_subtitle,
                                               _("Thunderbird is open with these accounts. Close "
                                                 "Thunderbird first; this updates by itself."));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self), text);
    }
  else
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self), self->base_subtitle);
  return TRUE;
}

GtkWidget *
ms_client_row_new (MsMailTarget *target)
{
  MsClientRow *self = g_object_new (MS_TYPE_CLIENT_ROW, NULL);
  const MsMailClient *client = ms_mail_target_get_client (target);
  MsThunderbirdProfile *profile = ms_mail_target_get_profile (target);
  g_autofree char *title = NULL;
  g_autofree char *location = NULL;

  self->target = ms_mail_target_ref (target);
  /* Plain words in the row; the folders are details (ms_client_row_get_location()). */
  if (client->kind == MS_CLIENT_EVOLUTION)
    {
      g_autofree char *dir = ms_evolution_get_sources_dir (client->evolution);

      title = g_strdup (ms_mail_client_get_name (client));
      self->base_subtitle = g_strdup (_("GNOME’s mail, calendar and contacts. Password in your "
                                        "login keyring."));
      location = g_steal_pointer (&dir);
    }
  else if (profile != NULL && ms_thunderbird_profile_get_is_default (profile))
    {
      title = g_strdup (ms_mail_client_get_name (client));
      self->base_subtitle = g_strdup (_("The accounts Thunderbird opens with."));
      location = g_strdup (ms_thunderbird_profile_get_path (profile));
    }
  else if (profile != NULL)
    {
      /* TRANSLATORS: first %s is "Thunderbird" or "Thunderbird (Flatpak)", second the
       * name of one of its sets of accounts (a Thunderbird profile) */
      title = g_strdup_printf (_("%s: “%s”"), ms_mail_client_get_name (client),
                               ms_thunderbird_profile_get_name (profile));
      self->base_subtitle = g_strdup (_("Another set of accounts in Thunderbird."));
      location = g_strdup (ms_thunderbird_profile_get_path (profile));
    }
  else
    {
      title = g_strdup (ms_mail_client_get_name (client));
      self->base_subtitle = g_strdup (_("Not set up yet: Mail Setup prepares it, and Thunderbird "
                                        "starts with this account."));
      location = ms_thunderbird_get_root_dir (client->thunderbird);
    }
  /* TRANSLATORS: a mail client's name (with a set of accounts), then its folder */
  self->location = g_strdup_printf (_("%s: %s"), title, location);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), title);
  /* Named once: by this label alone (not also by the row's title, as libadwaita adds). */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->radio), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->radio), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  title, -1);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), self->base_subtitle);
  if (profile != NULL)
    set_locked (self, ms_mail_target_get_locked (target));
  return GTK_WIDGET (self);
}

const char *
ms_client_row_get_location (MsClientRow *self)
{
  g_return_val_if_fail (MS_IS_CLIENT_ROW (self), NULL);
  return self->location;
}

MsMailTarget *
ms_client_row_get_mail_target (MsClientRow *self)
{
  g_return_val_if_fail (MS_IS_CLIENT_ROW (self), NULL);
  return self->target;
}

const MsMailClient *
ms_client_row_get_client (MsClientRow *self)
{
  g_return_val_if_fail (MS_IS_CLIENT_ROW (self), NULL);
  return ms_mail_target_get_client (self->target);
}

MsClientKind
ms_client_row_get_kind (MsClientRow *self)
{
  g_return_val_if_fail (MS_IS_CLIENT_ROW (self), MS_CLIENT_EVOLUTION);
  return ms_mail_target_get_client (self->target)->kind;
}

MsThunderbirdProfile *
ms_client_row_get_profile (MsClientRow *self)
{
  g_return_val_if_fail (MS_IS_CLIENT_ROW (self), NULL);
  return ms_mail_target_get_profile (self->target);
}

const char *
ms_client_row_get_key (MsClientRow *self)
{
  g_return_val_if_fail (MS_IS_CLIENT_ROW (self), NULL);
  return ms_mail_target_get_key (self->target);
}

const char *
ms_client_row_get_client_name (MsClientRow *self)
{
  g_return_val_if_fail (MS_IS_CLIENT_ROW (self), NULL);
  return ms_mail_client_get_name (ms_mail_target_get_client (self->target));
}

GtkCheckButton *
ms_client_row_get_radio (MsClientRow *self)
{
  g_return_val_if_fail (MS_IS_CLIENT_ROW (self), NULL);
  return self->radio;
}

gboolean
ms_client_row_get_selected (MsClientRow *self)
{
  g_return_val_if_fail (MS_IS_CLIENT_ROW (self), FALSE);
  return gtk_check_button_get_active (self->radio);
}

static void
on_lock_checked (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  MsClientRow *self = g_task_get_source_object (task);
  GError *error = NULL;
  gboolean locked;

  /* Cancelled when the row was disposed: then it must not be touched. */
  locked = ms_mail_profile_check_lock_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;
  g_task_return_boolean (task, set_locked (self, locked));
}

void
ms_client_row_update_lock_async (MsClientRow         *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (MS_IS_CLIENT_ROW (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ms_client_row_update_lock_async);
  if (ms_client_row_get_profile (self) == NULL)
    {
      g_task_return_boolean (task, FALSE);
      return;
    }

  /* The file system is asked in a worker thread. That task holds no widget: the row is
   * only ever referenced, and released, here on the main thread. */
  ms_mail_profile_check_lock_async (ms_thunderbird_profile_get_path (ms_client_row_get_profile (self)),
                                    self->cancellable, on_lock_checked, g_steal_pointer (&task));
}

gboolean
ms_client_row_update_lock_finish (MsClientRow   *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (MS_IS_CLIENT_ROW (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        ms_client_row_update_lock_async, FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
ms_client_row_get_locked (MsClientRow *self)
{
  g_return_val_if_fail (MS_IS_CLIENT_ROW (self), FALSE);
  return self->locked;
}

gboolean
ms_client_row_get_usable (MsClientRow *self)
{
  g_return_val_if_fail (MS_IS_CLIENT_ROW (self), FALSE);
  return !self->locked;
}

static void
ms_client_row_dispose (GObject *object)
{
  MsClientRow *self = MS_CLIENT_ROW (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), MS_TYPE_CLIENT_ROW);
  g_clear_pointer (&self->target, ms_mail_target_unref);
  g_clear_pointer (&self->base_subtitle, g_free);
  g_clear_pointer (&self->location, g_free);

  G_OBJECT_CLASS (ms_client_row_parent_class)->dispose (object);
}

static void
ms_client_row_class_init (MsClientRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ms_client_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mailsetup/MailSetup/ms-client-row.ui");
  gtk_widget_class_bind_template_child (widget_class, MsClientRow, radio);
  gtk_widget_class_bind_template_child (widget_class, MsClientRow, lock_icon);
}

static void
ms_client_row_init (MsClientRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}
