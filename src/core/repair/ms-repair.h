/* ms-repair.h: what is wrong with an account the user has, and its repair in place
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ms-account.h"
#include "ms-account-reader.h"

G_BEGIN_DECLS

#define MS_REPAIR_ERROR (ms_repair_error_quark ())

typedef enum {
  MS_REPAIR_ERROR_PRIMARY_PASSWORD,  /* Thunderbird's saved passwords are locked */
  MS_REPAIR_ERROR_NOT_FOUND,         /* the account is no longer where it was */
} MsRepairError;

GQuark ms_repair_error_quark (void);

typedef enum {
  MS_REPAIR_FIELD_HOST,
  MS_REPAIR_FIELD_PORT,
  MS_REPAIR_FIELD_SECURITY,
  MS_REPAIR_FIELD_USERNAME,
} MsRepairField;

/* "host", "port", "security", "username" */
const char *ms_repair_field_to_string (MsRepairField field);

/**
 * MsRepairChange:
 * @incoming: the incoming server (else the outgoing one)
 * @field: what changes
 * @old_value, @new_value: as text ("25", "starttls", a host name …)
 * @message: the difference in plain words (translated)
 */
typedef struct {
  gboolean incoming;
  MsRepairField field;
  char *old_value;
  char *new_value;
  char *message;
} MsRepairChange;

void ms_repair_change_free (MsRepairChange *change);

/* Compares @found's servers with @right's (discovery's answer for its address; its
 * placeholders resolved) and appends an MsRepairChange per field that must change to
 * @changes. Returns the servers as they should be (@fixed_in, @fixed_out: copies of
 * @found's with only those fields changed; NULL when @found has none). Pure. */
void ms_repair_diagnose (MsFoundAccount *found,
                         MsAccount      *right,
                         GPtrArray      *changes,
                         MsServer      **fixed_in,
                         MsServer      **fixed_out);

/**
 * MsRepairBackup:
 * @file: the file changed (prefs.js, a .source file)
 * @backup: its copy from before the repair
 */
typedef struct {
  char *file;
  char *backup;
} MsRepairBackup;

void ms_repair_backup_free (MsRepairBackup *backup);

/* Writes @fixed_in and @fixed_out (either nullable: unchanged) into the client where
 * @found lives, changing only the fields that differ: Thunderbird's prefs.js (refused
 * with MS_THUNDERBIRD_ERROR_PROFILE_IN_USE while Thunderbird has the profile open; a
 * backup first, then replaced atomically), Evolution's sources through the running
 * registry (Source.Writable.Write) or their .source files (atomically), each with a
 * backup next to it; first refused with an MS_SANDBOX_ERROR when a sandbox cannot write
 * the client's own folder (as the export). Appends MsRepairBackup to @backups. Blocking. */
gboolean ms_repair_apply_sync (MsFoundAccount *found,
                               MsServer       *fixed_in,
                               MsServer       *fixed_out,
                               GPtrArray      *backups,
                               GError        **error);

/* Puts back the newest repair backups of @found's files (prefs.js, or its account's and
 * transport's .source files, through the registry when it runs), byte for byte.
 * Appends the files restored (MsRepairBackup) to @restored; FALSE with @error when there
 * is no backup or Thunderbird runs. Blocking. */
gboolean ms_repair_undo_sync (MsFoundAccount *found,
                              GPtrArray      *restored,
                              GError        **error);

/* The saved password of a server of @found: Evolution's keyring item of the account's
 * (@incoming) or the transport's UID, or Thunderbird's logins.json (NSS, when the
 * profile has no primary password). NULL when none can be read; with @error
 * MS_REPAIR_ERROR_PRIMARY_PASSWORD when a primary password locks Thunderbird's (the user
 * types it once instead). Free with ms_repair_free_password(). Blocking. */
char    *ms_repair_lookup_password (MsFoundAccount  *found,
                                    gboolean         incoming,
                                    GError         **error);
/* Stores @password for the servers @fixed_in and @fixed_out (nullable) of @found in the
 * store the client reads: Evolution's keyring under both UIDs, Thunderbird's
 * logins.json. Blocking. */
gboolean ms_repair_store_password  (MsFoundAccount *found,
                                    MsServer       *fixed_in,
                                    MsServer       *fixed_out,
                                    const char     *password,
                                    GError        **error);
void     ms_repair_free_password   (char           *password);

G_END_DECLS
