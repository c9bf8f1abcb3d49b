/* ms-network-wait.c: wait, without polling, until this computer has a network again
 *
 * The pages judge "offline" with ms-connectivity (the network monitor sees no network
 * and a DNS question could not be asked); this is the other half: the moment the monitor
 * sees a network, the page tries again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-network-wait"

#include "config.h"

#include "ms-network-wait.h"

typedef struct {
  GNetworkMonitor *monitor;
  gulong changed_id;
  gulong cancelled_id;
  GSource *idle;
} Wait;

static void
wait_free (Wait *wait)
{
  g_clear_signal_handler (&wait->changed_id, wait->monitor);
  if (wait->idle != NULL)
    {
      g_source_destroy (wait->idle);
      g_source_unref (wait->idle);
    }
  g_clear_object (&wait->monitor);
  g_free (wait);
}

/* Ends the wait once: with TRUE, or with the cancellation. */
static void
wait_end (GTask *task)
{
  Wait *wait = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (g_task_get_completed (task) || wait->monitor == NULL)
    return;
  g_clear_signal_handler (&wait->changed_id, wait->monitor);
  g_clear_object (&wait->monitor);
  if (cancellable != NULL && wait->cancelled_id != 0)
    {
      /* (Not g_cancellable_disconnect: this may run inside the cancelled handler.) */
      g_signal_handler_disconnect (cancellable, wait->cancelled_id);
      wait->cancelled_id = 0;
    }
  if (!g_task_return_error_if_cancelled (task))
    g_task_return_boolean (task, TRUE);
  g_object_unref (task);   /* the reference the wait held */
}

static void
on_network_changed (GNetworkMonitor *monitor,
                    gboolean         available,
                    gpointer         user_data)
{
  if (available)
    {
      g_debug ("the network is back");
      wait_end (G_TASK (user_data));
    }
}

static gboolean
on_idle (gpointer user_data)
{
  GTask *task = user_data;
  Wait *wait = g_task_get_task_data (task);

  g_clear_pointer (&wait->idle, g_source_unref);
  wait_end (task);
  return G_SOURCE_REMOVE;
}

static void
on_cancelled (GCancellable *cancellable,
              gpointer      user_data)
{
  GTask *task = user_data;
  Wait *wait = g_task_get_task_data (task);

  /* From the main loop, never from inside g_cancellable_cancel(). */
  if (wait->idle == NULL)
    {
      wait->idle = g_idle_source_new ();
      g_source_set_callback (wait->idle, on_idle, task, NULL);
      g_source_attach (wait->idle, g_task_get_context (task));
    }
}

void
ms_network_wait_async (GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  Wait *wait = g_new0 (Wait, 1);

  g_task_set_source_tag (task, ms_network_wait_async);
  g_task_set_task_data (task, wait, (GDestroyNotify) wait_free);
  wait->monitor = g_object_ref (g_network_monitor_get_default ());

  if (g_network_monitor_get_network_available (wait->monitor) ||
      (cancellable != NULL && g_cancellable_is_cancelled (cancellable)))
    {
      on_cancelled (cancellable, task);
      return;
    }
  wait->changed_id = g_signal_connect (wait->monitor, "network-changed",
                                       G_CALLBACK (on_network_changed), task);
  if (cancellable != NULL)
    wait->cancelled_id = g_signal_connect (cancellable, "cancelled",
                                           G_CALLBACK (on_cancelled), task);
}

gboolean
ms_network_wait_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct {
  GWeakRef page;            /* the page stops the wait when it goes away */
  GCancellable **waiting;   /* the page's field; valid while the wait runs */
  GCancellable *cancellable;
  MsNetworkRetry retry;
} PageWait;

static void
on_page_network_back (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  PageWait *pw = user_data;
  g_autoptr (GtkWidget) page = g_weak_ref_get (&pw->page);

  if (ms_network_wait_finish (result, NULL) && page != NULL)
    {
      GtkWidget *parent = gtk_widget_get_parent (page);

      /* Over: the page's field no longer holds a wait. */
      if (*pw->waiting == pw->cancellable)
        g_clear_object (pw->waiting);
      pw->retry (page, GTK_IS_STACK (parent) &&
                       gtk_stack_get_visible_child (GTK_STACK (parent)) == page);
    }
  g_object_unref (pw->cancellable);
  g_weak_ref_clear (&pw->page);
  g_free (pw);
}

void
ms_network_wait_start (GCancellable   **waiting,
                       GtkWidget       *page,
                       MsNetworkRetry   retry)
{
  PageWait *pw = g_new0 (PageWait, 1);

  ms_network_wait_stop (waiting);
  *waiting = g_cancellable_new ();
  g_weak_ref_init (&pw->page, page);
  pw->waiting = waiting;
  pw->cancellable = g_object_ref (*waiting);
  pw->retry = retry;
  ms_network_wait_async (*waiting, on_page_network_back, pw);
}

void
ms_network_wait_stop (GCancellable **waiting)
{
  if (*waiting != NULL)
    g_cancellable_cancel (*waiting);
  g_clear_object (waiting);
}
