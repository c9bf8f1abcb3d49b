/* ms-dialogue.h: the command/reply dialogue of a session (private)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GTask walks a mail server's dialogue: send a command (IMAP commands get a fresh tag),
 * read the lines of its reply until the reply is complete, then call the handler of the
 * next step. The task's data starts with an MsDialogue; its class says how the owner
 * judges a line, fails, and times each step.
 */
#pragma once

#include <gio/gio.h>

#include "ms-mail-stream.h"
#include "ms-server.h"

G_BEGIN_DECLS

/* The most lines one reply may have (an EHLO or CAPA list, IMAP's untagged lines before
 * the tagged one): real servers send a dozen or two. More fail the reply with
 * MS_MAIL_STREAM_ERROR_TOO_MUCH_DATA — a server dribbling an endless reply, each line
 * within the step timeout, is stopped here. */
#define MS_DIALOGUE_MAX_REPLY_LINES 256

typedef enum {
  MS_DIALOGUE_REPLY_LINE,        /* one line: IMAP greeting, POP3 status */
  MS_DIALOGUE_REPLY_IMAP,        /* up to the line tagged with the current tag (judged) */
  MS_DIALOGUE_REPLY_POP3_MULTI,  /* +OK and lines up to ".", or a single -ERR */
  MS_DIALOGUE_REPLY_SMTP,        /* "ddd-" lines up to "ddd " (judged) */
} MsDialogueReply;

typedef void (*MsDialogueHandler) (GTask *task);

typedef struct {
  /* A new reply begins (optional). */
  void     (*begin_reply)  (GTask      *task);
  /* Judges @line of an IMAP or SMTP reply, just added to the reply: TRUE with @complete
   * set, or FALSE after failing the task. */
  gboolean (*judge_line)   (GTask      *task,
                            const char *line,
                            gboolean   *complete);
  /* Ends the task with @error (taken). */
  void     (*fail)         (GTask      *task,
                            GError     *error);
  /* The time allowed to the next step, 0 for none; FALSE after failing the task when no
   * time is left. */
  gboolean (*step_timeout) (GTask      *task,
                            guint      *timeout_ms);
} MsDialogueClass;

typedef struct {
  const MsDialogueClass *klass;
  MsProtocol protocol;
  MsMailStream *stream;

  MsDialogueReply reply_kind;
  MsDialogueHandler reply_handler;  /* also: the next step after a connect or TLS */
  gsize max_total;
  GPtrArray *reply;              /* lines of the current reply */
  GPtrArray *pipelined;          /* lines still to send before the reply (secrets) */
  char *tag;                     /* IMAP: the tag of the current command */
  guint tag_counter;
} MsDialogue;

/* The MsDialogue at the start of @task's data. */
#define ms_dialogue_get(task) ((MsDialogue *) g_task_get_task_data (task))

void        ms_dialogue_init          (MsDialogue            *self,
                                       const MsDialogueClass *klass,
                                       MsProtocol             protocol);
void        ms_dialogue_clear         (MsDialogue            *self);

/* Connects (with implicit TLS if @security says so), then calls @handler with the
 * stream in place, reading at most @max_total bytes in all. */
void        ms_dialogue_connect       (GTask                 *task,
                                       const char            *host,
                                       guint16                port,
                                       MsSecurity             security,
                                       MsTlsTrust            *trust,
                                       guint                  timeout_ms,
                                       gsize                  max_total,
                                       MsDialogueHandler      handler);
void        ms_dialogue_expect_reply  (GTask                 *task,
                                       MsDialogueReply        kind,
                                       MsDialogueHandler      handler);
void        ms_dialogue_expect_greeting (GTask               *task,
                                       MsDialogueHandler      handler);
void        ms_dialogue_send_line     (GTask                 *task,
                                       const char            *line,
                                       MsDialogueReply        kind,
                                       MsDialogueHandler      handler);
/* Sends @lines (taken; each may hold a secret) one after the other without waiting for
 * a reply — pipelined commands, or a command with non-synchronising literals — then
 * reads the reply to the first. */
void        ms_dialogue_send_lines    (GTask                 *task,
                                       GPtrArray             *lines,
                                       MsDialogueReply        kind,
                                       MsDialogueHandler      handler);
void        ms_dialogue_send_command  (GTask                 *task,
                                       const char            *command,
                                       MsDialogueReply        kind,
                                       MsDialogueHandler      handler);
const char *ms_dialogue_reply_last    (MsDialogue            *self);
char       *ms_dialogue_reply_join    (MsDialogue            *self,
                                       const char            *separator);

/* CAPABILITY, CAPA or EHLO, then @handler with the reply. */
void        ms_dialogue_ask_capabilities (GTask              *task,
                                       MsDialogueHandler      handler);
/* The capability that offers STARTTLS: STLS for POP3, else STARTTLS. */
const char *ms_dialogue_starttls_capability (MsProtocol      protocol);
/* STARTTLS (STLS for POP3). */
void        ms_dialogue_send_starttls (GTask                 *task,
                                       MsDialogueHandler      handler);
/* Upgrades the connection to TLS after the server's go-ahead to STARTTLS, then calls
 * @handler; everything learned before is the caller's to forget. */
void        ms_dialogue_upgrade_tls   (GTask                 *task,
                                       MsDialogueHandler      handler);
/* "aN LOGOUT" for IMAP, else "QUIT". */
char       *ms_dialogue_goodbye_line  (MsDialogue            *self);

G_END_DECLS
