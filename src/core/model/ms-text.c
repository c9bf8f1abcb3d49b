/* ms-text.c: text that others wrote, made safe to show
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ms-text.h"

#define ELLIPSIS "\xe2\x80\xa6"

typedef enum {
  KEEP,
  REPLACE,        /* → U+FFFD */
  LINE_BREAK,     /* → "\n" or " " */
  SPACE,          /* a tab: kept on many lines, a space on one */
} Verdict;

/* Invisible characters that are letters or marks to Unicode, and so not caught by their
 * category, but are used to hide or spoof text: Hangul fillers, the combining grapheme
 * joiner, the Mongolian vowel separator's old home. */
static const gunichar invisible_letters[] = {
  0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x3164, 0xFFA0,
};

static Verdict
judge (gunichar c)
{
  if (c == '\n' || c == 0x2028 || c == 0x2029)
    return LINE_BREAK;
  if (c == '\t')
    return SPACE;
  if (c < 0x20 || (c >= 0x7F && c <= 0x9F))
    return REPLACE;
  if (c < 0x7F)
    return KEEP;
  /* noncharacters */
  if ((c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE)
    return REPLACE;
  {
    GUnicodeType type = g_unichar_type (c);

    /* bidi controls, zero-width characters, the BOM, tags, soft hyphens … */
    if (type == G_UNICODE_FORMAT || type == G_UNICODE_CONTROL ||
        type == G_UNICODE_SURROGATE || type == G_UNICODE_PRIVATE_USE)
      return REPLACE;
  }
  for (gsize i = 0; i < G_N_ELEMENTS (invisible_letters); i++)
    if (c == invisible_letters[i])
      return REPLACE;
  return KEEP;
}

char *
ms_text_sanitize (const char  *text,
                  gssize       len,
                  gsize        max_chars,
                  MsTextFlags  flags)
{
  gboolean multi = (flags & MS_TEXT_MULTI_LINE) != 0;
  const char *p, *end;
  GString *out;
  gsize n_chars = 0;
  gsize last_start = 0;

  if (text == NULL)
    return NULL;
  if (len < 0)
    len = (gssize) strlen (text);
  if (max_chars == 0)
    max_chars = G_MAXSIZE;
  out = g_string_sized_new (MIN ((gsize) len, 4096) + 1);
  p = text;
  end = text + len;
  while (p < end)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);
      gsize step;
      const char *piece;
      gsize piece_len;

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          /* one invalid byte, one visible mark */
          step = 1;
          piece = MS_TEXT_REPLACEMENT;
          piece_len = 3;
        }
      else
        {
          step = g_utf8_next_char (p) - p;
          if (c == '\r')
            {
              /* "\r\n" is one line break; a lone "\r" would overwrite the line */
              if (p + 1 < end && p[1] == '\n')
                {
                  p++;
                  continue;
                }
              piece = multi ? MS_TEXT_REPLACEMENT : " ";
              piece_len = strlen (piece);
            }
          else
            switch (judge (c))
              {
              case LINE_BREAK:
                piece = multi ? "\n" : " ";
                piece_len = 1;
                break;
              case SPACE:
                piece = multi ? "\t" : " ";
                piece_len = 1;
                break;
              case REPLACE:
                piece = MS_TEXT_REPLACEMENT;
                piece_len = 3;
                break;
              case KEEP:
              default:
                piece = p;
                piece_len = step;
                break;
              }
        }

      if (n_chars == max_chars)
        {
          /* one more character than allowed: the last one kept makes room for "…" */
          g_string_truncate (out, last_start);
          g_string_append (out, ELLIPSIS);
          break;
        }
      last_start = out->len;
      g_string_append_len (out, piece, piece_len);
      n_chars++;
      p += step;
    }
  return g_string_free (out, FALSE);
}

char *
ms_text_field (const char *text)
{
  return ms_text_sanitize (text, -1, MS_TEXT_FIELD_MAX, MS_TEXT_ONE_LINE);
}

gboolean
ms_text_is_safe (const char  *text,
                 MsTextFlags  flags)
{
  g_autofree char *safe = ms_text_sanitize (text, -1, 0, flags);

  return g_strcmp0 (safe, text) == 0;
}
