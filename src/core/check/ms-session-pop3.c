/* ms-session-pop3.c: the POP3 side of a session — status lines, the greeting, CAPA,
 * STLS and the one sign-in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * POP3 answers with one "+OK"/"-ERR" line, CAPA with "+OK" and lines up to ".". A
 * server without CAPA (RFC 2449) tells nothing, which is not an error. The sign-in is
 * AUTH PLAIN when offered (with the initial response), else USER/PASS (also when
 * nothing was listed; both in one flight when the server lists PIPELINING), else AUTH
 * LOGIN (RFC 5034).
 */
#define G_LOG_DOMAIN "ms-session"

#include "config.h"

#include "ms-sasl.h"
#include "ms-session-private.h"

static gboolean
pop3_greeting (GTask *task)
{
  Session *s = ms_session_get (task);

  switch (ms_pop3_parse_status (g_ptr_array_index (s->d.reply, 0), NULL, NULL))
    {
    case MS_POP3_STATUS_OK:
      return TRUE;
    case MS_POP3_STATUS_ERR:
      ms_session_fail_code (task, MS_PROBLEM_SERVER_CLOSED, "the server refused the session");
      return FALSE;
    case MS_POP3_STATUS_INVALID:
    case MS_POP3_STATUS_CONTINUE:
    default:
      ms_session_fail_code (task, MS_PROBLEM_PROTOCOL_ERROR, "not a POP3 greeting");
      return FALSE;
    }
}

static void
pop3_on_capabilities (GTask *task)
{
  Session *s = ms_session_get (task);

  ms_session_reset_capabilities (s);
  /* -ERR: a server without CAPA (RFC 2449) has no capabilities to tell */
  if (ms_pop3_parse_status (g_ptr_array_index (s->d.reply, 0), NULL, NULL) == MS_POP3_STATUS_OK)
    for (guint i = 1; i + 1 < s->d.reply->len; i++)
      {
        const char *line = g_ptr_array_index (s->d.reply, i);

        ms_pop3_parse_capa_line (line[0] == '.' ? line + 1 : line, s->caps, s->mechs);
      }
  ms_session_capabilities_done (task);
}

static gboolean
pop3_starttls_accepted (Session *s)
{
  return ms_pop3_parse_status (ms_dialogue_reply_last (&s->d), NULL, NULL) == MS_POP3_STATUS_OK;
}

static void
on_pop3_login_reply (GTask *task)
{
  Session *s = ms_session_get (task);
  g_autofree char *code = NULL;
  const char *text = NULL;
  MsPop3Status status = ms_pop3_parse_status (ms_dialogue_reply_last (&s->d), &code, &text);
  char *line = NULL;

  switch (status)
    {
    case MS_POP3_STATUS_OK:
      if (s->auth == MS_SESSION_AUTH_POP3_USER && s->auth_stage == 2)
        {
          /* USER taken; PASS went out with it: its reply is next */
          s->auth_stage = 1;
          ms_dialogue_expect_reply (task, MS_DIALOGUE_REPLY_LINE, on_pop3_login_reply);
          return;
        }
      if (s->auth == MS_SESSION_AUTH_POP3_USER && s->auth_stage == 0)
        {
          s->auth_stage = 1;
          line = g_strdup_printf ("PASS %s", s->password);
          ms_dialogue_send_line (task, line, MS_DIALOGUE_REPLY_LINE, on_pop3_login_reply);
          ms_sasl_secret_free (line);
          return;
        }
      ms_session_login_accepted (task);
      return;
    case MS_POP3_STATUS_CONTINUE:
      ms_session_answer_challenge (task, MS_SESSION_AUTH_POP3_LOGIN, MS_SESSION_AUTH_POP3_PLAIN,
                                   MS_DIALOGUE_REPLY_LINE, on_pop3_login_reply);
      return;
    case MS_POP3_STATUS_ERR:
      ms_session_login_refused (task, MS_PROBLEM_AUTHENTICATION_FAILED, text);
      return;
    case MS_POP3_STATUS_INVALID:
    default:
      s->outcome->result->login = MS_CHECK_LOGIN_FAILED;
      ms_session_fail_code (task, MS_PROBLEM_PROTOCOL_ERROR, "not a POP3 reply");
      return;
    }
}

static void
pop3_login (GTask *task)
{
  Session *s = ms_session_get (task);
  char *command;

  ms_session_report (s, MS_CHECK_STEP_SIGNING_IN);
  s->auth_stage = 0;
  if (ms_session_has_mech (s, "PLAIN"))
    {
      s->auth = MS_SESSION_AUTH_POP3_PLAIN;
      s->auth_stage = 1;
      command = ms_session_plain_command (s, "AUTH");
    }
  else if (ms_session_has_capability (s, "USER") || s->caps->len == 0)
    {
      s->auth = MS_SESSION_AUTH_POP3_USER;
      command = g_strdup_printf ("USER %s", s->username);
      if (ms_session_has_capability (s, "PIPELINING"))
        {
          /* RFC 2449 §6.6: USER and PASS in one flight, a round trip less; still one
           * sign-in (a refused USER makes the server refuse the PASS after it too) */
          GPtrArray *lines = g_ptr_array_new ();

          g_ptr_array_add (lines, command);
          g_ptr_array_add (lines, g_strdup_printf ("PASS %s", s->password));
          s->auth_stage = 2;
          ms_dialogue_send_lines (task, lines, MS_DIALOGUE_REPLY_LINE, on_pop3_login_reply);
          return;
        }
    }
  else if (ms_session_has_mech (s, "LOGIN"))
    {
      s->auth = MS_SESSION_AUTH_POP3_LOGIN;
      command = g_strdup ("AUTH LOGIN");
    }
  else
    {
      ms_session_goodbye_with (task, MS_PROBLEM_NO_SUITABLE_AUTH, NULL);
      return;
    }
  ms_dialogue_send_command (task, command, MS_DIALOGUE_REPLY_LINE, on_pop3_login_reply);
  ms_sasl_secret_free (command);
}

const MsSessionProtocol ms_session_pop3 = {
  .protocol = MS_PROTOCOL_POP3,
  .greeting = pop3_greeting,
  .on_capabilities = pop3_on_capabilities,
  .starttls_accepted = pop3_starttls_accepted,
  .login = pop3_login,
};
