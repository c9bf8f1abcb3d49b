/* ms-check-result.c: what a check found — per server and in all — and its JSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The words a check reports in (steps, login outcomes), one server's result
 * (MsCheckServerResult: connection, TLS, certificate, capabilities, sign-in, problem)
 * and the whole run's (MsCheckResult), with the `check --json` shapes. The run
 * (ms-check.c) and the session (ms-session.c) both build on this unit and neither on the
 * other's header, so the check's include graph has no cycle.
 */
#define G_LOG_DOMAIN "ms-check"

#include "config.h"

#include "ms-check-result.h"

/* ------------------------------------------------------------------------------------ */
/* Names                                                                                 */

const char *
ms_check_step_to_string (MsCheckStep step)
{
  switch (step)
    {
    case MS_CHECK_STEP_CONNECTING:
      return "connecting";
    case MS_CHECK_STEP_SECURING:
      return "securing";
    case MS_CHECK_STEP_SIGNING_IN:
      return "signing-in";
    case MS_CHECK_STEP_DONE:
      return "done";
    default:
      return NULL;
    }
}

const char *
ms_check_login_to_string (MsCheckLogin login)
{
  switch (login)
    {
    case MS_CHECK_LOGIN_SKIPPED:
      return "skipped";
    case MS_CHECK_LOGIN_OK:
      return "ok";
    case MS_CHECK_LOGIN_FAILED:
      return "failed";
    default:
      return NULL;
    }
}

/* ------------------------------------------------------------------------------------ */
/* MsCheckServerResult                                                                   */

MsCheckServerResult *
ms_check_server_result_copy (const MsCheckServerResult *result)
{
  MsCheckServerResult *copy;

  g_return_val_if_fail (result != NULL, NULL);

  copy = g_new0 (MsCheckServerResult, 1);
  *copy = *result;
  copy->server = result->server ? ms_server_ref (result->server) : NULL;
  copy->username = g_strdup (result->username);
  copy->tls_version = g_strdup (result->tls_version);
  copy->certificate = result->certificate ? ms_certificate_info_copy (result->certificate) : NULL;
  copy->capabilities = g_strdupv (result->capabilities);
  copy->auth_mechanisms = g_strdupv (result->auth_mechanisms);
  copy->mechanism = g_strdup (result->mechanism);
  copy->problem = result->problem ? ms_problem_copy (result->problem) : NULL;
  return copy;
}

void
ms_check_server_result_free (MsCheckServerResult *result)
{
  if (result == NULL)
    return;
  g_clear_pointer (&result->server, ms_server_unref);
  g_free (result->username);
  g_free (result->tls_version);
  g_clear_pointer (&result->certificate, ms_certificate_info_free);
  g_strfreev (result->capabilities);
  g_strfreev (result->auth_mechanisms);
  g_free (result->mechanism);
  g_clear_pointer (&result->problem, ms_problem_free);
  g_free (result);
}

G_DEFINE_BOXED_TYPE (MsCheckServerResult, ms_check_server_result,
                     ms_check_server_result_copy, ms_check_server_result_free)

const char *
ms_check_server_result_get_role (const MsCheckServerResult *result)
{
  g_return_val_if_fail (result != NULL, NULL);
  return ms_protocol_is_incoming (ms_server_get_protocol (result->server)) ? "incoming" : "outgoing";
}

gboolean
ms_check_server_result_is_ok (const MsCheckServerResult *result)
{
  g_return_val_if_fail (result != NULL, FALSE);
  if (result->problem != NULL)
    return FALSE;
  /* a relay without sign-in is fine once it answered (reachability and EHLO) */
  return result->login == MS_CHECK_LOGIN_OK ||
         (result->connected && ms_server_get_preferred_auth (result->server) == MS_AUTH_NO_SIGN_IN);
}

static void
json_strv (MsJsonBuilder *builder,
           const char    *member,
           char         **strv)
{
  ms_json_builder_set_member (builder, member);
  ms_json_builder_begin_array (builder);
  for (gsize i = 0; strv != NULL && strv[i] != NULL; i++)
    ms_json_builder_add_string (builder, strv[i]);
  ms_json_builder_end_array (builder);
}

/* Stable names of GTlsCertificateFlags for --json. */
static void
json_tls_errors (MsJsonBuilder        *builder,
                 GTlsCertificateFlags  flags)
{
  static const struct { GTlsCertificateFlags flag; const char *name; } names[] = {
    { G_TLS_CERTIFICATE_UNKNOWN_CA, "unknown-ca" },
    { G_TLS_CERTIFICATE_BAD_IDENTITY, "bad-identity" },
    { G_TLS_CERTIFICATE_NOT_ACTIVATED, "not-activated" },
    { G_TLS_CERTIFICATE_EXPIRED, "expired" },
    { G_TLS_CERTIFICATE_REVOKED, "revoked" },
    { G_TLS_CERTIFICATE_INSECURE, "insecure" },
    { G_TLS_CERTIFICATE_GENERIC_ERROR, "generic-error" },
  };

  ms_json_builder_set_member (builder, "errors");
  ms_json_builder_begin_array (builder);
  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    if (flags & names[i].flag)
      ms_json_builder_add_string (builder, names[i].name);
  ms_json_builder_end_array (builder);
}

void
ms_check_server_result_to_json (const MsCheckServerResult *result,
                                MsJsonBuilder             *builder)
{
  MsServer *server;

  g_return_if_fail (result != NULL);
  g_return_if_fail (builder != NULL);

  server = result->server;
  ms_json_builder_begin_object (builder);
  ms_json_builder_add_string_member (builder, "role", ms_check_server_result_get_role (result));
  ms_json_builder_add_string_member (builder, "protocol", ms_protocol_to_string (ms_server_get_protocol (server)));
  ms_json_builder_add_string_member (builder, "host", ms_server_get_host (server));
  ms_json_builder_set_member (builder, "port");
  ms_json_builder_add_int (builder, ms_server_get_port (server));
  ms_json_builder_add_string_member (builder, "security", ms_security_to_string (ms_server_get_security (server)));
  ms_json_builder_add_string_member (builder, "username", result->username);
  ms_json_builder_set_member (builder, "connected");
  ms_json_builder_add_bool (builder, result->connected);

  ms_json_builder_set_member (builder, "tls");
  if (result->tls || result->certificate != NULL || result->tls_errors != 0)
    {
      const MsCertificateInfo *info = result->certificate;
      g_autofree char *not_after = NULL;

      if (info != NULL && info->not_after != NULL)
        not_after = g_date_time_format_iso8601 (info->not_after);
      ms_json_builder_begin_object (builder);
      ms_json_builder_add_string_member (builder, "version", result->tls_version);
      ms_json_builder_add_string_member (builder, "subject", info != NULL ? info->subject : NULL);
      ms_json_builder_add_string_member (builder, "issuer", info != NULL ? info->issuer : NULL);
      ms_json_builder_add_string_member (builder, "not_after", not_after);
      ms_json_builder_add_string_member (builder, "sha256", info != NULL ? info->sha256 : NULL);
      json_tls_errors (builder, result->tls_errors);
      ms_json_builder_end_object (builder);
    }
  else
    ms_json_builder_add_null (builder);

  json_strv (builder, "capabilities", result->capabilities);
  json_strv (builder, "auth_mechanisms", result->auth_mechanisms);
  ms_json_builder_add_string_member (builder, "mechanism", result->mechanism);
  ms_json_builder_add_string_member (builder, "login", ms_check_login_to_string (result->login));

  ms_json_builder_set_member (builder, "problem");
  ms_problem_add_json (result->problem, builder);

  ms_json_builder_set_member (builder, "ms");
  ms_json_builder_add_int (builder, result->elapsed_ms);
  ms_json_builder_end_object (builder);
}

/* ------------------------------------------------------------------------------------ */
/* MsCheckResult                                                                         */

struct _MsCheckResult {
  gatomicrefcount ref_count;
  GPtrArray *servers;
};

MsCheckResult *
ms_check_result_ref (MsCheckResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
ms_check_result_unref (MsCheckResult *self)
{
  if (self == NULL)
    return;
  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_ptr_array_unref (self->servers);
      g_free (self);
    }
}

G_DEFINE_BOXED_TYPE (MsCheckResult, ms_check_result, ms_check_result_ref, ms_check_result_unref)

MsCheckResult *
ms_check_result_new (GPtrArray *servers)
{
  MsCheckResult *self;

  g_return_val_if_fail (servers != NULL, NULL);

  self = g_new0 (MsCheckResult, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->servers = g_ptr_array_ref (servers);
  return self;
}

GPtrArray *
ms_check_result_get_servers (MsCheckResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->servers;
}

gboolean
ms_check_result_is_ok (MsCheckResult *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->servers->len == 0)
    return FALSE;
  /* a role is fine when its last attempt signed in (an alternative user name worked) */
  for (guint i = 0; i < self->servers->len; i++)
    {
      MsCheckServerResult *r = g_ptr_array_index (self->servers, i);
      MsCheckServerResult *next = i + 1 < self->servers->len ? g_ptr_array_index (self->servers, i + 1) : NULL;

      if (next != NULL && g_strcmp0 (ms_check_server_result_get_role (next),
                                     ms_check_server_result_get_role (r)) == 0)
        continue;
      if (!ms_check_server_result_is_ok (r))
        return FALSE;
    }
  return TRUE;
}

void
ms_check_result_to_json (MsCheckResult *self,
                         MsJsonBuilder *builder)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (builder != NULL);

  ms_json_builder_begin_object (builder);
  ms_json_builder_set_member (builder, "servers");
  ms_json_builder_begin_array (builder);
  for (guint i = 0; i < self->servers->len; i++)
    ms_check_server_result_to_json (g_ptr_array_index (self->servers, i), builder);
  ms_json_builder_end_array (builder);
  ms_json_builder_end_object (builder);
}
