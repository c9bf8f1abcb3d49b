/* ms-atomic-file.c: write a file so that readers see the old or the new content, never half
 *
 * Writing is GLib's g_file_set_contents_full() (consistent and durable: a temporary file in
 * the same folder, fsync()ed, renamed over the file). What is ours on top of it:
 *  - ms_atomic_file_write(): a symbolic link stays a link (GLib would replace the link by a
 *    file): its target is written; a dangling link is refused. A file its owner made
 *    read-only is refused, never replaced (GLib would replace it). Errors are in the
 *    G_IO_ERROR domain (the exports and the CLI's problem codes, e.g. "write-failed", rely
 *    on it). The mode is exactly the one asked for: GLib creates the file with the mode
 *    narrowed by the umask, so a narrower result is chmod()ed (profiles.ini keeps the
 *    mode it had).
 *  - ms_atomic_file_backup(): GLib has no equivalent. A byte-for-byte copy under a new
 *    timestamped name that never replaces an existing file: the copy is written to a
 *    temporary file, fsync()ed, then link()ed to the new name (link fails on an existing
 *    name, rename would replace it), so a backup is complete or absent.
 *  - ms_atomic_file_mkdir(): g_mkdir_with_parents() with an error that names the folder.
 * Neither GLib nor this file fsync()s the folder after the rename.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-atomic-file"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ms-atomic-file.h"

/* @format takes the display name of @path and the system's reason, in that order. */
#define set_errno_error(error, saved_errno, format, path)                        \
  G_STMT_START {                                                                  \
    g_autofree char *display_ = g_filename_display_name (path);                   \
    int errno_ = (saved_errno);                                                   \
    g_set_error ((error), G_IO_ERROR, g_io_error_from_errno (errno_), (format),   \
                 display_, g_strerror (errno_));                                  \
  } G_STMT_END

/* Writes a new temporary file next to @path and returns its name, or NULL. */
static char *
write_temp (const char  *path,
            const char  *contents,
            gsize        length,
            int          mode,
            GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *tmpl = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  gsize done = 0;
  int fd;

  fd = g_mkstemp_full (tmpl, O_RDWR | O_CLOEXEC, mode & 0777);
  if (fd < 0)
    {
      int saved_errno = errno;
      /* TRANSLATORS: the first %s is a file or folder name, the second the system's reason */
      set_errno_error (error, saved_errno, _("Could not create a file in “%s”: %s"), dir);
      return NULL;
    }

  /* The umask may have narrowed the mode; the caller asked for exactly this one. */
  if (fchmod (fd, mode & 0777) != 0)
    goto fail;

  while (done < length)
    {
      gssize n = write (fd, contents + done, length - done);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          goto fail;
        }
      done += (gsize) n;
    }

  if (fsync (fd) != 0)
    goto fail;
  if (close (fd) != 0)
    {
      int saved_errno = errno;
      g_unlink (tmpl);
      /* TRANSLATORS: the first %s is a file name, the second the system's reason */
      set_errno_error (error, saved_errno, _("Could not write “%s”: %s"), path);
      return NULL;
    }
  return g_steal_pointer (&tmpl);

fail:
  {
    int saved_errno = errno;
    close (fd);
    g_unlink (tmpl);
    set_errno_error (error, saved_errno, _("Could not write “%s”: %s"), path);
    return NULL;
  }
}

gboolean
ms_atomic_file_write (const char  *path,
                      const char  *contents,
                      gsize        length,
                      int          mode,
                      GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *target = NULL;
  struct stat st;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (contents != NULL || length == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* A symbolic link (a dotfile manager's) stays a link: the new content replaces its
   * target, atomically, in the target's folder. A link to nothing is refused. */
  if (g_lstat (path, &st) == 0 && S_ISLNK (st.st_mode))
    {
      target = realpath (path, NULL);
      if (target == NULL)
        {
          int saved_errno = errno;
          /* TRANSLATORS: the first %s is a file name, the second the system's reason */
          set_errno_error (error, saved_errno, _("Could not follow the link “%s”: %s"), path);
          return FALSE;
        }
      path = target;
    }
  /* A file its owner made read-only stays as it is (also for root, who could write it). */
  if (g_stat (path, &st) == 0 && (st.st_mode & S_IWUSR) == 0)
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   /* TRANSLATORS: %s is a file name */
                   _("“%s” is read-only: it was left as it is. Make it writable to let Mail "
                     "Setup change it."), display);
      return FALSE;
    }

  /* A temporary file next to @path, flushed to disk, then renamed over it. */
  if (!g_file_set_contents_full (path, contents != NULL ? contents : "", (gssize) length,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 mode & 0777, &local_error))
    {
      g_set_error_literal (error, G_IO_ERROR, g_io_error_from_file_error (local_error->code),
                           local_error->message);
      return FALSE;
    }

  /* The umask may have narrowed the mode (never widened it); the caller asked for exactly
   * this one, e.g. the mode profiles.ini had before. */
  if (g_stat (path, &st) == 0 && (int) (st.st_mode & 0777) != (mode & 0777) &&
      g_chmod (path, mode & 0777) != 0)
    {
      int saved_errno = errno;
      set_errno_error (error, saved_errno, _("Could not write “%s”: %s"), path);
      return FALSE;
    }
  return TRUE;
}

char *
ms_atomic_file_backup (const char  *path,
                       const char  *suffix,
                       int          mode,
                       GError     **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *tmp = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  gsize length = 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (suffix != NULL, NULL);

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;

  tmp = write_temp (path, contents, length, mode, error);
  if (tmp == NULL)
    return NULL;

  for (guint n = 0; n < 1000; n++)
    {
      g_autofree char *target = n == 0
        ? g_strdup_printf ("%s.%s-%s", path, suffix, stamp)
        : g_strdup_printf ("%s.%s-%s-%u", path, suffix, stamp, n);

      /* link() never replaces an existing file, unlike rename(). */
      if (link (tmp, target) == 0)
        {
          g_unlink (tmp);
          return g_steal_pointer (&target);
        }
      if (errno != EEXIST)
        {
          int saved_errno = errno;
          g_unlink (tmp);
          /* TRANSLATORS: the first %s is a file name, the second the system's reason */
          set_errno_error (error, saved_errno,
                           _("Could not make a backup copy of “%s”: %s"), path);
          return NULL;
        }
    }

  g_unlink (tmp);
  set_errno_error (error, EEXIST, _("Could not make a backup copy of “%s”: %s"), path);
  return NULL;
}

gboolean
ms_atomic_file_mkdir (const char  *path,
                      int          mode,
                      GError     **error)
{
  g_return_val_if_fail (path != NULL, FALSE);

  if (g_mkdir_with_parents (path, mode) != 0)
    {
      int saved_errno = errno;
      /* TRANSLATORS: the first %s is a folder name, the second the system's reason */
      set_errno_error (error, saved_errno, _("Could not create the folder “%s”: %s"), path);
      return FALSE;
    }
  return TRUE;
}
