/* ms-source-srv.h: discovery source "srv" — RFC 6186 / RFC 8314 SRV records
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ms-source-common.h"

G_BEGIN_DECLS

/* The services asked, best first: imaps, imap, pop3s, pop3, submissions, submission. */
#define MS_SOURCE_SRV_N_SERVICES 6

/* The @index'th service: its name ("imaps"), protocol and security. */
const char *ms_source_srv_service (guint        index,
                                   MsProtocol  *protocol,
                                   MsSecurity  *security);

/* Finish with ms_source_finish(). The result always needs confirmation. */
void        ms_source_srv_async   (MsSourceContext     *ctx,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);

G_END_DECLS
