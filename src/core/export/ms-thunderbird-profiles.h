/* ms-thunderbird-profiles.h: Thunderbird installations, their profiles and profile locks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define MS_THUNDERBIRD_ERROR (ms_thunderbird_error_quark ())

typedef enum {
  MS_THUNDERBIRD_ERROR_NO_PROFILES,       /* no profiles.ini, or no profile in it */
  MS_THUNDERBIRD_ERROR_PROFILES_INVALID,  /* profiles.ini could not be read */
  MS_THUNDERBIRD_ERROR_NO_SUCH_PROFILE,   /* the profile folder does not exist */
  MS_THUNDERBIRD_ERROR_PROFILE_IN_USE,    /* Thunderbird has the profile open */
  MS_THUNDERBIRD_ERROR_PROFILE_EXISTS,    /* a new profile's name is taken */
  MS_THUNDERBIRD_ERROR_PREFS_INVALID,     /* prefs.js could not be understood */
  MS_THUNDERBIRD_ERROR_ACCOUNT_INVALID,   /* the account lacks a server Thunderbird needs */
  MS_THUNDERBIRD_ERROR_PROFILE_NAME_INVALID, /* blank, or not printable text */
} MsThunderbirdError;

/**
 * MsThunderbirdInstall:
 * @MS_THUNDERBIRD_INSTALL_NATIVE: the distribution's package, ~/.thunderbird
 * @MS_THUNDERBIRD_INSTALL_FLATPAK: Flathub's org.mozilla.Thunderbird,
 *   ~/.var/app/org.mozilla.Thunderbird/.thunderbird
 * @MS_THUNDERBIRD_INSTALL_SNAP: the Snap, ~/snap/thunderbird/common/.thunderbird
 */
typedef enum {
  MS_THUNDERBIRD_INSTALL_NATIVE,
  MS_THUNDERBIRD_INSTALL_FLATPAK,
  MS_THUNDERBIRD_INSTALL_SNAP,
} MsThunderbirdInstall;

GQuark      ms_thunderbird_error_quark          (void);

/* "native", "flatpak", "snap" */
const char *ms_thunderbird_install_to_string    (MsThunderbirdInstall install);
/* The folder holding profiles.ini for @install, under the home folder. */
char       *ms_thunderbird_get_root_dir         (MsThunderbirdInstall install);
/* TRUE when that Thunderbird is there: its profile list exists, or its program (native),
 * its Flatpak app (system or user installation) or its Snap is installed. */
gboolean    ms_thunderbird_install_is_present   (MsThunderbirdInstall install);

/**
 * MsThunderbirdProfile:
 *
 * One [ProfileN] of a profiles.ini. Immutable, reference counted.
 */
typedef struct _MsThunderbirdProfile MsThunderbirdProfile;

#define MS_TYPE_THUNDERBIRD_PROFILE (ms_thunderbird_profile_get_type ())

GType                 ms_thunderbird_profile_get_type       (void);
MsThunderbirdProfile *ms_thunderbird_profile_ref            (MsThunderbirdProfile *self);
void                  ms_thunderbird_profile_unref          (MsThunderbirdProfile *self);
/* The Name= of the section */
const char           *ms_thunderbird_profile_get_name       (MsThunderbirdProfile *self);
/* The absolute profile folder */
const char           *ms_thunderbird_profile_get_path       (MsThunderbirdProfile *self);
/* The profile Thunderbird starts with: named by an [Install…] section's Default=, else
 * the one with Default=1, else the only one. */
gboolean              ms_thunderbird_profile_get_is_default (MsThunderbirdProfile *self);

/* Reads @root_dir/profiles.ini. Returns the profiles in file order (MsThunderbirdProfile,
 * transfer full); errors MS_THUNDERBIRD_ERROR_NO_PROFILES (no file, or no profile) and
 * _PROFILES_INVALID (not a valid key file, or a section without Path=). Blocking (small
 * file): call from a worker thread in a UI. */
GPtrArray            *ms_thunderbird_profiles_load          (const char  *root_dir,
                                                             GError     **error);
/* The default one of @profiles (see ms_thunderbird_profile_get_is_default), or NULL. */
MsThunderbirdProfile *ms_thunderbird_profiles_get_default   (GPtrArray   *profiles);

/* The same, in a worker thread. */
void                  ms_thunderbird_profiles_load_async    (const char          *root_dir,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
GPtrArray            *ms_thunderbird_profiles_load_finish   (GAsyncResult        *result,
                                                             GError             **error);

/* TRUE when a running Thunderbird holds @profile_dir: a process holds the fcntl lock on
 * .parentlock, or the legacy "lock" symlink ("ADDRESS:+PID") names a live process. The
 * lock files alone (left behind after every exit) do not count. @pid_out: the holder's
 * process id when known, else 0. */
gboolean              ms_thunderbird_profile_dir_is_locked  (const char  *profile_dir,
                                                             int         *pid_out);

/* Creates a new profile named @name in @root_dir: a folder "XXXXXXXX.NAME" (random
 * prefix), 0700, and a [ProfileN] section appended to profiles.ini (written atomically,
 * the old file kept as a backup; created when missing). The [Install…] sections are not
 * touched, so the user's default stays the same. Error _PROFILE_EXISTS when a profile of
 * that name exists, _PROFILES_INVALID when profiles.ini cannot be read (it is then left
 * as it was). Blocking. */
MsThunderbirdProfile *ms_thunderbird_profile_create         (const char  *root_dir,
                                                             const char  *name,
                                                             GError     **error);

/* The same, in a worker thread. Cancelling @cancellable before the thread starts writing
 * makes it fail with G_IO_ERROR_CANCELLED and leaves everything as it was; once the
 * profile is written, it is returned even if @cancellable was cancelled meanwhile. */
void                  ms_thunderbird_profile_create_async   (const char          *root_dir,
                                                             const char          *name,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
MsThunderbirdProfile *ms_thunderbird_profile_create_finish  (GAsyncResult        *result,
                                                             GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsThunderbirdProfile, ms_thunderbird_profile_unref)

G_END_DECLS
