/* ms-session.c: one server's check — the sign-in dialogue of IMAP, POP3 and SMTP
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One GTask walks a state machine much like the capability probe (ms-probe.c), with the
 * same command/reply plumbing (ms-dialogue.c): connect (implicit TLS or plain), greeting,
 * capabilities; for STARTTLS the command, the upgrade (the stream refuses bytes buffered
 * past the reply) and the capabilities again, with everything learned before TLS thrown
 * away. Then at most ONE sign-in, and a polite LOGOUT/QUIT.
 *
 * The password leaves only inside TLS that verified (or that a pinned exception let
 * through), or over a plain-text connection the user explicitly accepted for this
 * server. It is never logged and is wiped from memory when the session ends.
 */
#define G_LOG_DOMAIN "ms-session"

#include "config.h"

#include <string.h>

#include "ms-dialogue.h"
#include "ms-reply.h"
#include "ms-sasl.h"
#include "ms-session.h"

#define SESSION_MAX_TOTAL (256 * 1024)
#define GOODBYE_TIMEOUT_MS 1000

typedef enum {
  AUTH_NONE,
  AUTH_IMAP_PLAIN,        /* AUTHENTICATE PLAIN, maybe waiting for "+" */
  AUTH_IMAP_LOGIN,        /* LOGIN, maybe with synchronising literals */
  AUTH_POP3_PLAIN,
  AUTH_POP3_LOGIN,
  AUTH_POP3_USER,
  AUTH_SMTP_PLAIN,
  AUTH_SMTP_LOGIN,
} AuthMethod;

typedef struct {
  MsDialogue d;                /* first: the protocol, the stream, the current reply; an
                                * IMAP reply ends at the tagged line or at a "+" */
  MsServer *server;
  MsSecurity security;
  char *host;
  guint16 port;
  char *username;
  char *password;              /* wiped on free */
  MsProblemCode skip_code;
  char *skip_detail;
  gboolean allow_plaintext;
  MsTlsTrust *trust;
  guint step_ms;
  char *provider_name;
  char *password_reset_url;
  char *enable_url;
  MsCheckProgressFunc progress;
  gpointer progress_data;

  gint64 start_us;

  MsSmtpReply *smtp;           /* the current reply, when SMTP */

  GPtrArray *caps;
  GPtrArray *mechs;

  AuthMethod auth;
  guint auth_stage;
  GPtrArray *pending;          /* IMAP LOGIN: the lines still to send (secrets) */

  MsCheckServerResult *result;
} Session;

static void
free_secret_array (GPtrArray *array)
{
  if (array == NULL)
    return;
  for (guint i = 0; i < array->len; i++)
    ms_sasl_secret_free (g_ptr_array_index (array, i));
  g_ptr_array_free (array, TRUE);
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
  free_secret_array (s->pending);
  ms_check_server_result_free (s->result);
  g_free (s);
}

static Session *
get_session (GTask *task)
{
  return g_task_get_task_data (task);
}

static void
report (Session    *s,
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
  Session *s = get_session (task);
  MsCheckServerResult *result = g_steal_pointer (&s->result);

  trace (s, "done");
  result->elapsed_ms = (guint) ((g_get_monotonic_time () - s->start_us) / 1000);
  g_clear_object (&s->d.stream);
  /* the password is not needed any more */
  g_clear_pointer (&s->password, ms_sasl_secret_free);
  g_task_return_pointer (task, result, (GDestroyNotify) ms_check_server_result_free);
  g_object_unref (task);
}

static void
set_problem (Session   *s,
             MsProblem *problem)
{
  if (s->result->problem == NULL)
    s->result->problem = problem;
  else
    ms_problem_free (problem);
}

/* Stops at once, without a goodbye: the connection is not in a state to say one. */
static void
session_fail (GTask     *task,
              MsProblem *problem)
{
  set_problem (get_session (task), problem);
  session_return (task);
}

static void
session_fail_code (GTask        *task,
                   MsProblemCode code,
                   const char   *detail)
{
  Session *s = get_session (task);
  MsProblemContext ctx = session_context (s);

  ctx.detail = detail;
  session_fail (task, ms_problem_new (code, &ctx));
}

static void
record_certificate (Session         *s,
                    GTlsCertificate *certificate)
{
  if (certificate == NULL || s->result->certificate != NULL)
    return;
  s->result->certificate = ms_certificate_info_new (certificate, NULL);
}

static void
record_tls (Session *s)
{
  if (!ms_mail_stream_is_tls (s->d.stream))
    return;
  s->result->tls = TRUE;
  g_free (s->result->tls_version);
  s->result->tls_version = g_strdup (ms_mail_stream_get_tls_version_string (s->d.stream));
  s->result->tls_errors = ms_mail_stream_get_tls_errors (s->d.stream);
  record_certificate (s, ms_mail_stream_get_peer_certificate (s->d.stream));
}

static MsProblem *
problem_for_error (Session      *s,
                   const GError *error)
{
  MsProblemContext ctx = session_context (s);
  g_autofree char *names = NULL;

  ctx.detail = error->message;
  if (error->domain == MS_MAIL_STREAM_ERROR)
    {
      switch ((MsMailStreamError) error->code)
        {
        case MS_MAIL_STREAM_ERROR_TIMEOUT:
          /* not even connected: a blocked port; sending mail is what usually is */
          return ms_problem_new (!s->result->connected && s->d.protocol == MS_PROTOCOL_SMTP
                                 ? MS_PROBLEM_OUTGOING_BLOCKED : MS_PROBLEM_TIMED_OUT, &ctx);
        case MS_MAIL_STREAM_ERROR_CLOSED:
          return ms_problem_new (MS_PROBLEM_SERVER_CLOSED, &ctx);
        case MS_MAIL_STREAM_ERROR_LINE_TOO_LONG:
        case MS_MAIL_STREAM_ERROR_TOO_MUCH_DATA:
          return ms_problem_new (MS_PROBLEM_PROTOCOL_ERROR, &ctx);
        case MS_MAIL_STREAM_ERROR_TLS_FAILED:
          {
            GTlsCertificateFlags flags = ms_mail_stream_error_get_tls_errors (error);

            record_certificate (s, ms_mail_stream_error_get_peer_certificate (error));
            s->result->tls_errors = flags;
            s->result->connected = TRUE;  /* a handshake needs a connection */
            /* hung up before saying anything (GnuTLS: "non-properly terminated") */
            if (flags == 0 && s->result->certificate == NULL && error->message != NULL
                && strstr (error->message, "terminated") != NULL)
              return ms_problem_new (MS_PROBLEM_SERVER_CLOSED, &ctx);
            if (flags == 0)
              return ms_problem_new (MS_PROBLEM_TLS_FAILED, &ctx);
            if (s->result->certificate != NULL)
              {
                names = ms_certificate_info_dup_names (s->result->certificate);
                ctx.certificate_names = names;
                ctx.certificate_self_signed = s->result->certificate->self_signed;
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
    return ms_problem_new (!s->result->connected && s->d.protocol == MS_PROTOCOL_SMTP
                           ? MS_PROBLEM_OUTGOING_BLOCKED : MS_PROBLEM_TIMED_OUT, &ctx);
  return ms_problem_new_for_error (error, &ctx);
}

static void
session_fail_error (GTask  *task,
                    GError *error)
{
  Session *s = get_session (task);

  session_fail (task, problem_for_error (s, error));
  g_error_free (error);
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

  /* the answers are in; a failing goodbye changes nothing */
  if (!ms_mail_stream_write_line_finish (MS_MAIL_STREAM (source), result, NULL))
    {
      session_return (task);
      return;
    }
  ms_mail_stream_close_async (MS_MAIL_STREAM (source), GOODBYE_TIMEOUT_MS,
                              g_task_get_cancellable (task), on_closed, task);
}

/* LOGOUT / QUIT, then close, then return. */
static void
session_goodbye (GTask *task)
{
  Session *s = get_session (task);
  g_autofree char *line = NULL;

  g_clear_pointer (&s->password, ms_sasl_secret_free);
  line = ms_dialogue_goodbye_line (&s->d);
  ms_mail_stream_write_line_async (s->d.stream, line, GOODBYE_TIMEOUT_MS,
                                   g_task_get_cancellable (task), on_goodbye_written, task);
}

static void
session_goodbye_with (GTask        *task,
                      MsProblemCode code,
                      const char   *detail)
{
  Session *s = get_session (task);
  MsProblemContext ctx = session_context (s);

  ctx.detail = detail;
  set_problem (s, ms_problem_new (code, &ctx));
  session_goodbye (task);
}

/* --- the dialogue --- */

static void
session_begin_reply (GTask *task)
{
  Session *s = get_session (task);

  g_clear_pointer (&s->smtp, ms_smtp_reply_free);
  s->smtp = ms_smtp_reply_new ();
}

static gboolean
session_judge_line (GTask      *task,
                    const char *line,
                    gboolean   *complete)
{
  Session *s = get_session (task);

  if (s->d.reply_kind == MS_DIALOGUE_REPLY_IMAP)
    {
      MsImapResponse r = { 0 };

      ms_imap_response_parse (line, &r);
      if (r.literal && r.kind != MS_IMAP_RESPONSE_TAGGED)
        {
          /* nothing in a sign-in dialogue needs a literal; its bytes could hide a
           * forged tagged reply, so stop here */
          ms_imap_response_clear (&r);
          session_fail_code (task, MS_PROBLEM_PROTOCOL_ERROR, "unexpected literal");
          return FALSE;
        }
      *complete = r.kind == MS_IMAP_RESPONSE_CONTINUATION
                  || (r.kind == MS_IMAP_RESPONSE_TAGGED && g_strcmp0 (r.tag, s->d.tag) == 0);
      ms_imap_response_clear (&r);
      return TRUE;
    }
  else
    {
      int state = ms_smtp_reply_add_line (s->smtp, line);

      if (state < 0)
        {
          session_fail_code (task, MS_PROBLEM_PROTOCOL_ERROR, "not an SMTP reply");
          return FALSE;
        }
      *complete = state > 0;
      return TRUE;
    }
}

static gboolean
session_step_timeout (GTask *task,
                      guint *timeout_ms)
{
  *timeout_ms = get_session (task)->step_ms;
  return TRUE;
}

static const MsDialogueClass session_dialogue_class = {
  .begin_reply = session_begin_reply,
  .judge_line = session_judge_line,
  .fail = session_fail_error,
  .step_timeout = session_step_timeout,
};

/* The tagged line closing an IMAP reply, parsed; FALSE if the reply ended with "+". */
static gboolean
imap_tagged (Session        *s,
             MsImapResponse *response)
{
  ms_imap_response_parse (ms_dialogue_reply_last (&s->d), response);
  return response->kind == MS_IMAP_RESPONSE_TAGGED;
}

/* --- capabilities --- */

static gboolean
has_mech (Session    *s,
          const char *mechanism)
{
  for (guint i = 0; i < s->mechs->len; i++)
    if (strcmp (g_ptr_array_index (s->mechs, i), mechanism) == 0)
      return TRUE;
  return FALSE;
}

static void capabilities_done (GTask *task);

static void
reset_capabilities (Session *s)
{
  g_ptr_array_set_size (s->caps, 0);
  g_ptr_array_set_size (s->mechs, 0);
}

static gboolean
has_word (GPtrArray  *array,
          const char *word)
{
  for (guint i = 0; i < array->len; i++)
    {
      const char *item = g_ptr_array_index (array, i);
      gsize len = strlen (word);

      /* a POP3 CAPA or SMTP EHLO line starts with its keyword */
      if (g_ascii_strncasecmp (item, word, len) == 0 && (item[len] == '\0' || item[len] == ' '))
        return TRUE;
    }
  return FALSE;
}

static void
on_imap_capability (GTask *task)
{
  Session *s = get_session (task);
  MsImapResponse r = { 0 };

  reset_capabilities (s);
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
      session_fail_code (task, MS_PROBLEM_PROTOCOL_ERROR, "CAPABILITY refused");
      return;
    }
  ms_imap_response_clear (&r);
  capabilities_done (task);
}

static void
on_pop3_capa (GTask *task)
{
  Session *s = get_session (task);

  reset_capabilities (s);
  /* -ERR: a server without CAPA (RFC 2449) has no capabilities to tell */
  if (ms_pop3_parse_status (g_ptr_array_index (s->d.reply, 0), NULL, NULL) == MS_POP3_STATUS_OK)
    for (guint i = 1; i + 1 < s->d.reply->len; i++)
      {
        const char *line = g_ptr_array_index (s->d.reply, i);

        ms_pop3_parse_capa_line (line[0] == '.' ? line + 1 : line, s->caps, s->mechs);
      }
  capabilities_done (task);
}

static void
on_smtp_ehlo (GTask *task)
{
  Session *s = get_session (task);

  reset_capabilities (s);
  /* a refused EHLO (an old server) leaves no extensions: no STARTTLS, no AUTH */
  if (s->smtp->code == 250)
    ms_smtp_parse_ehlo (s->smtp, s->caps, s->mechs);
  capabilities_done (task);
}

static void
ask_capabilities (GTask *task)
{
  ms_dialogue_ask_capabilities (task, on_imap_capability, on_pop3_capa, on_smtp_ehlo);
}

/* --- STARTTLS --- */

static void
on_tls_started (GTask *task)
{
  Session *s = get_session (task);

  record_tls (s);
  trace (s, "TLS after STARTTLS");
  /* RFC 3207 §4.2, RFC 2595 §3.1, RFC 3501 §6.2.1: forget everything learned in plain
   * text and ask again */
  reset_capabilities (s);
  ask_capabilities (task);
}

static void
on_starttls_reply (GTask *task)
{
  Session *s = get_session (task);
  gboolean ok = FALSE;

  switch (s->d.protocol)
    {
    case MS_PROTOCOL_IMAP:
      {
        MsImapResponse r = { 0 };

        /* untagged lines before the tagged reply are ignored: pre-TLS, untrusted */
        ok = imap_tagged (s, &r) && r.status == MS_IMAP_STATUS_OK;
        ms_imap_response_clear (&r);
      }
      break;
    case MS_PROTOCOL_POP3:
      ok = ms_pop3_parse_status (ms_dialogue_reply_last (&s->d), NULL, NULL) == MS_POP3_STATUS_OK;
      break;
    case MS_PROTOCOL_SMTP:
      ok = s->smtp->code == 220;
      break;
    default:
      g_assert_not_reached ();
    }
  if (!ok)
    {
      /* no server text in the problem: it came before TLS */
      session_fail_code (task, MS_PROBLEM_STARTTLS_FAILED, NULL);
      return;
    }
  ms_dialogue_upgrade_tls (task, on_tls_started);
}

/* --- sign-in --- */

static void
login_accepted (GTask      *task,
                const char *mechanism)
{
  Session *s = get_session (task);

  trace (s, "signed in");
  s->result->login = MS_CHECK_LOGIN_OK;
  g_free (s->result->mechanism);
  s->result->mechanism = g_strdup (mechanism);
  session_goodbye (task);
}

/* The server refused: @code unless the server's words (trusted only over TLS) say that
 * access must be switched on first. */
static void
login_refused (GTask        *task,
               MsProblemCode code,
               const char   *server_text)
{
  Session *s = get_session (task);
  gboolean trusted = s->result->tls;
  g_autofree char *detail = NULL;

  s->result->login = MS_CHECK_LOGIN_FAILED;
  if (trusted && code == MS_PROBLEM_AUTHENTICATION_FAILED
      && ms_session_text_says_access_disabled (server_text))
    code = MS_PROBLEM_ACCESS_DISABLED;
  if (trusted && server_text != NULL && *server_text != '\0')
    detail = g_strdup_printf ("%s: %s", s->host, server_text);
  session_goodbye_with (task, code, detail);
}

static const char *
auth_mechanism_name (AuthMethod auth)
{
  switch (auth)
    {
    case AUTH_IMAP_PLAIN:
    case AUTH_POP3_PLAIN:
    case AUTH_SMTP_PLAIN:
      return "PLAIN";
    case AUTH_POP3_LOGIN:
    case AUTH_SMTP_LOGIN:
      return "LOGIN";
    case AUTH_IMAP_LOGIN:
      return "IMAP LOGIN";
    case AUTH_POP3_USER:
      return "USER/PASS";
    case AUTH_NONE:
    default:
      return NULL;
    }
}

/* "VERB PLAIN response": a command with PLAIN's initial response (a secret: free it
 * with ms_sasl_secret_free()). */
static char *
plain_command (Session    *s,
               const char *verb)
{
  g_autofree char *response = ms_sasl_plain_encode (NULL, s->username, s->password);
  char *command = g_strdup_printf ("%s PLAIN %s", verb, response);

  explicit_bzero (response, strlen (response));
  return command;
}

/* Answers a server's challenge within a POP3 or SMTP AUTH exchange (@login and @plain
 * are the protocol's methods): LOGIN's user name, then its password; PLAIN's response
 * for a server that ignored the initial one. Any other challenge is unexpected: the
 * exchange is cancelled with "*" (RFC 4954 §4, RFC 5034 §4). */
static void
answer_challenge (GTask             *task,
                  AuthMethod         login,
                  AuthMethod         plain,
                  MsDialogueReply    kind,
                  MsDialogueHandler  handler)
{
  Session *s = get_session (task);
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
  else
    {
      s->result->login = MS_CHECK_LOGIN_FAILED;
      ms_dialogue_send_line (task, "*", kind, handler);
      return;
    }
  ms_dialogue_send_line (task, line, kind, handler);
  ms_sasl_secret_free (line);
}

/* IMAP */

static void on_imap_login_reply (GTask *task);

static void
imap_send_pending (GTask *task)
{
  Session *s = get_session (task);
  char *line = g_ptr_array_steal_index (s->pending, 0);

  ms_dialogue_send_line (task, line, MS_DIALOGUE_REPLY_IMAP, on_imap_login_reply);
  ms_sasl_secret_free (line);
}

static void
on_imap_login_reply (GTask *task)
{
  Session *s = get_session (task);
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
      if (s->auth == AUTH_IMAP_PLAIN && s->auth_stage == 0)
        {
          g_autofree char *line = ms_sasl_plain_encode (NULL, s->username, s->password);

          s->auth_stage = 1;
          ms_dialogue_send_line (task, line, MS_DIALOGUE_REPLY_IMAP, on_imap_login_reply);
          explicit_bzero (line, strlen (line));
          return;
        }
      /* a second challenge: cancel the exchange (RFC 3501 §6.2.2) */
      s->result->login = MS_CHECK_LOGIN_FAILED;
      ms_dialogue_send_line (task, "*", MS_DIALOGUE_REPLY_IMAP, on_imap_login_reply);
      return;
    }

  switch (r.status)
    {
    case MS_IMAP_STATUS_OK:
      ms_imap_response_clear (&r);
      login_accepted (task, auth_mechanism_name (s->auth));
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
  login_refused (task, code, r.text);
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

static void write_pending (GTask *task);

static void
imap_login (GTask *task)
{
  Session *s = get_session (task);
  gboolean literal_plus = has_word (s->caps, "LITERAL+") || has_word (s->caps, "LITERAL-");
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

  s->auth = AUTH_IMAP_LOGIN;
  s->pending = lines;
  report (s, MS_CHECK_STEP_SIGNING_IN);
  if (literal_plus)
    {
      /* non-synchronising literals (RFC 7888): every line goes out without waiting */
      s->d.reply_kind = MS_DIALOGUE_REPLY_IMAP;
      s->d.reply_handler = on_imap_login_reply;
      write_pending (task);
      return;
    }
  /* synchronising literals: each waits for the server's "+" */
  first = g_ptr_array_steal_index (s->pending, 0);
  ms_dialogue_send_line (task, first, MS_DIALOGUE_REPLY_IMAP, on_imap_login_reply);
  ms_sasl_secret_free (first);
  return;

impossible:
  free_secret_array (lines);
  explicit_bzero (line->str, line->len);
  g_string_free (line, TRUE);
  session_goodbye_with (task, MS_PROBLEM_NO_SUITABLE_AUTH,
                        "the user name or password holds a line break");
}

static void
on_pending_written (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  Session *s = get_session (task);
  GError *error = NULL;

  if (!ms_mail_stream_write_line_finish (MS_MAIL_STREAM (source), result, &error))
    {
      session_fail_error (task, error);
      return;
    }
  if (s->pending->len > 0)
    {
      write_pending (task);
      return;
    }
  ms_dialogue_expect_reply (task, s->d.reply_kind, s->d.reply_handler);
}

static void
write_pending (GTask *task)
{
  Session *s = get_session (task);
  char *line = g_ptr_array_steal_index (s->pending, 0);

  ms_mail_stream_write_line_async (s->d.stream, line, s->step_ms, g_task_get_cancellable (task),
                                   on_pending_written, task);
  ms_sasl_secret_free (line);
}

static void
imap_authenticate_plain (GTask *task)
{
  Session *s = get_session (task);

  s->auth = AUTH_IMAP_PLAIN;
  report (s, MS_CHECK_STEP_SIGNING_IN);
  if (has_word (s->caps, "SASL-IR"))
    {
      char *command = plain_command (s, "AUTHENTICATE");

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

/* POP3 */

static void
on_pop3_login_reply (GTask *task)
{
  Session *s = get_session (task);
  g_autofree char *code = NULL;
  const char *text = NULL;
  MsPop3Status status = ms_pop3_parse_status (ms_dialogue_reply_last (&s->d), &code, &text);
  char *line = NULL;

  switch (status)
    {
    case MS_POP3_STATUS_OK:
      if (s->auth == AUTH_POP3_USER && s->auth_stage == 0)
        {
          s->auth_stage = 1;
          line = g_strdup_printf ("PASS %s", s->password);
          ms_dialogue_send_line (task, line, MS_DIALOGUE_REPLY_LINE, on_pop3_login_reply);
          ms_sasl_secret_free (line);
          return;
        }
      login_accepted (task, auth_mechanism_name (s->auth));
      return;
    case MS_POP3_STATUS_CONTINUE:
      answer_challenge (task, AUTH_POP3_LOGIN, AUTH_POP3_PLAIN, MS_DIALOGUE_REPLY_LINE,
                        on_pop3_login_reply);
      return;
    case MS_POP3_STATUS_ERR:
      login_refused (task, MS_PROBLEM_AUTHENTICATION_FAILED, text);
      return;
    case MS_POP3_STATUS_INVALID:
    default:
      s->result->login = MS_CHECK_LOGIN_FAILED;
      session_fail_code (task, MS_PROBLEM_PROTOCOL_ERROR, "not a POP3 reply");
      return;
    }
}

static void
pop3_login (GTask *task)
{
  Session *s = get_session (task);
  char *command;

  report (s, MS_CHECK_STEP_SIGNING_IN);
  s->auth_stage = 0;
  if (has_mech (s, "PLAIN"))
    {
      s->auth = AUTH_POP3_PLAIN;
      s->auth_stage = 1;
      command = plain_command (s, "AUTH");
    }
  else if (has_word (s->caps, "USER") || s->caps->len == 0)
    {
      s->auth = AUTH_POP3_USER;
      command = g_strdup_printf ("USER %s", s->username);
    }
  else if (has_mech (s, "LOGIN"))
    {
      s->auth = AUTH_POP3_LOGIN;
      command = g_strdup ("AUTH LOGIN");
    }
  else
    {
      session_goodbye_with (task, MS_PROBLEM_NO_SUITABLE_AUTH, NULL);
      return;
    }
  ms_dialogue_send_command (task, command, MS_DIALOGUE_REPLY_LINE, on_pop3_login_reply);
  ms_sasl_secret_free (command);
}

/* SMTP */

static void
on_smtp_auth_reply (GTask *task)
{
  Session *s = get_session (task);
  guint code = s->smtp->code;
  g_autofree char *text = NULL;

  if (code == 235)
    {
      login_accepted (task, auth_mechanism_name (s->auth));
      return;
    }
  if (code == 334)
    {
      answer_challenge (task, AUTH_SMTP_LOGIN, AUTH_SMTP_PLAIN, MS_DIALOGUE_REPLY_SMTP,
                        on_smtp_auth_reply);
      return;
    }

  {
    g_autoptr(GPtrArray) lines = g_ptr_array_ref (s->smtp->lines);

    g_ptr_array_add (lines, NULL);
    text = g_strjoinv (" ", (char **) lines->pdata);
    g_ptr_array_set_size (lines, lines->len - 1);
  }
  if (code == 535)
    login_refused (task, MS_PROBLEM_AUTHENTICATION_FAILED, text);
  else if (code == 530 || code == 538)
    login_refused (task, MS_PROBLEM_LOGIN_DISABLED, text);
  else if (code == 534)
    login_refused (task, ms_session_text_says_access_disabled (text) ? MS_PROBLEM_ACCESS_DISABLED
                                                                      : MS_PROBLEM_LOGIN_DISABLED, text);
  else if (code == 504)
    login_refused (task, MS_PROBLEM_NO_SUITABLE_AUTH, text);
  else if (code >= 500)
    login_refused (task, MS_PROBLEM_AUTHENTICATION_FAILED, text);
  else
    login_refused (task, MS_PROBLEM_PROTOCOL_ERROR, text);
}

static void
smtp_login (GTask *task)
{
  Session *s = get_session (task);
  char *command;

  if (s->mechs->len == 0)
    {
      /* RFC 4954: no AUTH keyword — this port will not take a password. Not a success. */
      session_goodbye_with (task, MS_PROBLEM_NO_AUTH_OFFERED, NULL);
      return;
    }
  s->auth_stage = 0;
  if (has_mech (s, "PLAIN"))
    {
      s->auth = AUTH_SMTP_PLAIN;
      s->auth_stage = 1;
      command = plain_command (s, "AUTH");
    }
  else if (has_mech (s, "LOGIN"))
    {
      s->auth = AUTH_SMTP_LOGIN;
      command = g_strdup ("AUTH LOGIN");
    }
  else
    {
      session_goodbye_with (task, MS_PROBLEM_NO_SUITABLE_AUTH, NULL);
      return;
    }
  report (s, MS_CHECK_STEP_SIGNING_IN);
  ms_dialogue_send_command (task, command, MS_DIALOGUE_REPLY_SMTP, on_smtp_auth_reply);
  ms_sasl_secret_free (command);
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
  Session *s = get_session (task);

  /* the findings, from the capabilities read over TLS when TLS is used */
  g_strfreev (s->result->capabilities);
  s->result->capabilities = array_to_strv (s->caps);
  g_strfreev (s->result->auth_mechanisms);
  s->result->auth_mechanisms = array_to_strv (s->mechs);

  /* the last guard: no password outside TLS unless the user accepted it for this server */
  if (!s->result->tls && !(s->security == MS_SECURITY_NONE && s->allow_plaintext))
    {
      g_critical ("%s:%u: refusing to sign in without TLS", s->host, s->port);
      session_goodbye_with (task, MS_PROBLEM_PLAINTEXT_REFUSED, NULL);
      return;
    }

  if (s->skip_code != MS_PROBLEM_N_CODES)
    {
      session_goodbye_with (task, s->skip_code, s->skip_detail);
      return;
    }
  if (s->password == NULL)
    {
      session_goodbye (task);
      return;
    }

  switch (s->d.protocol)
    {
    case MS_PROTOCOL_IMAP:
      if (has_mech (s, "PLAIN"))
        imap_authenticate_plain (task);
      else if (has_word (s->caps, "LOGINDISABLED"))
        session_goodbye_with (task, MS_PROBLEM_LOGIN_DISABLED, NULL);
      else
        imap_login (task);
      break;
    case MS_PROTOCOL_POP3:
      pop3_login (task);
      break;
    case MS_PROTOCOL_SMTP:
      smtp_login (task);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
capabilities_done (GTask *task)
{
  Session *s = get_session (task);
  gboolean tls = ms_mail_stream_is_tls (s->d.stream);

  trace (s, "capabilities");

  if (!tls && s->security == MS_SECURITY_STARTTLS)
    {
      if (!has_word (s->caps, ms_dialogue_starttls_capability (s->d.protocol)))
        {
          session_fail_code (task, MS_PROBLEM_STARTTLS_NOT_OFFERED, NULL);
          return;
        }
      report (s, MS_CHECK_STEP_SECURING);
      ms_dialogue_send_starttls (task, on_starttls_reply);
      return;
    }
  login (task);
}

/* --- greeting --- */

static void
on_greeting (GTask *task)
{
  Session *s = get_session (task);
  const char *first = g_ptr_array_index (s->d.reply, 0);

  trace (s, "greeting");

  switch (s->d.protocol)
    {
    case MS_PROTOCOL_IMAP:
      {
        MsImapResponse r = { 0 };
        MsImapStatus status = MS_IMAP_STATUS_NONE;

        if (ms_imap_response_parse (first, &r) && r.kind == MS_IMAP_RESPONSE_UNTAGGED)
          status = r.status;
        ms_imap_response_clear (&r);
        if (status == MS_IMAP_STATUS_PREAUTH)
          {
            /* "already signed in": a login was expected, and with STARTTLS this is the
             * PREAUTH attack (CVE-2020-12398, CVE-2020-14093) — never continue */
            session_fail_code (task, MS_PROBLEM_PREAUTH_REFUSED, NULL);
            return;
          }
        if (status == MS_IMAP_STATUS_BYE)
          {
            session_fail_code (task, MS_PROBLEM_SERVER_CLOSED, "the server said BYE");
            return;
          }
        if (status != MS_IMAP_STATUS_OK)
          {
            session_fail_code (task, MS_PROBLEM_PROTOCOL_ERROR, "not an IMAP greeting");
            return;
          }
      }
      break;
    case MS_PROTOCOL_POP3:
      switch (ms_pop3_parse_status (first, NULL, NULL))
        {
        case MS_POP3_STATUS_OK:
          break;
        case MS_POP3_STATUS_ERR:
          session_fail_code (task, MS_PROBLEM_SERVER_CLOSED, "the server refused the session");
          return;
        case MS_POP3_STATUS_INVALID:
        case MS_POP3_STATUS_CONTINUE:
        default:
          session_fail_code (task, MS_PROBLEM_PROTOCOL_ERROR, "not a POP3 greeting");
          return;
        }
      break;
    case MS_PROTOCOL_SMTP:
      if (s->smtp->code != 220)
        {
          session_fail_code (task, MS_PROBLEM_SERVER_CLOSED, "the server refused the session");
          return;
        }
      break;
    default:
      g_assert_not_reached ();
    }
  ask_capabilities (task);
}

/* --- connect --- */

static void
on_connected (GTask *task)
{
  Session *s = get_session (task);

  s->result->connected = TRUE;
  trace (s, "connected");
  record_tls (s);
  ms_dialogue_expect_greeting (task, on_greeting);
}

void
ms_session_check_async (const MsSessionParams *params,
                        GCancellable          *cancellable,
                        MsCheckProgressFunc    progress,
                        gpointer               progress_data,
                        GAsyncReadyCallback    callback,
                        gpointer               user_data)
{
  GTask *task;
  Session *s;

  g_return_if_fail (params != NULL && params->server != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ms_session_check_async);
  /* the result carries the outcome, also a cancellation */
  g_task_set_check_cancellable (task, FALSE);

  s = g_new0 (Session, 1);
  s->server = ms_server_ref (params->server);
  ms_dialogue_init (&s->d, &session_dialogue_class, ms_server_get_protocol (params->server));
  s->security = ms_server_get_security (params->server);
  s->host = g_strdup (ms_server_get_host (params->server));
  s->port = ms_server_get_port (params->server);
  s->username = g_strdup (params->username != NULL ? params->username : "");
  s->password = g_strdup (params->password);
  s->skip_code = params->skip_code;
  s->skip_detail = g_strdup (params->skip_detail);
  s->allow_plaintext = params->allow_plaintext;
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
  s->result = g_new0 (MsCheckServerResult, 1);
  s->result->server = ms_server_ref (params->server);
  s->result->username = g_strdup (s->username);
  s->result->capabilities = g_new0 (char *, 1);
  s->result->auth_mechanisms = g_new0 (char *, 1);
  g_task_set_task_data (task, s, session_free);

  if (s->host == NULL || *s->host == '\0' || s->port == 0
      || (s->d.protocol != MS_PROTOCOL_IMAP && s->d.protocol != MS_PROTOCOL_POP3
          && s->d.protocol != MS_PROTOCOL_SMTP))
    {
      session_fail_code (task, MS_PROBLEM_PROTOCOL_ERROR, "incomplete server settings");
      return;
    }
  if (s->security == MS_SECURITY_NONE && !s->allow_plaintext)
    {
      /* not even a connection: nothing of this server's is needed to refuse it */
      session_fail_code (task, MS_PROBLEM_PLAINTEXT_REFUSED, NULL);
      return;
    }
  if (g_cancellable_is_cancelled (cancellable))
    {
      session_fail_code (task, MS_PROBLEM_CANCELLED, NULL);
      return;
    }

  report (s, MS_CHECK_STEP_CONNECTING);
  ms_dialogue_connect (task, s->host, s->port, s->security, s->trust, s->step_ms,
                       SESSION_MAX_TOTAL, on_connected);
}

MsCheckServerResult *
ms_session_check_finish (GAsyncResult *result)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ms_session_check_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), NULL);
}
