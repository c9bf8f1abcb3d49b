/* ms-session-private.h: what the session's driver and its three protocols share (private)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A session is one GTask whose data is a Session. ms-session.c drives it — connect,
 * greeting, capabilities, STARTTLS, at most one sign-in, goodbye, the result — and asks
 * the session's protocol (an MsSessionProtocol: ms-session-imap.c, ms-session-pop3.c,
 * ms-session-smtp.c) for everything that differs between IMAP, POP3 and SMTP: how a
 * reply ends, what the greeting and the STARTTLS answer say, how capabilities read and
 * how the one sign-in goes. Only these files include this header.
 */
#pragma once

#include <gio/gio.h>

#include "ms-dialogue.h"
#include "ms-reply.h"
#include "ms-session.h"

G_BEGIN_DECLS

typedef enum {
  MS_SESSION_AUTH_NONE,
  MS_SESSION_AUTH_IMAP_PLAIN,        /* AUTHENTICATE PLAIN, maybe waiting for "+" */
  MS_SESSION_AUTH_IMAP_LOGIN,        /* LOGIN, maybe with synchronising literals */
  MS_SESSION_AUTH_POP3_PLAIN,
  MS_SESSION_AUTH_POP3_LOGIN,
  MS_SESSION_AUTH_POP3_USER,
  MS_SESSION_AUTH_SMTP_PLAIN,
  MS_SESSION_AUTH_SMTP_LOGIN,
} MsSessionAuth;

typedef struct _MsSessionProtocol MsSessionProtocol;

typedef struct {
  MsDialogue d;                /* first: the protocol, the stream, the current reply; an
                                * IMAP reply ends at the tagged line or at a "+" */
  const MsSessionProtocol *proto;
  MsServer *server;
  MsSecurity security;
  char *host;
  guint16 port;
  char *username;
  char *password;              /* wiped on free; NULL: never sign in */
  MsProblemCode skip_code;
  char *skip_detail;
  gboolean allow_plaintext;
  gboolean accept_preauth;
  MsTlsTrust *trust;
  guint step_ms;
  char *provider_name;
  char *password_reset_url;
  char *enable_url;
  MsCheckProgressFunc progress;
  gpointer progress_data;

  gint64 start_us;
  gint64 deadline_us;          /* 0: none; else every step gets what is left */
  guint step_cap_ms;           /* 0, or a shorter wait for the next read (the greeting) */
  gint64 greeting_us;          /* when the wait for the greeting began */
  gboolean port_probed;        /* asked once which security the port speaks */
  GError *held;                /* the failure waiting for that answer */

  MsSmtpReply *smtp;           /* the current reply, when SMTP */

  GPtrArray *caps;
  GPtrArray *mechs;
  gboolean caps_in_greeting;   /* the greeting listed them (IMAP's [CAPABILITY …]): no
                                * CAPABILITY command for this TLS state */

  MsSessionAuth auth;
  guint auth_stage;
  GPtrArray *pending;          /* IMAP LOGIN: the lines still to send (secrets) */

  MsSessionOutcome *outcome;   /* outcome->result: what the check reports */
} Session;

/**
 * MsSessionProtocol:
 * @begin_reply: (nullable): a new reply begins
 * @judge_line: (nullable): judges a line of an IMAP or SMTP reply (see MsDialogueClass)
 * @greeting: judges the greeting in the dialogue's reply: TRUE to go on, FALSE after
 *   failing the task; it may fill caps and mechs from the greeting and set
 *   caps_in_greeting, which saves asking for them (a round trip)
 * @on_capabilities: the reply to CAPABILITY, CAPA or EHLO: fills caps and mechs (after
 *   ms_session_reset_capabilities()), then calls ms_session_capabilities_done()
 * @starttls_accepted: whether the reply to STARTTLS (STLS) says to go ahead
 * @login: the one sign-in, with the capabilities (read over TLS) and the password in
 *   place; ends in ms_session_login_accepted(), ms_session_login_refused() or a failure
 *
 * What differs between IMAP, POP3 and SMTP; one constant per protocol.
 */
struct _MsSessionProtocol {
  MsProtocol protocol;
  void     (*begin_reply)       (GTask      *task);
  gboolean (*judge_line)        (GTask      *task,
                                 const char *line,
                                 gboolean   *complete);
  gboolean (*greeting)          (GTask      *task);
  void     (*on_capabilities)   (GTask      *task);
  gboolean (*starttls_accepted) (Session    *s);
  void     (*login)             (GTask      *task);
};

extern const MsSessionProtocol ms_session_imap;
extern const MsSessionProtocol ms_session_pop3;
extern const MsSessionProtocol ms_session_smtp;

#define ms_session_get(task) ((Session *) g_task_get_task_data (task))

/* Wipes and frees every string of @array, then the array (nullable). */
void     ms_session_free_secrets        (GPtrArray     *array);

void     ms_session_report              (Session       *s,
                                         MsCheckStep    step);
/* Stops at once with @code (and @detail, nullable), without a goodbye. */
void     ms_session_fail_code           (GTask         *task,
                                         MsProblemCode  code,
                                         const char    *detail);
/* Stops at once with @error (taken), without a goodbye. */
void     ms_session_fail_error          (GTask         *task,
                                         GError        *error);
/* Records @code (and @detail, nullable), then says goodbye. */
void     ms_session_goodbye_with        (GTask         *task,
                                         MsProblemCode  code,
                                         const char    *detail);

void     ms_session_reset_capabilities  (Session       *s);
void     ms_session_capabilities_done   (GTask         *task);
/* a SASL mechanism offered (upper case) */
gboolean ms_session_has_mech            (Session       *s,
                                         const char    *mechanism);
/* a capability: an IMAP atom, or the keyword a POP3 CAPA or SMTP EHLO line starts with */
gboolean ms_session_has_capability      (Session       *s,
                                         const char    *word);

/* The server accepted the sign-in made with s->auth. */
void     ms_session_login_accepted      (GTask         *task);
/* The server refused: @code unless the server's words (trusted only over TLS) say that
 * access must be switched on first. */
void     ms_session_login_refused       (GTask         *task,
                                         MsProblemCode  code,
                                         const char    *server_text);
/* "VERB PLAIN response": a command with PLAIN's initial response (a secret: free it
 * with ms_sasl_secret_free()). */
char    *ms_session_plain_command       (Session       *s,
                                         const char    *verb);
/* Answers a challenge within a POP3 or SMTP AUTH exchange (@login and @plain are the
 * protocol's methods); anything unexpected cancels the exchange with "*". */
void     ms_session_answer_challenge    (GTask             *task,
                                         MsSessionAuth      login,
                                         MsSessionAuth      plain,
                                         MsDialogueReply    kind,
                                         MsDialogueHandler  handler);

G_END_DECLS
