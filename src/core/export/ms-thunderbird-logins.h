/* ms-thunderbird-logins.h: the verified password into Thunderbird's own login store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ms-server.h"

G_BEGIN_DECLS

#define MS_THUNDERBIRD_LOGINS_ERROR (ms_thunderbird_logins_error_quark ())

typedef enum {
  MS_THUNDERBIRD_LOGINS_ERROR_INVALID,  /* logins.json could not be understood */
  MS_THUNDERBIRD_LOGINS_ERROR_NSS,      /* NSS could not open the key database or encrypt */
  MS_THUNDERBIRD_LOGINS_ERROR_PRIMARY_PASSWORD,  /* lookup: a primary password locks it */
} MsThunderbirdLoginsError;

GQuark ms_thunderbird_logins_error_quark (void);

/**
 * MsThunderbirdLogin:
 * @origin: what Thunderbird looks the login up by, also its realm (see
 *   ms_thunderbird_login_origin())
 * @username: the user name in the server's prefs (mail.server.N.userName,
 *   mail.smtpserver.N.username), which Thunderbird compares exactly
 * @password: the password; only ever encrypted into the profile
 *
 * One remembered login, as Thunderbird's account wizard saves it.
 */
typedef struct {
  const char *origin;
  const char *username;
  const char *password;
} MsThunderbirdLogin;

/* "imap://HOST", "mailbox://HOST" (POP3: Thunderbird uses the local store type) or
 * "smtp://HOST" ([HOST] for an IPv6 address): the origin and realm under which Thunderbird
 * 153 looks up a server's password (its incoming servers use localStoreType://hostName,
 * SMTP smtp://hostname). */
char *ms_thunderbird_login_origin (MsProtocol  protocol,
                                   const char *host);

/**
 * MsThunderbirdLoginsStatus:
 * @MS_THUNDERBIRD_LOGINS_SAVED: the logins are in logins.json (added, updated or already
 *   there)
 * @MS_THUNDERBIRD_LOGINS_PRIMARY_PASSWORD: the profile's key database is locked with a
 *   primary password; nothing was touched and Thunderbird will ask for the password once
 */
typedef enum {
  MS_THUNDERBIRD_LOGINS_SAVED,
  MS_THUNDERBIRD_LOGINS_PRIMARY_PASSWORD,
} MsThunderbirdLoginsStatus;

typedef struct {
  MsThunderbirdLoginsStatus status;
  char *logins_path;
  char *backup_path;        /* nullable: no logins.json before, or nothing changed */
  guint added;
  guint updated;
  gboolean created_key_db;  /* the profile had no key4.db; one with an empty primary
                             * password was made, as Thunderbird makes it */
} MsThunderbirdLoginsResult;

void ms_thunderbird_logins_result_free (MsThunderbirdLoginsResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsThunderbirdLoginsResult, ms_thunderbird_logins_result_free)

/* Turns an encrypted field of logins.json back into text; NULL if it cannot. The result
 * is freed with ms_thunderbird_logins_free_secret(). */
typedef char *(*MsThunderbirdDecryptFunc) (const char *encrypted,
                                           gpointer    user_data);
/* Encrypts @text into a logins.json field (base64); NULL on failure. */
typedef char *(*MsThunderbirdEncryptFunc) (const char *text,
                                           gpointer    user_data);

/* Wipes and frees a decrypted secret. */
void  ms_thunderbird_logins_free_secret (char *secret);

/* The merge (pure, no NSS: the caller's functions encrypt and decrypt). @old is the
 * current logins.json (NULL or empty: none yet). Every record that is not one of @logins
 * stays as it was, member for member; a record with the same origin, realm and (decrypted)
 * user name is ours: its password is updated if it changed, further copies of it are
 * dropped; a login not there yet is added with the next id. Sets @added and @updated;
 * returns the new file text, or NULL with @error (MS_THUNDERBIRD_LOGINS_ERROR_INVALID)
 * when @old is not a logins.json. @now_ms: the time stamps of new and changed records. */
char *ms_thunderbird_logins_merge (const char                *old,
                                   gsize                      old_length,
                                   const MsThunderbirdLogin  *logins,
                                   guint                      n_logins,
                                   gint64                     now_ms,
                                   MsThunderbirdEncryptFunc   encrypt,
                                   MsThunderbirdDecryptFunc   decrypt,
                                   gpointer                   user_data,
                                   guint                     *added,
                                   guint                     *updated,
                                   GError                   **error);

/* Saves @logins into the profile folder @profile_dir through NSS (the profile's
 * "sql:" key4.db, SDR encryption, as Thunderbird's own password manager): merged into
 * logins.json (above), which is backed up first ("logins.json.mail-setup-backup-…") and
 * replaced atomically with mode 0600; nothing is written when nothing changed. A profile
 * without key4.db gets one with an empty primary password. A key database with a primary
 * password is left alone: MS_THUNDERBIRD_LOGINS_PRIMARY_PASSWORD, not an error.
 * Blocking, and NSS is process-wide: call it from a worker thread; calls are serialized
 * and NSS is shut down again before it returns. The caller checks the profile lock. */
MsThunderbirdLoginsResult *ms_thunderbird_logins_save_sync (const char                *profile_dir,
                                                            const MsThunderbirdLogin  *logins,
                                                            guint                      n_logins,
                                                            GError                   **error);

/* Reads back the login for @origin and @username (test and diagnosis helper, same
 * serialization): the password, or NULL if there is none or it cannot be decrypted
 * (MS_THUNDERBIRD_LOGINS_ERROR_PRIMARY_PASSWORD when a primary password locks them).
 * Free with ms_thunderbird_logins_free_secret(). Blocking. */
char *ms_thunderbird_logins_lookup_sync (const char  *profile_dir,
                                         const char  *origin,
                                         const char  *username,
                                         GError     **error);

G_END_DECLS
