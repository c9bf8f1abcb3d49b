/* ms-mail-client.c: the mail clients an account can go to, and finding them on this computer
 *
 * One table describes each installation of each client the exports know (Evolution as the
 * distribution's package or Flatpak; Thunderbird as package, Flatpak or Snap): its name,
 * how it is started (desktop IDs, a command line). On top of it: which of them are
 * installed, the Thunderbird profiles and whether Thunderbird has one open, and which
 * profile a name given by the user means. The window and the CLI only show and choose.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-mail-client"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ms-mail-client.h"

static const char * const evolution_ids[] = { "org.gnome.Evolution.desktop", NULL };
static const char * const thunderbird_native_ids[] = {
  "thunderbird.desktop", "org.mozilla.Thunderbird.desktop", "net.thunderbird.Thunderbird.desktop", NULL
};
static const char * const thunderbird_flatpak_ids[] = { "org.mozilla.Thunderbird.desktop", NULL };
static const char * const thunderbird_snap_ids[] = { "thunderbird_thunderbird.desktop", NULL };

static const MsMailClient clients[] = {
  { MS_CLIENT_EVOLUTION, "evolution:native", MS_EVOLUTION_TARGET_NATIVE, 0,
    N_("Evolution"), evolution_ids, "evolution", "evolution" },
  { MS_CLIENT_EVOLUTION, "evolution:flatpak", MS_EVOLUTION_TARGET_FLATPAK, 0,
    N_("Evolution (Flatpak)"), evolution_ids, "flatpak run org.gnome.Evolution",
    "evolution-flatpak" },
  { MS_CLIENT_THUNDERBIRD, "thunderbird:native", 0, MS_THUNDERBIRD_INSTALL_NATIVE,
    N_("Thunderbird"), thunderbird_native_ids, "thunderbird", "thunderbird" },
  { MS_CLIENT_THUNDERBIRD, "thunderbird:flatpak", 0, MS_THUNDERBIRD_INSTALL_FLATPAK,
    N_("Thunderbird (Flatpak)"), thunderbird_flatpak_ids, "flatpak run org.mozilla.Thunderbird",
    NULL },
  { MS_CLIENT_THUNDERBIRD, "thunderbird:snap", 0, MS_THUNDERBIRD_INSTALL_SNAP,
    N_("Thunderbird (Snap)"), thunderbird_snap_ids, "snap run thunderbird", NULL },
};

const char *
ms_client_kind_to_string (MsClientKind kind)
{
  return kind == MS_CLIENT_THUNDERBIRD ? "thunderbird" : "evolution";
}

const MsMailClient *
ms_mail_client_get_all (guint *n_clients)
{
  if (n_clients != NULL)
    *n_clients = G_N_ELEMENTS (clients);
  return clients;
}

const MsMailClient *
ms_mail_client_for_evolution (MsEvolutionTarget target)
{
  for (guint i = 0; i < G_N_ELEMENTS (clients); i++)
    if (clients[i].kind == MS_CLIENT_EVOLUTION && clients[i].evolution == target)
      return &clients[i];
  g_return_val_if_reached (&clients[0]);
}

const MsMailClient *
ms_mail_client_for_thunderbird (MsThunderbirdInstall install)
{
  for (guint i = 0; i < G_N_ELEMENTS (clients); i++)
    if (clients[i].kind == MS_CLIENT_THUNDERBIRD && clients[i].thunderbird == install)
      return &clients[i];
  g_return_val_if_reached (&clients[2]);
}

const MsMailClient *
ms_mail_client_for_cli_name (const char *name)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (clients); i++)
    {
      if (g_strcmp0 (clients[i].cli_name, name) != 0)
        continue;
      if (clients[i].kind == MS_CLIENT_EVOLUTION &&
          clients[i].evolution == MS_EVOLUTION_TARGET_NATIVE)
        return ms_mail_client_for_evolution (ms_evolution_detect_target ());
      return &clients[i];
    }
  return NULL;
}

const char *
ms_mail_client_get_name (const MsMailClient *client)
{
  g_return_val_if_fail (client != NULL, NULL);
  return _(client->name);
}

gboolean
ms_mail_client_is_present (const MsMailClient *client)
{
  g_return_val_if_fail (client != NULL, FALSE);
  return client->kind == MS_CLIENT_EVOLUTION ? ms_evolution_target_is_present (client->evolution)
                                             : ms_thunderbird_install_is_present (client->thunderbird);
}

/* --- targets ------------------------------------------------------------------------- */

struct _MsMailTarget {
  const MsMailClient *client;
  MsThunderbirdProfile *profile;
  gboolean locked;
  char *key;
};

static MsMailTarget *
target_new (const MsMailClient   *client,
            MsThunderbirdProfile *profile,
            gboolean              locked)
{
  MsMailTarget *self = g_atomic_rc_box_new0 (MsMailTarget);

  self->client = client;
  self->locked = locked;
  if (client->kind == MS_CLIENT_EVOLUTION)
    self->key = g_strdup (client->nick);
  else if (profile != NULL)
    {
      self->profile = ms_thunderbird_profile_ref (profile);
      self->key = g_strdup_printf ("%s:%s", client->nick, ms_thunderbird_profile_get_path (profile));
    }
  else
    self->key = g_strdup_printf ("%s:new", client->nick);
  return self;
}

static void
target_clear (gpointer data)
{
  MsMailTarget *self = data;

  g_clear_pointer (&self->profile, ms_thunderbird_profile_unref);
  g_free (self->key);
}

MsMailTarget *
ms_mail_target_ref (MsMailTarget *self)
{
  return g_atomic_rc_box_acquire (self);
}

void
ms_mail_target_unref (MsMailTarget *self)
{
  g_atomic_rc_box_release_full (self, target_clear);
}

const MsMailClient *
ms_mail_target_get_client (MsMailTarget *self)
{
  return self->client;
}

MsThunderbirdProfile *
ms_mail_target_get_profile (MsMailTarget *self)
{
  return self->profile;
}

gboolean
ms_mail_target_get_locked (MsMailTarget *self)
{
  return self->locked;
}

const char *
ms_mail_target_get_key (MsMailTarget *self)
{
  return self->key;
}

GPtrArray *
ms_mail_targets_detect (GCancellable *cancellable)
{
  GPtrArray *found = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_mail_target_unref);

  for (guint c = 0; c < G_N_ELEMENTS (clients) && !g_cancellable_is_cancelled (cancellable); c++)
    {
      const MsMailClient *client = &clients[c];
      g_autofree char *root = NULL;
      g_autoptr (GPtrArray) profiles = NULL;

      if (!ms_mail_client_is_present (client))
        continue;
      if (client->kind == MS_CLIENT_EVOLUTION)
        {
          g_ptr_array_add (found, target_new (client, NULL, FALSE));
          continue;
        }

      root = ms_thunderbird_get_root_dir (client->thunderbird);
      /* No profile list, or an unreadable one: offer a new profile. */
      profiles = ms_thunderbird_profiles_load (root, NULL);
      if (profiles == NULL || profiles->len == 0)
        {
          g_ptr_array_add (found, target_new (client, NULL, FALSE));
          continue;
        }
      for (guint p = 0; p < profiles->len; p++)
        {
          MsThunderbirdProfile *profile = g_ptr_array_index (profiles, p);
          gboolean locked = ms_thunderbird_profile_dir_is_locked (
            ms_thunderbird_profile_get_path (profile), NULL);

          g_ptr_array_add (found, target_new (client, profile, locked));
        }
    }
  return found;
}

static void
detect_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  g_autoptr (GPtrArray) found = ms_mail_targets_detect (cancellable);

  if (g_task_return_error_if_cancelled (task))
    return;
  g_task_return_pointer (task, g_steal_pointer (&found), (GDestroyNotify) g_ptr_array_unref);
}

void
ms_mail_targets_detect_async (GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, ms_mail_targets_detect_async);
  g_task_run_in_thread (task, detect_thread);
}

GPtrArray *
ms_mail_targets_detect_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
lock_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  g_task_return_boolean (task, ms_thunderbird_profile_dir_is_locked (task_data, NULL));
}

void
ms_mail_profile_check_lock_async (const char          *profile_dir,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (profile_dir != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ms_mail_profile_check_lock_async);
  g_task_set_task_data (task, g_strdup (profile_dir), g_free);
  g_task_run_in_thread (task, lock_thread);
}

gboolean
ms_mail_profile_check_lock_finish (GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- choosing a Thunderbird profile -------------------------------------------------- */

char *
ms_mail_client_find_thunderbird_profile (const char  *wanted,
                                         GError     **error)
{
  GError *first_error = NULL;

  /* A folder, or the name of a profile of one of the installations. */
  if (wanted != NULL && g_file_test (wanted, G_FILE_TEST_IS_DIR))
    return g_canonicalize_filename (wanted, NULL);

  for (guint c = 0; c < G_N_ELEMENTS (clients); c++)
    {
      g_autofree char *root = NULL;
      g_autoptr (GPtrArray) profiles = NULL;
      GError *local_error = NULL;

      if (clients[c].kind != MS_CLIENT_THUNDERBIRD)
        continue;
      root = ms_thunderbird_get_root_dir (clients[c].thunderbird);
      profiles = ms_thunderbird_profiles_load (root, &local_error);
      if (profiles == NULL)
        {
          /* A damaged list matters; a missing one just means "not installed". */
          if (first_error == NULL && !g_error_matches (local_error, MS_THUNDERBIRD_ERROR,
                                                       MS_THUNDERBIRD_ERROR_NO_PROFILES))
            first_error = local_error;
          else
            g_error_free (local_error);
          continue;
        }
      for (guint j = 0; j < profiles->len; j++)
        {
          MsThunderbirdProfile *p = g_ptr_array_index (profiles, j);

          if (wanted == NULL ? ms_thunderbird_profile_get_is_default (p)
                             : g_strcmp0 (ms_thunderbird_profile_get_name (p), wanted) == 0)
            {
              g_clear_error (&first_error);
              return g_strdup (ms_thunderbird_profile_get_path (p));
            }
        }
    }

  if (first_error != NULL)
    g_propagate_error (error, first_error);
  return NULL;
}

char *
ms_mail_client_get_thunderbird_root_for_new (void)
{
  for (guint c = 0; c < G_N_ELEMENTS (clients); c++)
    {
      g_autofree char *root = NULL;
      g_autofree char *ini = NULL;

      if (clients[c].kind != MS_CLIENT_THUNDERBIRD)
        continue;
      root = ms_thunderbird_get_root_dir (clients[c].thunderbird);
      ini = g_build_filename (root, "profiles.ini", NULL);
      if (g_file_test (ini, G_FILE_TEST_EXISTS))
        return g_steal_pointer (&root);
    }
  return ms_thunderbird_get_root_dir (MS_THUNDERBIRD_INSTALL_NATIVE);
}
