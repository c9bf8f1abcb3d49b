/* ms-source-common.c: what the discovery sources share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-discovery"

#include "config.h"

#include <libpsl.h>
#include <string.h>

#include "ms-client-config.h"
#include "ms-http.h"
#include "ms-source-common.h"

/* ---- context ------------------------------------------------------------------------- */

static void
source_context_clear (MsSourceContext *ctx)
{
  g_clear_pointer (&ctx->address, ms_address_unref);
  g_free (ctx->domain);
  g_free (ctx->base_domain);
  g_clear_object (&ctx->session);
  g_clear_object (&ctx->resolver);
  g_clear_object (&ctx->provider_db);
  g_free (ctx->ispdb_url);
  g_clear_pointer (&ctx->trace, g_ptr_array_unref);
  g_clear_pointer (&ctx->rtt_samples, g_array_unref);
}

MsSourceContext *
ms_source_context_new (MsAddress                *address,
                       const MsDiscoveryOptions *options)
{
  MsSourceContext *ctx = g_rc_box_new0 (MsSourceContext);
  const char *ispdb;

  ctx->address = ms_address_ref (address);
  ctx->domain = g_strdup (ms_address_get_domain (address));
  ctx->base_domain = ms_registrable_domain (ctx->domain);
  ctx->start_time = g_get_monotonic_time ();
  ctx->trace = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_discovery_trace_entry_free);
  ctx->rtt_samples = g_array_new (FALSE, FALSE, sizeof (gint64));

  ctx->source_timeout_ms = options != NULL && options->source_timeout_ms > 0
                             ? options->source_timeout_ms : MS_DISCOVERY_DEFAULT_SOURCE_TIMEOUT_MS;
  ctx->probe_timeout_ms = options != NULL && options->probe_timeout_ms > 0
                            ? options->probe_timeout_ms : MS_DISCOVERY_DEFAULT_PROBE_TIMEOUT_MS;
  /* A timeout the caller gave is what they want: --timeout, --probe-timeout. */
  ctx->source_timeout_fixed = options != NULL && options->source_timeout_ms > 0;
  ctx->probe_timeout_fixed = options != NULL && options->probe_timeout_ms > 0;
  ispdb = options != NULL && options->ispdb_url != NULL && *options->ispdb_url != '\0'
            ? options->ispdb_url : MS_DISCOVERY_DEFAULT_ISPDB_URL;
  ctx->ispdb_url = g_str_has_suffix (ispdb, "/") ? g_strdup (ispdb) : g_strconcat (ispdb, "/", NULL);
  if (options != NULL && options->provider_db != NULL)
    ctx->provider_db = g_object_ref (options->provider_db);
  else
    ctx->provider_db = g_object_ref (ms_provider_db_get_default ());

  if (options == NULL || !options->offline)
    {
      ctx->session = ms_http_session_new ();
      ctx->resolver = g_resolver_get_default ();
    }
  return ctx;
}

MsSourceContext *
ms_source_context_ref (MsSourceContext *ctx)
{
  return g_rc_box_acquire (ctx);
}

void
ms_source_context_unref (MsSourceContext *ctx)
{
  g_rc_box_release_full (ctx, (GDestroyNotify) source_context_clear);
}

guint
ms_source_context_elapsed_ms (MsSourceContext *ctx)
{
  return (guint) ((g_get_monotonic_time () - ctx->start_time) / 1000);
}

/* ---- round trips and budgets --------------------------------------------------------- */

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* The lower quartile: not the smallest, since a resolver answers from its cache in no time
 * and one such answer says nothing about the network; not the median either, since GIO
 * resolves in a small thread pool and many of a run's two dozen questions wait there
 * behind the others, which is no round trip of the network. */
void
ms_source_context_note_dns (MsSourceContext *ctx,
                            gint64           asked_us,
                            const GError    *error)
{
  gint64 rtt = MAX (g_get_monotonic_time () - asked_us, 1);
  g_autoptr(GArray) sorted = NULL;
  gint64 quartile;

  if (error != NULL && !g_error_matches (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND))
    return;
  g_array_append_val (ctx->rtt_samples, rtt);
  sorted = g_array_copy (ctx->rtt_samples);
  g_array_sort (sorted, compare_gint64);
  quartile = g_array_index (sorted, gint64, sorted->len / 4);
  if (quartile == ctx->rtt_us)
    return;
  ctx->rtt_us = quartile;
  if (ctx->timing_func != NULL && !ctx->trace_closed)
    ctx->timing_func (ctx, MS_SOURCE_NONE, ctx->timing_data);
}

void
ms_source_context_note_alive (MsSourceContext *ctx,
                              MsSource         source)
{
  if (ctx->timing_func != NULL && !ctx->trace_closed)
    ctx->timing_func (ctx, source, ctx->timing_data);
}

gint64
ms_source_context_get_rtt_us (MsSourceContext *ctx)
{
  return ctx->rtt_us;
}

/* @factor × the round trip within [@floor_ms, @ceiling_ms]; the ceiling while none is
 * known or when the caller fixed the timeouts. */
static guint
adapt (MsSourceContext *ctx,
       gboolean         fixed,
       guint            floor_ms,
       guint            ceiling_ms)
{
  gint64 ms;

  if (fixed || ctx->rtt_us == 0)
    return ceiling_ms;
  ms = (ctx->rtt_us * MS_DISCOVERY_RTT_FACTOR + 999) / 1000;
  return (guint) CLAMP (ms, (gint64) MIN (floor_ms, ceiling_ms), (gint64) ceiling_ms);
}

guint
ms_source_context_get_probe_timeout_ms (MsSourceContext *ctx)
{
  return adapt (ctx, ctx->probe_timeout_fixed, MS_DISCOVERY_MIN_PROBE_TIMEOUT_MS,
                ctx->probe_timeout_ms);
}

guint
ms_source_context_get_source_budget_ms (MsSourceContext *ctx)
{
  return adapt (ctx, ctx->source_timeout_fixed, MS_DISCOVERY_MIN_SOURCE_TIMEOUT_MS,
                ctx->source_timeout_ms);
}

void
ms_discovery_trace_entry_free (MsDiscoveryTraceEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->target);
  g_free (entry->result);
  g_free (entry);
}

void
ms_source_context_trace (MsSourceContext *ctx,
                         MsSource         source,
                         const char      *target,
                         const char      *format,
                         ...)
{
  MsDiscoveryTraceEntry *entry;
  va_list args;

  if (ctx->trace_closed)
    return;

  entry = g_new0 (MsDiscoveryTraceEntry, 1);
  entry->source = source;
  entry->target = g_strdup (target != NULL ? target : "");
  va_start (args, format);
  entry->result = g_strdup_vprintf (format, args);
  va_end (args);
  entry->ms = ms_source_context_elapsed_ms (ctx);
  g_debug ("%s %s: %s (%u ms)", ms_source_to_string (source), entry->target, entry->result,
           entry->ms);
  g_ptr_array_add (ctx->trace, entry);
}

/* ---- domains and trust --------------------------------------------------------------- */

static const psl_ctx_t *
get_psl (void)
{
  static gsize once = 0;
  static const psl_ctx_t *psl = NULL;

  if (g_once_init_enter (&once))
    {
      psl = psl_builtin ();
      if (psl == NULL)
        psl = psl_latest (NULL);
      g_once_init_leave (&once, 1);
    }
  return psl;
}

char *
ms_registrable_domain (const char *host)
{
  const psl_ctx_t *psl = get_psl ();
  const char *reg = NULL;

  g_return_val_if_fail (host != NULL, NULL);

  if (psl != NULL)
    reg = psl_registrable_domain (psl, host);
  return g_strdup (reg != NULL ? reg : host);
}

gboolean
ms_source_host_vouched (MsSourceContext *ctx,
                        MsAccount       *account,
                        const char      *host)
{
  g_autofree char *lower = NULL;

  if (host == NULL)
    return FALSE;
  lower = g_ascii_strdown (host, -1);
  if (ms_hostname_is_under (lower, ctx->domain) || ms_hostname_is_under (lower, ctx->base_domain))
    return TRUE;
  return account != NULL && ms_account_provider_owns_host (account, lower);
}

const char *
ms_source_first_foreign_host (MsSourceContext *ctx,
                              MsAccount       *account)
{
  GPtrArray *lists[2] = { ms_account_get_incoming (account), ms_account_get_outgoing (account) };

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    for (guint i = 0; i < lists[l]->len; i++)
      {
        MsServer *server = g_ptr_array_index (lists[l], i);

        if (!ms_source_host_vouched (ctx, account, ms_server_get_host (server)))
          return ms_server_get_host (server);
      }
  return NULL;
}

/* ---- errors ------------------------------------------------------------------------- */

MsAccount *
ms_source_finish (GAsyncResult  *result,
                  GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
ms_source_error_is_nothing (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND)
         || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_NOT_FOUND)
         || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED)
         || g_error_matches (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND);
}

char *
ms_source_describe_error (const GError *error)
{
  if (g_error_matches (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND)
      || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_NOT_FOUND))
    return g_strdup ("no such host");
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    return g_strdup ("connection refused");
  if (g_error_matches (error, MS_HTTP_ERROR, MS_HTTP_ERROR_TIMED_OUT)
      || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_strdup ("timed out");
  if (error->domain == G_TLS_ERROR)
    return g_strdup_printf ("TLS error: %s", error->message);
  return g_strdup (error->message);
}

/* ---- fetching a clientConfig document ------------------------------------------------ */

typedef struct {
  MsSourceContext *ctx;
  MsSource         source;
  char            *url;
  gboolean         left_domain;   /* a redirect left the URL's registrable domain */
  gboolean         refused;       /* a redirect was refused (and traced) */
  char            *url_base;      /* the requested URL's registrable domain */
} FetchConfigData;

static void
fetch_config_data_free (FetchConfigData *data)
{
  ms_source_context_unref (data->ctx);
  g_free (data->url);
  g_free (data->url_base);
  g_free (data);
}

static void
fetch_config_redirect (const char *from_url,
                       const char *to_url,
                       gboolean    refused,
                       const char *reason,
                       gpointer    user_data)
{
  FetchConfigData *data = user_data;

  if (refused)
    {
      data->refused = TRUE;
      ms_source_context_trace (data->ctx, data->source, from_url, "rejected: %s (to %s)",
                               reason, to_url);
      return;
    }
  else
    {
      g_autofree char *host = ms_http_url_get_host (to_url);
      g_autofree char *base = host != NULL ? ms_registrable_domain (host) : NULL;
      gboolean other = base == NULL || g_strcmp0 (base, data->url_base) != 0;

      if (other)
        data->left_domain = TRUE;
      ms_source_context_trace (data->ctx, data->source, from_url, "redirect to %s%s", to_url,
                               other ? " (another domain: needs confirmation)" : "");
    }
}

static void
fetch_config_connected (const char *url,
                        gpointer    user_data)
{
  FetchConfigData *data = user_data;

  ms_source_context_note_alive (data->ctx, data->source);
}

static void
fetch_config_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FetchConfigData *data = g_task_get_task_data (task);
  MsSourceContext *ctx = data->ctx;
  g_autoptr(MsHttpResponse) response = NULL;
  g_autoptr(MsClientConfig) config = NULL;
  g_autoptr(MsAccount) account = NULL;
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(GError) error = NULL;
  const char * const *skipped;
  const char *foreign;
  gboolean needs_confirmation;

  response = ms_http_fetch_finish (result, &error);
  if (response == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      if (!data->refused)
        {
          g_autofree char *why = ms_source_describe_error (error);

          if (ms_source_error_is_nothing (error))
            ms_source_context_trace (ctx, data->source, data->url, "nothing: %s", why);
          else if (error->domain == MS_HTTP_ERROR
                   && !g_error_matches (error, MS_HTTP_ERROR, MS_HTTP_ERROR_TIMED_OUT))
            ms_source_context_trace (ctx, data->source, data->url, "rejected: %s", why);
          else
            ms_source_context_trace (ctx, data->source, data->url, "failed: %s", why);
        }
      if (ms_source_error_is_nothing (error))
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s", error->message);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (response->status != SOUP_STATUS_OK)
    {
      if (response->status >= 400 && response->status < 500)
        {
          ms_source_context_trace (ctx, data->source, response->url, "nothing: HTTP %u",
                                   response->status);
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "HTTP %u",
                                   response->status);
        }
      else
        {
          ms_source_context_trace (ctx, data->source, response->url, "failed: HTTP %u",
                                   response->status);
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, "HTTP %u",
                                   response->status);
        }
      return;
    }

  config = ms_client_config_parse (g_bytes_get_data (response->body, NULL),
                                   g_bytes_get_size (response->body),
                                   ctx->address, &error);
  if (config == NULL)
    {
      ms_source_context_trace (ctx, data->source, response->url, "rejected: %s", error->message);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  skipped = ms_client_config_get_warnings (config);
  for (guint i = 0; skipped != NULL && skipped[i] != NULL; i++)
    ms_source_context_trace (ctx, data->source, response->url, "skipped: %s", skipped[i]);

  warnings = g_ptr_array_new_with_free_func (g_free);
  account = ms_client_config_to_account (config, ctx->address, data->source, response->url,
                                         warnings);
  for (guint i = 0; i < warnings->len; i++)
    ms_source_context_trace (ctx, data->source, response->url, "skipped: %s",
                             (const char *) g_ptr_array_index (warnings, i));

  if (account == NULL
      || ms_account_get_incoming (account)->len == 0
      || ms_account_get_outgoing (account)->len == 0)
    {
      const char *what = account == NULL || ms_account_get_incoming (account)->len == 0
                           ? "incoming" : "outgoing";

      ms_source_context_trace (ctx, data->source, response->url,
                               "rejected: no usable %s server", what);
      g_task_return_new_error (task, MS_CLIENT_CONFIG_ERROR, MS_CLIENT_CONFIG_ERROR_NO_SERVERS,
                               "no usable %s server", what);
      return;
    }

  for (guint i = 0; i < response->redirects->len; i++)
    ms_account_add_redirect (account, g_ptr_array_index (response->redirects, i));

  foreign = ms_source_first_foreign_host (ctx, account);
  needs_confirmation = data->source == MS_SOURCE_MX || data->left_domain || foreign != NULL;
  ms_account_set_needs_confirmation (account, needs_confirmation);

  if (data->source == MS_SOURCE_MX)
    ms_source_context_trace (ctx, data->source, response->url,
                             "found %s (from DNS: needs confirmation)",
                             ms_account_get_provider_id (account));
  else if (foreign != NULL)
    ms_source_context_trace (ctx, data->source, response->url,
                             "found %s (server %s is outside %s: needs confirmation)",
                             ms_account_get_provider_id (account), foreign, ctx->base_domain);
  else if (data->left_domain)
    ms_source_context_trace (ctx, data->source, response->url,
                             "found %s (redirected to another domain: needs confirmation)",
                             ms_account_get_provider_id (account));
  else
    ms_source_context_trace (ctx, data->source, response->url, "found %s",
                             ms_account_get_provider_id (account));

  g_task_return_pointer (task, g_steal_pointer (&account), g_object_unref);
}

void
ms_source_fetch_config_async (MsSourceContext     *ctx,
                              MsSource             source,
                              const char          *url,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;
  FetchConfigData *data;
  g_autofree char *host = ms_http_url_get_host (url);

  g_return_if_fail (ctx->session != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ms_source_fetch_config_async);
  data = g_new0 (FetchConfigData, 1);
  data->ctx = ms_source_context_ref (ctx);
  data->source = source;
  data->url = g_strdup (url);
  data->url_base = host != NULL ? ms_registrable_domain (host) : NULL;
  g_task_set_task_data (task, data, (GDestroyNotify) fetch_config_data_free);

  ms_http_fetch_async (ctx->session, url, MS_CLIENT_CONFIG_MAX_SIZE, ctx->source_timeout_ms,
                       MS_HTTP_DEFAULT_MAX_REDIRECTS, fetch_config_redirect,
                       fetch_config_connected, data,
                       cancellable, fetch_config_cb, task);
}

/* ---- ranking ------------------------------------------------------------------------- */

int
ms_rank_pick (const MsRankState *states,
              guint              n_states)
{
  for (guint i = 0; i < n_states; i++)
    {
      switch (states[i])
        {
        case MS_RANK_SUCCESS:
          return (int) i;
        case MS_RANK_PENDING:
          return MS_RANK_WAIT;
        case MS_RANK_FAILURE:
        default:
          break;
        }
    }
  return MS_RANK_NONE;
}
