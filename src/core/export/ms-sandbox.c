/* ms-sandbox.c: where the mail clients' folders really are, also from inside our Flatpak
 *
 * Flatpak gives an app its own XDG_CONFIG_HOME and XDG_DATA_HOME (~/.var/app/<app-id>/…)
 * but keeps HOME. The folders we export into are the host's, reached through the
 * --filesystem permissions of our manifest, so their paths are built from the real home.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-sandbox"

#include "config.h"

#include "ms-sandbox.h"

#define FLATPAK_INFO "/.flatpak-info"

static gint sandbox_mode = MS_SANDBOX_DETECT;

void
ms_sandbox_set_mode (MsSandboxMode mode)
{
  g_atomic_int_set (&sandbox_mode, (gint) mode);
}

gboolean
ms_sandbox_is_flatpak (void)
{
  const char *info;

  switch ((MsSandboxMode) g_atomic_int_get (&sandbox_mode))
    {
    case MS_SANDBOX_NONE:
      return FALSE;
    case MS_SANDBOX_FLATPAK:
      return TRUE;
    case MS_SANDBOX_DETECT:
    default:
      break;
    }
  info = g_getenv ("MS_FLATPAK_INFO");
  if (info == NULL || *info == '\0')
    info = FLATPAK_INFO;
  return g_file_test (info, G_FILE_TEST_EXISTS);
}

static char *
host_dir (const char  *host_variable,
          const char  *sandbox_value,
          const char  *under_home[])
{
  const char *host;

  if (!ms_sandbox_is_flatpak ())
    return g_strdup (sandbox_value);

  /* Flatpak passes the host's own setting on, when the host had one. */
  host = g_getenv (host_variable);
  if (host != NULL && g_path_is_absolute (host))
    return g_strdup (host);
  return g_build_filenamev ((char **) under_home);
}

char *
ms_sandbox_get_host_config_dir (void)
{
  const char *parts[] = { g_get_home_dir (), ".config", NULL };

  return host_dir ("HOST_XDG_CONFIG_HOME", g_get_user_config_dir (), parts);
}

char *
ms_sandbox_get_host_data_dir (void)
{
  const char *parts[] = { g_get_home_dir (), ".local", "share", NULL };

  return host_dir ("HOST_XDG_DATA_HOME", g_get_user_data_dir (), parts);
}
