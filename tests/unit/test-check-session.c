/* test-check-session.c: the account check against a scripted fake server — one sign-in,
 * never a password before verified TLS, and the hostile STARTTLS cases of security.md
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "ms-check.h"
#include "ms-fake-server.h"
#include "ms-sasl.h"

#define WAIT_MS 5000
#define PASSWORD "s3cret \"pw\" \\x"
#define ADDRESS "user@example.com"

static MsTestPki *pki;

typedef struct {
  GPtrArray *steps;   /* "connecting imap" … */
} Progress;

static void
on_progress (MsServer                  *server,
             MsCheckStep                step,
             const MsCheckServerResult *result,
             gpointer                   user_data)
{
  Progress *progress = user_data;

  g_assert_true ((step == MS_CHECK_STEP_DONE) == (result != NULL));
  g_ptr_array_add (progress->steps, g_strdup_printf ("%s %s", ms_check_step_to_string (step),
                                                     ms_protocol_to_string (ms_server_get_protocol (server))));
}

static void
on_result (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  g_assert_null (*slot);  /* exactly one callback */
  *slot = g_object_ref (result);
}

typedef struct {
  const char *password;
  const char *username;
  gboolean plaintext_ok;
  gboolean oauth2;
  gboolean pin;
  gboolean no_database;
  guint step_timeout_ms;
  GCancellable *cancellable;
  Progress *progress;
} Opts;

static MsServer *
fake_server_entry (MsFakeServer *fake,
                   MsProtocol    protocol,
                   MsSecurity    security)
{
  return ms_server_new (protocol, "localhost", ms_fake_server_get_port (fake), security, NULL);
}

/* Checks one server (and maybe a second for the other role); returns the result. */
static MsCheckResult *
run_check (MsServer   *server,
           MsServer   *other,
           const Opts *opts,
           GError    **error)
{
  g_autoptr(MsAddress) address = ms_address_parse (ADDRESS, NULL);
  g_autoptr(MsAccount) account = ms_account_new (address);
  g_autoptr(MsTlsTrust) trust = ms_tls_trust_new ();
  g_autoptr(GAsyncResult) result = NULL;
  MsCheckOptions options = { 0 };
  const char *plaintext[] = { "localhost", NULL };

  if (opts == NULL)
    {
      static const Opts defaults = { 0 };
      opts = &defaults;
    }
  if (server != NULL)
    ms_account_add_server (account, server);
  if (other != NULL)
    ms_account_add_server (account, other);
  if (opts->oauth2)
    ms_account_set_oauth2_required (account, TRUE);
  if (!opts->no_database)
    ms_tls_trust_set_database (trust, pki->database);
  if (opts->pin)
    {
      g_autofree char *sha = ms_certificate_dup_sha256 (pki->self_signed);

      g_assert_true (ms_tls_trust_add_pin (trust, "localhost", ms_server_get_port (server), sha));
    }
  options.step_timeout_ms = opts->step_timeout_ms ? opts->step_timeout_ms : WAIT_MS;
  options.plaintext_hosts = opts->plaintext_ok ? plaintext : NULL;

  ms_check_run_async (account, opts->password ? opts->password : PASSWORD, opts->username, trust,
                      &options, opts->cancellable, opts->progress ? on_progress : NULL,
                      opts->progress, on_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return ms_check_run_finish (result, error);
}

static MsCheckServerResult *
only_result (MsCheckResult *result)
{
  GPtrArray *servers = ms_check_result_get_servers (result);

  g_assert_cmpuint (servers->len, ==, 1);
  return g_ptr_array_index (servers, 0);
}

static void
assert_problem (MsCheckServerResult *r,
                const char          *code)
{
  if (code == NULL)
    {
      if (r->problem != NULL)
        g_error ("unexpected problem %s (%s)", ms_problem_code_to_string (r->problem->code),
                 r->problem->detail ? r->problem->detail : "");
      return;
    }
  g_assert_nonnull (r->problem);
  g_assert_cmpstr (ms_problem_code_to_string (r->problem->code), ==, code);
}

static void
assert_server_done (MsFakeServer *server)
{
  g_assert_true (ms_fake_server_wait_done (server, WAIT_MS));
  g_assert_cmpstr (ms_fake_server_get_failure (server), ==, NULL);
  g_assert_cmpuint (ms_fake_server_get_step (server), ==, ms_fake_server_get_n_steps (server));
}

/* The password — as is, or in any encoding we could have sent it — never reached the
 * server, and no sign-in command did. */
static void
assert_no_credentials (MsFakeServer *server)
{
  const char *received = ms_fake_server_get_received (server);
  g_autofree char *upper = g_ascii_strup (received, -1);
  g_autofree char *plain = ms_sasl_plain_encode (NULL, ADDRESS, PASSWORD);
  g_autofree char *login = ms_sasl_login_encode (PASSWORD);

  g_assert_null (strstr (received, "s3cret"));
  g_assert_null (strstr (received, plain));
  g_assert_null (strstr (received, login));
  g_assert_null (strstr (upper, " LOGIN "));
  g_assert_null (strstr (upper, "AUTHENTICATE"));
  g_assert_null (strstr (upper, "AUTH "));
  g_assert_null (strstr (upper, "USER "));
  g_assert_null (strstr (upper, "PASS "));
}

/* How many times a sign-in command went out. */
static guint
count_logins (MsFakeServer *server)
{
  g_autofree char *upper = g_ascii_strup (ms_fake_server_get_received (server), -1);
  g_auto(GStrv) lines = g_strsplit (upper, "\n", -1);
  guint n = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    if (strstr (lines[i], " AUTHENTICATE ") || strstr (lines[i], " LOGIN ")
        || g_str_has_prefix (lines[i], "AUTH ") || g_str_has_prefix (lines[i], "USER "))
      n++;
  return n;
}

static char *
plain_response (void)
{
  return ms_sasl_plain_encode (NULL, ADDRESS, PASSWORD);
}

/* ------------------------------------------------------------------------------------ */
/* IMAP                                                                                  */

static void
test_imap_tls_sasl_ir (void)
{
  g_autoptr(MsFakeServer) fake = ms_fake_server_new (pki->good);
  g_autoptr(MsServer) entry = fake_server_entry (fake, MS_PROTOCOL_IMAP, MS_SECURITY_TLS);
  g_autoptr(MsCheckResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *b64 = plain_response ();
  g_autofree char *expect = g_strdup_printf ("a1 AUTHENTICATE PLAIN %s", b64);
  g_autoptr(GPtrArray) steps = g_ptr_array_new_with_free_func (g_free);
  Progress progress = { steps };
  Opts opts = { .progress = &progress };
  MsCheckServerResult *r;

  /* over implicit TLS the greeting's capabilities are trusted: no CAPABILITY command, and
   * none after the sign-in's [CAPABILITY …] either — three round trips in all */
  ms_fake_server_start_tls (fake);
  ms_fake_server_send (fake, "* OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN AUTH=LOGIN] ready\r\n");
  ms_fake_server_expect (fake, expect);
  ms_fake_server_send (fake, "a1 OK [CAPABILITY IMAP4rev1] signed in\r\n");
  ms_fake_server_expect (fake, "a2 LOGOUT");
  ms_fake_server_send (fake, "* BYE\r\na2 OK\r\n");

  result = run_check (entry, NULL, &opts, &error);
  g_assert_no_error (error);
  r = only_result (result);
  assert_problem (r, NULL);
  g_assert_cmpint (r->login, ==, MS_CHECK_LOGIN_OK);
  g_assert_cmpstr (r->mechanism, ==, "PLAIN");
  g_assert_cmpstr (r->username, ==, ADDRESS);
  g_assert_true (r->connected);
  g_assert_true (r->tls);
  g_assert_nonnull (r->tls_version);
  g_assert_nonnull (r->certificate);
  g_assert_cmpuint (r->tls_errors, ==, 0);
  g_assert_cmpstr (r->auth_mechanisms[0], ==, "PLAIN");
  g_assert_cmpstr (r->auth_mechanisms[1], ==, "LOGIN");
  g_assert_null (r->auth_mechanisms[2]);
  g_assert_true (ms_check_result_is_ok (result));
  assert_server_done (fake);
  g_assert_cmpuint (count_logins (fake), ==, 1);
  g_assert_null (strstr (ms_fake_server_get_received (fake), "CAPABILITY"));
  /* the greeting's list, not the one after the sign-in */
  g_assert_cmpstr (r->capabilities[1], ==, "SASL-IR");

  g_assert_cmpuint (steps->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (steps, 0), ==, "connecting imap");
  g_assert_cmpstr (g_ptr_array_index (steps, 1), ==, "signing-in imap");
  g_assert_cmpstr (g_ptr_array_index (steps, 2), ==, "done imap");

  /* the JSON contract */
  {
    g_autoptr(MsJsonBuilder) builder = ms_json_builder_new ();
    const char *json;

    ms_check_result_to_json (result, builder);
    json = ms_json_builder_get_text (builder);
    g_assert_true (g_str_has_prefix (json, "{\"servers\":[{\"role\":\"incoming\",\"protocol\":\"imap\","
                                           "\"host\":\"localhost\",\"port\":"));
    g_assert_nonnull (strstr (json, "\"security\":\"tls\""));
    g_assert_nonnull (strstr (json, "\"connected\":true,\"tls\":{\"version\":\"TLS 1."));
    g_assert_nonnull (strstr (json, "\"subject\":"));
    g_assert_nonnull (strstr (json, "\"issuer\":"));
    g_assert_nonnull (strstr (json, "\"not_after\":\""));
    g_assert_nonnull (strstr (json, "\"sha256\":\""));
    g_assert_nonnull (strstr (json, "\"errors\":[]}"));
    g_assert_nonnull (strstr (json, "\"capabilities\":[\"IMAP4rev1\",\"SASL-IR\",\"AUTH=PLAIN\",\"AUTH=LOGIN\"]"));
    g_assert_nonnull (strstr (json, "\"auth_mechanisms\":[\"PLAIN\",\"LOGIN\"]"));
    g_assert_nonnull (strstr (json, "\"login\":\"ok\",\"problem\":null,\"ms\":"));
    g_assert_null (strstr (json, "s3cret"));
    g_assert_null (strstr (json, b64));
  }
}

static void
test_imap_plain_challenge_failed (void)
{
  g_autoptr(MsFakeServer) fake = ms_fake_server_new (pki->good);
  g_autoptr(MsServer) entry = fake_server_entry (fake, MS_PROTOCOL_IMAP, MS_SECURITY_TLS);
  g_autoptr(MsCheckResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *b64 = plain_response ();
  MsCheckServerResult *r;

  ms_fake_server_start_tls (fake);
  ms_fake_server_send (fake, "* OK ready\r\n");
  ms_fake_server_expect (fake, "a1 CAPABILITY");
  ms_fake_server_send (fake, "* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\na1 OK\r\n");
  ms_fake_server_expect (fake, "a2 AUTHENTICATE PLAIN");
  ms_fake_server_send (fake, "+ \r\n");
  ms_fake_server_expect (fake, b64);
  ms_fake_server_send (fake, "a2 NO [AUTHENTICATIONFAILED] Authentication failed.\r\n");
  ms_fake_server_expect (fake, "a3 LOGOUT");

  result = run_check (entry, NULL, NULL, &error);
  g_assert_no_error (error);
  r = only_result (result);
  assert_problem (r, "authentication-failed");
  g_assert_cmpint (r->login, ==, MS_CHECK_LOGIN_FAILED);
  /* over verified TLS the server's words may be shown, as a detail */
  g_assert_nonnull (strstr (r->problem->detail, "Authentication failed."));
  g_assert_false (ms_check_result_is_ok (result));
  assert_server_done (fake);
  g_assert_cmpuint (count_logins (fake), ==, 1);  /* never a second try */
}

static void
test_imap_login_quoted (void)
{
  g_autoptr(MsFakeServer) fake = ms_fake_server_new (pki->good);
  g_autoptr(MsServer) entry = fake_server_entry (fake, MS_PROTOCOL_IMAP, MS_SECURITY_TLS);
  g_autoptr(MsCheckResult) result = NULL;
  g_autoptr(GError) error = NULL;
  MsCheckServerResult *r;

  ms_fake_server_start_tls (fake);
  ms_fake_server_send (fake, "* OK ready\r\n");
  ms_fake_server_expect (fake, "a1 CAPABILITY");
  ms_fake_server_send (fake, "* CAPABILITY IMAP4rev1 AUTH=LOGIN\r\na1 OK\r\n");
  /* quote and backslash escaped, space kept (g_pattern: only * and ? are special) */
  ms_fake_server_expect (fake, "a2 LOGIN \"" ADDRESS "\" \"s3cret \\\"pw\\\" \\\\x\"");
  ms_fake_server_send (fake, "a2 OK\r\n");
  ms_fake_server_expect (fake, "a3 LOGOUT");

  result = run_check (entry, NULL, NULL, &error);
  g_assert_no_error (error);
  r = only_result (result);
  assert_problem (r, NULL);
  g_assert_cmpstr (r->mechanism, ==, "IMAP LOGIN");
  assert_server_done (fake);
}

static void
test_imap_login_literal (void)
{
  g_autoptr(MsFakeServer) fake = ms_fake_server_new (pki->good);
  g_autoptr(MsServer) entry = fake_server_entry (fake, MS_PROTOCOL_IMAP, MS_SECURITY_TLS);
  g_autoptr(MsCheckResult) result = NULL;
  g_autoptr(GError) error = NULL;
  Opts opts = { .password = "Pässwörd \"x\"" };
  MsCheckServerResult *r;

  ms_fake_server_start_tls (fake);
  ms_fake_server_send (fake, "* OK ready\r\n");
  ms_fake_server_expect (fake, "a1 CAPABILITY");
  ms_fake_server_send (fake, "* CAPABILITY IMAP4rev1\r\na1 OK\r\n");
  /* 8-bit: a synchronising literal, sent only after the server's "+" */
  ms_fake_server_expect (fake, "a2 LOGIN \"" ADDRESS "\" {14}");
  ms_fake_server_send (fake, "+ go ahead\r\n");
  ms_fake_server_expect (fake, "Pässwörd \"x\"");
  ms_fake_server_send (fake, "a2 OK\r\n");
  ms_fake_server_expect (fake, "a3 LOGOUT");

  result = run_check (entry, NULL, &opts, &error);
  g_assert_no_error (error);
  r = only_result (result);
  assert_problem (r, NULL);
  assert_server_done (fake);
}

static void
test_imap_login_literal_plus (void)
{
  g_autoptr(MsFakeServer) fake = ms_fake_server_new (pki->good);
  g_autoptr(MsServer) entry = fake_server_entry (fake, MS_PROTOCOL_IMAP, MS_SECURITY_TLS);
  g_autoptr(MsCheckResult) result = NULL;
  g_autoptr(GError) error = NULL;
  Opts opts = { .password = "ü", .username = "ü-user" };
  MsCheckServerResult *r;

  ms_fake_server_start_tls (fake);
  ms_fake_server_send (fake, "* OK ready\r\n");
  ms_fake_server_expect (fake, "a1 CAPABILITY");
  ms_fake_server_send (fake, "* CAPABILITY IMAP4rev1 LITERAL+\r\na1 OK\r\n");
  /* both arguments literals, non-synchronising: no "+" awaited */
  ms_fake_server_expect (fake, "a2 LOGIN {7+}");
  ms_fake_server_expect (fake, "ü-user {2+}");
  ms_fake_server_expect (fake, "ü");
  ms_fake_server_send (fake, "a2 OK\r\n");
  ms_fake_server_expect (fake, "a3 LOGOUT");

  result = run_check (entry, NULL, &opts, &error);
  g_assert_no_error (error);
  r = only_result (result);
  assert_problem (r, NULL);
  g_assert_cmpstr (r->username, ==, "ü-user");
  assert_server_done (fake);
}

static void
test_imap_login_disabled (void)
{
  g_autoptr(MsFakeServer) fake = ms_fake_server_new (pki->good);
  g_autoptr(MsServer) entry = fake_server_entry (fake, MS_PROTOCOL_IMAP, MS_SECURITY_TLS);
  g_autoptr(MsCheckResult) result = NULL;
  g_autoptr(GError) error = NULL;
  MsCheckServerResult *r;

  ms_fake_server_start_tls (fake);
  ms_fake_server_send (fake, "* OK ready\r\n");
  ms_fake_server_expect (fake, "a1 CAPABILITY");
  ms_fake_server_send (fake, "* CAPABILITY IMAP4rev1 LOGINDISABLED AUTH=XOAUTH2\r\na1 OK\r\n");
  ms_fake_server_expect (fake, "a2 LOGOUT");

  result = run_check (entry, NULL, NULL, &error);
  g_assert_no_error (error);
  r = only_result (result);
  assert_problem (r, "login-disabled");
  g_assert_cmpint (r->login, ==, MS_CHECK_LOGIN_SKIPPED);
  assert_server_done (fake);
  assert_no_credentials (fake);
}

static void
test_imap_privacy_required (void)
{
  g_autoptr(MsFakeServer) fake = ms_fake_server_new (pki->good);
  g_autoptr(MsServer) entry = fake_server_entry (fake, MS_PROTOCOL_IMAP, MS_SECURITY_TLS);
  g_autoptr(MsCheckResult) result = NULL;
  g_autoptr(GError) error = NULL;
  MsCheckServerResult *r;

  ms_fake_server_start_tls (fake);
  ms_fake_server_send (fake, "* OK ready\r\n");
  ms_fake_server_expect (fake, "a1 CAPABILITY");
  ms_fake_server_send (fake, "* CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN\r\na1 OK\r\n");
  ms_fake_server_expect (fake, "a2 AUTHENTICATE PLAIN *");
  ms_fake_server_send (fake, "a2 NO [PRIVACYREQUIRED] Not on this connection\r\n");
  ms_fake_server_expect (fake, "a3 LOGOUT");

  result = run_check (entry, NULL, NULL, &error);
  g_assert_no_error (error);
  r = only_result (result);
  assert_problem (r, "login-disabled");
  g_assert_cmpint (r->login, ==, MS_CHECK_LOGIN_FAILED);
  assert_server_done (fake);
}

static void
test_imap_access_disabled (void)
{
  g_autoptr(MsFakeServer) fake = ms_fake_server_new (pki->good);
  g_autoptr(MsServer) entry = fake_server_entry (fake, MS_PROTOCOL_IMAP, MS_SECURITY_TLS);
  g_autoptr(MsCheckResult) result = NULL;
  g_autoptr(GError) error = NULL;
  MsCheckServerResult *r;

  ms_fake_server_start_tls (fake);
  ms_fake_server_send (fake, "* OK ready\r\n");
  ms_fake_server_expect (fake, "a1 CAPABILITY");
  ms_fake_server_send (fake, "* CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN\r\na1 OK\r\n");
  ms_fake_server_expect (fake, "a2 AUTHENTICATE PLAIN *");
  ms_fake_server_send (fake, "a2 NO [ALERT] Please enable IMAP access in your account settings\r\n");
  ms_fake_server_expect (fake, "a3 LOGOUT");

  result = run_check (entry, NULL, NULL, &error);
  g_assert_no_error (error);
  r = only_result (result);
  /* said over verified TLS: trusted enough to explain the refusal */
  assert_problem (r, "access-disabled");
  assert_server_done (fake);
}

static void
test_imap_starttls (void)
{
  g_autoptr(MsFakeServer) fake = ms_fake_server_new (pki->good);
  g_autoptr(MsServer) entry = fake_server_entry (fake, MS_PROTOCOL_IMAP, MS_SECURITY_STARTTLS);
  g_autoptr(MsCheckResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) steps = g_ptr_array_new_with_free_func (g_free);
  Progress progress = { steps };
  Opts opts = { .progress = &progress };
  MsCheckServerResult *r;

  /* pre-TLS: an [ALERT] greeting, forged capabilities (SASL-IR, PLAIN) and untagged data */
  ms_fake_server_send (fake, "* OK [ALERT] enable IMAP at http://evil.example/\r\n");
  ms_fake_server_expect (fake, "a1 CAPABILITY");
  ms_fake_server_send (fake, "* CAPABILITY IMAP4rev1 STARTTLS SASL-IR AUTH=PLAIN\r\n* 3 EXISTS\r\na1 OK\r\n");
  ms_fake_server_expect (fake, "a2 STARTTLS");
  ms_fake_server_send (fake, "* 54321 EXISTS\r\na2 OK begin TLS\r\n");
  ms_fake_server_start_tls (fake);
  ms_fake_server_expect (fake, "a3 CAPABILITY");
  /* the real capabilities: LOGIN only — what was said before TLS must not count */
  ms_fake_server_send (fake, "* CAPABILITY IMAP4rev1 AUTH=LOGIN\r\na3 OK\r\n");
  ms_fake_server_expect (fake, "a4 LOGIN *");
  ms_fake_server_send (fake, "a4 NO Authentication failed\r\n");
  ms_fake_server_expect (fake, "a5 LOGOUT");

  result = run_check (entry, NULL, &opts, &error);
  g_assert_no_error (error);
  r = only_result (result);
  /* not access-disabled: the only "enable IMAP" came before TLS */
  assert_problem (r, "authentication-failed");
  g_assert_null (strstr (r->problem->detail, "evil"));
  g_assert_true (r->tls);
  g_assert_cmpstr (r->capabilities[0], ==, "IMAP4rev1");
  g_assert_cmpstr (r->capabilities[1], ==, "AUTH=LOGIN");
  g_assert_null (r->capabilities[2]);
  assert_server_done (fake);
  g_assert_cmpuint (count_logins (fake), ==, 1);

  g_assert_cmpuint (steps->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (steps, 0), ==, "connecting imap");
  g_assert_cmpstr (g_ptr_array_index (steps, 1), ==, "securing imap");
  g_assert_cmpstr (g_ptr_array_index (steps, 2), ==, "signing-in imap");
  g_assert_cmpstr (g_ptr_array_index (steps, 3), ==, "done imap");
}

/* A plain-text greeting that lists STARTTLS saves the CAPABILITY command before it, but
 * nothing it says counts after TLS: the capabilities are asked for again (LOGIN only). */
static void
test_imap_starttls_greeting_capabilities (void)
{
  g_autoptr(MsFakeServer) fake = ms_fake_server_new (pki->good);
  g_autoptr(MsServer) entry = fake_server_entry (fake, MS_PROTOCOL_IMAP, MS_SECURITY_STARTTLS);
  g_autoptr(MsCheckResult) result = NULL;
  g_autoptr(GError) error = NULL;
  MsCheckServerResult *r;

  ms_fake_server_send (fake, "* OK [CAPABILITY IMAP4rev1 STARTTLS SASL-IR AUTH=PLAIN] evil\r\n");
  ms_fake_server_expect (fake, "a1 STARTTLS");
  ms_fake_server_send (fake, "a1 OK begin TLS\r\n");
  ms_fake_server_start_tls (fake);
  ms_fake_server_expect (fake, "a2 CAPABILITY");
  ms_fake_server_send (fake, "* CAPABILITY IMAP4rev1 AUTH=LOGIN\r\na2 OK\r\n");
  ms_fake_server_expect (fake, "a3 LOGIN *");
  ms_fake_server_send (fake, "a3 OK signed in\r\n");
  ms_fake_server_expect (fake, "a4 LOGOUT");

  result = run_check (entry, NULL, NULL, &error);
  g_assert_no_error (error);
  r = only_result (result);
  assert_problem (r, NULL);
  g_assert_cmpint (r->login, ==, MS_CHECK_LOGIN_OK);
  g_assert_cmpstr (r->mechanism, ==, "IMAP LOGIN");
  g_assert_cmpstr (r->capabilities[1], ==, "AUTH=LOGIN");
  g_assert_null (r->capabilities[2]);
  assert_server_done (fake);
  g_assert_cmpuint (count_logins (fake), ==, 1);
  g_assert_null (strstr (ms_fake_server_get_received (fake), "AUTHENTICATE"));
}

/* A hostile STARTTLS case: the script up to the point of refusal, then the problem. */
static void
check_hostile (MsProtocol   protocol,
               MsSecurity   security,
               void       (*script) (MsFakeServer *fake),
               const char  *code)
{
  g_autoptr(MsFakeServer) fake = ms_fake_server_new (pki->good);
  g_autoptr(MsServer) entry = fake_server_entry (fake, protocol, security);
  g_autoptr(MsCheckResult) result = NULL;
  g_autoptr(GError) error = NULL;
  MsCheckServerResult *r;

  script (fake);
  result = run_check (entry, NULL, NULL, &error);
  g_assert_no_error (error);
  r = only_result (result);
  assert_problem (r, code);
  g_assert_cmpint (r->login, ==, MS_CHECK_LOGIN_SKIPPED);
  g_assert_true (ms_fake_server_wait_done (fake, WAIT_MS));
  assert_no_credentials (fake);
  /* no server text from before TLS in what the user is shown */
  g_assert_null (strstr (r->problem->message, "evil"));
  g_assert_true (r->problem->detail == NULL || strstr (r->problem->detail, "evil") == NULL);
}

static void
imap_stripped (MsFakeServer *fake)
{
  ms_fake_server_send (fake, "* OK [ALERT] evil: just log in\r\n");
  ms_fake_server_expect (fake, "a1 CAPABILITY");
  ms_fake_server_send (fake, "* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\na1 OK\r\n");
}

static void
imap_stripped_greeting (MsFakeServer *fake)
{
  ms_fake_server_send (fake, "* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] evil: just log in\r\n");
}

static void
imap_starttls_bad (MsFakeServer *fake)
{
  ms_fake_server_send (fake, "* OK ready\r\n");
  ms_fake_server_expect (fake, "a1 CAPABILITY");
  ms_fake_server_send (fake, "* CAPABILITY IMAP4rev1 STARTTLS AUTH=PLAIN\r\na1 OK\r\n");
  ms_fake_server_expect (fake, "a2 STARTTLS");
  ms_fake_server_send (fake, "a2 BAD [ALERT] evil: TLS is broken, log in anyway\r\n");
}

static void
imap_starttls_no (MsFakeServer *fake)
{
  ms_fake_server_send (fake, "* OK ready\r\n");
  ms_fake_server_expect (fake, "a1 CAPABILITY");
  ms_fake_server_send (fake, "* CAPABILITY IMAP4rev1 STARTTLS AUTH=PLAIN\r\na1 OK\r\n");
  ms_fake_server_expect (fake, "a2 STARTTLS");
  ms_fake_server_send (fake, "a2 NO evil\r\n");
}

static void
imap_starttls_continue (MsFakeServer *fake)
{
  ms_fake_server_send (fake, "* OK ready\r\n");
  ms_fake_server_expect (fake, "a1 CAPABILITY");
  ms_fake_server_send (fake, "* CAPABILITY IMAP4rev1 STARTTLS AUTH=PLAIN\r\na1 OK\r\n");
  ms_fake_server_expect (fake, "a2 STARTTLS");
  ms_fake_server_send (fake, "+ evil continue\r\n");
}

static void
imap_injection (MsFakeServer *fake)
{
  ms_fake_server_send (fake, "* OK ready\r\n");
  ms_fake_server_expect (fake, "a1 CAPABILITY");
  ms_fake_server_send (fake, "* CAPABILITY IMAP4rev1 STARTTLS AUTH=PLAIN\r\na1 OK\r\n");
  ms_fake_server_expect (fake, "a2 STARTTLS");
  /* buffered with the reply: meant to be read as if it came over TLS */
  ms_fake_server_send (fake, "a2 OK begin TLS\r\n* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\na3 OK\r\n");
}

static void
imap_preauth_starttls (MsFakeServer *fake)
{
  ms_fake_server_send (fake, "* PREAUTH [CAPABILITY IMAP4rev1 STARTTLS] evil: welcome\r\n");
}

static void
imap_preauth_tls (MsFakeServer *fake)
{
  ms_fake_server_start_tls (fake);
  ms_fake_server_send (fake, "* PREAUTH welcome\r\n");
}

static void
imap_untagged_literal (MsFakeServer *fake)
{
  ms_fake_server_send (fake, "* OK ready\r\n");
  ms_fake_server_expect (fake, "a1 CAPABILITY");
  ms_fake_server_send (fake, "* 1 FETCH (BODY[] {9}\r\na1 OK ok\r\n* CAPABILITY IMAP4rev1 STARTTLS\r\na1 OK\r\n");
}

static void
imap_bye (MsFakeServer *fake)
{
  ms_fake_server_start_tls (fake);
  ms_fake_server_send (fake, "* BYE evil too busy\r\n");
  ms_fake_server_close (fake);
}

static void
test_imap_hostile (void)
{
  check_hostile (MS_PROTOCOL_IMAP, MS_SECURITY_STARTTLS, imap_stripped, "starttls-not-offered");
  check_hostile (MS_PROTOCOL_IMAP, MS_SECURITY_STARTTLS, imap_stripped_greeting, "starttls-not-offered");
  check_hostile (MS_PROTOCOL_IMAP, MS_SECURITY_STARTTLS, imap_starttls_bad, "starttls-failed");
  check_hostile (MS_PROTOCOL_IMAP, MS_SECURITY_STARTTLS, imap_starttls_no, "starttls-failed");
  check_hostile (MS_PROTOCOL_IMAP, MS_SECURITY_STARTTLS, imap_starttls_continue, "starttls-failed");
  check_hostile (MS_PROTOCOL_IMAP, MS_SECURITY_STARTTLS, imap_injection, "starttls-injection");
  check_hostile (MS_PROTOCOL_IMAP, MS_SECURITY_STARTTLS, imap_preauth_starttls, "preauth-refused");
  check_hostile (MS_PROTOCOL_IMAP, MS_SECURITY_TLS, imap_preauth_tls, "preauth-refused");
  check_hostile (MS_PROTOCOL_IMAP, MS_SECURITY_STARTTLS, imap_untagged_literal, "protocol-error");
  check_hostile (MS_PROTOCOL_IMAP, MS_SECURITY_TLS, imap_bye, "server-closed");
}

/* ------------------------------------------------------------------------------------ */
/* POP3                                                                                  */

static void
test_pop3_sasl_plain (void)
{
  g_autoptr(MsFakeServer) fake = ms_fake_server_new (pki->good);
  g_autoptr(MsServer) entry = fake_server_entry (fake, MS_PROTOCOL_POP3, MS_SECURITY_STARTTLS);
  g_autoptr(MsCheckResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *b64 = plain_response ();
  g_autofree char *expect = g_strdup_printf ("AUTH PLAIN %s", b64);
  MsCheckServerResult *r;

  ms_fake_server_send (fake, "+OK ready\r\n");
  ms_fake_server_expect (fake, "CAPA");
  ms_fake_server_send (fake, "+OK\r\nSTLS\r\nUSER\r\n.\r\n");
  ms_fake_server_expect (fake, "STLS");
  ms_fake_server_send (fake, "+OK begin\r\n");
  ms_fake_server_start_tls (fake);
  ms_fake_server_expect (fake, "CAPA");
  ms_fake_server_send (fake, "+OK\r\nSASL PLAIN\r\nUSER\r\n.\r\n");
  ms_fake_server_expect (fake, expect);
  ms_fake_server_send (fake, "+OK logged in\r\n");
  ms_fake_server_expect (fake, "QUIT");

  result = run_check (entry, NULL, NULL, &error);
  g_assert_no_error (error);
  r = only_result (result);
  assert_problem (r, NULL);
  g_assert_cmpstr (r->mechanism, ==, "PLAIN");
  assert_server_done (fake);
  g_assert_cmpuint (count_logins (fake), ==, 1);
}

static void
test_pop3_user_pass (void)
{
  g_autoptr(MsFakeServer) fake = ms_fake_server_new (pki->good);
  g_autoptr(MsServer) entry = fake_server_entry (fake, MS_PROTOCOL_POP3, MS_SECURITY_TLS);
  g_autoptr(MsCheckResult) result = NULL;
  g_autoptr(GError) error = NULL;
  MsCheckServerResult *r;

  ms_fake_server_start_tls (fake);
  ms_fake_server_send (fake, "+OK ready\r\n");
  ms_fake_server_expect (fake, "CAPA");
  ms_fake_server_send (fake, "+OK\r\nUSER\r\n.\r\n");
  ms_fake_server_expect (fake, "USER " ADDRESS);
  ms_fake_server_send (fake, "+OK\r\n");
  ms_fake_server_expect (fake, "PASS " PASSWORD);
  ms_fake_server_send (fake, "-ERR [AUTH] Authentication failed.\r\n");
  ms_fake_server_expect (fake, "QUIT");

  result = run_check (entry, NULL, NULL, &error);
  g_assert_no_error (error);
  r = only_result (result);
  assert_problem (r, "authentication-failed");
  g_assert_cmpint (r->login, ==, MS_CHECK_LOGIN_FAILED);
  g_assert_cmpstr (r->mechanism, ==, NULL);
  assert_server_done (fake);
  g_assert_cmpuint (count_logins (fake), ==, 1);
}

/* A server that lists PIPELINING gets USER and PASS in one flight (the fake reads both
 * before it answers: a client waiting for USER's reply would stall it) — one sign-in,
 * accepted or refused. */
static void
pop3_user_pass_pipelined (const char *replies,
                          const char *code)
{
  g_autoptr(MsFakeServer) fake = ms_fake_server_new (pki->good);
  g_autoptr(MsServer) entry = fake_server_entry (fake, MS_PROTOCOL_POP3, MS_SECURITY_TLS);
  g_autoptr(MsCheckResult) result = NULL;
  g_autoptr(GError) error = NULL;
  MsCheckServerResult *r;

  ms_fake_server_start_tls (fake);
  ms_fake_server_send (fake, "+OK ready\r\n");
  ms_fake_server_expect (fake, "CAPA");
  ms_fake_server_send (fake, "+OK\r\nUSER\r\nPIPELINING\r\n.\r\n");
  ms_fake_server_expect (fake, "USER " ADDRESS);
  ms_fake_server_expect (fake, "PASS " PASSWORD);
  ms_fake_server_send (fake, replies);
  ms_fake_server_expect (fake, "QUIT");

  result = run_check (entry, NULL, NULL, &error);
  g_assert_no_error (error);
  r = only_result (result);
  assert_problem (r, code);
  g_assert_cmpint (r->login, ==, code == NULL ? MS_CHECK_LOGIN_OK : MS_CHECK_LOGIN_FAILED);
  assert_server_done (fake);
  g_assert_cmpuint (count_logins (fake), ==, 1);
}

static void
test_pop3_user_pass_pipelined (void)
{
  pop3_user_pass_pipelined ("+OK\r\n+OK signed in\r\n", NULL);
  pop3_user_pass_pipelined ("+OK\r\n-ERR [AUTH] Authentication failed.\r\n", "authentication-failed");
  pop3_user_pass_pipelined ("-ERR no such user\r\n-ERR no USER given\r\n", "authentication-failed");
}

static void
pop3_injection (MsFakeServer *fake)
{
  ms_fake_server_send (fake, "+OK ready\r\n");
  ms_fake_server_expect (fake, "CAPA");
  ms_fake_server_send (fake, "+OK\r\nSTLS\r\nSASL PLAIN\r\n.\r\n");
  ms_fake_server_expect (fake, "STLS");
  ms_fake_server_send (fake, "+OK begin\r\n+OK\r\nSASL PLAIN\r\n.\r\n");
}

static void
pop3_stripped (MsFakeServer *fake)
{
  ms_fake_server_send (fake, "+OK ready\r\n");
  ms_fake_server_expect (fake, "CAPA");
  ms_fake_server_send (fake, "+OK\r\nUSER\r\nSASL PLAIN\r\n.\r\n");
}

static void
pop3_stls_err (MsFakeServer *fake)
{
  ms_fake_server_send (fake, "+OK ready\r\n");
  ms_fake_server_expect (fake, "CAPA");
  ms_fake_server_send (fake, "+OK\r\nSTLS\r\n.\r\n");
  ms_fake_server_expect (fake, "STLS");
  ms_fake_server_send (fake, "-ERR evil\r\n");
}

static void
pop3_err_greeting (MsFakeServer *fake)
{
  ms_fake_server_send (fake, "-ERR evil go away\r\n");
}

static void
test_pop3_hostile (void)
{
  check_hostile (MS_PROTOCOL_POP3, MS_SECURITY_STARTTLS, pop3_injection, "starttls-injection");
  check_hostile (MS_PROTOCOL_POP3, MS_SECURITY_STARTTLS, pop3_stripped, "starttls-not-offered");
  check_hostile (MS_PROTOCOL_POP3, MS_SECURITY_STARTTLS, pop3_stls_err, "starttls-failed");
  check_hostile (MS_PROTOCOL_POP3, MS_SECURITY_STARTTLS, pop3_err_greeting, "server-closed");
}

/* ------------------------------------------------------------------------------------ */
/* SMTP                                                                                  */

static void
test_smtp_starttls_plain (void)
{
  g_autoptr(MsFakeServer) fake = ms_fake_server_new (pki->good);
  g_autoptr(MsServer) entry = fake_server_entry (fake, MS_PROTOCOL_SMTP, MS_SECURITY_STARTTLS);
  g_autoptr(MsCheckResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *b64 = plain_response ();
  g_autofree char *expect = g_strdup_printf ("AUTH PLAIN %s", b64);
  MsCheckServerResult *r;

  ms_fake_server_send (fake, "220-smtp.example.com ESMTP\r\n220 hello\r\n");
  ms_fake_server_expect (fake, "EHLO *");
  ms_fake_server_send (fake, "250-smtp.example.com\r\n250-AUTH LOGIN\r\n250 STARTTLS\r\n");
  ms_fake_server_expect (fake, "STARTTLS");
  ms_fake_server_send (fake, "220 2.0.0 Ready to start TLS\r\n");
  ms_fake_server_start_tls (fake);
  ms_fake_server_expect (fake, "EHLO *");
  ms_fake_server_send (fake, "250-smtp.example.com\r\n250-PIPELINING\r\n250 AUTH PLAIN LOGIN\r\n");
  ms_fake_server_expect (fake, expect);
  ms_fake_server_send (fake, "235 2.7.0 Authentication successful\r\n");
  ms_fake_server_expect (fake, "QUIT");

  result = run_check (NULL, entry, NULL, &error);
  g_assert_no_error (error);
  r = only_result (result);
  assert_problem (r, NULL);
  g_assert_cmpstr (ms_check_server_result_get_role (r), ==, "outgoing");
  g_assert_cmpstr (r->mechanism, ==, "PLAIN");
  g_assert_cmpstr (r->auth_mechanisms[0], ==, "PLAIN");
  assert_server_done (fake);
  g_assert_cmpuint (count_logins (fake), ==, 1);
}

/* An SMTP server over TLS that refuses the address and password given by AUTH LOGIN. */
static void
smtp_login_refused (MsFakeServer *fake)
{
  g_autofree char *user = ms_sasl_login_encode (ADDRESS);
  g_autofree char *pass = ms_sasl_login_encode (PASSWORD);

  ms_fake_server_start_tls (fake);
  ms_fake_server_send (fake, "220 smtp.example.com ESMTP\r\n");
  ms_fake_server_expect (fake, "EHLO *");
  ms_fake_server_send (fake, "250-smtp.example.com\r\n250 AUTH LOGIN\r\n");
  ms_fake_server_expect (fake, "AUTH LOGIN");
  ms_fake_server_send (fake, "334 VXNlcm5hbWU6\r\n");
  ms_fake_server_expect (fake, user);
  ms_fake_server_send (fake, "334 UGFzc3dvcmQ6\r\n");
  ms_fake_server_expect (fake, pass);
  ms_fake_server_send (fake, "535 5.7.8 Authentication credentials invalid\r\n");
  ms_fake_server_expect (fake, "QUIT");
}

static void
test_smtp_login_failed (void)
{
  g_autoptr(MsFakeServer) fake = ms_fake_server_new (pki->good);
  g_autoptr(MsServer) entry = fake_server_entry (fake, MS_PROTOCOL_SMTP, MS_SECURITY_TLS);
  g_autoptr(MsCheckResult) result = NULL;
  g_autoptr(GError) error = NULL;
  MsCheckServerResult *r;

  smtp_login_refused (fake);

  result = run_check (NULL, entry, NULL, &error);
  g_assert_no_error (error);
  r = only_result (result);
  assert_problem (r, "authentication-failed");
  g_assert_cmpint (r->login, ==, MS_CHECK_LOGIN_FAILED);
  assert_server_done (fake);
  g_assert_cmpuint (count_logins (fake), ==, 1);
}

/* An ISP relay without sign-in: the check reaches it and reads EHLO, sends no password,
 * and counts that as fine. */
static void
test_smtp_no_sign_in (void)
{
  g_autoptr(MsFakeServer) fake = ms_fake_server_new (pki->good);
  g_autoptr(MsServer) entry = fake_server_entry (fake, MS_PROTOCOL_SMTP, MS_SECURITY_TLS);
  g_autoptr(MsCheckResult) result = NULL;
  g_autoptr(GError) error = NULL;
  MsCheckServerResult *r;

  ms_server_add_auth (entry, MS_AUTH_NO_SIGN_IN);
  ms_fake_server_start_tls (fake);
  ms_fake_server_send (fake, "220 relay.example.com ESMTP\r\n");
  ms_fake_server_expect (fake, "EHLO *");
  ms_fake_server_send (fake, "250-relay.example.com\r\n250 8BITMIME\r\n");
  ms_fake_server_expect (fake, "QUIT");

  result = run_check (NULL, entry, NULL, &error);
  g_assert_no_error (error);
  r = only_result (result);
  assert_problem (r, NULL);
  g_assert_cmpint (r->login, ==, MS_CHECK_LOGIN_SKIPPED);
  g_assert_true (ms_check_server_result_is_ok (r));
  assert_server_done (fake);
  g_assert_cmpuint (count_logins (fake), ==, 0);
}

/* A server open only to the provider's network: its refusal is explained in those words. */
static void
test_smtp_client_ip_refusal (void)
{
  g_autoptr(MsFakeServer) fake = ms_fake_server_new (pki->good);
  g_autoptr(MsServer) entry = fake_server_entry (fake, MS_PROTOCOL_SMTP, MS_SECURITY_TLS);
  g_autoptr(MsCheckResult) result = NULL;
  g_autoptr(GError) error = NULL;
  MsCheckServerResult *r;

  ms_server_add_auth (entry, MS_AUTH_PASSWORD);
  ms_server_set_restriction (entry, MS_RESTRICTION_CLIENT_IP);
  smtp_login_refused (fake);

  result = run_check (NULL, entry, NULL, &error);
  g_assert_no_error (error);
  r = only_result (result);
  assert_problem (r, "authentication-failed");
  g_assert_nonnull (strstr (r->problem->fix, "own network"));
  assert_server_done (fake);
}

static void
smtp_no_auth (MsFakeServer *fake)
{
  ms_fake_server_start_tls (fake);
  ms_fake_server_send (fake, "220 smtp.example.com ESMTP\r\n");
  ms_fake_server_expect (fake, "EHLO *");
  ms_fake_server_send (fake, "250-smtp.example.com\r\n250 8BITMIME\r\n");
  ms_fake_server_expect (fake, "QUIT");
}

static void
smtp_stripped (MsFakeServer *fake)
{
  ms_fake_server_send (fake, "220 smtp.example.com ESMTP evil\r\n");
  ms_fake_server_expect (fake, "EHLO *");
  ms_fake_server_send (fake, "250-smtp.example.com\r\n250 AUTH PLAIN LOGIN\r\n");
}

static void
smtp_starttls_refused (MsFakeServer *fake)
{
  ms_fake_server_send (fake, "220 smtp.example.com ESMTP\r\n");
  ms_fake_server_expect (fake, "EHLO *");
  ms_fake_server_send (fake, "250-smtp.example.com\r\n250 STARTTLS\r\n");
  ms_fake_server_expect (fake, "STARTTLS");
  ms_fake_server_send (fake, "454 4.7.0 evil TLS not available\r\n");
}

static void
smtp_injection (MsFakeServer *fake)
{
  ms_fake_server_send (fake, "220 smtp.example.com ESMTP\r\n");
  ms_fake_server_expect (fake, "EHLO *");
  ms_fake_server_send (fake, "250-smtp.example.com\r\n250 STARTTLS\r\n");
  ms_fake_server_expect (fake, "STARTTLS");
  ms_fake_server_send (fake, "220 go ahead\r\n250-evil\r\n250 AUTH PLAIN\r\n");
}

static void
smtp_garbage (MsFakeServer *fake)
{
  ms_fake_server_start_tls (fake);
  ms_fake_server_send (fake, "* OK I am IMAP\r\n");
}

static void
test_smtp_hostile (void)
{
  check_hostile (MS_PROTOCOL_SMTP, MS_SECURITY_TLS, smtp_no_auth, "no-auth-offered");
  check_hostile (MS_PROTOCOL_SMTP, MS_SECURITY_STARTTLS, smtp_stripped, "starttls-not-offered");
  check_hostile (MS_PROTOCOL_SMTP, MS_SECURITY_STARTTLS, smtp_starttls_refused, "starttls-failed");
  check_hostile (MS_PROTOCOL_SMTP, MS_SECURITY_STARTTLS, smtp_injection, "starttls-injection");
  check_hostile (MS_PROTOCOL_SMTP, MS_SECURITY_TLS, smtp_garbage, "protocol-error");
}

/* ------------------------------------------------------------------------------------ */
/* Policy                                                                                */

static void
test_plaintext_refused (void)
{
  g_autoptr(MsFakeServer) fake = ms_fake_server_new (NULL);
  g_autoptr(MsServer) entry = fake_server_entry (fake, MS_PROTOCOL_IMAP, MS_SECURITY_NONE);
  g_autoptr(MsCheckResult) result = NULL;
  g_autoptr(GError) error = NULL;
  MsCheckServerResult *r;

  result = run_check (entry, NULL, NULL, &error);
  g_assert_no_error (error);
  r = only_result (result);
  assert_problem (r, "plaintext-refused");
  g_assert_false (r->connected);
  g_assert_cmpint (r->login, ==, MS_CHECK_LOGIN_SKIPPED);
  /* not even a connection */
  g_assert_false (ms_fake_server_get_accepted (fake));
}

static void
test_plaintext_allowed (void)
{
  g_autoptr(MsFakeServer) fake = ms_fake_server_new (NULL);
  g_autoptr(MsServer) entry = fake_server_entry (fake, MS_PROTOCOL_POP3, MS_SECURITY_NONE);
  g_autoptr(MsCheckResult) result = NULL;
  g_autoptr(GError) error = NULL;
  Opts opts = { .plaintext_ok = TRUE };
  MsCheckServerResult *r;

  ms_fake_server_send (fake, "+OK ready\r\n");
  ms_fake_server_expect (fake, "CAPA");
  ms_fake_server_send (fake, "-ERR no CAPA here\r\n");
  ms_fake_server_expect (fake, "USER " ADDRESS);
  ms_fake_server_send (fake, "+OK\r\n");
  ms_fake_server_expect (fake, "PASS " PASSWORD);
  ms_fake_server_send (fake, "+OK\r\n");
  ms_fake_server_expect (fake, "QUIT");

  result = run_check (entry, NULL, &opts, &error);
  g_assert_no_error (error);
  r = only_result (result);
  assert_problem (r, NULL);
  g_assert_false (r->tls);
  g_assert_cmpstr (r->mechanism, ==, "USER/PASS");
  assert_server_done (fake);
}

static void
test_certificate_untrusted_then_pinned (void)
{
  MsCheckServerResult *r;

  {
    g_autoptr(MsFakeServer) fake = ms_fake_server_new (pki->self_signed);
    g_autoptr(MsServer) entry = fake_server_entry (fake, MS_PROTOCOL_IMAP, MS_SECURITY_TLS);
    g_autoptr(MsCheckResult) result = NULL;
    g_autoptr(GError) error = NULL;

    ms_fake_server_start_tls (fake);
    ms_fake_server_send (fake, "* OK ready\r\n");
    result = run_check (entry, NULL, NULL, &error);
    g_assert_no_error (error);
    r = only_result (result);
    assert_problem (r, "certificate-self-signed");
    g_assert_nonnull (r->certificate);
    g_assert_true (r->certificate->self_signed);
    g_assert_cmpuint (r->tls_errors & G_TLS_CERTIFICATE_UNKNOWN_CA, !=, 0);
    g_assert_cmpint (r->login, ==, MS_CHECK_LOGIN_SKIPPED);
    ms_fake_server_wait_done (fake, WAIT_MS);
    assert_no_credentials (fake);
  }
  {
    /* the exception pins exactly this certificate for this host and port */
    g_autoptr(MsFakeServer) fake = ms_fake_server_new (pki->self_signed);
    g_autoptr(MsServer) entry = fake_server_entry (fake, MS_PROTOCOL_IMAP, MS_SECURITY_TLS);
    g_autoptr(MsCheckResult) result = NULL;
    g_autoptr(GError) error = NULL;
    Opts opts = { .pin = TRUE };

    ms_fake_server_start_tls (fake);
    ms_fake_server_send (fake, "* OK ready\r\n");
    ms_fake_server_expect (fake, "a1 CAPABILITY");
    ms_fake_server_send (fake, "* CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN\r\na1 OK\r\n");
    ms_fake_server_expect (fake, "a2 AUTHENTICATE PLAIN *");
    ms_fake_server_send (fake, "a2 OK\r\n");
    ms_fake_server_expect (fake, "a3 LOGOUT");
    result = run_check (entry, NULL, &opts, &error);
    g_assert_no_error (error);
    r = only_result (result);
    assert_problem (r, NULL);
    /* the errors stay visible */
    g_assert_cmpuint (r->tls_errors & G_TLS_CERTIFICATE_UNKNOWN_CA, !=, 0);
    assert_server_done (fake);
  }
}

static void
test_certificate_wrong_host (void)
{
  g_autoptr(MsFakeServer) fake = ms_fake_server_new (pki->wrong_host);
  g_autoptr(MsServer) entry = fake_server_entry (fake, MS_PROTOCOL_SMTP, MS_SECURITY_STARTTLS);
  g_autoptr(MsCheckResult) result = NULL;
  g_autoptr(GError) error = NULL;
  MsCheckServerResult *r;

  ms_fake_server_send (fake, "220 smtp.example.com ESMTP\r\n");
  ms_fake_server_expect (fake, "EHLO *");
  ms_fake_server_send (fake, "250-smtp.example.com\r\n250 STARTTLS\r\n");
  ms_fake_server_expect (fake, "STARTTLS");
  ms_fake_server_send (fake, "220 go ahead\r\n");
  ms_fake_server_start_tls (fake);

  result = run_check (NULL, entry, NULL, &error);
  g_assert_no_error (error);
  r = only_result (result);
  assert_problem (r, "certificate-wrong-host");
  /* names the host the certificate is really for */
  g_assert_nonnull (strstr (r->problem->message, "other.example.org"));
  ms_fake_server_wait_done (fake, WAIT_MS);
  assert_no_credentials (fake);
}

static void
test_oauth2_required (void)
{
  g_autoptr(MsFakeServer) fake = ms_fake_server_new (pki->good);
  g_autoptr(MsServer) entry = fake_server_entry (fake, MS_PROTOCOL_IMAP, MS_SECURITY_TLS);
  g_autoptr(MsCheckResult) result = NULL;
  g_autoptr(GError) error = NULL;
  Opts opts = { .oauth2 = TRUE };
  MsCheckServerResult *r;

  ms_fake_server_start_tls (fake);
  ms_fake_server_send (fake, "* OK ready\r\n");
  ms_fake_server_expect (fake, "a1 CAPABILITY");
  ms_fake_server_send (fake, "* CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN AUTH=XOAUTH2\r\na1 OK\r\n");
  ms_fake_server_expect (fake, "a2 LOGOUT");

  result = run_check (entry, NULL, &opts, &error);
  g_assert_no_error (error);
  r = only_result (result);
  assert_problem (r, "oauth2-required");
  g_assert_cmpint (r->login, ==, MS_CHECK_LOGIN_SKIPPED);
  g_assert_true (r->tls);
  assert_server_done (fake);
  assert_no_credentials (fake);
}

static void
test_parallel_and_timeout (void)
{
  g_autoptr(MsFakeServer) in = ms_fake_server_new (pki->good);
  g_autoptr(MsFakeServer) out = ms_fake_server_new (pki->good);   /* silent */
  g_autoptr(MsServer) in_entry = fake_server_entry (in, MS_PROTOCOL_IMAP, MS_SECURITY_TLS);
  g_autoptr(MsServer) out_entry = fake_server_entry (out, MS_PROTOCOL_SMTP, MS_SECURITY_STARTTLS);
  g_autoptr(MsCheckResult) result = NULL;
  g_autoptr(GError) error = NULL;
  Opts opts = { .step_timeout_ms = 400 };
  GPtrArray *servers;
  MsCheckServerResult *r;
  gint64 start = g_get_monotonic_time ();

  ms_fake_server_start_tls (in);
  ms_fake_server_send (in, "* OK ready\r\n");
  ms_fake_server_expect (in, "a1 CAPABILITY");
  ms_fake_server_send (in, "* CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN\r\na1 OK\r\n");
  ms_fake_server_expect (in, "a2 AUTHENTICATE PLAIN *");
  ms_fake_server_send (in, "a2 OK\r\n");

  result = run_check (in_entry, out_entry, &opts, &error);
  g_assert_no_error (error);
  /* one step timeout, not a sum */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
  servers = ms_check_result_get_servers (result);
  g_assert_cmpuint (servers->len, ==, 2);
  r = g_ptr_array_index (servers, 0);
  g_assert_cmpstr (ms_check_server_result_get_role (r), ==, "incoming");
  assert_problem (r, NULL);
  r = g_ptr_array_index (servers, 1);
  g_assert_cmpstr (ms_check_server_result_get_role (r), ==, "outgoing");
  assert_problem (r, "timed-out");
  g_assert_true (r->connected);
  g_assert_false (ms_check_result_is_ok (result));
}

static void
test_second_server_not_tried (void)
{
  g_autoptr(MsFakeServer) fake = ms_fake_server_new (pki->good);
  g_autoptr(MsFakeServer) other = ms_fake_server_new (pki->good);
  g_autoptr(MsServer) entry = fake_server_entry (fake, MS_PROTOCOL_IMAP, MS_SECURITY_TLS);
  g_autoptr(MsServer) second = fake_server_entry (other, MS_PROTOCOL_IMAP, MS_SECURITY_TLS);
  g_autoptr(MsAddress) address = ms_address_parse (ADDRESS, NULL);
  g_autoptr(MsAccount) account = ms_account_new (address);
  g_autoptr(MsTlsTrust) trust = ms_tls_trust_new ();
  g_autoptr(GAsyncResult) async_result = NULL;
  g_autoptr(MsCheckResult) result = NULL;

  ms_fake_server_start_tls (fake);
  ms_fake_server_send (fake, "* OK ready\r\n");
  ms_fake_server_expect (fake, "a1 CAPABILITY");
  ms_fake_server_send (fake, "* CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN\r\na1 OK\r\n");
  ms_fake_server_expect (fake, "a2 AUTHENTICATE PLAIN *");
  ms_fake_server_send (fake, "a2 NO [AUTHENTICATIONFAILED] no\r\n");

  /* another port is another server, not an alternative user name: never tried */
  ms_account_add_server (account, entry);
  ms_account_add_server (account, second);
  ms_tls_trust_set_database (trust, pki->database);
  ms_check_run_async (account, PASSWORD, NULL, trust, NULL, NULL, NULL, NULL, on_result, &async_result);
  while (async_result == NULL)
    g_main_context_iteration (NULL, TRUE);
  result = ms_check_run_finish (async_result, NULL);
  g_assert_cmpuint (ms_check_result_get_servers (result)->len, ==, 1);
  assert_problem (only_result (result), "authentication-failed");
  g_assert_false (ms_fake_server_get_accepted (other));
}

static void
test_cancel (void)
{
  g_autoptr(MsFakeServer) fake = ms_fake_server_new (pki->good);   /* silent */
  g_autoptr(MsServer) entry = fake_server_entry (fake, MS_PROTOCOL_IMAP, MS_SECURITY_STARTTLS);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(MsCheckResult) result = NULL;
  g_autoptr(GError) error = NULL;
  Opts opts = { .cancellable = cancellable };
  guint id;

  id = g_timeout_add_once (100, (GSourceOnceFunc) g_cancellable_cancel, cancellable);
  result = run_check (entry, NULL, &opts, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (result);
  (void) id;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  /* only ever 127.0.0.1; the isolated folders hold no GSettings schemas for proxies */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  pki = ms_test_pki_new (&error);
  g_assert_no_error (error);

  g_test_add_func ("/check/imap/tls-sasl-ir", test_imap_tls_sasl_ir);
  g_test_add_func ("/check/imap/plain-challenge-failed", test_imap_plain_challenge_failed);
  g_test_add_func ("/check/imap/login-quoted", test_imap_login_quoted);
  g_test_add_func ("/check/imap/login-literal", test_imap_login_literal);
  g_test_add_func ("/check/imap/login-literal-plus", test_imap_login_literal_plus);
  g_test_add_func ("/check/imap/login-disabled", test_imap_login_disabled);
  g_test_add_func ("/check/imap/privacy-required", test_imap_privacy_required);
  g_test_add_func ("/check/imap/access-disabled", test_imap_access_disabled);
  g_test_add_func ("/check/imap/starttls", test_imap_starttls);
  g_test_add_func ("/check/imap/starttls-greeting-capabilities", test_imap_starttls_greeting_capabilities);
  g_test_add_func ("/check/imap/hostile", test_imap_hostile);
  g_test_add_func ("/check/pop3/sasl-plain", test_pop3_sasl_plain);
  g_test_add_func ("/check/pop3/user-pass", test_pop3_user_pass);
  g_test_add_func ("/check/pop3/user-pass-pipelined", test_pop3_user_pass_pipelined);
  g_test_add_func ("/check/pop3/hostile", test_pop3_hostile);
  g_test_add_func ("/check/smtp/starttls-plain", test_smtp_starttls_plain);
  g_test_add_func ("/check/smtp/login-failed", test_smtp_login_failed);
  g_test_add_func ("/check/smtp/no-sign-in", test_smtp_no_sign_in);
  g_test_add_func ("/check/smtp/client-ip-refusal", test_smtp_client_ip_refusal);
  g_test_add_func ("/check/smtp/hostile", test_smtp_hostile);
  g_test_add_func ("/check/plaintext/refused", test_plaintext_refused);
  g_test_add_func ("/check/plaintext/allowed", test_plaintext_allowed);
  g_test_add_func ("/check/certificate/untrusted-then-pinned", test_certificate_untrusted_then_pinned);
  g_test_add_func ("/check/certificate/wrong-host", test_certificate_wrong_host);
  g_test_add_func ("/check/oauth2-required", test_oauth2_required);
  g_test_add_func ("/check/parallel-and-timeout", test_parallel_and_timeout);
  g_test_add_func ("/check/lockout/second-server-not-tried", test_second_server_not_tried);
  g_test_add_func ("/check/cancel", test_cancel);

  status = g_test_run ();
  g_clear_pointer (&pki, ms_test_pki_free);
  return status;
}
