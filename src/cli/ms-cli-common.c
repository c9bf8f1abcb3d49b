/* ms-cli-common.c: what the command-line twin's subcommands share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mail-setup-cli"

#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ms-cli-common.h"
#include "ms-core.h"
#include "ms-text.h"

void
ms_cli_wait_done (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  MsCliWait *wait = user_data;

  wait->result = g_object_ref (result);
  g_main_loop_quit (wait->loop);
}

gboolean
ms_cli_refuse_password_option (int    argc,
                               char **argv)
{
  /* A password never goes on the command line, where other users can read it. */
  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--") == 0)
        break;
      if (strcmp (argv[i], "--password") == 0 || g_str_has_prefix (argv[i], "--password="))
        {
          ms_cli_eprint ("%s: %s\n", argv[0],
                   _("a password is never taken on the command line; pipe it into "
                     "--password-stdin instead"));
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
ms_cli_parse_options (int                 *argc,
                      char              ***argv,
                      const GOptionEntry  *entries,
                      const char          *parameter_string,
                      const char          *description)
{
  g_autoptr(GOptionContext) context = g_option_context_new (parameter_string);
  g_autoptr(GError) error = NULL;

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context, description);

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      ms_cli_eprint ("%s: %s\n", (*argv)[0], error->message);
      return FALSE;
    }
  if (*argc != 2)
    {
      ms_cli_eprint ("%s: %s\n", (*argv)[0],
               *argc < 2 ? _("an address is needed") : _("only one address, please"));
      ms_cli_eprint (_("Run “%s --help” for the options.\n"), (*argv)[0]);
      return FALSE;
    }
  return TRUE;
}

int
ms_cli_usage_error (const char *prog,
                    const char *message)
{
  ms_cli_eprint ("%s: %s\n", prog, message);
  return MS_EXIT_USAGE;
}

MsAddress *
ms_cli_parse_address (const char *prog,
                      const char *text)
{
  g_autoptr(GError) error = NULL;
  MsAddress *address = ms_address_parse (text, &error);

  if (address == NULL)
    ms_cli_eprint ("%s: %s\n", prog, error->message);
  return address;
}

gboolean
ms_cli_read_password (char    *buffer,
                      gsize    size,
                      GError **error)
{
  gsize len = 0;
  char *nl;

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
  nl = strchr (buffer, '\n');
  if (nl != NULL)
    {
      len = (gsize) (nl - buffer);
      explicit_bzero (nl, size - len);
    }
  else if (len == size - 1)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("the password on standard input is too long"));
      return FALSE;
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

MsServer *
ms_cli_parse_server (const char *uri,
                     gboolean    outgoing,
                     GError    **error)
{
  g_autofree char *copy = g_strdup (uri);
  g_autofree char *normal = NULL;
  char *host = NULL;
  char *rest;
  char *sep;
  char *port_str = NULL;
  char *security_str = NULL;
  MsProtocol protocol;
  MsSecurity security = MS_SECURITY_TLS;
  guint64 port = 0;
  MsServer *server;

  sep = strstr (copy, "://");
  if (sep == NULL)
    goto bad;
  *sep = '\0';
  if (!ms_protocol_from_string (copy, &protocol) || ms_protocol_is_incoming (protocol) == outgoing)
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
      host = rest + 1;
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
      host = rest;
    }
  if (*host == '\0')
    goto bad;
  if (security_str != NULL && *security_str != '\0' && !ms_security_from_string (security_str, &security))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("“%s”: the security must be tls, starttls or none"), uri);
      return NULL;
    }
  if (port_str != NULL && !g_ascii_string_to_unsigned (port_str, 10, 1, 65535, &port, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("“%s”: the port must be a number from 1 to 65535"), uri);
      return NULL;
    }
  if (port == 0)
    port = ms_protocol_default_port (protocol, security);
  normal = ms_hostname_normalize (host, MS_HOSTNAME_ALLOW_SINGLE_LABEL | MS_HOSTNAME_ALLOW_IP, error);
  if (normal == NULL)
    {
      g_prefix_error (error, "“%s”: ", uri);
      return NULL;
    }
  server = ms_server_new (protocol, normal, (guint16) port, security, NULL);
  ms_server_add_auth (server, MS_AUTH_PASSWORD);
  return server;

bad:
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _("“%s” is not a server: use PROTOCOL://HOST:PORT/SECURITY, for example "
                 "imap://imap.example.com:993/tls"), uri);
  return NULL;
}

gboolean
ms_cli_parse_server_options (const char  *prog,
                             const char  *incoming,
                             const char  *outgoing,
                             MsServer   **in,
                             MsServer   **out)
{
  g_autoptr(GError) error = NULL;

  if (incoming != NULL && (*in = ms_cli_parse_server (incoming, FALSE, &error)) == NULL)
    {
      ms_cli_eprint ("%s: --incoming %s\n", prog, error->message);
      return FALSE;
    }
  if (outgoing != NULL && (*out = ms_cli_parse_server (outgoing, TRUE, &error)) == NULL)
    {
      ms_cli_eprint ("%s: --outgoing %s\n", prog, error->message);
      return FALSE;
    }
  return TRUE;
}

void
ms_cli_account_use_servers (MsAccount *account,
                            MsServer  *in,
                            MsServer  *out)
{
  g_autoptr(GPtrArray) keep = NULL;
  GPtrArray *lists[] = { ms_account_get_incoming (account), ms_account_get_outgoing (account) };

  if (in == NULL && out == NULL)
    return;

  keep = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_server_unref);
  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    for (guint i = 0; i < lists[l]->len; i++)
      {
        MsServer *s = g_ptr_array_index (lists[l], i);
        gboolean is_in = ms_protocol_is_incoming (ms_server_get_protocol (s));

        if ((is_in && in == NULL) || (!is_in && out == NULL))
          g_ptr_array_add (keep, ms_server_ref (s));
      }
  ms_account_clear_servers (account);
  if (in != NULL)
    ms_account_add_server (account, in);
  if (out != NULL)
    ms_account_add_server (account, out);
  for (guint i = 0; i < keep->len; i++)
    ms_account_add_server (account, g_ptr_array_index (keep, i));
}

const char *
ms_cli_protocol_label (MsProtocol protocol)
{
  switch (protocol)
    {
    case MS_PROTOCOL_IMAP: return "IMAP";
    case MS_PROTOCOL_POP3: return "POP3";
    case MS_PROTOCOL_SMTP: return "SMTP";
    default:               return "?";
    }
}

void
ms_cli_json_add_problem (MsJsonBuilder *builder,
                         const char    *code,
                         const char    *message,
                         const char    *fix)
{
  ms_json_builder_set_member (builder, "problem");
  ms_json_builder_begin_object (builder);
  ms_json_builder_set_member (builder, "code");
  ms_json_builder_add_string (builder, code);
  ms_json_builder_set_member (builder, "message");
  ms_json_builder_add_string (builder, message);
  if (fix != NULL)
    {
      ms_json_builder_set_member (builder, "fix");
      ms_json_builder_add_string (builder, fix);
    }
  ms_json_builder_end_object (builder);
}

void
ms_cli_print_json (MsJsonBuilder *builder)
{
  printf ("%s\n", ms_json_builder_get_text (builder));
}

static void
print_safe (FILE       *stream,
            const char *format,
            va_list     args)
{
  g_autofree char *raw = g_strdup_vprintf (format, args);
  g_autofree char *safe = ms_text_sanitize (raw, -1, 0, MS_TEXT_MULTI_LINE);

  fputs (safe, stream);
}

void
ms_cli_print (const char *format,
              ...)
{
  va_list args;

  va_start (args, format);
  print_safe (stdout, format, args);
  va_end (args);
}

void
ms_cli_eprint (const char *format,
               ...)
{
  va_list args;

  va_start (args, format);
  print_safe (stderr, format, args);
  va_end (args);
}

gboolean
ms_cli_add_pin (MsTlsTrust  *trust,
                const char  *pin,
                GError     **error)
{
  g_autofree char *copy = g_strdup (pin);
  char *eq = strchr (copy, '=');
  char *colon;
  guint64 port = 0;
  g_autofree char *host = NULL;

  if (eq == NULL)
    goto bad;
  *eq = '\0';
  colon = strrchr (copy, ':');
  if (colon == NULL || colon == copy)
    goto bad;
  *colon = '\0';
  if (!g_ascii_string_to_unsigned (colon + 1, 10, 1, 65535, &port, NULL))
    goto bad;
  host = ms_hostname_normalize (copy[0] == '[' ? copy + 1 : copy,
                                MS_HOSTNAME_ALLOW_SINGLE_LABEL | MS_HOSTNAME_ALLOW_IP, NULL);
  if (host == NULL || !ms_tls_trust_add_pin (trust, host, (guint16) port, eq + 1))
    goto bad;
  return TRUE;

bad:
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _("--pin “%s”: use HOST:PORT=SHA256, the certificate’s SHA-256 fingerprint in "
                 "hex (as `check --json` shows it)"), pin);
  return FALSE;
}
