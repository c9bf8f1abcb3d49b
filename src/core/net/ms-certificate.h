/* ms-certificate.h: what a server's certificate says, read with GnuTLS
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * MsCertificateInfo:
 * @subject: the subject's distinguished name, as GnuTLS prints it (RFC 4514)
 * @common_name: the subject's CN, or %NULL
 * @issuer: the issuer's distinguished name
 * @issuer_common_name: the issuer's CN (or O), or %NULL
 * @dns_names: (array zero-terminated=1): the DNS names of the subject
 *   alternative name extension (with the common name last when there are none)
 * @ip_addresses: (array zero-terminated=1): the IP addresses of the SAN extension
 * @not_before: start of validity, UTC
 * @not_after: end of validity, UTC
 * @sha256: the SHA-256 fingerprint of the DER encoding, upper-case hex pairs joined by ':'
 * @self_signed: whether the subject is its own issuer and the signature verifies
 *
 * The details shown in "Show certificate" and written into `check --json`.
 */
typedef struct {
  char      *subject;
  char      *common_name;
  char      *issuer;
  char      *issuer_common_name;
  char     **dns_names;
  char     **ip_addresses;
  GDateTime *not_before;
  GDateTime *not_after;
  char      *sha256;
  gboolean   self_signed;
} MsCertificateInfo;

#define MS_TYPE_CERTIFICATE_INFO (ms_certificate_info_get_type ())

GType              ms_certificate_info_get_type   (void);
MsCertificateInfo *ms_certificate_info_new        (GTlsCertificate          *certificate,
                                                   GError                  **error);
MsCertificateInfo *ms_certificate_info_copy       (const MsCertificateInfo  *info);
void               ms_certificate_info_free       (MsCertificateInfo        *info);

/* The names the certificate is valid for, for messages such as "the certificate is for
 * mail.example.com": the DNS names, else the IP addresses, else the common name.
 * Joined with ", ". */
char              *ms_certificate_info_dup_names  (const MsCertificateInfo  *info);

/* Whether @host (a DNS name or an IP address) is one the certificate names, with RFC 6125
 * wildcard matching on the left-most label. */
gboolean           ms_certificate_info_matches_host (const MsCertificateInfo *info,
                                                     const char              *host);

/* The certificate's DER form; NULL if it has none. */
GBytes            *ms_certificate_dup_der         (GTlsCertificate          *certificate);
/* SHA-256 fingerprint of @certificate in the form of MsCertificateInfo.sha256. */
char              *ms_certificate_dup_sha256      (GTlsCertificate          *certificate);

/* Whether two fingerprints name the same certificate (case and separators ignored). */
gboolean           ms_certificate_fingerprint_equal (const char             *a,
                                                     const char             *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsCertificateInfo, ms_certificate_info_free)

G_END_DECLS
