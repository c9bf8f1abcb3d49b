/* ms-session.c: one server's session — the shared driving of the IMAP, POP3 and SMTP
 * dialogues, with at most one sign-in, or none
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One GTask walks the steps every protocol shares, with the command/reply plumbing of
 * ms-dialogue.c: connect (implicit TLS or plain), greeting, capabilities (unless the
 * greeting listed them); for STARTTLS the command, the upgrade (the stream refuses bytes
 * buffered past the reply) and the capabilities again, always asked for, with everything
 * learned before TLS thrown away. Then at most ONE sign-in, and a polite LOGOUT/QUIT,
 * not waited for. Each step is one round trip; none is taken that the protocol makes
 * redundant. What differs between the protocols is asked of the
 * session's MsSessionProtocol (ms-session-imap.c, -pop3.c, -smtp.c).
 *
 * The check runs a session with the password; the probe (ms-probe.c) runs one without,
 * which stops after the capabilities: there is one implementation of each protocol.
 * The password leaves only inside TLS that verified (or that a pinned exception let
 * through), or over a plain-text connection the user explicitly accepted for this
 * server. It is never logged and is wiped from memory when the session ends.
 */
#define G_LOG_DOMAIN "ms-session"

#include "config.h"

#include <string.h>

#include "ms-connectivity.h"
#include "ms-port-probe.h"
#include "ms-sasl.h"
#include "ms-session-private.h"

#define SESSION_MAX_TOTAL (256 * 1024)
#define GOODBYE_TIMEOUT_MS 1000
/* On a plain connection, how long the greeting may take before asking whether the port
 * speaks TLS instead (a TLS port waits for us in silence); the greeting's step keeps its
 * whole budget all the same. */
#define GREETING_WAIT_MS 1000

/* One per protocol, in no particular order. */
static const MsSessionProtocol *const protocols[] = {
  &ms_session_imap,
  &ms_session_pop3,
  &ms_session_smtp,
};

static const MsSessionProtocol *
protocol_for (MsProtocol protocol)
{
  for (gsize i = 0; i < G_N_ELEMENTS (protocols); i++)
    if (protocols[i]->protocol == protocol)
      return protocols[i];
  return NULL;
}

void
ms_session_free_secrets (GPtrArray *array)
{
  if (array == NULL)
    return;
  for (guint i = 0; i < array->len; i++)
    ms_sasl_secret_free (g_ptr_array_index (array, i));
  g_ptr_array_free (array, TRUE);
}

void
ms_session_outcome_free (MsSessionOutcome *outcome)
{
  if (outcome == NULL)
    return;
  ms_check_server_result_free (outcome->result);
  g_clear_error (&outcome->error);
  g_free (outcome->greeting);
  g_clear_object (&outcome->peer_certificate);
  g_free (outcome);
}

static void
session_free (gpointer data)
{
  Session *s = data;

  g_clear_pointer (&s->server, ms_server_unref);
  g_free (s->host);
  g_free (s->username);
  g_free (s->skip_detail);
  ms_sasl_secret_free (s->password);
  g_clear_pointer (&s->trust, ms_tls_trust_unref);
  g_free (s->provider_name);
  g_free (s->password_reset_url);
  g_free (s->enable_url);
  ms_dialogue_clear (&s->d);
  g_clear_pointer (&s->smtp, ms_smtp_reply_free);
  g_ptr_array_unref (s->caps);
  g_ptr_array_unref (s->mechs);
  ms_session_free_secrets (s->pending);
  g_clear_error (&s->held);
  ms_session_outcome_free (s->outcome);
  g_free (s);
}

void
ms_session_report (Session    *s,
                   MsCheckStep step)
{
  if (s->progress != NULL)
    s->progress (s->server, step, NULL, s->progress_data);
}

static MsProblemContext
session_context (Session *s)
{
  MsProblemContext ctx = { 0 };

  ctx.protocol = s->d.protocol;
  ctx.host = s->host;
  ctx.port = s->port;
  ctx.provider_name = s->provider_name;
  ctx.password_reset_url = s->password_reset_url;
  ctx.enable_url = s->enable_url;
  return ctx;
}

/* Where the time goes; never a secret, never server text. */
static void
trace (Session    *s,
       const char *what)
{
  g_debug ("%s:%u %s after %" G_GINT64_FORMAT " ms", s->host, s->port, what,
           (g_get_monotonic_time () - s->start_us) / 1000);
}

/* The time for the next step: @cap if not 0, else the step's budget — or what is left of
 * the session's budget when it has one (at most @cap). FALSE when nothing is left. */
static gboolean
session_time_left (Session *s,
                   guint    cap,
                   guint   *timeout_ms)
{
  gint64 left_us;

  *timeout_ms = cap != 0 ? cap : s->step_ms;
  if (s->deadline_us == 0)
    return TRUE;
  left_us = s->deadline_us - g_get_monotonic_time ();
  if (left_us <= 0)
    return FALSE;
  *timeout_ms = (guint) MAX (1, (left_us + 999) / 1000);
  if (cap != 0)
    *timeout_ms = MIN (*timeout_ms, cap);
  return TRUE;
}

gboolean
ms_session_text_says_access_disabled (const char *text)
{
  static const char *const phrases[] = {
    "enable imap", "enable pop", "imap access", "pop access", "pop3 access", "imap/pop",
    "imap is disabled", "pop is disabled", "pop3 is disabled", "imap disabled", "pop disabled",
  };
  g_autofree char *lower = NULL;

  if (text == NULL)
    return FALSE;
  lower = g_ascii_strdown (text, -1);
  for (gsize i = 0; i < G_N_ELEMENTS (phrases); i++)
    if (strstr (lower, phrases[i]) != NULL)
      return TRUE;
  return FALSE;
}

/* --- the end --- */

static void
session_return (GTask *task)
{
  Session *s = ms_session_get (task);
  MsSessionOutcome *outcome = g_steal_pointer (&s->outcome);

  trace (s, "done");
  outcome->result->elapsed_ms = (guint) ((g_get_monotonic_time () - s->start_us) / 1000);
  g_clear_object (&s->d.stream);
  /* the password is not needed any more */
  g_clear_pointer (&s->password, ms_sasl_secret_free);
  g_task_return_pointer (task, outcome, (GDestroyNotify) ms_session_outcome_free);
  g_object_unref (task);
}

static void
set_problem (Session   *s,
             MsProblem *problem)
{
  if (s->outcome->result->problem == NULL)
    s->outcome->result->problem = problem;
  else
    ms_problem_free (problem);
}

/* Stops at once, without a goodbye: the connection is not in a state to say one. */
static void
session_fail (GTask     *task,
              MsProblem *problem)
{
  set_problem (ms_session_get (task), problem);
  session_return (task);
}

void
ms_session_fail_code (GTask        *task,
                      MsProblemCode code,
                      const char   *detail)
{
  Session *s = ms_session_get (task);
  MsProblemContext ctx = session_context (s);

  ctx.detail = detail;
  session_fail (task, ms_problem_new (code, &ctx));
}

static void
record_certificate (Session         *s,
                    GTlsCertificate *certificate)
{
  if (certificate == NULL || s->outcome->result->certificate != NULL)
    return;
  s->outcome->result->certificate = ms_certificate_info_new (certificate, NULL);
}

static void
record_tls (Session *s)
{
  MsCheckServerResult *result = s->outcome->result;

  if (!ms_mail_stream_is_tls (s->d.stream))
    return;
  result->tls = TRUE;
  g_free (result->tls_version);
  result->tls_version = g_strdup (ms_mail_stream_get_tls_version_string (s->d.stream));
  result->tls_errors = ms_mail_stream_get_tls_errors (s->d.stream);
  g_set_object (&s->outcome->peer_certificate, ms_mail_stream_get_peer_certificate (s->d.stream));
  record_certificate (s, ms_mail_stream_get_peer_certificate (s->d.stream));
}

static MsProblem *
problem_for_error (Session      *s,
                   const GError *error)
{
  MsCheckServerResult *result = s->outcome->result;
  MsProblemContext ctx = session_context (s);
  g_autofree char *names = NULL;

  ctx.detail = error->message;
  if (error->domain == MS_MAIL_STREAM_ERROR)
    {
      switch ((MsMailStreamError) error->code)
        {
        case MS_MAIL_STREAM_ERROR_TIMEOUT:
          /* not even connected: a blocked port; sending mail is what usually is */
          return ms_problem_new (!result->connected && s->d.protocol == MS_PROTOCOL_SMTP
                                 ? MS_PROBLEM_OUTGOING_BLOCKED : MS_PROBLEM_TIMED_OUT, &ctx);
        case MS_MAIL_STREAM_ERROR_CLOSED:
          return ms_problem_new (MS_PROBLEM_SERVER_CLOSED, &ctx);
        case MS_MAIL_STREAM_ERROR_LINE_TOO_LONG:
          return ms_problem_new (MS_PROBLEM_PROTOCOL_ERROR, &ctx);
        case MS_MAIL_STREAM_ERROR_TOO_MUCH_DATA:
          /* more bytes, or more lines in one reply, than any real server sends */
          return ms_problem_new (MS_PROBLEM_ENDLESS_EXCHANGE, &ctx);
        case MS_MAIL_STREAM_ERROR_TLS_FAILED:
          {
            GTlsCertificateFlags flags = ms_mail_stream_error_get_tls_errors (error);

            record_certificate (s, ms_mail_stream_error_get_peer_certificate (error));
            result->tls_errors = flags;
            result->connected = TRUE;  /* a handshake needs a connection */
            /* hung up before saying anything (GnuTLS: "non-properly terminated") */
            if (flags == 0 && result->certificate == NULL && error->message != NULL
                && strstr (error->message, "terminated") != NULL)
              return ms_problem_new (MS_PROBLEM_SERVER_CLOSED, &ctx);
            if (flags == 0)
              return ms_problem_new (MS_PROBLEM_TLS_FAILED, &ctx);
            if (result->certificate != NULL)
              {
                names = ms_certificate_info_dup_names (result->certificate);
                ctx.certificate_names = names;
                ctx.certificate_self_signed = result->certificate->self_signed;
              }
            return ms_problem_new_for_certificate (flags, &ctx);
          }
        case MS_MAIL_STREAM_ERROR_STARTTLS_INJECTION:
          return ms_problem_new (MS_PROBLEM_STARTTLS_INJECTION, &ctx);
        default:
          break;
        }
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return ms_problem_new (!result->connected && s->d.protocol == MS_PROTOCOL_SMTP
                           ? MS_PROBLEM_OUTGOING_BLOCKED : MS_PROBLEM_TIMED_OUT, &ctx);
  if (ms_connectivity_error_means_offline (error))
    return ms_problem_new (MS_PROBLEM_OFFLINE, &ctx);
  return ms_problem_new_for_error (error, &ctx);
}

void
ms_session_fail_error (GTask  *task,
                       GError *error)
{
  Session *s = ms_session_get (task);
  MsProblem *problem = problem_for_error (s, error);

  if (s->outcome->error == NULL)
    s->outcome->error = error;
  else
    g_error_free (error);
  session_fail (task, problem);
}

static void
on_closed (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  ms_mail_stream_close_finish (MS_MAIL_STREAM (source), result, NULL);
  session_return (user_data);
}

static void
on_goodbye_written (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  guint timeout_ms;

  /* the answers are in; a failing goodbye changes nothing */
  if (!ms_mail_stream_write_line_finish (MS_MAIL_STREAM (source), result, NULL)
      || !session_time_left (ms_session_get (task), GOODBYE_TIMEOUT_MS, &timeout_ms))
    {
      session_return (task);  /* dropping the stream closes it */
      return;
    }
  ms_mail_stream_close_async (MS_MAIL_STREAM (source), timeout_ms,
                              g_task_get_cancellable (task), on_closed, task);
}

/* LOGOUT / QUIT, then close, then return. */
static void
session_goodbye (GTask *task)
{
  Session *s = ms_session_get (task);
  g_autofree char *line = NULL;
  guint timeout_ms;

  g_clear_pointer (&s->password, ms_sasl_secret_free);
  if (!session_time_left (s, GOODBYE_TIMEOUT_MS, &timeout_ms))
    {
      session_return (task);
      return;
    }
  line = ms_dialogue_goodbye_line (&s->d);
  ms_mail_stream_write_line_async (s->d.stream, line, timeout_ms,
                                   g_task_get_cancellable (task), on_goodbye_written, task);
}

void
ms_session_goodbye_with (GTask        *task,
                         MsProblemCode code,
                         const char   *detail)
{
  Session *s = ms_session_get (task);
  MsProblemContext ctx = session_context (s);

  ctx.detail = detail;
  set_problem (s, ms_problem_new (code, &ctx));
  session_goodbye (task);
}

/* --- the dialogue --- */

static void
session_begin_reply (GTask *task)
{
  Session *s = ms_session_get (task);

  if (s->proto->begin_reply != NULL)
    s->proto->begin_reply (task);
}

static gboolean
session_judge_line (GTask      *task,
                    const char *line,
                    gboolean   *complete)
{
  return ms_session_get (task)->proto->judge_line (task, line, complete);
}

static gboolean
session_step_timeout (GTask *task,
                      guint *timeout_ms)
{
  Session *s = ms_session_get (task);

  if (!session_time_left (s, s->step_cap_ms, timeout_ms))
    {
      ms_session_fail_error (task, g_error_new (MS_MAIL_STREAM_ERROR, MS_MAIL_STREAM_ERROR_TIMEOUT,
                                                "Timed out while talking to %s", s->host));
      return FALSE;
    }
  return TRUE;
}

static void on_greeting (GTask *task);

/* What is left of the greeting's step (its budget counts from when the wait began). */
static guint
greeting_left_ms (Session *s)
{
  gint64 used_ms = (g_get_monotonic_time () - s->greeting_us) / 1000;

  return used_ms >= s->step_ms ? 0 : s->step_ms - (guint) used_ms;
}

static void
on_port_probed (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  Session *s = ms_session_get (task);
  g_autoptr(GError) error = NULL;
  gboolean speaks = ms_port_probe_finish (result, &error);
  guint left_ms;

  trace (s, speaks ? "the port speaks the other security" : "the port probe learned nothing");
  if (speaks)
    {
      g_clear_error (&s->held);
      s->outcome->result->connected = TRUE;
      ms_session_fail_code (task, s->security == MS_SECURITY_TLS ? MS_PROBLEM_PORT_NEEDS_STARTTLS
                                                                 : MS_PROBLEM_PORT_NEEDS_TLS, NULL);
      return;
    }
  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      g_clear_error (&s->held);
      ms_session_fail_code (task, MS_PROBLEM_CANCELLED, NULL);
      return;
    }
  /* not a TLS port after all: the greeting may still come, within its step */
  left_ms = s->d.stream != NULL ? greeting_left_ms (s) : 0;
  if (left_ms == 0)
    {
      ms_session_fail_error (task, g_steal_pointer (&s->held));
      return;
    }
  g_clear_error (&s->held);
  s->step_cap_ms = left_ms;
  ms_dialogue_expect_greeting (task, on_greeting);
}

/* A failure that may only mean the port speaks the other security: no greeting on a plain
 * connection (a TLS port waits for our ClientHello), or a handshake that met no TLS (a
 * plain-text port greets at once). Asks the port once; TRUE when the question is out. */
static gboolean
session_ask_port (GTask  *task,
                  GError *error)
{
  Session *s = ms_session_get (task);
  MsDialogue *d = &s->d;
  MsSecurity other;
  guint timeout_ms;

  if (s->port_probed)
    return FALSE;
  if (s->security != MS_SECURITY_TLS && s->step_cap_ms != 0
      && g_error_matches (error, MS_MAIL_STREAM_ERROR, MS_MAIL_STREAM_ERROR_TIMEOUT)
      && d->stream != NULL && (d->reply == NULL || d->reply->len == 0)
      && ms_mail_stream_get_buffered (d->stream) == 0)
    {
      /* not a byte of a greeting */
      other = MS_SECURITY_TLS;
      timeout_ms = MIN (greeting_left_ms (s), s->step_ms / 2);
    }
  else if (s->security == MS_SECURITY_TLS && d->stream == NULL
           && g_error_matches (error, MS_MAIL_STREAM_ERROR, MS_MAIL_STREAM_ERROR_TLS_FAILED)
           && ms_mail_stream_error_get_tls_errors (error) == 0
           && ms_mail_stream_error_get_peer_certificate (error) == NULL)
    {
      /* the handshake never saw a certificate */
      other = MS_SECURITY_STARTTLS;
      timeout_ms = MIN (s->step_ms, GREETING_WAIT_MS * 2);
    }
  else
    return FALSE;

  if (!session_time_left (s, timeout_ms, &timeout_ms))
    return FALSE;
  s->port_probed = TRUE;
  s->step_cap_ms = 0;
  s->held = error;
  trace (s, "asking the port which security it speaks");
  ms_port_probe_async (d->protocol, s->host, s->port, other, s->trust, timeout_ms,
                       g_task_get_cancellable (task), on_port_probed, task);
  return TRUE;
}

static void
session_dialogue_fail (GTask  *task,
                       GError *error)
{
  if (!session_ask_port (task, error))
    ms_session_fail_error (task, error);
}

static const MsDialogueClass session_dialogue_class = {
  .begin_reply = session_begin_reply,
  .judge_line = session_judge_line,
  .fail = session_dialogue_fail,
  .step_timeout = session_step_timeout,
};

/* --- capabilities --- */

gboolean
ms_session_has_mech (Session    *s,
                     const char *mechanism)
{
  for (guint i = 0; i < s->mechs->len; i++)
    if (strcmp (g_ptr_array_index (s->mechs, i), mechanism) == 0)
      return TRUE;
  return FALSE;
}

gboolean
ms_session_has_capability (Session    *s,
                           const char *word)
{
  gsize len = strlen (word);

  for (guint i = 0; i < s->caps->len; i++)
    {
      const char *item = g_ptr_array_index (s->caps, i);

      /* a POP3 CAPA or SMTP EHLO line starts with its keyword */
      if (g_ascii_strncasecmp (item, word, len) == 0 && (item[len] == '\0' || item[len] == ' '))
        return TRUE;
    }
  return FALSE;
}

void
ms_session_reset_capabilities (Session *s)
{
  g_ptr_array_set_size (s->caps, 0);
  g_ptr_array_set_size (s->mechs, 0);
}

static void
ask_capabilities (GTask *task)
{
  ms_dialogue_ask_capabilities (task, ms_session_get (task)->proto->on_capabilities);
}

/* --- STARTTLS --- */

static void
on_tls_started (GTask *task)
{
  Session *s = ms_session_get (task);

  record_tls (s);
  trace (s, "TLS after STARTTLS");
  /* RFC 3207 §4.2, RFC 2595 §3.1, RFC 3501 §6.2.1: forget everything learned in plain
   * text (the greeting's list too) and ask again */
  ms_session_reset_capabilities (s);
  s->caps_in_greeting = FALSE;
  ask_capabilities (task);
}

static void
on_starttls_reply (GTask *task)
{
  Session *s = ms_session_get (task);

  if (!s->proto->starttls_accepted (s))
    {
      /* no server text in the problem: it came before TLS */
      ms_session_fail_code (task, MS_PROBLEM_STARTTLS_FAILED, NULL);
      return;
    }
  ms_dialogue_upgrade_tls (task, on_tls_started);
}

/* --- sign-in --- */

static const char *
auth_mechanism_name (MsSessionAuth auth)
{
  switch (auth)
    {
    case MS_SESSION_AUTH_IMAP_PLAIN:
    case MS_SESSION_AUTH_POP3_PLAIN:
    case MS_SESSION_AUTH_SMTP_PLAIN:
      return "PLAIN";
    case MS_SESSION_AUTH_POP3_LOGIN:
    case MS_SESSION_AUTH_SMTP_LOGIN:
      return "LOGIN";
    case MS_SESSION_AUTH_IMAP_LOGIN:
      return "IMAP LOGIN";
    case MS_SESSION_AUTH_POP3_USER:
      return "USER/PASS";
    case MS_SESSION_AUTH_NONE:
    default:
      return NULL;
    }
}

void
ms_session_login_accepted (GTask *task)
{
  Session *s = ms_session_get (task);
  MsCheckServerResult *result = s->outcome->result;

  trace (s, "signed in");
  result->login = MS_CHECK_LOGIN_OK;
  g_free (result->mechanism);
  result->mechanism = g_strdup (auth_mechanism_name (s->auth));
  session_goodbye (task);
}

void
ms_session_login_refused (GTask        *task,
                          MsProblemCode code,
                          const char   *server_text)
{
  Session *s = ms_session_get (task);
  gboolean trusted = s->outcome->result->tls;
  g_autofree char *detail = NULL;

  s->outcome->result->login = MS_CHECK_LOGIN_FAILED;
  if (trusted && code == MS_PROBLEM_AUTHENTICATION_FAILED
      && ms_session_text_says_access_disabled (server_text))
    code = MS_PROBLEM_ACCESS_DISABLED;
  if (trusted && server_text != NULL && *server_text != '\0')
    detail = g_strdup_printf ("%s: %s", s->host, server_text);
  ms_session_goodbye_with (task, code, detail);
}

char *
ms_session_plain_command (Session    *s,
                          const char *verb)
{
  g_autofree char *response = ms_sasl_plain_encode (NULL, s->username, s->password);
  char *command = g_strdup_printf ("%s PLAIN %s", verb, response);

  explicit_bzero (response, strlen (response));
  return command;
}

/* LOGIN's user name, then its password; PLAIN's response for a server that ignored the
 * initial one. Any other challenge is unexpected: the exchange is cancelled with "*"
 * (RFC 4954 §4, RFC 5034 §4); one more ends the session (endless-exchange). */
void
ms_session_answer_challenge (GTask             *task,
                             MsSessionAuth      login,
                             MsSessionAuth      plain,
                             MsDialogueReply    kind,
                             MsDialogueHandler  handler)
{
  Session *s = ms_session_get (task);
  char *line;

  if (s->auth == login && s->auth_stage < 2)
    {
      line = ms_sasl_login_encode (s->auth_stage == 0 ? s->username : s->password);
      s->auth_stage++;
    }
  else if (s->auth == plain && s->auth_stage == 0)
    {
      line = ms_sasl_plain_encode (NULL, s->username, s->password);
      s->auth_stage = 1;
    }
  else if (s->outcome->result->login != MS_CHECK_LOGIN_FAILED)
    {
      s->outcome->result->login = MS_CHECK_LOGIN_FAILED;
      ms_dialogue_send_line (task, "*", kind, handler);
      return;
    }
  else
    {
      /* a challenge even after "*": the exchange would never end */
      ms_session_goodbye_with (task, MS_PROBLEM_ENDLESS_EXCHANGE,
                               "a challenge after the exchange was cancelled");
      return;
    }
  ms_dialogue_send_line (task, line, kind, handler);
  ms_sasl_secret_free (line);
}

/* --- after the capabilities --- */

static char **
array_to_strv (GPtrArray *array)
{
  char **strv = g_new0 (char *, array->len + 1);

  for (guint i = 0; i < array->len; i++)
    strv[i] = g_strdup (g_ptr_array_index (array, i));
  return strv;
}

static void
login (GTask *task)
{
  Session *s = ms_session_get (task);
  MsCheckServerResult *result = s->outcome->result;

  /* the findings, from the capabilities read over TLS when TLS is used */
  g_strfreev (result->capabilities);
  result->capabilities = array_to_strv (s->caps);
  g_strfreev (result->auth_mechanisms);
  result->auth_mechanisms = array_to_strv (s->mechs);

  /* the last guard: no password outside TLS unless the user accepted it for this server */
  if (!result->tls && !(s->security == MS_SECURITY_NONE && s->allow_plaintext))
    {
      g_critical ("%s:%u: refusing to sign in without TLS", s->host, s->port);
      ms_session_goodbye_with (task, MS_PROBLEM_PLAINTEXT_REFUSED, NULL);
      return;
    }

  if (s->skip_code != MS_PROBLEM_N_CODES)
    {
      ms_session_goodbye_with (task, s->skip_code, s->skip_detail);
      return;
    }
  /* no password, no sign-in: what the server offers is all there is to learn */
  if (s->password == NULL)
    {
      session_goodbye (task);
      return;
    }
  s->proto->login (task);
}

void
ms_session_capabilities_done (GTask *task)
{
  Session *s = ms_session_get (task);
  const char *starttls = ms_dialogue_starttls_capability (s->d.protocol);

  trace (s, "capabilities");

  if (!ms_mail_stream_is_tls (s->d.stream))
    {
      s->outcome->starttls_offered = ms_session_has_capability (s, starttls);
      if (s->security == MS_SECURITY_STARTTLS)
        {
          if (!s->outcome->starttls_offered)
            {
              ms_session_fail_code (task, MS_PROBLEM_STARTTLS_NOT_OFFERED, NULL);
              return;
            }
          ms_session_report (s, MS_CHECK_STEP_SECURING);
          ms_dialogue_send_starttls (task, on_starttls_reply);
          return;
        }
    }
  login (task);
}

/* --- greeting --- */

static void
on_greeting (GTask *task)
{
  Session *s = ms_session_get (task);

  trace (s, "greeting");
  s->step_cap_ms = 0;
  s->outcome->greeting = ms_dialogue_reply_join (&s->d, "\n");
  s->outcome->greeting_over_tls = ms_mail_stream_is_tls (s->d.stream);
  if (!s->proto->greeting (task))
    return;
  if (s->caps_in_greeting)
    ms_session_capabilities_done (task);
  else
    ask_capabilities (task);
}

/* --- connect --- */

static void
on_connected (GTask *task)
{
  Session *s = ms_session_get (task);

  s->outcome->result->connected = TRUE;
  trace (s, "connected");
  record_tls (s);
  s->greeting_us = g_get_monotonic_time ();
  /* on a plain connection a silent port may be a TLS port: ask it after a short wait */
  if (!ms_mail_stream_is_tls (s->d.stream))
    s->step_cap_ms = MIN (GREETING_WAIT_MS, s->step_ms / 3);
  ms_dialogue_expect_greeting (task, on_greeting);
}

void
ms_session_run_async (const MsSessionParams *params,
                      GCancellable          *cancellable,
                      MsCheckProgressFunc    progress,
                      gpointer               progress_data,
                      GAsyncReadyCallback    callback,
                      gpointer               user_data)
{
  GTask *task;
  Session *s;
  MsCheckServerResult *result;
  guint connect_ms;

  g_return_if_fail (params != NULL && params->server != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ms_session_run_async);
  /* the result carries the outcome, also a cancellation */
  g_task_set_check_cancellable (task, FALSE);

  s = g_new0 (Session, 1);
  s->server = ms_server_ref (params->server);
  ms_dialogue_init (&s->d, &session_dialogue_class, ms_server_get_protocol (params->server));
  s->proto = protocol_for (s->d.protocol);
  s->security = ms_server_get_security (params->server);
  s->host = g_strdup (ms_server_get_host (params->server));
  s->port = ms_server_get_port (params->server);
  s->username = g_strdup (params->username != NULL ? params->username : "");
  s->password = g_strdup (params->password);
  s->skip_code = params->skip_code;
  s->skip_detail = g_strdup (params->skip_detail);
  s->allow_plaintext = params->allow_plaintext;
  s->accept_preauth = params->accept_preauth;
  s->trust = params->trust != NULL ? ms_tls_trust_ref (params->trust) : NULL;
  s->step_ms = params->step_timeout_ms != 0 ? params->step_timeout_ms
                                            : MS_CHECK_DEFAULT_STEP_TIMEOUT_MS;
  s->provider_name = g_strdup (params->provider_name);
  s->password_reset_url = g_strdup (params->password_reset_url);
  s->enable_url = g_strdup (params->enable_url);
  s->progress = progress;
  s->progress_data = progress_data;
  s->caps = g_ptr_array_new_with_free_func (g_free);
  s->mechs = g_ptr_array_new_with_free_func (g_free);
  s->start_us = g_get_monotonic_time ();
  if (params->run_timeout_ms != 0)
    s->deadline_us = s->start_us + (gint64) params->run_timeout_ms * 1000;
  s->outcome = g_new0 (MsSessionOutcome, 1);
  s->outcome->result = result = g_new0 (MsCheckServerResult, 1);
  result->server = ms_server_ref (params->server);
  result->username = g_strdup (s->username);
  result->capabilities = g_new0 (char *, 1);
  result->auth_mechanisms = g_new0 (char *, 1);
  g_task_set_task_data (task, s, session_free);

  if (s->host == NULL || *s->host == '\0' || s->port == 0 || s->proto == NULL)
    {
      ms_session_fail_code (task, MS_PROBLEM_PROTOCOL_ERROR, "incomplete server settings");
      return;
    }
  if (s->security == MS_SECURITY_NONE && !s->allow_plaintext)
    {
      /* not even a connection: nothing of this server's is needed to refuse it */
      ms_session_fail_code (task, MS_PROBLEM_PLAINTEXT_REFUSED, NULL);
      return;
    }
  if (g_cancellable_is_cancelled (cancellable))
    {
      ms_session_fail_code (task, MS_PROBLEM_CANCELLED, NULL);
      return;
    }

  ms_session_report (s, MS_CHECK_STEP_CONNECTING);
  session_time_left (s, 0, &connect_ms);
  ms_dialogue_connect (task, s->host, s->port, s->security, s->trust, connect_ms,
                       SESSION_MAX_TOTAL, on_connected);
}

MsSessionOutcome *
ms_session_run_finish (GAsyncResult *result)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ms_session_run_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), NULL);
}
