/* ms-source-guess.c: discovery source "guess"
 *
 * Every candidate (host × protocol × port × TLS mode) is probed at once with one bounded
 * timeout, so a black-holed host costs that timeout once, not once per probe. The timeout
 * adapts to the round trip measured so far, the host's own look-up included
 * (ms-discovery-types.h). A probe
 * connects, sets up TLS (implicit or a required STARTTLS), reads the greeting and the
 * capabilities — it never logs in. A certificate that does not verify makes the probe
 * fail. Plain-text candidates are not tried at all.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-discovery"

#include "config.h"

#include "ms-dns-cache.h"
#include "ms-probe.h"
#include "ms-source-guess.h"

enum { SIDE_INCOMING, SIDE_OUTGOING, N_SIDES };

static void
add_candidates (GPtrArray          *servers,
                MsProtocol          protocol,
                guint16             port,
                MsSecurity          security,
                const char * const *prefixes,
                const char         *domain,
                const char         *username)
{
  for (guint i = 0; prefixes[i] != NULL; i++)
    {
      g_autofree char *host = g_strconcat (prefixes[i], domain, NULL);
      MsServer *server = ms_server_new (protocol, host, port, security, username);

      ms_server_add_auth (server, MS_AUTH_PASSWORD);
      g_ptr_array_add (servers, server);
    }
}

GPtrArray *
ms_source_guess_incoming (const char *domain,
                          const char *username)
{
  static const char * const imap_hosts[] = { "imap.", "mail.", "", NULL };
  static const char * const pop_hosts[] = { "pop.", "pop3.", "mail.", "", NULL };
  GPtrArray *servers = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_server_unref);

  add_candidates (servers, MS_PROTOCOL_IMAP, 993, MS_SECURITY_TLS, imap_hosts, domain, username);
  add_candidates (servers, MS_PROTOCOL_IMAP, 143, MS_SECURITY_STARTTLS, imap_hosts, domain, username);
  add_candidates (servers, MS_PROTOCOL_POP3, 995, MS_SECURITY_TLS, pop_hosts, domain, username);
  add_candidates (servers, MS_PROTOCOL_POP3, 110, MS_SECURITY_STARTTLS, pop_hosts, domain, username);
  return servers;
}

GPtrArray *
ms_source_guess_outgoing (const char *domain,
                          const char *username)
{
  static const char * const smtp_hosts[] = { "smtp.", "mail.", "", NULL };
  GPtrArray *servers = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_server_unref);

  add_candidates (servers, MS_PROTOCOL_SMTP, 465, MS_SECURITY_TLS, smtp_hosts, domain, username);
  /* Implicit TLS on 587 before STARTTLS on 587: a STARTTLS probe against an implicit-TLS
   * port waits for a greeting that never comes, while the TLS probe against a STARTTLS
   * port fails at once on the plain-text greeting. (Charter/Spectrum run TLS on 587.) */
  add_candidates (servers, MS_PROTOCOL_SMTP, 587, MS_SECURITY_TLS, smtp_hosts, domain, username);
  add_candidates (servers, MS_PROTOCOL_SMTP, 587, MS_SECURITY_STARTTLS, smtp_hosts, domain, username);
  return servers;
}

typedef struct {
  MsSourceContext *ctx;
  MsCancelTimer   *probes;         /* cancels the probes still running once decided */
  GPtrArray       *servers[N_SIDES];
  MsRankState     *states[N_SIDES];
  gboolean         done;
} GuessData;

static void
guess_data_free (GuessData *data)
{
  ms_source_context_unref (data->ctx);
  g_clear_pointer (&data->probes, ms_cancel_timer_free);
  for (guint side = 0; side < N_SIDES; side++)
    {
      g_clear_pointer (&data->servers[side], g_ptr_array_unref);
      g_free (data->states[side]);
    }
  g_free (data);
}

typedef struct {
  GTask *task;
  guint  side;
  guint  index;
} GuessProbe;

/* The best-ranked answer among the incoming servers of @protocol, if decided. */
static MsServer *
pick_protocol (GuessData  *data,
               MsProtocol  protocol)
{
  GPtrArray *servers = data->servers[SIDE_INCOMING];
  g_autofree MsRankState *states = g_new0 (MsRankState, servers->len);
  g_autofree guint *map = g_new0 (guint, servers->len);
  guint n = 0;
  int pick;

  for (guint i = 0; i < servers->len; i++)
    if (ms_server_get_protocol (g_ptr_array_index (servers, i)) == protocol)
      {
        states[n] = data->states[SIDE_INCOMING][i];
        map[n++] = i;
      }
  pick = ms_rank_pick (states, n);
  return pick >= 0 ? g_ptr_array_index (servers, map[pick]) : NULL;
}

static void
guess_settle (GTask *task)
{
  GuessData *data = g_task_get_task_data (task);
  MsSourceContext *ctx = data->ctx;
  int picks[N_SIDES];
  g_autoptr(MsAccount) account = NULL;
  g_autofree char *provenance = NULL;
  MsServer *incoming, *other;

  if (data->done)
    return;
  for (guint side = 0; side < N_SIDES; side++)
    picks[side] = ms_rank_pick (data->states[side], data->servers[side]->len);

  if (picks[SIDE_INCOMING] == MS_RANK_NONE || picks[SIDE_OUTGOING] == MS_RANK_NONE)
    {
      const char *what = picks[SIDE_INCOMING] == MS_RANK_NONE ? "incoming" : "outgoing";

      data->done = TRUE;
      g_cancellable_cancel (ms_cancel_timer_get_cancellable (data->probes));
      ms_source_context_trace (ctx, MS_SOURCE_GUESS, ctx->domain, "nothing: no %s server answered",
                               what);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               "no %s server answered", what);
      return;
    }
  if (picks[SIDE_INCOMING] == MS_RANK_WAIT || picks[SIDE_OUTGOING] == MS_RANK_WAIT)
    return;

  data->done = TRUE;
  account = ms_account_new (ctx->address);
  incoming = g_ptr_array_index (data->servers[SIDE_INCOMING], picks[SIDE_INCOMING]);
  ms_account_add_incoming (account, incoming);
  /* POP3 is offered next to IMAP when its probes are decided already (no extra wait). */
  other = pick_protocol (data, ms_server_get_protocol (incoming) == MS_PROTOCOL_IMAP
                                 ? MS_PROTOCOL_POP3 : MS_PROTOCOL_IMAP);
  if (other != NULL)
    ms_account_add_incoming (account, other);
  ms_account_add_outgoing (account, g_ptr_array_index (data->servers[SIDE_OUTGOING],
                                                       picks[SIDE_OUTGOING]));
  provenance = g_strdup_printf ("guess %s", ctx->domain);
  ms_account_set_source (account, MS_SOURCE_GUESS);
  ms_account_set_provenance (account, provenance);
  ms_account_set_needs_confirmation (account, TRUE);

  g_cancellable_cancel (ms_cancel_timer_get_cancellable (data->probes));
  ms_source_context_trace (ctx, MS_SOURCE_GUESS, provenance, "found (guessed: needs confirmation)");
  g_task_return_pointer (task, g_steal_pointer (&account), g_object_unref);
}

static char *
describe_probe_error (const GError *error)
{
  if (g_error_matches (error, MS_MAIL_STREAM_ERROR, MS_MAIL_STREAM_ERROR_TIMEOUT))
    return g_strdup ("timed out");
  if (g_error_matches (error, MS_MAIL_STREAM_ERROR, MS_MAIL_STREAM_ERROR_CLOSED))
    return g_strdup ("the server closed the connection");
  return ms_source_describe_error (error);
}

static void
guess_probe_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GuessProbe *probe = user_data;
  g_autoptr(GTask) task = probe->task;
  GuessData *data = g_task_get_task_data (task);
  guint side = probe->side, index = probe->index;
  g_autoptr(MsProbeResult) answer = NULL;
  g_autoptr(GError) error = NULL;
  MsServer *server;
  g_autofree char *uri = NULL;

  g_free (probe);
  answer = ms_probe_finish (result, &error);
  if (data->done)
    return;

  server = g_ptr_array_index (data->servers[side], index);
  uri = ms_server_to_uri (server);
  if (answer != NULL)
    {
      data->states[side][index] = MS_RANK_SUCCESS;
      ms_source_context_trace (data->ctx, MS_SOURCE_GUESS, uri, "answered%s%s",
                               answer->tls_version != NULL ? " over " : "",
                               answer->tls_version != NULL ? answer->tls_version : "");
    }
  else
    {
      g_autofree char *why = describe_probe_error (error);

      data->states[side][index] = MS_RANK_FAILURE;
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        ms_source_context_trace (data->ctx, MS_SOURCE_GUESS, uri, "no: %s", why);
    }
  guess_settle (task);
}

typedef struct {
  GTask    *task;
  char     *host;
  gint64    asked_us;
  gboolean  shared;    /* the process's name cache had it, or was looking it up */
} GuessLookup;

static void
guess_start_probe (GTask *task,
                   guint  side,
                   guint  index)
{
  GuessData *data = g_task_get_task_data (task);
  GuessProbe *probe = g_new0 (GuessProbe, 1);

  probe->task = g_object_ref (task);
  probe->side = side;
  probe->index = index;
  ms_probe_async (g_ptr_array_index (data->servers[side], index),
                  ms_source_context_get_probe_timeout_ms (data->ctx),
                  ms_cancel_timer_get_cancellable (data->probes), guess_probe_cb, probe);
}

/* Each host name is looked up once; its probes start only if it exists. (GIO resolves in
 * a small thread pool: two dozen probes each resolving their host would queue the
 * lookups of every other source behind them.) */
static void
guess_lookup_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GuessLookup *lookup = user_data;
  g_autoptr(GTask) task = lookup->task;
  g_autofree char *host = lookup->host;
  GuessData *data = g_task_get_task_data (task);
  g_autolist(GInetAddress) addresses = NULL;
  g_autoptr(GError) error = NULL;
  gint64 asked_us = lookup->asked_us;
  gboolean shared = lookup->shared;

  g_free (lookup);
  addresses = g_resolver_lookup_by_name_finish (G_RESOLVER (object), result, &error);
  if (data->done)
    return;
  /* a kept or half-done answer is no round trip of the network */
  if (!shared)
    ms_source_context_note_dns (data->ctx, asked_us, error);

  if (addresses == NULL)
    {
      g_autofree char *why = ms_source_describe_error (error);

      for (guint side = 0; side < N_SIDES; side++)
        for (guint i = 0; i < data->servers[side]->len; i++)
          if (g_strcmp0 (ms_server_get_host (g_ptr_array_index (data->servers[side], i)), host) == 0)
            data->states[side][i] = MS_RANK_FAILURE;
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        ms_source_context_trace (data->ctx, MS_SOURCE_GUESS, host, "no: %s", why);
      guess_settle (task);
      return;
    }

  for (guint side = 0; side < N_SIDES; side++)
    for (guint i = 0; i < data->servers[side]->len; i++)
      if (g_strcmp0 (ms_server_get_host (g_ptr_array_index (data->servers[side], i)), host) == 0)
        guess_start_probe (task, side, i);
}

void
ms_source_guess_async (MsSourceContext     *ctx,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) hosts = g_hash_table_new (g_str_hash, g_str_equal);
  GuessData *data;
  const char *username = ms_address_get_address (ctx->address);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ms_source_guess_async);
  data = g_new0 (GuessData, 1);
  data->ctx = ms_source_context_ref (ctx);
  data->probes = ms_cancel_timer_new (cancellable, 0, NULL, NULL);
  data->servers[SIDE_INCOMING] = ms_source_guess_incoming (ctx->domain, username);
  data->servers[SIDE_OUTGOING] = ms_source_guess_outgoing (ctx->domain, username);
  for (guint side = 0; side < N_SIDES; side++)
    data->states[side] = g_new0 (MsRankState, data->servers[side]->len);
  g_task_set_task_data (task, data, (GDestroyNotify) guess_data_free);

  for (guint side = 0; side < N_SIDES; side++)
    for (guint i = 0; i < data->servers[side]->len; i++)
      {
        const char *host = ms_server_get_host (g_ptr_array_index (data->servers[side], i));
        GuessLookup *lookup;

        data->states[side][i] = MS_RANK_PENDING;
        if (g_hash_table_contains (hosts, host))
          continue;
        g_hash_table_add (hosts, (gpointer) host);
        lookup = g_new0 (GuessLookup, 1);
        lookup->task = g_object_ref (task);
        lookup->host = g_strdup (host);
        lookup->asked_us = g_get_monotonic_time ();
        lookup->shared = ms_dns_cache_has (ctx->resolver, host);
        g_resolver_lookup_by_name_async (ctx->resolver, host,
                                         ms_cancel_timer_get_cancellable (data->probes),
                                         guess_lookup_cb, lookup);
      }
}
