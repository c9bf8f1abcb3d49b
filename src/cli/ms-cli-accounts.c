/* ms-cli-accounts.c: mail-setup-cli accounts [--json]: the mail accounts the user has
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mail-setup-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "ms-account-reader.h"
#include "ms-cli.h"
#include "ms-cli-accounts.h"
#include "ms-cli-common.h"
#include "ms-core.h"
#include "ms-json.h"

int ms_cli_accounts (int argc, char **argv);

static void
add_string_or_null (MsJsonBuilder *b,
                    const char    *member,
                    const char    *value)
{
  ms_json_builder_set_member (b, member);
  if (value != NULL)
    ms_json_builder_add_string (b, value);
  else
    ms_json_builder_add_null (b);
}

static void
add_server (MsJsonBuilder *b,
            const char    *member,
            MsServer      *server)
{
  ms_json_builder_set_member (b, member);
  if (server != NULL)
    ms_server_to_json (server, b);
  else
    ms_json_builder_add_null (b);
}

void
ms_cli_found_account_to_json (MsFoundAccount *a,
                              MsJsonBuilder  *b)
{
  const MsMailClient *c = a->client;
  gboolean evolution = c->kind == MS_CLIENT_EVOLUTION;

  ms_json_builder_begin_object (b);
  add_string_or_null (b, "address", a->address);
  add_string_or_null (b, "name", a->display_name);
  ms_json_builder_set_member (b, "client");
  ms_json_builder_add_string (b, ms_client_kind_to_string (c->kind));
  ms_json_builder_set_member (b, "install");
  ms_json_builder_add_string (b, evolution ? ms_evolution_target_to_string (c->evolution)
                                           : ms_thunderbird_install_to_string (c->thunderbird));
  add_server (b, "incoming", a->incoming);
  add_server (b, "outgoing", a->outgoing);
  if (evolution)
    {
      ms_json_builder_set_member (b, "method");
      ms_json_builder_add_string (b, a->via_registry ? "registry" : "files");
      add_string_or_null (b, "sources_dir", a->location);
      add_string_or_null (b, "account_uid", a->account_uid);
      add_string_or_null (b, "identity_uid", a->identity_uid);
      add_string_or_null (b, "transport_uid", a->transport_uid);
    }
  else
    {
      add_string_or_null (b, "profile", a->location);
      add_string_or_null (b, "profile_name", a->profile_name);
      add_string_or_null (b, "account_key", a->account_key);
      add_string_or_null (b, "server_key", a->server_key);
      add_string_or_null (b, "identity_key", a->identity_key);
      add_string_or_null (b, "smtp_key", a->smtp_key);
    }
  ms_json_builder_end_object (b);
}

static void
print_server (const char *label,
              MsServer   *server)
{
  g_autofree char *uri = server != NULL ? ms_server_to_uri (server) : NULL;

  ms_cli_print ("    %-10s %s%s%s\n", label, uri != NULL ? uri : _("(none)"),
                server != NULL && ms_server_get_username (server) != NULL ? "  " : "",
                server != NULL && ms_server_get_username (server) != NULL
                  ? ms_server_get_username (server) : "");
}

int
ms_cli_accounts (int    argc,
                 char **argv)
{
  gboolean json = FALSE;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new (_("— list the mail accounts in Evolution and Thunderbird"));
  g_autoptr(GError) error = NULL;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON object"), NULL },
    { NULL }
  };

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return ms_cli_usage_error (argv[0], error->message);
  if (argc != 1)
    return ms_cli_usage_error (argv[0], _("no arguments, please"));

  found = ms_account_reader_find_all (NULL);
  if (json)
    {
      g_autoptr(MsJsonBuilder) b = ms_json_builder_new ();

      ms_json_builder_begin_object (b);
      ms_json_builder_set_member (b, "accounts");
      ms_json_builder_begin_array (b);
      for (guint i = 0; i < found->len; i++)
        ms_cli_found_account_to_json (g_ptr_array_index (found, i), b);
      ms_json_builder_end_array (b);
      ms_json_builder_end_object (b);
      ms_cli_print_json (b);
      return MS_EXIT_OK;
    }

  if (found->len == 0)
    ms_cli_print ("%s\n", _("No mail accounts were found in Evolution or Thunderbird."));
  for (guint i = 0; i < found->len; i++)
    {
      MsFoundAccount *a = g_ptr_array_index (found, i);

      ms_cli_print ("%s — %s%s%s\n", a->address != NULL ? a->address : _("(no address)"),
                    ms_mail_client_get_name (a->client),
                    a->profile_name != NULL ? ", " : "",
                    a->profile_name != NULL ? a->profile_name : "");
      print_server (_("incoming"), a->incoming);
      print_server (_("outgoing"), a->outgoing);
    }
  return MS_EXIT_OK;
}
