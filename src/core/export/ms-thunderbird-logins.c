/* ms-thunderbird-logins.c: the verified password into Thunderbird's own login store
 *
 * Thunderbird keeps remembered passwords in the profile's logins.json, user name and
 * password each encrypted with NSS's "secret decoder ring" (SDR) under the key in the
 * profile's key4.db. Its account wizard saves a login with origin = realm =
 * "<localStoreType>://<host>" for incoming servers (imap, mailbox for POP3) and
 * "smtp://<host>" for SMTP, and the servers look them up the same way, matching the user
 * name exactly.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include <nss.h>
#include <pk11pub.h>
#include <pk11sdr.h>
#include <secerr.h>
#include <secitem.h>
#include <prerror.h>

#include "ms-atomic-file.h"
#include "ms-thunderbird-logins.h"
#include "ms-user-file.h"

#define BACKUP_SUFFIX "mail-setup-backup"
#define LOGINS_VERSION 3
#define ENC_TYPE_SDR 1

G_DEFINE_QUARK (ms-thunderbird-logins-error-quark, ms_thunderbird_logins_error)

/* NSS has one global state per process: one user at a time. */
static GMutex nss_lock;

void
ms_thunderbird_logins_result_free (MsThunderbirdLoginsResult *result)
{
  if (result == NULL)
    return;
  g_free (result->logins_path);
  g_free (result->backup_path);
  g_free (result);
}

void
ms_thunderbird_logins_free_secret (char *secret)
{
  if (secret == NULL)
    return;
  explicit_bzero (secret, strlen (secret));
  g_free (secret);
}

char *
ms_thunderbird_login_origin (MsProtocol  protocol,
                             const char *host)
{
  static const char *const schemes[] = {
    [MS_PROTOCOL_IMAP] = "imap",
    [MS_PROTOCOL_POP3] = "mailbox",
    [MS_PROTOCOL_SMTP] = "smtp",
  };

  g_return_val_if_fail (host != NULL && *host != '\0', NULL);
  g_return_val_if_fail ((guint) protocol < G_N_ELEMENTS (schemes), NULL);

  if (strchr (host, ':') != NULL)
    return g_strdup_printf ("%s://[%s]", schemes[protocol], host);
  return g_strdup_printf ("%s://%s", schemes[protocol], host);
}

/* ------------------------------------------------------------------------------------ */
/* The merge                                                                             */

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gint64
member_int (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_INT64)
    return 0;
  return json_node_get_int (node);
}

static gboolean
set_error_invalid (GError    **error,
                   const char *reason)
{
  g_set_error (error, MS_THUNDERBIRD_LOGINS_ERROR, MS_THUNDERBIRD_LOGINS_ERROR_INVALID,
               /* TRANSLATORS: %s says what is wrong with the file */
               _("Thunderbird’s password file (logins.json) could not be understood (%s); it "
                 "was left as it was."), reason);
  return FALSE;
}

/* Is @record the login of @login? Same origin and realm, SDR-encrypted, same user name. */
static gboolean
is_ours (JsonObject               *record,
         const MsThunderbirdLogin *login,
         MsThunderbirdDecryptFunc  decrypt,
         gpointer                  user_data)
{
  const char *encrypted;
  char *username;
  gboolean same;

  if (g_strcmp0 (member_string (record, "hostname"), login->origin) != 0
      || g_strcmp0 (member_string (record, "httpRealm"), login->origin) != 0
      || member_int (record, "encType") != ENC_TYPE_SDR)
    return FALSE;
  encrypted = member_string (record, "encryptedUsername");
  if (encrypted == NULL)
    return FALSE;
  username = decrypt (encrypted, user_data);
  same = username != NULL && strcmp (username, login->username) == 0;
  ms_thunderbird_logins_free_secret (username);
  return same;
}

static gboolean
password_is (JsonObject               *record,
             const char               *password,
             MsThunderbirdDecryptFunc  decrypt,
             gpointer                  user_data)
{
  const char *encrypted = member_string (record, "encryptedPassword");
  char *old;
  gboolean same;

  if (encrypted == NULL)
    return FALSE;
  old = decrypt (encrypted, user_data);
  same = old != NULL && strcmp (old, password) == 0;
  ms_thunderbird_logins_free_secret (old);
  return same;
}

static char *
new_guid (void)
{
  g_autofree char *uuid = g_uuid_string_random ();
  return g_strdup_printf ("{%s}", uuid);
}

static JsonObject *
new_record (gint64      id,
            const char *origin,
            const char *encrypted_username,
            const char *encrypted_password,
            gint64      now_ms)
{
  JsonObject *record = json_object_new ();
  g_autofree char *guid = new_guid ();

  /* The members and their order as Thunderbird's login store writes them. */
  json_object_set_int_member (record, "id", id);
  json_object_set_string_member (record, "hostname", origin);
  json_object_set_string_member (record, "httpRealm", origin);
  json_object_set_null_member (record, "formSubmitURL");
  json_object_set_string_member (record, "usernameField", "");
  json_object_set_string_member (record, "passwordField", "");
  json_object_set_string_member (record, "encryptedUsername", encrypted_username);
  json_object_set_string_member (record, "encryptedPassword", encrypted_password);
  json_object_set_string_member (record, "guid", guid);
  json_object_set_int_member (record, "encType", ENC_TYPE_SDR);
  json_object_set_int_member (record, "timeCreated", now_ms);
  json_object_set_int_member (record, "timeLastUsed", now_ms);
  json_object_set_int_member (record, "timePasswordChanged", now_ms);
  json_object_set_int_member (record, "timesUsed", 1);
  json_object_set_int_member (record, "syncCounter", 1);
  json_object_set_boolean_member (record, "everSynced", FALSE);
  json_object_set_null_member (record, "encryptedUnknownFields");
  return record;
}

static JsonObject *
new_store (void)
{
  JsonObject *store = json_object_new ();

  json_object_set_int_member (store, "nextId", 1);
  json_object_set_array_member (store, "logins", json_array_new ());
  json_object_set_array_member (store, "potentiallyVulnerablePasswords", json_array_new ());
  json_object_set_object_member (store, "dismissedBreachAlertsByLoginGUID", json_object_new ());
  json_object_set_int_member (store, "version", LOGINS_VERSION);
  return store;
}

static gboolean
is_blank (const char *text,
          gsize       length)
{
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isspace (text[i]))
      return FALSE;
  return TRUE;
}

/* Sets @record's encrypted fields for @login; FALSE if encryption failed. */
static gboolean
encrypt_into (JsonObject               *record,
              const MsThunderbirdLogin *login,
              MsThunderbirdEncryptFunc  encrypt,
              gpointer                  user_data,
              char                    **encrypted_username,
              char                    **encrypted_password)
{
  *encrypted_username = encrypt (login->username, user_data);
  *encrypted_password = encrypt (login->password, user_data);
  if (*encrypted_username == NULL || *encrypted_password == NULL)
    return FALSE;
  if (record != NULL)
    {
      json_object_set_string_member (record, "encryptedUsername", *encrypted_username);
      json_object_set_string_member (record, "encryptedPassword", *encrypted_password);
    }
  return TRUE;
}

static gboolean
encryption_failed (GError **error)
{
  g_set_error_literal (error, MS_THUNDERBIRD_LOGINS_ERROR, MS_THUNDERBIRD_LOGINS_ERROR_NSS,
                       _("The password could not be encrypted for Thunderbird."));
  return FALSE;
}

/* What one merge works with. */
typedef struct {
  gint64 now_ms;
  MsThunderbirdEncryptFunc encrypt;
  MsThunderbirdDecryptFunc decrypt;
  gpointer user_data;
  guint added;
  guint updated;
} Merge;

/* Merges one login into @records; FALSE with @error if encryption failed. */
static gboolean
merge_one (Merge                    *m,
           JsonObject               *store,
           JsonArray                *records,
           const MsThunderbirdLogin *login,
           GError                  **error)
{
  MsThunderbirdEncryptFunc encrypt = m->encrypt;
  MsThunderbirdDecryptFunc decrypt = m->decrypt;
  gpointer user_data = m->user_data;
  g_autofree char *encrypted_username = NULL;
  g_autofree char *encrypted_password = NULL;
  JsonObject *mine = NULL;
  gint64 next_id;

  for (guint i = 0; i < json_array_get_length (records); )
    {
      JsonNode *node = json_array_get_element (records, i);
      JsonObject *record = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

      if (record == NULL || !is_ours (record, login, decrypt, user_data))
        {
          i++;
          continue;
        }
      if (mine == NULL)
        {
          mine = record;
          i++;
        }
      else
        {
          /* A second copy of ours: Thunderbird would use either; keep one. */
          json_array_remove_element (records, i);
          m->updated++;
        }
    }

  if (mine != NULL)
    {
      if (password_is (mine, login->password, decrypt, user_data))
        return TRUE;
      if (!encrypt_into (mine, login, encrypt, user_data, &encrypted_username,
                         &encrypted_password))
        return encryption_failed (error);
      json_object_set_int_member (mine, "timePasswordChanged", m->now_ms);
      m->updated++;
      return TRUE;
    }

  if (!encrypt_into (NULL, login, encrypt, user_data, &encrypted_username, &encrypted_password))
    return encryption_failed (error);
  next_id = MAX (member_int (store, "nextId"), 1);
  for (guint i = 0; i < json_array_get_length (records); i++)
    {
      JsonNode *node = json_array_get_element (records, i);
      if (JSON_NODE_HOLDS_OBJECT (node))
        next_id = MAX (next_id, member_int (json_node_get_object (node), "id") + 1);
    }
  json_array_add_object_element (records, new_record (next_id, login->origin,
                                                      encrypted_username,
                                                      encrypted_password, m->now_ms));
  json_object_set_int_member (store, "nextId", next_id + 1);
  m->added++;
  return TRUE;
}

char *
ms_thunderbird_logins_merge (const char                *old,
                             gsize                      old_length,
                             const MsThunderbirdLogin  *logins,
                             guint                      n_logins,
                             gint64                     now_ms,
                             MsThunderbirdEncryptFunc   encrypt,
                             MsThunderbirdDecryptFunc   decrypt,
                             gpointer                   user_data,
                             guint                     *added,
                             guint                     *updated,
                             GError                   **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) parse_error = NULL;
  JsonObject *store;
  JsonNode *records_node;
  JsonArray *records;
  Merge m = { now_ms, encrypt, decrypt, user_data, 0, 0 };

  g_return_val_if_fail (logins != NULL || n_logins == 0, NULL);
  g_return_val_if_fail (encrypt != NULL && decrypt != NULL, NULL);
  g_return_val_if_fail (added != NULL && updated != NULL, NULL);

  *added = *updated = 0;
  if (old == NULL || is_blank (old, old_length))
    {
      root = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (root, new_store ());
    }
  else
    {
      parser = json_parser_new ();
      if (!json_parser_load_from_data (parser, old, (gssize) old_length, &parse_error))
        {
          set_error_invalid (error, parse_error->message);
          return NULL;
        }
      root = json_node_copy (json_parser_get_root (parser));
      if (!JSON_NODE_HOLDS_OBJECT (root))
        {
          set_error_invalid (error, _("it is not a JSON object"));
          return NULL;
        }
    }
  store = json_node_get_object (root);

  records_node = json_object_get_member (store, "logins");
  if (records_node == NULL || JSON_NODE_HOLDS_NULL (records_node))
    json_object_set_array_member (store, "logins", json_array_new ());
  else if (!JSON_NODE_HOLDS_ARRAY (records_node))
    {
      set_error_invalid (error, _("its “logins” is not a list"));
      return NULL;
    }
  records = json_object_get_array_member (store, "logins");

  for (guint i = 0; i < n_logins; i++)
    if (!merge_one (&m, store, records, &logins[i], error))
      return NULL;
  *added = m.added;
  *updated = m.updated;

  generator = json_generator_new ();
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

/* ------------------------------------------------------------------------------------ */
/* NSS                                                                                   */

typedef struct {
  NSSInitContext *context;
  PK11SlotInfo *slot;
} Nss;

static gboolean
nss_error (GError    **error,
           const char *what)
{
  PRErrorCode code = PR_GetError ();

  g_set_error (error, MS_THUNDERBIRD_LOGINS_ERROR, MS_THUNDERBIRD_LOGINS_ERROR_NSS,
               /* TRANSLATORS: %s is the step that failed, %d NSS's error number */
               _("Thunderbird’s key database could not be used (%s, NSS error %d)."),
               what, (int) code);
  return FALSE;
}

static void
nss_close (Nss *nss)
{
  g_clear_pointer (&nss->slot, PK11_FreeSlot);
  if (nss->context != NULL && NSS_ShutdownContext (nss->context) != SECSuccess)
    g_warning ("NSS did not shut down cleanly (error %d)", (int) PR_GetError ());
  nss->context = NULL;
}

/* Opens the profile's key database read-write (creating cert9.db, key4.db and pkcs11.txt
 * if missing, as Thunderbird does). Hold nss_lock. */
static gboolean
nss_open (Nss         *nss,
          const char  *profile_dir,
          GError     **error)
{
  g_autofree char *config = g_strconcat ("sql:", profile_dir, NULL);

  /* A context of our own: NSS stays usable for (and untouched by) anyone else. No root
   * certificates module: SDR needs only the key. */
  nss->context = NSS_InitContext (config, "", "", SECMOD_DB, NULL, NSS_INIT_NOROOTINIT);
  if (nss->context == NULL)
    return nss_error (error, "NSS_InitContext");
  nss->slot = PK11_GetInternalKeySlot ();
  if (nss->slot == NULL)
    {
      nss_error (error, "PK11_GetInternalKeySlot");
      nss_close (nss);
      return FALSE;
    }
  return TRUE;
}

/* Is the key database unlocked without a password? Creates the empty password of a new
 * database (sets @created). FALSE: a primary password protects it. */
static gboolean
nss_unlock (Nss      *nss,
            gboolean *created,
            GError  **error)
{
  *created = FALSE;
  if (PK11_NeedUserInit (nss->slot))
    {
      if (PK11_InitPin (nss->slot, NULL, "") != SECSuccess)
        return nss_error (error, "PK11_InitPin");
      *created = TRUE;
    }
  if (!PK11_NeedLogin (nss->slot))
    return TRUE;
  return PK11_CheckUserPassword (nss->slot, "") == SECSuccess;
}

static char *
sdr_encrypt (const char *text,
             gpointer    user_data)
{
  SECItem keyid = { siBuffer, NULL, 0 };
  SECItem data = { siBuffer, (unsigned char *) text, (unsigned int) strlen (text) };
  SECItem result = { siBuffer, NULL, 0 };
  char *encoded;

  if (PK11SDR_Encrypt (&keyid, &data, &result, NULL) != SECSuccess)
    return NULL;
  encoded = g_base64_encode (result.data, result.len);
  SECITEM_ZfreeItem (&result, PR_FALSE);
  return encoded;
}

static char *
sdr_decrypt (const char *encrypted,
             gpointer    user_data)
{
  SECItem data = { siBuffer, NULL, 0 };
  SECItem result = { siBuffer, NULL, 0 };
  guchar *raw;
  gsize length = 0;
  char *text = NULL;

  raw = g_base64_decode (encrypted, &length);
  if (raw == NULL || length == 0)
    {
      g_free (raw);
      return NULL;
    }
  data.data = raw;
  data.len = (unsigned int) length;
  if (PK11SDR_Decrypt (&data, &result, NULL) == SECSuccess)
    {
      if (memchr (result.data, '\0', result.len) == NULL)
        text = g_strndup ((const char *) result.data, result.len);
      SECITEM_ZfreeItem (&result, PR_FALSE);
    }
  g_free (raw);
  return text;
}

MsThunderbirdLoginsResult *
ms_thunderbird_logins_save_sync (const char                *profile_dir,
                                 const MsThunderbirdLogin  *logins,
                                 guint                      n_logins,
                                 GError                   **error)
{
  g_autoptr(MsThunderbirdLoginsResult) result = g_new0 (MsThunderbirdLoginsResult, 1);
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *old = NULL;
  g_autofree char *data = NULL;
  gsize old_length = 0;
  gboolean existed;
  Nss nss = { NULL, NULL };

  g_return_val_if_fail (profile_dir != NULL, NULL);
  g_return_val_if_fail (logins != NULL || n_logins == 0, NULL);

  result->logins_path = g_build_filename (profile_dir, "logins.json", NULL);
  existed = ms_user_file_read (result->logins_path, MS_USER_FILE_LOGINS_JSON, &old, &old_length,
                               &local_error);
  if (!existed && !g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  g_clear_error (&local_error);

  locker = g_mutex_locker_new (&nss_lock);
  if (!nss_open (&nss, profile_dir, error))
    return NULL;
  if (!nss_unlock (&nss, &result->created_key_db, &local_error))
    {
      nss_close (&nss);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      result->status = MS_THUNDERBIRD_LOGINS_PRIMARY_PASSWORD;
      return g_steal_pointer (&result);
    }
  data = ms_thunderbird_logins_merge (old, old_length, logins, n_logins,
                                      g_get_real_time () / 1000, sdr_encrypt, sdr_decrypt,
                                      NULL, &result->added, &result->updated, error);
  nss_close (&nss);
  g_clear_pointer (&locker, g_mutex_locker_free);
  if (data == NULL)
    return NULL;

  result->status = MS_THUNDERBIRD_LOGINS_SAVED;
  if (existed && result->added == 0 && result->updated == 0)
    return g_steal_pointer (&result);
  if (existed)
    {
      result->backup_path = ms_atomic_file_backup (result->logins_path, BACKUP_SUFFIX, 0600,
                                                   error);
      if (result->backup_path == NULL)
        return NULL;
    }
  if (!ms_atomic_file_write (result->logins_path, data, strlen (data), 0600, error))
    {
      if (result->backup_path != NULL)
        g_unlink (result->backup_path);
      return NULL;
    }
  return g_steal_pointer (&result);
}

char *
ms_thunderbird_logins_lookup_sync (const char  *profile_dir,
                                   const char  *origin,
                                   const char  *username,
                                   GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *path = g_build_filename (profile_dir, "logins.json", NULL);
  MsThunderbirdLogin login = { origin, username, NULL };
  JsonNode *root;
  JsonArray *records;
  char *password = NULL;
  Nss nss = { NULL, NULL };
  gboolean created;

  if (!json_parser_load_from_file (parser, path, error))
    return NULL;
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root)
      || !json_object_has_member (json_node_get_object (root), "logins"))
    return NULL;
  records = json_object_get_array_member (json_node_get_object (root), "logins");

  locker = g_mutex_locker_new (&nss_lock);
  if (!nss_open (&nss, profile_dir, error))
    return NULL;
  if (!nss_unlock (&nss, &created, NULL))
    g_set_error_literal (error, MS_THUNDERBIRD_LOGINS_ERROR,
                         MS_THUNDERBIRD_LOGINS_ERROR_PRIMARY_PASSWORD,
                         "a primary password protects the saved passwords");
  else
    for (guint i = 0; password == NULL && i < json_array_get_length (records); i++)
      {
        JsonNode *node = json_array_get_element (records, i);
        JsonObject *record = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

        if (record != NULL && is_ours (record, &login, sdr_decrypt, NULL)
            && member_string (record, "encryptedPassword") != NULL)
          password = sdr_decrypt (member_string (record, "encryptedPassword"), NULL);
      }
  nss_close (&nss);
  return password;
}
