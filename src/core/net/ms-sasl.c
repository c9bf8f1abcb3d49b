/* ms-sasl.c: password sign-in encodings — SASL PLAIN and LOGIN, IMAP strings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-sasl"

#include "config.h"

#include <string.h>

#include "ms-sasl.h"

char *
ms_sasl_plain_encode (const char *authzid,
                      const char *username,
                      const char *password)
{
  gsize a_len, u_len, p_len, len;
  guchar *buffer;
  char *encoded;

  g_return_val_if_fail (username != NULL, NULL);
  g_return_val_if_fail (password != NULL, NULL);

  if (authzid == NULL)
    authzid = "";
  if (!g_utf8_validate (authzid, -1, NULL) || !g_utf8_validate (username, -1, NULL)
      || !g_utf8_validate (password, -1, NULL))
    return NULL;

  a_len = strlen (authzid);
  u_len = strlen (username);
  p_len = strlen (password);
  len = a_len + 1 + u_len + 1 + p_len;
  buffer = g_malloc (len);
  memcpy (buffer, authzid, a_len);
  buffer[a_len] = '\0';
  memcpy (buffer + a_len + 1, username, u_len);
  buffer[a_len + 1 + u_len] = '\0';
  memcpy (buffer + a_len + 1 + u_len + 1, password, p_len);
  encoded = g_base64_encode (buffer, len);
  explicit_bzero (buffer, len);
  g_free (buffer);
  return encoded;
}

char *
ms_sasl_login_encode (const char *text)
{
  g_return_val_if_fail (text != NULL, NULL);
  return g_base64_encode ((const guchar *) text, strlen (text));
}

void
ms_sasl_secret_free (char *secret)
{
  if (secret == NULL)
    return;
  explicit_bzero (secret, strlen (secret));
  g_free (secret);
}

MsImapStringForm
ms_imap_string_form (const char *value)
{
  MsImapStringForm form = MS_IMAP_STRING_QUOTED;

  g_return_val_if_fail (value != NULL, MS_IMAP_STRING_IMPOSSIBLE);

  for (const guchar *p = (const guchar *) value; *p != '\0'; p++)
    {
      if (*p == '\r' || *p == '\n')
        return MS_IMAP_STRING_IMPOSSIBLE;
      /* RFC 3501 QUOTED-CHAR: any 7-bit TEXT-CHAR (no CR, LF, NUL); 8-bit needs a literal
       * (RFC 9051 would allow UTF-8 in quoted strings, older servers do not) */
      if (*p >= 0x80 || *p < 0x20 || *p == 0x7f)
        form = MS_IMAP_STRING_LITERAL;
    }
  return form;
}

char *
ms_imap_quote (const char *value)
{
  gsize len = 2;
  char *out, *q;

  g_return_val_if_fail (ms_imap_string_form (value) == MS_IMAP_STRING_QUOTED, NULL);

  /* sized exactly, so no reallocation leaves a copy of a password behind */
  for (const char *p = value; *p != '\0'; p++)
    len += (*p == '"' || *p == '\\') ? 2 : 1;
  out = q = g_malloc (len + 1);
  *q++ = '"';
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        *q++ = '\\';
      *q++ = *p;
    }
  *q++ = '"';
  *q = '\0';
  return out;
}

char *
ms_imap_literal_prefix (const char *value,
                        gboolean    non_synchronizing)
{
  g_return_val_if_fail (value != NULL, NULL);
  return g_strdup_printf ("{%" G_GSIZE_FORMAT "%s}", strlen (value), non_synchronizing ? "+" : "");
}
