/* ms-source-guess.h: discovery source "guess" — the usual server names, each asked what
 * it offers (a capability probe, never a login)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ms-source-common.h"

G_BEGIN_DECLS

/* How much longer than one probe timeout the whole guess may take (DNS, start-up). */
#define MS_SOURCE_GUESS_SLACK_MS 1000

/* The candidates for @domain, best first: IMAP before POP3, implicit TLS before STARTTLS,
 * then host order (imap., mail., D for IMAP; pop., pop3., mail., D for POP3). Never plain
 * text. Transfer full, element type MsServer; username @username (nullable). */
GPtrArray *ms_source_guess_incoming (const char *domain,
                                     const char *username);
/* SMTP: implicit TLS on 465, implicit TLS on 587, STARTTLS on 587; each on smtp., mail.
 * and D. */
GPtrArray *ms_source_guess_outgoing (const char *domain,
                                     const char *username);

/* All probes at once, each bounded by the probe timeout. For each direction the
 * best-ranked server that answered wins once every better-ranked probe has finished.
 * Finish with ms_source_finish(). The result always needs confirmation. */
void       ms_source_guess_async    (MsSourceContext     *ctx,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);

G_END_DECLS
