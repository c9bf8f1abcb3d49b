/* ms-source-autoconfig.c: discovery sources "autoconfig" and "well-known"
 *
 * HTTPS only (there is no http:// fallback). The address goes in the query of the
 * autoconfig.D URL, as the clientConfig convention asks; the .well-known URL gets none.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-discovery"

#include "config.h"

#include "ms-source-autoconfig.h"

char *
ms_source_autoconfig_url (MsSourceContext *ctx)
{
  g_autofree char *escaped = g_uri_escape_string (ms_address_get_address (ctx->address), "@", FALSE);

  return g_strdup_printf ("https://autoconfig.%s/mail/config-v1.1.xml?emailaddress=%s",
                          ctx->domain, escaped);
}

char *
ms_source_well_known_url (MsSourceContext *ctx)
{
  return g_strdup_printf ("https://%s/.well-known/autoconfig/mail/config-v1.1.xml", ctx->domain);
}

void
ms_source_autoconfig_async (MsSourceContext     *ctx,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autofree char *url = ms_source_autoconfig_url (ctx);

  ms_source_fetch_config_async (ctx, MS_SOURCE_AUTOCONFIG, url, cancellable, callback, user_data);
}

void
ms_source_well_known_async (MsSourceContext     *ctx,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autofree char *url = ms_source_well_known_url (ctx);

  ms_source_fetch_config_async (ctx, MS_SOURCE_WELL_KNOWN, url, cancellable, callback, user_data);
}
