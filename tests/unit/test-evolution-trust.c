/* test-evolution-trust.c: Evolution's trusted-certificate record (camel-cert.db), pure
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The bytes are the ones real Camel (evolution-data-server 3.46) wrote in the lab for
 * self-signed.example.test; tests/export/test-evolution-trust-lab reads ours back with
 * real Camel and connects with it.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ms-evolution-trust.h"

#define HOST "self-signed.example.test"
#define FP "e6:6d:13:0f:34:2f:69:ab:6a:b4:50:4d:99:a7:2d:70:"

/* version 0x100, one record: issuer "", subject "", host, fingerprint, trust 3 (fully) */
static const guint8 camel_wrote[] =
  "\x02\x80\x81" "\x81\x81" "\x99" HOST "\xb1" FP "\x83";

static void
test_fingerprint (void)
{
  g_autoptr(GBytes) der = g_bytes_new_static ("abc", 3);
  g_autofree char *fp = ms_camel_cert_fingerprint (der);

  /* MD5("abc") = 900150983cd24fb0d6963f7d28e17f72, each byte followed by a colon */
  g_assert_cmpstr (fp, ==, "90:01:50:98:3c:d2:4f:b0:d6:96:3f:7d:28:e1:7f:72:");
}

static void
test_new_file (void)
{
  gboolean changed = FALSE;
  g_autoptr(GBytes) out = ms_camel_certdb_merge (NULL, 0, HOST, FP, &changed, NULL);

  g_assert_nonnull (out);
  g_assert_true (changed);
  g_assert_cmpmem (g_bytes_get_data (out, NULL), g_bytes_get_size (out),
                   camel_wrote, sizeof camel_wrote - 1);
}

static void
test_again_unchanged (void)
{
  gboolean changed = TRUE;
  g_autoptr(GBytes) out = ms_camel_certdb_merge (camel_wrote, sizeof camel_wrote - 1,
                                                 "Self-Signed.Example.TEST", FP, &changed, NULL);

  g_assert_nonnull (out);
  g_assert_false (changed);
}

static void
test_keeps_others (void)
{
  /* another host's record (trust never) and ours with trust never: ours becomes "fully",
   * the other stays byte for byte, the count goes from 2 to 2 */
  static const guint8 old[] =
    "\x02\x80\x82"
    "\x81\x81" "\x93" "other.example.test" "\x87" "00:11:" "\x81"
    "\x81\x81" "\x99" HOST "\xb1" FP "\x81";
  static const guint8 want[] =
    "\x02\x80\x82"
    "\x81\x81" "\x93" "other.example.test" "\x87" "00:11:" "\x81"
    "\x81\x81" "\x99" HOST "\xb1" FP "\x83";
  gboolean changed = FALSE;
  g_autoptr(GBytes) out = ms_camel_certdb_merge (old, sizeof old - 1, HOST, FP, &changed, NULL);

  g_assert_nonnull (out);
  g_assert_true (changed);
  g_assert_cmpmem (g_bytes_get_data (out, NULL), g_bytes_get_size (out), want, sizeof want - 1);
}

static void
test_damaged (void)
{
  static const guint8 short_count[] = "\x02\x80\x85" "\x81\x81";
  static const guint8 huge_string[] = "\x02\x80\x81" "\x7f\x7f\x7f\x7f\xff";
  gboolean changed = FALSE;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) out = NULL;

  out = ms_camel_certdb_merge (short_count, sizeof short_count - 1, HOST, FP, &changed, &error);
  g_assert_null (out);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);
  out = ms_camel_certdb_merge (huge_string, sizeof huge_string - 1, HOST, FP, &changed, &error);
  g_assert_null (out);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

/* a throw-away self-signed certificate (openssl req -x509, P-256) */
static const char test_pem[] =
  "-----BEGIN CERTIFICATE-----\n"
  "MIIBmzCCAUGgAwIBAgIUGxP3cVLqT4YoUsLF/OfLEXzIMWswCgYIKoZIzj0EAwIw\n"
  "IzEhMB8GA1UEAwwYc2VsZi1zaWduZWQuZXhhbXBsZS50ZXN0MB4XDTI2MTIwNDE4\n"
  "MTcwNFoXDTM2MTIwMTE4MTcwNFowIzEhMB8GA1UEAwwYc2VsZi1zaWduZWQuZXhh\n"
  "bXBsZS50ZXN0MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE6TJ73G90PaOPFEj2\n"
  "8zqFP1TrH/74Zk0LXGiKvzSX1Y9x7VdksQU7A+gXv/HDphn2gPO+dagniGWNd51L\n"
  "3zJ5NqNTMFEwHQYDVR0OBBYEFPtDXFzeL+WCB/yLQ/SSYx4dpTcpMB8GA1UdIwQY\n"
  "MBaAFPtDXFzeL+WCB/yLQ/SSYx4dpTcpMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZI\n"
  "zj0EAwIDSAAwRQIhANtpuAPBfAfqTd46eGotmMv2xlMufyjH5WaNiJiQI6VLAiBZ\n"
  "78rtleUm1q9LA6g2lG+Vl9nvS04aah83V1uKEudwzw==\n"
  "-----END CERTIFICATE-----\n"
;

static void
test_save (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ms-evo-trust-XXXXXX", &error);
  g_autoptr(GTlsCertificate) cert = NULL;
  g_autoptr(GByteArray) der = NULL;
  g_autoptr(GBytes) der_bytes = NULL;
  g_autofree char *fp = NULL;
  g_autofree char *cert_path = NULL;
  g_autofree char *saved = NULL;
  gsize saved_length = 0;
  g_autofree char *db = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_no_error (error);
  cert = g_tls_certificate_new_from_pem (test_pem, -1, &error);
  g_assert_no_error (error);
  g_assert_true (ms_evolution_trust_save_sync (dir, HOST, cert, &error));
  g_assert_no_error (error);
  g_object_get (cert, "certificate", &der, NULL);
  der_bytes = g_bytes_new (der->data, der->len);
  fp = ms_camel_cert_fingerprint (der_bytes);
  cert_path = g_build_filename (dir, "camel_certs", fp, NULL);
  g_assert_true (g_file_get_contents (cert_path, &saved, &saved_length, NULL));
  g_assert_cmpmem (saved, saved_length, der->data, der->len);
  db = g_build_filename (dir, "evolution", "camel-cert.db", NULL);
  g_assert_true (g_file_get_contents (db, &contents, &length, NULL));
  g_assert_nonnull (memmem (contents, length, HOST, strlen (HOST)));
  g_assert_nonnull (memmem (contents, length, fp, strlen (fp)));
  /* again: nothing to change, no backup */
  g_assert_true (ms_evolution_trust_save_sync (dir, HOST, cert, &error));
  g_assert_no_error (error);
  {
    g_autofree char *evo = g_build_filename (dir, "evolution", NULL);
    g_autoptr(GDir) listing = g_dir_open (evo, 0, NULL);
    guint n = 0;

    while (g_dir_read_name (listing) != NULL)
      n++;
    g_assert_cmpuint (n, ==, 1);
  }
  g_unlink (cert_path);
  g_unlink (db);
  {
    g_autofree char *certs = g_build_filename (dir, "camel_certs", NULL);
    g_autofree char *evo = g_build_filename (dir, "evolution", NULL);
    g_rmdir (certs);
    g_rmdir (evo);
    g_rmdir (dir);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/evolution-trust/fingerprint", test_fingerprint);
  g_test_add_func ("/evolution-trust/new-file", test_new_file);
  g_test_add_func ("/evolution-trust/again-unchanged", test_again_unchanged);
  g_test_add_func ("/evolution-trust/keeps-others", test_keeps_others);
  g_test_add_func ("/evolution-trust/damaged", test_damaged);
  g_test_add_func ("/evolution-trust/save", test_save);
  return g_test_run ();
}
