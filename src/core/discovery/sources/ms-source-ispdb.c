/* ms-source-ispdb.c: discovery source "ispdb" — Thunderbird's ISP database
 *
 * A curated public database: its answer is vouched for unless it redirects off its own
 * domain or names servers outside the address's domain and the provider's domains.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-discovery"

#include "config.h"

#include "ms-source-ispdb.h"

char *
ms_source_ispdb_url (MsSourceContext *ctx,
                     const char      *domain)
{
  g_autofree char *escaped = g_uri_escape_string (domain, NULL, FALSE);

  return g_strconcat (ctx->ispdb_url, escaped, NULL);
}

void
ms_source_ispdb_async (MsSourceContext     *ctx,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autofree char *url = ms_source_ispdb_url (ctx, ctx->domain);

  ms_source_fetch_config_async (ctx, MS_SOURCE_ISPDB, url, cancellable, callback, user_data);
}
