/* ms-cli-export.c: mail-setup-cli export ADDRESS --to evolution|thunderbird …
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mail-setup-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "ms-account.h"
#include "ms-cli.h"
#include "ms-cli-common.h"
#include "ms-core.h"
#include "ms-evolution-trust.h"
#include "ms-export-evolution.h"
#include "ms-export-thunderbird.h"
#include "ms-json.h"
#include "ms-mail-client.h"
#include "ms-problem.h"
#include "ms-provider-db.h"
#include "ms-sandbox.h"
#include "ms-secret.h"
#include "ms-thunderbird-profiles.h"
#include "ms-user-file.h"

int ms_cli_export (int argc, char **argv);

static const char *
problem_code (const GError *error)
{
  if (error->domain == MS_SECRET_ERROR)
    {
      switch ((MsSecretError) error->code)
        {
        case MS_SECRET_ERROR_NO_SERVICE:
          return "no-keyring";
        case MS_SECRET_ERROR_NO_COLLECTION:
          return "no-keyring-collection";
        case MS_SECRET_ERROR_LOCKED:
          return "keyring-locked";
        case MS_SECRET_ERROR_FAILED:
        default:
          return "keyring-failed";
        }
    }
  if (error->domain == MS_THUNDERBIRD_ERROR)
    {
      switch ((MsThunderbirdError) error->code)
        {
        case MS_THUNDERBIRD_ERROR_NO_PROFILES:
          return "no-profile";
        case MS_THUNDERBIRD_ERROR_PROFILES_INVALID:
          return "profiles-invalid";
        case MS_THUNDERBIRD_ERROR_NO_SUCH_PROFILE:
          return "no-such-profile";
        case MS_THUNDERBIRD_ERROR_PROFILE_IN_USE:
          return "profile-in-use";
        case MS_THUNDERBIRD_ERROR_PROFILE_EXISTS:
          return "profile-exists";
        case MS_THUNDERBIRD_ERROR_PREFS_INVALID:
          return "prefs-invalid";
        case MS_THUNDERBIRD_ERROR_PROFILE_NAME_INVALID:
          return "profile-name-invalid";
        case MS_THUNDERBIRD_ERROR_ACCOUNT_INVALID:
        default:
          return "account-invalid";
        }
    }
  if (error->domain == MS_USER_FILE_ERROR)
    {
      switch ((MsUserFileError) error->code)
        {
        case MS_USER_FILE_ERROR_NOT_REGULAR:
          return "file-not-regular";
        case MS_USER_FILE_ERROR_TOO_LARGE:
          return "file-too-large";
        case MS_USER_FILE_ERROR_DAMAGED:
        default:
          return "file-damaged";
        }
    }
  if (error->domain == G_FILE_ERROR)
    return "read-failed";
  if (error->domain == MS_EVOLUTION_ERROR)
    {
      switch ((MsEvolutionError) error->code)
        {
        case MS_EVOLUTION_ERROR_REGISTRY:
          return "registry-refused";
        case MS_EVOLUTION_ERROR_ACCOUNT_EXISTS:
          return "account-exists";
        case MS_EVOLUTION_ERROR_ACCOUNT_INVALID:
        default:
          return "account-invalid";
        }
    }
  if (error->domain == MS_SANDBOX_ERROR)
    return ms_problem_code_to_string ((MsProblemCode) error->code);
  if (error->domain == G_IO_ERROR)
    return "write-failed";
  return "failed";
}

typedef struct {
  const char *prog;
  gboolean json;
  MsAddress *address;
  const MsMailClient *client;  /* for Thunderbird: any installation; the profile decides */
  MsJsonBuilder *builder;
} Output;

static void
begin_output (Output *out)
{
  if (!out->json)
    return;
  out->builder = ms_json_builder_new ();
  ms_json_builder_begin_object (out->builder);
  ms_json_builder_set_member (out->builder, "address");
  ms_json_builder_add_string (out->builder, ms_address_get_address (out->address));
  ms_json_builder_set_member (out->builder, "client");
  ms_json_builder_add_string (out->builder, ms_client_kind_to_string (out->client->kind));
}

static void
json_string (Output     *out,
             const char *member,
             const char *value)
{
  ms_json_builder_add_string_member (out->builder, member, value);
}

static void
json_strings (Output     *out,
              const char *member,
              GPtrArray  *values)
{
  ms_json_builder_set_member (out->builder, member);
  ms_json_builder_begin_array (out->builder);
  for (guint i = 0; values != NULL && i < values->len; i++)
    ms_json_builder_add_string (out->builder, g_ptr_array_index (values, i));
  ms_json_builder_end_array (out->builder);
}

/* Prints the problem (and the JSON object, which ends here) and returns the status. */
static int
finish_failed (Output       *out,
               const char   *code,
               const char   *message)
{
  if (out->json)
    {
      ms_json_builder_set_member (out->builder, "ok");
      ms_json_builder_add_bool (out->builder, FALSE);
      ms_cli_json_add_problem (out->builder, code, message, NULL);
      ms_json_builder_end_object (out->builder);
      ms_cli_print_json (out->builder);
    }
  ms_cli_eprint ("%s: %s\n", out->prog, message);
  return MS_EXIT_FAILED;
}

static int
finish_ok (Output *out)
{
  if (out->json)
    {
      ms_json_builder_set_member (out->builder, "ok");
      ms_json_builder_add_bool (out->builder, TRUE);
      ms_json_builder_set_member (out->builder, "problem");
      ms_json_builder_add_null (out->builder);
      ms_json_builder_end_object (out->builder);
      ms_cli_print_json (out->builder);
    }
  return MS_EXIT_OK;
}

/* What became of the certificates trusted in the check, in words. */
static void
print_evolution_trust (MsEvolutionResult *result)
{
  for (guint i = 0; i < result->trusted_certificates->len; i++)
    /* TRANSLATORS: %s is HOST:PORT */
    ms_cli_print (_("Evolution trusts the certificate you accepted for %s, and only that one.\n"),
                  (const char *) g_ptr_array_index (result->trusted_certificates, i));
  if (result->trust_needs_restart)
    ms_cli_print ("%s\n", _("Evolution is running: it takes the certificate on when it starts "
                            "again. Quit Evolution and start it again."));
  if (result->trust_problem != NULL)
    /* TRANSLATORS: %s says why */
    ms_cli_print (_("The certificate you accepted could not be recorded for Evolution (%s): "
                    "it will ask about it.\n"), result->trust_problem);
}

static int
export_evolution (Output            *out,
                  MsAccount         *account,
                  const char        *full_name,
                  const char        *password,
                  MsEvolutionTarget  target,
                  MsTlsTrust        *trust)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(MsEvolutionResult) result = NULL;
  g_autoptr(GError) error = NULL;
  MsCliWait run = { loop, NULL };

  if (out->json)
    json_string (out, "target", ms_evolution_target_to_string (target));

  ms_export_evolution_with_trust_async (account, full_name, password, target, trust, NULL,
                                        ms_cli_wait_done, &run);
  g_main_loop_run (loop);
  result = ms_export_evolution_with_trust_finish (run.result, &error);
  g_object_unref (run.result);
  if (result == NULL)
    return finish_failed (out, problem_code (error), error->message);

  if (out->json)
    {
      json_string (out, "method", result->via_registry ? "registry" : "files");
      json_string (out, "sources_dir", result->sources_dir);
      json_string (out, "account_uid", result->account_uid);
      json_string (out, "identity_uid", result->identity_uid);
      json_string (out, "transport_uid", result->transport_uid);
      json_strings (out, "files", result->files);
      json_strings (out, "keyring", result->secrets);
      ms_json_builder_set_member (out->builder, "updated");
      ms_json_builder_add_bool (out->builder, result->updated);
      json_strings (out, "trusted_certificates", result->trusted_certificates);
      json_string (out, "trust_problem", result->trust_problem);
      ms_json_builder_set_member (out->builder, "trust_needs_restart");
      ms_json_builder_add_bool (out->builder, result->trust_needs_restart);
    }
  else
    {
      /* TRANSLATORS: %s is an e-mail address */
      ms_cli_print (result->updated ? _("Updated %s in Evolution (it was there already).\n")
                              : _("Added %s to Evolution.\n"),
              ms_address_get_address (out->address));
      if (result->via_registry)
        ms_cli_print ("%s\n", _("Done through Evolution’s running account registry."));
      else
        for (guint i = 0; i < result->files->len; i++)
          /* TRANSLATORS: %s is a file name */
          ms_cli_print (_("Wrote %s\n"), (const char *) g_ptr_array_index (result->files, i));
      if (result->secrets->len > 0)
        ms_cli_print ("%s\n", _("The password is in your login keyring."));
      else
        ms_cli_print ("%s\n", _("No password was stored: Evolution signs you in through your "
                          "provider’s web page, or asks for the password."));
      print_evolution_trust (result);
    }
  return finish_ok (out);
}

static char *
find_profile_dir (const char  *wanted,
                  GError     **error)
{
  char *dir = ms_mail_client_find_thunderbird_profile (wanted, error);

  if (dir != NULL || (error != NULL && *error != NULL))
    return dir;
  if (wanted != NULL)
    g_set_error (error, MS_THUNDERBIRD_ERROR, MS_THUNDERBIRD_ERROR_NO_SUCH_PROFILE,
                 /* TRANSLATORS: %s is what the user gave to --profile */
                 _("No Thunderbird profile folder or profile named “%s” was found."), wanted);
  else
    g_set_error (error, MS_THUNDERBIRD_ERROR, MS_THUNDERBIRD_ERROR_NO_PROFILES,
                 _("No Thunderbird profile was found. Start Thunderbird once, or use "
                   "--new-profile NAME."));
  return NULL;
}

/* What became of the password and the trusted certificates, in words. */
static void
print_thunderbird_stores (MsThunderbirdResult *result)
{
  switch (result->password)
    {
    case MS_THUNDERBIRD_PASSWORD_SAVED:
      ms_cli_print ("%s\n", _("Thunderbird: account added, password saved in Thunderbird. It "
                              "signs in by itself."));
      break;
    case MS_THUNDERBIRD_PASSWORD_PRIMARY_PASSWORD:
      ms_cli_print ("%s\n", _("Your Thunderbird passwords are locked with a primary password, "
                              "so the password was not saved: Thunderbird will ask for it once."));
      break;
    case MS_THUNDERBIRD_PASSWORD_FAILED:
      /* TRANSLATORS: %s says why */
      ms_cli_print (_("The password could not be saved in Thunderbird (%s): Thunderbird will "
                      "ask for it once.\n"), result->password_problem);
      break;
    case MS_THUNDERBIRD_PASSWORD_NOT_SAVED:
    default:
      ms_cli_print ("%s\n", _("Thunderbird asks for the password (or opens your provider’s "
                              "sign-in page) the first time it connects."));
      break;
    }
  if (result->logins_backup_path != NULL)
    /* TRANSLATORS: %s is a file name */
    ms_cli_print (_("The previous saved passwords are kept in %s\n"), result->logins_backup_path);
  for (guint i = 0; i < result->trusted_certificates->len; i++)
    /* TRANSLATORS: %s is HOST:PORT */
    ms_cli_print (_("Thunderbird trusts the certificate you accepted for %s, and only that one.\n"),
                  (const char *) g_ptr_array_index (result->trusted_certificates, i));
  if (result->trust_problem != NULL)
    /* TRANSLATORS: %s says why */
    ms_cli_print (_("The certificate you accepted could not be recorded for Thunderbird (%s): "
                    "it will ask about it.\n"), result->trust_problem);
}

static void
json_thunderbird_stores (Output              *out,
                         MsThunderbirdResult *result)
{
  json_string (out, "password", ms_thunderbird_password_to_string (result->password));
  json_string (out, "password_problem", result->password_problem);
  json_string (out, "logins_backup", result->logins_backup_path);
  json_strings (out, "trusted_certificates", result->trusted_certificates);
  json_string (out, "trust_problem", result->trust_problem);
}

static int
export_thunderbird (Output     *out,
                    MsAccount  *account,
                    const char *full_name,
                    const char *password,
                    MsTlsTrust *trust,
                    const char *profile,
                    const char *new_profile)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(MsThunderbirdResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  MsCliWait run = { loop, NULL };

  if (new_profile != NULL)
    {
      g_autofree char *root = ms_mail_client_get_thunderbird_root_for_new ();
      g_autoptr(MsThunderbirdProfile) created = NULL;

      created = ms_thunderbird_profile_create (root, new_profile, &error);

      if (created == NULL)
        return finish_failed (out, problem_code (error), error->message);
      dir = g_strdup (ms_thunderbird_profile_get_path (created));
      if (out->json)
        json_string (out, "new_profile", ms_thunderbird_profile_get_name (created));
    }
  else
    {
      dir = find_profile_dir (profile, &error);
      if (dir == NULL)
        return finish_failed (out, problem_code (error), error->message);
    }
  if (out->json)
    json_string (out, "profile", dir);

  ms_export_thunderbird_async (account, full_name, password, trust, dir, NULL,
                               ms_cli_wait_done, &run);
  g_main_loop_run (loop);
  result = ms_export_thunderbird_finish (run.result, &error);
  g_object_unref (run.result);
  if (result == NULL)
    return finish_failed (out, problem_code (error), error->message);

  if (out->json)
    {
      json_string (out, "prefs", result->prefs_path);
      json_string (out, "backup", result->backup_path);
      json_string (out, "account_key", result->keys->account_key);
      json_string (out, "server_key", result->keys->server_key);
      json_string (out, "identity_key", result->keys->identity_key);
      json_string (out, "smtp_key", result->keys->smtp_key);
      ms_json_builder_set_member (out->builder, "updated");
      ms_json_builder_add_bool (out->builder, result->keys->updated);
      ms_json_builder_set_member (out->builder, "added_local_folders");
      ms_json_builder_add_bool (out->builder, result->keys->added_local_folders);
      json_thunderbird_stores (out, result);
    }
  else
    {
      ms_cli_print (result->keys->updated ? _("Updated %s in the Thunderbird profile %s.\n")
                                    : _("Added %s to the Thunderbird profile %s.\n"),
              ms_address_get_address (out->address), dir);
      if (result->backup_path != NULL)
        /* TRANSLATORS: %s is a file name */
        ms_cli_print (_("The previous settings are saved in %s\n"), result->backup_path);
      print_thunderbird_stores (result);
    }
  return finish_ok (out);
}

static gboolean
server_needs_password (MsAccount *account,
                       MsServer  *server)
{
  if (server == NULL)
    return FALSE;
  if (ms_account_get_oauth2_required (account))
    return FALSE;
  /* OAuth2 signs in through the browser; a relay without sign-in takes no password. */
  return ms_server_get_preferred_auth (server) != MS_AUTH_OAUTH2 &&
         ms_server_get_preferred_auth (server) != MS_AUTH_NO_SIGN_IN;
}

int
ms_cli_export (int    argc,
               char **argv)
{
  g_autofree char *to = NULL;
  g_autofree char *profile = NULL;
  g_autofree char *new_profile = NULL;
  g_autofree char *full_name = NULL;
  g_autofree char *incoming = NULL;
  g_autofree char *outgoing = NULL;
  g_autofree char *username = NULL;
  g_autofree char *outgoing_auth = NULL;
  MsAuth out_auth = MS_AUTH_NONE;
  gboolean password_stdin = FALSE;
  g_auto(GStrv) pins = NULL;
  g_autoptr(MsTlsTrust) trust = ms_tls_trust_new ();
  gboolean json = FALSE;
  gboolean confirm = FALSE;
  g_autoptr(GError) error = NULL;
  g_autoptr(MsAddress) address = NULL;
  g_autoptr(MsAccount) account = NULL;
  g_autoptr(MsServer) in = NULL;
  g_autoptr(MsServer) out_server = NULL;
  char password[MS_CLI_MAX_PASSWORD];
  gboolean have_password = FALSE;
  Output out = { 0 };
  const MsMailClient *client;
  int status;
  GOptionEntry entries[] = {
    { "to", 0, 0, G_OPTION_ARG_STRING, &to,
      N_("The mail client: evolution, evolution-flatpak or thunderbird"), N_("CLIENT") },
    { "profile", 0, 0, G_OPTION_ARG_FILENAME, &profile,
      N_("Thunderbird: the profile folder or name (default: the default profile)"), N_("DIR") },
    { "new-profile", 0, 0, G_OPTION_ARG_STRING, &new_profile,
      N_("Thunderbird: create a new profile with this name"), N_("NAME") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &full_name,
      N_("Your name, as recipients see it"), N_("FULL NAME") },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &password_stdin,
      N_("Read the password from standard input (first line)"), NULL },
    { "incoming", 0, 0, G_OPTION_ARG_STRING, &incoming,
      N_("The incoming server, e.g. imap://imap.example.com:993/tls"),
      N_("PROTO://HOST:PORT/SECURITY") },
    { "outgoing", 0, 0, G_OPTION_ARG_STRING, &outgoing,
      N_("The outgoing server, e.g. smtp://smtp.example.com:587/starttls"),
      N_("smtp://HOST:PORT/SECURITY") },
    { "outgoing-auth", 0, 0, G_OPTION_ARG_STRING, &outgoing_auth,
      N_("How the outgoing server is signed in to: password (the default) or none (a relay "
         "that takes mail without sign-in, usually only on your provider’s own network)"),
      N_("password|none") },
    { "username", 0, 0, G_OPTION_ARG_STRING, &username,
      N_("The user name on both servers (default: the address)"), N_("USER") },
    { "pin", 0, 0, G_OPTION_ARG_STRING_ARRAY, &pins,
      N_("The certificate you trusted in the check, for exactly this server (repeatable)"),
      N_("HOST:PORT=SHA256") },
    { "confirm", 0, 0, G_OPTION_ARG_NONE, &confirm,
      N_("Accept settings that your address’s domain does not vouch for"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print one JSON object"), NULL },
    { NULL }
  };

  if (!ms_cli_refuse_password_option (argc, argv))
    return MS_EXIT_USAGE;
  if (!ms_cli_parse_options (&argc, &argv, entries,
        _("ADDRESS — set up an account in a mail client"),
        _("Writes the account into Evolution (three linked sources; the password goes to your "
          "login keyring) or into a Thunderbird profile (prefs.js, after a backup; with "
          "--password-stdin the password goes into Thunderbird’s own password store). --pin "
          "records a certificate you trusted where either client looks for it. Without server "
          "options the built-in provider table is used.\n\n"
          "Exit status: 0 written; 1 nothing known for the address, or the export failed; "
          "2 bad usage or bad input.")))
    return MS_EXIT_USAGE;
  if (to == NULL)
    return ms_cli_usage_error (argv[0], _("say where to: --to evolution or --to thunderbird"));
  client = ms_mail_client_for_cli_name (to);
  if (client == NULL)
    {
      /* TRANSLATORS: %s is what the user gave to --to */
      ms_cli_eprint (_("%s: unknown client “%s”: use evolution or thunderbird\n"),
               argv[0], to);
      return MS_EXIT_USAGE;
    }
  if ((profile != NULL || new_profile != NULL) && client->kind != MS_CLIENT_THUNDERBIRD)
    return ms_cli_usage_error (argv[0], _("--profile and --new-profile are for Thunderbird"));
  if (profile != NULL && new_profile != NULL)
    return ms_cli_usage_error (argv[0], _("use either --profile or --new-profile"));
  for (gsize i = 0; pins != NULL && pins[i] != NULL; i++)
    if (!ms_cli_add_pin (trust, pins[i], &error))
      return ms_cli_usage_error (argv[0], error->message);

  if (outgoing_auth != NULL &&
      (!ms_auth_from_string (outgoing_auth, &out_auth) ||
       (out_auth != MS_AUTH_PASSWORD && out_auth != MS_AUTH_NO_SIGN_IN)))
    return ms_cli_usage_error (argv[0], _("--outgoing-auth is either password or none"));

  address = ms_cli_parse_address (argv[0], argv[1]);
  if (address == NULL)
    return MS_EXIT_USAGE;
  if (!ms_cli_parse_server_options (argv[0], incoming, outgoing, &in, &out_server))
    return MS_EXIT_USAGE;

  out.prog = argv[0];
  out.json = json;
  out.address = address;
  out.client = client;

  /* The servers: given by hand, else from the built-in table. */
  if (in == NULL || out_server == NULL)
    {
      g_autoptr(MsAccount) builtin = ms_provider_db_lookup (ms_provider_db_get_default (), address);

      if (builtin == NULL)
        {
          begin_output (&out);
          status = finish_failed (&out, "no-settings",
                                  _("No built-in settings are known for this address: give "
                                    "--incoming and --outgoing."));
          g_clear_pointer (&out.builder, ms_json_builder_free);
          return status;
        }
      account = ms_account_copy (builtin);
      ms_cli_account_use_servers (account, in, out_server);
    }
  else
    {
      account = ms_account_new (address);
      ms_account_add_server (account, in);
      ms_account_add_server (account, out_server);
    }

  if (out_auth != MS_AUTH_NONE)
    {
      GPtrArray *outgoing_servers = ms_account_get_outgoing (account);

      for (guint i = 0; i < outgoing_servers->len; i++)
        {
          ms_server_clear_auth (g_ptr_array_index (outgoing_servers, i));
          ms_server_add_auth (g_ptr_array_index (outgoing_servers, i), out_auth);
        }
    }

  if (username != NULL)
    {
      GPtrArray *lists[] = { ms_account_get_incoming (account), ms_account_get_outgoing (account) };

      for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
        for (guint i = 0; i < lists[l]->len; i++)
          ms_server_set_username (g_ptr_array_index (lists[l], i), username);
    }

  begin_output (&out);

  if (ms_account_get_needs_confirmation (account) && !confirm)
    {
      GPtrArray *incoming_servers = ms_account_get_incoming (account);
      MsServer *first = incoming_servers->len > 0 ? g_ptr_array_index (incoming_servers, 0) : NULL;
      g_autofree char *message = g_strdup_printf (
        /* TRANSLATORS: first %s is the address's domain, second a server name */
        _("%s did not vouch for these settings itself: the password would go to %s. Check the "
          "server and give --confirm to use it."),
        ms_address_get_domain (address), first != NULL ? ms_server_get_host (first) : "?");

      status = finish_failed (&out, "needs-confirmation", message);
      g_clear_pointer (&out.builder, ms_json_builder_free);
      return status;
    }

  {
    MsServer *first_in = ms_account_find_server (account, MS_PROTOCOL_IMAP);
    MsServer *first_out = ms_account_find_server (account, MS_PROTOCOL_SMTP);
    gboolean needed;

    if (first_in == NULL)
      first_in = ms_account_find_server (account, MS_PROTOCOL_POP3);
    needed = client->kind != MS_CLIENT_THUNDERBIRD &&
             (server_needs_password (account, first_in) ||
              server_needs_password (account, first_out));

    if (password_stdin)
      {
        if (!ms_cli_read_password (password, sizeof password, &error))
          {
            explicit_bzero (password, sizeof password);
            g_clear_pointer (&out.builder, ms_json_builder_free);
            ms_cli_eprint ("%s: %s\n", argv[0], error->message);
            return MS_EXIT_USAGE;
          }
        have_password = TRUE;
      }
    else if (needed)
      {
        g_clear_pointer (&out.builder, ms_json_builder_free);
        ms_cli_eprint ("%s: %s\n", argv[0],
                 _("the password is needed for the keyring: pipe it into --password-stdin"));
        return MS_EXIT_USAGE;
      }
  }

  if (client->kind == MS_CLIENT_EVOLUTION)
    status = export_evolution (&out, account, full_name, have_password ? password : NULL,
                               client->evolution, trust);
  else
    /* Thunderbird keeps passwords in its own store: the password goes there. */
    status = export_thunderbird (&out, account, full_name, have_password ? password : NULL,
                                 trust, profile, new_profile);

  explicit_bzero (password, sizeof password);
  g_clear_pointer (&out.builder, ms_json_builder_free);
  return status;
}
