/* ms-probe.c: what a mail server offers — connect, TLS, capabilities; never a login
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The probe is a session without a password (ms-session.c): the same dialogues, the same
 * fuzzed reply parsers, the same STARTTLS rules — it stops after the capabilities (read
 * again over TLS after STARTTLS), says goodbye and never signs in. The whole probe shares
 * one deadline: each step gets the time that is left. This file only words the
 * session's outcome as an MsProbeResult or an error for discovery's guesses.
 */
#define G_LOG_DOMAIN "ms-probe"

#include "config.h"

#include "ms-probe.h"
#include "ms-session.h"

G_DEFINE_QUARK (ms-probe-error-quark, ms_probe_error)

/* ------------------------------------------------------------------------------------ */
/* MsProbeResult                                                                         */

MsProbeResult *
ms_probe_result_copy (const MsProbeResult *result)
{
  MsProbeResult *copy;

  g_return_val_if_fail (result != NULL, NULL);

  copy = g_new0 (MsProbeResult, 1);
  *copy = *result;
  copy->tls_version = g_strdup (result->tls_version);
  copy->peer_certificate = result->peer_certificate ? g_object_ref (result->peer_certificate) : NULL;
  copy->greeting = g_strdup (result->greeting);
  copy->capabilities = g_strdupv (result->capabilities);
  copy->auth_mechanisms = g_strdupv (result->auth_mechanisms);
  return copy;
}

void
ms_probe_result_free (MsProbeResult *result)
{
  if (result == NULL)
    return;
  g_free (result->tls_version);
  g_clear_object (&result->peer_certificate);
  g_free (result->greeting);
  g_strfreev (result->capabilities);
  g_strfreev (result->auth_mechanisms);
  g_free (result);
}

G_DEFINE_BOXED_TYPE (MsProbeResult, ms_probe_result, ms_probe_result_copy, ms_probe_result_free)

static gboolean
strv_contains_ascii_case (char * const *strv,
                          const char   *value)
{
  for (gsize i = 0; strv != NULL && strv[i] != NULL; i++)
    if (g_ascii_strcasecmp (strv[i], value) == 0)
      return TRUE;
  return FALSE;
}

gboolean
ms_probe_result_has_capability (const MsProbeResult *result,
                                const char          *capability)
{
  g_return_val_if_fail (result != NULL, FALSE);
  g_return_val_if_fail (capability != NULL, FALSE);
  return strv_contains_ascii_case (result->capabilities, capability);
}

gboolean
ms_probe_result_has_auth (const MsProbeResult *result,
                          const char          *mechanism)
{
  g_return_val_if_fail (result != NULL, FALSE);
  g_return_val_if_fail (mechanism != NULL, FALSE);
  return strv_contains_ascii_case (result->auth_mechanisms, mechanism);
}

/* ------------------------------------------------------------------------------------ */
/* The probe: a session without a password                                              */

static MsProbeResult *
probe_result_new (MsSessionOutcome *outcome,
                  MsProtocol        protocol)
{
  MsCheckServerResult *found = outcome->result;
  MsProbeResult *result = g_new0 (MsProbeResult, 1);

  result->connected = found->connected;
  result->tls_established = found->tls;
  result->tls_version = g_strdup (found->tls_version);
  result->tls_errors = found->tls_errors;
  result->peer_certificate = g_steal_pointer (&outcome->peer_certificate);
  result->greeting = g_steal_pointer (&outcome->greeting);
  result->greeting_over_tls = outcome->greeting_over_tls;
  result->capabilities = g_steal_pointer (&found->capabilities);
  result->auth_mechanisms = g_steal_pointer (&found->auth_mechanisms);
  result->starttls_offered = outcome->starttls_offered;
  result->login_disabled = protocol == MS_PROTOCOL_IMAP
                           && strv_contains_ascii_case (result->capabilities, "LOGINDISABLED");
  result->preauth = outcome->preauth;
  result->elapsed_ms = found->elapsed_ms;
  return result;
}

/* How the session's problems read as the probe's errors, after the host's name. A problem
 * that came from the stream (timeout, closed, TLS, injection, cancelled …) is not here:
 * the stream's own error is passed on. */
static const struct {
  MsProblemCode code;
  MsProbeError  error;
  const char   *says;
} probe_errors[] = {
  { MS_PROBLEM_STARTTLS_NOT_OFFERED, MS_PROBE_ERROR_STARTTLS_NOT_OFFERED, "does not offer STARTTLS" },
  { MS_PROBLEM_STARTTLS_FAILED, MS_PROBE_ERROR_STARTTLS_REFUSED,
    "offers STARTTLS but refused to start TLS" },
  { MS_PROBLEM_PREAUTH_REFUSED, MS_PROBE_ERROR_PREAUTH,
    "sent PREAUTH before TLS; refusing the unencrypted session" },
  /* without a stream error: the greeting said no (IMAP BYE, POP3 -ERR, SMTP 554) */
  { MS_PROBLEM_SERVER_CLOSED, MS_PROBE_ERROR_REJECTED, "refused the connection" },
  { MS_PROBLEM_PROTOCOL_ERROR, MS_PROBE_ERROR_PROTOCOL, "did not answer like a mail server of that kind" },
};

/* The error that tells why the session stopped. The server's words are never in it. */
static GError *
probe_error_new (const MsSessionOutcome *outcome,
                 MsServer               *server)
{
  const MsProblem *problem = outcome->result->problem;
  const char *host = ms_server_get_host (server);

  if (outcome->error != NULL)
    return g_error_copy (outcome->error);
  if (host == NULL || *host == '\0' || ms_server_get_port (server) == 0)
    return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "Incomplete server settings");
  if (problem->code == MS_PROBLEM_CANCELLED)
    return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Operation was cancelled");
  for (gsize i = 0; i < G_N_ELEMENTS (probe_errors); i++)
    if (probe_errors[i].code == problem->code)
      {
        /* a protocol error's detail is ours ("not an IMAP greeting" …), not the server's */
        if (problem->code == MS_PROBLEM_PROTOCOL_ERROR && problem->detail != NULL)
          return g_error_new (MS_PROBE_ERROR, probe_errors[i].error, "%s %s (%s)", host,
                              probe_errors[i].says, problem->detail);
        return g_error_new (MS_PROBE_ERROR, probe_errors[i].error, "%s %s", host, probe_errors[i].says);
      }
  return g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", host, problem->message);
}

static void
on_session_done (GObject      *source,
                 GAsyncResult *async_result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MsServer *server = g_task_get_task_data (task);
  g_autoptr(MsSessionOutcome) outcome = ms_session_run_finish (async_result);

  if (outcome->result->problem != NULL)
    g_task_return_error (task, probe_error_new (outcome, server));
  else
    g_task_return_pointer (task, probe_result_new (outcome, ms_server_get_protocol (server)),
                           (GDestroyNotify) ms_probe_result_free);
}

void
ms_probe_with_trust_async (MsServer           *server,
                           MsTlsTrust         *trust,
                           guint               timeout_ms,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  GTask *task;
  MsSessionParams params = { 0 };

  g_return_if_fail (server != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ms_probe_with_trust_async);
  g_task_set_task_data (task, ms_server_ref (server), (GDestroyNotify) ms_server_unref);

  params.server = server;
  params.password = NULL;               /* the probe never signs in */
  params.skip_code = MS_PROBLEM_N_CODES;
  params.allow_plaintext = TRUE;        /* nothing secret goes over the wire */
  params.accept_preauth = TRUE;
  params.trust = trust;
  params.run_timeout_ms = timeout_ms;
  ms_session_run_async (&params, cancellable, NULL, NULL, on_session_done, task);
}

void
ms_probe_async (MsServer           *server,
                guint               timeout_ms,
                GCancellable       *cancellable,
                GAsyncReadyCallback callback,
                gpointer            user_data)
{
  ms_probe_with_trust_async (server, NULL, timeout_ms, cancellable, callback, user_data);
}

MsProbeResult *
ms_probe_finish (GAsyncResult *result,
                 GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ms_probe_with_trust_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
