/* test-problem.c: the problem taxonomy
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "ms-connectivity.h"
#include "ms-problem.h"

static const MsProblemContext imap_ctx = {
  .protocol = MS_PROTOCOL_IMAP,
  .host = "imap.example.test",
  .port = 993,
};

static void
test_codes_round_trip (void)
{
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < MS_PROBLEM_N_CODES; i++)
    {
      const char *s = ms_problem_code_to_string (i);
      MsProblemCode back = MS_PROBLEM_N_CODES;
      g_autoptr (MsProblem) p = NULL;

      g_assert_nonnull (s);
      /* lower-case words (and digits) joined by '-': the form the JSON contract promises */
      for (const char *c = s; *c; c++)
        g_assert_true (g_ascii_islower (*c) || g_ascii_isdigit (*c) || *c == '-');
      g_assert_false (g_hash_table_contains (seen, s));
      g_hash_table_add (seen, (gpointer) s);
      g_assert_true (ms_problem_code_from_string (s, &back));
      g_assert_cmpint (back, ==, i);

      /* every code has words and a fix */
      p = ms_problem_new (i, &imap_ctx);
      g_assert_cmpint (p->code, ==, i);
      g_assert_nonnull (p->message);
      g_assert_cmpuint (strlen (p->message), >, 10);
      /* a sentence: it begins with a capital, also when it begins with the server */
      g_assert_true (g_ascii_isupper (p->message[0]));
      g_assert_nonnull (p->fix);
      g_assert_cmpuint (strlen (p->fix), >, 10);
    }
  g_assert_null (ms_problem_code_to_string (MS_PROBLEM_N_CODES));
  g_assert_false (ms_problem_code_from_string ("no-such-thing", NULL));
  g_assert_false (ms_problem_code_from_string (NULL, NULL));
}

static void
test_wrong_host_names_the_certificate (void)
{
  MsProblemContext ctx = imap_ctx;
  g_autoptr (MsProblem) p = NULL;

  ctx.host = "mail.example.test";
  ctx.certificate_names = "imap.other.test, other.test";
  p = ms_problem_new_for_certificate (G_TLS_CERTIFICATE_BAD_IDENTITY, &ctx);
  g_assert_cmpint (p->code, ==, MS_PROBLEM_CERTIFICATE_WRONG_HOST);
  g_assert_nonnull (strstr (p->message, "mail.example.test"));
  g_assert_nonnull (strstr (p->message, "imap.other.test, other.test"));
}

static void
test_certificate_flags (void)
{
  static const struct {
    GTlsCertificateFlags flags;
    gboolean self_signed;
    MsProblemCode want;
  } cases[] = {
    { G_TLS_CERTIFICATE_EXPIRED, FALSE, MS_PROBLEM_CERTIFICATE_EXPIRED },
    { G_TLS_CERTIFICATE_NOT_ACTIVATED, FALSE, MS_PROBLEM_CERTIFICATE_NOT_YET_VALID },
    { G_TLS_CERTIFICATE_UNKNOWN_CA, FALSE, MS_PROBLEM_CERTIFICATE_UNKNOWN_ISSUER },
    { G_TLS_CERTIFICATE_UNKNOWN_CA, TRUE, MS_PROBLEM_CERTIFICATE_SELF_SIGNED },
    { G_TLS_CERTIFICATE_REVOKED | G_TLS_CERTIFICATE_EXPIRED, FALSE, MS_PROBLEM_CERTIFICATE_REVOKED },
    { G_TLS_CERTIFICATE_BAD_IDENTITY | G_TLS_CERTIFICATE_UNKNOWN_CA, TRUE, MS_PROBLEM_CERTIFICATE_WRONG_HOST },
    { G_TLS_CERTIFICATE_EXPIRED | G_TLS_CERTIFICATE_UNKNOWN_CA, FALSE, MS_PROBLEM_CERTIFICATE_EXPIRED },
    { G_TLS_CERTIFICATE_INSECURE, FALSE, MS_PROBLEM_CERTIFICATE_INSECURE },
    { G_TLS_CERTIFICATE_GENERIC_ERROR, FALSE, MS_PROBLEM_TLS_FAILED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      MsProblemContext ctx = imap_ctx;
      g_autoptr (MsProblem) p = NULL;

      ctx.certificate_self_signed = cases[i].self_signed;
      p = ms_problem_new_for_certificate (cases[i].flags, &ctx);
      g_assert_cmpstr (ms_problem_code_to_string (p->code), ==,
                       ms_problem_code_to_string (cases[i].want));
    }
}

static void
test_errors (void)
{
  static const struct {
    GQuark (*domain) (void);
    int code;
    MsProtocol protocol;
    MsProblemCode want;
  } cases[] = {
    { g_resolver_error_quark, G_RESOLVER_ERROR_NOT_FOUND, MS_PROTOCOL_IMAP, MS_PROBLEM_NO_SUCH_HOST },
    { g_io_error_quark, G_IO_ERROR_CONNECTION_REFUSED, MS_PROTOCOL_IMAP, MS_PROBLEM_CONNECTION_REFUSED },
    { g_io_error_quark, G_IO_ERROR_TIMED_OUT, MS_PROTOCOL_POP3, MS_PROBLEM_TIMED_OUT },
    { g_io_error_quark, G_IO_ERROR_TIMED_OUT, MS_PROTOCOL_SMTP, MS_PROBLEM_OUTGOING_BLOCKED },
    { g_io_error_quark, G_IO_ERROR_CONNECTION_CLOSED, MS_PROTOCOL_IMAP, MS_PROBLEM_SERVER_CLOSED },
    { g_io_error_quark, G_IO_ERROR_BROKEN_PIPE, MS_PROTOCOL_SMTP, MS_PROBLEM_SERVER_CLOSED },
    { g_io_error_quark, G_IO_ERROR_NETWORK_UNREACHABLE, MS_PROTOCOL_SMTP, MS_PROBLEM_NETWORK_UNREACHABLE },
    { g_io_error_quark, G_IO_ERROR_CANCELLED, MS_PROTOCOL_IMAP, MS_PROBLEM_CANCELLED },
    { g_tls_error_quark, G_TLS_ERROR_MISC, MS_PROTOCOL_IMAP, MS_PROBLEM_TLS_FAILED },
    { g_io_error_quark, G_IO_ERROR_INVALID_DATA, MS_PROTOCOL_IMAP, MS_PROBLEM_PROTOCOL_ERROR },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      MsProblemContext ctx = imap_ctx;
      g_autoptr (GError) error = g_error_new_literal (cases[i].domain (), cases[i].code, "detail text");
      g_autoptr (MsProblem) p = NULL;

      ctx.protocol = cases[i].protocol;
      p = ms_problem_new_for_error (error, &ctx);
      g_assert_cmpstr (ms_problem_code_to_string (p->code), ==,
                       ms_problem_code_to_string (cases[i].want));
      g_assert_cmpstr (p->detail, ==, "detail text");
    }
}

static void
test_outgoing_blocked_port_25 (void)
{
  MsProblemContext ctx = { .protocol = MS_PROTOCOL_SMTP, .host = "smtp.example.test", .port = 25 };
  g_autoptr (MsProblem) p = ms_problem_new (MS_PROBLEM_OUTGOING_BLOCKED, &ctx);

  g_assert_nonnull (strstr (p->message, "smtp.example.test"));
  g_assert_nonnull (strstr (p->message, "25"));
  g_assert_nonnull (strstr (p->fix, "587"));
  g_assert_nonnull (strstr (p->fix, "465"));
}

/* The fix never recommends the port that failed; the alternative is structured. */
static void
test_alternatives (void)
{
  static const struct {
    MsProtocol protocol;
    guint16 port;
    MsProblemCode code;
    guint16 want_port;
    MsSecurity want_security;
  } cases[] = {
    { MS_PROTOCOL_SMTP, 587, MS_PROBLEM_OUTGOING_BLOCKED, 465, MS_SECURITY_TLS },
    { MS_PROTOCOL_SMTP, 465, MS_PROBLEM_OUTGOING_BLOCKED, 587, MS_SECURITY_STARTTLS },
    { MS_PROTOCOL_SMTP, 2525, MS_PROBLEM_TIMED_OUT, 465, MS_SECURITY_TLS },
    { MS_PROTOCOL_IMAP, 993, MS_PROBLEM_TIMED_OUT, 143, MS_SECURITY_STARTTLS },
    { MS_PROTOCOL_IMAP, 143, MS_PROBLEM_CONNECTION_REFUSED, 993, MS_SECURITY_TLS },
    { MS_PROTOCOL_POP3, 995, MS_PROBLEM_TIMED_OUT, 110, MS_SECURITY_STARTTLS },
    { MS_PROTOCOL_POP3, 110, MS_PROBLEM_STARTTLS_NOT_OFFERED, 995, MS_SECURITY_TLS },
    { MS_PROTOCOL_SMTP, 465, MS_PROBLEM_PORT_NEEDS_TLS, 465, MS_SECURITY_TLS },
    { MS_PROTOCOL_SMTP, 587, MS_PROBLEM_PORT_NEEDS_STARTTLS, 587, MS_SECURITY_STARTTLS },
    { MS_PROTOCOL_IMAP, 993, MS_PROBLEM_PORT_NEEDS_TLS, 993, MS_SECURITY_TLS },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      MsProblemContext ctx = { .protocol = cases[i].protocol, .host = "mail.example.test",
                               .port = cases[i].port };
      g_autoptr (MsProblem) p = ms_problem_new (cases[i].code, &ctx);
      g_autoptr (MsProblem) copy = NULL;
      g_autofree char *failed = g_strdup_printf ("%u", cases[i].port);
      g_autofree char *want = g_strdup_printf ("%u", cases[i].want_port);
      MsJsonBuilder *b = ms_json_builder_new ();
      g_autofree char *json = NULL;
      g_autofree char *want_json = NULL;

      g_assert_nonnull (p->alternative);
      g_assert_cmpuint (p->alternative->port, ==, cases[i].want_port);
      g_assert_cmpint (p->alternative->security, ==, cases[i].want_security);
      g_assert_nonnull (strstr (p->fix, want));
      if (cases[i].want_port != cases[i].port)
        g_assert_null (strstr (p->fix, failed));
      copy = ms_problem_copy (p);
      g_assert_nonnull (copy->alternative);
      g_assert_cmpuint (copy->alternative->port, ==, cases[i].want_port);

      ms_problem_add_json (p, b);
      json = ms_json_builder_free_to_text (b);
      want_json = g_strdup_printf ("\"alternative\":{\"port\":%u,\"security\":\"%s\"}",
                                   cases[i].want_port, ms_security_to_string (cases[i].want_security));
      g_assert_nonnull (strstr (json, want_json));
    }

  /* no alternative where the port is not the problem, or is unknown */
  {
    MsProblemContext ctx = imap_ctx;
    g_autoptr (MsProblem) auth = ms_problem_new (MS_PROBLEM_AUTHENTICATION_FAILED, &ctx);
    MsJsonBuilder *b = ms_json_builder_new ();
    g_autofree char *json = NULL;

    g_assert_null (auth->alternative);
    ms_problem_add_json (auth, b);
    json = ms_json_builder_free_to_text (b);
    g_assert_nonnull (strstr (json, "\"alternative\":null"));
    ctx.port = 0;
    g_assert_false (ms_problem_alternative_for (MS_PROBLEM_TIMED_OUT, MS_PROTOCOL_IMAP, 0, NULL));
  }
}

static void
test_authentication_failed_reset_link (void)
{
  MsProblemContext ctx = imap_ctx;
  g_autoptr (MsProblem) without = ms_problem_new (MS_PROBLEM_AUTHENTICATION_FAILED, &ctx);
  g_autoptr (MsProblem) with = NULL;
  g_autoptr (MsProblem) copy = NULL;

  g_assert_null (without->url);

  ctx.provider_name = "Spectrum";
  ctx.password_reset_url = "https://id.spectrum.net/forgot";
  with = ms_problem_new (MS_PROBLEM_AUTHENTICATION_FAILED, &ctx);
  g_assert_cmpstr (with->url, ==, "https://id.spectrum.net/forgot");
  g_assert_nonnull (strstr (with->fix, "Spectrum"));
  g_assert_nonnull (strstr (with->message, "IMAP"));

  copy = ms_problem_copy (with);
  g_assert_cmpint (copy->code, ==, with->code);
  g_assert_cmpstr (copy->message, ==, with->message);
  g_assert_cmpstr (copy->fix, ==, with->fix);
  g_assert_cmpstr (copy->url, ==, with->url);
}

static void
test_access_disabled_enable_link (void)
{
  MsProblemContext ctx = imap_ctx;
  g_autoptr (MsProblem) p = NULL;

  ctx.provider_name = "Example Mail";
  ctx.enable_url = "https://mail.example.test/settings/imap";
  p = ms_problem_new (MS_PROBLEM_ACCESS_DISABLED, &ctx);
  g_assert_cmpstr (p->url, ==, "https://mail.example.test/settings/imap");
  g_assert_nonnull (strstr (p->message, "Example Mail"));
}

/* Offline only when the monitor sees no network AND the lookup could not be asked. */
static void
test_connectivity_judge (void)
{
  g_autoptr(GError) again = g_error_new_literal (G_RESOLVER_ERROR,
                                                 G_RESOLVER_ERROR_TEMPORARY_FAILURE, "again");
  g_autoptr(GError) internal = g_error_new_literal (G_RESOLVER_ERROR,
                                                    G_RESOLVER_ERROR_INTERNAL, "internal");
  g_autoptr(GError) nxdomain = g_error_new_literal (G_RESOLVER_ERROR,
                                                    G_RESOLVER_ERROR_NOT_FOUND, "no such name");
  g_autoptr(GError) no_route = g_error_new_literal (G_IO_ERROR,
                                                    G_IO_ERROR_NETWORK_UNREACHABLE, "no route");
  g_autoptr(MsProblem) p = ms_problem_new (MS_PROBLEM_OFFLINE, &imap_ctx);

  g_assert_true (ms_connectivity_judge (again, FALSE));
  g_assert_true (ms_connectivity_judge (internal, FALSE));
  /* a network in sight: the server is what is wrong */
  g_assert_false (ms_connectivity_judge (again, TRUE));
  /* a definite "no such name" comes from a DNS server that was reached */
  g_assert_false (ms_connectivity_judge (nxdomain, FALSE));
  /* a dead address without a route is not being offline (the lab has one) */
  g_assert_false (ms_connectivity_judge (no_route, FALSE));
  g_assert_false (ms_connectivity_judge (NULL, FALSE));

  g_assert_cmpstr (ms_problem_code_to_string (MS_PROBLEM_OFFLINE), ==, "offline");
  g_assert_nonnull (strstr (p->message, "not connected"));
  g_assert_nonnull (strstr (p->fix, "Connect to a network"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/problem/codes", test_codes_round_trip);
  g_test_add_func ("/problem/certificate/wrong-host", test_wrong_host_names_the_certificate);
  g_test_add_func ("/problem/certificate/flags", test_certificate_flags);
  g_test_add_func ("/problem/errors", test_errors);
  g_test_add_func ("/problem/outgoing-blocked", test_outgoing_blocked_port_25);
  g_test_add_func ("/problem/authentication-failed", test_authentication_failed_reset_link);
  g_test_add_func ("/problem/access-disabled", test_access_disabled_enable_link);
  g_test_add_func ("/problem/offline", test_connectivity_judge);
  g_test_add_func ("/problem/alternatives", test_alternatives);

  return g_test_run ();
}
