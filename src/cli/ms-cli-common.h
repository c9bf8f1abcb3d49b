/* ms-cli-common.h: what the command-line twin's subcommands share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ms-account.h"
#include "ms-address.h"
#include "ms-json.h"
#include "ms-mail-stream.h"
#include "ms-server.h"

G_BEGIN_DECLS

/* The largest password --password-stdin takes, with its terminating NUL. */
#define MS_CLI_MAX_PASSWORD 4096

/* Waits for one asynchronous call: give ms_cli_wait_done() and the MsCliWait as its
 * callback and data, then ms_cli_wait_run(); the result is then in @result (a
 * reference the caller drops). */
typedef struct {
  GMainLoop    *loop;
  GAsyncResult *result;
} MsCliWait;

void       ms_cli_wait_done              (GObject       *source,
                                          GAsyncResult  *result,
                                          gpointer       user_data);

/* Refuses --password and --password=… (before the option parser sees them): prints why
 * and returns FALSE. */
gboolean   ms_cli_refuse_password_option (int            argc,
                                          char         **argv);

/* Parses the options of a subcommand that takes one ADDRESS: prints the problem and
 * returns FALSE on bad usage. Afterwards (*argv)[1] is the address. */
gboolean   ms_cli_parse_options          (int           *argc,
                                          char        ***argv,
                                          const GOptionEntry *entries,
                                          const char    *parameter_string,
                                          const char    *description);

/* Prints "PROG: MESSAGE" on standard error and returns MS_EXIT_USAGE. */
int        ms_cli_usage_error            (const char    *prog,
                                          const char    *message);

/* Parses ADDRESS; prints the problem and returns NULL if it is not one. */
MsAddress *ms_cli_parse_address          (const char    *prog,
                                          const char    *text);

/* The first line of standard input, without its line end, into @buffer (of @size
 * bytes); what was read past that line is wiped. The caller wipes @buffer with
 * explicit_bzero() after use, also on failure. */
gboolean   ms_cli_read_password          (char          *buffer,
                                          gsize          size,
                                          GError       **error);

/* PROTO://HOST[:PORT][/SECURITY]; HOST may be a bracketed IPv6 literal. */
MsServer  *ms_cli_parse_server           (const char    *uri,
                                          gboolean       outgoing,
                                          GError       **error);

/* Parses --incoming and --outgoing (either may be NULL) into @in and @out; prints the
 * problem and returns FALSE if one is not a server. */
gboolean   ms_cli_parse_server_options   (const char    *prog,
                                          const char    *incoming,
                                          const char    *outgoing,
                                          MsServer     **in,
                                          MsServer     **out);

/* Puts the servers given by hand (@in, @out, either may be NULL) first in @account,
 * in place of the account's own servers of the same direction. */
void       ms_cli_account_use_servers    (MsAccount     *account,
                                          MsServer      *in,
                                          MsServer      *out);

/* "IMAP", "POP3", "SMTP" */
const char *ms_cli_protocol_label        (MsProtocol     protocol);

/* Adds the member "problem": {code, message[, fix]} (@fix may be NULL). */
void       ms_cli_json_add_problem       (MsJsonBuilder *builder,
                                          const char    *code,
                                          const char    *message,
                                          const char    *fix);

/* printf() on standard output or standard error, with the whole text passed through
 * ms_text_sanitize() (line feeds and tabs kept): no control character, bidi control or
 * invalid UTF-8 that a server, a file or an argument put into it reaches the terminal. */
void       ms_cli_print                  (const char    *format,
                                          ...) G_GNUC_PRINTF (1, 2);
void       ms_cli_eprint                 (const char    *format,
                                          ...) G_GNUC_PRINTF (1, 2);

/* Prints the JSON text of @builder and a newline on standard output. */
void       ms_cli_print_json             (MsJsonBuilder *builder);
/* --pin HOST:PORT=SHA256 (check and export): adds the pin to @trust, or a
 * G_OPTION_ERROR_BAD_VALUE saying how to write it. */
gboolean   ms_cli_add_pin                (MsTlsTrust    *trust,
                                          const char    *pin,
                                          GError       **error);

G_END_DECLS
