/* ms-dns-cache.h: name lookups shared and kept for a short while, process-wide
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GResolver wrapping the default one: a host's addresses are looked up once, callers
 * that ask while the lookup runs share it, and a success is kept for
 * MS_DNS_CACHE_TTL_S seconds. Failures are never kept. Reverse, SRV and other record
 * lookups pass straight through.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define MS_DNS_CACHE_TTL_S 30

#define MS_TYPE_DNS_CACHE (ms_dns_cache_get_type ())
G_DECLARE_FINAL_TYPE (MsDnsCache, ms_dns_cache, MS, DNS_CACHE, GResolver)

/* A cache over @inner (for tests; the process uses ms_dns_cache_install()). */
GResolver *ms_dns_cache_new (GResolver *inner);

/* Makes a cache over the current default resolver the process's default (once; later
 * calls do nothing). Every GNetworkAddress, GSocketClient and libsoup lookup uses it. */
void ms_dns_cache_install  (void);

/* TRUE when @resolver is a cache that keeps an answer for @host, or is looking it up
 * already: asking it now does not take a whole round trip (discovery then does not count
 * the lookup as a measure of the network). */
gboolean ms_dns_cache_has (GResolver  *resolver,
                           const char *host);

/* Starts looking up @host (IPv4 and IPv6, as GSocketClient asks), so that a connection
 * made soon finds the answer there: for servers known before they are contacted. */
void ms_dns_cache_prefetch (const char *host);

G_END_DECLS
