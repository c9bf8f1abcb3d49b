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
/* Each network source's budget (HTTPS fetches, DNS), redirects included: the most it
 * gets, and what a source gets once a server of its has accepted a connection. */
#define MS_DISCOVERY_DEFAULT_SOURCE_TIMEOUT_MS 2500
/* One capability probe (connect, TLS or STARTTLS, greeting and capabilities). Guessing
 * runs all its probes at once, so a black-holed host costs this once, not once each. */
#define MS_DISCOVERY_DEFAULT_PROBE_TIMEOUT_MS  2000

/* Unless the caller fixes them, both adapt to the network's round trip (RTT): the lower
 * quartile of the times this run's DNS questions took to be answered (not the smallest: a
 * resolver's cached answer takes no time; not the median: many questions wait in GIO's
 * resolver threads behind the others). A dead (black-holed) host costs the adapted time
 * instead of the whole budget:
 *
 * - a probe gets 10 × RTT, at least 700 ms, at most the probe timeout. The longest probe
 *   (SMTP or IMAP with STARTTLS, after its own name look-up) takes about 6.5 round trips:
 *   look-up, connect, greeting, EHLO/CAPABILITY, STARTTLS, TLS, EHLO/CAPABILITY again.
 * - a source gets 10 × RTT, at least 1000 ms, until one of its servers accepts a
 *   connection; from then on its whole source timeout. Reaching a live server takes
 *   two round trips (look-up, connect), so ten leave room for a slow resolver and a
 *   far server; the floor for a resolver that answers from its cache in no time.
 *
 * Until the first answer the budgets are the timeouts themselves. */
#define MS_DISCOVERY_RTT_FACTOR                10
#define MS_DISCOVERY_MIN_PROBE_TIMEOUT_MS      700
#define MS_DISCOVERY_MIN_SOURCE_TIMEOUT_MS     1000

/* The whole run's deadline, unless given: this many times the longest budget of any
 * source (12 s with the defaults). Sources still running then are stopped; when none
 * found anything, the result says so with MS_PROBLEM_TOO_SLOW. */
#define MS_DISCOVERY_DEADLINE_BUDGETS          4

/**
 * MsDiscoveryOptions:
 * @offline: ask the built-in table only; no network at all
 * @ispdb_url: (nullable): base URL of the ISP database (https:// only), NULL for
 *   %MS_DISCOVERY_DEFAULT_ISPDB_URL; the domain is appended
 * @source_timeout_ms: each network source's budget, fixed; 0 for the default, which
 *   adapts to the round trip (see %MS_DISCOVERY_RTT_FACTOR)
 * @probe_timeout_ms: one guessing probe's budget, fixed; 0 for the default, which adapts
 * @provider_db: (nullable): the built-in table to use, NULL for
 *   ms_provider_db_get_default()
 * @deadline_ms: the whole run's time; 0 for %MS_DISCOVERY_DEADLINE_BUDGETS × the
 *   longest source budget
 *
 * All-zero means the defaults. ms_discovery_run_async() copies what it needs.
 */
typedef struct {
  gboolean      offline;
  const char   *ispdb_url;
  guint         source_timeout_ms;
  guint         probe_timeout_ms;
  MsProviderDb *provider_db;
  guint         deadline_ms;
  /*< private >*/
  gpointer      padding[3];
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
