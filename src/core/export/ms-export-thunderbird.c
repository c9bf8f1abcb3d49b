/* ms-export-thunderbird.c: write an account into a Thunderbird profile's prefs.js
 *
 * The export itself: refuse a profile Thunderbird has open, read and parse prefs.js
 * (ms-prefs-js.c), add the account (ms-thunderbird-account.c), keep a backup and replace
 * the file atomically, in a worker thread. Then the password into Thunderbird's login store
 * (ms-thunderbird-logins.c) and a trusted certificate into its exception file
 * (ms-thunderbird-cert-override.c).
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
#include "ms-sandbox.h"
#include "ms-thunderbird-cert-override.h"
#include "ms-thunderbird-logins.h"
#include "ms-user-file.h"

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
  g_free (result->password_problem);
  g_free (result->logins_backup_path);
  g_clear_pointer (&result->trusted_certificates, g_ptr_array_unref);
  g_free (result->trust_problem);
  g_free (result);
}

const char *
ms_thunderbird_password_to_string (MsThunderbirdPassword password)
{
  static const char *const names[] = {
    [MS_THUNDERBIRD_PASSWORD_NOT_SAVED] = "not-saved",
    [MS_THUNDERBIRD_PASSWORD_SAVED] = "saved",
    [MS_THUNDERBIRD_PASSWORD_PRIMARY_PASSWORD] = "primary-password",
    [MS_THUNDERBIRD_PASSWORD_FAILED] = "failed",
  };

  g_return_val_if_fail ((guint) password < G_N_ELEMENTS (names), NULL);
  return names[password];
}

typedef struct {
  MsAccount *account;
  char *full_name;
  char *password;
  MsTlsTrust *trust;
  char *profile_dir;
} ExportData;

static void
export_data_free (gpointer data)
{
  ExportData *d = data;

  g_clear_object (&d->account);
  g_free (d->full_name);
  ms_thunderbird_logins_free_secret (d->password);
  g_clear_pointer (&d->trust, ms_tls_trust_unref);
  g_free (d->profile_dir);
  g_free (d);
}

/* One server as prefs.js now has it: what Thunderbird will look up. */
typedef struct {
  MsProtocol protocol;
  const char *host;
  gint64 port;
  const char *user;
  gint64 auth;
} PrefsServer;

#define TB_AUTH_NONE 1
#define TB_AUTH_OAUTH2 10

static gboolean
prefs_server (MsPrefs     *prefs,
              const char  *branch,
              const char  *key,
              const char  *user_pref,
              PrefsServer *out)
{
  g_autofree char *type = g_strdup_printf ("%s.%s.type", branch, key);
  g_autofree char *host = g_strdup_printf ("%s.%s.hostname", branch, key);
  g_autofree char *port = g_strdup_printf ("%s.%s.port", branch, key);
  g_autofree char *user = g_strdup_printf ("%s.%s.%s", branch, key, user_pref);
  g_autofree char *auth = g_strdup_printf ("%s.%s.authMethod", branch, key);
  const char *type_value = ms_prefs_get_string (prefs, type);

  if (key == NULL)
    return FALSE;
  out->protocol = g_strcmp0 (type_value, "pop3") == 0 ? MS_PROTOCOL_POP3
                  : g_strcmp0 (type_value, "imap") == 0 ? MS_PROTOCOL_IMAP : MS_PROTOCOL_SMTP;
  out->host = ms_prefs_get_string (prefs, host);
  out->user = ms_prefs_get_string (prefs, user);
  out->port = 0;
  ms_prefs_get_int (prefs, port, &out->port);
  out->auth = 3;
  ms_prefs_get_int (prefs, auth, &out->auth);
  return out->host != NULL && *out->host != '\0';
}

/* The password into logins.json, for each server that signs in with one. */
static void
export_password (ExportData          *d,
                 const PrefsServer   *servers,
                 guint                n_servers,
                 MsThunderbirdResult *result)
{
  g_autoptr(MsThunderbirdLoginsResult) saved = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) origins = g_ptr_array_new_with_free_func (g_free);
  MsThunderbirdLogin logins[2];
  guint n = 0;

  for (guint i = 0; i < n_servers && d->password != NULL; i++)
    {
      if (servers[i].user == NULL || servers[i].auth == TB_AUTH_NONE
          || servers[i].auth == TB_AUTH_OAUTH2)
        continue;
      g_ptr_array_add (origins, ms_thunderbird_login_origin (servers[i].protocol, servers[i].host));
      logins[n].origin = g_ptr_array_index (origins, origins->len - 1);
      logins[n].username = servers[i].user;
      logins[n].password = d->password;
      n++;
    }
  if (n == 0)
    return;

  saved = ms_thunderbird_logins_save_sync (d->profile_dir, logins, n, &error);
  if (saved == NULL)
    {
      g_warning ("The password was not saved for Thunderbird: %s", error->message);
      result->password = MS_THUNDERBIRD_PASSWORD_FAILED;
      result->password_problem = g_strdup (error->message);
      return;
    }
  result->password = saved->status == MS_THUNDERBIRD_LOGINS_PRIMARY_PASSWORD
                     ? MS_THUNDERBIRD_PASSWORD_PRIMARY_PASSWORD : MS_THUNDERBIRD_PASSWORD_SAVED;
  result->logins_backup_path = g_steal_pointer (&saved->backup_path);
}

/* A certificate the user trusted for exactly one host:port, as a Thunderbird exception. */
static void
export_trust (ExportData          *d,
              const PrefsServer   *servers,
              guint                n_servers,
              MsThunderbirdResult *result)
{
  for (guint i = 0; i < n_servers && d->trust != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *pin = NULL;

      if (servers[i].port <= 0 || servers[i].port > G_MAXUINT16)
        continue;
      pin = ms_tls_trust_dup_pin (d->trust, servers[i].host, (guint16) servers[i].port);
      if (pin == NULL)
        continue;
      if (ms_thunderbird_cert_override_save_sync (d->profile_dir, servers[i].host,
                                                  (guint16) servers[i].port, pin, NULL, &error))
        g_ptr_array_add (result->trusted_certificates,
                         g_strdup_printf ("%s:%" G_GINT64_FORMAT, servers[i].host, servers[i].port));
      else if (result->trust_problem == NULL)
        result->trust_problem = g_strdup (error->message);
    }
}

/* After prefs.js: the files Thunderbird keeps the password and certificate exceptions in. */
static void
export_stores (ExportData          *d,
               MsPrefs             *prefs,
               MsThunderbirdResult *result)
{
  PrefsServer servers[2];
  guint n = 0;

  result->trusted_certificates = g_ptr_array_new_with_free_func (g_free);
  if (prefs_server (prefs, "mail.server", result->keys->server_key, "userName", &servers[n]))
    n++;
  if (prefs_server (prefs, "mail.smtpserver", result->keys->smtp_key, "username", &servers[n]))
    n++;
  export_password (d, servers, n, result);
  export_trust (d, servers, n, result);
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

  if (!ms_sandbox_check_writable (d->profile_dir, error))
    return NULL;
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

  /* Only a regular file of sensible size without NUL bytes (ms-user-file.h): a FIFO, a
   * device or a damaged file is refused before anything is written. */
  existed = ms_user_file_read (result->prefs_path, MS_USER_FILE_PREFS_JS, &contents, &old_length,
                               &local_error);
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
    {
      export_stores (d, prefs, result);
      return g_steal_pointer (&result);
    }

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
  export_stores (d, prefs, result);
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
                             const char          *password,
                             MsTlsTrust          *trust,
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
  d->password = g_strdup (password);
  d->trust = trust != NULL ? ms_tls_trust_ref (trust) : NULL;
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
