/* ms-export-thunderbird.c: write an account into a Thunderbird profile's prefs.js
 *
 * The export itself: refuse a profile Thunderbird has open, read and parse prefs.js
 * (ms-prefs-js.c), add the account (ms-thunderbird-account.c), keep a backup and replace
 * the file atomically, in a worker thread. Further files of the profile are written here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-thunderbird"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ms-atomic-file.h"
#include "ms-export-thunderbird.h"

#define BACKUP_SUFFIX "mail-setup-backup"

void
ms_thunderbird_result_free (MsThunderbirdResult *result)
{
  if (result == NULL)
    return;
  g_free (result->profile_dir);
  g_free (result->prefs_path);
  g_free (result->backup_path);
  ms_thunderbird_keys_free (result->keys);
  g_free (result);
}

typedef struct {
  MsAccount *account;
  char *full_name;
  char *profile_dir;
} ExportData;

static void
export_data_free (gpointer data)
{
  ExportData *d = data;

  g_clear_object (&d->account);
  g_free (d->full_name);
  g_free (d->profile_dir);
  g_free (d);
}

static MsThunderbirdResult *
export_sync (ExportData  *d,
             GError     **error)
{
  g_autoptr(MsThunderbirdResult) result = g_new0 (MsThunderbirdResult, 1);
  g_autoptr(MsPrefs) prefs = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *data = NULL;
  g_autofree char *display = g_filename_display_name (d->profile_dir);
  gsize old_length = 0;
  gsize length = 0;
  gboolean existed;
  int pid = 0;

  result->profile_dir = g_strdup (d->profile_dir);
  result->prefs_path = g_build_filename (d->profile_dir, "prefs.js", NULL);

  if (!g_file_test (d->profile_dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, MS_THUNDERBIRD_ERROR, MS_THUNDERBIRD_ERROR_NO_SUCH_PROFILE,
                   /* TRANSLATORS: %s is a folder name */
                   _("The Thunderbird profile folder “%s” does not exist."), display);
      return NULL;
    }
  if (ms_thunderbird_profile_dir_is_locked (d->profile_dir, &pid))
    {
      g_set_error (error, MS_THUNDERBIRD_ERROR, MS_THUNDERBIRD_ERROR_PROFILE_IN_USE,
                   /* TRANSLATORS: %s is a folder name */
                   _("Thunderbird is using the profile “%s”. Quit Thunderbird and try again; "
                     "nothing was changed."), display);
      return NULL;
    }
  if (access (d->profile_dir, W_OK) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   /* TRANSLATORS: the first %s is a folder name, the second the reason */
                   _("The Thunderbird profile folder “%s” cannot be written: %s; nothing was "
                     "changed."), display, g_strerror (saved_errno));
      return NULL;
    }

  existed = g_file_get_contents (result->prefs_path, &contents, &old_length, &local_error);
  if (!existed && !g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  prefs = existed ? ms_prefs_parse (contents, old_length, error) : ms_prefs_new ();
  if (prefs == NULL)
    return NULL;
  if (!existed)
    {
      ms_prefs_free (prefs);
      prefs = ms_prefs_parse ("// Thunderbird rewrites this file when it quits.\n",
                              strlen ("// Thunderbird rewrites this file when it quits.\n"), NULL);
    }

  result->keys = ms_thunderbird_prefs_add_account (prefs, d->account, d->full_name, error);
  if (result->keys == NULL)
    return NULL;
  data = ms_prefs_to_data (prefs, &length);

  /* The same account exported again with the same settings: nothing to write. */
  if (existed && old_length == length &&
      memcmp (contents, data, length) == 0)
    return g_steal_pointer (&result);

  if (existed)
    {
      result->backup_path = ms_atomic_file_backup (result->prefs_path, BACKUP_SUFFIX, 0600, error);
      if (result->backup_path == NULL)
        return NULL;
    }

  /* Thunderbird may have started meanwhile. */
  if (ms_thunderbird_profile_dir_is_locked (d->profile_dir, &pid))
    {
      if (result->backup_path != NULL)
        g_unlink (result->backup_path);
      g_set_error (error, MS_THUNDERBIRD_ERROR, MS_THUNDERBIRD_ERROR_PROFILE_IN_USE,
                   _("Thunderbird is using the profile “%s”. Quit Thunderbird and try again; "
                     "nothing was changed."), display);
      return NULL;
    }
  if (!ms_atomic_file_write (result->prefs_path, data, length, 0600, error))
    {
      if (result->backup_path != NULL)
        g_unlink (result->backup_path);
      return NULL;
    }
  return g_steal_pointer (&result);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;
  MsThunderbirdResult *result;

  if (g_task_return_error_if_cancelled (task))
    return;
  result = export_sync (task_data, &error);
  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) ms_thunderbird_result_free);
}

void
ms_export_thunderbird_async (MsAccount           *account,
                             const char          *full_name,
                             const char          *profile_dir,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportData *d;

  g_return_if_fail (MS_IS_ACCOUNT (account));
  g_return_if_fail (profile_dir != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ms_export_thunderbird_async);
  d = g_new0 (ExportData, 1);
  /* A private copy: the worker thread reads it while the caller goes on. */
  d->account = ms_account_copy (account);
  d->full_name = g_strdup (full_name);
  d->profile_dir = g_strdup (profile_dir);
  g_task_set_task_data (task, d, export_data_free);
  g_task_run_in_thread (task, export_thread);
}

MsThunderbirdResult *
ms_export_thunderbird_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
