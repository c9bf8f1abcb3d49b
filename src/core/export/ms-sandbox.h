/* ms-sandbox.h: where the mail clients' folders really are, also from inside our Flatpak
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

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

G_END_DECLS
