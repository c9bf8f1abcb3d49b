/* ms-source-autoconfig.h: discovery sources "autoconfig" and "well-known" — the
 * provider's own clientConfig over HTTPS
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ms-source-common.h"

G_BEGIN_DECLS

/* https://autoconfig.D/mail/config-v1.1.xml?emailaddress=A (the address, never a
 * password); "found" also when the answer came through redirects. */
char *ms_source_autoconfig_url        (MsSourceContext     *ctx);
void  ms_source_autoconfig_async      (MsSourceContext     *ctx,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);

/* https://D/.well-known/autoconfig/mail/config-v1.1.xml */
char *ms_source_well_known_url        (MsSourceContext     *ctx);
void  ms_source_well_known_async      (MsSourceContext     *ctx,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);

/* Finish both with ms_source_finish(). */

G_END_DECLS
