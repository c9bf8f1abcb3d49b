/* ms-discovery-types.h: what the discovery run and its sources share — the defaults,
 * the options, a source's state and a trace entry
 *
 * The sources include this, never the orchestrator ms-discovery.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "ms-account.h"
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

/* The sources in rank order, best first (derived from MsSource, never kept by hand). */
#define MS_DISCOVERY_FIRST_SOURCE MS_SOURCE_BUILTIN
#define MS_DISCOVERY_LAST_SOURCE  ((MsSource) (MS_N_SOURCES - 1))

G_END_DECLS
