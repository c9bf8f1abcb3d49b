/* test-probe.c: the capability probe against a scripted fake server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "ms-fake-server.h"
#include "ms-probe.h"

#define PROBE_MS 5000

static MsTestPki *pki;

static void
on_result (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  g_assert_null (*slot);  /* exactly one callback */
  *slot = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static MsProbeResult *
probe (MsFakeServer *server,
       MsProtocol    protocol,
       MsSecurity    security,
       guint         timeout_ms,
       GError      **error)
{
  g_autoptr(MsServer) settings = ms_server_new (protocol, "127.0.0.1", ms_fake_server_get_port (server),
                                                security, NULL);
  g_autoptr(MsTlsTrust) trust = ms_tls_trust_new ();
  g_autoptr(GAsyncResult) result = NULL;

  ms_tls_trust_set_database (trust, pki->database);
  ms_probe_with_trust_async (settings, trust, timeout_ms, NULL, on_result, &result);
  return ms_probe_finish (wait_for (&result), error);
}

static void
assert_server_ok (MsFakeServer *server)
{
  g_assert_true (ms_fake_server_wait_done (server, PROBE_MS));
  g_assert_cmpstr (ms_fake_server_get_failure (server), ==, NULL);
  g_assert_cmpuint (ms_fake_server_get_step (server), ==, ms_fake_server_get_n_steps (server));
}

static void
assert_no_credentials_sent (MsFakeServer *server)
{
  g_autofree char *received = g_ascii_strup (ms_fake_server_get_received (server), -1);

  g_assert_null (strstr (received, "LOGIN "));
  g_assert_null (strstr (received, "AUTHENTICATE"));
  g_assert_null (strstr (received, "AUTH "));
  g_assert_null (strstr (received, "USER "));
  g_assert_null (strstr (received, "PASS "));
}

static void
assert_strv (char       **strv,
             const char  *joined)
{
  g_autofree char *actual = g_strjoinv (" ", strv);

  g_assert_cmpstr (actual, ==, joined);
}

/* --- IMAP --- */

static void
test_imap_tls (void)
{
  g_autoptr(MsFakeServer) server = ms_fake_server_new (pki->good);
  g_autoptr(MsProbeResult) result = NULL;
  g_autoptr(GError) error = NULL;

  ms_fake_server_start_tls (server);
  /* over implicit TLS the greeting's capabilities are the server's: no CAPABILITY */
  ms_fake_server_send (server, "* OK [CAPABILITY IMAP4rev1 ID AUTH=PLAIN auth=login] ready\r\n");
  ms_fake_server_expect (server, "a1 LOGOUT");
  ms_fake_server_send (server, "* BYE\r\na1 OK\r\n");

  result = probe (server, MS_PROTOCOL_IMAP, MS_SECURITY_TLS, PROBE_MS, &error);
  g_assert_no_error (error);
  g_assert_true (result->connected);
  g_assert_true (result->tls_established);
  g_assert_true (g_str_has_prefix (result->tls_version, "TLS 1."));
  g_assert_cmpuint (result->tls_errors, ==, 0);
  g_assert_true (g_tls_certificate_is_same (result->peer_certificate, pki->good));
  g_assert_cmpstr (result->greeting, ==, "* OK [CAPABILITY IMAP4rev1 ID AUTH=PLAIN auth=login] ready");
  g_assert_true (result->greeting_over_tls);
  assert_strv (result->capabilities, "IMAP4rev1 ID AUTH=PLAIN auth=login");
  assert_strv (result->auth_mechanisms, "PLAIN LOGIN");
  g_assert_true (ms_probe_result_has_capability (result, "imap4REV1"));
  g_assert_true (ms_probe_result_has_auth (result, "login"));
  g_assert_false (ms_probe_result_has_auth (result, "BOGUS"));
  g_assert_false (result->starttls_offered);
  g_assert_false (result->login_disabled);
  g_assert_false (result->preauth);
  g_assert_cmpuint (result->elapsed_ms, <, PROBE_MS);
  assert_server_ok (server);
  assert_no_credentials_sent (server);

  {
    g_autoptr(MsProbeResult) copy = ms_probe_result_copy (result);

    assert_strv (copy->capabilities, "IMAP4rev1 ID AUTH=PLAIN auth=login");
    g_assert_true (copy->peer_certificate == result->peer_certificate);
    g_assert_cmpstr (copy->tls_version, ==, result->tls_version);
  }
}

static void
test_imap_starttls (void)
{
  g_autoptr(MsFakeServer) server = ms_fake_server_new (pki->good);
  g_autoptr(MsProbeResult) result = NULL;
  g_autoptr(GError) error = NULL;

  ms_fake_server_send (server, "* OK [ALERT] plain text greeting\r\n");
  ms_fake_server_expect (server, "a1 CAPABILITY");
  ms_fake_server_send (server, "* CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED AUTH=FORGED\r\na1 OK\r\n");
  ms_fake_server_expect (server, "a2 STARTTLS");
  /* untagged data before the tagged reply: ignored, never used */
  ms_fake_server_send (server, "* 54321 EXISTS\r\na2 OK begin TLS\r\n");
  ms_fake_server_start_tls (server);
  ms_fake_server_expect (server, "a3 CAPABILITY");
  ms_fake_server_send (server, "* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\na3 OK\r\n");
  ms_fake_server_expect (server, "a4 LOGOUT");
  ms_fake_server_close (server);

  result = probe (server, MS_PROTOCOL_IMAP, MS_SECURITY_STARTTLS, PROBE_MS, &error);
  g_assert_no_error (error);
  g_assert_true (result->tls_established);
  g_assert_nonnull (result->tls_version);
  g_assert_nonnull (result->peer_certificate);
  g_assert_true (result->starttls_offered);
  g_assert_false (result->greeting_over_tls);
  g_assert_cmpstr (result->greeting, ==, "* OK [ALERT] plain text greeting");
  /* what was said before TLS is gone */
  assert_strv (result->capabilities, "IMAP4rev1 AUTH=PLAIN");
  assert_strv (result->auth_mechanisms, "PLAIN");
  g_assert_false (result->login_disabled);
  assert_server_ok (server);
  assert_no_credentials_sent (server);
}

static void
test_imap_login_disabled (void)
{
  g_autoptr(MsFakeServer) server = ms_fake_server_new (pki->good);
  g_autoptr(MsProbeResult) result = NULL;
  g_autoptr(GError) error = NULL;

  ms_fake_server_start_tls (server);
  ms_fake_server_send (server, "* OK ready\r\n");
  ms_fake_server_expect (server, "a1 CAPABILITY");
  ms_fake_server_send (server, "* CAPABILITY IMAP4rev1 LOGINDISABLED AUTH=XOAUTH2\r\na1 OK\r\n");
  ms_fake_server_expect (server, "a2 LOGOUT");

  result = probe (server, MS_PROTOCOL_IMAP, MS_SECURITY_TLS, PROBE_MS, &error);
  g_assert_no_error (error);
  g_assert_true (result->login_disabled);
  assert_strv (result->auth_mechanisms, "XOAUTH2");
}

static void
test_imap_starttls_not_offered (void)
{
  g_autoptr(MsFakeServer) server = ms_fake_server_new (pki->good);
  g_autoptr(MsProbeResult) result = NULL;
  g_autoptr(GError) error = NULL;

  /* stripped STARTTLS (EAST "O_4"): an error, never a plain-text fallback */
  ms_fake_server_send (server, "* OK ready\r\n");
  ms_fake_server_expect (server, "a1 CAPABILITY");
  ms_fake_server_send (server, "* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\na1 OK\r\n");

  result = probe (server, MS_PROTOCOL_IMAP, MS_SECURITY_STARTTLS, PROBE_MS, &error);
  g_assert_error (error, MS_PROBE_ERROR, MS_PROBE_ERROR_STARTTLS_NOT_OFFERED);
  g_assert_null (result);
  g_assert_true (ms_fake_server_wait_done (server, PROBE_MS));
  g_assert_cmpstr (ms_fake_server_get_received (server), ==, "a1 CAPABILITY\n");
}

static void
test_imap_starttls_refused (void)
{
  g_autoptr(MsFakeServer) server = ms_fake_server_new (pki->good);
  g_autoptr(MsProbeResult) result = NULL;
  g_autoptr(GError) error = NULL;

  ms_fake_server_send (server, "* OK ready\r\n");
  ms_fake_server_expect (server, "a1 CAPABILITY");
  ms_fake_server_send (server, "* CAPABILITY IMAP4rev1 STARTTLS\r\na1 OK\r\n");
  ms_fake_server_expect (server, "a2 STARTTLS");
  ms_fake_server_send (server, "a2 BAD not now\r\n");

  result = probe (server, MS_PROTOCOL_IMAP, MS_SECURITY_STARTTLS, PROBE_MS, &error);
  g_assert_error (error, MS_PROBE_ERROR, MS_PROBE_ERROR_STARTTLS_REFUSED);
  g_assert_null (result);
}

static void
test_imap_starttls_injection (void)
{
  g_autoptr(MsFakeServer) server = ms_fake_server_new (pki->good);
  g_autoptr(MsProbeResult) result = NULL;
  g_autoptr(GError) error = NULL;

  /* CVE-2020-15685 / EAST "B_1": forged capabilities in the segment of the STARTTLS reply */
  ms_fake_server_send (server, "* OK ready\r\n");
  ms_fake_server_expect (server, "a1 CAPABILITY");
  ms_fake_server_send (server, "* CAPABILITY IMAP4rev1 STARTTLS\r\na1 OK\r\n");
  ms_fake_server_expect (server, "a2 STARTTLS");
  ms_fake_server_send (server, "a2 OK begin\r\n* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\na3 OK\r\n");
  ms_fake_server_start_tls (server);

  result = probe (server, MS_PROTOCOL_IMAP, MS_SECURITY_STARTTLS, PROBE_MS, &error);
  g_assert_error (error, MS_MAIL_STREAM_ERROR, MS_MAIL_STREAM_ERROR_STARTTLS_INJECTION);
  g_assert_null (result);
}

static void
test_imap_preauth (void)
{
  {
    /* PREAUTH where STARTTLS is required: the session could never be encrypted */
    g_autoptr(MsFakeServer) server = ms_fake_server_new (pki->good);
    g_autoptr(MsProbeResult) result = NULL;
    g_autoptr(GError) error = NULL;

    ms_fake_server_send (server, "* PREAUTH welcome back\r\n");
    result = probe (server, MS_PROTOCOL_IMAP, MS_SECURITY_STARTTLS, PROBE_MS, &error);
    g_assert_error (error, MS_PROBE_ERROR, MS_PROBE_ERROR_PREAUTH);
    g_assert_null (result);
    g_assert_true (ms_fake_server_wait_done (server, PROBE_MS));
    g_assert_cmpstr (ms_fake_server_get_received (server), ==, "");
  }
  {
    /* over implicit TLS it is merely unusual */
    g_autoptr(MsFakeServer) server = ms_fake_server_new (pki->good);
    g_autoptr(MsProbeResult) result = NULL;
    g_autoptr(GError) error = NULL;

    ms_fake_server_start_tls (server);
    ms_fake_server_send (server, "* PREAUTH welcome back\r\n");
    ms_fake_server_expect (server, "a1 CAPABILITY");
    ms_fake_server_send (server, "* CAPABILITY IMAP4rev1\r\na1 OK\r\n");
    ms_fake_server_expect (server, "a2 LOGOUT");
    result = probe (server, MS_PROTOCOL_IMAP, MS_SECURITY_TLS, PROBE_MS, &error);
    g_assert_no_error (error);
    g_assert_true (result->preauth);
    g_assert_true (result->tls_established);
    assert_server_ok (server);
  }
}

static void
test_imap_bye (void)
{
  g_autoptr(MsFakeServer) server = ms_fake_server_new (pki->good);
  g_autoptr(MsProbeResult) result = NULL;
  g_autoptr(GError) error = NULL;

  ms_fake_server_start_tls (server);
  ms_fake_server_send (server, "* BYE too many connections\r\n");
  ms_fake_server_close (server);
  result = probe (server, MS_PROTOCOL_IMAP, MS_SECURITY_TLS, PROBE_MS, &error);
  g_assert_error (error, MS_PROBE_ERROR, MS_PROBE_ERROR_REJECTED);
  /* the server's words are untrusted: not in the message */
  g_assert_null (strstr (error->message, "too many"));
  g_assert_null (result);
}

static void
test_imap_wrong_protocol (void)
{
  g_autoptr(MsFakeServer) server = ms_fake_server_new (pki->good);
  g_autoptr(MsProbeResult) result = NULL;
  g_autoptr(GError) error = NULL;

  ms_fake_server_send (server, "220 smtp.example.org ESMTP\r\n");
  result = probe (server, MS_PROTOCOL_IMAP, MS_SECURITY_NONE, PROBE_MS, &error);
  g_assert_error (error, MS_PROBE_ERROR, MS_PROBE_ERROR_PROTOCOL);
  g_assert_null (result);
}

static void
test_imap_plain (void)
{
  g_autoptr(MsFakeServer) server = ms_fake_server_new (NULL);
  g_autoptr(MsProbeResult) result = NULL;
  g_autoptr(GError) error = NULL;

  /* security "none": capabilities in plain text, no upgrade attempted */
  ms_fake_server_send (server, "* OK ready\r\n");
  ms_fake_server_expect (server, "a1 CAPABILITY");
  ms_fake_server_send (server, "* CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED\r\na1 OK\r\n");
  ms_fake_server_expect (server, "a2 LOGOUT");

  result = probe (server, MS_PROTOCOL_IMAP, MS_SECURITY_NONE, PROBE_MS, &error);
  g_assert_no_error (error);
  g_assert_false (result->tls_established);
  g_assert_null (result->tls_version);
  g_assert_null (result->peer_certificate);
  g_assert_true (result->starttls_offered);
  g_assert_true (result->login_disabled);
  assert_server_ok (server);
}

/* --- POP3 --- */

static void
test_pop3_tls (void)
{
  g_autoptr(MsFakeServer) server = ms_fake_server_new (pki->good);
  g_autoptr(MsProbeResult) result = NULL;
  g_autoptr(GError) error = NULL;

  ms_fake_server_start_tls (server);
  ms_fake_server_send (server, "+OK POP3 ready <1.2@example>\r\n");
  ms_fake_server_expect (server, "CAPA");
  ms_fake_server_send (server, "+OK list follows\r\nUSER\r\nSASL PLAIN LOGIN\r\n..odd\r\n.\r\n");
  ms_fake_server_expect (server, "QUIT");
  ms_fake_server_send (server, "+OK bye\r\n");

  result = probe (server, MS_PROTOCOL_POP3, MS_SECURITY_TLS, PROBE_MS, &error);
  g_assert_no_error (error);
  g_assert_true (result->tls_established);
  g_assert_cmpstr (result->greeting, ==, "+OK POP3 ready <1.2@example>");
  assert_strv (result->capabilities, "USER SASL PLAIN LOGIN .odd");
  assert_strv (result->auth_mechanisms, "PLAIN LOGIN");
  g_assert_false (result->starttls_offered);
  assert_server_ok (server);
  assert_no_credentials_sent (server);
}

static void
test_pop3_starttls (void)
{
  g_autoptr(MsFakeServer) server = ms_fake_server_new (pki->good);
  g_autoptr(MsProbeResult) result = NULL;
  g_autoptr(GError) error = NULL;

  ms_fake_server_send (server, "+OK ready\r\n");
  ms_fake_server_expect (server, "CAPA");
  ms_fake_server_send (server, "+OK\r\nSTLS\r\nSASL FORGED\r\n.\r\n");
  ms_fake_server_expect (server, "STLS");
  ms_fake_server_send (server, "+OK Begin TLS\r\n");
  ms_fake_server_start_tls (server);
  ms_fake_server_expect (server, "CAPA");
  ms_fake_server_send (server, "+OK\r\nSASL PLAIN\r\nUSER\r\n.\r\n");
  ms_fake_server_expect (server, "QUIT");

  result = probe (server, MS_PROTOCOL_POP3, MS_SECURITY_STARTTLS, PROBE_MS, &error);
  g_assert_no_error (error);
  g_assert_true (result->tls_established);
  g_assert_true (result->starttls_offered);
  assert_strv (result->capabilities, "SASL PLAIN USER");
  assert_strv (result->auth_mechanisms, "PLAIN");
  assert_server_ok (server);
}

static void
test_pop3_starttls_not_offered (void)
{
  g_autoptr(MsFakeServer) server = ms_fake_server_new (pki->good);
  g_autoptr(MsProbeResult) result = NULL;
  g_autoptr(GError) error = NULL;

  /* a server without CAPA cannot announce STLS either */
  ms_fake_server_send (server, "+OK ready\r\n");
  ms_fake_server_expect (server, "CAPA");
  ms_fake_server_send (server, "-ERR unknown command\r\n");

  result = probe (server, MS_PROTOCOL_POP3, MS_SECURITY_STARTTLS, PROBE_MS, &error);
  g_assert_error (error, MS_PROBE_ERROR, MS_PROBE_ERROR_STARTTLS_NOT_OFFERED);
  g_assert_null (result);
}

static void
test_pop3_starttls_injection (void)
{
  g_autoptr(MsFakeServer) server = ms_fake_server_new (pki->good);
  g_autoptr(MsProbeResult) result = NULL;
  g_autoptr(GError) error = NULL;

  /* CVE-2020-14928 (POP3) / EAST pop3 "B_1" */
  ms_fake_server_send (server, "+OK ready\r\n");
  ms_fake_server_expect (server, "CAPA");
  ms_fake_server_send (server, "+OK\r\nSTLS\r\n.\r\n");
  ms_fake_server_expect (server, "STLS");
  ms_fake_server_send (server, "+OK Begin TLS\r\n+OK\r\nSASL PLAIN\r\n.\r\n");
  ms_fake_server_start_tls (server);

  result = probe (server, MS_PROTOCOL_POP3, MS_SECURITY_STARTTLS, PROBE_MS, &error);
  g_assert_error (error, MS_MAIL_STREAM_ERROR, MS_MAIL_STREAM_ERROR_STARTTLS_INJECTION);
  g_assert_null (result);
}

static void
test_pop3_err_greeting (void)
{
  g_autoptr(MsFakeServer) server = ms_fake_server_new (pki->good);
  g_autoptr(MsProbeResult) result = NULL;
  g_autoptr(GError) error = NULL;

  ms_fake_server_start_tls (server);
  ms_fake_server_send (server, "-ERR go away\r\n");
  result = probe (server, MS_PROTOCOL_POP3, MS_SECURITY_TLS, PROBE_MS, &error);
  g_assert_error (error, MS_PROBE_ERROR, MS_PROBE_ERROR_REJECTED);
  g_assert_null (result);
}

/* --- SMTP --- */

static void
test_smtp_tls (void)
{
  g_autoptr(MsFakeServer) server = ms_fake_server_new (pki->good);
  g_autoptr(MsProbeResult) result = NULL;
  g_autoptr(GError) error = NULL;

  ms_fake_server_start_tls (server);
  ms_fake_server_send (server, "220-smtp.example.org\r\n220 ESMTP ready\r\n");
  ms_fake_server_expect (server, "EHLO [127.0.0.1]");
  ms_fake_server_send (server, "250-smtp.example.org hello\r\n250-SIZE 1000000\r\n"
                               "250-AUTH=LOGIN\r\n250 AUTH PLAIN LOGIN\r\n");
  ms_fake_server_expect (server, "QUIT");
  ms_fake_server_send (server, "221 bye\r\n");

  result = probe (server, MS_PROTOCOL_SMTP, MS_SECURITY_TLS, PROBE_MS, &error);
  g_assert_no_error (error);
  g_assert_true (result->tls_established);
  g_assert_cmpstr (result->greeting, ==, "220-smtp.example.org\n220 ESMTP ready");
  g_assert_true (result->greeting_over_tls);
  assert_strv (result->capabilities, "SIZE 1000000 AUTH=LOGIN AUTH PLAIN LOGIN");
  assert_strv (result->auth_mechanisms, "LOGIN PLAIN");
  g_assert_false (result->starttls_offered);
  assert_server_ok (server);
  assert_no_credentials_sent (server);
}

static void
test_smtp_starttls (void)
{
  g_autoptr(MsFakeServer) server = ms_fake_server_new (pki->good);
  g_autoptr(MsProbeResult) result = NULL;
  g_autoptr(GError) error = NULL;

  ms_fake_server_send (server, "220 smtp.example.org ESMTP\r\n");
  ms_fake_server_expect (server, "EHLO [127.0.0.1]");
  ms_fake_server_send (server, "250-smtp.example.org\r\n250-STARTTLS\r\n250 AUTH FORGED\r\n");
  ms_fake_server_expect (server, "STARTTLS");
  ms_fake_server_send (server, "220 2.0.0 Ready to start TLS\r\n");
  ms_fake_server_start_tls (server);
  ms_fake_server_expect (server, "EHLO [127.0.0.1]");
  ms_fake_server_send (server, "250-smtp.example.org\r\n250-8BITMIME\r\n250 AUTH PLAIN\r\n");
  ms_fake_server_expect (server, "QUIT");

  result = probe (server, MS_PROTOCOL_SMTP, MS_SECURITY_STARTTLS, PROBE_MS, &error);
  g_assert_no_error (error);
  g_assert_true (result->tls_established);
  g_assert_true (result->starttls_offered);
  g_assert_false (result->greeting_over_tls);
  assert_strv (result->capabilities, "8BITMIME AUTH PLAIN");
  assert_strv (result->auth_mechanisms, "PLAIN");
  assert_server_ok (server);
}

static void
test_smtp_starttls_not_offered (void)
{
  g_autoptr(MsFakeServer) server = ms_fake_server_new (pki->good);
  g_autoptr(MsProbeResult) result = NULL;
  g_autoptr(GError) error = NULL;

  ms_fake_server_send (server, "220 smtp.example.org ESMTP\r\n");
  ms_fake_server_expect (server, "EHLO *");
  ms_fake_server_send (server, "250-smtp.example.org\r\n250 AUTH PLAIN LOGIN\r\n");

  result = probe (server, MS_PROTOCOL_SMTP, MS_SECURITY_STARTTLS, PROBE_MS, &error);
  g_assert_error (error, MS_PROBE_ERROR, MS_PROBE_ERROR_STARTTLS_NOT_OFFERED);
  g_assert_null (result);
  g_assert_true (ms_fake_server_wait_done (server, PROBE_MS));
  g_assert_cmpstr (ms_fake_server_get_received (server), ==, "EHLO [127.0.0.1]\n");
}

static void
test_smtp_starttls_refused (void)
{
  g_autoptr(MsFakeServer) server = ms_fake_server_new (pki->good);
  g_autoptr(MsProbeResult) result = NULL;
  g_autoptr(GError) error = NULL;

  ms_fake_server_send (server, "220 smtp.example.org ESMTP\r\n");
  ms_fake_server_expect (server, "EHLO *");
  ms_fake_server_send (server, "250-smtp.example.org\r\n250 STARTTLS\r\n");
  ms_fake_server_expect (server, "STARTTLS");
  ms_fake_server_send (server, "454 4.7.0 TLS not available\r\n");

  result = probe (server, MS_PROTOCOL_SMTP, MS_SECURITY_STARTTLS, PROBE_MS, &error);
  g_assert_error (error, MS_PROBE_ERROR, MS_PROBE_ERROR_STARTTLS_REFUSED);
  g_assert_null (result);
}

static void
test_smtp_rejected (void)
{
  g_autoptr(MsFakeServer) server = ms_fake_server_new (pki->good);
  g_autoptr(MsProbeResult) result = NULL;
  g_autoptr(GError) error = NULL;

  ms_fake_server_start_tls (server);
  ms_fake_server_send (server, "554 5.7.1 no service for you\r\n");
  result = probe (server, MS_PROTOCOL_SMTP, MS_SECURITY_TLS, PROBE_MS, &error);
  g_assert_error (error, MS_PROBE_ERROR, MS_PROBE_ERROR_REJECTED);
  g_assert_null (result);
}

static void
test_smtp_garbage (void)
{
  g_autoptr(MsFakeServer) server = ms_fake_server_new (pki->good);
  g_autoptr(MsProbeResult) result = NULL;
  g_autoptr(GError) error = NULL;

  ms_fake_server_send (server, "* OK IMAP4rev1 ready\r\n");
  result = probe (server, MS_PROTOCOL_SMTP, MS_SECURITY_STARTTLS, PROBE_MS, &error);
  g_assert_error (error, MS_PROBE_ERROR, MS_PROBE_ERROR_PROTOCOL);
  g_assert_null (result);
}

/* --- failures common to all --- */

static void
test_tls_untrusted (void)
{
  g_autoptr(MsFakeServer) server = ms_fake_server_new (pki->self_signed);
  g_autoptr(MsProbeResult) result = NULL;
  g_autoptr(GError) error = NULL;

  ms_fake_server_start_tls (server);
  ms_fake_server_send (server, "* OK ready\r\n");
  result = probe (server, MS_PROTOCOL_IMAP, MS_SECURITY_TLS, PROBE_MS, &error);
  g_assert_error (error, MS_MAIL_STREAM_ERROR, MS_MAIL_STREAM_ERROR_TLS_FAILED);
  g_assert_cmpuint (ms_mail_stream_error_get_tls_errors (error) & G_TLS_CERTIFICATE_UNKNOWN_CA, !=, 0);
  g_assert_nonnull (ms_mail_stream_error_get_peer_certificate (error));
  g_assert_null (result);
}

static void
test_server_closes (void)
{
  MsProtocol protocols[] = { MS_PROTOCOL_IMAP, MS_PROTOCOL_POP3, MS_PROTOCOL_SMTP };

  for (gsize i = 0; i < G_N_ELEMENTS (protocols); i++)
    {
      g_autoptr(MsFakeServer) server = ms_fake_server_new (NULL);
      g_autoptr(MsProbeResult) result = NULL;
      g_autoptr(GError) error = NULL;

      ms_fake_server_close (server);
      result = probe (server, protocols[i], MS_SECURITY_STARTTLS, PROBE_MS, &error);
      g_assert_error (error, MS_MAIL_STREAM_ERROR, MS_MAIL_STREAM_ERROR_CLOSED);
      g_assert_null (result);
    }
}

static void
test_silent_server_timeout (void)
{
  g_autoptr(MsFakeServer) server = ms_fake_server_new (NULL);
  g_autoptr(MsProbeResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  gint64 elapsed_ms;

  /* accepts and says nothing */
  result = probe (server, MS_PROTOCOL_IMAP, MS_SECURITY_STARTTLS, 400, &error);
  elapsed_ms = (g_get_monotonic_time () - start) / 1000;
  g_assert_error (error, MS_MAIL_STREAM_ERROR, MS_MAIL_STREAM_ERROR_TIMEOUT);
  g_assert_null (result);
  g_assert_cmpint (elapsed_ms, >=, 390);
  g_assert_cmpint (elapsed_ms, <, 800);
}

static void
test_stalling_server_timeout (void)
{
  g_autoptr(MsFakeServer) server = ms_fake_server_new (NULL);
  g_autoptr(MsProbeResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  gint64 elapsed_ms;

  /* a quick greeting, then silence, then a trickle: the timeout is for the whole probe,
   * not for each step */
  ms_fake_server_send (server, "220-slow\r\n");
  ms_fake_server_expect (server, "never");
  result = probe (server, MS_PROTOCOL_SMTP, MS_SECURITY_STARTTLS, 400, &error);
  elapsed_ms = (g_get_monotonic_time () - start) / 1000;
  g_assert_error (error, MS_MAIL_STREAM_ERROR, MS_MAIL_STREAM_ERROR_TIMEOUT);
  g_assert_null (result);
  g_assert_cmpint (elapsed_ms, >=, 390);
  g_assert_cmpint (elapsed_ms, <, 800);
}

static gboolean
on_idle_quit (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main context for @ms, to let any stray callback fire (it would assert). */
static void
spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, on_idle_quit, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_cancel (void)
{
  guint delays[] = { 0, 1, 30 };

  for (gsize i = 0; i < G_N_ELEMENTS (delays); i++)
    {
      g_autoptr(MsFakeServer) server = ms_fake_server_new (NULL);
      g_autoptr(MsServer) settings = ms_server_new (MS_PROTOCOL_IMAP, "127.0.0.1",
                                                    ms_fake_server_get_port (server),
                                                    MS_SECURITY_TLS, NULL);
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(MsProbeResult) probe_result = NULL;
      g_autoptr(GError) error = NULL;

      if (delays[i] == 0)
        g_cancellable_cancel (cancellable);
      else
        g_timeout_add_once (delays[i], (GSourceOnceFunc) g_cancellable_cancel, cancellable);
      ms_probe_async (settings, 10000, cancellable, on_result, &result);
      probe_result = ms_probe_finish (wait_for (&result), &error);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_assert_null (probe_result);
      /* nothing is left to call back, and the connection is let go */
      spin (50);
      if (ms_fake_server_get_accepted (server))
        g_assert_true (ms_fake_server_wait_done (server, PROBE_MS));
    }
}

static void
test_cancel_after_greeting (void)
{
  g_autoptr(MsFakeServer) server = ms_fake_server_new (pki->good);
  g_autoptr(MsServer) settings = ms_server_new (MS_PROTOCOL_POP3, "127.0.0.1",
                                                ms_fake_server_get_port (server),
                                                MS_SECURITY_STARTTLS, NULL);
  g_autoptr(MsTlsTrust) trust = ms_tls_trust_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(MsProbeResult) probe_result = NULL;
  g_autoptr(GError) error = NULL;

  ms_fake_server_send (server, "+OK ready\r\n");
  ms_fake_server_expect (server, "CAPA");
  ms_tls_trust_set_database (trust, pki->database);
  ms_probe_with_trust_async (settings, trust, 10000, cancellable, on_result, &result);
  /* cancel once the CAPA command is on its way and the reply is awaited */
  while (ms_fake_server_get_step (server) < 2)
    g_main_context_iteration (NULL, TRUE);
  g_cancellable_cancel (cancellable);
  probe_result = ms_probe_finish (wait_for (&result), &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (probe_result);
  spin (50);
  g_assert_true (ms_fake_server_wait_done (server, PROBE_MS));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  /* The isolated test folders hold no GSettings schemas, which GNOME's proxy resolver needs;
   * these tests only ever connect to 127.0.0.1. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  pki = ms_test_pki_new (&error);
  g_assert_no_error (error);

  g_test_add_func ("/probe/imap/tls", test_imap_tls);
  g_test_add_func ("/probe/imap/starttls", test_imap_starttls);
  g_test_add_func ("/probe/imap/login-disabled", test_imap_login_disabled);
  g_test_add_func ("/probe/imap/starttls-not-offered", test_imap_starttls_not_offered);
  g_test_add_func ("/probe/imap/starttls-refused", test_imap_starttls_refused);
  g_test_add_func ("/probe/imap/starttls-injection", test_imap_starttls_injection);
  g_test_add_func ("/probe/imap/preauth", test_imap_preauth);
  g_test_add_func ("/probe/imap/bye", test_imap_bye);
  g_test_add_func ("/probe/imap/wrong-protocol", test_imap_wrong_protocol);
  g_test_add_func ("/probe/imap/plain", test_imap_plain);
  g_test_add_func ("/probe/pop3/tls", test_pop3_tls);
  g_test_add_func ("/probe/pop3/starttls", test_pop3_starttls);
  g_test_add_func ("/probe/pop3/starttls-not-offered", test_pop3_starttls_not_offered);
  g_test_add_func ("/probe/pop3/starttls-injection", test_pop3_starttls_injection);
  g_test_add_func ("/probe/pop3/err-greeting", test_pop3_err_greeting);
  g_test_add_func ("/probe/smtp/tls", test_smtp_tls);
  g_test_add_func ("/probe/smtp/starttls", test_smtp_starttls);
  g_test_add_func ("/probe/smtp/starttls-not-offered", test_smtp_starttls_not_offered);
  g_test_add_func ("/probe/smtp/starttls-refused", test_smtp_starttls_refused);
  g_test_add_func ("/probe/smtp/rejected", test_smtp_rejected);
  g_test_add_func ("/probe/smtp/garbage", test_smtp_garbage);
  g_test_add_func ("/probe/tls-untrusted", test_tls_untrusted);
  g_test_add_func ("/probe/server-closes", test_server_closes);
  g_test_add_func ("/probe/timeout/silent", test_silent_server_timeout);
  g_test_add_func ("/probe/timeout/stalling", test_stalling_server_timeout);
  g_test_add_func ("/probe/cancel", test_cancel);
  g_test_add_func ("/probe/cancel-after-greeting", test_cancel_after_greeting);

  status = g_test_run ();
  g_clear_pointer (&pki, ms_test_pki_free);
  return status;
}
