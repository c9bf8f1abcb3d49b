/* ms-sasl.h: password sign-in encodings — SASL PLAIN and LOGIN, IMAP strings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Only the two password mechanisms every server speaks, and only ever used inside
 * verified TLS (or a plain-text connection the user accepted for that one server).
 * Challenge-response mechanisms (SCRAM, CRAM-MD5…) are not implemented here; if they are
 * ever needed they should come from GNU SASL, not be written by hand.
 *
 * Every string returned here may hold a secret: free it with ms_sasl_secret_free().
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* base64 ("authzid" NUL username NUL password), RFC 4616; @authzid nullable (empty).
 * NULL if a part holds a NUL (impossible for C strings) or is not UTF-8. */
char     *ms_sasl_plain_encode      (const char *authzid,
                                     const char *username,
                                     const char *password);
/* base64 of @text, for the LOGIN mechanism's two answers */
char     *ms_sasl_login_encode      (const char *text);

/* Wipes and frees a string that may hold a secret. NULL is fine. */
void      ms_sasl_secret_free       (char       *secret);

/**
 * MsImapStringForm:
 * @MS_IMAP_STRING_QUOTED: fits a quoted string ("…" with \" and \\ escaped)
 * @MS_IMAP_STRING_LITERAL: needs a literal {n}: 8-bit (UTF-8) text, or characters a
 *   quoted string cannot hold
 * @MS_IMAP_STRING_IMPOSSIBLE: cannot be sent on a line at all (CR, LF; our line writer
 *   refuses them) — the caller must not try
 *
 * How an IMAP LOGIN argument (RFC 3501 astring) must be sent.
 */
typedef enum {
  MS_IMAP_STRING_QUOTED,
  MS_IMAP_STRING_LITERAL,
  MS_IMAP_STRING_IMPOSSIBLE,
} MsImapStringForm;

MsImapStringForm ms_imap_string_form (const char *value);
/* The quoted form of @value (only for MS_IMAP_STRING_QUOTED), quotes included. */
char     *ms_imap_quote             (const char *value);
/* "{n}" or "{n+}" (non-synchronising, RFC 7888) for a literal of @value. */
char     *ms_imap_literal_prefix    (const char *value,
                                     gboolean    non_synchronizing);

G_END_DECLS
