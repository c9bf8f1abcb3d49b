/* ms-mail-client.h: the mail clients an account can go to, and finding them on this computer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ms-export-evolution.h"
#include "ms-thunderbird-profiles.h"

G_BEGIN_DECLS

typedef enum {
  MS_CLIENT_EVOLUTION,
  MS_CLIENT_THUNDERBIRD,
} MsClientKind;

/**
 * MsMailClient:
 * @kind: which program
 * @nick: stable name of this installation: "evolution:native", "thunderbird:snap" …
 * @evolution: the Evolution target (@kind MS_CLIENT_EVOLUTION)
 * @thunderbird: the Thunderbird installation (@kind MS_CLIENT_THUNDERBIRD)
 * @name: untranslated; show ms_mail_client_get_name()
 * @desktop_ids: the desktop files that start it, most likely first
 * @command_line: starts it when no desktop file is found
 * @cli_name: the name `mail-setup-cli export --to` takes, or NULL when the CLI does not
 *   name this installation (Thunderbird's profile decides which one)
 *
 * One row of the table of export targets: one installation of one mail client.
 */
typedef struct {
  MsClientKind kind;
  const char *nick;
  MsEvolutionTarget evolution;
  MsThunderbirdInstall thunderbird;
  const char *name;
  const char * const *desktop_ids;
  const char *command_line;
  const char *cli_name;
} MsMailClient;

/* "evolution", "thunderbird" */
const char         *ms_client_kind_to_string        (MsClientKind          kind);

/* The table, in display order (Evolution first); @n_clients: its length. */
const MsMailClient *ms_mail_client_get_all          (guint                *n_clients);
const MsMailClient *ms_mail_client_for_evolution    (MsEvolutionTarget     target);
const MsMailClient *ms_mail_client_for_thunderbird  (MsThunderbirdInstall  install);
/* The client `export --to @name` means, NULL for an unknown name. "evolution" is the
 * Evolution the user has (ms_evolution_detect_target(), blocking); "thunderbird" any
 * Thunderbird: the profile chosen decides. */
const MsMailClient *ms_mail_client_for_cli_name     (const char           *name);
/* "Evolution", "Thunderbird (Flatpak)" … translated */
const char         *ms_mail_client_get_name         (const MsMailClient   *client);
/* Is that installation there? (ms_evolution_target_is_present,
 * ms_thunderbird_install_is_present) Blocking: it looks at the file system. */
gboolean            ms_mail_client_is_present       (const MsMailClient   *client);

/**
 * MsMailTarget:
 *
 * Where an account can go, as found on this computer: Evolution, or one Thunderbird
 * profile (or a Thunderbird installation without a profile yet, which then gets one).
 * Immutable, reference counted.
 */
typedef struct _MsMailTarget MsMailTarget;

MsMailTarget       *ms_mail_target_ref              (MsMailTarget         *self);
void                ms_mail_target_unref            (MsMailTarget         *self);
const MsMailClient *ms_mail_target_get_client       (MsMailTarget         *self);
/* nullable: Evolution, or a Thunderbird without profiles */
MsThunderbirdProfile *ms_mail_target_get_profile    (MsMailTarget         *self);
/* Thunderbird had the profile open when it was found. */
gboolean            ms_mail_target_get_locked       (MsMailTarget         *self);
/* "evolution:native", "thunderbird:flatpak:/path/to/profile", "thunderbird:snap:new" —
 * stable across detections, to keep a choice */
const char         *ms_mail_target_get_key          (MsMailTarget         *self);

/* Finds every installed client and every Thunderbird profile (an installation whose
 * profile list is missing or unreadable is one target without a profile), with each
 * profile's lock. Returns MsMailTarget (transfer full) in display order. Blocking. */
GPtrArray          *ms_mail_targets_detect          (GCancellable         *cancellable);
/* The same in a worker thread. The callback's @source_object is NULL. */
void                ms_mail_targets_detect_async    (GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
GPtrArray          *ms_mail_targets_detect_finish   (GAsyncResult         *result,
                                                     GError              **error);

/* Is Thunderbird running with @profile_dir now (ms_thunderbird_profile_dir_is_locked)?
 * Asked in a worker thread; _finish returns the answer. The callback's @source_object is
 * NULL. */
void                ms_mail_profile_check_lock_async  (const char          *profile_dir,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean            ms_mail_profile_check_lock_finish (GAsyncResult        *result,
                                                       GError             **error);

/* The profile folder to use in any Thunderbird installation: @wanted is a folder, or the
 * name of a profile; NULL means the default profile. Returns NULL with @error set when a
 * profile list that exists cannot be read (and nothing matched), NULL without an error
 * when nothing matched. Blocking. */
char               *ms_mail_client_find_thunderbird_profile     (const char  *wanted,
                                                                 GError     **error);
/* Where a new Thunderbird profile goes: the first installation with a profile list, else
 * the native one. */
char               *ms_mail_client_get_thunderbird_root_for_new (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsMailTarget, ms_mail_target_unref)

G_END_DECLS
