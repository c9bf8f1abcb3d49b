/* ms-cli-check.c: mail-setup-cli check ADDRESS --password-stdin …
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mail-setup-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "ms-check.h"
#include "ms-cli.h"
#include "ms-cli-common.h"
#include "ms-core.h"
#include "ms-discovery.h"
#include "ms-json.h"
#include "ms-text.h"
#include "ms-user-file.h"

int ms_cli_check (int argc, char **argv);

/* Each field a server, a certificate or a file wrote is shown as one bounded line. */
#define F(text) g_autofree char *text##_safe = ms_text_field (text)

static void
print_readable (MsCheckResult *result)
{
  GPtrArray *servers = ms_check_result_get_servers (result);

  if (servers->len == 0)
    ms_cli_print ("%s\n", _("No server was checked."));
  for (guint i = 0; i < servers->len; i++)
    {
      MsCheckServerResult *r = g_ptr_array_index (servers, i);
      MsServer *s = r->server;
      gboolean incoming = ms_protocol_is_incoming (ms_server_get_protocol (s));
      const char *host = ms_server_get_host (s);
      F (host);

      /* TRANSLATORS: "Incoming  IMAP imap.example.com port 993 (tls)" */
      ms_cli_print ("%-9s %s %s %s %u (%s)\n", incoming ? _("Incoming") : _("Outgoing"),
                    ms_cli_protocol_label (ms_server_get_protocol (s)), host_safe, _("port"),
                    ms_server_get_port (s), ms_security_to_string (ms_server_get_security (s)));
      if (r->tls_version != NULL)
        /* TRANSLATORS: %s is "TLS 1.3" */
        ms_cli_print ("          %s %s\n", _("encrypted with"), r->tls_version);
      if (r->certificate != NULL)
        {
          /* shown even when the certificate did not verify: anyone may have written it */
          g_autofree char *names = ms_certificate_info_dup_names (r->certificate);
          const char *issuer = r->certificate->issuer_common_name
                               ? r->certificate->issuer_common_name : r->certificate->issuer;
          g_autofree char *until = r->certificate->not_after
                                   ? g_date_time_format (r->certificate->not_after, "%F") : NULL;
          F (names);
          F (issuer);

          ms_cli_print ("          %s %s, %s %s, %s %s\n", _("certificate for"), names_safe,
                        _("issued by"), issuer_safe, _("valid until"), until ? until : "?");
          ms_cli_print ("          SHA-256 %s\n", r->certificate->sha256);
        }
      if (r->login == MS_CHECK_LOGIN_OK)
        {
          const char *username = r->username;
          const char *mechanism = r->mechanism ? r->mechanism : "?";
          F (username);
          F (mechanism);

          /* TRANSLATORS: first %s is a user name, second a sign-in method such as PLAIN */
          ms_cli_print ("          ✔ %s %s (%s), %u ms\n", _("signed in as"), username_safe,
                        mechanism_safe, r->elapsed_ms);
        }
      if (r->problem != NULL)
        {
          g_autofree char *message = ms_text_sanitize (r->problem->message, -1, 0, MS_TEXT_ONE_LINE);
          g_autofree char *fix = ms_text_sanitize (r->problem->fix, -1, 0, MS_TEXT_ONE_LINE);
          const char *url = r->problem->url;
          const char *detail = r->problem->detail;
          F (url);
          F (detail);

          ms_cli_print ("          ✘ %s\n", message);
          ms_cli_print ("            %s\n", fix);
          if (url_safe != NULL)
            ms_cli_print ("            %s\n", url_safe);
          if (r->problem->alternative != NULL)
            {
              g_autofree char *alternative = NULL;

              /* TRANSLATORS: %u is a port number, %s the security: "tls" or "starttls" as in
               * --incoming and --outgoing */
              alternative = g_strdup_printf (_("alternative: port %u with %s"),
                                             r->problem->alternative->port,
                                             ms_security_to_string (r->problem->alternative->security));
              ms_cli_print ("            → %s\n", alternative);
            }
          if (detail_safe != NULL)
            ms_cli_print ("            (%s: %s)\n", ms_problem_code_to_string (r->problem->code),
                          detail_safe);
          else
            ms_cli_print ("            (%s)\n", ms_problem_code_to_string (r->problem->code));
        }
      else if (r->login == MS_CHECK_LOGIN_SKIPPED)
        ms_cli_print ("          %s\n", _("no password was sent"));
    }
}

#undef F

static void
print_nothing_found (gboolean   json,
                     MsAddress *address)
{
  if (json)
    {
      g_autoptr(MsJsonBuilder) b = ms_json_builder_new ();

      ms_json_builder_begin_object (b);
      ms_json_builder_set_member (b, "servers");
      ms_json_builder_begin_array (b);
      ms_json_builder_end_array (b);
      ms_cli_json_add_problem (b, "no-settings", _("No settings were found for this address."),
                               _("Give the servers with --incoming and --outgoing."));
      ms_json_builder_end_object (b);
      ms_cli_print_json (b);
    }
  else
    /* TRANSLATORS: %s is an e-mail address */
    ms_cli_print (_("No settings were found for %s: give the servers with --incoming and --outgoing.\n"),
            ms_address_get_address (address));
}

int
ms_cli_check (int    argc,
              char **argv)
{
  g_autofree char *incoming = NULL;
  g_autofree char *outgoing = NULL;
  g_autofree char *username = NULL;
  g_autofree char *ca_file = NULL;
  g_auto(GStrv) pins = NULL;
  g_auto(GStrv) plaintext = NULL;
  gboolean password_stdin = FALSE;
  gboolean confirm = FALSE;
  gboolean json = FALSE;
  gboolean offline = FALSE;
  int timeout_ms = 0;
  int deadline_ms = 0;
  g_autoptr(GError) error = NULL;
  g_autoptr(MsAddress) address = NULL;
  g_autoptr(MsAccount) account = NULL;
  g_autoptr(MsServer) in = NULL;
  g_autoptr(MsServer) out = NULL;
  g_autoptr(MsTlsTrust) trust = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(MsCheckResult) result = NULL;
  MsCheckOptions options = { 0 };
  MsCliWait wait = { 0 };
  gint64 start_us = g_get_monotonic_time ();
  gint64 discovery_us = -1;
  char password[MS_CLI_MAX_PASSWORD];
  int status;
  GOptionEntry entries[] = {
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &password_stdin,
      N_("Read the password from standard input (first line)"), NULL },
    { "incoming", 0, 0, G_OPTION_ARG_STRING, &incoming,
      N_("The incoming server, e.g. imap://imap.example.com:993/tls"), N_("PROTO://HOST:PORT/SECURITY") },
    { "outgoing", 0, 0, G_OPTION_ARG_STRING, &outgoing,
      N_("The outgoing server, e.g. smtp://smtp.example.com:587/starttls"), N_("smtp://HOST:PORT/SECURITY") },
    { "username", 0, 0, G_OPTION_ARG_STRING, &username,
      N_("The user name on both servers (default: what the settings say, else the address)"), N_("USER") },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &ca_file,
      N_("Trust the certificate authorities in this PEM file instead of the system’s"), N_("PEM") },
    { "pin", 0, 0, G_OPTION_ARG_STRING_ARRAY, &pins,
      N_("Accept this one certificate (SHA-256 fingerprint) for this one server even though "
         "it does not verify; repeatable"), N_("HOST:PORT=SHA256") },
    { "allow-plaintext", 0, 0, G_OPTION_ARG_STRING_ARRAY, &plaintext,
      N_("Accept sending the password WITHOUT encryption to this server (security “none”); "
         "repeatable"), N_("HOST[:PORT]") },
    { "confirm", 0, 0, G_OPTION_ARG_NONE, &confirm,
      N_("Accept settings that your address’s domain does not vouch for"), NULL },
    { "offline", 0, 0, G_OPTION_ARG_NONE, &offline,
      N_("Look the servers up in the built-in provider table only"), NULL },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout_ms,
      N_("Time allowed to each step (connect, each exchange), in milliseconds (default 8000)"), N_("MS") },
    { "deadline", 0, 0, G_OPTION_ARG_INT, &deadline_ms,
      N_("Time allowed to each server’s whole check, in milliseconds (default four times "
         "the step time)"), N_("MS") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print one JSON object"), NULL },
    { NULL }
  };

  if (!ms_cli_refuse_password_option (argc, argv))
    return MS_EXIT_USAGE;
  if (!ms_cli_parse_options (&argc, &argv, entries,
        _("ADDRESS — check the servers of an address with one sign-in each"),
        _("Connects to the incoming and the outgoing server at the same time, verifies their "
          "certificates, reads what they offer and signs in once on each. Without server "
          "options the servers are discovered first. The password is only sent inside "
          "verified TLS, or without encryption to a server named with --allow-plaintext.\n\n"
          "Exit status: 0 every server signed in; 1 nothing found, or a check failed or "
          "needs --confirm; 2 bad usage or bad input.")))
    return MS_EXIT_USAGE;
  if (!password_stdin)
    return ms_cli_usage_error (argv[0], _("the password is needed: pipe it into --password-stdin"));
  if (timeout_ms < 0 || deadline_ms < 0)
    return ms_cli_usage_error (argv[0], _("a timeout cannot be negative"));
  address = ms_cli_parse_address (argv[0], argv[1]);
  if (address == NULL)
    return MS_EXIT_USAGE;
  if (!ms_cli_parse_server_options (argv[0], incoming, outgoing, &in, &out))
    return MS_EXIT_USAGE;

  trust = ms_tls_trust_new ();
  if (ca_file != NULL)
    {
      /* GLib wants an absolute path; and only a regular file of sensible size is read
       * (not /dev/zero, not a FIFO). */
      g_autofree char *absolute = g_canonicalize_filename (ca_file, NULL);
      g_autoptr(GTlsDatabase) database = NULL;

      if (ms_user_file_check (absolute, MS_USER_FILE_CA, &error))
        database = g_tls_file_database_new (absolute, &error);
      if (database == NULL)
        {
          ms_cli_eprint ("%s: --ca-file %s\n", argv[0], error->message);
          return MS_EXIT_USAGE;
        }
      ms_tls_trust_set_database (trust, database);
    }
  for (gsize i = 0; pins != NULL && pins[i] != NULL; i++)
    if (!ms_cli_add_pin (trust, pins[i], &error))
      {
        ms_cli_eprint ("%s: %s\n", argv[0], error->message);
        return MS_EXIT_USAGE;
      }

  if (!ms_cli_read_password (password, sizeof password, &error))
    {
      explicit_bzero (password, sizeof password);
      ms_cli_eprint ("%s: %s\n", argv[0], error->message);
      return MS_EXIT_USAGE;
    }

  loop = g_main_loop_new (NULL, FALSE);
  wait.loop = loop;

  /* The servers: given, else discovered (never with the password: discovery has none). */
  if (in == NULL || out == NULL)
    {
      MsDiscoveryOptions discovery_options = { 0 };
      g_autoptr(MsDiscoveryResult) found = NULL;
      MsAccount *discovered;

      discovery_options.offline = offline;
      ms_discovery_run_async (address, &discovery_options, NULL, NULL, NULL,
                              ms_cli_wait_done, &wait);
      g_main_loop_run (loop);
      found = ms_discovery_run_finish (wait.result, &error);
      g_clear_object (&wait.result);
      discovery_us = g_get_monotonic_time () - start_us;
      discovered = found != NULL ? ms_discovery_result_get_account (found) : NULL;
      if (discovered == NULL)
        {
          explicit_bzero (password, sizeof password);
          print_nothing_found (json, address);
          return MS_EXIT_FAILED;
        }
      account = ms_account_copy (discovered);
      ms_cli_account_use_servers (account, in, out);
    }
  else
    {
      account = ms_account_new (address);
      ms_account_add_server (account, in);
      ms_account_add_server (account, out);
    }

  options.step_timeout_ms = (guint) timeout_ms;
  options.deadline_ms = (guint) deadline_ms;
  options.plaintext_hosts = (const char * const *) plaintext;
  options.confirmed = confirm;
  ms_check_run_async (account, password, username, trust, &options, NULL, NULL, NULL,
                      ms_cli_wait_done, &wait);
  explicit_bzero (password, sizeof password);   /* the run keeps its own copy */
  g_main_loop_run (loop);
  result = ms_check_run_finish (wait.result, &error);
  g_clear_object (&wait.result);
  if (result == NULL)
    {
      ms_cli_eprint ("%s: %s\n", argv[0], error->message);
      return MS_EXIT_FAILED;
    }

  if (json)
    {
      g_autoptr(MsJsonBuilder) builder = ms_json_builder_new ();
      GPtrArray *servers = ms_check_result_get_servers (result);

      /* The contract's {servers: [...]} (docs/ARCHITECTURE.md), plus how long discovery and the whole run took */
      ms_json_builder_begin_object (builder);
      ms_json_builder_set_member (builder, "servers");
      ms_json_builder_begin_array (builder);
      for (guint i = 0; i < servers->len; i++)
        ms_check_server_result_to_json (g_ptr_array_index (servers, i), builder);
      ms_json_builder_end_array (builder);
      ms_json_builder_set_member (builder, "discovery_ms");
      if (discovery_us >= 0)
        ms_json_builder_add_int (builder, discovery_us / 1000);
      else
        ms_json_builder_add_null (builder);
      ms_json_builder_set_member (builder, "ms");
      ms_json_builder_add_int (builder, (g_get_monotonic_time () - start_us) / 1000);
      ms_json_builder_end_object (builder);
      ms_cli_print_json (builder);
    }
  else
    print_readable (result);

  status = ms_check_result_is_ok (result) ? MS_EXIT_OK : MS_EXIT_FAILED;
  return status;
}
