/* ms-source-common.h: what the discovery sources share (engine-private)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "ms-account.h"
#include "ms-address.h"
#include "ms-discovery-types.h"
#include "ms-http.h"
#include "ms-provider-db.h"

G_BEGIN_DECLS

typedef struct _MsSourceContext MsSourceContext;

/* The run's timers must change: the round trip became known or smaller (@source is
 * MS_SOURCE_NONE), or a server of @source accepted a connection. */
typedef void (*MsSourceTimingFunc) (MsSourceContext *ctx,
                                    MsSource         source,
                                    gpointer         user_data);

/**
 * MsSourceContext:
 *
 * One discovery run as the sources see it: the address, the shared HTTP session and
 * resolver, the options, the round trip measured so far, and the trace.
 * Reference-counted; used in one main context.
 */
struct _MsSourceContext {
  MsAddress    *address;
  char         *domain;          /* the address's ASCII domain */
  char         *base_domain;     /* its registrable domain (public-suffix aware) */
  SoupSession  *session;
  GResolver    *resolver;
  MsProviderDb *provider_db;
  char         *ispdb_url;       /* ends with "/" */
  guint         source_timeout_ms;  /* the most a source gets (given, or the default) */
  guint         probe_timeout_ms;   /* the most a probe gets (given, or the default) */
  gboolean      source_timeout_fixed; /* given by the caller: never adapted */
  gboolean      probe_timeout_fixed;
  GArray       *rtt_samples;     /* gint64 µs: each DNS round trip of this run */
  gint64        rtt_us;          /* their lower quartile; 0: none yet */
  MsSourceTimingFunc timing_func; /* the run's, until it is over */
  gpointer      timing_data;
  gint64        start_time;      /* g_get_monotonic_time() */
  GPtrArray    *trace;           /* MsDiscoveryTraceEntry */
  gboolean      trace_closed;    /* the run is over: further entries are dropped */
};

MsSourceContext *ms_source_context_new   (MsAddress                *address,
                                          const MsDiscoveryOptions *options);
MsSourceContext *ms_source_context_ref   (MsSourceContext *ctx);
void             ms_source_context_unref (MsSourceContext *ctx);

guint            ms_source_context_elapsed_ms (MsSourceContext *ctx);
void             ms_source_context_trace (MsSourceContext *ctx,
                                          MsSource         source,
                                          const char      *target,
                                          const char      *format,
                                          ...) G_GNUC_PRINTF (4, 5);

void             ms_discovery_trace_entry_free (MsDiscoveryTraceEntry *entry);

/* A DNS question asked at @asked_us (g_get_monotonic_time()) came back with @error: an
 * answer (@error NULL) or a definite "no such name" is a round trip; anything else
 * (a timeout, a cancellation) is not. Their lower quartile adapts the budgets. */
void             ms_source_context_note_dns      (MsSourceContext *ctx,
                                                  gint64           asked_us,
                                                  const GError    *error);
/* A server of @source accepted a connection: it is alive, @source keeps its whole
 * source timeout. */
void             ms_source_context_note_alive    (MsSourceContext *ctx,
                                                  MsSource         source);
/* The round trip measured so far (the lower quartile) in microseconds, 0 when none yet. */
gint64           ms_source_context_get_rtt_us    (MsSourceContext *ctx);
/* One guessing probe's budget now (docs in ms-discovery-types.h). */
guint            ms_source_context_get_probe_timeout_ms (MsSourceContext *ctx);
/* A source's budget now, while none of its servers has answered. */
guint            ms_source_context_get_source_budget_ms (MsSourceContext *ctx);

/* The registrable domain of @host ("nc.rr.com" → "rr.com"), or a copy of @host when it
 * has none (a public suffix itself, or a single label). @host normalised. */
char            *ms_registrable_domain   (const char *host);

/* TRUE when @host lies inside the address's own registrable domain or a domain the
 * provider (@account's domain list) says it owns. */
gboolean         ms_source_host_vouched  (MsSourceContext *ctx,
                                          MsAccount       *account,
                                          const char      *host);
/* The first server host of @account that is not vouched for, or NULL (transfer none). */
const char      *ms_source_first_foreign_host (MsSourceContext *ctx,
                                               MsAccount       *account);

/* A source's run: the account found, or NULL with G_IO_ERROR_NOT_FOUND ("nothing") or
 * another error ("failed"). Every ms_source_*_async() is finished with this. */
MsAccount       *ms_source_finish        (GAsyncResult    *result,
                                          GError         **error);

/* TRUE when @error means "nothing there" rather than "broken": no such host, connection
 * refused, not found. */
gboolean         ms_source_error_is_nothing (const GError *error);
/* A short plain-words description of a network error for the trace. */
char            *ms_source_describe_error   (const GError *error);

/* GETs a clientConfig document over HTTPS and makes an account of it, tracing each step
 * under @source: redirects (followed or refused), HTTP status, the reader's skipped
 * servers and rejections. Trust: @source MX always needs confirmation; otherwise it is
 * needed when a redirect leaves the URL's registrable domain or a server lies outside
 * the address's domain and the provider's domains. Finish with ms_source_finish(). */
void             ms_source_fetch_config_async (MsSourceContext     *ctx,
                                               MsSource             source,
                                               const char          *url,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);

/* Ranking: entries best first, each pending, succeeded or failed. */
typedef enum {
  MS_RANK_PENDING,
  MS_RANK_SUCCESS,
  MS_RANK_FAILURE,
} MsRankState;

#define MS_RANK_WAIT (-1)   /* a better-ranked entry is still pending */
#define MS_RANK_NONE (-2)   /* all finished, none succeeded */

/* The index of the best-ranked success whose better-ranked entries have all failed,
 * else MS_RANK_WAIT or MS_RANK_NONE. */
int              ms_rank_pick            (const MsRankState *states,
                                          guint              n_states);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsSourceContext, ms_source_context_unref)

G_END_DECLS
