/* test-certificate.c: certificate details read with GnuTLS
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <string.h>

#include "ms-certificate.h"

typedef struct {
  const char *cn;
  const char *const *dns;
  const char *ip;
  gint64 not_before;
  gint64 not_after;
} CertSpec;

/* Makes a certificate with GnuTLS; signed by @ca_key/@ca_crt, or self-signed when they are
 * NULL. Returns the PEM text. */
static char *
make_cert (const CertSpec         *spec,
           gnutls_x509_privkey_t   ca_key,
           gnutls_x509_crt_t       ca_crt,
           gnutls_x509_privkey_t  *out_key,
           gnutls_x509_crt_t      *out_crt)
{
  gnutls_x509_privkey_t key;
  gnutls_x509_crt_t crt;
  guchar serial[8] = { 1, 2, 3, 4, 5, 6, 7, (guchar) g_random_int_range (1, 255) };
  gnutls_datum_t pem = { NULL, 0 };
  char *out;

  g_assert_cmpint (gnutls_x509_privkey_init (&key), ==, 0);
  g_assert_cmpint (gnutls_x509_privkey_generate (key, GNUTLS_PK_ECDSA,
                                                 GNUTLS_CURVE_TO_BITS (GNUTLS_ECC_CURVE_SECP256R1), 0), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_init (&crt), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_version (crt, 3), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_serial (crt, serial, sizeof serial), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_activation_time (crt, (time_t) spec->not_before), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_expiration_time (crt, (time_t) spec->not_after), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_dn_by_oid (crt, GNUTLS_OID_X520_COMMON_NAME, 0,
                                                  spec->cn, strlen (spec->cn)), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_dn_by_oid (crt, GNUTLS_OID_X520_ORGANIZATION_NAME, 0,
                                                  "Mail Setup Tests", 16), ==, 0);
  for (guint i = 0; spec->dns != NULL && spec->dns[i] != NULL; i++)
    g_assert_cmpint (gnutls_x509_crt_set_subject_alt_name (crt, GNUTLS_SAN_DNSNAME, spec->dns[i],
                                                           strlen (spec->dns[i]), GNUTLS_FSAN_APPEND), ==, 0);
  if (spec->ip != NULL)
    {
      g_autoptr (GInetAddress) a = g_inet_address_new_from_string (spec->ip);
      g_assert_cmpint (gnutls_x509_crt_set_subject_alt_name (crt, GNUTLS_SAN_IPADDRESS,
                                                             g_inet_address_to_bytes (a),
                                                             g_inet_address_get_native_size (a),
                                                             GNUTLS_FSAN_APPEND), ==, 0);
    }
  g_assert_cmpint (gnutls_x509_crt_set_key (crt, key), ==, 0);
  if (ca_key == NULL)
    {
      g_assert_cmpint (gnutls_x509_crt_set_basic_constraints (crt, 1, -1), ==, 0);
      g_assert_cmpint (gnutls_x509_crt_set_key_usage (crt, GNUTLS_KEY_KEY_CERT_SIGN |
                                                           GNUTLS_KEY_DIGITAL_SIGNATURE), ==, 0);
      g_assert_cmpint (gnutls_x509_crt_sign2 (crt, crt, key, GNUTLS_DIG_SHA256, 0), ==, 0);
    }
  else
    g_assert_cmpint (gnutls_x509_crt_sign2 (crt, ca_crt, ca_key, GNUTLS_DIG_SHA256, 0), ==, 0);

  g_assert_cmpint (gnutls_x509_crt_export2 (crt, GNUTLS_X509_FMT_PEM, &pem), ==, 0);
  out = g_strndup ((const char *) pem.data, pem.size);
  gnutls_free (pem.data);

  if (out_key != NULL)
    *out_key = key;
  else
    gnutls_x509_privkey_deinit (key);
  if (out_crt != NULL)
    *out_crt = crt;
  else
    gnutls_x509_crt_deinit (crt);
  return out;
}

static GTlsCertificate *
cert_from_pem (const char *pem)
{
  g_autoptr (GError) error = NULL;
  GTlsCertificate *cert = g_tls_certificate_new_from_pem (pem, -1, &error);

  g_assert_no_error (error);
  return cert;
}

static void
test_details (void)
{
  static const char *const dns[] = { "mail.example.test", "*.imap.example.test", NULL };
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  CertSpec ca_spec = { "Lab Test CA", NULL, NULL, now - 3600, now + 86400 * 365 };
  CertSpec spec = { "mail.example.test", dns, "127.0.0.7", now - 60, now + 86400 };
  gnutls_x509_privkey_t ca_key;
  gnutls_x509_crt_t ca_crt;
  g_autofree char *ca_pem = make_cert (&ca_spec, NULL, NULL, &ca_key, &ca_crt);
  g_autofree char *pem = make_cert (&spec, ca_key, ca_crt, NULL, NULL);
  g_autoptr (GTlsCertificate) cert = cert_from_pem (pem);
  g_autoptr (GTlsCertificate) ca = cert_from_pem (ca_pem);
  g_autoptr (GError) error = NULL;
  g_autoptr (MsCertificateInfo) info = ms_certificate_info_new (cert, &error);
  g_autoptr (MsCertificateInfo) ca_info = ms_certificate_info_new (ca, &error);
  g_autoptr (MsCertificateInfo) copy = NULL;
  g_autofree char *names = NULL;
  g_autofree char *sha = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (info->common_name, ==, "mail.example.test");
  g_assert_nonnull (strstr (info->subject, "CN=mail.example.test"));
  g_assert_nonnull (strstr (info->issuer, "CN=Lab Test CA"));
  g_assert_cmpstr (info->issuer_common_name, ==, "Lab Test CA");
  g_assert_cmpuint (g_strv_length (info->dns_names), ==, 2);
  g_assert_cmpstr (info->dns_names[0], ==, "mail.example.test");
  g_assert_cmpstr (info->ip_addresses[0], ==, "127.0.0.7");
  g_assert_cmpint (g_date_time_to_unix (info->not_before), ==, now - 60);
  g_assert_cmpint (g_date_time_to_unix (info->not_after), ==, now + 86400);
  g_assert_false (info->self_signed);
  g_assert_true (ca_info->self_signed);

  /* 32 bytes as upper-case hex pairs: 64 digits and 31 colons */
  g_assert_cmpuint (strlen (info->sha256), ==, 95);
  sha = ms_certificate_dup_sha256 (cert);
  g_assert_cmpstr (sha, ==, info->sha256);
  g_assert_cmpstr (sha, !=, ca_info->sha256);
  {
    g_autofree char *lower = g_ascii_strdown (sha, -1);
    g_autoptr (GString) bare = g_string_new (lower);
    g_string_replace (bare, ":", "", 0);
    g_assert_true (ms_certificate_fingerprint_equal (sha, bare->str));
    bare->str[0] = bare->str[0] == 'a' ? 'b' : 'a';
    g_assert_false (ms_certificate_fingerprint_equal (sha, bare->str));
    g_assert_false (ms_certificate_fingerprint_equal (sha, "AB:CD"));
  }

  names = ms_certificate_info_dup_names (info);
  g_assert_cmpstr (names, ==, "mail.example.test, *.imap.example.test");

  g_assert_true (ms_certificate_info_matches_host (info, "mail.example.test"));
  g_assert_true (ms_certificate_info_matches_host (info, "MAIL.Example.Test."));
  g_assert_true (ms_certificate_info_matches_host (info, "eu.imap.example.test"));
  g_assert_false (ms_certificate_info_matches_host (info, "a.b.imap.example.test"));
  g_assert_false (ms_certificate_info_matches_host (info, "imap.example.test"));
  g_assert_false (ms_certificate_info_matches_host (info, "smtp.example.test"));
  g_assert_false (ms_certificate_info_matches_host (info, "evilmail.example.test"));
  g_assert_true (ms_certificate_info_matches_host (info, "127.0.0.7"));
  g_assert_false (ms_certificate_info_matches_host (info, "127.0.0.8"));
  g_assert_false (ms_certificate_info_matches_host (info, ""));

  copy = ms_certificate_info_copy (info);
  g_assert_cmpstr (copy->sha256, ==, info->sha256);
  g_assert_cmpstr (copy->dns_names[1], ==, "*.imap.example.test");
  g_assert_true (g_date_time_equal (copy->not_after, info->not_after));

  gnutls_x509_privkey_deinit (ca_key);
  gnutls_x509_crt_deinit (ca_crt);
}

static void
test_common_name_only (void)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  CertSpec spec = { "legacy.example.test", NULL, NULL, now - 86400 * 30, now - 86400 };
  g_autofree char *pem = make_cert (&spec, NULL, NULL, NULL, NULL);
  g_autoptr (GTlsCertificate) cert = cert_from_pem (pem);
  g_autoptr (MsCertificateInfo) info = ms_certificate_info_new (cert, NULL);
  g_autofree char *names = ms_certificate_info_dup_names (info);

  g_assert_cmpuint (g_strv_length (info->dns_names), ==, 0);
  g_assert_cmpstr (names, ==, "legacy.example.test");
  g_assert_true (ms_certificate_info_matches_host (info, "legacy.example.test"));
  g_assert_false (ms_certificate_info_matches_host (info, "other.example.test"));
  /* an expired certificate still gives its dates */
  g_assert_cmpint (g_date_time_to_unix (info->not_after), <, now);
  g_assert_true (info->self_signed);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  gnutls_global_init ();

  g_test_add_func ("/certificate/details", test_details);
  g_test_add_func ("/certificate/common-name-only", test_common_name_only);

  return g_test_run ();
}
