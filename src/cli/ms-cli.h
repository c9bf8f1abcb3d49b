/* ms-cli.h: the command-line twin's subcommands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A subcommand gets argv with argv[0] set to "mail-setup-cli NAME" and returns an
 * MsExitStatus. */
typedef int (*MsCliFunc) (int argc, char **argv);

typedef struct {
  const char *name;
  const char *summary;   /* translatable, marked with N_() */
  MsCliFunc   func;
} MsCliCommand;

G_END_DECLS
