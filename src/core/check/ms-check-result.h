/* ms-check-result.h: what a check found — per server and in all — and its JSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ms-certificate.h"
#include "ms-json.h"
#include "ms-problem.h"
#include "ms-server.h"

G_BEGIN_DECLS

/* Each step (connect with its TLS handshake, every exchange) gets this long by default. */
#define MS_CHECK_DEFAULT_STEP_TIMEOUT_MS 8000
/* A server's whole check may take this many step timeouts (32 s by default), however
 * slowly the server sends its bytes: then it stops with too-slow. A normal check takes
 * about seven exchanges, each far below a step timeout. */
#define MS_CHECK_DEADLINE_STEPS 4

/**
 * MsCheckStep:
 * @MS_CHECK_STEP_CONNECTING: resolving and connecting (with implicit TLS, the handshake
 *   is part of this step)
 * @MS_CHECK_STEP_SECURING: STARTTLS: switching the connection to TLS
 * @MS_CHECK_STEP_SIGNING_IN: sending the one sign-in
 * @MS_CHECK_STEP_DONE: finished; the progress callback gets the server's result
 *
 * What a server's check is doing now, for the "Checking" page.
 */
typedef enum {
  MS_CHECK_STEP_CONNECTING,
  MS_CHECK_STEP_SECURING,
  MS_CHECK_STEP_SIGNING_IN,
  MS_CHECK_STEP_DONE,
} MsCheckStep;

/* "connecting", "securing", "signing-in", "done" */
const char *ms_check_step_to_string (MsCheckStep step);

/**
 * MsCheckLogin:
 * @MS_CHECK_LOGIN_SKIPPED: no password was sent (see the problem for why)
 * @MS_CHECK_LOGIN_OK: the server accepted the sign-in
 * @MS_CHECK_LOGIN_FAILED: the server refused it
 */
typedef enum {
  MS_CHECK_LOGIN_SKIPPED,
  MS_CHECK_LOGIN_OK,
  MS_CHECK_LOGIN_FAILED,
} MsCheckLogin;

/* "skipped", "ok", "failed" */
const char *ms_check_login_to_string (MsCheckLogin login);

/**
 * MsCheckServerResult:
 * @server: the server checked (a reference; the username is the one the settings give)
 * @username: the user name sent (or that would have been sent)
 * @connected: a connection was established
 * @tls: the session ran over TLS (implicit or after STARTTLS)
 * @tls_version: (nullable): "TLS 1.3"…
 * @certificate: (nullable): what the server's certificate says, also when it failed
 *   verification
 * @tls_errors: why the certificate failed verification (also when a pinned exception let
 *   it through); 0 when it verified
 * @capabilities: what the server offers, as listed AFTER TLS (pre-TLS lists are thrown
 *   away); IMAP atoms, POP3 CAPA lines, SMTP EHLO keyword lines
 * @auth_mechanisms: SASL mechanisms offered, upper case
 * @mechanism: (nullable): how the sign-in was made: "PLAIN", "LOGIN" (SASL), "IMAP LOGIN",
 *   "USER/PASS"
 * @login: the outcome of the sign-in
 * @problem: (nullable): what went wrong, NULL when all is well
 * @elapsed_ms: from the start of this server's check to its end
 */
typedef struct {
  MsServer           *server;
  char               *username;
  gboolean            connected;
  gboolean            tls;
  char               *tls_version;
  MsCertificateInfo  *certificate;
  GTlsCertificateFlags tls_errors;
  char              **capabilities;
  char              **auth_mechanisms;
  char               *mechanism;
  MsCheckLogin        login;
  MsProblem          *problem;
  guint               elapsed_ms;
} MsCheckServerResult;

#define MS_TYPE_CHECK_SERVER_RESULT (ms_check_server_result_get_type ())

GType                ms_check_server_result_get_type (void);
MsCheckServerResult *ms_check_server_result_copy     (const MsCheckServerResult *result);
void                 ms_check_server_result_free     (MsCheckServerResult       *result);
/* "incoming" or "outgoing" */
const char          *ms_check_server_result_get_role (const MsCheckServerResult *result);
/* signed in (or, for a relay without sign-in, answered), no problem */
gboolean             ms_check_server_result_is_ok    (const MsCheckServerResult *result);
/* One element of the `check --json` servers array: {role, protocol, host, port, security,
 * connected, tls: {version, subject, issuer, not_after, sha256, errors} | null,
 * capabilities, auth_mechanisms, login, problem: {code, message, fix} | null, ms} plus
 * username, mechanism, and in problem url and detail. */
void                 ms_check_server_result_to_json  (const MsCheckServerResult *result,
                                                      MsJsonBuilder             *builder);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsCheckServerResult, ms_check_server_result_free)

/**
 * MsCheckResult:
 *
 * Every server's result, incoming first; immutable and reference-counted.
 */
typedef struct _MsCheckResult MsCheckResult;

#define MS_TYPE_CHECK_RESULT (ms_check_result_get_type ())

GType          ms_check_result_get_type    (void);
MsCheckResult *ms_check_result_ref         (MsCheckResult *self);
void           ms_check_result_unref       (MsCheckResult *self);
/* (element-type MsCheckServerResult), transfer none */
GPtrArray     *ms_check_result_get_servers (MsCheckResult *self);
/* every server checked signed in without a problem (FALSE when none was checked) */
gboolean       ms_check_result_is_ok       (MsCheckResult *self);
/* {"servers": [...]} */
void           ms_check_result_to_json     (MsCheckResult *self,
                                            MsJsonBuilder *builder);

/* For the run: @servers (element-type MsCheckServerResult) in their order. */
MsCheckResult *ms_check_result_new         (GPtrArray     *servers);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsCheckResult, ms_check_result_unref)

/**
 * MsCheckProgressFunc:
 * @server: the server (transfer none)
 * @step: what its check does now
 * @result: (nullable): with %MS_CHECK_STEP_DONE, the server's result (transfer none)
 * @user_data: the progress data
 *
 * Called in the check's main context as each step starts; never from inside
 * ms_check_run_async() itself and never after the run's callback.
 */
typedef void (*MsCheckProgressFunc) (MsServer                  *server,
                                     MsCheckStep                step,
                                     const MsCheckServerResult *result,
                                     gpointer                   user_data);

G_END_DECLS
