/* ms-sandbox.c: where the mail clients' folders really are, also from inside our Flatpak
 *
 * Flatpak gives an app its own XDG_CONFIG_HOME and XDG_DATA_HOME (~/.var/app/<app-id>/…)
 * but keeps HOME. The folders we export into are the host's, reached through the
 * --filesystem permissions of our manifest, so their paths are built from the real home.
 *
 * A folder whose permission is missing (taken away with flatpak override, or never granted)
 * or that does not exist on the host is not shared: writing there would land in the
 * sandbox's own throw-away folders and the export would seem to succeed while no mail client
 * ever sees the account. ms_sandbox_check_writable() says so before anything is written.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-sandbox"

#include "config.h"

#include "ms-sandbox.h"

#include <stdlib.h>
#include <string.h>

#include "ms-problem.h"

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

/* --- Is a folder the host's? ------------------------------------------------------------- */

G_DEFINE_QUARK (ms-sandbox-error-quark, ms_sandbox_error)

static char *
info_path (void)
{
  const char *info = g_getenv ("MS_FLATPAK_INFO");

  return g_strdup (info != NULL && *info != '\0' ? info : FLATPAK_INFO);
}

/* TRUE when @path is @dir or below it. */
static gboolean
path_is_under (const char *path,
               const char *dir)
{
  gsize n = strlen (dir);

  if (strcmp (dir, "/") == 0)
    return TRUE;
  while (n > 1 && dir[n - 1] == '/')
    n--;
  return strncmp (path, dir, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

/* The absolute folder a filesystem permission of Flatpak names (without its :ro, :rw or
 * :create suffix), or NULL for those that are no folder of ours (host-os, xdg-run/…). */
static char *
permission_folder (const char *name)
{
  static const struct {
    const char *prefix;
    char *(*dir) (void);
  } xdg[] = {
    { "xdg-config", ms_sandbox_get_host_config_dir },
    { "xdg-data", ms_sandbox_get_host_data_dir },
  };

  if (strcmp (name, "host") == 0)
    return g_strdup ("/");
  if (strcmp (name, "home") == 0 || strcmp (name, "~") == 0)
    return g_strdup (g_get_home_dir ());
  if (g_str_has_prefix (name, "~/"))
    return g_build_filename (g_get_home_dir (), name + 2, NULL);
  if (name[0] == '/')
    return g_canonicalize_filename (name, "/");
  for (guint i = 0; i < G_N_ELEMENTS (xdg); i++)
    {
      gsize n = strlen (xdg[i].prefix);

      if (strncmp (name, xdg[i].prefix, n) == 0 && (name[n] == '\0' || name[n] == '/'))
        {
          g_autofree char *base = xdg[i].dir ();

          return name[n] == '\0' ? g_steal_pointer (&base)
                                 : g_build_filename (base, name + n + 1, NULL);
        }
    }
  return NULL;
}

/* Among the [Context] filesystems of /.flatpak-info, the one that decides about @folder:
 * the most specific one containing it. Returns FALSE when none grants writing. */
static gboolean
folder_is_granted (const char *folder,
                   const char *info)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_auto(GStrv) entries = NULL;
  gsize best_length = 0;
  gboolean granted = FALSE;

  if (!g_key_file_load_from_file (kf, info, G_KEY_FILE_NONE, NULL))
    return FALSE;
  entries = g_key_file_get_string_list (kf, "Context", "filesystems", NULL, NULL);
  for (guint i = 0; entries != NULL && entries[i] != NULL; i++)
    {
      const char *entry = entries[i];
      gboolean negated = entry[0] == '!';
      g_autofree char *name = g_strdup (entry + (negated ? 1 : 0));
      char *suffix = strrchr (name, ':');
      gboolean read_only = FALSE;
      g_autofree char *dir = NULL;

      if (suffix != NULL && (strcmp (suffix, ":ro") == 0 || strcmp (suffix, ":rw") == 0 ||
                             strcmp (suffix, ":create") == 0))
        {
          read_only = strcmp (suffix, ":ro") == 0;
          *suffix = '\0';
        }
      dir = permission_folder (name);
      if (dir == NULL || !path_is_under (folder, dir) || strlen (dir) < best_length)
        continue;
      best_length = strlen (dir);
      granted = !negated && !read_only;
    }
  return granted;
}

/* The mount point that @path (an existing, canonical path) lies on. */
static char *
mount_point_of (const char *path)
{
  const char *mountinfo = g_getenv ("MS_MOUNTINFO");
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  char *best = g_strdup ("/");

  if (!g_file_get_contents (mountinfo != NULL && *mountinfo != '\0' ? mountinfo : "/proc/self/mountinfo",
                            &contents, NULL, NULL))
    return best;
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      /* "ID PARENT MAJOR:MINOR ROOT MOUNT-POINT …", spaces in paths as \040 */
      g_auto(GStrv) fields = g_strsplit (lines[i], " ", 6);
      g_autofree char *point = NULL;

      if (g_strv_length (fields) < 5)
        continue;
      point = g_strcompress (fields[4]);
      if (path_is_under (path, point) && strlen (point) > strlen (best))
        {
          g_free (best);
          best = g_steal_pointer (&point);
        }
    }
  return best;
}

/* The folder as the user knows it: ~/… under the home folder. */
static char *
shown_folder (const char *folder)
{
  const char *home = g_get_home_dir ();

  if (path_is_under (folder, home) && strcmp (folder, home) != 0)
    return g_strconcat ("~", folder + strlen (home), NULL);
  return g_filename_display_name (folder);
}

static gboolean
fail (MsProblemCode   code,
      const char     *folder,
      GError        **error)
{
  g_autofree char *shown = shown_folder (folder);
  MsProblemContext ctx = { .host = shown };
  g_autoptr(MsProblem) problem = ms_problem_new (code, &ctx);

  g_set_error (error, MS_SANDBOX_ERROR, code, "%s %s", problem->message, problem->fix);
  return FALSE;
}

gboolean
ms_sandbox_check_writable (const char  *folder,
                           GError     **error)
{
  g_autofree char *info = NULL;
  g_autofree char *path = NULL;
  g_autofree char *existing = NULL;
  g_autofree char *point = NULL;

  g_return_val_if_fail (folder != NULL && g_path_is_absolute (folder), FALSE);

  if (!ms_sandbox_is_flatpak ())
    return TRUE;

  info = info_path ();
  path = g_canonicalize_filename (folder, "/");
  if (!folder_is_granted (path, info))
    return fail (MS_PROBLEM_FOLDER_NOT_SHARED, path, error);

  /* Flatpak shares only folders that exist on the host; in their place the sandbox may
   * have its own, which vanish with it. What is written goes to the nearest existing
   * folder's file system: it must be a mount from the host, not the sandbox's root. */
  existing = g_strdup (path);
  while (!g_file_test (existing, G_FILE_TEST_IS_DIR) && strcmp (existing, "/") != 0)
    {
      char *parent = g_path_get_dirname (existing);

      g_free (existing);
      existing = parent;
    }
  {
    g_autofree char *real = realpath (existing, NULL);

    point = mount_point_of (real != NULL ? real : existing);
  }
  if (!folder_is_granted (point, info))
    return fail (MS_PROBLEM_FOLDER_MISSING, path, error);
  return TRUE;
}
