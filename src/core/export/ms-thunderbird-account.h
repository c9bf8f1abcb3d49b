/* ms-thunderbird-account.h: which prefs.js preferences a mail account becomes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ms-account.h"
#include "ms-prefs-js.h"
#include "ms-thunderbird-profiles.h"

G_BEGIN_DECLS

/**
 * MsThunderbirdKeys:
 *
 * Where an account went in prefs.js: "accountN", "serverN", "idN", "smtpN".
 */
typedef struct {
  char *account_key;
  char *server_key;
  char *identity_key;
  char *smtp_key;
  gboolean updated;              /* the same account was there and was updated */
  gboolean added_local_folders;  /* the Local Folders account was missing and added */
} MsThunderbirdKeys;

void ms_thunderbird_keys_free (MsThunderbirdKeys *keys);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsThunderbirdKeys, ms_thunderbird_keys_free)

/* Adds @account to @prefs (pure, no I/O): its first incoming server (IMAP or POP3), its
 * first outgoing server (SMTP) and an identity (@full_name nullable). An account with the
 * same incoming type, host and user name is updated instead (with its identity and SMTP
 * server). New keys are never in use, also not by leftovers of deleted accounts: above
 * the highest below 2^32, else the lowest free number. Adds
 * the Local Folders account when it is missing. OAuth2 servers get authMethod 10. No
 * password is ever written. */
MsThunderbirdKeys *ms_thunderbird_prefs_add_account (MsPrefs    *prefs,
                                                     MsAccount  *account,
                                                     const char *full_name,
                                                     GError    **error);

G_END_DECLS
