/* ms-discovery.h: find an address's servers — every source at once, best rank wins
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ms-account.h"
#include "ms-address.h"
#include "ms-json.h"
#include "ms-provider-db.h"

G_BEGIN_DECLS

/* Thunderbird's ISP database: GET <base><domain>. */
#define MS_DISCOVERY_DEFAULT_ISPDB_URL "https://autoconfig.thunderbird.net/v1.1/"
/* Each network source's budget (HTTPS fetches, DNS), redirects included. */
#define MS_DISCOVERY_DEFAULT_SOURCE_TIMEOUT_MS 2500
/* One capability probe (connect, TLS or STARTTLS, greeting and capabilities). Guessing
 * runs all its probes at once, so a black-holed host costs this once, not once each. */
#define MS_DISCOVERY_DEFAULT_PROBE_TIMEOUT_MS  2000

/**
 * MsDiscoveryOptions:
 * @offline: ask the built-in table only; no network at all
 * @ispdb_url: (nullable): base URL of the ISP database (https:// only), NULL for
 *   %MS_DISCOVERY_DEFAULT_ISPDB_URL; the domain is appended
 * @source_timeout_ms: each network source's budget; 0 for the default
 * @probe_timeout_ms: one guessing probe's budget; 0 for the default
 * @provider_db: (nullable): the built-in table to use, NULL for
 *   ms_provider_db_get_default()
 *
 * All-zero means the defaults. ms_discovery_run_async() copies what it needs.
 */
typedef struct {
  gboolean      offline;
  const char   *ispdb_url;
  guint         source_timeout_ms;
  guint         probe_timeout_ms;
  MsProviderDb *provider_db;
  /*< private >*/
  gpointer      padding[4];
} MsDiscoveryOptions;

/**
 * MsDiscoveryState:
 * @MS_DISCOVERY_STATE_WAITING: not started yet
 * @MS_DISCOVERY_STATE_STARTED: asking
 * @MS_DISCOVERY_STATE_FOUND: answered with usable settings
 * @MS_DISCOVERY_STATE_NOTHING: answered, but has nothing for this address
 * @MS_DISCOVERY_STATE_FAILED: broke: timed out, refused, unreadable answer
 * @MS_DISCOVERY_STATE_CANCELLED: stopped because a better-ranked source answered, or the
 *   run was cancelled
 * @MS_DISCOVERY_STATE_SKIPPED: never asked (offline, or the built-in table answered)
 */
typedef enum {
  MS_DISCOVERY_STATE_WAITING,
  MS_DISCOVERY_STATE_STARTED,
  MS_DISCOVERY_STATE_FOUND,
  MS_DISCOVERY_STATE_NOTHING,
  MS_DISCOVERY_STATE_FAILED,
  MS_DISCOVERY_STATE_CANCELLED,
  MS_DISCOVERY_STATE_SKIPPED,
} MsDiscoveryState;

/* "waiting", "started", "found", "nothing", "failed", "cancelled", "skipped" */
const char *ms_discovery_state_to_string (MsDiscoveryState state);

/* The sources in rank order, best first: MS_SOURCE_BUILTIN … MS_SOURCE_GUESS. */
#define MS_DISCOVERY_FIRST_SOURCE MS_SOURCE_BUILTIN
#define MS_DISCOVERY_LAST_SOURCE  MS_SOURCE_GUESS

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
 * MsDiscoveryTraceEntry:
 * @source: the source that wrote it
 * @target: what was asked: a URL, "MX example.com", "SRV _imaps._tcp.example.com",
 *   "imap://imap.example.com:993/tls", "builtin:ID"…
 * @result: what came of it, in plain words ("found", "nothing: HTTP 404", "skipped:
 *   incoming server 1 (imap): port 0 is out of range", "redirect to http:// refused"…)
 * @ms: milliseconds since the run started, when it was written
 */
typedef struct {
  MsSource  source;
  char     *target;
  char     *result;
  guint     ms;
} MsDiscoveryTraceEntry;

/**
 * MsDiscoveryResult:
 *
 * What a run found, immutable and reference-counted: the winning account (or none) and
 * the trace of everything that was asked.
 */
typedef struct _MsDiscoveryResult MsDiscoveryResult;

#define MS_TYPE_DISCOVERY_RESULT (ms_discovery_result_get_type ())

GType              ms_discovery_result_get_type     (void) G_GNUC_CONST;
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

/* The `discover --json` object (DESIGN.md): address, domain, provider, source,
 * needs_confirmation, incoming, outgoing, trace; plus oauth2_required. */
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
 * cancelled. Each network source has its own timeout.
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
