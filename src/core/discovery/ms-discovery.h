/* ms-discovery.h: find an address's servers — every source at once, best rank wins
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ms-account.h"
#include "ms-address.h"
#include "ms-discovery-types.h"
#include "ms-json.h"
#include "ms-problem.h"

G_BEGIN_DECLS

/**
 * MsDiscoveryProgressFunc:
 * @source: which source
 * @state: its new state
 * @elapsed_ms: milliseconds since the run started
 * @user_data: the progress data
 *
 * Called in the run's main context whenever a source changes state; never from inside
 * ms_discovery_run_async() itself, and never after the run's callback.
 */
typedef void (*MsDiscoveryProgressFunc) (MsSource          source,
                                         MsDiscoveryState  state,
                                         guint             elapsed_ms,
                                         gpointer          user_data);

/**
 * MsDiscoveryResult:
 *
 * What a run found, immutable and reference-counted: the winning account (or none) and
 * the trace of everything that was asked.
 */
typedef struct _MsDiscoveryResult MsDiscoveryResult;

#define MS_TYPE_DISCOVERY_RESULT (ms_discovery_result_get_type ())

GType              ms_discovery_result_get_type     (void);
MsDiscoveryResult *ms_discovery_result_ref          (MsDiscoveryResult *self);
void               ms_discovery_result_unref        (MsDiscoveryResult *self);

MsAddress         *ms_discovery_result_get_address  (MsDiscoveryResult *self);
/* The settings found (source, provenance, needs_confirmation, OAuth2 marks and servers
 * set), or NULL when nothing was found. Transfer none; copy it before editing. */
MsAccount         *ms_discovery_result_get_account  (MsDiscoveryResult *self);
/* MS_SOURCE_NONE when nothing was found */
MsSource           ms_discovery_result_get_source   (MsDiscoveryResult *self);
/* (element-type MsDiscoveryTraceEntry), in the order written; transfer none */
GPtrArray         *ms_discovery_result_get_trace    (MsDiscoveryResult *self);
/* A source's final state. */
MsDiscoveryState   ms_discovery_result_get_state    (MsDiscoveryResult *self,
                                                     MsSource           source);
guint              ms_discovery_result_get_elapsed_ms (MsDiscoveryResult *self);
/* Why nothing was found, when that is known (e.g. MS_PROBLEM_OFFLINE), else NULL.
 * Transfer none. set_problem takes ownership. */
MsProblem         *ms_discovery_result_get_problem  (MsDiscoveryResult *self);
void               ms_discovery_result_set_problem  (MsDiscoveryResult *self,
                                                     MsProblem         *problem);

/* The `discover --json` object (docs/ARCHITECTURE.md): address, domain, provider, source,
 * needs_confirmation, incoming, outgoing, trace; plus oauth2_required, and problem (code,
 * message, fix, url, detail) only when it is known why nothing was found. */
void               ms_discovery_result_to_json      (MsDiscoveryResult *self,
                                                     MsJsonBuilder     *builder);

/**
 * ms_discovery_run_async:
 * @address: whose servers to find
 * @options: (nullable): NULL for the defaults
 * @cancellable: (nullable): cancels the whole run; the callback then gets
 *   %G_IO_ERROR_CANCELLED and nothing of the run calls back afterwards
 * @progress: (nullable): live per-source states
 * @progress_data: for @progress; must stay valid until @callback has run
 * @callback: called once with the result
 *
 * Starts every source at once (only the built-in table when offline or when it knows
 * the domain, which answers without touching the network). The best-ranked source with
 * settings wins as soon as every better-ranked one has finished; the others are then
 * cancelled. Each network source has its own timeout. When the network was asked and
 * nothing was found, a last DNS question (ms_connectivity_probe_async()) tells whether
 * this computer is offline; the result then carries MS_PROBLEM_OFFLINE.
 */
void               ms_discovery_run_async   (MsAddress                *address,
                                             const MsDiscoveryOptions *options,
                                             GCancellable             *cancellable,
                                             MsDiscoveryProgressFunc   progress,
                                             gpointer                  progress_data,
                                             GAsyncReadyCallback       callback,
                                             gpointer                  user_data);
/* The result (also when nothing was found); NULL only with an error (cancelled). */
MsDiscoveryResult *ms_discovery_run_finish  (GAsyncResult             *result,
                                             GError                  **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsDiscoveryResult, ms_discovery_result_unref)

G_END_DECLS
