/* ms-source-mx.h: discovery source "mx" — the domain's mail exchanger points at its
 * hoster, whose settings come from the built-in table, its autoconfig or the ISPDB
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ms-source-common.h"

G_BEGIN_DECLS

/* The domains to ask for an MX host, best first: the MX host's parent domain (when it
 * is below the base domain) and its registrable domain, leaving out @domain itself.
 * "mx1.nc.rr.com" for "nc.rr.com" gives { "rr.com" }; "a.mail.protection.outlook.com"
 * gives { "mail.protection.outlook.com", "outlook.com" }. NULL-terminated, maybe empty. */
char **ms_source_mx_candidate_domains (const char *mx_host,
                                       const char *domain);

/* Finish with ms_source_finish(). The result always needs confirmation. */
void   ms_source_mx_async             (MsSourceContext     *ctx,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);

G_END_DECLS
