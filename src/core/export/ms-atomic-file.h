/* ms-atomic-file.h: write a file so that readers see the old or the new content, never half
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Writes @contents to @path with g_file_set_contents_full() (consistent and durable: a
 * temporary file in the same folder, flushed to disk, renamed over @path), then makes the
 * mode exactly @mode if the umask narrowed it. On failure the temporary file is removed and
 * @path is untouched. Blocking: call from a worker thread.
 * When @path is a symbolic link, its target is written that way and the link stays (a
 * dotfile manager keeps working); a dangling link is refused. An existing file without
 * its owner's write permission is refused, never replaced.
 * Errors are G_IO_ERROR with a message that names the file. */
gboolean  ms_atomic_file_write  (const char  *path,
                                 const char  *contents,
                                 gsize        length,
                                 int          mode,
                                 GError     **error);

/* Copies @path byte for byte (atomically, @mode) to a new file next to it named
 * "NAME.SUFFIX-YYYYMMDD-HHMMSS" (with "-N" added when that exists already) and returns
 * the new file's path. Never overwrites a file. Blocking. */
char     *ms_atomic_file_backup (const char  *path,
                                 const char  *suffix,
                                 int          mode,
                                 GError     **error);

/* Creates @path and its parents with @mode (existing folders are kept as they are). */
gboolean  ms_atomic_file_mkdir  (const char  *path,
                                 int          mode,
                                 GError     **error);

G_END_DECLS
