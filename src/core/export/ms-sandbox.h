/* ms-sandbox.h: where the mail clients' folders really are, also from inside our Flatpak
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * MsSandboxMode:
 * @MS_SANDBOX_DETECT: look for Flatpak's /.flatpak-info (the default)
 * @MS_SANDBOX_NONE: behave as outside any sandbox
 * @MS_SANDBOX_FLATPAK: behave as inside a Flatpak sandbox
 */
typedef enum {
  MS_SANDBOX_DETECT,
  MS_SANDBOX_NONE,
  MS_SANDBOX_FLATPAK,
} MsSandboxMode;

/* TRUE inside a Flatpak sandbox: /.flatpak-info exists. The environment variable
 * MS_FLATPAK_INFO, when set, names the file looked for instead (for tests). */
gboolean ms_sandbox_is_flatpak            (void);
/* Overrides the detection, for unit tests; MS_SANDBOX_DETECT restores it. */
void     ms_sandbox_set_mode              (MsSandboxMode mode);

/* The host's XDG config and data folders. Outside a sandbox they are the usual
 * g_get_user_config_dir() and g_get_user_data_dir(). Inside Flatpak those point into
 * ~/.var/app/<app-id>/, so the host's are used instead: HOST_XDG_CONFIG_HOME /
 * HOST_XDG_DATA_HOME when Flatpak passed them on (absolute paths only), else ~/.config
 * and ~/.local/share under the real home (HOME is not remapped). */
char    *ms_sandbox_get_host_config_dir   (void);
char    *ms_sandbox_get_host_data_dir     (void);

/* Errors of ms_sandbox_check_writable(); their codes are MsProblemCode values
 * (MS_PROBLEM_FOLDER_NOT_SHARED, MS_PROBLEM_FOLDER_MISSING), their messages the problem's
 * plain words and fix. */
#define MS_SANDBOX_ERROR (ms_sandbox_error_quark ())
GQuark   ms_sandbox_error_quark           (void);

/* Before an export writes into @folder (or makes it): outside a sandbox always TRUE. Inside
 * Flatpak, TRUE only when what is written lands in the host's own folder: a writable
 * filesystem permission of /.flatpak-info's [Context] covers @folder, and the nearest
 * existing folder on the way to it is a mount from the host, not the sandbox's own
 * throw-away root. Otherwise FALSE with an MS_SANDBOX_ERROR naming the folder and the
 * permission — never a write that no mail client would see. MS_FLATPAK_INFO and
 * MS_MOUNTINFO, when set, name the files read instead (for tests). */
gboolean ms_sandbox_check_writable        (const char  *folder,
                                           GError     **error);

G_END_DECLS
