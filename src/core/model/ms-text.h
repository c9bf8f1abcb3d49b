/* ms-text.h: text that others wrote, made safe to show
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Servers, certificates, provider files and command-line arguments are written by
 * others. Before any of it reaches a terminal or a label it goes through
 * ms_text_sanitize(): the one function the command-line twin and the window share.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * MsTextFlags:
 * @MS_TEXT_ONE_LINE: line breaks and tabs become one space each (the default)
 * @MS_TEXT_MULTI_LINE: line feeds and tabs are kept ("\r\n" becomes "\n")
 */
typedef enum {
  MS_TEXT_ONE_LINE = 0,
  MS_TEXT_MULTI_LINE = 1 << 0,
} MsTextFlags;

/* What replaces a character that must not be shown as is: U+FFFD, visible everywhere. */
#define MS_TEXT_REPLACEMENT "\xef\xbf\xbd"

/* A sensible bound for one field (a host name, a certificate subject, a reply line). */
#define MS_TEXT_FIELD_MAX 200

/**
 * ms_text_sanitize:
 * @text: (nullable): the text, in any encoding; NULL gives NULL
 * @len: its length in bytes, or -1 if it ends with a NUL
 * @max_chars: the most characters to keep (0: no bound); longer text is cut and ends
 *   with "…"
 * @flags: #MsTextFlags
 *
 * Returns: (transfer full) (nullable): valid UTF-8 without anything that could act
 * instead of being read: every C0 and C1 control character (ESC, BEL, CR, NEL …), DEL,
 * every invisible format character (bidi embeddings, overrides, isolates and marks,
 * zero-width spaces and joiners, word joiners, the BOM, tag characters, soft hyphens),
 * line and paragraph separators, unassigned-as-text code points (surrogates,
 * noncharacters) and every byte that is not valid UTF-8 are each replaced by U+FFFD —
 * visible, so that nothing is hidden from the reader. NUL bytes inside @len too.
 */
char *ms_text_sanitize (const char  *text,
                        gssize       len,
                        gsize        max_chars,
                        MsTextFlags  flags);

/* ms_text_sanitize (@text, -1, MS_TEXT_FIELD_MAX, MS_TEXT_ONE_LINE): one field. */
char *ms_text_field    (const char  *text);

/* Whether ms_text_sanitize() with @flags and no bound would return @text unchanged. */
gboolean ms_text_is_safe (const char  *text,
                          MsTextFlags  flags);

G_END_DECLS
