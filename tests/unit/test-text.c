/* test-text.c: text from others made safe to show (ms_text_sanitize)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "ms-text.h"

#define R MS_TEXT_REPLACEMENT

/* No byte of the result may act on a terminal or reorder a label. */
static void
assert_harmless (const char *s)
{
  const char *p;

  g_assert_true (g_utf8_validate (s, -1, NULL));
  for (p = s; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\n' || c == '\t')
        continue;
      g_assert_cmpuint (c, >=, 0x20);
      g_assert_false (c >= 0x7F && c <= 0x9F);
      g_assert_cmpint (g_unichar_type (c), !=, G_UNICODE_FORMAT);
      g_assert_cmpint (g_unichar_type (c), !=, G_UNICODE_CONTROL);
    }
}

static void
check (const char *in,
       gssize      len,
       MsTextFlags flags,
       const char *want)
{
  g_autofree char *got = ms_text_sanitize (in, len, 0, flags);

  g_assert_cmpstr (got, ==, want);
  assert_harmless (got);
}

static void
test_plain_text_unchanged (void)
{
  check ("imap.example.com", -1, MS_TEXT_ONE_LINE, "imap.example.com");
  check ("Grüße, 東京 — ünïcødé ✔", -1, MS_TEXT_ONE_LINE, "Grüße, 東京 — ünïcødé ✔");
  check ("", -1, MS_TEXT_ONE_LINE, "");
  g_assert_null (ms_text_sanitize (NULL, -1, 10, 0));
  g_assert_true (ms_text_is_safe ("CN=mail.example.org, O=Example", MS_TEXT_ONE_LINE));
}

static void
test_terminal_escapes (void)
{
  /* the audit's certificate subject: set the window title, clear the screen */
  check ("\x1b]0;pwned\x07\x1b[2Jmail", -1, MS_TEXT_ONE_LINE,
         R "]0;pwned" R R "[2Jmail");
  /* C1 controls in UTF-8 (CSI U+009B, NEL U+0085) and DEL */
  check ("a\xc2\x9b" "2Jb\xc2\x85" "c\x7f", -1, MS_TEXT_ONE_LINE, "a" R "2Jb" R "c" R);
  /* a bare carriage return would overwrite what was printed before it */
  check ("ok\rFAKE", -1, MS_TEXT_MULTI_LINE, "ok" R "FAKE");
  check ("ok\rFAKE", -1, MS_TEXT_ONE_LINE, "ok FAKE");
  check ("\b\b\bx", -1, MS_TEXT_ONE_LINE, R R R "x");
}

static void
test_line_breaks (void)
{
  check ("one\r\ntwo\nthree\tfour", -1, MS_TEXT_ONE_LINE, "one two three four");
  check ("one\r\ntwo\nthree\tfour", -1, MS_TEXT_MULTI_LINE, "one\ntwo\nthree\tfour");
  /* U+2028, U+2029 */
  check ("a\xe2\x80\xa8" "b\xe2\x80\xa9" "c", -1, MS_TEXT_ONE_LINE, "a b c");
}

static void
test_invisible_and_bidi (void)
{
  static const char *const hidden[] = {
    "\xe2\x80\xae",     /* U+202E RIGHT-TO-LEFT OVERRIDE */
    "\xe2\x80\xaa",     /* U+202A LRE */
    "\xe2\x81\xa6",     /* U+2066 LRI */
    "\xe2\x81\xa9",     /* U+2069 PDI */
    "\xe2\x80\x8f",     /* U+200F RLM */
    "\xe2\x80\x8b",     /* U+200B ZERO WIDTH SPACE */
    "\xe2\x80\x8d",     /* U+200D ZWJ */
    "\xe2\x81\xa0",     /* U+2060 WORD JOINER */
    "\xef\xbb\xbf",     /* U+FEFF BOM */
    "\xc2\xad",         /* U+00AD SOFT HYPHEN */
    "\xd8\x9c",         /* U+061C ARABIC LETTER MARK */
    "\xf3\xa0\x80\x81", /* U+E0001 LANGUAGE TAG */
    "\xe3\x85\xa4",     /* U+3164 HANGUL FILLER */
    "\xef\xb7\x90",     /* U+FDD0 noncharacter */
    "\xee\x80\x80",     /* U+E000 private use */
  };

  for (gsize i = 0; i < G_N_ELEMENTS (hidden); i++)
    {
      g_autofree char *in = g_strconcat ("pay", hidden[i], "pal.com", NULL);

      check (in, -1, MS_TEXT_ONE_LINE, "pay" R "pal.com");
    }
  /* "moc.elgoog@" shown backwards as a trusted name: the override is visible */
  check ("\xe2\x80\xae" "moc.live", -1, MS_TEXT_ONE_LINE, R "moc.live");
}

static void
test_invalid_utf8 (void)
{
  check ("caf\xe9", -1, MS_TEXT_ONE_LINE, "caf" R);                 /* Latin-1 */
  check ("\xc0\xaf", -1, MS_TEXT_ONE_LINE, R R);                    /* overlong '/' */
  check ("\xed\xa0\x80", -1, MS_TEXT_ONE_LINE, R R R);              /* a surrogate */
  check ("\xf4\x90\x80\x80", -1, MS_TEXT_ONE_LINE, R R R R);        /* beyond U+10FFFF */
  check ("ab\xe2\x82", -1, MS_TEXT_ONE_LINE, "ab" R R);             /* cut short */
  /* a NUL inside the given length does not end the text silently */
  check ("a\0b", 3, MS_TEXT_ONE_LINE, "a" R "b");
}

static void
test_bounded (void)
{
  g_autofree char *huge = g_strnfill (1 << 20, 'x');
  g_autofree char *cut = ms_text_sanitize (huge, -1, 10, 0);
  g_autofree char *exact = ms_text_sanitize ("0123456789", -1, 10, 0);
  g_autofree char *wide = ms_text_sanitize ("äöüäöüäöüäöü", -1, 5, 0);
  g_autofree char *field = NULL;
  g_autofree char *bad = g_strnfill (1000, '\x1b');

  g_assert_cmpstr (cut, ==, "xxxxxxxxx…");
  g_assert_cmpint (g_utf8_strlen (cut, -1), ==, 10);
  g_assert_cmpstr (exact, ==, "0123456789");
  g_assert_cmpstr (wide, ==, "äöüä…");
  field = ms_text_field (bad);
  g_assert_cmpint (g_utf8_strlen (field, -1), ==, MS_TEXT_FIELD_MAX);
  assert_harmless (field);
}

/* Every single byte and every two-byte sequence comes out harmless. */
static void
test_all_bytes (void)
{
  char in[2];

  for (guint a = 0; a < 256; a++)
    for (guint b = 0; b < 256; b++)
      {
        g_autofree char *one = NULL;
        g_autofree char *many = NULL;

        in[0] = (char) a;
        in[1] = (char) b;
        one = ms_text_sanitize (in, 2, 0, MS_TEXT_ONE_LINE);
        many = ms_text_sanitize (in, 2, 0, MS_TEXT_MULTI_LINE);
        assert_harmless (one);
        assert_harmless (many);
        g_assert_null (strchr (one, '\n'));
      }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/text/plain-unchanged", test_plain_text_unchanged);
  g_test_add_func ("/text/terminal-escapes", test_terminal_escapes);
  g_test_add_func ("/text/line-breaks", test_line_breaks);
  g_test_add_func ("/text/invisible-and-bidi", test_invisible_and_bidi);
  g_test_add_func ("/text/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/text/bounded", test_bounded);
  g_test_add_func ("/text/all-bytes", test_all_bytes);
  return g_test_run ();
}
