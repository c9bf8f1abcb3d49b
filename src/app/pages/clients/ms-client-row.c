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

  MsClientKind kind;
  MsEvolutionTarget target;
  MsThunderbirdInstall install;
  MsThunderbirdProfile *profile;
  char *key;
  char *client_name;
  char *base_subtitle;
  gboolean locked;
  GCancellable *cancellable;  /* lock checks; cancelled on dispose */
};

G_DEFINE_FINAL_TYPE (MsClientRow, ms_client_row, ADW_TYPE_ACTION_ROW)

GtkWidget *
ms_client_row_new_evolution (MsEvolutionTarget target)
{
  MsClientRow *self = g_object_new (MS_TYPE_CLIENT_ROW, NULL);
  g_autofree char *dir = ms_evolution_get_sources_dir (target);

  self->kind = MS_CLIENT_EVOLUTION;
  self->target = target;
  self->key = g_strdup_printf ("evolution:%s", ms_evolution_target_to_string (target));
  self->client_name = g_strdup (target == MS_EVOLUTION_TARGET_FLATPAK ? _("Evolution (Flatpak)")
                                                                      : _("Evolution"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), self->client_name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->radio), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  self->client_name, -1);
  /* TRANSLATORS: %s is a folder */
  self->base_subtitle = g_strdup_printf (_("GNOME’s mail, calendar and contacts. Password in your "
                                           "login keyring; settings in %s"), dir);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), self->base_subtitle);
  return GTK_WIDGET (self);
}

static const char *
install_words (MsThunderbirdInstall install)
{
  switch (install)
    {
    case MS_THUNDERBIRD_INSTALL_FLATPAK:
      return _("Thunderbird (Flatpak)");
    case MS_THUNDERBIRD_INSTALL_SNAP:
      return _("Thunderbird (Snap)");
    case MS_THUNDERBIRD_INSTALL_NATIVE:
    default:
      return _("Thunderbird");
    }
}

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
                                               _("Thunderbird is running with this profile. Close "
                                                 "Thunderbird first; this updates by itself."));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self), text);
    }
  else
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self), self->base_subtitle);
  return TRUE;
}

GtkWidget *
ms_client_row_new_thunderbird (MsThunderbirdInstall  install,
                               MsThunderbirdProfile *profile,
                               gboolean              locked)
{
  MsClientRow *self = g_object_new (MS_TYPE_CLIENT_ROW, NULL);
  g_autofree char *title = NULL;

  self->kind = MS_CLIENT_THUNDERBIRD;
  self->install = install;
  self->client_name = g_strdup (install_words (install));
  if (profile != NULL)
    {
      self->profile = ms_thunderbird_profile_ref (profile);
      self->key = g_strdup_printf ("thunderbird:%s:%s", ms_thunderbird_install_to_string (install),
                                   ms_thunderbird_profile_get_path (profile));
      /* TRANSLATORS: first %s is "Thunderbird" or "Thunderbird (Flatpak)", second a
       * profile's name */
      title = g_strdup_printf (_("%s, profile “%s”"), self->client_name,
                               ms_thunderbird_profile_get_name (profile));
      if (ms_thunderbird_profile_get_is_default (profile))
        /* TRANSLATORS: %s is a folder */
        self->base_subtitle = g_strdup_printf (_("The profile Thunderbird starts with, in %s"),
                                               ms_thunderbird_profile_get_path (profile));
      else
        self->base_subtitle = g_strdup_printf (_("In %s"), ms_thunderbird_profile_get_path (profile));
    }
  else
    {
      g_autofree char *root = ms_thunderbird_get_root_dir (install);

      self->key = g_strdup_printf ("thunderbird:%s:new", ms_thunderbird_install_to_string (install));
      /* TRANSLATORS: %s is "Thunderbird" or "Thunderbird (Flatpak)" */
      title = g_strdup_printf (_("%s, new profile"), self->client_name);
      /* TRANSLATORS: %s is a folder */
      self->base_subtitle = g_strdup_printf (_("Thunderbird has no profile yet: Mail Setup makes "
                                               "one, which Thunderbird starts with, in %s"), root);
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->radio), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  title, -1);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), self->base_subtitle);
  if (profile != NULL)
    set_locked (self, locked);
  return GTK_WIDGET (self);
}

MsClientKind
ms_client_row_get_kind (MsClientRow *self)
{
  g_return_val_if_fail (MS_IS_CLIENT_ROW (self), MS_CLIENT_EVOLUTION);
  return self->kind;
}

MsEvolutionTarget
ms_client_row_get_target (MsClientRow *self)
{
  g_return_val_if_fail (MS_IS_CLIENT_ROW (self), MS_EVOLUTION_TARGET_NATIVE);
  return self->target;
}

MsThunderbirdInstall
ms_client_row_get_install (MsClientRow *self)
{
  g_return_val_if_fail (MS_IS_CLIENT_ROW (self), MS_THUNDERBIRD_INSTALL_NATIVE);
  return self->install;
}

MsThunderbirdProfile *
ms_client_row_get_profile (MsClientRow *self)
{
  g_return_val_if_fail (MS_IS_CLIENT_ROW (self), NULL);
  return self->profile;
}

const char *
ms_client_row_get_key (MsClientRow *self)
{
  g_return_val_if_fail (MS_IS_CLIENT_ROW (self), NULL);
  return self->key;
}

const char *
ms_client_row_get_client_name (MsClientRow *self)
{
  g_return_val_if_fail (MS_IS_CLIENT_ROW (self), NULL);
  return self->client_name;
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
lock_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  g_task_return_boolean (task, ms_thunderbird_profile_dir_is_locked (task_data, NULL));
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
  locked = g_task_propagate_boolean (G_TASK (result), &error);
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
  g_autoptr (GTask) check = NULL;

  g_return_if_fail (MS_IS_CLIENT_ROW (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ms_client_row_update_lock_async);
  if (self->profile == NULL)
    {
      g_task_return_boolean (task, FALSE);
      return;
    }

  /* The file system is asked in a worker thread. That task holds no widget: the row is
   * only ever referenced, and released, here on the main thread. */
  check = g_task_new (NULL, self->cancellable, on_lock_checked, g_steal_pointer (&task));
  g_task_set_source_tag (check, lock_thread);
  g_task_set_task_data (check, g_strdup (ms_thunderbird_profile_get_path (self->profile)), g_free);
  g_task_run_in_thread (check, lock_thread);
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
  g_clear_pointer (&self->profile, ms_thunderbird_profile_unref);
  g_clear_pointer (&self->key, g_free);
  g_clear_pointer (&self->client_name, g_free);
  g_clear_pointer (&self->base_subtitle, g_free);

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
