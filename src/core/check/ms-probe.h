/* ms-probe.h: what a mail server offers — connect, TLS, capabilities; never a login
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ms-mail-stream.h"
#include "ms-server.h"

G_BEGIN_DECLS

#define MS_PROBE_ERROR (ms_probe_error_quark ())

/**
 * MsProbeError:
 * @MS_PROBE_ERROR_STARTTLS_NOT_OFFERED: STARTTLS was required, the server does not offer it.
 * @MS_PROBE_ERROR_STARTTLS_REFUSED: the server offered STARTTLS but refused the command.
 * @MS_PROBE_ERROR_PREAUTH: an IMAP server greeted with PREAUTH on a connection that must be
 *   upgraded with STARTTLS (an attack: CVE-2020-12398 and kin).
 * @MS_PROBE_ERROR_REJECTED: the server refused the session (IMAP BYE, POP3 -ERR, SMTP 554
 *   greeting). The message quotes no server text: it is untrusted.
 * @MS_PROBE_ERROR_PROTOCOL: the server does not speak the expected protocol.
 *
 * Besides these, MS_MAIL_STREAM_ERROR (timeout, closed, TLS failure with certificate
 * details, STARTTLS injection), G_IO_ERROR and G_RESOLVER_ERROR pass through.
 */
typedef enum {
  MS_PROBE_ERROR_STARTTLS_NOT_OFFERED,
  MS_PROBE_ERROR_STARTTLS_REFUSED,
  MS_PROBE_ERROR_PREAUTH,
  MS_PROBE_ERROR_REJECTED,
  MS_PROBE_ERROR_PROTOCOL,
} MsProbeError;

GQuark ms_probe_error_quark (void);

/**
 * MsProbeResult:
 * @connected: a connection was established
 * @tls_established: the capabilities below were read over TLS
 * @tls_version: "TLS 1.3" …, NULL without TLS
 * @tls_errors: non-zero only when a pinned exception accepted a certificate that failed
 *   verification
 * @peer_certificate: (nullable): the server's certificate
 * @greeting: the greeting's first line as received. With STARTTLS it came before TLS:
 *   untrusted, never to be shown as the server's word (see @greeting_over_tls).
 * @greeting_over_tls: whether @greeting arrived over TLS
 * @capabilities: as listed AFTER TLS when TLS is used (pre-TLS lists are discarded):
 *   IMAP capability atoms, POP3 CAPA lines, SMTP EHLO keyword lines
 * @auth_mechanisms: SASL mechanisms, upper case (from AUTH=, SASL, AUTH)
 * @starttls_offered: the plain-text capabilities offered STARTTLS/STLS
 * @login_disabled: IMAP LOGINDISABLED (plain LOGIN refused in this state)
 * @preauth: an IMAP PREAUTH greeting (only accepted over implicit TLS or with no security)
 * @elapsed_ms: from the start of the probe to its end
 */
typedef struct {
  gboolean connected;
  gboolean tls_established;
  char *tls_version;
  GTlsCertificateFlags tls_errors;
  GTlsCertificate *peer_certificate;
  char *greeting;
  gboolean greeting_over_tls;
  char **capabilities;
  char **auth_mechanisms;
  gboolean starttls_offered;
  gboolean login_disabled;
  gboolean preauth;
  guint elapsed_ms;
} MsProbeResult;

#define MS_TYPE_PROBE_RESULT (ms_probe_result_get_type ())

GType          ms_probe_result_get_type (void);
MsProbeResult *ms_probe_result_copy     (const MsProbeResult *result);
void           ms_probe_result_free     (MsProbeResult       *result);
/* case-insensitive look-ups */
gboolean       ms_probe_result_has_capability (const MsProbeResult *result,
                                               const char          *capability);
gboolean       ms_probe_result_has_auth       (const MsProbeResult *result,
                                               const char          *mechanism);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsProbeResult, ms_probe_result_free)

/* @timeout_ms bounds the whole probe (connect, TLS, every exchange); 0: each step gets
 * the check's default step budget instead. The probe is a session without a password
 * (ms-session.c): the check's dialogues and reply parsers, stopping before any sign-in.
 * The probe never sends credentials: IMAP CAPABILITY/STARTTLS/LOGOUT, POP3 CAPA/STLS/QUIT,
 * SMTP EHLO/STARTTLS/QUIT only. */
void           ms_probe_async           (MsServer            *server,
                                         guint                timeout_ms,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
/* Same, with a trust database (--ca-file) and certificate exceptions (nullable). */
void           ms_probe_with_trust_async (MsServer           *server,
                                          MsTlsTrust         *trust,
                                          guint               timeout_ms,
                                          GCancellable       *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer            user_data);
MsProbeResult *ms_probe_finish          (GAsyncResult        *result,
                                         GError             **error);

G_END_DECLS
