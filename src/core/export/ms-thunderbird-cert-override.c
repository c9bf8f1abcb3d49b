/* ms-thunderbird-cert-override.c: one trusted certificate for one host:port, in
 * Thunderbird's certificate exception file (cert_override.txt)
 *
 * Thunderbird reads each line as "HOST:PORT:ATTRS<tab>ALGORITHM-OID<tab>FINGERPRINT…",
 * ignores lines starting with '#' and anything after the fingerprint, and accepts a
 * certificate that fails verification only when its SHA-256 fingerprint is the one
 * recorded for exactly that host and port.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ms-atomic-file.h"
#include "ms-thunderbird-cert-override.h"
#include "ms-user-file.h"

#define BACKUP_SUFFIX "mail-setup-backup"
#define SHA256_OID "OID.2.16.840.1.101.3.4.2.1"
#define HEADER "# PSM Certificate Override Settings file\n" \
               "# This is a generated file!  Do not edit.\n"

/* "AB:CD:…" from 64 hex digits (colons, spaces and case ignored); NULL otherwise */
static char *
fingerprint_of (const char *sha256)
{
  g_autoptr(GString) out = g_string_sized_new (96);
  guint digits = 0;

  for (const char *p = sha256; *p != '\0'; p++)
    {
      if (*p == ':' || *p == ' ')
        continue;
      if (!g_ascii_isxdigit (*p) || digits == 64)
        return NULL;
      if (digits > 0 && digits % 2 == 0)
        g_string_append_c (out, ':');
      g_string_append_c (out, g_ascii_toupper (*p));
      digits++;
    }
  if (digits != 64)
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* "HOST:PORT:" — the key of an exception with the default origin attributes */
static char *
key_of (const char *host,
        guint16     port)
{
  if (strchr (host, ':') != NULL)
    return g_strdup_printf ("[%s]:%u:", host, port);
  return g_strdup_printf ("%s:%u:", host, port);
}

char *
ms_thunderbird_cert_override_line (const char *host,
                                   guint16     port,
                                   const char *sha256)
{
  g_autofree char *fingerprint = NULL;
  g_autofree char *key = NULL;

  g_return_val_if_fail (host != NULL && *host != '\0', NULL);
  g_return_val_if_fail (sha256 != NULL, NULL);

  fingerprint = fingerprint_of (sha256);
  if (fingerprint == NULL)
    return NULL;
  key = key_of (host, port);
  return g_strdup_printf ("%s\t" SHA256_OID "\t%s\t", key, fingerprint);
}

/* Is @line (without its line end) an exception for @key ("HOST:PORT:")? Also in the
 * older form without the last colon, which Thunderbird still reads as the same key. Host
 * names are compared without regard to ASCII case. */
static gboolean
line_has_key (const char *line,
              gsize       length,
              const char *key)
{
  gsize base = strlen (key) - 1;

  if (length <= base + 1 || g_ascii_strncasecmp (line, key, base) != 0)
    return FALSE;
  return line[base] == '\t' || (line[base] == ':' && line[base + 1] == '\t');
}

char *
ms_thunderbird_cert_override_merge (const char *old,
                                    gsize       old_length,
                                    const char *host,
                                    guint16     port,
                                    const char *sha256,
                                    gboolean   *changed)
{
  g_autofree char *line = NULL;
  g_autofree char *key = NULL;
  g_autoptr(GString) out = NULL;
  gsize pos = 0;

  g_return_val_if_fail (changed != NULL, NULL);

  *changed = FALSE;
  line = ms_thunderbird_cert_override_line (host, port, sha256);
  if (line == NULL)
    return NULL;
  key = key_of (host, port);

  out = g_string_new (NULL);
  if (old == NULL || old_length == 0)
    g_string_append (out, HEADER);
  while (old != NULL && pos < old_length)
    {
      const char *start = old + pos;
      const char *end = memchr (start, '\n', old_length - pos);
      gsize length = end != NULL ? (gsize) (end - start) : old_length - pos;
      gsize text_length = length > 0 && start[length - 1] == '\r' ? length - 1 : length;

      if (!line_has_key (start, text_length, key))
        {
          g_string_append_len (out, start, length);
          if (end != NULL)
            g_string_append_c (out, '\n');
        }
      pos += length + (end != NULL ? 1 : 0);
    }
  if (out->len > 0 && out->str[out->len - 1] != '\n')
    g_string_append_c (out, '\n');
  g_string_append (out, line);
  g_string_append_c (out, '\n');

  *changed = old == NULL || out->len != old_length || memcmp (out->str, old, old_length) != 0;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

gboolean
ms_thunderbird_cert_override_save_sync (const char  *profile_dir,
                                        const char  *host,
                                        guint16      port,
                                        const char  *sha256,
                                        char       **backup_path,
                                        GError     **error)
{
  g_autofree char *path = g_build_filename (profile_dir, "cert_override.txt", NULL);
  g_autofree char *old = NULL;
  g_autofree char *data = NULL;
  g_autofree char *backup = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize old_length = 0;
  gboolean existed;
  gboolean changed;

  g_return_val_if_fail (profile_dir != NULL, FALSE);

  if (backup_path != NULL)
    *backup_path = NULL;
  existed = ms_user_file_read (path, MS_USER_FILE_CERT_OVERRIDE, &old, &old_length, &local_error);
  if (!existed && !g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  data = ms_thunderbird_cert_override_merge (old, old_length, host, port, sha256, &changed);
  if (data == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "“%s” is not a SHA-256 fingerprint", sha256);
      return FALSE;
    }
  if (!changed)
    return TRUE;
  if (existed)
    {
      backup = ms_atomic_file_backup (path, BACKUP_SUFFIX, 0600, error);
      if (backup == NULL)
        return FALSE;
    }
  if (!ms_atomic_file_write (path, data, strlen (data), 0600, error))
    {
      if (backup != NULL)
        g_unlink (backup);
      return FALSE;
    }
  if (backup_path != NULL)
    *backup_path = g_steal_pointer (&backup);
  return TRUE;
}
