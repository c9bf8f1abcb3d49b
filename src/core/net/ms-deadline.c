/* ms-deadline.c: one step's time limit — a timer and the caller's cancellable, both
 * cancelling one internal GCancellable
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GIO operations take one GCancellable. A step of the mail stream must end when the
 * caller cancels AND when its own timeout passes, and afterwards tell the two apart (a
 * timeout is reported as such, a cancellation as a cancellation). The deadline chains
 * the caller's cancellable and a timer source onto one internal cancellable and
 * remembers which of them fired.
 */
#include "config.h"

#include "ms-deadline.h"

static void
on_caller_cancelled (GCancellable *caller,
                     gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

static gboolean
on_deadline_expired (gpointer user_data)
{
  MsDeadline *deadline = user_data;

  deadline->timed_out = TRUE;
  g_cancellable_cancel (deadline->cancellable);
  return G_SOURCE_REMOVE;
}

void
ms_deadline_start (MsDeadline   *deadline,
                   guint         timeout_ms,
                   GCancellable *caller,
                   GMainContext *context)
{
  deadline->cancellable = g_cancellable_new ();
  deadline->timed_out = FALSE;
  if (caller != NULL)
    {
      deadline->caller = g_object_ref (caller);
      deadline->caller_handler = g_cancellable_connect (caller, G_CALLBACK (on_caller_cancelled),
                                                        g_object_ref (deadline->cancellable),
                                                        g_object_unref);
    }
  if (timeout_ms > 0)
    {
      deadline->timer = g_timeout_source_new (timeout_ms);
      g_source_set_callback (deadline->timer, on_deadline_expired, deadline, NULL);
      g_source_set_static_name (deadline->timer, "[ms] mail stream deadline");
      g_source_attach (deadline->timer, context);
    }
}

void
ms_deadline_stop (MsDeadline *deadline)
{
  if (deadline->timer != NULL)
    {
      g_source_destroy (deadline->timer);
      g_clear_pointer (&deadline->timer, g_source_unref);
    }
  if (deadline->caller != NULL)
    {
      if (deadline->caller_handler != 0)
        g_cancellable_disconnect (deadline->caller, deadline->caller_handler);
      deadline->caller_handler = 0;
      g_clear_object (&deadline->caller);
    }
  g_clear_object (&deadline->cancellable);
}

gboolean
ms_deadline_timed_out (MsDeadline *deadline)
{
  return deadline->timed_out;
}

MsDeadlineOutcome
ms_deadline_judge (MsDeadline   *deadline,
                   const GError *error)
{
  gboolean timeout;

  timeout = (deadline->timed_out && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  if (timeout && !(deadline->caller && g_cancellable_is_cancelled (deadline->caller)))
    return MS_DEADLINE_OUTCOME_TIMED_OUT;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED)
      || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE)
      || g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_EOF))
    return MS_DEADLINE_OUTCOME_CLOSED;
  return MS_DEADLINE_OUTCOME_OTHER;
}
