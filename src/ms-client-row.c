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

GtkWidget *
ms_client_row_new_thunderbird (MsThunderbirdInstall  install,
                               MsThunderbirdProfile *profile)
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
      ms_client_row_update_lock (self);
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

gboolean
ms_client_row_update_lock (MsClientRow *self)
{
  gboolean locked;
  int pid = 0;

  g_return_val_if_fail (MS_IS_CLIENT_ROW (self), FALSE);

  if (self->profile == NULL)
    return FALSE;
  locked = ms_thunderbird_profile_dir_is_locked (ms_thunderbird_profile_get_path (self->profile), &pid);
  if (locked == self->locked && self->base_subtitle != NULL)
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
  else if (self->base_subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self), self->base_subtitle);
  return TRUE;
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
}
