/* ms-problem.c: what went wrong, in plain words, with what to do about it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-problem"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ms-enum-nick.h"
#include "ms-model-enums.h"
#include "ms-problem.h"

G_DEFINE_BOXED_TYPE (MsProblem, ms_problem, ms_problem_copy, ms_problem_free)

/* The nicks are the stable strings of the --json contract. */
const char *
ms_problem_code_to_string (MsProblemCode code)
{
  return ms_enum_to_nick (MS_TYPE_PROBLEM_CODE, code);
}

gboolean
ms_problem_code_from_string (const char    *string,
                             MsProblemCode *code)
{
  int value;

  if (!ms_enum_from_nick (MS_TYPE_PROBLEM_CODE, string, FALSE, &value))
    return FALSE;
  if (code != NULL)
    *code = (MsProblemCode) value;
  return TRUE;
}

/* "the incoming mail server (IMAP)" and so on, for use inside sentences. */
static const char *
server_words (MsProtocol protocol)
{
  switch (protocol)
    {
    case MS_PROTOCOL_IMAP:
      return _("the incoming mail server (IMAP)");
    case MS_PROTOCOL_POP3:
      return _("the incoming mail server (POP3)");
    case MS_PROTOCOL_SMTP:
      return _("the outgoing mail server (SMTP)");
    default:
      return _("the mail server");
    }
}

/* The same, to begin a sentence with. */
static const char *
server_subject (MsProtocol protocol)
{
  switch (protocol)
    {
    case MS_PROTOCOL_IMAP:
      return _("The incoming mail server (IMAP)");
    case MS_PROTOCOL_POP3:
      return _("The incoming mail server (POP3)");
    case MS_PROTOCOL_SMTP:
      return _("The outgoing mail server (SMTP)");
    default:
      return _("The mail server");
    }
}

/* The two ports of each protocol: implicit TLS and STARTTLS (RFC 8314). */
static gboolean
standard_ports (MsProtocol protocol,
                guint16   *tls_port,
                guint16   *starttls_port)
{
  switch (protocol)
    {
    case MS_PROTOCOL_IMAP:
      *tls_port = 993, *starttls_port = 143;
      return TRUE;
    case MS_PROTOCOL_POP3:
      *tls_port = 995, *starttls_port = 110;
      return TRUE;
    case MS_PROTOCOL_SMTP:
      *tls_port = 465, *starttls_port = 587;
      return TRUE;
    default:
      return FALSE;
    }
}

gboolean
ms_problem_alternative_for (MsProblemCode         code,
                            MsProtocol            protocol,
                            guint16               port,
                            MsProblemAlternative *alternative)
{
  MsProblemAlternative alt = { 0 };
  guint16 tls_port, starttls_port;

  if (port == 0 || !standard_ports (protocol, &tls_port, &starttls_port))
    return FALSE;

  if (code == MS_PROBLEM_PORT_NEEDS_TLS || code == MS_PROBLEM_PORT_NEEDS_STARTTLS)
    {
      /* the security did not match what the port speaks: the same port, its security */
      alt.port = port;
      alt.security = code == MS_PROBLEM_PORT_NEEDS_TLS ? MS_SECURITY_TLS : MS_SECURITY_STARTTLS;
    }
  else if (code == MS_PROBLEM_CONNECTION_REFUSED || code == MS_PROBLEM_TIMED_OUT
           || code == MS_PROBLEM_OUTGOING_BLOCKED)
    {
      /* the port did not answer, or not at all: the protocol's other port */
      alt.port = port == tls_port ? starttls_port : tls_port;
      alt.security = port == tls_port ? MS_SECURITY_STARTTLS : MS_SECURITY_TLS;
    }
  else if ((code == MS_PROBLEM_STARTTLS_NOT_OFFERED || code == MS_PROBLEM_STARTTLS_FAILED)
           && port != tls_port)
    {
      /* no encryption to switch to on this port: the port for TLS */
      alt.port = tls_port;
      alt.security = MS_SECURITY_TLS;
    }
  else
    return FALSE;

  if (alternative != NULL)
    *alternative = alt;
  return TRUE;
}

/* "TLS" or "STARTTLS": the names every provider's instructions use, not translated. */
static const char *
security_name (MsSecurity security)
{
  return security == MS_SECURITY_TLS ? "TLS" : security == MS_SECURITY_STARTTLS ? "STARTTLS" : "—";
}

static const char *
provider_words (const MsProblemContext *ctx)
{
  return ctx->provider_name != NULL ? ctx->provider_name : _("your email provider");
}

static const char *
provider_subject (const MsProblemContext *ctx)
{
  return ctx->provider_name != NULL ? ctx->provider_name : _("Your email provider");
}

MsProblem *
ms_problem_new (MsProblemCode           code,
                const MsProblemContext *ctx)
{
  g_autoptr (MsProblem) p = g_new0 (MsProblem, 1);
  const char *host;
  const char *server;
  const char *subject;
  guint port;
  MsProblemAlternative alt = { 0 };
  gboolean has_alt;

  g_return_val_if_fail (ctx != NULL, NULL);
  g_return_val_if_fail ((guint) code < MS_PROBLEM_N_CODES, NULL);

  host = ctx->host != NULL ? ctx->host : "";
  server = server_words (ctx->protocol);
  subject = server_subject (ctx->protocol);
  port = ctx->port;
  p->code = code;
  p->detail = g_strdup (ctx->detail);
  has_alt = ms_problem_alternative_for (code, ctx->protocol, ctx->port, &alt);
  if (has_alt)
    p->alternative = g_memdup2 (&alt, sizeof alt);

  switch (code)
    {
    case MS_PROBLEM_NO_SUCH_HOST:
      /* TRANSLATORS: %s is a server name such as mail.example.com */
      p->message = g_strdup_printf (_("There is no server called “%s”."), host);
      p->fix = g_strdup (_("Check the server name for typing mistakes. If it is right, check "
                           "that this computer is connected to the internet."));
      break;

    case MS_PROBLEM_CONNECTION_REFUSED:
      /* TRANSLATORS: first %s is a server name, %u a port number */
      p->message = g_strdup_printf (_("The server “%s” does not accept connections on port %u."),
                                    host, port);
      if (has_alt)
        /* TRANSLATORS: %u is another port number, %s "TLS" or "STARTTLS" */
        p->fix = g_strdup_printf (_("The port is probably wrong. Try port %u with %s, or check "
                                    "the settings against your provider’s instructions."),
                                  alt.port, security_name (alt.security));
      else
        p->fix = g_strdup (_("The port or the security setting is probably wrong. Check them "
                             "against your provider’s instructions."));
      break;

    case MS_PROBLEM_TIMED_OUT:
      /* TRANSLATORS: first %s is a server name, %u a port number */
      p->message = g_strdup_printf (_("The server “%s” did not answer on port %u."), host, port);
      if (has_alt)
        /* TRANSLATORS: %u is another port number, %s "TLS" or "STARTTLS" */
        p->fix = g_strdup_printf (_("A firewall may block this port, or the server may be down. "
                                    "Try port %u with %s, or try again later or on another "
                                    "network."), alt.port, security_name (alt.security));
      else
        p->fix = g_strdup (_("A firewall may block this port, or the server may be down. Check "
                             "the port, then try again later or on another network."));
      break;

    case MS_PROBLEM_OUTGOING_BLOCKED:
      /* TRANSLATORS: first %s is a server name, %u a port number */
      p->message = g_strdup_printf (_("Sending mail is blocked: the outgoing server “%s” could "
                                      "not be reached on port %u."), host, port);
      /* never the port that just failed: the alternative is another one */
      if (port == 25)
        p->fix = g_strdup (_("Many internet providers block port 25. Use port 587 with "
                             "STARTTLS or port 465 with TLS instead."));
      else if (has_alt)
        /* TRANSLATORS: %u is another port number, %s "TLS" or "STARTTLS" */
        p->fix = g_strdup_printf (_("Your network may block this port. Try port %u with %s "
                                    "instead, or another network."),
                                  alt.port, security_name (alt.security));
      else
        p->fix = g_strdup (_("Your network may block this port. Try another network."));
      break;

    case MS_PROBLEM_NETWORK_UNREACHABLE:
      p->message = g_strdup_printf (_("This computer cannot reach “%s”."), host);
      p->fix = g_strdup (_("Check that this computer is connected to the internet."));
      break;

    case MS_PROBLEM_TLS_FAILED:
      /* TRANSLATORS: %s is a server name */
      p->message = g_strdup_printf (_("A secure connection to “%s” could not be made."), host);
      p->fix = g_strdup (_("The server may not support encryption on this port. Check the "
                           "port and the security setting against your provider’s "
                           "instructions."));
      break;

    case MS_PROBLEM_CERTIFICATE_EXPIRED:
      p->message = g_strdup_printf (_("The security certificate of “%s” has expired."), host);
      p->fix = g_strdup (_("The server’s owner must renew it. Until then your connection to "
                           "this server cannot be trusted; also check that your computer’s "
                           "date is right."));
      break;

    case MS_PROBLEM_CERTIFICATE_NOT_YET_VALID:
      p->message = g_strdup_printf (_("The security certificate of “%s” is not valid yet."), host);
      p->fix = g_strdup (_("Check that your computer’s date and time are right."));
      break;

    case MS_PROBLEM_CERTIFICATE_WRONG_HOST:
      if (ctx->certificate_names != NULL && *ctx->certificate_names != '\0')
        /* TRANSLATORS: first %s is the server name used, second the names in the
         * certificate, e.g. "mail.example.com" */
        p->message = g_strdup_printf (_("The server “%s” presented a certificate for “%s”."),
                                      host, ctx->certificate_names);
      else
        p->message = g_strdup_printf (_("The security certificate of “%s” is for another "
                                        "server."), host);
      p->fix = g_strdup (_("The server name is probably not the one your provider uses. Use "
                           "the name the certificate is for if it belongs to your provider."));
      break;

    case MS_PROBLEM_CERTIFICATE_SELF_SIGNED:
      p->message = g_strdup_printf (_("The server “%s” vouches for itself: its certificate is "
                                      "self-signed."), host);
      p->fix = g_strdup (_("Only trust this certificate if you run this server or your "
                           "provider told you to expect it; compare its fingerprint first."));
      break;

    case MS_PROBLEM_CERTIFICATE_UNKNOWN_ISSUER:
      p->message = g_strdup_printf (_("The security certificate of “%s” comes from an "
                                      "authority this computer does not know."), host);
      p->fix = g_strdup (_("Someone may be intercepting the connection, or the server uses a "
                           "private certificate authority. Only trust it if your provider "
                           "told you to."));
      break;

    case MS_PROBLEM_CERTIFICATE_REVOKED:
      p->message = g_strdup_printf (_("The security certificate of “%s” has been revoked."), host);
      p->fix = g_strdup (_("Do not use this server. Contact your provider."));
      break;

    case MS_PROBLEM_CERTIFICATE_INSECURE:
      p->message = g_strdup_printf (_("The security certificate of “%s” uses weak "
                                      "cryptography."), host);
      p->fix = g_strdup (_("The server’s owner must replace the certificate. Contact your "
                           "provider."));
      break;

    case MS_PROBLEM_STARTTLS_NOT_OFFERED:
      p->message = g_strdup_printf (_("The server “%s” does not offer encryption (STARTTLS) on "
                                      "port %u."), host, port);
      p->fix = g_strdup (_("Your password will not be sent without encryption. Use the port "
                           "for TLS instead (993 for IMAP, 995 for POP3, 465 for SMTP)."));
      break;

    case MS_PROBLEM_STARTTLS_FAILED:
      p->message = g_strdup_printf (_("The server “%s” refused to switch to an encrypted "
                                      "connection."), host);
      p->fix = g_strdup (_("Try the port for TLS instead (993 for IMAP, 995 for POP3, 465 for "
                           "SMTP). If that fails too, contact your provider."));
      break;

    case MS_PROBLEM_STARTTLS_INJECTION:
      p->message = g_strdup_printf (_("The connection to “%s” was tampered with while it was "
                                      "being encrypted."), host);
      p->fix = g_strdup (_("Someone on the network may be interfering. Your password was not "
                           "sent. Try again on another network."));
      break;

    case MS_PROBLEM_PLAINTEXT_REFUSED:
      p->message = g_strdup_printf (_("%s does not use encryption, so your password would be "
                                      "readable on the network."), subject);
      p->fix = g_strdup (_("Choose TLS or STARTTLS. Only accept an unencrypted connection if "
                           "you know the network between you and the server is private."));
      break;

    case MS_PROBLEM_AUTHENTICATION_FAILED:
      /* TRANSLATORS: %s is e.g. "the incoming mail server (IMAP)" */
      p->message = g_strdup_printf (_("The user name or password was not accepted by %s."),
                                    server);
      if (ctx->password_reset_url != NULL)
        p->fix = g_strdup_printf (_("Check the password and type it again. If you have "
                                    "forgotten it, %s can reset it."), provider_words (ctx));
      else
        p->fix = g_strdup (_("Check the password and type it again. Some providers need an "
                             "app password or the full email address as the user name."));
      p->url = g_strdup (ctx->password_reset_url);
      break;

    case MS_PROBLEM_LOGIN_DISABLED:
      p->message = g_strdup_printf (_("%s does not allow signing in on this connection."),
                                    subject);
      p->fix = g_strdup (_("Use an encrypted connection (TLS or STARTTLS); the server only "
                           "accepts passwords over one."));
      break;

    case MS_PROBLEM_ACCESS_DISABLED:
      /* TRANSLATORS: %s is a provider name such as "Spectrum" */
      p->message = g_strdup_printf (_("Access with mail programs is switched off at %s."),
                                    provider_words (ctx));
      p->fix = g_strdup (_("Switch on IMAP or POP access in your account’s settings on the "
                           "provider’s website, then try again."));
      p->url = g_strdup (ctx->enable_url);
      break;

    case MS_PROBLEM_NO_AUTH_OFFERED:
      p->message = g_strdup_printf (_("%s does not offer any way to sign in."), subject);
      p->fix = g_strdup (_("Without signing in, the server will not send your mail. Check "
                           "the port: for sending, use 587 with STARTTLS or 465 with TLS."));
      break;

    case MS_PROBLEM_NO_SUITABLE_AUTH:
      p->message = g_strdup_printf (_("%s offers no sign-in method that Mail Setup can use "
                                      "safely."), subject);
      p->fix = g_strdup (_("Check the server settings against your provider’s instructions."));
      break;

    case MS_PROBLEM_OAUTH2_REQUIRED:
      p->message = g_strdup_printf (_("%s signs you in through its own website, not with a "
                                      "password typed here."), provider_subject (ctx));
      p->fix = g_strdup (_("Your mail program will open the provider’s sign-in page the first "
                           "time it connects."));
      break;

    case MS_PROBLEM_PREAUTH_REFUSED:
      p->message = g_strdup_printf (_("The server “%s” claimed you were already signed in "
                                      "before any password was given."), host);
      p->fix = g_strdup (_("This is not how a normal mail server behaves; the connection was "
                           "stopped. Check the server name and try again on another "
                           "network."));
      break;

    case MS_PROBLEM_SERVER_CLOSED:
      p->message = g_strdup_printf (_("The server “%s” closed the connection."), host);
      p->fix = g_strdup (_("The port or the security setting may be wrong, or the server is "
                           "busy. Check them, then try again."));
      break;

    case MS_PROBLEM_PROTOCOL_ERROR:
      p->message = g_strdup_printf (_("The server “%s” gave an answer Mail Setup did not "
                                      "understand."), host);
      p->fix = g_strdup (_("Check that the port belongs to the right kind of server (IMAP, "
                           "POP3 or SMTP)."));
      break;

    case MS_PROBLEM_NEEDS_CONFIRMATION:
      /* TRANSLATORS: %s is a server name such as mail.example.com */
      p->message = g_strdup_printf (_("The server “%s” was found, but your email provider "
                                      "does not vouch for it."), host);
      p->fix = g_strdup (_("Only confirm these settings if you recognise the server’s domain "
                           "as your provider’s."));
      break;

    case MS_PROBLEM_CANCELLED:
      p->message = g_strdup (_("The check was cancelled."));
      p->fix = g_strdup (_("Start it again when you are ready."));
      break;

    /* The exports from inside our Flatpak (ms-sandbox.c): @host is the folder as the user
     * knows it, e.g. ~/.thunderbird. */
    case MS_PROBLEM_FOLDER_NOT_SHARED:
      /* TRANSLATORS: %s is a folder such as ~/.thunderbird */
      p->message = g_strdup_printf (_("Mail Setup is not allowed to write into “%s”, so the "
                                      "mail program would never see the account."), host);
      /* TRANSLATORS: %s is a folder such as ~/.thunderbird; keep the command as it is */
      p->fix = g_strdup_printf (_("Give Mail Setup access to this folder again, for example "
                                  "in Flatseal or with “flatpak override --user "
                                  "--filesystem=%s io.github.mailsetup.MailSetup”, then try "
                                  "again."), host);
      break;

    case MS_PROBLEM_FOLDER_MISSING:
      /* TRANSLATORS: %s is a folder such as ~/.thunderbird */
      p->message = g_strdup_printf (_("The folder “%s” does not exist on this computer yet."),
                                    host);
      p->fix = g_strdup (_("Start the mail program once and close it, so that it makes its "
                           "folder, then try again."));
      break;

    case MS_PROBLEM_TOO_SLOW:
      if (port == 0)
        {
          /* Discovery as a whole: @host is the address's domain. */
          /* TRANSLATORS: %s is the domain of an e-mail address, e.g. example.com */
          p->message = g_strdup_printf (_("Looking up the settings for %s took too long, so "
                                          "Mail Setup stopped waiting."), host);
          p->fix = g_strdup (_("Something on the way slows the network down. Try again later "
                               "or on another network, or enter the settings yourself."));
          break;
        }
      /* TRANSLATORS: %s is a server name such as mail.example.com */
      p->message = g_strdup_printf (_("The server “%s” answered too slowly, so Mail Setup "
                                      "stopped waiting for it."), host);
      p->fix = g_strdup (_("The server may be overloaded, or something on the way slows it "
                           "down. Try again later or on another network."));
      break;

    case MS_PROBLEM_ENDLESS_EXCHANGE:
      /* TRANSLATORS: %s is a server name such as mail.example.com */
      p->message = g_strdup_printf (_("The server “%s” kept asking for more instead of "
                                      "answering, so Mail Setup stopped."), host);
      p->fix = g_strdup (_("This is not how a normal mail server behaves. Check the server "
                           "name and port against your provider’s instructions."));
      break;

    case MS_PROBLEM_OFFLINE:
      p->message = g_strdup (_("This computer is not connected to the internet."));
      p->fix = g_strdup (_("Connect to a network, then try again. Until this computer is "
                           "online, the settings cannot be looked up or checked."));
      break;

    case MS_PROBLEM_PORT_NEEDS_TLS:
      /* TRANSLATORS: %s is a server name, %u a port number; keep "TLS" as it is */
      p->message = g_strdup_printf (_("The server “%s” uses TLS on port %u: it expects an "
                                      "encrypted connection from the start."), host, port);
      /* TRANSLATORS: %u is a port number; keep "TLS" as it is */
      p->fix = g_strdup_printf (_("Use TLS on port %u."), port);
      break;

    case MS_PROBLEM_PORT_NEEDS_STARTTLS:
      /* TRANSLATORS: %s is a server name, %u a port number; keep "STARTTLS" as it is */
      p->message = g_strdup_printf (_("The server “%s” uses STARTTLS on port %u: it starts "
                                      "unencrypted and switches to encryption when asked."),
                                    host, port);
      /* TRANSLATORS: %u is a port number; keep "STARTTLS" as it is */
      p->fix = g_strdup_printf (_("Use STARTTLS on port %u."), port);
      break;

    default:
      g_assert_not_reached ();
    }

  return g_steal_pointer (&p);
}

MsProblem *
ms_problem_new_for_certificate (GTlsCertificateFlags    flags,
                                const MsProblemContext *ctx)
{
  MsProblemCode code;

  /* The most telling first: an expired or misnamed certificate explains itself, and a
   * self-signed one is a special case of an unknown issuer. */
  if (flags & G_TLS_CERTIFICATE_REVOKED)
    code = MS_PROBLEM_CERTIFICATE_REVOKED;
  else if (flags & G_TLS_CERTIFICATE_BAD_IDENTITY)
    code = MS_PROBLEM_CERTIFICATE_WRONG_HOST;
  else if (flags & G_TLS_CERTIFICATE_EXPIRED)
    code = MS_PROBLEM_CERTIFICATE_EXPIRED;
  else if (flags & G_TLS_CERTIFICATE_NOT_ACTIVATED)
    code = MS_PROBLEM_CERTIFICATE_NOT_YET_VALID;
  else if (flags & G_TLS_CERTIFICATE_UNKNOWN_CA)
    code = ctx->certificate_self_signed ? MS_PROBLEM_CERTIFICATE_SELF_SIGNED
                                        : MS_PROBLEM_CERTIFICATE_UNKNOWN_ISSUER;
  else if (flags & G_TLS_CERTIFICATE_INSECURE)
    code = MS_PROBLEM_CERTIFICATE_INSECURE;
  else
    code = MS_PROBLEM_TLS_FAILED;

  return ms_problem_new (code, ctx);
}

MsProblem *
ms_problem_new_for_error (const GError           *error,
                          const MsProblemContext *ctx)
{
  MsProblemContext with_detail = *ctx;
  MsProblemCode code = MS_PROBLEM_PROTOCOL_ERROR;

  g_return_val_if_fail (error != NULL, NULL);

  if (with_detail.detail == NULL)
    with_detail.detail = error->message;

  if (error->domain == G_RESOLVER_ERROR)
    code = MS_PROBLEM_NO_SUCH_HOST;
  else if (error->domain == G_TLS_ERROR)
    code = MS_PROBLEM_TLS_FAILED;
  else if (error->domain == G_IO_ERROR)
    {
      switch (error->code)
        {
        case G_IO_ERROR_CANCELLED:
          code = MS_PROBLEM_CANCELLED;
          break;
        case G_IO_ERROR_CONNECTION_REFUSED:
          code = MS_PROBLEM_CONNECTION_REFUSED;
          break;
        case G_IO_ERROR_TIMED_OUT:
          code = ctx->protocol == MS_PROTOCOL_SMTP ? MS_PROBLEM_OUTGOING_BLOCKED
                                                   : MS_PROBLEM_TIMED_OUT;
          break;
        case G_IO_ERROR_HOST_UNREACHABLE:
        case G_IO_ERROR_NETWORK_UNREACHABLE:
          code = MS_PROBLEM_NETWORK_UNREACHABLE;
          break;
        case G_IO_ERROR_HOST_NOT_FOUND:
          code = MS_PROBLEM_NO_SUCH_HOST;
          break;
        case G_IO_ERROR_CONNECTION_CLOSED:
          code = MS_PROBLEM_SERVER_CLOSED;
          break;
        default:
          code = MS_PROBLEM_PROTOCOL_ERROR;
          break;
        }
    }

  return ms_problem_new (code, &with_detail);
}

MsProblem *
ms_problem_copy (const MsProblem *problem)
{
  MsProblem *copy;

  g_return_val_if_fail (problem != NULL, NULL);

  copy = g_new0 (MsProblem, 1);
  copy->code = problem->code;
  copy->message = g_strdup (problem->message);
  copy->fix = g_strdup (problem->fix);
  copy->url = g_strdup (problem->url);
  copy->detail = g_strdup (problem->detail);
  if (problem->alternative != NULL)
    copy->alternative = g_memdup2 (problem->alternative, sizeof *problem->alternative);
  return copy;
}

void
ms_problem_free (MsProblem *problem)
{
  if (problem == NULL)
    return;

  g_free (problem->message);
  g_free (problem->fix);
  g_free (problem->url);
  g_free (problem->detail);
  g_free (problem->alternative);
  g_free (problem);
}

void
ms_problem_add_json (const MsProblem *problem,
                     MsJsonBuilder   *builder)
{
  if (problem == NULL)
    {
      ms_json_builder_add_null (builder);
      return;
    }
  ms_json_builder_begin_object (builder);
  ms_json_builder_add_string_member (builder, "code", ms_problem_code_to_string (problem->code));
  ms_json_builder_add_string_member (builder, "message", problem->message);
  ms_json_builder_add_string_member (builder, "fix", problem->fix);
  ms_json_builder_add_string_member (builder, "url", problem->url);
  ms_json_builder_add_string_member (builder, "detail", problem->detail);
  ms_json_builder_set_member (builder, "alternative");
  if (problem->alternative == NULL)
    ms_json_builder_add_null (builder);
  else
    {
      ms_json_builder_begin_object (builder);
      ms_json_builder_set_member (builder, "port");
      ms_json_builder_add_int (builder, problem->alternative->port);
      ms_json_builder_add_string_member (builder, "security",
                                         ms_security_to_string (problem->alternative->security));
      ms_json_builder_end_object (builder);
    }
  ms_json_builder_end_object (builder);
}
