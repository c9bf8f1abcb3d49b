/* ms-connectivity.c: is this computer offline? The network monitor plus the lookups' own evidence
 *
 * GNetworkMonitor alone is not enough: a machine (or the test lab) may have no default
 * route yet answer names locally. So "offline" needs both: the monitor sees no network,
 * and the lookup itself could not be made (not a definite "no such name").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-connectivity"

#include "config.h"

#include "ms-connectivity.h"

gboolean
ms_connectivity_judge (const GError *lookup_error,
                       gboolean      network_available)
{
  if (lookup_error == NULL || network_available)
    return FALSE;
  /* Only the lookup counts: a connection that finds no route is also what a dead address
   * in a network without a default route gives, which is not being offline. */
  return lookup_error->domain == G_RESOLVER_ERROR
         && lookup_error->code != G_RESOLVER_ERROR_NOT_FOUND;
}

gboolean
ms_connectivity_network_available (void)
{
  return g_network_monitor_get_network_available (g_network_monitor_get_default ());
}

gboolean
ms_connectivity_error_means_offline (const GError *lookup_error)
{
  if (lookup_error == NULL)
    return FALSE;
  return ms_connectivity_judge (lookup_error, ms_connectivity_network_available ());
}

static void
lookup_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  GList *records = g_resolver_lookup_records_finish (G_RESOLVER (source), result, &error);

  g_list_free_full (records, (GDestroyNotify) g_variant_unref);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, ms_connectivity_error_means_offline (error));
}

void
ms_connectivity_probe_async (const char          *host,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GResolver) resolver = g_resolver_get_default ();
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_return_if_fail (host != NULL);

  g_task_set_source_tag (task, ms_connectivity_probe_async);
  /* A record lookup, not an address lookup: getaddrinfo() with AI_ADDRCONFIG answers "no
   * such name" on a machine without a network address, which would hide the evidence. */
  g_resolver_lookup_records_async (resolver, host, G_RESOLVER_RECORD_SOA, cancellable,
                                   lookup_done, task);
}

gboolean
ms_connectivity_probe_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
