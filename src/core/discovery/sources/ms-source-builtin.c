/* ms-source-builtin.c: discovery source "builtin" — the built-in provider table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-discovery"

#include "config.h"

#include "ms-client-config.h"
#include "ms-source-builtin.h"

MsAccount *
ms_source_builtin_lookup (MsSourceContext *ctx)
{
  g_autoptr(MsAccount) account = NULL;

  account = ms_provider_db_lookup (ctx->provider_db, ctx->address);
  if (account == NULL)
    {
      ms_source_context_trace (ctx, MS_SOURCE_BUILTIN, ctx->domain,
                               "nothing: not in the built-in table");
      return NULL;
    }
  if (ms_account_get_incoming (account)->len == 0 || ms_account_get_outgoing (account)->len == 0)
    {
      ms_source_context_trace (ctx, MS_SOURCE_BUILTIN, ms_account_get_provenance (account),
                               "rejected: the entry has no usable %s server",
                               ms_account_get_incoming (account)->len == 0 ? "incoming" : "outgoing");
      return NULL;
    }
  ms_account_set_source (account, MS_SOURCE_BUILTIN);
  ms_account_set_needs_confirmation (account, FALSE);
  ms_source_context_trace (ctx, MS_SOURCE_BUILTIN, ms_account_get_provenance (account),
                           "found %s%s", ms_account_get_provider_id (account),
                           ms_account_get_oauth2_required (account) ? " (OAuth2 required)" : "");
  return g_steal_pointer (&account);
}

/* @config (found for @what) made into an account reached through DNS: needs confirmation. */
static MsAccount *
account_from_dns (MsSourceContext *ctx,
                  MsSource         source,
                  MsClientConfig  *config,
                  const char      *what)
{
  g_autoptr(MsAccount) account = NULL;
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *provenance = NULL;

  provenance = g_strdup_printf ("builtin:%s", ms_client_config_get_provider_id (config));
  account = ms_client_config_to_account (config, ctx->address, source, provenance, warnings);
  for (guint i = 0; i < warnings->len; i++)
    ms_source_context_trace (ctx, source, provenance, "skipped: %s",
                             (const char *) g_ptr_array_index (warnings, i));
  if (account == NULL
      || ms_account_get_incoming (account)->len == 0
      || ms_account_get_outgoing (account)->len == 0)
    {
      ms_source_context_trace (ctx, source, provenance, "rejected: no usable server");
      return NULL;
    }
  ms_account_set_needs_confirmation (account, TRUE);
  ms_source_context_trace (ctx, source, provenance,
                           "found %s for %s (from DNS: needs confirmation)",
                           ms_client_config_get_provider_id (config), what);
  return g_steal_pointer (&account);
}

MsAccount *
ms_source_builtin_lookup_domain (MsSourceContext *ctx,
                                 MsSource         source,
                                 const char      *domain)
{
  MsClientConfig *config = ms_provider_db_lookup_domain (ctx->provider_db, domain);
  g_autofree char *target = g_strdup_printf ("builtin:%s", domain);

  if (config == NULL)
    {
      ms_source_context_trace (ctx, source, target, "nothing: not in the built-in table");
      return NULL;
    }
  return account_from_dns (ctx, source, config, domain);
}

MsAccount *
ms_source_builtin_lookup_mx_host (MsSourceContext *ctx,
                                  MsSource         source,
                                  const char      *mx_host)
{
  MsClientConfig *config = ms_provider_db_lookup_mx_host (ctx->provider_db, mx_host);
  g_autofree char *target = g_strdup_printf ("builtin-mx:%s", mx_host);
  g_autofree char *what = g_strdup_printf ("the mail exchanger %s", mx_host);

  if (config == NULL)
    {
      ms_source_context_trace (ctx, source, target, "nothing: no hoster in the built-in table");
      return NULL;
    }
  return account_from_dns (ctx, source, config, what);
}
