/* ms-certificate.c: what a server's certificate says, read with GnuTLS
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-certificate"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <string.h>

#include "ms-certificate.h"

G_DEFINE_BOXED_TYPE (MsCertificateInfo, ms_certificate_info,
                     ms_certificate_info_copy, ms_certificate_info_free)

typedef gnutls_x509_crt_t MsX509Crt;

static void
ms_x509_crt_free (MsX509Crt crt)
{
  if (crt != NULL)
    gnutls_x509_crt_deinit (crt);
}

G_DEFINE_AUTO_CLEANUP_FREE_FUNC (MsX509Crt, ms_x509_crt_free, NULL)

GBytes *
ms_certificate_dup_der (GTlsCertificate *certificate)
{
  g_autoptr (GByteArray) der = NULL;

  g_object_get (certificate, "certificate", &der, NULL);
  if (der == NULL)
    return NULL;
  return g_bytes_new (der->data, der->len);
}

static char *
hex_fingerprint (const guchar *digest,
                 gsize         len)
{
  GString *out = g_string_sized_new (len * 3);

  for (gsize i = 0; i < len; i++)
    g_string_append_printf (out, i == 0 ? "%02X" : ":%02X", digest[i]);
  return g_string_free (out, FALSE);
}

char *
ms_certificate_dup_sha256 (GTlsCertificate *certificate)
{
  g_autoptr (GBytes) der = NULL;
  guchar digest[32];
  gsize len = sizeof digest;

  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), NULL);

  der = ms_certificate_dup_der (certificate);
  if (der == NULL)
    return NULL;

  {
    g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
    g_checksum_update (sum, g_bytes_get_data (der, NULL), g_bytes_get_size (der));
    g_checksum_get_digest (sum, digest, &len);
  }
  return hex_fingerprint (digest, len);
}

gboolean
ms_certificate_fingerprint_equal (const char *a,
                                  const char *b)
{
  if (a == NULL || b == NULL)
    return FALSE;

  while (*a != '\0' || *b != '\0')
    {
      while (*a == ':' || *a == ' ')
        a++;
      while (*b == ':' || *b == ' ')
        b++;
      if (*a == '\0' || *b == '\0')
        return *a == *b;
      if (g_ascii_tolower (*a) != g_ascii_tolower (*b))
        return FALSE;
      a++;
      b++;
    }
  return TRUE;
}

/* Reads a DN-like value with GnuTLS' two-call convention. */
typedef int (*DnGetter) (gnutls_x509_crt_t crt, char *buf, size_t *len);

static char *
get_dn (gnutls_x509_crt_t crt,
        DnGetter          getter)
{
  size_t len = 0;
  g_autofree char *buf = NULL;

  if (getter (crt, NULL, &len) != GNUTLS_E_SHORT_MEMORY_BUFFER || len == 0)
    return NULL;
  buf = g_malloc0 (len + 1);
  if (getter (crt, buf, &len) != GNUTLS_E_SUCCESS)
    return NULL;
  return g_utf8_make_valid (buf, -1);
}

static char *
get_dn_attribute (gnutls_x509_crt_t crt,
                  gboolean          issuer,
                  const char       *oid)
{
  size_t len = 0;
  g_autofree char *buf = NULL;
  int ret;

  ret = issuer ? gnutls_x509_crt_get_issuer_dn_by_oid (crt, oid, 0, 0, NULL, &len)
               : gnutls_x509_crt_get_dn_by_oid (crt, oid, 0, 0, NULL, &len);
  if (ret != GNUTLS_E_SHORT_MEMORY_BUFFER || len == 0)
    return NULL;
  buf = g_malloc0 (len + 1);
  ret = issuer ? gnutls_x509_crt_get_issuer_dn_by_oid (crt, oid, 0, 0, buf, &len)
               : gnutls_x509_crt_get_dn_by_oid (crt, oid, 0, 0, buf, &len);
  if (ret != GNUTLS_E_SUCCESS)
    return NULL;
  return g_utf8_make_valid (buf, -1);
}

static void
read_alt_names (gnutls_x509_crt_t crt,
                GPtrArray        *dns,
                GPtrArray        *ips)
{
  for (unsigned int seq = 0; seq < 256; seq++)
    {
      char buf[256];
      size_t len = sizeof buf - 1;
      int type = gnutls_x509_crt_get_subject_alt_name (crt, seq, buf, &len, NULL);

      if (type == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
        break;
      if (type < 0)
        continue;   /* too long or malformed: not a name we could match anyway */

      if (type == GNUTLS_SAN_DNSNAME)
        {
          buf[len] = '\0';
          g_ptr_array_add (dns, g_ascii_strdown (buf, len));
        }
      else if (type == GNUTLS_SAN_IPADDRESS && (len == 4 || len == 16))
        {
          g_autoptr (GInetAddress) addr =
            g_inet_address_new_from_bytes ((const guint8 *) buf,
                                           len == 4 ? G_SOCKET_FAMILY_IPV4 : G_SOCKET_FAMILY_IPV6);
          g_ptr_array_add (ips, g_inet_address_to_string (addr));
        }
    }
}

static GDateTime *
date_from_time (time_t t)
{
  if (t == (time_t) -1)
    return NULL;
  return g_date_time_new_from_unix_utc ((gint64) t);
}

MsCertificateInfo *
ms_certificate_info_new (GTlsCertificate  *certificate,
                         GError          **error)
{
  g_autoptr (GBytes) der = NULL;
  g_auto (MsX509Crt) crt = NULL;
  g_autoptr (GPtrArray) dns = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) ips = g_ptr_array_new_with_free_func (g_free);
  gnutls_datum_t datum;
  MsCertificateInfo *info;
  unsigned int verify = 0;

  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), NULL);

  der = ms_certificate_dup_der (certificate);
  if (der == NULL ||
      gnutls_x509_crt_init (&crt) != GNUTLS_E_SUCCESS)
    goto bad;

  datum.data = (unsigned char *) g_bytes_get_data (der, NULL);
  datum.size = g_bytes_get_size (der);
  if (gnutls_x509_crt_import (crt, &datum, GNUTLS_X509_FMT_DER) != GNUTLS_E_SUCCESS)
    goto bad;

  info = g_new0 (MsCertificateInfo, 1);
  info->subject = get_dn (crt, gnutls_x509_crt_get_dn);
  info->issuer = get_dn (crt, gnutls_x509_crt_get_issuer_dn);
  info->common_name = get_dn_attribute (crt, FALSE, GNUTLS_OID_X520_COMMON_NAME);
  info->issuer_common_name = get_dn_attribute (crt, TRUE, GNUTLS_OID_X520_COMMON_NAME);
  if (info->issuer_common_name == NULL)
    info->issuer_common_name = get_dn_attribute (crt, TRUE, GNUTLS_OID_X520_ORGANIZATION_NAME);

  read_alt_names (crt, dns, ips);
  g_ptr_array_add (dns, NULL);
  g_ptr_array_add (ips, NULL);
  info->dns_names = (char **) g_ptr_array_steal (dns, NULL);
  info->ip_addresses = (char **) g_ptr_array_steal (ips, NULL);

  info->not_before = date_from_time (gnutls_x509_crt_get_activation_time (crt));
  info->not_after = date_from_time (gnutls_x509_crt_get_expiration_time (crt));
  info->sha256 = ms_certificate_dup_sha256 (certificate);

  /* Self-signed: the issuer is the subject and the certificate's own key verifies it. */
  if (gnutls_x509_crt_check_issuer (crt, crt) &&
      gnutls_x509_crt_verify (crt, &crt, 1, GNUTLS_VERIFY_DISABLE_TIME_CHECKS |
                                            GNUTLS_VERIFY_ALLOW_UNSORTED_CHAIN,
                              &verify) == GNUTLS_E_SUCCESS)
    info->self_signed = (verify & GNUTLS_CERT_SIGNATURE_FAILURE) == 0;

  return info;

bad:
  g_set_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE,
               _("The server’s certificate could not be read."));
  return NULL;
}

MsCertificateInfo *
ms_certificate_info_copy (const MsCertificateInfo *info)
{
  MsCertificateInfo *copy;

  g_return_val_if_fail (info != NULL, NULL);

  copy = g_new0 (MsCertificateInfo, 1);
  copy->subject = g_strdup (info->subject);
  copy->common_name = g_strdup (info->common_name);
  copy->issuer = g_strdup (info->issuer);
  copy->issuer_common_name = g_strdup (info->issuer_common_name);
  copy->dns_names = g_strdupv (info->dns_names);
  copy->ip_addresses = g_strdupv (info->ip_addresses);
  copy->not_before = info->not_before ? g_date_time_ref (info->not_before) : NULL;
  copy->not_after = info->not_after ? g_date_time_ref (info->not_after) : NULL;
  copy->sha256 = g_strdup (info->sha256);
  copy->self_signed = info->self_signed;
  return copy;
}

void
ms_certificate_info_free (MsCertificateInfo *info)
{
  if (info == NULL)
    return;

  g_free (info->subject);
  g_free (info->common_name);
  g_free (info->issuer);
  g_free (info->issuer_common_name);
  g_strfreev (info->dns_names);
  g_strfreev (info->ip_addresses);
  g_clear_pointer (&info->not_before, g_date_time_unref);
  g_clear_pointer (&info->not_after, g_date_time_unref);
  g_free (info->sha256);
  g_free (info);
}

char *
ms_certificate_info_dup_names (const MsCertificateInfo *info)
{
  g_return_val_if_fail (info != NULL, NULL);

  if (info->dns_names != NULL && info->dns_names[0] != NULL)
    return g_strjoinv (", ", info->dns_names);
  if (info->ip_addresses != NULL && info->ip_addresses[0] != NULL)
    return g_strjoinv (", ", info->ip_addresses);
  return g_strdup (info->common_name != NULL ? info->common_name : "");
}

/* RFC 6125 §6.4.3: a wildcard only as the whole left-most label, matching exactly one
 * label, and never for a public-suffix-like two-label pattern such as "*.com". */
static gboolean
name_matches (const char *pattern,
              const char *host)
{
  const char *host_rest;

  if (g_ascii_strcasecmp (pattern, host) == 0)
    return TRUE;
  if (pattern[0] != '*' || pattern[1] != '.')
    return FALSE;
  if (strchr (pattern + 2, '.') == NULL)
    return FALSE;
  host_rest = strchr (host, '.');
  if (host_rest == NULL || host_rest == host)
    return FALSE;
  return g_ascii_strcasecmp (pattern + 1, host_rest) == 0;
}

gboolean
ms_certificate_info_matches_host (const MsCertificateInfo *info,
                                  const char              *host)
{
  g_autofree char *lower = NULL;
  gsize len;

  g_return_val_if_fail (info != NULL, FALSE);
  if (host == NULL || *host == '\0')
    return FALSE;

  lower = g_ascii_strdown (host, -1);
  len = strlen (lower);
  if (len > 0 && lower[len - 1] == '.')
    lower[len - 1] = '\0';

  if (g_hostname_is_ip_address (lower))
    {
      g_autoptr (GInetAddress) want = g_inet_address_new_from_string (lower);
      for (char **ip = info->ip_addresses; ip != NULL && *ip != NULL; ip++)
        {
          g_autoptr (GInetAddress) have = g_inet_address_new_from_string (*ip);
          if (want != NULL && have != NULL && g_inet_address_equal (want, have))
            return TRUE;
        }
      return FALSE;
    }

  if (info->dns_names != NULL && info->dns_names[0] != NULL)
    {
      for (char **name = info->dns_names; *name != NULL; name++)
        if (name_matches (*name, lower))
          return TRUE;
      return FALSE;
    }

  /* Only when there is no DNS name in the SAN extension may the CN be used. */
  return info->common_name != NULL && name_matches (info->common_name, lower);
}
