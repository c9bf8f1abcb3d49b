/* ms-session-imap.c: the IMAP side of a session — tagged replies, the greeting,
 * CAPABILITY, STARTTLS and the one sign-in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An IMAP reply ends at the line tagged with the command's tag, or at a "+" that asks
 * for more. Nothing before sign-in needs a literal, so a literal in an untagged line is a
 * protocol error (its bytes could hide a forged tagged reply). A greeting that lists the
 * capabilities saves the CAPABILITY command (after STARTTLS it is asked for all the
 * same). The sign-in is AUTHENTICATE PLAIN when offered (with SASL-IR in one line), else
 * LOGIN with quoted strings or literals — never when the server says LOGINDISABLED; its
 * tagged OK ends the check, so a [CAPABILITY …] in it is never re-read.
 */
#define G_LOG_DOMAIN "ms-session"

#include "config.h"

#include <string.h>

#include "ms-sasl.h"
#include "ms-session-private.h"

static gboolean
imap_judge_line (GTask      *task,
                 const char *line,
                 gboolean   *complete)
{
  Session *s = ms_session_get (task);
  MsImapResponse r = { 0 };

  ms_imap_response_parse (line, &r);
  if (r.literal && r.kind != MS_IMAP_RESPONSE_TAGGED)
    {
      /* nothing in a sign-in dialogue needs a literal; its bytes could hide a forged
       * tagged reply, so stop here */
      ms_imap_response_clear (&r);
      ms_session_fail_code (task, MS_PROBLEM_PROTOCOL_ERROR, "unexpected literal");
      return FALSE;
    }
  *complete = r.kind == MS_IMAP_RESPONSE_CONTINUATION
              || (r.kind == MS_IMAP_RESPONSE_TAGGED && g_strcmp0 (r.tag, s->d.tag) == 0);
  ms_imap_response_clear (&r);
  return TRUE;
}

/* The tagged line closing an IMAP reply, parsed; FALSE if the reply ended with "+". */
static gboolean
imap_tagged (Session        *s,
             MsImapResponse *response)
{
  ms_imap_response_parse (ms_dialogue_reply_last (&s->d), response);
  return response->kind == MS_IMAP_RESPONSE_TAGGED;
}

/* The greeting's "[CAPABILITY …]" (RFC 3501 §7.1, RFC 9051 §7.1): the capabilities
 * without asking. Over plain text they only decide whether to send STARTTLS — as a
 * CAPABILITY reply would, just as untrusted — and are thrown away with the upgrade. */
static void
imap_greeting_capabilities (Session              *s,
                            const MsImapResponse *r)
{
  if (g_strcmp0 (r->code, "CAPABILITY") != 0 || r->code_data == NULL)
    return;
  ms_session_reset_capabilities (s);
  ms_imap_parse_capabilities (r->code_data, s->caps, s->mechs);
  s->caps_in_greeting = s->caps->len > 0;
}

static gboolean
imap_greeting (GTask *task)
{
  Session *s = ms_session_get (task);
  MsImapResponse r = { 0 };
  MsImapStatus status = MS_IMAP_STATUS_NONE;

  if (ms_imap_response_parse (g_ptr_array_index (s->d.reply, 0), &r)
      && r.kind == MS_IMAP_RESPONSE_UNTAGGED)
    {
      status = r.status;
      imap_greeting_capabilities (s, &r);
    }
  ms_imap_response_clear (&r);
  switch (status)
    {
    case MS_IMAP_STATUS_OK:
      return TRUE;
    case MS_IMAP_STATUS_PREAUTH:
      /* "already signed in": fine for a look at the capabilities over TLS or on a
       * connection that is plain text anyway; with STARTTLS this is the PREAUTH attack
       * (CVE-2020-12398, CVE-2020-14093), and a sign-in was expected — never continue */
      if (s->accept_preauth && s->password == NULL && s->security != MS_SECURITY_STARTTLS)
        {
          s->outcome->preauth = TRUE;
          return TRUE;
        }
      ms_session_fail_code (task, MS_PROBLEM_PREAUTH_REFUSED, NULL);
      return FALSE;
    case MS_IMAP_STATUS_BYE:
      ms_session_fail_code (task, MS_PROBLEM_SERVER_CLOSED, "the server said BYE");
      return FALSE;
    case MS_IMAP_STATUS_NONE:
    case MS_IMAP_STATUS_NO:
    case MS_IMAP_STATUS_BAD:
    default:
      ms_session_fail_code (task, MS_PROBLEM_PROTOCOL_ERROR, "not an IMAP greeting");
      return FALSE;
    }
}

static void
imap_on_capabilities (GTask *task)
{
  Session *s = ms_session_get (task);
  MsImapResponse r = { 0 };

  ms_session_reset_capabilities (s);
  for (guint i = 0; i + 1 < s->d.reply->len; i++)
    {
      MsImapResponse u = { 0 };

      if (ms_imap_response_parse (g_ptr_array_index (s->d.reply, i), &u)
          && u.kind == MS_IMAP_RESPONSE_UNTAGGED && g_strcmp0 (u.name, "CAPABILITY") == 0)
        ms_imap_parse_capabilities (u.data, s->caps, s->mechs);
      ms_imap_response_clear (&u);
    }
  if (!imap_tagged (s, &r) || r.status != MS_IMAP_STATUS_OK)
    {
      ms_imap_response_clear (&r);
      ms_session_fail_code (task, MS_PROBLEM_PROTOCOL_ERROR, "CAPABILITY refused");
      return;
    }
  ms_imap_response_clear (&r);
  ms_session_capabilities_done (task);
}

static gboolean
imap_starttls_accepted (Session *s)
{
  MsImapResponse r = { 0 };
  gboolean ok;

  /* untagged lines before the tagged reply are ignored: pre-TLS, untrusted */
  ok = imap_tagged (s, &r) && r.status == MS_IMAP_STATUS_OK;
  ms_imap_response_clear (&r);
  return ok;
}

/* --- sign-in --- */

static void on_imap_login_reply (GTask *task);

static void
imap_send_pending (GTask *task)
{
  Session *s = ms_session_get (task);
  char *line = g_ptr_array_steal_index (s->pending, 0);

  ms_dialogue_send_line (task, line, MS_DIALOGUE_REPLY_IMAP, on_imap_login_reply);
  ms_sasl_secret_free (line);
}

static void
on_imap_login_reply (GTask *task)
{
  Session *s = ms_session_get (task);
  MsImapResponse r = { 0 };
  MsProblemCode code = MS_PROBLEM_AUTHENTICATION_FAILED;

  if (!imap_tagged (s, &r))
    {
      ms_imap_response_clear (&r);
      /* "+": the server is ready for the next literal or for the SASL response */
      if (s->pending != NULL && s->pending->len > 0)
        {
          imap_send_pending (task);
          return;
        }
      if (s->auth == MS_SESSION_AUTH_IMAP_PLAIN && s->auth_stage == 0)
        {
          g_autofree char *line = ms_sasl_plain_encode (NULL, s->username, s->password);

          s->auth_stage = 1;
          ms_dialogue_send_line (task, line, MS_DIALOGUE_REPLY_IMAP, on_imap_login_reply);
          explicit_bzero (line, strlen (line));
          return;
        }
      /* a challenge even after "*": the exchange would never end */
      if (s->outcome->result->login == MS_CHECK_LOGIN_FAILED)
        {
          ms_session_goodbye_with (task, MS_PROBLEM_ENDLESS_EXCHANGE,
                                   "a challenge after the exchange was cancelled");
          return;
        }
      /* a second challenge: cancel the exchange (RFC 3501 §6.2.2) */
      s->outcome->result->login = MS_CHECK_LOGIN_FAILED;
      ms_dialogue_send_line (task, "*", MS_DIALOGUE_REPLY_IMAP, on_imap_login_reply);
      return;
    }

  switch (r.status)
    {
    case MS_IMAP_STATUS_OK:
      ms_imap_response_clear (&r);
      ms_session_login_accepted (task);
      return;
    case MS_IMAP_STATUS_NO:
      if (g_strcmp0 (r.code, "PRIVACYREQUIRED") == 0)
        code = MS_PROBLEM_LOGIN_DISABLED;
      break;
    case MS_IMAP_STATUS_BAD:
    case MS_IMAP_STATUS_NONE:
    case MS_IMAP_STATUS_PREAUTH:
    case MS_IMAP_STATUS_BYE:
    default:
      code = MS_PROBLEM_PROTOCOL_ERROR;
      break;
    }
  ms_session_login_refused (task, code, r.text);
  ms_imap_response_clear (&r);
}

/* One LOGIN argument: quoted, or a literal whose bytes start the next line. */
static gboolean
imap_login_argument (GString    *line,
                     GPtrArray  *lines,
                     const char *value,
                     gboolean    literal_plus)
{
  switch (ms_imap_string_form (value))
    {
    case MS_IMAP_STRING_QUOTED:
      {
        char *quoted = ms_imap_quote (value);

        g_string_append (line, quoted);
        ms_sasl_secret_free (quoted);
      }
      return TRUE;
    case MS_IMAP_STRING_LITERAL:
      {
        g_autofree char *prefix = ms_imap_literal_prefix (value, literal_plus);

        g_string_append (line, prefix);
        g_ptr_array_add (lines, g_strdup (line->str));
        explicit_bzero (line->str, line->len);
        g_string_truncate (line, 0);
        g_string_append (line, value);
      }
      return TRUE;
    case MS_IMAP_STRING_IMPOSSIBLE:
    default:
      return FALSE;
    }
}

static void
imap_login (GTask *task)
{
  Session *s = ms_session_get (task);
  gboolean literal_plus = ms_session_has_capability (s, "LITERAL+")
                          || ms_session_has_capability (s, "LITERAL-");
  GPtrArray *lines = g_ptr_array_new ();
  /* room for the worst case (every character escaped), so no reallocation leaves a copy
   * of the password behind */
  GString *line = g_string_sized_new (64 + 2 * (strlen (s->username) + strlen (s->password)));
  char *first;

  /* the command, with a fresh tag; split after each literal announcement */
  g_free (s->d.tag);
  s->d.tag = g_strdup_printf ("a%u", ++s->d.tag_counter);
  g_string_append_printf (line, "%s LOGIN ", s->d.tag);
  if (!imap_login_argument (line, lines, s->username, literal_plus))
    goto impossible;
  g_string_append_c (line, ' ');
  if (!imap_login_argument (line, lines, s->password, literal_plus))
    goto impossible;
  g_ptr_array_add (lines, g_strdup (line->str));
  explicit_bzero (line->str, line->len);
  g_string_free (line, TRUE);

  s->auth = MS_SESSION_AUTH_IMAP_LOGIN;
  s->pending = lines;
  ms_session_report (s, MS_CHECK_STEP_SIGNING_IN);
  if (literal_plus)
    {
      /* non-synchronising literals (RFC 7888): every line goes out without waiting */
      ms_dialogue_send_lines (task, g_steal_pointer (&s->pending), MS_DIALOGUE_REPLY_IMAP,
                              on_imap_login_reply);
      return;
    }
  /* synchronising literals: each waits for the server's "+" */
  first = g_ptr_array_steal_index (s->pending, 0);
  ms_dialogue_send_line (task, first, MS_DIALOGUE_REPLY_IMAP, on_imap_login_reply);
  ms_sasl_secret_free (first);
  return;

impossible:
  ms_session_free_secrets (lines);
  explicit_bzero (line->str, line->len);
  g_string_free (line, TRUE);
  ms_session_goodbye_with (task, MS_PROBLEM_NO_SUITABLE_AUTH,
                           "the user name or password holds a line break");
}

static void
imap_authenticate_plain (GTask *task)
{
  Session *s = ms_session_get (task);

  s->auth = MS_SESSION_AUTH_IMAP_PLAIN;
  ms_session_report (s, MS_CHECK_STEP_SIGNING_IN);
  if (ms_session_has_capability (s, "SASL-IR"))
    {
      char *command = ms_session_plain_command (s, "AUTHENTICATE");

      s->auth_stage = 1;
      ms_dialogue_send_command (task, command, MS_DIALOGUE_REPLY_IMAP, on_imap_login_reply);
      ms_sasl_secret_free (command);
    }
  else
    {
      s->auth_stage = 0;
      ms_dialogue_send_command (task, "AUTHENTICATE PLAIN", MS_DIALOGUE_REPLY_IMAP, on_imap_login_reply);
    }
}

static void
imap_sign_in (GTask *task)
{
  Session *s = ms_session_get (task);

  if (ms_session_has_mech (s, "PLAIN"))
    imap_authenticate_plain (task);
  else if (ms_session_has_capability (s, "LOGINDISABLED"))
    ms_session_goodbye_with (task, MS_PROBLEM_LOGIN_DISABLED, NULL);
  else
    imap_login (task);
}

const MsSessionProtocol ms_session_imap = {
  .protocol = MS_PROTOCOL_IMAP,
  .judge_line = imap_judge_line,
  .greeting = imap_greeting,
  .on_capabilities = imap_on_capabilities,
  .starttls_accepted = imap_starttls_accepted,
  .login = imap_sign_in,
};
