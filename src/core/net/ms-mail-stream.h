/* ms-mail-stream.h: a line protocol (IMAP, POP3, SMTP) over a GIOStream, with STARTTLS
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ms-server.h"

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

/**
 * MsTlsTrust:
 *
 * What to trust beyond GIO's default verification against the system trust store: an
 * explicit CA database (the user's --ca-file) and certificate exceptions, each of which
 * pins one certificate (by SHA-256 fingerprint of its DER form) for one host and port.
 * Reference-counted; treat it as immutable once handed to a stream.
 */
typedef struct _MsTlsTrust MsTlsTrust;

#define MS_TYPE_TLS_TRUST (ms_tls_trust_get_type ())

GType        ms_tls_trust_get_type     (void) G_GNUC_CONST;
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

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsTlsTrust, ms_tls_trust_unref)

/* "AB:CD:…" upper-case SHA-256 of the certificate's DER form */
char        *ms_certificate_get_sha256 (GTlsCertificate *certificate);

/* Caps that apply unless changed with ms_mail_stream_set_limits(). */
#define MS_MAIL_STREAM_DEFAULT_MAX_LINE  (8 * 1024)
#define MS_MAIL_STREAM_DEFAULT_MAX_TOTAL (1024 * 1024)

#define MS_TYPE_MAIL_STREAM (ms_mail_stream_get_type ())
G_DECLARE_FINAL_TYPE (MsMailStream, ms_mail_stream, MS, MAIL_STREAM, GObject)

/* @security: MS_SECURITY_TLS starts TLS at once (implicit TLS); any other value connects in
 * plain text (STARTTLS is the caller's business: ms_mail_stream_starttls_async()).
 * @trust: nullable. @timeout_ms covers name resolution, TCP connect and TLS handshake
 * together (0: no timeout). */
void          ms_mail_stream_connect_async   (const char          *host,
                                              guint16              port,
                                              MsSecurity           security,
                                              MsTlsTrust          *trust,
                                              guint                timeout_ms,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
MsMailStream *ms_mail_stream_connect_finish  (GAsyncResult        *result,
                                              GError             **error);

/* Wraps an already connected stream (tests, or a caller with its own connection); plain
 * text. @host is the name certificates are verified against after STARTTLS. */
MsMailStream *ms_mail_stream_new_for_stream  (GIOStream           *base,
                                              const char          *host,
                                              guint16              port,
                                              MsTlsTrust          *trust);

void          ms_mail_stream_set_limits      (MsMailStream        *self,
                                              gsize                max_line,
                                              gsize                max_total);

/* One line, without its line end (CRLF or a bare LF; a CR before the LF is dropped). One
 * read at a time. @timeout_ms: 0 for none. */
void          ms_mail_stream_read_line_async  (MsMailStream        *self,
                                               guint                timeout_ms,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
char         *ms_mail_stream_read_line_finish (MsMailStream        *self,
                                               GAsyncResult        *result,
                                               GError             **error);

/* Sends @line followed by CRLF. A line holding CR, LF or NUL is refused
 * (G_IO_ERROR_INVALID_ARGUMENT). The line is never logged: it may carry a secret. */
void          ms_mail_stream_write_line_async  (MsMailStream        *self,
                                                const char          *line,
                                                guint                timeout_ms,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean      ms_mail_stream_write_line_finish (MsMailStream        *self,
                                                GAsyncResult        *result,
                                                GError             **error);

/* Call right after reading the server's positive reply to STARTTLS/STLS. Fails with
 * MS_MAIL_STREAM_ERROR_STARTTLS_INJECTION if anything was received after that reply, else
 * performs the handshake (verified against the host name) and continues over TLS. */
void          ms_mail_stream_starttls_async  (MsMailStream        *self,
                                              guint                timeout_ms,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean      ms_mail_stream_starttls_finish (MsMailStream        *self,
                                              GAsyncResult        *result,
                                              GError             **error);

void          ms_mail_stream_close_async     (MsMailStream        *self,
                                              guint                timeout_ms,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean      ms_mail_stream_close_finish    (MsMailStream        *self,
                                              GAsyncResult        *result,
                                              GError             **error);

const char          *ms_mail_stream_get_host              (MsMailStream *self);
guint16              ms_mail_stream_get_port              (MsMailStream *self);
gboolean             ms_mail_stream_is_tls                (MsMailStream *self);
/* G_TLS_PROTOCOL_VERSION_UNKNOWN without TLS */
GTlsProtocolVersion  ms_mail_stream_get_tls_version       (MsMailStream *self);
/* "TLS 1.3", …; NULL without TLS */
const char          *ms_mail_stream_get_tls_version_string (MsMailStream *self);
/* transfer none, nullable */
GTlsCertificate     *ms_mail_stream_get_peer_certificate  (MsMailStream *self);
/* Non-zero on an established connection only when a pinned exception accepted a
 * certificate that failed verification. */
GTlsCertificateFlags ms_mail_stream_get_tls_errors        (MsMailStream *self);
/* bytes received and not yet returned as lines */
gsize                ms_mail_stream_get_buffered          (MsMailStream *self);

/* "unknown issuer, wrong host" … for logs and error messages (English, not translated) */
char                *ms_tls_certificate_flags_to_string   (GTlsCertificateFlags flags);
/* "TLS 1.3" …; NULL for an unknown version */
const char          *ms_tls_protocol_version_to_string    (GTlsProtocolVersion  version);

G_END_DECLS
