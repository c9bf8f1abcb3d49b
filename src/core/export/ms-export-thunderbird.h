/* ms-export-thunderbird.h: write an account into a Thunderbird profile's prefs.js
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ms-account.h"
#include "ms-thunderbird-profiles.h"

G_BEGIN_DECLS

/**
 * MsPrefs:
 *
 * A prefs.js file: Mozilla's user_pref("name", value); statements. Parsing keeps the
 * original text; writing it back changes only the statements of the preferences that
 * were set (in place) and appends new ones, so comments, unknown lines, the order and the
 * byte-exact form of every other preference stay as they were.
 */
typedef struct _MsPrefs MsPrefs;

typedef enum {
  MS_PREF_NONE,     /* not set */
  MS_PREF_STRING,
  MS_PREF_INT,
  MS_PREF_BOOL,
} MsPrefType;

MsPrefs    *ms_prefs_new         (void);
/* Understands pref(), user_pref() and sticky_pref() with "double" or 'single' quoted
 * names and strings (escapes \\ \" \' \n \r \xHH \uHHHH, surrogate pairs), integers and
 * true/false; comments //, # and slash-star; any line length. Anything else is
 * MS_THUNDERBIRD_ERROR_PREFS_INVALID naming the line. */
MsPrefs    *ms_prefs_parse       (const char  *text,
                                  gsize        length,
                                  GError     **error);
void        ms_prefs_free        (MsPrefs     *self);
/* The file text: the original with the changes. */
char       *ms_prefs_to_data     (MsPrefs     *self,
                                  gsize       *length);

/* Distinct preference names, in file order (transfer container). */
GPtrArray  *ms_prefs_get_names   (MsPrefs     *self);
MsPrefType  ms_prefs_get_pref_type (MsPrefs   *self,
                                  const char  *name);
/* NULL if not set or not a string. The later statement wins, as in Thunderbird. */
const char *ms_prefs_get_string  (MsPrefs     *self,
                                  const char  *name);
gboolean    ms_prefs_get_int     (MsPrefs     *self,
                                  const char  *name,
                                  gint64      *value);
gboolean    ms_prefs_get_bool    (MsPrefs     *self,
                                  const char  *name,
                                  gboolean    *value);
void        ms_prefs_set_string  (MsPrefs     *self,
                                  const char  *name,
                                  const char  *value);
void        ms_prefs_set_int     (MsPrefs     *self,
                                  const char  *name,
                                  gint64       value);
void        ms_prefs_set_bool    (MsPrefs     *self,
                                  const char  *name,
                                  gboolean     value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsPrefs, ms_prefs_free)

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
 * server). New keys are above every key in use, also leftovers of deleted accounts. Adds
 * the Local Folders account when it is missing. OAuth2 servers get authMethod 10. No
 * password is ever written. */
MsThunderbirdKeys *ms_thunderbird_prefs_add_account (MsPrefs    *prefs,
                                                     MsAccount  *account,
                                                     const char *full_name,
                                                     GError    **error);

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
