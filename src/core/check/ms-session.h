/* ms-session.h: one server's session — the dialogue of IMAP, POP3 and SMTP, with at most
 * one sign-in, or none
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Internal to the engine: ms-check.c runs one session per server and attempt, and the
 * probe (ms-probe.c) runs one without a password to learn what a server offers.
 */
#pragma once

#include <gio/gio.h>

#include "ms-check-result.h"
#include "ms-mail-stream.h"

G_BEGIN_DECLS

/**
 * MsSessionParams:
 * @server: host, port, security, protocol
 * @username: the user name to send
 * @password: (nullable): NULL: connect, secure and read capabilities only — no sign-in
 * @skip_code: when not %MS_PROBLEM_N_CODES, never sign in and report this problem
 *   (oauth2-required, needs-confirmation) unless the connection fails first;
 *   @skip_detail (nullable) is its detail
 * @allow_plaintext: the user accepted security "none" for this server
 * @accept_preauth: an IMAP PREAUTH greeting is noted instead of refused (not with
 *   STARTTLS, where it is an attack); for a session without a password only
 * @trust: (nullable): CA database and pins
 * @step_timeout_ms: each step's budget; 0 for %MS_CHECK_DEFAULT_STEP_TIMEOUT_MS
 * @run_timeout_ms: when not 0, the budget of the whole session instead: each step gets
 *   what is left of it
 * @provider_name, @password_reset_url, @enable_url: (nullable): for the problems' words
 */
typedef struct {
  MsServer      *server;
  const char    *username;
  const char    *password;
  MsProblemCode  skip_code;
  const char    *skip_detail;
  gboolean       allow_plaintext;
  gboolean       accept_preauth;
  MsTlsTrust    *trust;
  guint          step_timeout_ms;
  guint          run_timeout_ms;
  const char    *provider_name;
  const char    *password_reset_url;
  const char    *enable_url;
} MsSessionParams;

/**
 * MsSessionOutcome:
 * @result: what the check reports (a failure is its problem)
 * @error: (nullable): the error behind @result's problem when the stream failed
 *   (timeout, closed, TLS with certificate details, cancelled …)
 * @greeting: (nullable): the greeting as received, lines joined by "\n"; untrusted, and
 *   before TLS with STARTTLS (see @greeting_over_tls)
 * @greeting_over_tls: whether the greeting arrived over TLS
 * @starttls_offered: the plain-text capabilities offered STARTTLS (STLS)
 * @preauth: an IMAP PREAUTH greeting was accepted (see MsSessionParams.accept_preauth)
 * @peer_certificate: (nullable): the certificate of the TLS session
 */
typedef struct {
  MsCheckServerResult *result;
  GError              *error;
  char                *greeting;
  gboolean             greeting_over_tls;
  gboolean             starttls_offered;
  gboolean             preauth;
  GTlsCertificate     *peer_certificate;
} MsSessionOutcome;

void                 ms_session_outcome_free (MsSessionOutcome *outcome);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsSessionOutcome, ms_session_outcome_free)

/* Copies what it needs (the password into memory wiped when the session ends).
 * The outcome always comes back (a failure is the result's problem). */
void                 ms_session_run_async    (const MsSessionParams *params,
                                              GCancellable          *cancellable,
                                              MsCheckProgressFunc    progress,
                                              gpointer               progress_data,
                                              GAsyncReadyCallback    callback,
                                              gpointer               user_data);
MsSessionOutcome    *ms_session_run_finish   (GAsyncResult          *result);

/* TRUE when @text (a server's words, received over verified TLS) clearly says that mail
 * program access must be switched on at the provider. */
gboolean             ms_session_text_says_access_disabled (const char *text);

G_END_DECLS
