/* ms-check.c: check an account's servers — connect, TLS, capabilities, one sign-in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The incoming and the outgoing server are checked at the same time, each by one
 * session (ms-session.c). A role gets a second session only when the first sign-in was
 * refused and the account lists the same server again with another user name.
 */
#define G_LOG_DOMAIN "ms-check"

#include "config.h"

#include <string.h>

#include "ms-check.h"
#include "ms-sasl.h"
#include "ms-session.h"

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

static void
json_string (MsJsonBuilder *builder,
             const char    *member,
             const char    *value)
{
  ms_json_builder_set_member (builder, member);
  ms_json_builder_add_string (builder, value);
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
  json_string (builder, "role", ms_check_server_result_get_role (result));
  json_string (builder, "protocol", ms_protocol_to_string (ms_server_get_protocol (server)));
  json_string (builder, "host", ms_server_get_host (server));
  ms_json_builder_set_member (builder, "port");
  ms_json_builder_add_int (builder, ms_server_get_port (server));
  json_string (builder, "security", ms_security_to_string (ms_server_get_security (server)));
  json_string (builder, "username", result->username);
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
      json_string (builder, "version", result->tls_version);
      json_string (builder, "subject", info != NULL ? info->subject : NULL);
      json_string (builder, "issuer", info != NULL ? info->issuer : NULL);
      json_string (builder, "not_after", not_after);
      json_string (builder, "sha256", info != NULL ? info->sha256 : NULL);
      json_tls_errors (builder, result->tls_errors);
      ms_json_builder_end_object (builder);
    }
  else
    ms_json_builder_add_null (builder);

  json_strv (builder, "capabilities", result->capabilities);
  json_strv (builder, "auth_mechanisms", result->auth_mechanisms);
  json_string (builder, "mechanism", result->mechanism);
  json_string (builder, "login", ms_check_login_to_string (result->login));

  ms_json_builder_set_member (builder, "problem");
  if (result->problem != NULL)
    {
      ms_json_builder_begin_object (builder);
      json_string (builder, "code", ms_problem_code_to_string (result->problem->code));
      json_string (builder, "message", result->problem->message);
      json_string (builder, "fix", result->problem->fix);
      json_string (builder, "url", result->problem->url);
      json_string (builder, "detail", result->problem->detail);
      ms_json_builder_end_object (builder);
    }
  else
    ms_json_builder_add_null (builder);

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

/* ------------------------------------------------------------------------------------ */
/* The run                                                                               */

typedef struct {
  GTask *task;                 /* the run's (not a reference) */
  gboolean incoming;
  GPtrArray *candidates;       /* MsServer: the server, then at most one alternative form */
  guint next;
  GPtrArray *results;          /* MsCheckServerResult, in attempt order */
} Role;

typedef struct {
  GTask *task;                 /* not a reference */
  MsAccount *account;
  char *password;
  char *username;
  MsTlsTrust *trust;
  guint step_timeout_ms;
  GStrv plaintext_hosts;
  gboolean confirmed;
  MsCheckProgressFunc progress;
  gpointer progress_data;
  Role roles[2];
  guint pending;
  GSource *idle;
} Run;

static void
run_free (gpointer data)
{
  Run *run = data;

  g_clear_object (&run->account);
  ms_sasl_secret_free (run->password);
  g_free (run->username);
  g_clear_pointer (&run->trust, ms_tls_trust_unref);
  g_strfreev (run->plaintext_hosts);
  for (guint i = 0; i < G_N_ELEMENTS (run->roles); i++)
    {
      g_clear_pointer (&run->roles[i].candidates, g_ptr_array_unref);
      g_clear_pointer (&run->roles[i].results, g_ptr_array_unref);
    }
  if (run->idle != NULL)
    {
      g_source_destroy (run->idle);
      g_source_unref (run->idle);
    }
  g_free (run);
}

/* Same server, another user name: the one kind of second sign-in allowed. */
static gboolean
is_alternative_form (MsServer *a,
                     MsServer *b)
{
  g_autoptr(MsServer) copy = ms_server_copy (b);

  if (g_strcmp0 (ms_server_get_username (a), ms_server_get_username (b)) == 0)
    return FALSE;
  ms_server_set_username (copy, ms_server_get_username (a));
  return ms_server_equal (a, copy);
}

static gboolean
plaintext_allowed (Run      *run,
                   MsServer *server)
{
  const char *host = ms_server_get_host (server);
  g_autofree char *host_port = g_strdup_printf ("%s:%u", host, ms_server_get_port (server));

  for (gsize i = 0; run->plaintext_hosts != NULL && run->plaintext_hosts[i] != NULL; i++)
    if (g_ascii_strcasecmp (run->plaintext_hosts[i], host) == 0
        || g_ascii_strcasecmp (run->plaintext_hosts[i], host_port) == 0)
      return TRUE;
  return FALSE;
}

static const char *
username_for (Run      *run,
              MsServer *server)
{
  if (run->username != NULL)
    return run->username;
  if (ms_server_get_username (server) != NULL)
    return ms_server_get_username (server);
  return ms_address_get_address (ms_account_get_address (run->account));
}

static void start_attempt (Run *run, Role *role);

static void
run_return (Run *run)
{
  GTask *task = run->task;
  MsCheckResult *result = g_new0 (MsCheckResult, 1);

  g_atomic_ref_count_init (&result->ref_count);
  result->servers = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_check_server_result_free);
  for (guint i = 0; i < G_N_ELEMENTS (run->roles); i++)
    {
      Role *role = &run->roles[i];

      while (role->results != NULL && role->results->len > 0)
        g_ptr_array_add (result->servers, g_ptr_array_steal_index (role->results, 0));
    }
  /* the password is not needed any more */
  g_clear_pointer (&run->password, ms_sasl_secret_free);
  g_task_return_pointer (task, result, (GDestroyNotify) ms_check_result_unref);
  g_object_unref (task);
}

/* A server the provider opens only to its own network refuses everyone else, whatever
 * the password: say so in those words rather than leave a bare refusal. */
static void
explain_restriction (MsCheckServerResult *result)
{
  MsProblem *problem = result->problem;
  char *fix;

  if (problem == NULL || ms_server_get_restriction (result->server) != MS_RESTRICTION_CLIENT_IP)
    return;
  /* the server's note (ms-server.c) says it in the words the settings page uses */
  fix = g_strdup_printf ("%s %s", ms_server_get_note (result->server),
                         problem->fix != NULL ? problem->fix : "");
  g_free (problem->fix);
  problem->fix = g_strstrip (fix);
}

static void
on_attempt_done (GObject      *source,
                 GAsyncResult *async_result,
                 gpointer      user_data)
{
  Role *role = user_data;
  Run *run = g_task_get_task_data (role->task);
  MsCheckServerResult *result = ms_session_check_finish (async_result);

  explain_restriction (result);
  g_ptr_array_add (role->results, result);
  if (run->progress != NULL && !g_cancellable_is_cancelled (g_task_get_cancellable (role->task)))
    run->progress (result->server, MS_CHECK_STEP_DONE, result, run->progress_data);

  /* a second sign-in only after a refused first, only for an explicit alternative
   * user name, never with the user name override (it would be the same again) */
  if (result->login == MS_CHECK_LOGIN_FAILED && result->problem != NULL
      && result->problem->code == MS_PROBLEM_AUTHENTICATION_FAILED
      && run->username == NULL && role->next < role->candidates->len
      && !g_cancellable_is_cancelled (g_task_get_cancellable (role->task)))
    {
      start_attempt (run, role);
      return;
    }

  if (--run->pending == 0)
    run_return (run);
}

static void
start_attempt (Run  *run,
               Role *role)
{
  MsServer *server = g_ptr_array_index (role->candidates, role->next++);
  MsAccount *account = run->account;
  MsSessionParams params = { 0 };
  g_autofree char *detail = NULL;

  params.server = server;
  params.username = username_for (run, server);
  params.password = run->password;
  params.skip_code = MS_PROBLEM_N_CODES;
  if (ms_server_get_preferred_auth (server) == MS_AUTH_NO_SIGN_IN)
    params.password = NULL;  /* a relay without sign-in: reachability and EHLO only */
  else if (ms_account_get_oauth2_required (account)
           || (ms_server_get_preferred_auth (server) == MS_AUTH_OAUTH2
               && !ms_server_accepts_password (server)))
    params.skip_code = MS_PROBLEM_OAUTH2_REQUIRED;
  else if (ms_account_get_needs_confirmation (account) && !run->confirmed)
    {
      params.skip_code = MS_PROBLEM_NEEDS_CONFIRMATION;
      /* name the domain that did not vouch and the server the password would go to */
      detail = g_strdup_printf ("%s did not vouch for %s", ms_account_get_domain (account),
                                ms_server_get_host (server));
      params.skip_detail = detail;
    }
  params.allow_plaintext = plaintext_allowed (run, server);
  params.trust = run->trust;
  params.step_timeout_ms = run->step_timeout_ms;
  params.provider_name = ms_account_get_provider_name (account);
  params.password_reset_url = ms_account_get_password_reset_url (account);
  params.enable_url = ms_account_get_enable_url (account);

  ms_session_check_async (&params, g_task_get_cancellable (run->task), run->progress,
                          run->progress_data, on_attempt_done, role);
}

static gboolean
start_in_idle (gpointer user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);

  g_clear_pointer (&run->idle, g_source_unref);
  for (guint i = 0; i < G_N_ELEMENTS (run->roles); i++)
    if (run->roles[i].candidates->len > 0)
      run->pending++;
  if (run->pending == 0)
    {
      run_return (run);
      return G_SOURCE_REMOVE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (run->roles); i++)
    if (run->roles[i].candidates->len > 0)
      start_attempt (run, &run->roles[i]);
  return G_SOURCE_REMOVE;
}

static void
pick_candidates (Role      *role,
                 GPtrArray *servers)
{
  MsServer *first;

  if (servers->len == 0)
    return;
  first = g_ptr_array_index (servers, 0);
  g_ptr_array_add (role->candidates, ms_server_ref (first));
  for (guint i = 1; i < servers->len; i++)
    {
      MsServer *other = g_ptr_array_index (servers, i);

      if (is_alternative_form (first, other))
        {
          g_ptr_array_add (role->candidates, ms_server_ref (other));
          break;  /* one alternative at most */
        }
    }
}

void
ms_check_run_async (MsAccount            *account,
                    const char           *password,
                    const char           *username,
                    MsTlsTrust           *trust,
                    const MsCheckOptions *options,
                    GCancellable         *cancellable,
                    MsCheckProgressFunc   progress,
                    gpointer              progress_data,
                    GAsyncReadyCallback   callback,
                    gpointer              user_data)
{
  GTask *task;
  Run *run;

  g_return_if_fail (MS_IS_ACCOUNT (account));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ms_check_run_async);
  run = g_new0 (Run, 1);
  run->task = task;
  run->account = g_object_ref (account);
  run->password = g_strdup (password);
  run->username = g_strdup (username != NULL && *username != '\0' ? username : NULL);
  run->trust = trust != NULL ? ms_tls_trust_ref (trust) : NULL;
  if (options != NULL)
    {
      run->step_timeout_ms = options->step_timeout_ms;
      run->plaintext_hosts = g_strdupv ((char **) options->plaintext_hosts);
      run->confirmed = options->confirmed;
    }
  run->progress = progress;
  run->progress_data = progress_data;
  for (guint i = 0; i < G_N_ELEMENTS (run->roles); i++)
    {
      run->roles[i].task = task;
      run->roles[i].incoming = i == 0;
      run->roles[i].candidates = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_server_unref);
      run->roles[i].results = g_ptr_array_new ();
    }
  pick_candidates (&run->roles[0], ms_account_get_incoming (account));
  pick_candidates (&run->roles[1], ms_account_get_outgoing (account));
  g_task_set_task_data (task, run, run_free);

  /* start from the main loop, so no progress is reported from inside this call */
  run->idle = g_idle_source_new ();
  g_source_set_callback (run->idle, start_in_idle, task, NULL);
  g_source_attach (run->idle, g_task_get_context (task));
}

MsCheckResult *
ms_check_run_finish (GAsyncResult *result,
                     GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ms_check_run_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
