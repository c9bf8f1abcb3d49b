/* ms-thunderbird-cert-override.h: one trusted certificate for one host:port, in
 * Thunderbird's certificate exception file (cert_override.txt)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The line Thunderbird 153 writes for a permanent exception:
 * "HOST:PORT:\tOID.2.16.840.1.101.3.4.2.1\tAB:CD:…\t" (the key ends with the origin
 * attributes, empty by default; an IPv6 HOST in brackets; the SHA-256 fingerprint of the
 * certificate's DER form, upper-case hex with colons). @sha256: 64 hex digits, colons and
 * case ignored. NULL if it is not a fingerprint. */
char *ms_thunderbird_cert_override_line (const char *host,
                                         guint16     port,
                                         const char *sha256);

/* The merge (pure): @old (NULL: no file yet) with every exception for HOST:PORT (default
 * origin attributes) replaced by the one for @sha256; every other line stays byte for
 * byte. Sets @changed to FALSE when the result equals @old. NULL if @sha256 is not a
 * fingerprint. */
char *ms_thunderbird_cert_override_merge (const char *old,
                                          gsize       old_length,
                                          const char *host,
                                          guint16     port,
                                          const char *sha256,
                                          gboolean   *changed);

/* Records the exception in @profile_dir/cert_override.txt: backed up first
 * ("cert_override.txt.mail-setup-backup-…"), replaced atomically (mode 0600), untouched
 * when it is there already. @backup_path (nullable out): the backup, NULL if none. The
 * caller checks the profile lock. Blocking. */
gboolean ms_thunderbird_cert_override_save_sync (const char  *profile_dir,
                                                 const char  *host,
                                                 guint16      port,
                                                 const char  *sha256,
                                                 char       **backup_path,
                                                 GError     **error);

G_END_DECLS
