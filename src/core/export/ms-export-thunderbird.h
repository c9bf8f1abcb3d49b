/* ms-export-thunderbird.h: write an account into a Thunderbird profile's prefs.js
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ms-account.h"
#include "ms-prefs-js.h"
#include "ms-thunderbird-account.h"
#include "ms-thunderbird-profiles.h"

G_BEGIN_DECLS

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
} MsThunderbirdResult;

void ms_thunderbird_result_free (MsThunderbirdResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsThunderbirdResult, ms_thunderbird_result_free)

/* Writes @account into the profile folder @profile_dir (see
 * ms_thunderbird_prefs_add_account). Refuses with MS_THUNDERBIRD_ERROR_PROFILE_IN_USE while
 * Thunderbird has the profile open (nothing is written). prefs.js is parsed first (a file
 * that cannot be understood is left untouched), then copied to a timestamped backup
 * "prefs.js.mail-setup-backup-YYYYMMDD-HHMMSS" and replaced atomically (mode 0600).
 * The file work runs in a worker thread. */
void                 ms_export_thunderbird_async  (MsAccount           *account,
                                                   const char          *full_name,
                                                   const char          *profile_dir,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
MsThunderbirdResult *ms_export_thunderbird_finish (GAsyncResult        *result,
                                                   GError             **error);

G_END_DECLS
