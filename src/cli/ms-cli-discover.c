/* ms-cli-discover.c: mail-setup-cli discover ADDRESS [--offline] [--json | --xml]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mail-setup-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "ms-cli.h"
#include "ms-cli-common.h"
#include "ms-core.h"
#include "ms-discovery.h"
#include "ms-http.h"
#include "ms-source-info.h"
#include "ms-text.h"

int ms_cli_discover (int argc, char **argv);

/* Where the settings were found, in a phrase (the source table's description). */
static const char *
source_in_words (MsSource source)
{
  const char *words = ms_source_get_description (source);

  return words != NULL ? words : _("nowhere");
}

static const char *
security_label (MsSecurity security)
{
  switch (security)
    {
    case MS_SECURITY_TLS:
      return _("encrypted (TLS)");
    case MS_SECURITY_STARTTLS:
      return _("encrypted (STARTTLS)");
    case MS_SECURITY_NONE:
      return _("NOT encrypted");
    default:
      return "?";
    }
}

static void
print_servers (const char *title,
               GPtrArray  *servers,
               MsAddress  *address)
{
  for (guint i = 0; i < servers->len; i++)
    {
      MsServer *server = g_ptr_array_index (servers, i);
      const char *username = ms_server_get_username (server);
      guint n_methods = 0;
      const MsAuth *methods = ms_server_get_auth_methods (server, &n_methods);
      g_autoptr(GString) auth = g_string_new (NULL);
      g_autofree char *user = ms_text_field (username != NULL ? username
                                                              : ms_address_get_address (address));

      for (guint m = 0; m < n_methods; m++)
        {
          const char *name = ms_auth_to_string (methods[m]);

          if (name == NULL)
            continue;
          if (auth->len > 0)
            g_string_append (auth, ", ");
          g_string_append (auth, name);
        }

      /* TRANSLATORS: one server line: "Incoming:  IMAP  imap.example.com  port 993
       * encrypted (TLS)". The title is "Incoming:" or "Outgoing:" or empty. */
      ms_cli_print ("%-10s %s  %s  %s %u  %s\n", i == 0 ? title : "",
              ms_cli_protocol_label (ms_server_get_protocol (server)),
              ms_server_get_host (server), _("port"), ms_server_get_port (server),
              security_label (ms_server_get_security (server)));
      ms_cli_print ("%-10s       %s %s", "", _("user name"), user);
      if (auth->len > 0)
        ms_cli_print (", %s %s", _("sign-in"), auth->str);
      ms_cli_print ("\n");
      if (ms_server_get_note (server) != NULL)
        ms_cli_print ("%-10s       %s\n", "", ms_server_get_note (server));
    }
}

static void
print_readable (MsDiscoveryResult *result)
{
  MsAddress *address = ms_discovery_result_get_address (result);
  MsAccount *account = ms_discovery_result_get_account (result);
  MsProblem *problem = ms_discovery_result_get_problem (result);
  GPtrArray *trace = ms_discovery_result_get_trace (result);

  if (account == NULL && problem != NULL)
    {
      /* TRANSLATORS: %s is an e-mail address */
      ms_cli_print (_("No settings found for %s.\n"), ms_address_get_address (address));
      ms_cli_print ("%s\n%s\n", problem->message, problem->fix);
    }
  else if (account == NULL)
    {
      /* TRANSLATORS: %s is an e-mail address */
      ms_cli_print (_("No settings found for %s.\n"), ms_address_get_address (address));
      ms_cli_print ("%s\n", _("Enter the servers by hand (your provider’s help pages name them), "
                        "or check the address for typing mistakes."));
    }
  else
    {
      /* both from the provider's file, if not from our own table */
      g_autofree char *name = ms_text_field (ms_account_get_provider_name (account));
      g_autofree char *provenance = ms_text_field (ms_account_get_provenance (account));

      if (name != NULL)
        /* TRANSLATORS: %s is an e-mail address, then a provider's name */
        ms_cli_print (_("Settings for %s (%s)\n"), ms_address_get_address (address), name);
      else
        /* TRANSLATORS: %s is an e-mail address */
        ms_cli_print (_("Settings for %s\n"), ms_address_get_address (address));
      /* TRANSLATORS: %s says where the settings came from, e.g. "Thunderbird’s database" */
      ms_cli_print (_("Found in %s"), source_in_words (ms_account_get_source (account)));
      if (provenance != NULL)
        ms_cli_print (" — %s", provenance);
      ms_cli_print ("\n\n");
      print_servers (_("Incoming:"), ms_account_get_incoming (account), address);
      print_servers (_("Outgoing:"), ms_account_get_outgoing (account), address);

      if (ms_account_get_oauth2_required (account))
        ms_cli_print ("\n%s\n", _("This provider signs you in through its web page (OAuth2): no "
                            "password is sent to the mail servers."));
      if (ms_account_get_needs_confirmation (account))
        {
          GPtrArray *incoming = ms_account_get_incoming (account);
          MsServer *first = incoming->len > 0 ? g_ptr_array_index (incoming, 0) : NULL;

          ms_cli_print ("\n");
          /* TRANSLATORS: first %s is the address's domain, second a server name */
          ms_cli_print (_("Please confirm: %s did not vouch for these settings itself. Use them only "
                    "if you trust %s with your password.\n"),
                  ms_address_get_domain (address),
                  first != NULL ? ms_server_get_host (first) : "?");
        }
    }

  ms_cli_print ("\n%s\n", _("What was asked:"));
  for (guint i = 0; i < trace->len; i++)
    {
      MsDiscoveryTraceEntry *entry = g_ptr_array_index (trace, i);
      const char *source = ms_source_to_string (entry->source);
      g_autofree char *target = ms_text_field (entry->target);
      g_autofree char *what = ms_text_field (entry->result);

      ms_cli_print ("  %6u ms  %-10s  %s\n", entry->ms, source != NULL ? source : "-", target);
      ms_cli_print ("             %-10s  → %s\n", "", what);
    }
}

int
ms_cli_discover (int    argc,
                 char **argv)
{
  gboolean offline = FALSE;
  gboolean json = FALSE;
  gboolean xml = FALSE;
  g_autofree char *ispdb_url = NULL;
  int timeout_ms = 0;
  int probe_timeout_ms = 0;
  int deadline_ms = 0;
  g_autoptr(MsAddress) address = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  MsDiscoveryOptions options = { 0 };
  g_autoptr(MsDiscoveryResult) result = NULL;
  g_autoptr(GError) error = NULL;
  MsCliWait wait = { 0 };
  GOptionEntry entries[] = {
    { "offline", 0, 0, G_OPTION_ARG_NONE, &offline,
      N_("Use the built-in provider table only (no network)"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print one JSON object (also when nothing is found)"), NULL },
    { "xml", 0, 0, G_OPTION_ARG_NONE, &xml,
      N_("Print the chosen settings as a clientConfig (autoconfig) document"), NULL },
    { "ispdb-url", 0, 0, G_OPTION_ARG_STRING, &ispdb_url,
      N_("Base URL of the ISP database (https:// only)"), N_("URL") },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout_ms,
      N_("Time allowed to each network source, in milliseconds (default: up to 2500, less "
         "for a dead host on a fast network)"), N_("MS") },
    { "probe-timeout", 0, 0, G_OPTION_ARG_INT, &probe_timeout_ms,
      N_("Time allowed to each server probe when guessing, in milliseconds (default: 700 "
         "to 2000, from the network’s round trip)"), N_("MS") },
    { "deadline", 0, 0, G_OPTION_ARG_INT, &deadline_ms,
      N_("Time allowed to the whole search, in milliseconds (default: four times the longest "
         "source timeout)"), N_("MS") },
    { NULL }
  };

  if (!ms_cli_parse_options (&argc, &argv, entries,
        _("ADDRESS — find the mail servers of an address"),
        _("Asks every source at once — the built-in table, the provider’s autoconfig over "
          "HTTPS, Thunderbird’s ISP database, DNS MX and SRV records, and guessed server "
          "names — and prints the best-ranked answer with where it came from. No password is "
          "asked for or sent.\n\n"
          "Exit status: 0 found; 1 nothing found; 2 bad usage or a bad address.")))
    return MS_EXIT_USAGE;
  if (json && xml)
    return ms_cli_usage_error (argv[0], _("choose one of --json and --xml"));
  if (timeout_ms < 0 || probe_timeout_ms < 0 || deadline_ms < 0)
    return ms_cli_usage_error (argv[0], _("a timeout cannot be negative"));
  if (ispdb_url != NULL && !ms_http_url_is_https (ispdb_url))
    return ms_cli_usage_error (argv[0], _("the ISP database URL must be an https:// URL"));

  address = ms_cli_parse_address (argv[0], argv[1]);
  if (address == NULL)
    return MS_EXIT_USAGE;

  options.offline = offline;
  options.ispdb_url = ispdb_url;
  options.source_timeout_ms = (guint) timeout_ms;
  options.probe_timeout_ms = (guint) probe_timeout_ms;
  options.deadline_ms = (guint) deadline_ms;

  loop = g_main_loop_new (NULL, FALSE);
  wait.loop = loop;
  ms_discovery_run_async (address, &options, NULL, NULL, NULL, ms_cli_wait_done, &wait);
  g_main_loop_run (loop);
  result = ms_discovery_run_finish (wait.result, &error);
  g_clear_object (&wait.result);

  if (result == NULL)
    {
      ms_cli_eprint ("%s: %s\n", argv[0], error->message);
      return MS_EXIT_FAILED;
    }

  if (json)
    {
      g_autoptr(MsJsonBuilder) builder = ms_json_builder_new ();

      ms_discovery_result_to_json (result, builder);
      ms_cli_print_json (builder);
    }
  else if (xml)
    {
      /* what a provider could publish as its autoconfig file; nothing when nothing was found */
      MsAccount *account = ms_discovery_result_get_account (result);
      g_autofree char *document = account != NULL ? ms_client_config_write (account, NULL) : NULL;

      if (document != NULL)
        ms_cli_print ("%s", document);
      else
        ms_cli_eprint ("%s: %s\n", argv[0], _("no settings found"));
    }
  else
    print_readable (result);

  return ms_discovery_result_get_account (result) != NULL ? MS_EXIT_OK : MS_EXIT_FAILED;
}
