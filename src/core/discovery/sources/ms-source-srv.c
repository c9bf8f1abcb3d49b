/* ms-source-srv.c: discovery source "srv" — RFC 6186 / RFC 8314 SRV records
 *
 * All six queries run at once; each answer is ordered by GResolver (RFC 2782 priority
 * and weight) and its first target used. A lone target "." means the service is
 * decidedly not offered. The "s" services are implicit TLS, the others STARTTLS —
 * never plain text. SRV answers come from unauthenticated DNS: the result needs
 * confirmation.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-discovery"

#include "config.h"

#include <string.h>

#include "ms-source-srv.h"

static const struct {
  const char *service;
  MsProtocol  protocol;
  MsSecurity  security;
} services[MS_SOURCE_SRV_N_SERVICES] = {
  { "imaps",       MS_PROTOCOL_IMAP, MS_SECURITY_TLS },
  { "imap",        MS_PROTOCOL_IMAP, MS_SECURITY_STARTTLS },
  { "pop3s",       MS_PROTOCOL_POP3, MS_SECURITY_TLS },
  { "pop3",        MS_PROTOCOL_POP3, MS_SECURITY_STARTTLS },
  { "submissions", MS_PROTOCOL_SMTP, MS_SECURITY_TLS },
  { "submission",  MS_PROTOCOL_SMTP, MS_SECURITY_STARTTLS },
};

const char *
ms_source_srv_service (guint       index,
                       MsProtocol *protocol,
                       MsSecurity *security)
{
  g_return_val_if_fail (index < MS_SOURCE_SRV_N_SERVICES, NULL);

  if (protocol != NULL)
    *protocol = services[index].protocol;
  if (security != NULL)
    *security = services[index].security;
  return services[index].service;
}

typedef struct {
  MsSourceContext *ctx;
  guint            pending;
  MsServer        *found[MS_SOURCE_SRV_N_SERVICES];
  gboolean         failed;
  gint64           asked_us;     /* when the questions went out */
  gboolean         done;
} SrvData;

static void
srv_data_free (SrvData *data)
{
  ms_source_context_unref (data->ctx);
  for (guint i = 0; i < MS_SOURCE_SRV_N_SERVICES; i++)
    g_clear_pointer (&data->found[i], ms_server_unref);
  g_free (data);
}

typedef struct {
  GTask *task;
  guint  index;
} SrvQuery;

static void
srv_finish (GTask *task)
{
  SrvData *data = g_task_get_task_data (task);
  MsSourceContext *ctx = data->ctx;
  g_autoptr(MsAccount) account = ms_account_new (ctx->address);
  g_autofree char *provenance = g_strdup_printf ("SRV %s", ctx->domain);

  for (guint i = 0; i < MS_SOURCE_SRV_N_SERVICES; i++)
    if (data->found[i] != NULL)
      ms_account_add_server (account, data->found[i]);

  if (ms_account_get_incoming (account)->len == 0 || ms_account_get_outgoing (account)->len == 0)
    {
      gboolean any = ms_account_get_incoming (account)->len > 0
                     || ms_account_get_outgoing (account)->len > 0;

      if (any)
        ms_source_context_trace (ctx, MS_SOURCE_SRV, provenance, "nothing: no %s server offered",
                                 ms_account_get_incoming (account)->len == 0 ? "incoming" : "outgoing");
      if (data->failed && !any)
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, "SRV lookups failed");
      else
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no SRV records");
      return;
    }

  ms_account_set_source (account, MS_SOURCE_SRV);
  ms_account_set_provenance (account, provenance);
  ms_account_set_needs_confirmation (account, TRUE);
  ms_source_context_trace (ctx, MS_SOURCE_SRV, provenance, "found (from DNS: needs confirmation)");
  g_task_return_pointer (task, g_steal_pointer (&account), g_object_unref);
}

static void
srv_lookup_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  SrvQuery *query = user_data;
  g_autoptr(GTask) task = query->task;
  SrvData *data = g_task_get_task_data (task);
  MsSourceContext *ctx = data->ctx;
  guint index = query->index;
  g_autofree char *name = g_strdup_printf ("SRV _%s._tcp.%s", services[index].service, ctx->domain);
  g_autoptr(GError) error = NULL;
  GList *targets;

  g_free (query);
  targets = g_resolver_lookup_service_finish (G_RESOLVER (object), result, &error);
  data->pending--;
  if (!data->done)
    ms_source_context_note_dns (ctx, data->asked_us, error);

  if (data->done)
    {
      g_list_free_full (targets, (GDestroyNotify) g_srv_target_free);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_list_free_full (targets, (GDestroyNotify) g_srv_target_free);
      data->done = TRUE;
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (targets == NULL)
    {
      if (error == NULL || ms_source_error_is_nothing (error))
        ms_source_context_trace (ctx, MS_SOURCE_SRV, name, "nothing: no record");
      else
        {
          ms_source_context_trace (ctx, MS_SOURCE_SRV, name, "failed: %s", error->message);
          data->failed = TRUE;
        }
    }
  else
    {
      GSrvTarget *first = targets->data;
      const char *host = g_srv_target_get_hostname (first);
      guint16 port = g_srv_target_get_port (first);
      g_autofree char *trimmed = g_strdup (host != NULL ? host : "");
      g_autofree char *normal = NULL;
      gsize len = strlen (trimmed);

      if (len > 0 && trimmed[len - 1] == '.' && len > 1)
        trimmed[len - 1] = '\0';
      if (strcmp (trimmed, ".") == 0 || *trimmed == '\0')
        ms_source_context_trace (ctx, MS_SOURCE_SRV, name, "nothing: not offered (target \".\")");
      else if (port == 0)
        ms_source_context_trace (ctx, MS_SOURCE_SRV, name, "skipped: %s has port 0", trimmed);
      else if ((normal = ms_hostname_normalize (trimmed, MS_HOSTNAME_DEFAULT, NULL)) == NULL)
        ms_source_context_trace (ctx, MS_SOURCE_SRV, name, "skipped: %s is not a valid host name",
                                 trimmed);
      else
        {
          MsServer *server = ms_server_new (services[index].protocol, normal, port,
                                            services[index].security,
                                            ms_address_get_address (ctx->address));

          ms_server_add_auth (server, MS_AUTH_PASSWORD);
          data->found[index] = server;
          ms_source_context_trace (ctx, MS_SOURCE_SRV, name, "%s:%u", normal, port);
        }
      g_list_free_full (targets, (GDestroyNotify) g_srv_target_free);
    }

  if (data->pending == 0)
    {
      data->done = TRUE;
      srv_finish (task);
    }
}

void
ms_source_srv_async (MsSourceContext     *ctx,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SrvData *data;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ms_source_srv_async);
  data = g_new0 (SrvData, 1);
  data->ctx = ms_source_context_ref (ctx);
  data->pending = MS_SOURCE_SRV_N_SERVICES;
  g_task_set_task_data (task, data, (GDestroyNotify) srv_data_free);

  data->asked_us = g_get_monotonic_time ();
  for (guint i = 0; i < MS_SOURCE_SRV_N_SERVICES; i++)
    {
      SrvQuery *query = g_new0 (SrvQuery, 1);

      query->task = g_object_ref (task);
      query->index = i;
      g_resolver_lookup_service_async (ctx->resolver, services[i].service, "tcp", ctx->domain,
                                       cancellable, srv_lookup_cb, query);
    }
}
