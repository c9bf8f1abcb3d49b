/* ms-cli-export.c: mail-setup-cli export ADDRESS --to evolution|thunderbird …
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mail-setup-cli"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ms-account.h"
#include "ms-cli.h"
#include "ms-core.h"
#include "ms-export-evolution.h"
#include "ms-export-thunderbird.h"
#include "ms-json.h"
#include "ms-provider-db.h"
#include "ms-secret.h"
#include "ms-thunderbird-profiles.h"

int ms_cli_export (int argc, char **argv);

#define MAX_PASSWORD 4096

typedef enum {
  CLIENT_EVOLUTION,
  CLIENT_EVOLUTION_FLATPAK,
  CLIENT_THUNDERBIRD,
} Client;

typedef struct {
  GMainLoop *loop;
  GAsyncResult *result;
} Run;

static void
run_done (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Run *run = user_data;

  run->result = g_object_ref (result);
  g_main_loop_quit (run->loop);
}

/* Reads the password: everything up to the first newline (a trailing "\r\n" or "\n" is
 * dropped). The buffer is wiped by the caller with explicit_bzero(). */
static gboolean
read_password (char    *buffer,
               gsize    size,
               GError **error)
{
  gsize len = 0;

  while (len < size - 1)
    {
      gssize n = read (STDIN_FILENO, buffer + len, size - 1 - len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       _("the password could not be read from standard input: %s"),
                       g_strerror (saved_errno));
          return FALSE;
        }
      if (n == 0)
        break;
      len += (gsize) n;
      if (memchr (buffer, '\n', len) != NULL)
        break;
    }
  buffer[len] = '\0';
  {
    char *nl = strchr (buffer, '\n');

    if (nl != NULL)
      {
        *nl = '\0';
        len = (gsize) (nl - buffer);
      }
    else if (len == size - 1)
      {
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                             _("the password on standard input is too long"));
        return FALSE;
      }
  }
  if (len > 0 && buffer[len - 1] == '\r')
    buffer[--len] = '\0';
  if (len == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("the password on standard input is empty"));
      return FALSE;
    }
  if (!g_utf8_validate (buffer, (gssize) len, NULL))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("the password on standard input is not UTF-8 text"));
      return FALSE;
    }
  return TRUE;
}

/* PROTO://HOST[:PORT][/SECURITY]; HOST may be a bracketed IPv6 literal. */
static MsServer *
parse_server_uri (const char *uri,
                  gboolean    outgoing,
                  GError    **error)
{
  g_autofree char *copy = g_strdup (uri);
  g_autofree char *host = NULL;
  char *rest;
  char *sep;
  char *port_str = NULL;
  char *security_str = NULL;
  MsProtocol protocol;
  MsSecurity security = MS_SECURITY_TLS;
  guint64 port = 0;

  sep = strstr (copy, "://");
  if (sep == NULL)
    goto bad;
  *sep = '\0';
  if (!ms_protocol_from_string (copy, &protocol) ||
      ms_protocol_is_incoming (protocol) == outgoing)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   outgoing ? _("“%s”: the outgoing server must be smtp://")
                            : _("“%s”: the incoming server must be imap:// or pop3://"), uri);
      return NULL;
    }
  rest = sep + 3;

  sep = strchr (rest, '/');
  if (sep != NULL)
    {
      *sep = '\0';
      security_str = sep + 1;
    }
  if (rest[0] == '[')
    {
      char *close = strchr (rest, ']');
      if (close == NULL)
        goto bad;
      *close = '\0';
      host = g_strdup (rest + 1);
      if (close[1] == ':')
        port_str = close + 2;
      else if (close[1] != '\0')
        goto bad;
    }
  else
    {
      sep = strrchr (rest, ':');
      if (sep != NULL)
        {
          *sep = '\0';
          port_str = sep + 1;
        }
      host = g_strdup (rest);
    }
  if (host == NULL || *host == '\0')
    goto bad;

  if (security_str != NULL && *security_str != '\0' &&
      !ms_security_from_string (security_str, &security))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("“%s”: the security must be tls, starttls or none"), uri);
      return NULL;
    }
  if (port_str != NULL &&
      (!g_ascii_string_to_unsigned (port_str, 10, 1, 65535, &port, NULL)))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("“%s”: the port must be a number from 1 to 65535"), uri);
      return NULL;
    }
  if (port == 0)
    port = ms_protocol_default_port (protocol, security);

  {
    g_autofree char *normal = ms_hostname_normalize (host, MS_HOSTNAME_ALLOW_SINGLE_LABEL |
                                                     MS_HOSTNAME_ALLOW_IP, error);
    MsServer *server;

    if (normal == NULL)
      {
        g_prefix_error (error, "“%s”: ", uri);
        return NULL;
      }
    server = ms_server_new (protocol, normal, (guint16) port, security, NULL);
    ms_server_add_auth (server, MS_AUTH_PASSWORD);
    return server;
  }

bad:
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _("“%s” is not a server: use PROTOCOL://HOST:PORT/SECURITY, for example "
                 "imap://imap.example.com:993/tls"), uri);
  return NULL;
}

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
        case MS_THUNDERBIRD_ERROR_ACCOUNT_INVALID:
        default:
          return "account-invalid";
        }
    }
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
  if (error->domain == G_IO_ERROR)
    return "write-failed";
  return "failed";
}

typedef struct {
  const char *prog;
  gboolean json;
  MsAddress *address;
  Client client;
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
  ms_json_builder_add_string (out->builder,
                              out->client == CLIENT_THUNDERBIRD ? "thunderbird" : "evolution");
}

static void
json_string (Output     *out,
             const char *member,
             const char *value)
{
  ms_json_builder_set_member (out->builder, member);
  ms_json_builder_add_string (out->builder, value);
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
      ms_json_builder_set_member (out->builder, "problem");
      ms_json_builder_begin_object (out->builder);
      json_string (out, "code", code);
      json_string (out, "message", message);
      ms_json_builder_end_object (out->builder);
      ms_json_builder_end_object (out->builder);
      printf ("%s\n", ms_json_builder_get_text (out->builder));
    }
  fprintf (stderr, "%s: %s\n", out->prog, message);
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
      printf ("%s\n", ms_json_builder_get_text (out->builder));
    }
  return MS_EXIT_OK;
}

static int
export_evolution (Output            *out,
                  MsAccount         *account,
                  const char        *full_name,
                  const char        *password,
                  MsEvolutionTarget  target)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(MsEvolutionResult) result = NULL;
  g_autoptr(GError) error = NULL;
  Run run = { loop, NULL };

  if (out->json)
    json_string (out, "target", ms_evolution_target_to_string (target));

  ms_export_evolution_async (account, full_name, password, target, NULL, run_done, &run);
  g_main_loop_run (loop);
  result = ms_export_evolution_finish (run.result, &error);
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
    }
  else
    {
      /* TRANSLATORS: %s is an e-mail address */
      printf (result->updated ? _("Updated %s in Evolution (it was there already).\n")
                              : _("Added %s to Evolution.\n"),
              ms_address_get_address (out->address));
      if (result->via_registry)
        printf ("%s\n", _("Done through Evolution’s running account registry."));
      else
        for (guint i = 0; i < result->files->len; i++)
          /* TRANSLATORS: %s is a file name */
          printf (_("Wrote %s\n"), (const char *) g_ptr_array_index (result->files, i));
      if (result->secrets->len > 0)
        printf ("%s\n", _("The password is in your login keyring."));
      else
        printf ("%s\n", _("No password was stored: Evolution signs you in through your "
                          "provider’s web page, or asks for the password."));
    }
  return finish_ok (out);
}

static char *
find_profile_dir (const char  *wanted,
                  GError     **error)
{
  GError *first_error = NULL;

  /* A folder, or the name of a profile of one of the installations. */
  if (wanted != NULL && g_file_test (wanted, G_FILE_TEST_IS_DIR))
    return g_canonicalize_filename (wanted, NULL);

  for (int i = MS_THUNDERBIRD_INSTALL_NATIVE; i <= MS_THUNDERBIRD_INSTALL_SNAP; i++)
    {
      g_autofree char *root = ms_thunderbird_get_root_dir ((MsThunderbirdInstall) i);
      g_autoptr(GPtrArray) profiles = NULL;
      GError *local_error = NULL;

      profiles = ms_thunderbird_profiles_load (root, &local_error);
      if (profiles == NULL)
        {
          /* A damaged list matters; a missing one just means "not installed". */
          if (first_error == NULL && !g_error_matches (local_error, MS_THUNDERBIRD_ERROR,
                                                       MS_THUNDERBIRD_ERROR_NO_PROFILES))
            first_error = local_error;
          else
            g_error_free (local_error);
          continue;
        }
      for (guint j = 0; j < profiles->len; j++)
        {
          MsThunderbirdProfile *p = g_ptr_array_index (profiles, j);

          if (wanted == NULL ? ms_thunderbird_profile_get_is_default (p)
                             : g_strcmp0 (ms_thunderbird_profile_get_name (p), wanted) == 0)
            {
              g_clear_error (&first_error);
              return g_strdup (ms_thunderbird_profile_get_path (p));
            }
        }
    }

  if (first_error != NULL)
    {
      g_propagate_error (error, first_error);
      return NULL;
    }
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

static char *
thunderbird_root_for_new_profile (void)
{
  for (int i = MS_THUNDERBIRD_INSTALL_NATIVE; i <= MS_THUNDERBIRD_INSTALL_SNAP; i++)
    {
      g_autofree char *root = ms_thunderbird_get_root_dir ((MsThunderbirdInstall) i);
      g_autofree char *ini = g_build_filename (root, "profiles.ini", NULL);

      if (g_file_test (ini, G_FILE_TEST_EXISTS))
        return g_steal_pointer (&root);
    }
  return ms_thunderbird_get_root_dir (MS_THUNDERBIRD_INSTALL_NATIVE);
}

static int
export_thunderbird (Output     *out,
                    MsAccount  *account,
                    const char *full_name,
                    const char *profile,
                    const char *new_profile)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(MsThunderbirdResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  Run run = { loop, NULL };

  if (new_profile != NULL)
    {
      g_autofree char *root = thunderbird_root_for_new_profile ();
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

  ms_export_thunderbird_async (account, full_name, dir, NULL, run_done, &run);
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
    }
  else
    {
      printf (result->keys->updated ? _("Updated %s in the Thunderbird profile %s.\n")
                                    : _("Added %s to the Thunderbird profile %s.\n"),
              ms_address_get_address (out->address), dir);
      if (result->backup_path != NULL)
        /* TRANSLATORS: %s is a file name */
        printf (_("The previous settings are saved in %s\n"), result->backup_path);
      printf ("%s\n", _("Thunderbird asks for the password (or opens your provider’s sign-in "
                        "page) the first time it connects."));
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
  return ms_server_get_preferred_auth (server) != MS_AUTH_OAUTH2;
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
  gboolean password_stdin = FALSE;
  gboolean json = FALSE;
  gboolean confirm = FALSE;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MsAddress) address = NULL;
  g_autoptr(MsAccount) account = NULL;
  g_autoptr(MsServer) in = NULL;
  g_autoptr(MsServer) out_server = NULL;
  char password[MAX_PASSWORD];
  gboolean have_password = FALSE;
  Output out = { 0 };
  Client client;
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
    { "username", 0, 0, G_OPTION_ARG_STRING, &username,
      N_("The user name on both servers (default: the address)"), N_("USER") },
    { "confirm", 0, 0, G_OPTION_ARG_NONE, &confirm,
      N_("Accept settings that your address’s domain does not vouch for"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print one JSON object"), NULL },
    { NULL }
  };

  /* A password never goes on the command line, where other users can read it. */
  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--") == 0)
        break;
      if (strcmp (argv[i], "--password") == 0 || g_str_has_prefix (argv[i], "--password="))
        {
          fprintf (stderr, "%s: %s\n", argv[0],
                   _("a password is never taken on the command line; pipe it into "
                     "--password-stdin instead"));
          return MS_EXIT_USAGE;
        }
    }

  context = g_option_context_new (_("ADDRESS — set up an account in a mail client"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("Writes the account into Evolution (three linked sources; the password goes to your "
      "login keyring) or into a Thunderbird profile (prefs.js, after a backup; Thunderbird "
      "asks for the password itself). Without server options the built-in provider table "
      "is used.\n\n"
      "Exit status: 0 written; 1 nothing known for the address, or the export failed; "
      "2 bad usage or bad input."));

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "%s: %s\n", argv[0], error->message);
      return MS_EXIT_USAGE;
    }
  if (argc != 2)
    {
      fprintf (stderr, "%s: %s\n", argv[0],
               argc < 2 ? _("an address is needed") : _("only one address, please"));
      fprintf (stderr, _("Run “%s --help” for the options.\n"), argv[0]);
      return MS_EXIT_USAGE;
    }
  if (to == NULL)
    {
      fprintf (stderr, "%s: %s\n", argv[0], _("say where to: --to evolution or --to thunderbird"));
      return MS_EXIT_USAGE;
    }
  if (g_strcmp0 (to, "evolution") == 0)
    client = CLIENT_EVOLUTION;
  else if (g_strcmp0 (to, "evolution-flatpak") == 0)
    client = CLIENT_EVOLUTION_FLATPAK;
  else if (g_strcmp0 (to, "thunderbird") == 0)
    client = CLIENT_THUNDERBIRD;
  else
    {
      /* TRANSLATORS: %s is what the user gave to --to */
      fprintf (stderr, _("%s: unknown client “%s”: use evolution or thunderbird\n"),
               argv[0], to);
      return MS_EXIT_USAGE;
    }
  if ((profile != NULL || new_profile != NULL) && client != CLIENT_THUNDERBIRD)
    {
      fprintf (stderr, "%s: %s\n", argv[0], _("--profile and --new-profile are for Thunderbird"));
      return MS_EXIT_USAGE;
    }
  if (profile != NULL && new_profile != NULL)
    {
      fprintf (stderr, "%s: %s\n", argv[0], _("use either --profile or --new-profile"));
      return MS_EXIT_USAGE;
    }

  address = ms_address_parse (argv[1], &error);
  if (address == NULL)
    {
      fprintf (stderr, "%s: %s\n", argv[0], error->message);
      return MS_EXIT_USAGE;
    }
  if (incoming != NULL && (in = parse_server_uri (incoming, FALSE, &error)) == NULL)
    {
      fprintf (stderr, "%s: --incoming %s\n", argv[0], error->message);
      return MS_EXIT_USAGE;
    }
  if (outgoing != NULL && (out_server = parse_server_uri (outgoing, TRUE, &error)) == NULL)
    {
      fprintf (stderr, "%s: --outgoing %s\n", argv[0], error->message);
      return MS_EXIT_USAGE;
    }

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
      if (in != NULL || out_server != NULL)
        {
          g_autoptr(GPtrArray) keep = NULL;
          GPtrArray *lists[] = { ms_account_get_incoming (account),
                                 ms_account_get_outgoing (account) };

          keep = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_server_unref);

          for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
            for (guint i = 0; i < lists[l]->len; i++)
              g_ptr_array_add (keep, ms_server_ref (g_ptr_array_index (lists[l], i)));
          ms_account_clear_servers (account);
          if (in != NULL)
            ms_account_add_server (account, in);
          if (out_server != NULL)
            ms_account_add_server (account, out_server);
          for (guint i = 0; i < keep->len; i++)
            {
              MsServer *s = g_ptr_array_index (keep, i);
              if ((in == NULL && ms_protocol_is_incoming (ms_server_get_protocol (s))) ||
                  (out_server == NULL && !ms_protocol_is_incoming (ms_server_get_protocol (s))))
                ms_account_add_server (account, s);
            }
        }
    }
  else
    {
      account = ms_account_new (address);
      ms_account_add_server (account, in);
      ms_account_add_server (account, out_server);
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
    needed = client != CLIENT_THUNDERBIRD &&
             (server_needs_password (account, first_in) ||
              server_needs_password (account, first_out));

    if (password_stdin)
      {
        if (!read_password (password, sizeof password, &error))
          {
            explicit_bzero (password, sizeof password);
            g_clear_pointer (&out.builder, ms_json_builder_free);
            fprintf (stderr, "%s: %s\n", argv[0], error->message);
            return MS_EXIT_USAGE;
          }
        have_password = TRUE;
      }
    else if (needed)
      {
        g_clear_pointer (&out.builder, ms_json_builder_free);
        fprintf (stderr, "%s: %s\n", argv[0],
                 _("the password is needed for the keyring: pipe it into --password-stdin"));
        return MS_EXIT_USAGE;
      }
  }

  switch (client)
    {
    case CLIENT_EVOLUTION:
      status = export_evolution (&out, account, full_name, have_password ? password : NULL,
                                 ms_evolution_detect_target ());
      break;
    case CLIENT_EVOLUTION_FLATPAK:
      status = export_evolution (&out, account, full_name, have_password ? password : NULL,
                                 MS_EVOLUTION_TARGET_FLATPAK);
      break;
    case CLIENT_THUNDERBIRD:
    default:
      /* Thunderbird keeps passwords in its own store, asked for on first use. */
      status = export_thunderbird (&out, account, full_name, profile, new_profile);
      break;
    }

  explicit_bzero (password, sizeof password);
  g_clear_pointer (&out.builder, ms_json_builder_free);
  return status;
}
