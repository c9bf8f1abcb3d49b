/* ms-source-builtin.h: discovery source "builtin" — the built-in provider table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ms-source-common.h"

G_BEGIN_DECLS

/* The table's account for the address (source builtin, vouched), or NULL. No network;
 * traced. */
MsAccount *ms_source_builtin_lookup        (MsSourceContext *ctx);

/* The table's entry for another @domain (one the MX records pointed at), made into an
 * account for the address with source @source and needs_confirmation set; or NULL.
 * Traced under @source. */
MsAccount *ms_source_builtin_lookup_domain (MsSourceContext *ctx,
                                            MsSource         source,
                                            const char      *domain);

/* The table's business settings for the hoster whose mail exchanger is @mx_host
 * (ms_provider_db_lookup_mx_host()), as above: source @source, needs_confirmation set;
 * or NULL. Traced under @source. */
MsAccount *ms_source_builtin_lookup_mx_host (MsSourceContext *ctx,
                                             MsSource         source,
                                             const char      *mx_host);

G_END_DECLS
