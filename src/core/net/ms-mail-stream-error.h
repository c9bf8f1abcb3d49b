/* ms-mail-stream-error.h: the mail stream's error domain, carrying certificate details
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define MS_MAIL_STREAM_ERROR (ms_mail_stream_error_quark ())

/**
 * MsMailStreamError:
 * @MS_MAIL_STREAM_ERROR_TIMEOUT: a step (connect, read, write, handshake) took longer than
 *   its timeout; the server is silent, or the connection is black-holed.
 * @MS_MAIL_STREAM_ERROR_CLOSED: the server closed the connection.
 * @MS_MAIL_STREAM_ERROR_LINE_TOO_LONG: a line longer than the line cap.
 * @MS_MAIL_STREAM_ERROR_TOO_MUCH_DATA: the server sent more than the total cap.
 * @MS_MAIL_STREAM_ERROR_TLS_FAILED: the TLS handshake failed; if the certificate was the
 *   reason, ms_mail_stream_error_get_tls_errors() tells why and
 *   ms_mail_stream_error_get_peer_certificate() gives the certificate.
 * @MS_MAIL_STREAM_ERROR_STARTTLS_INJECTION: bytes arrived after the server's STARTTLS
 *   reply and before the handshake: a response-injection attack (CVE-2020-14928 and kin).
 *
 * Errors of the stream itself. Connection failures pass through unchanged: G_RESOLVER_ERROR
 * (no such host), G_IO_ERROR (connection refused, network unreachable, cancelled).
 */
typedef enum {
  MS_MAIL_STREAM_ERROR_TIMEOUT,
  MS_MAIL_STREAM_ERROR_CLOSED,
  MS_MAIL_STREAM_ERROR_LINE_TOO_LONG,
  MS_MAIL_STREAM_ERROR_TOO_MUCH_DATA,
  MS_MAIL_STREAM_ERROR_TLS_FAILED,
  MS_MAIL_STREAM_ERROR_STARTTLS_INJECTION,
} MsMailStreamError;

GQuark               ms_mail_stream_error_quark                 (void);
/* For MS_MAIL_STREAM_ERROR_TLS_FAILED: the certificate problems (0 if the handshake failed
 * for another reason) and the certificate the server presented (nullable, transfer none). */
GTlsCertificateFlags ms_mail_stream_error_get_tls_errors         (const GError *error);
GTlsCertificate     *ms_mail_stream_error_get_peer_certificate   (const GError *error);

/* For the stream: records the certificate problems and certificate (nullable) in a
 * MS_MAIL_STREAM_ERROR_TLS_FAILED @error. */
void                 ms_mail_stream_error_set_tls_details        (GError               *error,
                                                                  GTlsCertificateFlags  tls_errors,
                                                                  GTlsCertificate      *peer_certificate);

G_END_DECLS
