/* ms-discovery.c: find an address's servers — every source at once, best rank wins
 *
 * The built-in table is asked first, synchronously: a hit (or --offline) ends the run
 * without touching the network. Otherwise every network source starts at once, each
 * under its own timer. Whenever a source finishes, the ranks are walked from the best:
 * the first source that found something wins once every better-ranked one has finished
 * (with nothing, a failure or its timeout); the others are cancelled.
 *
 * The timers adapt (ms-discovery-types.h): when a DNS answer shows a shorter round trip,
 * every source that has not reached a live server yet gets its shorter budget, counted
 * from its start; a source whose server accepted a connection gets its whole timeout.
 * Over all of it runs the run's deadline: sources still running then are stopped, and a
 * run that found nothing says it was too slow.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-discovery"

#include "config.h"

#include "ms-connectivity.h"
#include "ms-discovery.h"
#include "ms-discovery-enums.h"
#include "ms-dns-cache.h"
#include "ms-enum-nick.h"
#include "ms-http.h"
#include "ms-source-common.h"
#include "ms-source-info.h"

#define N_SLOTS MS_N_SOURCES

/* How long after the HTTPS sources MX, SRV and guessing start (see run_start()). */
#define MS_DISCOVERY_DNS_SOURCES_DELAY_MS 15

const char *
ms_discovery_state_to_string (MsDiscoveryState state)
{
  return ms_enum_to_nick (MS_TYPE_DISCOVERY_STATE, state);
}

/* ---- the result --------------------------------------------------------------------- */

struct _MsDiscoveryResult {
  MsAddress        *address;
  MsAccount        *account;
  GPtrArray        *trace;
  MsDiscoveryState  states[N_SLOTS];
  guint             elapsed_ms;
  MsProblem        *problem;     /* why nothing was found, when that is known (offline) */
};

G_DEFINE_BOXED_TYPE (MsDiscoveryResult, ms_discovery_result,
                     ms_discovery_result_ref, ms_discovery_result_unref)

static void
discovery_result_clear (MsDiscoveryResult *self)
{
  g_clear_pointer (&self->address, ms_address_unref);
  g_clear_object (&self->account);
  g_clear_pointer (&self->trace, g_ptr_array_unref);
  g_clear_pointer (&self->problem, ms_problem_free);
}

MsDiscoveryResult *
ms_discovery_result_ref (MsDiscoveryResult *self)
{
  return g_atomic_rc_box_acquire (self);
}

void
ms_discovery_result_unref (MsDiscoveryResult *self)
{
  g_atomic_rc_box_release_full (self, (GDestroyNotify) discovery_result_clear);
}

MsAddress *
ms_discovery_result_get_address (MsDiscoveryResult *self)
{
  return self->address;
}

MsAccount *
ms_discovery_result_get_account (MsDiscoveryResult *self)
{
  return self->account;
}

MsSource
ms_discovery_result_get_source (MsDiscoveryResult *self)
{
  return self->account != NULL ? ms_account_get_source (self->account) : MS_SOURCE_NONE;
}

GPtrArray *
ms_discovery_result_get_trace (MsDiscoveryResult *self)
{
  return self->trace;
}

MsDiscoveryState
ms_discovery_result_get_state (MsDiscoveryResult *self,
                               MsSource           source)
{
  g_return_val_if_fail (source >= MS_DISCOVERY_FIRST_SOURCE && source <= MS_DISCOVERY_LAST_SOURCE,
                        MS_DISCOVERY_STATE_WAITING);
  return self->states[source];
}

guint
ms_discovery_result_get_elapsed_ms (MsDiscoveryResult *self)
{
  return self->elapsed_ms;
}

MsProblem *
ms_discovery_result_get_problem (MsDiscoveryResult *self)
{
  return self->problem;
}

void
ms_discovery_result_set_problem (MsDiscoveryResult *self,
                                 MsProblem         *problem)
{
  g_clear_pointer (&self->problem, ms_problem_free);
  self->problem = problem;
}

void
ms_discovery_result_to_json (MsDiscoveryResult *self,
                             MsJsonBuilder     *builder)
{
  ms_json_builder_begin_object (builder);
  if (self->account != NULL)
    ms_account_add_json_members (self->account, builder);
  else
    ms_account_add_empty_json_members (self->address, builder);

  ms_json_builder_set_member (builder, "oauth2_required");
  ms_json_builder_add_bool (builder, self->account != NULL
                                     && ms_account_get_oauth2_required (self->account));

  if (self->problem != NULL)
    {
      ms_json_builder_set_member (builder, "problem");
      ms_problem_add_json (self->problem, builder);
    }

  ms_json_builder_set_member (builder, "trace");
  ms_json_builder_begin_array (builder);
  for (guint i = 0; i < self->trace->len; i++)
    {
      MsDiscoveryTraceEntry *entry = g_ptr_array_index (self->trace, i);

      ms_json_builder_begin_object (builder);
      ms_json_builder_set_member (builder, "source");
      ms_json_builder_add_string (builder, ms_source_to_string (entry->source));
      ms_json_builder_set_member (builder, "target");
      ms_json_builder_add_string (builder, entry->target);
      ms_json_builder_set_member (builder, "result");
      ms_json_builder_add_string (builder, entry->result);
      ms_json_builder_set_member (builder, "ms");
      ms_json_builder_add_int (builder, entry->ms);
      ms_json_builder_end_object (builder);
    }
  ms_json_builder_end_array (builder);
  ms_json_builder_end_object (builder);
}

/* ---- a run ---------------------------------------------------------------------------- */

typedef struct _Run Run;

typedef struct {
  Run              *run;         /* back pointer, no reference */
  MsSource          source;
  MsDiscoveryState  state;
  MsCancelTimer    *timer;       /* cancels the source (the run, its alarm, the deadline) */
  GSource          *alarm;       /* the source's time is up */
  gint64            started_us;
  guint             budget_ms;
  gboolean          adaptive;    /* its budget follows the round trip */
  gboolean          alive;       /* a server of its accepted a connection */
  char             *target;      /* what the source asks, for the trace */
  MsAccount        *account;
} Slot;

struct _Run {
  MsSourceContext         *ctx;
  GTask                   *task;          /* owned while the run is not over */
  GCancellable            *cancellable;   /* cancels every source */
  GSource                 *user_cancel;   /* watches the caller's cancellable */
  GSource                 *start_idle;
  MsDiscoveryProgressFunc  progress;
  gpointer                 progress_data;
  Slot                     slots[N_SLOTS];
  GSource                 *deadline;      /* the whole run's */
  guint                    deadline_ms;
  gboolean                 deadline_passed;
  gboolean                 over;
};

static void
destroy_source (GSource **source)
{
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

static void
run_clear (Run *run)
{
  run->ctx->timing_func = NULL;
  ms_source_context_unref (run->ctx);
  g_clear_object (&run->task);
  g_clear_object (&run->cancellable);
  for (guint i = 0; i < N_SLOTS; i++)
    {
      destroy_source (&run->slots[i].alarm);
      g_clear_pointer (&run->slots[i].timer, ms_cancel_timer_free);
      g_clear_pointer (&run->slots[i].target, g_free);
      g_clear_object (&run->slots[i].account);
    }
  destroy_source (&run->user_cancel);
  destroy_source (&run->start_idle);
  destroy_source (&run->deadline);
}

static Run *
run_ref (Run *run)
{
  return g_rc_box_acquire (run);
}

static void
run_unref (Run *run)
{
  g_rc_box_release_full (run, (GDestroyNotify) run_clear);
}

static void
run_set_state (Run              *run,
               MsSource          source,
               MsDiscoveryState  state)
{
  Slot *slot = &run->slots[source];

  slot->state = state;
  if (run->progress != NULL && !run->over)
    run->progress (source, state, ms_source_context_elapsed_ms (run->ctx), run->progress_data);
}

static gboolean
state_is_final (MsDiscoveryState state)
{
  return state != MS_DISCOVERY_STATE_WAITING && state != MS_DISCOVERY_STATE_STARTED;
}

typedef struct {
  GTask             *task;
  MsDiscoveryResult *result;
} OfflineProbe;

static void
run_offline_probed (GObject      *source,
                    GAsyncResult *probe,
                    gpointer      user_data)
{
  OfflineProbe *op = user_data;
  g_autoptr(GTask) task = op->task;
  g_autoptr(MsDiscoveryResult) result = op->result;
  g_autoptr(GError) error = NULL;

  g_free (op);
  if (ms_connectivity_probe_finish (probe, &error))
    {
      MsProblemContext ctx = { .host = ms_address_get_domain (result->address) };

      ms_discovery_result_set_problem (result, ms_problem_new (MS_PROBLEM_OFFLINE, &ctx));
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&result),
                         (GDestroyNotify) ms_discovery_result_unref);
}

/* Ends the run: cancels what still runs, reports the last states, then returns the
 * result (or @error) — after the offline probe when nothing was found. No progress is
 * reported after this. */
static void
run_complete (Run      *run,
              MsSource  winner,
              GError   *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&run->task);
  g_autoptr(MsDiscoveryResult) result = NULL;

  g_assert (!run->over);

  for (MsSource s = MS_DISCOVERY_FIRST_SOURCE; s <= MS_DISCOVERY_LAST_SOURCE; s++)
    {
      Slot *slot = &run->slots[s];

      if (slot->state == MS_DISCOVERY_STATE_STARTED)
        {
          ms_source_context_trace (run->ctx, s, slot->target, error != NULL ? "cancelled"
                                   : "cancelled: a better-ranked source answered");
          run_set_state (run, s, MS_DISCOVERY_STATE_CANCELLED);
        }
      else if (slot->state == MS_DISCOVERY_STATE_WAITING)
        run_set_state (run, s, MS_DISCOVERY_STATE_SKIPPED);
      destroy_source (&slot->alarm);
      g_clear_pointer (&slot->timer, ms_cancel_timer_free);
    }

  run->over = TRUE;
  run->ctx->timing_func = NULL;
  g_cancellable_cancel (run->cancellable);
  if (run->start_idle != NULL)
    g_source_destroy (run->start_idle);
  if (run->user_cancel != NULL)
    g_source_destroy (run->user_cancel);
  if (run->deadline != NULL)
    g_source_destroy (run->deadline);

  if (error != NULL)
    {
      run->ctx->trace_closed = TRUE;
      g_task_return_error (task, error);
      return;
    }

  if (winner != MS_SOURCE_NONE)
    {
      Slot *slot = &run->slots[winner];

      ms_source_context_trace (run->ctx, winner, ms_account_get_provenance (slot->account),
                               "chosen%s", ms_account_get_needs_confirmation (slot->account)
                                             ? " (needs confirmation)" : "");
    }
  run->ctx->trace_closed = TRUE;

  result = g_atomic_rc_box_new0 (MsDiscoveryResult);
  result->address = ms_address_ref (run->ctx->address);
  result->account = winner != MS_SOURCE_NONE ? g_steal_pointer (&run->slots[winner].account) : NULL;
  result->trace = g_ptr_array_ref (run->ctx->trace);
  result->elapsed_ms = ms_source_context_elapsed_ms (run->ctx);
  for (guint i = 0; i < N_SLOTS; i++)
    result->states[i] = run->slots[i].state;
  if (winner == MS_SOURCE_NONE && run->deadline_passed)
    {
      g_autofree char *detail = g_strdup_printf ("no settings within the search's deadline "
                                                 "of %.1f s", run->deadline_ms / 1000.0);
      MsProblemContext pctx = { .host = run->ctx->domain, .detail = detail };

      /* port 0: not one server, the whole search */
      result->problem = ms_problem_new (MS_PROBLEM_TOO_SLOW, &pctx);
    }

  /* Nothing found with the network: ask whether that is because this computer is
   * offline (the window and the CLI both get the answer as the result's problem). The
   * probe is only needed when the network monitor sees no network. */
  if (result->account == NULL && run->ctx->session != NULL &&
      !ms_connectivity_network_available ())
    {
      OfflineProbe *op = g_new0 (OfflineProbe, 1);

      op->task = g_steal_pointer (&task);
      op->result = g_steal_pointer (&result);
      ms_connectivity_probe_async (run->ctx->domain, g_task_get_cancellable (op->task),
                                   run_offline_probed, op);
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&result),
                         (GDestroyNotify) ms_discovery_result_unref);
}

static void
run_check (Run *run)
{
  MsRankState ranks[N_SLOTS];
  guint n = 0;
  int pick;

  if (run->over)
    return;

  for (MsSource s = MS_DISCOVERY_FIRST_SOURCE; s <= MS_DISCOVERY_LAST_SOURCE; s++)
    {
      MsDiscoveryState state = run->slots[s].state;

      ranks[n++] = state == MS_DISCOVERY_STATE_FOUND ? MS_RANK_SUCCESS
                   : state_is_final (state) ? MS_RANK_FAILURE : MS_RANK_PENDING;
    }

  pick = ms_rank_pick (ranks, n);
  if (pick == MS_RANK_WAIT)
    return;
  run_complete (run, pick == MS_RANK_NONE ? MS_SOURCE_NONE : (MsSource) (MS_DISCOVERY_FIRST_SOURCE + pick),
                NULL);
}

/* The source's time is up: it is cancelled and counts as failed. */
static gboolean
slot_alarm (gpointer user_data)
{
  Slot *slot = user_data;
  Run *run = slot->run;
  gint64 rtt_us = ms_source_context_get_rtt_us (run->ctx);

  g_clear_pointer (&slot->alarm, g_source_unref);
  if (run->over || slot->state != MS_DISCOVERY_STATE_STARTED)
    return G_SOURCE_REMOVE;
  g_cancellable_cancel (ms_cancel_timer_get_cancellable (slot->timer));
  if (slot->adaptive && !slot->alive && rtt_us > 0)
    ms_source_context_trace (run->ctx, slot->source, slot->target,
                             "failed: timed out after %u ms (round trip %.1f ms)",
                             slot->budget_ms, rtt_us / 1000.0);
  else
    ms_source_context_trace (run->ctx, slot->source, slot->target,
                             "failed: timed out after %u ms", slot->budget_ms);
  run_set_state (run, slot->source, MS_DISCOVERY_STATE_FAILED);
  run_check (run);
  return G_SOURCE_REMOVE;
}

/* (Re)sets the alarm to the slot's start + its budget (at once when that has passed). */
static void
slot_arm (Slot *slot)
{
  gint64 due = slot->started_us + (gint64) slot->budget_ms * 1000;
  gint64 left = due - g_get_monotonic_time ();

  destroy_source (&slot->alarm);
  slot->alarm = g_timeout_source_new (left > 0 ? (guint) ((left + 999) / 1000) : 0);
  g_source_set_callback (slot->alarm, slot_alarm, slot, NULL);
  g_source_attach (slot->alarm, g_main_context_get_thread_default ());
}

/* The round trip became known or shorter (@source MS_SOURCE_NONE), or a server of
 * @source accepted a connection: the budgets of the sources still running follow. */
static void
run_timing_changed (MsSourceContext *ctx,
                    MsSource         source,
                    gpointer         user_data)
{
  Run *run = user_data;

  if (run->over)
    return;
  for (MsSource s = MS_DISCOVERY_FIRST_SOURCE; s <= MS_DISCOVERY_LAST_SOURCE; s++)
    {
      Slot *slot = &run->slots[s];
      guint budget;

      if (slot->state != MS_DISCOVERY_STATE_STARTED || !slot->adaptive)
        continue;
      if (s == source)
        slot->alive = TRUE;
      budget = slot->alive ? ctx->source_timeout_ms : ms_source_context_get_source_budget_ms (ctx);
      if (budget != slot->budget_ms)
        {
          slot->budget_ms = budget;
          slot_arm (slot);
        }
    }
}

/* The run's deadline: whatever still runs is stopped; the run ends with what was found. */
static gboolean
run_deadline_passed (gpointer user_data)
{
  Run *run = user_data;

  g_clear_pointer (&run->deadline, g_source_unref);
  if (run->over)
    return G_SOURCE_REMOVE;
  run->deadline_passed = TRUE;
  for (MsSource s = MS_DISCOVERY_FIRST_SOURCE; s <= MS_DISCOVERY_LAST_SOURCE; s++)
    {
      Slot *slot = &run->slots[s];

      if (slot->state == MS_DISCOVERY_STATE_WAITING)
        run_set_state (run, s, MS_DISCOVERY_STATE_SKIPPED);
      if (slot->state != MS_DISCOVERY_STATE_STARTED)
        continue;
      destroy_source (&slot->alarm);
      g_cancellable_cancel (ms_cancel_timer_get_cancellable (slot->timer));
      ms_source_context_trace (run->ctx, s, slot->target,
                               "failed: stopped at the search's deadline of %u ms", run->deadline_ms);
      run_set_state (run, s, MS_DISCOVERY_STATE_FAILED);
    }
  run_check (run);
  return G_SOURCE_REMOVE;
}

typedef struct {
  Run      *run;
  MsSource  source;
} SlotCall;

static void
slot_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  SlotCall *call = user_data;
  Run *run = call->run;
  Slot *slot = &run->slots[call->source];
  g_autoptr(MsAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  g_free (call);
  account = ms_source_finish (result, &error);

  if (!run->over && slot->state == MS_DISCOVERY_STATE_STARTED)
    {
      if (account != NULL)
        {
          slot->account = g_steal_pointer (&account);
          run_set_state (run, slot->source, MS_DISCOVERY_STATE_FOUND);
        }
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        run_set_state (run, slot->source, MS_DISCOVERY_STATE_NOTHING);
      else
        run_set_state (run, slot->source, MS_DISCOVERY_STATE_FAILED);
      run_check (run);
    }
  run_unref (run);
}

static void
run_start_source (Run                *run,
                  const MsSourceInfo *info)
{
  MsSourceContext *ctx = run->ctx;
  Slot *slot = &run->slots[info->source];
  SlotCall *call = g_new0 (SlotCall, 1);

  call->run = run_ref (run);
  call->source = info->source;
  /* A source with a budget of its own (guessing: its probes adapt) keeps it. */
  slot->adaptive = info->budget_ms == NULL;
  slot->budget_ms = info->budget_ms != NULL ? info->budget_ms (ctx)
                                            : ms_source_context_get_source_budget_ms (ctx);
  slot->target = info->target (ctx);
  slot->started_us = g_get_monotonic_time ();
  slot->timer = ms_cancel_timer_new (run->cancellable, 0, NULL, NULL);
  slot_arm (slot);
  run_set_state (run, info->source, MS_DISCOVERY_STATE_STARTED);
  info->run (ctx, ms_cancel_timer_get_cancellable (slot->timer), slot_done_cb, call);
}

/* Starts the network sources of one wave, in rank order. */
static void
run_start_wave (Run           *run,
                MsSourceStart  wave)
{
  guint n = 0;
  const MsSourceInfo *sources = ms_source_info_get_all (&n);

  for (guint i = 0; i < n && !run->over; i++)
    if (sources[i].start == wave)
      run_start_source (run, &sources[i]);
}

static gboolean
run_start_dns (gpointer user_data)
{
  Run *run = user_data;

  g_clear_pointer (&run->start_idle, g_source_unref);
  if (run->over)
    return G_SOURCE_REMOVE;

  run_start_wave (run, MS_SOURCE_START_DNS);
  return G_SOURCE_REMOVE;
}

static gboolean
run_start (gpointer user_data)
{
  Run *run = user_data;
  MsSourceContext *ctx = run->ctx;
  guint n = 0;
  const MsSourceInfo *sources = ms_source_info_get_all (&n);
  gboolean found = FALSE;

  g_clear_pointer (&run->start_idle, g_source_unref);
  if (run->over)
    return G_SOURCE_REMOVE;

  /* The sources that need no network (the built-in table) answer at once; a hit ends
   * the run without touching the network. */
  for (guint i = 0; i < n && sources[i].start == MS_SOURCE_START_AT_ONCE && !found; i++)
    {
      MsSource s = sources[i].source;
      g_autoptr(MsAccount) account = NULL;

      run_set_state (run, s, MS_DISCOVERY_STATE_STARTED);
      account = sources[i].lookup (ctx);
      found = account != NULL;
      run->slots[s].account = g_steal_pointer (&account);
      run_set_state (run, s, found ? MS_DISCOVERY_STATE_FOUND : MS_DISCOVERY_STATE_NOTHING);
    }
  if (found)
    {
      run_check (run);
      return G_SOURCE_REMOVE;
    }

  if (ctx->session == NULL)
    {
      ms_source_context_trace (ctx, sources[0].source, ctx->domain,
                               "offline: no network source asked");
      for (guint i = 0; i < n; i++)
        if (run->slots[sources[i].source].state == MS_DISCOVERY_STATE_WAITING)
          run_set_state (run, sources[i].source, MS_DISCOVERY_STATE_SKIPPED);
      run_check (run);
      return G_SOURCE_REMOVE;
    }

  run->deadline = g_timeout_source_new (run->deadline_ms);
  g_source_set_callback (run->deadline, run_deadline_passed, run, NULL);
  g_source_attach (run->deadline, g_main_context_get_thread_default ());

  /* The HTTPS sources first: GIO resolves names in a small thread pool (about ten
   * threads), so their host lookups must be queued ahead of the dozen that MX, SRV and
   * guessing make. libsoup issues them after a proxy look-up and a main-loop turn, so the
   * others start a few milliseconds later — far less than any network round trip. */
  run_start_wave (run, MS_SOURCE_START_HTTPS);

  run->start_idle = g_timeout_source_new (MS_DISCOVERY_DNS_SOURCES_DELAY_MS);
  g_source_set_callback (run->start_idle, run_start_dns, run, NULL);
  g_source_attach (run->start_idle, g_main_context_get_thread_default ());
  return G_SOURCE_REMOVE;
}

/* MS_DISCOVERY_DEADLINE_BUDGETS × the longest time any network source may take. */
static guint
default_deadline_ms (MsSourceContext *ctx)
{
  guint n = 0, longest = ctx->source_timeout_ms;
  const MsSourceInfo *sources = ms_source_info_get_all (&n);

  for (guint i = 0; i < n; i++)
    if (sources[i].budget_ms != NULL)
      longest = MAX (longest, sources[i].budget_ms (ctx));
  return MS_DISCOVERY_DEADLINE_BUDGETS * longest;
}

static gboolean
run_user_cancelled (GCancellable *cancellable,
                    gpointer      user_data)
{
  Run *run = user_data;

  if (!run->over)
    run_complete (run, MS_SOURCE_NONE,
                  g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "discovery cancelled"));
  return G_SOURCE_REMOVE;
}

void
ms_discovery_run_async (MsAddress                *address,
                        const MsDiscoveryOptions *options,
                        GCancellable             *cancellable,
                        MsDiscoveryProgressFunc   progress,
                        gpointer                  progress_data,
                        GAsyncReadyCallback       callback,
                        gpointer                  user_data)
{
  Run *run;
  GTask *task;

  g_return_if_fail (address != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  /* the names guessing looks up are the check's, often: one lookup serves both */
  ms_dns_cache_install ();
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ms_discovery_run_async);

  run = g_rc_box_new0 (Run);
  run->ctx = ms_source_context_new (address, options);
  run->ctx->timing_func = run_timing_changed;
  run->ctx->timing_data = run;
  run->deadline_ms = options != NULL && options->deadline_ms > 0 ? options->deadline_ms
                                                                 : default_deadline_ms (run->ctx);
  run->task = task;
  run->cancellable = g_cancellable_new ();
  run->progress = progress;
  run->progress_data = progress_data;
  for (MsSource s = MS_DISCOVERY_FIRST_SOURCE; s <= MS_DISCOVERY_LAST_SOURCE; s++)
    {
      run->slots[s].run = run;
      run->slots[s].source = s;
      run->slots[s].state = MS_DISCOVERY_STATE_WAITING;
    }
  /* The task keeps the run alive until it has called back. */
  g_task_set_task_data (task, run, (GDestroyNotify) run_unref);

  if (!ms_http_url_is_https (run->ctx->ispdb_url))
    {
      g_task_return_new_error (g_steal_pointer (&run->task), G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               "the ISPDB URL must be https://");
      run->over = TRUE;
      g_object_unref (task);
      return;
    }

  if (cancellable != NULL)
    {
      run->user_cancel = g_cancellable_source_new (cancellable);
      g_source_set_callback (run->user_cancel, G_SOURCE_FUNC (run_user_cancelled), run, NULL);
      g_source_set_priority (run->user_cancel, G_PRIORITY_HIGH);
      g_source_attach (run->user_cancel, g_main_context_get_thread_default ());
    }

  /* Start from the main loop, so that no progress is reported from inside this call. */
  run->start_idle = g_idle_source_new ();
  g_source_set_priority (run->start_idle, G_PRIORITY_DEFAULT);
  g_source_set_callback (run->start_idle, run_start, run, NULL);
  g_source_attach (run->start_idle, g_main_context_get_thread_default ());
}

MsDiscoveryResult *
ms_discovery_run_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ms_discovery_run_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
