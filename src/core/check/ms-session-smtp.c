/* ms-session-smtp.c: the SMTP side of a session — multi-line replies, the greeting,
 * EHLO, STARTTLS and the one sign-in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An SMTP reply is "ddd-" lines up to a "ddd " line with the same code (RFC 5321); the
 * fuzzed parser in ms-reply.c reads it. A refused EHLO leaves no extensions. A server
 * that lists no AUTH will not take a password on this port (RFC 4954): that is a
 * problem, not a success. The sign-in is AUTH PLAIN, else AUTH LOGIN; the reply codes
 * say why a refusal happened.
 */
#define G_LOG_DOMAIN "ms-session"

#include "config.h"

#include "ms-sasl.h"
#include "ms-session-private.h"

static void
smtp_begin_reply (GTask *task)
{
  Session *s = ms_session_get (task);

  g_clear_pointer (&s->smtp, ms_smtp_reply_free);
  s->smtp = ms_smtp_reply_new ();
}

static gboolean
smtp_judge_line (GTask      *task,
                 const char *line,
                 gboolean   *complete)
{
  Session *s = ms_session_get (task);
  int state = ms_smtp_reply_add_line (s->smtp, line);

  if (state < 0)
    {
      ms_session_fail_code (task, MS_PROBLEM_PROTOCOL_ERROR, "not an SMTP reply");
      return FALSE;
    }
  *complete = state > 0;
  return TRUE;
}

static gboolean
smtp_greeting (GTask *task)
{
  Session *s = ms_session_get (task);

  if (s->smtp->code != 220)
    {
      ms_session_fail_code (task, MS_PROBLEM_SERVER_CLOSED, "the server refused the session");
      return FALSE;
    }
  return TRUE;
}

static void
smtp_on_capabilities (GTask *task)
{
  Session *s = ms_session_get (task);

  ms_session_reset_capabilities (s);
  /* a refused EHLO (an old server) leaves no extensions: no STARTTLS, no AUTH */
  if (s->smtp->code == 250)
    ms_smtp_parse_ehlo (s->smtp, s->caps, s->mechs);
  ms_session_capabilities_done (task);
}

static gboolean
smtp_starttls_accepted (Session *s)
{
  return s->smtp->code == 220;
}

static void
on_smtp_auth_reply (GTask *task)
{
  Session *s = ms_session_get (task);
  guint code = s->smtp->code;
  g_autofree char *text = NULL;

  if (code == 235)
    {
      ms_session_login_accepted (task);
      return;
    }
  if (code == 334)
    {
      ms_session_answer_challenge (task, MS_SESSION_AUTH_SMTP_LOGIN, MS_SESSION_AUTH_SMTP_PLAIN,
                                   MS_DIALOGUE_REPLY_SMTP, on_smtp_auth_reply);
      return;
    }

  {
    g_autoptr(GPtrArray) lines = g_ptr_array_ref (s->smtp->lines);

    g_ptr_array_add (lines, NULL);
    text = g_strjoinv (" ", (char **) lines->pdata);
    g_ptr_array_set_size (lines, lines->len - 1);
  }
  if (code == 535)
    ms_session_login_refused (task, MS_PROBLEM_AUTHENTICATION_FAILED, text);
  else if (code == 530 || code == 538)
    ms_session_login_refused (task, MS_PROBLEM_LOGIN_DISABLED, text);
  else if (code == 534)
    ms_session_login_refused (task, ms_session_text_says_access_disabled (text)
                                    ? MS_PROBLEM_ACCESS_DISABLED : MS_PROBLEM_LOGIN_DISABLED, text);
  else if (code == 504)
    ms_session_login_refused (task, MS_PROBLEM_NO_SUITABLE_AUTH, text);
  else if (code >= 500)
    ms_session_login_refused (task, MS_PROBLEM_AUTHENTICATION_FAILED, text);
  else
    ms_session_login_refused (task, MS_PROBLEM_PROTOCOL_ERROR, text);
}

static void
smtp_login (GTask *task)
{
  Session *s = ms_session_get (task);
  char *command;

  if (s->mechs->len == 0)
    {
      /* RFC 4954: no AUTH keyword — this port will not take a password. Not a success. */
      ms_session_goodbye_with (task, MS_PROBLEM_NO_AUTH_OFFERED, NULL);
      return;
    }
  s->auth_stage = 0;
  if (ms_session_has_mech (s, "PLAIN"))
    {
      s->auth = MS_SESSION_AUTH_SMTP_PLAIN;
      s->auth_stage = 1;
      command = ms_session_plain_command (s, "AUTH");
    }
  else if (ms_session_has_mech (s, "LOGIN"))
    {
      s->auth = MS_SESSION_AUTH_SMTP_LOGIN;
      command = g_strdup ("AUTH LOGIN");
    }
  else
    {
      ms_session_goodbye_with (task, MS_PROBLEM_NO_SUITABLE_AUTH, NULL);
      return;
    }
  ms_session_report (s, MS_CHECK_STEP_SIGNING_IN);
  ms_dialogue_send_command (task, command, MS_DIALOGUE_REPLY_SMTP, on_smtp_auth_reply);
  ms_sasl_secret_free (command);
}

const MsSessionProtocol ms_session_smtp = {
  .protocol = MS_PROTOCOL_SMTP,
  .begin_reply = smtp_begin_reply,
  .judge_line = smtp_judge_line,
  .greeting = smtp_greeting,
  .on_capabilities = smtp_on_capabilities,
  .starttls_accepted = smtp_starttls_accepted,
  .login = smtp_login,
};
