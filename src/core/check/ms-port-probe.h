/* ms-port-probe.h: which security a port speaks — TLS from the first byte, or a
 * plain-text greeting — when a session's own security did not get an answer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Internal to the engine: a session (ms-session.c) asks this when its greeting does not
 * come on a plain connection (is it a TLS port?), or when its TLS handshake met no TLS at
 * all (is it a plain-text port?). One extra connection, no command beyond the handshake
 * or the greeting, never a password.
 */
#pragma once

#include <gio/gio.h>

#include "ms-server.h"
#include "ms-tls-trust.h"

G_BEGIN_DECLS

/* @speaks: MS_SECURITY_TLS — does a TLS server answer a ClientHello on @port (a
 * certificate that does not verify still counts)? MS_SECURITY_STARTTLS — does @port
 * greet in plain text the way @protocol's servers do ("* OK", "+OK", "220")?
 * @trust: (nullable). @timeout_ms: the whole probe. */
void     ms_port_probe_async  (MsProtocol           protocol,
                               const char          *host,
                               guint16              port,
                               MsSecurity           speaks,
                               MsTlsTrust          *trust,
                               guint                timeout_ms,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data);
/* TRUE if the port speaks what was asked; FALSE when not, or not known (@error: why,
 * e.g. G_IO_ERROR_CANCELLED) */
gboolean ms_port_probe_finish (GAsyncResult        *result,
                               GError             **error);

G_END_DECLS
