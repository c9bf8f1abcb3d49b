/* ms-mail-stream.h: a line protocol (IMAP, POP3, SMTP) over a GIOStream, with STARTTLS
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ms-mail-stream-error.h"
#include "ms-server.h"
#include "ms-tls-trust.h"

G_BEGIN_DECLS

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

G_END_DECLS
