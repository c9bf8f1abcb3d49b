/* ms-repair.c: what is wrong with an account the user has, and its repair in place
 *
 * The diagnosis compares the client's settings with discovery's answer field by field;
 * the repair changes exactly those fields where the client keeps them (prefs.js through
 * ms-prefs-js, Evolution's key files through GKeyFile, which keeps every other key,
 * comment and the order), after a byte-exact backup that undo puts back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mail-setup-repair"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libsecret/secret.h>
#include <string.h>

#include "ms-atomic-file.h"
#include "ms-export-evolution.h"
#include "ms-prefs-js.h"
#include "ms-repair.h"
#include "ms-sandbox.h"
#include "ms-secret.h"
#include "ms-thunderbird-logins.h"
#include "ms-thunderbird-profiles.h"
#include "ms-user-file.h"

#define BACKUP_SUFFIX "mail-setup-repair"
#define SOURCE_WRITABLE_IFACE MS_EVOLUTION_SOURCE_WRITABLE_IFACE
#define WRITE_TIMEOUT_MS 10000

static const char * const field_names[] = {
  [MS_REPAIR_FIELD_HOST] = "host",
  [MS_REPAIR_FIELD_PORT] = "port",
  [MS_REPAIR_FIELD_SECURITY] = "security",
  [MS_REPAIR_FIELD_USERNAME] = "username",
};

G_DEFINE_QUARK (ms-repair-error-quark, ms_repair_error)

const char *
ms_repair_field_to_string (MsRepairField field)
{
  return (guint) field < G_N_ELEMENTS (field_names) ? field_names[field] : NULL;
}

void
ms_repair_change_free (MsRepairChange *change)
{
  if (change == NULL)
    return;
  g_free (change->old_value);
  g_free (change->new_value);
  g_free (change->message);
  g_free (change);
}

void
ms_repair_backup_free (MsRepairBackup *backup)
{
  if (backup == NULL)
    return;
  g_free (backup->file);
  g_free (backup->backup);
  g_free (backup);
}

/* --- diagnosis ------------------------------------------------------------------- */

static void
add_change (GPtrArray     *changes,
            gboolean       incoming,
            MsRepairField  field,
            const char    *old_value,
            const char    *new_value,
            char          *message)
{
  MsRepairChange *c = g_new0 (MsRepairChange, 1);

  c->incoming = incoming;
  c->field = field;
  c->old_value = g_strdup (old_value);
  c->new_value = g_strdup (new_value);
  c->message = message;
  g_ptr_array_add (changes, c);
}

static const char *
security_words (MsSecurity security)
{
  switch (security)
    {
    case MS_SECURITY_TLS:
      return _("encryption from the first byte (TLS)");
    case MS_SECURITY_STARTTLS:
      return _("encryption after connecting (STARTTLS)");
    case MS_SECURITY_NONE:
    default:
      return _("no encryption");
    }
}

/* The user name a server signs in with: its own, else the address. */
static const char *
effective_username (MsServer   *server,
                    const char *address)
{
  const char *user = ms_server_get_username (server);

  return user != NULL ? user : address;
}

static MsServer *
diagnose_server (MsServer   *have,
                 MsServer   *right,
                 gboolean    incoming,
                 const char *address,
                 const char *provider,
                 GPtrArray  *changes)
{
  MsServer *fixed = ms_server_copy (have);
  const char *role = incoming ? _("incoming") : _("outgoing");

  if (right == NULL)
    return fixed;

  if (g_ascii_strcasecmp (ms_server_get_host (have), ms_server_get_host (right)) != 0)
    {
      char *message;

      if (incoming)
        /* TRANSLATORS: "Spectrum moved incoming mail to mobile.charter.net" */
        message = g_strdup_printf (_("%s moved incoming mail to %s."), provider,
                                   ms_server_get_host (right));
      else
        message = g_strdup_printf (_("%s moved outgoing mail to %s."), provider,
                                   ms_server_get_host (right));
      add_change (changes, incoming, MS_REPAIR_FIELD_HOST, ms_server_get_host (have),
                  ms_server_get_host (right), message);
      ms_server_set_host (fixed, ms_server_get_host (right));
    }
  if (ms_server_get_port (have) != ms_server_get_port (right))
    {
      g_autofree char *old_port = g_strdup_printf ("%u", ms_server_get_port (have));
      g_autofree char *new_port = g_strdup_printf ("%u", ms_server_get_port (right));
      char *message;

      if (!incoming && ms_server_get_port (have) == 25)
        message = g_strdup_printf (_("Port 25 is blocked by most internet providers; your "
                                     "provider’s submission port is %u."),
                                   ms_server_get_port (right));
      else
        /* TRANSLATORS: the first %s is "incoming" or "outgoing" */
        message = g_strdup_printf (_("The %s server now answers on port %u, not %u."), role,
                                   ms_server_get_port (right), ms_server_get_port (have));
      add_change (changes, incoming, MS_REPAIR_FIELD_PORT, old_port, new_port, message);
      ms_server_set_port (fixed, ms_server_get_port (right));
    }
  if (ms_server_get_security (have) != ms_server_get_security (right))
    {
      add_change (changes, incoming, MS_REPAIR_FIELD_SECURITY,
                  ms_security_to_string (ms_server_get_security (have)),
                  ms_security_to_string (ms_server_get_security (right)),
                  /* TRANSLATORS: "The outgoing server now needs encryption after …" */
                  g_strdup_printf (_("The %s server now needs %s."), role,
                                   security_words (ms_server_get_security (right))));
      ms_server_set_security (fixed, ms_server_get_security (right));
    }
  if (g_ascii_strcasecmp (effective_username (have, address),
                          effective_username (right, address)) != 0)
    {
      const char *user = effective_username (right, address);

      add_change (changes, incoming, MS_REPAIR_FIELD_USERNAME,
                  effective_username (have, address), user,
                  g_ascii_strcasecmp (user, address) == 0
                    ? g_strdup (_("This server now needs the full address as the user name."))
                    : g_strdup_printf (_("This server now needs the user name %s."), user));
      ms_server_set_username (fixed, user);
    }
  return fixed;
}

void
ms_repair_diagnose (MsFoundAccount *found,
                    MsAccount      *right,
                    GPtrArray      *changes,
                    MsServer      **fixed_in,
                    MsServer      **fixed_out)
{
  MsAddress *address = ms_account_get_address (right);
  const char *text = ms_address_get_address (address);
  const char *provider = ms_account_get_provider_short_name (right);
  g_autoptr(MsServer) right_in = NULL;
  g_autoptr(MsServer) right_out = NULL;
  MsServer *s;

  if (provider == NULL)
    provider = ms_account_get_provider_name (right);
  if (provider == NULL)
    provider = _("Your provider");

  *fixed_in = NULL;
  *fixed_out = NULL;
  if (found->incoming != NULL)
    {
      s = ms_account_find_server (right, ms_server_get_protocol (found->incoming));
      right_in = s != NULL ? ms_server_resolve (s, address) : NULL;
      *fixed_in = diagnose_server (found->incoming, right_in, TRUE, text, provider, changes);
    }
  if (found->outgoing != NULL)
    {
      s = ms_account_get_first_server (right, FALSE);
      right_out = s != NULL ? ms_server_resolve (s, address) : NULL;
      *fixed_out = diagnose_server (found->outgoing, right_out, FALSE, text, provider, changes);
    }
}

/* --- Thunderbird ----------------------------------------------------------------- */

static gint64
socket_type (MsSecurity security)
{
  return security == MS_SECURITY_TLS ? 3 : security == MS_SECURITY_STARTTLS ? 2 : 0;
}

/* Sets in @prefs the fields of @fixed that differ from @have, under PREFIX KEY. */
static void
set_thunderbird_fields (MsPrefs    *prefs,
                        const char *prefix,
                        const char *key,
                        gboolean    smtp,
                        MsServer   *have,
                        MsServer   *fixed)
{
  g_autofree char *base = g_strconcat (prefix, key, ".", NULL);
  g_autofree char *host = g_strconcat (base, "hostname", NULL);
  g_autofree char *port = g_strconcat (base, "port", NULL);
  g_autofree char *sec = g_strconcat (base, smtp ? "try_ssl" : "socketType", NULL);
  g_autofree char *user = g_strconcat (base, smtp ? "username" : "userName", NULL);

  if (fixed == NULL || have == NULL)
    return;
  if (g_strcmp0 (ms_server_get_host (have), ms_server_get_host (fixed)) != 0)
    ms_prefs_set_string (prefs, host, ms_server_get_host (fixed));
  if (ms_server_get_port (have) != ms_server_get_port (fixed))
    ms_prefs_set_int (prefs, port, ms_server_get_port (fixed));
  if (ms_server_get_security (have) != ms_server_get_security (fixed))
    ms_prefs_set_int (prefs, sec, socket_type (ms_server_get_security (fixed)));
  if (g_strcmp0 (ms_server_get_username (have), ms_server_get_username (fixed)) != 0 &&
      ms_server_get_username (fixed) != NULL)
    ms_prefs_set_string (prefs, user, ms_server_get_username (fixed));
}

static gboolean
refuse_running_thunderbird (const char  *profile_dir,
                            GError     **error)
{
  int pid = 0;

  if (!ms_thunderbird_profile_dir_is_locked (profile_dir, &pid))
    return TRUE;
  g_set_error (error, MS_THUNDERBIRD_ERROR, MS_THUNDERBIRD_ERROR_PROFILE_IN_USE,
               _("Thunderbird is open with this profile. Close Thunderbird, then try again."));
  return FALSE;
}

static gboolean
apply_thunderbird (MsFoundAccount *found,
                   MsServer       *fixed_in,
                   MsServer       *fixed_out,
                   GPtrArray      *backups,
                   GError        **error)
{
  g_autofree char *path = g_build_filename (found->location, "prefs.js", NULL);
  g_autofree char *text = NULL;
  g_autofree char *data = NULL;
  g_autoptr(MsPrefs) prefs = NULL;
  MsRepairBackup *b;
  char *backup;
  gsize length;

  if (!refuse_running_thunderbird (found->location, error))
    return FALSE;
  if (!ms_user_file_read (path, MS_USER_FILE_PREFS_JS, &text, &length, error))
    return FALSE;
  prefs = ms_prefs_parse (text, length, error);
  if (prefs == NULL)
    return FALSE;
  set_thunderbird_fields (prefs, "mail.server.", found->server_key, FALSE, found->incoming,
                          fixed_in);
  if (found->smtp_key != NULL)
    set_thunderbird_fields (prefs, "mail.smtpserver.", found->smtp_key, TRUE,
                            found->outgoing, fixed_out);
  data = ms_prefs_to_data (prefs, &length);
  if (length == strlen (text) && memcmp (data, text, length) == 0)
    return TRUE;  /* nothing to change */

  backup = ms_atomic_file_backup (path, BACKUP_SUFFIX, 0600, error);
  if (backup == NULL)
    return FALSE;
  if (!ms_atomic_file_write (path, data, length, 0600, error))
    {
      g_unlink (backup);
      g_free (backup);
      return FALSE;
    }
  b = g_new0 (MsRepairBackup, 1);
  b->file = g_steal_pointer (&path);
  b->backup = backup;
  g_ptr_array_add (backups, b);
  return TRUE;
}

/* --- Evolution ------------------------------------------------------------------- */

static const char *
evolution_security (MsSecurity security)
{
  return security == MS_SECURITY_TLS ? "ssl-on-alternate-port"
       : security == MS_SECURITY_STARTTLS ? "starttls-on-standard-port" : "none";
}

/* @data with the fields of @fixed that differ from @have changed; NULL if none does. */
static char *
evolution_fixed_data (const char *data,
                      MsServer   *have,
                      MsServer   *fixed,
                      GError    **error)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  gboolean changed = FALSE;

  if (have == NULL || fixed == NULL)
    return NULL;
  if (!g_key_file_load_from_data (kf, data, -1,
                                  G_KEY_FILE_KEEP_COMMENTS | G_KEY_FILE_KEEP_TRANSLATIONS, error))
    return NULL;
  if (g_strcmp0 (ms_server_get_host (have), ms_server_get_host (fixed)) != 0)
    {
      g_key_file_set_string (kf, "Authentication", "Host", ms_server_get_host (fixed));
      changed = TRUE;
    }
  if (ms_server_get_port (have) != ms_server_get_port (fixed))
    {
      g_key_file_set_integer (kf, "Authentication", "Port", ms_server_get_port (fixed));
      changed = TRUE;
    }
  if (ms_server_get_security (have) != ms_server_get_security (fixed))
    {
      g_key_file_set_string (kf, "Security", "Method",
                             evolution_security (ms_server_get_security (fixed)));
      changed = TRUE;
    }
  if (g_strcmp0 (ms_server_get_username (have), ms_server_get_username (fixed)) != 0 &&
      ms_server_get_username (fixed) != NULL)
    {
      g_key_file_set_string (kf, "Authentication", "User", ms_server_get_username (fixed));
      changed = TRUE;
    }
  return changed ? g_key_file_to_data (kf, NULL, NULL) : NULL;
}

/* Writes @data as source @uid: through the registry (@path, an object path) or the
 * file. */
static gboolean
write_source (MsFoundAccount *found,
              const char     *uid,
              const char     *object_path,
              const char     *data,
              GError        **error)
{
  g_autofree char *name = g_strconcat (uid, ".source", NULL);
  g_autofree char *file = g_build_filename (found->location, name, NULL);

  if (object_path != NULL)
    {
      g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, error);
      g_autoptr(GVariant) reply = NULL;

      if (bus == NULL)
        return FALSE;
      reply = g_dbus_connection_call_sync (bus,
                                           ms_evolution_get_registry_bus_name (found->client->evolution),
                                           object_path, SOURCE_WRITABLE_IFACE, "Write",
                                           g_variant_new ("(s)", data), NULL,
                                           G_DBUS_CALL_FLAGS_NO_AUTO_START, WRITE_TIMEOUT_MS,
                                           NULL, error);
      if (reply == NULL)
        {
          if (error != NULL && *error != NULL)
            g_dbus_error_strip_remote_error (*error);
          return FALSE;
        }
      return TRUE;
    }
  return ms_atomic_file_write (file, data, strlen (data), 0600, error);
}

/* The sources of @found's Evolution now: the registry's (with @paths) or the files. */
static GHashTable *
load_evolution (MsFoundAccount  *found,
                GHashTable     **paths)
{
  GHashTable *sources = ms_account_reader_load_registry (found->client->evolution, paths, NULL);

  if (sources == NULL)
    {
      *paths = g_hash_table_new (g_str_hash, g_str_equal);
      sources = ms_evolution_load_sources_dir (found->location, FALSE, NULL);
    }
  return sources;
}

static gboolean
apply_evolution (MsFoundAccount *found,
                 MsServer       *fixed_in,
                 MsServer       *fixed_out,
                 GPtrArray      *backups,
                 GError        **error)
{
  g_autoptr(GHashTable) paths = NULL;
  g_autoptr(GHashTable) sources = load_evolution (found, &paths);
  const char *uids[] = { found->account_uid, found->transport_uid };
  MsServer *have[] = { found->incoming, found->outgoing };
  MsServer *fixed[] = { fixed_in, fixed_out };

  for (guint i = 0; i < G_N_ELEMENTS (uids); i++)
    {
      const char *data = uids[i] != NULL ? g_hash_table_lookup (sources, uids[i]) : NULL;
      g_autofree char *name = NULL;
      g_autofree char *file = NULL;
      g_autofree char *new_data = NULL;
      g_autoptr(GError) local_error = NULL;
      char *backup;
      MsRepairBackup *b;

      if (data == NULL)
        continue;
      new_data = evolution_fixed_data (data, have[i], fixed[i], &local_error);
      if (new_data == NULL)
        {
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          continue;
        }
      name = g_strconcat (uids[i], ".source", NULL);
      file = g_build_filename (found->location, name, NULL);
      /* The backup: the file as it is, else (a registry source without a file) its data. */
      if (g_file_test (file, G_FILE_TEST_IS_REGULAR))
        backup = ms_atomic_file_backup (file, BACKUP_SUFFIX, 0600, error);
      else
        {
          g_autoptr(GDateTime) now = g_date_time_new_now_local ();
          g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");

          backup = g_strdup_printf ("%s.%s-%s", file, BACKUP_SUFFIX, stamp);
          if (!ms_atomic_file_write (backup, data, strlen (data), 0600, error))
            g_clear_pointer (&backup, g_free);
        }
      if (backup == NULL)
        return FALSE;
      if (!write_source (found, uids[i], g_hash_table_lookup (paths, uids[i]), new_data, error))
        {
          g_unlink (backup);
          g_free (backup);
          return FALSE;
        }
      b = g_new0 (MsRepairBackup, 1);
      b->file = g_steal_pointer (&file);
      b->backup = backup;
      g_ptr_array_add (backups, b);
    }
  return TRUE;
}

gboolean
ms_repair_apply_sync (MsFoundAccount *found,
                      MsServer       *fixed_in,
                      MsServer       *fixed_out,
                      GPtrArray      *backups,
                      GError        **error)
{
  /* Inside Flatpak without access to the client's folder, the write (and its backup
   * beside it) would land in the sandbox's own copy: say so before anything is written,
   * as the export does. */
  if (!ms_sandbox_check_writable (found->location, error))
    return FALSE;
  if (found->client->kind == MS_CLIENT_THUNDERBIRD)
    return apply_thunderbird (found, fixed_in, fixed_out, backups, error);
  return apply_evolution (found, fixed_in, fixed_out, backups, error);
}

/* --- undo ------------------------------------------------------------------------ */

/* The newest "FILE.mail-setup-repair-…" next to @file, or NULL. */
static char *
newest_backup (const char *file)
{
  g_autofree char *dir = g_path_get_dirname (file);
  g_autofree char *base = g_path_get_basename (file);
  g_autofree char *prefix = g_strconcat (base, ".", BACKUP_SUFFIX, "-", NULL);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autofree char *best = NULL;
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      /* YYYYMMDD-HHMMSS[-N]: longer is later within the same second */
      if (g_str_has_prefix (name, prefix) &&
          (best == NULL || strlen (name) > strlen (best) ||
           (strlen (name) == strlen (best) && strcmp (name, best) > 0)))
        {
          g_free (best);
          best = g_strdup (name);
        }
    }
  return best != NULL ? g_build_filename (dir, best, NULL) : NULL;
}

static gboolean
restore_file (MsFoundAccount *found,
              const char     *file,
              const char     *uid,
              const char     *object_path,
              GPtrArray      *restored,
              GError        **error)
{
  g_autofree char *backup = newest_backup (file);
  g_autofree char *data = NULL;
  gsize length;
  MsRepairBackup *b;
  gboolean ok;

  if (backup == NULL)
    return TRUE;
  if (!g_file_get_contents (backup, &data, &length, error))
    return FALSE;
  if (uid != NULL)
    ok = write_source (found, uid, object_path, data, error);
  else
    ok = ms_atomic_file_write (file, data, length, 0600, error);
  /* Through the registry, its own file is what Evolution wrote; make it ours exactly. */
  if (ok && object_path != NULL)
    ok = ms_atomic_file_write (file, data, length, 0600, error);
  if (!ok)
    return FALSE;
  g_unlink (backup);
  b = g_new0 (MsRepairBackup, 1);
  b->file = g_strdup (file);
  b->backup = g_steal_pointer (&backup);
  g_ptr_array_add (restored, b);
  return TRUE;
}

gboolean
ms_repair_undo_sync (MsFoundAccount *found,
                     GPtrArray      *restored,
                     GError        **error)
{
  guint before = restored->len;

  if (!ms_sandbox_check_writable (found->location, error))
    return FALSE;

  if (found->client->kind == MS_CLIENT_THUNDERBIRD)
    {
      g_autofree char *path = g_build_filename (found->location, "prefs.js", NULL);

      if (!refuse_running_thunderbird (found->location, error) ||
          !restore_file (found, path, NULL, NULL, restored, error))
        return FALSE;
    }
  else
    {
      g_autoptr(GHashTable) paths = NULL;
      g_autoptr(GHashTable) sources = load_evolution (found, &paths);
      const char *uids[] = { found->account_uid, found->transport_uid };

      for (guint i = 0; i < G_N_ELEMENTS (uids); i++)
        {
          g_autofree char *name = NULL;
          g_autofree char *file = NULL;

          if (uids[i] == NULL)
            continue;
          name = g_strconcat (uids[i], ".source", NULL);
          file = g_build_filename (found->location, name, NULL);
          if (!restore_file (found, file, uids[i], g_hash_table_lookup (paths, uids[i]),
                             restored, error))
            return FALSE;
        }
    }
  if (restored->len == before)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("There is no repair of this account to undo."));
      return FALSE;
    }
  return TRUE;
}

/* --- passwords ------------------------------------------------------------------- */

void
ms_repair_free_password (char *password)
{
  ms_thunderbird_logins_free_secret (password);
}

char *
ms_repair_lookup_password (MsFoundAccount  *found,
                           gboolean         incoming,
                           GError         **error)
{
  MsServer *server = incoming ? found->incoming : found->outgoing;

  if (server == NULL)
    return NULL;
  if (found->client->kind == MS_CLIENT_EVOLUTION)
    {
      const char *uid = incoming ? found->account_uid : found->transport_uid;
      g_autoptr(GError) local_error = NULL;
      char *secret;
      char *copy;

      if (uid == NULL)
        return NULL;
      secret = secret_password_lookup_sync (ms_secret_get_eds_schema (), NULL, &local_error,
                                            "e-source-uid", uid, NULL);
      if (secret == NULL)
        {
          if (local_error != NULL)
            g_debug ("no keyring item for %s: %s", uid, local_error->message);
          return NULL;
        }
      copy = g_strdup (secret);
      secret_password_free (secret);
      return copy;
    }
  else
    {
      g_autofree char *origin = ms_thunderbird_login_origin (ms_server_get_protocol (server),
                                                             ms_server_get_host (server));
      g_autoptr(GError) local_error = NULL;
      char *secret = ms_thunderbird_logins_lookup_sync (found->location, origin,
                                                        effective_username (server, found->address),
                                                        &local_error);

      if (g_error_matches (local_error, MS_THUNDERBIRD_LOGINS_ERROR,
                           MS_THUNDERBIRD_LOGINS_ERROR_PRIMARY_PASSWORD))
        g_set_error_literal (error, MS_REPAIR_ERROR, MS_REPAIR_ERROR_PRIMARY_PASSWORD,
                             _("Thunderbird keeps its saved passwords behind a primary "
                               "password, which Mail Setup does not ask for. Type the "
                               "account’s password once instead."));
      else if (secret == NULL && local_error != NULL)
        g_debug ("no saved login for %s: %s", origin, local_error->message);
      return secret;
    }
}

gboolean
ms_repair_store_password (MsFoundAccount *found,
                          MsServer       *fixed_in,
                          MsServer       *fixed_out,
                          const char     *password,
                          GError        **error)
{
  if (found->client->kind == MS_CLIENT_EVOLUTION)
    {
      const char *uids[] = { found->account_uid, found->transport_uid };
      MsServer *servers[] = { fixed_in, fixed_out };
      const char *kinds[] = { "Mail Account", "Mail Transport" };

      for (guint i = 0; i < G_N_ELEMENTS (uids); i++)
        {
          g_autofree char *label = NULL;

          if (uids[i] == NULL || servers[i] == NULL || !ms_server_accepts_password (servers[i]))
            continue;
          label = ms_secret_eds_label (found->address, kinds[i],
                                       i == 0 ? (ms_server_get_protocol (servers[i]) ==
                                                 MS_PROTOCOL_POP3 ? "pop" : "imapx")
                                              : "smtp",
                                       NULL);
          if (!secret_password_store_sync (ms_secret_get_eds_schema (), SECRET_COLLECTION_DEFAULT,
                                           label, password, NULL, error,
                                           "e-source-uid", uids[i],
                                           "eds-origin",
                                           ms_evolution_get_keyring_origin (found->client->evolution),
                                           NULL))
            return FALSE;
        }
      return TRUE;
    }
  else
    {
      g_autoptr(MsThunderbirdLoginsResult) result = NULL;
      MsThunderbirdLogin logins[2];
      g_autofree char *o0 = NULL;
      g_autofree char *o1 = NULL;
      guint n = 0;

      if (fixed_in != NULL && ms_server_accepts_password (fixed_in))
        {
          o0 = ms_thunderbird_login_origin (ms_server_get_protocol (fixed_in),
                                            ms_server_get_host (fixed_in));
          logins[n++] = (MsThunderbirdLogin) { o0, effective_username (fixed_in, found->address),
                                               password };
        }
      if (fixed_out != NULL && ms_server_accepts_password (fixed_out))
        {
          o1 = ms_thunderbird_login_origin (MS_PROTOCOL_SMTP, ms_server_get_host (fixed_out));
          logins[n++] = (MsThunderbirdLogin) { o1, effective_username (fixed_out, found->address),
                                               password };
        }
      if (n == 0)
        return TRUE;
      if (!refuse_running_thunderbird (found->location, error))
        return FALSE;
      result = ms_thunderbird_logins_save_sync (found->location, logins, n, error);
      return result != NULL;
    }
}
