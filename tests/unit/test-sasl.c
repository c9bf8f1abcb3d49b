/* test-sasl.c: SASL PLAIN/LOGIN encodings, IMAP strings, and the reply parsers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "ms-reply.h"
#include "ms-sasl.h"

static void
assert_plain (const char *authzid,
              const char *user,
              const char *password,
              const char *expected_raw,
              gsize       expected_len)
{
  g_autofree char *encoded = ms_sasl_plain_encode (authzid, user, password);
  g_autofree guchar *decoded = NULL;
  gsize len = 0;

  g_assert_nonnull (encoded);
  decoded = g_base64_decode (encoded, &len);
  g_assert_cmpmem (decoded, len, expected_raw, expected_len);
}

static void
test_plain (void)
{
  g_autofree char *rfc = NULL;

  /* RFC 4616 §4 example: "\0tim\0tanstaaftanstaaf" */
  rfc = ms_sasl_plain_encode (NULL, "tim", "tanstaaftanstaaf");
  g_assert_cmpstr (rfc, ==, "AHRpbQB0YW5zdGFhZnRhbnN0YWFm");

#define RAW(s) s, sizeof (s) - 1
  assert_plain (NULL, "alice@example.com", "p", RAW ("\0alice@example.com\0p"));
  assert_plain ("admin", "u", "p", RAW ("admin\0u\0p"));
  /* hostile passwords go through untouched: quote, backslash, space, UTF-8 */
  assert_plain (NULL, "u", "a \"b\" \\c", RAW ("\0u\0a \"b\" \\c"));
  assert_plain (NULL, "u", "Pässwörd€", RAW ("\0u\0P\xc3\xa4ssw\xc3\xb6rd\xe2\x82\xac"));
#undef RAW
  /* not UTF-8: refused */
  g_assert_null (ms_sasl_plain_encode (NULL, "u", "\xff\xfe"));
}

static void
test_login (void)
{
  g_autofree char *user = ms_sasl_login_encode ("tim");
  g_autofree char *pass = ms_sasl_login_encode ("a \"b\" \\c ü");

  g_assert_cmpstr (user, ==, "dGlt");
  g_assert_cmpstr (pass, ==, "YSAiYiIgXGMgw7w=");
}

static void
test_imap_strings (void)
{
  static const struct {
    const char *value;
    MsImapStringForm form;
    const char *quoted;
  } cases[] = {
    { "alice", MS_IMAP_STRING_QUOTED, "\"alice\"" },
    { "", MS_IMAP_STRING_QUOTED, "\"\"" },
    { "sp ace", MS_IMAP_STRING_QUOTED, "\"sp ace\"" },
    { "a\"b", MS_IMAP_STRING_QUOTED, "\"a\\\"b\"" },
    { "back\\slash", MS_IMAP_STRING_QUOTED, "\"back\\\\slash\"" },
    { "\\\"", MS_IMAP_STRING_QUOTED, "\"\\\\\\\"\"" },
    { "{5}", MS_IMAP_STRING_QUOTED, "\"{5}\"" },
    { "a1 LOGOUT", MS_IMAP_STRING_QUOTED, "\"a1 LOGOUT\"" },
    { "Pässwörd", MS_IMAP_STRING_LITERAL, NULL },
    { "tab\there", MS_IMAP_STRING_LITERAL, NULL },
    { "del\x7f", MS_IMAP_STRING_LITERAL, NULL },
    { "line\r\nbreak", MS_IMAP_STRING_IMPOSSIBLE, NULL },
    { "lf\nonly", MS_IMAP_STRING_IMPOSSIBLE, NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_cmpint (ms_imap_string_form (cases[i].value), ==, cases[i].form);
      if (cases[i].quoted != NULL)
        {
          g_autofree char *q = ms_imap_quote (cases[i].value);

          g_assert_cmpstr (q, ==, cases[i].quoted);
        }
    }

  {
    g_autofree char *sync = ms_imap_literal_prefix ("Pässwörd", FALSE);
    g_autofree char *plus = ms_imap_literal_prefix ("Pässwörd", TRUE);

    /* octets, not characters */
    g_assert_cmpstr (sync, ==, "{10}");
    g_assert_cmpstr (plus, ==, "{10+}");
  }
}

static void
test_imap_parse (void)
{
  MsImapResponse r = { 0 };

  g_assert_true (ms_imap_response_parse ("* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] Dovecot ready.", &r));
  g_assert_cmpint (r.kind, ==, MS_IMAP_RESPONSE_UNTAGGED);
  g_assert_cmpint (r.status, ==, MS_IMAP_STATUS_OK);
  g_assert_cmpstr (r.code, ==, "CAPABILITY");
  g_assert_cmpstr (r.code_data, ==, "IMAP4rev1 AUTH=PLAIN");
  g_assert_cmpstr (r.text, ==, "Dovecot ready.");

  g_assert_true (ms_imap_response_parse ("a2 NO [AUTHENTICATIONFAILED] Authentication failed.", &r));
  g_assert_cmpint (r.kind, ==, MS_IMAP_RESPONSE_TAGGED);
  g_assert_cmpstr (r.tag, ==, "a2");
  g_assert_cmpint (r.status, ==, MS_IMAP_STATUS_NO);
  g_assert_cmpstr (r.code, ==, "AUTHENTICATIONFAILED");
  g_assert_null (r.code_data);
  g_assert_cmpstr (r.text, ==, "Authentication failed.");

  g_assert_true (ms_imap_response_parse ("a3 ok", &r));
  g_assert_cmpint (r.status, ==, MS_IMAP_STATUS_OK);
  g_assert_cmpstr (r.text, ==, "");

  g_assert_true (ms_imap_response_parse ("* PREAUTH [ALERT] welcome", &r));
  g_assert_cmpint (r.status, ==, MS_IMAP_STATUS_PREAUTH);
  g_assert_cmpstr (r.code, ==, "ALERT");

  g_assert_true (ms_imap_response_parse ("* BYE", &r));
  g_assert_cmpint (r.status, ==, MS_IMAP_STATUS_BYE);

  g_assert_true (ms_imap_response_parse ("* 54321 EXISTS", &r));
  g_assert_cmpint (r.status, ==, MS_IMAP_STATUS_NONE);
  g_assert_cmpstr (r.name, ==, "EXISTS");

  g_assert_true (ms_imap_response_parse ("* capability IMAP4rev1 STARTTLS", &r));
  g_assert_cmpstr (r.name, ==, "CAPABILITY");
  g_assert_cmpstr (r.data, ==, "IMAP4rev1 STARTTLS");

  g_assert_true (ms_imap_response_parse ("+ ", &r));
  g_assert_cmpint (r.kind, ==, MS_IMAP_RESPONSE_CONTINUATION);
  g_assert_true (ms_imap_response_parse ("+", &r));
  g_assert_cmpint (r.kind, ==, MS_IMAP_RESPONSE_CONTINUATION);

  g_assert_true (ms_imap_response_parse ("* 1 FETCH (BODY[] {12}", &r));
  g_assert_true (r.literal);
  g_assert_true (ms_imap_response_parse ("* LIST () \"/\" {3+}", &r));
  g_assert_true (r.literal);

  /* not IMAP */
  g_assert_false (ms_imap_response_parse ("", &r));
  g_assert_cmpint (r.kind, ==, MS_IMAP_RESPONSE_INVALID);
  g_assert_false (ms_imap_response_parse ("a1", &r));
  g_assert_false (ms_imap_response_parse ("a1 PREAUTH", &r));  /* never tagged */
  g_assert_false (ms_imap_response_parse ("a1 EXISTS", &r));
  g_assert_false (ms_imap_response_parse ("* ", &r));
  g_assert_false (ms_imap_response_parse ("*1 OK", &r));
  g_assert_false (ms_imap_response_parse ("* 12x EXISTS", &r));
  g_assert_false (ms_imap_response_parse ("220 smtp.example.com ESMTP", &r));
  g_assert_true (ms_imap_response_parse ("a1 OK [unterminated code", &r));
  g_assert_null (r.code);
  ms_imap_response_clear (&r);

  {
    g_autoptr(GPtrArray) caps = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GPtrArray) mechs = g_ptr_array_new_with_free_func (g_free);

    ms_imap_parse_capabilities ("IMAP4rev1  SASL-IR auth=plain AUTH=LOGIN AUTH=PLAIN AUTH=", caps, mechs);
    g_assert_cmpuint (caps->len, ==, 6);
    g_assert_cmpuint (mechs->len, ==, 2);
    g_assert_cmpstr (g_ptr_array_index (mechs, 0), ==, "PLAIN");
    g_assert_cmpstr (g_ptr_array_index (mechs, 1), ==, "LOGIN");
  }
}

static void
test_pop3_parse (void)
{
  char *code = NULL;
  const char *text = NULL;

  g_assert_cmpint (ms_pop3_parse_status ("+OK Dovecot ready.", &code, &text), ==, MS_POP3_STATUS_OK);
  g_assert_null (code);
  g_assert_cmpstr (text, ==, "Dovecot ready.");
  g_assert_cmpint (ms_pop3_parse_status ("-ERR [AUTH] Authentication failed.", &code, &text), ==,
                   MS_POP3_STATUS_ERR);
  g_assert_cmpstr (code, ==, "AUTH");
  g_assert_cmpstr (text, ==, "Authentication failed.");
  g_clear_pointer (&code, g_free);
  g_assert_cmpint (ms_pop3_parse_status ("-ERR [sys/temp] busy", &code, NULL), ==, MS_POP3_STATUS_ERR);
  g_assert_cmpstr (code, ==, "SYS/TEMP");
  g_clear_pointer (&code, g_free);
  g_assert_cmpint (ms_pop3_parse_status ("+OK", NULL, NULL), ==, MS_POP3_STATUS_OK);
  g_assert_cmpint (ms_pop3_parse_status ("+ ", NULL, NULL), ==, MS_POP3_STATUS_CONTINUE);
  g_assert_cmpint (ms_pop3_parse_status ("+OKAY", NULL, NULL), ==, MS_POP3_STATUS_INVALID);
  g_assert_cmpint (ms_pop3_parse_status ("* OK imap", NULL, NULL), ==, MS_POP3_STATUS_INVALID);
  g_assert_cmpint (ms_pop3_parse_status ("", NULL, NULL), ==, MS_POP3_STATUS_INVALID);

  {
    g_autoptr(GPtrArray) caps = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GPtrArray) mechs = g_ptr_array_new_with_free_func (g_free);

    ms_pop3_parse_capa_line ("USER", caps, mechs);
    ms_pop3_parse_capa_line ("SASL PLAIN login  PLAIN", caps, mechs);
    ms_pop3_parse_capa_line ("", caps, mechs);
    g_assert_cmpuint (caps->len, ==, 2);
    g_assert_cmpuint (mechs->len, ==, 2);
    g_assert_cmpstr (g_ptr_array_index (mechs, 1), ==, "LOGIN");
  }
}

static void
test_smtp_parse (void)
{
  g_autoptr(MsSmtpReply) r = ms_smtp_reply_new ();
  g_autoptr(GPtrArray) caps = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) mechs = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *enhanced = NULL;

  g_assert_cmpint (ms_smtp_reply_add_line (r, "250-smtp.example.com"), ==, 0);
  g_assert_cmpint (ms_smtp_reply_add_line (r, "250-PIPELINING"), ==, 0);
  g_assert_cmpint (ms_smtp_reply_add_line (r, "250-AUTH PLAIN LOGIN"), ==, 0);
  g_assert_cmpint (ms_smtp_reply_add_line (r, "250-AUTH=LOGIN XOAUTH2"), ==, 0);
  g_assert_cmpint (ms_smtp_reply_add_line (r, "250 STARTTLS"), ==, 1);
  g_assert_true (r->complete);
  g_assert_cmpuint (r->code, ==, 250);
  g_assert_cmpint (ms_smtp_reply_add_line (r, "250 more"), ==, -1);
  ms_smtp_parse_ehlo (r, caps, mechs);
  g_assert_cmpuint (caps->len, ==, 4);
  g_assert_cmpuint (mechs->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (mechs, 2), ==, "XOAUTH2");

  ms_smtp_reply_free (g_steal_pointer (&r));
  r = ms_smtp_reply_new ();
  g_assert_cmpint (ms_smtp_reply_add_line (r, "535 5.7.8 Error: authentication failed"), ==, 1);
  enhanced = ms_smtp_reply_dup_enhanced_code (r);
  g_assert_cmpstr (enhanced, ==, "5.7.8");

  /* a code that changes mid-reply, and lines that are not SMTP */
  ms_smtp_reply_free (g_steal_pointer (&r));
  r = ms_smtp_reply_new ();
  g_assert_cmpint (ms_smtp_reply_add_line (r, "250-a"), ==, 0);
  g_assert_cmpint (ms_smtp_reply_add_line (r, "251 b"), ==, -1);
  g_assert_cmpint (ms_smtp_reply_add_line (r, "* OK"), ==, -1);
  g_assert_cmpint (ms_smtp_reply_add_line (r, "25"), ==, -1);
  g_assert_cmpint (ms_smtp_reply_add_line (r, "250x"), ==, -1);
  g_assert_cmpint (ms_smtp_reply_add_line (r, "650 x"), ==, -1);

  ms_smtp_reply_free (g_steal_pointer (&r));
  r = ms_smtp_reply_new ();
  g_assert_cmpint (ms_smtp_reply_add_line (r, "220"), ==, 1);
  g_assert_null (ms_smtp_reply_dup_enhanced_code (r));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/sasl/plain", test_plain);
  g_test_add_func ("/sasl/login", test_login);
  g_test_add_func ("/sasl/imap-strings", test_imap_strings);
  g_test_add_func ("/reply/imap", test_imap_parse);
  g_test_add_func ("/reply/pop3", test_pop3_parse);
  g_test_add_func ("/reply/smtp", test_smtp_parse);

  return g_test_run ();
}
