/* ms-thunderbird-profiles.c: Thunderbird installations, their profiles and profile locks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-thunderbird"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "ms-atomic-file.h"
#include "ms-sandbox.h"
#include "ms-text.h"
#include "ms-thunderbird-profiles.h"
#include "ms-user-file.h"

G_DEFINE_QUARK (ms-thunderbird-error-quark, ms_thunderbird_error)

#define BACKUP_SUFFIX "mail-setup-backup"

struct _MsThunderbirdProfile {
  gatomicrefcount ref_count;
  char *name;
  char *path;
  gboolean is_default;
};

G_DEFINE_BOXED_TYPE (MsThunderbirdProfile, ms_thunderbird_profile,
                     ms_thunderbird_profile_ref, ms_thunderbird_profile_unref)

static MsThunderbirdProfile *
profile_new (const char *name,
             const char *path,
             gboolean    is_default)
{
  MsThunderbirdProfile *self = g_new0 (MsThunderbirdProfile, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->name = g_strdup (name);
  self->path = g_strdup (path);
  self->is_default = is_default;
  return self;
}

MsThunderbirdProfile *
ms_thunderbird_profile_ref (MsThunderbirdProfile *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
ms_thunderbird_profile_unref (MsThunderbirdProfile *self)
{
  g_return_if_fail (self != NULL);
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_free (self->name);
  g_free (self->path);
  g_free (self);
}

const char *
ms_thunderbird_profile_get_name (MsThunderbirdProfile *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->name;
}

const char *
ms_thunderbird_profile_get_path (MsThunderbirdProfile *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->path;
}

gboolean
ms_thunderbird_profile_get_is_default (MsThunderbirdProfile *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->is_default;
}

const char *
ms_thunderbird_install_to_string (MsThunderbirdInstall install)
{
  switch (install)
    {
    case MS_THUNDERBIRD_INSTALL_NATIVE:
      return "native";
    case MS_THUNDERBIRD_INSTALL_FLATPAK:
      return "flatpak";
    case MS_THUNDERBIRD_INSTALL_SNAP:
      return "snap";
    default:
      return NULL;
    }
}

char *
ms_thunderbird_get_root_dir (MsThunderbirdInstall install)
{
  const char *home = g_get_home_dir ();

  switch (install)
    {
    case MS_THUNDERBIRD_INSTALL_NATIVE:
      return g_build_filename (home, ".thunderbird", NULL);
    case MS_THUNDERBIRD_INSTALL_FLATPAK:
      return g_build_filename (home, ".var", "app", "org.mozilla.Thunderbird", ".thunderbird",
                               NULL);
    case MS_THUNDERBIRD_INSTALL_SNAP:
      return g_build_filename (home, "snap", "thunderbird", "common", ".thunderbird", NULL);
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
ms_thunderbird_install_is_present (MsThunderbirdInstall install)
{
  g_autofree char *root = ms_thunderbird_get_root_dir (install);
  g_autofree char *ini = NULL;

  if (root == NULL)
    return FALSE;
  ini = g_build_filename (root, "profiles.ini", NULL);
  if (g_file_test (ini, G_FILE_TEST_EXISTS))
    return TRUE;

  switch (install)
    {
    case MS_THUNDERBIRD_INSTALL_NATIVE:
      {
        g_autofree char *program = g_find_program_in_path ("thunderbird");
        return program != NULL;
      }
    case MS_THUNDERBIRD_INSTALL_FLATPAK:
      {
        /* The host's user installation, also from inside our own Flatpak. */
        g_autofree char *host_data = ms_sandbox_get_host_data_dir ();
        g_autofree char *user = g_build_filename (host_data, "flatpak", "app",
                                                  "org.mozilla.Thunderbird", NULL);
        return g_file_test ("/var/lib/flatpak/app/org.mozilla.Thunderbird", G_FILE_TEST_IS_DIR) ||
               g_file_test (user, G_FILE_TEST_IS_DIR);
      }
    case MS_THUNDERBIRD_INSTALL_SNAP:
      return g_file_test ("/snap/bin/thunderbird", G_FILE_TEST_EXISTS);
    default:
      return FALSE;
    }
}

/* Mozilla's INI reader also takes ';' comments, which GKeyFile does not. */
static char *
drop_semicolon_comments (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *p = lines[i];

      while (*p == ' ' || *p == '\t')
        p++;
      if (*p == ';')
        continue;
      g_string_append (out, lines[i]);
      if (lines[i + 1] != NULL)
        g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

static GKeyFile *
load_ini (const char  *ini_path,
          char       **contents_out,
          GError     **error)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autofree char *contents = NULL;
  g_autofree char *cleaned = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *display = g_filename_display_name (ini_path);

  /* A regular file of sensible size without NUL bytes: a NUL would end the text early
   * and lose the profiles after it, so such a list is damaged, and never rewritten. */
  if (!ms_user_file_read (ini_path, MS_USER_FILE_PROFILES_INI, &contents, NULL, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_set_error (error, MS_THUNDERBIRD_ERROR, MS_THUNDERBIRD_ERROR_NO_PROFILES,
                     /* TRANSLATORS: %s is a file name */
                     _("No Thunderbird profile list was found (“%s” does not exist)."),
                     display);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  cleaned = drop_semicolon_comments (contents);
  if (!g_utf8_validate (cleaned, -1, NULL) ||
      !g_key_file_load_from_data (kf, cleaned, (gsize) -1, G_KEY_FILE_NONE, &local_error))
    {
      g_set_error (error, MS_THUNDERBIRD_ERROR, MS_THUNDERBIRD_ERROR_PROFILES_INVALID,
                   _("Thunderbird’s profile list “%s” is damaged and was left as it is: %s"),
                   display, local_error != NULL ? local_error->message : _("not UTF-8 text"));
      return NULL;
    }

  if (contents_out != NULL)
    *contents_out = g_steal_pointer (&contents);
  return g_steal_pointer (&kf);
}

static char *
profile_abs_path (const char *root_dir,
                  const char *path,
                  gboolean    relative)
{
  if (relative || !g_path_is_absolute (path))
    return g_build_filename (root_dir, path, NULL);
  return g_strdup (path);
}

static gboolean
is_profile_section (const char *group)
{
  return g_str_has_prefix (group, "Profile") && group[strlen ("Profile")] != '\0';
}

GPtrArray *
ms_thunderbird_profiles_load (const char  *root_dir,
                              GError     **error)
{
  g_autoptr(GKeyFile) kf = NULL;
  g_autoptr(GPtrArray) profiles = NULL;
  g_auto(GStrv) groups = NULL;
  g_autofree char *ini_path = NULL;
  g_autofree char *install_default = NULL;
  g_autofree char *display = NULL;
  int flagged = -1;

  g_return_val_if_fail (root_dir != NULL, NULL);

  ini_path = g_build_filename (root_dir, "profiles.ini", NULL);
  display = g_filename_display_name (ini_path);
  kf = load_ini (ini_path, NULL, error);
  if (kf == NULL)
    return NULL;

  groups = g_key_file_get_groups (kf, NULL);

  /* Since Thunderbird 68 the installation's own [Install<hash>] Default= decides. */
  for (guint i = 0; groups[i] != NULL && install_default == NULL; i++)
    if (g_str_has_prefix (groups[i], "Install"))
      install_default = g_key_file_get_value (kf, groups[i], "Default", NULL);

  profiles = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_thunderbird_profile_unref);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      g_autofree char *name = NULL;
      g_autofree char *path = NULL;
      g_autofree char *is_relative = NULL;
      g_autofree char *is_default = NULL;
      g_autofree char *abs_path = NULL;
      gboolean relative;

      if (!is_profile_section (groups[i]))
        continue;

      path = g_key_file_get_value (kf, groups[i], "Path", NULL);
      if (path == NULL || *path == '\0')
        {
          g_set_error (error, MS_THUNDERBIRD_ERROR, MS_THUNDERBIRD_ERROR_PROFILES_INVALID,
                       /* TRANSLATORS: the first %s is a file name, the second a section name */
                       _("Thunderbird’s profile list “%s” is damaged: the section [%s] "
                         "has no Path."), display, groups[i]);
          return NULL;
        }
      name = g_key_file_get_value (kf, groups[i], "Name", NULL);
      is_relative = g_key_file_get_value (kf, groups[i], "IsRelative", NULL);
      is_default = g_key_file_get_value (kf, groups[i], "Default", NULL);
      relative = g_strcmp0 (is_relative, "1") == 0;
      abs_path = profile_abs_path (root_dir, path, relative);

      if (g_strcmp0 (is_default, "1") == 0 && flagged < 0)
        flagged = (int) profiles->len;

      g_ptr_array_add (profiles, profile_new (name != NULL ? name : path, abs_path, FALSE));
    }

  if (profiles->len == 0)
    {
      g_set_error (error, MS_THUNDERBIRD_ERROR, MS_THUNDERBIRD_ERROR_NO_PROFILES,
                   _("Thunderbird’s profile list “%s” has no profile."), display);
      return NULL;
    }

  {
    int chosen = -1;

    if (install_default != NULL)
      {
        g_autofree char *wanted = profile_abs_path (root_dir, install_default,
                                                    !g_path_is_absolute (install_default));

        for (guint i = 0; i < profiles->len && chosen < 0; i++)
          {
            MsThunderbirdProfile *p = g_ptr_array_index (profiles, i);
            if (g_strcmp0 (p->path, wanted) == 0)
              chosen = (int) i;
          }
      }
    if (chosen < 0)
      chosen = flagged;
    if (chosen < 0 && profiles->len == 1)
      chosen = 0;
    if (chosen >= 0)
      ((MsThunderbirdProfile *) g_ptr_array_index (profiles, chosen))->is_default = TRUE;
  }

  return g_steal_pointer (&profiles);
}

MsThunderbirdProfile *
ms_thunderbird_profiles_get_default (GPtrArray *profiles)
{
  g_return_val_if_fail (profiles != NULL, NULL);

  for (guint i = 0; i < profiles->len; i++)
    {
      MsThunderbirdProfile *p = g_ptr_array_index (profiles, i);
      if (p->is_default)
        return p;
    }
  return NULL;
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *profiles = ms_thunderbird_profiles_load (task_data, &error);

  if (profiles == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, profiles, (GDestroyNotify) g_ptr_array_unref);
}

void
ms_thunderbird_profiles_load_async (const char          *root_dir,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, ms_thunderbird_profiles_load_async);
  g_task_set_task_data (task, g_strdup (root_dir), g_free);
  g_task_run_in_thread (task, load_thread);
}

GPtrArray *
ms_thunderbird_profiles_load_finish (GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
pid_is_alive (long pid)
{
  if (pid <= 0 || pid > G_MAXINT)
    return FALSE;
  return kill ((pid_t) pid, 0) == 0 || errno == EPERM;
}

gboolean
ms_thunderbird_profile_dir_is_locked (const char *profile_dir,
                                      int        *pid_out)
{
  g_autofree char *parentlock = g_build_filename (profile_dir, ".parentlock", NULL);
  g_autofree char *symlink = g_build_filename (profile_dir, "lock", NULL);
  g_autofree char *target = NULL;
  int fd;

  if (pid_out != NULL)
    *pid_out = 0;

  /* Thunderbird holds a POSIX (fcntl) write lock on .parentlock while it runs. The file
   * itself stays after exit, so only the lock counts. This also sees a Thunderbird in a
   * Flatpak or Snap sandbox, whose process ids mean nothing here. */
  fd = open (parentlock, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd >= 0)
    {
      struct flock fl = { 0 };

      fl.l_type = F_WRLCK;
      fl.l_whence = SEEK_SET;
      fl.l_start = 0;
      fl.l_len = 0;
      if (fcntl (fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK)
        {
          close (fd);
          if (pid_out != NULL)
            *pid_out = fl.l_pid > 0 ? fl.l_pid : 0;
          return TRUE;
        }
      close (fd);
    }

  /* The older "lock" symlink points at "ADDRESS:+PID"; it is left behind too, so it
   * counts only while that process lives. */
  target = g_file_read_link (symlink, NULL);
  if (target != NULL)
    {
      const char *colon = strrchr (target, ':');

      if (colon != NULL && colon[1] == '+')
        {
          char *end = NULL;
          long pid = strtol (colon + 2, &end, 10);

          if (end != NULL && *end == '\0' && pid_is_alive (pid))
            {
              if (pid_out != NULL)
                *pid_out = (int) pid;
              return TRUE;
            }
        }
    }

  return FALSE;
}

static char *
safe_folder_name (const char *name)
{
  GString *out = g_string_new (NULL);

  for (const char *p = name; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c < 0x20 || c == '/' || c == '\\' || c == 0x7f)
        g_string_append_c (out, '_');
      else
        g_string_append_c (out, (char) c);
    }
  return g_string_free (out, FALSE);
}

static char *
random_prefix (void)
{
  static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  char prefix[9];

  for (guint i = 0; i < 8; i++)
    prefix[i] = alphabet[g_random_int_range (0, (gint32) (sizeof alphabet - 1))];
  prefix[8] = '\0';
  return g_strdup (prefix);
}

MsThunderbirdProfile *
ms_thunderbird_profile_create (const char  *root_dir,
                               const char  *name,
                               GError     **error)
{
  g_autofree char *ini_path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GKeyFile) kf = NULL;
  g_autoptr(GString) out = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *abs_path = NULL;
  g_autofree char *backup = NULL;
  g_auto(GStrv) groups = NULL;
  gboolean had_ini;
  guint n_profiles = 0;
  guint number;
  int mode = 0644;

  g_return_val_if_fail (root_dir != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  /* A name Thunderbird shows in its profile manager: printable text (no control, bidi or
   * invisible characters, valid UTF-8), not blank. */
  {
    g_autofree char *trimmed = g_strstrip (g_strdup (name));

    if (*trimmed == '\0' || !ms_text_is_safe (name, MS_TEXT_ONE_LINE) ||
        strcmp (trimmed, ".") == 0 || strcmp (trimmed, "..") == 0)
      {
        g_autofree char *shown = ms_text_field (name);

        g_set_error (error, MS_THUNDERBIRD_ERROR, MS_THUNDERBIRD_ERROR_PROFILE_NAME_INVALID,
                     /* TRANSLATORS: %s is what the user typed as a profile name */
                     _("“%s” cannot be used as a profile name: use printable characters, not "
                       "only spaces."), shown);
        return NULL;
      }
  }

  ini_path = g_build_filename (root_dir, "profiles.ini", NULL);
  had_ini = g_file_test (ini_path, G_FILE_TEST_EXISTS);
  if (had_ini)
    {
      struct stat st;

      kf = load_ini (ini_path, &contents, error);
      if (kf == NULL)
        return NULL;
      /* a list the reader refuses (a profile without its folder …) is damaged: not
       * rewritten either (found by fuzz-profiles-ini) */
      {
        g_autoptr(GError) load_error = NULL;
        g_autoptr(GPtrArray) existing = ms_thunderbird_profiles_load (root_dir, &load_error);

        if (existing == NULL && !g_error_matches (load_error, MS_THUNDERBIRD_ERROR,
                                                  MS_THUNDERBIRD_ERROR_NO_PROFILES))
          {
            g_propagate_error (error, g_steal_pointer (&load_error));
            return NULL;
          }
      }
      if (g_stat (ini_path, &st) == 0)
        mode = st.st_mode & 0777;
      groups = g_key_file_get_groups (kf, NULL);
      for (guint i = 0; groups[i] != NULL; i++)
        {
          g_autofree char *other = NULL;

          if (!is_profile_section (groups[i]))
            continue;
          n_profiles++;
          other = g_key_file_get_value (kf, groups[i], "Name", NULL);
          if (g_strcmp0 (other, name) == 0)
            {
              g_set_error (error, MS_THUNDERBIRD_ERROR, MS_THUNDERBIRD_ERROR_PROFILE_EXISTS,
                           /* TRANSLATORS: %s is a profile name */
                           _("Thunderbird already has a profile named “%s”."), name);
              return NULL;
            }
        }
    }

  if (!ms_sandbox_check_writable (root_dir, error) || !ms_atomic_file_mkdir (root_dir, 0700, error))
    return NULL;

  {
    g_autofree char *safe = safe_folder_name (name);

    for (guint tries = 0; ; tries++)
      {
        g_autofree char *prefix = random_prefix ();

        g_free (folder);
        g_free (abs_path);
        folder = g_strdup_printf ("%s.%s", prefix, safe);
        abs_path = g_build_filename (root_dir, folder, NULL);
        if (g_mkdir (abs_path, 0700) == 0)
          break;
        if (errno != EEXIST || tries > 20)
          {
            int saved_errno = errno;
            g_autofree char *display = g_filename_display_name (abs_path);

            g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                         _("Could not create the folder “%s”: %s"),
                         display, g_strerror (saved_errno));
            return NULL;
          }
      }
  }

  /* Keep every byte of the old file; append the new section. */
  number = n_profiles;
  while (kf != NULL)
    {
      g_autofree char *group = g_strdup_printf ("Profile%u", number);
      if (!g_key_file_has_group (kf, group))
        break;
      number++;
    }

  out = g_string_new (contents);
  if (!had_ini)
    g_string_append (out, "[General]\nStartWithLastProfile=1\nVersion=2\n");
  if (out->len > 0 && out->str[out->len - 1] != '\n')
    g_string_append_c (out, '\n');
  if (out->len > 0)
    g_string_append_c (out, '\n');
  g_string_append_printf (out, "[Profile%u]\nName=%s\nIsRelative=1\nPath=%s\n",
                          number, name, folder);
  if (n_profiles == 0)
    g_string_append (out, "Default=1\n");

  if (had_ini)
    {
      backup = ms_atomic_file_backup (ini_path, BACKUP_SUFFIX, mode, error);
      if (backup == NULL)
        {
          g_rmdir (abs_path);
          return NULL;
        }
    }
  if (!ms_atomic_file_write (ini_path, out->str, out->len, mode, error))
    {
      g_rmdir (abs_path);
      if (backup != NULL)
        g_unlink (backup);
      return NULL;
    }

  return profile_new (name, abs_path, n_profiles == 0);
}

typedef struct {
  char *root_dir;
  char *name;
} CreateData;

static void
create_data_free (CreateData *data)
{
  g_free (data->root_dir);
  g_free (data->name);
  g_free (data);
}

static void
create_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  CreateData *data = task_data;
  GError *error = NULL;
  MsThunderbirdProfile *profile;

  /* Past this point the files change: the result must reach the caller. */
  if (g_task_return_error_if_cancelled (task))
    return;
  profile = ms_thunderbird_profile_create (data->root_dir, data->name, &error);
  if (profile == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, profile, (GDestroyNotify) ms_thunderbird_profile_unref);
}

void
ms_thunderbird_profile_create_async (const char          *root_dir,
                                     const char          *name,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  CreateData *data;

  g_return_if_fail (root_dir != NULL);
  g_return_if_fail (name != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ms_thunderbird_profile_create_async);
  /* A profile written is reported as written, cancelled or not. */
  g_task_set_check_cancellable (task, FALSE);
  data = g_new0 (CreateData, 1);
  data->root_dir = g_strdup (root_dir);
  data->name = g_strdup (name);
  g_task_set_task_data (task, data, (GDestroyNotify) create_data_free);
  g_task_run_in_thread (task, create_thread);
}

MsThunderbirdProfile *
ms_thunderbird_profile_create_finish (GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        ms_thunderbird_profile_create_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
