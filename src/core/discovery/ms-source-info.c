/* ms-source-info.c: the discovery sources, each described once
 *
 * One row per source, in rank order: how ms-discovery.c starts it and how the discovery
 * page, the settings page and `mail-setup-cli discover` name it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-discovery"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ms-source-autoconfig.h"
#include "ms-source-builtin.h"
#include "ms-source-common.h"
#include "ms-source-guess.h"
#include "ms-source-info.h"
#include "ms-source-ispdb.h"
#include "ms-source-mx.h"
#include "ms-source-srv.h"

static char *
ispdb_target (MsSourceContext *ctx)
{
  return ms_source_ispdb_url (ctx, ctx->domain);
}

static char *
mx_target (MsSourceContext *ctx)
{
  return g_strdup_printf ("MX %s", ctx->domain);
}

static char *
srv_target (MsSourceContext *ctx)
{
  return g_strdup_printf ("SRV %s", ctx->domain);
}

static char *
guess_target (MsSourceContext *ctx)
{
  return g_strdup_printf ("guess %s", ctx->domain);
}

/* Guessing runs all its probes at once: one probe's time, plus start-up. */
static guint
guess_budget_ms (MsSourceContext *ctx)
{
  return ctx->probe_timeout_ms + MS_SOURCE_GUESS_SLACK_MS;
}

static const MsSourceInfo sources[] = {
  {
    .source = MS_SOURCE_BUILTIN,
    .title = N_("Built into Mail Setup"),
    .description = N_("Mail Setup’s built-in provider table"),
    .origin = N_("Settings built into Mail Setup, checked by its developers."),
    /* TRANSLATORS: %s is a provider, e.g. "Spectrum" */
    .origin_named = N_("%s’s settings built into Mail Setup, checked by its developers."),
    .came_from = NC_("settings came from", "Mail Setup"),
    .start = MS_SOURCE_START_AT_ONCE,
    .lookup = ms_source_builtin_lookup,
  },
  {
    .source = MS_SOURCE_AUTOCONFIG,
    .title = N_("Your provider’s configuration"),
    .description = N_("your provider’s own configuration server (autoconfig, over HTTPS)"),
    /* TRANSLATORS: first %s is a web server's name, second the address's domain */
    .origin = N_("From your provider’s configuration at %s, published by %s itself."),
    .origin_args = MS_SOURCE_ORIGIN_ARGS_HOST_DOMAIN,
    .came_from = NC_("settings came from", "your provider’s configuration"),
    .start = MS_SOURCE_START_HTTPS,
    .run = ms_source_autoconfig_async,
    .target = ms_source_autoconfig_url,
  },
  {
    .source = MS_SOURCE_WELL_KNOWN,
    .title = N_("Your provider’s configuration (well-known)"),
    .description = N_("your domain’s web server (.well-known autoconfig, over HTTPS)"),
    .origin = N_("From your provider’s configuration at %s, published by %s itself."),
    .origin_args = MS_SOURCE_ORIGIN_ARGS_HOST_DOMAIN,
    .came_from = NC_("settings came from", "your provider’s configuration"),
    .start = MS_SOURCE_START_HTTPS,
    .run = ms_source_well_known_async,
    .target = ms_source_well_known_url,
  },
  {
    .source = MS_SOURCE_ISPDB,
    .title = N_("Thunderbird’s database"),
    .description = N_("Thunderbird’s database of mail providers (ISPDB)"),
    .origin = N_("From Thunderbird’s database of providers, collected by the Thunderbird project."),
    .came_from = NC_("settings came from", "Thunderbird’s database"),
    .start = MS_SOURCE_START_HTTPS,
    .run = ms_source_ispdb_async,
    .target = ispdb_target,
  },
  {
    .source = MS_SOURCE_MX,
    .title = N_("Mail server records (MX)"),
    .description = N_("your domain’s mail exchanger (DNS MX record) and its hosting provider"),
    /* TRANSLATORS: %s is the address's domain */
    .origin = N_("From the DNS records (MX) of %s: where its mail is delivered."),
    .origin_args = MS_SOURCE_ORIGIN_ARGS_DOMAIN,
    .came_from = NC_("settings came from", "DNS records"),
    .start = MS_SOURCE_START_DNS,
    .run = ms_source_mx_async,
    .target = mx_target,
  },
  {
    .source = MS_SOURCE_SRV,
    .title = N_("Service records (SRV)"),
    .description = N_("your domain’s mail service records (DNS SRV)"),
    .origin = N_("From the DNS records (SRV) of %s."),
    .origin_args = MS_SOURCE_ORIGIN_ARGS_DOMAIN,
    .came_from = NC_("settings came from", "DNS records"),
    .start = MS_SOURCE_START_DNS,
    .run = ms_source_srv_async,
    .target = srv_target,
  },
  {
    .source = MS_SOURCE_GUESS,
    .title = N_("Educated guess"),
    .description = N_("guessing the usual server names and asking each server what it offers"),
    .origin = N_("A guess: servers with these names answered like mail servers."),
    .came_from = NC_("settings came from", "a guess"),
    .start = MS_SOURCE_START_DNS,
    .run = ms_source_guess_async,
    .target = guess_target,
    .budget_ms = guess_budget_ms,
  },
};

/* One row per source, no more, no less; the rows' order is checked by
 * ms_source_info_get_all(). */
G_STATIC_ASSERT (G_N_ELEMENTS (sources) == MS_N_SOURCES - MS_SOURCE_BUILTIN);

const MsSourceInfo *
ms_source_info_get_all (guint *n_sources)
{
  static gsize checked = 0;

  if (g_once_init_enter (&checked))
    {
      for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
        {
          const MsSourceInfo *info = &sources[i];

          g_assert (info->source == MS_SOURCE_BUILTIN + i);
          g_assert (info->title != NULL && info->description != NULL && info->origin != NULL &&
                    info->came_from != NULL);
          if (info->start == MS_SOURCE_START_AT_ONCE)
            g_assert (info->lookup != NULL && (i == 0 || sources[i - 1].start == MS_SOURCE_START_AT_ONCE));
          else
            g_assert (info->run != NULL && info->target != NULL);
        }
      g_once_init_leave (&checked, 1);
    }

  if (n_sources != NULL)
    *n_sources = G_N_ELEMENTS (sources);
  return sources;
}

const MsSourceInfo *
ms_source_info_get (MsSource source)
{
  guint n = 0;
  const MsSourceInfo *all = ms_source_info_get_all (&n);

  if (source < MS_SOURCE_BUILTIN || (guint) (source - MS_SOURCE_BUILTIN) >= n)
    return NULL;
  return &all[source - MS_SOURCE_BUILTIN];
}

const char *
ms_source_get_title (MsSource source)
{
  const MsSourceInfo *info = ms_source_info_get (source);

  return info != NULL ? _(info->title) : NULL;
}

const char *
ms_source_get_description (MsSource source)
{
  const MsSourceInfo *info = ms_source_info_get (source);

  return info != NULL ? _(info->description) : NULL;
}

const char *
ms_source_get_came_from (MsSource source)
{
  const MsSourceInfo *info = ms_source_info_get (source);

  return info != NULL ? g_dpgettext2 (GETTEXT_PACKAGE, "settings came from", info->came_from) : NULL;
}

/* The formats come from the table above, each checked by msgfmt --check against its
 * msgid; their arguments follow the row's origin_args. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
char *
ms_source_dup_origin (MsSource    source,
                      const char *provider_name,
                      const char *host,
                      const char *domain)
{
  const MsSourceInfo *info = ms_source_info_get (source);

  if (info == NULL)
    return NULL;
  if (provider_name != NULL && info->origin_named != NULL)
    return g_strdup_printf (_(info->origin_named), provider_name);

  switch (info->origin_args)
    {
    case MS_SOURCE_ORIGIN_ARGS_DOMAIN:
      return g_strdup_printf (_(info->origin), domain);
    case MS_SOURCE_ORIGIN_ARGS_HOST_DOMAIN:
      return g_strdup_printf (_(info->origin), host != NULL ? host : domain, domain);
    case MS_SOURCE_ORIGIN_ARGS_NONE:
    default:
      return g_strdup (_(info->origin));
    }
}
#pragma GCC diagnostic pop
