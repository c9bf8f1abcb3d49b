/* mail-setup-cli.c: the command-line twin of the wizard
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mail-setup-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "ms-cli.h"
#include "ms-cli-common.h"
#include "ms-core.h"

int ms_cli_discover (int argc, char **argv);   /* ms-cli-discover.c */
int ms_cli_export (int argc, char **argv);     /* ms-cli-export.c */
int ms_cli_check (int argc, char **argv);      /* ms-cli-check.c */
int ms_cli_accounts (int argc, char **argv);   /* ms-cli-accounts.c */
int ms_cli_repair (int argc, char **argv);     /* ms-cli-repair.c */

/* Subcommands are added here as the engine grows (see docs/ARCHITECTURE.md, the command-line contract). */
static const MsCliCommand commands[] = {
  { "discover", N_("Find the mail servers of an address"), ms_cli_discover },
  { "check", N_("Check the servers of an address with one sign-in each"), ms_cli_check },
  { "export", N_("Set up an account in Evolution or Thunderbird"), ms_cli_export },
  { "accounts", N_("List the mail accounts in Evolution and Thunderbird"), ms_cli_accounts },
  { "repair", N_("Find out why an account stopped working, and fix it"), ms_cli_repair },
  { NULL, NULL, NULL }
};

static void
print_usage (FILE *out)
{
  fprintf (out, "%s\n", _("Usage: mail-setup-cli [--help] [--version] COMMAND [ARGUMENTS…]"));
  fprintf (out, "\n%s\n", _("Find, check and set up an email account from the command line."));
  fprintf (out, "\n%s\n", _("Commands:"));
  for (const MsCliCommand *c = commands; c->name != NULL; c++)
    fprintf (out, "  %-10s %s\n", c->name, _(c->summary));
  if (commands[0].name == NULL)
    fprintf (out, "  %s\n", _("(none yet)"));
  fprintf (out, "\n%s\n", _("Run “mail-setup-cli COMMAND --help” for a command’s options."));
  fprintf (out, "\n%s\n", _("Exit status: 0 success; 1 nothing found or a check or export failed; "
                            "2 bad usage or bad input."));
}

int
main (int   argc,
      char *argv[])
{
  const char *name;

  ms_core_init_i18n ();
  g_set_prgname ("mail-setup-cli");

  if (argc < 2)
    {
      print_usage (stderr);
      return MS_EXIT_USAGE;
    }

  name = argv[1];
  if (strcmp (name, "--help") == 0 || strcmp (name, "-h") == 0 || strcmp (name, "help") == 0)
    {
      print_usage (stdout);
      return MS_EXIT_OK;
    }
  if (strcmp (name, "--version") == 0)
    {
      ms_cli_print ("mail-setup-cli %s\n", ms_core_get_version ());
      return MS_EXIT_OK;
    }

  for (const MsCliCommand *c = commands; c->name != NULL; c++)
    {
      if (strcmp (c->name, name) == 0)
        {
          g_autofree char *prog = g_strdup_printf ("mail-setup-cli %s", c->name);
          argv[1] = prog;
          return c->func (argc - 1, argv + 1);
        }
    }

  if (name[0] == '-')
    /* TRANSLATORS: %s is an option the user typed */
    ms_cli_eprint (_("mail-setup-cli: unknown option “%s”\n"), name);
  else
    /* TRANSLATORS: %s is a command name the user typed */
    ms_cli_eprint (_("mail-setup-cli: unknown command “%s”\n"), name);
  ms_cli_eprint ("%s\n", _("Run “mail-setup-cli --help” to see the commands."));
  return MS_EXIT_USAGE;
}
