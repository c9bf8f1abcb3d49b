/* ms-tls-trust.h: what to trust in a TLS handshake beyond the system store, and the words
 * for TLS details
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * MsTlsTrust:
 *
 * What to trust beyond GIO's default verification against the system trust store: an
 * explicit CA database (the user's --ca-file) and certificate exceptions, each of which
 * pins one certificate (by SHA-256 fingerprint of its DER form) for one host and port.
 * Reference-counted; treat it as immutable once handed to a stream (the one change a
 * stream makes: a pin remembers the certificate it matched in a handshake). Thread-safe.
 */
typedef struct _MsTlsTrust MsTlsTrust;

#define MS_TYPE_TLS_TRUST (ms_tls_trust_get_type ())

GType        ms_tls_trust_get_type     (void);
MsTlsTrust  *ms_tls_trust_new          (void);
MsTlsTrust  *ms_tls_trust_ref          (MsTlsTrust      *self);
void         ms_tls_trust_unref        (MsTlsTrust      *self);
/* nullable: NULL means the system default database */
void         ms_tls_trust_set_database (MsTlsTrust      *self,
                                        GTlsDatabase    *database);
GTlsDatabase *ms_tls_trust_get_database (MsTlsTrust     *self);
/* @sha256: 64 hex digits, colons and case ignored. FALSE if it is not a fingerprint. */
gboolean     ms_tls_trust_add_pin      (MsTlsTrust      *self,
                                        const char      *host,
                                        guint16          port,
                                        const char      *sha256);
gboolean     ms_tls_trust_is_pinned    (MsTlsTrust      *self,
                                        const char      *host,
                                        guint16          port,
                                        GTlsCertificate *certificate);
/* The fingerprint pinned for exactly @host (ASCII case ignored) and @port, as 64
 * lower-case hex digits; NULL if none (the exports pass it on to the mail clients). */
char        *ms_tls_trust_dup_pin      (MsTlsTrust      *self,
                                        const char      *host,
                                        guint16          port);
/* The certificate itself that the pin for exactly @host and @port matched in a handshake
 * (ms_tls_trust_is_pinned()); NULL when none was seen yet (Evolution's trust record needs
 * the certificate, not only its fingerprint). */
GTlsCertificate *ms_tls_trust_dup_pinned_certificate (MsTlsTrust *self,
                                                      const char *host,
                                                      guint16     port);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsTlsTrust, ms_tls_trust_unref)

/* "unknown issuer, wrong host" … for logs and error messages (English, not translated) */
char        *ms_tls_certificate_flags_to_string (GTlsCertificateFlags flags);
/* "TLS 1.3" …; NULL for an unknown version */
const char  *ms_tls_protocol_version_to_string  (GTlsProtocolVersion  version);

G_END_DECLS
