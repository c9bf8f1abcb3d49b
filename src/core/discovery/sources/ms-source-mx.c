/* ms-source-mx.c: discovery source "mx"
 *
 * MX D → the most preferred host → a hoster the built-in table knows by its mail
 * exchangers (<domain purpose="mx">: Microsoft 365, Google Workspace …), else the host's
 * parent domain and its registrable domain (public-suffix aware) → for each, best
 * first: the built-in table, then
 * https://autoconfig.C/mail/config-v1.1.xml and the ISPDB entry for C, fetched at once.
 * DNS is not authenticated, so whatever this finds must be confirmed by the user, and the
 * address is not sent to the hoster's autoconfig server (only to the address's own).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-discovery"

#include "config.h"

#include <string.h>

#include "ms-source-builtin.h"
#include "ms-source-ispdb.h"
#include "ms-source-mx.h"

char **
ms_source_mx_candidate_domains (const char *mx_host,
                                const char *domain)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *base = NULL;
  const char *dot;

  g_return_val_if_fail (mx_host != NULL, NULL);
  g_return_val_if_fail (domain != NULL, NULL);

  base = ms_registrable_domain (mx_host);
  /* The MX host is a public suffix or a bare label: nothing to ask. */
  if (g_strcmp0 (base, mx_host) == 0 && strchr (mx_host, '.') == NULL)
    return g_strv_builder_end (builder);

  dot = strchr (mx_host, '.');
  if (dot != NULL && g_strcmp0 (dot + 1, base) != 0 && ms_hostname_is_under (dot + 1, base)
      && g_strcmp0 (dot + 1, domain) != 0)
    g_strv_builder_add (builder, dot + 1);
  if (g_strcmp0 (base, domain) != 0)
    g_strv_builder_add (builder, base);
  return g_strv_builder_end (builder);
}

typedef struct {
  MsSourceContext *ctx;
  MsCancelTimer   *fetches;      /* cancels the fetches still running once decided */
  char           **candidates;
  guint            n_fetches;
  MsRankState     *states;
  MsAccount      **accounts;
  gint64           asked_us;     /* when the MX question went out */
  gboolean         done;
} MxData;

static void
mx_data_free (MxData *data)
{
  ms_source_context_unref (data->ctx);
  g_clear_pointer (&data->fetches, ms_cancel_timer_free);
  g_strfreev (data->candidates);
  for (guint i = 0; i < data->n_fetches; i++)
    g_clear_object (&data->accounts[i]);
  g_free (data->accounts);
  g_free (data->states);
  g_free (data);
}

typedef struct {
  GTask *task;
  guint  index;
} MxFetch;

static void
mx_settle (GTask *task)
{
  MxData *data = g_task_get_task_data (task);
  int pick;

  if (data->done)
    return;
  pick = ms_rank_pick (data->states, data->n_fetches);
  if (pick == MS_RANK_WAIT)
    return;

  data->done = TRUE;
  g_cancellable_cancel (ms_cancel_timer_get_cancellable (data->fetches));
  if (pick == MS_RANK_NONE)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                             "the MX host's domains have no settings");
  else
    g_task_return_pointer (task, g_steal_pointer (&data->accounts[pick]), g_object_unref);
}

static void
mx_fetch_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  MxFetch *fetch = user_data;
  g_autoptr(GTask) task = fetch->task;
  MxData *data = g_task_get_task_data (task);
  g_autoptr(MsAccount) account = NULL;
  guint index = fetch->index;

  g_free (fetch);
  account = ms_source_finish (result, NULL);
  if (data->done)
    return;
  if (account != NULL)
    {
      data->accounts[index] = g_steal_pointer (&account);
      data->states[index] = MS_RANK_SUCCESS;
    }
  else
    data->states[index] = MS_RANK_FAILURE;
  mx_settle (task);
}

static void
mx_lookup_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MxData *data = g_task_get_task_data (task);
  MsSourceContext *ctx = data->ctx;
  g_autofree char *query = g_strdup_printf ("MX %s", ctx->domain);
  g_autolist(GVariant) records = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *mx_host = NULL;
  guint16 best = G_MAXUINT16;
  g_autofree char *list = NULL;

  records = g_resolver_lookup_records_finish (G_RESOLVER (object), result, &error);
  ms_source_context_note_dns (ctx, data->asked_us, error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (records == NULL)
    {
      if (error == NULL || ms_source_error_is_nothing (error))
        {
          ms_source_context_trace (ctx, MS_SOURCE_MX, query, "nothing: no MX record");
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no MX record");
        }
      else
        {
          ms_source_context_trace (ctx, MS_SOURCE_MX, query, "failed: %s", error->message);
          g_task_return_error (task, g_steal_pointer (&error));
        }
      return;
    }

  for (GList *l = records; l != NULL; l = l->next)
    {
      guint16 preference;
      const char *host;

      g_variant_get (l->data, "(q&s)", &preference, &host);
      if (host == NULL || *host == '\0' || strcmp (host, ".") == 0)
        continue;
      if (mx_host == NULL || preference < best)
        {
          g_autofree char *trimmed = g_strdup (host);
          gsize len = strlen (trimmed);

          if (len > 0 && trimmed[len - 1] == '.')
            trimmed[len - 1] = '\0';
          g_free (mx_host);
          mx_host = ms_hostname_normalize (trimmed, MS_HOSTNAME_DEFAULT, NULL);
          best = preference;
        }
    }
  if (mx_host == NULL)
    {
      ms_source_context_trace (ctx, MS_SOURCE_MX, query, "nothing: no usable MX host");
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no usable MX host");
      return;
    }

  /* A known hoster's mail exchanger (Microsoft 365, Google Workspace …): its business
   * settings, before any domain of the host could match a consumer entry (outlook.com). */
  {
    MsAccount *hosted = ms_source_builtin_lookup_mx_host (ctx, MS_SOURCE_MX, mx_host);

    if (hosted != NULL)
      {
        data->done = TRUE;
        g_task_return_pointer (task, hosted, g_object_unref);
        return;
      }
  }

  data->candidates = ms_source_mx_candidate_domains (mx_host, ctx->domain);
  list = g_strjoinv (", ", data->candidates);
  if (data->candidates[0] == NULL)
    {
      ms_source_context_trace (ctx, MS_SOURCE_MX, query,
                               "nothing: %s (preference %u) is in the address's own domain",
                               mx_host, best);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "MX in the own domain");
      return;
    }
  ms_source_context_trace (ctx, MS_SOURCE_MX, query, "%s (preference %u): asking %s",
                           mx_host, best, list);

  /* The built-in table answers at once. */
  for (guint i = 0; data->candidates[i] != NULL; i++)
    {
      MsAccount *account = ms_source_builtin_lookup_domain (ctx, MS_SOURCE_MX, data->candidates[i]);

      if (account != NULL)
        {
          data->done = TRUE;
          g_task_return_pointer (task, account, g_object_unref);
          return;
        }
    }

  /* Then the hoster's autoconfig and the ISPDB, all at once, ranked in this order. */
  data->n_fetches = 2 * g_strv_length (data->candidates);
  data->states = g_new0 (MsRankState, data->n_fetches);
  data->accounts = g_new0 (MsAccount *, data->n_fetches);
  for (guint i = 0; data->candidates[i] != NULL; i++)
    {
      const char *candidate = data->candidates[i];
      g_autofree char *autoconfig = g_strdup_printf ("https://autoconfig.%s/mail/config-v1.1.xml",
                                                     candidate);
      g_autofree char *ispdb = ms_source_ispdb_url (ctx, candidate);
      const char *urls[2] = { autoconfig, ispdb };

      for (guint k = 0; k < 2; k++)
        {
          MxFetch *fetch = g_new0 (MxFetch, 1);

          fetch->task = g_object_ref (task);
          fetch->index = 2 * i + k;
          data->states[fetch->index] = MS_RANK_PENDING;
          ms_source_fetch_config_async (ctx, MS_SOURCE_MX, urls[k],
                                        ms_cancel_timer_get_cancellable (data->fetches),
                                        mx_fetch_cb, fetch);
        }
    }
}

void
ms_source_mx_async (MsSourceContext     *ctx,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  GTask *task;
  MxData *data;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ms_source_mx_async);
  data = g_new0 (MxData, 1);
  data->ctx = ms_source_context_ref (ctx);
  data->fetches = ms_cancel_timer_new (cancellable, 0, NULL, NULL);
  g_task_set_task_data (task, data, (GDestroyNotify) mx_data_free);

  data->asked_us = g_get_monotonic_time ();
  g_resolver_lookup_records_async (ctx->resolver, ctx->domain, G_RESOLVER_RECORD_MX,
                                   cancellable, mx_lookup_cb, task);
}
