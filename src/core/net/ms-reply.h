/* ms-reply.h: parsers for IMAP, POP3 and SMTP server replies (untrusted input)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pure functions over one line (or the lines of one SMTP reply) at a time, so the
 * sign-in dialogue (ms-session.c) stays a state machine and the fuzz targets in
 * tests/fuzz can reach every parser directly.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* --- IMAP (RFC 3501 / 9051 response lines) --- */

typedef enum {
  MS_IMAP_RESPONSE_INVALID,
  MS_IMAP_RESPONSE_UNTAGGED,      /* "* …" */
  MS_IMAP_RESPONSE_CONTINUATION,  /* "+ …" */
  MS_IMAP_RESPONSE_TAGGED,        /* "a1 …" */
} MsImapResponseKind;

typedef enum {
  MS_IMAP_STATUS_NONE,            /* untagged data such as "* CAPABILITY …", "* 3 EXISTS" */
  MS_IMAP_STATUS_OK,
  MS_IMAP_STATUS_NO,
  MS_IMAP_STATUS_BAD,
  MS_IMAP_STATUS_PREAUTH,
  MS_IMAP_STATUS_BYE,
} MsImapStatus;

/**
 * MsImapResponse:
 * @kind: what kind of line
 * @tag: (nullable): the tag of a tagged line
 * @status: the status word of a status response
 * @code: (nullable): the response code atom in upper case ("AUTHENTICATIONFAILED",
 *   "ALERT", "CAPABILITY"…)
 * @code_data: (nullable): what follows the atom inside the brackets
 * @text: (nullable): the human-readable text (after the code); untrusted
 * @name: (nullable): untagged data: the data name in upper case ("CAPABILITY", "EXISTS")
 * @data: (nullable): untagged data: what follows the name
 * @literal: the line ends by announcing a literal ("{12}"): more bytes follow that are
 *   not a line of their own
 */
typedef struct {
  MsImapResponseKind kind;
  char *tag;
  MsImapStatus status;
  char *code;
  char *code_data;
  char *text;
  char *name;
  char *data;
  gboolean literal;
} MsImapResponse;

/* Fills @response (cleared first); FALSE (kind INVALID) for a line that is not IMAP. */
gboolean ms_imap_response_parse      (const char     *line,
                                      MsImapResponse *response);
void     ms_imap_response_clear      (MsImapResponse *response);

/* Adds the atoms of a CAPABILITY list to @capabilities (as sent) and the AUTH=
 * mechanisms to @mechanisms (upper case, unique). Either array may be NULL. */
void     ms_imap_parse_capabilities  (const char     *atoms,
                                      GPtrArray      *capabilities,
                                      GPtrArray      *mechanisms);

/* --- POP3 (RFC 1939, 2449, 3206, 5034) --- */

typedef enum {
  MS_POP3_STATUS_INVALID,
  MS_POP3_STATUS_OK,              /* "+OK" */
  MS_POP3_STATUS_ERR,             /* "-ERR" */
  MS_POP3_STATUS_CONTINUE,        /* "+ " — a SASL challenge */
} MsPop3Status;

/* @code: (out) (optional) (nullable): the extended response code in upper case
 * ("AUTH", "SYS/TEMP", "IN-USE"); @text: (out) (optional): the text, pointing into @line */
MsPop3Status ms_pop3_parse_status    (const char     *line,
                                      char          **code,
                                      const char    **text);
/* One line of a CAPA reply (dot-unstuffed): added to @capabilities; "SASL" mechanisms
 * to @mechanisms (upper case, unique). Either array may be NULL. */
void     ms_pop3_parse_capa_line     (const char     *line,
                                      GPtrArray      *capabilities,
                                      GPtrArray      *mechanisms);

/* --- SMTP (RFC 5321 replies, RFC 3463 enhanced codes) --- */

typedef struct {
  guint      code;                    /* 0 until the first line */
  GPtrArray *lines;                   /* the text of each line, code and separator removed */
  gboolean   complete;
} MsSmtpReply;

MsSmtpReply *ms_smtp_reply_new       (void);
void     ms_smtp_reply_free          (MsSmtpReply    *reply);
/* Adds one line: 1 when the reply is complete, 0 when more lines follow, -1 when the
 * line is not part of an SMTP reply (no three-digit code, another code than the first
 * line's, a line after the last). */
int      ms_smtp_reply_add_line      (MsSmtpReply    *reply,
                                      const char     *line);
/* "5.7.8" from the start of the last line, or NULL */
char    *ms_smtp_reply_dup_enhanced_code (const MsSmtpReply *reply);
/* The EHLO keywords (every line but the first) into @capabilities, the AUTH mechanisms
 * (also the old "AUTH=" form) into @mechanisms (upper case, unique). NULL arrays ok. */
void     ms_smtp_parse_ehlo          (const MsSmtpReply *reply,
                                      GPtrArray      *capabilities,
                                      GPtrArray      *mechanisms);

/* Adds @value in upper case unless already present. */
void     ms_reply_add_unique_upper   (GPtrArray      *array,
                                      const char     *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsSmtpReply, ms_smtp_reply_free)

G_END_DECLS
