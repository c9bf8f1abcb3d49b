/* ms-user-file.c: read a file that another program or the user owns, as what we expect
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-user-file"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ms-user-file.h"

G_DEFINE_QUARK (ms-user-file-error-quark, ms_user_file_error)

/* One row per kind: how large it may be, whether it is text, and its name in messages.
 * The bounds are far above any real file (a large prefs.js is a few hundred KiB) and far
 * below what would strain memory. */
static const struct {
  gsize max_size;
  gboolean text;
  const char *what;     /* followed by the file's name */
} kinds[] = {
  [MS_USER_FILE_PROFILES_INI] = { 1 << 20, TRUE, N_("Thunderbird’s profile list") },
  [MS_USER_FILE_PREFS_JS] = { 16 << 20, TRUE, N_("Thunderbird’s settings file") },
  [MS_USER_FILE_EVOLUTION_SOURCE] = { 1 << 20, TRUE, N_("Evolution’s account file") },
  [MS_USER_FILE_CA] = { 8 << 20, FALSE, N_("The certificate file") },
  [MS_USER_FILE_LOGINS_JSON] = { 16 << 20, TRUE, N_("Thunderbird’s saved logins") },
  [MS_USER_FILE_CERT_OVERRIDE] = { 4 << 20, TRUE, N_("Thunderbird’s certificate exceptions") },
  [MS_USER_FILE_CAMEL_CERTDB] = { 4 << 20, FALSE, N_("Evolution’s trusted certificates") },
};

gsize
ms_user_file_max_size (MsUserFileKind kind)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (kinds), 0);
  return kinds[kind].max_size;
}

static char *
describe (const char     *path,
          MsUserFileKind  kind)
{
  g_autofree char *display = g_filename_display_name (path);

  /* TRANSLATORS: a kind of file ("Thunderbird’s profile list"), then the file's name */
  return g_strdup_printf (_("%s “%s”"), _(kinds[kind].what), display);
}

static void
set_errno_error (GError         **error,
                 int              saved_errno,
                 const char      *path,
                 MsUserFileKind   kind)
{
  g_autofree char *what = describe (path, kind);

  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
               /* TRANSLATORS: the first %s names a file, the second is the system's reason */
               _("%s could not be read: %s"), what, g_strerror (saved_errno));
}

static gboolean
check_stat (const struct stat *st,
            const char        *path,
            MsUserFileKind     kind,
            GError           **error)
{
  g_autofree char *what = NULL;

  if (!S_ISREG (st->st_mode))
    {
      what = describe (path, kind);
      g_set_error (error, MS_USER_FILE_ERROR, MS_USER_FILE_ERROR_NOT_REGULAR,
                   /* TRANSLATORS: %s names a file */
                   _("%s is not a regular file (it is a folder, a pipe, a device or a socket): "
                     "it was not read, and nothing was changed."), what);
      return FALSE;
    }
  if ((guint64) st->st_size > kinds[kind].max_size)
    {
      g_autofree char *size = g_format_size ((guint64) st->st_size);
      g_autofree char *max = g_format_size (kinds[kind].max_size);

      what = describe (path, kind);
      g_set_error (error, MS_USER_FILE_ERROR, MS_USER_FILE_ERROR_TOO_LARGE,
                   /* TRANSLATORS: %s names a file, then two sizes such as "150 MB" */
                   _("%s is too large to be what it should be (%s, more than %s): it looks "
                     "damaged, was not read, and nothing was changed."), what, size, max);
      return FALSE;
    }
  return TRUE;
}

gboolean
ms_user_file_check (const char      *path,
                    MsUserFileKind   kind,
                    GError         **error)
{
  struct stat st;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (kind < G_N_ELEMENTS (kinds), FALSE);

  /* stat() first: a device or a FIFO is refused without even being opened */
  if (g_stat (path, &st) != 0)
    {
      set_errno_error (error, errno, path, kind);
      return FALSE;
    }
  return check_stat (&st, path, kind, error);
}

gboolean
ms_user_file_read (const char      *path,
                   MsUserFileKind   kind,
                   char           **contents,
                   gsize           *length,
                   GError         **error)
{
  struct stat st;
  g_autofree char *data = NULL;
  gsize max, cap, done = 0;
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (contents != NULL, FALSE);
  g_return_val_if_fail (kind < G_N_ELEMENTS (kinds), FALSE);

  if (!ms_user_file_check (path, kind, error))
    return FALSE;

  /* O_NONBLOCK: should the file have been swapped for a FIFO meanwhile, open() does not
   * wait for a writer; fstat() below then refuses it. */
  fd = open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0)
    {
      set_errno_error (error, errno, path, kind);
      return FALSE;
    }
  if (fstat (fd, &st) != 0)
    {
      int saved_errno = errno;
      close (fd);
      set_errno_error (error, saved_errno, path, kind);
      return FALSE;
    }
  if (!check_stat (&st, path, kind, error))
    {
      close (fd);
      return FALSE;
    }

  /* Read at most one byte more than allowed: a file that grew is noticed, not followed. */
  max = kinds[kind].max_size;
  cap = (gsize) st.st_size + 1;
  data = g_malloc (cap + 1);
  while (done <= max)
    {
      gssize n;

      if (done == cap)
        {
          cap = MIN (cap * 2, max + 1);
          data = g_realloc (data, cap + 1);
        }
      n = read (fd, data + done, cap - done);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;
          close (fd);
          set_errno_error (error, saved_errno, path, kind);
          return FALSE;
        }
      if (n == 0)
        break;
      done += (gsize) n;
    }
  close (fd);

  if (done > max)
    {
      st.st_size = (off_t) done;
      return check_stat (&st, path, kind, error);
    }
  if (kinds[kind].text && memchr (data, '\0', done) != NULL)
    {
      g_autofree char *what = describe (path, kind);

      g_set_error (error, MS_USER_FILE_ERROR, MS_USER_FILE_ERROR_DAMAGED,
                   /* TRANSLATORS: %s names a file */
                   _("%s is damaged (it holds NUL bytes, which a text file never does): it "
                     "was left as it is, and nothing was changed."), what);
      return FALSE;
    }

  data[done] = '\0';
  *contents = g_steal_pointer (&data);
  if (length != NULL)
    *length = done;
  return TRUE;
}
