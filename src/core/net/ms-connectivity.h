/* ms-connectivity.h: is this computer offline? The network monitor plus the lookups' own evidence
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Pure: whether a failed name lookup means "not connected" rather than "no such host".
 * Only when the network monitor sees no network AND the resolver could not ask at all
 * (a resolver error that is not a definite "no such name"). */
gboolean ms_connectivity_judge               (const GError        *lookup_error,
                                              gboolean             network_available);

/* ms_connectivity_judge() with the default GNetworkMonitor's current view. */
gboolean ms_connectivity_network_available   (void);
gboolean ms_connectivity_error_means_offline (const GError        *lookup_error);

/* Asks DNS about @host (never blocks the main loop) and tells whether this computer is
 * offline: TRUE only when the monitor sees no network and the question could not be
 * asked at all. */
void     ms_connectivity_probe_async         (const char          *host,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean ms_connectivity_probe_finish        (GAsyncResult        *result,
                                              GError             **error);

G_END_DECLS
