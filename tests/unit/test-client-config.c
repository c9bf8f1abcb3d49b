/* test-client-config.c: the clientConfig v1.1 reader and writer, the account model and
 * its JSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <math.h>
#include <string.h>

#include "ms-account.h"
#include "ms-address.h"
#include "ms-client-config.h"
#include "ms-json.h"
#include "ms-server.h"

/* Helpers */

static char *
load_data (const char *name,
           gsize      *len)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "client-config", name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, len, &error);
  g_assert_no_error (error);
  return contents;
}

static MsAddress *
address_for (const char *text)
{
  g_autoptr(GError) error = NULL;
  MsAddress *address = ms_address_parse (text, &error);

  g_assert_no_error (error);
  return address;
}

static MsClientConfig *
parse_file (const char *name,
            MsAddress  *address,
            GError    **error)
{
  gsize len = 0;
  g_autofree char *data = load_data (name, &len);

  return ms_client_config_parse (data, len, address, error);
}

static void
assert_refused (const char         *name,
                MsClientConfigError code)
{
  g_autoptr(MsAddress) address = address_for ("user@example.com");
  g_autoptr(GError) error = NULL;
  g_autoptr(MsClientConfig) config = parse_file (name, address, &error);

  g_assert_null (config);
  g_assert_error (error, MS_CLIENT_CONFIG_ERROR, (gint) code);
  g_assert_cmpuint (strlen (error->message), >, 10);
}

/* TRUE if one of the warnings contains every one of the (NULL-terminated) words. */
static gboolean
has_warning (MsClientConfig *config,
             ...)
{
  const char * const *warnings = ms_client_config_get_warnings (config);

  for (guint i = 0; warnings[i] != NULL; i++)
    {
      gboolean all = TRUE;
      const char *word;
      va_list args;

      va_start (args, config);
      while ((word = va_arg (args, const char *)) != NULL)
        if (strstr (warnings[i], word) == NULL)
          all = FALSE;
      va_end (args);

      if (all)
        return TRUE;
    }
  return FALSE;
}

static void
dump_warnings (MsClientConfig *config)
{
  const char * const *warnings = ms_client_config_get_warnings (config);

  for (guint i = 0; warnings[i] != NULL; i++)
    g_test_message ("warning: %s", warnings[i]);
}

static void
assert_server (MsServer   *server,
               MsProtocol  protocol,
               const char *host,
               guint16     port,
               MsSecurity  security,
               const char *username)
{
  g_assert_nonnull (server);
  g_assert_cmpint (ms_server_get_protocol (server), ==, protocol);
  g_assert_cmpstr (ms_server_get_host (server), ==, host);
  g_assert_cmpuint (ms_server_get_port (server), ==, port);
  g_assert_cmpint (ms_server_get_security (server), ==, security);
  g_assert_cmpstr (ms_server_get_username (server), ==, username);
}

static void
assert_auth (MsServer *server,
             guint     n,
             ...)
{
  const MsAuth *methods;
  guint n_methods = 0;
  va_list args;

  methods = ms_server_get_auth_methods (server, &n_methods);
  g_assert_cmpuint (n_methods, ==, n);
  va_start (args, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpint (methods[i], ==, va_arg (args, int));
  va_end (args);
}

/* The reader: a complete document */

static void
test_parse_full (void)
{
  g_autoptr(MsAddress) address = address_for ("Jane.Doe@Example.com");
  g_autoptr(GError) error = NULL;
  g_autoptr(MsClientConfig) config = parse_file ("valid-full.xml", address, &error);
  const char * const *domains;
  GPtrArray *incoming, *outgoing;

  g_assert_no_error (error);
  g_assert_nonnull (config);
  dump_warnings (config);

  g_assert_cmpstr (ms_client_config_get_provider_id (config), ==, "example-mail");
  /* white space collapsed, entity decoded */
  g_assert_cmpstr (ms_client_config_get_display_name (config), ==, "Example Mail & Friends");
  g_assert_cmpstr (ms_client_config_get_display_short_name (config), ==, "Example");

  domains = ms_client_config_get_domains (config);
  g_assert_cmpstr (domains[0], ==, "example.com");  /* normalised */
  g_assert_cmpstr (domains[1], ==, "example.net");
  g_assert_null (domains[2]);  /* the purpose="mx" domain is not an address domain */
  domains = ms_client_config_get_suffix_domains (config);
  g_assert_cmpstr (domains[0], ==, "regional.example");
  g_assert_null (domains[1]);

  incoming = ms_client_config_get_incoming (config);
  outgoing = ms_client_config_get_outgoing (config);
  g_assert_cmpuint (incoming->len, ==, 3);
  g_assert_cmpuint (outgoing->len, ==, 2);

  /* file order, placeholders resolved, host names normalised */
  assert_server (incoming->pdata[0], MS_PROTOCOL_IMAP, "imap.example.com", 993, MS_SECURITY_TLS,
                 "Jane.Doe@example.com");
  assert_auth (incoming->pdata[0], 2, MS_AUTH_OAUTH2, MS_AUTH_PASSWORD);
  assert_server (incoming->pdata[1], MS_PROTOCOL_IMAP, "imap-alt.example.com", 143,
                 MS_SECURITY_STARTTLS, "Jane.Doe");
  assert_auth (incoming->pdata[1], 1, MS_AUTH_PASSWORD | MS_AUTH_PASSWORD_ENCRYPTED);
  assert_server (incoming->pdata[2], MS_PROTOCOL_POP3, "pop.example.com", 995, MS_SECURITY_TLS,
                 "Jane.Doe@example.com");
  assert_auth (incoming->pdata[2], 1, MS_AUTH_PASSWORD);
  assert_server (outgoing->pdata[0], MS_PROTOCOL_SMTP, "smtp.example.com", 465, MS_SECURITY_TLS,
                 "Jane.Doe@example.com");
  assert_auth (outgoing->pdata[0], 2, MS_AUTH_OAUTH2, MS_AUTH_PASSWORD);
  assert_server (outgoing->pdata[1], MS_PROTOCOL_SMTP, "smtp.example.com", 587,
                 MS_SECURITY_STARTTLS, "Jane.Doe@example.com");

  /* first documentation link only; &amp; decoded */
  g_assert_cmpstr (ms_client_config_get_documentation_url (config), ==,
                   "https://example.com/help/imap?lang=en&x=1");
  g_assert_cmpstr (ms_client_config_get_enable_url (config), ==, "https://example.com/settings/imap");
  g_assert_cmpstr (ms_client_config_get_password_reset_url (config), ==, "https://example.com/forgot");

  /* the POP3 and second SMTP entries prefer a password: not OAuth2-only */
  g_assert_false (ms_client_config_get_oauth2_required (config));
  g_assert_cmpstr (ms_client_config_get_oauth2_issuer (config), ==, "accounts.example.com");
  g_assert_cmpstr (ms_client_config_get_oauth2_scope (config), ==, "https://mail.example.com/ offline");
  g_assert_cmpstr (ms_client_config_get_oauth2_auth_url (config), ==, "https://accounts.example.com/auth");
  g_assert_cmpstr (ms_client_config_get_oauth2_token_url (config), ==, "https://accounts.example.com/token");

  /* nothing was skipped */
  g_assert_null (ms_client_config_get_warnings (config)[0]);
}

static void
test_parse_templates (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsClientConfig) config = parse_file ("valid-full.xml", NULL, &error);
  g_autoptr(MsAddress) address = address_for ("someone@nc.regional.example");
  g_autoptr(MsAccount) account = NULL;
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *incoming;

  g_assert_no_error (error);

  /* without an address the placeholders stay */
  incoming = ms_client_config_get_incoming (config);
  g_assert_cmpstr (ms_server_get_username (incoming->pdata[0]), ==, "%EMAILADDRESS%");
  g_assert_cmpstr (ms_server_get_host (incoming->pdata[0]), ==, "imap.example.com");
  g_assert_cmpstr (ms_server_get_host (incoming->pdata[2]), ==, "pop.%EMAILDOMAIN%");

  /* and are resolved for the account */
  account = ms_client_config_to_account (config, address, MS_SOURCE_AUTOCONFIG,
                                         "https://autoconfig.example.com/mail/config-v1.1.xml",
                                         warnings);
  g_assert_cmpuint (warnings->len, ==, 0);
  incoming = ms_account_get_incoming (account);
  g_assert_cmpuint (incoming->len, ==, 3);
  assert_server (incoming->pdata[0], MS_PROTOCOL_IMAP, "imap.example.com", 993, MS_SECURITY_TLS,
                 "someone@nc.regional.example");
  assert_server (incoming->pdata[1], MS_PROTOCOL_IMAP, "imap-alt.example.com", 143,
                 MS_SECURITY_STARTTLS, "someone");
  assert_server (incoming->pdata[2], MS_PROTOCOL_POP3, "pop.nc.regional.example", 995,
                 MS_SECURITY_TLS, "someone@nc.regional.example");
  g_assert_cmpuint (ms_account_get_outgoing (account)->len, ==, 2);
  g_assert_cmpint (ms_account_get_source (account), ==, MS_SOURCE_AUTOCONFIG);
  g_assert_cmpstr (ms_account_get_provenance (account), ==,
                   "https://autoconfig.example.com/mail/config-v1.1.xml");
  g_assert_false (ms_account_get_needs_confirmation (account));
  g_assert_cmpstr (ms_account_get_provider_id (account), ==, "example-mail");
  g_assert_cmpstr (ms_account_get_provider_name (account), ==, "Example Mail & Friends");
  g_assert_cmpstr (ms_account_get_enable_url (account), ==, "https://example.com/settings/imap");
  g_assert_cmpstr (ms_account_get_oauth2_issuer (account), ==, "accounts.example.com");

  /* provider domains for trust checks: exact, suffix and MX ones */
  g_assert_true (ms_account_provider_owns_host (account, "imap.example.com"));
  g_assert_true (ms_account_provider_owns_host (account, "pop.nc.regional.example"));
  g_assert_true (ms_account_provider_owns_host (account, "mx1.mx.example-hoster.net"));
  g_assert_false (ms_account_provider_owns_host (account, "imap.notexample.com"));
  g_assert_false (ms_account_provider_owns_host (account, "example.org"));
}

static void
test_match_domain (void)
{
  g_autoptr(MsClientConfig) config = parse_file ("valid-full.xml", NULL, NULL);
  gsize len = 0;

  g_assert_nonnull (config);
  g_assert_cmpint (ms_client_config_match_domain (config, "example.com", NULL), ==, MS_DOMAIN_MATCH_EXACT);
  g_assert_cmpint (ms_client_config_match_domain (config, "example.net", NULL), ==, MS_DOMAIN_MATCH_EXACT);
  /* a plain <domain> does not cover subdomains */
  g_assert_cmpint (ms_client_config_match_domain (config, "sub.example.com", NULL), ==, MS_DOMAIN_MATCH_NONE);
  g_assert_cmpint (ms_client_config_match_domain (config, "regional.example", &len), ==, MS_DOMAIN_MATCH_SUFFIX);
  g_assert_cmpuint (len, ==, strlen ("regional.example"));
  g_assert_cmpint (ms_client_config_match_domain (config, "a.b.regional.example", NULL), ==, MS_DOMAIN_MATCH_SUFFIX);
  g_assert_cmpint (ms_client_config_match_domain (config, "notregional.example", NULL), ==, MS_DOMAIN_MATCH_NONE);
  g_assert_cmpint (ms_client_config_match_domain (config, "mx.example-hoster.net", NULL), ==, MS_DOMAIN_MATCH_NONE);
}

static void
test_oauth2_marks (void)
{
  g_autoptr(MsClientConfig) config = parse_file ("oauth2-only.xml", NULL, NULL);
  g_autoptr(MsClientConfig) full = parse_file ("valid-full.xml", NULL, NULL);
  const char *with_mark =
    "<clientConfig version=\"1.1\"><emailProvider id=\"p\"><domain>p.example</domain>"
    "<incomingServer type=\"imap\"><hostname>imap.p.example</hostname><port>993</port>"
    "<socketType>SSL</socketType><authentication>password-cleartext</authentication></incomingServer>"
    "<outgoingServer type=\"smtp\"><hostname>smtp.p.example</hostname><port>465</port>"
    "<socketType>SSL</socketType><authentication>password-cleartext</authentication></outgoingServer>"
    "<oauth2Required/></emailProvider></clientConfig>";
  g_autoptr(MsClientConfig) marked = ms_client_config_parse (with_mark, strlen (with_mark), NULL, NULL);

  /* every server's first method is OAuth2 */
  g_assert_nonnull (config);
  g_assert_true (ms_client_config_get_oauth2_required (config));
  /* some server prefers a password */
  g_assert_nonnull (full);
  g_assert_false (ms_client_config_get_oauth2_required (full));
  /* our extension */
  g_assert_nonnull (marked);
  g_assert_true (ms_client_config_get_oauth2_required (marked));
}

/* The real world's odd servers: no sign-in, a client-IP restriction, OAuth2 beside a
 * password, <enable> beside <emailProvider>. */
static void
test_odd_servers (void)
{
  g_autoptr(MsAddress) address = address_for ("kim@odd.example");
  g_autoptr(GError) error = NULL;
  g_autoptr(MsClientConfig) config = parse_file ("odd-servers.xml", NULL, &error);
  g_autoptr(MsClientConfig) again = NULL;
  g_autoptr(MsAccount) account = NULL;
  g_autofree char *json = NULL;
  g_autofree char *xml = NULL;
  GPtrArray *incoming, *outgoing;
  gsize len = 0;

  g_assert_no_error (error);
  dump_warnings (config);
  incoming = ms_client_config_get_incoming (config);
  outgoing = ms_client_config_get_outgoing (config);

  /* OAuth2 first with a password beside it: both kept, the account is not OAuth2-only */
  g_assert_cmpuint (incoming->len, ==, 1);
  assert_auth (incoming->pdata[0], 2, MS_AUTH_OAUTH2, MS_AUTH_PASSWORD);
  g_assert_true (ms_server_accepts_password (incoming->pdata[0]));
  g_assert_false (ms_client_config_get_oauth2_required (config));
  /* an incoming server always needs a login: "none" there is refused */
  g_assert_true (has_warning (config, "Incoming server 2", "none", NULL));

  g_assert_cmpuint (outgoing->len, ==, 4);
  /* the ISP relay: no sign-in, said in plain words */
  assert_server (outgoing->pdata[0], MS_PROTOCOL_SMTP, "relay.odd.example", 25,
                 MS_SECURITY_NONE, "%EMAILADDRESS%");
  assert_auth (outgoing->pdata[0], 1, MS_AUTH_NO_SIGN_IN);
  g_assert_cmpint (ms_server_get_restriction (outgoing->pdata[0]), ==, MS_RESTRICTION_NONE);
  g_assert_nonnull (strstr (ms_server_get_note (outgoing->pdata[0]), "without a password"));
  /* a password server that works only from the provider's network */
  assert_auth (outgoing->pdata[1], 1, MS_AUTH_PASSWORD);
  g_assert_cmpint (ms_server_get_restriction (outgoing->pdata[1]), ==, MS_RESTRICTION_CLIENT_IP);
  g_assert_nonnull (strstr (ms_server_get_note (outgoing->pdata[1]), "own network"));
  /* <authentication>client-IP-address: no sign-in, known by the address */
  assert_auth (outgoing->pdata[2], 1, MS_AUTH_NO_SIGN_IN);
  g_assert_cmpint (ms_server_get_restriction (outgoing->pdata[2]), ==, MS_RESTRICTION_CLIENT_IP);
  /* "none" beside a password: the password is the way in; a strange restriction is noted */
  assert_auth (outgoing->pdata[3], 1, MS_AUTH_PASSWORD);
  g_assert_null (ms_server_get_note (outgoing->pdata[3]));
  g_assert_true (has_warning (config, "restriction", "from-the-moon", NULL));

  /* <enable> outside <emailProvider> still counts */
  g_assert_cmpstr (ms_client_config_get_enable_url (config), ==, "https://odd.example/settings/imap");

  /* the JSON names the restriction on that server only, and "none" as the method */
  account = ms_client_config_to_account (config, address, MS_SOURCE_ISPDB, NULL, NULL);
  json = ms_account_to_json (account);
  g_test_message ("%s", json);
  g_assert_nonnull (strstr (json, "\"host\":\"relay.odd.example\",\"port\":25,\"security\":\"none\","
                                  "\"username\":\"kim@odd.example\",\"auth\":[\"none\"]}"));
  g_assert_nonnull (strstr (json, "\"host\":\"smtp.odd.example\",\"port\":465,\"security\":\"tls\","
                                  "\"username\":\"kim@odd.example\",\"auth\":[\"password\"],"
                                  "\"restriction\":\"client-ip-address\"}"));
  g_assert_null (strstr (json, "\"host\":\"imap.odd.example\",\"port\":993,\"security\":\"tls\","
                               "\"username\":\"kim@odd.example\",\"auth\":[\"oauth2\",\"password\"],"
                               "\"restriction\""));

  /* and the writer keeps both for the next reader */
  xml = ms_client_config_write (account, &len);
  again = ms_client_config_parse (xml, len, address, &error);
  g_assert_no_error (error);
  outgoing = ms_client_config_get_outgoing (again);
  assert_auth (outgoing->pdata[0], 1, MS_AUTH_NO_SIGN_IN);
  g_assert_cmpint (ms_server_get_restriction (outgoing->pdata[1]), ==, MS_RESTRICTION_CLIENT_IP);
}

/* Two ways of saying "no sign-in" on one server are still no sign-in (found by fuzzing: the
 * server was left with no method at all, and read back as a password server). */
static void
test_no_sign_in_twice (void)
{
  const char *doc =
    "<clientConfig version=\"1.1\"><emailProvider id=\"x.example\">"
    "<domain>x.example</domain>"
    "<incomingServer type=\"imap\"><hostname>imap.x.example</hostname><port>993</port>"
    "<socketType>SSL</socketType><authentication>password-cleartext</authentication></incomingServer>"
    "<outgoingServer type=\"smtp\"><hostname>relay.x.example</hostname><port>25</port>"
    "<socketType>plain</socketType><authentication>client-IP-address</authentication>"
    "<authentication>none</authentication></outgoingServer>"
    "</emailProvider></clientConfig>";
  g_autoptr(GError) error = NULL;
  g_autoptr(MsClientConfig) config = ms_client_config_parse (doc, strlen (doc), NULL, &error);
  GPtrArray *outgoing;

  g_assert_no_error (error);
  outgoing = ms_client_config_get_outgoing (config);
  g_assert_cmpuint (outgoing->len, ==, 1);
  assert_auth (outgoing->pdata[0], 1, MS_AUTH_NO_SIGN_IN);
  g_assert_cmpint (ms_server_get_restriction (outgoing->pdata[0]), ==, MS_RESTRICTION_CLIENT_IP);
}

/* The reader: hostile and broken documents */

static void
test_refuse_doctype (void)
{
  assert_refused ("doctype-billion-laughs.xml", MS_CLIENT_CONFIG_ERROR_DOCTYPE);
  assert_refused ("doctype-external-entity.xml", MS_CLIENT_CONFIG_ERROR_DOCTYPE);
  assert_refused ("doctype-plain.xml", MS_CLIENT_CONFIG_ERROR_DOCTYPE);
  /* in UTF-16 the DOCTYPE is not visible to a byte search: refused as not UTF-8 */
  assert_refused ("doctype-utf16.xml", MS_CLIENT_CONFIG_ERROR_MALFORMED);
}

static void
test_refuse_doctype_inline (void)
{
  /* an internal subset alone, spelt in odd case */
  const char *doc = "<?xml version=\"1.0\"?><!DocType clientConfig [<!EnTiTy a \"b\">]><clientConfig/>";
  g_autoptr(GError) error = NULL;
  g_autoptr(MsClientConfig) config = ms_client_config_parse (doc, strlen (doc), NULL, &error);

  g_assert_null (config);
  g_assert_error (error, MS_CLIENT_CONFIG_ERROR, MS_CLIENT_CONFIG_ERROR_DOCTYPE);
}

static void
test_refuse_deep (void)
{
  assert_refused ("deep-nesting.xml", MS_CLIENT_CONFIG_ERROR_TOO_DEEP);
}

static void
test_depth_at_limit (void)
{
  /* 32 levels exactly are fine: clientConfig, emailProvider and 30 unknown elements */
  gsize len = 0;
  g_autofree char *base = load_data ("oauth2-only.xml", &len);
  GString *inner = g_string_new (NULL);
  g_autofree char *inner_text = NULL;
  g_auto(GStrv) parts = NULL;
  g_autofree char *doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MsClientConfig) config = NULL;

  for (guint i = 0; i < 30; i++)
    g_string_append_printf (inner, "<x%u>", i);
  for (guint i = 30; i > 0; i--)
    g_string_append_printf (inner, "</x%u>", i - 1);
  inner_text = g_string_free (inner, FALSE);

  parts = g_strsplit (base, "<domain>oauth.example</domain>", 2);
  g_assert_cmpuint (g_strv_length (parts), ==, 2);
  doc = g_strconcat (parts[0], "<domain>oauth.example</domain>", inner_text, parts[1], NULL);

  config = ms_client_config_parse (doc, strlen (doc), NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (config);
}

static void
test_refuse_wrong_root (void)
{
  assert_refused ("wrong-root.xml", MS_CLIENT_CONFIG_ERROR_WRONG_ROOT);
}

static void
test_refuse_malformed (void)
{
  const char *garbage = "\x01\x02not xml at all";

  assert_refused ("malformed.xml", MS_CLIENT_CONFIG_ERROR_MALFORMED);
  assert_refused ("latin1.xml", MS_CLIENT_CONFIG_ERROR_MALFORMED);
  assert_refused ("no-provider.xml", MS_CLIENT_CONFIG_ERROR_NO_PROVIDER);
  assert_refused ("no-usable-outgoing.xml", MS_CLIENT_CONFIG_ERROR_NO_SERVERS);

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(MsClientConfig) config = ms_client_config_parse (garbage, strlen (garbage), NULL, &error);

    g_assert_null (config);
    g_assert_error (error, MS_CLIENT_CONFIG_ERROR, MS_CLIENT_CONFIG_ERROR_MALFORMED);
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(MsClientConfig) config = ms_client_config_parse ("", 0, NULL, &error);

    g_assert_null (config);
    g_assert_error (error, MS_CLIENT_CONFIG_ERROR, MS_CLIENT_CONFIG_ERROR_MALFORMED);
  }
  {
    /* an embedded NUL byte */
    const char doc[] = "<clientConfig>\0</clientConfig>";
    g_autoptr(GError) error = NULL;
    g_autoptr(MsClientConfig) config = ms_client_config_parse (doc, sizeof doc - 1, NULL, &error);

    g_assert_null (config);
    g_assert_error (error, MS_CLIENT_CONFIG_ERROR, MS_CLIENT_CONFIG_ERROR_MALFORMED);
  }
}

static void
test_no_usable_outgoing_reason (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsClientConfig) config = parse_file ("no-usable-outgoing.xml", NULL, &error);

  /* the error carries the reason the server was skipped */
  g_assert_null (config);
  g_assert_error (error, MS_CLIENT_CONFIG_ERROR, MS_CLIENT_CONFIG_ERROR_NO_SERVERS);
  g_assert_nonnull (strstr (error->message, "port 0"));
}

static char *
padded_document (gsize target)
{
  gsize len = 0;
  g_autofree char *base = load_data ("oauth2-only.xml", &len);
  GString *doc = g_string_new (NULL);
  const char *close = "</clientConfig>";
  char *end = strstr (base, close);

  g_assert_nonnull (end);
  g_string_append_len (doc, base, end - base);
  g_string_append (doc, "<!-- ");
  while (doc->len + strlen (" -->") + strlen (close) + 1 < target)
    g_string_append_c (doc, 'x');
  g_string_append (doc, " -->");
  g_string_append (doc, close);
  g_string_append_c (doc, '\n');
  g_assert_cmpuint (doc->len, ==, target);
  return g_string_free (doc, FALSE);
}

static void
test_size_cap (void)
{
  g_autofree char *at_cap = padded_document (MS_CLIENT_CONFIG_MAX_SIZE);
  g_autofree char *over_cap = padded_document (MS_CLIENT_CONFIG_MAX_SIZE + 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(MsClientConfig) ok = NULL;
  g_autoptr(MsClientConfig) refused = NULL;

  ok = ms_client_config_parse (at_cap, MS_CLIENT_CONFIG_MAX_SIZE, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ok);

  refused = ms_client_config_parse (over_cap, MS_CLIENT_CONFIG_MAX_SIZE + 1, NULL, &error);
  g_assert_null (refused);
  g_assert_error (error, MS_CLIENT_CONFIG_ERROR, MS_CLIENT_CONFIG_ERROR_TOO_LARGE);
}

static void
test_skip_missing_fields (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsClientConfig) config = parse_file ("missing-fields.xml", NULL, &error);
  GPtrArray *incoming, *outgoing;

  g_assert_no_error (error);
  dump_warnings (config);

  incoming = ms_client_config_get_incoming (config);
  outgoing = ms_client_config_get_outgoing (config);
  g_assert_cmpuint (incoming->len, ==, 1);
  g_assert_cmpstr (ms_server_get_host (incoming->pdata[0]), ==, "imap.example.com");
  g_assert_cmpuint (outgoing->len, ==, 1);
  /* no username, no authentication: the address and a password are assumed */
  assert_server (outgoing->pdata[0], MS_PROTOCOL_SMTP, "smtp.example.com", 465, MS_SECURITY_TLS,
                 "%EMAILADDRESS%");
  assert_auth (outgoing->pdata[0], 1, MS_AUTH_PASSWORD);

  g_assert_true (has_warning (config, "Incoming server 1", "no hostname", NULL));
  g_assert_true (has_warning (config, "Incoming server 2", "no port", NULL));
  g_assert_true (has_warning (config, "Incoming server 3", "socketType", NULL));
  g_assert_true (has_warning (config, "Incoming server 4", "no type", NULL));
  g_assert_true (has_warning (config, "Incoming server 5", "exchange", "not supported", NULL));
  g_assert_true (has_warning (config, "Incoming server 6", "no hostname", NULL));
  g_assert_true (has_warning (config, "Outgoing server 1", "imap", "not supported", NULL));
  g_assert_true (has_warning (config, "smtp.example.com", "password login is assumed", NULL));
  g_assert_false (has_warning (config, "Incoming server 7", NULL));
}

static void
test_skip_bad_ports (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsClientConfig) config = parse_file ("bad-ports.xml", NULL, &error);
  GPtrArray *incoming, *outgoing;

  g_assert_no_error (error);
  dump_warnings (config);

  incoming = ms_client_config_get_incoming (config);
  outgoing = ms_client_config_get_outgoing (config);
  g_assert_cmpuint (incoming->len, ==, 1);
  g_assert_cmpstr (ms_server_get_host (incoming->pdata[0]), ==, "port-max.example.com");
  g_assert_cmpuint (ms_server_get_port (incoming->pdata[0]), ==, 65535);
  g_assert_cmpuint (outgoing->len, ==, 1);
  g_assert_cmpuint (ms_server_get_port (outgoing->pdata[0]), ==, 1);

  g_assert_true (has_warning (config, "Incoming server 1", "port 0 ", "out of range", NULL));
  g_assert_true (has_warning (config, "Incoming server 2", "port 70000", "out of range", NULL));
  g_assert_true (has_warning (config, "Incoming server 3", "-993", "not a number", NULL));
  g_assert_true (has_warning (config, "Incoming server 4", "imaps", "not a number", NULL));
  g_assert_true (has_warning (config, "Incoming server 5", "18446744073709551617", "out of range", NULL));
}

static void
test_skip_socket_type (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsClientConfig) config = parse_file ("bad-socket-type.xml", NULL, &error);
  GPtrArray *incoming, *outgoing;

  g_assert_no_error (error);
  dump_warnings (config);

  incoming = ms_client_config_get_incoming (config);
  outgoing = ms_client_config_get_outgoing (config);
  g_assert_cmpuint (incoming->len, ==, 1);
  /* "plain" is read (it is the checks' job to refuse a password over it) */
  assert_server (incoming->pdata[0], MS_PROTOCOL_POP3, "plain.example.com", 110, MS_SECURITY_NONE,
                 "%EMAILADDRESS%");
  g_assert_cmpuint (outgoing->len, ==, 1);
  g_assert_cmpint (ms_server_get_security (outgoing->pdata[0]), ==, MS_SECURITY_STARTTLS);

  g_assert_true (has_warning (config, "Incoming server 1", "SSLv3-maybe", "not supported", NULL));
  g_assert_true (has_warning (config, "Outgoing server 1", "socketType", NULL));
}

static void
test_skip_unsupported_auth (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsClientConfig) config = parse_file ("unsupported-auth.xml", NULL, &error);
  GPtrArray *incoming, *outgoing;

  g_assert_no_error (error);
  dump_warnings (config);

  incoming = ms_client_config_get_incoming (config);
  outgoing = ms_client_config_get_outgoing (config);
  g_assert_cmpuint (incoming->len, ==, 1);
  g_assert_cmpstr (ms_server_get_host (incoming->pdata[0]), ==, "mixed.example.com");
  assert_auth (incoming->pdata[0], 1, MS_AUTH_PASSWORD);
  g_assert_cmpuint (outgoing->len, ==, 1);
  g_assert_cmpstr (ms_server_get_host (outgoing->pdata[0]), ==, "smtp.example.com");

  g_assert_true (has_warning (config, "Incoming server 1", "GSSAPI, NTLM", NULL));
  g_assert_true (has_warning (config, "mixed.example.com", "NTLM", "ignored", NULL));
  g_assert_true (has_warning (config, "Outgoing server 1", "TLS-client-cert", NULL));
  g_assert_true (has_warning (config, "Outgoing server 2", "smtp-after-pop, GSSAPI", NULL));
}

static void
test_hostile_values (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsClientConfig) config = parse_file ("hostile-values.xml", NULL, &error);
  GPtrArray *incoming;

  g_assert_no_error (error);
  dump_warnings (config);

  incoming = ms_client_config_get_incoming (config);
  g_assert_cmpuint (incoming->len, ==, 1);
  assert_server (incoming->pdata[0], MS_PROTOCOL_IMAP, "imap.example.com", 993, MS_SECURITY_TLS,
                 "%EMAILADDRESS%");
  g_assert_true (has_warning (config, "Incoming server 1", "hostname", NULL));
  g_assert_true (has_warning (config, "Incoming server 2", "hostname", NULL));
  g_assert_true (has_warning (config, "Incoming server 3", "username", NULL));
  g_assert_true (has_warning (config, "not a domain", NULL));

  /* invisible and control characters do not reach the page */
  g_assert_cmpstr (ms_client_config_get_display_name (config), ==, "Evil Name");
  g_assert_cmpstr (ms_client_config_get_domains (config)[0], ==, "example.com");
  g_assert_null (ms_client_config_get_domains (config)[1]);
  /* only web links */
  g_assert_null (ms_client_config_get_documentation_url (config));
  g_assert_null (ms_client_config_get_enable_url (config));
  g_assert_cmpstr (ms_client_config_get_password_reset_url (config), ==, "https://example.com/reset");
  g_assert_true (has_warning (config, "javascript:alert(1)", NULL));
  g_assert_true (has_warning (config, "file:///etc/passwd", NULL));
}

static void
test_placeholder_host_invalid_for_address (void)
{
  /* %EMAILLOCALPART% in a host name is fine for "user" but not for "a+b" */
  const char *doc =
    "<clientConfig version=\"1.1\"><emailProvider id=\"p\"><domain>p.example</domain>"
    "<incomingServer type=\"imap\"><hostname>%EMAILLOCALPART%.imap.p.example</hostname><port>993</port>"
    "<socketType>SSL</socketType></incomingServer>"
    "<incomingServer type=\"imap\"><hostname>imap.p.example</hostname><port>993</port>"
    "<socketType>SSL</socketType></incomingServer>"
    "<outgoingServer type=\"smtp\"><hostname>smtp.p.example</hostname><port>465</port>"
    "<socketType>SSL</socketType></outgoingServer></emailProvider></clientConfig>";
  g_autoptr(MsClientConfig) config = ms_client_config_parse (doc, strlen (doc), NULL, NULL);
  g_autoptr(MsAddress) plus = address_for ("a+b@p.example");
  g_autoptr(MsAddress) plain = address_for ("user@p.example");
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(MsAccount) account_plus = NULL;
  g_autoptr(MsAccount) account_plain = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MsClientConfig) direct = NULL;

  g_assert_nonnull (config);
  account_plain = ms_client_config_to_account (config, plain, MS_SOURCE_ISPDB, NULL, warnings);
  g_assert_cmpuint (ms_account_get_incoming (account_plain)->len, ==, 2);
  g_assert_cmpstr (ms_server_get_host (ms_account_get_incoming (account_plain)->pdata[0]), ==,
                   "user.imap.p.example");
  g_assert_cmpuint (warnings->len, ==, 0);

  account_plus = ms_client_config_to_account (config, plus, MS_SOURCE_ISPDB, NULL, warnings);
  g_assert_cmpuint (ms_account_get_incoming (account_plus)->len, ==, 1);
  g_assert_cmpstr (ms_server_get_host (ms_account_get_incoming (account_plus)->pdata[0]), ==,
                   "imap.p.example");
  g_assert_cmpuint (warnings->len, ==, 1);

  /* parsed directly for the address: the section is skipped with a reason */
  direct = ms_client_config_parse (doc, strlen (doc), plus, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ms_client_config_get_incoming (direct)->len, ==, 1);
  g_assert_true (has_warning (direct, "Incoming server 1", "hostname", NULL));
}

static void
test_first_provider_only (void)
{
  const char *doc =
    "<clientConfig version=\"1.1\"><emailProvider id=\"first\"><domain>one.example</domain>"
    "<incomingServer type=\"imap\"><hostname>imap.one.example</hostname><port>993</port>"
    "<socketType>SSL</socketType></incomingServer>"
    "<outgoingServer type=\"smtp\"><hostname>smtp.one.example</hostname><port>465</port>"
    "<socketType>SSL</socketType></outgoingServer></emailProvider>"
    "<emailProvider id=\"second\"><domain>two.example</domain></emailProvider></clientConfig>";
  g_autoptr(MsClientConfig) config = ms_client_config_parse (doc, strlen (doc), NULL, NULL);

  g_assert_nonnull (config);
  g_assert_cmpstr (ms_client_config_get_provider_id (config), ==, "first");
  g_assert_cmpint (ms_client_config_match_domain (config, "two.example", NULL), ==, MS_DOMAIN_MATCH_NONE);
  g_assert_true (has_warning (config, "emailProvider", NULL));
}

/* The writer */

static void
assert_same_servers (GPtrArray *a,
                     GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      if (!ms_server_equal (a->pdata[i], b->pdata[i]))
        {
          g_autofree char *ua = ms_server_to_uri (a->pdata[i]);
          g_autofree char *ub = ms_server_to_uri (b->pdata[i]);

          g_error ("server %u differs: %s (%s) vs %s (%s)", i,
                   ua, ms_server_get_username (a->pdata[i]),
                   ub, ms_server_get_username (b->pdata[i]));
        }
    }
}

static void
test_round_trip (void)
{
  g_autoptr(MsAddress) address = address_for ("Jane.Doe@example.com");
  g_autoptr(MsClientConfig) config = parse_file ("valid-full.xml", NULL, NULL);
  g_autoptr(MsAccount) account = NULL;
  g_autoptr(MsClientConfig) reread = NULL;
  g_autoptr(MsAccount) account2 = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;
  gsize len = 0;

  g_assert_nonnull (config);
  account = ms_client_config_to_account (config, address, MS_SOURCE_AUTOCONFIG, NULL, NULL);
  xml = ms_client_config_write (account, &len);
  g_test_message ("%s", xml);
  g_assert_cmpuint (len, ==, strlen (xml));
  g_assert_true (g_str_has_prefix (xml, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
  g_assert_nonnull (strstr (xml, "<clientConfig version=\"1.1\">"));
  /* usernames written back as placeholders */
  g_assert_nonnull (strstr (xml, "<username>%EMAILADDRESS%</username>"));
  g_assert_nonnull (strstr (xml, "<username>%EMAILLOCALPART%</username>"));
  g_assert_null (strstr (xml, "Jane.Doe"));

  reread = ms_client_config_parse (xml, len, address, &error);
  g_assert_no_error (error);
  g_assert_null (ms_client_config_get_warnings (reread)[0]);
  account2 = ms_client_config_to_account (reread, address, MS_SOURCE_AUTOCONFIG, NULL, NULL);

  assert_same_servers (ms_account_get_incoming (account), ms_account_get_incoming (account2));
  assert_same_servers (ms_account_get_outgoing (account), ms_account_get_outgoing (account2));
  g_assert_cmpstr (ms_account_get_provider_id (account2), ==, "example-mail");
  g_assert_cmpstr (ms_account_get_provider_name (account2), ==, "Example Mail & Friends");
  g_assert_cmpstr (ms_account_get_provider_short_name (account2), ==, "Example");
  g_assert_cmpstr (ms_account_get_documentation_url (account2), ==, ms_account_get_documentation_url (account));
  g_assert_cmpstr (ms_account_get_enable_url (account2), ==, ms_account_get_enable_url (account));
  g_assert_cmpstr (ms_account_get_password_reset_url (account2), ==, ms_account_get_password_reset_url (account));
  g_assert_cmpint (ms_account_get_oauth2_required (account2), ==, ms_account_get_oauth2_required (account));
  g_assert_cmpstr (ms_account_get_oauth2_token_url (account2), ==, "https://accounts.example.com/token");
  g_assert_true (ms_account_provider_owns_host (account2, "imap.example.net"));
}

static void
test_write_escapes (void)
{
  /* An edited account with characters XML must escape comes back unchanged. */
  g_autoptr(MsAddress) address = address_for ("o'neil&co@example.com");
  g_autoptr(MsAccount) account = ms_account_new (address);
  g_autoptr(MsServer) imap = ms_server_new (MS_PROTOCOL_IMAP, "imap.example.com", 993,
                                            MS_SECURITY_TLS, "o'neil&co<x>\"");
  g_autoptr(MsServer) smtp = ms_server_new (MS_PROTOCOL_SMTP, "smtp.example.com", 587,
                                            MS_SECURITY_STARTTLS, "o'neil&co@example.com");
  g_autoptr(MsClientConfig) reread = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;
  gsize len = 0;

  ms_server_add_auth (imap, MS_AUTH_PASSWORD);
  ms_server_add_auth (smtp, MS_AUTH_OAUTH2);
  ms_account_add_server (account, imap);
  ms_account_add_server (account, smtp);
  ms_account_set_provider_name (account, "A & B <Mail>");
  ms_account_set_documentation_url (account, "https://example.com/?a=1&b=\"2\"");
  ms_account_set_oauth2_required (account, TRUE);

  xml = ms_client_config_write (account, &len);
  reread = ms_client_config_parse (xml, len, address, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ms_client_config_get_provider_id (reread), ==, "example.com");
  g_assert_cmpstr (ms_client_config_get_domains (reread)[0], ==, "example.com");
  g_assert_cmpstr (ms_client_config_get_display_name (reread), ==, "A & B <Mail>");
  g_assert_cmpstr (ms_client_config_get_documentation_url (reread), ==, "https://example.com/?a=1&b=\"2\"");
  g_assert_true (ms_client_config_get_oauth2_required (reread));
  g_assert_true (ms_server_equal (imap, ms_client_config_get_incoming (reread)->pdata[0]));
  g_assert_true (ms_server_equal (smtp, ms_client_config_get_outgoing (reread)->pdata[0]));
}

/* The account model */

static void
test_enums (void)
{
  MsProtocol protocol = MS_PROTOCOL_SMTP;
  MsSecurity security = MS_SECURITY_NONE;
  MsSource source = MS_SOURCE_NONE;
  MsAuth auth = MS_AUTH_NONE;
  static const char * const sources[] = {
    "builtin", "autoconfig", "well-known", "ispdb", "mx", "srv", "guess",
  };

  g_assert_cmpstr (ms_protocol_to_string (MS_PROTOCOL_IMAP), ==, "imap");
  g_assert_cmpstr (ms_protocol_to_string (MS_PROTOCOL_POP3), ==, "pop3");
  g_assert_cmpstr (ms_protocol_to_string (MS_PROTOCOL_SMTP), ==, "smtp");
  g_assert_null (ms_protocol_to_string ((MsProtocol) 42));
  g_assert_true (ms_protocol_from_string ("IMAP", &protocol));
  g_assert_cmpint (protocol, ==, MS_PROTOCOL_IMAP);
  g_assert_true (ms_protocol_from_string ("pop3", &protocol));
  g_assert_cmpint (protocol, ==, MS_PROTOCOL_POP3);
  g_assert_false (ms_protocol_from_string ("nntp", &protocol));
  g_assert_false (ms_protocol_from_string (NULL, &protocol));
  g_assert_cmpint (protocol, ==, MS_PROTOCOL_POP3);
  g_assert_true (ms_protocol_is_incoming (MS_PROTOCOL_IMAP));
  g_assert_true (ms_protocol_is_incoming (MS_PROTOCOL_POP3));
  g_assert_false (ms_protocol_is_incoming (MS_PROTOCOL_SMTP));

  g_assert_cmpuint (ms_protocol_default_port (MS_PROTOCOL_IMAP, MS_SECURITY_TLS), ==, 993);
  g_assert_cmpuint (ms_protocol_default_port (MS_PROTOCOL_IMAP, MS_SECURITY_STARTTLS), ==, 143);
  g_assert_cmpuint (ms_protocol_default_port (MS_PROTOCOL_POP3, MS_SECURITY_TLS), ==, 995);
  g_assert_cmpuint (ms_protocol_default_port (MS_PROTOCOL_POP3, MS_SECURITY_NONE), ==, 110);
  g_assert_cmpuint (ms_protocol_default_port (MS_PROTOCOL_SMTP, MS_SECURITY_TLS), ==, 465);
  g_assert_cmpuint (ms_protocol_default_port (MS_PROTOCOL_SMTP, MS_SECURITY_STARTTLS), ==, 587);

  g_assert_cmpstr (ms_security_to_string (MS_SECURITY_TLS), ==, "tls");
  g_assert_cmpstr (ms_security_to_string (MS_SECURITY_STARTTLS), ==, "starttls");
  g_assert_cmpstr (ms_security_to_string (MS_SECURITY_NONE), ==, "none");
  g_assert_true (ms_security_from_string ("starttls", &security));
  g_assert_cmpint (security, ==, MS_SECURITY_STARTTLS);
  g_assert_true (ms_security_from_string ("TLS", &security));
  g_assert_cmpint (security, ==, MS_SECURITY_TLS);
  g_assert_false (ms_security_from_string ("ssl", &security));

  g_assert_cmpstr (ms_auth_to_string (MS_AUTH_PASSWORD), ==, "password");
  g_assert_cmpstr (ms_auth_to_string (MS_AUTH_PASSWORD | MS_AUTH_PASSWORD_ENCRYPTED), ==, "password");
  g_assert_cmpstr (ms_auth_to_string (MS_AUTH_OAUTH2), ==, "oauth2");
  g_assert_null (ms_auth_to_string (MS_AUTH_NONE));
  g_assert_null (ms_auth_to_string (MS_AUTH_OAUTH2 | MS_AUTH_PASSWORD));
  g_assert_true (ms_auth_from_string ("oauth2", &auth));
  g_assert_cmpint (auth, ==, MS_AUTH_OAUTH2);
  g_assert_true (ms_auth_from_string ("password-encrypted", &auth));
  g_assert_cmpint (auth, ==, MS_AUTH_PASSWORD | MS_AUTH_PASSWORD_ENCRYPTED);
  g_assert_false (ms_auth_from_string ("ntlm", &auth));

  g_assert_null (ms_source_to_string (MS_SOURCE_NONE));
  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    {
      g_assert_cmpstr (ms_source_to_string ((MsSource) (MS_SOURCE_BUILTIN + i)), ==, sources[i]);
      g_assert_true (ms_source_from_string (sources[i], &source));
      g_assert_cmpint (source, ==, MS_SOURCE_BUILTIN + i);
    }
  g_assert_false (ms_source_from_string ("dns", &source));
  /* the enum order is the discovery rank */
  g_assert_cmpint (MS_SOURCE_BUILTIN, <, MS_SOURCE_AUTOCONFIG);
  g_assert_cmpint (MS_SOURCE_WELL_KNOWN, <, MS_SOURCE_ISPDB);
  g_assert_cmpint (MS_SOURCE_MX, <, MS_SOURCE_SRV);
  g_assert_cmpint (MS_SOURCE_SRV, <, MS_SOURCE_GUESS);
}

static void
test_server (void)
{
  g_autoptr(MsServer) server = ms_server_new (MS_PROTOCOL_IMAP, "imap.example.com", 993,
                                              MS_SECURITY_TLS, "%EMAILLOCALPART%");
  g_autoptr(MsServer) copy = NULL;
  g_autoptr(MsServer) resolved = NULL;
  g_autoptr(MsAddress) address = address_for ("me@example.com");
  g_autoptr(MsServer) v6 = ms_server_new (MS_PROTOCOL_SMTP, "2001:db8::1", 587, MS_SECURITY_STARTTLS, NULL);
  g_autofree char *uri = NULL;
  g_autofree char *uri6 = NULL;

  g_assert_cmpint (ms_server_get_preferred_auth (server), ==, MS_AUTH_NONE);
  ms_server_add_auth (server, MS_AUTH_OAUTH2);
  ms_server_add_auth (server, MS_AUTH_PASSWORD);
  ms_server_add_auth (server, MS_AUTH_OAUTH2);  /* already there */
  ms_server_add_auth (server, MS_AUTH_PASSWORD | MS_AUTH_PASSWORD_ENCRYPTED);  /* merges */
  assert_auth (server, 2, MS_AUTH_OAUTH2, MS_AUTH_PASSWORD | MS_AUTH_PASSWORD_ENCRYPTED);
  g_assert_cmpint (ms_server_get_preferred_auth (server), ==, MS_AUTH_OAUTH2);
  g_assert_cmpint (ms_server_get_auth (server), ==,
                   MS_AUTH_OAUTH2 | MS_AUTH_PASSWORD | MS_AUTH_PASSWORD_ENCRYPTED);

  copy = ms_server_copy (server);
  g_assert_true (ms_server_equal (server, copy));
  ms_server_set_port (copy, 143);
  g_assert_false (ms_server_equal (server, copy));
  ms_server_set_port (copy, 993);
  ms_server_set_host (copy, "IMAP.example.com");
  g_assert_true (ms_server_equal (server, copy));  /* host names compare without case */
  ms_server_set_security (copy, MS_SECURITY_STARTTLS);
  g_assert_false (ms_server_equal (server, copy));
  ms_server_set_security (copy, MS_SECURITY_TLS);
  ms_server_clear_auth (copy);
  g_assert_false (ms_server_equal (server, copy));
  g_assert_cmpint (ms_server_get_auth (copy), ==, MS_AUTH_NONE);
  /* the original is untouched */
  g_assert_cmpint (ms_server_get_auth (server), !=, MS_AUTH_NONE);

  resolved = ms_server_resolve (server, address);
  g_assert_cmpstr (ms_server_get_username (resolved), ==, "me");
  g_assert_cmpstr (ms_server_get_username (server), ==, "%EMAILLOCALPART%");

  uri = ms_server_to_uri (server);
  g_assert_cmpstr (uri, ==, "imap://imap.example.com:993/tls");
  uri6 = ms_server_to_uri (v6);
  g_assert_cmpstr (uri6, ==, "smtp://[2001:db8::1]:587/starttls");
}

static void
test_account (void)
{
  g_autoptr(MsAddress) address = address_for ("user@nc.rr.com");
  g_autoptr(MsAccount) account = ms_account_new (address);
  g_autoptr(MsAccount) copy = NULL;
  g_autoptr(MsServer) pop = ms_server_new (MS_PROTOCOL_POP3, "pop.example.com", 995, MS_SECURITY_TLS, "u");
  g_autoptr(MsServer) imap = ms_server_new (MS_PROTOCOL_IMAP, "imap.example.com", 993, MS_SECURITY_TLS, "u");
  g_autoptr(MsServer) smtp = ms_server_new (MS_PROTOCOL_SMTP, "smtp.example.com", 465, MS_SECURITY_TLS, "u");

  g_assert_true (ms_account_get_address (account) == address);
  g_assert_cmpstr (ms_account_get_domain (account), ==, "nc.rr.com");
  g_assert_null (ms_account_get_provider_id (account));
  g_assert_cmpint (ms_account_get_source (account), ==, MS_SOURCE_NONE);
  g_assert_null (ms_account_get_redirects (account)[0]);

  ms_account_add_server (account, pop);
  ms_account_add_server (account, imap);
  ms_account_add_server (account, smtp);
  g_assert_cmpuint (ms_account_get_incoming (account)->len, ==, 2);
  g_assert_cmpuint (ms_account_get_outgoing (account)->len, ==, 1);
  /* order kept: the POP3 entry was added first */
  g_assert_true (ms_account_get_incoming (account)->pdata[0] == pop);
  g_assert_true (ms_account_find_server (account, MS_PROTOCOL_IMAP) == imap);
  g_assert_true (ms_account_find_server (account, MS_PROTOCOL_SMTP) == smtp);

  ms_account_add_provider_domain (account, "RR.com");
  ms_account_add_provider_domain (account, "rr.com");
  g_assert_cmpstr (ms_account_get_provider_domains (account)[0], ==, "rr.com");
  g_assert_null (ms_account_get_provider_domains (account)[1]);
  g_assert_true (ms_account_provider_owns_host (account, "mail.rr.com"));
  g_assert_false (ms_account_provider_owns_host (account, "mail.notrr.com"));

  ms_account_set_source (account, MS_SOURCE_MX);
  ms_account_set_provenance (account, "https://autoconfig.rr.com/mail/config-v1.1.xml");
  ms_account_add_redirect (account, "https://autoconfig.nc.rr.com/mail/config-v1.1.xml");
  ms_account_set_needs_confirmation (account, TRUE);
  g_assert_cmpstr (ms_account_get_redirects (account)[0], ==, "https://autoconfig.nc.rr.com/mail/config-v1.1.xml");
  g_assert_true (ms_account_get_needs_confirmation (account));

  /* a deep copy: editing it leaves the original alone */
  copy = ms_account_copy (account);
  g_assert_cmpint (ms_account_get_source (copy), ==, MS_SOURCE_MX);
  g_assert_cmpstr (ms_account_get_redirects (copy)[0], ==, "https://autoconfig.nc.rr.com/mail/config-v1.1.xml");
  g_assert_true (ms_account_get_needs_confirmation (copy));
  g_assert_true (ms_server_equal (ms_account_get_incoming (copy)->pdata[1], imap));
  ms_server_set_host (ms_account_get_incoming (copy)->pdata[1], "changed.example.com");
  g_assert_cmpstr (ms_server_get_host (imap), ==, "imap.example.com");

  ms_account_clear_servers (copy);
  g_assert_cmpuint (ms_account_get_incoming (copy)->len, ==, 0);
  g_assert_null (ms_account_find_server (copy, MS_PROTOCOL_IMAP));
  g_assert_cmpuint (ms_account_get_incoming (account)->len, ==, 2);
}

/* JSON */

static void
assert_json_string (const char *value,
                    const char *expected)
{
  g_autoptr(GString) out = g_string_new (NULL);

  ms_json_append_string (out, value);
  g_assert_cmpstr (out->str, ==, expected);
}

static void
test_json_escape (void)
{
  assert_json_string (NULL, "null");
  assert_json_string ("", "\"\"");
  assert_json_string ("plain", "\"plain\"");
  assert_json_string ("say \"hi\"", "\"say \\\"hi\\\"\"");
  assert_json_string ("C:\\path\\", "\"C:\\\\path\\\\\"");
  assert_json_string ("a\nb\rc\td\be\ff", "\"a\\nb\\rc\\td\\be\\ff\"");
  assert_json_string ("\x01\x1f\x7f", "\"\\u0001\\u001f\\u007f\"");
  assert_json_string ("/</script>", "\"/</script>\"");
  /* UTF-8 passes through */
  assert_json_string ("Bücher € 😀", "\"Bücher € 😀\"");
  /* line and paragraph separators are escaped for JavaScript's sake */
  assert_json_string ("a\u2028b\u2029c", "\"a\\u2028b\\u2029c\"");
  /* invalid UTF-8 becomes U+FFFD, so the output stays valid */
  assert_json_string ("bad\xff\xfe!", "\"bad\xef\xbf\xbd\xef\xbf\xbd!\"");
}

static void
test_json_builder (void)
{
  g_autoptr(MsJsonBuilder) builder = ms_json_builder_new ();

  ms_json_builder_begin_object (builder);
  ms_json_builder_set_member (builder, "s");
  ms_json_builder_add_string (builder, "x\"y");
  ms_json_builder_set_member (builder, "n");
  ms_json_builder_add_int (builder, -42);
  ms_json_builder_set_member (builder, "big");
  ms_json_builder_add_int (builder, G_GINT64_CONSTANT (9007199254740993));
  ms_json_builder_set_member (builder, "d");
  ms_json_builder_add_double (builder, 0.25);
  ms_json_builder_set_member (builder, "nan");
  ms_json_builder_add_double (builder, NAN);
  ms_json_builder_set_member (builder, "t");
  ms_json_builder_add_bool (builder, TRUE);
  ms_json_builder_set_member (builder, "f");
  ms_json_builder_add_bool (builder, FALSE);
  ms_json_builder_set_member (builder, "z");
  ms_json_builder_add_null (builder);
  ms_json_builder_set_member (builder, "empty");
  ms_json_builder_begin_array (builder);
  ms_json_builder_end_array (builder);
  ms_json_builder_set_member (builder, "list");
  ms_json_builder_begin_array (builder);
  ms_json_builder_add_int (builder, 1);
  ms_json_builder_begin_object (builder);
  ms_json_builder_end_object (builder);
  ms_json_builder_begin_array (builder);
  ms_json_builder_add_string (builder, "a");
  ms_json_builder_add_string (builder, NULL);
  ms_json_builder_end_array (builder);
  ms_json_builder_end_array (builder);
  ms_json_builder_set_member (builder, "key \"q\"\n");
  ms_json_builder_add_int (builder, 0);
  ms_json_builder_end_object (builder);

  g_assert_cmpstr (ms_json_builder_get_text (builder), ==,
                   "{\"s\":\"x\\\"y\",\"n\":-42,\"big\":9007199254740993,\"d\":0.25,\"nan\":null,"
                   "\"t\":true,\"f\":false,\"z\":null,\"empty\":[],"
                   "\"list\":[1,{},[\"a\",null]],\"key \\\"q\\\"\\n\":0}");
}

static void
test_json_builder_misuse (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(MsJsonBuilder) builder = ms_json_builder_new ();

      ms_json_builder_begin_object (builder);
      /* a value without a member name inside an object */
      ms_json_builder_add_int (builder, 1);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*CRITICAL*");
}

static void
test_json_account (void)
{
  g_autoptr(MsAddress) address = address_for ("user@example.com");
  g_autoptr(MsClientConfig) config = parse_file ("valid-full.xml", NULL, NULL);
  g_autoptr(MsAccount) account = NULL;
  g_autoptr(MsJsonBuilder) builder = ms_json_builder_new ();
  g_autofree char *json = NULL;

  g_assert_nonnull (config);
  account = ms_client_config_to_account (config, address, MS_SOURCE_WELL_KNOWN, NULL, NULL);
  ms_account_set_needs_confirmation (account, TRUE);
  json = ms_account_to_json (account);

  g_assert_cmpstr (json, ==,
    "{\"address\":\"user@example.com\",\"domain\":\"example.com\","
    "\"provider\":{\"id\":\"example-mail\",\"name\":\"Example Mail & Friends\"},"
    "\"source\":\"well-known\",\"needs_confirmation\":true,"
    "\"incoming\":["
      "{\"protocol\":\"imap\",\"host\":\"imap.example.com\",\"port\":993,\"security\":\"tls\","
       "\"username\":\"user@example.com\",\"auth\":[\"oauth2\",\"password\"]},"
      "{\"protocol\":\"imap\",\"host\":\"imap-alt.example.com\",\"port\":143,\"security\":\"starttls\","
       "\"username\":\"user\",\"auth\":[\"password\"]},"
      "{\"protocol\":\"pop3\",\"host\":\"pop.example.com\",\"port\":995,\"security\":\"tls\","
       "\"username\":\"user@example.com\",\"auth\":[\"password\"]}],"
    "\"outgoing\":["
      "{\"protocol\":\"smtp\",\"host\":\"smtp.example.com\",\"port\":465,\"security\":\"tls\","
       "\"username\":\"user@example.com\",\"auth\":[\"oauth2\",\"password\"]},"
      "{\"protocol\":\"smtp\",\"host\":\"smtp.example.com\",\"port\":587,\"security\":\"starttls\","
       "\"username\":\"user@example.com\",\"auth\":[\"password\"]}]}");

  /* the "nothing found" form, with a trace added by the caller */
  ms_json_builder_begin_object (builder);
  ms_account_add_empty_json_members (address, builder);
  ms_json_builder_set_member (builder, "trace");
  ms_json_builder_begin_array (builder);
  ms_json_builder_end_array (builder);
  ms_json_builder_end_object (builder);
  g_assert_cmpstr (ms_json_builder_get_text (builder), ==,
    "{\"address\":\"user@example.com\",\"domain\":\"example.com\",\"provider\":null,"
    "\"source\":null,\"needs_confirmation\":false,\"incoming\":[],\"outgoing\":[],\"trace\":[]}");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/client-config/parse/full", test_parse_full);
  g_test_add_func ("/client-config/parse/templates", test_parse_templates);
  g_test_add_func ("/client-config/parse/match-domain", test_match_domain);
  g_test_add_func ("/client-config/parse/oauth2-marks", test_oauth2_marks);
  g_test_add_func ("/client-config/parse/first-provider-only", test_first_provider_only);
  g_test_add_func ("/client-config/parse/no-sign-in-twice", test_no_sign_in_twice);
  g_test_add_func ("/client-config/parse/odd-servers", test_odd_servers);
  g_test_add_func ("/client-config/refuse/doctype", test_refuse_doctype);
  g_test_add_func ("/client-config/refuse/doctype-inline", test_refuse_doctype_inline);
  g_test_add_func ("/client-config/refuse/deep", test_refuse_deep);
  g_test_add_func ("/client-config/refuse/depth-at-limit", test_depth_at_limit);
  g_test_add_func ("/client-config/refuse/wrong-root", test_refuse_wrong_root);
  g_test_add_func ("/client-config/refuse/malformed", test_refuse_malformed);
  g_test_add_func ("/client-config/refuse/no-usable-outgoing", test_no_usable_outgoing_reason);
  g_test_add_func ("/client-config/refuse/size-cap", test_size_cap);
  g_test_add_func ("/client-config/skip/missing-fields", test_skip_missing_fields);
  g_test_add_func ("/client-config/skip/bad-ports", test_skip_bad_ports);
  g_test_add_func ("/client-config/skip/socket-type", test_skip_socket_type);
  g_test_add_func ("/client-config/skip/unsupported-auth", test_skip_unsupported_auth);
  g_test_add_func ("/client-config/skip/hostile-values", test_hostile_values);
  g_test_add_func ("/client-config/skip/placeholder-host", test_placeholder_host_invalid_for_address);
  g_test_add_func ("/client-config/write/round-trip", test_round_trip);
  g_test_add_func ("/client-config/write/escapes", test_write_escapes);
  g_test_add_func ("/account/enums", test_enums);
  g_test_add_func ("/account/server", test_server);
  g_test_add_func ("/account/model", test_account);
  g_test_add_func ("/json/escape", test_json_escape);
  g_test_add_func ("/json/builder", test_json_builder);
  g_test_add_func ("/json/builder-misuse", test_json_builder_misuse);
  g_test_add_func ("/json/account", test_json_account);

  return g_test_run ();
}
