/* test-provider-db.c: the built-in provider table
 *
 * The expected values below restate what the files in data/providers say; a change there that
 * is not mirrored here fails the test on purpose.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "ms-provider-db.h"

typedef struct {
  const char *domain;
  const char *provider_id;
  const char *imap_host;
  guint16 imap_port;
  MsSecurity imap_security;
  const char *smtp_host;
  guint16 smtp_port;
  MsSecurity smtp_security;
  gboolean oauth2_required;
} Expected;

#define TLS MS_SECURITY_TLS
#define STARTTLS MS_SECURITY_STARTTLS

static const Expected expected[] = {
  /* Spectrum: Charter */
  { "charter.net", "spectrum", "mobile.charter.net", 993, TLS, "mobile.charter.net", 587, TLS, FALSE },
  { "spectrum.net", "spectrum", "mobile.charter.net", 993, TLS, "mobile.charter.net", 587, TLS, FALSE },
  { "bresnan.net", "spectrum", "mobile.charter.net", 993, TLS, "mobile.charter.net", 587, TLS, FALSE },
  /* Spectrum: Road Runner / TWC, rr.com and every subdomain */
  { "rr.com", "spectrum-roadrunner", "mail.twc.com", 993, TLS, "mail.twc.com", 587, STARTTLS, FALSE },
  { "nc.rr.com", "spectrum-roadrunner", "mail.twc.com", 993, TLS, "mail.twc.com", 587, STARTTLS, FALSE },
  { "austin.rr.com", "spectrum-roadrunner", "mail.twc.com", 993, TLS, "mail.twc.com", 587, STARTTLS, FALSE },
  { "tampabay.rr.com", "spectrum-roadrunner", "mail.twc.com", 993, TLS, "mail.twc.com", 587, STARTTLS, FALSE },
  { "twcny.rr.com", "spectrum-roadrunner", "mail.twc.com", 993, TLS, "mail.twc.com", 587, STARTTLS, FALSE },
  { "socal.rr.com", "spectrum-roadrunner", "mail.twc.com", 993, TLS, "mail.twc.com", 587, STARTTLS, FALSE },
  { "roadrunner.com", "spectrum-roadrunner", "mail.twc.com", 993, TLS, "mail.twc.com", 587, STARTTLS, FALSE },
  { "twc.com", "spectrum-roadrunner", "mail.twc.com", 993, TLS, "mail.twc.com", 587, STARTTLS, FALSE },
  /* Spectrum: Bright House */
  { "brighthouse.com", "spectrum-brighthouse", "mail.brighthouse.com", 993, TLS, "mail.brighthouse.com", 587, STARTTLS, FALSE },
  /* Google */
  { "gmail.com", "gmail", "imap.gmail.com", 993, TLS, "smtp.gmail.com", 465, TLS, TRUE },
  { "googlemail.com", "gmail", "imap.gmail.com", 993, TLS, "smtp.gmail.com", 465, TLS, TRUE },
  /* Microsoft */
  { "outlook.com", "outlook", "outlook.office365.com", 993, TLS, "smtp-mail.outlook.com", 587, STARTTLS, TRUE },
  { "hotmail.com", "outlook", "outlook.office365.com", 993, TLS, "smtp-mail.outlook.com", 587, STARTTLS, TRUE },
  { "live.com", "outlook", "outlook.office365.com", 993, TLS, "smtp-mail.outlook.com", 587, STARTTLS, TRUE },
  { "msn.com", "outlook", "outlook.office365.com", 993, TLS, "smtp-mail.outlook.com", 587, STARTTLS, TRUE },
  /* Yahoo, and Cox which lives there now */
  { "yahoo.com", "yahoo", "imap.mail.yahoo.com", 993, TLS, "smtp.mail.yahoo.com", 465, TLS, TRUE },
  { "yahoo.co.uk", "yahoo", "imap.mail.yahoo.com", 993, TLS, "smtp.mail.yahoo.com", 465, TLS, TRUE },
  { "cox.net", "cox", "imap.mail.yahoo.com", 993, TLS, "smtp.mail.yahoo.com", 465, TLS, TRUE },
  /* AOL, and Verizon which lives there now */
  { "aol.com", "aol", "imap.aol.com", 993, TLS, "smtp.aol.com", 465, TLS, TRUE },
  { "verizon.net", "verizon", "imap.aol.com", 993, TLS, "smtp.aol.com", 465, TLS, TRUE },
  /* Apple */
  { "icloud.com", "icloud", "imap.mail.me.com", 993, TLS, "smtp.mail.me.com", 587, STARTTLS, FALSE },
  { "me.com", "icloud", "imap.mail.me.com", 993, TLS, "smtp.mail.me.com", 587, STARTTLS, FALSE },
  { "mac.com", "icloud", "imap.mail.me.com", 993, TLS, "smtp.mail.me.com", 587, STARTTLS, FALSE },
  /* US ISPs */
  { "comcast.net", "comcast", "imap.comcast.net", 993, TLS, "smtp.comcast.net", 465, TLS, FALSE },
  { "att.net", "att", "imap.mail.att.net", 993, TLS, "smtp.mail.att.net", 465, TLS, FALSE },
  { "sbcglobal.net", "att", "imap.mail.att.net", 993, TLS, "smtp.mail.att.net", 465, TLS, FALSE },
  /* European webmail */
  { "gmx.com", "gmx-com", "imap.gmx.com", 993, TLS, "mail.gmx.com", 465, TLS, FALSE },
  { "gmx.net", "gmx", "imap.gmx.net", 993, TLS, "mail.gmx.net", 465, TLS, FALSE },
  { "gmx.de", "gmx", "imap.gmx.net", 993, TLS, "mail.gmx.net", 465, TLS, FALSE },
  { "web.de", "webde", "imap.web.de", 993, TLS, "smtp.web.de", 465, TLS, FALSE },
  /* Others */
  { "fastmail.com", "fastmail", "imap.fastmail.com", 993, TLS, "smtp.fastmail.com", 465, TLS, FALSE },
  { "zoho.com", "zoho", "imap.zoho.com", 993, TLS, "smtp.zoho.com", 465, TLS, FALSE },
  /* The world (derived from the ISPDB's facts; cross-check-ispdb compares them) */
  { "mail.com", "mailcom", "imap.mail.com", 993, TLS, "smtp.mail.com", 465, TLS, FALSE },
  { "usa.com", "mailcom", "imap.mail.com", 993, TLS, "smtp.mail.com", 465, TLS, FALSE },
  { "t-online.de", "t-online", "secureimap.t-online.de", 993, TLS, "securesmtp.t-online.de", 465, TLS, FALSE },
  { "orange.fr", "orange", "imap.orange.fr", 993, TLS, "smtp.orange.fr", 465, TLS, FALSE },
  { "btinternet.com", "bt", "mail.btinternet.com", 993, TLS, "mail.btinternet.com", 465, TLS, FALSE },
  { "earthlink.net", "earthlink", "imap.earthlink.net", 993, TLS, "smtpauth.earthlink.net", 587, STARTTLS, FALSE },
  { "yandex.ru", "yandex", "imap.yandex.com", 993, TLS, "smtp.yandex.com", 465, TLS, FALSE },
  { "qq.com", "qq", "imap.qq.com", 993, TLS, "smtp.qq.com", 465, TLS, FALSE },
  { "163.com", "netease-163", "imap.163.com", 993, TLS, "smtp.163.com", 465, TLS, FALSE },
  { "naver.com", "naver", "imap.naver.com", 993, TLS, "smtp.naver.com", 465, TLS, FALSE },
  { "posteo.de", "posteo", "posteo.de", 993, TLS, "posteo.de", 465, TLS, FALSE },
  { "ziggo.nl", "ziggo", "imap.ziggo.nl", 993, TLS, "smtp.ziggo.nl", 587, STARTTLS, FALSE },
  { "libero.it", "libero", "imapmail.libero.it", 993, TLS, "smtp.libero.it", 465, TLS, FALSE },
  { "seznam.cz", "seznam", "imap.seznam.cz", 993, TLS, "smtp.seznam.cz", 465, TLS, FALSE },
  { "sympatico.ca", "bell", "imap.bell.net", 993, TLS, "smtphm.sympatico.ca", 587, STARTTLS, FALSE },
  { "centurylink.net", "centurylink", "mail.centurylink.net", 993, TLS, "smtp.centurylink.net", 587, STARTTLS, FALSE },
  { "virginmedia.com", "virginmedia", "imap.virginmedia.com", 993, TLS, "smtp.virginmedia.com", 465, TLS, FALSE },
  { "bigpond.com", "telstra", "imap.telstra.com", 993, TLS, "smtp.telstra.com", 465, TLS, FALSE },
  /* Proton: only through the local Bridge */
  { "proton.me", "proton", "127.0.0.1", 1143, STARTTLS, "127.0.0.1", 1025, STARTTLS, FALSE },
  { "protonmail.com", "proton", "127.0.0.1", 1143, STARTTLS, "127.0.0.1", 1025, STARTTLS, FALSE },
};

static MsAddress *
address_for (const char *text)
{
  g_autoptr(GError) error = NULL;
  MsAddress *address = ms_address_parse (text, &error);

  g_assert_no_error (error);
  return address;
}

static void
test_default_loads_cleanly (void)
{
  MsProviderDb *db = ms_provider_db_get_default ();
  const char * const *warnings;
  g_auto(GStrv) files = NULL;
  guint n_files = 0;

  g_assert_true (MS_IS_PROVIDER_DB (db));
  /* the same object every time */
  g_assert_true (db == ms_provider_db_get_default ());

  warnings = ms_provider_db_get_warnings (db);
  for (guint i = 0; warnings[i] != NULL; i++)
    g_test_message ("provider table: %s", warnings[i]);
  g_assert_null (warnings[0]);

  /* every file in the resource became a provider */
  files = g_resources_enumerate_children (MS_PROVIDER_DB_RESOURCE_PATH, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_assert_nonnull (files);
  for (guint i = 0; files[i] != NULL; i++)
    if (g_str_has_suffix (files[i], ".xml"))
      n_files++;
  g_assert_cmpuint (n_files, >, 0);
  g_assert_cmpuint (ms_provider_db_get_n_providers (db), ==, n_files);
}

static void
test_lookup (gconstpointer data)
{
  const Expected *e = data;
  MsProviderDb *db = ms_provider_db_get_default ();
  g_autofree char *text = g_strconcat ("someone@", e->domain, NULL);
  g_autoptr(MsAddress) address = address_for (text);
  g_autoptr(MsAccount) account = ms_provider_db_lookup (db, address);
  g_autofree char *provenance = g_strconcat ("builtin:", e->provider_id, NULL);
  MsServer *imap, *smtp, *first_in, *first_out;

  g_assert_nonnull (account);
  g_assert_cmpstr (ms_account_get_provider_id (account), ==, e->provider_id);
  g_assert_nonnull (ms_account_get_provider_name (account));
  g_assert_cmpint (ms_account_get_source (account), ==, MS_SOURCE_BUILTIN);
  g_assert_cmpstr (ms_account_get_provenance (account), ==, provenance);
  g_assert_false (ms_account_get_needs_confirmation (account));
  g_assert_true (ms_account_get_address (account) == address);

  /* the first (preferred) entries are IMAP and SMTP with the expected settings */
  g_assert_cmpuint (ms_account_get_incoming (account)->len, >, 0);
  g_assert_cmpuint (ms_account_get_outgoing (account)->len, >, 0);
  first_in = g_ptr_array_index (ms_account_get_incoming (account), 0);
  first_out = g_ptr_array_index (ms_account_get_outgoing (account), 0);
  imap = ms_account_find_server (account, MS_PROTOCOL_IMAP);
  smtp = ms_account_find_server (account, MS_PROTOCOL_SMTP);
  g_assert_true (first_in == imap);
  g_assert_true (first_out == smtp);

  g_assert_cmpstr (ms_server_get_host (imap), ==, e->imap_host);
  g_assert_cmpuint (ms_server_get_port (imap), ==, e->imap_port);
  g_assert_cmpint (ms_server_get_security (imap), ==, e->imap_security);
  g_assert_cmpstr (ms_server_get_host (smtp), ==, e->smtp_host);
  g_assert_cmpuint (ms_server_get_port (smtp), ==, e->smtp_port);
  g_assert_cmpint (ms_server_get_security (smtp), ==, e->smtp_security);

  /* placeholders resolved for this address */
  g_assert_null (strchr (ms_server_get_username (imap), '%'));
  g_assert_null (strchr (ms_server_get_username (smtp), '%'));
  g_assert_cmpstr (ms_server_get_username (smtp), ==, ms_address_get_address (address));

  g_assert_cmpint (ms_account_get_oauth2_required (account), ==, e->oauth2_required);
  if (e->oauth2_required)
    {
      g_assert_true (ms_server_get_auth (imap) & MS_AUTH_OAUTH2);
      g_assert_true (ms_server_get_auth (smtp) & MS_AUTH_OAUTH2);
      g_assert_cmpint (ms_server_get_preferred_auth (imap), ==, MS_AUTH_OAUTH2);
    }
  else
    {
      g_assert_true (ms_server_get_auth (imap) & MS_AUTH_PASSWORD);
    }

  /* the provider vouches for its own domain */
  g_assert_true (ms_account_provider_owns_host (account, e->domain));
}

static void
test_oauth2_providers (void)
{
  static const char * const oauth2_only[] = { "gmail.com", "outlook.com", "yahoo.com", "aol.com" };
  MsProviderDb *db = ms_provider_db_get_default ();

  for (guint i = 0; i < G_N_ELEMENTS (oauth2_only); i++)
    {
      g_autofree char *text = g_strconcat ("someone@", oauth2_only[i], NULL);
      g_autoptr(MsAddress) address = address_for (text);
      g_autoptr(MsAccount) account = ms_provider_db_lookup (db, address);

      g_assert_nonnull (account);
      g_assert_true (ms_account_get_oauth2_required (account));
    }
}

/* Sign-in decided per server: Mail.ru lists OAuth2 first with a password on IMAP and a
 * password alone on SMTP, so IMAP keeps its browser sign-in and the account is not
 * OAuth2-only; o2's outgoing server works only from its own network. */
static void
test_per_server_sign_in (void)
{
  MsProviderDb *db = ms_provider_db_get_default ();
  g_autoptr(MsAddress) ru = address_for ("ivan@mail.ru");
  g_autoptr(MsAddress) pl = address_for ("jan@o2.pl");
  g_autoptr(MsAccount) mailru = ms_provider_db_lookup (db, ru);
  g_autoptr(MsAccount) o2 = ms_provider_db_lookup (db, pl);
  MsServer *imap, *smtp;

  g_assert_nonnull (mailru);
  g_assert_false (ms_account_get_oauth2_required (mailru));
  imap = ms_account_find_server (mailru, MS_PROTOCOL_IMAP);
  smtp = ms_account_find_server (mailru, MS_PROTOCOL_SMTP);
  g_assert_cmpint (ms_server_get_preferred_auth (imap), ==, MS_AUTH_OAUTH2);
  g_assert_true (ms_server_accepts_password (imap));
  g_assert_cmpint (ms_server_get_auth (smtp), ==, MS_AUTH_PASSWORD);
  g_assert_cmpstr (ms_account_get_oauth2_issuer (mailru), ==, "o2.mail.ru");

  g_assert_nonnull (o2);
  smtp = ms_account_find_server (o2, MS_PROTOCOL_SMTP);
  g_assert_cmpint (ms_server_get_restriction (smtp), ==, MS_RESTRICTION_CLIENT_IP);
  g_assert_cmpstr (ms_server_get_username (smtp), ==, "jan");
  g_assert_nonnull (ms_server_get_note (smtp));
  g_assert_nonnull (ms_account_get_enable_url (o2));
}

/* Every plain domain of every built-in file leads to that file's provider. */
static void
test_every_domain (void)
{
  MsProviderDb *db = ms_provider_db_get_default ();
  guint n = 0;

  for (guint i = 0; i < ms_provider_db_get_n_providers (db); i++)
    {
      MsClientConfig *config = ms_provider_db_get_config (db, i);
      const char * const *domains = ms_client_config_get_domains (config);

      for (guint d = 0; domains[d] != NULL; d++, n++)
        {
          if (ms_provider_db_lookup_domain (db, domains[d]) != config)
            g_error ("%s does not lead to %s", domains[d], ms_client_config_get_provider_id (config));
        }
    }
  g_test_message ("%u domains", n);
  g_assert_cmpuint (n, >, 700);
}

/* Hosters by their mail exchangers, apart from the consumer domains. */
static void
test_mx_hosters (void)
{
  static const struct { const char *mx_host; const char *provider_id; } cases[] = {
    { "contoso-com.mail.protection.outlook.com", "microsoft365" },
    { "mail.protection.outlook.com", "microsoft365" },
    { "aspmx.l.google.com", "google-workspace" },
    { "alt2.aspmx.l.google.com", "google-workspace" },
    { "smtp.google.com", "google-workspace" },
    { "mx.zoho.com", "zoho-business" },
    { "mx2.zoho.eu", "zoho-business-eu" },
    /* not a hoster's exchanger: label boundaries, lookalikes, the consumer service */
    { "xmail.protection.outlook.com", NULL },
    { "mail.protection.outlook.com.evil.test", NULL },
    { "outlook-com.olc.protection.outlook.com", NULL },
    { "gmail-smtp-in.l.google.com", NULL },
    { "outlook.com", NULL },
  };
  MsProviderDb *db = ms_provider_db_get_default ();
  MsClientConfig *config;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      config = ms_provider_db_lookup_mx_host (db, cases[i].mx_host);
      g_test_message ("%s", cases[i].mx_host);
      g_assert_cmpstr (config != NULL ? ms_client_config_get_provider_id (config) : NULL, ==,
                       cases[i].provider_id);
    }

  /* the address domain outlook.com is the consumer service; Microsoft 365's tenant
   * domains are its own, and its outgoing host is the business one */
  config = ms_provider_db_lookup_domain (db, "outlook.com");
  g_assert_cmpstr (ms_client_config_get_provider_id (config), ==, "outlook");
  config = ms_provider_db_lookup_domain (db, "contoso.onmicrosoft.com");
  g_assert_cmpstr (ms_client_config_get_provider_id (config), ==, "microsoft365");
  g_assert_cmpstr (ms_server_get_host (g_ptr_array_index (ms_client_config_get_outgoing (config), 0)),
                   ==, "smtp.office365.com");
  g_assert_true (ms_client_config_get_oauth2_required (config));
  /* a hoster's exchanger is not an address domain */
  g_assert_null (ms_provider_db_lookup_domain (db, "aspmx.l.google.com"));
}

static void
test_icloud_usernames (void)
{
  /* iCloud: IMAP wants the local part, SMTP the whole address */
  g_autoptr(MsAddress) address = address_for ("jane@icloud.com");
  g_autoptr(MsAccount) account = ms_provider_db_lookup (ms_provider_db_get_default (), address);

  g_assert_nonnull (account);
  g_assert_cmpstr (ms_server_get_username (ms_account_find_server (account, MS_PROTOCOL_IMAP)), ==, "jane");
  g_assert_cmpstr (ms_server_get_username (ms_account_find_server (account, MS_PROTOCOL_SMTP)), ==, "jane@icloud.com");
}

static void
test_alternatives_kept (void)
{
  /* later entries are kept as alternatives, in file order */
  g_autoptr(MsAddress) address = address_for ("someone@nc.rr.com");
  g_autoptr(MsAccount) account = ms_provider_db_lookup (ms_provider_db_get_default (), address);
  GPtrArray *incoming;

  g_assert_nonnull (account);
  incoming = ms_account_get_incoming (account);
  g_assert_cmpuint (incoming->len, >, 1);
  g_assert_cmpstr (ms_server_get_host (incoming->pdata[1]), ==, "mobile.charter.net");
  g_assert_true (ms_account_provider_owns_host (account, "mail.nc.rr.com"));
  g_assert_cmpstr (ms_account_get_password_reset_url (account), ==, "https://www.spectrum.net/forgot");
}

static void
test_no_match (void)
{
  static const char * const unknown[] = {
    "unknown-provider.example", "notrr.com", "rr.com.evil.example", "xrr.com",
    "mail.gmail.com", "gmail.co", "charter.com",
  };
  MsProviderDb *db = ms_provider_db_get_default ();

  for (guint i = 0; i < G_N_ELEMENTS (unknown); i++)
    {
      g_autofree char *text = g_strconcat ("someone@", unknown[i], NULL);
      g_autoptr(MsAddress) address = address_for (text);
      g_autoptr(MsAccount) account = ms_provider_db_lookup (db, address);

      if (account != NULL)
        g_error ("%s matched %s", unknown[i], ms_account_get_provider_id (account));
      g_assert_null (ms_provider_db_lookup_domain (db, unknown[i]));
    }
}

/* A table built by hand: precedence rules */

static char *
provider_xml (const char *id,
              const char *domains)
{
  return g_strdup_printf ("<clientConfig version=\"1.1\"><emailProvider id=\"%s\">%s"
                          "<incomingServer type=\"imap\"><hostname>imap.%s.example</hostname>"
                          "<port>993</port><socketType>SSL</socketType>"
                          "<authentication>password-cleartext</authentication></incomingServer>"
                          "<outgoingServer type=\"smtp\"><hostname>smtp.%s.example</hostname>"
                          "<port>465</port><socketType>SSL</socketType>"
                          "<authentication>password-cleartext</authentication></outgoingServer>"
                          "</emailProvider></clientConfig>", id, domains, id, id);
}

static void
add_provider (MsProviderDb *db,
              const char   *id,
              const char   *domains)
{
  g_autofree char *xml = provider_xml (id, domains);
  g_autoptr(GError) error = NULL;

  g_assert_true (ms_provider_db_add_data (db, id, xml, strlen (xml), &error));
  g_assert_no_error (error);
}

static const char *
lookup_id (MsProviderDb *db,
           const char   *domain)
{
  MsClientConfig *config = ms_provider_db_lookup_domain (db, domain);

  return config != NULL ? ms_client_config_get_provider_id (config) : NULL;
}

static void
test_precedence (void)
{
  g_autoptr(MsProviderDb) db = ms_provider_db_new ();
  g_autoptr(GError) error = NULL;
  const char *broken = "<clientConfig><emailProvider id=\"broken\"></emailProvider></clientConfig>";

  add_provider (db, "wide", "<domain match=\"suffix\">example.net</domain>");
  add_provider (db, "narrow", "<domain match=\"suffix\">b.example.net</domain>");
  add_provider (db, "exact", "<domain>c.b.example.net</domain>");
  add_provider (db, "late", "<domain>c.b.example.net</domain><domain>late.example.org</domain>");
  g_assert_cmpuint (ms_provider_db_get_n_providers (db), ==, 4);

  /* exact first, then the longest suffix */
  g_assert_cmpstr (lookup_id (db, "c.b.example.net"), ==, "exact");
  g_assert_cmpstr (lookup_id (db, "d.c.b.example.net"), ==, "narrow");
  g_assert_cmpstr (lookup_id (db, "b.example.net"), ==, "narrow");
  g_assert_cmpstr (lookup_id (db, "x.b.example.net"), ==, "narrow");
  g_assert_cmpstr (lookup_id (db, "a.example.net"), ==, "wide");
  g_assert_cmpstr (lookup_id (db, "example.net"), ==, "wide");
  g_assert_cmpstr (lookup_id (db, "late.example.org"), ==, "late");
  g_assert_null (lookup_id (db, "example.org"));
  g_assert_null (lookup_id (db, "xb.example.org"));
  g_assert_null (lookup_id (db, "notexample.net"));

  /* a domain claimed twice goes to the first claim, with a warning */
  g_assert_nonnull (ms_provider_db_get_warnings (db)[0]);
  g_assert_nonnull (strstr (ms_provider_db_get_warnings (db)[0], "c.b.example.net"));
  g_assert_null (ms_provider_db_get_warnings (db)[1]);

  g_assert_true (ms_provider_db_find_by_id (db, "narrow") == ms_provider_db_lookup_domain (db, "b.example.net"));
  g_assert_null (ms_provider_db_find_by_id (db, "nobody"));

  /* a broken file is refused and noted */
  g_assert_false (ms_provider_db_add_data (db, "broken.xml", broken, strlen (broken), &error));
  g_assert_error (error, MS_CLIENT_CONFIG_ERROR, MS_CLIENT_CONFIG_ERROR_NO_SERVERS);
  g_assert_cmpuint (ms_provider_db_get_n_providers (db), ==, 4);
  g_assert_nonnull (strstr (ms_provider_db_get_warnings (db)[1], "broken.xml"));

  /* a whole top-level domain cannot be claimed */
  add_provider (db, "greedy", "<domain match=\"suffix\">com</domain><domain>greedy.example.com</domain>");
  g_assert_null (lookup_id (db, "anything.com"));
  g_assert_cmpstr (lookup_id (db, "greedy.example.com"), ==, "greedy");
  g_assert_nonnull (strstr (ms_provider_db_get_warnings (db)[2], "greedy"));
}

static void
test_missing_resource (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsProviderDb) db = ms_provider_db_new_from_resource ("/io/github/mailsetup/MailSetup/no-such-folder/", &error);

  g_assert_null (db);
  g_assert_error (error, G_RESOURCE_ERROR, G_RESOURCE_ERROR_NOT_FOUND);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/provider-db/default-loads-cleanly", test_default_loads_cleanly);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *path = g_strconcat ("/provider-db/lookup/", expected[i].domain, NULL);

      g_test_add_data_func (path, &expected[i], test_lookup);
    }
  g_test_add_func ("/provider-db/oauth2-providers", test_oauth2_providers);
  g_test_add_func ("/provider-db/per-server-sign-in", test_per_server_sign_in);
  g_test_add_func ("/provider-db/mx-hosters", test_mx_hosters);
  g_test_add_func ("/provider-db/every-domain", test_every_domain);
  g_test_add_func ("/provider-db/icloud-usernames", test_icloud_usernames);
  g_test_add_func ("/provider-db/alternatives-kept", test_alternatives_kept);
  g_test_add_func ("/provider-db/no-match", test_no_match);
  g_test_add_func ("/provider-db/precedence", test_precedence);
  g_test_add_func ("/provider-db/missing-resource", test_missing_resource);

  return g_test_run ();
}
