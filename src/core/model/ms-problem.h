/* ms-problem.h: what went wrong, in plain words, with what to do about it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ms-json.h"
#include "ms-server.h"

G_BEGIN_DECLS

/**
 * MsProblemCode:
 *
 * The problem taxonomy (docs/ARCHITECTURE.md). Each code has a stable string form
 * (ms_problem_code_to_string()) used in `--json` output and by tests; never renumber or
 * rename one.
 */
typedef enum {
  MS_PROBLEM_NO_SUCH_HOST,
  MS_PROBLEM_CONNECTION_REFUSED,
  MS_PROBLEM_TIMED_OUT,
  MS_PROBLEM_OUTGOING_BLOCKED,
  MS_PROBLEM_NETWORK_UNREACHABLE,
  MS_PROBLEM_TLS_FAILED,
  MS_PROBLEM_CERTIFICATE_EXPIRED,
  MS_PROBLEM_CERTIFICATE_NOT_YET_VALID,
  MS_PROBLEM_CERTIFICATE_WRONG_HOST,
  MS_PROBLEM_CERTIFICATE_SELF_SIGNED,
  MS_PROBLEM_CERTIFICATE_UNKNOWN_ISSUER,
  MS_PROBLEM_CERTIFICATE_REVOKED,
  MS_PROBLEM_CERTIFICATE_INSECURE,
  MS_PROBLEM_STARTTLS_NOT_OFFERED,
  MS_PROBLEM_STARTTLS_FAILED,
  MS_PROBLEM_STARTTLS_INJECTION,
  MS_PROBLEM_PLAINTEXT_REFUSED,
  MS_PROBLEM_AUTHENTICATION_FAILED,
  MS_PROBLEM_LOGIN_DISABLED,
  MS_PROBLEM_ACCESS_DISABLED,
  MS_PROBLEM_NO_AUTH_OFFERED,
  MS_PROBLEM_NO_SUITABLE_AUTH,
  MS_PROBLEM_OAUTH2_REQUIRED,
  MS_PROBLEM_PREAUTH_REFUSED,
  MS_PROBLEM_SERVER_CLOSED,
  MS_PROBLEM_PROTOCOL_ERROR,
  MS_PROBLEM_NEEDS_CONFIRMATION,
  MS_PROBLEM_CANCELLED,
  MS_PROBLEM_FOLDER_NOT_SHARED,
  MS_PROBLEM_FOLDER_MISSING,
  MS_PROBLEM_TOO_SLOW,
  MS_PROBLEM_ENDLESS_EXCHANGE,
  MS_PROBLEM_OFFLINE,
  MS_PROBLEM_PORT_NEEDS_TLS,
  MS_PROBLEM_PORT_NEEDS_STARTTLS,
} MsProblemCode;

#define MS_PROBLEM_N_CODES (MS_PROBLEM_PORT_NEEDS_STARTTLS + 1)

/**
 * MsProblemContext:
 * @protocol: the protocol spoken with the server
 * @host: the server's host name as the user sees it; for a problem of discovery as a
 *   whole (offline, too slow) the address's domain
 * @port: the port; 0 for a problem of discovery as a whole
 * @provider_name: (nullable): the provider's name, e.g. "Spectrum"
 * @password_reset_url: (nullable): where the provider lets you reset the password
 * @enable_url: (nullable): where IMAP/POP access is switched on at the provider
 * @certificate_names: (nullable): the names the server's certificate is valid for
 * @certificate_self_signed: whether the certificate signed itself
 * @detail: (nullable): a short technical detail shown after the fix (never a secret, never
 *   unverified server text presented as trustworthy)
 *
 * What the messages may mention. Everything is optional except @host.
 */
typedef struct {
  MsProtocol  protocol;
  const char *host;
  guint16     port;
  const char *provider_name;
  const char *password_reset_url;
  const char *enable_url;
  const char *certificate_names;
  gboolean    certificate_self_signed;
  const char *detail;
} MsProblemContext;

/**
 * MsProblemAlternative:
 * @port: the port to try instead
 * @security: with this security
 *
 * The settings worth one more try for the same server, when a problem points at its port
 * or its security: another port when one did not answer (never the port that just
 * failed), the same port with the security it speaks when they did not match.
 */
typedef struct {
  guint16    port;
  MsSecurity security;
} MsProblemAlternative;

/**
 * MsProblem:
 * @code: what kind of problem
 * @message: the cause in plain words (translated)
 * @fix: what to do about it (translated); when there is an @alternative, the fix names
 *   it, and it never recommends the port that failed
 * @url: (nullable): a page that helps, e.g. the provider's password reset page
 * @detail: (nullable): technical detail for the diagnostic report
 * @alternative: (nullable): the settings to try instead (see ms_problem_alternative_for())
 */
typedef struct {
  MsProblemCode          code;
  char                  *message;
  char                  *fix;
  char                  *url;
  char                  *detail;
  MsProblemAlternative  *alternative;
} MsProblem;

#define MS_TYPE_PROBLEM (ms_problem_get_type ())

GType       ms_problem_get_type             (void);

const char *ms_problem_code_to_string       (MsProblemCode            code);
gboolean    ms_problem_code_from_string     (const char              *string,
                                             MsProblemCode           *code);

MsProblem  *ms_problem_new                  (MsProblemCode            code,
                                             const MsProblemContext  *context);
/* The most telling problem for a failed certificate verification. */
MsProblem  *ms_problem_new_for_certificate  (GTlsCertificateFlags     flags,
                                             const MsProblemContext  *context);
/* Maps connection-level GIO, resolver and TLS errors; anything else becomes
 * MS_PROBLEM_PROTOCOL_ERROR with the error's message as the detail. */
MsProblem  *ms_problem_new_for_error        (const GError            *error,
                                             const MsProblemContext  *context);
/* The alternative a problem with @code for @protocol's server on @port suggests: TRUE
 * with *alternative set, FALSE when there is none (@alternative: nullable). */
gboolean    ms_problem_alternative_for      (MsProblemCode            code,
                                             MsProtocol               protocol,
                                             guint16                  port,
                                             MsProblemAlternative    *alternative);
MsProblem  *ms_problem_copy                 (const MsProblem         *problem);
void        ms_problem_free                 (MsProblem               *problem);
/* The `--json` problem object (code, message, fix, url, detail, alternative: {port,
 * security} or null), or null for NULL. */
void        ms_problem_add_json             (const MsProblem         *problem,
                                             MsJsonBuilder           *builder);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsProblem, ms_problem_free)

G_END_DECLS
