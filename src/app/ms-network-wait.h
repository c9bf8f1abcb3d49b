/* ms-network-wait.h: wait, without polling, until this computer has a network again
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Completes once the default GNetworkMonitor sees a network: at once (from the main
 * loop) when it already does, else at its first "network-changed" with a network. Never
 * polls. Cancelling @cancellable ends the wait with G_IO_ERROR_CANCELLED. Used by the
 * pages that found this computer offline (discovery and the check) to try again by
 * themselves. */
void     ms_network_wait_async  (GCancellable         *cancellable,
                                 GAsyncReadyCallback   callback,
                                 gpointer              user_data);
gboolean ms_network_wait_finish (GAsyncResult         *result,
                                 GError              **error);

/* What a page does when the network is back: @visible tells whether the user looks at
 * it (then it tries again now; else when it is shown next). */
typedef void (*MsNetworkRetry) (GtkWidget *page,
                                gboolean   visible);

/* For a page: stops the wait in *@waiting, if any, then waits anew and calls @retry
 * once a network appears (unless @page went away; its dispose must stop the wait). */
void     ms_network_wait_start  (GCancellable        **waiting,
                                 GtkWidget            *page,
                                 MsNetworkRetry        retry);
/* Stops the wait in *@waiting, if any, and clears it. */
void     ms_network_wait_stop   (GCancellable        **waiting);

G_END_DECLS
