/* ms-check.h: check an account's servers — connect, TLS, capabilities, one sign-in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ms-account.h"
#include "ms-check-result.h"
#include "ms-tls-trust.h"

G_BEGIN_DECLS

/**
 * MsCheckOptions:
 * @step_timeout_ms: each step's budget (connect + TLS handshake, then every exchange);
 *   0 for %MS_CHECK_DEFAULT_STEP_TIMEOUT_MS
 * @deadline_ms: each server's whole check (connect to goodbye); 0 for
 *   %MS_CHECK_DEADLINE_STEPS step timeouts
 * @plaintext_hosts: (nullable) (array zero-terminated=1): servers ("HOST" or
 *   "HOST:PORT") for which the user explicitly accepted sending the password without
 *   encryption. Any other server with security "none" is refused (plaintext-refused)
 *   without connecting.
 * @confirmed: the user confirmed settings the address's domain does not vouch for
 *   (ms_account_get_needs_confirmation()); without it such servers are connected to and
 *   their capabilities read, but no password is sent (needs-confirmation)
 *
 * All-zero means the defaults. ms_check_run_async() copies what it needs.
 */
typedef struct {
  guint               step_timeout_ms;
  guint               deadline_ms;
  const char * const *plaintext_hosts;
  gboolean            confirmed;
  /*< private >*/
  gpointer            padding[4];
} MsCheckOptions;

/**
 * ms_check_run_async:
 * @account: the settings: the first incoming and the first outgoing server are checked,
 *   in parallel. Provider details (name, password reset and enable pages, OAuth2) go
 *   into the problems' words. For a bare list of servers, put them into
 *   ms_account_new() with ms_account_add_server().
 * @password: (nullable): the password; kept in memory only for the run and wiped after.
 *   NULL: no sign-in at all (login "skipped").
 * @username: (nullable): overrides every server's user name
 * @trust: (nullable): CA database and pinned certificate exceptions
 * @options: (nullable): NULL for the defaults
 * @cancellable: (nullable): cancels the whole check; the callback then gets
 *   %G_IO_ERROR_CANCELLED
 * @progress: (nullable): live steps per server
 * @progress_data: for @progress; must stay valid until @callback has run
 *
 * Lockout safety: at most one sign-in per server. A second one happens only when the
 * first was refused and the account lists the same server again with another user name
 * (an explicit alternative form, as provider tables do); never another password or
 * another mechanism. OAuth2-only accounts and servers get no password at all
 * (oauth2-required). A password is only sent inside verified TLS (a pinned exception
 * counts as verified for its one host and port), or over a plain-text connection to a
 * server listed in @options->plaintext_hosts.
 */
void           ms_check_run_async          (MsAccount              *account,
                                            const char             *password,
                                            const char             *username,
                                            MsTlsTrust             *trust,
                                            const MsCheckOptions   *options,
                                            GCancellable           *cancellable,
                                            MsCheckProgressFunc     progress,
                                            gpointer                progress_data,
                                            GAsyncReadyCallback     callback,
                                            gpointer                user_data);
MsCheckResult *ms_check_run_finish         (GAsyncResult           *result,
                                            GError                **error);

G_END_DECLS
