/* ms-check.c: check an account's servers — connect, TLS, capabilities, one sign-in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The incoming and the outgoing server are checked at the same time, each by one
 * session (ms-session.c). A role gets a second session only when the first sign-in was
 * refused and the account lists the same server again with another user name. What a
 * check finds, and its JSON, is the check-result unit's (ms-check-result.c).
 */
#define G_LOG_DOMAIN "ms-check"

#include "config.h"

#include <string.h>

#include "ms-check.h"
#include "ms-check-result.h"
#include "ms-connectivity.h"
#include "ms-deadline.h"
#include "ms-dns-cache.h"
#include "ms-sasl.h"
#include "ms-session.h"

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
  guint deadline_ms;           /* each server's whole check */
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
  g_autoptr(GPtrArray) servers = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_check_server_result_free);
  MsCheckResult *result;

  for (guint i = 0; i < G_N_ELEMENTS (run->roles); i++)
    {
      Role *role = &run->roles[i];

      while (role->results != NULL && role->results->len > 0)
        g_ptr_array_add (servers, g_ptr_array_steal_index (role->results, 0));
    }
  result = ms_check_result_new (servers);
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

/* One server's check, with its own deadline: however a server dribbles its bytes (each
 * within the step timeout), the whole check of a server ends in deadline_ms. */
typedef struct {
  Role *role;
  MsDeadline deadline;         /* its cancellable is the session's */
  guint deadline_ms;
} Attempt;

static void
attempt_free (Attempt *a)
{
  ms_deadline_stop (&a->deadline);
  g_free (a);
}

/* What a problem about @result's server may mention. */
static MsProblemContext
result_context (const MsCheckServerResult *result,
                const char                *provider_name,
                const char                *detail)
{
  MsProblemContext ctx = { 0 };

  ctx.protocol = ms_server_get_protocol (result->server);
  ctx.host = ms_server_get_host (result->server);
  ctx.port = ms_server_get_port (result->server);
  ctx.provider_name = provider_name;
  ctx.detail = detail;
  return ctx;
}

/* A session stopped by the deadline reports it as such, not as "cancelled". */
static void
explain_deadline (Attempt             *a,
                  MsCheckServerResult *result,
                  const char          *provider_name)
{
  MsProblemContext ctx;
  g_autofree char *detail = NULL;

  if (!ms_deadline_timed_out (&a->deadline)
      || (result->problem != NULL && result->problem->code != MS_PROBLEM_CANCELLED)
      || (result->problem == NULL && result->login == MS_CHECK_LOGIN_OK))
    return;
  detail = g_strdup_printf ("no result within %.1f s", a->deadline_ms / 1000.0);
  ctx = result_context (result, provider_name, detail);
  g_clear_pointer (&result->problem, ms_problem_free);
  result->problem = ms_problem_new (MS_PROBLEM_TOO_SLOW, &ctx);
  if (result->login == MS_CHECK_LOGIN_OK)
    result->login = MS_CHECK_LOGIN_FAILED;
}

static void attempt_settle (Role                *role,
                            MsCheckServerResult *result);

/* A server result waiting for the connectivity probe. */
typedef struct {
  Role                *role;
  MsCheckServerResult *result;
} Offline;

static void
on_offline_probed (GObject      *source,
                   GAsyncResult *async_result,
                   gpointer      user_data)
{
  Offline *o = user_data;
  MsCheckServerResult *result = o->result;
  Role *role = o->role;

  g_free (o);
  if (ms_connectivity_probe_finish (async_result, NULL))
    {
      Run *run = g_task_get_task_data (role->task);
      MsProblemContext ctx = result_context (result, ms_account_get_provider_name (run->account),
                                             result->problem->detail);
      MsProblem *offline;

      offline = ms_problem_new (MS_PROBLEM_OFFLINE, &ctx);
      ms_problem_free (result->problem);
      result->problem = offline;
    }
  attempt_settle (role, result);
}

static void
on_attempt_done (GObject      *source,
                 GAsyncResult *async_result,
                 gpointer      user_data)
{
  Attempt *a = user_data;
  Role *role = a->role;
  Run *run = g_task_get_task_data (role->task);
  g_autoptr(MsSessionOutcome) outcome = ms_session_run_finish (async_result);
  MsCheckServerResult *result = g_steal_pointer (&outcome->result);

  explain_deadline (a, result, ms_account_get_provider_name (run->account));
  attempt_free (a);

  /* "no such host" with no network in sight: ask DNS itself whether it can be asked */
  if (result->problem != NULL && result->problem->code == MS_PROBLEM_NO_SUCH_HOST
      && !ms_connectivity_network_available ())
    {
      Offline *o = g_new0 (Offline, 1);

      o->role = role;
      o->result = result;
      ms_connectivity_probe_async (ms_server_get_host (result->server),
                                   g_task_get_cancellable (role->task), on_offline_probed, o);
      return;
    }
  attempt_settle (role, result);
}

static void
attempt_settle (Role                *role,
                MsCheckServerResult *result)
{
  Run *run = g_task_get_task_data (role->task);

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
  Attempt *a = g_new0 (Attempt, 1);

  a->role = role;
  a->deadline_ms = run->deadline_ms;
  ms_deadline_start (&a->deadline, run->deadline_ms, g_task_get_cancellable (run->task),
                     g_task_get_context (run->task));

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

  ms_session_run_async (&params, a->deadline.cancellable, run->progress, run->progress_data,
                        on_attempt_done, a);
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
      run->deadline_ms = options->deadline_ms;
      run->plaintext_hosts = g_strdupv ((char **) options->plaintext_hosts);
      run->confirmed = options->confirmed;
    }
  if (run->deadline_ms == 0)
    run->deadline_ms = MS_CHECK_DEADLINE_STEPS * (run->step_timeout_ms != 0
                                                  ? run->step_timeout_ms
                                                  : MS_CHECK_DEFAULT_STEP_TIMEOUT_MS);
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
  /* names discovery looked up moments ago are not asked again */
  ms_dns_cache_install ();
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
