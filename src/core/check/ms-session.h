/* ms-session.h: one server's check — the sign-in dialogue of IMAP, POP3 and SMTP
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Internal to the engine: ms-check.c runs one session per server and attempt.
 */
#pragma once

#include <gio/gio.h>

#include "ms-check.h"

G_BEGIN_DECLS

/**
 * MsSessionParams:
 * @server: host, port, security, protocol
 * @username: the user name to send
 * @password: (nullable): NULL: connect and read capabilities only
 * @skip_code: when not %MS_PROBLEM_N_CODES, never sign in and report this problem
 *   (oauth2-required, needs-confirmation) unless the connection fails first;
 *   @skip_detail (nullable) is its detail
 * @allow_plaintext: the user accepted security "none" for this server
 * @trust: (nullable): CA database and pins
 * @step_timeout_ms: each step's budget
 * @provider_name, @password_reset_url, @enable_url: (nullable): for the problems' words
 */
typedef struct {
  MsServer      *server;
  const char    *username;
  const char    *password;
  MsProblemCode  skip_code;
  const char    *skip_detail;
  gboolean       allow_plaintext;
  MsTlsTrust    *trust;
  guint          step_timeout_ms;
  const char    *provider_name;
  const char    *password_reset_url;
  const char    *enable_url;
} MsSessionParams;

/* Copies what it needs (the password into memory wiped when the session ends).
 * The result always comes back (a failure is the result's problem). */
void                 ms_session_check_async  (const MsSessionParams *params,
                                              GCancellable          *cancellable,
                                              MsCheckProgressFunc    progress,
                                              gpointer               progress_data,
                                              GAsyncReadyCallback    callback,
                                              gpointer               user_data);
MsCheckServerResult *ms_session_check_finish (GAsyncResult          *result);

/* TRUE when @text (a server's words, received over verified TLS) clearly says that mail
 * program access must be switched on at the provider. */
gboolean             ms_session_text_says_access_disabled (const char *text);

G_END_DECLS
