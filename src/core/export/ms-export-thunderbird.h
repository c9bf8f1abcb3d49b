/* ms-export-thunderbird.h: write an account into a Thunderbird profile's prefs.js
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ms-account.h"
#include "ms-mail-stream.h"
#include "ms-prefs-js.h"
#include "ms-thunderbird-account.h"
#include "ms-thunderbird-profiles.h"

G_BEGIN_DECLS

/**
 * MsThunderbirdPassword:
 * @MS_THUNDERBIRD_PASSWORD_NOT_SAVED: no password was given, or no server signs in with
 *   one (OAuth2): Thunderbird asks, or opens the provider's sign-in page
 * @MS_THUNDERBIRD_PASSWORD_SAVED: in Thunderbird's password store (logins.json)
 * @MS_THUNDERBIRD_PASSWORD_PRIMARY_PASSWORD: the profile's passwords are locked with a
 *   primary password; untouched, Thunderbird asks for the password once
 * @MS_THUNDERBIRD_PASSWORD_FAILED: it could not be saved (@password_problem says why);
 *   the account is there, Thunderbird asks for the password once
 */
typedef enum {
  MS_THUNDERBIRD_PASSWORD_NOT_SAVED,
  MS_THUNDERBIRD_PASSWORD_SAVED,
  MS_THUNDERBIRD_PASSWORD_PRIMARY_PASSWORD,
  MS_THUNDERBIRD_PASSWORD_FAILED,
} MsThunderbirdPassword;

/* "not-saved", "saved", "primary-password", "failed" (for JSON) */
const char *ms_thunderbird_password_to_string (MsThunderbirdPassword password);

/**
 * MsThunderbirdResult:
 *
 * What ms_export_thunderbird_async() wrote.
 */
typedef struct {
  char *profile_dir;
  char *prefs_path;
  char *backup_path;         /* nullable: there was no prefs.js before */
  MsThunderbirdKeys *keys;
  MsThunderbirdPassword password;
  char *password_problem;    /* nullable: why it could not be saved */
  char *logins_backup_path;  /* nullable */
  /* "HOST:PORT" of each certificate exception recorded in cert_override.txt */
  GPtrArray *trusted_certificates;
  char *trust_problem;       /* nullable: why an exception could not be recorded */
} MsThunderbirdResult;

void ms_thunderbird_result_free (MsThunderbirdResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsThunderbirdResult, ms_thunderbird_result_free)

/* Writes @account into the profile folder @profile_dir (see
 * ms_thunderbird_prefs_add_account). With @password (nullable), the password of each of
 * its servers that signs in with one goes into Thunderbird's own password store
 * (ms-thunderbird-logins.h); with @trust (nullable), a certificate pinned for exactly a
 * server's host and port becomes a Thunderbird certificate exception
 * (ms-thunderbird-cert-override.h). Neither can make the export fail once prefs.js is
 * written: the result says what happened. Refuses with MS_THUNDERBIRD_ERROR_PROFILE_IN_USE while
 * Thunderbird has the profile open (nothing is written). prefs.js is parsed first (a file
 * that cannot be understood is left untouched), then copied to a timestamped backup
 * "prefs.js.mail-setup-backup-YYYYMMDD-HHMMSS" and replaced atomically (mode 0600).
 * The file work runs in a worker thread. */
void                 ms_export_thunderbird_async  (MsAccount           *account,
                                                   const char          *full_name,
                                                   const char          *password,
                                                   MsTlsTrust          *trust,
                                                   const char          *profile_dir,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
MsThunderbirdResult *ms_export_thunderbird_finish (GAsyncResult        *result,
                                                   GError             **error);

G_END_DECLS
