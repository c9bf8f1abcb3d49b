/* ms-repair-run.c: a repair from start to end without blocking
 *
 * The window and the CLI walk the same three steps: the plan (discovery's answer, the
 * comparison, the saved passwords), the change (with any password into the client's own
 * store), and the proof: the account read back from the client and checked once more.
 * Blocking parts (D-Bus, NSS, the keyring, files) run in a worker thread; discovery and
 * the check run on the caller's main context.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mail-setup-repair"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ms-discovery.h"
#include "ms-repair-run.h"

void
ms_repair_plan_free (MsRepairPlan *plan)
{
  if (plan == NULL)
    return;
  g_clear_pointer (&plan->found, ms_found_account_free);
  g_clear_object (&plan->right);
  g_clear_pointer (&plan->changes, g_ptr_array_unref);
  g_clear_pointer (&plan->fixed_in, ms_server_unref);
  g_clear_pointer (&plan->fixed_out, ms_server_unref);
  ms_repair_free_password (plan->saved_in);
  ms_repair_free_password (plan->saved_out);
  g_free (plan->password_problem);
  g_free (plan);
}

MsAccount *
ms_repair_plan_dup_account (MsRepairPlan *plan)
{
  MsAccount *account;

  if (plan->right != NULL)
    {
      account = ms_account_copy (plan->right);
      ms_account_clear_servers (account);
    }
  else
    {
      g_autoptr(MsAddress) address = ms_address_parse (plan->found->address, NULL);

      if (address == NULL)
        return NULL;
      account = ms_account_new (address);
    }
  ms_account_set_needs_confirmation (account, plan->needs_confirmation);
  if (plan->fixed_in != NULL)
    ms_account_add_server (account, ms_server_copy (plan->fixed_in));
  if (plan->fixed_out != NULL)
    ms_account_add_server (account, ms_server_copy (plan->fixed_out));
  return account;
}

/* --- the plan -------------------------------------------------------------------- */

/* The task's data: the plan being made, until finish hands it over. */
typedef struct {
  MsRepairPlan *plan;
} PlanData;

static void
plan_data_free (PlanData *d)
{
  ms_repair_plan_free (d->plan);
  g_free (d);
}

static void
read_passwords_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  MsRepairPlan *plan = ((PlanData *) task_data)->plan;
  g_autoptr(GError) error = NULL;

  plan->saved_in = ms_repair_lookup_password (plan->found, TRUE, &error);
  if (error == NULL)
    plan->saved_out = ms_repair_lookup_password (plan->found, FALSE, &error);
  if (error != NULL)
    plan->password_problem = g_strdup (error->message);
  g_task_return_boolean (task, TRUE);
}

static void
on_discovered (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MsRepairPlan *plan = ((PlanData *) g_task_get_task_data (task))->plan;
  g_autoptr(MsDiscoveryResult) discovered = NULL;
  g_autoptr(GError) error = NULL;
  MsAccount *right;

  discovered = ms_discovery_run_finish (result, &error);
  if (discovered == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  right = ms_discovery_result_get_account (discovered);
  plan->changes = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_repair_change_free);
  if (right != NULL)
    {
      plan->right = g_object_ref (right);
      ms_repair_diagnose (plan->found, right, plan->changes, &plan->fixed_in, &plan->fixed_out);
      plan->needs_confirmation = plan->changes->len > 0 &&
                                 ms_account_get_needs_confirmation (right);
    }
  else
    {
      plan->fixed_in = plan->found->incoming != NULL ? ms_server_copy (plan->found->incoming) : NULL;
      plan->fixed_out = plan->found->outgoing != NULL ? ms_server_copy (plan->found->outgoing) : NULL;
    }
  g_task_run_in_thread (task, read_passwords_thread);
}

void
ms_repair_plan_async (MsFoundAccount      *found,
                      gboolean             offline,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(MsAddress) address = NULL;
  PlanData *d = g_new0 (PlanData, 1);
  MsDiscoveryOptions options = { 0 };
  g_autoptr(GError) error = NULL;

  g_task_set_source_tag (task, ms_repair_plan_async);
  d->plan = g_new0 (MsRepairPlan, 1);
  d->plan->found = found;
  g_task_set_task_data (task, d, (GDestroyNotify) plan_data_free);
  address = found->address != NULL ? ms_address_parse (found->address, &error) : NULL;
  if (address == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("This account has no valid email address to look up."));
      return;
    }
  options.offline = offline;
  ms_discovery_run_async (address, &options, cancellable, NULL, NULL, on_discovered,
                          g_steal_pointer (&task));
}

MsRepairPlan *
ms_repair_plan_finish (GAsyncResult  *result,
                       GError       **error)
{
  GTask *task = G_TASK (result);

  if (!g_task_propagate_boolean (task, error))
    return NULL;
  return g_steal_pointer (&((PlanData *) g_task_get_task_data (task))->plan);
}

/* --- the change and the proof ---------------------------------------------------- */

void
ms_repair_outcome_free (MsRepairOutcome *outcome)
{
  if (outcome == NULL)
    return;
  g_clear_pointer (&outcome->backups, g_ptr_array_unref);
  g_clear_pointer (&outcome->reread, ms_found_account_free);
  g_clear_pointer (&outcome->check, ms_check_result_unref);
  g_free (outcome);
}

gboolean
ms_repair_outcome_is_ok (MsRepairOutcome *outcome)
{
  return outcome->check != NULL && ms_check_result_is_ok (outcome->check);
}

int
ms_repair_find_again (GPtrArray      *all,
                      MsFoundAccount *found)
{
  for (guint i = 0; i < all->len; i++)
    {
      MsFoundAccount *a = g_ptr_array_index (all, i);

      if (a->client == found->client && g_strcmp0 (a->location, found->location) == 0 &&
          g_strcmp0 (a->account_uid, found->account_uid) == 0 &&
          g_strcmp0 (a->account_key, found->account_key) == 0)
        return (int) i;
    }
  return -1;
}

typedef struct {
  MsRepairPlan *plan;           /* not owned: the caller keeps it until the callback */
  char *password[2];            /* what each server takes (wiped) */
  MsTlsTrust *trust;
  MsCheckOptions options;
  char **plaintext_hosts;
  MsRepairOutcome *outcome;
  GPtrArray *results;           /* the check again, server by server */
  guint next;                   /* 0 incoming, 1 outgoing, 2 done */
} RunData;

static void
run_data_free (RunData *d)
{
  for (guint i = 0; i < G_N_ELEMENTS (d->password); i++)
    ms_repair_free_password (d->password[i]);
  g_clear_pointer (&d->trust, ms_tls_trust_unref);
  g_strfreev (d->plaintext_hosts);
  ms_repair_outcome_free (d->outcome);
  g_clear_pointer (&d->results, g_ptr_array_unref);
  g_free (d);
}

static char *
dup_password (const char *password)
{
  return password != NULL ? g_strdup (password) : NULL;
}

static void
apply_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  RunData *d = task_data;
  MsRepairPlan *plan = d->plan;
  MsServer *have[2] = { plan->found->incoming, plan->found->outgoing };
  MsServer *fixed[2] = { plan->fixed_in, plan->fixed_out };
  const char *saved[2] = { plan->saved_in, plan->saved_out };
  g_autoptr(GPtrArray) all = NULL;
  GError *error = NULL;
  int again;

  d->outcome->backups = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_repair_backup_free);
  if (!ms_repair_apply_sync (plan->found, plan->fixed_in, plan->fixed_out,
                             d->outcome->backups, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  /* The password each server took, into the same store: a new one, or the saved one
   * under Thunderbird's new host names. */
  for (guint i = 0; i < 2; i++)
    {
      gboolean moved = plan->found->client->kind == MS_CLIENT_THUNDERBIRD && have[i] != NULL &&
                       fixed[i] != NULL && !ms_server_equal (have[i], fixed[i]);

      if (d->password[i] == NULL || (g_strcmp0 (d->password[i], saved[i]) == 0 && !moved))
        continue;
      if (!ms_repair_store_password (plan->found, i == 0 ? fixed[0] : NULL,
                                     i == 1 ? fixed[1] : NULL, d->password[i], &error))
        {
          g_task_return_error (task, error);
          return;
        }
      d->outcome->password_stored = TRUE;
    }

  /* The proof reads what the client now has, not what we meant to write. */
  all = ms_account_reader_find_all (cancellable);
  again = ms_repair_find_again (all, plan->found);
  if (again < 0)
    {
      g_task_return_new_error (task, MS_REPAIR_ERROR, MS_REPAIR_ERROR_NOT_FOUND,
                               _("The account could not be read back from the mail client "
                                 "after the change."));
      return;
    }
  d->outcome->reread = g_ptr_array_steal_index (all, (guint) again);
  g_task_return_boolean (task, TRUE);
}

static void check_next (GTask *task);

static void
on_checked (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RunData *d = g_task_get_task_data (task);
  g_autoptr(MsCheckResult) checked = NULL;
  GError *error = NULL;
  GPtrArray *servers;

  checked = ms_check_run_finish (result, &error);
  if (checked == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  servers = ms_check_result_get_servers (checked);
  for (guint i = 0; i < servers->len; i++)
    g_ptr_array_add (d->results, ms_check_server_result_copy (g_ptr_array_index (servers, i)));
  check_next (g_steal_pointer (&task));
}

/* One server at a time: each has its own password (Evolution keeps one per source). */
static void
check_next (GTask *task)
{
  RunData *d = g_task_get_task_data (task);
  MsFoundAccount *reread = d->outcome->reread;

  while (d->next < 2)
    {
      guint i = d->next++;
      MsServer *server = i == 0 ? reread->incoming : reread->outgoing;
      g_autoptr(MsAccount) account = NULL;

      if (server == NULL)
        continue;
      account = ms_repair_plan_dup_account (d->plan);
      ms_account_clear_servers (account);
      ms_account_add_server (account, ms_server_copy (server));
      ms_check_run_async (account, d->password[i], NULL, d->trust, &d->options,
                          g_task_get_cancellable (task), NULL, NULL, on_checked, task);
      return;
    }
  d->outcome->check = ms_check_result_new (g_steal_pointer (&d->results));
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static void
on_applied (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = G_TASK (result);
  GError *error = NULL;

  if (!g_task_propagate_boolean (task, &error))
    {
      GTask *outer = user_data;

      g_task_return_error (outer, error);
      g_object_unref (outer);
      return;
    }
  check_next (user_data);
}

void
ms_repair_run_async (MsRepairPlan          *plan,
                     const char            *password_in,
                     const char            *password_out,
                     MsTlsTrust            *trust,
                     const MsCheckOptions  *options,
                     GCancellable          *cancellable,
                     GAsyncReadyCallback    callback,
                     gpointer               user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(GTask) apply = NULL;
  RunData *d = g_new0 (RunData, 1);

  g_task_set_source_tag (task, ms_repair_run_async);
  d->plan = plan;
  d->password[0] = dup_password (password_in != NULL ? password_in : plan->saved_in);
  d->password[1] = dup_password (password_out != NULL ? password_out : plan->saved_out);
  d->trust = trust != NULL ? ms_tls_trust_ref (trust) : NULL;
  if (options != NULL)
    {
      d->options = *options;
      d->plaintext_hosts = g_strdupv ((char **) options->plaintext_hosts);
      d->options.plaintext_hosts = (const char * const *) d->plaintext_hosts;
    }
  d->outcome = g_new0 (MsRepairOutcome, 1);
  d->results = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_check_server_result_free);
  g_task_set_task_data (task, d, (GDestroyNotify) run_data_free);

  /* The change in a thread of its own task, so the check runs back on this context. */
  apply = g_task_new (NULL, cancellable, on_applied, task);
  g_task_set_task_data (apply, d, NULL);
  g_task_run_in_thread (apply, apply_thread);
}

MsRepairOutcome *
ms_repair_run_finish (GAsyncResult  *result,
                      GError       **error)
{
  GTask *task = G_TASK (result);
  RunData *d;
  MsRepairOutcome *outcome;

  if (!g_task_propagate_boolean (task, error))
    return NULL;
  d = g_task_get_task_data (task);
  outcome = g_steal_pointer (&d->outcome);
  return outcome;
}
