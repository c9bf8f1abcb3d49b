/* ms-deadline.h: one step's time limit — a timer and the caller's cancellable, both
 * cancelling one internal GCancellable
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Internal to the wire (src/core/net): the mail stream runs every step (connect, read,
 * write, handshake, close) under one MsDeadline, so that a silent peer costs at most the
 * step's timeout. The deadline knows nothing of mail: it says whether an operation's
 * error was its timer, the caller, or the peer hanging up, and the stream words the error.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * MsDeadline:
 * @cancellable: give this one to GIO for the step's operation
 *
 * Embedded in a step's task data; all-zero before ms_deadline_start(), and again after
 * ms_deadline_stop() (which may be called more than once).
 */
typedef struct {
  GCancellable *cancellable;
  /*< private >*/
  GCancellable *caller;
  gulong caller_handler;
  GSource *timer;
  gboolean timed_out;
} MsDeadline;

/**
 * MsDeadlineOutcome:
 * @MS_DEADLINE_OUTCOME_OTHER: the error is the operation's own; pass it on
 * @MS_DEADLINE_OUTCOME_TIMED_OUT: the step ran out of time (and the caller did not cancel)
 * @MS_DEADLINE_OUTCOME_CLOSED: the peer closed the connection
 */
typedef enum {
  MS_DEADLINE_OUTCOME_OTHER,
  MS_DEADLINE_OUTCOME_TIMED_OUT,
  MS_DEADLINE_OUTCOME_CLOSED,
} MsDeadlineOutcome;

/* @timeout_ms: 0 for none. The timer runs in @context. */
void              ms_deadline_start     (MsDeadline   *deadline,
                                         guint         timeout_ms,
                                         GCancellable *caller,
                                         GMainContext *context);
void              ms_deadline_stop      (MsDeadline   *deadline);
/* whether the timer fired (the internal cancellable was cancelled by it) */
gboolean          ms_deadline_timed_out (MsDeadline   *deadline);
/* What an operation's @error, under this deadline, means. */
MsDeadlineOutcome ms_deadline_judge     (MsDeadline   *deadline,
                                         const GError *error);

G_END_DECLS
