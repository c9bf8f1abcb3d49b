/* ms-user-file.h: read a file that another program or the user owns, as what we expect
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Thunderbird's profiles.ini, prefs.js, logins.json and cert_override.txt, Evolution's
 * .source files and a CA file given
 * on the command line are read only through ms_user_file_read(): a regular file (a FIFO,
 * a device or a socket is refused before it is read, so nothing hangs or reads without
 * end), at most a size fitting its kind, and for text kinds without NUL bytes — a file
 * with NUL bytes is damaged, and a damaged file is reported, never rewritten.
 *
 * Symbolic links are followed (a dotfile manager's links keep working); what they point
 * at must be a regular file too. Writing goes through to the link's target
 * (ms_atomic_file_write()).
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define MS_USER_FILE_ERROR (ms_user_file_error_quark ())

/**
 * MsUserFileError:
 * @MS_USER_FILE_ERROR_NOT_REGULAR: a FIFO, device, socket or folder where a file belongs
 * @MS_USER_FILE_ERROR_TOO_LARGE: larger than any such file could sensibly be
 * @MS_USER_FILE_ERROR_DAMAGED: the content cannot be this kind of file (NUL bytes)
 *
 * A missing file is G_FILE_ERROR_NOENT; other read failures are G_FILE_ERROR too.
 */
typedef enum {
  MS_USER_FILE_ERROR_NOT_REGULAR,
  MS_USER_FILE_ERROR_TOO_LARGE,
  MS_USER_FILE_ERROR_DAMAGED,
} MsUserFileError;

typedef enum {
  MS_USER_FILE_PROFILES_INI,     /* Thunderbird's profile list */
  MS_USER_FILE_PREFS_JS,         /* a Thunderbird profile's settings */
  MS_USER_FILE_EVOLUTION_SOURCE, /* one of Evolution's account files */
  MS_USER_FILE_CA,               /* certificate authorities (PEM) */
  MS_USER_FILE_LOGINS_JSON,      /* a Thunderbird profile's saved logins */
  MS_USER_FILE_CERT_OVERRIDE,    /* a Thunderbird profile's certificate exceptions */
  MS_USER_FILE_CAMEL_CERTDB,     /* Evolution's trusted certificates (binary) */
} MsUserFileKind;

GQuark   ms_user_file_error_quark (void);

/* The largest file of @kind that is read, in bytes. */
gsize    ms_user_file_max_size    (MsUserFileKind   kind);

/* Reads @path as a file of @kind into @contents (NUL-terminated; @length may be NULL).
 * Blocking. Never blocks on a FIFO or reads more than ms_user_file_max_size() + 1
 * bytes. */
gboolean ms_user_file_read        (const char      *path,
                                   MsUserFileKind   kind,
                                   char           **contents,
                                   gsize           *length,
                                   GError         **error);

/* Only the checks that come before reading: @path (after links) is a regular file of at
 * most the size of @kind. For files a library opens itself by name (a CA file). */
gboolean ms_user_file_check       (const char      *path,
                                   MsUserFileKind   kind,
                                   GError         **error);

G_END_DECLS
