/* test-address.c: parsing and validating e-mail addresses and host names
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "ms-address.h"

static void
assert_valid (const char *input,
              const char *local_part,
              const char *domain,
              const char *address)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsAddress) parsed = ms_address_parse (input, &error);

  g_assert_no_error (error);
  g_assert_nonnull (parsed);
  g_assert_cmpstr (ms_address_get_local_part (parsed), ==, local_part);
  g_assert_cmpstr (ms_address_get_domain (parsed), ==, domain);
  g_assert_cmpstr (ms_address_get_address (parsed), ==, address);
}

static void
assert_error (const char    *input,
              MsAddressError code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsAddress) parsed = ms_address_parse (input, &error);

  if (parsed != NULL)
    g_error ("“%s” was accepted as %s", input, ms_address_get_address (parsed));
  g_assert_error (error, MS_ADDRESS_ERROR, (gint) code);
  /* A message in plain words for the page, never empty. */
  g_assert_nonnull (error->message);
  g_assert_cmpuint (strlen (error->message), >, 10);
}

static char *
repeat (const char *piece,
        guint       times)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < times; i++)
    g_string_append (s, piece);
  return g_string_free (s, FALSE);
}

static void
test_valid (void)
{
  assert_valid ("user@example.com", "user", "example.com", "user@example.com");
  assert_valid ("first.last+tag@mail.example.co.uk", "first.last+tag", "mail.example.co.uk",
                "first.last+tag@mail.example.co.uk");
  assert_valid ("o'brien_x-y@sub-domain.example.org", "o'brien_x-y", "sub-domain.example.org",
                "o'brien_x-y@sub-domain.example.org");
  /* a non-ASCII local part (SMTPUTF8) is kept as typed */
  assert_valid ("jürgen@example.de", "jürgen", "example.de", "jürgen@example.de");
}

static void
test_trim (void)
{
  /* surrounding white space, including a no-break space and a newline, is dropped */
  assert_valid ("  user@example.com\t\n", "user", "example.com", "user@example.com");
  assert_valid ("\u00A0user@example.com\u00A0", "user", "example.com", "user@example.com");
}

static void
test_case (void)
{
  /* the domain is lowercased, the local part is not (it may be case-sensitive) */
  assert_valid ("User.Name@Example.COM", "User.Name", "example.com", "User.Name@example.com");
  assert_valid ("user@NC.RR.COM", "user", "nc.rr.com", "user@nc.rr.com");
}

static void
test_idn (void)
{
  g_autoptr(MsAddress) address = NULL;

  assert_valid ("user@bücher.example", "user", "xn--bcher-kva.example", "user@xn--bcher-kva.example");
  assert_valid ("user@BÜCHER.example", "user", "xn--bcher-kva.example", "user@xn--bcher-kva.example");
  /* an ideographic full stop separates labels too */
  assert_valid ("user@bücher\u3002example", "user", "xn--bcher-kva.example", "user@xn--bcher-kva.example");
  /* already in ASCII form */
  assert_valid ("user@xn--bcher-kva.example", "user", "xn--bcher-kva.example", "user@xn--bcher-kva.example");

  address = ms_address_parse ("user@bücher.example", NULL);
  g_assert_nonnull (address);
  g_assert_cmpstr (ms_address_get_domain_unicode (address), ==, "bücher.example");

  g_clear_pointer (&address, ms_address_unref);
  address = ms_address_parse ("user@example.com", NULL);
  g_assert_cmpstr (ms_address_get_domain_unicode (address), ==, "example.com");
}

static void
test_error_empty (void)
{
  assert_error (NULL, MS_ADDRESS_ERROR_EMPTY);
  assert_error ("", MS_ADDRESS_ERROR_EMPTY);
  assert_error ("   \t\n ", MS_ADDRESS_ERROR_EMPTY);
}

static void
test_error_utf8 (void)
{
  assert_error ("user@exa\xffmple.com", MS_ADDRESS_ERROR_INVALID_UTF8);
  assert_error ("us\xc3@example.com", MS_ADDRESS_ERROR_INVALID_UTF8);
}

static void
test_error_too_long (void)
{
  g_autofree char *local = repeat ("a", 60);
  g_autofree char *labels = repeat ("abcdefghi.", 19);  /* 190 characters */
  g_autofree char *at_limit = NULL;
  g_autofree char *too_long = NULL;

  /* 60 + 1 + 190 + 3 = 254: accepted */
  at_limit = g_strconcat (local, "@", labels, "com", NULL);
  g_assert_cmpuint (strlen (at_limit), ==, 254);
  assert_valid (at_limit, local, at_limit + 61, at_limit);

  /* 255: refused */
  too_long = g_strconcat (local, "@", labels, "comm", NULL);
  g_assert_cmpuint (strlen (too_long), ==, 255);
  assert_error (too_long, MS_ADDRESS_ERROR_TOO_LONG);
}

static void
test_error_too_long_after_idn (void)
{
  /* Short as typed, but over 254 octets once the domain is in ASCII; the domain itself
   * stays under 253. */
  g_autofree char *local = repeat ("a", 64);
  g_autofree char *labels = repeat ("bücher.", 14);  /* 14 × 14 = 196 ASCII octets */
  g_autofree char *input = g_strconcat (local, "@", labels, "example", NULL);

  g_assert_cmpint (g_utf8_strlen (input, -1), <=, 254);
  assert_error (input, MS_ADDRESS_ERROR_TOO_LONG);
}

static void
test_error_character (void)
{
  assert_error ("us er@example.com", MS_ADDRESS_ERROR_INVALID_CHARACTER);
  assert_error ("user@exam ple.com", MS_ADDRESS_ERROR_INVALID_CHARACTER);
  assert_error ("user\t@example.com", MS_ADDRESS_ERROR_INVALID_CHARACTER);
  assert_error ("user@example.com\x01", MS_ADDRESS_ERROR_INVALID_CHARACTER);
  assert_error ("us\x7f" "er@example.com", MS_ADDRESS_ERROR_INVALID_CHARACTER);
  /* invisible characters: zero-width space, right-to-left override, no-break space */
  assert_error ("user@exa\u200Bmple.com", MS_ADDRESS_ERROR_INVALID_CHARACTER);
  assert_error ("user\u202E@example.com", MS_ADDRESS_ERROR_INVALID_CHARACTER);
  assert_error ("user@exam\u00A0ple.com", MS_ADDRESS_ERROR_INVALID_CHARACTER);
}

static void
test_error_at (void)
{
  assert_error ("user.example.com", MS_ADDRESS_ERROR_NO_AT);
  assert_error ("user", MS_ADDRESS_ERROR_NO_AT);
  assert_error ("a@b@example.com", MS_ADDRESS_ERROR_SEVERAL_AT);
  assert_error ("user@@example.com", MS_ADDRESS_ERROR_SEVERAL_AT);
}

static void
test_error_local_part (void)
{
  g_autofree char *local64 = repeat ("a", 64);
  g_autofree char *local65 = repeat ("a", 65);
  g_autofree char *ok = g_strconcat (local64, "@example.com", NULL);
  g_autofree char *too_long = g_strconcat (local65, "@example.com", NULL);

  assert_error ("@example.com", MS_ADDRESS_ERROR_EMPTY_LOCAL_PART);
  assert_valid (ok, local64, "example.com", ok);
  assert_error (too_long, MS_ADDRESS_ERROR_LOCAL_PART_TOO_LONG);
  assert_error ("us<er@example.com", MS_ADDRESS_ERROR_LOCAL_PART_INVALID);
  assert_error ("a,b@example.com", MS_ADDRESS_ERROR_LOCAL_PART_INVALID);
  assert_error ("\"quoted\"@example.com", MS_ADDRESS_ERROR_LOCAL_PART_INVALID);
  assert_error ("a:b@example.com", MS_ADDRESS_ERROR_LOCAL_PART_INVALID);
}

static void
test_error_domain (void)
{
  assert_error ("user@", MS_ADDRESS_ERROR_EMPTY_DOMAIN);

  assert_error ("user@exa_mple.com", MS_ADDRESS_ERROR_DOMAIN_INVALID);
  assert_error ("user@[192.0.2.1]", MS_ADDRESS_ERROR_DOMAIN_INVALID);
  assert_error ("user@exa!mple.com", MS_ADDRESS_ERROR_DOMAIN_INVALID);
  assert_error ("user@xn--zz.com", MS_ADDRESS_ERROR_DOMAIN_INVALID);  /* broken punycode */
  /* punycode that decodes beyond U+10FFFF (found by fuzz-address) */
  assert_error ("user@xn--11111srrreee0eee11111k.example", MS_ADDRESS_ERROR_DOMAIN_INVALID);
  /* punycode for plain ASCII is not a valid A-label */
  assert_error ("user@xn--abc-.example", MS_ADDRESS_ERROR_DOMAIN_HYPHEN);
  assert_error ("user@xn--example-.com", MS_ADDRESS_ERROR_DOMAIN_HYPHEN);

  assert_error ("user@example..com", MS_ADDRESS_ERROR_DOMAIN_EMPTY_LABEL);
  assert_error ("user@.example.com", MS_ADDRESS_ERROR_DOMAIN_EMPTY_LABEL);
  assert_error ("user@example.com.", MS_ADDRESS_ERROR_DOMAIN_EMPTY_LABEL);

  assert_error ("user@-example.com", MS_ADDRESS_ERROR_DOMAIN_HYPHEN);
  assert_error ("user@example-.com", MS_ADDRESS_ERROR_DOMAIN_HYPHEN);
  assert_error ("user@mail.example.-com", MS_ADDRESS_ERROR_DOMAIN_HYPHEN);
  assert_error ("user@ü-.com", MS_ADDRESS_ERROR_DOMAIN_HYPHEN);
  assert_valid ("user@my-example.com", "user", "my-example.com", "user@my-example.com");

  assert_error ("user@localhost", MS_ADDRESS_ERROR_DOMAIN_NO_DOT);
  assert_error ("user@com", MS_ADDRESS_ERROR_DOMAIN_NO_DOT);

  assert_error ("user@192.0.2.1", MS_ADDRESS_ERROR_DOMAIN_NUMERIC);
  assert_error ("user@example.123", MS_ADDRESS_ERROR_DOMAIN_NUMERIC);
  assert_valid ("user@123.example", "user", "123.example", "user@123.example");
}

static void
test_error_label_too_long (void)
{
  g_autofree char *label63 = repeat ("a", 63);
  g_autofree char *label64 = repeat ("a", 64);
  g_autofree char *ok = g_strconcat ("user@", label63, ".com", NULL);
  g_autofree char *bad = g_strconcat ("user@", label64, ".com", NULL);
  g_autofree char *ok_domain = g_strconcat (label63, ".com", NULL);
  g_autofree char *idn_label = repeat ("ü", 60);  /* short as typed, long as punycode */
  g_autofree char *bad_idn = g_strconcat ("user@", idn_label, ".com", NULL);

  assert_valid (ok, "user", ok_domain, ok);
  assert_error (bad, MS_ADDRESS_ERROR_LABEL_TOO_LONG);
  assert_error (bad_idn, MS_ADDRESS_ERROR_LABEL_TOO_LONG);
}

static void
test_error_domain_too_long (void)
{
  /* 211 characters as typed, 422 octets once converted */
  g_autofree char *labels = repeat ("bücher.", 30);
  g_autofree char *input = g_strconcat ("a@", labels, "de", NULL);

  g_assert_cmpint (g_utf8_strlen (input, -1), <=, 254);
  assert_error (input, MS_ADDRESS_ERROR_DOMAIN_TOO_LONG);
}

static void
test_hostname_normalize (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *host = NULL;

  host = ms_hostname_normalize ("IMAP.Example.COM", MS_HOSTNAME_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (host, ==, "imap.example.com");
  g_clear_pointer (&host, g_free);

  host = ms_hostname_normalize ("mail.bücher.example", MS_HOSTNAME_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (host, ==, "mail.xn--bcher-kva.example");
  g_clear_pointer (&host, g_free);

  /* single labels and IP literals only when asked for */
  host = ms_hostname_normalize ("localhost", MS_HOSTNAME_DEFAULT, &error);
  g_assert_error (error, MS_ADDRESS_ERROR, MS_ADDRESS_ERROR_DOMAIN_NO_DOT);
  g_assert_null (host);
  g_clear_error (&error);
  host = ms_hostname_normalize ("localhost", MS_HOSTNAME_ALLOW_SINGLE_LABEL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (host, ==, "localhost");
  g_clear_pointer (&host, g_free);

  host = ms_hostname_normalize ("192.0.2.7", MS_HOSTNAME_DEFAULT, &error);
  g_assert_error (error, MS_ADDRESS_ERROR, MS_ADDRESS_ERROR_DOMAIN_NUMERIC);
  g_assert_null (host);
  g_clear_error (&error);
  host = ms_hostname_normalize ("192.0.2.7", MS_HOSTNAME_ALLOW_IP, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (host, ==, "192.0.2.7");
  g_clear_pointer (&host, g_free);
  host = ms_hostname_normalize ("2001:DB8::1", MS_HOSTNAME_ALLOW_IP, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (host, ==, "2001:db8::1");
  g_clear_pointer (&host, g_free);

  host = ms_hostname_normalize ("evil host.example", MS_HOSTNAME_ALLOW_IP, &error);
  g_assert_error (error, MS_ADDRESS_ERROR, MS_ADDRESS_ERROR_INVALID_CHARACTER);
  g_assert_null (host);
  g_clear_error (&error);
  host = ms_hostname_normalize ("imap.example.com\r\nX", MS_HOSTNAME_DEFAULT, &error);
  g_assert_error (error, MS_ADDRESS_ERROR, MS_ADDRESS_ERROR_INVALID_CHARACTER);
  g_assert_null (host);
  g_clear_error (&error);
  host = ms_hostname_normalize ("", MS_HOSTNAME_DEFAULT, &error);
  g_assert_error (error, MS_ADDRESS_ERROR, MS_ADDRESS_ERROR_EMPTY_DOMAIN);
  g_assert_null (host);
}

static void
test_hostname_is_under (void)
{
  g_assert_true (ms_hostname_is_under ("rr.com", "rr.com"));
  g_assert_true (ms_hostname_is_under ("nc.rr.com", "rr.com"));
  g_assert_true (ms_hostname_is_under ("a.b.rr.com", "rr.com"));
  g_assert_false (ms_hostname_is_under ("notrr.com", "rr.com"));
  g_assert_false (ms_hostname_is_under ("rr.com.evil.example", "rr.com"));
  g_assert_false (ms_hostname_is_under ("com", "rr.com"));
  g_assert_false (ms_hostname_is_under (".rr.com", "nc.rr.com"));
  g_assert_false (ms_hostname_is_under ("rr.com", ""));
  g_assert_false (ms_hostname_is_under (NULL, "rr.com"));
}

static void
test_expand (void)
{
  g_autoptr(MsAddress) address = ms_address_parse ("Jane.Doe@Bücher.example", NULL);
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;
  g_autofree char *d = NULL;
  g_autofree char *e = NULL;

  g_assert_nonnull (address);
  a = ms_address_expand (address, "%EMAILADDRESS%");
  g_assert_cmpstr (a, ==, "Jane.Doe@xn--bcher-kva.example");
  b = ms_address_expand (address, "%EMAILLOCALPART%");
  g_assert_cmpstr (b, ==, "Jane.Doe");
  c = ms_address_expand (address, "pop-server.%EMAILDOMAIN%");
  g_assert_cmpstr (c, ==, "pop-server.xn--bcher-kva.example");
  /* unknown placeholders and lone percent signs are left alone */
  d = ms_address_expand (address, "100% %REALNAME% %EMAILLOCALPART%%EMAILDOMAIN%");
  g_assert_cmpstr (d, ==, "100% %REALNAME% Jane.Doexn--bcher-kva.example");
  /* without an address, nothing changes */
  e = ms_address_expand (NULL, "%EMAILADDRESS%");
  g_assert_cmpstr (e, ==, "%EMAILADDRESS%");
  g_assert_null (ms_address_expand (address, NULL));
}

static void
test_equal_and_ref (void)
{
  g_autoptr(MsAddress) a = ms_address_parse ("user@EXAMPLE.com", NULL);
  g_autoptr(MsAddress) b = ms_address_parse (" user@example.COM ", NULL);
  g_autoptr(MsAddress) c = ms_address_parse ("User@example.com", NULL);
  MsAddress *copy;

  g_assert_true (ms_address_equal (a, b));
  g_assert_false (ms_address_equal (a, c));
  g_assert_false (ms_address_equal (a, NULL));

  copy = g_boxed_copy (MS_TYPE_ADDRESS, a);
  g_assert_true (copy == a);
  g_boxed_free (MS_TYPE_ADDRESS, copy);
  g_assert_cmpstr (ms_address_get_address (a), ==, "user@example.com");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/address/valid", test_valid);
  g_test_add_func ("/address/trim", test_trim);
  g_test_add_func ("/address/case", test_case);
  g_test_add_func ("/address/idn", test_idn);
  g_test_add_func ("/address/error/empty", test_error_empty);
  g_test_add_func ("/address/error/utf8", test_error_utf8);
  g_test_add_func ("/address/error/too-long", test_error_too_long);
  g_test_add_func ("/address/error/too-long-after-idn", test_error_too_long_after_idn);
  g_test_add_func ("/address/error/character", test_error_character);
  g_test_add_func ("/address/error/at", test_error_at);
  g_test_add_func ("/address/error/local-part", test_error_local_part);
  g_test_add_func ("/address/error/domain", test_error_domain);
  g_test_add_func ("/address/error/label-too-long", test_error_label_too_long);
  g_test_add_func ("/address/error/domain-too-long", test_error_domain_too_long);
  g_test_add_func ("/address/hostname/normalize", test_hostname_normalize);
  g_test_add_func ("/address/hostname/is-under", test_hostname_is_under);
  g_test_add_func ("/address/expand", test_expand);
  g_test_add_func ("/address/equal-and-ref", test_equal_and_ref);

  return g_test_run ();
}
