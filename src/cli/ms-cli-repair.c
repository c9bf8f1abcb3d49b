/* ms-cli-repair.c: mail-setup-cli repair ADDRESS --from evolution|thunderbird …
 *
 * Finds the account, compares it with discovery's answer, tests the settings it should
 * have with the saved password (asked once on standard input when refused or missing),
 * and without --dry-run changes only the fields that must change.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mail-setup-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ms-account-reader.h"
#include "ms-check.h"
#include "ms-cli.h"
#include "ms-cli-accounts.h"
#include "ms-cli-common.h"
#include "ms-core.h"
#include "ms-repair-run.h"

int ms_cli_repair (int argc, char **argv);

typedef struct {
  gboolean json;
  MsJsonBuilder *b;
} Report;

static MsFoundAccount *
pick_account (GPtrArray   *found,
              const char  *address,
              MsClientKind kind,
              const char  *profile)
{
  for (guint i = 0; i < found->len; i++)
    {
      MsFoundAccount *a = g_ptr_array_index (found, i);

      if (a->client->kind != kind || a->address == NULL ||
          g_ascii_strcasecmp (a->address, address) != 0)
        continue;
      if (profile != NULL && g_strcmp0 (a->profile_name, profile) != 0 &&
          g_strcmp0 (a->location, profile) != 0)
        continue;
      return g_ptr_array_steal_index (found, i);
    }
  return NULL;
}

/* One sign-in to @server with @password: the server's result (a copy). */
static MsCheckServerResult *
check_one (MsAddress  *address,
           MsServer   *server,
           const char *password,
           gboolean    confirmed)
{
  g_autoptr(MsAccount) account = ms_account_new (address);
  g_autoptr(MsCheckResult) result = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  MsCheckOptions options = { 0 };
  MsCliWait wait = { loop, NULL };
  GPtrArray *servers;

  ms_account_add_server (account, ms_server_copy (server));
  options.confirmed = confirmed;
  ms_check_run_async (account, password, NULL, NULL, &options, NULL, NULL, NULL,
                      ms_cli_wait_done, &wait);
  g_main_loop_run (loop);
  result = ms_check_run_finish (wait.result, NULL);
  g_clear_object (&wait.result);
  if (result == NULL)
    return NULL;
  servers = ms_check_result_get_servers (result);
  return servers->len > 0 ? ms_check_server_result_copy (g_ptr_array_index (servers, 0)) : NULL;
}

static gboolean
is_refused (const MsCheckServerResult *r)
{
  return r != NULL && r->problem != NULL && r->problem->code == MS_PROBLEM_AUTHENTICATION_FAILED;
}

static int
finish (Report     *report,
        const char *code,
        const char *message,
        int         status)
{
  if (message != NULL)
    ms_cli_eprint ("%s\n", message);
  if (report->json)
    {
      if (code != NULL)
        ms_cli_json_add_problem (report->b, code, message, NULL);
      ms_json_builder_set_member (report->b, "status");
      ms_json_builder_add_int (report->b, status);
      ms_json_builder_end_object (report->b);
      ms_cli_print_json (report->b);
    }
  return status;
}

int
ms_cli_repair (int    argc,
               char **argv)
{
  g_autofree char *from = NULL;
  g_autofree char *profile = NULL;
  gboolean password_stdin = FALSE, dry_run = FALSE, undo = FALSE, offline = FALSE, json = FALSE;
  gboolean confirm = FALSE;
  char typed[MS_CLI_MAX_PASSWORD] = { 0 };
  gboolean have_typed = FALSE;
  g_autoptr(MsAddress) address = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(MsFoundAccount) found = NULL;
  g_autoptr(MsRepairPlan) plan = NULL;
  g_autoptr(MsJsonBuilder) b = ms_json_builder_new ();
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(MsServer) fixed_in = NULL;
  g_autoptr(MsServer) fixed_out = NULL;
  g_autoptr(GError) error = NULL;
  MsClientKind kind;
  Report report = { FALSE, NULL };
  gboolean all_ok = TRUE, asked = FALSE, confirmed = TRUE;
  const char *used[2] = { NULL, NULL };
  const char *saved[2] = { NULL, NULL };
  MsServer *fixed[2];
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from,
      N_("The mail client the account is in: evolution or thunderbird"), N_("CLIENT") },
    { "profile", 0, 0, G_OPTION_ARG_FILENAME, &profile,
      N_("Thunderbird: the profile (name or folder)"), N_("PROFILE") },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &password_stdin,
      N_("When the saved password is missing or refused, use the first line of standard "
         "input"), NULL },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run,
      N_("Only say what is wrong; change nothing"), NULL },
    { "undo", 0, 0, G_OPTION_ARG_NONE, &undo,
      N_("Put back the account as it was before the last repair"), NULL },
    { "confirm", 0, 0, G_OPTION_ARG_NONE, &confirm,
      N_("Trust new settings the address’s domain does not vouch for (found through MX, "
         "SRV or a guess): without it no password is sent to them"), NULL },
    { "offline", 0, 0, G_OPTION_ARG_NONE, &offline,
      N_("Compare with the built-in provider table only"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON object"), NULL },
    { NULL }
  };

  if (!ms_cli_refuse_password_option (argc, argv))
    return MS_EXIT_USAGE;
  if (!ms_cli_parse_options (&argc, &argv, entries,
        _("ADDRESS — find out why an account stopped working, and fix it"),
        _("Compares the account’s settings in Evolution or Thunderbird with what is right "
          "today, signs in once to each server with the saved password, and changes only "
          "the settings that must change (Thunderbird’s prefs.js after a backup; Evolution "
          "through its account registry or its files). --dry-run changes nothing. "
          "Exit status: 0 repaired or nothing to repair, 1 could not repair, 2 bad usage.")))
    return MS_EXIT_USAGE;
  if (g_strcmp0 (from, "evolution") == 0)
    kind = MS_CLIENT_EVOLUTION;
  else if (g_strcmp0 (from, "thunderbird") == 0)
    kind = MS_CLIENT_THUNDERBIRD;
  else
    return ms_cli_usage_error (argv[0], _("--from evolution or --from thunderbird is needed"));
  if (undo && (dry_run || password_stdin))
    return ms_cli_usage_error (argv[0], _("--undo takes no --dry-run or --password-stdin"));
  address = ms_cli_parse_address (argv[0], argv[1]);
  if (address == NULL)
    return MS_EXIT_USAGE;
  if (password_stdin && !ms_cli_read_password (typed, sizeof typed, &error))
    {
      explicit_bzero (typed, sizeof typed);
      ms_cli_eprint ("%s: %s\n", argv[0], error->message);
      return MS_EXIT_USAGE;
    }
  have_typed = password_stdin;

  report.json = json;
  report.b = b;
  ms_json_builder_begin_object (b);
  ms_json_builder_set_member (b, "address");
  ms_json_builder_add_string (b, ms_address_get_address (address));
  ms_json_builder_set_member (b, "client");
  ms_json_builder_add_string (b, from);
  ms_json_builder_set_member (b, "dry_run");
  ms_json_builder_add_bool (b, dry_run);

  all = ms_account_reader_find_all (NULL);
  found = pick_account (all, ms_address_get_address (address), kind, profile);
  if (found == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("%s has no account %s."),
                                                  kind == MS_CLIENT_EVOLUTION ? "Evolution"
                                                                              : "Thunderbird",
                                                  ms_address_get_address (address));
      explicit_bzero (typed, sizeof typed);
      return finish (&report, "no-account", message, MS_EXIT_FAILED);
    }
  ms_json_builder_set_member (b, "account");
  ms_cli_found_account_to_json (found, b);

  if (undo)
    {
      g_autoptr(GPtrArray) restored = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_repair_backup_free);
      gboolean ok = ms_repair_undo_sync (found, restored, &error);

      ms_json_builder_set_member (b, "restored");
      ms_json_builder_begin_array (b);
      for (guint i = 0; i < restored->len; i++)
        {
          MsRepairBackup *r = g_ptr_array_index (restored, i);

          ms_json_builder_add_string (b, r->file);
          if (!json)
            ms_cli_print (_("Put back %s\n"), r->file);
        }
      ms_json_builder_end_array (b);
      return finish (&report, ok ? NULL : "undo-failed", ok ? NULL : error->message,
                     ok ? MS_EXIT_OK : MS_EXIT_FAILED);
    }

  /* What is right today, and the saved passwords. */
  {
    g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
    MsCliWait wait = { loop, NULL };

    ms_repair_plan_async (g_steal_pointer (&found), offline, NULL, ms_cli_wait_done, &wait);
    g_main_loop_run (loop);
    plan = ms_repair_plan_finish (wait.result, &error);
    g_clear_object (&wait.result);
    if (plan == NULL)
      {
        explicit_bzero (typed, sizeof typed);
        return finish (&report, "no-address", error->message, MS_EXIT_FAILED);
      }
    changes = g_ptr_array_ref (plan->changes);
    fixed_in = plan->fixed_in != NULL ? ms_server_ref (plan->fixed_in) : NULL;
    fixed_out = plan->fixed_out != NULL ? ms_server_ref (plan->fixed_out) : NULL;
    confirmed = !plan->needs_confirmation || confirm;
    saved[0] = plan->saved_in;
    saved[1] = plan->saved_out;
  }
  ms_json_builder_set_member (b, "changes");
  ms_json_builder_begin_array (b);
  for (guint i = 0; i < changes->len; i++)
    {
      MsRepairChange *c = g_ptr_array_index (changes, i);

      ms_json_builder_begin_object (b);
      ms_json_builder_set_member (b, "role");
      ms_json_builder_add_string (b, c->incoming ? "incoming" : "outgoing");
      ms_json_builder_set_member (b, "field");
      ms_json_builder_add_string (b, ms_repair_field_to_string (c->field));
      ms_json_builder_set_member (b, "old");
      ms_json_builder_add_string (b, c->old_value);
      ms_json_builder_set_member (b, "new");
      ms_json_builder_add_string (b, c->new_value);
      ms_json_builder_set_member (b, "message");
      ms_json_builder_add_string (b, c->message);
      ms_json_builder_end_object (b);
      if (!json)
        ms_cli_print ("• %s\n", c->message);
    }
  ms_json_builder_end_array (b);

  /* One sign-in per server with the settings it should have: the saved password, and
   * once more only when that one was refused (or missing) and the user typed one. */
  fixed[0] = fixed_in;
  fixed[1] = fixed_out;
  ms_json_builder_set_member (b, "check");
  ms_json_builder_begin_array (b);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(MsCheckServerResult) r = NULL;
      const char *password;

      if (fixed[i] == NULL)
        continue;
      password = saved[i] != NULL ? saved[i] : have_typed ? typed : NULL;
      if (password == typed)
        asked = TRUE;   /* none saved: the one typed once */
      if (password == NULL && ms_server_accepts_password (fixed[i]))
        {
          all_ok = FALSE;
          if (!json && plan->password_problem != NULL)
            ms_cli_print ("%s %s\n", plan->password_problem,
                          _("Give it once with --password-stdin."));
          else if (!json)
            ms_cli_print (_("No saved password for the %s server: give it with --password-stdin.\n"),
                          i == 0 ? _("incoming") : _("outgoing"));
          continue;
        }
      r = check_one (address, fixed[i], password, confirmed);
      if (is_refused (r) && password == saved[i] && have_typed && strcmp (typed, saved[i]) != 0)
        {
          if (!json)
            ms_cli_print ("%s\n", _("The saved password was refused; trying the one you gave."));
          g_clear_pointer (&r, ms_check_server_result_free);
          password = typed;
          asked = TRUE;
          r = check_one (address, fixed[i], password, confirmed);
        }
      used[i] = password;
      if (r != NULL)
        ms_check_server_result_to_json (r, b);
      if (r == NULL || !ms_check_server_result_is_ok (r))
        {
          all_ok = FALSE;
          if (!json && r != NULL && r->problem != NULL)
            ms_cli_print ("%s: %s\n", i == 0 ? _("Incoming") : _("Outgoing"),
                          r->problem->message);
        }
    }
  ms_json_builder_end_array (b);
  ms_json_builder_set_member (b, "password");
  ms_json_builder_add_string (b, asked ? "asked" : "saved");

  if (!all_ok)
    {
      explicit_bzero (typed, sizeof typed);
      if (plan->password_problem != NULL && !have_typed)
        return finish (&report, "password-locked", plan->password_problem, MS_EXIT_FAILED);
      return finish (&report, "check-failed",
                     _("The account could not be repaired: a server still does not work with "
                       "the settings it should have. Nothing was changed."), MS_EXIT_FAILED);
    }

  if (!dry_run)
    {
      g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
      g_autoptr(MsRepairOutcome) outcome = NULL;
      MsCliWait wait = { loop, NULL };
      MsCheckOptions options = { 0 };
      gboolean verified;

      /* The change, the password the servers took into the same store, and the account
       * read back from the client and checked once more with its new settings. */
      options.confirmed = confirmed;
      ms_repair_run_async (plan, used[0], used[1], NULL, &options, NULL, ms_cli_wait_done, &wait);
      g_main_loop_run (loop);
      outcome = ms_repair_run_finish (wait.result, &error);
      g_clear_object (&wait.result);
      explicit_bzero (typed, sizeof typed);
      if (outcome == NULL)
        return finish (&report, "repair-failed", error->message, MS_EXIT_FAILED);

      ms_json_builder_set_member (b, "backups");
      ms_json_builder_begin_array (b);
      for (guint i = 0; i < outcome->backups->len; i++)
        {
          MsRepairBackup *r = g_ptr_array_index (outcome->backups, i);

          ms_json_builder_begin_object (b);
          ms_json_builder_set_member (b, "file");
          ms_json_builder_add_string (b, r->file);
          ms_json_builder_set_member (b, "backup");
          ms_json_builder_add_string (b, r->backup);
          ms_json_builder_end_object (b);
        }
      ms_json_builder_end_array (b);
      ms_json_builder_set_member (b, "repaired");
      ms_json_builder_add_bool (b, changes->len > 0 || asked);

      /* The check again, of what the client has now. */
      verified = ms_repair_outcome_is_ok (outcome);
      ms_json_builder_set_member (b, "account_after");
      ms_cli_found_account_to_json (outcome->reread, b);
      ms_json_builder_set_member (b, "recheck");
      ms_json_builder_begin_array (b);
      for (guint i = 0; i < ms_check_result_get_servers (outcome->check)->len; i++)
        {
          const MsCheckServerResult *r = g_ptr_array_index (ms_check_result_get_servers (outcome->check), i);

          ms_check_server_result_to_json (r, b);
          if (!json)
            ms_cli_print ("%s %s:%u — %s\n",
                          ms_protocol_is_incoming (ms_server_get_protocol (r->server))
                            ? _("Checked again, incoming") : _("Checked again, outgoing"),
                          ms_server_get_host (r->server), ms_server_get_port (r->server),
                          ms_check_server_result_is_ok (r) ? _("works")
                            : r->problem != NULL ? r->problem->message : _("does not work"));
        }
      ms_json_builder_end_array (b);
      ms_json_builder_set_member (b, "verified");
      ms_json_builder_add_bool (b, verified);
      if (!verified)
        return finish (&report, "recheck-failed",
                       _("The settings were changed, but the check after the change failed. "
                         "Undo puts the account back: repair --undo."), MS_EXIT_FAILED);
      if (!json)
        ms_cli_print ("%s\n", changes->len > 0 || asked
                                ? _("Repaired, and checked again: both servers work now.")
                                : _("Nothing to repair: both servers work."));
      return finish (&report, NULL, NULL, MS_EXIT_OK);
    }

  explicit_bzero (typed, sizeof typed);
  if (!json)
    ms_cli_print ("%s\n", changes->len > 0 ? _("Dry run: nothing was changed.")
                                           : _("Nothing to repair: both servers work."));
  return finish (&report, NULL, NULL, MS_EXIT_OK);
}
