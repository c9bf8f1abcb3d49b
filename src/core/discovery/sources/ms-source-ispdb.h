/* ms-source-ispdb.h: discovery source "ispdb" — Thunderbird's ISP database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ms-source-common.h"

G_BEGIN_DECLS

/* <base URL><domain> (the base from the options, default
 * MS_DISCOVERY_DEFAULT_ISPDB_URL). Only the domain is sent, never the address. */
char *ms_source_ispdb_url   (MsSourceContext     *ctx,
                             const char          *domain);
/* Looks up the address's domain; finish with ms_source_finish(). */
void  ms_source_ispdb_async (MsSourceContext     *ctx,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data);

G_END_DECLS
